"""Details of activations and dropout that PyTorch fixes: gradients at the kinks, the
warning for softmax without ``dim``, alpha dropout and channel shuffle as layers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

from .test_backward_hooks import same


@pytest.mark.parametrize("name", ["hardswish", "hardsigmoid", "relu6", "hardtanh"])
def test_gradients_at_the_kinks_match_torch(name: str):
    points = [-3.0, -3.0001, -1.0, 0.0, 1.0, 2.9999, 3.0, 3.0001, 6.0]
    grads = []
    for library in (torch, rungrad):
        x = library.tensor(points, requires_grad=True)
        getattr(library.nn.functional, name)(x).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-6)


@pytest.mark.parametrize(
    "call",
    [
        "F.softmax(x)",
        "F.log_softmax(x)",
        "F.softmin(x)",
        "nn.Softmax()(x)",
        "nn.LogSoftmax()(x)",
        "nn.Softmin()(x)",
        "F.softmax(x[0])",
        "F.softmax(x.reshape(2, 1, 3))",
        "F.softmax(x, dim=0)",
        "F.softmin(x, 1)",
    ],
)
def test_softmax_without_dim_warns_and_picks_torchs_dim(call: str):
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
        emit(eval(call, {"F": torch.nn.functional, "nn": torch.nn, "x": x}))

    same(program)


def test_alpha_dropout_layer_and_function():
    def program(torch: Any, emit: Any) -> None:
        layer = torch.nn.AlphaDropout(0.2)
        emit(layer, torch.nn.AlphaDropout(0.3, inplace=True))
        layer.eval()
        x = torch.tensor([1.0, -2.0, 3.0])
        emit(layer(x), torch.nn.functional.alpha_dropout(x, 0.5, training=False))
        emit(torch.nn.functional.alpha_dropout(x, 1.0, training=True))
        emit(torch.nn.functional.alpha_dropout(x, 0.0, training=True))
        torch.nn.AlphaDropout(1.5)

    same(program)


def test_alpha_dropout_keeps_mean_and_variance():
    x = rungrad.randn(200000)
    y = rungrad.nn.functional.alpha_dropout(x, 0.2, training=True)
    assert abs(float(y.mean())) < 0.02
    assert abs(float(y.std()) - 1.0) < 0.02


def test_channel_shuffle_layer():
    def program(torch: Any, emit: Any) -> None:
        layer = torch.nn.ChannelShuffle(2)
        emit(layer)
        x = torch.arange(16.0).reshape(1, 4, 2, 2).requires_grad_()
        y = layer(x)
        emit(y, y.grad_fn.name())
        y.backward(torch.arange(16.0).reshape(1, 4, 2, 2))
        emit(x.grad)

    same(program)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("size", [3, 8, 16, 20, 37])
def test_shrinks_keep_nan_and_torchs_signed_zeros(dtype: str, size: int):
    """softshrink's band gives -0.0 for negative inputs outside PyTorch's vectorised loop and
    +0.0 inside it (so the printed sign matches); both shrinks keep nan."""

    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-1, 1, size, dtype=getattr(torch, dtype))
        x[size // 2] = float("nan")
        emit(torch.nn.functional.softshrink(x, 0.5), torch.nn.functional.hardshrink(x, 0.3))
        emit(torch.nn.functional.softshrink(x, 0.5).tolist())
        emit(torch.nn.functional.softshrink(x.reshape(-1, 1).expand(size, 2).t(), 0.5).tolist())

    same(program)
