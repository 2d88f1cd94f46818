"""Activation functions: leaky_relu, elu/selu/celu, gelu, silu, mish, softplus, hardtanh...

Each is a primitive (so ``grad_fn`` names match PyTorch's) whose formula is written in rungrad
ops, so second derivatives work too.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _special
from .._tensor import Tensor
from . import _elementary
from ._half import half_in_float32
from .backward_ops import (
    _constant_zeros,
    hardtanh_backward,
    leaky_relu_backward,
    sigmoid_backward,
    threshold_backward,
    zero_where,
)
from .pointwise import (
    _no_derivative,
    add_scalar,
    exp,
    mul,
    mul_scalar,
    sigmoid,
    sub,
    tanh,
    where,
)
from .registry import BINARY, FLOAT, array_formula, op_formula, primitive

__all__ = [
    "celu",
    "elu",
    "gelu",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "leaky_relu",
    "logsigmoid",
    "mish",
    "prelu",
    "relu6",
    "rrelu",
    "selu",
    "silu",
    "softplus",
    "softshrink",
    "softsign",
    "tanhshrink",
    "threshold",
]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _refuse_complex(kernel: str, array: np.ndarray) -> None:
    from .pointwise import _not_implemented_for

    _not_implemented_for(kernel, array)


def _floats_only(kernel: str) -> Any:
    """The check of an activation whose kernel has floating loops only: a bool or integer
    input raises its NotImplementedError (rather than being promoted to float). Runs only
    for inputs that are not floating already (the ops' fast path skips it)."""

    def check(self: Any, *_: Any) -> None:
        if isinstance(self, Tensor) and self._data.dtype.kind in "biu":
            _refuse_complex(kernel, self._data)

    return check


def _no_bool(kernel: str) -> Any:
    """As ``_floats_only``, for a kernel that has integer loops but none for bool."""

    def check(self: Any, *_: Any) -> None:
        if isinstance(self, Tensor) and self._data.dtype.kind == "b":
            _refuse_complex(kernel, self._data)

    return check


@primitive("LeakyReluBackward0", check=_floats_only("leaky_relu_cpu"), promotion=FLOAT)
@half_in_float32
def _leaky_relu(self, negative_slope):
    if self.dtype.kind == "c":
        _refuse_complex("leaky_relu_cpu", self)
    return np.where(self > 0, self, self * negative_slope).astype(self.dtype, copy=False)


_leaky_relu.defgrad(self=op_formula(leaky_relu_backward, "grad", "self", "negative_slope"))

# NOTE [In-place activations]
# In place, the input is overwritten: PyTorch's nodes for leaky_relu_, elu_, celu_, selu_,
# threshold_ and rrelu_ (``...Backward1``) compute the gradient from the result instead.
# Same forward; the result tells the two sides apart (x > 0 exactly where the result is).
_leaky_relu_ = primitive(
    "LeakyReluBackward1", check=_floats_only("leaky_relu_cpu"), promotion=FLOAT
)(_leaky_relu.forward)


def _leaky_relu_result_grad(grad: Tensor, result: Tensor, negative_slope: float) -> Tensor:
    if negative_slope < 0:
        raise RuntimeError(
            "In-place leakyReLu backward calculation is triggered with a negative slope which is "
            "not supported. This is caused by calling in-place forward function with a negative "
            "slope, please call out-of-place version instead. File an issue at "
            "https://github.com/pytorch/pytorch if you do require supporting in-place "
            "leakRelu backward calculation with negative slope"
        )
    return leaky_relu_backward(grad, result, negative_slope)


_leaky_relu_.defgrad(self=_leaky_relu_result_grad)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """leaky_relu(input, negative_slope=0.01) -> x if x > 0 else negative_slope * x"""
    return _inplace_or(_leaky_relu, input, inplace, negative_slope, inplace_op=_leaky_relu_)


def _inplace_or(
    op: object, input: Tensor, inplace: bool, *args: object, inplace_op: object = None
) -> Tensor:
    """``op(input, *args)``, or with ``inplace`` the result of ``inplace_op`` (PyTorch's node
    for the in-place variant, where it has one of its own; else ``op``) written into input."""
    if inplace:
        from .inplace import inplace as run_inplace

        return run_inplace(inplace_op or op, input, *args)
    return op(input, *args)  # type: ignore[operator]


@primitive("EluBackward0", check=_floats_only("elu_cpu"), promotion=FLOAT)
@half_in_float32
def _elu(self, alpha, scale, input_scale):
    if self.dtype.kind == "c":
        _refuse_complex("elu_cpu", self)
    return _elu_values(self, alpha, scale, input_scale)


def _elu_values(x: np.ndarray, alpha: float, scale: float, input_scale: float) -> np.ndarray:
    """elu's values as PyTorch's kernel rounds them: expm1(x * input_scale) * (alpha * scale)
    where x <= 0, alpha * scale a product in the dtype; x * scale elsewhere."""
    dtype = x.dtype.type
    coefficient = dtype(alpha) * dtype(scale)
    negative = _elementary.expm1(np.minimum(x, 0) * input_scale) * coefficient
    return np.where(x > 0, x * scale, negative).astype(x.dtype, copy=False)


@primitive("EluBackwardBackward0", promotion=FLOAT)
@half_in_float32
def elu_backward(grad_output, alpha, scale, input_scale, is_result, self_or_result):
    """The gradient of elu (selu, celu) from its input, or from its result (``is_result``:
    in place, where only the result is left)."""
    # PyTorch's order, its coefficient alpha * scale a product in the dtype
    dtype = self_or_result.dtype.type
    scaled = grad_output * input_scale
    coefficient = dtype(alpha) * dtype(scale)
    if is_result:  # where x <= 0, the derivative is input_scale * (result + scale * alpha)
        negative = scaled * (self_or_result + coefficient)
    else:
        negative = (
            scaled * coefficient * _elementary.exp(np.minimum(self_or_result, 0) * input_scale)
        )
    result = np.where(self_or_result > 0, grad_output * scale, negative)
    return result.astype(self_or_result.dtype, copy=False)


def _elu_second_derivative(
    grad: Tensor, grad_output: Tensor, alpha: float, scale: float, input_scale: float,
    is_result: bool, self_or_result: Tensor,
) -> Tensor:  # fmt: skip
    # The derivative of elu_backward's slope, kept where the input (or result) is negative:
    # at 0 the second derivative is 0, as in PyTorch.
    negative = (self_or_result < 0).to(grad.dtype)
    scaled = mul_scalar(grad * grad_output, input_scale)
    if is_result:
        return scaled * negative
    return elu_backward(scaled, alpha, scale, input_scale, False, self_or_result) * negative


elu_backward.defgrad(
    grad_output=lambda grad, alpha, scale, input_scale, is_result, self_or_result: elu_backward(
        grad, alpha, scale, input_scale, is_result, self_or_result
    ),
    self_or_result=_elu_second_derivative,
)
_elu.defgrad(
    self=lambda grad, self, alpha, scale, input_scale: elu_backward(
        grad, alpha, scale, input_scale, False, self
    )
)


_elu_ = primitive("EluBackward1", check=_floats_only("elu_cpu"), promotion=FLOAT)(_elu.forward)


def _elu_result_grad(
    grad: Tensor, result: Tensor, alpha: float, scale: float, input_scale: float
) -> Tensor:
    # Where x <= 0 the result is scale * alpha * (exp(x * input_scale) - 1), so the derivative
    # scale * alpha * input_scale * exp(x * input_scale) is input_scale * (result + scale * alpha).
    _check_positive_alpha(alpha)
    return elu_backward(grad, alpha, scale, input_scale, True, result)


def _check_positive_alpha(alpha: float) -> None:
    """With a negative alpha the result's sign no longer tells the input's: PyTorch refuses."""
    if alpha < 0:
        raise RuntimeError(
            "In-place elu backward calculation is triggered with a negative slope which is not "
            "supported. This is caused by calling in-place forward function with a negative "
            "slope, please call out-of-place version instead."
        )


_elu_.defgrad(self=_elu_result_grad)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """elu(input, alpha=1.0) -> x if x > 0 else alpha * (exp(x) - 1)"""
    return _inplace_or(_elu, input, inplace, alpha, 1, 1, inplace_op=_elu_)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """selu(input) -> scale * elu(x, alpha) with the self-normalising constants"""
    return _inplace_or(_elu, input, inplace, _SELU_ALPHA, _SELU_SCALE, 1, inplace_op=_elu_)


@primitive("CeluBackward0", check=_floats_only("elu_cpu"), promotion=FLOAT)
@half_in_float32
def _celu(self, alpha):
    return _elu_values(self, alpha, 1.0, 1.0 / alpha)  # as PyTorch: elu with these


# celu(x, alpha) is elu with scale 1 and input_scale 1 / alpha: PyTorch's gradient says so.
_celu.defgrad(self=lambda grad, self, alpha: elu_backward(grad, alpha, 1, 1.0 / alpha, False, self))


_celu_ = primitive("CeluBackward1", check=_floats_only("elu_cpu"), promotion=FLOAT)(_celu.forward)


def _celu_result_grad(grad: Tensor, result: Tensor, alpha: float) -> Tensor:
    # Where x <= 0 the result is alpha * (exp(x / alpha) - 1): the derivative is result / alpha + 1.
    _check_positive_alpha(alpha)
    return elu_backward(grad, alpha, 1, 1.0 / alpha, True, result)


_celu_.defgrad(self=_celu_result_grad)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """celu(input, alpha=1.0) -> x if x > 0 else alpha * (exp(x / alpha) - 1)"""
    if alpha == 0:  # PyTorch's kernel check, in its words
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _inplace_or(_celu, input, inplace, alpha, inplace_op=_celu_)


_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


@primitive("GeluBackward0", check=_floats_only("GeluKernelImpl"), promotion=FLOAT)
@half_in_float32
def _gelu(self, approximate):
    if self.dtype.kind == "c":
        _refuse_complex("GeluKernelImpl", self)
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (self + 0.044715 * self**3)
        return 0.5 * self * (1 + _elementary.tanh(inner))
    return 0.5 * self * (1 + _special.erf(self / math.sqrt(2)))


def _gelu_derivative(x: np.ndarray, approximate: str) -> np.ndarray:
    if approximate == "tanh":
        inner = _elementary.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3))
        slope = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
        return 0.5 * (1 + inner) + 0.5 * x * (1 - inner * inner) * slope
    pdf = _elementary.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    return 0.5 * (1 + _special.erf(x / math.sqrt(2))) + x * pdf


