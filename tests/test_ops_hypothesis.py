"""Hypothesis-generated shapes for the unary pointwise, reduction and shape ops.

The op_db rows use fixed samples; here hypothesis draws the shapes (0-d and empty
included), the dims, keepdim, the layout (contiguous or a strided view) and the dtype, and
every draw is compared with PyTorch: forward, backward and double backward.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import oracle
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes
from oracle import Sample, TensorArg

UNARY_OPS = {
    "exp": (lambda T, x: x.exp(), "real"),
    "log": (lambda T, x: x.log(), "positive"),
    "sqrt": (lambda T, x: x.sqrt(), "positive"),
    "sin": (lambda T, x: x.sin(), "real"),
    "tanh": (lambda T, x: x.tanh(), "real"),
    "sigmoid": (lambda T, x: x.sigmoid(), "real"),
    "abs": (lambda T, x: x.abs(), "nonzero"),
    "neg": (lambda T, x: -x, "real"),
    "reciprocal": (lambda T, x: x.reciprocal(), "nonzero"),
    "expm1": (lambda T, x: x.expm1(), "real"),
    "log1p": (lambda T, x: x.log1p(), "positive"),
    "atan": (lambda T, x: x.atan(), "real"),
    "erf": (lambda T, x: T.erf(x), "real"),
    "pow3": (lambda T, x: x**3, "real"),
}

# Reductions over a drawn dim (None for all), with keepdim.
REDUCTIONS = {
    "sum": lambda T, x, dim, keep: x.sum() if dim is None else x.sum(dim, keepdim=keep),
    "mean": lambda T, x, dim, keep: x.mean() if dim is None else x.mean(dim, keepdim=keep),
    "prod": lambda T, x, dim, keep: x.prod() if dim is None else x.prod(dim, keepdim=keep),
    "amax": lambda T, x, dim, keep: x.amax() if dim is None else x.amax(dim, keepdim=keep),
    "logsumexp": lambda T, x, dim, keep: x.logsumexp(dim if dim is not None else 0, keep),
    "var": lambda T, x, dim, keep: x.var() if dim is None else x.var(dim, keepdim=keep),
    "cumsum": lambda T, x, dim, keep: x.cumsum(dim if dim is not None else 0),
    "softmax": lambda T, x, dim, keep: x.softmax(dim if dim is not None else -1),
}

SHAPE_OPS = {
    "flip": lambda T, x, dim: x.flip(dim),
    "transpose": lambda T, x, dim: x.transpose(dim, 0),
    "unsqueeze": lambda T, x, dim: x.unsqueeze(dim),
    "flatten": lambda T, x, dim: x.flatten(),
    "roll": lambda T, x, dim: x.roll(1, dim),
    "narrow": lambda T, x, dim: x.narrow(dim, 0, max(x.shape[dim] - 1, 0)),
    "repeat": lambda T, x, dim: x.repeat(*([2] * x.dim())),
    "cat": lambda T, x, dim: T.cat([x, x * 2], dim),
}


def _sample(shape: tuple[int, ...], dtype: str, domain: str, strided: bool, seed: int) -> Sample:
    from op_db import values

    rng = np.random.default_rng(seed)
    layout = "strided" if strided and len(shape) and min(shape) > 0 else None
    return Sample((TensorArg(values(rng, shape, dtype, domain), layout=layout),), name=str(shape))


def _check(op: Any, sample: Sample, seed: int, tolerance: oracle.Tolerance | None = None) -> None:
    oracle.compare_backward(op, op, sample, seed=seed, tolerance=tolerance)
    oracle.compare_double_backward(op, op, sample, seed=seed, tolerance=tolerance)


COMMON = dict(
    dtype=st.sampled_from(["float32", "float64"]),
    strided=st.booleans(),
    seed=st.integers(0, 2**16),
)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(UNARY_OPS)),
    shape=array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=3),
    **COMMON,
)
def test_unary_ops_on_random_shapes(
    name: str, shape: tuple[int, ...], dtype: str, strided: bool, seed: int
) -> None:
    op, domain = UNARY_OPS[name]
    _check(op, _sample(shape, dtype, domain, strided, seed), seed)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(REDUCTIONS)),
    shape=array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=3),
    data=st.data(),
    **COMMON,
)
def test_reductions_on_random_shapes_and_dims(
    name: str, shape: tuple[int, ...], data: Any, dtype: str, strided: bool, seed: int
) -> None:
    ndim = len(shape)
    dim = data.draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1)), label="dim")
    keep = data.draw(st.booleans(), label="keepdim")
    reduction = REDUCTIONS[name]
    if name == "var" and (np.prod(shape) if dim is None else shape[dim]) < 2:
        return  # one value has no variance: PyTorch warns about the degrees of freedom

    def op(T: Any, x: Any) -> Any:
        return reduction(T, x, dim, keep)

    # A product's second derivative sums products of all the other elements: in float32 its
    # rounding differs from PyTorch's by up to ~1e-4 (36 elements), past the default 1e-5.
    tolerance = oracle.Tolerance(1e-4, 1e-5) if name == "prod" else None
    domain = "positive" if name == "prod" else "real"
    _check(op, _sample(shape, dtype, domain, strided, seed), seed, tolerance)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(SHAPE_OPS)),
    shape=array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=3),
    data=st.data(),
    **COMMON,
)
def test_shape_ops_on_random_shapes(
    name: str, shape: tuple[int, ...], data: Any, dtype: str, strided: bool, seed: int
) -> None:
    ndim = len(shape)
    dim = data.draw(st.integers(-ndim, ndim - 1), label="dim")
    shape_op = SHAPE_OPS[name]

    def op(T: Any, x: Any) -> Any:
        return shape_op(T, x, dim)

    _check(op, _sample(shape, dtype, "real", strided, seed), seed)
