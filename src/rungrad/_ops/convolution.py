"""Convolutions: conv1d/2d/3d, conv_transpose1d/2d (stride, padding, dilation, groups).

1-D inputs are 2-D ones of height 1 inside; the kernels handle any number of spatial
dimensions otherwise (3-D ones take the general path; the stride-1 fast path is 2-D). The
forward is im2col: a strided
window *view* of the padded input, copied once into a matrix, and one GEMM per group. The
input gradient scatters the columns back with one vectorised add per kernel position (no
``np.add.at``). Two primitives close the algebra under differentiation:

* ``convolution`` (``ConvolutionBackward0``): the forward, also used transposed. Its input
  gradient is the transposed convolution of the output gradient and vice versa;
* ``convolution_weight_grad``: the weight gradient, bilinear in the input and the output
  gradient, whose own gradients are again convolutions — so every order of derivative works.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor
from .._tensor_names import c_type_name
from ._checks import int_pair, single_int
from .registry import BINARY, declare_holomorphic, primitive

__all__ = [
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "convolution",
]

Pair = tuple[int, ...]  # one value per spatial dimension (two for 1-D and 2-D convolutions)


def _window_view(x: np.ndarray, kernel: Pair, stride: Pair, dilation: Pair, out: Pair) -> Any:
    """(N, C, *spatial) padded input -> (N, C, *out, *kernel) view of every receptive field."""
    spatial = x.strides[2:]
    return np.lib.stride_tricks.as_strided(
        x,
        shape=(*x.shape[:2], *out, *kernel),
        strides=(
            *x.strides[:2],
            *(step * s for step, s in zip(spatial, stride)),
            *(step * d for step, d in zip(spatial, dilation)),
        ),
        writeable=False,
    )


def _pad(x: np.ndarray, padding: Pair) -> np.ndarray:
    if not any(padding):
        return x
    return np.pad(x, ((0, 0), (0, 0), *((side, side) for side in padding)))


def _window(position: Sequence[int], stride: Pair, dilation: Pair, out: Pair) -> tuple[slice, ...]:
    """The spatial slices of the padded input that kernel ``position`` sees, output by output."""
    return tuple(
        slice(k * d, k * d + s * (o - 1) + 1, s)
        for k, s, d, o in zip(position, stride, dilation, out)
    )


def _output_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _columns(x: np.ndarray, kernel: Pair, stride: Pair, dilation: Pair, out: Pair) -> np.ndarray:
    """im2col of a padded (N, C, *spatial) input: a (C*KH*KW..., N*OH*OW...) matrix.

    Built with one strided block copy per kernel position: much faster than reshaping a
    6-D window view, whose copy walks memory with six strides.
    """
    n, c = x.shape[:2]
    columns = np.empty((c, *kernel, n, *out), dtype=x.dtype)
    source = x.swapaxes(0, 1)  # (C, N, *spatial): a view
    for position in np.ndindex(*kernel):
        columns[(slice(None), *position)] = source[
            (slice(None), slice(None), *_window(position, stride, dilation, out))
        ]
    return columns.reshape(c * math.prod(kernel), n * math.prod(out))


def _unit_stride(stride: Pair, out: Pair, padded: Pair, kernel: Pair, dilation: Pair) -> bool:
    """Whether a convolution slides one step at a time and its windows end exactly at the
    padded input's edges: then whole padded rows can stand for output rows."""
    return stride == (1, 1) and all(
        o + d * (k - 1) == size for o, d, k, size in zip(out, dilation, kernel, padded)
    )


