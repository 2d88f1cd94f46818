"""nn.Module, Parameter, containers, init and the simple layers, checked against PyTorch.

Each test runs one program on both libraries and compares what it reports (values, names,
reprs, exception types and messages), so behaviour, not implementation, is compared.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

from ._compare import normalised


def _report(value: Any) -> Any:
    if isinstance(value, torch.Tensor | rungrad.Tensor):
        return (
            normalised(str(value.dtype)),
            tuple(value.shape),
            np.round(value.detach().numpy().astype(np.float64), 5).tolist(),
        )
    if isinstance(value, list | tuple):
        return type(value).__name__, [_report(v) for v in value]
    if isinstance(value, dict):
        return {k: _report(v) for k, v in value.items()}
    if isinstance(value, str):
        return normalised(value)
    return value


def same(program: Callable[[Any, Callable[..., None]], None]) -> None:
    """Run ``program(T, emit)`` with T = torch and T = rungrad; the emitted reports match."""
    outputs = []
    for T in (torch, rungrad):
        lines: list[Any] = []

        def emit(*values: Any, lines: list[Any] = lines) -> None:
            lines.append(tuple(_report(v) for v in values))

        try:
            program(T, emit)
        except Exception as error:  # the error is part of the behaviour compared
            lines.append((type(error).__name__, normalised(str(error)).splitlines()[0]))
        outputs.append(lines)
    assert outputs[1] == outputs[0]


def _net(T: Any) -> Any:
    nn = T.nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc1 = nn.Linear(3, 4)
            self.act = nn.ReLU()
            self.block = nn.Sequential(nn.Linear(4, 4), nn.Tanh())
            self.shared = self.fc1  # the same module twice: de-duplicated
            self.register_buffer("steps", T.zeros(1))
            self.register_buffer("scratch", T.ones(2), persistent=False)
            self.scale = nn.Parameter(T.ones(1))

        def forward(self, x: Any) -> Any:
            return self.block(self.act(self.fc1(x))) * self.scale

    return Net()


def test_registration_and_traversal() -> None:
    def program(T: Any, emit: Any) -> None:
        net = _net(T)
        emit([name for name, _ in net.named_parameters()])
        emit([name for name, _ in net.named_parameters(remove_duplicate=False)])
        emit([name for name, _ in net.named_buffers()])
        emit([name for name, _ in net.named_children()])
        emit([name for name, _ in net.named_modules()])
        emit([name for name, _ in net.named_modules(prefix="model")])
        emit(len(list(net.parameters())), len(list(net.parameters(recurse=False))))
        emit(list(net.state_dict()))
        emit(repr(net))
        emit(isinstance(net.scale, T.nn.Parameter), net.scale.requires_grad, net.scale.is_leaf)
        emit(repr(T.nn.Parameter(T.tensor([1.0, 2.0]))))
        emit(type(net.get_submodule("block.0")).__name__, net.get_parameter("block.0.bias").shape)
        del net.act
        emit([name for name, _ in net.named_children()])

    same(program)


def test_attribute_errors() -> None:
    cases = [
        lambda T: _net(T).missing,
        lambda T: setattr(_net(T), "scale", T.ones(1)),
        lambda T: setattr(_net(T), "block", 3),
        lambda T: _net(T).register_parameter("a.b", None),
        lambda T: _net(T).register_buffer("fc1", T.ones(1)),
        lambda T: _net(T).add_module("x", 3),
        lambda T: T.nn.Module().forward(1),
    ]
    for case in cases:
        same(lambda T, emit, case=case: emit(case(T)))


def test_train_eval_zero_grad_requires_grad_apply_and_dtype() -> None:
    def program(T: Any, emit: Any) -> None:
        T.manual_seed(0)
        net = _net(T)
        emit(net.training, net.block.training)
        net.eval()
        emit(net.training, net.block[0].training)
        net.train()
        emit(net.block[1].training)
        out = net(T.ones(2, 3)).sum()
        out.backward()
        emit([p.grad is not None for p in net.parameters()])
        net.zero_grad(set_to_none=False)
        emit([float(p.grad.abs().sum()) for p in net.parameters()])
        net.zero_grad()
        emit([p.grad is None for p in net.parameters()])
        net.requires_grad_(False)
        emit([p.requires_grad for p in net.parameters()])
        visited = []
        net.apply(lambda m: visited.append(type(m).__name__))
        emit(visited)
        net.double()
        emit([str(p.dtype) for p in net.parameters()], str(net.steps.dtype))
        net.to(T.float32)
        emit([str(p.dtype) for p in net.parameters()])
        emit(net.to(T.int64))

    same(program)


def test_state_dict_round_trip_and_errors() -> None:
    def program(T: Any, emit: Any) -> None:
        source, target = _net(T), _net(T)
        result = target.load_state_dict(source.state_dict())
        emit(repr(result))
        emit(all(T.equal(a, b) for a, b in zip(source.parameters(), target.parameters())))
        state = source.state_dict()
        state["extra"] = T.ones(1)
        del state["fc1.bias"]
        emit(repr(target.load_state_dict(state, strict=False)))
        state = source.state_dict()
        state["fc1.weight"] = T.ones(5, 3)
        target.load_state_dict(state)

    same(program)


def test_forward_hooks() -> None:
    def program(T: Any, emit: Any) -> None:
        layer = T.nn.Linear(2, 2)
        calls = []
        pre = layer.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
        post = layer.register_forward_hook(lambda m, args, out: calls.append(out.shape) or out + 1)
        with T.no_grad():
            layer.weight.fill_(1.0)
            layer.bias.zero_()
        emit(layer(T.ones(1, 2)))
        pre.remove()
        post.remove()
        emit(layer(T.ones(1, 2)), calls)

    same(program)


def test_containers() -> None:
    def program(T: Any, emit: Any) -> None:
        nn = T.nn
        seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
        emit(repr(seq[1:]), type(seq[-1]).__name__, len(seq))
        seq.append(nn.Sigmoid())
        emit(repr(seq))
        named = nn.Sequential(OrderedDict([("first", nn.Linear(1, 1)), ("act", nn.Tanh())]))
        emit(repr(named), list(named.state_dict()))
        layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
        layers.append(nn.ReLU())
        emit(repr(layers), len(layers), type(layers[-1]).__name__)
        table = nn.ModuleDict({"a": nn.Linear(1, 2), "b": nn.ReLU()})
        emit(repr(table), list(table.keys()), "a" in table)
        params = nn.ParameterList([nn.Parameter(T.ones(2)), nn.Parameter(T.zeros(3))])
        emit(repr(params), len(params), [name for name, _ in params.named_parameters()])
        by_name = nn.ParameterDict({"w": nn.Parameter(T.ones(2, 2))})
        emit(repr(by_name), list(by_name.keys()))
        emit(repr(nn.Flatten()), repr(nn.Unflatten(1, (2, 3))), repr(nn.Identity()))
        emit(nn.Unflatten(1, (2, 3))(T.ones(4, 6)).shape, nn.Flatten(0)(T.ones(2, 3, 4)).shape)

    same(program)


LAYERS = [
    lambda nn: nn.Linear(5, 7),
    lambda nn: nn.Linear(5, 7, bias=False),
    lambda nn: nn.Bilinear(3, 4, 5),
    lambda nn: nn.Conv1d(3, 6, 3, stride=2, padding=1, bias=False),
    lambda nn: nn.Conv2d(2, 4, (3, 2), dilation=2, groups=2),
    lambda nn: nn.Conv2d(2, 4, 3, padding="same", padding_mode="reflect"),
    lambda nn: nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1),
    lambda nn: nn.ConvTranspose1d(4, 2, 3),
    lambda nn: nn.Embedding(10, 3, padding_idx=2),
    lambda nn: nn.MaxPool2d(3, 2, 1, ceil_mode=True),
    lambda nn: nn.AvgPool2d(2),
    lambda nn: nn.AdaptiveAvgPool2d((1, 2)),
    lambda nn: nn.Dropout(0.25),
    lambda nn: nn.LeakyReLU(0.2, inplace=True),
    lambda nn: nn.ELU(alpha=0.5),
    lambda nn: nn.Softplus(beta=2),
    lambda nn: nn.Hardtanh(-2, 2),
    lambda nn: nn.Softmax(dim=-1),
    lambda nn: nn.CrossEntropyLoss(label_smoothing=0.1),
    lambda nn: nn.BCEWithLogitsLoss(),
    lambda nn: nn.SmoothL1Loss(beta=0.5),
]


@pytest.mark.parametrize("index", range(len(LAYERS)))
def test_layer_repr_and_state_dict(index: int) -> None:
    def program(T: Any, emit: Any) -> None:
        layer = LAYERS[index](T.nn)
        emit(repr(layer))
        emit({k: tuple(v.shape) for k, v in layer.state_dict().items()})

    same(program)


@pytest.mark.parametrize(
    "build, bound_of",
    [
        (lambda nn: nn.Linear(50, 40), lambda layer: 1 / np.sqrt(50)),
        (lambda nn: nn.Conv2d(6, 64, 3), lambda layer: 1 / np.sqrt(6 * 9)),
        (lambda nn: nn.Conv2d(6, 64, 3, groups=2), lambda layer: 1 / np.sqrt(3 * 9)),
    ],
)
def test_default_initialisation_follows_pytorchs_bounds(build: Any, bound_of: Any) -> None:
    # PyTorch's kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)) weights
    # and the same range for biases; check the range is used (not just respected).
    layer = build(rungrad.nn)
    bound = bound_of(layer)
    for name in ("weight", "bias"):
        values = getattr(layer, name).detach().numpy()
        assert np.abs(values).max() <= bound + 1e-7, name
        assert np.abs(values).max() > 0.8 * bound, name
        assert abs(values.mean()) < 0.25 * bound, name


def test_init_functions_follow_pytorchs_distributions() -> None:
    nn = rungrad.nn
    rungrad.manual_seed(0)
    weight = rungrad.empty(400, 300)
    fan_in, fan_out = 300, 400
    cases = {
        "xavier_uniform_": (
            lambda: nn.init.xavier_uniform_(weight),
            np.sqrt(2 / (fan_in + fan_out)),
        ),
        "xavier_normal_": (lambda: nn.init.xavier_normal_(weight), np.sqrt(2 / (fan_in + fan_out))),
        "kaiming_uniform_": (
            lambda: nn.init.kaiming_uniform_(weight, nonlinearity="relu"),
            np.sqrt(2 / fan_in),
        ),
        "kaiming_normal_": (
            lambda: nn.init.kaiming_normal_(weight, mode="fan_out"),
            np.sqrt(2 / (1 + 0.0)) / np.sqrt(fan_out),
        ),
        "normal_": (lambda: nn.init.normal_(weight, 0.0, 0.02), 0.02),
        "trunc_normal_": (lambda: nn.init.trunc_normal_(weight, std=0.5, a=-1, b=1), None),
    }
    for name, (fill, std) in cases.items():
        result = fill()
        assert result is weight, name
        values = weight.numpy()
        if std is not None:
            assert abs(values.std() - std) < 0.05 * std, name
        else:
            assert values.min() >= -1 and values.max() <= 1, name
    assert nn.init.calculate_gain("tanh") == torch.nn.init.calculate_gain("tanh")
    assert nn.init.calculate_gain("leaky_relu", 0.2) == torch.nn.init.calculate_gain(
        "leaky_relu", 0.2
    )
    square = rungrad.empty(5, 5)
    nn.init.orthogonal_(square)
    np.testing.assert_allclose(square.numpy() @ square.numpy().T, np.eye(5), atol=1e-5)
    nn.init.constant_(square, 0.5)
    assert (square.numpy() == 0.5).all()
