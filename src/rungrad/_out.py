"""``out=``: a function's result written into a tensor the caller gives, as PyTorch does.

The top-level functions that take ``out=`` in PyTorch are wrapped once at import
(``accepts_out``): an op gets a call of its own that looks for ``out`` among its keywords
(``Primitive.with_out``), any other function a wrapper; a call without ``out`` goes straight
through. Writing follows PyTorch's rules: no autograd (an error when a gradient
would be needed), the result cast to ``out``'s dtype only where type promotion allows, and
``out`` resized to the result's shape (with PyTorch's deprecation warning when it held
elements).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _dtype
from ._tensor import Tensor
from .autograd.grad_mode import is_grad_enabled

_RESIZED = (
    "An output with one or more elements was resized since it had shape {old}, which does not "
    "match the required output shape {new}. This behavior is deprecated, and in a future "
    "PyTorch release outputs will not be resized unless they have zero elements. You can "
    "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
    "t.resize_(0). (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)"
)


def accepts_out(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function`` with PyTorch's keyword-only ``out=`` argument (an op: a call of its own
    that looks for ``out`` among keywords only, at no cost to the calls without)."""
    primitive = getattr(function, "primitive", None)
    if primitive is not None and function is primitive.call:
        return primitive.with_out(name)

    @functools.wraps(function)
    def with_out(*args: Any, out: Any = None, **kwargs: Any) -> Any:
        if out is None:
            return function(*args, **kwargs)
        return write_out(name, function(*args, **kwargs), out)

    return with_out


def accepts_strict_out(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function`` with ``out=`` for ops whose result keeps the input's dtype (neg, abs,
    floor...): their kernels want ``out`` in exactly that dtype, not one it casts to."""

    def check(out: Any, expected: _dtype.dtype) -> None:
        if isinstance(out, Tensor) and out.dtype != expected:
            raise RuntimeError(
                f"Found dtype {out.dtype.legacy_name} but expected {expected.legacy_name}"
            )

    @functools.wraps(function)
    def with_out(*args: Any, out: Any = None, **kwargs: Any) -> Any:
        if out is None:
            return function(*args, **kwargs)
        # Checked before the kernel runs (or fails); a complex input's abs is real, so
        # that one is checked against the result.
        if args and isinstance(args[0], Tensor) and args[0].dtype.category != _dtype.COMPLEX:
            check(out, args[0].dtype)
        result = function(*args, **kwargs)
        check(out, result.dtype)
        return write_out(name, result, out)

    return with_out


def write_out(name: str, result: Tensor, out: Any) -> Tensor:
    """Write ``result`` into ``out`` in place and return ``out``."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if is_grad_enabled() and (result.requires_grad or out.requires_grad):
        raise RuntimeError(
            f"{name}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad."
        )
    if not _dtype.can_cast(result.dtype, out.dtype):
        raise RuntimeError(
            f"result type {result.dtype.legacy_name} can't be cast to the desired output type "
            f"{out.dtype.legacy_name}"
        )
    shape = result._data.shape
    if out._data.shape != shape:
        if out._data.size:
            message = _RESIZED.format(old=list(out._data.shape), new=list(shape))
            warnings.warn(message, UserWarning, stacklevel=3)
        out.resize_(shape)
    np.copyto(out._data, result._data, casting="unsafe")
    out._bump_version()
    return out
