"""Pooling: max_pool1d/2d/3d (with indices), avg_pool1d/2d/3d, adaptive_avg_pool1d/2d.

Windows are strided views of the (padded) input, as in ``convolution``; gradients go back
with one vectorised add per kernel position. The kernels take any number of spatial
dimensions; 1-D pooling is 2-D pooling of height 1, and 2-D and 3-D pooling are primitives
of their own (PyTorch's nodes), sharing the kernels.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import int_pair, refuse_integral, single_int
from .convolution import _window, _window_view
from .registry import primitive

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "lp_pool1d",
    "lp_pool2d",
    "max_unpool1d",
    "max_unpool2d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
]

Pair = tuple[int, ...]  # one value per spatial dimension


def _lift_unbatched(rank: int) -> Any:
    """Let a pooling kernel take an unbatched input of ``rank`` dimensions ((C, H, W) for 2-D
    pooling): NumPy views add and remove the batch axis, so the graph has PyTorch's single
    pooling node (no unsqueeze/squeeze)."""

    def decorate(kernel: Any) -> Any:
        @functools.wraps(kernel)
        def run(*args: Any) -> Any:
            if np.ndim(args[0]) != rank:
                return kernel(*args)
            lifted = [a[None] if isinstance(a, np.ndarray) and a.ndim == rank else a for a in args]
            result = kernel(*lifted)
            if isinstance(result, tuple):
                return tuple(r[0] for r in result)
            return result[0]

        return run

    return decorate


_unbatched_as_batch = _lift_unbatched(3)
_unbatched_3d_as_batch = _lift_unbatched(4)


def _pool_output_size(
    size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool
) -> int:
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    # With ceil_mode the last window must start inside the input or its left padding.
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def _padded(
    x: np.ndarray, padding: Pair, out: Pair, kernel: Pair, stride: Pair, dilation: Pair, fill: float
) -> np.ndarray:
    """Pad by ``padding`` on the left and as much as the last window needs on the right."""
    need = [
        (o - 1) * s + d * (k - 1) + 1 - (size + p)
        for o, s, d, k, size, p in zip(out, stride, dilation, kernel, x.shape[2:], padding)
    ]
    widths = ((0, 0), (0, 0), *((p, max(extra, 0)) for p, extra in zip(padding, need)))
    if all(w == (0, 0) for w in widths):
        return x
    return np.pad(x, widths, constant_values=fill)


def _scatter_windows(
    values: np.ndarray,
    shape: tuple[int, ...],
    kernel: Pair,
    stride: Pair,
    dilation: Pair,
    padding: Pair,
) -> np.ndarray:
    """Add (N, C, *out, *kernel) window values back into an (N, C, *spatial) array."""
    spatial = len(kernel)
    out = values.shape[2 : 2 + spatial]
    sizes = [
        max(size + 2 * p, (o - 1) * s + d * (k - 1) + 1)
        for size, p, o, s, d, k in zip(shape[2:], padding, out, stride, dilation, kernel)
    ]
    padded = np.zeros((*values.shape[:2], *sizes), dtype=values.dtype)
    for position in np.ndindex(*kernel):
        window = _window(position, stride, dilation, out)
        padded[(slice(None), slice(None), *window)] += values[(..., *position)]
    inside = tuple(slice(p, p + size) for p, size in zip(padding, shape[2:]))
    return padded[(slice(None), slice(None), *inside)]


# -- max pooling ---------------------------------------------------------------------------
def _max_pool_windows(self, kernel, stride, padding, dilation, ceil_mode):
    """The maxima of a batched (N, C, *spatial) input's windows, and where each came from."""
    size = self.shape[2:]
    out = tuple(
        _pool_output_size(s, k, st, p, d, ceil_mode)
        for s, k, st, p, d in zip(size, kernel, stride, padding, dilation)
    )
    padded = _padded(self, padding, out, kernel, stride, dilation, -np.inf)
    # One strided view of the input per kernel position (no window copies): the maximum
    # over the views, then the position each value came from. PyTorch's rule picks the
    # element: the first of tied maxima, or the last NaN.
    positions = list(np.ndindex(*kernel))
    windows = [
        padded[(slice(None), slice(None), *_window(position, stride, dilation, out))]
        for position in positions
    ]
    values = windows[0].copy()
    for window in windows[1:]:
        np.maximum(values, window, out=values)
    # The kernel position each maximum came from: the number of windows before the first
    # that holds it, counted with boolean masks in the smallest integer type (masked copies
    # into an int64 array were half of the op's time).
    last = len(windows) - 1
    choice = np.zeros(values.shape, dtype=np.min_scalar_type(last))
    searching = windows[0] != values
    for window in windows[1:]:
        choice += searching  # not found yet: the maximum lies further on
        searching &= window != values
    if values.dtype.kind == "f" and np.isnan(values).any():
        for k, window in enumerate(windows):  # ascending: the last NaN is written last
            np.copyto(choice, k, where=np.isnan(window))
    # Indices into the flattened unpadded input plane, as PyTorch returns them: each window's
    # first element, plus the offset of the chosen kernel position (looked up per position).
    plane_strides = [math.prod(size[axis + 1 :]) for axis in range(len(size))]
    corners = np.zeros(out, dtype=np.int64)
    for axis, (o, st, p, step) in enumerate(zip(out, stride, padding, plane_strides)):
        starts = (np.arange(o) * st - p) * step
        corners = corners + starts.reshape((-1,) + (1,) * (len(out) - axis - 1))
    offsets = np.asarray(positions, dtype=np.int64).reshape(len(positions), len(size))
    offsets = (offsets * np.asarray(dilation) * np.asarray(plane_strides)).sum(axis=1)
    return values, corners + offsets.take(choice)


