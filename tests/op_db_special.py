"""op_db rows for the special functions of ``_ops.special_functions`` (see op_db.py): the
modified Bessel functions i0, i0e, i1, i1e.

Besides the usual shapes, samples reach beyond 8 (where the expansions change) and near 0
(where i1's derivative takes its limit and i0e has a kink: no gradcheck there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from op_db import _F32_LOOSE, OpInfo, S, _op, unary
from oracle import Sample, TensorArg


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
]
