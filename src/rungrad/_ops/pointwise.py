"""Pointwise ops: arithmetic, unary math, comparisons and logical ops.

Each differentiable op is a ``@primitive`` with one formula per input (see ``registry``).
Binary ops broadcast; the node sums gradients back to each input's shape.
"""

from __future__ import annotations

import cmath
import functools
import math
import numbers
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import _dtype, _special
from .._promotion import result_type
from .._tensor import Tensor
from . import _elementary
from ._fused import fused_multiply_add
from ._half import FLOAT16, half_in_float32, in_float32
from .backward_ops import (
    sigmoid_backward,
    tanh_backward,
    threshold_backward,
    zero_unless,
    zero_where,
)
from .registry import (
    BINARY,
    FLOAT,
    ArrayFormula,
    array_formula,
    declare_holomorphic,
    op_formula,
    pass_grad,
    primitive,
)

__all__ = [
    "frexp",
    "abs",
    "acos",
    "acosh",
    "add",
    "add_scalar",
    "addcdiv",
    "addcmul",
    "allclose",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bitwise_and",
    "bitwise_left_shift",
    "bitwise_not",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "ceil",
    "clamp",
    "clamp_max",
    "clamp_min",
    "clip",
    "copysign",
    "cos",
    "cosh",
    "deg2rad",
    "digamma",
    "div",
    "div_scalar",
    "eq",
    "eq_",
    "equal",
    "erf",
    "erfc",
    "erfinv",
    "exp",
    "exp2",
    "expm1",
    "fix",
    "float_power",
    "float_power_",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "frac",
    "ge",
    "ge_",
    "greater",
    "greater_equal",
    "gt",
    "gt_",
    "heaviside",
    "hypot",
    "ldexp",
    "nextafter",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "le",
    "le_",
    "lerp",
    "less",
    "less_equal",
    "lgamma",
    "log",
    "log10",
    "log1p",
    "log2",
    "logaddexp",
    "logaddexp2",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "logit",
    "lt",
    "lt_",
    "masked_fill",
    "maximum",
    "minimum",
    "mul",
    "mul_scalar",
    "nan_to_num",
    "ne",
    "ne_",
    "neg",
    "not_equal",
    "polygamma",
    "polygamma_",
    "positive",
    "pow",
    "rad2deg",
    "reciprocal",
    "relu",
    "remainder",
    "round",
    "rsqrt",
    "rsub",
    "sgn",
    "sigmoid",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "sub",
    "tan",
    "tanh",
    "true_divide",
    "trunc",
    "where",
    "xlogy",
]


_REAL = np.dtype(np.float64)  # the dtype of operands that are not arrays (numbers)


