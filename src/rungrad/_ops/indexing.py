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


def _is_integer(item: Any) -> bool:
    return (isinstance(item, numbers.Integral) and not isinstance(item, bool)) or (
        isinstance(item, Tensor) and item._data.ndim == 0 and item._data.dtype.kind in "iu"
    )


def _is_basic(item: Any) -> bool:
    return item is None or item is Ellipsis or isinstance(item, slice) or _is_integer(item)


def _advanced_array(item: Any) -> np.ndarray:
    """An integer or boolean index (tensor, list, tuple) as a NumPy array, checked as PyTorch."""
    if isinstance(item, Tensor):
        if item._data.dtype.kind not in "iub":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        array = item._data
        return array.astype(bool) if array.dtype == np.uint8 else array
    array = np.asarray(item)
    if array.dtype.kind not in "iub":
        raise IndexError(
            "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
            f"valid indices (got {type(item).__name__})"
        )
    return array


def _to_numpy_index(index: tuple[Any, ...]) -> tuple[Any, ...]:
    converted = []
    for item in index:
        if isinstance(item, Tensor):
            converted.append(int(item._data) if _is_integer(item) else _advanced_array(item))
        elif isinstance(item, list | tuple | bool):
            converted.append(_advanced_array(item))
        elif item is None or item is Ellipsis or isinstance(item, slice | numbers.Integral):
            converted.append(item)
        else:
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                f"are valid indices (got {type(item).__name__})"
            )
    return tuple(converted)


def _dims_used(item: Any) -> int:
    if item is None or item is Ellipsis:
        return 0
    if isinstance(item, np.ndarray) and item.dtype == bool:
        return item.ndim  # a mask covers as many dimensions as it has (0-d: none)
    return 1


def _is_full_slice(item: slice, size: int) -> bool:
    """PyTorch skips a slice inside a tuple index when it keeps the whole dimension."""
    start, stop, step = item.start, item.stop, item.step
    return (
        (start is None or start == 0)
        and (step is None or step == 1)
        and (stop is None or stop >= size)
    )


def getitem(input: Tensor, index: Any) -> Tensor:
    """``input[index]`` with PyTorch's semantics and gradient nodes.

    Integers, slices, ``None`` and ``...`` are applied first, left to right, as views (one
    node each: ``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``); integer and
    boolean tensors or lists are then applied together as one advanced index
    (``IndexBackward0``) at the dimensions they were given for.
    """
    single = not isinstance(index, tuple)
    items = _to_numpy_index((index,) if single else index)
    ndim = input._data.ndim
    consumed = sum(_dims_used(item) for item in items)
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result, dim, original_dim = input, 0, 0
    advanced: list[tuple[int, np.ndarray]] = []
    for item in items:
        if item is None:
            result = unsqueeze(result, dim)
            dim += 1
        elif item is Ellipsis:
            dim += ndim - consumed
            original_dim += ndim - consumed
            consumed = ndim  # a second Ellipsis expands to nothing
        elif isinstance(item, slice):
            if single or not _is_full_slice(item, result._data.shape[dim]):
                result = slice_dim(result, dim, item.start, item.stop, item.step)
            dim += 1
            original_dim += 1
        elif isinstance(item, np.ndarray):
            if item.dtype == bool:
                _check_mask(item, result._data.shape, dim)
            advanced.append((dim, item))
            dim += _dims_used(item)
            original_dim += _dims_used(item)
        else:
            size = result._data.shape[dim]
            if not -size <= item < size:
                raise IndexError(
                    f"index {item} is out of bounds for dimension {original_dim} with size {size}"
                )
            result = select(result, dim, item)
            original_dim += 1
    if advanced:
        return _index(result, _advanced_index(advanced, result._data.ndim))
    return alias(result) if result is input else result


def _check_mask(mask: np.ndarray, shape: tuple[int, ...], dim: int) -> None:
    for offset, size in enumerate(mask.shape):
        if dim + offset >= len(shape) or shape[dim + offset] != size:
            raise IndexError(
                f"The shape of the mask {list(mask.shape)} at index {offset} does not match the "
                f"shape of the indexed tensor {list(shape)} at index {dim + offset}"
            )


def _advanced_index(advanced: list[tuple[int, np.ndarray]], ndim: int) -> tuple[Any, ...]:
    """A NumPy index with the arrays at their dimensions and full slices elsewhere."""
    index: list[Any] = []
    position = 0
    for dim, array in advanced:
        index += [slice(None)] * (dim - position)
        index.append(array)
        position = dim + _dims_used(array)
    return tuple(index)


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
    if message.startswith("shape mismatch: indexing arrays could not be broadcast together"):
        shapes = message.split("shapes", 1)[1].split()
        listed = ", ".join(str(list(map(int, s.strip("(),").split(",") if s.strip("(),") else [])))
                           for s in shapes)  # fmt: skip
        return (
            f"shape mismatch: indexing tensors could not be broadcast together with shapes {listed}"
        )
    return message.replace("axis", "dimension")


def _put(self: np.ndarray, indices: Any, values: Any) -> np.ndarray:
    result = np.array(self, copy=True)
    if isinstance(values, np.ndarray):
        # PyTorch drops leading size-1 dimensions of the value to fit the indexed region.
        region_ndim = np.ndim(result[indices])
        while values.ndim > region_ndim and values.shape[0] == 1:
            values = values[0]
    result[indices] = values
    return result


def _values_grad(grad: Tensor, indices: Any, values_shape: tuple[int, ...]) -> Tensor:
    return _fit_value(_index(grad, indices), values_shape)


def _region_values_grad(grad: Tensor, indices: Any, values_shape: tuple[int, ...]) -> Tensor:
    from .shape import clone

    # A copy of the written region of the gradient (PyTorch's CopySlices clones it too).
    return _fit_value(clone(_index(grad, indices)), values_shape)


def _fit_value(selected: Tensor, values_shape: tuple[int, ...]) -> Tensor:
    """Give back the leading size-1 dimensions that ``_put`` dropped from the value."""
    missing = len(values_shape) - selected._data.ndim
    return selected.reshape((1,) * missing + selected._data.shape) if missing > 0 else selected


@primitive("CopySlices", qualified_name="rungrad::autograd::CopySlices")
def _index_put(self, indices, values):
    """``self`` with ``values`` written at a basic index (integers, slices, None, ...)."""
    return _put(self, indices, values)


_index_put.defgrad(
    self=lambda grad, indices: _index_put(grad, indices, 0.0),
    values=_region_values_grad,
)


@primitive("IndexPutBackward0")
def _index_put_advanced(self, indices, values):
    """``self`` with ``values`` written at an advanced index (integer or boolean tensors)."""
    return _put(self, indices, values)


_index_put_advanced.defgrad(
    self=lambda grad, indices: _index_put_advanced(grad, indices, 0.0),
    values=_values_grad,
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
        basic = all(_is_basic(item) for item in numpy_index)
        through_view = basic and any(
            item is not Ellipsis and not (isinstance(item, slice) and item == slice(None))
            for item in numpy_index
        )
        if through_view and input._requires_grad and input._grad_fn is None:
            # Basic indexing (other than ``:`` and ``...``) writes through a view of
            # ``input``, and PyTorch's message says so.
            raise RuntimeError(
                "a view of a leaf Variable that requires grad is being used in an in-place "
                "operation."
            )
        check_inplace(input)
        inplace(_index_put if basic else _index_put_advanced, input, numpy_index, value)
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
