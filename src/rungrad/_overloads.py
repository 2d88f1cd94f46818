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

from ._dtype import dtype as DType
from ._tensor import Tensor, device

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

    def takes(self, value: Any, numbers: bool = False) -> bool:
        """Whether the parser takes ``value`` for it (``numbers``: a number for a tensor, as
        the arithmetic ops' parsers do)."""
        if value is None:
            return self.none
        if numbers and self.type == "Tensor" and _fits("Number", value):
            return True
        return _fits(self.type, value)


class _Signature:
    """One signature: its text, its parameters, and how many arguments it takes."""

    def __init__(self, text: str) -> None:
        self.text = text
        items = text[1:-1].split(", ")
        # the parser's count and marks for "didn't match" lines include the ``*`` (and ``()``
        # counts as one argument that nothing matches)
        self.length = len(items)
        self.items = [None if item in ("*", "") else _Parameter(item) for item in items]
        self.parameters = [item for item in self.items if item is not None]
        self.positional = len(self.parameters)
        if "*" in items:
            self.positional = items.index("*")
        self.required = sum(not parameter.default for parameter in self.parameters)
        self.names = {parameter.name: parameter for parameter in self.parameters}
        # ``x.view(2, 3)``: the ints of a lone size parameter may be given one by one
        self.varargs = self.positional == 1 and self.parameters[0].type == "tuple of ints"

    def plausible(self, count: int) -> bool:
        return self.required <= count <= len(self.parameters)

    def accepts(self, args: tuple[Any, ...], kwargs: dict[str, Any], numbers: bool = False) -> bool:
        if self.varargs and len(args) > 1 and _is_int(args[0]):
            args = (args,)
        if len(args) > self.positional or not self.plausible(len(args) + len(kwargs)):
            return False
        given = dict(zip((p.name for p in self.parameters), args))
        for name, value in kwargs.items():
            if name in given:
                return False
            given[name] = value
        by_name = self.names
        if any(name not in by_name for name in given):
            return False
        if any(p.name not in given for p in self.parameters if not p.default):
            return False
        return all(by_name[name].takes(value, numbers) for name, value in given.items())


def _type_name(value: Any) -> str:
    kind = type(value)
    if isinstance(value, Tensor):
        return "Tensor"
    if isinstance(value, DType):
        return "torch.dtype"
    if kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__qualname__}"


def _described(value: Any) -> str:
    """A value as the "didn't match" lines show it: a sequence with its items' types."""
    if type(value) is list:
        return f"list of [{', '.join(_type_name(item) for item in value)}]"
    if type(value) is tuple:
        return f"tuple of ({', '.join(_type_name(item) for item in value)})"
    return _type_name(value)


def _is_int(value: Any) -> bool:
    """An int as the parser takes one: not a bool; a 0-d integer tensor counts."""
    if isinstance(value, Tensor):
        return value._data.ndim == 0 and value._data.dtype.kind in "iu"
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _fits(kind: str, value: Any) -> bool:
    """Whether the parser takes ``value`` for a parameter of type ``kind``."""
    if kind == "Tensor":
        return isinstance(value, Tensor)
    if kind == "Number":  # (a 0-d tensor is one too)
        if isinstance(value, Tensor):
            return value._data.ndim == 0
        return isinstance(value, (numbers.Number, np.bool_))
    if kind in ("int", "SymInt"):
        return _is_int(value)
    if kind == "float":
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, bool
        )
    if kind == "bool":
        return isinstance(value, (bool, np.bool_))
    if kind == "tuple of ints":
        if isinstance(value, Tensor):  # (as an int)
            return _is_int(value)
        # (the parser looks at the first item only; a later one fails to unpack)
        return _is_int(value) or (
            isinstance(value, (tuple, list)) and (not value or _is_int(value[0]))
        )
    if kind == "str":
        return isinstance(value, str)
    if kind == "torch.dtype":  # (Python's float, int, bool and complex name dtypes)
        return isinstance(value, DType) or (
            isinstance(value, type) and value in (float, int, bool, complex)
        )
    if kind == "torch.device":  # a name, an index or a device
        return isinstance(value, (str, int, device)) and not isinstance(value, bool)
    # (the lone "argument" of ``()`` takes nothing; the kinds no refusal here involves,
    # devices, generators, lists of tensors, take anything)
    return kind != ""


