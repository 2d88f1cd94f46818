"""Backward kernels that PyTorch shows as ops of their own in second-order graphs.

``relu``'s formula calls ``threshold_backward``, so a graph built with ``create_graph=True``
contains a ``ThresholdBackwardBackward0`` node, as in PyTorch. Each one is an ordinary
primitive with formulas of its own, which makes third and higher derivatives work too.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._half import FLOAT16, half_in_float32, in_float32
from .registry import BINARY, declare_holomorphic, primitive, scalar_operand

__all__ = [
    "hardtanh_backward",
    "index_backward",
    "leaky_relu_backward",
    "scatter_into_zeros",
    "select_backward",
    "sigmoid_backward",
    "slice_backward",
    "tanh_backward",
    "threshold_backward",
    "unfold_backward",
    "zero_unless",
    "zero_where",
]


# The integer dtype of each float size (a dtype object: parsing "i4" costs a microsecond).
_SAME_SIZE_INTEGER = {size: np.dtype(f"i{size}") for size in (1, 2, 4, 8)}


def zero_unless(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``values`` where ``keep``, else 0 (+0.0, even where ``values`` is negative, inf or NaN).

    A bitwise AND of the values' bits with all-ones or all-zeros: the same result as
    ``np.where(keep, values, 0)``, whose inner loop branches on every element and runs ~30x
    slower on an unpredictable mask such as relu's.
    """
    kind = values.dtype.kind
    if kind not in "fiu":
        return np.where(keep, values, 0).astype(values.dtype, copy=False)
    bits = values.view(_SAME_SIZE_INTEGER[values.itemsize]) if kind == "f" else values
    all_or_nothing = np.negative(np.asarray(keep).view(np.int8))  # True -> -1: every bit set
    return np.bitwise_and(bits, all_or_nothing).view(values.dtype)


_INT8_ONE = np.array(1, np.int8)


