"""``add``/``sub`` with ``alpha`` on float32 round like PyTorch: once, as a fused
multiply-add with alpha in float32 — so optimizer updates (``p.add_(g, alpha=-lr)``) land
on the same float32 values, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad


@pytest.mark.parametrize("alpha", [-0.05, 0.3, 1.7, -1e-3, 2, -1])
@pytest.mark.parametrize("shape", [(), (3,), (9,), (257,)])
@pytest.mark.parametrize("name", ["add", "sub", "add_", "sub_"])
def test_float32_alpha_is_bit_exact(name: str, shape: tuple[int, ...], alpha: float):
    rng = np.random.default_rng(len(shape) + 7)
    a = rng.standard_normal(shape).astype(np.float32)
    b = rng.standard_normal(shape).astype(np.float32)
    expected = getattr(torch.tensor(a), name)(torch.tensor(b), alpha=alpha).numpy()
    got = getattr(rungrad.tensor(a), name)(rungrad.tensor(b), alpha=alpha).numpy()
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "program",
    [
        "torch.ones(2, dtype=torch.float64).add(torch.ones(2), alpha=0.5)",
        "torch.ones(2).add(torch.ones(2, 1), alpha=0.5)",
        "torch.ones(2).sub(2.5, alpha=0.3)",
        "torch.arange(3).add(torch.arange(3), alpha=2)",
        "torch.ones(2, dtype=torch.float16).add(torch.ones(2), alpha=0.1)",
    ],
)
def test_other_dtypes_and_shapes_keep_their_results(program: str):
    expected = eval(program, {"torch": torch})
    got = eval(program, {"torch": rungrad})
    assert str(got.dtype).replace("rungrad", "torch") == str(expected.dtype)
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6)


def test_sgd_with_weight_decay_follows_torch_bit_for_bit():
    results = []
    for library in (torch, rungrad):
        w = library.tensor([1.0, -2.0, 0.5], requires_grad=True)
        optimizer = library.optim.SGD([w], lr=0.05, weight_decay=0.1, momentum=0.9, nesterov=True)
        for _ in range(5):
            optimizer.zero_grad()
            ((w * library.tensor([1.0, 2.0, 3.0]) - 1.0) ** 2).sum().backward()
            optimizer.step()
        results.append(w.detach().numpy())
    np.testing.assert_array_equal(results[1], results[0])
