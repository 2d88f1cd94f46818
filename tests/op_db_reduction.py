"""op_db rows for the reduction ops added after the first round (see op_db.py): prod, amax/amin,
aminmax, var/std (and with the mean), logsumexp, the cumulative ops, nansum/nanmean,
count_nonzero, norm, and the sorting and selection ops (sort, topk, kthvalue, median, mode,
unique...).

Samples with ties set ``gradcheck=False`` (the ops are not differentiable there), but still
compare values, indices and gradients with PyTorch: which tied element an index names, and so
which one receives the gradient, is PyTorch's. Samples where PyTorch warns run through
``_warning_code``, which turns the warnings into a tensor the oracle compares.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
from op_db import _F32_LOOSE, FLOATS, FLOATS_AND_INT, OpInfo, S, _Maker, _op
from oracle import Sample, TensorArg

Errors = Callable[[np.random.Generator], list[Sample]]


def _function(name: str, **fixed: Any) -> Callable[..., Any]:
    """``T.<name>(*args, **kwargs)``."""

    def op(T: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(T, name)(*args, **fixed, **kwargs)

    op.__name__ = name
    return op


def _method(name: str) -> Callable[..., Any]:
    """``x.<name>(*args, **kwargs)``."""

    def op(T: Any, x: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(x, name)(*args, **kwargs)

    op.__name__ = name
    return op


def _inplace(name: str) -> Callable[..., Any]:
    """``y = x * 1; y.<name>(...)``: the in-place variant on a non-leaf."""

    def op(T: Any, x: Any, *args: Any, **kwargs: Any) -> Any:
        result = x * 1
        assert getattr(result, name)(*args, **kwargs) is result
        return result

    op.__name__ = name
    return op


def _warning_code(op: Callable[..., Any]) -> Callable[..., Any]:
    """``op``'s result followed by a tensor naming the warnings it raised (a CRC of each
    message, without PyTorch's "(Triggered internally at ...)" suffix)."""

    def wrapped(T: Any, *args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = op(T, *args, **kwargs)
        codes = [
            zlib.crc32(str(w.message).split(" (Triggered internally")[0].encode()) for w in caught
        ]
        results = result if isinstance(result, tuple) else (result,)
        return (*results, T.tensor(codes, dtype=T.int64))

    wrapped.__name__ = op.__name__
    return wrapped


def _array(values: Any, dtype: str, **options: Any) -> TensorArg:
    return TensorArg(np.asarray(values, dtype=dtype), **options)


def _ties(dtype: str) -> TensorArg:
    return _array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0], [5.0, 1.0, 5.0, 1.0]], dtype)


def _nans(dtype: str) -> TensorArg:
    nan = float("nan")
    return _array([[1.0, nan, 3.0, nan], [1.0, 2.0, 3.0, 4.0], [nan, 0.5, 1.0, 1.5]], dtype)


def _dim_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), 2, name="dim 2"), S(make((2, 3)), -3, name="dim -3")]


# PyTorch's own gradient of var/std over ``dim=[]`` (a full reduction) is wrong: it uses N=1
# (its gradcheck fails). rungrad's passes gradcheck, so the comparisons fail, strictly.
_EMPTY_DIMS_BUG = {
    "backward:dims []": "PyTorch's var/std backward over dim=[] uses N=1 (fails its gradcheck)",
    "double_backward:dims []": "PyTorch's var/std backward over dim=[] uses N=1",
}


# -- prod ----------------------------------------------------------------------------------
def _zeros(dtype: str) -> dict[str, TensorArg]:
    return {
        "one zero": _array([[1.5, 0.0, -2.0], [0.5, 1.5, 2.0]], dtype),
        "two zeros": _array([[1.5, 0.0, -2.0, 0.0], [0.5, 0.0, 2.0, 1.0]], dtype),
        "zeros everywhere": _array([[0.0, 0.0], [0.0, 0.0]], dtype),
        "zero at the ends": _array([[0.0, 1.5, -2.0], [0.5, -1.5, 0.0]], dtype),
    }


def _prod_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [*_dim_errors(rng), S(make((2, 3)), (0, 1), name="tuple dim")]


def _prod_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    zeros = _zeros(dtype)
    result = [
        S(make((3, 4)), name="all"),
        S(make(()), name="0d"),
        S(make((0, 3)), name="empty"),
        S(make((3, 4)), 1, name="dim 1"),
        S(make((3, 4), layout="transposed"), -1, True, name="dim -1 keepdim"),
        S(make((2, 3, 2), layout="strided"), 0, name="strided dim 0"),
        S(make(()), 0, name="0d dim 0"),
        S(make((0, 3)), 1, name="empty dim 1"),
        S(make((2, 3)), dtype="dtype:float64", name="dtype"),
        S(make((2, 3)), 0, dtype="dtype:float64", name="dim dtype"),
    ]
    for name, value in zeros.items():
        result.append(S(value, name=f"all, {name}"))
        result.append(S(value, 1, name=f"dim 1, {name}"))
        result.append(S(value, 0, True, name=f"dim 0 keepdim, {name}"))
    if dtype == "float32":
        result += [
            S(make((2, 3), dtype="int64"), name="int64"),
            S(make((2, 3), dtype="int64"), 1, name="int64 dim"),
            S(make((3,), dtype="bool"), name="bool"),
        ]
    return result


