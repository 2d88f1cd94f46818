"""Vector norms of float32/float64 tensors summed in the order PyTorch's CPU kernels use.

NOTE [PyTorch's norm order]
A norm printed with ``.item()`` (``clip_grad_norm_``'s return value, ``x.norm()``) shows
every digit, and NumPy's pairwise sum rounds differently from the first ulp. PyTorch's CPU
kernels, measured against it:

- The 2-norm over a contiguous last dimension (which includes a full reduction of a
  contiguous tensor, and trailing dims that coalesce into one): per row, one vector of
  accumulators (8 lanes for float32, 4 for float64) adds the squares of each full vector of
  elements, a multiplication and an addition each rounded; the lanes are then added in
  order; float32 then adds a block of 4 remaining squares one by one if there is one; each
  remaining element is added as a fused multiply-add ``fma(x, x, sum)``; then ``sqrt``.
- Every other reduction (the 2-norm over other dims, the 1-norm, other finite p): per
  output, the elements in memory order added one after another in the tensor's dtype
  (``sum + |x|**p``, for p = 2 ``sum + x * x``, each rounded), then the p-th root. A
  single output of at least 32768 elements is split among the threads as PyTorch's
  ``parallel_for`` splits it, the partial sums added in thread order.
- A norm of one element is its magnitude, whatever p.

Only C-contiguous real float32/float64 inputs take this path; others keep NumPy's order.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._fused import fused_multiply_add

_GRAIN_SIZE = 32768  # PyTorch's at::internal::GRAIN_SIZE: below it a reduction is serial


def ordered_norm(x: np.ndarray, ord: float, dims: tuple[int, ...] | None, keepdim: bool) -> Any:
    """The ``ord``-norm of ``x`` over ``dims`` (None: all) in PyTorch's order, or None when
    this input is not one whose order is modelled here."""
    if (
        x.dtype not in (np.float32, np.float64)
        or not x.flags.c_contiguous
        or x.size == 0
        or ord in (0, math.inf, -math.inf)
    ):
        return None
    ndim = x.ndim
    if ndim == 0 or dims is None:
        reduced = tuple(range(ndim))
    else:
        reduced = tuple(sorted(d % ndim for d in dims))
    kept = tuple(d for d in range(ndim) if d not in reduced)
    # The reduced dims moved last (kept dims first, each group in order): C order within a
    # row is memory order, as PyTorch's iterator walks a contiguous tensor.
    moved = np.transpose(x, kept + reduced) if ndim else x.reshape(1)
    rows = math.prod(x.shape[d] for d in kept)
    length = math.prod(x.shape[d] for d in reduced) if ndim else 1
    table = np.ascontiguousarray(moved).reshape(rows, length)
    trailing = reduced == tuple(range(ndim - len(reduced), ndim))
    if length == 1:  # nothing to add: PyTorch's norm of one element is its magnitude
        total = np.abs(table[:, 0])
    elif ord == 2 and trailing:
        total = np.sqrt(_squares_by_lanes(table))
    else:
        total = _serial_sums(table, ord)
        total = np.sqrt(total) if ord == 2 else _root(total, ord)
    shape = tuple(1 if d in reduced else x.shape[d] for d in range(ndim)) if keepdim else None
    result = total.reshape(shape if keepdim else tuple(x.shape[d] for d in kept))
    return result.astype(x.dtype, copy=False)


def _squares_by_lanes(table: np.ndarray) -> np.ndarray:
    """Sum of squares of each row: vector lanes, then the lanes in order, then the rest."""
    dtype = table.dtype
    lanes = 8 if dtype == np.float32 else 4
    rows, length = table.shape
    body = length - length % lanes
    squares = table * table
    if body:
        by_lane = squares[:, :body].reshape(rows, body // lanes, lanes)
        accumulators = np.add.accumulate(by_lane, axis=1)[:, -1, :]  # serial within a lane
        total = accumulators[:, 0].copy()
        for lane in range(1, lanes):
            total += accumulators[:, lane]
    else:
        total = np.zeros(rows, dtype)
    index = body
    if dtype == np.float32 and length - index >= 4:
        for offset in range(4):
            total += squares[:, index + offset]
        index += 4
    for column in range(index, length):
        values = table[:, column]
        total = np.asarray(fused_multiply_add(values, values, total, dtype))
    return total


def _serial_sums(table: np.ndarray, ord: float) -> np.ndarray:
    """Each row's ``|x|**ord`` added one after another (split among threads when long)."""
    from .._runtime import get_num_threads

    magnitude = np.abs(table)
    terms = magnitude if ord == 1 else magnitude * magnitude if ord == 2 else magnitude**ord
    rows, length = terms.shape
    threads = min(get_num_threads(), -(-length // _GRAIN_SIZE)) if rows == 1 else 1
    if threads <= 1:
        return np.add.accumulate(terms, axis=1)[:, -1]
    chunk = -(-length // threads)
    total = np.zeros(1, terms.dtype)
    for start in range(0, length, chunk):
        total = total + np.add.accumulate(terms[:, start : start + chunk], axis=1)[:, -1]
    return total


def _root(total: np.ndarray, ord: float) -> np.ndarray:
    exponent = np.asarray(1.0, total.dtype) / np.asarray(ord, total.dtype)
    return total if ord == 1 else total**exponent
