"""Resampling: ``interpolate`` (nearest, nearest-exact, linear, bilinear, bicubic,
trilinear; area through adaptive average pooling), ``unfold`` (im2col) and ``fold`` (col2im).

Every op here is linear in its input. Interpolation is separable: along each spatial
dimension an output element is a weighted sum of a few input elements, its taps (nearest:
one, linear: two, bicubic: four), so the backward scatters each tap's ``w * g`` back to its
index (the adjoint) and the adjoint's own gradient is the forward again. ``unfold`` and
``fold`` are each other's adjoint.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import refuse_integral
from .registry import op_formula, primitive

__all__ = ["channel_shuffle", "fold", "interpolate", "pixel_shuffle", "pixel_unshuffle", "unfold"]


# -- interpolation -----------------------------------------------------------------------------
def _nearest_plan(
    in_size: int, out_size: int, scale: float | None, exact: bool = False
) -> tuple[np.ndarray, ...]:
    """The source of each output position: ``floor(dst * ratio)``, or with ``exact``
    (mode 'nearest-exact') ``floor((dst + 0.5) * ratio)``, the pixel whose centre is nearest."""
    dst = np.arange(out_size)
    if out_size == in_size:
        idx = dst
    elif out_size == 2 * in_size:
        idx = dst >> 1
    else:
        # PyTorch computes the ratio and the source position in single precision.
        if scale is not None and scale > 0:
            ratio = np.float32(1.0 / scale)
        else:
            ratio = np.float32(in_size) / np.float32(out_size)
        position = dst.astype(np.float32) + np.float32(0.5) if exact else dst.astype(np.float32)
        idx = np.floor(position * ratio).astype(np.int64)
        idx = np.minimum(idx, in_size - 1)
    return [idx], None


def _copied(size: int, dtype: np.dtype) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The plan of a dim whose size does not change: each element its own, weight 1."""
    return [np.arange(size)], [np.ones(size, dtype)]


def _source_ratio(
    in_size: int, out_size: int, scale: float | None, align_corners: bool, real: Any
) -> Any:
    """Input positions per output position, as PyTorch's interpolating kernels compute it."""
    if align_corners:
        return real(in_size - 1) / real(out_size - 1) if out_size > 1 else real(0)
    if scale is not None and scale > 0:
        return real(1.0 / scale)
    return real(in_size) / real(out_size)


def _linear_plan(
    in_size: int, out_size: int, scale: float | None, align_corners: bool, dtype: np.dtype
) -> tuple[np.ndarray, ...]:
    real = np.dtype(dtype).type
    if in_size == out_size:  # PyTorch copies such a dim, whatever the scale factor given
        return _copied(out_size, dtype)
    ratio = _source_ratio(in_size, out_size, scale, align_corners, real)
    dst = np.arange(out_size)
    if align_corners:
        src = ratio * dst.astype(dtype)
    else:
        half = dst.astype(dtype) + real(0.5)
        if np.dtype(dtype) == np.float32:
            # PyTorch's kernel rounds ``ratio * half - 0.5`` once (a fused multiply-add): the
            # float32 product is exact in float64.
            src = (np.float64(ratio) * half.astype(np.float64) - 0.5).astype(dtype)
        else:
            src = ratio * half - real(0.5)
        src = np.maximum(src, real(0))
    idx0 = np.floor(src).astype(np.int64)
    lam = np.clip(src - idx0.astype(dtype), 0, 1).astype(dtype)
    idx1 = idx0 + (idx0 < in_size - 1)
    return [idx0, idx1], [(real(1) - lam).astype(dtype), lam]


