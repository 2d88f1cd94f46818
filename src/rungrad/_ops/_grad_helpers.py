"""Helpers that backward formulas share, written in differentiable rungrad ops."""

from __future__ import annotations

from collections.abc import Sequence

from .._tensor import Tensor

__all__ = ["expand_reduced", "sum_to"]


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
    dims = list(range(leading))
    for i, size in enumerate(shape):
        if size == 1 and grad_shape[leading + i] != 1:
            dims.append(leading + i)
        elif size != grad_shape[leading + i]:
            raise ValueError(f"cannot sum {grad_shape} to {shape}")
    result = grad.sum(tuple(dims), keepdim=True) if dims else grad
    return result.view(shape) if leading else result  # a sum's result is contiguous


def expand_reduced(
    grad: Tensor, shape: Sequence[int], dims: Sequence[int], keepdim: bool
) -> Tensor:
    """Broadcast the gradient of a reduction over ``dims`` back to the input's ``shape``."""
    if not keepdim:
        for dim in sorted(dims):
            grad = grad.unsqueeze(dim)
    return grad.expand(tuple(shape))
