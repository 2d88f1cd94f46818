"""Products of vectors, matrices and tensors: mm, mv, dot, bmm, matmul, the fused ``add*``
products, vdot/inner/outer, einsum, tensordot, kron, trace, cross, cdist, matrix_power.

Composite products (matmul, inner, tensordot, einsum, kron...) are built from the primitives
the way PyTorch builds them, so their graphs show the same nodes. Factorizations and solvers
live in ``decompositions.py``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._runtime import warn_once
from .._tensor import Tensor
from ._checks import broadcast_shapes, wrap_dim
from .inplace import copy_
from .pointwise import mul_scalar, where
from .registry import BINARY, array_formula, declare_holomorphic, primitive
from .shape import (
    _squeeze_dim,
    _squeeze_result,
    _unsafe_view,
    _unsqueeze,
    clone,
    diagonal,
    expand,
    expanded_size,
    flatten,
    permute,
    reshape,
    t,
    transpose,
    view,
)

__all__ = [
    "addbmm",
    "addmv",
    "addr",
    "baddbmm",
    "chain_matmul",
    "bmm",
    "cdist",
    "cross",
    "dot",
    "einsum",
    "ger",
    "inner",
    "kron",
    "linalg_cross",
    "matmul",
    "matrix_power",
    "mm",
    "multi_dot",
    "mv",
    "outer",
    "pdist",
    "tensordot",
    "trace",
    "vdot",
    "vecdot",
]


# PyTorch's C++ spelling of scalar types, used by some of its messages.
_C_TYPE_NAMES = {
    "float32": "float",
    "float64": "double",
    "float16": "c10::Half",
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
    "bool": "bool",
    "complex64": "c10::complex<float>",
    "complex128": "c10::complex<double>",
}


def _legacy(array: np.ndarray) -> str:
    from .. import _dtype

    return str(_dtype.from_numpy_dtype(array.dtype).legacy_name)


def _check_same_dtype(name: str, first: np.ndarray, second: np.ndarray) -> None:
    """PyTorch's message for operands of different dtypes, which each kernel words its own way."""
    if first.dtype == second.dtype:
        return
    if name == "mm":
        message = (
            "expected m1 and m2 to have the same dtype, but got: "
            f"{_C_TYPE_NAMES[first.dtype.name]} != {_C_TYPE_NAMES[second.dtype.name]}"
        )
    elif name == "mv":
        vec, mat = _legacy(second), _legacy(first)
        message = f"addmv input tensors must have the same dtype, but got {vec}, {mat}, and {vec}"
    elif name == "dot":
        message = (
            "dot : expected both vectors to have same dtype, but found "
            f"{_legacy(first)} and {_legacy(second)}"
        )
    else:
        message = f"expected scalar type {_legacy(first)} but found {_legacy(second)}"
    raise RuntimeError(message)


@primitive("MmBackward0")
def _mm(self, mat2):
    # One test for the common case (it runs in every forward and backward product); the
    # failures are told apart only when it fails.
    shape, other = self.shape, mat2.shape
    if len(shape) != 2 or len(other) != 2 or shape[1] != other[0] or self.dtype != mat2.dtype:
        _check_mm_operands(self, mat2)
    return _matrix_product(self, mat2)


def _check_mm_operands(self: np.ndarray, mat2: np.ndarray) -> None:
    """PyTorch's error for operands ``mm`` cannot multiply."""
    if self.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if self.shape[1] != mat2.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({self.shape[0]}x{self.shape[1]} and "
            f"{mat2.shape[0]}x{mat2.shape[1]})"
        )
    _check_same_dtype("mm", self, mat2)


