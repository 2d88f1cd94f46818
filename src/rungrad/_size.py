"""``Size``: the tuple subclass that ``Tensor.shape`` and ``Tensor.size()`` return."""

from __future__ import annotations

from typing import Any

__all__ = ["Size"]


class Size(tuple):  # type: ignore[type-arg]
    """A tensor's shape, printed as ``rungrad.Size([2, 3])``."""

    __slots__ = ()

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
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other: Any) -> Size:
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other: Any) -> Size:
        return Size(tuple(other) + tuple(self))

    def __mul__(self, times: Any) -> Size:
        return Size(tuple.__mul__(self, times))

    __rmul__ = __mul__

    def __reduce__(self) -> Any:
        return (Size, (tuple(self),))
