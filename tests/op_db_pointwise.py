"""op_db rows for the pointwise ops added after the first round (see op_db.py).

Domains keep samples where each op is smooth (``unit`` for asin/atanh/erfinv, ``positive``
for logarithms and the gamma family, shifted above 1 for acosh); samples at kinks, poles or
nan set ``gradcheck=False`` and are compared with PyTorch only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from op_db import (
    _F32_LOOSE,
    FLOATS_AND_INT,
    OpInfo,
    S,
    SampleFunction,
    _Maker,
    _op,
    _special_values,
    binary,
    unary,
)
from oracle import Sample, TensorArg

NAN, INF = float("nan"), float("inf")


def _array(values: list[float], dtype: str) -> TensorArg:
    return TensorArg(np.array(values, dtype=dtype))


def _int_array(values: list[int]) -> TensorArg:
    return TensorArg(np.array(values, dtype=np.int64))


def _shifted(domain: str, shift: float, ints: bool = True) -> SampleFunction:
    """``unary(domain)`` with ``shift`` added to the floating samples (acosh needs x > 1)."""

    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        result = unary(domain, ints)(rng, dtype)
        for sample in result:
            (arg,) = sample.args
            if arg.value.dtype.kind == "f":
                arg.value[...] += shift
        return result

    return samples


def _with(base: SampleFunction, *extra: Callable[[_Maker, str], Sample]) -> SampleFunction:
    """``base``'s samples plus hand-written ones, each made from a maker of the dtype."""

    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        return [*base(rng, dtype), *(build(make, dtype) for build in extra)]

    return samples


def _mixed_floats(rng: np.random.Generator, dtype: str, domain: str = "real") -> list[Sample]:
    """Mixed floating dtypes for binary ops that refuse integers."""
    if dtype != "float32":
        return []
    make = _Maker(rng, dtype, domain)
    return [
        S(make((3,)), make((3,), dtype="float64"), name="float32xfloat64"),
        S(make((3,)), make((), dtype="float64"), name="weak-0d-float64"),
    ]


def _float_binary(domain: str = "real", other_domain: str | None = None) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        plain = binary(domain, other_domain, scalar=None, mixed=False)(rng, dtype)
        return [*plain, *_mixed_floats(rng, dtype, domain)]

    return samples


def _errors(*builders: Callable[[_Maker], Sample]) -> Callable[[np.random.Generator], list[Sample]]:
    def errors(rng: np.random.Generator) -> list[Sample]:
        make = _Maker(rng, "float32")
        return [build(make) for build in builders]

    return errors


def _unary_op(name: str) -> Callable[..., Any]:
    return lambda T, a: getattr(T, name)(a)


