"""``Size``: the tuple subclass that ``Tensor.shape`` and ``Tensor.size()`` return."""

from __future__ import annotations

import numbers
from functools import partial
from typing import Any

__all__ = ["Size", "broadcast_shapes"]


class Size(tuple):  # type: ignore[type-arg]
    """A tensor's shape, printed as ``rungrad.Size([2, 3])``."""

    __module__ = "rungrad"  # printed <class 'rungrad.Size'>, PyTorch's torch.Size

    __slots__ = ()

    def __new__(cls, sizes: Any = ()) -> Size:
        values = []
        for position, size in enumerate(sizes):
            if isinstance(size, numbers.Integral):
                values.append(int(size))
                continue
            index = getattr(size, "__index__", None)
            if index is None or isinstance(size, float):
                raise TypeError(
                    f"rungrad.Size() takes an iterable of 'int' (item {position} is "
                    f"'{type(size).__name__}')"
                )
            values.append(index())
        return tuple.__new__(cls, values)

    def __repr__(self) -> str:
        return f"rungrad.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        count = 1
        for size in self:
            count *= size
        return count

    def __getitem__(self, index: Any) -> Any:
        item = tuple.__getitem__(self, index)
        return tuple.__new__(Size, item) if isinstance(index, slice) else item

    def __add__(self, other: Any) -> Size:
        if not isinstance(other, tuple):
            raise TypeError(
                f"can only concatenate tuple (not {type(other).__name__}) to rungrad.Size"
            )
        return Size(tuple.__add__(self, other))

    def __radd__(self, other: Any) -> Size:
        if isinstance(other, (list, str)):  # their own message, which names the class fully
            kind = type(other).__name__
            raise TypeError(f'can only concatenate {kind} (not "rungrad.Size") to {kind}')
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(other) + tuple(self))

    def __mul__(self, times: Any) -> Size:
        return tuple.__new__(Size, tuple.__mul__(self, times))

    __rmul__ = __mul__

    def __reduce__(self) -> Any:
        return (Size, (tuple(self),))


# Shapes that are already tuples of ints skip validation (Tensor.shape is called often).
_size = partial(tuple.__new__, Size)


def broadcast_shapes(*shapes: Any) -> Size:
    """broadcast_shapes(*shapes) -> Size: the shape that tensors of ``shapes`` broadcast to.

    A shape is an int or a sequence of ints. Raises PyTorch's errors for a negative size and
    for shapes that do not broadcast (naming the first argument that does not fit).
    """
    as_tuples = [Size((s,) if isinstance(s, numbers.Integral) else s) for s in shapes]
    result = [1] * max((len(shape) for shape in as_tuples), default=0)
    for index, (given, shape) in enumerate(zip(shapes, as_tuples)):
        for position in range(-1, -len(shape) - 1, -1):
            size = shape[position]
            if size < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
            if size == 1 or size == result[position]:
                continue
            if result[position] != 1:
                shown = (given,) if isinstance(given, numbers.Integral) else given
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {size} at {position}! "
                    f"Mismatching argument at index {index} had {shown!r}; but expected shape "
                    f"should be broadcastable to {result}"
                )
            result[position] = size
    return Size(result)
