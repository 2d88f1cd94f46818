"""Random numbers: ``Generator``, ``manual_seed``, ``rand``, ``randn``, ``randint``, ``randperm``.

The numbers are PyTorch's CPU ones: a Mersenne Twister seeded as PyTorch seeds it (NumPy's
``MT19937`` supplies the words), turned into floats, normals, integers and permutations the
way PyTorch's kernels do.
"""

from __future__ import annotations

import math
import numbers
import struct
from typing import Any

import numpy as np

from . import _dtype
from ._creation import _factory_out, _leaf, _size_args, require_tensor_input
from ._dtype import dtype as DType
from ._tensor import Tensor, _check_device

__all__ = [
    "Generator",
    "default_generator",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "normal",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "seed",
    "set_rng_state",
]


class Generator:
    """A source of random numbers; ``manual_seed(s)`` makes it repeatable.

    The stream is PyTorch's CPU one: a 32-bit Mersenne Twister seeded as ``mt19937(seed)``
    (the seed's low 32 bits), with PyTorch's ways of turning its words into numbers
    (``_uniform``, ``_normal``, ``_integers``, ``_permutation``...), so ``manual_seed(0)``
    then ``randn(3)`` gives PyTorch's numbers.
    """

    __module__ = "rungrad._C"  # printed <rungrad._C.Generator ...>, as PyTorch's torch._C

    def __init__(self, device: Any = "cpu") -> None:
        from ._tensor import device as Device

        if device is not None and Device(device).type == "cuda":
            raise RuntimeError(_NO_CUDA_GENERATOR)
        _check_device(device)
        self.manual_seed(67280421310721)  # PyTorch's default seed

    def manual_seed(self, seed: int) -> Generator:
        seed = int(seed)
        if not -(1 << 63) <= seed < 1 << 64:
            raise ValueError("Overflow when unpacking long long")
        self._seed = seed & ((1 << 64) - 1)
        # The Twister is made on the first draw: NumPy's random module, which makes it, takes
        # a tenth of ``import rungrad``, and the default generator is seeded at import.
        self._twister: np.random.MT19937 | None = None
        self._next_normal: float | None = None  # the second of a Box-Muller pair
        return self

    @property
    def _bits(self) -> np.random.MT19937:
        """The Mersenne Twister the words come from, seeded as ``mt19937(seed)``."""
        if self._twister is None:
            self._twister = np.random.MT19937()
            self._twister._legacy_seeding(self._seed & 0xFFFFFFFF)
        return self._twister

    def initial_seed(self) -> int:
        return self._seed

    def seed(self) -> int:
        self.manual_seed(int(np.random.SeedSequence().entropy) & ((1 << 63) - 1))
        return self._seed

    # -- PyTorch's transformations of the Twister's 32-bit words -------------------------------
    def _words32(self, n: int) -> np.ndarray:
        return self._bits.random_raw(n)  # uint64 holding 32-bit words

    def _words64(self, n: int) -> np.ndarray:
        """64-bit words, each from two 32-bit ones (the first is the high half)."""
        pairs = self._bits.random_raw(2 * n).reshape(n, 2)
        return (pairs[:, 0] << np.uint64(32)) | pairs[:, 1]

    def _unit(self, n: int, np_dtype: np.dtype) -> np.ndarray:
        """``n`` uniform numbers on [0, 1) as PyTorch draws them for a dtype: the low 53 bits
        of a 64-bit word for float64, the low 24 of a 32-bit one for the rest (float16's
        are float32's, rounded), computed in float32."""
        if np_dtype == np.float64:
            return (self._words64(n) & np.uint64((1 << 53) - 1)).astype(np.float64) * 2.0**-53
        low = (self._words32(n) & np.uint64((1 << 24) - 1)).astype(np.float32)
        return low * np.float32(2.0**-24)

    def _uniform(self, n: int, np_dtype: np.dtype, low: float, high: float) -> np.ndarray:
        unit = self._unit(n, np_dtype)
        compute = unit.dtype.type
        span, start = compute(high) - compute(low), compute(low)
        if compute is np.float32:
            # PyTorch's kernel computes ``unit * (to - from) + from`` as one fused
            # multiply-add: rounding the product first differs by an ulp for some ranges
            # (Laplace's ``uniform_(eps - 1, 1)``)
            return _fma(unit, span, start).astype(np_dtype)
        return (unit * span + start).astype(np_dtype)

    def _normal(self, n: int, np_dtype: np.dtype, mean: float, std: float) -> np.ndarray:
        """PyTorch's CPU normal fill: 16 or more numbers are drawn as uniforms and turned
        into normals 16 at a time by Box-Muller (cosines in the first 8, sines in the last 8;
        a ragged tail redraws the last 16); fewer come one at a time from pairs of float64
        uniforms, the sine of each pair kept for the next draw."""
        if n >= 16:
            compute = np.float64 if np_dtype == np.float64 else np.float32
            unit = self._unit(n, np.dtype(compute))
            out = np.empty(n, dtype=compute)
            whole = n - n % 16
            out[:whole] = _box_muller_16(unit[:whole], mean, std)
            if whole != n:
                out[n - 16 :] = _box_muller_16(self._unit(16, np.dtype(compute)), mean, std)
            return out.astype(np_dtype)
        out = np.empty(n, dtype=np.float64)
        for i in range(n):
            if self._next_normal is not None:
                out[i] = self._next_normal * std + mean
                self._next_normal = None
                continue
            u1, u2 = self._unit(2, np.dtype(np.float64))
            radius = math.sqrt(-2.0 * math.log1p(-u2))
            theta = 2.0 * math.pi * u1
            self._next_normal = radius * math.sin(theta)
            out[i] = radius * math.cos(theta) * std + mean
        return out.astype(np_dtype)

    def _bernoulli(self, shape: tuple[int, ...], p: Any, np_dtype: Any = None) -> np.ndarray:
        """True with probability ``p``: a number ``p`` is compared with float64 uniforms (as
        ``bernoulli_(p)`` and dropout draw), a tensor of them with uniforms of the result's
        dtype (float32 unless it is float64)."""
        count = int(np.prod(shape, dtype=np.int64))
        if isinstance(p, np.ndarray):
            compute = np.dtype(np.float64 if np_dtype == np.float64 else np.float32)
            return self._unit(count, compute).reshape(shape) < p.astype(compute)
        return self._unit(count, np.dtype(np.float64)).reshape(shape) < p

    def _exponential(self, n: int, np_dtype: np.dtype, lambd: float) -> np.ndarray:
        """Exp(lambd) samples: ``-log1p(-u) / lambd`` of float64 uniforms."""
        return (-1.0 / lambd * np.log1p(-self._unit(n, np.dtype(np.float64)))).astype(np_dtype)

    def _normal_pairs(self, n: int, mean: float, std: float) -> np.ndarray:
        """``n`` float64 normals drawn one at a time (the path ``_normal`` takes for fewer
        than 16), whatever ``n`` is: log_normal_ draws this way."""
        out = self._normal(min(n, 15), np.dtype(np.float64), mean, std)
        if n <= 15:
            return out
        return np.concatenate([out, self._normal_pairs(n - 15, mean, std)])

    def _poisson(self, rates: np.ndarray) -> np.ndarray:
        """One Poisson sample per rate, in order: below 10 by multiplying float64 uniforms
        until the product falls to exp(-rate); from 10 by Hörmann's transformed rejection
        (PTRS), two uniforms a try."""

        def uniform() -> float:
            return float(self._unit(1, np.dtype(np.float64))[0])

        def sample(rate: float) -> int:
            if rate == 0:
                return 0
            if rate < 10:
                count, product, limit = 0, 1.0, math.exp(-rate)
                while True:
                    product *= uniform()
                    if product <= limit:
                        return count
                    count += 1
            root, log_rate = math.sqrt(rate), math.log(rate)
            b = 0.931 + 2.53 * root
            a = -0.059 + 0.02483 * b
            inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
            v_r = 0.9277 - 3.6224 / (b - 2)
            while True:
                u = uniform() - 0.5
                v = uniform()
                us = 0.5 - abs(u)
                k = math.floor((2 * a / us + b) * u + rate + 0.43)
                if us >= 0.07 and v <= v_r:
                    return k
                if k < 0 or (us < 0.013 and v > us):
                    continue
                accept = -rate + k * log_rate - math.lgamma(k + 1)
                if math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b) <= accept:
                    return k

        flat = [sample(float(rate)) for rate in rates.reshape(-1).tolist()]
        return np.array(flat, dtype=np.float64).reshape(rates.shape)

    def _gamma(self, alphas: np.ndarray) -> np.ndarray:
        """One Gamma(alpha, 1) sample per alpha, in order, as PyTorch's CPU ``_standard_gamma``
        draws them: Marsaglia and Tsang's rejection in float64 from one-at-a-time float64
        normals and uniforms; alpha below 1 is boosted by one and the sample scaled by
        ``(1 - u) ** (1 / alpha)``. The constants keep the precision of the C++ source's float
        literals (``1.0f / 3.0f``, ``0.0331f``), and a sample is at least the dtype's tiny."""
        low_precision = alphas.dtype != np.float64
        third = float(np.float32(1) / np.float32(3))
        squeeze = float(np.float32(0.0331))
        tiny = np.finfo(alphas.dtype).tiny

        def uniform() -> float:
            return float(self._unit(1, np.dtype(np.float64))[0])

        def normal() -> float:
            return float(self._normal(1, np.dtype(np.float64), 0.0, 1.0)[0])

        def sample(alpha: Any) -> float:
            scale = 1.0
            if alpha < 1:
                if alpha == 0:
                    return 0.0
                scale *= math.pow(1 - uniform(), float(alpha.dtype.type(1) / alpha))
                alpha = alpha + alpha.dtype.type(1)
            d = float(alpha - np.float32(third)) if low_precision else float(alpha) - third
            c = 1.0 / math.sqrt(9.0 * d)
            while True:
                x = normal()
                y = 1.0 + c * x
                while y <= 0:
                    x = normal()
                    y = 1.0 + c * x
                v = y * y * y
                u = 1 - uniform()
                xx = x * x
                if u < 1.0 - squeeze * xx * xx:
                    return scale * d * v
                if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
                    return scale * d * v

        compute = np.float32 if low_precision else np.float64
        flat = [sample(compute(alpha)) for alpha in alphas.reshape(-1).astype(compute)]
        out = np.array(flat, dtype=np.float64).astype(alphas.dtype)
        return np.maximum(out, tiny).reshape(alphas.shape)

    def _dirichlet(self, alphas: np.ndarray) -> np.ndarray:
        """Dirichlet samples over the last dimension, as PyTorch's CPU ``_sample_dirichlet``:
        a float64 Gamma(alpha) draw per element (at least float64's tiny), divided by the
        row's sum and kept inside [the dtype's tiny, the largest number below 1]."""
        gammas = self._gamma(alphas.astype(np.float64))
        ratio = (gammas / gammas.sum(-1, keepdims=True)).astype(alphas.dtype)
        below_one = np.nextafter(alphas.dtype.type(1), alphas.dtype.type(0))
        return np.clip(ratio, np.finfo(alphas.dtype).tiny, below_one)

    def _binomial(self, counts: np.ndarray, probs: np.ndarray) -> np.ndarray:
        """One Binomial(count, prob) sample per pair, in order, as PyTorch's CPU kernel: with
        ``q = min(p, 1 - p)``, Hormann's BTRS rejection when ``count * q >= 10``, otherwise
        the sum of geometric waiting times; float64 uniforms throughout. The count and
        probability terms are computed in the tensors' dtype (float32 logs in BTRS's bound),
        as in the kernel, so that accept/reject decisions agree."""
        dtype = counts.dtype.type
        one = dtype(1)

        def uniform() -> float:
            return float(self._unit(1, np.dtype(np.float64))[0])

        def inversion(count: Any, prob: Any) -> float:
            geom_sum, drawn = 0.0, 0
            log_q = float(np.log1p(-prob))
            while True:
                geom_sum += math.ceil(math.log(uniform()) / log_q)
                if geom_sum > count:
                    return float(drawn)
                drawn += 1

        def btrs(count: Any, prob: Any) -> float:
            stddev = float(np.sqrt(count * prob * (one - prob)))
            b = 1.15 + 2.53 * stddev
            a = -0.0873 + 0.0248 * b + 0.01 * float(prob)
            c = float(count * prob) + 0.5
            v_r = 0.92 - 4.2 / b
            r = prob / (one - prob)
            alpha = (2.83 + 5.1 / b) * stddev
            m = np.floor((count + one) * prob)
            while True:
                u = uniform() - 0.5
                v = uniform()
                us = 0.5 - abs(u)
                k = dtype(math.floor((2 * a / us + b) * u + c))
                if k < 0 or k > count:
                    continue
                if us >= 0.07 and v <= v_r:
                    return float(k)
                log_v = math.log(v * alpha / (a / (us * us) + b))
                bound = (
                    (float(m) + 0.5) * float(np.log((m + one) / (r * (count - m + one))))
                    + float(count + one) * float(np.log((count - m + one) / (count - k + one)))
                    + (float(k) + 0.5) * float(np.log(r * (count - k + one) / (k + one)))
                    + _stirling_tail(float(m))
                    + _stirling_tail(float(count - m))
                    - _stirling_tail(float(k))
                    - _stirling_tail(float(count - k))
                )
                if log_v <= bound:
                    return float(k)

        def sample(count: Any, prob: Any) -> float:
            if count <= 0 or prob <= 0:
                return 0.0
            if prob >= 1:
                return float(count)
            if prob <= 0.5:
                return btrs(count, prob) if count * prob >= 10 else inversion(count, prob)
            if prob > 0.5:
                q = one - prob
                return float(count) - (btrs(count, q) if count * q >= 10 else inversion(count, q))
            return math.nan

        pairs = zip(counts.reshape(-1).tolist(), probs.reshape(-1).tolist(), strict=True)
        flat = [sample(dtype(count), dtype(prob)) for count, prob in pairs]
        return np.array(flat, dtype=np.float64).astype(counts.dtype).reshape(counts.shape)

    def _random(self, n: int, np_dtype: np.dtype) -> np.ndarray:
        """``random_()``'s integers: every value the dtype holds exactly, from 0 (to 2**mantissa
        for floats), a 64-bit word for int64 and float64, a 32-bit one otherwise."""
        if np_dtype == np.bool_:
            return (self._words32(n) % np.uint64(2)).astype(np.bool_)
        if np_dtype.kind == "f":
            span = (1 << (np.finfo(np_dtype).nmant + 1)) + 1
        else:
            span = int(np.iinfo(np_dtype).max) + 1
        wide = np_dtype in (np.int64, np.float64)
        words = self._words64(n) if wide else self._words32(n)
        return (words % np.uint64(span)).astype(np_dtype)

    def _integers(self, n: int, low: int, high: int) -> np.ndarray:
        """Integers in [low, high): a word modulo the range (a 64-bit word when the range
        needs more than 32 bits), plus ``low``; int64."""
        span = high - low
        words = self._words64(n) if span >= 1 << 32 else self._words32(n)
        return ((words % np.uint64(span)).astype(np.int64) + np.int64(low)).astype(np.int64)

    def _permutation(self, n: int) -> np.ndarray:
        """Fisher-Yates from the front: position i swaps with i + word % (n - i)."""
        if n <= 1:
            return np.arange(n, dtype=np.int64)
        if n < (1 << 32) // 20:
            words = self._words32(n - 1)
        else:
            words = self._words64(n - 1)
        offsets = (words % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
        order = list(range(n))
        for i, z in enumerate(offsets):
            j = i + z
            order[i], order[j] = order[j], order[i]
        return np.array(order, dtype=np.int64)

    def get_state(self) -> Tensor:
        """The generator's state as a ``uint8`` tensor (PyTorch's ByteTensor), for
        ``set_state``: the seed, the Twister's position and words, and the kept normal."""
        bits = self._bits.state["state"]
        keep = self._next_normal
        packed = _STATE_LAYOUT.pack(
            self._seed,
            bits["pos"],
            keep is not None,
            0.0 if keep is None else keep,
            *np.asarray(bits["key"], dtype=np.uint32).tolist(),
        )
        return Tensor._from_array(np.frombuffer(packed, dtype=np.uint8).copy())

    def set_state(self, new_state: Tensor) -> Generator:
        """Restore a state that ``get_state`` returned; returns the generator."""
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        data = new_state._data
        if data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if data.size != _STATE_LAYOUT.size:
            raise RuntimeError(
                f"Expected a CPUGeneratorImplState of size {_STATE_LAYOUT.size} but found the "
                f"input RNG state size to be {data.size}"
            )
        seed, pos, has_normal, normal, *key = _STATE_LAYOUT.unpack(
            np.ascontiguousarray(data).tobytes()
        )
        bits = np.random.MT19937()
        bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": np.array(key, dtype=np.uint32), "pos": pos},
        }
        self._twister = bits
        self._seed = seed
        self._next_normal = normal if has_normal else None
        return self

    @property
    def device(self) -> Any:
        from ._tensor import CPU

        return CPU


