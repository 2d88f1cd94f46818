"""Variations on the autograd tutorials, compared against PyTorch: what nodes answer, the
sizes methods accept, and the messages of the error paths such programs walk into."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_nodes_report_that_they_require_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, requires_grad=True)
        y = (x + 2) * 3

        class Identity(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any) -> Any:
                return a * 1

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad

        nodes = [y.grad_fn, y.grad_fn.next_functions[0][0]]
        nodes.append(nodes[-1].next_functions[0][0])  # AccumulateGrad
        nodes.append(Identity.apply(x).grad_fn)
        for node in nodes:
            emit(node.name(), node.requires_grad, hasattr(node, "requires_grad"))

    same(program)


def test_broadcast_to_method_takes_spread_sizes() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        for sizes in [(2, 3), ((2, 3),), ([2, 3],), (torch.Size([2, 1, 3]),), (3,), (-1,)]:
            out = x.broadcast_to(*sizes)
            emit(out.shape, out.grad_fn.name())
        out = x.broadcast_to(size=(2, 3))
        (out * torch.arange(6.0).view(2, 3)).sum().backward()
        emit(x.grad)
        for sizes in [(), (2, 2), (2.0, 3), ((2, 3), 1), ("a",)]:
            emit.attempt(lambda sizes=sizes: x.broadcast_to(*sizes))
        emit.attempt(lambda: torch.broadcast_to(x, 2, 3))
        emit.attempt(lambda: x.broadcast_to((2, 3), size=(2, 3)))

    same(program)
