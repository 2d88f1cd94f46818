"""``rungrad.backends.mkldnn``: oneDNN, which rungrad does not use."""

from __future__ import annotations

enabled = True


def is_available() -> bool:
    return False