# Functions whose own code refuses a failed call by these (``_overloads`` does not wrap them,
# so their successful calls pay nothing for it).
REFUSED_ON_FAILURE: dict[str, tuple[str, ...]] = {
    "arange": (
        (
            "(Number end, *, Tensor out = None, torch.dtype dtype = None, "
            "torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
            "bool requires_grad = False)"
        ),
        (
            "(Number start, Number end, *, torch.dtype dtype = None, torch.layout layout = None, "
            "torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
        ),
        (
            "(Number start, Number end, Number step = 1, *, Tensor out = None, "
            "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
            "bool pin_memory = False, bool requires_grad = False)"
        ),
    ),
    "split_with_sizes": ("(Tensor input, tuple of ints split_sizes, int dim = 0)",),
    "linear": ("(Tensor input, Tensor weight, Tensor bias = None)",),
}


_FUNCTIONS: dict[str, tuple[str, ...]] = {}


def _table(method: bool) -> dict[str, tuple[str, ...]]:
    # (the methods' table is read only once a call has failed: not loaded at import)
    from ._method_signatures import HIDDEN_OVERLOADS, METHOD_SIGNATURES

    if method:
        return METHOD_SIGNATURES
    if not _FUNCTIONS:
        # A method of one signature is a function of one too, the tensor first as ``input``
        # (``torch.unsqueeze(x, 1.5)``: "argument 'dim' (position 2) must be int"); the
        # parser names its parameters then, never prints the signature, so no ``out`` needed.
        for name, texts in METHOD_SIGNATURES.items():
            if len(texts) == 1 and name not in HIDDEN_OVERLOADS:
                inner = texts[0][1:-1]
                _FUNCTIONS[name] = (f"(Tensor input{', ' if inner else ''}{inner})",)
        _FUNCTIONS.update(SIGNATURES)
        _FUNCTIONS.update(REFUSED_ON_FAILURE)
    return _FUNCTIONS


_PARSED: dict[tuple[str, bool], tuple[_Signature, ...]] = {}


def _signatures(name: str, method: bool = False) -> tuple[_Signature, ...]:
    parsed = _PARSED.get((name, method))
    if parsed is None:
        texts = _table(method)[name]
        parsed = _PARSED[name, method] = tuple(_Signature(text) for text in texts)
    return parsed


def refusal(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], method: bool = False
) -> TypeError | None:
    """PyTorch's TypeError for ``name(*args, **kwargs)`` (``tensor.name(*args, **kwargs)``
    if ``method``, the tensor not among ``args``) when none of its signatures takes the
    call, else None. Only asked once a call has failed: PyTorch's parser would have refused
    such a call before computing anything, whatever rungrad's own error was."""
    if name not in _table(method):
        return None
    from ._method_signatures import NUMBERS_AS_TENSORS

    numbers = method and name in NUMBERS_AS_TENSORS
    for signature in _signatures(name, method):
        if signature.accepts(args, kwargs, numbers):
            return _unpacking(name, signature, args, kwargs)
    return invalid_arguments(name, args, kwargs, method)


def _unpacking(
    name: str, signature: _Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> TypeError | None:
    """The parser's error for a list of ints that is one by its first item only."""
    if signature.varargs and len(args) > 1:
        args = (args,)
    given = {**dict(zip((p.name for p in signature.parameters), args)), **kwargs}
    for key, value in given.items():
        if signature.names[key].type == "tuple of ints" and isinstance(value, (tuple, list)):
            for position, item in enumerate(value):
                if not _is_int(item):
                    return TypeError(
                        f"{name}(): argument '{key}' failed to unpack the object at pos "
                        f'{position + 1} with error "type must be tuple of ints,but got '
                        f'{_type_name(item)}"'
                    )
    return None


def invalid_arguments(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], method: bool = False
) -> TypeError:
    """PyTorch's TypeError for ``name(*args, **kwargs)``, which no signature accepts."""
    from ._method_signatures import HIDDEN_OVERLOADS

    signatures = _signatures(name, method)
    count = len(args) + len(kwargs)
    plausible = [signature for signature in signatures if signature.plausible(count)]
    if len(signatures) == 1 and not (method and name in HIDDEN_OVERLOADS):
        plausible = list(signatures)  # (the parser then names the problem itself)
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
            lines.append(_mismatch(signature, args, kwargs))
    return TypeError("\n".join(lines) + "\n")


