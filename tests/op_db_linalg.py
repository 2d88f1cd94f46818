"""op_db rows for the linear algebra ops added after the first round (see op_db.py).

Matrices that must be invertible are made diagonally dominant (``_square``); Cholesky and
the symmetric eigendecomposition see ``x @ x.mT + I`` and ``(x + x.mT) / 2`` built inside the
op (so gradcheck perturbs every element of an unconstrained input), except in samples marked
``raw``. Eigenvectors and singular vectors are only defined up to sign: the ops compare them
with the sign of their first row fixed, a gauge-invariant function of them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from op_db import _F32_LOOSE, FLOATS_AND_INT, OpInfo, S, _Maker, _op
from oracle import Sample, TensorArg, Tolerance

# Factorizations in float32 round differently in NumPy's and PyTorch's LAPACK.
_F32_LINALG = {"float32": Tolerance(2e-3, 2e-4)}


# -- helpers -----------------------------------------------------------------------------------
def _linalg(name: str) -> Callable[..., Any]:
    """``T.linalg.<name>(*args, **kwargs)``."""

    def op(T: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(T.linalg, name)(*args, **kwargs)

    op.__name__ = f"linalg.{name}"
    return op


def _function(name: str) -> Callable[..., Any]:
    """``T.<name>(*args, **kwargs)``."""

    def op(T: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(T, name)(*args, **kwargs)

    op.__name__ = name
    return op


def _quiet(name: str) -> Callable[..., Any]:
    """``T.<name>(...)`` with its deprecation warning (issued once per process) silenced."""

    def op(T: Any, *args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(T, name)(*args, **kwargs)

    op.__name__ = name
    return op


def _method(T: Any, name: str, x: Any, *args: Any, **kwargs: Any) -> Any:
    """``x.<name>(*args, **kwargs)``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(x, name)(*args, **kwargs)


def _inplace(name: str) -> Callable[..., Any]:
    """``y = x * 1; y.<name>(...)``: the in-place variant on a non-leaf."""

    def op(T: Any, x: Any, *args: Any, **kwargs: Any) -> Any:
        result = x * 1
        returned = getattr(result, name)(*args, **kwargs)
        assert returned is result
        return result

    op.__name__ = name
    return op


def _square(
    rng: np.random.Generator, dtype: str, shape: tuple[int, ...], **options: Any
) -> TensorArg:
    """A (batch of) well-conditioned square matrices: random, plus size * I."""
    size = shape[-1]
    value = rng.uniform(-1.0, 1.0, size=shape) + size * np.eye(size)
    if options.pop("negative", False):
        value[..., 0, :] *= -1
    return TensorArg(value.astype(dtype), **options)


def _conditioned(
    rng: np.random.Generator, dtype: str, shape: tuple[int, ...], **options: Any
) -> TensorArg:
    """A (batch of) matrices with well separated singular values: random, plus 3 * I."""
    value = rng.uniform(-1.0, 1.0, size=shape) + 3 * np.eye(*shape[-2:])
    return TensorArg(value.astype(dtype), **options)


def _array(value: Any, dtype: str = "float32", requires_grad: bool = False) -> TensorArg:
    return TensorArg(np.asarray(value, dtype=dtype), requires_grad=requires_grad)


_SINGULAR = [[1.0, 2.0], [2.0, 4.0]]
_NOT_POSITIVE = [[1.0, 2.0], [2.0, 1.0]]


def _fix_signs(vectors: Any) -> Any:
    """Columns scaled by the sign of their first entry: unique whatever sign LAPACK chose."""
    return vectors * vectors[..., :1, :].sign()


def _spd(T: Any, x: Any) -> Any:
    return x @ x.mT + T.eye(x.shape[-1], dtype=x.dtype)


def _symmetric(x: Any) -> Any:
    return (x + x.mT) / 2


# -- products ----------------------------------------------------------------------------------
def _vdot_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((5,)), make((5,)), name="5"),
        S(make((4,), layout="strided"), make((4,)), name="strided"),
        S(make((0,)), make((0,)), name="empty"),
    ]


def _vdot_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), make((2,)), name="2-D"),
        S(make((2,)), make((3,)), name="sizes"),
        S(make((2,)), make((2,), dtype="float64"), name="dtypes"),
        S(make((2,), dtype="bool"), make((2,), dtype="bool"), name="bool"),
    ]


def _inner_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), make((3,)), name="1-D"),
        S(make((2, 3), layout="transposed"), make((4, 3)), name="2-D"),
        S(make((3,)), make((2, 2, 3), layout="strided"), name="1-D, 3-D"),
        S(make(()), make((2, 3)), name="0-d"),
        S(make((0, 3)), make((2, 3)), name="empty"),
    ]


def _inner_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), make((2,)), name="last dims"),
        S(make((2,)), make((2,), dtype="int64"), name="dtypes"),
    ]


def _outer_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3,)), make((4,)), name="3, 4"),
        S(make((3,), layout="strided"), make((2,)), name="strided"),
        S(make((0,)), make((2,)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), make((2,)), name="int64, float32"))
    return result


def _outer_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 2)), make((2,)), name="2-D self"), S(make((2,)), make((2, 2)), name="vec2")]


def _addmv_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    nan = TensorArg(np.full((2,), np.nan, dtype=dtype))
    return [
        S(make((2,)), make((2, 3)), make((3,)), name="plain"),
        S(make(()), make((2, 3), layout="transposed"), make((3,)), beta=0.5, alpha=2, name="0-d"),
        S(make((1,)), make((2, 3)), make((3,), layout="strided"), alpha=-1, name="(1,)"),
        S(nan, make((2, 3)), make((3,)), beta=0, name="beta=0 ignores nan"),
        S(make((0,)), make((0, 3)), make((3,)), name="empty"),
    ]


def _addmv_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2,)), make((2, 3)), make((2,)), name="vec"),
        S(make((3,)), make((2, 3)), make((3,)), name="input"),
        S(make((2,)), make((3,)), make((3,)), name="1-D mat"),
        S(make((2, 1)), make((2, 3)), make((3,)), name="2-D input"),
        S(make((2,)), make((2, 3)), make((3,), dtype="float64"), name="dtypes"),
    ]


def _addr_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((2, 3)), make((2,)), make((3,)), name="plain"),
        S(make((3,)), make((2,), layout="strided"), make((3,)), beta=2, alpha=0.5, name="bcast"),
        S(make(()), make((2,)), make((3,)), alpha=-1, name="0-d"),
    ]
    if dtype == "float32":
        result.append(S(make((2, 2)), make((2,)), make((2,), dtype="float64"), name="promotes"))
    return result


def _addr_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), make((2, 2)), make((2,)), name="2-D vec1"),
        S(make((2, 2)), make((2,)), make((2, 2)), name="2-D vec2"),
        S(make((3, 2)), make((2,)), make((2,)), name="input"),
        S(make((2, 1, 2)), make((2,)), make((2,)), name="3-d input"),
    ]


