"""Hypothesis draws for the reduction rows: sum, mean, prod, max/min (and their ties), argmax/
argmin, all/any, amax/amin, aminmax, var/std (and with the mean, with and without degrees of
freedom), logsumexp, the cumulative ops, nansum/nanmean, count_nonzero, norm, and the sorting
and selection ops (sort, argsort, msort, topk, kthvalue, median, mode, unique), plus the
return types.

Each draw picks the shape (0-d and empty where the op takes them), how the op is called (no
dim, one dim, a tuple of dims, keepdim positional or by keyword, dtype=...), the input dtype
where the fixed samples mix them, and the values: continuous (no ties, gradcheck runs), tied
(few small integers, so equal elements occur and gradcheck is off), with NaN or infinities,
or with zeros (prod, cumprod). Long tied slices (more than 16 elements) reach the code that
replays PyTorch's unstable sorting kernels.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from drawing import Draw, DrawFunction
from op_db_reduction import _RETURN_TYPES
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]


# -- helpers -------------------------------------------------------------------------------
def _wrap(dim: int, ndim: int) -> int:
    return dim % max(ndim, 1)


def _nonempty_at(shape: tuple[int, ...], dims: Any, low: int = 1) -> tuple[int, ...]:
    """``shape`` with the sizes of ``dims`` (a dim, a tuple, or None for all) at least
    ``low``."""
    ndim = len(shape)
    if dims is None:
        wrapped = set(range(ndim))
    elif isinstance(dims, int):
        wrapped = {_wrap(dims, ndim)}
    else:
        wrapped = {_wrap(dim, ndim) for dim in dims}
    return tuple(max(size, low) if i in wrapped else size for i, size in enumerate(shape))


def _arg(d: Draw, value: np.ndarray, requires_grad: bool = True) -> TensorArg:
    """A tensor argument holding ``value``, in a drawn layout."""
    return TensorArg(value, requires_grad=requires_grad, layout=d.layout(value.shape))


def _tied(d: Draw, shape: tuple[int, ...], dtype: str | None = None, high: int = 3) -> TensorArg:
    """Few distinct small integers (cast to ``dtype``): equal elements are common."""
    return _arg(d, d.rng.integers(0, high, size=shape).astype(dtype or d.dtype))


def _replace(d: Draw, arg: TensorArg, fraction: float, fill: float) -> TensorArg:
    """``arg`` with about ``fraction`` of its elements (at least one) set to ``fill``."""
    value = arg.value.copy()
    if value.size:
        mask = d.rng.random(value.shape) < fraction
        mask.reshape(-1)[d.rng.integers(0, value.size)] = True
        value[mask] = fill
    return dataclasses.replace(arg, value=value)


def _with_nans(d: Draw, arg: TensorArg) -> TensorArg:
    return _replace(d, arg, d.choice([0.2, 0.5, 1.0], label="nan fraction"), float("nan"))


def _with_zeros(d: Draw, arg: TensorArg) -> TensorArg:
    return _replace(d, arg, d.choice([0.0, 0.2, 0.5, 1.0], label="zero fraction"), 0.0)


def _sparse(d: Draw, shape: tuple[int, ...], dtype: str | None = None) -> TensorArg:
    """Values with a drawn share of zeros (none, some, all), for all/any/count_nonzero."""
    dtype = dtype or d.dtype
    density = d.choice([0.0, 0.3, 0.7, 1.0], label="density")
    nonzero = d.rng.random(shape) < density
    if dtype == "bool":
        return _arg(d, nonzero)
    magnitude = d.rng.integers(1, 4, size=shape) * d.rng.choice([-1, 1], size=shape)
    if dtype == "uint8":
        magnitude = np.abs(magnitude)
    return _arg(d, (magnitude * nonzero).astype(dtype))


def _keepdim(d: Draw, args: list[Any], kwargs: dict[str, Any], keyword: bool = True) -> None:
    """Append keepdim to a call that has a dim: left out, positional, or by keyword."""
    how = d.choice(["absent", "positional", "keyword"] if keyword else ["absent", "positional"])
    if how == "positional":
        args.append(d.boolean(label="keepdim"))
    elif how == "keyword":
        kwargs["keepdim"] = d.boolean(label="keepdim")


def _pass_dtype(kwargs: dict[str, Any], result_dtype: str | None) -> bool:
    """Pass ``dtype=result_dtype`` (unless None); whether gradcheck applies: a float32 result
    is too coarse for its finite differences."""
    if result_dtype is not None:
        kwargs["dtype"] = f"dtype:{result_dtype}"
    return result_dtype != "float32"


def _dims_value(d: Draw, ndim: int) -> tuple[int, ...] | list[int]:
    """A nonempty tuple (or list) of distinct dims (empty only for a 0-d tensor)."""
    dims = d.dims(ndim)
    return list(dims) if d.boolean(label="as list") else dims


def _some_dims(d: Draw, ndim: int) -> tuple[int, ...] | list[int]:
    """Dims as a tuple or list: nonempty, or sometimes empty (all dims for most reductions,
    none for all/any)."""
    if d.choice([False, False, False, True], label="empty dims"):
        return d.choice([[], ()])
    return _dims_value(d, ndim)


def _result_dtypes(d: Draw, linear: bool = True) -> list[str | None]:
    """The values of dtype= to draw from. A nonlinear op (prod, cumprod) computing a float64
    input's gradients in float32 differs from PyTorch by float32 rounding, far beyond the
    float64 tolerance the comparison takes from the input: no float32 result there."""
    if not linear and d.dtype == "float64":
        return [None, "float64"]
    return [None, "float32", "float64"]


# -- sum, mean -------------------------------------------------------------------------------
def _draw_sum(mean: bool) -> DrawFunction:
    """sum(x), sum(x, dim | dims | [], keepdim), with dtype=; int64 and bool inputs (for
    mean only with an explicit floating dtype)."""

    def draw(d: Draw) -> Sample:
        shape = d.shape()
        result_dtype = d.choice(_result_dtypes(d), label="dtype=")
        inputs = [None] if mean and result_dtype is None else [None, "int64", "bool"]
        x = d.tensor(shape, dtype=d.choice(inputs, label="input dtype"))
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        form = d.choice(["all", "dim", "dims", "empty dims"], label="form")
        if form == "dim":
            args.append(d.dim(len(shape)))
        elif form == "dims":
            args.append(_dims_value(d, len(shape)))
        elif form == "empty dims":
            args.append(d.choice([[], ()]))
        if form != "all":
            _keepdim(d, args, kwargs)
        gradcheck = _pass_dtype(kwargs, result_dtype)
        return d.sample(x, *args, gradcheck=gradcheck, **kwargs)

    return draw


# -- max, min (and their ties), argmax, argmin -----------------------------------------------
def _extreme_values(d: Draw, shape: tuple[int, ...], ties: bool, nans: bool) -> TensorArg:
    """Continuous, tied, or (``nans``) tied with NaN values; int64 too."""
    dtype = d.choice([None, None, "int64"], label="input dtype")
    kind = "tied" if ties else d.choice(["real", "real", "tied"], label="values")
    x = d.tensor(shape, dtype=dtype) if kind == "real" else _tied(d, shape, dtype)
    if nans and (dtype or d.dtype).startswith("float") and d.boolean(label="nan"):
        x = _with_nans(d, x)
    return x


def _draw_max(ties: bool, keyword: bool) -> DrawFunction:
    """max(x), max(x, dim[, keepdim]) and the elementwise max(x, other); with ``ties`` the
    values are tied, NaN too (``keyword``: keepdim may be a keyword)."""

    def draw(d: Draw) -> Sample:
        form = d.choice(["all", "dim", "other"], label="form")
        if form == "other":
            first, second = d.broadcast_shapes(2)
            x = _extreme_values(d, first, ties, ties)
            dtype = x.value.dtype.name
            if dtype == "int64":
                other = d.tensor(second, dtype="int64")
            else:
                other = _tied(d, second) if ties else d.tensor(second)
            gradcheck = not ties and dtype != "int64"
            return d.sample(x, other, gradcheck=gradcheck)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        if form == "all":
            shape = d.shape(min_side=1)  # a full max of an empty tensor is an error
        else:
            shape = d.shape()
            args.append(d.dim(len(shape)))
            shape = _nonempty_at(shape, args[0])  # so is a max over an empty dim
            _keepdim(d, args, kwargs, keyword)
        x = _extreme_values(d, shape, ties, ties)
        tied = ties or np.unique(x.value).size != x.value.size
        return d.sample(x, *args, gradcheck=not tied, **kwargs)

    return draw


def _draw_arg(ties: bool, keyword: bool) -> DrawFunction:
    """argmax(x), argmax(x, None, keepdim), argmax(x, dim[, keepdim])."""

    def draw(d: Draw) -> Sample:
        form = d.choice(["all", "all keepdim", "dim"], label="form")
        shape = d.shape()
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        if form == "dim":
            args.append(d.dim(len(shape)))
            shape = _nonempty_at(shape, args[0])
            _keepdim(d, args, kwargs, keyword)
        else:
            shape = _nonempty_at(shape, None)  # no argmax of an empty tensor
            if form == "all keepdim":
                args += [None, d.boolean(label="keepdim")]
        x = _extreme_values(d, shape, ties, ties)
        return d.sample(x, *args, **kwargs)

    return draw


# -- all, any --------------------------------------------------------------------------------
def _draw_logical(dims: bool) -> DrawFunction:
    """all(x), all(x, dim[, keepdim]); with ``dims``, all(x, dim | dims[, keepdim])."""

    def draw(d: Draw) -> Sample:
        shape = d.shape()
        dtype = d.dtype if dims else d.choice([None, None, "int64", "uint8"], label="dtype")
        x = _sparse(d, shape, dtype)
        forms = ["dim", "dims"] if dims else ["all", "dim"]
        form = d.choice(forms, label="form")
        if form == "all":
            return d.sample(x)
        args: list[Any] = [d.dim(len(shape)) if form == "dim" else _some_dims(d, len(shape))]
        if d.boolean(label="keepdim given"):
            args.append(d.boolean(label="keepdim"))
        return d.sample(x, *args)

    return draw


# -- prod ------------------------------------------------------------------------------------
def _draw_prod(d: Draw) -> Sample:
    """prod(x), prod(x, dim[, keepdim]), dtype=; nonzero values or some zeros; int64, bool."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if d.boolean(label="dim"):
        shape = d.shape()
        args.append(d.dim(len(shape)))
        _keepdim(d, args, kwargs)
    else:
        shape = d.shape(max_dims=2)
    # The second-order gradient of a full product sums terms as large as the products of all
    # but two factors, which cancel: past 8 factors in [0.5, 2], float32 rounding there (in
    # PyTorch's sums as in rungrad's) can exceed the row's tolerance. Smaller factors then.
    domain = "unit" if not args and np.prod(shape) > 8 else "nonzero"
    dtype = d.choice([None, None, "int64", "bool"], label="input dtype")
    x = d.tensor(shape, domain, dtype=dtype)
    if dtype is None and d.boolean(label="zeros"):
        x = _with_zeros(d, x)
    result_dtype = d.choice(_result_dtypes(d, linear=False), label="dtype=")
    gradcheck = _pass_dtype(kwargs, result_dtype)
    return d.sample(x, *args, gradcheck=gradcheck, **kwargs)


