"""op_db rows for ``_ops.normal_functions`` (see op_db.py): ``torch.special``'s ndtr, ndtri,
log_ndtr, erfcx, entr, xlog1py, zeta and the Bessel functions bessel_j0 and bessel_j1.

Besides the usual shapes, samples reach the tails (log_ndtr at -40, erfcx at -20 and 1e5,
ndtri at 1e-300 and 1 - 1e-16) and the edges (0, 1, nan, inf, outside the domain: no
gradcheck there). zeta is differentiable in its second operand only, as in PyTorch: the first
one is given without requires_grad. bessel_j0 and bessel_j1 have no derivative in PyTorch;
between 5 and 25 PyTorch's own kernel is off by up to 4e-7 (absolute), so those rows
compare float64 values at that tolerance and keep their wide samples outside that range.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from op_db import _F32_LOOSE, OpInfo, S, _Maker, _op, binary, unary
from oracle import Sample, TensorArg, Tolerance

NAN, INF = float("nan"), float("inf")
# log_ndtr's second derivative, -l (l + x) with l = exp(-(log_ndtr(x) + x^2 / 2)) / sqrt(2 pi),
# cancels below x = -3: there one float32 ulp of the value (PyTorch's kernel and rungrad's
# round differently) moves it by 1e-4.
_LOG_NDTR_TOLERANCE = {"float32": Tolerance(1e-3, 1e-5)}
_BESSEL_TOLERANCE = {"float32": Tolerance(1e-4, 1e-5), "float64": Tolerance(1e-6, 1e-6)}


def _array(values: list[float], dtype: str, requires_grad: bool = True) -> TensorArg:
    return TensorArg(np.array(values, dtype=dtype), requires_grad=requires_grad)


def _with(base: Any, *extra: tuple[list[float], str, bool]) -> Any:
    """``base``'s samples plus one per (values, name, gradcheck)."""

    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        return [
            *base(rng, dtype),
            *(S(_array(values, dtype), name=name, gradcheck=ok) for values, name, ok in extra),
        ]

    return samples


def _xlog1py_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")
    zeros = _array([0.0, 0.0, 0.0, 1.0, 0.0, 2.0], dtype)
    others = _array([0.0, -1.0, -2.0, 0.0, NAN, -1.0], dtype)
    result = [
        *binary("real", "positive")(rng, dtype),
        S(zeros, others, name="zeros, nan, -1", gradcheck=False),
        S(2.5, make((2, 3)), name="number self"),
        S(0, make((3,)), name="int 0 self"),
    ]
    if dtype == "float32":
        result.append(S(2, make((3,), dtype="int64"), name="int number self, int64 other"))
    return result


def _exponent(make: _Maker, shape: tuple[int, ...]) -> TensorArg:
    arg = make(shape, domain="positive")
    return TensorArg(arg.value * 2 + 1.0, requires_grad=False)


def _zeta_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")
    result = [
        S(_exponent(make, ()), make(()), name="0d"),
        S(_exponent(make, (5,)), make((5,)), name="1d"),
        S(_exponent(make, (3, 1)), make((1, 4)), name="(3,1)x(1,4)"),
        S(_exponent(make, (3, 4)), make((3, 4), layout="transposed"), name="transposed"),
        S(_exponent(make, (0, 2)), make((2,)), name="empty"),
        S(2.5, make((2, 3)), name="number self"),
        S(_exponent(make, (3,)), 2.5, name="number other"),
        S(
            _array([1.0, 0.5, 2.0, 2.0, 3.0, 2.5, 30.0, INF, NAN], dtype, requires_grad=False),
            _array([1.0, 1.0, -2.0, -1.5, -1.5, -1.5, 0.2, 2.0, 1.0], dtype),
            name="edges",
            gradcheck=False,
        ),
    ]
    if dtype == "float32":
        result.append(S(_exponent(make, (3,)), make((3,), dtype="float64"), name="float64 q"))
    return result


def _two_numbers(rng: np.random.Generator) -> list[Sample]:
    return [S(2.0, 3.0, name="two numbers")]


