"""Shape and view ops: view, reshape, transpose, permute, squeeze, expand, select, slice...

Views share the input's NumPy buffer and version counter (``view=True``); their gradients
are the inverse reshaping of the output gradient. Also here: ops that move elements without
arithmetic (flip, roll, rot90, diagonals and triangles, repeat, broadcasting, as_strided) and
memory formats. Joining and splitting live in ``joining``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.forward_ad import DUAL, set_tangent
from ._checks import tensor_sequence, user_stacklevel, wrap_dim, wrap_dims
from ._grad_helpers import sum_to
from .registry import Op, Primitive, array_formula, pass_grad, primitive, tensor_list_op

_INT64_MAX = 2**63 - 1

__all__ = [
    "alias",
    "as_strided",
    "atleast_1d",
    "diagonal_scatter",
    "select_scatter",
    "slice_scatter",
    "atleast_2d",
    "atleast_3d",
    "broadcast_tensors",
    "broadcast_to",
    "channels_last",
    "channels_last_3d",
    "clone",
    "contiguous_format",
    "diag",
    "diag_embed",
    "diagflat",
    "diagonal",
    "diagonal_backward",
    "expand",
    "flatten",
    "flip",
    "fliplr",
    "flipud",
    "memory_format",
    "meshgrid",
    "moveaxis",
    "movedim",
    "narrow",
    "permute",
    "preserve_format",
    "ravel",
    "repeat",
    "repeat_interleave",
    "reshape",
    "roll",
    "rot90",
    "select",
    "slice_dim",
    "squeeze",
    "stack",
    "t",
    "tile",
    "to_dtype",
    "transpose",
    "tril",
    "triu",
    "unbind",
    "unflatten",
    "unsqueeze",
    "view",
]


def infer_shape(shape: Sequence[int], numel: int, name: str = "view",
                argument: str = "size") -> tuple[int, ...]:  # fmt: skip
    """Resolve one ``-1`` in ``shape``, checking the element count as PyTorch does."""
    try:
        shape = tuple(map(operator.index, shape))
    except TypeError:
        for position, size in enumerate(shape):
            if not hasattr(size, "__index__"):
                raise TypeError(
                    f"{name}(): argument '{argument}' failed to unpack the object at pos "
                    f'{position + 1} with error "type must be tuple of ints,but got '
                    f'{type(size).__name__}"'
                ) from None
        raise
    product = math.prod(shape)
    if product == numel and -1 not in shape and (not shape or min(shape) >= 0):
        return shape  # the common case, checked without building lists
    if product < 0 and min(shape) == -1 and shape.count(-1) == 1 and numel % product == 0:
        # one size to infer (the product of the others is -product): reshape(-1) and the like
        index = shape.index(-1)
        return (*shape[:index], numel // -product, *shape[index + 1 :])
    unknown = []  # checked left to right, as PyTorch does: the first problem is reported
    for index, size in enumerate(shape):
        if size == -1:
            if unknown:
                raise RuntimeError("only one dimension can be inferred")
            unknown.append(index)
        elif size < 0:
            raise RuntimeError(
                f"invalid shape dimension {size} at index {index} of shape {list(shape)}"
            )
    known = math.prod(s for s in shape if s != -1)
    if unknown:
        if known == 0 and numel == 0:
            raise RuntimeError(
                f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                "unspecified dimension size -1 can be any value and is ambiguous"
            )
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        index = unknown[0]
        return (*shape[:index], numel // known, *shape[index + 1 :])
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def _view_array(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """``array`` seen with ``shape`` without copying, or None if the strides don't allow it."""
    result = array.view()
    try:
        result.shape = shape
    except AttributeError:
        return None
    return result


def _unreshaped(grad: Any, self_shape: Any) -> Any:
    return grad.reshape(self_shape)


# The gradient of a reshape is reshaped back: the same call on tensors and on arrays.
_reshape_back = array_formula(_unreshaped, _unreshaped)


@primitive("ViewBackward0", view=True)
def _view(self, shape):
    result = _view_array(self, shape)
    if result is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return result


_view.defgrad(self=_reshape_back)


def view(input: Tensor, shape: Sequence[int]) -> Tensor:
    """view(input, shape) -> a view with a new shape (no copy; fails when strides forbid it)"""
    return _view(input, infer_shape(shape, input._data.size))


@primitive("UnsafeViewBackward0")
def _unsafe_view(self, shape):
    return self.reshape(shape)


_unsafe_view.defgrad(self=_reshape_back)


@primitive("ReshapeAliasBackward0", view=True)
def _reshape_alias(self, shape):
    return _view_array(self, shape)


_reshape_alias.defgrad(self=_reshape_back)


