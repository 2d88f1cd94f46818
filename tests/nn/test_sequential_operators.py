"""Sequential's +, +=, * and *= against PyTorch: results, shared modules and errors."""

from __future__ import annotations

from typing import Any

import pytest

from .test_backward_hooks import same


@pytest.mark.parametrize(
    "expression",
    [
        "s + nn.Sequential(nn.Tanh())",
        "s * 3",
        "2 * s",
        "s * 0",
        "s * -1",
        "s * 1.5",
        "s + nn.ModuleList([nn.ReLU()])",
    ],
)
def test_operators(expression: str):
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        s = nn.Sequential(nn.ReLU(), nn.Linear(1, 1))
        result = eval(expression, {"nn": nn, "s": s})
        emit(result, len(result), result[0] is s[0], result is s)

    same(program)


def test_in_place_operators():
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        s = nn.Sequential(nn.ReLU())
        original = s
        s += nn.Sequential(nn.Tanh())
        s *= 2
        emit(s, s is original, s[0] is s[2])
        try:
            s *= 0
        except ValueError as error:
            emit(error)
        s += nn.ModuleList()

    same(program)
