"""SavedTensor: a tensor kept by a node for its backward formula.

It remembers the tensor's version at save time so an in-place change made afterwards is
caught, and it can be released after the backward pass. A node's own output is saved as its
array only, rebuilt on unpack, so no reference cycle ``output -> grad_fn -> saved output``
exists and dropped graphs are freed by reference counting alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .._tensor import INFERENCE_COUNTER, INFERENCE_NOT_SAVED, Tensor, VersionCounter
from .grad_mode import STATE

if TYPE_CHECKING:
    import numpy as np

    from .graph import Node

__all__ = [
    "FREED_MESSAGE",
    "RELEASED",
    "SavedTensor",
    "save_input",
    "save_output",
    "save_output_array",
]

_BACKWARD_SUFFIX = re.compile(r"Backward\d*$")

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


class SavedTensor:
    """One tensor saved for backward: an input (kept as is) or the node's output (its data)."""

    __slots__ = ("_counter", "_is_output", "_output_nr", "_saved_version", "_value")

    def __init__(self, tensor: Tensor, is_output: bool = False) -> None:
        self._is_output = is_output
        self._output_nr = tensor._output_nr
        if is_output:
            # An output keeps only its array and shares the output's version counter: the
            # tensor is rebuilt on unpack (no cycle output -> grad_fn -> saved output).
            counter = tensor._shared_version_counter()
            self._counter: VersionCounter | None = counter
            self._saved_version = counter.value
            self._value: object = tensor._data
        else:
            # An input is kept itself; its version is read from it when unpacking, so no
            # counter needs to exist yet (most tensors are never modified in place).
            self._counter = None
            if tensor._version_counter is INFERENCE_COUNTER:
                raise RuntimeError(INFERENCE_NOT_SAVED)
            self._saved_version = tensor._version
            self._value = tensor

    @property
    def _current_version(self) -> int:
        if self._is_output:
            return 0 if self._counter is None else self._counter.value
        return self._value._version  # type: ignore[union-attr]

    def unpack(self, node: Node) -> Tensor:
        value = self._checked_value(node)
        if not self._is_output:
            return value  # type: ignore[return-value]
        tensor = Tensor._from_array(value)  # type: ignore[arg-type]
        counter = self._counter
        if STATE.enabled:  # building a graph of the gradient: the output keeps its history
            if counter is None:  # made now and shared (NOTE [Saved outputs' version counters])
                counter = self._counter = VersionCounter()
            tensor._grad_fn = node
            tensor._output_nr = self._output_nr
            tensor._requires_grad = True
        tensor._version_counter = counter
        return tensor

    def unpack_array(self, node: Node) -> np.ndarray:
        """The saved array, checked as ``unpack`` checks it, with no tensor made around it
        (for a node that computes its gradient on arrays, NOTE [Op formulas])."""
        value = self._checked_value(node)
        return value if self._is_output else value._data  # type: ignore[return-value,union-attr]

    def _checked_value(self, node: Node) -> object:
        """What was saved (the input tensor, or the output's array), after checking that it
        was neither freed nor modified in place since."""
        value = self._value
        if value is None:
            raise RuntimeError(FREED_MESSAGE)
        if self._is_output:
            counter = self._counter
        else:
            counter = value._version_counter  # type: ignore[attr-defined]
        if counter is not None and counter.value != self._saved_version:
            raise RuntimeError(self._modified_message(node))
        return value

    def release(self) -> None:
        self._value = None

    def _modified_message(self, node: Node) -> str:
        from .._tensor_names import legacy_type_name

        value = self._value
        if self._is_output:
            shape = list(value.shape)  # type: ignore[union-attr]
            dtype_name = legacy_type_name(value.dtype)  # type: ignore[union-attr]
            origin = f", which is output {self._output_nr} of {_op_name(node)},"
        else:
            tensor = value
            shape = list(tensor.shape)  # type: ignore[union-attr]
            dtype_name = legacy_type_name(tensor._data.dtype)  # type: ignore[union-attr]
            grad_fn = tensor._grad_fn  # type: ignore[union-attr]
            origin = (
                f", which is output {tensor._output_nr} of {_op_name(grad_fn)},"  # type: ignore[union-attr]
                if grad_fn is not None
                else ""
            )
        return (
            "one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [{dtype_name} {shape}]{origin} is at version "
            f"{self._current_version}; expected version {self._saved_version} instead. Hint: "
            "enable anomaly detection to find the operation that failed to compute its "
            "gradient, with rungrad.autograd.set_detect_anomaly(True, check_nan=False)."
        )


_new_object = object.__new__


def save_input(tensor: Tensor) -> SavedTensor:
    """``SavedTensor(tensor)`` without the call to ``__init__`` (one per recorded op)."""
    saved = _new_object(SavedTensor)
    saved._is_output = False
    saved._output_nr = tensor._output_nr
    saved._counter = None
    counter = tensor._version_counter
    if counter is None:
        saved._saved_version = 0
    elif counter is INFERENCE_COUNTER:
        raise RuntimeError(INFERENCE_NOT_SAVED)
    else:
        saved._saved_version = counter.value
    saved._value = tensor
    return saved


def save_output(tensor: Tensor) -> SavedTensor:
    """``SavedTensor(tensor, is_output=True)`` without the call to ``__init__``; no counter
    is made here (NOTE [Saved outputs' version counters] in _tensor.py)."""
    return save_output_array(tensor._data, tensor._output_nr, tensor._version_counter)


def save_output_array(
    array: object, output_nr: int, counter: VersionCounter | None = None
) -> SavedTensor:
    """An output saved as ``array`` at the current version of ``counter`` (0 without one):
    also what an output kept as its bare array becomes when it needs more (NOTE [Saved
    outputs as arrays] in _ops/registry.py)."""
    saved = _new_object(SavedTensor)
    saved._is_output = True
    saved._output_nr = output_nr
    saved._counter = counter
    saved._saved_version = 0 if counter is None else counter.value
    saved._value = array
    return saved


# What a released bare-array output or number becomes: unpacking it raises the "freed" error.
RELEASED = save_output_array(None, 0)


def _op_name(node: Node) -> str:
    """PyTorch names the forward op in this message: ``ExpBackward0`` -> ``Exp``."""
    return _BACKWARD_SUFFIX.sub("", node.name())
