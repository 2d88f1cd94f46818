"""What Tensor operators do with an operand that is neither a tensor nor a number.

PyTorch's operators decline one (its argument parser takes none), and Python then asks the
other operand or raises its own TypeError ("unsupported operand type(s) for **: 'Tensor' and
'list'"); ``x **= [1, 2]`` is refused the same way, never computed in place. A NumPy array
answers the reflected operator: ``x ** array`` is NumPy's power of the tensor read as an
array (which a tensor that requires grad refuses) and the array, in NumPy's result dtype
(float32 ** float64 array: float64), wrapped as a tensor outside any graph; ``array ** x`` is
Python's TypeError (the array defers to the tensor, which declines); ``x **= array`` is
``x = x ** array``, a new tensor. ``@`` takes tensors only (``x @ 2`` is declined too).

``+ - * /`` are the registry's operators, which do this themselves (NOTE [NumPy arrays as
operands] in registry.py); ``install`` wraps the others once, at import. The check is one
``isinstance`` per call.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import user_stacklevel

Operator = Callable[[Any, Any], Any]

_NUMBERS = (Tensor, int, float, complex, np.number, np.bool_)
_TENSORS = (Tensor,)

# operator -> the NumPy function an array operand's reflected operator computes
_THROUGH_NUMPY = {
    "__pow__": np.power, "__floordiv__": np.floor_divide, "__mod__": np.remainder,
    "__matmul__": np.matmul, "__and__": np.bitwise_and, "__or__": np.bitwise_or,
    "__xor__": np.bitwise_xor, "__lshift__": np.left_shift, "__rshift__": np.right_shift,
}  # fmt: skip
# Operators that decline an array too: the reflected ones (Python then raises its TypeError;
# ``array / x`` is the exception, PyTorch's ``reciprocal() * array``) and the in-place ones
# (Python then computes the plain operator and rebinds the name).
_DECLINING = (
    "__rsub__", "__rpow__", "__rfloordiv__", "__rmod__", "__rmatmul__", "__rand__", "__ror__",
    "__rxor__", "__rlshift__", "__rrshift__", "__iadd__", "__isub__", "__imul__",
    "__itruediv__", "__ipow__", "__ifloordiv__", "__imod__", "__iand__", "__ior__", "__ixor__",
    "__ilshift__", "__irshift__",
)  # fmt: skip


def install(cls: type) -> None:
    """Give ``cls``'s operators PyTorch's answers to operands that are not tensors or numbers."""
    originals = {name: cls.__dict__[name] for name in (*_THROUGH_NUMPY, *_DECLINING)}
    for name, forward in _THROUGH_NUMPY.items():
        setattr(cls, name, _through(originals[name], forward, _operands(name)))
    for name in _DECLINING:
        # ``x -= y`` calls ``sub_`` from the check itself (one frame, as before the check)
        operator = getattr(cls, _IN_PLACE[name]) if name in _IN_PLACE else originals[name]
        checked = _declining(operator, _operands(name))
        checked.__name__, checked.__qualname__ = name, f"{cls.__name__}.{name}"
        setattr(cls, name, checked)
    # ``A @ B`` of two matrices goes to mm's op from the check (matmul's dispatch skipped).
    cls.__matmul__ = _matrix_product_first(cls.__matmul__)  # type: ignore[attr-defined]
    cls.__rtruediv__ = _through(cls.__dict__["__rtruediv__"], None, _NUMBERS)  # type: ignore[attr-defined]


# The in-place operators that are their method (``__isub__`` is ``sub_``).
_IN_PLACE = {"__iadd__": "add_", "__isub__": "sub_", "__imul__": "mul_", "__itruediv__": "div_"}


def _matrix_product_first(operator: Operator) -> Operator:
    from .linalg import _mm

    def matmul(self: Any, other: Any) -> Any:
        if type(other) is Tensor and self._data.ndim == 2 and other._data.ndim == 2:
            return _mm(self, other)
        return operator(self, other)

    return _named(matmul, operator)


def _operands(name: str) -> tuple[type, ...]:
    return _TENSORS if "matmul" in name else _NUMBERS


def _through(operator: Operator, forward: Any, operands: tuple[type, ...]) -> Operator:
    """``operator``, with an array computed by NumPy's ``forward`` (None: by ``operator``)."""

    def checked(self: Any, other: Any) -> Any:
        if isinstance(other, operands):
            return operator(self, other)
        if type(other) is np.ndarray:
            if forward is None:
                return operator(self, other)
            return _numpy_result(forward, self, other)
        return NotImplemented

    return _named(checked, operator)


def _numpy_result(forward: Any, tensor: Tensor, array: np.ndarray) -> Tensor:
    """What NumPy's reflected operator gives: ``forward`` of the tensor read as an array (a
    tensor that requires grad refuses) and the array, then NumPy's warning about how the
    tensor class wraps its result (after NumPy's own errors, which come first)."""
    out = forward(tensor.numpy(), array)
    warnings.warn(
        "__array_wrap__ must accept context and return_scalar arguments (positionally) in the "
        "future. (Deprecated NumPy 2.0)",
        DeprecationWarning,
        stacklevel=user_stacklevel(),
    )
    return Tensor._from_array(np.asarray(out))


def _declining(operator: Operator, operands: tuple[type, ...]) -> Operator:
    def checked(self: Any, other: Any) -> Any:
        if isinstance(other, operands):
            return operator(self, other)
        return NotImplemented

    return _named(checked, operator)


def _named(checked: Operator, operator: Operator) -> Operator:
    checked.__name__ = checked.__qualname__ = getattr(operator, "__name__", "operator")
    checked.__doc__ = operator.__doc__
    return checked