@primitive("GeluBackwardBackward0", promotion=FLOAT)
def gelu_backward(grad_output, self, approximate):
    """grad_output * gelu'(self)"""
    return (grad_output * _gelu_derivative(self, approximate)).astype(self.dtype, copy=False)


def _gelu_second_derivative(
    grad: Tensor, grad_output: Tensor, self: Tensor, approximate: str
) -> Tensor:
    if approximate == "tanh":
        # d/dx of 0.5 (1 + t) + 0.5 x (1 - t^2) s, where t = tanh(k (x + c x^3)) and
        # s = k (1 + 3 c x^2) is the derivative of tanh's argument.
        k, c = _SQRT_2_OVER_PI, 0.044715
        t = tanh(k * (self + c * self * self * self))
        slope = k * (1 + 3 * c * self * self)
        sech2 = 1 - t * t
        second = sech2 * slope + 0.5 * self * sech2 * (6 * k * c * self - 2 * t * slope * slope)
        return grad * grad_output * second
    pdf = exp(-0.5 * self * self) * (1 / math.sqrt(2 * math.pi))
    return grad * grad_output * pdf * (2 - self * self)


gelu_backward.defgrad(
    grad_output=lambda grad, self, approximate: gelu_backward(grad, self, approximate),
    self=_gelu_second_derivative,
)
_gelu.defgrad(self=lambda grad, self, approximate: gelu_backward(grad, self, approximate))


