"""``rungrad.autograd.gradcheck`` and ``gradgradcheck`` against PyTorch's: import paths,
verdicts, messages, warnings and options. Both libraries run the same functions on the same
float64 values, so even the printed Jacobians of a failure agree.
"""

from __future__ import annotations

import doctest
import importlib
import sys
from typing import Any

import numpy as np
import pytest
import torch

import rungrad
from rungrad.autograd import gradcheck, gradgradcheck
from rungrad.autograd.gradcheck import GradcheckError

MODULES = (torch, rungrad)
VALUES = np.array([[0.3, -1.2, 0.7], [1.5, -0.4, 0.9]])


def _leaf(T: Any, values: np.ndarray = VALUES, requires_grad: bool = True) -> Any:
    return T.tensor(values, dtype=T.float64, requires_grad=requires_grad)


def _error(function: Any) -> BaseException:
    with pytest.raises(Exception) as info:
        function()
    return info.value


def _same_error(torch_call: Any, rungrad_call: Any) -> tuple[BaseException, BaseException]:
    """Both raise an exception of the same class name with the same text (up to the module)."""
    expected, actual = _error(torch_call), _error(rungrad_call)
    assert type(actual).__name__ == type(expected).__name__
    assert str(actual).replace("rungrad", "torch") == str(expected)
    return expected, actual


def _half_detached(T: Any) -> Any:
    """sin(x) * 2 + cos(x) where cos ignores autograd: the analytical Jacobian misses a part."""
    return lambda x: (x * 2).sin() + x.detach().cos()


# -- import paths -------------------------------------------------------------------------
def test_autograd_gradcheck_is_the_function_as_in_torch() -> None:
    for T in MODULES:
        assert callable(T.autograd.gradcheck)
        assert callable(T.autograd.gradgradcheck)
        assert type(T.autograd.gradcheck).__name__ == "function"
    assert rungrad.autograd.gradcheck is gradcheck
    assert "gradcheck" in rungrad.autograd.__all__
    assert "gradgradcheck" in rungrad.autograd.__all__


def test_the_module_stays_importable() -> None:
    module = importlib.import_module("rungrad.autograd.gradcheck")
    assert module is sys.modules["rungrad.autograd.gradcheck"]
    assert type(module).__name__ == "module"
    assert module.gradcheck is gradcheck
    assert module.gradgradcheck is gradgradcheck
    assert module.GradcheckError is GradcheckError
    # ``import a.b.c`` binds ``a``; the statement itself must work as with torch.
    exec("import rungrad.autograd.gradcheck", {})
    exec("from rungrad.autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck", {})
    assert set(module.__all__) == {"GradcheckError", "gradcheck", "gradgradcheck"}


def test_gradcheck_error_is_a_runtime_error() -> None:
    torch_error = sys.modules["torch.autograd.gradcheck"].GradcheckError
    assert issubclass(GradcheckError, RuntimeError)
    assert [c.__name__ for c in GradcheckError.__mro__] == [c.__name__ for c in torch_error.__mro__]


def test_signatures_match_torch() -> None:
    import inspect

    for name in ("gradcheck", "gradgradcheck"):
        ours = inspect.signature(getattr(rungrad.autograd, name)).parameters
        theirs = inspect.signature(getattr(torch.autograd, name)).parameters
        assert list(ours) == list(theirs)
        for parameter in theirs.values():
            assert ours[parameter.name].kind == parameter.kind
            assert ours[parameter.name].default == parameter.default, parameter.name


def test_docstring_examples_run() -> None:
    module = sys.modules["rungrad.autograd.gradcheck"]
    rungrad.manual_seed(0)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 2
    assert result.failed == 0


# -- verdicts -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "function",
    [
        lambda T, x: (x * x.sin()).sum(),
        lambda T, x: x.exp() @ x.t(),
        lambda T, x: (x.tanh(), x.sum(0) * 3),
        lambda T, x: x[0, 1:] * x[1, :2],
        lambda T, x: x.max(1),
        lambda T, x: x.reshape(3, 2).relu() + 1,
    ],
    ids=["sum", "matmul", "two outputs", "indexing", "max values and indices", "relu"],
)
def test_correct_gradients_pass_as_in_torch(function: Any) -> None:
    for T in MODULES:
        assert T.autograd.gradcheck(lambda x, T=T: function(T, x), (_leaf(T),))
        assert T.autograd.gradgradcheck(lambda x, T=T: function(T, x), (_leaf(T),))


