"""``rungrad.backends.mps``: Apple's Metal backend, not built into rungrad."""

from __future__ import annotations


def is_available() -> bool:
    return False


def is_built() -> bool:
    return False
