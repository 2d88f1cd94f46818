"""Flatten parameters into one vector and back (``parameters_to_vector``,
``vector_to_parameters``)."""

from __future__ import annotations

from collections.abc import Iterable

from ..._ops.attention import concatenate
from ..._tensor import Tensor
from ..._tensor_names import legacy_type_name

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """One 1-D tensor holding every parameter's elements in order (differentiable).

    Example::

        >>> import rungrad as torch
        >>> layer = torch.nn.Linear(2, 1)
        >>> tuple(torch.nn.utils.parameters_to_vector(layer.parameters()).shape)
        (3,)
    """
    return concatenate([param.view(-1) for param in parameters], 0)


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Make each parameter's data the next slice of ``vec`` (sharing its storage)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {_typename(vec)}")
    pointer = 0
    for param in parameters:
        count = param.numel()
        param.data = vec[pointer : pointer + count].view_as(param).data
        pointer += count


def _typename(value: object) -> str:
    if isinstance(value, Tensor):
        return legacy_type_name(value._data.dtype)
    return type(value).__name__
