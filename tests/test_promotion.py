"""Type promotion against ``torch.result_type``, exhaustively over pairs of operands.

Operands are dimensioned tensors and zero-dimensional tensors of every real dtype, and
Python bool/int/float scalars; each pair is checked with the default dtype float32 and
float64, both through ``result_type`` and through the dtype of ``a + b``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"]
SCALARS = {"True": True, "3": 3, "2.5": 2.5}

# An operand is named "<dtype>[2]" (dimensioned), "<dtype>[]" (0-d), or a scalar literal.
OPERANDS = [f"{d}[2]" for d in DTYPES] + [f"{d}[]" for d in DTYPES] + list(SCALARS)


def _is_bool(name: str) -> bool:
    return name.startswith("bool") or name == "True"


def make(library: Any, name: str) -> Any:
    if name in SCALARS:
        return SCALARS[name]
    dtype_name, shape = name.split("[")
    dtype = getattr(library, dtype_name)
    value = [1, 0] if shape == "2]" else 1
    return library.tensor(value, dtype=dtype)


def dtype_name(dtype: Any) -> str:
    return str(dtype).split(".")[-1]


def outcome(function: Any) -> str:
    try:
        return dtype_name(function())
    except Exception as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


@pytest.fixture(params=["float32", "float64"])
def default_dtype(request: pytest.FixtureRequest) -> Iterator[str]:
    torch.set_default_dtype(getattr(torch, request.param))
    rungrad.set_default_dtype(getattr(rungrad, request.param))
    try:
        yield request.param
    finally:
        torch.set_default_dtype(torch.float32)
        rungrad.set_default_dtype(rungrad.float32)


def _mismatches(first: str, compute: Any, skip_bool_pairs: bool = False) -> list[str]:
    found = []
    for second in OPERANDS:
        if skip_bool_pairs and _is_bool(first) and _is_bool(second):
            continue  # see test_adding_bools
        expected = outcome(lambda b=second: compute(torch, make(torch, first), make(torch, b)))
        got = outcome(lambda b=second: compute(rungrad, make(rungrad, first), make(rungrad, b)))
        if got != expected:
            found.append(f"{first} , {second}: torch {expected}, rungrad {got}")
    return found


@pytest.mark.parametrize("first", OPERANDS)
def test_result_type(first: str, default_dtype: str):
    assert _mismatches(first, lambda library, a, b: library.result_type(a, b)) == []


@pytest.mark.parametrize("first", OPERANDS)
def test_dtype_of_addition(first: str, default_dtype: str):
    assert _mismatches(first, lambda library, a, b: (a + b).dtype, skip_bool_pairs=True) == []


@pytest.mark.parametrize("first", [f"{d}[2]" for d in DTYPES])
def test_dtype_of_addition_with_three_operands(first: str, default_dtype: str):
    """``a + b + c`` promotes pairwise, so weak operands stay weak only for one step."""

    def compute(library: Any, a: Any, b: Any) -> Any:
        return (a + b + make(library, "2.5")).dtype

    assert _mismatches(first, compute) == []


@pytest.mark.parametrize("first", DTYPES)
def test_promote_types(first: str):
    for other in DTYPES:
        expected = torch.promote_types(getattr(torch, first), getattr(torch, other))
        got = rungrad.promote_types(getattr(rungrad, first), getattr(rungrad, other))
        assert dtype_name(got) == dtype_name(expected), (first, other)


def test_result_type_of_tensor_and_scalar_in_either_order():
    for scalar in SCALARS.values():
        for dtype in DTYPES:
            expected = torch.result_type(scalar, torch.zeros(2, dtype=getattr(torch, dtype)))
            got = rungrad.result_type(scalar, rungrad.zeros(2, dtype=getattr(rungrad, dtype)))
            assert dtype_name(got) == dtype_name(expected), (scalar, dtype)


def test_result_type_of_two_scalars():
    for first in SCALARS.values():
        for second in SCALARS.values():
            expected = dtype_name(torch.result_type(first, second))
            assert dtype_name(rungrad.result_type(first, second)) == expected


@pytest.mark.parametrize("expression", ["b + b", "b + True", "True + b", "torch.add(b, b)"])
def test_adding_bools(expression: str):
    def run(library: Any) -> Any:
        result = eval(expression, {"torch": library, "b": library.tensor([True, False])})
        return dtype_name(result.dtype), result.tolist()

    assert run(rungrad) == run(torch)


SUBTRACTIONS = [
    "a - b", "b - a", "torch.sub(a, b)", "torch.sub(a, b, alpha=2)", "torch.rsub(a, b)",
    "a.sub(b)", "a.clone().sub_(b)",
]  # fmt: skip


@pytest.mark.parametrize("expression", SUBTRACTIONS)
@pytest.mark.parametrize("first", [f"{d}[2]" for d in DTYPES])
def test_subtracting_bools(first: str, expression: str):
    """No bool is subtracted, tensor or Python number, whatever the other operand."""
    for second in OPERANDS:

        def run(library: Any, second: str = second) -> str:
            a, b = make(library, first), make(library, second)
            return outcome(lambda: eval(expression, {"torch": library, "a": a, "b": b}).dtype)

        assert run(rungrad) == run(torch), (first, second)


BOOL_EXPRESSIONS = [
    "a // b", "a % b", "torch.fmod(a, b)", "torch.remainder(a, b)", "torch.floor_divide(a, b)",
    "torch.div(a, b, rounding_mode='floor')", "torch.div(a, b, rounding_mode='trunc')",
    "a ** b", "a.abs()", "a.sign()", "a.sgn()", "a // 1", "a % 1", "torch.fmod(a, 1)",
    "a ** 2", "a / b", "3 % torch.tensor([True])", "torch.tensor([1, 2]) // b",
]  # fmt: skip


@pytest.mark.parametrize("expression", BOOL_EXPRESSIONS)
def test_arithmetic_of_bools(expression: str):
    # Two bools compute in bool, where PyTorch has no kernel for these; a number promotes.
    def run(library: Any) -> Any:
        a, b = library.tensor([True, False]), library.tensor([True, True])
        try:
            result = eval(expression, {"torch": library, "a": a, "b": b})
        except Exception as error:
            return f"{type(error).__name__}: {error}"
        return dtype_name(result.dtype), result.tolist()

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize(
    "expression",
    ["f * np.float64(2)", "np.float64(2) * f", "i * np.float64(2.5)", "i + np.int64(3)",
     "h * np.float32(2)", "f + np.bool_(True)", "i * np.int32(2)", "f * np.complex128(1j)",
     "f.add(np.float64(1))", "M.add(f, np.float64(1))", "f.clamp(np.float64(0), 0.5)",
     "f ** np.float64(2)", "np.float64(2) ** f", "f / np.float64(2)", "np.float64(1) - f"],
)  # fmt: skip
def test_numpy_scalars_promote_as_python_numbers(expression: str) -> None:
    # PyTorch takes a NumPy scalar as the Python number it holds: float32 * np.float64(2)
    # is float32, where NumPy's own rules would make it float64.
    def run(module: Any) -> tuple[str, list[Any]]:
        names = {"M": module, "np": np, "f": module.ones(2), "i": module.ones(2).long(),
                 "h": module.ones(2).half()}  # fmt: skip
        result = eval(expression, names)
        return str(result.dtype).split(".")[-1], result.tolist()

    assert run(rungrad) == run(torch)


def test_numpy_array_operands() -> None:
    """NOTE [NumPy arrays as operands]: arithmetic operators compute through NumPy (its
    result dtype), functions and ordering comparisons refuse the array."""

    def program(torch: Any, emit: Any) -> None:
        a = torch.tensor([2.0])
        emit(a + np.array([1.0, 2.0]), a * np.array(3.0), a + np.array([1, 2]))
        emit(a - np.array([1.0, 3.0]), a / np.array([1.0, 3.0]))
        emit(a + np.array([1.0, 3.0], dtype=np.float32), a == np.array([2.0, 3.0]))
        emit.attempt(lambda: torch.ones(2, requires_grad=True) + np.array([1.0, 2.0]))
        emit.attempt(lambda: torch.add(a, np.array([1.0, 2.0])))
        emit.attempt(lambda: torch.mul(a, np.array(2.0)))
        emit.attempt(lambda: a > np.array([1.0, 3.0]))

    same(program)


def test_numpy_functions_of_tensors() -> None:
    """NumPy's ufuncs and functions read a tensor as an array and give a tensor back
    (booleans as uint8, scalars as 0-d tensors), with NumPy 2's warning about PyTorch's
    ``__array_wrap__``; a tensor that requires grad is refused, ordering comparisons with an
    array are refused by Python, and ``!=`` with one is Python's identity test."""

    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0, 3.0])
        emit(np.exp(x), np.sqrt(x), np.add(x, 1), np.maximum(x, 2.5), np.log(x).dtype)
        emit(np.sin(x[0]), np.isnan(x), np.square(x) * 2, np.multiply(np.ones(3), x))
        emit(np.round(x / 3, 2), np.clip(x, 0, 2), np.cumsum(x), np.argmax(x))
        emit(np.matmul(np.ones((2, 3)), x), type(np.tanh(x)).__name__)
        emit.attempt(lambda: np.exp(torch.ones(2, requires_grad=True)))
        emit.attempt(lambda: x > np.array([1.0, 3.0, 2.0]))
        emit.attempt(lambda: np.array([1.0, 3.0, 2.0]) <= x)
        # == compares elementwise; != declines on both sides, so Python compares identities
        array = np.array([1.0, 3.0, 3.0])
        emit(x == array, array == x, x != array, array != x, x != x.numpy())

    same(program)
