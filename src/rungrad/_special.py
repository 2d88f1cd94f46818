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

__all__ = ["digamma", "erf", "erfc", "erfinv", "gammainc", "gammaincc", "lgamma", "polygamma"]


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


def gammainc(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The regularized lower incomplete gamma function P(a, x), computed in float64 and
    rounded to the operands' (common, floating) dtype."""
    return _incomplete_gamma(a, x, upper=False)


def gammaincc(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""
    return _incomplete_gamma(a, x, upper=True)


def _incomplete_gamma(a: np.ndarray, x: np.ndarray, upper: bool) -> np.ndarray:
    a, x = np.asarray(a), np.asarray(x)
    dtype = np.result_type(a, x)
    special = _scipy_special()
    wide_a, wide_x = a.astype(np.float64), x.astype(np.float64)
    if special is not None:
        result = (special.gammaincc if upper else special.gammainc)(wide_a, wide_x)
    else:
        scalar = _igamc_scalar if upper else _igam_scalar
        result = np.frompyfunc(scalar, 2, 1)(wide_a, wide_x).astype(np.float64)
    return np.asarray(result).astype(dtype, copy=False)


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


def _log_gamma_density_scale(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``a log x - x - lgamma(a)``: the log of the factor both incomplete-gamma forms share."""
    return a * np.log(x) - x - _elementwise(_lgamma_or_inf, a)


def _lower_gamma_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) by its power series (converges fast for x < a + 1)."""
    term = 1.0 / a
    total = term.copy()
    for n in range(1, 2000):
        term = term * x / (a + n)
        total = total + term
        if np.all(np.abs(term) <= np.abs(total) * 1e-17):
            break
    return total * np.exp(_log_gamma_density_scale(a, x))


def _upper_gamma_fraction(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Q(a, x) = 1 - P(a, x) by its continued fraction (modified Lentz; for x >= a + 1)."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = np.full_like(x, 1.0 / tiny)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, 2000):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < tiny, tiny, d)
        c = b + an / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if np.all(np.abs(delta - 1.0) <= 1e-16):
            break
    return np.exp(_log_gamma_density_scale(a, x)) * h


def standard_gamma_grad(alpha: np.ndarray, sample: np.ndarray) -> np.ndarray:
    """d sample / d alpha for a Gamma(alpha, 1) sample, by implicit reparameterization:
    ``-(dP(alpha, x) / d alpha) / density(x)``, P the regularized lower incomplete gamma
    function (its alpha-derivative by a central difference in float64). PyTorch evaluates
    the same quantity by fitted approximations; the two agree to about 1e-4 relative."""
    a = np.asarray(alpha, dtype=np.float64)
    x = np.asarray(sample, dtype=np.float64)
    a, x = np.broadcast_arrays(a, x)
    out = np.zeros(a.shape, dtype=np.float64)
    valid = (a > 0) & (x > 0) & np.isfinite(x)
    av, xv = a[valid], x[valid]
    step = 1e-5 * np.maximum(av, 1.0)
    series = xv < av + 1.0
    plus, minus = np.empty_like(av), np.empty_like(av)
    if series.any():
        s_a, s_x, s_h = av[series], xv[series], step[series]
        plus[series] = _lower_gamma_series(s_a + s_h, s_x)
        minus[series] = _lower_gamma_series(s_a - s_h, s_x)
    fraction = ~series
    if fraction.any():
        f_a, f_x, f_h = av[fraction], xv[fraction], step[fraction]
        # P = 1 - Q: differentiate -Q, which keeps the digits P's leading 1 would lose
        plus[fraction] = -_upper_gamma_fraction(f_a + f_h, f_x)
        minus[fraction] = -_upper_gamma_fraction(f_a - f_h, f_x)
    d_p = (plus - minus) / (2 * step)
    density = np.exp(_log_gamma_density_scale(av, xv) - np.log(xv))
    out[valid] = -d_p / density
    return out.astype(np.asarray(alpha).dtype, copy=False)


def _log_beta(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lg = functools.partial(_elementwise, _lgamma_or_inf)
    return lg(a) + lg(b) - lg(a + b)


def _incomplete_beta_fraction(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``x^a (1 - x)^b / (a B(a, b))`` times the continued fraction of I_x(a, b) (modified
    Lentz): I_x(a, b) itself where x < (a + 1) / (a + b + 2), where it converges fast."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
    h = d.copy()
    for m in range(1, 3000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        h = h * d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        delta = d * c
        h = h * delta
        if np.all(np.abs(delta - 1.0) <= 1e-16):
            break
    front = np.exp(a * np.log(x) + b * np.log1p(-x) - _log_beta(a, b)) / a
    return front * h


def dirichlet_grad(x: np.ndarray, alpha: np.ndarray, total: np.ndarray) -> np.ndarray:
    """PyTorch's ``_dirichlet_grad``: for the Beta(alpha, total - alpha) marginal x of a
    Dirichlet sample, ``(dx / dalpha) / (1 - x)`` with the other concentration held fixed,
    dx/dalpha by implicit reparameterization, ``-(dI_x(alpha, beta) / dalpha) / density(x)``,
    I the regularized incomplete beta function (its derivative by a central difference in
    float64). The Dirichlet backward multiplies it by ``grad - (x * grad).sum(-1)``. PyTorch
    evaluates it by fitted approximations."""
    xs, a, t = np.broadcast_arrays(
        np.asarray(x, dtype=np.float64),
        np.asarray(alpha, dtype=np.float64),
        np.asarray(total, dtype=np.float64),
    )
    out = np.zeros(xs.shape, dtype=np.float64)
    valid = (xs > 0) & (xs < 1) & (a > 0) & (t > a)
    xv, av, tv = xs[valid], a[valid], t[valid]
    bv = tv - av
    step = 1e-6 * np.minimum(av, 1.0)
    direct = xv < (av + 1.0) / (tv + 2.0)
    plus, minus = np.empty_like(xv), np.empty_like(xv)
    if direct.any():
        d_x, d_a, d_b, d_h = xv[direct], av[direct], bv[direct], step[direct]
        plus[direct] = _incomplete_beta_fraction(d_a + d_h, d_b, d_x)
        minus[direct] = _incomplete_beta_fraction(d_a - d_h, d_b, d_x)
    mirrored = ~direct
    if mirrored.any():
        # I_x(a, b) = 1 - I_(1-x)(b, a): differentiate the second term, keeping its digits
        m_x, m_a, m_b, m_h = xv[mirrored], av[mirrored], bv[mirrored], step[mirrored]
        plus[mirrored] = -_incomplete_beta_fraction(m_b, m_a + m_h, 1.0 - m_x)
        minus[mirrored] = -_incomplete_beta_fraction(m_b, m_a - m_h, 1.0 - m_x)
    d_i = (plus - minus) / (2 * step)
    log_density = (av - 1.0) * np.log(xv) + (bv - 1.0) * np.log1p(-xv) - _log_beta(av, bv)
    out[valid] = -d_i / np.exp(log_density) / (1.0 - xv)
    return out.astype(np.asarray(x).dtype, copy=False)


# Cephes' incomplete gamma algorithms (a power series below max(1, a), Legendre's continued
# fraction above), with PyTorch's values at the edges.
_EPSILON = 2.0**-53
_BIG = 2.0**52


def _igam_edges(a: float, x: float, upper: bool) -> float | None:
    if math.isnan(a) or math.isnan(x) or a < 0 or x < 0:
        return math.nan
    if a == 0:
        return (0.0 if upper else 1.0) if x > 0 else math.nan
    if x == 0:
        return 1.0 if upper else 0.0
    if math.isinf(a):
        return math.nan if math.isinf(x) else (1.0 if upper else 0.0)
    if math.isinf(x):
        return 0.0 if upper else 1.0
    return None


def _igam_scalar(a: float, x: float) -> float:
    edge = _igam_edges(a, x, upper=False)
    if edge is not None:
        return edge
    if x > 1 and x > a:
        return 1.0 - _igamc_scalar(a, x)
    log_prefactor = a * math.log(x) - x - math.lgamma(a)
    if log_prefactor < -709.0:
        return 0.0
    term, total, r = 1.0, 1.0, a
    while term > _EPSILON * total:
        r += 1.0
        term *= x / r
        total += term
    return total * math.exp(log_prefactor) / a


def _igamc_scalar(a: float, x: float) -> float:
    edge = _igam_edges(a, x, upper=True)
    if edge is not None:
        return edge
    if x < 1 or x < a:
        return 1.0 - _igam_scalar(a, x)
    log_prefactor = a * math.log(x) - x - math.lgamma(a)
    if log_prefactor < -709.0:
        return 0.0
    y, z, c = 1.0 - a, x + 2.0 - a, 0.0
    pkm2, qkm2, pkm1, qkm1 = 1.0, x, x + 1.0, z * x
    answer = pkm1 / qkm1
    for _ in range(2000):
        c += 1.0
        y += 1.0
        z += 2.0
        yc = y * c
        pk, qk = pkm1 * z - pkm2 * yc, qkm1 * z - qkm2 * yc
        if qk != 0:
            ratio = pk / qk
            converged = abs(answer - ratio) <= _EPSILON * abs(ratio)
            answer = ratio
            if converged:
                break
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        if abs(pk) > _BIG:  # rescale to keep the convergents finite
            pkm2, pkm1, qkm2, qkm1 = pkm2 / _BIG, pkm1 / _BIG, qkm2 / _BIG, qkm1 / _BIG
    return answer * math.exp(log_prefactor)
