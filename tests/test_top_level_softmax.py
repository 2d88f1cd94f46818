"""``torch.softmax`` / ``torch.log_softmax`` (the top-level functions, dim required)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_top_level_softmax_matches_torch(name: str, dim: int) -> None:
    data = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    outputs, grads = [], []
    for library in (torch, rungrad):
        x = library.tensor(data, requires_grad=True)
        y = getattr(library, name)(x, dim, dtype=library.float64)
        (y * library.tensor(np.arange(12.0).reshape(3, 4))).sum().backward()
        assert str(y.dtype).split(".")[-1] == "float64"
        outputs.append(y.detach().numpy())
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(outputs[1], outputs[0], rtol=1e-12)
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-5, atol=1e-6)


def test_dim_is_required() -> None:
    with pytest.raises(TypeError):
        rungrad.softmax(rungrad.ones(2, 3))  # type: ignore[call-arg]
