"""The backward engine against PyTorch: each program runs through both libraries.

A program is a function ``program(torch, emit)`` written against PyTorch's API; ``emit``
records what a script would print. The two transcripts (with exceptions and warnings
recorded as text, ``rungrad`` read as ``torch`` and addresses masked) must be identical.
"""

from __future__ import annotations

import gc
import re
import subprocess
import sys
import textwrap
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad

Program = Callable[[Any, Callable[..., None]], None]


# -- helpers ---------------------------------------------------------------------------------
def _normalise(text: str) -> str:
    text = text.replace("rungrad", "torch")
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", text)


def _warning_text(message: warnings.WarningMessage) -> str | None:
    if str(message.message).startswith("Using backward() with create_graph=True"):
        return None  # PyTorch warns once per process: see the subprocess test
    text = str(message.message).split(" (Triggered internally")[0]
    return f"{message.category.__name__}: {text}"


def transcript(program: Program, library: Any) -> str:
    """What ``program`` prints with ``library`` as ``torch``, errors and warnings included."""
    lines: list[str] = []

    def emit(*values: Any) -> None:
        lines.append(" ".join(str(value) for value in values))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            program(library, emit)
        except Exception as error:
            lines.append(f"raised {type(error).__name__}: {str(error).splitlines()[0]}")
        lines.extend(filter(None, map(_warning_text, caught)))
    return _normalise("\n".join(lines))


def same(program: Program) -> str:
    """Assert that ``program`` prints the same with rungrad as with torch; return the text."""
    expected = transcript(program, torch)
    assert transcript(program, rungrad) == expected
    return expected


# -- accumulation --------------------------------------------------------------------------
def test_gradients_accumulate_across_backward_calls():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        for _ in range(3):
            (x * x).sum().backward()
            emit(x.grad)
        x.grad.zero_()
        emit(x.grad)
        (x * 2).sum().backward()
        emit(x.grad)
        x.grad = None
        emit(x.grad)
        (x**3).sum().backward()
        emit(x.grad, x.grad.requires_grad, x.grad.is_leaf)

    same(program)


def test_first_gradient_is_not_aliased_to_the_incoming_tensor():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        g = torch.tensor([5.0, 6.0])
        x.backward(g)
        g.mul_(10)
        emit(x.grad)
        x.backward(g)
        emit(x.grad, g)

    same(program)


def test_grad_accumulation_keeps_the_same_grad_tensor():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).sum().backward()
    first = x.grad
    (x * 3).sum().backward()
    assert x.grad is first
    assert x.grad.tolist() == [5.0, 5.0]


def test_accumulation_into_an_assigned_grad_is_in_place():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        assigned = torch.tensor([10.0, 10.0])
        x.grad = assigned
        (x * 2).sum().backward()
        emit(x.grad, assigned, x.grad is assigned)

    same(program)


def test_backward_on_a_leaf_and_on_the_root_with_hooks():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.backward(torch.tensor([3.0, 4.0]))
        emit(x.grad)
        z = (x * 2).sum()
        z.retain_grad()
        z.register_hook(lambda g: g * 5)
        z.backward()
        emit(z.grad, x.grad)

    same(program)


# -- retain_graph ----------------------------------------------------------------------------
def test_second_backward_through_freed_saved_tensors_raises():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        y.backward()
        emit(x.grad)
        y.backward()

    text = same(program)
    assert "Trying to backward through the graph a second time" in text


def test_retain_graph_allows_a_second_pass():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = (x.exp() * x).sum()
        y.backward(retain_graph=True)
        emit(x.grad)
        y.backward(retain_graph=True)
        emit(x.grad)
        y.backward()
        emit(x.grad)
        y.backward()

    same(program)


def test_nodes_that_saved_nothing_may_run_again():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = (a + 5).mean()
        y.backward()
        y.backward()
        emit(a.grad)
        z = (a - 1).sum()
        z.backward()
        z.backward()
        emit(a.grad)

    same(program)


def test_second_pass_fails_at_the_first_node_that_saved_something():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        y = (a * a + 1).sum()
        y.backward()
        emit(a.grad)
        y.backward()

    same(program)


