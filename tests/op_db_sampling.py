"""op_db rows for resampling: ``interpolate`` (nearest, nearest-exact, linear, bilinear,
bicubic, trilinear, area), ``unfold``, ``fold`` (see op_db.py)."""

from __future__ import annotations

import numpy as np
from op_db import _F32_LOOSE, OpInfo, S, _functional, _Maker, _op
from oracle import Sample


def _interpolate_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 2, 5)), size=7, name="nearest 1d size"),
        S(make((1, 2, 5)), scale_factor=1.7, name="nearest 1d scale"),
        S(make((1, 2, 5)), scale_factor=0.6, name="nearest 1d downscale"),
        S(make((1, 2, 3, 4), layout="transposed"), scale_factor=(1.5, 2.3), name="nearest 2d"),
        S(make((1, 2, 3, 4)), size=(6, 8), name="nearest 2d double"),
        S(make((2, 2, 5)), size=7, mode="linear", name="linear size"),
        S(make((1, 2, 5)), scale_factor=1.3, mode="linear", name="linear scale"),
        S(make((1, 2, 5)), size=3, mode="linear", align_corners=True, name="linear corners"),
        S(
            make((1, 2, 5)),
            scale_factor=1.7,
            mode="linear",
            recompute_scale_factor=True,
            name="linear recompute",
        ),
        S(make((1, 2, 3, 4)), size=(5, 3), mode="bilinear", name="bilinear size"),
        S(
            make((1, 1, 3, 4), layout="transposed"),
            scale_factor=(1.5, 2.3),
            mode="bilinear",
            name="bilinear scale",
        ),
        S(
            make((1, 2, 3, 3)),
            scale_factor=2.5,
            mode="bilinear",
            align_corners=True,
            name="bilinear corners",
        ),
        S(make((0, 2, 3, 3)), size=2, mode="bilinear", name="empty batch"),
        S(make((1, 2, 2, 3, 2)), scale_factor=2, name="nearest 3d double"),
        S(make((1, 1, 2, 3, 2)), size=(3, 4, 5), name="nearest 3d size"),
        S(make((1, 2, 5)), scale_factor=0.75, mode="nearest-exact", name="exact 1d down"),
        S(make((2, 2, 5)), size=8, mode="nearest-exact", name="exact 1d size"),
        S(
            make((1, 1, 3, 4), layout="transposed"),
            scale_factor=(1.5, 2.3),
            mode="nearest-exact",
            name="exact 2d",
        ),
        S(make((1, 1, 2, 3, 2)), size=(3, 4, 5), mode="nearest-exact", name="exact 3d"),
        S(make((1, 2, 2, 3, 2)), scale_factor=2, mode="trilinear", name="trilinear double"),
        S(
            make((1, 2, 2, 3, 2)),
            size=(3, 5, 4),
            mode="trilinear",
            align_corners=True,
            name="trilinear corners",
        ),
        S(
            make((1, 2, 3, 3, 4)),
            scale_factor=(0.5, 1.5, 0.75),
            mode="trilinear",
            name="trilinear mixed",
        ),
        S(make((1, 2, 3, 4)), scale_factor=2, mode="bicubic", name="bicubic double"),
        S(make((1, 1, 4, 5)), size=(3, 7), mode="bicubic", name="bicubic size"),
        S(
            make((1, 1, 4, 5), layout="transposed"),
            size=(6, 2),
            mode="bicubic",
            align_corners=True,
            name="bicubic corners",
        ),
        S(make((2, 1, 3, 3)), scale_factor=(1.7, 0.6), mode="bicubic", name="bicubic mixed"),
        S(make((1, 1, 3, 3)), size=(3, 5), mode="bicubic", name="bicubic one dim copied"),
        S(make((1, 2, 8)), size=3, mode="area", name="area 1d"),
        S(make((1, 2, 6, 5)), size=(3, 2), mode="area", name="area 2d"),
        S(make((1, 2, 6, 5)), scale_factor=0.5, mode="area", name="area 2d scale"),
    ]


def _interpolate_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    x = make((1, 2, 4))
    return [
        S(x, size=3, scale_factor=2, name="size and scale"),
        S(x, name="neither"),
        S(x, size=3, align_corners=True, name="corners with nearest"),
        S(x, size=3, mode="bilinear", name="bilinear on 3d"),
        S(x, size=(3, 3), name="size length"),
        S(x, scale_factor=(2, 2), name="scale length"),
        S(x, size=3, mode="linear", recompute_scale_factor=True, name="recompute with size"),
        S(x, size=3, mode="foo", name="unknown mode"),
        S(x, size=3, antialias=True, name="antialias"),
        S(x, size=0, name="empty output"),
        S(make((1, 2, 4, 4)), size=(0, 2), mode="bilinear", name="empty output 2d"),
        S(make((2, 4)), size=3, name="2d input"),
        S(make((1, 1, 2, 2, 2)), size=2, mode="bicubic", name="bicubic on 5d"),
        S(make((1, 1, 2, 2)), size=2, mode="trilinear", name="trilinear on 4d"),
        S(make((1, 1, 0, 2, 2)), size=(2, 2, 2), name="empty input 3d"),
    ]


