"""Random fills in place (``uniform_``, ``normal_``, ``bernoulli_``...) and the samplers
``bernoulli``, ``multinomial``, ``poisson``: nodes, dtypes, zero gradients and errors against
PyTorch's; the values against the distributions they are drawn from (rungrad's generator is
not PyTorch's stream, so the numbers themselves differ).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

FILLS = [
    "uniform_()", "uniform_(-1, 1)", "uniform_(1., 0.)", "normal_()", "normal_(1, 2)",
    "normal_(0, -1.5)", "bernoulli_()", "bernoulli_(0.3)", "bernoulli_(T.tensor([0.1, 0.2, 0.3]))",
    "bernoulli_(2.)", "random_()", "random_(5)", "random_(2, 5)", "random_(5, 2)",
    "exponential_()", "exponential_(0)", "geometric_(0.5)", "geometric_(0)", "log_normal_()",
    "log_normal_(1, -1)", "cauchy_()", "cauchy_(0, -1)",
]  # fmt: skip


def _outcome(function: Any) -> str:
    try:
        return str(function()).replace("rungrad", "torch")
    except Exception as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


@pytest.mark.parametrize("fill", FILLS)
def test_a_fill_on_a_tensor_with_history(fill: str) -> None:
    def run(T: Any) -> str:
        x = T.tensor([0.2, 0.4, 0.6], requires_grad=True)

        def filled() -> Any:
            result = eval(f"y.{fill}", {"y": x * 1, "T": T})
            (gradient,) = T.autograd.grad(result.sum(), x)
            return type(result.grad_fn).__name__, result.dtype, result.shape, gradient

        return _outcome(filled)

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize("dtype", ["int64", "bool", "float64", "float16"])
@pytest.mark.parametrize(
    "fill",
    ["uniform_()", "normal_()", "exponential_()", "log_normal_()", "cauchy_()",
     "geometric_(0.5)", "random_(3)", "random_()", "bernoulli_()"],
)  # fmt: skip
def test_fill_dtypes(fill: str, dtype: str) -> None:
    def run(T: Any) -> str:
        return _outcome(lambda: eval(f"T.zeros(2, dtype=T.{dtype}).{fill}", {"T": T}).dtype)

    assert run(rungrad) == run(torch)


def test_a_fill_on_a_leaf_that_requires_grad() -> None:
    def run(T: Any) -> str:
        x = T.zeros(3, requires_grad=True)
        refused = _outcome(lambda: x.uniform_())
        with T.no_grad():
            x.uniform_(2.0, 2.0)
        return f"{refused} {x.tolist()} {x.grad_fn}"

    assert run(rungrad) == run(torch)


SAMPLERS = [
    "T.bernoulli(T.tensor([0., 1., 1.], requires_grad=True))",
    "T.poisson(T.tensor([0., 0.], requires_grad=True))",
    "T.multinomial(T.tensor([0.2, 0.3, 0.5]), 2).shape",
    "T.multinomial(T.tensor([0.2, 0.3, 0.5]), 4)",
    "T.multinomial(T.ones(2, 3), 5, replacement=True).shape",
    "T.multinomial(T.tensor([-1., 1.]), 1)",
    "T.bernoulli(T.tensor([2.]))",
    "T.poisson(T.tensor([-1.]))",
    "T.multinomial(T.tensor([0., 1.]), 1)",
]


@pytest.mark.parametrize("expression", SAMPLERS)
def test_samplers(expression: str) -> None:
    def run(T: Any) -> str:
        return _outcome(lambda: eval(expression, {"T": T}))

    assert run(rungrad) == run(torch)


def test_values_follow_their_distributions() -> None:
    rungrad.manual_seed(0)
    n = 200_000
    uniform = rungrad.empty(n).uniform_(-2.0, 3.0).numpy()
    assert uniform.min() >= -2.0 and uniform.max() < 3.0 and abs(uniform.mean() - 0.5) < 0.02
    normal = rungrad.empty(n, dtype=rungrad.float64).normal_(1.5, 2.0).numpy()
    assert abs(normal.mean() - 1.5) < 0.02 and abs(normal.std() - 2.0) < 0.02
    coins = rungrad.empty(n).bernoulli_(0.3).numpy()
    assert set(np.unique(coins)) == {0.0, 1.0} and abs(coins.mean() - 0.3) < 0.01
    dice = rungrad.empty(n, dtype=rungrad.int64).random_(1, 7).numpy()
    assert set(np.unique(dice)) == {1, 2, 3, 4, 5, 6}
    waits = rungrad.empty(n).exponential_(4.0).numpy()
    assert waits.min() >= 0 and abs(waits.mean() - 0.25) < 0.01
    trials = rungrad.empty(n).geometric_(0.25).numpy()
    assert trials.min() >= 1 and abs(trials.mean() - 4.0) < 0.05
    counts = rungrad.poisson(rungrad.full((n,), 3.0)).numpy()
    assert abs(counts.mean() - 3.0) < 0.02
    picks = rungrad.multinomial(rungrad.tensor([1.0, 3.0]), n, replacement=True).numpy()
    assert abs(picks.mean() - 0.75) < 0.01
    distinct = rungrad.multinomial(rungrad.ones(10), 10).numpy()
    assert sorted(distinct.tolist()) == list(range(10))


def test_manual_seed_repeats_the_fills() -> None:
    rungrad.manual_seed(7)
    first = [rungrad.empty(4).uniform_().tolist(), rungrad.empty(4).normal_().tolist()]
    rungrad.manual_seed(7)
    again = [rungrad.empty(4).uniform_().tolist(), rungrad.empty(4).normal_().tolist()]
    assert first == again and first[0] != first[1]
