"""One row times a row-major matrix adds in PyTorch's order (NOTE [A row times a matrix] in
``_ops/linalg.py``): each column's products one after another, bit for bit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

_RNG = np.random.default_rng(3)
SHAPES = [(2, 3), (3, 10), (100, 3), (256, 32), (784, 128), (5000, 4)]

PRODUCTS: dict[str, Callable[[Any, np.ndarray, np.ndarray], Any]] = {
    "vector @ matrix": lambda T, a, b: T.tensor(a) @ T.tensor(b),
    "row @ matrix": lambda T, a, b: T.tensor(a[None]) @ T.tensor(b),
    "mm": lambda T, a, b: T.mm(T.tensor(a[None]), T.tensor(b)),
    "bmm": lambda T, a, b: T.bmm(
        T.tensor(np.stack([a[None], -a[None]])), T.tensor(np.stack([b, b]))
    ),
    "batched matmul": lambda T, a, b: T.tensor(a[None, None]) @ T.tensor(b[None]),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_row_products_are_pytorchs(name: str, shape: tuple[int, int], dtype: str) -> None:
    k, n = shape
    a = _RNG.standard_normal(k).astype(dtype)
    b = _RNG.standard_normal((k, n)).astype(dtype)
    expected = PRODUCTS[name](torch, a, b).numpy()
    got = PRODUCTS[name](rungrad, a, b).numpy()
    assert got.dtype == expected.dtype and np.array_equal(got, expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_weight_gradient_of_one_output_is_pytorchs(dtype: str) -> None:
    # The weight gradient of Linear(k, 1) is grad.T (1 x N) times the inputs (N x k).
    inputs = _RNG.standard_normal((200, 7)).astype(dtype)
    upstream = _RNG.standard_normal((200, 1)).astype(dtype)
    weight = _RNG.standard_normal((1, 7)).astype(dtype)
    grads = []
    for T in (torch, rungrad):
        w = T.tensor(weight, requires_grad=True)
        (T.tensor(inputs) @ w.t()).backward(T.tensor(upstream))
        grads.append(w.grad.numpy())
    assert np.array_equal(grads[0], grads[1])


def test_a_regression_loop_prints_pytorchs_losses() -> None:
    # Linear(3, 1), MSE, SGD: every printed loss and gradient to the last digit.
    def run(T: Any) -> list[float]:
        T.manual_seed(0)
        x = T.randn(100, 3)
        y = x @ T.tensor([[1.5], [-2.0], [0.7]]) + 0.1 * T.randn(100, 1)
        model = T.nn.Linear(3, 1)
        optimizer = T.optim.SGD(model.parameters(), lr=0.05)
        printed = []
        for _ in range(60):
            optimizer.zero_grad()
            loss = T.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            printed += [loss.item(), model.weight.grad.sum().item()]
        return printed

    assert run(rungrad) == run(torch)
