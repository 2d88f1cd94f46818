"""Saved-tensor hooks (``autograd.graph.saved_tensors_hooks``, ``save_on_cpu``,
``disable_saved_tensors_hooks``, ``grad_fn._raw_saved_<name>.register_hooks``) against
PyTorch: which tensors are packed, what the hooks receive and when they run, the tensors
formulas get back, gradients of first and second order, and the errors."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad


def _graph(T: Any) -> Any:
    return importlib.import_module(f"{T.__name__}.autograd.graph")


def _describe(t: Any) -> tuple[Any, ...]:
    grad_fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    return (tuple(t.shape), str(t.dtype).split(".")[-1], t.requires_grad, grad_fn, t.is_leaf)


def _error(call: Callable[[], Any]) -> str:
    try:
        call()
    except Exception as error:  # the type and first line, as PyTorch prints them
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return "no error"


def _logging_hooks(T: Any, log: list[Any]) -> Any:
    def pack(t: Any) -> Any:
        log.append(("pack", *_describe(t), T.is_grad_enabled()))
        return t

    def unpack(t: Any) -> Any:
        log.append(("unpack", tuple(t.shape), T.is_grad_enabled()))
        return t

    return _graph(T).saved_tensors_hooks(pack, unpack)


def _custom_exp(T: Any) -> Any:
    class Exp(T.autograd.Function):
        @staticmethod
        def forward(ctx: Any, a: Any, b: Any) -> Any:
            result = a.exp() * b
            ctx.save_for_backward(a, result)
            return result

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            a, result = ctx.saved_tensors
            return grad * result, grad * a.exp()

    return Exp


_EXPRESSIONS: dict[str, Callable[[Any, Any, Any], Any]] = {
    "pow of a leaf": lambda T, x, y: x.pow(2),
    "exp saves its output": lambda T, x, y: (x * 2).exp(),
    "mul saves both": lambda T, x, y: x * y.tanh(),
    "only what is needed": lambda T, x, y: x.detach() * y,
    "a number is not packed": lambda T, x, y: x * 3.0,
    "matmul of a view": lambda T, x, y: x.unsqueeze(1) @ y.unsqueeze(0),
    "max_pool2d indices": lambda T, x, y: T.nn.functional.max_pool2d(
        T.cat([x, y, x * y, x - y]).reshape(1, 1, 4, 3), 2
    ),
    "softmax": lambda T, x, y: T.softmax(x * y, dim=0),
    "custom Function": lambda T, x, y: _custom_exp(T).apply(x, y),
    "in-place relu": lambda T, x, y: (x * y).relu_(),
}


@pytest.mark.parametrize("name", list(_EXPRESSIONS))
def test_what_is_packed_and_unpacked(name: str) -> None:
    """The hooks see the same tensors, in the same order and grad mode, as PyTorch's; the
    gradients through them (first and second order) are PyTorch's."""

    def run(T: Any) -> list[Any]:
        log: list[Any] = []
        x = T.tensor([0.5, -1.5, 2.0], dtype=T.float64, requires_grad=True)
        y = T.tensor([1.0, 0.25, -0.75], dtype=T.float64, requires_grad=True)
        with _logging_hooks(T, log):
            out = _EXPRESSIONS[name](T, x, y)
        log.append("forward done")
        loss = (out * out).sum()
        grads = T.autograd.grad(loss, [x, y], create_graph=True, allow_unused=True)
        log.append("first order done")
        total = sum(g.sum() for g in grads if g is not None and g.requires_grad)
        if isinstance(total, T.Tensor):
            total.backward()
        log.append(np.round([g.detach().numpy() for g in grads if g is not None], 10).tolist())
        log += [None if t.grad is None else np.round(t.grad.numpy(), 10).tolist() for t in (x, y)]
        return log

    assert run(rungrad) == run(torch)


def test_unpacked_tensors_take_the_saved_tensors_place_in_the_graph() -> None:
    def run(T: Any) -> list[Any]:
        x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        with _graph(T).saved_tensors_hooks(lambda t: t.detach().clone(), lambda p: p * 1):
            y = x.pow(2)
            z = y.sin()
            w = x.detach().exp()
            v = w * x
        lines: list[Any] = []
        for saved in (y.grad_fn._saved_self, z.grad_fn._saved_self, v.grad_fn._saved_self):
            lines.append((*_describe(saved), saved is x))
        lines.append(v.grad_fn._saved_other is None)  # not needed: w needs no gradient
        return lines

    assert run(rungrad) == run(torch)


