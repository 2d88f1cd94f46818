"""float16 composites compute in float32 and round once, as PyTorch's CPU kernels do
(``half_in_float32``): NumPy would round every intermediate step to float16."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

_RNG = np.random.default_rng(0)
A = (_RNG.standard_normal((64, 48)) * 2).astype(np.float16)
B = _RNG.standard_normal((64, 48)).astype(np.float16)

# The most float16 units in the last place by which each result may differ from PyTorch's:
# 0 where every element is PyTorch's; softmax's exp and log are SLEEF's in PyTorch, and its
# sums run in another order. Rounding every step differed by up to 9 ulps (softmax), and in
# a quarter to a half of the elements (rsqrt, lerp, layer_norm, var, std).
CASES: dict[str, tuple[int, Callable[[Any, Any, Any], Any]]] = {
    "softmax": (1, lambda T, x, y: T.softmax(x, 1)),
    "log_softmax": (2, lambda T, x, y: T.log_softmax(x, 1)),
    "rsqrt": (0, lambda T, x, y: x.abs().rsqrt()),
    "addcmul": (0, lambda T, x, y: T.addcmul(x, x, y, value=0.3)),
    "lerp scalar": (0, lambda T, x, y: T.lerp(x, y, 0.3)),
    "lerp tensor": (0, lambda T, x, y: T.lerp(x, y, y.abs() / 4)),
    "layer_norm": (1, lambda T, x, y: T.nn.functional.layer_norm(x, (48,))),
    "var": (0, lambda T, x, y: x.var(1)),
    "std": (0, lambda T, x, y: x.std(0)),
    "mse_loss": (0, lambda T, x, y: T.nn.functional.mse_loss(x, y)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_float16_composites_round_once(name: str) -> None:
    allowed, case = CASES[name]
    expected = case(torch, torch.tensor(A), torch.tensor(B)).numpy()
    got = case(rungrad, rungrad.tensor(A), rungrad.tensor(B)).numpy()
    assert got.dtype == np.float16 and got.shape == expected.shape
    ulps = np.abs(expected.view(np.int16).astype(int) - got.view(np.int16).astype(int))
    assert ulps.max() <= allowed
    assert (ulps > 0).mean() < 0.15  # most elements are PyTorch's exactly


# Gradients: the backward kernels compute in float32 too.
GRADIENTS: dict[str, tuple[int, Callable[[Any, Any], Any]]] = {
    "tanh": (0, lambda T, x: x.tanh()),
    "softmax": (1, lambda T, x: T.softmax(x, 1)),
}


@pytest.mark.parametrize("name", sorted(GRADIENTS))
def test_float16_backward_kernels_round_once(name: str) -> None:
    allowed, case = GRADIENTS[name]
    grads = []
    for T in (torch, rungrad):
        x = T.tensor(A, requires_grad=True)
        case(T, x).backward(T.tensor(B))
        grads.append(x.grad.numpy())
    expected, got = grads
    assert got.dtype == np.float16
    ulps = np.abs(expected.view(np.int16).astype(int) - got.view(np.int16).astype(int))
    assert ulps.max() <= allowed
    assert (ulps > 0).mean() < 0.15


# Elementwise activations whose NumPy forward takes several steps compute in float32 too.
@pytest.mark.parametrize(
    "case",
    [
        lambda T, x, y: T.nn.functional.hardswish(x),
        lambda T, x, y: T.nn.functional.hardsigmoid(x),
        lambda T, x, y: T.nn.functional.leaky_relu(x, 0.1),
        lambda T, x, y: T.addcdiv(x, y, y.abs() + 1, value=0.3),
    ],
    ids=["hardswish", "hardsigmoid", "leaky_relu", "addcdiv"],
)
def test_float16_activations_round_once(case: Callable[[Any, Any, Any], Any]) -> None:
    expected = case(torch, torch.tensor(A), torch.tensor(B)).numpy()
    got = case(rungrad, rungrad.tensor(A), rungrad.tensor(B)).numpy()
    assert np.array_equal(got, expected)
