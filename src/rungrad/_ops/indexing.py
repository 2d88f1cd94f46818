"""Indexing: ``tensor[index]`` and ``tensor[index] = value``.

Basic indexing (integers, slices, ``None``, ``...``) becomes a chain of views, one node per
step as in PyTorch (``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``).
Anything with integer or boolean tensors/lists is advanced indexing: one ``IndexBackward0``
node whose gradient adds back into zeros (repeated indices accumulate).

The indexing ops with a function of their own live here too: index_select/add/copy/fill,
gather and the scatter family, take/put, masked_select/scatter, index_put, and the ops that
find positions (nonzero, one_hot, searchsorted, bucketize; no gradient). Their gradients are
each other (gather <-> scatter_add, index_select <-> index_add, take <-> put...), so double
backward works and shows PyTorch's nodes.
"""

from __future__ import annotations

import numbers
import re
import warnings
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.forward_ad import DUAL, tangent_of
from ..autograd.grad_mode import STATE
from ._checks import user_stacklevel, wrap_dim
from .backward_ops import index_backward
from .registry import pass_grad, primitive
from .shape import _select, alias, select, slice_dim, unsqueeze

__all__ = [
    "argwhere",
    "bucketize",
    "gather",
    "getitem",
    "index",
    "index_add",
    "index_copy",
    "index_fill",
    "index_put",
    "index_select",
    "masked_scatter",
    "masked_scatter_backward",
    "masked_select",
    "nonzero",
    "one_hot",
    "put",
    "scatter",
    "scatter_add",
    "scatter_reduce",
    "searchsorted",
    "setitem",
    "take",
    "take_along_dim",
]


_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
    "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error or "
    "a different result (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/python_variable_indexing.cpp:{line}.)"
)


