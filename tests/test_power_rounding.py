"""Powers of float tensors by a number, bit for bit against PyTorch: the powers its kernel
multiplies out (x ** 3 as (x * x) * x, x ** -2 as 1 / (x * x), x ** -0.5 as rsqrt), and the
gradients that use them (NOTE [Powers PyTorch multiplies out])."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("exponent", [2, 3, 3.0, -2, -2.0, -1, -0.5, 1, 0])
def test_multiplied_out_powers(dtype: str, exponent: float) -> None:
    values = (np.random.default_rng(7).standard_normal(4000) * 3).astype(dtype)
    values[:4] = [0.0, -0.0, np.inf, -np.inf]
    with np.errstate(all="ignore"):
        expected = (torch.from_numpy(values) ** exponent).numpy()
        actual = (rungrad.tensor(values) ** exponent).numpy()
    assert actual.dtype == expected.dtype
    assert np.array_equal(actual, expected, equal_nan=True)
    assert np.array_equal(np.signbit(actual), np.signbit(expected))


@pytest.mark.parametrize("exponent", [2, 3, 4, -1])
def test_power_gradients(exponent: int) -> None:
    values = np.linspace(0.3, 3.1, 500, dtype=np.float32)
    grads = []
    for library in (torch, rungrad):
        x = library.tensor(values, requires_grad=True)
        (x**exponent * library.tensor(values[::-1].copy())).sum().backward()
        grads.append(x.grad.numpy())
    assert np.array_equal(grads[1], grads[0])


def test_polynomial_fit_steps_match() -> None:
    """The tutorial's cubic fit by hand: a few hundred steps print the same losses."""
    losses = []
    for library in (torch, rungrad):
        x = library.linspace(-3.0, 3.0, 2000)
        y = x * 0.8 - x**3 * 0.09
        a, b, c, d = (library.tensor(v, requires_grad=True) for v in (0.5, -0.2, 0.3, 0.1))
        run = []
        for _ in range(300):
            loss = (a + b * x + c * x**2 + d * x**3 - y).pow(2).sum()
            loss.backward()
            run.append(loss.item())
            with library.no_grad():
                for p in (a, b, c, d):
                    p -= 1e-6 * p.grad
                    p.grad = None
        losses.append(run)
    assert losses[1] == losses[0]
