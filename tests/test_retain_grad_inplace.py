"""``retain_grad()`` follows a tensor whose history an in-place op rewrites.

PyTorch moves the retain-grad hook to the tensor's new ``grad_fn`` (``.grad`` is the gradient
of the tensor's current value), while hooks registered earlier stay with the old node.
In-place view ops (``unsqueeze_``) are the exception: the hook stays where it was.
"""

from __future__ import annotations

from transcripts import same


def test_retain_grad_moves_to_the_node_of_an_in_place_op() -> None:
    def program(torch, emit):
        a = torch.ones(2, requires_grad=True)
        b = a * 1
        b.retain_grad()
        b.mul_(2)
        (b * 3).sum().backward()
        emit(b.grad, a.grad)
        b = a * 1
        b.retain_grad()
        b.register_hook(lambda g: emit("old hook", g))
        b.exp_()
        b.register_hook(lambda g: emit("new hook", g))
        (b * 2).sum().backward()
        emit(b.grad)

    same(program)


def test_retain_grad_on_a_base_or_a_view_written_in_place() -> None:
    def program(torch, emit):
        a = torch.ones(3, requires_grad=True)
        b = a * 1
        c = b[:2]
        b.retain_grad()
        c.mul_(2)
        b.sum().backward()
        emit(b.grad, b.grad_fn.name())
        b = a * 1
        c = b[:2]
        c.retain_grad()
        c.mul_(5)
        (c * 2).sum().backward()
        emit(c.grad, c.grad_fn.name())
        b = a * 1
        c = b[1:]
        c.retain_grad()
        c.copy_(torch.tensor([4.0, 5.0]))
        (b * 3).sum().backward()
        emit(c.grad, a.grad)
        b = a * 1
        b.retain_grad()
        b[0] = 5
        (b * 3).sum().backward()
        emit(b.grad)

    same(program)


def test_retain_grad_with_mark_dirty_and_in_place_view_ops() -> None:
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

        a = torch.ones(2, requires_grad=True)
        b = a * 1
        b.retain_grad()
        AddOne.apply(b)
        (b * 2).sum().backward()
        emit(b.grad, a.grad)
        b = a * 1
        b.retain_grad()
        b.unsqueeze_(0)
        (b * 2).sum().backward()
        emit(b.grad, b.shape)

    same(program)
