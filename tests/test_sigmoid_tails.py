"""sigmoid where exp(-x) overflows, and in float16: PyTorch's values, not the exact ones.

PyTorch computes 1 / (1 + exp(-x)): where exp(-x) overflows the result is exactly 0 (not the
subnormal the exact sigmoid would give), and float16 computes in float32, so sigmoid(-15)
in float16 is 3e-7 rather than the 0 of a float16 exp(15) overflow.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad

NAN, INF = float("nan"), float("inf")
TAILS = [-800.0, -745.0, -700.0, -100.0, -90.0, -88.0, -87.0, -50.0, -20.0, -15.0, -10.0,
         -1e-3, 0.0, -0.0, 1e-3, 15.0, 20.0, 100.0, NAN, INF, -INF]  # fmt: skip


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_sigmoid_tails_match_pytorch(dtype: str) -> None:
    values = np.array(TAILS, dtype=dtype)
    expected = torch.sigmoid(torch.from_numpy(values)).numpy()
    got = rungrad.sigmoid(rungrad.tensor(values)).numpy()
    assert got.dtype == expected.dtype
    # Zeros where PyTorch's are zero (no subnormal tail), and the same non-finite values.
    np.testing.assert_array_equal(got == 0, expected == 0)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    tiny = np.finfo(dtype).tiny  # below it, values are subnormal: compare them loosely
    np.testing.assert_allclose(got, expected, rtol=1e-3 if dtype == "float16" else 1e-6, atol=tiny)


def test_sigmoid_gradient_in_the_tails() -> None:
    values = np.array([-100.0, -20.0, 0.0, 20.0, 100.0], dtype=np.float32)
    x = torch.tensor(values, requires_grad=True)
    torch.sigmoid(x).sum().backward()
    y = rungrad.tensor(values, requires_grad=True)
    rungrad.sigmoid(y).sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), x.grad.numpy(), rtol=1e-6, atol=1e-30)
    assert y.grad.numpy()[0] == x.grad.numpy()[0] == 0.0
