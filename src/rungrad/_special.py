"""Special functions on arrays (erf, erfinv, lgamma, digamma, polygamma...), to the last bits.

NumPy has none of these. SciPy's ``scipy.special`` is the standard for them and is used when
it is installed (imported on first use, so ``import rungrad`` stays fast); otherwise the
standard library's scalar ``math`` functions, and the scalar algorithms below where ``math``
has none (erfinv, digamma, polygamma), are applied element by element: exact, only slower.
Values at poles and edges follow PyTorch (``lgamma(-inf) = inf``, ``digamma(-0.0) = inf``).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

__all__ = ["digamma", "erf", "erfc", "erfinv", "lgamma", "polygamma"]


@functools.cache
def _scipy_special() -> Any:
    try:
        import scipy.special
    except ImportError:
        return None
    return scipy.special


def _elementwise(scalar_function: Any, array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    result = np.frompyfunc(scalar_function, 1, 1)(array)
    return np.asarray(result, dtype=array.dtype if array.dtype.kind == "f" else np.float64)


def _same_dtype(result: Any, array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    dtype = array.dtype if array.dtype.kind == "f" else np.float64
    return np.asarray(result).astype(dtype, copy=False)


def erf(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return _same_dtype(special.erf(array), array)
    return _elementwise(math.erf, array)


def erfc(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return _same_dtype(special.erfc(array), array)
    return _elementwise(math.erfc, array)


def lgamma(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        # SciPy's gammaln(-inf) is -inf; |Gamma| grows without bound there, as PyTorch says.
        result = np.where(np.isneginf(array), np.inf, special.gammaln(array))
        return _same_dtype(result, array)
    return _elementwise(_lgamma_or_inf, array)


def _lgamma_or_inf(value: float) -> float:
    try:
        return math.lgamma(value)
    except ValueError:  # poles at 0, -1, -2, ...
        return math.inf


def erfinv(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return _same_dtype(special.erfinv(array), array)
    return _elementwise(_erfinv_scalar, array)


def digamma(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return _same_dtype(special.psi(array), array)
    return _elementwise(_digamma_scalar, array)


def polygamma(n: int, array: np.ndarray) -> np.ndarray:
    """The ``n``-th derivative of digamma (``n >= 0``)."""
    if n == 0:
        return digamma(array)
    special = _scipy_special()
    if special is not None:
        result = _same_dtype(special.polygamma(n, array), array)
    else:
        result = _elementwise(functools.partial(_polygamma_scalar, n), array)
    # At the infinities PyTorch gives 0 (n = 1) or nan at +inf, and nan (n = 1) or the pole's
    # infinity at -inf.
    sign = 1.0 if n % 2 else -1.0
    positive, negative = (0.0, math.nan) if n == 1 else (math.nan, sign * math.inf)
    array = np.asarray(array)
    if array.dtype.kind == "f" and np.isinf(array).any():
        result = np.where(np.isposinf(array), positive, result)
        result = np.where(np.isneginf(array), negative, result).astype(result.dtype, copy=False)
    return result


# -- scalar algorithms (used without SciPy) -------------------------------------------------
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _erfinv_scalar(y: float) -> float:
    """The x with erf(x) = y: Winitzki's closed-form guess, then Halley steps on erf.

    Near |y| = 1 the steps solve erfc(x) = 1 - |y| instead, which 1 - |y| states exactly.
    """
    y = float(y)
    if math.isnan(y) or abs(y) > 1.0:
        return math.nan
    if abs(y) == 1.0:
        return math.copysign(math.inf, y)
    if y == 0.0:
        return y
    target = abs(y)
    log_term = math.log((1.0 - target) * (1.0 + target))
    a = 0.147
    first = 2.0 / (math.pi * a) + log_term / 2.0
    x = math.sqrt(math.sqrt(first * first - log_term / a) - first)
    use_erfc = target > 0.5
    complement = 1.0 - target
    for _ in range(50):
        derivative = _TWO_OVER_SQRT_PI * math.exp(-x * x)
        if derivative == 0.0:
            break
        error = (complement - math.erfc(x)) if use_erfc else (math.erf(x) - target)
        newton = error / derivative
        step = newton / (1.0 + x * newton)  # Halley: erf'' = -2x erf'
        x -= step
        if abs(step) <= 1e-17 * abs(x):
            break
    return math.copysign(x, y)


# Bernoulli numbers B2, B4, ..., B16 for the asymptotic series.
_BERNOULLI = (
    1.0 / 6.0,
    -1.0 / 30.0,
    1.0 / 42.0,
    -1.0 / 30.0,
    5.0 / 66.0,
    -691.0 / 2730.0,
    7.0 / 6.0,
    -3617.0 / 510.0,
)


def _digamma_scalar(x: float) -> float:
    """psi(x): reflection for x < 0, recurrence up to x >= 10, then the asymptotic series."""
    x = float(x)
    if math.isnan(x) or x == -math.inf:
        return math.nan
    if x == math.inf:
        return math.inf
    if x == 0.0:
        return -math.copysign(math.inf, x)  # PyTorch: psi(+0) = -inf, psi(-0) = +inf
    if x < 0.0:
        if x == math.floor(x):
            return math.nan
        # psi(1 - x) - psi(x) = pi / tan(pi x); tan has period pi, so reduce x (exactly)
        # to [-1/2, 1/2] first: near a pole the reduced value is small and fully precise.
        reduced = x - round(x)
        return _digamma_scalar(1.0 - x) - math.pi / math.tan(math.pi * reduced)
    result = 0.0
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    inverse_square = 1.0 / (x * x)
    series = 0.0
    power = inverse_square
    for k, bernoulli in enumerate(_BERNOULLI, start=1):
        series += bernoulli / (2 * k) * power
        power *= inverse_square
    return result + math.log(x) - 0.5 / x - series


def _polygamma_scalar(n: int, x: float) -> float:
    """psi^(n)(x) = (-1)^(n+1) n! zeta(n+1, x) for n >= 1 (Hurwitz zeta)."""
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return math.nan  # the infinities are settled by polygamma()
    sign = 1.0 if n % 2 else -1.0
    if x <= 0.0 and x == math.floor(x):
        return sign * math.inf
    return sign * math.factorial(n) * _hurwitz_zeta(n + 1, x)


def _hurwitz_zeta(s: int, x: float) -> float:
    """sum over k >= 0 of (x + k)^-s for an integer s >= 2: a direct sum until x + N >= 12,
    then the Euler-Maclaurin tail."""
    if x == math.inf:
        return 0.0
    shift = max(0, math.ceil(12.0 - x))
    total = math.fsum((x + k) ** -s for k in range(shift))
    a = x + shift
    total += a ** (1 - s) / (s - 1) + 0.5 * a**-s
    # Tail terms: B_2j / (2j)! * s (s+1) ... (s+2j-2) * a^-(s+2j-1).
    rising = float(s)
    power = a ** (-s - 1)
    factorial = 2.0
    for j, bernoulli in enumerate(_BERNOULLI, start=1):
        total += bernoulli / factorial * rising * power
        rising *= (s + 2 * j - 1) * (s + 2 * j)
        power /= a * a
        factorial *= (2 * j + 1) * (2 * j + 2)
    return total
