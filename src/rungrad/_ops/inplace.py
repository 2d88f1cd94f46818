"""In-place ops: ``add_``, ``mul_``, ``fill_``, ``copy_``, ``x[i] = v``...

An in-place op computes its out-of-place result (recording the node as usual), writes it
into the target's storage, bumps the version counter, and makes that node the target's
``grad_fn``. Saved tensors made before the write see the version change and refuse to be
used by backward, with PyTorch's message.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor, ViewWithoutGradMode
from ..autograd.forward_ad import DUAL, give_view_tangent, transfer_inplace
from ..autograd.grad_mode import STATE
from ._checks import broadcast_shapes
from ._half import FLOAT16
from ._quiet import quiet_numpy, restore_numpy
from .registry import primitive, scalar_operand

__all__ = [
    "arithmetic_",
    "check_cast",
    "check_inplace",
    "copy_",
    "fill_",
    "fill_diagonal_",
    "inplace",
    "refresh_view",
    "zero_",
]


# Why a view returned by a custom Function may not change in place (its mode in
# ViewWithoutGradMode): the view+inplace logic would bypass the Function's backward.
_FUNCTION_VIEW_MESSAGES = {
    "custom_function": "This view was created inside a custom Function (or because an input was "
    "returned as-is) and the autograd logic to handle view+inplace would override the custom "
    "backward associated with the custom Function, leading to incorrect gradients. This "
    "behavior is forbidden. You can fix this by cloning the output of the custom Function.",
    "multi_output": "This view is the output of a function that returns multiple views. Such "
    "functions do not allow the output views to be modified inplace. You should replace the "
    "inplace operation by an out-of-place one.",
}


def check_inplace(target: Tensor) -> None:
    """In grad mode, a leaf that requires grad (or a view of one) may not change in place."""
    if not STATE.enabled:
        return
    if type(target._accumulator) is ViewWithoutGradMode:  # NOTE [Views made without grad mode]
        if target._accumulator.mode in _FUNCTION_VIEW_MESSAGES:
            name = target._grad_fn._forward_cls.__name__
            raise RuntimeError(
                f"Output {target._output_nr} of {name} is a view and is being modified inplace. "
                + _FUNCTION_VIEW_MESSAGES[target._accumulator.mode]
            )
        if target._accumulator.mode == "inference":
            raise RuntimeError(
                "A view was created in inference mode and is being modified inplace in normal "
                "mode. Given that this use case is ambiguous and error-prone, it is forbidden. "
                "You can clarify your code by moving both the view and the inplace either both "
                "inside the inference_mode block (if you don't want the inplace to be tracked) or "
                "both outside (if you want the inplace to be tracked)."
            )
        raise RuntimeError(
            "A view was created in no_grad mode and is being modified inplace with grad mode "
            "enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You "
            "can clarify your code by moving both the view and the inplace either both inside "
            "the no_grad block (if you don't want the inplace to be tracked) or both outside (if "
            "you want the inplace to be tracked)."
        )
    if target._requires_grad and target._grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    base = target._base
    # Checked before the view-of-a-leaf rule, as PyTorch does: unbinding a leaf names Unbind.
    primitive = getattr(target._grad_fn, "_primitive", None)
    if base is not None and primitive is not None and primitive.is_view and primitive.returns_tuple:
        # One of several views made by one node (split, unbind): its history can't be rewritten.
        name = type(target._grad_fn).__name__.rstrip("0123456789").removesuffix("Backward")
        raise RuntimeError(
            f"Output {target._output_nr} of {name} is a view and is being modified inplace. This "
            "view is the output of a function that returns multiple views. Such functions do not "
            "allow the output views to be modified inplace. You should replace the inplace "
            "operation by an out-of-place one."
        )
    if base is not None and base._requires_grad and base._grad_fn is None:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3, "V": 2}  # V: bfloat16

OVERLAP_MESSAGE = (
    "unsupported operation: more than one element of the written-to tensor refers to a "
    "single memory location. Please clone() the tensor before performing the operation."
)


def has_internal_overlap(data: np.ndarray) -> bool:
    """Whether two elements share memory (a stride of 0 on a dim longer than 1: expand)."""
    return data.size > 1 and any(
        stride == 0 and length > 1 for stride, length in zip(data.strides, data.shape)
    )


def check_cast(result: np.dtype, output: np.dtype) -> None:
    """PyTorch's canCast: not to a lower category (bool < integer < floating < complex); any
    integer to any integer is fine (the value wraps)."""
    if _CATEGORY[result.kind] > _CATEGORY[output.kind]:
        raise RuntimeError(
            f"result type {_dtype.from_numpy_dtype(result).legacy_name} can't be cast to "
            f"the desired output type {_dtype.from_numpy_dtype(output).legacy_name}"
        )


def _write(target: Tensor, result: np.ndarray) -> None:
    data = target._data
    if result.shape != data.shape:
        raise RuntimeError(
            f"output with shape {list(data.shape)} doesn't match the broadcast shape "
            f"{list(result.shape)}"
        )
    check_cast(result.dtype, data.dtype)
    if not data.flags.writeable or has_internal_overlap(data):
        raise RuntimeError(OVERLAP_MESSAGE)
    np.copyto(data, result, casting="unsafe")
    target._bump_version()


def inplace(op: Any, target: Tensor, *args: Any) -> Tensor:
    """Run ``op(target, *args)`` and store the result in ``target`` (PyTorch's ``op_``)."""
    check_inplace(target)
    result = op(target, *args)
    node = result._grad_fn
    if node is not None and hasattr(node, "_snapshot_input"):
        node._snapshot_input(target)
    _write(target, result._data)
    if DUAL.active:
        transfer_inplace(target, result)
    if node is None:
        return target
    if hasattr(node, "_save_output_as"):
        node._save_output_as(target)
    if target._base is not None:
        _rewrite_base_history(target, result)
        return target
    target._set_history(node, result._output_nr)
    return target


def integral_(op: Any, target: Tensor, other: Any) -> Tensor:
    """The in-place bitwise ops and shifts: PyTorch checks that their result type can be
    written into ``target`` before its kernel refuses a float (``i &= 2.5`` is a cast error,
    not the kernel's "not implemented for 'Float'")."""
    from .._promotion import result_type

    if isinstance(other, (Tensor, bool, int, float, complex)):
        data = target._data
        if isinstance(other, Tensor):  # the shapes are checked first, as in _write
            from ._checks import broadcast_shapes

            shape = broadcast_shapes(data.shape, other._data.shape)
            if shape != data.shape:
                raise RuntimeError(
                    f"output with shape {list(data.shape)} doesn't match the broadcast shape "
                    f"{list(shape)}"
                )
        check_cast(result_type(target, other).numpy, data.dtype)
    return inplace(op, target, other)


def arithmetic_(op: Any, ufunc: np.ufunc, target: Tensor, other: Any) -> Tensor:
    """``target op= other`` for add_/sub_/mul_/div_: straight into the target's storage when
    nothing is recorded and nothing is cast or broadcast (an optimizer's update, in place
    in one pass), else through ``inplace``."""
    data = target._data
    direct = False
    if data.dtype.kind == "f":  # integers and bools: PyTorch's casting rules, in inplace()
        if type(other) is float or type(other) is int:
            operand: Any = scalar_operand(other, data.dtype)  # NOTE [Scalars as arrays]
            # float16 takes the op's own forward (NOTE [Reduced-precision scalars])
            direct = data.dtype is not FLOAT16
            requires_grad = target._requires_grad
        elif isinstance(other, Tensor):
            operand = other._data
            direct = operand.dtype == data.dtype and operand.shape == data.shape
            requires_grad = target._requires_grad or other._requires_grad
    if not direct or (requires_grad and STATE.enabled) or not data.flags.writeable or DUAL.active:
        return inplace(op, target, other)
    if has_internal_overlap(data):
        raise RuntimeError(OVERLAP_MESSAGE)
    token = quiet_numpy()
    try:
        ufunc(data, operand, out=data)
    finally:
        restore_numpy(token)
    target._bump_version()
    return target


# NOTE [In-place on a view]
# Writing into a view changes its base too, so the base's history must change: its new
# grad_fn is a ``CopySlices`` node whose gradient is the old one outside the view's elements
# and, inside, flows through the in-place op's node (``result``). The view then becomes an
# ``AsStridedBackward0`` view of the new base, as in PyTorch. The view's elements are found
# in the base by their memory addresses, so any chain of views works the same way.
def _rewrite_base_history(target: Tensor, result: Tensor) -> None:
    base = target._base
    positions = _positions_in(base._data, target._data)
    new_base = _copy_slices(base, result, positions)
    base._set_history(new_base._grad_fn)
    _regrow_view(target, base, positions)


def _regrow_view(view: Tensor, base: Tensor, positions: np.ndarray) -> None:
    """Make ``view``'s history an ``AsStridedBackward0`` view of its base's current one."""
    regrown = _view_of_base(base, positions, view._data)
    view._set_history(regrown._grad_fn)
    view._view_version = view._version_counter.value


# NOTE [Stale views]
# A view's grad_fn is made when the view is: it leads to its base's history as it was then.
# Once the base, or any view of it, changes in place, that history is stale (the base now has
# a new grad_fn, a MulBackward0 or a CopySlices), and a gradient through the old one would be
# wrong. As in PyTorch, each view remembers its version counter's value when its history was
# made (``_view_version``); where the history is read (an op recording the view as input,
# ``grad_fn``, ``requires_grad``, backward, hooks) a changed value makes the history again, as
# an ``AsStridedBackward0`` view of the base's current history. The outputs of an op that
# makes several views (unbind, split) cannot be regrown: reading theirs raises, as in
# PyTorch. One test per recorded input (is it a view?) is all the common case pays; a call
# that records nothing checks its inputs for a view whose base came to require grad
# (``_regrew_a_view`` in registry.py).
def refresh_view(view: Tensor) -> None:
    """Make again the history of ``view``, whose base changed in place (NOTE [Stale views])."""
    node = view._grad_fn
    primitive = getattr(node, "_primitive", None)
    if primitive is not None and primitive.is_view and primitive.returns_tuple:
        name = type(node).__name__.rstrip("0123456789").removesuffix("Backward")
        raise RuntimeError(
            f"Output {view._output_nr} of {name} is a view and its base or another view of its "
            "base has been modified inplace. " + _FUNCTION_VIEW_MESSAGES["multi_output"]
        )
    base = view._base
    if not base._requires_grad:  # nothing to regrow: the view has no history either
        view._view_version = view._version_counter.value
        return
    previous = STATE.enabled
    STATE.enabled = True  # the history is made whatever the grad mode, as in PyTorch
    try:
        _regrow_view(view, base, _positions_in(base._data, view._data))
    finally:
        STATE.enabled = previous


def _byte_offsets(array: np.ndarray) -> np.ndarray:
    """The byte offset of every element of ``array`` from its first element."""
    offsets = np.zeros(array.shape, dtype=np.int64)
    for dim, (size, stride) in enumerate(zip(array.shape, array.strides)):
        shape = [1] * array.ndim
        shape[dim] = size
        offsets = offsets + (np.arange(size, dtype=np.int64) * stride).reshape(shape)
    return offsets


def _positions_in(base: np.ndarray, view: np.ndarray) -> np.ndarray:
    """For each element of ``view`` (which shares ``base``'s memory), its flat index in ``base``."""
    start = base.__array_interface__["data"][0]
    view_start = view.__array_interface__["data"][0]
    base_offsets = _byte_offsets(base).reshape(-1)
    order = np.argsort(base_offsets, kind="stable")
    view_offsets = _byte_offsets(view) + (view_start - start)
    found = np.searchsorted(base_offsets[order], view_offsets.reshape(-1))
    return order[found].reshape(view.shape)


@primitive("CopySlices", qualified_name="rungrad::autograd::CopySlices")
def _copy_slices(self, src, positions):
    """``self`` with the elements at flat ``positions`` replaced by ``src``."""
    result = np.array(self, copy=True, order="C")
    result.reshape(-1)[positions] = src
    return result


def _copy_slices_src_grad(grad: Tensor, positions: np.ndarray) -> Tensor:
    from .indexing import index
    from .shape import clone

    return clone(index(grad.reshape(-1), (positions,)))


_copy_slices.defgrad(
    self=lambda grad, positions: _copy_slices(grad, 0.0, positions),
    src=_copy_slices_src_grad,
)
# Its ``src`` is the in-place op's result: PyTorch's CopySlices wraps that op's node and lists
# the op's other inputs, not the node itself.
_copy_slices.primitive.node_class.presents_wrapped_inputs = True


@primitive("AsStridedBackward0")
def _view_of_base(self, positions, data):
    """The view ``data`` seen again as a function of its (rewritten) base."""
    return data


def _view_of_base_grad(grad: Tensor, self_shape: tuple[int, ...], positions: np.ndarray) -> Tensor:
    from .backward_ops import index_backward

    size = int(np.prod(self_shape))
    return index_backward(grad, (size,), (positions,)).reshape(self_shape)


_view_of_base.defgrad(self=_view_of_base_grad)


def _zeros(grad: Tensor) -> Tensor:
    """The gradient of an overwritten input: constant zeros, outside the graph."""
    from .._creation import zeros_like

    return zeros_like(grad)


@primitive("FillBackward2")
def _fill(self, value):
    return np.full_like(self, value)


_fill.defgrad(self=_zeros)


@primitive("FillBackward3")
def _fill_tensor(self, value):
    return np.full_like(self, value)


_fill_tensor.defgrad(self=_zeros, value=lambda grad: grad.sum())


@primitive("ZeroBackward0")
def _zero(self):
    return np.zeros_like(self)


_zero.defgrad(self=_zeros)


def zero_(target: Tensor) -> Tensor:
    """Fill ``target`` with zeros in place."""
    return inplace(_zero, target)


def fill_(target: Tensor, value: Any) -> Tensor:
    """Fill ``target`` with ``value`` in place."""
    if isinstance(value, Tensor):
        _check_fill_value(value)
        return inplace(_fill_tensor, target, value)
    value = _dtype.fit_scalar(value, target.dtype, fill=True, elements=target._data.size)
    return inplace(_fill, target, value)


# torch.fill: fill_'s out-of-place form, a new tensor of the input's shape and dtype. Its
# nodes are PyTorch's FillBackward0 (a number) and FillBackward1 (a 0-d tensor value, which
# gets the sum of the gradient).
@primitive("FillBackward0")
def _fill_out_of_place(self, value):
    return np.full_like(self, value)


_fill_out_of_place.defgrad(self=_zeros)


@primitive("FillBackward1")
def _fill_tensor_out_of_place(self, value):
    return np.full_like(self, value)


_fill_tensor_out_of_place.defgrad(self=_zeros, value=lambda grad: grad.sum())


def fill(input: Tensor, value: Any) -> Tensor:
    """fill(input, value) -> a tensor of ``input``'s shape and dtype filled with ``value``
    (a number or a 0-d tensor)."""
    if isinstance(value, Tensor):
        _check_fill_value(value)
        return _fill_tensor_out_of_place(input, value)
    value = _dtype.fit_scalar(value, input.dtype, fill=True, elements=input._data.size)
    return _fill_out_of_place(input, value)


def _check_fill_value(value: Tensor) -> None:
    if value._data.ndim:
        raise RuntimeError(
            "fill_ only supports 0-dimension value tensor but got tensor with "
            f"{value._data.ndim} dimensions."
        )


def fill_diagonal_(target: Tensor, fill_value: Any, wrap: bool = False) -> Tensor:
    """Fill the main diagonal of ``target`` (2-D, or with all dims equal) with ``fill_value``
    in place. With ``wrap``, a tall matrix's diagonal starts again every ``columns + 1``
    rows, as its elements' positions in memory do.

    Each diagonal is filled through a view of it, so the tensor's history gets PyTorch's
    ``CopySlices`` node."""
    if isinstance(fill_value, Tensor) and fill_value._data.ndim:
        raise TypeError(
            "fill_diagonal_(): argument 'fill_value' (position 1) must be Number, not Tensor"
        )
    shape = target._data.shape
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2:
        if len(set(shape)) != 1:
            raise RuntimeError("all dimensions of input must be of equal length")
        step = sum(target.stride())
        target.as_strided((shape[0],), (step,), target.storage_offset()).fill_(fill_value)
        return target
    rows, columns = shape
    starts = range(0, rows, columns + 1) if wrap else (0,)
    for start in starts:
        target[start : start + columns].diagonal().fill_(fill_value)
    return target


@primitive("CopyBackwards", qualified_name="rungrad::autograd::CopyBackwards")
def _copy_from(self, src):
    src = np.asarray(src)
    if src.dtype.kind == "c" and self.dtype.kind != "c":
        from .shape import _warn_discarded_imaginary

        _warn_discarded_imaginary()
        # NumPy's cast, without its ComplexWarning; a bool is still whether the value is 0
        src = src != 0 if self.dtype == np.bool_ else src.real
    return np.broadcast_to(src.astype(self.dtype, copy=False), self.shape).copy()


# The gradient is cast before it is summed over broadcast dims (the node sums), as PyTorch.
_copy_from.defgrad(self=_zeros, src=lambda grad, src_dtype: grad.to(src_dtype))


# NOTE [copy_ into a view]
# PyTorch's copy_ into a view records one CopySlices node whose edges are the base's old
# history and ``src`` itself: no CopyBackwards in between, as NOTE [In-place on a view] would
# make of the copy's own node. ``_copy_into_view`` is that node. Its ``src`` gradient follows
# PyTorch's CopySlices step by step where the base is C-contiguous (the region's elements are
# then a strided view of the base's gradient): a copy of the incoming gradient
# (CopyBackwards), the region as a strided view of it (AsStridedBackward0), a clone
# (CloneBackward0), then the copy's cast to ``src``'s dtype; the node sums what ``src`` was
# broadcast over. Other bases take the region by the elements' positions.
@primitive("CopySlices", qualified_name="rungrad::autograd::CopySlices")
def _copy_into_view(self, src, positions, region):
    """``self`` with the elements at flat ``positions`` replaced by ``src`` (broadcast to
    their shape and converted to ``self``'s dtype)."""
    result = np.array(self, copy=True, order="C")
    result.reshape(-1)[positions] = np.asarray(src).astype(self.dtype, copy=False)
    return result


def _copy_into_view_src_grad(grad: Tensor, src_dtype: Any, positions: np.ndarray,
                             region: Any) -> Tensor:  # fmt: skip
    from .._creation import zeros_like
    from .indexing import index
    from .shape import as_strided, clone

    if region is None:
        selected = clone(index(grad.reshape(-1), (positions,)))
    else:
        copied = _copy_from(zeros_like(grad), grad)  # C-contiguous, as the base
        selected = clone(as_strided(copied, *region))
    return selected.to(src_dtype)


_copy_into_view.defgrad(
    self=lambda grad, positions: _copy_slices(grad, 0.0, positions),
    src=_copy_into_view_src_grad,
)
# PyTorch's CopySlices node lists no saved values.
for _op in (_copy_slices, _copy_into_view):
    _op.saved_as(unlisted=_op.primitive.saved_names)


def _strided_region(base: np.ndarray, view: np.ndarray) -> Any:
    """(sizes, strides, offset) in elements of ``view`` within a C-contiguous ``base``, or
    None for another base."""
    if not base.flags.c_contiguous:
        return None
    itemsize = base.itemsize
    offset = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    return (view.shape, tuple(s // itemsize for s in view.strides), offset // itemsize)


def _copy_to_view(target: Tensor, src: Tensor) -> Tensor:
    """``target.copy_(src)`` for a view ``target`` while recording (NOTE [copy_ into a view])."""
    check_inplace(target)
    base = target._base
    positions = _positions_in(base._data, target._data)
    region = _strided_region(base._data, target._data)
    new_base = _copy_into_view(base, src, positions, region)
    _write(target, new_base._data.reshape(-1)[positions])
    base._set_history(new_base._grad_fn)
    _regrow_view(target, base, positions)
    if DUAL.active:
        transfer_inplace(base, new_base)
        give_view_tangent(target)
    return target


def copy_(target: Tensor, src: Any) -> Tensor:
    """Copy ``src`` (broadcast, converted to ``target``'s dtype) into ``target``."""
    if isinstance(src, (bool, int, float, complex)):  # a number is a 0-d tensor to copy
        src = Tensor._from_array(np.asarray(src))
    if not isinstance(src, Tensor):
        raise TypeError(
            f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}"
        )
    if src._data.shape != target._data.shape:  # PyTorch's messages for a shape that won't do
        shape = broadcast_shapes(target._data.shape, src._data.shape)
        if shape != target._data.shape:
            raise RuntimeError(
                f"output with shape {list(target._data.shape)} doesn't match the broadcast "
                f"shape {list(shape)}"
            )
    if (
        target._base is not None
        and STATE.enabled
        and (target._requires_grad or src._requires_grad)
        and target._data.flags.writeable
        and not has_internal_overlap(target._data)
    ):
        return _copy_to_view(target, src)
    return inplace(_copy_from, target, src)
