"""Sorting and selection: sort, argsort, msort, topk, kthvalue, median, mode, unique.

Each works on the slices along one dimension. The values are NumPy's; which of several
equal elements an index names follows PyTorch's CPU kernels (``_tie_order``), because the
index decides which element receives the gradient. NaN sorts above every number.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..return_types import kthvalue as kthvalue_result
from ..return_types import median as median_result
from ..return_types import mode as mode_result
from ..return_types import sort as sort_result
from ..return_types import topk as topk_result
from . import _tie_order
from ._checks import wrap_dim
from .registry import primitive

__all__ = [
    "argsort",
    "kthvalue",
    "median",
    "mode",
    "msort",
    "sort",
    "topk",
    "unique",
    "unique_consecutive",
]


# -- slices and keys -----------------------------------------------------------------------
def _rows(array: np.ndarray, dim: int) -> np.ndarray:
    """The slices along ``dim`` as the rows of a 2-D array."""
    moved = np.moveaxis(array, dim, -1)
    return moved.reshape(int(np.prod(moved.shape[:-1])), moved.shape[-1])


def _unrows(rows: np.ndarray, shape: tuple[int, ...], dim: int) -> np.ndarray:
    """Back from ``_rows``: ``shape`` with its dimension ``dim`` of the rows' length."""
    moved_shape = (*shape[:dim], *shape[dim + 1 :], rows.shape[-1])
    return np.moveaxis(rows.reshape(moved_shape), -1, dim)


def _comparable(rows: np.ndarray) -> np.ndarray:
    return rows.astype(np.uint8) if rows.dtype == np.bool_ else rows