def _max_pool_route(grad_output, self, indices):
    """Route each output gradient to the input element its max came from."""
    self_shape = self.shape
    n, c = self_shape[:2]
    plane = int(np.prod(self_shape[2:]))
    # Overlapping windows may pick the same element: sum with bincount (np.add.at is ~10x
    # slower) over flat positions plane * (n * c) + index.
    offsets = (np.arange(n * c) * plane).reshape(n, c, *(1,) * (len(self_shape) - 2))
    totals = np.bincount(
        (indices + offsets).reshape(-1), weights=grad_output.reshape(-1), minlength=n * c * plane
    )
    return totals.astype(grad_output.dtype, copy=False).reshape(self_shape)


def _given_stride(stride: Any) -> Any:
    """The stride a 2-D or 3-D pool's node keeps: ``()`` when none was given (PyTorch's
    ``_saved_stride`` then reads ``()``; the kernels take the kernel size for it)."""
    return () if stride is None or stride == [] else stride


@primitive("MaxPool2DWithIndicesBackward0", num_outputs=2, differentiable_outputs=(0,))
@_unbatched_as_batch
def _max_pool2d(self, kernel, stride, padding, dilation, ceil_mode):
    return _max_pool_windows(self, kernel, stride or kernel, padding, dilation, ceil_mode)


@primitive("MaxPool2DWithIndicesBackwardBackward0")
@_unbatched_as_batch
def max_pool2d_backward(grad_output, self, indices):
    """Route each output gradient to the input element its max came from."""
    return _max_pool_route(grad_output, self, indices)


@primitive("MaxPool3DWithIndicesBackward0", num_outputs=2, differentiable_outputs=(0,))
@_unbatched_3d_as_batch
def _max_pool3d(self, kernel, stride, padding, dilation, ceil_mode):
    return _max_pool_windows(self, kernel, stride or kernel, padding, dilation, ceil_mode)


@primitive("MaxPool3DWithIndicesBackwardBackward0")
@_unbatched_3d_as_batch
def max_pool3d_backward(grad_output, self, indices):
    """Route each output gradient to the input element its max came from."""
    return _max_pool_route(grad_output, self, indices)


def _gather_plane(grad: Tensor, indices: Tensor, spatial: int = 2) -> Tensor:
    """The gradient of ``max_pool2d_backward`` (``max_pool3d_backward`` with ``spatial=3``)
    in its output gradient: a gather."""
    from .indexing import index

    leading = grad._data.shape[:-spatial]  # (N, C) or, unbatched, (C,)
    flat = grad.reshape((*leading, math.prod(grad._data.shape[-spatial:])))  # no -1: empty
    # One index array per leading axis, shaped to broadcast against (.., *out) indices.
    grids = [
        np.arange(size).reshape((-1,) + (1,) * (len(leading) - axis - 1 + spatial))
        for axis, size in enumerate(leading)
    ]
    return index(flat, (*grids, indices._data))