# NOTE [Products with broadcast factors]
# The backward of sum, mean and expand hands on a broadcast gradient: a view whose rows (or
# columns) are all one row (or column). Given such a factor, NumPy's matmul copies it into a
# full matrix and multiplies as if its rows differed. A product whose left factor repeats
# one row is that row's product, repeated; one whose right factor repeats one column, that
# column's. So ``(A @ B).sum()``'s backward makes two matrix-vector products instead of two
# matrix products (n times less arithmetic), each output element still the same dot product.
# NOTE [A row times a matrix]
# PyTorch's CPU product of one row and a row-major float32/float64 matrix (1 x k times k x n,
# n > 1: a batch of one through a layer, the weight gradient of a layer with one output;
# batched too) adds the k products of each column one after another, each product rounded:
# exactly, for every size tried (k up to 100 000). BLAS adds them in blocks, which differed
# in the last bit in most columns, and so in every later step of a training loop. Two NumPy
# calls do it in PyTorch's order: the k x n products, then a sum down them (a reduction over
# a leading axis adds the rows in turn).
def _adds_in_order(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether PyTorch multiplies these (batches of) matrices as one row, in order."""
    return (
        a.shape[-2] == 1
        and b.shape[-1] > 1
        and b.dtype.char in "fd"
        and a.dtype == b.dtype
        and b.strides[-1] == b.itemsize
        and b.shape[-2] > 0
    )


def _row_products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for (batches of) one row ``a``, each column's products added in turn."""
    return np.add.reduce(np.swapaxes(a, -1, -2) * b, axis=-2, keepdims=True)


def _matrix_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for two matrices, broadcast factors taken as a row or column once."""
    rows, columns = a.shape[0], b.shape[1]
    if rows == 1 and _adds_in_order(a, b):
        return _row_products(a, b)
    if rows > 1 and a.strides[0] == 0:  # every row of ``a`` is a[0]
        row = np.matmul(np.ascontiguousarray(a[:1]), b)
        return np.broadcast_to(row, (rows, columns)).copy()
    if columns > 1 and b.strides[1] == 0:  # every column of ``b`` is b[:, 0]
        column = np.matmul(a, np.ascontiguousarray(b[:, :1]))
        return np.broadcast_to(column, (rows, columns)).copy()
    return np.matmul(a, b)


def _is_transposed(shape: tuple[int, ...], strides: tuple[int, ...]) -> bool:
    """A matrix stored column by column (the transpose of a contiguous one)."""
    return strides[0] == 1 and strides[1] == shape[0]


# Both orders give the same values; like PyTorch, the gradient of a matrix stored transposed
# is computed as the transpose of a product, which shows as a TBackward0 node.
def _mm_self_grad(grad: Tensor, mat2: Tensor, self_shape: Any, self_strides: Any) -> Tensor:
    if _is_transposed(self_shape, self_strides):
        return mm(mat2, grad.t()).t()
    return mm(grad, mat2.t())


def _mm_mat2_grad(grad: Tensor, self: Tensor, mat2_shape: Any, mat2_strides: Any) -> Tensor:
    if _is_transposed(mat2_shape, mat2_strides):
        return mm(grad.t(), self).t()
    return mm(self.t(), grad)


def _mm_self_grad_on_arrays(grad: Any, mat2: Any, self_shape: Any, self_strides: Any) -> Any:
    if _is_transposed(self_shape, self_strides):
        return _mm.forward(mat2, grad.T).T
    return _mm.forward(grad, mat2.T)


def _mm_mat2_grad_on_arrays(grad: Any, self: Any, mat2_shape: Any, mat2_strides: Any) -> Any:
    if _is_transposed(mat2_shape, mat2_strides):
        return _mm.forward(grad.T, self).T
    return _mm.forward(self.T, grad)


_mm.defgrad(
    self=array_formula(_mm_self_grad, _mm_self_grad_on_arrays),
    mat2=array_formula(_mm_mat2_grad, _mm_mat2_grad_on_arrays),
)


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """mm(input, mat2) -> matrix product of two 2-D tensors"""
    return _mm(input, mat2)


@primitive("MvBackward0")
def _mv(self, vec):
    if self.ndim != 2 or vec.ndim != 1 or self.shape[1] != vec.shape[0]:
        raise RuntimeError(
            f"size mismatch, got input ({self.shape[0] if self.ndim else 1}), mat "
            f"({'x'.join(map(str, self.shape))}), vec ({vec.shape[0] if vec.ndim else 1})"
        )
    _check_same_dtype("mv", self, vec)
    return np.matmul(self, vec)


_mv.defgrad(
    self=lambda grad, vec: outer(grad, vec),  # a view of grad times vec, as in PyTorch
    vec=lambda grad, self: mv(self.t(), grad),
)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """mv(input, vec) -> matrix-vector product"""
    return _mv(input, vec)


def _check_vectors(self: np.ndarray, tensor: np.ndarray, name: str = "dot") -> None:
    if self.ndim != 1 or tensor.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {self.ndim}D and {tensor.ndim}D tensors")
    if self.shape[0] != tensor.shape[0]:
        raise RuntimeError(
            "inconsistent tensor size, expected tensor ["
            f"{self.shape[0]}] and src "
            f"[{tensor.shape[0]}] to have the same number of elements, but got {self.shape[0]} "
            f"and {tensor.shape[0]} elements respectively"
        )
    _check_same_dtype("dot", self, tensor)
    if self.dtype == np.bool_:
        raise NotImplementedError(f"\"{name}\" not implemented for 'Bool'")


@primitive("DotBackward0")
def _dot(self, tensor):
    _check_vectors(self, tensor)
    return np.dot(self, tensor)


_dot.defgrad(self=lambda grad, tensor: grad * tensor, tensor=lambda grad, self: grad * self)


def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """dot(input, tensor) -> inner product of two 1-D tensors"""
    return _dot(input, tensor)


@primitive("BmmBackward0")
def _bmm(self, mat2):
    if self.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.shape[:2] != (self.shape[0], self.shape[2]):
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{self.shape[0]}, {self.shape[2]}] but got: [{mat2.shape[0]}, {mat2.shape[1]}]."
        )
    _check_same_dtype("bmm", self, mat2)
    if self.dtype == np.bool_:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    if _adds_in_order(self, mat2):  # NOTE [A row times a matrix]
        return _row_products(self, mat2)
    return np.matmul(self, mat2)


_bmm.defgrad(
    self=lambda grad, mat2: bmm(grad, mat2.transpose(1, 2)),
    mat2=lambda grad, self: bmm(self.transpose(1, 2), grad),
)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """bmm(input, mat2) -> batched matrix product of two 3-D tensors"""
    return _bmm(input, mat2)


def matmul(input: Any, other: Any) -> Tensor:
    """matmul(input, other) -> matrix product with PyTorch's rules for 1-D and batched inputs.

    The product is composed from ``dot``/``mv``/``mm``/``bmm`` the way PyTorch composes it,
    so the graph has the same nodes: batch dimensions of a matrix times a (batch of)
    matrix are folded into rows (``UnsafeViewBackward0`` over ``MmBackward0``); a matrix
    times a batch is computed transposed and made contiguous (``CloneBackward0``); two batches
    are broadcast and multiplied with one ``bmm``.
    """
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError("matmul(): argument 'other' (position 1) must be Tensor")
    dim1, dim2 = input._data.ndim, other._data.ndim
    if dim1 == 2 and dim2 == 2:  # the commonest product first, straight to its op
        return _mm(input, other)
    if dim1 == 0 or dim2 == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {dim1}D and {dim2}D"
        )
    if dim1 == 1 and dim2 == 1:
        return dot(input, other)
    if dim1 == 2 and dim2 == 1:
        return mv(input, other)
    if dim1 == 1 and dim2 == 2:
        return _squeeze_result(mm(_unsqueeze(input, 0), other), 0)
    if dim1 == 3 and dim2 == 3:
        # One batch of size 1 against a real batch: drop it and fold instead of broadcasting.
        first_single, second_single = input._data.shape[0] == 1, other._data.shape[0] == 1
        if second_single and not first_single:
            return _fold(input, _squeeze_dim(other, 0))
        if first_single and not second_single:
            return _fold_transposed(_squeeze_dim(input, 0), other)
    if dim1 >= 3 and dim2 <= 2:
        return _fold(input, other)
    if dim1 <= 2 and dim2 >= 3:
        return _fold_transposed(input, other)
    return _batched_matmul(input, other)


def _fold(input: Tensor, other: Tensor) -> Tensor:
    """A batch of matrices times a matrix or vector: the batch becomes extra rows."""
    batch = input._data.shape[:-1]
    rows = reshape(input, (math.prod(batch), input._data.shape[-1]))
    if other._data.ndim == 1:
        return _unsafe_view(mv(rows, other), batch)
    return _unsafe_view(mm(rows, other), (*batch, other._data.shape[-1]))


def _fold_transposed(input: Tensor, other: Tensor) -> Tensor:
    """A matrix or vector times a batch: (other^T input^T)^T, folding ``other``'s batch."""
    if input._data.ndim == 1:
        return _fold(transpose(other, -1, -2), input)
    return transpose(_fold(transpose(other, -1, -2), t(input)), -1, -2).contiguous()


def _batched_matmul(input: Tensor, other: Tensor) -> Tensor:
    """Broadcast the batch dimensions, then one ``bmm``."""
    n, m = input._data.shape[-2:]
    m2, p = other._data.shape[-2:]
    batch = broadcast_shapes(input._data.shape[:-2], other._data.shape[:-2])
    count = math.prod(batch)
    if m != m2:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{count}, {m}] but "
            f"got: [{count}, {m2}]."
        )
    first = reshape(expand(input, (*batch, n, m)), (count, n, m))
    second = reshape(expand(other, (*batch, m, p)), (count, m, p))
    return _unsafe_view(bmm(first, second), (*batch, n, p))


# -- vector products -------------------------------------------------------------------------
@primitive("VdotBackward0")
def _vdot(self, other):
    _check_vectors(self, other, "dot")
    return np.vdot(self, other)