def test_autograd_grad_releases_the_graph_too():
    def program(torch, emit):
        x = torch.tensor(2.0, requires_grad=True)
        y = x.sin() * x
        emit(torch.autograd.grad(y, x, retain_graph=True))
        emit(torch.autograd.grad(y, x))
        emit(torch.autograd.grad(y, x))

    same(program)


# -- graph shapes ------------------------------------------------------------------------------
def test_node_reused_twice():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = a + a
        c = b + b
        c.sum().backward()
        emit(a.grad)
        d = a * a
        e = d * d
        e.sum().backward()
        emit(a.grad)

    same(program)


def test_diamond_graph():
    def program(torch, emit):
        x = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
        a = x.exp()
        b = a.sin()
        c = a.cos()
        d = (b * c + a).sum()
        d.backward()
        emit(x.grad)
        w = torch.tensor(3.0, requires_grad=True)
        left = w * 2
        right = w**2
        top = left * right + left
        top.backward()
        emit(w.grad)

    same(program)


def test_several_roots():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y1 = (x * 2).sum()
        y2 = (x**2).sum()
        torch.autograd.backward([y1, y2])
        emit(x.grad)
        torch.autograd.backward([x * 3, x * 4], [torch.ones(2), torch.tensor([1.0, -1.0])])
        emit(x.grad)

    same(program)


# -- backward(gradient) --------------------------------------------------------------------
def test_vector_jacobian_product():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x * 2
        y.backward(torch.tensor([0.1, 1.0, 0.0001]))
        emit(x.grad)
        m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        (m @ m).backward(torch.ones(2, 2))
        emit(m.grad)

    same(program)


def test_implicit_gradient_needs_a_scalar():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward()

    assert "grad can be implicitly created only for scalar outputs" in same(program)


def test_one_element_output_needs_no_gradient():
    def program(torch, emit):
        x = torch.tensor([[3.0]], requires_grad=True)
        (x * x).backward()
        emit(x.grad)

    same(program)


@pytest.mark.parametrize(
    "gradient",
    ["torch.ones(3)", "torch.ones(2, 2)", "torch.ones(())", "torch.ones(1)"],
)
def test_gradient_shape_mismatch(gradient: str):
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        y = x * 2
        y.backward(eval(gradient, {"torch": torch}))
        emit(x.grad)

    same(program)


def test_gradient_of_another_dtype_is_cast():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward(torch.tensor([1.0, 2.0], dtype=torch.float64))
        emit(x.grad, x.grad.dtype)

    same(program)


def test_backward_on_a_tensor_that_does_not_require_grad():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0])
        (x * 2).sum().backward()

    assert "element 0 of tensors does not require grad" in same(program)