def _sequence_as_tuple(index: Any) -> Any:
    """NumPy's old rule, which PyTorch keeps: a list of fewer than 32 items holding a tensor,
    a sequence, a slice, ``...`` or None is a tuple of indices (``x[[0, slice(1, 3)]]`` is
    ``x[0, 1:3]``), with a deprecation warning."""
    if type(index) not in (list, str) or len(index) >= 32:
        return index
    for item in index:
        sequence = isinstance(item, (Tensor, slice, list, tuple, str, range, np.ndarray))
        if sequence or item is None or item is Ellipsis:
            message = _SEQUENCE_AS_TUPLE.format(line=349 if sequence else 359)
            warnings.warn(message, UserWarning, stacklevel=user_stacklevel())
            return tuple(index)
    return index


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
        if array.dtype == np.uint8:
            warnings.warn(
                "indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                "torch.bool instead. (Triggered internally at "
                "/__w/pytorch/pytorch/aten/src/ATen/native/IndexingUtils.h:37.)",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
            return array.astype(bool)
        return array
    array = np.asarray(item)
    if array.dtype.kind == "f":  # a list of floats is made an index of longs (truncated)
        array = array.astype(np.int64)
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
        elif isinstance(item, (list, tuple, bool, range)):
            converted.append(_advanced_array(item))
        elif isinstance(item, np.ndarray):  # made a tensor: a 0-d integer one selects
            zero_dim_integer = item.ndim == 0 and item.dtype.kind in "iu"
            converted.append(int(item) if zero_dim_integer else _advanced_array(item))
        elif item is None or item is Ellipsis or isinstance(item, (slice, numbers.Integral)):
            converted.append(item)
        elif isinstance(item, str):  # PyTorch reads it as data for an index tensor
            raise TypeError("new(): invalid data type 'str'")
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
    if type(index) is int:  # x[i], the commonest index: one select, checked inline
        shape = input._data.shape
        if shape and -shape[0] <= index < shape[0]:
            return _select(input, 0, index)
    index = _sequence_as_tuple(index)
    single = not isinstance(index, tuple)
    items = _to_numpy_index((index,) if single else index)
    _check_dims(index, items, input._data.ndim)
    result, advanced = _apply_basic(input, items, keep_full_slices=single)
    if advanced:
        return _index(result, _advanced_index(advanced, result._data.ndim))
    return alias(result) if result is input else result


def _check_dims(index: Any, items: tuple[Any, ...], ndim: int) -> None:
    """PyTorch's errors for an index of more dimensions than the tensor has."""
    if not ndim and not isinstance(index, tuple):  # x[0] and x[:] of a 0-d x
        if _is_integer(index) and not isinstance(index, Tensor):
            if index:
                raise IndexError(f"index {index} is out of bounds for dimension 0 with size 0")
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
            )
        if isinstance(index, slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if sum(_dims_used(item) for item in items) > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")


def _apply_basic(
    input: Tensor, items: tuple[Any, ...], keep_full_slices: bool
) -> tuple[Tensor, list[tuple[int, np.ndarray]]]:
    """The views of an index's basic items (full slices skipped unless ``keep_full_slices``),
    and its advanced items with the dimensions of that view they index (``_check_dims``
    has checked that they fit)."""
    ndim = input._data.ndim
    consumed = sum(_dims_used(item) for item in items)
    result, dim = input, 0
    advanced: list[tuple[int, np.ndarray]] = []
    for position, item in enumerate(items):
        if item is None:
            result = unsqueeze(result, dim)
            dim += 1
        elif item is Ellipsis:
            dim += ndim - consumed
            consumed = ndim  # a second Ellipsis expands to nothing
        elif isinstance(item, slice):
            if keep_full_slices or not _is_full_slice(item, result._data.shape[dim]):
                result = slice_dim(result, dim, item.start, item.stop, item.step)
            dim += 1
        elif isinstance(item, np.ndarray) and item.dtype == bool and item.ndim == 0:
            # PyTorch: a new dimension, indexed by [0] (True) or by nothing (False)
            result = unsqueeze(result, dim)
            advanced.append((dim, np.zeros(1 if item else 0, dtype=np.int64)))
            dim += 1
        elif isinstance(item, np.ndarray):
            if item.dtype == bool:
                _check_mask(item, result._data.shape, dim)
            advanced.append((dim, item))
            dim += _dims_used(item)
        else:
            size = result._data.shape[dim]
            if not -size <= item < size:  # PyTorch names the item's position in the index
                raise IndexError(
                    f"index {item} is out of bounds for dimension {position} with size {size}"
                )
            result = select(result, dim, item)
    return result, advanced


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
        raise IndexError(_torch_index_message(str(error), self.shape, indices)) from None


_index.defgrad(self=lambda grad, self_shape, indices: index_backward(grad, self_shape, indices))


def index(input: Tensor, indices: tuple[Any, ...]) -> Tensor:
    """Advanced indexing with a NumPy-style index tuple."""
    return _index(input, indices)


def _raise_index_error(error: IndexError, shape: tuple[int, ...], index: tuple[Any, ...]) -> None:
    """Raise NumPy's IndexError for ``index`` into an array of ``shape`` as PyTorch words it."""
    # Walking the index's views on a stand-in raises PyTorch's message for its basic items
    # (which count dimensions their own way) and its masks.
    stand_in = np.broadcast_to(np.empty((), np.int8), shape)
    _apply_basic(Tensor._from_array(stand_in), index, keep_full_slices=False)
    raise IndexError(_torch_index_message(str(error), shape, index)) from None


def _advanced_ordinal(index: tuple[Any, ...], axis: int) -> int | None:
    """The place among the index's arrays of the one at ``axis``: PyTorch's advanced-index
    errors number dimensions that way (``x[:, [9]]``'s is "dimension 0")."""
    position = ordinal = 0
    for item in index:
        if item is Ellipsis:
            return None
        if isinstance(item, np.ndarray):
            if position == axis:
                return ordinal
            ordinal += 1
            position += item.ndim if item.dtype == bool else 1
        elif item is not None:
            position += 1
    return None


def _torch_index_message(
    message: str, shape: tuple[int, ...], index: tuple[Any, ...] | None = None
) -> str:
    # NumPy: "index 5 is out of bounds for axis 0 with size 3"
    bounds = re.fullmatch(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", message)
    if bounds:
        value, axis, size = bounds.groups()
        if size == "0":
            return "index is out of bounds for dimension with size 0"  # PyTorch's, no numbers
        ordinal = None if index is None else _advanced_ordinal(index, int(axis))
        dim = axis if ordinal is None else ordinal
        return f"index {value} is out of bounds for dimension {dim} with size {size}"
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


@primitive("CopySlices", qualified_name="rungrad::autograd::CopySlices")
def _index_put_view(self, positions, values):
    """``self`` with ``values`` written at flat ``positions``: an advanced index into a view
    of ``self``."""
    result = np.array(self, copy=True, order="C")
    result.reshape(-1)[positions] = values
    return result


_index_put_view.defgrad(
    self=lambda grad, positions: _index_put_view(grad, positions, 0.0),
    values=lambda grad, positions: _index(grad.reshape(-1), (positions,)),
)
# PyTorch's CopySlices node lists no saved values.
for _op in (_index_put, _index_put_view):
    _op.saved_as(unlisted=_op.primitive.saved_names)


def _is_whole(items: tuple[Any, ...], shape: tuple[int, ...]) -> bool:
    """Whether a basic index is only ``...`` and full slices: PyTorch then makes no view and
    writes into the tensor itself."""
    if not all(item is Ellipsis or isinstance(item, slice) for item in items):
        return False
    slices = [item for item in items if item is not Ellipsis]
    if len(slices) > len(shape):
        return False
    before = next((i for i, item in enumerate(items) if item is Ellipsis), len(items))
    dims = [*range(before), *range(len(shape) - (len(slices) - before), len(shape))]
    return all(_is_full_slice(item, shape[dim]) for item, dim in zip(slices, dims))


def _write_whole(input: Tensor, value: Any) -> None:
    """PyTorch's ``copy_to`` of a whole tensor: ``copy_`` of an equally shaped value,
    ``fill_`` with a 0-d one (or a number), else ``copy_`` of the value without its leading
    size-1 dimensions, expanded."""
    from .._creation import tensor
    from .inplace import _fill_tensor, copy_, inplace
    from .shape import expand

    if not isinstance(value, Tensor):  # a number is a 0-d tensor of the input's dtype
        value = tensor(value, dtype=input.dtype)
    if value._data.shape == input._data.shape:
        copy_(input, value)
    elif not value._data.ndim:
        inplace(_fill_tensor, input, value)
    else:  # PyTorch views the value here even when it has no leading 1s to drop
        copy_(input, expand(_without_leading_ones(value, always_view=True), input._data.shape))


def _without_leading_ones(value: Any, always_view: bool = False) -> Any:
    """A tensor ``value`` viewed without its leading size-1 dimensions (as PyTorch writes it)."""
    from .shape import view

    if not isinstance(value, Tensor):
        return value
    shape = stripped = value._data.shape
    while stripped and stripped[0] == 1:
        stripped = stripped[1:]
    return view(value, stripped) if always_view or stripped != shape else value


def _casts_value(index: Any, numpy_index: tuple[Any, ...], value: Tensor) -> bool:
    """Whether PyTorch writes a value of another dtype at an advanced index: ``True`` alone
    (not in a tuple: a copy into ``unsqueeze(0)``), or one element at one bool mask (a
    masked_fill_)."""
    if index is True:
        return True
    arrays = [item for item in numpy_index if isinstance(item, np.ndarray)]
    masks = [item for item in arrays if item.dtype == bool and item.ndim]
    return len(masks) == len(arrays) == 1 and value._data.size == 1


def _check_value(input: Tensor, value: Any) -> Any:
    """Only a tensor or a number may be written by ``input[index] = value``, as in PyTorch;
    a number as PyTorch converts it (``_dtype.fit_scalar``)."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (numbers.Number, np.generic)):
        from .. import _dtype

        return _dtype.fit_scalar(value, input.dtype)
    kind = type(value)
    name = kind.__qualname__
    if kind.__module__ != "builtins":
        name = f"{kind.__module__}.{name}"
    raise TypeError(f"can't assign a {name} to a {input.type()}")


def _check_value_shape(
    input: Tensor, numpy_index: tuple[Any, ...], value: Tensor, basic: bool
) -> None:
    """Raise PyTorch's message for a value that does not fit the indexed region: basic indexing
    copies into a view (``expand``'s errors), advanced indexing is an index_put."""
    from .shape import expand

    region = np.broadcast_to(np.empty((), np.int8), input._data.shape)[numpy_index].shape
    if basic:
        expand(_without_leading_ones(value), region)  # raises when the value does not fit
        return
    try:
        fits = np.broadcast_shapes(value._data.shape, region) == region
    except ValueError:
        fits = False
    if not fits:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(value._data.shape)} cannot be "
            f"broadcast to indexing result of shape {list(region)}"
        )


def setitem(input: Tensor, index: Any, value: Any) -> None:
    """``input[index] = value``: in place, recorded for autograd when it needs to be."""
    from .inplace import OVERLAP_MESSAGE, check_inplace, has_internal_overlap, inplace

    if index is False:  # PyTorch writes nothing, and checks nothing
        return
    value = _check_value(input, value)
    index = _sequence_as_tuple(index)
    items = index if isinstance(index, tuple) else (index,)
    numpy_index = _to_numpy_index(items)
    _check_dims(index, numpy_index, input._data.ndim)
    basic = all(_is_basic(item) for item in numpy_index)
    if (
        not basic
        and isinstance(value, Tensor)
        and value._data.dtype != input._data.dtype
        and not _casts_value(index, numpy_index, value)
    ):
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{_legacy(input._data)} for the destination and {_legacy(value._data)} for the "
            "source."
        )
    records = STATE.enabled and (
        input._requires_grad or (isinstance(value, Tensor) and value._requires_grad)
    )
    # forward-mode AD: the written values' tangents go through the op, as recording does
    if records or (
        DUAL.active and (tangent_of(input) is not None or tangent_of(value) is not None)
    ):
        if not basic:
            # PyTorch: index_put_ of the value (without its leading size-1 dimensions) on the
            # view the basic items make, a CopySlices of ``input`` if that is a view
            flat = Tensor._from_array(np.arange(input._data.size).reshape(input._data.shape))
            view, advanced = _apply_basic(flat, numpy_index, keep_full_slices=False)
            indices = _advanced_index(advanced, view._data.ndim)
            positions = _index(view, indices)._data  # raises PyTorch's out-of-bounds errors
            value = _without_leading_ones(value)
            if view is flat:
                inplace(_index_put_advanced, input, indices, value)
                return
            if input._requires_grad and input._grad_fn is None:
                raise RuntimeError(
                    "a view of a leaf Variable that requires grad is being used in an in-place "
                    "operation."
                )
            inplace(_index_put_view, input, positions, value)
            return
        whole = _is_whole(numpy_index, input._data.shape)
        if not whole and input._requires_grad and input._grad_fn is None:
            # Basic indexing (other than ``:`` and ``...``) writes through a view of
            # ``input``, and PyTorch's message says so.
            raise RuntimeError(
                "a view of a leaf Variable that requires grad is being used in an in-place "
                "operation."
            )
        check_inplace(input)
        if whole:
            _write_whole(input, value)
            return
        try:
            region = np.broadcast_to(np.empty((), np.int8), input._data.shape)[numpy_index].shape
        except IndexError as error:
            _raise_index_error(error, input._data.shape, numpy_index)
        if isinstance(value, Tensor) and value._data.shape != region and value._data.ndim:
            # as PyTorch's copy into the view, which views the value even with no 1s to drop
            value = _without_leading_ones(value, always_view=True)
        inplace(_index_put, input, numpy_index, value)
        return
    data = value._data if isinstance(value, Tensor) else value
    try:
        if 0 in input._data.strides:  # an expanded tensor: is the written-to region overlapping?
            target = input._data[numpy_index] if basic else input._data
            if isinstance(target, np.ndarray) and has_internal_overlap(target):
                if basic:
                    raise RuntimeError(OVERLAP_MESSAGE)
                warnings.warn(
                    "Use of index_put_ on expanded tensors is deprecated. Please clone() the "
                    "tensor before performing this operation. This also applies to advanced "
                    "indexing e.g. tensor[indices] = tensor",
                    UserWarning,
                    stacklevel=3,
                )
        input._data[numpy_index] = data
    except ValueError as error:
        if not input._data.flags.writeable:
            raise RuntimeError(OVERLAP_MESSAGE) from None
        if isinstance(value, Tensor):
            _check_value_shape(input, numpy_index, value, basic)
        raise RuntimeError(str(error)) from None
    except IndexError as error:
        _raise_index_error(error, input._data.shape, numpy_index)
    input._bump_version()


# -- ops that index along one dimension: index_select, index_add, index_copy, index_fill ----
def _legacy(array: np.ndarray) -> str:
    from .. import _dtype

    return _dtype.from_numpy_dtype(array.dtype).legacy_name


def _along_dim(dim: int, index: np.ndarray) -> tuple[Any, ...]:
    """A NumPy index that picks ``index`` (1-D) along ``dim`` and everything elsewhere."""
    return (slice(None),) * dim + (index,)


def _at_least_1d(array: np.ndarray) -> np.ndarray:
    return array.reshape(1) if array.ndim == 0 else array


def _check_bounds(index: np.ndarray, size: int, dim: int, prefix: str = "",
                  error: type = RuntimeError, negative: bool = False) -> None:  # fmt: skip
    low = -size if negative else 0
    bad = index[(index < low) | (index >= size)]
    if bad.size:
        raise error(
            f"{prefix}index {int(bad[0])} is out of bounds for dimension {dim} with size {size}"
        )


@primitive("IndexSelectBackward0")
def _index_select(self, dim, index_tensor):  # NOTE [Index tensors' saved names]
    result = np.take(_at_least_1d(self), index_tensor.reshape(-1), axis=dim)
    return result.reshape(()) if self.ndim == 0 else result


def _index_select_grad(grad: Tensor, self_shape: tuple[int, ...], dim: int,
                       index_tensor: Tensor) -> Tensor:  # fmt: skip
    from .._creation import zeros

    return _index_add(zeros(self_shape, dtype=grad.dtype), dim, index_tensor, grad, 1)


_index_select.defgrad(self=_index_select_grad)
_index_select.saved_as(index="index_tensor")


def _vector_index(index: Any, name: str) -> Tensor:
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' must be Tensor, not {type(index).__name__}")
    return index


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """index_select(input, dim, index) -> the entries of ``input`` at ``index`` along ``dim``"""
    index = _vector_index(index, "index_select")
    array = index._data
    if array.dtype.kind not in "iu":
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if array.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    ndim = input._data.ndim
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim] if ndim else 1
    if array.size and (array.min() < 0 or array.max() >= size):
        if dim == 1:  # PyTorch's CPU kernel for dim 1 reports the first bad index itself
            bad = array[(array < 0) | (array >= size)][0]
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")
        raise IndexError("index out of range in self")
    return _index_select(input, dim, index)


