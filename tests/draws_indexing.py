"""Hypothesis draws for the indexing rows: ``tensor[index]`` and ``tensor[index] = value``,
index_select/add/copy/fill, gather and the scatter family (scatter, scatter_add,
scatter_reduce with every reduction, the legacy ``reduce=`` form), take_along_dim, take/put,
masked_select/scatter, index_put, and the position ops (nonzero, argwhere, where(condition),
one_hot, searchsorted, bucketize), with their in-place variants.

Each draw picks the input's shape (0-d and empty where the op takes them), the dim (negative
too), the index tensors' shapes, values and layouts (int64 tensors, lists, bool masks), the
options (alpha, accumulate, include_self, reduce, right/side, out_int32, sorter...), Python
scalars against tensors, and int64 inputs where the fixed samples have them. Repeated indices
are drawn where they accumulate (gather, index_select, index_add, scatter_add, take,
accumulating puts...); where writes to the same place would leave the result unspecified
(scatter, index_copy, index_put and put without accumulation, setitem), the targets are
distinct.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from drawing import Draw, DrawFunction
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]

Shape = tuple[int, ...]


# -- helpers -------------------------------------------------------------------------------
def _wrap(dim: int, ndim: int) -> int:
    return dim % max(ndim, 1)


def _numel(shape: Shape) -> int:
    return int(np.prod(shape, dtype=np.int64))


def _int_or_same(d: Draw) -> str | None:
    """The sample's dtype, or int64 (as the fixed samples' int64 cases)."""
    return d.choice([None, "int64"], label="input dtype")


def _laid_out(d: Draw, arg: TensorArg) -> TensorArg:
    """``arg`` in a drawn layout (index tensors and masks are non-contiguous too)."""
    return dataclasses.replace(arg, layout=d.layout(arg.value.shape))


def _positions(
    d: Draw, shape: Shape, high: int, *, unique: bool = False, negative: bool = False
) -> TensorArg:
    """An int64 index tensor of ``shape`` with values in ``[0, high)`` (distinct with
    ``unique``), some shifted to ``[-high, 0)`` with ``negative``, in a drawn layout."""
    index = d.index(shape, high, unique=unique)
    if negative and d.boolean(label="negative indices"):
        values = index.value
        index = dataclasses.replace(
            index, value=np.where(d.rng.random(values.shape) < 0.5, values - high, values)
        )
    return _laid_out(d, index)


def _written(d: Draw, shape: Shape, domain: str = "real", dtype: str | None = None) -> TensorArg:
    """The input an op writes into: now and then not requiring grad, so that only what is
    written does (and the in-place variants start a history)."""
    requires_grad = d.integer(0, 3, label="input requires grad") != 0
    return d.tensor(shape, domain, dtype=dtype, requires_grad=requires_grad)


def _mask(d: Draw, shape: Shape) -> TensorArg:
    return _laid_out(d, d.mask(shape))


def _scalar(d: Draw, dtype: str | None = None) -> float | int:
    """A Python number for an input of ``dtype`` (ints for integer inputs)."""
    if (dtype or d.dtype).startswith("int"):
        return d.integer(-3, 3, label="int scalar")
    return d.choice([1.5, -2.0, 0.25, 0.0, 3], label="scalar")


def _source_shape(d: Draw, count: int) -> Shape:
    """A shape holding ``count`` elements: 1-D, 2-D when it factors, 0-d for one element."""
    options: list[Shape] = [(count,)]
    options += [(count // k, k) for k in (1, 2, 3) if count and count % k == 0]
    if count == 1:
        options.append(())
    return d.choice(options, label="source shape")


# -- tensor[index] and tensor[index] = value ---------------------------------------------
@dataclasses.dataclass
class _Item:
    """One element of an index tuple: the value passed, its kind, how many input dims it
    consumes, and (advanced items) the shape its positions broadcast as."""

    value: Any
    kind: str  # None, Ellipsis, int, slice, array, mask, bool
    consumes: int = 0
    shape: Shape = ()


def _slice(d: Draw, size: int) -> slice:
    def end() -> int | None:
        return d.choice([None, d.integer(-size - 1, size + 1, label="slice end")], label="end")

    start, stop = end(), end()
    step = d.choice([None, 1, 2, 3], label="step")
    return slice(start, stop, step)


def _int_item(d: Draw, size: int) -> _Item:
    value = d.integer(-size, size - 1, label="int")
    if d.boolean(label="0-d int tensor"):  # PyTorch selects with it, as with an int
        return _Item(TensorArg(np.array(value, dtype=np.int64), requires_grad=False), "int", 1)
    return _Item(value, "int", 1)


def _array_item(values: np.ndarray, d: Draw) -> _Item:
    """An advanced integer index: a tensor, or a (nested) list of its values (unless the
    list loses the shape, as ``[]`` for an empty shape (0, 2))."""
    as_list = values.tolist()
    if values.ndim and np.shape(as_list) == values.shape and d.boolean(label="list"):
        return _Item(as_list, "array", 1, values.shape)
    arg = TensorArg(values, requires_grad=False)
    return _Item(_laid_out(d, arg), "array", 1, values.shape)


def _mask_item(d: Draw, shape: Shape) -> _Item:
    mask = d.mask(shape)
    count = int(mask.value.sum())
    if len(shape) == 1 and d.boolean(label="bool list"):
        return _Item(mask.value.tolist(), "mask", 1, (count,))
    return _Item(_laid_out(d, mask), "mask", len(shape), (count,))


def _distinct_points(d: Draw, sizes: list[int], shape: Shape) -> list[np.ndarray]:
    """One coordinate array per dim of ``sizes``, all of ``shape``, naming distinct points."""
    flat = d.rng.choice(_numel(tuple(sizes)), size=_numel(shape), replace=False)
    return [c.reshape(shape) for c in np.unravel_index(flat, tuple(sizes))]


def _capped(shape: Shape, cap: int) -> Shape:
    """``shape`` with its largest sizes lowered until it has at most ``cap`` elements."""
    sides = list(shape)
    while _numel(tuple(sides)) > cap:
        sides[sides.index(max(sides))] -= 1
    return tuple(sides)


def _signed(d: Draw, values: np.ndarray, size: int) -> np.ndarray:
    """Some of ``values`` (in ``[0, size)``) as their negative equivalents."""
    if not d.boolean(label="negative"):
        return values
    return np.where(d.rng.random(values.shape) < 0.5, values - size, values)


def _draw_items(d: Draw, shape: Shape, unique: bool) -> list[_Item]:
    """The items of an index into ``shape``: basic (ints, slices, None, Ellipsis) and
    advanced (integer tensors or lists broadcasting together, or one bool mask with integer
    indices of its count), in any combination; ``unique``: distinct targets (setitem)."""
    ndim = len(shape)
    if d.boolean(label="Ellipsis"):
        start = d.integer(0, ndim, label="Ellipsis start")
        stop = d.integer(start, ndim, label="Ellipsis stop")
        spans = [(0, start), (stop, ndim)]
    else:
        spans = [(0, d.integer(0, ndim, label="indexed dims"))]
    # at most one mask, over a run of dims within a span
    mask_run: tuple[int, int] | None = None
    runs = [(a, b) for a, b in spans if b > a]
    if runs and d.integer(0, 2, label="mask") == 0:
        a, b = d.choice(runs, label="mask span")
        first = d.integer(a, b - 1, label="mask start")
        mask_run = (first, d.integer(first + 1, b, label="mask stop"))
    kinds: dict[int, str] = {}
    for a, b in spans:
        for dim in range(a, b):
            if mask_run and mask_run[0] <= dim < mask_run[1]:
                continue
            options = ["slice", "int", "array"] if shape[dim] else ["slice"]
            kinds[dim] = d.choice(options, label="kind")
    items_at: dict[int, _Item] = {}
    if mask_run:
        items_at[mask_run[0]] = _mask_item(d, shape[mask_run[0] : mask_run[1]])
    arrays = [dim for dim, kind in kinds.items() if kind == "array"]
    if arrays:
        if mask_run:
            count = items_at[mask_run[0]].shape[0]
            shapes = [d.choice([(1,), (count,)], label="shape with mask") for _ in arrays]
        else:
            shapes = list(d.broadcast_shapes(len(arrays), min_dims=1, max_dims=2, max_side=3))
        if unique:
            full = np.broadcast_shapes(*shapes)
            if mask_run:  # the mask's positions are distinct already
                coords = [d.rng.integers(0, shape[dim], size=full) for dim in arrays]
            else:
                full = _capped(full, _numel(tuple(shape[dim] for dim in arrays)))
                coords = _distinct_points(d, [shape[dim] for dim in arrays], full)
        else:
            coords = [d.rng.integers(0, shape[dim], size=s) for dim, s in zip(arrays, shapes)]
        for dim, values in zip(arrays, coords):
            values = _signed(d, values.astype(np.int64), shape[dim])
            items_at[dim] = _array_item(values, d)
    for dim, kind in kinds.items():
        if kind == "int":
            items_at[dim] = _int_item(d, shape[dim])
        elif kind == "slice":
            items_at[dim] = _Item(_slice(d, shape[dim]), "slice", 1)
    items = [items_at[dim] for dim in sorted(items_at)]
    if len(spans) == 2:
        before = sum(1 for dim in items_at if dim < spans[0][1])
        items.insert(before, _Item(Ellipsis, "Ellipsis"))
    for _ in range(d.integer(0, 2, label="Nones")):
        items.insert(d.integer(0, len(items), label="None at"), _Item(None, "None"))
    if not mask_run and not arrays and d.integer(0, 5, label="bool") == 0:
        # a bool scalar: a new dimension of size 1 (True) or 0 (False)
        flag = d.boolean(label="True")
        value: Any = flag
        if d.boolean(label="bool tensor"):
            value = TensorArg(np.array(flag), requires_grad=False)
        items.insert(
            d.integer(0, len(items), label="bool at"), _Item(value, "bool", 0, (int(flag),))
        )
    return items


def _index_of(items: list[_Item], d: Draw) -> Any:
    """The index passed: a tuple, or a single item on its own (never a nested list alone:
    PyTorch reads a non-tuple sequence of sequences as a tuple, with a deprecation warning)."""
    if len(items) == 1 and d.boolean(label="bare"):
        value = items[0].value
        if not (isinstance(value, list) and value and isinstance(value[0], list)):
            return value
    return tuple(item.value for item in items)


def _region_shape(shape: Shape, items: list[_Item]) -> Shape:
    """The shape of ``tensor[index]`` as PyTorch computes it: ints, slices and None first
    (as views), then the advanced items together; their broadcast shape replaces them in
    place when they are adjacent, and goes first otherwise."""
    ndim, position = len(shape), 0
    consumed = sum(item.consumes for item in items)
    result: list[Any] = []
    advanced: list[Shape] = []
    for item in items:
        if item.kind == "None":
            result.append(1)
        elif item.kind == "Ellipsis":
            result += shape[position : position + ndim - consumed]
            position += ndim - consumed
        elif item.kind == "slice":
            result.append(len(range(*item.value.indices(shape[position]))))
            position += 1
        elif item.kind == "int":
            position += 1
        else:
            advanced.append(item.shape)
            result.append(None)
            position += item.consumes
    result += shape[position:]
    if not advanced:
        return tuple(result)
    broadcast = np.broadcast_shapes(*advanced)
    places = [i for i, size in enumerate(result) if size is None]
    rest = [size for size in result if size is not None]
    if places == list(range(places[0], places[0] + len(places))):
        return (*rest[: places[0]], *broadcast, *rest[places[0] :])
    return (*broadcast, *rest)


def draw_getitem(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    items = _draw_items(d, shape, unique=False)
    return d.sample(d.tensor(shape), _index_of(items, d))


def _value(d: Draw, region: Shape) -> Any:
    """What is written: a Python number, or a tensor broadcasting to ``region``."""
    if d.integer(0, 3, label="scalar value") == 0:
        return _scalar(d)
    return d.tensor(d.broadcastable_to(region, leading_one=True))


def draw_setitem(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    items = _draw_items(d, shape, unique=True)
    region = _region_shape(shape, items)
    return d.sample(_written(d, shape), _index_of(items, d), _value(d, region))


# -- index_select, index_add, index_copy, index_fill ----------------------------------------
def _along(d: Draw, max_dims: int = 3) -> tuple[Shape, int, int]:
    """An input shape, a dim of it and the dim's size (1 for 0-d inputs)."""
    shape = d.shape(max_dims=max_dims)
    dim = d.dim(len(shape))
    assert dim is not None
    return shape, dim, shape[dim] if shape else 1


