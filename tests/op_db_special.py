"""op_db rows for the special functions of ``_ops.special_functions`` (see op_db.py): the
modified Bessel functions i0, i0e, i1, i1e, and igamma/igammac (differentiable in their
second operand only, as in PyTorch: the first one is given without requires_grad; float32
values are PyTorch's float kernels', a few ulps from the float64 ones rungrad rounds).

Besides the usual shapes, samples reach beyond 8 (where the expansions change) and near 0
(where i1's derivative takes its limit and i0e has a kink: no gradcheck there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from op_db import _F32_LOOSE, OpInfo, S, _Maker, _op, unary
from oracle import Sample, TensorArg, Tolerance

_F32_IGAMMA = {"float32": Tolerance(1e-3, 1e-6)}


def _array(values: list[float], dtype: str) -> TensorArg:
    return TensorArg(np.array(values, dtype=dtype))


def _bessel_samples(rng: np.random.Generator, dtype: str, ints: bool = True) -> list[Sample]:
    return [
        *unary(ints=ints)(rng, dtype),
        S(_array([-12.5, -8.0, 3.25, 8.5, 20.0, 60.0], dtype), name="wide"),
        S(_array([0.0, -0.0, 1e-9, -3e-8, 2.5], dtype), name="near zero", gradcheck=False),
        S(
            _array([float("inf"), -float("inf"), float("nan")], dtype),
            name="inf, nan",
            gradcheck=False,
        ),
    ]


def _inplace(name: str) -> Callable[..., Any]:
    def op(T: Any, a: Any) -> Any:
        result = a * 1
        assert getattr(result, name)() is result
        return result

    return op


def _shape_a(make: _Maker, shape: tuple[int, ...]) -> TensorArg:
    arg = make(shape, domain="positive")
    return TensorArg(arg.value * 3, requires_grad=False)


def _igamma_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "positive")

    def x(shape: tuple[int, ...], **options: Any) -> TensorArg:
        arg = make(shape, **options)
        arg.value[...] *= 4
        return arg

    result = [
        S(_shape_a(make, ()), x(()), name="0d"),
        S(_shape_a(make, (5,)), x((5,)), name="1d"),
        S(_shape_a(make, (3, 1)), x((1, 4)), name="(3,1)x(1,4)"),
        S(_shape_a(make, (3, 4)), x((3, 4), layout="transposed"), name="transposed"),
        S(_shape_a(make, (0, 2)), x((2,)), name="empty"),
        S(
            TensorArg(np.array([0.0, 1.0, 2.0, 30.0, 0.5], dtype=dtype), requires_grad=False),
            _array([1.0, 0.0, 40.0, 28.0, 1e-3], dtype),
            name="edges",
            gradcheck=False,
        ),
    ]
    if dtype == "float32":
        result.append(S(_shape_a(make, (3,)), x((3,), dtype="float64"), name="float64 other"))
    return result


def _igamma_errors(rng: np.random.Generator) -> list[Sample]:
    ints = TensorArg(np.array([1, 2], dtype=np.int64), requires_grad=False)
    return [
        S(ints, ints, name="int64"),
        S(_shape_a(_Maker(rng, "float32"), (2,)), 2.0, name="number"),
    ]


SPECIAL_OPS: list[OpInfo] = [
    _op("i0", lambda T, a: T.i0(a), _bessel_samples, "special_functions.i0", tolerance=_F32_LOOSE),
    _op(
        "special.i0e",
        lambda T, a: T.special.i0e(a),
        _bessel_samples,
        "special_functions.special_i0e",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "special.i1",
        lambda T, a: T.special.i1(a),
        _bessel_samples,
        "special_functions.special_i1",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "special.i1e",
        lambda T, a: T.special.i1e(a),
        _bessel_samples,
        "special_functions.special_i1e",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "Tensor.i0_",
        _inplace("i0_"),
        lambda rng, dtype: _bessel_samples(rng, dtype, ints=False),
        "special_functions.i0",
        tolerance=_F32_LOOSE,
    ),
    *(
        _op(
            name,
            function,
            _igamma_samples,
            covers,
            tolerance=_F32_IGAMMA,
            errors=_igamma_errors,
        )
        for name, function, covers in (
            ("igamma", lambda T, a, x: T.igamma(a, x), "special_functions._igamma"),
            ("igammac", lambda T, a, x: T.igammac(a, x), "special_functions._igammac"),
            (
                "special.gammainc",
                lambda T, a, x: T.special.gammainc(a, x),
                "special_functions._igamma",
            ),
            ("Tensor.igammac", lambda T, a, x: a.igammac(x), "special_functions._igammac"),
        )
    ),
]
