"""Hypothesis-drawn samples for the shape, view, joining and splitting rows of the op database.

Each draw lets hypothesis choose what the row's fixed samples pin: the input shape (0-d and
empty included where the op accepts them), its layout, the dims (negative ones too), target
shapes (factorisations of the number of elements, with ``-1`` sometimes; view targets only
split or merge dims whose memory allows it), split sizes and sections, repeat counts,
permutations, offsets and shifts, option values, keyword versus positional forms and, where
the fixed samples mix them, dtypes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from drawing import Draw, DrawFunction, draw_unary
from hypothesis import strategies as st
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]


# -- helpers ---------------------------------------------------------------------------------
def _int_tensor(value: Any) -> TensorArg:
    """An int64 tensor argument (sections, indices, repeats, a start)."""
    return TensorArg(np.asarray(value, dtype=np.int64), requires_grad=False)


def _shape(d: Draw, ndim: int, max_side: int = 3, min_side: int = 0) -> tuple[int, ...]:
    """A shape with exactly ``ndim`` dims."""
    return d.shape(min_dims=ndim, max_dims=ndim, min_side=min_side, max_side=max_side)


def _sized_along(
    d: Draw, shape: tuple[int, ...], dim: int, high: int = 5, low: int = 0
) -> tuple[int, ...]:
    """``shape`` with a freshly drawn (possibly larger) size along ``dim``."""
    result = list(shape)
    result[dim] = d.integer(low, high, label="size along dim")
    return tuple(result)


def _mixed_dtype(d: Draw) -> str | None:
    """The sample's dtype most of the time, sometimes float64 or int64 (promotion)."""
    return d.choice([None, None, "float64", "int64"], label="dtype of this tensor")


def _contiguous_strides(shape: Sequence[int]) -> tuple[int, ...]:
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def _strides(shape: tuple[int, ...], layout: str | None) -> tuple[int, ...]:
    """The element strides of the view ``oracle`` hands the op for ``layout``."""
    if layout == "transposed":
        memory = _contiguous_strides((*shape[:-2], shape[-1], shape[-2]))
        return (*memory[:-2], memory[-1], memory[-2])
    if layout == "strided":
        memory = _contiguous_strides((*shape[:-1], 2 * shape[-1]))
        return (*memory[:-1], 2)
    return _contiguous_strides(shape)


def _mergeable_groups(shape: tuple[int, ...], strides: tuple[int, ...]) -> list[int]:
    """The numels of the runs of dims that a view may merge (size-1 dims belong to none)."""
    groups: list[int] = []
    previous: int | None = None
    for size, stride in zip(shape, strides):
        if size == 1:
            continue
        if groups and previous == stride * size:
            groups[-1] *= size
        else:
            groups.append(size)
        previous = stride
    return groups


def _factorisation(d: Draw, n: int, max_parts: int = 3) -> list[int]:
    """Sizes whose product is ``n`` > 0 (size-1 entries included)."""
    parts: list[int] = []
    for _ in range(d.integer(1, max_parts, label="parts") - 1):
        factor = d.choice([k for k in range(1, n + 1) if n % k == 0], label="factor")
        parts.append(factor)
        n //= factor
    parts.append(n)
    return parts


def _with_minus_one(d: Draw, sizes: list[int]) -> list[int]:
    """Sometimes one entry replaced by -1 (only where PyTorch can infer it)."""
    if not sizes or not d.boolean(label="-1"):
        return sizes
    position = d.integer(0, len(sizes) - 1, label="-1 at")
    if math.prod(sizes[:position] + sizes[position + 1 :]) == 0:
        return sizes  # the inferred size would be ambiguous
    return [*sizes[:position], -1, *sizes[position + 1 :]]


