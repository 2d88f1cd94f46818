"""Joining and splitting: cat and its stacking relatives, split, chunk, tensor_split.

``cat`` takes a list of tensors and ``split`` returns one: as for ``stack`` and ``unbind``
(see ``shape``), there is one primitive per count, made on first use. The pieces of a split
are views of the input.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import tensor_sequence, wrap_dim
from .registry import Op, Primitive, tensor_list_op
from .shape import _slice, atleast_1d, atleast_2d, atleast_3d, reshape

__all__ = [
    "cat",
    "chunk",
    "column_stack",
    "concat",
    "concatenate",
    "dsplit",
    "dstack",
    "hsplit",
    "hstack",
    "row_stack",
    "split",
    "tensor_split",
    "vsplit",
    "vstack",
]

_SPLIT: dict[tuple[str, int], Op] = {}


def _skipped(shape: tuple[int, ...]) -> bool:
    """PyTorch's legacy rule: 1-D empty tensors take no part in a concatenation."""
    return shape == (0,)


def _cat(*arrays_and_options: Any) -> np.ndarray:
    *arrays, dim, pieces = arrays_and_options
    kept = [a for a, piece in zip(arrays, pieces) if piece is not None]
    return np.concatenate(kept, axis=dim) if kept else np.array(arrays[0], copy=True)


def _piece_formula(index: int) -> Any:
    """The gradient of ``cat``'s input number ``index``: its slice of the gradient."""

    def formula(grad: Tensor, dim: int, pieces: tuple[Any, ...]) -> Tensor:
        piece = pieces[index]
        if piece is None:
            from .._creation import zeros

            return zeros(0, dtype=grad.dtype)
        start, length = piece
        return _slice(grad, dim, start, start + length, 1)

    return formula


def cat(tensors: Sequence[Tensor], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """cat(tensors, dim=0) -> the tensors joined along the existing dimension ``dim``

    All tensors need the same shape outside ``dim``; 1-D empty tensors are skipped; the
    result has the promoted dtype of all of them.

    >>> import rungrad
    >>> rungrad.cat([rungrad.tensor([1, 2]), rungrad.tensor([3.5])])
    tensor([1.0000, 2.0000, 3.5000])
    """
    return _concatenated("cat", tensors, dim, axis)


def _concatenated(name: str, tensors: Any, dim: int, axis: int | None) -> Tensor:
    """cat under any of its names (which only the argument errors show)."""
    tensors = tensor_sequence(name, tensors)
    if axis is not None:  # NumPy's name, accepted by PyTorch too
        dim = axis
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    reference = next((t for t in tensors if not _skipped(t._data.shape)), None)
    only_skipped = reference is None  # an empty 1-D result, a constant gradient for all
    if only_skipped:
        reference = tensors[0]
    shape = reference._data.shape
    if not shape:
        position = next(i for i, t in enumerate(tensors) if t is reference)
        raise RuntimeError(
            f"zero-dimensional tensor (at position {position}) cannot be concatenated"
        )
    dim = wrap_dim(dim, len(shape))
    pieces: list[Any] = []
    offset = 0
    for number, tensor in enumerate(tensors):
        other = tensor._data.shape
        if _skipped(other) and (only_skipped or tensor is not reference):
            pieces.append(None)
            continue
        if not other:
            raise RuntimeError(
                f"zero-dimensional tensor (at position {number}) cannot be concatenated"
            )
        if len(other) != len(shape):
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {len(shape)} and {len(other)}"
            )
        for axis, (expected, got) in enumerate(zip(shape, other)):
            if axis != dim and expected != got:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {dim}. Expected size "
                    f"{expected} but got size {got} for tensor number {number} in the list."
                )
        pieces.append((offset, other[dim]))
        offset += other[dim]
    op = tensor_list_op(
        "CatBackward0", _cat, len(tensors), ("dim", "pieces"), _piece_formula, ("pieces",)
    )
    return op(*tensors, dim, tuple(pieces))


