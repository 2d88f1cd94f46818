"""Behaviour of the statistics and sequence functions beyond the op_db rows, against PyTorch:
the complex-part functions on real tensors, the non-differentiable functions given tensors
that require grad, errors raised at backward time, warnings, return types and methods."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

MODULES = (torch, rungrad)


def _outcome(function: Callable[[Any], Any], module: Any) -> Any:
    try:
        return function(module)
    except Exception as error:  # compared by type and message
        return error


def _same_error(function: Callable[[Any], Any]) -> None:
    expected, actual = (_outcome(function, module) for module in MODULES)
    assert isinstance(expected, Exception), "torch does not raise"
    assert type(actual) is type(expected), f"{actual!r} != {expected!r}"
    assert str(actual).replace("rungrad", "torch") == str(expected)


def _leaf(module: Any, values: list[float]) -> Any:
    return module.tensor(values, requires_grad=True)


@pytest.mark.parametrize("name", ["real", "conj"])
def test_real_and_conj_of_a_real_tensor_are_the_tensor_itself(name: str) -> None:
    for module in MODULES:
        x = _leaf(module, [1.0, -2.0])
        assert getattr(module, name)(x) is x
        assert (x.real if name == "real" else x.conj()) is x


def test_imag_of_a_real_tensor_raises() -> None:
    _same_error(lambda T: T.imag(T.tensor([1.0, 2.0])))
    _same_error(lambda T: T.tensor([1.0, 2.0]).imag)


def test_bincount_with_weights_that_require_grad_records_not_implemented() -> None:
    results = []
    for module in MODULES:
        weights = _leaf(module, [0.5, 1.0, 2.0])
        counts = module.bincount(module.tensor([0, 2, 2]), weights)
        assert counts.requires_grad
        assert type(counts.grad_fn).__name__ == "NotImplemented"
        results.append(counts.detach().numpy())
    np.testing.assert_array_equal(results[0], results[1])


def test_bincount_backward_messages_match() -> None:
    def backward(T: Any) -> Any:
        weights = _leaf(T, [0.5, 1.0])
        return T.bincount(T.tensor([1, 1]), weights).sum().backward()

    _same_error(backward)


@pytest.mark.parametrize(
    "call",
    [
        lambda T, x: T.histc(x, bins=3),
        lambda T, x: x.histc(4, -1, 1),
        lambda T, x: T.isin(x, T.tensor([1.0, 3.0])),
        lambda T, x: T.isin(x, 2.0, invert=True),
    ],
)
def test_non_differentiable_functions_record_nothing(call: Callable[..., Any]) -> None:
    outputs = []
    for module in MODULES:
        x = _leaf(module, [1.0, 2.0, 3.0, -0.5])
        result = call(module, x)
        assert not result.requires_grad and result.grad_fn is None
        outputs.append((str(result.dtype).replace("rungrad", "torch"), result.numpy()))
    assert outputs[0][0] == outputs[1][0]
    np.testing.assert_array_equal(outputs[0][1], outputs[1][1])


def test_indices_and_gcd_never_require_grad() -> None:
    for module in MODULES:
        assert not module.tril_indices(3, 3).requires_grad
        assert not module.triu_indices(3, 3, 1).requires_grad
        result = module.gcd(module.tensor([4, 6]), module.tensor([6, 9]))
        assert result.grad_fn is None
        np.testing.assert_array_equal(result.numpy(), [2, 3])
    _same_error(lambda T: T.tril_indices(3, 3, requires_grad=True))


def test_integer_overflow_of_lcm_wraps_as_in_pytorch() -> None:
    def call(T: Any) -> Any:
        return T.lcm(T.tensor([100, -4], dtype=T.int8), T.tensor([3, 6], dtype=T.int8))

    np.testing.assert_array_equal(call(rungrad).numpy(), call(torch).numpy())


def test_cov_warns_without_degrees_of_freedom() -> None:
    values = []
    for module in MODULES:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            values.append(module.cov(module.ones(2, 3), correction=3).numpy())
        assert any("degrees of freedom is <= 0" in str(w.message) for w in caught)
    np.testing.assert_array_equal(values[0], values[1])


def test_nanmedian_return_type() -> None:
    reprs = []
    for module in MODULES:
        result = module.nanmedian(module.tensor([[1.0, float("nan"), 3.0]]), 1)
        assert type(result).__name__ == "nanmedian"
        assert result.values is result[0] and result.indices is result[1]
        reprs.append(repr(result).replace("rungrad", "torch"))
    assert reprs[0] == reprs[1]


def test_tensor_methods_are_pytorchs() -> None:
    names = [
        "diff",
        "logcumsumexp",
        "cov",
        "corrcoef",
        "quantile",
        "nanquantile",
        "nanmedian",
        "bincount",
        "histc",
        "gcd",
        "lcm",
        "conj",
        "isin",
        "trapezoid",
        "cumulative_trapezoid",
        "block_diag",
    ]
    for name in names:
        assert hasattr(rungrad.Tensor, name) == hasattr(torch.Tensor, name), name


def test_histc_bins_values_on_edges() -> None:
    data = np.linspace(-1.0, 1.0, 41, dtype=np.float32)
    for bins in (3, 7, 10):
        expected = torch.histc(torch.tensor(data), bins, -1, 1).numpy()
        np.testing.assert_array_equal(rungrad.histc(rungrad.tensor(data), bins, -1, 1), expected)


def test_logcumsumexp_gradient_at_large_values() -> None:
    grads = []
    for module in MODULES:
        x = module.tensor([80.0, -80.0, 85.0, 0.0], dtype=module.float64, requires_grad=True)
        module.logcumsumexp(x, 0).backward(module.tensor([1.0, -2.0, 0.5, 3.0], dtype=x.dtype))
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12)
