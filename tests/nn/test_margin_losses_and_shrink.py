"""The loss and activation modules added with the margin, embedding and likelihood losses:
reprs, parameters and outputs against PyTorch, and rrelu's random slopes in training."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad
import rungrad.nn.functional as RF

MODULES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("MarginRankingLoss", (0.5,), {}),
    ("HingeEmbeddingLoss", (), {"margin": 2.0, "reduction": "sum"}),
    ("SoftMarginLoss", (), {"reduction": "none"}),
    ("MultiLabelSoftMarginLoss", (), {}),
    ("MultiMarginLoss", (2, 0.5), {}),
    ("MultiLabelMarginLoss", (), {}),
    ("TripletMarginLoss", (), {"swap": True, "p": 1}),
    ("CosineEmbeddingLoss", (0.1,), {}),
    ("PoissonNLLLoss", (), {"full": True}),
    ("GaussianNLLLoss", (), {"eps": 1e-3}),
    ("GLU", (), {}),
    ("GLU", (0,), {}),
    ("PReLU", (), {}),
    ("PReLU", (4, 0.1), {}),
    ("RReLU", (), {}),
    ("RReLU", (0.1, 0.3, True), {}),
    ("Softshrink", (), {}),
    ("Softshrink", (1,), {}),
    ("Hardshrink", (0.3,), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), MODULES)
def test_repr_and_state(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    ours = getattr(rungrad.nn, name)(*args, **kwargs)
    theirs = getattr(torch.nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key].numpy(), value.numpy())


def _inputs(name: str, rng: np.random.Generator) -> list[np.ndarray]:
    x, y, z = (rng.normal(size=(3, 4)) for _ in range(3))
    signs = np.where(rng.random((3, 4)) > 0.5, 1.0, -1.0)
    return {
        "MarginRankingLoss": [x, y, signs],
        "HingeEmbeddingLoss": [x, signs],
        "SoftMarginLoss": [x, signs],
        "MultiLabelSoftMarginLoss": [x, (signs > 0) * 1.0],
        "MultiMarginLoss": [x, np.array([0, 3, 1])],
        "MultiLabelMarginLoss": [x, np.array([[0, 1, -1, 0], [3, -1, 0, 0], [-1, 0, 0, 0]])],
        "TripletMarginLoss": [x, y, z],
        "CosineEmbeddingLoss": [x, y, signs[:, 0]],
        "PoissonNLLLoss": [x, np.abs(y) * 3],
        "GaussianNLLLoss": [x, y, np.abs(z)],
    }.get(name, [rng.normal(size=(2, 4, 2)).astype(np.float32)])


@pytest.mark.parametrize(("name", "args", "kwargs"), MODULES)
def test_forward_backward(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name == "RReLU":
        args = args[:2]  # in-place on a leaf is an error in both; training mode is random
    ours = getattr(rungrad.nn, name)(*args, **kwargs)
    theirs = getattr(torch.nn, name)(*args, **kwargs)
    if name == "RReLU":
        ours.eval()
        theirs.eval()
    arrays = _inputs(name, np.random.default_rng(0))
    ours_in = [rungrad.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    theirs_in = [torch.tensor(a, requires_grad=a.dtype.kind == "f") for a in arrays]
    if name == "SoftMarginLoss":
        ours_in[1].requires_grad_(False)
        theirs_in[1].requires_grad_(False)
    ours_out, theirs_out = ours(*ours_in), theirs(*theirs_in)
    np.testing.assert_allclose(ours_out.detach().numpy(), theirs_out.detach().numpy(), 1e-6)
    ours_out.sum().backward()
    theirs_out.sum().backward()
    for o, t in zip(ours_in, theirs_in):
        if t.grad is not None:
            np.testing.assert_allclose(o.grad.numpy(), t.grad.numpy(), 1e-6, 1e-7)
    for o, t in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(o.grad.numpy(), t.grad.numpy(), 1e-6)


def test_rrelu_training_slopes_lie_in_range() -> None:
    x = rungrad.tensor(-np.linspace(0.5, 2.0, 200), requires_grad=True)
    y = RF.rrelu(x, 0.1, 0.3, training=True)
    assert type(y.grad_fn).__name__ == "RreluWithNoiseBackward0"
    slopes = (y / x).detach().numpy()
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.01
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), slopes)
    positive = rungrad.tensor([0.5, 2.0])
    assert RF.rrelu(positive, training=True).tolist() == [0.5, 2.0]
    module = rungrad.nn.RReLU()
    out = module(x.detach())
    ratio = (out / x.detach()).numpy()
    assert ratio.min() >= 1 / 8 and ratio.max() <= 1 / 3


def test_rrelu_inplace() -> None:
    values = np.array([-1.0, 2.0, -3.0])
    ours = rungrad.tensor(values)
    theirs = torch.tensor(values)
    assert RF.rrelu(ours, inplace=True) is ours
    torch.nn.functional.rrelu(theirs, inplace=True)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())


def test_module_argument_errors() -> None:
    for module in ("MultiMarginLoss",):
        with pytest.raises(ValueError, match="only p == 1 and p == 2 supported"):
            getattr(torch.nn, module)(p=3)
        with pytest.raises(ValueError, match="only p == 1 and p == 2 supported"):
            getattr(rungrad.nn, module)(p=3)


@pytest.mark.parametrize("name", ["multi_margin_loss", "multilabel_margin_loss"])
def test_margin_losses_have_no_double_backward(name: str) -> None:
    target = {
        "multi_margin_loss": np.array([0, 2]),
        "multilabel_margin_loss": np.array([[0, -1, 1], [2, 1, -1]]),
    }[name]
    messages = []
    for T in (torch, rungrad):
        x = T.tensor(np.random.default_rng(1).normal(size=(2, 3)), requires_grad=True)
        loss = getattr(T.nn.functional, name)(x, T.tensor(target))
        (grad,) = T.autograd.grad(loss, x, create_graph=True)
        assert type(grad.grad_fn).__name__ == "NotImplemented"
        with pytest.raises(RuntimeError) as error:
            T.autograd.grad(grad.sum(), x)
        messages.append(str(error.value).splitlines()[0])
    assert messages[0] == messages[1]
