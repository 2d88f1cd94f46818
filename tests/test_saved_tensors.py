"""Saved tensors, version counters and in-place rules, against PyTorch.

A program is ``program(torch, emit)`` written against PyTorch's API; it runs through both
libraries and the transcripts (errors as text, ``rungrad`` read as ``torch``) must match.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
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


def _error_text(error: Exception) -> str:
    """The error's type and first line; for the in-place message, the part before "Hint"."""
    text = str(error).splitlines()[0].split(" Hint:")[0]
    return f"{type(error).__name__}: {text}"


def transcript(program: Program, library: Any) -> str:
    lines: list[str] = []

    def emit(*values: Any) -> None:
        lines.append(" ".join(str(value) for value in values))

    def attempt(function: Callable[[], Any]) -> None:
        """Run ``function``, emitting its result or its error."""
        try:
            emit(function())
        except Exception as error:
            emit(_error_text(error))

    emit.attempt = attempt  # type: ignore[attr-defined]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            program(library, emit)
        except Exception as error:
            lines.append("raised " + _error_text(error))
        lines.extend(f"{m.category.__name__}: {m.message}" for m in caught)
    return _normalise("\n".join(lines))


def same(program: Program) -> str:
    expected = transcript(program, torch)
    assert transcript(program, rungrad) == expected
    return expected


# -- modified saved tensors --------------------------------------------------------------------
def test_modifying_a_saved_output_in_place():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x.exp()
        y.add_(1)
        y.sum().backward()

    text = same(program)
    assert (
        "[torch.FloatTensor [3]], which is output 0 of Exp, is at version 1; "
        "expected version 0 instead." in text
    )


def test_modifying_a_saved_input_in_place():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a = x * 2
        b = a * a
        a.mul_(3)
        b.sum().backward()

    same(program)


def test_modifying_a_saved_leaf_under_no_grad():
    def program(torch, emit):
        w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
        y = (w * w).sum()
        with torch.no_grad():
            w.add_(1)
            w.add_(1)
        y.backward()

    same(program)


def test_in_place_on_a_view_rewrites_the_base_history():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        a = x * 1
        a[1:].mul_(2)
        emit(type(a.grad_fn).__name__, a.grad_fn.name())
        a.sum().backward()
        emit(x.grad)

    same(program)


def test_setitem_on_a_leaf_writes_through_a_view():
    def program(torch, emit):
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        w[0] = 3

    same(program)


def test_modifying_a_saved_input_through_a_view():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        a = x * 1
        b = a.sin()
        a[1:].mul_(2)
        b.sum().backward()

    same(program)


def test_unused_saved_tensor_may_change():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        a = x * 2
        b = a + 1  # AddBackward saves nothing
        a.mul_(5)
        b.sum().backward()
        emit(x.grad)

    same(program)


def test_modifying_a_tensor_after_backward_is_fine():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp()
        y.sum().backward()
        with torch.no_grad():
            y.add_(1)
        emit(x.grad, y)

    same(program)


# -- version counter -------------------------------------------------------------------------
def test_version_counter_increments_like_torch():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0])
        emit(x._version)
        x.add_(1)
        emit(x._version)
        x.mul_(2).sub_(1)
        emit(x._version)
        x += 1
        x -= 1
        x *= 2
        x /= 2
        emit(x._version)
        x[0] = 5
        emit(x._version)
        x.zero_()
        x.fill_(2)
        emit(x._version)
        x.copy_(torch.tensor([4.0, 5.0, 6.0]))
        emit(x._version)
        y = x + 1
        emit(y._version, x._version)

    same(program)


def test_version_counter_is_shared_by_views_and_detach():
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        view = x[0]
        transposed = x.t()
        detached = x.detach()
        reshaped = x.view(4)
        view.add_(1)
        emit(x._version, view._version, transposed._version, detached._version)
        detached.mul_(2)
        emit(x._version, view._version, reshaped._version)
        reshaped[0] = 0
        emit(x._version, view._version, transposed._version, x)
        clone = x.clone()
        emit(clone._version)
        data = x.data
        data.add_(1)
        emit(x._version, data._version)

    same(program)


