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
from .._tensor import Tensor
from ..autograd.grad_mode import STATE
from .registry import Primitive, primitive

__all__ = ["check_inplace", "copy_", "fill_", "inplace"]


def check_inplace(target: Tensor) -> None:
    """In grad mode, a leaf that requires grad (or a view of one) may not change in place."""
    if not STATE.enabled:
        return
    if target._requires_grad and target._grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    base = target._base
    if base is not None and base._requires_grad and base._grad_fn is None:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )


def _write(target: Tensor, result: np.ndarray) -> None:
    data = target._data
    if result.shape != data.shape:
        raise RuntimeError(
            f"output with shape {list(data.shape)} doesn't match the broadcast shape "
            f"{list(result.shape)}"
        )
    if result.dtype != data.dtype and not np.can_cast(result.dtype, data.dtype, "same_kind"):
        raise RuntimeError(
            f"result type {_dtype.from_numpy_dtype(result.dtype).legacy_name} can't be cast to "
            f"the desired output type {_dtype.from_numpy_dtype(data.dtype).legacy_name}"
        )
    if not data.flags.writeable:
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation."
        )
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
    if node is not None:
        target._grad_fn = node
        target._output_nr = result._output_nr
        target._requires_grad = True
    return target


@primitive("FillBackward0")
def _fill(self, value):
    return np.full_like(self, value)


_fill.defgrad(self=lambda grad: grad * 0)


@primitive("ZeroBackward0")
def _zero(self):
    return np.zeros_like(self)


_zero.defgrad(self=lambda grad: grad * 0)


def fill_(target: Tensor, value: Any) -> Tensor:
    """Fill ``target`` with ``value`` in place."""
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value._data.ndim} dimensions."
            )
        value = value.item()
    op: Primitive = _zero if value == 0 else _fill
    return inplace(op, target) if op is _zero else inplace(op, target, value)


@primitive("CopyBackwards")
def _copy_from(self, src):
    return np.broadcast_to(np.asarray(src).astype(self.dtype, copy=False), self.shape).copy()


_copy_from.defgrad(self=lambda grad: grad * 0, src=lambda grad: grad)


def copy_(target: Tensor, src: Any) -> Tensor:
    """Copy ``src`` (broadcast, converted to ``target``'s dtype) into ``target``."""
    if not isinstance(src, Tensor):
        raise TypeError(
            f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}"
        )
    try:
        np.broadcast_shapes(src._data.shape, target._data.shape)
    except ValueError:
        raise RuntimeError(
            f"The size of tensor a ({target._data.shape[-1] if target._data.ndim else 1}) must "
            f"match the size of tensor b ({src._data.shape[-1] if src._data.ndim else 1}) at "
            "non-singleton dimension 0"
        ) from None
    return inplace(_copy_from, target, src)