def _baddbmm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 2, 2)), make((2, 2, 3)), make((2, 3, 2)), name="plain"),
        S(
            make((2,)),
            make((2, 2, 3), layout="transposed"),
            make((2, 3, 2)),
            beta=0.5,
            alpha=2,
            name="broadcast input",
        ),
        S(make((0, 2, 2)), make((0, 2, 3)), make((0, 3, 2)), name="empty batch"),
    ]


def _baddbmm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2, 2)), make((2, 2, 3)), make((2, 2, 2)), name="inner"),
        S(make((2, 2, 2)), make((2, 2)), make((2, 2, 2)), name="2-D"),
        S(make((2, 2, 2), dtype="float64"), make((2, 2, 2)), make((2, 2, 2)), name="input dtype"),
        S(make((3, 2, 2)), make((2, 2, 2)), make((2, 2, 2)), name="input shape"),
        S(make((1, 2, 2, 2)), make((2, 2, 2)), make((2, 2, 2)), name="4-d input"),
    ]


def _addbmm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 2)), make((2, 2, 3)), make((2, 3, 2)), name="plain"),
        S(
            make((2,)),
            make((2, 2, 3)),
            make((2, 3, 2), layout="transposed"),
            beta=2,
            alpha=0.5,
            name="broadcast input",
        ),
        S(make((2, 3)), make((0, 2, 2)), make((0, 2, 3)), name="empty batch"),
    ]


def _addbmm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), make((2, 2, 3)), make((2, 2, 2)), name="inner"),
        S(make((2, 2)), make((2, 2, 2)), make((3, 2, 2)), name="batches"),
        S(make((2, 2)), make((2, 2)), make((2, 2, 2)), name="2-D"),
        S(make((2, 2), dtype="float64"), make((2, 2, 2)), make((2, 2, 2)), name="dtype"),
        S(make((3, 2)), make((2, 2, 2)), make((2, 2, 2)), name="input shape"),
        S(make((1, 2, 2)), make((2, 2, 2)), make((2, 2, 2)), name="3-d input"),
    ]


def _einsum(T: Any, equation: Any, *operands: Any) -> Any:
    return T.einsum(equation, *operands)


def _einsum_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S("ij,jk->ik", make((2, 3)), make((3, 2)), name="matmul"),
        S("ij,jk->ki", make((2, 3), layout="transposed"), make((3, 2)), name="swapped product"),
        S("bij,bjk->bik", make((2, 2, 3)), make((2, 3, 2)), name="batched"),
        S("ii", make((3, 3)), name="trace"),
        S("ii->i", make((3, 3), layout="transposed"), name="diagonal"),
        S("iij->j", make((2, 2, 3)), name="repeated, summed"),
        S("ij->ji", make((2, 3)), name="transpose"),
        S("ij->", make((2, 3)), name="sum"),
        S("i,j->ij", make((3,)), make((2,)), name="outer"),
        S("i,i", make((3,)), make((3,), layout="strided"), name="dot, implicit"),
        S("aB,Bc", make((2, 3)), make((3, 2)), name="implicit order"),
        S("...ij,...jk", make((2, 1, 2, 3)), make((2, 3, 2)), name="ellipsis broadcast"),
        S("i...->...", make((3, 2)), name="ellipsis summed"),
        S("ij,ij->", make((2, 1)), make((2, 3)), name="size-1 broadcast"),
        S("ab,bc,cd->ad", make((2, 3)), make((3, 2)), make((2, 2)), name="three operands"),
        S("ij,k->i", make((2, 3)), make((2,)), name="summed early"),
        S("i j , j -> i", make((2, 3)), make((3,)), name="spaces"),
        S(",->", make(()), make(()), name="0-d"),
        S("ij,jk->ik", make((2, 0)), make((0, 3)), name="empty"),
    ]
    if dtype == "float32":
        result.append(
            S("ij,j->i", make((2, 2), dtype="int64"), make((2,), dtype="int64"), name="int64")
        )
    return result


def _einsum_sublists(T: Any, first: Any, second: Any) -> Any:
    return T.einsum(first, [0, 1], second, [1, 2], [0, 2])


def _einsum_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S("ij,jk->ik", make((2, 3)), make((2, 3)), name="sizes"),
        S("ij,jk->ik", make((2, 3)), name="fewer operands"),
        S("i", make((2,)), make((2,)), name="more operands"),
        S("ijk", make((2, 3)), name="subscripts"),
        S("ijk...", make((2, 3)), name="subscripts with ellipsis"),
        S("ij->ii", make((2, 2)), name="repeated output"),
        S("ij->k", make((2, 2)), name="unknown output"),
        S("ii", make((2, 3)), name="diagonal sizes"),
        S("ij->i.", make((2, 2)), name="dot in output"),
        S("i1", make((2, 2)), name="invalid subscript"),
        S("i..j", make((2, 2)), name="dot"),
        S("...i...", make((2, 2)), name="two ellipses"),
        S("...i,...i", make((2, 3)), make((4, 3)), name="ellipsis sizes"),
        S("i,i", make((2,), dtype="int64"), make((2,)), name="dtypes"),
        S("i", name="no operand"),
    ]


def _tensordot_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), make((3, 2)), 1, name="dims=1"),
        S(make((2, 3)), make((2, 3), layout="transposed"), 2, name="dims=2"),
        S(make((2,)), make((3,)), 0, name="dims=0"),
        S(make((2, 3, 2)), make((2, 3, 2)), dims=([1, 0], [1, 0]), name="pairs"),
        S(make((2, 3)), make((3, 2)), dims=([-1], [0]), name="negative dim"),
        S(make((2, 1)), make((3, 2)), dims=([1], [0]), name="size-1 broadcast"),
        S(make((0, 3)), make((3, 2)), dims=1, name="empty"),
    ]


def _tensordot_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), make((2, 3)), dims=1, name="sizes"),
        S(make((2, 3)), make((2, 3)), dims=-1, name="negative dims"),
        S(make((2, 3)), make((2, 3)), dims=([0, 1], [0]), name="lengths"),
        S(make((2, 3)), make((2, 3), dtype="float64"), dims=1, name="dtypes"),
        S(make((2, 3)), make((3, 2)), dims=(1, 0), name="pair of ints"),
    ]


def _kron_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((2, 2)), make((2, 3)), name="2-D"),
        S(make((3,), layout="strided"), make((2, 2)), name="1-D, 2-D"),
        S(make(()), make((3,)), name="0-d"),
        S(make((2, 1, 2)), make((2, 2)), name="3-D, 2-D"),
    ]
    if dtype == "float32":
        result.append(S(make((2,), dtype="int64"), make((2,)), name="int64, float32"))
    return result


def _trace_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), name="square"),
        S(make((2, 4), layout="transposed"), name="wide, transposed"),
        S(make((0, 0)), name="empty"),
    ]


def _trace_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2, 2)), name="3-D"),
        S(make((2,)), name="1-D"),
        S(make((2, 2), dtype="bool"), name="bool"),
    ]


