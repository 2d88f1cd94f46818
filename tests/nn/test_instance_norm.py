"""F.instance_norm and nn.InstanceNorm1d/2d/3d against PyTorch: outputs, gradients, graphs,
running statistics, reprs, unbatched inputs, errors and warnings."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _values(library: Any, shape: tuple[int, ...]) -> Any:
    data = (np.arange(np.prod(shape)) * 0.37 % 1.3).reshape(shape)
    return library.tensor(data, dtype=library.float64, requires_grad=True)


CASES = [
    ("InstanceNorm1d(3)", (2, 3, 4), True),
    ("InstanceNorm1d(3, affine=True, track_running_stats=True)", (2, 3, 5), True),
    ("InstanceNorm1d(3, affine=True, track_running_stats=True)", (2, 3, 5), False),
    ("InstanceNorm1d(3, affine=True, bias=False)", (3, 4), True),
    ("InstanceNorm2d(2)", (2, 2, 2, 4), True),
    ("InstanceNorm2d(2, track_running_stats=True, momentum=None)", (3, 2, 2, 3), True),
    ("InstanceNorm2d(2)", (2, 3, 3), False),
    ("InstanceNorm3d(2, affine=True, eps=1e-3)", (1, 2, 2, 2, 3), True),
]


def _run(library: Any, expression: str, shape: tuple[int, ...], training: bool) -> list[Any]:
    layer = eval(f"library.nn.{expression}", {"library": library})
    layer = layer.double()
    if layer.weight is not None:
        with library.no_grad():
            layer.weight.copy_(library.linspace(0.5, 2.0, layer.num_features))
            if layer.bias is not None:
                layer.bias.copy_(library.linspace(-0.2, 0.3, layer.num_features))
    layer.train(training)
    x = _values(library, shape)
    out = layer(x)
    weights = library.linspace(-1.0, 2.0, out.numel(), dtype=library.float64)
    (out * weights.reshape(out.shape)).sum().backward()
    results = [repr(layer).replace("rungrad", "torch"), type(out.grad_fn).__name__]
    results += [out.detach().numpy(), x.grad.numpy()]
    for tensor in (layer.weight, layer.bias):
        results.append(None if tensor is None else tensor.grad.numpy())
    for buffer in (layer.running_mean, layer.running_var):
        results.append(None if buffer is None else buffer.numpy())
    return results


@pytest.mark.parametrize(("expression", "shape", "training"), CASES)
def test_layers_match_torch(expression: str, shape: tuple[int, ...], training: bool) -> None:
    expected = _run(torch, expression, shape, training)
    got = _run(rungrad, expression, shape, training)
    assert got[:2] == expected[:2]
    for a, b in zip(got[2:], expected[2:]):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_functional_graph() -> None:
    names = []
    for library in (torch, rungrad):
        out = library.nn.functional.instance_norm(_values(library, (2, 3, 4)))
        inner = out.grad_fn.next_functions[0][0]
        names.append((type(out.grad_fn).__name__, type(inner).__name__))
    assert names[0] == names[1]


def _messages(library: Any) -> list[str]:
    lines = []
    for make in (
        lambda: library.nn.InstanceNorm1d(3, affine=True)(library.ones(2, 4, 5)),
        lambda: library.nn.InstanceNorm2d(3)(library.ones(3, 3)),
        lambda: library.nn.InstanceNorm1d(3)(library.ones(2, 3, 4, 5)),
    ):
        try:
            make()
        except ValueError as error:
            lines.append(f"ValueError: {error}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        library.nn.InstanceNorm1d(4)(library.ones(2, 3, 5))
        library.nn.InstanceNorm1d(3)(library.ones(2, 3))
        lines.extend(f"{m.category.__name__}: {m.message}" for m in caught)
    return lines


def test_errors_and_warnings() -> None:
    assert _messages(rungrad) == _messages(torch)
