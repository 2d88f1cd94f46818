"""cholesky_solve and cholesky_inverse against PyTorch: values (lower and upper factors,
only the factor's own triangle read), broadcasting batches, gradients of B and of the
factor, the nodes, the errors."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_cholesky_solve_and_inverse() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor([[4.0, 2.0, 0.6], [2.0, 5.0, 1.0], [0.6, 1.0, 3.0]], requires_grad=True)
        L = torch.linalg.cholesky(A)
        b = torch.tensor([[1.0, 0.0], [2.0, 1.0], [3.0, -1.0]], requires_grad=True)
        x = torch.cholesky_solve(b, L)
        emit(x, type(x.grad_fn).__name__, x.grad_fn._saved_upper)
        (x * torch.arange(6.0).view(3, 2)).sum().backward()
        emit(A.grad, b.grad)
        emit(torch.cholesky_solve(b, L.mT, upper=True), torch.cholesky_solve(b, L, True))
        A.grad = None
        inverse = torch.cholesky_inverse(torch.linalg.cholesky(A))
        emit(inverse, type(inverse.grad_fn).__name__)
        (inverse * torch.arange(9.0).view(3, 3)).sum().backward()
        emit(A.grad)
        emit(b.cholesky_solve(L), L.cholesky_inverse(), torch.cholesky_inverse(L.mT, upper=True))
        scales = torch.tensor([1.0, 4.0]).view(2, 1, 1)
        factors = torch.linalg.cholesky(torch.eye(3).expand(2, 3, 3) * scales)
        emit(torch.cholesky_solve(torch.ones(2, 3, 1), factors))
        emit(torch.cholesky_solve(torch.ones(3, 1), factors).shape)
        calls = [
            lambda: torch.cholesky_solve(torch.ones(4, 1), L),
            lambda: torch.cholesky_solve(torch.ones(3), L),
            lambda: torch.cholesky_solve(b.double(), L),
            lambda: torch.cholesky_solve(torch.ones(2, 1, dtype=torch.int64), torch.eye(2).long()),
            lambda: torch.cholesky_inverse(torch.ones(2, 3)),
            lambda: torch.cholesky_inverse(torch.ones(3)),
            lambda: torch.cholesky_inverse(torch.ones(2, 2, dtype=torch.int64)),
        ]
        for call in calls:
            emit.attempt(call)

    same(program)


def test_second_derivative_of_cholesky_solve() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor([[4.0, 1.0], [1.0, 3.0]], dtype=torch.float64, requires_grad=True)
        b = torch.tensor([[1.0], [2.0]], dtype=torch.float64, requires_grad=True)
        x = torch.cholesky_solve(b, torch.linalg.cholesky(A))
        (gA,) = torch.autograd.grad(x.pow(2).sum(), A, create_graph=True)
        emit(gA)
        emit(torch.autograd.grad(gA.sum(), b))

    same(program)
