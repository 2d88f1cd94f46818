"""The backward pass: from output gradients to input gradients, one node at a time.

Read this file to learn how reverse-mode autodiff runs:

1. ``discover`` walks the graph from the roots (an explicit stack, never recursion, so
   graphs 100 000 nodes deep work) and counts, for every node, how many edges lead into it.
   When only some inputs are wanted (``autograd.grad``, ``backward(inputs=...)``) it also
   marks the nodes that lead to them; the others are skipped.
2. ``run_backward`` keeps a buffer per node where arriving gradients are summed. A node is
   ready when all its dependencies have delivered; the ready queue runs the newest node
   first (highest sequence number), as PyTorch does. Running a node calls its hooks and its
   ``apply`` (the op's backward formulas), then hands each input gradient to the next node.
3. Leaves are reached through their ``AccumulateGrad`` node, which adds into ``.grad``;
   when capturing for ``autograd.grad``, gradients are collected at the wanted edges instead.
4. Without ``retain_graph`` each node frees its saved tensors right after it runs.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._ops._quiet import quiet_numpy, restore_numpy
from . import anomaly_mode
from ._dual import DUAL
from .grad_mode import STATE
from .graph import (
    AccumulateGrad,
    Edge,
    Node,
    NodeHooks,
    call_node_hook,
    call_tensor_hook,
    tensor_hooks_for,
)

if TYPE_CHECKING:
    from .._tensor import Tensor

__all__ = ["BackwardPass", "current_pass", "is_checkpoint_valid", "run_backward"]


class BackwardPass:
    """One running backward pass: the nodes it reaches and, when it computes only chosen
    inputs' gradients (``autograd.grad``, ``backward(inputs=...)``), the ones it runs."""

    __slots__ = ("__weakref__", "captured", "dependencies", "needed", "partial", "roots")
    roots: list[Node]
    dependencies: dict[Node, int]  # the nodes the roots lead to
    needed: set[Node] | None  # in a partial pass: the nodes that run
    captured: set[Edge] | None  # the edges whose gradient autograd.grad returns
    partial: bool

    def will_execute(self, node: Node) -> bool:
        """Whether ``node`` runs in this pass (or has its gradient captured)."""
        if node not in self.dependencies and node not in self.roots:
            return False
        if self.needed is None or node in self.needed:
            return True
        return bool(self.captured) and any(edge[0] is node for edge in self.captured)  # type: ignore[union-attr]


class _PassState(threading.local):
    # The backward passes running in this thread, innermost last.
    passes: list[BackwardPass]

    def __init__(self) -> None:
        self.passes = []


_PASSES = _PassState()
_new_object = object.__new__


def current_pass() -> BackwardPass | None:
    """The innermost backward pass running in this thread, if any."""
    passes = _PASSES.passes
    return passes[-1] if passes else None


def is_checkpoint_valid() -> bool:
    """False inside a backward pass that computes only some inputs' gradients: a reentrant
    checkpoint's own backward pass could not deliver them (PyTorch's _is_checkpoint_valid)."""
    passes = _PASSES.passes
    return not (passes and passes[-1].partial)


def discover(
    roots: Sequence[Node], targets: set[Node] | None
) -> tuple[dict[Node, int], set[Node] | None]:
    """Count incoming edges per node; with ``targets``, also find the nodes that lead to them."""
    dependencies: dict[Node, int] = {}
    stack = list(dict.fromkeys(roots))  # a node given twice as a root is still walked once
    root_set = set(stack)
    while stack:
        node = stack.pop()
        for next_node, _ in node._next_edges:
            if next_node is None:
                continue
            if next_node in dependencies:
                dependencies[next_node] += 1
            else:  # first visit
                dependencies[next_node] = 1
                if next_node not in root_set:
                    stack.append(next_node)
    if targets is None:
        return dependencies, None
    # A node must run if one of its edges leads to a target, directly or through nodes that
    # do: decide in post-order (children first), computed without recursion.
    reaches: set[Node] = set()
    for node in _post_order(roots):
        if any(n is not None and (n in targets or n in reaches) for n, _ in node._next_edges):
            reaches.add(node)
    return dependencies, reaches