# -- amax, amin, aminmax -------------------------------------------------------------------
def _extreme_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), name="all"),
        S(make((3, 4)), 1, name="dim 1"),
        S(make((2, 3, 4), layout="strided"), (0, -1), name="dims (0,-1)"),
        S(make((3, 4), layout="transposed"), -2, True, name="dim -2 keepdim"),
        S(make((2, 3)), [], True, name="dims [] keepdim"),
        S(make(()), name="0d"),
        S(make(()), 0, name="0d dim 0"),
        S(make((0, 3)), 1, name="empty, non-empty dim"),
        S(_ties(dtype), name="ties", gradcheck=False),
        S(_ties(dtype), 1, name="ties dim 1", gradcheck=False),
        S(_nans(dtype), 1, name="nan", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(make((3, 4), dtype="int64"), 0, name="int64"))
        result.append(S(make((3, 4), dtype="bool"), name="bool"))
    return result


def _extreme_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((0, 3)), name="empty"),
        S(make((0, 3)), 0, name="empty dim"),
        S(make((2, 3)), (0, 0), name="repeated dim"),
        S(make((2, 3)), 2, name="dim 2"),
    ]


def _aminmax_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), name="all"),
        S(make((3, 4)), dim=1, name="dim 1"),
        S(make((3, 4), layout="transposed"), dim=-2, keepdim=True, name="dim -2 keepdim"),
        S(make((2, 3)), keepdim=True, name="all keepdim"),
        S(make(()), name="0d"),
        S(make(()), dim=0, name="0d dim 0"),
        S(make((0, 3)), dim=1, name="empty, non-empty dim"),
        S(_ties(dtype), dim=1, name="ties", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(make((3, 4), dtype="int64"), dim=0, name="int64"))
    return result


def _aminmax_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((0, 3)), name="empty"),
        S(make((0, 3)), dim=0, name="empty dim"),
        S(make(()), dim=1, name="0d dim 1"),
    ]


# -- var, std, var_mean, std_mean -----------------------------------------------------------
def _variance_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    constant = _array([[1.5, 1.5, 1.5], [0.5, -1.0, 2.0]], dtype)
    return [
        S(make((3, 4)), name="all"),
        S(make((3, 4)), 1, name="dim 1"),
        S(make((2, 3, 4), layout="strided"), (0, -1), name="dims (0,-1)"),
        S(make((3, 4), layout="transposed"), -1, keepdim=True, name="dim -1 keepdim"),
        S(make((3, 4)), 0, correction=0, name="correction 0"),
        S(make((3, 4)), correction=2, name="correction 2"),
        S(make((3, 4)), 1, correction=1.5, name="correction 1.5"),
        S(make((3, 4)), 1, False, True, name="legacy dim, unbiased, keepdim"),
        S(make((3, 4)), False, name="legacy unbiased"),
        S(make((3, 4)), dim=0, unbiased=False, name="unbiased=False"),
        S(make((2, 3)), [], name="dims []"),
        S(constant, 1, name="constant row", gradcheck=False),
    ]


def _variance_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3), dtype="int64"), name="int64"),
        S(make((2, 3)), 2, name="dim 2"),
        S(make((2, 3)), (1, 1), name="repeated dim"),
    ]


def _no_dof_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    """No degrees of freedom: PyTorch warns, and its gradient is special."""
    make = _Maker(rng, dtype)
    return [
        S(make(()), name="0d"),
        S(make((0, 3)), name="empty"),
        S(make((0, 3)), 0, name="empty dim"),
        S(make((1, 3)), 0, name="one row"),
        S(make((2, 3)), correction=3, name="full, correction 3"),
        S(make((2, 3)), 1, correction=5, name="dim, correction 5"),
        S(make((2, 3)), 0, correction=2, name="dim, correction = N"),
    ]


# -- logsumexp -----------------------------------------------------------------------------
def _logsumexp_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    inf = float("inf")
    infinities = _array([[1.0, -inf, 0.5], [-inf, -inf, -inf], [inf, 1.0, 2.0]], dtype)
    result = [
        S(make((3, 4)), 1, name="dim 1"),
        S(make((2, 3, 4), layout="strided"), (0, -1), name="dims (0,-1)"),
        S(make((3, 4), layout="transposed"), -2, True, name="dim -2 keepdim"),
        S(make((3, 4)), (0, 1), name="all dims"),
        S(make(()), 0, name="0d"),
        S(make((0, 3)), 0, name="empty dim"),
        S(make((0, 3)), 1, name="empty, non-empty dim"),
        S(infinities, 1, name="infinities", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(make((3, 4), dtype="int64"), 1, name="int64"))
        result.append(S(make((3,), dtype="bool"), 0, name="bool"))
    return result


# -- cumulative ----------------------------------------------------------------------------
def _cumulative_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    result = [
        S(make((3, 4)), 1, name="dim 1"),
        S(make((3, 4)), 0, name="dim 0"),
        S(make((3, 4), layout="transposed"), -1, name="transposed dim -1"),
        S(make((2, 3, 2), layout="strided"), 1, name="strided dim 1"),
        S(make((5,)), 0, name="1d"),
        S(make((1, 3)), 0, name="size-1 dim"),
        S(make(()), 0, name="0d"),
        S(make((0, 3)), 1, name="empty"),
        S(make((2, 3)), 1, dtype="dtype:float64", name="dtype"),
    ]
    if dtype == "float32":
        result.append(S(make((2, 3), dtype="int64"), 1, name="int64"))
        result.append(S(make((4,), dtype="bool"), 0, name="bool"))
    return result


def _inplace_cumulative_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        s
        for s in _cumulative_samples(rng, dtype)
        if s.name not in ("dtype", "bool", "transposed dim -1", "strided dim 1")
    ]


