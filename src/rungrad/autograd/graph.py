"""The nodes of the backward graph: ``Node``, ``AccumulateGrad``, node hooks.

A node turns the gradients of its forward outputs into gradients of its forward inputs.
``next_functions`` are its edges: one ``(node, input_nr)`` pair per differentiable input,
``(None, 0)`` for an input that needs no gradient. Nothing here knows about particular ops.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._tensor import Tensor

__all__ = ["AccumulateGrad", "Node", "RemovableHandle"]

Edge = tuple["Node | None", int]
NO_EDGE: Edge = (None, 0)

# Newer nodes run first in the backward pass (their inputs depend on them), as in PyTorch.
_sequence_counter = itertools.count()


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


def add_hook(hooks: dict[int, Any], hook: Callable[..., Any]) -> RemovableHandle:
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


class Node:
    """Base class of every backward node (PyTorch's ``torch.autograd.graph.Node``)."""

    __slots__ = (
        "__weakref__",
        "_metadata",
        "_next_edges",
        "_post_hooks",
        "_pre_hooks",
        "_retain_grad_hooks",
        "_sequence",
        "_tensor_pre_hooks",
    )

    def __init__(self, next_edges: tuple[Edge, ...] = ()) -> None:
        self._next_edges = next_edges
        self._sequence = next(_sequence_counter)
        self._pre_hooks: dict[int, Any] | None = None
        self._post_hooks: dict[int, Any] | None = None
        self._tensor_pre_hooks: dict[int, Any] | None = None
        self._retain_grad_hooks: dict[int, Any] | None = None
        self._metadata: dict[str, Any] | None = None

    # -- what the engine calls -------------------------------------------------------
    num_outputs = 1

    def apply(self, grad_outputs: list[Tensor | None]) -> Sequence[Tensor | None]:
        """Gradients of the inputs (one per edge) from the gradients of the outputs."""
        raise NotImplementedError

    def release_saved(self) -> None:
        """Free what was saved for backward (after a pass without ``retain_graph``)."""

    # -- PyTorch's public Node API -----------------------------------------------------
    @property
    def next_functions(self) -> tuple[Edge, ...]:
        return self._next_edges

    def name(self) -> str:
        return type(self).__name__

    @property
    def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def _sequence_nr(self) -> int:
        return self._sequence

    def register_hook(self, fn: Callable[..., Any]) -> RemovableHandle:
        """``fn(grad_inputs, grad_outputs)`` runs after the node; may return new grad_inputs."""
        if self._post_hooks is None:
            self._post_hooks = {}
        return add_hook(self._post_hooks, fn)

    def register_prehook(self, fn: Callable[..., Any]) -> RemovableHandle:
        """``fn(grad_outputs)`` runs before the node; may return new grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = {}
        return add_hook(self._pre_hooks, fn)

    def _register_tensor_hook(self, output_nr: int, fn: Callable[..., Any]) -> RemovableHandle:
        if self._tensor_pre_hooks is None:
            self._tensor_pre_hooks = {}
        return add_hook(self._tensor_pre_hooks, (output_nr, fn))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"

    def __call__(self, *grad_outputs: Tensor | None) -> Any:
        result = self.apply(list(grad_outputs))
        return result[0] if len(result) == 1 else tuple(result)


class AccumulateGrad(Node):
    """The node of a leaf tensor: adds the incoming gradient into ``variable.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable: Tensor) -> None:
        super().__init__()
        self.variable = variable
        # Accumulation runs as soon as its gradient is complete, like PyTorch's.
        self._sequence = 1 << 62

    def apply(self, grad_outputs: list[Tensor | None]) -> Sequence[Tensor | None]:
        from .grad_mode import STATE

        grad = grad_outputs[0]
        variable = self.variable
        if grad is None:
            return ()
        hooks = variable._backward_hooks
        if hooks:
            for hook in tuple(hooks.values()):
                new_grad = hook(grad)
                if new_grad is not None:
                    grad = new_grad
        accumulate_into_grad(variable, grad, STATE.enabled)
        post_hooks = variable._post_accumulate_hooks
        if post_hooks:
            for hook in tuple(post_hooks.values()):
                hook(variable)
        return ()


def accumulate_into_grad(variable: Tensor, grad: Tensor, create_graph: bool) -> None:
    """Add ``grad`` into ``variable.grad`` the way PyTorch does.

    The first gradient is stored as a copy so ``.grad`` never aliases another tensor; later
    ones are added in place, or out of place when a graph of the gradient is being built.
    """
    old = variable._grad
    if old is None:
        if create_graph:
            # PyTorch stores a copy whose history is a CopyBackwards node.
            from .._creation import empty_like

            variable._grad = empty_like(grad).copy_(grad)
        else:
            variable._grad = grad.detach().clone()
    elif create_graph or old.requires_grad:
        variable._grad = old + grad
    else:
        old._data += grad._data
        old._bump_version()


def tensor_hooks_for(node: Node, output_nr: int) -> list[Callable[..., Any]]:
    hooks = node._tensor_pre_hooks
    if not hooks:
        return []
    return [fn for nr, fn in hooks.values() if nr == output_nr]
