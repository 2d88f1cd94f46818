"""Adafactor and SparseAdam against PyTorch: parameter values over several steps, the
optimizer's printout and state dict, option checks and the errors PyTorch raises."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


def _model(torch: Any, dtype: Any = None) -> Any:
    """A small MLP and a conv layer with the same weights in both libraries."""
    model = torch.nn.Sequential(
        torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1), torch.nn.Conv2d(1, 2, 1)
    )
    with torch.no_grad():
        for index, parameter in enumerate(model.parameters()):
            values = torch.linspace(-0.6, 0.7, parameter.numel()) * (1 + index % 3) / 2
            parameter.copy_(values.view(parameter.shape))
    return model.to(dtype) if dtype is not None else model


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"lr": 0.05, "weight_decay": 0.01},
        {"lr": 0.2, "beta2_decay": -0.5, "eps": (1e-3, 1e-2), "d": 2.0},
        {"maximize": True, "lr": 0.03},
        {"lr": 0.5},
    ],
    ids=["defaults", "decay", "options", "maximize", "large lr"],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_adafactor_steps_match(options: dict[str, Any], dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        model = _model(torch, getattr(torch, dtype))
        x = torch.linspace(-1, 1, 32, dtype=getattr(torch, dtype)).view(8, 4)
        optimizer = torch.optim.Adafactor(model.parameters(), **options)
        emit(optimizer)
        for _ in range(6):
            optimizer.zero_grad()
            out = model[3](model[:3](x).view(8, 1, 1, 1))
            loss = (out - 0.5).pow(2).mean()
            loss.backward()
            optimizer.step()
            emit(loss)
        for parameter in model.parameters():
            emit(parameter)
        state = optimizer.state_dict()
        emit(state["param_groups"])
        for key, value in state["state"].items():
            emit(key, {name: tuple(tensor.shape) for name, tensor in value.items()})
            emit(value)

    same(program)


def test_adafactor_shapes_and_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        z = torch.zeros(3, requires_grad=True)
        optimizer = torch.optim.Adafactor([z], lr=0.1)
        z.grad = torch.tensor([1.0, -2.0, 0.0])
        optimizer.step()
        emit(z)
        optimizer.step()
        emit(z, optimizer.state[z])
        scalar = torch.zeros((), requires_grad=True)
        optimizer = torch.optim.Adafactor([scalar], lr=torch.tensor(0.1))
        scalar.grad = torch.tensor(1.0)
        optimizer.step()
        emit(scalar, optimizer.state[scalar])
        cube = torch.ones(2, 3, 4, requires_grad=True)
        optimizer = torch.optim.Adafactor([cube], lr=0.1)
        cube.grad = torch.arange(24.0).view(2, 3, 4)
        optimizer.step()
        emit(cube)
        emit({name: value.shape for name, value in optimizer.state[cube].items()})
        params = [torch.zeros(2, requires_grad=True)]
        for options in [
            {"lr": -1},
            {"beta2_decay": 0.1},
            {"eps": (-1, 1e-3)},
            {"eps": (None, -1)},
            {"d": 0.5},
            {"weight_decay": -1},
            {"lr": torch.tensor([0.1, 0.2])},
        ]:
            emit.attempt(lambda options=options: torch.optim.Adafactor(params, **options))
        c = torch.zeros(2, dtype=torch.complex64, requires_grad=True)
        optimizer = torch.optim.Adafactor([c])
        c.grad = torch.ones(2, dtype=torch.complex64)
        emit.attempt(lambda: optimizer.step())

    same(program)


def test_sparse_adam_refuses_dense_gradients() -> None:
    def program(torch: Any, emit: Any) -> None:
        embedding = torch.nn.Embedding(5, 3)
        optimizer = torch.optim.SparseAdam(embedding.parameters(), lr=0.1)
        emit(optimizer)
        emit(optimizer.state_dict())
        emit(torch.optim.SparseAdam([torch.zeros(2, requires_grad=True)], maximize=True).defaults)
        embedding(torch.tensor([1, 2])).sum().backward()
        emit.attempt(lambda: optimizer.step())
        for options in [
            {"lr": -1},
            {"lr": 0.0},
            {"eps": -1},
            {"betas": (1.0, 0.9)},
            {"betas": (0.9, -0.1)},
        ]:
            emit.attempt(
                lambda options=options: torch.optim.SparseAdam(embedding.parameters(), **options)
            )
        complex_params = [
            torch.zeros(2, dtype=torch.complex64, requires_grad=True),
            torch.zeros(2, requires_grad=True),
            torch.zeros(2, dtype=torch.complex64, requires_grad=True),
        ]
        emit.attempt(lambda: torch.optim.SparseAdam(complex_params))
        emit.attempt(lambda: torch.optim.SparseAdam(torch.zeros(2, requires_grad=True)))
        unused = torch.zeros(3, requires_grad=True)
        optimizer = torch.optim.SparseAdam([unused])
        optimizer.step()  # no gradient: nothing to refuse
        emit(unused)

    same(program)


def test_optimizer_state_dict_hooks() -> None:
    def program(torch: Any, emit: Any) -> None:
        model = _model(torch)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        model[3](model[:3](torch.ones(2, 4)).view(2, 1, 1, 1)).sum().backward()
        optimizer.step()
        optimizer.register_state_dict_pre_hook(lambda o: emit("pre", type(o).__name__))
        optimizer.register_state_dict_post_hook(lambda o, sd: emit("post", sorted(sd)))
        optimizer.register_state_dict_post_hook(lambda o, sd: {**sd, "note": 1}, prepend=True)

        def before_load(o: Any, state: Any) -> Any:
            emit("load pre", sorted(state))
            state = dict(state)
            state.pop("note", None)
            return state

        optimizer.register_load_state_dict_pre_hook(before_load)
        handle = optimizer.register_load_state_dict_post_hook(
            lambda o: emit("load post", len(o.state), o.param_groups[0]["lr"])
        )
        saved = optimizer.state_dict()
        emit(sorted(saved), saved["param_groups"])
        saved["param_groups"][0]["lr"] = 0.5
        optimizer.load_state_dict(saved)
        emit(sorted(saved))  # the hooks worked on a copy
        handle.remove()
        optimizer.register_load_state_dict_pre_hook(
            lambda o, sd: emit("first", sorted(sd)), prepend=True
        )
        optimizer.load_state_dict(saved)
        emit(optimizer.param_groups[0]["lr"])

    same(program)
