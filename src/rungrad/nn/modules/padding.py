"""Padding layers: ``F.pad`` with a fixed mode and widths (``ZeroPad2d``, ``ReflectionPad1d``...).

Each layer stores its widths as PyTorch does, one ``(left, right)`` pair per padded
dimension, last dimension first; an int pads every side by that much.
"""

from __future__ import annotations

from typing import Any

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
    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """ConstantPad1d(padding, value): pads the last dimension with ``value``."""

    dims = 1


class ConstantPad2d(_ConstantPadNd):
    """ConstantPad2d(padding, value): pads the last two dimensions with ``value``."""

    dims = 2


class ConstantPad3d(_ConstantPadNd):
    """ConstantPad3d(padding, value): pads the last three dimensions with ``value``."""

    dims = 3


class ZeroPad1d(_PadNd):
    """ZeroPad1d(padding): pads the last dimension with zeros."""

    dims = 1


class ZeroPad2d(_PadNd):
    """ZeroPad2d(padding): pads the last two dimensions with zeros."""

    dims = 2


class ZeroPad3d(_PadNd):
    """ZeroPad3d(padding): pads the last three dimensions with zeros."""

    dims = 3


class ReflectionPad1d(_PadNd):
    """ReflectionPad1d(padding): mirrors the last dimension at its edges (edge excluded)."""

    mode, dims = "reflect", 1


class ReflectionPad2d(_PadNd):
    """ReflectionPad2d(padding): mirrors the last two dimensions at their edges."""

    mode, dims = "reflect", 2


class ReflectionPad3d(_PadNd):
    """ReflectionPad3d(padding): mirrors the last three dimensions at their edges."""

    mode, dims = "reflect", 3


class ReplicationPad1d(_PadNd):
    """ReplicationPad1d(padding): repeats the edge values of the last dimension."""

    mode, dims = "replicate", 1


class ReplicationPad2d(_PadNd):
    """ReplicationPad2d(padding): repeats the edge values of the last two dimensions."""

    mode, dims = "replicate", 2


class ReplicationPad3d(_PadNd):
    """ReplicationPad3d(padding): repeats the edge values of the last three dimensions."""

    mode, dims = "replicate", 3


class CircularPad1d(_PadNd):
    """CircularPad1d(padding): wraps the last dimension around."""

    mode, dims = "circular", 1


class CircularPad2d(_PadNd):
    """CircularPad2d(padding): wraps the last two dimensions around."""

    mode, dims = "circular", 2


class CircularPad3d(_PadNd):
    """CircularPad3d(padding): wraps the last three dimensions around."""

    mode, dims = "circular", 3
