"""The Airy function Ai on arrays, evaluated as PyTorch's ``special_airy_ai`` kernel does.

Cephes' method (S. L. Moshier): below x = -2.09 the oscillating asymptotic form
``sqpii / x**(1/4) * (sin(t) * (1 + f) - cos(t) * g)`` with ``t = zeta + pi / 4``; from
x = 2.09 the decaying form ``sqpii * p / (2 x**(1/4) exp(zeta))``; in between the two power
series of Ai (zeta = 2/3 |x|**(3/2)). Past x = 103.892 Ai is 0, and +-inf give nan.

PyTorch sums the rational functions of the oscillating form with every denominator
coefficient listed (no implicit leading 1, unlike Cephes' own tables' use), and contracts its
Horner steps and the final differences into fused multiply-adds; both are reproduced, so
float64 results agree to the last bit. Its float32 sinf, cosf and expf are glibc's, rounded
here from float64.
"""

from __future__ import annotations

import numpy as np

from ._polynomials import _fma

__all__ = ["airy_ai"]

# Cephes' coefficients of the decaying form's rational function in 1 / zeta,
_AN = (
    3.46538101525629032477e-1,
    1.20075952739645805542e1,
    7.62796053615234516538e1,
    1.68089224934630576269e2,
    1.59756391350164413639e2,
    7.05360906840444183113e1,
    1.40264691163389668864e1,
    9.99999999999999995305e-1,
)
_AD = (
    5.67594532638770212846e-1,
    1.47562562584847203173e1,
    8.45138970141474626562e1,
    1.77318088145400459522e2,
    1.64234692871529701831e2,
    7.14778400825575695274e1,
    1.40959135607834029598e1,
    1.00000000000000000470e0,
)
# and of the oscillating form's two, in 1 / zeta**2.
_AFN = (
    -1.31696323418331795333e-1,
    -6.26456544431912369773e-1,
    -6.93158036036933542233e-1,
    -2.79779981545119124951e-1,
    -4.91900132609500318020e-2,
    -4.06265923594885404393e-3,
    -1.59276496239262096340e-4,
    -2.77649108155232920844e-6,
    -1.67787698489114633780e-8,
)
_AFD = (
    1.33560420706553243746e1,
    3.26825032795224613948e1,
    2.67367040941499554804e1,
    9.18707402907259625840e0,
    1.47529146771666414581e0,
    1.15687173795188044134e-1,
    4.40291641615211203805e-3,
    7.54720348287414296618e-5,
    4.51850092970580378464e-7,
)
_AGN = (
    1.97339932091685679179e-2,
    3.91103029615688277255e-1,
    1.06579897599595591108e0,
    9.39169229816650230044e-1,
    3.51465656105547619242e-1,
    6.33888919628925490927e-2,
    5.85804113048388458567e-3,
    2.82851600836737019778e-4,
    6.98793669997260967291e-6,
    8.11789239554389293311e-8,
    3.41551784765923618484e-10,
)
_AGD = (
    9.30892908077441974853e0,
    1.98352928718312140417e1,
    1.55646628932864612953e1,
    5.47686069422975497931e0,
    9.54293611618961883998e-1,
    8.64580826352392193095e-2,
    4.12656523824222607191e-3,
    1.01259085116509135510e-4,
    1.17166733214413521882e-6,
    4.91834570062930015649e-9,
)

_SQPII = 5.64189583547756286948e-1  # 1 / sqrt(pi)
_C1 = 0.355028053887817239260  # Ai(0)
_C2 = 0.258819403792806798405  # -Ai'(0)


def _libm(function: np.ufunc, a: np.ndarray) -> np.ndarray:
    """glibc's float32 functions round (nearly always) correctly: from float64 here."""
    if a.dtype == np.float32:
        return function(a.astype(np.float64)).astype(np.float32)
    return function(a)


def _horner(z: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    total = np.zeros_like(z)
    for coefficient in coefficients:
        total = _fma(total, z, np.full_like(z, coefficient))
    return total


def _oscillating(x: np.ndarray) -> np.ndarray:
    t = x.dtype.type
    zeta = t(-2.0) * x * np.sqrt(-x) / t(3.0)
    z = t(1.0) / zeta
    zz = z * z
    f = t(1.0) + zz * _horner(zz, _AFN) / _horner(zz, _AFD)
    g = z * _horner(zz, _AGN) / _horner(zz, _AGD)
    theta = zeta + t(0.25) * t(np.pi)
    sine, cosine = _libm(np.sin, theta), _libm(np.cos, theta)
    return t(_SQPII) / np.sqrt(np.sqrt(-x)) * _fma(sine, f, -(cosine * g))


def _decaying(x: np.ndarray) -> np.ndarray:
    t = x.dtype.type
    zeta = t(2.0) * x * np.sqrt(x) / t(3.0)
    z = t(1.0) / zeta
    ratio = _horner(z, _AN) / _horner(z, _AD)
    return t(_SQPII) * ratio / (t(2.0) * np.sqrt(np.sqrt(x)) * _libm(np.exp, zeta))


def _series(x: np.ndarray) -> np.ndarray:
    """c1 f(x) - c2 g(x): f = 1 + x^3/3! + 1*4 x^6/6! ..., g = x + 2 x^4/4! + ..., summed
    until a term of f is below machine epsilon relative to f (each element on its own)."""
    t = x.dtype.type
    f, g, k = np.ones_like(x), x.copy(), np.ones_like(x)
    term_f, term_g, cube = np.ones_like(x), x.copy(), x * x * x
    live = np.ones(x.shape, dtype=bool)
    epsilon = np.finfo(x.dtype).eps
    while live.any():
        next_f = term_f * cube / (k + t(1))
        next_g = term_g * cube / (k + t(2))
        next_f = next_f / (k + t(2))
        new_f = f + next_f
        next_g = next_g / (k + t(3))
        term_f, term_g = np.where(live, next_f, term_f), np.where(live, next_g, term_g)
        f, g = np.where(live, new_f, f), np.where(live, g + next_g, g)
        k = np.where(live, k + t(3), k)
        live &= np.abs(next_f / new_f) > epsilon
    return _fma(np.full_like(x, _C1), f, -(t(_C2) * g))


def airy_ai(x: np.ndarray) -> np.ndarray:
    """Ai(x) elementwise, in x's floating dtype."""
    x = np.asarray(x)
    t = x.dtype.type
    with np.errstate(all="ignore"):
        below = x < t(-2.09)
        above = x >= t(2.09)
        middle = ~(below | above)  # and nan
        result = np.full_like(x, np.nan)
        if below.any():
            result[below] = _oscillating(x[below])
        if above.any():
            result[above] = _decaying(x[above])
        if middle.any():
            result[middle] = _series(x[middle])
    result[x > t(103.892)] = 0
    result[np.isinf(x)] = np.nan
    return result
