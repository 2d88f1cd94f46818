"""The nodes of the backward graph: ``Node``, ``AccumulateGrad``, node hooks.

A node turns the gradients of its forward outputs into gradients of its forward inputs.
``next_functions`` are its edges: one ``(node, input_nr)`` pair per differentiable input,
``(None, 0)`` for an input that needs no gradient. Nothing here knows about particular ops.
"""

from __future__ import annotations

import itertools
import sys
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .grad_mode import STATE

if TYPE_CHECKING:
    from .._tensor import Tensor

__all__ = [
    "AccumulateGrad",
    "allow_mutation_on_saved_tensors",
    "GradientEdge",
    "Node",
    "RemovableHandle",
    "disable_saved_tensors_hooks",
    "edge_of",
    "get_gradient_edge",
    "increment_version",
    "register_multi_grad_hook",
    "save_on_cpu",
    "saved_tensors_hooks",
]

Edge = tuple["Node | None", int]
NO_EDGE: Edge = (None, 0)

# Newer nodes run first in the backward pass (their inputs depend on them), as in PyTorch.
_sequence_counter = itertools.count()

# What dir() lists on a node: PyTorch's nodes are C++ types that show only object's own
# attributes, this Node API and their saved values, none of rungrad's internals.
_NODE_DIR = frozenset(dir(object)) | {
    "__call__",
    "_input_metadata",
    "_register_hook_dict",
    "_sequence_nr",
    "_set_sequence_nr",
    "metadata",
    "name",
    "next_functions",
    "register_hook",
    "register_prehook",
    "requires_grad",
}
next_sequence_number = _sequence_counter.__next__