def _half(rng: np.random.Generator) -> list[Sample]:
    return [S(TensorArg(np.array([0.25, 0.5], dtype=np.float16)), name="float16")]


def _j(name: str, domain: str = "real") -> OpInfo:
    return _op(
        f"special.{name}",
        lambda T, a: getattr(T.special, name)(a),
        _with(
            unary(domain),
            ([-30.0, 0.0, 0.5, -3.0, 4.5, 25.0, 100.0, 1e5], "wide", True),
            ([INF, -INF, NAN, -0.0], "inf, nan", False),
        ),
        f"normal_functions.{name}",
        backward=False,
        tolerance=_BESSEL_TOLERANCE,
        errors=_half,
    )


def _no_derivative(name: str, domain: str = "real") -> OpInfo:
    return _op(
        f"special.{name}",
        lambda T, a: getattr(T.special, name)(a),
        _with(
            unary(domain),
            ([1e-30, 1e-5, 0.3, 4.0, 20.0, 90.0, 700.0], "wide", True),
            ([INF, -INF, NAN, 0.0, -1.0], "edges", False),
        ),
        f"normal_functions.{name}",
        backward=False,
        tolerance=_F32_LOOSE,
        errors=_half,
    )


def _mvlgamma_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")

    def x(shape: tuple[int, ...], **options: Any) -> TensorArg:
        arg = make(shape, **options)
        arg.value[...] = arg.value * 2 + 2  # above (p - 1) / 2 for p <= 5
        return arg

    result = [
        S(x(()), 1, name="0d p=1"),
        S(x((5,)), 3, name="1d p=3"),
        S(x((3, 4), layout="transposed"), 2, name="transposed p=2"),
        S(x((2, 3)), 5, name="p=5"),
        S(x((0, 3)), 2, name="empty"),
    ]
    if dtype == "float32":
        result.append(S(TensorArg(np.array([3, 4, 7]), requires_grad=False), 2, name="int64"))
    return result


def _floating_mvlgamma_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    """In place, an integer tensor cannot hold the result (an error, see the transcripts)."""
    return [sample for sample in _mvlgamma_samples(rng, dtype) if sample.name != "int64"]


def _mvlgamma_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32", "positive")
    return [S(make((2,)), 0, name="p=0"), S(make((2,)), 2.0, name="float p")]


def _mvlgamma_inplace(T: Any, a: Any, p: int) -> Any:
    result = a * 1
    assert result.mvlgamma_(p) is result
    return result


_POLYNOMIALS = [
    "chebyshev_polynomial_t",
    "chebyshev_polynomial_u",
    "chebyshev_polynomial_v",
    "chebyshev_polynomial_w",
    "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w",
    "hermite_polynomial_h",
    "hermite_polynomial_he",
    "laguerre_polynomial_l",
    "legendre_polynomial_p",
]


def _polynomial_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    degrees = TensorArg(np.arange(-1, 14, dtype=dtype).reshape(3, 5), requires_grad=False)
    ends = _array([-1.0, 1.0, 0.0, 0.5, -0.5, 2.0], dtype)
    result = [
        S(make(()), 3, name="0d"),
        S(make((5,)), 4, name="1d"),
        S(make((3, 5), layout="transposed"), degrees, name="degrees -1..13"),
        S(make((2, 1, 5)), degrees, name="broadcast"),
        S(make((0, 3)), 2, name="empty"),
        S(ends, 9, name="ends, trigonometric form"),
        S(ends, 2.7, name="fractional degree"),
        S(0.25, degrees, name="number x"),
        S(make((4,)), 40, name="high degree"),
    ]
    if dtype == "float32":
        ints = TensorArg(np.array([1, 2, 3]), requires_grad=False)
        result.append(S(ints, ints, name="int64"))
    return result


def _polynomial_errors(rng: np.random.Generator) -> list[Sample]:
    half = TensorArg(np.array([0.25], dtype=np.float16))
    return [S(1.0, 2, name="two numbers"), S(half, 2, name="float16")]


def _polynomial(name: str) -> OpInfo:
    return _op(
        f"special.{name}",
        lambda T, x, n: getattr(T.special, name)(x, n),
        _polynomial_samples,
        f"polynomials._{name}",
        backward=False,
        tolerance=_F32_LOOSE,
        errors=_polynomial_errors,
    )