def test_hooks_that_move_tensors_out_of_the_graph() -> None:
    """Pack to a store, unpack from it: the graph keeps keys, gradients are unchanged."""

    def run(T: Any) -> list[Any]:
        store: dict[int, np.ndarray] = {}

        def pack(t: Any) -> int:
            store[len(store)] = t.detach().numpy().copy()
            return len(store) - 1

        x = T.tensor([0.5, 1.5, -2.0], dtype=T.float64, requires_grad=True)
        w = T.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=T.float64, requires_grad=True)
        with _graph(T).saved_tensors_hooks(pack, lambda key: T.from_numpy(store[key])):
            h = T.tanh(w @ x)
            y = (h * h.sigmoid()).exp().sum() + (x**3).sum()
        gx, gw = T.autograd.grad(y, (x, w), create_graph=True)
        (gx.sum() + gw.pow(2).sum()).backward()
        values = [gx, gw, x.grad, w.grad]
        return [len(store), *(np.round(v.detach().numpy(), 10).tolist() for v in values)]

    assert run(rungrad) == run(torch)


def test_nested_hooks_innermost_applies_and_numbers_of_calls() -> None:
    def run(T: Any) -> list[Any]:
        log: list[str] = []
        graph = _graph(T)
        x = T.tensor([1.0, 2.0], requires_grad=True)
        outer = graph.saved_tensors_hooks(lambda t: log.append("outer") or t, lambda p: p)
        inner = graph.saved_tensors_hooks(lambda t: log.append("inner") or t, lambda p: p)
        with outer:
            with inner:
                x.pow(2)
            x.pow(2)
        x.pow(2)
        count = [0]

        def unpack(p: Any) -> Any:
            count[0] += 1
            return p

        with graph.saved_tensors_hooks(lambda t: t, unpack):
            z = (x * x).sum()
        z.backward(retain_graph=True)
        z.backward()
        with T.no_grad(), graph.saved_tensors_hooks(lambda t: log.append("no_grad") or t, unpack):
            x.pow(2)
        return [*log, count[0]]

    assert run(rungrad) == run(torch)


def test_packed_tensors_have_no_version_check() -> None:
    def run(T: Any) -> list[Any]:
        x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        with _graph(T).saved_tensors_hooks(lambda t: t, lambda p: p):
            a = x.clone()
            b = a.pow(2)
        a.add_(1)  # no error: what the hook kept need not be the tensor
        b.sum().backward()
        with _graph(T).saved_tensors_hooks(lambda t: t.clone(), lambda p: p):
            c = x.clone()
            d = c.pow(2)
        c.add_(1)
        return [x.grad.tolist(), d.grad_fn._saved_self.tolist()]

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize(
    "case",
    [
        "unpack returns a number",
        "pack returns None",
        "pack modifies its input",
        "hooks are not callable",
        "disabled, then hooks",
        "hooks, then disabled",
        "saved tensor used after backward",
    ],
)
def test_errors(case: str) -> None:
    def run(T: Any) -> str:
        graph = _graph(T)
        x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        if case == "unpack returns a number":
            with graph.saved_tensors_hooks(lambda t: 1, lambda p: p):
                y = x.pow(2)
            return _error(lambda: y.grad_fn._saved_self)
        if case == "pack returns None":
            with graph.saved_tensors_hooks(lambda t: None, lambda p: p):
                y = x.pow(2)
            return _error(lambda: y.sum().backward())
        if case == "pack modifies its input":

            def pack(t: Any) -> Any:
                with T.no_grad():
                    t.add_(1)
                return t

            with graph.saved_tensors_hooks(pack, lambda p: p):
                return _error(lambda: x.clone().pow(2))
        if case == "hooks are not callable":
            return _error(lambda: graph.saved_tensors_hooks(1, 2).__enter__())
        if case == "disabled, then hooks":
            with graph.disable_saved_tensors_hooks("hooks are off here"):
                message = _error(lambda: graph.saved_tensors_hooks(abs, abs).__enter__())
                x.pow(2)  # saving still works
            with graph.saved_tensors_hooks(abs, abs):  # and leaving restores them
                pass
            return message
        if case == "hooks, then disabled":
            with graph.saved_tensors_hooks(abs, abs):
                return _error(lambda: graph.disable_saved_tensors_hooks("no").__enter__())
        with graph.saved_tensors_hooks(lambda t: t, lambda p: p):
            y = x.exp()
        y.sum().backward()
        return _error(lambda: y.grad_fn._saved_result)

    assert run(rungrad) == run(torch)


