"""The legacy ``Variable`` API: ``Variable(tensor, requires_grad=...)`` returns a Tensor."""

from __future__ import annotations

import warnings
from typing import Any

from .._tensor import Tensor

__all__ = ["Variable"]


class VariableMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, Tensor)


class Variable(metaclass=VariableMeta):
    """Variable(data, requires_grad=False) -> Tensor

    Since PyTorch 0.4 Variables are Tensors: this returns a tensor sharing ``data``'s
    storage, outside any graph, with ``requires_grad`` set as asked.
    """

    def __new__(cls, data: Any = None, requires_grad: bool = False, volatile: bool = False) -> Any:
        if volatile:
            warnings.warn(
                "volatile was removed and now has no effect. Use `with rungrad.no_grad():` "
                "instead.",
                UserWarning,
                stacklevel=2,
            )
        if data is None:
            from .._creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        if requires_grad and data._data.dtype.kind not in "fcV":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        return data.detach().requires_grad_(requires_grad)
