"""The Tensor class and tensor creation against PyTorch.

A program is ``program(torch, emit)`` written against PyTorch's API; it runs through both
libraries and the transcripts (errors and warnings as text, ``rungrad`` read as ``torch``)
must be identical. ``emit.attempt(function)`` emits a result or the error it raised.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rungrad

Program = Callable[[Any, Callable[..., None]], None]


# -- helpers ---------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    text = text.replace("rungrad", "torch")
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", text)


def _error_text(error: Exception) -> str:
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


def transcript(program: Program, library: Any) -> str:
    lines: list[str] = []

    def emit(*values: Any) -> None:
        lines.append(" ".join(str(value) for value in values))

    def attempt(function: Callable[[], Any]) -> None:
        try:
            emit(function())
        except Exception as error:
            emit(_error_text(error))

    emit.attempt = attempt  # type: ignore[attr-defined]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            program(library, emit)
        except Exception as error:
            lines.append("raised " + _error_text(error))
        finally:
            library.set_default_dtype(library.float32)
        for message in caught:
            text = str(message.message).split(" (Triggered internally")[0]
            lines.append(f"{message.category.__name__}: {text}")
    return _normalise("\n".join(lines))


def same(program: Program) -> str:
    expected = transcript(program, torch)
    assert transcript(program, rungrad) == expected
    return expected


def _attempt_each(emit: Any, torch: Any, expressions: list[str], **names: Any) -> None:
    """Evaluate each expression (with ``torch`` and ``names`` in scope) and emit the outcome."""
    scope = {"torch": torch, "np": np, **names}
    for expression in expressions:
        emit.attempt(lambda expression=expression: eval(expression, scope))


# -- torch.tensor dtype inference -------------------------------------------------------------
TENSOR_DATA = [
    "1",
    "2.5",
    "True",
    "[1, 2, 3]",
    "[1.0, 2, 3]",
    "[True, False]",
    "[True, 2]",
    "[True, 2.0]",
    "[[1, 2], [3, 4]]",
    "[[1, 2.5], [3, 4]]",
    "[]",
    "[[]]",
    "[[], []]",
    "()",
    "(1, 2)",
    "[1 + 2j, 3]",
    "[[1, 2], [3]]",
    "[[1, 2], 3]",
    "'abc'",
    "None",
    "[None]",
    "[np.float64(1.5), 2]",
    "[np.int32(1), 2]",
    "np.float64(2.0)",
    "np.int16(7)",
    "np.bool_(True)",
    "[torch.tensor(1.5), torch.tensor(2.5)]",
    "[torch.tensor(1), 2.5]",
    "[torch.tensor([1, 2]), torch.tensor([3, 4])]",
    "2**62",
    "2**63",
    "[2**63 - 1, 1]",
    "-2**63",
]


@pytest.mark.parametrize("data", TENSOR_DATA)
def test_tensor_dtype_inference(data: str):
    def program(torch, emit):
        value = eval(data, {"torch": torch, "np": np})
        tensor = torch.tensor(value)
        emit(tensor, tensor.dtype, tensor.shape)

    same(program)


@pytest.mark.parametrize("default", ["float32", "float64"])
def test_tensor_dtype_inference_follows_the_default_dtype(default: str):
    def program(torch, emit):
        torch.set_default_dtype(getattr(torch, default))
        for data in (1.5, [1, 2.0], [1 + 1j], 3, True, [[1.0]]):
            tensor = torch.tensor(data)
            emit(tensor.dtype, tensor)
        emit(torch.zeros(2).dtype, torch.arange(3.0).dtype, torch.ones(1, dtype=torch.int32))
        emit(torch.tensor([1, 2]) + 0.5, torch.tensor(1) / 2)

    same(program)


_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(-1e6, 1e6, allow_nan=False, width=32),
)


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        _SCALARS,
        st.lists(_SCALARS, max_size=4),
        st.integers(1, 3).flatmap(
            lambda width: st.lists(st.lists(_SCALARS, min_size=width, max_size=width), max_size=3)
        ),
    )
)
def test_tensor_from_random_python_data(data: Any):
    expected = torch.tensor(data)
    got = rungrad.tensor(data)
    assert str(got.dtype).replace("rungrad", "torch") == str(expected.dtype)
    assert tuple(got.shape) == tuple(expected.shape)
    assert got.tolist() == expected.tolist()


@pytest.mark.parametrize(
    "dtype", ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
)
def test_tensor_from_numpy_arrays_keeps_their_dtype(dtype: str):
    def program(torch, emit):
        array = np.array([[0, 1], [2, 3]]).astype(dtype)
        tensor = torch.tensor(array)
        emit(tensor, tensor.dtype)
        array[0, 0] = 1
        emit(tensor[0, 0].item())  # torch.tensor copies
        emit(torch.tensor(array, dtype=torch.float64).dtype)
        emit(torch.tensor(array[:, ::-1]).tolist())

    same(program)


def test_tensor_with_explicit_dtype_and_requires_grad():
    def program(torch, emit):
        _attempt_each(
            emit,
            torch,
            [
                "torch.tensor([1, 2], dtype=torch.float64)",
                "torch.tensor([1.7, -2.7], dtype=torch.int32)",
                "torch.tensor([1.0, 2.0], requires_grad=True)",
                "torch.tensor([1, 2], requires_grad=True)",
                "torch.tensor([True], requires_grad=True)",
                "torch.tensor(3.0, dtype=torch.float16, requires_grad=True)",
                "torch.tensor([0, 1, 2], dtype=torch.bool)",
            ],
        )

    same(program)


def test_tensor_from_a_tensor_warns_and_copies():
    def program(torch, emit):
        source = torch.tensor([1.0, 2.0], requires_grad=True)
        copy = torch.tensor(source)
        emit(copy, copy.requires_grad, copy.is_leaf)
        with torch.no_grad():
            source.add_(1)
        emit(copy)

    same(program)


def test_tensor_unsupported_numpy_dtype():
    def program(torch, emit):
        _attempt_each(
            emit,
            torch,
            [
                "torch.tensor(np.array(['a']))",
                "torch.from_numpy(np.array([1], dtype=np.object_))",
                "torch.from_numpy([1, 2])",
            ],
        )

    same(program)


# -- memory sharing --------------------------------------------------------------------------
def test_as_tensor_and_from_numpy_share_memory():
    def program(torch, emit):
        array = np.array([1.0, 2.0, 3.0])
        shared = torch.from_numpy(array)
        as_shared = torch.as_tensor(array)
        as_copy = torch.as_tensor(array, dtype=torch.float32)
        copied = torch.tensor(array)
        array[0] = 100
        emit(shared, as_shared, as_copy, copied)
        shared[1] = -1
        emit(array, shared.dtype)
        numpy_view = shared.numpy()
        numpy_view[2] = 7
        emit(shared, array)
        tensor = torch.tensor([1, 2])
        emit(torch.as_tensor(tensor) is tensor, torch.as_tensor([1, 2]), torch.as_tensor(3.5))
        emit(torch.as_tensor(tensor, dtype=torch.float32))

    same(program)


def test_numpy_shares_memory_and_refuses_tensors_that_require_grad():
    def program(torch, emit):
        tensor = torch.tensor([1.0, 2.0])
        array = tensor.numpy()
        array[0] = 5
        emit(tensor, type(array).__name__, array.dtype)
        weight = torch.tensor([1.0], requires_grad=True)
        emit.attempt(lambda: weight.numpy())
        emit(weight.detach().numpy(), weight.numpy(force=True))
        emit.attempt(lambda: (weight * 2).numpy())

    same(program)


# -- legacy constructors -----------------------------------------------------------------------
LEGACY = ["Tensor", "FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor"]


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_constructors(name: str):
    def program(torch, emit):
        constructor = getattr(torch, name)
        scope = {"torch": torch, "np": np, "constructor": constructor}
        # From sizes the memory is uninitialised: compare shapes and dtypes only.
        for arguments in ("2, 3", "", "torch.Size([2])", "0", "torch.Size([])", "3, 0"):
            made = eval(f"constructor({arguments})", scope)
            emit(made.shape, made.dtype, made.requires_grad, type(made).__name__)
        for arguments in ("[1, 2]", "[[1, 0], [0, 1]]", "(2,)", "[]", "np.array([1.5, -2.0])",
                          "[True, False]", "((1, 2), (3, 4))"):  # fmt: skip
            made = eval(f"constructor({arguments})", scope)
            emit(made, made.shape, made.dtype)

    same(program)


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_constructor_errors(name: str):
    def program(torch, emit):
        constructor = getattr(torch, name)
        _attempt_each(
            emit,
            torch,
            [
                "constructor(-1)",
                "constructor(2, -3)",
                "constructor(2.5)",
                "constructor(True)",
                "constructor('a')",
                "constructor(2, 3.0)",
                "constructor(2, 'a')",
                "constructor(torch.tensor([1.0])).dtype",
                "constructor(torch.tensor([1])).dtype",
                "constructor(torch.tensor([True])).dtype",
                "constructor([1, 2], 3)",
                "constructor([[1, 2], [3]])",
            ],
            constructor=constructor,
        )

    same(program)


def test_legacy_isinstance_checks():
    def program(torch, emit):
        tensors = [torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64),
                   torch.tensor([1]), torch.tensor([1], dtype=torch.int32),
                   torch.tensor([True])]  # fmt: skip
        for tensor in tensors:
            emit([isinstance(tensor, getattr(torch, name)) for name in LEGACY])
        emit(isinstance(torch.FloatTensor(2), torch.Tensor), isinstance(np.zeros(1), torch.Tensor))
        emit(torch.FloatTensor([1]).type(), torch.tensor([1]).type(), torch.is_tensor(3))
        emit(torch.tensor([1.5]).type(torch.int32), torch.tensor([1]).type("torch.DoubleTensor"))

    same(program)


# -- Python conversions ------------------------------------------------------------------------
def test_item_and_tolist():
    def program(torch, emit):
        for data in ("3.5", "[7]", "[[True]]", "[1, 2]", "[]", "[[1, 2], [3, 4]]"):
            tensor = torch.tensor(eval(data))
            emit.attempt(lambda tensor=tensor: repr(tensor.item()))
            emit(tensor.tolist(), type(tensor.tolist()).__name__)
        emit(type(torch.tensor(2.5).item()).__name__, type(torch.tensor(2).item()).__name__)
        emit(torch.tensor([1.5, 2.5], dtype=torch.float16).tolist())
        emit(torch.tensor([0.1]).tolist(), torch.tensor([0.1]).item())

    same(program)


def test_bool_len_iter_and_number_conversions():
    def program(torch, emit):
        scalar = torch.tensor(2.5)
        vector = torch.tensor([1.0, 2.0])
        matrix = torch.tensor([[1, 2], [3, 4]])
        _attempt_each(
            emit,
            torch,
            [
                "bool(torch.tensor(0.0))",
                "bool(torch.tensor([3]))",
                "bool(vector)",
                "bool(torch.tensor([]))",
                "len(vector)",
                "len(matrix)",
                "len(scalar)",
                "list(vector)",
                "[row.tolist() for row in matrix]",
                "list(scalar)",
                "float(scalar)",
                "int(scalar)",
                "float(vector)",
                "int(torch.tensor([[7]]))",
                "[10, 20, 30][torch.tensor(1)]",
                "[10, 20, 30][torch.tensor(1.0)]",
                "[10, 20, 30][torch.tensor([1, 2])]",
                "complex(torch.tensor(1.5))",
                "1.5 in vector",
            ],
            vector=vector,
            matrix=matrix,
            scalar=scalar,
        )

    same(program)


def test_format():
    def program(torch, emit):
        _attempt_each(
            emit,
            torch,
            [
                "f'{torch.tensor(2.5):.3f}'",
                "f'{torch.tensor(3):5d}'",
                "f'{torch.tensor(1.0)}'",
                "f'{torch.tensor([1.0, 2.0])}'",
                "'{:.2f}'.format(torch.tensor([1.0, 2.0]))",
                "format(torch.tensor(True))",
                "f'{torch.tensor([[1]]):>3}'",
            ],
        )

    same(program)


# -- attributes ------------------------------------------------------------------------------
def test_shape_attributes():
    def program(torch, emit):
        tensor = torch.zeros(2, 3, 4)
        emit(tensor.shape, tensor.size(), tensor.size(1), tensor.size(-1), tensor.dim())
        emit(tensor.ndim, tensor.numel(), tensor.dtype, tensor.device, tensor.is_leaf)
        emit(tensor.nelement(), tensor.ndimension(), tensor.element_size())
        emit.attempt(lambda: tensor.size(3))
        emit.attempt(lambda: tensor.size(-4))
        scalar = torch.tensor(5)
        emit(scalar.shape, scalar.size(), scalar.dim(), scalar.numel())
        emit.attempt(lambda: scalar.size(0))
        emit(torch.zeros(0, 3).numel(), torch.zeros(0, 3).shape)

    same(program)


def test_transpose_attribute():
    def program(torch, emit):
        matrix = torch.tensor([[1, 2, 3], [4, 5, 6]])
        emit(matrix.T, matrix.T.shape, matrix.mT.shape)

    same(program)


def test_transpose_attribute_of_other_ranks_warns_once_per_process():
    script = textwrap.dedent(
        """
        import warnings
        import {lib} as torch
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            print(torch.tensor(3).T, torch.tensor(4).T)
            print(torch.tensor([1, 2]).T, torch.zeros(2, 3, 4).T.shape)
        for message in caught:
            print(message.category.__name__, str(message.message).split(" (Triggered")[0])
        """
    )
    outputs = []
    for lib in ("torch", "rungrad"):
        result = subprocess.run(
            [sys.executable, "-c", script.format(lib=lib)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(_normalise(result.stdout))
    assert outputs[1] == outputs[0]


def test_size_type():
    def program(torch, emit):
        size = torch.zeros(2, 3, 4).shape
        emit(size, repr(size), str(size), type(size).__name__)
        emit(size[1], size[1:], size[::-1], size[-1], type(size[1:]).__name__)
        emit(size.numel(), torch.Size([]).numel(), torch.Size([]), torch.Size((0, 5)).numel())
        emit(size == (2, 3, 4), size == torch.Size([2, 3, 4]), isinstance(size, tuple))
        emit(size + (5,), (1, 0) + size, size * 2, list(size), len(size), tuple(size))  # noqa: RUF005
        emit(torch.Size([2, 3]), torch.Size(), torch.Size([torch.tensor(2), 3]))
        emit(hash(size) == hash((2, 3, 4)), size.count(2), size.index(3))
        emit.attempt(lambda: torch.Size([1.5]))
        a, b, c = size
        emit(a, b, c)

    same(program)


def test_dtype_and_device_objects():
    def program(torch, emit):
        emit(torch.float32, repr(torch.float64), torch.int64, torch.bool, torch.uint8)
        emit(torch.float32 is torch.float, torch.float64 is torch.double, torch.long is torch.int64)
        emit(torch.int is torch.int32, torch.half is torch.float16, torch.short is torch.int16)
        for dtype in (torch.float16, torch.float32, torch.float64, torch.int8, torch.int16,
                      torch.int32, torch.int64, torch.uint8, torch.bool):  # fmt: skip
            emit(dtype, dtype.is_floating_point, dtype.is_complex, dtype.is_signed, dtype.itemsize)
        device = torch.tensor(1).device
        emit(device, repr(device), device.type, device.index, device == "cpu")
        emit(torch.device("cpu"), torch.device("cpu", 0), torch.device("cpu:0"))

    same(program)


# -- factories ---------------------------------------------------------------------------------
FACTORIES = [
    "torch.zeros(2, 3)",
    "torch.zeros((2, 3))",
    "torch.zeros([2])",
    "torch.zeros(())",
    "torch.zeros(0)",
    "torch.zeros(2, dtype=torch.int32)",
    "torch.ones(3, dtype=torch.bool)",
    "torch.ones(2, 2, dtype=torch.float64)",
    "torch.full((2, 2), 7)",
    "torch.full((2,), 2.5)",
    "torch.full((2,), True)",
    "torch.full((2,), 3, dtype=torch.float32)",
    "torch.empty(2, 3).zero_()",
    "torch.empty(0)",
    "torch.arange(5)",
    "torch.arange(1, 4)",
    "torch.arange(0, 1, 0.25)",
    "torch.arange(5.0)",
    "torch.arange(10, 0, -3)",
    "torch.arange(0, 1, 0.1)",
    "torch.arange(1, 2.5, 0.5)",
    "torch.arange(3, dtype=torch.float64)",
    "torch.arange(0, 5, 2, dtype=torch.float32)",
    "torch.arange(-1.5, 1.5)",
    "torch.arange(0)",
    "torch.arange(2, 1)",
    "torch.arange(1, 2, -1)",
    "torch.arange(0, 3, 0)",
    "torch.linspace(0, 1, 5)",
    "torch.linspace(-1, 1, 1)",
    "torch.linspace(0, 10, 0)",
    "torch.linspace(1, 2, 3, dtype=torch.float64)",
    "torch.linspace(0, 10, 4, dtype=torch.int64)",
    "torch.logspace(0, 2, 3)",
    "torch.logspace(-3, 3, 7)",
    "torch.logspace(0, 3, 4, base=2)",
    "torch.logspace(1, 0, 5)",
    "torch.logspace(0, 40, 5)",
    "torch.logspace(0.5, 2.5, 9, base=0.5)",
    "torch.logspace(-1, 1, 4, base=-2.0)",
    "torch.logspace(2, 2, 1)",
    "torch.logspace(0, 1, 0)",
    "torch.logspace(0, 10, 11, dtype=torch.float64)",
    "torch.logspace(0, 3, 4, dtype=torch.int64)",
    "torch.logspace(0, 2, 3, base=3, dtype=torch.int32)",
    "torch.logspace(0, 2, 3, requires_grad=True)",
    "torch.logspace(0, 1, -1)",
    "torch.eye(3)",
    "torch.eye(2, 3)",
    "torch.eye(2, dtype=torch.int64)",
    "torch.zeros(-1)",
    "torch.zeros(2.5)",
    "torch.ones(2, requires_grad=True)",
    "torch.zeros(2, dtype=torch.int64, requires_grad=True)",
    "torch.full((2,), 1.5, requires_grad=True)",
    "torch.zeros(2, 3, device='cpu')",
    "torch.zeros(2, -1)",
    "torch.ones(-1)",
    "torch.empty(2, -2)",
    "torch.full((-1,), 1)",
    "torch.full(2, 1)",
    "torch.full([2], 1)",
    "torch.ones(2.5)",
    "torch.zeros((2, 2.5))",
    "torch.zeros(2, 2.5)",
    "torch.zeros('a')",
    "torch.zeros([2, 3])",
    "torch.zeros(torch.Size([2]))",
    "torch.zeros(torch.tensor(2))",
    "torch.eye(-1)",
    "torch.eye(2.5)",
    "torch.eye(2, -1)",
    "torch.linspace(0, 1, -1)",
    "torch.scalar_tensor(3)",
]


@pytest.mark.parametrize("expression", FACTORIES)
def test_factories(expression: str):
    def program(torch, emit):
        emit.attempt(lambda: eval(expression, {"torch": torch}))
        emit.attempt(lambda: eval(expression, {"torch": torch}).dtype)

    same(program)


LIKE_FACTORIES = [
    "torch.zeros_like(source)",
    "torch.ones_like(source)",
    "torch.empty_like(source).zero_()",
    "torch.full_like(source, 7)",
    "torch.full_like(source, 2.5)",
    "torch.zeros_like(source, dtype=torch.float64)",
    "torch.ones_like(source, requires_grad=True)",
    "source.new_zeros(2)",
    "source.new_ones((1, 2))",
    "source.new_full((2,), 3)",
    "source.new_tensor([1, 2])",
    "source.new_empty(3).zero_()",
]


@pytest.mark.parametrize("source", ["torch.tensor([[1.0, 2.0]], requires_grad=True)",
                                    "torch.tensor([1, 2])",
                                    "torch.tensor([True])"])  # fmt: skip
def test_like_factories(source: str):
    def program(torch, emit):
        tensor = eval(source, {"torch": torch})
        for expression in LIKE_FACTORIES:
            emit.attempt(
                lambda expression=expression: (
                    lambda result: (
                        (result, result.dtype, result.requires_grad)
                        if isinstance(result, torch.Tensor)
                        else result
                    )
                )(eval(expression, {"torch": torch, "source": tensor}))
            )

    same(program)


# -- default dtype -----------------------------------------------------------------------------
def test_default_dtype():
    def program(torch, emit):
        emit(torch.get_default_dtype())
        torch.set_default_dtype(torch.float64)
        emit(torch.get_default_dtype(), torch.tensor(1.5).dtype, torch.ones(1).dtype)
        emit(torch.tensor([1.5]), torch.tensor(1.5, dtype=torch.float32))
        emit(torch.tensor([1]).dtype, (torch.tensor([1]) * 1.5).dtype)
        torch.set_default_dtype(torch.float32)
        emit(torch.get_default_dtype(), torch.tensor(1.5).dtype)
        for dtype in ("torch.int64", "torch.bool", "'float32'", "None", "torch.float16"):
            emit.attempt(lambda dtype=dtype: torch.set_default_dtype(eval(dtype)))
            emit(torch.get_default_dtype())
            torch.set_default_dtype(torch.float32)

    same(program)


# -- random ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        "torch.rand(2, 3)",
        "torch.rand((4,))",
        "torch.randn(3)",
        "torch.randn(2, 2, dtype=torch.float64)",
        "torch.rand(2, requires_grad=True)",
        "torch.randint(0, 10, (3, 2))",
        "torch.randint(5, (4,))",
        "torch.randint(0, 10, (3,), dtype=torch.int32)",
        "torch.randperm(6)",
        "torch.randn_like(torch.zeros(2, dtype=torch.float64))",
        "torch.rand_like(torch.zeros(3))",
        "torch.randint_like(torch.zeros(3), 10)",
        "torch.normal(0.0, 1.0, (2, 2))",
        "torch.normal(torch.zeros(3), torch.ones(3))",
    ],
)
def test_random_shapes_dtypes_and_repeatability(call: str):
    def describe(library: Any) -> tuple[Any, ...]:
        library.manual_seed(1234)
        first = eval(call, {"torch": library})
        library.manual_seed(1234)
        second = eval(call, {"torch": library})
        third = eval(call, {"torch": library})
        return (
            tuple(first.shape),
            str(first.dtype).replace("rungrad", "torch"),
            first.requires_grad,
            first.tolist() == second.tolist(),
            first.tolist() == third.tolist() if first.numel() > 1 else False,
        )

    assert describe(rungrad) == describe(torch)


def test_random_value_ranges():
    rungrad.manual_seed(0)
    uniform = rungrad.rand(10_000)
    assert uniform.min().item() >= 0 and uniform.max().item() < 1
    assert abs(uniform.mean().item() - 0.5) < 0.02
    normal = rungrad.randn(10_000, dtype=rungrad.float64).numpy()
    assert abs(normal.mean()) < 0.05 and abs(normal.std() - 1) < 0.05
    integers = rungrad.randint(3, 7, (1000,))
    assert set(integers.tolist()) == {3, 4, 5, 6}
    assert sorted(rungrad.randperm(50).tolist()) == list(range(50))


def test_manual_seed_and_generators():
    def program(torch, emit):
        emit(type(torch.manual_seed(3)).__name__)
        generator = torch.Generator()
        emit(generator.manual_seed(5) is generator, generator.initial_seed(), generator.device)
        first = torch.rand(3, generator=generator)
        generator.manual_seed(5)
        emit(torch.equal(first, torch.rand(3, generator=generator)))
        torch.manual_seed(7)
        emit(torch.initial_seed())

    same(program)


# -- grad setter --------------------------------------------------------------------------------
def test_grad_setter_errors():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)

        def assign(value):
            x.grad = value
            return x.grad

        for value in ("torch.tensor([3.0, 4.0])", "[1.0, 2.0]", "3", "torch.tensor([1.0])",
                      "torch.tensor([[1.0, 2.0]])", "torch.tensor([1.0, 2.0], dtype=torch.float64)",
                      "torch.tensor([1, 2])", "None"):  # fmt: skip
            emit.attempt(lambda value=value: assign(eval(value, {"torch": torch})))
        y = torch.tensor([1, 2])
        emit.attempt(lambda: setattr(y, "grad", torch.tensor([1, 2])) or y.grad)
        del x.grad
        emit(x.grad)

    same(program)


def test_grad_setter_assigns_the_object():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    g = rungrad.tensor([3.0, 4.0])
    x.grad = g
    assert x.grad is g


# -- requires_grad -------------------------------------------------------------------------------
def test_requires_grad_errors():
    def program(torch, emit):
        integer = torch.tensor([1, 2])
        leaf = torch.tensor([1.0, 2.0], requires_grad=True)
        non_leaf = leaf * 2
        _attempt_each(
            emit,
            torch,
            [
                "integer.requires_grad_()",
                "setattr(integer, 'requires_grad', True)",
                "integer.requires_grad_(False)",
                "non_leaf.requires_grad_(False)",
                "setattr(non_leaf, 'requires_grad', False)",
                "non_leaf.requires_grad_(True)",
                "setattr(non_leaf, 'requires_grad', True)",
                "non_leaf.requires_grad_()",
                "leaf.requires_grad_(False).requires_grad",
                "leaf.requires_grad_().requires_grad",
                "torch.tensor([True]).requires_grad_()",
                "torch.zeros(1, dtype=torch.float16).requires_grad_()",
            ],
            integer=integer,
            leaf=leaf,
            non_leaf=non_leaf,
        )

    same(program)


def test_requires_grad_setter_returns_self():
    x = rungrad.zeros(2)
    assert x.requires_grad_() is x and x.requires_grad


# -- detach --------------------------------------------------------------------------------------
def test_detach():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        detached = y.detach()
        emit(detached, detached.requires_grad, detached.is_leaf, detached.grad_fn)
        detached[0] = 10
        emit(y)
        emit(x.detach().requires_grad, x.detach() is x)
        z = x * 3
        emit(z.detach_() is z, z, z.requires_grad, z.is_leaf, z.grad_fn)
        emit.attempt(lambda: x[0:1].detach_())
        w = torch.tensor([1.0], requires_grad=True)
        emit(w.detach_(), w.requires_grad)

    same(program)


def test_data_attribute():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        data = x.data
        emit(data, data.requires_grad, data.is_leaf)
        data[0] = 5
        emit(x)
        y = x * 2
        emit(y.data, y.data.requires_grad)
        x.data = torch.tensor([7.0, 8.0, 9.0])
        emit(x, x.shape, x.requires_grad)
        x.data = torch.tensor([1, 2])
        emit(x, x.dtype, x.requires_grad)
        emit.attempt(lambda: setattr(x, "data", [1.0]))

    same(program)


# -- Variable ------------------------------------------------------------------------------------
def test_variable():
    def program(torch, emit):
        Variable = torch.autograd.Variable
        tensor = torch.tensor([1.0, 2.0])
        variable = Variable(tensor, requires_grad=True)
        emit(variable, type(variable).__name__, variable.is_leaf, variable.requires_grad)
        emit(isinstance(variable, Variable), isinstance(tensor, Variable), isinstance(3, Variable))
        emit(tensor.requires_grad)
        (variable * 2).sum().backward()
        emit(variable.grad)
        with torch.no_grad():
            variable.add_(1)
        emit(tensor)
        emit(Variable(tensor), Variable(tensor).requires_grad)
        emit.attempt(lambda: Variable([1.0, 2.0]))
        emit.attempt(lambda: Variable(torch.tensor([1, 2]), requires_grad=True))
        emit(type(Variable), Variable.__name__)

    same(program)


def test_variable_volatile_warns_that_it_was_removed():
    def program(torch, emit):
        variable = torch.autograd.Variable(torch.ones(1), volatile=True)
        emit(variable, variable.requires_grad)

    same(program)


def test_the_volatile_attribute_is_always_false_with_pytorchs_warnings():
    def program(torch, emit):
        x = torch.ones(1)
        emit(x.volatile)
        x.volatile = True
        emit(x.volatile, x.requires_grad)

    same(program)


# -- requires_grad must be a bool -------------------------------------------------------------
@pytest.mark.parametrize("value", ["None", "1", "0", "1.0", "'yes'", "np.bool_(True)", "True"])
def test_requires_grad_must_be_a_bool(value: str):
    def program(torch, emit):
        flag = eval(value, {"np": np})
        x = torch.tensor([1.0, 2.0])
        emit.attempt(lambda: setattr(x, "requires_grad", flag))
        emit(x.requires_grad)
        emit.attempt(lambda: torch.tensor([1.0], requires_grad=flag).requires_grad)

    same(program)


# -- legacy type conversions and constructors -------------------------------------------------
def test_type_accepts_legacy_types_and_their_names():
    def program(torch, emit):
        t = torch.tensor([1.5, -2.0])
        for target in (
            torch.DoubleTensor,
            torch.LongTensor,
            torch.FloatTensor,
            torch.Tensor,
            "torch.IntTensor",
            "torch.BoolTensor",
            torch.float16,
        ):
            converted = t.type(target)
            emit(converted, converted.type(), converted is t)
        emit.attempt(lambda: t.type("float"))

    same(program)


@pytest.mark.parametrize(
    "call",
    [
        "t.new(2, 3).shape",
        "t.new([1, 2])",
        "t.new()",
        "t.new(t).requires_grad",
        "t.double().new([1])",
        "t.new(torch.Size([2])).shape",
        "t.new(2.5)",
        "torch.Tensor([1.0], requires_grad=True)",
        "torch.FloatTensor(2, 3, requires_grad=True)",
        "torch.LongTensor([1], foo=2)",
    ],
)
def test_legacy_new_and_its_keyword_errors(call: str):
    def program(torch, emit):
        t = torch.tensor([1.0, 2.0], requires_grad=True)
        emit.attempt(lambda: eval(call, {"torch": torch, "t": t}))

    same(program)


def test_layout():
    def program(torch, emit):
        t = torch.zeros(2, 3, layout=torch.strided)
        emit(t.layout, torch.strided, torch.sparse_coo, type(torch.strided), torch.layout)
        emit(t.layout == torch.strided, t.t().layout is torch.strided, t[0].layout)

    same(program)


# -- repr -------------------------------------------------------------------------------------
REPRS = [
    "torch.tensor([1.0, 2.5])",
    "torch.tensor([1, 2])",
    "torch.tensor([1.0], dtype=torch.float64)",
    "torch.tensor([1], dtype=torch.int32)",
    "torch.tensor([True, False])",
    "torch.tensor(3.5, requires_grad=True)",
    "torch.tensor([1.0], requires_grad=True) * 2",
    "torch.tensor([1.0], dtype=torch.float64, requires_grad=True)",
    "torch.tensor([1.0], dtype=torch.float64, requires_grad=True).sum()",
    "torch.tensor([1.0], dtype=torch.float16, requires_grad=True) + 1",
    "torch.tensor([], dtype=torch.float64)",
    "torch.tensor([])",
    "torch.zeros(0, 3, dtype=torch.int32)",
    "torch.tensor([[1e-8, 1.0]])",
    "torch.tensor([1e10, 1.0])",
    "torch.tensor(7, dtype=torch.uint8)",
    "torch.tensor([1.0, 2.0], requires_grad=True).detach()",
]


@pytest.mark.parametrize("expression", REPRS)
def test_repr_suffixes(expression: str):
    def program(torch, emit):
        value = eval(expression, {"torch": torch})
        emit(repr(value))
        emit(str(value))

    same(program)


def test_repr_with_default_float64():
    def program(torch, emit):
        torch.set_default_dtype(torch.float64)
        emit(torch.tensor([1.0, 2.0]), torch.tensor([1.0], dtype=torch.float32))
        emit(torch.tensor([1.0], requires_grad=True) * 2)

    same(program)


# -- misc ------------------------------------------------------------------------------------
def test_hash_and_identity():
    def program(torch, emit):
        a = torch.tensor([1.0])
        b = torch.tensor([1.0])
        emit(len({a, b, a}), {a: 1}[a], a is not b)

    same(program)


def test_to_and_casts():
    def program(torch, emit):
        x = torch.tensor([1.5, -2.5], requires_grad=True)
        emit(x.to(torch.float64), x.double().dtype, x.float() is x, x.to(torch.float32) is x)
        emit(x.long(), x.int(), x.bool(), x.half(), x.short().dtype, x.byte().dtype)
        emit(x.to("cpu") is x, x.to(torch.tensor([1])).dtype, x.to(dtype=torch.int8))
        emit(x.to(torch.float32, copy=True) is x, x.type_as(torch.tensor([1])).dtype)
        emit(x.to(torch.float64).grad_fn, x.cpu() is x, x.is_floating_point(), x.is_cuda)

    same(program)


def test_deepcopy_and_pickle():
    import copy
    import pickle

    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).sum().backward()
    clone = copy.deepcopy(x)
    assert clone is not x and clone.tolist() == x.tolist() and clone.requires_grad
    assert clone.grad.tolist() == [2.0, 2.0]
    loaded = pickle.loads(pickle.dumps(x))
    assert loaded.tolist() == [1.0, 2.0] and loaded.requires_grad
    with pytest.raises(RuntimeError, match="Only Tensors created explicitly by the user"):
        copy.deepcopy(x * 2)


RESIZES = [
    "T.arange(6.).reshape(2, 3).resize_(3, 2)",
    "T.arange(6.).resize_(4)",
    "T.arange(6.).resize_(4).resize_(2, 3)",  # the storage keeps its elements
    "T.arange(6.).resize_((1, 2)).resize_(7)[:6]",  # grown: the old elements first
    "T.arange(6.)[2:].resize_(4)",  # a view reads its storage from its offset
    "T.arange(6.).reshape(2, 3).t().resize_(2)",  # in storage order
    "T.empty(0).resize_(2, 0).shape",
    "T.ones(2, requires_grad=True).resize_(1)",
    "T.ones(2).share_memory_().is_shared()",
    "T.ones(2).is_shared()",
]


@pytest.mark.parametrize("expression", RESIZES)
def test_resize_and_shared_memory(expression: str) -> None:
    def run(T: Any) -> str:
        try:
            return str(eval(expression, {"T": T})).replace("rungrad", "torch")
        except Exception as error:
            return f"{type(error).__name__}: {error}"

    assert run(rungrad) == run(torch)


def test_resize_bumps_the_version() -> None:
    x = rungrad.zeros(3)
    x.resize_(2)
    assert x._version == 1 and x.tolist() == [0.0, 0.0]


def test_printed_type_names_are_pytorch_s():
    """``print(type(x))`` and friends show PyTorch's names (with rungrad's own)."""

    def names(T):
        x = T.ones(2, requires_grad=True)
        y = (x * 2).sum()
        shown = [x, x.shape, x.dtype, x.device, T.nn.Parameter(T.ones(1)), y.grad_fn]
        shown.append(y.grad_fn.next_functions[0][0].next_functions[0][0])  # AccumulateGrad
        shown += [T.finfo(T.float32), T.iinfo(T.int64)]
        return [str(type(value)).replace("rungrad", "torch") for value in shown]

    assert names(rungrad) == names(torch)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", None])
def test_finfo(dtype):
    def info(T):
        f = T.finfo(getattr(T, dtype)) if dtype else T.finfo()
        values = (f.bits, f.eps, f.max, f.min, f.tiny, f.smallest_normal, f.resolution, f.dtype)
        return repr(f), values, f == T.finfo(getattr(T, dtype or "float32"))

    assert info(rungrad) == info(torch)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64", "bool", "float32"])
def test_iinfo(dtype):
    def info(T):
        try:
            i = T.iinfo(getattr(T, dtype))
        except TypeError as error:
            return f"TypeError: {error}"
        return repr(i), i.bits, i.max, i.min, i.dtype

    assert info(rungrad) == info(torch)


def test_finfo_of_an_integer_dtype():
    def error(T):
        with pytest.raises(TypeError) as caught:
            T.finfo(T.int32)
        return str(caught.value)

    assert error(rungrad) == error(torch)


@pytest.mark.parametrize(
    "shape, numel",
    [
        ((-1,), 12),
        ((3, -1), 12),
        ((2, -1, 2), 12),
        ((-1,), 0),
        ((-1, 5), 0),
        ((3, -1), 0),
        ((5, -1), 12),
        ((0, -1), 12),
        ((0, -1), 0),
        ((2, 0, -1), 0),
        ((-1, -1), 12),
        ((-2, 6), 12),
        ((3, -3), 12),
        ((-1, -1, -2), 12),
        ((-2, -1, -1), 12),
    ],
)
@pytest.mark.parametrize("method", ["reshape", "view"])
def test_reshape_sizes_and_errors_match_torch(shape: tuple[int, ...], numel: int, method: str):
    def attempt(T: Any) -> Any:
        try:
            return tuple(getattr(T.zeros(numel), method)(shape).shape)
        except RuntimeError as error:
            return str(error)

    assert attempt(rungrad) == attempt(torch)


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        result = call()
    except Exception as error:  # the error itself is what is compared
        return (type(error).__name__, str(error).splitlines()[0])
    return result.tolist() if hasattr(result, "tolist") else result


@pytest.mark.parametrize(
    "expression",
    ["t + 'a'", "'a' + t", "t * None", "t == 'a'", "t == None", "t != None", "t < None",
     "t + [1, 2]", "t + (1, 2)", "t < [1, 2]", "[1, 2] + t", "t / 'x'", "t - None",
     "None - t", "[1, 2] - t", "1.5 - t",
     "M.add(t, [1, 2])", "M.mul(t, 'a')", "t.clamp(min=None, max=0.5)", "t == 1",
     "M.where(t > 0, 1.0, 0.0).dtype", "M.where(t > 0, 1, 0).dtype",
     "M.where(t > 0, True, False).dtype", "M.where(t > 0, 1j, 0).dtype",
     "M.where(t > 0, 2, M.ones(2, dtype=M.float64)).dtype", "M.where(M.ones(2), 1.0, 0.0)",
     "M.where(M.ones(2, dtype=M.int64), t, t)", "t.layout", "M.zeros(1, layout=M.strided)"],
)  # fmt: skip
def test_operands_that_are_not_tensors_or_numbers(expression: str) -> None:
    # Operators answer NotImplemented (Python's TypeError, or identity for ==), functions
    # raise PyTorch's TypeError; where() of two numbers takes PyTorch's dtype for them.
    def run(module: Any) -> Any:
        outcome = _outcome(lambda: eval(expression, {"M": module, "t": module.ones(2)}))
        return str(outcome).replace("torch.", "rungrad.")

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize(
    "expression",
    ["x", "x[1]", "x[1:, 2:]", "x[:, 1]", "x.t()[2]", "x[2][1:]", "x.chunk(3)[2]",
     "x.view(-1)[5:]", "x[1:].clone()", "x.unbind(1)[3]", "x.narrow(0, 1, 1)",
     "x.diagonal(1)", "x[1:][1:]"],
)  # fmt: skip
def test_storage_offset(expression: str) -> None:
    def offset(module: Any) -> int:
        return eval(expression, {"x": module.arange(12.0).reshape(3, 4)}).storage_offset()

    assert offset(rungrad) == offset(torch)


@pytest.mark.parametrize(
    "expression",
    ["x.view(M.int32)", "x.view(M.float32)", "(x * 1).view(M.float32)", "x.view(M.float64)",
     "M.ones(4).view(M.float64)", "M.ones(2, 4).t().view(M.float64)", "M.ones(3).view(M.int16)",
     "M.ones(3).view(M.bool)", "M.ones(()).view(M.int32)", "M.ones(()).view(M.float64)",
     "M.ones(3, dtype=M.uint8).view(M.int16)", "M.ones(3).apply_(lambda v: v * 2)",
     "x.apply_(lambda v: v)", "M.arange(3).apply_(lambda v: v * 3)",
     "M.arange(4.0).map_(M.tensor([10.0]), lambda a, b: a + b)", "M.ones(2, 2).new(2).shape",
     "M.ones(2, 2).new([1, 2])", "M.ones(2, 2).new()", "M.ones(2, dtype=M.int64).new((2, 3))",
     "M.tensor([1, 2]).type(M.FloatTensor)", "M.tensor([1.0, 2]).type(M.LongTensor)"],
)  # fmt: skip
def test_legacy_and_reinterpreting_methods(expression: str) -> None:
    def run(module: Any) -> Any:
        names = {"M": module, "x": module.ones(2, requires_grad=True)}
        outcome = _outcome(lambda: eval(expression, names))
        if hasattr(outcome, "dtype"):
            outcome = (outcome.tolist(), str(outcome.dtype), outcome.requires_grad)
        return str(outcome).replace("torch.", "rungrad.")

    assert run(rungrad) == run(torch)


def test_a_dtype_view_shares_storage_and_version() -> None:
    values = rungrad.ones(3)
    bits = values.view(rungrad.int32)
    bits[0] = 0
    assert values.tolist() == [0.0, 1.0, 1.0] and values._version == bits._version == 1
    assert bits._base is None  # as in PyTorch: not an autograd view


@pytest.mark.parametrize(
    "first",
    ["float(x[0])", "complex(x[1])", "torch.tensor([x[0], torch.tensor(1.0)])", "float(x[1] * 2)"],
)
def test_converting_a_tensor_that_requires_grad_to_a_number_warns_once_per_process(first: str):
    script = textwrap.dedent(
        """
        import warnings
        import {lib} as torch
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            x = torch.tensor([1.5, 2.0], requires_grad=True)
            print(int(x[0]), x[0].item(), bool(x[1]), x.tolist(), float(torch.tensor(3.0)))
            print({first})
            print(float(x[0]), float(x[1] * 2), complex(x[0]), torch.tensor([x[1]]))
        for message in caught:
            print(message.category.__name__, str(message.message).split(" (Triggered")[0])
        """
    )
    outputs = []
    for lib in ("torch", "rungrad"):
        result = subprocess.run(
            [sys.executable, "-c", script.format(lib=lib, first=first)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(result.stdout.replace("rungrad", "torch"))
    assert outputs[1] == outputs[0]
    assert outputs[0].count("UserWarning Converting a tensor with requires_grad=True") == 1


def test_storage_offsets_sizes_and_sharing():
    def program(torch, emit):
        x = torch.arange(6.0, requires_grad=True).view(2, 3)
        views = [x, x.t(), x[1], x[:, 1], x.expand(2, 2, 3), x.detach(), x.clone(), x.reshape(6)]
        for view in views:
            storage = view.untyped_storage()
            emit(view.storage_offset(), view.nbytes, view.itemsize, storage.nbytes(), len(storage))
            emit(storage.data_ptr() == x.untyped_storage().data_ptr(), storage.element_size())
        emit(type(x.untyped_storage()).__name__, x.untyped_storage().device)
        emit(torch.tensor(1.0).untyped_storage().nbytes(), torch.zeros(0).untyped_storage().size())

    same(program)


def test_scalar_conversion_warns_only_with_grad_mode_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rungrad._runtime, "_WARNED", set())
    loss = (rungrad.tensor([1.0, 2.0], requires_grad=True) * 2).sum()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with rungrad.no_grad():
            assert float(loss) == 6.0  # PyTorch is silent here (LBFGS converts its loss so)
        assert not caught
        assert float(loss) == 6.0
    assert len(caught) == 1 and "requires_grad=True to a scalar" in str(caught[0].message)


STRIDED_INPUTS = {
    "contiguous": lambda M: M.arange(24.0).reshape(2, 3, 4),
    "transposed": lambda M: M.arange(12.0).reshape(3, 4).t(),
    "stepped": lambda M: M.arange(12.0).reshape(2, 6)[:, ::2],
    "size-1 dims": lambda M: M.arange(6.0).reshape(2, 1, 3),
    "stepped size-1": lambda M: M.arange(8.0).reshape(4, 1, 2)[::2],
    "0-d": lambda M: M.tensor(3.0),
}


@pytest.mark.parametrize("name", list(STRIDED_INPUTS))
def test_unsqueeze_and_clone_strides(name: str) -> None:
    """unsqueeze gives the new dim PyTorch's stride; clone keeps a dense input's strides."""

    def strides(M: Any) -> list[Any]:
        x = STRIDED_INPUTS[name](M)
        found = [x.clone().stride(), x.clone().unsqueeze(-1).unsqueeze(-1).stride()]
        for dim in range(-x.dim() - 1, x.dim() + 1):
            found.append(x.unsqueeze(dim).stride())
            found.append(x.unsqueeze(dim).clone().stride())
        return found

    assert strides(rungrad) == strides(torch)


def test_non_leaf_grad_warning_is_pytorch_whole_text() -> None:
    """The warning's text, the place PyTorch raises it from included."""

    def message(M: Any) -> str:
        y = M.ones(2, requires_grad=True) * 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert y.grad is None
        (warning,) = caught
        return f"{warning.category.__name__}: {warning.message}"

    assert message(rungrad) == message(torch)


