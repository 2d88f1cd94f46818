"""``rungrad.func`` (grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap,
functional_call) against ``torch.func``: values, structures, composition of transforms, the
graph kept for an outer differentiation, and errors."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _x(T: Any) -> Any:
    return T.tensor([0.5, -1.0, 2.0], dtype=T.float64)


def _linear(T: Any) -> Any:
    model = T.nn.Linear(3, 2).double()
    with T.no_grad():
        model.weight.copy_(T.arange(6.0, dtype=T.float64).reshape(2, 3) / 10)
        model.bias.fill_(0.5)
    return model


_PROGRAMS: dict[str, Any] = {
    "grad": lambda T, F: F.grad(lambda x: (x.sin() * x**2).sum())(_x(T)),
    "grad of grad": lambda T, F: F.grad(F.grad(lambda t: t.sin() * t**3))(
        T.tensor(1.5, dtype=T.float64)
    ),
    "grad_and_value": lambda T, F: F.grad_and_value(lambda x: (x.exp() * x).sum())(_x(T)),
    "grad argnums": lambda T, F: F.grad(lambda a, b: (a * b).sin().sum(), argnums=(0, 1))(
        _x(T), _x(T) * 2
    ),
    "grad argnums=1": lambda T, F: F.grad(lambda a, b: (a * b**2).sum(), argnums=1)(
        _x(T), _x(T) + 1
    ),
    "grad has_aux": lambda T, F: F.grad(lambda a: ((a**2).sum(), a.mean()), has_aux=True)(_x(T)),
    "grad_and_value has_aux": lambda T, F: F.grad_and_value(
        lambda a: ((a**2).sum(), {"m": a.mean()}), has_aux=True
    )(_x(T)),
    "grad of a dict": lambda T, F: F.grad(lambda p: (p["w"] * p["b"]).sum())(
        {"w": _x(T), "b": _x(T) + 2}
    ),
    "vjp": lambda T, F: (lambda out, fn: (out, fn(T.ones(3, dtype=T.float64))))(
        *F.vjp(lambda t: t.exp() * 2, _x(T))
    ),
    "vjp two primals": lambda T, F: F.vjp(lambda a, b: a * b.cos(), _x(T), _x(T) - 1)[1](
        T.tensor([1.0, 2.0, 3.0], dtype=T.float64)
    ),
    "jvp": lambda T, F: F.jvp(
        lambda t: t.exp() * t, (_x(T),), (T.tensor([1.0, 0.0, 2.0], dtype=T.float64),)
    ),
    "jvp two outputs": lambda T, F: F.jvp(
        lambda t: (t.sin(), t.sum() * t), (_x(T),), (T.ones(3, dtype=T.float64),)
    ),
    "jacrev": lambda T, F: F.jacrev(lambda t: t.sin() * t.sum())(_x(T)),
    "jacfwd": lambda T, F: F.jacfwd(lambda t: t.sin() * t.sum())(_x(T)),
    "jacrev argnums": lambda T, F: F.jacrev(lambda a, b: a * b, argnums=(0, 1))(_x(T), _x(T) + 1),
    "jacrev of a matrix function": lambda T, F: F.jacrev(lambda m: m @ m.t())(
        T.arange(6.0, dtype=T.float64).reshape(2, 3)
    ),
    "jacrev two outputs": lambda T, F: F.jacrev(lambda t: (t.exp(), t.sum()))(_x(T)),
    "hessian": lambda T, F: F.hessian(lambda t: (t**3).sum() + t.prod())(_x(T)),
    "grad through a closed-over variable": lambda T, F: F.grad(
        lambda x: F.grad(lambda y: (x * y).sum())(_x(T) + 1).pow(2).sum()
    )(_x(T)),
    "jacrev of grad": lambda T, F: F.jacrev(
        lambda x: F.grad(lambda y: (x * y.exp()).sum())(_x(T) + 1)
    )(_x(T)),
    "grad of vmap": lambda T, F: F.grad(
        lambda x: F.vmap(lambda r: (r * x).sum())(T.ones(2, 3, dtype=T.float64)).sum()
    )(_x(T)),
    "vmap": lambda T, F: F.vmap(lambda t: t * 2 + 1)(T.arange(6.0).reshape(2, 3)),
    "vmap dot": lambda T, F: F.vmap(T.dot)(T.ones(4, 3), T.arange(12.0).reshape(4, 3)),
    "vmap in_dims None": lambda T, F: F.vmap(lambda a, b: a @ b, in_dims=(0, None))(
        T.ones(2, 3, 4), T.arange(20.0).reshape(4, 5)
    ),
    "vmap in_dims=1": lambda T, F: F.vmap(lambda t: t.sum(), in_dims=1)(
        T.arange(6.0).reshape(2, 3)
    ),
    "vmap out_dims": lambda T, F: F.vmap(lambda t: (t, t * 2), out_dims=(0, 1))(
        T.arange(6.0).reshape(3, 2)
    ),
    "vmap nested in_dims": lambda T, F: F.vmap(lambda p: p[0] * p[1], in_dims=((0, 1),))(
        (T.arange(6.0).reshape(2, 3), T.arange(6.0).reshape(3, 2))
    ),
    "vmap of vmap": lambda T, F: F.vmap(F.vmap(lambda t: t.sin()))(
        T.arange(6.0, dtype=T.float64).reshape(2, 3)
    ),
    "torch.vmap": lambda T, F: T.vmap(lambda t: t.norm())(T.arange(6.0).reshape(2, 3)),
    "vmap of grad": lambda T, F: F.vmap(F.grad(lambda t: (t**2).sum()))(
        T.arange(6.0).reshape(3, 2)
    ),
    "vmap of jacrev": lambda T, F: F.vmap(F.jacrev(T.sin))(
        T.arange(4.0, dtype=T.float64).reshape(2, 2)
    ),
    "functional_call": lambda T, F: F.functional_call(
        _linear(T),
        {k: v.detach() * 2 for k, v in _linear(T).named_parameters()},
        (T.ones(1, 3, dtype=T.float64),),
    ),
    "functional_call restores": lambda T, F: (
        lambda m: (
            F.functional_call(
                m, {"bias": T.ones(2, dtype=T.float64)}, T.ones(1, 3, dtype=T.float64)
            ),
            m.bias,
        )
    )(_linear(T)),
    "per-sample gradients": lambda T, F: (
        lambda m: F.vmap(
            F.grad(
                lambda p, xb: T.nn.functional.mse_loss(
                    F.functional_call(m, p, (xb.unsqueeze(0),)), T.zeros(1, 2, dtype=T.float64)
                )
            ),
            in_dims=(None, 0),
        )(
            {k: v.detach() for k, v in m.named_parameters()},
            T.arange(12.0, dtype=T.float64).reshape(4, 3),
        )
    )(_linear(T)),
}


def _text(value: Any) -> Any:
    """Values to compare: arrays rounded, structures kept, graph state kept."""
    if isinstance(value, (tuple, list)):
        return type(value)(_text(v) for v in value)
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    if hasattr(value, "detach"):
        array = np.round(value.detach().numpy(), 10)
        return (str(value.dtype).split(".")[-1], array.shape, array.tolist(), value.requires_grad)
    return value


def _torch_run(program: Any) -> Any:
    with warnings.catch_warnings():  # PyTorch's forward mode warns about torch.jit.script
        warnings.simplefilter("ignore", DeprecationWarning)
        return program(torch, torch.func)


@pytest.mark.parametrize("program", list(_PROGRAMS))
def test_function_transforms(program: str) -> None:
    got = _text(_PROGRAMS[program](rungrad, rungrad.func))
    expected = _text(_torch_run(_PROGRAMS[program]))
    assert got == expected


@pytest.mark.parametrize(
    "program",
    [
        "F.jacfwd(lambda a: a.sin() * a)(x)",
        "F.hessian(lambda a: (a.sin() * a).sum())(x)",
        "F.hessian(lambda a: -(a ** 2).sum())(x)",
        "F.jacfwd(lambda a: -a * 3)(x)",
        "F.jacfwd(lambda a, b: (a[:2] @ b, a.sum()), argnums=(0, 1))(x, m)",
        "F.jacfwd(lambda a: {'s': a.sum(), 'e': a.exp()})(x)",
        "F.jacfwd(lambda a: (a.tanh(), a.mean()), has_aux=True)(x)",
        "F.jacfwd(lambda a: T.ones(2))(x)",
        "F.jacfwd(lambda a: a.neg())(T.tensor(2.0))",
    ],
)
def test_jacfwd_prints_forward_modes_zeros(program: str) -> None:
    """Forward mode's Jacobian has its columns' zeros: in row i, the sign of output i's
    derivative (-0. where it is negative), which the printed tensors show."""

    def run(T: Any, F: Any) -> str:
        x = T.tensor([1.0, 2.0, 3.0])
        m = T.tensor([[0.5, -1.0], [2.0, 0.1]])
        return str(eval(program, {"T": T, "F": F, "x": x, "m": m})).replace("rungrad", "torch")

    assert run(rungrad, rungrad.func) == _torch_run(run)


def test_jacfwd_runs_the_function_once() -> None:
    def run(T: Any, F: Any) -> Any:
        calls = []
        F.jacfwd(lambda a: calls.append(1) or a * 2)(T.ones(3))
        return len(calls)

    assert run(rungrad, rungrad.func) == _torch_run(run)


def test_transforms_compose_with_autograd() -> None:
    """An input that requires grad keeps the graph: the result can be differentiated."""

    def run(T: Any, F: Any) -> Any:
        x = T.tensor([1.0, 2.0], dtype=T.float64, requires_grad=True)
        g = F.grad(lambda t: (t**3).sum())(x)
        g.sum().backward()
        return g.requires_grad, type(g.grad_fn).__name__, x.grad.tolist()

    assert run(rungrad, rungrad.func) == run(torch, torch.func)


@pytest.mark.parametrize(
    "case", ["non-scalar", "sizes differ", "not a tensor", "argnums out of range", "aux shape"]
)
def test_errors(case: str) -> None:
    def run(T: Any, F: Any) -> str:
        try:
            if case == "non-scalar":
                F.grad(lambda t: t * 2)(_x(T))
            elif case == "sizes differ":
                F.vmap(lambda a, b: a + b)(T.ones(2), T.ones(3))
            elif case == "not a tensor":
                F.vmap(lambda a: a, in_dims=0)(3.0)
            elif case == "argnums out of range":
                F.grad(lambda a: a.sum(), argnums=2)(_x(T))
            else:
                F.grad(lambda a: a.sum(), has_aux=True)(_x(T))
        except Exception as error:
            return f"{type(error).__name__}: {str(error).splitlines()[0]}"
        return "no error"

    assert run(rungrad, rungrad.func) == run(torch, torch.func)
