"""var and std over some dims of a float32/float64 tensor are PyTorch's CPU values bit for
bit: Welford's running moments in double per output (``_moments_by_output``), the root in
double, rounded once — so a printed per-feature std (a normalisation step, BatchNorm-like
statistics computed by hand) shows PyTorch's digits."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

_CASES: list[Any] = [
    ((6, 7, 5), 1, {}),
    ((6, 7, 5), 2, {}),
    ((6, 7, 5), 0, {}),
    ((6, 7, 5), (0, 2), {}),
    ((6, 7, 5), (1, 2), {"keepdim": True}),
    ((6, 7, 5), -1, {"correction": 0}),
    ((100, 10), 0, {}),
    ((10, 100), 1, {}),
    ((3, 40), 1, {"unbiased": False}),
    ((6, 1), 1, {}),
    ((4, 9), 1, {"correction": 9}),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["var", "std", "var_mean", "std_mean"])
@pytest.mark.parametrize(("shape", "dim", "options"), _CASES)
def test_dim_reductions_are_bit_exact(shape: Any, dim: Any, options: Any, name: str, dtype: str):
    data = (np.random.default_rng(len(shape) + shape[0]).standard_normal(shape) * 2 + 0.5).astype(
        dtype
    )
    with warnings.catch_warnings():  # no degrees of freedom warns (tested elsewhere)
        warnings.simplefilter("ignore")
        expected = getattr(torch, name)(torch.tensor(data), dim, **options)
        got = getattr(rungrad, name)(rungrad.tensor(data), dim, **options)
    expected = expected if isinstance(expected, tuple) else (expected,)
    got = got if isinstance(got, tuple) else (got,)
    for mine, theirs in zip(got, expected):
        assert tuple(mine.shape) == tuple(theirs.shape)
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())


def test_gradient_and_printing_follow():
    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-1.5, 2.0, 12).view(4, 3).requires_grad_()
        std = x.std(1)
        std.sum().backward()
        emit(std, std.tolist())
        emit(x.grad)

    same(program)
