"""Normalisation kernels: layer, batch and group norm; vector norms and what builds on them
(``normalize``, ``cosine_similarity``, ``pairwise_distance``).

The three feature normalisations share one piece of math. Over a set of reduced axes,
``xhat = (x - mean) * rstd`` with ``rstd = 1 / sqrt(var + eps)`` (biased variance), then an
optional per-feature affine map. As in PyTorch, the gradients of layer and batch norm come
from one backward primitive with three outputs (input, weight and bias gradients:
``Native*NormBackwardBackward0`` in a second-order graph) whose own formulas give the second
derivatives; see NOTE [Normalisation backward]. Group norm's gradients are compositions.
Modules live in ``nn.modules.normalization``; this file holds only kernels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ._checks import refuse_integral, wrap_dims
from ._fused import fused_multiply_add
from ._half import half_in_float32
from ._norm_order import ordered_norm
from ._rowwise_moments import rowwise_moments
from .pointwise import _masked_fill_scalar, add_scalar, where
from .registry import primitive

__all__ = [
    "batch_norm",
    "cosine_similarity",
    "group_norm",
    "instance_norm",
    "layer_norm",
    "norm",
    "normalize",
    "pairwise_distance",
    "renorm",
    "renorm_",
    "rms_norm",
    "vector_norm",
]


class _Layout(NamedTuple):
    """Where a normalisation reduces, and how its parameters meet the input.

    ``axes``: the axes the statistics are taken over. ``param_axes``: the axes a parameter
    gradient sums over. ``broadcast``: a parameter's shape for broadcasting against the input.
    ``own``: a parameter's own shape.
    """

    axes: tuple[int, ...]
    param_axes: tuple[int, ...]
    broadcast: tuple[int, ...]
    own: tuple[int, ...]


def _layer_layout(shape: Sequence[int], normalized_ndim: int) -> _Layout:
    ndim = len(shape)
    normalized = tuple(shape[ndim - normalized_ndim :])
    axes = tuple(range(ndim - normalized_ndim, ndim))
    return _Layout(axes, tuple(range(ndim - normalized_ndim)), normalized, normalized)


def _channel_layout(shape: Sequence[int]) -> _Layout:
    """Per-channel parameters (dimension 1) of an (N, C, *) input, reduced over the rest."""
    ndim = len(shape)
    axes = (0, *range(2, ndim))
    return _Layout(axes, axes, (shape[1],) + (1,) * (ndim - 2), (shape[1],))


# -- shared math -----------------------------------------------------------------------------
def _moments(x: np.ndarray, axes: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """The mean, the centred values and the biased variance over ``axes`` (kept)."""
    count = max(math.prod(x.shape[a] for a in axes), 1)
    mean = (np.sum(x, axis=axes, keepdims=True) / count).astype(x.dtype, copy=False)
    centered = x - mean
    var = np.sum(centered * centered, axis=axes, keepdims=True) / count
    return mean, centered, var.astype(x.dtype, copy=False)


def _rstd(var: np.ndarray, eps: float) -> np.ndarray:
    return (1 / np.sqrt(var + eps)).astype(var.dtype, copy=False)


def _normalized_array(x: np.ndarray, axes: tuple[int, ...], eps: float) -> np.ndarray:
    _, centered, var = _moments(x, axes)
    return centered * _rstd(var, eps)


def _normalized(input: Tensor, axes: tuple[int, ...], eps: float) -> Tensor:
    """``xhat`` in rungrad ops: differentiable, for formulas whose own gradient is needed."""
    centered = input - input.mean(axes, keepdim=True)
    return centered * ((centered * centered).mean(axes, keepdim=True) + eps).rsqrt()


def _affine(out: np.ndarray, weight: Any, bias: Any, shape: tuple[int, ...]) -> np.ndarray:
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def _unused(shape: Sequence[int], dtype: np.dtype) -> np.ndarray:
    """An output nobody asked for: zeros without the memory."""
    return np.broadcast_to(np.zeros((), dtype), tuple(shape))


# The backward primitives compute only the gradients in ``output_mask``: each formula of a
# forward primitive asks for its own one.
_INPUT, _WEIGHT, _BIAS = (True, False, False), (False, True, False), (False, False, True)


# NOTE [Normalisation backward]
# With g = grad_output * weight, A = mean(g), B = mean(g * xhat) over the reduced axes,
#     grad_input = rstd * (g - A - xhat * B),  grad_weight = sum(grad_output * xhat),
#     grad_bias = sum(grad_output)  (parameter sums over the non-parameter axes).
# grad_input is J g, where J = rstd * (I - 1/n - xhat xhat^T / n) is the Jacobian of xhat;
# J is symmetric. So, for incoming gradients vi, vw, vb of the three outputs:
#   * w.r.t. grad_output: weight * J vi + vw * xhat + vb (J vi: the same backward, no weight);
#   * w.r.t. weight: sum(grad_output * J vi);
#   * w.r.t. input: J (grad_output * vw) from grad_weight, and from grad_input (using
#     d rstd / dx = -rstd^2 xhat / n and dxhat / dx = J), with V = mean(vi),
#     W = mean(vi * xhat), G = mean(vi * g):
#     -rstd^2 * (xhat * (G - V * A - 3 * W * B) + B * (vi - V) + W * (g - A)).
# The formulas recompute rstd and xhat in rungrad ops, so third derivatives work too.
def _norm_backward_arrays(
    grad_output: np.ndarray,
    input: np.ndarray,
    weight: Any,
    layout: _Layout,
    eps: float,
    output_mask: tuple[bool, bool, bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dtype = input.dtype
    if output_mask[0] or output_mask[1]:
        _, centered, var = _moments(input, layout.axes)
        rstd = _rstd(var, eps)
        xhat = centered * rstd
    grad_input = _unused(input.shape, dtype)
    if output_mask[0]:
        g = grad_output if weight is None else grad_output * weight.reshape(layout.broadcast)
        a = np.mean(g, axis=layout.axes, keepdims=True)
        b = np.mean(g * xhat, axis=layout.axes, keepdims=True)
        grad_input = (rstd * (g - a - xhat * b)).astype(dtype, copy=False)
    grad_weight = _unused(layout.own, dtype)
    if output_mask[1]:
        grad_weight = np.sum(grad_output * xhat, axis=layout.param_axes).reshape(layout.own)
    grad_bias = _unused(layout.own, dtype)
    if output_mask[2]:
        grad_bias = np.sum(grad_output, axis=layout.param_axes).reshape(layout.own)
    return grad_input, grad_weight, grad_bias


def _second_derivative(
    grad: Tensor, grad_output: Tensor, input: Tensor, weight: Any, layout: _Layout, eps: float
) -> Tensor:
    """d <grad, grad_input> / d input (see the NOTE)."""
    axes = layout.axes
    centered = input - input.mean(axes, keepdim=True)
    rstd = ((centered * centered).mean(axes, keepdim=True) + eps).rsqrt()
    xhat = centered * rstd
    g = grad_output if weight is None else grad_output * weight.reshape(layout.broadcast)
    a = g.mean(axes, keepdim=True)
    b = (g * xhat).mean(axes, keepdim=True)
    v_mean = grad.mean(axes, keepdim=True)
    w = (grad * xhat).mean(axes, keepdim=True)
    vg = (grad * g).mean(axes, keepdim=True)
    inner = xhat * (vg - v_mean * a - 3 * w * b) + b * (grad - v_mean) + w * (g - a)
    return -(rstd * rstd) * inner


def _add(first: Tensor | None, second: Tensor) -> Tensor:
    return second if first is None else first + second


def _make_norm_backward(node_name: str) -> Any:
    """The three-output backward primitive of layer or batch norm, under ``node_name``."""

    def norm_backward(grad_output, input, weight, layout, eps, output_mask):
        return _norm_backward_arrays(grad_output, input, weight, layout, eps, output_mask)

    op = primitive(node_name, num_outputs=3)(norm_backward)

    def project(grad: Tensor, input: Tensor, layout: _Layout, eps: float) -> Tensor:
        """J grad: the input gradient for ``grad``, without weight."""
        return op(grad, input, None, layout, eps, _INPUT)[0]

    def grad_output_grad(grads, input, weight, layout, eps, output_mask):
        result = None
        if output_mask[0]:
            result = project(grads[0], input, layout, eps)
            if weight is not None:
                result = result * weight.reshape(layout.broadcast)
        if output_mask[1]:
            term = grads[1].reshape(layout.broadcast) * _normalized(input, layout.axes, eps)
            result = _add(result, term)
        if output_mask[2]:
            term = grads[2].reshape(layout.broadcast).expand(input.shape)
            result = _add(result, term)
        return result

    def input_grad(grads, grad_output, input, weight, layout, eps, output_mask):
        result = None
        if output_mask[0]:
            result = _second_derivative(grads[0], grad_output, input, weight, layout, eps)
        if output_mask[1]:
            term = project(grad_output * grads[1].reshape(layout.broadcast), input, layout, eps)
            result = _add(result, term)
        return result

    def weight_grad(grads, grad_output, input, layout, eps, output_mask):
        if not output_mask[0]:
            return None
        product = grad_output * project(grads[0], input, layout, eps)
        if layout.param_axes:  # (a sum over no dims would be over all of them)
            product = product.sum(layout.param_axes)
        return product.reshape(layout.own)

    op.defgrad(grad_output=grad_output_grad, input=input_grad, weight=weight_grad)
    return op


_layer_norm_backward = _make_norm_backward("NativeLayerNormBackwardBackward0")
_batch_norm_backward = _make_norm_backward("NativeBatchNormBackwardBackward0")


def _layer_norm_formula(index: int, mask: tuple[bool, bool, bool]) -> Any:
    """Layer norm's gradient of its input, weight or bias: one output of the backward op.
    Each formula names all that PyTorch's node saves (it has one formula for the three), so
    the node keeps it whichever inputs need a gradient."""

    def gradient(grads, input, normalized_shape, weight, bias, result1, result2, eps):
        layout = _layer_layout(input.shape, len(normalized_shape))
        return _layer_norm_backward(grads[0], input, weight, layout, eps, mask)[index]

    return gradient


def _check_same_dtype(input: Tensor, *params: Any) -> None:
    for param in params:
        if param is None or param._data.dtype == input._data.dtype:
            continue
        if input._data.dtype == np.float32:
            raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


# -- layer norm ------------------------------------------------------------------------------
@primitive("NativeLayerNormBackward0", num_outputs=3, differentiable_outputs=(0,))
@half_in_float32
def _layer_norm(input, normalized_shape, weight, bias, eps):
    """The normalised input, and the mean and reciprocal deviation it used (kept dims), which
    PyTorch's node keeps as ``result1`` and ``result2``."""
    layout = _layer_layout(input.shape, len(normalized_shape))
    rounded = _layer_norm_as_pytorch(input, layout, weight, bias, eps)
    if rounded is not None:
        return rounded
    mean, centered, var = _moments(input, layout.axes)
    rstd = _rstd(var, eps)
    return _affine(centered * rstd, weight, bias, layout.broadcast), mean, rstd