def _post_order(roots: Sequence[Node]) -> list[Node]:
    """Nodes in depth-first post-order (children before parents), iteratively."""
    result: list[Node] = []
    visited: set[Node] = set()
    for root in roots:
        if root in visited:
            continue
        visited.add(root)
        stack: list[tuple[Node, Any]] = [(root, iter(root._next_edges))]
        while stack:
            node, edges = stack[-1]
            for next_node, _ in edges:
                if next_node is not None and next_node not in visited:
                    visited.add(next_node)
                    stack.append((next_node, iter(next_node._next_edges)))
                    break
            else:
                stack.pop()
                result.append(node)
    return result


def _run_tensor_pre_hooks(node: Node, grads: list[Tensor | None]) -> list[Tensor | None]:
    """Tensor hooks of the node's outputs, then retain_grad (always last, as in PyTorch).
    A hook of an output that got no gradient is called with None, as PyTorch's are."""
    hooks = node._hooks
    if hooks.tensor_pre:  # type: ignore[union-attr]
        for output_nr in range(len(grads)):
            for hook in tensor_hooks_for(node, output_nr):
                grads[output_nr] = call_tensor_hook(hook, grads[output_nr])
    if hooks.retain_grad:  # type: ignore[union-attr]
        for output_nr, retain in tuple(hooks.retain_grad.items()):  # type: ignore[union-attr]
            if grads[output_nr] is not None:
                retain(grads[output_nr])
    return grads


def _run_hooked_node(
    node: Node,
    grads: list[Tensor | None],
    anomaly: bool,
    retain_graph: bool,
    apply: Any = None,
) -> Sequence[Tensor | None]:
    """Run a node that has hooks: its pre-hooks, the node (or ``apply``), its post-hooks."""
    hooks: NodeHooks = node._hooks  # type: ignore[assignment]
    if hooks.pre:
        for hook in tuple(hooks.pre.values()):
            new_grads = call_node_hook(hook, grads, tuple(grads))
            if new_grads is not None:
                grads = new_grads
    if _any_grad(grads) or node.runs_without_grads:  # a pre-hook may have dropped them
        if anomaly:
            grads_in = _checked_apply(node, grads, apply)
        else:
            grads_in = node.apply(grads) if apply is None else apply(grads)
    else:
        grads_in = [None] * len(node._next_edges)
    if hooks.post:
        for hook in tuple(hooks.post.values()):
            new_grads = call_node_hook(hook, grads_in, tuple(grads_in), tuple(grads))
            if new_grads is not None:
                grads_in = new_grads
    if not retain_graph:
        node.release_saved()
    return grads_in


