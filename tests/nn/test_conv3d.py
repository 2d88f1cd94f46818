"""Conv3d and F.conv3d against PyTorch: outputs and gradients of every input and parameter,
reprs and state dicts, padding strings and modes, unbatched input, and errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

from ._compare import compare_error, compare_modules, make_pair

CONFIGS = [
    ((2, 4, 3), {}),
    ((2, 4, (1, 2, 3)), {"stride": (2, 1, 1), "padding": (1, 0, 2)}),
    ((4, 2, 2), {"groups": 2, "dilation": (2, 1, 1), "bias": False}),
    ((2, 3, 3), {"padding": "same"}),
    ((2, 3, (3, 1, 3)), {"padding": "valid", "stride": 2}),
    ((2, 2, 3), {"padding": 1, "padding_mode": "reflect"}),
    ((2, 2, 3), {"padding": (1, 2, 1), "padding_mode": "replicate"}),
    ((2, 2, 3), {"padding": 1, "padding_mode": "circular"}),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("arguments, options", CONFIGS, ids=str)
def test_conv3d_matches_torch(arguments: tuple, options: dict[str, Any], dtype: str) -> None:
    channels = arguments[0]
    compare_modules(
        lambda T: T.nn.Conv3d(*arguments, **options), [(2, channels, 4, 5, 4)], dtype=dtype
    )


def test_unbatched_input() -> None:
    compare_modules(lambda T: T.nn.Conv3d(2, 3, 2, padding=1), [(2, 3, 4, 3)])


def test_repr_and_state_dict() -> None:
    for build in (
        lambda nn: nn.Conv3d(2, 4, 3, padding=(1, 0, 2), dilation=2, groups=2, bias=False),
        lambda nn: nn.Conv3d(2, 4, (1, 2, 3), stride=(2, 1, 1), padding_mode="reflect"),
        lambda nn: nn.Conv3d(2, 4, 3, padding="same"),
    ):
        make_pair(lambda T, build=build: build(T.nn))


def test_functional_and_graph() -> None:
    rng = np.random.default_rng(0)
    x, w, b = (rng.standard_normal(s) for s in [(1, 2, 3, 4, 5), (3, 2, 2, 3, 2), (3,)])
    results = []
    for library in (torch, rungrad):
        tensors = [library.tensor(a, requires_grad=True) for a in (x, w, b)]
        output = library.nn.functional.conv3d(*tensors, stride=(1, 2, 1), padding=(0, 1, 1))
        grads = library.autograd.grad(output.sin().sum(), tensors, create_graph=True)
        second = library.autograd.grad(sum(g.square().sum() for g in grads), tensors)
        results.append((output, grads, second, type(output.grad_fn).__name__))
        assert library.conv3d is library.nn.functional.conv3d
    (expected, *_), (actual, *_) = results
    np.testing.assert_allclose(actual.detach().numpy(), expected.detach().numpy(), rtol=1e-10)
    for e, a in zip(results[0][1] + results[0][2], results[1][1] + results[1][2]):
        np.testing.assert_allclose(a.detach().numpy(), e.detach().numpy(), rtol=1e-9)
    assert results[0][3] == results[1][3] == "ConvolutionBackward0"


def test_gradcheck() -> None:
    tensors = [
        rungrad.randn(*shape, dtype=rungrad.float64, requires_grad=True)
        for shape in [(1, 2, 3, 3, 4), (2, 1, 2, 2, 2), (2,)]
    ]

    def conv(x: Any, w: Any, b: Any) -> Any:
        return rungrad.nn.functional.conv3d(x, w, b, stride=(2, 1, 1), padding=1, groups=2)

    assert rungrad.autograd.gradcheck(conv, tensors)
    assert rungrad.autograd.gradgradcheck(conv, tensors)


@pytest.mark.parametrize(
    "call",
    [
        "F.conv3d(T.ones(2, 3, 4), T.ones(3, 2, 2, 2, 2))",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 1, 2, 2, 2))",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 2, 4, 2, 2))",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 2, 2, 2, 2), stride=(1, 2))",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 2, 2, 2, 2), padding=(1, 2))",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 2, 2, 2, 2), bias=T.ones(2))",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 2, 3, 3, 3), padding='same', stride=2)",
        "F.conv3d(T.ones(1, 2, 3, 4, 5), T.ones(3, 2, 3, 3, 3), padding='full')",
        "T.nn.Conv3d(2, 4, 3, padding='same', stride=2)",
        "T.nn.Conv3d(3, 4, 3, groups=2)",
        "T.nn.Conv3d(2, 4, 3)(T.ones(1, 3, 4, 4, 4))",
    ],
)
def test_errors(call: str) -> None:
    compare_error(lambda T: eval(call, {"T": T, "F": T.nn.functional}))
