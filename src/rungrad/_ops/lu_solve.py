"""``linalg.lu`` (A = P L U, unpacked: ``LinalgLuBackward0``) and ``linalg.lu_solve`` (solve
with a packed factorization from ``linalg.lu_factor``: ``LinalgLuSolveBackward0``).

Gradients, with X the solution and gB the gradient of B (itself a solve with A^H):
  left, A X = B:      gA = -gB X^H        left, A^H X = B:    gA = -X gB^H
  right, X A = B:     gA = -X^H gB        right, X A^H = B:   gA = -gB^H X
and A = P L U hands it to the packed factors as tril(P^T gA U^H, -1) + triu(L^H P^T gA).
For linalg.lu, with gL, gU the factors' gradients and A = P [L1; L2] [U1 U2]:
  square:  gA = P L^-H (tril(L^H gL, -1) + triu(gU U^H)) U^-H                 (PyTorch's)
  wide:    gA = P L^-H [tril(L^H gL - triu(gU) U^H, -1) U1^-H + triu(gU1), gU2]
  tall:    gA = P [L1^-H (tril(L1^H gL1, -1) + triu(gU U^H - L2^H gL2)); gL2] U^-H
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import return_types
from .._tensor import Tensor
from .decompositions import _legacy, solve_triangular
from .joining import cat
from .linalg import matmul
from .lu import _getrf, _lu_unpack
from .registry import primitive
from .shape import tril, triu

__all__ = ["linalg_lu", "lu_solve"]


# -- linalg.lu -------------------------------------------------------------------------------
@primitive("LinalgLuBackward0", num_outputs=3, differentiable_outputs=(1, 2))
def _linalg_lu(A, pivot):
    LU, pivots, _ = _getrf(A)
    return _lu_unpack.forward(LU, pivots, True, True)


def _linalg_lu_grad(grads: list[Tensor], result0: Tensor, result1: Tensor, result2: Tensor):
    _, grad_L, grad_U = grads
    P, L, U = result0.detach(), result1, result2  # (P is a constant: no edge)
    rows, columns = L.shape[-2], U.shape[-1]
    if rows == columns:
        phi = tril(matmul(L.mH, grad_L), -1) + triu(matmul(grad_U, U.mH))
        left = solve_triangular(L.mH, phi, upper=True, unitriangular=True)
        return matmul(P, solve_triangular(U.mH, left, upper=False, left=False))
    if rows < columns:  # wide: U = [U1 U2]
        phi = tril(matmul(L.mH, grad_L) - matmul(triu(grad_U), U.mH), -1)
        phi = solve_triangular(U[..., :rows].mH, phi, upper=False, left=False)
        phi = cat([phi + triu(grad_U[..., :rows]), grad_U[..., rows:]], -1)
        return matmul(P, solve_triangular(L.mH, phi, upper=True, unitriangular=True))
    # tall: L = [L1; L2]
    L1, L2, grad_L1, grad_L2 = L[..., :columns, :], L[..., columns:, :], *_split(grad_L, columns)
    phi = tril(matmul(L1.mH, grad_L1), -1) + triu(matmul(grad_U, U.mH) - matmul(L2.mH, grad_L2))
    top = solve_triangular(L1.mH, phi, upper=True, unitriangular=True)
    stacked = cat([top, grad_L2], -2)
    return matmul(P, solve_triangular(U.mH, stacked, upper=False, left=False))


def _split(grad: Tensor, rows: int) -> tuple[Tensor, Tensor]:
    return grad[..., :rows, :], grad[..., rows:, :]


_linalg_lu.defgrad(A=_linalg_lu_grad)


def linalg_lu(A: Tensor, *, pivot: bool = True, out: Any = None) -> Any:
    """linalg.lu(A, *, pivot=True) -> (P, L, U) with A = P L U: P a permutation, L unit
    lower triangular, U upper triangular (partial pivoting)"""
    from .._out import write_out

    if A._data.ndim < 2:
        raise RuntimeError(
            f"linalg.lu: Expected tensor with 2 or more dimensions. Got size: "
            f"{list(A._data.shape)} instead"
        )
    if A._data.dtype.kind not in "fc" or A._data.dtype == np.float16:
        raise NotImplementedError(f"\"lu_cpu\" not implemented for '{_legacy(A._data)}'")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    result = return_types.linalg_lu(_linalg_lu(A, pivot))
    if out is not None:
        for value, target in zip(result, out, strict=True):
            write_out("linalg_lu", value, target)
        return return_types.linalg_lu(tuple(out))
    return result


# -- linalg.lu_solve ---------------------------------------------------------------------------
def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    batch = np.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
    matrix = np.broadcast_to(matrix, (*batch, *matrix.shape[-2:]))
    rhs = np.broadcast_to(rhs, (*batch, *rhs.shape[-2:]))
    return np.linalg.solve(matrix, rhs) if rhs.size else np.zeros(rhs.shape, rhs.dtype)


def _left_solve(P, L, U, B, adjoint):  # type: ignore[no-untyped-def]
    """A^-1 B (or A^-H B) with A = P L U."""
    if not adjoint:
        return _solve(U, _solve(L, np.swapaxes(P, -1, -2) @ B))
    return P @ _solve(np.conj(np.swapaxes(L, -1, -2)), _solve(np.conj(np.swapaxes(U, -1, -2)), B))


@primitive("LinalgLuSolveBackward0")
def _lu_solve(LU, pivots, B, left, adjoint):
    P, L, U = _lu_unpack.forward(LU, pivots, True, True)
    if left:
        return _left_solve(P, L, U, B, adjoint)
    # X A = B is A^H X^H = B^H
    BH = np.conj(np.swapaxes(B, -1, -2))
    return np.conj(np.swapaxes(_left_solve(P, L, U, BH, not adjoint), -1, -2))


def _lu_solve_B_grad(grad, LU, pivots, left, adjoint):  # type: ignore[no-untyped-def]
    return _lu_solve(LU, pivots, grad, left, not adjoint)


def _lu_solve_LU_grad(grad, LU, pivots, B, left, adjoint, result):  # type: ignore[no-untyped-def]
    grad_B = _lu_solve(LU, pivots, grad, left, not adjoint)
    X = result
    if left:
        grad_A = -matmul(X, grad_B.mH) if adjoint else -matmul(grad_B, X.mH)
    else:
        grad_A = -matmul(grad_B.mH, X) if adjoint else -matmul(X.mH, grad_B)
    P, L, U = _lu_unpack(LU, pivots, True, True)
    permuted = matmul(P.mT, grad_A)
    return tril(matmul(permuted, U.mH), -1) + triu(matmul(L.mH, permuted))


_lu_solve.defgrad(LU=_lu_solve_LU_grad, B=_lu_solve_B_grad)


def lu_solve(
    LU: Tensor, pivots: Tensor, B: Tensor, *, left: bool = True, adjoint: bool = False,
    out: Any = None,
) -> Tensor:  # fmt: skip
    """linalg.lu_solve(LU, pivots, B, *, left=True, adjoint=False) -> X with A X = B (A^H X
    = B with ``adjoint``, X A = B with ``left=False``), A given packed by linalg.lu_factor"""
    from .._out import write_out

    if B._data.ndim < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    rows, columns = LU._data.shape[-2:]
    if rows != columns:
        raise RuntimeError(
            "torch.linalg.lu_solve: A must be batches of square matrices, but they are "
            f"{rows} by {columns} matrices"
        )
    if pivots._data.dtype != np.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    if LU._data.dtype != B._data.dtype:
        raise RuntimeError(
            "linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
            f"{_legacy(LU._data)} and B of type {_legacy(B._data)} instead"
        )
    size = B._data.shape[-2] if left else B._data.shape[-1]
    if size != rows:
        b_rows, b_columns = B._data.shape[-2:]
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(
            f"linalg.lu_solve: Incompatible shapes of A and B for the equation {equation} "
            f"({rows}x{columns} and {b_rows}x{b_columns})"
        )
    result = _lu_solve(LU, pivots, B, left, adjoint)
    return result if out is None else write_out("linalg_lu_solve", result, out)


# -- the deprecated torch.lu and torch.lu_solve ---------------------------------------------
_LU_DEPRECATED = (
    "torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex "
    "and will be removed in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)"
    "\nshould be replaced with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\n"
    "LU, pivots, info = torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\n"
    "LU, pivots, info = torch.linalg.lu_factor_ex(A, compute_pivots) (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2073.)"
)
_LU_SOLVE_DEPRECATED = (
    "torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a "
    "future PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\n"
    "X = torch.lu_solve(B, LU, pivots)\nshould be replaced with\n"
    "X = torch.linalg.lu_solve(LU, pivots, B) (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2230.)"
)


def legacy_lu(A: Tensor, pivot: bool = True, get_infos: bool = False, out: Any = None) -> Any:
    """lu(A, pivot=True, get_infos=False) -> (LU, pivots[, infos]) (deprecated: use
    linalg.lu_factor / linalg.lu_factor_ex)"""
    from .._runtime import warn_once
    from .lu import lu_factor, lu_factor_ex

    warn_once(_LU_DEPRECATED, stacklevel=2)
    if get_infos:
        LU, pivots, info = lu_factor_ex(A, pivot=pivot)
        return return_types._lu_with_info((LU, pivots, info))
    return tuple(lu_factor(A, pivot=pivot))


def legacy_lu_solve(b: Tensor, LU_data: Tensor, LU_pivots: Tensor, *, out: Any = None) -> Tensor:
    """lu_solve(b, LU_data, LU_pivots) -> X with A X = b (deprecated: use linalg.lu_solve,
    whose arguments come in the other order)"""
    from .._runtime import warn_once

    warn_once(_LU_SOLVE_DEPRECATED, stacklevel=2)
    return lu_solve(LU_data, LU_pivots, b, out=out)
