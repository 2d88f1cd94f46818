"""linalg.lu, linalg.lu_solve, linalg.tensorinv and linalg.tensorsolve in programs, against
PyTorch: the named tuples' reprs, gradients (real and complex, square, wide and tall, every
left/adjoint combination), the graph's node names and the errors."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


def _matrix(torch: Any, rows: int, columns: int, dtype: Any) -> Any:
    values = torch.linspace(-1.0, 1.0, rows * columns, dtype=torch.float64).reshape(rows, columns)
    values = values.sin() * 2 + torch.eye(rows, columns, dtype=torch.float64) * 3
    if dtype.is_complex:  # (a genuinely complex matrix: no signed zeros to print)
        return values.to(dtype) * (1 + 0.5j * values.cos().to(dtype))
    return values.to(dtype)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 2)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_lu(shape: tuple[int, int], dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        A = _matrix(torch, *shape, getattr(torch, dtype)).requires_grad_()
        result = torch.linalg.lu(A)
        emit(result)
        emit(type(result.L.grad_fn).__name__, result.P.requires_grad)
        loss = (result.L.abs() ** 2).sum() + (result.U.abs() ** 3).sum()
        (grad,) = torch.autograd.grad(loss, A, create_graph=True)
        emit(grad)
        if dtype != "float32":  # (float32 second derivatives differ in their last digit)
            emit(torch.autograd.grad(grad.abs().sum(), A))

    same(program)


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("adjoint", [True, False])
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_lu_solve(left: bool, adjoint: bool, dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        A = _matrix(torch, 3, 3, getattr(torch, dtype)).requires_grad_()
        B = _matrix(torch, 3, 2, getattr(torch, dtype))
        B = (B if left else B.mT).detach().requires_grad_()
        LU, pivots = torch.linalg.lu_factor(A)
        X = torch.linalg.lu_solve(LU, pivots, B, left=left, adjoint=adjoint)
        emit(X)
        grads = torch.autograd.grad((X.abs() ** 2).sum(), [A, B], create_graph=True)
        emit(grads)
        emit(torch.autograd.grad(sum(g.abs().sum() for g in grads), [A, B]))

    same(program)


def test_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        LU, pivots = torch.linalg.lu_factor(torch.eye(3) * 2)
        emit.attempt(lambda: torch.linalg.lu(torch.ones(3)))
        emit.attempt(lambda: torch.linalg.lu(torch.ones(2, 2, dtype=torch.int64)))
        emit.attempt(lambda: torch.linalg.lu_solve(LU, pivots, torch.ones(3)))
        emit.attempt(lambda: torch.linalg.lu_solve(LU, pivots, torch.ones(4, 2)))
        emit.attempt(lambda: torch.linalg.lu_solve(LU, pivots, torch.ones(2, 4), left=False))
        emit.attempt(lambda: torch.linalg.lu_solve(LU, pivots.long(), torch.ones(3, 1)))
        emit.attempt(lambda: torch.linalg.lu_solve(LU[:2], pivots, torch.ones(3, 1)))
        emit.attempt(lambda: torch.linalg.lu_solve(LU, pivots, torch.ones(3, 1).double()))
        emit.attempt(lambda: torch.linalg.tensorinv(torch.ones(4, 6, 8, 3), ind=1))
        emit.attempt(lambda: torch.linalg.tensorinv(torch.ones(4, 4), ind=0))
        emit.attempt(lambda: torch.linalg.tensorsolve(torch.ones(2, 3, 5), torch.ones(2, 3)))
        emit.attempt(lambda: torch.linalg.tensorinv(torch.ones(2, 2, dtype=torch.int64), ind=1))

    same(program)


def test_tensorinv_and_tensorsolve() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = _matrix(torch, 6, 6, torch.float64).reshape(2, 3, 6).requires_grad_()
        inverse = torch.linalg.tensorinv(A)
        emit(inverse.shape, type(inverse.grad_fn).__name__)
        emit(torch.tensordot(A, inverse, 1).reshape(6, 6).diagonal())
        emit(torch.autograd.grad(inverse.sin().sum(), A))
        B = torch.linspace(0, 1, 6, dtype=torch.float64).reshape(2, 3).requires_grad_()
        X = torch.linalg.tensorsolve(A, B)
        emit(X, type(X.grad_fn).__name__)
        emit(torch.autograd.grad(X.square().sum(), [A, B]))
        moved = torch.linalg.tensorsolve(A.reshape(6, 2, 3), B, dims=(0,))
        emit(moved)
        emit(torch.linalg.tensorinv(torch.eye(4).reshape(4, 2, 2), ind=1))

    same(program)


def test_complex_pivots_compare_re_plus_im() -> None:
    # LAPACK picks the pivot of largest |re| + |im|: here 1.5+1.5j (3) over 2.5 (modulus 2.5
    # against 2.12): the modulus would pick the other row.
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor([[2.5 + 0j, 1.0], [1.5 + 1.5j, 2.0]], dtype=torch.complex128)
        emit(torch.linalg.lu_factor(A))
        emit(torch.linalg.lu(A).P)

    same(program)


@pytest.mark.parametrize("dtype", ["float64", "complex128"])
@pytest.mark.parametrize(("shape", "k"), [((4, 3), 2), ((3, 3), 3), ((2, 5, 2), 2)])
def test_householder_product(dtype: str, shape: tuple[int, ...], k: int) -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        A = torch.randn(*shape, dtype=getattr(torch, dtype), requires_grad=True)
        tau = torch.rand(*shape[:-2], k, dtype=getattr(torch, dtype), requires_grad=True)
        Q = torch.linalg.householder_product(A, tau)
        emit(Q)
        loss = (Q.abs() ** 2 * torch.arange(Q.shape[-1])).sum() + Q.real.sin().sum()
        grads = torch.autograd.grad(loss, [A, tau], create_graph=True)
        emit(grads)
        emit(torch.autograd.grad(sum(g.abs().sum() for g in grads), [A, tau]))

    same(program)


def test_householder_product_errors_and_vander() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.ones(4, 3, dtype=torch.float64)
        tau = torch.ones(2, dtype=torch.float64)
        emit.attempt(lambda: torch.linalg.householder_product(A, torch.ones(4, dtype=A.dtype)))
        emit.attempt(lambda: torch.linalg.householder_product(A.T, tau))
        emit.attempt(lambda: torch.linalg.householder_product(A, tau.float()))
        emit.attempt(lambda: torch.linalg.householder_product(torch.ones(3), tau))
        emit.attempt(lambda: torch.linalg.householder_product(A, tau[None].expand(3, 2)))
        emit(torch.linalg.vander(torch.tensor([1, 2, 3])))
        emit(torch.linalg.vander(torch.tensor([1.0, 2, 3], requires_grad=True), N=2))
        x = torch.tensor([[0.5, 2.0], [1.0, -1.0]], requires_grad=True)
        V = torch.linalg.vander(x, N=4)
        emit(V)
        V.sum().backward()
        emit(x.grad)
        emit.attempt(lambda: torch.linalg.vander(torch.tensor(1.0)))
        emit.attempt(lambda: torch.linalg.vander(torch.tensor([1.0]), N=0))

    same(program)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_geqrf(dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        for shape in [(4, 3), (3, 3), (2, 5), (2, 4, 2)]:
            A = torch.randn(*shape, dtype=getattr(torch, dtype))
            result = torch.geqrf(A)
            emit(result)
            if shape[-2] >= shape[-1]:
                emit(torch.linalg.householder_product(result.a, result.tau))
        emit(torch.geqrf(torch.tensor([[1.0, 2], [0, 4], [0, 6]])))
        A = torch.randn(4, 3, requires_grad=True)
        a, _ = torch.geqrf(A)
        emit(type(a.grad_fn).__name__)
        emit.attempt(lambda: a.sum().backward())
        emit.attempt(lambda: torch.geqrf(torch.ones(3)))
        emit.attempt(lambda: torch.geqrf(torch.ones(2, 2, dtype=torch.int64)))

    same(program)


def test_deprecated_lu_and_lu_solve() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor([[1.0, 2], [3, 4]], dtype=torch.float64, requires_grad=True)
        result = torch.lu(A)
        emit(type(result).__name__, result)
        emit(torch.lu(A, get_infos=True))
        b = torch.tensor([[1.0], [2]], dtype=torch.float64)
        x = torch.lu_solve(b, *result)
        emit(x, type(x.grad_fn).__name__)
        emit(A.lu(), b.lu_solve(*result))
        x.sum().backward()
        emit(A.grad)

    same(program)