def _inplace_cumulative_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), 1, dtype="dtype:float64", name="dtype"),
        S(make((2, 3), dtype="int64"), 1, dtype="dtype:float32", name="int64 dtype"),
    ]


def _cumprod_zero_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    result = []
    for name, value in _zeros(dtype).items():
        result.append(S(value, 1, name=f"dim 1, {name}"))
        result.append(S(value, 0, name=f"dim 0, {name}"))
    result.append(S(_array([0.0, 2.0, 0.0, 1.5, 0.0, -1.0], dtype), 0, name="three zeros"))
    return result


def _running_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 1, name="dim 1"),
        S(make((3, 4), layout="transposed"), 0, name="transposed dim 0"),
        S(make((2, 3, 2), layout="strided"), -1, name="strided dim -1"),
        S(make(()), 0, name="0d"),
        S(make((0, 3)), 1, name="empty"),
        S(_ties(dtype), 1, name="ties", gradcheck=False),
        S(_ties(dtype), 0, name="ties dim 0", gradcheck=False),
        S(_nans(dtype), 1, name="nan", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(make((3, 4), dtype="int64"), 1, name="int64"))
        result.append(S(make((4,), dtype="bool"), 0, name="bool"))
    return result


def _running_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), 2, name="dim 2"), S(make(()), 1, name="0d dim 1")]


# PyTorch returns the (empty) input itself as the gradient of an empty cummax/cummin, so its
# second-order gradient reaches the input; rungrad returns the incoming gradient.
_EMPTY_RUNNING = {"double_backward:empty": "PyTorch's empty cummax gradient is the input itself"}


# -- nansum, nanmean, count_nonzero --------------------------------------------------------
def _nan_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    all_nan = _array([[float("nan"), float("nan")], [1.0, 2.0]], dtype)
    return [
        S(_nans(dtype), name="all"),
        S(_nans(dtype), 1, name="dim 1"),
        S(_nans(dtype), (0, 1), True, name="dims keepdim"),
        S(all_nan, 1, name="a row of nan"),
        S(make((3, 4), layout="transposed"), -1, name="no nan, transposed"),
        S(make(()), name="0d"),
        S(make((0, 3)), name="empty"),
        S(make((0, 3)), 0, name="empty dim 0"),
        S(make((2, 3)), 1, dtype="dtype:float64", name="dtype"),
    ]


def _nanmean_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    """Finite differences see NaN where the input has NaN or the mean is empty."""
    result = _nan_samples(rng, dtype)
    for sample in result:
        if sample.name not in ("no nan, transposed", "0d", "dtype"):
            sample.gradcheck = False
    return result


def _nansum_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    result = _nan_samples(rng, dtype)
    if dtype == "float32":
        make = _Maker(rng, dtype)
        result.append(S(make((2, 3), dtype="int64"), 1, name="int64"))
        result.append(S(make((4,), dtype="bool"), name="bool"))
    return result


def _nanmean_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3), dtype="int64"), name="int64"), S(make((2, 3)), 2, name="dim 2")]


def _count_nonzero_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    sparse = make((3, 4))
    sparse.value[sparse.value < 0.5] = 0
    return [
        S(sparse, name="all"),
        S(sparse, 1, name="dim 1"),
        S(sparse, (0, -1), name="dims"),
        S(make((2, 3), layout="transposed"), 0, name="transposed"),
        S(make(()), name="0d"),
        S(make((0, 3)), 0, name="empty"),
    ]


# -- norm ----------------------------------------------------------------------------------
def _norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    return [
        S(make((3, 4)), name="default"),
        S(make((3, 4)), "fro", 1, name="fro dim 1"),
        S(make((2, 3, 4), layout="strided"), "fro", (0, -1), True, name="fro dims keepdim"),
        S(make((3, 4)), 2, name="2"),
        S(make((3, 4), layout="transposed"), 1, -1, name="1 dim -1"),
        S(make((3, 4)), float("inf"), 1, name="inf", gradcheck=False),
        S(make((3, 4)), float("-inf"), name="-inf", gradcheck=False),
        S(make((3, 4)), 3, 0, True, name="3 keepdim"),
        S(make((3, 4)), 0.5, name="0.5"),
        S(make(()), 2, -1, name="0d dim -1"),
        S(make((2, 3)), 2, 1, dtype="dtype:float64", name="dtype"),
        S(make((2, 3)), None, name="p None"),
        S(make((2, 3, 2)), "nuc", (0, 1), name="nuc dims"),
    ]


