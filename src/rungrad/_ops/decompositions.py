"""Matrix factorizations, inverses and solvers, and what is built on them.

Primitives (one node each, named as PyTorch names them): ``linalg_inv_ex``, ``linalg_det``,
``linalg_slogdet``, ``linalg_solve_ex``, ``linalg_solve_triangular``, ``linalg_cholesky_ex``
(and the legacy ``cholesky``), ``linalg_qr``, ``linalg_eigh``, ``linalg_svd``,
``linalg_pinv``, ``linalg_lstsq``. Composites: ``inv``, ``logdet``, ``eigvalsh``,
``svdvals``, ``matrix_rank``, ``matrix_norm``, ``norm``, ``cond``...

Every forward is NumPy (``numpy.linalg``; batched over leading dimensions). Every backward is
derived from the matrix calculus and written in rungrad ops, so second derivatives work; the
derivations are summarised above each formula (real matrices; ``X^T`` is ``X.mT``).
Products of matrices (``matmul``, ``einsum``...) live in ``linalg.py``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import return_types
from .._tensor import Tensor
from ..autograd._dual import DUAL
from ..autograd.forward_ad import tangent_of
from ._checks import broadcast_shapes, wrap_dim
from .linalg import _legacy, matmul
from .normalization import vector_norm as _vector_norm
from .padding import _constant_pad
from .pointwise import masked_fill, nan_to_num, where
from .reduction import amax, amin
from .registry import declare_holomorphic, primitive
from .shape import diag_embed, diagonal, permute, stack, tril, triu

__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "det",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "inv",
    "inv_ex",
    "legacy_cholesky",
    "legacy_qr",
    "legacy_svd",
    "logdet",
    "lstsq",
    "matrix_exp",
    "matrix_norm",
    "matrix_rank",
    "norm",
    "pinv",
    "pinverse",
    "qr",
    "slogdet",
    "solve",
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "vector_norm",
]


class _LinAlgError(RuntimeError):
    """A matrix the factorization cannot handle (singular, not positive-definite...)."""


LinAlgError = _LinAlgError
_LinAlgError.__module__ = "rungrad.linalg"


# -- argument checks -------------------------------------------------------------------------
def _check_matrix(name: str, input: Tensor, argument: str = "A") -> None:
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {argument} must have at least 2 dimensions.")


def _check_floating(name: str, input: Tensor, kernel: str | None = None) -> None:
    """Floating inputs only; half precision is refused, by the op (or by its LAPACK kernel,
    with that kernel's message, when ``kernel`` is named)."""
    kind = input._data.dtype.kind
    if kind not in "fcV":  # V: bfloat16
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{_legacy(input._data)}"
        )
    if input._data.dtype == np.float16 or kind == "V":
        legacy = _legacy(input._data)
        if kernel is not None:
            raise NotImplementedError(f"\"{kernel}\" not implemented for '{legacy}'")
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {legacy}")


def _check_square(name: str, input: Tensor, argument: str = "A") -> None:
    _check_matrix(name, input, argument)
    rows, columns = input._data.shape[-2:]
    if rows != columns:
        raise RuntimeError(
            f"{name}: {argument} must be batches of square matrices, but they are {rows} by "
            f"{columns} matrices"
        )


def _batch_prefix(batch_shape: tuple[int, ...], index: int) -> str:
    return f"(Batch element {index}): " if batch_shape else ""