# The backward takes the input itself (its gradient there is zero), so that first-order
# gradients depend on the input, as PyTorch's do.
max_pool2d_backward.defgrad(
    grad_output=lambda grad, indices: _gather_plane(grad, indices), self=lambda grad: grad * 0
)


# The formulas name what PyTorch's nodes keep (the pooling arguments too).
def _max_pool_grad(backward: Any) -> Any:
    def gradient(grads, self, kernel, stride, padding, dilation, ceil_mode, result1):
        return backward(grads[0], self, result1)

    return gradient


_max_pool2d.defgrad(self=_max_pool_grad(max_pool2d_backward))
max_pool3d_backward.defgrad(
    grad_output=lambda grad, indices: _gather_plane(grad, indices, 3), self=lambda grad: grad * 0
)
_max_pool3d.defgrad(self=_max_pool_grad(max_pool3d_backward))


def _as_4d(input: Tensor, one_d: bool, name: str) -> tuple[Tensor, bool]:
    ndim = input._data.ndim
    expected = (2, 3) if one_d else (3, 4)
    if ndim not in expected:
        _refuse_rank(name, input)
    unbatched = ndim == expected[0]
    if one_d:  # 1-D pooling is 2-D pooling of height 1, as PyTorch (SqueezeBackward1)
        if unbatched:
            input = input.unsqueeze(0)
        return input.unsqueeze(-2), unbatched
    return input, False  # the 2-D kernels take unbatched inputs themselves


def _refuse_rank(name: str, input: Tensor) -> None:
    """Each pooling's own words for an input of the wrong rank."""
    ndim, shape = input._data.ndim, list(input._data.shape)
    if name == "max_pool2d":
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    if name in ("avg_pool1d", "adaptive_avg_pool1d", "adaptive_max_pool1d"):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {ndim}-dimensional tensor for argument #1 "
            f"'self' (while checking arguments for {name})"
        )
    if name == "adaptive_avg_pool2d":
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {shape}")
    if name == "avg_pool2d" and ndim < 3:  # it reads the channel dim first
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-max(ndim, 1)}, "
            f"{max(ndim, 1) - 1}], but got -3)"
        )
    low = 2 if name.endswith("1d") else 3
    prefix = "" if name == "avg_pool2d" else f"{name}: "
    raise RuntimeError(
        f"{prefix}Expected {low}D or {low + 1}D (batch mode) tensor with optional 0 dim batch "
        f"size for input, but got:{shape}"
    )


def _restore(result: Tensor, unbatched: bool, one_d: bool) -> Tensor:
    if one_d:
        result = result.squeeze(-2)
    return result.squeeze(0) if unbatched else result


def _check_pool(kernel: Pair, stride: Pair, padding: Pair) -> None:
    if any(p * 2 > k for p, k in zip(padding, kernel)):
        raise RuntimeError(
            f"pad should be at most half of effective kernel size, but got pad={padding[0]}, "
            f"kernel_size={kernel[0]} and dilation=1"
        )
    if any(s <= 0 for s in stride):
        raise RuntimeError("stride should be greater than zero")


def _check_output_size(
    x: np.ndarray,
    kernel: Pair,
    stride: Pair,
    padding: Pair,
    dilation: Pair,
    ceil_mode: bool,
    name: str,
) -> None:
    """PyTorch's error for a window larger than the (padded) input: no output at all."""
    c, h, w = x.shape[-3:]  # batched or not
    oh, ow = (
        _pool_output_size(size, k, s, p, d, ceil_mode)
        for size, k, s, p, d in zip((h, w), kernel, stride, padding, dilation)
    )
    if oh >= 1 and ow >= 1:
        return
    if name == "max_pool1d":
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {ow}")
    raise RuntimeError(
        f"Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{oh}x{ow}). "
        "Output size is too small"
    )


def _max_pool(
    input: Tensor,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    ceil_mode: bool,
    return_indices: bool,
    one_d: bool,
) -> Any:
    name = "max_pool1d" if one_d else "max_pool2d"
    given_stride = stride
    x, unbatched = _as_4d(input, one_d, name)
    if one_d:
        kernel = (1, single_int(kernel_size))
        stride = kernel if stride is None or stride == [] else (1, single_int(stride))
        padding, dilation = (0, single_int(padding)), (1, single_int(dilation))
    else:
        kernel = int_pair(kernel_size)
        stride = kernel if stride is None or stride == [] else int_pair(stride)
        padding, dilation = int_pair(padding), int_pair(dilation)
    _check_pool(kernel, stride, padding)
    _check_output_size(x._data, kernel, stride, padding, dilation, ceil_mode, name)
    if not one_d:  # (1-D pooling passes the 2-D pool its stride, as PyTorch's)
        stride = _given_stride(given_stride) and stride
    values, indices = _max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)
    values, indices = _restore(values, unbatched, one_d), _restore(indices, unbatched, one_d)
    return (values, indices) if return_indices else values