# vdot is conj(self) . other: antiholomorphic in self, so its gradient conjugates the output's.
_vdot.defgrad(self=lambda grad, other: grad.conj() * other, other=lambda grad, self: grad * self)


def vdot(input: Tensor, other: Tensor) -> Tensor:
    """vdot(input, other) -> dot product of two 1-D tensors, the first conjugated"""
    return _vdot(input, other)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """outer(input, vec2) -> the outer product ``input[i] * vec2[j]`` of two 1-D tensors"""
    for name, tensor in (("self", input), ("vec2", vec2)):
        if tensor._data.ndim != 1:
            raise RuntimeError(
                f"outer: Expected 1-D argument {name}, but got {tensor._data.ndim}-D"
            )
    return reshape(input, (input._data.shape[0], 1)) * vec2


ger = outer


def inner(input: Tensor, other: Tensor) -> Tensor:
    """inner(input, other) -> sums of products over the last dimension of both"""
    if input._data.ndim == 0 or other._data.ndim == 0:
        return input * other
    if input._data.shape[-1] != other._data.shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{list(input._data.shape)} and {list(other._data.shape)}"
        )
    return tensordot(input, other, ([-1], [-1]))


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    """linalg.vecdot(x, y, *, dim=-1) -> sum of ``x * y`` along ``dim`` (``x`` conjugated)"""
    if x._data.dtype != y._data.dtype:
        raise RuntimeError(
            "linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
            f"{_legacy(x._data)} and y of type {_legacy(y._data)} instead"
        )
    if x._data.ndim == 1 and y._data.ndim == 1:
        return vdot(x, y)  # as in PyTorch (which then ignores dim)
    return (x * y).sum(dim)


# -- fused multiply-add products -------------------------------------------------------------
def _scaled(grad: Tensor, factor: Any) -> Tensor:
    return grad if factor == 1 else mul_scalar(grad, factor)


def _add_scaled(input: np.ndarray, product: np.ndarray, beta: Any, alpha: Any) -> np.ndarray:
    """beta * input + alpha * product, where beta == 0 ignores input (even its nan and inf)."""
    if alpha != 1:
        product = product * alpha
    if beta == 0:
        return np.broadcast_to(product, np.broadcast_shapes(input.shape, product.shape)).copy()
    return product + (input if beta == 1 else input * beta)


def _same_dtypes(message: str, *arrays: np.ndarray) -> None:
    if len({a.dtype for a in arrays}) > 1:
        raise RuntimeError(message)


def _legacy_names(*arrays: np.ndarray) -> list[str]:
    return [_legacy(a) for a in arrays]


@primitive("AddmvBackward0")
def _addmv(self, mat, vec, beta, alpha):
    return _add_scaled(self, np.matmul(mat, vec), beta, alpha)


_addmv.defgrad(
    self=lambda grad, beta: _scaled(grad, beta),
    mat=lambda grad, vec, alpha: _scaled(grad.unsqueeze(1) * vec.unsqueeze(0), alpha),
    vec=lambda grad, mat, alpha: _scaled(mv(mat.t(), grad), alpha),
)


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """addmv(input, mat, vec, *, beta=1, alpha=1) -> beta * input + alpha * (mat @ vec)"""
    matrix, vector = mat._data, vec._data
    if matrix.ndim != 2 or vector.ndim != 1 or input._data.ndim > 1:
        raise RuntimeError(
            "vector + matrix @ vector expected, got "
            f"{input._data.ndim}, {matrix.ndim}, {vector.ndim}"
        )
    if matrix.shape[1] != vector.shape[0] or input._data.size not in (1, matrix.shape[0]):
        rows = input._data.shape[0] if input._data.ndim else 1
        raise RuntimeError(
            f"size mismatch, got input ({rows}), mat ({'x'.join(map(str, matrix.shape))}), vec "
            f"({vector.shape[0] if vector.ndim else 1})"
        )
    first, second, third = _legacy_names(input._data, matrix, vector)
    _same_dtypes(
        f"addmv input tensors must have the same dtype, but got {first}, {second}, and {third}",
        input._data,
        matrix,
        vector,
    )
    return _addmv(input, mat, vec, beta, alpha)


def check_addend(input: Tensor, shape: tuple[int, ...]) -> None:
    """The added tensor must expand to the product's shape (PyTorch's expand messages)."""
    if isinstance(input, Tensor) and input._data.shape != shape:
        expanded_size(input, shape)


@primitive("AddrBackward0", promotion=BINARY)
def _addr(self, vec1, vec2, beta, alpha):
    return _add_scaled(self, np.multiply.outer(vec1, vec2), beta, alpha)


def _as_dtype_of(tensor: Tensor, grad: Tensor) -> Tensor:
    """A saved input in the (promoted) dtype of the gradient."""
    return tensor if tensor._data.dtype == grad._data.dtype else tensor.to(grad.dtype)


_addr.defgrad(
    self=lambda grad, beta: _scaled(grad, beta),
    vec1=lambda grad, vec2, alpha: _scaled(mv(grad, _as_dtype_of(vec2, grad)), alpha),
    vec2=lambda grad, vec1, alpha: _scaled(mv(grad.t(), _as_dtype_of(vec1, grad)), alpha),
)


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """addr(input, vec1, vec2, *, beta=1, alpha=1) -> beta * input + alpha * outer(vec1, vec2)"""
    for name, tensor in (("vec1", vec1), ("vec2", vec2)):
        if tensor._data.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {tensor._data.ndim}-D")
    check_addend(input, (vec1._data.shape[0], vec2._data.shape[0]))
    return _addr(input, vec1, vec2, beta, alpha)


@primitive("BaddbmmBackward0")
def _baddbmm(self, batch1, batch2, beta, alpha):
    return _add_scaled(self, np.matmul(batch1, batch2), beta, alpha)


_baddbmm.defgrad(
    self=lambda grad, beta: _scaled(grad, beta),
    batch1=lambda grad, batch2, alpha: _scaled(bmm(grad, batch2.transpose(1, 2)), alpha),
    batch2=lambda grad, batch1, alpha: _scaled(bmm(batch1.transpose(1, 2), grad), alpha),
)


def _check_batches(batch1: Tensor, batch2: Tensor) -> tuple[int, int, int]:
    first, second = batch1._data, batch2._data
    if first.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if second.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if second.shape[:2] != (first.shape[0], first.shape[2]):
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{first.shape[0]}, {first.shape[2]}] but got: [{second.shape[0]}, "
            f"{second.shape[1]}]."
        )
    return first.shape[0], first.shape[1], second.shape[2]


