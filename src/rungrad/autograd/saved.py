"""SavedTensor: a tensor kept by a node for its backward formula.

It remembers the tensor's version at save time so an in-place change made afterwards is
caught, and it can be released after the backward pass. A node's own output is saved as its
array only, rebuilt on unpack, so no reference cycle ``output -> grad_fn -> saved output``
exists and dropped graphs are freed by reference counting alone.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .._tensor import INFERENCE_NOT_SAVED, Tensor, VersionCounter
from .grad_mode import STATE, OpenBlocks

if TYPE_CHECKING:
    import numpy as np

    from .graph import Node

__all__ = [
    "FREED_MESSAGE",
    "HOOK_BLOCKS",
    "RELEASED",
    "SavedTensor",
    "disable_saved_tensors_hooks",
    "hooks_active",
    "pack_saved",
    "save_on_cpu",
    "save_input",
    "save_output",
    "save_output_array",
    "saved_tensors_hooks",
]

_BACKWARD_SUFFIX = re.compile(r"Backward(\d*)$")

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


_UNDEFINED = object()  # the value of a SavedTensor that holds no tensor (SavedTensor.undefined)


class SavedTensor:
    """One tensor saved for backward: an input (kept as is) or the node's output (its data)."""

    # Printed where PyTorch's C++ class lives: <torch._C._autograd.SavedTensor object at ...>
    __module__ = "rungrad._C._autograd"
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
            if tensor.is_inference():
                raise RuntimeError(INFERENCE_NOT_SAVED)
            self._saved_version = tensor._version
            self._value = tensor

    @property
    def _current_version(self) -> int:
        if self._is_output:
            return 0 if self._counter is None else self._counter.value
        return self._value._version  # type: ignore[union-attr]

    def unpack(self, node: Node, with_history: bool = False) -> Tensor:
        """The saved tensor. An output gets its history (the node as grad_fn) when a graph
        of the gradient is being built, or with ``with_history`` (for user code: a custom
        Function's ``saved_tensors``); an op's formula reading it otherwise needs none."""
        if type(self._value) is PackedTensor:  # NOTE [Saved-tensor hooks]
            return self._value.unpack(node, self._is_output, self._output_nr, with_history)
        value = self._checked_value(node)
        if not self._is_output:
            return value  # type: ignore[return-value]
        tensor = Tensor._from_array(value)  # type: ignore[arg-type]
        counter = self._counter
        if with_history or STATE.enabled:  # the output keeps its history
            if counter is None:  # made now and shared (NOTE [Saved outputs' version counters])
                counter = self._counter = VersionCounter()
            tensor._grad_fn = node
            tensor._output_nr = self._output_nr
            tensor._requires_grad = True
        tensor._version_counter = counter
        return tensor

    def unpack_array(self, node: Node) -> np.ndarray | None:
        """The saved array, checked as ``unpack`` checks it, with no tensor made around it
        (for a node that computes its gradient on arrays, NOTE [Op formulas]); None for a
        tensor packed by saved-tensor hooks, which the formula on tensors unpacks: the unpack
        hook runs once, and what it returns meets the op's own checks and messages."""
        if type(self._value) is PackedTensor:  # NOTE [Saved-tensor hooks]
            return None
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

    @classmethod
    def undefined(cls) -> SavedTensor:
        """What a node shows as ``_raw_saved_<name>`` for a tensor it did not keep (PyTorch's
        undefined SavedVariable: ``_saved_<name>`` reads None, hooks are refused)."""
        saved = cls.__new__(cls)
        saved._is_output = False
        saved._output_nr = 0
        saved._counter = None
        saved._saved_version = 0
        saved._value = _UNDEFINED
        return saved

    def release(self) -> None:
        if self._value is not _UNDEFINED:
            self._value = None

    def saved_shape(self) -> tuple[int, ...] | None:
        """The saved tensor's shape, or None once it was freed (for pictures of the graph)."""
        value = self._value
        if value is None:
            return None
        if type(value) is PackedTensor:
            return value.shape
        return tuple((value if self._is_output else value._data).shape)  # type: ignore[union-attr]

    def register_hooks(self, *hooks: Callable[..., Any]) -> None:
        """register_hooks(pack_hook, unpack_hook)

        Keep ``pack_hook(tensor)`` instead of the tensor, and unpack it with ``unpack_hook``
        whenever it is read (``grad_fn._raw_saved_<name>.register_hooks``)."""
        if len(hooks) != 2 or not all(map(callable, hooks)):
            raise TypeError(_incompatible("register_hooks", "self: SavedTensor, ", (self, *hooks)))
        pack_hook, unpack_hook = hooks
        value = self._value
        if value is _UNDEFINED:
            raise RuntimeError(
                "Calling register_hooks on a saved tensor with value None is forbidden"
            )
        if value is None:
            raise RuntimeError(
                "Calling register_hooks on a saved tensor after it has been freed. Saved "
                "intermediate values of the graph are freed when you call .backward() or "
                "autograd.grad(). Specify retain_graph=True if you need to backward through "
                "the graph a second time or if you need to access saved variables after "
                "calling backward."
            )
        if type(value) is PackedTensor:
            raise RuntimeError(
                "Calling register_hooks on a saved tensor whose hooks have already been set. "
                "Hint: only one pair of hooks is allowed at a time."
            )
        # These hooks see the saved data without its history, as PyTorch's do.
        if self._is_output:
            data = Tensor._from_array(value)  # type: ignore[arg-type]
            self._value = PackedTensor(data, None, pack_hook, unpack_hook)
        else:
            tensor: Tensor = value  # type: ignore[assignment]
            data = Tensor._from_array(tensor._data)
            self._value = PackedTensor(data, tensor, pack_hook, unpack_hook)

    def _modified_message(self, node: Node) -> str:
        from .._tensor_names import legacy_type_name
        from .anomaly_mode import is_anomaly_enabled

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
            if grad_fn is not None:
                # Its history now: a view whose base changed in place is named AsStrided.
                grad_fn = tensor.grad_fn  # type: ignore[union-attr]
            origin = (
                f", which is output {tensor._output_nr} of {_op_name(grad_fn)},"  # type: ignore[union-attr]
                if grad_fn is not None
                else ""
            )
        return (
            "one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [{dtype_name} {shape}]{origin} is at version "
            f"{self._current_version}; expected version {self._saved_version} instead. Hint: "
            + (_ANOMALY_HINT if is_anomaly_enabled() else _NO_ANOMALY_HINT)
        )