def test_copy_from_a_tensor_that_does_not_broadcast_to_the_target():
    def program(torch, emit):
        for target, source in [((2, 2), (3,)), ((2, 2), (2, 3)), ((4, 2, 2), (3, 1, 1)),
                               ((2,), (3, 2)), ((3,), (1, 1, 3)), ((), (2,))]:  # fmt: skip
            emit.attempt(lambda t=target, s=source: torch.ones(t).copy_(torch.ones(s)))
        emit(torch.zeros(2, 2).copy_(torch.tensor([1, 2])))

    same(program)


def test_factory_and_sampler_argument_errors():
    def program(torch, emit):
        for make in [
            lambda: torch.tensor(),
            lambda: torch.tensor(1, 2),
            lambda: torch.tensor(data=[1]),
            lambda: torch.zeros(),
            lambda: torch.ones(),
            lambda: torch.empty(),
            lambda: torch.arange(end=3),
            lambda: torch.linspace(0, 1),
            lambda: torch.rand(2, dtype=torch.int64),
            lambda: torch.randn(2, dtype=torch.bool),
            lambda: torch.randn(),
            lambda: torch.rand(dtype=torch.float64),
            lambda: torch.randint(0, 10),
            lambda: torch.randint(10),
            lambda: torch.randint(0, 10, 5),
            lambda: torch.randint(0, 10, size=5),
            lambda: torch.randint(3, 10, (2,), low=1),
            lambda: torch.randint(0.5, 10.7, (3,)),
            lambda: torch.randint(1, 10, (2,), dtype=torch.bool),
            lambda: torch.randint(high=5, size=(3,)).shape,
            lambda: torch.randint(torch.tensor(5), (2,)).shape,
            lambda: torch.randperm(),
            lambda: torch.randperm(-1),
            lambda: torch.randperm(2.5),
            lambda: torch.normal(0, -1, (2,)),
            lambda: torch.normal(torch.zeros(2), torch.tensor([1.0, -1.0])),
        ]:
            emit.attempt(make)

    same(program)