def _wide_columns(
    x: np.ndarray, padding: Pair, kernel: Pair, dilation: Pair, out: Pair
) -> tuple[np.ndarray, int]:
    """im2col of a stride-1 convolution by whole padded rows: a (C*KH*KW, N*OH*WP) matrix.

    Kernel position (i, j) sees, in each flattened padded plane, the run of OH * WP values
    starting at (i * WP + j) (dilated): one contiguous copy per position instead of one per
    output row. Its columns past OW in each row hold values wrapped from the next row: the
    forward crops them from its product.
    """
    n, c, h, width = x.shape
    (kh, kw), (oh, _) = kernel, out
    hp, wp = h + 2 * padding[0], width + 2 * padding[1]
    run = oh * wp
    # The padded input as (C, N, plane), with room after each plane for the last run.
    planes = np.zeros((c, n, hp * wp + dilation[1] * (kw - 1)), dtype=x.dtype)
    inner = planes[:, :, : hp * wp].reshape(c, n, hp, wp)
    inner[:, :, padding[0] : padding[0] + h, padding[1] : padding[1] + width] = x.transpose(
        1, 0, 2, 3
    )
    columns = np.empty((c, kh, kw, n, run), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            start = i * dilation[0] * wp + j * dilation[1]
            columns[:, i, j] = planes[:, :, start : start + run]
    return columns.reshape(c * kh * kw, n * run), wp


def _correlate(
    x: np.ndarray, w: np.ndarray, stride: Pair, padding: Pair, dilation: Pair, groups: int
) -> np.ndarray:
    """Cross-correlation of (N, C, *spatial) with (O, C/groups, *kernel) -> (N, O, *out)."""
    n, _, *size = x.shape
    o, cg, *kernel = w.shape
    out = tuple(_output_size(*sizes) for sizes in zip(size, kernel, stride, padding, dilation))
    og = o // groups
    result = np.empty((o, n, *out), dtype=np.result_type(x, w))
    padded_size = tuple(side + 2 * pad for side, pad in zip(size, padding))
    if len(size) == 2 and _unit_stride(stride, out, padded_size, tuple(kernel), dilation):
        kh, kw = kernel
        for g in range(groups):
            columns, wp = _wide_columns(
                x[:, g * cg : (g + 1) * cg], padding, (kh, kw), dilation, out
            )
            kernels = w[g * og : (g + 1) * og].reshape(og, cg * kh * kw)
            wide = (kernels @ columns).reshape(og, n, out[0], wp)
            result[g * og : (g + 1) * og] = wide[..., : out[1]]
        return result.transpose(1, 0, 2, 3)
    padded = _pad(x, padding)
    for g in range(groups):
        columns = _columns(padded[:, g * cg : (g + 1) * cg], tuple(kernel), stride, dilation, out)
        kernels = w[g * og : (g + 1) * og].reshape(og, -1)
        result[g * og : (g + 1) * og] = (kernels @ columns).reshape(og, n, *out)
    return result.swapaxes(0, 1)


def _correlate_input_grad(
    grad: np.ndarray,
    w: np.ndarray,
    input_shape: Sequence[int],
    stride: Pair,
    padding: Pair,
    dilation: Pair,
    groups: int,
) -> np.ndarray:
    """The adjoint of ``_correlate`` in its input: (N, O, *out) -> (N, C, *spatial)."""
    n, c, *size = input_shape
    o, cg, *kernel = w.shape
    og = o // groups
    out = grad.shape[2:]
    padded_size = tuple(side + 2 * pad for side, pad in zip(size, padding))
    # The sums are made in (C, N, *spatial) order, the layout of the columns' blocks.
    if (
        len(size) == 2
        and _unit_stride(stride, out, padded_size, tuple(kernel), dilation)
        and np.isfinite(w).all()
    ):
        padded = _col2im_unit_stride(grad, w, padded_size, dilation, groups)
    else:
        padded = np.zeros((c, n, *padded_size), dtype=grad.dtype)
        for g in range(groups):
            kernels = w[g * og : (g + 1) * og].reshape(og, -1)
            rows = grad[:, g * og : (g + 1) * og].swapaxes(0, 1).reshape(og, -1)
            # col2im, the mirror of _columns: a (C, *kernel, N, *out) matrix whose block per
            # kernel position is added to the input positions it saw.
            columns = (kernels.T @ rows).reshape(cg, *kernel, n, *out)
            target = padded[g * cg : (g + 1) * cg]
            for position in np.ndindex(*kernel):
                window = _window(position, stride, dilation, out)
                target[(slice(None), slice(None), *window)] += columns[(slice(None), *position)]
    inside = tuple(slice(pad, pad + side) for pad, side in zip(padding, size))
    return padded[(slice(None), slice(None), *inside)].swapaxes(0, 1)


def _col2im_unit_stride(
    grad: np.ndarray, w: np.ndarray, padded_size: Pair, dilation: Pair, groups: int
) -> np.ndarray:
    """col2im of a stride-1 convolution into a (C, N, HP, WP) array, by whole planes.

    The output gradient is widened to the padded input's width with zero columns. Then the
    block of every kernel position (i, j) lands on one contiguous run of each flattened
    input plane, starting at (i * WP + j) (dilated): the adds run over long rows instead
    of OW-element ones, ~5x faster. A nonzero value never wraps into the next row (it is
    in one of the first OW columns); the zeros that do wrap add nothing (the kernel must
    be finite: 0 * inf would not be nothing).
    """
    n, o, oh, ow = grad.shape
    _, cg, kh, kw = w.shape
    og = o // groups
    hp, wp = padded_size
    wide = np.zeros((o, n, oh, wp), dtype=grad.dtype)
    wide[..., :ow] = grad.transpose(1, 0, 2, 3)
    rows = wide.reshape(o, n * oh * wp)
    run = oh * wp
    # Room past the last plane for the final run's trailing zeros.
    summed = np.zeros((groups * cg, n, hp * wp + dilation[1] * (kw - 1)), dtype=grad.dtype)
    for g in range(groups):
        kernels = w[g * og : (g + 1) * og].reshape(og, cg * kh * kw)
        columns = (kernels.T @ rows[g * og : (g + 1) * og]).reshape(cg, kh, kw, n, run)
        target = summed[g * cg : (g + 1) * cg]
        for i in range(kh):
            for j in range(kw):
                start = i * dilation[0] * wp + j * dilation[1]
                target[:, :, start : start + run] += columns[:, i, j]
    return summed[:, :, : hp * wp].reshape(groups * cg, n, hp, wp)


def _correlate_weight_grad(
    x: np.ndarray,
    grad: np.ndarray,
    weight_shape: Sequence[int],
    stride: Pair,
    padding: Pair,
    dilation: Pair,
    groups: int,
) -> np.ndarray:
    """The adjoint of ``_correlate`` in its weight: -> (O, C/groups, *kernel)."""
    o, cg, *kernel = weight_shape
    out = grad.shape[2:]
    og = o // groups
    result = np.empty(tuple(weight_shape), dtype=np.result_type(x, grad))
    padded = _pad(x, padding)
    for g in range(groups):
        columns = _columns(padded[:, g * cg : (g + 1) * cg], tuple(kernel), stride, dilation, out)
        rows = grad[:, g * og : (g + 1) * og].swapaxes(0, 1).reshape(og, -1)
        result[g * og : (g + 1) * og] = (rows @ columns.T).reshape(og, cg, *kernel)
    return result


def _transposed_output_shape(
    input_shape: Sequence[int],
    weight_shape: Sequence[int],
    stride: Pair,
    padding: Pair,
    dilation: Pair,
    output_padding: Pair,
    groups: int,
) -> tuple[int, ...]:
    n, _, *spatial = input_shape
    size = [
        (s - 1) * st - 2 * p + d * (k - 1) + op + 1
        for s, st, p, d, k, op in zip(
            spatial, stride, padding, dilation, weight_shape[2:], output_padding
        )
    ]
    return (n, weight_shape[1] * groups, *size)


def _lifted(values: Sequence[int], fill: int) -> Pair:
    """A 1-D convolution's argument as the 2-D one of height 1 that computes it. The node
    keeps the 1-D values (PyTorch's ``_saved_stride`` of conv1d is ``(1,)``): the kernels
    lift them when they run."""
    return (fill, *values) if len(values) == 1 else tuple(values)


@primitive("ConvolutionBackward0", promotion=BINARY, promote=("input", "weight", "bias"))
def _convolution(
    input, weight, bias, stride, padding, dilation, transposed, output_padding, groups,
    bias_sizes=None,
):  # fmt: skip
    # ``bias_sizes``: only for the node to keep (PyTorch's keeps the bias's sizes, not the
    # bias, which no gradient reads).
    one_d = input.ndim == 3
    if one_d:  # a 1-D convolution is a 2-D one of height 1
        input, weight = input[:, :, None], weight[:, :, None]
        stride, dilation = _lifted(stride, 1), _lifted(dilation, 1)
        padding, output_padding = _lifted(padding, 0), _lifted(output_padding, 0)
    if transposed:
        shape = _transposed_output_shape(
            input.shape, weight.shape, stride, padding, dilation, output_padding, groups
        )
        # A transposed convolution is the input gradient of the forward one.
        result = _correlate_input_grad(input, weight, shape, stride, padding, dilation, groups)
    else:
        result = _correlate(input, weight, stride, padding, dilation, groups)
    if bias is not None:
        result = result + bias.reshape(1, -1, *(1,) * (result.ndim - 2))
    return np.ascontiguousarray(result[:, :, 0] if one_d else result)


def _input_grad(grad, weight, input_shape, stride, padding, dilation, transposed, groups):
    # The input gradient is itself a convolution; PyTorch's graph shows it as the backward
    # node's own (ConvolutionBackwardBackward0), not as a forward convolution.
    stride, padding, dilation = _lifted(stride, 1), _lifted(padding, 0), _lifted(dilation, 1)
    if transposed:
        result = convolution_input_grad(
            grad, weight, None, stride, padding, dilation, False, (0, 0), groups
        )
        return _crop_to(result, input_shape)
    output_padding = _fitting_output_padding(
        grad.shape, weight.shape, input_shape, stride, padding, dilation
    )
    return convolution_input_grad(
        grad, weight, None, stride, padding, dilation, True, output_padding, groups
    )


def _fitting_output_padding(
    grad_shape: Sequence[int],
    weight_shape: Sequence[int],
    input_shape: Sequence[int],
    stride: Pair,
    padding: Pair,
    dilation: Pair,
) -> Pair:
    """The output_padding that makes a transposed convolution return ``input_shape``."""
    return tuple(  # type: ignore[return-value]
        size - ((g - 1) * st - 2 * p + d * (k - 1) + 1)
        for size, g, st, p, d, k in zip(
            _spatial(input_shape),
            _spatial(grad_shape),
            stride,
            padding,
            dilation,
            _spatial(weight_shape),
        )
    )


def _crop_to(result: Tensor, shape: Sequence[int]) -> Tensor:
    """``result`` cut to the spatial size of ``shape``. Correlating a transposed
    convolution's output whose output_padding reaches a stride or more (allowed below the
    dilation) gives positions past the input's: they saw only the output padding."""
    spatial = _spatial(shape)
    if _spatial(result.shape) == spatial:
        return result
    if len(shape) == 3:
        return result[..., : spatial[1]]
    return result[(..., *(slice(0, side) for side in spatial))]


def _spatial(shape: Sequence[int]) -> Pair:
    """The spatial sizes of a shape; a 3-D (1-D convolution) shape has height 1."""
    return (1, shape[2]) if len(shape) == 3 else tuple(shape[2:])


def _weight_grad(grad, input, weight_shape, stride, padding, dilation, transposed, groups):
    stride, padding, dilation = _lifted(stride, 1), _lifted(padding, 0), _lifted(dilation, 1)
    if transposed:
        return convolution_weight_grad(grad, input, weight_shape, stride, padding, dilation, groups)
    return convolution_weight_grad(input, grad, weight_shape, stride, padding, dilation, groups)


convolution_input_grad = primitive(
    "ConvolutionBackwardBackward0", promotion=BINARY, promote=("input", "weight", "bias")
)(_convolution.forward)


def _bias_grad(grad: Tensor) -> Tensor:
    return grad.sum((0, *range(2, grad.ndim)))


convolution_input_grad.defgrad(
    input=lambda grad, weight, input_shape, stride, padding, dilation, transposed, groups: (
        _input_grad(grad, weight, input_shape, stride, padding, dilation, transposed, groups)
    ),
    weight=lambda grad, input, weight_shape, stride, padding, dilation, transposed, groups: (
        _weight_grad(grad, input, weight_shape, stride, padding, dilation, transposed, groups)
    ),
    bias=_bias_grad,
)


# PyTorch's ConvolutionBackward0 computes its three gradients in one call, so it keeps the
# input and the weight whichever of them need a gradient, with the bias's sizes and the
# output padding: each formula names them all (the ones it does not read too).
def _node_input_grad(
    grad, input, weight, bias_sizes, input_shape, stride, padding, dilation, transposed,
    output_padding, groups,
):  # fmt: skip
    return _input_grad(grad, weight, input_shape, stride, padding, dilation, transposed, groups)


def _node_weight_grad(
    grad, input, weight, bias_sizes, weight_shape, stride, padding, dilation, transposed,
    output_padding, groups,
):  # fmt: skip
    return _weight_grad(grad, input, weight_shape, stride, padding, dilation, transposed, groups)


_convolution.defgrad(
    input=_node_input_grad,
    weight=_node_weight_grad,
    bias=lambda grad, input, weight, bias_sizes, output_padding: _bias_grad(grad),
)


@primitive("ConvolutionBackwardBackward0", promotion=BINARY, promote=("input", "grad_output"))
def convolution_weight_grad(input, grad_output, weight_shape, stride, padding, dilation, groups):
    """The gradient of a convolution's weight, from its input and its output gradient."""
    if input.ndim == 3:
        o, c, k = weight_shape
        result = _correlate_weight_grad(
            input[:, :, None],
            grad_output[:, :, None],
            (o, c, 1, k),
            stride,
            padding,
            dilation,
            groups,
        )
        return result[:, :, 0]
    return _correlate_weight_grad(
        input, grad_output, weight_shape, stride, padding, dilation, groups
    )


def _grad_output_grad(grad, input, grad_output_shape, stride, padding, dilation, groups):
    """The weight gradient's gradient in grad_output (cut as in ``_crop_to``)."""
    result = _convolution(input, grad, None, stride, padding, dilation, False, (0, 0), groups)
    return _crop_to(result, grad_output_shape)


convolution_weight_grad.defgrad(
    # <U, dW(x, g)> = <conv(x, U), g>: the gradients are convolutions with U as the kernel.
    input=lambda grad, grad_output, input_shape, stride, padding, dilation, groups: _input_grad(
        grad_output, grad, input_shape, stride, padding, dilation, False, groups
    ),
    grad_output=_grad_output_grad,
)


def _same_padding(weight: Tensor, dilation: Pair, stride: Pair) -> tuple[Pair, Pair]:
    """'same' padding: total padding d*(k-1), the odd extra on the right/bottom."""
    if any(step != 1 for step in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    totals = [d * (k - 1) for d, k in zip(dilation, _spatial(weight._data.shape))]
    return tuple(total // 2 for total in totals), tuple(total % 2 for total in totals)


def _int_triple(value: Any, name: str) -> Pair:
    """A 3-D convolution's argument: an int or a sequence of one or three ints."""
    if isinstance(value, int):
        return (value,) * 3
    values = tuple(int(v) for v in value)
    if len(values) == 1:
        return values * 3
    if len(values) != 3:
        raise RuntimeError(
            f"expected {name} to be a single integer value or a list of 3 values to match the "
            f"convolution dimensions, but got {name}={list(values)}"
        )
    return values


def convolution(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: Any,
    padding: Any,
    dilation: Any,
    transposed: bool,
    output_padding: Any,
    groups: int,
) -> Tensor:
    """The general N-d convolution (N = 1, 2 or 3) behind conv1d/2d/3d and the transposes."""
    _check_dtypes(input, weight, bias, transposed)
    if bias is not None and bias.dtype != input.dtype:  # a transposed one casts its bias
        bias = bias.to(input.dtype)
    one_d = weight._data.ndim == 3
    spatial_dims = 2 if one_d else weight._data.ndim - 2
    to_tuple = _int_triple if spatial_dims == 3 else int_pair
    if one_d:  # parameters as (height, width) pairs with a height of 1
        stride, dilation = (1, single_int(stride)), (1, single_int(dilation))
        output_padding = (0, single_int(output_padding))
        if not isinstance(padding, str):
            padding = (0, single_int(padding))
    unbatched = input._data.ndim == (2 if one_d else spatial_dims + 1)
    if unbatched:
        input = input.unsqueeze(0)
    stride, dilation = to_tuple(stride, "stride"), to_tuple(dilation, "dilation")
    output_padding = to_tuple(output_padding, "output_padding")
    extra: Pair = (0,) * spatial_dims
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0,) * spatial_dims
        elif padding == "same":
            padding, extra = _same_padding(weight, dilation, stride)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    padding = to_tuple(padding, "padding")
    if transposed:
        _check_output_padding(output_padding, stride, dilation)
    if any(extra):
        from .._runtime import warn_once
        from .padding import pad

        warn_once(
            "Using padding='same' with even kernel lengths and odd dilation may require a "
            "zero-padded copy of the input be created (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1101.)",
            stacklevel=3,
        )

        widths = [(0, side) for side in reversed(extra[1:] if one_d else extra)]
        input = pad(input, [width for pair in widths for width in pair])
    _check_shapes(input, weight, bias, padding, dilation, transposed, groups, one_d)
    if one_d:  # the node keeps PyTorch's 1-D values (the forward lifts them again)
        stride, padding, dilation = stride[1:], padding[1:], dilation[1:]
        output_padding = output_padding[1:]
    bias_sizes = (0,) if bias is None else tuple(bias._data.shape)
    result = _convolution(
        input, weight, bias, stride, padding, dilation, transposed, output_padding, groups,
        bias_sizes,
    )  # fmt: skip
    return result.squeeze(0) if unbatched else result


def _check_dtypes(input: Tensor, weight: Tensor, bias: Tensor | None, transposed: bool) -> None:
    """PyTorch's refusal of a weight (or, but for a transposed convolution, a bias) of another
    dtype than the input's, before any shape is checked: a float64 batch through a float32
    layer is an error, not a promotion."""
    dtype = input.dtype
    if bias is not None and not transposed and bias.dtype != dtype:
        raise RuntimeError(
            f"Input type ({c_type_name(input._data.dtype)}) and bias type "
            f"({c_type_name(bias._data.dtype)}) should be the same"
        )
    if weight.dtype != dtype:
        raise RuntimeError(
            f"expected scalar type {dtype.legacy_name} but found {weight.dtype.legacy_name}"
        )


def _check_output_padding(output_padding: Pair, stride: Pair, dilation: Pair) -> None:
    """Each output padding must be below its stride or its dilation (else the output would
    have positions no input reaches)."""
    if all(p < s or p < d for p, s, d in zip(output_padding, stride, dilation)):
        return
    names = ("depth", "height", "width")[-len(stride) :]
    labelled = (("output_padding", output_padding), ("stride", stride), ("dilation", dilation))
    parts = [
        f"{label}_{name}: {value}"
        for label, values in labelled
        for name, value in zip(names, values)
    ]
    raise RuntimeError(
        "output padding must be smaller than either stride or dilation, but got " + " ".join(parts)
    )


def _check_shapes(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    padding: Pair,
    dilation: Pair,
    transposed: bool,
    groups: int,
    one_d: bool,
) -> None:
    channels = input._data.shape[1]
    weight_shape = list(weight._data.shape)
    if transposed:
        if channels != weight._data.shape[0]:
            raise RuntimeError(
                f"Given transposed=1, weight of size {weight_shape}, expected input"
                f"{_shape_text(input, one_d)} to have {weight._data.shape[0]} channels, but got "
                f"{channels} channels instead"
            )
        return
    if channels != weight._data.shape[1] * groups:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {weight_shape}, expected input"
            f"{_shape_text(input, one_d)} to have {weight._data.shape[1] * groups} channels, but "
            f"got {channels} channels instead"
        )
    padded = [s + 2 * p for s, p in zip(_spatial(input._data.shape), padding)]
    kernel = [d * (k - 1) + 1 for d, k in zip(dilation, _spatial(weight._data.shape))]
    if any(k > s for k, s in zip(kernel, padded)):
        if one_d:
            padded, kernel = padded[1:], kernel[1:]
        sizes = "(" + " x ".join(map(str, padded)) + ")"
        kernels = "(" + " x ".join(map(str, kernel)) + ")"
        raise RuntimeError(
            f"Calculated padded input size per channel: {sizes}. Kernel size: {kernels}. Kernel "
            "size can't be greater than actual input size"
        )
    if bias is not None and bias._data.shape != (weight._data.shape[0],):
        raise RuntimeError(
            f"Given weight of size {weight_shape}, expected bias to be 1-dimensional with "
            f"{weight._data.shape[0]} elements, but got bias of size {list(bias._data.shape)} "
            "instead"
        )


def _shape_text(input: Tensor, one_d: bool) -> str:
    return str(list(input._data.shape))


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)

    ``padding`` may be an int, a pair, ``'valid'`` or ``'same'``.
    """
    if input._data.ndim not in (3, 4):
        raise RuntimeError(
            "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
            f"{list(input._data.shape)}"
        )
    return convolution(input, weight, bias, stride, padding, dilation, False, 0, groups)


def conv3d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)

    ``input`` is (N, C, D, H, W) or unbatched (C, D, H, W); ``weight`` is
    (out_channels, C/groups, kD, kH, kW); ``padding`` may be an int, a triple, ``'valid'`` or
    ``'same'``.
    """
    if input._data.ndim not in (4, 5):
        raise RuntimeError(
            "Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: "
            f"{list(input._data.shape)}"
        )
    return convolution(input, weight, bias, stride, padding, dilation, False, 0, groups)


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)"""
    if input._data.ndim not in (2, 3):
        raise RuntimeError(
            "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
            f"{list(input._data.shape)}"
        )
    return convolution(input, weight, bias, stride, padding, dilation, False, 0, groups)


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
    groups=1, dilation=1); ``weight`` is (in_channels, out_channels/groups, kH, kW)."""
    return convolution(input, weight, bias, stride, padding, dilation, True, output_padding, groups)