def real_only(kernel: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A forward that PyTorch has no complex kernel for: a complex first operand raises its
    ``"<kernel>" not implemented for 'ComplexFloat'`` (after promotion, the operands share a
    dtype). For ops off the hot path; hot ones test inline."""

    def wrap(forward: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(forward)
        def checked(self: Any, *args: Any) -> Any:
            if getattr(self, "dtype", _REAL).kind == "c":
                _not_implemented_for(kernel, self)
            return forward(self, *args)

        return checked

    return wrap


def _zeros(grad: Tensor) -> Tensor:
    """A gradient that is identically zero: a constant, outside the graph (as in PyTorch)."""
    from .._creation import zeros_like

    return zeros_like(grad)


# NOTE [Reduced-precision scalars]
# PyTorch's CPU kernels of mul and div, on float16 or bfloat16, read a scalar second operand
# (a Python number, or a 0-d tensor of another dtype) in float32, compute in float32 and
# round the result once: ``half * 0.1`` is half(float(x) * 0.1f). Everywhere else a number
# is cast to the tensor's dtype first (add, sub, ``0.1 / x``). NumPy's float16 loops would
# take half(0.1) instead, and a third of the products would differ in the last bit. The
# ops declare ``float32_scalar``: the registry leaves such a number unrounded (bfloat16
# computes in float32 anyway, NOTE [bfloat16]), passes a 0-d tensor's value as a float, and
# gives the forward a float32 copy of a float16 tensor with a number, rounding its result
# (the call's number branch: a forward never tests its operands for this, which would cost
# every call). The Scalar overloads below, which backward formulas call on arrays directly,
# compute float16 in float32 themselves (``_half.in_float32``; ``self`` is tested by type
# before ``.dtype``, which is slow to read off a NumPy scalar).


# Formulas add, multiply and divide by Python numbers through these: PyTorch's backward graphs
# show them as the Scalar overloads (``AddBackward1``, ``MulBackward1``, ``DivBackward1``).
@primitive("MulBackward1", promotion=BINARY, promote=("self", "other"), float32_scalar=True)
def mul_scalar(self, other):
    """self * other, where ``other`` is a Python number (used by backward formulas)."""
    if type(self) is np.float16 or (type(self) is np.ndarray and self.dtype is FLOAT16):
        return in_float32(np.multiply, self, other)  # NOTE [Reduced-precision scalars]
    return np.multiply(self, other)


mul_scalar.defgrad(self=op_formula(mul_scalar, "grad", "other"))


@primitive("DivBackward1", promotion=FLOAT, promote=("self", "other"), float32_scalar=True)
def div_scalar(self, other):
    """self / other, where ``other`` is a Python number (used by backward formulas)."""
    if type(self) is np.float16 or (type(self) is np.ndarray and self.dtype is FLOAT16):
        return in_float32(np.true_divide, self, other)  # NOTE [Reduced-precision scalars]
    return np.true_divide(self, other)


div_scalar.defgrad(self=op_formula(div_scalar, "grad", "other"))


@primitive("AddBackward1", promotion=BINARY, promote=("self", "other"))
def add_scalar(self, other):
    """self + other, where ``other`` is a Python number (used by backward formulas)."""
    return np.add(self, other)


add_scalar.defgrad(self=pass_grad)


# -- arithmetic --------------------------------------------------------------------------
def _scaled(ufunc: np.ufunc, self: Any, other: Any, alpha: Any) -> Any:
    """``self ± alpha * other`` (alpha != 1). For two float32 tensors PyTorch rounds once, as a
    fused multiply-add with alpha in float32; float64 arithmetic rounded to float32 at the end
    gives the same values (an optimizer's ``p.add_(grad, alpha=-lr)`` depends on it); two
    float64 tensors are fused as well (``_ops/_fused.py``); two float16 tensors compute in
    float32 with alpha in float16. Otherwise ``other * alpha``, not np.multiply: a Python
    number times alpha stays a (weak) number."""
    if (
        type(other) is np.ndarray
        and other.dtype == np.float32
        and np.asarray(self).dtype == np.float32
        and not isinstance(alpha, complex)
    ):
        scaled = np.multiply(other, np.float64(np.float32(alpha)), dtype=np.float64)
        if scaled.ndim and scaled.shape == np.shape(self):  # into the product: one array less
            return ufunc(self, scaled, out=scaled).astype(np.float32)
        return ufunc(self, scaled, dtype=np.float64).astype(np.float32, copy=False)
    if (
        type(other) is np.ndarray
        and other.dtype == np.float64
        and np.asarray(self).dtype == np.float64
        and isinstance(alpha, numbers.Real)
    ):
        # Fused for float64 too (``_ops/_fused.py``): an optimizer's float64 steps stay equal.
        factor = np.float64(alpha if ufunc is np.add else -alpha)
        return fused_multiply_add(other, factor, self, np.float64)
    if (
        type(other) is np.ndarray
        and other.dtype == FLOAT16
        and np.asarray(self).dtype == FLOAT16
        and isinstance(alpha, numbers.Real)
    ):
        # float16: alpha cast to float16, the rest in float32, rounded once at the end
        scaled = np.multiply(other, np.float32(np.float16(alpha)), dtype=np.float32)
        return ufunc(self, scaled, dtype=np.float32).astype(FLOAT16)
    return ufunc(self, other * alpha)


def _check_alpha(self: Any, other: Any, alpha: Any) -> None:
    """PyTorch's checks of ``alpha`` against the result dtype: no float alpha for an integer
    result, no complex alpha for a real one, and a bool alpha for a bool result only."""
    kind = np.result_type(self, other).kind
    if isinstance(alpha, (bool, np.bool_)) and kind != "b":
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if kind in "biu" and not isinstance(alpha, (numbers.Integral, np.bool_)):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point number."
        )
    if kind != "c" and isinstance(alpha, numbers.Complex) and not isinstance(alpha, numbers.Real):
        raise RuntimeError(
            "For non-complex input tensors, argument alpha must not be a complex number."
        )


@primitive("AddBackward0", promotion=BINARY, promote=("self", "other"))
def add(self, other, alpha=1):
    """add(input, other, *, alpha=1) -> input + alpha * other"""
    if alpha == 1 and type(alpha) is int:
        return np.add(self, other)
    _check_alpha(self, other, alpha)
    if np.result_type(self, other) == np.bool_:  # bool + alpha * bool stays bool: an or
        return np.logical_or(self, np.logical_and(other, bool(alpha)))
    return np.add(self, other) if alpha == 1 else _scaled(np.add, self, other, alpha)


class _AlphaTimesGrad(ArrayFormula):
    """add's ``other``: ``alpha * grad``, which is the gradient itself when alpha is 1 (on
    arrays too: no kernel and no new tensor, as for ``pass_grad``)."""

    __slots__ = ()

    def on_arrays(self, grad: Tensor, saved: dict[str, Any], node: Any) -> Tensor | None:
        if saved["alpha"] == 1:
            return grad
        return super().on_arrays(grad, saved, node)


add.defgrad(
    self=pass_grad,
    other=_AlphaTimesGrad(
        lambda grad, alpha: grad if alpha == 1 else mul_scalar(grad, alpha),
        lambda grad, alpha: mul_scalar.forward(grad, alpha),
    ),
)


def _is_bool(operand: Any) -> bool:
    """Whether a tensor, array or number is a bool one."""
    if isinstance(operand, Tensor):
        operand = operand._data
    return type(operand) is bool or (type(operand) is np.ndarray and operand.dtype == np.bool_)


def _refuse_bool_subtraction(self: Any, other: Any, alpha: Any = 1) -> None:
    """PyTorch subtracts no bool, tensor or Python number: a mask is inverted with ``~``.
    Checked on the arguments (before promotion makes ints of bools) and in the forward."""
    self_bool, other_bool = _is_bool(self), _is_bool(other)
    if self_bool and other_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. "
            "Use the `^` or `logical_xor()` operator instead."
        )
    if self_bool or other_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )


@primitive(
    "SubBackward0",
    promotion=BINARY,
    promote=("self", "other"),
    check=_refuse_bool_subtraction,
)
def sub(self, other, alpha=1):
    """sub(input, other, *, alpha=1) -> input - alpha * other"""
    if np.asarray(self).dtype == np.bool_:  # bool - bool: no promotion, no check before
        _refuse_bool_subtraction(self, other)
    if alpha == 1 and type(alpha) is int:
        return np.subtract(self, other)
    _check_alpha(self, other, alpha)
    return np.subtract(self, other) if alpha == 1 else _scaled(np.subtract, self, other, alpha)


def _subtrahend_grad(grad: Tensor, alpha: Any) -> Tensor:
    return -grad if alpha == 1 else mul_scalar(-grad, alpha)


def _subtrahend_grad_on_arrays(grad: Any, alpha: Any) -> Any:
    return neg.forward(grad) if alpha == 1 else mul_scalar.forward(neg.forward(grad), alpha)


# The gradient of what is subtracted, ``alpha`` times over: sub's other, rsub's self.
_subtrahend_grad_formula = array_formula(_subtrahend_grad, _subtrahend_grad_on_arrays)

sub.defgrad(self=pass_grad, other=_subtrahend_grad_formula)


def _rsub_forward(self, other, alpha=1):
    if np.asarray(self).dtype == np.bool_:
        _refuse_bool_subtraction(self, other)
    if not (alpha == 1 and type(alpha) is int):
        _check_alpha(self, other, alpha)
    return np.subtract(other, self) if alpha == 1 else np.subtract(other, np.multiply(self, alpha))


# rsub has two nodes in PyTorch: tensor - tensor (both differentiable) and Python number - tensor.
_rsub_tensor = primitive(
    "RsubBackward0", promotion=BINARY, promote=("self", "other"), check=_refuse_bool_subtraction
)(_rsub_forward)
_rsub_tensor.defgrad(self=_subtrahend_grad_formula, other=pass_grad)
_rsub_scalar = primitive(
    "RsubBackward1", promotion=BINARY, promote=("self", "other"), check=_refuse_bool_subtraction
)(_rsub_forward)
_rsub_scalar.defgrad(self=_subtrahend_grad_formula)


def rsub(input: Any, other: Any, alpha: Any = 1) -> Tensor:
    """rsub(input, other, *, alpha=1) -> other - alpha * input"""
    if isinstance(other, Tensor):
        return _rsub_tensor(input, other, alpha)
    return _rsub_scalar(input, other, alpha)


def _make_rsub_operator() -> Callable[[Tensor, Any], Any]:
    scalar_operator = _rsub_scalar.primitive.operator()

    def rsub_operator(input: Tensor, other: Any) -> Any:
        """``other - input`` for ``Tensor.__rsub__``: NotImplemented for a list, a string,
        None (as the other operators, ``Primitive.operator``)."""
        if isinstance(other, Tensor):
            return _rsub_tensor(input, other, 1)
        return scalar_operator(input, other, 1)

    return rsub_operator


rsub_operator = _make_rsub_operator()


@primitive(
    "MulBackward0",
    promotion=BINARY,
    promote=("self", "other"),
    wraps_numbers=True,
    float32_scalar=True,
)
def mul(self, other):
    """mul(input, other) -> input * other"""
    return np.multiply(self, other)


mul.defgrad(self=op_formula(mul, "grad", "other"), other=op_formula(mul, "grad", "self"))


@primitive(
    "DivBackward0",
    promotion=FLOAT,
    promote=("self", "other"),
    wraps_numbers=True,
    float32_scalar=True,
)
def true_divide(self, other):
    """div(input, other) -> input / other (true division, in floating point)"""
    return np.true_divide(self, other)


def _div_other_grad(grad: Tensor, self: Tensor, other: Tensor) -> Tensor:
    return -grad * ((self / other) / other)


def _div_other_grad_on_arrays(grad: Any, self: Any, other: Any) -> Any:
    quotient = true_divide.forward(true_divide.forward(self, other), other)
    return mul.forward(neg.forward(grad), quotient)


true_divide.defgrad(
    self=op_formula(true_divide, "grad", "other"),
    other=array_formula(_div_other_grad, _div_other_grad_on_arrays),
)


@primitive("DivBackward2", promotion=BINARY, promote=("self", "other"), wraps_numbers=True)
def _div_rounded(self, other, rounding_mode):
    _reject_kinds(f"div_{rounding_mode}_cpu", "b", self, other)
    _check_integer_divisor(self, other)
    if rounding_mode == "floor":
        return np.floor_divide(self, other)
    dtype = np.result_type(self, other)
    if dtype.kind in "iu":  # exact (a float64 quotient rounds past 2**53): floor, + 1 if < 0
        quotient = np.floor_divide(self, other)
        return quotient + ((np.remainder(self, other) != 0) & (quotient < 0)).astype(dtype)
    quotient = np.trunc(np.true_divide(self, other))
    return quotient if dtype.kind == "f" else quotient.astype(dtype)


# Zero gradients; the formulas name what PyTorch's node saves for them (``_saved_other``,
# ``_saved_self``, ``_saved_rounding_mode``), although they do not read it.
_div_rounded.defgrad(
    self=lambda grad, other, rounding_mode: _zeros(grad),
    other=lambda grad, self, other, rounding_mode: _zeros(grad),
)


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
    """floor_divide(input, other) -> input // other (PyTorch has no derivative for it)"""
    return _floor_divide(input, other)


def _check_integer_divisor(self: Any, other: Any) -> None:
    """Integer division by zero raises, as in PyTorch (NumPy would return 0)."""
    if np.result_type(self, other).kind in "iub" and not np.all(other):
        raise RuntimeError("ZeroDivisionError")


def _remainder_forward(self, other):
    _reject_kinds("remainder_cpu", "b", self, other)
    _check_integer_divisor(self, other)
    return np.remainder(self, other)


# remainder = self - other * floor(self / other), so d/dself = 1, d/dother = -floor(self/other).
_remainder_scalar = primitive("RemainderBackward0", promotion=BINARY)(
    real_only("remainder_cpu")(_remainder_forward)
)
_remainder_scalar.defgrad(self=pass_grad)
_remainder_tensor = primitive("RemainderBackward1", promotion=BINARY)(
    real_only("remainder_cpu")(_remainder_forward)
)
_remainder_tensor.defgrad(
    self=pass_grad,
    other=lambda grad, self, other: -grad * _div_rounded(self, other, "floor"),
)


def remainder(input: Any, other: Any) -> Tensor:
    """remainder(input, other) -> Python-style modulus (sign of the divisor)"""
    if not isinstance(input, Tensor):
        return _remainder_scalar_tensor(input, other)
    if isinstance(other, Tensor):
        return _remainder_tensor(input, other)
    return _remainder_scalar(input, other)


# pow has three nodes in PyTorch: tensor ** scalar, tensor ** tensor, scalar ** tensor.
# NOTE [Powers PyTorch multiplies out]
# PyTorch's CPU kernel for a float32/float64 tensor to a number multiplies out the common
# powers instead of calling pow: x ** 3 is (x * x) * x, x ** -2 is 1 / (x * x), and x ** 0.5,
# x ** -0.5 and x ** -1 are its sqrt, rsqrt and reciprocal kernels. NumPy's power rounds
# those (but x ** 2) differently in the last bit, which a loss like ``(y - a - b * x ** 3)``
# carries into every digit printed after a few steps, so rungrad multiplies out the same.
_MULTIPLIED_OUT = frozenset((3, -2, 0.5, -0.5, -1))


def _multiplied_out_power(self: np.ndarray, value: Any) -> Any:
    """``self ** value`` for a power PyTorch's kernel multiplies out (NOTE [Powers PyTorch
    multiplies out]) on a float32/float64 array; None for any other."""
    if self.dtype.char not in "fd":
        return None
    if value == 3:
        return self * self * self
    if value == -2:
        return self.dtype.type(1) / (self * self)
    if value == 0.5:
        return sqrt.forward(self)
    if value == -0.5:
        return rsqrt.forward(self)
    return reciprocal.forward(self)  # -1


@primitive("PowBackward0", promotion=BINARY, promote=("self", "exponent"))
def _pow_tensor_scalar(self, exponent):
    # (the exponent may be a shared 0-d array: NOTE [Scalars as arrays]; one set lookup
    # keeps the common powers, 2 among them, on np.power)
    value = exponent.item() if type(exponent) is np.ndarray else exponent
    if value in _MULTIPLIED_OUT:
        result = _multiplied_out_power(self, value)
        if result is not None:
            return result
    return np.power(self, exponent)


def _pow_tensor_scalar_grad(grad: Tensor, self: Tensor, exponent: Any) -> Tensor:
    # PyTorch's nodes: MulBackward0 over MulBackward1 (the Scalar overload) over PowBackward0.
    if exponent == 0:
        return _zeros(grad)
    return grad * mul_scalar(self ** (exponent - 1), exponent)


def _pow_tensor_scalar_grad_on_arrays(grad: Any, self: Any, exponent: Any) -> Any:
    if exponent == 0:
        return np.zeros_like(grad)
    # x ** 1 is x exactly: a square's gradient needs no power
    power = self if exponent == 2 else _pow_tensor_scalar.forward(self, exponent - 1)
    return mul.forward(grad, mul_scalar.forward(power, exponent))


_pow_tensor_scalar.defgrad(
    self=array_formula(_pow_tensor_scalar_grad, _pow_tensor_scalar_grad_on_arrays)
)


def _power(base: Any, exponent: Any) -> Any:
    """np.power with PyTorch's integer powers: a negative exponent gives 1 for a base of 1,
    -1 or 1 for a base of -1, and 0 otherwise (NumPy raises)."""
    if np.result_type(base, exponent).kind not in "iu" or not np.any(np.less(exponent, 0)):
        return np.power(base, exponent)
    negative = np.less(exponent, 0)
    result = np.power(base, np.where(negative, 0, exponent))
    odd = np.remainder(exponent, 2) == 1
    inverse = np.where(np.equal(base, 1), 1, np.where(np.equal(base, -1), 1 - 2 * odd, 0))
    return np.where(negative, inverse, result).astype(result.dtype, copy=False)


@primitive("PowBackward1", promotion=BINARY)
def _pow_tensor_tensor(self, exponent):
    _reject_kinds("pow", "b", self)
    return _power(self, exponent)


def _nonnegative(exponent: Any) -> Any:
    """exponent >= 0, of the real part of a complex exponent (complex numbers have no order)."""
    complex_tensor = isinstance(exponent, Tensor) and exponent._data.dtype.kind == "c"
    if complex_tensor or type(exponent) is complex:
        exponent = exponent.real
    return exponent >= 0


def _pow_exponent_grad(grad: Tensor, base: Any, result: Tensor, exponent: Any) -> Tensor:
    # d(b^e)/de = b^e log(b); where b == 0 and e >= 0 the limit is 0, not nan.
    from .._creation import zeros_like

    if isinstance(base, Tensor) and base._data.dtype != result._data.dtype:
        # The log in the result's dtype, as PyTorch's: an integer base's log would otherwise
        # be taken in the default float dtype (float32) before meeting a float64 result.
        base = base.to(result.dtype)
    grad_exponent = result * log(base)
    undefined = (base == 0) & _nonnegative(exponent) if isinstance(base, Tensor) else None
    if undefined is not None:
        grad_exponent = where(undefined, zeros_like(grad_exponent), grad_exponent)
    elif base == 0:
        grad_exponent = where(_nonnegative(exponent), zeros_like(grad_exponent), grad_exponent)
    return grad * grad_exponent


_pow_tensor_tensor.defgrad(
    self=lambda grad, self, exponent: where(
        exponent == 0.0, 0.0, grad * (exponent * self ** (exponent - 1))
    ),
    exponent=lambda grad, self, result, exponent: _pow_exponent_grad(grad, self, result, exponent),
)


@primitive("PowBackward2", promotion=BINARY)
def _pow_scalar_tensor(self, exponent):
    return _power(self, exponent)


def _pow_scalar_base_grad(grad: Tensor, self: Any, result: Tensor, exponent: Tensor) -> Tensor:
    import math

    if self == 0:
        from .._creation import zeros_like

        return grad * where(_nonnegative(exponent), zeros_like(result), result * float("-inf"))
    return grad * (result * (cmath.log(self) if type(self) is complex else math.log(self)))


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


neg.defgrad(self=op_formula(neg, "grad"))


@primitive("AbsBackward0")
def abs(self):
    """abs(input) -> |input|"""
    _reject_kinds("abs_cpu", "b", self)
    return np.abs(self)


abs.defgrad(
    self=array_formula(
        lambda grad, self: grad * sgn(self), lambda grad, self: mul.forward(grad, sgn.forward(self))
    )
)


@primitive("SignBackward0")
def sign(self):
    """sign(input) -> -1, 0 or 1 elementwise"""
    if self.dtype == np.bool_:
        return self.copy()  # True stays True
    if self.dtype.kind == "c":
        raise NotImplementedError(
            "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
            "torch.sgn instead."
        )
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
    return _elementary.exp(self)


exp.defgrad(self=op_formula(mul, "grad", "result"))


@primitive("LogBackward0", promotion=FLOAT)
def log(self):
    """log(input) -> natural logarithm"""
    return _elementary.log(self)


log.defgrad(self=op_formula(true_divide, "grad", "self"))


@primitive("SqrtBackward0", promotion=FLOAT)
def sqrt(self):
    """sqrt(input) -> square root"""
    return np.sqrt(self)


sqrt.defgrad(
    self=array_formula(
        lambda grad, result: grad / mul_scalar(result, 2),
        lambda grad, result: true_divide.forward(grad, mul_scalar.forward(result, 2)),
    )
)


@primitive("RsqrtBackward0", promotion=FLOAT)
@half_in_float32
def rsqrt(self):
    """rsqrt(input) -> 1 / sqrt(input)"""
    return np.reciprocal(np.sqrt(self))


rsqrt.defgrad(self=lambda grad, result: mul_scalar(grad, -0.5) * result**3)


@primitive("SinBackward0", promotion=FLOAT)
def sin(self):
    """sin(input)"""
    return _elementary.sin(self)


sin.defgrad(
    self=array_formula(
        lambda grad, self: grad * cos(self), lambda grad, self: mul.forward(grad, cos.forward(self))
    )
)


@primitive("CosBackward0", promotion=FLOAT)
def cos(self):
    """cos(input)"""
    return _elementary.cos(self)


cos.defgrad(
    self=array_formula(
        lambda grad, self: grad * -sin(self),
        lambda grad, self: mul.forward(grad, neg.forward(sin.forward(self))),
    )
)


@primitive("TanhBackward0", promotion=FLOAT)
def tanh(self):
    """tanh(input)"""
    return _elementary.tanh(self)


tanh.defgrad(self=op_formula(tanh_backward, "grad", "result"))


@primitive("SigmoidBackward0", promotion=FLOAT)
@half_in_float32
def sigmoid(self):
    """sigmoid(input) -> 1 / (1 + exp(-input))"""
    # The formula as it stands, as PyTorch computes it: where exp(-x) overflows the result is
    # 0 (PyTorch's sigmoid(-100.) is 0, not the subnormal 3.8e-44).
    return 1 / (1 + _elementary.exp(-self))


sigmoid.defgrad(self=op_formula(sigmoid_backward, "grad", "result"))


# NOTE [Ties in maximum and minimum]
# relu and clamp with number bounds return the input where it equals the bound, which shows
# with signed zeros: relu(-0.0) and clamp(-0.0, min=0) are -0.0 in PyTorch, whatever the
# length. Which of two equal operands NumPy returns is unspecified; on x86-64 its float32 and
# float64 loops return the second and its float16 loop the first. So the order is probed once
# per ufunc and dtype, and where neither order holds the ties are copied over afterwards.
# (Between two tensors, maximum, minimum and clamp keep NumPy's choice: PyTorch's own
# depends on the length, its vector loops returning the second operand and its scalar tail
# the first.)
_SWAP_FOR_TIES: dict[Any, dict[str, bool | None]] = {np.maximum: {}, np.minimum: {}}
_UNPROBED = object()


def _probe_ties(ufunc: Any, dtype: np.dtype) -> bool | None:
    """True if ``ufunc`` returns its second operand on ties, False if its first, else None."""
    zeros = np.zeros(67, dtype)  # 67 elements: a vector loop's body and its tail
    negative_zeros = np.negative(zeros)
    second = np.signbit(ufunc(zeros, negative_zeros))
    first = np.signbit(ufunc(negative_zeros, zeros))
    swap = True if second.all() and not first.any() else None
    if first.all() and not second.any():
        swap = False
    _SWAP_FOR_TIES[ufunc][dtype.char] = swap
    return swap


def _tie_swap(ufunc: Any, dtype: np.dtype) -> bool | None:
    """The probed tie order of ``ufunc`` for ``dtype`` (see ``_probe_ties``), probed once.
    Keyed by the dtype's character code: hashing a NumPy dtype costs more than the lookup."""
    swap = _SWAP_FOR_TIES[ufunc].get(dtype.char, _UNPROBED)
    return _probe_ties(ufunc, dtype) if swap is _UNPROBED else swap


def _first_on_ties(ufunc: Any, a: np.ndarray, b: Any) -> np.ndarray:
    """``ufunc(a, b)`` (np.maximum or np.minimum) returning ``a`` where the two are equal."""
    dtype = a.dtype
    if dtype.kind != "f":  # no signed zeros: equal values are identical
        return ufunc(a, b)
    swap = _tie_swap(ufunc, dtype)
    if swap is None:
        result = ufunc(a, b)
        np.copyto(result, a, where=np.equal(a, b))
        return result
    return ufunc(b, a) if swap else ufunc(a, b)


# NOTE [Zeros for maximum]
# NumPy's maximum runs its vectorised loop only when both operands are contiguous and of one
# shape. Against the scalar 0 it runs ~3x slower, against a broadcast row of zeros up to 3x
# slower (a 32x8x26x26 float32 input: 84 us either way, 28 us against zeros of its shape). So
# relu takes the maximum with zeros of the input's shape: a read-only view of one buffer per
# dtype, grown to the largest input seen. Nothing ever writes the buffer, so its pages stay
# the kernel's shared zero page and hold no memory of their own.
_ZEROS: dict[str, tuple[np.ndarray, bool | None]] = {}  # by the dtype's character code


def _new_zeros(dtype: np.dtype, size: int) -> tuple[np.ndarray, bool | None]:
    """A zeros buffer for ``dtype`` of at least ``size`` elements, kept with maximum's tie
    order for the dtype (relu's cache entry)."""
    buffer = np.zeros(max(size, 4096), dtype)
    buffer.flags.writeable = False
    entry = _ZEROS[dtype.char] = (buffer, _tie_swap(np.maximum, dtype))
    return entry


@primitive("ReluBackward0")
def relu(self):
    """relu(input) -> max(input, 0)"""
    dtype = self.dtype
    if dtype.kind != "f":
        if dtype.kind == "c":
            raise NotImplementedError("clamp is not supported for complex types")
        if dtype.kind == "b":
            raise RuntimeError("Boolean inputs not supported for relu")
        return np.maximum(self, 0)
    size = self.size
    entry = _ZEROS.get(dtype.char)
    if entry is None or entry[0].size < size:
        entry = _new_zeros(dtype, size)
    buffer, swap = entry
    if self.ndim == 1:  # 1-D: the result is contiguous whatever the input's stride
        zeros = buffer[:size]
    elif self.flags.c_contiguous:
        zeros = buffer[:size].reshape(self.shape)
    else:  # laid out otherwise: zeros of another layout would change the result's
        zeros = np.zeros(self.shape[-1:], dtype)
    if swap is None:
        return _first_on_ties(np.maximum, self, zeros)
    return np.maximum(zeros, self) if swap else np.maximum(self, zeros)


relu.defgrad(self=op_formula(threshold_backward, "grad", "result", 0))


def _refuse_bool_clamp(self: Any, kernel: str) -> None:
    """Number bounds have no kernel for a bool result (tensor bounds do)."""
    if self.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for 'Bool'")


@primitive("ClampBackward1", promotion=BINARY)
def _clamp_scalar(self, min, max):
    _refuse_bool_clamp(self, "clamp_scalar" if None not in (min, max) else
                       "clamp_min_scalar" if max is None else "clamp_max_scalar")  # fmt: skip
    if min is None:
        return _first_on_ties(np.minimum, self, max)
    if max is None:
        return _first_on_ties(np.maximum, self, min)
    return _first_on_ties(np.minimum, _first_on_ties(np.maximum, self, min), max)


def _clamp_mask(self: Tensor, min: Any, max: Any) -> Tensor:
    if min is None:
        return self <= max
    if max is None:
        return self >= min
    return (self >= min) & (self <= max)


def _clamp_mask_on_arrays(self: Any, min: Any, max: Any) -> Any:
    if min is None:
        return le.forward(self, max)
    if max is None:
        return ge.forward(self, min)
    return np.bitwise_and(ge.forward(self, min), le.forward(self, max))


# The masks' gradients on arrays: ``zero_unless`` gives np.where(mask, grad, 0.0)'s bits
# without its per-element branch (see backward_ops.py).
_clamp_scalar.defgrad(
    self=array_formula(
        lambda grad, self, min, max: where(_clamp_mask(self, min, max), grad, 0.0),
        lambda grad, self, min, max: zero_unless(grad, _clamp_mask_on_arrays(self, min, max)),
    )
)


def _refuse_complex_clamp(input: Any) -> None:
    if isinstance(input, Tensor) and input._data.dtype.kind == "c":
        raise NotImplementedError("clamp is not supported for complex types")


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """clamp(input, min=None, max=None) -> input limited to ``[min, max]``

    The bounds are both numbers (``ClampBackward1``) or both tensors or None
    (``ClampBackward0``, differentiable in the bounds too); a tensor bound broadcasts.
    """
    _refuse_complex_clamp(input)
    tensor_min, tensor_max = isinstance(min, Tensor), isinstance(max, Tensor)
    if tensor_min or tensor_max:
        if (min is not None and not tensor_min) or (max is not None and not tensor_max):
            # a number beside a tensor: PyTorch reads a 0-d tensor as a number too
            if any(isinstance(bound, Tensor) and bound._data.ndim for bound in (min, max)):
                _invalid_arguments("clamp", input, min, max)
            min, max = (b.item() if isinstance(b, Tensor) else b for b in (min, max))
            return _clamp_scalar(input, min, max)
        return _clamp_tensor(input, min, max)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    return _clamp_scalar(input, min, max)


def _type_name(value: Any) -> str:
    return "Tensor" if isinstance(value, Tensor) else type(value).__name__


def _invalid_arguments(name: str, *args: Any) -> None:
    """PyTorch's TypeError for an argument combination no overload accepts (first line)."""
    got = ", ".join(_type_name(arg) for arg in args)
    raise TypeError(
        f"{name}() received an invalid combination of arguments - got ({got}), but expected one of:"
    )


def _require_tensor(name: str, argument: str, position: int, value: Any) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{name}(): argument '{argument}' (position {position}) must be Tensor, not "
            f"{_type_name(value)}"
        )