def _cross_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), make((3,)), name="1-D"),
        S(make((2, 3)), make((1, 3), layout="strided"), name="broadcast"),
        S(make((3, 2)), make((3, 2), layout="transposed"), dim=0, name="dim=0"),
        S(make((2, 3, 2)), make((2, 3, 2)), dim=-2, name="dim=-2"),
    ]


def _cross_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), make((2, 2)), name="length"),
        S(make((2, 3)), make((3, 3)), name="broadcast"),
        S(make((3,)), make((2, 3)), name="ndim"),
        S(make((3, 2)), make((3, 2)), dim=2, name="dim"),
        S(make((3,)), make((3,), dtype="float64"), name="dtypes"),
    ]


def _legacy_cross_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 2)), make((3, 2)), 0, name="dim 0"),
        S(make((2, 3)), make((2, 3)), name="first size-3 dim"),
    ]


def _cdist_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 2)), make((4, 2)), name="p=2"),
        S(make((3, 2), layout="transposed"), make((2, 2)), 1.0, name="p=1"),
        S(make((2, 3)), make((2, 3)), 1.5, name="p=1.5"),
        S(make((2, 2)), make((3, 2)), 3, name="p=3"),
        S(make((2, 2)), make((2, 2)), math.inf, name="p=inf"),
        S(make((2, 2)), make((2, 2)), 0, name="p=0"),
        S(make((1, 2, 2)), make((2, 3, 2)), name="batch broadcast"),
        S(make((0, 2)), make((2, 2)), name="empty"),
    ]


def _cdist_mm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    mode = "use_mm_for_euclid_dist"
    return [
        S(make((3, 2)), make((4, 2)), compute_mode=mode, name="2-D"),
        S(make((1, 2, 2)), make((2, 3, 2)), compute_mode=mode, name="batch broadcast"),
    ] + ([S(make((26, 2)), make((1, 2)), name="more than 25 rows")] if dtype == "float64" else [])


def _cdist_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), make((3, 3)), name="1-D"),
        S(make((3, 3)), make((3, 4)), name="columns"),
        S(make((3, 3)), make((3, 3)), -1.0, name="negative p"),
        S(make((3, 3), dtype="int64"), make((3, 3), dtype="int64"), name="int64"),
        S(make((3, 3)), make((3, 3), dtype="float64"), name="dtypes"),
        S(make((2, 3, 3)), make((3, 3, 3)), name="batches"),
        S(make((3, 3)), make((3, 3)), compute_mode="foo", name="mode"),
    ]


def _functional_pdist(T: Any, *args: Any, **kwargs: Any) -> Any:
    return T.nn.functional.pdist(*args, **kwargs)


def _pdist_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), name="p=2"),
        S(make((3, 2), layout="transposed"), 1.0, name="p=1"),
        S(make((4, 2)), 1.5, name="p=1.5"),
        S(make((3, 3)), p=3, name="p=3"),
        S(make((3, 2)), math.inf, name="p=inf"),
        S(make((3, 2)), 0, name="p=0"),
        S(make((3, 2)), 0.5, name="p=0.5"),
        S(make((1, 2)), name="one row"),
        S(make((3, 0)), name="no columns"),
    ]


def _pdist_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), name="1-D"),
        S(make((2, 3, 3)), name="3-D"),
        S(make((3, 3)), -1.0, name="negative p"),
        S(make((3, 3), dtype="int64"), name="int64"),
        S(make((3, 3), dtype="float16"), name="float16"),
    ]


def _matrix_power_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    result = [S(_square(rng, dtype, (2, 2)), n, name=f"n={n}") for n in (0, 1, 2, 3, 5, -1, -2)]
    result.append(S(_square(rng, dtype, (2, 2, 2), layout="transposed"), 4, name="batch n=4"))
    if dtype == "float32":
        result.append(S(_square(rng, "int64", (2, 2)), 3, name="int64"))
    return result


def _matrix_power_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), 2, name="not square"),
        S(make((3,)), 2, name="1-D"),
        S(_array(_SINGULAR), -1, name="singular"),
        S(_array(np.eye(2), "int64"), -1, name="int64 inverse"),
        S(make((2, 2)), 1.5, name="float n"),
    ]


def _multi_dot(T: Any, *tensors: Any) -> Any:
    return T.linalg.multi_dot(list(tensors))


def _multi_dot_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), make((3, 2)), name="two"),
        S(make((2, 3)), make((3, 4), layout="transposed"), make((4, 2)), name="A(BC)"),
        S(make((4, 2)), make((2, 1)), make((1, 4)), name="(AB)C"),
        S(make((3,)), make((3, 2)), make((2,)), name="vectors at the ends"),
        S(make((2, 3)), make((3, 2)), make((2, 2)), make((2, 3)), name="four"),
        S(make((3,)), make((3,), layout="strided"), name="two vectors"),
    ]


def _multi_dot_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), name="one"),
        S(make((2, 2, 2)), make((2, 2)), name="3-D first"),
        S(make((2, 2)), make((2, 2, 2)), name="3-D last"),
        S(make((2, 2)), make((2,)), make((2, 2)), name="1-D middle"),
        S(make((2, 3)), make((4, 2)), name="shapes"),
        S(make((2, 3)), make((3, 2), dtype="float64"), name="dtypes"),
    ]


# -- inverses, determinants, solvers -----------------------------------------------------------
def _invertible_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_square(rng, dtype, (3, 3)), name="3x3"),
        S(_square(rng, dtype, (3, 3), layout="transposed", negative=True), name="transposed"),
        S(_square(rng, dtype, (2, 2, 2)), name="batch"),
        S(_square(rng, dtype, (1, 1)), name="1x1"),
        S(_square(rng, dtype, (0, 0)), name="0x0"),
        S(_square(rng, dtype, (0, 2, 2)), name="empty batch"),
    ]


def _matrix_exp_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    large = _square(rng, dtype, (3, 3))
    large.value[...] *= 6  # a norm past the Padé bound: scaled and squared
    return [
        *_invertible_samples(rng, dtype),
        S(large, name="large norm"),
        S(_array(np.zeros((2, 2)), dtype, requires_grad=True), name="zero"),
        S(_array([[[0.0, 1.0], [-1.0, 0.0]], [[2.0, 0.0], [0.0, -3.0]]], dtype, True), name="pair"),
    ]


def _matrix_exp_errors(rng: np.random.Generator) -> list[Sample]:
    return [sample for sample in _square_errors(rng) if sample.name != "float16"]


def _square_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), name="not square"),
        S(make((3,)), name="1-D"),
        S(make((2, 2), dtype="int64"), name="int64"),
        S(make((3,), dtype="int64"), name="int64 1-D"),
        S(make((2, 2), dtype="float16"), name="float16"),
    ]


def _inv_errors(rng: np.random.Generator) -> list[Sample]:
    singular_batch = np.stack([np.eye(2), np.asarray(_SINGULAR)])
    return [
        *_square_errors(rng),
        S(_array(_SINGULAR), name="singular"),
        S(_array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), name="singular 3x3"),
        S(_array(np.zeros((3, 3))), name="zero"),
        S(_array(singular_batch), name="singular batch element"),
    ]


