"""Signal windows against PyTorch: values as printed, dtypes, and argument errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

WINDOWS = ("hann_window", "hamming_window", "bartlett_window", "blackman_window", "kaiser_window")


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_windows_match_pytorch(name: str, dtype: str) -> None:
    for length in range(0, 40):
        for periodic in (True, False):
            expected = getattr(torch, name)(length, periodic, dtype=getattr(torch, dtype))
            actual = getattr(rungrad, name)(length, periodic, dtype=getattr(rungrad, dtype))
            assert str(actual) == str(expected).replace("torch", "rungrad"), (length, periodic)
            tolerance = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-12}[dtype]
            np.testing.assert_allclose(actual.numpy(), expected.numpy(), atol=tolerance)


@pytest.mark.parametrize("name", WINDOWS)
def test_window_arguments(name: str) -> None:
    def program(torch, emit):
        window = getattr(torch, name)
        emit(window(5), window(4, requires_grad=True), window(1), window(0))
        emit.attempt(lambda: window(-1))
        emit.attempt(lambda: window(3, dtype=torch.long))
        emit.attempt(lambda: window(2.5))
        torch.set_default_dtype(torch.float64)
        try:
            emit(window(3).dtype)
        finally:
            torch.set_default_dtype(torch.float32)

    same(program)


def test_window_parameters() -> None:
    def program(torch, emit):
        emit(torch.hamming_window(5, False, 0.5, 0.5), torch.hamming_window(5, True, alpha=0.6))
        emit(torch.kaiser_window(5, False, 5.0), torch.kaiser_window(6, True, 2.0))

    same(program)