def _lu_factor(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """LU with partial pivoting, as LAPACK's getrf: (LU, row order, 1-based index of the
    first exactly zero pivot or 0). A zero pivot does not stop the factorization."""
    work = np.array(matrix, copy=True)
    size = work.shape[0]
    rows = np.arange(size)
    first = 0
    for k in range(size):
        pivot = k + int(np.argmax(np.abs(work[k:, k])))
        if pivot != k:
            work[[k, pivot]] = work[[pivot, k]]
            rows[[k, pivot]] = rows[[pivot, k]]
        if work[k, k] == 0:
            first = first or k + 1
            continue
        work[k + 1 :, k] /= work[k, k]
        work[k + 1 :, k + 1 :] -= np.multiply.outer(work[k + 1 :, k], work[k, k + 1 :])
    return work, rows, first


def _lu_solve(
    matrix: np.ndarray, rhs: np.ndarray, transpose: bool = False
) -> tuple[np.ndarray, int]:
    """Solve A x = b (A^T x = b with ``transpose``) with the LU factors of A, as LAPACK does
    even for a singular A (dividing by its zero pivot gives inf/nan); and the first zero
    pivot."""
    lu, rows, first = _lu_factor(matrix)
    size = lu.shape[0]
    with np.errstate(all="ignore"):
        if transpose:  # A^T = U^T L^T P: U^T y = b, L^T w = y, x = P^T w
            work = np.array(rhs, dtype=lu.dtype, copy=True)
            for k in range(size):
                work[k] = (work[k] - lu[:k, k] @ work[:k]) / lu[k, k]
            for k in range(size - 1, -1, -1):
                work[k] -= lu[k + 1 :, k] @ work[k + 1 :]
            result = np.empty_like(work)
            result[rows] = work
            return result, first
        work = np.array(rhs[rows], dtype=lu.dtype, copy=True)
        for k in range(size):
            work[k + 1 :] -= np.multiply.outer(lu[k + 1 :, k], work[k])
        for k in range(size - 1, -1, -1):
            work[k] = (work[k] - lu[k, k + 1 :] @ work[k + 1 :]) / lu[k, k]
    return work, first


def _solve_each(
    matrices: np.ndarray, rhs: np.ndarray, transpose: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """A batched solve of A X = B (A^T X = B with ``transpose``); a singular matrix gives
    LAPACK's inf/nan result and info > 0 (the first zero pivot of A's LU) instead of an
    error. info is the factorization's: it has the batch shape of A (not the broadcast one),
    as in PyTorch."""
    batch = np.broadcast_shapes(matrices.shape[:-2], rhs.shape[:-2])
    size = matrices.shape[-1]
    info = np.zeros(matrices.shape[:-2], dtype=np.int32)
    flat_info = info.reshape(-1)
    if math.prod(batch) == 0:  # nothing to solve, but the matrices are factored all the same
        for index, matrix in enumerate(matrices.reshape(info.size, size, size)):
            flat_info[index] = _lu_factor(matrix)[2]
    try:
        return np.linalg.solve(np.swapaxes(matrices, -1, -2) if transpose else matrices, rhs), info
    except np.linalg.LinAlgError:
        pass
    owner = np.broadcast_to(np.arange(info.size).reshape(info.shape), batch).reshape(-1)
    matrices = np.broadcast_to(matrices, (*batch, *matrices.shape[-2:]))
    rhs = np.broadcast_to(rhs, (*batch, *rhs.shape[-2:]))
    result = np.empty(rhs.shape, dtype=np.result_type(matrices, rhs))
    flat_result = result.reshape(-1, *rhs.shape[-2:])
    flat_rhs = rhs.reshape(-1, *rhs.shape[-2:])
    for index, matrix in enumerate(matrices.reshape(-1, *matrices.shape[-2:])):
        try:
            flat_result[index] = np.linalg.solve(matrix.T if transpose else matrix, flat_rhs[index])
        except np.linalg.LinAlgError:
            flat_result[index], pivot = _lu_solve(matrix, flat_rhs[index], transpose)
            flat_info[owner[index]] = pivot or matrix.shape[-1]
    return result, info


def _first_error(info: Tensor) -> tuple[int, int] | None:
    """(batch element, info) of the first failed matrix, or None."""
    flat = info._data.reshape(-1)
    bad = np.flatnonzero(flat)
    return (int(bad[0]), int(flat[bad[0]])) if bad.size else None


def _eye(size: int, like: Tensor) -> Tensor:
    return Tensor._from_array(np.eye(size, dtype=like._data.dtype))


def _scaled_identity(scale: Tensor, size: int) -> Tensor:
    """A batch of identity matrices times ``scale`` (one number per matrix)."""
    return scale.unsqueeze(-1).unsqueeze(-1) * _eye(size, scale)


def _is_zero(tensor: Tensor) -> bool:
    """A constant gradient of zeros (e.g. materialized for an unused output): its terms can be
    left out, as they contribute nothing, not even to a second derivative."""
    return not tensor._requires_grad and not np.any(tensor._data)


# -- inverse -----------------------------------------------------------------------------------
@primitive("LinalgInvExBackward0", num_outputs=2, differentiable_outputs=(0,))
def _linalg_inv_ex(A):
    identity = np.broadcast_to(np.eye(A.shape[-1], dtype=A.dtype), A.shape)
    return _solve_each(A, identity)


# d(A^-1) = -A^-1 dA A^-1, so grad_A = -A^-T grad A^-T.
_linalg_inv_ex.defgrad(A=lambda grads, result0: -matmul(matmul(result0.mT, grads[0]), result0.mT))


def inv_ex(A: Tensor, *, check_errors: bool = False, out: Any = None) -> Any:
    """linalg.inv_ex(A, *, check_errors=False) -> (inverse, info); info[i] > 0 marks a
    singular matrix (the index of its first zero pivot) instead of raising"""
    _check_square("linalg.inv_ex", A)
    _check_floating("linalg.inv", A)
    inverse, info = _linalg_inv_ex(A)
    if check_errors:
        _raise_singular_inverse("linalg.inv_ex", A, info)
    return return_types.linalg_inv_ex((inverse, info))


def _raise_singular_inverse(name: str, A: Tensor, info: Tensor) -> None:
    error = _first_error(info)
    if error is not None:
        index, pivot = error
        raise _LinAlgError(
            f"{name}: {_batch_prefix(A._data.shape[:-2], index)}The diagonal element {pivot} is "
            "zero, the inversion could not be completed because the input matrix is singular."
        )


def inv(A: Tensor, *, out: Any = None) -> Tensor:
    """linalg.inv(A) -> the inverse of a (batch of) square matrices

    Example::

        >>> import rungrad as torch
        >>> torch.linalg.inv(torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
        tensor([[0.5000, 0.0000],
                [0.0000, 0.2500]])
    """
    _check_square("linalg.inv", A)
    _check_floating("linalg.inv", A)
    inverse, info = _linalg_inv_ex(A)
    _raise_singular_inverse("linalg.inv", A, info)
    return inverse


# -- matrix exponential ----------------------------------------------------------------------
# Scaling and squaring with the degree-13 Padé approximant (Higham, "The scaling and squaring
# method for the matrix exponential revisited", 2005): exp(A) = exp(A / 2^s)^(2^s), with s
# chosen per matrix so that ||A / 2^s||_1 <= 5.37, where the approximant is exact to double
# precision. Computed in double precision, returned in the input's dtype.
_PADE_13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
            129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
            40840800.0, 960960.0, 16380.0, 182.0, 1.0)  # fmt: skip
_PADE_13_THETA = 5.371920351148152


def _expm(A: np.ndarray) -> np.ndarray:
    work = A.astype(np.complex128 if A.dtype.kind == "c" else np.float64)
    norms = np.abs(work).sum(axis=-2).max(axis=-1, initial=0.0)  # 1-norm of each matrix
    with np.errstate(divide="ignore"):
        squarings = np.maximum(0, np.ceil(np.log2(norms / _PADE_13_THETA))).astype(np.int64)
    work = work / (2.0**squarings)[..., None, None]
    b = _PADE_13
    identity = np.broadcast_to(np.eye(A.shape[-1], dtype=work.dtype), work.shape)
    A2 = work @ work
    A4 = A2 @ A2
    A6 = A4 @ A2
    U = work @ (A6 @ (b[13] * A6 + b[11] * A4 + b[9] * A2)
                + b[7] * A6 + b[5] * A4 + b[3] * A2 + b[1] * identity)  # fmt: skip
    V = A6 @ (b[12] * A6 + b[10] * A4 + b[8] * A2) + b[6] * A6 + b[4] * A4 + b[2] * A2
    V = V + b[0] * identity
    result = np.linalg.solve(V - U, V + U)
    for k in range(int(squarings.max(initial=0))):  # each matrix squared its own s times
        result = np.where((squarings > k)[..., None, None], result @ result, result)
    return result.astype(A.dtype)


@primitive("LinalgMatrixExpBackward0")
def _linalg_matrix_exp(A):
    return _expm(A) if A.size else A.copy()


def _matrix_exp_grad(grad: Tensor, A: Tensor) -> Tensor:
    # The adjoint of the Fréchet derivative: exp([[A^H, G], [0, A^H]]) holds it in its
    # upper-right block. Written with ops, so it is differentiable again.
    from .joining import cat

    adjoint = A.mH
    top = cat([adjoint, grad], -1)
    bottom = cat([grad.new_zeros(grad.shape), adjoint], -1)
    n = A.shape[-1]
    return _linalg_matrix_exp(cat([top, bottom], -2)).narrow(-2, 0, n).narrow(-1, n, n)


_linalg_matrix_exp.defgrad(A=_matrix_exp_grad)


def matrix_exp(A: Tensor) -> Tensor:
    """linalg.matrix_exp(A) -> the exponential of a (batch of) square matrices,
    ``sum(A^k / k!)``"""
    _check_square("linalg.matrix_exp", A)
    if A._data.dtype.kind not in "fc":  # half precision too: computed in double precision
        raise RuntimeError(
            "linalg.matrix_exp: Expected a floating point or complex tensor as input. Got "
            f"{_legacy(A._data)}"
        )
    return _linalg_matrix_exp(A)


# -- determinants ----------------------------------------------------------------------------
@primitive("LinalgDetBackward0")
def _linalg_det(A):
    return np.linalg.det(A)


def _det_grad(grad: Tensor, A: Tensor, result: Tensor) -> Tensor:
    # d det(A) = det(A) tr(A^-1 dA): grad_A = grad det(A) A^-T, computed as one solve.
    # A singular matrix has no inverse: there grad_A = grad adj(A)^T, from the SVD
    # A = U S V^T: adj(A)^T = det(U) det(V) U diag(prod_{j != i} s_j) V^T.
    size = A._data.shape[-1]
    if size == 1:  # d det(A) / dA = 1: PyTorch's gradient is grad, expanded
        return grad.unsqueeze(-1).unsqueeze(-1).expand(A._data.shape)
    if np.all(result._data != 0):
        return solve(A.mT, _scaled_identity(grad * result, size))
    U, S, Vh = _linalg_svd(A, False)
    dtype = S._data.dtype
    signs = np.linalg.det(U._data) * np.linalg.det(Vh._data)
    columns = []
    for i in range(size):
        product = Tensor._from_array(signs.astype(dtype))
        for j in range(size):
            if j != i:
                product = product * S.select(-1, j)
        columns.append(product)
    scaled = (grad.unsqueeze(-1) * stack(columns, -1)).unsqueeze(-2)
    return matmul(U * scaled, Vh)


_linalg_det.defgrad(A=_det_grad)


def det(A: Tensor, *, out: Any = None) -> Tensor:
    """linalg.det(A) -> the determinant of a (batch of) square matrices"""
    _check_square("linalg.det", A)
    _check_floating("linalg.det", A, "lu_cpu")
    return _linalg_det(A)


@primitive("LinalgSlogdetBackward0", num_outputs=2)
def _linalg_slogdet(A):
    sign, logabsdet = np.linalg.slogdet(A)
    # A complex matrix's sign is complex, its log|det| real.
    return np.asarray(sign, dtype=A.dtype), np.asarray(logabsdet, dtype=A.real.dtype)


def _slogdet_grad(grads: list[Tensor], A: Tensor, result0: Tensor) -> Tensor:
    # d log|det A| = Re tr(A^-1 dA): for real A, grad_A = grad_logabsdet A^-T, the sign being
    # piecewise constant. For complex A the sign exp(i theta) moves with
    # d theta = Im tr(A^-1 dA), which adds i c with c = -Im(conj(grad_sign) sign) to the
    # coefficient, and the conjugate Wirtinger gradient takes A^-H.
    size = A._data.shape[-1]
    if A._data.dtype.kind != "c":
        return solve(A.mT, _scaled_identity(grads[1], size))
    from .sequences import imag

    coefficient = grads[1] - 1j * imag(grads[0].conj() * result0)
    return solve(A.mT.conj(), _scaled_identity(coefficient, size))


_linalg_slogdet.defgrad(A=_slogdet_grad)


def slogdet(A: Tensor, *, out: Any = None) -> Any:
    """linalg.slogdet(A) -> (sign, logabsdet): det(A) = sign * exp(logabsdet)"""
    _check_square("linalg.slogdet", A)
    _check_floating("linalg.slogdet", A)
    return return_types.linalg_slogdet(_linalg_slogdet(A))


def legacy_slogdet(input: Tensor) -> Any:
    """slogdet(input) -> (sign, logabsdet), as torch.slogdet names its result"""
    return return_types.slogdet(slogdet(input))


def logdet(input: Tensor) -> Tensor:
    """logdet(input) -> log(det(input)): nan for a negative determinant"""
    _check_square("logdet", input)
    _check_floating("logdet", input)
    sign, logabsdet = _linalg_slogdet(input)
    if input._data.dtype.kind == "c":  # log det = log(sign) + log|det|, complex
        from .pointwise import log

        return log(sign) + logabsdet
    return where(sign == -1, math.nan, logabsdet)


# -- solvers ---------------------------------------------------------------------------------
@primitive("LinalgSolveExBackward0", num_outputs=2, differentiable_outputs=(0,))
def _linalg_solve_ex(A, B, left, vector):
    if vector:
        B = B[..., None]
    if not left:  # X A = B: A^T X^T = B^T, with the LU of A (its info, as in PyTorch)
        B = np.swapaxes(B, -1, -2)
    result, info = _solve_each(A, B, transpose=not left)
    if not left:
        result = np.swapaxes(result, -1, -2)
    if vector:
        result = result[..., 0]
    return result, info


# left: X = A^-1 B, dX = A^-1 (dB - dA X): grad_B = A^-T G, grad_A = -grad_B X^T.
# right: X = B A^-1, dX = (dB - X dA) A^-1: grad_B = G A^-T, grad_A = -X^T grad_B.
# A vector right-hand side is solved as a one-column matrix.
def _solve_B_matrix_grad(grads: list[Tensor], A: Tensor, left: bool, vector: bool) -> Tensor:
    grad = grads[0].unsqueeze(-1) if vector else grads[0]
    return _linalg_solve_ex(A.mT, grad, left, False)[0]


def _solve_B_grad(grads: list[Tensor], A: Tensor, left: bool, vector: bool) -> Tensor:
    grad_B = _solve_B_matrix_grad(grads, A, left, vector)
    return grad_B.squeeze(-1) if vector else grad_B


def _solve_A_grad(
    grads: list[Tensor], A: Tensor, result0: Tensor, left: bool, vector: bool
) -> Tensor:
    grad_B = _solve_B_matrix_grad(grads, A, left, vector)
    result = result0.unsqueeze(-1) if vector else result0
    if left:
        return -matmul(grad_B, result.mT)
    return -matmul(result.mT, grad_B)


_linalg_solve_ex.defgrad(A=_solve_A_grad, B=_solve_B_grad)


def _solve_arguments(A: Tensor, B: Tensor, left: bool) -> bool:
    """Check a solve's arguments; whether B is a (batch of) vectors."""
    _check_square("linalg.solve", A)
    _check_floating("linalg.solve", A, "lu_cpu")
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(
            "linalg.solve: Expected A and B to have the same dtype, but found A of type "
            f"{_legacy(A._data)} and B of type {_legacy(B._data)} instead"
        )
    a_shape, b_shape = A._data.shape, B._data.shape
    if B._data.ndim == 0:
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    vector = B._data.ndim == 1 or (B._data.ndim == A._data.ndim - 1 and b_shape == a_shape[:-1])
    size = a_shape[-1]
    rows, columns = (b_shape[-1], 1) if vector else b_shape[-2:]
    if not vector and not left:
        rows, columns = columns, rows
    if rows != size or (vector and not left):
        equation = "AX = B" if left else "XA = B"
        shown = f"{b_shape[-1]}x1" if vector else "x".join(map(str, b_shape[-2:]))
        raise RuntimeError(
            f"linalg.solve: Incompatible shapes of A and B for the equation {equation} "
            f"({size}x{size} and {shown})"
        )
    broadcast_shapes(b_shape[:-1] if vector else b_shape[:-2], a_shape[:-2])
    return vector


def solve_ex(
    A: Tensor, B: Tensor, *, left: bool = True, check_errors: bool = False, out: Any = None
) -> Any:
    """linalg.solve_ex(A, B, *, left=True, check_errors=False) -> (result, info)"""
    vector = _solve_arguments(A, B, left)
    result, info = _linalg_solve_ex(A, B, left, vector)
    if check_errors:
        _raise_singular_solve("torch.linalg.solve_ex", info)
    return return_types.linalg_solve_ex((result, info))


def _raise_singular_solve(name: str, info: Tensor) -> None:
    error = _first_error(info)
    if error is not None:
        raise _LinAlgError(
            f"{name}: {_batch_prefix(info._data.shape, error[0])}The solver failed because the "
            "input matrix is singular."
        )


def solve(A: Tensor, B: Tensor, *, left: bool = True, out: Any = None) -> Tensor:
    """linalg.solve(A, B, *, left=True) -> X with A X = B (X A = B when left=False)

    Example::

        >>> import rungrad as torch
        >>> torch.linalg.solve(torch.tensor([[2.0, 0.0], [0.0, 4.0]]), torch.tensor([1.0, 1.0]))
        tensor([0.5000, 0.2500])
    """
    vector = _solve_arguments(A, B, left)
    result, info = _linalg_solve_ex(A, B, left, vector)
    _raise_singular_solve("torch.linalg.solve", info)
    return result


def _triangular_solve(A: np.ndarray, B: np.ndarray, lower: bool, unit: bool) -> np.ndarray:
    """X with A X = B for triangular A, by substitution (a zero pivot gives inf/nan)."""
    batch = np.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    A = np.broadcast_to(A, (*batch, *A.shape[-2:]))
    B = np.broadcast_to(B, (*batch, *B.shape[-2:]))
    result = np.zeros(B.shape, dtype=np.result_type(A, B))
    size = A.shape[-1]
    for row in range(size) if lower else range(size - 1, -1, -1):
        known = slice(0, row) if lower else slice(row + 1, size)
        value = B[..., row, :] - np.einsum(
            "...k,...kc->...c", A[..., row, known], result[..., known, :]
        )
        result[..., row, :] = value if unit else value / A[..., row, row, None]
    return result


@primitive("LinalgSolveTriangularBackward0")
def _linalg_solve_triangular(self, B, upper, left, unitriangular):
    if left:
        return _triangular_solve(self, B, not upper, unitriangular)
    transposed = _triangular_solve(
        np.swapaxes(self, -1, -2), np.swapaxes(B, -1, -2), upper, unitriangular
    )
    return np.swapaxes(transposed, -1, -2)


# As for solve, with grad_A kept to the triangle that A's values come from.
def _solve_triangular_B_grad(
    grad: Tensor, self: Tensor, upper: bool, left: bool, unitriangular: bool
) -> Tensor:
    return _linalg_solve_triangular(self.mT, grad, not upper, left, unitriangular)


def _solve_triangular_A_grad(
    grad: Tensor, self: Tensor, result: Tensor, upper: bool, left: bool, unitriangular: bool
) -> Tensor:
    grad_B = _solve_triangular_B_grad(grad, self, upper, left, unitriangular)
    grad_A = -matmul(grad_B, result.mT) if left else -matmul(result.mT, grad_B)
    offset = 1 if unitriangular else 0
    return triu(grad_A, offset) if upper else tril(grad_A, -offset)


_linalg_solve_triangular.defgrad(self=_solve_triangular_A_grad, B=_solve_triangular_B_grad)


def solve_triangular(
    A: Tensor,
    B: Tensor,
    *,
    upper: bool,
    left: bool = True,
    unitriangular: bool = False,
    out: Any = None,
) -> Tensor:
    """linalg.solve_triangular(A, B, *, upper, left=True, unitriangular=False) -> X with
    A X = B for a triangular A (only its upper or lower triangle is read)"""
    _check_matrix("linalg.solve_triangular", A)
    _check_matrix("linalg.solve_triangular", B, "B")
    _check_square("linalg.solve_triangular", A)
    for array in (A._data, B._data):
        if array.dtype.kind not in "fc" or array.dtype == np.float16:
            raise NotImplementedError(
                f"\"triangular_solve_cpu\" not implemented for '{_legacy(array)}'"
            )
    if B._data.dtype != A._data.dtype:  # B takes A's dtype
        B = B.to(A.dtype)
    size = A._data.shape[-1]
    inner = B._data.shape[-2] if left else B._data.shape[-1]
    if inner != size:
        shown = "x".join(map(str, B._data.shape[-2:]))
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(
            "linalg.solve_triangular: Incompatible shapes of A and B for the equation "
            f"{equation} ({size}x{size} and {shown})"
        )
    return _linalg_solve_triangular(A, B, upper, left, unitriangular)


# -- Cholesky --------------------------------------------------------------------------------
def _cholesky_factor(matrix: np.ndarray) -> tuple[np.ndarray, int]:
    """Unblocked Cholesky of the lower triangle, as LAPACK's potf2: stops at the first
    leading minor that is not positive-definite (its order is returned, else 0), leaving the
    computed columns, the failed pivot, and the rest of the lower triangle as they were."""
    work = np.tril(matrix).astype(matrix.dtype, copy=True)
    for k in range(work.shape[0]):
        pivot = work[k, k] - np.dot(work[k, :k], work[k, :k])
        if not pivot > 0:
            work[k, k] = pivot
            return work, k + 1
        work[k, k] = np.sqrt(pivot)
        below = work[k + 1 :, k] - work[k + 1 :, :k] @ work[k, :k]
        work[k + 1 :, k] = below / work[k, k]
    return work, 0


def _cholesky_forward(A: np.ndarray, upper: bool) -> tuple[np.ndarray, np.ndarray]:
    """The Cholesky factor (upper: of A^T, transposed, so the upper triangle is read) and
    LAPACK's info per matrix."""
    source = np.swapaxes(A, -1, -2) if upper else A
    info = np.zeros(A.shape[:-2], dtype=np.int32)
    try:
        factor = np.linalg.cholesky(source)
    except np.linalg.LinAlgError:
        factor = np.empty_like(source)
        flat_factor = factor.reshape(-1, *A.shape[-2:])
        flat_info = info.reshape(-1)
        for index, matrix in enumerate(source.reshape(-1, *A.shape[-2:])):
            flat_factor[index], flat_info[index] = _cholesky_factor(matrix)
    return (np.swapaxes(factor, -1, -2) if upper else factor), info


def _raise_not_positive_definite(name: str, info: Tensor) -> None:
    error = _first_error(info)
    if error is not None:
        index, order = error
        raise _LinAlgError(
            f"{name}: {_batch_prefix(info._data.shape, index)}The factorization could not be "
            "completed because the input is not positive-definite (the leading minor of order "
            f"{order} is not positive-definite)."
        )


@primitive("LinalgCholeskyExBackward0", num_outputs=2, differentiable_outputs=(0,))
def _linalg_cholesky_ex(self, upper):
    return _cholesky_forward(self, upper)


def _cholesky_grad(grad: Tensor, factor: Tensor, upper: bool) -> Tensor:
    # A = L L^T, dL = L Phi(L^-1 dA L^-T), Phi = lower triangle with the diagonal halved.
    # With M = L^T grad_L: <grad_L, dL> = <Phi(M), C> for the symmetric C = L^-1 dA L^-T,
    # = <S, C> with S = (Phi(M) + Phi(M)^T) / 2; so grad_A = L^-T S L^-1 (symmetric).
    # Complex (A = L L^H): the same with conjugate transposes, S Hermitian.
    def adjoint(matrix: Tensor) -> Tensor:
        return matrix.mT.conj() if matrix._data.dtype.kind == "c" else matrix.mT

    if upper:
        factor, grad = adjoint(factor), adjoint(grad)
    product = matmul(adjoint(factor), grad)
    phi = tril(product) - 0.5 * diag_embed(diagonal(product, 0, -2, -1))
    middle = 0.5 * (phi + adjoint(phi))
    left = _linalg_solve_triangular(adjoint(factor), middle, True, True, False)
    return _linalg_solve_triangular(factor, left, False, False, False)


_linalg_cholesky_ex.defgrad(
    self=lambda grads, result0, upper: _cholesky_grad(grads[0], result0, upper)
)


@primitive("CholeskyBackward0")
def _cholesky(self, upper):
    factor, info = _cholesky_forward(self, upper)
    _raise_not_positive_definite("cholesky", Tensor._from_array(info))
    return factor


_cholesky.defgrad(self=lambda grad, result, upper: _cholesky_grad(grad, result, upper))


def cholesky_ex(
    A: Tensor, *, upper: bool = False, check_errors: bool = False, out: Any = None
) -> Any:
    """linalg.cholesky_ex(A, *, upper=False, check_errors=False) -> (L, info)"""
    _check_square("linalg.cholesky_ex", A)
    _check_floating("linalg.cholesky_ex", A, "cholesky_cpu")
    factor, info = _linalg_cholesky_ex(A, upper)
    if check_errors:
        _raise_not_positive_definite("linalg.cholesky_ex", info)
    return return_types.linalg_cholesky_ex((factor, info))


def cholesky(A: Tensor, *, upper: bool = False, out: Any = None) -> Tensor:
    """linalg.cholesky(A, *, upper=False) -> L, lower triangular with A = L L^T (with
    upper=True: U, upper triangular with A = U^T U)"""
    _check_square("linalg.cholesky", A)
    _check_floating("linalg.cholesky", A, "cholesky_cpu")
    factor, info = _linalg_cholesky_ex(A, upper)
    _raise_not_positive_definite("linalg.cholesky", info)
    return factor


_LEGACY_CHOLESKY_WARNING = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
    "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
    "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\n"
    "should be replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce "
    "equivalent results for all valid (symmetric positive definite) inputs."
)
_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, UserWarning, stacklevel=3)


