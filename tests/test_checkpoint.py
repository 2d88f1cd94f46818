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


def test_the_non_reentrant_variant_recomputes_once_in_backward() -> None:
    """The forward records the function's graph; the first unpack in backward runs it once
    more, whatever the number of saved tensors; autograd.grad runs it again."""

    def run(T: Any) -> list[Any]:
        calls: list[bool] = []

        def function(a: Any, b: Any, scale: float = 1.0) -> Any:
            calls.append(T.is_grad_enabled())
            h = T.tanh(a @ b) * scale
            return h.exp().sum(dim=0), h

        rng = np.random.default_rng(0)
        a = T.tensor(rng.standard_normal((3, 4)), requires_grad=True)
        b = T.tensor(rng.standard_normal((4, 2)), requires_grad=True)
        cp = _checkpoint_module(T)
        out, h = cp.checkpoint(function, a, b, use_reentrant=False, scale=2.0)
        lines: list[Any] = [list(calls), type(out.grad_fn).__name__, type(h.grad_fn).__name__]
        (out.sum() + h.sum()).backward()
        lines += [list(calls), np.round(a.grad.numpy(), 10).tolist()]
        lines.append(np.round(b.grad.numpy(), 10).tolist())
        (grad,) = T.autograd.grad(cp.checkpoint(function, a, b, use_reentrant=False)[0].sum(), a)
        lines += [list(calls), np.round(grad.numpy(), 10).tolist()]
        return lines

    assert run(rungrad) == run(torch)


def test_the_non_reentrant_variant_keeps_no_activations() -> None:
    import weakref

    refs: list[Any] = []

    def function(a: Any) -> Any:
        h = a.exp()
        refs.append(weakref.ref(h))
        return h.sin()  # sin saves h: without the checkpoint the graph keeps it

    x = rungrad.tensor([0.5, -1.0], requires_grad=True)
    y = function(x)
    assert refs[-1]() is not None
    y = rungrad.utils.checkpoint.checkpoint(function, x, use_reentrant=False)
    assert refs[-1]() is None
    y.sum().backward()
    expected = np.cos(np.exp([0.5, -1.0])) * np.exp([0.5, -1.0])
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("early_stop", [True, False])
@pytest.mark.parametrize("change", ["fewer", "more", "shape", "dtype"])
def test_the_recomputation_must_save_what_the_forward_saved(early_stop: bool, change: str) -> None:
    def run(T: Any) -> list[Any]:
        recomputing = [False]

        def function(a: Any) -> Any:
            y = a.sin()
            if change == "fewer" and not recomputing[0]:
                y = y.exp()
            if change == "more" and recomputing[0]:
                y = y.exp().cos()
            if change == "shape" and recomputing[0]:
                return a.repeat(2).sin().sum()
            if change == "dtype" and recomputing[0]:
                return a.float().sin().sum()
            return y * 2

        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        out = _checkpoint_module(T).checkpoint(
            function, x, use_reentrant=False, early_stop=early_stop
        )
        recomputing[0] = True
        try:
            out.sum().backward()
        except RuntimeError as error:
            # the message, without PyTorch's tips on its debug mode and torch.compile
            return [type(error).__name__, *str(error).split("\n\n")[0].splitlines()]
        return [np.round(x.grad.numpy(), 12).tolist()]

    assert run(rungrad) == run(torch)


def test_the_recomputation_sees_the_same_random_numbers() -> None:
    def function(a: Any) -> Any:
        return rungrad.nn.functional.dropout(a, 0.5) * a

    rungrad.manual_seed(0)
    x = rungrad.ones(64, requires_grad=True)
    y = rungrad.utils.checkpoint.checkpoint(function, x, use_reentrant=False)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), 2 * y.detach().numpy())  # 4 where kept, 0
    assert 0 < np.count_nonzero(y.detach().numpy()) < 64


def test_the_non_reentrant_variant_twice_differentiable_and_retained() -> None:
    def run(T: Any) -> list[Any]:
        cp = _checkpoint_module(T)
        x = T.tensor([0.3, 0.7], dtype=T.float64, requires_grad=True)
        y = cp.checkpoint(lambda t: (t**3).sum(), x, use_reentrant=False)
        (g,) = T.autograd.grad(y, x, create_graph=True)
        (gg,) = T.autograd.grad(g.sum(), x)
        z = cp.checkpoint(lambda t: (t.exp() ** 2).sum(), x, use_reentrant=False)
        z.backward(retain_graph=True)
        z.backward()
        return [np.round(v.detach().numpy(), 10).tolist() for v in (g, gg, x.grad)]

    assert run(rungrad) == run(torch)
