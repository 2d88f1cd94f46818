"""``rungrad.utils``: helpers around training (``checkpoint``, ``data``, ``hooks``)."""

from . import checkpoint, data, hooks

__all__ = ["checkpoint", "data", "hooks"]