# clamp(x, lo, hi) = min(max(x, lo), hi): by the chain rule x gets the gradient where
# lo <= x <= hi, lo where x < lo <= hi, and hi where max(x, lo) > hi (hi wins when lo > hi).
@primitive("ClampBackward0", promotion=BINARY)
def _clamp_tensor(self, min, max):
    result = self if min is None else np.maximum(self, min)
    return result if max is None else np.minimum(result, max)


def _clamp_tensor_self_grad(grad: Tensor, self: Tensor, min: Any, max: Any) -> Tensor:
    if min is None:
        inside = self <= max
    elif max is None:
        inside = self >= min
    else:
        inside = (self >= min) & (self <= max)
    return where(inside, grad, 0.0)


def _clamp_tensor_min_grad(grad: Tensor, self: Tensor, min: Tensor, max: Any) -> Tensor:
    below = self < min
    if max is not None:
        below = below & (min <= max)
    return where(below, grad, 0.0)


def _clamp_tensor_max_grad(grad: Tensor, self: Tensor, min: Any, max: Tensor) -> Tensor:
    above = self > max
    if min is not None:
        above = above | (min > max)
    return where(above, grad, 0.0)


_clamp_tensor.defgrad(
    self=_clamp_tensor_self_grad, min=_clamp_tensor_min_grad, max=_clamp_tensor_max_grad
)


