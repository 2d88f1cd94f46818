"""Argument checks shared by the ops, raising PyTorch's exception types and messages."""

from __future__ import annotations

import operator
import os
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

_PACKAGE_DIRECTORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

__all__ = [
    "broadcast_shapes",
    "int_pair",
    "refuse_integral",
    "single_int",
    "wrap_dim",
    "wrap_dims",
]


class WrappedDim(int):
    """A negative dimension made non-negative that remembers how it was written: computing
    uses the number, while a node that saves it shows what was given, as PyTorch's nodes
    do (``x.sum(-1).grad_fn._saved_dim`` reads back -1, as an unsigned number)."""

    given: int

    def __new__(cls, dim: int, given: int) -> WrappedDim:
        wrapped = super().__new__(cls, dim)
        wrapped.given = given
        return wrapped


def wrap_dim(dim: int, ndim: int) -> int:
    """``dim`` as a non-negative index into ``ndim`` dimensions (0-d tensors accept -1 and 0)."""
    rank = max(ndim, 1)
    if not -rank <= dim < rank:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], "
            f"but got {dim})"
        )
    return WrappedDim(dim + rank, dim) if dim < 0 else dim


def wrap_dims(dims: Any, ndim: int) -> tuple[int, ...]:
    """Normalise an int or a sequence of ints; repeated dimensions raise PyTorch's error."""
    if isinstance(dims, (int, np.integer)):  # (a NumPy integer too, as PyTorch's parser takes)
        dims = (dims,)
    wrapped = []
    try:
        for dim in dims:
            # (operator.index: a float is no dim; the method's parser refusal words it)
            d = wrap_dim(operator.index(dim), ndim)
            if d in wrapped:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            wrapped.append(d)
    except TypeError:
        # a 0-d integer tensor is a dim to PyTorch's parser (``x.sum(torch.tensor(1))``)
        if getattr(dims, "ndim", None) == 0 and not isinstance(dims, np.ndarray):
            return wrap_dims(operator.index(dims), ndim)
        raise
    return tuple(wrapped)


def broadcast_shapes(*shapes: Sequence[int]) -> tuple[int, ...]:
    """The broadcast shape, or PyTorch's message naming the first mismatching dimension."""
    ndim = max((len(s) for s in shapes), default=0)
    result = [1] * ndim
    for shape in shapes:
        offset = ndim - len(shape)
        # PyTorch reports the last mismatching dimension first.
        for i in range(len(shape) - 1, -1, -1):
            size, current = shape[i], result[offset + i]
            if current == 1:
                result[offset + i] = size
            elif size != 1 and size != current:
                raise RuntimeError(
                    f"The size of tensor a ({current}) must match the size of tensor b ({size}) "
                    f"at non-singleton dimension {offset + i}"
                )
    return tuple(result)


def int_pair(value: Any, name: str = "argument") -> tuple[int, int]:
    """A (height, width) pair from an int or a sequence of one or two ints (conv/pool args)."""
    if isinstance(value, int):
        return (value, value)
    pair = tuple(int(v) for v in value)
    if len(pair) == 1:
        return (pair[0], pair[0])
    if len(pair) != 2:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of 2 values")
    return pair  # type: ignore[return-value]


def single_int(value: Any) -> int:
    """An int from an int or a one-element sequence (1-D conv/pool args)."""
    return int(value) if isinstance(value, int) else int(next(iter(value)))


def check_solve_sizes(name: str, a_shape: Sequence[int], b_shape: Sequence[int]) -> None:
    """A solve's A matrices (``... n x n``) against its B (``... n x k``), in PyTorch's words."""
    if a_shape[-1] != b_shape[-2]:
        raise RuntimeError(
            f"Incompatible matrix sizes for {name}: each A matrix is {a_shape[-2]} by "
            f"{a_shape[-1]} but each b matrix is {b_shape[-2]} by {b_shape[-1]}"
        )


def user_stacklevel() -> int:
    """The ``stacklevel`` for ``warnings.warn``, called from the function that warns, that
    names the first caller outside rungrad, as PyTorch's warnings name the user's line
    whether the op was called as a function or as a Tensor method."""
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIRECTORY):
        frame = frame.f_back
        level += 1
    return level


def tensor_sequence(name: str, tensors: Any) -> tuple[Any, ...]:
    """``tensors`` (a list or tuple of tensors) as a tuple, or the argument parser's errors
    for a TensorList argument: not a sequence, or an element that is not a tensor."""
    from .._tensor import Tensor

    if not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
            f"{'Tensor' if isinstance(tensors, Tensor) else type(tensors).__name__}"
        )
    for position, tensor in enumerate(tensors):
        if not isinstance(tensor, Tensor):
            raise TypeError(
                f"expected Tensor as element {position} in argument 0, but got "
                f"{type(tensor).__name__}"
            )
    return tuple(tensors)


def refuse_integral(kernel: str, tensor: Any) -> None:
    """PyTorch's NotImplementedError for a kernel with floating loops only, given a bool or
    integer tensor: promoting it would compute what PyTorch refuses."""
    if tensor._data.dtype.kind in "biu":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{tensor.dtype.legacy_name}'")
