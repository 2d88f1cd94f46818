"""Hypothesis draws for the rows of op_db_statistics: quantile, nanquantile, nanmedian, cov,
corrcoef, bincount, histc and isin.

Shapes, dims, quantiles (a number or a 1-D tensor), interpolations, weights and layouts are
drawn. Values are continuous, so there are no ties for the sorts to order; NaN samples turn
gradcheck off (finite differences through NaN are NaN).
"""

from __future__ import annotations

import numpy as np
from drawing import Draw, DrawFunction
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _with_nans(d: Draw, arg: TensorArg) -> TensorArg:
    value = arg.value.copy()
    value[d.rng.random(value.shape) < 0.3] = np.nan
    return TensorArg(value, layout=arg.layout)


def _draw_quantile(nan: bool) -> DrawFunction:
    def draw(d: Draw) -> Sample:
        shape = d.shape(max_dims=3, min_side=1)
        dim = d.dim(len(shape), allow_none=True)
        x = d.tensor(shape)
        has_nan = nan and d.boolean(label="nan")
        if has_nan:
            x = _with_nans(d, x)
        if d.boolean(label="q tensor"):
            count = d.integer(0, 3, label="quantiles")
            q = TensorArg(d.rng.uniform(0, 1, size=count).astype(d.dtype), requires_grad=False)
        else:
            q = d.choice([0.0, 0.25, 0.3, 0.5, 0.9, 1.0], label="q")
        interpolation = d.choice(_INTERPOLATIONS, label="interpolation")
        keepdim = d.boolean(label="keepdim")
        return d.sample(x, q, dim, keepdim, interpolation=interpolation, gradcheck=not has_nan)

    return draw


def _draw_nanmedian(d: Draw) -> Sample:
    shape = d.shape(max_dims=3, min_side=1)
    x = d.tensor(shape)
    has_nan = d.boolean(label="nan")
    if has_nan:
        x = _with_nans(d, x)
        # no slice of NaN only along a dim (see op_db_statistics)
        value = x.value
        if value.ndim:
            value.reshape(-1)[0] = 1.0
    if d.boolean(label="all"):
        return d.sample(x, gradcheck=not has_nan)
    dim = d.dim(len(shape))
    if has_nan and len(shape) and np.isnan(np.moveaxis(x.value, dim, -1)).all(axis=-1).any():
        return d.sample(x, gradcheck=False)
    return d.sample(x, dim, d.boolean(label="keepdim"), gradcheck=not has_nan)


def _draw_cov(d: Draw) -> Sample:
    variables, observations = d.integer(1, 3), d.integer(2, 5)
    shape = (observations,) if d.boolean(label="1d") else (variables, observations)
    kwargs = {"correction": d.choice([0, 1], label="correction")}
    if d.boolean(label="fweights"):
        frequencies = d.rng.integers(1, 4, size=observations)
        kwargs["fweights"] = TensorArg(frequencies, requires_grad=False)
    if d.boolean(label="aweights"):
        kwargs["aweights"] = d.tensor((observations,), "positive")
    return d.sample(d.tensor(shape), **kwargs)


def _draw_corrcoef(d: Draw) -> Sample:
    # At least 3 observations: with 2, every coefficient is exactly +-1, where the clamp
    # leaves a gradient of float32 rounding noise.
    return d.sample(d.tensor((d.integer(1, 3), d.integer(3, 5))))


def _draw_bincount(d: Draw) -> Sample:
    size = d.integer(0, 6, label="size")
    values = TensorArg(d.rng.integers(0, 6, size=size).astype(np.int64), requires_grad=False)
    weights = d.tensor((size,)) if d.boolean(label="weights") else None
    return d.sample(values, weights, d.integer(0, 8, label="minlength"))


def _draw_histogram(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=2))
    options = {}
    if d.boolean(label="weight"):
        options["weight"] = d.tensor(x.value.shape, "positive")
    if d.boolean(label="density"):
        options["density"] = True
    if d.boolean(label="bins tensor"):
        edges = np.sort(d.rng.uniform(-2, 2, d.integer(2, 6, label="edges")))
        bins = TensorArg(edges.astype(x.value.dtype), requires_grad=False)
        return d.sample(x, bins, **options)
    if d.boolean(label="range"):
        options["range"] = (-1.0, d.choice([0.5, 1.0, 3.0], label="max"))
    return d.sample(x, d.integer(1, 6, label="bins"), **options)


def _draw_histc(d: Draw) -> Sample:
    x = d.tensor(d.shape(max_dims=2))
    bins = d.integer(1, 6, label="bins")
    if d.boolean(label="range"):
        return d.sample(x, bins, -1.0, d.choice([0.5, 1.0, 3.0], label="max"))
    return d.sample(x, bins)


def _draw_isin(d: Draw) -> Sample:
    kind = "int64" if d.dtype == "int64" else "float32"
    elements = TensorArg(d.rng.integers(0, 6, size=d.shape(max_dims=2)).astype(kind))
    tests = TensorArg(d.rng.integers(0, 6, size=d.shape(max_dims=2)).astype(kind))
    return d.sample(elements, tests, invert=d.boolean(label="invert"))


DRAWS: dict[str, DrawFunction] = {
    "quantile": _draw_quantile(nan=True),
    "Tensor.quantile": _draw_quantile(nan=False),
    "nanquantile": _draw_quantile(nan=True),
    "nanmedian": _draw_nanmedian,
    "Tensor.nanmedian": _draw_nanmedian,
    "cov": _draw_cov,
    "Tensor.cov": _draw_cov,
    "corrcoef": _draw_corrcoef,
    "bincount": _draw_bincount,
    "histc": _draw_histc,
    "histogram": _draw_histogram,
    "Tensor.histogram": _draw_histogram,
    "Tensor.histc": _draw_histc,
    "isin": _draw_isin,
}
