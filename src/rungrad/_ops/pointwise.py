"""Pointwise ops: arithmetic, unary math, comparisons and logical ops.

Each differentiable op is a ``@primitive`` with one formula per input (see ``registry``).
Binary ops broadcast; the node sums gradients back to each input's shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .backward_ops import sigmoid_backward, tanh_backward, threshold_backward
from .registry import BINARY, FLOAT, primitive

__all__ = [
    "abs",
    "add",
    "allclose",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "clamp",
    "cos",
    "div",
    "div_scalar",
    "eq",
    "equal",
    "exp",
    "floor_divide",
    "ge",
    "gt",
    "isfinite",
    "isinf",
    "isnan",
    "le",
    "log",
    "logical_and",
    "logical_not",
    "logical_or",
    "lt",
    "masked_fill",
    "maximum",
    "minimum",
    "mul",
    "mul_scalar",
    "ne",
    "neg",
    "pow",
    "reciprocal",
    "relu",
    "remainder",
    "rsqrt",
    "rsub",
    "sigmoid",
    "sign",
    "sin",
    "sqrt",
    "square",
    "sub",
    "tanh",
    "true_divide",
    "where",
]


def _zeros(grad: Tensor) -> Tensor:
    """A gradient that is identically zero: a constant, outside the graph (as in PyTorch)."""
    from .._creation import zeros_like

    return zeros_like(grad)


# Formulas multiply and divide by Python numbers through these: PyTorch's backward graphs
# show them as the Scalar overloads (``MulBackward1``, ``DivBackward1``).
@primitive("MulBackward1", promotion=BINARY)
def mul_scalar(self, other):
    """self * other, where ``other`` is a Python number (used by backward formulas)."""
    return np.multiply(self, other)


mul_scalar.defgrad(self=lambda grad, other: mul_scalar(grad, other))


@primitive("DivBackward1", promotion=FLOAT)
def div_scalar(self, other):
    """self / other, where ``other`` is a Python number (used by backward formulas)."""
    return np.true_divide(self, other)


div_scalar.defgrad(self=lambda grad, other: div_scalar(grad, other))


# -- arithmetic --------------------------------------------------------------------------
@primitive("AddBackward0", promotion=BINARY, promote=("self", "other"))
def add(self, other, alpha=1):
    """add(input, other, *, alpha=1) -> input + alpha * other"""
    return np.add(self, other) if alpha == 1 else np.add(self, np.multiply(other, alpha))


add.defgrad(
    self=lambda grad: grad,
    other=lambda grad, alpha: grad if alpha == 1 else mul_scalar(grad, alpha),
)


@primitive("SubBackward0", promotion=BINARY, promote=("self", "other"))
def sub(self, other, alpha=1):
    """sub(input, other, *, alpha=1) -> input - alpha * other"""
    if np.asarray(self).dtype == np.bool_ and np.asarray(other).dtype == np.bool_:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. "
            "Use the `^` or `logical_xor()` operator instead."
        )
    return np.subtract(self, other) if alpha == 1 else np.subtract(self, np.multiply(other, alpha))


sub.defgrad(
    self=lambda grad: grad,
    other=lambda grad, alpha: -grad if alpha == 1 else mul_scalar(-grad, alpha),
)


def _rsub_forward(self, other, alpha=1):
    return np.subtract(other, self) if alpha == 1 else np.subtract(other, np.multiply(self, alpha))


def _rsub_self_grad(grad: Tensor, alpha: Any) -> Tensor:
    return -grad if alpha == 1 else mul_scalar(-grad, alpha)


# rsub has two nodes in PyTorch: tensor - tensor (both differentiable) and Python number - tensor.
_rsub_tensor = primitive("RsubBackward0", promotion=BINARY)(_rsub_forward)
_rsub_tensor.defgrad(self=_rsub_self_grad, other=lambda grad: grad)
_rsub_scalar = primitive("RsubBackward1", promotion=BINARY)(_rsub_forward)
_rsub_scalar.defgrad(self=_rsub_self_grad)


def rsub(input: Any, other: Any, alpha: Any = 1) -> Tensor:
    """rsub(input, other, *, alpha=1) -> other - alpha * input"""
    if isinstance(other, Tensor):
        return _rsub_tensor(input, other, alpha)
    return _rsub_scalar(input, other, alpha)


@primitive("MulBackward0", promotion=BINARY)
def mul(self, other):
    """mul(input, other) -> input * other"""
    return np.multiply(self, other)


mul.defgrad(self=lambda grad, other: grad * other, other=lambda grad, self: grad * self)


@primitive("DivBackward0", promotion=FLOAT)
def true_divide(self, other):
    """div(input, other) -> input / other (true division, in floating point)"""
    return np.true_divide(self, other)


true_divide.defgrad(
    self=lambda grad, other: grad / other,
    other=lambda grad, self, other: -grad * ((self / other) / other),
)


@primitive("DivBackward2", promotion=BINARY)
def _div_rounded(self, other, rounding_mode):
    if rounding_mode == "floor":
        return np.floor_divide(self, other)
    quotient = np.trunc(np.true_divide(self, other))
    dtype = np.result_type(self, other)
    return quotient if dtype.kind == "f" else quotient.astype(dtype)


_div_rounded.defgrad(self=_zeros, other=_zeros)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """div(input, other, *, rounding_mode=None) -> Tensor

    ``rounding_mode`` is None (true division), ``"trunc"`` or ``"floor"``.
    """
    if rounding_mode is None:
        return true_divide(input, other)
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(
            "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
            f"'{rounding_mode}'"
        )
    return _div_rounded(input, other, rounding_mode)


def floor_divide(input: Any, other: Any) -> Tensor:
    """floor_divide(input, other) -> input // other"""
    return _div_rounded(input, other, "floor")


