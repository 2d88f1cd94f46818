"""The three discrete Fourier transforms every ``rungrad.fft`` function is built from, as
PyTorch's graph shows them: ``_fft_r2c`` (real to complex, ``FftR2CBackward0``),
``_fft_c2c`` (``FftC2CBackward0``) and ``_fft_c2r`` (Hermitian complex to real,
``FftC2RBackward0``). The public functions (argument checks, padding, conjugations) live in
``rungrad.fft``.

``normalization`` is PyTorch's code for the scale a transform applies: 0 none, 1 one over
the square root of the number of points, 2 one over the number of points.

NOTE [FFT gradients]
Each transform is linear, so its gradient (the conjugate Wirtinger one, as for every complex
op) is the adjoint applied to the incoming gradient. The adjoint of an unnormalised DFT over
``dim`` is the unnormalised DFT of the other direction, with the same scale:
* c2c: the c2c of the other direction.
* r2c: the input is real, so the gradient is the real part of the adjoint; a one-sided
  output is the full one with its upper half dropped, so its adjoint pads the gradient with
  zeros back to the input's length first.
* c2r: the output reads each one-sided element k with 0 < k < n - k twice (as itself and as
  the conjugate of element n - k), and the imaginary parts of the others not at all. The
  gradient is the one-sided r2c of the incoming gradient, the elements read twice doubled.
Formulas are transforms, pads and products, so higher derivatives come free.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .padding import _constant_pad
from .registry import primitive
from .sequences import real

__all__ = ["complex_dtype_of", "real_dtype_of"]

# NumPy's ``norm`` for a transform of each direction, by PyTorch's normalization code.
_FORWARD_NORMS = ("backward", "ortho", "forward")
_INVERSE_NORMS = ("forward", "ortho", "backward")


def complex_dtype_of(dtype: np.dtype) -> np.dtype:
    """The complex dtype whose parts have ``dtype``'s precision."""
    return np.result_type(dtype, np.complex64)


def real_dtype_of(dtype: np.dtype) -> np.dtype:
    return np.empty(0, dtype).real.dtype


# PyTorch's CPU transforms (oneMKL) refuse a tensor of no elements whose transformed dims
# are not empty, with oneMKL's message.
_NO_ELEMENTS = "MKL FFT error: Intel oneMKL DFTI ERROR: Inconsistent configuration parameters"


def _check_elements(array: np.ndarray) -> None:
    if array.size == 0:
        raise RuntimeError(_NO_ELEMENTS)


@primitive("FftR2CBackward0")
def _fft_r2c(self, dim, normalization, onesided):
    _check_elements(self)
    result = np.fft.rfftn(self, axes=dim, norm=_FORWARD_NORMS[normalization])
    result = _single(result, self, dim, normalization, complex_dtype_of(self.dtype))
    return result if onesided else _hermitian_completion(result, dim, self.shape[dim[-1]])


# NOTE [Single-precision transforms]
# NumPy transforms float32 and complex64 in double precision, then rounds. Where the exact
# result is zero (the imaginary part of a symmetric signal's transform, a cancelled
# frequency) that leaves double-precision noise, 1e-17 against values of 1, which float32
# can hold and prints (``-2.7071+5.5511e-17j``); PyTorch's single-precision kernels give
# zero there, or noise at float32's resolution. Parts below 2 ** -40 times the largest a
# transform of the input's magnitude could give are noise of that kind, far below what
# float32 resolves, and are made zero.
_NOISE = 2.0**-40


