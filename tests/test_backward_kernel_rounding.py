"""Backward kernels round as PyTorch's CPU kernels do, to the last bit.

Each case feeds rungrad and PyTorch the same forward values (PyTorch's forward results are
taken as the saved outputs, so that a transcendental forward cannot hide or cause a
difference) and the same upstream gradient, and asks for bit-identical gradients. The orders
were found against PyTorch: sigmoid's (grad * (1 - y)) * y, tanh's fused 1 - y * y, the
losses' (scale * slope) * grad, softmax's sums by vector lanes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad
from rungrad._ops import activation, backward_ops, loss, nn
from rungrad._ops.reduction import lane_row_sums

aten = torch.ops.aten
_RNG = np.random.default_rng(7)
DTYPES = ["float32", "float64", "float16"]
SHAPE = (64, 48)


def _arrays(dtype: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = (_RNG.standard_normal(SHAPE) * 2).astype(dtype)
    target = _RNG.standard_normal(SHAPE).astype(dtype)
    grad = _RNG.standard_normal(SHAPE).astype(dtype)
    return x, target, grad


def _t(array: Any) -> torch.Tensor:
    return torch.tensor(array)


# name -> (PyTorch's kernel, rungrad's kernel), each a function of (x, target, grad).
KERNELS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "sigmoid_backward": (
        lambda x, t, g: aten.sigmoid_backward(_t(g), torch.sigmoid(_t(x))),
        lambda x, t, g: backward_ops.sigmoid_backward.forward(g, torch.sigmoid(_t(x)).numpy()),
    ),
    "tanh_backward": (
        lambda x, t, g: aten.tanh_backward(_t(g), torch.tanh(_t(x))),
        lambda x, t, g: backward_ops.tanh_backward.forward(g, torch.tanh(_t(x)).numpy()),
    ),
    "hardswish_backward": (
        lambda x, t, g: aten.hardswish_backward(_t(g), _t(x)),
        lambda x, t, g: activation.hardswish_backward.forward(g, x),
    ),
    "leaky_relu_backward": (
        lambda x, t, g: aten.leaky_relu_backward(_t(g), _t(x), 0.1, False),
        lambda x, t, g: backward_ops.leaky_relu_backward.forward(g, x, 0.1),
    ),
    "elu_backward of the result": (
        lambda x, t, g: aten.elu_backward(
            _t(g), 1.3, 1.05, 1.0, True, torch.nn.functional.elu(_t(x), 1.3) * 1.05
        ),
        lambda x, t, g: activation.elu_backward.forward(
            g, 1.3, 1.05, 1.0, True, (torch.nn.functional.elu(_t(x), 1.3) * 1.05).numpy()
        ),
    ),
    "softmax_backward_data": (
        lambda x, t, g: aten._softmax_backward_data(_t(g), torch.softmax(_t(x), 1), 1, _t(x).dtype),
        lambda x, t, g: nn.softmax_backward_data.forward(g, torch.softmax(_t(x), 1).numpy(), 1),
    ),
}
# The losses' kernels, for each reduction (PyTorch's enum: 0 none, 1 mean, 2 sum); a mean's
# or a sum's upstream gradient is one number.
for _code, _reduction in enumerate(("none", "mean", "sum")):

    def _upstream(g: np.ndarray, code: int = _code) -> np.ndarray:
        return g if code == 0 else g[0, 0]

    KERNELS[f"mse_loss_backward {_reduction}"] = (
        lambda x, t, g, c=_code: aten.mse_loss_backward(_t(_upstream(g, c)), _t(x), _t(t), c),
        lambda x, t, g, c=_code, r=_reduction: loss.mse_loss_backward.forward(
            _upstream(g, c), x, t, r
        ),
    )
    KERNELS[f"huber_loss_backward {_reduction}"] = (
        lambda x, t, g, c=_code: aten.huber_loss_backward(
            _t(_upstream(g, c)), _t(x), _t(t), c, 0.7
        ),
        lambda x, t, g, c=_code, r=_reduction: loss.huber_loss_backward.forward(
            _upstream(g, c), x, t, r, 0.7
        ),
    )
    KERNELS[f"smooth_l1_loss_backward {_reduction}"] = (
        lambda x, t, g, c=_code: aten.smooth_l1_loss_backward(
            _t(_upstream(g, c)), _t(x), _t(t), c, 0.3
        ),
        lambda x, t, g, c=_code, r=_reduction: loss.smooth_l1_loss_backward.forward(
            _upstream(g, c), x, t, r, 0.3
        ),
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(KERNELS))
def test_backward_kernel_is_pytorchs_to_the_bit(name: str, dtype: str) -> None:
    theirs, ours = KERNELS[name]
    x, target, grad = _arrays(dtype)
    expected = theirs(x, target, grad).numpy()
    got = np.asarray(ours(x, target, grad))
    assert got.dtype == expected.dtype and got.shape == expected.shape
    mismatched = np.flatnonzero(got != expected)
    assert mismatched.size == 0, (mismatched.size, got.flat[mismatched[:3]])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("scale", [0.01, 0.7, 3.0])
def test_tanh_backward_is_fused_where_it_cancels(dtype: str, scale: float) -> None:
    # |y| near 1 makes 1 - y * y cancel: an unfused square loses the bits PyTorch keeps.
    x = (_RNG.standard_normal(100_000) * scale).astype(dtype)
    grad = _RNG.standard_normal(100_000).astype(dtype)
    y = torch.tanh(_t(x))
    expected = aten.tanh_backward(_t(grad), y).numpy()
    got = backward_ops.tanh_backward.forward(grad, y.numpy())
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("count", [*range(1, 20), 24, 31, 48, 100, 1000])
def test_lane_row_sums_are_pytorchs_softmax_sums(dtype: str, count: int) -> None:
    # softmax's backward subtracts each row's sum from the gradient: a different order of
    # additions shows in the result's last bits.
    grad = _RNG.standard_normal((20, count)).astype(dtype)
    output = torch.softmax(_t(_RNG.standard_normal((20, count)).astype(dtype)), 1)
    expected = aten._softmax_backward_data(_t(grad), output, 1, output.dtype).numpy()
    y = output.numpy()
    got = y * (grad - lane_row_sums(grad * y)[:, None])
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_autograd_gradients_match_through_the_kernels(dtype: str) -> None:
    # The public path: forward ops whose values are PyTorch's (no transcendental), backward
    # through the kernels above, with a non-trivial upstream gradient.
    x0, t0, g0 = _arrays(dtype)
    grads = []
    for T in (torch, rungrad):
        x = T.tensor(x0, requires_grad=True)
        t = T.tensor(t0)
        F = T.nn.functional
        out = (
            F.mse_loss(x, t, reduction="none") * 0.3
            + F.huber_loss(x, t, reduction="none", delta=0.7) * 1.7
            + F.smooth_l1_loss(x, t, reduction="none", beta=0.3)
            + F.hardswish(x)
        )
        out.backward(T.tensor(g0))
        grads.append(x.grad.numpy())
    assert np.array_equal(grads[0], grads[1])


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_float16_losses_round_as_pytorchs(reduction: str) -> None:
    # float16 mse rounds the difference and its square (PyTorch's sub and pow); huber computes
    # in float32 and rounds once; the reductions accumulate in float32.
    x0, t0, _ = _arrays("float16")
    for case in (
        lambda F, x, t: F.mse_loss(x, t, reduction=reduction),
        lambda F, x, t: F.huber_loss(x, t, reduction=reduction, delta=0.7),
        lambda F, x, t: F.smooth_l1_loss(x, t, reduction=reduction, beta=0.3),
    ):
        expected = case(torch.nn.functional, torch.tensor(x0), torch.tensor(t0)).numpy()
        got = case(rungrad.nn.functional, rungrad.tensor(x0), rungrad.tensor(t0)).numpy()
        assert np.array_equal(got, expected)