def legacy_cholesky(input: Tensor, upper: bool = False, *, out: Any = None) -> Tensor:
    """cholesky(input, upper=False) -> the deprecated torch.cholesky (warns once)"""
    _warn_once("cholesky", _LEGACY_CHOLESKY_WARNING)
    _check_square("cholesky", input)
    _check_floating("cholesky", input, "cholesky_cpu")
    return _cholesky(input, upper)


# -- QR ----------------------------------------------------------------------------------------
@primitive("LinalgQrBackward0", num_outputs=2)
def _linalg_qr(A, mode):
    if mode == "r":
        return np.zeros((0,), dtype=A.dtype), np.linalg.qr(A, mode="r")
    return tuple(np.linalg.qr(A, mode=mode))


def _qr_square_grad(grad_Q: Tensor, grad_R: Tensor, Q: Tensor, R: Tensor) -> Tensor:
    # A = QR with m >= n. C = Q^T dA R^-1 = Q^T dQ + dR R^-1: its strictly lower part is
    # that of the antisymmetric Q^T dQ. Collecting <grad_Q, dQ> + <grad_R, dR> gives
    # grad_A = (grad_Q + Q (K - Q^T grad_Q)) R^-T with N = Q^T grad_Q - grad_R R^T and
    # K = grad_R R^T + tril(N - N^T, -1).
    projected = matmul(Q.mT, grad_Q)
    product = matmul(grad_R, R.mT)
    difference = projected - product
    K = product + tril(difference - difference.mT, -1)
    numerator = grad_Q + matmul(Q, K - projected)
    return _linalg_solve_triangular(R.mT, numerator, False, False, False)


