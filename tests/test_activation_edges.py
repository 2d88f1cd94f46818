"""Activations at their kinks, and composite activations in float16, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad

KINKS = [-3.0, 3.0, -6.0, 6.0, -1.0, 1.0, 0.0, -0.0, -0.5, 0.5, -2.5, 2.5, -4.0, 4.0]
ACTIVATIONS = ["hardswish", "hardsigmoid", "relu6", "hardtanh", "relu", "elu", "selu", "celu",
               "leaky_relu", "softshrink", "hardshrink", "softplus", "silu", "mish",
               "gelu"]  # fmt: skip


def _value_and_grad(module, name: str, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = module.tensor(values, requires_grad=True)
    y = getattr(module.nn.functional, name)(x)
    y.sum().backward()
    return y.detach().numpy(), x.grad.numpy()


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_value_and_gradient_at_the_kinks(name: str, dtype: str) -> None:
    # Which side a kink belongs to is PyTorch's: hardswish's gradient is 0 at -3 and 1 at 3.
    values = np.array(KINKS, dtype=dtype)
    expected_value, expected_grad = _value_and_grad(torch, name, values)
    value, grad = _value_and_grad(rungrad, name, values)
    # float32 gelu(-3) differs in the 5th digit: PyTorch's 1 + erf(x / sqrt(2)) cancels.
    rtol = 1e-4 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(value, expected_value, rtol=rtol, atol=1e-7)
    np.testing.assert_allclose(grad, expected_grad, rtol=rtol, atol=1e-7)


HALF_VALUES = np.concatenate([np.linspace(-20, 20, 81), [-15.5, -11.2, 9.7, 0.0]])


@pytest.mark.parametrize("name", ["silu", "gelu", "mish", "sigmoid", "softplus", "logsigmoid"])
def test_composite_activations_compute_float16_in_float32(name: str) -> None:
    # silu(-15) in float16 is -4.6e-6 in PyTorch; computed in float16 throughout it would be 0.
    values = HALF_VALUES.astype(np.float16)
    torch_fn = getattr(torch.nn.functional, name, None) or getattr(torch, name)
    rungrad_fn = getattr(rungrad.nn.functional, name, None) or getattr(rungrad, name)
    expected = torch_fn(torch.from_numpy(values)).numpy()
    got = rungrad_fn(rungrad.tensor(values)).numpy()
    assert got.dtype == np.float16
    np.testing.assert_array_equal(got == 0, expected == 0)
    np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64), rtol=2e-3)


def test_softplus_second_order_graph_is_pytorch_s() -> None:
    """The first derivative is a SoftplusBackwardBackward0 node, differentiable again,
    on both sides of the threshold."""
    results = []
    for module in (torch, rungrad):
        z = module.tensor([0.5, -1.0, 30.0], requires_grad=True)
        out = module.nn.functional.softplus(z, beta=2, threshold=10).sum()
        (first,) = module.autograd.grad(out, z, create_graph=True)
        node = first.grad_fn
        saved = (node._saved_beta, node._saved_threshold, node._saved_self.tolist())
        (second,) = module.autograd.grad(first.sum(), z)
        results.append((type(node).__name__, saved, first.tolist(), second.tolist()))
    (name, saved, first, second), expected = results
    assert (name, saved) == expected[:2]
    np.testing.assert_allclose(first, expected[2], rtol=1e-6)
    np.testing.assert_allclose(second, expected[3], rtol=1e-5, atol=1e-7)


def test_mse_loss_second_order_graph_is_pytorch_s() -> None:
    """Both first derivatives of mse_loss are MseLossBackwardBackward0 nodes (the target's
    with the roles swapped), saving grad_output, self, target and reduction."""
    results = []
    for module in (torch, rungrad):
        x = module.tensor([0.3, -0.7, 1.2], requires_grad=True)
        t = module.tensor([0.1, 0.2, 0.3], requires_grad=True)
        for reduction in ("mean", "sum", "none"):
            loss = module.nn.functional.mse_loss(x, t, reduction=reduction).sum()
            grads = module.autograd.grad(loss, [x, t], create_graph=True)
            names = [type(g.grad_fn).__name__ for g in grads]
            reductions = [g.grad_fn._saved_reduction for g in grads]
            second = module.autograd.grad(grads[0].sum() + (grads[1] ** 2).sum(), [x, t])
            results.append((names, reductions, [g.tolist() for g in (*grads, *second)]))
    ours, theirs = results[:3], results[3:]
    for (names, reductions, values), (names_t, reductions_t, values_t) in zip(ours, theirs):
        assert (names, reductions) == (names_t, reductions_t)
        np.testing.assert_allclose(values, values_t, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(
    "call",
    [
        "F.elu(x)",
        "F.elu(x, alpha=0.5)",
        "F.selu(x)",
        "F.celu(x, alpha=2.0)",
        "F.elu(x.clone(), inplace=True)",
        "F.celu(x.clone(), alpha=2.0, inplace=True)",
    ],
)
def test_elu_family_second_order_graph_is_pytorch_s(call: str) -> None:
    """elu, selu and celu differentiate through EluBackwardBackward0 (from the input, or
    from the result in place), with PyTorch's saved values and second derivatives."""
    results = []
    for module in (torch, rungrad):
        x = module.tensor([0.3, -0.7, 1.2], requires_grad=True)
        y = eval(call, {"F": module.nn.functional, "x": x})
        (first,) = module.autograd.grad(y.sum(), x, create_graph=True)
        node = first.grad_fn
        names = ("alpha", "scale", "input_scale", "is_result")
        saved = [getattr(node, f"_saved_{name}") for name in names]
        (second,) = module.autograd.grad(first.sum(), x)
        results.append((type(node).__name__, saved, first.tolist(), second.tolist()))
    (name, saved, first, second), expected = results
    assert (name, saved) == expected[:2]
    np.testing.assert_allclose(first, expected[2], rtol=1e-6)
    np.testing.assert_allclose(second, expected[3], rtol=1e-5, atol=1e-7)
