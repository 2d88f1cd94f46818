"""RNN, LSTM, GRU and their cells against PyTorch: parameter names and shapes, reprs,
outputs, gradients w.r.t. inputs, initial states and every parameter, errors."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

from ._compare import (
    assert_close,
    compare_error,
    compare_modules,
    make_pair,
    recorded_warnings,
    to_rungrad,
    to_torch,
)

CONFIGS = [
    {},
    {"num_layers": 2},
    {"bidirectional": True},
    {"num_layers": 2, "bidirectional": True, "batch_first": True},
    {"bias": False, "batch_first": True},
    {"num_layers": 3, "bias": False, "bidirectional": True},
]


def _sequence_shape(config: dict, length: int = 5, batch: int = 2, features: int = 3) -> tuple:
    return (batch, length, features) if config.get("batch_first") else (length, batch, features)


@pytest.mark.parametrize("config", CONFIGS, ids=str)
@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_layer_matches_torch(kind: str, config: dict) -> None:
    compare_modules(lambda T: getattr(T.nn, kind)(3, 4, **config), [_sequence_shape(config)])


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_initial_state(kind: str) -> None:
    states = 2 * 2
    shape = (states, 2, 4)
    hidden = (shape, shape) if kind == "LSTM" else shape
    compare_modules(
        lambda T: getattr(T.nn, kind)(3, 4, num_layers=2, bidirectional=True),
        [(5, 2, 3), hidden],
    )


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_float64(kind: str) -> None:
    compare_modules(
        lambda T: getattr(T.nn, kind)(3, 4, num_layers=2, bidirectional=True),
        [(4, 2, 3)],
        dtype="float64",
    )


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_unbatched(kind: str) -> None:
    hidden = ((2, 4), (2, 4)) if kind == "LSTM" else (2, 4)
    compare_modules(lambda T: getattr(T.nn, kind)(3, 4, num_layers=2), [(5, 3), hidden])
    compare_modules(lambda T: getattr(T.nn, kind)(3, 4, bidirectional=True), [(5, 3)])


def test_relu_rnn() -> None:
    compare_modules(lambda T: T.nn.RNN(3, 4, 2, nonlinearity="relu"), [(5, 2, 3)])


def test_lstm_projection() -> None:
    compare_modules(
        lambda T: T.nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2), [(5, 2, 3)]
    )
    compare_modules(lambda T: T.nn.LSTM(3, 4, proj_size=2), [(5, 2, 3), ((1, 2, 2), (1, 2, 4))])


def test_dropout_between_layers() -> None:
    # Evaluation ignores dropout; p=1 zeroes the second layer's input: both deterministic.
    compare_modules(
        lambda T: T.nn.GRU(3, 4, num_layers=2, dropout=0.5), [(5, 2, 3)], training=False
    )
    compare_modules(lambda T: T.nn.LSTM(3, 4, num_layers=2, dropout=1.0), [(5, 2, 3)])
    # Otherwise training outputs are random, repeatable with the seed, and differ from eval.
    layer = rungrad.nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    x = rungrad.randn(6, 2, 3)
    rungrad.manual_seed(1)
    first = layer(x)[0]
    rungrad.manual_seed(1)
    again = layer(x)[0]
    assert rungrad.equal(first, again)
    layer.eval()
    assert not rungrad.allclose(first, layer(x)[0])


CELLS = {
    "RNNCell": (lambda T: T.nn.RNNCell(3, 4), [(2, 3), (2, 4)]),
    "RNNCell relu no bias": (lambda T: T.nn.RNNCell(3, 4, False, "relu"), [(2, 3)]),
    "LSTMCell": (lambda T: T.nn.LSTMCell(3, 4), [(2, 3), ((2, 4), (2, 4))]),
    "LSTMCell no state": (lambda T: T.nn.LSTMCell(3, 4, bias=False), [(2, 3)]),
    "GRUCell": (lambda T: T.nn.GRUCell(3, 4), [(2, 3), (2, 4)]),
    "GRUCell unbatched": (lambda T: T.nn.GRUCell(3, 4), [(3,), (4,)]),
    "LSTMCell unbatched": (lambda T: T.nn.LSTMCell(3, 4), [(3,)]),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(CELLS))
def test_cell_matches_torch(name: str, dtype: str) -> None:
    factory, shapes = CELLS[name]
    compare_modules(factory, shapes, dtype=dtype)


@pytest.mark.parametrize(
    ("factory", "names"),
    [
        (lambda T: T.nn.RNNCell(3, 4), ["TanhBackward0"]),
        (lambda T: T.nn.GRUCell(3, 4), ["AddBackward0"]),
        (lambda T: T.nn.LSTMCell(3, 4), ["MulBackward0", "AddBackward0"]),
    ],
)
def test_cell_grad_fn(factory, names) -> None:
    outputs = factory(rungrad)(rungrad.randn(2, 3))
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    assert [type(output.grad_fn).__name__ for output in outputs] == names


def test_sequence_of_cells_equals_layer() -> None:
    layer = rungrad.nn.GRU(3, 4)
    cell = rungrad.nn.GRUCell(3, 4)
    cell.load_state_dict({k[:-3]: v for k, v in layer.state_dict().items()})
    x = rungrad.randn(5, 2, 3)
    output, hidden = layer(x)
    state = rungrad.zeros(2, 4)
    for step in range(5):
        state = cell(x[step], state)
        assert rungrad.allclose(output[step], state, atol=1e-6)
    assert rungrad.allclose(hidden[0], state, atol=1e-6)


def test_initialisation_and_weights() -> None:
    layer = rungrad.nn.LSTM(3, 16, num_layers=2, bidirectional=True)
    bound = 1 / math.sqrt(16)
    for parameter in layer.parameters():
        values = parameter.detach().numpy()
        assert values.min() >= -bound and values.max() <= bound
        assert values.std() > bound / 4
    assert layer._flat_weights_names[:4] == [
        "weight_ih_l0",
        "weight_hh_l0",
        "bias_ih_l0",
        "bias_hh_l0",
    ]
    assert layer.all_weights[1][0] is layer.weight_ih_l0_reverse
    assert len(layer.all_weights) == 4


@pytest.mark.parametrize(
    "factory",
    [
        lambda T: T.nn.RNN(3, 4, 2, "relu", False, True, 0.25, True),
        lambda T: T.nn.LSTM(3, 4, 2, False, True, 0.0, True, 2),
        lambda T: T.nn.GRU(3, 4, bidirectional=True),
        lambda T: T.nn.RNNCell(3, 4, nonlinearity="relu", bias=False),
        lambda T: T.nn.GRUCell(5, 2),
    ],
)
def test_positional_arguments_and_repr(factory) -> None:
    make_pair(factory)


def test_training_step_matches_torch() -> None:
    expected, actual = make_pair(lambda T: T.nn.LSTM(3, 4, num_layers=2))
    rng = np.random.default_rng(5)
    optimisers = [torch.optim.SGD(expected.parameters(), lr=0.1)]
    for _ in range(3):
        x = rng.standard_normal((4, 2, 3)).astype(np.float32)
        target = rng.standard_normal((4, 2, 4)).astype(np.float32)
        expected.zero_grad()
        loss = ((expected(to_torch(x))[0] - to_torch(target)) ** 2).mean()
        loss.backward()
        optimisers[0].step()
        actual.zero_grad()
        actual_loss = ((actual(to_rungrad(x))[0] - to_rungrad(target)) ** 2).mean()
        actual_loss.backward()
        with rungrad.no_grad():
            for parameter in actual.parameters():
                parameter -= 0.1 * parameter.grad
        assert_close(loss, actual_loss)
    for name, parameter in expected.named_parameters():
        assert_close(parameter, getattr(actual, name), what=name)


def test_dropout_warning() -> None:
    expected = recorded_warnings(lambda: torch.nn.RNN(3, 4, dropout=0.5))
    actual = recorded_warnings(lambda: rungrad.nn.RNN(3, 4, dropout=0.5))
    assert actual == expected
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rungrad.nn.GRU(3, 4, num_layers=2, dropout=0.5)


@pytest.mark.parametrize(
    "call",
    [
        lambda T: T.nn.RNN(3, 4)(T.randn(5, 2, 4)),
        lambda T: T.nn.RNN(3, 4)(T.randn(5, 2, 3), T.randn(1, 3, 4)),
        lambda T: T.nn.RNN(3, 4)(T.randn(5, 2, 3), T.randn(2, 2, 4)),
        lambda T: T.nn.RNN(3, 4)(T.randn(5, 2, 3, 1)),
        lambda T: T.nn.GRU(3, 4)(T.randn(5, 2, 3), T.randn(2, 4)),
        lambda T: T.nn.GRU(3, 4)(T.randn(5, 3), T.randn(1, 2, 4)),
        lambda T: T.nn.LSTM(3, 4)(T.randn(3)),
        lambda T: T.nn.GRU(3, 4)(T.randn(1, 2, 3, 4)),
        lambda T: T.nn.LSTM(3, 4, 2)(T.randn(5, 2, 3), (T.randn(2, 2, 4), T.randn(1, 2, 4))),
        lambda T: T.nn.LSTM(3, 4, 2)(T.randn(5, 2, 3), (T.randn(2, 2, 4), T.randn(2, 3, 4))),
        lambda T: T.nn.LSTM(3, 4, 2)(T.randn(5, 2, 3), (T.randn(2, 4), T.randn(2, 4))),
        lambda T: T.nn.LSTM(3, 4, proj_size=2)(T.randn(5, 2, 3), (T.randn(1, 2, 4),) * 2),
        lambda T: T.nn.RNN(3, 4, dropout=1.5),
        lambda T: T.nn.RNN(3, 4, dropout=True),
        lambda T: T.nn.RNN(3, 4, nonlinearity="sigmoid"),
        lambda T: T.nn.RNN(3, 4, num_layers=0),
        lambda T: T.nn.GRU(3, 0),
        lambda T: T.nn.LSTM(3, 4.0),
        lambda T: T.nn.LSTM(3, 4, proj_size=4),
        lambda T: T.nn.LSTM(3, 4, proj_size=-1),
        lambda T: T.nn.RNN(3, 4, proj_size=2),
        lambda T: T.nn.GRU(3, 4, proj_size=2),
        lambda T: T.nn.RNNCell(3, 4)(T.randn(2, 4)),
        lambda T: T.nn.RNNCell(3, 4)(T.randn(2, 3), T.randn(3, 4)),
        lambda T: T.nn.RNNCell(3, 4)(T.randn(2, 3, 1)),
        lambda T: T.nn.GRUCell(3, 4)(T.randn(2, 3), T.randn(2, 5)),
        lambda T: T.nn.LSTMCell(3, 4)(T.randn(2, 5)),
    ],
)
def test_errors(call) -> None:
    compare_error(call)


def _graph_names(output: Any, depth: int = 2) -> list[str]:
    """The node names of ``output``'s graph, breadth first, ``depth`` levels deep."""
    names, level = [], [output.grad_fn]
    for _ in range(depth):
        names.append(
            [None if node is None else node.name().replace("rungrad", "torch") for node in level]
        )
        level = [edge[0] for node in level if node is not None for edge in node.next_functions]
    return names


