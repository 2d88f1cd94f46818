"""The modified Bessel functions of the first kind, orders 0 and 1 (i0, i1) and their
exponentially scaled forms (i0e, i1e), on arrays, to PyTorch's last bit.

PyTorch evaluates Cephes' Chebyshev expansions in the input's own precision (float inputs
in float32, double in float64; float16 is computed in float32 and rounded), and its CPU
build contracts the recurrence ``b0 = y * b1 - b2 + c`` into a fused multiply-add. NumPy
has no fused multiply-add, so it is emulated here with error-free transformations: a
float32 one in float64 (the product is exact there, the sum is rounded to odd so that the
final rounding to float32 is a single one), a float64 one with Dekker's exact product. With
it the float64 results are bit for bit PyTorch's and float32 ones all but exceptionally
(PyTorch's ``expf`` is glibc's, 0.502 ulp; here the exponential is rounded correctly).

The coefficients are Cephes' (Cephes Math Library 2.8, Stephen L. Moshier, BSD licence):
``exp(-x) I(x)`` on [0, 8] in the variable ``x / 2 - 2`` (the ``_A`` tables) and
``exp(-x) sqrt(x) I(x)`` on [8, inf) in ``32 / x - 2`` (the ``_B`` tables).
"""

from __future__ import annotations

import numpy as np

__all__ = ["i0", "i0e", "i1", "i1e"]

# fmt: off
_I0_A = (
    -4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16,
    1.715391285555133e-15, -1.1685332877993451e-14, 7.676185498604936e-14,
    -4.856446783111929e-13, 2.95505266312964e-12, -1.726826291441556e-11,
    9.675809035373237e-11, -5.189795601635263e-10, 2.6598237246823866e-09,
    -1.300025009986248e-08, 6.046995022541919e-08, -2.670793853940612e-07,
    1.1173875391201037e-06, -4.4167383584587505e-06, 1.6448448070728896e-05,
    -5.754195010082104e-05, 0.00018850288509584165, -0.0005763755745385824,
    0.0016394756169413357, -0.004324309995050576, 0.010546460394594998,
    -0.02373741480589947, 0.04930528423967071, -0.09490109704804764,
    0.17162090152220877, -0.3046826723431984, 0.6767952744094761,
)
_I0_B = (
    -7.233180487874754e-18, -4.830504485944182e-18, 4.46562142029676e-17,
    3.461222867697461e-17, -2.8276239805165836e-16, -3.425485619677219e-16,
    1.7725601330565263e-15, 3.8116806693526224e-15, -9.554846698828307e-15,
    -4.150569347287222e-14, 1.54008621752141e-14, 3.8527783827421426e-13,
    7.180124451383666e-13, -1.7941785315068062e-12, -1.3215811840447713e-11,
    -3.1499165279632416e-11, 1.1889147107846439e-11, 4.94060238822497e-10,
    3.3962320257083865e-09, 2.266668990498178e-08, 2.0489185894690638e-07,
    2.8913705208347567e-06, 6.889758346916825e-05, 0.0033691164782556943,
    0.8044904110141088,
)
_I1_A = (
    2.7779141127610464e-18, -2.111421214358166e-17, 1.5536319577362005e-16,
    -1.1055969477353862e-15, 7.600684294735408e-15, -5.042185504727912e-14,
    3.223793365945575e-13, -1.9839743977649436e-12, 1.1736186298890901e-11,
    -6.663489723502027e-11, 3.625590281552117e-10, -1.8872497517228294e-09,
    9.381537386495773e-09, -4.445059128796328e-08, 2.0032947535521353e-07,
    -8.568720264695455e-07, 3.4702513081376785e-06, -1.3273163656039436e-05,
    4.781565107550054e-05, -0.00016176081582589674, 0.0005122859561685758,
    -0.0015135724506312532, 0.004156422944312888, -0.010564084894626197,
    0.024726449030626516, -0.05294598120809499, 0.1026436586898471,
    -0.17641651835783406, 0.25258718644363365,
)
_I1_B = (
    7.517296310842105e-18, 4.414348323071708e-18, -4.6503053684893586e-17,
    -3.209525921993424e-17, 2.96262899764595e-16, 3.3082023109209285e-16,
    -1.8803547755107825e-15, -3.8144030724370075e-15, 1.0420276984128802e-14,
    4.272440016711951e-14, -2.1015418427726643e-14, -4.0835511110921974e-13,
    -7.198551776245908e-13, 2.0356285441470896e-12, 1.4125807436613782e-11,
    3.2526035830154884e-11, -1.8974958123505413e-11, -5.589743462196584e-10,
    -3.835380385964237e-09, -2.6314688468895196e-08, -2.512236237870209e-07,
    -3.882564808877691e-06, -0.00011058893876262371, -0.009761097491361469,
    0.7785762350182801,
)
# fmt: on


