"""Shape and view ops: view, reshape, transpose, permute, squeeze, expand, select, slice...

Views share the input's NumPy buffer and version counter (``view=True``); their gradients
are the inverse reshaping of the output gradient.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ._checks import wrap_dim, wrap_dims
from ._grad_helpers import sum_to
from .registry import BINARY, Primitive, primitive

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
    "stack",
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


@primitive("ReshapeAliasBackward0", view=True)
def _reshape_alias(self, shape):
    return _view_array(self, shape)


_reshape_alias.defgrad(self=lambda grad, self_shape: grad.reshape(self_shape))


def reshape(input: Tensor, shape: Sequence[int]) -> Tensor:
    """reshape(input, shape) -> a view when possible, else a copy with the new shape

    As in PyTorch: a contiguous input gives a ``view``; a non-contiguous one whose strides
    allow the shape gives an alias with new strides (``ReshapeAliasBackward0``); otherwise
    the input is copied (``UnsafeViewBackward0`` over ``CloneBackward0``).
    """
    data = input._data
    shape = infer_shape(shape, data.size)
    if data.flags.c_contiguous:
        return _view(input, shape)
    if _view_array(data, shape) is not None:
        return _reshape_alias(input, shape)
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
    return np.swapaxes(self, dim0, dim1) if self.ndim else self.view()


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
    wrapped = tuple(wrap_dim(int(d), ndim) for d in dims)
    if len(set(wrapped)) != len(wrapped):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _permute(input, wrapped)


@primitive("UnsqueezeBackward0", view=True)
def _unsqueeze(self, dim):
    return np.expand_dims(self, dim)


_unsqueeze.defgrad(self=lambda grad, dim: _squeeze_dim(grad, dim))


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """unsqueeze(input, dim) -> a view with a size-1 dimension inserted at ``dim``"""
    return _unsqueeze(input, wrap_dim(dim, input._data.ndim + 1))


def _unsqueeze_to(grad: Tensor, self_shape: tuple[int, ...], dims: Sequence[int]) -> Tensor:
    """The gradient of a squeeze: the removed size-1 dimensions put back, in order."""
    for dim in sorted(dims):
        if self_shape and self_shape[dim] == 1:
            grad = _unsqueeze(grad, dim)
    return grad


@primitive("SqueezeBackward0", view=True)
def _squeeze_all(self):
    return np.squeeze(self)


_squeeze_all.defgrad(
    self=lambda grad, self_shape: _unsqueeze_to(grad, self_shape, range(len(self_shape)))
)


def _squeeze_forward(self, dims):
    dims = tuple(
        d for d in ((dims,) if isinstance(dims, int) else dims) if self.ndim and self.shape[d] == 1
    )
    return np.squeeze(self, dims) if dims else self.view()


# squeeze(dim) and squeeze(dims) are two nodes in PyTorch.
_squeeze_dim = primitive("SqueezeBackward1", view=True)(_squeeze_forward)
_squeeze_dim.defgrad(self=lambda grad, self_shape, dims: _unsqueeze_to(grad, self_shape, (dims,)))
_squeeze_dims = primitive("SqueezeBackward2", view=True)(_squeeze_forward)
_squeeze_dims.defgrad(self=lambda grad, self_shape, dims: _unsqueeze_to(grad, self_shape, dims))


# ``squeeze_(dim)`` of a fresh result (matmul of a vector and a matrix) is PyTorch's
# in-place node; here the result is simply not a view.
_squeeze_result = primitive("SqueezeBackward4")(_squeeze_forward)
_squeeze_result.defgrad(
    self=lambda grad, self_shape, dims: _unsqueeze_to(grad, self_shape, (dims,))
)


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """squeeze(input, dim=None) -> a view without size-1 dimensions (all, or those in ``dim``)"""
    ndim = input._data.ndim
    if dim is None:
        return _squeeze_all(input)
    if isinstance(dim, int):
        return _squeeze_dim(input, wrap_dim(dim, ndim))
    return _squeeze_dims(input, wrap_dims(dim, ndim))


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
        raise IndexError(
            f"select(): index {index} out of range for tensor of size "
            f"{list(input._data.shape)} at dimension {dim}"
        )
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


# unbind and stack have as many outputs (inputs) as the tensor has slices (the list has
# tensors): one primitive per count, made on first use.
_UNBIND: dict[int, Primitive] = {}
_STACK: dict[int, Primitive] = {}


def _unbind_primitive(count: int) -> Primitive:
    op = _UNBIND.get(count)
    if op is None:

        def unbind(self: np.ndarray, dim: int) -> tuple[np.ndarray, ...]:
            return tuple(self[(slice(None),) * dim + (i,)] for i in range(count))

        op = Primitive(unbind, "UnbindBackward0", num_outputs=count, view=True, tuple_output=True)
        op.defgrad(self=lambda grads, dim: stack(grads, dim))
        _UNBIND[count] = op
    return op


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """unbind(input, dim=0) -> the slices along ``dim``, each without that dimension"""
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = wrap_dim(dim, input._data.ndim)
    count = input._data.shape[dim]
    if count == 0:
        return ()
    return tuple(_unbind_primitive(count)(input, dim))


def _stack_primitive(count: int) -> Primitive:
    op = _STACK.get(count)
    if op is None:
        names = [f"tensor{i}" for i in range(count)]

        def stack(*arrays_and_dim: Any) -> np.ndarray:
            *arrays, dim = arrays_and_dim
            return np.stack(arrays, axis=dim)

        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        stack.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter(name, kind) for name in (*names, "dim")]
        )
        op = Primitive(stack, "StackBackward0", promotion=BINARY, promote=names)
        op.defgrad(**{name: _select_formula(i) for i, name in enumerate(names)})
        _STACK[count] = op
    return op


def _select_formula(index: int) -> Any:
    """The gradient of ``stack``'s input number ``index``: its slice of the gradient."""
    return lambda grad, dim: select(grad, dim, index)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """stack(tensors, dim=0) -> the tensors joined along a new dimension ``dim``"""
    tensors = tuple(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, tensor in enumerate(tensors[1:], 1):
        if tensor._data.shape != shape:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                f"{list(shape)} at entry 0 and {list(tensor._data.shape)} at entry {i}"
            )
    return _stack_primitive(len(tensors))(*tensors, wrap_dim(dim, len(shape) + 1))