def _norm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3), dtype="int64"), name="int64"),
        S(make((2, 3), dtype="int64"), 2, 1, dtype="dtype:float64", name="int64 dtype"),
        S(make((2, 3)), 2, 1, dtype="dtype:int64", name="int64 result dtype"),
        S(make((2, 3, 2)), "nuc", name="nuc 3d"),
    ]


def _dist_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    return [
        S(make((3, 4)), make((3, 4)), name="default"),
        S(make((3, 4)), make((4,)), name="broadcast other"),
        S(make((1, 4)), make((3, 1)), 1, name="broadcast both, p=1"),
        S(make((3, 4), layout="transposed"), make((3, 4)), 3, name="p=3"),
        S(make((2, 3)), make((2, 3)), float("inf"), name="inf", gradcheck=False),
        S(make(()), make(()), 2.5, name="0d"),
    ]


def _dist_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3), dtype="int64"), make((2, 3), dtype="int64"), name="int64"),
        S(make((2, 3)), make((4,)), name="shapes"),
    ]


# -- sort, argsort, msort, topk ------------------------------------------------------------
def _many_ties(rng: np.random.Generator, dtype: str, shape: tuple[int, ...]) -> TensorArg:
    """Few distinct values in long slices: the order of equal elements is the kernel's."""
    return TensorArg(rng.integers(0, 4, size=shape).astype(dtype))


def _sort_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    long_ties = _many_ties(rng, dtype, (2, 40))
    result = [
        S(make((3, 4)), name="default"),
        S(make((3, 4)), 0, name="dim 0"),
        S(make((3, 4), layout="transposed"), -1, True, name="descending"),
        S(make((2, 3, 4), layout="strided"), 1, name="strided dim 1"),
        S(make(()), name="0d"),
        S(make((0, 3)), name="empty"),
        S(make((3, 4)), stable=True, name="stable"),
        S(make((3, 4)), dim=0, descending=True, stable=False, name="stable=False descending"),
        S(_ties(dtype), name="ties", gradcheck=False),
        S(_ties(dtype), 1, True, name="ties descending", gradcheck=False),
        S(_nans(dtype), name="nan", gradcheck=False),
        S(_nans(dtype), descending=True, name="nan descending", gradcheck=False),
        S(long_ties, name="long ties", gradcheck=False),
        S(long_ties, descending=True, name="long ties descending", gradcheck=False),
        S(long_ties, stable=True, descending=True, name="long ties stable", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(_many_ties(rng, "int64", (3, 20)), name="int64 ties"))
        result.append(S(make((5,), dtype="bool"), name="bool"))
    return result


def _argsort_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    long_ties = _many_ties(rng, dtype, (2, 30))
    return [
        S(make((3, 4)), name="default"),
        S(make((3, 4)), 0, True, name="dim 0 descending"),
        S(long_ties, name="long ties"),
        S(long_ties, stable=True, name="long ties stable"),
        S(make(()), name="0d"),
    ]


def _msort_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), name="2d"),
        S(make((5,), layout="strided"), name="1d strided"),
        S(_many_ties(rng, dtype, (30, 2)), name="long ties", gradcheck=False),
        S(make(()), name="0d"),
    ]


def _topk_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    long_ties = _many_ties(rng, dtype, (2, 40))
    result = [
        S(make((3, 5)), 2, name="k 2"),
        S(make((3, 5)), 2, 0, name="k 2 dim 0"),
        S(make((3, 5), layout="transposed"), 3, -1, False, name="smallest"),
        S(make((3, 5)), 4, 1, True, False, name="unsorted"),
        S(make((2, 3, 4), layout="strided"), 1, 1, name="strided k 1"),
        S(make((3, 5)), 0, name="k 0"),
        S(make(()), 1, name="0d"),
        S(make((0, 3)), 2, name="empty"),
        S(_ties(dtype), 2, name="ties", gradcheck=False),
        S(_ties(dtype), 3, largest=False, sorted=False, name="ties unsorted", gradcheck=False),
        S(_nans(dtype), 2, name="nan", gradcheck=False),
        S(_nans(dtype), 2, largest=False, name="nan smallest", gradcheck=False),
        S(long_ties, 15, name="long ties", gradcheck=False),
        S(long_ties, 20, largest=False, sorted=False, name="long ties unsorted", gradcheck=False),
        S(TensorArg(rng.integers(0, 3, (1, 200)).astype(dtype)), 3, name="partial sort"),
    ]
    if dtype == "float32":
        result.append(S(_many_ties(rng, "int64", (2, 20)), 5, name="int64 ties"))
    return result


def _topk_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), 4, name="k too large"),
        S(make((2, 3)), -1, name="k negative"),
        S(make((2, 3)), 1, 2, name="dim 2"),
        S(make((3,), dtype="bool"), 1, name="bool"),
    ]


