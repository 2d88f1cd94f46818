"""The normal distribution's functions and their relatives on arrays, in float64: the scaled
complementary error function erfcx, log_ndtr, ndtri, entr, xlog1py and the Hurwitz zeta
function (``torch.special``'s), accurate to a few ulps across the whole domain.

NumPy has none of these; they are built from the standard library's correctly rounded-ish
``math.erfc`` (glibc's, under 1 ulp), applied element by element, with care where the naive
formulas lose their digits:

* ``erfcx(x) = exp(x^2) erfc(x)``: ``x^2`` is split into an exact sum of two doubles before
  the exponential (its rounding error, times up to 700, would cost ~10 bits), and from
  x = 10 on, where erfc underflows soon after, the asymptotic series is summed instead.
* ``log_ndtr(x)`` below 0 is ``log(erfcx(-x / sqrt 2) / 2) - x^2 / 2``: no underflow.
* ``ndtri(p)`` is found by Newton's method on ``log_ndtr(x) = log p``, which is concave, so
  the iterates approach the root from one side; above 1/2 it is ``-ndtri(1 - p)`` (1 - p is
  exact there).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._special import _BERNOULLI

__all__ = ["erfcx", "log_ndtr", "ndtri", "zeta"]

_SQRT_PI = math.sqrt(math.pi)
_SQRT_HALF = math.sqrt(0.5)
_SQRT_TWO_OVER_PI = math.sqrt(2.0 / math.pi)
_LOG_TWO_PI = math.log(2.0 * math.pi)


def _apply(scalar_function: Any, *arrays: np.ndarray) -> np.ndarray:
    """``scalar_function`` element by element, in float64, rounded to the (floating) dtype
    the arrays share; integers and bools give float32, as PyTorch's default dtype."""
    first = np.asarray(arrays[0])
    dtype = first.dtype if first.dtype.kind == "f" else np.dtype(np.float32)
    wide = [np.asarray(array, dtype=np.float64) for array in arrays]
    result = np.frompyfunc(scalar_function, len(wide), 1)(*wide)
    return np.asarray(result, dtype=np.float64).astype(dtype)


def _square(x: float) -> tuple[float, float]:
    """x * x as an exact sum hi + lo (Dekker's product, x split by Veltkamp)."""
    hi = x * x
    if not math.isfinite(hi):
        return hi, 0.0
    c = 134217729.0 * x  # 2 ** 27 + 1
    xh = c - (c - x)
    xl = x - xh
    lo = ((xh * xh - hi) + 2.0 * xh * xl) + xl * xl
    return hi, lo


def _erfcx_scalar(x: float) -> float:
    if math.isnan(x):
        return x
    if x >= 10.0:
        if math.isinf(x):
            return 0.0
        # erfcx(x) ~ 1 / (x sqrt(pi)) * sum (-1)^k (2k-1)!! / (2 x^2)^k; at x >= 10 the
        # terms fall below 1e-19 well before they start to grow.
        z = 0.5 / (x * x)
        total, term = 1.0, 1.0
        for k in range(1, 40):
            term *= -(2 * k - 1) * z
            total += term
            if abs(term) < 1e-18:
                break
        return total / (x * _SQRT_PI)
    hi, lo = _square(x)
    if hi > 1400.0:
        return math.inf
    # exp(x^2) alone overflows before the product does (below x = -26.6): in two halves.
    half = math.exp(0.5 * hi)
    return half * ((1.0 + lo) * math.erfc(x) * half)


def _log_ndtr_scalar(x: float) -> float:
    if math.isnan(x):
        return x
    if x > 0.0:
        return math.log1p(-0.5 * math.erfc(x * _SQRT_HALF))
    if math.isinf(x):
        return -math.inf
    return math.log(0.5 * _erfcx_scalar(-x * _SQRT_HALF)) - 0.5 * x * x


