"""Keep freed array memory in the process instead of handing it back to the OS each step.

NOTE [Allocator]
A training step allocates and frees the same few-hundred-kilobyte arrays again and again.
glibc's malloc serves blocks that large with ``mmap`` and returns them (or trims its heap)
on ``free``, so every step touches fresh pages: on virtual machines a page fault costs
microseconds, and a small CNN step spent a third of its time faulting pages in. Raising
``M_MMAP_THRESHOLD`` (blocks below 64 MiB come from the heap) and ``M_TRIM_THRESHOLD`` (keep
up to 256 MiB of free heap) lets freed memory be reused. The cost: up to that much freed
memory stays mapped to the process.

Nothing is changed when the platform is not glibc, when the user configured malloc through
its ``MALLOC_*`` environment variables, or when ``RUNGRAD_SYSTEM_MALLOC=1`` is set.
"""

from __future__ import annotations

import os
import sys

__all__ = ["keep_freed_memory"]

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 64 << 20
_TRIM_THRESHOLD = 256 << 20


def keep_freed_memory() -> bool:
    """Tune glibc's malloc as described above; returns whether it was changed."""
    if not sys.platform.startswith("linux") or os.environ.get("RUNGRAD_SYSTEM_MALLOC") == "1":
        return False
    if any(name.startswith("MALLOC_") for name in os.environ):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        if not hasattr(libc, "gnu_get_libc_version"):
            return False  # another C library (musl): leave it alone
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD) and mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    )
