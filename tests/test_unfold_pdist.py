"""Tensor.unfold as a view and pdist's second derivative, against PyTorch: what op_db's rows
do not compare (the view's storage, and an error raised by the backward of a backward)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _unfold_view(T: Any) -> tuple[Any, ...]:
    base = T.arange(12.0).reshape(3, 4).clone()
    windows = base.unfold(1, 2, 1)
    version = base._version
    windows[0, 1, 1] = 100.0  # writes base[0, 2]
    return (
        windows._base is base,
        windows.is_contiguous(),
        windows.stride(),
        base.tolist(),
        base._version - version,
        type(windows.grad_fn).__name__ if windows.grad_fn else None,
    )


def test_unfold_is_a_view() -> None:
    assert _unfold_view(rungrad) == _unfold_view(torch)


def _unfold_graph(T: Any) -> tuple[Any, ...]:
    x = T.tensor(np.arange(10.0).reshape(5, 2), requires_grad=True)
    y = x.unfold(-2, 3, 1)
    node = y.grad_fn
    weights = T.ones(y.shape, dtype=T.float64, requires_grad=True)
    (gradient,) = T.autograd.grad(y, x, weights, create_graph=True)
    (second,) = T.autograd.grad(gradient.sum(), weights)
    return (
        type(node).__name__,
        node._saved_dimension,
        node._saved_size,
        node._saved_step,
        tuple(node._saved_self_sym_sizes),
        type(gradient.grad_fn).__name__,
        gradient.grad_fn._saved_dim,
        gradient.tolist(),
        second.tolist(),
    )


def test_unfold_graph() -> None:
    assert _unfold_graph(rungrad) == _unfold_graph(torch)


def _pdist_second_order(T: Any, function: str, p: float) -> tuple[Any, ...]:
    rng = np.random.default_rng(1)
    x = T.tensor(rng.standard_normal((4, 3)), requires_grad=True)
    weights = T.tensor(rng.standard_normal(6), requires_grad=True)
    pdist = T.pdist if function == "torch" else T.nn.functional.pdist
    y = pdist(x, p)
    (gradient,) = T.autograd.grad(y, x, weights, create_graph=True)
    node = gradient.grad_fn
    edges = [type(n).__name__ if n is not None else None for n, _ in node.next_functions]
    with pytest.raises(NotImplementedError) as error:
        T.autograd.grad(gradient.sum(), x)
    return (
        type(y.grad_fn).__name__,
        y.grad_fn._saved_p,
        type(node).__name__,
        edges,
        np.round(gradient.detach().numpy(), 10).tolist(),
        str(error.value),
    )


@pytest.mark.parametrize("function", ["torch", "functional"])
@pytest.mark.parametrize("p", [2.0, 1.0, 0.0, math.inf, 0.5, 3.0])
def test_pdist_has_no_second_derivative(function: str, p: float) -> None:
    assert _pdist_second_order(rungrad, function, p) == _pdist_second_order(torch, function, p)
