"""Anomaly detection: NaN gradients raise naming the node; the forward call is reported."""

from __future__ import annotations

import warnings

import pytest
import torch

import rungrad


def _run(T):
    a = T.tensor([-1.0, 4.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError) as error, T.autograd.detect_anomaly():
            assert T.is_anomaly_enabled()
            b = a.sqrt() * 2
            b.sum().backward()
    messages = [str(w.message) for w in caught]
    return str(error.value), messages, T.is_anomaly_enabled()


def test_nan_in_backward_names_the_node_and_its_forward_call():
    expected, expected_warnings, expected_after = _run(torch)
    actual, actual_warnings, actual_after = _run(rungrad)
    assert actual == expected == "Function 'SqrtBackward0' returned nan values in its 0th output."
    assert actual_after is expected_after is False
    assert [m.split("\n")[0] for m in actual_warnings] == [
        m.split("\n")[0] for m in expected_warnings
    ]
    assert "b = a.sqrt() * 2" in actual_warnings[-1]


def test_set_detect_anomaly_as_function_and_context():
    for T in (torch, rungrad):
        with T.autograd.set_detect_anomaly(True):
            assert T.is_anomaly_enabled()
        assert not T.is_anomaly_enabled()
        x = T.tensor([4.0], requires_grad=True)
        with T.autograd.set_detect_anomaly(True, check_nan=False):
            x.sqrt().backward()  # no NaN here: runs normally
        assert x.grad.item() == 0.25


def _inplace_error(T, anomaly: bool) -> str:
    a = T.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with T.autograd.set_detect_anomaly(anomaly):
            b = a.exp()
            b.mul_(2)
            with pytest.raises(RuntimeError) as error:
                b.sum().backward()
    return str(error.value).replace(T.__name__, "torch")


@pytest.mark.parametrize("anomaly", [False, True])
def test_the_inplace_error_hints_at_anomaly_detection_or_its_backtrace(anomaly: bool) -> None:
    assert _inplace_error(rungrad, anomaly) == _inplace_error(torch, anomaly)