@primitive("ClampMinBackward0", promotion=BINARY)
def _clamp_min_scalar(self, min):
    _refuse_bool_clamp(self, "clamp_min_scalar")
    return _first_on_ties(np.maximum, self, min)


_clamp_min_scalar.defgrad(
    self=array_formula(
        lambda grad, self, min: where(self >= min, grad, 0.0),
        lambda grad, self, min: zero_unless(grad, ge.forward(self, min)),
    )
)


@primitive("ClampMinBackward1", promotion=BINARY)
def _clamp_min_tensor(self, min):
    return np.maximum(self, min)


_clamp_min_tensor.defgrad(
    self=lambda grad, self, min: where(self >= min, grad, 0.0),
    min=lambda grad, self, min: where(self < min, grad, 0.0),
)


@primitive("ClampMaxBackward0", promotion=BINARY)
def _clamp_max_scalar(self, max):
    _refuse_bool_clamp(self, "clamp_max_scalar")
    return _first_on_ties(np.minimum, self, max)


_clamp_max_scalar.defgrad(
    self=array_formula(
        lambda grad, self, max: where(self <= max, grad, 0.0),
        lambda grad, self, max: zero_unless(grad, le.forward(self, max)),
    )
)


@primitive("ClampMaxBackward1", promotion=BINARY)
def _clamp_max_tensor(self, max):
    return np.minimum(self, max)


_clamp_max_tensor.defgrad(
    self=lambda grad, self, max: where(self <= max, grad, 0.0),
    max=lambda grad, self, max: where(self > max, grad, 0.0),
)


# C++ names of the integer and bool types: clamp's kernel for number bounds names the
# target's type so when its result cannot be cast back in place.
_CPP_TYPE_NAMES = {
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
    "bool": "bool",
}


def clamp_inplace(op: Any, target: Tensor, *bounds: Any) -> Tensor:
    """``clamp_``/``clip_``/``clamp_min_``/``clamp_max_``: number bounds a float result
    cannot be written into an integer or bool tensor, in the message of their own kernel."""
    from .._promotion import result_type
    from .inplace import inplace

    numbers_only = [bound for bound in bounds if bound is not None]
    name = _CPP_TYPE_NAMES.get(target.dtype.name)
    if name is not None and numbers_only and not any(isinstance(b, Tensor) for b in bounds):
        result = result_type(target, *numbers_only)
        if result.category > target.dtype.category:
            raise RuntimeError(
                f"result type {result.legacy_name} can't be cast to the desired output type {name}"
            )
    return inplace(op, target, *bounds)