def baddbmm(
    input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1
) -> Tensor:
    """baddbmm(input, batch1, batch2, *, beta=1, alpha=1) ->
    beta * input + alpha * bmm(batch1, batch2)"""
    shape = _check_batches(batch1, batch2)
    if input._data.dtype != batch1._data.dtype:
        names = [_C_TYPE_NAMES.get(a.dtype.name, a.dtype.name) for a in (input._data,)]
        raise RuntimeError(
            f"Input dtypes must be the same, got: input {names[0]}, batch1: "
            f"{_C_TYPE_NAMES.get(batch1._data.dtype.name)}, batch2: "
            f"{_C_TYPE_NAMES.get(batch2._data.dtype.name)}"
        )
    _check_same_dtype("baddbmm", batch1._data, batch2._data)
    check_addend(input, shape)
    return _baddbmm(input, batch1, batch2, beta, alpha)


@primitive("AddbmmBackward0")
def _addbmm(self, batch1, batch2, beta, alpha):
    product = np.matmul(batch1, batch2).sum(axis=0, dtype=batch1.dtype)
    return _add_scaled(self, product, beta, alpha)


def _addbmm_batch1_grad(grad: Tensor, batch2: Tensor, alpha: Any) -> Tensor:
    expanded = grad.unsqueeze(0).expand((batch2._data.shape[0], grad._data.shape[0], -1))
    return _scaled(bmm(expanded, batch2.transpose(1, 2)), alpha)


def _addbmm_batch2_grad(grad: Tensor, batch1: Tensor, alpha: Any) -> Tensor:
    expanded = grad.unsqueeze(0).expand((batch1._data.shape[0], -1, grad._data.shape[1]))
    return _scaled(bmm(batch1.transpose(1, 2), expanded), alpha)


_addbmm.defgrad(
    self=lambda grad, beta: _scaled(grad, beta),
    batch1=_addbmm_batch1_grad,
    batch2=_addbmm_batch2_grad,
)


def addbmm(
    input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1
) -> Tensor:
    """addbmm(input, batch1, batch2, *, beta=1, alpha=1) ->
    beta * input + alpha * sum over the batch of batch1[i] @ batch2[i]"""
    first, second = batch1._data, batch2._data
    if first.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if second.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if first.shape[0] != second.shape[0]:
        raise RuntimeError(
            "batch1 and batch2 must have same number of batches, got "
            f"{first.shape[0]} and {second.shape[0]}"
        )
    if first.shape[2] != second.shape[1]:
        raise RuntimeError(
            f"Incompatible matrix sizes for bmm ({first.shape[1]}x{first.shape[2]} and "
            f"{second.shape[1]}x{second.shape[2]})"
        )
    for array in (first, second):
        if array.dtype != input._data.dtype:
            raise RuntimeError(
                "self and mat2 must have the same dtype, but got "
                f"{_legacy(input._data)} and {_legacy(array)}"
            )
    check_addend(input, (first.shape[1], second.shape[2]))
    return _addbmm(input, batch1, batch2, beta, alpha)


# -- trace, cross, kron ----------------------------------------------------------------------
@primitive("TraceBackward0")
def _trace(self):
    if self.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {self.ndim}")
    if self.dtype == np.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return np.trace(self, dtype=np.int64 if self.dtype.kind in "iu" else self.dtype)


def _trace_grad(grad: Tensor, self_shape: tuple[int, ...]) -> Tensor:
    # The gradient is the identity matrix scaled by grad: grad times a flat eye, viewed.
    eye = np.eye(*self_shape, dtype=grad._data.dtype).reshape(-1)
    return view(grad * Tensor._from_array(eye), self_shape)


_trace.defgrad(self=_trace_grad)


def trace(input: Tensor) -> Tensor:
    """trace(input) -> sum of the diagonal of a 2-D tensor"""
    return _trace(input)


@primitive("LinalgCrossBackward0")
def _linalg_cross(self, other, dim):
    first, second = np.broadcast_arrays(self, other)
    return np.cross(first, second, axis=dim)


# d(a x b) . g = da . (b x g) + db . (g x a)
_linalg_cross.defgrad(
    self=lambda grad, other, dim: _linalg_cross(other, grad, dim),
    other=lambda grad, self, dim: _linalg_cross(grad, self, dim),
)


def linalg_cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """linalg.cross(input, other, *, dim=-1) -> cross product of 3-vectors along ``dim``"""
    first, second = input._data, other._data
    if first.ndim != second.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    axis = wrap_dim(dim, first.ndim)
    if first.shape[axis] != 3 or second.shape[axis] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got "
            f"{first.shape[axis]} and {second.shape[axis]}"
        )
    broadcast_shapes(first.shape, second.shape)
    _check_same_dtype("cross", first, second)
    return _linalg_cross(input, other, axis - first.ndim)


_CROSS_WARNING = (
    "Using torch.cross without specifying the dim arg is deprecated.\n"
    "Please either pass the dim explicitly or simply use torch.linalg.cross.\n"
    "The default value of dim will change to agree with that of linalg.cross in a future "
    "release."
)
_cross_warned: list[bool] = []


def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """cross(input, other, dim=None) -> cross product along ``dim`` (default: the first
    dimension of size 3, a deprecated choice that warns once)"""
    if dim is None:
        if not _cross_warned:
            _cross_warned.append(True)
            warnings.warn(_CROSS_WARNING, UserWarning, stacklevel=2)
        shape = broadcast_shapes(input._data.shape, other._data.shape)
        sizes = [i for i, size in enumerate(shape) if size == 3]
        if not sizes:
            raise RuntimeError("no dimension of size 3 in input")
        dim = sizes[0]
    return linalg_cross(input, other, dim=dim)


def kron(input: Tensor, other: Tensor) -> Tensor:
    """kron(input, other) -> the Kronecker product: blocks ``input[i, j] * other``"""
    first, second = input._data.shape, other._data.shape
    ndim = max(len(first), len(second))
    first = (1,) * (ndim - len(first)) + first
    second = (1,) * (ndim - len(second)) + second
    spread_first = tuple(s for size in first for s in (size, 1))
    spread_second = tuple(s for size in second for s in (1, size))
    product = _unsafe_view(input, spread_first) * _unsafe_view(other, spread_second)
    return _unsafe_view(product, tuple(a * b for a, b in zip(first, second)))


# -- tensordot and einsum --------------------------------------------------------------------
def _dims_list(dims: Any) -> list[int]:
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        return [dims]
    return [int(d) for d in dims]