def _vector_shape(d: Draw, size: int, unique: bool, max_count: int = 4) -> Shape:
    """A 1-D (or 0-d) index shape whose positions fit a dim of ``size``."""
    high = min(size, max_count) if unique else (max_count if size else 0)
    options: list[Shape] = [(d.integer(0, high, label="index size"),)]
    if size:
        options.append(())
    return d.choice(options, label="index shape")


def _replaced(shape: Shape, dim: int, size: int) -> Shape:
    if not shape:
        return ()
    result = list(shape)
    result[_wrap(dim, len(shape))] = size
    return tuple(result)


def draw_index_select(d: Draw) -> Sample:
    shape, dim, size = _along(d)
    # a 0-d input takes one index only
    index_shape = _vector_shape(d, size, unique=False) if shape else d.choice([(), (1,)])
    index = _positions(d, index_shape, size)
    return d.sample(d.tensor(shape, dtype=_int_or_same(d)), dim, index)


def _source_for(
    d: Draw, shape: Shape, dim: int, index: TensorArg, dtype: str | None, zero_d: bool = False
) -> TensorArg:
    """The source of index_add/index_copy: ``shape`` with ``dim`` sized as the index."""
    count = index.value.size
    source_shape = _replaced(shape, dim, count)
    if zero_d and count == 1 and len(shape) == 1 and d.boolean(label="0-d source"):
        source_shape = ()
    return d.tensor(source_shape, dtype=dtype)


