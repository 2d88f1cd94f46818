"""Activation checkpointing (``utils.checkpoint``) against PyTorch: output nodes, gradients
through backward and autograd.grad, the reentrant variant's refusal of autograd.grad, the
warning without ``use_reentrant``, and checkpoint_sequential."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _checkpoint_module(T: Any) -> Any:
    return importlib.import_module(f"{T.__name__}.utils.checkpoint")


def _function(a: Any, b: Any) -> Any:
    return (a.sin() * b).exp()


@pytest.mark.parametrize("options", [{"use_reentrant": False}, {"use_reentrant": True}, {}])
@pytest.mark.parametrize("through", ["backward", "grad", "backward(inputs)"])
def test_checkpoint(options: dict[str, Any], through: str) -> None:
    def run(T: Any) -> list[str]:
        lines = []
        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        y = T.tensor([1.5, 0.25, -0.75], dtype=T.float64, requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = _checkpoint_module(T).checkpoint(_function, x, y, **options)
        lines.append(f"{type(out.grad_fn).__name__} {out.requires_grad}")
        lines += [f"{w.category.__name__}: {w.message}" for w in caught]
        try:
            if through == "backward":
                out.sum().backward()
                gradients = [x.grad, y.grad]
            elif through == "grad":
                gradients = list(T.autograd.grad(out.sum(), [x, y]))
            else:
                out.sum().backward(inputs=[x])
                gradients = [x.grad]
            lines.append(str(np.round([g.detach().numpy() for g in gradients], 12).tolist()))
        except RuntimeError as error:
            lines.append(f"RuntimeError: {error}")
        return lines

    assert run(rungrad) == run(torch)


def test_the_reentrant_variant_recomputes_in_backward() -> None:
    calls = []

    def function(a: Any) -> Any:
        calls.append(rungrad.is_grad_enabled())
        return a.tanh() * 2

    x = rungrad.tensor([0.3, -0.7], requires_grad=True)
    out = rungrad.utils.checkpoint.checkpoint(function, x, use_reentrant=True)
    assert calls == [False]  # the forward records nothing
    out.sum().backward()
    assert calls == [False, True]  # backward runs it again, recording
    np.testing.assert_allclose(x.grad.numpy(), 2 * (1 - np.tanh([0.3, -0.7]) ** 2), rtol=1e-6)


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_checkpoint_sequential(use_reentrant: bool) -> None:
    def run(T: Any) -> Any:
        model = T.nn.Sequential(T.nn.Linear(3, 4), T.nn.Tanh(), T.nn.Linear(4, 2), T.nn.ReLU())
        rng = np.random.default_rng(0)
        with T.no_grad():
            for parameter in model.parameters():
                parameter.copy_(T.tensor(rng.standard_normal(tuple(parameter.shape))))
        x = T.tensor(rng.standard_normal((5, 3)), dtype=T.float32, requires_grad=True)
        cp = _checkpoint_module(T)
        out = cp.checkpoint_sequential(model, 2, x, use_reentrant=use_reentrant)
        out.sum().backward()
        return out.detach().numpy(), x.grad.numpy(), model[0].weight.grad.numpy()

    for actual, expected in zip(run(rungrad), run(torch)):
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)
