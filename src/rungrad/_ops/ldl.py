"""LDL^T factorization of symmetric (or Hermitian) matrices: ``linalg.ldl_factor``,
``ldl_factor_ex`` and ``ldl_solve``.

The factorization is LAPACK's ``sytf2``/``hetf2`` on the lower triangle, written out: the
Bunch-Kaufman pivoting (1 x 1 or 2 x 2 diagonal blocks, alpha = (1 + sqrt 17) / 8), the
factors packed in one matrix (L's multipliers below the diagonal, D's blocks on it; the
upper triangle zero), and LAPACK's pivots: 1-based, int32, a 2 x 2 block's two entries both
the negated row it was swapped with. ``info`` is the 1-based index of the first zero block
(D singular). ``ldl_solve`` is LAPACK's ``sytrs``/``hetrs``. PyTorch records neither with a
derivative: backward through them raises.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import return_types
from .._tensor import Tensor
from ._checks import check_solve_sizes
from .decompositions import _legacy
from .registry import primitive

__all__ = ["ldl_factor", "ldl_factor_ex", "ldl_solve"]

_ALPHA = (1 + math.sqrt(17)) / 8


def _cabs1(value: Any) -> Any:
    """LAPACK's measure of an entry for pivoting: |re| + |im| (|x| for a real one)."""
    return abs(value.real) + abs(value.imag) if np.iscomplexobj(value) else abs(value)