class RemovableHandle:
    """A handle returned by ``register_hook``; ``remove()`` unregisters the hook."""

    __slots__ = ("_hooks", "_key")
    _next_id = itertools.count()

    def __init__(self, hooks: dict[int, Any]) -> None:
        self._hooks = hooks
        self._key = next(RemovableHandle._next_id)

    @property
    def id(self) -> int:
        return self._key

    def remove(self) -> None:
        self._hooks.pop(self._key, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()


# PyTorch's handles, of tensor, node and module hooks alike, print as torch.utils.hooks'
# (rungrad.utils.hooks re-exports the class).
RemovableHandle.__module__ = "rungrad.utils.hooks"


def add_hook(hooks: dict[int, Any], hook: Callable[..., Any]) -> RemovableHandle:
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def shown(node: Node | None) -> Node | None:
    """``node`` as handed to user code: its class with its saved-value attributes."""
    if node is not None and not node._attributes_ready:
        node._make_attributes()  # type: ignore[attr-defined]
    return node


def edge_of(tensor: Tensor) -> Edge:
    """The edge through which a gradient reaches ``tensor``: its grad_fn, or its accumulator."""
    if tensor._base is not None:
        tensor._check_view_history()  # NOTE [Stale views] in _ops/inplace.py
    grad_fn = tensor._grad_fn
    if grad_fn is not None:
        return (grad_fn, tensor._output_nr)
    return (tensor._grad_accumulator(), 0)


class NodeHooks:
    """The hooks registered on one node (most nodes have none: ``Node._hooks`` is None)."""

    __slots__ = ("post", "pre", "retain_grad", "tensor_pre")

    def __init__(self) -> None:
        self.pre: dict[int, Any] | None = None  # register_prehook
        self.post: dict[int, Any] | None = None  # register_hook
        # Hooks of the node's output tensors ({id: (output_nr, fn)}); a leaf's AccumulateGrad
        # shares the leaf's own dict.
        self.tensor_pre: dict[int, Any] | None = None
        self.retain_grad: dict[int, Any] | None = None  # {output_nr: retain}, run last


class Node:
    """Base class of every backward node (PyTorch's ``torch.autograd.graph.Node``)."""

    # Few slots, all set on creation: a node is made for every recorded op. Hooks and
    # metadata live in objects made on first use.
    __slots__ = ("__weakref__", "_hooks", "_metadata", "_next_edges", "_sequence")
    # Whether the class has its ``_saved_<name>`` attributes (NOTE [Saved attributes on
    # first sight] in _ops/registry.py): an op's node class gets them when first shown.
    _attributes_ready = True

    def __init__(self, next_edges: tuple[Edge, ...] = ()) -> None:
        self._next_edges = next_edges
        self._sequence = next(_sequence_counter)
        self._hooks: NodeHooks | None = None
        self._metadata: dict[str, Any] | None = None

    def _hooks_for_update(self) -> NodeHooks:
        hooks = self._hooks
        if hooks is None:
            hooks = self._hooks = NodeHooks()
        return hooks

    # -- what the engine calls -------------------------------------------------------
    num_outputs = 1
    # Whether the node runs when none of its outputs received a gradient. PyTorch's
    # built-in formulas give no gradient for none; a custom Function's backward is still
    # called (with zeros in their place, unless it turned materializing off).
    runs_without_grads = False

    def apply(self, grad_outputs: list[Tensor | None]) -> Sequence[Tensor | None]:
        """Gradients of the inputs (one per edge) from the gradients of the outputs."""
        raise NotImplementedError

    def apply_pruned(
        self, grad_outputs: list[Tensor | None], unwanted: tuple[bool, ...]
    ) -> Sequence[Tensor | None]:
        """``apply`` in a pass that needs no gradient for the inputs flagged ``unwanted``
        (their edges lead to nothing ``autograd.grad`` or ``backward(inputs=...)`` asked
        for): a node may leave them None without computing them. This one computes all."""
        return self.apply(grad_outputs)

    def release_saved(self) -> None:
        """Free what was saved for backward (after a pass without ``retain_graph``)."""

    # -- PyTorch's public Node API -----------------------------------------------------
    # A node standing for PyTorch's node that wraps another (CopySlices wraps the in-place
    # op applied to a view), built as a node whose second input is that op's node: PyTorch
    # lists the base's edge, then the wrapped node's inputs after its first (the view).
    presents_wrapped_inputs = False

    @property
    def next_functions(self) -> tuple[Edge, ...]:
        if type(self).__name__ == "NotImplemented":
            # PyTorch's node for an op without a derivative lists only the inputs that
            # require grad (others get no edge, not an empty one)
            edges = tuple(edge for edge in self._next_edges if edge[0] is not None)
        elif self.presents_wrapped_inputs and len(self._next_edges) == 2:
            base, (wrapped, _) = self._next_edges
            edges = (base, *(wrapped.next_functions[1:] if wrapped is not None else ()))
        else:
            edges = self._next_edges
        for node, _ in edges:
            shown(node)
        return edges

    def name(self) -> str:
        name = type(self).__name__
        # PyTorch's nodes that are not generated from an op (the ones raising "not
        # implemented", errors) carry their C++ namespace in name()
        return f"rungrad::autograd::{name}" if name in _NAMESPACED_NODES else name

    @property
    def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    @property
    def requires_grad(self) -> bool:
        """Always True: a node exists only where a gradient is wanted (as PyTorch's)."""
        return True

    def _sequence_nr(self) -> int:
        return self._sequence

    def register_hook(self, fn: Callable[..., Any]) -> RemovableHandle:
        """``fn(grad_inputs, grad_outputs)`` runs after the node; may return new grad_inputs."""
        hooks = self._hooks_for_update()
        if hooks.post is None:
            hooks.post = {}
        return add_hook(hooks.post, fn)

    def register_prehook(self, fn: Callable[..., Any]) -> RemovableHandle:
        """``fn(grad_outputs)`` runs before the node; may return new grad_outputs."""
        hooks = self._hooks_for_update()
        if hooks.pre is None:
            hooks.pre = {}
        return add_hook(hooks.pre, fn)

    def _register_tensor_hook(self, output_nr: int, fn: Callable[..., Any]) -> RemovableHandle:
        hooks = self._hooks_for_update()
        if hooks.tensor_pre is None:
            hooks.tensor_pre = {}
        return add_hook(hooks.tensor_pre, (output_nr, fn))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"

    def __dir__(self) -> list[str]:
        names = _NODE_DIR.union(
            name
            for name in object.__dir__(self)
            if name.startswith(("_saved_", "_raw_saved_")) or name == "variable"
        )
        return sorted(names)

    def __call__(self, *grad_outputs: Tensor | None) -> Any:
        result = self.apply(list(grad_outputs))
        return result[0] if len(result) == 1 else tuple(result)


class AccumulateGrad(Node):
    """The node of a leaf tensor: adds the incoming gradient into ``variable.grad``."""

    __module__ = "builtins"  # printed <class 'AccumulateGrad'>, as PyTorch's C++ type is

    __slots__ = ("variable",)

    def __init__(self, variable: Tensor) -> None:
        super().__init__()
        self.variable = variable
        if variable._leaf_hooks is not None:  # the leaf's hooks (a shared dict)
            self._hooks_for_update().tensor_pre = variable._leaf_hooks
        # Accumulation runs as soon as its gradient is complete, like PyTorch's.
        self._sequence = 1 << 62

    def apply(self, grad_outputs: list[Tensor | None]) -> Sequence[Tensor | None]:
        grad = grad_outputs[0]
        variable = self.variable
        if grad is None:
            return ()
        # The leaf's tensor hooks have run already: the engine runs them as this node's
        # tensor pre-hooks (the node shares the leaf's hook dict).
        if variable._grad is None and not STATE.enabled and self._hooks is None:
            # The engine keeps no reference to a gradient it has handed over, so if this
            # list held the only other one, the gradient is nobody else's: it becomes
            # ``.grad`` without a copy (PyTorch steals such gradients too).
            grad_outputs[0] = None
            if _sole_owner(grad, variable):
                variable._grad = type(grad)._from_array(grad._data)
                return self._after_accumulation()
        accumulate_into_grad(variable, grad, STATE.enabled)
        return self._after_accumulation()

    def _after_accumulation(self) -> Sequence[Tensor | None]:
        variable = self.variable
        post_hooks = variable._post_accumulate_hooks
        if post_hooks:
            for hook in tuple(post_hooks.values()):
                hook(variable)
        return ()

    def name(self) -> str:
        return "rungrad::autograd::AccumulateGrad"


_NAMESPACED_NODES = frozenset({"NotImplemented", "Error", "DelayedError"})


def _sole_owner(grad: Tensor, variable: Tensor) -> bool:
    """Whether nothing but the caller's local variable refers to ``grad`` or its memory (the
    view base it may come from included), and its layout is the variable's: then taking
    its array over as ``.grad`` cannot alias anything."""
    data = grad._data
    base = grad._base
    if not (data.flags.writeable and data.strides == variable._data.strides):
        return False
    # Counted references: the caller's local, this parameter and getrefcount's argument;
    # the array: the tensor's slot, ``data`` and the argument; a base tensor: the view's
    # ``_base``, ``base`` and the argument; the array a view was taken from: the view's
    # ``.base``, ``owner``, the argument, and the base tensor's slot or, when the base
    # tensor's array is itself a view of it (a formula on arrays returned a transposed
    # product), that view's ``.base``. Fewer is possible on Pythons that borrow stack
    # references; more means someone else holds one.
    if sys.getrefcount(grad) > 3 or sys.getrefcount(data) > 3:
        return False
    if base is not None and sys.getrefcount(base) > 3:
        return False
    owner = data.base
    if owner is None:
        return True
    expected = 3
    if base is not None:
        base_data = base._data
        if base_data is owner:
            expected = 4
        elif base_data.base is owner:
            if sys.getrefcount(base_data) > 3:  # the base's slot, ``base_data``, the argument
                return False
            expected = 4
    return owner.base is None and sys.getrefcount(owner) <= expected


def accumulate_into_grad(variable: Tensor, grad: Tensor, create_graph: bool) -> None:
    """Add ``grad`` into ``variable.grad`` the way PyTorch's AccumulateGrad does.

    The first gradient is stored as a copy so ``.grad`` never aliases another tensor (with
    ``create_graph`` a recorded copy, ``CopyBackwards``). Later ones are added in place, or
    out of place while a graph of the gradient is being built.
    """
    old = variable._grad
    if old is None:
        # PyTorch's gradient layout contract: the copy takes the strides of a dense variable
        # (a transposed parameter gets a transposed .grad), else a contiguous layout.
        data = variable._data
        if data.flags.c_contiguous:  # the common case, decided without sorting strides
            empty = np.empty(data.shape, grad._data.dtype)
        else:
            target = data if _dense(data) else None
            empty = np.empty_like(
                grad._data if target is None else target,
                dtype=grad._data.dtype,
                order="C" if target is None else "K",
            )
        if create_graph:
            variable._grad = type(grad)._from_array(empty).copy_(grad)
        else:
            np.copyto(empty, grad._data)
            variable._grad = type(grad)._from_array(empty)
    elif create_graph:
        variable._grad = old + grad
    else:
        old._data += grad._data
        old._bump_version()


def _dense(array: np.ndarray) -> bool:
    """Whether the elements fill their memory exactly, once each, in some order of the dims
    (PyTorch's non-overlapping-and-dense)."""
    expected = array.itemsize
    for size, stride in sorted(zip(array.shape, array.strides), key=lambda pair: pair[1]):
        if size == 1:
            continue
        if stride != expected:
            return False
        expected *= size
    return True


def _hook_name(hook: Any) -> str:
    return getattr(hook, "__name__", None) or repr(hook)


def _check_hook_value(hook: Any, old: Tensor, new: Tensor) -> None:
    if new._data.dtype != old._data.dtype:
        from .._tensor_names import legacy_type_name

        raise RuntimeError(
            f"hook '{_hook_name(hook)}' has changed the type of value (was "
            f"{legacy_type_name(old._data.dtype)} got {legacy_type_name(new._data.dtype)})"
        )
    if new._data.shape != old._data.shape:
        raise RuntimeError(f"hook '{_hook_name(hook)}' has changed the size of value")


def call_tensor_hook(hook: Callable[..., Any], grad: Tensor | None) -> Tensor | None:
    """Run a tensor hook ``hook(grad) -> Tensor or None`` and check what it returned."""
    from .._tensor import Tensor

    new = hook(grad)
    if new is None:
        return grad
    if grad is None:  # the output got no gradient: a hook may look, not add one
        raise RuntimeError("can't replace a None gradient with a non-None value")
    if not isinstance(new, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    _check_hook_value(hook, grad, new)
    return new


def call_node_hook(
    hook: Callable[..., Any], old: Sequence[Tensor | None], *args: tuple[Tensor | None, ...]
) -> list[Tensor | None] | None:
    """Run a node (pre-)hook that may return a new tuple replacing ``old``; check it."""
    from .._tensor import Tensor

    new = hook(*args)
    if new is None:
        return None
    if not isinstance(new, tuple):
        raise TypeError(f"expected tuple, but hook returned '{type(new).__name__}'")
    if len(new) != len(old):
        raise RuntimeError(
            f"hook '{_hook_name(hook)}' has returned an incorrect number of values (got "
            f"{len(new)}, but expected {len(old)})"
        )
    for old_value, new_value in zip(old, new):
        if new_value is None:
            continue
        if not isinstance(new_value, Tensor):
            raise TypeError(f"expected Variable, but hook returned '{type(new_value).__name__}'")
        if old_value is None:
            raise RuntimeError("can't replace a None gradient with a non-None value")
        _check_hook_value(hook, old_value, new_value)
    return list(new)


def tensor_hooks_for(node: Node, output_nr: int) -> list[Callable[..., Any]]:
    """The tensor hooks on output ``output_nr`` of ``node``, in registration order."""
    hooks = node._hooks.tensor_pre if node._hooks is not None else None
    if not hooks:
        return []
    return [fn for nr, fn in hooks.values() if nr == output_nr]


class GradientEdge(NamedTuple):
    """An edge into the graph: the gradient arriving at input ``output_nr`` of ``node``.
    ``autograd.grad`` takes one wherever it takes a tensor, as an output or an input."""

    node: Node
    output_nr: int
    ownership_token: Any = None


def get_gradient_edge(tensor: Tensor) -> GradientEdge:
    """get_gradient_edge(tensor) -> GradientEdge

    The edge through which ``tensor``'s gradient flows: its grad_fn and output number, or a
    leaf's AccumulateGrad node. ``autograd.grad(loss, get_gradient_edge(x))`` is
    ``autograd.grad(loss, x)``, and stays valid when ``x`` itself is gone or changed.
    """
    if not tensor._requires_grad:
        raise RuntimeError(
            "It is not possible to get the gradient edge for a Tensor that does not require "
            "gradients"
        )
    node, output_nr = edge_of(tensor)
    return GradientEdge(shown(node), output_nr)


def increment_version(tensor: Tensor | Iterable[Tensor]) -> None:
    """increment_version(tensor)

    Tell autograd that ``tensor`` (or each tensor of an iterable) was changed in place
    behind its back, so that saved copies of it are known to be stale.
    """
    for each in (tensor,) if hasattr(tensor, "_bump_version") else tensor:
        each._bump_version()


class _MultiHandle:
    """The handle of a multi-grad hook: ``remove()`` unregisters it from every tensor."""

    __slots__ = ("handles",)

    def __init__(self, handles: tuple[RemovableHandle, ...]) -> None:
        self.handles = handles

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()

    def __enter__(self) -> _MultiHandle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()


def register_multi_grad_hook(
    tensors: Sequence[Tensor], fn: Callable[..., None], *, mode: str = "all"
) -> _MultiHandle:
    """register_multi_grad_hook(tensors, fn, *, mode="all") -> handle

    ``mode="all"``: in each backward pass that computes a gradient for any of ``tensors``,
    call ``fn(grads)`` once all of those gradients are ready; ``grads`` has one entry per
    tensor, None for those the pass does not reach. ``mode="any"``: call ``fn(grad)`` with
    the first of them. The gradients themselves are not changed.
    """
    if mode not in ("all", "any"):
        raise ValueError(f"Expects mode to be one of ('all', 'any') but got {mode}")
    tensors = tuple(tensors)
    for tensor in tensors:
        if not tensor._requires_grad:
            raise AssertionError("Expected gradient function to be set")
    # Per running pass, what has arrived so far (a pass object lives as long as its run).
    arrived: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
    nodes = [edge_of(tensor)[0] for tensor in tensors]

    def hook_of(index: int) -> Callable[[Tensor], None]:
        def hook(grad: Tensor) -> None:
            backward_pass = current_pass()
            if mode == "any":
                if backward_pass not in arrived:
                    arrived[backward_pass] = True
                    fn(grad)
                return
            state = arrived.get(backward_pass)
            if state is None:
                pending = sum(map(backward_pass.will_execute, nodes))  # type: ignore[union-attr]
                state = arrived[backward_pass] = [[None] * len(tensors), pending]
            state[0][index] = grad
            state[1] -= 1
            if state[1] == 0:
                fn(state[0])

        return hook

    return _MultiHandle(tuple(t.register_hook(hook_of(i)) for i, t in enumerate(tensors)))


# Imported last: both modules import this one. torch.autograd.graph also holds the
# saved-tensor hooks, which are defined with SavedTensor.
from .engine import current_pass  # noqa: E402
from .saved import (  # noqa: E402
    _AllowMutationOnSavedContext,  # noqa: F401  (PyTorch has the class here)
    allow_mutation_on_saved_tensors,
    disable_saved_tensors_hooks,
    save_on_cpu,
    saved_tensors_hooks,
)