def _target_shape(d: Draw, x: TensorArg, view: bool, minus_one: bool = True) -> tuple[int, ...]:
    """A shape with ``x``'s number of elements; with ``view``, one its memory allows as a view
    (each target dim splits one run of mergeable dims)."""
    shape = x.value.shape
    if x.value.size == 0:
        result = list(d.shape(min_dims=1, max_dims=4, max_side=3))
        result[d.integer(0, len(result) - 1, label="zero at")] = 0
    else:
        groups = _mergeable_groups(shape, _strides(shape, x.layout)) if view else [x.value.size]
        result = [size for group in groups for size in _factorisation(d, group, 2 if view else 4)]
        for _ in range(d.integer(0, 2, label="ones")):
            result.insert(d.integer(0, len(result), label="one at"), 1)
    return tuple(_with_minus_one(d, result) if minus_one else result)


def _squeezable_shape(d: Draw, max_dims: int = 4) -> tuple[int, ...]:
    """A shape rich in size-1 dims (empty ones included)."""
    return tuple(d(st.lists(st.sampled_from([0, 1, 1, 2, 3]), max_size=max_dims), label="shape"))


def _dim_args(d: Draw, dim: int, keyword: bool = True) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """``dim`` positionally or (if the op takes it) as a keyword, or left out when it is 0."""
    forms = ["positional", "default"] + (["keyword"] if keyword else [])
    form = d.choice(forms, label="dim form")
    if form == "default" and dim == 0:
        return (), {}
    if form == "keyword":
        return (), {"dim": dim}
    return (dim,), {}


def _distinct_dims(d: Draw, ndim: int, count: int) -> tuple[int, ...]:
    """``count`` distinct dims of an ``ndim``-dimensional tensor, some negative."""
    positions = d(st.permutations(range(ndim)), label="dims")[:count]
    return tuple(p - ndim if d.boolean(label="negative") else p for p in positions)


def _cut(d: Draw, n: int, max_pieces: int = 4) -> list[int]:
    """Nonnegative sizes summing to ``n`` (empty pieces included)."""
    count = d.integer(1, max_pieces, label="pieces")
    cuts = sorted(d(st.lists(st.integers(0, n), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, n]
    return [b - a for a, b in itertools.pairwise(bounds)]


def _split_indices(d: Draw, n: int) -> list[int]:
    """tensor_split indices: any order, negative and past the end included."""
    return d(st.lists(st.integers(-n - 1, n + 2), max_size=3), label="indices")


# -- views and reshaping ---------------------------------------------------------------------
def draw_view(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=4))
    return d.sample(x, _target_shape(d, x, view=True))


def draw_reshape(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=4))
    return d.sample(x, _target_shape(d, x, view=d.boolean(label="viewable")))


def draw_view_as(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=4))
    other = d.tensor(_target_shape(d, x, view=True, minus_one=False), requires_grad=False)
    return d.sample(x, other)


def draw_reshape_as(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=4))
    target = _target_shape(d, x, view=d.boolean(label="viewable"), minus_one=False)
    return d.sample(x, d.tensor(target, requires_grad=False))


