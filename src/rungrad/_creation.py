"""Tensors from data and factories: ``tensor``, legacy constructors, zeros/ones/full/arange...

Python data takes PyTorch's dtypes (floats -> the default dtype, ints -> int64); NumPy
arrays keep theirs. Nothing here records autograd history: a new tensor is a leaf.
"""

from __future__ import annotations

import builtins
import functools
import math
import numbers
import operator
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _dtype, _nested_data
from ._dtype import dtype as DType
from ._runtime import warn_once
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
    "logspace",
    "ones",
    "ones_like",
    "scalar_tensor",
    "tensor",
    "zeros",
    "zeros_like",
]


_NEGATIVE_STRIDES = (
    "At least one stride in the given numpy array is negative, and tensors with negative "
    "strides are not currently supported. (You can probably work around this by making a copy "
    "of your array  with array.copy().) "
)


def _check_numpy(array: np.ndarray) -> None:
    """Arrays PyTorch can't wrap: another byte order, unsupported dtypes, negative strides."""
    if not array.dtype.isnative:
        raise ValueError(
            "given numpy array has byte order different from the native byte order. "
            "Conversion between byte orders is currently not supported."
        )
    _dtype.from_numpy_dtype(array.dtype)
    if any(stride < 0 for stride in array.strides):
        raise ValueError(_NEGATIVE_STRIDES)


def _share_numpy(array: np.ndarray) -> Tensor:
    """A tensor on ``array``'s memory; PyTorch warns (once) when that memory is read-only."""
    if not array.flags.writeable:
        warn_once(
            "The given NumPy array is not writable, and PyTorch does not support non-writable "
            "tensors. This means writing to this tensor will result in undefined behavior. You "
            "may want to copy the array to protect its data or make it writable before "
            "converting it to a tensor. This type of warning will be suppressed for the rest "
            "of this program. (Triggered internally at "
            "/__w/pytorch/pytorch/torch/csrc/utils/tensor_numpy.cpp:213.)",
            stacklevel=3,
        )
    return Tensor._from_array(array)


def _python_data_dtype(data: Any) -> DType:
    """The dtype PyTorch infers for nested Python data: the promotion of all the items.

    Python bools, ints, floats and complex numbers count as bool, int64, the default dtype
    and the default complex dtype; NumPy values and tensors count with their own dtype.
    """
    kind = type(data)  # a plain Python number: the common case, answered without the walk
    if kind is float:
        return _dtype.get_default_dtype()
    if kind is int:
        return _dtype.int64
    if kind is builtins.bool:
        return _dtype.bool
    from ._promotion import promote_types

    result: DType | None = None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple, range)):
            if len(item):
                stack.extend(item)
                continue
            item_dtype = _dtype.get_default_dtype()  # PyTorch counts an empty one so
        elif isinstance(item, Tensor):
            item_dtype = item.dtype
        elif isinstance(item, (np.ndarray, np.generic)):
            item_dtype = _dtype.from_numpy_dtype(np.asarray(item).dtype)
        elif isinstance(item, builtins.bool):
            item_dtype = _dtype.bool
        elif isinstance(item, numbers.Integral):
            item_dtype = _dtype.int64
        elif isinstance(item, numbers.Real):
            item_dtype = _dtype.get_default_dtype()
        elif isinstance(item, numbers.Complex):
            item_dtype = _dtype.default_complex()
        elif isinstance(item, str):
            raise TypeError("new(): invalid data type 'str'")
        else:
            raise RuntimeError(f"Could not infer dtype of {type(item).__name__}")
        result = item_dtype if result is None else promote_types(result, item_dtype)
    return _dtype.get_default_dtype() if result is None else result