# The hint closing the "modified by an inplace operation" error: with anomaly detection on,
# the warning before the error shows where the failing node was made.
_NO_ANOMALY_HINT = (
    "enable anomaly detection to find the operation that failed to compute its gradient, with "
    "rungrad.autograd.set_detect_anomaly(True, check_nan=False)."
)
_ANOMALY_HINT = (
    "the backtrace further above shows the operation that failed to compute its gradient. The "
    "variable in question was changed in there or anywhere later. Good luck!"
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
    elif counter.inference:  # (``.data`` of one too, whose version is counted)
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
    """PyTorch names the forward op in this message: ``ExpBackward0`` -> ``Exp``, and keeps
    the number of another overload: ``SumBackward1`` -> ``Sum1``."""
    return _BACKWARD_SUFFIX.sub(lambda match: match[1].removeprefix("0"), node.name())


# NOTE [Saved-tensor hooks]
# ``saved_tensors_hooks(pack_hook, unpack_hook)`` changes what nodes keep: while it is active,
# each tensor an op saves for backward goes through ``pack_hook`` and the node keeps whatever
# that returns (a copy elsewhere, a file name, nothing at all: checkpointing recomputes it);
# ``unpack_hook`` turns it back into a tensor each time it is read. What the node remembers of
# the tensor itself is its history (grad_fn and output number, or a leaf's accumulator), so
# the tensor a formula receives has the unpacked values and the saved tensor's place in the
# graph, and a double backward still reaches the right leaves. As in PyTorch:
#   * only the innermost hooks apply; numbers an op saved are not packed;
#   * ``pack_hook`` runs with grad mode off and may not change its input in place;
#   * a packed tensor has no version check: what the hook keeps need not be that tensor.
# Whether any hooks are active is one read of ``HOOK_BLOCKS.open`` per recorded op.


class _HookStack(threading.local):
    # Class attributes are the defaults every new thread starts from.
    hooks: tuple[tuple[Callable[..., Any], Callable[..., Any]], ...] = ()  # innermost last
    disabled_message: str | None = None  # set by disable_saved_tensors_hooks


_HOOKS = _HookStack()
HOOK_BLOCKS = OpenBlocks()  # open saved_tensors_hooks blocks, in all threads


class PackedTensor:
    """What a node keeps of a tensor packed by saved-tensor hooks (NOTE [Saved-tensor hooks])."""

    __slots__ = ("accumulator", "grad_fn", "output_nr", "packed", "requires_grad", "shape")

    def __init__(
        self,
        tensor: Tensor,
        history: Tensor | None,
        pack_hook: Callable[[Tensor], Any],
        unpack_hook: Callable[[Any], Tensor],
    ) -> None:
        """Pack ``tensor``; ``history`` is the tensor whose place in the graph an unpacked
        input takes (None for a node's own output, whose grad_fn is the node)."""
        self.shape = tuple(tensor._data.shape)
        self.grad_fn = self.accumulator = None
        self.output_nr = 0
        self.requires_grad = False
        if history is not None and history._requires_grad:
            self.requires_grad = True
            self.grad_fn = history._grad_fn
            self.output_nr = history._output_nr
            if self.grad_fn is None:
                self.accumulator = history._grad_accumulator()
        version = tensor._version
        enabled = STATE.enabled
        STATE.enabled = False  # what the hook computes is not part of the graph
        try:
            self.packed = (pack_hook(tensor), unpack_hook)
        finally:
            STATE.enabled = enabled
        if tensor._version != version:
            raise RuntimeError(
                "A saved tensor pack hook is modifying its input in place. Tensors provided as "
                "input to pack hook cannot be modified by in-place operations as this can lead "
                "to unexpected side-effects. Please open an issue if you need to perform "
                "in-place operations on the input to a pack hook."
            )

    def unpacked(self) -> Tensor:
        """What ``unpack_hook`` gives back, which must be a tensor."""
        packed, unpack_hook = self.packed
        tensor = unpack_hook(packed)
        if not isinstance(tensor, Tensor):
            raise TypeError(
                "Output of saved tensor unpack_hook expected to be a Tensor but got result of "
                f"type {type(tensor).__name__}"
            )
        return tensor

    def unpack(self, node: Node, is_output: bool, output_nr: int, with_history: bool) -> Tensor:
        """The unpacked values, in the saved tensor's place in the graph."""
        tensor = Tensor._from_array(self.unpacked()._data)
        if is_output:
            if with_history or STATE.enabled:  # as SavedTensor.unpack gives an output
                tensor._grad_fn = node
                tensor._output_nr = output_nr
                tensor._requires_grad = True
        elif self.requires_grad:
            tensor._requires_grad = True
            if self.grad_fn is not None:
                tensor._grad_fn = self.grad_fn
                tensor._output_nr = self.output_nr
            elif self.accumulator is not None:  # a leaf: gradients reach its accumulator
                tensor._accumulator = weakref.ref(self.accumulator)  # type: ignore[arg-type]
        return tensor


def _incompatible(function: str, first: str, arguments: tuple[Any, ...]) -> str:
    """The message of PyTorch's bindings for a call with arguments that are not two hooks."""
    return (
        f"{function}(): incompatible function arguments. The following argument types are "
        f"supported:\n    1. ({first}arg0: collections.abc.Callable, arg1: "
        "collections.abc.Callable) -> None\n\nInvoked with: " + ", ".join(map(repr, arguments))
    )


def pack_saved(tensor: Tensor, is_output: bool) -> SavedTensor:
    """``tensor`` saved by a node through the innermost saved-tensor hooks."""
    pack_hook, unpack_hook = _HOOKS.hooks[-1]
    counter = tensor._version_counter
    if counter is not None and counter.inference:
        raise RuntimeError(INFERENCE_NOT_SAVED)
    saved = _new_object(SavedTensor)
    saved._is_output = is_output
    saved._output_nr = tensor._output_nr
    saved._counter = None
    saved._saved_version = 0
    history = None if is_output else tensor
    saved._value = PackedTensor(tensor, history, pack_hook, unpack_hook)
    return saved


def hooks_active() -> bool:
    """Whether tensors saved now in this thread go through saved-tensor hooks."""
    return bool(HOOK_BLOCKS.open and _HOOKS.hooks)


class saved_tensors_hooks:
    """saved_tensors_hooks(pack_hook, unpack_hook)

    Context manager: inside it, every tensor saved for backward is replaced by
    ``pack_hook(tensor)``, and ``unpack_hook(packed)`` gives it back whenever backward (or
    ``grad_fn._saved_<name>``) needs it. ``unpack_hook(pack_hook(t))`` should equal ``t`` in
    values, shape and dtype. Nested blocks: the innermost hooks apply.
    """

    def __init__(
        self, pack_hook: Callable[[Tensor], Any], unpack_hook: Callable[[Any], Tensor]
    ) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> saved_tensors_hooks:
        if _HOOKS.disabled_message is not None:
            raise RuntimeError(_HOOKS.disabled_message)
        if not (callable(self.pack_hook) and callable(self.unpack_hook)):
            hooks = (self.pack_hook, self.unpack_hook)
            raise TypeError(_incompatible("_push_saved_tensors_default_hooks", "", hooks))
        _HOOKS.hooks = (*_HOOKS.hooks, (self.pack_hook, self.unpack_hook))
        HOOK_BLOCKS.enter()
        return self

    def __exit__(self, *exc_info: object) -> None:
        _HOOKS.hooks = _HOOKS.hooks[:-1]
        HOOK_BLOCKS.exit()


class save_on_cpu(saved_tensors_hooks):
    """save_on_cpu(pin_memory=False, device_type='cuda')

    Saved tensors are kept on the CPU and moved back to their device when unpacked. rungrad
    computes on the CPU, so a tensor is kept as it is; ``pin_memory=True`` keeps a copy,
    as PyTorch's pinned staging buffer is one.
    """

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack_to_cpu(tensor: Tensor) -> Any:
            if not pin_memory:
                return tensor.device, tensor.cpu()
            return tensor.device, tensor.detach().clone()

        def unpack_from_cpu(packed: Any) -> Tensor:
            device, tensor = packed
            return tensor.to(device)

        super().__init__(pack_to_cpu, unpack_from_cpu)


@contextmanager
def disable_saved_tensors_hooks(error_message: str) -> Iterator[None]:
    """disable_saved_tensors_hooks(error_message)

    Context manager (or decorator) under which saved-tensor hooks may not be used: entering
    ``saved_tensors_hooks`` raises ``RuntimeError(error_message)``, and so does entering this
    while hooks are active.
    """
    previous = _HOOKS.disabled_message
    if _HOOKS.hooks:
        raise RuntimeError(error_message)
    _HOOKS.disabled_message = error_message
    try:
        yield
    finally:
        _HOOKS.disabled_message = previous


class _AllowMutationOnSavedContext:
    """What ``allow_mutation_on_saved_tensors()`` yields: the block's graphs may be
    differentiated while it is open."""

    def __init__(self) -> None:
        self.open = True

    def clear(self) -> None:
        self.open = False


_MUTATION_BLOCK = [False]  # one block at a time, in all threads (as in PyTorch)


@contextmanager
def allow_mutation_on_saved_tensors() -> Iterator[_AllowMutationOnSavedContext]:
    """allow_mutation_on_saved_tensors()

    Context manager under which tensors saved for backward may be modified in place: the
    graph keeps their values from when they were saved, so backward inside the block sees
    the values the forward used. Backward after the block has closed raises.
    """
    context = _AllowMutationOnSavedContext()

    def pack(tensor: Tensor) -> Any:
        # A copy now rather than on the first mutation: the same values, without watching
        # every in-place op.
        return context, tensor.detach().clone()

    def unpack(packed: Any) -> Tensor:
        owner, copy = packed
        if not owner.open:
            raise AssertionError(
                "Trying to backward outside of the 'allow_mutation_on_saved_tensors' context"
                "in which the graph was originally recorded."
            )
        return copy

    with saved_tensors_hooks(pack, unpack):
        if _MUTATION_BLOCK[0]:
            raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
        _MUTATION_BLOCK[0] = True
        try:
            yield context
        finally:
            context.clear()
            _MUTATION_BLOCK[0] = False


# The public hooks API belongs to rungrad.autograd.graph, where PyTorch has it.
for _public in (
    saved_tensors_hooks,
    save_on_cpu,
    disable_saved_tensors_hooks,
    allow_mutation_on_saved_tensors,
    _AllowMutationOnSavedContext,
):
    _public.__module__ = "rungrad.autograd.graph"