def draw_index_add(d: Draw) -> Sample:
    shape, dim, size = _along(d)
    dtype = _int_or_same(d)
    index_shape = _vector_shape(d, size, unique=False) if shape else d.choice([(), (1,)])
    index = _positions(d, index_shape, size)
    kwargs: dict[str, Any] = {}
    if d.boolean(label="alpha"):
        kwargs["alpha"] = d.choice([2, -1, 0] if dtype else [2.5, -1.0, 0.5, 2], label="alpha")
    source = _source_for(d, shape, dim, index, dtype)
    return d.sample(_written(d, shape, dtype=dtype), dim, index, source, **kwargs)


def draw_index_copy(d: Draw) -> Sample:
    shape, dim, size = _along(d)
    index_shape = _vector_shape(d, size, unique=True) if shape else d.choice([(), (1,)])
    index = _positions(d, index_shape, size, unique=True)
    source = _source_for(d, shape, dim, index, None, zero_d=True)
    return d.sample(_written(d, shape), dim, index, source)


def draw_index_fill(d: Draw) -> Sample:
    shape, dim, size = _along(d)
    dtype = _int_or_same(d)
    index_shape = _vector_shape(d, size, unique=False) if shape else d.choice([(), (1,)])
    value: Any = _scalar(d, dtype)
    if d.boolean(label="tensor value"):
        value = d.tensor((), dtype=dtype)
    # negative indices only with a number: PyTorch's backward for a tensor value selects with
    # them as they are, and fails ("index out of range in self")
    negative = not isinstance(value, TensorArg)
    index = _positions(d, index_shape, size, negative=negative)
    return d.sample(_written(d, shape, dtype=dtype), dim, index, value)


