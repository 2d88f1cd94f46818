"""Type promotion: which dtype an operation on mixed operands produces (``torch.result_type``).

PyTorch's rule has three priority groups: tensors with dimensions, zero-dimensional tensors,
and Python scalars. The highest-priority group that is present decides the dtype, unless a
lower-priority group holds a higher *category* (bool < integer < floating < complex); then
that category wins. Python scalars of a category take that category's default dtype.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from . import _dtype
from ._dtype import BOOL, COMPLEX, FLOATING, INTEGRAL, dtype

__all__ = ["promote_types", "result_type", "scalar_dtype", "to_floating"]


def promote_types(type1: dtype, type2: dtype) -> dtype:
    """The smallest dtype both ``type1`` and ``type2`` can be safely cast to."""
    if type1 is type2:
        return type1
    if type1.category != type2.category:
        # Across categories the higher category's own dtype wins (int64 + float16 -> float16),
        # except that a complex result must keep the precision of a float64 operand.
        high, low = (type1, type2) if type1.category > type2.category else (type2, type1)
        if high.category == COMPLEX and low is _dtype.float64:
            return _dtype.complex128
        return high
    return _dtype.from_numpy_dtype(np.promote_types(type1.numpy, type2.numpy))


def scalar_dtype(value: Any) -> dtype:
    """The dtype a Python scalar has on its own (``tensor(2.5).dtype``)."""
    if isinstance(value, builtins.bool):
        return _dtype.bool
    if isinstance(value, int):
        return _dtype.int64
    if isinstance(value, float):
        return _dtype.get_default_dtype()
    if isinstance(value, complex):
        return _dtype.default_complex()
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _scalar_category(value: Any) -> int:
    if isinstance(value, builtins.bool):
        return BOOL
    if isinstance(value, int):
        return INTEGRAL
    if isinstance(value, float):
        return FLOATING
    return COMPLEX


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    """Merge a lower-priority group's dtype into a higher-priority group's."""
    if higher is None:
        return lower
    if lower is None or lower.category <= higher.category:
        return higher
    if higher.category == FLOATING and lower.category == COMPLEX:
        # The higher group keeps its precision: a float32 tensor times a complex128 0-d
        # tensor is complex64 (no complex32 here: float16 gives complex64).
        return higher.to_complex()
    return promote_types(higher, lower)


def result_type(*operands: Any) -> dtype:
    """The dtype of an arithmetic result on ``operands`` (tensors and Python numbers)."""
    from ._tensor import Tensor  # the Tensor module imports this one

    dimensioned = zero_dim = None
    scalar_category = -1
    for operand in operands:
        if isinstance(operand, Tensor):
            operand_dtype = operand.dtype
            if operand._data.ndim:
                dimensioned = (
                    operand_dtype
                    if dimensioned is None
                    else promote_types(dimensioned, operand_dtype)
                )
            else:
                zero_dim = (
                    operand_dtype if zero_dim is None else promote_types(zero_dim, operand_dtype)
                )
        else:
            scalar_category = max(scalar_category, _scalar_category(operand))
    scalars = None
    if scalar_category == BOOL:
        scalars = _dtype.bool
    elif scalar_category == INTEGRAL:
        scalars = _dtype.int64
    elif scalar_category == FLOATING:
        scalars = _dtype.get_default_dtype()
    elif scalar_category == COMPLEX:
        scalars = _dtype.default_complex()
    result = _combine(dimensioned, _combine(zero_dim, scalars))
    if result is None:
        raise TypeError("result_type() needs at least one operand")
    return result


def to_floating(d: dtype) -> dtype:
    """The dtype an op that only computes in floating point gives for inputs of dtype ``d``."""
    if d.category >= FLOATING:
        return d
    return _dtype.get_default_dtype()
