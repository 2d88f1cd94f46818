"""Statistics of a tensor's values: quantile, nanquantile, nanmedian, cov, corrcoef, and the
counting functions bincount, histc and isin.

Quantiles and the covariance are compositions of existing ops in PyTorch's order (a sort, a
gather, a lerp and a squeeze; a centred matrix product), so their graphs and gradients are
PyTorch's; ``nanmedian`` is a primitive (PyTorch's ``NanmedianBackward0/1``). The counting
functions are not differentiable: ``bincount`` with weights that require grad records
PyTorch's ``NotImplemented`` node, ``histc`` and ``isin`` record nothing. Ops along a
sequence (diff, cumulative sums) live in ``sequences``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .. import _dtype, return_types
from .._tensor import Tensor
from ._checks import user_stacklevel, wrap_dim
from .pointwise import _no_derivative, _not_implemented_for, clamp, lerp, sqrt
from .registry import primitive
from .shape import _squeeze_result, diagonal, transpose, unsqueeze, view
from .sorting import (
    _check_reduced_size,
    _comparable,
    _median_all_grad,
    _per_row,
    _rows,
    _select_grad,
    sort,
)

__all__ = [
    "bincount",
    "corrcoef",
    "cov",
    "histc",
    "histogram",
    "isin",
    "nanmedian",
    "nanquantile",
    "quantile",
]

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


# -- quantile, nanquantile -----------------------------------------------------------------
def _check_quantile(input: Tensor, q: Any, interpolation: str) -> np.ndarray:
    """PyTorch's argument checks; the quantiles as a 1-D array of the input's dtype."""
    dtype = input._data.dtype
    if dtype not in (np.float32, np.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q._data.ndim > 1:
            raise RuntimeError("quantile() q must be a scalar or 1D tensor")
        if q._data.dtype != dtype:
            raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
        values = q._data.reshape(-1)
        if not np.all((values >= 0) & (values <= 1)):
            raise RuntimeError("quantile() q values must be in the range [0, 1]")
    else:
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {q}")
        values = np.array([q], dtype=dtype)
    if input._data.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            "quantile() interpolation must be one of linear, lower, higher, midpoint or "
            f"nearest, but got {interpolation}"
        )
    return values


def _sorted_slices(input: Tensor, dim: int | None, keepdim: bool) -> Tensor:
    """The input sorted along the reduced dims, viewed as ``result shape + (n,)``."""
    shape = input._data.shape
    if dim is None:
        ordered = sort(input.flatten(), -1).values
        out_shape: tuple[int, ...] = (1,) * len(shape) if keepdim else ()
        return view(ordered, (*out_shape, input._data.size))
    if dim == len(shape) - 1:
        ordered = sort(input, dim).values
    else:
        ordered = sort(transpose(unsqueeze(input, -1), dim, -1), -1).values
    out_shape = shape[:dim] + ((1,) if keepdim and shape else ()) + shape[dim + 1 :]
    return view(ordered, (*out_shape, shape[dim] if shape else 1))


def _ranks(ordered: np.ndarray, q: np.ndarray, ignore_nan: bool) -> np.ndarray:
    """The fractional position of each quantile in each sorted slice (NaN sorts last)."""
    size = ordered.shape[-1]
    if ignore_nan:
        count = (~np.isnan(ordered)).sum(axis=-1, keepdims=True).astype(ordered.dtype)
        return np.maximum(q * (count - 1), 0).astype(ordered.dtype)  # all NaN: the first
    ranks = np.broadcast_to(q * ordered.dtype.type(size - 1), (*ordered.shape[:-1], q.size))
    return np.where(np.isnan(ordered[..., -1:]), size - 1, ranks).astype(ordered.dtype)


def _quantile(
    name: str,
    input: Tensor,
    q: Any,
    dim: int | None,
    keepdim: bool,
    interpolation: str,
) -> Tensor:
    from .indexing import gather

    quantiles = _check_quantile(input, q, interpolation)
    if dim is not None:
        dim = wrap_dim(dim, input._data.ndim)
    ordered = _sorted_slices(input, dim, keepdim)
    ranks = _ranks(ordered._data, quantiles, ignore_nan=name == "nanquantile")
    if interpolation in ("lower", "higher", "nearest"):
        rounding = {"lower": np.floor, "higher": np.ceil, "nearest": np.round}[interpolation]
        index = Tensor._from_array(rounding(ranks).astype(np.int64))
        result = gather(ordered, -1, index)
    else:
        below = np.floor(ranks)
        weights = ranks - below if interpolation == "linear" else np.full_like(ranks, 0.5)
        low = gather(ordered, -1, Tensor._from_array(below.astype(np.int64)))
        high = gather(ordered, -1, Tensor._from_array(np.ceil(ranks).astype(np.int64)))
        result = lerp(low, high, Tensor._from_array(weights))
    last = result._data.ndim - 1
    if isinstance(q, Tensor) and q._data.ndim == 1:  # the quantiles become the first dim
        result = transpose(unsqueeze(result, 0), 0, -1)
        last += 1
    return _squeeze_result(result, last)


def quantile(
    input: Tensor,
    q: Any,
    dim: int | None = None,
    keepdim: bool = False,
    *,
    interpolation: str = "linear",
) -> Tensor:
    """quantile(input, q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor

    The ``q``-th quantiles (a number, or a 1-D tensor whose quantiles become the first
    dimension) of all elements or of each slice along ``dim``; NaN where a slice has NaN.

    >>> import rungrad as torch
    >>> torch.quantile(torch.tensor([1.0, 2.0, 3.0, 4.0]), 0.5)
    tensor(2.5000)
    """
    return _quantile("quantile", input, q, dim, keepdim, interpolation)


def nanquantile(
    input: Tensor,
    q: Any,
    dim: int | None = None,
    keepdim: bool = False,
    *,
    interpolation: str = "linear",
) -> Tensor:
    """nanquantile(input, q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor

    ``quantile`` ignoring NaN (NaN only where a slice is all NaN).

    >>> import rungrad as torch
    >>> torch.nanquantile(torch.tensor([1.0, float("nan"), 3.0]), 0.5)
    tensor(2.)
    """
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation)


# -- nanmedian -----------------------------------------------------------------------------
@primitive("NanmedianBackward0")
def _nanmedian_all(self):
    flat = self.reshape(-1)
    if flat.dtype.kind == "f":
        flat = flat[~np.isnan(flat)]
    if flat.size == 0:
        return np.array(np.nan, dtype=self.dtype)
    return np.array(np.partition(flat, (flat.size - 1) // 2)[(flat.size - 1) // 2])


_nanmedian_all.defgrad(self=_median_all_grad)  # median's: shared among the ties


@primitive("NanmedianBackward1", num_outputs=2, differentiable_outputs=(0,))
def _nanmedian_dim(self, dim, keepdim):
    if self.ndim == 0:
        return self.copy(), np.array(0)
    rows = _rows(self, dim)
    # The lower median of the numbers, in a stable order (NaN last). In a slice of NaN only
    # the first NaN: PyTorch's quickselect agrees up to 3 elements (see the op_db row).
    order = np.argsort(_comparable(rows), axis=-1, kind="stable")
    size = rows.shape[-1]
    count = (~np.isnan(rows)).sum(axis=-1) if rows.dtype.kind == "f" else np.full(len(rows), size)
    middle = np.maximum(count - 1, 0) // 2
    return _per_row(self, dim, keepdim, order[np.arange(len(rows)), middle])


_nanmedian_dim.defgrad(self=_select_grad)  # median's: to the element each index names


def nanmedian(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """nanmedian(input) -> Tensor; nanmedian(input, dim, keepdim=False) -> (values, indices)

    ``median`` ignoring NaN: the lower of the two middle numbers (NaN for all-NaN slices).

    >>> import rungrad as torch
    >>> torch.nanmedian(torch.tensor([4.0, float("nan"), 1.0, 3.0]))
    tensor(3.)
    """
    is_bool = input._data.dtype == np.bool_
    if dim is None:
        if is_bool:
            _not_implemented_for("median_cpu", input._data)
        return _nanmedian_all(input)
    dim = wrap_dim(dim, input._data.ndim)
    _check_reduced_size(input, dim, "median")
    if is_bool:
        _not_implemented_for("median_out", input._data)
    return return_types.nanmedian(_nanmedian_dim(input, dim, keepdim))


# -- cov, corrcoef -------------------------------------------------------------------------
def _check_weights(name: str, weights: Tensor, observations: int, integral: bool) -> None:
    data = weights._data
    if data.ndim > 1:
        raise RuntimeError(
            f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
            f"{data.ndim} dimensions"
        )
    if data.size != observations:
        raise RuntimeError(
            f"cov(): expected {name} to have the same numel as there are observations in the "
            f"input but got {data.size} != {observations}"
        )
    legacy = _dtype.from_numpy_dtype(data.dtype).legacy_name
    if integral and data.dtype.kind not in "iu":
        raise RuntimeError(
            f"cov(): expected fweights to have integral dtype but got fweights with {legacy} dtype"
        )
    if not integral and data.dtype.kind != "f":
        raise RuntimeError(
            "cov(): expected aweights to have floating point dtype but got aweights with "
            f"{legacy} dtype"
        )
    if (data < 0).any():
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(
    input: Tensor,
    *,
    correction: int = 1,
    fweights: Tensor | None = None,
    aweights: Tensor | None = None,
) -> Tensor:
    """cov(input, *, correction=1, fweights=None, aweights=None) -> the covariance matrix of
    the variables in the rows of ``input`` (observations in its columns)

    >>> import rungrad as torch
    >>> torch.cov(torch.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    from .._creation import tensor as make_tensor
    from .linalg import mm

    ndim = input._data.ndim
    if ndim > 2:
        raise RuntimeError(
            "cov(): expected input to have two or fewer dimensions but got an input with "
            f"{ndim} dimensions"
        )
    if input._data.dtype == np.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    if ndim < 2:
        input = view(input, (1, -1))
    observations = input._data.shape[1]
    if fweights is not None:
        _check_weights("fweights", fweights, observations, integral=True)
    if aweights is not None:
        _check_weights("aweights", aweights, observations, integral=False)
    weights = fweights
    if aweights is not None:
        weights = aweights if weights is None else weights * aweights
    if weights is None:
        weight_sum = make_tensor(observations)
        average = input.sum(1) / weight_sum
    else:
        weight_sum = weights.sum()
        average = (input * weights).sum(1) / weight_sum
    if correction == 0:
        norm_factor = weight_sum
    elif aweights is None:
        norm_factor = weight_sum - correction
    else:
        norm_factor = weight_sum - correction * (weights * aweights).sum() / weight_sum
    if norm_factor._data <= 0:
        warnings.warn(
            "cov(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "number of observations. (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/Correlation.cpp:129.)",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
        norm_factor = norm_factor * 0
    centred = input - unsqueeze(average, 1)
    other = centred if weights is None else centred * weights
    return (mm(centred, other.t()) / norm_factor).squeeze()


def corrcoef(input: Tensor) -> Tensor:
    """corrcoef(input) -> the Pearson correlation coefficients of the variables in the rows
    of ``input``, clamped to [-1, 1]

    >>> import rungrad as torch
    >>> torch.corrcoef(torch.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    ndim = input._data.ndim
    if ndim > 2:
        raise RuntimeError(
            "corrcoef(): expected input to have two or fewer dimensions but got an input with "
            f"{ndim} dimensions"
        )
    covariance = cov(input)
    if covariance._data.ndim == 0:
        return covariance / covariance
    deviation = sqrt(diagonal(covariance))
    covariance = covariance / view(deviation, (-1, 1))
    covariance = covariance / view(deviation, (1, -1))
    return clamp(covariance, -1, 1)


# -- bincount, histc, isin -----------------------------------------------------------------
def _bincount_forward(self, weights, minlength):
    length = int(self.max()) + 1 if self.size else 0
    length = max(length, minlength)
    if weights is None:
        return np.bincount(self, minlength=length).astype(np.int64)
    dtype = weights.dtype if weights.dtype in (np.float32, np.float64) else np.float64
    return np.bincount(self, weights.astype(np.float64), minlength=length).astype(dtype)


_bincount = _no_derivative("bincount", _bincount_forward)


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """bincount(input, weights=None, minlength=0) -> how often each value of a 1-D
    non-negative integer tensor occurs (or the sum of its ``weights``)

    >>> import rungrad as torch
    >>> torch.bincount(torch.tensor([0, 2, 2, 5]))
    tensor([1, 0, 2, 0, 0, 1])
    """
    data = input._data
    if data.dtype.kind not in "iu":
        _not_implemented_for("bincount_cpu", data)
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if data.ndim != 1 or (data.size and data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None and (weights._data.ndim != 1 or weights._data.size != data.size):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if data.size == 0:  # PyTorch ignores the weights of an empty input: int64 zeros
        return Tensor._from_array(np.zeros(minlength, dtype=np.int64))
    return _bincount(input, weights, minlength)


def _format_bound(value: float) -> str:
    """A bound as C++ prints a double: six significant digits; NaN as the kernel shows it."""
    if value != value:
        return "-nan"
    return f"{value:g}"


def histc(input: Tensor, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:
    """histc(input, bins=100, min=0, max=0) -> the counts of ``bins`` equal-width bins over
    [min, max] (the data's range when both are equal); values outside are ignored

    >>> import rungrad as torch
    >>> torch.histc(torch.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3)
    tensor([0., 2., 1., 0.])
    """
    data = input._data
    if data.dtype.kind not in "f":
        _not_implemented_for("histogram_cpu", data)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    low, high = float(min), float(max)
    if low == high and data.size:
        low, high = float(data.min()), float(data.max())
    if low == high:
        low, high = low - 1, high + 1
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(
            f"torch.histc: range of [{_format_bound(low)}, {_format_bound(high)}] is not finite"
        )
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    values = data.reshape(-1)
    values = values[(values >= low) & (values <= high)]
    position = ((values - low) * bins / (high - low)).astype(np.int64)
    counts = np.bincount(np.minimum(position, bins - 1), minlength=bins)
    return Tensor._from_array(counts.astype(data.dtype))


def _histogram_forward(self, edges, weight, density):
    """Counts (or summed weights) of ``self``'s elements in the bins between ``edges``; the
    last bin includes its right edge, elements outside are ignored."""
    values = self.reshape(-1)
    bins = edges.size - 1
    hist = np.zeros(bins, dtype=self.dtype)
    if bins > 0 and values.size:
        inside = (values >= edges[0]) & (values <= edges[-1])
        position = np.searchsorted(edges, values[inside], side="right") - 1
        position = np.minimum(position, bins - 1)
        added = np.ones(position.size, self.dtype) if weight is None else weight.reshape(-1)[inside]
        np.add.at(hist, position, added)  # in element order, as PyTorch's loop adds them
    if density:
        hist = hist / self.dtype.type(hist.sum(dtype=np.float64))
        hist = hist / np.diff(edges)
    return hist.astype(self.dtype, copy=False), np.array(edges, copy=True)


def _histogram_grad(grads: Any) -> Tensor:
    raise RuntimeError("derivative for aten::histogram is not implemented")


_histogram = primitive(
    "NotImplemented", qualified_name="rungrad::autograd::NotImplemented", num_outputs=2
)(_histogram_forward)
_histogram.defgrad(self=_histogram_grad, edges=_histogram_grad, weight=_histogram_grad)

_HISTOGRAM_OVERLOADS = (
    " * (Tensor input, Tensor bins, *, Tensor weight = None, bool density = False, tuple of "
    "Tensors out = None)\n"
    " * (Tensor input, int bins = 100, *, tuple of floats range = None, Tensor weight = None, "
    "bool density = False, tuple of Tensors out = None)\n"
)


def histogram(
    input: Tensor,
    bins: Any = 100,
    *,
    range: Any = None,
    weight: Tensor | None = None,
    density: bool = False,
) -> Any:
    """histogram(input, bins, *, range=None, weight=None, density=False) -> (hist, bin_edges):
    a histogram of ``input``'s values over ``bins`` equal-width bins of ``range`` (the data's
    range by default) or between the edges of a 1-D ``bins`` tensor

    >>> import rungrad as torch
    >>> torch.histogram(torch.tensor([1.0, 2.0, 1.0]), bins=4, range=(0.0, 3.0)).hist
    tensor([0., 2., 1., 0.])
    """
    from .._creation import linspace

    data = input._data
    if isinstance(bins, bool) or not isinstance(bins, (int, Tensor)):
        given = f"Tensor, bins={type(bins).__name__}"
        raise TypeError(
            f"histogram() received an invalid combination of arguments - got ({given}), but "
            f"expected one of:\n{_HISTOGRAM_OVERLOADS}"
        )
    if data.dtype not in (np.float32, np.float64):
        _not_implemented_for("histogramdd", data)
    if weight is not None and weight._data.shape != data.shape:
        raise RuntimeError(
            "torch.histogramdd: if weight tensor is provided it should have the same shape as "
            "the input tensor excluding its innermost dimension, but got input with shape "
            f"{[data.size, 1]} and weight with shape {list(weight._data.shape)}"
        )
    if isinstance(bins, Tensor):
        if bins._data.ndim != 1:
            raise RuntimeError(
                "torch.histogramdd: bins tensor should have one dimension, but got "
                f"{bins._data.ndim} dimensions in the bins tensor for dimension 0"
            )
        if bins._data.dtype != data.dtype:
            raise RuntimeError(
                "torch.histogramdd: input tensor and bins tensors should have the same dtype, "
                f"but got input with dtype {_dtype_word(data)} and bins for dimension 0 with "
                f"dtype {_dtype_word(bins._data)}"
            )
        if bins._data.size == 0:
            raise RuntimeError(
                "torch.histogramdd: bins tensor should have at least 1 element, but got 0 "
                "elements in the bins tensor for dimension 0"
            )
        edges = bins
    else:
        edges = None
    count = bins._data.size - 1 if isinstance(bins, Tensor) else bins
    if count <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {count} for dimension 0")
    if edges is None:
        edges = linspace(*_histogram_range(data, range), bins + 1, dtype=input.dtype)
    return return_types.histogram(_histogram(input, edges, weight, bool(density)))


def _dtype_word(array: np.ndarray) -> str:
    """A dtype as PyTorch's C++ messages print it (float, double)."""
    return {"float32": "float", "float64": "double"}.get(array.dtype.name, array.dtype.name)


def _histogram_range(data: np.ndarray, range: Any) -> tuple[float, float]:
    if range is not None:
        if len(range) != 2:
            raise RuntimeError(
                "torch.histogramdd: for a 1-dimensional histogram range should have 2 "
                f"elements, but got {len(range)}"
            )
        low, high = float(range[0]), float(range[1])
    elif data.size:
        low, high = float(data.min()), float(data.max())
    else:
        low, high = 0.0, 1.0
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(
            f"torch.histogramdd: dimension 0's range [{low:g}, {high:g}] is not finite"
        )
    if low > high:
        raise RuntimeError(
            f"torch.histogramdd: min should not exceed max, but got min {_format_bound(low)} "
            f"max {_format_bound(high)} for dimension 0"
        )
    if low == high:
        low, high = low - 0.5, high + 0.5
    return low, high


def isin(
    elements: Any, test_elements: Any, *, assume_unique: bool = False, invert: bool = False
) -> Tensor:
    """isin(elements, test_elements, *, assume_unique=False, invert=False) -> whether each of
    ``elements`` is in ``test_elements`` (either may be a number)

    >>> import rungrad as torch
    >>> torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 5]))
    tensor([False,  True, False])
    """
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise TypeError(
            "isin() received an invalid combination of arguments - got "
            f"({type(elements).__name__}, {type(test_elements).__name__}), but expected one of:"
        )
    arrays = [
        v._data if isinstance(v, Tensor) else np.asarray(v) for v in (elements, test_elements)
    ]
    for array in arrays:
        if array.dtype == np.bool_:
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    found = np.isin(arrays[0], arrays[1], assume_unique=assume_unique, invert=invert)
    return Tensor._from_array(np.asarray(found, dtype=np.bool_))


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_nanmedian_dim.saved_as(indices="result1")
