"""The state of forward-mode AD, read on the hot path (kept apart from ``forward_ad`` so that
the op registry can import it without importing the autograd package)."""

from __future__ import annotations

import weakref
from typing import Any


class _DualState:
    """``level``: the open dual level (0) or None. ``active``: tangents are propagated now
    (a level is open and no tangent is being computed); the one flag every op call reads."""

    __slots__ = ("active", "duals", "level", "prune_at")

    def __init__(self) -> None:
        self.level: int | None = None
        self.active = False
        # The tensors given a tangent at the open level, forgotten when it closes; the dead
        # references are dropped when the list doubles (a long level makes many tangents).
        self.duals: list[weakref.ref[Any]] = []
        self.prune_at = 1024


DUAL = _DualState()
