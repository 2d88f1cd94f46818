"""The cyclic garbage collector paused for a block of code (``import rungrad`` and tests)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused(promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; it resumes (if it was running)
    however the block ends.

    ``import rungrad`` runs its imports this way: they make some 35 000 objects, none of
    them garbage, which would set off collections that walk them all, over and over.

    With ``promote``, every object the collector tracks is then moved to its oldest
    generation, where a full collection finds it as before. Objects that live as long as the
    process would otherwise be walked by a young collection and a middle one on their way
    there: two passes, a quarter of the import's time, that can free nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # freeze() then unfreeze() is the documented way to move objects to the oldest
        # generation; skipped when the program has frozen objects of its own, which
        # unfreeze() would release.
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()
