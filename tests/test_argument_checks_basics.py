"""Argument checks of ``allclose`` / ``isclose`` / ``equal``, ``full``, ``arange`` and
``Size`` concatenation, and scatter's reduce deprecation warning, against PyTorch."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
import torch

import rungrad
from rungrad._ops import indexing


def _outcome(module: Any, program: Callable[[Any], Any]) -> str:
    try:
        return repr(program(module)).replace("rungrad", "torch")
    except Exception as error:  # compared by type and message
        return f"{type(error).__name__}: {error}".replace("rungrad", "torch")


PROGRAMS: dict[str, Callable[[Any], Any]] = {
    "float_long": lambda t: t.allclose(t.tensor([1.0, 2.0]), t.tensor([1, 2])),
    "long_float": lambda t: t.allclose(t.tensor([1, 2]), t.tensor([1.0, 2.0])),
    "float_double": lambda t: t.allclose(t.tensor([1.0]), t.tensor([1.0], dtype=t.float64)),
    "long_int": lambda t: t.allclose(t.tensor([1]), t.tensor([1], dtype=t.int32)),
    "bool_long": lambda t: t.tensor([True]).allclose(t.tensor([1])),
    "same_long": lambda t: t.allclose(t.tensor([1, 2]), t.tensor([1, 2])),
    "same_bool": lambda t: t.allclose(t.tensor([True]), t.tensor([True])),
    "number_input": lambda t: t.allclose(1.0, t.ones(2)),
    "number_other": lambda t: t.allclose(t.ones(2), 1.0),
    "list_other": lambda t: t.allclose(t.ones(2), [1.0, 1.0]),
    "method_number": lambda t: t.ones(2).allclose(1.0),
    "shapes": lambda t: t.allclose(t.ones(2), t.ones(3)),
    "isclose_shapes": lambda t: t.isclose(t.ones(2), t.ones(3)),
    "negative_rtol": lambda t: t.allclose(t.ones(2), t.ones(2), rtol=-1),
    "broadcast": lambda t: t.allclose(t.ones(2, 3), t.ones(3)),
    "equal_number": lambda t: t.equal(t.ones(2), 1),
    "equal_number_input": lambda t: t.equal(1, t.ones(2)),
    "equal_method_number": lambda t: t.ones(2).equal(1),
    "full_string": lambda t: t.full((2,), "a"),
    "full_none": lambda t: t.full((2,), None),
    "full_list": lambda t: t.full((2,), [1]),
    "full_bool": lambda t: t.full((2,), True),
    "arange_inf": lambda t: t.arange(0, float("inf")),
    "arange_half_inf": lambda t: t.arange(0.5, float("inf")),
    "arange_nan": lambda t: t.arange(float("nan")),
    "arange_minus_inf": lambda t: t.arange(-float("inf"), 0),
    "size_plus_list": lambda t: t.Size([2, 3]) + [4],  # noqa: RUF005 (the operator is the subject)
    "size_plus_tuple": lambda t: t.Size([2, 3]) + (4,),  # noqa: RUF005 (the operator is the subject)
    "tuple_plus_size": lambda t: (4,) + t.Size([2, 3]),  # noqa: RUF005 (the operator is the subject)
    "size_plus_size": lambda t: t.Size([2]) + t.Size([3]),
    "nan": lambda t: t.allclose(t.tensor([float("nan")]), t.tensor([float("nan")]), equal_nan=True),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_closeness_matches_pytorch(name: str) -> None:
    program = PROGRAMS[name]
    assert _outcome(rungrad, program) == _outcome(torch, program)


def test_scatter_reduce_warning_names_the_callers_line_once(monkeypatch: Any) -> None:
    monkeypatch.setattr(indexing, "_SCATTER_REDUCE_WARNED", [])
    zeros, index, src = rungrad.zeros(2, 3), rungrad.tensor([[0], [2]]), rungrad.ones(2, 1)
    with pytest.warns(UserWarning, match="The reduce argument of torch.scatter") as caught:
        zeros.scatter(1, index, src, reduce="add")
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rungrad.scatter(zeros, 1, index, src, reduce="multiply")  # PyTorch warns only once
