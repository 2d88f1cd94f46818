"""PyTorch's top-level spellings: in-place functions (``torch.relu_``), nn.functional ops
(``torch.conv2d``), ``broadcast_shapes``, ``can_cast``, ``is_nonzero``, ``is_same_size`` and
``is_signed``, against PyTorch (values, results and error messages)."""

from __future__ import annotations

from typing import Any

import pytest
from test_saved_tensors import same

import rungrad
from rungrad._method_functions import NAMES
from rungrad._tensor_first import NAMES as TENSOR_FIRST

# Arguments that each in-place function takes after its input (most take none).
INPLACE_ARGS = {
    "clamp_": "(-0.5, 0.5)",
    "clamp_max_": "(0.5,)",
    "clamp_min_": "(-0.5,)",
    "clip_": "(-0.5, 0.5)",
    "fill_": "(2.5,)",
    "nan_to_num_": "(0.0, 1.0, -1.0)",
    "xlogy_": "(torch.tensor([2.0, 3.0, 4.0]),)",
    "logit_": "(1e-3,)",
    "gcd_": "(torch.tensor([2, 3, 4]),)",  # on floats: the kernel's error, in both
    "lcm_": "(torch.tensor([2, 3, 4]),)",
}
POSITIVE = {"acosh_", "arccosh_", "log10_", "log1p_", "log2_", "log_", "rsqrt_", "sqrt_"}
UNIT = {"acos_", "arccos_", "asin_", "arcsin_", "atanh_", "arctanh_", "logit_", "erfinv_"}


@pytest.mark.parametrize("name", NAMES)
def test_inplace_functions(name: str) -> None:
    def program(torch, emit):
        values = [1.5, 2.0, 3.25] if name in POSITIVE else [-0.25, 0.5, 0.75]
        values = [0.25, 0.5, 0.75] if name in UNIT else values
        x = torch.tensor(values)
        args = eval(INPLACE_ARGS.get(name, "()"), {"torch": torch})
        result = getattr(torch, name)(x, *args)
        emit(result is x, x)
        leaf = torch.ones(2, requires_grad=True)
        emit.attempt(lambda: getattr(torch, name)(leaf, *args))
        emit.attempt(lambda: getattr(torch, name)(3, *args))

    same(program)


FUNCTIONAL = [
    "torch.conv1d(torch.ones(1, 2, 5), torch.ones(3, 2, 2), None, 1, 1)",
    "torch.conv2d(torch.ones(1, 1, 4, 4), torch.ones(2, 1, 3, 3), torch.ones(2), 1, 1)",
    "torch.conv_transpose1d(torch.ones(1, 2, 3), torch.ones(2, 1, 2))",
    "torch.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 2, 2, 2), stride=2)",
    "torch.selu(torch.tensor([-1.0, 0.0, 2.0]))",
    "torch.celu(torch.tensor([-1.0, 0.0, 2.0]), 0.5)",
    "torch.prelu(torch.tensor([-1.0, 2.0]), torch.tensor([0.25]))",
    "torch.hardshrink(torch.tensor([-1.0, 0.2, 2.0]), 0.5)",
    "torch.threshold(torch.tensor([-1.0, 0.2, 2.0]), 0.5, -3.0)",
    "torch.rrelu(torch.tensor([-1.0, 2.0]))",
    "torch.cosine_similarity(torch.tensor([[1.0, 2.0]]), torch.tensor([[2.0, 1.0]]))",
    "torch.pairwise_distance(torch.tensor([[1.0, 2.0]]), torch.tensor([[2.0, 1.0]]))",
    "torch.bilinear(torch.ones(2, 3), torch.ones(2, 4), torch.ones(5, 3, 4), torch.ones(5))",
    "torch.avg_pool1d(torch.arange(6.0).reshape(1, 1, 6), 2)",
    "torch.max_pool1d(torch.arange(6.0).reshape(1, 1, 6), 2)",
    "torch.max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2)",
    "torch.adaptive_avg_pool1d(torch.arange(6.0).reshape(1, 1, 6), 3)",
    "torch.layer_norm(torch.tensor([[1.0, 2.0, 4.0]]), (3,))",
    "torch.group_norm(torch.arange(8.0).reshape(1, 4, 2), 2)",
]


@pytest.mark.parametrize("expression", FUNCTIONAL)
def test_functional_spellings(expression: str) -> None:
    def program(torch, emit):
        emit.attempt(lambda: eval(expression, {"torch": torch}))

    same(program)