def test_backward_wrong_gradient_count_and_type():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        torch.autograd.backward([x.sum(), (x * 2).sum()], [torch.tensor(1.0)])

    same(program)

    def program_type(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward([1.0, 2.0])

    same(program_type)


# -- autograd.grad ----------------------------------------------------------------------------
def test_autograd_grad_basics():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        w = torch.tensor([3.0, -1.0], requires_grad=True)
        y = (x * w).sum()
        gx, gw = torch.autograd.grad(y, [x, w])
        emit(gx, gw, x.grad, w.grad)
        z = x * w
        emit(torch.autograd.grad(z, x, grad_outputs=torch.tensor([1.0, 10.0])))
        emit(torch.autograd.grad([z.sum(), (x * x).sum()], x))

    same(program)


def test_autograd_grad_non_leaf_inputs():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        y = (h * h).sum()
        (gh,) = torch.autograd.grad(y, h, retain_graph=True)
        emit(gh)
        gh, gx = torch.autograd.grad(y, [h, x])
        emit(gh, gx, x.grad)

    same(program)


def test_autograd_grad_unused_inputs():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        unused = torch.tensor([5.0], requires_grad=True)
        y = (x * 2).sum()
        emit(torch.autograd.grad(y, [x, unused], retain_graph=True, allow_unused=True))
        emit(torch.autograd.grad(y, [x, unused], retain_graph=True, materialize_grads=True))
        torch.autograd.grad(y, [x, unused])

    text = same(program)
    assert "appears to not have been used in the graph" in text


def test_autograd_grad_materialize_without_allow_unused():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        torch.autograd.grad(x.sum(), x, allow_unused=False, materialize_grads=True)

    same(program)


def test_autograd_grad_input_that_does_not_require_grad():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        c = torch.tensor([1.0, 2.0])
        torch.autograd.grad((x * c).sum(), [x, c])

    same(program)


def test_autograd_grad_create_graph():
    def program(torch, emit):
        x = torch.tensor(1.5, requires_grad=True)
        (dx,) = torch.autograd.grad(x**3, x, create_graph=True)
        emit(dx)
        (ddx,) = torch.autograd.grad(dx, x, create_graph=True)
        emit(ddx)
        (dddx,) = torch.autograd.grad(ddx, x)
        emit(dddx)

    same(program)


def test_autograd_grad_mismatched_grad_outputs():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        torch.autograd.grad(y, x, grad_outputs=torch.ones(3))

    same(program)


# -- backward(inputs=...) ------------------------------------------------------------------
def test_backward_inputs_leaf():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        w = torch.tensor([3.0, 4.0], requires_grad=True)
        (x * w).sum().backward(inputs=[x])
        emit(x.grad, w.grad)
        (x * w).sum().backward(inputs=w)
        emit(x.grad, w.grad)

    same(program)


def test_backward_inputs_non_leaf():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        h = x * 2
        y = (h**2).sum()
        y.backward(inputs=[h], retain_graph=True)
        emit(h.grad, x.grad)
        y.backward(inputs=[h, x])
        emit(h.grad, x.grad)

    same(program)


def test_backward_inputs_empty():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).sum().backward(inputs=[])

    same(program)


# -- higher order ------------------------------------------------------------------------------
def test_second_derivative_of_cube():
    def program(torch, emit):
        x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
        y = (x**3).sum()
        y.backward(create_graph=True)
        emit(x.grad)
        g = x.grad
        x.grad = None
        g.sum().backward()
        emit(x.grad)

    same(program)


def test_second_and_third_derivatives_of_sin_tanh_chain():
    def program(torch, emit):
        x = torch.tensor([0.3, -0.7], requires_grad=True)
        y = torch.tanh(torch.sin(x) * 2).sum()
        (g1,) = torch.autograd.grad(y, x, create_graph=True)
        emit(g1)
        (g2,) = torch.autograd.grad(g1.sum(), x, create_graph=True)
        emit(g2)
        (g3,) = torch.autograd.grad(g2.sum(), x)
        emit(g3)

    same(program)


def test_create_graph_grad_has_history():
    def program(torch, emit):
        x = torch.tensor(2.0, requires_grad=True)
        y = x * x
        y.backward(create_graph=True)
        emit(x.grad, x.grad.requires_grad, x.grad.is_leaf)
        (x.grad * 1).backward()
        emit(x.grad)

    same(program)


# -- retain_grad and the non-leaf warning ------------------------------------------------------
def test_non_leaf_grad_warning():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.sum().backward()
        emit(y.grad)

    text = same(program)
    assert text.count("UserWarning") == 1


def test_no_non_leaf_grad_warning_once_a_gradient_is_set():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.grad = torch.ones(2)
        emit(y.grad)
        y.grad = None
        emit(y.grad)

    text = same(program)
    assert text.count("UserWarning") == 1


def test_retain_grad():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.retain_grad()
        z = y * y
        z.retain_grad()
        z.sum().backward(retain_graph=True)
        emit(y.grad, z.grad, y.retains_grad, x.retains_grad)
        z.sum().backward()
        emit(y.grad, z.grad)
        x.retain_grad()
        emit(x.retains_grad)

    same(program)


def test_retain_grad_with_create_graph():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * x
        y.retain_grad()
        (y * y).sum().backward(create_graph=True)
        emit(y.grad, x.grad)
        first = y.grad
        (y * 3).sum().backward(create_graph=True)
        emit(y.grad, y.grad is first, x.grad)

    same(program)


def test_retain_grad_without_requires_grad():
    def program(torch, emit):
        torch.tensor([1.0]).retain_grad()

    same(program)


