"""torch.tensor of nested sequences holding NumPy arrays and tensors, against PyTorch: the
shape read down the first items, each item stored in order with PyTorch's checks and
messages, and the once-only warning about lists of arrays."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

CASES = [
    "[np.array(1.), np.array(2.)]", "[np.array([1., 2.]), np.array([3., 4.])]",
    "[np.array(1), np.array(2)]", "[torch.tensor(1.), torch.tensor(2.)]",
    "[torch.tensor([1., 2.]), torch.tensor([3., 4.])]", "[torch.tensor(1), 2.5]",
    "[[torch.tensor(1.)], [torch.tensor(2.)]]", "[np.array(1.), 2]", "[1, np.array(2.)]",
    "[np.array([1]), np.array([2, 3])]", "[torch.tensor([1]), torch.tensor([2, 3])]",
    "(np.array(1.5), np.array(2.5))", "[torch.tensor([1.]), np.array([3.])]",
    "[torch.tensor([1]), np.array([3])]", "[1, np.array([3])]", "[1., np.array([[3.]])]",
    "[[1, 2], 3]", "[[1, 2], torch.tensor(3)]", "[[1, 2], np.array(3)]",
    "[[1, 2], torch.tensor([3, 4])]", "[[1, 2], np.array([3, 4])]",
    "[[1, 2], torch.tensor([[3], [4]])]", "[[np.array(1.), 2.]]",
    "[[1., 2.], [np.array(1.), 2.]]", "[1., torch.tensor([[2.]])]", "[True, np.array([1])]",
    "[[1., 2.], torch.tensor([3., 4., 5.])]", "[1., torch.tensor([3., 4.])]",
    "[[1, 2], torch.tensor([3., 4.], dtype=torch.float64)]", "[[], [1]]", "[[], [True]]",
    "[[1], []]", "[[1, 2], [3, [4]]]", "[1, [2]]", "[[1.], 2.]",
    "[torch.tensor([1., 2.], requires_grad=True), [3., 4.]]",
    "[[1., 2.], torch.tensor([3., 4.], requires_grad=True)]",
    "[torch.tensor(1., requires_grad=True), 2.]",
    "[np.float32(1.5), 2]", "[[True, False], torch.tensor([1, 0])]",
]  # fmt: skip
WITH_DTYPE = [
    ("[[1, 2], torch.tensor([3.5, 4])]", "int64"), ("[[1, 2], np.array([3.5, 4])]", "int64"),
    ("[1, torch.tensor(2.5)]", "int32"), ("[torch.tensor([1., 2.]), [3., 4.]]", "float64"),
    ("[np.array([1, 2]), np.array([3, 4])]", "float32"), ("[np.array([1.])]", "float32"),
]  # fmt: skip


@pytest.mark.parametrize("source", CASES)
def test_nested_data(source: str) -> None:
    def program(library: Any, emit: Any) -> None:
        emit.attempt(lambda: eval(source, {"torch": library, "np": np}))

    same(program)


@pytest.mark.parametrize(("source", "dtype"), WITH_DTYPE)
def test_nested_data_with_dtype(source: str, dtype: str) -> None:
    def program(library: Any, emit: Any) -> None:
        value = eval(source, {"torch": library, "np": np})
        emit.attempt(lambda: library.tensor(value, dtype=getattr(library, dtype)))
        emit.attempt(lambda: library.as_tensor(value, dtype=getattr(library, dtype)))

    same(program)


ONCE = """
import warnings
import numpy as np
import {library} as torch
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(torch.tensor([np.array([1.0]), np.array([2.0])]))
    print(torch.tensor([[1.0], np.array([2.0])]))
    print(torch.Tensor([np.array([1.0]), np.array([2.0])]))
print([str(w.message)[:40] for w in caught])
"""


def test_list_of_arrays_warns_once() -> None:
    """Once per process: each library in a process of its own."""
    outputs = [
        subprocess.run(
            [sys.executable, "-c", ONCE.format(library=library)],
            capture_output=True, text=True, check=True, env=dict(os.environ),
        ).stdout.replace("rungrad", "torch")
        for library in ("torch", "rungrad")
    ]  # fmt: skip
    assert outputs[1] == outputs[0]
    assert "Creating a tensor from a list" in outputs[0]


@pytest.fixture(autouse=True)
def _warn_always() -> Iterator[None]:
    """Both libraries warn about lists of arrays once per process; the tests above compare
    every call's warnings, in PyTorch's warn-always mode (which rungrad's warn_once keeps)."""
    torch.set_warn_always(True)
    rungrad.set_warn_always(True)
    yield
    torch.set_warn_always(False)
    rungrad.set_warn_always(False)