def _inv_ex_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_square(rng, dtype, (3, 3)), name="3x3"),
        S(_square(rng, dtype, (2, 2, 2)), name="batch"),
        S(_array(_SINGULAR, dtype, requires_grad=False), name="singular"),
    ]


def _inv_ex_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_array(_SINGULAR), check_errors=True, name="check_errors")]


def _det_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    singular = TensorArg(np.asarray([[1.0, 2.0, 0.5], [2.0, 4.0, 1.0], [0.0, 1.0, 2.0]], dtype))
    return [
        S(_square(rng, dtype, (3, 3)), name="3x3"),
        S(_square(rng, dtype, (3, 3), layout="transposed", negative=True), name="transposed"),
        S(_square(rng, dtype, (2, 2, 2)), name="batch"),
        # exactly singular: the gradient is the adjugate, from the SVD
        S(singular, name="singular", gradcheck=False),
    ]


def _det_edge_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_square(rng, dtype, (1, 1)), name="1x1"),
        S(_square(rng, dtype, (0, 0)), name="0x0"),
        S(_square(rng, dtype, (0, 2, 2)), name="empty batch"),
        S(_array(np.zeros((2, 2)), dtype, requires_grad=True), name="zero", gradcheck=False),
    ]


def _logdet_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_square(rng, dtype, (3, 3)), name="3x3"),
        S(_square(rng, dtype, (2, 2, 2), layout="transposed"), name="batch"),
        S(_square(rng, dtype, (2, 2), negative=True), name="negative determinant", gradcheck=False),
    ]


def _solve_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(_square(rng, dtype, (3, 3)), make((3, 2)), name="matrix"),
        S(_square(rng, dtype, (3, 3), layout="transposed"), make((3,)), name="vector"),
        S(_square(rng, dtype, (2, 2, 2)), make((2, 1), layout="strided"), name="broadcast A"),
        S(_square(rng, dtype, (2, 2)), make((2, 2, 2)), name="broadcast B"),
        S(_square(rng, dtype, (2, 2, 2)), make((2, 2)), name="batch of vectors"),
        S(_square(rng, dtype, (2, 2)), make((3, 2)), left=False, name="left=False"),
        S(_square(rng, dtype, (0, 0)), make((0, 2)), name="empty"),
    ]


def _solve_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    eye = _array(np.eye(2))
    singular_batch = _array(np.stack([np.eye(2), np.asarray(_SINGULAR)]))
    return [
        S(_array(_SINGULAR), make((2,)), name="singular"),
        S(singular_batch, make((2, 2)), name="singular batch element"),
        S(make((2, 3)), make((2,)), name="not square"),
        S(eye, make((3,)), name="vector size"),
        S(eye, make((3, 2)), name="matrix size"),
        S(eye, make((2,), dtype="float64"), name="dtypes"),
        S(eye, make((2, 3)), left=False, name="left=False sizes"),
        S(eye, make((2,)), left=False, name="left=False vector"),
        S(_array(np.eye(2), "int64"), make((2,), dtype="int64"), name="int64"),
        S(_array(np.ones((3, 2, 2))), make((4, 2, 1)), name="batches"),
        S(eye, make(()), name="0-d B"),
    ]


def _solve_ex_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(_square(rng, dtype, (3, 3)), make((3, 2)), name="matrix"),
        S(_array(_SINGULAR, dtype), _array([1.0, 1.0], dtype), name="singular"),
    ]


def _solve_ex_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_array(_SINGULAR), _array([1.0, 1.0]), check_errors=True, name="check_errors")]


def _solve_triangular_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(_square(rng, dtype, (3, 3)), make((3, 2)), upper=True, name="upper"),
        S(
            _square(rng, dtype, (3, 3), layout="transposed"),
            make((3, 2)),
            upper=False,
            name="lower",
        ),
        S(
            _square(rng, dtype, (3, 3)),
            make((3, 1)),
            upper=True,
            unitriangular=True,
            name="unitriangular",
        ),
        S(_square(rng, dtype, (2, 2)), make((3, 2)), upper=False, left=False, name="left=False"),
        S(_square(rng, dtype, (2, 2, 2)), make((2, 1)), upper=True, name="broadcast"),
    ]
    if dtype == "float32":
        result.append(
            S(
                _square(rng, dtype, (2, 2)),
                make((2, 2), dtype="float64"),
                upper=True,
                name="promotes",
            )
        )
    return result


def _solve_triangular_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    eye = _array(np.eye(2))
    return [
        S(eye, make((2,)), upper=True, name="1-D B"),
        S(eye, make((3, 2)), upper=True, name="sizes"),
        S(make((2, 3)), make((2, 2)), upper=True, name="not square"),
        S(_array(np.eye(2), "int64"), make((2, 2), dtype="int64"), upper=True, name="int64"),
    ]


# -- Cholesky, QR, eigen and singular value decompositions ---------------------------------------
def _cholesky(T: Any, x: Any, raw: bool = False, **kwargs: Any) -> Any:
    return T.linalg.cholesky(x if raw else _spd(T, x), **kwargs)


def _cholesky_ex(T: Any, x: Any, raw: bool = False, **kwargs: Any) -> Any:
    return T.linalg.cholesky_ex(x if raw else _spd(T, x), **kwargs)


def _legacy_cholesky(T: Any, x: Any, raw: bool = False, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return T.cholesky(x if raw else _spd(T, x), **kwargs)


def _cholesky_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), name="3x3"),
        S(make((3, 3), layout="transposed"), upper=True, name="upper"),
        S(make((2, 2, 2)), name="batch"),
        S(_square(rng, dtype, (3, 3)), raw=True, name="raw lower triangle", gradcheck=False),
        S(make((0, 0)), name="empty"),
    ]


def _cholesky_solve(T: Any, b: Any, x: Any, upper: bool = False) -> Any:
    factor = T.linalg.cholesky(_spd(T, x), upper=upper)
    return T.cholesky_solve(b, factor, upper)


def _cholesky_solve_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 2)), make((3, 3)), name="3x3"),
        S(make((3, 1)), make((3, 3)), upper=True, name="upper"),
        S(make((2, 3, 2)), make((3, 3)), name="batched B"),
        S(make((3, 2)), make((2, 3, 3)), name="batched factor"),
    ]


def _cholesky_solve_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((4, 2)), make((3, 3)), name="shapes"), S(make((3,)), make((3, 3)), name="1-d")]


def _cholesky_inverse(T: Any, x: Any, upper: bool = False) -> Any:
    return T.cholesky_inverse(T.linalg.cholesky(_spd(T, x), upper=upper), upper)


def _cholesky_inverse_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), name="3x3"),
        S(make((3, 3)), upper=True, name="upper"),
        S(make((2, 2, 2)), name="batch"),
    ]