def reshape(input: Tensor, shape: Sequence[int]) -> Tensor:
    """reshape(input, shape) -> a view when possible, else a copy with the new shape

    As in PyTorch: a contiguous input gives a ``view``; a non-contiguous one whose strides
    allow the shape gives an alias with new strides (``ReshapeAliasBackward0``); otherwise
    the input is copied (``UnsafeViewBackward0`` over ``CloneBackward0``).
    """
    data = input._data
    shape = infer_shape(shape, data.size, "reshape", "shape")
    if data.flags.c_contiguous:
        return _view(input, shape)
    if _view_array(data, shape) is not None:
        return _reshape_alias(input, shape)
    return _unsafe_view(clone(input, contiguous_format), shape)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Flatten dimensions ``start_dim`` to ``end_dim`` into one."""
    shape = input._data.shape
    if not shape:
        return reshape(input, (1,))
    start, end = wrap_dim(start_dim, len(shape)), wrap_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    new_shape = (*shape[:start], math.prod(shape[start : end + 1]), *shape[end + 1 :])
    return reshape(input, new_shape)


@primitive("TBackward0", view=True)
def _t(self):
    return self.T


# On arrays, a transposed view of the gradient (NOTE [Op formulas]).
_t.defgrad(self=array_formula(lambda grad: t(grad), lambda grad: grad.T))


def t(input: Tensor) -> Tensor:
    """t(input) -> transpose of a tensor with at most 2 dimensions"""
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D"
        )
    return _t(input)


@primitive("TransposeBackward0", view=True)
def _transpose(self, dim0, dim1):
    return np.swapaxes(self, dim0, dim1) if self.ndim else self.view()


_transpose.defgrad(self=lambda grad, dim0, dim1: _transpose(grad, dim0, dim1))


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """transpose(input, dim0, dim1) -> a view with two dimensions swapped"""
    ndim = input._data.ndim
    return _transpose(input, wrap_dim(dim0, ndim), wrap_dim(dim1, ndim))


@primitive("PermuteBackward0", view=True)
def _permute(self, dims):
    return np.transpose(self, dims)


_permute.defgrad(self=lambda grad, dims: _permute(grad, tuple(np.argsort(dims).tolist())))


def permute(input: Tensor, dims: Sequence[int]) -> Tensor:
    """permute(input, dims) -> a view with dimensions reordered"""
    ndim = input._data.ndim
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            f"length of the desired ordering of dimensions i.e. input.dim() = {ndim} is not equal "
            f"to len(dims) = {len(dims)}"
        )
    wrapped = tuple(wrap_dim(operator.index(d), ndim) for d in dims)
    if len(set(wrapped)) != len(wrapped):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _permute(input, wrapped)


def unsqueeze_array(array: np.ndarray, dims: Sequence[int]) -> np.ndarray:
    """``array`` with size-1 dimensions at the (sorted, wrapped) positions ``dims``: a view.
    ``np.expand_dims`` does the same reshape after Python-level checks that cost more."""
    shape = list(array.shape)
    for dim in dims:
        shape.insert(dim, 1)
    return array.reshape(shape)


@primitive("UnsqueezeBackward0", view=True)
def _unsqueeze(self, dim):
    result = unsqueeze_array(self, (dim,))
    # PyTorch's stride for the new dim: the extent of the dim it goes before (1 at the end).
    # NumPy's reshape may choose others for size-1 dims; they show only in stride().
    strides = list(self.strides)
    strides.insert(dim, self.shape[dim] * strides[dim] if dim < self.ndim else self.itemsize)
    if result.strides != tuple(strides):
        return np.lib.stride_tricks.as_strided(self, result.shape, strides)
    return result


_unsqueeze.defgrad(self=lambda grad, dim: _squeeze_dim(grad, dim))


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """unsqueeze(input, dim) -> a view with a size-1 dimension inserted at ``dim``"""
    return _unsqueeze(input, wrap_dim(dim, input._data.ndim + 1))


def _unsqueeze_to(grad: Tensor, self_shape: tuple[int, ...], dims: Sequence[int]) -> Tensor:
    """The gradient of a squeeze: the removed size-1 dimensions put back, in order."""
    for dim in sorted(dims):
        if self_shape and self_shape[dim] == 1:
            grad = _unsqueeze(grad, dim)
    return grad


@primitive("SqueezeBackward0", view=True)
def _squeeze_all(self):
    return np.squeeze(self)


_squeeze_all.defgrad(
    self=lambda grad, self_shape: _unsqueeze_to(grad, self_shape, range(len(self_shape)))
)


def _squeeze_forward(self, dims):
    dims = tuple(
        d for d in ((dims,) if isinstance(dims, int) else dims) if self.ndim and self.shape[d] == 1
    )
    return np.squeeze(self, dims) if dims else self.view()


# squeeze(dim) and squeeze(dims) are two nodes in PyTorch.
_squeeze_dim = primitive("SqueezeBackward1", view=True)(_squeeze_forward)
_squeeze_dim.defgrad(self=lambda grad, self_shape, dims: _unsqueeze_to(grad, self_shape, (dims,)))
_squeeze_dims = primitive("SqueezeBackward2", view=True)(_squeeze_forward)
_squeeze_dims.defgrad(self=lambda grad, self_shape, dims: _unsqueeze_to(grad, self_shape, dims))


# ``squeeze_(dim)`` of a fresh result (matmul of a vector and a matrix) is PyTorch's
# in-place node; here the result is simply not a view.
_squeeze_result = primitive("SqueezeBackward4")(_squeeze_forward)
_squeeze_result.defgrad(
    self=lambda grad, self_shape, dims: _unsqueeze_to(grad, self_shape, (dims,))
)


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """squeeze(input, dim=None) -> a view without size-1 dimensions (all, or those in ``dim``)"""
    ndim = input._data.ndim
    if dim is None:
        return _squeeze_all(input)
    if isinstance(dim, (int, np.integer)):
        return _squeeze_dim(input, wrap_dim(int(dim), ndim))
    return _squeeze_dims(input, wrap_dims(dim, ndim))


# -- in-place views: t_, transpose_, unsqueeze_, squeeze_ ----------------------------------
# The tensor itself takes the view's layout; PyTorch records their own nodes (TBackward1...),
# with the out-of-place op's formula.
def _in_place_variant(op: Any, node_name: str) -> Any:
    variant = primitive(node_name, view=True)(op.forward)
    primitive_of = op.primitive
    variant.defgrad(
        **{
            op.param_names[position]: formula
            for position, (formula, _) in zip(
                primitive_of.diff_positions, primitive_of.formula_list
            )
        }
    )
    return variant


_t_ = _in_place_variant(_t, "TBackward1")
_transpose_ = _in_place_variant(_transpose, "TransposeBackward1")
_unsqueeze_ = _in_place_variant(_unsqueeze, "UnsqueezeBackward1")
_squeeze_all_ = _in_place_variant(_squeeze_all, "SqueezeBackward3")
_squeeze_dim_ = _in_place_variant(_squeeze_dim, "SqueezeBackward4")
_squeeze_dims_ = _in_place_variant(_squeeze_dims, "SqueezeBackward5")


def _in_place_view(op: Any, input: Tensor, *args: Any) -> Tensor:
    """``op``'s view of ``input`` made ``input`` itself: its layout, and its node."""
    from .inplace import check_inplace

    check_inplace(input)
    result = op(input, *args)
    input._data = result._data
    if result._grad_fn is not None:
        input._grad_fn = result._grad_fn
        input._output_nr = 0
    if DUAL.active and (tangent := getattr(result, "_fw_tangent", None)) is not None:
        set_tangent(input, tangent)  # the same view of the tangent (forward_ad)
    input._bump_version()
    if input._base is not None and result._grad_fn is not None:
        # Its new history is current: the bump makes other views of the base stale, not it.
        input._view_version = input._version_counter.value
    return input


def t_(input: Tensor) -> Tensor:
    """t_() -> self, transposed in place (at most 2 dimensions)"""
    if input._data.ndim > 2:
        raise RuntimeError(
            f"t_() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D"
        )
    return _in_place_view(_t_, input)


