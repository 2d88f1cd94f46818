"""Tensors from data and factories: ``tensor``, legacy constructors, zeros/ones/full/arange...

Python data takes PyTorch's dtypes (floats -> the default dtype, ints -> int64); NumPy
arrays keep theirs. Nothing here records autograd history: a new tensor is a leaf.
"""

from __future__ import annotations

import builtins
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._dtype import dtype as DType
from ._tensor import Tensor, _check_device

__all__ = [
    "arange",
    "as_tensor",
    "empty",
    "empty_like",
    "eye",
    "from_numpy",
    "full",
    "full_like",
    "linspace",
    "ones",
    "ones_like",
    "scalar_tensor",
    "tensor",
    "zeros",
    "zeros_like",
]


def _python_data_dtype(data: Any) -> DType:
    """The dtype PyTorch infers for nested Python data (bool < int < float < complex)."""
    category = -1
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, Tensor):
            category = max(category, item.dtype.category + 10)  # tensors keep their dtype
            continue
        if isinstance(item, np.ndarray | np.generic):
            category = max(category, _dtype.from_numpy_dtype(np.asarray(item).dtype).category + 10)
            continue
        if isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, builtins.bool):
            category = max(category, _dtype.BOOL)
        elif isinstance(item, numbers.Integral):
            category = max(category, _dtype.INTEGRAL)
        elif isinstance(item, numbers.Real):
            category = max(category, _dtype.FLOATING)
        elif isinstance(item, numbers.Complex):
            category = max(category, _dtype.COMPLEX)
        else:
            raise TypeError(f"Could not infer dtype of {type(item).__name__}")
    return {
        -1: _dtype.get_default_dtype(),
        _dtype.BOOL: _dtype.bool,
        _dtype.INTEGRAL: _dtype.int64,
        _dtype.FLOATING: _dtype.get_default_dtype(),
        _dtype.COMPLEX: _dtype.default_complex(),
    }.get(category) or _dtype.get_default_dtype()


def _to_array(data: Any, dtype: DType | None) -> np.ndarray:
    """A new array holding ``data`` with PyTorch's dtype inference."""
    if isinstance(data, Tensor):
        array = data._data
        return np.array(array, dtype=dtype.numpy if dtype else array.dtype)
    if isinstance(data, np.ndarray | np.generic):
        array = np.array(data)
        if dtype is None:
            _dtype.from_numpy_dtype(array.dtype)  # rejects unsupported types
        return array if dtype is None else array.astype(dtype.numpy)
    if dtype is None:
        dtype = _python_data_dtype(data)
    if isinstance(data, list | tuple):
        data = _unwrap_tensors(data)
        _check_rectangular(data)
    return np.array(data, dtype=dtype.numpy)


def _check_rectangular(data: Any) -> None:
    """Nested lists must form a box: PyTorch's message names the first ragged dimension."""
    level = [data]
    dim = 0
    while level:
        sequences = [item for item in level if isinstance(item, list | tuple)]
        if not sequences:
            return
        if len(sequences) != len(level):
            raise TypeError("not a sequence")  # scalars mixed with sequences
        length = len(sequences[0])
        for sequence in sequences:
            if len(sequence) != length:
                raise ValueError(
                    f"expected sequence of length {length} at dim {dim} (got {len(sequence)})"
                )
        level = [item for sequence in sequences for item in sequence]
        dim += 1


def _unwrap_tensors(data: Any) -> Any:
    if isinstance(data, Tensor):
        if data._data.size != 1 and data._data.ndim:
            return data._data.tolist()
        return data._data.item()
    if isinstance(data, list | tuple):
        return [_unwrap_tensors(item) for item in data]
    return data


def tensor(
    data: Any,
    *,
    dtype: DType | None = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """Construct a tensor (a leaf, with no history) by copying ``data``.

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([[1, 2], [3, 4.5]])
        tensor([[1.0000, 2.0000],
                [3.0000, 4.5000]])
    """
    _check_device(device)
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use "
            "sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), "
            "rather than torch.tensor(sourceTensor).",
            UserWarning,
            stacklevel=2,
        )
    array = _to_array(data, dtype)
    return _leaf(array, requires_grad)


def _leaf(array: np.ndarray, requires_grad: bool) -> Tensor:
    if requires_grad and array.dtype.kind not in "fc":
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return Tensor._from_array(array, builtins.bool(requires_grad))


def as_tensor(data: Any, dtype: DType | None = None, device: Any = None) -> Tensor:
    """Convert ``data`` to a tensor, sharing memory with a tensor or ndarray when it can."""
    _check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtype.numpy):
        return from_numpy(data)
    return Tensor._from_array(_to_array(data, dtype))


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``ndarray`` (changes to one show in the other)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.from_numpy_dtype(ndarray.dtype)
    return Tensor._from_array(ndarray)