def _qr_grad(grads: list[Tensor], result0: Tensor, result1: Tensor, mode: str) -> Tensor:
    if mode == "r":
        raise RuntimeError(
            "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
            "Please use linalg.qr(A, mode='reduced') if you are going to differentiate "
            "through linalg.qr."
        )
    Q, R = result0, result1
    grad_Q, grad_R = grads
    rows, columns = Q._data.shape[-2], R._data.shape[-1]
    if mode == "complete" and rows > columns:
        raise RuntimeError(
            "The QR decomposition is not differentiable when mode='complete' and nrows > ncols."
        )
    if rows >= columns:
        return _qr_square_grad(grad_Q, grad_R, Q, R)
    # A = Q [X | Y] with X square: Y = Q^T A_Y adds A_Y grad_Y^T to Q's gradient, and
    # grad_A = Q grad_R + [grad_X' - Q grad_X | 0], grad_X' from the square case.
    square, rest = R[..., :rows], R[..., rows:]
    grad_square, grad_rest = grad_R[..., :rows], grad_R[..., rows:]
    grad_Q = grad_Q + matmul(matmul(Q, rest), grad_rest.mT)
    grad_X = _qr_square_grad(grad_Q, grad_square, Q, square) - matmul(Q, grad_square)
    padded = _constant_pad(grad_X, (0, columns - rows), 0.0)
    return matmul(Q, grad_R) + padded


