"""Signal windows: ``hann_window``, ``hamming_window``, ``bartlett_window``,
``blackman_window`` and ``kaiser_window``.

Each is computed in the requested dtype, in the order of operations of the textbook formula,
so that rounding matches PyTorch's where it shows (float32's Blackman window starts at
-2.98e-08, not 0). A periodic window of length N is the first N points of the symmetric
window of length N + 1 (the form spectral analysis wants).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _dtype
from ._tensor import Tensor

__all__ = ["bartlett_window", "blackman_window", "hamming_window", "hann_window", "kaiser_window"]


def _positions(name: str, window_length: Any, periodic: bool, dtype: Any) -> Any:
    """The window's dtype, its ``n = 0 .. N-1`` and its denominator ``M - 1``; or the
    finished window where it is trivial (N = 0 or 1)."""
    if type(window_length) is not int:
        raise TypeError(
            f"{name}(): argument 'window_length' (position 1) must be int, not "
            f"{type(window_length).__name__}"
        )
    if window_length < 0:
        raise RuntimeError(
            f"{name} requires non-negative window_length, got window_length={window_length}"
        )
    target = _dtype.dtype_arg(dtype, name) or _dtype.get_default_dtype()
    numpy_dtype = np.dtype(target.numpy)
    if numpy_dtype.kind not in "fV":  # V: bfloat16
        raise RuntimeError(
            f"{name} expects floating point dtypes, got: TensorOptions(dtype="
            f"{_C_NAMES.get(numpy_dtype.name, numpy_dtype.name)}, device=cpu, layout=Strided "
            "(default), requires_grad=false (default), pinned_memory=false, "
            "memory_format=(nullopt))"
        )
    if window_length <= 1:
        return numpy_dtype, np.ones(window_length, numpy_dtype), None
    denominator = window_length if periodic else window_length - 1
    return numpy_dtype, np.arange(window_length, dtype=numpy_dtype), denominator


_C_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
            "complex128": "c10::complex<double>"}  # fmt: skip


def _window(values: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor._from_array(np.ascontiguousarray(values), requires_grad)


def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54,
                   beta: float = 0.46, *, dtype: Any = None, layout: Any = None,
                   device: Any = None, pin_memory: bool = False,
                   requires_grad: bool = False) -> Tensor:  # fmt: skip
    """hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None,
    requires_grad=False) -> ``alpha - beta * cos(2 pi n / (M - 1))``"""
    dt, n, denominator = _positions("hamming_window", window_length, periodic, dtype)
    if denominator is None:
        return _window(n, requires_grad)
    scalar = dt.type
    angle = n * scalar(2 * math.pi / denominator)
    return _window(scalar(alpha) - scalar(beta) * np.cos(angle), requires_grad)


def hann_window(window_length: int, periodic: bool = True, *, dtype: Any = None,
                layout: Any = None, device: Any = None, pin_memory: bool = False,
                requires_grad: bool = False) -> Tensor:  # fmt: skip
    """hann_window(window_length, periodic=True, *, dtype=None, requires_grad=False) ->
    ``0.5 - 0.5 * cos(2 pi n / (M - 1))``, a Hamming window with alpha = beta = 0.5"""
    _positions("hann_window", window_length, periodic, dtype)  # its own messages
    return hamming_window(window_length, periodic, 0.5, 0.5, dtype=dtype,
                          requires_grad=requires_grad)  # fmt: skip


def bartlett_window(window_length: int, periodic: bool = True, *, dtype: Any = None,
                    layout: Any = None, device: Any = None, pin_memory: bool = False,
                    requires_grad: bool = False) -> Tensor:  # fmt: skip
    """bartlett_window(window_length, periodic=True, *, dtype=None, requires_grad=False) ->
    the triangle ``1 - |2n / (M - 1) - 1|``"""
    dt, n, denominator = _positions("bartlett_window", window_length, periodic, dtype)
    if denominator is None:
        return _window(n, requires_grad)
    rising = n * dt.type(2 / denominator)
    return _window(np.where(rising <= 1, rising, dt.type(2) - rising), requires_grad)


def blackman_window(window_length: int, periodic: bool = True, *, dtype: Any = None,
                    layout: Any = None, device: Any = None, pin_memory: bool = False,
                    requires_grad: bool = False) -> Tensor:  # fmt: skip
    """blackman_window(window_length, periodic=True, *, dtype=None, requires_grad=False) ->
    ``0.42 - 0.5 * cos(2 pi n / (M - 1)) + 0.08 * cos(4 pi n / (M - 1))``"""
    dt, n, denominator = _positions("blackman_window", window_length, periodic, dtype)
    if denominator is None:
        return _window(n, requires_grad)
    scalar = dt.type
    angle = n * scalar(math.pi / denominator)
    values = scalar(0.08) * np.cos(scalar(4) * angle) - scalar(0.5) * np.cos(scalar(2) * angle)
    return _window(values + scalar(0.42), requires_grad)


def kaiser_window(window_length: int, periodic: bool = True, beta: float = 12.0, *,
                  dtype: Any = None, layout: Any = None, device: Any = None,
                  pin_memory: bool = False, requires_grad: bool = False) -> Tensor:  # fmt: skip
    """kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None,
    requires_grad=False) -> ``I0(beta * sqrt(1 - ((n - a) / a)^2)) / I0(beta)``, a = (M-1)/2
    (I0, the modified Bessel function of order 0, in double precision)"""
    dt, n, denominator = _positions("kaiser_window", window_length, periodic, dtype)
    if denominator is None:
        return _window(n, requires_grad)
    # Half precision computes in single precision, as PyTorch's half kernels do.
    scalar = np.float32 if dt == np.float16 else dt.type
    half = scalar(denominator / 2)
    ratio = (n.astype(scalar) - half) / half
    argument = scalar(beta) * np.sqrt(np.clip(scalar(1) - ratio * ratio, 0, None))
    # The argument in the window's dtype, as PyTorch's; I0 itself in double precision (in
    # float32, PyTorch's own I0 can differ from it in the last printed digit).
    values = np.i0(argument.astype(np.float64)) / np.i0(beta)
    return _window(values.astype(dt), requires_grad)
