"""linalg.ldl_factor, ldl_factor_ex and ldl_solve against PyTorch: LAPACK's Bunch-Kaufman
factors and pivots (1 x 1 and 2 x 2 blocks), the solutions, the errors and messages, and the
nodes that refuse a derivative."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

MATRICES = [
    [[4.0, 2.0], [2.0, 3.0]],
    [[1.0, 9.0], [2.0, 3.0]],
    [[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [2.0, 3.0, 0.0]],
    [[1.0, 5.0, -2.0, 0.0], [5.0, -1.0, 3.0, 4.0], [-2.0, 3.0, 0.5, 7.0], [0.0, 4.0, 7.0, -3.0]],
    [[2.0, 1.0, 0.0, 0.0], [1.0, 2.0, 1.0, 0.0], [0.0, 1.0, 2.0, 1.0], [0.0, 0.0, 1.0, 2.0]],
    [[0.0, 0.0], [0.0, 0.0]],
    [[1.0, 1.0], [1.0, 1.0]],
]


@pytest.mark.parametrize("matrix", MATRICES)
@pytest.mark.parametrize("hermitian", [False, True])
def test_factor_and_solve(matrix: list[list[float]], hermitian: bool) -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor(matrix)
        result = torch.linalg.ldl_factor_ex(A, hermitian=hermitian)
        emit(result)
        if not result.info:
            n = A.shape[0]
            rhs = torch.arange(2.0 * n).view(n, 2) - 1
            X = torch.linalg.ldl_solve(result.LD, result.pivots, rhs, hermitian=hermitian)
            emit(X + 0)  # the sign of a zero in X can differ (PyTorch's BLAS sums otherwise)
            emit(torch.linalg.ldl_factor(A.double(), hermitian=hermitian))
        emit.attempt(lambda: torch.linalg.ldl_factor(A, hermitian=hermitian))

    same(program)


@pytest.mark.parametrize("n", [3, 5, 8, 12])
def test_random_symmetric_matrices(n: int) -> None:
    rng = np.random.default_rng(n)
    value = rng.standard_normal((3, n, n))
    value = value + np.swapaxes(value, -1, -2)
    rhs = rng.standard_normal((3, n, 2))
    for library in (torch, rungrad):
        LD, pivots = library.linalg.ldl_factor(library.tensor(value))
        X = library.linalg.ldl_solve(LD, pivots, library.tensor(rhs))
        if library is torch:
            expected = (LD.numpy(), pivots.numpy(), X.numpy())
    np.testing.assert_array_equal(pivots.numpy(), expected[1])
    np.testing.assert_allclose(LD.numpy(), expected[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(X.numpy(), expected[2], rtol=1e-10, atol=1e-12)


def test_hermitian_complex() -> None:
    C = np.array([[2, 1 - 1j, 3j], [1 + 1j, -1, 2], [-3j, 2, 0.5]], dtype=np.complex128)
    for library in (torch, rungrad):
        LD, pivots = library.linalg.ldl_factor(library.tensor(C), hermitian=True)
        X = library.linalg.ldl_solve(LD, pivots, library.eye(3, dtype=library.complex128),
                                     hermitian=True)  # fmt: skip
        if library is torch:
            expected = (LD.numpy(), pivots.numpy(), X.numpy())
    np.testing.assert_array_equal(pivots.numpy(), expected[1])
    np.testing.assert_allclose(LD.numpy(), expected[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(X.numpy(), expected[2], rtol=1e-12, atol=1e-12)


def test_errors_and_no_derivative() -> None:
    def program(torch: Any, emit: Any) -> None:
        S = torch.tensor([[4.0, 2.0], [2.0, 3.0]])
        pivots = torch.tensor([1, 2], dtype=torch.int32)
        calls = [
            lambda: torch.linalg.ldl_factor(torch.zeros(2, 3)),
            lambda: torch.linalg.ldl_factor(torch.zeros(3)),
            lambda: torch.linalg.ldl_factor(torch.zeros(2, 2, dtype=torch.int64)),
            lambda: torch.linalg.ldl_factor(torch.ones(2, 2), True),
            lambda: torch.linalg.ldl_factor_ex(torch.ones(2, 2), check_errors=True),
            lambda: torch.linalg.ldl_factor(torch.zeros(3, 2, 2)),
            lambda: torch.linalg.ldl_factor(torch.ones(2, 2, dtype=torch.float16)),
            lambda: torch.linalg.ldl_factor(torch.zeros(0, 0)),
            lambda: torch.linalg.ldl_factor(torch.zeros(2, 0, 0)),
            lambda: torch.linalg.ldl_solve(S, pivots, torch.ones(3, 1)),
            lambda: torch.linalg.ldl_solve(S, pivots.long(), torch.ones(2, 1)),
            lambda: torch.linalg.ldl_solve(S, pivots, torch.ones(2)),
            lambda: torch.linalg.ldl_solve(S.double(), pivots, torch.ones(2, 1)),
            lambda: torch.linalg.ldl_solve(S, pivots[:1], torch.ones(2, 1)),
            lambda: torch.linalg.ldl_solve(S, torch.tensor([3, 2], dtype=torch.int32),
                                           torch.ones(2, 3)),
        ]  # fmt: skip
        for call in calls:
            emit.attempt(call)
        A = S.clone().requires_grad_()
        LD, piv = torch.linalg.ldl_factor(A)
        emit(type(LD.grad_fn).__name__, LD.requires_grad, piv.requires_grad)
        emit(len(LD.grad_fn.next_functions))
        emit.attempt(lambda: LD.sum().backward())
        B = torch.ones(2, 1, requires_grad=True)
        X = torch.linalg.ldl_solve(LD.detach(), piv, B)
        emit(type(X.grad_fn).__name__, len(X.grad_fn.next_functions))
        emit.attempt(lambda: X.sum().backward())

    same(program)
