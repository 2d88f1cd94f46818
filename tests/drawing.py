"""Hypothesis-drawn samples for op_db rows: what a row's ``draw`` function builds a Sample with.

A draw function takes a ``Draw`` and returns one ``Sample`` whose arguments fit the row's
``op`` (the same call signature as the row's fixed samples). ``Draw`` wraps hypothesis'
``data`` object: every shape, dim, size, flag and layout comes from hypothesis (so failures
shrink to small cases), the values from a seeded NumPy generator in the row's value domain::

    def draw_mm(d: Draw) -> Sample:
        n, k, m = d.sizes(3)
        return d.sample(d.tensor((n, k)), d.tensor((k, m)))

Layouts are drawn too: each tensor argument is contiguous, transposed (the last two
dimensions swapped in memory) or strided (every other element), so every op also runs on
non-contiguous inputs. ``tests/test_ops_drawn.py`` runs the draws against PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes
from op_db import values
from oracle import Sample, TensorArg

__all__ = ["Draw", "DrawFunction", "draw_unary", "draw_binary"]

T = TypeVar("T")


class Draw:
    """Builds one sample of ``dtype`` from hypothesis' ``data`` (see the module docstring)."""

    def __init__(self, data: Any, dtype: str) -> None:
        self.data = data
        self.dtype = dtype
        self.rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))

    # -- plain draws -----------------------------------------------------------------------
    def __call__(self, strategy: st.SearchStrategy[T], label: str | None = None) -> T:
        """Any hypothesis strategy."""
        return self.data.draw(strategy, label=label)

    def integer(self, low: int, high: int, label: str | None = None) -> int:
        """An int in ``[low, high]`` (both included)."""
        return self.data.draw(st.integers(low, high), label=label)

    def boolean(self, label: str | None = None) -> bool:
        return self.data.draw(st.booleans(), label=label)

    def choice(self, options: Sequence[T], label: str | None = None) -> T:
        return self.data.draw(st.sampled_from(list(options)), label=label)

    def sizes(self, count: int, low: int = 1, high: int = 4) -> tuple[int, ...]:
        """``count`` independent sizes in ``[low, high]``."""
        return tuple(self.integer(low, high, label="size") for _ in range(count))

    # -- shapes and dims -------------------------------------------------------------------
    def shape(
        self, min_dims: int = 0, max_dims: int = 4, min_side: int = 0, max_side: int = 4
    ) -> tuple[int, ...]:
        """A shape: 0-d and empty included unless the bounds exclude them."""
        return self.data.draw(
            array_shapes(
                min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
            ),
            label="shape",
        )

    def broadcast_shapes(
        self,
        count: int,
        min_dims: int = 0,
        max_dims: int = 4,
        min_side: int = 0,
        max_side: int = 4,
    ) -> tuple[tuple[int, ...], ...]:
        """``count`` mutually broadcastable shapes (sizes of 1 and missing dims included)."""
        shapes = self.data.draw(
            mutually_broadcastable_shapes(
                num_shapes=count,
                min_dims=min_dims,
                max_dims=max_dims,
                min_side=min_side,
                max_side=max_side,
            ),
            label="shapes",
        )
        return tuple(shapes.input_shapes)

    def broadcastable_to(
        self, shape: tuple[int, ...], leading_one: bool = False
    ) -> tuple[int, ...]:
        """A shape that broadcasts to ``shape``: a suffix of it (0-d included), some sizes
        replaced by 1; with ``leading_one``, sometimes an extra leading 1 (which PyTorch
        drops when it writes a value into a region)."""
        kept = self.integer(0, len(shape), label="kept dims")
        result = tuple(
            1 if self.boolean(label="size 1") else size for size in shape[len(shape) - kept :]
        )
        if leading_one and self.integer(0, 4, label="leading 1") == 0:
            result = (1, *result)
        return result

    def dim(self, ndim: int, allow_none: bool = False) -> int | None:
        """A valid dim of an ``ndim``-dimensional tensor, negative ones included (0-d tensors
        accept -1 and 0); with ``allow_none``, possibly None (reduce everything)."""
        span = max(ndim, 1)
        dims = st.integers(-span, span - 1)
        return self.data.draw(st.one_of(st.none(), dims) if allow_none else dims, label="dim")

    def dims(self, ndim: int, min_size: int = 1) -> tuple[int, ...]:
        """Distinct dims (as a tuple, some possibly negative)."""
        positions = self.data.draw(
            st.lists(
                st.integers(0, max(ndim, 1) - 1),
                min_size=min(min_size, ndim),
                max_size=ndim,
                unique=True,
            ),
            label="dims",
        )
        return tuple(p - ndim if ndim and self.boolean(label="negative") else p for p in positions)

    # -- arguments ---------------------------------------------------------------------------
    def layout(self, shape: tuple[int, ...]) -> str | None:
        """Contiguous, transposed (2 or more dims) or strided (nonempty, 1 or more dims)."""
        options: list[str | None] = [None]
        if len(shape) >= 2:
            options.append("transposed")
        if len(shape) >= 1 and 0 not in shape:
            options.append("strided")
        return self.choice(options, label="layout")

    def tensor(
        self,
        shape: tuple[int, ...],
        domain: str = "real",
        *,
        dtype: str | None = None,
        requires_grad: bool = True,
        layout: str | bool | None = True,
    ) -> TensorArg:
        """A tensor argument with values in ``domain`` (see ``op_db.values``): real,
        positive, nonzero, unit, probability. ``layout=True`` draws the layout."""
        data = values(self.rng, tuple(shape), dtype or self.dtype, domain)
        drawn = self.layout(tuple(shape)) if layout is True else layout or None
        return TensorArg(data, requires_grad=requires_grad, layout=drawn)

    def index(self, shape: tuple[int, ...], high: int, unique: bool = False) -> TensorArg:
        """An int64 index tensor with values in ``[0, high)`` (distinct with ``unique``)."""
        size = int(np.prod(shape))
        if unique:
            assume(size <= high)
            chosen = self.rng.permutation(high)[:size]
        else:
            assume(high > 0 or size == 0)
            chosen = self.rng.integers(0, max(high, 1), size=size)
        return TensorArg(np.asarray(chosen, dtype=np.int64).reshape(shape), requires_grad=False)

    def mask(self, shape: tuple[int, ...]) -> TensorArg:
        """A bool tensor, about half True."""
        return TensorArg(self.rng.random(shape) > 0.5, requires_grad=False)

    def sample(self, *args: Any, gradcheck: bool = True, **kwargs: Any) -> Sample:
        """The Sample of a call ``op(T, *args, **kwargs)``, named after its tensors' shapes."""
        shapes = [a.value.shape for a in (*args, *kwargs.values()) if isinstance(a, TensorArg)]
        return Sample(args, kwargs, name=" ".join(map(str, shapes)), gradcheck=gradcheck)


DrawFunction = Callable[[Draw], Sample]


# -- draws shared by many rows -------------------------------------------------------------
def draw_unary(domain: str = "real", max_dims: int = 4) -> DrawFunction:
    """One tensor of any shape (0-d and empty included) in ``domain``."""

    def draw(d: Draw) -> Sample:
        return d.sample(d.tensor(d.shape(max_dims=max_dims), domain))

    return draw


def draw_binary(first: str = "real", second: str = "real") -> DrawFunction:
    """Two tensors of mutually broadcastable shapes, in their domains."""

    def draw(d: Draw) -> Sample:
        a, b = d.broadcast_shapes(2)
        return d.sample(d.tensor(a, first), d.tensor(b, second))

    return draw