def max_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False)"""
    return _max_pool(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, one_d=False
    )


def max_pool1d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False)"""
    refuse_integral("max_pool1d_impl", input)
    return _max_pool(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, one_d=True
    )


def _triple(value: Any, message: str) -> Pair:
    """A 3-D pooling argument: an int or a sequence of one or three ints."""
    if isinstance(value, int):
        return (value,) * 3
    values = tuple(int(v) for v in value)
    if len(values) not in (1, 3):
        raise RuntimeError(message)
    return values * 3 if len(values) == 1 else values


def _pool3d_arguments(
    input: Tensor, name: str, kernel_size: Any, stride: Any, padding: Any, max_pool: bool
) -> tuple[Pair, Pair, Pair]:
    """A 3-D pooling's input check and (kernel, stride, padding), in PyTorch's words."""
    if input._data.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    either = " either" if max_pool else ""
    kernel = _triple(
        kernel_size, f"{name}: kernel_size must{either} be a single int, or a tuple of three ints"
    )
    if stride is None or stride == []:
        stride = kernel
    else:
        stride = _triple(
            stride,
            f"{name}: stride must{either} be omitted, a single int, or a tuple of three ints",
        )
    padding = _triple(
        padding, f"{name}: padding must{either} be a single int, or a tuple of three ints"
    )
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(s < 0 for s in stride):
        raise RuntimeError(
            "stride should be greater than zero, but got dT: {} dH: {} dW: {}".format(*stride)
        )
    if any(p * 2 > k for p, k in zip(padding, kernel)):
        raise RuntimeError(
            f"pad should be at most half of effective kernel size, but got pad={padding[0]}, "
            f"kernel_size={kernel[0]} and dilation=1"
        )
    return kernel, stride, padding


def _check_output_size_3d(
    x: np.ndarray, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair, ceil_mode: bool
) -> None:
    c, *size = x.shape[-4:]
    out = [
        _pool_output_size(*arguments, ceil_mode)
        for arguments in zip(size, kernel, stride, padding, dilation)
    ]
    if min(out) < 1:
        given = "x".join(map(str, (c, *size)))
        calculated = "x".join(map(str, (c, *out)))
        raise RuntimeError(
            f"Given input size: ({given}). Calculated output size: ({calculated}). Output size "
            "is too small"
        )


def max_pool3d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False): over (N, C, D, H, W) or unbatched (C, D, H, W) input; the indices
    are into each flattened (D, H, W) plane."""
    given_stride = stride
    kernel, stride, padding = _pool3d_arguments(
        input, "max_pool3d", kernel_size, stride, padding, max_pool=True
    )
    dilation = _triple(
        dilation, "max_pool3d: dilation must be either a single int, or a tuple of three ints"
    )
    _check_output_size_3d(input._data, kernel, stride, padding, dilation, ceil_mode)
    values, indices = _max_pool3d(
        input, kernel, _given_stride(given_stride) and stride, padding, dilation, ceil_mode
    )
    return (values, indices) if return_indices else values


# -- average pooling -----------------------------------------------------------------------
def _avg_divisors(
    shape: tuple[int, ...],
    out: Pair,
    kernel: Pair,
    stride: Pair,
    padding: Pair,
    count_include_pad: bool,
    divisor_override: Any,
) -> np.ndarray:
    """How many elements each window averages over (PyTorch's rules), shape (OH, OW)."""
    if divisor_override:
        return np.full(out, float(divisor_override))
    sizes = []
    for o, k, s, p, size in zip(out, kernel, stride, padding, shape[2:]):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, size + p)
        if count_include_pad:
            sizes.append(end - start)
        else:
            sizes.append(np.minimum(end, size) - np.maximum(start, 0))
    return functools.reduce(np.multiply.outer, sizes).astype(np.float64)


