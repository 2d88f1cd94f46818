"""Shape and view ops: view, reshape, transpose, permute, squeeze, expand, select, slice...

Views share the input's NumPy buffer and version counter (``view=True``); their gradients
are the inverse reshaping of the output gradient.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ._checks import wrap_dim, wrap_dims
from ._grad_helpers import sum_to
from .registry import primitive

__all__ = [
    "alias",
    "clone",
    "expand",
    "flatten",
    "permute",
    "reshape",
    "select",
    "slice_dim",
    "squeeze",
    "t",
    "to_dtype",
    "transpose",
    "unbind",
    "unsqueeze",
    "view",
]


def infer_shape(shape: Sequence[int], numel: int) -> tuple[int, ...]:
    """Resolve one ``-1`` in ``shape``, checking the element count as PyTorch does."""
    shape = tuple(int(s) for s in shape)
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for size in shape:
        if size < -1:
            raise RuntimeError(f"invalid shape dimension {size}")
    known = math.prod(s for s in shape if s != -1)
    if unknown:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        index = unknown[0]
        return (*shape[:index], numel // known, *shape[index + 1 :])
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def _view_array(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """``array`` seen with ``shape`` without copying, or None if the strides don't allow it."""
    result = array.view()
    try:
        result.shape = shape
    except AttributeError:
        return None
    return result


@primitive("ViewBackward0", view=True)
def _view(self, shape):
    result = _view_array(self, shape)
    if result is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return result


_view.defgrad(self=lambda grad, self_shape: grad.reshape(self_shape))


def view(input: Tensor, shape: Sequence[int]) -> Tensor:
    """view(input, shape) -> a view with a new shape (no copy; fails when strides forbid it)"""
    return _view(input, infer_shape(shape, input._data.size))


@primitive("UnsafeViewBackward0")
def _unsafe_view(self, shape):
    return self.reshape(shape)


_unsafe_view.defgrad(self=lambda grad, self_shape: grad.reshape(self_shape))


