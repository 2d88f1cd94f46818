"""The collector pause that ``import rungrad`` runs its imports under (_collector.py)."""

import gc
import weakref

import pytest

from rungrad._collector import collection_paused


class Node:
    """A tracked object that can sit in a reference cycle."""

    def __init__(self):
        self.other = None


def _in_generation(obj, generation):
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.fixture(autouse=True)
def _collector_running():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_paused_inside_and_resumes_after():
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_resumes_when_the_block_raises():
    with pytest.raises(ValueError), collection_paused(promote=True):
        raise ValueError
    assert gc.isenabled()


def test_a_paused_collector_stays_paused():
    gc.disable()
    with collection_paused(promote=True):
        pass
    assert not gc.isenabled()


def test_promote_moves_what_the_block_made_to_the_oldest_generation():
    with collection_paused(promote=True):
        made = Node()
        assert _in_generation(made, 0)
    assert _in_generation(made, 2)
    assert not _in_generation(made, 0) and not _in_generation(made, 1)


def test_without_promote_new_objects_stay_young():
    with collection_paused():
        made = Node()
    assert _in_generation(made, 0)


def test_promoted_garbage_is_still_freed_by_a_full_collection():
    with collection_paused(promote=True):
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = Node()
    freed = weakref.ref(a)
    del a, b
    assert freed() is not None  # held by its cycle until the collector runs
    gc.collect()
    assert freed() is None
    assert _in_generation(alive, 2)


def test_promote_leaves_a_programs_frozen_objects_frozen():
    kept = Node()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collection_paused(promote=True):
            Node()
        assert gc.get_freeze_count() == frozen
        assert not any(o is kept for g in range(3) for o in gc.get_objects(generation=g))
    finally:
        gc.unfreeze()
