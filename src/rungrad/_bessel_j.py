"""The Bessel functions of the first and second kinds of orders 0 and 1 (bessel_j0,
bessel_j1, bessel_y0, bessel_y1) on arrays, in float64, to a few units of 1e-16 (absolute
below |x| = 25, relative to the envelope sqrt(2 / (pi x)) above).

* |x| < 1: the power series, whose terms fall fast and do not cancel.
* Y0 and Y1 (x > 0) below 25: Neumann's series (Abramowitz and Stegun 9.1.88-89) in the J's
  of the same recurrence, with their leading terms below x = 1/100.
* 1 <= |x| < 25: Miller's backward recurrence J(k-1) = (2k / x) J(k) - J(k+1) from far
  above the order, normalized by J0 + 2 (J2 + J4 + ...) = 1. Backward, the recurrence is
  stable (the minimal solution dominates), so the error stays at a few ulps of 1.
* |x| >= 25: Hankel's asymptotic expansion, J(x) = sqrt(2 / (pi x)) (P cos w - Q sin w)
  with w = x - (2n + 1) pi / 4, rounded as in PyTorch's (Cephes') kernel: far out, where
  that rounding decides the value's every digit, the two still agree.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["j0", "j1", "y0", "y1"]

_MILLER_START = 70  # an even order well above x + 3 sqrt(x) for every x < 25
_SERIES_BELOW = 1.0
_ASYMPTOTIC_FROM = 25.0
_EULER_GAMMA = 0.5772156649015329


def _series(x: np.ndarray, order: int) -> np.ndarray:
    """sum over k of (-x^2 / 4)^k / (k! (k + n)!) * (x / 2)^n."""
    quarter = -0.25 * x * x
    term = np.ones_like(x) if order == 0 else 0.5 * x
    total = term.copy()
    for k in range(1, 20):
        term = term * quarter / (k * (k + order))
        total += term
    return total


def _miller(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(J0, J1, sum_k>=1 (-1)^k J2k / k, sum_k>=1 (-1)^k (2k+1) J2k+1 / (k (k+1))) at x > 0
    (x < 25), by the normalized backward recurrence; the sums give Y0 and Y1 (Neumann)."""
    upper = np.zeros_like(x)  # J(k + 1), unnormalized
    current = np.full_like(x, 1e-30)  # J(k)
    norm = np.zeros_like(x)
    j1 = np.zeros_like(x)
    even_sum = np.zeros_like(x)
    odd_sum = np.zeros_like(x)
    for k in range(_MILLER_START, 0, -1):
        lower = (2.0 * k / x) * current - upper
        upper, current = current, lower  # now current is J(k - 1)
        order = k - 1
        if order == 1:
            j1 = current.copy()
        if order % 2 == 0 and order > 0:
            norm += 2.0 * current
            half = order // 2
            even_sum += (-1) ** half * current / half
        elif order % 2 == 1 and order > 1:
            half = order // 2
            odd_sum += (-1) ** half * (2 * half + 1) / (half * (half + 1)) * current
        # Keep the values in range: they grow like (2k / x)^k on the way down.
        big = np.abs(current) > 1e250
        if big.any():
            scale = np.where(big, 1e-250, 1.0)
            upper, current, norm, j1 = upper * scale, current * scale, norm * scale, j1 * scale
            even_sum, odd_sum = even_sum * scale, odd_sum * scale
    norm += current  # J0
    return current / norm, j1 / norm, even_sum / norm, odd_sum / norm