# -- gather and scatter ----------------------------------------------------------------------
def _gather_index(
    d: Draw, shape: Shape, dim: int, *, unique: bool, max_extra: int = 4
) -> TensorArg:
    """An index of gather/scatter into ``shape`` along ``dim``: as many dims, no larger than
    ``shape`` apart from ``dim`` (and there too with ``unique``, whose columns along ``dim``
    hold distinct positions)."""
    if not shape:
        options: list[Shape] = [(), (1,), (0,)]
        if not unique:
            options.append((d.integer(2, 3, label="repeats"),))
        index_shape = d.choice(options, label="index shape")
        return _positions(d, index_shape, 1, unique=unique)
    dim = _wrap(dim, len(shape))
    size = shape[dim]
    sides = []
    for axis, side in enumerate(shape):
        if axis == dim:
            high = side if unique else (max_extra if side else 0)
        else:
            high = side
        sides.append(d.integer(0, high, label="index side"))
    index_shape = tuple(sides)
    if not unique:
        return _positions(d, index_shape, size)
    moved = (*index_shape[:dim], *index_shape[dim + 1 :], index_shape[dim])
    columns = [d.rng.permutation(size)[: moved[-1]] for _ in range(_numel(moved[:-1]))]
    values = np.array(columns, dtype=np.int64).reshape(moved)
    return _laid_out(d, TensorArg(np.moveaxis(values, -1, dim), requires_grad=False))