def _pixel_shuffle_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 8, 2, 3)), 2, name="factor 2"),
        S(make((9, 2, 1), layout="transposed"), 3, name="unbatched factor 3"),
        S(make((2, 1, 4, 1, 2)), 2, name="two batch dims"),
    ]


def _pixel_unshuffle_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 2, 4, 6)), 2, name="factor 2"),
        S(make((1, 3, 3), layout="transposed"), 3, name="unbatched factor 3"),
    ]


def _pixel_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), 2, name="2d"),
        S(make((1, 3, 2, 2)), 2, name="channels"),
        S(make((1, 4, 2, 2)), 0, name="zero factor"),
    ]


def _pixel_unshuffle_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((1, 1, 3, 4)), 2, name="height"),
        S(make((1, 1, 4, 3)), 2, name="width"),
        S(make((4, 4)), 2, name="2d"),
        S(make((1, 1, 4, 4)), -1, name="negative factor"),
    ]


def _channel_shuffle_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 6, 3)), 2, name="3d groups 2"),
        S(make((1, 6, 2, 2)), 3, name="4d groups 3"),
        S(make((2, 4, 1, 2, 2), layout="transposed"), 4, name="5d one per group"),
        S(make((2, 4, 3)), 1, name="one group"),
    ]


def _channel_shuffle_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 4)), 2, name="2d"),
        S(make((2, 4, 3)), 0, name="zero groups"),
        S(make((1, 4, 2, 2)), 3, name="channels"),
    ]


def _unfold_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 2, 4, 5)), 2, name="kernel 2"),
        S(
            make((1, 2, 5, 6), layout="transposed"),
            (2, 3),
            dilation=(2, 1),
            padding=1,
            stride=(2, 1),
            name="all options",
        ),
        S(make((2, 4, 4)), 3, padding=(1, 0), name="unbatched"),
        S(make((0, 2, 3, 3)), 2, name="empty batch"),
    ]


def _unfold_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    x = make((1, 2, 3, 3))
    return [
        S(x, 4, name="kernel too big"),
        S(x, 0, name="zero kernel"),
        S(x, 2, dilation=0, name="zero dilation"),
        S(x, 2, padding=-1, name="negative padding"),
        S(x, 2, stride=0, name="zero stride"),
        S(x, (2, 2, 2), name="kernel length"),
    ]


def _fold_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 8, 6)), (3, 4), 2, name="kernel 2"),
        S(
            make((1, 12, 9)),
            (5, 6),
            (2, 3),
            dilation=(2, 1),
            padding=1,
            stride=(2, 2),
            name="all options",
        ),
        S(make((9, 4), layout="transposed"), 4, 3, padding=(1, 0), stride=(1, 2), name="2d"),
    ]


def _fold_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((1, 8, 5)), (3, 3), 2, name="block count"),
        S(make((1, 7, 4)), (3, 3), 2, name="channels"),
        S(make((8,)), (3, 3), 2, name="1d input"),
        S(make((1, 8, 4)), (3, 3), 2, stride=0, name="zero stride"),
    ]


SAMPLING_OPS: list[OpInfo] = [
    _op(
        "channel_shuffle",
        _functional("channel_shuffle", "sampling"),
        _channel_shuffle_samples,
        "sampling._channel_shuffle",
        errors=_channel_shuffle_errors,
    ),
    _op(
        "pixel_shuffle",
        _functional("pixel_shuffle", "sampling"),
        _pixel_shuffle_samples,
        "sampling._pixel_shuffle",
        errors=_pixel_errors,
    ),
    _op(
        "pixel_unshuffle",
        _functional("pixel_unshuffle", "sampling"),
        _pixel_unshuffle_samples,
        "sampling._pixel_unshuffle",
        errors=_pixel_unshuffle_errors,
    ),
    _op(
        "interpolate",
        _functional("interpolate", "sampling"),
        _interpolate_samples,
        "sampling._upsample_nearest1d",
        "sampling._upsample_nearest2d",
        "sampling._upsample_linear1d",
        "sampling._upsample_bilinear2d",
        "sampling._upsample_nearest3d",
        "sampling._upsample_nearest_exact1d",
        "sampling._upsample_nearest_exact2d",
        "sampling._upsample_nearest_exact3d",
        "sampling._upsample_trilinear3d",
        "sampling._upsample_bicubic2d",
        errors=_interpolate_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "unfold",
        _functional("unfold", "sampling"),
        _unfold_samples,
        "sampling._im2col",
        covers_backward=("sampling._col2im",),
        errors=_unfold_errors,
    ),
    _op(
        "fold",
        _functional("fold", "sampling"),
        _fold_samples,
        "sampling._col2im",
        covers_backward=("sampling._im2col",),
        errors=_fold_errors,
        tolerance=_F32_LOOSE,
    ),
]
