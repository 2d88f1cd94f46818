"""``Parameter``: a tensor that a ``Module`` registers as one of its learnable parameters."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor

__all__ = ["Buffer", "Parameter", "UninitializedBuffer", "UninitializedParameter", "is_lazy"]


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
        if requires_grad and array.dtype.kind not in "fcV":
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


_SHAPE_MESSAGE = (
    "Can't access the shape of an uninitialized parameter or buffer. This error usually "
    "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
    "initialized one. Call `forward` to initialize the parameters before accessing their "
    "attributes."
)


class _Uninitialized:
    """What the lazy modules' placeholders share: no shape until ``materialize(shape)``
    gives them storage and turns them into ``cls_to_become``."""

    __slots__ = ()
    cls_to_become: type

    def materialize(self, shape: Any, device: Any = None, dtype: Any = None) -> None:
        """Give the placeholder (uninitialised) storage of ``shape`` and become a plain
        ``Parameter`` (or tensor), the same object."""
        from .. import _creation

        if isinstance(shape, int):
            shape = (shape,)
        data = _creation.empty(*shape, dtype=self.dtype if dtype is None else dtype)
        self._data = data._data
        self.__class__ = self.cls_to_become

    @property
    def shape(self) -> Any:
        raise RuntimeError(_SHAPE_MESSAGE)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (type(self), (self._requires_grad,))


class UninitializedParameter(_Uninitialized, Parameter):
    """UninitializedParameter(requires_grad=True, device=None, dtype=None): a lazy module's
    parameter before its first call tells its shape."""

    cls_to_become = Parameter

    def __new__(
        cls, requires_grad: bool = True, device: Any = None, dtype: Any = None
    ) -> UninitializedParameter:
        from .. import _creation

        return super().__new__(cls, _creation.empty(0, dtype=dtype), requires_grad)

    def __init__(self, requires_grad: bool = True, device: Any = None, dtype: Any = None) -> None:
        pass

    def __deepcopy__(self, memo: dict[int, Any]) -> UninitializedParameter:
        if id(self) not in memo:
            memo[id(self)] = type(self)(self._requires_grad, dtype=self.dtype)
        return memo[id(self)]


class UninitializedBuffer(_Uninitialized, Tensor):
    """UninitializedBuffer(requires_grad=False, device=None, dtype=None): a lazy module's
    buffer before its first call tells its shape."""

    __slots__ = ()  # the layout of Tensor, so materialize can make it one
    cls_to_become = Tensor

    def __new__(
        cls, requires_grad: bool = False, device: Any = None, dtype: Any = None
    ) -> UninitializedBuffer:
        from .. import _creation

        buffer = cls._from_array(_creation.empty(0, dtype=dtype)._data)
        buffer.requires_grad_(requires_grad)
        return buffer

    def __init__(self, requires_grad: bool = False, device: Any = None, dtype: Any = None) -> None:
        pass

    def __deepcopy__(self, memo: dict[int, Any]) -> UninitializedBuffer:
        if id(self) not in memo:
            memo[id(self)] = type(self)(self._requires_grad, dtype=self.dtype)
        return memo[id(self)]


def is_lazy(param: Any) -> bool:
    """Whether ``param`` is a lazy module's placeholder, not yet materialized."""
    return isinstance(param, _Uninitialized)
