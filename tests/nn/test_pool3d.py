"""MaxPool3d and AvgPool3d against PyTorch: outputs, gradients, indices, reprs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

from ._compare import compare_modules, make_pair

MAX_CONFIGS = [
    (2, {}),
    ((2, 1, 3), {"stride": 1, "padding": (1, 0, 1)}),
    (3, {"stride": 2, "padding": 1, "ceil_mode": True}),
    (2, {"dilation": (1, 2, 1), "stride": (1, 1, 2)}),
]

AVG_CONFIGS = [
    (2, {}),
    ((2, 1, 3), {"stride": 1, "padding": (1, 0, 1)}),
    (3, {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}),
    (2, {"stride": (1, 2, 1), "divisor_override": 3}),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kernel, options", MAX_CONFIGS, ids=str)
def test_max_pool3d(kernel: Any, options: dict[str, Any], dtype: str) -> None:
    compare_modules(lambda T: T.nn.MaxPool3d(kernel, **options), [(2, 2, 4, 5, 6)], dtype=dtype)
    compare_modules(lambda T: T.nn.MaxPool3d(kernel, **options), [(2, 4, 5, 6)], dtype=dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kernel, options", AVG_CONFIGS, ids=str)
def test_avg_pool3d(kernel: Any, options: dict[str, Any], dtype: str) -> None:
    compare_modules(lambda T: T.nn.AvgPool3d(kernel, **options), [(2, 2, 4, 5, 6)], dtype=dtype)
    compare_modules(lambda T: T.nn.AvgPool3d(kernel, **options), [(2, 4, 5, 6)], dtype=dtype)


def test_indices_ties_and_graph() -> None:
    values = np.array([[1.0, 3.0, 3.0], [2.0, 3.0, 0.0]] * 6).reshape(1, 1, 3, 4, 3)
    results = []
    for library in (torch, rungrad):
        x = library.tensor(values, requires_grad=True)
        layer = library.nn.MaxPool3d(2, stride=1, return_indices=True)
        output, indices = layer(x)
        (grad,) = library.autograd.grad(output.sum(), x, create_graph=True)
        average = library.nn.functional.avg_pool3d(x, 2, padding=1)
        results.append(
            (
                output.tolist(),
                indices.tolist(),
                str(indices.dtype).replace("rungrad", "torch"),
                grad.tolist(),
                [type(t.grad_fn).__name__ for t in (output, grad, average)],
            )
        )
    assert results[0] == results[1]


def test_reprs() -> None:
    for build in (
        lambda nn: nn.MaxPool3d(2),
        lambda nn: nn.MaxPool3d((2, 1, 2), 1, 1, 2, return_indices=True, ceil_mode=True),
        lambda nn: nn.AvgPool3d(2),
        lambda nn: nn.AvgPool3d((2, 1, 2), 1, 1, True, False, 3),
    ):
        make_pair(lambda T, build=build: build(T.nn))


def test_gradcheck() -> None:
    x = rungrad.randn(1, 2, 3, 4, 4, dtype=rungrad.float64, requires_grad=True)
    functional = rungrad.nn.functional
    assert rungrad.autograd.gradcheck(lambda x: functional.max_pool3d(x, 2, 1, 1), (x,))
    assert rungrad.autograd.gradgradcheck(lambda x: functional.avg_pool3d(x, 3, 2, 1), (x,))