def _ndtri_lower(p: float) -> float:
    """The quantile of p in (0, 1/2]."""
    if p == 0.5:
        return 0.0
    if p >= 0.25:
        return _ndtri_central(p - 0.5)  # (exact: Sterbenz)
    log_p = math.log(p)
    if p < 0.02:
        t = -2.0 * log_p
        x = -math.sqrt(t - math.log(t) - _LOG_TWO_PI)
    else:
        # Below the quantile: Newton's iterates on a concave function then rise to it.
        x = -math.sqrt(-2.0 * math.log(2.0 * p)) * 1.2
    for _ in range(60):
        # d/dx log_ndtr(x) = phi(x) / Phi(x) = sqrt(2 / pi) / erfcx(-x / sqrt 2)
        slope = _SQRT_TWO_OVER_PI / _erfcx_scalar(-x * _SQRT_HALF)
        step = (_log_ndtr_scalar(x) - log_p) / slope
        x -= step
        if abs(step) <= 2e-16 * abs(x):
            break
    return x


def _ndtri_central(offset: float) -> float:
    """The quantile of 1/2 + offset for |offset| <= 1/4, by Newton's method on
    erf(x / sqrt 2) / 2 = offset, whose both sides keep their relative precision near 0."""
    x = offset * 2.5066282746310002  # sqrt(2 pi): the slope at 0
    for _ in range(60):
        step = (0.5 * math.erf(x * _SQRT_HALF) - offset) / (
            math.exp(-0.5 * x * x) / 2.5066282746310002
        )
        x -= step
        if abs(step) <= 1e-16 * abs(x):
            break
    return x


def _ndtri_scalar(p: float) -> float:
    if math.isnan(p) or p < 0.0 or p > 1.0:
        return math.nan
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    if p > 0.5:
        return -_ndtri_lower(1.0 - p)
    return _ndtri_lower(p)


def _zeta_scalar(x: float, q: float) -> float:
    """The Hurwitz zeta function sum over k >= 0 of (q + k)^-x, with Cephes' edges."""
    if math.isnan(x) or math.isnan(q):
        return math.nan
    if x == 1.0:
        return math.inf
    if x < 1.0:
        return math.nan
    if q <= 0.0:
        if q == math.floor(q):
            return math.inf
        if x != math.floor(x):
            return math.nan  # (q + k)^-x is not real
    if math.isinf(q):
        return math.nan
    if math.isinf(x):
        return math.inf if q < 1.0 else (1.0 if q == 1.0 else math.nan)
    # A direct sum until q + N >= 12 + x (where the Euler-Maclaurin tail converges
    # fast), or until its terms no longer count; then the tail.
    shift = max(0, math.ceil(12.0 + x - q))
    terms: list[float] = []
    for k in range(shift):
        term = (q + k) ** -x
        terms.append(term)
        if k >= 9 and term < 1e-18 * terms[0]:
            return math.fsum(terms)
    total = math.fsum(terms)
    a = q + shift
    total += a ** (1.0 - x) / (x - 1.0) + 0.5 * a**-x
    rising = x
    power = a ** (-x - 1.0)
    factorial = 2.0
    for j, bernoulli in enumerate(_BERNOULLI, start=1):
        total += bernoulli / factorial * rising * power
        rising *= (x + 2 * j - 1) * (x + 2 * j)
        power /= a * a
        factorial *= (2 * j + 1) * (2 * j + 2)
    return total


def erfcx(array: np.ndarray) -> np.ndarray:
    """exp(x^2) erfc(x), elementwise."""
    return _apply(_erfcx_scalar, array)


def log_ndtr(array: np.ndarray) -> np.ndarray:
    """log of the standard normal distribution function, elementwise."""
    return _apply(_log_ndtr_scalar, array)


def ndtri(array: np.ndarray) -> np.ndarray:
    """The standard normal quantile function, elementwise."""
    return _apply(_ndtri_scalar, array)


def zeta(x: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The Hurwitz zeta function of (x, q), elementwise (broadcast)."""
    x, q = np.broadcast_arrays(np.asarray(x), np.asarray(q))
    return _apply(_zeta_scalar, x, q)
