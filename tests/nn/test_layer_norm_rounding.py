"""Layer norm's forward is PyTorch's CPU values bit for bit (NOTE [Layer norm's moments]):
row moments by vectorised Welford chunks, ``rstd`` in the dtype, and the affine step as one
fused multiply-add — so a transformer block or an MLP with LayerNorm prints PyTorch's
activations and losses."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

_SHAPES = [
    ((4, 100), (100,)),
    ((2, 3, 31), (31,)),
    ((2, 3, 4, 5), (4, 5)),
    ((3, 300), (300,)),
    ((5, 768), (768,)),
    ((2, 7), (7,)),
    ((6, 16), (16,)),
    ((2, 1000), (1000,)),
]


def _arrays(shape: tuple[int, ...], normalized: tuple[int, ...], dtype: str) -> list[np.ndarray]:
    rng = np.random.default_rng(int(np.prod(shape)))
    x = (rng.standard_normal(shape) * 2 + 0.3).astype(dtype)
    weight = rng.uniform(0.5, 1.5, normalized).astype(dtype)
    bias = rng.uniform(-0.5, 0.5, normalized).astype(dtype)
    return [x, weight, bias]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("affine", ["both", "weight", "bias", "none"])
@pytest.mark.parametrize(("shape", "normalized"), _SHAPES)
def test_layer_norm_forward_is_bit_exact(shape: Any, normalized: Any, affine: str, dtype: str):
    x, weight, bias = _arrays(shape, normalized, dtype)

    def run(library: Any) -> np.ndarray:
        w = library.tensor(weight) if affine in ("both", "weight") else None
        b = library.tensor(bias) if affine in ("both", "bias") else None
        return library.nn.functional.layer_norm(library.tensor(x), normalized, w, b).numpy()

    np.testing.assert_array_equal(run(rungrad), run(torch))


def test_non_contiguous_input_stays_close():
    x = np.random.default_rng(1).standard_normal((5, 4)).astype("float32")
    expected = torch.nn.functional.layer_norm(torch.tensor(x).t(), (5,)).numpy()
    got = rungrad.nn.functional.layer_norm(rungrad.tensor(x).t(), (5,)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_layer_norm_module_prints_like_pytorch():
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        block = torch.nn.Sequential(torch.nn.LayerNorm(12), torch.nn.ReLU(), torch.nn.LayerNorm(12))
        x = torch.randn(3, 12) * 3 + 1
        out = block(x)
        emit(out)
        emit(out.sum().item(), out.pow(2).mean().item())

    same(program)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("affine", ["both", "weight", "bias", "none"])
@pytest.mark.parametrize(
    ("shape", "groups"),
    [
        ((3, 4, 5), 2),
        ((2, 6, 4, 4), 3),
        ((4, 8, 7, 7), 4),
        ((2, 4), 2),
        ((2, 32, 8, 8), 8),
        ((2, 6, 3), 6),
        ((2, 6, 3), 1),
    ],
)
def test_group_norm_forward_is_bit_exact(shape: Any, groups: int, affine: str, dtype: str):
    """Group norm: layer norm's moments per (sample, group), rstd in double, and
    ``fma(x, rstd * weight, fma(-rstd * weight, mean, bias))``."""
    channels = shape[1]
    x, weight, bias = _arrays(shape, (channels,), dtype)

    def run(library: Any) -> np.ndarray:
        w = library.tensor(weight) if affine in ("both", "weight") else None
        b = library.tensor(bias) if affine in ("both", "bias") else None
        return library.nn.functional.group_norm(library.tensor(x), groups, w, b).numpy()

    np.testing.assert_array_equal(run(rungrad), run(torch))