# -- division and remainders ---------------------------------------------------------------
def _backward_of(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``function`` and backward through its result (for NotImplemented nodes)."""

    def op(T: Any, *args: Any) -> Any:
        function(T, *args).sum().backward()

    return op


def _int_zero_divisor(make: _Maker) -> Sample:
    return S(_int_array([3, -4, 5]), _int_array([2, 0, 1]), name="int zero divisor")


def _int_zero_scalar(make: _Maker) -> Sample:
    return S(_int_array([3, -4, 5]), 0, name="int divisor 0")


def _special_divisors(make: _Maker, dtype: str) -> Sample:
    dtype = dtype if dtype.startswith("float") else "float32"
    dividend = _array([-3.5, 3.5, 1.0, -0.0, INF, 2.0], dtype)
    divisor = _array([2.0, -2.0, 0.0, 1.5, 2.0, INF], dtype)
    return S(dividend, divisor, name="zero, inf, signs", gradcheck=False)


_DIVISION_OPS = [
    _op(
        "floor_divide",
        lambda T, a, b: T.floor_divide(a, b),
        binary("real", "nonzero"),
        "pointwise._floor_divide",
        dtypes=FLOATS_AND_INT,
        backward=False,
        errors=_errors(_int_zero_divisor, _int_zero_scalar),
    ),
    _op(
        "__floordiv__",
        lambda T, a, b: a // b,
        _with(binary("real", "nonzero", mixed=False), _special_divisors),
        "pointwise._floor_divide",
        backward=False,
    ),
    _op(
        "__rfloordiv__",
        lambda T, a, b: b // a,
        lambda rng, dtype: [S(_Maker(rng, dtype, "nonzero")((2, 3)), 7.5, name="7.5 // x")],
        "pointwise._floor_divide",
        backward=False,
    ),
    _op(
        "floor_divide.backward",
        _backward_of(lambda T, a, b: T.floor_divide(a, b)),
        lambda rng, dtype: [],
        errors=_errors(lambda make: S(make((3,)), 2.0, name="not implemented")),
    ),
    _op(
        "remainder_scalar_tensor",
        lambda T, a, b: T.remainder(a, b),
        lambda rng, dtype: [
            S(5.5, _Maker(rng, dtype, "nonzero")((2, 3)), name="5.5 % x"),
            S(5, _Maker(rng, "int64", "nonzero")((3,)), name="5 % int"),
        ],
        "pointwise._remainder_scalar_tensor",
        backward=False,
    ),
    _op(
        "__rmod__",
        lambda T, a, b: b % a,
        lambda rng, dtype: [S(_Maker(rng, dtype, "nonzero")((3,)), -2.5, name="-2.5 % x")],
        "pointwise._remainder_scalar_tensor",
        backward=False,
    ),
    _op(
        "remainder_scalar_tensor.backward",
        _backward_of(lambda T, a, b: T.remainder(b, a)),
        lambda rng, dtype: [],
        errors=_errors(lambda make: S(make((3,)), 2.0, name="not implemented")),
    ),
    _op(
        "remainder_special",
        lambda T, a, b: T.remainder(a, b),
        lambda rng, dtype: [_special_divisors(_Maker(rng, dtype), dtype)],
        "pointwise._remainder_tensor",
        errors=_errors(_int_zero_divisor, _int_zero_scalar),
    ),
    _op(
        "fmod",
        lambda T, a, b: T.fmod(a, b),
        _with(binary("real", "nonzero"), _special_divisors),
        "pointwise._fmod_scalar",
        "pointwise._fmod_tensor",
        covers_backward=("pointwise._div_rounded",),
        dtypes=FLOATS_AND_INT,
        errors=_errors(_int_zero_divisor, _int_zero_scalar),
    ),
    _op(
        "div_floor_int",
        lambda T, a, b, mode: T.div(a, b, rounding_mode=mode),
        lambda rng, dtype: [
            S(_Maker(rng, dtype)((3, 4)), _Maker(rng, dtype, "nonzero")((4,)), mode, name=mode)
            for mode in ("floor", "trunc")
        ],
        "pointwise._div_rounded",
        dtypes=("int64",),
        errors=_errors(
            lambda make: S(_int_array([1, 2]), _int_array([1, 0]), "trunc", name="trunc by 0")
        ),
    ),
]


# -- unary math ----------------------------------------------------------------------------
def _unary_rows() -> list[OpInfo]:
    rows = []
    table: list[tuple[str, SampleFunction, dict[str, Any]]] = [
        ("exp2", unary(), {}),
        ("expm1", unary(), {"covers_backward": ("pointwise.add_scalar",)}),
        ("log2", unary("positive"), {}),
        ("log10", unary("positive"), {}),
        ("log1p", unary("unit"), {"covers_backward": ("pointwise.add_scalar",)}),
        ("tan", unary("unit"), {}),
        ("asin", unary("unit", ints=False), {}),
        ("acos", unary("unit", ints=False), {}),
        ("atan", unary(), {"covers_backward": ("pointwise.add_scalar",)}),
        ("sinh", unary(), {}),
        ("cosh", unary(), {}),
        ("asinh", unary(), {}),
        ("acosh", _shifted("positive", 1.0), {}),
        ("atanh", unary("unit", ints=False), {}),
        ("deg2rad", unary(), {"dtypes": FLOATS_AND_INT}),
        ("rad2deg", unary(), {"dtypes": FLOATS_AND_INT}),
        ("erf", unary(), {}),
        ("erfc", unary(), {}),
        ("erfinv", unary("unit", ints=False), {"tolerance": _F32_LOOSE}),
        ("lgamma", _with(unary("positive"), _negative_gamma), {"tolerance": _F32_LOOSE}),
        ("digamma", _with(unary("positive"), _negative_gamma), {"tolerance": _F32_LOOSE}),
        ("sinc", _with(unary(), _sinc_zero), {"tolerance": _F32_LOOSE}),
    ]
    for name, samples, options in table:
        rows.append(_op(name, _unary_op(name), samples, f"pointwise.{name}", **options))
    return rows


def _negative_gamma(make: _Maker, dtype: str) -> Sample:
    return S(_array([-0.5, -1.5, -2.25, 3.5], dtype), name="negative non-integers")


def _sinc_zero(make: _Maker, dtype: str) -> Sample:
    # The first derivative is 0 at 0 by definition (a where): its own derivative there is not
    # the limit, in PyTorch too, so finite differences disagree.
    return S(_array([0.0, 1.0, -1.5], dtype), name="zero and integers", gradcheck=False)


def _special_edges(values: list[float]) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        return [S(_array(values, dtype), name="edges", gradcheck=False)]

    return samples


def _polygamma_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")
    result = [
        S(1, make((5,)), name="n=1"),
        S(2, make((3, 4), layout="transposed"), name="n=2 transposed"),
        S(0, make(()), name="n=0 0d"),
        S(3, make((0, 2)), name="n=3 empty"),
        S(1, _array([-0.5, -1.5, -2.25], dtype), name="n=1 negative"),
    ]
    if dtype == "float32":
        result.append(S(1, make((3,), dtype="int64"), name="int64"))
    return result


_UNARY_OPS = [
    *_unary_rows(),
    _op(
        "special_edges",
        lambda T, a: (T.lgamma(a), T.digamma(a), T.erfinv(a.clamp(-1, 1))),
        _special_edges([0.0, -0.0, -1.0, 1.0, -INF, INF, NAN, 1e-8]),
        backward=False,
    ),
    _op(
        "polygamma",
        lambda T, n, a: T.polygamma(n, a),
        _polygamma_samples,
        "pointwise._polygamma",
        tolerance=_F32_LOOSE,
        errors=_errors(
            lambda make: S(-1, make((2,)), name="negative n"),
            lambda make: S(1.0, make((2,)), name="float n"),
        ),
    ),
    _op(
        "logit",
        lambda T, a, *args: T.logit(a, *args),
        lambda rng, dtype: [
            *unary("probability")(rng, dtype),
            S(_Maker(rng, dtype, "probability")((5,)), 0.25, name="eps"),
            S(_array([-0.5, 0.0, 0.3, 1.0, 1.5], dtype), name="outside", gradcheck=False),
            S(
                _array([-0.5, 0.0, 0.25, 0.5, 1.0, 1.5], dtype),
                0.25,
                name="eps edges",
                gradcheck=False,
            ),
        ],
        "pointwise.logit",
    ),
]


# -- rounding ------------------------------------------------------------------------------
def _round_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    halves = _array([0.5, 1.5, 2.5, -0.5, -2.5, 0.25], dtype)
    return [
        *unary()(rng, dtype),
        S(halves, name="halves", gradcheck=False),
        S(
            _array([1.2345, -0.125, 1234.5678, 2.5], dtype),
            decimals=2,
            name="decimals=2",
            gradcheck=False,
        ),
        S(
            _array([25.0, -150.0, 1234.5678], dtype),
            decimals=-2,
            name="decimals=-2",
            gradcheck=False,
        ),
        S(make((3, 4), layout="transposed"), decimals=1, name="decimals=1 transposed"),
        S(make((2, 3)), decimals=0, name="decimals=0"),
    ]


_ROUNDING_OPS = [
    _op(
        "floor",
        _unary_op("floor"),
        unary(),
        "pointwise.floor",
        dtypes=FLOATS_AND_INT,
        errors=_errors(lambda make: S(make((2,), dtype="bool"), name="bool")),
    ),
    _op("ceil", _unary_op("ceil"), unary(), "pointwise.ceil", dtypes=FLOATS_AND_INT),
    _op("trunc", _unary_op("trunc"), unary(), "pointwise.trunc", dtypes=FLOATS_AND_INT),
    _op("fix", _unary_op("fix"), unary(), "pointwise.trunc"),
    _op(
        "round",
        lambda T, a, **kw: T.round(a, **kw),
        _round_samples,
        "pointwise._round_half_even",
        "pointwise._round_decimals",
        errors=_errors(
            lambda make: S(make((2,), dtype="int64"), decimals=1, name="int decimals"),
            lambda make: S(make((2,), dtype="int64"), decimals=0, name="int decimals=0"),
        ),
    ),
    _op("round_int", _unary_op("round"), unary(ints=False), dtypes=("int64",)),
    _op(
        "frac",
        _unary_op("frac"),
        unary(ints=False),
        "pointwise.frac",
        errors=_errors(
            lambda make: S(make((2,), dtype="int64"), name="int64"),
            lambda make: S(make((2,), dtype="bool"), name="bool"),
        ),
    ),
    _op(
        "sgn",
        _unary_op("sgn"),
        _with(
            unary("nonzero"),
            lambda make, dtype: S(_array([0.0, -0.0, 2.0], dtype), name="0", gradcheck=False),
        ),
        "pointwise.sgn",
        dtypes=FLOATS_AND_INT,
    ),
]


# -- clamping ------------------------------------------------------------------------------
def _clamp_tensor_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    low, high = _Maker(rng, dtype, "unit"), _Maker(rng, dtype, "positive")
    crossed = (
        _array([0.0, 1.0, 2.0, 3.0], dtype),
        _array([1.5, 1.5, 1.5, 0.0], dtype),
        _array([0.5, 0.5, 0.5, 2.5], dtype),
    )
    result = [
        S(make((3, 4)), TensorArg(-high((3, 4)).value), high((3, 4)), name="both"),
        S(make((3, 4), layout="transposed"), low((4,)), high((3, 1)), name="broadcast bounds"),
        S(make((3, 4)), low((3, 4), layout="strided"), name="min only"),
        S(make((3, 4)), max=low((4,)), name="max only"),
        S(make(()), low(()), high(()), name="0d"),
        S(make((2, 3)), low(()), name="0d min"),
        S(make((0, 2)), low((2,)), high((2,)), name="empty"),
        S(*crossed, name="min > max", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(make((4,), dtype="int64"), low((4,), dtype="int64"), name="int64"))
        result.append(S(make((4,), dtype="int64"), low((4,)), name="int64 x float32 bound"))
    return result


def _clamp_tensor_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), make((3,)), 0.5, name="tensor min, number max"),
        S(make((3,)), 0.5, make((3,)), name="number min, tensor max"),
        S(make((3,)), make((4,)), name="broadcast"),
    ]


def _clamp_one_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    bound = _Maker(rng, dtype, "unit")
    ties = make((4,))
    result = [
        S(make((3, 4)), 0.25, name="number"),
        S(make((3, 4), layout="transposed"), -1, name="int number"),
        S(make((3, 4)), bound((4,)), name="tensor broadcast"),
        S(make(()), bound(()), name="0d"),
        S(make((0, 3)), bound((3,)), name="empty"),
        S(ties, TensorArg(ties.value.copy()), name="ties", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), 1.5, name="int64 float bound"))
    return result


_CLAMP_OPS = [
    _op(
        "clamp_tensor",
        lambda T, a, *args, **kw: T.clamp(a, *args, **kw),
        _clamp_tensor_samples,
        "pointwise._clamp_tensor",
        errors=_clamp_tensor_errors,
    ),
    _op(
        "clip_tensor",
        lambda T, a, b, c: T.clip(a, b, c),
        lambda rng, dtype: _clamp_tensor_samples(rng, dtype)[:1],
        "pointwise._clamp_tensor",
    ),
    _op(
        "clamp_min",
        lambda T, a, b: T.clamp_min(a, b),
        _clamp_one_samples,
        "pointwise._clamp_min_scalar",
        "pointwise._clamp_min_tensor",
        errors=_errors(lambda make: S(make((2,)), None, name="None")),
    ),
    _op(
        "clamp_max",
        lambda T, a, b: T.clamp_max(a, b),
        _clamp_one_samples,
        "pointwise._clamp_max_scalar",
        "pointwise._clamp_max_tensor",
    ),
]


# -- binary math ---------------------------------------------------------------------------
def _tensor_only(name: str) -> Callable[[_Maker], Sample]:
    return lambda make: S(make((2,)), 1.5, name="number other")


def _int_pair(name: str) -> Callable[[_Maker], Sample]:
    return lambda make: S(make((2,), dtype="int64"), make((2,), dtype="int64"), name="int64")


def _nan_pair(make: _Maker, dtype: str) -> Sample:
    first = _array([0.0, 1.0, 2.0, NAN, 1.0, NAN], dtype)
    second = _array([1.0, 1.0, 1.0, 1.0, NAN, NAN], dtype)
    return S(first, second, name="nan and ties", gradcheck=False)


def _ldexp_integer_exponents(make: _Maker, dtype: str) -> Sample:
    return S(make((3,)), _int_array([-2, 0, 5]), name="int64 exponents")


def _nextafter_ties(make: _Maker, dtype: str) -> Sample:
    dtype = dtype if dtype.startswith("float") else "float32"
    values = _array([1.0, 0.0, -2.0, INF], dtype)
    towards = _array([1.0, -1.0, INF, 0.0], dtype)
    return S(values, towards, name="equal, zero, inf", gradcheck=False)


def _xlogy_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")
    zeros = _array([0.0, 0.0, 0.0, 1.0, 0.0, 2.0], dtype)
    others = _array([0.0, -1.0, 2.0, 0.0, NAN, -1.0], dtype)
    result = [
        *binary("real", "positive")(rng, dtype),
        S(zeros, others, name="zeros, nan, negatives", gradcheck=False),
        S(2.5, make((2, 3)), name="number self"),
        S(0, make((3,)), name="int 0 self"),
    ]
    if dtype == "float32":
        result.append(S(2, make((3,), dtype="int64"), name="int number self, int64 other"))
    return result


def _copysign_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    signed = _array([0.0, -0.0, 1.0, -2.0, 3.0], dtype)
    signs = _array([1.0, -1.0, -0.0, 0.0, -2.0], dtype)
    return [
        *binary("nonzero", "real")(rng, dtype),
        S(signed, signs, name="signed zeros", gradcheck=False),
        S(_Maker(rng, dtype, "nonzero")((3,)), -0.0, name="-0.0"),
    ]


def _heaviside_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    special = _array([-1.0, 0.0, -0.0, 2.0, NAN, INF], dtype) if dtype != "int64" else None
    result = [
        S(_array([-1, 0, 2, 0], dtype), make((4,)), name="zeros"),
        S(make((3, 1)), make((1, 4)), name="broadcast"),
        S(make((0,)), make(()), name="empty"),
    ]
    if special is not None:
        result.append(S(special, make(()), name="special"))
    return result


_BINARY_OPS = [
    _op(
        "atan2",
        lambda T, a, b: T.atan2(a, b),
        binary(scalar=None),
        "pointwise._atan2",
        errors=_errors(_tensor_only("atan2")),
    ),
    _op("arctan2", lambda T, a, b: T.arctan2(a, b), binary(scalar=None, mixed=False)),
    _op(
        "hypot",
        lambda T, a, b: T.hypot(a, b),
        _float_binary("nonzero"),
        "pointwise._hypot",
        errors=_errors(_tensor_only("hypot"), _int_pair("hypot")),
    ),
    _op(
        "ldexp",
        lambda T, a, b: T.ldexp(a, b),
        _with(_float_binary(), _ldexp_integer_exponents),
        "pointwise._ldexp",
        dtypes=FLOATS_AND_INT,
        errors=_errors(_tensor_only("ldexp")),
        xfail={
            f"{check}:int64 exponents": "PyTorch's gradient (and so rungrad's) for a negative "
            "integer exponent is 0, not the derivative: it takes 2 ** other in the exponent's "
            "integer dtype (2 ** -2 == 0)"
            for check in ("gradcheck",)
        },
    ),
    _op("Tensor.ldexp", lambda T, a, b: a.ldexp(b), _float_binary()),
    _op(
        "nextafter",
        lambda T, a, b: T.nextafter(a, b),
        _with(_float_binary(), _nextafter_ties),
        "pointwise._nextafter",
        errors=_errors(_tensor_only("nextafter"), _int_pair("nextafter")),
    ),
    _op("Tensor.nextafter", lambda T, a, b: a.nextafter(b), _float_binary()),
    _op(
        "logaddexp",
        lambda T, a, b: T.logaddexp(a, b),
        _float_binary(),
        "pointwise._logaddexp",
        errors=_errors(_tensor_only("logaddexp"), _int_pair("logaddexp")),
    ),
    _op(
        "logaddexp2",
        lambda T, a, b: T.logaddexp2(a, b),
        _float_binary(),
        "pointwise._logaddexp2",
        errors=_errors(_int_pair("logaddexp2")),
    ),
    _op(
        "fmax",
        lambda T, a, b: T.fmax(a, b),
        _with(binary(scalar=None, ties=True), _nan_pair),
        "pointwise._fmax",
        covers_backward=("pointwise._masked_fill_scalar",),
        errors=_errors(_tensor_only("fmax")),
    ),
    _op(
        "fmin",
        lambda T, a, b: T.fmin(a, b),
        _with(binary(scalar=None, ties=True), _nan_pair),
        "pointwise._fmin",
        errors=_errors(_tensor_only("fmin")),
    ),
    _op(
        "xlogy",
        lambda T, a, b: T.xlogy(a, b),
        _xlogy_samples,
        "pointwise._xlogy_tensor",
        "pointwise._xlogy_scalar_self",
        "pointwise._xlogy_scalar_other",
        errors=_errors(lambda make: S(2.0, 3.0, name="two numbers")),
    ),
    _op(
        "copysign",
        lambda T, a, b: T.copysign(a, b),
        _copysign_samples,
        "pointwise._copysign_tensor",
        "pointwise._copysign_scalar",
        errors=_errors(lambda make: S(2.0, make((2,)), name="number self")),
    ),
    _op(
        "heaviside",
        lambda T, a, b: T.heaviside(a, b),
        _heaviside_samples,
        "pointwise._heaviside",
        dtypes=FLOATS_AND_INT,
        backward=False,
        errors=_errors(
            lambda make: S(make((2,)), make((2,), dtype="float64"), name="dtypes"),
            lambda make: S(make((2,)), 0.5, name="number values"),
        ),
    ),
    _op(
        "heaviside.backward",
        _backward_of(lambda T, a, b: T.heaviside(a, b)),
        lambda rng, dtype: [],
        errors=_errors(lambda make: S(make((3,)), make((3,)), name="not implemented")),
    ),
]


# -- lerp, addcmul, addcdiv ----------------------------------------------------------------
def _lerp_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    weight = _Maker(rng, dtype, "probability")
    return [
        S(make((3, 4)), make((3, 4)), 0.3, name="weight 0.3"),
        S(make((3, 4), layout="transposed"), make((4,)), 0.75, name="weight 0.75 broadcast"),
        S(make((2, 3)), make((2, 3)), 2, name="int weight"),
        S(make(()), make(()), make(()), name="0d tensor weight"),
        S(make((3, 1)), make((1, 4)), weight((3, 4), layout="strided"), name="tensor weight"),
        S(make((4,)), make((4,)), weight(()), name="0d weight"),
        S(make((0, 2)), make((2,)), weight((0, 2)), name="empty"),
        S(make((3,)), make((3,)), _array([0.2, 0.5, 0.9], dtype), name="weights at 1/2"),
    ]


def _lerp_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2,)), make((2,), dtype="float64"), 0.5, name="end dtype"),
        S(make((2,)), make((2,)), make((2,), dtype="float64"), name="weight dtype"),
        S(make((2,)), make((2,)), make((2,), dtype="int64"), name="int weight tensor"),
        S(make((2,), dtype="int64"), make((2,), dtype="int64"), 0.5, name="int64"),
        S(make((2,), dtype="int64"), make((2,), dtype="int64"), _int_array([1, 1]), name="int64 t"),
    ]


def _addc_samples(divisor: str) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        other = _Maker(rng, dtype, divisor)
        result = [
            S(make((3, 4)), make((3, 4)), other((3, 4)), name="same shape"),
            S(make(()), make((4,)), other((3, 1)), value=2.5, name="broadcast, value"),
            S(
                make((3, 4), layout="transposed"),
                make((3, 4), layout="strided"),
                other((4,)),
                value=-1,
                name="noncontig, int value",
            ),
            S(make(()), make(()), other(()), name="0d"),
            S(make((0, 2)), make((2,)), other((0, 1)), name="empty"),
        ]
        if dtype == "float32":
            result.append(S(make(()), make((2,), dtype="float64"), other((2,)), name="mixed"))
        return result

    return samples


def _addcmul_int_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), make((3,)), make((3,)), name="int64"),
        S(make((3,)), make((3,)), make((3,)), value=1.5, name="int64, float value"),
    ]


def _addcdiv_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "int64", "positive")
    return [S(make((2,)), make((2,)), make((2,)), name="integer division")]


_TERNARY_OPS = [
    _op(
        "lerp",
        lambda T, a, b, c: T.lerp(a, b, c),
        _lerp_samples,
        "pointwise._lerp_scalar",
        "pointwise._lerp_tensor",
        covers_backward=("pointwise.mul_scalar",),
        errors=_lerp_errors,
    ),
    _op(
        "addcmul",
        lambda T, a, b, c, **kw: T.addcmul(a, b, c, **kw),
        _addc_samples("real"),
        "pointwise._addcmul",
        errors=_errors(lambda make: S(make((2, 3)), make((4,)), make((2, 1)), name="broadcast")),
    ),
    _op(
        "addcmul_int",
        lambda T, a, b, c, **kw: T.addcmul(a, b, c, **kw),
        _addcmul_int_samples,
        "pointwise._addcmul",
        dtypes=("int64",),
    ),
    _op(
        "addcdiv",
        lambda T, a, b, c, **kw: T.addcdiv(a, b, c, **kw),
        _addc_samples("nonzero"),
        "pointwise._addcdiv",
        errors=_addcdiv_errors,
    ),
]


# -- other elementwise ops -----------------------------------------------------------------
def _nan_to_num_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    special = _array([0.5, NAN, INF, -INF, -2.0, NAN], dtype)
    result = [
        *unary()(rng, dtype),
        S(special, name="defaults"),
        S(special, 1.5, name="nan=1.5"),
        S(special, nan=-1.0, posinf=100.0, neginf=-100.0, name="all values"),
        S(TensorArg(special.value.reshape(2, 3), layout="transposed"), posinf=3.0, name="2d"),
    ]
    if dtype == "float32":
        result.append(S(_int_array([1, -2]), nan=0.5, name="int64"))
    return result


def _float_power_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")
    result = [
        S(make((2, 3)), 2, name="x ** 2"),
        S(make((3,), layout="strided"), -1.5, name="x ** -1.5"),
        S(make((3, 1)), _Maker(rng, dtype)((1, 4)), name="x ** tensor"),
        S(2.5, _Maker(rng, dtype)((3,)), name="2.5 ** tensor"),
        S(make(()), 0.5, name="0d"),
        S(make((0,)), 2.0, name="empty"),
    ]
    if dtype == "float32":
        result += [
            S(make((3,), dtype="int64"), -1, name="int ** -1"),
            S(2, make((3,), dtype="int64"), name="2 ** int"),
        ]
    return result


def _float_power_(T: Any, base: Any, exponent: Any) -> Any:
    result = base * 1
    result.float_power_(exponent)
    return result


_OTHER_OPS = [
    _op(
        "nan_to_num",
        lambda T, a, *args, **kw: T.nan_to_num(a, *args, **kw),
        _nan_to_num_samples,
        "pointwise._nan_to_num",
    ),
    _op(
        "float_power",
        lambda T, a, b: T.float_power(a, b),
        _float_power_samples,
        "pointwise._pow_tensor_scalar",
        "pointwise._pow_tensor_tensor",
        "pointwise._pow_scalar_tensor",
        "shape._to_copy",
    ),
    _op(
        "float_power_",
        _float_power_,
        lambda rng, dtype: [S(_Maker(rng, dtype, "positive")((3,)), 1.5, name="1.5")],
        "pointwise._pow_tensor_scalar",
        dtypes=("float64",),
        errors=_errors(lambda make: S(make((2,)), 2.0, name="float32 base")),
    ),
    _op(
        "positive",
        lambda T, a: T.positive(a),
        unary(),
        dtypes=FLOATS_AND_INT,
        errors=_errors(lambda make: S(make((2,), dtype="bool"), name="bool")),
    ),
]


# -- tests, comparisons, logic, bits (no gradient) -------------------------------------------
def _isclose_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    base = make((2, 3))
    near = TensorArg(base.value * (1 + 1e-6) if dtype != "int64" else base.value + 1)
    result = [
        S(base, near, name="near"),
        S(base, make((2, 3)), name="different"),
        S(make((3, 1)), make((1, 4)), 0.5, 0.5, name="broadcast, loose"),
        S(make((0,)), make((0,)), name="empty"),
    ]
    if dtype != "int64":
        special = _array([NAN, INF, -INF, 1.0, NAN], dtype)
        other = _array([NAN, INF, INF, 1.0 + 1e-9, 0.0], dtype)
        result += [
            S(special, other, name="special"),
            S(special, other, equal_nan=True, name="equal_nan"),
        ]
    else:
        result.append(S(base, make((2, 3)), rtol=0.1, atol=2, name="int tolerances"))
    return result


def _isclose_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2,)), make((2,), dtype="float64"), name="dtypes"),
        S(make((2,)), make((2,)), rtol=-1.0, name="negative rtol"),
        S(make((2,)), make((2,)), atol=-1.0, name="negative atol"),
    ]


def _shift_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    shifts = _int_array([0, 1, 63, 64, -1, 70])
    return [
        S(make((2, 3)), _Maker(rng, dtype, "positive")((3,)), name="broadcast"),
        S(_int_array([1, -3, 5, -8, 7, -1]), shifts, name="out of range"),
        S(make((4,)), 2, name="number"),
        S(make((0,)), make((0,)), name="empty"),
    ]


def _shift_errors(kernel: str) -> Callable[[np.random.Generator], list[Sample]]:
    def errors(rng: np.random.Generator) -> list[Sample]:
        make = _Maker(rng, "float32")
        return [
            S(make((2,)), 1, name="float"),
            S(make((2,), dtype="bool"), make((2,), dtype="bool"), name="bool"),
        ]

    return errors


def _compare_aliases(T: Any, a: Any, b: Any) -> Any:
    return (
        T.greater(a, b),
        T.greater_equal(a, b),
        T.less(a, b),
        T.less_equal(a, b),
        T.not_equal(a, b),
        a.greater(b),
        a.less_equal(b),
    )


def _compare_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    base = make((3, 4))
    return [
        S(base, TensorArg(base.value.copy()), name="equal"),
        S(make((3, 1)), make((1, 4)), name="broadcast"),
        S(make((2, 3), layout="transposed"), 0.5, name="number"),
    ]


def _comparison_inplace(method: str) -> Callable[..., Any]:
    def op(T: Any, base: Any, other: Any) -> Any:
        result = base.detach().clone()
        getattr(result, method)(other)
        return result

    return op


def _tensor_samples(base: SampleFunction) -> SampleFunction:
    """``base``'s samples whose arguments are all tensors (logical_and_ takes no number)."""

    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        return [s for s in base(rng, dtype) if all(isinstance(a, TensorArg) for a in s.args)]

    return samples


def _inplace_compare_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    base = make((3, 4))
    return [
        S(base, TensorArg(base.value.copy()), name="equal", gradcheck=False),
        S(make((3, 4), layout="transposed"), make((4,)), name="broadcast other"),
        S(make((2, 3)), 0.5, name="number"),
    ]


_PREDICATE_OPS = [
    *[
        _op(name, _unary_op(name), _special_values, f"pointwise.{name}", backward=False)
        for name in ("isposinf", "isneginf", "isreal", "signbit")
    ],
    _op(
        "isclose",
        lambda T, a, b, *args, **kw: T.isclose(a, b, *args, **kw),
        _isclose_samples,
        "pointwise._isclose",
        dtypes=FLOATS_AND_INT,
        backward=False,
        errors=_isclose_errors,
    ),
    _op(
        "logical_xor",
        lambda T, a, b: T.logical_xor(a, b),
        lambda rng, dtype: [
            S(_Maker(rng, dtype)((3, 4)), _Maker(rng, dtype)((3, 4)), name="same shape"),
            S(_Maker(rng, dtype)((3, 1)), _Maker(rng, "bool")((1, 4)), name="broadcast"),
        ],
        "pointwise.logical_xor",
        dtypes=("float32", "bool"),
        backward=False,
    ),
    _op(
        "bitwise_left_shift",
        lambda T, a, b: T.bitwise_left_shift(a, b),
        _shift_samples,
        "pointwise.bitwise_left_shift",
        dtypes=("int64",),
        errors=_shift_errors("lshift_cpu"),
    ),
    _op(
        "bitwise_right_shift",
        lambda T, a, b: T.bitwise_right_shift(a, b),
        _shift_samples,
        "pointwise.bitwise_right_shift",
        dtypes=("int64",),
        errors=_shift_errors("rshift_cpu"),
    ),
    _op(
        "shift_operators",
        lambda T, a, b: (a << b, a >> b, 3 << b, -64 >> b),
        lambda rng, dtype: [S(_int_array([1, -3, 5]), _int_array([0, 2, 5]), name="ints")],
        dtypes=("int64",),
    ),
    _op("comparison_aliases", _compare_aliases, _compare_samples, backward=False),
    *[
        _op(
            f"{name}_",
            _comparison_inplace(f"{name}_"),
            _inplace_compare_samples if covers else _tensor_samples(_inplace_compare_samples),
            *covers,
        )
        for name, covers in (
            ("eq", ("pointwise._eq_scalar_", "pointwise._eq_tensor_")),
            ("ne", ("pointwise._ne_scalar_", "pointwise._ne_tensor_")),
            ("lt", ("pointwise._lt_scalar_", "pointwise._lt_tensor_")),
            ("le", ("pointwise._le_scalar_", "pointwise._le_tensor_")),
            ("gt", ("pointwise._gt_scalar_", "pointwise._gt_tensor_")),
            ("ge", ("pointwise._ge_scalar_", "pointwise._ge_tensor_")),
            ("greater_equal", ()),
            ("logical_and", ()),
            ("logical_xor", ()),
        )
    ],
]


# -- methods, aliases and in-place variants --------------------------------------------------
def _method(name: str, *args: Any, **kwargs: Any) -> Callable[..., Any]:
    def op(T: Any, a: Any, *rest: Any) -> Any:
        return getattr(a, name)(*rest, *args, **kwargs)

    return op


def _inplace_method(name: str, *args: Any, **kwargs: Any) -> Callable[..., Any]:
    def op(T: Any, a: Any, *rest: Any) -> Any:
        result = a * 1
        returned = getattr(result, name)(*rest, *args, **kwargs)
        assert returned is result
        return result

    return op


def _one(domain: str = "real") -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype, domain)
        return [S(make((3, 4), layout="transposed"), name="transposed"), S(make(()), name="0d")]

    return samples


