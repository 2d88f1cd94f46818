"""F.rms_norm and nn.RMSNorm against PyTorch: values, gradients, second order, the graph
PyTorch composes, float16 through float32, reprs and errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _run(library: Any, dtype: str, shape: tuple[int, ...], layer: str) -> list[Any]:
    values = (np.arange(np.prod((2, 3, 4))) * 0.37 % 1.3 - 0.4).reshape(2, 3, 4)
    x = library.tensor(values, dtype=getattr(library, dtype), requires_grad=True)
    module = eval(f"library.nn.{layer}", {"library": library})
    if module.weight is not None:
        with library.no_grad():
            module.weight.copy_(library.linspace(-1.0, 2.0, module.weight.numel()).reshape(shape))
    out = module.to(getattr(library, dtype))(x)
    weights = library.linspace(-1.0, 2.0, out.numel(), dtype=out.dtype).reshape(out.shape)
    (first,) = library.autograd.grad((out * weights).sum(), x, create_graph=True)
    (second,) = library.autograd.grad(first.pow(2).sum(), x)
    names, node = [], out.grad_fn
    while node is not None:
        names.append(type(node).__name__)
        node = next((n for n, _ in node.next_functions if n is not None and n.next_functions), None)
    text = repr(module).replace("rungrad", "torch")
    return [text, names, out.detach().numpy(), first.detach().numpy(), second.numpy()]


@pytest.mark.parametrize(
    ("dtype", "shape", "layer"),
    [
        ("float64", (4,), "RMSNorm(4)"),
        ("float32", (4,), "RMSNorm(4, eps=1e-3)"),
        ("float64", (3, 4), "RMSNorm([3, 4], elementwise_affine=False)"),
        ("float16", (4,), "RMSNorm(4)"),
    ],
)
def test_matches_torch(dtype: str, shape: tuple[int, ...], layer: str) -> None:
    expected = _run(torch, dtype, shape, layer)
    got = _run(rungrad, dtype, shape, layer)
    assert got[:2] == expected[:2]
    rtol = {"float64": 1e-12, "float32": 1e-5, "float16": 2e-3}[dtype]
    for a, b in zip(got[2:], expected[2:]):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol)


def test_errors() -> None:
    def messages(library: Any) -> list[str]:
        x = library.ones(2, 3, 4)
        lines = []
        for call in (
            lambda: library.nn.functional.rms_norm(x, (3,)),
            lambda: library.nn.functional.rms_norm(x, (2, 4)),
            lambda: library.nn.functional.rms_norm(x, (4,), library.ones(3)),
            lambda: library.nn.functional.rms_norm(x, (3,), library.ones(2)),  # weight first
        ):
            try:
                call()
            except RuntimeError as error:
                lines.append(str(error))
        return lines

    assert messages(rungrad) == messages(torch)