NORMAL_OPS: list[OpInfo] = [
    _op(
        "special.ndtr",
        lambda T, a: T.special.ndtr(a),
        _with(unary(), ([-40.0, -8.0, 0.0, 8.0, INF, -INF, NAN], "tails", False)),
    ),
    _op(
        "special.ndtri",
        lambda T, a: T.special.ndtri(a),
        _with(
            unary("probability"),
            ([1e-3, 0.02, 0.25, 0.4999, 0.5, 0.75, 0.999], "near the tails", True),
            ([1e-300, 1e-20, 1.0 - 1e-12], "tails", False),
            ([0.0, 1.0, -1.0, 2.0, NAN], "edges", False),
        ),
        "normal_functions.ndtri",
        tolerance=_F32_LOOSE,
        errors=_half,
    ),
    _op(
        "special.log_ndtr",
        lambda T, a: T.special.log_ndtr(a),
        _with(
            unary(),
            ([-40.0, -10.0, -3.0, 5.0, 10.0], "tails", True),
            ([INF, -INF, NAN, 40.0, -20.0], "edges", False),
        ),
        "normal_functions.log_ndtr",
        tolerance=_LOG_NDTR_TOLERANCE,
        errors=_half,
    ),
    _op(
        "special.erfcx",
        lambda T, a: T.special.erfcx(a),
        _with(
            unary(),
            ([-5.0, -1.5, 3.0, 9.5, 12.0, 50.0], "wide", True),
            ([INF, -INF, NAN, -20.0, -30.0], "edges", False),
        ),
        "normal_functions.erfcx",
        covers_backward=("normal_functions.sub_scalar",),
        tolerance=_F32_LOOSE,
        errors=_half,
    ),
    _op(
        "special.entr",
        lambda T, a: T.special.entr(a),
        _with(unary("positive"), ([0.0, -1.0, NAN, INF, 2.0], "edges", False)),
        "normal_functions.special_entr",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "special.xlog1py",
        lambda T, a, b: T.special.xlog1py(a, b),
        _xlog1py_samples,
        "normal_functions._xlog1py_tensor",
        "normal_functions._xlog1py_scalar_self",
        "normal_functions._xlog1py_scalar_other",
        errors=_two_numbers,
    ),
    _op(
        "special.zeta",
        lambda T, a, b: T.special.zeta(a, b),
        _zeta_samples,
        "normal_functions._zeta_tensor",
        "normal_functions._zeta_scalar_self",
        "normal_functions._zeta_scalar_other",
        tolerance=_F32_LOOSE,
        errors=_two_numbers,
    ),
    _j("bessel_j0"),
    _j("bessel_j1"),
    _j("bessel_y0", "positive"),
    _j("bessel_y1", "positive"),
    _no_derivative("modified_bessel_i0"),
    _no_derivative("modified_bessel_i1"),
    _no_derivative("modified_bessel_k0", "positive"),
    _no_derivative("modified_bessel_k1", "positive"),
    _no_derivative("scaled_modified_bessel_k0", "positive"),
    _no_derivative("scaled_modified_bessel_k1", "positive"),
    _no_derivative("spherical_bessel_j0"),
    _no_derivative("airy_ai"),
    *(_polynomial(name) for name in _POLYNOMIALS),
    *(
        _op(
            name,
            function,
            samples,
            "normal_functions._mvlgamma",
            tolerance=_F32_LOOSE,
            errors=_mvlgamma_errors,
        )
        for name, function, samples in (
            (
                "special.multigammaln",
                lambda T, a, p: T.special.multigammaln(a, p),
                _mvlgamma_samples,
            ),
            ("mvlgamma", lambda T, a, p: T.mvlgamma(a, p), _mvlgamma_samples),
            ("Tensor.mvlgamma", lambda T, a, p: a.mvlgamma(p), _mvlgamma_samples),
            ("Tensor.mvlgamma_", _mvlgamma_inplace, _floating_mvlgamma_samples),
        )
    ),
]
