"""``rungrad._special`` against PyTorch, with SciPy and without it (the scalar fallbacks)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch

from rungrad import _special

NAN, INF = float("nan"), float("inf")

GRID = np.concatenate(
    [
        np.linspace(-7.3, 9.7, 41),
        [1e-8, 0.5, 1.0, 2.0, 12.5, 30.0, 150.0, -0.5, -1.5, -2.999, -3.001, -20.25],
    ]
)
EDGES = np.array([0.0, -0.0, -1.0, -2.0, INF, -INF, NAN])
UNIT = np.concatenate(
    [np.linspace(-0.999, 0.999, 37), [1e-300, -1e-12, 0.5, 1 - 1e-12, -(1 - 1e-15)]]
)
UNIT_EDGES = np.array([-1.0, 1.0, 0.0, -0.0, 1.5, -2.0, NAN])

CASES = {
    "erf": (lambda x: _special.erf(x), torch.erf, GRID, EDGES),
    "erfc": (lambda x: _special.erfc(x), torch.erfc, GRID, EDGES),
    "lgamma": (lambda x: _special.lgamma(x), torch.lgamma, GRID, EDGES),
    "digamma": (lambda x: _special.digamma(x), torch.digamma, GRID, EDGES),
    "erfinv": (lambda x: _special.erfinv(x), torch.erfinv, UNIT, UNIT_EDGES),
    **{
        f"polygamma{n}": (
            functools.partial(_special.polygamma, n),
            functools.partial(torch.polygamma, n),
            GRID,
            # not the negative poles: PyTorch's values there are rounding noise for odd n
            np.array([0.0, INF, -INF, NAN]),
        )
        for n in (1, 2, 3)
    },
}


@pytest.fixture(params=["scipy", "fallback"])
def backend(request: Any, monkeypatch: Any) -> Iterator[str]:
    if request.param == "fallback":
        monkeypatch.setattr(_special, "_scipy_special", lambda: None)
    elif _special._scipy_special() is None:
        pytest.skip("SciPy is not installed")
    yield request.param


@pytest.mark.parametrize("name", sorted(CASES))
def test_float64_values(backend: str, name: str) -> None:
    function, reference, grid, edges = CASES[name]
    # PyTorch's trigamma is good to about 1e-9 only.
    grid_rtol = 1e-8 if name == "polygamma1" else 1e-10
    for values, rtol in ((grid, grid_rtol), (edges, 0.0)):
        expected = reference(torch.tensor(values, dtype=torch.float64)).numpy()
        actual = function(values)
        assert actual.dtype == np.float64
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_float32_keeps_its_dtype(backend: str, name: str) -> None:
    function, reference, grid, _ = CASES[name]
    values = grid.astype(np.float32)
    expected = reference(torch.tensor(values)).numpy()
    actual = function(values)
    assert actual.dtype == np.float32
    np.testing.assert_allclose(actual, expected, rtol=2e-4, atol=1e-5, equal_nan=True)


def test_integers_compute_in_float64(backend: str) -> None:
    assert _special.digamma(np.array([1, 2, 3])).dtype == np.float64