# -- amax, amin, aminmax ---------------------------------------------------------------------
def _reduced_values(d: Draw, shape: tuple[int, ...], bools: bool = True) -> TensorArg:
    """Continuous, tied or NaN values; int64 (and bool) inputs too."""
    dtypes = [None, None, None, "int64", "bool"] if bools else [None, None, None, "int64"]
    dtype = d.choice(dtypes, label="input dtype")
    if dtype == "bool":
        return d.tensor(shape, dtype="bool")
    kind = d.choice(["real", "real", "tied", "nan"], label="values")
    if kind == "real":
        return d.tensor(shape, dtype=dtype)
    x = _tied(d, shape, dtype)
    if kind == "nan" and dtype is None:
        x = _with_nans(d, x)
    return x


def _continuous(x: TensorArg) -> bool:
    """Whether the values are floating, distinct and finite: gradcheck applies."""
    value = x.value
    finite = value.dtype.kind == "f" and bool(np.isfinite(value).all())
    return finite and np.unique(value).size == value.size


def _draw_amax(d: Draw) -> Sample:
    """amax(x[, dim | dims | []][, keepdim])."""
    shape = d.shape()
    ndim = len(shape)
    form = d.choice(["all", "dim", "dims", "empty dims", "keyword"], label="form")
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if form == "all":
        shape = _nonempty_at(shape, None)  # no maximum of an empty tensor
    elif form == "empty dims":
        args.append(d.choice([[], ()]))
        shape = _nonempty_at(shape, None)
    else:
        dims: Any = d.dim(ndim) if form == "dim" else _dims_value(d, ndim)
        shape = _nonempty_at(shape, dims)  # nor over an empty dim
        if form == "keyword":
            kwargs["dim"] = dims
        else:
            args.append(dims)
    if form != "all":
        if form == "keyword":  # no positional keepdim after a keyword dim
            if d.boolean(label="keepdim given"):
                kwargs["keepdim"] = d.boolean(label="keepdim")
        else:
            _keepdim(d, args, kwargs)
    x = _reduced_values(d, shape)
    return d.sample(x, *args, gradcheck=_continuous(x), **kwargs)