def run_backward(
    root_edges: Sequence[Edge],
    root_grads: Sequence[Tensor],
    *,
    retain_graph: bool,
    create_graph: bool,
    input_edges: Sequence[Edge] | None = None,
    accumulate: bool = True,
) -> list[Tensor | None]:
    """Propagate ``root_grads`` from ``root_edges`` through the graph.

    With ``accumulate`` gradients are accumulated into the leaves' ``.grad``; given
    ``input_edges`` (``backward(inputs=...)``) only the part of the graph that leads to them
    runs, and only their accumulators (a non-leaf input retains its grad, see ``backward``).
    Without ``accumulate`` (``autograd.grad``) the gradient arriving at each input edge is
    returned instead, in that order.
    """
    roots = [node for node, _ in root_edges if node is not None]
    targets = None if input_edges is None else {node for node, _ in input_edges if node}
    dependencies, needed = discover(roots, targets)
    # The nodes a gradient is wanted at: the ones that run and the targets themselves.
    wanted = None if needed is None else needed | targets  # type: ignore[operator]
    if needed is not None and accumulate:
        needed.update(node for node in targets if isinstance(node, AccumulateGrad))  # type: ignore[union-attr]
    captured: dict[Edge, Tensor | None] = {}
    capture_set = None if accumulate or input_edges is None else set(input_edges)
    this_pass = _new_object(BackwardPass)  # its slots set here: no __init__ frame per pass
    this_pass.roots = roots
    this_pass.dependencies = dependencies
    this_pass.needed = needed
    this_pass.captured = capture_set
    this_pass.partial = input_edges is not None

    # Gradients arriving at a node that is not ready yet are summed in its buffer.
    buffers: dict[Node, list[Tensor | None]] = {}
    # ``chained`` holds the next node when it is the only ready one (a chain of ops, the
    # common case): it runs next without going through the heap, its gradients in
    # ``chained_grads`` rather than in a buffer.
    chained: Node | None = None
    chained_grads: list[Tensor | None] = []
    # Nodes with no pending dependencies are ready; newest (largest sequence number) first.
    # Ties (leaves' AccumulateGrad nodes all share one number) go first in, first out: the
    # order in which PyTorch's queue gives up to three of them (the usual case) back.
    arrival = itertools.count().__next__
    ready: list[tuple[int, int, Node]] = []
    if len(roots) == 1 and len(root_edges) == 1:  # loss.backward(): the root runs first
        chained, input_nr = root_edges[0]
        chained_grads = [None] * chained.num_outputs  # type: ignore[union-attr]
        chained_grads[input_nr] = root_grads[0]
    else:
        for (node, input_nr), grad in zip(root_edges, root_grads):
            if node is not None:
                _add_to_buffer(buffers, node, input_nr, grad)
        ready = [
            (-node._sequence, arrival(), node) for node in set(roots) if node not in dependencies
        ]
        heapq.heapify(ready)

    anomaly = anomaly_mode.STATE.enabled
    # Most passes run every node plainly: no skipped nodes, nothing captured, no anomaly
    # checks. Those that do not, and nodes with hooks, take ``_run_node``'s general path.
    plain = needed is None and not capture_set and not anomaly
    previous_mode = STATE.enabled
    STATE.enabled = create_graph
    _PASSES.passes.append(this_pass)
    pop, push = heapq.heappop, heapq.heappush
    try:
        while True:
            if chained is not None:
                node, grads, chained = chained, chained_grads, None
            elif ready:
                node = pop(ready)[2]
                grads = buffers.pop(node)
            else:
                break
            if (
                plain
                and node._hooks is None
                and (grads[0] is not None if len(grads) == 1 else _any_grad(grads))
            ):
                grads_in = node.apply(grads)
                if not retain_graph:
                    node.release_saved()
            else:
                grads_in = _run_node(
                    node, grads, needed, wanted, capture_set, captured, anomaly, retain_graph
                )
            # Hand each input gradient to the next node; a node is ready when all its
            # dependencies have delivered (the body of _add_to_buffer, inlined: hot loop).
            grads = None  # type: ignore[assignment]
            for (next_node, input_nr), grad in zip(node._next_edges, grads_in):
                if next_node is None:
                    continue
                remaining = dependencies[next_node] - 1
                if remaining == 0 and next_node not in buffers:
                    # Its only gradient (a chain's link): no buffer to sum into.
                    if next_node.num_outputs == 1:
                        next_grads = [grad]
                    else:
                        next_grads = [None] * next_node.num_outputs
                        next_grads[input_nr] = grad
                else:
                    dependencies[next_node] = remaining
                    buffer = buffers.get(next_node)
                    if buffer is None:
                        buffer = buffers[next_node] = [None] * next_node.num_outputs
                        buffer[input_nr] = grad
                    elif grad is not None:
                        current = buffer[input_nr]
                        buffer[input_nr] = grad if current is None else _summed(current, grad)
                    if remaining:
                        continue
                    next_grads = buffers.pop(next_node)
                # next_node is ready.
                if chained is None and not ready:
                    chained, chained_grads = next_node, next_grads
                else:
                    if chained is not None:
                        buffers[chained] = chained_grads
                        push(ready, (-chained._sequence, arrival(), chained))
                        chained = None
                    buffers[next_node] = next_grads
                    push(ready, (-next_node._sequence, arrival(), next_node))
            # Hold no gradient that was handed over: AccumulateGrad may take it over as .grad
            # when nobody else refers to it.
            grads_in = grad = next_grads = None  # type: ignore[assignment]
    finally:
        STATE.enabled = previous_mode
        _PASSES.passes.pop()
    if capture_set is None:
        return []
    return [captured.get(edge) for edge in input_edges]  # type: ignore[union-attr]


