"""Storages: the memory a tensor and its views share, as PyTorch exposes it.

``tensor.untyped_storage()`` is that memory as bytes; ``tensor.storage()`` (deprecated in
PyTorch, still common in tutorials about views) is the same memory read as the tensor's
dtype. Both are windows on the tensor's root NumPy array: reading or writing one reads or
writes the tensor. They print as PyTorch's do: one element per line, then a summary line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

__all__ = ["TypedStorage", "UntypedStorage"]


def _flat(root: np.ndarray) -> np.ndarray:
    """The root array's memory, in order, as a 1-D array of its dtype (a view when the
    root is contiguous, as every array rungrad allocates is)."""
    return root.reshape(-1) if root.flags.c_contiguous else root.ravel(order="K")


def _listing(values: list[Any], summary: str) -> str:
    """PyTorch's storage printout: `` value`` per line, then ``[summary]``."""
    return " " + "\n ".join(str(value) for value in values) + f"\n[{summary}]"


class _Storage:
    """What both storages share: a 1-D array over the whole memory, indexed by element."""

    __slots__ = ("_array", "_root")
    _array: np.ndarray
    _root: np.ndarray  # the tensor's root array, whose memory this is

    def data_ptr(self) -> int:
        return int(self._array.__array_interface__["data"][0])

    def nbytes(self) -> int:
        return self._array.nbytes

    def size(self) -> int:
        return self._array.size

    def __len__(self) -> int:
        return self._array.size

    def element_size(self) -> int:
        return self._array.itemsize

    @property
    def device(self) -> Any:
        from ._tensor import device

        return device("cpu")

    @property
    def is_cuda(self) -> bool:
        return False

    def tolist(self) -> list[Any]:
        return self._array.tolist()

    def __iter__(self) -> Iterator[Any]:
        return iter(self.tolist())

    def _index(self, index: Any) -> int:
        if isinstance(index, slice):
            raise RuntimeError("slices are only supported in UntypedStorage.__getitem__")
        size = self._array.size
        position = int(index)
        if not -size <= position < size:
            raise IndexError(f"index {position} out of range for storage of size {size}")
        return position % size

    def __getitem__(self, index: Any) -> Any:
        return self._array[self._index(index)].item()

    def __setitem__(self, index: Any, value: Any) -> None:
        self._array[self._index(index)] = value

    def is_shared(self) -> bool:
        """Whether ``share_memory_()`` was called on a tensor of this memory."""
        from ._tensor import _SHARED_ARRAYS

        return _SHARED_ARRAYS.get(id(self._root)) is self._root

    def fill_(self, value: Any) -> Any:
        self._array[...] = value
        return self


class UntypedStorage(_Storage):
    """The bytes a tensor and its views share (``tensor.untyped_storage()``)."""

    __module__ = "rungrad"
    __slots__ = ()

    def __init__(self, array: np.ndarray) -> None:
        """``array``: the tensor's root array, whose memory this storage is."""
        self._root = array
        self._array = _flat(array).view(np.uint8)

    def __repr__(self) -> str:
        size = self._array.size
        return _listing(self.tolist(), f"rungrad.storage.UntypedStorage(device=cpu) of size {size}")


class TypedStorage(_Storage):
    """A tensor's memory read as its dtype (``tensor.storage()``, deprecated in PyTorch)."""

    __module__ = "rungrad"
    __slots__ = ()

    def __init__(self, array: np.ndarray, dtype: np.dtype) -> None:
        """``array``: the tensor's root array; ``dtype``: the tensor's NumPy dtype."""
        self._root = array
        self._array = _flat(array).view(np.uint8).view(dtype)

    @property
    def dtype(self) -> Any:
        from ._dtype import from_numpy_dtype

        return from_numpy_dtype(self._array.dtype)

    def untyped(self) -> UntypedStorage:
        return UntypedStorage(self._root)

    @property
    def _untyped_storage(self) -> UntypedStorage:
        return self.untyped()

    def __repr__(self) -> str:
        summary = (
            f"rungrad.storage.TypedStorage(dtype={self.dtype}, device=cpu) of size "
            f"{self._array.size}"
        )
        return _listing(self.tolist(), summary)
