"""nn.init's checks, warnings and deprecated names against PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import rungrad

from .test_backward_hooks import same


@pytest.mark.parametrize(
    "call",
    [
        "init.kaiming_normal_(torch.empty(0, 3)).shape",
        "init.kaiming_uniform_(torch.empty(3, 0)).shape",
        "init.kaiming_uniform_(torch.empty(3, 4), mode='fan_mid')",
        "init.dirac_(torch.empty(3, 4, 5), groups=2)",
        "init.dirac_(torch.empty(4, 2, 3), groups=2)",
        "init.sparse_(torch.empty(3, 4, 5), 0.1)",
        "init.trunc_normal_(torch.empty(3), a=2, b=1)",
        "init.uniform_(torch.empty(2), 1, 0)",
        "init.uniform_(torch.empty(2), 0.5, 0.25)",
        "init.trunc_normal_(torch.empty(3), a=0.5, b=0.5)",
        "init.normal(torch.empty(2)).shape",
        "init.constant(torch.empty(2), 1.5)",
        "init.uniform(torch.empty(2), 3.0, 3.0)",
        "init.xavier_uniform(torch.empty(2, 3)).shape",
        "init.kaiming_normal(torch.empty(2, 3)).shape",
        "init.orthogonal(torch.empty(2, 3)).shape",
        "init.sparse(torch.empty(4, 3), 0.5).shape",
    ],
)
def test_like_torch(call: str):
    def program(torch: Any, emit: Any) -> None:
        emit(eval(call, {"torch": torch, "init": torch.nn.init}))

    same(program)


def test_sparse_zeroes_that_many_entries_per_column():
    weight = rungrad.nn.init.sparse_(rungrad.empty(10, 4), 0.25, std=0.1)
    zeros_per_column = (weight.numpy() == 0).sum(0)
    np.testing.assert_array_equal(zeros_per_column, [3, 3, 3, 3])
    assert 0 < np.abs(weight.numpy()).max() < 1
