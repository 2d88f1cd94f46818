"""``python -m rungrad run --graph OUT.svg``: draw the graphs a script calls backward() on.

The recorder wraps ``autograd.backward`` for the duration of the script. For the last graph
it keeps only the latest tensors (so a training loop keeps at most one extra graph alive);
with ``every`` it builds each graph's DOT source at the call and keeps just that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import autograd

__all__ = ["BackwardRecorder"]


class BackwardRecorder:
    """Records the DOT source of each graph passed to ``backward``; writes them at the end."""

    def __init__(self, target: Path, every: bool = False) -> None:
        self.target = target
        self.every = every
        self.sources: list[Any] = []
        self._original: Any = None

    def install(self) -> None:
        self._original = autograd.backward
        original = self._original

        def recording_backward(tensors: Any, *args: Any, **kwargs: Any) -> Any:
            self._record(tensors)
            return original(tensors, *args, **kwargs)

        autograd.backward = recording_backward  # Tensor.backward looks it up at call time

    def uninstall(self) -> None:
        if self._original is not None:
            autograd.backward = self._original
            self._original = None

    def _record(self, tensors: Any) -> None:
        from .viz import make_dot

        if self.every:
            self.sources.append(make_dot(tensors))
        else:
            self.sources = [tensors]

    def finish(self) -> list[Path]:
        """Render what was recorded; returns the files written."""
        from .viz import make_dot

        if not self.sources:
            return []
        if not self.every:
            return [self._write(make_dot(self.sources[0]), self.target)]
        stem, suffix = self.target.stem, self.target.suffix
        return [
            self._write(graph, self.target.with_name(f"{stem}-{index}{suffix}"))
            for index, graph in enumerate(self.sources, start=1)
        ]

    @staticmethod
    def _write(graph: Any, path: Path) -> Path:
        form = path.suffix.lstrip(".") or "svg"
        if form in ("dot", "gv"):
            path.write_text(graph.source)
            return path
        path.write_bytes(graph.pipe(format=form))
        return path