def _draw_aminmax(d: Draw) -> Sample:
    """aminmax(x, *, dim=None, keepdim=False)."""
    shape = d.shape()
    kwargs: dict[str, Any] = {}
    if d.boolean(label="dim"):
        kwargs["dim"] = d.dim(len(shape))
        shape = _nonempty_at(shape, kwargs["dim"])
    else:
        shape = _nonempty_at(shape, None)
    if d.boolean(label="keepdim given"):
        kwargs["keepdim"] = d.boolean(label="keepdim")
    x = _reduced_values(d, shape, bools=False)
    return d.sample(x, gradcheck=_continuous(x), **kwargs)


# -- var, std, var_mean, std_mean -------------------------------------------------------------
def _count(shape: tuple[int, ...], dims: Any) -> int:
    """N, the number of elements each result element reduces; 0 for an empty input (PyTorch
    divides the input's numel by the result's, at least 1)."""
    if dims is None or 0 in shape:
        return int(np.prod(shape))
    wrapped = {_wrap(dim, len(shape)) for dim in ([dims] if isinstance(dims, int) else dims)}
    return int(np.prod([shape[i] for i in wrapped])) if shape else 1


def _variance_call(
    d: Draw, shape: tuple[int, ...], dims: Any, correction: Any
) -> tuple[list[Any], dict[str, Any]]:
    """The arguments of var(x, ...) over ``dims`` (None: everything) with ``correction``
    (None: the default, True/False: legacy ``unbiased``), in one of its call forms."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    legacy = isinstance(correction, bool)
    if dims is None:
        if legacy:
            args.append(correction)  # var(x, unbiased)
            return args, kwargs
        if d.boolean(label="dim=None keepdim"):
            kwargs["dim"] = None
            kwargs["keepdim"] = d.boolean(label="keepdim")
    else:
        if d.boolean(label="dim keyword"):
            kwargs["dim"] = dims
        else:
            args.append(dims)
        if legacy and not kwargs and d.boolean(label="positional unbiased"):
            args += [correction, d.boolean(label="keepdim")]  # var(x, dim, unbiased, keepdim)
            return args, kwargs
        if d.boolean(label="keepdim given"):
            kwargs["keepdim"] = d.boolean(label="keepdim")
    if legacy:
        kwargs["unbiased"] = correction
    elif correction is not None:
        kwargs["correction"] = correction
    return args, kwargs


def _variance_dims(d: Draw, ndim: int) -> Any:
    """None, a dim, or a nonempty tuple (or list) of dims: never ``[]`` or ``()``."""
    form = d.choice(["all", "dim", "dims"], label="form")
    if form == "all":
        return None
    if form == "dim":
        return d.dim(ndim)
    dims = _dims_value(d, ndim)
    # PyTorch's own gradient over dim=[] (a full reduction) uses N=1 and fails its
    # gradcheck (the row's xfail): a 0-d tensor's dims tuple would be () and hit that.
    return dims if dims else d.dim(ndim)


_CORRECTIONS: tuple[Any, ...] = (None, 0, 1, 2, 1.5, 0.5, True, False)


def _draw_variance(d: Draw) -> Sample:
    """var(x, ...) with degrees of freedom: N - correction > 0 (the rows "... without degrees
    of freedom" draw the rest, and empty inputs); continuous values, or constant ones
    (gradcheck off)."""
    shape = d.shape(min_side=1)
    dims = _variance_dims(d, len(shape))
    count = _count(shape, dims)

    def degrees(correction: Any) -> float:
        return count - (1 if correction is None else float(correction))

    correction = d.choice([c for c in _CORRECTIONS if degrees(c) > 0], label="correction")
    args, kwargs = _variance_call(d, shape, dims, correction)
    constant = d.choice([False, False, False, True], label="constant")
    if constant:  # exactly representable: PyTorch's and rungrad's deviations are both 0
        value = np.full(shape, d.choice([0.5, 1.5, -1.0]), dtype=d.dtype)
        x = _arg(d, value)
    else:
        x = d.tensor(shape)
    # A single element is a constant slice too: std's second-order formula gives nan there.
    return d.sample(x, *args, gradcheck=not constant and count > 1, **kwargs)


def _draw_no_dof(d: Draw) -> Sample:
    """var(x, ...) without degrees of freedom: N - correction <= 0 (nan or inf, a warning)."""
    shape = d.shape(max_side=3)
    dims = _variance_dims(d, len(shape))
    count = _count(shape, dims)
    options: list[Any] = [count, count + 1, count + 2.5, float(count)]
    if count <= 1:
        options += [None, 1, True]
    if count == 0:
        options += [0, False]
    correction = d.choice(options, label="correction")
    args, kwargs = _variance_call(d, shape, dims, correction)
    return d.sample(d.tensor(shape), *args, **kwargs)


# -- logsumexp -------------------------------------------------------------------------------
def _draw_logsumexp(d: Draw) -> Sample:
    """logsumexp(x, dim | dims[, keepdim]); infinities (gradcheck off); int64, bool. (No
    empty dims but a 0-d tensor's: PyTorch's logsumexp(x, ()) of a tensor with dims fails,
    "output with shape [] doesn't match the broadcast shape".)"""
    shape = d.shape()
    dims: Any = d.dim(len(shape)) if d.boolean(label="one dim") else _dims_value(d, len(shape))
    args: list[Any] = [dims]
    kwargs: dict[str, Any] = {}
    _keepdim(d, args, kwargs)
    dtype = d.choice([None, None, None, "int64", "bool"], label="input dtype")
    x = d.tensor(shape, dtype=dtype)
    infinite = dtype is None and d.choice([False, False, True], label="infinities")
    if infinite:
        x = _replace(d, x, 0.3, float("-inf"))
        if d.boolean(label="+inf"):
            x = _replace(d, x, 0.1, float("inf"))
    return d.sample(x, *args, gradcheck=not infinite, **kwargs)


# -- cumsum, cumprod, cummax, cummin ----------------------------------------------------------
def _draw_cumulative(inplace: bool, linear: bool, zeros: bool = False) -> DrawFunction:
    """cumsum(x, dim, dtype=): nonzero values (``zeros``: some zeros); int64 and bool inputs.
    In place: no bool, and dtype= only the input's own."""

    def draw(d: Draw) -> Sample:
        if zeros:
            shape = d.shape(min_side=1)
            return d.sample(_with_zeros(d, d.tensor(shape, "nonzero")), d.dim(len(shape)))
        shape = d.shape()
        inputs = [None, None, "int64"] if inplace else [None, None, "int64", "bool"]
        dtype = d.choice(inputs, label="input dtype")
        x = d.tensor(shape, "nonzero", dtype=dtype)
        kwargs: dict[str, Any] = {}
        if inplace:
            own = dtype or d.dtype
            gradcheck = _pass_dtype(kwargs, d.choice([None, own], label="dtype="))
        else:
            result_dtype = d.choice(_result_dtypes(d, linear), label="dtype=")
            gradcheck = _pass_dtype(kwargs, result_dtype)
        if d.boolean(label="dim keyword"):
            kwargs["dim"] = d.dim(len(shape))
            return d.sample(x, gradcheck=gradcheck, **kwargs)
        return d.sample(x, d.dim(len(shape)), gradcheck=gradcheck, **kwargs)

    return draw


def _draw_running(d: Draw) -> Sample:
    """cummax(x, dim): continuous, tied or NaN values; int64 and bool."""
    # PyTorch's gradient of an empty cummax/cummin is the input itself, so its second-order
    # gradient reaches the input (the rows' "double_backward:empty" xfail): no empty inputs.
    shape = d.shape(min_side=1)
    x = _reduced_values(d, shape)
    return d.sample(x, d.dim(len(shape)), gradcheck=_continuous(x))


# -- nansum, nanmean, count_nonzero -----------------------------------------------------------
def _draw_nan_reduction(mean: bool) -> DrawFunction:
    """nansum(x[, dim | dims[, keepdim]], dtype=) with some, no or only NaN values; int64
    and bool inputs for nansum."""

    def draw(d: Draw) -> Sample:
        shape = d.shape()
        dtype = None if mean else d.choice([None, None, "int64", "bool"], label="input dtype")
        x = d.tensor(shape, dtype=dtype)
        nans = dtype is None and d.choice([False, True, True], label="nan")
        if nans:
            x = _with_nans(d, x)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        form = d.choice(["all", "dim", "dims"], label="form")
        if form != "all":
            args.append(d.dim(len(shape)) if form == "dim" else _some_dims(d, len(shape)))
            _keepdim(d, args, kwargs)
        result_dtype = d.choice([None, None, "float32", "float64"], label="dtype=")
        gradcheck = _pass_dtype(kwargs, result_dtype)
        # nanmean: finite differences see NaN where the input has NaN or a mean is empty.
        gradcheck = gradcheck and not (mean and (nans or 0 in shape))
        return d.sample(x, *args, gradcheck=gradcheck, **kwargs)

    return draw


def _draw_count_nonzero(d: Draw) -> Sample:
    """count_nonzero(x[, dim | dims])."""
    shape = d.shape()
    x = _sparse(d, shape)
    form = d.choice(["all", "dim", "dims"], label="form")
    if form == "all":
        return d.sample(x)
    return d.sample(x, d.dim(len(shape)) if form == "dim" else _some_dims(d, len(shape)))


# -- norm ------------------------------------------------------------------------------------
def _draw_norm(d: Draw) -> Sample:
    """norm(x, p, dim, keepdim, dtype=): p a number, inf, 'fro', 'nuc' or None."""
    p = d.choice([None, "fro", "nuc", 1, 2, 3, 0.5, float("inf"), float("-inf")], label="p")
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if p == "nuc":  # over exactly two dims
        shape = d.shape(min_dims=2, min_side=1)
        first, second = d.dims(len(shape), min_size=2)[:2]
        args = [p, (first, second)]
    else:
        shape = d.shape()
        if p == 3 or (isinstance(p, float) and np.isinf(p)):
            # PyTorch has no inf-norm of an empty tensor, and for p > 2 its second-order
            # gradient there is 0 * inf = nan (rungrad's is 0): keep those nonempty.
            shape = _nonempty_at(shape, None)
        form = d.choice(["all", "dim", "dims"], label="form")
        if form == "all":
            args = [p] if p is not None or d.boolean(label="p given") else []
        else:
            ndim = len(shape)
            dims: Any = d.dim(ndim) if form == "dim" else d.dims(ndim)[:2]
            args = [p, dims]
    if len(args) == 2:
        _keepdim(d, args, kwargs)
        if p != "nuc" and d.boolean(label="dtype="):
            kwargs["dtype"] = "dtype:float64"
    x = d.tensor(shape, "nonzero")
    kinked = isinstance(p, float) and np.isinf(p)
    return d.sample(x, *args, gradcheck=not kinked, **kwargs)


def _draw_dist(d: Draw) -> Sample:
    """dist(x, other, p): broadcasting shapes; p a number or inf."""
    p = d.choice([None, 1, 2, 3, 0.5, float("inf")], label="p")
    first, second = d.broadcast_shapes(2)
    x, other = d.tensor(first, "nonzero"), d.tensor(second, "nonzero")
    args = [] if p is None else [p]
    kinked = isinstance(p, float) and np.isinf(p)
    if p == 3 or kinked:  # as for norm: keep the p > 2 and inf norms nonempty
        x, other = (
            d.tensor(_nonempty_at(first, None), "nonzero"),
            d.tensor(_nonempty_at(second, None), "nonzero"),
        )
    return d.sample(x, other, *args, gradcheck=not kinked)


# -- sort, argsort, msort, topk, kthvalue, median, mode ---------------------------------------
def _sortable(
    d: Draw, dim: int | None = None, ints: bool = True, bools: bool = False, nonempty: bool = False
) -> tuple[TensorArg, int, bool]:
    """(input, dim, gradcheck): distinct values in a small tensor, tied ones, NaN, or a long
    slice (over 16 elements, beyond the kernels' insertion sort) of ties along ``dim``
    (drawn unless given; with ``nonempty``, of size 1 or more); int64 (and bool) inputs."""
    dtypes = [None, None, None] + (["int64"] if ints else []) + (["bool"] if bools else [])
    dtype = d.choice(dtypes, label="input dtype")
    kind = d.choice(["real", "tied", "long", "nan"], label="values")
    if kind == "long":
        ndim = d.integer(1, 3, label="ndim")
        chosen = d.dim(ndim) if dim is None else dim
        sides = list(d.sizes(ndim, high=2))
        sides[_wrap(chosen, ndim)] = d.integer(17, 40, label="long side")
        shape = tuple(sides)
    else:
        shape = d.shape()
        chosen = d.dim(len(shape)) if dim is None else dim
        if nonempty:
            shape = _nonempty_at(shape, chosen)
    if dtype == "bool":
        return d.tensor(shape, dtype="bool"), chosen, False
    if kind == "real":
        x = d.tensor(shape, dtype=dtype)
        return x, chosen, _continuous(x)
    x = _tied(d, shape, dtype, high=4)
    if kind == "nan" and dtype is None:
        x = _with_nans(d, x)
    return x, chosen, False


def _sort_call(d: Draw) -> tuple[TensorArg, list[Any], dict[str, Any], bool]:
    """(input, args, kwargs, gradcheck) of sort(x[, dim[, descending]]) or, with stable=,
    sort(x, *, stable[, dim][, descending]) (PyTorch's second overload: keywords only)."""
    how = d.choice(["default", "positional", "keyword", "stable"], label="form")
    x, dim, gradcheck = _sortable(d, dim=-1 if how == "default" else None, bools=True)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if how == "positional":
        args = [dim, d.boolean(label="descending")][: d.integer(1, 2, label="positional")]
    elif how in ("keyword", "stable"):
        kwargs = {"dim": dim}
        if d.boolean(label="descending given"):
            kwargs["descending"] = d.boolean(label="descending")
        if how == "stable":
            # KNOWN BUG: rungrad takes an explicit stable=None for no stable at all (its
            # Tensor.sort passes None on), so its node is SortBackward0, PyTorch's SortBackward1.
            kwargs["stable"] = d.boolean(label="stable")
    return x, args, kwargs, gradcheck


def _draw_sort(d: Draw) -> Sample:
    """sort(x[, dim[, descending]]) or sort(x, *, stable, dim, descending)."""
    x, args, kwargs, gradcheck = _sort_call(d)
    return d.sample(x, *args, gradcheck=gradcheck, **kwargs)


def _draw_argsort(d: Draw) -> Sample:
    """argsort(x[, dim[, descending]]) or argsort(x, *, stable, dim, descending)."""
    x, args, kwargs, _ = _sort_call(d)
    return d.sample(x, *args, **kwargs)


def _draw_msort(d: Draw) -> Sample:
    """msort(x): along dim 0."""
    x, _, gradcheck = _sortable(d, dim=0, bools=True)
    return d.sample(x, gradcheck=gradcheck)


def _draw_topk(d: Draw) -> Sample:
    """topk(x, k[, dim[, largest[, sorted]]]) (positional or keyword), k from 0 to the size;
    a long slice with a small k takes the kernel's partial sort."""
    if d.choice([False, False, False, True], label="partial sort"):
        rows, size = d.integer(1, 2, label="rows"), d.integer(64, 200, label="size")
        x = _tied(d, (rows, size), d.choice([None, "int64"], label="input dtype"))
        dim, gradcheck = d.choice([-1, 1]), False
        k = d.integer(0, size // 64, label="k")
    else:
        x, dim, gradcheck = _sortable(d)
        size = x.value.shape[_wrap(dim, x.value.ndim)] if x.value.ndim else 1
        k = d.integer(0, size, label="k")
    options = [dim, d.boolean(label="largest"), d.boolean(label="sorted")]
    count = d.integer(0, 3, label="options")
    if count == 0 and x.value.ndim:
        count = 1  # the default dim -1 may not be the drawn one
    if d.boolean(label="keyword"):
        names = ("dim", "largest", "sorted")
        return d.sample(x, k, gradcheck=gradcheck, **dict(zip(names, options[:count])))
    return d.sample(x, k, *options[:count], gradcheck=gradcheck)


def _draw_kthvalue(d: Draw) -> Sample:
    """kthvalue(x, k[, dim[, keepdim]]), k from 1 to the size of the (nonempty) dim."""
    x, dim, gradcheck = _sortable(d, nonempty=True)
    ndim = x.value.ndim
    size = x.value.shape[_wrap(dim, ndim)] if ndim else 1
    args: list[Any] = [d.integer(1, size, label="k"), dim]
    kwargs: dict[str, Any] = {}
    _keepdim(d, args, kwargs)
    return d.sample(x, *args, gradcheck=gradcheck, **kwargs)


def _draw_median(d: Draw) -> Sample:
    """median(x) (nan for an empty x) or median(x, dim[, keepdim])."""
    full = d.boolean(label="full")
    x, dim, gradcheck = _sortable(d, nonempty=not full)
    if full:  # an empty median is nan, its gradient 0 / 0
        return d.sample(x, gradcheck=gradcheck and x.value.size > 0)
    args: list[Any] = [dim]
    kwargs: dict[str, Any] = {}
    _keepdim(d, args, kwargs)
    return d.sample(x, *args, gradcheck=gradcheck, **kwargs)


def _draw_mode(d: Draw) -> Sample:
    """mode(x[, dim[, keepdim]]) over a nonempty dim; bool too."""
    given = d.boolean(label="dim given")
    x, dim, gradcheck = _sortable(d, dim=None if given else -1, bools=True, nonempty=True)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if given:
        args.append(dim)
        _keepdim(d, args, kwargs)
    return d.sample(x, *args, gradcheck=gradcheck, **kwargs)


# -- unique ----------------------------------------------------------------------------------
def _draw_unique(d: Draw) -> Sample:
    """unique(x, sorted, return_inverse, return_counts, dim), positional or by keyword;
    repeated values (and slices, with dim), NaN without dim; bool inputs too."""
    flags = [d.boolean(label="sorted"), d.boolean(label="inverse"), d.boolean(label="counts")]
    with_dim = d.boolean(label="dim")
    dtype = d.choice([None, None, None, "bool"], label="input dtype")
    if with_dim:
        shape = d.shape(min_dims=1)
        dim = d.dim(len(shape))
        # every other dim nonempty: unique cannot compare empty slices
        shape = tuple(max(s, 1) if i != _wrap(dim, len(shape)) else s for i, s in enumerate(shape))
        x = _tied(d, shape, dtype, high=2)
    else:
        x = _tied(d, d.shape(), dtype, high=4)
        if dtype is None and d.dtype.startswith("float") and d.boolean(label="nan"):
            x = _with_nans(d, x)
    names = ("sorted", "return_inverse", "return_counts")
    kwargs: dict[str, Any] = {"dim": dim} if with_dim else {}
    if d.boolean(label="keyword"):
        kwargs.update(zip(names, flags))
        return d.sample(x, **kwargs)
    return d.sample(x, *flags, **kwargs)


def _draw_unique_backward(d: Draw) -> Sample:
    return d.sample(d.tensor(d.shape()))


# -- return types ----------------------------------------------------------------------------
def _draw_return_types(d: Draw) -> Sample:
    """One of the ops returning a named tuple, on a small matrix of halves."""
    shape = (d.integer(1, 3, label="rows"), d.integer(1, 3, label="columns"))
    value = (d.rng.integers(-4, 5, size=shape) / 2).astype(d.dtype)
    x = _arg(d, value, requires_grad=d.boolean(label="requires_grad"))
    return d.sample(x, d.choice(sorted(_RETURN_TYPES), label="op"))


def _draw_renorm(d: Draw) -> Sample:
    """renorm(x, p, dim, maxnorm): 2 or more dims."""
    p = d.choice([1, 2, 3, 0.5, float("inf")], label="p")
    # the inf norm of an empty sub-tensor raises (an error sample of the row)
    shape = d.shape(min_dims=2, min_side=1 if p == float("inf") else 0)
    maxnorm = d.choice([0.0, 0.5, 1.0, 2.0, 100.0], label="maxnorm")
    x = d.tensor(shape)
    return d.sample(x, p, d.dim(len(shape)), maxnorm, gradcheck=_continuous(x) and p != 0.5)


def _draw_frexp(d: Draw) -> Sample:
    """frexp(x): any shape and layout."""
    return d.sample(d.tensor(d.shape()))


def draw_weight_norm(d: Draw) -> Sample:
    """v, and g sized as v along ``dim`` (1 elsewhere; 0-d for dim -1, every dim)."""
    shape = d.shape(min_dims=1, max_dims=3, min_side=1, max_side=3)
    dim = d.integer(-1, len(shape) - 1, label="dim")
    g_shape = () if dim == -1 else tuple(s if i == dim else 1 for i, s in enumerate(shape))
    # PyTorch's fused kernel (first or last dim) holds the norms constant in its second
    # derivatives: compared with PyTorch only, as its fixed samples are.
    fused = dim in (0, len(shape) - 1)
    return d.sample(d.tensor(shape), d.tensor(g_shape), dim, gradcheck=not fused)


def draw_norm_except_dim(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3, min_side=1, max_side=3)
    return d.sample(d.tensor(shape), 2, d.integer(-1, len(shape) - 1, label="dim"))


DRAWS: dict[str, DrawFunction] = {
    "_weight_norm": draw_weight_norm,
    "norm_except_dim": draw_norm_except_dim,
    "sum": _draw_sum(mean=False),
    "mean": _draw_sum(mean=True),
    "max": _draw_max(ties=False, keyword=False),
    "min": _draw_max(ties=False, keyword=False),
    "argmax": _draw_arg(ties=False, keyword=False),
    "argmin": _draw_arg(ties=False, keyword=False),
    "all": _draw_logical(dims=False),
    "any": _draw_logical(dims=False),
    "prod": _draw_prod,
    "Tensor.prod": _draw_prod,
    "amax": _draw_amax,
    "amin": _draw_amax,
    "aminmax": _draw_aminmax,
    "renorm": _draw_renorm,
    "Tensor.renorm": _draw_renorm,
    "frexp": _draw_frexp,
    "var": _draw_variance,
    "std": _draw_variance,
    "var_mean": _draw_variance,
    "std_mean": _draw_variance,
    "var without degrees of freedom": _draw_no_dof,
    "std without degrees of freedom": _draw_no_dof,
    "var_mean without degrees of freedom": _draw_no_dof,
    "std_mean without degrees of freedom": _draw_no_dof,
    "logsumexp": _draw_logsumexp,
    "cumsum": _draw_cumulative(inplace=False, linear=True),
    "cumsum_": _draw_cumulative(inplace=True, linear=True),
    "cumprod": _draw_cumulative(inplace=False, linear=False),
    "cumprod_": _draw_cumulative(inplace=True, linear=False),
    "cumprod with zeros": _draw_cumulative(inplace=False, linear=False, zeros=True),
    "cummax": _draw_running,
    "cummin": _draw_running,
    "nansum": _draw_nan_reduction(mean=False),
    "nanmean": _draw_nan_reduction(mean=True),
    "count_nonzero": _draw_count_nonzero,
    "torch.norm": _draw_norm,
    "dist": _draw_dist,
    "Tensor.dist": _draw_dist,
    "sort": _draw_sort,
    "Tensor.sort": _draw_sort,
    "argsort": _draw_argsort,
    "Tensor.argsort": _draw_argsort,
    "msort": _draw_msort,
    "topk": _draw_topk,
    "torch.topk": _draw_topk,
    "kthvalue": _draw_kthvalue,
    "median": _draw_median,
    "mode": _draw_mode,
    "unique": _draw_unique,
    "unique backward": _draw_unique_backward,
    "max ties": _draw_max(ties=True, keyword=True),
    "min ties": _draw_max(ties=True, keyword=True),
    "argmax ties": _draw_arg(ties=True, keyword=True),
    "argmin ties": _draw_arg(ties=True, keyword=True),
    "all dims": _draw_logical(dims=True),
    "any dims": _draw_logical(dims=True),
    "return types": _draw_return_types,
}