def _mismatch(signature: _Signature, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The "didn't match" line under a signature that takes as many arguments as given."""
    unknown = [key for key in kwargs if key not in signature.names]
    if unknown:
        return "      didn't match because some of the keywords were incorrect: " + ", ".join(
            unknown
        )
    marked = [_mark(signature, position, arg, len(args)) for position, arg in enumerate(args)]
    for key, value in kwargs.items():
        parameter = signature.names[key]
        fits = parameter.type != "Number" and value is not None and parameter.takes(value)
        text = f"{key}={_type_name(value)}"
        marked.append(text if fits else f"!{text}!")
    described = ", ".join(marked) + (", " if kwargs and not args else "")
    return f"      didn't match because some of the arguments have invalid types: ({described})"


def _mark(signature: _Signature, position: int, value: Any, count: int) -> str:
    if count > signature.positional:  # more arguments than it has positions: all wrong
        return f"!{_described(value)}!"
    items = signature.items
    parameter = items[position] if position < len(items) else None
    # (the parser's marks never count an argument as a Number, ``(!int!, !float!)``, nor
    # None as the default it may stand for)
    fits = (
        parameter is not None
        and parameter.type != "Number"
        and value is not None
        and parameter.takes(value)
        # (nor a bare int as a list of ints: ``movedim("a", 0)`` marks ``(!str!, !int!)``)
        and not (parameter.type == "tuple of ints" and not isinstance(value, (tuple, list)))
    )
    return _described(value) if fits else f"!{_described(value)}!"


def _first_wrong(
    name: str, signature: _Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str | None:
    """The parser's message for what ``signature`` does not take: too many arguments, a
    missing one, the first of the wrong type, or an unknown keyword, in that order."""
    if signature.varargs and len(args) > 1 and _is_int(args[0]):
        args = (args,)
    if len(args) > signature.positional:
        most = signature.positional
        least = sum(not p.default for p in signature.parameters[:most])
        takes = f"{most} positional argument{'' if most == 1 else 's'}"
        if least != most:
            takes = f"from {least} to {most} positional arguments"
        return f"{name}() takes {takes} but {len(args)} {'was' if len(args) == 1 else 'were'} given"
    given = {p.name for p in signature.parameters[: len(args)]} | set(kwargs)
    missing = [p.name for p in signature.parameters if not p.default and p.name not in given]
    if missing:
        # (sic: the parser's plural is the other way round)
        noun = "arguments" if len(missing) == 1 else "argument"
        names = ", ".join(f'"{missing_name}"' for missing_name in missing)
        return f"{name}() missing {len(missing)} required positional {noun}: {names}"
    for position, (parameter, value) in enumerate(zip(signature.parameters, args)):
        if not parameter.takes(value):
            if parameter.type == "tuple of ints" and isinstance(value, (tuple, list)):
                return (
                    f"{name}(): argument '{parameter.name}' (position {position + 1}) must be "
                    f"tuple of ints, but found element of type {_type_name(value[0])} at pos 0"
                )
            return (
                f"{name}(): argument '{parameter.name}' (position {position + 1}) must be "
                f"{parameter.type}, not {_type_name(value)}"
            )
    positional = {p.name for p in signature.parameters[: len(args)]}
    for key, value in kwargs.items():
        parameter = signature.names.get(key)
        if parameter is None:
            return f"{name}() got an unexpected keyword argument '{key}'"
        if parameter.name in positional:  # (x.repeat((2, 3), repeats=(2, 3)))
            return f"{name}() got multiple values for argument '{key}'"
        if not parameter.takes(value):
            return f"{name}(): argument '{key}' must be {parameter.type}, not {_type_name(value)}"
    return None


def overloaded(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function`` (exported as ``name``) refusing, in PyTorch's words, a call whose first
    argument is not a tensor unless one of PyTorch's signatures takes it (``pow(2, x)``),
    and a call that failed that none of them takes (``pow(x, None)``, ``sum(x, foo=1)``)."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        if not (args and isinstance(args[0], Tensor)) and not any(
            signature.accepts(args, kwargs) for signature in _signatures(name)
        ):
            raise invalid_arguments(name, args, kwargs)
        if not args and "input" in kwargs:  # (rungrad's own name for it may be ``self``)
            args = (kwargs.pop("input"),)
        try:
            return function(*args, **kwargs)
        except Exception:
            refused = refusal(name, args, kwargs)
            if refused is not None:
                raise refused from None
            raise

    checked.__name__ = checked.__qualname__ = function.__name__
    checked.__doc__ = function.__doc__
    checked.__module__ = function.__module__
    checked.__wrapped__ = function  # type: ignore[attr-defined]
    checked.__dict__.update(function.__dict__)
    return checked