def clamp_with_out(function: Any, name: str) -> Any:
    """``function`` (clamp and its spellings) with ``out=``: with number bounds its kernel
    wants ``out`` in the result's dtype exactly, not any dtype the result casts to."""
    from .._out import write_out

    @functools.wraps(function)
    def with_out(*args: Any, out: Any = None, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if out is None:
            return result
        bounds = [*args[1:], *kwargs.values()]
        numbers_only = not any(isinstance(bound, Tensor) for bound in bounds)
        if numbers_only and isinstance(out, Tensor) and out.dtype != result.dtype:
            raise RuntimeError(
                f"Found dtype {out.dtype.legacy_name} but expected {result.dtype.legacy_name}"
            )
        return write_out(name, result, out)

    return with_out


def clamp_min(input: Tensor, min: Any) -> Tensor:
    """clamp_min(input, min) -> max(input, min); ``min`` is a number or a tensor"""
    _refuse_complex_clamp(input)
    if min is None:
        _invalid_arguments("clamp_min", input, min)
    if isinstance(min, Tensor):
        return _clamp_min_tensor(input, min)
    return _clamp_min_scalar(input, min)


def clamp_max(input: Tensor, max: Any) -> Tensor:
    """clamp_max(input, max) -> min(input, max); ``max`` is a number or a tensor"""
    _refuse_complex_clamp(input)
    if max is None:
        _invalid_arguments("clamp_max", input, max)
    if isinstance(max, Tensor):
        return _clamp_max_tensor(input, max)
    return _clamp_max_scalar(input, max)


@primitive("WhereBackward0", promotion=BINARY, promote=("self", "other"))
def _where(condition, self, other):
    return np.where(condition, self, other)


_where.defgrad(
    self=array_formula(
        lambda grad, condition: where(condition, grad, 0.0),
        lambda grad, condition: zero_unless(grad, condition),
    ),
    other=array_formula(
        lambda grad, condition: where(condition, 0.0, grad),
        lambda grad, condition: zero_where(grad, condition),
    ),
)


def where(condition: Tensor, input: Any = None, other: Any = None) -> Any:
    """where(condition, input, other) -> elements of ``input`` where true, else ``other``;
    where(condition) -> ``nonzero(condition, as_tuple=True)``"""
    if input is None and other is None:
        from .indexing import nonzero

        return nonzero(condition, as_tuple=True)
    if isinstance(condition, Tensor) and condition._data.dtype != np.bool_:
        if condition._data.dtype != np.uint8:
            raise RuntimeError(
                "where expected condition to be a boolean tensor, but got a tensor with dtype "
                f"{condition.dtype.legacy_name}"
            )
        warnings.warn(
            "where received a uint8 condition tensor. This behavior is deprecated and will be "
            "removed in a future version of PyTorch. Use a boolean condition instead.",
            UserWarning,
            stacklevel=2,
        )
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        # Two numbers: PyTorch's dtype for them (float32 for floats, not NumPy's float64).
        numpy_dtype = result_type(input, other).numpy
        input = Tensor._from_array(np.asarray(input, numpy_dtype))
        other = Tensor._from_array(np.asarray(other, numpy_dtype))
    return _where(condition, input, other)


# -- comparisons and logic (no gradient) -------------------------------------------------
def _no_grad_op(name: str, function: Any, doc: str, promotion: str | None = BINARY) -> Any:
    op = primitive(f"{name}Backward0", promotion=promotion)(function)
    op.__doc__ = doc
    op.name = op.__name__ = op.primitive.name = doc.split("(")[0]
    return op


eq = _no_grad_op("Eq", lambda self, other: np.equal(self, other), "eq(input, other) -> bool mask")
ne = _no_grad_op("Ne", lambda self, other: np.not_equal(self, other), "ne(input, other)")


def _ordering(ufunc: np.ufunc, kernel: str) -> Callable[[Any, Any], Any]:
    """A comparison of order, which PyTorch has no complex kernel for."""

    def forward(self: Any, other: Any) -> Any:
        if getattr(self, "dtype", _REAL).kind == "c":
            _not_implemented_for(kernel, self)
        return ufunc(self, other)

    return forward


lt = _no_grad_op("Lt", _ordering(np.less, "lt_cpu"), "lt(input, other)")
le = _no_grad_op("Le", _ordering(np.less_equal, "le_cpu"), "le(input, other)")
gt = _no_grad_op("Gt", _ordering(np.greater, "gt_cpu"), "gt(input, other)")
ge = _no_grad_op("Ge", _ordering(np.greater_equal, "ge_cpu"), "ge(input, other)")
isnan = _no_grad_op("Isnan", lambda self: np.isnan(self), "isnan(input)", None)
isinf = _no_grad_op("Isinf", lambda self: np.isinf(self), "isinf(input)", None)
isfinite = _no_grad_op("Isfinite", lambda self: np.isfinite(self), "isfinite(input)", None)
logical_not = _no_grad_op("LogicalNot", lambda self: np.logical_not(self), "logical_not", None)
logical_and = _no_grad_op("LogicalAnd", lambda self, other: np.logical_and(self, other), "and")
logical_or = _no_grad_op("LogicalOr", lambda self, other: np.logical_or(self, other), "or")


def _refuse_non_integral(name: str, *operands: Any) -> None:
    """Bitwise kernels exist for integers and bools only."""
    for operand in operands:
        dtype = np.asarray(operand).dtype
        if dtype.kind in "fcV":
            from .. import _dtype

            legacy = _dtype.from_numpy_dtype(dtype).legacy_name
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{legacy}'")


def _bitwise(function: Any, name: str) -> Any:
    def forward(self: Any, other: Any) -> Any:
        _refuse_non_integral(name, self, other)
        return function(self, other)

    return forward


def _bitwise_not(self: Any) -> Any:
    _refuse_non_integral("bitwise_not", self)
    return np.invert(self)


bitwise_and = _no_grad_op(
    "BitwiseAnd", _bitwise(np.bitwise_and, "bitwise_and"), "bitwise_and(input, other)"
)
bitwise_or = _no_grad_op(
    "BitwiseOr", _bitwise(np.bitwise_or, "bitwise_or"), "bitwise_or(input, other)"
)
bitwise_xor = _no_grad_op(
    "BitwiseXor", _bitwise(np.bitwise_xor, "bitwise_xor"), "bitwise_xor(input, other)"
)
bitwise_not = _no_grad_op("BitwiseNot", _bitwise_not, "bitwise_not(input)", None)


def equal(input: Tensor, other: Tensor) -> bool:
    """True if both tensors have the same shape and elements."""
    _require_tensor("equal", "input", 1, input)
    _require_tensor("equal", "other", 2, other)
    return input._data.shape == other._data.shape and bool(np.array_equal(input._data, other._data))


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:  # fmt: skip
    """True if ``|input - other| <= atol + rtol * |other|`` elementwise: ``isclose(...).all()``,
    so the two tensors must have one dtype, as in PyTorch."""
    _require_tensor("allclose", "input", 1, input)
    _require_tensor("allclose", "other", 2, other)
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


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
    if mask._data.shape != input._data.shape:  # PyTorch broadcasts the mask first
        from ._checks import broadcast_shapes

        broadcast_shapes(mask._data.shape, input._data.shape)
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
    if self.dtype.kind == "c":
        raise RuntimeError("maximum not implemented for complex tensors.")
    return np.maximum(self, other)


maximum.defgrad(
    self=lambda grad, self, other: _tie_split(grad, self, other, self < other),
    other=lambda grad, self, other: _tie_split(grad, self, other, self > other),
)


@primitive("MinimumBackward0", promotion=BINARY)
def minimum(self, other):
    """minimum(input, other) -> elementwise minimum (ties share the gradient)"""
    if self.dtype.kind == "c":
        raise RuntimeError("minimum not implemented for complex tensors.")
    return np.minimum(self, other)


minimum.defgrad(
    self=lambda grad, self, other: _tie_split(grad, self, other, self > other),
    other=lambda grad, self, other: _tie_split(grad, self, other, self < other),
)


# -- more pointwise ops --------------------------------------------------------------------
def _not_implemented_for(kernel: str, array: Any) -> None:
    """PyTorch's NotImplementedError for a kernel that has no loop for this dtype."""
    from .. import _dtype

    legacy = _dtype.from_numpy_dtype(np.asarray(array).dtype).legacy_name
    raise NotImplementedError(f"\"{kernel}\" not implemented for '{legacy}'")


def _reject_kinds(kernel: str, kinds: str, *arrays: Any) -> None:
    """PyTorch's NotImplementedError if the kernel would run in one of ``kinds``. The kernel
    runs in the promoted arrays' dtype: a Python number beside them is weak (``True // x``
    is float division of a float tensor), so it is looked at only with no array beside it."""
    promoted = [array for array in arrays if not isinstance(array, _PYTHON_NUMBERS)]
    for array in promoted or arrays:
        if np.asarray(array).dtype.kind in kinds:
            _not_implemented_for(kernel, array)


_PYTHON_NUMBERS = (bool, int, float, complex)


def _no_derivative(name: str, forward: Any, only: Any = None, **options: Any) -> Any:
    """An op PyTorch records with a ``NotImplemented`` node: backward through it raises.
    The node has an edge for each of the first two inputs, or for those ``only`` names."""

    def formula(grad: Tensor) -> Tensor:
        raise RuntimeError(f"derivative for aten::{name} is not implemented")

    op = primitive("NotImplemented", qualified_name="rungrad::autograd::NotImplemented", **options)(
        forward
    )
    op.defgrad(**{input_name: formula for input_name in only or op.param_names[:2]})
    return op


def _floor_divide_forward(self, other):
    _reject_kinds("div_floor_cpu", "b", self, other)
    _check_integer_divisor(self, other)
    return np.floor_divide(self, other)


_floor_divide = _no_derivative(
    "floor_divide", real_only("div_floor_cpu")(_floor_divide_forward), promotion=BINARY
)
_remainder_scalar_tensor = _no_derivative("remainder", _remainder_forward, promotion=BINARY)


def _fmod_forward(self, other):
    _reject_kinds("fmod_cpu", "b", self, other)
    _check_integer_divisor(self, other)
    return np.fmod(self, other)


# fmod = self - other * trunc(self / other), so d/dself = 1, d/dother = -trunc(self / other).
_fmod_scalar = primitive("FmodBackward0", promotion=BINARY)(real_only("fmod_cpu")(_fmod_forward))
_fmod_scalar.defgrad(self=pass_grad)
_fmod_tensor = primitive("FmodBackward1", promotion=BINARY)(real_only("fmod_cpu")(_fmod_forward))
_fmod_tensor.defgrad(
    self=pass_grad,
    other=lambda grad, self, other: -grad * _div_rounded(self, other, "trunc"),
)


def fmod(input: Tensor, other: Any) -> Tensor:
    """fmod(input, other) -> C-style remainder (the sign of the dividend)"""
    if isinstance(other, Tensor):
        return _fmod_tensor(input, other)
    return _fmod_scalar(input, other)


# -- exponentials and logarithms --
_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


@primitive("Exp2Backward0", promotion=FLOAT)
def exp2(self):
    """exp2(input) -> 2 ** input"""
    return np.exp2(self)


exp2.defgrad(self=lambda grad, result: mul_scalar(grad * result, _LN2))


@primitive("FrexpBackward0", num_outputs=2, differentiable_outputs=(0,))
def _frexp(self):
    mantissa, exponent = np.frexp(self)
    return mantissa.astype(self.dtype, copy=False), exponent.astype(np.int32, copy=False)


def _frexp_grad(grads: Any, result1: Tensor) -> Any:
    # mantissa = x / 2 ** exponent, the exponent being piecewise constant
    if grads[0] is None:
        return None
    grad = grads[0]
    power = np.ldexp(np.ones((), dtype=grad._data.dtype), result1._data)
    return grad / Tensor._from_array(power)


_frexp.defgrad(self=_frexp_grad)
_frexp.saved_as(exponent="result1")


def frexp(input: Tensor) -> Any:
    """frexp(input) -> (mantissa, exponent): input = mantissa * 2 ** exponent, with
    0.5 <= |mantissa| < 1 (0 for 0), the exponent as int32"""
    from ..return_types import frexp as frexp_result

    if input._data.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    return frexp_result(_frexp(input))


@primitive("Expm1Backward0", promotion=FLOAT)
def expm1(self):
    """expm1(input) -> exp(input) - 1, accurate near 0"""
    return _elementary.expm1(self)


expm1.defgrad(self=lambda grad, result: grad * add_scalar(result, 1))


@primitive("Log2Backward0", promotion=FLOAT)
def log2(self):
    """log2(input) -> base-2 logarithm"""
    return _elementary.log2(self)


log2.defgrad(self=lambda grad, self: grad / mul_scalar(self, _LN2))


@primitive("Log10Backward0", promotion=FLOAT)
def log10(self):
    """log10(input) -> base-10 logarithm"""
    return _elementary.log10(self)


log10.defgrad(self=lambda grad, self: grad / mul_scalar(self, _LN10))


@primitive("Log1PBackward0", promotion=FLOAT)
def log1p(self):
    """log1p(input) -> log(1 + input), accurate near 0"""
    return _elementary.log1p(self)


log1p.defgrad(self=lambda grad, self: grad / add_scalar(self, 1))


# -- trigonometric and hyperbolic --
@primitive("TanBackward0", promotion=FLOAT)
def tan(self):
    """tan(input)"""
    return np.tan(self)


def _tan_grad(grad: Tensor, result: Tensor) -> Tensor:
    # PyTorch's graph: grad * (result.pow(2) + 1), conjugated for complex results.
    slope = add_scalar(pow(result, 2), 1)
    return grad * (slope.conj() if result.is_complex() else slope)


def _tan_grad_on_arrays(grad: Any, result: Any) -> Any:
    slope = result * result + 1
    return grad * (np.conj(slope) if np.iscomplexobj(slope) else slope)


tan.defgrad(self=array_formula(_tan_grad, _tan_grad_on_arrays))


@primitive("AsinBackward0", promotion=FLOAT)
def asin(self):
    """asin(input) -> inverse sine"""
    return np.arcsin(self)


asin.defgrad(self=lambda grad, self: grad * rsqrt(1 - self * self))


@primitive("AcosBackward0", promotion=FLOAT)
def acos(self):
    """acos(input) -> inverse cosine"""
    return np.arccos(self)


acos.defgrad(self=lambda grad, self: grad * -rsqrt(1 - self * self))


@primitive("AtanBackward0", promotion=FLOAT)
def atan(self):
    """atan(input) -> inverse tangent"""
    return np.arctan(self)


atan.defgrad(self=lambda grad, self: grad / add_scalar(self * self, 1))


@primitive("Atan2Backward0", promotion=FLOAT)
@real_only("atan2_cpu")
def _atan2(self, other):
    return np.arctan2(self, other)


def _atan2_reciprocal(self: Tensor, other: Tensor) -> Tensor:
    """1 / (x^2 + y^2), and 0 at the origin, where PyTorch's gradient is 0 rather than nan."""
    denominator = self * self + other * other
    return _masked_fill_scalar(denominator.reciprocal(), denominator == 0, 0)


# d atan2(y, x) = (x dy - y dx) / (x^2 + y^2)
_atan2.defgrad(
    self=lambda grad, self, other: grad * other * _atan2_reciprocal(self, other),
    other=lambda grad, self, other: grad * -self * _atan2_reciprocal(self, other),
)


def atan2(input: Tensor, other: Tensor) -> Tensor:
    """atan2(input, other) -> the angle of the point (other, input)"""
    _require_tensor("atan2", "other", 2, other)
    return _atan2(input, other)


@primitive("SinhBackward0", promotion=FLOAT)
def sinh(self):
    """sinh(input)"""
    return _elementary.sinh(self)


sinh.defgrad(self=lambda grad, self: grad * cosh(self))


@primitive("CoshBackward0", promotion=FLOAT)
def cosh(self):
    """cosh(input)"""
    return _elementary.cosh(self)


cosh.defgrad(self=lambda grad, self: grad * sinh(self))


@primitive("AsinhBackward0", promotion=FLOAT)
def asinh(self):
    """asinh(input) -> inverse hyperbolic sine"""
    return np.arcsinh(self)


asinh.defgrad(self=lambda grad, self: grad * rsqrt(self * self + 1))


@primitive("AcoshBackward0", promotion=FLOAT)
def acosh(self):
    """acosh(input) -> inverse hyperbolic cosine"""
    return np.arccosh(self)


# 1 / (sqrt(x - 1) sqrt(x + 1)), not rsqrt(x * x - 1): the same for reals, and for complex
# numbers the derivative on acosh's branch.
acosh.defgrad(
    self=lambda grad, self: (
        grad * (rsqrt(self - 1) * rsqrt(self + 1) if self.is_complex() else rsqrt(self * self - 1))
    )
)


@primitive("AtanhBackward0", promotion=FLOAT)
def atanh(self):
    """atanh(input) -> inverse hyperbolic tangent"""
    return _elementary.arctanh(self)


atanh.defgrad(self=lambda grad, self: grad / (1 - self * self))


@primitive("Deg2RadBackward0", promotion=FLOAT)
def deg2rad(self):
    """deg2rad(input) -> input in radians"""
    return np.multiply(self, np.asarray(math.pi / 180.0, dtype=self.dtype))


deg2rad.defgrad(self=lambda grad: mul_scalar(grad, math.pi / 180.0))


@primitive("Rad2DegBackward0", promotion=FLOAT)
def rad2deg(self):
    """rad2deg(input) -> input in degrees"""
    return np.multiply(self, np.asarray(180.0 / math.pi, dtype=self.dtype))


rad2deg.defgrad(self=lambda grad: mul_scalar(grad, 180.0 / math.pi))


@primitive("SincBackward0", promotion=FLOAT)
def sinc(self):
    """sinc(input) -> sin(pi x) / (pi x), and 1 at 0"""
    scaled = self * np.asarray(math.pi, dtype=self.dtype)
    with np.errstate(all="ignore"):
        quotient = np.sin(scaled) / scaled
    return np.where(self == 0, np.ones_like(quotient), quotient)


def _sinc_grad(grad: Tensor, self: Tensor) -> Tensor:
    # d/dx sin(u)/u with u = pi x: pi (u cos u - sin u) / u^2; the limit at 0 is 0.
    scaled = mul_scalar(self, math.pi)
    slope = mul_scalar((scaled * cos(scaled) - sin(scaled)) / (scaled * scaled), math.pi)
    return where(self == 0, 0.0, grad * slope)


sinc.defgrad(self=_sinc_grad)


@primitive("LogitBackward0", promotion=FLOAT)
@real_only("logit_cpu")
def logit(self, eps=None):
    """logit(input, eps=None) -> log(p / (1 - p)), with p clamped to [eps, 1 - eps]"""
    if eps is not None:
        self = np.clip(self, eps, 1 - eps).astype(self.dtype, copy=False)
    return np.log(self / (1 - self))


def _logit_grad(grad: Tensor, self: Tensor, eps: Any) -> Tensor:
    slope = grad / (self * (1 - self))
    if eps is None:  # outside [0, 1] logit is nan, and so is its derivative
        return where((self < 0) | (self > 1), math.nan, slope)
    return where((self < eps) | (self > 1 - eps), 0.0, slope)


logit.defgrad(self=_logit_grad)


# -- special functions --
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


@primitive("ErfBackward0", promotion=FLOAT)
@real_only("erf_vml_cpu")
def erf(self):
    """erf(input) -> the error function"""
    return _special.erf(self)


erf.defgrad(self=lambda grad, self: mul_scalar(exp(-(self**2)), _TWO_OVER_SQRT_PI) * grad)


@primitive("ErfcBackward0", promotion=FLOAT)
@real_only("erfc_vml_cpu")
def erfc(self):
    """erfc(input) -> 1 - erf(input), accurate where erf is near 1"""
    return _special.erfc(self)


erfc.defgrad(self=lambda grad, self: grad * mul_scalar(exp(-(self * self)), -_TWO_OVER_SQRT_PI))


@primitive("ErfinvBackward0", promotion=FLOAT)
@real_only("erfinv_vml_cpu")
def erfinv(self):
    """erfinv(input) -> the x with erf(x) = input"""
    return _special.erfinv(self)


# d erfinv(y) = 1 / erf'(erfinv(y)) = sqrt(pi) / 2 * exp(erfinv(y) ** 2)
erfinv.defgrad(
    self=lambda grad, result: grad * mul_scalar(exp(result * result), 1 / _TWO_OVER_SQRT_PI)
)


@primitive("LgammaBackward0", promotion=FLOAT)
@real_only("lgamma_vml_cpu")
def lgamma(self):
    """lgamma(input) -> log |Gamma(input)|"""
    return _special.lgamma(self)


lgamma.defgrad(self=lambda grad, self: grad * digamma(self))


@primitive("DigammaBackward0", promotion=FLOAT)
@real_only("digamma")
def digamma(self):
    """digamma(input) -> d/dx lgamma(x)"""
    return _special.digamma(self)


digamma.defgrad(self=lambda grad, self: grad * _polygamma(1, self))


@primitive("PolygammaBackward0", promotion=FLOAT, promote=("self",))
def _polygamma(n, self):
    return _special.polygamma(n, self)


_polygamma.defgrad(self=lambda grad, n, self: grad * _polygamma(n + 1, self))


# The in-place variant has a node of its own in PyTorch (its arguments come self first).
@primitive("PolygammaBackward1", promotion=FLOAT, promote=("self",))
def _polygamma_inplace(self, n):
    return _special.polygamma(n, self)


_polygamma_inplace.defgrad(self=lambda grad, n, self: grad * _polygamma(n + 1, self))


def _check_polygamma_order(n: Any) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(
            f"polygamma(): argument 'n' (position 1) must be int, not {type(n).__name__}"
        )
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")


def polygamma(n: int, input: Tensor) -> Tensor:
    """polygamma(n, input) -> the n-th derivative of digamma"""
    _check_polygamma_order(n)
    return _polygamma(n, input)


def polygamma_(input: Tensor, n: int) -> Tensor:
    """In-place polygamma: ``input.polygamma_(n)``."""
    from .inplace import inplace

    _check_polygamma_order(n)
    return inplace(_polygamma_inplace, input, n)


# -- rounding (zero gradient almost everywhere) --
def _rounding(node_name: str, function: Any, kernel: str, doc: str) -> Any:
    def forward(self):
        if self.dtype.kind in "iu":
            return self.copy()
        if self.dtype.kind == "b":
            _not_implemented_for(kernel, self)
        if self.dtype.kind == "c":
            name = doc.split("(")[0]
            if name == "round":
                _not_implemented_for(kernel, self)
            raise NotImplementedError(f"{name} is not supported for complex inputs")
        return function(self)

    op = primitive(node_name)(forward)
    op.defgrad(self=_zeros)
    op.__doc__ = doc
    op.name = op.__name__ = op.primitive.name = doc.split("(")[0]
    return op


floor = _rounding("FloorBackward0", np.floor, "floor_vml_cpu", "floor(input) -> round down")
ceil = _rounding("CeilBackward0", np.ceil, "ceil_vml_cpu", "ceil(input) -> round up")
trunc = _rounding("TruncBackward0", np.trunc, "trunc_vml_cpu", "trunc(input) -> round to 0")
_round_half_even = _rounding(
    "RoundBackward0", np.rint, "round_vml_cpu", "round(input) -> nearest, halves to even"
)


@primitive("RoundBackward1")
def _round_decimals(self, decimals):
    if self.dtype.kind in "iub":
        _not_implemented_for("round_vml_cpu" if decimals == 0 else "round_cpu", self)
    if decimals == 0:
        return np.rint(self)
    if decimals > 0:
        scale = np.asarray(10.0**decimals, dtype=self.dtype)
        return np.rint(self * scale) / scale
    scale = np.asarray(10.0**-decimals, dtype=self.dtype)
    return np.rint(self / scale) * scale


_round_decimals.defgrad(self=_zeros)


def round(input: Tensor, *, decimals: int | None = None) -> Tensor:
    """round(input, *, decimals=0) -> nearest multiple of 10**-decimals, halves to even

    Giving ``decimals`` at all (even 0) selects PyTorch's other overload and node.
    """
    if decimals is None:
        return _round_half_even(input)
    return _round_decimals(input, decimals)


@primitive("FracBackward0")
@real_only("frac_cpu")
def frac(self):
    """frac(input) -> input - trunc(input)"""
    if self.dtype.kind not in "fcV":
        _not_implemented_for("frac_cpu", self)
    return self - np.trunc(self)


frac.defgrad(self=pass_grad)


@primitive("SgnBackward0")
def sgn(self):
    """sgn(input) -> sign (for complex input, input / |input|)"""
    if self.dtype.kind == "c":
        magnitude = np.abs(self)
        return np.where(magnitude == 0, 0, self / np.where(magnitude == 0, 1, magnitude))
    if self.dtype.kind == "b":
        return self.copy()
    return np.sign(self)


def _sgn_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    if not self.is_complex():
        return _zeros(grad)
    # z / |z| moves only across the direction of z: the gradient's component along
    # sgn(z) is removed, the rest scaled by 1 / |z| (0 at z == 0).
    from .sequences import real

    magnitude = abs(self)
    along = real(grad * result.conj()) * result
    return where(magnitude == 0, 0.0, (grad - along) / magnitude)


sgn.defgrad(self=_sgn_grad)


# -- binary ops --
def _fminmax_grads(self_wins: Any) -> dict[str, Any]:
    # The winner takes the whole gradient (ties go to ``self``); a nan loses to a number.
    def self_grad(grad: Tensor, self: Tensor, other: Tensor) -> Tensor:
        return _masked_fill_scalar(grad, ~(self_wins(self, other) | isnan(other)), 0)

    def other_grad(grad: Tensor, self: Tensor, other: Tensor) -> Tensor:
        return _masked_fill_scalar(grad, self_wins(self, other) | isnan(other), 0)

    return {"self": self_grad, "other": other_grad}


@primitive("FmaxBackward0", promotion=BINARY)
def _fmax(self, other):
    if self.dtype.kind == "c":
        raise RuntimeError("fmax not implemented for complex tensors.")
    return np.fmax(self, other)


_fmax.defgrad(**_fminmax_grads(lambda self, other: self >= other))


@primitive("FminBackward0", promotion=BINARY)
def _fmin(self, other):
    if self.dtype.kind == "c":
        raise RuntimeError("fmin not implemented for complex tensors.")
    return np.fmin(self, other)


_fmin.defgrad(**_fminmax_grads(lambda self, other: self <= other))


def fmax(input: Tensor, other: Tensor) -> Tensor:
    """fmax(input, other) -> elementwise maximum, ignoring nan"""
    _require_tensor("fmax", "other", 2, other)
    return _fmax(input, other)


def fmin(input: Tensor, other: Tensor) -> Tensor:
    """fmin(input, other) -> elementwise minimum, ignoring nan"""
    _require_tensor("fmin", "other", 2, other)
    return _fmin(input, other)


def _lerp_forward(self, end, weight):
    # Two forms, each exact at its own end: a + w (b - a) for |w| < 1/2, b + (w - 1)(b - a),
    # each one fused multiply-add in PyTorch's kernel (``_ops/_fused.py``).
    dtype = np.result_type(self, end)
    difference = end - self
    weight_array = np.asarray(weight, dtype=self.dtype)
    small = np.abs(weight_array) < 0.5
    if small.ndim == 0:  # one weight: one form
        if small:
            return fused_multiply_add(weight_array, difference, self, dtype)
        return fused_multiply_add(weight_array - 1, difference, end, dtype)
    return np.where(
        small,
        fused_multiply_add(weight_array, difference, self, dtype),
        fused_multiply_add(weight_array - 1, difference, end, dtype),
    ).astype(dtype, copy=False)


_lerp_scalar = primitive("LerpBackward0")(half_in_float32(_lerp_forward))
_lerp_scalar.defgrad(
    self=lambda grad, weight: mul_scalar(grad, 1 - weight),
    end=lambda grad, weight: mul_scalar(grad, weight),
)
# Promotion: a 0-d weight may have another dtype (see lerp).
_lerp_tensor = primitive("LerpBackward1", promotion=BINARY)(half_in_float32(_lerp_forward))
_lerp_tensor.defgrad(
    self=lambda grad, weight: grad * (1 - weight),
    end=lambda grad, weight: grad * weight,
    weight=lambda grad, self, end: grad * (end - self),
)


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """lerp(input, end, weight) -> input + weight * (end - input)"""
    from .._tensor_names import c_type_name

    tensor_weight = isinstance(weight, Tensor)
    # A 0-d weight of another dtype is accepted (and promotes like a 0-d operand).
    weight_check = (weight,) if isinstance(weight, Tensor) and weight.ndim else ()
    for name, other in zip(("end", "weight"), (end, *weight_check)):
        if isinstance(other, Tensor) and other._data.dtype != input._data.dtype:
            raise RuntimeError(
                f"expected dtype {c_type_name(input._data.dtype)} for `{name}` but got dtype "
                f"{c_type_name(other._data.dtype)}"
            )
    if input._data.dtype.kind not in "fcV":
        kernel = "lerp_kernel_tensor" if tensor_weight else "lerp_kernel_scalar"
        _not_implemented_for(kernel, input._data)
    if tensor_weight:
        return _lerp_tensor(input, end, weight)
    return _lerp_scalar(input, end, weight)


def _addc_forward(combine: Any) -> Any:
    def forward(self, tensor1, tensor2, value):
        dtype = np.result_type(self, tensor1, tensor2)
        if dtype.kind in "iub":
            value = int(value)  # PyTorch converts the scale to the integer type
            return np.add(self, value * combine(tensor1, tensor2)).astype(dtype, copy=False)
        # As PyTorch's kernels: the scale times tensor1 first (in the dtype), then
        # ``self + scaled * tensor2`` as one fused multiply-add for addcmul and
        # ``self + scaled / tensor2``, rounded after each operation, for addcdiv.
        scaled = tensor1 if value == 1 else np.multiply(value, tensor1, dtype=dtype)
        if combine is np.multiply and dtype.kind == "f":
            return np.asarray(fused_multiply_add(scaled, tensor2, self, dtype))
        return np.add(self, combine(scaled, tensor2)).astype(dtype, copy=False)

    return forward


_addcmul = primitive("AddcmulBackward0", promotion=BINARY, promote=("self", "tensor1", "tensor2"))(
    half_in_float32(_addc_forward(np.multiply))
)
_addcmul.defgrad(
    self=pass_grad,
    tensor1=lambda grad, tensor2, value: grad * mul_scalar(tensor2, value),
    tensor2=lambda grad, tensor1, value: grad * mul_scalar(tensor1, value),
)


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """addcmul(input, tensor1, tensor2, *, value=1) -> input + value * tensor1 * tensor2"""
    return _addcmul(input, tensor1, tensor2, value)


_addcdiv = primitive("AddcdivBackward0", promotion=BINARY, promote=("self", "tensor1", "tensor2"))(
    half_in_float32(_addc_forward(np.true_divide))
)
_addcdiv.defgrad(
    self=pass_grad,
    # PyTorch's formulas and their order: ``value * tensor1`` first, so an int tensor1 makes
    # a tensor of the default dtype there, as PyTorch's does.
    tensor1=lambda grad, tensor2, value: grad * true_divide(value, tensor2),
    tensor2=lambda grad, tensor1, tensor2, value: (
        grad * (mul_scalar(tensor1, -value) / (tensor2 * tensor2))
    ),
)


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """addcdiv(input, tensor1, tensor2, *, value=1) -> input + value * tensor1 / tensor2"""
    if tensor1._data.dtype.kind in "iub" and tensor2._data.dtype.kind in "iub":
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
            ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes."
        )
    return _addcdiv(input, tensor1, tensor2, value)