@pytest.mark.parametrize(
    "config",
    [*CONFIGS, {"proj_size": 2}, {"dtype": "float64"}, {"unbatched": True}],
    ids=str,
)
def test_lstm_graph_has_torchs_nodes(config: dict) -> None:
    config = dict(config)
    dtype = config.pop("dtype", "float32")
    unbatched = config.pop("unbatched", False)
    shape = _sequence_shape(config)[1:] if unbatched else _sequence_shape(config)
    graphs = []
    for library in (torch, rungrad):
        layer = library.nn.LSTM(3, 4, **config).to(getattr(library, dtype))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's note that projections skip oneDNN
            output, (hidden, cell) = layer(library.ones(shape, dtype=getattr(library, dtype)))
        graphs.append([_graph_names(t) for t in (output, hidden, cell)])
    assert graphs[1] == graphs[0]


def test_lstm_node_backward_twice_and_double_backward() -> None:
    results = []
    for library in (torch, rungrad):
        layer = library.nn.LSTM(2, 3, num_layers=2)
        with library.no_grad():
            for index, param in enumerate(layer.parameters()):
                param.copy_(library.linspace(-0.5, 0.5, param.numel()).reshape(param.shape) + index)
        x = library.linspace(-1, 1, 8).reshape(4, 1, 2).requires_grad_()
        output, (hidden, cell) = layer(x)
        loss = output.pow(2).sum() + hidden.sum() + cell.sum()
        loss.backward(retain_graph=True)
        loss.backward()
        (first,) = library.autograd.grad(layer(x)[0].pow(2).sum(), x, create_graph=True)
        (second,) = library.autograd.grad(first.sum(), x)
        results.append([x.grad, layer.weight_hh_l1.grad, first, second])
    for theirs, mine in zip(results[0], results[1]):
        assert_close(theirs, mine)
