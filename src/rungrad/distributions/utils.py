"""Helpers shared by the distributions: parameter broadcasting, probs/logits, lazy properties."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from numbers import Number
from typing import Any

import rungrad as torch
from rungrad import Size, Tensor

_EMPTY_SHAPE = Size()

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs", "probs_to_logits"]


def broadcast_all(*values: Any) -> tuple[Tensor, ...]:
    """broadcast_all(*values) -> tuple of Tensors

    Broadcast numbers and tensors together; numbers become tensors of the first tensor's
    dtype (the default dtype when all are numbers).
    """
    if not all(isinstance(v, (Tensor, Number)) for v in values):
        raise ValueError(
            "Input arguments must all be instances of Number, "
            "torch.Tensor or objects implementing __torch_function__."
        )
    if not all(isinstance(v, Tensor) for v in values):
        dtype = torch.get_default_dtype()
        for value in values:
            if isinstance(value, Tensor):
                dtype = value.dtype
                break
        values = tuple(v if isinstance(v, Tensor) else torch.tensor(v, dtype=dtype) for v in values)
    return tuple(torch.broadcast_tensors(*values))


def _standard_normal(shape: Any, dtype: Any, device: Any = None) -> Tensor:
    """Standard normal draws of ``shape`` from the default generator (``empty().normal_()``)."""
    return torch.empty(shape, dtype=dtype).normal_()


def _sum_rightmost(value: Tensor, dim: int) -> Tensor:
    """Sum out the ``dim`` rightmost dimensions of ``value``."""
    if dim == 0:
        return value
    return value.reshape((*value.shape[: value.dim() - dim], -1)).sum(-1)


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """logits_to_probs(logits, is_binary=False) -> Tensor

    Sigmoid of binary logits, softmax over the last dimension otherwise.
    """
    if is_binary:
        return torch.sigmoid(logits)
    return torch.nn.functional.softmax(logits, dim=-1)


def clamp_probs(probs: Tensor) -> Tensor:
    """clamp_probs(probs) -> Tensor

    Clamp probabilities into ``[eps, 1 - eps]`` of their dtype.
    """
    eps = torch.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """probs_to_logits(probs, is_binary=False) -> Tensor

    Log-odds of binary probabilities, log-probabilities otherwise (after clamping).
    """
    clamped = clamp_probs(probs)
    if is_binary:
        return torch.log(clamped) - torch.log1p(-clamped)
    return torch.log(clamped)


class lazy_property:
    """lazy_property(wrapped)

    A property computed on first access and then stored in the instance's ``__dict__``
    (so it shows in the distribution's repr from then on, as in PyTorch).
    """

    def __init__(self, wrapped: Callable[[Any], Any]) -> None:
        self.wrapped = wrapped
        update_wrapper(self, wrapped)  # type: ignore[arg-type]

    def __get__(self, instance: Any, obj_type: Any = None) -> Any:
        if instance is None:
            return self
        with torch.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value
