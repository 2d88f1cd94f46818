"""Reductions: sum, mean, max/min, argmax/argmin, all/any."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..return_types import max as max_result
from ..return_types import min as min_result
from ._checks import wrap_dim, wrap_dims
from ._grad_helpers import expand_reduced
from .registry import primitive

__all__ = ["all", "any", "argmax", "argmin", "max", "mean", "min", "sum"]


def _integer_sum_dtype(array: np.ndarray) -> Any:
    # PyTorch sums bool and integer tensors in int64.
    return np.int64 if array.dtype.kind in "biu" else None


@primitive("SumBackward0")
def _sum_all(self):
    return np.sum(self, dtype=_integer_sum_dtype(self))


_sum_all.defgrad(self=lambda grad, self_shape: grad.expand(self_shape))


@primitive("SumBackward1")
def _sum_dims(self, dims, keepdim):
    return np.sum(self, axis=dims, keepdims=keepdim, dtype=_integer_sum_dtype(self))


_sum_dims.defgrad(
    self=lambda grad, self_shape, dims, keepdim: expand_reduced(grad, self_shape, dims, keepdim)
)


def _reduction_dims(input: Tensor, dim: Any) -> tuple[int, ...]:
    if isinstance(dim, list | tuple) and len(dim) == 0:
        return tuple(range(input._data.ndim))
    dims = wrap_dims(dim, input._data.ndim)
    return dims if input._data.ndim else ()  # a 0-d tensor accepts dim 0 or -1: nothing to reduce


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """sum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor"""
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        return _sum_all(input)
    return _sum_dims(input, _reduction_dims(input, dim), keepdim)


def _check_mean_dtype(array: np.ndarray, name: str = "mean") -> None:
    if array.dtype.kind not in "fc":
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Input dtype must be either a floating "
            f"point or complex dtype. Got: {_dtype.from_numpy_dtype(array.dtype).legacy_name}"
        )


def _mean(array: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    # sum / count rather than np.mean: an empty mean is nan without NumPy's RuntimeWarning.
    count = array.size if axis is None else math.prod(array.shape[d] for d in axis)
    return np.asarray(np.sum(array, axis=axis, keepdims=keepdims) / count, dtype=array.dtype)


@primitive("MeanBackward0")
def _mean_all(self):
    _check_mean_dtype(self)
    return _mean(self)


def _mean_all_grad(grad: Tensor, self_shape: tuple[int, ...]) -> Tensor:
    from .pointwise import div_scalar

    return div_scalar(grad.expand(self_shape), math.prod(self_shape))


_mean_all.defgrad(self=_mean_all_grad)


@primitive("MeanBackward1")
def _mean_dims(self, dims, keepdim):
    _check_mean_dtype(self)
    return _mean(self, dims, keepdim)


def _mean_dims_grad(grad: Tensor, self_shape: tuple[int, ...], dims: Any, keepdim: bool) -> Tensor:
    from .pointwise import div_scalar

    count = math.prod(self_shape[d] for d in dims)
    return div_scalar(expand_reduced(grad, self_shape, dims, keepdim), count)


_mean_dims.defgrad(self=_mean_dims_grad)


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """mean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor"""
    if dtype is not None:
        input = input.to(dtype)
    if dim is None:
        return _mean_all(input)
    return _mean_dims(input, _reduction_dims(input, dim), keepdim)


def _evenly_distribute(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    """The gradient of a full max/min goes to all tied elements, split equally."""
    from .._creation import zeros_like
    from .pointwise import _masked_fill_tensor

    mask = self == result
    return _masked_fill_tensor(zeros_like(self), mask, grad / mask.sum())


def _check_nonempty(array: np.ndarray, name: str) -> None:
    if array.size == 0:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify "
            "the reduction dim with the 'dim' argument."
        )


@primitive("MaxBackward1")
def _max_all(self):
    _check_nonempty(self, "max")
    return np.max(self)


_max_all.defgrad(self=_evenly_distribute)


@primitive("MinBackward1")
def _min_all(self):
    _check_nonempty(self, "min")
    return np.min(self)


_min_all.defgrad(self=_evenly_distribute)


def _select_along(grad: Tensor, self_shape: tuple[int, ...], dim: int, keepdim: bool,
                  indices: Tensor) -> Tensor:  # fmt: skip
    """Scatter the gradient of values picked by ``indices`` along ``dim`` into zeros."""
    from .backward_ops import scatter_into_zeros

    if not keepdim and self_shape:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return scatter_into_zeros(grad, self_shape, dim, indices)


def _zero_dim_pick(self: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return self.copy(), np.zeros((), dtype=np.int64)


@primitive("MaxBackward0", num_outputs=2, differentiable_outputs=(0,))
def _max_dim(self, dim, keepdim):
    if self.ndim == 0:
        return _zero_dim_pick(self)
    indices = np.expand_dims(np.argmax(self, axis=dim), dim)
    values = np.take_along_axis(self, indices, axis=dim)
    if not keepdim:
        values, indices = np.squeeze(values, dim), np.squeeze(indices, dim)
    return values, indices


_max_dim.defgrad(
    self=lambda grads, self_shape, dim, keepdim, result1: _select_along(
        grads[0], self_shape, dim, keepdim, result1
    )
)


@primitive("MinBackward0", num_outputs=2, differentiable_outputs=(0,))
def _min_dim(self, dim, keepdim):
    if self.ndim == 0:
        return _zero_dim_pick(self)
    indices = np.expand_dims(np.argmin(self, axis=dim), dim)
    values = np.take_along_axis(self, indices, axis=dim)
    if not keepdim:
        values, indices = np.squeeze(values, dim), np.squeeze(indices, dim)
    return values, indices


_min_dim.defgrad(
    self=lambda grads, self_shape, dim, keepdim, result1: _select_along(
        grads[0], self_shape, dim, keepdim, result1
    )
)


def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """max(input) -> Tensor; max(input, dim, keepdim=False) -> (values, indices);
    max(input, other) -> elementwise maximum."""
    if isinstance(dim, Tensor):
        from .pointwise import maximum

        return maximum(input, dim)
    if dim is None:
        return _max_all(input)
    values, indices = _max_dim(input, wrap_dim(dim, input._data.ndim), keepdim)
    return max_result((values, indices))


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """min(input) -> Tensor; min(input, dim, keepdim=False) -> (values, indices);
    min(input, other) -> elementwise minimum."""
    if isinstance(dim, Tensor):
        from .pointwise import minimum

        return minimum(input, dim)
    if dim is None:
        return _min_all(input)
    values, indices = _min_dim(input, wrap_dim(dim, input._data.ndim), keepdim)
    return min_result((values, indices))


def _index_reduction(function: Any, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    data = input._data
    if dim is None:
        result = np.asarray(function(data.reshape(-1)))
        if keepdim:
            result = result.reshape((1,) * data.ndim)
    else:
        axis = wrap_dim(dim, data.ndim)
        result = function(data, axis=axis, keepdims=keepdim) if data.ndim else np.asarray(0)
    return Tensor._from_array(np.asarray(result, dtype=np.int64))


def argmax(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the maximum (of the flattened tensor when ``dim`` is None)."""
    return _index_reduction(np.argmax, input, dim, keepdim)


def argmin(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the minimum (of the flattened tensor when ``dim`` is None)."""
    return _index_reduction(np.argmin, input, dim, keepdim)


def _logical_reduction(function: Any, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    data = input._data
    axis = None if dim is None else wrap_dims(dim, data.ndim)
    result = function(data, axis=axis, keepdims=keepdim if dim is not None else False)
    return Tensor._from_array(
        np.asarray(result, dtype=np.uint8 if data.dtype == np.uint8 else bool)
    )


def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True if all elements are nonzero (along ``dim``)."""
    return _logical_reduction(np.all, input, dim, keepdim)


def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True if any element is nonzero (along ``dim``)."""
    return _logical_reduction(np.any, input, dim, keepdim)