# -- in-place on leaves ------------------------------------------------------------------------
def test_in_place_on_a_leaf_that_requires_grad():
    def program(torch, emit):
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        emit.attempt(lambda: w.add_(1))
        emit.attempt(lambda: w.mul_(2))
        emit.attempt(lambda: w.zero_())

        def set_items():
            w[[0]] = 3

        emit.attempt(set_items)
        emit(w, w._version)

    text = same(program)
    assert "a leaf Variable that requires grad is being used in an in-place operation." in text


def test_in_place_on_a_view_of_a_leaf_that_requires_grad():
    def program(torch, emit):
        w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        emit.attempt(lambda: w[1:].add_(1))
        emit.attempt(lambda: w.view(3, 1).mul_(2))
        emit(w)

    text = same(program)
    assert "a view of a leaf Variable that requires grad" in text


def test_in_place_update_under_no_grad_keeps_a_leaf():
    def program(torch, emit):
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        for _ in range(3):
            loss = ((w * w) - 1).sum()
            loss.backward()
            with torch.no_grad():
                w -= 0.1 * w.grad
            w.grad.zero_()
            emit(w, w.is_leaf, w.requires_grad, w.grad_fn, w._version)

    same(program)


def test_in_place_on_a_non_leaf_rewrites_grad_fn():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.add_(1)
        emit(y, y.is_leaf)
        y.mul_(y.detach())
        emit(y)
        y.sum().backward()
        emit(x.grad)

    same(program)


def test_in_place_with_a_tensor_that_requires_grad_gives_history():
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        buffer = torch.zeros(2)
        buffer.add_(x * 3)
        emit(buffer, buffer.is_leaf, buffer.requires_grad)
        buffer.sum().backward()
        emit(x.grad)

    same(program)


# -- in-place errors ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "other"),
    [
        ("torch.zeros(3)", "torch.ones(2, 3)"),
        ("torch.zeros(3)", "torch.ones(2)"),
        ("torch.zeros(2, 1)", "torch.ones(2, 3)"),
        ("torch.zeros(2, 3)", "torch.ones(3)"),
        ("torch.zeros(3, dtype=torch.int64)", "torch.ones(3)"),
        ("torch.zeros(3, dtype=torch.int64)", "2.5"),
        ("torch.zeros(3, dtype=torch.int64)", "2"),
        ("torch.zeros(3, dtype=torch.int32)", "torch.ones(3, dtype=torch.int64)"),
        ("torch.zeros(3)", "torch.ones(3, dtype=torch.float64)"),
        ("torch.zeros(3, dtype=torch.bool)", "torch.ones(3, dtype=torch.int64)"),
        ("torch.zeros(3, dtype=torch.float16)", "torch.tensor(2.5, dtype=torch.float64)"),
    ],
)
def test_add_in_place_broadcasting_and_dtype(target: str, other: str):
    def program(torch, emit):
        names = {"torch": torch}
        x = eval(target, names)
        y = eval(other, names)
        emit.attempt(lambda: x.add_(y))
        emit(x, x._version)

    same(program)


# -- saved values as attributes --------------------------------------------------------------------
def test_saved_attributes_of_a_product_with_numbers():
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        product = x * 3.0
        node = product.grad_fn
        # the number as the 0-d tensor PyTorch wrapped it in; self was not needed: None
        emit(repr(node._saved_other), node._saved_self)
        emit(repr((x / 4).grad_fn._saved_other), repr((x * True).grad_fn._saved_other))
        emit((x * x).grad_fn._saved_self is x, x.pow(2).grad_fn._saved_exponent)
        product.sum().backward()
        emit.attempt(lambda: node._saved_other)

    same(program)


def test_arguments_that_are_not_inputs_are_saved_whatever_needs_grad():
    # alpha serves only other's gradient, yet PyTorch keeps it when only self needs one.
    def program(torch, emit):
        x = torch.ones(2, requires_grad=True)
        y = torch.ones(2)
        for result in (
            x + 1,
            x - 1,
            2 - x,
            x + y,
            y + x,
            torch.add(x, y, alpha=3),
            x.sub(y, alpha=2),
        ):
            emit(type(result.grad_fn).__name__, result.grad_fn._saved_alpha)
        emit.attempt(lambda: (x + 1).grad_fn._saved_other)  # a number PyTorch does not keep

    same(program)