# -- kthvalue, median, mode ----------------------------------------------------------------
def _kthvalue_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    long_ties = _many_ties(rng, dtype, (3, 25))
    result = [
        S(make((3, 5)), 2, name="k 2"),
        S(make((3, 5), layout="transposed"), 1, 0, name="k 1 dim 0"),
        S(make((2, 3, 4), layout="strided"), 4, -1, True, name="strided keepdim"),
        S(make(()), 1, name="0d"),
        S(make((0, 3)), 2, name="empty"),
        S(_ties(dtype), 2, name="ties", gradcheck=False),
        S(_ties(dtype), 3, 0, name="ties dim 0", gradcheck=False),
        S(_nans(dtype), 3, name="nan", gradcheck=False),
        S(long_ties, 12, name="long ties", gradcheck=False),
        S(long_ties, 25, name="long ties last", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(_many_ties(rng, "int64", (2, 20)), 7, name="int64 ties"))
    return result


def _kthvalue_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), 0, name="k 0"),
        S(make((2, 3)), 4, name="k too large"),
        S(make((0, 3)), 1, 0, name="empty dim"),
        S(make((3,), dtype="bool"), 1, name="bool"),
    ]


def _median_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    long_ties = _many_ties(rng, dtype, (3, 24))
    result = [
        S(make((3, 5)), name="all odd"),
        S(make((3, 4)), name="all even"),
        S(make((3, 4)), 1, name="dim 1"),
        S(make((3, 5), layout="transposed"), 0, True, name="dim 0 keepdim"),
        S(make((2, 3, 4), layout="strided"), -1, name="strided"),
        S(make(()), name="0d"),
        S(make(()), 0, name="0d dim 0"),
        S(make((0, 3)), name="empty", gradcheck=False),  # nan, and a gradient of 0 / 0
        S(make((0, 3)), 1, name="empty, non-empty dim"),
        S(_ties(dtype), name="ties", gradcheck=False),
        S(_ties(dtype), 1, name="ties dim 1", gradcheck=False),
        S(_nans(dtype), name="nan", gradcheck=False),
        S(_nans(dtype), 1, name="nan dim 1", gradcheck=False),
        S(long_ties, 1, name="long ties", gradcheck=False),
    ]
    if dtype == "float32":
        result.append(S(_many_ties(rng, "int64", (2, 9)), name="int64"))
        result.append(S(_many_ties(rng, "int64", (2, 9)), 1, name="int64 dim"))
    return result


def _median_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((0, 3)), 0, name="empty dim"),
        S(make((2, 3)), 2, name="dim 2"),
        S(make((3,), dtype="bool"), name="bool"),
        S(make((3,), dtype="bool"), 0, name="bool dim"),
    ]


def _mode_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    long_ties = _many_ties(rng, dtype, (3, 30))
    strided_ties = TensorArg(rng.integers(0, 3, (2, 3, 20)).astype(dtype), layout="strided")
    result = [
        S(make((3, 5)), name="distinct"),
        S(_ties(dtype), name="ties", gradcheck=False),
        S(_ties(dtype), 0, True, name="ties dim 0 keepdim", gradcheck=False),
        S(_nans(dtype), name="nan", gradcheck=False),
        S(long_ties, name="long ties", gradcheck=False),
        S(strided_ties, 1, name="strided ties", gradcheck=False),
        S(make(()), name="0d"),
        S(make((0, 3)), name="empty, non-empty dim"),
    ]
    if dtype == "float32":
        result.append(S(_many_ties(rng, "int64", (2, 20)), name="int64"))
        result.append(S(make((5,), dtype="bool"), name="bool"))
    return result


def _mode_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((0, 3)), 0, name="empty dim"), S(make((2, 3)), 2, name="dim 2")]


# -- unique --------------------------------------------------------------------------------
def _unique_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    values = _many_ties(rng, dtype, (3, 5))
    rows = TensorArg(np.array([[1, 2, 1], [0, 5, 0], [1, 2, 1]], dtype=dtype))
    result = [
        S(values, name="default"),
        S(values, return_inverse=True, return_counts=True, name="inverse, counts"),
        S(values, False, True, name="unsorted, inverse"),
        S(TensorArg(values.value, layout="transposed"), return_counts=True, name="transposed"),
        S(rows, dim=0, return_inverse=True, return_counts=True, name="dim 0"),
        S(rows, dim=-1, return_counts=True, name="dim -1"),
        S(TensorArg(np.array(2.5, dtype=dtype)), name="0d"),
        S(TensorArg(np.zeros((0, 3), dtype=dtype)), return_inverse=True, name="empty"),
        S(TensorArg(np.zeros((0, 3), dtype=dtype)), dim=0, return_counts=True, name="empty dim"),
    ]
    if dtype.startswith("float"):
        result.append(S(_nans(dtype), return_counts=True, name="nan"))
    return result


def _unique_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make(()), dim=0, name="0d dim"), S(make((0, 3)), dim=1, name="empty other dim")]


def _unique_backward(T: Any, x: Any) -> Any:
    """unique's output has a node whose backward is not implemented, in both libraries."""
    values = T.unique(x * 2)
    try:
        values.sum().backward()
    except NotImplementedError as error:
        return values, T.tensor(list(str(error).encode()))
    raise AssertionError("unique's backward should not be implemented")