@primitive("HypotBackward0", promotion=BINARY)
@real_only("hypot_cpu")
def _hypot(self, other):
    _reject_kinds("hypot_cpu", "iub", np.empty(0, np.result_type(self, other)))
    return np.hypot(self, other)


_hypot.defgrad(
    self=lambda grad, self, result: grad * self / result,
    other=lambda grad, other, result: grad * other / result,
)


def hypot(input: Tensor, other: Tensor) -> Tensor:
    """hypot(input, other) -> sqrt(input ** 2 + other ** 2)"""
    _require_tensor("hypot", "other", 2, other)
    return _hypot(input, other)


@primitive("LdexpBackward0", promotion=FLOAT)
def _ldexp(self, other):
    return self * np.exp2(other)


def _ldexp_self_grad(grad: Tensor, other: Tensor) -> Tensor:
    # PyTorch's formula takes 2 ** other in other's dtype: for an integer exponent below 0
    # that is 0 (integer powers), so its gradient is 0 where the value is input / 2 ** -other.
    if other.dtype.category == _dtype.INTEGRAL:
        return grad * pow(2, other)
    return grad * exp2(other)


_ldexp.defgrad(
    self=_ldexp_self_grad,
    other=lambda grad, result: mul_scalar(grad * result, _LN2),
)