def tensordot(a: Tensor, b: Tensor, dims: Any = 2, out: Any = None) -> Tensor:
    """tensordot(a, b, dims=2) -> contraction of the last ``dims`` dimensions of ``a`` with
    the first ``dims`` of ``b``, or of the listed pairs ``dims=([...], [...])``"""
    for operand in (a, b):  # PyTorch's Python tensordot asks the operands for .dim() first
        if not isinstance(operand, Tensor):
            raise AttributeError(f"'{type(operand).__name__}' object has no attribute 'dim'")
    if isinstance(dims, Tensor) and dims._data.ndim == 0:
        dims = int(dims.item())
    if isinstance(dims, (list, tuple)) and any(isinstance(d, int) for d in dims):
        raise TypeError(
            "tensordot(): argument 'dims_self' (position 3) must be tuple of ints, not int"
        )
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    else:
        dims_a, dims_b = (_dims_list(d) for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    shape_a, shape_b = a._data.shape, b._data.shape
    contracted_a = [wrap_dim(d, len(shape_a)) for d in dims_a]
    contracted_b = [wrap_dim(d, len(shape_b)) for d in dims_b]
    contracted_size = 1
    for dim_a, dim_b, given_a, given_b in zip(contracted_a, contracted_b, dims_a, dims_b):
        size_a, size_b = shape_a[dim_a], shape_b[dim_b]
        # A size-1 dimension broadcasts: the other side is summed over it first (as in
        # PyTorch, a is summed when both have size 1).
        if size_b == 1:
            a = a.sum(dim_a, keepdim=True)
        elif size_a == 1:
            b = b.sum(dim_b, keepdim=True)
        elif size_a != size_b:
            raise RuntimeError(
                "contracted dimensions need to match, but first has size "
                f"{size_a} in dim {given_a} and second has size {size_b} in dim {given_b}"
            )
        else:
            contracted_size *= size_a
    free_a = [d for d in range(len(shape_a)) if d not in contracted_a]
    free_b = [d for d in range(len(shape_b)) if d not in contracted_b]
    result_shape = tuple(shape_a[d] for d in free_a) + tuple(shape_b[d] for d in free_b)
    left = permute(a, [*free_a, *dims_a])
    right = permute(b, [*dims_b, *free_b])
    if not free_a and not free_b:
        product = dot(flatten(left), flatten(right))
    else:
        rows = math.prod(shape_a[d] for d in free_a)
        columns = math.prod(shape_b[d] for d in free_b)
        product = mm(
            reshape(left, (rows, contracted_size)), reshape(right, (contracted_size, columns))
        )
    return view(product, result_shape)


_ELLIPSIS = "..."


def _einsum_subscripts(part: str, start: int, index: int | None) -> list[str]:
    """The labels of one operand (or of the output when ``index`` is None), '...' included;
    ``start`` is where ``part`` begins in the equation (for the messages)."""
    labels: list[str] = []
    where = "output" if index is None else f"operand {index}"
    position = 0
    while position < len(part):
        char = part[position]
        if char == ".":
            if part[position : position + 3] != _ELLIPSIS:
                suffix = " (...)" if index is None else ""
                raise RuntimeError(
                    f"einsum(): found '.' for {where} that is not part of any ellipsis{suffix}"
                )
            if _ELLIPSIS in labels:
                raise RuntimeError(
                    f"einsum(): found '.' for {where} for which an ellipsis was already found"
                )
            labels.append(_ELLIPSIS)
            position += 3
            continue
        if char.isascii() and char.isalpha():
            labels.append(char)
        elif char != " ":
            raise RuntimeError(
                f"einsum(): invalid subscript given at index {start + position} in the equation "
                "string, subscripts must be in [a-zA-Z]"
            )
        position += 1
    return labels


def _sublist_label(value: Any) -> str:
    if value is Ellipsis:
        return _ELLIPSIS
    if not 0 <= value < 52:
        raise ValueError(
            f"einsum(): subscript in subscript list is not within the valid range "
            f"[0, 52), got {value}"
        )
    return chr(ord("A") + value) if value < 26 else chr(ord("a") + value - 26)


def _einsum_arguments(args: tuple[Any, ...]) -> tuple[str, tuple[Tensor, ...]]:
    """The equation and operands of either calling convention (string, or sublists)."""
    if len(args) < 2:
        raise ValueError(
            "einsum(): must specify the equation string and at least one operand, "
            "or at least one operand and its subscripts list"
        )
    if isinstance(args[0], str):
        operands = args[1:]
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = tuple(operands[0])
        for position, operand in enumerate(operands):  # the parser's TensorList check
            if not isinstance(operand, Tensor):
                raise TypeError(
                    f"expected Tensor as element {position} in argument 1, but got "
                    f"{type(operand).__name__}"
                )
        return args[0], tuple(operands)
    # operand, sublist, operand, sublist, ..., and optionally the output's sublist
    operands, inputs = args[0 : len(args) - len(args) % 2 : 2], args[1::2]
    equation = ",".join("".join(_sublist_label(v) for v in sublist) for sublist in inputs)
    if len(args) % 2:
        equation += "->" + "".join(_sublist_label(v) for v in args[-1])
    return equation, tuple(operands)


def einsum(*args: Any) -> Tensor:
    """einsum(equation, *operands) -> sums of products over the labelled dimensions

    Subscripts are letters; ``...`` stands for broadcast dimensions; a label repeated in one
    operand takes its diagonal; without ``->`` the output holds the labels seen once, in
    alphabetical order. As in PyTorch, each operand is first brought to one common order of
    dimensions (output labels, then summed ones), then the operands are contracted left to
    right, each pair with one ``bmm``.
    """
    equation, operands = _einsum_arguments(args)
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    parts, starts, offset = [], [], 0
    for part in lhs.split(","):
        parts.append(part)
        starts.append(offset)
        offset += len(part) + 1
    subscripts = [_einsum_subscripts(p, s, i) for i, (p, s) in enumerate(zip(parts, starts))]
    output = None
    if arrow >= 0:
        output = _einsum_subscripts(equation[arrow + 2 :], arrow + 2, None)
    if len(operands) < len(subscripts):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(operands) > len(subscripts):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    ellipsis_ndim = _einsum_check_dims(subscripts, operands)
    _einsum_check_sizes(subscripts, operands, ellipsis_ndim)
    counts: dict[str, int] = {}
    for labels in subscripts:
        for label in labels:
            if label != _ELLIPSIS:
                counts[label] = counts.get(label, 0) + 1
    has_ellipsis = any(_ELLIPSIS in labels for labels in subscripts)
    if output is None:
        output = ([_ELLIPSIS] if has_ellipsis else []) + sorted(
            label for label, count in counts.items() if count == 1
        )
    seen: set[str] = set()
    for label in output:
        if label == _ELLIPSIS:
            continue
        if label in seen:
            raise RuntimeError(
                f"einsum(): output subscript {label} appears more than once in the output"
            )
        if label not in counts:
            raise RuntimeError(
                f"einsum(): output subscript {label} does not appear in the "
                "equation for any input operand"
            )
        seen.add(label)
    # The common order of dimensions: the output's, then the summed ellipsis dims and labels.
    ellipsis_dims = [(_ELLIPSIS, k) for k in range(ellipsis_ndim)]
    order: list[Any] = []
    for label in output:
        order.extend(ellipsis_dims if label == _ELLIPSIS else [label])
    output_ndim = len(order)
    if _ELLIPSIS not in output:
        order.extend(ellipsis_dims)
    order.extend(sorted(label for label in counts if label not in seen))
    aligned = [
        _einsum_align(operand, labels, order, ellipsis_ndim, index)
        for index, (operand, labels) in enumerate(zip(operands, subscripts))
    ]
    if len(aligned) == 1:
        summed = tuple(range(output_ndim, len(order)))
        return aligned[0][0].sum(summed) if summed else aligned[0][0]
    present = [{order.index(key) for key in keys} for _, keys in aligned]
    operands_aligned = [operand for operand, _ in aligned]
    # Dimensions that only one operand has and the output lacks are summed right away.
    for index, operand in enumerate(operands_aligned):
        alone = [
            dim
            for dim in range(output_ndim, len(order))
            if dim in present[index]
            and not any(dim in present[j] for j in range(len(present)) if j != index)
        ]
        if alone:
            operands_aligned[index] = operand.sum(alone, keepdim=True)
    result = operands_aligned[0]
    for index in range(1, len(operands_aligned)):
        later = set().union(*present[index + 1 :]) if index + 1 < len(present) else set()
        summed = [dim for dim in range(output_ndim, len(order)) if dim not in later]
        result = _einsum_pair(result, operands_aligned[index], summed)
    if result._data.ndim > output_ndim:
        result = view(result, result._data.shape[:output_ndim])
    return result


def _einsum_check_dims(subscripts: list[list[str]], operands: tuple[Tensor, ...]) -> int:
    """Each operand has as many dimensions as subscripts; the number of ellipsis dims."""
    ellipsis_ndim = 0
    for index, (labels, operand) in enumerate(zip(subscripts, operands)):
        ndim = operand._data.ndim
        named = len(labels) - (1 if _ELLIPSIS in labels else 0)
        if _ELLIPSIS in labels:
            if named > ndim:
                raise RuntimeError(
                    f"einsum(): the number of subscripts in the equation ({named}) is more than "
                    f"the number of dimensions ({ndim}) for operand {index}"
                )
            ellipsis_ndim = max(ellipsis_ndim, ndim - named)
        elif named != ndim:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({named}) does not match "
                f"the number of dimensions ({ndim}) for operand {index} and no ellipsis was given"
            )
    return ellipsis_ndim