def gelu(input: Tensor, *, approximate: str = "none") -> Tensor:
    """gelu(input, *, approximate='none') -> x * Phi(x) (exact, or the tanh approximation)"""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return _gelu(input, approximate)


@primitive("SiluBackward0", check=_floats_only("silu_cpu"), promotion=FLOAT)
@half_in_float32
def _silu(self):
    return self / (1 + _elementary.exp(-self))


def _silu_grad(grad: Tensor, self: Tensor) -> Tensor:
    # PyTorch's graph: (grad * s) * (self * (1 - s) + 1), its 1 a 0-d tensor (SubBackward0).
    s = sigmoid(self)
    one = Tensor._from_array(np.ones((), dtype=s._data.dtype))
    return mul(grad * s, add_scalar(self * sub(one, s), 1))


def _silu_grad_on_arrays(grad: Any, self: Any) -> Any:
    s = sigmoid.forward(self)
    return grad * s * (1 + self * (1 - s))


_silu.defgrad(self=array_formula(_silu_grad, _silu_grad_on_arrays))


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """silu(input) -> x * sigmoid(x)"""
    return _inplace_or(_silu, input, inplace)


@primitive("SoftplusBackward0", check=_floats_only("softplus_cpu"), promotion=FLOAT)
def _softplus(self, beta, threshold):
    if self.dtype.kind == "c":
        _refuse_complex("softplus_cpu", self)
    scaled = self * beta
    soft = np.logaddexp(0, scaled) / beta
    return np.where(scaled > threshold, self, soft).astype(self.dtype, copy=False)