def _remainder_forward(self, other):
    return np.remainder(self, other)


# remainder = self - other * floor(self / other), so d/dself = 1, d/dother = -floor(self/other).
_remainder_scalar = primitive("RemainderBackward0", promotion=BINARY)(_remainder_forward)
_remainder_scalar.defgrad(self=lambda grad: grad)
_remainder_tensor = primitive("RemainderBackward1", promotion=BINARY)(_remainder_forward)
_remainder_tensor.defgrad(
    self=lambda grad: grad,
    other=lambda grad, self, other: -grad * _div_rounded(self, other, "floor"),
)


def remainder(input: Any, other: Any) -> Tensor:
    """remainder(input, other) -> Python-style modulus (sign of the divisor)"""
    if isinstance(other, Tensor) and isinstance(input, Tensor):
        return _remainder_tensor(input, other)
    return _remainder_scalar(input, other)


# pow has three nodes in PyTorch: tensor ** scalar, tensor ** tensor, scalar ** tensor.
@primitive("PowBackward0", promotion=BINARY)
def _pow_tensor_scalar(self, exponent):
    return np.power(self, exponent)


def _pow_tensor_scalar_grad(grad: Tensor, self: Tensor, exponent: Any) -> Tensor:
    if exponent == 0:
        return _zeros(grad)
    return grad * (exponent * self ** (exponent - 1))


_pow_tensor_scalar.defgrad(self=_pow_tensor_scalar_grad)


@primitive("PowBackward1", promotion=BINARY)
def _pow_tensor_tensor(self, exponent):
    return np.power(self, exponent)


def _pow_exponent_grad(grad: Tensor, base: Any, result: Tensor, exponent: Any) -> Tensor:
    # d(b^e)/de = b^e log(b); where b == 0 and e >= 0 the limit is 0, not nan.
    from .._creation import zeros_like

    grad_exponent = result * log(base)
    undefined = (base == 0) & (exponent >= 0) if isinstance(base, Tensor) else None
    if undefined is not None:
        grad_exponent = where(undefined, zeros_like(grad_exponent), grad_exponent)
    elif base == 0:
        grad_exponent = where(exponent >= 0, zeros_like(grad_exponent), grad_exponent)
    return grad * grad_exponent