def conv_transpose1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
    groups=1, dilation=1)"""
    return convolution(input, weight, bias, stride, padding, dilation, True, output_padding, groups)


def conv_transpose3d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
    groups=1, dilation=1); ``input`` is (N, C, D, H, W) or unbatched (C, D, H, W), ``weight``
    (in_channels, out_channels/groups, kD, kH, kW)."""
    if input._data.ndim not in (4, 5):
        raise RuntimeError(
            "Expected 4D (unbatched) or 5D (batched) input to conv_transpose3d, but got input of "
            f"size: {list(input._data.shape)}"
        )
    if weight._data.ndim != 5:  # the arguments are triples, the weight says otherwise
        strides = list(_int_triple(stride, "stride"))
        raise RuntimeError(
            "expected stride to be a single integer value or a list of "
            f"{weight._data.ndim - 2} values to match the convolution dimensions, but got "
            f"stride={strides}"
        )
    return convolution(input, weight, bias, stride, padding, dilation, True, output_padding, groups)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_convolution.saved_as(bias_sym_sizes_opt="bias_sizes", unlisted=("input_shape", "weight_shape"))


# Holomorphic ops (and ops linear in each input): complex gradients are conjugated as
# PyTorch's are (registry.holomorphic).
declare_holomorphic(_convolution)
