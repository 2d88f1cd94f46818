"""Padding layers: ``F.pad`` with a fixed mode and widths (``ZeroPad2d``, ``ReflectionPad1d``...).

Each layer stores its widths as PyTorch does, one ``(left, right)`` pair per padded
dimension, last dimension first; an int pads every side by that much.
"""

from __future__ import annotations

from typing import Any

from ..._naming import own_init
from ..._ops.padding import pad
from ..._tensor import Tensor
from .module import Module

__all__ = [
    "CircularPad1d",
    "CircularPad2d",
    "CircularPad3d",
    "ConstantPad1d",
    "ConstantPad2d",
    "ConstantPad3d",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReflectionPad3d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "ReplicationPad3d",
    "ZeroPad1d",
    "ZeroPad2d",
    "ZeroPad3d",
]


class _PadNd(Module):
    """A padding layer of ``dims`` padded dimensions and one ``F.pad`` mode."""

    mode = "constant"
    dims = 1

    def __init__(self, padding: Any, value: float = 0.0) -> None:
        super().__init__()
        if isinstance(padding, int):
            padding = (padding,) * (2 * self.dims)
        self.padding: tuple[int, ...] = tuple(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        if self.mode == "constant":
            return pad(input, self.padding, "constant", self.value)
        return pad(input, self.padding, self.mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding, value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


_LAST = ("the last dimension", "the last two dimensions", "the last three dimensions")
_DOES = {
    "zeros": "pads {} with zeros",
    "constant": "pads {} with ``value``",
    "reflect": "mirrors {} at the edges (the edge itself excluded)",
    "replicate": "repeats the edge values of {}",
    "circular": "wraps {} around",
}


def _layer(name: str, mode: str, dims: int) -> type:
    """A padding layer class of one mode ("zeros": constant zeros) and number of dims."""
    base = _ConstantPadNd if mode == "constant" else _PadNd
    arguments = "padding, value" if mode == "constant" else "padding"
    doc = f"{name}({arguments}): " + _DOES[mode].format(_LAST[dims - 1]) + "."
    attributes = {"mode": "constant" if mode == "zeros" else mode, "dims": dims, "__doc__": doc}
    return own_init(
        type(name, (base,), {**attributes, "__module__": __name__, "__qualname__": name})
    )


ConstantPad1d = _layer("ConstantPad1d", "constant", 1)
ConstantPad2d = _layer("ConstantPad2d", "constant", 2)
ConstantPad3d = _layer("ConstantPad3d", "constant", 3)
ZeroPad1d = _layer("ZeroPad1d", "zeros", 1)
ZeroPad2d = _layer("ZeroPad2d", "zeros", 2)
ZeroPad3d = _layer("ZeroPad3d", "zeros", 3)
ReflectionPad1d = _layer("ReflectionPad1d", "reflect", 1)
ReflectionPad2d = _layer("ReflectionPad2d", "reflect", 2)
ReflectionPad3d = _layer("ReflectionPad3d", "reflect", 3)
ReplicationPad1d = _layer("ReplicationPad1d", "replicate", 1)
ReplicationPad2d = _layer("ReplicationPad2d", "replicate", 2)
ReplicationPad3d = _layer("ReplicationPad3d", "replicate", 3)
CircularPad1d = _layer("CircularPad1d", "circular", 1)
CircularPad2d = _layer("CircularPad2d", "circular", 2)
CircularPad3d = _layer("CircularPad3d", "circular", 3)
