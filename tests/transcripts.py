"""Transcripts: a program run on rungrad and on PyTorch, everything it emits (values,
errors, warnings) compared as text with the library's name and addresses normalised."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import torch

import rungrad

Program = Callable[[Any, Callable[..., None]], None]


def _normalise(text: str) -> str:
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", text.replace("rungrad", "torch"))


def transcript(program: Callable[[Any, Callable[..., None]], None], library: Any) -> str:
    lines: list[str] = []

    def emit(*values: Any) -> None:
        lines.append(" ".join(str(value) for value in values))

    def attempt(function: Callable[[], Any]) -> None:
        """``emit(function())``, or the error it raises (type and first line)."""
        try:
            emit(function())
        except Exception as error:
            emit(f"{type(error).__name__}: {str(error).splitlines()[0]}")

    emit.attempt = attempt  # type: ignore[attr-defined]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            program(library, emit)
        except Exception as error:
            lines.append(f"raised {type(error).__name__}: {(str(error).splitlines() or [''])[0]}")
        lines.extend(
            f"{m.category.__name__}: {m.message}" for m in caught if not _internal(m.message)
        )
    return _normalise("\n".join(lines))


def _internal(message: Any) -> bool:
    """PyTorch's own warnings about how it implements a transform: the deprecation of
    torch.jit.script (make_dual, each call) and torch.fx's on the graph linearize traces."""
    text = str(message)
    return text.startswith("`torch.jit.script` is deprecated") or text.startswith(
        "Attempted to insert a get_attr Node with no underlying reference"
    )


def same(program: Callable[[Any, Callable[..., None]], None]) -> str:
    expected = transcript(program, torch)
    assert transcript(program, rungrad) == expected
    return expected
