"""Indexing: ``tensor[index]`` and ``tensor[index] = value``.

Basic indexing (integers, slices, ``None``, ``...``) becomes a chain of views, one node per
step as in PyTorch (``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``).
Anything with integer or boolean tensors/lists is advanced indexing: one ``IndexBackward0``
node whose gradient adds back into zeros (repeated indices accumulate).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import STATE
from .backward_ops import index_backward
from .registry import primitive
from .shape import alias, select, slice_dim, unsqueeze

__all__ = ["getitem", "index", "setitem"]


def _is_basic(item: Any) -> bool:
    return (
        item is None
        or item is Ellipsis
        or isinstance(item, slice)
        or (isinstance(item, numbers.Integral) and not isinstance(item, bool))
        or (isinstance(item, Tensor) and item._data.ndim == 0 and item._data.dtype.kind in "iu")
    )


def _to_numpy_index(index: tuple[Any, ...]) -> tuple[Any, ...]:
    converted = []
    for item in index:
        if isinstance(item, Tensor):
            if item._data.dtype.kind not in "iub":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            converted.append(item._data)
        elif isinstance(item, list | tuple):
            converted.append(np.asarray(item))
        else:
            converted.append(item)
    return tuple(converted)


def getitem(input: Tensor, index: Any) -> Tensor:
    """``input[index]`` with PyTorch's semantics and gradient nodes."""
    items = index if isinstance(index, tuple) else (index,)
    if not all(_is_basic(item) for item in items):
        return _index(input, _to_numpy_index(items))
    consumed = sum(1 for item in items if item is not None and item is not Ellipsis)
    ndim = input._data.ndim
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result, dim = input, 0
    for item in items:
        if item is None:
            result = unsqueeze(result, dim)
            dim += 1
        elif item is Ellipsis:
            dim += ndim - consumed
        elif isinstance(item, slice):
            if item != slice(None):
                result = slice_dim(result, dim, item.start, item.stop, item.step)
            dim += 1
        else:
            result = select(result, dim, int(item))
    return alias(result) if result is input else result


@primitive("IndexBackward0")
def _index(self, indices):
    try:
        return self[indices]
    except IndexError as error:
        raise IndexError(_torch_index_message(str(error), self.shape)) from None


_index.defgrad(self=lambda grad, self_shape, indices: index_backward(grad, self_shape, indices))


def index(input: Tensor, indices: tuple[Any, ...]) -> Tensor:
    """Advanced indexing with a NumPy-style index tuple."""
    return _index(input, indices)


def _torch_index_message(message: str, shape: tuple[int, ...]) -> str:
    # NumPy: "index 5 is out of bounds for axis 0 with size 3"
    return message.replace("axis", "dimension")


@primitive("CopySlices")
def _index_put(self, indices, values):
    result = np.array(self, copy=True)
    result[indices] = values
    return result


def _index_put_self_grad(grad: Tensor, indices: Any) -> Tensor:
    return _index_put(grad, indices, 0.0)


_index_put.defgrad(
    self=_index_put_self_grad,
    values=lambda grad, indices: _index(grad, indices),
)


def setitem(input: Tensor, index: Any, value: Any) -> None:
    """``input[index] = value``: in place, recorded for autograd when it needs to be."""
    from .inplace import check_inplace, inplace

    items = index if isinstance(index, tuple) else (index,)
    numpy_index = _to_numpy_index(items)
    records = STATE.enabled and (
        input._requires_grad or (isinstance(value, Tensor) and value._requires_grad)
    )
    if records:
        check_inplace(input)
        inplace(_index_put, input, numpy_index, value)
        return
    data = value._data if isinstance(value, Tensor) else value
    try:
        input._data[numpy_index] = data
    except ValueError as error:
        if not input._data.flags.writeable:
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location. Please clone() the tensor before performing the "
                "operation."
            ) from None
        raise RuntimeError(str(error)) from None
    except IndexError as error:
        raise IndexError(_torch_index_message(str(error), input._data.shape)) from None
    input._bump_version()
