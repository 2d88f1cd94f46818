"""``cholesky_solve`` and ``cholesky_inverse``: solving with, and inverting, A = L L^H (or
U^H U with ``upper``) given its Cholesky factor, with PyTorch's nodes
(``CholeskySolveBackward0``, ``CholeskyInverseBackward0``) and gradients:

    cholesky_solve:   gB = cholesky_solve(g, L);  C = gB X^H + X gB^H;  gL = -C L  (-U C)
    cholesky_inverse: C = A^-1 (g + g^H) A^-1;                            gL = -C L  (-U C)

composed of ops, so that they are differentiable again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import check_solve_sizes
from .decompositions import _legacy
from .linalg import matmul
from .registry import primitive

__all__ = ["cholesky_inverse", "cholesky_solve"]


def _adjoint(a: np.ndarray) -> np.ndarray:
    return np.conj(np.swapaxes(a, -1, -2))


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    batch = np.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
    matrix = np.broadcast_to(matrix, (*batch, *matrix.shape[-2:]))
    rhs = np.broadcast_to(rhs, (*batch, *rhs.shape[-2:]))
    if not rhs.size or not matrix.size:
        return np.zeros(rhs.shape, rhs.dtype)
    return np.linalg.solve(matrix, rhs)


def _with_factor(factor: np.ndarray, rhs: np.ndarray, upper: bool) -> np.ndarray:
    """(L L^H)^-1 rhs, or (U^H U)^-1 rhs: two triangular solves (only the factor's own
    triangle is read, as LAPACK's potrs reads it)."""
    lower = _adjoint(np.triu(factor)) if upper else np.tril(factor)
    return _solve(_adjoint(lower), _solve(lower, rhs))


@primitive("CholeskySolveBackward0")
def _cholesky_solve(self, input2, upper):
    return _with_factor(input2, self, upper).astype(self.dtype, copy=False)


def _factor_grad(common: Tensor, factor: Tensor, upper: bool) -> Tensor:
    return -matmul(factor, common) if upper else -matmul(common, factor)


def _solve_self_grad(grad: Tensor, input2: Tensor, upper: bool) -> Tensor:
    return _cholesky_solve(grad, input2, upper)


def _solve_input2_grad(grad: Tensor, input2: Tensor, upper: bool, result: Tensor) -> Tensor:
    grad_self = _cholesky_solve(grad, input2, upper)
    common = matmul(grad_self, result.mH)
    return _factor_grad(common + common.mH, input2, upper)


_cholesky_solve.defgrad(self=_solve_self_grad, input2=_solve_input2_grad)


def _check_floating(name: str, kernel: str, *arrays: np.ndarray) -> None:
    for array in arrays:
        if array.dtype.kind not in "fc" or array.dtype == np.float16:
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{_legacy(array)}'")


def cholesky_solve(B: Tensor, L: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """cholesky_solve(B, L, upper=False) -> X with A X = B, where A = L L^H (U^H U when
    ``upper``) and L is A's Cholesky factor"""
    b, factor = B._data, L._data
    if b.ndim < 2:
        raise RuntimeError(
            f"b should have at least 2 dimensions, but has {b.ndim} dimensions instead"
        )
    if factor.ndim < 2:
        raise RuntimeError(
            f"u should have at least 2 dimensions, but has {factor.ndim} dimensions instead"
        )
    if factor.shape[-1] != factor.shape[-2]:
        raise RuntimeError(
            f"A must be batches of square matrices, but they are {factor.shape[-2]} by "
            f"{factor.shape[-1]} matrices"
        )
    check_solve_sizes("cholesky_solve", factor.shape, b.shape)
    if b.dtype != factor.dtype:
        raise RuntimeError(
            f"Expected b and A to have the same dtype, but found b of type {_legacy(b)} and A "
            f"of type {_legacy(factor)} instead."
        )
    _check_floating("cholesky_solve", "cholesky_solve_cpu", b)
    result = _cholesky_solve(B, L, bool(upper))
    if out is not None:
        from .._out import write_out

        return write_out("cholesky_solve", result, out)
    return result


@primitive("CholeskyInverseBackward0")
def _cholesky_inverse(self, upper):
    eye = np.broadcast_to(np.eye(self.shape[-1], dtype=self.dtype), self.shape)
    return _with_factor(self, eye, upper).astype(self.dtype, copy=False)


def _inverse_grad(grad: Tensor, self: Tensor, upper: bool, result: Tensor) -> Tensor:
    common = matmul(result, matmul(grad + grad.mH, result))
    return _factor_grad(common, self, upper)


_cholesky_inverse.defgrad(self=_inverse_grad)


def cholesky_inverse(L: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """cholesky_inverse(L, upper=False) -> A^-1 for A = L L^H (U^H U when ``upper``)"""
    factor = L._data
    if factor.ndim < 2:
        raise RuntimeError("cholesky_inverse: The input tensor A must have at least 2 dimensions.")
    if factor.shape[-1] != factor.shape[-2]:
        raise RuntimeError(
            f"cholesky_inverse: A must be batches of square matrices, but they are "
            f"{factor.shape[-2]} by {factor.shape[-1]} matrices"
        )
    _check_floating("cholesky_inverse", "cholesky_inverse_out_cpu", factor)
    result = _cholesky_inverse(L, bool(upper))
    if out is not None:
        from .._out import write_out

        return write_out("cholesky_inverse", result, out)
    return result
