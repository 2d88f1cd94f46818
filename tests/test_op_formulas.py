"""Formulas declared with ``op_formula`` and shared number operands, against PyTorch.

A first-order backward runs such a formula's op kernel on arrays (NOTE [Op formulas] in
registry.py); these programs check what that path must keep: the saved-tensor version checks,
the "backward twice" error, dtype promotion (which takes the Tensor path), gradients of
gradients, and hooks. Python numbers shared as 0-d arrays (NOTE [Scalars as arrays]) must give
PyTorch's values bit for bit, signed zeros and non-finite numbers included.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import torch
from test_saved_tensors import same

import rungrad


def _leaf(T: Any, values: list[float], dtype: str = "float32") -> Any:
    return T.tensor(values, dtype=getattr(T, dtype), requires_grad=True)


@pytest.mark.parametrize("op", ["tanh", "sigmoid", "relu", "exp", "neg"])
def test_unary_output_modified_in_place(op: str) -> None:
    def program(T, emit):
        x = _leaf(T, [-0.5, 0.25, 2.0])
        y = getattr(T, op)(x * 1.0)
        y.add_(1)
        emit.attempt(lambda: y.sum().backward())

    same(program)


def test_mul_input_modified_in_place() -> None:
    def program(T, emit):
        x = _leaf(T, [1.0, 2.0])
        w = _leaf(T, [3.0, 4.0]) * 1.0
        y = x * w
        w.mul_(2)
        emit.attempt(lambda: y.sum().backward())

    same(program)


@pytest.mark.parametrize(
    "op", ["tanh", "mul", "div", "mul_number", "rmul_number", "div_number", "log_softmax", "nll"]
)
def test_backward_twice(op: str) -> None:
    def program(T, emit):
        x = _leaf(T, [[0.5, -1.0, 2.0], [1.5, 0.0, -2.0]])
        w = _leaf(T, [4.0, -2.0, 0.5])
        if op == "tanh":
            y = T.tanh(x)
        elif op == "mul":
            y = x * w
        elif op == "div":
            y = x / w
        elif op == "mul_number":  # PyTorch saves the number as a tensor, and frees it
            y = x * 3.0
        elif op == "rmul_number":
            y = 2 * x
        elif op == "div_number":
            y = x / 4.0
        elif op == "log_softmax":
            y = T.log_softmax(x, 1)
        else:
            y = T.nn.functional.nll_loss(x, T.tensor([2, 0]))
        y.sum().backward()
        emit(x.grad)
        emit.attempt(lambda: y.sum().backward())

    same(program)


@pytest.mark.parametrize("op", ["mul", "div", "exp_mul"])
def test_mixed_dtypes_take_the_tensor_path(op: str) -> None:
    def program(T, emit):
        a = _leaf(T, [0.5, -1.5, 2.0], "float32")
        b = _leaf(T, [1.25, 3.0, -0.75], "float64")
        if op == "mul":
            y = a * b
        elif op == "div":
            y = a / b
        else:
            y = T.exp(a) * b
        emit(y.dtype)
        y.sum().backward()
        emit(a.grad, b.grad)

    same(program)


@pytest.mark.parametrize("op", ["tanh", "sigmoid", "relu", "exp", "mul", "div", "log_softmax"])
def test_second_order(op: str) -> None:
    def program(T, emit):
        x = _leaf(T, [[0.5, -1.0, 2.0]], "float64")
        functions = {
            "tanh": T.tanh,
            "sigmoid": T.sigmoid,
            "relu": lambda t: T.relu(t) * t,
            "exp": T.exp,
            "mul": lambda t: t * t * 3.0,
            "div": lambda t: (t * t) / 3.0,
            "log_softmax": lambda t: T.log_softmax(t * t, 1),
        }
        y = functions[op](x)
        (g,) = T.autograd.grad(y.sum(), x, create_graph=True)
        emit(g.detach(), g.grad_fn.name())
        (h,) = T.autograd.grad(g.sum(), x)
        emit(h)

    same(program)


@pytest.mark.parametrize("expression", ["x + 1", "x - 2.5", "1 - x", "x.sum()", "x ** 2"])
def test_backward_twice_through_ops_that_save_no_tensor(expression: str) -> None:
    def program(T, emit):
        x = _leaf(T, [0.5, -1.0])
        y = eval(expression, {"x": x}).sum()
        y.backward()
        emit.attempt(lambda: y.backward())
        emit(x.grad)

    same(program)


def test_hooks_on_op_formula_nodes() -> None:
    def program(T, emit):
        x = _leaf(T, [0.5, -1.0])
        y = T.tanh(x)
        y.register_hook(lambda g: g * 10)
        y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: emit("post", grad_inputs))
        y.grad_fn.register_prehook(lambda grad_outputs: emit("pre", grad_outputs))
        z = y * 2.0
        z.sum().backward()
        emit(x.grad)

    same(program)


_APPLY_NUMBER = {
    "mul": lambda x, number: x * number,
    "rmul": lambda x, number: number * x,
    "div": lambda x, number: x / number,
    "add": lambda x, number: x + number,
    "sub": lambda x, number: x - number,
    "rsub": lambda x, number: number - x,
    "pow": lambda x, number: x**number,
}
_NUMBERS = [2.0, 0.5, 1 / 3, -0.0, 0.0, math.inf, -math.inf, math.nan, 1e39, 1e-46, 3, -7, 5000]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("op", ["mul", "rmul", "div", "add", "sub", "rsub", "pow"])
def test_number_operands_bit_for_bit(op: str, dtype: str) -> None:
    values = np.array([1.5, -2.25, 0.0, -0.0, 7.0, 1e-3], dtype=dtype)

    # pow: integral exponents only (its formula rounds differently from PyTorch's elsewhere)
    numbers = [2.0, 3, -7, 0.0, -0.0, math.nan] if op == "pow" else _NUMBERS

    def run(T: Any) -> list[tuple[bytes, bytes | None]]:
        results = []
        for number in numbers:
            x = T.tensor(values, requires_grad=True)
            y = _APPLY_NUMBER[op](x, number)
            y.backward(T.ones_like(y))
            results.append((y.detach().numpy().tobytes(), x.grad.numpy().tobytes()))
        return results

    expected, actual = run(torch), run(rungrad)
    for number, want, got in zip(numbers, expected, actual):
        assert got == want, f"{op} with {number!r} in {dtype}"


def test_the_same_number_twice_gives_independent_results() -> None:
    """A shared 0-d operand is never written to: results do not alias it."""
    x = rungrad.tensor([1.0, 2.0])
    first = x * 2.5
    second = x * 2.5
    first.add_(100)
    assert second.tolist() == [2.5, 5.0]
    assert (x * 2.5).tolist() == [2.5, 5.0]


def test_scalar_results_of_number_operands() -> None:
    """0-d tensors times numbers stay 0-d tensors with torch's values and dtypes."""
    for T in (torch, rungrad):
        x = T.tensor(2.0, requires_grad=True)
        y = 2 * x**4 + x**3 + 3 * x**2 + 5 * x + 1
        y.backward()
        assert (y.item(), x.grad.item(), y.dim(), str(y.dtype)[-7:]) == (63.0, 93.0, 0, "float32")