# -- requires_grad, is_leaf, graph structure ------------------------------------------------
def test_requires_grad_propagation_and_is_leaf():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([3.0, 4.0])
        for value in (a, b, a + b, b * 2, a.detach(), (a > 1), a.sum(), b.sum()):
            emit(value.requires_grad, value.is_leaf, value.grad_fn is None)
        with torch.no_grad():
            c = a * 2
        emit(c.requires_grad, c.is_leaf)

    same(program)


def test_next_functions_structure():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([3.0, 4.0], requires_grad=True)
        c = torch.tensor([5.0, 6.0])
        d = a * b + c
        e = d.sum()

        def describe(node):
            return [(None if n is None else n.name(), nr) for n, nr in node.next_functions]

        emit(e.grad_fn.name(), describe(e.grad_fn))
        emit(describe(e.grad_fn.next_functions[0][0]))
        add = d.grad_fn
        mul = add.next_functions[0][0]
        emit(describe(mul))
        emit(type(mul).__name__)
        emit(type(mul.next_functions[0][0]).__name__)
        emit(mul.next_functions[0][0].variable is a)

    same(program)


def test_accumulate_grad_identity():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        x = a * 2
        y = a + 1
        acc_x = x.grad_fn.next_functions[0][0]
        acc_y = y.grad_fn.next_functions[0][0]
        emit(acc_x is acc_y)
        z = (a * a).grad_fn
        emit(z.next_functions[0][0] is z.next_functions[1][0], z.next_functions[0][0] is acc_x)

    same(program)


def test_node_repr():
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        emit(repr((a * 2).grad_fn))
        emit((a * 2).grad_fn)
        emit(repr(a.sum().grad_fn.next_functions[0][0]))
        emit(a * 2)

    text = same(program)
    assert "<MulBackward0 object at 0x?>" in text


# -- tensor hooks ------------------------------------------------------------------------------
def test_tensor_hook_modifies_gradient_leaf_and_non_leaf():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.register_hook(lambda g: g * 10)
        y = x * 3
        y.register_hook(lambda g: emit("y hook", g))
        y.register_hook(lambda g: g + 1)
        y.sum().backward()
        emit(x.grad)

    same(program)


def test_tensor_hook_removal():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        handle = x.register_hook(lambda g: g * 100)
        y = x * 2
        handle2 = y.register_hook(lambda g: g * 5)
        y.sum().backward(retain_graph=True)
        emit(x.grad)
        handle.remove()
        handle2.remove()
        x.grad = None
        y.sum().backward()
        emit(x.grad)

    same(program)


def test_tensor_hook_on_tensor_without_grad():
    def program(torch, emit):
        torch.tensor([1.0]).register_hook(lambda g: g)

    same(program)


def test_tensor_hook_with_retain_grad_order():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.register_hook(lambda g: g * 2)
        y.retain_grad()
        y.register_hook(lambda g: g * 3)
        y.sum().backward()
        emit(y.grad, x.grad)

    same(program)


def test_post_accumulate_grad_hook():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.register_hook(lambda g: emit("pre", g))
        x.register_post_accumulate_grad_hook(lambda t: emit("post", t.grad))
        (x * 2).sum().backward()
        (x * 2).sum().backward()
        (x * 2).register_post_accumulate_grad_hook(lambda t: None)

    same(program)


def test_node_hooks_order():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        z = y * 3
        node = z.grad_fn
        node.register_prehook(lambda grad_outputs: emit("prehook", grad_outputs))
        node.register_hook(
            lambda grad_inputs, grad_outputs: emit("hook", grad_inputs, grad_outputs)
        )
        z.register_hook(lambda g: emit("tensor hook", g))
        node.register_prehook(lambda grad_outputs: (grad_outputs[0] * 2,))
        handle = node.register_hook(lambda grad_inputs, grad_outputs: (grad_inputs[0] + 1, None))
        z.sum().backward(retain_graph=True)
        emit(x.grad)
        handle.remove()
        x.grad = None
        z.sum().backward()
        emit(x.grad)

    same(program)