def test_several_inputs_and_non_tensor_arguments() -> None:
    def function(x: Any, scale: float, y: Any) -> Any:
        return x * y * scale

    for T in MODULES:
        x, y = _leaf(T), _leaf(T, VALUES[::-1].copy())
        assert T.autograd.gradcheck(function, (x, 2.5, y))
        assert T.autograd.gradgradcheck(function, (x, 2.5, y))
        constant = _leaf(T, requires_grad=False)
        assert T.autograd.gradcheck(function, (x, 2.5, constant))


def test_zero_dim_and_empty_inputs() -> None:
    for T in MODULES:
        scalar = T.tensor(0.7, dtype=T.float64, requires_grad=True)
        assert T.autograd.gradcheck(lambda s: s.sin() * s, (scalar,))
        empty = T.zeros(0, 3, dtype=T.float64, requires_grad=True)
        assert T.autograd.gradcheck(lambda e: e * 2, (empty,))


def test_mismatch_raises_with_torchs_message() -> None:
    _, actual = _same_error(
        lambda: torch.autograd.gradcheck(_half_detached(torch), (_leaf(torch),)),
        lambda: gradcheck(_half_detached(rungrad), (_leaf(rungrad),)),
    )
    assert str(actual).startswith(
        "Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor("
    )
    assert isinstance(actual, GradcheckError)


def test_mismatch_names_the_output_and_input() -> None:
    def function(T: Any) -> Any:
        return lambda x, y: (x * y, x.detach() * y + x)

    _same_error(
        lambda: torch.autograd.gradcheck(function(torch), (_leaf(torch), _leaf(torch))),
        lambda: gradcheck(function(rungrad), (_leaf(rungrad), _leaf(rungrad))),
    )


def test_raise_exception_false_returns_false() -> None:
    for T in MODULES:
        function = _half_detached(T)
        assert T.autograd.gradcheck(function, (_leaf(T),), raise_exception=False) is False
        assert (
            T.autograd.gradcheck(function, (_leaf(T),), fast_mode=True, raise_exception=False)
            is False
        )


def test_fast_mode() -> None:
    rungrad.manual_seed(0)
    x = _leaf(rungrad)
    assert gradcheck(lambda t: (t * t.sin()).sum(1), (x,), fast_mode=True)
    assert gradgradcheck(lambda t: t.tanh() * t, (x,), fast_mode=True)
    with pytest.raises(GradcheckError) as info:
        gradcheck(_half_detached(rungrad), (x,), fast_mode=True)
    message = str(info.value)
    assert message.startswith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:")
    assert "computed \nin fast mode." in message
    assert "The max per-element difference (slow mode) is:" in message


def test_no_differentiable_output_needs_zero_numerical_gradient() -> None:
    for T in MODULES:
        x = _leaf(T)
        assert T.autograd.gradcheck(lambda t: (t > 0).long(), (x,))
    _same_error(
        lambda: torch.autograd.gradcheck(lambda t: t.detach() * 2, (_leaf(torch),)),
        lambda: gradcheck(lambda t: t.detach() * 2, (_leaf(rungrad),)),
    )


# -- preconditions ------------------------------------------------------------------------
def test_float32_inputs_warn_as_torch() -> None:
    for T in MODULES:
        x = T.tensor([0.5, 1.5], requires_grad=True)
        with pytest.warns(UserWarning) as record:
            T.autograd.gradcheck(lambda t: t * 2, (x,), raise_exception=False)
        messages = [str(w.message) for w in record]
        assert any(
            m.startswith(
                "Input #0 requires gradient and is not a double precision floating point or "
                "complex. This check will likely fail if all the inputs are not of double "
                "precision floating point or complex."
            )
            for m in messages
        ), messages


def test_no_input_requiring_grad_is_a_value_error() -> None:
    _same_error(
        lambda: torch.autograd.gradcheck(lambda t: t * 2, (_leaf(torch, requires_grad=False),)),
        lambda: gradcheck(lambda t: t * 2, (_leaf(rungrad, requires_grad=False),)),
    )


