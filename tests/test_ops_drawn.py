"""Every op_db row over hypothesis-drawn samples, against PyTorch.

The rows' fixed samples (``test_ops``) pin chosen cases; here each row's draw function
(``DRAWS``, from the ``draws_*`` modules, one per op family) lets hypothesis choose shapes
(0-d, empty, broadcasting), dims, sizes, options, layouts (contiguous, transposed, strided)
and dtypes. Every drawn sample is compared with PyTorch: forward values, dtypes and grad_fn
names, gradients, double backward; and float64 samples go through rungrad's own gradcheck and
gradgradcheck too.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path
from typing import Any

import oracle
import pytest
from drawing import Draw, DrawFunction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from op_db import OP_DB, OpInfo
from oracle import Sample
from test_ops import GRADCHECK_MAX_NUMEL, _floating, _has_differentiable_output, _tolerance

from rungrad.autograd import gradcheck, gradgradcheck

# Examples per row (raise it to hunt for rare failures), and optionally one draws_ module only.
EXAMPLES = int(os.environ.get("RUNGRAD_DRAWN_EXAMPLES", "8"))
ONLY = os.environ.get("RUNGRAD_DRAWN_ONLY")


def _collect_draws() -> dict[str, DrawFunction]:
    draws: dict[str, DrawFunction] = {}
    folder = str(Path(__file__).parent)
    for info in pkgutil.iter_modules([folder]):
        if info.name.startswith("draws_") and ONLY in (None, info.name):
            for name, function in importlib.import_module(info.name).DRAWS.items():
                assert name not in draws, f"two draw functions for the row {name!r}"
                draws[name] = function
    return draws


DRAWS = _collect_draws()
ROWS = {row.name: row for row in OP_DB}


@pytest.mark.skipif(ONLY is not None, reason="one draws_ module selected")
def test_every_row_has_a_draw_function() -> None:
    missing = sorted(name for name in ROWS if name not in DRAWS)
    assert not missing, "op_db rows without a draw function: " + ", ".join(missing)


def test_draw_functions_name_existing_rows() -> None:
    assert DRAWS, "no draw functions found"
    stale = sorted(name for name in DRAWS if name not in ROWS)
    assert not stale, "draw functions for rows that do not exist: " + ", ".join(stale)


def _gradchecks(row: OpInfo, sample: Sample) -> None:
    """rungrad's gradcheck (and gradgradcheck) on a small float64 sample."""
    if not (row.gradcheck and sample.gradcheck and sample.numel() <= GRADCHECK_MAX_NUMEL):
        return
    function, inputs = oracle.gradcheck_function(row.op, sample)
    if not _has_differentiable_output(function, inputs):
        return
    assert gradcheck(function, inputs)
    if row.double_backward:
        assert gradgradcheck(function, inputs)


# Ids by name: hypothesis seeds a derandomized test from its id, so an id with a function's
# address in it would draw different examples in every CI run.
@pytest.mark.parametrize(
    "row", [ROWS[name] for name in DRAWS if name in ROWS], ids=lambda row: row.name
)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_drawn_sample(row: OpInfo, data: Any) -> None:
    dtype = data.draw(st.sampled_from(row.dtypes), label="dtype")
    sample = DRAWS[row.name](Draw(data, dtype))
    tolerance = _tolerance(row, sample)
    oracle.compare_forward(row.reference, row.op, sample, tolerance)
    if not (row.backward and _floating(sample)):
        return
    oracle.compare_backward(
        row.reference, row.op, sample, tolerance=tolerance, none_is_zero=row.none_grad_is_zero
    )
    if row.double_backward and dtype in (row.double_backward_dtypes or row.dtypes):
        oracle.compare_double_backward(
            row.reference,
            row.op,
            sample,
            tolerance=tolerance,
            check_grad_fn=row.check_double_backward_grad_fn,
            none_is_zero=row.none_grad_is_zero,
        )
    if dtype == "float64":
        _gradchecks(row, sample)
