"""optim.LBFGS against torch.optim.LBFGS: the same iterates, evaluations and state, with and
without the strong-Wolfe line search."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad


def _problem(library: Any) -> tuple[Any, Any, Any]:
    rng = np.random.default_rng(3)
    inputs = rng.standard_normal((30, 3)).astype(np.float32)
    targets = (inputs @ np.array([[1.5], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
    model = library.nn.Linear(3, 1)
    with library.no_grad():
        model.weight.copy_(library.tensor([[0.1, -0.2, 0.3]]))
        model.bias.zero_()
    return model, library.tensor(inputs), library.tensor(targets)


def _run(library: Any, options: dict[str, Any], steps: int = 4) -> tuple[list[Any], Any]:
    model, inputs, targets = _problem(library)
    optimizer = library.optim.LBFGS(model.parameters(), **options)

    def closure() -> Any:
        optimizer.zero_grad()
        loss = ((model(inputs) - targets) ** 2).mean()
        loss.backward()
        return loss

    trajectory = []
    for _ in range(steps):
        loss = optimizer.step(closure)
        trajectory.append([loss.item()] + [p.detach().numpy().copy() for p in model.parameters()])
    return trajectory, optimizer


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"lr": 0.5, "max_iter": 5, "history_size": 3},
        {"lr": 0.1, "max_iter": 7, "max_eval": 4},
        {"line_search_fn": "strong_wolfe"},
        {"line_search_fn": "strong_wolfe", "max_iter": 3, "history_size": 2},
        {"tolerance_change": 1e-2, "max_iter": 50},
        {"tolerance_grad": 1.0},
    ],
)
def test_iterates_and_state_match_torch(options: dict[str, Any]):
    expected, torch_optimizer = _run(torch, options)
    got, optimizer = _run(rungrad, options)
    for step, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
        np.testing.assert_allclose(mine[0], theirs[0], rtol=1e-4, atol=1e-6, err_msg=str(step))
        for a, b in zip(mine[1:], theirs[1:], strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5, err_msg=str(step))
    state = optimizer.state_dict()["state"][0]
    torch_state = torch_optimizer.state_dict()["state"][0]
    assert sorted(state) == sorted(torch_state)
    for key in ("func_evals", "n_iter"):
        assert state[key] == torch_state[key]
    assert len(state["old_dirs"]) == len(torch_state["old_dirs"])


def test_repr_defaults_and_errors_match_torch():
    def program(torch, emit):
        w = torch.zeros(2, requires_grad=True)
        optimizer = torch.optim.LBFGS([w], max_iter=8)
        emit(optimizer)
        emit(optimizer.defaults)
        for construction in (
            "torch.optim.LBFGS([w], lr=-1)",
            "torch.optim.LBFGS([{'params': [w]}, {'params': [torch.zeros(1)]}])",
        ):
            try:
                eval(construction, {"torch": torch, "w": w})
            except Exception as error:
                emit(type(error).__name__, str(error))

        def closure():
            optimizer.zero_grad()
            loss = ((w - 1) ** 2).sum()
            loss.backward()
            return loss

        emit(optimizer.step(closure), w)
        bad = torch.optim.LBFGS([w], line_search_fn="armijo")
        bad.step(closure)

    same(program)


def test_a_zero_gradient_returns_at_once():
    def program(torch, emit):
        w = torch.ones(2, requires_grad=True)
        optimizer = torch.optim.LBFGS([w])

        def closure():
            optimizer.zero_grad()
            loss = ((w - 1) ** 2).sum()
            loss.backward()
            return loss

        emit(optimizer.step(closure), w, optimizer.state_dict()["state"])

    same(program)
