"""Writing a broadcast value with ``x[index] = value``: gradients and their graphs, against
PyTorch. PyTorch's copy into the written region views the value (dropping its leading size-1
dimensions) even when there is nothing to drop, so the value's gradient, built with
``create_graph=True``, is a view of a sum — the nodes a second derivative goes through.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

CASES = [
    ("[()]", (2, 3, 4), (2, 3, 1)),
    ("[()]", (0, 0, 0), (0, 0, 1)),
    ("[()]", (2, 0), (2, 1)),
    ("[()]", (0, 3), (1, 3)),
    ("[...]", (2, 3), (3,)),
    ("[:, 0:2]", (2, 3, 4), (2, 1, 4)),
    ("[1:]", (3, 4), (4,)),
    ("[0]", (2, 3), (1,)),
    ("[:, 1]", (2, 3, 4), (1, 4)),
]


def _value_gradient(T: Any, index: str, shape: tuple[int, ...], value_shape: tuple[int, ...]):
    rng = np.random.default_rng(0)
    value = T.tensor(rng.standard_normal(value_shape).astype(np.float32), requires_grad=True)
    written = T.zeros(shape)
    exec(f"written{index} = value")
    weights = T.tensor(rng.standard_normal(shape).astype(np.float32), requires_grad=True)
    (gradient,) = T.autograd.grad(written, value, weights, create_graph=True)
    node = gradient.grad_fn
    names = [type(node).__name__, type(node.next_functions[0][0]).__name__]
    return gradient.detach().numpy(), names


@pytest.mark.parametrize(("index", "shape", "value_shape"), CASES)
def test_broadcast_value_gradient(index: str, shape: tuple[int, ...], value_shape) -> None:
    expected, expected_names = _value_gradient(torch, index, shape, value_shape)
    actual, actual_names = _value_gradient(rungrad, index, shape, value_shape)
    np.testing.assert_allclose(actual, expected, rtol=1e-6)
    assert actual_names == expected_names
