"""First derivatives taken with ``create_graph=True`` through activations and losses whose
gradient PyTorch computes in one backward kernel: the gradient's ``grad_fn`` is that
kernel's node (``LogSigmoidBackwardBackward0``, ``SmoothL1LossBackwardBackward0``...), with
PyTorch's edges and saved values, and its own gradients are PyTorch's second derivatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad
from rungrad.autograd import gradgradcheck

Case = Callable[[Any, dict[str, Any]], Any]

_X = [-4.0, -3.0, -1.5, -0.2, 0.5, 2.0, 3.0, 3.5]
_T = [-3.0, -1.0, -1.3, 0.3, 0.0, 2.1, 0.2, 1.0]
_P = [0.2, 0.4, 0.6, 0.7, 0.9, 0.05, 0.5, 0.35]
_Q = [0.0, 1.0, 0.3, 0.5, 1.0, 0.2, 0.9, 0.35]


def _inputs(T: Any) -> dict[str, Any]:
    def leaf(values: Any) -> Any:
        return T.tensor(values, dtype=T.float64, requires_grad=True)

    rng = np.random.default_rng(0)
    return {
        "x": leaf(_X),
        "t": leaf(_T),
        "p": leaf(_P),
        "q": leaf(_Q),
        "w": T.tensor([0.5, 1.0, 2.0, 1.0, 1.0, 0.3, 1.5, 1.0], dtype=T.float64),
        "X": leaf(rng.standard_normal((2, 3, 4))),
        "a": leaf([0.25, -0.5, 1.5]),
        "b": leaf([0.3]),
    }


CASES: dict[str, tuple[Case, tuple[str, ...]]] = {
    "logsigmoid": (lambda T, v: T.nn.functional.logsigmoid(v["x"]), ("x",)),
    "hardswish": (lambda T, v: T.nn.functional.hardswish(v["x"]), ("x",)),
    "silu": (lambda T, v: T.nn.functional.silu(v["x"]), ("x",)),
    "tan": (lambda T, v: T.tan(v["x"] / 3), ("x",)),
    "smooth_l1_loss": (lambda T, v: T.nn.functional.smooth_l1_loss(v["x"], v["t"]), ("x", "t")),
    "smooth_l1_loss(none, beta)": (
        lambda T, v: T.nn.functional.smooth_l1_loss(v["x"], v["t"], reduction="none", beta=0.5),
        ("x", "t"),
    ),
    "huber_loss": (
        lambda T, v: T.nn.functional.huber_loss(v["x"], v["t"], delta=1.5),
        ("x", "t"),
    ),
    "huber_loss(sum)": (
        lambda T, v: T.nn.functional.huber_loss(v["x"], v["t"], reduction="sum"),
        ("x", "t"),
    ),
    "binary_cross_entropy": (
        lambda T, v: T.nn.functional.binary_cross_entropy(v["p"], v["q"]),
        ("p", "q"),
    ),
    "binary_cross_entropy(weight, sum)": (
        lambda T, v: T.nn.functional.binary_cross_entropy(
            v["p"], v["q"], weight=v["w"], reduction="sum"
        ),
        ("p", "q"),
    ),
    "binary_cross_entropy(none)": (
        lambda T, v: T.nn.functional.binary_cross_entropy(v["p"], v["q"], reduction="none"),
        ("p", "q"),
    ),
    "softplus": (lambda T, v: T.nn.functional.softplus(v["x"], beta=2.0, threshold=5.0), ("x",)),
    "elu": (lambda T, v: T.nn.functional.elu(v["x"], alpha=0.7), ("x",)),
    "elu(inplace)": (lambda T, v: T.nn.functional.elu(v["x"] * 1, inplace=True), ("x",)),
    "selu": (lambda T, v: T.nn.functional.selu(v["x"]), ("x",)),
    "celu": (lambda T, v: T.nn.functional.celu(v["x"], alpha=0.5), ("x",)),
    "mish": (lambda T, v: T.nn.functional.mish(v["x"]), ("x",)),
    "softshrink": (lambda T, v: T.nn.functional.softshrink(v["x"], 0.3), ("x",)),
    "hardshrink": (lambda T, v: T.nn.functional.hardshrink(v["x"], 1.0), ("x",)),
    "relu": (lambda T, v: T.relu(v["x"]), ("x",)),
    "leaky_relu": (lambda T, v: T.nn.functional.leaky_relu(v["x"], 0.2), ("x",)),
    "hardtanh": (lambda T, v: T.nn.functional.hardtanh(v["x"], -2.0, 2.5), ("x",)),
    "relu6": (lambda T, v: T.nn.functional.relu6(v["x"] * 2), ("x",)),
    "threshold": (lambda T, v: T.nn.functional.threshold(v["x"], 0.1, 20.0), ("x",)),
    "binary_cross_entropy_with_logits": (
        lambda T, v: T.nn.functional.binary_cross_entropy_with_logits(v["x"], v["q"]),
        ("x", "q"),
    ),
    "binary_cross_entropy_with_logits(weight, pos_weight)": (
        lambda T, v: T.nn.functional.binary_cross_entropy_with_logits(
            v["x"], v["q"], weight=v["w"], pos_weight=v["w"] * 2
        ),
        ("x", "q"),
    ),
    "binary_cross_entropy_with_logits(none)": (
        lambda T, v: T.nn.functional.binary_cross_entropy_with_logits(
            v["x"], v["q"], reduction="none"
        ),
        ("x", "q"),
    ),
    "prelu": (lambda T, v: T.nn.functional.prelu(v["X"], v["a"]), ("X", "a")),
    "prelu(one weight)": (lambda T, v: T.nn.functional.prelu(v["X"], v["b"]), ("X", "b")),
    "prelu(1-d)": (lambda T, v: T.nn.functional.prelu(v["x"], v["b"]), ("x", "b")),
}


def _describe(value: Any) -> Any:
    if hasattr(value, "detach"):
        return ("tensor", tuple(value.shape), value.detach().numpy().round(10).tolist())
    return value


def _first_derivatives(T: Any, name: str) -> tuple[Any, list[Any], list[Any]]:
    case, wrt = CASES[name]
    values = _inputs(T)
    inputs = [values[n] for n in wrt]
    output = case(T, values)
    weights = T.linspace(-1.0, 2.0, output.numel(), dtype=T.float64).reshape(output.shape)
    grads = T.autograd.grad(output, inputs, weights, create_graph=True)
    return values, inputs, list(grads)


def _nodes(T: Any, name: str) -> list[Any]:
    _, _, grads = _first_derivatives(T, name)
    described = []
    for g in grads:
        node = g.grad_fn
        saved = [a for a in dir(node) if a.startswith("_saved_")]
        described.append(
            (
                type(node).__name__,
                [None if n is None else type(n).__name__ for n, _ in node.next_functions],
                {a: _describe(getattr(node, a)) for a in saved},
            )
        )
    return described


def _second_derivatives(T: Any, name: str) -> list[Any]:
    _, inputs, grads = _first_derivatives(T, name)
    total = sum((g * T.linspace(0.5, 1.5, g.numel(), dtype=T.float64).reshape(g.shape)).sum()
                for g in grads)  # fmt: skip
    seconds = T.autograd.grad(total, inputs, allow_unused=True)
    return [None if s is None else s.detach().numpy() for s in seconds]


@pytest.mark.parametrize("name", list(CASES))
def test_first_derivative_node_matches_pytorch(name: str) -> None:
    assert _nodes(rungrad, name) == _nodes(torch, name)


@pytest.mark.parametrize("name", list(CASES))
def test_second_derivatives_match_pytorch(name: str) -> None:
    expected = _second_derivatives(torch, name)
    actual = _second_derivatives(rungrad, name)
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        assert (a is None) == (e is None)
        if e is not None:
            np.testing.assert_allclose(a, e, rtol=1e-12, atol=1e-14)


def _second_derivative_nodes(T: Any, name: str) -> list[Any]:
    """The nodes of the second derivatives (recorded), and the nodes they lead to."""
    _, inputs, grads = _first_derivatives(T, name)
    total = sum(g.sum() for g in grads)
    seconds = T.autograd.grad(total, inputs, create_graph=True, allow_unused=True)
    return [
        None
        if s is None or s.grad_fn is None
        else (
            type(s.grad_fn).__name__,
            [None if n is None else type(n).__name__ for n, _ in s.grad_fn.next_functions],
        )
        for s in seconds
    ]


@pytest.mark.parametrize("name", list(CASES))
def test_second_derivative_nodes_match_pytorch(name: str) -> None:
    assert _second_derivative_nodes(rungrad, name) == _second_derivative_nodes(torch, name)


@pytest.mark.parametrize(
    "name, kwargs",
    [("elu", {}), ("elu", {"alpha": 0.5}), ("selu", {}), ("celu", {"alpha": 2.0})],
)
@pytest.mark.parametrize("inplace", [False, True])
def test_elu_second_derivative_is_zero_at_zero(name: str, kwargs: Any, inplace: bool) -> None:
    def run(T: Any) -> Any:
        x = T.tensor([-1.0, 0.0, 1.0], dtype=T.float64, requires_grad=True)
        y = getattr(T.nn.functional, name)(x * 1, inplace=inplace, **kwargs)
        (g,) = T.autograd.grad(y.sum(), x, create_graph=True)
        (h,) = T.autograd.grad(g.sum(), x)
        return h.numpy()

    np.testing.assert_allclose(run(rungrad), run(torch), rtol=1e-12, atol=0)
    assert run(rungrad)[1] == 0


def test_relu6_bounds_are_saved_as_pytorch_saves_them() -> None:
    def run(T: Any) -> Any:
        x = T.tensor([-1.0, 3.0, 8.0], requires_grad=True)
        values = []
        for y in (T.nn.functional.relu6(x), T.nn.ReLU6()(x), T.nn.Hardtanh()(x)):
            node = y.grad_fn
            values.append((node._saved_min_val, node._saved_max_val))
            values.append([type(v).__name__ for v in values[-1]])
        return values

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize("name", list(CASES))
def test_gradgradcheck(name: str) -> None:
    case, wrt = CASES[name]
    values = _inputs(rungrad)
    # Away from the kinks (hardswish's +-3, the losses' |x - t| = beta) that the fixed
    # samples sit on, and the targets away from 0 and 1.
    values["x"] = rungrad.tensor(np.add(_X, 0.013), dtype=rungrad.float64, requires_grad=True)
    values["q"] = rungrad.tensor(np.clip(_Q, 0.1, 0.9), dtype=rungrad.float64, requires_grad=True)

    def function(*inputs: Any) -> Any:
        return case(rungrad, {**values, **dict(zip(wrt, inputs))})

    assert gradgradcheck(function, [values[n] for n in wrt])


def test_hardsigmoid_gradient_has_no_derivative() -> None:
    def run(T: Any) -> Any:
        x = T.tensor(_X, dtype=T.float64, requires_grad=True)
        (g,) = T.autograd.grad(T.nn.functional.hardsigmoid(x).sum(), x, create_graph=True)
        node = g.grad_fn
        edges = [type(n).__name__ for n, _ in node.next_functions]
        seen = (type(node).__name__, node.name().split("::")[-1], edges, g.detach().tolist())
        try:
            g.sum().backward()
        except RuntimeError as error:
            return seen, str(error)
        return seen, None

    assert run(rungrad) == run(torch)


def test_hardsigmoid_gradient_edges_follow_requires_grad() -> None:
    # PyTorch's NotImplemented node has an edge only for the inputs that require grad.
    def run(T: Any) -> Any:
        x = T.tensor([-4.0, 0.5], requires_grad=True)
        go = T.ones(2, requires_grad=True)
        (g,) = T.autograd.grad(T.nn.functional.hardsigmoid(x), x, go, create_graph=True)
        return [type(n).__name__ for n, _ in g.grad_fn.next_functions]

    assert run(rungrad) == run(torch)


def test_complex_tan_gradient_is_conjugated() -> None:
    def run(T: Any) -> Any:
        z = T.tensor([0.5 + 1j, -0.3 - 0.2j], requires_grad=True)
        (g,) = T.autograd.grad(T.tan(z).abs().sum(), z)
        return g.numpy()

    np.testing.assert_allclose(run(rungrad), run(torch), rtol=1e-6)


def test_logsigmoid_first_order_values_unchanged() -> None:
    x = np.linspace(-30, 30, 61)

    def run(T: Any) -> Any:
        t = T.tensor(x, dtype=T.float32, requires_grad=True)
        T.nn.functional.logsigmoid(t).sum().backward()
        return t.grad.numpy()

    np.testing.assert_allclose(run(rungrad), run(torch), rtol=1e-6, atol=1e-30)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_hardsigmoid_gradient_uses_a_float32_sixth(dtype: str) -> None:
    def run(T: Any) -> Any:
        x = T.tensor([0.0, 1.0, -2.0, 2.5, 4.0], dtype=getattr(T, dtype), requires_grad=True)
        grad = T.tensor([7.0, 1.0, 3.0, 0.1, 100.3], dtype=getattr(T, dtype))
        T.nn.functional.hardsigmoid(x).backward(grad)
        return x.grad.tolist()

    assert run(rungrad) == run(torch)


def _addcdiv_gradients(T: Any, tensor1_dtype: str) -> list[Any]:
    a = T.tensor(0.3, dtype=T.float64, requires_grad=True)
    tensor1 = T.tensor([1, -2, 3], dtype=getattr(T, tensor1_dtype))
    tensor2 = T.tensor([[[0.7]], [[-1.3]]], dtype=T.float64, requires_grad=True)
    if tensor1.is_floating_point():
        tensor1.requires_grad_()
    y = T.addcdiv(a, tensor1, tensor2, value=-1.4952562025518459)
    grad_output = T.tensor([[[0.3, -0.2, 0.5]], [[0.11, 0.7, -0.4]]], dtype=T.float64)
    grad_output.requires_grad_()
    inputs = [t for t in (a, tensor1, tensor2) if t.requires_grad]
    firsts = T.autograd.grad(y, inputs, grad_output, create_graph=True)
    (second,) = T.autograd.grad(sum(g.sum() for g in firsts), grad_output)
    names = [g.grad_fn.name() for g in firsts]
    below = [
        [n.name().replace("rungrad", "torch") for n, _ in g.grad_fn.next_functions if n]
        for g in firsts
    ]
    return [names, below, second.tolist()]


@pytest.mark.parametrize("tensor1_dtype", ["int64", "float64"])
def test_addcdiv_gradients_in_pytorch_order(tensor1_dtype: str) -> None:
    """``value * tensor1`` comes first, as in PyTorch: with an int tensor1 it is a float32
    tensor there, and the float64 second derivative carries that rounding."""
    expected = _addcdiv_gradients(torch, tensor1_dtype)
    got = _addcdiv_gradients(rungrad, tensor1_dtype)
    assert got[:2] == expected[:2]
    np.testing.assert_allclose(got[2], expected[2], rtol=1e-15, atol=0)
