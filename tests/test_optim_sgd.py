"""optim.SGD against torch.optim.SGD: the same steps give the same parameters.

A program is ``program(torch, emit)`` written against PyTorch's API; it runs through both
libraries and the transcripts (printed tensors at 4 decimals, errors and warnings as text,
``rungrad`` read as ``torch``) must be identical. Trajectories are also compared numerically.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

Program = Callable[[Any, Callable[..., None]], None]


# -- helpers ---------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    text = text.replace("rungrad", "torch")
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", text)


def transcript(program: Program, library: Any) -> str:
    lines: list[str] = []

    def emit(*values: Any) -> None:
        lines.append(" ".join(str(value) for value in values))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            program(library, emit)
        except Exception as error:
            lines.append(f"raised {type(error).__name__}: {str(error).splitlines()[0]}")
        lines.extend(f"{m.category.__name__}: {m.message}" for m in caught)
    return _normalise("\n".join(lines))


def same(program: Program) -> str:
    expected = transcript(program, torch)
    assert transcript(program, rungrad) == expected
    return expected


def _quadratic_run(library: Any, steps: int = 10, **options: Any) -> list[np.ndarray]:
    """Minimise a small ill-conditioned quadratic; return the parameters after each step."""
    target = library.tensor([1.0, -2.0, 0.5])
    scale = library.tensor([1.0, 10.0, 0.1])
    weight = library.tensor([0.0, 0.0, 3.0], requires_grad=True)
    optimizer = library.optim.SGD([weight], **options)
    trajectory = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = (scale * (weight - target) ** 2).sum()
        loss.backward()
        optimizer.step()
        trajectory.append(weight.detach().numpy().copy())
    return trajectory


OPTIONS = [
    {"lr": 0.05},
    {"lr": 0.05, "momentum": 0.9},
    {"lr": 0.05, "momentum": 0.9, "dampening": 0.5},
    {"lr": 0.05, "momentum": 0.9, "nesterov": True},
    {"lr": 0.05, "weight_decay": 0.1},
    {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1, "nesterov": True},
    {"lr": 0.05, "maximize": True},
    {"lr": 0.01, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01, "maximize": True},
]


@pytest.mark.parametrize(
    "options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items())
)
def test_sgd_matches_torch_on_a_quadratic(options: dict[str, Any]):
    expected = _quadratic_run(torch, **options)
    got = _quadratic_run(rungrad, **options)
    for step, (mine, theirs) in enumerate(zip(got, expected)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6, err_msg=f"step {step}")
        assert mine.dtype == np.float32


def _tiny_model_run(library: Any, **options: Any) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    inputs = library.tensor(rng.standard_normal((8, 3)).astype(np.float32))
    targets = library.tensor(rng.standard_normal((8, 2)).astype(np.float32))
    weight = library.tensor(rng.standard_normal((3, 2)).astype(np.float32), requires_grad=True)
    bias = library.tensor(np.zeros(2, np.float32), requires_grad=True)
    optimizer = library.optim.SGD([weight, bias], **options)
    for _ in range(10):
        optimizer.zero_grad()
        loss = (((inputs @ weight + bias).tanh() - targets) ** 2).mean()
        loss.backward()
        optimizer.step()
    return [weight.detach().numpy().copy(), bias.detach().numpy().copy()]


@pytest.mark.parametrize("options", OPTIONS[:6], ids=str)
def test_sgd_matches_torch_on_a_tiny_model(options: dict[str, Any]):
    for mine, theirs in zip(_tiny_model_run(rungrad, **options), _tiny_model_run(torch, **options)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)


def test_sgd_prints_like_torch():
    def program(torch, emit):
        weight = torch.tensor([1.0, 2.0], requires_grad=True)
        optimizer = torch.optim.SGD([weight], lr=0.1, momentum=0.9)
        for _ in range(3):
            optimizer.zero_grad()
            (weight**2).sum().backward()
            optimizer.step()
            emit(weight, weight.grad, weight.is_leaf, weight._version)
        emit(optimizer)
        emit(optimizer.defaults)
        emit(optimizer.state[weight])

    same(program)


def test_step_skips_parameters_without_grad_and_closure():
    def program(torch, emit):
        a = torch.tensor([1.0], requires_grad=True)
        b = torch.tensor([2.0], requires_grad=True)
        optimizer = torch.optim.SGD([a, b], lr=0.5)

        def closure():
            optimizer.zero_grad()
            loss = (a * 3).sum()
            loss.backward()
            return loss

        emit(optimizer.step(closure), a, b, b.grad)
        emit(optimizer.step(), a)

    same(program)


# -- zero_grad -------------------------------------------------------------------------------
def test_zero_grad():
    def program(torch, emit):
        weight = torch.tensor([1.0, 2.0], requires_grad=True)
        optimizer = torch.optim.SGD([weight], lr=0.1)
        (weight * 3).sum().backward()
        grad = weight.grad
        optimizer.zero_grad(set_to_none=False)
        emit(weight.grad, weight.grad is grad, grad._version)
        (weight * 3).sum().backward()
        optimizer.zero_grad()
        emit(weight.grad)
        optimizer.zero_grad(set_to_none=False)
        emit(weight.grad)
        optimizer.zero_grad(True)
        emit(weight.grad)

    same(program)


def test_zero_grad_of_a_grad_with_history():
    def program(torch, emit):
        weight = torch.tensor([1.0, 2.0], requires_grad=True)
        optimizer = torch.optim.SGD([weight], lr=0.1)
        (weight**3).sum().backward(create_graph=True)
        emit(weight.grad.requires_grad)
        optimizer.zero_grad(set_to_none=False)
        emit(weight.grad, weight.grad.requires_grad, weight.grad.grad_fn)

    text = transcript(program, torch)

    # The create_graph warning is emitted once per process; compare the rest.
    def without_warning(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if "create_graph" not in line)

    assert without_warning(transcript(program, rungrad)) == without_warning(text)


# -- construction errors ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "construction",
    [
        "torch.optim.SGD(weight, lr=0.1)",
        "torch.optim.SGD([], lr=0.1)",
        "torch.optim.SGD([weight], lr=-1)",
        "torch.optim.SGD([weight], lr=0.1, momentum=-0.5)",
        "torch.optim.SGD([weight], lr=0.1, weight_decay=-1)",
        "torch.optim.SGD([weight], lr=0.1, nesterov=True)",
        "torch.optim.SGD([weight], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)",
        "torch.optim.SGD([weight * 2], lr=0.1)",
        "torch.optim.SGD([{'params': [weight]}, {'params': [weight]}], lr=0.1)",
        "torch.optim.SGD([weight, weight], lr=0.1)",
        "torch.optim.SGD({weight}, lr=0.1)",
        "torch.optim.SGD([weight, 3], lr=0.1)",
        "torch.optim.SGD([weight]).defaults",
        "torch.optim.SGD([{'params': weight}], lr=0.1).param_groups[0]['params']",
    ],
)
def test_construction(construction: str):
    def program(torch, emit):
        weight = torch.tensor([1.0], requires_grad=True)
        emit(eval(construction, {"torch": torch, "weight": weight}))

    same(program)


# -- param groups ----------------------------------------------------------------------------
def test_param_groups_with_their_own_lr():
    def program(torch, emit):
        fast = torch.tensor([1.0, 1.0], requires_grad=True)
        slow = torch.tensor([1.0, 1.0], requires_grad=True)
        optimizer = torch.optim.SGD(
            [{"params": [fast], "lr": 0.5}, {"params": [slow]}], lr=0.01, momentum=0.5
        )
        for _ in range(3):
            optimizer.zero_grad()
            ((fast - 3) ** 2 + (slow + 2) ** 2).sum().backward()
            optimizer.step()
        emit(fast, slow)
        emit([group["lr"] for group in optimizer.param_groups])
        emit([group["momentum"] for group in optimizer.param_groups])
        extra = torch.tensor([0.0], requires_grad=True)
        optimizer.add_param_group({"params": extra, "lr": 1.0})
        emit(len(optimizer.param_groups), optimizer.param_groups[2]["momentum"])
        (extra * 2).sum().backward()
        optimizer.step()
        emit(extra)
        for group in optimizer.param_groups:
            group["lr"] = 0.0
        optimizer.step()
        emit(fast, extra)

    same(program)


# -- state_dict ------------------------------------------------------------------------------
def test_state_dict_round_trip():
    def program(torch, emit):
        def make():
            weight = torch.tensor([1.0, -1.0], requires_grad=True)
            bias = torch.tensor([0.5], requires_grad=True)
            optimizer = torch.optim.SGD(
                [{"params": [weight]}, {"params": [bias], "lr": 0.2}], lr=0.1, momentum=0.9
            )
            return weight, bias, optimizer

        def train(weight, bias, optimizer, steps):
            for _ in range(steps):
                optimizer.zero_grad()
                ((weight * 2 - bias) ** 2).sum().backward()
                optimizer.step()

        weight, bias, optimizer = make()
        train(weight, bias, optimizer, 3)
        state = optimizer.state_dict()
        emit(state)
        weight2, bias2, optimizer2 = make()
        with torch.no_grad():
            weight2.copy_(weight)
            bias2.copy_(bias)
        optimizer2.load_state_dict(state)
        emit(optimizer2.state_dict())
        train(weight, bias, optimizer, 2)
        train(weight2, bias2, optimizer2, 2)
        emit(weight, weight2, bias, bias2)
        emit(torch.equal(weight, weight2), torch.equal(bias, bias2))

    same(program)


def test_load_state_dict_errors():
    def program(torch, emit):
        weight = torch.tensor([1.0], requires_grad=True)
        bias = torch.tensor([1.0], requires_grad=True)
        two_groups = torch.optim.SGD([{"params": [weight]}, {"params": [bias]}], lr=0.1)
        one_group = torch.optim.SGD([weight, bias], lr=0.1)
        for source, target in ((two_groups, one_group), (one_group, two_groups)):
            try:
                target.load_state_dict(source.state_dict())
            except ValueError as error:
                emit("ValueError", error)

    same(program)
