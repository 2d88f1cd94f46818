"""PyTorch's functions of a tensor refuse anything else as that tensor.

``torch.sum(3)`` raises "sum(): argument 'input' (position 1) must be Tensor, not int". The
unary primitives check this themselves (``_ops/registry.py``); the functions here are Python
functions over them, which a number would otherwise reach and pass through NumPy. Each is
wrapped once, at import, in the same check (one ``isinstance`` per call).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ._tensor import Tensor

NAMES = (
    "abs", "absolute", "amax", "amin", "aminmax", "argmax", "argmin", "argsort", "argwhere",
    "bernoulli", "bincount", "bitwise_not", "ceil", "cholesky", "clone", "conj",
    "conj_physical", "corrcoef", "count_nonzero", "cov", "cumulative_trapezoid", "det", "diag",
    "diag_embed", "diagflat", "diagonal", "diff", "fix", "flatten", "fliplr", "flipud", "floor",
    "frac", "frexp", "histc", "histogram", "imag", "inverse", "is_inference", "isfinite",
    "isinf", "isnan", "isneginf", "isposinf", "isreal", "logdet", "logical_and", "logical_not",
    "logical_or", "logical_xor", "matrix_exp", "max", "mean", "median", "min", "mode", "msort",
    "nan_to_num", "nanmean", "nanmedian", "nansum", "neg", "negative", "nonzero",
    "norm_except_dim", "pdist", "pinverse", "positive", "prod", "qr", "ravel", "real", "relu",
    "rot90", "round", "sgn", "sign", "signbit", "slogdet", "sort", "square", "squeeze", "sum",
    "svd", "t", "trace", "trapezoid", "trapz", "tril", "triu", "trunc", "unbind",
    "unique_consecutive", "vander", "view_as_complex", "view_as_real",
)  # fmt: skip


def tensor_first(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function`` (exported as ``name``) refusing a first argument that is not a tensor,
    in PyTorch's words."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        if args and not isinstance(args[0], Tensor):
            raise TypeError(
                f"{name}(): argument '{_first_parameter(function)}' (position 1) must be "
                f"Tensor, not {type(args[0]).__name__}"
            )
        return function(*args, **kwargs)

    # functools.wraps without its cost at import: what help() and the tests read
    checked.__name__ = checked.__qualname__ = function.__name__
    checked.__doc__ = function.__doc__
    checked.__module__ = function.__module__
    checked.__wrapped__ = function  # type: ignore[attr-defined]
    checked.__dict__.update(function.__dict__)
    return checked


def _first_parameter(function: Callable[..., Any]) -> str:
    """PyTorch's name for the first parameter (``input`` for rungrad's ``self`` and ``A``)."""
    first = next(iter(inspect.signature(function).parameters), "input")
    return "input" if first in ("self", "A") else first
