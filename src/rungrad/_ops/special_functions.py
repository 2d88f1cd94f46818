"""Special functions with their own modules of arrays: the modified Bessel functions i0, i0e,
i1, i1e (``_bessel``) and the regularized incomplete gamma functions igamma and igammac
(``_special``).

Each records PyTorch's node (``I0Backward0``, ``SpecialI0EBackward0``, ``SpecialI1Backward0``,
``SpecialI1EBackward0``); their gradients are composed of ops, so the graphs of higher
derivatives are PyTorch's too.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _bessel, _special
from .._tensor import Tensor
from .pointwise import (
    _reject_kinds,
    abs,
    exp,
    gt,
    lgamma,
    log,
    real_only,
    reciprocal,
    sgn,
    where,
)
from .registry import BINARY, FLOAT, primitive

__all__ = [
    "i0",
    "i0_",
    "igamma",
    "igamma_",
    "igammac",
    "igammac_",
    "public",
    "special_i0e",
    "special_i1",
    "special_i1e",
]


@primitive("I0Backward0", promotion=FLOAT)
@real_only("i0_vml_cpu")
def i0(self):
    """i0(input) -> the modified Bessel function of the first kind of order 0"""
    return _bessel.i0(self)


@primitive("SpecialI0EBackward0", promotion=FLOAT)
@real_only("i0e_cpu")
def special_i0e(self):
    """i0e(input) -> exp(-|input|) i0(input)"""
    return _bessel.i0e(self)


@primitive("SpecialI1Backward0", promotion=FLOAT)
@real_only("i1_cpu")
def special_i1(self):
    """i1(input) -> the modified Bessel function of the first kind of order 1"""
    return _bessel.i1(self)


@primitive("SpecialI1EBackward0", promotion=FLOAT)
@real_only("i1e_cpu")
def special_i1e(self):
    """i1e(input) -> exp(-|input|) i1(input)"""
    return _bessel.i1e(self)


def public(op: Any, name: str, argument: str = "input") -> Any:
    """The unary ``op`` as the function PyTorch exposes: ``name(input, *, out=None)`` (its
    parameter called ``argument``), refusing other arguments and an input that is not a
    tensor with its argument parser's messages."""
    from .._out import write_out

    def function(*args: Any, out: Any = None, **kwargs: Any) -> Tensor:
        if len(args) > 1:
            raise TypeError(f"{name}() takes 1 positional argument but {len(args)} were given")
        if not args and argument not in kwargs:
            raise TypeError(f'{name}() missing 1 required positional arguments: "{argument}"')
        given = args[0] if args else kwargs.pop(argument)
        if kwargs:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")
        if not isinstance(given, Tensor):
            where = " (position 1)" if args else ""
            raise TypeError(
                f"{name}(): argument '{argument}'{where} must be Tensor, not {type(given).__name__}"
            )
        result = op(given)
        return result if out is None else write_out(name, result, out)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = op.__doc__
    return function


def i0_(input: Tensor) -> Tensor:
    """Tensor.i0_() -> input, holding i0(input)"""
    from .inplace import inplace

    return inplace(i0, input)


def _away_from_zero(self: Tensor) -> tuple[Tensor, Tensor]:
    """Where |x| exceeds the dtype's epsilon, and x with the others replaced by epsilon: the
    derivative of I1 has a removable singularity at 0 (its limit, 0.5, is used there), and
    the replacement keeps nan out of the discarded branch's own gradient."""
    epsilon = float(np.finfo(self._data.dtype).eps)
    away = gt(abs(self), epsilon)
    return away, where(away, self, epsilon)


def _i1_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    # I1'(x) = I0(x) - I1(x) / x
    away, safe = _away_from_zero(self)
    return grad * where(away, i0(safe) - result * reciprocal(safe), 0.5)


def _i1e_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    # (exp(-|x|) I1(x))' = I0e(x) - I1e(x) (sgn(x) + 1 / x)
    away, safe = _away_from_zero(self)
    slope = special_i0e(safe) - result * (sgn(safe) + reciprocal(safe))
    return grad * where(away, slope, 0.5)


i0.defgrad(self=lambda grad, self: grad * special_i1(self))
special_i0e.defgrad(self=lambda grad, self, result: grad * (special_i1e(self) - sgn(self) * result))
special_i1.defgrad(self=_i1_grad)
special_i1e.defgrad(self=_i1e_grad)


# -- igamma, igammac -------------------------------------------------------------------------
# Floating operands only: PyTorch's kernels have no integer loop (and do not promote).
@primitive("IgammaBackward0", promotion=BINARY)
def _igamma(self, other):
    _reject_kinds("igamma_cpu", "iubc", self, other)
    return _special.gammainc(self, other)


@primitive("IgammacBackward0", promotion=BINARY)
def _igammac(self, other):
    _reject_kinds("igammac_cpu", "iubc", self, other)
    return _special.gammaincc(self, other)


def _no_input_derivative(name: str) -> Any:
    def formula(grad: Tensor) -> Tensor:
        raise NotImplementedError(f"the derivative for '{name}: input' is not implemented.")

    return formula


def _density(self: Tensor, other: Tensor) -> Tensor:
    """x ** (a - 1) exp(-x) / Gamma(a), the derivative of P(a, x) in x, as PyTorch forms it."""
    return exp((self - 1) * log(other) - other - lgamma(self))


_igamma.defgrad(
    self=_no_input_derivative("igamma"),
    other=lambda grad, self, other: grad * _density(self, other),
)
_igammac.defgrad(
    self=_no_input_derivative("igammac"),
    other=lambda grad, self, other: -grad * _density(self, other),
)


def igamma(input: Tensor, other: Tensor) -> Tensor:
    """igamma(input, other) -> the regularized lower incomplete gamma function P(input, other)"""
    return _igamma(input, other)


def igammac(input: Tensor, other: Tensor) -> Tensor:
    """igammac(input, other) -> the regularized upper incomplete gamma function Q(input, other)"""
    return _igammac(input, other)


def igamma_(input: Tensor, other: Tensor) -> Tensor:
    """Tensor.igamma_(other) -> input, holding igamma(input, other)"""
    from .inplace import inplace

    return inplace(_igamma, input, other)


def igammac_(input: Tensor, other: Tensor) -> Tensor:
    """Tensor.igammac_(other) -> input, holding igammac(input, other)"""
    from .inplace import inplace

    return inplace(_igammac, input, other)


# ``rungrad.i0``: PyTorch's function takes ``out=`` and refuses any other argument.
torch_i0 = public(i0, "i0")
