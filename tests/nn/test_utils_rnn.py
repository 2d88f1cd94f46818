"""nn.utils.rnn.pad_sequence and unpad_sequence against PyTorch: values, graphs, errors."""

from __future__ import annotations

from typing import Any

import pytest

from .test_backward_hooks import same


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"batch_first": True},
        {"padding_value": -1.5},
        {"batch_first": True, "padding_side": "left", "padding_value": 2.0},
        {"padding_side": "left"},
    ],
    ids=str,
)
def test_pad_sequence_and_its_gradient(options: dict[str, Any]):
    def program(torch: Any, emit: Any) -> None:
        from importlib import import_module

        rnn_utils = import_module(torch.__name__ + ".nn.utils.rnn")
        a = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
        b = torch.tensor([[7.0, 8.0]], requires_grad=True)
        padded = rnn_utils.pad_sequence([a, b], **options)
        emit(padded, padded.grad_fn.name(), [e[0].name() for e in padded.grad_fn.next_functions])
        (padded * torch.arange(12.0).reshape(padded.shape)).sum().backward()
        emit(a.grad, b.grad)
        lengths = torch.tensor([3, 1])
        if options.get("padding_side", "right") == "right":
            emit(rnn_utils.unpad_sequence(padded, lengths, options.get("batch_first", False)))

    same(program)


@pytest.mark.parametrize(
    "call",
    [
        "pad_sequence([torch.ones(2, 3), torch.ones(1, 2)])",
        "pad_sequence([])",
        "pad_sequence([torch.ones(2)], padding_side='middle')",
        "pad_sequence((torch.tensor([1, 2]), torch.tensor([3])))",
        "pad_sequence(torch.ones(2, 3))",
        "pad_sequence([torch.ones(2, 3), torch.ones(4, 3)], batch_first=True).shape",
    ],
)
def test_pad_sequence_inputs_and_errors(call: str):
    def program(torch: Any, emit: Any) -> None:
        from importlib import import_module

        namespace = {"torch": torch, **vars(import_module(torch.__name__ + ".nn.utils.rnn"))}
        emit(eval(call, namespace))

    same(program)
