"""Which of several equal elements PyTorch's CPU sorting and selection kernels return.

Sorting and selecting by value leave the order of equal elements to the algorithm:
``sort(stable=False)`` is an introsort, ``topk`` a partial sort or an introselect followed
by a sort, ``kthvalue`` a median-of-three quickselect, ``mode`` an introsort followed by a
scan. The values never depend on it, but the indices do, and so does which element receives
the gradient. The functions here replay those well-known algorithms step by step on one
slice, so that rungrad returns the same index as PyTorch; the ops call them only for the
slices where ties make a difference (see NOTE [Tie order] in docs/design.md).

Each function takes ``keys``, a list of numbers compared with ``<`` only (the caller maps
values to keys: ranks with NaN the largest, negated for a descending order), and works on
positions ``0 .. len(keys) - 1``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["introsort", "quickselect", "sort_run_ends", "top_k"]

_THRESHOLD = 16  # introsort leaves segments this small to a final insertion sort


def _depth_limit(size: int) -> int:
    return 2 * (size.bit_length() - 1)


# -- the pieces of an introsort, on a list ``order`` of positions into ``keys`` -----------------
def _insertion_sort(order: list[int], keys: Sequence[float], first: int, last: int) -> None:
    for i in range(first + 1, last):
        item = order[i]
        key = keys[item]
        if key < keys[order[first]]:
            order[first + 1 : i + 1] = order[first:i]
            order[first] = item
        else:
            j = i
            while key < keys[order[j - 1]]:
                order[j] = order[j - 1]
                j -= 1
            order[j] = item


def _unguarded_insertion_sort(
    order: list[int], keys: Sequence[float], first: int, last: int
) -> None:
    for i in range(first, last):
        item = order[i]
        key = keys[item]
        j = i
        while key < keys[order[j - 1]]:
            order[j] = order[j - 1]
            j -= 1
        order[j] = item


def _move_median_to_first(
    order: list[int], keys: Sequence[float], result: int, a: int, b: int, c: int
) -> None:
    key_a, key_b, key_c = keys[order[a]], keys[order[b]], keys[order[c]]
    if key_a < key_b:
        if key_b < key_c:
            chosen = b
        elif key_a < key_c:
            chosen = c
        else:
            chosen = a
    elif key_a < key_c:
        chosen = a
    elif key_b < key_c:
        chosen = c
    else:
        chosen = b
    order[result], order[chosen] = order[chosen], order[result]


def _partition_pivot(order: list[int], keys: Sequence[float], first: int, last: int) -> int:
    """Median-of-three pivot moved to ``first``, then an unguarded Hoare partition."""
    _move_median_to_first(order, keys, first, first + 1, first + (last - first) // 2, last - 1)
    pivot = keys[order[first]]
    low, high = first + 1, last
    while True:
        while keys[order[low]] < pivot:
            low += 1
        high -= 1
        while pivot < keys[order[high]]:
            high -= 1
        if not low < high:
            return low
        order[low], order[high] = order[high], order[low]
        low += 1


def _adjust_heap(
    order: list[int], keys: Sequence[float], first: int, hole: int, length: int, item: int
) -> None:
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if keys[order[first + child]] < keys[order[first + child - 1]]:
            child -= 1
        order[first + hole] = order[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        order[first + hole] = order[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    key = keys[item]
    while hole > top and keys[order[first + parent]] < key:
        order[first + hole] = order[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    order[first + hole] = item


def _make_heap(order: list[int], keys: Sequence[float], first: int, last: int) -> None:
    length = last - first
    for parent in range((length - 2) // 2, -1, -1):
        _adjust_heap(order, keys, first, parent, length, order[first + parent])


def _pop_heap(order: list[int], keys: Sequence[float], first: int, last: int, result: int) -> None:
    item = order[result]
    order[result] = order[first]
    _adjust_heap(order, keys, first, 0, last - first, item)


def _heap_select(order: list[int], keys: Sequence[float], first: int, middle: int,
                 last: int) -> None:  # fmt: skip
    _make_heap(order, keys, first, middle)
    for i in range(middle, last):
        if keys[order[i]] < keys[order[first]]:
            _pop_heap(order, keys, first, middle, i)


def _partial_sort(order: list[int], keys: Sequence[float], first: int, middle: int,
                  last: int) -> None:  # fmt: skip
    _heap_select(order, keys, first, middle, last)
    while middle - first > 1:
        middle -= 1
        _pop_heap(order, keys, first, middle, middle)


def _introsort_loop(order: list[int], keys: Sequence[float], first: int, last: int,
                    depth: int) -> None:  # fmt: skip
    while last - first > _THRESHOLD:
        if depth == 0:
            _partial_sort(order, keys, first, last, last)
            return
        depth -= 1
        cut = _partition_pivot(order, keys, first, last)
        _introsort_loop(order, keys, cut, last, depth)
        last = cut


def _sort_range(order: list[int], keys: Sequence[float], first: int, last: int) -> None:
    if last - first < 2:
        return
    _introsort_loop(order, keys, first, last, _depth_limit(last - first))
    if last - first > _THRESHOLD:
        _insertion_sort(order, keys, first, first + _THRESHOLD)
        _unguarded_insertion_sort(order, keys, first + _THRESHOLD, last)
    else:
        _insertion_sort(order, keys, first, last)


def _introselect(order: list[int], keys: Sequence[float], nth: int) -> None:
    first, last = 0, len(order)
    depth = _depth_limit(last)
    while last - first > 3:
        if depth == 0:
            _heap_select(order, keys, first, nth + 1, last)
            order[first], order[nth] = order[nth], order[first]
            return
        depth -= 1
        cut = _partition_pivot(order, keys, first, last)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(order, keys, first, last)


# -- what the ops use ----------------------------------------------------------------------
def introsort(keys: Sequence[float]) -> list[int]:
    """The positions in the order an (unstable) introsort of ``keys`` leaves them."""
    order = list(range(len(keys)))
    _sort_range(order, keys, 0, len(order))
    return order


def top_k(keys: Sequence[float], k: int, sorted: bool) -> list[int]:
    """The positions of the ``k`` smallest keys, in the order PyTorch's topk returns them:
    a partial sort when k is small against the slice, else a selection of the k-th
    followed (when ``sorted``) by a sort of the ones before it."""
    size = len(keys)
    order = list(range(size))
    if k * 64 <= size:
        _partial_sort(order, keys, 0, k, size)
    elif k > 0:
        _introselect(order, keys, k - 1)
        if sorted:
            _sort_range(order, keys, 0, k - 1)
    return order[:k]


def quickselect(keys: Sequence[float], k: int) -> int:
    """The position that a median-of-three quickselect brings to place ``k`` (0-based)."""
    order = list(range(len(keys)))
    left, right = 0, len(order) - 1
    while right > left:
        if right == left + 1:
            if keys[order[right]] < keys[order[left]]:
                order[left], order[right] = order[right], order[left]
            break
        middle = left + (right - left) // 2
        order[middle], order[left + 1] = order[left + 1], order[middle]
        if keys[order[right]] < keys[order[left + 1]]:
            order[left + 1], order[right] = order[right], order[left + 1]
        if keys[order[right]] < keys[order[left]]:
            order[left], order[right] = order[right], order[left]
        if keys[order[left]] < keys[order[left + 1]]:
            order[left + 1], order[left] = order[left], order[left + 1]
        low, high = left + 1, right
        pivot = keys[order[left]]
        while True:
            low += 1
            while keys[order[low]] < pivot:
                low += 1
            high -= 1
            while pivot < keys[order[high]]:
                high -= 1
            if high < low:
                break
            order[low], order[high] = order[high], order[low]
        order[left], order[high] = order[high], order[left]
        if high <= k:
            left = low
        if high >= k:
            right = high - 1
    return order[k]


def sort_run_ends(keys: Sequence[float]) -> tuple[int, int]:
    """``mode``: after an introsort of ``keys``, scan the runs of equal keys; return the
    (key position, count) of the last element of the first longest run. Equality is
    ``not a < b and not b < a``'s stand-in ``a == b``, as the kernel scans with ``!=``."""
    order = introsort(keys)
    best, best_count, count = order[-1], 0, 0
    for i, position in enumerate(order):
        count += 1
        if i == len(order) - 1 or keys[position] != keys[order[i + 1]]:
            if count > best_count:
                best, best_count = position, count
            count = 0
    return best, best_count
