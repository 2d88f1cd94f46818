"""Packed sequences against PyTorch: PackedSequence and its methods, pack_padded_sequence,
pad_packed_sequence, pack_sequence and unpack_sequence (values, reprs, graphs, gradients,
errors), and RNN, LSTM and GRU run on packed input (outputs, final states, gradients)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import numpy as np
import pytest
import torch

import rungrad
from rungrad.autograd import gradcheck

from ._compare import assert_close, flatten, make_pair, to_rungrad, to_torch
from .test_backward_hooks import same


def _rnn_utils(library: Any) -> Any:
    return import_module(library.__name__ + ".nn.utils.rnn")


def _names(tensor: Any) -> list[str]:
    """The graph's node names, depth first, each node once."""
    names, seen, stack = [], set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        names.append(type(node).__name__.replace("torch::autograd::", ""))
        stack.extend(edge[0] for edge in reversed(node.next_functions))
    return names


PACKING = [
    {"lengths": [4, 2, 1]},
    {"lengths": [2, 4, 1], "enforce_sorted": False},
    {"lengths": [3, 3, 1], "batch_first": True},
    {"lengths": [1, 3, 2], "batch_first": True, "enforce_sorted": False},
    {"lengths": [2, 2, 2]},
]


@pytest.mark.parametrize("options", PACKING, ids=str)
def test_pack_and_pad_values_graphs_and_gradients(options: dict[str, Any]) -> None:
    def program(torch: Any, emit: Any) -> None:
        rnn_utils = _rnn_utils(torch)
        settings = dict(options)
        lengths = settings.pop("lengths")
        shape = (3, 4, 2) if settings.get("batch_first") else (4, 3, 2)
        x = torch.arange(24.0).reshape(shape).requires_grad_()
        packed = rnn_utils.pack_padded_sequence(x, torch.tensor(lengths), **settings)
        emit(packed, repr(packed), packed.batch_sizes.dtype, _names(packed.data))
        emit(type(packed).__name__, type(packed).__module__, packed._fields, len(packed))
        batch_first = settings.get("batch_first", False)
        for extra in ({}, {"padding_value": -1.5, "total_length": 6}):
            padded, sizes = rnn_utils.pad_packed_sequence(packed, batch_first, **extra)
            # PyTorch copies through narrowed views, so its node is CopySlices even where one
            # copy fills the whole result (all lengths equal); rungrad's is CopyBackwards there.
            full = len(set(lengths)) == 1 and not extra
            emit(padded.detach(), sizes, _names(padded)[1:] if full else _names(padded))
        rows = packed.data.shape[0]
        weights = torch.linspace(-1.0, 2.0, rows * 2).reshape(rows, 2)
        (packed.data * weights).sum().backward(retain_graph=True)
        emit(x.grad)
        x.grad = None
        padded, _ = rnn_utils.pad_packed_sequence(packed, batch_first=not batch_first)
        (padded * torch.arange(float(padded.numel())).reshape(padded.shape)).sum().backward()
        emit(x.grad)

    same(program)


def test_pack_sequence_and_unpack_sequence() -> None:
    def program(torch: Any, emit: Any) -> None:
        rnn_utils = _rnn_utils(torch)
        a = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
        b = torch.tensor([[7.0, 8.0]], requires_grad=True)
        c = torch.tensor([[9.0, 10.0], [11.0, 12.0]], requires_grad=True)
        packed = rnn_utils.pack_sequence([b, a, c], enforce_sorted=False)
        emit(packed, _names(packed.data))
        unpacked = rnn_utils.unpack_sequence(packed)
        emit(unpacked)
        sum((sequence * (i + 1)).sum() for i, sequence in enumerate(unpacked)).backward()
        emit(a.grad, b.grad, c.grad)
        emit(rnn_utils.pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])]))
        emit(rnn_utils.pad_packed_sequence(rnn_utils.pack_sequence([torch.tensor([5, 6])])))

    same(program)


def test_packed_sequence_class_and_conversions() -> None:
    def program(torch: Any, emit: Any) -> None:
        rnn_utils = _rnn_utils(torch)
        PackedSequence = rnn_utils.PackedSequence
        data, sizes = torch.ones(3, 2), torch.tensor([2, 1])
        emit(PackedSequence(data, sizes))
        emit(PackedSequence((data, sizes)))
        emit(PackedSequence(data, sizes, torch.tensor([1, 0])))
        emit(rnn_utils.invert_permutation(torch.tensor([2, 0, 1])))
        emit(rnn_utils.invert_permutation(None))
        packed = rnn_utils.pack_sequence([torch.ones(2, 3), torch.ones(1, 3)], False)
        emit(packed.to(torch.float32) is packed, packed.float() is packed, packed.cpu() is packed)
        for converted in (packed.double(), packed.long(), packed.int(), packed.half()):
            emit(converted.data.dtype, converted.sorted_indices, converted.batch_sizes)
        emit(packed.to(torch.ones(1, dtype=torch.float64)).data.dtype)
        emit(packed.is_cuda, packed.is_pinned())
        emit(packed._replace(data=packed.data * 2))
        data, batch_sizes, sorted_indices, unsorted_indices = packed
        emit(data.shape, batch_sizes, sorted_indices, unsorted_indices)
        PackedSequence(data)

    same(program)