def _einsum_keys(labels: list[str], ndim: int, ellipsis_ndim: int) -> list[Any]:
    """One key per dimension of an operand: its label, or (ELLIPSIS, k) for broadcast dims."""
    keys: list[Any] = []
    for label in labels:
        if label == _ELLIPSIS:
            covered = ndim - (len(labels) - 1)
            keys.extend((_ELLIPSIS, k) for k in range(ellipsis_ndim - covered, ellipsis_ndim))
        else:
            keys.append(label)
    return keys


def _einsum_check_sizes(
    subscripts: list[list[str]], operands: tuple[Tensor, ...], ellipsis_ndim: int
) -> None:
    """Check that the sizes of each label broadcast across operands (and match in one)."""
    sizes: dict[Any, int] = {}
    for index, (labels, operand) in enumerate(zip(subscripts, operands)):
        shape = operand._data.shape
        keys = _einsum_keys(labels, len(shape), ellipsis_ndim)
        first: dict[Any, int] = {}
        for dim, (key, size) in enumerate(zip(keys, shape)):
            if key in first:
                if shape[first[key]] != size:
                    raise RuntimeError(
                        f"einsum(): subscript {key} is repeated for operand {index} but the "
                        f"sizes don't match, {size} != {shape[first[key]]}"
                    )
                continue
            first[key] = dim
            previous = sizes.get(key)
            if previous is None or previous == 1:
                sizes[key] = size
            elif size not in (1, previous):
                if isinstance(key, tuple):
                    raise RuntimeError(
                        f"einsum(): dimension {dim} covered by ellipsis in operand {index}has "
                        f"size {size} which does not broadcast with previously seen ellipsis "
                        f"with size {previous} for the respective dimension"
                    )
                raise RuntimeError(
                    f"einsum(): subscript {key} has size {size} for operand {index} which does "
                    f"not broadcast with previously seen size {previous}"
                )


def _einsum_align(
    operand: Tensor, labels: list[str], order: list[Any], ellipsis_ndim: int, index: int
) -> tuple[Tensor, list[Any]]:
    """The operand with repeated labels reduced to their diagonal, missing dims added (size 1)
    and its dims permuted to ``order``; and the keys it really has."""
    keys = _einsum_keys(labels, operand._data.ndim, ellipsis_ndim)
    kept: list[Any] = []
    for key in keys:
        if key not in kept:
            kept.append(key)
            continue
        first, current = kept.index(key), len(kept)
        operand = diagonal(operand, 0, first, current)
        # The diagonal comes last; move it back where the label first appeared.
        ndim = operand._data.ndim
        dims = list(range(ndim - 1))
        dims.insert(first, ndim - 1)
        operand = permute(operand, dims)
    dims = []
    for key in order:
        if key in kept:
            dims.append(kept.index(key))
        else:
            dims.append(operand._data.ndim)
            operand = _unsqueeze(operand, operand._data.ndim)
    return permute(operand, dims), kept


def _einsum_pair(left: Tensor, right: Tensor, summed: list[int]) -> Tensor:
    """Multiply two aligned operands and sum ``summed`` dims (kept with size 1), with a bmm."""
    left_shape, right_shape = left._data.shape, right._data.shape
    # A summed dim of size 1 on one side broadcasts: sum the other side over it first.
    left_only = [d for d in summed if left_shape[d] != 1 and right_shape[d] == 1]
    right_only = [d for d in summed if left_shape[d] == 1 and right_shape[d] != 1]
    if left_only:
        left = left.sum(left_only, keepdim=True)
    if right_only:
        right = right.sum(right_only, keepdim=True)
    left_shape, right_shape = left._data.shape, right._data.shape
    summed = [d for d in summed if left_shape[d] != 1 or right_shape[d] != 1]
    if not summed:
        return left * right
    both, left_kept, right_kept = [], [], []
    for dim in range(len(left_shape)):
        if dim in summed:
            continue
        if left_shape[dim] != 1 and right_shape[dim] != 1:
            both.append(dim)
        elif left_shape[dim] != 1:
            left_kept.append(dim)
        else:
            right_kept.append(dim)
    # When all of right's own dims come before left's in the output, PyTorch computes the
    # product the other way round (the bmm result then needs no reordering of those dims).
    if left_kept and right_kept and max(right_kept) < min(left_kept):
        left, right, left_kept, right_kept = right, left, right_kept, left_kept
        left_shape, right_shape = right_shape, left_shape
    sizes = [
        math.prod(shape[d] for d in dims)
        for shape, dims in (
            (left_shape, both),
            (left_shape, left_kept),
            (left_shape, summed),
            (right_shape, right_kept),
        )
    ]
    batch, rows, inner_size, columns = sizes
    left = reshape(
        permute(left, [*both, *left_kept, *summed, *right_kept]), (batch, rows, inner_size)
    )
    right = reshape(
        permute(right, [*both, *summed, *right_kept, *left_kept]), (batch, inner_size, columns)
    )
    result_order = [*both, *left_kept, *summed, *right_kept]
    result_shape = (
        [left_shape[d] for d in both]
        + [left_shape[d] for d in left_kept]
        + [1] * len(summed)
        + [right_shape[d] for d in right_kept]
    )
    result = view(bmm(left, right), result_shape)
    return permute(result, [result_order.index(d) for d in range(len(result_order))])