_pow_tensor_tensor.defgrad(
    self=lambda grad, self, exponent: where(
        exponent == 0.0, 0.0, grad * (exponent * self ** (exponent - 1))
    ),
    exponent=lambda grad, self, result, exponent: _pow_exponent_grad(grad, self, result, exponent),
)


@primitive("PowBackward2", promotion=BINARY)
def _pow_scalar_tensor(self, exponent):
    return np.power(self, exponent)


def _pow_scalar_base_grad(grad: Tensor, self: Any, result: Tensor, exponent: Tensor) -> Tensor:
    import math

    if self == 0:
        from .._creation import zeros_like

        return grad * where(exponent >= 0, zeros_like(result), result * float("-inf"))
    return grad * (result * math.log(self))


_pow_scalar_tensor.defgrad(exponent=_pow_scalar_base_grad)


def pow(input: Any, exponent: Any) -> Tensor:
    """pow(input, exponent) -> input ** exponent (either may be a Python number)"""
    if isinstance(input, Tensor):
        if isinstance(exponent, Tensor):
            return _pow_tensor_tensor(input, exponent)
        _check_integer_power(input, exponent)
        return _pow_tensor_scalar(input, exponent)
    return _pow_scalar_tensor(input, exponent)


def _check_integer_power(base: Tensor, exponent: Any) -> None:
    if base._data.dtype.kind in "iu" and isinstance(exponent, int) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")


def square(input: Tensor) -> Tensor:
    """square(input) -> input ** 2"""
    return pow(input, 2)


@primitive("NegBackward0")
def neg(self):
    """neg(input) -> -input"""
    if self.dtype == np.bool_:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return np.negative(self)


neg.defgrad(self=lambda grad: -grad)


@primitive("AbsBackward0")
def abs(self):
    """abs(input) -> |input|"""
    return np.abs(self)


abs.defgrad(self=lambda grad, self: grad * sign(self))


@primitive("SignBackward0")
def sign(self):
    """sign(input) -> -1, 0 or 1 elementwise"""
    return np.sign(self)


sign.defgrad(self=_zeros)


@primitive("ReciprocalBackward0", promotion=FLOAT)
def reciprocal(self):
    """reciprocal(input) -> 1 / input"""
    return np.reciprocal(self)


reciprocal.defgrad(self=lambda grad, result: -grad * (result * result))


@primitive("ExpBackward0", promotion=FLOAT)
def exp(self):
    """exp(input) -> e ** input"""
    return np.exp(self)


exp.defgrad(self=lambda grad, result: grad * result)


@primitive("LogBackward0", promotion=FLOAT)
def log(self):
    """log(input) -> natural logarithm"""
    return np.log(self)


log.defgrad(self=lambda grad, self: grad / self)


@primitive("SqrtBackward0", promotion=FLOAT)
def sqrt(self):
    """sqrt(input) -> square root"""
    return np.sqrt(self)


sqrt.defgrad(self=lambda grad, result: grad / (2 * result))


@primitive("RsqrtBackward0", promotion=FLOAT)
def rsqrt(self):
    """rsqrt(input) -> 1 / sqrt(input)"""
    return np.reciprocal(np.sqrt(self))


rsqrt.defgrad(self=lambda grad, result: -0.5 * grad * result * result * result)


@primitive("SinBackward0", promotion=FLOAT)
def sin(self):
    """sin(input)"""
    return np.sin(self)


sin.defgrad(self=lambda grad, self: grad * cos(self))


@primitive("CosBackward0", promotion=FLOAT)
def cos(self):
    """cos(input)"""
    return np.cos(self)


cos.defgrad(self=lambda grad, self: grad * -sin(self))