@pytest.mark.parametrize(
    "hook",
    [
        "z.grad_fn.register_prehook(lambda go: (go[0], go[0]))",
        "z.grad_fn.register_prehook(lambda go: [go[0]])",
        "z.grad_fn.register_prehook(lambda go: (None,))",
        "z.grad_fn.register_hook(lambda gi, go: (gi[0],))",
        "z.grad_fn.register_hook(lambda gi, go: 5)",
        "z.grad_fn.register_hook(lambda gi, go: (gi[0][:1], None))",
        "z.grad_fn.register_hook(lambda gi, go: (None, None))",
        "z.grad_fn.register_hook(lambda gi, go: (gi[0], torch.ones(2)))",
        "z.register_hook(lambda g: 5)",
        "z.register_hook(lambda g: g.double())",
        "z.register_hook(lambda g: g[:1])",
        "x.register_hook(lambda g: g[:1])",
        "x.register_hook(lambda g: g.double())",
    ],
)
def test_hook_results_are_checked(hook: str):
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        z = x * 3
        exec(hook, {"torch": torch, "x": x, "z": z})
        z.sum().backward()
        emit(x.grad)

    same(program)


def test_hooks_run_on_nodes_skipped_by_inputs():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        z = y * y
        y.register_hook(lambda g: emit("hook y", g) or g * 10)
        x.register_hook(lambda g: emit("hook x", g))
        x.register_post_accumulate_grad_hook(lambda t: emit("post x", t.grad))
        z.sum().backward(inputs=[x], retain_graph=True)
        emit(x.grad)
        y.retain_grad()
        emit(torch.autograd.grad(z.sum(), [y, x], retain_graph=True), y.grad)
        emit(torch.autograd.grad(z.sum(), [y]), y.grad)

    same(program)


def test_backward_inputs_errors():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        c = torch.tensor([1.0, 2.0])
        for call in (
            lambda: (x * 2).sum().backward(inputs=[c]),
            lambda: (x * 2).sum().backward(inputs=[5]),
            lambda: torch.autograd.grad(c.sum(), [x, 5]),
            lambda: torch.autograd.grad((x * 2).sum(), [x, 5]),
            lambda: torch.autograd.grad(c.sum(), []),
            lambda: torch.autograd.grad(x.sum(), 5),
            lambda: torch.autograd.backward([x.sum()], [torch.tensor(1.0), torch.tensor(2.0)]),
            lambda: torch.autograd.grad([x.sum(), x.sum()], x, grad_outputs=[torch.tensor(1.0)]),
            lambda: torch.autograd.grad(x.sum(), x, grad_outputs=[torch.tensor(1.0)] * 2),
            lambda: torch.autograd.grad(x.sum(), x, only_inputs=False),
            lambda: c.backward(torch.ones(3)),
            lambda: c.sum().backward(torch.ones(3)),
            lambda: torch.autograd.grad(c, c, torch.ones(3)),
            lambda: c.backward(),
            lambda: (x * 2).backward(2.0),
        ):
            try:
                emit(call())
            except Exception as error:
                emit(type(error).__name__, error)

    same(program)


