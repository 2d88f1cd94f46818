"""The cyclic garbage collector paused for a block of code (``import rungrad`` and tests)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; it resumes (if it was running)
    however the block ends.

    ``import rungrad`` runs its imports this way: they make some 35 000 objects, none of
    them garbage, which would set off full collections that walk every object the process
    holds (two of them, a tenth of the import's time; one remains when the import ends).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
