"""Padding layers, distance layers, Softmax2d, the Upsampling layers and the in-place
functionals (``F.relu_``...), against PyTorch: reprs, outputs, gradients and errors."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

LAYERS = [
    ("ZeroPad1d(2)", (2, 3, 4)),
    ("ZeroPad2d((1, 2, 3, 0))", (1, 2, 3, 4)),
    ("ZeroPad3d(1)", (1, 1, 2, 3, 2)),
    ("ConstantPad1d(2, 3.5)", (2, 3, 4)),
    ("ConstantPad2d((1, 0, 2, 0), -1)", (2, 3, 4)),
    ("ConstantPad3d(1, 0.5)", (1, 2, 2, 2)),
    ("ReflectionPad1d(2)", (2, 3, 4)),
    ("ReflectionPad2d((1, 1, 2, 0))", (1, 2, 3, 4)),
    ("ReflectionPad3d(1)", (1, 1, 2, 3, 3)),
    ("ReplicationPad1d((1, 2))", (2, 3, 4)),
    ("ReplicationPad2d(1)", (1, 2, 3, 4)),
    ("ReplicationPad3d(1)", (1, 1, 2, 3, 3)),
    ("CircularPad1d(1)", (2, 3, 4)),
    ("CircularPad2d((1, 0, 0, 1))", (1, 2, 3, 4)),
    ("CircularPad3d(1)", (1, 1, 2, 3, 3)),
    ("Softmax2d()", (2, 3, 2, 2)),
    ("Softmax2d()", (3, 2, 2)),
    ("UpsamplingNearest2d(scale_factor=2)", (1, 2, 2, 3)),
    ("UpsamplingNearest2d(size=(3, 5))", (1, 1, 2, 3)),
    ("UpsamplingBilinear2d(scale_factor=2)", (1, 2, 2, 3)),
    ("UpsamplingBilinear2d(size=(4, 4))", (1, 1, 2, 3)),
]


def _input(library: Any, shape: tuple[int, ...]) -> Any:
    values = (np.arange(np.prod(shape)) * 0.37 % 1.3 - 0.5).reshape(shape)
    return library.tensor(values, dtype=library.float64, requires_grad=True)


def _run(library: Any, expression: str, shape: tuple[int, ...]) -> list[Any]:
    layer = eval(f"library.nn.{expression}", {"library": library})
    x = _input(library, shape)
    out = layer(x)
    weights = library.linspace(-1.0, 2.0, out.numel(), dtype=library.float64)
    (out * weights.reshape(out.shape)).sum().backward()
    text = repr(layer).replace("rungrad", "torch")
    return [text, type(out.grad_fn).__name__, out.detach().numpy(), x.grad.numpy()]


@pytest.mark.parametrize(("expression", "shape"), LAYERS)
def test_layers_match_torch(expression: str, shape: tuple[int, ...]) -> None:
    expected = _run(torch, expression, shape)
    got = _run(rungrad, expression, shape)
    assert got[:2] == expected[:2]
    for a, b in zip(got[2:], expected[2:]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


DISTANCES = [
    ("CosineSimilarity()", {}),
    ("CosineSimilarity(dim=0, eps=1e-6)", {}),
    ("PairwiseDistance()", {}),
    ("PairwiseDistance(p=1.0, keepdim=True)", {}),
]


@pytest.mark.parametrize(("expression", "_"), DISTANCES)
def test_distance_layers(expression: str, _: dict[str, Any]) -> None:
    results = []
    for library in (torch, rungrad):
        layer = eval(f"library.nn.{expression}", {"library": library})
        a = _input(library, (3, 4))
        b = library.tensor(np.linspace(-1, 1, 12).reshape(3, 4), requires_grad=True)
        out = layer(a, b)
        out.sum().backward()
        results.append(
            (repr(layer), out.detach().numpy(), a.grad.numpy(), b.grad.numpy(), out.shape)
        )
    expected, got = results
    assert got[0] == expected[0] and tuple(got[4]) == tuple(expected[4])
    for a, b in zip(got[1:4], expected[1:4]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_softmax2d_refuses_other_ranks() -> None:
    messages = []
    for library in (torch, rungrad):
        with pytest.raises(ValueError) as error:
            library.nn.Softmax2d()(library.ones(2))
        messages.append(str(error.value))
    assert messages[0] == messages[1]


INPLACE = [
    ("relu_", ()),
    ("elu_", (0.5,)),
    ("selu_", ()),
    ("celu_", (2.0,)),
    ("leaky_relu_", (0.2,)),
    ("hardtanh_", (-0.5, 0.25)),
    ("threshold_", (0.1, -2.0)),
    ("rrelu_", ()),  # not training: the fixed slope (lower + upper) / 2
]


@pytest.mark.parametrize(("name", "args"), INPLACE)
def test_inplace_functionals(name: str, args: tuple[Any, ...]) -> None:
    results = []
    for library in (torch, rungrad):
        x = library.tensor([-1.5, -0.2, 0.0, 0.3, 2.0], dtype=library.float64)
        result = getattr(library.nn.functional, name)(x, *args)
        results.append((result is x, x.numpy().copy()))
        leaf = library.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError):
            getattr(library.nn.functional, name)(leaf, *args)
    (same_a, values_a), (same_b, values_b) = results
    assert same_a == same_b
    np.testing.assert_allclose(values_b, values_a, rtol=1e-14)


def _dropout_transcript(library: Any) -> list[str]:
    import warnings

    F = library.nn.functional
    lines = []
    x = library.ones(3, 4, requires_grad=True)
    lines.append(type(F.dropout1d(x).grad_fn).__name__)
    lines.append(type(F.dropout1d(x, training=False).grad_fn).__name__)
    lines.append(type(F.dropout3d(library.ones(2, 2, 2, 2, requires_grad=True)).grad_fn).__name__)
    lines.append(type(F.dropout2d(library.ones(2, 3, 2, 2, requires_grad=True)).grad_fn).__name__)
    image = library.ones(2, 3, 2, 2, requires_grad=True)
    lines.append(str(F.dropout2d(image, 0.0) is image))
    lines.append(str(F.dropout2d(image, 0.5, training=False) is image))
    lines.append(repr(library.nn.Dropout2d(0.3)) + repr(library.nn.Dropout1d()))
    lines.append(repr(library.nn.Dropout3d(p=0.1, inplace=True)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.dropout2d(library.ones(3, 2, 2))
        F.dropout2d(library.ones(3, 2))
        F.dropout3d(library.ones(2, 2, 2))
        lines.extend(f"{m.category.__name__}: {m.message}" for m in caught)
    for function, shape, p in [
        (F.dropout1d, (2,), 0.5),
        (F.dropout1d, (2, 2, 2, 2), 0.5),
        (F.dropout2d, (2, 2, 2, 2), 1.5),
    ]:
        try:
            function(library.ones(*shape), p)
        except (RuntimeError, ValueError) as error:
            lines.append(f"{type(error).__name__}: {error}")
    return [line.replace("rungrad", "torch") for line in lines]


def test_channel_dropout_like_pytorch() -> None:
    assert _dropout_transcript(rungrad) == _dropout_transcript(torch)


@pytest.mark.parametrize(
    ("name", "shape", "channel_axes"),
    [
        ("dropout1d", (4, 30, 5), 2),
        ("dropout2d", (4, 30, 3, 3), 2),
        ("dropout3d", (30, 2, 2, 2), 1),
    ],
)
def test_channel_dropout_zeroes_whole_channels(name: str, shape: tuple, channel_axes: int) -> None:
    x = rungrad.ones(*shape, dtype=rungrad.float64, requires_grad=True)
    y = getattr(rungrad.nn.functional, name)(x, 0.4)
    values = y.detach().numpy().reshape(*shape[:channel_axes], -1)
    # Each channel is all zeros or all 1 / (1 - p); both occur.
    assert np.all(values == values[..., :1])
    assert set(np.unique(values)) == {0.0, 1 / 0.6}
    y.sum().backward()  # the gradient is the mask itself
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())


def test_pixel_shuffle_layers_and_empty_inputs() -> None:
    # Forward only on empty inputs: PyTorch's own backward fails there (its unshuffle keeps
    # an empty input's shape, and the shuffle of that gradient does not fit).
    def transcript(library: Any) -> list[str]:
        F = library.nn.functional
        lines = [repr(library.nn.PixelShuffle(3)), repr(library.nn.PixelUnshuffle(2))]
        lines.append(str(F.pixel_shuffle(library.ones(0, 4, 1, 1), 2).shape))
        lines.append(str(F.pixel_unshuffle(library.ones(0, 1, 4, 2), 2).shape))
        layer = library.nn.PixelShuffle(2)
        lines.append(str(layer(library.arange(16.0).reshape(1, 4, 2, 2)).tolist()))
        return [line.replace("rungrad", "torch") for line in lines]

    assert transcript(rungrad) == transcript(torch)


LP_POOLS = [
    ("lp_pool2d", (2, 2), {}),
    ("lp_pool2d", (3, (2, 1)), {"stride": 1, "ceil_mode": True}),
    ("lp_pool2d", (1.5, 2), {}),
    ("lp_pool1d", (2, 3), {"stride": 1}),
    ("lp_pool1d", (1, 2), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), LP_POOLS)
def test_lp_pool_matches_torch(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    results = []
    for library in (torch, rungrad):
        x = _input(library, (1, 2, 4, 4))
        source = x if name == "lp_pool2d" else x[0]
        out = getattr(library.nn.functional, name)(source, *args, **kwargs)
        library.nan_to_num(out).sum().backward()
        names, node = [], out.grad_fn
        while node is not None:
            names.append(type(node).__name__)
            node = node.next_functions[0][0] if node.next_functions else None
        results.append((names, out.detach().numpy(), library.nan_to_num(x.grad).numpy()))
    (names_a, out_a, grad_a), (names_b, out_b, grad_b) = results
    assert names_b == names_a
    np.testing.assert_allclose(out_b, out_a, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad_b, grad_a, rtol=1e-10, atol=1e-12)


def test_lp_pool_layers() -> None:
    for expression in ("LPPool2d(2, 2)", "LPPool1d(3, 2, stride=1, ceil_mode=True)"):
        ours = eval(f"rungrad.nn.{expression}")
        theirs = eval(f"torch.nn.{expression}")
        assert repr(ours) == repr(theirs)


def test_max_unpool_layers_and_errors() -> None:
    def transcript(library: Any) -> list[str]:
        nn, F = library.nn, library.nn.functional
        lines = [repr(nn.MaxUnpool2d(2, stride=2)), repr(nn.MaxUnpool1d(3))]
        lines.append(repr(nn.MaxUnpool2d((2, 3), padding=1)))
        values, indices = F.max_pool2d(
            library.arange(16.0).reshape(1, 1, 4, 4), 2, return_indices=True
        )
        lines.append(str(nn.MaxUnpool2d(2)(values, indices).tolist()))
        for call in (
            lambda: F.max_unpool2d(values, indices, 2, output_size=(9, 9)),
            lambda: F.max_unpool2d(values, indices.float(), 2),
            lambda: F.max_unpool2d(
                library.ones(1, 1, 2, 2), library.tensor([[[[0, 5], [7, 11]]]]), (2, 3), 1, (0, 1)
            ),
        ):
            try:
                call()
            except (RuntimeError, ValueError) as error:
                lines.append(f"{type(error).__name__}: {error}")
        return [line.replace("rungrad", "torch") for line in lines]

    assert transcript(rungrad) == transcript(torch)


@pytest.mark.parametrize(
    "construction",
    [
        "nn.Conv2d(1, 1, 3, padding='same', stride=2)",
        "nn.Conv1d(1, 1, 3, padding='same', stride=(1,))",
        "nn.Conv2d(1, 1, 3, padding='full')",
        "nn.Conv1d(1, 1, 3, padding_mode='mirror')",
        "nn.Conv2d(1, 1, 3, padding='valid', stride=2)",
        "nn.Conv2d(1, 1, 3, padding='same', dilation=2)",
    ],
)
def test_conv_padding_strings_and_modes_are_checked_like_torch(construction: str):
    outcomes = []
    for library in (torch, rungrad):
        try:
            outcomes.append(repr(eval(construction, {"nn": library.nn})))
        except ValueError as error:
            outcomes.append(f"ValueError: {error}")
    assert _sorted_sets(outcomes[1]) == _sorted_sets(outcomes[0])


def _sorted_sets(text: str) -> str:
    """A message with each printed set's items sorted: a set of strings prints in an order
    that depends on the hash seed and on when each library's bytecode was compiled."""
    return re.sub(r"\{([^{}]*)\}", lambda m: "{" + ", ".join(sorted(m[1].split(", "))) + "}", text)