def test_overlapping_input_is_rejected() -> None:
    def expanded(T: Any) -> Any:
        return T.tensor([1.0, 2.0], dtype=T.float64).expand(3, 2).requires_grad_()

    _same_error(
        lambda: torch.autograd.gradcheck(lambda t: t * 1, (expanded(torch),)),
        lambda: gradcheck(lambda t: t * 1, (expanded(rungrad),)),
    )


def test_batched_and_forward_options_are_accepted() -> None:
    # Batched gradients come from backward mode here; forward mode is checked on its own.
    x = _leaf(rungrad)
    for option in ("check_batched_grad", "check_forward_ad", "check_batched_forward_grad"):
        assert gradcheck(lambda t: t * 2, (x,), **{option: True})
    with pytest.raises(NotImplementedError, match="masked"):
        gradcheck(lambda t: t * 2, (x,), masked=True)


def test_gradgradcheck_option_checks_match_torch() -> None:
    for T in MODULES:
        with pytest.raises(AssertionError, match="check_fwd_over_rev or check_rev_over_rev"):
            T.autograd.gradgradcheck(lambda t: t * t, (_leaf(T),), check_rev_over_rev=False)


# -- backward functions that are wrong in subtler ways (autograd.Function) ---------------
def _square_function(T: Any, backward: Any) -> Any:
    """x ** 2 with a user-written backward ``backward(ctx, grad, x)``."""

    class Square(T.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (x,) = ctx.saved_tensors
            return backward(ctx, grad, x)

    return Square.apply


def test_first_order_only_backward_fails_gradgradcheck() -> None:
    """A backward that is right but not differentiable (it detaches x)."""

    def backward(ctx: Any, grad: Any, x: Any) -> Any:
        return grad * 2 * x.detach()

    for T in MODULES:
        square = _square_function(T, backward)
        assert T.autograd.gradcheck(square, (_leaf(T),))
        with pytest.raises(RuntimeError, match="Jacobian mismatch for output 0 with respect"):
            T.autograd.gradgradcheck(square, (_leaf(T),))
        assert T.autograd.gradgradcheck(square, (_leaf(T),), raise_exception=False) is False


def test_nondeterministic_backward_is_caught_unless_tolerated() -> None:
    def make_backward(T: Any) -> Any:
        generator = np.random.default_rng(0)

        def backward(ctx: Any, grad: Any, x: Any) -> Any:
            noise = T.tensor(generator.normal(size=tuple(x.shape)) * 1e-9, dtype=T.float64)
            return grad * (2 * x + noise)

        return backward

    _, actual = _same_error(
        lambda: torch.autograd.gradcheck(
            _square_function(torch, make_backward(torch)), (_leaf(torch),)
        ),
        lambda: gradcheck(_square_function(rungrad, make_backward(rungrad)), (_leaf(rungrad),)),
    )
    assert str(actual).startswith("Backward is not reentrant")
    assert gradcheck(
        _square_function(rungrad, make_backward(rungrad)), (_leaf(rungrad),), nondet_tol=1e-6
    )


def test_backward_must_be_multiplied_by_grad_output() -> None:
    def make_backward(T: Any) -> Any:
        def backward(ctx: Any, grad: Any, x: Any) -> Any:
            # Right for any nonzero grad_output, but not zero for a zero one.
            return grad * 2 * x + (grad == 0).all().to(T.float64)

        return backward

    _same_error(
        lambda: torch.autograd.gradcheck(
            _square_function(torch, make_backward(torch)), (_leaf(torch),)
        ),
        lambda: gradcheck(_square_function(rungrad, make_backward(rungrad)), (_leaf(rungrad),)),
    )


def test_outputs_left_without_gradient() -> None:
    """max(dim) gives values and indices; a tuple of two differentiable outputs checks that
    leaving either one out of backward works."""
    for T in MODULES:
        assert T.autograd.gradcheck(lambda x: (x.sin(), x.cos() * 2), (_leaf(T),))
        assert T.autograd.gradcheck(lambda x: x.unbind(1), (_leaf(T),))


def test_gradgradcheck_with_given_and_non_contiguous_grad_outputs() -> None:
    x = _leaf(rungrad)
    grad_output = rungrad.tensor(VALUES * 0.5, dtype=rungrad.float64, requires_grad=True)
    assert gradgradcheck(lambda t: t.sigmoid() * t, (x,), (grad_output,))
    assert gradgradcheck(lambda t: t.sigmoid() * t, (x,), gen_non_contig_grad_outputs=True)