@pytest.mark.parametrize(
    "call",
    ["y.mul_(y)", "y.add_(y)", "y.div_(y)", "y.pow_(y)", "y.addcmul_(y, y)", "y.sub_(y, alpha=2)",
     "y.mul_(y.sum())", "y.copy_(y * 2)", "y.mul_(2)", "y.addcmul_(y * 1, y * 1)"],
)  # fmt: skip
def test_an_in_place_op_whose_other_arguments_are_its_target(call: str):
    """The target, saved as the op's ``self``, is kept as it was; saved as another argument
    it is the modified tensor, and backward reports the change."""

    def program(torch, emit):
        x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
        y = x * 1
        eval(call, {"y": y})
        y.sum().backward()
        emit(x.grad)

    same(program)


@pytest.mark.parametrize(
    "make", ["y.pow(torch.ones(3))", "y.sum(0, keepdim=True)", "y.clamp(min=torch.zeros(3))",
             "y.max(0, keepdim=True)[0]", "y.exp()"],
)  # fmt: skip
def test_the_message_names_the_op_with_its_overload_number(make: str):
    def program(torch, emit):
        x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
        y = eval(make, {"y": x * 1, "torch": torch})
        w = y * y
        y.detach().mul_(2)
        w.sum().backward()

    same(program)


def test_an_in_place_op_saves_its_output_as_the_tensor_it_wrote() -> None:
    """``y.tanh_()`` saves y itself: changing y in place afterwards makes backward raise,
    as in PyTorch, on the tensor and on a view of it; reading y is still fine."""

    def program(torch, emit):
        x = torch.tensor([0.5, 1.0], requires_grad=True)
        y = x * 1
        y.sigmoid_()
        y.tanh_()
        y.relu_()
        emit.attempt(lambda: y.sum().backward())
        y = x * 1
        view = y[:1]
        view.exp_()
        view.mul_(2)
        emit.attempt(lambda: y.sum().backward())
        y = x * 1
        y.exp_()
        (gradient,) = torch.autograd.grad(y.sum(), x, create_graph=True)
        emit(gradient, gradient.grad_fn.name())
        gradient.sum().backward()
        emit(x.grad)
        y = x.clone()
        y.exp_()
        emit(y.grad_fn._saved_result)
        y.add_(1)
        emit.attempt(lambda: y.grad_fn.next_functions[0][0]._saved_result)

    same_transcript(program)


def test_every_op_declares_saved_attributes_it_can_make() -> None:
    """A node class gets its ``_saved_<name>`` properties when a node is first shown (NOTE
    [Saved attributes on first sight]), so a declaration that names nothing the formulas
    save, or a PyTorch name that clashes, would raise only then: make them all here."""
    import gc

    from rungrad._ops.registry import Primitive

    primitives = [o for o in gc.get_objects() if type(o) is Primitive]
    assert len(primitives) > 300
    for primitive in primitives:
        primitive._expose_saved()
        assert primitive.node_class._attributes_ready
        for name in primitive.saved_names:
            assert isinstance(getattr(primitive.node_class, f"_saved_{name}"), property)


def _unexposed(node_class: type) -> type:
    """The node class as before any of its nodes was shown: no saved-value attributes."""
    primitive = node_class._primitive
    for attribute in primitive._exposed:
        delattr(node_class, attribute)
    primitive._exposed = set()
    node_class._attributes_ready = False
    assert not hasattr(node_class, "_saved_dim")
    return node_class


@pytest.mark.parametrize("reach", ["grad_fn", "next_functions", "gradient edge", "dir"])
def test_saved_attributes_are_there_however_the_node_is_reached(reach: str) -> None:
    """Through grad_fn, next_functions, a gradient edge or ``dir()``, a node has them, as
    PyTorch's nodes always do."""
    x = rungrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.cumsum(0)
    node_class = _unexposed(type(y._grad_fn))
    if reach == "grad_fn":
        node = y.grad_fn
    elif reach == "next_functions":
        node = (y * 2).grad_fn.next_functions[0][0]
    elif reach == "gradient edge":
        node = rungrad.autograd.graph.get_gradient_edge(y).node
    else:
        assert "_saved_dim" in dir(y._grad_fn)
        node = y._grad_fn
    assert type(node) is node_class
    assert node._saved_dim == 0
    assert node_class._attributes_ready