def _layer_norm_as_pytorch(input: Any, layout: _Layout, weight: Any, bias: Any,
                           eps: float) -> tuple[np.ndarray, ...] | None:  # fmt: skip
    """Layer norm of a contiguous float32/float64 input rounded as PyTorch's CPU kernel:
    its row moments (NOTE [Layer norm's moments]), ``rstd = 1 / sqrt(max(var, 0) + eps)`` in
    the dtype, and ``fma((x - mean) * rstd, weight, bias)`` (a bias alone:
    ``fma(x - mean, rstd, bias)``). None for other inputs."""
    dtype = input.dtype
    if (dtype != np.float32 and dtype != np.float64) or not input.flags.c_contiguous:
        return None
    length = math.prod(input.shape[axis] for axis in layout.axes)
    if not input.size or not length:
        return None
    table = input.reshape(-1, length)
    mean, var = rowwise_moments(table)
    rstd = dtype.type(1) / np.sqrt(np.maximum(var, dtype.type(0)) + dtype.type(eps))
    centered = table - mean[:, None]
    if bias is None:
        out = centered * rstd[:, None]
        if weight is not None:
            out = out * weight.reshape(-1)
    elif weight is None:  # the bias alone: one fused multiply-add
        out = fused_multiply_add(centered, rstd[:, None], bias.reshape(-1), dtype)
    else:
        scaled = centered * rstd[:, None]
        out = fused_multiply_add(scaled, weight.reshape(-1), bias.reshape(-1), dtype)
    kept = tuple(input.shape[: input.ndim - len(layout.axes)]) + (1,) * len(layout.axes)
    return out.reshape(input.shape), mean.reshape(kept), rstd.reshape(kept)


