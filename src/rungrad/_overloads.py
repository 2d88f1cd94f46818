"""PyTorch's TypeError for a call that none of a function's signatures accepts.

``torch.eq(1, x)`` is refused by PyTorch's argument parser: ``eq`` has a tensor-tensor and a
tensor-number signature and a number fits neither as ``input``. The message lists the
signatures, and under each one whose length is the number of arguments given, the given
types with the mismatched ones marked (``(!int!, Tensor)``). When only one signature could
take that many arguments, the parser names the first wrong argument instead ("argument
'input' (position 1) must be Tensor, not int").

rungrad's functions are Python functions over NumPy, which a number would otherwise reach;
``overloaded`` wraps each function below once, at import. Its check costs one
``isinstance`` when the first argument is a tensor (every signature below but PyTorch's
number-first ones starts with a tensor, so a first tensor never needs the parser's look).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from ._tensor import Tensor

# PyTorch's signatures of each function, as its parser prints them.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "addbmm": (
        (
            "(Tensor input, Tensor batch1, Tensor batch2, *, Number beta = 1, Number alpha = 1, "
            "Tensor out = None)"
        ),
    ),
    "addcdiv": (
        "(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)",
    ),
    "addcmul": (
        "(Tensor input, Tensor tensor1, Tensor tensor2, *, Number value = 1, Tensor out = None)",
    ),
    "addmm": (
        (
            "(Tensor input, Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1, "
            "Tensor out = None)"
        ),
        (
            "(Tensor input, Tensor mat1, Tensor mat2, torch.dtype out_dtype, *, Number beta = 1, "
            "Number alpha = 1, Tensor out = None)"
        ),
    ),
    "addmv": (
        (
            "(Tensor input, Tensor mat, Tensor vec, *, Number beta = 1, Number alpha = 1, "
            "Tensor out = None)"
        ),
    ),
    "addr": (
        (
            "(Tensor input, Tensor vec1, Tensor vec2, *, Number beta = 1, Number alpha = 1, "
            "Tensor out = None)"
        ),
    ),
    "all": (
        "(Tensor input, *, Tensor out = None)",
        "(Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None)",
        "(Tensor input, int dim, bool keepdim = False, *, Tensor out = None)",
    ),
    "any": (
        "(Tensor input, *, Tensor out = None)",
        "(Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None)",
        "(Tensor input, int dim, bool keepdim = False, *, Tensor out = None)",
    ),
    "argsort": (
        (
            "(Tensor input, *, bool stable, int dim = -1, bool descending = False, "
            "Tensor out = None)"
        ),
        "(Tensor input, int dim = -1, bool descending = False)",
    ),
    "baddbmm": (
        (
            "(Tensor input, Tensor batch1, Tensor batch2, *, Number beta = 1, Number alpha = 1, "
            "Tensor out = None)"
        ),
        (
            "(Tensor input, Tensor batch1, Tensor batch2, torch.dtype out_dtype, *, "
            "Number beta = 1, Number alpha = 1, Tensor out = None)"
        ),
    ),
    "bernoulli": (
        "(Tensor input, *, torch.Generator generator = None, Tensor out = None)",
        "(Tensor input, float p, *, torch.Generator generator = None)",
    ),
    "bitwise_and": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Number self, Tensor other)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_left_shift": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Number self, Tensor other)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_or": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Number self, Tensor other)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_right_shift": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Number self, Tensor other)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bitwise_xor": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Number self, Tensor other)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "bmm": (
        "(Tensor input, Tensor mat2, *, Tensor out = None)",
        "(Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None)",
    ),
    "bucketize": (
        (
            "(Tensor input, Tensor boundaries, *, bool out_int32 = False, bool right = False, "
            "Tensor out = None)"
        ),
        "(Number self, Tensor boundaries, *, bool out_int32 = False, bool right = False)",
    ),
    "clamp": (
        "(Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)",
        "(Tensor input, Number min = None, Number max = None, *, Tensor out = None)",
    ),
    "clamp_max": (
        "(Tensor input, Tensor max, *, Tensor out = None)",
        "(Tensor input, Number max, *, Tensor out = None)",
    ),
    "clamp_min": (
        "(Tensor input, Tensor min, *, Tensor out = None)",
        "(Tensor input, Number min, *, Tensor out = None)",
    ),
    "clip": (
        "(Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None)",
        "(Tensor input, Number min = None, Number max = None, *, Tensor out = None)",
    ),
    "copysign": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "count_nonzero": (
        "(Tensor input, int dim = None)",
        "(Tensor input, tuple of ints dim)",
    ),
    "cumulative_trapezoid": (
        "(Tensor y, Tensor x, *, int dim = -1)",
        "(Tensor y, *, Number dx = 1, int dim = -1)",
    ),
    "eq": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "fill": (
        "(Tensor input, Tensor value)",
        "(Tensor input, Number value)",
    ),
    "float_power": (
        "(Tensor input, Tensor exponent, *, Tensor out = None)",
        "(Number self, Tensor exponent, *, Tensor out = None)",
        "(Tensor input, Number exponent, *, Tensor out = None)",
    ),
    "fmod": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "ge": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "greater": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "greater_equal": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "gt": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "histogram": (
        (
            "(Tensor input, Tensor bins, *, Tensor weight = None, bool density = False, "
            "tuple of Tensors out = None)"
        ),
        (
            "(Tensor input, int bins = 100, *, tuple of floats range = None, Tensor weight = None, "
            "bool density = False, tuple of Tensors out = None)"
        ),
    ),
    "index_fill": (
        "(Tensor input, int dim, Tensor index, Tensor value)",
        "(Tensor input, int dim, Tensor index, Number value)",
    ),
    "isin": (
        (
            "(Tensor elements, Tensor test_elements, *, bool assume_unique = False, "
            "bool invert = False, Tensor out = None)"
        ),
        (
            "(Number element, Tensor test_elements, *, bool assume_unique = False, "
            "bool invert = False, Tensor out = None)"
        ),
        (
            "(Tensor elements, Number test_element, *, bool assume_unique = False, "
            "bool invert = False, Tensor out = None)"
        ),
    ),
    "le": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "lerp": (
        "(Tensor input, Tensor end, Tensor weight, *, Tensor out = None)",
        "(Tensor input, Tensor end, Number weight, *, Tensor out = None)",
    ),
    "less": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "less_equal": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "lt": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "masked_fill": (
        "(Tensor input, Tensor mask, Tensor value)",
        "(Tensor input, Tensor mask, Number value)",
    ),
    "max": (
        "(Tensor input, *, Tensor out = None)",
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)",
    ),
    "mean": (
        "(Tensor input, *, torch.dtype dtype = None, Tensor out = None)",
        (
            "(Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, "
            "Tensor out = None)"
        ),
    ),
    "min": (
        "(Tensor input, *, Tensor out = None)",
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)",
    ),
    "mm": (
        "(Tensor input, Tensor mat2, *, Tensor out = None)",
        "(Tensor input, Tensor mat2, torch.dtype out_dtype, *, Tensor out = None)",
    ),
    "moveaxis": (
        "(Tensor input, int source, int destination)",
        "(Tensor input, tuple of ints source, tuple of ints destination)",
    ),
    "movedim": (
        "(Tensor input, int source, int destination)",
        "(Tensor input, tuple of ints source, tuple of ints destination)",
    ),
    "nanquantile": (
        (
            "(Tensor input, Tensor q, int dim = None, bool keepdim = False, *, "
            'str interpolation = "linear", Tensor out = None)'
        ),
        (
            "(Tensor input, float q, int dim = None, bool keepdim = False, *, "
            'str interpolation = "linear", Tensor out = None)'
        ),
    ),
    "narrow": (
        "(Tensor input, int dim, Tensor start, int length)",
        "(Tensor input, int dim, int start, int length)",
    ),
    "ne": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "not_equal": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "pow": (
        "(Tensor input, Tensor exponent, *, Tensor out = None)",
        "(Number self, Tensor exponent, *, Tensor out = None)",
        "(Tensor input, Number exponent, *, Tensor out = None)",
    ),
    "prod": (
        "(Tensor input, *, torch.dtype dtype = None)",
        (
            "(Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, "
            "Tensor out = None)"
        ),
    ),
    "quantile": (
        (
            "(Tensor input, Tensor q, int dim = None, bool keepdim = False, *, "
            'str interpolation = "linear", Tensor out = None)'
        ),
        (
            "(Tensor input, float q, int dim = None, bool keepdim = False, *, "
            'str interpolation = "linear", Tensor out = None)'
        ),
    ),
    "remainder": (
        "(Tensor input, Tensor other, *, Tensor out = None)",
        "(Number self, Tensor other)",
        "(Tensor input, Number other, *, Tensor out = None)",
    ),
    "repeat_interleave": (
        "(Tensor input, Tensor repeats, int dim = None, *, int output_size = None)",
        "(Tensor repeats, *, int output_size = None)",
        "(Tensor input, int repeats, int dim = None, *, int output_size = None)",
    ),
    "round": (
        "(Tensor input, *, Tensor out = None)",
        "(Tensor input, *, int decimals, Tensor out = None)",
    ),
    "rsub": (
        "(Tensor input, Tensor other, *, Number alpha = 1)",
        "(Tensor input, Number other, Number alpha = 1)",
    ),
    "scatter": (
        "(Tensor input, int dim, Tensor index, Tensor src, *, Tensor out = None)",
        "(Tensor input, int dim, Tensor index, Tensor src, *, str reduce, Tensor out = None)",
        "(Tensor input, int dim, Tensor index, Number value, *, Tensor out = None)",
        "(Tensor input, int dim, Tensor index, Number value, *, str reduce, Tensor out = None)",
    ),
    "searchsorted": (
        (
            "(Tensor sorted_sequence, Tensor input, *, bool out_int32 = False, bool right = False, "
            "str side = None, Tensor sorter = None, Tensor out = None)"
        ),
        (
            "(Tensor sorted_sequence, Number self, *, bool out_int32 = False, bool right = False, "
            "str side = None, Tensor sorter = None, Tensor out = None)"
        ),
    ),
    "sort": (
        (
            "(Tensor input, *, bool stable, int dim = -1, bool descending = False, "
            "tuple of Tensors out = None)"
        ),
        "(Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None)",
    ),
    "squeeze": (
        "(Tensor input)",
        "(Tensor input, int dim)",
        "(Tensor input, tuple of ints dim)",
    ),
    "std": (
        (
            "(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, "
            "Tensor out = None)"
        ),
        (
            "(Tensor input, tuple of ints dim = None, *, Number correction = None, "
            "bool keepdim = False, Tensor out = None)"
        ),
        "(Tensor input, bool unbiased = True)",
    ),
    "std_mean": (
        "(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)",
        (
            "(Tensor input, tuple of ints dim = None, *, Number correction = None, "
            "bool keepdim = False)"
        ),
        "(Tensor input, bool unbiased = True)",
    ),
    "sum": (
        "(Tensor input, *, torch.dtype dtype = None)",
        (
            "(Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, "
            "Tensor out = None)"
        ),
    ),
    "trapezoid": (
        "(Tensor y, Tensor x, *, int dim = -1)",
        "(Tensor y, *, Number dx = 1, int dim = -1)",
    ),
    "trapz": (
        "(Tensor y, *, float dx = 1, int dim = -1)",
        "(Tensor y, Tensor x, *, int dim = -1)",
    ),
    "var": (
        (
            "(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, "
            "Tensor out = None)"
        ),
        (
            "(Tensor input, tuple of ints dim = None, *, Number correction = None, "
            "bool keepdim = False, Tensor out = None)"
        ),
        "(Tensor input, bool unbiased = True)",
    ),
    "var_mean": (
        "(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)",
        (
            "(Tensor input, tuple of ints dim = None, *, Number correction = None, "
            "bool keepdim = False)"
        ),
        "(Tensor input, bool unbiased = True)",
    ),
    "where": (
        "(Tensor condition)",
        "(Tensor condition, Tensor input, Tensor other, *, Tensor out = None)",
        "(Tensor condition, Number self, Tensor other)",
        "(Tensor condition, Tensor input, Number other)",
        "(Tensor condition, Number self, Number other)",
    ),
}  # fmt: skip


class _Parameter:
    __slots__ = ("default", "name", "none", "type")

    def __init__(self, text: str) -> None:
        declaration, _, default = text.partition(" = ")
        self.type, _, self.name = declaration.rpartition(" ")
        self.default = bool(default)
        self.none = default == "None"  # None is taken for it

    def takes(self, value: Any) -> bool:
        return self.none if value is None else _fits(self.type, value)


class _Signature:
    """One signature: its text, its parameters, and how many arguments it takes."""

    def __init__(self, text: str) -> None:
        self.text = text
        items = text[1:-1].split(", ")
        # the parser's count and marks for "didn't match" lines include the ``*``
        self.length = len(items)
        self.items = [None if item == "*" else _Parameter(item) for item in items]
        self.parameters = [_Parameter(item) for item in items if item != "*"]
        self.positional = len(self.parameters)
        if "*" in items:
            self.positional = items.index("*")
        self.required = sum(not parameter.default for parameter in self.parameters)

    def plausible(self, count: int) -> bool:
        return self.required <= count <= len(self.parameters)

    def accepts(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        if len(args) > self.positional or not self.plausible(len(args) + len(kwargs)):
            return False
        given = dict(zip((p.name for p in self.parameters), args))
        for name, value in kwargs.items():
            if name in given:
                return False
            given[name] = value
        by_name = {parameter.name: parameter for parameter in self.parameters}
        if any(name not in by_name for name in given):
            return False
        if any(p.name not in given for p in self.parameters if not p.default):
            return False
        return all(by_name[name].takes(value) for name, value in given.items())


def _type_name(value: Any) -> str:
    kind = type(value)
    if isinstance(value, Tensor):
        return "Tensor"
    if kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__qualname__}"


def _fits(kind: str, value: Any) -> bool:
    """Whether the parser takes ``value`` for a parameter of type ``kind``."""
    if kind == "Tensor":
        return isinstance(value, Tensor)
    if kind == "Number":
        return isinstance(value, (numbers.Number, np.bool_)) and not isinstance(value, Tensor)
    if kind in ("int", "SymInt"):
        return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, bool
        )
    if kind == "bool":
        return isinstance(value, (bool, np.bool_))
    if kind == "tuple of ints":
        return isinstance(value, (int, np.integer)) or (
            isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value)
        )
    if kind == "str":
        return isinstance(value, str)
    return False


_PARSED: dict[str, tuple[_Signature, ...]] = {}


def _signatures(name: str) -> tuple[_Signature, ...]:
    parsed = _PARSED.get(name)
    if parsed is None:
        parsed = _PARSED[name] = tuple(_Signature(text) for text in SIGNATURES[name])
    return parsed


def invalid_arguments(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> TypeError:
    """PyTorch's TypeError for ``name(*args, **kwargs)``, which no signature accepts."""
    signatures = _signatures(name)
    count = len(args) + len(kwargs)
    plausible = [signature for signature in signatures if signature.plausible(count)]
    if len(plausible) == 1:
        wrong = _first_wrong(name, plausible[0], args, kwargs)
        if wrong is not None:
            return TypeError(wrong)
    got = [_type_name(arg) for arg in args]
    got += [f"{key}={_type_name(value)}" for key, value in kwargs.items()]
    described = ", ".join(got) + (", " if kwargs and not args else "")
    if len(signatures) == 1:
        return TypeError(
            f"{name}() received an invalid combination of arguments - got ({described}), but "
            f"expected {signatures[0].text}"
        )
    lines = [
        f"{name}() received an invalid combination of arguments - got ({described}), but "
        "expected one of:"
    ]
    for signature in signatures:
        lines.append(f" * {signature.text}")
        if signature.length == count:
            marked = ", ".join(_mark(signature, position, arg) for position, arg in enumerate(args))
            lines.append(
                f"      didn't match because some of the arguments have invalid types: ({marked})"
            )
    return TypeError("\n".join(lines) + "\n")