def _index_source_grad(selected: Tensor, source_shape: tuple[int, ...]) -> Tensor:
    from .shape import expand

    if not source_shape:  # one selected element, as PyTorch sums it to a 0-d source
        return selected.reshape((1,)).sum() if selected._data.ndim else selected
    return expand(selected, source_shape)


@primitive("IndexAddBackward0")
def _index_add(self, dim, index, source, alpha):
    result = np.array(_at_least_1d(self), copy=True)
    values = _at_least_1d(source) if source.ndim < result.ndim else source
    if alpha != 1:
        values = values * alpha
    np.add.at(result, _along_dim(dim, _at_least_1d(index)), values)
    return result.reshape(self.shape)


def _index_add_source_grad(grad: Tensor, dim: int, index: Tensor, source: Tensor,
                           source_shape: tuple[int, ...], alpha: Any) -> Tensor:  # fmt: skip
    # ``source``: PyTorch's node keeps it for this gradient (``_saved_source``).
    from .pointwise import mul_scalar

    selected = _index_select(grad, dim, index)
    if alpha != 1:
        return mul_scalar(selected, alpha)
    if not source_shape:
        return selected
    return _index_source_grad(selected, source_shape)


_index_add.defgrad(self=pass_grad, source=_index_add_source_grad)


def _check_index_vector(name: str, input: Tensor, dim: int, index: Tensor, source: Tensor) -> int:
    array = index._data
    if array.ndim > 1:
        if name == "index_add_":
            raise IndexError(
                f"index_add_(): Index is supposed to be a vector, but got dim: {array.ndim} with "
                f"type: {_legacy(array)} and size: {list(array.shape)}"
            )
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {array.ndim})")
    ndim = input._data.ndim
    dim = wrap_dim(dim, ndim)
    source_size = source._data.shape[dim] if source._data.ndim else 1
    if array.size != source_size:
        if name == "index_add_":
            raise RuntimeError(
                f"index_add_(): Number of indices ({array.size}) should be equal to "
                f"source.size(dim): ({source_size}), for dim: {dim}"
            )
        raise IndexError(
            f"index_copy_(): Number of indices ({array.size}) should be equal to source.size(dim) "
            f"({source_size})"
        )
    return dim


