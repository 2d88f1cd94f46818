"""Helpers that backward formulas share, written in differentiable rungrad ops."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import STATE
from ._quiet import quiet_numpy, restore_numpy

__all__ = ["expand_reduced", "sum_to"]


def _sum_kernel(array: np.ndarray, dims: tuple[int, ...], keepdim: bool) -> np.ndarray:
    from .reduction import _sum_dims  # imported here: reduction imports this module

    global _sum_kernel
    _sum_kernel = _sum_dims.forward  # later calls go straight to the sum op's kernel
    return _sum_kernel(array, dims, keepdim)


def sum_to(grad: Tensor, shape: Sequence[int]) -> Tensor:
    """Sum ``grad`` down to ``shape``: undo broadcasting (leading and size-1 dimensions)."""
    grad_shape = grad._data.shape
    shape = tuple(shape)
    if grad_shape == shape:
        return grad
    if not shape:
        return grad.sum()  # to a 0-d tensor: one full reduction, as PyTorch does
    leading = len(grad_shape) - len(shape)
    if leading < 0:
        raise ValueError(f"cannot sum {grad_shape} to {shape}")
    kept_dims = []  # size-1 dims of ``shape`` that were broadcast
    for i, size in enumerate(shape):
        if size == 1 and grad_shape[leading + i] != 1:
            kept_dims.append(leading + i)
        elif size != grad_shape[leading + i]:
            raise ValueError(f"cannot sum {grad_shape} to {shape}")
    if not kept_dims and not STATE.enabled:
        # Only leading dims (a bias's gradient) and no graph recorded: the sum op's kernel on
        # the array, no view and no op call (NOTE [Op formulas]). (A recorded gradient keeps
        # PyTorch's nodes, a keepdim sum and a view.)
        token = quiet_numpy()  # NOTE [Quiet NumPy]
        try:
            return Tensor._from_array(_sum_kernel(grad._data, tuple(range(leading)), False))
        finally:
            restore_numpy(token)
    result = grad.sum((*range(leading), *kept_dims), keepdim=True)
    return result.view(shape) if leading else result  # a sum's result is contiguous


def expand_reduced(
    grad: Tensor, shape: Sequence[int], dims: Sequence[int], keepdim: bool
) -> Tensor:
    """Broadcast the gradient of a reduction over ``dims`` back to the input's ``shape``."""
    if not keepdim:
        for dim in sorted(dims):
            grad = grad.unsqueeze(dim)
    return grad.expand(tuple(shape))