def _two_sum(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``s + t == a + b`` exactly, ``s`` the rounded sum (Knuth)."""
    s = a + b
    shifted = s - a
    return s, (a - (s - shifted)) + (b - shifted)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scaled = 134217729.0 * a  # 2**27 + 1: halves of 26 bits whose products are exact
    high = scaled - (scaled - a)
    return high, a - high


def _fma64(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    total, rounding = _two_sum(product, c)
    return total + (rounding + error)


def _fma32(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    product = a.astype(np.float64) * b.astype(np.float64)  # exact: 24 + 24 bits
    total, rounding = _two_sum(product, c.astype(np.float64))
    # Round to odd: an inexact sum whose last bit is even moves to its odd neighbour towards
    # the exact value, so rounding it to float32 gives the correctly rounded result.
    inexact_even = (rounding != 0) & ((total.view(np.int64) & 1) == 0)
    towards = np.where(rounding > 0, np.inf, -np.inf)
    total = np.where(inexact_even, np.nextafter(total, towards), total)
    return total.astype(np.float32)


def _chebyshev(y: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    """Cephes' ``chbevl``: the Chebyshev series at ``y``, in ``y``'s precision."""
    dtype = y.dtype.type
    fma = _fma32 if y.dtype == np.float32 else _fma64
    table = np.asarray(coefficients, dtype=y.dtype)
    b0 = np.full_like(y, table[0])
    b1 = np.zeros_like(y)
    b2 = b1
    for coefficient in table[1:]:
        b2, b1 = b1, b0
        b0 = fma(y, b1, -b2) + coefficient
    return dtype(0.5) * (b0 - b2)


def _exp(x: np.ndarray) -> np.ndarray:
    if x.dtype == np.float32:  # NumPy's float32 exp may be an ulp off; double's is not
        return np.exp(x.astype(np.float64)).astype(np.float32)
    return np.exp(x)


def _evaluate(array: np.ndarray, order: int, scaled: bool) -> np.ndarray:
    array = np.asarray(array)
    computed = np.float32 if array.dtype == np.float16 else array.dtype
    x = np.abs(array.astype(computed))
    dtype = x.dtype.type
    small, large = (_I0_A, _I0_B) if order == 0 else (_I1_A, _I1_B)
    if order == 1 and dtype is np.float32:
        # PyTorch's float I1 tables keep only the terms that matter in single precision.
        small, large = small[-17:], large[-7:]
    with np.errstate(all="ignore"):
        near = _chebyshev(x / dtype(2) - dtype(2), small)
        far = _chebyshev(dtype(32) / x - dtype(2), large)
        if scaled:
            near = near * x if order == 1 else near
            far = far / np.sqrt(x)
        else:  # the products in PyTorch's order: they round differently in another
            growth = _exp(x)
            near = growth * x * near if order == 1 else growth * near
            far = growth * far / np.sqrt(x)
        result = np.where(x <= 8, near, far)
    if order == 1:
        result = np.where(array < 0, -result, result)
    return result.astype(array.dtype, copy=False)


def i0(array: np.ndarray) -> np.ndarray:
    """I0(x), the modified Bessel function of the first kind of order 0."""
    return _evaluate(array, 0, scaled=False)


def i0e(array: np.ndarray) -> np.ndarray:
    """exp(-|x|) I0(x)."""
    return _evaluate(array, 0, scaled=True)


def i1(array: np.ndarray) -> np.ndarray:
    """I1(x), the modified Bessel function of the first kind of order 1."""
    return _evaluate(array, 1, scaled=False)


def i1e(array: np.ndarray) -> np.ndarray:
    """exp(-|x|) I1(x)."""
    return _evaluate(array, 1, scaled=True)
