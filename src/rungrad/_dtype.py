"""Dtype objects, the default floating dtype, and the mapping to NumPy dtypes.

Only data about types lives here; how types combine is in ``_promotion``.
"""

from __future__ import annotations

import builtins
import math
import numbers
from typing import Any

import numpy as np

__all__ = [
    "dtype",
    "bfloat16",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "bool",
    "get_default_dtype",
    "set_default_dtype",
    "finfo",
    "from_numpy_dtype",
    "iinfo",
    "to_numpy_dtype",
]

# Category order used by type promotion: bool < integer < floating < complex.
BOOL, INTEGRAL, FLOATING, COMPLEX = 0, 1, 2, 3


class dtype:
    """A tensor element type, e.g. ``rungrad.float32``.

    Attributes mirror PyTorch's: ``is_floating_point``, ``is_complex``, ``is_signed``,
    ``itemsize``. ``numpy`` is the NumPy dtype that stores it.
    """

    __module__ = "rungrad"  # printed <class 'rungrad.dtype'>, PyTorch's torch.dtype

    __slots__ = ("category", "is_signed", "itemsize", "legacy_name", "name", "numpy")

    def __init__(
        self, name: str, numpy_dtype: str | None, category: int, legacy_name: str, itemsize: int = 0
    ) -> None:
        self.name = name
        if numpy_dtype is not None:  # else NumPy's dtype is loaded on first use (bfloat16)
            self.numpy = np.dtype(numpy_dtype)
        self.category = category
        self.itemsize = itemsize or self.numpy.itemsize
        self.is_signed = numpy_dtype not in ("uint8", "bool")
        # PyTorch's scalar-type name, used in messages ("Float", "Long") and legacy type strings.
        self.legacy_name = legacy_name

    @property
    def is_floating_point(self) -> bool:
        return self.category == FLOATING

    @property
    def is_complex(self) -> bool:
        return self.category == COMPLEX

    def to_real(self) -> dtype:
        return {complex64: float32, complex128: float64}.get(self, self)

    def to_complex(self) -> dtype:
        return {float64: complex128, complex128: complex128}.get(self, complex64)

    def __getattr__(self, name: str) -> Any:
        # Only an unset ``numpy`` slot gets here: bfloat16's, whose NumPy dtype comes from
        # ml_dtypes, loaded when a bfloat16 tensor is first made (NOTE [bfloat16]).
        if name == "numpy" and self.name == "bfloat16":
            self.numpy = _load_bfloat16()
            return self.numpy
        raise AttributeError(f"'rungrad.dtype' object has no attribute '{name}'")

    def __repr__(self) -> str:
        return f"rungrad.{self.name}"

    def __reduce__(self) -> str:
        return self.name


float16 = dtype("float16", "float16", FLOATING, "Half")
bfloat16 = dtype("bfloat16", None, FLOATING, "BFloat16", itemsize=2)
float32 = dtype("float32", "float32", FLOATING, "Float")
float64 = dtype("float64", "float64", FLOATING, "Double")
complex64 = dtype("complex64", "complex64", COMPLEX, "ComplexFloat")
complex128 = dtype("complex128", "complex128", COMPLEX, "ComplexDouble")
int8 = dtype("int8", "int8", INTEGRAL, "Char")
int16 = dtype("int16", "int16", INTEGRAL, "Short")
int32 = dtype("int32", "int32", INTEGRAL, "Int")
int64 = dtype("int64", "int64", INTEGRAL, "Long")
uint8 = dtype("uint8", "uint8", INTEGRAL, "Byte")
bool = dtype("bool", "bool", BOOL, "Bool")

ALL_DTYPES = (
    float16,
    float32,
    float64,
    complex64,
    complex128,
    int8,
    int16,
    int32,
    int64,
    uint8,
    bool,
)
_FROM_NUMPY = {d.numpy: d for d in ALL_DTYPES}


