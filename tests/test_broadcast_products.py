"""Matrix products with a broadcast factor (NOTE [Products with broadcast factors] in linalg.py).

A factor whose rows (or columns) are all one row (or column) is multiplied as that row (or
column) once. Such factors come from the backward of sum, mean and expand, and from expanded
inputs in the forward. The values, gradients and layouts must be PyTorch's whichever factor
is broadcast and whichever is stored transposed, non-finite values included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

RNG = np.random.default_rng(0)
A = RNG.standard_normal((5, 4))
B = RNG.standard_normal((4, 3))


def _grads(T: Any, loss: Callable[[Any, Any], Any], a: np.ndarray, b: np.ndarray, layout: str):
    """The loss and the leaves' gradients; ``layout`` stores a factor transposed."""
    x = T.tensor(a.T.copy() if layout == "a transposed" else a, requires_grad=True)
    y = T.tensor(b.T.copy() if layout == "b transposed" else b, requires_grad=True)
    left = x.t() if layout == "a transposed" else x
    right = y.t() if layout == "b transposed" else y
    out = loss(left, right)
    out.backward()
    return out.detach().numpy(), x.grad.numpy(), y.grad.numpy()


LOSSES = {
    "sum": lambda a, b: (a @ b).sum(),
    "mean": lambda a, b: (a @ b).mean(),
    "sum of rows": lambda a, b: (a @ b).sum(0).pow(2).sum(),  # gradient: rows repeat
    "sum of columns": lambda a, b: (a @ b).sum(1).pow(2).sum(),  # gradient: columns repeat
    "expanded row": lambda a, b: (a[:1].expand(6, 4) @ b).tanh().sum(),
    "expanded column": lambda a, b: (a @ b[:, :1].expand(4, 7)).tanh().sum(),
    "linear": lambda a, b: _linear(a, b).sum(),  # nn.functional.linear: addmm
}


def _linear(a: Any, b: Any) -> Any:
    library = torch if isinstance(a, torch.Tensor) else rungrad
    bias = library.ones(b.shape[1], dtype=a.dtype)
    return library.nn.functional.linear(a[:1].expand(3, 4), b.t(), bias)


@pytest.mark.parametrize("layout", ["plain", "a transposed", "b transposed"])
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_values_and_gradients_match_torch(loss: str, layout: str) -> None:
    expected = _grads(torch, LOSSES[loss], A, B, layout)
    result = _grads(rungrad, LOSSES[loss], A, B, layout)
    for got, want in zip(result, expected):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_non_finite_values(value: float) -> None:
    a, b = A.copy(), B.copy()
    b[1, 2] = value
    expected = _grads(torch, LOSSES["sum"], a, b, "plain")
    result = _grads(rungrad, LOSSES["sum"], a, b, "plain")
    for got, want in zip(result, expected):
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_results_are_contiguous_writable_matrices() -> None:
    a = rungrad.tensor(A, requires_grad=True)
    b = rungrad.tensor(B, requires_grad=True)
    (a @ b).sum().backward()
    for grad in (a.grad, b.grad):
        assert grad.is_contiguous() and grad.stride() == (grad.shape[1], 1)
        grad.add_(1)  # its own memory, not a read-only broadcast
    product = rungrad.ones(1, 4, dtype=rungrad.float64).expand(5, 4) @ rungrad.tensor(B)
    assert product.is_contiguous()
    product[0, 0] = 7.0
    assert product[1, 0].item() != 7.0


def test_hooks_may_modify_the_gradient_in_place() -> None:
    for T in (torch, rungrad):
        a = T.tensor(A, requires_grad=True)
        b = T.tensor(B, requires_grad=True)
        product = a @ b
        product.register_hook(lambda grad: None)
        a.register_hook(lambda grad: grad.mul_(2))
        product.sum().backward()
        if T is torch:
            expected = a.grad.numpy()
        else:
            np.testing.assert_allclose(a.grad.numpy(), expected, rtol=1e-12)


def test_second_order() -> None:
    results = []
    for T in (torch, rungrad):
        a = T.tensor(A, requires_grad=True)
        b = T.tensor(B, requires_grad=True)
        (grad_a,) = T.autograd.grad((a @ b).sum(), a, create_graph=True)
        (grad_b,) = T.autograd.grad((grad_a * a).sum(), b)
        results.append(grad_b.numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-12)


def test_gradcheck() -> None:
    a = rungrad.tensor(A, requires_grad=True)
    b = rungrad.tensor(B, requires_grad=True)
    assert rungrad.autograd.gradcheck(lambda a, b: (a @ b).sum(), (a, b))
    assert rungrad.autograd.gradcheck(lambda a, b: (a[:1].expand(3, 4) @ b).sum(1), (a, b))