@primitive("TanhBackward0", promotion=FLOAT)
def tanh(self):
    """tanh(input)"""
    return np.tanh(self)


tanh.defgrad(self=lambda grad, result: tanh_backward(grad, result))


@primitive("SigmoidBackward0", promotion=FLOAT)
def sigmoid(self):
    """sigmoid(input) -> 1 / (1 + exp(-input))"""
    # Split by sign so exp never overflows.
    positive = self >= 0
    exp_neg_abs = np.exp(-np.abs(self))
    return np.where(positive, 1 / (1 + exp_neg_abs), exp_neg_abs / (1 + exp_neg_abs)).astype(
        exp_neg_abs.dtype, copy=False
    )


sigmoid.defgrad(self=lambda grad, result: sigmoid_backward(grad, result))


@primitive("ReluBackward0")
def relu(self):
    """relu(input) -> max(input, 0)"""
    return np.maximum(self, 0)


relu.defgrad(self=lambda grad, result: threshold_backward(grad, result, 0))


@primitive("ClampBackward1", promotion=BINARY)
def _clamp_scalar(self, min, max):
    if min is None:
        return np.minimum(self, max)
    if max is None:
        return np.maximum(self, min)
    return np.minimum(np.maximum(self, min), max)


def _clamp_mask(self: Tensor, min: Any, max: Any) -> Tensor:
    if min is None:
        return self <= max
    if max is None:
        return self >= min
    return (self >= min) & (self <= max)


_clamp_scalar.defgrad(
    self=lambda grad, self, min, max: where(_clamp_mask(self, min, max), grad, 0.0)
)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """clamp(input, min=None, max=None) -> input limited to ``[min, max]``"""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return _clamp_scalar(input, min, max)


@primitive("WhereBackward0", promotion=BINARY, promote=("self", "other"))
def _where(condition, self, other):
    return np.where(condition, self, other)


_where.defgrad(
    self=lambda grad, condition: where(condition, grad, 0.0),
    other=lambda grad, condition: where(condition, 0.0, grad),
)


def where(condition: Tensor, input: Any, other: Any) -> Tensor:
    """where(condition, input, other) -> elements of ``input`` where true, else ``other``"""
    return _where(condition, input, other)


# -- comparisons and logic (no gradient) -------------------------------------------------
def _no_grad_op(name: str, function: Any, doc: str, promotion: str | None = BINARY) -> Any:
    op = primitive(f"{name}Backward0", promotion=promotion)(function)
    op.__doc__ = doc
    op.name = op.__name__ = doc.split("(")[0]
    return op


eq = _no_grad_op("Eq", lambda self, other: np.equal(self, other), "eq(input, other) -> bool mask")
ne = _no_grad_op("Ne", lambda self, other: np.not_equal(self, other), "ne(input, other)")
lt = _no_grad_op("Lt", lambda self, other: np.less(self, other), "lt(input, other)")
le = _no_grad_op("Le", lambda self, other: np.less_equal(self, other), "le(input, other)")
gt = _no_grad_op("Gt", lambda self, other: np.greater(self, other), "gt(input, other)")
ge = _no_grad_op("Ge", lambda self, other: np.greater_equal(self, other), "ge(input, other)")
isnan = _no_grad_op("Isnan", lambda self: np.isnan(self), "isnan(input)", None)
isinf = _no_grad_op("Isinf", lambda self: np.isinf(self), "isinf(input)", None)
isfinite = _no_grad_op("Isfinite", lambda self: np.isfinite(self), "isfinite(input)", None)
logical_not = _no_grad_op("LogicalNot", lambda self: np.logical_not(self), "logical_not", None)
logical_and = _no_grad_op("LogicalAnd", lambda self, other: np.logical_and(self, other), "and")
logical_or = _no_grad_op("LogicalOr", lambda self, other: np.logical_or(self, other), "or")