_linalg_qr.defgrad(A=_qr_grad)

_QR_MODES = ("reduced", "complete", "r")


def qr(A: Tensor, mode: str = "reduced", *, out: Any = None) -> Any:
    """linalg.qr(A, mode='reduced') -> (Q, R) with A = QR, Q orthonormal columns and R upper
    triangular; mode='complete' gives a square Q, mode='r' only R (Q is empty)"""
    _check_matrix("linalg.qr", A)
    if mode not in _QR_MODES:
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    _check_floating("linalg.qr", A, "geqrf_cpu")
    return return_types.linalg_qr(_linalg_qr(A, mode))


def legacy_qr(input: Tensor, some: bool = True, *, out: Any = None) -> Any:
    """qr(input, some=True) -> (Q, R), the deprecated torch.qr"""
    _warn_once(
        "qr",
        "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future "
        "PyTorch release.\nThe boolean parameter 'some' has been replaced with a string "
        "parameter 'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\nQ, R = "
        "torch.linalg.qr(A, 'reduced' if some else 'complete')",
    )
    return return_types.qr(qr(input, "reduced" if some else "complete"))


# -- symmetric eigendecomposition -------------------------------------------------------------
@primitive("LinalgEighBackward0", num_outputs=2)
def _linalg_eigh(A, UPLO):
    eigenvalues, eigenvectors = np.linalg.eigh(A, UPLO=UPLO)
    return eigenvalues, eigenvectors


def _off_diagonal_inverse(differences: Tensor) -> Tensor:
    """1 / differences off the diagonal, 0 on it (where the differences are 0)."""
    size = differences._data.shape[-1]
    on_diagonal = Tensor._from_array(np.eye(size, dtype=bool))
    return where(on_diagonal, 0.0, 1 / where(on_diagonal, 1.0, differences))


def _eigh_grad(grads: list[Tensor], result0: Tensor, result1: Tensor) -> Tensor:
    # A = Q diag(L) Q^T: dL = diag(Q^T dA Q), Q^T dQ = F o (Q^T dA Q) with
    # F_ij = 1 / (L_j - L_i) off the diagonal; so grad_A = Q (diag(grad_L) + F o Q^T grad_Q) Q^T,
    # of which (A being symmetric) the symmetric part is kept: F o J becomes F o (J - J^T) / 2.
    # Complex Hermitian A = Q diag(L) Q^H: the same with conjugate transposes (L is real).
    grad_L, grad_Q = grads
    eigenvalues, Q = result0, result1
    complex_ = Q._data.dtype.kind == "c"
    Qh = Q.mT.conj() if complex_ else Q.mT
    middle = diag_embed(grad_L)
    if complex_:
        middle = middle.to(Q.dtype)
    if not _is_zero(grad_Q):
        gaps = _off_diagonal_inverse(eigenvalues.unsqueeze(-2) - eigenvalues.unsqueeze(-1))
        J = matmul(Qh, grad_Q)
        middle = middle + gaps * (0.5 * (J - (J.mT.conj() if complex_ else J.mT)))
    return matmul(matmul(Q, middle), Qh)


_linalg_eigh.defgrad(A=_eigh_grad)


def _check_eigh(A: Tensor, UPLO: str) -> None:
    _check_square("linalg.eigh", A)
    if UPLO not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    if A._data.dtype.kind not in "fc" or A._data.dtype == np.float16:
        raise NotImplementedError(f"\"linalg_eigh_cpu\" not implemented for '{_legacy(A._data)}'")


def eigh(A: Tensor, UPLO: str = "L", *, out: Any = None) -> Any:
    """linalg.eigh(A, UPLO='L') -> (eigenvalues, eigenvectors) of a symmetric matrix, the
    eigenvalues ascending; only the ``UPLO`` triangle of A is read"""
    _check_eigh(A, UPLO)
    return return_types.linalg_eigh(_linalg_eigh(A, UPLO.upper()))


def eigvalsh(A: Tensor, UPLO: str = "L", *, out: Any = None) -> Tensor:
    """linalg.eigvalsh(A, UPLO='L') -> the eigenvalues of a symmetric matrix, ascending"""
    _check_eigh(A, UPLO)
    if A.requires_grad or tangent_of(A) is not None:  # eigh's node differentiates it
        return _linalg_eigh(A, UPLO.upper())[0]
    return Tensor._from_array(np.linalg.eigvalsh(A._data, UPLO=UPLO.upper()))


# -- general eigendecomposition ---------------------------------------------------------------
_COMPLEX_OF = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128}


@primitive("LinalgEigBackward0", num_outputs=2)
def _linalg_eig(A):
    eigenvalues, eigenvectors = np.linalg.eig(A)
    # NumPy gives real arrays when every eigenvalue is real; PyTorch's are always complex.
    complex_ = _COMPLEX_OF.get(A.dtype, A.dtype)
    return eigenvalues.astype(complex_, copy=False), eigenvectors.astype(complex_, copy=False)


_EIG_PHASE_MESSAGE = (
    "linalg_eig_backward: The eigenvectors in the complex case are specified up to "
    "multiplication by e^{i phi}. The specified loss function depends on this quantity, so it "
    "is ill-defined."
)


def _eig_grad(grads: list[Tensor], A: Tensor, result0: Tensor, result1: Tensor) -> Tensor:
    # A V = V diag(L). With G = V^H grad_V, whose diagonal's real part is removed along the
    # directions V^H V (the eigenvectors have unit norm), and E_ij = conj(L_j - L_i):
    # grad_A = V^-H (diag(grad_L) + G / E off the diagonal) V^H, real for a real A. Each
    # eigenvector is defined up to a phase: a loss that depends on it (Im diag(G) != 0) is
    # refused.
    from .sequences import imag, real

    grad_L, grad_V = grads
    L, V = result0, result1
    Vh = V.mH
    if _is_zero(grad_V):
        middle = diag_embed(grad_L)
    else:
        VhgV = matmul(Vh, grad_V)
        phase = imag(diagonal(VhgV, 0, -2, -1))._data
        # Forward-mode AD runs this formula on made-up cotangents (with a dual level open and
        # tangents not propagating): no loss is involved there, so nothing to refuse.
        deriving_tangent = DUAL.level is not None and not DUAL.active
        if not deriving_tangent and not np.allclose(phase, 0.0, rtol=1e-2, atol=1e-2):
            raise RuntimeError(_EIG_PHASE_MESSAGE)
        VhgV = VhgV - matmul(Vh, V * real(diagonal(VhgV, 0, -2, -1)).unsqueeze(-2))
        size = L._data.shape[-1]
        on_diagonal = Tensor._from_array(np.eye(size, dtype=bool))
        gaps = L.conj().unsqueeze(-2) - L.conj().unsqueeze(-1)
        middle = where(on_diagonal, diag_embed(grad_L), VhgV / where(on_diagonal, 1.0, gaps))
    result = solve(Vh, matmul(middle, Vh))
    return real(result) if A._data.dtype.kind != "c" else result


