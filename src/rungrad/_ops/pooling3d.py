"""3-D adaptive pooling (average and max) and max unpooling.

Adaptive windows: output cell ``i`` of a dimension of size ``n`` pooled to ``m`` covers
``floor(i * n / m)`` to ``ceil((i + 1) * n / m)``. The average is PyTorch's: the window summed
in order (depth, then height, then width) in the input's dtype, then divided by each window
side in turn, which rounds differently from NumPy's pairwise ``mean``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import single_int
from .pooling import (
    _adaptive_windows,
    _gather_plane,
    _unbatched_3d_as_batch,
    adaptive_average,
    adaptive_average_backward,
    max_pool3d_backward,
)
from .registry import primitive

__all__ = ["adaptive_avg_pool3d", "adaptive_max_pool3d", "max_unpool3d"]


@primitive("AdaptiveAvgPool3DBackward0")
@_unbatched_3d_as_batch
def _adaptive_avg_pool3d(self, output_size):
    return adaptive_average(self, output_size)


@primitive("AdaptiveAvgPool3DBackwardBackward0")
@_unbatched_3d_as_batch
def adaptive_avg_pool3d_backward(grad_output, self):
    """Each output gradient, divided by the window's sides, added over its window."""
    return adaptive_average_backward(grad_output, self.shape)


adaptive_avg_pool3d_backward.defgrad(
    grad_output=lambda grad, grad_output_shape: _adaptive_avg_pool3d(grad, grad_output_shape[-3:]),
    self=lambda grad: grad * 0,
)
_adaptive_avg_pool3d.defgrad(self=lambda grad, self: adaptive_avg_pool3d_backward(grad, self))


def _check_input(name: str, input: Tensor, colon: str) -> None:
    shape = list(input._data.shape)
    if len(shape) not in (4, 5):
        raise RuntimeError(f"{name}(): Expected 4D or 5D tensor, but got{colon} {shape}")
    for dim in range(len(shape) - 4, len(shape)):
        if shape[dim] == 0:
            raise RuntimeError(
                f"{name}(): Expected input to have non-zero size for non-batch dimensions, but "
                f"input has sizes {shape} with dimension {dim} being empty"
            )
    if input._data.dtype.kind not in "fcV":
        from .pointwise import _not_implemented_for

        _not_implemented_for(f"{name}_cpu", input._data)


def _output_sizes(input: Tensor, output_size: Any, name: str) -> tuple[int, ...]:
    """An int, or three sizes whose None entries keep the input's size."""
    sizes = (output_size,) * 3 if isinstance(output_size, int) else tuple(output_size)
    if len(sizes) != 3:
        raise RuntimeError(
            "adaptive_avg_pool3d: output_size must be 3"
            if name == "adaptive_avg_pool3d"
            else "adaptive_max_pool3d(): internal error: output_size.size() must be 3"
        )
    spatial = input._data.shape[-3:]
    return tuple(spatial[i] if s is None else int(s) for i, s in enumerate(sizes))


def adaptive_avg_pool3d(input: Tensor, output_size: Any) -> Tensor:
    """adaptive_avg_pool3d(input, output_size): the average over windows chosen to give
    exactly ``output_size`` (an int or a triple; None entries keep the input's size)."""
    sizes = _output_sizes(input, output_size, "adaptive_avg_pool3d")
    _check_input("adaptive_avg_pool3d", input, "")
    if sizes == (1, 1, 1):  # PyTorch takes a plain mean here (MeanBackward1)
        return input.mean((-1, -2, -3), keepdim=True)
    if 0 in sizes:
        return input.new_zeros((*input.shape[:-3], *sizes))
    return _adaptive_avg_pool3d(input, sizes)


@primitive("AdaptiveMaxPool3DBackward0", num_outputs=2, differentiable_outputs=(0,))
@_unbatched_3d_as_batch
def _adaptive_max_pool3d(self, output_size):
    n, c = self.shape[:2]
    height, width = self.shape[3:]
    values = np.empty((n, c, *output_size), dtype=self.dtype)
    indices = np.empty((n, c, *output_size), dtype=np.int64)
    for cell, window, sides in _adaptive_windows(self.shape[2:], output_size):
        flat = self[(slice(None), slice(None), *window)].reshape(n, c, math.prod(sides))
        local = np.argmax(flat, axis=-1) if flat.shape[-1] else np.zeros((n, c), int)
        nans = np.isnan(flat)
        if nans.any():  # PyTorch's rule: the first of tied maxima, or the last NaN
            last_nan = flat.shape[-1] - 1 - np.argmax(nans[..., ::-1], axis=-1)
            local = np.where(nans.any(axis=-1), last_nan, local)
        at = (slice(None), slice(None), *cell)
        values[at] = np.take_along_axis(flat, local[..., None], -1)[..., 0]
        depth, rest = np.divmod(local, sides[1] * sides[2])
        row, column = np.divmod(rest, sides[2])
        d, h, w = (window[0].start + depth, window[1].start + row, window[2].start + column)
        indices[at] = (d * height + h) * width + w
    return values, indices


