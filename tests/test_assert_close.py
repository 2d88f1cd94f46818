"""``testing.assert_close`` against PyTorch's: which inputs pass, and the exact messages of
those that do not (mismatch counts, greatest differences and their indices, tolerances by
dtype, containers, and the errors for bad arguments)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

_CASES: dict[str, Any] = {
    "equal": lambda T, a: (a, a.clone()),
    "one element off": lambda T, a: (a, T.tensor([1.0, 2.5, 3.0])),
    "within float32 tolerance": lambda T, a: (a, T.tensor([1.0, 2.0 + 1e-6, 3.0])),
    "dtypes differ": lambda T, a: (a, a.double()),
    "dtypes differ, unchecked": lambda T, a: (a, a.double(), {"check_dtype": False}),
    "loosest tolerance of two dtypes": lambda T, a: (
        T.tensor([1.5, 2.5]),
        T.tensor([1.0, 2.0], dtype=T.float64),
        {"check_dtype": False},
    ),
    "shapes differ": lambda T, a: (a, T.ones(2)),
    "python floats": lambda T, a: (1.0, 1.5),
    "python floats within tolerance": lambda T, a: (1.0, 1.0 + 1e-9),
    "python ints": lambda T, a: (1, 2),
    "int and float": lambda T, a: (1, 1.0),
    "booleans": lambda T, a: (True, False),
    "integer tensors": lambda T, a: (T.tensor([1, 2]), T.tensor([1, 3])),
    "uint8 tensors": lambda T, a: (
        T.tensor([1, 2], dtype=T.uint8),
        T.tensor([3, 2], dtype=T.uint8),
    ),
    "bool tensors": lambda T, a: (T.tensor([True, False]), T.tensor([True, True])),
    "nan": lambda T, a: (T.tensor([float("nan")]), T.tensor([float("nan")])),
    "nan, equal_nan": lambda T, a: (
        T.tensor([float("nan"), 1.0]),
        T.tensor([float("nan"), 2.0]),
        {"equal_nan": True},
    ),
    "nan against a number": lambda T, a: (T.tensor([float("nan"), 1.0]), T.tensor([0.0, 1.0])),
    "infinities": lambda T, a: (T.tensor([1.0, -float("inf")]), T.tensor([1.0, float("inf")])),
    "zero expected": lambda T, a: (T.tensor([1.0, 5.0]), T.tensor([0.0, 1.0])),
    "2-d": lambda T, a: (
        T.arange(6.0).reshape(2, 3),
        T.arange(6.0).reshape(2, 3) * T.tensor([1.0, 1, 1.5]),
    ),
    "0-d": lambda T, a: (T.tensor(1.0), T.tensor(2.0)),
    "0-d integers": lambda T, a: (
        T.tensor(1, dtype=T.int32),
        T.tensor(3, dtype=T.int32),
    ),
    "one-element 1-d": lambda T, a: (T.tensor([1.0]), T.tensor([2.0])),
    "exact tolerances": lambda T, a: (T.tensor([1.0]), T.tensor([2.0]), {"rtol": 0, "atol": 0}),
    "given tolerances": lambda T, a: (a, a + 0.01, {"rtol": 0.1, "atol": 0}),
    "rtol alone": lambda T, a: (a, a + 0.01, {"rtol": 0.1}),
    "atol alone": lambda T, a: (a, a + 0.01, {"atol": 0.1}),
    "list": lambda T, a: ([a, 1.0], [a, 2.0]),
    "nested": lambda T, a: ([[1.0, {"x": 2.0}]], [[1.0, {"x": 3.0}]]),
    "mapping": lambda T, a: ({"x": a}, {"x": a + 1}),
    "mapping keys": lambda T, a: ({"a": 1, "b": 2}, {"a": 1, "c": 2}),
    "lengths": lambda T, a: ([1.0, 2.0], [1.0]),
    "tensor and list": lambda T, a: (a, [1.0, 2.0, 3.0]),
    "strings": lambda T, a: ("a", "a"),
    "None": lambda T, a: (None, None),
    "message": lambda T, a: (a, a + 1, {"msg": "custom"}),
    "message function": lambda T, a: (a, a + 1, {"msg": lambda m: "X:" + m[:10]}),
    "strides": lambda T, a: (T.ones(2, 2), T.ones(2, 2).t(), {"check_stride": True}),
    "gradients ignored": lambda T, a: (a.requires_grad_(), a.detach() * 1),
    "numpy arrays": lambda T, a: (np.array([1.0, 2.0]), np.array([1.0, 2.5])),
    "float16": lambda T, a: (
        T.tensor([1.0, 2.0], dtype=T.float16),
        T.tensor([1.0, 2.001], dtype=T.float16),
    ),
}


def _outcome(T: Any, case: str) -> str:
    made = _CASES[case](T, T.tensor([1.0, 2.0, 3.0]))
    options = made[2] if len(made) == 3 else {}
    try:
        T.testing.assert_close(made[0], made[1], **options)
    except Exception as error:
        text = f"{type(error).__name__}: {error}"
        return text.replace("rungrad._tensor.Tensor", "torch.Tensor").replace("rungrad", "torch")
    return "passed"


@pytest.mark.parametrize("case", list(_CASES))
def test_assert_close(case: str) -> None:
    assert _outcome(rungrad, case) == _outcome(torch, case)