def transpose_(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """transpose_(dim0, dim1) -> self, with two dimensions swapped in place"""
    ndim = input._data.ndim
    return _in_place_view(_transpose_, input, wrap_dim(dim0, ndim), wrap_dim(dim1, ndim))


def unsqueeze_(input: Tensor, dim: int) -> Tensor:
    """unsqueeze_(dim) -> self, with a size-1 dimension inserted in place"""
    return _in_place_view(_unsqueeze_, input, wrap_dim(dim, input._data.ndim + 1))


def squeeze_(input: Tensor, dim: Any = None) -> Tensor:
    """squeeze_(dim=None) -> self, without size-1 dimensions (all, or those in ``dim``)"""
    ndim = input._data.ndim
    if dim is None:
        return _in_place_view(_squeeze_all_, input)
    if isinstance(dim, (int, np.integer)):
        return _in_place_view(_squeeze_dim_, input, wrap_dim(int(dim), ndim))
    return _in_place_view(_squeeze_dims_, input, wrap_dims(dim, ndim))


@primitive("ExpandBackward0", view=True)
def _expand(self, size):
    if self.flags.c_contiguous and self.flags.writeable and self.size:
        strides = _expanded_strides(self, size)
        if strides is not None:  # a view straight from the strides (np.broadcast_to is slow)
            return np.ndarray(size, self.dtype, self, 0, strides)
    result = np.broadcast_to(self, size)
    if self.flags.writeable:
        # A writable view, as in PyTorch: an element of it may be written (through to the
        # input); in-place ops on the view itself are refused by the overlap check of
        # inplace._write.
        result = np.lib.stride_tricks.as_strided(self, result.shape, result.strides)
    return result


def _expanded_strides(array: np.ndarray, size: tuple[int, ...]) -> tuple[int, ...] | None:
    """The strides of ``array`` expanded to ``size``: 0 along new and broadcast dims; None
    when ``size`` is not an expansion of the array's shape."""
    leading = len(size) - array.ndim
    if leading < 0:
        return None
    strides = [0] * leading
    for length, stride, target in zip(array.shape, array.strides, size[leading:]):
        if length == target:
            strides.append(stride)
        elif length == 1:
            strides.append(0)
        else:
            return None
    return tuple(strides)


# PyTorch's at::sum_to reduces to a 0-d shape with a full sum even when nothing was expanded
_expand.defgrad(
    self=lambda grad, self_shape: sum_to(grad, self_shape) if self_shape else grad.sum()
)


def expand(input: Tensor, size: Sequence[int]) -> Tensor:
    """expand(input, *sizes) -> a broadcast view (``-1`` keeps a dimension)"""
    return _expand(input, expanded_size(input, tuple(map(operator.index, size))))


def expanded_size(input: Tensor, size: tuple[int, ...]) -> tuple[int, ...]:
    """The shape ``input.expand(size)`` has (``-1`` resolved), or PyTorch's error for a
    size it does not expand to (also the check of an addend that must expand to a
    product's shape: ``addmm``'s ``input``)."""
    shape = input._data.shape
    if len(size) < len(shape):
        raise RuntimeError(
            f"expand({input.type()}{{{list(shape)}}}, size={list(size)}): the number of sizes "
            "provided "
            f"({len(size)}) must be greater or equal to the number of dimensions in the tensor "
            f"({len(shape)})"
        )
    offset = len(size) - len(shape)
    resolved = list(size)
    for i in reversed(range(len(shape))):  # PyTorch reports the last mismatch
        current, wanted = shape[i], size[offset + i]
        if wanted == -1:
            resolved[offset + i] = current
        elif current != 1 and current != wanted:
            raise RuntimeError(
                f"The expanded size of the tensor ({wanted}) must match the existing size "
                f"({current}) at non-singleton dimension {offset + i}.  Target sizes: "
                f"{list(size)}.  Tensor sizes: {list(shape)}"
            )
    for i in reversed(range(offset)):  # a new dimension has no size for -1 to keep
        if size[i] == -1:
            raise RuntimeError(
                f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                f"non-existing dimension {i}"
            )
    return tuple(resolved)


@primitive("CloneBackward0")
def clone(self, memory_format=None):
    """clone(input, *, memory_format=torch.preserve_format) -> a copy with its own storage
    (gradient flows back unchanged)"""
    return _copy_in_format(self, preserve_format if memory_format is None else memory_format)


clone.defgrad(self=pass_grad)


@primitive("AliasBackward0", view=True)
def alias(self):
    """A view of the whole tensor."""
    return self.view()


alias.defgrad(self=pass_grad)


@primitive("CppFunction", view=True, qualified_name="rungrad::autograd::Identity")
def alias_without_tangent(self):
    """A view of the whole tensor: ``forward_ad.unpack_dual``'s primal (PyTorch's node for it
    is a CppFunction named Identity, which tensors print as ``grad_fn=<Identity>``)."""
    return self.view()


alias_without_tangent.defgrad(self=pass_grad)


_DISCARDS_IMAGINARY = (
    "Casting complex values to real discards the imaginary part (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)"
)


@primitive("ToCopyBackward0")
def _to_copy(self, dtype):
    if self.dtype.kind == "c" and dtype.numpy == np.bool_:  # nonzero: nothing is discarded
        return self != 0
    if self.dtype.kind == "c" and dtype.numpy.kind != "c":
        _warn_discarded_imaginary()
        self = self.real  # what NumPy would do, without its ComplexWarning
    return self.astype(dtype.numpy)


def _warn_discarded_imaginary() -> None:
    """PyTorch warns once per process when a cast drops imaginary parts (every time after
    ``set_warn_always(True)``)."""
    from .._runtime import warn_once

    warn_once(_DISCARDS_IMAGINARY, UserWarning, stacklevel=user_stacklevel())


def _to_copy_grad(grad: Tensor, self_dtype: _dtype.dtype) -> Tensor:
    if grad._data.dtype.kind == "c" and self_dtype.numpy.kind != "c":
        from .sequences import real  # a real input's gradient is the real part, silently

        grad = real(grad)
    return grad.to(self_dtype)


_to_copy.defgrad(self=_to_copy_grad)


def to_dtype(input: Tensor, dtype: _dtype.dtype) -> Tensor:
    """A copy of ``input`` converted to ``dtype`` (the gradient is converted back)."""
    return _to_copy(input, dtype)


@primitive("SelectBackward0", view=True)
def _select(self, dim, index):
    # The trailing Ellipsis keeps a 0-d result a view (NumPy returns a copied scalar else).
    return self[(slice(None),) * dim + (index, Ellipsis)]


def _select_grad(grad: Tensor, self_shape: tuple[int, ...], dim: int, index: int) -> Tensor:
    from .backward_ops import select_backward

    return select_backward(grad, self_shape, dim, index)


_select.defgrad(self=_select_grad)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """select(input, dim, index) -> the slice at ``index`` along ``dim`` (dimension removed)"""
    ndim = input._data.ndim
    if ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim]
    index = int(index)
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size "
            f"{list(input._data.shape)} at dimension {dim}"
        )
    # A negative index is kept as given: PyTorch's node saves it so (NumPy wraps it).
    return _select(input, dim, index)