# NOTE [bfloat16]
# NumPy has no bfloat16; ml_dtypes (the package JAX and TensorFlow use for it) registers one
# with NumPy. Importing it takes ~1 s, so it is loaded when the first bfloat16 tensor is made,
# not at ``import rungrad``; printing ``rungrad.bfloat16`` or its finfo needs nothing. Its
# ufuncs compute each element in float32 and round, as PyTorch's CPU kernels do, but its
# reductions and products do not accumulate in float32, and NumPy's other functions do not
# know it: so every op that computes on bfloat16 arrays computes on float32 copies and
# rounds its floating results once (``widen``/``narrow`` in _ops/registry.py), which is
# PyTorch's own rule for the type on CPU. Views and copies keep the bfloat16 arrays.
BFLOAT16_LOADED = [False]  # a list: read on every op call, so one cheap global lookup


def _load_bfloat16() -> np.dtype:
    try:
        import ml_dtypes
    except ImportError:
        raise RuntimeError(
            "bfloat16 tensors need the ml_dtypes package: pip install 'rungrad[bfloat16]'"
        ) from None
    numpy_dtype = np.dtype(ml_dtypes.bfloat16)
    _FROM_NUMPY[numpy_dtype] = bfloat16
    BFLOAT16_LOADED[0] = True
    return numpy_dtype


# Python's own types stand for these dtypes wherever PyTorch takes ``dtype=``.
_PYTHON_TYPES = {float: float64, int: int64, builtins.bool: bool, complex: complex128}

# The one piece of mutable state here: the dtype of floating tensors made from Python data.
_default_float = float32


def get_default_dtype() -> dtype:
    """Return the current default floating point dtype (``rungrad.float32`` initially)."""
    return _default_float


def set_default_dtype(d: dtype) -> None:
    """Set the default floating point dtype (``float32``, ``float64`` or ``float16``)."""
    global _default_float
    if not isinstance(d, dtype):
        raise TypeError(
            "invalid dtype object: only floating-point types are supported as the default type"
        )
    if d.category != FLOATING:
        raise TypeError("only floating-point types are supported as the default type")
    _default_float = d


def dtype_arg(value: object, function: str) -> dtype | None:
    """A factory's ``dtype=`` argument: a dtype, None, or a Python type that names one.

    PyTorch accepts ``float``, ``int``, ``bool`` and ``complex`` for float64, int64, bool
    and complex128; anything else is refused with its argument-parser message.
    """
    if value is None or isinstance(value, dtype):
        return value
    named = _PYTHON_TYPES.get(value) if isinstance(value, type) else None
    if named is None:
        raise TypeError(
            f"{function}(): argument 'dtype' must be torch.dtype, not {type(value).__name__}"
        )
    return named


# The C++ type names PyTorch's overflow message uses (half checks its value as a double).
_C_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
            "int64": "int64_t", "float16": "double", "float32": "float", "float64": "double",
            "bfloat16": "double",
            "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}  # fmt: skip


def fit_scalar(value: Any, target: dtype, *, fill: builtins.bool = False, elements: int = 0) -> Any:
    """A Python number written into a tensor of ``target`` (``x[i] = v``, or ``fill_`` with
    ``fill`` into ``elements`` elements), checked as PyTorch does: integers wrap only within
    -max..max of an unsigned type, floats must be finite and in range for integer types,
    and imaginary parts must be zero off complex. A NumPy scalar counts as the Python number
    it holds."""
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, numbers.Number) or isinstance(value, builtins.bool):
        return value
    if isinstance(value, numbers.Integral):
        _check_int64(int(value), fill)
    if target is bool:
        return builtins.bool(value)
    if target.category == COMPLEX:
        return value
    name = _C_NAMES[target.name]
    overflow = RuntimeError(f"value cannot be converted to type {name} without overflow")
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        if value.imag != 0:
            raise overflow
        value = value.real
    if target.category == FLOATING:
        if target is float32 and math.isfinite(value) and abs(value) > finfo(float32).max:
            raise overflow
        # PyTorch's fill of two or more half-precision elements checks the value too (one
        # element is written as a number: it rounds, to inf if need be).
        half = fill and elements > 1 and target in _HALF_NAMES
        if half and math.isfinite(value) and abs(value) > finfo(target).max:
            raise RuntimeError(
                f"value cannot be converted to type {_HALF_NAMES[target]} without overflow"
            )
        return value
    limits = iinfo(target)
    if isinstance(value, numbers.Integral):
        low = -limits.max if not target.is_signed else limits.min  # unsigned: -1 wraps to max
    else:
        if not math.isfinite(value):
            raise overflow
        value, low = math.trunc(value), limits.min
    if not low <= value <= limits.max:
        raise overflow
    return int(value) % (limits.max + 1) if not target.is_signed else value