# -- cdist -----------------------------------------------------------------------------------
@primitive("CdistBackward0")
def _cdist(x1, x2, p):
    difference = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
    if p == 0:
        result = np.sum(difference != 0, axis=-1)
    elif p == math.inf:
        result = np.max(difference, axis=-1, initial=0)
    elif p == 1:
        result = np.sum(difference, axis=-1)
    elif p == 2:
        result = np.sqrt(np.sum(difference * difference, axis=-1))
    else:
        result = np.sum(difference**p, axis=-1) ** (1.0 / p)
    return np.asarray(result).astype(x1.dtype, copy=False)


def _cdist_pair_grad(grad: Tensor, x1: Tensor, x2: Tensor, result: Tensor, p: float) -> Tensor:
    """d(distance[i, j]) / d(x1[i] - x2[j]) times grad[i, j]: shape (..., P, R, M)."""
    difference = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    grad = grad.unsqueeze(-1)
    distance = result.unsqueeze(-1)
    if p == 0:
        return difference * 0
    if p == 1:
        return grad * difference.sign()
    if p == math.inf:
        chosen = difference.abs() == distance
        return grad * difference.sign() * chosen
    # Where the distance is 0 the gradient is 0 (the subgradient PyTorch picks).
    safe_distance = where(distance == 0, 1.0, distance)
    if p == 2:
        return where(distance == 0, 0.0, grad * difference / safe_distance)
    magnitude = difference.abs()
    safe_magnitude = where(magnitude == 0, 1.0, magnitude)
    scale = (safe_magnitude / safe_distance) ** (p - 1)
    return where((distance == 0) | (magnitude == 0), 0.0, grad * difference.sign() * scale)


_cdist.defgrad(
    x1=lambda grad, x1, x2, result, p: _cdist_pair_grad(grad, x1, x2, result, p).sum(-2),
    x2=lambda grad, x1, x2, result, p: -_cdist_pair_grad(grad, x1, x2, result, p).sum(-3),
)


@primitive("EuclideanDistBackward0")
def _euclidean_dist(x1, x2):
    """Euclidean distances through one matrix product: |a|^2 + |b|^2 - 2 a.b, clamped at 0."""
    squared = (
        np.sum(x1 * x1, axis=-1)[..., :, None]
        + np.sum(x2 * x2, axis=-1)[..., None, :]
        - 2 * np.matmul(x1, np.swapaxes(x2, -1, -2))
    )
    return np.sqrt(np.maximum(squared, 0))


def _euclidean_ratio(grad: Tensor, result: Tensor) -> Tensor:
    return where(result == 0, 0.0, grad / where(result == 0, 1.0, result))


def _euclidean_x1_grad(grad: Tensor, x1: Tensor, x2: Tensor, result: Tensor) -> Tensor:
    ratio = _euclidean_ratio(grad, result)
    return x1 * ratio.sum(-1, keepdim=True) - matmul(ratio, x2)


def _euclidean_x2_grad(grad: Tensor, x1: Tensor, x2: Tensor, result: Tensor) -> Tensor:
    ratio = _euclidean_ratio(grad, result)
    return x2 * ratio.sum(-2).unsqueeze(-1) - matmul(ratio.transpose(-1, -2), x1)


_euclidean_dist.defgrad(x1=_euclidean_x1_grad, x2=_euclidean_x2_grad)

_CDIST_MODES = {
    None: 0,
    "use_mm_for_euclid_dist_if_necessary": 0,
    "use_mm_for_euclid_dist": 1,
    "donot_use_mm_for_euclid_dist": 2,
}


