"""Normalisation kernels (layer/batch/group norm, normalize, cosine_similarity,
pairwise_distance) and layers (BatchNorm1d/2d, LayerNorm, GroupNorm) against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad
from rungrad.autograd import gradcheck, gradgradcheck

from ._compare import (
    assert_close,
    compare_error,
    compare_kernel,
    compare_modules,
    make_pair,
    to_rungrad,
    to_torch,
)

RNG = np.random.default_rng(1234)


def _normal(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape)


def _positive(*shape: int) -> np.ndarray:
    return RNG.random(shape) + 0.5


# -- kernels: values, node names, first and second derivatives --------------------------------
def _stats(library, mean, var, like):
    return library.tensor(mean, dtype=like.dtype), library.tensor(var, dtype=like.dtype)


KERNELS = {
    "layer_norm affine": (
        lambda T, x, w, b: T.nn.functional.layer_norm(x, (5,), w, b),
        [_normal(4, 3, 5), _normal(5), _normal(5)],
    ),
    "layer_norm two dims, weight only": (
        lambda T, x, w: T.nn.functional.layer_norm(x, [3, 5], w, eps=1e-3),
        [_normal(2, 3, 5), _normal(3, 5)],
    ),
    "layer_norm plain": (
        lambda T, x: T.nn.functional.layer_norm(x, (5,)),
        [_normal(4, 5)],
    ),
    "batch_norm train 2d": (
        lambda T, x, w, b: T.nn.functional.batch_norm(x, None, None, w, b, True),
        [_normal(6, 3), _normal(3), _normal(3)],
    ),
    "batch_norm train 4d": (
        lambda T, x, w, b: T.nn.functional.batch_norm(x, None, None, w, b, True, 0.1, 1e-3),
        [_normal(2, 3, 2, 2), _normal(3), _normal(3)],
    ),
    "batch_norm train plain": (
        lambda T, x: T.nn.functional.batch_norm(x, None, None, training=True),
        [_normal(4, 2, 3)],
    ),
    "batch_norm eval affine": (
        lambda T, x, w, b: T.nn.functional.batch_norm(
            x, *_stats(T, [0.1, -0.2, 0.3], [0.5, 1.5, 2.0], x), w, b, False
        ),
        [_normal(4, 3, 2), _normal(3), _normal(3)],
    ),
    "batch_norm eval plain": (
        lambda T, x: T.nn.functional.batch_norm(x, *_stats(T, [0.1, -0.2], [0.5, 1.5], x)),
        [_normal(4, 2)],
    ),
    "group_norm affine": (
        lambda T, x, w, b: T.nn.functional.group_norm(x, 2, w, b),
        [_normal(2, 4, 3), _normal(4), _normal(4)],
    ),
    "group_norm 4d": (
        lambda T, x, w, b: T.nn.functional.group_norm(x, 3, w, b, eps=1e-3),
        [_normal(2, 6, 2, 2), _normal(6), _normal(6)],
    ),
    "group_norm 2d plain": (
        lambda T, x: T.nn.functional.group_norm(x, 4),
        [_normal(3, 4)],
    ),
    "normalize": (lambda T, x: T.nn.functional.normalize(x), [_normal(3, 4)]),
    "normalize p=1 dim=-1": (
        lambda T, x: T.nn.functional.normalize(x, 1.0, -1),
        [_normal(2, 3, 4)],
    ),
    "normalize p=3 dim=0": (
        lambda T, x: T.nn.functional.normalize(x, 3.0, 0),
        [_normal(3, 4)],
    ),
    "normalize p=inf": (
        lambda T, x: T.nn.functional.normalize(x, float("inf")),
        [_normal(3, 4)],
    ),
    "cosine_similarity": (
        lambda T, a, b: T.nn.functional.cosine_similarity(a, b),
        [_normal(3, 4), _normal(3, 4)],
    ),
    "cosine_similarity broadcast": (
        lambda T, a, b: T.nn.functional.cosine_similarity(a, b, dim=-1),
        [_normal(2, 1, 4), _normal(3, 4)],
    ),
    "pairwise_distance": (
        lambda T, a, b: T.nn.functional.pairwise_distance(a, b),
        [_normal(3, 4), _normal(3, 4)],
    ),
    "pairwise_distance p=1 keepdim": (
        lambda T, a, b: T.nn.functional.pairwise_distance(a, b, 1.0, keepdim=True),
        [_normal(3, 4), _normal(3, 4)],
    ),
    "pairwise_distance 1d p=3": (
        lambda T, a, b: T.nn.functional.pairwise_distance(a, b, 3.0),
        [_normal(4), _normal(4)],
    ),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(KERNELS))
def test_kernel_matches_torch(name: str, dtype: str) -> None:
    function, arrays = KERNELS[name]
    compare_kernel(function, arrays, dtype)


@pytest.mark.parametrize(
    "name",
    [
        "layer_norm affine",
        "batch_norm train 4d",
        "batch_norm eval affine",
        "group_norm affine",
        "normalize p=3 dim=0",
        "cosine_similarity broadcast",
        "pairwise_distance",
    ],
)
def test_kernel_gradcheck(name: str) -> None:
    function, arrays = KERNELS[name]
    inputs = [to_rungrad(a, True) for a in arrays]
    assert gradcheck(lambda *xs: function(rungrad, *xs), inputs)
    assert gradgradcheck(lambda *xs: function(rungrad, *xs), inputs)


def test_layer_norm_bias_without_weight() -> None:
    # PyTorch's double backward fails for this case ("Expected a proper Tensor but got None"):
    # first order against torch, second order against finite differences.
    arrays = [_normal(4, 5), _normal(5)]
    inputs = [
        [library.tensor(a, requires_grad=True) for a in arrays] for library in (torch, rungrad)
    ]
    for library, (x, b) in zip((torch, rungrad), inputs):
        output = library.nn.functional.layer_norm(x, (5,), None, b)
        (output * library.tensor(arrays[0])).sum().backward()
    for expected, actual in zip(*inputs):
        assert_close(expected.grad, actual.grad, "float64")
    x, b = (to_rungrad(a, True) for a in arrays)
    assert gradgradcheck(lambda x, b: rungrad.nn.functional.layer_norm(x, (5,), None, b), (x, b))


@pytest.mark.parametrize(
    "function",
    [
        lambda x, w: rungrad.nn.functional.layer_norm(x, (4,), w),
        lambda x, w: rungrad.nn.functional.batch_norm(x, None, None, w, None, True),
    ],
    ids=["layer_norm", "batch_norm"],
)
def test_third_derivative_matches_finite_differences(function) -> None:
    # PyTorch's own third derivative of these kernels treats the saved statistics as
    # constants; rungrad's backward formulas are differentiable through them.
    x = to_rungrad(_normal(3, 4), True)
    w = to_rungrad(_normal(4), True)
    v = to_rungrad(_normal(3, 4))

    def first_order(x, w):
        return rungrad.autograd.grad(function(x, w), (x, w), v, create_graph=True)

    assert gradgradcheck(first_order, (x, w))


def test_zero_vector_gradients() -> None:
    # The norm's gradient at a zero vector is zero: normalize and cosine_similarity divide
    # by eps there.
    for call in (
        lambda T, x: T.nn.functional.normalize(x),
        lambda T, x: T.nn.functional.cosine_similarity(x, T.ones(2, 3, dtype=T.float64)),
        lambda T, x: T.nn.functional.pairwise_distance(x, T.zeros(2, 3, dtype=T.float64), eps=0),
    ):
        expected_x = to_torch(np.zeros((2, 3)), True)
        actual_x = to_rungrad(np.zeros((2, 3)), True)
        call(torch, expected_x).sum().backward()
        call(rungrad, actual_x).sum().backward()
        assert_close(expected_x.grad, actual_x.grad, "float64")


def test_cosine_similarity_small_norms_clamp_without_gradient() -> None:
    values = np.array([[1e-5, 2e-5]])
    other = np.array([[3.0, 4.0]])
    compare_kernel(
        lambda T, a, b: T.nn.functional.cosine_similarity(a, b, eps=1e-3),
        [values, other],
        check_names=False,
    )


def test_batch_norm_updates_running_statistics() -> None:
    x = _normal(5, 3, 2).astype(np.float32)
    results = []
    for library in (torch, rungrad):
        mean = library.zeros(3)
        var = library.ones(3)
        library.nn.functional.batch_norm(library.tensor(x), mean, var, None, None, True, 0.3)
        results.append((mean, var))
    (expected_mean, expected_var), (actual_mean, actual_var) = results
    assert_close(expected_mean, actual_mean)
    assert_close(expected_var, actual_var)


@pytest.mark.parametrize("shape", [(8, 3), (64, 16), (300, 5), (4, 3, 5), (16, 6, 4, 4)])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_float32_batch_norm_rounds_as_pytorch(shape, momentum) -> None:
    """Outputs and running statistics equal PyTorch's bit for bit (one thread), so that a
    normalised batch's mean, which is rounding noise, prints the same."""
    channels = shape[1]
    weight = np.linspace(0.5, 1.5, channels, dtype=np.float32)
    bias = np.linspace(-1, 1, channels, dtype=np.float32)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        results = []
        for library in (torch, rungrad):
            layer_type = library.nn.BatchNorm1d if len(shape) < 4 else library.nn.BatchNorm2d
            layer = layer_type(channels, momentum=momentum)
            with library.no_grad():
                layer.weight.copy_(library.tensor(weight))
                layer.bias.copy_(library.tensor(bias))
            local = np.random.default_rng(7)
            values = []
            for scale in (3.0, 0.5):
                x = (local.standard_normal(shape) * scale + 1).astype(np.float32)
                values.append(layer(library.tensor(x)).detach().numpy())
            values += [layer.running_mean.numpy().copy(), layer.running_var.numpy().copy()]
            layer.eval()
            values.append(layer(library.tensor(x)).detach().numpy())
            results.append(values)
    finally:
        torch.set_num_threads(threads)
    for expected, actual in zip(*results):
        np.testing.assert_array_equal(actual, expected)