def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
    """index_add(input, dim, index, source, *, alpha=1) -> ``input`` with ``alpha * source``
    added at ``index`` along ``dim`` (repeated indices accumulate)"""
    index = _vector_index(index, "index_add")
    array = index._data
    if array.dtype.kind not in "iu":
        raise RuntimeError(
            f"index_add_(): Expected dtype int32/int64 for index but got: {_legacy(array)}"
        )
    dim = _check_index_vector("index_add_", input, dim, index, source)
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(
            f"index_add_(): self ({_legacy(input._data)}) and source ({_legacy(source._data)}) "
            "must have the same scalar type"
        )
    shape, source_shape = input._data.shape, source._data.shape
    if len(source_shape) != len(shape) or any(
        a != b for axis, (a, b) in enumerate(zip(shape, source_shape)) if axis != dim
    ):
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified "
            f"dimension. Got self.shape = {list(shape)} source.shape = {list(source_shape)}"
        )
    size = input._data.shape[dim] if input._data.ndim else 1
    _check_bounds(array, size, dim)
    return _index_add(input, dim, index, source, alpha)


@primitive("IndexCopyBackward0")
def _index_copy(self, dim, index, source):
    result = np.array(_at_least_1d(self), copy=True)
    values = _at_least_1d(source) if source.ndim < result.ndim else source
    result[_along_dim(dim, _at_least_1d(index))] = values
    return result.reshape(self.shape)


# As PyTorch's node: the source kept for its own gradient, its dimension count always.
_index_copy.defgrad(
    self=lambda grad, dim, index, source_shape: _index_fill_scalar(grad, dim, index, 0),
    source=lambda grad, dim, index, source, source_shape: _index_source_grad(
        _index_select(grad, dim, index), source_shape
    ),
)
_index_copy.saved_as(source_dim=("source_shape", len), unlisted=("source_shape",))


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:
    """index_copy(input, dim, index, source) -> ``input`` with ``source``'s slices written at
    ``index`` along ``dim``"""
    index = _vector_index(index, "index_copy")
    array = index._data
    if array.dtype != np.int64:
        raise RuntimeError(
            f"index_copy_(): Expected a long tensor for index, but got {_legacy(array)}"
        )
    dim = _check_index_vector("index_copy_", input, dim, index, source)
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(
            f"index_copy_(): self and source expected to have the same dtype, but got (self) "
            f"{_legacy(input._data)} and (source) {_legacy(source._data)}"
        )
    size = input._data.shape[dim] if input._data.ndim else 1
    _check_bounds(array, size, dim, "index_copy_(): ", IndexError)
    return _index_copy(input, dim, index, source)


def _fill_along(self: np.ndarray, dim: int, index: np.ndarray, value: Any) -> np.ndarray:
    result = np.array(_at_least_1d(self), copy=True)
    result[_along_dim(dim, _at_least_1d(index))] = value
    return result.reshape(self.shape)


@primitive("IndexFillBackward0")
def _index_fill_scalar(self, dim, index, value):
    return _fill_along(self, dim, index, value)


_index_fill_scalar.defgrad(self=lambda grad, dim, index: _index_fill_scalar(grad, dim, index, 0))


@primitive("IndexFillBackward1")
def _index_fill_tensor(self, dim, index, value):
    return _fill_along(self, dim, index, value)


_index_fill_tensor.defgrad(
    self=lambda grad, dim, index: _index_fill_scalar(grad, dim, index, 0),
    # each filled slice once, as PyTorch (over the unique indices)
    value=lambda grad, dim, index: _index_select(
        grad, dim, Tensor._from_array(np.unique(index._data))
    ).sum(),
)


def index_fill(input: Tensor, dim: int, index: Tensor, value: Any) -> Tensor:
    """index_fill(input, dim, index, value) -> ``input`` with ``value`` written at ``index``
    along ``dim``"""
    index = _vector_index(index, "index_fill")
    array = index._data
    if array.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if array.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    ndim = input._data.ndim
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim] if ndim else 1
    _check_bounds(array, size, dim, error=IndexError, negative=True)
    array = np.where(array < 0, array + size, array)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(
                "index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value._data.ndim} dimension(s)."
            )
        return _index_fill_tensor(input, dim, Tensor._from_array(array), value)
    return _index_fill_scalar(input, dim, Tensor._from_array(array), value)


# -- gather and scatter ----------------------------------------------------------------------
def _scatter_index(index: np.ndarray, dim: int) -> tuple[np.ndarray, ...]:
    """For each element of ``index``: its position in the indexed tensor (``index`` along
    ``dim``, its own coordinates elsewhere)."""
    ndim = index.ndim
    positions = []
    for axis in range(ndim):
        if axis == dim:
            positions.append(index)
        else:
            shape = [1] * ndim
            shape[axis] = index.shape[axis]
            positions.append(np.arange(index.shape[axis]).reshape(shape))
    return tuple(positions)


