"""op_db rows for statistics: quantile, nanquantile, nanmedian, cov, corrcoef, bincount, histc,
histogram and isin (see op_db.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
from op_db import OpInfo, S, _index, _Maker, _op
from oracle import Sample, TensorArg


def _function(name: str) -> Any:
    return lambda T, *args, **kwargs: getattr(T, name)(*args, **kwargs)


def _method(name: str) -> Any:
    return lambda T, input, *args, **kwargs: getattr(input, name)(*args, **kwargs)


def _q(values: list[float], dtype: str) -> TensorArg:
    return TensorArg(np.array(values, dtype=dtype), requires_grad=False)


def _with_nans(arg: TensorArg, every: int = 3) -> TensorArg:
    value = arg.value.copy()
    value.reshape(-1)[::every] = np.nan
    return TensorArg(value, layout=arg.layout)


def _quantile_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 0.3, name="all"),
        S(make((3, 4), layout="transposed"), 0.3, 1, name="dim=1"),
        S(make((3, 4)), 0.7, 0, True, name="dim=0 keepdim"),
        S(make((2, 3, 4), layout="strided"), _q([0.0, 0.4, 1.0], dtype), -2, name="q tensor"),
        S(make((5,)), _q([0.25, 0.5], dtype), keepdim=True, name="q tensor keepdim"),
        S(make((3, 4)), _q([0.3], dtype), None, True, name="all keepdim"),
        S(make((3, 5)), 0.3, 1, interpolation="lower", name="lower"),
        S(make((3, 5)), 0.3, 1, interpolation="higher", name="higher"),
        S(
            make((3, 5)),
            _q([0.125, 0.375, 0.875], dtype),
            1,
            interpolation="nearest",
            name="nearest",
        ),
        S(make((3, 5)), 0.3, 0, interpolation="midpoint", name="midpoint"),
        S(make(()), 0.5, name="0d"),
        S(make(()), 0.5, 0, name="0d dim=0"),
        S(make((3, 4)), _q([], dtype), 1, name="no quantiles"),
        S(_with_nans(make((3, 4))), 0.4, 1, name="nan", gradcheck=False),
    ]


def _quantile_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    x = make((3, 4))
    return [
        S(make((3,), dtype="int64"), 0.5, name="int64"),
        S(x, _q([0.3], "float64"), name="q dtype"),
        S(x, 1.5, name="q above 1"),
        S(x, -0.5, name="q below 0"),
        S(x, _q([0.3, 1.5], "float32"), name="q tensor range"),
        S(x, TensorArg(np.full((2, 2), 0.5, np.float32), requires_grad=False), name="q 2d"),
        S(make((0,)), 0.5, name="empty"),
        S(x, 0.5, interpolation="foo", name="interpolation"),
        S(x, 0.5, 2, name="dim out of range"),
    ]


def _nanquantile_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    all_nan = TensorArg(np.array([[np.nan, np.nan, np.nan], [1.0, 2.0, 0.5]], dtype=dtype))
    return [
        *_quantile_samples(rng, dtype),
        S(_with_nans(make((4, 5)), 2), _q([0.2, 0.9], dtype), 1, name="nan q tensor"),
        S(all_nan, 0.5, 1, name="all-nan slice", gradcheck=False),
    ]


def _nanmedian_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    # No slice of NaN only along a dim: which NaN PyTorch's index names follows its
    # quickselect, which rungrad does not replay (see the report).
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), name="all"),
        S(_with_nans(make((3, 4))), name="all with nan", gradcheck=False),
        S(make((3, 4), layout="transposed"), 1, name="dim=1"),
        S(_with_nans(make((4, 5), layout="transposed")), 0, True, name="nan dim=0 keepdim"),
        S(make(()), name="0d"),
        S(make(()), 0, name="0d dim=0"),
        S(make((0, 3)), name="empty", gradcheck=False),
        S(make((0, 3)), 1, name="empty dim=1"),
    ]
    if dtype == "float32":
        result.append(S(make((2, 5), dtype="int64"), 1, name="int64"))
    return result


def _nanmedian_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((0, 3)), 0, name="empty dim"),
        S(make((3,), dtype="bool"), name="bool"),
        S(make((3,), dtype="bool"), 0, name="bool dim"),
    ]


def _cov_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    fweights = TensorArg(np.array([1, 2, 1, 3]), requires_grad=False)
    result = [
        S(make((3, 4)), name="2d"),
        S(make((2, 5), layout="transposed"), correction=0, name="correction 0"),
        S(make((4,)), name="1d"),
        S(make((3, 4)), fweights=fweights, name="fweights"),
        S(make((3, 4)), aweights=make((4,), domain="positive"), name="aweights"),
        S(
            make((2, 4)),
            correction=2,
            fweights=fweights,
            aweights=make((4,), domain="positive"),
            name="both weights",
        ),
    ]
    if dtype == "float32":
        result.append(S(make((2, 4), dtype="int64"), name="int64"))
    return result


def _cov_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    x = make((2, 3))
    return [
        S(make((2, 2, 2)), name="3d"),
        S(make((2, 3), dtype="bool"), name="bool"),
        S(x, fweights=make((3,)), name="float fweights"),
        S(x, fweights=_index([1, 2]), name="fweights numel"),
        S(x, fweights=_index([1, -2, 1]), name="negative fweights"),
        S(x, fweights=_index([[1, 2, 1]]), name="2d fweights"),
        S(x, aweights=_index([1, 2, 1]), name="int aweights"),
        S(x, aweights=TensorArg(np.array([1.0, -2.0, 1.0], np.float32)), name="negative aweights"),
    ]


def _corrcoef_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 5)), name="2d"),
        S(make((2, 4), layout="transposed"), name="transposed"),
        S(make((5,)), name="1d"),
    ]
    if dtype == "float32":
        result.append(S(make((2, 4), dtype="int64"), name="int64"))
    return result


def _bincount_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    counts = _index([0, 2, 2, 5, 1])
    result = [
        S(counts, name="counts"),
        S(counts, make((5,)), name="weights"),
        S(counts, make((5,), layout="strided"), 8, name="weights minlength"),
        S(_index([]), name="empty"),
        S(_index([]), minlength=3, name="empty minlength"),
    ]
    if dtype == "float32":
        result += [
            S(counts, make((5,), dtype="int64"), name="int weights"),
            S(TensorArg(np.array([3, 0, 1], np.uint8)), name="uint8"),
        ]
    return result


def _bincount_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(_index([-1, 2]), name="negative"),
        S(_index([[1, 2]]), name="2d"),
        S(make((2,)), name="float"),
        S(_index([1, 2]), minlength=-1, name="negative minlength"),
        S(_index([1, 2]), make((1,)), name="weights length"),
        S(make((2,), dtype="bool"), name="bool"),
    ]


def _histc_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    edges = TensorArg(np.array([0.0, 1.0, 2.0, 3.0, -1.0, 7.0, 2.5], dtype=dtype))
    return [
        S(make((20,)), name="default"),
        S(make((3, 4), layout="transposed"), 4, name="data range"),
        S(edges, 3, 0, 3, name="edges"),
        S(edges, bins=4, min=-0.5, max=2.5, name="outside values"),
        S(TensorArg(np.array([1.0, 1.0], dtype=dtype)), 3, name="constant"),
        S(make((0,)), 3, name="empty"),
        S(make(()), 2, name="0d"),
    ]


def _histc_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,), dtype="int64"), 3, name="int64"),
        S(make((3,)), 0, name="no bins"),
        S(make((3,)), 3, 3, 1, name="min above max"),
        S(TensorArg(np.array([1.0, np.inf], np.float32)), 3, name="infinite range"),
        S(make((3,)), 3, float("inf"), name="infinite min"),
    ]


def _histogram_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    edges = TensorArg(np.array([0.0, 1.0, 2.0, 3.0, -1.0, 7.0, 2.5], dtype=dtype))
    bins = TensorArg(np.array([-1.0, 0.5, 2.0, 3.0], dtype=dtype), requires_grad=False)
    return [
        S(make((20,)), name="default"),
        S(make((3, 4), layout="transposed"), 4, name="data range"),
        S(edges, 3, range=(0.0, 3.0), name="range"),
        S(edges, bins, name="bins tensor"),
        S(edges, bins, weight=make((7,), domain="positive"), name="bins tensor weight"),
        S(edges, 4, weight=make((7,)), density=True, name="weight density"),
        S(make((2, 5)), 3, density=True, name="density"),
        S(TensorArg(np.array([2.0, 2.0], dtype=dtype)), 3, name="constant"),
        S(make((0,)), 3, name="empty"),
        S(make(()), 2, name="0d"),
    ]


def _histogram_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,), dtype="int64"), 3, name="int64"),
        S(make((3,)), 0, name="no bins"),
        S(make((3,)), 3, range=(3.0, 1.0), name="min above max"),
        S(make((3,)), 3, range=(1.0,), name="range of one"),
        S(TensorArg(np.array([1.0, np.inf], np.float32)), 3, name="infinite range"),
        S(make((3,)), make((2, 2)), name="2-d bins"),
        S(make((3,)), make((3,), dtype="float64"), name="bins dtype"),
        S(make((3,)), 2, weight=make((2,)), name="weight shape"),
        S(make((3,)), make((1,)), name="one edge"),
    ]


def _isin_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    def integers(shape: tuple[int, ...], kind: str) -> TensorArg:
        return TensorArg(rng.integers(0, 6, size=shape).astype(kind))

    result = [
        S(integers((3, 4), dtype), integers((5,), dtype), name="2d"),
        S(integers((6,), dtype), integers((2, 2), dtype), invert=True, name="invert"),
        S(integers((5,), dtype), integers((3,), dtype), assume_unique=False, name="options"),
        S(integers((4,), dtype), 2, name="number"),
        S(3, integers((4,), dtype), name="number element"),
        S(integers((0,), dtype), integers((3,), dtype), name="empty"),
    ]
    if dtype == "float32":
        nan = TensorArg(np.array([1.0, np.nan], np.float32))
        result += [
            S(nan, TensorArg(np.array([np.nan], np.float32)), name="nan"),
            S(integers((4,), "int64"), integers((3,), "float32"), name="int64 and float"),
        ]
    return result


def _isin_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2,), dtype="bool"), make((1,), dtype="bool"), name="bool")]


STATISTICS_OPS: list[OpInfo] = [
    _op("quantile", _function("quantile"), _quantile_samples, errors=_quantile_errors),
    _op("Tensor.quantile", _method("quantile"), _quantile_samples),
    _op("nanquantile", _function("nanquantile"), _nanquantile_samples),
    _op(
        "nanmedian",
        _function("nanmedian"),
        _nanmedian_samples,
        "statistics._nanmedian_all",
        "statistics._nanmedian_dim",
        errors=_nanmedian_errors,
    ),
    _op("Tensor.nanmedian", _method("nanmedian"), _nanmedian_samples),
    _op("cov", _function("cov"), _cov_samples, errors=_cov_errors),
    _op("corrcoef", _function("corrcoef"), _corrcoef_samples),
    _op("Tensor.cov", _method("cov"), _cov_samples),
    _op(
        "bincount",
        _function("bincount"),
        _bincount_samples,
        "statistics._bincount",
        backward=False,
        errors=_bincount_errors,
    ),
    _op("histc", _function("histc"), _histc_samples, backward=False, errors=_histc_errors),
    _op("Tensor.histc", _method("histc"), _histc_samples, backward=False),
    _op(
        "histogram",
        lambda T, *args, **kwargs: tuple(T.histogram(*args, **kwargs)),
        _histogram_samples,
        "statistics._histogram",
        backward=False,
        errors=_histogram_errors,
    ),
    _op(
        "Tensor.histogram",
        lambda T, a, *args, **kwargs: tuple(a.histogram(*args, **kwargs)),
        _histogram_samples,
        backward=False,
    ),
    _op(
        "isin",
        _function("isin"),
        _isin_samples,
        dtypes=("float32", "int64"),
        backward=False,
        errors=_isin_errors,
    ),
]