def _avg_pool_windows(
    self, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
):
    """The window averages of a batched (N, C, *spatial) input."""
    ones = (1,) * len(kernel)
    out = tuple(
        _pool_output_size(s, k, st, p, 1, ceil_mode)
        for s, k, st, p in zip(self.shape[2:], kernel, stride, padding)
    )
    windows = _window_view(
        _padded(self, padding, out, kernel, stride, ones, 0.0), kernel, stride, ones, out
    )
    divisors = _avg_divisors(
        self.shape, out, kernel, stride, padding, count_include_pad, divisor_override
    )
    window_axes = tuple(range(-len(kernel), 0))
    return (windows.sum(axis=window_axes) / divisors).astype(self.dtype)


def _avg_pool_spread(
    grad_output, self, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
):
    """Spread each output gradient evenly over its window."""
    self_shape = self.shape
    out = grad_output.shape[2:]
    divisors = _avg_divisors(
        self_shape, out, kernel, stride, padding, count_include_pad, divisor_override
    )
    share = (grad_output / divisors).astype(grad_output.dtype)
    ones = (1,) * len(kernel)
    values = np.broadcast_to(share.reshape(*share.shape, *ones), (*share.shape, *kernel))
    return _scatter_windows(values, self_shape, kernel, stride, ones, padding)


