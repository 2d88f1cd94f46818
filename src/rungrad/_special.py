"""Special functions on arrays (erf, erfc, lgamma...), accurate to the last bit or two.

NumPy has no erf. SciPy's ``scipy.special`` is the standard for these and is used when it is
installed (imported on first use, so ``import rungrad`` stays fast); otherwise the standard
library's scalar ``math`` functions are applied element by element — exact, only slower.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

__all__ = ["erf", "erfc", "lgamma"]


@functools.cache
def _scipy_special() -> Any:
    try:
        import scipy.special
    except ImportError:
        return None
    return scipy.special


def _elementwise(scalar_function: Any, array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    result = np.frompyfunc(scalar_function, 1, 1)(array)
    return np.asarray(result, dtype=array.dtype if array.dtype.kind == "f" else np.float64)


def erf(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return special.erf(array).astype(np.asarray(array).dtype, copy=False)
    return _elementwise(math.erf, array)


def erfc(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return special.erfc(array).astype(np.asarray(array).dtype, copy=False)
    return _elementwise(math.erfc, array)


def lgamma(array: np.ndarray) -> np.ndarray:
    special = _scipy_special()
    if special is not None:
        return special.gammaln(array).astype(np.asarray(array).dtype, copy=False)
    return _elementwise(_lgamma_or_inf, array)


def _lgamma_or_inf(value: float) -> float:
    try:
        return math.lgamma(value)
    except ValueError:  # poles at 0, -1, -2, ...
        return math.inf