def test_float32_stays_float32() -> None:
    x = rungrad.randn(4, 3)
    for result in (
        rungrad.nn.functional.layer_norm(x, (3,)),
        rungrad.nn.functional.batch_norm(x, None, None, training=True),
        rungrad.nn.functional.group_norm(x, 3),
        rungrad.nn.functional.normalize(x),
    ):
        assert result.dtype == rungrad.float32


@pytest.mark.parametrize(
    "call",
    [
        lambda T: T.nn.functional.layer_norm(T.randn(2, 3), (4,)),
        lambda T: T.nn.functional.layer_norm(T.randn(2, 3), (3,), T.ones(4)),
        lambda T: T.nn.functional.layer_norm(T.randn(2, 3), 3),
        lambda T: T.nn.functional.layer_norm(T.randn(3, 2, dtype=T.float64), (2,), T.ones(2)),
        lambda T: T.nn.functional.layer_norm(T.randn(3, 2), (2,), T.ones(2, dtype=T.float64)),
        lambda T: T.nn.functional.group_norm(T.randn(2, 6, 3), 4),
        lambda T: T.nn.functional.group_norm(T.randn(2, 4, 3), 2, T.ones(3)),
        lambda T: T.nn.functional.group_norm(T.randn(4), 2),
        lambda T: T.nn.functional.batch_norm(T.randn(1, 3), None, None, training=True),
        lambda T: T.nn.functional.batch_norm(T.randn(2, 3), T.zeros(4), T.ones(4), training=True),
        lambda T: T.nn.functional.batch_norm(T.randn(3, 2), T.zeros(2), T.ones(2), T.ones(3)),
        lambda T: T.nn.functional.batch_norm(T.randn(3, 2), None, None),
        lambda T: T.nn.functional.batch_norm(T.randn(3, 2), T.zeros(2), None),
    ],
)
def test_kernel_errors(call) -> None:
    compare_error(call)