@primitive("SliceBackward0", view=True)
def _slice(self, dim, start, end, step):
    return self[(slice(None),) * dim + (slice(start, end, step),)]


def _slice_grad(grad: Tensor, self_shape: tuple[int, ...], dim: int, start: int, end: int,
                step: int) -> Tensor:  # fmt: skip
    from .backward_ops import slice_backward

    return slice_backward(grad, self_shape, dim, start, end, step)


_slice.defgrad(self=_slice_grad)


def slice_dim(input: Tensor, dim: int, start: Any, end: Any, step: Any) -> Tensor:
    """input[..., start:end:step, ...] along ``dim`` as a view."""
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if step is not None and step < 0:
        raise ValueError("step must be greater than zero")
    # The bounds stay as written (PyTorch's node saves them so; None is 0, INT64_MAX and 1):
    # NumPy clamps and wraps them as PyTorch does.
    start = 0 if start is None else operator.index(start)
    end = _INT64_MAX if end is None else operator.index(end)
    return _slice(input, dim, start, end, 1 if step is None else operator.index(step))


# unbind and stack have as many outputs (inputs) as the tensor has slices (the list has
# tensors): one primitive per count, made on first use.
_UNBIND: dict[int, Op] = {}


def _unbind_primitive(count: int) -> Op:
    op = _UNBIND.get(count)
    if op is None:

        def unbind(self: np.ndarray, dim: int) -> tuple[np.ndarray, ...]:
            return tuple(self[(slice(None),) * dim + (i,)] for i in range(count))

        op = Primitive(
            unbind, "UnbindBackward0", num_outputs=count, view=True, tuple_output=True
        ).call
        op.defgrad(self=lambda grads, dim: stack(grads, dim))
        _UNBIND[count] = op
    return op


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """unbind(input, dim=0) -> the slices along ``dim``, each without that dimension"""
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = wrap_dim(dim, input._data.ndim)
    count = input._data.shape[dim]
    if count == 0:
        return ()
    return tuple(_unbind_primitive(count)(input, dim))


def _stack(*arrays_and_dim: Any) -> np.ndarray:
    *arrays, dim = arrays_and_dim
    return np.stack(arrays, axis=dim)


def _select_formula(index: int) -> Any:
    """The gradient of ``stack``'s input number ``index``: its slice of the gradient."""
    return lambda grad, dim: select(grad, dim, index)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """stack(tensors, dim=0) -> the tensors joined along a new dimension ``dim``"""
    tensors = tensor_sequence("stack", tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, tensor in enumerate(tensors[1:], 1):
        if tensor._data.shape != shape:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                f"{list(shape)} at entry 0 and {list(tensor._data.shape)} at entry {i}"
            )
    op = tensor_list_op("StackBackward0", _stack, len(tensors), ("dim",), _select_formula)
    return op(*tensors, wrap_dim(dim, len(shape) + 1))


# -- memory formats ------------------------------------------------------------------------
class memory_format:
    """The memory layout a copy should have (``rungrad.contiguous_format``...)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"rungrad.{self._name}"

    def __reduce__(self) -> str:
        return self._name


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def _copy_in_format(array: np.ndarray, layout: Any) -> np.ndarray:
    """A copy of ``array`` laid out in memory as ``layout`` asks (values are the same)."""
    if layout is channels_last or layout is channels_last_3d:
        wanted = 4 if layout is channels_last else 5
        if array.ndim != wanted:
            raise RuntimeError(f"required rank {wanted} tensor to use {layout._name} format")
        # channels innermost, then the last dim ... dim 2, the batch outermost (as PyTorch
        # computes them, size-1 dims included)
        strides, step = [0] * array.ndim, 1
        for dim in (1, *range(array.ndim - 1, 1, -1), 0):
            strides[dim] = step
            step *= max(array.shape[dim], 1)
        return _copy_with_strides(array, strides)
    if layout is preserve_format:
        shape = array.shape
        if 1 not in shape and 0 not in shape:  # then a contiguous layout has one set of strides
            if array.flags.c_contiguous:
                return array.copy()
            if array.flags.f_contiguous:
                return array.copy(order="F")
        # a dense input's strides exactly (those of size-1 dims too, which NumPy recomputes),
        # else dense strides in the input's stride order
        strides = [s // array.itemsize for s in array.strides]
        if not _dense(array) or min(strides, default=0) < 0:
            strides = _dense_strides(array.shape, strides)
        return _copy_with_strides(array, strides)
    return np.array(array, copy=True, order="C")


def _dense_strides(shape: Sequence[int], strides: Sequence[int]) -> list[int]:
    """PyTorch's infer_dense_strides: dense strides ordering the dims as ``strides`` do (a
    stable insertion sort where stride-0 dims keep their place, ties go to the smaller size)."""

    def should_swap(dim0: int, dim1: int) -> int:
        stride0, stride1 = abs(strides[dim0]), abs(strides[dim1])
        if stride0 == 0 or stride1 == 0 or (stride0 == stride1 and shape[dim0] <= shape[dim1]):
            return 0
        return -1 if stride0 < stride1 else 1

    perm = list(reversed(range(len(shape))))  # innermost first
    for i in range(1, len(shape)):
        dim1 = i
        for dim0 in range(i - 1, -1, -1):
            comparison = should_swap(perm[dim0], perm[dim1])
            if comparison > 0:
                perm[dim0], perm[dim1] = perm[dim1], perm[dim0]
                dim1 = dim0
            elif comparison < 0:
                break
    result, step = [0] * len(shape), 1
    for dim in perm:
        result[dim] = step
        step *= max(shape[dim], 1)
    return result


def _copy_with_strides(array: np.ndarray, strides: Sequence[int]) -> np.ndarray:
    """A copy of ``array`` in new memory, laid out with these element strides."""
    storage = np.empty(array.size, dtype=array.dtype)
    byte_strides = [s * array.itemsize for s in strides]
    result = np.lib.stride_tricks.as_strided(storage, array.shape, byte_strides)
    result[...] = array
    return result


def _dense(array: np.ndarray) -> bool:
    """True if ``array``'s elements fill its memory without gaps or overlaps (any order)."""
    pairs = sorted((abs(s), n) for s, n in zip(array.strides, array.shape) if n != 1)
    expected = array.itemsize
    for stride, size in pairs:
        if stride != expected:
            return False
        expected *= size
    return True