def _leading_part(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The first ``shape`` elements of ``array`` in every dimension."""
    return array[tuple(slice(0, n) for n in shape)]


# NOTE [Index tensors' saved names]: PyTorch keeps gather's and index_select's ``index`` as
# a tensor (with ``_raw_saved_index``), but "index" names an int64 argument elsewhere
# (select's), read back as a number with no raw SavedTensor. These ops call their parameter
# ``index_tensor`` and offer it under PyTorch's name.
@primitive("GatherBackward0")
def _gather(self, dim, index_tensor, sparse_grad=False):
    array, indices = _at_least_1d(self), _at_least_1d(index_tensor)
    result = array[_scatter_index(indices, dim)]
    return result.reshape(index_tensor.shape)


def _gather_grad(
    grad: Tensor, self: Tensor, dim: int, index_tensor: Tensor, sparse_grad: bool
) -> Tensor:
    # As PyTorch, the node keeps the input itself (and sparse_grad), not only its shape.
    from .._creation import zeros

    return _scatter_add(zeros(self._data.shape, dtype=grad.dtype), dim, index_tensor, grad)


_gather.defgrad(self=_gather_grad)
_gather.saved_as(index="index_tensor")


def _check_gather(name: str, input: Tensor, dim: int, index: Any, src: Any = None) -> int:
    """PyTorch's checks for gather and the scatter family; returns the wrapped dim."""
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' must be Tensor, not {type(index).__name__}")
    array = index._data
    ndim = input._data.ndim
    dim = wrap_dim(dim, ndim)
    if array.dtype.kind not in "iu":
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    index_ndim = max(array.ndim, 1)
    if index_ndim != max(ndim, 1) and array.size:
        what = "input" if name == "gather" else "self"
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {what} tensor")
    if isinstance(src, Tensor) and max(src._data.ndim, 1) != index_ndim and array.size:
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    self_shape = input._data.shape or (1,)
    index_shape = array.shape or (1,)
    if array.size:
        for axis in range(len(index_shape)):
            if axis != dim and index_shape[axis] > self_shape[axis]:
                if name == "gather":
                    raise RuntimeError(
                        f"Size does not match at dimension {axis} expected index "
                        f"{list(array.shape)} to be no larger than self {list(input._data.shape)} "
                        f"apart from dimension {dim}"
                    )
                raise RuntimeError(_scatter_size_message(array, input, dim, src))
            if isinstance(src, Tensor):
                src_shape = src._data.shape or (1,)
                if index_shape[axis] > src_shape[axis]:
                    raise RuntimeError(_scatter_size_message(array, input, dim, src))
    if isinstance(src, Tensor) and src._data.dtype != input._data.dtype and name != "gather":
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    _check_bounds(array, self_shape[dim], dim)
    return dim


def _scatter_size_message(array: np.ndarray, input: Tensor, dim: int, src: Any) -> str:
    message = (
        f"Expected index {list(array.shape)} to be no larger than self "
        f"{list(input._data.shape)} apart from dimension {dim}"
    )
    if isinstance(src, Tensor):
        message += f" and to be no larger size than src {list(src._data.shape)}"
    return message


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """gather(input, dim, index) -> ``out[i][j] = input[index[i][j]][j]`` (for dim 0)

    >>> import rungrad
    >>> rungrad.tensor([[1, 2], [3, 4]]).gather(1, rungrad.tensor([[1], [0]]))
    tensor([[2],
            [3]])
    """
    dim = _check_gather("gather", input, dim, index)
    return _gather(input, dim, index, bool(sparse_grad))


def _scatter_forward(self: np.ndarray, dim: int, index: np.ndarray, src: Any,
                     reduce: str | None = None) -> np.ndarray:  # fmt: skip
    result = np.array(_at_least_1d(self), copy=True)
    indices = _at_least_1d(index)
    where = _scatter_index(indices, dim)
    if isinstance(src, np.ndarray):
        values = _leading_part(_at_least_1d(src), indices.shape)
    else:
        values = np.asarray(src).astype(result.dtype)
    if reduce == "add":
        np.add.at(result, where, values)
    elif reduce == "multiply":
        np.multiply.at(result, where, values)
    else:
        result[where] = values
    return result.reshape(self.shape)


@primitive("ScatterBackward0")
def _scatter_src(self, dim, index, src):
    return _scatter_forward(self, dim, index, src)


@primitive("ScatterBackward1")
def _scatter_value(self, dim, index, value):
    return _scatter_forward(self, dim, index, value)


_scatter_src.defgrad(
    self=lambda grad, dim, index: _scatter_value(grad, dim, index, 0),
    src=lambda grad, dim, index: _gather(grad, dim, index),
)
_scatter_value.defgrad(self=lambda grad, dim, index: _scatter_value(grad, dim, index, 0))


def _not_implemented(grad: Tensor) -> Tensor:
    raise RuntimeError("derivative for aten::scatter is not implemented")


@primitive("NotImplemented")
def _scatter_reduce_legacy(self, dim, index, src, reduce):
    return _scatter_forward(self, dim, index, src, reduce)


_scatter_reduce_legacy.defgrad(self=_not_implemented, src=_not_implemented)


# Whether the deprecation warning of scatter's reduce with a tensor src was given: PyTorch
# gives it once per process (TORCH_WARN_ONCE).
_SCATTER_REDUCE_WARNED: list[bool] = []


def scatter(input: Tensor, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
            reduce: str | None = None) -> Tensor:  # fmt: skip
    """scatter(input, dim, index, src) -> ``input`` with ``src`` (a tensor or a number) written
    at ``index`` along ``dim``: ``out[index[i][j]][j] = src[i][j]`` (for dim 0)"""
    if src is None:
        src = value
    dim = _check_gather("scatter", input, dim, index, src)
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        if isinstance(src, Tensor) and not _SCATTER_REDUCE_WARNED:
            import warnings

            _SCATTER_REDUCE_WARNED.append(True)  # once per process, as in PyTorch
            warnings.warn(
                "The reduce argument of torch.scatter with Tensor src is deprecated and will be "
                "removed in a future PyTorch release. Use torch.scatter_reduce instead for more "
                "reduction options.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )
        return _scatter_reduce_legacy(input, dim, index, src, reduce)
    if isinstance(src, Tensor):
        return _scatter_src(input, dim, index, src)
    return _scatter_value(input, dim, index, src)


@primitive("ScatterAddBackward0")
def _scatter_add(self, dim, index, src):
    return _scatter_forward(self, dim, index, src, "add")


_scatter_add.defgrad(
    self=pass_grad,
    src=lambda grad, dim, index: _gather(grad, dim, index),
)


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """scatter_add(input, dim, index, src) -> ``input`` with ``src`` added at ``index`` along
    ``dim`` (repeated indices accumulate)

    >>> import rungrad
    >>> rungrad.zeros(3).scatter_add(0, rungrad.tensor([0, 2, 0]), rungrad.ones(3))
    tensor([2., 0., 1.])
    """
    dim = _check_gather("scatter_add", input, dim, index, src)
    return _scatter_add(input, dim, index, src)


_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _identity(reduce: str, dtype: np.dtype) -> Any:
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype.kind == "f":
        return -np.inf if reduce == "amax" else np.inf
    if dtype.kind == "b":
        return reduce == "amin"
    info = np.iinfo(dtype)
    return info.min if reduce == "amax" else info.max


@primitive("ScatterReduceBackward0")
def _scatter_reduce(self, dim, index, src, reduce, include_self):
    result = np.array(_at_least_1d(self), copy=True)
    indices = _at_least_1d(index)
    where = _scatter_index(indices, dim)
    values = _leading_part(_at_least_1d(src), indices.shape)
    if not include_self:
        result[where] = _identity(reduce, result.dtype)
    ufunc = {"sum": np.add, "mean": np.add, "prod": np.multiply}.get(reduce)
    if ufunc is None:
        ufunc = np.maximum if reduce == "amax" else np.minimum
    ufunc.at(result, where, values)
    if reduce == "mean":
        counts = np.full(result.shape, 1 if include_self else 0, dtype=np.int64)
        np.add.at(counts, where, 1)
        counts = np.maximum(counts, 1)
        if result.dtype.kind in "fcV":
            result = (result / counts).astype(result.dtype)
        else:
            result = np.floor_divide(result, counts).astype(result.dtype)
    return result.reshape(self.shape)


def _counts(self: Tensor, dim: int, index: Tensor, src: Tensor, self_part: Any,
            src_part: Any) -> Tensor:  # fmt: skip
    """How many of the contributors of each output element are in ``self_part`` and
    ``src_part`` (bool masks), as the input dtype."""
    dtype = self.dtype
    return _scatter_add(self_part.to(dtype), dim, index, src_part.to(dtype))


def _scattered_part(src: Tensor, index: Tensor) -> Tensor:
    """The part of ``src`` that is scattered: as many leading elements as ``index`` has."""
    shape = index._data.shape
    if src._data.shape == shape:
        return src
    return src[tuple(slice(0, n) for n in shape)]


def _scatter_reduce_self_grad(
    grad: Tensor,
    self: Tensor,
    dim: int,
    index: Tensor,
    src: Tensor,
    reduce: str,
    include_self: bool,
    result: Tensor,
) -> Tensor:
    from .._creation import ones_like
    from .pointwise import where

    src = _scattered_part(src, index)
    if reduce == "prod":
        # PyTorch's formula, so that self is in its gradient's graph: the product of the
        # masked self (zeros made ones) and the scattered values, divided by the masked self
        masked_self = where(self == 0, 1.0, self)
        product = _scatter_reduce(masked_self, dim, index, src, "prod", include_self)
        grad_self = grad * product / masked_self
        return grad_self if include_self else _scatter_value(grad_self, dim, index, 0)
    if not include_self:
        return _scatter_value(grad, dim, index, 0)
    if reduce == "sum":
        return grad
    if reduce == "mean":
        counts = _scatter_add(ones_like(self), dim, index, ones_like(src))
        return grad / counts
    self_is = self == result
    src_is = src == _gather(result, dim, index)
    counts = _counts(self, dim, index, src, self_is, src_is)
    return (grad / counts) * self_is


def _scatter_reduce_src_grad(
    grad: Tensor,
    self: Tensor,
    dim: int,
    index: Tensor,
    src: Tensor,
    reduce: str,
    include_self: bool,
    result: Tensor,
) -> Tensor:
    from .._creation import ones_like, zeros_like
    from .pointwise import where

    src = _scattered_part(src, index)
    if reduce == "sum":
        return _gather(grad, dim, index)
    if reduce == "mean":
        base = ones_like(self) if include_self else zeros_like(self)
        counts = _scatter_add(base, dim, index, ones_like(src))
        counts = where(counts == 0, 1.0, counts)
        return _gather(grad, dim, index) / _gather(counts, dim, index)
    if reduce == "prod":
        # PyTorch's formula: the product of the other contributors, result / src, or, where
        # src is the only zero of src in its product, that product with src made one (self
        # stays in it, so that its gradient reaches self even where self is zero too)
        src_zero = src == 0
        zero_counts = _scatter_add(zeros_like(self), dim, index, src_zero.to(self.dtype))
        single_zero = src_zero & (_gather(zero_counts, dim, index) == 1)
        masked_src = where(single_zero, 1.0, src)
        others = _scatter_reduce(self, dim, index, masked_src, "prod", include_self)
        return where(
            single_zero,
            _gather(grad * others, dim, index),
            _gather(grad * result, dim, index) / where(src_zero, 1.0, src),
        )
    self_is = self == result
    if not include_self:
        self_is = self_is & (_scatter_value(zeros_like(self).bool(), dim, index, True) == 0)
    src_is = src == _gather(result, dim, index)
    counts = _counts(self, dim, index, src, self_is, src_is)
    return _gather(grad / counts, dim, index) * src_is


_scatter_reduce.defgrad(self=_scatter_reduce_self_grad, src=_scatter_reduce_src_grad)


def scatter_reduce(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                   include_self: bool = True) -> Tensor:  # fmt: skip
    """scatter_reduce(input, dim, index, src, reduce, *, include_self=True) -> ``src`` reduced
    into ``input`` at ``index`` along ``dim`` with sum, prod, mean, amax or amin"""
    if reduce not in _REDUCTIONS:
        raise RuntimeError(
            f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"
        )
    dim = _check_gather("scatter_reduce", input, dim, index, src)
    return _scatter_reduce(input, dim, index, src, reduce, bool(include_self))


def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """take_along_dim(input, indices, dim=None) -> values of ``input`` at ``indices`` along
    ``dim`` (the flattened input when None), broadcasting the other dimensions"""
    from ._checks import broadcast_shapes
    from .shape import expand, view

    if indices._data.dtype.kind not in "iu":
        raise RuntimeError(
            "torch.take_along_dim(): dtype of indices should be Long but got "
            f"{_legacy(indices._data)}"
        )
    if dim is None:  # views, as in PyTorch (which fails where the strides forbid them)
        return gather(view(input, (-1,)), 0, view(indices, (-1,)))
    ndim = input._data.ndim
    if ndim != indices._data.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {ndim} dimensions for input, and {indices._data.ndim} "
            "dimensions for indices"
        )
    dim = wrap_dim(dim, ndim)
    self_shape = list(input._data.shape)
    self_shape[dim] = indices._data.shape[dim]
    shape = list(broadcast_shapes(tuple(self_shape), indices._data.shape))
    indices = expand(indices, tuple(shape))
    size = shape[dim] = input._data.shape[dim]
    if indices._data.size:  # PyTorch wraps the indices: modulo the size
        if not size:
            raise RuntimeError("ZeroDivisionError")
        indices = Tensor._from_array(np.mod(indices._data, size))
    return gather(expand(input, tuple(shape)), dim, indices)


# -- flat indexing: take and put -------------------------------------------------------------
def _check_flat(index: np.ndarray, numel: int) -> None:
    bad = index[(index < -numel) | (index >= numel)]
    if bad.size:
        raise IndexError(
            f"out of range: tried to access index {int(bad[0])} on a tensor of {numel} elements."
        )


@primitive("TakeBackward0")
def _take(self, index):
    return np.array(self.reshape(-1)[index], order="C")  # the index's shape, not its layout


def _take_grad(grad: Tensor, self: Tensor, self_shape: tuple[int, ...], index: Tensor) -> Tensor:
    # ``self``: PyTorch's node keeps the input itself (``_saved_self``), not its sizes.
    from .._creation import zeros

    return _put_flat(zeros(self_shape, dtype=grad.dtype), index, grad, True)


_take.defgrad(self=_take_grad)


def take(input: Tensor, index: Tensor) -> Tensor:
    """take(input, index) -> the elements of the flattened ``input`` at ``index``"""
    array = index._data
    if array.dtype != np.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {_legacy(array)}")
    _check_flat(array, input._data.size)
    return _take(input, index)


@primitive("PutBackward0")
def _put_flat(self, index, source, accumulate):
    result = np.array(self, copy=True, order="C")
    flat = result.reshape(-1)
    values = source.reshape(-1)
    if accumulate:
        np.add.at(flat, index.reshape(-1), values)
    else:
        flat[index.reshape(-1)] = values
    return result


def _put_self_grad(
    grad: Tensor, index: Tensor, source_shape: tuple[int, ...], accumulate: bool
) -> Tensor:
    from .._creation import zeros

    if accumulate:
        return grad
    return _put_flat(grad, index, zeros(source_shape, dtype=grad.dtype), False)


def _put_source_grad(
    grad: Tensor, index: Tensor, source: Tensor, source_shape: tuple[int, ...]
) -> Tensor:
    # ``source``: PyTorch's node keeps it for this gradient (``_saved_source``).
    from .shape import _view

    return _view(_take(grad, index), source_shape)


_put_flat.defgrad(self=_put_self_grad, source=_put_source_grad)
_put_flat.saved_as(unlisted=("source_shape",))  # PyTorch keeps the source's sizes unshown


def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:
    """put(input, index, source, accumulate=False) -> ``input`` (flattened) with ``source``
    written (or added) at ``index``"""
    array = index._data
    if array.dtype != np.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {_legacy(array)}")
    if array.size != source._data.size:
        raise IndexError(
            "put_(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source._data.size}, index.numel() = {array.size}"
        )
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(
            f"put_(): self and source expected to have the same dtype, but got "
            f"self.dtype = {input.dtype} and source.dtype = {source.dtype}"
        )
    _check_flat(array, input._data.size)
    return _put_flat(input, index, source, bool(accumulate))


# -- masks -----------------------------------------------------------------------------------
def _broadcast_pair(self: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    shape = np.broadcast_shapes(self.shape, mask.shape)
    return np.broadcast_to(self, shape), np.broadcast_to(mask, shape)


@primitive("MaskedSelectBackward0")
def _masked_select(self, mask):
    values, where = _broadcast_pair(self, mask)
    return values[where]


def _masked_select_grad(grad: Tensor, self: Tensor, mask: Tensor) -> Tensor:
    # As PyTorch, the node keeps the input itself, not only its shape.
    from .._creation import zeros

    shape = tuple(np.broadcast_shapes(self._data.shape, mask._data.shape))
    return _masked_scatter(zeros(shape, dtype=grad.dtype), mask, grad)


_masked_select.defgrad(self=_masked_select_grad)


def _check_bool_mask(mask: Tensor, name: str) -> None:
    if mask._data.dtype != np.bool_:
        if name == "masked_select":
            raise RuntimeError("masked_select: expected BoolTensor for mask")
        raise RuntimeError(
            f"{name} only supports boolean masks, but got mask with dtype {_legacy(mask._data)}"
        )


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """masked_select(input, mask) -> a 1-D tensor of the elements where ``mask`` is true"""
    from ._checks import broadcast_shapes

    _check_bool_mask(mask, "masked_select")
    broadcast_shapes(mask._data.shape, input._data.shape)
    return _masked_select(input, mask)


@primitive("MaskedScatterBackward0")
def _masked_scatter(self, mask, source):
    values, where = _broadcast_pair(self, mask)
    result = np.array(values, copy=True)
    count = int(where.sum())
    result[where] = source.reshape(-1)[:count]
    return result


def _masked_scatter_source_grad(grad: Tensor, mask: Tensor,
                                source_shape: tuple[int, ...]) -> Tensor:  # fmt: skip
    return masked_scatter_backward(grad, mask, source_shape)


def _masked_fill_zero(grad: Tensor, mask: Tensor) -> Tensor:
    from .pointwise import _masked_fill_scalar

    return _masked_fill_scalar(grad, mask, 0)


_masked_scatter.defgrad(self=_masked_fill_zero, source=_masked_scatter_source_grad)


@primitive("MaskedScatterBackwardBackward0")
def masked_scatter_backward(grad_output, mask, sizes):
    """The gradient of masked_scatter's source: ``grad_output[mask]``, padded with zeros to
    the source's size."""
    values, where = _broadcast_pair(grad_output, mask)
    selected = values[where]
    result = np.zeros(int(np.prod(sizes)), dtype=grad_output.dtype)
    result[: selected.size] = selected
    return result.reshape(sizes)


def _masked_scatter_backward_grad(grad: Tensor, grad_output_shape: tuple[int, ...],
                                  mask: Tensor) -> Tensor:  # fmt: skip
    from .._creation import zeros

    return _masked_scatter(zeros(grad_output_shape, dtype=grad.dtype), mask, grad)


masked_scatter_backward.defgrad(grad_output=_masked_scatter_backward_grad)


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """masked_scatter(input, mask, source) -> ``input`` with the elements where ``mask`` is
    true taken, in order, from ``source``"""
    from ._checks import broadcast_shapes

    _check_bool_mask(mask, "masked_scatter_")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(
            "masked_scatter: expected self and source to have same dtypes but got"
            f"{_legacy(input._data)} and {_legacy(source._data)}"
        )
    shape = broadcast_shapes(mask._data.shape, input._data.shape)
    if int(np.broadcast_to(mask._data, shape).sum()) > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return _masked_scatter(input, mask, source)


# -- index_put -------------------------------------------------------------------------------
@primitive("IndexPutBackward0")
def _index_put_accumulate(self, indices, values):
    result = np.array(self, copy=True)
    np.add.at(result, indices, values)
    return result


_index_put_accumulate.defgrad(self=pass_grad, values=_values_grad)


def index_put(input: Tensor, indices: Any, values: Any, accumulate: bool = False) -> Tensor:
    """index_put(input, indices, values, accumulate=False) -> ``input`` with
    ``input[indices] = values`` (or ``+=`` when ``accumulate``), out of place"""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(
            "index_put(): argument 'indices' must be tuple of Tensors, not "
            f"{type(indices).__name__}"
        )
    if isinstance(values, Tensor) and values._data.dtype != input._data.dtype:
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{_legacy(input._data)} for the destination and {_legacy(values._data)} for the "
            "source."
        )
    items = tuple(slice(None) if item is None else item for item in indices)
    numpy_index = _to_numpy_index(items)
    dim = 0
    for item in numpy_index:
        if isinstance(item, np.ndarray) and item.dtype != bool:
            size = input._data.shape[dim] if dim < input._data.ndim else 0
            _check_bounds(item, size, dim, error=IndexError, negative=True)
        dim += _dims_used(item) if not isinstance(item, slice) else 1
    region = np.broadcast_to(np.empty((), input._data.dtype), input._data.shape)[numpy_index].shape
    values_shape = values._data.shape if isinstance(values, Tensor) else ()
    try:
        fits = np.broadcast_shapes(values_shape, region) == region
    except ValueError:
        fits = False
    if not fits:  # PyTorch drops no leading size-1 dimensions of the values here
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(values_shape)} cannot be broadcast to "
            f"indexing result of shape {list(region)}"
        )
    if accumulate:
        return _index_put_accumulate(input, numpy_index, values)
    return _index_put_advanced(input, numpy_index, values)