def _ranks(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ascending stable order, dense rank of each element, whether each sorted element
    equals the next) per row; NaNs tie with each other and rank above every number."""
    rows = _comparable(rows)
    order = np.argsort(rows, axis=-1, kind="stable")
    ordered = np.take_along_axis(rows, order, axis=-1)
    equal_next = ordered[:, 1:] == ordered[:, :-1]
    if rows.dtype.kind in "fcV":
        equal_next |= np.isnan(ordered[:, 1:]) & np.isnan(ordered[:, :-1])
    ranked = np.zeros(order.shape, dtype=np.int64)
    ranked[:, 1:] = np.cumsum(~equal_next, axis=-1)
    ranks = np.empty_like(ranked)
    np.put_along_axis(ranks, order, ranked, axis=-1)
    return order, ranks, equal_next


def _zero_dim_pick(self: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return self.copy(), np.zeros((), dtype=np.int64)


def _pick(self: np.ndarray, dim: int, indices: np.ndarray, keepdim: bool) -> tuple[Any, Any]:
    """Values at ``indices`` (one per slice, keeping ``dim``), with or without ``dim``."""
    values = np.take_along_axis(self, indices, axis=dim)
    if not keepdim:
        values, indices = np.squeeze(values, dim), np.squeeze(indices, dim)
    return values, indices


def _select_along(grad: Tensor, self_shape: tuple[int, ...], dim: int, keepdim: bool,
                  indices: Tensor) -> Tensor:  # fmt: skip
    from .reduction import _select_along as select_along

    return select_along(grad, self_shape, dim, keepdim, indices)


def _scatter(grads: list[Tensor], self_shape: tuple[int, ...], dim: int,
             result1: Tensor) -> Tensor:  # fmt: skip
    """The gradient of values gathered at ``result1`` along ``dim`` (sort, topk)."""
    from .._creation import zeros
    from .indexing import _scatter_src

    return _scatter_src(zeros(self_shape, dtype=grads[0].dtype), dim, result1, grads[0])


def _reject_complex_kernel(kernel: str, data: np.ndarray) -> None:
    if data.dtype.kind == "c":
        from .pointwise import _not_implemented_for

        _not_implemented_for(kernel, data)


# -- sort ----------------------------------------------------------------------------------
def _sort_order(rows: np.ndarray, descending: bool, stable: bool) -> np.ndarray:
    order, ranks, equal_next = _ranks(rows)
    if descending:
        ranks = -ranks
        order = np.argsort(ranks, axis=-1, kind="stable")
    if stable or rows.shape[-1] <= 16:  # an insertion sort: stable
        return order
    for row in np.flatnonzero(equal_next.any(axis=-1)):
        order[row] = _tie_order.introsort(ranks[row].tolist())
    return order


def _sort_forward(self, dim, descending, stable):
    if self.dtype.kind == "c":
        raise RuntimeError(" Sort does not support complex dtypes on CPU")  # PyTorch's space
    if self.ndim == 0:
        return _zero_dim_pick(self)
    order = _unrows(_sort_order(_rows(self, dim), descending, stable), self.shape, dim)
    return np.take_along_axis(self, order, axis=dim), order


# PyTorch's two overloads: without ``stable``, and with it (given any value).
_sort = primitive("SortBackward0", num_outputs=2, differentiable_outputs=(0,))(_sort_forward)
_sort_stable = primitive("SortBackward1", num_outputs=2, differentiable_outputs=(0,))(_sort_forward)
_sort.defgrad(self=_scatter)
_sort_stable.defgrad(self=_scatter)


_NOT_GIVEN: Any = object()  # sort(stable=None) differs from sort() (another overload)


def sort(
    input: Tensor, dim: int = -1, descending: bool = False, *, stable: Any = _NOT_GIVEN
) -> Any:
    """sort(input, dim=-1, descending=False, *, stable=False) -> (values, indices)

    NaN sorts above every number. Equal elements keep their order when ``stable``; otherwise
    they come in the order of PyTorch's CPU introsort.

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([3.0, 1.0, 2.0]).sort()
        rungrad.return_types.sort(
        values=tensor([1., 2., 3.]),
        indices=tensor([1, 2, 0]))
    """
    dim = wrap_dim(dim, input._data.ndim)
    if stable is _NOT_GIVEN:
        return sort_result(_sort(input, dim, bool(descending), False))
    return sort_result(_sort_stable(input, dim, bool(descending), bool(stable)))


def argsort(
    input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> Tensor:
    """argsort(input, dim=-1, descending=False, *, stable=False) -> the indices of ``sort``"""
    return sort(input, dim, descending, stable=stable).indices


def msort(input: Tensor) -> Tensor:
    """msort(input) -> ``input`` sorted along its first dimension"""
    return sort(input, 0).values


# -- topk ----------------------------------------------------------------------------------
def _top_k_order(rows: np.ndarray, k: int, largest: bool, sorted: bool) -> np.ndarray:
    order, ranks, _ = _ranks(rows)
    size = rows.shape[-1]
    if largest:
        ranks = -ranks
        order = np.argsort(ranks, axis=-1, kind="stable")
    # The result is unique when the first k + 1 sorted keys are distinct, unless the kernel
    # leaves the k it selected unsorted.
    if sorted or k * 64 <= size:
        lead = np.diff(np.take_along_axis(ranks, order[:, : k + 1], axis=-1), axis=-1) == 0
        tied = np.flatnonzero(lead.any(axis=-1))
    else:
        tied = np.arange(rows.shape[0])
    order = order[:, :k].copy()
    for row in tied:
        order[row] = _tie_order.top_k(ranks[row].tolist(), k, sorted)
    return order


@primitive("TopkBackward0", num_outputs=2, differentiable_outputs=(0,))
def _topk(self, k, dim, largest, sorted):
    if self.dtype.kind == "c":
        raise RuntimeError(" topk does not support complex dtypes on CPU")  # PyTorch's space
    if self.ndim == 0:
        return _zero_dim_pick(self)
    order = _top_k_order(_rows(self, dim), k, largest, sorted)
    order = _unrows(order, (*self.shape[:dim], k, *self.shape[dim + 1 :]), dim)
    return np.take_along_axis(self, order, axis=dim), order


_topk.defgrad(self=_scatter)


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
    """topk(input, k, dim=-1, largest=True, sorted=True) -> (values, indices) of the ``k``
    largest (smallest) elements along ``dim``

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([1.0, 5.0, 3.0]).topk(2)
        rungrad.return_types.topk(
        values=tensor([5., 3.]),
        indices=tensor([1, 2]))
    """
    data = input._data
    dim = wrap_dim(dim, data.ndim)
    size = data.shape[dim] if data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if data.dtype == np.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    # (operator.index: a float k is refused, in the parser's words by the method)
    return topk_result(_topk(input, operator.index(k), dim, bool(largest), bool(sorted)))


# -- kthvalue, median, mode ----------------------------------------------------------------
def _kth_indices(rows: np.ndarray, k: int) -> np.ndarray:
    """The position of the k-th smallest (0-based) of each row, as the quickselect finds it."""
    order, ranks, _ = _ranks(rows)
    chosen = order[:, k].copy()
    kth_rank = ranks[np.arange(rows.shape[0]), chosen]
    tied = np.flatnonzero((ranks == kth_rank[:, None]).sum(axis=-1) > 1)
    for row in tied:
        chosen[row] = _tie_order.quickselect(ranks[row].tolist(), k)
    return chosen


def _per_row(self: np.ndarray, dim: int, keepdim: bool, row_indices: np.ndarray) -> tuple[Any, Any]:
    shape = list(self.shape)
    shape[dim] = 1
    indices = _unrows(row_indices.reshape(-1, 1), tuple(shape), dim)
    return _pick(self, dim, indices, keepdim)


@primitive("KthvalueBackward0", num_outputs=2, differentiable_outputs=(0,))
def _kthvalue(self, k, dim, keepdim):
    _reject_complex_kernel("kthvalue_cpu", self)
    if self.ndim == 0:
        return _zero_dim_pick(self)
    return _per_row(self, dim, keepdim, _kth_indices(_rows(self, dim), k - 1))


def _select_grad(grads: list[Tensor], self_shape: tuple[int, ...], dim: int, keepdim: bool,
                 result1: Tensor) -> Tensor:  # fmt: skip
    return _select_along(grads[0], self_shape, dim, keepdim, result1)


_kthvalue.defgrad(self=_select_grad)


def _check_unsupported(input: Tensor, kernel: str) -> None:
    if input._data.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
    """kthvalue(input, k, dim=-1, keepdim=False) -> (values, indices) of the ``k``-th
    smallest element along ``dim`` (1-based)"""
    data = input._data
    dim = wrap_dim(dim, data.ndim)
    _check_reduced_size(input, dim, "kthvalue")
    size = data.shape[dim] if data.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    _check_unsupported(input, "kthvalue_cpu")
    return kthvalue_result(_kthvalue(input, int(k), dim, keepdim))


@primitive("MedianBackward0")
def _median_all(self):
    _reject_complex_kernel("median_cpu", self)
    flat = self.reshape(-1)
    if flat.size == 0:  # NaN; for integers what PyTorch's C++ cast of NaN gives on x86
        if flat.dtype.kind in "fcV":
            return np.array(np.nan, dtype=self.dtype)
        wide = np.iinfo(np.int64 if flat.dtype.itemsize == 8 else np.int32).min
        return np.array(wide).astype(self.dtype)
    if flat.dtype.kind in "fcV" and np.isnan(flat).any():
        return np.array(np.nan, dtype=self.dtype)
    return np.array(np.partition(flat, (flat.size - 1) // 2)[(flat.size - 1) // 2])


def _median_all_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    from .reduction import _evenly_distribute

    return _evenly_distribute(grad, self, result)


_median_all.defgrad(self=_median_all_grad)


@primitive("MedianBackward1", num_outputs=2, differentiable_outputs=(0,))
def _median_dim(self, dim, keepdim):
    _reject_complex_kernel("median_out", self)
    if self.ndim == 0:
        return _zero_dim_pick(self)
    rows = _rows(self, dim)
    # The lower median is the middle of a stable order; a slice with NaN gives its first NaN.
    chosen = np.argsort(_comparable(rows), axis=-1, kind="stable")[:, (rows.shape[-1] - 1) // 2]
    if rows.dtype.kind in "fcV":
        has_nan = np.isnan(rows).any(axis=-1)
        chosen = np.where(has_nan, np.argmax(np.isnan(rows), axis=-1), chosen)
    return _per_row(self, dim, keepdim, chosen)


_median_dim.defgrad(self=_select_grad)


def _check_reduced_size(input: Tensor, dim: int, name: str) -> None:
    if input._data.ndim and input._data.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")


def median(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """median(input) -> Tensor; median(input, dim, keepdim=False) -> (values, indices)

    The lower of the two middle values; NaN when the slice has NaN.

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([4.0, 1.0, 3.0, 2.0]).median()
        tensor(2.)
    """
    if dim is None:
        _check_unsupported(input, "median_cpu")
        return _median_all(input)
    dim = wrap_dim(dim, input._data.ndim)
    _check_reduced_size(input, dim, "median")
    _check_unsupported(input, "median_out")
    return median_result(_median_dim(input, dim, keepdim))


def _mode_indices(rows: np.ndarray) -> np.ndarray:
    """Per row, the index of the most frequent value (the smallest of equally frequent ones)
    that the kernel's sort-and-scan reports."""
    _, ranks, _ = _ranks(rows)
    size = rows.shape[-1]
    has_nan = np.isnan(rows).any(axis=-1) if rows.dtype.kind in "fcV" else np.zeros(len(rows), bool)
    chosen = np.empty(rows.shape[0], dtype=np.int64)
    position = np.arange(size)
    for row in range(rows.shape[0]):
        if has_nan[row]:  # NaN compares unequal to itself: replay the kernel on the values
            chosen[row] = _tie_order.sort_run_ends(rows[row].tolist())[0]
            continue
        counts = np.bincount(ranks[row])
        best = int(np.argmax(counts))
        members = position[ranks[row] == best]
        if len(members) == 1 or size <= 16:  # unique, or an insertion sort: the last one
            chosen[row] = members[-1]
        else:
            chosen[row] = _tie_order.sort_run_ends(ranks[row].tolist())[0]
    return chosen