def _two(domain: str = "real", other_domain: str = "real") -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make, other = _Maker(rng, dtype, domain), _Maker(rng, dtype, other_domain)
        return [S(make((3, 4)), other((4,)), name="broadcast other")]

    return samples


def _apply_integer_operators(a: Any, b: Any) -> Any:
    results = []
    for operator in (
        "__iand__",
        "__ior__",
        "__ixor__",
        "__ilshift__",
        "__irshift__",
        "__imod__",
        "__ifloordiv__",
        "__ipow__",
    ):
        target = a.clone()
        getattr(target, operator)(b)
        results.append(target)
    return tuple(results)


_METHOD_OPS = [
    _op("Tensor.arcsinh", _method("arcsinh"), _one(), "pointwise.asinh"),
    _op("Tensor.arccos_", _inplace_method("arccos_"), _one("unit"), "pointwise.acos"),
    _op("Tensor.exp2_", _inplace_method("exp2_"), _one(), "pointwise.exp2"),
    _op("Tensor.log1p_", _inplace_method("log1p_"), _one("positive"), "pointwise.log1p"),
    _op("Tensor.erfinv_", _inplace_method("erfinv_"), _one("unit"), "pointwise.erfinv"),
    _op("Tensor.sin_", _inplace_method("sin_"), _one(), "pointwise.sin"),
    _op("Tensor.square_", _inplace_method("square_"), _one(), "pointwise._pow_tensor_scalar"),
    _op(
        "Tensor.polygamma_",
        _inplace_method("polygamma_", 1),
        _one("positive"),
        "pointwise._polygamma_inplace",
        tolerance=_F32_LOOSE,
    ),
    _op("Tensor.logit_", _inplace_method("logit_", 0.1), _one("probability")),
    _op("Tensor.round_", _inplace_method("round_", decimals=1), _one()),
    _op("Tensor.frac_", _inplace_method("frac_"), _one()),
    _op("Tensor.sgn", _method("sgn"), _one("nonzero"), "pointwise.sgn"),
    _op("Tensor.clamp_", _inplace_method("clamp_"), _two("real", "unit")),
    _op("Tensor.clamp_min_", _inplace_method("clamp_min_", 0.1), _one()),
    _op("Tensor.atan2_", _inplace_method("atan2_"), _two()),
    _op("Tensor.fmod_", _inplace_method("fmod_"), _two("real", "nonzero")),
    _op("Tensor.remainder_", _inplace_method("remainder_"), _two("real", "nonzero")),
    _op("Tensor.xlogy_", _inplace_method("xlogy_"), _two("real", "positive")),
    _op("Tensor.copysign_", _inplace_method("copysign_"), _two("nonzero")),
    _op("Tensor.hypot_", _inplace_method("hypot_"), _two("nonzero")),
    _op("Tensor.lerp_", _inplace_method("lerp_", 0.3), _two()),
    _op(
        "Tensor.addcmul_",
        lambda T, a, b, c: (a * 1).addcmul_(b, c, value=0.5),
        lambda rng, dtype: [S(*(_Maker(rng, dtype)((3,)) for _ in range(3)), name="3")],
    ),
    _op(
        "Tensor.addcdiv_",
        lambda T, a, b, c: (a * 1).addcdiv_(b, c, value=2),
        lambda rng, dtype: [
            S(
                _Maker(rng, dtype)((3,)),
                _Maker(rng, dtype)((3,)),
                _Maker(rng, dtype, "nonzero")((3,)),
            )
        ],
    ),
    _op("Tensor.nan_to_num_", _inplace_method("nan_to_num_", 1.0), _one()),
    _op(
        "Tensor.div_floor", _inplace_method("div_", rounding_mode="floor"), _two("real", "nonzero")
    ),
    _op("Tensor.true_divide_", _inplace_method("true_divide_"), _two("real", "nonzero")),
    _op(
        "Tensor.floor_divide_",
        lambda T, a, b: a.detach().clone().floor_divide_(b),
        _two("real", "nonzero"),
        backward=False,
    ),
    _op(
        "Tensor.where",
        lambda T, a, b: a.where(a > 0, b),
        _two(),
        "pointwise._where",
    ),
    _op(
        "Tensor.masked_fill_",
        lambda T, a, b: (a * 1).masked_fill_(b > 0, -1.0),
        _two(),
        "pointwise._masked_fill_scalar",
    ),
    _op(
        "Tensor.in-place integer operators",
        lambda T, a, b: _apply_integer_operators(a, b),
        lambda rng, dtype: [S(_int_array([7, -3, 12]), _int_array([2, 1, 5]), name="ints")],
        dtypes=("int64",),
    ),
]


POINTWISE_OPS: list[OpInfo] = [
    *_DIVISION_OPS,
    *_UNARY_OPS,
    *_ROUNDING_OPS,
    *_CLAMP_OPS,
    *_BINARY_OPS,
    *_TERNARY_OPS,
    *_OTHER_OPS,
    *_PREDICATE_OPS,
    *_METHOD_OPS,
]
