"""The classical orthogonal polynomials of ``torch.special`` on arrays: Chebyshev T, U, V, W
(and their shifted forms on [0, 1]), Hermite H and He, Laguerre L and Legendre P.

Evaluated as PyTorch's kernels evaluate them, in the input's own precision (so float32
overflows where PyTorch's does, inf - inf giving nan alike): the degree n is truncated to an
integer (nan and negative degrees give 0), the values at the interval's ends are exact, a
high degree inside (-1, 1) takes the trigonometric form (T_n(x) = cos(n acos x)...), and
otherwise the three-term recurrence runs, element by element up to each one's degree.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._bessel import _fma32, _split, _two_sum

__all__ = ["POLYNOMIALS"]

Array = np.ndarray


def _fma(a: Array, b: Array, c: Array) -> Array:
    """a * b + c rounded once: PyTorch's CPU build contracts its recurrences so."""
    if a.dtype != np.float64:
        return _fma32(a, b, c)
    # a * b = high + low exactly (Dekker); high + c = s + e exactly (Knuth); the small part
    # low + e is rounded to odd, so that adding it to s rounds once (Boldo and Melquiond).
    high = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    low = ((a_high * b_high - high) + a_high * b_low + a_low * b_high) + a_low * b_low
    s, e = _two_sum(high, c)
    u, v = _two_sum(low, e)
    with np.errstate(invalid="ignore"):
        even = (v != 0) & ((u.view(np.int64) & 1) == 0)
    u = np.where(even, np.nextafter(u, np.where(v > 0, np.inf, -np.inf)), u)
    result = s + u
    # An exact zero takes the sign IEEE addition gives high + c (-0 only from -0 + -0): the
    # product is then exact, and the sum's parts above carry a +0 that would lose a -0.
    result = np.where(result == 0, high + c, result)
    return np.where(np.isfinite(result), result, a * b + c)


def _libm(function: np.ufunc, a: Array) -> Array:
    """``function`` as PyTorch's kernels call it: glibc's float32 cosf and sinf round
    correctly, where NumPy's own float32 loops may be an ulp off (its arccos is glibc's
    acosf already); float64 is NumPy's own."""
    if a.dtype == np.float32:
        return function(a.astype(np.float64)).astype(np.float32)
    return function(a)


def _degrees(n: Array) -> Array:
    """C's static_cast<int64_t>: truncation; nan (and out of range) gives a negative."""
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(n) & (np.abs(n) < 2.0**62)
        return np.where(finite, np.trunc(np.where(finite, n, 0)), -1).astype(np.int64)


def _recurrence(
    x: Array, n: Array, q: Array, step: Callable[[int, Array, Array], Array], first: int = 2
) -> Array:
    """The last value of ``r = step(k, q, p)``, k = first ... n, from p = 1 and q."""
    p = np.ones_like(x)
    top = int(n.max(initial=0))
    for k in range(first, top + 1):
        r = step(k, q, p)
        live = k <= n
        p, q = np.where(live, q, p), np.where(live, r, q)
    return q


def _select(n: Array, cases: list[tuple[Array, Array]], default: Array) -> Array:
    """``np.select`` with the first matching case winning, and n < 0 giving 0."""
    conditions = [n < 0, *(c for c, _ in cases)]
    choices = [np.zeros_like(default), *(v for _, v in cases)]
    return np.select(conditions, choices, default)


def _sign(n: Array, value: Array) -> Array:
    return np.where(n % 2 == 0, value, -value)


def _chebyshev(kind: str, shifted: bool) -> Callable[[Array, Array], Array]:
    # The recurrence is r = 2 y q - p for all four kinds; they differ in q = P_1 and at the
    # ends. The shifted ones are the same in y = 2 x - 1 (spelled as PyTorch spells it).
    threshold = {"t": 6, "u": 8, "v": 8, "w": 8}[kind] if not shifted else 4 if kind == "w" else 6

    def evaluate(x: Array, n: Array) -> Array:
        one = x.dtype.type(1)
        y = x + x - one if shifted else x
        two_y = y + y
        first = {"t": y, "u": two_y, "v": two_y - one, "w": two_y + one}[kind]
        with np.errstate(all="ignore"):
            recur = _recurrence(x, n, first, lambda k, q, p: _fma(two_y, q, -p))
            theta = np.arccos(y)
            nf = n.astype(x.dtype)
            if kind == "t":
                trig = _libm(np.cos, nf * theta)
            elif kind == "u":
                sine = _libm(np.sin, theta)
                trig = np.where(
                    sine != 0,
                    _libm(np.sin, (nf + one) * theta) / sine,
                    (nf + one) * _libm(np.cos, (nf + one) * theta) / y,
                )
            elif kind == "v":
                half = x.dtype.type(0.5)
                trig = np.where(
                    _libm(np.sin, theta / 2) != one,
                    _libm(np.cos, (nf + half) * theta) / _libm(np.cos, theta / 2),
                    _sign(n, nf + nf + one),
                )
            else:
                half = x.dtype.type(0.5)
                end = (nf + nf + one) if not shifted else None
                fallback = _sign(n, np.ones_like(x))
                if end is not None:
                    fallback = np.where(x > 0, end, fallback)
                trig = np.where(
                    _libm(np.cos, theta / 2) != one,
                    _libm(np.sin, (nf + half) * theta) / _libm(np.sin, theta / 2),
                    fallback,
                )
        ends = _ends(kind, shifted, x, n)
        return _select(
            n,
            [
                *ends,
                ((n > threshold) & (np.abs(y) < one), trig),
                (n == 0, np.ones_like(x)),
                (n == 1, first),
            ],
            recur,
        )

    return evaluate