def _src(
    d: Draw, index: TensorArg, dtype: str | None, domain: str = "real", larger: bool = True
) -> TensorArg:
    """A source as large as the index, or (with ``larger``) larger: PyTorch's backward then
    fails with an invalid gradient shape, so such sources don't require grad."""
    index_shape = index.value.shape
    if larger and index_shape and d.integer(0, 3, label="larger src") == 0:
        sides = tuple(side + d.integer(0, 1, label="extra") for side in index_shape)
        return d.tensor(sides, domain, dtype=dtype, requires_grad=False)
    return d.tensor(index_shape, domain, dtype=dtype)


def draw_gather(d: Draw) -> Sample:
    shape, dim, _ = _along(d)
    index = _gather_index(d, shape, dim, unique=False)
    return d.sample(d.tensor(shape, dtype=_int_or_same(d)), dim, index)


def draw_scatter(d: Draw) -> Sample:
    shape, dim, _ = _along(d)
    dtype = _int_or_same(d)
    index = _gather_index(d, shape, dim, unique=True)
    how = d.choice(["src", "value", "value keyword"], label="src or value")
    if how == "src":
        return d.sample(_written(d, shape, dtype=dtype), dim, index, _src(d, index, dtype))
    if how == "value":
        return d.sample(d.tensor(shape, dtype=dtype), dim, index, _scalar(d, dtype))
    return d.sample(d.tensor(shape, dtype=dtype), dim, index, value=_scalar(d, dtype))


def draw_scatter_reduce_legacy(d: Draw) -> Sample:
    shape, dim, _ = _along(d)
    index = _gather_index(d, shape, dim, unique=False)
    reduce = d.choice(["add", "multiply"], label="reduce")
    # a Python number: a tensor src with reduce= warns (deprecated in PyTorch)
    return d.sample(d.tensor(shape), dim, index, _scalar(d), reduce=reduce)


def draw_scatter_add(d: Draw) -> Sample:
    shape, dim, _ = _along(d)
    dtype = _int_or_same(d)
    index = _gather_index(d, shape, dim, unique=False)
    return d.sample(_written(d, shape, dtype=dtype), dim, index, _src(d, index, dtype))


def _with_zeros(d: Draw, arg: TensorArg, single: bool = False) -> TensorArg:
    """``arg`` with about a third of its elements zero (or one of them, with ``single``)."""
    value = arg.value.copy()
    if single and value.size:
        value.reshape(-1)[d.integer(0, value.size - 1, label="zero at")] = 0
    elif not single:
        value[d.rng.random(value.shape) < 0.3] = 0
    return dataclasses.replace(arg, value=value)


def _tied(d: Draw, arg: TensorArg) -> TensorArg:
    """``arg`` with values among 0, 1 and 2: equal elements are common."""
    value = d.rng.integers(0, 3, size=arg.value.shape).astype(arg.value.dtype)
    return dataclasses.replace(arg, value=value)