# -- positions of nonzero elements (no gradient) -----------------------------------------
def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """nonzero(input, *, as_tuple=False) -> the indices of the nonzero elements, one row each
    (or one 1-D tensor per dimension with ``as_tuple=True``)"""
    data = input._data
    if as_tuple:
        if data.ndim == 0:
            return (Tensor._from_array(np.nonzero(data.reshape(1))[0].astype(np.int64)),)
        return tuple(Tensor._from_array(i.astype(np.int64)) for i in np.nonzero(data))
    if data.ndim == 0:
        return Tensor._from_array(np.zeros((1 if data else 0, 0), dtype=np.int64))
    return Tensor._from_array(np.argwhere(data).astype(np.int64))


def argwhere(input: Tensor) -> Tensor:
    """argwhere(input) -> ``nonzero(input)``"""
    return nonzero(input)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """one_hot(tensor, num_classes=-1) -> int64 one-hot encodings in a new last dimension"""
    data = tensor._data
    if data.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if data.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(data.max()) + 1
    if data.size:
        if data.min() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if data.max() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    result = (data[..., None] == np.arange(num_classes)).astype(np.int64)
    return Tensor._from_array(result)


def searchsorted(sorted_sequence: Tensor, input: Any, *, out_int32: bool = False,
                 right: bool = False, side: str | None = None,
                 sorter: Tensor | None = None) -> Tensor:  # fmt: skip
    """searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None,
    sorter=None) -> for each value, the index where inserting it keeps the innermost
    dimension of ``sorted_sequence`` sorted"""
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(
                f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}"
            )
        right = side == "right"
    boundaries = sorted_sequence._data
    values = input._data if isinstance(input, Tensor) else np.asarray(input)
    if sorter is not None:
        boundaries = np.take_along_axis(boundaries, sorter._data, axis=-1)
    which = "right" if right else "left"
    if boundaries.ndim == 1:
        result = np.searchsorted(boundaries, values, side=which)
    else:
        if boundaries.shape[:-1] != values.shape[:-1]:
            raise RuntimeError(
                "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                "dimensions of boundaries tensor and input value tensor must match, but we got "
                f"boundaries tensor {list(boundaries.shape)} and input value tensor "
                f"{list(values.shape)}"
            )
        count = int(np.prod(boundaries.shape[:-1]))  # explicit sizes: any of them may be 0
        rows = boundaries.reshape(count, boundaries.shape[-1])
        value_rows = values.reshape(count, values.shape[-1])
        result = np.zeros(value_rows.shape, dtype=np.int64)
        for i, (row, row_values) in enumerate(zip(rows, value_rows)):
            result[i] = np.searchsorted(row, row_values, side=which)
        result = result.reshape(values.shape)
    return Tensor._from_array(np.asarray(result).astype(np.int32 if out_int32 else np.int64))