@primitive("SoftplusBackwardBackward0", promotion=FLOAT)
def softplus_backward(grad_output, self, beta, threshold):
    """grad_output * sigmoid(beta x), or grad_output where softplus is linear (beta x >
    threshold)."""
    scaled = self * beta
    slope = _elementary.exp(-np.logaddexp(0, -scaled))  # sigmoid(scaled), without overflow
    result = np.where(scaled > threshold, grad_output, grad_output * slope)
    return result.astype(self.dtype, copy=False)


def _softplus_second_derivative(
    grad: Tensor, grad_output: Tensor, self: Tensor, beta: float, threshold: float
) -> Tensor:
    # d/dx of sigmoid(beta x) is beta s (1 - s), below the threshold; zero where softplus is
    # linear.
    scaled = mul_scalar(self, beta)
    curved = (scaled < threshold).to(grad.dtype)
    return mul_scalar(sigmoid_backward(grad * grad_output, sigmoid(scaled)) * curved, beta)


softplus_backward.defgrad(
    grad_output=lambda grad, self, beta, threshold: softplus_backward(grad, self, beta, threshold),
    self=_softplus_second_derivative,
)
_softplus.defgrad(
    self=lambda grad, self, beta, threshold: softplus_backward(grad, self, beta, threshold)
)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """softplus(input, beta=1, threshold=20) -> log(1 + exp(beta x)) / beta (linear above
    ``threshold``)"""
    return _softplus(input, beta, threshold)


@primitive("MishBackward0", check=_floats_only("mish_cpu"), promotion=FLOAT)
@half_in_float32
def _mish(self):
    if self.dtype.kind == "c":
        _refuse_complex("mish_cpu", self)
    return self * _elementary.tanh(np.logaddexp(0, self))


def _mish_grad(grad: Tensor, self: Tensor) -> Tensor:
    s = sigmoid(self)  # before the softplus, as PyTorch: the double backward's order
    t = tanh(softplus(self))
    return grad * (t + self * s * (1 - t * t))


_mish.defgrad(self=_mish_grad)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """mish(input) -> x * tanh(softplus(x))"""
    return _inplace_or(_mish, input, inplace)


@primitive("HardtanhBackward0", promotion=FLOAT)
def _hardtanh(self, min_val, max_val):
    if self.dtype.kind == "c":
        raise NotImplementedError("clamp is not supported for complex types")
    return np.clip(self, min_val, max_val)


_hardtanh.defgrad(self=op_formula(hardtanh_backward, "grad", "self", "min_val", "max_val"))