def _hankel(x: np.ndarray, order: int, dtype: np.dtype, second: bool = False) -> np.ndarray:
    """J(order)(x) for x >= 25 by the asymptotic expansion; the phase is rounded in
    ``dtype``, as PyTorch's float kernel rounds it (far out, it decides the leading digits)."""
    mu = 4.0 * order * order
    p = np.ones_like(x)
    q = np.zeros_like(x)
    term = np.ones_like(x)
    eight_x = 8.0 * x
    for k in range(1, 40):
        term = term * (mu - (2 * k - 1) ** 2) / (k * eight_x)
        if k % 2:
            q += term if (k // 2) % 2 == 0 else -term
        else:
            p += -term if (k // 2) % 2 else term
    shift = (0.25 if order == 0 else 0.75) * math.pi
    w = (x.astype(dtype) - dtype.type(shift)).astype(np.float64)
    cos_w, sin_w = np.cos(w), np.sin(w)
    if second:  # Y = sqrt(2 / (pi x)) (P sin w + Q cos w)
        return np.sqrt(2.0 / (math.pi * x)) * (p * sin_w + q * cos_w)
    return np.sqrt(2.0 / (math.pi * x)) * (p * cos_w - q * sin_w)


def _evaluate(array: np.ndarray, order: int) -> np.ndarray:
    array = np.asarray(array)
    dtype = array.dtype if array.dtype.kind == "f" else np.dtype(np.float32)
    x = np.abs(np.asarray(array, dtype=np.float64))
    result = np.full_like(x, np.nan)
    small = x < _SERIES_BELOW
    result[small] = _series(x[small], order)
    middle = (x >= _SERIES_BELOW) & (x < _ASYMPTOTIC_FROM)
    if middle.any():
        result[middle] = _miller(x[middle])[order]
    large = x >= _ASYMPTOTIC_FROM
    with np.errstate(invalid="ignore"):
        result[large] = _hankel(x[large], order, dtype)
    if order == 1:
        result = np.where(np.signbit(array), -result, result)  # odd
    return result.astype(dtype)


def _evaluate_second(array: np.ndarray, order: int) -> np.ndarray:
    """Y0 or Y1: nan below 0 (and at infinity, as PyTorch), -inf at 0."""
    array = np.asarray(array)
    dtype = array.dtype if array.dtype.kind == "f" else np.dtype(np.float32)
    x = np.asarray(array, dtype=np.float64)
    result = np.full_like(x, np.nan)
    result[x == 0] = -np.inf
    middle = (x > 0) & (x < _ASYMPTOTIC_FROM)
    if middle.any():
        z = x[middle]
        j0_, j1_, even_sum, odd_sum = _miller(np.maximum(z, 0.01))
        # Below 1/100 (where the recurrence's 2k / x overflows first) the Neumann sums'
        # leading terms: J2 = x^2/8 - x^4/96, J4 = x^4/384, J3 = x^3/48, J5 = x^5/3840.
        tiny = z < 0.01
        square = z * z
        j0_ = np.where(tiny, _series(z, 0), j0_)
        j1_ = np.where(tiny, _series(z, 1), j1_)
        even_sum = np.where(tiny, -square / 8 + square * square * (1 / 96 + 1 / 768), even_sum)
        odd_sum = np.where(
            tiny, -1.5 * z * square / 48 + (5 / 6) * z * square * square / 3840, odd_sum
        )
        log_term = np.log(0.5 * z) + _EULER_GAMMA
        if order == 0:  # (pi / 2) Y0 = (ln(x/2) + gamma) J0 - 2 sum (-1)^k J2k / k
            value = log_term * j0_ - 2.0 * even_sum
        else:  # (pi / 2) Y1 = -J0 / x + (ln(x/2) + gamma - 1) J1 - the odd sum
            value = -j0_ / z + (log_term - 1.0) * j1_ - odd_sum
        result[middle] = value * (2.0 / math.pi)
    large = (x >= _ASYMPTOTIC_FROM) & np.isfinite(x)
    result[large] = _hankel(x[large], order, dtype, second=True)
    return result.astype(dtype)


def y0(array: np.ndarray) -> np.ndarray:
    """Y0(x), elementwise."""
    return _evaluate_second(array, 0)


def y1(array: np.ndarray) -> np.ndarray:
    """Y1(x), elementwise."""
    return _evaluate_second(array, 1)


def j0(array: np.ndarray) -> np.ndarray:
    """J0(x), elementwise."""
    return _evaluate(array, 0)


def j1(array: np.ndarray) -> np.ndarray:
    """J1(x), elementwise."""
    return _evaluate(array, 1)
