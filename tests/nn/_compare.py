"""Helpers for the nn tests: build a torch module and a rungrad one with the same state, run
both on the same inputs, and compare outputs, gradients, state dicts and reprs."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

import rungrad

# float32 results agree to a few ulps of the largest intermediate; float64 much closer.
TOLERANCES = {"float32": (2e-5, 2e-6), "float64": (1e-10, 1e-12)}


def to_torch(array: np.ndarray, requires_grad: bool = False) -> torch.Tensor:
    return torch.tensor(array, requires_grad=requires_grad)


def to_rungrad(array: np.ndarray, requires_grad: bool = False) -> rungrad.Tensor:
    return rungrad.tensor(array, requires_grad=requires_grad)


def assert_close(expected: Any, actual: Any, dtype: str = "float32", what: str = "") -> None:
    """Values (nan where torch has nan), shape and dtype of ``actual`` match ``expected``."""
    assert tuple(actual.shape) == tuple(expected.shape), (
        f"{what}: shape {tuple(actual.shape)} != torch's {tuple(expected.shape)}"
    )
    assert str(actual.dtype).replace("rungrad", "torch") == str(expected.dtype), what
    rtol, atol = TOLERANCES[dtype]
    np.testing.assert_allclose(
        actual.detach().numpy(),
        expected.detach().numpy(force=True),  # force: torch's zero tensors
        rtol=rtol,
        atol=atol,
        err_msg=what,
    )


def flatten(value: Any) -> list[Any]:
    """The tensors of a (nested) tuple or list output, in order; None is kept."""
    if isinstance(value, tuple | list):
        return [item for part in value for item in flatten(part)]
    return [value]


def normalised(text: str) -> str:
    return text.replace("rungrad", "torch")


def copy_state(source: torch.nn.Module, target: rungrad.nn.Module) -> None:
    state = {
        key: rungrad.tensor(value.detach().numpy()) for key, value in source.state_dict().items()
    }
    target.load_state_dict(state)


def make_pair(
    factory: Callable[[Any], Any], dtype: str = "float32", training: bool = True
) -> tuple[Any, Any]:
    """``factory(torch)`` and ``factory(rungrad)``, the rungrad one loaded with torch's state.

    Also checks that the state dict keys and shapes and the reprs are the same.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.manual_seed(0)
        expected = factory(torch)
        rungrad.manual_seed(0)
        actual = factory(rungrad)
    if dtype == "float64":
        expected.double()
        actual.double()
    expected.train(training)
    actual.train(training)
    expected_state, actual_state = expected.state_dict(), actual.state_dict()
    assert list(actual_state) == list(expected_state)
    for key, value in expected_state.items():
        assert tuple(actual_state[key].shape) == tuple(value.shape), key
        assert normalised(str(actual_state[key].dtype)) == str(value.dtype), key
    assert normalised(repr(actual)) == repr(expected)
    copy_state(expected, actual)
    return expected, actual


def compare_modules(
    factory: Callable[[Any], Any],
    input_shapes: Sequence[tuple[int, ...] | tuple[tuple[int, ...], ...]],
    kwargs: Callable[[Any], dict[str, Any]] | None = None,
    dtype: str = "float32",
    training: bool = True,
    seed: int = 0,
) -> tuple[Any, Any]:
    """Forward and backward of both modules on the same random inputs.

    An entry of ``input_shapes`` that is a tuple of shapes is passed as a tuple of tensors
    (an LSTM's ``(h_0, c_0)``). Compares every output, then the gradients of a random
    projection of the outputs w.r.t. every input and every parameter.
    """
    rng = np.random.default_rng(seed)
    expected_module, actual_module = make_pair(factory, dtype, training)

    def draw(shape: Any) -> Any:
        if shape and isinstance(shape[0], tuple):
            return tuple(draw(s) for s in shape)
        return rng.standard_normal(shape).astype(dtype)

    arrays = [draw(shape) for shape in input_shapes]

    def build(convert: Callable[..., Any]) -> list[Any]:
        return [
            tuple(convert(a, True) for a in array)
            if isinstance(array, tuple)
            else convert(array, True)
            for array in arrays
        ]

    expected_inputs, actual_inputs = build(to_torch), build(to_rungrad)
    extra = kwargs or (lambda library: {})
    with warnings.catch_warnings():
        # Both libraries' internal notices (oneDNN, nested tensors), checked elsewhere.
        warnings.simplefilter("ignore")
        expected = flatten(expected_module(*expected_inputs, **extra(torch)))
        actual = flatten(actual_module(*actual_inputs, **extra(rungrad)))
    assert len(actual) == len(expected)
    pairs = []
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e is None:
            assert a is None, f"output {i}"
            continue
        assert_close(e, a, dtype, f"output {i}")
        pairs.append((e, a, rng.standard_normal(tuple(e.shape)).astype(dtype)))
    torch.autograd.backward([e for e, _, _ in pairs], [to_torch(v) for _, _, v in pairs])
    rungrad.autograd.backward([a for _, a, _ in pairs], [to_rungrad(v) for _, _, v in pairs])
    for i, (e, a) in enumerate(zip(flatten(expected_inputs), flatten(actual_inputs))):
        assert_close(e.grad, a.grad, dtype, f"gradient of input {i}")
    actual_parameters = dict(actual_module.named_parameters())
    for name, parameter in expected_module.named_parameters():
        if parameter.grad is None:
            assert actual_parameters[name].grad is None, name
        else:
            assert_close(parameter.grad, actual_parameters[name].grad, dtype, f"gradient of {name}")
    return expected_module, actual_module


