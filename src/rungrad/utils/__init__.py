"""``rungrad.utils``: helpers around training (``checkpoint``; ``data`` arrives with nn)."""

from . import checkpoint

__all__ = ["checkpoint"]