# -- pdist -----------------------------------------------------------------------------------
def _pair_rows(count: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows (i, j), i < j, of each distance pdist returns, in its order."""
    return np.triu_indices(count, 1)


def _p_norm_rows(difference: np.ndarray, p: float) -> np.ndarray:
    magnitude = np.abs(difference)
    if p == 0:
        return np.sum(magnitude != 0, axis=-1).astype(difference.dtype)
    if p == math.inf:
        return np.max(magnitude, axis=-1, initial=0)
    if p == 1:
        return np.sum(magnitude, axis=-1)
    if p == 2:
        return np.sqrt(np.sum(magnitude * magnitude, axis=-1))
    return np.sum(magnitude**p, axis=-1) ** (1.0 / p)


@primitive("PdistBackward0")
def _pdist(self, p):
    first, second = _pair_rows(self.shape[0])
    result = _p_norm_rows(self[first] - self[second], p)
    return np.asarray(result).astype(self.dtype, copy=False)


@primitive("PdistBackwardBackward0")
def _pdist_backward(grad_output, self, p, pdist):
    """The gradient of pdist: d(distance(i, j)) / d(row i - row j), times the distance's
    gradient, added to row i and subtracted from row j."""
    result = np.zeros(self.shape, dtype=self.dtype)
    if p == 0 or grad_output.size == 0 or self.shape[1] == 0:
        return result
    first, second = _pair_rows(self.shape[0])
    difference = self[first] - self[second]
    grad, distance = grad_output[:, None], pdist[:, None]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if p == 1:
            pair = grad * np.sign(difference)
        elif p == math.inf:
            pair = grad * np.sign(difference) * (np.abs(difference) == distance)
        elif p == 2:
            pair = np.where(distance == 0, 0, grad * difference / distance)
        else:  # the subgradient 0 where the distance is 0, and where a difference is 0 (p < 1)
            magnitude = np.abs(difference)
            pair = grad * np.sign(difference) * magnitude ** (p - 1) / distance ** (p - 1)
            pair = np.where((distance == 0) | ((magnitude == 0) & (p < 1)), 0, pair)
    pair = pair.astype(self.dtype, copy=False)
    np.add.at(result, first, pair)
    np.add.at(result, second, -pair)
    return result


def _pdist_backward_not_implemented(grad: Tensor) -> Tensor:
    raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")


_pdist_backward.defgrad(
    grad_output=_pdist_backward_not_implemented,
    self=_pdist_backward_not_implemented,
    pdist=_pdist_backward_not_implemented,
)
_pdist.defgrad(self=lambda grad, self, p, result: _pdist_backward(grad, self, p, result))


def pdist(input: Tensor, p: float = 2) -> Tensor:
    """pdist(input, p=2) -> the p-norm distance between each pair of rows (i < j) of a 2-D
    input, in row-major order of the pairs"""
    array = input._data
    if array.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {array.ndim}D")
    if array.dtype.kind != "f":
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    if array.dtype == np.float16:
        raise NotImplementedError("\"pdist\" not implemented for 'Half'")
    return _pdist(input, float(p))


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0, compute_mode: str | None = None) -> Tensor:
    """cdist(x1, x2, p=2.0, compute_mode=...) -> p-norm distances between the rows of each
    (batch of) matrices: result[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p"""
    if compute_mode not in _CDIST_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    first, second = x1._data, x2._data
    for name, array in (("X1", first), ("X2", second)):
        if array.ndim < 2:
            raise RuntimeError(
                f"cdist only supports at least 2D tensors, {name} got: {array.ndim}D"
            )
    if first.shape[-1] != second.shape[-1]:
        raise RuntimeError(
            "X1 and X2 must have the same number of columns. X1: "
            f"{first.shape[-1]} X2: {second.shape[-1]}"
        )
    for name, array in (("X1", first), ("X2", second)):
        if array.dtype.kind != "f":
            raise RuntimeError(
                f"cdist only supports floating-point dtypes, {name} got: {_legacy(array)}"
            )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    _check_same_dtype("cdist", first, second)
    batch = broadcast_shapes(first.shape[:-2], second.shape[:-2])
    rows, columns = first.shape[-2], second.shape[-2]
    mode = _CDIST_MODES[compute_mode]
    # As PyTorch: empty inputs always take _cdist; a single batch (or none) is not flattened.
    if (
        p == 2
        and first.size
        and second.size
        and (mode == 1 or (mode == 0 and (rows > 25 or columns > 25)))
    ):
        count = math.prod(batch)
        if count == 1:
            return view(_euclidean_dist(x1, x2), (*batch, rows, columns))
        flat1 = view(expand(x1, (*batch, *first.shape[-2:])).contiguous(), (count, rows, -1))
        flat2 = view(expand(x2, (*batch, *second.shape[-2:])).contiguous(), (count, columns, -1))
        return view(_euclidean_dist(flat1, flat2), (*batch, rows, columns))
    return _cdist(x1, x2, float(p))


# -- matrix_power ----------------------------------------------------------------------------
def matrix_power(input: Tensor, n: int) -> Tensor:
    """matrix_power(input, n) -> the n-th power of a (batch of) square matrices; n < 0 uses
    the inverse. Computed by repeated squaring, as PyTorch does."""
    from .decompositions import _check_square, inv

    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(
            f"matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}"
        )
    _check_square("linalg.matrix_power", input)
    if n == 0:
        result = input.clone()
        eye = np.eye(input._data.shape[-1], dtype=input._data.dtype)
        return copy_(result, Tensor._from_array(np.broadcast_to(eye, input._data.shape).copy()))
    if n < 0:
        input, n = inv(input), -n
        if n == 1:
            return input
    if n == 1:
        return input.clone()
    if n == 2:
        return matmul(input, input)
    if n == 3:
        return matmul(matmul(input, input), input)
    result, power = None, input
    while n:
        if n & 1:
            result = power if result is None else matmul(result, power)
        n >>= 1
        if n:
            power = matmul(power, power)
    return result


# -- multi_dot -------------------------------------------------------------------------------
def _chain_order(shapes: list[tuple[int, int]]) -> Any:
    """The cheapest parenthesization of a chain of matrix products (dynamic programming; ties
    split after the earliest factor), as nested pairs of indices."""
    count = len(shapes)
    dims = [shapes[0][0]] + [shape[1] for shape in shapes]
    cost = [[0.0] * count for _ in range(count)]
    split = [[0] * count for _ in range(count)]
    for length in range(1, count):
        for i in range(count - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                value = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if value < cost[i][j]:
                    cost[i][j], split[i][j] = value, k

    def order(i: int, j: int) -> Any:
        if i == j:
            return i
        k = split[i][j]
        return (order(i, k), order(k + 1, j))

    return order(0, count - 1)


def chain_matmul(*matrices: Tensor, out: Any = None) -> Tensor:
    """chain_matmul(*matrices) -> the product of 2-D matrices, multiplied in the cheapest
    order. Deprecated in PyTorch for ``linalg.multi_dot``, which takes a list."""
    warn_once(
        "torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
        "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather "
        "than multiple parameters. (Triggered internally at "
        "/__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp:1102.)",
        UserWarning,
        stacklevel=2,
    )
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for matrix in matrices:
        if matrix._data.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {matrix._data.ndim}, expected 2 instead.")
    if len(matrices) == 1:
        return clone(matrices[0])
    return multi_dot(matrices)


def multi_dot(tensors: Any, *, out: Any = None) -> Tensor:
    """linalg.multi_dot(tensors) -> the product of a chain of matrices, multiplied in the
    cheapest order; the first may be a row vector and the last a column vector (1-D)"""
    tensors = list(tensors)
    count = len(tensors)
    if count < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {count}")
    for index, tensor in enumerate(tensors):
        ndim = tensor._data.ndim
        if index == 0 and ndim not in (1, 2):
            raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {ndim}D")
        if index == count - 1 and ndim not in (1, 2):
            raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {ndim}D")
        if 0 < index < count - 1 and ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {index} must be 2D but got {ndim}D")
        first = tensors[0]._data.dtype
        if tensor._data.dtype != first:
            raise RuntimeError(
                "multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                f"{_C_TYPE_NAMES[first.name]} and tensor {index} "
                f"{_C_TYPE_NAMES[tensor._data.dtype.name]}"
            )
    result_shape = []
    if tensors[0]._data.ndim == 1:
        tensors[0] = _unsqueeze(tensors[0], 0)
    else:
        result_shape.append(tensors[0]._data.shape[0])
    if tensors[-1]._data.ndim == 1:
        tensors[-1] = _unsqueeze(tensors[-1], 1)
    else:
        result_shape.append(tensors[-1]._data.shape[1])
    shapes = [tuple(t._data.shape) for t in tensors]
    for index in range(count - 1):
        if shapes[index][1] != shapes[index + 1][0]:
            raise RuntimeError(
                f"multi_dot(): tensors {index} and {index + 1} with shapes "
                f"{list(shapes[index])} and {list(shapes[index + 1])} cannot be multiplied"
            )
    if count == 3:
        (a, b), (_, c), (_, d) = shapes
        # ((AB)C) unless A(BC) is strictly cheaper.
        order: Any = ((0, 1), 2) if a * b * c + a * c * d <= b * c * d + a * b * d else (0, (1, 2))
    else:
        order = _chain_order(shapes)

    def multiply(node: Any) -> Tensor:
        if isinstance(node, int):
            return tensors[node]
        return mm(multiply(node[0]), multiply(node[1]))

    return view(multiply(order), tuple(result_shape))


# Holomorphic ops (and ops linear in each input): complex gradients are conjugated as
# PyTorch's are (registry.holomorphic).
declare_holomorphic(_mm, _mv, _dot, _bmm, _addmv, _addr, _baddbmm, _addbmm, _linalg_cross)