def test_create_graph_backward_warns_once_per_process():
    script = textwrap.dedent(
        """
        import warnings
        import {lib} as torch
        warnings.simplefilter("always")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = torch.tensor(2.0, requires_grad=True)
            (a * a).backward(create_graph=True)
            (a * a).backward(create_graph=True)
            torch.autograd.grad(a * a, a, create_graph=True)
            print(a.grad)
        for message in caught:
            print(message.category.__name__, str(message.message).split(" (Triggered")[0])
        """
    )
    outputs = []
    for lib in ("torch", "rungrad"):
        result = subprocess.run(
            [sys.executable, "-c", script.format(lib=lib)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(result.stdout)
    assert outputs[1] == outputs[0]
    assert "UserWarning Using backward() with create_graph=True" in outputs[0]


# -- deep graphs ---------------------------------------------------------------------------
def test_chain_100000_nodes_deep_in_a_subprocess():
    """Backward and teardown of a very deep chain use no recursion (no stack overflow)."""
    script = textwrap.dedent(
        """
        import gc
        import rungrad
        x = rungrad.tensor([1.0], requires_grad=True)
        y = x
        for _ in range(100_000):
            y = y * 1.0
        y.sum().backward()
        print(x.grad.tolist())
        z = x
        for _ in range(100_000):
            z = z + 1.0
        del z, y
        gc.collect()
        w = x
        for _ in range(100_000):
            w = w * 1.0
        (g,) = rungrad.autograd.grad(w.sum(), x)
        print(g.tolist())
        del w
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["[1.0]", "[1.0]", "ok"]


def test_dropped_graph_is_freed_by_reference_counting():
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    gc.disable()
    try:
        y = (x.exp() * x).tanh()
        ref = weakref.ref(y.grad_fn)
        del y
        assert ref() is None
    finally:
        gc.enable()


def test_first_gradient_never_aliases_what_others_hold():
    """A leaf's first ``.grad`` may take over a gradient nobody else holds (no copy), but
    never one a hook kept, one given by the user, or one delivered to two leaves."""

    def program(torch, emit):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([3.0, 4.0], requires_grad=True)
        (a + b).sum().backward()  # one gradient tensor reaches both leaves
        a.grad.add_(10)
        emit(a.grad, b.grad)
        kept = []
        c = torch.tensor([1.0, 2.0], requires_grad=True)
        d = c * 2
        d.register_hook(lambda g: kept.append(g))
        (d * 1).sum().backward()
        c.grad.add_(100)
        emit(c.grad, kept)
        given = torch.tensor([5.0, 6.0])
        e = torch.tensor([1.0, 2.0], requires_grad=True)
        (e * 1).backward(given)
        e.grad.add_(1)
        emit(given, e.grad)
        w = torch.ones(3, 2, requires_grad=True)
        x = torch.tensor([[1.0, 2.0]])
        (x @ w.t()).sum().backward()
        emit(w.grad, w.grad.stride(), w.grad.is_contiguous())
        (x @ w.t()).sum().backward()
        emit(w.grad)

    same(program)


@pytest.mark.parametrize("holder", ["the array", "its transposed view"])
def test_first_gradient_viewing_memory_someone_holds_is_copied(holder: str) -> None:
    """A gradient that is a view of a view (here of a NumPy array) becomes ``.grad`` without a
    copy only if nothing else holds that memory."""
    kept = []

    class Through(rungrad.autograd.Function):
        @staticmethod
        def forward(ctx: Any, w: Any) -> Any:
            return w * 1

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            array = np.ones((3, 2), dtype=np.float32)
            view = array.T
            kept.append(array if holder == "the array" else view)
            return rungrad.from_numpy(view).t()

    w = rungrad.zeros(3, 2, requires_grad=True)
    Through.apply(w).sum().backward()
    w.grad.add_(1)
    held = kept[0] if holder == "the array" else kept[0].T
    assert held.tolist() == np.ones((3, 2)).tolist()
    assert w.grad.tolist() == (2 * np.ones((3, 2))).tolist()


def test_first_gradient_is_taken_over_without_a_copy(monkeypatch: Any) -> None:
    from rungrad.autograd import graph

    copies = []
    accumulate = graph.accumulate_into_grad
    monkeypatch.setattr(
        graph, "accumulate_into_grad", lambda *args: (copies.append(1), accumulate(*args))
    )
    x = rungrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = rungrad.ones(3, 2, requires_grad=True)
    (rungrad.tensor([[1.0, 2.0]]) @ w.t() * x).sum().backward()
    assert copies == []  # both gradients were nobody else's
    assert w.grad._base is None and w.grad.is_contiguous()
    assert x.grad.tolist() == [3.0, 3.0, 3.0]
    kept = []
    x.register_hook(kept.append)
    x.grad = None
    (x * 3).sum().backward()
    assert copies == [1]  # the hook holds the gradient: copied
    assert not np.shares_memory(kept[0]._data, x.grad._data)


def test_leaves_reached_together_accumulate_in_pytorch_order():
    """Leaves' AccumulateGrad nodes share one priority: up to three reached at once run in
    the order the node's edges list them, as PyTorch's queue gives them back."""

    def program(torch, emit):
        leaves = [torch.tensor([float(i)], requires_grad=True) for i in range(4)]
        for i, leaf in enumerate(leaves):
            leaf.register_hook(lambda grad, i=i: emit(f"hook {i}"))
        (leaves[0] * leaves[1] * leaves[2] * leaves[3]).sum().backward()
        (leaves[3] + leaves[1] + leaves[0] + leaves[2]).sum().backward()
        torch.stack([leaves[2], leaves[0], leaves[3]]).sum().backward()
        (leaves[1] * 2 + leaves[0] * 3).sum().backward()

    same(program)


def test_autograd_grad_with_batched_grad_outputs():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x**2
        emit(torch.autograd.grad(y, x, torch.eye(2), is_grads_batched=True, retain_graph=True))
        emit(
            torch.autograd.grad(
                [y, y.sum()], x, [torch.eye(2), torch.ones(2)], is_grads_batched=True
            )
        )
        w = torch.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
        (g,) = torch.autograd.grad(
            w @ x, w, torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), is_grads_batched=True,
            create_graph=True,
        )  # fmt: skip
        # (PyTorch's vmap leaves a ViewBackward0 on top; rungrad's stack, a StackBackward0.)
        emit(g.detach(), g.shape, g.requires_grad)

    same(program)


def test_batched_grad_outputs_are_checked_with_pytorchs_messages():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        cases = [
            (y.sum(), None),  # an implicit gradient has no batch dimension
            (y.sum(), torch.tensor(1.0)),
            (y, torch.ones(3, 5)),
            (y, torch.ones(3, 2, 2)),
            ([y, y.sum()], [torch.ones(3, 2), torch.ones(4)]),
            ([y, y.sum()], [torch.ones(3, 2), None]),
            (torch.ones(2), None),
            ([y, y.sum()], [torch.ones(3, 2), torch.ones(3)]),
        ]
        for outputs, grad_outputs in cases:
            try:
                emit(
                    torch.autograd.grad(
                        outputs, x, grad_outputs, retain_graph=True, is_grads_batched=True
                    )
                )
            except Exception as error:
                emit(type(error).__name__, error)

    same(program)


@pytest.mark.parametrize(
    "call",
    ["torch.autograd.grad([1.0], [x])", "torch.autograd.backward([1.0])",
     "torch.autograd.grad([x * 2, 3], [x])", "torch.autograd.grad([None], [x])",
     "torch.autograd.grad([(x * 2).sum(), 3], [x])"],
)  # fmt: skip
def test_outputs_must_be_tensors(call: str):
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        try:
            eval(call, {"torch": torch, "x": x})
        except Exception as error:
            emit(type(error).__name__, error)

    same(program)


# -- gradients nobody asked for ----------------------------------------------------------------
def test_unrequested_input_gradients_are_not_computed() -> None:
    """autograd.grad and backward(inputs=...) skip the formulas of inputs whose gradient leads
    nowhere asked for: zeta's formula for its first argument raises, yet the second's
    gradient is given; a post-hook sees None for the skipped input, as in PyTorch."""

    def program(T: Any, emit: Callable[..., None]) -> None:
        x = T.tensor([2.0, 3.0], requires_grad=True)
        q = T.tensor([1.0, 2.0], requires_grad=True)
        emit(T.autograd.grad(T.special.zeta(x, q).sum(), q))
        T.special.zeta(x, q).sum().backward(inputs=[q])
        emit(q.grad, x.grad)
        a = T.tensor([0.5, 1.5], requires_grad=True)
        b = T.tensor([2.0, 3.0], requires_grad=True)
        emit(T.autograd.grad(T.igamma(a, b).sum(), b))
        w = T.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        v = T.ones(2, requires_grad=True)
        h = (w @ v).tanh().sum()
        mv = h.grad_fn.next_functions[0][0].next_functions[0][0]
        mv.register_hook(lambda inputs, outputs: emit("post", [g is None for g in inputs]))
        emit(T.autograd.grad(h, v))
        emit(T.autograd.grad((w @ v).sum(), [w, v]))
        try:
            T.autograd.grad(T.special.zeta(x, q).sum(), x)
        except RuntimeError as error:
            emit("RuntimeError", error)

    same(program)
