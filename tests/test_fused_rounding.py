"""Fused multiply-adds round as PyTorch's CPU kernels: ``add``/``sub`` with ``alpha`` on
float64, ``addcmul`` and ``lerp`` on float32 and float64 (one rounding), ``addcdiv`` as
``self + (value * tensor1) / tensor2`` — so float64 optimizer steps and the public ops give
PyTorch's values bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

_DTYPES = ["float32", "float64"]


def _operands(dtype: str, size: int = 4001) -> list[np.ndarray]:
    rng = np.random.default_rng(3)
    return [rng.standard_normal(size).astype(dtype) for _ in range(3)]


_OPS: dict[str, Any] = {
    "add_alpha": lambda t, a, b, c: t.add(a, b, alpha=-0.01),
    "sub_alpha": lambda t, a, b, c: t.sub(a, b, alpha=0.37),
    "add_alpha_inplace": lambda t, a, b, c: a.clone().mul_(0.9).add_(b, alpha=0.1),
    "addcmul": lambda t, a, b, c: t.addcmul(a, b, c, value=0.001),
    "addcmul_minus_one": lambda t, a, b, c: a.clone().addcmul_(b, c, value=-1),
    "addcmul_one": lambda t, a, b, c: t.addcmul(a, b, c),
    "addcdiv": lambda t, a, b, c: t.addcdiv(a, b, c, value=0.001),
    "lerp_small": lambda t, a, b, c: t.lerp(a, b, 0.1),
    "lerp_large": lambda t, a, b, c: t.lerp(a, b, 0.9),
    "lerp_inplace": lambda t, a, b, c: a.clone().lerp_(b, 0.25),
    "lerp_tensor_weight": lambda t, a, b, c: t.lerp(a, b, c.abs() / 2),
    "lerp_broadcast": lambda t, a, b, c: t.lerp(a[:12].view(3, 4), b[:4], 0.7),
}


@pytest.mark.parametrize("dtype", _DTYPES)
@pytest.mark.parametrize("name", sorted(_OPS))
def test_fused_ops_are_bit_exact(name: str, dtype: str) -> None:
    arrays = _operands(dtype)
    expected = _OPS[name](torch, *(torch.tensor(a) for a in arrays)).numpy()
    got = _OPS[name](rungrad, *(rungrad.tensor(a) for a in arrays)).numpy()
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_float64_fma_at_extremes() -> None:
    values = [0.0, -0.0, 1e300, -1e300, 1e-300, float("inf"), float("-inf"), float("nan"), 3.5]
    a = np.array(values * len(values))
    b = np.repeat(np.array(values), len(values))
    expected = torch.tensor(a).add(torch.tensor(b), alpha=1e10).numpy()
    got = rungrad.tensor(a).add(rungrad.tensor(b), alpha=1e10).numpy()
    np.testing.assert_array_equal(got, expected)
    expected = torch.tensor(a).lerp(torch.tensor(b), 0.3).numpy()
    got = rungrad.tensor(a).lerp(rungrad.tensor(b), 0.3).numpy()
    np.testing.assert_array_equal(got, expected)


_OPTIMIZERS: dict[str, Any] = {
    "Adam": lambda t, ps: t.optim.Adam(ps, lr=0.1),
    "AdamW": lambda t, ps: t.optim.AdamW(ps, lr=0.1),
    "Adam_amsgrad": lambda t, ps: t.optim.Adam(ps, lr=0.1, amsgrad=True, weight_decay=0.1),
    "RMSprop": lambda t, ps: t.optim.RMSprop(ps, lr=0.01),
    "RMSprop_centered": lambda t, ps: t.optim.RMSprop(
        ps, lr=0.01, momentum=0.5, centered=True, weight_decay=0.1
    ),
    "Adagrad": lambda t, ps: t.optim.Adagrad(ps, lr=0.5, lr_decay=0.01, weight_decay=0.1),
    "Adadelta": lambda t, ps: t.optim.Adadelta(ps, lr=1.0),
    "NAdam": lambda t, ps: t.optim.NAdam(ps, lr=0.1),
    "RAdam": lambda t, ps: t.optim.RAdam(ps, lr=0.1),
    "SGD_nesterov": lambda t, ps: t.optim.SGD(
        ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01
    ),
}


@pytest.mark.parametrize("name", sorted(_OPTIMIZERS))
def test_float64_regression_prints_like_pytorch(name: str) -> None:
    """A linear fit in float64 with every optimizer: losses and parameters printed in full."""

    def program(torch: Any, emit: Any) -> None:
        generator = np.random.default_rng(0)
        x = torch.tensor(generator.standard_normal(100))
        y = 3 * x + 2 + 0.5 * torch.tensor(generator.standard_normal(100))
        w = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        optimizer = _OPTIMIZERS[name](torch, [w, b])
        for epoch in range(30):
            loss = ((w * x + b - y) ** 2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if epoch % 5 == 4:
                emit(epoch, loss.item(), w.item(), b.item())

    same(program)
