"""The legacy ``Variable`` API: ``Variable(tensor, requires_grad=...)`` returns a Tensor."""

from __future__ import annotations

import operator
import warnings
from typing import Any

from .._tensor import Tensor

__all__ = ["Variable"]


class VariableMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, Tensor)


class Variable(metaclass=VariableMeta):
    """Variable(data=None, requires_grad=False, volatile=False, _grad_fn=None, name=None)

    Since PyTorch 0.4 Variables are Tensors: this returns a tensor sharing ``data``'s
    storage, outside any graph, with ``requires_grad`` set as asked. The arguments are
    read as PyTorch's C constructor reads them (flags as small integers, ``name`` a str).
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        data, requires_grad, volatile, grad_fn, name = _parse_arguments(args, kwargs)
        if volatile:
            warnings.warn(
                "volatile was removed and now has no effect. Use `with rungrad.no_grad():` "
                "instead.",
                UserWarning,
                stacklevel=2,
            )
            if requires_grad:
                raise ValueError("Variable can't be volatile and require_grad at the same time!")
        if grad_fn is not None:  # only a legacy (pre-0.4) Function object was taken here
            raise TypeError(
                f"_grad_fn has to be a Function object or None, but got {type(grad_fn).__name__}"
            )
        if data is None:
            from .._creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        if requires_grad and data._data.dtype.kind not in "fcV":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        result = data.detach().requires_grad_(bool(requires_grad))
        if name is not None:
            result._name = name
        return result


_PARAMETERS = ("data", "requires_grad", "volatile", "_grad_fn", "name")


def _parse_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """Variable's arguments as CPython's ``PyArg_ParseTupleAndKeywords("|ObbOz")`` reads
    them, with its messages: in order, each given once, then no unknown keyword."""
    given = len(args) + len(kwargs)
    if given > len(_PARAMETERS):
        raise TypeError(f"function takes at most {len(_PARAMETERS)} arguments ({given} given)")
    values: list[Any] = [None, False, False, None, None]
    for position, parameter in enumerate(_PARAMETERS):
        if position < len(args):
            if parameter in kwargs:
                raise TypeError(
                    f"argument for function given by name ('{parameter}') and position "
                    f"({position + 1})"
                )
            value = args[position]
        elif parameter in kwargs:
            value = kwargs[parameter]
        else:
            continue
        if parameter in ("requires_grad", "volatile"):
            value = _unsigned_byte(value)
        elif parameter == "name" and value is not None and not isinstance(value, str):
            raise TypeError(f"argument 5 must be str or None, not {type(value).__name__}")
        values[position] = value
    for key in kwargs:
        if key not in _PARAMETERS:
            raise TypeError(f"'{key}' is an invalid keyword argument for this function")
    return values


def _unsigned_byte(value: Any) -> int:
    """A flag read as C's ``unsigned char`` (``b``): any integer from 0 to 255."""
    number = operator.index(value)
    if number < 0:
        raise OverflowError("unsigned byte integer is less than minimum")
    if number > 255:
        raise OverflowError("unsigned byte integer is greater than maximum")
    return number