def _to_array(data: Any, dtype: DType | None) -> np.ndarray:
    """A new array holding ``data`` with PyTorch's dtype inference."""
    if isinstance(data, Tensor):
        array = data._data
        return np.array(array, dtype=dtype.numpy if dtype else array.dtype)
    if isinstance(data, (np.ndarray, np.generic)):
        array = np.array(data)
        _check_numpy(np.asarray(data))
        return array if dtype is None else array.astype(dtype.numpy)
    if isinstance(data, str):
        raise TypeError("new(): invalid data type 'str'")
    sequence = isinstance(data, (list, tuple, range))
    if sequence:
        _check_first_leaf(data)
        sizes = _nested_data.leading_sizes(data)
    if dtype is None:
        dtype = _python_data_dtype(data)
    if sequence and 0 in sizes:  # nothing to store: PyTorch reads no further
        return np.zeros(sizes, dtype=dtype.numpy)
    if sequence:
        store = _nested_data.Store(sizes, dtype)
        try:
            data = store.walk(data)
        finally:
            for _ in range(store.arrays):  # PyTorch's TORCH_WARN_ONCE, at each array
                warn_once(_nested_data.SLOW_LIST_OF_ARRAYS, stacklevel=3)
    try:
        if dtype.category == _dtype.INTEGRAL and dtype is not _dtype.bool:
            values = np.array(data)
            if values.dtype.kind == "c":  # Python's own error for a complex as an integer
                raise TypeError("'complex' object cannot be interpreted as an integer")
            return _checked_integers(values, np.dtype(dtype.numpy))
        return np.array(data, dtype=dtype.numpy)
    except OverflowError:
        raise ValueError("Overflow when unpacking long long") from None
    except (ValueError, TypeError) as error:
        if str(error).endswith("not 'complex'"):  # a complex as a float: PyTorch's words
            raise TypeError("must be real number, not complex") from None
        raise error


def _checked_integers(values: np.ndarray, target: np.dtype) -> np.ndarray:
    """Python numbers as an integer dtype, refused as PyTorch refuses them when out of range:
    floats (and NaN) outside the type, integers outside it, except that an unsigned type
    takes negative integers down to minus its maximum (they wrap)."""
    if values.dtype == object or values.dtype == np.uint64:  # past int64: PyTorch's unpacking
        raise OverflowError
    info = np.iinfo(target)
    if values.size:
        if values.dtype.kind == "f":
            bad = np.isnan(values) | (values < info.min) | (values > info.max)
        elif values.dtype.kind in "iu":
            low = -int(info.max) if info.min == 0 else int(info.min)
            bad = (values < low) | (values > info.max)
        else:
            bad = np.zeros(values.shape, dtype=bool)
        if np.any(bad):
            raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")
    with np.errstate(invalid="ignore"):
        return values.astype(target)


def _check_first_leaf(data: Any) -> None:
    """PyTorch reads the shape down the first items; a string there is one dimension too many."""
    while isinstance(data, (list, tuple, range)) and len(data):
        data = data[0]
    if isinstance(data, str):
        raise ValueError(f"too many dimensions '{type(data).__name__}'")


_NO_DATA = object()


def tensor(
    *args: Any,
    data: Any = _NO_DATA,
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
    if args:  # tensor(data), or tensor(data=...): PyTorch's messages for the rest
        if len(args) > 1 or data is not _NO_DATA:
            raise TypeError(f"tensor() takes 1 positional argument but {len(args)} were given")
        data = args[0]
    elif data is _NO_DATA:
        raise TypeError('tensor() missing 1 required positional arguments: "data"')
    _check_device(device)
    _check_flag("tensor", requires_grad)
    if isinstance(data, Tensor):
        warn_copy_construct("torch.tensor", stacklevel=3)
    array = _to_array(data, _dtype.dtype_arg(dtype, "tensor"))
    return _leaf(array, requires_grad)


def warn_copy_construct(spelling: str, stacklevel: int) -> None:
    """PyTorch's warning when a tensor is built by copying another tensor through
    ``spelling(sourceTensor)`` (``torch.tensor``, ``tensor.new_tensor``)."""
    warnings.warn(
        "To copy construct from a tensor, it is recommended to use "
        "sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), "
        f"rather than {spelling}(sourceTensor).",
        UserWarning,
        stacklevel=stacklevel,
    )


def _leaf(array: np.ndarray, requires_grad: bool) -> Tensor:
    if requires_grad and array.dtype.kind not in "fcV":
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return Tensor._from_array(array, builtins.bool(requires_grad))


def as_tensor(data: Any, dtype: DType | None = None, device: Any = None) -> Tensor:
    """Convert ``data`` to a tensor, sharing memory with a tensor or ndarray when it can."""
    _check_device(device)
    dtype = _dtype.dtype_arg(dtype, "as_tensor")
    if isinstance(data, Tensor):
        return data if dtype is None else data.to(dtype)
    if isinstance(data, np.ndarray):
        _check_numpy(data)
        if dtype is None or data.dtype == dtype.numpy:
            return _share_numpy(data)
    return Tensor._from_array(_to_array(data, dtype))


def asarray(
    obj: Any,
    *,
    dtype: DType | None = None,
    device: Any = None,
    copy: bool | None = None,
    requires_grad: bool = False,
) -> Tensor:
    """asarray(obj) -> a tensor sharing memory with ``obj`` when it can (``copy=True``: never)."""
    dtype = _dtype.dtype_arg(dtype, "asarray")
    if isinstance(obj, Tensor):
        result = obj if dtype is None else obj.to(dtype)
        return result.clone() if copy and result is obj else result
    if copy:
        return _leaf(_to_array(obj, dtype), requires_grad)
    return as_tensor(obj, dtype, device).requires_grad_(requires_grad)


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``ndarray`` (changes to one show in the other)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {_type_name(ndarray)})")
    _check_numpy(ndarray)
    return _share_numpy(ndarray)