def _cholesky_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    batch = _array(np.stack([np.eye(2), np.asarray(_NOT_POSITIVE)]))
    return [
        S(_array(_NOT_POSITIVE), raw=True, name="not positive-definite"),
        S(batch, raw=True, name="batch element"),
        S(_array([[-1.0, 0.0], [0.0, 1.0]]), raw=True, name="order 1"),
        S(_array(_NOT_POSITIVE), raw=True, upper=True, name="upper"),
        S(make((2, 3)), raw=True, name="not square"),
        S(make((2, 2), dtype="int64"), raw=True, name="int64"),
        S(make((2, 2), dtype="float16"), raw=True, name="float16"),
    ]


def _cholesky_ex_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), name="3x3"),
        S(_array(_NOT_POSITIVE, dtype), raw=True, name="not positive-definite"),
    ]


def _cholesky_ex_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_array(_NOT_POSITIVE), raw=True, check_errors=True, name="check_errors")]


def _qr_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    def make(shape: tuple[int, ...], **options: Any) -> TensorArg:
        return _conditioned(rng, dtype, shape, **options)

    return [
        S(make((4, 3)), name="tall"),
        S(make((3, 3), layout="transposed"), name="square"),
        S(make((2, 4)), name="wide"),
        S(make((3, 3)), mode="complete", name="complete square"),
        S(make((2, 3)), mode="complete", name="complete wide"),
        S(make((2, 3, 2)), name="batch"),
    ]


def _qr_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), name="1-D"),
        S(make((3, 3)), mode="foo", name="mode"),
        S(make((3, 3), dtype="int64"), name="int64"),
    ]


def _qr_backward_error(T: Any, x: Any, mode: str) -> Any:
    Q, R = T.linalg.qr(x, mode=mode)
    (R.sum() + (Q.sum() if Q.numel() else 0)).backward()


def _qr_backward_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3, 2)), "r", name="mode r"),
        S(make((3, 2)), "complete", name="complete tall"),
    ]


def _eigh(T: Any, x: Any, raw: bool = False, **kwargs: Any) -> Any:
    eigenvalues, eigenvectors = T.linalg.eigh(x if raw else _symmetric(x), **kwargs)
    return eigenvalues, _fix_signs(eigenvectors)


def _eigh_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), name="3x3"),
        S(make((3, 3), layout="transposed"), UPLO="U", name="upper"),
        S(make((2, 2, 2)), name="batch"),
        S(make((3, 3)), raw=True, name="raw lower", gradcheck=False),
        S(make((3, 3)), raw=True, UPLO="U", name="raw upper", gradcheck=False),
    ]


def _eigh_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), raw=True, name="not square"),
        S(make((2, 2)), raw=True, UPLO="X", name="UPLO"),
        S(make((2, 2), dtype="int64"), raw=True, name="int64"),
    ]


def _eig(T: Any, x: Any) -> Any:
    """Eigenvalues (as real pairs) and the eigenvectors' moduli: each eigenvector is defined
    up to a phase, which a loss may not depend on. Both sorted (LAPACK builds may return the
    eigenvalues in different orders)."""
    eigenvalues, eigenvectors = T.linalg.eig(x)
    order = _order(T, eigenvalues)
    moduli = eigenvectors.abs().gather(-1, order.unsqueeze(-2).expand(eigenvectors.shape))
    return _real_pairs(T, eigenvalues.gather(-1, order)), moduli


def _order(T: Any, z: Any) -> Any:
    # The drawn eigenvalues are 0.4 apart: real parts order them, conjugate pairs by sign.
    return T.argsort(z.real.detach() + 1e-3 * z.imag.detach(), -1)


def _real_pairs(T: Any, z: Any) -> Any:
    return T.stack((z.real, z.imag), -1)


def _eigvals(T: Any, x: Any) -> Any:
    eigenvalues = T.linalg.eigvals(x)
    return _real_pairs(T, eigenvalues.gather(-1, _order(T, eigenvalues)))


def _eig_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    rotation = TensorArg(np.array([[0.5, -2.0], [1.5, 0.25]], dtype=dtype))
    return [
        S(make((3, 3)), name="3x3"),
        S(make((3, 3), layout="transposed"), name="transposed"),
        S(make((2, 2, 2)), name="batch"),
        S(rotation, name="complex pair"),
        S(make((0, 2, 2)), name="empty batch"),
    ]


def _eig_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), name="not square"),
        S(make((3,)), name="1-d"),
        S(make((2, 2), dtype="int64"), name="int64"),
    ]


def _lu(T: Any, x: Any) -> Any:
    LU, pivots = T.linalg.lu_factor(x)
    _, L, U = T.lu_unpack(LU, pivots)
    return LU, L, U


def _lu_unpack(T: Any, x: Any) -> Any:
    """lu_unpack's own gradient, of an LU matrix given as a leaf (its pivots: no swaps)."""
    steps = min(x.shape[-2:])
    pivots = T.arange(1, steps + 1, dtype=T.int32).expand(*x.shape[:-2], steps)
    return T.lu_unpack(x, pivots)[1:]


def _lu_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), name="3x3"),
        S(make((3, 3), layout="transposed"), name="transposed"),
        S(make((2, 2, 2)), name="batch"),
    ]


def _lu_unpack_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [*_lu_samples(rng, dtype), S(make((4, 2)), name="tall"), S(make((2, 3)), name="wide")]


def _lu_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), name="1-d"),
        S(make((2, 2), dtype="int64"), name="int64"),
        S(TensorArg(np.zeros((2, 2), np.float32)), name="singular"),
    ]


def _eigvalsh(T: Any, x: Any, raw: bool = False, **kwargs: Any) -> Any:
    return T.linalg.eigvalsh(x if raw else _symmetric(x), **kwargs)


def _svd(T: Any, x: Any, **kwargs: Any) -> Any:
    U, S_, Vh = T.linalg.svd(x, **kwargs)
    k = min(x.shape[-2:])
    return _fix_signs(U[..., :k]), S_, _fix_signs(Vh[..., :k, :].mT)


def _svd_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    def make(shape: tuple[int, ...], **options: Any) -> TensorArg:
        return _conditioned(rng, dtype, shape, **options)

    return [
        S(make((4, 3)), full_matrices=False, name="tall"),
        S(make((2, 4), layout="transposed"), full_matrices=False, name="wide"),
        S(make((3, 3)), name="square"),
        S(make((4, 2)), name="full tall"),
        S(make((2, 3)), name="full wide"),
        S(make((2, 3, 2)), full_matrices=False, name="batch"),
    ]


def _legacy_svd(T: Any, x: Any, *args: Any) -> Any:
    U, S_, V = T.svd(x, *args)
    if U.numel() and U.abs().sum() > 0:
        k = min(x.shape[-2:])
        return _fix_signs(U[..., :k]), S_, _fix_signs(V[..., :k])
    return U, S_, V


def _legacy_svd_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), name="some"),
        S(make((3, 3)), False, name="not some"),
        S(make((2, 3)), True, False, name="compute_uv=False"),
    ]


