"""``rungrad.testing``: compare tensors, numbers and containers of them, as PyTorch's does.

``assert_close(actual, expected)`` passes when every value of ``actual`` is within
``atol + rtol * |expected|`` of ``expected`` (tolerances chosen by dtype), after checking
that shapes and dtypes agree. Its failure messages are PyTorch's: the number of mismatched
elements, and the greatest absolute and relative differences with their indices.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ._dtype import from_numpy_dtype
from ._size import Size
from ._tensor import Tensor

__all__ = ["assert_close"]

# Default (rtol, atol) per dtype; dtypes not listed (integers, bool) compare exactly.
_TOLERANCES = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-7),
    "complex64": (1.3e-6, 1e-5),
    "complex128": (1e-7, 1e-7),
}
_NUMBER_TYPES = (bool, int, float, complex)


class _Mismatch(Exception):
    """A failed comparison: its message, and where in the inputs it happened."""

    def __init__(self, message: str, path: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def assert_close(
    actual: Any,
    expected: Any,
    *,
    allow_subclasses: bool = True,
    rtol: float | None = None,
    atol: float | None = None,
    equal_nan: bool = False,
    check_device: bool = True,
    check_dtype: bool = True,
    check_layout: bool = True,
    check_stride: bool = False,
    msg: str | Callable[[str], str] | None = None,
) -> None:
    """assert_close(actual, expected, *, rtol=None, atol=None, equal_nan=False,
    check_dtype=True, check_stride=False, msg=None)

    Raise AssertionError unless ``actual`` and ``expected`` are close: tensors (or NumPy
    arrays) of one shape and dtype whose values satisfy ``|actual - expected| <= atol + rtol *
    |expected|``, Python numbers likewise, or sequences and mappings of them compared item by
    item. ``rtol`` and ``atol`` go together; omitted, they follow the dtype (float32: 1.3e-6
    and 1e-5, float64: 1e-7 and 1e-7, integers: exact). ``msg`` replaces the message, or
    maps it when callable.
    """
    if (rtol is None) != (atol is None):
        missing = "atol" if atol is None else "rtol"
        raise ValueError(
            f"Both 'rtol' and 'atol' must be either specified or omitted, but got no {missing}."
        )
    options = (rtol, atol, equal_nan, check_dtype, check_stride)
    try:
        _compare(actual, expected, options, ())
    except _Mismatch as mismatch:
        message = mismatch.message
        if mismatch.path:
            where = "".join(f"[{key!r}]" for key in mismatch.path)
            message += f"\n\nThe failure occurred for item {where}"
        if msg is not None:
            message = msg if isinstance(msg, str) else msg(message)
        raise AssertionError(message) from None


def _compare(actual: Any, expected: Any, options: tuple[Any, ...], path: tuple[Any, ...]) -> None:
    if actual is None and expected is None:
        return
    tensor_like = (Tensor, np.ndarray)
    if isinstance(actual, tensor_like) and isinstance(expected, tensor_like):
        _compare_tensors(_as_array(actual), _as_array(expected), options, path)
    elif isinstance(actual, _NUMBER_TYPES) and isinstance(expected, _NUMBER_TYPES):
        _compare_numbers(actual, expected, options, path)
    elif isinstance(actual, Mapping) and isinstance(expected, Mapping):
        if set(actual) != set(expected):
            missing = sorted(set(expected) - set(actual), key=repr)
            extra = sorted(set(actual) - set(expected), key=repr)
            raise _Mismatch(
                "The keys of the mappings do not match:\n"
                f"Missing keys in the actual mapping: {missing}\n"
                f"Additional keys in the actual mapping: {extra}",
                path,
            )
        for key in expected:
            _compare(actual[key], expected[key], options, (*path, key))
    elif _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Mismatch(
                f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", path
            )
        for index, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, options, (*path, index))
    else:
        raise TypeError(
            "No comparison pair was able to handle inputs of type "
            f"{type(actual)} and {type(expected)}."
        )


def _is_sequence(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _as_array(value: Any) -> np.ndarray:
    return value._data if isinstance(value, Tensor) else np.asarray(value)


def _tolerances(options: tuple[Any, ...], *dtypes: np.dtype) -> tuple[float, float]:
    """The given tolerances, or the loosest defaults of the dtypes compared."""
    rtol, atol = options[0], options[1]
    if rtol is not None:
        return rtol, atol
    defaults = [_TOLERANCES.get(_dtype_name(dtype), (0.0, 0.0)) for dtype in dtypes]
    return max(d[0] for d in defaults), max(d[1] for d in defaults)


def _dtype_name(dtype: np.dtype) -> str:
    return str(from_numpy_dtype(dtype)).rpartition(".")[2]


def _compare_numbers(actual: Any, expected: Any, options: tuple[Any, ...], path: tuple) -> None:
    equal_nan, check_dtype = options[2], options[3]
    if isinstance(actual, bool) and isinstance(expected, bool):
        if actual != expected:
            raise _Mismatch(f"Booleans mismatch: {actual} is not {expected}", path)
        return
    if check_dtype and type(actual) is not type(expected):
        raise _Mismatch(f"The (d)types do not match: {type(actual)} != {type(expected)}.", path)
    inexact = isinstance(actual, (float, complex)) or isinstance(expected, (float, complex))
    rtol, atol = _tolerances(options, np.dtype("float64") if inexact else np.dtype("int64"))
    if np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return
    raise _Mismatch(_scalar_message(actual, expected, rtol, atol), path)


def _scalar_message(actual: Any, expected: Any, rtol: float, atol: float) -> str:
    exact = rtol == 0 and atol == 0
    difference = abs(actual - expected)
    relative = difference / abs(expected) if expected != 0 else float("inf")
    return (
        f"Scalars are not {'equal' if exact else 'close'}!\n\n"
        f"Expected {expected} but got {actual}.\n"
        f"Absolute difference: {difference}{_allowed(atol, exact)}\n"
        f"Relative difference: {relative}{_allowed(rtol, exact)}"
    )


def _allowed(tolerance: float, exact: bool) -> str:
    return "" if exact else f" (up to {tolerance} allowed)"


def _compare_tensors(
    actual: np.ndarray, expected: np.ndarray, options: tuple[Any, ...], path: tuple
) -> None:
    equal_nan, check_dtype, check_stride = options[2], options[3], options[4]
    if actual.shape != expected.shape:
        raise _Mismatch(
            "The values for attribute 'shape' do not match: "
            f"{Size(actual.shape)} != {Size(expected.shape)}.",
            path,
        )
    if check_dtype and actual.dtype != expected.dtype:
        raise _Mismatch(
            "The values for attribute 'dtype' do not match: "
            f"{from_numpy_dtype(actual.dtype)} != {from_numpy_dtype(expected.dtype)}.",
            path,
        )
    if check_stride:
        strides = [tuple(s // a.itemsize for s in a.strides) for a in (actual, expected)]
        if strides[0] != strides[1] and actual.size > 1:
            raise _Mismatch(
                f"The values for attribute 'stride()' do not match: {strides[0]} != {strides[1]}.",
                path,
            )
    rtol, atol = _tolerances(options, actual.dtype, expected.dtype)
    common = np.result_type(actual, expected)
    a, e = actual.astype(common, copy=False), expected.astype(common, copy=False)
    if common.kind in "fcV":
        with np.errstate(all="ignore"):
            close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan)
    else:
        close = a == e
    if close.all():
        return
    if actual.ndim == 0:
        raise _Mismatch(_scalar_message(a.item(), e.item(), rtol, atol), path)
    with np.errstate(all="ignore"):  # x / 0 and inf - inf are part of the report
        message = _tensor_message(a, e, close, rtol, atol)
    raise _Mismatch(message, path)


def _tensor_message(
    actual: np.ndarray, expected: np.ndarray, close: np.ndarray, rtol: float, atol: float
) -> str:
    exact = rtol == 0 and atol == 0
    mismatched = int(np.count_nonzero(~close))
    total = close.size
    # Differences where the values mismatch (0 elsewhere): integers exactly, and relative
    # ones in the floating dtype compared (float32 for integers and bools).
    if actual.dtype.kind in "fcV":
        absolute = np.abs(actual - expected)
        relative = absolute / np.abs(expected)
    else:
        absolute = np.abs(actual.astype(np.int64) - expected.astype(np.int64))
        relative = absolute.astype(np.float32) / np.abs(expected.astype(np.float32))
    absolute = np.where(close, 0, absolute)
    relative = np.where(close, 0, relative)
    return (
        f"Tensor-likes are not {'equal' if exact else 'close'}!\n\n"
        f"Mismatched elements: {mismatched} / {total} ({mismatched / total:.1%})\n"
        f"Greatest absolute difference: {_greatest(absolute)}{_allowed(atol, exact)}\n"
        f"Greatest relative difference: {_greatest(relative)}{_allowed(rtol, exact)}"
    )


def _greatest(differences: np.ndarray) -> str:
    """The largest difference and its index; a NaN, if any, counts as the largest."""
    flat = differences.reshape(-1)
    nans = np.flatnonzero(np.isnan(flat)) if flat.dtype.kind in "fcV" else ()
    position = int(nans[0]) if len(nans) else int(np.argmax(flat))
    index = tuple(int(i) for i in np.unravel_index(position, differences.shape))
    return f"{flat[position].item()} at index {index}"
