"""``stft``: PyTorch's short-time Fourier transform, built as PyTorch builds it from rungrad
ops (pad, frames as a strided view, window product, one FFT per frame), so its graph and
gradients are PyTorch's. The transforms themselves live in ``_ops/spectral.py``."""

from __future__ import annotations

from typing import Any

from . import _dtype
from ._creation import ones
from ._method_functions import require_tensor
from ._ops._checks import user_stacklevel
from ._ops.backward_ops import unfold_backward
from ._ops.padding import _constant_pad, pad
from ._ops.sequences import real, view_as_real
from ._ops.shape import as_strided
from ._ops.spectral import _fft_c2c, _fft_c2r, _fft_r2c, complex_dtype_of
from ._runtime import warn_once
from ._tensor import Tensor

__all__ = ["istft", "stft"]

_NO_WINDOW = (
    "A window was not provided. A rectangular window will be applied,which is known to cause "
    "spectral leakage. Other windows such as torch.hann_window or torch.hamming_window are "
    "recommended to reduce spectral leakage.To suppress this warning and use a rectangular "
    "window, explicitly set `window=torch.ones(n_fft, device=<device>)`. (Triggered "
    "internally at /__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:835.)"
)
_REAL_RESULT = (
    "stft with return_complex=False is deprecated. In a future pytorch release, stft will "
    "return complex tensors for all inputs, and return_complex=False will raise an error.\n"
    "Note: you can still call torch.view_as_real on the complex output to recover the old "
    "return format. (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:874.)"
)


_NO_WINDOW_ISTFT = (
    "A window was not provided. A rectangular window will be applied.Please provide the same "
    "window used by stft to make the inversion lossless.To suppress this warning and use a "
    "rectangular window, explicitly set `window=torch.ones(n_fft, device=<device>)`. "
    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:1035.)"
)
_SHORT_SIGNAL = (
    "The length of signal is shorter than the length parameter. Result is being padded with "
    "zeros in the tail. Please check your center and hop_length settings. (Triggered "
    "internally at /__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:1199.)"
)


def _optional(value: Any) -> str:
    """An optional bool as PyTorch's message prints it."""
    return "None" if value is None else str(int(bool(value)))


def _describe(tensor: Tensor | None, braces: bool) -> str:
    if tensor is None:
        return "None"
    shape = str(list(tensor.shape))
    return f"{tensor.type()}{{{shape}}}" if braces else f"{tensor.type()}{shape}"


