"""Binary ops whose second operand must be a tensor, with PyTorch's argument-parser error.

``torch.maximum(x, 2.5)`` is a TypeError naming the argument and its position (2, after
``input``); ``x.maximum(2.5)`` names position 1 and the method's own name (``hypot_`` for
the in-place one). The ops themselves would accept a number (NumPy does), so the check is
made before them: ``checked_function`` wraps a top-level function, ``check_methods`` the
Tensor methods.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ._tensor import Tensor

# op name -> the name PyTorch gives its second (tensor) argument
SECOND_TENSOR = {
    "maximum": "other", "minimum": "other", "fmax": "other", "fmin": "other",
    "atan2": "other", "arctan2": "other", "hypot": "other", "nextafter": "other",
    "ldexp": "other", "logaddexp": "other", "logaddexp2": "other", "dist": "other",
    "dot": "tensor", "mm": "mat2", "bmm": "mat2", "matmul": "other", "isclose": "other",
    "outer": "vec2", "cross": "other", "kron": "other", "heaviside": "values",
    "gcd": "other", "lcm": "other", "igamma": "other", "igammac": "other",
}  # fmt: skip

# Top-level functions only (no Tensor method of that name).
FUNCTION_ONLY = {"polar": "angle", "complex": "imag"}
# In-place methods PyTorch also spells as functions (``torch.gcd_(x, y)``): checked as such.
INPLACE_FUNCTIONS = {"gcd_": "other", "lcm_": "other"}
FUNCTIONS = {**SECOND_TENSOR, **FUNCTION_ONLY, **INPLACE_FUNCTIONS}


def _type_name(value: Any) -> str:
    return "Tensor" if isinstance(value, Tensor) else type(value).__name__


def require(name: str, argument: str, position: int | None, value: Any) -> None:
    """The parser's TypeError unless ``value`` is a tensor (position None: given by name)."""
    if not isinstance(value, Tensor):
        where = "" if position is None else f" (position {position})"
        raise TypeError(
            f"{name}(): argument '{argument}'{where} must be Tensor, not {_type_name(value)}"
        )


def checked_function(function: Callable[..., Any], name: str, argument: str) -> Callable[..., Any]:
    """``function(input, <argument>, ...)`` that first checks both operands are tensors."""
    first = "input" if name not in FUNCTION_ONLY else "real" if name == "complex" else "abs"

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if args:
            require(name, first, 1, args[0])
        if len(args) > 1:
            require(name, argument, 2, args[1])
        elif argument in kwargs:
            require(name, argument, None, kwargs[argument])
        return function(*args, **kwargs)

    return checked


def check_methods(cls: type) -> None:
    """Give ``cls``'s methods of the ops above (and their in-place forms) the check."""
    for name, argument in SECOND_TENSOR.items():
        for method_name in (name, f"{name}_"):
            method = cls.__dict__.get(method_name)
            if method is not None:
                setattr(cls, method_name, _checked_method(method, method_name, argument))


def _checked_method(method: Callable[..., Any], name: str, argument: str) -> Callable[..., Any]:
    @functools.wraps(method)
    def checked(self: Tensor, *args: Any, **kwargs: Any) -> Any:
        if args:
            require(name, argument, 1, args[0])
        elif argument in kwargs:
            require(name, argument, None, kwargs[argument])
        return method(self, *args, **kwargs)

    return checked