def _unique_consecutive_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    runs = TensorArg(np.array([1, 1, 2, 2, 3, 1, 1], dtype=dtype))
    rows = TensorArg(np.array([[1, 1], [1, 1], [2, 3], [1, 1]], dtype=dtype))
    result = [
        S(runs, name="runs"),
        S(runs, return_inverse=True, return_counts=True, name="inverse, counts"),
        S(rows, return_inverse=True, name="2-d flattened"),
        S(rows, dim=0, return_inverse=True, return_counts=True, name="dim 0"),
        S(rows, dim=-1, return_counts=True, name="dim -1"),
        S(TensorArg(np.array(2.5, dtype=dtype)), return_inverse=True, name="0d"),
        S(TensorArg(np.zeros(0, dtype=dtype)), return_counts=True, name="empty"),
    ]
    if dtype.startswith("float"):
        result.append(S(_nans(dtype), return_counts=True, name="nan"))
    return result


# -- max/min, argmax/argmin, all/any: ties, dtypes and return types ------------------------
def _arg_tie_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    result = [
        S(_ties(dtype), name="all"),
        S(_ties(dtype), 1, name="dim 1"),
        S(_ties(dtype), 0, True, name="dim 0 keepdim"),
        S(_ties(dtype), None, True, name="all keepdim"),
    ]
    if dtype.startswith("float"):
        result.append(S(_nans(dtype), 1, name="nan"))
    return result


def _arg_errors(rng: np.random.Generator) -> list[Sample]:
    return [
        S(TensorArg(np.array([True, False])), name="bool"),
        S(TensorArg(np.zeros((0, 3), dtype=np.float32)), name="empty"),
        S(TensorArg(np.zeros((0, 3), dtype=np.float32)), 0, name="empty dim"),
        S(TensorArg(np.zeros(3, dtype=np.float32)), 1, name="dim 1"),
    ]


def _max_tie_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_ties(dtype), 1, name="ties dim 1", gradcheck=False),
        S(_ties(dtype), 0, True, name="ties dim 0 keepdim", gradcheck=False),
        S(_nans(dtype), name="nan", gradcheck=False),
        S(_nans(dtype), 1, name="nan dim 1", gradcheck=False),
        S(TensorArg(np.zeros((0, 3), dtype=dtype)), 1, name="empty, non-empty dim"),
    ]


def _max_tie_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(TensorArg(np.zeros((0, 3), dtype=np.float32)), 0, name="empty dim")]


def _logical_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), (0, 1), name="dims (0,1)"),
        S(make((3, 4)), (-1,), True, name="dims (-1,) keepdim"),
        S(make((2, 3, 4), layout="strided"), 1, name="strided"),
        S(make(()), 0, name="0d"),
        S(make((0, 3)), 0, name="empty"),
    ]


def _return_type_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    values = _array([[1.0, 3.0], [4.0, 2.0]], dtype, requires_grad=False)
    return [S(values, name) for name in _RETURN_TYPES]


_RETURN_TYPES = {
    "max": lambda T, x: T.max(x, 1),
    "min": lambda T, x: x.min(0, True),
    "sort": lambda T, x: T.sort(x),
    "topk": lambda T, x: x.topk(1),
    "kthvalue": lambda T, x: T.kthvalue(x, 1),
    "mode": lambda T, x: x.mode(),
    "median": lambda T, x: T.median(x, 0),
    "cummax": lambda T, x: T.cummax(x, 1),
    "cummin": lambda T, x: x.cummin(0),
    "aminmax": lambda T, x: T.aminmax(x),
}


def _return_type_op(T: Any, x: Any, name: str) -> Any:
    result = _RETURN_TYPES[name](T, x)
    fields = [getattr(result, field) for field in ("values", "indices", "min", "max")
              if hasattr(result, field)]  # fmt: skip
    text = repr(result).replace("rungrad", "torch")
    return (*result, *fields, T.tensor(len(result)), T.tensor(list(text.encode())))


# -- weight norm ----------------------------------------------------------------------------
def _weight_norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    # The fused op's second derivatives hold the saved norms constant, as PyTorch's do (its
    # own gradgradcheck fails): these samples are compared with PyTorch only.
    return [
        S(make((4, 3)), make((4, 1)), 0, name="dim 0 (fused)", gradcheck=False),
        S(make((2, 3, 4)), make((1, 1, 4)), 2, name="last dim (fused)", gradcheck=False),
        S(make((2, 3, 4)), make((1, 3, 1)), 1, name="middle dim"),
        S(make((3, 2)), make(()), -1, name="all dims"),
    ]


def _weight_norm_op(T: Any, v: Any, g: Any, dim: int) -> Any:
    return T._weight_norm(v, g, dim)


def _norm_except_dim_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), 2, 0, name="dim 0"),
        S(make((2, 3, 4)), 2, 2, name="last dim"),
        S(make((2, 3, 4)), 2, 1, name="middle dim"),
        S(make((3, 2)), 2, -1, name="all dims"),
    ]


# -- renorm, frexp -------------------------------------------------------------------------
def _renorm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 2, 0, 1.5, name="p 2, dim 0"),
        S(make((3, 4), layout="transposed"), 1, -1, 2.0, name="p 1, dim -1"),
        S(make((2, 3, 4)), 3, 1, 1.0, name="p 3, dim 1"),
        S(make((3, 4)), float("inf"), 1, 1.0, name="p inf"),
        S(make((3, 4)), 2, 0, 100.0, name="below maxnorm"),
        S(make((3, 4)), 0.5, 1, 3.0, name="p 0.5"),
        S(make((0, 4)), 2, 0, 1.0, name="empty"),
    ]


