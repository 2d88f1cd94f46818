"""User-defined ``autograd.Function``s against PyTorch: the ctx API and how the gradients a
``backward`` returns are checked.

A program is ``program(torch, emit)`` written against PyTorch's API (it defines its Functions
on ``torch.autograd.Function``); it runs through both libraries and the transcripts (errors
as their first line, ``rungrad`` read as ``torch``) must be identical.
"""

from __future__ import annotations

import pytest
from transcripts import same


def test_needs_input_grad_follows_requires_grad_even_under_no_grad() -> None:
    def program(torch, emit):
        class Scale(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, factor, y):
                emit("needs", ctx.needs_input_grad)
                return x * factor + y

            @staticmethod
            def backward(ctx, grad):
                return grad, None, grad

        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = torch.tensor([3.0, 4.0])
        emit(Scale.apply(x, 2.0, y))
        with torch.no_grad():
            emit(Scale.apply(x, 2.0, y))
        emit(Scale.apply(y, 2.0, y))
        emit(Scale.apply(y, 2.0, x).grad_fn.needs_input_grad)

    same(program)


# What ``backward`` returns for an input of shape [2] (float32).
RETURNED = [
    "torch.ones(5)",
    "torch.ones(3, 2)",
    "torch.ones(1)",
    "torch.ones(2, 1)",
    "torch.ones(())",
    "torch.ones(2, dtype=torch.float64)",
    "torch.ones(2, dtype=torch.int64)",
    "3.0",
    "[1.0, 1.0]",
    "None",
]


@pytest.mark.parametrize("returned", RETURNED)
def test_gradients_returned_by_backward_are_checked_and_fitted(returned: str) -> None:
    def program(torch, emit):
        class Double(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, grad):
                return eval(returned, {"torch": torch})

        x = torch.tensor([1.0, 2.0], requires_grad=True)
        emit.attempt(lambda: Double.apply(x).sum().backward())
        emit(x.grad, x.grad.dtype if x.grad is not None else None)

    same(program)


def test_the_index_in_the_message_counts_tensor_inputs() -> None:
    def program(torch, emit):
        class Mix(torch.autograd.Function):
            @staticmethod
            def forward(ctx, a, k, b):
                return a * k + b

            @staticmethod
            def backward(ctx, grad):
                return grad, None, torch.ones(4)

        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([1.0, 2.0], requires_grad=True)
        emit.attempt(lambda: Mix.apply(a, 3.0, b).sum().backward())

    same(program)


def test_mark_dirty_on_a_leaf_that_requires_grad_or_a_view_of_one() -> None:
    def program(torch, emit):
        class AddOne(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.add_(1)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, grad):
                return grad

        a = torch.tensor([1.0, 2.0], requires_grad=True)
        emit.attempt(lambda: AddOne.apply(a))
        emit.attempt(lambda: AddOne.apply(a[:1]))
        b = a * 1
        emit(AddOne.apply(b), b._version)
        with torch.no_grad():
            emit(AddOne.apply(a))

    same(program)


def test_a_function_may_define_vjp_instead_of_backward() -> None:
    def program(torch, emit):
        class Seven(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x + 1

            @staticmethod
            def vjp(ctx, grad):
                return grad * 7

        class Both(Seven):
            @staticmethod
            def backward(ctx, grad):
                return grad

        x = torch.tensor([1.0, 2.0], requires_grad=True)
        Seven.apply(x).sum().backward()
        emit(x.grad)
        emit.attempt(lambda: Both.apply(x).sum().backward())

    same(program)


def test_a_non_tensor_output_gets_none_as_its_gradient() -> None:
    def program(torch, emit):
        class Pair(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2, 5

            @staticmethod
            def backward(ctx, grad, grad_number):
                emit("grads", grad, grad_number)
                return grad * 2

        a = torch.tensor([1.0, 2.0], requires_grad=True)
        t, n = Pair.apply(a)
        emit(t, n)
        t.sum().backward()
        emit(a.grad)

    same(program)


def test_a_view_returned_by_a_function_may_not_change_in_place() -> None:
    """Views made in forward (or inputs returned as-is) refuse in-place changes in grad mode,
    naming the Function; with several outputs, the multiple-views message."""

    def program(torch, emit):
        class View(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x.view(2)

            @staticmethod
            def backward(ctx, grad):
                return grad

        class Same(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, grad):
                return grad

        class Two(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x.clone(), x[:1]

            @staticmethod
            def backward(ctx, grad, grad_view):
                return grad

        x = torch.ones(2, requires_grad=True)
        for make in (
            lambda: View.apply(x),
            lambda: View.apply(x * 1),
            lambda: Same.apply(x * 1),
            lambda: Two.apply(x)[1],
            lambda: View.apply(torch.ones(2)),
        ):
            y = make()
            emit(y.requires_grad, y._is_view())
            emit.attempt(lambda y=y: y.mul_(2))
            with torch.no_grad():
                emit(make().mul_(2).detach())

    same(program)


def test_saved_variables_is_a_deprecated_saved_tensors() -> None:
    def program(torch, emit):
        class Twice(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * 2

            @staticmethod
            def backward(ctx, grad):
                emit(ctx.saved_variables)
                return grad * 2

        x = torch.tensor([1.0, 2.0], requires_grad=True)
        Twice.apply(x).sum().backward()
        emit(x.grad)

    same(program)


def test_save_for_backward_names_the_position_of_what_it_cannot_save() -> None:
    def program(torch, emit):
        class Save(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, *extra):
                ctx.save_for_backward(x, *extra)
                return x * 1

            @staticmethod
            def backward(ctx, grad):
                return grad

        x = torch.tensor([1.0, 2.0], requires_grad=True)
        emit.attempt(lambda: Save.apply(x, 3))
        emit.attempt(lambda: Save.apply(x, None, "s"))
        emit.attempt(lambda: Save.apply(x, x, None, 2.5))

    same(program)


def test_mark_dirty_on_a_view_rewrites_its_bases_history():
    def program(torch, emit):
        class AddOne(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.add_(1)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, grad):
                return grad * 3

        leaf = torch.ones(4, requires_grad=True)
        base = leaf * 1
        view = base[1:3]
        out = AddOne.apply(view)
        emit(out is view, out, type(out.grad_fn).__name__, type(base.grad_fn).__name__)
        emit([type(n).__name__ for n, _ in out.grad_fn.next_functions])
        (base * base).sum().backward()
        emit(leaf.grad)

    same(program)