def concat(tensors: Sequence[Tensor], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """concat(tensors, dim=0) -> ``cat(tensors, dim)``"""
    return _concatenated("concat", tensors, dim, axis)


def concatenate(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """concatenate(tensors, axis=0) -> ``cat(tensors, axis)``"""
    return _concatenated("concatenate", tensors, axis, None)


def _tensor_list(tensors: Any, name: str) -> tuple[Tensor, ...]:
    tensors = tensor_sequence(name, tensors)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """hstack(tensors) -> the tensors joined column-wise (along dim 0 when all are 1-D)"""
    grown = atleast_1d(_tensor_list(tensors, "hstack"))
    return cat(grown, 0 if grown[0]._data.ndim == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """vstack(tensors) -> the tensors (made at least 2-D) joined along dim 0"""
    return cat(atleast_2d(_tensor_list(tensors, "vstack")), 0)


row_stack = vstack


def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """dstack(tensors) -> the tensors (made at least 3-D) joined along dim 2"""
    return cat(atleast_3d(_tensor_list(tensors, "dstack")), 2)


def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """column_stack(tensors) -> 0-D and 1-D tensors as columns, joined with 2-D ones along 1"""
    columns = [
        reshape(t, (t._data.size, 1)) if t._data.ndim <= 1 else t
        for t in _tensor_list(tensors, "column_stack")
    ]
    return cat(columns, 1)


# -- splitting -------------------------------------------------------------------------------
def _split_primitive(node_name: str, count: int) -> Op:
    op = _SPLIT.get((node_name, count))
    if op is None:

        def split(
            self: np.ndarray, dim: int, bounds: tuple[int, ...], split_size: Any
        ) -> tuple[np.ndarray, ...]:
            # ``split_size``: what the caller asked for (a size, or the sizes), which
            # PyTorch's node keeps; the pieces are cut at ``bounds``.
            index: list[Any] = [slice(None)] * self.ndim
            pieces = []
            for start, end in itertools.pairwise(bounds):
                index[dim] = slice(start, end)
                pieces.append(self[tuple(index)])
            return tuple(pieces)

        # (unsafe_split's pieces share the storage untracked: not views for autograd)
        view = node_name != "UnsafeSplitBackward0"
        op = Primitive(split, node_name, num_outputs=count, view=view, tuple_output=True).call
        op.defgrad(self=lambda grads, dim, self_shape, split_size: cat(grads, dim))
        if node_name == "SplitWithSizesBackward0":  # PyTorch's node keeps sizes, not a size
            op.saved_as(split_sizes="split_size")
        _SPLIT[(node_name, count)] = op
    return op


def _split_sizes(
    input: Tensor, sizes: Sequence[int], dim: int, node_name: str, split_size: Any = None
) -> Any:
    bounds = [0]
    for size in sizes:
        bounds.append(bounds[-1] + size)
    asked = tuple(sizes) if split_size is None else split_size
    return _split_primitive(node_name, len(sizes))(input, dim, tuple(bounds), asked)


def unsafe_chunk_equal(input: Tensor, chunks: int, dim: int) -> tuple[Tensor, ...]:
    """PyTorch's ``unsafe_chunk`` of a dim that ``chunks`` divides (how its fused RNN cells
    cut the gates): pieces outside view tracking, whose node is UnsafeSplitBackward0."""
    dim = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[dim] // chunks
    return _split_sizes(input, [size] * chunks, dim, "UnsafeSplitBackward0", size)


def split(tensor: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """split(tensor, split_size_or_sections, dim=0) -> views of pieces of ``split_size`` along
    ``dim`` (the last may be smaller), or of the given sizes

    >>> import rungrad
    >>> rungrad.arange(5).split(2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    if not isinstance(tensor, Tensor):  # PyTorch's Python split calls tensor.split
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute 'split'")
    ndim = tensor._data.ndim
    if isinstance(split_size_or_sections, (int, np.integer)):
        split_size = int(split_size_or_sections)
        if ndim == 0:
            raise RuntimeError("split expects at least a 1-dimensional tensor")
        dim = wrap_dim(dim, ndim)
        size = tensor._data.shape[dim]
        if split_size < 0:
            raise RuntimeError(
                f"split expects split_size be non-negative, but got split_size={split_size}"
            )
        if split_size == 0 and size != 0:
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
            )
        count = max(1, -(-size // split_size)) if split_size else 1
        sizes = [split_size] * (count - 1) + [size - split_size * (count - 1)]
        return _split_sizes(tensor, sizes, dim, "SplitBackward0", split_size)
    if isinstance(split_size_or_sections, Tensor) and split_size_or_sections._data.size == 1:
        # PyTorch's Tensor.split reads a one-element tensor as the split size
        return split(tensor, int(split_size_or_sections), dim)
    try:
        sizes = [operator.index(s) for s in split_size_or_sections]
    except TypeError:
        # PyTorch's Tensor.split passes anything else to split_with_sizes, whose parser refuses
        from .._overloads import refusal

        refused = refusal("split_with_sizes", (tensor, split_size_or_sections, dim), {})
        if refused is not None:
            raise refused from None
        raise
    dim = wrap_dim(dim, ndim)
    size = tensor._data.shape[dim] if ndim else 1
    for piece in sizes:
        if piece < 0:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                f"split_sizes={sizes}"
            )
    if sum(sizes) != size:
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size "
            f"at dimension {dim}), but got split_sizes={sizes}"
        )
    return _split_sizes(tensor, sizes, dim, "SplitWithSizesBackward0")


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """chunk(input, chunks, dim=0) -> at most ``chunks`` views of equal size (the last smaller)"""
    ndim = input._data.ndim
    if ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim]
    if size == 0:  # every chunk is empty
        return _split_sizes(input, [0] * chunks, dim, "SplitWithSizesBackward0")
    return split(input, -(-size // chunks), dim)


def tensor_split(
    input: Tensor,
    indices_or_sections: Any = None,
    dim: int = 0,
    *,
    sections: int | None = None,
    indices: Sequence[int] | None = None,
    tensor_indices_or_sections: Tensor | None = None,
) -> tuple[Tensor, ...]:
    """tensor_split(input, indices_or_sections, dim=0) -> views split into ``n`` near-equal
    sections, or at the given indices"""
    for given in (sections, indices, tensor_indices_or_sections):
        if given is not None:
            indices_or_sections = given
    ndim = input._data.ndim
    if ndim == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims"
        )
    if isinstance(indices_or_sections, Tensor):
        array = indices_or_sections._data
        if array.dtype.kind not in "iu":
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to have integer dtype, but got "
                f"{indices_or_sections.dtype}"
            )
        if array.ndim > 1:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                f"one-dimensional tensor, but got a tensor with {array.ndim} dims"
            )
        indices_or_sections = int(array) if array.ndim == 0 else [int(i) for i in array]
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        base, extra = divmod(size, sections)
        bounds = [0]
        for i in range(sections):
            bounds.append(bounds[-1] + base + (1 if i < extra else 0))
    else:
        bounds = [0, *[int(i) for i in indices_or_sections], size]
    pieces = []
    for start, end in itertools.pairwise(bounds):
        start = min(max(start + size if start < 0 else start, 0), size)
        end = min(max(end + size if end < 0 else end, 0), size)
        pieces.append(_slice(input, dim, start, max(start, end), 1))
    return tuple(pieces)


def _directional_split(
    input: Tensor, indices_or_sections: Any, dim: int, name: str, min_dims: int
) -> tuple[Tensor, ...]:
    ndim = input._data.ndim
    if ndim < min_dims:
        raise RuntimeError(
            f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor "
            f"with {ndim} dimensions!"
        )
    if isinstance(indices_or_sections, (int, np.integer)):
        size = input._data.shape[dim]
        sections = int(indices_or_sections)
        if sections == 0 or size % sections:
            raise RuntimeError(
                f"torch.{name} attempted to split along dimension {dim}, but the size of the "
                f"dimension {size} is not divisible by the split_size {sections}!"
            )
    return tensor_split(input, indices_or_sections, dim)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """hsplit(input, indices_or_sections) -> ``tensor_split`` along dim 1 (dim 0 for 1-D),
    with equal sections only"""
    dim = 0 if input._data.ndim == 1 else 1
    return _directional_split(input, indices_or_sections, dim, "hsplit", 1)


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """vsplit(input, indices_or_sections) -> ``tensor_split`` along dim 0, equal sections only"""
    return _directional_split(input, indices_or_sections, 0, "vsplit", 2)


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """dsplit(input, indices_or_sections) -> ``tensor_split`` along dim 2, equal sections only"""
    return _directional_split(input, indices_or_sections, 2, "dsplit", 3)