@primitive("ModeBackward0", num_outputs=2, differentiable_outputs=(0,))
def _mode(self, dim, keepdim):
    _reject_complex_kernel("mode_cpu", self)
    if self.ndim == 0:
        return _zero_dim_pick(self)
    return _per_row(self, dim, keepdim, _mode_indices(_comparable(_rows(self, dim))))


_mode.defgrad(self=_select_grad)


def mode(input: Tensor, dim: int = -1, keepdim: bool = False) -> Any:
    """mode(input, dim=-1, keepdim=False) -> (values, indices) of the most frequent value
    along ``dim``"""
    dim = wrap_dim(dim, input._data.ndim)
    _check_reduced_size(input, dim, "mode")
    return mode_result(_mode(input, dim, keepdim))


# -- unique --------------------------------------------------------------------------------
def _no_derivative(name: str) -> Any:
    def formula(grads: list[Tensor]) -> Tensor:
        raise NotImplementedError(f"the derivative for '{name}' is not implemented.")

    return formula


@primitive("Unique2Backward0", num_outputs=3, differentiable_outputs=(0,))
def _unique(self, return_inverse, return_counts):
    values, inverse, counts = np.unique(
        self.reshape(-1), return_inverse=True, return_counts=True, equal_nan=False
    )
    return values, inverse.reshape(self.shape).astype(np.int64), counts.astype(np.int64)