def hardtanh(
    input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """hardtanh(input, min_val=-1, max_val=1) -> x clipped to [min_val, max_val]"""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    kind = input._data.dtype.kind if isinstance(input, Tensor) else "f"
    if kind == "b":
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if kind in "iu":  # PyTorch clamps integers in their own dtype, the bounds truncated
        low, high = int(min_val), int(max_val)
        if kind == "u" and (low < 0 or high < 0):
            raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
        return input.clamp_(low, high) if inplace else input.clamp(low, high)
    return _inplace_or(_hardtanh, input, inplace, min_val, max_val)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """relu6(input) -> min(max(x, 0), 6)"""
    return hardtanh(input, 0, 6, inplace)  # integers, as PyTorch saves them


@primitive("HardsigmoidBackward0", check=_floats_only("hardsigmoid_cpu"), promotion=FLOAT)
@half_in_float32
def _hardsigmoid(self):
    if self.dtype.kind == "c":
        _refuse_complex("hardsigmoid_cpu", self)
    return (np.clip(self + 3, 0, 6) / 6).astype(self.dtype, copy=False)


def _hardsigmoid_backward_forward(grad_output, self):
    # As PyTorch, 1/6 is a float32 constant whatever the dtype (its float64 gradients are
    # 0.1666666716337204).
    inside = (self > -3) & (self < 3)
    return np.where(inside, grad_output * np.float32(1 / 6), 0).astype(self.dtype, copy=False)


# PyTorch has no derivative for hardsigmoid's gradient: its node is ``NotImplemented``, with
# an edge for each of (grad_output, self) that requires grad, and only those. One primitive
# per such pair, so that the node has exactly those edges.
hardsigmoid_backward = _no_derivative(
    "hardsigmoid_backward", _hardsigmoid_backward_forward, promotion=FLOAT
)
_hardsigmoid_backward_of_self = _no_derivative(
    "hardsigmoid_backward", _hardsigmoid_backward_forward, promotion=FLOAT, only=("self",)
)
_hardsigmoid_backward_of_grad = _no_derivative(
    "hardsigmoid_backward", _hardsigmoid_backward_forward, promotion=FLOAT, only=("grad_output",)
)


def _hardsigmoid_grad(grad: Tensor, self: Tensor) -> Tensor:
    if not grad.requires_grad:
        return _hardsigmoid_backward_of_self(grad, self)
    if not self.requires_grad:
        return _hardsigmoid_backward_of_grad(grad, self)
    return hardsigmoid_backward(grad, self)


_hardsigmoid.defgrad(
    self=array_formula(
        _hardsigmoid_grad, lambda grad, self: _hardsigmoid_backward_forward(grad, self)
    )
)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """hardsigmoid(input) -> relu6(x + 3) / 6"""
    return _inplace_or(_hardsigmoid, input, inplace)


@primitive("HardswishBackward0", check=_floats_only("hardswish_cpu"), promotion=FLOAT)
@half_in_float32
def _hardswish(self):
    return (self * np.clip(self + 3, 0, 6) / 6).astype(self.dtype, copy=False)


@primitive("HardswishBackwardBackward0", promotion=FLOAT)
@half_in_float32
def hardswish_backward(grad_output, self):
    """The gradient of hardswish: as PyTorch, 0 from -3 down, grad_output from 3 up (both
    ends included), grad_output * (x / 3 + 0.5) between."""
    middle = grad_output * (self / 3 + 0.5)  # PyTorch's order, to the last bit
    result = np.where(self <= -3, grad_output * 0, np.where(self < 3, middle, grad_output))
    return result.astype(self.dtype, copy=False)


hardswish_backward.defgrad(
    grad_output=lambda grad, self: hardswish_backward(grad, self),
    # d/dx of (2 x + 3) / 6 is 1/3, strictly inside (-3, 3); zero elsewhere.
    self=lambda grad, grad_output, self: where(
        (self > -3) & (self < 3), grad * grad_output / 3, grad * 0
    ),
)
_hardswish.defgrad(self=op_formula(hardswish_backward, "grad", "self"))


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """hardswish(input) -> x * relu6(x + 3) / 6"""
    return _inplace_or(_hardswish, input, inplace)


@primitive("LogSigmoidBackward0", check=_floats_only("log_sigmoid_cpu"), promotion=FLOAT)
def _logsigmoid(self):
    return -np.logaddexp(0, -self)


@primitive("LogSigmoidBackwardBackward0", promotion=FLOAT)
def log_sigmoid_backward(grad_output, self, buffer):
    """The gradient of logsigmoid, grad_output * sigmoid(-x); ``buffer`` is exp(-|x|), which
    PyTorch's forward keeps for it: sigmoid(-x) is 1 / (1 + b) below 0, b / (1 + b) above."""
    slope = np.where(self < 0, 1, buffer) / (1 + buffer)
    return (grad_output * slope).astype(self.dtype, copy=False)


def _log_sigmoid_second_derivative(
    grad: Tensor, grad_output: Tensor, self: Tensor, buffer: Tensor
) -> Tensor:
    # d/dx of sigmoid(-x) is (s - 1) s, s = sigmoid(x). ``buffer`` is named so that the
    # node keeps it, as PyTorch's does.
    s = sigmoid(self)
    return grad * grad_output * (s - 1) * s


log_sigmoid_backward.defgrad(
    grad_output=lambda grad, self, buffer: log_sigmoid_backward(grad, self, buffer),
    self=_log_sigmoid_second_derivative,
)


def _log_sigmoid_buffer(self: Any) -> Any:
    return _elementary.exp(-np.abs(self))


def _logsigmoid_grad(grad: Tensor, self: Tensor) -> Tensor:
    buffer = Tensor._from_array(_log_sigmoid_buffer(self._data))
    return log_sigmoid_backward(grad, self, buffer)


def _logsigmoid_grad_on_arrays(grad: Any, self: Any) -> Any:
    return log_sigmoid_backward.forward(grad, self, _log_sigmoid_buffer(self))


_logsigmoid.defgrad(self=array_formula(_logsigmoid_grad, _logsigmoid_grad_on_arrays))


def _saved_buffer(node: Any) -> Tensor:
    """PyTorch's ``LogSigmoidBackward0._saved_buffer``, exp(-|x|), which its forward returns
    besides the result. Computed from the saved input when read: the forward pays nothing."""
    return Tensor._from_array(_log_sigmoid_buffer(node._unpack_saved("self")._data))


def _raw_saved_buffer(node: Any) -> Any:
    from ..autograd.saved import save_input

    return save_input(_saved_buffer(node))


_logsigmoid.primitive.node_class._saved_buffer = property(_saved_buffer)
_logsigmoid.primitive.node_class._raw_saved_buffer = property(_raw_saved_buffer)


def logsigmoid(input: Tensor) -> Tensor:
    """logsigmoid(input) -> log(sigmoid(x)), computed stably"""
    return _logsigmoid(input)


@primitive("ThresholdBackward0", check=_no_bool("threshold_cpu"), promotion=FLOAT)
def _threshold(self, threshold, value):
    return np.where(self > threshold, self, value).astype(self.dtype, copy=False)


_threshold.defgrad(self=op_formula(threshold_backward, "grad", "self", "threshold"))
_threshold_ = primitive("ThresholdBackward1", check=_no_bool("threshold_cpu"), promotion=FLOAT)(
    _threshold.forward
)
_threshold_.defgrad(self=op_formula(threshold_backward, "grad", "self", "threshold"))


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """threshold(input, threshold, value) -> x if x > threshold else value"""
    if isinstance(input, Tensor) and input._data.dtype.kind in "iu":  # kept in their dtype
        replaced = input <= threshold
        return (
            input.masked_fill_(replaced, value) if inplace else input.masked_fill(replaced, value)
        )
    return _inplace_or(_threshold, input, inplace, threshold, value, inplace_op=_threshold_)


def softsign(input: Tensor) -> Tensor:
    """softsign(input) -> x / (1 + |x|)"""
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:
    """tanhshrink(input) -> x - tanh(x)"""
    return input - tanh(input)


# -- shrinkage, gated and parametric units --------------------------------------------------
# Elements per AVX2 register, by item size: PyTorch's CPU kernels handle these in pairs.
_SIMD_LANES = {8: 4, 4: 8, 2: 16}


@primitive("SoftshrinkBackward0", check=_floats_only("softshrink_check"), promotion=FLOAT)
def _softshrink(self, lambd):
    inside = self * 0  # nan stays nan; laid out in memory as the input
    # PyTorch's vectorised loop, over whole pairs of SIMD registers, returns +0.0 inside the
    # band; the scalar loop over the rest of a run returns ``x * 0`` (-0.0 for a negative x).
    # A run is the whole tensor when it is contiguous, else (roughly) its last dimension.
    if self.flags.c_contiguous or self.flags.f_contiguous:
        runs = inside.reshape(1, -1, order="A")
    else:
        runs = inside.reshape(-1, self.shape[-1])
    lanes = 2 * _SIMD_LANES.get(self.dtype.itemsize, 1)
    runs[:, : runs.shape[1] - runs.shape[1] % lanes] += 0  # -0.0 + 0 is +0.0
    shrunk = np.where(self > lambd, self - lambd, np.where(self < -lambd, self + lambd, inside))
    return shrunk.astype(self.dtype, copy=False)


@primitive("SoftshrinkBackwardBackward0", promotion=BINARY, promote=("grad_output",))
def softshrink_backward(grad_output, self, lambd):
    """0 where -lambd <= self <= lambd, else grad_output (a NaN input passes it)."""
    return zero_where(grad_output, (self >= -lambd) & (self <= lambd))


softshrink_backward.defgrad(
    grad_output=lambda grad, self, lambd: softshrink_backward(grad, self, lambd),
    self=lambda grad, self: _constant_zeros(grad),
)
_softshrink.defgrad(self=op_formula(softshrink_backward, "grad", "self", "lambd"))


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """softshrink(input, lambd=0.5) -> x - lambd if x > lambd, x + lambd if x < -lambd, else 0"""
    if lambd < 0:
        finfo = np.finfo(input._data.dtype) if input.is_floating_point() else np.finfo(np.float32)
        name = {"float64": "Double", "float32": "Float", "float16": "Half"}.get(
            str(finfo.dtype), "Float"
        )
        raise RuntimeError(
            f"lambda must be in range [0, {float(finfo.max):g}] for input dtype {name}, "
            f"but found {lambd:g}"
        )
    return _softshrink(input, lambd)


@primitive("HardshrinkBackward0", check=_floats_only("hardshrink_cpu"), promotion=FLOAT)
def _hardshrink(self, lambd):
    inside = (self >= -lambd) & (self <= lambd)  # nan is outside: it stays nan
    return np.where(inside, 0, self).astype(self.dtype, copy=False)


@primitive("HardshrinkBackwardBackward0", promotion=BINARY, promote=("grad_output",))
def hardshrink_backward(grad_output, self, lambd):
    """0 where -lambd <= self <= lambd, else grad_output (a NaN input passes it)."""
    return zero_where(grad_output, (self >= -lambd) & (self <= lambd))


hardshrink_backward.defgrad(
    grad_output=lambda grad, self, lambd: hardshrink_backward(grad, self, lambd),
    self=lambda grad, self: _constant_zeros(grad),
)
_hardshrink.defgrad(self=op_formula(hardshrink_backward, "grad", "self", "lambd"))


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """hardshrink(input, lambd=0.5) -> x if |x| > lambd else 0"""
    return _hardshrink(input, lambd)


@primitive("GluBackward0", check=_floats_only("glu_cpu"), promotion=FLOAT)
def _glu(self, dim):
    first, second = np.split(self, 2, axis=dim)
    return (first / (1 + _elementary.exp(-second))).astype(self.dtype, copy=False)


def _glu_grad(grad: Tensor, self: Tensor, dim: int) -> Tensor:
    from .joining import cat

    half = self.shape[dim] // 2
    first, second = self.narrow(dim, 0, half), self.narrow(dim, half, half)
    gate = sigmoid(second)
    return cat([grad * gate, grad * first * gate * (1 - gate)], dim)


_glu.defgrad(self=_glu_grad)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """glu(input, dim=-1) -> a * sigmoid(b), with a and b the halves of input along dim"""
    from ._checks import wrap_dims

    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    (axis,) = wrap_dims((dim,), input.dim())
    if input.shape[axis] % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {axis} is size {input.shape[axis]}"
        )
    return _glu(input, axis)