def compare_error(call: Callable[[Any], Any]) -> None:
    """``call(torch)`` and ``call(rungrad)`` raise the same exception type and message."""
    errors = []
    for library in (torch, rungrad):
        try:
            call(library)
        except Exception as error:
            errors.append(error)
        else:
            errors.append(None)
    expected, actual = errors
    assert expected is not None, "torch does not raise"
    assert actual is not None, f"rungrad does not raise; torch raises {expected!r}"
    assert type(actual).__name__ == type(expected).__name__, (actual, expected)
    assert normalised(str(actual)) == str(expected)


def recorded_warnings(call: Callable[[], Any]) -> list[tuple[str, str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [(w.category.__name__, normalised(str(w.message))) for w in caught]


def grad_fn_name(tensor: Any) -> str | None:
    return None if tensor.grad_fn is None else type(tensor.grad_fn).__name__


def compare_kernel(
    function: Callable[..., Any],
    arrays: Sequence[np.ndarray | None],
    dtype: str = "float64",
    seed: int = 0,
    check_names: bool = True,
    order: int = 2,
) -> None:
    """``function(library, *tensors)`` in both libraries: outputs with their grad_fn names,
    first-order gradients (``create_graph=True``, with their grad_fn names), and the
    second-order gradients of a random projection of those, w.r.t. the inputs and the
    output gradient (``order=1``: first order only)."""
    rng = np.random.default_rng(seed)
    arrays = [None if a is None else a.astype(dtype) for a in arrays]
    expected_inputs = [None if a is None else to_torch(a, True) for a in arrays]
    actual_inputs = [None if a is None else to_rungrad(a, True) for a in arrays]
    expected = function(torch, *expected_inputs)
    actual = function(rungrad, *actual_inputs)
    assert_close(expected, actual, dtype, "output")
    if check_names:
        assert grad_fn_name(actual) == grad_fn_name(expected)
    vector = rng.standard_normal(tuple(expected.shape)).astype(dtype)
    expected_vector, actual_vector = to_torch(vector, True), to_rungrad(vector, True)
    leaves_e = [t for t in expected_inputs if t is not None]
    leaves_a = [t for t in actual_inputs if t is not None]
    grads_e = torch.autograd.grad(
        expected, leaves_e, expected_vector, create_graph=True, allow_unused=True
    )
    grads_a = rungrad.autograd.grad(
        actual, leaves_a, actual_vector, create_graph=True, allow_unused=True
    )
    projected = []
    for i, (e, a) in enumerate(zip(grads_e, grads_a)):
        if e is None:
            assert a is None, f"gradient {i}"
            continue
        assert_close(e, a, dtype, f"gradient {i}")
        if check_names:
            assert grad_fn_name(a) == grad_fn_name(e), f"gradient {i}"
        projected.append((e, a, rng.standard_normal(tuple(e.shape)).astype(dtype)))
    if order < 2:
        return
    torch.autograd.backward([e for e, _, _ in projected], [to_torch(w) for *_, w in projected])
    rungrad.autograd.backward([a for _, a, _ in projected], [to_rungrad(w) for *_, w in projected])
    for i, (e, a) in enumerate(zip([*leaves_e, expected_vector], [*leaves_a, actual_vector])):
        if e.grad is None:
            assert a.grad is None or not np.any(a.grad.numpy()), f"second-order gradient {i}"
        else:
            assert_close(e.grad, a.grad, dtype, f"second-order gradient {i}")