def _renorm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), 2, 0, 1.0, name="1-d"),
        S(make(()), 2, 0, 1.0, name="0-d"),
        S(make((3, 4)), 0, 0, 1.0, name="p 0"),
        S(make((3, 4)), 2, 0, -1.0, name="negative maxnorm"),
        S(make((3, 4)), 2, 2, 1.0, name="dim out of range"),
        S(make((3, 4), dtype="int64"), 2, 0, 1.0, name="int64"),
        S(make((3, 0)), float("inf"), 0, 1.0, name="inf norm of empty sub-tensors"),
    ]


def _frexp_op(T: Any, x: Any) -> Any:
    mantissa, exponent = T.frexp(x)
    result = x.frexp()
    assert type(result).__name__ == "frexp"
    text = repr(result).replace("rungrad", "torch")
    return mantissa, exponent, result.mantissa, result.exponent, T.tensor(list(text.encode()))


def _frexp_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    special = np.array([0.0, -0.0, 1.0, -3.5, 8.0, 1e-40, np.inf, -np.inf, np.nan])
    return [
        S(make((3, 4)), name="real"),
        S(make((2, 3), layout="transposed"), name="transposed"),
        S(make(()), name="0-d"),
        S(make((0, 2)), name="empty"),
        S(TensorArg(special.astype(dtype), requires_grad=False), name="special values"),
    ]


def _frexp_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,), dtype="int64"), name="int64")]