@primitive("PreluKernelBackward0", check=_floats_only("prelu_cpu"), promotion=FLOAT)
def _prelu(self, weight):
    # ``weight``: (1, C, 1, ...) for inputs of 2 or more dims (the caller's view), else (1,)
    # or, for a 0-d input, 0-d.
    return np.where(self > 0, self, self * weight).astype(self.dtype, copy=False)


@primitive("PreluKernelBackwardBackward0", promotion=FLOAT, num_outputs=2)
def prelu_kernel_backward(grad_output, self, weight):
    """The gradients of prelu: for the input, grad_output where x > 0, else grad_output *
    weight; for the weight, grad_output * x where x <= 0, element by element (the node sums
    it to the weight's shape)."""
    positive = self > 0
    grad_self = np.where(positive, grad_output, grad_output * weight).astype(self.dtype, copy=False)
    grad_weight = np.where(positive, 0, grad_output * self).astype(self.dtype, copy=False)
    return grad_self, grad_weight


def _prelu_grads(grads: Any) -> tuple[Any, Any]:
    return grads[0], grads[1]


# Each formula names grad_output, self and weight, so that the node keeps all three, as
# PyTorch's does.
def _prelu_backward_grad_output_grad(
    grads: Any, grad_output: Tensor, self: Tensor, weight: Tensor
) -> Any:
    grad_self, grad_weight = _prelu_grads(grads)
    result = None
    if grad_self is not None:
        result = where(self > 0, grad_self, grad_self * weight)
    if grad_weight is not None:
        term = where(self > 0, grad_weight * 0, grad_weight * self)
        result = term if result is None else result + term
    return result