@pytest.mark.parametrize(
    "call",
    [
        "pack_padded_sequence(x, torch.tensor([2, 4, 1]))",
        "pack_padded_sequence(x, [4, 2, 0])",
        "pack_padded_sequence(x, [0, 2, 1])",
        "pack_padded_sequence(x, [4, 2, -1], enforce_sorted=False)",
        "pack_padded_sequence(x, [4, 2])",
        "pack_padded_sequence(x, torch.tensor([[4, 2, 1]]))",
        "pack_padded_sequence(torch.ones(0, 3, 2), [1, 1, 1])",
        "pack_padded_sequence(x, [4.5, 2, 1]).batch_sizes",
        "pack_padded_sequence(x, (4, 2, 1), enforce_sorted=False).data.grad_fn",
        "pack_padded_sequence(x, torch.tensor([4, 2, 1], dtype=torch.int32)).batch_sizes",
        "pack_padded_sequence(x[:, :, 0], [4, 2, 1])",
        "pack_padded_sequence(x.int(), [4, 2, 1]).data.dtype",
        "pad_packed_sequence(pack_padded_sequence(x, [3, 2, 1]), total_length=2)",
        "pack_sequence([])",
        "pack_sequence([torch.ones(2, 3), torch.ones(3, 3)])",
    ],
)
def test_packing_inputs_and_errors(call: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        namespace = {"torch": torch, **vars(_rnn_utils(torch))}
        namespace["x"] = torch.arange(24.0).reshape(4, 3, 2)
        emit(eval(call, namespace))

    same(program)


def test_packing_gradcheck() -> None:
    rnn_utils = _rnn_utils(rungrad)
    x = rungrad.randn(4, 3, 2, dtype=rungrad.float64, requires_grad=True)

    def round_trip(x: Any) -> Any:
        packed = rnn_utils.pack_padded_sequence(x, [2, 4, 3], enforce_sorted=False)
        padded, _ = rnn_utils.pad_packed_sequence(packed, batch_first=True, total_length=5)
        return packed.data.sin(), padded

    assert gradcheck(round_trip, (x,))
    assert rungrad.autograd.gradgradcheck(round_trip, (x,))


# -- recurrent layers on packed input ----------------------------------------------------------
RNN_CONFIGS = [
    {},
    {"num_layers": 2},
    {"bidirectional": True},
    {"num_layers": 2, "bidirectional": True, "batch_first": True},
    {"num_layers": 3, "bias": False, "bidirectional": True},
]

PACKED_INPUTS = [
    ([5, 3, 3, 1], True),
    ([2, 5, 1, 4], False),
    ([3, 3, 3, 3], True),
]


def _run_packed(
    library: Any, module: Any, padded: Any, lengths: list[int], enforce_sorted: bool, hx: Any
) -> list[Any]:
    rnn_utils = _rnn_utils(library)
    packed = rnn_utils.pack_padded_sequence(
        padded, lengths, batch_first=module.batch_first, enforce_sorted=enforce_sorted
    )
    output, state = module(packed, hx)
    assert type(output).__name__ == "PackedSequence"
    return [output, *flatten(state)]


def _compare_packed(
    kind: str,
    config: dict[str, Any],
    lengths: list[int],
    enforce_sorted: bool,
    with_state: bool = False,
    dtype: str = "float32",
    extra: dict[str, Any] | None = None,
) -> None:
    factory_options = {**config, **(extra or {})}
    expected_module, actual_module = make_pair(
        lambda T: getattr(T.nn, kind)(3, 4, **factory_options), dtype
    )
    rng = np.random.default_rng(len(lengths) + sum(lengths))
    steps, batch = max(lengths), len(lengths)
    shape = (batch, steps, 3) if config.get("batch_first") else (steps, batch, 3)
    arrays = [rng.standard_normal(shape).astype(dtype)]
    if with_state:
        directions = 2 if config.get("bidirectional") else 1
        layers = config.get("num_layers", 1) * directions
        sizes = [factory_options.get("proj_size", 4)] + ([4] if kind == "LSTM" else [])
        arrays += [rng.standard_normal((layers, batch, size)).astype(dtype) for size in sizes]

    def inputs(convert: Any) -> tuple[Any, Any, list[Any]]:
        tensors = [convert(array, True) for array in arrays]
        hx = None
        if with_state:
            hx = tuple(tensors[1:]) if kind == "LSTM" else tensors[1]
        return tensors[0], hx, tensors

    expected_padded, expected_hx, expected_leaves = inputs(to_torch)
    actual_padded, actual_hx, actual_leaves = inputs(to_rungrad)
    expected = _run_packed(
        torch, expected_module, expected_padded, lengths, enforce_sorted, expected_hx
    )
    actual = _run_packed(rungrad, actual_module, actual_padded, lengths, enforce_sorted, actual_hx)
    for field in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        assert str(getattr(actual[0], field)) == str(getattr(expected[0], field)), field
    expected[0], actual[0] = expected[0].data, actual[0].data
    assert [type(t.grad_fn).__name__ for t in actual] == [t.grad_fn.name() for t in expected]
    vectors = []
    for i, (e, a) in enumerate(zip(expected, actual)):
        assert_close(e, a, dtype, f"output {i}")
        vectors.append(rng.standard_normal(tuple(e.shape)).astype(dtype))
    torch.autograd.backward(expected, [to_torch(v) for v in vectors])
    rungrad.autograd.backward(actual, [to_rungrad(v) for v in vectors])
    for i, (e, a) in enumerate(zip(expected_leaves, actual_leaves)):
        assert_close(e.grad, a.grad, dtype, f"gradient of input {i}")
    actual_parameters = dict(actual_module.named_parameters())
    for name, parameter in expected_module.named_parameters():
        assert_close(parameter.grad, actual_parameters[name].grad, dtype, f"gradient of {name}")


@pytest.mark.parametrize("lengths, enforce_sorted", PACKED_INPUTS, ids=str)
@pytest.mark.parametrize("config", RNN_CONFIGS, ids=str)
@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_layers_on_packed_input(
    kind: str, config: dict[str, Any], lengths: list[int], enforce_sorted: bool
) -> None:
    _compare_packed(kind, config, lengths, enforce_sorted)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_layers_on_packed_input_with_initial_state_float64(kind: str) -> None:
    config = {"num_layers": 2, "bidirectional": True}
    _compare_packed(kind, config, [2, 4, 1], False, with_state=True, dtype="float64")
    _compare_packed(kind, config, [4, 2, 1], True, with_state=True)


def test_relu_rnn_and_lstm_projection_on_packed_input() -> None:
    _compare_packed("RNN", {"num_layers": 2}, [3, 1, 2], False, extra={"nonlinearity": "relu"})
    # (PyTorch 2.13 refuses a packed input to a bidirectional LSTM of several layers with
    # projections: "Odd number of params or hiddens given to a bidirectional RNN".)
    for config in ({"bidirectional": True}, {"num_layers": 2}):
        _compare_packed("LSTM", config, [3, 1, 2], False, True, extra={"proj_size": 2})


def test_packed_output_pads_to_the_padded_run() -> None:
    """Unpacking the output of a packed run gives the padded run's steps, zeros after."""
    rnn_utils = _rnn_utils(rungrad)
    rungrad.manual_seed(0)
    layer = rungrad.nn.GRU(3, 4, bidirectional=True)
    x = rungrad.randn(3, 1, 3)
    padded = rungrad.cat([x, rungrad.zeros(2, 1, 3)], 0)
    output, h_n = layer(rnn_utils.pack_padded_sequence(padded, [3]))
    unpacked, lengths = rnn_utils.pad_packed_sequence(output, total_length=5)
    expected, expected_h_n = layer(x)
    close = {"rtol": 1e-5, "atol": 1e-6}  # one projection per step against one for all steps
    np.testing.assert_allclose(unpacked[:3].detach().numpy(), expected.detach().numpy(), **close)
    assert not unpacked[3:].detach().numpy().any()
    np.testing.assert_allclose(h_n.detach().numpy(), expected_h_n.detach().numpy(), **close)
    assert lengths.tolist() == [3]


def test_packed_layer_gradcheck() -> None:
    rnn_utils = _rnn_utils(rungrad)
    rungrad.manual_seed(0)
    layer = rungrad.nn.LSTM(2, 3, num_layers=2, bidirectional=True).double()
    x = rungrad.randn(3, 3, 2, dtype=rungrad.float64, requires_grad=True)

    def run(x: Any) -> Any:
        packed = rnn_utils.pack_padded_sequence(x, [1, 3, 2], enforce_sorted=False)
        output, (h_n, c_n) = layer(packed)
        return output.data, h_n, c_n

    assert gradcheck(run, (x,))


@pytest.mark.parametrize(
    "call",
    [
        "T.nn.GRU(2, 4)(packed, T.zeros(1, 3, 4))",
        "T.nn.RNN(2, 4)(packed, T.zeros(2, 4))",
        "T.nn.GRU(3, 4)(packed)",
        "T.nn.LSTM(3, 4)(packed)",
        "T.nn.RNN(2, 4)(utils.PackedSequence(T.ones(4, 1, 2), T.tensor([2, 1, 1])))",
    ],
)
def test_layer_errors_on_packed_input(call: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        utils = _rnn_utils(torch)
        packed = utils.pack_sequence([torch.ones(3, 2), torch.ones(1, 2)])
        emit(eval(call, {"T": torch, "utils": utils, "packed": packed}))

    same(program)