def draw_scatter_reduce(reduce: str | None) -> DrawFunction:
    """scatter_reduce(input, dim, index, src, reduce[, include_self]); ``None`` draws the
    reduction too."""

    def draw(d: Draw) -> Sample:
        how = reduce or d.choice(["sum", "prod", "mean", "amax", "amin"], label="reduce")
        domain = "nonzero" if how == "prod" else "real"
        shape, dim, _ = _along(d)
        dtype = _int_or_same(d)
        index = _gather_index(d, shape, dim, unique=False)
        # PyTorch's backward of prod, amax and amin compares src with the gathered result and
        # fails for a larger src, even one that doesn't require grad (integer ones are fine)
        larger = how in ("sum", "mean") or dtype == "int64"
        x, src = _written(d, shape, domain, dtype), _src(d, index, dtype, domain, larger)
        gradcheck = True
        special = d.integer(0, 3, label="zeros or ties") == 0
        if special and how == "prod":
            # zeros: PyTorch's double backward refuses two zeros of src in one product
            x, src, gradcheck = _with_zeros(d, x), _with_zeros(d, src, single=True), False
        kwargs: dict[str, Any] = {}
        if d.boolean(label="include_self given"):
            kwargs["include_self"] = d.boolean(label="include_self")
        if special and how in ("amax", "amin") and kwargs.get("include_self", True):
            # ties only where self takes part: without it, PyTorch still counts a self equal
            # to the result among the tied elements (so src's gradients miss a share)
            x, src, gradcheck = _tied(d, x), _tied(d, src), False
        return d.sample(x, dim, index, src, how, gradcheck=gradcheck, **kwargs)

    return draw