# Its backward routes each gradient to the chosen element, as max pooling's does.
@primitive("AdaptiveMaxPool3DBackwardBackward0")
def adaptive_max_pool3d_backward(grad_output, self, indices):
    """Each output gradient added at the input position its maximum came from."""
    return max_pool3d_backward.forward(grad_output, self, indices)


adaptive_max_pool3d_backward.defgrad(
    grad_output=lambda grad, indices: _gather_plane(grad, indices, 3), self=lambda grad: grad * 0
)
_adaptive_max_pool3d.defgrad(
    self=lambda grads, self, result1: adaptive_max_pool3d_backward(grads[0], self, result1)
)


def adaptive_max_pool3d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """adaptive_max_pool3d(input, output_size, return_indices=False): the maximum over
    windows chosen to give exactly ``output_size`` (None entries keep the input's size)."""
    _check_input("adaptive_max_pool3d", input, ":")
    sizes = _output_sizes(input, output_size, "adaptive_max_pool3d")
    values, indices = _adaptive_max_pool3d(input, sizes)
    return (values, indices) if return_indices else values


# -- max unpooling ---------------------------------------------------------------------------
@primitive("MaxUnpool3DBackward0")
def _max_unpool3d(self, indices, output_size):
    """Each value put at its index in a zero volume of ``output_size``."""
    *lead, d, h, w = self.shape
    # PyTorch's kernel reports the last invalid index it meets
    volume = math.prod(output_size)
    flat = indices.reshape(*lead, d * h * w)
    invalid = (flat < 0) | (flat >= volume)
    if invalid.any():
        size = "x".join(str(s) for s in output_size)
        raise RuntimeError(
            f"Found an invalid max index: {flat[invalid].flat[-1]} (output volumes are of size "
            f"{size})"
        )
    out = np.zeros((*lead, volume), dtype=self.dtype)
    np.put_along_axis(out, flat, self.reshape(*lead, d * h * w), axis=-1)
    return out.reshape(*lead, *output_size)


_max_unpool3d.defgrad(self=lambda grad, indices: _gather_plane(grad, indices, 3))


def _triple(value: Any) -> tuple[int, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(int(v) for v in value)
    return (single_int(value),) * 3


def max_unpool3d(
    input: Tensor,
    indices: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    output_size: Any = None,
) -> Tensor:
    """max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    a partial inverse of max_pool3d, zeros where no maximum came from."""
    kernel = _triple(kernel_size)
    strides = kernel if stride is None else _triple(stride)
    pads = _triple(padding)
    spatial = input._data.shape[-3:]
    default = [(n - 1) * s - 2 * p + k for n, s, p, k in zip(spatial, strides, pads, kernel)]
    if output_size is None:
        sizes = tuple(default)
    else:
        given = [int(size) for size in output_size]
        if len(given) == input._data.ndim:
            given = given[-3:]
        if len(given) != 3:
            raise ValueError(
                "output_size should be a sequence containing 3 or 5 elements, but it has a "
                f"length of '{len(given)}'"
            )
        for dim, (size, base, s) in enumerate(zip(given, default, strides)):
            if not base - s < size < base + s:
                raise ValueError(
                    f'invalid output_size "{output_size}" (dim {dim} must be between '
                    f"{base - s} and {base + s})"
                )
        sizes = tuple(given)
    if indices._data.dtype != np.int64:
        raise RuntimeError("elements in indices should be type int64")
    if input._data.ndim not in (4, 5):
        raise RuntimeError(
            "Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with "
            f"{input._data.ndim} dimensions."
        )
    if tuple(indices._data.shape) != tuple(input._data.shape):
        raise RuntimeError(
            "Expected shape of indices to be same as that of the input tensor "
            f"({list(input._data.shape)}) but got indices tensor with shape: "
            f"{list(indices._data.shape)}"
        )
    if any(s <= 0 for s in strides):
        raise RuntimeError(f"strides should be greater than zero, but got stride: {list(strides)}")
    return _max_unpool3d(input, indices, sizes)