# -- layers ----------------------------------------------------------------------------------
LAYERS = {
    "BatchNorm1d 2d": (lambda T: T.nn.BatchNorm1d(3), [(6, 3)]),
    "BatchNorm1d 3d": (lambda T: T.nn.BatchNorm1d(3, eps=1e-3, momentum=0.2), [(4, 3, 5)]),
    "BatchNorm1d no bias": (lambda T: T.nn.BatchNorm1d(3, bias=False), [(4, 3)]),
    "BatchNorm1d plain": (
        lambda T: T.nn.BatchNorm1d(3, affine=False, track_running_stats=False),
        [(4, 3)],
    ),
    "BatchNorm2d": (lambda T: T.nn.BatchNorm2d(2), [(3, 2, 4, 3)]),
    "BatchNorm2d cumulative": (lambda T: T.nn.BatchNorm2d(2, momentum=None), [(3, 2, 2, 2)]),
    "LayerNorm": (lambda T: T.nn.LayerNorm(4), [(3, 4)]),
    "LayerNorm 2d shape": (lambda T: T.nn.LayerNorm([3, 4], eps=1e-3), [(2, 3, 4)]),
    "LayerNorm no bias": (lambda T: T.nn.LayerNorm(4, bias=False), [(2, 5, 4)]),
    "LayerNorm plain": (lambda T: T.nn.LayerNorm((4,), elementwise_affine=False), [(3, 4)]),
    "GroupNorm": (lambda T: T.nn.GroupNorm(2, 4), [(3, 4, 5)]),
    "GroupNorm 4d": (lambda T: T.nn.GroupNorm(3, 6, eps=1e-3), [(2, 6, 2, 3)]),
    "GroupNorm no bias": (lambda T: T.nn.GroupNorm(1, 4, bias=False), [(2, 4)]),
    "GroupNorm plain": (lambda T: T.nn.GroupNorm(4, 4, affine=False), [(2, 4, 3)]),
}


