"""Grad modes against PyTorch: no_grad, enable_grad, set_grad_enabled, inference_mode.

Each program runs through both libraries (``program(torch, emit)``); the transcripts, with
errors and warnings as text and ``rungrad`` read as ``torch``, must be identical. Every test
leaves grad mode enabled, whatever happens.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import torch
from transcripts import same as same_transcript  # with emit.attempt

import rungrad

Program = Callable[[Any, Callable[..., None]], None]


# -- helpers ---------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    text = text.replace("rungrad", "torch")
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", text)


def transcript(program: Program, library: Any) -> str:
    lines: list[str] = []

    def emit(*values: Any) -> None:
        lines.append(" ".join(str(value) for value in values))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            program(library, emit)
        except Exception as error:
            lines.append(f"raised {type(error).__name__}: {str(error).splitlines()[0]}")
        finally:
            library.set_grad_enabled(True)
        lines.extend(f"{m.category.__name__}: {m.message}" for m in caught)
    return _normalise("\n".join(lines))


def same(program: Program) -> str:
    expected = transcript(program, torch)
    assert transcript(program, rungrad) == expected
    return expected


@pytest.fixture(autouse=True)
def grad_mode_restored() -> Iterator[None]:
    yield
    assert rungrad.is_grad_enabled() and not rungrad.is_inference_mode_enabled()


# -- no_grad / enable_grad -------------------------------------------------------------------
def test_no_grad_context_manager():
    def program(torch, emit):
        x = torch.tensor([1.0], requires_grad=True)
        with torch.no_grad() as value:
            emit(value, torch.is_grad_enabled())
            y = x * 2
            emit(y.requires_grad, y.grad_fn, y.is_leaf)
            with torch.enable_grad():
                z = x * 2
                emit(torch.is_grad_enabled(), z.requires_grad, z.grad_fn)
            emit(torch.is_grad_enabled())
        emit(torch.is_grad_enabled(), (x * 2).requires_grad)

    same(program)


def test_no_grad_restores_the_mode_after_an_exception():
    def program(torch, emit):
        try:
            with torch.no_grad():
                raise ValueError("inside")
        except ValueError as error:
            emit(error, torch.is_grad_enabled())
        try:
            with torch.no_grad(), torch.enable_grad():
                raise KeyError("x")
        except KeyError:
            emit(torch.is_grad_enabled())

    same(program)


@pytest.mark.parametrize("manager", ["no_grad", "enable_grad"])
@pytest.mark.parametrize("parentheses", [True, False])
def test_decorators(manager: str, parentheses: bool):
    def program(torch, emit):
        decorator = getattr(torch, manager)
        if parentheses:
            decorator = decorator()

        @decorator
        def function(a, b=2):
            """docstring"""
            return torch.is_grad_enabled(), a + b

        emit(function.__name__, function.__doc__)
        emit(function(1), function(1, b=5), torch.is_grad_enabled())
        with torch.no_grad():
            emit(function(0), torch.is_grad_enabled())
        with torch.enable_grad():
            emit(function(0), torch.is_grad_enabled())

    same(program)


@pytest.mark.parametrize(
    "decorator",
    [
        "torch.no_grad()",
        "torch.no_grad",
        "torch.enable_grad()",
        "torch.set_grad_enabled(False)",
        "torch.inference_mode()",
        "torch.inference_mode",
        "torch.inference_mode(False)",
    ],
)
def test_decorated_generator_functions(decorator: str):
    def program(torch, emit):
        wrap = eval(decorator, {"torch": torch})

        @wrap
        def numbers(count):
            for index in range(count):
                received = yield index, torch.is_grad_enabled(), torch.is_inference_mode_enabled()
                emit("received", received, torch.is_grad_enabled())
            return "done"

        with torch.no_grad():
            generator = numbers(3)
        emit(next(generator), torch.is_grad_enabled())
        emit(generator.send("a"), torch.is_grad_enabled())
        emit(generator.send("b"), torch.is_grad_enabled())
        try:
            generator.send("c")
        except StopIteration as stop:
            emit("stop", stop.value, torch.is_grad_enabled())
        emit(list(numbers(2)))
        closing = numbers(5)
        next(closing)
        closing.close()
        emit(torch.is_grad_enabled())

    same(program)


def test_decorated_generator_sees_thrown_exceptions():
    def program(torch, emit):
        @torch.no_grad()
        def catcher():
            try:
                yield 1
            except ValueError as error:
                emit("caught", error, torch.is_grad_enabled())
                yield 2

        generator = catcher()
        emit(next(generator))
        emit(generator.throw(ValueError("boom")), torch.is_grad_enabled())

    same(program)


def test_decorating_a_class_warns():
    def program(torch, emit):
        @torch.no_grad()
        class Thing:
            def __init__(self):
                self.enabled = torch.is_grad_enabled()

        emit(Thing().enabled, torch.is_grad_enabled())

    same(program)


def test_no_grad_with_an_argument_decorates_it():
    def program(torch, emit):
        decorated = torch.no_grad(lambda: torch.is_grad_enabled())
        emit(decorated())

    same(program)


# -- set_grad_enabled ----------------------------------------------------------------------
def test_set_grad_enabled_as_function_takes_effect_immediately():
    def program(torch, emit):
        x = torch.tensor([1.0], requires_grad=True)
        manager = torch.set_grad_enabled(False)
        emit(repr(manager), type(manager).__name__, torch.is_grad_enabled())
        emit((x * 2).requires_grad)
        torch.set_grad_enabled(True)
        emit(torch.is_grad_enabled(), (x * 2).requires_grad)

    same(program)


def test_set_grad_enabled_as_context_manager():
    def program(torch, emit):
        with torch.set_grad_enabled(False) as value:
            emit(value, torch.is_grad_enabled())
            with torch.set_grad_enabled(True):
                emit(torch.is_grad_enabled())
            emit(torch.is_grad_enabled())
        emit(torch.is_grad_enabled())
        with torch.no_grad():
            with torch.set_grad_enabled(True):
                emit(torch.is_grad_enabled())
            emit(torch.is_grad_enabled())
        manager = torch.set_grad_enabled(False)
        emit(torch.is_grad_enabled())
        with manager:
            emit(torch.is_grad_enabled())
        emit(torch.is_grad_enabled())

    same(program)


def test_set_grad_enabled_as_decorator():
    def program(torch, emit):
        @torch.set_grad_enabled(False)
        def off():
            return torch.is_grad_enabled()

        emit(torch.is_grad_enabled())
        emit(off(), torch.is_grad_enabled())
        with torch.no_grad():

            @torch.set_grad_enabled(True)
            def on():
                return torch.is_grad_enabled()

            emit(torch.is_grad_enabled(), on(), torch.is_grad_enabled())

    same(program)


@pytest.mark.parametrize("argument", ["1", "'yes'", "None", "lambda: 0"])
def test_set_grad_enabled_needs_a_bool(argument: str):
    def program(torch, emit):
        try:
            torch.set_grad_enabled(eval(argument))
        except TypeError as error:
            emit("TypeError", error)
        emit(torch.is_grad_enabled())

    same(program)


def test_set_grad_enabled_without_an_argument():
    def program(torch, emit):
        with torch.set_grad_enabled():
            pass

    same(program)


# -- inference_mode --------------------------------------------------------------------------
def test_inference_mode_context_manager():
    def program(torch, emit):
        x = torch.tensor([1.0], requires_grad=True)
        emit(torch.is_inference_mode_enabled())
        with torch.inference_mode() as value:
            emit(value, torch.is_grad_enabled(), torch.is_inference_mode_enabled())
            y = x * 2
            emit(y.requires_grad, y.grad_fn)
            with torch.inference_mode(False):
                emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
            with torch.inference_mode(mode=True):
                emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
            emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
        emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
        with torch.no_grad(), torch.inference_mode(False):
            emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
        emit(torch.is_grad_enabled())

    same(program)


@pytest.mark.parametrize("decorator", ["torch.inference_mode()", "torch.inference_mode",
                                       "torch.inference_mode(False)",
                                       "torch.inference_mode(mode=True)"])  # fmt: skip
def test_inference_mode_decorator(decorator: str):
    def program(torch, emit):
        @eval(decorator, {"torch": torch})
        def function(a):
            """docstring"""
            return a, torch.is_grad_enabled(), torch.is_inference_mode_enabled()

        emit(function.__name__, function.__doc__, function(1))
        with torch.no_grad():
            emit(function(2))
        with torch.inference_mode():
            emit(function(3))
        emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())

    same(program)


# -- inference tensors -------------------------------------------------------------------------
def test_tensors_made_in_inference_mode_are_inference_tensors():
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        with torch.inference_mode():
            made = torch.ones(2) * 3
            computed = x * 2
            emit(made.is_inference(), computed.is_inference(), computed.requires_grad)
            emit(torch.tensor([1.0]).is_inference(), torch.zeros(1).is_inference())
            # views of a normal tensor stay normal; a normal tensor changed in place too
            emit(x[0].is_inference(), x.view(2).is_inference())
            normal = x.detach().clone()
            emit(normal.is_inference())
            with torch.inference_mode(False):
                emit(torch.ones(1).is_inference())
        # views of an inference tensor are inference tensors; a clone or a result is normal
        emit(torch.is_inference(made), made[0].is_inference(), made.detach().is_inference())
        emit(made.clone().is_inference(), (made * made).is_inference(), made.sin().is_inference())
        emit(x.is_inference(), repr(made))

    same(program)


STATEMENTS_ON_AN_INFERENCE_TENSOR = [
    "x * c",  # mul saves c for x's gradient
    "x.mul(c)",
    "x.exp() * c",
    "torch.nn.functional.linear(c.unsqueeze(0), x.unsqueeze(0))",
    "(x + c).sum().backward()",  # add saves nothing: allowed
    "c.exp() * x",  # c.exp() is a normal tensor
    "c * c",
    "c.add_(1)",
    "c.zero_()",
    "c.mul_(2)",
    "c[0] = 1",
    "c[0].add_(1)",
    "(x * 1).add_(c)",
    "(x * 1).mul_(c)",
    "c.requires_grad_()",
    "c.requires_grad = True",
    "c.requires_grad_(False)",
    "c._version",
    "torch.nn.Parameter(c)",
    "torch.nn.Parameter(c, requires_grad=False)",
]


@pytest.mark.parametrize("statement", STATEMENTS_ON_AN_INFERENCE_TENSOR)
def test_inference_tensors_outside_inference_mode(statement: str):
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        with torch.inference_mode():
            c = torch.ones(2) * 3
        namespace = {"torch": torch, "x": x, "c": c}
        exec(f"result = {statement}" if "=" not in statement else statement, namespace)
        result = namespace.get("result")
        emit(type(getattr(result, "grad_fn", None)).__name__, c, x.grad)

    same(program)


def test_inference_tensors_inside_inference_mode():
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        with torch.inference_mode():
            c = torch.ones(2)
        with torch.inference_mode():
            c.add_(1)
            c[0] = 5
            y = x * 2
            y.requires_grad_()
            emit(c, y.requires_grad, y.is_inference())
            model = torch.nn.Linear(2, 1)
            emit(model.weight.is_inference(), model.weight.requires_grad)
        out = torch.nn.Linear(2, 1)(c.clone().unsqueeze(0))
        emit(out.is_inference(), out.requires_grad)

    same(program)


def test_inference_tensors_in_a_decorated_function():
    def program(torch, emit):
        @torch.inference_mode()
        def predict(model, data):
            return model(data)

        torch.manual_seed(0)
        model = torch.nn.Linear(3, 2)
        output = predict(model, torch.ones(4, 3))
        emit(output.is_inference(), output.requires_grad, output.shape)
        emit((output + model.bias).requires_grad)  # add saves neither input
        torch.nn.Linear(2, 1)(output)  # the weight's gradient needs the input: refused

    same(program)


@pytest.mark.parametrize("mode", ["grad", "no_grad", "inference_mode"])
def test_a_view_of_an_inference_tensor_has_no_history(mode: str):
    """A view of an inference tensor is an inference tensor that does not require grad, in
    any mode, even when its base requires grad."""

    def program(torch, emit):
        with torch.inference_mode():
            x = torch.ones(3, requires_grad=True)
            a = x * 2
        context = {"grad": torch.enable_grad, "no_grad": torch.no_grad}.get(
            mode, torch.inference_mode
        )
        with context():
            for view in (x.view(3), x[:2], x.unsqueeze(0), a.view(3), x.view(3).view(3)):
                emit(view.requires_grad, view.grad_fn, view.is_inference(), view.is_leaf)
            for views in (x.split(1), x.unbind()):
                emit([(v.requires_grad, v.grad_fn, v.is_inference()) for v in views])
        emit.attempt(lambda: x.view(3).requires_grad_())

    same_transcript(program)


def test_a_thread_outside_inference_mode_makes_normal_tensors():
    def program(torch, emit):
        seen = {}

        def worker():
            seen["made"] = torch.ones(1).is_inference()

        with torch.inference_mode():
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
            seen["here"] = torch.ones(1).is_inference()
        emit(sorted(seen.items()))

    same(program)


# -- threads -----------------------------------------------------------------------------------
def test_grad_mode_is_thread_local():
    def program(torch, emit):
        seen = {}

        def worker():
            x = torch.tensor([1.0], requires_grad=True)
            seen["enabled"] = torch.is_grad_enabled()
            seen["inference"] = torch.is_inference_mode_enabled()
            seen["records"] = (x * 2).requires_grad
            with torch.no_grad():
                seen["inner"] = torch.is_grad_enabled()

        with torch.no_grad(), torch.inference_mode():
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
            emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
        emit(sorted(seen.items()), torch.is_grad_enabled())

    same(program)


def test_set_grad_enabled_in_a_thread_does_not_leak():
    def program(torch, emit):
        def worker():
            torch.set_grad_enabled(False)

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        emit(torch.is_grad_enabled())

    same(program)


def test_grad_modes_are_exported_from_autograd():
    for name in ("no_grad", "enable_grad", "set_grad_enabled", "inference_mode"):
        assert getattr(rungrad.autograd, name) is getattr(rungrad, name)
        assert getattr(rungrad.autograd.grad_mode, name) is getattr(rungrad, name)
    assert rungrad.autograd.is_grad_enabled is rungrad.is_grad_enabled


# -- views made without grad mode ------------------------------------------------------------
VIEWS = ["x[0]", "x[:, 1]", "x.view(4)", "x.t()", "x.reshape(2, 2)", "x.unsqueeze(0)",
         "x.flatten()", "x.split(1)[1]", "x.unbind()[0]", "x.expand(2, 2, 2)", "x.narrow(1, 0, 1)",
         "(x * 1)[0]", "x.detach()", "x * 2", "x.sum()"]  # fmt: skip


@pytest.mark.parametrize("mode", ["no_grad", "inference_mode"])
@pytest.mark.parametrize("view", VIEWS)
def test_a_view_made_without_grad_mode_requires_grad_without_history(mode: str, view: str):
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        with getattr(torch, mode)():
            v = eval(view, {"x": x})
        emit(v, v.requires_grad, v.is_leaf, v.grad_fn, v.is_inference())
        if not v.requires_grad:
            return
        try:  # in place with grad mode on: forbidden
            v.mul_(2)
        except RuntimeError as error:
            emit(str(error))
        with torch.no_grad():
            v.mul_(2)
        emit(x, x._version)

    same(program)


def test_the_gradient_reaching_a_view_made_under_no_grad_is_dropped():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        with torch.no_grad():
            v = x[:2]
        z = (v * 2).sum()
        emit(z, z.grad_fn.next_functions[0][0].next_functions)
        z.backward()
        emit(x.grad, v.grad)
        w = v[:1]  # a view of it in grad mode has history, into nothing
        emit(w.requires_grad, w.is_leaf, type(w.grad_fn).__name__, w.grad_fn.next_functions)
        (w * 3).sum().backward()
        emit(x.grad, v.grad)

    same(program)


@pytest.mark.parametrize(
    "inner", ["torch.enable_grad()", "torch.set_grad_enabled(True)", "torch.no_grad()",
              "torch.inference_mode(False)", "torch.set_grad_enabled(False)"],
)  # fmt: skip
def test_grad_mode_inside_inference_mode_records_nothing(inner: str):
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        with torch.inference_mode():
            with eval(inner, {"torch": torch}):
                emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
                y = x * 2
                emit(y.requires_grad, y.is_inference(), y.grad_fn)
                with torch.no_grad():
                    emit(torch.is_grad_enabled())
                with torch.enable_grad():
                    emit(torch.is_grad_enabled(), (x * 1).requires_grad)
            emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
        emit(torch.is_grad_enabled(), torch.is_inference_mode_enabled(), (x * 1).requires_grad)
        with torch.no_grad():
            with torch.inference_mode(), torch.enable_grad():
                emit(torch.is_grad_enabled(), (x * 1).requires_grad)
            emit(torch.is_grad_enabled())

    same(program)


def test_a_view_made_without_grad_mode_then_changed_in_place_has_no_valid_history():
    """PyTorch refuses to say what its history is: grad_fn, is_leaf and ops using it raise,
    and its repr shows ``grad_fn=<Invalid>``; unchanged views and detached copies are fine."""

    def program(torch, emit):
        x = torch.ones(3, requires_grad=True)
        with torch.no_grad():
            changed = x.view(3)
            sibling = x[1:]
            changed.mul_(2)
            emit(changed)
        with torch.inference_mode():
            inference_view = x[:1]
        emit(sibling, inference_view)
        for view in (changed, sibling, inference_view):
            emit(view.requires_grad, view.detach())
            emit.attempt(lambda view=view: view.grad_fn)
            emit.attempt(lambda view=view: view.is_leaf)
            emit.attempt(lambda view=view: view * 2)
        with torch.no_grad():
            x.add_(1)
        emit(inference_view)
        emit.attempt(lambda: inference_view.grad_fn)
        plain = torch.ones(2)
        with torch.no_grad():
            part = plain[:1]
            plain.mul_(2)
        emit(part, part.grad_fn)

    same_transcript(program)


def test_multithreading_and_view_replay_settings() -> None:
    from transcripts import same

    def program(torch, emit):
        autograd = torch.autograd
        emit(autograd.is_multithreading_enabled(), autograd.is_view_replay_enabled())
        with autograd.set_multithreading_enabled(False):
            emit(autograd.is_multithreading_enabled())
        emit(autograd.is_multithreading_enabled())

        @autograd.set_multithreading_enabled(False)
        def inside():
            return autograd.is_multithreading_enabled()

        emit(inside(), autograd.is_multithreading_enabled())
        autograd.set_multithreading_enabled(False)
        emit(autograd.is_multithreading_enabled())
        autograd.set_multithreading_enabled(True)

    same(program)
