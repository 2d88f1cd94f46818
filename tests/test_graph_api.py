"""``autograd.graph``'s edge and hook API against PyTorch: ``GradientEdge`` and
``get_gradient_edge`` (with ``autograd.grad`` and ``backward`` taking edges),
``increment_version`` and ``register_multi_grad_hook``."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import torch

import rungrad


def _graph(T: Any) -> Any:
    return importlib.import_module(f"{T.__name__}.autograd.graph")


def _text(value: Any) -> str:
    """What a program would print, without addresses or the library's name."""
    return re.sub(r" at 0x[0-9a-f]+", "", str(value)).replace("rungrad", "torch")


def _error(call: Any) -> str:
    try:
        call()
    except Exception as error:
        return _text(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    return "no error"


def test_gradient_edges() -> None:
    def run(T: Any) -> list[str]:
        graph = _graph(T)
        x = T.tensor([1.0, 2.0, 3.0], dtype=T.float64, requires_grad=True)
        y = x * 2
        z = y.exp().sum()
        edge = graph.get_gradient_edge(y)
        lines = [
            _text(edge),
            _text(edge.node),
            str(edge.output_nr),
            str(graph.GradientEdge._fields),
        ]
        lines.append(type(graph.get_gradient_edge(x).node).__name__)
        lines.append(_text(T.autograd.grad(z, edge, retain_graph=True)))
        lines.append(_text(T.autograd.grad(z, [graph.get_gradient_edge(x), y], retain_graph=True)))
        lines.append(_error(lambda: graph.get_gradient_edge(T.ones(2))))
        _, b = T.tensor([1.0, 2.0], requires_grad=True).unbind(0)
        lines.append(_text(graph.get_gradient_edge(b)))
        ones = T.ones(3, dtype=T.float64)
        lines.append(_text(T.autograd.grad(edge, x, grad_outputs=ones, retain_graph=True)))
        lines.append(_error(lambda: T.autograd.grad(edge, x)))
        w = T.tensor([3.0, 4.0, 5.0], dtype=T.float64, requires_grad=True)
        (x * w).sum().backward(inputs=[graph.get_gradient_edge(x)])
        lines.append(_text([x.grad, w.grad]))
        return lines

    assert run(rungrad) == run(torch)


def test_increment_version() -> None:
    def run(T: Any) -> list[str]:
        graph = _graph(T)
        t = T.ones(2)
        versions = [t._version]
        graph.increment_version(t)
        versions.append(t._version)
        graph.increment_version([t, t])
        versions.append(t._version)
        x = T.tensor([1.0, 2.0], requires_grad=True)
        a = x * 1
        b = a.sin()
        graph.increment_version(a)  # as if changed in place: sin's saved input is stale
        return [str(versions), _error(lambda: b.sum().backward())]

    assert run(rungrad) == run(torch)


def test_multi_grad_hooks() -> None:
    def run(T: Any) -> list[str]:
        graph = _graph(T)
        lines: list[str] = []

        def record(grads: Any) -> None:
            lines.append(f"all {type(grads).__name__} {_text(grads)}")

        p = T.tensor([1.0, 2.0], requires_grad=True)
        q = T.tensor([3.0, 4.0], requires_grad=True)
        r = T.tensor([5.0, 6.0], requires_grad=True)
        handle = graph.register_multi_grad_hook((p, q, r), record)
        lines.append(type(handle).__name__)
        (p * q).sum().backward()  # r not reached: None
        (p * q * r).sum().backward()
        qq = q * 1
        lines.append(_text(T.autograd.grad((qq * 3).sum(), qq)))  # reaches none of them
        handle.remove()
        (p * q).sum().backward()
        with graph.register_multi_grad_hook(
            (p, q), lambda g: lines.append(f"any {_text(g)}"), mode="any"
        ):
            (p * q).sum().backward()
        (p * q).sum().backward()  # removed on leaving the block
        lines.append(_error(lambda: graph.register_multi_grad_hook((p, q), record, mode="some")))
        lines.append(_error(lambda: graph.register_multi_grad_hook((p, T.ones(2)), record)))
        pn = p * 1
        graph.register_multi_grad_hook((pn, q), record)  # a non-leaf among them
        (pn * 3 + q).sum().backward()
        graph.register_multi_grad_hook([p], lambda g: (g[0] * 100,))  # what fn returns is unused
        p.grad = None
        (p * 2).sum().backward()
        lines.append(_text(p.grad))
        return lines

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize("inputs", ["tensors", "edges"])
def test_multi_grad_hook_in_a_partial_pass(inputs: str) -> None:
    """With backward(inputs=...) only the tensors whose gradients the pass computes count."""

    def run(T: Any) -> list[str]:
        graph = _graph(T)
        lines: list[str] = []
        p = T.tensor([1.0, 2.0], requires_grad=True)
        q = T.tensor([3.0, 4.0], requires_grad=True)
        graph.register_multi_grad_hook((p, q), lambda g: lines.append(_text(g)))
        wanted = [p] if inputs == "tensors" else [graph.get_gradient_edge(p)]
        (p * q).sum().backward(inputs=wanted)
        lines.append(_text([p.grad, q.grad]))
        return lines

    assert run(rungrad) == run(torch)
