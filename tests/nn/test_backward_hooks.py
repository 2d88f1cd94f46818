"""Module backward hooks against PyTorch: when they run, what they see (grad_input packed
over all arguments, zeros for tensors that do not require grad, None for the rest), what
their results replace, and the BackwardHookFunctionBackward nodes they put in the graph."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


def _linear(torch: Any, weight: list[list[float]], bias: float = 0.0) -> Any:
    layer = torch.nn.Linear(len(weight[0]), len(weight))
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(weight))
        layer.bias.fill_(bias)
    return layer


def test_hook_sees_input_and_output_gradients_and_the_graph_shows_its_nodes():
    def program(torch, emit):
        layer = _linear(torch, [[1.0, 2.0], [3.0, 4.0]], 0.5)
        layer.register_forward_hook(lambda m, args, out: emit("forward", args, out))
        handle = layer.register_full_backward_hook(lambda m, gi, go: emit("backward", gi, go))
        x = torch.tensor([[1.0, -1.0]], requires_grad=True)
        y = layer(x)
        emit(y)
        y.sum().backward()
        emit(x.grad, layer.weight.grad)
        handle.remove()
        emit(layer(x))

    same(program)


@pytest.mark.parametrize("b_requires_grad", [False, True])
def test_grad_input_is_packed_over_all_arguments(b_requires_grad: bool):
    def program(torch, emit):
        class Two(torch.nn.Module):
            def forward(self, a, b, scale=2.0):
                return a * b * scale, a + b

        module = Two()
        module.register_full_backward_hook(lambda m, gi, go: emit("hook", gi, go))
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([3.0, 4.0], requires_grad=b_requires_grad)
        first, second = module(a, b)
        (first.sum() + 2 * second.sum()).backward()
        first, _ = module(a, b, 3.0)
        first.sum().backward()
        emit(a.grad, b.grad)

    same(program)


def test_hooks_replace_gradients():
    def program(torch, emit):
        layer = _linear(torch, [[2.0, -1.0]], 0.5)
        layer.register_full_backward_hook(lambda m, gi, go: tuple(g * 2 for g in gi))
        x = torch.tensor([[1.0, 1.0]], requires_grad=True)
        layer(x).backward()
        emit(x.grad, layer.weight.grad)
        other = _linear(torch, [[1.0, 1.0]])

        def pre(module, grad_output):
            emit("pre", grad_output)
            return (grad_output[0] * 10,)

        other.register_full_backward_pre_hook(pre)
        x.grad = None
        other(x).sum().backward()
        emit(x.grad, other.weight.grad)

    same(program)


def test_hooks_returning_the_wrong_number_of_gradients_raise():
    def program(torch, emit):
        layer = _linear(torch, [[1.0, 1.0]])
        layer.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
        layer(torch.ones(1, 2, requires_grad=True)).sum().backward()

    same(program)


def test_no_input_requiring_grad_runs_the_hook_at_the_outputs():
    def program(torch, emit):
        layer = _linear(torch, [[1.0, 1.0]])
        layer.register_full_backward_hook(lambda m, gi, go: emit("hook", gi, go))
        out = layer(torch.ones(1, 2))
        emit(out.grad_fn.name())
        out.sum().backward()
        emit(layer.weight.grad)
        with torch.no_grad():
            emit(layer(torch.ones(1, 2, requires_grad=True)))

    same(program)


def test_nested_modules_run_their_hooks_innermost_last_layer_first():
    def program(torch, emit):
        model = torch.nn.Sequential(
            _linear(torch, [[1.0, 0.5], [-0.5, 1.0]]),
            torch.nn.ReLU(),
            _linear(torch, [[1.0, -1.0]]),
        )
        for index, module in enumerate(model):
            module.register_full_backward_hook(lambda m, gi, go, index=index: emit(index, gi, go))
        model.register_full_backward_hook(lambda m, gi, go: emit("model", gi, go))
        x = torch.tensor([[0.5, 1.0]], requires_grad=True)
        model(x).backward()
        emit(x.grad)

    same(program)


def test_a_returned_input_marked_non_differentiable_stays_so():
    def program(torch, emit):
        class Pair(torch.autograd.Function):
            @staticmethod
            def forward(ctx, a, b):
                ctx.mark_non_differentiable(b)
                return a, b

            @staticmethod
            def backward(ctx, grad_a, grad_b):
                emit("grad_b", grad_b)
                return grad_a, grad_b

        a = torch.ones(2, requires_grad=True)
        b = torch.ones(2, requires_grad=True)
        x, y = Pair.apply(a, b)
        emit(x.requires_grad, y.requires_grad, y.grad_fn)
        (x * 2 + y).sum().backward()
        emit(a.grad, b.grad)

    same(program)


def test_register_backward_hook_sees_the_output_nodes_gradients():
    """The deprecated hook is a post-hook of the node that made the output's first tensor:
    it sees that node's gradients, and may replace them."""

    def program(torch, emit):
        layer = _linear(torch, [[1.0, 2.0]], 0.5)
        handle = layer.register_backward_hook(
            lambda m, gi, go: emit("linear", [None if g is None else g.shape for g in gi], go)
        )
        emit(type(handle).__name__)
        x = torch.tensor([[1.0, -1.0]], requires_grad=True)
        layer(x).sum().backward()
        emit.attempt(lambda: layer.register_full_backward_hook(lambda *a: None))
        handle.remove()
        layer(x).sum().backward()

        class Two(torch.nn.Module):
            def forward(self, a):
                return a * 2, {"k": a + 1}

        two = Two()
        two.register_backward_hook(lambda m, gi, go: emit("two", gi, go) or (gi[0] * 10,))
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        first, rest = two(a)
        (first.sum() + rest["k"].sum()).backward()
        emit(a.grad)

        full = torch.nn.ReLU()
        full.register_full_backward_hook(lambda *args: None)
        emit.attempt(lambda: full.register_backward_hook(lambda *args: None))

    same(program)
