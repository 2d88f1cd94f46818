"""``rungrad.utils``: helpers around training (``checkpoint``, ``data``)."""

from . import checkpoint, data

__all__ = ["checkpoint", "data"]
