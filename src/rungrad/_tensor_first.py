"""PyTorch's functions of a tensor refuse anything else as that tensor.

``torch.sum(3)`` raises "sum(): argument 'input' (position 1) must be Tensor, not int". The
unary primitives check this themselves (``_ops/registry.py``); the functions here are Python
functions over them, which a number would otherwise reach and pass through NumPy. Each is
wrapped once, when exported (``rungrad/__init__.py``), in the same check (one ``isinstance``
per call). Functions with several signatures, whose refusal PyTorch words differently, are
in ``_overloads.py``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ._tensor import Tensor

NAMES = frozenset({
    "abs", "absolute", "amax", "amin", "aminmax", "argmax", "argmin", "argwhere", "bincount",
    "bitwise_not", "ceil", "cholesky", "clone", "conj", "conj_physical", "corrcoef", "cov", "det",
    "diag", "diag_embed", "diagflat", "diagonal", "diff", "fix", "flatten", "fliplr", "flipud",
    "floor", "frac", "frexp", "histc", "imag", "inverse", "is_inference", "isfinite", "isinf",
    "isnan", "isneginf", "isposinf", "isreal", "logdet", "logical_and", "logical_not", "logical_or",
    "logical_xor", "matrix_exp", "median", "mode", "msort", "nan_to_num", "nanmean", "nanmedian",
    "nansum", "neg", "negative", "nonzero", "norm_except_dim", "pdist", "pinverse", "positive",
    "qr", "ravel", "real", "relu", "rot90", "sgn", "sign", "signbit", "slogdet", "square", "svd",
    "t", "trace", "tril", "triu", "trunc", "unbind", "unique_consecutive", "vander",
    "view_as_complex", "view_as_real",
    # PyTorch's spellings of other ops, which name themselves (``arccos():``, not ``acos():``)
    "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctanh", "ger", "swapaxes",
    "swapdims",
    "allclose", "as_strided", "binomial", "broadcast_to", "chunk", "cummax", "cummin",
    "cumprod", "cumsum", "diagonal_scatter", "equal", "flip", "full_like", "gather",
    "index_add", "index_copy", "index_put", "index_select", "inner", "is_same_size",
    "kthvalue", "log_softmax", "logcumsumexp", "logsumexp", "masked_scatter",
    "masked_select", "matrix_power", "multinomial", "mv", "numel", "permute", "put", "renorm",
    "reshape", "roll", "scatter_add", "scatter_reduce", "select", "select_scatter",
    "slice_scatter", "softmax", "take", "take_along_dim", "tile", "topk", "transpose",
    "unflatten", "unsqueeze", "vdot",
    # the nn.functional ops PyTorch also spells at the top level (imported on first use)
    "adaptive_avg_pool1d", "alpha_dropout", "alpha_dropout_", "avg_pool1d", "batch_norm",
    "bilinear", "celu", "celu_", "channel_shuffle", "conv_transpose1d", "conv_transpose2d",
    "conv_transpose3d", "cosine_similarity", "dropout", "dropout_", "embedding",
    "feature_alpha_dropout", "group_norm", "hardshrink", "instance_norm", "layer_norm",
    "max_pool1d", "max_pool2d", "max_pool3d", "pairwise_distance", "pixel_shuffle",
    "pixel_unshuffle", "prelu", "rms_norm", "rrelu", "rrelu_", "selu", "selu_", "threshold",
    "threshold_",
})  # fmt: skip


def tensor_first(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function`` (exported as ``name``) refusing a first argument that is not a tensor,
    in PyTorch's words."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        if args and not isinstance(args[0], Tensor):
            _refuse(function, name, args)
        try:
            return function(*args, **kwargs)
        except Exception:
            # a failed call no signature takes: the parser's refusal (see _overloads.py)
            from ._overloads import refusal

            refused = refusal(name, args, kwargs)
            if refused is not None:
                raise refused from None
            raise

    # functools.wraps without its cost at import: what help() and the tests read
    checked.__name__ = checked.__qualname__ = function.__name__
    checked.__doc__ = function.__doc__
    checked.__module__ = function.__module__
    checked.__wrapped__ = function  # type: ignore[attr-defined]
    checked.__dict__.update(function.__dict__)
    return checked


def _refuse(function: Callable[..., Any], name: str, args: tuple[Any, ...]) -> None:
    """The parser's TypeError: too many arguments (its first check), else the first one."""
    parameters = inspect.signature(function).parameters.values()
    if not any(p.kind is p.VAR_POSITIONAL for p in parameters):
        positional = [
            p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        most = len(positional)
        if len(args) > most:
            least = sum(p.default is p.empty for p in positional)
            takes = f"{most}" if least == most else f"from {least} to {most}"
            plural = "" if most == 1 and least == most else "s"
            raise TypeError(
                f"{name}() takes {takes} positional argument{plural} but {len(args)} were given"
            )
    raise TypeError(
        f"{name}(): argument '{_first_parameter(function)}' (position 1) must be Tensor, not "
        f"{type(args[0]).__name__}"
    )


def _first_parameter(function: Callable[..., Any]) -> str:
    """PyTorch's name for the first parameter (``input`` for rungrad's ``self`` and ``A``)."""
    first = next(iter(inspect.signature(function).parameters), "input")
    return "input" if first in ("self", "A", "args") else first