UTILITIES = [
    "torch.broadcast_shapes((2, 1), (3,))",
    "torch.broadcast_shapes(2, (3, 1))",
    "torch.broadcast_shapes()",
    "torch.broadcast_shapes(torch.Size([2, 1]))",
    "torch.broadcast_shapes([2, 1], [3])",
    "torch.broadcast_shapes((0,), (1,))",
    "torch.broadcast_shapes((1, 0), (3, 1))",
    "torch.broadcast_shapes((2,), (3,))",
    "torch.broadcast_shapes(2, 3)",
    "torch.broadcast_shapes((2,), [3])",
    "torch.broadcast_shapes((2, 3), (4, 1, 2))",
    "torch.broadcast_shapes((2, 1), (1, 3), (4, 3))",
    "torch.broadcast_shapes((5,), torch.Size([2]))",
    "torch.broadcast_shapes((0,), (2,))",
    "torch.broadcast_shapes((-1,), (2,))",
    "torch.broadcast_shapes((2.5,))",
    "torch.can_cast(torch.float32, torch.int32)",
    "torch.can_cast(torch.int32, torch.float32)",
    "torch.can_cast(torch.bool, torch.int8)",
    "torch.can_cast(torch.float64, torch.float16)",
    "torch.can_cast(torch.complex64, torch.float32)",
    "torch.can_cast(torch.uint8, torch.int8)",
    "torch.can_cast(torch.int64, torch.bool)",
    "torch.can_cast(1, torch.float32)",
    "torch.can_cast(torch.float32, 'float')",
    "torch.is_nonzero(torch.tensor([1.5]))",
    "torch.is_nonzero(torch.tensor(0))",
    "torch.is_nonzero(torch.tensor([[False]]))",
    "torch.is_nonzero(torch.tensor([]))",
    "torch.is_nonzero(torch.tensor([1, 2]))",
    "torch.is_nonzero(1)",
    "torch.is_same_size(torch.ones(2, 3), torch.zeros(2, 3))",
    "torch.is_same_size(torch.ones(2), torch.ones(2, 1))",
    "torch.is_signed(torch.ones(2))",
    "torch.is_signed(torch.ones(2, dtype=torch.uint8))",
    "torch.is_signed(torch.ones(2, dtype=torch.bool))",
    "torch.tensor([1]).is_signed()",
    "torch.is_signed(3)",
]


@pytest.mark.parametrize("expression", UTILITIES)
def test_utilities(expression: str) -> None:
    def program(torch, emit):
        emit.attempt(lambda: eval(expression, {"torch": torch}))

    same(program)


def test_functional_spellings_are_the_functional_ops() -> None:
    assert rungrad.conv2d is rungrad.nn.functional.conv2d
    assert "relu_" in dir(rungrad) and "conv2d" in dir(rungrad)


def test_combinations() -> None:
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        emit(torch.combinations(torch.tensor([1, 2, 3])))
        emit(torch.combinations(torch.tensor([1, 2, 3]), r=3, with_replacement=True))
        emit(torch.combinations(x, 2), torch.combinations(x, 4))
        for r in (0, 1, 4):
            emit(torch.combinations(torch.tensor([1, 2, 3]), r=r))
        emit(torch.combinations(torch.tensor([1.0, 2.0]), with_replacement=True))
        emit(torch.combinations(torch.tensor([]), r=2))
        emit.attempt(lambda: torch.combinations(torch.tensor([[1, 2], [3, 4]])))
        emit.attempt(lambda: torch.combinations(torch.tensor([1, 2, 3]), r=-1))
        pairs = torch.combinations(x, 2, True)
        (pairs[:, 0] * pairs[:, 1]).sum().backward()
        emit(x.grad)

    same(program)


def test_unravel_index() -> None:
    def program(torch, emit):
        emit(torch.unravel_index(torch.tensor([4, 7]), (3, 3)))
        emit(torch.unravel_index(torch.tensor(4), (3, 3)))
        emit(torch.unravel_index(torch.tensor([[4, 1]]), torch.Size([3, 3])))
        emit(torch.unravel_index(torch.tensor([-1, 9]), (3, 3)))  # wrapped, as divmod does
        emit(torch.unravel_index(torch.tensor([1], dtype=torch.int32), 2))
        emit(torch.unravel_index(torch.tensor([1]), ()))
        emit.attempt(lambda: torch.unravel_index(torch.tensor([1.0]), (3, 3)))
        emit.attempt(lambda: torch.unravel_index(torch.tensor([1]), (-3,)))
        emit.attempt(lambda: torch.unravel_index(torch.tensor([1]), (2, 0)))
        emit.attempt(lambda: torch.unravel_index(5, (2, 3)))

    same(program)


