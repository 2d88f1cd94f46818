"""NumPy's names for PyTorch's arguments: ``x.sum(axis=0)``, ``torch.cat(ts, axis=1)``.

PyTorch's argument parser takes ``axis`` for ``dim`` and ``keepdims`` for ``keepdim`` in every
function and method of its own that has them. Here each public function and Tensor method with
such a parameter is wrapped once, when exported, in a translation that runs only when keywords
are given (one truth test per call otherwise).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

_VARARGS = inspect.CO_VARARGS

# PyTorch's parameter name -> NumPy's
ALIASES = {"dim": "axis", "keepdim": "keepdims"}


def _parameter_names(function: Any) -> tuple[str, ...]:
    """The parameters of a Python function (through wrappers that name it ``__wrapped__``),
    read off its code: inspect.signature would cost every import."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    code = getattr(function, "__code__", None)
    if code is None:
        return ()
    return code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]


def takes_numpy_names(function: Any) -> bool:
    """Whether ``function`` has a parameter NumPy names otherwise, and not NumPy's name."""
    names = _parameter_names(function)
    return any(name in names and alias not in names for name, alias in ALIASES.items())


def accepting_numpy_names(
    function: Callable[..., Any], method: str | None = None
) -> Callable[..., Any]:
    """``function``, also taking ``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=``.
    For the Tensor method ``method``, a failed call that none of PyTorch's signatures takes
    (``x.sum(dim="a")``, ``x.sum(foo=1)``) is refused in PyTorch's words: this wrapper is the
    one place that sees the call as written."""

    def aliased(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            for name, alias in ALIASES.items():
                if alias in kwargs and name not in kwargs:
                    kwargs[name] = kwargs.pop(alias)
        try:
            return function(*args, **kwargs)
        except Exception:
            if method is not None:
                from ._overloads import refusal

                refused = refusal(method, args[1:], kwargs, method=True)
                if refused is not None:
                    raise refused from None
            raise

    # functools.wraps without its cost at import: what help() and the tests read
    aliased.__name__ = function.__name__
    aliased.__qualname__ = getattr(function, "__qualname__", function.__name__)
    aliased.__doc__ = function.__doc__
    aliased.__module__ = function.__module__
    aliased.__wrapped__ = function  # type: ignore[attr-defined]
    aliased.__dict__.update(getattr(function, "__dict__", {}))
    return aliased


# PyTorch's own Python functions and methods (not its parser's) take no NumPy names.
PYTHON_LEVEL = frozenset(
    {"norm", "split", "unique", "unique_consecutive", "tensordot", "unflatten"}
)


def _is_candidate(name: str, value: Any) -> bool:
    return (
        not name.startswith("_")
        and name not in PYTHON_LEVEL
        and callable(value)
        and not isinstance(value, type)
    )


def accepting_if_needed(name: str, function: Any) -> Any:
    """The public function ``name``, also taking NumPy's names if it has PyTorch's."""
    if _is_candidate(name, function) and takes_numpy_names(function):
        return accepting_numpy_names(function)
    return function


def alias_methods(cls: type, namespace: dict[str, Any]) -> None:
    """Wrap the public methods of ``cls`` (defined on it) that take ``dim`` or ``keepdim``,
    or that pass ``*args`` on to the function of their name in ``namespace`` that does."""
    for name, value in list(vars(cls).items()):
        if not _is_candidate(name, value):
            continue
        code = getattr(value, "__code__", None)
        passes_on = code is not None and code.co_flags & _VARARGS
        if takes_numpy_names(value) or (passes_on and takes_numpy_names(namespace.get(name))):
            setattr(cls, name, accepting_numpy_names(value, name))
