"""Layer norm's per-row mean and variance, rounded as PyTorch's CPU kernel rounds them.

NOTE [Layer norm's moments]
PyTorch's CPU layer norm computes each row's mean and (biased) variance with a vectorised
Welford scheme; measured against it on float32 rows of 3 to 4100 elements, this
reproduces its mean and reciprocal deviation (but for the odd long row off by an ulp):

- The row's full vectors (8 float32 or 4 float64 lanes) are taken in chunks of 16
  vectors. Within a chunk each lane runs Welford's update from zero, the j-th vector
  (from 0) adding ``delta = x - m1``, ``m1 = fma(delta, 1/(j+1), m1)``,
  ``m2 = fma(delta, x - m1, m2)``.
- Chunks are merged through a binary-counter stack of partial moments (chunk i goes into
  level 0; while the counter i + 1 has trailing zero bits, level j - 1 merges into level
  j and is cleared), then levels 1.. merge into level 0. A merge of (n_a, m1_a, m2_a) into
  (n, m1, m2) takes ``c = n_a / (n + n_a)``, ``d = m1_a - m1``, ``m1 = m1 + d * c`` and
  ``m2 = (m2 + m2_a) + d * d * c * n`` (each operation rounded).
- The elements after the last full vector run a scalar Welford update (``m1 += d / k``,
  ``m2 += d * (x - m1)``, rounded), and the lanes merge into it one by one as
  ``m1 = fma(c, d, m1)``, ``m2 = m2 + fma(d * d * c, n, m2_a)``.
- The variance is ``m2 / N``.
"""

from __future__ import annotations

import math

import numpy as np

from ._fused import fused_multiply_add as _fma

_CHUNK = 16


def _merge_terms(source: tuple, target: tuple) -> tuple:
    """What both merges share: the merged count, the source's share of it (in the dtype)
    and the difference of the means."""
    count_a, mean_a, _ = source
    count, mean, _ = target
    total = count + count_a
    dtype = mean.dtype
    share = dtype.type(0) if total == 0 else dtype.type(dtype.type(count_a) / dtype.type(total))
    return total, share, mean_a - mean


def _merge_vectors(source: tuple, target: tuple) -> tuple:
    total, share, delta = _merge_terms(source, target)
    count, mean, m2 = target
    mean = mean + delta * share
    m2 = (m2 + source[2]) + delta * delta * share * mean.dtype.type(count)
    return total, mean, m2


def _merge_scalars(source: tuple, target: tuple) -> tuple:
    total, share, delta = _merge_terms(source, target)
    count, mean, m2 = target
    dtype = mean.dtype
    mean = _fma(share, delta, mean, dtype)
    m2 = m2 + _fma(delta * delta * share, dtype.type(count), source[2], dtype)
    return total, mean, m2


def rowwise_moments(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, biased variance) of each row of a C-contiguous float32/float64 ``table``."""
    dtype = table.dtype
    rows, length = table.shape
    lanes = 32 // dtype.itemsize
    vectors = length // lanes
    chunks = -(-vectors // _CHUNK)
    depth = math.ceil(math.log2(chunks)) if chunks > 1 else 0

    def empty() -> tuple:
        return 0, np.zeros((rows, lanes), dtype), np.zeros((rows, lanes), dtype)

    stack = [empty() for _ in range(max(depth, 1))]
    by_vector = table[:, : vectors * lanes].reshape(rows, vectors, lanes)
    for chunk in range(chunks):
        start = chunk * _CHUNK
        size = min(_CHUNK, vectors - start)
        mean = np.zeros((rows, lanes), dtype)
        m2 = np.zeros((rows, lanes), dtype)
        for step in range(size):
            values = by_vector[:, start + step]
            delta = values - mean
            mean = _fma(delta, dtype.type(1) / dtype.type(step + 1), mean, dtype)
            m2 = _fma(delta, values - mean, m2, dtype)
        stack[0] = _merge_vectors((size, mean, m2), stack[0])
        counter, level = chunk + 1, 1
        while level < depth and counter & 1 == 0:
            stack[level] = _merge_vectors(stack[level - 1], stack[level])
            stack[level - 1] = empty()
            counter >>= 1
            level += 1
    for level in range(1, depth):
        stack[0] = _merge_vectors(stack[level], stack[0])
    count, mean_row, m2_row = 0, np.zeros(rows, dtype), np.zeros(rows, dtype)
    for column in range(vectors * lanes, length):
        values = table[:, column]
        delta = values - mean_row
        count += 1
        mean_row = mean_row + delta / dtype.type(count)
        m2_row = m2_row + delta * (values - mean_row)
    moments = (count, mean_row, m2_row)
    _, lane_means, lane_m2s = stack[0]
    for lane in range(lanes):
        moments = _merge_scalars((vectors, lane_means[:, lane], lane_m2s[:, lane]), moments)
    _, mean_row, m2_row = moments
    return mean_row, (m2_row / dtype.type(length)).astype(dtype, copy=False)