def bucketize(input: Any, boundaries: Tensor, *, out_int32: bool = False,
              right: bool = False) -> Tensor:  # fmt: skip
    """bucketize(input, boundaries, *, out_int32=False, right=False) -> the index of the bucket
    of each value: ``boundaries[i-1] < x <= boundaries[i]`` (``<=``, ``<`` when ``right``)"""
    if boundaries._data.ndim != 1:
        raise RuntimeError(
            f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})"
        )
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
def _index_tensors(indices: Any) -> Any:
    """Advanced indices as PyTorch saves them: tensors (None for a full slice)."""
    return tuple(
        Tensor._from_array(i) if isinstance(i, np.ndarray) else None if _every(i) else i
        for i in indices
    )


def _every(index: Any) -> bool:
    """Whether ``index`` is ``:`` (PyTorch saves None for it)."""
    return type(index) is slice and index == slice(None)


for _op in (_index, _index_put_advanced, _index_put_accumulate):
    _op.saved_as(indices=("indices", _index_tensors), tensor_lists=("indices",))
# One op per mode here, one node keeping ``accumulate`` in PyTorch: a constant of each op.
_index_put_accumulate.saved_as(
    unlisted=("values_shape",), accumulate=("indices", lambda indices: True)
)
_index_put_advanced.saved_as(
    unlisted=("values_shape",), accumulate=("indices", lambda indices: False)
)
_index_add.saved_as(source_dim=("source_shape", len), unlisted=("source_shape",))
_take.saved_as(unlisted=("self_shape",))
del _op  # a loop variable, not an op of the module