_linalg_eig.defgrad(A=_eig_grad)


def _check_eig(name: str, A: Tensor) -> None:
    _check_square(name, A)
    if A._data.dtype.kind not in "fc":
        raise RuntimeError(f"Unknown Complex ScalarType for {_legacy(A._data)}")
    if A._data.dtype == np.float16:
        # PyTorch makes the complex32 results before its kernel refuses the dtype.
        from ._checks import user_stacklevel

        warnings.warn(
            "ComplexHalf support is experimental and many operators don't support it yet. "
            "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/EmptyTensor.cpp:54.)",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
        raise NotImplementedError("\"linalg_eig_out_cpu\" not implemented for 'Half'")


def eig(A: Tensor, *, out: Any = None) -> Any:
    """linalg.eig(A) -> (eigenvalues, eigenvectors), complex, of a general square matrix;
    each eigenvector has unit norm (and is defined up to a phase)"""
    _check_eig("linalg.eig", A)
    return return_types.linalg_eig(_linalg_eig(A))


def eigvals(A: Tensor, *, out: Any = None) -> Tensor:
    """linalg.eigvals(A) -> the complex eigenvalues of a general square matrix"""
    _check_eig("linalg.eig", A)  # PyTorch's messages name eig
    if A.requires_grad or tangent_of(A) is not None:  # eig's node differentiates it
        return _linalg_eig(A)[0]
    return Tensor._from_array(_linalg_eig.forward(A._data)[0])


# -- singular value decomposition -------------------------------------------------------------
@primitive("LinalgSvdBackward0", num_outputs=3)
def _linalg_svd(A, full_matrices):
    U, S, Vh = np.linalg.svd(A, full_matrices=full_matrices)
    return U, S.astype(A.real.dtype, copy=False), Vh  # singular values are real


def _svd_grad(
    grads: list[Tensor], result0: Tensor, result1: Tensor, result2: Tensor, full_matrices: bool
) -> Tensor:
    # A = U S V^T (k = min(m, n) singular values). With dP = U^T dA V: dS = diag(dP) and the
    # antisymmetric U^T dU, V^T dV follow from the off-diagonal of dP with
    # F_ij = 1 / (s_j^2 - s_i^2). Collecting terms:
    #   grad_A = U [diag(grad_S) + (F o (J - J^T)) S + S (F o (K - K^T))] V^T
    #            + (I - U U^T) grad_U S^-1 V^T + U S^-1 grad_V^T (I - V V^T),
    # J = U^T grad_U, K = V^T grad_V (V = Vh^T). Only gauge-invariant losses are meaningful.
    grad_U, grad_S, grad_Vh = grads
    U, S, Vh = result0, result1, result2
    rows, columns = U._data.shape[-2], Vh._data.shape[-1]
    k = min(rows, columns)
    if full_matrices and rows != columns:
        U, grad_U = U[..., :k], grad_U[..., :k]
        Vh, grad_Vh = Vh[..., :k, :], grad_Vh[..., :k, :]
    middle = diag_embed(grad_S)
    use_U, use_V = not _is_zero(grad_U), not _is_zero(grad_Vh)
    if not use_U and not use_V:
        return matmul(U * grad_S.unsqueeze(-2), Vh)
    squares = S * S
    gaps = _off_diagonal_inverse(squares.unsqueeze(-2) - squares.unsqueeze(-1))
    V, grad_V = Vh.mT, grad_Vh.mT
    if use_U:
        J = matmul(U.mT, grad_U)
        middle = middle + (gaps * (J - J.mT)) * S.unsqueeze(-2)
    if use_V:
        K = matmul(Vh, grad_V)
        middle = middle + S.unsqueeze(-1) * (gaps * (K - K.mT))
    if rows > k and use_U:
        outside = (grad_U - matmul(U, J)) / S.unsqueeze(-2)
        return matmul(matmul(U, middle) + outside, Vh)
    if columns > k and use_V:
        outside = (grad_V - matmul(V, K)).mT / S.unsqueeze(-1)
        return matmul(U, matmul(middle, Vh) + outside)
    return matmul(matmul(U, middle), Vh)


_linalg_svd.defgrad(A=_svd_grad)


def _check_driver(driver: Any) -> None:
    if driver is not None:
        raise RuntimeError(
            "torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs "
            "with cuSOLVER backend."
        )


def svd(A: Tensor, full_matrices: bool = True, *, driver: Any = None, out: Any = None) -> Any:
    """linalg.svd(A, full_matrices=True) -> (U, S, Vh) with A = U diag(S) Vh, S descending"""
    _check_matrix("linalg.svd", A)
    _check_floating("linalg.svd", A, "linalg_svd_cpu")
    _check_driver(driver)
    return return_types.linalg_svd(_linalg_svd(A, full_matrices))


def legacy_svd(
    input: Tensor, some: bool = True, compute_uv: bool = True, *, out: Any = None
) -> Any:
    """svd(input, some=True, compute_uv=True) -> (U, S, V), torch.svd's V = Vh^T"""
    if input._data.ndim < 2:
        raise RuntimeError(
            "linalg.svd: input should have at least 2 dimensions, but has "
            f"{input._data.ndim} dimensions instead"
        )
    _check_floating("linalg.svd", input, "linalg_svd_cpu")
    if not compute_uv:
        S = svdvals(input)
        rows, columns = input._data.shape[-2:]
        batch = input._data.shape[:-2]
        dtype = input._data.dtype
        U = Tensor._from_array(np.zeros((*batch, rows, rows), dtype=dtype))
        V = Tensor._from_array(np.zeros((*batch, columns, columns), dtype=dtype))
        return return_types.svd((U, S, V))
    U, S, Vh = _linalg_svd(input, not some)
    return return_types.svd((U, S, Vh.mT))


def svdvals(A: Tensor, *, driver: Any = None, out: Any = None) -> Tensor:
    """linalg.svdvals(A) -> the singular values of A, descending"""
    _check_matrix("linalg.svd", A)
    _check_floating("linalg.svd", A, "linalg_svd_cpu")
    _check_driver(driver)
    if A.requires_grad or tangent_of(A) is not None:  # svd's node differentiates it
        return _linalg_svd(A, False)[1]
    values = np.linalg.svd(A._data, compute_uv=False)
    return Tensor._from_array(values.astype(A._data.real.dtype, copy=False))


# -- pseudo-inverse, rank, least squares -------------------------------------------------------
def _tolerances(S: np.ndarray, shape: tuple[int, ...], atol: Any, rtol: Any) -> np.ndarray:
    """max(atol, rtol * largest singular value) per matrix, with PyTorch's defaults."""
    atol_value = np.asarray(0.0 if atol is None else _array(atol), dtype=S.dtype)
    if rtol is None:
        default = np.finfo(S.dtype).eps * max(shape[-2:])
        rtol_value = np.where(atol_value > 0, 0.0, default) if atol is not None else default
    else:
        rtol_value = np.asarray(_array(rtol), dtype=S.dtype)
    largest = np.max(S, axis=-1, initial=0.0) if S.shape[-1:] != (0,) else np.zeros(S.shape[:-1])
    return np.maximum(atol_value, rtol_value * largest)


def _check_float_or_double(A: Tensor) -> None:
    if A._data.dtype.kind not in "fc" or A._data.dtype == np.float16:
        raise RuntimeError("This function doesn't handle types other than float and double")


def _array(value: Any) -> Any:
    return value._data if isinstance(value, Tensor) else value


def _adjoint(matrices: np.ndarray) -> np.ndarray:
    """The conjugate transpose (the transpose of real matrices)."""
    swapped = np.swapaxes(matrices, -1, -2)
    return swapped.conj() if swapped.dtype.kind == "c" else swapped


@primitive("LinalgPinvBackward0")
def _linalg_pinv(self, atol, rtol, hermitian):
    if hermitian:
        eigenvalues, Q = np.linalg.eigh(self)
        magnitudes = np.abs(eigenvalues)
        tolerance = _tolerances(np.sort(magnitudes, axis=-1)[..., ::-1], self.shape, atol, rtol)
        keep = magnitudes > tolerance[..., None]
        inverse = np.where(keep, 1 / np.where(keep, eigenvalues, 1), 0)
        return np.matmul(Q * inverse[..., None, :], _adjoint(Q)).astype(self.dtype)
    U, S, Vh = np.linalg.svd(self, full_matrices=False)
    tolerance = _tolerances(S, self.shape, atol, rtol)
    keep = tolerance[..., None] < S
    inverse = np.where(keep, 1 / np.where(keep, S, 1), 0)
    result = np.matmul(_adjoint(Vh) * inverse[..., None, :], _adjoint(U))
    return result.astype(self.dtype, copy=False)


def _pinv_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    # For a constant rank, dP = -P dA P + P P^T dA^T (I - A P) + (I - P A) dA^T P^T P, so
    # grad_A = -P^T G P^T + (I - A P) G^T P P^T + P^T P G^T (I - P A)   (P = pinv(A)).
    # Complex matrices: the same with conjugate transposes (the adjoints), ^H for ^T.
    P, A, G = result, self, grad
    if A._data.dtype.kind == "c":
        PT, GT = P.mT.conj(), G.mT.conj()
    else:
        PT, GT = P.mT, G.mT
    first = matmul(matmul(PT, G), PT)
    second = matmul(GT, matmul(P, PT))
    second = second - matmul(A, matmul(P, second))
    third = matmul(matmul(PT, P), GT)
    third = third - matmul(matmul(third, P), A)
    if A._data.shape[-2] > A._data.shape[-1]:
        return (second + third) - first
    return -first + (second + third)


_linalg_pinv.defgrad(self=_pinv_grad)


def pinv(
    A: Tensor,
    rcond: Any = None,
    hermitian: bool = False,
    *,
    atol: Any = None,
    rtol: Any = None,
    out: Any = None,
) -> Tensor:
    """linalg.pinv(A, *, atol=None, rtol=None, hermitian=False) -> the Moore-Penrose
    pseudo-inverse (singular values below max(atol, rtol * largest) count as zero)"""
    if A._data.ndim < 2 or A._data.dtype.kind not in "fc" or A._data.dtype == np.float16:
        raise RuntimeError(
            f"linalg.pinv({_legacy(A._data)}{{{list(A._data.shape)}}}): expected a tensor with 2 "
            "or more dimensions of float, double, cfloat or cdouble types"
        )
    if rcond is not None:
        rtol = rcond
    return _linalg_pinv(A, atol, rtol, hermitian)


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """pinverse(input, rcond=1e-15) -> linalg.pinv(input, rtol=rcond)"""
    return pinv(input, rtol=rcond)


def matrix_rank(
    A: Tensor,
    tol: Any = None,
    hermitian: bool = False,
    *,
    atol: Any = None,
    rtol: Any = None,
    out: Any = None,
) -> Tensor:
    """linalg.matrix_rank(A, *, atol=None, rtol=None, hermitian=False) -> the number of
    singular values above max(atol, rtol * largest) (not differentiable)"""
    if A._data.ndim < 2:
        raise RuntimeError(
            "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."
        )
    _check_float_or_double(A)
    if tol is not None:
        atol, rtol = tol, 0.0
    data = A._data
    if hermitian:
        S = np.sort(np.abs(np.linalg.eigvalsh(data)), axis=-1)[..., ::-1]
    else:
        S = np.linalg.svd(data, compute_uv=False)
    tolerance = _tolerances(S, data.shape, atol, rtol)
    return Tensor._from_array(np.sum(tolerance[..., None] < S, axis=-1).astype(np.int64))


_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


@primitive("LinalgLstsqBackward0", num_outputs=4, differentiable_outputs=(0, 1))
def _linalg_lstsq(self, b, rcond, vector, driver):
    if vector:
        b = b[..., None]
    rows, columns = self.shape[-2:]
    P = _linalg_pinv.forward(self, None, rcond, False)
    solution = np.matmul(P, b)
    real_dtype = self.real.dtype  # residuals and singular values are real
    values = np.linalg.svd(self, compute_uv=False).astype(real_dtype, copy=False)
    rank = np.sum(values > _tolerances(values, self.shape, None, rcond)[..., None], axis=-1)
    full_rank = bool(np.all(rank == min(rows, columns)))
    if driver != "gelsy" and rows > columns and full_rank:
        residual = np.matmul(self, solution) - b
        magnitude = np.abs(residual) if residual.dtype.kind == "c" else residual
        residuals = np.sum(magnitude * magnitude, axis=-2)
    else:
        residuals = np.zeros((0,), dtype=real_dtype)
    if vector:
        solution = solution[..., 0]
    rank = np.zeros((0,), np.int64) if driver == "gels" else rank.astype(np.int64)
    if driver not in ("gelsd", "gelss"):
        values = np.zeros((0,), dtype=real_dtype)
    return solution, residuals, rank, values


# X = pinv(A) B: grad_B = pinv(A)^T grad_X, and grad_A is the pseudo-inverse's formula with
# grad_pinv = grad_X B^T. The residuals r = |A X - B|^2 (per column, X optimal, so the
# change of X does not count): grad_A += 2 (A X - B) diag(grad_r) X^T, grad_B -= 2 (A X - B)
# diag(grad_r).
def _adjoint_tensor(matrices: Tensor) -> Tensor:
    """The conjugate transpose (the transpose of real matrices): complex least squares."""
    return matrices.mT.conj() if matrices._data.dtype.kind == "c" else matrices.mT


def _lstsq_residual(
    grads: list[Tensor], self: Tensor, b: Tensor, result0: Tensor, vector: bool
) -> tuple[Tensor, Tensor, Tensor] | None:
    grad_residuals = grads[1]
    if grad_residuals._data.size == 0 or _is_zero(grad_residuals):
        return None
    solution = result0.unsqueeze(-1) if vector else result0
    rhs = b.unsqueeze(-1) if vector else b
    residual = matmul(self, solution) - rhs
    return residual * (2 * grad_residuals).unsqueeze(-2), solution, rhs


def _lstsq_self_grad(
    grads: list[Tensor], self: Tensor, b: Tensor, result0: Tensor, rcond: Any, vector: bool
) -> Tensor:
    grad = grads[0].unsqueeze(-1) if vector else grads[0]
    rhs = b.unsqueeze(-1) if vector else b
    P = _linalg_pinv(self, None, rcond, False)
    result = _pinv_grad(matmul(grad, _adjoint_tensor(rhs)), self, P)
    residual = _lstsq_residual(grads, self, b, result0, vector)
    if residual is not None:
        weighted, solution, _ = residual
        result = result + matmul(weighted, _adjoint_tensor(solution))
    return result


def _lstsq_b_grad(
    grads: list[Tensor], self: Tensor, b: Tensor, result0: Tensor, rcond: Any, vector: bool
) -> Tensor:
    P = _linalg_pinv(self, None, rcond, False)
    grad = grads[0].unsqueeze(-1) if vector else grads[0]
    result = matmul(_adjoint_tensor(P), grad)
    result = result.squeeze(-1) if vector else result
    residual = _lstsq_residual(grads, self, b, result0, vector)
    if residual is not None:
        correction = residual[0].squeeze(-1) if vector else residual[0]
        result = result + -correction
    return result


_linalg_lstsq.defgrad(self=_lstsq_self_grad, b=_lstsq_b_grad)


def lstsq(A: Tensor, B: Tensor, rcond: Any = None, *, driver: str | None = None) -> Any:
    """linalg.lstsq(A, B, rcond=None, *, driver=None) -> (solution, residuals, rank,
    singular_values): the minimum-norm least-squares solution of A X = B. As on PyTorch's
    CPU: the default driver 'gelsy' gives no residuals nor singular values; 'gelsd' and
    'gelss' give both (residuals only when m > n and A has full rank)."""
    for name, tensor in (("input", A), ("other", B)):
        if tensor._data.ndim < 2 and not (name == "other" and tensor._data.ndim == 1):
            raise RuntimeError(f"torch.linalg.lstsq: {name} must have at least 2 dimensions.")
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(
            "torch.linalg.lstsq: Expected input and other to have the same dtype, but got "
            f"input's dtype {_legacy(A._data)} and other's dtype {_legacy(B._data)}"
        )
    _check_float_or_double(A)
    driver = "gelsy" if driver is None else driver
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError(
            "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)"
        )
    vector = B._data.ndim == A._data.ndim - 1
    rows = B._data.shape[-1] if vector else B._data.shape[-2]
    if rows != A._data.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    return return_types.linalg_lstsq(_linalg_lstsq(A, B, rcond, vector, driver))


# -- norms and condition numbers ---------------------------------------------------------------
def vector_norm(
    x: Tensor,
    ord: Any = 2,
    dim: Any = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
    out: Any = None,
) -> Tensor:
    """linalg.vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None) -> the ord-norm
    of x over ``dim`` (all elements when None)"""
    if isinstance(ord, str):
        raise TypeError("linalg_vector_norm(): argument 'ord' (position 2) must be Number, not str")
    if dtype is not None:
        x = x.to(dtype)
    if x._data.dtype.kind not in "fcV":  # half precision is welcome here (V: bfloat16)
        _check_floating("linalg.vector_norm", x)
    return _vector_norm(x, ord, dim, keepdim)


def _matrix_dims(name: str, input: Tensor, dim: Any) -> tuple[int, int]:
    if not isinstance(dim, Sequence) or len(dim) != 2:
        raise RuntimeError(f"{name}: dim must be a 2-tuple. Got {_format_dims(dim)}")
    ndim = input._data.ndim
    first, second = wrap_dim(int(dim[0]), ndim), wrap_dim(int(dim[1]), ndim)
    if first == second:
        raise RuntimeError(f"{name}: dims must be different. Got ({dim[0]}, {dim[1]})")
    return first, second


def _format_dims(dim: Any) -> str:
    if isinstance(dim, Sequence):
        return " ".join(str(d) for d in dim)
    return str(dim)


def _max_min(values: Tensor, dim: int, keepdim: bool, largest: bool) -> Tensor:
    """amax (amin) over ``dim``; as in PyTorch's matrix norms, the largest of no (nonnegative)
    values is 0, a constant."""
    shape = list(values._data.shape)
    if largest and shape[dim] == 0:
        if keepdim:
            shape[dim] = 1
        else:
            del shape[dim]
        return Tensor._from_array(np.zeros(shape, dtype=values._data.dtype))
    return (amax if largest else amin)(values, dim, keepdim)


def matrix_norm(
    A: Tensor,
    ord: Any = "fro",
    dim: Any = (-2, -1),
    keepdim: bool = False,
    *,
    dtype: Any = None,
    out: Any = None,
) -> Tensor:
    """linalg.matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False) -> a matrix norm:
    'fro', 'nuc', inf/-inf (max/min row sum), 1/-1 (max/min column sum), 2/-2 (largest /
    smallest singular value)"""
    name = "linalg.matrix_norm"
    _check_matrix(name, A)
    if dtype is not None:
        A = A.to(dtype)
    first, second = _matrix_dims(name, A, dim)
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"{name}: Order {ord} not supported.")
    elif ord not in (1, -1, 2, -2, math.inf, -math.inf):
        raise RuntimeError(f"{name}: Order {ord} not supported.")
    _check_floating(name, A)
    if ord == "fro":
        return vector_norm(A, 2, (first, second), keepdim)
    if ord in (1, -1, math.inf, -math.inf):
        # 1: the largest column sum (sum over rows, then max over columns); inf: rows.
        summed, kept = (first, second) if abs(ord) == 1 else (second, first)
        sums = vector_norm(A, 1, summed, keepdim)
        if not keepdim and kept > summed:
            kept -= 1
        return _max_min(sums, kept, keepdim, ord > 0)
    # The singular values of the matrices in (first, second): move those dims last.
    ndim = A._data.ndim
    order = [d for d in range(ndim) if d not in (first, second)] + [first, second]
    values = svdvals(permute(A, order))
    if ord == "nuc":
        result = values.sum(-1, keepdim=keepdim)
    else:
        result = _max_min(values, -1, keepdim, ord > 0)
    if keepdim:
        result = permute(result.unsqueeze(-1), np.argsort(order).tolist())
    return result