def ldexp(input: Tensor, other: Tensor) -> Tensor:
    """ldexp(input, other) -> input * 2 ** other, in a floating dtype"""
    _require_tensor("ldexp", "other", 2, other)
    return _ldexp(input, other)


@primitive("NextafterBackward0", promotion=BINARY)
@real_only("nextafter_cpu")
def _nextafter(self, other):
    _reject_kinds("nextafter_cpu", "iub", np.empty(0, np.result_type(self, other)))
    return np.nextafter(self, other)


# As PyTorch's: the step to the next float counts as the identity for input (nothing where
# input is other already, and so does not move), nothing for other.
_nextafter.defgrad(self=lambda grad, self, other: where(self == other, 0.0, grad), other=_zeros)


def nextafter(input: Tensor, other: Tensor) -> Tensor:
    """nextafter(input, other) -> the next float after input, towards other"""
    _require_tensor("nextafter", "other", 2, other)
    return _nextafter(input, other)


@primitive("LogaddexpBackward0", promotion=BINARY)
def _logaddexp(self, other):
    _reject_kinds("logaddexp_cpu", "iub", np.empty(0, np.result_type(self, other)))
    if np.result_type(self, other).kind == "c":  # NumPy has no complex logaddexp
        larger = np.where(np.real(self) >= np.real(other), self, other)
        smaller = np.where(np.real(self) >= np.real(other), other, self)
        return larger + np.log1p(np.exp(smaller - larger))
    return np.logaddexp(self, other)


# d/dx log(e^x + e^y) = e^x / (e^x + e^y) = 1 / (1 + e^(y - x))
_logaddexp.defgrad(
    self=lambda grad, self, other: grad / (exp(other - self) + 1),
    other=lambda grad, self, other: grad / (exp(self - other) + 1),
)


def logaddexp(input: Tensor, other: Tensor) -> Tensor:
    """logaddexp(input, other) -> log(exp(input) + exp(other)), without overflow"""
    _require_tensor("logaddexp", "other", 2, other)
    return _logaddexp(input, other)


@primitive("Logaddexp2Backward0", promotion=BINARY)
def _logaddexp2(self, other):
    _reject_kinds("logaddexp2_cpu", "iub", np.empty(0, np.result_type(self, other)))
    return np.logaddexp2(self, other)


_logaddexp2.defgrad(
    self=lambda grad, self, other: grad / (exp2(other - self) + 1),
    other=lambda grad, self, other: grad / (exp2(self - other) + 1),
)


def logaddexp2(input: Tensor, other: Tensor) -> Tensor:
    """logaddexp2(input, other) -> log2(2 ** input + 2 ** other), without overflow"""
    _require_tensor("logaddexp2", "other", 2, other)
    return _logaddexp2(input, other)


def _xlogy_forward(self, other):
    # 0 where self == 0, even where log(other) is -inf; nan in other still propagates.
    # A number is taken in the tensor's dtype first: 1e-130 is 0 in float32, as in PyTorch.
    dtype = np.result_type(self, other)
    self = np.asarray(self, dtype=dtype)
    product = np.multiply(self, np.log(np.asarray(other, dtype=dtype)))
    return np.where((self == 0) & ~np.isnan(other), 0, product).astype(product.dtype, copy=False)


def _xlogy_self_grad(grad: Tensor, self: Tensor, other: Any) -> Tensor:
    # d/dself = log(other); where self == 0 and other <= 0 it is taken as 0, like the value.
    return _masked_fill_scalar(_xlogy_tensor(grad, other), (self == 0) & (other <= 0), 0)


_xlogy_tensor = primitive("XlogyBackward0", promotion=FLOAT)(_xlogy_forward)
_xlogy_tensor.defgrad(self=_xlogy_self_grad, other=lambda grad, self, other: grad * self / other)
_xlogy_scalar_self = primitive("XlogyBackward1", promotion=FLOAT)(_xlogy_forward)
_xlogy_scalar_self.defgrad(other=lambda grad, self, other: mul_scalar(grad, self) / other)
_xlogy_scalar_other = primitive("XlogyBackward2", promotion=FLOAT)(_xlogy_forward)
_xlogy_scalar_other.defgrad(self=lambda grad, other: _xlogy_scalar_other(grad, other))