def _prelu_backward_self_grad(grads: Any, grad_output: Tensor, self: Tensor, weight: Tensor) -> Any:
    # grad_self is piecewise constant in x; grad_weight is grad_output * x where x <= 0.
    _, grad_weight = _prelu_grads(grads)
    if grad_weight is None:
        return None
    return where(self > 0, grad_weight * 0, grad_weight * grad_output)


def _prelu_backward_weight_grad(
    grads: Any, grad_output: Tensor, self: Tensor, weight: Tensor
) -> Any:
    grad_self, _ = _prelu_grads(grads)
    if grad_self is None:
        return None
    return where(self > 0, grad_self * 0, grad_self * grad_output)


prelu_kernel_backward.defgrad(
    grad_output=_prelu_backward_grad_output_grad,
    self=_prelu_backward_self_grad,
    weight=_prelu_backward_weight_grad,
)


def _prelu_self_grad(grad: Tensor, self: Tensor, weight: Tensor) -> Tensor:
    return prelu_kernel_backward(grad, self, weight)[0]


def _prelu_weight_grad(grad: Tensor, self: Tensor, weight: Tensor) -> Tensor:
    # As PyTorch: the element-wise gradient summed over the dims the weight broadcasts along.
    full = prelu_kernel_backward(grad, self, weight)[1]
    dims = [d for d in range(self.dim()) if weight.shape[d] == 1 and self.shape[d] != 1]
    return full.sum(dim=dims, keepdim=True) if dims else full