def _bitwise(function: Any, name: str) -> Any:
    def forward(self: Any, other: Any) -> Any:
        for operand in (self, other):
            dtype = np.asarray(operand).dtype
            if dtype.kind in "fc":
                from .. import _dtype

                legacy = _dtype.from_numpy_dtype(dtype).legacy_name
                raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{legacy}'")
        return function(self, other)

    return forward


bitwise_and = _no_grad_op(
    "BitwiseAnd", _bitwise(np.bitwise_and, "bitwise_and"), "bitwise_and(input, other)"
)
bitwise_or = _no_grad_op(
    "BitwiseOr", _bitwise(np.bitwise_or, "bitwise_or"), "bitwise_or(input, other)"
)
bitwise_xor = _no_grad_op(
    "BitwiseXor", _bitwise(np.bitwise_xor, "bitwise_xor"), "bitwise_xor(input, other)"
)
bitwise_not = _no_grad_op("BitwiseNot", lambda self: np.invert(self), "bitwise_not(input)", None)


def equal(input: Tensor, other: Tensor) -> bool:
    """True if both tensors have the same shape and elements."""
    return input._data.shape == other._data.shape and bool(np.array_equal(input._data, other._data))


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:  # fmt: skip
    """True if ``|input - other| <= atol + rtol * |other|`` elementwise."""
    from ._checks import broadcast_shapes

    broadcast_shapes(input._data.shape, other._data.shape)
    return bool(np.allclose(input._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


@primitive("MaskedFillBackward0", promotion=BINARY, promote=("self",))
def _masked_fill_scalar(self, mask, value):
    return np.where(mask, value, self).astype(self.dtype, copy=False)


_masked_fill_scalar.defgrad(self=lambda grad, mask: _masked_fill_scalar(grad, mask, 0))


# masked_fill has two nodes in PyTorch: a Python number value, and a 0-d tensor value.
@primitive("MaskedFillBackward1", promotion=BINARY, promote=("self",))
def _masked_fill_tensor(self, mask, value):
    return np.where(mask, value, self).astype(self.dtype, copy=False)


_masked_fill_tensor.defgrad(
    self=lambda grad, mask: _masked_fill_scalar(grad, mask, 0),
    value=lambda grad, mask: where(mask, grad, 0.0).sum(),
)


def masked_fill(input: Tensor, mask: Tensor, value: Any) -> Tensor:
    """masked_fill(input, mask, value) -> ``value`` where ``mask`` is true, else ``input``"""
    if mask._data.dtype != np.bool_:
        from .linalg import _C_TYPE_NAMES

        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype "
            f"{_C_TYPE_NAMES[mask._data.dtype.name]}"
        )
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value._data.ndim} dimension(s)."
            )
        return _masked_fill_tensor(input, mask, value)
    return _masked_fill_scalar(input, mask, value)


def _tie_split(grad: Tensor, self: Tensor, other: Tensor, loses: Tensor) -> Tensor:
    """The gradient of max/min(self, other) for ``self``: halved at ties, zero where it loses."""
    return _masked_fill_scalar(where(self == other, div_scalar(grad, 2), grad), loses, 0)


@primitive("MaximumBackward0", promotion=BINARY)
def maximum(self, other):
    """maximum(input, other) -> elementwise maximum (ties share the gradient)"""
    return np.maximum(self, other)


maximum.defgrad(
    self=lambda grad, self, other: _tie_split(grad, self, other, self < other),
    other=lambda grad, self, other: _tie_split(grad, self, other, self > other),
)


@primitive("MinimumBackward0", promotion=BINARY)
def minimum(self, other):
    """minimum(input, other) -> elementwise minimum (ties share the gradient)"""
    return np.minimum(self, other)


minimum.defgrad(
    self=lambda grad, self, other: _tie_split(grad, self, other, self > other),
    other=lambda grad, self, other: _tie_split(grad, self, other, self < other),
)
