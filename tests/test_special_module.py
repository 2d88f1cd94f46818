"""``rungrad.special`` against ``torch.special``: values, gradients and the graph's node
names (each function is the rungrad op PyTorch's records)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad

CALLS = {
    "expit": lambda S, x: S.expit(x),
    "logit": lambda S, x: S.logit(x),
    "logit_eps": lambda S, x: S.logit(x, eps=0.35),
    "erf": lambda S, x: S.erf(x),
    "erfc": lambda S, x: S.erfc(x),
    "erfinv": lambda S, x: S.erfinv(x),
    "gammaln": lambda S, x: S.gammaln(x),
    "digamma": lambda S, x: S.digamma(x),
    "psi": lambda S, x: S.psi(x),
    "polygamma": lambda S, x: S.polygamma(2, x),
    "xlogy": lambda S, x: S.xlogy(x, x + 1),
    "sinc": lambda S, x: S.sinc(x),
    "round": lambda S, x: S.round(x * 10),
    "round_decimals": lambda S, x: S.round(x, decimals=1),
    "exp2": lambda S, x: S.exp2(x),
    "expm1": lambda S, x: S.expm1(x),
    "log1p": lambda S, x: S.log1p(x),
    "softmax": lambda S, x: S.softmax(x.reshape(2, 2), 1),
    "log_softmax": lambda S, x: S.log_softmax(x.reshape(2, 2), 0, dtype=None),
    "logsumexp": lambda S, x: S.logsumexp(x.reshape(2, 2), 1, keepdim=True),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_matches_torch_special(name: str) -> None:
    results = []
    for library in (torch, rungrad):
        x = library.tensor([0.15, 0.3, 0.55, 0.8], dtype=library.float64, requires_grad=True)
        y = CALLS[name](library.special, x)
        weights = library.arange(1.0, y.numel() + 1, dtype=library.float64).reshape(y.shape)
        (y * weights).sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__))
    expected, got = results
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-12, atol=1e-14)
    # PyTorch's trigamma (digamma's derivative) is good to ~5e-10 relative; rungrad's, from
    # SciPy or its own series, is exact to double precision (checked against mpmath).
    np.testing.assert_allclose(got[1], expected[1], rtol=2e-9, atol=1e-14)
    assert got[2] == expected[2]


def test_the_same_names_as_torch_special() -> None:
    for name in rungrad.special.__all__:
        assert hasattr(torch.special, name), name
