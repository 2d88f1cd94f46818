"""LU factorization with partial pivoting: ``linalg.lu_factor`` (and ``lu_factor_ex``) and
``lu_unpack``, with PyTorch's nodes (``LinalgLuFactorExBackward0``, ``LuUnpackBackward0``).

The factorization is LAPACK's ``getrf`` written out (pivot: the first entry of largest
modulus in the column, |re| + |im| for complex ones; pivots 1-based, int32). A = P L U,
L unit lower triangular.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import return_types
from .._tensor import Tensor
from .decompositions import _check_matrix, _legacy, solve_triangular
from .linalg import matmul
from .registry import primitive
from .shape import tril, triu

__all__ = ["lu_factor", "lu_factor_ex", "lu_unpack"]


def _getrf(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    LU = np.array(A, copy=True)
    rows, columns = LU.shape[-2:]
    steps = min(rows, columns)
    batch = LU.shape[:-2]
    pivots = np.zeros((*batch, steps), dtype=np.int32)
    info = np.zeros(batch, dtype=np.int32)
    flat = LU.reshape(-1, rows, columns)
    flat_pivots = pivots.reshape(-1, steps)
    flat_info = info.reshape(-1)
    everything = np.arange(flat.shape[0])
    for j in range(steps):
        column = flat[:, j:, j]
        # LAPACK's i?amax: complex entries compare by |re| + |im|, not by modulus.
        size = np.abs(column.real) + np.abs(column.imag) if column.dtype.kind == "c" else column
        chosen = np.argmax(np.abs(size), axis=-1) + j
        flat_pivots[:, j] = chosen + 1
        upper_row = flat[everything, j].copy()
        flat[everything, j] = flat[everything, chosen]
        flat[everything, chosen] = upper_row
        pivot = flat[:, j, j]
        singular = pivot == 0
        flat_info[:] = np.where(singular & (flat_info == 0), j + 1, flat_info)
        safe = np.where(singular, 1, pivot)[:, None]
        flat[:, j + 1 :, j] = np.where(
            singular[:, None], flat[:, j + 1 :, j], flat[:, j + 1 :, j] / safe
        )
        flat[:, j + 1 :, j + 1 :] -= flat[:, j + 1 :, j, None] * flat[:, j, None, j + 1 :]
    return LU, pivots, info


@primitive("LinalgLuFactorExBackward0", num_outputs=3, differentiable_outputs=(0,))
def _linalg_lu_factor_ex(A, pivot):
    return _getrf(A)


def _lu_factor_grad(grads: list[Tensor], result0: Tensor, result1: Tensor) -> Tensor:
    # A = P L U (square): gA = P L^-H (tril(L^H gL, -1) + triu(gU U^H)) U^-H, with gL, gU
    # the strictly lower and upper parts of the packed gradient.
    LU, pivots = result0, result1
    if LU._data.shape[-1] != LU._data.shape[-2]:
        raise NotImplementedError("lu_factor's derivative is implemented for square matrices")
    P, L, U = _lu_unpack(LU, pivots, True, True)
    grad = grads[0]
    phi = tril(matmul(L.mH, tril(grad, -1)), -1) + triu(matmul(triu(grad), U.mH))
    left = solve_triangular(L.mH, phi, upper=True, unitriangular=True)
    return matmul(P, solve_triangular(U.mH, left, upper=False, left=False))


_linalg_lu_factor_ex.defgrad(A=_lu_factor_grad)


def _check_lu(name: str, A: Tensor) -> None:
    if A._data.ndim < 2:
        raise RuntimeError(
            f"torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: "
            f"{list(A._data.shape)} instead"
        )
    if A._data.dtype.kind not in "fc" or A._data.dtype == np.float16:
        raise NotImplementedError(f"\"lu_cpu\" not implemented for '{_legacy(A._data)}'")


def lu_factor_ex(A: Tensor, *, pivot: bool = True, check_errors: bool = False) -> Any:
    """linalg.lu_factor_ex(A, *, pivot=True, check_errors=False) -> (LU, pivots, info)"""
    _check_lu("linalg.lu_factor_ex", A)
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    return return_types.linalg_lu_factor_ex(_linalg_lu_factor_ex(A, pivot))


def lu_factor(A: Tensor, *, pivot: bool = True, out: Any = None) -> Any:
    """linalg.lu_factor(A, *, pivot=True) -> (LU, pivots): A = P L U packed in one matrix,
    with the row interchanges as 1-based pivots

    >>> import rungrad as torch
    >>> torch.linalg.lu_factor(torch.tensor([[1.0, 2.0], [3.0, 4.0]])).pivots
    tensor([2, 2], dtype=rungrad.int32)
    """
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    failed = np.flatnonzero(info._data.reshape(-1))
    if failed.size:
        index = int(info._data.reshape(-1)[failed[0]])  # PyTorch prints info itself, 1-based
        where = "" if info._data.ndim == 0 else f"(Batch element {int(failed[0])}): "
        raise RuntimeError(
            f"torch.linalg.lu_factor: {where}U[{index},{index}] is zero and using it on "
            "lu_solve would result in a division by zero. If you still want to perform the "
            "factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
        )
    return return_types.linalg_lu_factor((LU, pivots))


# -- lu_unpack ---------------------------------------------------------------------------------
def _permutation(pivots: np.ndarray, rows: int, dtype: np.dtype) -> np.ndarray:
    batch = pivots.shape[:-1]
    flat = pivots.reshape(-1, pivots.shape[-1]).astype(np.int64) - 1
    order = np.tile(np.arange(rows), (flat.shape[0], 1))
    everything = np.arange(flat.shape[0])
    for j in range(flat.shape[1]):
        swapped = order[everything, flat[:, j]].copy()
        order[everything, flat[:, j]] = order[:, j]
        order[:, j] = swapped
    P = np.zeros((flat.shape[0], rows, rows), dtype=dtype)
    P[everything[:, None], order, np.arange(rows)] = 1  # A[order] = L U, so A = P L U
    return P.reshape(*batch, rows, rows)


@primitive("LuUnpackBackward0", num_outputs=3, differentiable_outputs=(1, 2))
def _lu_unpack(LU_data, LU_pivots, unpack_data, unpack_pivots):
    rows, columns = LU_data.shape[-2:]
    steps = min(rows, columns)
    empty = np.zeros((0,), dtype=LU_data.dtype)
    P = _permutation(LU_pivots, rows, LU_data.dtype) if unpack_pivots else empty
    if not unpack_data:
        return P, empty, empty.copy()
    L = np.tril(LU_data[..., :, :steps], -1)
    L[..., np.arange(steps), np.arange(steps)] = 1
    U = np.triu(LU_data[..., :steps, :])
    return P, L, U


def _lu_unpack_grad(grads: list[Tensor], LU_data_shape: Any) -> Tensor:
    from .joining import cat

    _, grad_L, grad_U = grads
    rows, columns = LU_data_shape[-2:]
    if rows > columns:  # L is rows x columns (its lower block is all data), U columns square
        top = tril(grad_L[..., :columns, :], -1) + triu(grad_U)
        return cat([top, grad_L[..., columns:, :]], -2)
    if columns > rows:  # L is rows square, U rows x columns (its right block is all data)
        left = tril(grad_L, -1) + triu(grad_U[..., :, :rows])
        return cat([left, grad_U[..., :, rows:]], -1)
    return tril(grad_L, -1) + triu(grad_U)


_lu_unpack.defgrad(LU_data=_lu_unpack_grad)


def lu_unpack(
    LU_data: Tensor, LU_pivots: Tensor, unpack_data: bool = True, unpack_pivots: bool = True
) -> Any:
    """lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True) -> (P, L, U) of a
    packed LU factorization (``linalg.lu_factor``'s), A = P L U"""
    _check_matrix("torch.lu_unpack", LU_data)
    if LU_pivots._data.dtype != np.int32:
        raise RuntimeError(
            "torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 "
            "dtype.\nNote: this function is intended to be used with the output produced by "
            "torch.linalg.lu_factor"
        )
    return return_types.lu_unpack(_lu_unpack(LU_data, LU_pivots, unpack_data, unpack_pivots))
