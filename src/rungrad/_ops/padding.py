"""``pad``: constant, reflect, replicate and circular padding of the last dimensions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor
from .registry import primitive

__all__ = ["pad"]

_NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _numpy_widths(ndim: int, widths: Sequence[int]) -> list[tuple[int, int]]:
    """PyTorch lists (left, right) pairs from the last dimension backwards."""
    pairs = [(0, 0)] * ndim
    for i in range(len(widths) // 2):
        pairs[ndim - 1 - i] = (widths[2 * i], widths[2 * i + 1])
    return pairs


@primitive("ConstantPadNdBackward0")
def _constant_pad(self, widths, value):
    if self.ndim == 0:  # nothing to pad (np.pad takes no 0-d array)
        return self.copy()
    pairs = _numpy_widths(self.ndim, widths)
    cropped = self[
        tuple(slice(max(-lo, 0), s - max(-hi, 0)) for (lo, hi), s in zip(pairs, self.shape))
    ]
    grown = [(max(lo, 0), max(hi, 0)) for lo, hi in pairs]
    return np.pad(cropped, grown, constant_values=value)


_constant_pad.defgrad(self=lambda grad, widths: _constant_pad(grad, tuple(-w for w in widths), 0))


def _make_gather_pad(kind: str, dims: int) -> Any:
    """Reflection/replication padding over the last ``dims`` dimensions, and its backward."""

    @primitive(f"{kind}Pad{dims}DBackward0")
    def forward(self, widths, mode):
        return np.pad(self, _numpy_widths(self.ndim, widths), mode=_NUMPY_MODES[mode])

    @primitive(f"{kind}Pad{dims}DBackwardBackward0")
    def backward(grad_output, self, widths, mode):
        # Sum each padded position's gradient back into the element it copied.
        self_shape = self.shape
        size = int(np.prod(self_shape))
        positions = np.arange(size).reshape(self_shape)
        sources = np.pad(positions, _numpy_widths(len(self_shape), widths), mode=_NUMPY_MODES[mode])
        result = np.zeros(size, dtype=grad_output.dtype)
        np.add.at(result, sources.reshape(-1), grad_output.reshape(-1))
        return result.reshape(self_shape)

    forward.defgrad(self=lambda grad, self, widths, mode: backward(grad, self, widths, mode))
    # ``self`` is an input of the backward (zero gradient) as in PyTorch, so first-order
    # gradients depend on it.
    backward.defgrad(
        grad_output=lambda grad, widths, mode: forward(grad, widths, mode),
        self=lambda grad: grad * 0,
    )
    return forward


_GATHER_PADS = {
    (mode, dims): _make_gather_pad(kind, dims)
    for mode, kind in (("reflect", "Reflection"), ("replicate", "Replication"))
    for dims in (1, 2, 3)
}


def pad(input: Tensor, pad: Sequence[int], mode: str = "constant", value: Any = None) -> Tensor:
    """pad(input, pad, mode='constant', value=None): ``pad`` lists (left, right) widths
    starting from the last dimension; negative widths crop."""
    widths = tuple(int(w) for w in pad)
    if len(widths) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(widths) // 2 > input._data.ndim:
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension but "
            f"got padding length {len(widths)} and input of dimension {input._data.ndim}"
        )
    if mode == "constant":
        return _constant_pad(input, widths, 0 if value is None else value)
    if mode not in _NUMPY_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    dims = len(widths) // 2
    ndim = input._data.ndim
    if not dims + 1 <= ndim <= dims + 2:
        raise NotImplementedError(
            f"Padding size {len(widths)} is not supported for {ndim}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
        )
    for i in range(dims):
        dim = ndim - 1 - i
        left, right = widths[2 * i], widths[2 * i + 1]
        limit = input._data.shape[dim] - (1 if mode == "reflect" else 0)
        if mode != "replicate" and (left > limit or right > limit):
            raise RuntimeError(
                "Argument #4: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({left}, {right}) at dimension {dim} of input "
                f"{list(input._data.shape)}"
            )
    if mode == "circular":
        return _circular(input, widths)
    return _GATHER_PADS[(mode, dims)](input, widths, mode)


def _circular(input: Tensor, widths: tuple[int, ...]) -> Tensor:
    """Wrap-around padding as PyTorch builds it (so its grad_fn is CopySlices): the input
    copied into a new tensor, then each side filled with a slice copy of the other side."""
    ndim, dims = input._data.ndim, len(widths) // 2
    shape = list(input._data.shape)
    for i in range(dims):
        shape[ndim - 1 - i] += widths[2 * i] + widths[2 * i + 1]
    out = input.new_empty(shape)

    def part(tensor: Tensor, dim: int, start: int, stop: int) -> Tensor:
        return tensor[(slice(None),) * dim + (slice(start, stop),)]

    inner, source = out, input
    for i in range(dims):
        dim, left, right = ndim - 1 - i, widths[2 * i], widths[2 * i + 1]
        inner = part(inner, dim, max(left, 0), shape[dim] - max(right, 0))
        source = part(source, dim, max(-left, 0), input._data.shape[dim] - max(-right, 0))
    inner.copy_(source)
    for i in range(dims):
        dim, left, right = ndim - 1 - i, widths[2 * i], widths[2 * i + 1]
        end = shape[dim] - max(right, 0)
        if left > 0:
            part(out, dim, 0, left).copy_(part(out, dim, end - left, end))
        if right > 0:
            start = max(left, 0)
            wrapped = part(out, dim, start, start + right)
            part(out, dim, shape[dim] - right, shape[dim]).copy_(wrapped)
    return out


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_constant_pad.saved_as(pad="widths")
for _op in _GATHER_PADS.values():
    _op.saved_as(padding="widths", unlisted=("mode",))
del _op  # a loop variable, not an op of the module