def norm(
    A: Tensor,
    ord: Any = None,
    dim: Any = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
    out: Any = None,
) -> Tensor:
    """linalg.norm(A, ord=None, dim=None, keepdim=False) -> a vector norm (``dim`` an int, or
    A 1-D) or a matrix norm (``dim`` a 2-tuple, or A 2-D); ord=None is the 2-norm /
    Frobenius norm of all elements"""
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    if dim is not None and len(dim) not in (1, 2):
        raise RuntimeError(
            f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dim)}"
        )
    if ord is not None and dim is None and A._data.ndim not in (1, 2):
        raise RuntimeError(
            "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
            f"Got {A._data.ndim}D."
        )
    if isinstance(ord, str):
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    if ord is None:  # as PyTorch: the 2-norm of vectors (2.0), which is the Frobenius norm
        return vector_norm(A, 2.0, dim, keepdim, dtype=dtype)
    if dim is None:
        if A._data.ndim == 1:  # a vector's norm: PyTorch's node keeps no dims
            return vector_norm(A, ord, None, keepdim, dtype=dtype)
        dim = tuple(range(A._data.ndim))
    if len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def cond(A: Tensor, p: Any = None, *, out: Any = None) -> Tensor:
    """linalg.cond(A, p=None) -> the condition number: for p in (None, 2, -2) the ratio of
    extreme singular values, else norm(A, p) * norm(inv(A), p) (inf for a singular A)"""
    if A._data.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p not in (None, 1, -1, 2, -2, math.inf, -math.inf, "fro", "nuc"):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if isinstance(p, str):
        _check_square(f"linalg.cond(ord={p})", A)
    if A._data.size == 0:  # as PyTorch: 0 for empty matrices (NumPy defines none)
        return Tensor._from_array(np.zeros(A._data.shape[:-2], dtype=A._data.dtype))
    if p is None or p in (2, -2) or p == "nuc":
        values = svdvals(A)
        if p == "nuc":
            return values.sum(-1) * values.reciprocal().sum(-1)
        largest, smallest = values[..., :1], values[..., -1:]
        ratio = smallest / largest if p == -2 else largest / smallest
        return ratio.squeeze(-1)
    _check_square(f"linalg.cond(ord={p})", A)
    inverse, info = inv_ex(A)
    singular = (info > 0).unsqueeze(-1).unsqueeze(-1)
    inverse = masked_fill(inverse, singular, math.inf)
    return nan_to_num(matrix_norm(A, p) * matrix_norm(inverse, p), math.inf, math.inf)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_linalg_inv_ex.saved_as(inverse="result0")


# Holomorphic ops: complex gradients conjugated as PyTorch's are (registry.holomorphic). det's
# formula for a singular matrix goes through the SVD, which is not: see the complex tensors
# section of docs/design.md.
declare_holomorphic(_linalg_inv_ex, _linalg_det, _linalg_solve_ex, _linalg_solve_triangular)