def scalar_tensor(value: Any, *, dtype: DType | None = None, **kwargs: Any) -> Tensor:
    return full((), value, dtype=dtype or _dtype.get_default_dtype(), **kwargs)


def _size_args(size: Sequence[Any], name: str = "new") -> tuple[int, ...]:
    """A shape from ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` or ``f(Size)``, checked as PyTorch."""
    given = size
    if len(size) == 1 and not isinstance(size[0], (numbers.Integral, Tensor)):
        size = size[0]
        if not isinstance(size, (list, tuple)):
            raise TypeError(
                f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                f"{type(size).__name__}"
            )
    shape = []
    for position, value in enumerate(size):
        try:
            if isinstance(value, builtins.bool) or not isinstance(
                value, (numbers.Integral, Tensor)
            ):
                raise TypeError
            shape.append(operator.index(value))  # (a tensor: one integer element)
        except TypeError:
            raise _refused_size(name, given, size, position, value) from None
    for value in shape:
        if value < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {value}: {shape}")
    return tuple(shape)


def _refused_size(
    name: str, given: Sequence[Any], size: Sequence[Any], position: int, value: Any
) -> TypeError:
    """The parser's TypeError for a size that is not an int: a list of ints is one by its
    first item (a later one fails to unpack), and a tensor given alone is no list."""
    kind = type(value).__name__
    if position == 0 and given is not size:  # ``zeros((2.0, 3))``
        return TypeError(
            f"{name}(): argument 'size' (position 1) must be tuple of ints, but found element "
            f"of type {kind} at pos 0"
        )
    if position == 0 and len(size) == 1 and isinstance(value, Tensor):  # ``ones(tensor(2.))``
        return TypeError(
            f"{name}(): argument 'size' (position 1) must be tuple of ints, not {kind}"
        )
    return TypeError(
        f"{name}(): argument 'size' failed to unpack the object at pos {position + 1} "
        f'with error "type must be tuple of ints,but got {kind}"'
    )


def _shape_arg(sizes: tuple[Any, ...], size: Any, name: str) -> tuple[int, ...]:
    """The shape given to ``zeros(2, 3)``, ``zeros((2, 3))`` or ``zeros(size=(2, 3))``."""
    if size is not None:
        if sizes:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        sizes = (size,)
    if not sizes:
        raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    if len(sizes) > 1 and isinstance(sizes[0], (list, tuple)):
        raise TypeError(f"{name}() takes 1 positional argument but {len(sizes)} were given")
    return _size_args(sizes, name)


# The keyword options the parser lists at the end of a factory's signatures.
_OPTIONS = (
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
)


def bad_flag(requires_grad: Any) -> bool:
    """Whether the parser refuses a factory's ``requires_grad``: it takes a bool or None (the
    default), not a value by its truth (1, a tensor, NumPy's bool)."""
    return requires_grad is not None and type(requires_grad) is not builtins.bool


def _check_flag(name: str, requires_grad: Any) -> None:
    """The parser's refusal of a ``requires_grad`` that is not a bool (``tensor()`` does not
    take None either)."""
    if bad_flag(requires_grad) or (requires_grad is None and name == "tensor"):
        raise TypeError(
            f"{name}(): argument 'requires_grad' must be bool, not {_type_name(requires_grad)}"
        )


def _factory(
    shape: tuple[int, ...], fill: Any, dtype: DType | None, requires_grad: bool, device: Any
) -> Tensor:
    _check_device(device)
    numpy_dtype = (dtype or _dtype.get_default_dtype()).numpy
    if fill is None:
        array = np.empty(shape, numpy_dtype)
    elif type(fill) is int and fill == 0:  # not -0.0, whose sign full() keeps
        array = np.zeros(shape, numpy_dtype)
    else:
        # PyTorch's checks of the value against the dtype (1e39 overflows float32, -1 wraps
        # in uint8), not NumPy's
        fill = _dtype.fit_scalar(
            fill, dtype or _dtype.get_default_dtype(), fill=True, elements=math.prod(shape)
        )
        with np.errstate(over="ignore"):  # a half-precision fill may round to inf, silently
            array = np.full(shape, fill, numpy_dtype)
    return _leaf(array, requires_grad)


