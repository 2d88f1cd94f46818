"""float16 and bfloat16 with a scalar operand, bit for bit against PyTorch (NOTE
[Reduced-precision scalars]): mul and div read a number, or a 0-d tensor of another dtype,
in float32 and round once; add and sub cast it to the tensor's dtype first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

# 2048 values: a multiple of every vector width, so that no element falls in the scalar
# tail loop of PyTorch's kernels (which rounds add's alpha product to float16 on its own).
VALUES = np.concatenate((np.linspace(0.1, 100.0, 1024), -np.geomspace(1e-4, 6e4, 1024))).astype(
    np.float16
)
OTHER = np.random.default_rng(0).standard_normal(2048).astype(np.float16) * np.float16(3)

CASES: dict[str, Callable[[Any, Any, Any], Any]] = {
    "x * 0.1": lambda T, x, y: x * 0.1,
    "0.1 * x": lambda T, x, y: 0.1 * x,
    "x * 3001": lambda T, x, y: x * 3001,
    "x / 0.7": lambda T, x, y: x / 0.7,
    "0.1 / x": lambda T, x, y: 0.1 / x,
    "mul(x, 1/3)": lambda T, x, y: T.mul(x, 1 / 3),
    "div(x, 2.7182818)": lambda T, x, y: T.div(x, 2.7182818),
    "x * 0-d float32": lambda T, x, y: x * T.tensor(0.1),
    "x * 0-d float64": lambda T, x, y: x * T.tensor(0.1, dtype=T.float64),
    "x / 0-d float32": lambda T, x, y: x / T.tensor(0.3),
    "x * 0-d int": lambda T, x, y: x * T.tensor(3001),
    "0-d float32 * x": lambda T, x, y: T.tensor(0.1) * x,
    "x * np.float64": lambda T, x, y: x * np.float64(0.1),
    "x.mul_(0.1)": lambda T, x, y: x.clone().mul_(0.1),
    "x.div_(0.7)": lambda T, x, y: x.clone().div_(0.7),
    "x *= 0-d": lambda T, x, y: x.clone().mul_(T.tensor(0.3)),
    "x + 0.1": lambda T, x, y: x + 0.1,
    "x - 1/3": lambda T, x, y: x - 1 / 3,
    "add(x, y, alpha=0.1)": lambda T, x, y: T.add(x, y, alpha=0.1),
    "sub(x, y, alpha=0.37)": lambda T, x, y: T.sub(x, y, alpha=0.37),
    "x.add_(y, alpha=-0.01)": lambda T, x, y: x.clone().add_(y, alpha=-0.01),
    "bfloat16 * 0.1": lambda T, x, y: (x.bfloat16() * 0.1).float(),
    "bfloat16 * 0-d": lambda T, x, y: (x.bfloat16() * T.tensor(0.1)).float(),
    "bfloat16 / 0-d": lambda T, x, y: (x.bfloat16() / T.tensor(0.3, dtype=T.float64)).float(),
    "bfloat16 + 0-d": lambda T, x, y: (x.bfloat16() + T.tensor(0.1)).float(),
}


def _bits(result: Any) -> np.ndarray:
    return np.asarray(result.detach().numpy())


@pytest.mark.parametrize("name", sorted(CASES))
def test_float16_scalar_arithmetic_is_pytorchs(name: str) -> None:
    case = CASES[name]
    expected = case(torch, torch.tensor(VALUES), torch.tensor(OTHER))
    got = case(rungrad, rungrad.tensor(VALUES), rungrad.tensor(OTHER))
    assert str(got.dtype).split(".")[-1] == str(expected.dtype).split(".")[-1]
    np.testing.assert_array_equal(_bits(got), _bits(expected))


def test_the_gradients_of_scaled_float16_are_pytorchs() -> None:
    grads = []
    for T in (torch, rungrad):
        x = T.tensor(VALUES[:1024], requires_grad=True)
        ((x * 0.3 / 0.7) ** 3 / 3.5).sum().backward()
        grads.append(_bits(x.grad))
    np.testing.assert_array_equal(grads[1], grads[0])
