"""Small behaviours against PyTorch: embedding bags of a 2-D input with
``include_last_offset``, the argument lists of the top-level activations and of the ops'
keyword calls (what is refused, and in which words)."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_include_last_offset(mode: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        weight = torch.arange(12.0).view(6, 2).requires_grad_()
        indices = torch.tensor([1, 2, 4, 5, 4, 3, 2, 0])
        for offsets in ([0, 2, 5, 8], [0, 2, 2, 8], [0, 8, 8, 8], [0, 0, 8], [0, 8]):
            for padding_idx in (None, 2):
                out = F.embedding_bag(
                    indices, weight, torch.tensor(offsets), mode=mode,
                    include_last_offset=True, padding_idx=padding_idx,
                )  # fmt: skip
                emit(out)
                (out * torch.arange(out.numel()).view(out.shape)).sum().backward()
                emit(weight.grad)
                weight.grad = None
        out = F.embedding_bag(indices.view(2, 4), weight, mode=mode, include_last_offset=True)
        emit(out)
        out.sum().backward()
        emit(weight.grad)
        bag = torch.nn.EmbeddingBag(6, 2, mode=mode, include_last_offset=True)
        emit(bag, bag(indices.view(4, 2)).shape)

    same(program)


def test_embedding_bag_include_last_offset_sample_weights() -> None:
    def program(torch: Any, emit: Any) -> None:
        weight = torch.arange(12.0).view(6, 2).requires_grad_()
        samples = torch.arange(8.0).view(2, 4).requires_grad_()
        out = torch.nn.functional.embedding_bag(
            torch.tensor([[1, 2, 4, 5], [4, 3, 2, 0]]), weight, mode="sum",
            include_last_offset=True, per_sample_weights=samples,
        )  # fmt: skip
        emit(out)
        out.sum().backward()
        emit(samples.grad, weight.grad)

    same(program)


def test_top_level_activation_arguments() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        calls = [
            lambda x: torch.selu(x, True), lambda x: torch.selu_(x, True),
            lambda x: torch.selu(x, inplace=True), lambda x: torch.celu(x, 1.0, True),
            lambda x: torch.celu(x, 2.0), lambda x: torch.celu_(x, 1.0, 1),
            lambda x: torch.celu(x, alpha=1.0, inplace=True),
            lambda x: torch.threshold(x, 0.1, 20.0), lambda x: torch.threshold(x, 0.1, 20.0, True),
            lambda x: torch.threshold_(x, 0.1, 20.0), lambda x: torch.threshold_(x, 0.1, 2.0, True),
            lambda x: torch.rrelu(x, 0.1, 0.3, False, None),
            lambda x: torch.rrelu(x, 0.1, 0.3, False, None, 1),
            lambda x: torch.rrelu(x, 0.1, 0.3, False, inplace=True),
            lambda x: torch.rrelu_(x, 0.1, 0.3), lambda x: F.selu(x, True), F.selu,
            lambda x: F.celu(x, 1.0, False), lambda x: F.gelu(x, "tanh"),
            lambda x: F.gelu(x, approximate="tanh"), lambda x: F.threshold(x, 0.1, 20.0, False),
            lambda x: torch.relu(x, True), lambda x: torch.relu(x, inplace=True),
            lambda x: torch.relu(x, out=None), lambda x: torch.relu_(x, True),
            lambda x: torch.sigmoid(x, 1), lambda x: torch.tanh(x, foo=1),
            lambda x: torch.relu(input=x, input2=x), lambda x: torch.exp(x, input=x),
            lambda x: torch.softmax(x, 0, torch.float64), lambda x: torch.softmax(x, 0, None),
            lambda x: torch.log_softmax(x, 0, torch.float64),
            lambda x: torch.special.softmax(x, 0, torch.float64),
        ]  # fmt: skip
        for call in calls:
            emit.attempt(lambda call=call: call(torch.tensor([-1.0, 0.5, 2.0])))
        generator = torch.Generator().manual_seed(3)
        emit(torch.rrelu(torch.tensor([-1.0, -2.0, 3.0]), 0.1, 0.3, True, generator))

    same(program)


def test_numpy_operand_names() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, -1.0])
        calls = [
            lambda: torch.relu(a=x), lambda: torch.add(x1=x, x2=x), lambda: torch.exp(x=x),
            lambda: torch.log(a=x), lambda: torch.sub(x1=x, other=x, alpha=2),
            lambda: torch.sigmoid(x, x=x), lambda: torch.mul(x, other=x, foo=1),
            lambda: torch.sin(x, x), lambda: torch.atan2(x, x, x),
        ]  # fmt: skip
        for call in calls:
            emit.attempt(call)

    same(program)


@pytest.mark.parametrize("op", ["&=", "|=", "^=", "<<=", ">>="])
def test_inplace_bitwise_ops_check_the_cast_first(op: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        operands = ["2.5", "torch.tensor(2.5)", "torch.tensor([2.5, 1.0])", "2", "True", "1+2j",
                    "torch.tensor([1, 2], dtype=torch.int32)", "torch.tensor(True)"]  # fmt: skip
        targets = ("torch.tensor([1, 2])", "torch.tensor([True, False])", "torch.tensor([1.0])",
                   "torch.tensor([1, 2], dtype=torch.uint8)")  # fmt: skip
        for target in targets:
            for operand in operands:

                def run(target: str = target, operand: str = operand) -> Any:
                    scope = {"torch": torch}
                    exec(f"value = {target}\nvalue {op} {operand}", scope)
                    return scope["value"]

                emit.attempt(run)

    same(program)


ACTIVATIONS_OF_INTEGERS = [
    "celu", "hardsigmoid", "softshrink", "hardshrink", "rrelu", "tanhshrink", "softsign", "relu",
    "elu", "selu", "hardtanh", "relu6", "silu", "gelu", "mish", "softplus", "leaky_relu",
    "logsigmoid", "hardswish",
]  # fmt: skip


@pytest.mark.parametrize("name", ACTIVATIONS_OF_INTEGERS)
def test_activations_of_integer_and_bool_tensors(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        function = getattr(torch.nn.functional, name)
        for values, dtype in [([-2, 0, 3, 7], torch.int64), ([1, 3, 7], torch.uint8),
                              ([True, False], torch.bool)]:  # fmt: skip
            emit.attempt(
                lambda values=values, dtype=dtype: function(torch.tensor(values, dtype=dtype))
            )

    same(program)


def test_threshold_hardtanh_glu_prelu_of_integers() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        for dtype in (torch.int64, torch.int32, torch.uint8):
            i = torch.tensor([0, 1, 3, 7], dtype=dtype)
            emit(F.threshold(i, 0.5, 1.0), F.threshold(i, 2.7, 9.9), torch.threshold(i, 1, 5))
            j = i.clone()
            F.threshold(j, 1, 4, inplace=True)
            k = i.clone()
            torch.threshold_(k, 3, 0)
            emit(j, k, torch.nn.Threshold(1, 2)(i), F.hardtanh(i, 1.5, 5.5), F.relu6(i, True), i)
        emit.attempt(lambda: F.threshold(torch.tensor([True]), 0.5, 1.0))
        emit.attempt(lambda: F.glu(torch.tensor([1, 2, 3, 4])))
        emit.attempt(lambda: F.prelu(torch.tensor([1, -2]), torch.tensor([1])))
        emit.attempt(lambda: torch.tensor([True]).relu_())

    same(program)


def test_activation_module_arguments() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        emit(nn.Hardswish(True), nn.Hardsigmoid(True), nn.ReLU6(True), nn.SiLU(True))
        calls = [
            lambda: nn.ReLU(True, 1), lambda: nn.GELU(True), lambda: nn.Sigmoid(True),
            lambda: nn.Softmax(1, 2), lambda: nn.Tanh(inplace=True), lambda: nn.Softsign(1),
            lambda: nn.ELU(alpha=1.0, inplace=True, foo=1), lambda: nn.Hardtanh(1.0, 0.0),
            lambda: nn.Hardtanh(1.0, 1.0), lambda: nn.CELU(0.0)(torch.ones(2)),
            lambda: torch.celu(torch.ones(2), 0.0),
            lambda: nn.functional.hardtanh(torch.ones(2), 1.0, 0.0),
            lambda: nn.functional.hardtanh(torch.ones(2, dtype=torch.int64), 2, 1),
        ]  # fmt: skip
        for call in calls:
            emit.attempt(call)

    same(program)


def test_embedding_bag_include_last_offset_edges() -> None:
    def program(torch: Any, emit: Any) -> None:
        weight = torch.arange(10.0).view(5, 2)
        F = torch.nn.functional
        for indices, offsets in [([1, 2], [0]), ([], [0]), ([1, 2], []), ([1, 2], [0, 2])]:
            for last in (True, False):
                emit.attempt(
                    lambda indices=indices, offsets=offsets, last=last: F.embedding_bag(
                        torch.tensor(indices, dtype=torch.long), weight,
                        torch.tensor(offsets, dtype=torch.long), mode="sum",
                        include_last_offset=last,
                    )
                )  # fmt: skip

    same(program)
