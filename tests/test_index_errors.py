"""Indexing and index assignment: which indices fail, with PyTorch's exception and message.

Every index of a matrix of shapes and indices is applied with ``[]`` and ``[] =`` (plain,
and recorded for autograd) to a rungrad tensor and to a PyTorch tensor; results and errors
must agree. PyTorch words its errors its own way: ``x[0]`` of a 0-d tensor suggests
``.item()``, an int's dimension is its place in the index tuple, an array's its place among
the index's arrays, and an index into an empty dimension names no numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

SHAPES = [(), (2, 3), (0,), (3,), (2, 2, 3)]


def _indices(module: Any) -> list[Any]:
    return [0, 1, -1, 5, np.int64(0), True, False, (0,), slice(None), (Ellipsis, 0),
            (Ellipsis, 5), (0, Ellipsis, 5), (slice(None), None, 0, 5), (None, Ellipsis, 5),
            module.tensor(0), [0], [5], [1, 7], module.tensor([3]), (None, 0),
            module.tensor([True]), module.tensor([[True, False, True]]), (0, 0), (0, 0, 0),
            (0, 5), (slice(None), slice(None), 0), (Ellipsis, 0, 0, 0), (None, None, 0, 0),
            (slice(None), module.tensor([True, False])), (slice(None), [4]), ([0], [9]),
            (0, [9]), (slice(None), [0], [9]), ([-9],)]  # fmt: skip


def _outcome(module: Any, shape: tuple[int, ...], number: int, mode: str) -> tuple[Any, ...]:
    index = _indices(module)[number]
    if mode == "recorded":
        tensor = module.zeros(shape, requires_grad=True).clone()
    else:
        tensor = module.zeros(shape)
    try:
        if mode == "get":
            return ("ok", tuple(tensor[index].shape))
        value = module.ones(1, requires_grad=True) if mode == "recorded" else 1.0
        tensor[index] = value
        return ("ok", tensor.sum().item())
    except Exception as error:  # the error itself is what is compared
        return (type(error).__name__, str(error).splitlines()[0])


@pytest.mark.parametrize("mode", ["get", "set", "recorded"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_index_outcomes_match_pytorch(shape: tuple[int, ...], mode: str) -> None:
    mismatches = [
        (_indices(torch)[number], expected, got)
        for number in range(len(_indices(torch)))
        if (expected := _outcome(torch, shape, number, mode))
        != (got := _outcome(rungrad, shape, number, mode))
    ]
    assert not mismatches


def test_zero_dim_index_messages() -> None:
    x = rungrad.tensor(3.0)
    with pytest.raises(IndexError, match=r"invalid index of a 0-dim tensor. Use `tensor.item\(\)`"):
        x[0]
    with pytest.raises(IndexError, match=r"slice\(\) cannot be applied to a 0-dim tensor\."):
        x[:]
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 0"):
        x[(0,)] = 1.0


def test_ranges_index_as_integer_lists() -> None:
    """``x[range(n), target]`` (the nn tutorial's nll) indexes as a list of integers would."""

    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(12.0).view(3, 4).requires_grad_()
        emit(x[range(3), [0, 1, 2]], x[range(2)], x[:, range(1, 3)], x[range(0)])
        picked = x[range(3), torch.tensor([3, 2, 1])]
        (-picked.mean()).backward()
        emit(picked, x.grad)
        z = torch.zeros(5)
        z[range(1, 4)] = 1.0
        z[range(0, 5, 2)] += 2
        emit(z, x.detach()[range(-1, -3, -1)])

    same(program)
