"""``autograd.functional`` against PyTorch: results (signs of zeros included, which show how
a Jacobian is assembled) and the strict-mode and argument errors, in PyTorch's order.

A program is ``program(torch, emit)`` written against PyTorch's API; it runs through both
libraries and the transcripts (errors as their first line, ``rungrad`` read as ``torch``)
must be identical.
"""

from __future__ import annotations

import pytest
from transcripts import same


def test_results_keep_the_signs_of_zeros() -> None:
    def program(torch, emit):
        F = torch.autograd.functional
        x = torch.tensor([1.0, -1.0, 0.5])
        y = torch.tensor([2.0, 3.0, 4.0])
        c = torch.tensor([1.0, 2.0, 3.0])
        emit(F.jacobian(lambda a: a**2 * c, x))
        emit(F.jacobian(lambda a, b: (a * b, (a + b).sum()), (x, y)))
        emit(F.jacobian(lambda a: a**2 * c, x, create_graph=True))
        emit(F.hessian(lambda a: (a**3).sum() + a.prod(), x))
        emit(F.hessian(lambda a, b: (a * b).sum(), (x, y)))
        emit(F.vjp(lambda a: a**2 * c, x, torch.ones(3)))
        emit(F.jvp(lambda a: a**2 * c, x, torch.ones(3)))
        emit(F.hvp(lambda a: (a**3).sum(), x, torch.ones(3)))
        emit(F.vhp(lambda a: (a**3).sum(), x, torch.ones(3)))
        m = torch.tensor([[1.0, -2.0], [3.0, 4.0]])
        emit(F.jacobian(lambda a: a.t() @ a, m))

    same(program)


CALLS = [
    "F.hvp(lambda a: a * 2, x, v)",
    "F.hvp(lambda a: (a.sum(), a.sum()), x, v)",
    "F.vhp(lambda a: a * 2, x, v)",
    "F.vhp(lambda a: (a.sum(),), x, v)",
    "F.hessian(lambda a: a * 2, x)",
    "F.hessian(lambda a: (a.sum(), a.sum()), x)",
    "F.jacobian(lambda a: torch.ones(2), x)",
    "F.jacobian(lambda a: torch.ones(2), x, strict=True)",
    "F.jacobian(lambda a: a.detach() * 2, x, strict=True, create_graph=True)",
    "F.jacobian(lambda a: (a * 2, torch.ones(1)), x, strict=True)",
    "F.jacobian(lambda a, b: a * 2, (x, v), strict=True)",
    "F.jacobian(lambda a: a * 2, x, strict=True, create_graph=True)",
    "F.jacobian(lambda a: a, x, strict=True, vectorize=True)",
    "F.jacobian(lambda a: a, x, strategy='bogus')",
    "F.jacobian(lambda a: a, x, strategy='forward-mode')",
    "F.jacobian(lambda a: a, x, strategy='forward-mode', vectorize=True, create_graph=True)",
    "F.hessian(lambda a: a.sum(), x, strict=True)",
    "F.hessian(lambda a: (a ** 2).sum(), x, strict=True)",
    "F.vjp(lambda a: a.detach().sum(), x, strict=True)",
    "F.vjp(lambda a, b: (a * 2).sum(), (x, v), strict=True)",
    "F.vjp(lambda a: a * 2, x)",
    "F.jvp(lambda a: a.detach() * 2, x, v, strict=True)",
    "F.jvp(lambda a: a * 2, x, v, strict=True)",
    "F.vhp(lambda a: (a * 2).sum(), x, v, strict=True)",
    "F.hvp(lambda a: (a * 2).sum(), x, v, strict=True)",
    "F.vhp(lambda a: (a ** 3).sum(), x, v, strict=True)",
    # v of the wrong size or count
    "F.vjp(lambda a: a.sum(), x, v)",
    "F.vjp(lambda a: a * 2, x, torch.ones(3, 1))",
    "F.vjp(lambda a: a * 2, x, (v, v))",
    "F.vjp(lambda a, b: (a, b), (x, x), (v, torch.ones(2)))",
    "F.jvp(lambda a: a * 2, x, torch.ones(2))",
    "F.jvp(lambda a, b: a + b, (x, x), (v,))",
    "F.jvp(lambda a, b: a + b, (x, x), (v, torch.ones(2)))",
    "F.hvp(lambda a: a.sum(), x, torch.ones(2))",
    "F.vhp(lambda a: a.sum(), x, [1.0, 1.0, 1.0])",
]


@pytest.mark.parametrize("call", CALLS)
def test_errors_and_strict_mode(call: str) -> None:
    def program(torch, emit):
        scope = {
            "F": torch.autograd.functional,
            "torch": torch,
            "x": torch.tensor([1.0, -2.0, 0.5]),
            "v": torch.ones(3),
        }
        emit.attempt(lambda: eval(call, scope))

    same(program)
