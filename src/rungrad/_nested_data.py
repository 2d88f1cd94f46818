"""Nested Python data as PyTorch's tensor constructors read it.

PyTorch first reads the shape down the first items: lists, tuples and NumPy arrays are
sequences (a 0-d array too, whose ``len()`` then fails), a tensor is an item. It then stores
every item in order, checking each sequence's length against that shape: below the last
dimension a tensor or an array is a sequence too (``[[1, 2], torch.tensor([3, 4])]`` is a
2 x 2 tensor); at the last dimension each must be one value. NumPy arrays met on the way make
PyTorch warn, once, that the list is slow to read.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import _dtype
from ._dtype import dtype as DType
from ._tensor import Tensor

_SEQUENCES = (list, tuple, range)
_PLAIN = (float, int, bool, complex)

SLOW_LIST_OF_ARRAYS = (
    "Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider "
    "converting the list to a single numpy.ndarray with numpy.array() before converting to a "
    "tensor. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:252.)"
)


def leading_sizes(data: Any) -> list[int]:
    """The shape read down the first items (a 0-d array there: Python's ``len()`` error)."""
    sizes = []
    item = data
    while isinstance(item, (*_SEQUENCES, np.ndarray)):
        if isinstance(item, np.ndarray) and item.ndim == 0:
            raise TypeError("len() of unsized object")
        sizes.append(len(item))
        if not len(item):
            break
        item = item[0]
    return sizes


class Store:
    """One walk over nested data: the same nesting of lists with each tensor and array
    replaced by its values, checked as PyTorch checks them; ``arrays`` counts the NumPy arrays
    met (PyTorch warns at each, once per process unless it is told to warn always)."""

    def __init__(self, sizes: list[int], dtype: DType) -> None:
        self.sizes = sizes
        self.depth = len(sizes)
        self.integral = dtype.category <= _dtype.INTEGRAL
        self.whole = dtype.category == _dtype.INTEGRAL
        self.arrays = 0

    def walk(self, item: Any, dim: int = 0) -> Any:
        if dim == self.depth:
            return self._value(item)
        if isinstance(item, Tensor):
            item = self._rows(item._data)
        elif isinstance(item, np.ndarray):
            self.arrays += 1
            if item.ndim == 0:
                raise TypeError("not a sequence")
        elif not isinstance(item, _SEQUENCES):
            raise TypeError("not a sequence")
        if len(item) != self.sizes[dim]:
            raise ValueError(
                f"expected sequence of length {self.sizes[dim]} at dim {dim} (got {len(item)})"
            )
        if dim + 1 == self.depth:  # the last dimension: plain numbers stay as they are
            return [value if type(value) in _PLAIN else self._value(value) for value in item]
        return [self.walk(child, dim + 1) for child in item]

    def _rows(self, array: np.ndarray) -> list[Any]:
        """A tensor read as a sequence: its rows, as tensors (PyTorch copies their values
        without the warning a tensor that requires grad gives when read as one value)."""
        if array.ndim == 0:
            raise TypeError("not a sequence")  # iterating a 0-d tensor fails
        return [Tensor._from_array(row) for row in array]

    def _value(self, item: Any) -> Any:
        """One item where a single value belongs."""
        if isinstance(item, Tensor):
            return self._tensor_value(item)
        if isinstance(item, np.ndarray):
            self.arrays += 1
            if item.ndim:  # NumPy's refusal of the conversion PyTorch asks of it
                if self.integral:
                    raise TypeError("only integer scalar arrays can be converted to a scalar index")
                raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
            return item[()]
        if isinstance(item, _SEQUENCES):
            name = type(item).__name__
            if self.integral:
                raise TypeError(f"'{name}' object cannot be interpreted as an integer")
            raise TypeError(f"must be real number, not {name}")
        return item

    def _tensor_value(self, item: Tensor) -> Any:
        data = item._data
        if item._requires_grad:  # warned before the size is checked
            from ._tensor import _warn_scalar_conversion

            _warn_scalar_conversion()
        if (self.integral and data.size != 1) or (self.whole and data.dtype.kind in "fcV"):
            raise TypeError("only integer tensors of a single element can be converted to an index")
        if data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return data.item()
