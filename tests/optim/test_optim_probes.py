"""Optimizer behaviour tutorial programs print, against PyTorch: named parameters
(``param_names`` groups), non-leaf tensors that retain their gradient."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_optimizer_over_named_parameters() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 2)
        opt = torch.optim.Adam(model.named_parameters(), lr=0.1)
        emit(opt, opt.param_groups[0]["param_names"])
        model(torch.ones(1, 2)).sum().backward()
        opt.step()
        state = opt.state_dict()
        emit(state["param_groups"], list(state["state"]))
        again = torch.optim.Adam(model.named_parameters(), lr=0.5)
        again.load_state_dict(state)
        emit(again.param_groups[0]["lr"], again.state[model.weight]["step"])
        emit.attempt(lambda: torch.optim.SGD([("a", model.weight), model.bias], lr=0.1))
        named = torch.optim.SGD([{"params": [("w", model.weight)]}], lr=0.1)
        emit.attempt(lambda: named.add_param_group({"params": [model.bias]}))
        plain = torch.optim.SGD([model.weight], lr=0.1)
        emit.attempt(lambda: plain.add_param_group({"params": [("b", model.bias)]}))
        grouped = torch.optim.SGD([{"params": model.named_parameters(), "lr": 0.2}], lr=0.1)
        emit(grouped)

    same(program)


def test_optimizer_takes_a_non_leaf_that_retains_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, requires_grad=True)
        kept = x * 2
        kept.retain_grad()
        emit(torch.optim.SGD([kept], lr=0.1).param_groups[0]["params"][0] is kept)
        emit.attempt(lambda: torch.optim.SGD([x * 3], lr=0.1))

    same(program)
