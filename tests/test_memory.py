"""Memory: graphs are freed by reference counting alone, and saved tensors after backward.

The graph holds no reference cycles (a saved output keeps its array, not the tensor; a
leaf holds its AccumulateGrad node weakly), so nothing waits for the cycle collector.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import rungrad
from rungrad._collector import collection_paused as gc_disabled
from rungrad.autograd.graph import Node
from rungrad.autograd.saved import SavedTensor

FREED = "Trying to backward through the graph a second time"


def _is_rungrad_object(obj: object) -> bool:
    # type(), not isinstance(): isinstance reads __class__, which some lazy objects warn about.
    return issubclass(type(obj), rungrad.Tensor | Node | SavedTensor)


def _cyclic_garbage(function) -> list[object]:
    """The rungrad objects that only the cycle collector could free after ``function()``."""
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        function()
        gc.collect()
        found = [obj for obj in gc.garbage if _is_rungrad_object(obj)]
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
    return found


# -- dropped graphs ----------------------------------------------------------------------------
def test_dropped_graph_is_freed_without_the_cycle_collector():
    x = rungrad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    with gc_disabled():
        h = x.exp()
        y = (h * x).tanh().sum()
        refs = [weakref.ref(y.grad_fn), weakref.ref(h.grad_fn), weakref.ref(h)]
        del h, y
        assert [ref() for ref in refs] == [None, None, None]


def test_graph_after_backward_is_freed_without_the_cycle_collector():
    x = rungrad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    w = rungrad.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
    with gc_disabled():
        out = (x.sigmoid() @ w).tanh().mean()
        out.backward()
        node = weakref.ref(out.grad_fn)
        accumulator = weakref.ref(out.grad_fn.next_functions[0][0])
        del out
        assert node() is None
        assert accumulator() is None
        assert x.grad is not None and w.grad is not None


def test_leaf_and_its_accumulator_are_freed_together():
    with gc_disabled():
        x = rungrad.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        accumulator = weakref.ref(y.grad_fn.next_functions[0][0])
        leaf = weakref.ref(x)
        del x
        assert leaf() is not None  # the graph still needs it
        del y
        assert leaf() is None and accumulator() is None


def test_retained_grad_does_not_keep_its_tensor_alive():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    with gc_disabled():
        y = x * 2
        y.retain_grad()
        z = (y * y).sum()
        ref = weakref.ref(y)
        del y
        z.backward()
        assert ref() is None


def test_hooks_do_not_create_cycles():
    def run() -> None:
        x = rungrad.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.register_hook(lambda grad: grad * 2)
        x.register_hook(lambda grad: grad + 1)
        x.register_post_accumulate_grad_hook(lambda tensor: None)
        y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: None)
        y.grad_fn.register_prehook(lambda grad_outputs: None)
        y.sum().backward()

    assert _cyclic_garbage(run) == []


# -- a training loop ---------------------------------------------------------------------------
def _train(steps: int, report=None) -> rungrad.Tensor:
    rungrad.manual_seed(0)
    inputs = rungrad.randn(16, 4)
    targets = rungrad.randn(16, 2)
    weight = rungrad.randn(4, 2, requires_grad=True)
    bias = rungrad.zeros(2, requires_grad=True)
    optimizer = rungrad.optim.SGD([weight, bias], lr=0.1, momentum=0.9)
    for _ in range(steps):
        optimizer.zero_grad()
        prediction = (inputs @ weight + bias).tanh()
        loss = ((prediction - targets) ** 2).mean()
        loss.backward()
        optimizer.step()
        if report is not None:
            report()
    return loss


def test_training_loop_makes_no_reference_cycles():
    assert _cyclic_garbage(lambda: _train(20)) == []


def test_training_loop_memory_stays_flat_without_gc():
    counts: list[int] = []

    def count_tensors() -> None:
        counts.append(sum(type(obj) is rungrad.Tensor for obj in gc.get_objects()))

    with gc_disabled():
        gc.collect()
        _train(20, count_tensors)
    # gc.get_objects() lists container objects; tensors have no __dict__ but are tracked.
    assert counts[5:] == [counts[5]] * len(counts[5:])


def test_training_loop_loss_decreases():
    assert _train(1).item() > _train(20).item()


# -- saved tensors are released -----------------------------------------------------------
def test_saved_tensors_are_released_after_backward():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    hidden = x * 3
    out = (hidden * hidden).sum()
    node = out.grad_fn.next_functions[0][0]  # MulBackward0, which saved `hidden` twice
    assert node._saved_self is hidden
    ref = weakref.ref(hidden)
    del hidden
    with gc_disabled():
        assert ref() is not None
        out.backward()
        assert ref() is None
    with pytest.raises(RuntimeError, match=FREED):
        node._saved_self


def test_saved_output_is_released_after_backward():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    node = y.grad_fn
    assert np.array_equal(node._saved_result.detach().numpy(), y.detach().numpy())
    array = weakref.ref(y._data) if hasattr(y._data, "__weakref__") else None
    y.sum().backward()
    with pytest.raises(RuntimeError, match=FREED):
        node._saved_result
    del y
    if array is not None:
        assert array() is None


def test_retain_graph_keeps_saved_tensors():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.sin()
    y.sum().backward(retain_graph=True)
    assert y.grad_fn._saved_self is x
    y.sum().backward()
    with pytest.raises(RuntimeError, match=FREED):
        y.grad_fn._saved_self


def test_autograd_grad_releases_saved_tensors():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    node = y.grad_fn.next_functions[0][0]
    rungrad.autograd.grad(y, x)
    with pytest.raises(RuntimeError, match=FREED):
        node._saved_self


def test_nothing_is_recorded_when_nothing_requires_grad():
    x = rungrad.tensor([1.0, 2.0])
    y = (x * 2).exp().sum()
    assert y.grad_fn is None
    with rungrad.no_grad():
        w = rungrad.tensor([1.0], requires_grad=True)
        assert (w * 2).grad_fn is None
