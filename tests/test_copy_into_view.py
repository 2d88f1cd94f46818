"""``view.copy_(src)`` against PyTorch: one CopySlices node whose edges are the base's old
history and ``src`` itself (no CopyBackwards between them), and the gradient of ``src``
built as PyTorch's CopySlices builds it (NOTE [copy_ into a view]): compared as node names
down the graph, with values and second derivatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _names(node: Any, depth: int = 3) -> Any:
    if node is None:
        return None
    if depth == 0:
        return type(node).__name__
    return (type(node).__name__, [_names(n, depth - 1) for n, _ in node.next_functions])


def _contiguous_base(T: Any) -> Any:
    return T.arange(4.0).requires_grad_().clone()


def _strided_base(T: Any) -> Any:
    """A base of shape (4, 2) laid out column by column (clone keeps the strides)."""
    return T.arange(8.0).reshape(2, 4).requires_grad_().t().clone()


CASES: dict[str, Callable[[Any, Any], Any]] = {
    "slice": lambda x, s: x[1:3].copy_(s),
    "setitem": lambda x, s: x.__setitem__(slice(1, 3), s),
    "broadcast": lambda x, s: x[1:3].copy_(s[:1]),
    "float64 src": lambda x, s: x[1:3].copy_(s.double()),
    "0-d src": lambda x, s: x[1:3].copy_(s[0]),
    "strided view": lambda x, s: x[::2].copy_(s),
    "view of a reshape": lambda x, s: x.view(2, 2)[0].copy_(s),
    "view of a view": lambda x, s: x[1:][:2].copy_(s),
    "src without grad": lambda x, s: x[1:3].copy_(s.detach()),
    "two copies": lambda x, s: (x[1:3].copy_(s), x[2:].copy_(s * 2)),
}


def _run(
    T: Any, write: Callable[[Any, Any], Any], make_base: Callable[[Any], Any]
) -> tuple[Any, ...]:
    x = make_base(T)
    src = T.tensor([10.0, 20.0], requires_grad=True)
    write(x, src)
    weights = T.tensor(np.arange(1.0, x.numel() + 1).reshape(x.shape), requires_grad=True)
    gradients = T.autograd.grad(x, src, weights, create_graph=True, allow_unused=True)
    graph = (_names(x.grad_fn), x.tolist(), x._version)
    gradient = gradients[0]
    if gradient is None:
        return (*graph, None)
    (second,) = T.autograd.grad((gradient * T.tensor([1.0, -2.0])).sum(), weights)
    return (*graph, gradient.tolist(), _names(gradient.grad_fn), second.tolist())


@pytest.mark.parametrize("case", CASES)
def test_copy_into_a_contiguous_base(case: str) -> None:
    expected = _run(torch, CASES[case], _contiguous_base)
    actual = _run(rungrad, CASES[case], _contiguous_base)
    if case == "setitem":
        # x[1:3] = s writes without a view: the gradient of s is the region of the base's
        # gradient, taken by index (IndexBackward0) where PyTorch views a copy of it.
        actual, expected = actual[:4] + actual[5:], expected[:4] + expected[5:]
    assert actual == expected


STRIDED_CASES: dict[str, Callable[[Any, Any], Any]] = {
    "column": lambda x, s: x[1:3, 0].copy_(s),
    "row": lambda x, s: x[2].copy_(s.double()),
    "broadcast": lambda x, s: x[:, 1].copy_(s[1]),
}


@pytest.mark.parametrize("case", STRIDED_CASES)
def test_copy_into_a_strided_base(case: str) -> None:
    # The graph, the values and the gradients; the gradient's own history (second order)
    # takes the region by element positions when the base is not C-contiguous.
    expected = _run(torch, STRIDED_CASES[case], _strided_base)
    actual = _run(rungrad, STRIDED_CASES[case], _strided_base)
    assert actual[:3] == expected[:3]
    np.testing.assert_allclose(actual[3], expected[3])
    assert actual[4][0] == expected[4][0]
    np.testing.assert_allclose(actual[5], expected[5])


def _written_view(T: Any) -> tuple[Any, ...]:
    x = _contiguous_base(T)
    src = T.tensor([10.0, 20.0], requires_grad=True)
    view = x[1:3]
    returned = view.copy_(src)
    return returned is view, _names(view.grad_fn), view._base is x, view.tolist()


def test_the_written_view_is_regrown_from_its_base() -> None:
    assert _written_view(rungrad) == _written_view(torch)