# Formulas of several ops declared with array_formula: the arrays form (first-order passes)
# must give what the tensor form (recorded passes) gives, bit for bit, and PyTorch's values.
_ARRAY_FORMULA_CASES = {
    "mm": lambda T, a, b: a @ b,
    "mm, self transposed": lambda T, a, b: a.t().contiguous().t() @ b,
    "mm, mat2 transposed": lambda T, a, b: a @ b.t().contiguous().t(),
    "linear-like": lambda T, a, b: a @ b.t().t(),
    "t": lambda T, a, b: a.t() * b,
    "view": lambda T, a, b: a.view(-1) * 2,
    "reshape of a transposed tensor": lambda T, a, b: a.t().reshape(-1) * 3,
    "pow 0": lambda T, a, b: a**0,
    "pow 1": lambda T, a, b: a**1,
    "pow 2": lambda T, a, b: a**2,
    "pow 3.5": lambda T, a, b: a.abs() ** 3.5,
    "pow -1": lambda T, a, b: a ** (-1),
    "mean": lambda T, a, b: a.mean() * b,
    "rsub": lambda T, a, b: 1 - a,
    "rsub alpha": lambda T, a, b: T.rsub(a, 2.0, alpha=0.5),
    "a tensor used twice": lambda T, a, b: a * a.sin() + a,
    "linear": lambda T, a, b: T.nn.functional.linear(a, b.t(), b[0]),
    "addmm": lambda T, a, b: T.addmm(b[:, :1], b, a),
    "addmm scaled": lambda T, a, b: T.addmm(b[0, 0], a.t(), a, beta=0.5, alpha=-2.0),
    "addmm transposed": lambda T, a, b: T.addmm(b[0], a.t().contiguous().t(), b),
    "log": lambda T, a, b: a.abs().log() * 2,
    "sqrt": lambda T, a, b: a.abs().sqrt() * 2,
    "sin": lambda T, a, b: a.sin() * 2,
    "cos": lambda T, a, b: a.cos() * 2,
    "abs": lambda T, a, b: a.abs() * 2,
    "div": lambda T, a, b: a / (b.t() + 4),
    "div by a broadcast tensor": lambda T, a, b: a / b[:1, :1],
    "mse_loss": lambda T, a, b: T.nn.functional.mse_loss(a, b.t()),
    "mse_loss sum": lambda T, a, b: T.nn.functional.mse_loss(a.t(), b, reduction="sum"),
    "mse_loss none": lambda T, a, b: T.nn.functional.mse_loss(a, b.t() * 2, reduction="none"),
    "clamp": lambda T, a, b: a.clamp(-1.0, 2.0) * 2,
    "clamp at a bound": lambda T, a, b: a.clamp(min=-0.75) * 2,
    "clamp max": lambda T, a, b: a.clamp(max=1.25) * 2,
    "clamp_min": lambda T, a, b: T.clamp_min(a, 0.5) * 2,
    "clamp_max": lambda T, a, b: T.clamp_max(a, 0.5) * 2,
    "where": lambda T, a, b: T.where(a > 0, a, b.t()),
    "where, broadcast": lambda T, a, b: T.where(a > 0, a, b[0, 0]),
    "sum": lambda T, a, b: a.sum() * b,
    "sum of a transposed tensor": lambda T, a, b: a.t().sum() * 2,
    "sum over a dim": lambda T, a, b: a.sum(1) * 2,
    "sum over dims, keepdim": lambda T, a, b: a.sum((0, 1), keepdim=True) * b[0, 0],
    "sum over a negative dim": lambda T, a, b: (b @ a).sum(-2) * 2,
    "mean over a dim": lambda T, a, b: a.mean(0) * 3,
    "mean over dims, keepdim": lambda T, a, b: a.t().mean((1, 0), keepdim=True) - b[0, 0],
    "mean, float64 of float32": lambda T, a, b: a.mean(1, dtype=T.float64) * 2,
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", list(_ARRAY_FORMULA_CASES))
def test_array_formulas_match_their_tensor_form(case: str, dtype: str) -> None:
    def gradients(T: Any, create_graph: bool) -> list[np.ndarray]:
        a = T.tensor([[0.5, -1.5, 2.0], [1.25, -0.75, 3.0]], dtype=getattr(T, dtype))
        b = T.tensor([[1.0, 2.0], [-0.5, 0.25], [3.0, -2.0]], dtype=getattr(T, dtype))
        a.requires_grad_()
        b.requires_grad_()
        out = _ARRAY_FORMULA_CASES[case](T, a, b)
        weights = T.linspace(-1, 2, out.numel(), dtype=out.dtype).reshape(out.shape)
        grads = T.autograd.grad(
            (out * weights).sum(), [a, b], allow_unused=True, create_graph=create_graph
        )
        return [None if g is None else g.detach().numpy() for g in grads]

    on_arrays = gradients(rungrad, False)
    on_tensors = gradients(rungrad, True)
    expected = gradients(torch, False)
    for got, recorded, want in zip(on_arrays, on_tensors, expected):
        assert (got is None) == (recorded is None) == (want is None)
        if got is not None:
            np.testing.assert_array_equal(got, recorded)
            assert got.dtype == want.dtype
            np.testing.assert_allclose(got, want, rtol=2e-6 if dtype == "float32" else 1e-12)


@pytest.mark.parametrize(
    ("base_dtype", "exponent_shape"), [("int64", ()), ("float32", (2,)), ("int32", (2,))]
)
def test_pow_exponent_gradient_in_the_result_dtype(base_dtype: str, exponent_shape: tuple) -> None:
    # The base's log is taken in the result's dtype (float64 here), not the base's default.
    results = []
    for T in (torch, rungrad):
        base = T.tensor([5, 4], dtype=getattr(T, base_dtype))
        exponent = T.full(exponent_shape, 0.90468007, dtype=T.float64, requires_grad=True)
        out = base**exponent
        weights = T.tensor([0.3, -0.7], dtype=out.dtype, requires_grad=True)
        (first,) = T.autograd.grad(out, exponent, weights, create_graph=True)
        second = T.autograd.grad(first.sum(), [exponent, weights])
        results.append([first.detach().numpy(), *[g.numpy() for g in second]])
    for got, want in zip(results[1], results[0]):
        np.testing.assert_allclose(got, want, rtol=1e-14)