def test_python_numbers_out_of_an_integer_dtypes_range():
    def program(torch, emit):
        for data, dtype in [
            (float("nan"), torch.int32), ([1e20], torch.int32), ([float("inf")], torch.int64),
            ([300, -1], torch.uint8), ([-1], torch.uint8), ([-255, 255], torch.uint8),
            ([-3.7], torch.uint8), ([True, -1], torch.uint8), ([2**40], torch.int32),
            (2**63, torch.uint8), ([1e10], torch.int64), ([[1.7, -2.9]], torch.int64),
            (300, torch.int8), ([float("nan")], torch.bool), ([2**64], torch.int64),
        ]:  # fmt: skip
            emit.attempt(lambda data=data, dtype=dtype: torch.tensor(data, dtype=dtype))
        emit.attempt(lambda: torch.ByteTensor([-1, 256]))

    same(program)


def test_no_degrees_of_freedom_warnings_have_pytorchs_whole_text():
    def program(torch, emit):
        emit(torch.tensor([1.0]).std(), torch.ones(2, 3).var(1, correction=3))
        emit(torch.cov(torch.ones(1, 1)))

    same(program)


def test_generator_argument_errors():
    def program(torch, emit):
        emit.attempt(lambda: torch.manual_seed(2**64))
        emit.attempt(lambda: torch.manual_seed(-(2**63) - 1))
        emit.attempt(lambda: torch.manual_seed(2**63).initial_seed())
        emit.attempt(lambda: torch.manual_seed(-5).initial_seed())
        emit.attempt(lambda: torch.Generator(device="cuda"))
        emit.attempt(lambda: torch.randn(2, generator=5))
        emit.attempt(lambda: torch.randint(0, 3, (2,), generator=5))

    same(program)


