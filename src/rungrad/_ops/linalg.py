"""Matrix products: mm, mv, dot, bmm, and matmul composed from them as PyTorch does."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .registry import primitive

__all__ = ["bmm", "dot", "matmul", "mm", "mv"]


def _check_same_dtype(name: str, first: np.ndarray, second: np.ndarray) -> None:
    if first.dtype != second.dtype:
        from .. import _dtype

        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: "
            f"{_dtype.from_numpy_dtype(first.dtype).name.replace('float32', 'float')} != "
            f"{_dtype.from_numpy_dtype(second.dtype).name.replace('float32', 'float')}"
        )


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


_mm.defgrad(
    self=lambda grad, mat2: mm(grad, mat2.t()),
    mat2=lambda grad, self: mm(self.t(), grad),
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
    return np.matmul(self, mat2)


_bmm.defgrad(
    self=lambda grad, mat2: bmm(grad, mat2.transpose(1, 2)),
    mat2=lambda grad, self: bmm(self.transpose(1, 2), grad),
)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """bmm(input, mat2) -> batched matrix product of two 3-D tensors"""
    return _bmm(input, mat2)


def matmul(input: Any, other: Any) -> Tensor:
    """matmul(input, other) -> matrix product with PyTorch's rules for 1-D and batched inputs."""
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
        return mm(input.unsqueeze(0), other).squeeze(0)
    if dim1 == 2 and dim2 == 2:
        return mm(input, other)
    if dim1 >= 3 and dim2 <= 2:
        # Fold the batch dimensions into the rows: one big matrix product.
        batch = input._data.shape[:-1]
        folded = input.reshape(-1, input._data.shape[-1])
        if dim2 == 1:
            return mv(folded, other).reshape(batch)
        return mm(folded, other).reshape((*batch, other._data.shape[-1]))
    return _batched_matmul(input, other)


def _batched_matmul(input: Tensor, other: Tensor) -> Tensor:
    """Broadcast the batch dimensions, then one ``bmm``."""
    from ._checks import broadcast_shapes

    first = input.unsqueeze(0) if input._data.ndim == 1 else input
    second = other.unsqueeze(-1) if other._data.ndim == 1 else other
    n, m = first._data.shape[-2], first._data.shape[-1]
    m2, p = second._data.shape[-2], second._data.shape[-1]
    if m != m2:
        raise RuntimeError(
            f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{int(np.prod(first._data.shape[:-2]))}, {m}] but got: "
            f"[{int(np.prod(second._data.shape[:-2]))}, {m2}]."
        )
    batch = broadcast_shapes(first._data.shape[:-2], second._data.shape[:-2])
    first = first.expand((*batch, n, m)).reshape(-1, n, m)
    second = second.expand((*batch, m, p)).reshape(-1, m, p)
    result = bmm(first, second).reshape((*batch, n, p))
    if input._data.ndim == 1:
        result = result.squeeze(-2)
    if other._data.ndim == 1:
        result = result.squeeze(-1)
    return result
