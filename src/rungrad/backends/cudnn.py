"""``rungrad.backends.cudnn``: cuDNN's switches (PyTorch's defaults) and its absence."""

from __future__ import annotations

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available() -> bool:
    return False


def version() -> None:
    """cuDNN's version: None, it is not there."""
    return None
