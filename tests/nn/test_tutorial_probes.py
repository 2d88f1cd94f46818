"""Behaviour tutorial programs meet, against PyTorch: the graph an RNN's batch-first output
carries, nn.Unflatten's checks and messages, the names of functional activations, and
state-dict versions (a BatchNorm state dict without ``num_batches_tracked``)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from transcripts import same


def _fill(library: Any, module: Any) -> Any:
    """Deterministic weights, the same in both libraries."""
    with library.no_grad():
        for index, parameter in enumerate(module.parameters()):
            count = parameter.numel()
            values = library.linspace(-0.5, 0.5, count) * (1 + index % 3) / 2
            parameter.copy_(values.view(parameter.shape))
    return module


@pytest.mark.parametrize("kind", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_batch_first_output_graph_and_gradients(kind: str, bidirectional: bool) -> None:
    def program(torch: Any, emit: Any) -> None:
        rnn = _fill(torch, getattr(torch.nn, kind)(2, 3, batch_first=True,
                                                   bidirectional=bidirectional))  # fmt: skip
        x = torch.linspace(-1, 1, 12).view(2, 3, 2).requires_grad_()
        output, _ = rnn(x)
        emit(type(output.grad_fn).__name__, output.shape, output.is_contiguous())
        emit(output)
        (output * torch.arange(output.numel()).view(output.shape)).sum().backward()
        emit(x.grad)
        emit(rnn.weight_hh_l0.grad)

    same(program)


def test_unflatten_module_checks_and_messages() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        emit(nn.Unflatten(1, [2, 2]), nn.Unflatten(1, torch.Size([2, 2])), nn.Unflatten(-1, (2, 2)))
        x = torch.arange(8.0).view(2, 4).requires_grad_()
        out = nn.Unflatten(1, (2, -1))(x)
        emit(out, out.shape)
        emit.attempt(lambda: nn.Unflatten(1, (2, 2))(torch.ones(2, 3)))
        emit.attempt(lambda: nn.Unflatten(1, (-1, -1))(torch.ones(2, 4)))
        for sizes in ([2, "a"], (2.0, 2), "ab", None, 3):
            emit.attempt(lambda sizes=sizes: nn.Unflatten(1, sizes))
        # Which sizes the product check sees, and which fail in the size inference.
        for width, sizes in [(3, (0, -1)), (4, (-1, -1, 3)), (0, (0, -1)), (0, (0, 2)),
                             (4, (2, -2)), (4, (3, -1)), (4, (2, -1))]:  # fmt: skip
            emit.attempt(lambda width=width, sizes=sizes: torch.ones(2, width).unflatten(1, sizes))

    same(program)


def test_functional_activation_names() -> None:
    def program(torch: Any, emit: Any) -> None:
        functional = torch.nn.functional
        emit(functional.logsigmoid.__name__, functional.threshold.__name__)
        emit(torch.threshold.__name__)
        x = torch.tensor([-1.0, 0.5, 2.0])
        emit(functional.threshold(x, 0.6, 9.0), torch.threshold(x, 0.6, 9.0))
        emit(functional.logsigmoid(x))

    same(program)


def test_state_dict_versions_and_num_batches_tracked() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.LayerNorm(2))
        model(torch.tensor([[1.0, 2.0], [3.0, 5.0]]))
        state = model.state_dict()
        emit(state._metadata)
        emit(model[1].state_dict(prefix="bn.")._metadata)
        # A plain dict records no versions: it may lack num_batches_tracked.
        plain = {key: value for key, value in state.items() if "num_batches" not in key}
        emit(model.load_state_dict(plain), model[1].num_batches_tracked)
        emit.attempt(lambda: model.load_state_dict({"0.weight": torch.zeros(2, 2)}))
        # A state dict of this version must have it.
        del state["1.num_batches_tracked"]
        emit.attempt(lambda: model.load_state_dict(state))
        emit(model.load_state_dict(state, strict=False))
        buffer = io.BytesIO()
        torch.save(model.state_dict(), buffer)
        buffer.seek(0)
        loaded = torch.load(buffer)
        emit(type(loaded).__name__, loaded._metadata)

    same(program)


def test_module_walks_print_as_their_methods_generators() -> None:
    def program(torch: Any, emit: Any) -> None:
        module = torch.nn.Sequential(torch.nn.BatchNorm1d(2))
        for method in ("parameters", "named_parameters", "buffers", "named_buffers",
                       "children", "named_children", "modules", "named_modules"):  # fmt: skip
            walk = getattr(module, method)()
            emit(repr(walk).split(" at ")[0], [getattr(item, "shape", item) for item in walk])

    same(program)