# -- narrowing, moving and splitting dimensions ----------------------------------------------
def narrow(input: Tensor, dim: int, start: Any, length: int) -> Tensor:
    """narrow(input, dim, start, length) -> the view ``input[..., start:start+length, ...]``"""
    ndim = input._data.ndim
    if ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, ndim)
    if isinstance(start, Tensor):
        start = int(start.item())
    size = input._data.shape[dim]
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _slice(input, dim, start, start + length, 1)


@primitive("UnfoldBackward0", view=True)
def _unfold(self, dimension, size, step):
    if self.ndim == 0:
        return self.reshape(1)[:size]
    dim = dimension % self.ndim
    shape, strides = self.shape, self.strides
    windows = (shape[dim] - size) // step + 1
    return np.lib.stride_tricks.as_strided(
        self,
        (*shape[:dim], windows, *shape[dim + 1 :], size),
        (*strides[:dim], strides[dim] * step, *strides[dim + 1 :], strides[dim]),
        writeable=self.flags.writeable,
    )


def _unfold_grad(grad: Tensor, self_shape: tuple[int, ...], dimension: int, size: int,
                 step: int) -> Tensor:  # fmt: skip
    from .backward_ops import unfold_backward

    return unfold_backward(grad, self_shape, dimension, size, step)  # PyTorch saves dim unwrapped


_unfold.defgrad(self=_unfold_grad)


def unfold_dimension(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """Tensor.unfold(dimension, size, step) -> a view of every window of ``size`` elements
    along ``dimension``, ``step`` apart, in a new last dimension"""
    ndim = input._data.ndim
    dim = wrap_dim(dimension, ndim)
    length = input._data.shape[dim] if ndim else 1
    if size > length:
        raise RuntimeError(
            f"maximum size for tensor at dimension {dim} is {length} but size is {size}"
        )
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return _unfold(input, dimension, size, step)


def _dim_list(dims: Any) -> list[int]:
    if isinstance(dims, (int, np.integer)):
        return [int(dims)]
    try:
        return [int(d) for d in dims]
    except TypeError:
        if isinstance(dims, Tensor) and dims._data.ndim == 0:  # an int to PyTorch's parser
            return [operator.index(dims)]
        raise


def movedim(input: Tensor, source: Any, destination: Any) -> Tensor:
    """movedim(input, source, destination) -> a view with dims ``source`` moved to
    ``destination`` (the other dims keep their order)"""
    ndim = input._data.ndim
    source, destination = _dim_list(source), _dim_list(destination)
    if len(source) != len(destination):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({source} dims) should "
            f"contain the same number of dims as destination ({destination} dims)"
        )
    wrapped_source = [wrap_dim(d, ndim) for d in source]
    wrapped_destination = [wrap_dim(d, ndim) for d in destination]
    for name, dims, given in (
        ("source", wrapped_source, source),
        ("destination", wrapped_destination, destination),
    ):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    order = [d for d in range(max(ndim, 1)) if d not in wrapped_source]
    for target, origin in sorted(zip(wrapped_destination, wrapped_source)):
        order.insert(target, int(origin))  # computed: no dimension as given
    if ndim == 0:
        return alias(input)
    return _permute(input, tuple(order))


moveaxis = movedim


