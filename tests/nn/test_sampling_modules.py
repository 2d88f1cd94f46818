"""Resampling layers (Upsample, Unfold, Fold) against PyTorch: reprs, outputs, gradients."""

from __future__ import annotations

import pytest

from ._compare import compare_error, compare_modules

MODULES = {
    "upsample nearest 1d": (lambda T: T.nn.Upsample(scale_factor=2), [(2, 3, 4)]),
    "upsample nearest size": (lambda T: T.nn.Upsample(size=(3, 5)), [(1, 2, 4, 4)]),
    "upsample linear": (
        lambda T: T.nn.Upsample(size=7, mode="linear", align_corners=True),
        [(1, 2, 4)],
    ),
    "upsample bilinear": (
        lambda T: T.nn.Upsample(scale_factor=(1.5, 2), mode="bilinear"),
        [(1, 2, 3, 4)],
    ),
    "unfold": (lambda T: T.nn.Unfold((2, 3), dilation=(1, 2), padding=1, stride=2), [(2, 3, 5, 6)]),
    "fold": (lambda T: T.nn.Fold((4, 5), 2, padding=(1, 0)), [(2, 8, 20)]),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(MODULES))
def test_module(name: str, dtype: str) -> None:
    factory, shapes = MODULES[name]
    compare_modules(factory, shapes, dtype=dtype)


def test_errors() -> None:
    compare_error(lambda T: T.nn.Upsample(scale_factor=2, mode="bilinear")(T.zeros(1, 2, 3)))
    compare_error(lambda T: T.nn.Fold((3, 3), 2)(T.zeros(1, 8, 5)))
    compare_error(lambda T: T.nn.Unfold(4)(T.zeros(1, 2, 3, 3)))
