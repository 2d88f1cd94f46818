"""bfloat16 arithmetic: ops compute on float32 copies and round their results once.

NOTE [bfloat16] in _dtype.py says why. ``widen`` runs in every op call once a bfloat16
tensor exists (``BFLOAT16_LOADED``), so it stays a short loop over the op's arrays.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np

from .. import _dtype

__all__ = ["narrow", "widen"]

_FLOAT32 = np.dtype(np.float32)


def widen(arrays: Any, rounded_numbers: Collection[int] = ()) -> tuple[Any, bool]:
    """``arrays`` with float32 copies of their bfloat16 arrays, and whether the op's float32
    results are to be rounded back: only when no array of another floating type took part,
    since then the op's own promotion gives float32 or wider (bfloat16 + float16 is float32).
    Python floats at ``rounded_numbers`` are rounded to bfloat16 first, as PyTorch casts them."""
    bfloat16 = _dtype.bfloat16.numpy
    widened = None
    other_float = False
    for i, array in enumerate(arrays):
        if isinstance(array, (np.ndarray, np.generic)):
            if array.dtype == bfloat16:
                if widened is None:
                    widened = list(arrays)
                widened[i] = array.astype(_FLOAT32)
            elif array.dtype.kind in "fcV":
                other_float = True
    if widened is None:
        return arrays, False
    if other_float:
        return widened, False
    for i in rounded_numbers:
        if type(widened[i]) is float:
            widened[i] = float(np.float32(widened[i]).astype(bfloat16))
    return widened, True


def narrow(out: Any, args: Any) -> Any:
    """The op's results with float32 arrays rounded to bfloat16, unless the call named its
    result dtype itself (``x.float()``, ``sum(x, dtype=torch.float32)``)."""
    if any(isinstance(arg, _dtype.dtype) for arg in args):
        return out
    return _rounded(out)


def _rounded(out: Any) -> Any:
    if isinstance(out, (np.ndarray, np.generic)):
        return out.astype(_dtype.bfloat16.numpy) if out.dtype == _FLOAT32 else out
    if isinstance(out, (tuple, list)):
        return type(out)(_rounded(o) for o in out)
    return out