def reshape(input: Tensor, shape: Sequence[int]) -> Tensor:
    """reshape(input, shape) -> a view when possible, else a copy with the new shape"""
    shape = infer_shape(shape, input._data.size)
    if _view_array(input._data, shape) is not None:
        return _view(input, shape)
    return _unsafe_view(clone(input), shape)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Flatten dimensions ``start_dim`` to ``end_dim`` into one."""
    shape = input._data.shape
    if not shape:
        return reshape(input, (1,))
    start, end = wrap_dim(start_dim, len(shape)), wrap_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    new_shape = (*shape[:start], math.prod(shape[start : end + 1]), *shape[end + 1 :])
    return reshape(input, new_shape)


@primitive("TBackward0", view=True)
def _t(self):
    return self.T


_t.defgrad(self=lambda grad: t(grad))


def t(input: Tensor) -> Tensor:
    """t(input) -> transpose of a tensor with at most 2 dimensions"""
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D"
        )
    return _t(input)


@primitive("TransposeBackward0", view=True)
def _transpose(self, dim0, dim1):
    return np.swapaxes(self, dim0, dim1)


_transpose.defgrad(self=lambda grad, dim0, dim1: _transpose(grad, dim0, dim1))


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """transpose(input, dim0, dim1) -> a view with two dimensions swapped"""
    ndim = input._data.ndim
    return _transpose(input, wrap_dim(dim0, ndim), wrap_dim(dim1, ndim))


@primitive("PermuteBackward0", view=True)
def _permute(self, dims):
    return np.transpose(self, dims)


_permute.defgrad(self=lambda grad, dims: _permute(grad, tuple(np.argsort(dims).tolist())))


def permute(input: Tensor, dims: Sequence[int]) -> Tensor:
    """permute(input, dims) -> a view with dimensions reordered"""
    ndim = input._data.ndim
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            f"length of the desired ordering of dimensions i.e. input.dim() = {ndim} is not equal "
            f"to len(dims) = {len(dims)}"
        )
    return _permute(input, wrap_dims(tuple(dims), ndim))


@primitive("UnsqueezeBackward0", view=True)
def _unsqueeze(self, dim):
    return np.expand_dims(self, dim)


_unsqueeze.defgrad(self=lambda grad, dim: _squeeze_dims(grad, (dim,)))


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """unsqueeze(input, dim) -> a view with a size-1 dimension inserted at ``dim``"""
    return _unsqueeze(input, wrap_dim(dim, input._data.ndim + 1))


@primitive("SqueezeBackward0", view=True)
def _squeeze_all(self):
    return np.squeeze(self)


_squeeze_all.defgrad(self=lambda grad, self_shape: grad.reshape(self_shape))


@primitive("SqueezeBackward1", view=True)
def _squeeze_dims(self, dims):
    dims = tuple(d for d in dims if self.ndim and self.shape[d] == 1)
    return np.squeeze(self, dims) if dims else self.view()


_squeeze_dims.defgrad(self=lambda grad, self_shape: grad.reshape(self_shape))


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """squeeze(input, dim=None) -> a view without size-1 dimensions (all, or those in ``dim``)"""
    if dim is None:
        return _squeeze_all(input)
    return _squeeze_dims(input, wrap_dims(dim, input._data.ndim))


@primitive("ExpandBackward0", view=True)
def _expand(self, size):
    return np.broadcast_to(self, size)


_expand.defgrad(self=lambda grad, self_shape: sum_to(grad, self_shape))


def expand(input: Tensor, size: Sequence[int]) -> Tensor:
    """expand(input, *sizes) -> a broadcast view (``-1`` keeps a dimension)"""
    shape = input._data.shape
    size = tuple(int(s) for s in size)
    if len(size) < len(shape):
        raise RuntimeError(
            f"expand({input.type()}{{{list(shape)}}}, size={list(size)}): the number of sizes "
            "provided "
            f"({len(size)}) must be greater or equal to the number of dimensions in the tensor "
            f"({len(shape)})"
        )
    offset = len(size) - len(shape)
    resolved = list(size)
    for i, current in enumerate(shape):
        wanted = size[offset + i]
        if wanted == -1:
            resolved[offset + i] = current
        elif current != 1 and current != wanted:
            raise RuntimeError(
                f"The expanded size of the tensor ({wanted}) must match the existing size "
                f"({current}) at non-singleton dimension {offset + i}.  Target sizes: "
                f"{list(size)}.  Tensor sizes: {list(shape)}"
            )
    return _expand(input, tuple(resolved))


@primitive("CloneBackward0")
def clone(self):
    """clone(input) -> a copy with its own storage (gradient flows back unchanged)"""
    return np.array(self, copy=True)


clone.defgrad(self=lambda grad: grad)


@primitive("AliasBackward0", view=True)
def alias(self):
    """A view of the whole tensor."""
    return self.view()


alias.defgrad(self=lambda grad: grad)


@primitive("ToCopyBackward0")
def _to_copy(self, dtype):
    return self.astype(dtype.numpy)


_to_copy.defgrad(self=lambda grad, self_dtype: grad.to(self_dtype))


def to_dtype(input: Tensor, dtype: _dtype.dtype) -> Tensor:
    """A copy of ``input`` converted to ``dtype`` (the gradient is converted back)."""
    return _to_copy(input, dtype)


@primitive("SelectBackward0", view=True)
def _select(self, dim, index):
    return self[(slice(None),) * dim + (index,)]


def _select_grad(grad: Tensor, self_shape: tuple[int, ...], dim: int, index: int) -> Tensor:
    from .backward_ops import select_backward

    return select_backward(grad, self_shape, dim, index)


_select.defgrad(self=_select_grad)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """select(input, dim, index) -> the slice at ``index`` along ``dim`` (dimension removed)"""
    ndim = input._data.ndim
    if ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim]
    index = int(index)
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for dimension {dim} with size {size}")
    return _select(input, dim, index + size if index < 0 else index)


@primitive("SliceBackward0", view=True)
def _slice(self, dim, start, end, step):
    return self[(slice(None),) * dim + (slice(start, end, step),)]


def _slice_grad(grad: Tensor, self_shape: tuple[int, ...], dim: int, start: int, end: int,
                step: int) -> Tensor:  # fmt: skip
    from .backward_ops import slice_backward

    return slice_backward(grad, self_shape, dim, start, end, step)


_slice.defgrad(self=_slice_grad)


def slice_dim(input: Tensor, dim: int, start: Any, end: Any, step: Any) -> Tensor:
    """input[..., start:end:step, ...] along ``dim`` as a view."""
    if step is not None and step <= 0:
        raise ValueError("step must be greater than zero")
    size = input._data.shape[dim]
    start, end, step = slice(start, end, step).indices(size)
    end = max(end, start)
    return _slice(input, dim, start, end, step)


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """unbind(input, dim=0) -> the slices along ``dim``, each without that dimension"""
    dim = wrap_dim(dim, input._data.ndim)
    return tuple(select(input, dim, i) for i in range(input._data.shape[dim]))