_HALF_NAMES = {float16: "c10::Half", bfloat16: "c10::BFloat16"}


def _check_int64(value: int, fill: builtins.bool) -> None:
    """Python ints outside int64: indexing refuses them all; fill_ reads them as uint64."""
    if -(2**63) <= value < 2**63:
        return
    if not fill:
        raise ValueError("Overflow when unpacking long long")
    if value < 0:
        raise OverflowError("can't convert negative int to unsigned")
    if value >= 2**64:
        raise OverflowError("int too big to convert")


def default_complex() -> dtype:
    return complex128 if _default_float is float64 else complex64


def can_cast(from_: dtype, to: dtype) -> bool:
    """can_cast(from_, to) -> whether PyTorch's type promotion allows the cast: never to a
    lower category (bool < integer < floating < complex), always within one."""
    for position, (name, value) in enumerate((("from_", from_), ("to", to)), start=1):
        if not isinstance(value, dtype):
            raise TypeError(
                f"can_cast(): argument '{name}' (position {position}) must be torch.dtype, "
                f"not {type(value).__name__}"
            )
    return from_.category <= to.category


def from_numpy_dtype(numpy_dtype: np.dtype) -> dtype:
    """The rungrad dtype that stores arrays of ``numpy_dtype``."""
    try:
        return _FROM_NUMPY[numpy_dtype]
    except KeyError:
        name = np.dtype(numpy_dtype).type.__name__
        if name in ("uint16", "uint32", "uint64"):  # PyTorch has these; rungrad does not
            raise TypeError(
                f"can't convert np.ndarray of type numpy.{name}: rungrad has no {name} dtype"
            ) from None
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{name}. The only supported types are: "
            "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, "
            "uint64, uint32, uint16, uint8, and bool."
        ) from None


def to_numpy_dtype(d: dtype) -> np.dtype:
    return d.numpy


class finfo:
    """finfo(type=None) -> the numerical properties of a floating dtype (default: the default
    dtype): ``bits``, ``eps``, ``max``, ``min``, ``tiny`` (= ``smallest_normal``),
    ``resolution`` and ``dtype`` (its name)."""

    __module__ = "rungrad"  # printed <class 'rungrad.finfo'>, PyTorch's torch.finfo

    def __init__(self, type: dtype | None = None) -> None:
        type = _default_float if type is None else type
        if type.category not in (FLOATING, COMPLEX):
            raise TypeError(
                "torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                "'torch.finfo'"
            )
        if type is bfloat16:  # float32's exponent, 8 significant bits (no ml_dtypes needed)
            bits, eps, tiny, precision = 16, 2.0**-7, 2.0**-126, 2
            largest = (2 - eps) * 2.0**127
        else:
            info = np.finfo(type.to_real().numpy)
            bits, eps, tiny, precision = info.bits, info.eps, info.smallest_normal, info.precision
            largest = info.max
        self.bits = bits
        self.eps = float(eps)
        self.max = float(largest)
        self.min = -self.max
        self.tiny = self.smallest_normal = float(tiny)
        self.resolution = 10.0**-precision  # a decimal power, as PyTorch gives it
        self.dtype = type.to_real().name

    def __eq__(self, other: object) -> builtins.bool:
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(self.dtype)

    def __repr__(self) -> str:
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
            f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, "
            f"dtype={self.dtype})"
        )


class iinfo:
    """iinfo(type) -> the numerical properties of an integer dtype: ``bits``, ``max``,
    ``min`` and ``dtype`` (its name)."""

    __module__ = "rungrad"  # printed <class 'rungrad.iinfo'>, PyTorch's torch.iinfo

    def __init__(self, type: dtype) -> None:
        if type is bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.category != INTEGRAL:
            raise TypeError(
                "torch.iinfo() requires an integer input type. Use torch.finfo to handle "
                "'torch.iinfo'"
            )
        info = np.iinfo(type.numpy)
        self.bits = info.bits
        self.max = int(info.max)
        self.min = int(info.min)
        self.dtype = type.name

    def __eq__(self, other: object) -> builtins.bool:
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(self.dtype)

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
