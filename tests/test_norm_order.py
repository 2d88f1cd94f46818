"""Vector norms add in PyTorch's CPU order (NOTE [PyTorch's norm order]), so a printed norm
— ``clip_grad_norm_``'s return value, ``x.norm()``, ``F.normalize`` — shows PyTorch's
digits, bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

_SHAPES_AND_DIMS = [
    ((1,), None),
    ((7,), None),
    ((13,), None),
    ((1000,), None),
    ((64, 32), None),
    ((10, 7), 1),
    ((3, 31), -1),
    ((5, 12), 0),
    ((4, 3, 9), (1, 2)),
    ((4, 3, 9), (0, 1)),
    ((4, 3, 9), (0, 2)),
    ((6, 5), (0, 1)),
    ((40000,), None),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("ord", [2, 1, 3, 0.5, -1])
@pytest.mark.parametrize(("shape", "dim"), _SHAPES_AND_DIMS)
def test_vector_norm_is_bit_exact(shape: tuple[int, ...], dim: Any, ord: float, dtype: str):
    rng = np.random.default_rng(len(shape) * 31 + int(np.prod(shape)))
    data = (rng.standard_normal(shape) * 2).astype(dtype)
    for keepdim in (False, True):
        expected = torch.linalg.vector_norm(torch.tensor(data), ord, dim, keepdim).numpy()
        got = rungrad.linalg.vector_norm(rungrad.tensor(data), ord, dim, keepdim).numpy()
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_tensor_norm_forms_are_bit_exact(dtype: str):
    rng = np.random.default_rng(5)
    data = rng.standard_normal((9, 21)).astype(dtype)
    for form in (
        lambda t, x: x.norm(),
        lambda t, x: x.norm(dim=1),
        lambda t, x: x.norm(p=1, dim=0),
        lambda t, x: t.norm(x, dim=-1, keepdim=True),
        lambda t, x: t.linalg.norm(x[0]),
        lambda t, x: t.nn.functional.normalize(x, dim=1),
        lambda t, x: t.nn.functional.normalize(x, p=1, dim=0),
        lambda t, x: x.t().contiguous().norm(dim=0),
    ):
        expected = form(torch, torch.tensor(data)).numpy()
        np.testing.assert_array_equal(form(rungrad, rungrad.tensor(data)).numpy(), expected)


def test_a_transposed_input_keeps_its_values():
    """Non-contiguous inputs keep NumPy's order: close to PyTorch's, not claimed exact."""
    data = np.random.default_rng(2).standard_normal((6, 11)).astype("float32")
    expected = torch.tensor(data).t().norm(dim=1).numpy()
    got = rungrad.tensor(data).t().norm(dim=1).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-6)


@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, "inf"])
def test_clip_grad_norm_returns_pytorchs_total(norm_type: Any):
    def program(torch: Any, emit: Any) -> None:
        generator = np.random.default_rng(0)
        parameters = []
        for shape in [(64, 32), (32,), (10, 64), (10,), (1000,)]:
            parameter = torch.zeros(shape, requires_grad=True)
            parameter.grad = torch.tensor(generator.standard_normal(shape).astype("float32") * 3)
            parameters.append(parameter)
        total = torch.nn.utils.clip_grad_norm_(parameters, 1.0, norm_type=norm_type)
        emit(total.item())
        emit([parameter.grad.sum().item() for parameter in parameters])
        emit(torch.nn.utils.clip_grad_norm_(parameters, 0.5).item())

    same(program)