@primitive("UniqueDimBackward0", num_outputs=3, differentiable_outputs=(0,))
def _unique_dim(self, dim, return_inverse, return_counts):
    moved = np.moveaxis(self, dim, 0)
    if moved.size == 0:  # no slices at all
        empty = np.zeros(0, np.int64)
        return self.copy(), empty, empty
    flat = moved.reshape(moved.shape[0], -1)
    values, inverse, counts = np.unique(
        flat, axis=0, return_inverse=True, return_counts=True, equal_nan=False
    )
    values = np.moveaxis(values.reshape(-1, *moved.shape[1:]), 0, dim)
    return values, inverse.reshape(-1).astype(np.int64), counts.astype(np.int64)


_unique.defgrad(self=_no_derivative("_unique2"))
_unique_dim.defgrad(self=_no_derivative("unique_dim"))


@primitive("UniqueConsecutiveBackward0", num_outputs=3, differentiable_outputs=(0,))
def _unique_consecutive(self, dim):
    moved = self.reshape(-1) if dim is None else np.moveaxis(self, dim, 0)
    rows = moved.reshape(moved.shape[0], math.prod(moved.shape[1:]))
    # A run starts where a slice differs from the one before (NaN differs from NaN).
    starts = np.ones(rows.shape[0], bool)
    starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    values = moved[starts]
    inverse = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), rows.shape[0]))
    if dim is None:
        inverse = inverse.reshape(self.shape)
    else:
        values = np.moveaxis(values, 0, dim)
    return values, inverse.astype(np.int64), counts.astype(np.int64)