_layer_norm.defgrad(
    input=_layer_norm_formula(0, _INPUT),
    weight=_layer_norm_formula(1, _WEIGHT),
    bias=_layer_norm_formula(2, _BIAS),
)
# PyTorch's node keeps no eps (its backward reads the saved deviation instead).
_layer_norm.saved_as(unlisted=("eps",))


def layer_norm(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)

    Normalise over the trailing ``normalized_shape`` dimensions: ``(x - mean) /
    sqrt(var + eps) * weight + bias`` (biased variance).

    Example::

        >>> import rungrad as torch
        >>> torch.nn.functional.layer_norm(torch.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    refuse_integral("LayerNormKernelImpl", input)
    if not isinstance(normalized_shape, Sequence):
        raise TypeError(
            "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, "
            f"not {type(normalized_shape).__name__}"
        )
    normalized = _check_normalized_shape(input, normalized_shape, weight, bias, "*, ")
    _check_same_dtype(input, weight, bias)
    return _layer_norm(input, tuple(normalized), weight, bias, eps)[0]


def _check_normalized_shape(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Tensor | None,
    bias: Tensor | None,
    star: str,
) -> list[int]:
    """The trailing sizes a layer or RMS norm normalises over, checked as PyTorch checks
    them (the parameters first, then the input; ``star`` is how its message writes the
    leading dims: "*, " for layer_norm, "*" for rms_norm)."""
    normalized = [int(size) for size in normalized_shape]
    for name, param in (("weight", weight), ("bias", bias)):
        if param is not None and list(param._data.shape) != normalized:
            raise RuntimeError(
                f"Expected {name} to be of same shape as normalized_shape, but got {name} of "
                f"shape {list(param._data.shape)} and normalized_shape = {normalized}"
            )
    shape = list(input._data.shape)
    if not normalized or len(shape) < len(normalized) or shape[-len(normalized) :] != normalized:
        raise RuntimeError(
            f"Given normalized_shape={normalized}, expected input with shape "
            f"[{star}{', '.join(map(str, normalized))}], but got input of size{shape}"
        )
    return normalized


def rms_norm(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Tensor | None = None,
    eps: float | None = None,
) -> Tensor:
    """rms_norm(input, normalized_shape, weight=None, eps=None)

    ``x / sqrt(mean(x^2) + eps) * weight`` over the trailing ``normalized_shape`` dimensions
    (``eps`` by default the machine epsilon of the computation's dtype). Composed of ops as
    PyTorch composes it, so its graph is PyTorch's; float16 computes in float32.
    """
    from .._dtype import finfo, float32
    from .pointwise import add_scalar, rsqrt

    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    normalized = _check_normalized_shape(input, normalized_shape, weight, None, "*")
    low_precision = input._data.dtype == np.float16
    x = input.to(float32) if low_precision else input
    if eps is None:
        eps = finfo(x.dtype).eps
    dims = tuple(range(-len(normalized), 0))
    result = x * rsqrt(add_scalar((x**2).mean(dims, keepdim=True), eps))
    if weight is not None:
        result = result * weight  # still in float32 for a float16 input, as PyTorch
    return result.to(input.dtype) if low_precision else result


# -- batch norm ------------------------------------------------------------------------------
# NOTE [Batch norm's arithmetic]
# PyTorch's CPU kernel rounds as follows, and printed outputs (a normalised batch's mean is
# rounding noise) show it. Statistics: a channel's sum and sum of squared deviations are
# accumulated in float64 from float32 terms, except for an (N, C) input, whose rows are added
# one after another in float32; the biased variance is ``var_sum / n`` in the input's dtype
# and ``invstd = 1 / sqrt(var + eps)`` is taken in float64. The output is then an affine map
# per channel, ``x * alpha + beta`` with ``alpha = invstd * weight`` and
# ``beta = bias - mean * alpha``, both multiply-adds fused. A fused float32 multiply-add is
# computed here in float64 (the product is exact there) and rounded once.
def _fused_multiply_add(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``a * b + c`` rounded once, for float32 operands; plain arithmetic otherwise."""
    if a.dtype != np.float32:
        return a * b + c
    wide = np.multiply(a, b, dtype=np.float64)
    wide += c
    return wide.astype(np.float32)


def _batch_statistics(x: np.ndarray, layout: _Layout) -> tuple[np.ndarray, np.ndarray]:
    """A channel's mean and sum of squared deviations, each of shape (C,)."""
    channels = x.shape[1]
    count = x.size // channels
    if x.dtype == np.float32 and count == x.shape[0]:  # (N, C): row after row, in float32
        rows = x.reshape(count, channels)
        mean = (np.sum(rows, axis=0) / np.float32(count)).astype(np.float32)
        centered = (rows - mean).astype(np.float64)
        squares = centered * centered  # exact: each a product of two float32 values
        total = np.zeros(channels, np.float32)
        for row in squares:  # each step a fused multiply-add, rounded to float32
            total = (row + total).astype(np.float32)
        return mean, total
    accumulate = np.float64 if x.dtype == np.float32 else None
    total = np.sum(x, axis=layout.axes, dtype=accumulate)
    mean = (total / count).astype(x.dtype, copy=False)
    centered = x - mean.reshape(layout.broadcast)
    squares = np.sum(centered * centered, axis=layout.axes, dtype=accumulate)
    return mean, squares.astype(x.dtype, copy=False)


@primitive("NativeBatchNormBackward0", num_outputs=4, differentiable_outputs=(0,))
def _batch_norm_train(input, weight, bias, running_mean, running_var, training, eps):
    """Normalise with the batch's statistics; also return them (mean, reciprocal deviation:
    PyTorch's node shows them as ``result1``, ``result2``) and the sum of squared
    deviations, for the running statistics. See NOTE [Batch norm's arithmetic]. The running
    statistics are arguments only for the node to keep (``batch_norm`` updates them)."""
    layout = _channel_layout(input.shape)
    mean, squares = _batch_statistics(input, layout)
    var = squares / input.dtype.type(input.size // input.shape[1])
    invstd = (1 / np.sqrt(var.astype(np.float64) + eps)).astype(input.dtype)
    out = _per_channel_affine(input, weight, bias, mean, invstd, layout)
    return out, mean, invstd, squares


def _per_channel_affine(
    input: np.ndarray, weight: Any, bias: Any, mean: np.ndarray, invstd: np.ndarray, layout: _Layout
) -> np.ndarray:
    """``(input - mean) * invstd * weight + bias`` as PyTorch's kernel rounds it."""
    dtype = input.dtype
    alpha = invstd if weight is None else invstd * weight.astype(dtype, copy=False)
    beta = np.zeros_like(alpha) if bias is None else bias.astype(dtype, copy=False)
    beta = _fused_multiply_add(-mean.astype(dtype, copy=False), alpha, beta)
    shape = layout.broadcast
    return _fused_multiply_add(input, alpha.reshape(shape), beta.reshape(shape))


def _train_formula(index: int, mask: tuple[bool, bool, bool]) -> Any:
    # Names all that PyTorch's node keeps (one formula for the three inputs there).
    def gradient(grads, input, weight, running_mean, running_var, result1, result2, training,
                 eps):  # fmt: skip
        layout = _channel_layout(input.shape)
        return _batch_norm_backward(grads[0], input, weight, layout, eps, mask)[index]

    return gradient


_batch_norm_train.defgrad(
    input=_train_formula(0, _INPUT),
    weight=_train_formula(1, _WEIGHT),
    bias=_train_formula(2, _BIAS),
)
_batch_norm_train.saved_as(tensors=("running_mean", "running_var"))


def _eval_scale(running_var: Tensor, eps: float, layout: _Layout) -> Tensor:
    return (running_var + eps).rsqrt().reshape(layout.broadcast)


def _eval_normalized(input: Tensor, running_mean: Tensor, running_var: Tensor, layout: _Layout,
                     eps: float) -> Tensor:  # fmt: skip
    return (input - running_mean.reshape(layout.broadcast)) * _eval_scale(running_var, eps, layout)


@primitive("NativeBatchNormBackwardBackward0", num_outputs=3)
def _batch_norm_eval_backward(
    grad_output, input, weight, running_mean, running_var, layout, eps, output_mask
):
    """The gradients of the evaluation-mode (affine) batch norm."""
    dtype = input.dtype
    scale = _rstd(running_var, eps).reshape(layout.broadcast).astype(dtype, copy=False)
    grad_input = _unused(input.shape, dtype)
    if output_mask[0]:
        factor = scale if weight is None else scale * weight.reshape(layout.broadcast)
        grad_input = grad_output * factor
    grad_weight = _unused(layout.own, dtype)
    if output_mask[1]:
        normalized = (input - running_mean.reshape(layout.broadcast).astype(dtype)) * scale
        grad_weight = np.sum(grad_output * normalized, axis=layout.param_axes)
    grad_bias = _unused(layout.own, dtype)
    if output_mask[2]:
        grad_bias = np.sum(grad_output, axis=layout.param_axes)
    return grad_input, grad_weight, grad_bias


def _eval_grad_output_grad(
    grads, input, weight, running_mean, running_var, layout, eps, output_mask
):
    result = None
    if output_mask[0]:
        scale = _eval_scale(running_var, eps, layout)
        result = grads[0] * (scale if weight is None else scale * weight.reshape(scale.shape))
    if output_mask[1]:
        normalized = _eval_normalized(input, running_mean, running_var, layout, eps)
        result = _add(result, grads[1].reshape(layout.broadcast) * normalized)
    if output_mask[2]:
        result = _add(result, grads[2].reshape(layout.broadcast).expand(input.shape))
    return result


def _eval_input_grad(grads, grad_output, running_var, layout, eps, output_mask):
    if not output_mask[1]:
        return None
    scale = _eval_scale(running_var, eps, layout)
    return grads[1].reshape(layout.broadcast) * grad_output * scale


def _eval_weight_grad(grads, grad_output, running_var, layout, eps, output_mask):
    if not output_mask[0]:
        return None
    scale = _eval_scale(running_var, eps, layout)
    return (grads[0] * grad_output * scale).sum(layout.param_axes)


_batch_norm_eval_backward.defgrad(
    grad_output=_eval_grad_output_grad, input=_eval_input_grad, weight=_eval_weight_grad
)


@primitive("NativeBatchNormBackward0", num_outputs=3, differentiable_outputs=(0,))
def _batch_norm_eval(input, weight, bias, running_mean, running_var, training, eps):
    """Normalise with the running statistics: an affine map of the input. Also two empty
    statistics, which PyTorch's kernel returns (and its node keeps) in evaluation mode."""
    layout = _channel_layout(input.shape)
    invstd = _rstd(running_var.astype(input.dtype, copy=False), eps)
    out = _per_channel_affine(input, weight, bias, running_mean, invstd, layout)
    return out, np.empty(0, input.dtype), np.empty(0, input.dtype)


def _eval_formula(index: int, mask: tuple[bool, bool, bool]) -> Any:
    def gradient(grads, input, weight, running_mean, running_var, result1, result2, training,
                 eps):  # fmt: skip
        layout = _channel_layout(input.shape)
        return _batch_norm_eval_backward(
            grads[0], input, weight, running_mean, running_var, layout, eps, mask
        )[index]

    return gradient


_batch_norm_eval.defgrad(
    input=_eval_formula(0, _INPUT), weight=_eval_formula(1, _WEIGHT), bias=_eval_formula(2, _BIAS)
)


def _check_channels(name: str, tensor: Tensor | None, channels: int) -> None:
    if tensor is not None and tensor._data.size != channels:
        raise RuntimeError(f"{name} should contain {channels} elements not {tensor._data.size}")


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
    momentum=0.1, eps=1e-05)

    Normalise each channel (dimension 1) over the batch and spatial dimensions. In training,
    use the batch's statistics and update ``running_mean`` / ``running_var`` in place
    (``(1 - momentum) * running + momentum * batch``, the variance unbiased); otherwise use
    the running statistics.
    """
    refuse_integral("batch_norm", input)
    if momentum is None:
        raise TypeError(
            "batch_norm(): argument 'momentum' (position 7) must be float, not NoneType"
        )
    shape = input._data.shape
    channels = shape[1] if len(shape) > 1 else 0
    for name, tensor in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        _check_channels(name, tensor, channels)
    _check_same_dtype(input, weight, bias)
    if training:
        per_channel = input._data.size // channels if channels else 0
        if per_channel == 1:
            raise ValueError(
                "Expected more than 1 value per channel when training, got input size "
                f"{input.shape!r}"
            )
        out, mean, _, squares = _batch_norm_train(
            input, weight, bias, running_mean, running_var, True, eps
        )
        _update_running(running_mean, running_var, mean._data, squares._data, per_channel, momentum)
        return out
    if running_mean is None:
        raise RuntimeError("running_mean must be defined in evaluation mode")
    if running_var is None:
        raise RuntimeError("running_var must be defined in evaluation mode")
    return _batch_norm_eval(input, weight, bias, running_mean, running_var, False, eps)[0]


def instance_norm(
    input: Tensor,
    running_mean: Tensor | None = None,
    running_var: Tensor | None = None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
    use_input_stats=True, momentum=0.1, eps=1e-05)

    Normalise each (sample, channel) over its spatial dimensions. As PyTorch computes it: a
    batch norm of the input seen as one sample of N * C channels (weights, biases and running
    statistics repeated N times), the running statistics then averaged back over N.
    """
    refuse_integral("batch_norm", input)
    shape = input._data.shape
    batch, channels = shape[0], shape[1]

    def repeated(tensor: Tensor | None) -> Tensor | None:
        return None if tensor is None else tensor.repeat(batch)

    mean, var = repeated(running_mean), repeated(running_var)
    out = batch_norm(
        input.contiguous().view(1, batch * channels, *shape[2:]),
        mean,
        var,
        repeated(weight),
        repeated(bias),
        use_input_stats,
        momentum,
        eps,
    )
    with no_grad():
        for running, updated in ((running_mean, mean), (running_var, var)):
            if running is not None and use_input_stats:
                running.copy_(updated.view(batch, channels).mean(0))
    return out.view(shape)


def _update_running(
    running_mean: Tensor | None,
    running_var: Tensor | None,
    mean: np.ndarray,
    squares: np.ndarray,
    count: int,
    momentum: float,
) -> None:
    """``momentum * batch + (1 - momentum) * running``, the variance unbiased (``squares`` is
    the sum of squared deviations of ``count`` values), rounded as PyTorch's kernel rounds
    it: the momentum in the statistics' dtype, the unbiased variance's term added in float64."""
    # In place and without a version bump, as PyTorch's kernel does.
    if running_mean is not None:
        data = running_mean._data
        rate = data.dtype.type(momentum)
        data[...] = rate * mean.astype(data.dtype) + (1 - rate) * data
    if running_var is not None:
        data = running_var._data
        rate = data.dtype.type(momentum)
        unbiased = squares.astype(data.dtype) / data.dtype.type(count - 1)
        kept = (1 - rate) * data
        data[...] = np.float64(rate) * unbiased.astype(np.float64) + kept


# -- group norm ------------------------------------------------------------------------------
def _grouped_shape(shape: Sequence[int], groups: int) -> tuple[int, int, int, int]:
    """(N, C, *) viewed as (N, groups, C // groups, prod(*)): normalise over the last two."""
    return (shape[0], groups, shape[1] // groups, math.prod(shape[2:]))


@primitive("NativeGroupNormBackward0", num_outputs=3)
def _group_norm(input, weight, bias, N, C, HxW, group, eps):
    """The normalised input, and each (sample, group)'s mean and reciprocal deviation,
    of shape (N, group): PyTorch's node keeps them (``result1``, ``result2``), and they are
    differentiable outputs there."""
    rounded = _group_norm_as_pytorch(input, weight, bias, N, C, HxW, group, eps)
    if rounded is not None:
        return rounded
    grouped = input.reshape(N, group, C // group, HxW)
    mean, centered, var = _moments(grouped, (2, 3))
    rstd = _rstd(var, eps)
    out = (centered * rstd).reshape(input.shape)
    out = _affine(out, weight, bias, _channel_layout(input.shape).broadcast)
    return out, mean.reshape(N, group), rstd.reshape(N, group)


def _group_norm_as_pytorch(input: Any, weight: Any, bias: Any, N: int, C: int, HxW: int,
                           group: int, eps: float) -> tuple[np.ndarray, ...] | None:  # fmt: skip
    """Group norm of a contiguous float32/float64 input rounded as PyTorch's CPU kernel:
    each (sample, group)'s moments as layer norm's (NOTE [Layer norm's moments]),
    ``rstd = 1 / sqrt(max(var, 0) + eps)`` in double rounded to the dtype, and per channel
    ``scale = rstd * weight``, ``fma(x, scale, fma(-scale, mean, bias))`` (without weight
    and bias: ``(x - mean) * rstd``)."""
    dtype = input.dtype
    if (dtype != np.float32 and dtype != np.float64) or not input.flags.c_contiguous:
        return None
    if not input.size:
        return None
    mean, var = rowwise_moments(input.reshape(N * group, -1))
    rstd = (1.0 / np.sqrt(np.maximum(var, 0).astype(np.float64) + eps)).astype(dtype)
    per_group = (N, group, 1, 1)
    scale = rstd.reshape(per_group)
    grouped = input.reshape(N, group, C // group, HxW)
    if weight is None and bias is None:  # no affine step: (x - mean) * rstd
        out = (grouped - mean.reshape(per_group)) * scale
        return out.reshape(input.shape), mean.reshape(N, group), rstd.reshape(N, group)
    if weight is not None:
        scale = scale * weight.reshape(1, group, C // group, 1)
    shift = np.zeros((), dtype) if bias is None else bias.reshape(1, group, C // group, 1)
    offset = fused_multiply_add(-scale, mean.reshape(per_group), shift, dtype)
    out = fused_multiply_add(grouped, scale, offset, dtype)
    return out.reshape(input.shape), mean.reshape(N, group), rstd.reshape(N, group)


def _group_layout(grouped: tuple[int, int, int, int]) -> _Layout:
    return _Layout((2, 3), (0, 3), (grouped[1], grouped[2], 1), (grouped[1] * grouped[2],))


def _group_norm_input_grad(grads, input, weight, result1, result2, N, C, HxW, group, eps):
    # Group norm is layer norm over each (channels-in-group, spatial) block.
    grad, grad_mean, grad_rstd = grads
    shape = tuple(input.shape)
    grouped = (N, group, C // group, HxW)
    result = None
    if grad is not None:
        layout = _group_layout(grouped)
        result = _layer_norm_backward(
            grad.reshape(grouped), input.reshape(grouped), weight, layout, eps, _INPUT
        )[0]
    count = grouped[2] * grouped[3]
    # The statistics' gradients are zeros unless a program used them (the engine fills in
    # zeros for a multi-output node's outputs that received none): small (N, group) arrays,
    # so testing them costs less than the terms they would add.
    if grad_mean is not None and not grad_mean._data.any():
        grad_mean = None
    if grad_rstd is not None and not grad_rstd._data.any():
        grad_rstd = None
    if grad_mean is not None:  # d mean / dx = 1 / n
        term = (grad_mean.reshape(N, group, 1, 1) / count).expand(grouped)
        result = _add(result, term)
    if grad_rstd is not None:  # d rstd / dx = -rstd^3 (x - mean) / n
        x = input.reshape(grouped)
        centered = x - x.mean((2, 3), keepdim=True)
        rstd = ((centered * centered).mean((2, 3), keepdim=True) + eps).rsqrt()
        term = -(rstd * rstd * rstd) * centered * (grad_rstd.reshape(N, group, 1, 1) / count)
        result = _add(result, term)
    return None if result is None else result.reshape(shape)


def _group_norm_weight_grad(grads, input, weight, result1, result2, N, C, HxW, group, eps):
    if grads[0] is None:
        return None
    grouped = (N, group, C // group, HxW)
    normalized = _normalized(input.reshape(grouped), (2, 3), eps)
    return (grads[0].reshape(grouped) * normalized).sum((0, 3)).reshape(-1)


def _group_norm_bias_grad(grads, input, weight, result1, result2, N, C, HxW, group, eps):
    if grads[0] is None:
        return None
    return grads[0].reshape(N, group, C // group, HxW).sum((0, 3)).reshape(-1)


# Each formula names all that PyTorch's node keeps (one formula for the three there).
_group_norm.defgrad(
    input=_group_norm_input_grad, weight=_group_norm_weight_grad, bias=_group_norm_bias_grad
)


def group_norm(
    input: Tensor,
    num_groups: int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """group_norm(input, num_groups, weight=None, bias=None, eps=1e-05)

    Split the channels (dimension 1) into ``num_groups`` groups and normalise each group of
    each sample over its channels and spatial positions; then a per-channel affine map.
    """
    refuse_integral("GroupNormKernelImpl", input)
    shape = input._data.shape
    if len(shape) < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received {len(shape)}"
        )
    channels = shape[1]
    if channels % num_groups != 0:
        raise RuntimeError(
            "Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {list(shape)} and num_groups={num_groups}"
        )
    for name, param in (("weight", weight), ("bias", bias)):
        if param is not None and (param._data.ndim != 1 or param._data.size != channels):
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of channels in "
                f"input, but got {name} of shape {list(param._data.shape)} and input of shape "
                f"{list(shape)}"
            )
    _check_same_dtype(input, weight, bias)
    hxw = math.prod(shape[2:])
    return _group_norm(input, weight, bias, shape[0], channels, hxw, num_groups, eps)[0]


# -- vector norms ----------------------------------------------------------------------------
def _vector_norm_array(x: np.ndarray, ord: float, dim: Any, keepdim: bool) -> np.ndarray:
    if x.dtype == np.float16:  # PyTorch's kernel accumulates half in float32, rounds once
        return _vector_norm_array(x.astype(np.float32), ord, dim, keepdim).astype(np.float16)
    ordered = ordered_norm(x, ord, dim, keepdim)  # NOTE [PyTorch's norm order]
    if ordered is not None:
        return ordered
    magnitude = np.abs(x)
    if ord == 2:
        result = np.sqrt(np.sum(magnitude * magnitude, axis=dim, keepdims=keepdim))
    elif ord == 1:
        result = np.sum(magnitude, axis=dim, keepdims=keepdim)
    elif ord == math.inf:
        result = np.max(magnitude, axis=dim, keepdims=keepdim)
    elif ord == -math.inf:
        result = np.min(magnitude, axis=dim, keepdims=keepdim)
    elif ord == 0:
        result = np.sum(magnitude != 0, axis=dim, keepdims=keepdim)
    else:
        result = np.sum(magnitude**ord, axis=dim, keepdims=keepdim) ** (1.0 / ord)
    return np.asarray(result).astype(x.real.dtype, copy=False)  # a complex input's norm is real


def _vector_norm_grad(
    grad: Tensor, self: Tensor, result: Tensor, ord: float, dim: Any, keepdim: bool
) -> Tensor:
    if not keepdim and dim is not None:
        for axis in sorted(dim):
            grad = grad.unsqueeze(axis)
            result = result.unsqueeze(axis)
    if ord == 0:
        return None  # PyTorch defines no gradient for the count of non-zeros
    if ord == 1:
        return self.sgn() * grad
    # A zero norm means a zero vector: its gradient is zero (the norm's subgradient at 0).
    if ord == 2:  # PyTorch's order: grad * (self / norm), zero where the norm is
        return grad * _masked_fill_scalar(self / result, Tensor._from_array(result._data == 0), 0)
    if ord in (math.inf, -math.inf):
        chosen = self.abs() == result
        count = chosen.sum(dim, keepdim=True) if dim is not None else chosen.sum()
        return self.sgn() * ((grad / count) * chosen)  # PyTorch's order (node names)
    safe_result = where(result == 0, 1.0, result)
    safe_magnitude = where(self == 0, 1.0, self.abs())
    direction = self.sgn() if self._data.dtype.kind == "c" else self.sign()
    general = grad * direction * (safe_magnitude / safe_result) ** (ord - 1)
    # A zero norm (a zero vector, or a zero entry when ord < 0) has a zero gradient.
    return general * (result != 0)


def _make_vector_norm(node_name: str) -> Any:
    # ``ord`` as the caller gave it, an int or a float: PyTorch's node keeps the Scalar so
    # (``x.norm(dim=1).grad_fn._saved_ord`` is 2, ``linalg.norm``'s default 2.0).
    def vector_norm(self, ord, dim, keepdim):
        return _vector_norm_array(self, float(ord), dim, keepdim)

    def gradient(grad, self, result, ord, dim, keepdim):
        return _vector_norm_grad(grad, self, result, float(ord), dim, keepdim)

    op = primitive(node_name)(vector_norm)
    op.defgrad(self=gradient)
    return op


_linalg_vector_norm = _make_vector_norm("LinalgVectorNormBackward0")
_norm_dim = _make_vector_norm("NormBackward1")
# ATen's norm over all elements (``at::norm(v, p)``, as ``norm_except_dim`` calls it).
_norm_full = _make_vector_norm("NormBackward0")
# ATen's older norms name the order ``p``; the one over all elements keeps no dims.
_norm_dim.saved_as(p="ord")
_norm_full.saved_as(p="ord", unlisted=("dim", "keepdim"))


def _norm_dims(input: Tensor, dim: Any) -> tuple[int, ...] | None:
    if dim is None:
        return None
    if isinstance(dim, Sequence) and len(dim) == 0:
        return None
    dims = wrap_dims(dim, input._data.ndim)
    return None if input._data.ndim == 0 else dims  # a 0-d input's dim 0 is all of it


def vector_norm(input: Tensor, ord: float = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The ``ord``-norm of ``input`` over ``dim`` (all elements when None)."""
    if input._data.dtype.kind in "biu":
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            f"{input.dtype.legacy_name}"
        )
    dims = _norm_dims(input, dim)
    _check_empty_norm(input, float(ord), dims)
    if type(ord) not in (int, bool):  # (a NumPy number: PyTorch's Scalar is a float)
        ord = float(ord)
    return _linalg_vector_norm(input, ord, dims, keepdim)


def _check_empty_norm(input: Tensor, ord: float, dims: tuple[int, ...] | None) -> None:
    """Norms with no identity (ord < 0 or inf) of empty input raise PyTorch's errors."""
    if ord >= 0 and ord != math.inf:
        return
    shape = input._data.shape
    text = "inf" if ord == math.inf else "-inf" if ord == -math.inf else f"{ord:g}"
    if dims is None:
        if input._data.size == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {text} norm on an empty tensor because "
                "the operation does not have an identity"
            )
        return
    for dim in dims:
        if shape[dim] == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {text} norm on the dimension {dim}"
                "because this dimension is empty and the operation does not have an identity"
            )


def norm(
    input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None
) -> Tensor:
    """norm(input, p='fro', dim=None, keepdim=False, dtype=None): the vector ``p``-norm over
    ``dim`` (``'fro'`` is the 2-norm), as ``torch.norm`` computes it through
    ``linalg.vector_norm``."""
    if p == "fro":
        p = 2
    elif isinstance(p, str):
        raise NotImplementedError(f"rungrad: norm with p={p!r}")
    if dtype is not None:
        input = input.to(dtype)
    return vector_norm(input, p, dim, keepdim)


def normalize(
    input: Tensor, p: float = 2.0, dim: Any = 1, eps: float = 1e-12, out: Any = None
) -> Tensor:
    """normalize(input, p=2.0, dim=1, eps=1e-12) -> input / max(||input||_p, eps) along dim

    Example::

        >>> import rungrad as torch
        >>> torch.nn.functional.normalize(torch.tensor([[3.0, 4.0]]))
        tensor([[0.6000, 0.8000]])
    """
    denominator = vector_norm(input, p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    return input / denominator


def _clamped_norm(input: Tensor, dim: int, eps: float) -> Tensor:
    """||input|| along ``dim`` with values below ``eps`` raised to ``eps``; the gradient is the
    norm's own (the clamp is not recorded), as in PyTorch."""
    clamped = vector_norm(input, 2, dim, keepdim=True).clone()
    with no_grad():
        clamped.clamp_(min=eps)
    return clamped


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """cosine_similarity(x1, x2, dim=1, eps=1e-8) ->
    sum(x1 * x2, dim) / (max(||x1||, eps) * max(||x2||, eps))

    Example::

        >>> import rungrad as torch
        >>> torch.nn.functional.cosine_similarity(torch.tensor([1.0, 0.0]),
        ...                                       torch.tensor([1.0, 1.0]), dim=0)
        tensor(0.7071)
    """
    from .._promotion import result_type
    from ._checks import broadcast_shapes

    common = result_type(x1, x2)
    if not (common.is_floating_point or common.is_complex):
        raise RuntimeError(
            f"expected common dtype to be floating point, yet common dtype is {common.legacy_name}"
        )
    shape = broadcast_shapes(x1._data.shape, x2._data.shape)
    # Both inputs are expanded to the common shape first, as PyTorch does.
    if x1._data.shape != shape:
        x1 = x1.expand(shape)
    if x2._data.shape != shape:
        x2 = x2.expand(shape)
    dim = wrap_dims(dim, len(shape))[0]
    normalized1 = x1 / _clamped_norm(x1, dim, eps)
    normalized2 = x2 / _clamped_norm(x2, dim, eps)
    return (normalized1 * normalized2).sum(dim)


def pairwise_distance(
    x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False
) -> Tensor:
    """pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False) -> ||x1 - x2 + eps||_p
    along the last dimension"""
    # PyTorch's kernel reaches the older ``norm`` overload here: NormBackward1.
    difference = add_scalar(x1 - x2, eps)  # the Scalar overload: AddBackward1
    # (the last dim counted from the front, as PyTorch's kernel gives it)
    last = _norm_dims(difference, difference._data.ndim - 1)
    return _norm_dim(difference, float(p), last, keepdim)  # (its p is a double: 1.0)


def local_response_norm(
    input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0
) -> Tensor:
    """local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): each element divided
    by ``(k + alpha * mean of the squares over `size` neighbouring channels) ** beta`` (the
    window zero-padded, centred at ``size // 2``), composed of ops as in PyTorch."""
    from .padding import pad
    from .pooling import avg_pool2d

    dim = input.dim()
    if dim < 3:
        raise ValueError(
            f"Expected 3D or higher dimensionality                          input (got {dim} "
            "dimensions)"
        )
    if input.numel() == 0:
        return input
    sizes = input.shape
    squares = input.mul(input).reshape(sizes[0], 1, sizes[1], -1)
    squares = pad(squares, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(squares, (size, 1), stride=1).reshape(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


# -- renorm ----------------------------------------------------------------------------------
_RENORM_EPS = 1e-7  # PyTorch's: a sub-tensor above maxnorm is scaled by maxnorm / (norm + eps)


def _renorm_factor(norm: np.ndarray, maxnorm: float) -> np.ndarray:
    return np.where(norm > maxnorm, maxnorm / (norm + _RENORM_EPS), 1).astype(norm.dtype)


@primitive("RenormBackward0")
def _renorm(self, p, dim, maxnorm):
    axes = tuple(axis for axis in range(self.ndim) if axis != dim)
    norm = _vector_norm_array(self, p, axes, True)
    return (self * _renorm_factor(norm, maxnorm)).astype(self.dtype, copy=False)


def _renorm_grad(grad: Tensor, self: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:
    # y = x * s(x) with s = maxnorm / (norm + eps) where the sub-tensor's norm exceeds
    # maxnorm (else 1): dy/dx . grad = s grad - maxnorm / (norm + eps)^2 <grad, x> dnorm/dx.
    axes = tuple(axis for axis in range(self.dim()) if axis != dim)
    norm = _linalg_vector_norm(self, p, axes, True)
    shifted = add_scalar(norm, _RENORM_EPS)
    inner = (grad * self).sum(axes, keepdim=True)
    coefficient = -maxnorm * inner / (shifted * shifted)
    scaled = grad * (maxnorm / shifted) + _vector_norm_grad(coefficient, self, norm, p, axes, True)
    return where(norm > maxnorm, scaled, grad)  # as PyTorch's graph: a where at the top


_renorm.defgrad(self=_renorm_grad)


def _check_renorm(input: Tensor, p: Any, dim: int, maxnorm: Any) -> int:
    from ._checks import wrap_dim

    ndim = input._data.ndim
    if ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {ndim} dimensions")
    dim = wrap_dim(dim, ndim)
    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm:g}")
    if input._data.dtype.kind not in "fcV":
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            f"{input.dtype.legacy_name}"
        )
    if input._data.size == 0:  # the inf norm of an empty sub-tensor has no value
        _check_empty_norm(input, float(p), tuple(a for a in range(ndim) if a != dim))
    return dim


def renorm(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:
    """renorm(input, p, dim, maxnorm) -> each sub-tensor along ``dim`` (``input.select(dim,
    i)``) whose ``p``-norm exceeds ``maxnorm`` scaled down to norm ``maxnorm``"""
    dim = _check_renorm(input, p, dim, maxnorm)
    return _renorm(input, p, dim, maxnorm)


def renorm_(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:
    """In-place ``renorm``."""
    from .inplace import inplace as run_inplace

    dim = _check_renorm(input, p, dim, maxnorm)
    return run_inplace(_renorm, input, p, dim, maxnorm)