@primitive("AvgPool2DBackward0")
@_unbatched_as_batch
def _avg_pool2d(self, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    options = (kernel, stride or kernel, padding, ceil_mode, count_include_pad, divisor_override)
    return _avg_pool_windows(self, *options)


@primitive("AvgPool2DBackwardBackward0")
@_unbatched_as_batch
def avg_pool2d_backward(
    grad_output, self, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
):
    """Spread each output gradient evenly over its window."""
    options = (kernel, stride or kernel, padding, ceil_mode, count_include_pad, divisor_override)
    return _avg_pool_spread(grad_output, self, *options)


@primitive("AvgPool3DBackward0")
@_unbatched_3d_as_batch
def _avg_pool3d(self, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    options = (kernel, stride or kernel, padding, ceil_mode, count_include_pad, divisor_override)
    return _avg_pool_windows(self, *options)


@primitive("AvgPool3DBackwardBackward0")
@_unbatched_3d_as_batch
def avg_pool3d_backward(
    grad_output, self, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
):
    """Spread each output gradient evenly over its window."""
    options = (kernel, stride or kernel, padding, ceil_mode, count_include_pad, divisor_override)
    return _avg_pool_spread(grad_output, self, *options)


def _define_avg_pool_grads(pool: Any, spread: Any) -> None:
    """The formulas of an average pool (2-D or 3-D) and of its backward, ``spread``."""

    def pool_grad(grad, self, kernel, stride, padding, ceil_mode, count_include_pad,
                  divisor_override):  # fmt: skip
        return spread(grad, self, kernel, stride, padding, ceil_mode, count_include_pad,
                      divisor_override)  # fmt: skip

    def spread_grad(grad, kernel, stride, padding, ceil_mode, count_include_pad,
                    divisor_override):  # fmt: skip
        # Spreading is linear in the output gradient; its adjoint is the average pool itself.
        return pool(grad, kernel, stride, padding, ceil_mode, count_include_pad,
                    divisor_override)  # fmt: skip

    spread.defgrad(grad_output=spread_grad, self=lambda grad: grad * 0)
    pool.defgrad(self=pool_grad)


_define_avg_pool_grads(_avg_pool2d, avg_pool2d_backward)
_define_avg_pool_grads(_avg_pool3d, avg_pool3d_backward)


def avg_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Any = None,
) -> Tensor:
    """avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True, divisor_override=None)"""
    x, unbatched = _as_4d(input, False, "avg_pool2d")
    given_stride = stride
    kernel = int_pair(kernel_size)
    stride = kernel if stride is None or stride == [] else int_pair(stride)
    padding = int_pair(padding)
    _check_pool(kernel, stride, padding)
    _check_output_size(x._data, kernel, stride, padding, (1, 1), ceil_mode, "avg_pool2d")
    stride = _given_stride(given_stride) and stride
    result = _avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    return _restore(result, unbatched, False)


def avg_pool1d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True)"""
    x, unbatched = _as_4d(input, True, "avg_pool1d")
    kernel = (1, single_int(kernel_size))
    stride = kernel if stride is None or stride == [] else (1, single_int(stride))
    padding = (0, single_int(padding))
    _check_pool(kernel, stride, padding)
    _check_output_size(x._data, kernel, stride, padding, (1, 1), ceil_mode, "avg_pool1d")
    result = _avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, None)
    return _restore(result, unbatched, True)


def avg_pool3d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Any = None,
) -> Tensor:
    """avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True, divisor_override=None): over (N, C, D, H, W) or unbatched
    (C, D, H, W) input."""
    given_stride = stride
    kernel, stride, padding = _pool3d_arguments(
        input, "avg_pool3d", kernel_size, stride, padding, max_pool=False
    )
    size = input._data.shape[-3:]
    if any(s < k for s, k in zip(size, kernel)):
        text = "input image (T: {} H: {} W: {}) smaller than kernel size (kT: {} kH: {} kW: {})"
        raise RuntimeError(text.format(*size, *kernel))
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_output_size_3d(input._data, kernel, stride, padding, (1, 1, 1), ceil_mode)
    options = (ceil_mode, count_include_pad, divisor_override)
    return _avg_pool3d(input, kernel, _given_stride(given_stride) and stride, padding, *options)


# -- max unpooling --------------------------------------------------------------------------
@primitive("MaxUnpool2DBackward0")
def _max_unpool2d(self, indices, output_size):
    """Each value put at its index in a zero plane of ``output_size`` (max pooling's inverse)."""
    *lead, h, w = self.shape
    plane = output_size[0] * output_size[1]
    invalid = (indices < 0) | (indices >= plane)
    if invalid.any():
        raise RuntimeError(
            f"Found an invalid max index: {indices[invalid].flat[-1]} (output volumes are of "
            f"size {output_size[0]}x{output_size[1]})"
        )
    out = np.zeros((*lead, plane), dtype=self.dtype)
    np.put_along_axis(out, indices.reshape(*lead, h * w), self.reshape(*lead, h * w), axis=-1)
    return out.reshape(*lead, *output_size)


# The gradient is gathered back from where each value was put: the gather of max-pooling's
# double backward.
_max_unpool2d.defgrad(self=lambda grad, indices: _gather_plane(grad, indices))


def _unpool_output_size(
    input: Tensor, kernel: Pair, stride: Pair, padding: Pair, output_size: Any
) -> tuple[int, int]:
    spatial = input._data.shape[-2:]
    default = [
        (size - 1) * s - 2 * p + k for size, s, p, k in zip(spatial, stride, padding, kernel)
    ]
    if output_size is None:
        return default[0], default[1]
    sizes = [int(size) for size in output_size][-2:]
    for d, (size, base, s) in enumerate(zip(sizes, default, stride)):
        if not base - s < size < base + s:
            raise ValueError(
                f'invalid output_size "{output_size}" (dim {d} must be between {base - s} '
                f"and {base + s})"
            )
    return sizes[0], sizes[1]


def _check_unpool_indices(indices: Tensor) -> None:
    if indices._data.dtype != np.int64:
        from .._dtype import from_numpy_dtype

        raise RuntimeError(
            "elements in indices should be type int64 but got: "
            f"{from_numpy_dtype(indices._data.dtype).legacy_name}"
        )


def max_unpool2d(
    input: Tensor,
    indices: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    output_size: Any = None,
) -> Tensor:
    """max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    a partial inverse of max_pool2d, zeros where no maximum came from."""
    kernel = int_pair(kernel_size)
    stride_pair = kernel if stride is None else int_pair(stride)
    sizes = _unpool_output_size(input, kernel, stride_pair, int_pair(padding), output_size)
    _check_unpool_indices(indices)
    return _max_unpool2d(input, indices, sizes)


def max_unpool1d(
    input: Tensor,
    indices: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    output_size: Any = None,
) -> Tensor:
    """max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None)"""
    kernel = (single_int(kernel_size), 1)
    stride_pair = kernel if stride is None else (single_int(stride), 1)
    padding_pair = (single_int(padding), 0)
    if output_size is not None:
        output_size = (*list(output_size), 1)
    columns = input.unsqueeze(-1)  # 1-D unpooling is 2-D unpooling of width 1, as PyTorch
    sizes = _unpool_output_size(columns, kernel, stride_pair, padding_pair, output_size)
    _check_unpool_indices(indices)
    return _max_unpool2d(columns, indices.unsqueeze(-1), sizes).squeeze(-1)


# -- power-average pooling ------------------------------------------------------------------
def _lp_from_average(average: Tensor, norm_type: float, count: int) -> Tensor:
    """``(count * mean of x^p) ^ (1/p)``, composed as PyTorch composes it (so the graph is
    its): negative averages (odd powers) keep their sign through ``sign * relu(abs)``."""
    from .pointwise import relu, sign

    return (sign(average) * relu(average.abs())).mul(count).pow(1.0 / norm_type)


def lp_pool2d(
    input: Tensor,
    norm_type: float,
    kernel_size: Any,
    stride: Any = None,
    ceil_mode: bool = False,
) -> Tensor:
    """lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False): the p-norm of
    each window, ``(sum of x^p) ^ (1/p)``."""
    kh, kw = int_pair(kernel_size)
    average = avg_pool2d(input.pow(norm_type), (kh, kw), stride, 0, ceil_mode)
    return _lp_from_average(average, norm_type, kh * kw)


def lp_pool1d(
    input: Tensor,
    norm_type: float,
    kernel_size: int,
    stride: Any = None,
    ceil_mode: bool = False,
) -> Tensor:
    """lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False)"""
    average = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_from_average(average, norm_type, single_int(kernel_size))


# -- adaptive average pooling ---------------------------------------------------------------
def _adaptive_sizes(input: Tensor, output_size: Any) -> Pair:
    """An adaptive pool's output (height, width): an int, or a pair whose None entries keep
    the input's size (its last two dims: the input may be unbatched)."""
    sizes = (output_size, output_size) if isinstance(output_size, int) else tuple(output_size)
    return tuple(input._data.shape[i - 2] if s is None else int(s) for i, s in enumerate(sizes))


def _adaptive_bounds(size: int, out: int) -> list[tuple[int, int]]:
    return [(math.floor(i * size / out), math.ceil((i + 1) * size / out)) for i in range(out)]


def _adaptive_windows(spatial: tuple[int, ...], output_size: tuple[int, ...]) -> Any:
    """(output cell, window slices, window sides) for every cell of an adaptive pool."""
    bounds = [_adaptive_bounds(size, out) for size, out in zip(spatial, output_size)]
    for cell in itertools.product(*(range(out) for out in output_size)):
        spans = [bounds[axis][i] for axis, i in enumerate(cell)]
        yield cell, tuple(slice(low, high) for low, high in spans), [h - low for low, h in spans]


def _divide_by_sides(values: np.ndarray, sides: list[int]) -> np.ndarray:
    for side in sides:
        values = values / values.dtype.type(side)
    return values


def adaptive_average(self: np.ndarray, output_size: tuple[int, ...]) -> np.ndarray:
    """PyTorch's adaptive average of (N, C, *spatial): each window summed in order in the
    input's dtype, then divided by each of its sides in turn (NumPy's pairwise ``mean``
    rounds differently)."""
    n, c = self.shape[:2]
    result = np.empty((n, c, *output_size), dtype=self.dtype)
    for cell, window, sides in _adaptive_windows(self.shape[2:], output_size):
        values = self[(slice(None), slice(None), *window)].reshape(n, c, math.prod(sides))
        total = np.cumsum(values, axis=-1, dtype=self.dtype)[..., -1]  # left to right
        result[(slice(None), slice(None), *cell)] = _divide_by_sides(total, sides)
    return result


def adaptive_average_backward(grad_output: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Each output gradient, divided by its window's sides, added over the window (cells in
    order, as PyTorch's kernel adds them)."""
    result = np.zeros(shape, dtype=grad_output.dtype)
    spatial = len(shape) - 2
    for cell, window, sides in _adaptive_windows(shape[2:], grad_output.shape[2:]):
        share = _divide_by_sides(grad_output[(slice(None), slice(None), *cell)], sides)
        result[(slice(None), slice(None), *window)] += share[(...,) + (None,) * spatial]
    return result


@primitive("AdaptiveAvgPool2DBackward0")
@_unbatched_as_batch
def _adaptive_avg_pool2d(self, output_size):
    return adaptive_average(self, output_size)


@primitive("AdaptiveAvgPool2DBackwardBackward0")
@_unbatched_as_batch
def adaptive_avg_pool2d_backward(grad_output, self):
    """Spread each output gradient evenly over its adaptive window."""
    return adaptive_average_backward(grad_output, self.shape)


adaptive_avg_pool2d_backward.defgrad(
    grad_output=lambda grad, grad_output_shape: _adaptive_avg_pool2d(grad, grad_output_shape[-2:]),
    self=lambda grad: grad * 0,
)
_adaptive_avg_pool2d.defgrad(self=lambda grad, self: adaptive_avg_pool2d_backward(grad, self))


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """adaptive_avg_pool2d(input, output_size): average over windows chosen to give exactly
    ``output_size`` (an int, a pair, None entries keep the input size)."""
    refuse_integral("adaptive_avg_pool2d", input)
    x, unbatched = _as_4d(input, False, "adaptive_avg_pool2d")
    sizes = _adaptive_sizes(x, output_size)
    if sizes == (1, 1):  # PyTorch takes a plain mean here (MeanBackward1)
        return _restore(x.mean((-1, -2), keepdim=True), unbatched, False)
    return _restore(_adaptive_avg_pool2d(x, sizes), unbatched, False)


# -- adaptive max pooling -------------------------------------------------------------------
@primitive("AdaptiveMaxPool2DBackward0", num_outputs=2, differentiable_outputs=(0,))
@_unbatched_as_batch
def _adaptive_max_pool2d(self, output_size):
    n, c, h, w = self.shape
    values = np.empty((n, c, *output_size), dtype=self.dtype)
    indices = np.empty((n, c, *output_size), dtype=np.int64)
    for i, (top, bottom) in enumerate(_adaptive_bounds(h, output_size[0])):
        for j, (left, right) in enumerate(_adaptive_bounds(w, output_size[1])):
            width = right - left
            window = self[:, :, top:bottom, left:right].reshape(n, c, (bottom - top) * width)
            # PyTorch's rule: the first of tied maxima, or the last NaN.
            local = np.argmax(window, axis=-1) if window.shape[-1] else np.zeros((n, c), int)
            if window.dtype.kind == "f":
                nans = np.isnan(window)
                if nans.any():
                    last_nan = window.shape[-1] - 1 - np.argmax(nans[..., ::-1], axis=-1)
                    local = np.where(nans.any(axis=-1), last_nan, local)
            values[:, :, i, j] = np.take_along_axis(window, local[..., None], -1)[..., 0]
            indices[:, :, i, j] = (top + local // width) * w + left + local % width
    return values, indices


# Its backward routes each gradient to the chosen element, as max pooling's does.
adaptive_max_pool2d_backward = primitive("AdaptiveMaxPool2DBackwardBackward0")(
    max_pool2d_backward.forward
)
adaptive_max_pool2d_backward.defgrad(
    grad_output=lambda grad, indices: _gather_plane(grad, indices), self=lambda grad: grad * 0
)
_adaptive_max_pool2d.defgrad(
    self=lambda grads, self, result1: adaptive_max_pool2d_backward(grads[0], self, result1)
)


def adaptive_max_pool2d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """adaptive_max_pool2d(input, output_size, return_indices=False): the maximum over
    windows chosen to give exactly ``output_size`` (None entries keep the input size)."""
    if input._data.ndim not in (3, 4):
        raise RuntimeError(
            f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: {list(input._data.shape)}"
        )
    values, indices = _adaptive_max_pool2d(input, _adaptive_sizes(input, output_size))
    return (values, indices) if return_indices else values


def adaptive_max_pool1d(input: Tensor, output_size: Any, return_indices: bool = False) -> Any:
    """adaptive_max_pool1d(input, output_size, return_indices=False)"""
    if input._data.ndim not in (2, 3):
        _refuse_rank("adaptive_max_pool1d", input)
    values, indices = _adaptive_max_pool2d(input.unsqueeze(-2), (1, single_int(output_size)))
    values, indices = values.squeeze(-2), indices.squeeze(-2)
    return (values, indices) if return_indices else values


def adaptive_avg_pool1d(input: Tensor, output_size: Any) -> Tensor:
    """adaptive_avg_pool1d(input, output_size)"""
    x, unbatched = _as_4d(input, True, "adaptive_avg_pool1d")
    size = single_int(output_size)
    if size == 1:  # the 2-d pool's plain mean, as in PyTorch (MeanBackward1)
        return _restore(x.mean((-1, -2), keepdim=True), unbatched, True)
    return _restore(_adaptive_avg_pool2d(x, (1, size)), unbatched, True)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_avg_pool2d.saved_as(kernel_size="kernel")
_avg_pool3d.saved_as(kernel_size="kernel")
_max_pool2d.saved_as(kernel_size="kernel")
_max_pool3d.saved_as(kernel_size="kernel")