def draw_take_along_dim(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    dtype = _int_or_same(d)
    if not shape or d.integer(0, 3, label="flattened") == 0:
        numel = _numel(shape)
        index_shape = d.shape(max_dims=2) if numel else d.choice([(0,), (2, 0)], label="empty")
        index = _positions(d, index_shape, numel)
        # PyTorch flattens both with view(-1), which fails on most non-contiguous layouts
        if len(index_shape) > 1:
            index = dataclasses.replace(index, layout=None)
        x = d.tensor(shape, dtype=dtype, layout=len(shape) < 2)
        return d.sample(x, index)
    ndim = len(shape)
    dim = d.dim(ndim)
    assert dim is not None
    axis = _wrap(dim, ndim)
    # the other dims broadcast: each side is either the input's, the index's, or shared
    input_shape, index_shape = list(shape), list(shape)
    for i, side in enumerate(shape):
        if i == axis:
            index_shape[i] = d.integer(0, 3, label="index side") if side else 0
        else:
            which = d.choice(["both", "input 1", "index 1"], label="broadcast")
            if which == "input 1":
                input_shape[i] = 1
            elif which == "index 1":
                index_shape[i] = 1
    size = input_shape[axis]
    # PyTorch wraps negative indices (taking them modulo the size)
    index = _positions(d, tuple(index_shape), size, negative=True)
    return d.sample(d.tensor(tuple(input_shape), dtype=dtype), index, dim)


# -- take and put ------------------------------------------------------------------------
def draw_take(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    numel = _numel(shape)
    index_shape = d.shape(max_dims=2) if numel else d.choice([(0,), (0, 2)], label="empty")
    index = _positions(d, index_shape, numel, negative=True)
    return d.sample(d.tensor(shape, dtype=_int_or_same(d)), index)


def draw_put(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    numel = _numel(shape)
    accumulate = d.choice([None, False, True], label="accumulate")
    index_shape = d.shape(max_dims=2) if numel else d.choice([(0,), (0, 2)], label="empty")
    if not accumulate:  # distinct targets
        index_shape = _capped(index_shape, numel)
    index = _positions(d, index_shape, numel, unique=not accumulate, negative=True)
    count = index.value.size
    source_shape = d.choice([index_shape, _source_shape(d, count)], label="source shape")
    args: list[Any] = [_written(d, shape), index, d.tensor(source_shape)]
    kwargs: dict[str, Any] = {}
    if accumulate is not None:
        if d.boolean(label="accumulate keyword"):
            kwargs["accumulate"] = accumulate
        else:
            args.append(accumulate)
    return d.sample(*args, **kwargs)


# -- masks ---------------------------------------------------------------------------------
def draw_masked_select(d: Draw) -> Sample:
    shape, mask_shape = d.broadcast_shapes(2, max_dims=3)
    return d.sample(d.tensor(shape, dtype=_int_or_same(d)), _mask(d, mask_shape))


def _draw_masked_scatter(d: Draw, inplace: bool) -> Sample:
    shape, mask_shape = d.broadcast_shapes(2, max_dims=3)
    full = tuple(np.broadcast_shapes(shape, mask_shape))
    if inplace:  # the mask broadcasts to the input, not the other way
        shape = full
    mask = _mask(d, mask_shape)
    count = int(np.broadcast_to(mask.value, full).sum())
    source = d.tensor(_source_shape(d, count + d.integer(0, 2, label="spare")))
    return d.sample(_written(d, shape), mask, source)


def draw_masked_scatter(d: Draw) -> Sample:
    return _draw_masked_scatter(d, inplace=False)


def draw_masked_scatter_(d: Draw) -> Sample:
    return _draw_masked_scatter(d, inplace=True)


# -- index_put -----------------------------------------------------------------------------
def draw_index_put(d: Draw) -> Sample:
    """index_put(input, indices, values, accumulate): integer tensors broadcasting together
    (distinct points without accumulation), or one bool mask and integer tensors of its
    count, over the leading dims."""
    shape = d.shape(min_dims=1, max_dims=3)  # a 0-d input has nothing to index
    ndim = len(shape)
    accumulate = d.choice([None, False, True], label="accumulate")
    indices: list[TensorArg] = []
    if 0 in shape or d.integer(0, 2, label="mask") == 0:
        mask_dims = d.integer(1, ndim, label="mask dims")  # a 0-d mask fails in PyTorch
        mask = _mask(d, shape[:mask_dims])
        indices.append(mask)
        count = int(mask.value.sum())
        advanced: Shape = (count,)
        consumed = mask_dims
        while consumed < ndim and shape[consumed] and d.integer(0, 2, label="and int") == 0:
            # the mask's positions are distinct: these may repeat
            index_shape = d.choice([(), (1,), (count,)], label="shape with mask")
            advanced = tuple(np.broadcast_shapes(advanced, index_shape))
            indices.append(_positions(d, index_shape, shape[consumed], negative=True))
            consumed += 1
    else:
        consumed = d.integer(1, ndim, label="indexed dims")
        shapes = d.broadcast_shapes(consumed, max_dims=2, max_side=3)
        advanced = tuple(np.broadcast_shapes(*shapes))
        sizes = list(shape[:consumed])
        if accumulate:
            coords = [d.rng.integers(0, n, size=s) for n, s in zip(sizes, shapes)]
        else:  # distinct points: every index has the full broadcast shape
            advanced = _capped(advanced, _numel(tuple(sizes)))
            coords = _distinct_points(d, sizes, advanced)
        for n, values in zip(sizes, coords):
            arg = TensorArg(_signed(d, values.astype(np.int64), n), requires_grad=False)
            indices.append(_laid_out(d, arg))
    region = (*advanced, *shape[consumed:])
    values = d.tensor(d.broadcastable_to(region))
    container = d.choice([tuple, list], label="indices container")
    args: list[Any] = [_written(d, shape), container(indices), values]
    kwargs: dict[str, Any] = {}
    if accumulate is not None:
        if d.boolean(label="accumulate keyword"):
            kwargs["accumulate"] = accumulate
        else:
            args.append(accumulate)
    return d.sample(*args, **kwargs)


# -- positions (no gradient) ------------------------------------------------------------------
def _sparse(d: Draw, dtype: str | None = None) -> TensorArg:
    """A tensor about half zeros (or a bool tensor)."""
    shape = d.shape(max_dims=3)
    arg = d.tensor(shape, dtype=dtype)
    value = np.where(arg.value < 0, 0, arg.value).astype(arg.value.dtype)
    return dataclasses.replace(arg, value=value)


def draw_nonzero(keywords: bool) -> DrawFunction:
    def draw(d: Draw) -> Sample:
        x = _sparse(d, d.choice([None, "bool"], label="bool input"))
        if keywords and d.boolean(label="as_tuple given"):
            return d.sample(x, as_tuple=d.boolean(label="as_tuple"))
        return d.sample(x)

    return draw


def draw_where_condition(d: Draw) -> Sample:
    return d.sample(d.tensor(d.shape(max_dims=3)))


def draw_one_hot(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    classes = d.integer(1, 4, label="classes")
    index = _positions(d, shape, classes)
    if index.value.size and d.boolean(label="inferred"):
        return d.sample(index, *d.choice([(), (-1,)], label="inferred how"))
    low = int(index.value.max()) + 1 if index.value.size else 1
    return d.sample(index, d.integer(low, low + 2, label="num_classes"))


# searchsorted and bucketize take contiguous tensors only: PyTorch warns about others
def _grid(d: Draw, shape: Shape, dtype: str | None = None) -> np.ndarray:
    """Values on a coarse grid (halves, or integers for integer dtypes): ties are common."""
    dtype = dtype or d.dtype
    values = d.rng.integers(-4, 5, size=shape)
    return (values if dtype.startswith("int") else values / 2).astype(dtype)


def _search_options(d: Draw) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if d.boolean(label="out_int32 given"):
        kwargs["out_int32"] = d.boolean(label="out_int32")
    return kwargs


def draw_searchsorted(d: Draw) -> Sample:
    length = d.integer(0, 5, label="boundaries")
    kwargs = _search_options(d)
    how = d.choice(["default", "right", "side", "both"], label="side")
    right = d.boolean(label="right")
    if how in ("right", "both"):
        kwargs["right"] = right
    if how in ("side", "both"):  # when both are given they must agree
        kwargs["side"] = "right" if right else "left"
    if d.boolean(label="rows"):
        rows = d.shape(min_dims=1, max_dims=2, max_side=3)
        boundaries = np.sort(_grid(d, (*rows, length)), axis=-1)
        values: Any = TensorArg(_grid(d, (*rows, d.integer(0, 4, label="values"))))
    else:
        boundaries = np.sort(_grid(d, (length,)))
        if d.integer(0, 3, label="scalar") == 0:
            values = d.choice([0.5, -1, 2, 1.25], label="scalar value")
        else:
            values = TensorArg(_grid(d, d.shape(max_dims=3)))
    if d.integer(0, 3, label="sorter") == 0:  # shuffled rows, and the order that sorts them
        order = np.argsort(d.rng.random(boundaries.shape), axis=-1)
        unsorted = np.empty_like(boundaries)
        np.put_along_axis(unsorted, order, boundaries, axis=-1)
        kwargs["sorter"] = TensorArg(order.astype(np.int64), requires_grad=False)
        return d.sample(TensorArg(unsorted), values, **kwargs)
    return d.sample(TensorArg(boundaries), values, **kwargs)


def draw_bucketize(d: Draw) -> Sample:
    boundaries = np.sort(_grid(d, (d.integer(0, 5, label="boundaries"),)))
    kwargs = _search_options(d)
    if d.boolean(label="right given"):
        kwargs["right"] = d.boolean(label="right")
    values: Any
    if d.integer(0, 3, label="scalar") == 0:
        values = d.choice([0.5, -1, 2, 1.25], label="scalar value")
    else:
        values = TensorArg(_grid(d, d.shape(max_dims=3)))
    return d.sample(values, TensorArg(boundaries), **kwargs)


DRAWS: dict[str, DrawFunction] = {
    "getitem": draw_getitem,
    "setitem": draw_setitem,
    "index_select": draw_index_select,
    "index_add": draw_index_add,
    "index_add_": draw_index_add,
    "index_copy": draw_index_copy,
    "index_copy_": draw_index_copy,
    "index_fill": draw_index_fill,
    "index_fill_": draw_index_fill,
    "gather": draw_gather,
    "scatter": draw_scatter,
    "scatter_": draw_scatter,
    "scatter_reduce_legacy": draw_scatter_reduce_legacy,
    "scatter_add": draw_scatter_add,
    "scatter_add_": draw_scatter_add,
    **{
        f"scatter_reduce_{r}": draw_scatter_reduce(r)
        for r in ("sum", "prod", "mean", "amax", "amin")
    },
    "scatter_reduce_": draw_scatter_reduce(None),
    "take_along_dim": draw_take_along_dim,
    "take": draw_take,
    "put": draw_put,
    "put_": draw_put,
    "masked_select": draw_masked_select,
    "masked_scatter": draw_masked_scatter,
    "masked_scatter_": draw_masked_scatter_,
    "index_put": draw_index_put,
    "index_put_": draw_index_put,
    "nonzero": draw_nonzero(keywords=True),
    "Tensor.nonzero": draw_nonzero(keywords=True),
    "argwhere": draw_nonzero(keywords=False),
    "where_condition": draw_where_condition,
    "one_hot": draw_one_hot,
    "searchsorted": draw_searchsorted,
    "bucketize": draw_bucketize,
}