def _run_node(
    node: Node,
    grads: list[Tensor | None],
    needed: set[Node] | None,
    wanted: set[Node] | None,
    capture_set: set[Edge] | None,
    captured: dict[Edge, Tensor | None],
    anomaly: bool,
    retain_graph: bool,
) -> Sequence[Tensor | None]:
    """Run one node the general way: skipped when not needed, with its hooks, captured
    gradients (``autograd.grad``) and anomaly checks; its inputs' gradients computed only
    where ``wanted`` (if given) holds the node they go to."""
    runs = needed is None or node in needed
    has_grad = _any_grad(grads)
    hooks = node._hooks
    tensor_hooks = hooks is not None and (hooks.tensor_pre or hooks.retain_grad)
    if tensor_hooks and has_grad and not runs:
        # Tensor hooks run even where the node itself is skipped (PyTorch does).
        grads = _run_tensor_pre_hooks(node, grads)
    if capture_set:
        # PyTorch captures a gradient after the tensor's hooks where the node is skipped,
        # and before them where it runs.
        for output_nr, grad in enumerate(grads):
            if (node, output_nr) in capture_set:
                captured[(node, output_nr)] = grad
    if tensor_hooks and runs:
        grads = _run_tensor_pre_hooks(node, grads)
    if not runs or not (has_grad or node.runs_without_grads):
        return [None] * len(node._next_edges)
    if wanted is not None:
        unwanted = tuple(n is not None and n not in wanted for n, _ in node._next_edges)
        if any(unwanted):
            return _run_pruned(node, grads, unwanted, anomaly, retain_graph)
    if hooks is not None:
        return _run_hooked_node(node, grads, anomaly, retain_graph)
    grads_in = _checked_apply(node, grads) if anomaly else node.apply(grads)
    if not retain_graph:
        node.release_saved()
    return grads_in


def _run_pruned(
    node: Node,
    grads: list[Tensor | None],
    unwanted: tuple[bool, ...],
    anomaly: bool,
    retain_graph: bool,
) -> Sequence[Tensor | None]:
    """Run a node of which some inputs' gradients are not wanted (``apply_pruned``)."""
    pruned = _Pruned(node, unwanted)
    if node._hooks is not None:
        return _run_hooked_node(node, grads, anomaly, retain_graph, pruned)
    grads_in = _checked_apply(node, grads, pruned) if anomaly else pruned(grads)
    if not retain_graph:
        node.release_saved()
    return grads_in


class _Pruned:
    """``node.apply_pruned`` with its flags, called as ``node.apply`` is."""

    __slots__ = ("node", "unwanted")

    def __init__(self, node: Node, unwanted: tuple[bool, ...]) -> None:
        self.node = node
        self.unwanted = unwanted

    def __call__(self, grads: list[Tensor | None]) -> Sequence[Tensor | None]:
        return self.node.apply_pruned(grads, self.unwanted)


def _checked_apply(node: Node, grads: list[Tensor | None], apply: Any = None) -> Any:
    """``node.apply`` (or ``apply``) under anomaly detection: name the forward call behind a
    failure or a NaN."""
    try:
        grads_in = node.apply(grads) if apply is None else apply(grads)
        if anomaly_mode.STATE.check_nan:
            anomaly_mode.check_nan(node, grads_in)
    except Exception:
        anomaly_mode.warn_forward_stack(node)
        raise
    return grads_in


def _any_grad(grads: list[Tensor | None]) -> bool:
    if len(grads) == 1:
        return grads[0] is not None
    return any(grad is not None for grad in grads)


def _add_to_buffer(
    buffers: dict[Node, list[Tensor | None]], node: Node, input_nr: int, grad: Tensor
) -> None:
    buffer = buffers.get(node)
    if buffer is None:
        buffer = buffers[node] = [None] * node.num_outputs
    current = buffer[input_nr]
    buffer[input_nr] = grad if current is None else _summed(current, grad)


def _summed(current: Tensor, grad: Tensor) -> Tensor:
    """Two gradients of one input added up. Recording (create_graph), through the add op;
    otherwise by NumPy on the arrays, without an op call: they have the input's shape and
    dtype already (each node fits its gradients to its inputs)."""
    data = current._data
    other = grad._data
    if STATE.enabled or DUAL.active or data.shape != other.shape or data.dtype != other.dtype:
        return current + grad  # (forward-mode AD: the sum carries the gradients' tangents)
    token = quiet_numpy()  # inf + -inf is nan without a warning, as in PyTorch
    try:
        return type(current)._from_array(np.asarray(np.add(data, other)))  # 0-d: a scalar
    finally:
        restore_numpy(token)