def _single(
    result: np.ndarray,
    input: np.ndarray,
    dim: Any,
    normalization: int,
    dtype: np.dtype,
    sizes: Any = None,
) -> np.ndarray:
    """``result``, computed in double precision, in ``dtype``; in single precision, with
    double-precision noise made zero (NOTE [Single-precision transforms])."""
    if np.dtype(dtype) not in (np.float32, np.complex64):
        return result.astype(dtype, copy=False)
    points = np.prod([input.shape[d] for d in dim] if sizes is None else sizes)
    scale = (1.0, points**-0.5, 1.0 / points)[normalization]
    bound = np.abs(input).sum(axis=tuple(dim), keepdims=True, dtype=np.float64)
    bound = bound * (2.0 if sizes is not None else 1.0) * scale * _NOISE  # c2r: half given
    if result.dtype.kind == "c":
        result.real[np.abs(result.real) < bound] = 0.0
        result.imag[np.abs(result.imag) < bound] = 0.0
    else:
        result[np.abs(result) < bound] = 0.0
    return result.astype(dtype, copy=False)


def _hermitian_completion(half: np.ndarray, dim: Any, size: int) -> np.ndarray:
    """The full transform of a real signal from its one-sided one: the missing elements are
    the conjugates of their mirror images, as PyTorch fills them (so the signs of zero
    imaginary parts are PyTorch's: ``fft(ones(4))[3]`` is ``0.-0.j``)."""
    last = dim[-1]
    missing = size - half.shape[last]
    if missing <= 0:
        return half
    index = [slice(None)] * half.ndim
    index[last] = slice(missing, 0, -1)  # elements n - k for k = n // 2 + 1 ... n - 1
    mirror = half[tuple(index)]
    for axis in dim[:-1]:  # element j of the other transformed dims mirrors element -j
        mirror = np.roll(np.flip(mirror, axis), 1, axis)
    return np.concatenate([half, np.conj(mirror)], axis=last)


@primitive("FftC2CBackward0")
def _fft_c2c(self, dim, normalization, forward):
    if not dim:
        return self.copy()
    _check_elements(self)
    if forward:
        result = np.fft.fftn(self, axes=dim, norm=_FORWARD_NORMS[normalization])
    else:
        result = np.fft.ifftn(self, axes=dim, norm=_INVERSE_NORMS[normalization])
    return _single(result, self, dim, normalization, self.dtype)


@primitive("FftC2RBackward0")
def _fft_c2r(self, dim, normalization, last_dim_size):
    _check_elements(self)
    sizes = [self.shape[d] for d in dim[:-1]] + [last_dim_size]
    result = np.fft.irfftn(self, s=sizes, axes=dim, norm=_INVERSE_NORMS[normalization])
    return _single(result, self, dim, normalization, real_dtype_of(self.dtype), sizes)


def pad_widths(ndim: int, dim: int, extra: int) -> tuple[int, ...]:
    """constant_pad_nd's widths (last dimension first) that add ``extra`` zeros at the end of
    ``dim``."""
    return (0,) * (2 * (ndim - 1 - dim)) + (0, extra)


def _r2c_grad(
    grad: Tensor, self_shape: tuple[int, ...], dim: Any, normalization: int, onesided: bool
) -> Tensor:
    if onesided:
        last = dim[-1]
        missing = self_shape[last] - grad.shape[last]
        if missing > 0:
            grad = _constant_pad(grad, pad_widths(grad.dim(), last, missing), 0)
    return real(_fft_c2c(grad, dim, normalization, False))


def _c2r_grad(grad: Tensor, dim: Any, normalization: int) -> Tensor:
    result = _fft_r2c(grad, dim, normalization, True)
    last = dim[-1]
    length = result.shape[last]
    doubled = grad.shape[last] - length  # one-sided elements the output reads twice
    if doubled <= 0:
        return result
    weights = np.ones(length, real_dtype_of(result._data.dtype))
    weights[1 : 1 + doubled] = 2
    shape = [1] * result.dim()
    shape[last] = length
    return result * Tensor._from_array(weights.reshape(shape))


_fft_r2c.defgrad(self=_r2c_grad)
_fft_c2c.defgrad(
    self=lambda grad, dim, normalization, forward: _fft_c2c(grad, dim, normalization, not forward)
)
_fft_c2r.defgrad(self=_c2r_grad)