def _svd_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), name="1-D"),
        S(make((2, 2), dtype="int64"), name="int64"),
        S(make((2, 2), dtype="float16"), name="float16"),
        S(make((2, 2)), driver="gesvd", name="driver"),
    ]


def _svdvals_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), name="tall"),
        S(make((2, 3), layout="transposed"), name="wide"),
        S(make((2, 2, 2)), name="batch"),
    ]


def _pinv_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    def make(shape: tuple[int, ...], **options: Any) -> TensorArg:
        return _conditioned(rng, dtype, shape, **options)

    return [
        S(make((4, 3)), name="tall"),
        S(make((2, 4), layout="transposed"), name="wide"),
        S(_square(rng, dtype, (3, 3)), name="square"),
        S(make((2, 3, 2)), name="batch"),
        S(make((3, 2)), rtol=0.5, name="rtol", gradcheck=False),
        S(make((3, 2)), atol=0.1, name="atol"),
    ]


def _pinv_hermitian(T: Any, x: Any) -> Any:
    return T.linalg.pinv(_symmetric(x), hermitian=True)


def _pinv_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), name="1-D"), S(make((3, 3), dtype="int64"), name="int64")]


def _matrix_rank_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    first, second = rng.uniform(-1, 1, (4, 1)), rng.uniform(-1, 1, (1, 3))
    rank_one = TensorArg((first @ second).astype(dtype))
    return [
        S(make((4, 3)), name="full rank"),
        S(rank_one, name="rank one"),
        S(rank_one, atol=0.5, name="atol"),
        S(make((3, 3)), rtol=0.9, name="rtol"),
        S(TensorArg((first @ first.T).astype(dtype)), hermitian=True, name="hermitian"),
        S(make((2, 3, 2)), name="batch"),
        S(make((3, 3)), 0.5, name="tol"),
    ]


def _matrix_rank_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), name="1-D"), S(make((3, 3), dtype="int64"), name="int64")]


def _lstsq_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), make((4, 2)), name="tall"),
        S(make((4, 3)), make((4,)), driver="gelsd", name="vector, gelsd"),
        S(make((4, 2), layout="transposed"), make((4, 2)), driver="gels", name="gels"),
        S(make((4, 2)), make((4, 1)), driver="gelss", name="gelss"),
        S(make((2, 3)), make((2, 2)), name="wide"),
        S(make((2, 3, 2)), make((2, 3, 1)), name="batch"),
    ]


def _lstsq_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), make((3,)), name="1-D"),
        S(make((3, 2)), make((4, 2)), name="rows"),
        S(make((3, 2)), make((3, 2), dtype="float64"), name="dtypes"),
        S(make((3, 2), dtype="int64"), make((3, 2), dtype="int64"), name="int64"),
        S(make((3, 2)), make((3, 2)), driver="foo", name="driver"),
    ]


# -- norms ---------------------------------------------------------------------------------------
def _matrix_norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    result = [S(make((3, 3)), name="fro")]
    for ord_ in ("nuc", 2, -2, 1, -1, math.inf, -math.inf):
        result.append(S(make((3, 2)), ord_, name=f"ord={ord_}"))
    result += [
        S(make((2, 2, 3), layout="transposed"), "nuc", keepdim=True, name="nuc keepdim"),
        S(make((2, 3, 2)), 2, dim=(2, 0), name="2, dims (2, 0)"),
        S(make((2, 2, 3)), 1, dim=(0, 2), keepdim=True, name="1, keepdim"),
        S(make((2, 3, 2)), -math.inf, dim=(-1, 0), name="-inf, dims (-1, 0)"),
        S(make((2, 3)), "fro", dim=(1, 0), keepdim=True, name="fro keepdim"),
    ]
    if dtype == "float32":
        result.append(S(make((2, 2)), dtype="dtype:float64", name="dtype"))
    return result


def _matrix_norm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), 3, name="order"),
        S(make((2, 2)), "foo", name="string order"),
        S(make((2,)), name="1-D"),
        S(make((2, 2)), dim=(0,), name="one dim"),
        S(make((2, 2)), dim=(0, 0), name="same dims"),
        S(make((2, 2)), dim=(0, 3), name="dim range"),
        S(make((2, 2), dtype="int64"), name="int64"),
    ]


def _norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    return [
        S(make((2, 3)), name="default 2-D"),
        S(make((2, 2, 2), layout="strided"), name="default 3-D"),
        S(make((4,)), 3, name="vector ord 3"),
        S(make((3, 3)), "nuc", name="nuc"),
        S(make((3, 3)), -2, name="matrix -2"),
        S(make((2, 3)), 4, dim=1, keepdim=True, name="vector 4 dim"),
        S(make((2, 2, 2)), 1, dim=(0, 1), name="matrix 1 dims"),
        S(make((2, 2, 2)), None, (1, 2), name="None, dims"),
    ]


def _norm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2, 2)), "fro", name="ord without dim, 3-D"),
        S(make((2, 2)), "fro", dim=0, name="string ord, one dim"),
        S(make((2,), dtype="int64"), name="int64"),
    ]


def _vector_norm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2,), dtype="int64"), name="int64"), S(make((2,)), "fro", name="string ord")]


def _cond_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(_square(rng, dtype, (3, 3)), name="default"),
        S(make((4, 3)), name="tall"),
        S(_square(rng, dtype, (2, 2, 2)), -2, name="-2 batch"),
        S(_square(rng, dtype, (3, 3)), "nuc", name="nuc"),
    ]


def _cond_inverse_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [S(_square(rng, dtype, (3, 3)), p, name=f"p={p}") for p in (1, -1, math.inf, "fro")] + [
        S(_array(_SINGULAR, dtype), 1, name="singular")
    ]


def _cond_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4, 3)), 1, name="not square"),
        S(make((3,)), name="1-D"),
        S(make((3, 3)), "foo", name="norm type"),
    ]


def _vecdot_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), make((3,)), name="broadcast"),
        S(make((3, 2), layout="transposed"), make((3, 2)), dim=0, name="dim=0"),
    ]


def _methods_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    square = _square(rng, dtype, (3, 3))
    return [
        S("det", square, name="det"),
        S("logdet", _square(rng, dtype, (2, 2)), name="logdet"),
        S("slogdet", _square(rng, dtype, (2, 2), negative=True), name="slogdet"),
        S("inverse", _square(rng, dtype, (2, 2)), name="inverse"),
        S("trace", make((2, 3)), name="trace"),
        S("outer", make((2,)), make((3,)), name="outer"),
        S("ger", make((2,)), make((2,)), name="ger"),
        S("cross", make((3,)), make((3,)), name="cross"),
        S("cross", make((3, 2)), make((3, 2)), 0, name="cross dim"),
        S("kron", make((2,)), make((2, 2)), name="kron"),
        S("vdot", make((3,)), make((3,)), name="vdot"),
        S("inner", make((2, 3)), make((3,)), name="inner"),
        S("matrix_power", _square(rng, dtype, (2, 2)), 3, name="matrix_power"),
        S("pinverse", make((3, 2)), name="pinverse"),
        S("addmm", make((2, 2)), make((2, 3)), make((3, 2)), name="addmm"),
        S("addmv", make((2,)), make((2, 3)), make((3,)), beta=2, name="addmv"),
        S("addr", make((2, 3)), make((2,)), make((3,)), name="addr"),
        S("addbmm", make((2, 2)), make((2, 2, 3)), make((2, 3, 2)), name="addbmm"),
        S("baddbmm", make((2, 2, 2)), make((2, 2, 3)), make((2, 3, 2)), alpha=2, name="baddbmm"),
    ]