def scalar_tensor(value: Any, *, dtype: DType | None = None, **kwargs: Any) -> Tensor:
    return full((), value, dtype=dtype or _dtype.get_default_dtype(), **kwargs)


def _size_args(size: Sequence[Any]) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], list | tuple):
        size = tuple(size[0])
    for s in size:
        if not isinstance(s, numbers.Integral | Tensor):
            raise TypeError(
                f"expected a sequence of integers or a single integer, got {type(s).__name__}"
            )
    shape = tuple(int(s) for s in size)
    for s in shape:
        if s < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {s}: {list(shape)}"
            )
    return shape


def _factory(
    shape: tuple[int, ...], fill: Any, dtype: DType | None, requires_grad: bool, device: Any
) -> Tensor:
    _check_device(device)
    numpy_dtype = (dtype or _dtype.get_default_dtype()).numpy
    if fill is None:
        array = np.empty(shape, numpy_dtype)
    elif fill == 0:
        array = np.zeros(shape, numpy_dtype)
    else:
        array = np.full(shape, fill, numpy_dtype)
    return _leaf(array, requires_grad)


def zeros(
    *size: Any,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """zeros(*size, dtype=None, requires_grad=False) -> Tensor filled with 0."""
    return _factory(_size_args(size), 0, dtype, requires_grad, device)


def ones(
    *size: Any,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """ones(*size, dtype=None, requires_grad=False) -> Tensor filled with 1."""
    return _factory(_size_args(size), 1, dtype, requires_grad, device)


def empty(
    *size: Any,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """empty(*size, dtype=None, requires_grad=False) -> uninitialised Tensor."""
    return _factory(_size_args(size), None, dtype, requires_grad, device)


def full(
    size: Sequence[int],
    fill_value: Any,
    *,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """full(size, fill_value, dtype=None) -> Tensor; the dtype follows ``fill_value``."""
    if dtype is None:
        from ._promotion import scalar_dtype

        value = fill_value.item() if isinstance(fill_value, Tensor) else fill_value
        dtype = scalar_dtype(value)
    return _factory(_size_args((size,)), fill_value, dtype, requires_grad, device)


def _like(
    input: Tensor, fill: Any, dtype: DType | None, requires_grad: bool, device: Any
) -> Tensor:
    return _factory(input._data.shape, fill, dtype or input.dtype, requires_grad, device)


def zeros_like(input: Tensor, *, dtype: DType | None = None, layout: Any = None,
               device: Any = None, requires_grad: bool = False,
               memory_format: Any = None) -> Tensor:  # fmt: skip
    """A tensor of zeros with the shape (and by default dtype) of ``input``."""
    return _like(input, 0, dtype, requires_grad, device)


def ones_like(input: Tensor, *, dtype: DType | None = None, layout: Any = None,
              device: Any = None, requires_grad: bool = False,
              memory_format: Any = None) -> Tensor:  # fmt: skip
    """A tensor of ones with the shape (and by default dtype) of ``input``."""
    return _like(input, 1, dtype, requires_grad, device)


def empty_like(input: Tensor, *, dtype: DType | None = None, layout: Any = None,
               device: Any = None, requires_grad: bool = False,
               memory_format: Any = None) -> Tensor:  # fmt: skip
    """An uninitialised tensor with the shape (and by default dtype) of ``input``."""
    return _like(input, None, dtype, requires_grad, device)


def full_like(input: Tensor, fill_value: Any, *, dtype: DType | None = None,
              layout: Any = None, device: Any = None, requires_grad: bool = False,
              memory_format: Any = None) -> Tensor:  # fmt: skip
    """A tensor filled with ``fill_value`` with the shape (and by default dtype) of ``input``."""
    return _like(input, fill_value, dtype, requires_grad, device)


def arange(
    start: Any,
    end: Any = None,
    step: Any = 1,
    *,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """arange(start=0, end, step=1) -> 1-D Tensor of values in ``[start, end)``."""
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if values[2] == 0:
        raise RuntimeError("step must be nonzero")
    if dtype is None:
        integral = all(isinstance(v, numbers.Integral) for v in values)
        dtype = _dtype.int64 if integral else _dtype.get_default_dtype()
    count = max(0, int(np.ceil((values[1] - values[0]) / values[2])))
    # Computed in float64 (or int64) then cast, so float32 ranges don't drift.
    array = (values[0] + np.arange(count, dtype=np.float64) * values[2]).astype(dtype.numpy)
    if dtype.category != _dtype.FLOATING:
        array = np.arange(values[0], values[1], values[2]).astype(dtype.numpy)
    _check_device(device)
    return _leaf(array, requires_grad)


def linspace(
    start: Any,
    end: Any,
    steps: int,
    *,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = dtype or _dtype.get_default_dtype()
    steps = int(steps)
    numpy_dtype = dtype.numpy if dtype.category == _dtype.FLOATING else np.dtype(np.float64)
    # PyTorch's scheme: the first half counts up from start, the second half down from end,
    # with the step rounded to the dtype and each product computed exactly (as an FMA would).
    start_value, end_value = numpy_dtype.type(start), numpy_dtype.type(end)
    step = np.longdouble((end_value - start_value) / numpy_dtype.type(max(steps - 1, 1)))
    start, end = np.longdouble(start_value), np.longdouble(end_value)
    index = np.arange(steps, dtype=np.longdouble)
    values = np.where(index < steps // 2, start + step * index, end - step * (steps - 1 - index))
    array = values.astype(dtype.numpy)
    _check_device(device)
    return _leaf(array, requires_grad)


def eye(
    n: int,
    m: int | None = None,
    *,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """A 2-D tensor with ones on the diagonal and zeros elsewhere."""
    dtype = dtype or _dtype.get_default_dtype()
    _check_device(device)
    return _leaf(np.eye(n, n if m is None else m, dtype=dtype.numpy), requires_grad)


_LEGACY_NAMES = {
    "FloatTensor": _dtype.float32,
    "DoubleTensor": _dtype.float64,
    "HalfTensor": _dtype.float16,
    "LongTensor": _dtype.int64,
    "IntTensor": _dtype.int32,
    "ShortTensor": _dtype.int16,
    "CharTensor": _dtype.int8,
    "ByteTensor": _dtype.uint8,
    "BoolTensor": _dtype.bool,
}


def dtype_from_legacy_name(name: str) -> DType:
    short = name.rsplit(".", 1)[-1]
    if short in _LEGACY_NAMES:
        return _LEGACY_NAMES[short]
    raise ValueError(f"invalid type: '{name}'")


def legacy_construct(dtype: DType, args: tuple[Any, ...], kwargs: dict[str, Any]) -> np.ndarray:
    """The array of ``Tensor(...)`` / ``FloatTensor(...)``: sizes, data, or nothing."""
    _check_device(kwargs.pop("device", None))
    if kwargs:
        raise TypeError(f"new() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if not args:
        return np.empty((0,), dtype.numpy)
    if all(isinstance(a, numbers.Integral) and not isinstance(a, builtins.bool) for a in args):
        return np.zeros(tuple(int(a) for a in args), dtype.numpy)
    if len(args) == 1 and isinstance(args[0], tuple) and type(args[0]).__name__ == "Size":
        return np.zeros(tuple(args[0]), dtype.numpy)
    if len(args) == 1:
        data = args[0]
        if isinstance(data, Tensor):
            if data._data.dtype != dtype.numpy:
                raise TypeError(f"expected {dtype.legacy_name} (got {data.dtype.legacy_name})")
            return data._data
        return _to_array(data, dtype)
    raise TypeError("new(): invalid arguments")


class _LegacyTensorType(type):
    """Metaclass so ``isinstance(t, FloatTensor)`` checks the dtype, as in PyTorch."""

    _legacy_dtype: DType

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, Tensor) and instance.dtype is cls._legacy_dtype

    def __call__(cls, *args: Any, **kwargs: Any) -> Tensor:  # type: ignore[override]
        return Tensor._from_array(legacy_construct(cls._legacy_dtype, args, kwargs))


def _legacy_type(name: str, dtype: DType) -> type:
    doc = f"{name}(*sizes) or {name}(data): the legacy constructor of {dtype.name} tensors."
    return _LegacyTensorType(name, (), {"_legacy_dtype": dtype, "__doc__": doc})


FloatTensor = _legacy_type("FloatTensor", _dtype.float32)
DoubleTensor = _legacy_type("DoubleTensor", _dtype.float64)
HalfTensor = _legacy_type("HalfTensor", _dtype.float16)
LongTensor = _legacy_type("LongTensor", _dtype.int64)
IntTensor = _legacy_type("IntTensor", _dtype.int32)
ShortTensor = _legacy_type("ShortTensor", _dtype.int16)
CharTensor = _legacy_type("CharTensor", _dtype.int8)
ByteTensor = _legacy_type("ByteTensor", _dtype.uint8)
BoolTensor = _legacy_type("BoolTensor", _dtype.bool)

__all__ += list(_LEGACY_NAMES)