# -- the rows ------------------------------------------------------------------------------
REDUCTION_OPS: list[OpInfo] = [
    _op(
        "prod",
        _function("prod"),
        _prod_samples,
        "reduction._prod_all",
        "reduction._prod_dim",
        covers_backward=("padding._constant_pad", "shape._flip"),
        errors=_prod_errors,
    ),
    _op("Tensor.prod", _method("prod"), _prod_samples, "reduction._prod_dim"),
    _op(
        "amax",
        _function("amax"),
        _extreme_samples,
        "reduction._amax",
        errors=_extreme_errors,
    ),
    _op("amin", _method("amin"), _extreme_samples, "reduction._amin", errors=_extreme_errors),
    _op(
        "aminmax",
        _function("aminmax"),
        _aminmax_samples,
        "reduction._aminmax",
        errors=_aminmax_errors,
    ),
    _op(
        "var",
        _function("var"),
        _variance_samples,
        "reduction._var",
        covers_backward=("pointwise.mul_scalar",),
        errors=_variance_errors,
        tolerance=_F32_LOOSE,
        xfail=_EMPTY_DIMS_BUG,
    ),
    _op(
        "std",
        _method("std"),
        _variance_samples,
        "reduction._std",
        errors=_variance_errors,
        tolerance=_F32_LOOSE,
        xfail=_EMPTY_DIMS_BUG,
    ),
    _op(
        "var_mean",
        _function("var_mean"),
        _variance_samples,
        "reduction._var_mean",
        tolerance=_F32_LOOSE,
        xfail=_EMPTY_DIMS_BUG,
    ),
    _op(
        "std_mean",
        _function("std_mean"),
        _variance_samples,
        "reduction._std_mean",
        tolerance=_F32_LOOSE,
        xfail=_EMPTY_DIMS_BUG,
    ),
    *[
        _op(
            f"{name} without degrees of freedom",
            _warning_code(_function(name)),
            _no_dof_samples,
            f"reduction._{name}",
            # PyTorch's full-reduction gradient here is (grad * variance).to(dtype), a
            # ToCopyBackward0; rungrad's is the MulBackward0 under it.
            check_double_backward_grad_fn=False,
            gradcheck=False,
        )
        for name in ("var", "std", "var_mean", "std_mean")
    ],
    _op(
        "logsumexp",
        _function("logsumexp"),
        _logsumexp_samples,
        "reduction._logsumexp",
        covers_backward=("pointwise.exp",),
        errors=_dim_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "cumsum",
        _function("cumsum"),
        _cumulative_samples,
        "reduction._cumsum",
        errors=_dim_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "cumsum_",
        _inplace("cumsum_"),
        _inplace_cumulative_samples,
        "reduction._cumsum",
        errors=_inplace_cumulative_errors,
    ),
    _op(
        "cumprod",
        _method("cumprod"),
        _cumulative_samples,
        "reduction._cumprod",
        errors=_dim_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "cumprod_",
        _inplace("cumprod_"),
        _inplace_cumulative_samples,
        "reduction._cumprod",
        errors=_inplace_cumulative_errors,
    ),
    # With zeros, PyTorch's first-order gradient ends in a CopySlices node (it writes slices
    # in place); rungrad's is an equal where(): the values of both orders match.
    _op(
        "cumprod with zeros",
        _function("cumprod"),
        _cumprod_zero_samples,
        "reduction._cumprod",
        covers_backward=("pointwise._where",),
        check_double_backward_grad_fn=False,
    ),
    _op(
        "cummax",
        _function("cummax"),
        _running_samples,
        "reduction._cummax",
        covers_backward=("indexing._scatter_add",),
        errors=_running_errors,
        xfail=_EMPTY_RUNNING,
    ),
    _op(
        "cummin",
        _method("cummin"),
        _running_samples,
        "reduction._cummin",
        errors=_running_errors,
        xfail=_EMPTY_RUNNING,
    ),
    _op("nansum", _function("nansum"), _nansum_samples, "reduction._nansum"),
    _op(
        "nanmean",
        _method("nanmean"),
        _nanmean_samples,
        "reduction._nansum",
        errors=_nanmean_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "count_nonzero",
        _function("count_nonzero"),
        _count_nonzero_samples,
        dtypes=("float32", "int64", "bool"),
        backward=False,
        errors=_dim_errors,
    ),
    # norm composes linalg.vector_norm / matrix_norm, whose nodes' first-order gradients are
    # named differently from PyTorch's (see the report): only values are compared there.
    _op(
        "torch.norm",
        _function("norm"),
        _norm_samples,
        errors=_norm_errors,
        tolerance=_F32_LOOSE,
        check_double_backward_grad_fn=False,
    ),
    _op(
        "dist",
        _function("dist"),
        _dist_samples,
        "reduction._dist",
        errors=_dist_errors,
        tolerance=_F32_LOOSE,
    ),
    _op("Tensor.dist", _method("dist"), _dist_samples, "reduction._dist", tolerance=_F32_LOOSE),
    _op(
        "sort",
        _function("sort"),
        _sort_samples,
        "sorting._sort",
        "sorting._sort_stable",
        covers_backward=("indexing._scatter_src",),
        errors=_dim_errors,
    ),
    _op("Tensor.sort", _method("sort"), _sort_samples, "sorting._sort", "sorting._sort_stable"),
    _op("argsort", _function("argsort"), _argsort_samples, backward=False),
    _op("Tensor.argsort", _method("argsort"), _argsort_samples, backward=False),
    _op("msort", _function("msort"), _msort_samples, "sorting._sort"),
    _op("topk", _method("topk"), _topk_samples, "sorting._topk", errors=_topk_errors),
    _op("torch.topk", _function("topk"), _topk_samples, "sorting._topk"),
    _op(
        "kthvalue",
        _function("kthvalue"),
        _kthvalue_samples,
        "sorting._kthvalue",
        errors=_kthvalue_errors,
    ),
    _op(
        "median",
        _function("median"),
        _median_samples,
        "sorting._median_all",
        "sorting._median_dim",
        errors=_median_errors,
    ),
    _op("mode", _method("mode"), _mode_samples, "sorting._mode", errors=_mode_errors),
    _op(
        "unique",
        _function("unique"),
        _unique_samples,
        "sorting._unique",
        "sorting._unique_dim",
        dtypes=FLOATS_AND_INT,
        backward=False,
        errors=_unique_errors,
    ),
    _op(
        "unique_consecutive",
        _function("unique_consecutive"),
        _unique_consecutive_samples,
        "sorting._unique_consecutive",
        dtypes=FLOATS_AND_INT,
        backward=False,
    ),
    _op(
        "unique backward",
        _unique_backward,
        lambda rng, dtype: [S(_Maker(rng, dtype)((3, 2)), name="3x2")],
        backward=False,
    ),
    _op(
        "max ties",
        _function("max"),
        _max_tie_samples,
        "reduction._max_all",
        "reduction._max_dim",
        errors=_max_tie_errors,
    ),
    _op("min ties", _method("min"), _max_tie_samples, "reduction._min_dim"),
    _op(
        "argmax ties",
        _function("argmax"),
        _arg_tie_samples,
        dtypes=FLOATS_AND_INT,
        backward=False,
        errors=_arg_errors,
    ),
    _op(
        "argmin ties",
        _method("argmin"),
        _arg_tie_samples,
        dtypes=FLOATS,
        backward=False,
        errors=_arg_errors,
    ),
    _op(
        "all dims",
        _function("all"),
        _logical_samples,
        dtypes=("float32", "bool", "uint8"),
        backward=False,
    ),
    _op(
        "any dims",
        _method("any"),
        _logical_samples,
        dtypes=("float32", "bool", "uint8"),
        backward=False,
    ),
    _op(
        "_weight_norm",
        _weight_norm_op,
        _weight_norm_samples,
        "weight_norm._weight_norm_interface",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "norm_except_dim",
        _function("norm_except_dim"),
        _norm_except_dim_samples,
        "normalization._norm_full",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "renorm",
        _function("renorm"),
        _renorm_samples,
        "normalization._renorm",
        tolerance=_F32_LOOSE,
        errors=_renorm_errors,
    ),
    _op("Tensor.renorm", _method("renorm"), _renorm_samples, "normalization._renorm"),
    _op(
        "frexp",
        _frexp_op,
        _frexp_samples,
        "pointwise._frexp",
        double_backward=False,  # the gradient is grad / 2 ** exponent: no graph, as in PyTorch
        errors=_frexp_errors,
    ),
    _op(
        "return types",
        _return_type_op,
        _return_type_samples,
        dtypes=("float32",),
        backward=False,
    ),
]
