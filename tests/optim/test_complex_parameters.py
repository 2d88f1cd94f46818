"""Optimizers on complex parameters against PyTorch's: each part of a complex number is
its own coordinate (PyTorch updates the view_as_real of the parameter, gradient and state),
and the state stays complex."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

OPTIMIZERS = {
    "SGD": {"lr": 0.1},
    "SGD momentum nesterov": {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    "Adam": {"lr": 0.1},
    "Adam amsgrad weight decay": {"lr": 0.1, "amsgrad": True, "weight_decay": 0.1},
    "AdamW": {"lr": 0.1},
    "Adagrad": {"lr": 0.1},
    "RMSprop centered": {"lr": 0.01, "centered": True, "momentum": 0.5},
    "Adamax": {"lr": 0.1},
    "NAdam": {"lr": 0.1},
    "RAdam": {"lr": 0.1},
    "Adadelta": {"lr": 1.0},
    "Rprop": {"lr": 0.1},
    "ASGD": {"lr": 0.1},
}


def _train(T: Any, name: str) -> tuple[np.ndarray, dict[str, Any]]:
    options = OPTIMIZERS[name]
    z = T.tensor([1.0 + 1.0j, 0.5 - 2.0j, -0.25 + 0.75j], dtype=T.complex128, requires_grad=True)
    weights = T.tensor([2.0 - 1.0j, 1.0 + 0.5j, 0.3 + 0.0j], dtype=T.complex128)
    optimizer = getattr(T.optim, name.split()[0])([z], **options)
    for _ in range(4):
        optimizer.zero_grad()
        (T.fft.fft(z * weights).abs() ** 2).sum().backward()
        optimizer.step()
    state = {
        key: value.numpy() if isinstance(value, T.Tensor) else value
        for key, value in optimizer.state[z].items()
    }
    return z.detach().numpy(), state


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_updates_and_state_match_pytorch(name: str) -> None:
    expected, expected_state = _train(torch, name)
    actual, actual_state = _train(rungrad, name)
    np.testing.assert_allclose(actual, expected, rtol=1e-10, atol=1e-12)
    assert sorted(actual_state) == sorted(expected_state)
    for key, value in expected_state.items():
        if isinstance(value, np.ndarray):
            assert actual_state[key].dtype == value.dtype, key
            np.testing.assert_allclose(actual_state[key], value, rtol=1e-10, atol=1e-12)