def _factory_out(name: str) -> Callable[[Callable[..., Tensor]], Callable[..., Tensor]]:
    """A factory's ``out=``: the values made in ``out``'s dtype (unless ``dtype`` says
    otherwise) and written into it, which is returned."""

    def decorate(function: Callable[..., Tensor]) -> Callable[..., Tensor]:
        @functools.wraps(function)
        def with_out(*args: Any, **kwargs: Any) -> Tensor:
            out = kwargs.pop("out", None)
            if out is None:
                return function(*args, **kwargs)
            if not isinstance(out, Tensor):
                raise TypeError(
                    f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}"
                )
            if kwargs.get("dtype") is None:
                kwargs["dtype"] = out.dtype
            return _write_factory_out(name, function(*args, **kwargs), out)

        return with_out

    return decorate


def _write_factory_out(name: str, result: Tensor, out: Tensor) -> Tensor:
    """Factories resize ``out`` without a word, except arange, which warns when the element
    count changes (and keeps ``out``'s shape when it does not)."""
    from ._out import write_out

    shape = result._data.shape
    if out._data.shape != shape:
        if name != "arange":
            out.resize_(shape)
        elif out._data.size != result._data.size:
            if out._data.size:
                warnings.warn(
                    f"The number of elements in the out tensor of shape {list(out.shape)} is "
                    f"{out._data.size} which does not match the computed number of elements "
                    f"{result._data.size}. Note that this may occur as a result of rounding "
                    "error. The out tensor will be resized to a tensor of shape "
                    f"({result._data.size},). (Triggered internally at "
                    "/__w/pytorch/pytorch/aten/src/ATen/native/RangeFactories.cpp:199.)",
                    UserWarning,
                    stacklevel=4,
                )
            out.resize_(shape)
        else:
            result = result.reshape(out.shape)
    return write_out(name, result, out)


