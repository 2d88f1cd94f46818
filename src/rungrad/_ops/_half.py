"""float16 computed as PyTorch's CPU kernels compute it: in float32, rounded once.

NumPy's float16 ufuncs round each call's result, as PyTorch's kernels do, so one-ufunc ops
need nothing. An op whose NumPy forward takes several steps (softmax, layer_norm, tanh's
backward...) would round every step; ``half_in_float32`` runs it on float32 copies instead.
The dtypes are tested with ``is``: NumPy's native dtypes are singletons, and tensors hold
native byte order only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

FLOAT16 = np.dtype(np.float16)
FLOAT32 = np.dtype(np.float32)


def _widened(value: Any) -> Any:
    if type(value) is np.float16 or (type(value) is np.ndarray and value.dtype is FLOAT16):
        return value.astype(FLOAT32)
    return value


def _rounded(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype is FLOAT32:
        return value.astype(FLOAT16)
    return value


def in_float32(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` with float32 copies of its float16 arguments, its float32 results
    (one, or a tuple) rounded to float16 once."""
    out = function(*[_widened(arg) for arg in args])
    if type(out) is tuple:  # several outputs (layer norm's mean and deviation)
        return tuple(_rounded(o) for o in out)
    return _rounded(out)


def half_in_float32(forward: Callable[..., Any]) -> Callable[..., Any]:
    """A composite NumPy forward that computes a float16 first input in float32 and rounds
    once, as PyTorch's CPU kernels do: NumPy would round (and overflow) in float16 at every
    step, so that silu(-15) in float16 is 0 rather than PyTorch's -4.6e-6."""

    @functools.wraps(forward)
    def computed_in_float32(self: Any, *args: Any) -> Any:
        if self.dtype is FLOAT16:
            return in_float32(forward, self, *args)
        return forward(self, *args)

    return computed_in_float32
