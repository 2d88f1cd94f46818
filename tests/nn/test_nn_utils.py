"""nn.utils: gradient clipping and parameter/vector conversion against PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import rungrad

from ._compare import assert_close, compare_error, recorded_warnings, to_rungrad, to_torch

SHAPES = [(3, 4), (4,), (2, 2, 2)]


def _parameters(library, seed: int = 0, scale: float = 1.0, dtype: str = "float32"):
    rng = np.random.default_rng(seed)
    parameters = []
    for shape in SHAPES:
        parameter = library.nn.Parameter(library.tensor(rng.standard_normal(shape).astype(dtype)))
        parameter.grad = library.tensor((rng.standard_normal(shape) * scale).astype(dtype))
        parameters.append(parameter)
    return parameters


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, float("inf"), "inf"])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm(norm_type, max_norm: float) -> None:
    expected_parameters, actual_parameters = _parameters(torch), _parameters(rungrad)
    expected = torch.nn.utils.clip_grad_norm_(expected_parameters, max_norm, norm_type)
    actual = rungrad.nn.utils.clip_grad_norm_(actual_parameters, max_norm, norm_type)
    assert_close(expected, actual)
    assert actual.grad_fn is None and not actual.requires_grad
    for e, a in zip(expected_parameters, actual_parameters):
        assert_close(e.grad, a.grad)


def test_clip_grad_norm_float64_single_tensor_and_missing_grads() -> None:
    expected_parameters = _parameters(torch, dtype="float64")
    actual_parameters = _parameters(rungrad, dtype="float64")
    expected_parameters[1].grad = actual_parameters[1].grad = None
    expected = torch.nn.utils.clip_grad_norm_(expected_parameters, 1.0)
    actual = rungrad.nn.utils.clip_grad_norm_(actual_parameters, 1.0)
    assert_close(expected, actual, "float64")
    assert actual_parameters[1].grad is None
    assert_close(expected_parameters[0].grad, actual_parameters[0].grad, "float64")
    single = rungrad.nn.Parameter(rungrad.zeros(2))
    single.grad = rungrad.tensor([3.0, 4.0])
    assert float(rungrad.nn.utils.clip_grad_norm_(single, 1.0)) == pytest.approx(5.0)
    assert single.grad.tolist() == pytest.approx([0.6, 0.8])


def test_clip_grad_norm_without_gradients() -> None:
    for parameters in ([], [rungrad.nn.Parameter(rungrad.ones(2))]):
        result = rungrad.nn.utils.clip_grad_norm_(parameters, 1.0)
        assert repr(result) == repr(torch.tensor(0.0))


def test_clip_grad_norm_non_finite() -> None:
    def call(T):
        parameter = T.nn.Parameter(T.zeros(2))
        parameter.grad = T.tensor([3.0, float("nan")])
        T.nn.utils.clip_grad_norm_(parameter, 1.0, error_if_nonfinite=True)

    compare_error(call)
    parameter = rungrad.nn.Parameter(rungrad.zeros(2))
    parameter.grad = rungrad.tensor([3.0, float("inf")])
    assert float(rungrad.nn.utils.clip_grad_norm_(parameter, 1.0)) == float("inf")


def test_total_norm_and_clip_with_norm() -> None:
    expected_parameters, actual_parameters = _parameters(torch), _parameters(rungrad)
    for norm_type in (2.0, 1.0):
        expected = torch.nn.utils.get_total_norm([p.grad for p in expected_parameters], norm_type)
        actual = rungrad.nn.utils.get_total_norm([p.grad for p in actual_parameters], norm_type)
        assert_close(expected, actual)
    torch.nn.utils.clip_grads_with_norm_(expected_parameters, 1.0, expected)
    rungrad.nn.utils.clip_grads_with_norm_(actual_parameters, 1.0, actual)
    for e, a in zip(expected_parameters, actual_parameters):
        assert_close(e.grad, a.grad)


def test_deprecated_clip_grad_norm() -> None:
    def call(T):
        parameter = T.nn.Parameter(T.zeros(2))
        parameter.grad = T.tensor([3.0, 4.0])
        return T.nn.utils.clip_grad_norm(parameter, 1.0)

    assert recorded_warnings(lambda: call(rungrad)) == recorded_warnings(lambda: call(torch))


@pytest.mark.parametrize("clip_value", [0.5, 10])
def test_clip_grad_value(clip_value: float) -> None:
    expected_parameters, actual_parameters = _parameters(torch), _parameters(rungrad)
    assert torch.nn.utils.clip_grad_value_(expected_parameters, clip_value) is None
    assert rungrad.nn.utils.clip_grad_value_(actual_parameters, clip_value) is None
    for e, a in zip(expected_parameters, actual_parameters):
        assert_close(e.grad, a.grad)


def test_clipping_in_a_training_step() -> None:
    layer = rungrad.nn.Linear(3, 2)
    layer(rungrad.randn(4, 3) * 100).sum().backward()
    total = rungrad.nn.utils.clip_grad_norm_(layer.parameters(), 1.0)
    assert float(total) > 1.0
    after = rungrad.nn.utils.get_total_norm([p.grad for p in layer.parameters()])
    assert float(after) == pytest.approx(1.0, rel=1e-5)


def test_parameters_to_vector() -> None:
    expected_parameters, actual_parameters = _parameters(torch), _parameters(rungrad)
    expected = torch.nn.utils.parameters_to_vector(expected_parameters)
    actual = rungrad.nn.utils.parameters_to_vector(actual_parameters)
    assert_close(expected, actual)
    weights = np.arange(expected.numel(), dtype=np.float32)
    (expected * to_torch(weights)).sum().backward()
    (actual * to_rungrad(weights)).sum().backward()
    for e, a in zip(expected_parameters, actual_parameters):
        assert_close(e.grad, a.grad)


def test_vector_to_parameters() -> None:
    expected_parameters, actual_parameters = _parameters(torch), _parameters(rungrad)
    values = np.linspace(-1, 1, 24).astype(np.float32)
    expected_vector, actual_vector = to_torch(values), to_rungrad(values)
    torch.nn.utils.vector_to_parameters(expected_vector, expected_parameters)
    rungrad.nn.utils.vector_to_parameters(actual_vector, actual_parameters)
    for e, a in zip(expected_parameters, actual_parameters):
        assert_close(e, a)
        assert isinstance(a, rungrad.nn.Parameter) and a.requires_grad
        assert_close(e.grad, a.grad)  # gradients are left alone
    # The parameters now share the vector's storage, as in PyTorch.
    actual_vector[0] = 5.0
    assert actual_parameters[0][0, 0].item() == 5.0
    round_trip = rungrad.nn.utils.parameters_to_vector(actual_parameters)
    assert round_trip.tolist() == actual_vector.tolist()


@pytest.mark.parametrize(
    "call",
    [
        lambda T: T.nn.utils.vector_to_parameters([1.0], [T.nn.Parameter(T.zeros(1))]),
        lambda T: T.nn.utils.vector_to_parameters(T.arange(2.0), [T.nn.Parameter(T.zeros(2, 2))]),
    ],
)
def test_vector_to_parameters_errors(call) -> None:
    compare_error(call)


def test_module_path() -> None:
    from rungrad.nn.utils import clip_grad, convert_parameters

    assert clip_grad.clip_grad_norm_ is rungrad.nn.utils.clip_grad_norm_
    assert convert_parameters.parameters_to_vector is rungrad.nn.utils.parameters_to_vector
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rungrad.nn.utils.clip_grad_norm_([], 1.0)