_NO_CUDA_GENERATOR = (
    "Cannot get CUDA generator without ATen_cuda library. PyTorch splits its backend into two "
    "shared libraries: a CPU library and a CUDA library; this error has occurred because you "
    "are trying to use some CUDA functionality, but the CUDA library has not been loaded by "
    "the dynamic linker for some reason.  The CUDA library MUST be loaded, EVEN IF you don't "
    "directly use any symbols from the CUDA library! One common culprit is a lack of "
    "-Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic "
    "library dependencies if you don't depend on any of their symbols.  You can check if this "
    "has occurred by using ldd on your binary to see if there is a dependency on *_cuda.so "
    "library."
)


_STIRLING_TAILS = (0.08106146679532726, 0.04134069595540929, 0.02767792568499834,
                   0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
                   0.01189670994589177, 0.01041126526197209, 0.009255462182712733,
                   0.008330563433362871)  # fmt: skip


def _stirling_tail(k: float) -> float:
    """``log(k!) - (k + 1/2) log(k + 1) + (k + 1) - log(sqrt(2 pi))``: tabulated below 10,
    else its asymptotic series (BTRS's correction term)."""
    if k <= 9:
        return _STIRLING_TAILS[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _box_muller_16(unit: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Normals from uniforms, 16 at a time: in each block the first 8 give ``1 - u1`` and
    the last 8 ``u2`` of Box-Muller pairs; the block becomes 8 cosines then 8 sines. float32
    takes PyTorch's AVX2 kernel's log, sine and cosine (``_log_avx2``, ``_sincos_avx2``)."""
    compute = unit.dtype.type
    blocks = unit.reshape(-1, 2, 8)
    if compute is np.float32:
        radius = np.sqrt(np.float32(-2.0) * _log_avx2(np.float32(1.0) - blocks[:, 0]))
        sine, cosine = _sincos_avx2(np.float32(2.0 * math.pi) * blocks[:, 1])
        pair = np.stack([radius * cosine, radius * sine], axis=1)
        return _fma(pair, np.float32(std), np.float32(mean)).reshape(-1)
    radius = np.sqrt(compute(-2.0) * np.log(compute(1.0) - blocks[:, 0]))
    theta = compute(2.0 * math.pi) * blocks[:, 1]
    pair = np.stack([radius * np.cos(theta), radius * np.sin(theta)], axis=1)
    return (pair * compute(std) + compute(mean)).reshape(-1)


# NOTE [PyTorch's float32 normals]
# PyTorch's AVX2 build turns float32 uniforms into normals with the Cephes-style single
# precision log and sincos of the public-domain avx_mathfun routines, compiled with fused
# multiply-adds where a product feeds an addition. NumPy's log/sin/cos differ from them in the
# last bit for about one normal in seven, which shows in ``.item()`` and in sums. Below, the
# same polynomials in float32 with the same fusions (``_fma``: the product and sum in float64,
# rounded once, which is exact for float32 operands), checked bit for bit against PyTorch.
_F = np.float32
_LOG_POLY = tuple(_F(c) for c in (
    7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
    -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
))  # fmt: skip
_COS_POLY = tuple(_F(c) for c in (2.443315711809948e-005, -1.388731625493765e-003,
                                  4.166664568298827e-002))  # fmt: skip
_SIN_POLY = tuple(_F(c) for c in (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1))


def _fma(a: Any, b: Any, c: Any) -> np.ndarray:
    """a * b + c rounded once to float32 (a float32 product is exact in float64)."""
    wide = np.multiply(a, b, dtype=np.float64)
    wide += c
    return wide.astype(_F)


def _log_avx2(x: np.ndarray) -> np.ndarray:
    """Natural log of positive float32 values: exponent and mantissa in [sqrt(1/2), sqrt(2)),
    a degree-9 polynomial, the exponent's log in two parts."""
    bits = np.maximum(x, _F(1.17549435e-38)).view(np.int32)
    exponent = ((bits >> 23) - 0x7F).astype(_F) + _F(1)
    x = ((bits & ~np.int32(0x7F800000)) | np.int32(0x3F000000)).view(_F)  # mantissa in [0.5, 1)
    small = x < _F(0.707106781186547524)
    exponent = exponent - small.astype(_F)
    x = (x - _F(1)) + np.where(small, x, _F(0))
    square = x * x
    y = np.full_like(x, _LOG_POLY[0])
    for coefficient in _LOG_POLY[1:]:
        y = _fma(y, x, coefficient)
    y = _fma(y * x, square, exponent * _F(-2.12194440e-4))
    y = _fma(square, _F(-0.5), y)
    return _fma(exponent, _F(0.693359375), x + y)


def _sincos_avx2(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sine and cosine of float32 values: reduced by multiples of pi/4 (in three parts), two
    polynomials, each result picked and signed by the octant."""
    sign_sin = x.view(np.int32) & np.int32(-0x80000000)
    x = np.abs(x)
    octant = ((x * _F(1.27323954473516)).astype(np.int32) + 1) & ~np.int32(1)
    y = octant.astype(_F)
    sign_sin = sign_sin ^ ((octant & 4) << 29)
    sign_cos = (~(octant - 2) & 4) << 29
    use_cos_poly_for_cos = (octant & 2) == 0
    for part in (_F(-0.78515625), _F(-2.4187564849853515625e-4), _F(-3.77489497744594108e-8)):
        x = _fma(y, part, x)
    square = x * x
    c = np.full_like(x, _COS_POLY[0])
    for coefficient in _COS_POLY[1:]:
        c = _fma(c, square, coefficient)
    c = _fma(c * square, square, -(square * _F(0.5))) + _F(1)
    s = np.full_like(x, _SIN_POLY[0])
    for coefficient in _SIN_POLY[1:]:
        s = _fma(s, square, coefficient)
    s = _fma(s * square, x, x)
    sine = np.where(use_cos_poly_for_cos, s, c).view(np.int32) ^ sign_sin
    cosine = np.where(use_cos_poly_for_cos, c, s).view(np.int32) ^ sign_cos
    return sine.view(_F), cosine.view(_F)


# get_state's bytes: the seed, the Twister's position, whether a normal is kept and that
# normal, the Twister's 624 words; zero padding to the 5056 bytes of PyTorch's CPU generator
# state, so states have PyTorch's size (and its size message).
_STATE_LAYOUT = struct.Struct("<QI?d624I2539x")

default_generator = Generator()


def get_rng_state() -> Tensor:
    """The default generator's state as a ``uint8`` tensor."""
    return default_generator.get_state()


def set_rng_state(new_state: Tensor) -> None:
    """Restore the default generator's state from ``get_rng_state()``."""
    default_generator.set_state(new_state)


def manual_seed(seed: int) -> Generator:
    """Seed the default generator; returns it."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def _gen(generator: Generator | None) -> Generator:
    return generator or default_generator


def _float_dtype(dtype: DType | None, kernel: str, complex_too: bool = False) -> DType:
    dtype = dtype or _dtype.get_default_dtype()
    if complex_too and dtype.category == _dtype.COMPLEX:
        return dtype
    if dtype.category != _dtype.FLOATING:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{dtype.legacy_name}'")
    return dtype


_FACTORY_OPTIONS = (
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
)


def _overloads(*heads: str) -> str:
    """PyTorch's list of a sampler's signatures, each with and without a generator."""
    lines = []
    for head in heads:
        lines.append(f" * ({head}, *, torch.Generator generator, {_FACTORY_OPTIONS}")
        lines.append(f" * ({head}, *, {_FACTORY_OPTIONS}")
    return "\n".join(lines) + "\n"


def _invalid_combination(name: str, signatures: str, args: tuple[Any, ...],
                         kwargs: dict[str, Any]) -> TypeError:  # fmt: skip
    """PyTorch's TypeError when no signature of ``name`` takes the arguments given."""
    from ._creation import _type_name

    got = ", ".join(
        [_type_name(arg) for arg in args]
        + [f"{key}={_type_name(value)}" for key, value in kwargs.items()]
    )
    return TypeError(
        f"{name}() received an invalid combination of arguments - got ({got}), but expected "
        f"one of:\n{signatures}"
    )


def _check_generator(name: str, signatures: str, args: tuple[Any, ...], generator: Any) -> None:
    if generator is not None and not isinstance(generator, Generator):
        raise _invalid_combination(name, signatures, args, {"generator": generator})


def _check_flag(name: str, signatures: str, args: tuple[Any, ...], requires_grad: Any) -> None:
    """The parser's refusal of a ``requires_grad`` that is not a bool (it does not go by
    truth value); a sampler has several signatures, so it lists them."""
    from ._creation import bad_flag

    if bad_flag(requires_grad):
        raise _invalid_combination(name, signatures, args, {"requires_grad": requires_grad})


def _like_signatures() -> str:
    """The signatures of randn_like and rand_like, with and without a generator."""
    rest = _FACTORY_OPTIONS[len("Tensor out = None, ") :]
    options = f"torch.memory_format memory_format = None, {rest}"
    return (
        f" * (Tensor input, *, torch.Generator generator, {options}\n"
        f" * (Tensor input, *, {options}\n"
    )


def _sample_shape(size: tuple[Any, ...], name: str, options_given: bool) -> tuple[int, ...]:
    if not size:
        if options_given:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
        raise _invalid_combination(name, _overloads("tuple of ints size"), (), {})
    return _size_args(size, name)


def _real_of(np_dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float64 if np_dtype == np.complex128 else np.float32)


def _filled(shape: tuple[int, ...], np_dtype: np.dtype, draw: Any) -> np.ndarray:
    """``draw(n, dtype)`` for every element, in order; a complex tensor is filled as its
    real view (real and imaginary parts interleaved), as PyTorch fills it."""
    count = int(np.prod(shape, dtype=np.int64))
    if np_dtype.kind == "c":
        parts = draw(2 * count, _real_of(np_dtype)).reshape(*shape, 2)
        return (parts[..., 0] + 1j * parts[..., 1]).astype(np_dtype)
    return draw(count, np_dtype).reshape(shape)


@_factory_out("rand")
def rand(*size: Any, generator: Generator | None = None, out: Any = None,
         dtype: DType | None = None, layout: Any = None, device: Any = None,
         requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """Uniform samples on ``[0, 1)``."""
    given = generator is not None or dtype is not None or device is not None or requires_grad
    _check_generator("rand", _overloads("tuple of ints size"), size, generator)
    _check_flag("rand", _overloads("tuple of ints size"), size, requires_grad)
    shape = _sample_shape(size, "rand", given)
    _check_device(device)
    dtype = _float_dtype(dtype, "check_uniform_bounds", complex_too=True)
    gen = _gen(generator)
    array = _filled(shape, np.dtype(dtype.numpy), lambda n, d: gen._uniform(n, d, 0.0, 1.0))
    return _leaf(array, requires_grad)


@_factory_out("randn")
def randn(*size: Any, generator: Generator | None = None, out: Any = None,
          dtype: DType | None = None, layout: Any = None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """Standard normal samples."""
    given = generator is not None or dtype is not None or device is not None or requires_grad
    _check_generator("randn", _overloads("tuple of ints size"), size, generator)
    _check_flag("randn", _overloads("tuple of ints size"), size, requires_grad)
    shape = _sample_shape(size, "randn", given)
    _check_device(device)
    dtype = _float_dtype(dtype, "normal_kernel_cpu", complex_too=True)
    gen = _gen(generator)
    # complex: variance 1 in all, 1/2 per part
    std = math.sqrt(0.5) if dtype.category == _dtype.COMPLEX else 1.0
    array = _filled(shape, np.dtype(dtype.numpy), lambda n, d: gen._normal(n, d, 0.0, std))
    return _leaf(array, requires_grad)


_RANDINT_SIGNATURES = _overloads(
    "int high, tuple of ints size", "int low, int high, tuple of ints size"
)


def _is_int(value: Any) -> bool:
    if isinstance(value, Tensor):
        return value.ndim == 0 and value._data.dtype.kind in "iu"
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


@_factory_out("randint")
def randint(*args: Any, generator: Generator | None = None, out: Any = None,
            dtype: DType | None = None, layout: Any = None, device: Any = None,
            requires_grad: bool = False, pin_memory: bool = False,
            **kwargs: Any) -> Tensor:  # fmt: skip
    """randint(low=0, high, size) -> integers in ``[low, high)`` (int64 by default)."""
    names = ("low", "high", "size") if len(args) + len(kwargs) >= 3 else ("high", "size")
    bound = dict(zip(names, args))
    clash = set(bound) & set(kwargs)
    if clash or set(kwargs) - {"low", "high", "size"} or len(args) > 3:
        raise _invalid_combination("randint", _RANDINT_SIGNATURES, args, kwargs)
    bound.update(kwargs)
    low, high, size = bound.get("low", 0), bound.get("high"), bound.get("size")
    if len(args) == 2 and not kwargs and not isinstance(size, (list, tuple)):
        raise TypeError(
            "randint(): argument 'size' (position 2) must be tuple of ints, not "
            f"{type(size).__name__}"
        )
    if (
        high is None
        or not isinstance(size, (list, tuple))
        or not (_is_int(low) and _is_int(high))
        or not all(_is_int(value) for value in size)
    ):
        raise _invalid_combination("randint", _RANDINT_SIGNATURES, args, kwargs)
    _check_generator("randint", _RANDINT_SIGNATURES, args, generator)
    _check_flag("randint", _RANDINT_SIGNATURES, args, requires_grad)
    _check_device(device)
    dtype = dtype or _dtype.int64
    shape = _size_args((tuple(size),), "randint")
    low, high = int(low), int(high)
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    if dtype == _dtype.bool and high > 2:
        raise RuntimeError("to - 1 is out of bounds for bool")
    count = int(np.prod(shape, dtype=np.int64))
    array = _gen(generator)._integers(count, low, high).reshape(shape).astype(dtype.numpy)
    return _leaf(array, requires_grad)


@_factory_out("randperm")
def randperm(*args: Any, generator: Generator | None = None, out: Any = None,
             dtype: DType | None = None, layout: Any = None, device: Any = None,
             requires_grad: bool = False, pin_memory: bool = False,
             **kwargs: Any) -> Tensor:  # fmt: skip
    """A random permutation of ``0 .. n-1``."""
    n = kwargs.pop("n") if "n" in kwargs and not args else (args[0] if len(args) == 1 else None)
    if n is None or kwargs or len(args) > 1:
        raise _invalid_combination("randperm", _overloads("int n"), args, kwargs)
    if not _is_int(n):
        raise TypeError(
            f"randperm(): argument 'n' (position 1) must be int, not {type(n).__name__}"
        )
    _check_generator("randperm", _overloads("int n"), args, generator)
    n = int(n)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    _check_device(device)
    dtype = dtype or _dtype.int64
    return _leaf(_gen(generator)._permutation(n).astype(dtype.numpy), requires_grad)


def rand_like(input: Tensor, *, dtype: DType | None = None, **kwargs: Any) -> Tensor:
    require_tensor_input("rand_like", input)
    _check_flag("rand_like", _like_signatures(), (input,), kwargs.get("requires_grad", False))
    return rand(input.shape, dtype=dtype or input.dtype, **kwargs)


def randn_like(input: Tensor, *, dtype: DType | None = None, **kwargs: Any) -> Tensor:
    require_tensor_input("randn_like", input)
    _check_flag("randn_like", _like_signatures(), (input,), kwargs.get("requires_grad", False))
    return randn(input.shape, dtype=dtype or input.dtype, **kwargs)


def randint_like(input: Tensor, low: int, high: Any = None, *, dtype: DType | None = None,
                 **kwargs: Any) -> Tensor:  # fmt: skip
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype, **kwargs)


def normal(mean: Any = 0.0, std: Any = 1.0, size: Any = None, *,
           generator: Generator | None = None, **kwargs: Any) -> Tensor:  # fmt: skip
    """Normal samples with the given mean and std (tensors broadcast, or a ``size``)."""
    if isinstance(std, Tensor):
        if np.any(std._data < 0):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {float(std):g}")
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        mean_array = mean._data if isinstance(mean, Tensor) else mean
        std_array = std._data if isinstance(std, Tensor) else std
        shape = np.broadcast_shapes(np.shape(mean_array), np.shape(std_array))
        like = mean if isinstance(mean, Tensor) else std
        np_dtype = like._data.dtype
        gen = _gen(generator)
        standard = _filled(shape, np_dtype, lambda n, d: gen._normal(n, d, 0.0, 1.0))
        sample = standard * np.asarray(std_array, dtype=np_dtype) + np.asarray(
            mean_array, dtype=np_dtype
        )
        return _leaf(np.asarray(sample).astype(np_dtype), False)
    dtype = kwargs.get("dtype") or _dtype.get_default_dtype()
    gen = _gen(generator)
    shape = _size_args((size,), "normal")
    sample = _filled(shape, np.dtype(dtype.numpy), lambda n, d: gen._normal(n, d, mean, std))
    return _leaf(sample.astype(dtype.numpy), kwargs.get("requires_grad", False))