def zero_where(values: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """``values``, but 0 (+0.0) where ``drop``: ``zero_unless`` with the mask the other way
    round, for masks computed as "where to drop" (no extra pass to invert them)."""
    kind = values.dtype.kind
    if kind not in "fiu":
        return np.where(drop, 0, values).astype(values.dtype, copy=False)
    bits = values.view(_SAME_SIZE_INTEGER[values.itemsize]) if kind == "f" else values
    all_or_nothing = np.subtract(np.asarray(drop).view(np.int8), _INT8_ONE)  # False -> -1
    return np.bitwise_and(bits, all_or_nothing).view(values.dtype)


@primitive("ThresholdBackwardBackward0", promotion=BINARY, promote=("grad_output",))
def threshold_backward(grad_output, self, threshold):
    """0 where self <= threshold, else grad_output (so a NaN input passes it, as in PyTorch)."""
    return zero_where(grad_output, self <= threshold)


threshold_backward.defgrad(
    grad_output=lambda grad, self, threshold: threshold_backward(grad, self, threshold),
    self=lambda grad, self: _constant_zeros(grad),
)


@primitive("LeakyReluBackwardBackward0", promotion=BINARY, promote=("grad_output",))
@half_in_float32  # the slope is a float32 for float16 gradients, as in PyTorch's kernel
def leaky_relu_backward(grad_output, self, negative_slope):
    """grad_output where self > 0, else grad_output * negative_slope."""
    scaled = np.multiply(grad_output, negative_slope, dtype=grad_output.dtype)
    return np.where(self > 0, grad_output, scaled)


leaky_relu_backward.defgrad(
    grad_output=lambda grad, self, negative_slope: leaky_relu_backward(grad, self, negative_slope),
    self=lambda grad, self: _constant_zeros(grad),
)


@primitive("HardtanhBackwardBackward0", promotion=BINARY, promote=("grad_output",))
def hardtanh_backward(grad_output, self, min_val, max_val):
    """0 where self <= min_val or self >= max_val, else grad_output (NaN inputs pass it)."""
    return zero_where(grad_output, (self <= min_val) | (self >= max_val))


hardtanh_backward.defgrad(
    grad_output=lambda grad, self, min_val, max_val: hardtanh_backward(
        grad, self, min_val, max_val
    ),
    self=lambda grad, self: _constant_zeros(grad),
)


def _constant_zeros(grad: Tensor) -> Tensor:
    """The zero gradient of a backward kernel's input that only selects (``self`` of
    threshold_backward). The formulas name that input although they do not read it: PyTorch's
    backward-of-backward nodes save every input, so ``_saved_self`` is the tensor."""
    from .._creation import zeros_like

    return zeros_like(grad)


# NOTE [Fused tanh backward]
# PyTorch's CPU tanh_backward computes grad_output * (1 - y * y) with 1 - y * y as one fused
# multiply-add: rounded once, not after the square and again after the subtraction (a
# third of float32 gradients differed in the last bit). For float32, 1 - y * y is exact in
# float64 (but for a rare double rounding), which the final multiply's cast rounds once.
# For float64, y * y is split exactly into p + e (Dekker's product) and 1 - p exactly into
# s + r (Fast2Sum: 1 >= p), so 1 - y * y == s + (r - e), rounded once by the last addition
# (the rounding of r - e, far below s's last bit, can only tip a tie).
_FLOAT32 = np.dtype(np.float32)
_FLOAT64 = np.dtype(np.float64)
_SPLIT = 134217729.0  # 2**27 + 1: splits a float64 into two halves of 26 bits


def _one_minus_square(y: np.ndarray) -> np.ndarray:
    """1 - y * y for float32 or float64 ``y`` with |y| <= 1, as one fused multiply-add
    computes it: float32's in float64, for the caller to round (NOTE [Fused tanh backward])."""
    if y.dtype == _FLOAT32:
        return 1 - np.square(y, dtype=_FLOAT64)
    square = y * y
    scaled = y * _SPLIT
    high = scaled - (scaled - y)
    low = y - high
    error = ((high * high - square) + 2 * high * low) + low * low  # y * y == square + error
    difference = 1 - square
    remainder = (1 - difference) - square  # 1 - square == difference + remainder
    return difference + (remainder - error)


@primitive("TanhBackwardBackward0", promotion=BINARY)
def tanh_backward(grad_output, output):
    """grad_output * (1 - output ** 2), the parenthesis rounded once (NOTE [Fused tanh
    backward])"""
    dtype = output.dtype
    if dtype in (_FLOAT32, _FLOAT64):
        wide = _one_minus_square(output)
        return np.multiply(grad_output, wide, dtype=dtype, casting="same_kind")
    if dtype is FLOAT16:  # in float32, rounded once, as PyTorch's kernel
        return in_float32(tanh_backward.forward, grad_output, output)
    one = scalar_operand(1, dtype)  # NOTE [Scalars as arrays]
    return grad_output * (one - output * output)


tanh_backward.defgrad(
    grad_output=lambda grad, output: tanh_backward(grad, output),
    output=lambda grad, grad_output, output: -2 * output * grad_output * grad,
)


@primitive("SigmoidBackwardBackward0", promotion=BINARY)
def sigmoid_backward(grad_output, output):
    """grad_output * (1 - output) * output, in that order (float16 rounded at each step, as
    PyTorch's kernel rounds it)"""
    one = scalar_operand(1, output.dtype)  # NOTE [Scalars as arrays]
    return grad_output * (one - output) * output


sigmoid_backward.defgrad(
    grad_output=lambda grad, output: sigmoid_backward(grad, output),
    output=lambda grad, grad_output, output: grad * grad_output * (1 - 2 * output),
)
# Holomorphic in both arguments: complex second derivatives conjugated as PyTorch's are.
declare_holomorphic(tanh_backward, sigmoid_backward)


def _zeros(shape: tuple[int, ...], like: np.ndarray) -> np.ndarray:
    return np.zeros(shape, dtype=like.dtype)


@primitive("SelectBackwardBackward0")
def select_backward(grad_output, input_sizes, dim, index):
    """Zeros of ``input_sizes`` with ``grad_output`` placed at ``index`` along ``dim``."""
    result = _zeros(input_sizes, grad_output)
    result[(slice(None),) * dim + (index,)] = grad_output
    return result


select_backward.defgrad(grad_output=lambda grad, dim, index: grad.select(dim, index))


@primitive("SliceBackwardBackward0")
def slice_backward(grad_output, input_sizes, dim, start, end, step):
    """Zeros of ``input_sizes`` with ``grad_output`` placed at ``start:end:step`` along ``dim``."""
    result = _zeros(input_sizes, grad_output)
    result[(slice(None),) * dim + (slice(start, end, step),)] = grad_output
    return result


def _slice_backward_grad(grad, dim, start, end, step):
    from .shape import _slice

    return _slice(grad, dim, start, end, step)


slice_backward.defgrad(grad_output=_slice_backward_grad)


@primitive("UnfoldBackwardBackward0")
def unfold_backward(grad_in, input_sizes, dim, size, step):
    """The gradient of ``unfold(dim, size, step)``: each window's gradient added back at the
    elements the window viewed (windows overlap when ``step < size``)."""
    result = _zeros(input_sizes, grad_in)
    if not input_sizes:  # a 0-d input: its one element is viewed by every window element
        result[()] = grad_in.sum()
        return result
    dim %= len(input_sizes)  # as given to unfold: possibly negative
    windows = grad_in.shape[dim]
    moved = np.moveaxis(grad_in, -1, 0)  # (size, ...input dims with ``dim`` of ``windows``)
    for offset in range(size):
        part = (slice(None),) * dim + (slice(offset, offset + step * (windows - 1) + 1, step),)
        result[part] += moved[offset]
    return result


def _unfold_backward_grad(grad, dim, size, step):
    from .shape import _unfold

    return _unfold(grad, dim, size, step)


unfold_backward.defgrad(grad_in=_unfold_backward_grad)


@primitive("IndexPutImplBackward0")
def index_backward(grad_output, input_sizes, indices):
    """Zeros of ``input_sizes`` with ``grad_output`` added at ``indices`` (repeats accumulate)."""
    result = _zeros(input_sizes, grad_output)
    np.add.at(result, indices, grad_output)
    return result


def _index_backward_grad(grad, indices):
    from .indexing import index

    return index(grad, indices)


index_backward.defgrad(grad_output=_index_backward_grad)


@primitive("ScatterBackward0")
def scatter_into_zeros(grad_output, input_sizes, dim, indices):
    """Zeros of ``input_sizes`` with ``grad_output`` put at ``indices`` along ``dim``."""
    if not input_sizes:  # a 0-d input: its one element was picked
        return np.array(grad_output, copy=True)
    result = _zeros(input_sizes, grad_output)
    np.put_along_axis(result, indices, grad_output, axis=dim)
    return result


def _scatter_into_zeros_grad(grad, dim, indices):
    if grad._data.ndim == 0:
        return grad
    return Tensor._from_array(np.take_along_axis(grad._data, indices._data, axis=dim))


scatter_into_zeros.defgrad(grad_output=_scatter_into_zeros_grad)
