"""op_db rows for linalg.lu, linalg.lu_solve (``_ops.lu_solve``) and the composites
linalg.tensorinv and linalg.tensorsolve (see op_db.py).

lu's samples are well-conditioned square, tall, wide and batched matrices (distinct pivots,
so the factorization is smooth); lu_solve solves with linalg.lu_factor's packed factors of
such a matrix, so its gradient reaches the matrix through both ops, in every combination of
``left`` and ``adjoint`` and with batches that broadcast.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from op_db import OpInfo, S, _Maker, _op
from oracle import Sample, TensorArg, Tolerance

_F32_LINALG = {"float32": Tolerance(1e-4, 1e-5)}


def _well_conditioned(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> TensorArg:
    """A matrix (batch) with a dominant diagonal (no pivot ties), and a little noise."""
    value = rng.uniform(-1.0, 1.0, shape)
    rows, columns = shape[-2:]
    for i in range(min(rows, columns)):
        value[..., i, i] += 3.0 + i
    return TensorArg(value.astype(dtype))


def _lu(T: Any, x: Any) -> Any:
    return tuple(T.linalg.lu(x))


def _lu_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(_well_conditioned(rng, (3, 3), dtype), name="3x3"),
        S(make((3, 3)), name="random 3x3"),
        S(make((3, 3), layout="transposed"), name="transposed"),
        S(make((2, 2, 2)), name="batch"),
        S(make((4, 2)), name="tall"),
        S(make((2, 3)), name="wide"),
        S(make((0, 2, 2)), name="empty batch"),
    ]


def _lu_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), name="1-d"), S(make((2, 2), dtype="int64"), name="int64")]


def _lu_solve(T: Any, x: Any, b: Any, **kwargs: Any) -> Any:
    LU, pivots = T.linalg.lu_factor(x)
    return T.linalg.lu_solve(LU, pivots, b, **kwargs)


def _lu_solve_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)

    def A(shape: tuple[int, ...] = (3, 3)) -> TensorArg:
        return _well_conditioned(rng, shape, dtype)

    return [
        S(A(), make((3, 2)), name="left"),
        S(A(), make((3, 2)), adjoint=True, name="left adjoint"),
        S(A(), make((2, 3)), left=False, name="right"),
        S(A(), make((2, 3)), left=False, adjoint=True, name="right adjoint"),
        S(A((2, 3, 3)), make((3, 1)), name="batched A"),
        S(A(), make((2, 3, 2), layout="transposed"), name="batched B"),
        S(A(), make((3, 0)), name="no columns"),
    ]


def _lu_solve_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3, 3)), make((3,)), name="1-d B"),
        S(make((3, 3)), make((4, 2)), name="shapes"),
        S(make((3, 3)), make((2, 4)), left=False, name="shapes right"),
        S(make((3, 3)), make((3, 2), dtype="float64"), name="dtypes"),
    ]


def _tensorinv_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    square = _well_conditioned(rng, (6, 6), dtype).value
    return [
        S(TensorArg(square.reshape(2, 3, 6)), ind=2, name="ind 2"),
        S(TensorArg(square.reshape(6, 2, 3).copy()), ind=1, name="ind 1"),
        S(TensorArg(square.reshape(2, 3, 3, 2)), name="default ind"),
    ]


def _tensorinv_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4, 6, 8, 3)), ind=1, name="not square"),
        S(make((4, 4)), ind=0, name="ind 0"),
        S(TensorArg(np.zeros((2, 2, 4), np.float32)), name="singular"),
        S(make((2, 2), dtype="int64"), ind=1, name="int64"),
    ]


def _tensorsolve_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    square = _well_conditioned(rng, (6, 6), dtype).value
    return [
        S(TensorArg(square.reshape(2, 3, 6)), make((2, 3)), name="2-d B"),
        S(TensorArg(square.reshape(6, 3, 2)), make((6,)), name="1-d B"),
        S(TensorArg(square.reshape(6, 2, 3).copy()), make((2, 3)), dims=(0,), name="dims"),
    ]


def _tensorsolve_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3, 5)), make((2, 3)), name="not square")]


def _householder_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    tau = _Maker(rng, dtype, "probability")
    return [
        S(make((4, 3)), tau((2,)), name="tall, 2 reflectors"),
        S(make((3, 3)), tau((3,)), name="square"),
        S(make((2, 5, 2), layout="transposed"), tau((2, 2)), name="batch"),
        S(make((3, 1)), tau((1,)), name="one column"),
    ]


def _householder_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4, 3)), make((4,)), name="too many reflectors"),
        S(make((3, 4)), make((2,)), name="wide"),
        S(make((4, 3)), make((2,), dtype="float64"), name="dtypes"),
        S(make((3,)), make((2,)), name="1-d"),
        S(make((4, 3)), make((3, 2)), name="tau ndim"),
    ]


def _vander_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3,)), name="1d"),
        S(make((2, 4), layout="transposed"), name="batch"),
        S(make((3,)), N=5, name="N=5"),
        S(make(()), N=3, name="0d"),
    ]
    if dtype == "float32":
        result.append(S(TensorArg(np.array([1, 2, 3]), requires_grad=False), name="int64"))
    return result


def _vander_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make(()), name="0d, N=1"), S(make((2,)), N=1, name="N=1")]


def _geqrf(T: Any, x: Any) -> Any:
    """geqrf's values (it has no derivative: its node's backward raises)."""
    return tuple(T.geqrf(x))


def _geqrf_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3), requires_grad=False), name="tall"),
        S(make((3, 3), requires_grad=False), name="square"),
        S(make((2, 5), requires_grad=False), name="wide"),
        S(make((2, 4, 2), requires_grad=False), name="batch"),
    ]


def _geqrf_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), name="1-d"), S(make((2, 2), dtype="int64"), name="int64")]


def _symmetric(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> TensorArg:
    """A symmetric matrix (batch) with no ties among the entries Bunch-Kaufman compares."""
    value = rng.uniform(-1.0, 1.0, shape)
    return TensorArg((value + np.swapaxes(value, -1, -2)).astype(dtype), requires_grad=False)


def _ldl(T: Any, x: Any, **kwargs: Any) -> Any:
    """ldl_factor_ex's values (it has no derivative: its node's backward raises)."""
    return tuple(T.linalg.ldl_factor_ex(x, **kwargs))


def _ldl_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_symmetric(rng, (3, 3), dtype), name="3x3"),
        S(_symmetric(rng, (5, 5), dtype), name="5x5"),
        S(_symmetric(rng, (2, 4, 4), dtype), hermitian=True, name="batch, hermitian"),
        S(
            TensorArg(np.array([[0.0, 1, 2], [1, 0, 3], [2, 3, 0]], dtype), requires_grad=False),
            name="2x2 pivot",
        ),
    ]


def _ldl_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), name="1-d"),
        S(make((2, 3)), name="not square"),
        S(make((2, 2), dtype="int64"), name="int64"),
    ]


def _ldl_solve(T: Any, x: Any, b: Any, **kwargs: Any) -> Any:
    LD, pivots = T.linalg.ldl_factor(x.detach(), **kwargs)
    return T.linalg.ldl_solve(LD, pivots, b.detach(), **kwargs)


def _ldl_solve_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(_symmetric(rng, (4, 4), dtype), make((4, 2), requires_grad=False), name="4x4"),
        S(
            _symmetric(rng, (2, 3, 3), dtype),
            make((3, 1), requires_grad=False),
            hermitian=True,
            name="batched, hermitian",
        ),
        S(
            TensorArg(np.array([[0.0, 1, 2], [1, 0, 3], [2, 3, 0]], dtype), requires_grad=False),
            make((3, 3), requires_grad=False),
            name="2x2 pivot",
        ),
    ]


def _ldl_solve_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3, 3)), make((3,)), name="1-d B"),
        S(make((3, 3)), make((4, 2)), name="shapes"),
    ]


LU_OPS: list[OpInfo] = [
    _op(
        "linalg.ldl_factor_ex",
        _ldl,
        _ldl_samples,
        "ldl._ldl_factor_ex",
        backward=False,
        tolerance=_F32_LINALG,
        errors=_ldl_errors,
    ),
    _op(
        "linalg.ldl_solve",
        _ldl_solve,
        _ldl_solve_samples,
        "ldl._ldl_solve",
        backward=False,
        tolerance=_F32_LINALG,
        errors=_ldl_solve_errors,
    ),
    _op(
        "linalg.lu",
        _lu,
        _lu_samples,
        "lu_solve._linalg_lu",
        tolerance=_F32_LINALG,
        errors=_lu_errors,
    ),
    _op(
        "linalg.lu_solve",
        _lu_solve,
        _lu_solve_samples,
        "lu_solve._lu_solve",
        covers_backward=("lu._lu_unpack",),
        tolerance=_F32_LINALG,
        errors=_lu_solve_errors,
    ),
    _op(
        "linalg.householder_product",
        lambda T, a, tau: T.linalg.householder_product(a, tau),
        _householder_samples,
        "householder._householder_product",
        tolerance=_F32_LINALG,
        # PyTorch's own float32 second-order gradients stray from the float64 ones by up to
        # 26% (relative, batches of 3 reflectors) where rungrad's stay within 3e-4: only
        # float64 second orders are compared (and gradgradcheck'ed).
        double_backward_dtypes=("float64",),
        errors=_householder_errors,
    ),
    _op(
        "geqrf",
        _geqrf,
        _geqrf_samples,
        "householder._geqrf",
        backward=False,
        tolerance=_F32_LINALG,
        errors=_geqrf_errors,
    ),
    _op(
        "linalg.vander",
        lambda T, x, **kw: T.linalg.vander(x, **kw),
        _vander_samples,
        errors=_vander_errors,
    ),
    _op(
        "linalg.tensorinv",
        lambda T, a, **kw: T.linalg.tensorinv(a, **kw),
        _tensorinv_samples,
        tolerance=_F32_LINALG,
        errors=_tensorinv_errors,
    ),
    _op(
        "linalg.tensorsolve",
        lambda T, a, b, **kw: T.linalg.tensorsolve(a, b, **kw),
        _tensorsolve_samples,
        tolerance=_F32_LINALG,
        errors=_tensorsolve_errors,
    ),
]