def test_disable_saved_tensors_hooks_is_a_decorator() -> None:
    @rungrad.autograd.graph.disable_saved_tensors_hooks("not in here")
    def function() -> str:
        return _error(lambda: rungrad.autograd.graph.saved_tensors_hooks(abs, abs).__enter__())

    assert function() == "RuntimeError: not in here"
    with rungrad.autograd.graph.saved_tensors_hooks(abs, abs):  # enabled again after it
        pass


@pytest.mark.parametrize("pin_memory", [False, True])
def test_save_on_cpu(pin_memory: bool) -> None:
    def run(T: Any) -> list[Any]:
        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        with _graph(T).save_on_cpu(pin_memory=pin_memory):
            y = (x.exp() * x).sin()
        saved = y.grad_fn._saved_self
        y.sum().backward()
        return [_describe(saved), np.round(x.grad.numpy(), 12).tolist()]

    assert run(rungrad) == run(torch)
    graph = rungrad.autograd.graph
    assert graph.save_on_cpu.__mro__[1] is graph.saved_tensors_hooks


def test_register_hooks_on_one_saved_tensor() -> None:
    def run(T: Any) -> list[Any]:
        log: list[Any] = []
        x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x.pow(2)
        raw = y.grad_fn._raw_saved_self

        def pack(t: Any) -> Any:
            log.append(("pack", *_describe(t)))
            return t * 10

        raw.register_hooks(pack, lambda p: log.append("unpack") or p / 10)
        log.append(_error(lambda: raw.register_hooks(pack, pack)))
        log.append(_describe(y.grad_fn._saved_self))
        y.sum().backward()
        log.append(x.grad.tolist())
        log.append(_error(lambda: raw.register_hooks(pack, pack)))
        log.append(_error(lambda: x.pow(3).grad_fn._raw_saved_self.register_hooks(1, 2)))
        e = x.exp()
        e.grad_fn._raw_saved_result.register_hooks(lambda t: log.append("result") or t, abs)
        log.append(type(x.sum().grad_fn).__name__)
        return log

    assert run(rungrad) == run(torch)


def test_hooks_keep_no_reference_to_the_saved_tensor() -> None:
    """With hooks that keep nothing of it, a saved intermediate is freed after forward."""
    import weakref

    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    with rungrad.autograd.graph.saved_tensors_hooks(lambda t: t.shape, lambda s: rungrad.ones(s)):
        h = x * 2
        y = h.sin()
    ref = weakref.ref(h)
    del h
    assert ref() is None
    y.sum().backward()  # sin's formula sees ones: cos(1) * 2
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.cos(1.0), rtol=1e-6)


def test_a_raw_saved_tensor_prints_as_pytorch_s_class() -> None:
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        emit(type((x * x).grad_fn._raw_saved_self))

    same(program)


def test_an_unpacked_tensor_meets_the_formulas_own_checks() -> None:
    """A gradient computed from what an unpack hook returned: the formula's op raises its
    own error for a wrong shape, and the hook runs once."""

    def run(T: Any) -> list[Any]:
        calls = []

        def unpack(p: Any) -> Any:
            calls.append(tuple(p.shape))
            return T.ones(5)

        x = T.tensor([1.0, 2.0], requires_grad=True)
        with _graph(T).saved_tensors_hooks(lambda t: t, unpack):
            y = x.sin().sum()
        try:
            y.backward()
        except RuntimeError as error:
            calls.append(str(error))
        return calls

    assert run(rungrad) == run(torch)


def test_allow_mutation_on_saved_tensors() -> None:
    def run(T: Any) -> list[Any]:
        graph = _graph(T)
        log: list[Any] = []
        with graph.allow_mutation_on_saved_tensors() as context:
            log.append(type(context).__name__)
            x = T.tensor([1.0, 2.0], requires_grad=True)
            y = x.clone()
            z = y * y
            y.add_(1)  # z's backward still sees the values it was computed from
            log.append(z.grad_fn._saved_self.tolist())
            z.sum().backward(retain_graph=True)
            log.append(x.grad.tolist())
            a = x.clone()
            b = a.sigmoid()
            b.mul_(2)
            b.sum().backward()
            log.append(x.grad.tolist())
            try:
                with graph.allow_mutation_on_saved_tensors():
                    pass
            except RuntimeError as error:
                log.append(str(error))
        try:
            z.sum().backward()
        except AssertionError as error:
            log.append(str(error))
        return log

    assert run(rungrad) == run(torch)