def _randomise_parameters(pair) -> None:
    """Move the parameters away from ones and zeros so the affine maps matter."""
    expected, actual = pair
    rng = np.random.default_rng(7)
    with torch.no_grad():
        for parameter in expected.parameters():
            parameter.copy_(torch.tensor(rng.standard_normal(tuple(parameter.shape))))
    state = {k: rungrad.tensor(v.detach().numpy()) for k, v in expected.state_dict().items()}
    actual.load_state_dict(state)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(LAYERS))
def test_layer_matches_torch(name: str, dtype: str) -> None:
    factory, shapes = LAYERS[name]
    expected, actual = compare_modules(factory, shapes, dtype=dtype)
    for key, value in expected.state_dict().items():
        assert_close(value, actual.state_dict()[key], dtype, key)


@pytest.mark.parametrize("name", ["BatchNorm1d 3d", "LayerNorm 2d shape", "GroupNorm 4d"])
def test_layer_with_random_parameters(name: str) -> None:
    factory, shapes = LAYERS[name]
    pair = make_pair(factory)
    _randomise_parameters(pair)
    x = _normal(*shapes[0]).astype(np.float32)
    expected, actual = pair[0](to_torch(x)), pair[1](to_rungrad(x))
    assert_close(expected, actual)


@pytest.mark.parametrize(
    "name", ["BatchNorm1d 2d", "BatchNorm1d 3d", "BatchNorm2d", "BatchNorm2d cumulative"]
)
def test_batch_norm_training_then_evaluation(name: str) -> None:
    factory, shapes = LAYERS[name]
    expected, actual = make_pair(factory)
    rng = np.random.default_rng(3)
    for step in range(4):
        x = (rng.standard_normal(shapes[0]) * (step + 1) + step).astype(np.float32)
        assert_close(expected(to_torch(x)), actual(to_rungrad(x)), what=f"step {step}")
    for key, value in expected.state_dict().items():
        assert_close(value, actual.state_dict()[key], what=key)
    assert int(actual.num_batches_tracked) == 4
    assert actual.num_batches_tracked.dtype == rungrad.int64
    expected.eval()
    actual.eval()
    x = rng.standard_normal(shapes[0]).astype(np.float32)
    expected_out, actual_out = expected(to_torch(x, True)), actual(to_rungrad(x, True))
    assert_close(expected_out, actual_out, what="evaluation")
    assert type(actual_out.grad_fn).__name__ == "NativeBatchNormBackward0"
    # Evaluation leaves the running statistics alone.
    assert_close(expected.running_mean, actual.running_mean)
    assert int(actual.num_batches_tracked) == 4