_prelu.defgrad(self=_prelu_self_grad, weight=_prelu_weight_grad)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """prelu(input, weight) -> x if x > 0 else weight * x (weight per channel, dim 1)"""
    if weight.dim() > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}"
        )
    if input.dtype != weight.dtype:
        raise RuntimeError(
            "prelu: Type promoting not supported. Got "
            f"{input.dtype.legacy_name} and {weight.dtype.legacy_name}"
        )
    channels = input.shape[1] if input.dim() >= 2 else 1
    if weight.numel() != 1 and weight.numel() != channels:
        raise RuntimeError(
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = "
            f"{weight.numel()} and channel size = {channels}."
        )
    if input.dim() >= 2:
        # As PyTorch: the kernel gets the weight reshaped to (1, C, 1, ...) (a view if it can).
        weight = weight.reshape(1, weight.numel(), *[1] * (input.dim() - 2))
    elif input.dim() == 0:
        weight = weight.reshape(())
    elif weight.dim() == 0:
        weight = weight.reshape(1)
    return _prelu(input, weight)


def _rrelu_slopes(self: np.ndarray, noise: np.ndarray, lower: float, upper: float,
                  training: bool) -> np.ndarray:  # fmt: skip
    """Each element's slope: the noise drawn in training, else (lower + upper) / 2 where the
    input is not positive (PyTorch's node then keeps a noise it did not fill: zeros here)."""
    if training:
        return noise
    return np.where(self > 0, 1.0, (lower + upper) / 2).astype(noise.dtype, copy=False)


@primitive(
    "RreluWithNoiseBackward0",
    check=_floats_only("leaky_relu_cpu"),
    promotion=FLOAT,
    promote=("self",),
)
def _rrelu_with_noise(self, noise, lower, upper, training):
    slopes = _rrelu_slopes(self, noise, lower, upper, training)
    return (self * slopes).astype(self.dtype, copy=False)


@primitive("RreluWithNoiseBackwardBackward0", promotion=BINARY, promote=("grad_output",))
def rrelu_with_noise_backward(grad_output, self_or_result, noise, lower, upper, training):
    """grad_output times each element's slope (``self_or_result``: the input, or the result
    in place, whose signs are the input's)."""
    slopes = _rrelu_slopes(self_or_result, noise, lower, upper, training)
    return np.multiply(grad_output, slopes, dtype=grad_output.dtype)


rrelu_with_noise_backward.defgrad(
    grad_output=lambda grad, self_or_result, noise, lower, upper, training: (
        rrelu_with_noise_backward(grad, self_or_result, noise, lower, upper, training)
    ),
    self_or_result=lambda grad, self_or_result: _constant_zeros(grad),
)
_RRELU_OPTIONS = ("noise", "lower", "upper", "training")
_rrelu_with_noise.defgrad(
    self=op_formula(rrelu_with_noise_backward, "grad", "self", *_RRELU_OPTIONS)
)
_rrelu_with_noise_ = primitive(
    "RreluWithNoiseBackward1",
    check=_floats_only("leaky_relu_cpu"),
    promotion=FLOAT,
    promote=("self",),
)(_rrelu_with_noise.forward)
_rrelu_with_noise_.defgrad(
    self=op_formula(rrelu_with_noise_backward, "grad", "result", *_RRELU_OPTIONS)
)


def rrelu(
    input: Tensor,
    lower: float = 1.0 / 8,
    upper: float = 1.0 / 3,
    training: bool = False,
    inplace: bool = False,
) -> Tensor:
    """rrelu(input, lower=1/8, upper=1/3, training=False) -> x if x >= 0 else a * x, with a
    drawn from U(lower, upper) in training and (lower + upper) / 2 otherwise"""
    return rrelu_drawn(input, lower, upper, training, inplace, None)


def rrelu_drawn(
    input: Tensor, lower: float, upper: float, training: bool, inplace: bool, generator: Any
) -> Tensor:
    """rrelu with its slopes drawn from ``generator`` (None: the default one), which
    ``torch.rrelu`` takes and ``F.rrelu`` does not."""
    from .._random import default_generator

    data = input._data
    if training:  # a float64 U(lower, upper) slope per element that is not positive, in order
        noise = np.ones(data.shape)
        negative = ~(data > 0)
        unit = (generator or default_generator)._unit(int(negative.sum()), np.dtype(np.float64))
        noise[negative] = unit * (upper - lower) + lower
    else:
        noise = np.zeros(data.shape)
    noise = Tensor._from_array(noise.astype(data.dtype if data.dtype.kind == "f" else np.float32))
    return _inplace_or(
        _rrelu_with_noise, input, inplace, noise, lower, upper, bool(training),
        inplace_op=_rrelu_with_noise_,
    )  # fmt: skip
