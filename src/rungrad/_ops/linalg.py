"""Matrix products: mm, mv, dot, bmm, and matmul composed from them as PyTorch does."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._tensor import Tensor
from .registry import primitive
from .shape import (
    _squeeze_dim,
    _squeeze_result,
    _unsafe_view,
    _unsqueeze,
    expand,
    reshape,
    t,
    transpose,
)

__all__ = ["bmm", "dot", "matmul", "mm", "mv"]


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
    return np.matmul(self, mat2)


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


_mm.defgrad(self=_mm_self_grad, mat2=_mm_mat2_grad)


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
    self=lambda grad, vec: grad.unsqueeze(1) * vec.unsqueeze(0),
    vec=lambda grad, self: mv(self.t(), grad),
)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """mv(input, vec) -> matrix-vector product"""
    return _mv(input, vec)


@primitive("DotBackward0")
def _dot(self, tensor):
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
    if dim1 == 2 and dim2 == 2:
        return mm(input, other)
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
    rows = reshape(input, (-1, input._data.shape[-1]))
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
    from ._checks import broadcast_shapes

    n, m = input._data.shape[-2:]
    m2, p = other._data.shape[-2:]
    batch = broadcast_shapes(input._data.shape[:-2], other._data.shape[:-2])
    if m != m2:
        count = math.prod(batch)
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: [{count}, {m}] but "
            f"got: [{count}, {m2}]."
        )
    first = reshape(expand(input, (*batch, n, m)), (-1, n, m))
    second = reshape(expand(other, (*batch, m, p)), (-1, m, p))
    return _unsafe_view(bmm(first, second), (*batch, n, p))