def test_batch_norm_without_running_stats_uses_batch_stats_in_eval() -> None:
    expected, actual = make_pair(lambda T: T.nn.BatchNorm1d(3, track_running_stats=False))
    expected.eval()
    actual.eval()
    x = _normal(4, 3).astype(np.float32)
    assert_close(expected(to_torch(x)), actual(to_rungrad(x)))
    assert actual.running_mean is None and actual.num_batches_tracked is None


def test_batch_norm_reset_and_dtype() -> None:
    layer = rungrad.nn.BatchNorm1d(2).double()
    layer(rungrad.randn(4, 2, dtype=rungrad.float64))
    assert layer.running_mean.dtype == rungrad.float64
    assert layer.num_batches_tracked.dtype == rungrad.int64
    layer.reset_running_stats()
    assert layer.running_mean.tolist() == [0.0, 0.0]
    assert layer.running_var.tolist() == [1.0, 1.0]
    assert int(layer.num_batches_tracked) == 0


def test_initial_parameters() -> None:
    for layer in (rungrad.nn.BatchNorm2d(3), rungrad.nn.LayerNorm(3), rungrad.nn.GroupNorm(1, 3)):
        assert layer.weight.tolist() == [1.0, 1.0, 1.0]
        assert layer.bias.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "call",
    [
        lambda T: T.nn.BatchNorm1d(3)(T.randn(2, 3, 4, 5)),
        lambda T: T.nn.BatchNorm1d(3)(T.randn(3)),
        lambda T: T.nn.BatchNorm2d(3)(T.randn(2, 3, 4)),
        lambda T: T.nn.BatchNorm2d(3)(T.randn(2, 4, 4, 4)),
        lambda T: T.nn.BatchNorm1d(3)(T.randn(1, 3)),
        lambda T: T.nn.LayerNorm(3)(T.randn(2, 4)),
        lambda T: T.nn.LayerNorm([2, 3])(T.randn(3, 2)),
        lambda T: T.nn.GroupNorm(4, 6),
        lambda T: T.nn.GroupNorm(2, 4)(T.randn(2, 6, 3)),
    ],
)
def test_layer_errors(call) -> None:
    compare_error(call)


def test_vector_norm_zero_norm_gradient_and_empty_errors():
    for p in (-1.0, -0.5, 3.0):
        expected = torch.tensor([[1.0, 0.0, 2.0]], requires_grad=True)
        actual = rungrad.tensor([[1.0, 0.0, 2.0]], requires_grad=True)
        expected.norm(p).backward()
        actual.norm(p).backward()
        np.testing.assert_allclose(actual.grad.numpy(), expected.grad.numpy(), rtol=1e-6)
    for p in (float("inf"), -1.0, float("-inf")):
        for make in (
            lambda T, p=p: T.zeros(0).norm(p),
            lambda T, p=p: T.linalg.vector_norm(T.zeros(2, 0), p, dim=1),
        ):
            messages = []
            for T in (torch, rungrad):
                with pytest.raises(RuntimeError) as error:
                    make(T)
                messages.append(str(error.value))
            assert messages[1] == messages[0]