def _sytf2(A: np.ndarray, hermitian: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """One matrix's factorization (its lower triangle read), as LAPACK's unblocked code."""
    A = np.tril(A).copy()
    n = A.shape[0]
    complex_ = A.dtype.kind == "c"
    conj = np.conj if hermitian and complex_ else (lambda value: value)
    pivots = np.zeros(n, dtype=np.int32)
    info = 0
    if hermitian and complex_:
        A[np.arange(n), np.arange(n)] = A.diagonal().real
    k = 0
    while k < n:
        step = 1
        diagonal = abs(A[k, k].real) if hermitian and complex_ else _cabs1(A[k, k])
        if k < n - 1:
            imax = k + 1 + int(np.argmax(_cabs1(A[k + 1 :, k])))
            colmax = _cabs1(A[imax, k])
        else:
            imax, colmax = k, 0.0
        if max(diagonal, colmax) == 0 or np.isnan(diagonal):
            info = info or k + 1
            kp = k
        else:
            if diagonal >= _ALPHA * colmax:
                kp = k
            else:
                row = _cabs1(A[imax, k:imax])  # row imax left of the diagonal
                rowmax = row.max()
                if imax < n - 1:
                    rowmax = max(rowmax, _cabs1(A[imax + 1 :, imax]).max())
                other = abs(A[imax, imax].real) if hermitian and complex_ else _cabs1(A[imax, imax])
                if diagonal >= _ALPHA * colmax * (colmax / rowmax):
                    kp = k
                elif other >= _ALPHA * rowmax:
                    kp = imax
                else:
                    kp, step = imax, 2
            kk = k + step - 1
            if kp != kk:
                _interchange(A, kk, kp, conj, hermitian and complex_)
                if step == 2:
                    A[k + 1, k], A[kp, k] = A[kp, k], A[k + 1, k]
            if step == 1:
                _eliminate_one(A, k, conj, hermitian and complex_)
            else:
                _eliminate_two(A, k, conj, hermitian and complex_)
        if step == 1:
            pivots[k] = kp + 1
        else:
            pivots[k] = pivots[k + 1] = -(kp + 1)
        k += step
    return A, pivots, info


def _interchange(A: np.ndarray, kk: int, kp: int, conj: Any, real_diagonal: bool) -> None:
    """Swap rows and columns kk < kp of the trailing matrix (its lower triangle)."""
    below = A[kp + 1 :, kk].copy()
    A[kp + 1 :, kk] = A[kp + 1 :, kp]
    A[kp + 1 :, kp] = below
    between = A[kk + 1 : kp, kk].copy()
    A[kk + 1 : kp, kk] = conj(A[kp, kk + 1 : kp])
    A[kp, kk + 1 : kp] = conj(between)
    if real_diagonal:
        A[kp, kk] = np.conj(A[kp, kk])
    A[kk, kk], A[kp, kp] = A[kp, kp], A[kk, kk]


def _eliminate_one(A: np.ndarray, k: int, conj: Any, hermitian: bool) -> None:
    """A 1 x 1 pivot: the rank-1 update of the trailing lower triangle, then the column
    scaled by 1 / d."""
    n = A.shape[0]
    if k >= n - 1:
        return
    d = A[k, k].real if hermitian else A[k, k]
    inverse = A.dtype.type(1) / d
    column = A[k + 1 :, k].copy()
    for j in range(n - k - 1):  # the BLAS ?syr/?her: column by column, a zero one skipped
        if column[j] != 0:
            temp = -inverse * conj(column[j])
            A[k + 1 + j :, k + 1 + j] += column[j:] * temp
    if hermitian:
        A[np.arange(k + 1, n), np.arange(k + 1, n)] = A.diagonal()[k + 1 :].real
    A[k + 1 :, k] = column * inverse


def _eliminate_two(A: np.ndarray, k: int, conj: Any, hermitian: bool) -> None:
    """A 2 x 2 pivot: the trailing lower triangle minus the two columns times D^-1."""
    n = A.shape[0]
    if k >= n - 2:
        return
    one = A.dtype.type(1)
    d21 = A[k + 1, k]
    if hermitian:
        norm = abs(d21)
        d11 = A[k + 1, k + 1].real / norm
        d22 = A[k, k].real / norm
        t = one / (d11 * d22 - one)
        d21 = d21 / norm
        scale = t / norm
    else:
        d11 = A[k + 1, k + 1] / d21
        d22 = A[k, k] / d21
        t = one / (d11 * d22 - one)
        scale = t / d21
    for j in range(k + 2, n):
        if hermitian:
            wk = scale * (d11 * A[j, k] - d21 * A[j, k + 1])
            wkp1 = scale * (d22 * A[j, k + 1] - np.conj(d21) * A[j, k])
        else:
            wk = scale * (d11 * A[j, k] - A[j, k + 1])
            wkp1 = scale * (d22 * A[j, k + 1] - A[j, k])
        A[j:, j] = A[j:, j] - A[j:, k] * conj(wk) - A[j:, k + 1] * conj(wkp1)
        if hermitian:
            A[j, j] = A[j, j].real
        A[j, k] = wk
        A[j, k + 1] = wkp1


def _factor(A: np.ndarray, hermitian: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    batch, n = A.shape[:-2], A.shape[-1]
    flat = A.reshape(int(np.prod(batch)), n, n)
    LD = np.zeros_like(flat)
    pivots = np.zeros((flat.shape[0], n), dtype=np.int32)
    info = np.zeros(flat.shape[0], dtype=np.int32)
    for index in range(flat.shape[0]):
        LD[index], pivots[index], info[index] = _sytf2(flat[index], hermitian)
    return LD.reshape(A.shape), pivots.reshape(*batch, n), info.reshape(batch)


def _refuse_factor_grad(grads: Any) -> Tensor:
    raise RuntimeError("derivative for aten::linalg_ldl_factor_ex is not implemented")


def _refuse_solve_grad(grad: Tensor) -> Tensor:
    raise RuntimeError("derivative for aten::linalg_ldl_solve is not implemented")


@primitive(
    "NotImplemented",
    qualified_name="rungrad::autograd::NotImplemented",
    num_outputs=3,
    differentiable_outputs=(0,),
)
def _ldl_factor_ex(A, hermitian):
    return _factor(A, hermitian)


_ldl_factor_ex.defgrad(A=_refuse_factor_grad)


def _check_factor_input(name: str, A: Tensor) -> None:
    data = A._data
    if data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if data.shape[-1] != data.shape[-2]:
        raise RuntimeError(
            f"{name}: A must be batches of square matrices, but they are {data.shape[-2]} by "
            f"{data.shape[-1]} matrices"
        )
    if data.dtype.kind not in "fc":
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got {_legacy(data)}"
        )
    if data.dtype == np.float16:
        raise NotImplementedError(
            f"\"ldl_factor_kernel_cpu\" not implemented for '{_legacy(data)}'"
        )


def _raise_info(name: str, info: np.ndarray) -> None:
    failed = np.flatnonzero(info.reshape(-1))
    if failed.size:
        # PyTorch's check knows no LDL error code: its internal assertion, word for word
        raise RuntimeError(
            'false INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/aten/src/ATen/native/'
            'BatchLinearAlgebra.cpp":1642, please report a bug to PyTorch. '
            f"{name}: Unknown error code: {int(info.reshape(-1)[failed[0]])}."
        )


def ldl_factor_ex(A: Tensor, *, hermitian: bool = False, check_errors: bool = False) -> Any:
    """linalg.ldl_factor_ex(A, *, hermitian=False, check_errors=False) -> (LD, pivots, info)"""
    _check_factor_input("torch.linalg.ldl_factor_ex", A)
    LD, pivots, info = _ldl_factor_ex(A, bool(hermitian))
    if check_errors:
        _raise_info("torch.linalg.ldl_factor_ex", info._data)
    return return_types.linalg_ldl_factor_ex((LD, pivots, info))


def ldl_factor(A: Tensor, *, hermitian: bool = False) -> Any:
    """linalg.ldl_factor(A, *, hermitian=False) -> (LD, pivots): A = P L D L^T P^T with
    Bunch-Kaufman pivoting, packed as LAPACK's sytrf packs it

    >>> import rungrad as torch
    >>> torch.linalg.ldl_factor(torch.tensor([[4.0, 2.0], [2.0, 3.0]])).pivots
    tensor([1, 2], dtype=rungrad.int32)
    """
    _check_factor_input("torch.linalg.ldl_factor_ex", A)
    LD, pivots, info = _ldl_factor_ex(A, bool(hermitian))
    _raise_info("torch.linalg.ldl_factor", info._data)
    return return_types.linalg_ldl_factor((LD, pivots))


# -- solve -------------------------------------------------------------------------------------
def _rank_one(B: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
    """B -= x y^T as the BLAS ?ger: B + x * (-y_j) by column, a column with y_j = 0 left
    untouched (its -0 and its infinities stay)."""
    for j in np.flatnonzero(y != 0):
        B[:, j] += x * -y[j]


def _dot(x: np.ndarray, B: np.ndarray, conj: Any) -> np.ndarray:
    """x^T B (x conjugated for a Hermitian matrix)."""
    return conj(x) @ B


def _sytrs(LD: np.ndarray, pivots: np.ndarray, B: np.ndarray, hermitian: bool) -> np.ndarray:
    """One system's solution from its factorization (LAPACK's ?sytrs/?hetrs, lower)."""
    n = LD.shape[0]
    conj = np.conj if hermitian and LD.dtype.kind == "c" else (lambda value: value)
    B = B.copy()
    k = 0
    while k < n:  # L D X = B
        if pivots[k] > 0:
            kp = pivots[k] - 1
            if kp != k:
                B[[k, kp]] = B[[kp, k]]
            _rank_one(B[k + 1 :], LD[k + 1 :, k], B[k])
            B[k] = B[k] * (LD.dtype.type(1) / (LD[k, k].real if hermitian else LD[k, k]))
            k += 1
        else:
            kp = -pivots[k] - 1
            if kp != k + 1:
                B[[k + 1, kp]] = B[[kp, k + 1]]
            _rank_one(B[k + 2 :], LD[k + 2 :, k], B[k])
            _rank_one(B[k + 2 :], LD[k + 2 :, k + 1], B[k + 1])
            off = LD[k + 1, k]
            first = LD[k, k] / conj(off)
            second = LD[k + 1, k + 1] / off
            denominator = first * second - 1
            upper = B[k] / conj(off)
            lower = B[k + 1] / off
            B[k] = (second * upper - lower) / denominator
            B[k + 1] = (first * lower - upper) / conj(denominator)
            k += 2
    k = n - 1
    while k >= 0:  # L^T X = B (L^H when Hermitian)
        if pivots[k] > 0:
            B[k] -= _dot(LD[k + 1 :, k], B[k + 1 :], conj)
            kp = pivots[k] - 1
            if kp != k:
                B[[k, kp]] = B[[kp, k]]
            k -= 1
        else:
            B[k] -= _dot(LD[k + 1 :, k], B[k + 1 :], conj)
            B[k - 1] -= _dot(LD[k + 1 :, k - 1], B[k + 1 :], conj)
            kp = -pivots[k] - 1
            if kp != k:
                B[[k, kp]] = B[[kp, k]]
            k -= 2
    return B


@primitive("NotImplemented", qualified_name="rungrad::autograd::NotImplemented")
def _ldl_solve(LD, pivots, B, hermitian):
    batch = np.broadcast_shapes(LD.shape[:-2], B.shape[:-2])
    count = int(np.prod(batch))
    LD = np.broadcast_to(LD, (*batch, *LD.shape[-2:])).reshape(count, *LD.shape[-2:])
    pivots = np.broadcast_to(pivots, (*batch, pivots.shape[-1])).reshape(count, -1)
    B_flat = np.broadcast_to(B, (*batch, *B.shape[-2:])).reshape(count, *B.shape[-2:])
    X = np.stack(
        [_sytrs(LD[i], pivots[i], B_flat[i], hermitian) for i in range(LD.shape[0])]
    ) if LD.shape[0] else np.zeros((0, *B.shape[-2:]), dtype=B.dtype)  # fmt: skip
    return X.reshape(*batch, *B.shape[-2:])


_ldl_solve.defgrad(LD=_refuse_solve_grad, B=_refuse_solve_grad)


def ldl_solve(LD: Tensor, pivots: Tensor, B: Tensor, *, hermitian: bool = False) -> Tensor:
    """linalg.ldl_solve(LD, pivots, B, *, hermitian=False) -> X with A X = B, from A's
    ``ldl_factor``"""
    ld, piv, b = LD._data, pivots._data, B._data
    if ld.ndim < 2:
        raise RuntimeError(
            "torch.linalg.ldl_solve: The input tensor LD must have at least 2 dimensions."
        )
    if b.ndim < 2:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [-{max(b.ndim, 1)}, "
            f"{max(b.ndim, 1) - 1}], but got -2)"
        )
    check_solve_sizes("torch.linalg.ldl_solve", ld.shape, b.shape)
    if tuple(piv.shape) != tuple(ld.shape[:-1]):
        raise RuntimeError(
            "torch.linalg.ldl_solve: Expected LD.shape[:-1] and pivots.shape to be the same, "
            f"but got pivots with shape {list(piv.shape)} instead"
        )
    if b.dtype != ld.dtype:
        raise RuntimeError(
            f"Expected b and A to have the same dtype, but found b of type {_legacy(b)} and A "
            f"of type {_legacy(ld)} instead."
        )
    if piv.size and np.abs(piv).max() > ld.shape[-2]:
        raise RuntimeError(
            "Pivots given to ldl_solve must all satisfy |pivot| <= LD.size(-2). Did you "
            "properly pass the result of ldl_factor?"
        )
    return _ldl_solve(LD, Tensor._from_array(piv.astype(np.int64)), B, bool(hermitian))


# PyTorch's argument errors name the ops ``linalg_ldl_factor()``..., as Python's name these.
for _function in (ldl_factor, ldl_factor_ex, ldl_solve):
    _function.__qualname__ = f"linalg_{_function.__name__}"
del _function