def _mark(signature: _Signature, position: int, value: Any) -> str:
    items = signature.items
    parameter = items[position] if position < len(items) else None
    # (the parser's marks never count an argument as a Number: ``(!int!, !float!)``)
    fits = parameter is not None and parameter.type != "Number" and parameter.takes(value)
    return _type_name(value) if fits else f"!{_type_name(value)}!"


def _first_wrong(
    name: str, signature: _Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str | None:
    """The parser's message for the first argument ``signature`` does not take."""
    for position, (parameter, value) in enumerate(zip(signature.parameters, args)):
        if not parameter.takes(value):
            return (
                f"{name}(): argument '{parameter.name}' (position {position + 1}) must be "
                f"{parameter.type}, not {_type_name(value)}"
            )
    by_name = {parameter.name: parameter for parameter in signature.parameters}
    for key, value in kwargs.items():
        parameter = by_name.get(key)
        if parameter is not None and not parameter.takes(value):
            return f"{name}(): argument '{key}' must be {parameter.type}, not {_type_name(value)}"
    return None


def overloaded(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function`` (exported as ``name``) refusing, in PyTorch's words, a call whose first
    argument is not a tensor unless one of PyTorch's signatures takes it (``pow(2, x)``)."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        if not (args and isinstance(args[0], Tensor)) and not any(
            signature.accepts(args, kwargs) for signature in _signatures(name)
        ):
            raise invalid_arguments(name, args, kwargs)
        if not args and "input" in kwargs:  # (rungrad's own name for it may be ``self``)
            args = (kwargs.pop("input"),)
        return function(*args, **kwargs)

    checked.__name__ = checked.__qualname__ = function.__name__
    checked.__doc__ = function.__doc__
    checked.__module__ = function.__module__
    checked.__wrapped__ = function  # type: ignore[attr-defined]
    checked.__dict__.update(function.__dict__)
    return checked
