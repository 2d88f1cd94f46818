"""Fused multiply-adds as PyTorch's CPU kernels round them.

PyTorch's kernels for ``add``/``sub`` with ``alpha``, ``addcmul`` and ``lerp`` compute
``a * b + c`` with one rounding (a fused multiply-add), in the tensor's own precision; NumPy
has no fused multiply-add, and rounding the product first leaves the result an ulp off in a
few percent of elements — enough for a loss printed with ``.item()`` to drift within a few
optimizer steps.

- float32: the product of two float32 numbers is exact in float64, so ``a * b + c`` in
  float64 rounded to float32 is the fused result (but for the rare double rounding of a sum
  that falls on a float32 tie).
- float64: error-free transformations — the product split into its rounded value and its
  exact error (Dekker's product, with Veltkamp's split), the sum with ``c`` likewise
  (Knuth's two-sum) — and the two errors added back last. This is the correctly rounded
  fused result except when the errors' own sum rounds across a tie, which random tests
  against PyTorch never met.
- other dtypes: ``a * b + c`` as NumPy computes it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._quiet import quiet_numpy, restore_numpy

_SPLITTER = 134217729.0  # 2**27 + 1: splits a float64 into two halves of 26 bits


def _two_product(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(p, e)`` with ``p = fl(a * b)`` and ``a * b = p + e`` exactly (no overflow)."""
    product = a * b
    scaled = _SPLITTER * a
    a_high = scaled - (scaled - a)
    a_low = a - a_high
    scaled = _SPLITTER * b
    b_high = scaled - (scaled - b)
    b_low = b - b_high
    error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    return product, error


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(s, e)`` with ``s = fl(a + b)`` and ``a + b = s + e`` exactly."""
    total = a + b
    b_part = total - a
    return total, (a - (total - b_part)) + (b - b_part)


def _fma64(a: Any, b: Any, c: Any) -> np.ndarray:
    token = quiet_numpy()  # the split of a huge factor overflows on the way: no warning
    try:
        return _fma64_quietly(*(np.asarray(x, dtype=np.float64) for x in (a, b, c)))
    finally:
        restore_numpy(token)


def _fma64_quietly(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    product, product_error = _two_product(a, b)
    total, sum_error = _two_sum(product, c)
    correction = sum_error + product_error
    # No correction: the sum as it stands (adding a +0.0 correction would turn -0.0 into 0.0).
    result = np.where(correction == 0, total, total + correction)
    finite = np.isfinite(result)
    if finite.all():
        return result
    # Infinities and NaNs (and products that overflow) make the corrections NaN: there the
    # plain expression is the fused one, but for an infinite c and finite factors, whose
    # exact product (even past the float64 range) leaves c.
    plain = np.where(np.isinf(c) & np.isfinite(a) & np.isfinite(b), c, a * b + c)
    return np.where(finite, result, plain)


def fused_multiply_add(a: Any, b: Any, c: Any, dtype: Any) -> Any:
    """``a * b + c`` rounded once, as an array of ``dtype`` (arrays or numbers already in
    ``dtype``; other dtypes than float32/float64 round as NumPy does)."""
    dtype = np.dtype(dtype)
    if dtype == np.float32:
        return (np.multiply(a, b, dtype=np.float64) + c).astype(np.float32)
    if dtype == np.float64:
        return _fma64(a, b, c)
    return np.asarray(a * b + c).astype(dtype, copy=False)