def _legacy_cholesky_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((3, 3)), name="lower"), S(make((2, 2, 2)), upper=True, name="upper")]


def _legacy_cholesky_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_array(_NOT_POSITIVE), raw=True, name="not positive-definite")]


def _legacy_qr(T: Any, x: Any, *args: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return T.qr(x, *args)


def _inplace_samples(*shapes: tuple[int, ...], **options: Any) -> Callable[..., list[Sample]]:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        return [
            S(*(make(shape) for shape in shapes), name="plain"),
            S(*(make(shape) for shape in shapes), **options, name="beta, alpha"),
        ]

    return samples


# -- the rows --------------------------------------------------------------------------------
def _row(name: str, op: Callable[..., Any], samples: Any, *covers: str, **options: Any) -> OpInfo:
    options.setdefault("tolerance", _F32_LOOSE)
    return _op(name, op, samples, *covers, **options)


def _decomposition(
    name: str, op: Callable[..., Any], samples: Any, *covers: str, **options: Any
) -> OpInfo:
    options.setdefault("tolerance", _F32_LINALG)
    return _op(name, op, samples, *covers, **options)


_ADDR_MIXED = (
    "PyTorch's addr promotes mixed dtypes forward, but its backward then fails (\"addmv input "
    "tensors must have the same dtype\"); rungrad's works"
)
_DET_SINGULAR = (
    "PyTorch's gradient of det at an exactly singular matrix is zero without create_graph "
    "(and the adjugate, as in rungrad, with it)"
)
_DET_EMPTY = "PyTorch's gradient of the determinant of an empty matrix does not require grad"
_DET_ZERO = "PyTorch's second derivative of det at the zero matrix is nan (rungrad's is finite)"

LINALG_OPS: list[OpInfo] = [
    # products
    _row(
        "vdot",
        _function("vdot"),
        _vdot_samples,
        "linalg._vdot",
        dtypes=FLOATS_AND_INT,
        errors=_vdot_errors,
    ),
    _row("inner", _function("inner"), _inner_samples, errors=_inner_errors),
    _row("outer", _function("outer"), _outer_samples, errors=_outer_errors),
    _row("ger", _function("ger"), _outer_samples),
    _row("addmv", _function("addmv"), _addmv_samples, "linalg._addmv", errors=_addmv_errors),
    _row(
        "addr",
        _function("addr"),
        _addr_samples,
        "linalg._addr",
        errors=_addr_errors,
        xfail={"backward:promotes": _ADDR_MIXED, "double_backward:promotes": _ADDR_MIXED},
    ),
    _row(
        "baddbmm", _function("baddbmm"), _baddbmm_samples, "linalg._baddbmm", errors=_baddbmm_errors
    ),
    _row("addbmm", _function("addbmm"), _addbmm_samples, "linalg._addbmm", errors=_addbmm_errors),
    _row("einsum", _einsum, _einsum_samples, errors=_einsum_errors),
    _row(
        "einsum sublists",
        _einsum_sublists,
        lambda rng, dtype: [
            S(_Maker(rng, dtype)((2, 3)), _Maker(rng, dtype)((3, 2)), name="matmul")
        ],
    ),
    _row("tensordot", _function("tensordot"), _tensordot_samples, errors=_tensordot_errors),
    _row("kron", _function("kron"), _kron_samples),
    _row(
        "trace",
        _function("trace"),
        _trace_samples,
        "linalg._trace",
        dtypes=FLOATS_AND_INT,
        errors=_trace_errors,
    ),
    _row(
        "linalg.cross",
        _linalg("cross"),
        _cross_samples,
        "linalg._linalg_cross",
        dtypes=FLOATS_AND_INT,
        errors=_cross_errors,
    ),
    # PyTorch has no second derivative of pdist ("the derivative for '_pdist_backward' is not
    # implemented"), nor has rungrad: test_small_ops.py compares that error.
    _row(
        "pdist",
        _functional_pdist,
        _pdist_samples,
        "linalg._pdist",
        covers_backward=("linalg._pdist_backward",),
        double_backward=False,
        errors=_pdist_errors,
    ),
    _row("cross", _quiet("cross"), _legacy_cross_samples),
    # PyTorch has no second derivative of cdist ("the derivative for '_cdist_backward' is not
    # implemented"); rungrad's formula is differentiable (gradgradcheck checks it).
    _row(
        "cdist",
        _function("cdist"),
        _cdist_samples,
        "linalg._cdist",
        errors=_cdist_errors,
        xfail={"double_backward": "PyTorch has no second derivative of cdist"},
    ),
    _row(
        "cdist mm",
        _function("cdist"),
        _cdist_mm_samples,
        "linalg._euclidean_dist",
        check_double_backward_grad_fn=False,
    ),
    _row("linalg.multi_dot", _multi_dot, _multi_dot_samples, errors=_multi_dot_errors),
    _row(
        "matrix_power", _linalg("matrix_power"), _matrix_power_samples, errors=_matrix_power_errors
    ),
    # inverses, determinants, solvers
    _decomposition(
        "linalg.inv",
        _linalg("inv"),
        _invertible_samples,
        "decompositions._linalg_inv_ex",
        errors=_inv_errors,
    ),
    _decomposition("inverse", _function("inverse"), _invertible_samples, errors=_inv_errors),
    _decomposition("linalg.inv_ex", _linalg("inv_ex"), _inv_ex_samples, errors=_inv_ex_errors),
    _decomposition(
        "linalg.matrix_exp",
        _linalg("matrix_exp"),
        _matrix_exp_samples,
        "decompositions._linalg_matrix_exp",
        errors=_matrix_exp_errors,
    ),
    _decomposition("matrix_exp", _function("matrix_exp"), _matrix_exp_samples),
    _decomposition("Tensor.matrix_exp", lambda T, a: a.matrix_exp(), _matrix_exp_samples),
    _decomposition(
        "linalg.det",
        _linalg("det"),
        _det_samples,
        "decompositions._linalg_det",
        errors=_square_errors,
        xfail={"backward:singular": _DET_SINGULAR},
    ),
    # PyTorch differs at the edges: the gradient of a 1x1 determinant is an expand, that of
    # an empty one does not require grad, and at the zero matrix its second derivative is nan.
    _decomposition(
        "linalg.det edges",
        _linalg("det"),
        _det_edge_samples,
        check_double_backward_grad_fn=False,
        none_grad_is_zero=True,
        xfail={
            "double_backward:0x0": _DET_EMPTY,
            "double_backward:empty batch": _DET_EMPTY,
            "double_backward:zero": _DET_ZERO,
        },
    ),
    _decomposition("det", _function("det"), _logdet_samples, errors=_square_errors),
    _decomposition(
        "linalg.slogdet",
        _linalg("slogdet"),
        _invertible_samples,
        "decompositions._linalg_slogdet",
        errors=_square_errors,
    ),
    _decomposition("slogdet", _function("slogdet"), _logdet_samples),
    _decomposition("logdet", _function("logdet"), _logdet_samples, errors=_square_errors),
    _decomposition(
        "linalg.solve",
        _linalg("solve"),
        _solve_samples,
        "decompositions._linalg_solve_ex",
        errors=_solve_errors,
    ),
    _decomposition(
        "linalg.solve_ex", _linalg("solve_ex"), _solve_ex_samples, errors=_solve_ex_errors
    ),
    _decomposition(
        "linalg.solve_triangular",
        _linalg("solve_triangular"),
        _solve_triangular_samples,
        "decompositions._linalg_solve_triangular",
        errors=_solve_triangular_errors,
    ),
    # factorizations
    _decomposition(
        "linalg.cholesky",
        _cholesky,
        _cholesky_samples,
        "decompositions._linalg_cholesky_ex",
        errors=_cholesky_errors,
    ),
    _decomposition(
        "linalg.cholesky_ex", _cholesky_ex, _cholesky_ex_samples, errors=_cholesky_ex_errors
    ),
    _decomposition(
        "cholesky_solve",
        _cholesky_solve,
        _cholesky_solve_samples,
        "cholesky_solve._cholesky_solve",
        errors=_cholesky_solve_errors,
    ),
    _decomposition(
        "cholesky_inverse",
        _cholesky_inverse,
        _cholesky_inverse_samples,
        "cholesky_solve._cholesky_inverse",
    ),
    _decomposition(
        "cholesky",
        _legacy_cholesky,
        _legacy_cholesky_samples,
        "decompositions._cholesky",
        errors=_legacy_cholesky_errors,
    ),
    _decomposition(
        "linalg.qr", _linalg("qr"), _qr_samples, "decompositions._linalg_qr", errors=_qr_errors
    ),
    _decomposition(
        "linalg.qr mode r",
        _linalg("qr"),
        lambda rng, dtype: [S(_Maker(rng, dtype)((3, 2)), mode="r", name="r")],
        backward=False,
    ),
    _decomposition(
        "linalg.qr backward errors",
        _qr_backward_error,
        lambda rng, dtype: [],
        errors=_qr_backward_errors,
    ),
    _decomposition(
        "qr",
        _legacy_qr,
        lambda rng, dtype: [
            S(_Maker(rng, dtype)((3, 2)), name="some"),
            S(_Maker(rng, dtype)((2, 2)), False, name="complete"),
        ],
    ),
    _decomposition(
        "linalg.eigh", _eigh, _eigh_samples, "decompositions._linalg_eigh", errors=_eigh_errors
    ),
    _decomposition("linalg.eigvalsh", _eigvalsh, _eigh_samples, errors=_eigh_errors),
    _decomposition(
        "linalg.eig", _eig, _eig_samples, "decompositions._linalg_eig", errors=_eig_errors
    ),
    _decomposition("linalg.eigvals", _eigvals, _eig_samples, errors=_eig_errors),
    _decomposition(
        "linalg.lu_factor", _lu, _lu_samples, "lu._linalg_lu_factor_ex", errors=_lu_errors
    ),
    _decomposition("lu_unpack", _lu_unpack, _lu_unpack_samples, "lu._lu_unpack"),
    _decomposition(
        "linalg.svd", _svd, _svd_samples, "decompositions._linalg_svd", errors=_svd_errors
    ),
    _decomposition("svd", _legacy_svd, _legacy_svd_samples),
    _decomposition("linalg.svdvals", _linalg("svdvals"), _svdvals_samples, errors=_svd_errors),
    _decomposition(
        "linalg.pinv",
        _linalg("pinv"),
        _pinv_samples,
        "decompositions._linalg_pinv",
        errors=_pinv_errors,
    ),
    _decomposition(
        "linalg.pinv hermitian",
        _pinv_hermitian,
        lambda rng, dtype: [
            S(_Maker(rng, dtype)((3, 3)), name="3x3"),
            S(_Maker(rng, dtype)((2, 2, 2), layout="transposed"), name="batch"),
        ],
    ),
    _decomposition(
        "pinverse",
        _function("pinverse"),
        lambda rng, dtype: [
            S(_Maker(rng, dtype)((3, 2)), name="tall"),
            S(_Maker(rng, dtype)((3, 3)), 0.5, name="rcond", gradcheck=False),
        ],
    ),
    _decomposition(
        "linalg.matrix_rank",
        _linalg("matrix_rank"),
        _matrix_rank_samples,
        backward=False,
        errors=_matrix_rank_errors,
    ),
    _decomposition(
        "linalg.lstsq",
        _linalg("lstsq"),
        _lstsq_samples,
        "decompositions._linalg_lstsq",
        errors=_lstsq_errors,
    ),
    # norms
    _decomposition(
        "linalg.matrix_norm",
        _linalg("matrix_norm"),
        _matrix_norm_samples,
        errors=_matrix_norm_errors,
    ),
    _decomposition("linalg.norm", _linalg("norm"), _norm_samples, errors=_norm_errors),
    _row(
        "linalg.vector_norm errors",
        _linalg("vector_norm"),
        lambda rng, dtype: [],
        errors=_vector_norm_errors,
    ),
    _decomposition("linalg.cond", _linalg("cond"), _cond_samples, errors=_cond_errors),
    # PyTorch's cond writes into the inverse in place, which its own backward then rejects
    # ("modified by an inplace operation"): only the values are compared.
    _decomposition("linalg.cond inverse", _linalg("cond"), _cond_inverse_samples, backward=False),
    _row("linalg.vecdot", _linalg("vecdot"), _vecdot_samples),
    # Tensor methods and in-place variants
    _decomposition(
        "Tensor linalg methods",
        lambda T, name, *args, **kwargs: _method(T, name, *args, **kwargs),
        _methods_samples,
    ),
    _row("addmv_", _inplace("addmv_"), _inplace_samples((2,), (2, 3), (3,), beta=2, alpha=3)),
    _row("addr_", _inplace("addr_"), _inplace_samples((2, 3), (2,), (3,), beta=0.5, alpha=2)),
    _row("addmm_", _inplace("addmm_"), _inplace_samples((2, 2), (2, 3), (3, 2), beta=2)),
    _row("addbmm_", _inplace("addbmm_"), _inplace_samples((2, 2), (2, 2, 3), (2, 3, 2), alpha=2)),
    _row(
        "baddbmm_", _inplace("baddbmm_"), _inplace_samples((2, 2, 2), (2, 2, 3), (2, 3, 2), beta=-1)
    ),
]

__all__ = ["LINALG_OPS"]