def xlogy(input: Any, other: Any) -> Tensor:
    """xlogy(input, other) -> input * log(other), and 0 where input is 0"""
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return _xlogy_tensor(input, other)
        if not isinstance(other, (bool, int, float, complex)):
            _invalid_arguments("xlogy", input, other)
        return _xlogy_scalar_other(input, other)
    if not isinstance(other, Tensor):
        _invalid_arguments("xlogy", input, other)
    return _xlogy_scalar_self(input, other)


@primitive("NanToNumBackward0")
def _nan_to_num(self, nan, posinf, neginf):
    if self.dtype.kind not in "fcV":
        return self.copy()
    nan = 0.0 if nan is None else nan  # PyTorch takes None for 0 too
    return np.nan_to_num(self, nan=nan, posinf=posinf, neginf=neginf)


_nan_to_num.defgrad(self=lambda grad, self: grad * isfinite(self))


def nan_to_num(
    input: Tensor, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """nan_to_num(input, nan=0.0, posinf=None, neginf=None) -> nan and infinities replaced
    (by default with 0 and the dtype's largest and smallest finite values)"""
    return _nan_to_num(input, nan, posinf, neginf)


def float_power(input: Any, exponent: Any) -> Tensor:
    """float_power(input, exponent) -> input ** exponent, computed in float64"""
    from .. import _dtype

    def to_double(value: Any) -> Any:
        if isinstance(value, Tensor):
            target = _dtype.complex128 if value._data.dtype.kind == "c" else _dtype.float64
            return value.to(target)
        return complex(value) if isinstance(value, complex) else float(value)

    return pow(to_double(input), to_double(exponent))


def positive(input: Tensor) -> Tensor:
    """positive(input) -> input itself"""
    if input._data.dtype == np.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def _copysign_self_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    # d/dx |x| s(y) = sign(x) s(y) = result / x away from 0, and 0 at x = 0.
    return grad * where(self == 0, 0.0, result / self)


def _copysign_forward(self, other):
    return np.copysign(self, other)


_copysign_tensor = primitive("CopysignBackward0", promotion=FLOAT)(_copysign_forward)
_copysign_tensor.defgrad(self=_copysign_self_grad, other=_zeros)
_copysign_scalar = primitive("CopysignBackward1", promotion=FLOAT)(_copysign_forward)
_copysign_scalar.defgrad(self=_copysign_self_grad)


def copysign(input: Tensor, other: Any) -> Tensor:
    """copysign(input, other) -> |input| with the sign of other"""
    if not isinstance(input, Tensor):
        _invalid_arguments("copysign", input, other)
    if isinstance(other, Tensor):
        return _copysign_tensor(input, other)
    return _copysign_scalar(input, other)


def _heaviside_forward(self, values):
    return np.where(self == 0, values, self > 0).astype(self.dtype, copy=False)


def _real_heaviside(self, values):
    if self.dtype.kind == "c":
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    return _heaviside_forward(self, values)


_heaviside = _no_derivative("heaviside", _real_heaviside)


def heaviside(input: Tensor, values: Tensor) -> Tensor:
    """heaviside(input, values) -> 0 where input < 0, values where input == 0, 1 where > 0"""
    _require_tensor("heaviside", "values", 2, values)
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return _heaviside(input, values)


# -- tests, comparisons and logic (no gradient) --
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


# An in-place comparison keeps self's dtype, so PyTorch records it: a node whose gradients
# are zero, ``<Name>Backward0`` for a number and ``<Name>Backward1`` for a tensor ``other``.
# ``dtype`` is self's own (promotion may have cast self): an int or bool self takes the 0/1.
def _comparison_inplace_ops(name: str, function: Any) -> tuple[Any, Any]:
    def forward(self, other, dtype):
        return function(self, other).astype(dtype)

    operands = ("self", "other")
    scalar = primitive(f"{name}Backward0", promotion=BINARY, promote=operands)(forward)
    scalar.defgrad(self=_zeros)
    tensor = primitive(f"{name}Backward1", promotion=BINARY, promote=operands)(forward)
    tensor.defgrad(self=_zeros, other=_zeros)
    return scalar, tensor


_eq_scalar_, _eq_tensor_ = _comparison_inplace_ops("Eq", np.equal)
_ne_scalar_, _ne_tensor_ = _comparison_inplace_ops("Ne", np.not_equal)
_lt_scalar_, _lt_tensor_ = _comparison_inplace_ops("Lt", np.less)
_le_scalar_, _le_tensor_ = _comparison_inplace_ops("Le", np.less_equal)
_gt_scalar_, _gt_tensor_ = _comparison_inplace_ops("Gt", np.greater)
_ge_scalar_, _ge_tensor_ = _comparison_inplace_ops("Ge", np.greater_equal)


def _compare_inplace(ops: tuple[Any, Any], input: Tensor, other: Any) -> Tensor:
    from .inplace import inplace

    return inplace(ops[isinstance(other, Tensor)], input, other, input._data.dtype)


def eq_(input: Tensor, other: Any) -> Tensor:
    """In-place eq: 1 where equal, else 0, in input's dtype."""
    return _compare_inplace((_eq_scalar_, _eq_tensor_), input, other)


def ne_(input: Tensor, other: Any) -> Tensor:
    """In-place ne."""
    return _compare_inplace((_ne_scalar_, _ne_tensor_), input, other)


def lt_(input: Tensor, other: Any) -> Tensor:
    """In-place lt."""
    return _compare_inplace((_lt_scalar_, _lt_tensor_), input, other)


def le_(input: Tensor, other: Any) -> Tensor:
    """In-place le."""
    return _compare_inplace((_le_scalar_, _le_tensor_), input, other)


def gt_(input: Tensor, other: Any) -> Tensor:
    """In-place gt."""
    return _compare_inplace((_gt_scalar_, _gt_tensor_), input, other)


def ge_(input: Tensor, other: Any) -> Tensor:
    """In-place ge."""
    return _compare_inplace((_ge_scalar_, _ge_tensor_), input, other)


isposinf = _no_grad_op("Isposinf", lambda self: np.isposinf(self), "isposinf(input)", None)
isneginf = _no_grad_op("Isneginf", lambda self: np.isneginf(self), "isneginf(input)", None)
isreal = _no_grad_op("Isreal", lambda self: np.isreal(self), "isreal(input)", None)
signbit = _no_grad_op("Signbit", lambda self: np.signbit(self), "signbit(input)", None)
logical_xor = _no_grad_op(
    "LogicalXor", lambda self, other: np.logical_xor(self, other), "logical_xor"
)


def _isclose_forward(self, other, rtol, atol, equal_nan):
    close = self == other
    if self.dtype.kind in "fcV" or other.dtype.kind in "fcV":
        finite = np.isfinite(self) & np.isfinite(other)
        with np.errstate(all="ignore"):
            difference = np.abs(self - other)
            within = difference <= atol + rtol * np.abs(other)
        close = close | (finite & within)
        if equal_nan:
            close = close | (np.isnan(self) & np.isnan(other))
    else:
        difference = np.abs(self.astype(np.float64) - other.astype(np.float64))
        close = close | (difference <= atol + rtol * np.abs(other.astype(np.float64)))
    return close


_isclose = _no_grad_op("Isclose", _isclose_forward, "isclose(input, other)", None)


def isclose(
    input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool mask of
    ``|input - other| <= atol + rtol * |other|``"""
    from .. import _dtype

    first, second = input._data.dtype, other._data.dtype
    if first != second:
        raise RuntimeError(
            f"{_dtype.from_numpy_dtype(first).legacy_name} did not match "
            f"{_dtype.from_numpy_dtype(second).legacy_name}"
        )
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol:g}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol:g}")
    from ._checks import broadcast_shapes

    broadcast_shapes(input._data.shape, other._data.shape)  # PyTorch's message, not NumPy's
    return _isclose(input, other, rtol, atol, equal_nan)


def _shift(kernel: str, left: bool) -> Any:
    def forward(self: Any, other: Any) -> Any:
        _reject_kinds(kernel, "fcb", self, other)
        dtype = np.result_type(self, other)  # first: a Python int stays weak (uint8 << 3)
        self, other = np.asarray(self).astype(dtype, copy=False), np.asarray(other)
        bits = dtype.itemsize * 8
        out_of_range = (other < 0) | (other >= bits)
        amount = np.where(out_of_range, 0, other).astype(dtype)
        if left:
            # Shift the bits as unsigned: overflowing bits drop, as in C++.
            unsigned = np.dtype(f"u{dtype.itemsize}") if dtype.kind == "i" else dtype
            shifted = np.left_shift(self.astype(unsigned), amount.astype(unsigned))
            return np.where(out_of_range, 0, shifted.astype(dtype))
        # An out-of-range right shift fills with the sign bit (zeros when unsigned).
        fill = np.right_shift(self, bits - 1) if dtype.kind == "i" else 0
        return np.where(out_of_range, fill, np.right_shift(self, amount)).astype(dtype, copy=False)

    return forward


bitwise_left_shift = _no_grad_op(
    "BitwiseLeftShift", _shift("lshift_cpu", True), "bitwise_left_shift(input, other)"
)
bitwise_right_shift = _no_grad_op(
    "BitwiseRightShift", _shift("rshift_cpu", False), "bitwise_right_shift(input, other)"
)

# PyTorch's other names for the ops above.
arcsin, arccos, arctan, arctan2 = asin, acos, atan, atan2
arcsinh, arccosh, arctanh = asinh, acosh, atanh
fix = trunc
clip = clamp


def float_power_(input: Tensor, exponent: Any) -> Tensor:
    """In-place float_power: the base must already be double (or complex double)."""
    from .inplace import inplace

    if input._data.dtype not in (np.float64, np.complex128):
        raise RuntimeError(
            f"the base given to float_power_ has dtype {input.dtype.legacy_name} but the "
            "operation's result requires dtype Double"
        )
    return inplace(float_power, input, exponent)


# Holomorphic ops (and ops linear in each input): complex gradients are conjugated as
# PyTorch's are (registry.holomorphic).
# tan is not listed: its formula conjugates itself, to build PyTorch's second-order graph.
declare_holomorphic(
    mul,
    mul_scalar,
    div_scalar,
    true_divide,
    _pow_tensor_scalar,
    _pow_tensor_tensor,
    _pow_scalar_tensor,
    reciprocal,
    exp,
    log,
    sqrt,
    rsqrt,
    sin,
    cos,
    tanh,
    sigmoid,
    exp2,
    expm1,
    log2,
    log10,
    log1p,
    asin,
    acos,
    atan,
    sinh,
    cosh,
    asinh,
    acosh,
    atanh,
    _lerp_scalar,
    _lerp_tensor,
    _addcmul,
    _addcdiv,
    sinc,
    _logaddexp,
)