def draw_flatten(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    ndim = len(shape)
    start, end = d.dim(ndim), d.dim(ndim)
    span = max(ndim, 1)
    if start % span > end % span:
        start, end = end, start
    args = d.choice([(), (start,), (start, end)], label="flatten args")
    return d.sample(d.tensor(shape), *args)


def draw_t(d: Draw) -> Sample:
    return d.sample(d.tensor(d.shape(max_dims=2)))


def draw_T(d: Draw) -> Sample:
    # x.T on other than 2 dims warns (deprecated), and warnings are errors in the tests
    return d.sample(d.tensor(_shape(d, 2, max_side=4)))


def draw_mT(d: Draw) -> Sample:
    return d.sample(d.tensor(d.shape(min_dims=2, max_dims=4)))


def draw_transpose(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    return d.sample(d.tensor(shape), d.dim(len(shape)), d.dim(len(shape)))


def draw_permute(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    dims = _distinct_dims(d, len(shape), len(shape))
    return d.sample(d.tensor(shape), d.choice([dims, list(dims)], label="tuple or list"))


def draw_squeeze(d: Draw) -> Sample:
    shape = _squeezable_shape(d)
    form = d.choice(["all", "dim", "dims"], label="squeeze form")
    if form == "all":
        return d.sample(d.tensor(shape))
    if form == "dim":
        return d.sample(d.tensor(shape), d.dim(len(shape)))
    return d.sample(d.tensor(shape), d.dims(len(shape)))


def draw_squeeze_dims(d: Draw) -> Sample:
    shape = _squeezable_shape(d)
    dims = d.dims(len(shape), min_size=0) if shape else d.choice([(), (0,), (-1,)])
    return d.sample(d.tensor(shape), dims)


def draw_unsqueeze(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    return d.sample(d.tensor(shape), d.integer(-len(shape) - 1, len(shape), label="dim"))


def _broadcast_target(d: Draw, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A shape ``shape`` broadcasts to: new leading dims, size-1 dims grown, -1 kept sizes."""
    leading = d(st.lists(st.integers(0, 3), max_size=2), label="leading sizes")
    kept = []
    for size in shape:
        if size == 1:
            kept.append(d.choice([-1, 0, 1, 2, 3], label="size-1 dim to"))
        else:
            kept.append(d.choice([size, -1], label="kept size"))
    return (*leading, *kept)


def draw_expand(d: Draw) -> Sample:
    shape = _squeezable_shape(d, max_dims=3)
    return d.sample(d.tensor(shape), _broadcast_target(d, shape))


def draw_broadcast_to(d: Draw) -> Sample:
    shape = _squeezable_shape(d, max_dims=3)
    return d.sample(d.tensor(shape), _broadcast_target(d, shape))


def draw_to(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=3), dtype=d.choice([None, "int64"], label="input dtype"))
    target = d.choice(["float64", "float32", "int64", "bool"], label="target dtype")
    # float64 -> float32 -> float64 loses the precision gradcheck's finite differences need
    return d.sample(x, f"dtype:{target}", gradcheck=target == "float64")


def draw_select(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=4)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim, low=1)
    size = shape[dim]
    return d.sample(d.tensor(shape), dim, d.integer(-size, size - 1, label="index"))


def draw_unbind(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=4)
    args, _ = _dim_args(d, d.dim(len(shape)), keyword=False)
    return d.sample(d.tensor(shape), *args)


def draw_narrow(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim)
    size = shape[dim]
    start = d.integer(-size, size, label="start")
    length = d.integer(0, size - (start + size if start < 0 else start), label="length")
    given: Any = _int_tensor(start) if d.boolean(label="tensor start") else start
    return d.sample(d.tensor(shape), dim, given, length)


def draw_unfold(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    if not shape:
        return d.sample(
            d.tensor(shape),
            d.choice([0, -1], label="dim"),
            d.integer(0, 1, label="size"),
            d.integer(1, 3, label="step"),
        )
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim, high=6)
    size = d.integer(0, shape[dim], label="window")
    step = d.integer(1, 4, label="step")
    return d.sample(d.tensor(shape), dim, size, step)


def draw_sum_to_size(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    leading = d.integer(0, len(shape), label="leading dims")
    target = [1 if d.boolean(label="summed") else n for n in shape[leading:]]
    if not target or d.boolean(label="as a tuple"):
        return d.sample(d.tensor(shape), tuple(target))
    return d.sample(d.tensor(shape), *target)


def draw_movedim(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    ndim = len(shape)
    if ndim == 0 or d.boolean(label="single dim"):
        source, destination = d.dim(ndim), d.dim(ndim)
        return d.sample(d.tensor(shape), source, destination)
    count = d.integer(0, ndim, label="count")
    sources = _distinct_dims(d, ndim, count)
    destinations = _distinct_dims(d, ndim, count)
    return d.sample(d.tensor(shape), sources, destinations)


def draw_unflatten(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim, high=6)
    size = shape[dim]
    if size == 0:
        sizes = list(d(st.lists(st.integers(0, 3), min_size=1, max_size=3), label="sizes"))
        sizes[d.integer(0, len(sizes) - 1, label="zero at")] = 0
    else:
        sizes = _factorisation(d, size)
    return d.sample(d.tensor(shape), dim, tuple(_with_minus_one(d, sizes)))


def draw_swapaxes(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    return d.sample(d.tensor(shape), d.dim(len(shape)), d.dim(len(shape)))


def draw_clone_memory_format(d: Draw) -> Sample:
    ndim = d.integer(0, 5, label="ndim")
    # Nonempty: the result's strides are compared, and for empty tensors they differ before
    # clone runs. KNOWN BUG: rungrad.zeros(2, 0).stride() is (0, 1), PyTorch's (1, 1) (the
    # _tensor.py stride of empty tensors); and torch.tensor(an empty ndarray) has all-zero
    # strides where torch.zeros has contiguous ones, so the leaves differ too.
    shape = _shape(d, ndim, min_side=1, max_side=3 if ndim <= 3 else 2)
    formats = ["format:preserve_format", "format:contiguous_format"]
    if ndim == 4:
        formats.append("format:channels_last")
    if ndim == 5:
        formats.append("format:channels_last_3d")
    form = d.choice([None, *formats], label="memory format")
    kwargs = {} if form is None else {"memory_format": form}
    return d.sample(d.tensor(shape), **kwargs)


def draw_as_strided(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    # Not the every-other-element layout: as_strided would read storage outside the input,
    # which the input's gradient (PyTorch's as_strided_backward) cannot account for.
    x = d.tensor(shape, layout=d.choice([None, "transposed"] if len(shape) >= 2 else [None]))
    storage = x.value.size
    size = list(d.shape(max_dims=3, min_side=1, max_side=3))
    # only an empty result fits in an empty storage
    if storage == 0 or (size and d.boolean(label="empty result")):
        size = size or [0]
        size[d.integer(0, len(size) - 1, label="zero at")] = 0
    budget = max(storage - 1, 0)
    stride = []
    for side in size:
        if side >= 2:
            step = d.integer(0, min(3, budget // (side - 1)), label="stride")
            budget -= step * (side - 1)
        else:
            step = d.integer(0, 3, label="stride")
        stride.append(step)
    if 0 in size or not d.boolean(label="storage offset"):
        return d.sample(x, tuple(size), tuple(stride))
    return d.sample(x, tuple(size), tuple(stride), d.integer(0, budget, label="offset"))


# -- joining ---------------------------------------------------------------------------------
def draw_stack(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    count = d.integer(1, 3, label="count")
    tensors = [d.tensor(shape, dtype=_mixed_dtype(d) if i else None) for i in range(count)]
    dim = d.integer(-len(shape) - 1, len(shape), label="dim")
    if dim == 0 and d.boolean(label="default dim"):
        return d.sample(tensors)
    return d.sample(tensors, dim)


def draw_cat(d: Draw) -> Sample:
    ndim = d.integer(1, 3, label="ndim")
    shape = _shape(d, ndim)
    dim = d.dim(ndim)
    count = d.integer(1, 3, label="count")
    tensors = [
        d.tensor(_sized_along(d, shape, dim, high=3), dtype=_mixed_dtype(d) if i else None)
        for i in range(count)
    ]
    if d.boolean(label="legacy empty 1-D"):  # skipped by cat
        tensors.insert(d.integer(0, count, label="at"), d.tensor((0,)))
    form = d.choice(["positional", "axis", "default"], label="dim form")
    if form == "default" and dim == 0:
        return d.sample(tensors)
    if form == "axis":
        return d.sample(tensors, axis=dim)
    return d.sample(tensors, dim)


def draw_hstack(d: Draw) -> Sample:
    ndim = d.integer(0, 3, label="ndim")
    count = d.integer(1, 3, label="count")
    if ndim <= 1:  # 0-d and 1-D tensors are joined as 1-D ones
        shapes = [d.choice([(), (d.integer(0, 3),)], label="shape") for _ in range(count)]
    else:
        shape = _shape(d, ndim)
        shapes = [_sized_along(d, shape, 1, high=3) for _ in range(count)]
    return d.sample([d.tensor(s) for s in shapes])


def draw_vstack(d: Draw) -> Sample:
    count = d.integer(1, 3, label="count")
    if d.boolean(label="3-D"):
        shape = _shape(d, 3)
        shapes = [_sized_along(d, shape, 0, high=3) for _ in range(count)]
    else:  # each 0-d, 1-D or 2-D, as rows of `columns` elements
        columns = d.integer(0, 3, label="columns")
        options: list[Any] = ["rows", "row"] + (["scalar"] if columns == 1 else [])
        shapes = []
        for _ in range(count):
            kind = d.choice(options, label="kind")
            if kind == "rows":
                shapes.append((d.integer(0, 3, label="rows"), columns))
            else:
                shapes.append((columns,) if kind == "row" else ())
    return d.sample([d.tensor(s) for s in shapes])


def draw_dstack(d: Draw) -> Sample:
    count = d.integer(1, 3, label="count")
    if d.boolean(label="4-D"):
        shape = _shape(d, 4, max_side=2)
        shapes = [_sized_along(d, shape, 2, high=3) for _ in range(count)]
    else:  # atleast_3d: () -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1)
        m, n = d.integer(0, 3, label="rows"), d.integer(0, 3, label="columns")
        options: list[Any] = ["3-D", "2-D"] + (["1-D"] if m == 1 else [])
        options += ["0-D"] if m == n == 1 else []
        shapes = []
        for _ in range(count):
            kind = d.choice(options, label="kind")
            if kind == "3-D":
                shapes.append((m, n, d.integer(0, 3, label="depth")))
            else:
                shapes.append({"2-D": (m, n), "1-D": (n,), "0-D": ()}[kind])
    return d.sample([d.tensor(s) for s in shapes])


def draw_column_stack(d: Draw) -> Sample:
    count = d.integer(1, 3, label="count")
    if d.boolean(label="3-D"):
        shape = _shape(d, 3)
        shapes = [_sized_along(d, shape, 1, high=3) for _ in range(count)]
    else:  # 0-d and 1-D tensors become columns
        rows = d.integer(0, 3, label="rows")
        options: list[Any] = ["columns", "column"] + (["scalar"] if rows == 1 else [])
        shapes = []
        for _ in range(count):
            kind = d.choice(options, label="kind")
            if kind == "columns":
                shapes.append((rows, d.integer(0, 3, label="columns")))
            else:
                shapes.append((rows,) if kind == "column" else ())
    return d.sample([d.tensor(s) for s in shapes])


def draw_broadcast_tensors(d: Draw) -> Sample:
    shapes = d.broadcast_shapes(d.integer(1, 3, label="count"), max_dims=3, max_side=3)
    return d.sample(*[d.tensor(s) for s in shapes])


def draw_meshgrid(d: Draw) -> Sample:
    count = d.integer(1, 3, label="count")
    shapes = [d.choice([(), (d.integer(0, 3),)], label="shape") for _ in range(count)]
    tensors = [d.tensor(s) for s in shapes]
    indexing = d.choice(["ij", "xy"], label="indexing")  # none given warns
    if d.boolean(label="list"):
        return d.sample(tensors, indexing=indexing)
    return d.sample(*tensors, indexing=indexing)


def draw_atleast(d: Draw) -> Sample:
    count = d.integer(1, 3, label="count")
    tensors = [d.tensor(d.shape(max_dims=4, max_side=3)) for _ in range(count)]
    if d.boolean(label="list"):
        return d.sample(tensors)
    return d.sample(*tensors)


# -- splitting -------------------------------------------------------------------------------
def draw_split(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim)
    size = shape[dim]
    if d.boolean(label="sections"):
        sections: Any = _cut(d, size)
    else:
        sections = d.integer(0 if size == 0 else 1, size + 1, label="split size")
    args, kwargs = _dim_args(d, dim)
    return d.sample(d.tensor(shape), sections, *args, **kwargs)


def draw_chunk(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim)
    args, kwargs = _dim_args(d, dim)
    return d.sample(d.tensor(shape), d.integer(1, shape[dim] + 2, label="chunks"), *args, **kwargs)


def draw_tensor_split(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim, high=6)
    size = shape[dim]
    x = d.tensor(shape)
    form = d.choice(["sections", "indices", "0-d tensor", "1-D tensor", "keyword"], label="form")
    sections = d.integer(1, size + 2, label="sections")
    indices = _split_indices(d, size)
    if form == "keyword":
        keyword = d.choice(["sections", "indices"], label="keyword")
        given = {"sections": sections, "indices": indices}[keyword]
        return d.sample(x, dim=dim, **{keyword: given})
    argument: Any = {
        "sections": sections,
        "indices": indices,
        "0-d tensor": _int_tensor(sections),
        "1-D tensor": _int_tensor(np.array(indices, dtype=np.int64)),
    }[form]
    args, kwargs = _dim_args(d, dim)
    return d.sample(x, argument, *args, **kwargs)


def _draw_directional_split(min_ndim: int, dim: int) -> DrawFunction:
    """hsplit (dim 1, or 0 for 1-D), vsplit (dim 0), dsplit (dim 2): equal sections that
    divide the size, or indices."""

    def draw(d: Draw) -> Sample:
        shape = d.shape(min_dims=min_ndim, max_dims=max(min_ndim, 3), max_side=3)
        along = dim if len(shape) > 1 else 0
        if d.boolean(label="indices"):
            size = d.integer(0, 5, label="size along dim")
            argument: Any = _split_indices(d, size)
        else:
            sections = d.integer(1, 3, label="sections")
            size = sections * d.integer(0, 2, label="per section")
            argument = sections
        shape = (*shape[:along], size, *shape[along + 1 :])
        return d.sample(d.tensor(shape), argument)

    return draw


def draw_split_output_mul_(d: Draw) -> Sample:
    # split, chunk and unbind make multi-output views that PyTorch refuses to modify in
    # place (the row's error samples); tensor_split and its directional forms slice instead.
    # The modified piece is nonempty. KNOWN BUG: when it is empty, PyTorch's first-order
    # gradient under create_graph does not require grad and rungrad's does (MulBackward0):
    # x = zeros(1, requires_grad=True); y = (x * 1).tensor_split(2)[1].mul_(2);
    # autograd.grad(y, x, ones(0, requires_grad=True), create_graph=True)[0].requires_grad
    # is False in PyTorch, True in rungrad (the in-place-on-view machinery, not the ops).
    method = d.choice(["tensor_split", "hsplit", "vsplit", "dsplit"], label="method")
    ndim = {"tensor_split": 1, "hsplit": 1, "vsplit": 2, "dsplit": 3}[method]
    shape = list(d.shape(min_dims=ndim, max_dims=3, min_side=1, max_side=3))
    along = {"tensor_split": 0, "hsplit": 1, "vsplit": 0, "dsplit": 2}[method]
    along = along if len(shape) > 1 else 0
    if method == "tensor_split":  # the second of two pieces: size // 2
        shape[along] = d.integer(2, 5, label="size along dim")
    else:  # two equal sections
        shape[along] = 2 * d.integer(1, 2, label="per section")
    return d.sample(d.tensor(tuple(shape)), method)


# -- flips, rolls and rotations --------------------------------------------------------------
def draw_flip(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    return d.sample(d.tensor(shape), d.dims(len(shape), min_size=0))


def draw_tensor_flip(d: Draw) -> Sample:
    shape = d.shape(max_dims=4)
    dims = d.dims(len(shape), min_size=1) if shape else d.choice([(0,), (-1,)], label="dims")
    return d.sample(d.tensor(shape), dims)


def draw_fliplr(d: Draw) -> Sample:
    return d.sample(d.tensor(d.shape(min_dims=2, max_dims=4)))


def draw_flipud(d: Draw) -> Sample:
    return d.sample(d.tensor(d.shape(min_dims=1, max_dims=4)))


def draw_roll(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    x = d.tensor(shape)
    form = d.choice(["flattened", "one dim", "dims"] if shape else ["flattened"], label="form")
    if form == "flattened":
        return d.sample(x, d.integer(-7, 7, label="shift"))
    if form == "one dim":
        return d.sample(x, d.integer(-7, 7, label="shift"), d.dim(len(shape)))
    dims = d.dims(len(shape))
    shifts = tuple(d.integer(-7, 7, label="shift") for _ in dims)
    return d.sample(x, shifts, dims)


def draw_rot90(d: Draw) -> Sample:
    shape = d.shape(min_dims=2, max_dims=3)
    x = d.tensor(shape)
    k = d.integer(-5, 5, label="k")
    form = d.choice(["default", "k", "dims"], label="form")
    if form == "default":
        return d.sample(x)
    if form == "k":
        return d.sample(x, k)
    return d.sample(x, k, _distinct_dims(d, len(shape), 2))


# -- diagonals and triangles -----------------------------------------------------------------
def draw_diagonal(d: Draw) -> Sample:
    shape = d.shape(min_dims=2, max_dims=4)
    x = d.tensor(shape)
    offset = d.integer(-4, 4, label="offset")
    form = d.choice(["default", "offset", "dims"], label="form")
    if form == "default":
        return d.sample(x)
    if form == "offset":
        return d.sample(x, offset)
    return d.sample(x, offset, *_distinct_dims(d, len(shape), 2))


def draw_diag(d: Draw) -> Sample:
    x = d.tensor(d.shape(min_dims=1, max_dims=2))
    if d.boolean(label="offset"):
        return d.sample(x, d.integer(-4, 4, label="offset"))
    return d.sample(x)


def draw_diag_embed(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    x = d.tensor(shape)
    offset = d.integer(-3, 3, label="offset")
    form = d.choice(["default", "offset", "dims"], label="form")
    if form == "default":
        return d.sample(x)
    if form == "offset":
        return d.sample(x, offset)
    return d.sample(x, offset, *_distinct_dims(d, len(shape) + 1, 2))


def draw_diagflat(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=3))
    if d.boolean(label="offset"):
        return d.sample(x, d.integer(-3, 3, label="offset"))
    return d.sample(x)


def draw_triangle(d: Draw) -> Sample:
    x = d.tensor(d.shape(min_dims=2, max_dims=4))
    if d.boolean(label="diagonal"):
        return d.sample(x, d.integer(-5, 5, label="diagonal"))
    return d.sample(x)


# -- repeating -------------------------------------------------------------------------------
def draw_repeat(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    extra = d.integer(0 if shape else 1, 2, label="new dims")
    repeats = tuple(d.integer(0, 3, label="repeat") for _ in range(len(shape) + extra))
    return d.sample(d.tensor(shape), repeats)


def draw_tile(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    dims = tuple(d(st.lists(st.integers(0, 3), max_size=4), label="dims"))
    return d.sample(d.tensor(shape), dims)


def draw_repeat_interleave(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    x = d.tensor(shape)
    flattened = not shape or d.boolean(label="flattened")
    dim = None if flattened else d.dim(len(shape))
    length = x.value.size if dim is None else shape[dim]
    form = d.choice(["int", "0-d tensor", "tensor", "one-element tensor"], label="repeats")
    count = d.integer(0, 3, label="repeats")
    if form == "int":
        repeats: Any = count
    elif form == "0-d tensor":
        repeats = _int_tensor(count)
    elif form == "one-element tensor":
        repeats = _int_tensor([count])
    else:
        repeats = _int_tensor(d(st.lists(st.integers(0, 3), min_size=length, max_size=length)))
    if dim is None:
        return d.sample(x, repeats)
    return d.sample(x, repeats, dim)


def draw_select_scatter(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=4)
    dim = d.dim(len(shape))
    shape = _sized_along(d, shape, dim, low=1)
    size = shape[dim]
    index = d.integer(-size, size - 1, label="index")
    src_shape = np.empty(shape)[(slice(None),) * (dim % len(shape)) + (index,)].shape
    return d.sample(d.tensor(shape), d.tensor(src_shape), dim, index)


def draw_slice_scatter(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=4)
    dim = d.dim(len(shape))
    size = shape[dim]
    start = d.integer(-size - 1, size + 1, label="start")
    end = d.integer(-size - 1, size + 1, label="end")
    step = d.integer(1, 3, label="step")
    region = (slice(None),) * (dim % len(shape)) + (slice(start, end, step),)
    src_shape = np.empty(shape)[region].shape
    return d.sample(d.tensor(shape), d.tensor(src_shape), dim, start, end, step)


def draw_diagonal_scatter(d: Draw) -> Sample:
    shape = d.shape(min_dims=2, max_dims=4)
    offset = d.integer(-4, 4, label="offset")
    dim1, dim2 = _distinct_dims(d, len(shape), 2)
    src_shape = np.diagonal(np.empty(shape), offset, dim1, dim2).shape
    return d.sample(d.tensor(shape), d.tensor(src_shape), offset, dim1, dim2)


DRAWS: dict[str, DrawFunction] = {
    "forward_ad.unpack_dual primal": draw_unary(),
    "select_scatter": draw_select_scatter,
    "Tensor.select_scatter": draw_select_scatter,
    "slice_scatter": draw_slice_scatter,
    "Tensor.slice_scatter": draw_slice_scatter,
    "diagonal_scatter": draw_diagonal_scatter,
    "Tensor.diagonal_scatter": draw_diagonal_scatter,
    # views and reshaping
    "view": draw_view,
    "reshape": draw_reshape,
    "flatten": draw_flatten,
    "t": draw_t,
    "T": draw_T,
    "mT": draw_mT,
    "transpose": draw_transpose,
    "permute": draw_permute,
    "squeeze": draw_squeeze,
    "unsqueeze": draw_unsqueeze,
    "expand": draw_expand,
    "clone": draw_unary(),
    "to": draw_to,
    "double": draw_unary(),
    "select": draw_select,
    "unbind": draw_unbind,
    "narrow": draw_narrow,
    "unfold_dimension": draw_unfold,
    "sum_to_size": draw_sum_to_size,
    "movedim": draw_movedim,
    "moveaxis": draw_movedim,
    "unflatten": draw_unflatten,
    "ravel": draw_unary(),
    "squeeze_dims": draw_squeeze_dims,
    "t_": draw_t,
    "transpose_": draw_transpose,
    "squeeze_": draw_squeeze,
    "unsqueeze_": draw_unsqueeze,
    "swapaxes": draw_swapaxes,
    "swapdims": draw_swapaxes,
    "view_as": draw_view_as,
    "reshape_as": draw_reshape_as,
    "clone_memory_format": draw_clone_memory_format,
    "as_strided": draw_as_strided,
    # joining
    "stack": draw_stack,
    "cat": draw_cat,
    "concat": draw_cat,
    "concatenate": draw_cat,
    "hstack": draw_hstack,
    "vstack": draw_vstack,
    "row_stack": draw_vstack,
    "dstack": draw_dstack,
    "column_stack": draw_column_stack,
    "broadcast_to": draw_broadcast_to,
    "broadcast_tensors": draw_broadcast_tensors,
    "meshgrid": draw_meshgrid,
    "atleast_1d": draw_atleast,
    "atleast_2d": draw_atleast,
    "atleast_3d": draw_atleast,
    # splitting
    "split": draw_split,
    "Tensor.split": draw_split,
    "chunk": draw_chunk,
    "tensor_split": draw_tensor_split,
    "hsplit": _draw_directional_split(1, 1),
    "vsplit": _draw_directional_split(2, 0),
    "dsplit": _draw_directional_split(3, 2),
    "split_output.mul_": draw_split_output_mul_,
    # flips, rolls and rotations
    "flip": draw_flip,
    "Tensor.flip": draw_tensor_flip,
    "fliplr": draw_fliplr,
    "flipud": draw_flipud,
    "roll": draw_roll,
    "rot90": draw_rot90,
    # diagonals and triangles
    "diagonal": draw_diagonal,
    "diag": draw_diag,
    "diag_embed": draw_diag_embed,
    "diagflat": draw_diagflat,
    "tril": draw_triangle,
    "triu": draw_triangle,
    "tril_": draw_triangle,
    "triu_": draw_triangle,
    # repeating
    "repeat": draw_repeat,
    "tile": draw_tile,
    "repeat_interleave": draw_repeat_interleave,
}