def unflatten(input: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    """unflatten(input, dim, sizes) -> a view with dimension ``dim`` split into ``sizes``"""
    shape = input._data.shape
    dim = wrap_dim(dim, len(shape))
    sizes = tuple(int(s) for s in sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    size = shape[dim] if shape else 1
    known = math.prod(s for s in sizes if s != -1)
    negative = [s for s in sizes if s < 0]
    # Only sizes that are all known, or one -1 among known ones, are checked here; anything
    # else fails in the size inference, whose message PyTorch wraps.
    if (not negative and known != size) or (
        negative == [-1] and (size % known if known else size != 0)
    ):
        raise RuntimeError(
            f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
            f"({size}) in the input tensor"
        )
    try:
        sizes = infer_shape(sizes, size)
    except RuntimeError as error:
        raise RuntimeError(f"unflatten got an unexpected error:\n{error}") from None
    return _view(input, (*shape[:dim], *sizes, *shape[dim + 1 :]))


def ravel(input: Tensor) -> Tensor:
    """ravel(input) -> a 1-D view of a contiguous input (or of a contiguous copy)"""
    return _view(input.contiguous(), (input._data.size,))


# -- reversing and rotating ------------------------------------------------------------------
@primitive("FlipBackward0")
def _flip(self, dims):
    return np.array(np.flip(self, dims) if self.ndim else self, copy=True)


_flip.defgrad(self=lambda grad, dims: _flip(grad, dims))


def flip(input: Tensor, dims: Any) -> Tensor:
    """flip(input, dims) -> a copy with the order of elements reversed along ``dims``

    >>> import rungrad
    >>> rungrad.arange(4).view(2, 2).flip(0)
    tensor([[2, 3],
            [0, 1]])
    """
    return _flip(input, wrap_dims(_dim_list(dims), input._data.ndim))


def fliplr(input: Tensor) -> Tensor:
    """fliplr(input) -> ``input`` flipped left to right (dimension 1)"""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return _flip(input, (1,))


def flipud(input: Tensor) -> Tensor:
    """flipud(input) -> ``input`` flipped up to down (dimension 0)"""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return _flip(input, (0,))


@primitive("RollBackward0")
def _roll(self, shifts, dims):
    if not dims:
        return np.roll(self, shifts[0])
    return np.roll(self, shifts, dims)


_roll.defgrad(self=lambda grad, shifts, dims: _roll(grad, tuple(-s for s in shifts), dims))


def roll(input: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """roll(input, shifts, dims=None) -> elements shifted cyclically along ``dims``
    (over the flattened tensor when ``dims`` is None)"""
    shifts = _dim_list(shifts)
    dims = [] if dims is None else _dim_list(dims)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if (dims or len(shifts) != 1) and len(shifts) != len(dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    ndim = input._data.ndim
    return _roll(input, tuple(shifts), tuple(wrap_dim(d, ndim) for d in dims))


@primitive("Rot90Backward0")
def _rot90(self, k, dims):
    return np.array(np.rot90(self, k, dims), copy=True)


_rot90.defgrad(self=lambda grad, k, dims: _rot90(grad, -k, dims))


def rot90(input: Tensor, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:
    """rot90(input, k=1, dims=(0, 1)) -> ``input`` rotated by 90 degrees ``k`` times, from the
    first towards the second of ``dims``"""
    dims = _dim_list(dims)
    ndim = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {ndim}")
    first, second = wrap_dim(dims[0], ndim), wrap_dim(dims[1], ndim)
    if first == second:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {first} and dim1 = {second}"
        )
    return _rot90(input, int(k) % 4, (first, second))


# -- diagonals and triangles -----------------------------------------------------------------
def _diagonal_view(array: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
    """A writable view of a diagonal of ``array``, as a new last dimension."""
    rows, columns = array.shape[dim1], array.shape[dim2]
    row_start, column_start = max(0, -offset), max(0, offset)
    length = max(0, min(rows - row_start, columns - column_start))
    index: list[Any] = [slice(None)] * array.ndim
    if length:
        index[dim1], index[dim2] = slice(row_start, None), slice(column_start, None)
    start = array[tuple(index)]
    kept = [d for d in range(array.ndim) if d not in (dim1, dim2)]
    shape = (*[array.shape[d] for d in kept], length)
    strides = (*[array.strides[d] for d in kept], array.strides[dim1] + array.strides[dim2])
    return np.lib.stride_tricks.as_strided(start, shape, strides, writeable=array.flags.writeable)


@primitive("DiagonalBackward0", view=True)
def _diagonal(self, offset, dim1, dim2):
    return _diagonal_view(self, offset, dim1, dim2)


def _diagonal_grad(grad: Tensor, self_shape: tuple[int, ...], offset: int, dim1: int,
                   dim2: int) -> Tensor:  # fmt: skip
    return diagonal_backward(grad, self_shape, offset, dim1, dim2)


_diagonal.defgrad(self=_diagonal_grad)


@primitive("DiagonalBackwardBackward0")
def diagonal_backward(grad_output, input_sizes, offset, dim1, dim2):
    """Zeros of ``input_sizes`` with ``grad_output`` on the diagonal ``offset`` of (dim1, dim2)."""
    result = np.zeros(input_sizes, dtype=grad_output.dtype)
    _diagonal_view(result, offset, dim1, dim2)[...] = grad_output
    return result


diagonal_backward.defgrad(
    grad_output=lambda grad, offset, dim1, dim2: _diagonal(grad, offset, dim1, dim2)
)


def _diagonal_dims(ndim: int, dim1: int, dim2: int) -> tuple[int, int]:
    first, second = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return first, second


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """diagonal(input, offset=0, dim1=0, dim2=1) -> a view of the diagonal ``offset`` of the
    (dim1, dim2) planes, as the last dimension"""
    first, second = _diagonal_dims(input._data.ndim, dim1, dim2)
    return _diagonal(input, int(offset), first, second)


# -- select_scatter, slice_scatter, diagonal_scatter ---------------------------------------------
# ``input`` with ``src`` written into one of its views (a selected slice, a strided slice, a
# diagonal), as a new tensor. The gradient of ``input`` is the gradient with that region
# zeroed (the same scatter, of zeros); that of ``src`` is the region itself (the view op).
def _select_region(array: np.ndarray, dim: int, index: int) -> np.ndarray:
    return array[(slice(None),) * dim + (index, Ellipsis)]


def _slice_region(array: np.ndarray, dim: int, start: int, end: int, step: int) -> np.ndarray:
    return array[(slice(None),) * dim + (slice(start, end, step),)]


def _scattered(region: Any, self: np.ndarray, src: Any, *where: Any) -> np.ndarray:
    result = self.copy()
    region(result, *where)[...] = src  # cast to self's dtype, as PyTorch does
    return result


@primitive("SelectScatterBackward0")
def _select_scatter(self, src, dim, index):
    return _scattered(_select_region, self, src, dim, index)


@primitive("SliceScatterBackward0")
def _slice_scatter(self, src, dim, start, end, step):
    return _scattered(_slice_region, self, src, dim, start, end, step)


@primitive("DiagonalScatterBackward0")
def _diagonal_scatter(self, src, offset, dim1, dim2):
    return _scattered(_diagonal_view, self, src, offset, dim1, dim2)


def _zero(grad: Tensor) -> Tensor:
    return Tensor._from_array(np.zeros((), grad._data.dtype))


_select_scatter.defgrad(
    self=lambda grad, dim, index: _select_scatter(grad, _zero(grad), dim, index),
    src=lambda grad, dim, index: _select(grad, dim, index),
)
_slice_scatter.defgrad(
    self=lambda grad, dim, start, end, step: _slice_scatter(
        grad, _zero(grad), dim, start, end, step
    ),
    src=lambda grad, dim, start, end, step: _slice(grad, dim, start, end, step),
)
_diagonal_scatter.defgrad(
    self=lambda grad, offset, dim1, dim2: _diagonal_scatter(grad, _zero(grad), offset, dim1, dim2),
    src=lambda grad, offset, dim1, dim2: _diagonal(grad, offset, dim1, dim2),
)


def _check_src(src: Tensor, region: np.ndarray) -> None:
    if src._data.shape != region.shape:
        raise RuntimeError(
            "expected src to have a size equal to the slice of self. src size = "
            f"{list(src._data.shape)}, slice size = {list(region.shape)}"
        )


def select_scatter(input: Tensor, src: Tensor, dim: int, index: int) -> Tensor:
    """select_scatter(input, src, dim, index) -> a copy of ``input`` with ``src`` as its
    slice at ``index`` along ``dim``"""
    _check_src(src, select(input, dim, index)._data)
    return _select_scatter(input, src, wrap_dim(dim, input._data.ndim), int(index))


def slice_scatter(input: Tensor, src: Tensor, dim: int = 0, start: Any = None, end: Any = None,
                  step: int = 1) -> Tensor:  # fmt: skip
    """slice_scatter(input, src, dim=0, start=None, end=None, step=1) -> a copy of ``input``
    with ``src`` as its slice ``start:end:step`` along ``dim``"""
    dim = wrap_dim(dim, input._data.ndim)
    start = 0 if start is None else operator.index(start)
    end = _INT64_MAX if end is None else operator.index(end)
    _check_src(src, _slice_region(input._data, dim, start, end, step))
    return _slice_scatter(input, src, dim, start, end, step)


def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0,
                     dim2: int = 1) -> Tensor:  # fmt: skip
    """diagonal_scatter(input, src, offset=0, dim1=0, dim2=1) -> a copy of ``input`` with
    ``src`` as its diagonal ``offset`` of the (dim1, dim2) planes"""
    first, second = _diagonal_dims(input._data.ndim, dim1, dim2)
    _check_src(src, _diagonal_view(input._data, int(offset), first, second))
    return _diagonal_scatter(input, src, int(offset), first, second)


@primitive("DiagonalBackward0_copy")
def _diagonal_copy(self, offset, dim1, dim2):
    return np.array(_diagonal_view(self, offset, dim1, dim2), copy=True)


_diagonal_copy.defgrad(self=_diagonal_grad)


@primitive("DiagEmbedBackward0")
def _diag_embed(self, offset, dim1, dim2):
    length = self.shape[-1] + abs(offset) if self.ndim else 1 + abs(offset)
    batch = list(self.shape[:-1])
    shape = [0] * (len(batch) + 2)
    shape[dim1] = shape[dim2] = length
    rest = iter(batch)
    shape = [length if d in (dim1, dim2) else next(rest) for d in range(len(shape))]
    result = np.zeros(shape, dtype=self.dtype)
    _diagonal_view(result, offset, dim1, dim2)[...] = self
    return result


_diag_embed.defgrad(self=lambda grad, offset, dim1, dim2: _diagonal(grad, offset, dim1, dim2))


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """diag_embed(input, offset=0, dim1=-2, dim2=-1) -> matrices (in dims ``dim1``, ``dim2``)
    whose diagonal ``offset`` holds the last dimension of ``input``"""
    first, second = _diagonal_dims(input._data.ndim + 1, dim1, dim2)
    return _diag_embed(input, int(offset), first, second)


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """diag(input, diagonal=0) -> a 1-D input as a diagonal matrix, or a matrix's diagonal"""
    ndim = input._data.ndim
    if ndim == 1:
        return _diag_embed(input, int(diagonal), 0, 1)
    if ndim == 2:
        return _diagonal_copy(input, int(diagonal), 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """diagflat(input, offset=0) -> the flattened input on the diagonal ``offset`` of a matrix"""
    return _diag_embed(reshape(input, (-1,)), int(offset), 0, 1)


@primitive("TrilBackward0")
def _tril(self, diagonal):
    return np.tril(self, diagonal)


_tril.defgrad(self=lambda grad, diagonal: _tril(grad, diagonal))


@primitive("TriuBackward0")
def _triu(self, diagonal):
    return np.triu(self, diagonal)


_triu.defgrad(self=lambda grad, diagonal: _triu(grad, diagonal))


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """tril(input, diagonal=0) -> the lower triangle of the last two dimensions (others zero)"""
    if input._data.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return _tril(input, int(diagonal))


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """triu(input, diagonal=0) -> the upper triangle of the last two dimensions (others zero)"""
    if input._data.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return _triu(input, int(diagonal))


# -- repeating and broadcasting ----------------------------------------------------------
@primitive("RepeatBackward0")
def _repeat(self, repeats):
    padded = self.reshape((1,) * (len(repeats) - self.ndim) + self.shape)
    return np.tile(padded, repeats)


def _repeat_grad(grad: Tensor, self_shape: tuple[int, ...], repeats: tuple[int, ...]) -> Tensor:
    """Sum the copies: split each repeated dimension into (copies, size), sum the copies."""
    leading = len(repeats) - len(self_shape)
    split: list[int] = []
    summed: list[int] = []
    for i, count in enumerate(repeats):
        if i < leading:
            summed.append(len(split))
            split.append(count)
        elif count == 1:
            split.append(self_shape[i - leading])
        else:
            summed.append(len(split))
            split += [count, self_shape[i - leading]]
    if not summed:
        return grad
    if 0 in repeats:  # nothing was copied: a constant zero gradient (as PyTorch has it)
        from .._creation import zeros

        return zeros(self_shape, dtype=grad.dtype)
    if tuple(split) != grad._data.shape:
        grad = reshape(grad, split)
    return grad.sum(tuple(summed))


_repeat.defgrad(self=_repeat_grad)


def repeat(input: Tensor, repeats: Sequence[int]) -> Tensor:
    """repeat(input, *repeats) -> ``input`` tiled ``repeats[i]`` times along each dimension"""
    repeats = tuple(map(operator.index, repeats))
    shape = input._data.shape
    if len(repeats) < len(shape):
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    padded = (1,) * (len(repeats) - len(shape)) + shape
    result_shape = [r * s for r, s in zip(repeats, padded)]
    for size in result_shape:
        if size < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {size}: {result_shape}"
            )
    return _repeat(input, repeats)


def tile(input: Tensor, dims: Sequence[int]) -> Tensor:
    """tile(input, dims) -> ``repeat``, with ``dims`` padded with leading ones when short"""
    dims = tuple(int(d) for d in dims)
    dims = (1,) * (input._data.ndim - len(dims)) + dims
    return repeat(input, dims)


def broadcast_to(input: Tensor, size: Sequence[int]) -> Tensor:
    """broadcast_to(input, size) -> ``input.expand(size)``"""
    return expand(input, size)


def broadcast_tensors(*tensors: Any) -> tuple[Tensor, ...]:
    """broadcast_tensors(*tensors) -> the tensors expanded to their common shape"""
    from ._checks import broadcast_shapes

    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = broadcast_shapes(*[t._data.shape for t in tensors])
    return tuple(t if t._data.shape == shape else _expand(t, shape) for t in tensors)


def meshgrid(*tensors: Any, indexing: str | None = None) -> tuple[Tensor, ...]:
    """meshgrid(*tensors, indexing='ij') -> coordinate grids, one per 0-D or 1-D input"""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        import warnings

        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for tensor in tensors:
        if tensor._data.ndim > 1:
            raise RuntimeError(
                f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {tensor}"
            )
    if len({t._data.dtype for t in tensors}) != 1:
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    positions = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        positions[0], positions[1] = 1, 0
    shape = [0] * len(tensors)
    for tensor, position in zip(tensors, positions):
        shape[position] = tensor._data.size
    result = []
    for tensor, position in zip(tensors, positions):
        view_shape = [1] * len(tensors)
        view_shape[position] = -1
        result.append(_expand(view(tensor, view_shape), tuple(shape)))
    return tuple(result)


def _atleast(tensors: tuple[Any, ...], rank: int) -> Any:
    single = len(tensors) == 1 and isinstance(tensors[0], Tensor)
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    results = []
    for tensor in tensors:
        ndim = tensor._data.ndim
        if ndim >= rank:
            results.append(tensor)
        elif ndim == 0:
            results.append(reshape(tensor, (1,) * rank))
        elif ndim == 1:
            grown = _unsqueeze(tensor, 0)
            results.append(_unsqueeze(grown, 2) if rank == 3 else grown)
        else:
            results.append(_unsqueeze(tensor, 2))
    return results[0] if single else tuple(results)


def atleast_1d(*tensors: Any) -> Any:
    """atleast_1d(*tensors) -> each tensor with at least one dimension"""
    return _atleast(tensors, 1)


def atleast_2d(*tensors: Any) -> Any:
    """atleast_2d(*tensors) -> each tensor with at least two dimensions"""
    return _atleast(tensors, 2)


def atleast_3d(*tensors: Any) -> Any:
    """atleast_3d(*tensors) -> each tensor with at least three dimensions"""
    return _atleast(tensors, 3)


# -- as_strided ------------------------------------------------------------------------------
def _storage(array: np.ndarray) -> tuple[np.ndarray, int]:
    """The 1-D array of the whole buffer that ``array`` views, and ``array``'s offset in it."""
    root = array
    while isinstance(root.base, np.ndarray):
        root = root.base
    flat = root.reshape(-1) if root.flags.c_contiguous else root
    start = flat.__array_interface__["data"][0]
    offset = (array.__array_interface__["data"][0] - start) // array.itemsize
    return flat, offset


def _strided_positions(size: Sequence[int], stride: Sequence[int], offset: int) -> np.ndarray:
    """The storage position of each element of a (size, stride, offset) view."""
    positions = np.full(tuple(size), offset, dtype=np.int64)
    for dim, (length, step) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[dim] = length
        positions = positions + (np.arange(length, dtype=np.int64) * step).reshape(shape)
    return positions


@primitive("AsStridedBackward0", view=True)
def _as_strided(self, size, stride, storage_offset, geometry):
    """``geometry``: the input's (shape, strides, offset, storage size), which backward needs
    and PyTorch saves in place of the input (a later in-place change of it does no harm)."""
    flat, _ = _storage(self)
    itemsize = self.itemsize
    start = flat[storage_offset:] if storage_offset < flat.size else flat[flat.size :]
    return np.lib.stride_tricks.as_strided(
        start,
        tuple(size),
        tuple(s * itemsize for s in stride),
        writeable=self.flags.writeable,
    )


def _geometry(array: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...], int, int]:
    """(shape, strides in elements, offset, storage size) of a view of a storage."""
    flat, offset = _storage(array)
    strides = tuple(s // array.itemsize for s in array.strides)
    return array.shape, strides, offset, flat.size


def _as_strided_grad(grad: Tensor, geometry: tuple[Any, ...], size: tuple[int, ...],
                     stride: tuple[int, ...], storage_offset: int) -> Tensor:  # fmt: skip
    from .backward_ops import index_backward

    shape, own_strides, own_offset, storage_size = geometry
    if grad._data.size == 0:  # nothing was viewed: a constant zero gradient
        from .._creation import zeros

        return zeros(shape, dtype=grad.dtype)
    # The gradient of each storage element, then the input's elements read from it.
    storage_grad = index_backward(
        grad, (storage_size,), (_strided_positions(size, stride, storage_offset),)
    )
    return _as_strided(storage_grad, shape, own_strides, own_offset, _geometry(storage_grad._data))


_as_strided.defgrad(self=_as_strided_grad)
_as_strided.saved_as(unlisted=("geometry",))


def as_strided(input: Tensor, size: Sequence[int], stride: Sequence[int],
               storage_offset: int | None = None) -> Tensor:  # fmt: skip
    """as_strided(input, size, stride, storage_offset=None) -> a view of ``input``'s storage
    with the given sizes and strides (in elements)"""
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(
            f"as_strided: Negative strides are not supported at the moment, got strides: "
            f"{list(stride)}"
        )
    flat, own_offset = _storage(input._data)
    offset = own_offset if storage_offset is None else int(storage_offset)
    needed = 0 if 0 in size else offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))
    if needed > flat.size:
        itemsize = input._data.itemsize
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {itemsize} requiring a storage size of {needed * itemsize} are out of "
            f"bounds for storage of size {flat.size * itemsize}"
        )
    return _as_strided(input, size, stride, offset, _geometry(input._data))


def repeat_interleave(input: Tensor, repeats: Any = None, dim: int | None = None, *,
                      output_size: int | None = None) -> Tensor:  # fmt: skip
    """repeat_interleave(input, repeats, dim=None, *, output_size=None) -> each element (each
    slice along ``dim``) repeated ``repeats`` times, in place of the original

    With only a tensor of counts, ``repeat_interleave(repeats)`` gives ``0`` repeated
    ``repeats[0]`` times, ``1`` repeated ``repeats[1]`` times, and so on.
    """
    if repeats is None:  # repeat_interleave(repeats)
        counts = _repeat_counts(input)
        positions = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
        return Tensor._from_array(positions.astype(input._data.dtype))
    if dim is None:
        input = flatten(input)  # as PyTorch: a 1-D input itself, no view node
        dim = 0
    ndim = input._data.ndim
    dim = wrap_dim(dim, ndim)
    size = input._data.shape[dim] if ndim else 1
    if isinstance(repeats, Tensor):
        counts = _repeat_counts(repeats)
        if counts.size == 1:
            counts = np.full(size, int(counts.reshape(-1)[0]), dtype=np.int64)
        elif counts.size != size:
            raise RuntimeError(
                "repeats must have the same size as input along dim, but got repeats.size(0) = "
                f"{counts.size} and input.size({dim}) = {size}"
            )
        from .indexing import _index_select

        positions = np.repeat(np.arange(size, dtype=np.int64), counts)
        return _index_select(input, dim, Tensor._from_array(positions))
    repeats = int(repeats)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    shape = input._data.shape
    if not shape:
        input, shape = reshape(input, (1,)), (1,)
    expanded = (*shape[: dim + 1], repeats, *shape[dim + 1 :])
    copies = clone(_expand(_unsqueeze(input, dim + 1), expanded), contiguous_format)
    return _view(copies, (*shape[:dim], shape[dim] * repeats, *shape[dim + 1 :]))


def _repeat_counts(repeats: Tensor) -> np.ndarray:
    counts = repeats._data
    if counts.dtype.kind not in "iu":
        from .. import _dtype

        legacy = _dtype.from_numpy_dtype(counts.dtype).legacy_name
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for '{legacy}'")
    if counts.ndim > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    if counts.size and counts.min() < 0:
        raise RuntimeError("repeats can not be negative")
    return counts.reshape(-1).astype(np.int64)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_squeeze_dim.saved_as(dim="dims")
_squeeze_dims.saved_as(dim="dims")