def test_chain_matmul_and_detach() -> None:
    def program(torch, emit):
        a = torch.ones(2, 3, requires_grad=True)
        product = torch.chain_matmul(a, torch.ones(3, 4), torch.arange(4.0).reshape(4, 1))
        emit(product, product.grad_fn.name())
        single = torch.chain_matmul(a)
        emit(single is a, single.grad_fn.name())
        emit.attempt(lambda: torch.chain_matmul())
        emit.attempt(lambda: torch.chain_matmul(torch.ones(3), torch.ones(3, 2)))
        emit.attempt(lambda: torch.chain_matmul(torch.ones(2, 3), torch.ones(2, 3)))
        emit(torch.detach(a), torch.detach(a).requires_grad)

    transcript = same(program)
    assert transcript.count("torch.chain_matmul is deprecated") <= 1


def test_numeric_constants() -> None:
    import torch

    for name in ("pi", "e", "inf", "nan", "newaxis"):
        expected, actual = getattr(torch, name), getattr(rungrad, name)
        assert type(actual) is type(expected)
        assert repr(actual) == repr(expected)
    assert rungrad.ones(2)[rungrad.newaxis].shape == (1, 2)


def test_functional_ops_spelled_at_the_top_level() -> None:
    def program(torch, emit):
        emit(torch.pixel_shuffle(torch.arange(8.0).reshape(1, 4, 1, 2), 2))
        emit(torch.pixel_unshuffle(torch.arange(8.0).reshape(1, 1, 2, 4), 2).shape)
        emit(torch.channel_shuffle(torch.arange(8.0).reshape(1, 8, 1, 1), 2).flatten())
        emit(torch.rms_norm(torch.tensor([[1.0, 2.0, 3.0]]), (3,)))
        torch.manual_seed(0)
        emit(torch.dropout(torch.ones(6), 0.5, True), torch.dropout(torch.ones(3), 0.5, False))
        emit(torch.alpha_dropout(torch.ones(3), 0.5, False))
        emit.attempt(lambda: torch.dropout(torch.ones(3), 1.5, True))
        weight = torch.arange(6.0).reshape(3, 2).requires_grad_()
        rows = torch.embedding(weight, torch.tensor([2, 0, 2]))
        rows.sum().backward()
        emit(rows, weight.grad, torch.embedding(weight, torch.tensor([1, 0]), 0))

    same(program)


def test_removed_functions_and_small_spellings() -> None:
    """Functions PyTorch removed raise its messages (function and method); the top-level
    spellings of a few methods and in-place activations match."""

    def program(torch: Any, emit: Any) -> None:
        a = torch.eye(2)
        for call in (
            lambda: torch.solve(a, a), lambda: torch.symeig(a), lambda: torch.eig(a),
            lambda: torch.lstsq(a, a), lambda: torch.matrix_rank(a), lambda: a.solve(a),
            lambda: a.symeig(), lambda: a.eig(True), lambda: a.lstsq(a),
        ):  # fmt: skip
            try:
                call()
            except RuntimeError as error:
                emit(repr(str(error)))
        emit(torch.is_conj(a), torch.resolve_conj(a), torch.resolve_neg(a), torch.is_neg(a))
        emit(torch.split_with_sizes(torch.arange(5), [2, 3]), torch.negative_(torch.ones(2)))
        emit(torch.threshold_(torch.tensor([1.0, -1.0]), 0.0, 5.0))
        emit(torch.selu_(torch.tensor([1.0, -1.0])), torch.celu_(torch.tensor([1.0, -1.0]), 2.0))
        torch.manual_seed(0)
        emit(torch.rrelu_(torch.tensor([1.0, -1.0])), torch.dropout_(torch.ones(4), 0.5, True))
        emit(torch.alpha_dropout_(torch.ones(4), 0.5, False))

    same(program)


def test_unary_functions_refuse_numbers() -> None:
    """PyTorch's unary functions take a tensor, not a Python number (its binary ones take a
    number as either operand)."""

    def program(torch: Any, emit: Any) -> None:
        t = torch.ones(2)
        for name, args in [("exp", (1.0,)), ("sin", (1,)), ("erfinv", (0.5,)), ("tanh", (0.5,)),
                           ("sigmoid", (0.5,)), ("sqrt", (4.0,)), ("log", (2.0,)),
                           ("add", (2, t)), ("mul", (2, t)), ("sub", (2, t)), ("div", (2, t)),
                           ("pow", (2, t))]:  # fmt: skip
            emit.attempt(lambda name=name, args=args: getattr(torch, name)(*args))

    same(program)


@pytest.mark.parametrize("name", sorted(TENSOR_FIRST))
def test_functions_of_a_tensor_refuse_numbers(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        emit.attempt(lambda: getattr(torch, name)(1.5))

    same(program)