def _ends(kind: str, shifted: bool, x: Array, n: Array) -> list[tuple[Array, Array]]:
    """The exact values at the interval's ends (x = +-1, or 1 and 0 when shifted)."""
    one = x.dtype.type(1)
    nf = n.astype(x.dtype)
    ones = np.ones_like(x)
    at_top = {"t": ones, "u": nf + one, "v": ones, "w": nf + nf + one}[kind]
    at_bottom = {
        "t": _sign(n, ones),
        "u": _sign(n, nf + one),
        "v": _sign(n, nf + nf + one),
        "w": _sign(n, ones),
    }[kind]
    if shifted:
        return [(x == one, at_top), (x == 0, at_bottom)]
    return [(np.abs(x) == one, np.where(x > 0, at_top, at_bottom))]


def _hermite_h(x: Array, n: Array) -> Array:
    two_x = x + x
    # PyTorch's loop runs k = 2, 4, ..., 2n - 2: n - 1 steps, the k-th using k * p
    recur = _recurrence(
        x, n, two_x, lambda k, q, p: _fma(two_x, q, -(x.dtype.type(2 * (k - 1)) * p))
    )
    return _select(n, [(n == 0, np.ones_like(x)), (n == 1, two_x)], recur)


def _hermite_he(x: Array, n: Array) -> Array:
    recur = _recurrence(x, n, x, lambda k, q, p: _fma(x, q, -(x.dtype.type(k - 1) * p)))
    return _select(n, [(n == 0, np.ones_like(x)), (n == 1, x)], recur)


def _laguerre(x: Array, n: Array) -> Array:
    one = x.dtype.type(1)

    def step(k: int, q: Array, p: Array) -> Array:
        j = k - 1  # PyTorch's loop index
        factor = x.dtype.type(j + j) + (one - x)
        return _fma(factor, q, -(x.dtype.type(j) * p)) / x.dtype.type(j + 1)

    recur = _recurrence(x, n, one - x, step)
    return _select(
        n, [(np.abs(x) == 0, np.ones_like(x)), (n == 0, np.ones_like(x)), (n == 1, one - x)], recur
    )


def _legendre(x: Array, n: Array) -> Array:
    one = x.dtype.type(1)

    def step(k: int, q: Array, p: Array) -> Array:
        j = k - 1
        return _fma(x.dtype.type(j + j + 1) * x, q, -(x.dtype.type(j) * p)) / x.dtype.type(j + 1)

    recur = _recurrence(x, n, x, step)
    ends = np.where(x > 0, np.ones_like(x), _sign(n, np.ones_like(x)))
    return _select(n, [(np.abs(x) == one, ends), (n == 0, np.ones_like(x)), (n == 1, x)], recur)


def _wrap(function: Callable[[Array, Array], Array]) -> Callable[[Array, Array], Array]:
    def evaluate(x: Array, n: Array) -> Array:
        x, n = np.broadcast_arrays(np.asarray(x), np.asarray(n))
        with np.errstate(all="ignore"):
            return np.asarray(function(np.array(x), _degrees(n.astype(np.float64))))

    return evaluate


POLYNOMIALS: dict[str, Callable[[Array, Array], Array]] = {
    "chebyshev_polynomial_t": _wrap(_chebyshev("t", False)),
    "chebyshev_polynomial_u": _wrap(_chebyshev("u", False)),
    "chebyshev_polynomial_v": _wrap(_chebyshev("v", False)),
    "chebyshev_polynomial_w": _wrap(_chebyshev("w", False)),
    "shifted_chebyshev_polynomial_t": _wrap(_chebyshev("t", True)),
    "shifted_chebyshev_polynomial_u": _wrap(_chebyshev("u", True)),
    "shifted_chebyshev_polynomial_v": _wrap(_chebyshev("v", True)),
    "shifted_chebyshev_polynomial_w": _wrap(_chebyshev("w", True)),
    "hermite_polynomial_h": _wrap(_hermite_h),
    "hermite_polynomial_he": _wrap(_hermite_he),
    "laguerre_polynomial_l": _wrap(_laguerre),
    "legendre_polynomial_p": _wrap(_legendre),
}