def test_view_and_reshape_refuse_non_integer_sizes():
    def program(torch, emit):
        x = torch.arange(24)
        emit.attempt(lambda: x.view(6, 4.0))
        emit.attempt(lambda: x.reshape(4, 6.5))
        emit(x.view(torch.tensor(6), 4).shape, x.reshape(2, -1).shape)

    same(program)


def test_factories_and_samplers_write_into_out():
    def program(torch, emit):
        torch.manual_seed(0)
        t = torch.empty(2, 3)
        emit(torch.randn(2, 3, out=t) is t, t)
        emit(torch.rand(3, out=t) is t, t)
        i = torch.empty(4, dtype=torch.int64)
        emit(torch.randint(0, 5, (4,), out=i) is i, i, torch.randperm(4, out=i) is i, i)
        z = torch.empty(3)
        emit(torch.zeros(3, out=z) is z, z)
        emit(torch.arange(3, out=z), torch.linspace(0, 1, 3, out=z), torch.ones(3, out=z))
        f = torch.empty(0)
        emit(torch.full((2,), 3.0, out=f), torch.eye(2, out=f), f.dtype)
        d = torch.empty(2, dtype=torch.float64)
        emit(torch.rand(2, out=d), torch.zeros(2, dtype=torch.float64, out=d))
        emit(torch.arange(5, out=torch.empty(2, 2)).shape, torch.arange(4, out=torch.empty(2, 2)))
        emit(torch.zeros(3, out=torch.empty(2)).shape, torch.randn(3, out=torch.empty(2)).shape)
        emit.attempt(lambda: torch.zeros(2, out=[1, 2]))

    same(program)
