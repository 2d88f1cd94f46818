"""``Parameter``: a tensor that a ``Module`` registers as one of its learnable parameters."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor

__all__ = ["Buffer", "Parameter"]


class Parameter(Tensor):
    """Parameter(data=None, requires_grad=True)

    A leaf tensor sharing ``data``'s storage. Assigned as a ``Module`` attribute it is
    registered automatically and shows up in ``parameters()``.
    """

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True) -> Parameter:
        if data is None:
            array = np.empty((0,), dtype=np.float32)
        elif isinstance(data, Tensor):
            array = data._data
        else:
            raise TypeError(f"Parameter data must be a Tensor, but got {type(data).__name__}")
        if requires_grad and array.dtype.kind not in "fc":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        param = cls._from_array(array)
        if isinstance(data, Tensor):
            param._version_counter = data._shared_version_counter()
        param.requires_grad = bool(requires_grad)  # refused on an inference tensor outside
        return param

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        pass  # everything happens in __new__

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict[int, Any]) -> Parameter:
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(Tensor._from_array(self._data.copy()), self._requires_grad)
        if self._grad is not None:
            result._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (_rebuild_parameter, (self._data, self._requires_grad))


def _rebuild_parameter(data: np.ndarray, requires_grad: bool) -> Parameter:
    return Parameter(Tensor._from_array(np.array(data)), requires_grad)


class Buffer(Tensor):
    """Buffer(data, persistent=True): marks a tensor to be registered as a module buffer."""

    def __new__(cls, data: Tensor | None = None, *, persistent: bool = True) -> Buffer:
        # As PyTorch's, no data means an empty buffer (as for Parameter()).
        array = np.empty((0,), dtype=np.float32) if data is None else data._data
        buffer = cls._from_array(array)
        buffer.persistent = persistent
        return buffer

    def __init__(self, data: Tensor | None = None, *, persistent: bool = True) -> None:
        pass