@_factory_out("zeros")
def zeros(
    *sizes: Any,
    size: Any = None,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """zeros(*size, dtype=None, requires_grad=False) -> Tensor filled with 0."""
    shape = _shape_arg(sizes, size, "zeros")
    _check_flag("zeros", requires_grad)
    return _factory(shape, 0, _dtype.dtype_arg(dtype, "zeros"), requires_grad, device)


@_factory_out("ones")
def ones(
    *sizes: Any,
    size: Any = None,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """ones(*size, dtype=None, requires_grad=False) -> Tensor filled with 1."""
    shape = _shape_arg(sizes, size, "ones")
    _check_flag("ones", requires_grad)
    return _factory(shape, 1, _dtype.dtype_arg(dtype, "ones"), requires_grad, device)


@_factory_out("empty")
def empty(
    *sizes: Any,
    size: Any = None,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """empty(*size, dtype=None, requires_grad=False) -> uninitialised Tensor."""
    shape = _shape_arg(sizes, size, "empty")
    _check_flag("empty", requires_grad)
    return _factory(shape, None, _dtype.dtype_arg(dtype, "empty"), requires_grad, device)


def empty_strided(
    size: Sequence[int],
    stride: Sequence[int],
    *,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """empty_strided(size, stride, *, dtype=None, requires_grad=False) -> an uninitialised
    tensor laid out in memory with the given strides (in elements)"""
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError(
            f"dimensionality of sizes ({len(size)}) must match dimensionality of strides "
            f"({len(stride)})"
        )
    numpy_dtype = np.dtype(
        (_dtype.dtype_arg(dtype, "empty_strided") or _dtype.get_default_dtype()).numpy
    )
    _check_device(device)
    # The smallest storage that holds every element the strides reach (zeros: PyTorch's is
    # uninitialised memory, which a program must not read).
    extent = 0 if 0 in size else 1 + builtins.sum((n - 1) * s for n, s in zip(size, stride))
    storage = np.zeros(extent, numpy_dtype)
    data = np.lib.stride_tricks.as_strided(
        storage, size, tuple(s * numpy_dtype.itemsize for s in stride)
    )
    return Tensor._from_array(data, requires_grad)


@_factory_out("full")
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
    if not isinstance(fill_value, (numbers.Number, Tensor, np.generic)):
        raise TypeError(
            "full(): argument 'fill_value' (position 2) must be Number, not "
            f"{type(fill_value).__name__}"
        )
    dtype = _dtype.dtype_arg(dtype, "full")
    if isinstance(fill_value, np.generic):
        fill_value = _python_number(fill_value)
    if dtype is None:
        from ._promotion import scalar_dtype

        value = fill_value.item() if isinstance(fill_value, Tensor) else fill_value
        dtype = scalar_dtype(value)
    if isinstance(size, (numbers.Integral, Tensor)):
        raise TypeError(
            f"full(): argument 'size' (position 1) must be tuple of ints, not {type(size).__name__}"
        )
    shape = _size_args((size,), "full")
    _check_flag("full", requires_grad)
    return _factory(shape, fill_value, dtype, requires_grad, device)


def _python_number(value: np.generic) -> Any:
    """The Python number PyTorch's parser reads a NumPy scalar as: an integer's, a float's or
    a complex128's value; anything else (np.bool_, complex64) through ``float()``."""
    if isinstance(value, (np.integer, np.floating, complex)):
        return value.item()
    return float(value)


def _like(
    name: str, input: Tensor, fill: Any, dtype: DType | None, requires_grad: bool, device: Any
) -> Tensor:
    require_tensor_input(name, input)
    dtype = _dtype.dtype_arg(dtype, name)
    _check_flag(name, requires_grad)
    return _factory(input._data.shape, fill, dtype or input.dtype, requires_grad, device)


def require_tensor_input(name: str, input: Any) -> None:
    """The argument parser's error for a ``*_like`` factory given no tensor to be like."""
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{name}(): argument 'input' (position 1) must be Tensor, not {_type_name(input)}"
        )


def zeros_like(input: Tensor, *, dtype: DType | None = None, layout: Any = None,
               device: Any = None, requires_grad: bool = False,
               memory_format: Any = None) -> Tensor:  # fmt: skip
    """A tensor of zeros with the shape (and by default dtype) of ``input``."""
    return _like("zeros_like", input, 0, dtype, requires_grad, device)


def ones_like(input: Tensor, *, dtype: DType | None = None, layout: Any = None,
              device: Any = None, requires_grad: bool = False,
              memory_format: Any = None) -> Tensor:  # fmt: skip
    """A tensor of ones with the shape (and by default dtype) of ``input``."""
    return _like("ones_like", input, 1, dtype, requires_grad, device)


def empty_like(input: Tensor, *, dtype: DType | None = None, layout: Any = None,
               device: Any = None, requires_grad: bool = False,
               memory_format: Any = None) -> Tensor:  # fmt: skip
    """An uninitialised tensor with the shape (and by default dtype) of ``input``."""
    return _like("empty_like", input, None, dtype, requires_grad, device)


def full_like(input: Tensor, fill_value: Any, *, dtype: DType | None = None,
              layout: Any = None, device: Any = None, requires_grad: bool = False,
              memory_format: Any = None) -> Tensor:  # fmt: skip
    """A tensor filled with ``fill_value`` with the shape (and by default dtype) of ``input``."""
    return _like("full_like", input, fill_value, dtype, requires_grad, device)


@_factory_out("arange")
def arange(
    start: Any = None,
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
    try:
        if end is None:
            low, high = 0, start
        else:  # (arange(end=3) too)
            low, high = 0 if start is None else start, end
        values = [v.item() if isinstance(v, Tensor) else v for v in (low, high, step)]
        if not all(math.isfinite(v) for v in values[:2]):
            low, high = (f"{v:g}" if isinstance(v, float) else str(v) for v in values[:2])
            raise RuntimeError(f"unsupported range: {low} -> {high}")
        if values[2] == 0:
            raise RuntimeError("step must be nonzero")
        if (values[1] - values[0]) * values[2] < 0:
            raise RuntimeError("upper bound and lower bound inconsistent with step sign")
        dtype = _dtype.dtype_arg(dtype, "arange")
    except Exception:
        _refuse_arange(start, end, step, dtype)
        raise
    if bad_flag(requires_grad):
        given = (start,) if end is None else (start, end) if step == 1 else (start, end, step)
        got = ", ".join([_type_name(value) for value in given])
        raise TypeError(
            f"arange() received an invalid combination of arguments - got ({got}, requires_grad="
            f"{_type_name(requires_grad)}), but expected one of:\n"
            f" * (Number end, *, {_OPTIONS}\n * (Number start, Number end, *, "
            f"{_OPTIONS[len('Tensor out = None, ') :]}\n"
            f" * (Number start, Number end, Number step = 1, *, {_OPTIONS}\n"
        )
    if dtype is None:
        integral = all(isinstance(v, numbers.Integral) for v in values)
        dtype = _dtype.int64 if integral else _dtype.get_default_dtype()
    _check_range_dtype("arange", dtype)
    if dtype.category == _dtype.FLOATING:
        count = max(0, int(np.ceil((values[1] - values[0]) / values[2])))
        # Computed in float64 then cast, so float32 ranges don't drift.
        array = (values[0] + np.arange(count, dtype=np.float64) * values[2]).astype(dtype.numpy)
    else:
        array = _integer_range(values, dtype)
    _check_device(device)
    return _leaf(array, requires_grad)


def _refuse_arange(start: Any, end: Any, step: Any, dtype: Any) -> None:
    """PyTorch's TypeError for bounds none of arange's signatures takes (``arange("a")``);
    asked once the call failed. (Bounds given by keyword are shown as positional.)"""
    from ._overloads import refusal

    if end is None:
        given = (start,)
    else:
        given = (start, end) if type(step) is int and step == 1 else (start, end, step)
    refused = refusal("arange", given, {} if dtype is None else {"dtype": dtype})
    if refused is not None:
        raise refused from None


def _check_range_dtype(name: str, dtype: DType) -> None:
    """arange/linspace/logspace have no bool kernel, and arange none for complex."""
    if dtype == _dtype.bool or (name == "arange" and dtype.category == _dtype.COMPLEX):
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{dtype.legacy_name}'")


def _integer_range(values: list[Any], dtype: DType) -> np.ndarray:
    """arange in an integer dtype: the values step from the start and by the step truncated
    to integers (``arange(0.7, 5, 1.5, dtype=int32)`` is ``[0, 1, 2]``); the count comes from
    the given bounds, except in int64, where it comes from the truncated ones too."""
    start, end, step = (int(v) for v in values)
    if dtype == _dtype.int64:
        if step == 0:
            raise ValueError("step must be nonzero")
        sign = 1 if step > 0 else -1
        count = max(0, (end - start + step - sign) // step)
    else:
        count = max(0, int(np.ceil((values[1] - values[0]) / values[2])))
    # Accumulated in int64 and wrapped into the dtype, as a narrow integer type overflows.
    return (start + np.arange(count, dtype=np.int64) * step).astype(dtype.numpy)


def deprecated_range(
    start: Any,
    end: Any = None,
    step: Any = 1,
    *,
    dtype: DType | None = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Deprecated ``range(start, end, step=1)``: ``[start, end]`` with the end included, in
    the default dtype unless one is given."""
    if end is None:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    warnings.warn(
        "torch.range is deprecated and will be removed in a future release because its "
        "behavior is inconsistent with Python's range builtin. Instead, use torch.arange, "
        "which produces values in [start, end).",
        UserWarning,
        stacklevel=2,
    )
    _check_device(device)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    dtype = _dtype.dtype_arg(dtype, "range") or _dtype.get_default_dtype()
    count = math.floor((end - start) / step) + 1
    array = (start + np.arange(count, dtype=np.float64) * step).astype(dtype.numpy)
    return _leaf(array, requires_grad)


deprecated_range.__name__ = deprecated_range.__qualname__ = "range"


@_factory_out("linspace")
def linspace(
    start: Any,
    end: Any,
    steps: Any = None,
    *,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    if isinstance(steps, Tensor) and steps.numel() == 1 and steps.dtype.category == _dtype.INTEGRAL:
        steps = steps.item()  # an int argument takes a one-element integer tensor
    refused_flag = bad_flag(requires_grad)
    if (
        steps is None
        or not isinstance(steps, numbers.Integral)
        or isinstance(steps, builtins.bool)
        or refused_flag
    ):
        given = (start, end) if steps is None else (start, end, steps)
        overloads = "".join(
            f" * ({first} start, {second} end, int steps, *, {_OPTIONS}\n"
            for first, second in [("Tensor", "Tensor"), ("Number", "Tensor"),
                                  ("Tensor", "Number"), ("Number", "Number")]
        )  # fmt: skip
        got = ", ".join(
            [_type_name(value) for value in given]
            + ([f"requires_grad={_type_name(requires_grad)}"] if refused_flag else [])
        )
        raise TypeError(
            "linspace() received an invalid combination of arguments - got "
            f"({got}), but expected one of:\n{overloads}"
        )
    dtype = _dtype.dtype_arg(dtype, "linspace") or _dtype.get_default_dtype()
    _check_range_dtype("linspace", dtype)
    array = _spaced(start, end, steps, dtype).astype(dtype.numpy)
    _check_device(device)
    return _leaf(array, requires_grad)


def _spaced(start: Any, end: Any, steps: int, dtype: DType) -> np.ndarray:
    """linspace's values before the cast to ``dtype`` (in long double)."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    steps = int(steps)
    numpy_dtype = dtype.numpy if dtype.category == _dtype.FLOATING else np.dtype(np.float64)
    # PyTorch's scheme: the first half counts up from start, the second half down from end,
    # with the step rounded to the dtype and each product computed exactly (as an FMA would).
    start_value, end_value = numpy_dtype.type(start), numpy_dtype.type(end)
    step = np.longdouble((end_value - start_value) / numpy_dtype.type(max(steps - 1, 1)))
    start, end = np.longdouble(start_value), np.longdouble(end_value)
    index = np.arange(steps, dtype=np.longdouble)
    values = np.where(index < steps // 2, start + step * index, end - step * (steps - 1 - index))
    if steps == 1:
        values[0] = start  # one step is the start alone
    return values


@_factory_out("logspace")
def logspace(
    start: Any,
    end: Any,
    steps: int,
    base: float = 10.0,
    *,
    out: Any = None,
    dtype: DType | None = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` values from ``base ** start`` to ``base ** end``, evenly spaced in the exponent."""
    dtype = _dtype.dtype_arg(dtype, "logspace") or _dtype.get_default_dtype()
    _check_range_dtype("logspace", dtype)
    # The exponents as linspace's, in the dtype (double for integer dtypes), then the power.
    compute = dtype.numpy if dtype.category == _dtype.FLOATING else np.dtype(np.float64)
    exponents = _spaced(start, end, steps, dtype).astype(compute)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        values = np.power(compute.type(base), exponents)
        array = values.astype(dtype.numpy)
    _check_device(device)
    return _leaf(array, requires_grad)


@_factory_out("eye")
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
    if bad_flag(requires_grad):
        given = (n,) if m is None else (n, m)
        got = ", ".join([_type_name(value) for value in given])
        raise TypeError(
            f"eye() received an invalid combination of arguments - got ({got}, requires_grad="
            f"{_type_name(requires_grad)}), but expected one of:\n * (int n, *, {_OPTIONS}\n"
            f" * (int n, int m, *, {_OPTIONS}\n"
        )
    for name, value in (("n", n), ("m", m)):
        if value is None:
            continue
        if not isinstance(value, numbers.Integral):
            position = 1 if name == "n" else 2
            raise TypeError(
                f"eye(): argument '{name}' (position {position}) must be int, not "
                f"{type(value).__name__}"
            )
        if value < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {value}")
    dtype = _dtype.dtype_arg(dtype, "eye") or _dtype.get_default_dtype()
    _check_device(device)
    return _leaf(np.eye(n, n if m is None else m, dtype=dtype.numpy), requires_grad)


_LEGACY_NAMES = {
    "FloatTensor": _dtype.float32,
    "DoubleTensor": _dtype.float64,
    "HalfTensor": _dtype.float16,
    "BFloat16Tensor": _dtype.bfloat16,
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


_LEGACY_SIGNATURES = (
    " * (*, torch.device device = None)\n"
    " * (torch.Storage storage)\n"
    " * (Tensor other)\n"
    " * (tuple of ints size, *, torch.device device = None)\n"
    " * (object data, *, torch.device device = None)\n"
)


def _type_name(value: Any) -> str:
    """A type as PyTorch's argument parser names it: ``Tensor``, ``list``, ``torch.dtype``."""
    kind = type(value)
    if isinstance(value, Tensor) or kind.__module__ == "builtins":
        return "Tensor" if isinstance(value, Tensor) else kind.__name__
    return f"{kind.__module__}.{kind.__qualname__}"


def legacy_construct(
    dtype: DType, args: tuple[Any, ...], kwargs: dict[str, Any], *, any_dtype: bool = False
) -> np.ndarray | Tensor:
    """What ``Tensor(...)`` / ``FloatTensor(...)`` makes: from sizes, data, or nothing.

    Returns an array, or from a tensor an alias of it (with its history). ``Tensor(t)``
    accepts a tensor of ``any_dtype``; ``FloatTensor(t)`` and the others insist on theirs.
    """
    from ._size import Size

    _check_device(kwargs.pop("device", None))
    if kwargs:
        got = ", ".join(
            [_type_name(arg) for arg in args]
            + [f"{key}={_type_name(value)}" for key, value in kwargs.items()]
        )
        raise TypeError(
            f"new() received an invalid combination of arguments - got ({got}), but expected "
            "one of:\n" + _LEGACY_SIGNATURES
        )
    if not args:
        return np.empty((0,), dtype.numpy)
    first = args[0]
    if isinstance(first, Size) or (
        isinstance(first, numbers.Integral) and not isinstance(first, builtins.bool)
    ):
        # Sizes. PyTorch leaves the memory uninitialised; zeros are a valid choice of garbage.
        return np.zeros(_size_args(args), dtype.numpy)
    if len(args) > 1:
        got = ", ".join(type(arg).__name__ for arg in args)
        raise TypeError(
            f"new() received an invalid combination of arguments - got ({got}), but expected "
            "one of:\n" + _LEGACY_SIGNATURES
        )
    if isinstance(first, Tensor):
        if first._data.dtype != dtype.numpy and not any_dtype:
            from ._tensor_names import tensor_options

            raise TypeError(
                f"expected {tensor_options(dtype.numpy)} (got {tensor_options(first._data.dtype)})"
            )
        from ._ops import alias

        return alias(first)
    if isinstance(first, numbers.Number):
        raise TypeError(f"new(): data must be a sequence (got {type(first).__name__})")
    return _to_array(first, dtype)


class _LegacyTensorType(type):
    """Metaclass so ``isinstance(t, FloatTensor)`` checks the dtype, as in PyTorch."""

    _legacy_dtype: DType

    @property
    def dtype(cls) -> DType:
        return cls._legacy_dtype

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, Tensor) and instance.dtype is cls._legacy_dtype

    def __call__(cls, *args: Any, **kwargs: Any) -> Tensor:  # type: ignore[override]
        made = legacy_construct(cls._legacy_dtype, args, kwargs)
        return made if isinstance(made, Tensor) else Tensor._from_array(made)


class _CudaTensorType(_LegacyTensorType):
    """``torch.cuda.FloatTensor`` and the others in a build without CUDA: no tensor is one,
    and making one is refused."""

    def __instancecheck__(cls, instance: Any) -> bool:
        return False

    def __call__(cls, *args: Any, **kwargs: Any) -> Tensor:  # type: ignore[override]
        raise TypeError(
            f"type rungrad.cuda.{cls.__name__} not available. Torch not compiled with CUDA enabled."
        )


def cuda_legacy_type(name: str) -> type | None:
    """``rungrad.cuda.<name>`` for a legacy type name (``FloatTensor``), else None."""
    dtype = _LEGACY_NAMES.get(name)
    if dtype is None:
        return None
    made = _CUDA_TYPES.get(name)
    if made is None:
        doc = f"{name}: the legacy type of CUDA {dtype.name} tensors (no CUDA here)."
        namespace = {"_legacy_dtype": dtype, "__doc__": doc, "__module__": "rungrad.cuda"}
        made = _CUDA_TYPES[name] = _CudaTensorType(name, (), namespace)
    return made


_CUDA_TYPES: dict[str, type] = {}


def _legacy_type(name: str, dtype: DType) -> type:
    doc = f"{name}(*sizes) or {name}(data): the legacy constructor of {dtype.name} tensors."
    namespace = {"_legacy_dtype": dtype, "__doc__": doc, "__module__": "rungrad"}
    return _LegacyTensorType(name, (), namespace)


def set_default_tensor_type(t: Any) -> None:
    """Deprecated: the default dtype from a legacy type (``rungrad.DoubleTensor``) or its name."""
    warn_once(
        "torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
        "torch.set_default_dtype() and torch.set_default_device() as alternatives. "
        "(Triggered internally at /__w/pytorch/pytorch/torch/csrc/tensor/python_tensor.cpp:434.)",
        UserWarning,
        stacklevel=2,
    )
    if isinstance(t, str):
        t = dtype_from_legacy_name(t)
    elif isinstance(t, _LegacyTensorType):
        t = t._legacy_dtype
    else:
        raise TypeError(
            "invalid type object: only floating-point types are supported as the default type"
        )
    _dtype.set_default_dtype(t)


FloatTensor = _legacy_type("FloatTensor", _dtype.float32)
DoubleTensor = _legacy_type("DoubleTensor", _dtype.float64)
HalfTensor = _legacy_type("HalfTensor", _dtype.float16)
BFloat16Tensor = _legacy_type("BFloat16Tensor", _dtype.bfloat16)
LongTensor = _legacy_type("LongTensor", _dtype.int64)
IntTensor = _legacy_type("IntTensor", _dtype.int32)
ShortTensor = _legacy_type("ShortTensor", _dtype.int16)
CharTensor = _legacy_type("CharTensor", _dtype.int8)
ByteTensor = _legacy_type("ByteTensor", _dtype.uint8)
BoolTensor = _legacy_type("BoolTensor", _dtype.bool)

__all__ += list(_LEGACY_NAMES)