def _cubic_plan(
    in_size: int, out_size: int, scale: float | None, align_corners: bool, dtype: np.dtype
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Bicubic convolution (Keys, A = -0.75) along one dim: four taps around the source
    position, clamped to the edges. The source position is linear's, not clamped at 0."""
    real = np.dtype(dtype).type
    if in_size == out_size:  # PyTorch copies such a dim
        return _copied(out_size, dtype)
    ratio = _source_ratio(in_size, out_size, scale, align_corners, real)
    if align_corners:
        src = ratio * np.arange(out_size).astype(dtype)
    else:
        src = ratio * (np.arange(out_size).astype(dtype) + real(0.5)) - real(0.5)
    base = np.floor(src)
    t = (src - base).astype(dtype)
    a = real(-0.75)

    def near(x: np.ndarray) -> np.ndarray:  # |x| <= 1
        return ((a + real(2)) * x - (a + real(3))) * x * x + real(1)

    def far(x: np.ndarray) -> np.ndarray:  # 1 < |x| < 2
        return ((a * x - real(5) * a) * x + real(8) * a) * x - real(4) * a

    weights = [far(t + real(1)), near(t), near(real(1) - t), far(real(2) - t)]
    start = base.astype(np.int64) - 1
    indices = [np.clip(start + k, 0, in_size - 1) for k in range(4)]
    return indices, [w.astype(dtype) for w in weights]


def _plans(in_sizes, output_size, scales, align_corners, kind, dtype):
    plans = []
    for i, (n_in, n_out) in enumerate(zip(in_sizes, output_size)):
        scale = None if scales is None else scales[i]
        if kind == "linear":
            plans.append(_linear_plan(n_in, n_out, scale, align_corners, dtype))
        elif kind == "cubic":
            plans.append(_cubic_plan(n_in, n_out, scale, align_corners, dtype))
        else:
            plans.append(_nearest_plan(n_in, n_out, scale, exact=kind == "nearest-exact"))
    return plans


def _shape_along(weights: np.ndarray, axis: int, ndim: int) -> np.ndarray:
    shape = [1] * ndim
    shape[axis] = -1
    return weights.reshape(shape)


def _resample(x: np.ndarray, plans: list[Any]) -> np.ndarray:
    """Each spatial dim in turn, the last first (as PyTorch's kernels nest their sums): an
    output element is the sum over the plan's taps of weight * input at the tap's index."""
    dims = len(plans)
    for k in reversed(range(dims)):
        axis = x.ndim - dims + k
        indices, weights = plans[k]
        if len(indices) == 1:  # nearest, or a copied dim: one tap of weight 1
            x = np.take(x, indices[0], axis=axis)
        elif len(indices) == 2 and x.dtype == np.float32:
            # As PyTorch's linear kernel: one rounding for ``w0 * a + w1 * b`` (a fused
            # multiply-add on ``w1 * b``; the float32 product is exact in float64).
            a = np.take(x, indices[0], axis=axis)
            b = np.take(x, indices[1], axis=axis) * _shape_along(weights[1], axis, x.ndim)
            weight = _shape_along(weights[0].astype(np.float64), axis, x.ndim)
            x = (weight * a + b).astype(np.float32)
        else:
            total = np.take(x, indices[0], axis=axis) * _shape_along(weights[0], axis, x.ndim)
            for index, weight in zip(indices[1:], weights[1:]):
                total += np.take(x, index, axis=axis) * _shape_along(weight, axis, x.ndim)
            x = total
    return x


def _scatter(g: np.ndarray, plans: list[Any], in_sizes: Any) -> np.ndarray:
    """The adjoint of ``_resample``: each tap's weighted gradient added back at its index."""
    dims = len(plans)
    for k in range(dims):
        axis = g.ndim - dims + k
        indices, weights = plans[k]
        moved = np.moveaxis(g, axis, 0)
        out = np.zeros((in_sizes[k], *moved.shape[1:]), dtype=g.dtype)
        extra = (1,) * (moved.ndim - 1)
        for tap, index in enumerate(indices):
            if weights is None:
                np.add.at(out, index, moved)
            else:
                np.add.at(out, index, moved * weights[tap].reshape((-1, *extra)))
        g = np.moveaxis(out, 0, axis)
    return g


def _make_upsample(name: str, dims: int, kind: str) -> Any:
    """The forward and backward primitives of one upsampling kernel: ``kind`` is "nearest",
    "nearest-exact", "linear" (linear, bilinear or trilinear by ``dims``) or "cubic"."""

    @primitive(f"{name}Backward0")
    def forward(self, output_size, scales, align_corners):
        plans = _plans(self.shape[-dims:], output_size, scales, align_corners, kind, self.dtype)
        return np.ascontiguousarray(_resample(self, plans))

    @primitive(f"{name}BackwardBackward0")
    def backward(grad_output, input_size, output_size, scales, align_corners):
        in_sizes = input_size[-dims:]
        plans = _plans(in_sizes, output_size, scales, align_corners, kind, grad_output.dtype)
        return np.ascontiguousarray(_scatter(grad_output, plans, in_sizes))

    forward.defgrad(
        self=lambda grad, self_shape, output_size, scales, align_corners: backward(
            grad, tuple(self_shape), output_size, scales, align_corners
        )
    )
    backward.defgrad(
        grad_output=lambda grad, output_size, scales, align_corners: forward(
            grad, output_size, scales, align_corners
        )
    )
    # PyTorch's nodes keep one scale per spatial dim (scales_d, scales_h, scales_w; a 1-D
    # kernel's is ``scales``), and the nearest kernels have no align_corners.
    names = {1: ("scales",), 2: ("scales_h", "scales_w"), 3: ("scales_d", "scales_h", "scales_w")}
    per_dim = {
        torch_name: ("scales", _scale_of(axis)) for axis, torch_name in enumerate(names[dims])
    }
    unlisted = ("align_corners",) if kind.startswith("nearest") else ()
    forward.saved_as(unlisted=(*unlisted, *(() if dims == 1 else ("scales",))), **per_dim)
    return forward


def _scale_of(axis: int) -> Any:
    """The scale of one spatial dim, read from the kernel's scales (None: none given)."""
    return lambda scales: None if scales is None else scales[axis]


_upsample_nearest1d = _make_upsample("UpsampleNearest1D", 1, "nearest")
_upsample_nearest2d = _make_upsample("UpsampleNearest2D", 2, "nearest")
_upsample_nearest3d = _make_upsample("UpsampleNearest3D", 3, "nearest")
_upsample_nearest_exact1d = _make_upsample("UpsampleNearestExact1D", 1, "nearest-exact")
_upsample_nearest_exact2d = _make_upsample("UpsampleNearestExact2D", 2, "nearest-exact")
_upsample_nearest_exact3d = _make_upsample("UpsampleNearestExact3D", 3, "nearest-exact")
_upsample_linear1d = _make_upsample("UpsampleLinear1D", 1, "linear")
_upsample_bilinear2d = _make_upsample("UpsampleBilinear2D", 2, "linear")
_upsample_trilinear3d = _make_upsample("UpsampleTrilinear3D", 3, "linear")
_upsample_bicubic2d = _make_upsample("UpsampleBicubic2D", 2, "cubic")

# (mode, input ndim) -> the kernel (each named as PyTorch's node).
_KERNELS = {
    ("nearest", 3): _upsample_nearest1d,
    ("nearest", 4): _upsample_nearest2d,
    ("nearest", 5): _upsample_nearest3d,
    ("nearest-exact", 3): _upsample_nearest_exact1d,
    ("nearest-exact", 4): _upsample_nearest_exact2d,
    ("nearest-exact", 5): _upsample_nearest_exact3d,
    ("linear", 3): _upsample_linear1d,
    ("bilinear", 4): _upsample_bilinear2d,
    ("trilinear", 5): _upsample_trilinear3d,
    ("bicubic", 4): _upsample_bicubic2d,
}
_TORCH_MODES = (
    "nearest",
    "linear",
    "bilinear",
    "bicubic",
    "trilinear",
    "lanczos",
    "area",
    "nearest-exact",
)
_NEEDS = {"linear": 3, "bilinear": 4, "trilinear": 5}


def interpolate(
    input: Tensor,
    size: Any = None,
    scale_factor: Any = None,
    mode: str = "nearest",
    align_corners: bool | None = None,
    recompute_scale_factor: bool | None = None,
    antialias: bool = False,
) -> Tensor:
    """interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
    recompute_scale_factor=None, antialias=False): modes nearest and nearest-exact (3-D to
    5-D), linear (3-D), bilinear and bicubic (4-D), trilinear (5-D) and area (3-D, 4-D)."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating modes: "
                "linear | bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    ndim = input._data.ndim
    dim = ndim - 2
    spatial = list(input._data.shape[2:])
    scale_factors: list[float] | None = None
    output_size: list[int] | None = None
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {spatial} and output size of {size}. "
                    "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output "
                    "size in (o1, o2, ...,oK) format."
                )
            output_size = [int(s) for s in size]
        else:
            output_size = [int(size)] * dim
    elif scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but "
                    f"got input with spatial dimensions of {spatial} and scale_factor of shape "
                    f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                    "format and scale_factor in (s1, s2, ...,sK) format."
                )
            scale_factors = [float(s) for s in scale_factor]
        else:
            scale_factors = [float(scale_factor)] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if scale_factors is not None:
        output_size = [math.floor(float(spatial[i] * scale_factors[i])) for i in range(dim)]
        if recompute_scale_factor:
            scale_factors = None
    if antialias and not (mode in ("bilinear", "bicubic") and ndim == 4):
        raise ValueError(
            "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
            "requires a 4-D tensor as input"
        )
    if mode not in _TORCH_MODES or ndim not in (3, 4, 5) or (mode == "bicubic" and ndim != 4):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {ndim}D) for the "
            "modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})"
        )
    needed = _NEEDS.get(mode)
    if needed is not None and needed != ndim:
        raise NotImplementedError(f"Got {ndim}D input, but {mode} mode needs {needed}D input")
    assert output_size is not None
    if mode == "area" and ndim in (3, 4):  # PyTorch's area mode is adaptive average pooling
        from .pooling import adaptive_avg_pool1d, adaptive_avg_pool2d

        if ndim == 3:
            return adaptive_avg_pool1d(input, output_size[0])
        return adaptive_avg_pool2d(input, tuple(output_size))
    _refuse_integral_input(input, mode, ndim)
    kernel = _KERNELS.get((mode, ndim))
    if kernel is None or antialias:
        raise NotImplementedError(
            "rungrad: interpolate supports nearest, nearest-exact, linear, bilinear, bicubic, "
            f"trilinear and area (3-D, 4-D) without antialias, got mode={mode!r} for a {ndim}-D "
            "input"
        )
    if any(s <= 0 for s in spatial + output_size):
        labels = ("D", "H", "W")[-dim:]
        inputs = ", ".join(f"{a}: {s}" for a, s in zip(labels, spatial))
        outputs = ", ".join(f"{a}: {s}" for a, s in zip(labels, output_size))
        joint = " and output" if dim == 1 else " output"
        raise RuntimeError(
            f"Input and output sizes should be greater than 0, but got input ({inputs})"
            f"{joint} ({outputs})"
        )
    scales = None if scale_factors is None else tuple(scale_factors)
    return kernel(
        input, tuple(output_size), scales, bool(align_corners) if mode != "nearest" else False
    )


def _refuse_integral_input(input: Tensor, mode: str, ndim: int) -> None:
    """PyTorch's interpolation kernels take floating tensors, and uint8 for nearest,
    bilinear and bicubic; others raise the refusing kernel's NotImplementedError."""
    kind = input._data.dtype.kind
    if kind not in "biu":
        return
    if mode in ("linear", "trilinear"):
        kernel = "compute_indices_weights_linear"
    elif kind == "u":
        return
    elif mode == "bilinear":
        kernel = "upsample_bilinear2d_channels_last"
    elif mode == "bicubic":
        kernel = "compute_indices_weights_cubic"
    elif ndim == 4:
        kernel = "upsample_nearest2d_channels_last"
    else:
        kernel = "compute_indices_weights_nearest"
    refuse_integral(kernel, input)


# -- pixel shuffle ------------------------------------------------------------------------------
@primitive("PixelShuffleBackward0")
def _pixel_shuffle(self, upscale_factor):
    r = upscale_factor
    *lead, channels, h, w = self.shape
    n = len(lead)
    # (..., C, r, r, H, W) -> (..., C, H, r, W, r): each group of r * r channels tiles an
    # r x r block of the output.
    blocks = self.reshape(*lead, channels // (r * r), r, r, h, w)
    tiled = blocks.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return np.ascontiguousarray(tiled).reshape(*lead, channels // (r * r), h * r, w * r)


@primitive("PixelUnshuffleBackward0")
def _pixel_unshuffle(self, downscale_factor):
    r = downscale_factor
    *lead, channels, h, w = self.shape
    n = len(lead)
    blocks = self.reshape(*lead, channels, h // r, r, w // r, r)
    stacked = blocks.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return np.ascontiguousarray(stacked).reshape(*lead, channels * r * r, h // r, w // r)


# Each is the other's adjoint (a permutation of elements): the gradient is the other op.
_pixel_shuffle.defgrad(self=op_formula(_pixel_unshuffle, "grad", "upscale_factor"))
_pixel_unshuffle.defgrad(self=op_formula(_pixel_shuffle, "grad", "downscale_factor"))


# -- channel shuffle ----------------------------------------------------------------------------
@primitive("ChannelShuffleBackward0")
def _channel_shuffle(self, groups):
    batch, channels, *rest = self.shape
    # (N, g, C / g, *) -> (N, C / g, g, *): channel k of group j goes to k * g + j.
    grouped = self.reshape(batch, groups, channels // groups, *rest)
    return np.ascontiguousarray(grouped.swapaxes(1, 2)).reshape(self.shape)


# The inverse permutation is the shuffle with C / g groups.
_channel_shuffle.defgrad(
    self=lambda grad, self_shape, groups: _channel_shuffle(grad, self_shape[1] // groups)
)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """channel_shuffle(input, groups): split the C channels of (N, C, *) into ``groups``
    groups and interleave them."""
    if input._data.ndim <= 2:
        raise RuntimeError(
            "channel_shuffle expects input with > 2 dims, but got input with sizes "
            f"{list(input._data.shape)}"
        )
    if groups <= 0:
        raise RuntimeError(
            f"Number of groups to divide channels in must be positive. Value of groups:{groups}"
        )
    channels = input._data.shape[1]
    if channels % groups:
        raise RuntimeError(
            f"Number of channels must be divisible by groups. Got {channels} channels and "
            f"{groups} groups."
        )
    return _channel_shuffle(input, int(groups))


def _check_factor(name: str, input: Tensor, factor: int, which: str) -> None:
    if input._data.ndim < 3:
        raise RuntimeError(
            f"{name} expects input to have at least 3 dimensions, but got input with "
            f"{input._data.ndim} dimension(s)"
        )
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {which}, but got {factor}")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """pixel_shuffle(input, upscale_factor): (*, C * r^2, H, W) -> (*, C, H * r, W * r)"""
    _check_factor("pixel_shuffle", input, upscale_factor, "upscale_factor")
    channels = input._data.shape[-3]
    if channels % (upscale_factor * upscale_factor):
        raise RuntimeError(
            "pixel_shuffle expects its input's 'channel' dimension to be divisible by the "
            f"square of upscale_factor, but input.size(-3)={channels} is not divisible by "
            f"{upscale_factor * upscale_factor}"
        )
    return _pixel_shuffle(input, int(upscale_factor))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """pixel_unshuffle(input, downscale_factor): (*, C, H * r, W * r) -> (*, C * r^2, H, W)"""
    _check_factor("pixel_unshuffle", input, downscale_factor, "downscale_factor")
    for axis, label in ((-2, "height"), (-1, "width")):
        size = input._data.shape[axis]
        if size % downscale_factor:
            raise RuntimeError(
                f"pixel_unshuffle expects {label} to be divisible by downscale_factor, but "
                f"input.size({axis})={size} is not divisible by {downscale_factor}"
            )
    if input._data.size == 0:  # PyTorch returns an empty input's shape unchanged
        return _pixel_unshuffle(input, 1)
    return _pixel_unshuffle(input, int(downscale_factor))


# -- unfold / fold -----------------------------------------------------------------------------
def _pair(value: Any, name: str) -> tuple[int, int]:
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _blocks(size: int, k: int, d: int, p: int, s: int) -> int:
    return (size + 2 * p - (d * (k - 1) + 1)) // s + 1


@primitive("Im2ColBackward0")
def _im2col(self, kernel_size, dilation, padding, stride):
    x = self if self.ndim == 4 else self[None]
    n, c, h, w = x.shape
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = kernel_size, dilation, padding, stride
    oh, ow = _blocks(h, kh, dh, ph, sh), _blocks(w, kw, dw, pw, sw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[
                :,
                :,
                i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                j * dw : j * dw + sw * (ow - 1) + 1 : sw,
            ]
    out = cols.reshape(n, c * kh * kw, oh * ow)
    return out if self.ndim == 4 else out[0]


@primitive("Col2ImBackward0")
def _col2im(self, output_size, kernel_size, dilation, padding, stride):
    x = self if self.ndim == 3 else self[None]
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw) = (
        output_size,
        kernel_size,
        dilation,
        padding,
        stride,
    )
    n = x.shape[0]
    c = x.shape[1] // (kh * kw)
    oh, ow = _blocks(h, kh, dh, ph, sh), _blocks(w, kw, dw, pw, sw)
    cols = x.reshape(n, c, kh, kw, oh, ow)
    out = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            out[
                :,
                :,
                i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                j * dw : j * dw + sw * (ow - 1) + 1 : sw,
            ] += cols[:, :, i, j]
    out = np.ascontiguousarray(out[:, :, ph : ph + h, pw : pw + w])
    return out if self.ndim == 3 else out[0]


_im2col.defgrad(
    self=lambda grad, self_shape, kernel_size, dilation, padding, stride: _col2im(
        grad, tuple(self_shape[-2:]), kernel_size, dilation, padding, stride
    )
)
_col2im.defgrad(
    self=lambda grad, kernel_size, dilation, padding, stride: _im2col(
        grad, kernel_size, dilation, padding, stride
    )
)
# PyTorch's Im2ColBackward0 keeps the input's last two sizes, not all of them.
_im2col.saved_as(
    self_sym_argsize_minus_1=("self_shape", lambda shape: shape[-1]),
    self_sym_argsize_minus_2=("self_shape", lambda shape: shape[-2]),
    unlisted=("self_shape",),
)


def _check_params(kernel_size, dilation, padding, stride):
    kernel_size = _pair(kernel_size, "kernel_size")
    dilation = _pair(dilation, "dilation")
    padding = _pair(padding, "padding")
    stride = _pair(stride, "stride")
    if min(kernel_size) <= 0:
        raise RuntimeError(
            "kernel size should be greater than zero, but got kernel_height: "
            f"{kernel_size[0]} kernel_width: {kernel_size[1]}"
        )
    if min(dilation) <= 0:
        raise RuntimeError(
            "dilation should be greater than zero, but got dilation_height: "
            f"{dilation[0]} dilation_width: {dilation[1]}"
        )
    if min(padding) < 0:
        raise RuntimeError(
            "padding should be non-negative, but got pad_height: "
            f"{padding[0]} pad_width: {padding[1]}"
        )
    if min(stride) <= 0:
        raise RuntimeError(
            "stride should be greater than zero, but got stride_height: "
            f"{stride[0]} stride_width: {stride[1]}"
        )
    return kernel_size, dilation, padding, stride


def unfold(
    input: Tensor,
    kernel_size: Any,
    dilation: Any = 1,
    padding: Any = 0,
    stride: Any = 1,
) -> Tensor:
    """unfold(input, kernel_size, dilation=1, padding=0, stride=1): the sliding local blocks
    of a (N, C, H, W) or (C, H, W) input as columns of (N, C * kh * kw, L)."""
    k, d, p, s = _check_params(kernel_size, dilation, padding, stride)
    shape = tuple(input._data.shape)
    if len(shape) not in (3, 4) or 0 in shape[-3:]:
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other "
            f"non-zero dimensions for input, but got: {list(shape)}"
        )
    h, w = shape[-2:]
    oh, ow = _blocks(h, k[0], d[0], p[0], s[0]), _blocks(w, k[1], d[1], p[1], s[1])
    if oh < 1 or ow < 1:
        raise RuntimeError(
            f"Given input with spatial size ({h}, {w}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), calculated shape of the "
            f"array of sliding blocks as ({oh}, {ow}), but its components must be at least one."
        )
    return _im2col(input, k, d, p, s)


def fold(
    input: Tensor,
    output_size: Any,
    kernel_size: Any,
    dilation: Any = 1,
    padding: Any = 0,
    stride: Any = 1,
) -> Tensor:
    """fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): sums the
    columns of (N, C * kh * kw, L) back into (N, C, H, W), the adjoint of ``unfold``."""
    size = _pair(output_size, "output_size")
    k, d, p, s = _check_params(kernel_size, dilation, padding, stride)
    shape = tuple(input._data.shape)
    if len(shape) not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError(
            "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
            f"non-zero dimensions for input, but got: {list(shape)}"
        )
    if size[0] <= 0 or size[1] <= 0:
        raise RuntimeError(
            "output size should be greater than zero, but got output_height: "
            f"{size[0]} output_width: {size[1]}"
        )
    if shape[-2] % (k[0] * k[1]):
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product of "
            f"kernel_size, but got input.size(1)={shape[-2]} and kernel_size=({k[0]}, {k[1]})."
        )
    oh, ow = _blocks(size[0], k[0], d[0], p[0], s[0]), _blocks(size[1], k[1], d[1], p[1], s[1])
    if oh * ow != shape[-1]:
        raise RuntimeError(
            f"Given output_size=({size[0]}, {size[1]}), kernel_size=({k[0]}, {k[1]}), "
            f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), "
            "expected size of input's dimension 2 to match the calculated number of sliding "
            f"blocks {oh} * {ow} = {oh * ow}, but got input.size(2)={shape[-1]}."
        )
    return _col2im(input, size, k, d, p, s)