def stft(
    input: Tensor,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Tensor | None = None,
    center: bool = True,
    pad_mode: str = "reflect",
    normalized: bool = False,
    onesided: bool | None = None,
    return_complex: bool | None = None,
    align_to_window: bool | None = None,
) -> Tensor:
    """stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
    pad_mode='reflect', normalized=False, onesided=None, return_complex=None) -> the
    Fourier transforms of ``input``'s frames of ``n_fft`` samples, ``hop_length`` apart
    (default ``n_fft // 4``): shape ``(*, n_fft // 2 + 1, frames)`` for a real input

    Example::

        >>> import rungrad as torch
        >>> x = torch.arange(8.0)
        >>> torch.stft(x, 4, hop_length=2, window=torch.ones(4), return_complex=True).shape
        rungrad.Size([3, 5])
    """
    require_tensor("stft", input)
    complex_input = input.is_complex() or (window is not None and window.is_complex())
    if return_complex is None and not complex_input:
        raise RuntimeError(
            "stft requires the return_complex parameter be given for real inputs, and will "
            "further require that return_complex=True in a future PyTorch release."
        )
    hop_length = n_fft // 4 if hop_length is None else int(hop_length)
    win_length = n_fft if win_length is None else int(win_length)
    if center and input.dim() <= 3:
        shape = tuple(input.shape)
        extended = input.view((1,) * (3 - input.dim()) + shape)
        padded = pad(extended, (n_fft // 2, n_fft // 2), pad_mode)
        input = padded.view((*shape[:-1], padded.shape[-1]))
    if window is None:  # once per process, as PyTorch's
        warn_once(_NO_WINDOW, UserWarning, stacklevel=user_stacklevel())

    def refuse(reason: str) -> RuntimeError:
        return RuntimeError(
            f"stft({_describe(input, False)}, n_fft={n_fft}, hop_length={hop_length}, "
            f"win_length={win_length}, window={_describe(window, True)}, "
            f"normalized={int(bool(normalized))}, onesided={_optional(onesided)}, "
            f"return_complex={_optional(return_complex)}, "
            f"align_to_window={_optional(align_to_window)}) : {reason}"
        )

    if input.dim() not in (1, 2):
        raise refuse("expected a 1D or 2D tensor")
    if input._data.dtype.kind not in "fcV":
        raise refuse("expected a tensor of floating point or complex values")
    length = input.shape[-1]
    if not 0 < n_fft <= length:
        # (PyTorch's message shows win_length as n_fft)
        raise refuse(f"expected 0 < n_fft < {length}, but got n_fft={win_length}")
    if hop_length <= 0:
        raise refuse(f"expected hop_length > 0, but got hop_length={hop_length}")
    if not 0 < win_length <= n_fft:
        raise refuse(f"expected 0 < win_length <= n_fft, but got win_length={win_length}")
    if window is not None and (window.dim() != 1 or window.shape[0] != win_length):
        raise refuse(
            f"expected a 1D window tensor of size equal to win_length={win_length}, but got "
            f"window with size {list(window.shape)}"
        )
    if onesided and complex_input:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    if win_length < n_fft:  # the window centred in n_fft samples
        left = (n_fft - win_length) // 2
        window = ones(win_length, dtype=input.dtype) if window is None else window
        window = _constant_pad(window, (left, n_fft - win_length - left), 0)

    batched = input.dim() == 2
    if not batched:
        input = input.unsqueeze(0)
    input = input.contiguous()
    frames = 1 + (input.shape[1] - n_fft) // hop_length
    strides = input.stride()
    input = as_strided(input, (input.shape[0], frames, n_fft),
                       (strides[0], hop_length * strides[1], strides[1]))  # fmt: skip
    if window is not None:
        input = input * window
    normalization = 1 if normalized else 0
    if complex_input:
        result = _fft_c2c(input.to(_complex_dtype(input)), (2,), normalization, True)
    else:
        result = _fft_r2c(input, (2,), normalization, onesided is None or bool(onesided))
    result.transpose_(1, 2)
    if not batched:
        result.squeeze_(0)
    if return_complex is False:
        warn_once(_REAL_RESULT, UserWarning, stacklevel=user_stacklevel())
        return view_as_real(result)
    return result


def _complex_dtype(input: Tensor) -> Any:
    return _dtype.from_numpy_dtype(complex_dtype_of(input._data.dtype))


def istft(
    input: Tensor,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Tensor | None = None,
    center: bool = True,
    normalized: bool = False,
    onesided: bool | None = None,
    length: int | None = None,
    return_complex: bool = False,
) -> Tensor:
    """istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
    normalized=False, onesided=None, length=None, return_complex=False) -> the signal whose
    ``stft`` is ``input``: the frames' inverse transforms, windowed, overlap-added and divided
    by the overlap-added squared window"""
    require_tensor("istft", input)
    if not input.is_complex():
        raise RuntimeError(
            "istft requires a complex-valued input tensor matching the output from stft with "
            "return_complex=True."
        )
    if window is None:  # once per process, as PyTorch's
        warn_once(_NO_WINDOW_ISTFT, UserWarning, stacklevel=user_stacklevel())
    hop_length = n_fft // 4 if hop_length is None else int(hop_length)
    win_length = n_fft if win_length is None else int(win_length)

    legacy = _dtype.from_numpy_dtype(input._data.dtype).legacy_name
    described = f"CPU{legacy}Type{list(input.shape)}"
    given_onesided = onesided

    def refuse(reason: str) -> RuntimeError:
        return RuntimeError(
            f"istft({described}, n_fft={n_fft}, "
            f"hop_length={hop_length}, win_length={win_length}, "
            f"window={_describe(window, True)}, center={int(bool(center))}, "
            f"normalized={int(bool(normalized))}, onesided={_optional(given_onesided)}, "
            f"length={length}, return_complex={int(bool(return_complex))}){reason}"
        )

    ndim = input.dim() + 1  # PyTorch counts the dims of the input's view_as_real
    if ndim < 3:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [-{ndim}, {ndim - 1}], but got -3)"
        )
    if ndim > 4:
        raise refuse(f" : expected a tensor with 3 or 4 dimensions, but got {ndim}")
    frequencies = input.shape[-2]
    onesided = frequencies != n_fft if onesided is None else bool(onesided)
    if onesided and frequencies != n_fft // 2 + 1:
        raise refuse(
            " : expected the frequency dimension (3rd to the last) of the input tensor to match "
            f"n_fft / 2 + 1 when onesided=True, but got {frequencies}"
        )
    if not onesided and frequencies != n_fft:
        raise refuse(
            " : expected the frequency dimension (3rd to the last) of the input tensor to match "
            f"n_fft when onesided=False, but got {frequencies}"
        )
    if not 0 < hop_length <= win_length:
        raise refuse(" : expected 0 < hop_length <= win_length")
    if not 0 < win_length <= n_fft:
        raise refuse(" : expected 0 < win_length <= n_fft")
    if window is not None and (window.dim() != 1 or window.shape[0] != win_length):
        raise refuse(" : Invalid window shape. window has to be 1D and length of `win_length`")
    if return_complex and onesided:
        raise RuntimeError("Cannot have onesided output if window or input is complex")

    real_dtype = _dtype.from_numpy_dtype(input._data.real.dtype)
    if window is None:
        window = ones(win_length, dtype=real_dtype)
    if win_length < n_fft:  # the window centred in n_fft samples
        left = (n_fft - win_length) // 2
        window = _constant_pad(window, (left, n_fft - win_length - left), 0)
    batched = input.dim() == 3
    if not batched:
        input = input.unsqueeze(0)
    frames = input.transpose(1, 2)  # (batch, frames, frequencies)
    normalization = 1 if normalized else 2
    if onesided:
        frames = _fft_c2r(frames, (2,), normalization, n_fft)
    else:
        frames = _fft_c2c(frames, (2,), normalization, False)
        if not return_complex:
            frames = real(frames)
    frames = frames * window
    count = frames.shape[1]
    expected = n_fft + hop_length * (count - 1)
    signal = unfold_backward(frames, (frames.shape[0], expected), 1, n_fft, hop_length)
    squares = (window * window).expand((1, count, n_fft))
    envelope = unfold_backward(squares, (1, expected), 1, n_fft, hop_length)
    start = n_fft // 2 if center else 0
    if length is not None:
        end = start + int(length)
    else:
        end = expected - n_fft // 2 if center else expected
    signal = signal[:, start:end]
    envelope = envelope[:, start:end]
    if not envelope.numel():
        raise RuntimeError(
            "min(): Expected reduction dim to be specified for input.numel() == 0. Specify "
            "the reduction dim with the 'dim' argument."
        )
    if float(envelope.detach().abs().min()) < 1e-11:
        raise refuse(" window overlap add min: 1\n[ CPUBoolType{} ]")
    signal = signal / envelope
    if length is not None and signal.shape[1] < length:
        warn_once(_SHORT_SIGNAL, UserWarning, stacklevel=user_stacklevel())
        signal = _constant_pad(signal, (0, int(length) - signal.shape[1]), 0)
    return signal if batched else signal.squeeze(0)
