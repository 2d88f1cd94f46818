"""Outputs that receive no gradient, against PyTorch: their tensor hooks are called with
None, a custom Function's backward still runs (with zeros, or None when it does not
materialize them), and gradcheck's undefined-gradient check calls backward as PyTorch's."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


def _functions(torch: Any, emit: Any, materialize: bool = True) -> tuple[Any, Any]:
    class Doubled(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.set_materialize_grads(materialize)
            return x * 2

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            emit("Doubled.backward", grad)
            return None if grad is None else grad * 2

    class Dropped(torch.autograd.Function):
        """A backward that gives its input no gradient."""

        @staticmethod
        def forward(ctx: Any, y: Any) -> Any:
            return y * 3

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            emit("Dropped.backward", grad)
            return None

    return Doubled, Dropped


@pytest.mark.parametrize("materialize", [True, False])
def test_custom_backward_runs_without_gradients(materialize: bool) -> None:
    def program(torch: Any, emit: Any) -> None:
        Doubled, Dropped = _functions(torch, emit, materialize)
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        Dropped.apply(Doubled.apply(x)).sum().backward()
        emit(x.grad)

    same(program)


def test_builtin_nodes_and_leaves_without_gradients() -> None:
    def program(torch: Any, emit: Any) -> None:
        _, Dropped = _functions(torch, emit)
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.register_hook(lambda g: emit("leaf hook", g))
        middle = x.exp()
        middle.register_hook(lambda g: emit("middle hook", g))
        Dropped.apply(middle).sum().backward()
        emit(x.grad)

    same(program)


def test_hooks_of_unused_outputs_see_none() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
        first, second, third = x.split(2)
        for name, part in (("first", first), ("second", second), ("third", third)):
            part.register_hook(lambda g, name=name: emit(name, g))
        (first * 2).sum().backward()
        emit(x.grad)
        second.retain_grad()
        a, b = x.split(3)
        b.register_hook(lambda g: None if g is None else g * 10)
        (a.sum() + 0 * b.sum()).backward()
        emit(x.grad)

    same(program)


def test_a_hook_cannot_give_an_unused_output_a_gradient() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        a, b = x.split(2)
        b.register_hook(lambda g: torch.ones(2) if g is None else None)
        emit.attempt(lambda: (a * 2).sum().backward())

    same(program)


def test_gradcheck_calls_backward_as_pytorch_does() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Exp(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                y = x.exp()
                ctx.save_for_backward(y)
                return y

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                emit("backward", grad)
                (y,) = ctx.saved_tensors
                return grad * y

        x = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64, requires_grad=True)
        emit(torch.autograd.gradcheck(Exp.apply, (x,)))

        class Leaky(torch.autograd.Function):
            """Gives a gradient where the output got none: fails the undefined check."""

            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                return x * 2

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * 2 + 1

        emit.attempt(lambda: torch.autograd.gradcheck(Leaky.apply, (x,), check_backward_ad=True))

    same(program)