_unique_consecutive.defgrad(self=_no_derivative("unique_consecutive"))


def unique_consecutive(input: Tensor, return_inverse: bool = False,
                       return_counts: bool = False, dim: Any = None) -> Any:  # fmt: skip
    """unique_consecutive(input, return_inverse=False, return_counts=False, dim=None)

    The first element of each run of equal consecutive elements (slices along ``dim``); with
    ``return_inverse`` the run each element belongs to, with ``return_counts`` run lengths.
    """
    if dim is not None:
        dim = wrap_dim(dim, input._data.ndim)
    values, inverse, counts = _unique_consecutive(input, dim)
    result = [values]
    if return_inverse:
        result.append(inverse)
    if return_counts:
        result.append(counts)
    return result[0] if len(result) == 1 else tuple(result)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False,
           return_counts: bool = False, dim: Any = None) -> Any:  # fmt: skip
    """unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None)

    The distinct elements in ascending order (PyTorch's CPU kernel sorts them whatever
    ``sorted`` says); with ``return_inverse`` the index of each input element among them,
    with ``return_counts`` how often each occurs. NaNs are all distinct. With ``dim``, the
    distinct slices along ``dim``. No gradient flows through ``unique``.

    Example::

        >>> import rungrad as torch
        >>> torch.unique(torch.tensor([3, 1, 3]), return_counts=True)
        (tensor([1, 3]), tensor([1, 2]))
    """
    data = input._data
    if dim is None:
        values, inverse, counts = _unique(input, return_inverse, return_counts)
    else:
        if data.ndim == 0:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        dim = wrap_dim(dim, data.ndim)
        if any(size == 0 for axis, size in enumerate(data.shape) if axis != dim):
            raise RuntimeError(
                "There are 0 sized dimensions, and they aren't selected, so unique cannot be "
                "applied"
            )
        values, inverse, counts = _unique_dim(input, dim, return_inverse, return_counts)
    result = [values]
    if return_inverse:
        result.append(inverse)
    if return_counts:
        result.append(counts)
    return result[0] if len(result) == 1 else tuple(result)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
for _op in (_sort, _sort_stable, _topk, _kthvalue, _median_dim, _mode):
    _op.saved_as(indices="result1")
del _op  # a loop variable, not an op of the module
