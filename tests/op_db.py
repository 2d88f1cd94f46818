"""The op database: ONE row per op, with the samples and checks that ``test_ops`` runs.

A row (``OpInfo``) names the op, gives the call as a function of the library module
(``lambda T, x, y: T.mul(x, y)`` runs in PyTorch with ``T = torch`` and in rungrad with
``T = rungrad``), a sample generator ``samples(rng, dtype)`` (0-d, 1-D, 2-D, broadcasting
pairs, empty, non-contiguous, negative dims...), the dtypes to run, the primitives of
``rungrad._ops`` it exercises (``covers``; backward primitives that only appear in a
second-order graph go in ``covers_backward``), which gradient checks apply, tolerances, and
error samples (``errors``: PyTorch's exception type and first message line must match).

Value domains keep samples away from singular points (``positive`` for log/sqrt, ``nonzero``
divisors); samples at kinks or ties set ``gradcheck=False``.
"""

from __future__ import annotations

import dataclasses
import importlib
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
from oracle import Sample, TensorArg, Tolerance

__all__ = ["OP_DB", "OpInfo", "values"]

FLOATS = ("float32", "float64")
FLOATS_AND_INT = ("float32", "float64", "int64")

SampleFunction = Callable[[np.random.Generator, str], list[Sample]]


@dataclasses.dataclass
class OpInfo:
    name: str
    op: Callable[..., Any]
    samples: SampleFunction
    covers: tuple[str, ...] = ()
    covers_backward: tuple[str, ...] = ()
    dtypes: tuple[str, ...] = FLOATS
    torch_op: Callable[..., Any] | None = None
    backward: bool = True
    double_backward: bool = True
    # The dtypes whose second-order gradients are compared with PyTorch's (None: all of
    # ``dtypes``), for ops whose float32 second order PyTorch computes less precisely.
    double_backward_dtypes: tuple[str, ...] | None = None
    gradcheck: bool = True
    check_double_backward_grad_fn: bool = True
    # A gradient that is None on one side may be all zeros on the other (PyTorch's dedicated
    # backward nodes return defined zeros where a composite formula gives no gradient).
    none_grad_is_zero: bool = False
    tolerance: dict[str, Tolerance] = dataclasses.field(default_factory=dict)
    errors: Callable[[np.random.Generator], list[Sample]] | None = None
    # {test name: reason}: strict xfails for known bugs outside the ops (see the report).
    xfail: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def reference(self) -> Callable[..., Any]:
        return self.torch_op or self.op

    def make_samples(self, dtype: str) -> list[Sample]:
        return self.samples(_rng(self.name, dtype), dtype)

    def make_errors(self) -> list[Sample]:
        return self.errors(_rng(self.name, "errors")) if self.errors else []


def _rng(*key: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join(key).encode()))


# -- values --------------------------------------------------------------------------------
def values(
    rng: np.random.Generator, shape: tuple[int, ...], dtype: str, domain: str = "real"
) -> np.ndarray:
    """Random values of ``dtype`` in a domain: real, positive, nonzero, unit (|x| < 0.9),
    probability (0.05 to 0.95)."""
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if dtype.startswith("int") or dtype == "uint8":
        low = 1 if domain == "positive" else -5
        result = rng.integers(low, 6, size=shape)
        if domain == "nonzero":
            result[result == 0] = 3
        return result.astype(dtype)
    if domain == "positive":
        result = rng.uniform(0.5, 2.0, size=shape)
    elif domain == "nonzero":
        result = rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    elif domain == "unit":
        result = rng.uniform(-0.9, 0.9, size=shape)
    elif domain == "probability":
        result = rng.uniform(0.05, 0.95, size=shape)
    else:
        result = rng.uniform(-2.0, 2.0, size=shape)
    return np.asarray(result).astype(dtype)


class _Maker:
    """``make((3, 4), layout="transposed")``: a TensorArg of the sample's dtype and domain."""

    def __init__(self, rng: np.random.Generator, dtype: str, domain: str = "real") -> None:
        self.rng, self.dtype, self.domain = rng, dtype, domain

    def __call__(
        self,
        shape: tuple[int, ...],
        *,
        domain: str | None = None,
        dtype: str | None = None,
        **options: Any,
    ) -> TensorArg:
        data = values(self.rng, shape, dtype or self.dtype, domain or self.domain)
        return TensorArg(data, **options)


def S(*args: Any, name: str = "", gradcheck: bool = True, **kwargs: Any) -> Sample:
    return Sample(args, kwargs, name=name, gradcheck=gradcheck)


def _index(values_: list[int] | np.ndarray) -> TensorArg:
    return TensorArg(np.asarray(values_, dtype=np.int64), requires_grad=False)


def _mask(values_: list[bool] | np.ndarray) -> TensorArg:
    return TensorArg(np.asarray(values_, dtype=bool), requires_grad=False)


# -- sample generators -----------------------------------------------------------------------
def unary(domain: str = "real", ints: bool = True) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype, domain)
        result = [
            S(make(()), name="0d"),
            S(make((5,)), name="1d"),
            S(make((3, 4), layout="transposed"), name="2d-transposed"),
            S(make((2, 3, 4), layout="strided"), name="3d-strided"),
            S(make((0, 3)), name="empty"),
        ]
        if ints and dtype == "float32":
            result.append(S(make((4,), dtype="int64"), name="int64"))
        return result

    return samples


def binary(
    domain: str = "real",
    other_domain: str | None = None,
    scalar: Any = 2.5,
    mixed: bool = True,
    ties: bool = False,
) -> SampleFunction:
    """Pairs: 0-d, 1-D, non-contiguous, (3,1)x(1,4), (4,)x(2,3,4), 0-d operand, empty,
    Python scalars, and (for float32) mixed dtypes: float64, int64, weak 0-d tensors."""

    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        a = _Maker(rng, dtype, domain)
        b = _Maker(rng, dtype, other_domain or domain)
        result = [
            S(a(()), b(()), name="0d"),
            S(a((5,)), b((5,)), name="1d"),
            S(a((3, 4), layout="transposed"), b((3, 4), layout="strided"), name="noncontig"),
            S(a((3, 1)), b((1, 4)), name="(3,1)x(1,4)"),
            S(a((4,)), b((2, 3, 4)), name="(4,)x(2,3,4)"),
            S(a((2, 3)), b(()), name="(2,3)x0d"),
            S(a((0, 3)), b((3,)), name="empty"),
        ]
        if scalar is not None:
            result.append(S(a((2, 3)), scalar, name="python-scalar"))
            result.append(S(a((2, 3)), 2, name="python-int"))
        if mixed and dtype == "float32":
            result += [
                S(a((3,)), b((3,), dtype="float64"), name="float32xfloat64"),
                S(a((3,), dtype="int64"), b((3,)), name="int64xfloat32"),
                S(a((3,)), b((), dtype="float64"), name="weak-0d-float64"),
                S(a((2, 2), dtype="int64"), b((2, 2), dtype="int64"), name="int64xint64"),
            ]
            if scalar is not None:
                result.append(S(a((2, 2), dtype="int64"), scalar, name="int*scalar"))
        if ties:
            first = a((3, 4))
            second = b((3, 4))
            second.value[::2] = first.value[::2]
            result.append(S(first, second, name="ties", gradcheck=False))
        return result

    return samples


def _reversed_scalar(domain: str = "real") -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        a = _Maker(rng, dtype, domain)
        result = [
            S(a(()), 2.5, name="0d"),
            S(a((2, 3), layout="transposed"), 2.5, name="2d-transposed"),
            S(a((4,)), 3, name="python-int"),
            S(a((0,)), 1.5, name="empty"),
        ]
        if dtype == "float32":
            result.append(S(a((3,), dtype="int64"), 2.5, name="int64-tensor"))
            result.append(S(a((3,), dtype="int64"), 2, name="int64-int"))
        return result

    return samples


def _broadcast_errors(op_name: str) -> Callable[[np.random.Generator], list[Sample]]:
    def errors(rng: np.random.Generator) -> list[Sample]:
        make = _Maker(rng, "float32")
        return [S(make((2, 3)), make((4,)), name="broadcast-mismatch")]

    return errors


# -- per-op samples --------------------------------------------------------------------------
def _add_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [*binary()(rng, dtype), S(make((2, 3)), make((3,)), alpha=2, name="alpha")]


def _pow_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    zero_base = np.array([0.0, 1.5, -1.0, 0.0], dtype=dtype)
    result = [
        S(make((2, 3)), 2, name="tensor**2"),
        S(make(()), 3, name="0d**3"),
        S(make((3, 4), layout="transposed"), 3.0, name="noncontig**3.0"),
        S(make((5,), domain="positive"), 0.5, name="positive**0.5"),
        S(make((5,), domain="positive"), -1.5, name="positive**-1.5"),
        S(make((5,), domain="nonzero"), -2, name="nonzero**-2"),
        S(make((5,)), 1, name="tensor**1"),
        S(make((5,)), 0, name="tensor**0"),
        S(TensorArg(zero_base), 0, name="zeros**0"),
        S(TensorArg(zero_base), 2, name="zeros**2", gradcheck=False),
        S(make((0, 2)), 2, name="empty**2"),
        S(make((3,), domain="positive"), make((3,)), name="tensor**tensor"),
        S(make((3, 1), domain="positive"), make((1, 4)), name="broadcast tensor**tensor"),
        S(make((2, 3), domain="positive"), make(()), name="tensor**0d"),
        S(
            TensorArg(np.abs(zero_base)),
            make((4,), domain="positive"),
            name="zeros**tensor",
            gradcheck=False,
        ),
        S(2.0, make((2, 3)), name="2.0**tensor"),
        # torch's gradgradcheck fails here too: nan from 0 * log(0) in the masked branch
        S(0.0, make((3,), domain="positive"), name="0.0**tensor", gradcheck=False),
        S(3, make((3,)), name="3**tensor"),
    ]
    if dtype == "float32":
        result += [
            S(make((3,), dtype="int64"), 2, name="int**2"),
            S(make((3,), dtype="int64", domain="positive"), 2.5, name="int**2.5"),
            S(make((3,), domain="positive"), make((3,), dtype="float64"), name="f32**f64"),
            S(2, make((3,), dtype="int64", domain="positive"), name="2**int"),
        ]
    return result


def _pow_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(TensorArg(np.array([1, 2], dtype=np.int64)), -1, name="int**negative")]


def _clamp_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), min=-0.5, name="min"),
        S(make((3, 4)), max=0.5, name="max"),
        S(make((3, 4), layout="transposed"), -0.5, 0.5, name="min-max"),
        S(make(()), -0.5, 0.5, name="0d"),
        S(make((0, 2)), -0.5, 0.5, name="empty"),
        S(make((5,)), 1, name="int-min"),
    ]
    if dtype == "float32":
        result.append(S(make((5,), dtype="int64"), -1, 2, name="int64"))
        result.append(S(make((5,), dtype="int64"), -1.5, 2.5, name="int64-float-bounds"))
    return result


def _clamp_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_Maker(rng, "float32")((3,)), name="no-bounds")]


def _where_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    cond = _Maker(rng, "bool")
    result = [
        S(cond((3, 4)), make((3, 4)), make((3, 4)), name="same-shape"),
        S(cond((3, 1)), make((1, 4)), make((3, 4), layout="transposed"), name="broadcast"),
        S(cond((2, 3)), make((2, 3)), 0.0, name="scalar-other"),
        S(cond((2, 3)), 1.5, make((3,)), name="scalar-input"),
        S(cond(()), make(()), make(()), name="0d"),
        S(cond((0,)), make((0,)), make((0,)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(cond((3,)), make((3,)), make((3,), dtype="float64"), name="mixed"))
    return result


def _masked_fill_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    mask = _Maker(rng, "bool")
    return [
        S(make((3, 4)), mask((3, 4)), 0.5, name="scalar"),
        S(make((3, 4), layout="transposed"), mask((4,)), -2, name="broadcast mask, int"),
        S(make((3, 4)), mask((3, 4)), make(()), name="0d tensor value"),
        S(make(()), mask(()), make(()), name="0d"),
    ]


def _masked_fill_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), _mask([True, False, True]), make((3,)), name="1d value"),
        S(make((3,)), _index([1, 0, 1]), 1.0, name="int mask"),
    ]


def _compare_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    base = make((3, 4))
    ties = TensorArg(base.value.copy())
    result = [
        S(base, ties, name="equal-values"),
        S(make((3, 1)), make((1, 4)), name="broadcast"),
        S(make((2, 3), layout="transposed"), 0.5, name="scalar"),
        S(make(()), make(()), name="0d"),
        S(make((0,)), make((0,)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((4,), dtype="int64"), make((4,)), name="int-vs-float"))
        result.append(S(make((4,), dtype="int64"), 1, name="int-vs-int-scalar"))
        result.append(S(make((4,), dtype="bool"), make((4,), dtype="bool"), name="bool"))
    return result


def _special_values(rng: np.random.Generator, dtype: str) -> list[Sample]:
    special = np.array([0.0, -1.5, np.inf, -np.inf, np.nan, 3.0], dtype=dtype)
    result = [
        S(TensorArg(special), name="special"),
        S(TensorArg(special.reshape(2, 3), layout="transposed"), name="noncontig"),
        S(TensorArg(np.array(np.nan, dtype=dtype)), name="0d-nan"),
    ]
    if dtype == "float32":
        result.append(S(TensorArg(np.array([1, 2], dtype=np.int64)), name="int64"))
    return result


def _logical_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), make((3, 4)), name="same-shape"),
        S(make((3, 1)), make((1, 4)), name="broadcast"),
        S(make((0,)), make((0,)), name="empty"),
    ]
    if dtype == "bool":
        zeros = TensorArg(np.array([0.0, 1.0, -2.0, 0.0], dtype=np.float32))
        result.append(S(zeros, make((4,)), name="float-and-bool"))
    return result


def _bitwise_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), make((3, 4)), name="same-shape"),
        S(make((3, 1)), make((1, 4)), name="broadcast"),
        S(make((0,)), make((0,)), name="empty"),
    ]
    if dtype == "int64":
        result.append(S(make((3,)), 6, name="int-scalar"))
    return result


def _bitwise_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), make((3,)), name="float")]


def _pair_same(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    a = make((2, 3))
    return [
        S(a, TensorArg(a.value.copy()), name="equal"),
        S(a, TensorArg(a.value + 1e-9), name="close"),
        S(a, make((2, 3)), name="different"),
        S(a, make((1, 3)), name="broadcast"),
    ]


def _equal_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [*_pair_same(rng, dtype), S(make((2, 3)), make((3, 2)), name="other-shape")]


def _allclose_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), make((3, 2)), name="other-shape")]


# reductions
def _sum_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make(()), name="0d"),
        S(make((3, 4)), name="all"),
        S(make((2, 3, 4), layout="strided"), name="all-strided"),
        S(make((0, 3)), name="empty"),
        S(make((3, 4)), 1, name="dim=1"),
        S(make((3, 4), layout="transposed"), -1, name="dim=-1"),
        S(make((2, 3, 4)), (0, 2), name="dims=(0,2)"),
        S(make((2, 3, 4)), (-1, 0), True, name="dims=(-1,0) keepdim"),
        S(make((2, 3)), 0, keepdim=True, name="keepdim"),
        S(make((2, 3)), [], name="dims=[]"),
        S(make(()), 0, name="0d dim=0"),
        S(make((0, 3)), 0, name="empty dim=0"),
    ]
    if dtype == "float32":
        result += [
            S(make((3, 4), dtype="int64"), name="int64"),
            S(make((3, 4), dtype="int64"), 1, name="int64 dim"),
            S(make((4,), dtype="bool"), name="bool"),
            S(make((2, 3), dtype="int64"), dtype="dtype:float64", name="dtype=float64"),
            S(make((2, 3)), 1, dtype="dtype:float64", name="float32 dtype=float64"),
        ]
    return result


def _dim_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), 5, name="dim=5"), S(make((2, 3)), (0, 0), name="repeated-dim")]


def _mean_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [s for s in _sum_samples(rng, dtype) if "int64" not in s.name and s.name != "bool"]


def _mean_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "int64")
    return [*_dim_errors(rng), S(make((3,)), name="int64"), S(make((2, 3)), 1, name="int64-dim")]


def _max_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    ties = np.array([[1.0, 3.0, 3.0], [0.5, 3.0, -1.0]], dtype=dtype)
    result = [
        S(make(()), name="0d"),
        S(make((3, 4)), name="all"),
        S(make((2, 3, 4), layout="strided"), name="all-strided"),
        S(TensorArg(ties), name="all-ties", gradcheck=False),
        S(make((3, 4)), 1, name="dim=1"),
        S(make((3, 4), layout="transposed"), -1, name="dim=-1"),
        S(make((2, 3, 4)), 0, True, name="dim=0 keepdim"),
        S(make((5,)), 0, name="1d dim=0"),
        S(make(()), 0, name="0d dim=0"),
        S(make((2, 3)), make((2, 3)), name="elementwise"),
    ]
    if dtype == "float32":
        result.append(S(make((3, 4), dtype="int64"), 1, name="int64 dim"))
        result.append(S(make((3, 4), dtype="int64"), name="int64"))
    return result


def _max_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), 3, name="dim=3"), S(make((0,)), name="empty")]


def _arg_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="all"),
        S(make((3, 4)), 1, name="dim=1"),
        S(make((3, 4), layout="transposed"), -1, True, name="dim=-1 keepdim"),
        S(make(()), name="0d"),
    ]


def _logical_reduction_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="all"),
        S(make((3, 4)), 1, name="dim=1"),
        S(make((3, 4)), -1, True, name="dim=-1 keepdim"),
        S(make((0,)), name="empty"),
    ]


# linear algebra
def _mm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((4, 2)), name="3x4 4x2"),
        S(make((3, 4), layout="transposed"), make((4, 2), layout="strided"), name="noncontig"),
        S(make((1, 1)), make((1, 5)), name="1x1 1x5"),
        S(make((0, 3)), make((3, 2)), name="empty rows"),
        S(make((2, 0)), make((0, 3)), name="empty inner"),
    ]


def _mm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), make((2, 3)), name="shape-mismatch"),
        S(make((2, 3)), make((3, 2), dtype="float64"), name="dtype-mismatch"),
    ]


def _mv_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((4,)), name="3x4 4"),
        S(make((3, 4), layout="transposed"), make((4,), layout="strided"), name="noncontig"),
        S(make((0, 2)), make((2,)), name="empty"),
    ]


def _mv_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), make((4,)), name="size-mismatch")]


def _dot_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((5,)), make((5,)), name="5"),
        S(make((4,), layout="strided"), make((4,)), name="strided"),
        S(make((0,)), make((0,)), name="empty"),
    ]


def _dot_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), make((4,)), name="size"), S(make((2, 3)), make((3,)), name="2d")]


def _bmm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), make((2, 4, 5)), name="2x3x4 2x4x5"),
        S(make((2, 3, 4), layout="transposed"), make((2, 4, 2), layout="strided"), name="nc"),
        S(make((0, 3, 4)), make((0, 4, 5)), name="empty batch"),
    ]


def _bmm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), make((2, 3)), name="2d"),
        S(make((2, 3, 4)), make((3, 4, 5)), name="batch-mismatch"),
    ]


def _matmul_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4,)), make((4,)), name="1d.1d"),
        S(make((3, 4)), make((4,)), name="2d.1d"),
        S(make((4,)), make((4, 3)), name="1d.2d"),
        S(make((3, 4), layout="transposed"), make((4, 2)), name="2d.2d"),
        S(make((2, 3, 4)), make((4, 5)), name="3d.2d"),
        S(make((2, 3, 4)), make((4,)), name="3d.1d"),
        S(make((4,)), make((2, 4, 3)), name="1d.3d"),
        S(make((3, 4)), make((2, 4, 5)), name="2d.3d"),
        S(make((2, 3, 4), layout="strided"), make((2, 4, 5)), name="3d.3d"),
        S(make((1, 3, 4)), make((2, 4, 5)), name="3d.3d broadcast"),
        S(make((2, 1, 3, 4)), make((5, 4, 2)), name="4d.3d"),
        S(make((0, 3, 4)), make((4, 2)), name="empty batch"),
    ]


def _matmul_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), make((4,)), name="2d.1d mismatch"),
        S(make((2, 3)), make((2, 3)), name="2d.2d mismatch"),
        S(make(()), make((3,)), name="0d"),
    ]


# shapes and views
def _view_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), (6, 4), name="(6,4)"),
        S(make((2, 3, 4)), (-1,), name="-1"),
        S(make((2, 3, 4)), (4, -1, 2), name="(4,-1,2)"),
        S(make((6,)), (2, 3), name="1d->2d"),
        S(make(()), (1, 1), name="0d->(1,1)"),
        S(make((1, 1)), (), name="(1,1)->0d"),
        S(make((0, 3)), (3, 0), name="empty"),
        S(make((3, 4), layout="transposed"), (1, 3, 4), name="transposed, compatible"),
    ]


def _view_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), (4,), name="size"),
        S(make((2, 3)), (-1, -1), name="two -1"),
        S(make((3, 2), layout="transposed"), (6,), name="strides"),
    ]


def _reshape_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        *_view_samples(rng, dtype),
        S(make((3, 4), layout="transposed"), (12,), name="transposed->copy"),
        S(make((2, 6), layout="strided"), (3, 4), name="strided->copy"),
    ]


def _reshape_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), (5, -1), name="size"), S(make((2, 3)), (-1, -1), name="two -1")]


def _flatten_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), name="all"),
        S(make((2, 3, 4)), 1, name="start=1"),
        S(make((2, 3, 4, 2)), 1, -2, name="1..-2"),
        S(make((3, 4), layout="transposed"), name="transposed"),
        S(make(()), name="0d"),
    ]


def _flatten_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_Maker(rng, "float32")((2, 3)), 1, 0, name="start>end")]


def _t_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="2d"),
        S(make((3, 4), layout="transposed"), name="2d-transposed"),
        S(make((5,)), name="1d"),
        S(make(()), name="0d"),
    ]


def _t_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_Maker(rng, "float32")((2, 3, 4)), name="3d")]


def _two_d(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((3, 4)), name="2d"), S(make((3, 4), layout="transposed"), name="transposed")]


def _batched_matrices(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="2d"),
        S(make((2, 3, 4), layout="strided"), name="3d"),
        S(make((2, 1, 3, 4)), name="4d"),
    ]


def _transpose_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), 0, 2, name="0,2"),
        S(make((2, 3, 4)), -1, 0, name="-1,0"),
        S(make((3, 4), layout="transposed"), 1, 1, name="same"),
        S(make(()), 0, -1, name="0d"),
    ]


def _transpose_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_Maker(rng, "float32")((2, 3)), 0, 2, name="dim")]


def _permute_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), (2, 0, 1), name="(2,0,1)"),
        S(make((2, 3, 4), layout="strided"), (-1, 1, 0), name="negative"),
    ]


def _permute_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), (0, 0), name="repeated"), S(make((2, 3)), (0, 1, 2), name="length")]


def _squeeze_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((1, 3, 1, 2)), name="all"),
        S(make((1, 3, 1, 2)), 0, name="dim=0"),
        S(make((1, 3, 1, 2)), -2, name="dim=-2"),
        S(make((1, 3, 1, 2)), 1, name="not size 1"),
        S(make((1, 3, 1, 2)), (0, 2), name="dims"),
        S(make(()), name="0d"),
        S(make(()), 0, name="0d dim"),
        S(make((1, 0)), name="empty"),
    ]


def _squeeze_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_Maker(rng, "float32")((2, 3)), 4, name="dim")]


def _unsqueeze_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), 0, name="0"),
        S(make((2, 3)), -1, name="-1"),
        S(make((2, 3), layout="transposed"), 1, name="1 transposed"),
        S(make(()), 0, name="0d"),
    ]


def _unsqueeze_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_Maker(rng, "float32")((2, 3)), 4, name="dim")]


def _expand_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 1)), (3, 4), name="(3,1)->(3,4)"),
        S(make((3,)), (2, 3), name="new leading dim"),
        S(make((1, 3)), (2, -1, 3), name="-1"),
        S(make(()), (2, 2), name="0d"),
        S(make((1, 3), layout="strided"), (0, 3), name="to empty"),
    ]


def _expand_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), (3, 3), name="size"), S(make((2, 3)), (3,), name="too few")]


def _to_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((2, 3)), "dtype:float64", name="to float64"),
        S(make((2, 3), layout="transposed"), "dtype:float32", name="to float32", gradcheck=False),
        S(make(()), "dtype:int64", name="to int64"),
        S(make((3,)), "dtype:bool", name="to bool"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), "dtype:float32", name="int to float"))
    return result


def _select_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 0, 1, name="0,1"),
        S(make((3, 4), layout="transposed"), -1, -2, name="-1,-2"),
        S(make((5,)), 0, 4, name="1d"),
    ]


def _select_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3, 4)), 0, 3, name="index"), S(make(()), 0, 0, name="0d")]


def _stack_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S([make((3, 4)), make((3, 4), layout="transposed")], name="two, dim 0"),
        S([make((3,)), make((3,)), make((3,))], -1, name="three, dim -1"),
        S([make(())], name="one 0d"),
        S([make((2, 0))] * 2, 1, name="empty"),
    ]
    if dtype == "float32":
        result.append(S([make((2,)), make((2,), dtype="float64")], name="mixed dtypes"))
    return result


def _stack_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S([make((2,)), make((3,))], name="sizes"),
        S([], name="empty list"),
        S([make((2,))], 2, name="dim"),
    ]


def _unbind_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((3, 4)), name="dim 0"), S(make((2, 3), layout="transposed"), -1, name="-1")]


# indexing
def _getitem_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    x = make((4, 5))
    cube = make((3, 4, 5), layout="strided")
    mask = _Maker(rng, "bool")((4, 5))
    return [
        S(x, 1, name="int"),
        S(x, -1, name="negative int"),
        S(x, (1, 2), name="two ints"),
        S(x, slice(1, 3), name="slice"),
        S(x, slice(None), name="full slice"),
        S(x, slice(0, 10), name="slice past the end"),
        S(x, (slice(None), slice(None, None, 2)), name="step"),
        S(x, (slice(None), slice(0, 5)), name="full slices"),
        S(x, (slice(-3, None), -2), name="negative slice, int"),
        S(x, None, name="None"),
        S(x, (None, 1, None), name="None int None"),
        S(x, Ellipsis, name="Ellipsis"),
        S(cube, (Ellipsis, 1), name="... int"),
        S(cube, (1, Ellipsis, slice(1, 4, 2)), name="int ... slice"),
        S(cube, (slice(None), None, Ellipsis, 0), name=": None ... int"),
        S(x, [0, 2, 2], name="int list with repeats"),
        S(x, _index([3, 0, 3]), name="int tensor"),
        S(x, _index([[0, 1], [1, 3]]), name="2d int tensor"),
        S(x, ([0, 1], [2, 4]), name="two lists"),
        S(x, (slice(1, None), [0, 0, 4]), name="slice, list"),
        S(x, (1, [0, 3]), name="int, list"),
        S(x, mask, name="bool mask"),
        S(x, _mask([True, False, True, False]), name="row mask"),
        S(make(()), Ellipsis, name="0d ..."),
        S(make(()), None, name="0d None"),
        S(make((0, 3)), slice(None), name="empty"),
    ]


def _getitem_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    x = make((2, 3))
    return [
        S(x, 5, name="int"),
        S(x, (0, 7), name="second int"),
        S(x, -3, name="negative"),
        S(x, [0, 5], name="list"),
        S(x, _mask([True, False, True]), name="mask shape"),
        S(x, (0, 0, 0), name="too many"),
    ]


def _setitem(T: Any, base: Any, index: Any, value: Any) -> Any:
    result = base.clone()
    result[index] = value
    return result


def _setitem_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 1, make((4,)), name="row = tensor"),
        S(make((3, 4)), (slice(None), 2), make((3,)), name="column = tensor"),
        S(make((3, 4)), (0, 1), make(()), name="element = 0d"),
        S(make((3, 4)), slice(0, 2), make((4,)), name="rows = broadcast"),
        S(make((3, 4)), 1, 2.5, name="row = scalar"),
        S(make((3, 4)), [0, 2], make((2, 4)), name="list = tensor"),
        S(make((3, 4)), _mask([True, False, True]), 0.0, name="mask = scalar"),
        S(make((3, 4), layout="transposed"), (Ellipsis, 0), make((3,)), name="noncontig base"),
        S(make((3, 4)), (0, [1, 2]), make((2,)), name="view then list = tensor"),
        S(make((3, 4)), Ellipsis, 2.5, name="everything = scalar"),
        S(make((3, 4)), Ellipsis, make((4,)), name="everything = tensor"),
    ]


def _inplace(method: str, **kwargs: Any) -> Callable[..., Any]:
    def op(T: Any, base: Any, other: Any) -> Any:
        result = base * 1
        getattr(result, method)(other, **kwargs)
        return result

    op.__name__ = method
    return op


def _view_inplace(T: Any, base: Any, other: Any) -> Any:
    result = base * 1
    result[0].mul_(other)
    return result


def _view_inplace_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((4,)), name="row *= tensor"),
        S(make((3, 4), layout="transposed"), make(()), name="transposed base, 0d"),
        S(make((2, 3)), 2.5, name="scalar"),
        S(make((2, 3, 2), layout="strided"), make((1, 2)), name="strided base, broadcast"),
    ]


def _chained_view_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((3,)), name="tensor"),
        S(make((3, 4), layout="transposed"), make(()), name="0d"),
        S(make((3, 4)), -1.5, name="scalar"),
    ]


def _chained_view_inplace(T: Any, base: Any, other: Any) -> Any:
    result = base * 1
    view = result.t()[1:]
    view.add_(other)
    return result * view.sum()


def _inplace_samples(domain: str = "real") -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        other = _Maker(rng, dtype, domain)
        return [
            S(make((3, 4)), other((3, 4)), name="same shape"),
            S(make((3, 4), layout="transposed"), other((4,)), name="broadcast other"),
            S(make((2, 3)), 2.5 if domain == "real" else 1.5, name="scalar"),
            S(make(()), other(()), name="0d"),
        ]

    return samples


def _fill_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 2.5, name="scalar"),
        S(make((2, 3)), 0, name="zero"),
        S(make(()), 1.0, name="0d"),
        S(make((3, 4)), make(()), name="0d tensor value"),
    ]


def _zero_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((3, 4)), name="2d"), S(make(()), name="0d")]


def _copy_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), make((3, 4)), name="same shape"),
        S(make((3, 4)), make((4,)), name="broadcast"),
        S(make((3, 4)), make((3, 4), layout="transposed"), name="transposed src"),
    ]
    if dtype == "float32":
        result.append(S(make((3,)), make((3,), dtype="float64"), name="float64 src"))
    return result


def _copy_op(T: Any, base: Any, src: Any) -> Any:
    result = base * 1
    result.copy_(src)
    return result


def _view_copy_op(T: Any, base: Any, src: Any, dim: int, start: int, length: int) -> Any:
    result = base * 1
    result.narrow(dim, start, length).copy_(src)
    return result


def _view_copy_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((4, 3)), make((2, 3)), 0, 1, 2, name="rows"),
        S(make((3, 4)), make((3, 2), layout="transposed"), 1, 1, 2, name="strided view"),
        S(make((4, 3)), make((3,)), 0, 0, 3, name="broadcast"),
        S(make((4, 3)), make(()), 0, 2, 2, name="0-d src"),
        S(make((3, 4), layout="transposed"), make((2, 4)), 0, 0, 2, name="transposed base"),
        S(make((4, 3)), make((0, 3)), 0, 1, 0, name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((4,)), make((2,), dtype="float64"), 0, 1, 2, name="float64 src"))
    return result


def _zero_op(T: Any, base: Any) -> Any:
    result = base * 1
    result.zero_()
    return result


def _fill_op(T: Any, base: Any, value: Any) -> Any:
    result = base * 1
    result.fill_(value)
    return result


def _max_op(T: Any, x: Any, *args: Any) -> Any:
    return T.max(x, *args)


def _min_op(T: Any, x: Any, *args: Any) -> Any:
    return T.min(x, *args)


# -- the database ----------------------------------------------------------------------------
def _op(
    name: str, op: Callable[..., Any], samples: SampleFunction, *covers: str, **options: Any
) -> OpInfo:
    return OpInfo(name, op, samples, covers=covers, **options)


_F32_LOOSE = {"float32": Tolerance(1e-4, 1e-5)}

OP_DB: list[OpInfo] = [
    # arithmetic
    _op(
        "add",
        lambda T, a, b, **kw: T.add(a, b, **kw),
        _add_samples,
        "pointwise.add",
        dtypes=FLOATS_AND_INT,
        errors=_broadcast_errors("add"),
    ),
    _op("__add__", lambda T, a, b: a + b, binary(), "pointwise.add"),
    _op("__radd__", lambda T, a, b: b + a, _reversed_scalar(), "pointwise.add"),
    _op(
        "sub",
        lambda T, a, b, **kw: T.sub(a, b, **kw),
        _add_samples,
        "pointwise.sub",
        dtypes=FLOATS_AND_INT,
        errors=_broadcast_errors("sub"),
    ),
    _op("__sub__", lambda T, a, b: a - b, binary(), "pointwise.sub"),
    _op("__rsub__", lambda T, a, b: b - a, _reversed_scalar(), "pointwise._rsub_scalar"),
    _op(
        "rsub",
        lambda T, a, b, **kw: T.rsub(a, b, **kw),
        _add_samples,
        "pointwise._rsub_tensor",
        "pointwise._rsub_scalar",
        covers_backward=("pointwise.mul_scalar",),
    ),
    _op(
        "mul",
        lambda T, a, b: T.mul(a, b),
        binary(),
        "pointwise.mul",
        dtypes=FLOATS_AND_INT,
        errors=_broadcast_errors("mul"),
    ),
    _op("__mul__", lambda T, a, b: a * b, binary(), "pointwise.mul"),
    _op("__rmul__", lambda T, a, b: b * a, _reversed_scalar(), "pointwise.mul"),
    _op(
        "div",
        lambda T, a, b: T.div(a, b),
        binary("real", "nonzero"),
        "pointwise.true_divide",
        dtypes=FLOATS_AND_INT,
        errors=_broadcast_errors("div"),
    ),
    _op("__truediv__", lambda T, a, b: a / b, binary("real", "nonzero"), "pointwise.true_divide"),
    _op(
        "__rtruediv__",
        lambda T, a, b: b / a,
        _reversed_scalar("nonzero"),
        "pointwise.reciprocal",
        "pointwise.mul",
    ),
    _op(
        "div_floor",
        lambda T, a, b: T.div(a, b, rounding_mode="floor"),
        binary("real", "nonzero", mixed=False),
        "pointwise._div_rounded",
        gradcheck=False,
    ),
    _op(
        "div_trunc",
        lambda T, a, b: T.div(a, b, rounding_mode="trunc"),
        binary("real", "nonzero", mixed=False),
        "pointwise._div_rounded",
        gradcheck=False,
    ),
    _op(
        "remainder",
        lambda T, a, b: T.remainder(a, b),
        binary("real", "nonzero"),
        "pointwise._remainder_scalar",
        "pointwise._remainder_tensor",
        dtypes=FLOATS_AND_INT,
    ),
    _op(
        "pow",
        lambda T, a, b: T.pow(a, b),
        _pow_samples,
        "pointwise._pow_tensor_scalar",
        "pointwise._pow_tensor_tensor",
        "pointwise._pow_scalar_tensor",
        errors=_pow_errors,
    ),
    _op(
        "__pow__",
        lambda T, a, b: a**b,
        binary("positive", scalar=1.5),
        "pointwise._pow_tensor_scalar",
        "pointwise._pow_tensor_tensor",
    ),
    _op("__rpow__", lambda T, a, b: b**a, _reversed_scalar(), "pointwise._pow_scalar_tensor"),
    _op(
        "square",
        lambda T, a: T.square(a),
        unary(),
        "pointwise._pow_tensor_scalar",
        dtypes=FLOATS_AND_INT,
    ),
    _op("neg", lambda T, a: -a, unary(), "pointwise.neg", dtypes=FLOATS_AND_INT),
    _op("abs", lambda T, a: T.abs(a), unary("nonzero"), "pointwise.abs", dtypes=FLOATS_AND_INT),
    _op("sign", lambda T, a: T.sign(a), unary("nonzero"), "pointwise.sign", dtypes=FLOATS_AND_INT),
    _op("reciprocal", lambda T, a: T.reciprocal(a), unary("nonzero"), "pointwise.reciprocal"),
    _op("exp", lambda T, a: T.exp(a), unary(), "pointwise.exp"),
    _op("log", lambda T, a: T.log(a), unary("positive"), "pointwise.log"),
    _op("sqrt", lambda T, a: T.sqrt(a), unary("positive"), "pointwise.sqrt"),
    _op("rsqrt", lambda T, a: T.rsqrt(a), unary("positive"), "pointwise.rsqrt"),
    _op("sin", lambda T, a: T.sin(a), unary(), "pointwise.sin"),
    _op("cos", lambda T, a: T.cos(a), unary(), "pointwise.cos"),
    _op(
        "tanh",
        lambda T, a: T.tanh(a),
        unary(),
        "pointwise.tanh",
        covers_backward=("backward_ops.tanh_backward",),
    ),
    _op(
        "sigmoid",
        lambda T, a: T.sigmoid(a),
        unary(),
        "pointwise.sigmoid",
        covers_backward=("backward_ops.sigmoid_backward",),
    ),
    _op(
        "relu",
        lambda T, a: T.relu(a),
        unary("nonzero"),
        "pointwise.relu",
        covers_backward=("backward_ops.threshold_backward",),
        dtypes=FLOATS_AND_INT,
    ),
    _op(
        "clamp",
        lambda T, a, *args, **kw: T.clamp(a, *args, **kw),
        _clamp_samples,
        "pointwise._clamp_scalar",
        errors=_clamp_errors,
    ),
    _op(
        "maximum",
        lambda T, a, b: T.maximum(a, b),
        binary(scalar=None, ties=True),
        "pointwise.maximum",
        covers_backward=("pointwise._masked_fill_scalar",),
    ),
    _op(
        "minimum",
        lambda T, a, b: T.minimum(a, b),
        binary(scalar=None, ties=True),
        "pointwise.minimum",
    ),
    _op("where", lambda T, c, a, b: T.where(c, a, b), _where_samples, "pointwise._where"),
    _op(
        "masked_fill",
        lambda T, a, mask, value: T.masked_fill(a, mask, value),
        _masked_fill_samples,
        "pointwise._masked_fill_scalar",
        "pointwise._masked_fill_tensor",
        errors=_masked_fill_errors,
    ),
    # comparisons and logic
    *[
        _op(
            name,
            (lambda n: lambda T, a, b: getattr(T, n)(a, b))(name),
            _compare_samples,
            f"pointwise.{name}",
            backward=False,
        )
        for name in ("eq", "ne", "lt", "le", "gt", "ge")
    ],
    *[
        _op(
            name,
            (lambda n: lambda T, a: getattr(T, n)(a))(name),
            _special_values,
            f"pointwise.{name}",
            backward=False,
        )
        for name in ("isnan", "isinf", "isfinite")
    ],
    _op(
        "logical_not",
        lambda T, a: T.logical_not(a),
        unary(),
        "pointwise.logical_not",
        dtypes=("float32", "bool"),
        backward=False,
    ),
    _op(
        "logical_and",
        lambda T, a, b: T.logical_and(a, b),
        _logical_samples,
        "pointwise.logical_and",
        dtypes=("float32", "bool"),
        backward=False,
    ),
    _op(
        "logical_or",
        lambda T, a, b: T.logical_or(a, b),
        _logical_samples,
        "pointwise.logical_or",
        dtypes=("float32", "bool"),
        backward=False,
    ),
    _op(
        "bitwise_and",
        lambda T, a, b: a & b,
        _bitwise_samples,
        "pointwise.bitwise_and",
        dtypes=("int64", "bool"),
        errors=_bitwise_errors,
    ),
    _op(
        "bitwise_or",
        lambda T, a, b: a | b,
        _bitwise_samples,
        "pointwise.bitwise_or",
        dtypes=("int64", "bool"),
        errors=_bitwise_errors,
    ),
    _op(
        "bitwise_xor",
        lambda T, a, b: a ^ b,
        _bitwise_samples,
        "pointwise.bitwise_xor",
        dtypes=("int64", "bool"),
        errors=_bitwise_errors,
    ),
    _op(
        "bitwise_not",
        lambda T, a: ~a,
        unary(ints=False),
        "pointwise.bitwise_not",
        dtypes=("int64", "bool"),
    ),
    _op("equal", lambda T, a, b: T.equal(a, b), _equal_samples, backward=False),
    _op(
        "allclose",
        lambda T, a, b: T.allclose(a, b),
        _pair_same,
        backward=False,
        errors=_allclose_errors,
    ),
    # reductions
    _op(
        "sum",
        lambda T, a, *args, **kw: T.sum(a, *args, **kw),
        _sum_samples,
        "reduction._sum_all",
        "reduction._sum_dims",
        errors=_dim_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "mean",
        lambda T, a, *args, **kw: T.mean(a, *args, **kw),
        _mean_samples,
        "reduction._mean_all",
        "reduction._mean_dims",
        errors=_mean_errors,
        covers_backward=("pointwise.div_scalar",),
        tolerance=_F32_LOOSE,
    ),
    _op(
        "max",
        _max_op,
        _max_samples,
        "reduction._max_all",
        "reduction._max_dim",
        covers_backward=("backward_ops.scatter_into_zeros", "pointwise._masked_fill_tensor"),
        errors=_max_errors,
    ),
    _op(
        "min", _min_op, _max_samples, "reduction._min_all", "reduction._min_dim", errors=_max_errors
    ),
    _op("argmax", lambda T, a, *args: T.argmax(a, *args), _arg_samples, backward=False),
    _op("argmin", lambda T, a, *args: T.argmin(a, *args), _arg_samples, backward=False),
    _op(
        "all",
        lambda T, a, *args: T.all(a, *args),
        _logical_reduction_samples,
        dtypes=("bool", "float32"),
        backward=False,
    ),
    _op(
        "any",
        lambda T, a, *args: T.any(a, *args),
        _logical_reduction_samples,
        dtypes=("bool", "float32"),
        backward=False,
    ),
    # linear algebra
    _op(
        "mm",
        lambda T, a, b: T.mm(a, b),
        _mm_samples,
        "linalg._mm",
        errors=_mm_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "mv",
        lambda T, a, b: T.mv(a, b),
        _mv_samples,
        "linalg._mv",
        errors=_mv_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "dot",
        lambda T, a, b: T.dot(a, b),
        _dot_samples,
        "linalg._dot",
        errors=_dot_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "bmm",
        lambda T, a, b: T.bmm(a, b),
        _bmm_samples,
        "linalg._bmm",
        errors=_bmm_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "matmul",
        lambda T, a, b: T.matmul(a, b),
        _matmul_samples,
        "linalg._mm",
        "linalg._mv",
        "linalg._dot",
        "linalg._bmm",
        "shape._squeeze_result",
        errors=_matmul_errors,
        tolerance=_F32_LOOSE,
    ),
    _op("__matmul__", lambda T, a, b: a @ b, _matmul_samples, "linalg._mm", tolerance=_F32_LOOSE),
    # shapes and views
    _op(
        "view", lambda T, a, shape: a.view(shape), _view_samples, "shape._view", errors=_view_errors
    ),
    _op(
        "reshape",
        lambda T, a, shape: a.reshape(shape),
        _reshape_samples,
        "shape._view",
        "shape._unsafe_view",
        "shape.clone",
        "shape._reshape_alias",
        errors=_reshape_errors,
    ),
    _op(
        "flatten",
        lambda T, a, *args: T.flatten(a, *args),
        _flatten_samples,
        "shape._view",
        errors=_flatten_errors,
    ),
    _op("t", lambda T, a: a.t(), _t_samples, "shape._t", errors=_t_errors),
    _op("T", lambda T, a: a.T, _two_d, "shape._permute"),
    _op("mT", lambda T, a: a.mT, _batched_matrices, "shape._transpose"),
    _op(
        "transpose",
        lambda T, a, d0, d1: T.transpose(a, d0, d1),
        _transpose_samples,
        "shape._transpose",
        errors=_transpose_errors,
    ),
    _op(
        "permute",
        lambda T, a, dims: a.permute(dims),
        _permute_samples,
        "shape._permute",
        errors=_permute_errors,
    ),
    _op(
        "squeeze",
        lambda T, a, *args: a.squeeze(*args),
        _squeeze_samples,
        "shape._squeeze_all",
        "shape._squeeze_dim",
        "shape._squeeze_dims",
        errors=_squeeze_errors,
    ),
    _op(
        "unsqueeze",
        lambda T, a, dim: a.unsqueeze(dim),
        _unsqueeze_samples,
        "shape._unsqueeze",
        errors=_unsqueeze_errors,
    ),
    # in place: the tensor takes the view's layout (PyTorch's TBackward1... nodes)
    _op("t_", lambda T, a: (a * 1).t_(), _t_samples, "shape._t_"),
    _op(
        "transpose_",
        lambda T, a, d0, d1: (a * 1).transpose_(d0, d1),
        _transpose_samples,
        "shape._transpose_",
    ),
    _op(
        "squeeze_",
        lambda T, a, *args: (a * 1).squeeze_(*args),
        _squeeze_samples,
        "shape._squeeze_all_",
        "shape._squeeze_dim_",
        "shape._squeeze_dims_",
    ),
    _op(
        "unsqueeze_",
        lambda T, a, dim: (a * 1).unsqueeze_(dim),
        _unsqueeze_samples,
        "shape._unsqueeze_",
    ),
    _op(
        "expand",
        lambda T, a, size: a.expand(size),
        _expand_samples,
        "shape._expand",
        errors=_expand_errors,
    ),
    _op("clone", lambda T, a: a.clone(), unary(), "shape.clone", dtypes=FLOATS_AND_INT),
    _op("to", lambda T, a, dtype: a.to(dtype), _to_samples, "shape._to_copy"),
    _op("double", lambda T, a: a.double(), unary(), "shape._to_copy"),
    _op(
        "select",
        lambda T, a, dim, index: a.select(dim, index),
        _select_samples,
        "shape._select",
        covers_backward=("backward_ops.select_backward",),
        errors=_select_errors,
    ),
    _op(
        "unbind",
        lambda T, a, *args: a.unbind(*args),
        _unbind_samples,
    ),
    _op(
        "stack",
        lambda T, tensors, *args: T.stack(tensors, *args),
        _stack_samples,
        errors=_stack_errors,
    ),
    # indexing
    _op(
        "getitem",
        lambda T, a, index: a[index],
        _getitem_samples,
        "shape._slice",
        "shape.alias",
        "indexing._index",
        covers_backward=("backward_ops.slice_backward", "backward_ops.index_backward"),
        errors=_getitem_errors,
    ),
    _op(
        "setitem",
        _setitem,
        _setitem_samples,
        "indexing._index_put",
        "indexing._index_put_advanced",
        "indexing._index_put_view",
    ),
    # in-place ops on non-leaf tensors
    _op("add_", _inplace("add_"), _inplace_samples(), "pointwise.add"),
    _op(
        "add_alpha",
        _inplace("add_", alpha=-2),
        _inplace_samples(),
        "pointwise.add",
        covers_backward=("pointwise.mul_scalar",),
    ),
    _op("sub_", _inplace("sub_"), _inplace_samples(), "pointwise.sub"),
    _op("mul_", _inplace("mul_"), _inplace_samples(), "pointwise.mul"),
    _op("div_", _inplace("div_"), _inplace_samples("nonzero"), "pointwise.true_divide"),
    _op(
        "view.mul_",
        _view_inplace,
        _view_inplace_samples,
        "pointwise.mul",
        "inplace._copy_slices",
        "inplace._view_of_base",
    ),
    _op("view.view.add_", _chained_view_inplace, _chained_view_samples, "pointwise.add"),
    _op("fill_", _fill_op, _fill_samples, "inplace._fill", "inplace._fill_tensor"),
    _op(
        "fill",
        lambda T, a, value: T.fill(a, value),
        _fill_samples,
        "inplace._fill_out_of_place",
        "inplace._fill_tensor_out_of_place",
    ),
    _op(
        "zero_",
        _zero_op,
        _zero_samples,
        "inplace._zero",
    ),
    _op("copy_", _copy_op, _copy_samples, "inplace._copy_from"),
    _op("view.copy_", _view_copy_op, _view_copy_samples, "inplace._copy_into_view"),
]


# -- nn.functional ----------------------------------------------------------------------------
def _functional_inplace(name: str) -> Callable[..., Any]:
    """``T.nn.functional.<name>(input, ..., inplace=True)`` on a non-leaf copy of the input."""

    def call(T: Any, input: Any, *args: Any, **kwargs: Any) -> Any:
        target = input * 1
        result = getattr(T.nn.functional, name)(target, *args, inplace=True, **kwargs)
        assert result is target
        return result

    return call


def _functional(name: str, module: str) -> Callable[..., Any]:
    """``T.nn.functional.<name>``; for rungrad, the ``_ops`` function until it is exported."""

    def call(T: Any, *args: Any, **kwargs: Any) -> Any:
        function = getattr(T.nn.functional, name, None)
        if function is None:
            function = getattr(importlib.import_module(f"rungrad._ops.{module}"), name)
        return function(*args, **kwargs)

    call.__name__ = name
    return call


def _top_level(name: str, module: str) -> Callable[..., Any]:
    """``T.<name>`` (``torch.addmm``, ``torch.norm``...); for rungrad, the ``_ops`` function
    until it is exported."""

    def call(T: Any, *args: Any, **kwargs: Any) -> Any:
        function = getattr(T, name, None)
        if function is None:
            function = getattr(importlib.import_module(f"rungrad._ops.{module}"), name)
        return function(*args, **kwargs)

    call.__name__ = name
    return call


def _activation(
    *variants: tuple[tuple[Any, ...], dict[str, Any]], domain: str = "nonzero"
) -> SampleFunction:
    """Each variant (extra args, kwargs) on a 0-d, a 1-D, a transposed and an empty tensor."""

    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype, domain)
        result = []
        for index, (args, kwargs) in enumerate(variants or (((), {}),)):
            for name, tensor in (
                ("0d", make(())),
                ("1d", make((5,))),
                ("transposed", make((3, 4), layout="transposed")),
                ("empty", make((0, 2))),
            ):
                result.append(Sample((tensor, *args), dict(kwargs), name=f"{name} v{index}"))
        return result

    return samples


_REDUCTIONS = ("mean", "sum", "none")


def _regression_loss(**options: Any) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        result = [
            S(make((3, 4)), make((3, 4)), reduction=reduction, **options, name=reduction)
            for reduction in _REDUCTIONS
        ]
        result.append(S(make((3, 4), layout="transposed"), make((3, 4)), **options, name="nc"))
        result.append(S(make(()), make(()), **options, name="0d"))
        result.append(S(make((0, 2)), make((0, 2)), reduction="sum", **options, name="empty"))
        return result

    return samples


def _bce_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    probability = _Maker(rng, dtype, "probability")
    make = _Maker(rng, dtype, "positive")
    return [
        *[
            S(probability((3, 4)), probability((3, 4), requires_grad=False), reduction=r, name=r)
            for r in _REDUCTIONS
        ],
        S(
            probability((2, 3)),
            probability((2, 3)),
            make((2, 3), requires_grad=False),
            name="weight, target grad",
        ),
        S(probability(()), probability(()), name="0d"),
    ]


def _bce_logits_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    probability = _Maker(rng, dtype, "probability")
    positive = _Maker(rng, dtype, "positive")
    return [
        *[S(make((3, 4)), probability((3, 4)), reduction=r, name=r) for r in _REDUCTIONS],
        S(make((2, 3)), probability((2, 3)), positive((2, 3), requires_grad=False), name="weight"),
        S(
            make((2, 3)),
            probability((2, 3)),
            pos_weight=positive((3,), requires_grad=False),
            name="pos_weight",
        ),
        S(make(()), probability(()), name="0d"),
    ]


def _log_probabilities(
    rng: np.random.Generator, shape: tuple[int, ...], dtype: str, dim: int = 1
) -> TensorArg:
    logits = values(rng, shape, dtype)
    shifted = logits - logits.max(axis=dim, keepdims=True)
    return TensorArg(shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True)))


def _nll_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    weight = _Maker(rng, dtype, "positive")
    target = np.array([0, 2, 1, 2], dtype=np.int64)
    target_2d = rng.integers(0, 3, size=(2, 2, 2))
    return [
        *[
            S(_log_probabilities(rng, (4, 3), dtype), _index(target), reduction=r, name=r)
            for r in _REDUCTIONS
        ],
        S(
            _log_probabilities(rng, (4, 3), dtype),
            _index(target),
            weight((3,), requires_grad=False),
            name="weight",
        ),
        S(
            _log_probabilities(rng, (4, 3), dtype),
            _index(target),
            ignore_index=2,
            name="ignore_index",
        ),
        S(_log_probabilities(rng, (3,), dtype, dim=0), _index(np.array(1)), name="1d input"),
        S(_log_probabilities(rng, (2, 3, 2, 2), dtype), _index(target_2d), name="2d"),
        S(
            _log_probabilities(rng, (2, 3, 2, 2), dtype),
            _index(target_2d),
            weight((3,), requires_grad=False),
            reduction="sum",
            name="2d weight sum",
        ),
    ]


def _nll_errors(rng: np.random.Generator) -> list[Sample]:
    return [
        S(_log_probabilities(rng, (2, 3), "float32"), _index([0, 3]), name="target out of range"),
        S(_log_probabilities(rng, (2, 3), "float32"), _index([0, 1, 2]), name="batch mismatch"),
        S(
            _log_probabilities(rng, (2, 3), "float32"),
            _index([0, 1]),
            TensorArg(np.ones(3, dtype=np.float32)),
            name="weight requires grad",
        ),
    ]


def _cross_entropy_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    target = _index(np.array([0, 2, 1, 2], dtype=np.int64))
    probabilities = np.exp(_log_probabilities(rng, (4, 3), dtype).value)
    return [
        *[S(make((4, 3)), target, reduction=r, name=r) for r in _REDUCTIONS],
        S(make((4, 3)), target, label_smoothing=0.1, name="label_smoothing"),
        S(make((4, 3)), TensorArg(probabilities), name="probability target"),
        S(make((2, 3, 2)), _index(rng.integers(0, 3, size=(2, 2))), name="(N,C,d)"),
    ]


def _kl_div_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    probabilities = np.exp(_log_probabilities(rng, (3, 4), dtype).value)
    return [
        S(
            _log_probabilities(rng, (3, 4), dtype),
            TensorArg(probabilities),
            reduction="batchmean",
            name="batchmean",
        ),
        S(
            _log_probabilities(rng, (3, 4), dtype),
            TensorArg(probabilities),
            reduction="sum",
            name="sum",
        ),
        S(
            _log_probabilities(rng, (3, 4), dtype),
            _log_probabilities(rng, (3, 4), dtype),
            reduction="batchmean",
            log_target=True,
            name="log_target",
        ),
    ]


def _softmax_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 1, name="dim=1"),
        S(make((3, 4), layout="transposed"), -2, name="dim=-2"),
        S(make((2, 3, 4), layout="strided"), 0, name="3d dim=0"),
        S(make(()), 0, name="0d"),
        S(make((0, 3)), 1, name="empty"),
    ]


def _linear_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((2, 4)), make((2,)), name="2d with bias"),
        S(make((3, 4)), make((2, 4)), name="2d without bias"),
        S(make((2, 3, 4), layout="strided"), make((2, 4)), make((2,)), name="3d with bias"),
        S(make((4,)), make((2, 4)), make((2,)), name="1d with bias"),
    ]


def _linear_errors(rng: np.random.Generator) -> list[Sample]:
    """A bias that does not expand to the output's shape: PyTorch's expand messages, from
    the addmm that a 1-d, 2-d or contiguous 3-d input goes through."""
    make = _Maker(rng, "float32")
    return [
        S(make((3, 4)), make((2, 4)), make((4,)), name="2d, bias of in_features"),
        S(make((3, 4)), make((2, 4)), make((3, 1, 2)), name="2d, 3-d bias"),
        S(make((2, 3, 4)), make((2, 4)), make((4,)), name="3d, bias of in_features"),
        S(make((4,)), make((2, 4)), make((4,)), name="1d, bias of in_features"),
    ]


def _addmm_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4,)), make((3, 4)), make((4, 2)), name="1-d input of the wrong size"),
        S(make((3, 1, 2)), make((3, 4)), make((4, 2)), name="3-d input"),
        S(make((4, 2)), make((3, 4)), make((4, 2)), name="2-d input of the wrong size"),
    ]


def _addmm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 2)), make((3, 4)), make((4, 2)), name="plain"),
        S(
            make((2,)),
            make((3, 4)),
            make((4, 2), layout="transposed"),
            beta=0.5,
            alpha=2,
            name="broadcast, beta, alpha",
        ),
    ]


def _bilinear_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), make((2, 2)), make((2, 3, 2)), make((2,)), name="with bias"),
        S(make((2, 3)), make((2, 2)), make((1, 3, 2)), name="without bias"),
    ]


def _embedding_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(_index([[0, 2], [4, 2]]), make((5, 3)), name="2d indices"),
        # the padding row gets no gradient: finite differences disagree by design
        S(_index([1, 1, 3]), make((5, 3)), padding_idx=1, name="padding_idx", gradcheck=False),
        S(_index(np.array(2)), make((5, 3)), name="0d index"),
    ]


def _embedding_bag_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    indices, offsets = [1, 2, 4, 4, 3, 0, 2], [0, 2, 2, 5]  # the second bag is empty
    return [
        S(_index(indices), make((5, 3)), _index(offsets), name="mean"),
        S(_index(indices), make((5, 3)), _index(offsets), mode="sum", name="sum"),
        S(_index(indices), make((5, 3)), _index(offsets), mode="max", name="max"),
        S(_index([[1, 2], [0, 4]]), make((5, 3)), name="2d input"),
        S(
            _index(indices),
            make((5, 3)),
            _index(offsets),
            mode="sum",
            per_sample_weights=make((7,)),
            padding_idx=2,
            name="per_sample_weights",
        ),
        S(
            _index(indices),
            make((5, 3)),
            _index([0, 2, 7]),
            mode="max",
            padding_idx=4,
            include_last_offset=True,
            name="padding_idx, include_last_offset",
        ),
    ]


def _conv_samples(
    rng: np.random.Generator, dtype: str, transposed: bool, spatial: int
) -> list[Sample]:
    make = _Maker(rng, dtype)
    size = {1: (5,), 2: (4, 4), 3: (3, 4, 3)}[spatial]
    kernel = (2,) * spatial

    def weight(channels_in: int, channels_out: int, groups: int = 1) -> TensorArg:
        if transposed:
            return make((channels_in, channels_out // groups, *kernel))
        return make((channels_out, channels_in // groups, *kernel))

    return [
        S(make((1, 2, *size)), weight(2, 2), make((2,)), name="bias"),
        S(make((2, 1, *size)), weight(1, 2), stride=2, padding=1, name="stride, padding"),
        S(make((1, 2, *size)), weight(2, 2, groups=2), groups=2, name="groups"),
        S(make((1, 2, *size)), weight(2, 1), dilation=2, name="dilation"),
    ]


def _conv_errors(spatial: int) -> Callable[[np.random.Generator], list[Sample]]:
    def errors(rng: np.random.Generator) -> list[Sample]:
        make = _Maker(rng, "float32")
        size = (5,) * spatial
        return [S(make((1, 3, *size)), make((2, 2, *(2,) * spatial)), name="channels")]

    return errors


def values_arg(rng: np.random.Generator, shape: tuple[int, ...], dtype: str) -> TensorArg:
    return TensorArg(values(rng, shape, dtype))


def _conv_transpose3d_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((1, 3, 2, 2, 2)), make((2, 2, 2, 2, 2)), name="channels"),
        S(make((3, 2, 2)), make((3, 2, 2, 2, 2)), name="input dims"),
        S(make((1, 2, 2, 2, 2)), make((2, 2, 2, 2)), name="weight dims"),
        S(make((1, 2, 2, 2, 2)), make((2, 2, 2, 2, 2)), output_padding=1, name="output_padding"),
    ]


def _pool_samples(spatial: int, kind: str) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        size = {1: (6,), 2: (4, 5), 3: (3, 4, 5)}[spatial]
        if kind == "adaptive":
            return [
                S(make((1, 2, *size)), (3,) * spatial if spatial > 1 else 3, name="3"),
                S(make((2, *size)), 2, name="unbatched"),
            ]
        result = [
            S(make((1, 2, *size)), 2, name="kernel 2"),
            S(make((1, 2, *size)), 3, 1, 1, name="kernel 3 stride 1 padding 1"),
            S(make((2, *size)), 2, ceil_mode=True, name="unbatched ceil_mode"),
        ]
        if kind == "avg":
            result.append(
                S(
                    make((1, 1, *size)),
                    3,
                    2,
                    1,
                    count_include_pad=False,
                    name="count_include_pad=False",
                )
            )
        else:
            result.append(S(make((1, 1, *size)), 2, 1, dilation=2, name="dilation"))
        return result

    return samples


def _pool3d_errors(kind: str) -> Callable[[np.random.Generator], list[Sample]]:
    def errors(rng: np.random.Generator) -> list[Sample]:
        make = _Maker(rng, "float32")
        x = make((1, 2, 3, 4, 5))
        return [
            S(make((2, 3, 4)), 2, name="3-d input"),
            S(x, (2, 2), name="kernel of two"),
            S(x, 2, (1, 1), name="stride of two"),
            S(x, 2, 1, (1, 1), name="padding of two"),
            S(x, 2, 0, name="zero stride"),
            S(x, (2, 1, 2), -1, name="negative stride"),
            S(x, 2, 2, 2, name="padding over half"),
            S(x, 5, name="kernel over the input"),
            S(x, (4, 1, 1), name="kernel over the depth"),
        ]

    return errors


def _adaptive_max_samples(spatial: int) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)
        size = {1: (7,), 2: (4, 5), 3: (3, 4, 5)}[spatial]
        result = _pool_samples(spatial, "adaptive")(rng, dtype)
        indices = {1: 4, 2: (2, None), 3: (2, None, 3)}[spatial]
        result.append(S(make((2, 1, *size)), indices, return_indices=True, name="indices"))
        return result

    return samples


def _unpool_indices(
    rng: np.random.Generator, shape: tuple[int, ...], spatial: int, plane: int
) -> TensorArg:
    """Distinct positions in each output plane of ``plane`` elements, as max pooling gives."""
    lead, inner = shape[: len(shape) - spatial], int(np.prod(shape[len(shape) - spatial :]))
    rows = [rng.permutation(plane)[:inner] for _ in range(int(np.prod(lead)))]
    return _index(np.array(rows).reshape(shape))


def _max_unpool_samples(spatial: int) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype)

        def case(shape: tuple[int, ...], plane: int, *args: Any, **kwargs: Any) -> Sample:
            indices = _unpool_indices(rng, shape, spatial, plane)
            return S(make(shape), indices, *args, **kwargs)

        if spatial == 1:
            return [
                case((2, 2, 3), 6, 2, name="1d"),
                case((2, 3), 7, 2, output_size=[7], name="unbatched, output_size"),
            ]
        if spatial == 3:
            return [
                case((1, 2, 2, 2, 1), 16, 2, name="kernel 2"),
                case((2, 1, 2, 2), 45, 2, output_size=(3, 3, 5), name="unbatched, output_size"),
                case((1, 1, 2, 1, 2), 12, (2, 2, 3), 1, (0, 0, 1), name="stride and padding"),
            ]
        return [
            case((1, 2, 2, 2), 16, 2, name="kernel 2"),
            case((2, 3, 2), 25, 2, output_size=(5, 5), name="unbatched, output_size"),
            case((1, 1, 2, 2), 6, (2, 3), 1, (0, 1), name="stride and padding"),
        ]

    return samples


def _pad_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), (1, 2), name="last dim"),
        S(make((2, 3, 4)), (1, 0, 2, 1), value=0.5, name="two dims, value"),
        S(make((2, 5)), (-1, 1), name="negative (crop)"),
    ]


def _layer_norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), (4,), make((4,)), make((4,)), name="last dim, affine"),
        S(make((2, 3, 4), layout="transposed"), (3, 4), name="two dims"),
        S(make((3, 4)), [4], make((4,)), eps=1e-3, name="weight only, eps"),
    ]


def _batch_norm(T: Any, input: Any, mean: Any, var: Any, *args: Any, **kwargs: Any) -> Any:
    """batch_norm, returning the running statistics too (training updates them in place)."""
    out = _functional("batch_norm", "normalization")(T, input, mean, var, *args, **kwargs)
    return (out, mean, var) if mean is not None else out


def _batch_norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    positive = _Maker(rng, dtype, "positive")

    def stats(channels: int) -> tuple[TensorArg, TensorArg]:
        return (make((channels,), requires_grad=False), positive((channels,), requires_grad=False))

    return [
        S(make((4, 3)), *stats(3), make((3,)), make((3,)), True, name="train 2d affine"),
        S(make((2, 3, 4)), *stats(3), training=True, momentum=0.3, name="train 3d"),
        S(make((2, 3, 2, 2)), None, None, make((3,)), make((3,)), True, name="no running"),
        S(make((4, 3)), *stats(3), make((3,)), make((3,)), False, name="eval affine"),
        S(make((2, 3, 4)), *stats(3), name="eval 3d"),
    ]


def _group_norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 4, 3)), 2, make((4,)), make((4,)), name="2 groups, affine"),
        S(make((2, 4)), 4, name="4 groups"),
    ]


def _norm_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    return [
        S(make((3, 4)), name="2-norm"),
        S(make((3, 4)), 1, name="1-norm"),
        S(make((3, 4)), 3, 1, name="3-norm dim=1"),
        S(make((3, 4), layout="transposed"), 2, (0, 1), True, name="dims keepdim"),
        S(make((2, 3)), float("inf"), 1, name="inf-norm", gradcheck=False),
    ]


def _pair_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    return [S(make((3, 4)), make((3, 4)), name="(3,4)"), S(make((4,)), make((4,)), 0, name="1d")]


def _normalize_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    return [
        S(make((3, 4)), name="default"),
        S(make((3, 4), layout="transposed"), 1.0, 0, name="p=1 dim=0"),
        S(make((2, 3, 4), layout="strided"), 3, -1, name="p=3 dim=-1"),
    ]


def _binary_loss_errors(rng: np.random.Generator) -> list[Sample]:
    probability = _Maker(rng, "float32", "probability")
    return [S(probability((3,)), probability((3,)), probability((3,)), name="weight requires grad")]


NN_OPS: list[OpInfo] = [
    _op(
        "leaky_relu",
        _functional("leaky_relu", "activation"),
        _activation(((), {}), ((0.2,), {})),
        "activation._leaky_relu",
        covers_backward=("backward_ops.leaky_relu_backward",),
    ),
    _op(
        "elu",
        _functional("elu", "activation"),
        _activation(((), {}), ((), {"alpha": 0.5})),
        "activation._elu",
        covers_backward=("activation.elu_backward",),
    ),
    _op("selu", _functional("selu", "activation"), _activation(), "activation._elu"),
    _op(
        "celu",
        _functional("celu", "activation"),
        _activation(
            ((), {"alpha": 2.0}),
        ),
        "activation._celu",
    ),
    _op(
        "gelu",
        _functional("gelu", "activation"),
        _activation(((), {}), ((), {"approximate": "tanh"})),
        "activation._gelu",
        covers_backward=("activation.gelu_backward",),
    ),
    _op("silu", _functional("silu", "activation"), _activation(), "activation._silu"),
    _op("mish", _functional("mish", "activation"), _activation(), "activation._mish"),
    _op(
        "softplus",
        _functional("softplus", "activation"),
        _activation(((), {}), ((2.0, 1.0), {})),
        "activation._softplus",
        covers_backward=("activation.softplus_backward",),
    ),
    _op(
        "hardtanh",
        _functional("hardtanh", "activation"),
        _activation(((), {}), ((-0.25, 0.75), {})),
        "activation._hardtanh",
        covers_backward=("backward_ops.hardtanh_backward",),
    ),
    _op("relu6", _functional("relu6", "activation"), _activation(), "activation._hardtanh"),
    # PyTorch has no second derivative of hardsigmoid: both raise "not implemented"
    # (tests/test_second_order_nodes.py).
    _op(
        "hardsigmoid",
        _functional("hardsigmoid", "activation"),
        _activation(),
        "activation._hardsigmoid",
        double_backward=False,
        covers_backward=(
            "activation.hardsigmoid_backward",
            "activation._hardsigmoid_backward_of_self",
            "activation._hardsigmoid_backward_of_grad",
        ),
    ),
    _op(
        "hardswish",
        _functional("hardswish", "activation"),
        _activation(),
        "activation._hardswish",
        covers_backward=("activation.hardswish_backward",),
    ),
    _op(
        "logsigmoid",
        _functional("logsigmoid", "activation"),
        _activation(),
        "activation._logsigmoid",
        covers_backward=("activation.log_sigmoid_backward",),
    ),
    _op(
        "threshold",
        _functional("threshold", "activation"),
        _activation(((0.75, -2.0), {})),
        "activation._threshold",
    ),
    # In place (``inplace=True``): PyTorch's ...Backward1 nodes, gradients from the result.
    _op(
        "leaky_relu_",
        _functional_inplace("leaky_relu"),
        _activation(((), {}), ((0.2,), {})),
        "activation._leaky_relu_",
    ),
    _op(
        "elu_",
        _functional_inplace("elu"),
        _activation(((), {}), ((), {"alpha": 0.5})),
        "activation._elu_",
    ),
    _op("selu_", _functional_inplace("selu"), _activation(), "activation._elu_"),
    _op(
        "celu_", _functional_inplace("celu"), _activation(((), {"alpha": 2.0})), "activation._celu_"
    ),
    _op(
        "rrelu_",
        _functional_inplace("rrelu"),
        _activation(((), {}), ((0.2, 0.4), {})),
        "activation._rrelu_with_noise_",
    ),
    _op(
        "threshold_",
        _functional_inplace("threshold"),
        _activation(((0.75, -2.0), {})),
        "activation._threshold_",
    ),
    _op("softsign", _functional("softsign", "activation"), _activation()),
    _op("tanhshrink", _functional("tanhshrink", "activation"), _activation()),
    _op(
        "mse_loss",
        _functional("mse_loss", "loss"),
        _regression_loss(),
        "loss._mse_loss",
        covers_backward=("loss.mse_loss_backward",),
    ),
    _op("l1_loss", _functional("l1_loss", "loss"), _regression_loss()),
    _op(
        "smooth_l1_loss",
        _functional("smooth_l1_loss", "loss"),
        _regression_loss(beta=0.5),
        "loss._smooth_l1_loss",
        covers_backward=("loss.smooth_l1_loss_backward",),
    ),
    _op(
        "huber_loss",
        _functional("huber_loss", "loss"),
        _regression_loss(delta=0.5),
        "loss._huber_loss",
        covers_backward=("loss.huber_loss_backward",),
    ),
    _op(
        "binary_cross_entropy",
        _functional("binary_cross_entropy", "loss"),
        _bce_samples,
        "loss._binary_cross_entropy",
        covers_backward=("loss.binary_cross_entropy_backward",),
        tolerance=_F32_LOOSE,
        errors=_binary_loss_errors,
    ),
    _op(
        "binary_cross_entropy_with_logits",
        _functional("binary_cross_entropy_with_logits", "loss"),
        _bce_logits_samples,
        "loss._bce_with_logits",
        tolerance=_F32_LOOSE,
        errors=_binary_loss_errors,
    ),
    _op(
        "nll_loss",
        _functional("nll_loss", "loss"),
        _nll_samples,
        "loss._nll_loss",
        "loss._nll_loss_2d",
        covers_backward=("loss.nll_loss_backward",),
        errors=_nll_errors,
    ),
    _op(
        "cross_entropy",
        _functional("cross_entropy", "loss"),
        _cross_entropy_samples,
        tolerance=_F32_LOOSE,
    ),
    _op("kl_div", _functional("kl_div", "loss"), _kl_div_samples, tolerance=_F32_LOOSE),
    _op(
        "softmax",
        _functional("softmax", "nn"),
        _softmax_samples,
        "nn._softmax",
        covers_backward=("nn.softmax_backward_data",),
    ),
    _op(
        "log_softmax",
        _functional("log_softmax", "nn"),
        _softmax_samples,
        "nn._log_softmax",
        covers_backward=("nn.log_softmax_backward_data",),
    ),
    _op(
        "linear",
        _functional("linear", "nn"),
        _linear_samples,
        "nn._addmm",
        tolerance=_F32_LOOSE,
        errors=_linear_errors,
    ),
    _op(
        "addmm",
        _top_level("addmm", "nn"),
        _addmm_samples,
        "nn._addmm",
        tolerance=_F32_LOOSE,
        errors=_addmm_errors,
    ),
    _op("bilinear", _functional("bilinear", "nn"), _bilinear_samples, tolerance=_F32_LOOSE),
    _op(
        "embedding",
        _functional("embedding", "nn"),
        _embedding_samples,
        "nn._embedding",
        covers_backward=("nn.embedding_backward",),
    ),
    _op(
        "embedding_bag",
        _functional("embedding_bag", "nn"),
        _embedding_bag_samples,
        "nn._embedding_bag",
        double_backward=False,  # PyTorch has no derivative of embedding_bag's backward
    ),
    _op(
        "conv1d",
        _functional("conv1d", "convolution"),
        lambda rng, dtype: _conv_samples(rng, dtype, False, 1),
        "convolution._convolution",
        covers_backward=(
            "convolution.convolution_weight_grad",
            "convolution.convolution_input_grad",
        ),
        errors=_conv_errors(1),
        tolerance=_F32_LOOSE,
    ),
    _op(
        "conv2d",
        _functional("conv2d", "convolution"),
        lambda rng, dtype: _conv_samples(rng, dtype, False, 2),
        "convolution._convolution",
        errors=_conv_errors(2),
        tolerance=_F32_LOOSE,
    ),
    _op(
        "conv3d",
        _functional("conv3d", "convolution"),
        lambda rng, dtype: _conv_samples(rng, dtype, False, 3),
        errors=_conv_errors(3),
        tolerance=_F32_LOOSE,
    ),
    _op(
        "conv_transpose1d",
        _functional("conv_transpose1d", "convolution"),
        lambda rng, dtype: _conv_samples(rng, dtype, True, 1),
        "convolution._convolution",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "conv_transpose2d",
        _functional("conv_transpose2d", "convolution"),
        lambda rng, dtype: _conv_samples(rng, dtype, True, 2),
        "convolution._convolution",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "conv_transpose3d",
        _functional("conv_transpose3d", "convolution"),
        lambda rng, dtype: [
            *_conv_samples(rng, dtype, True, 3),
            S(
                values_arg(rng, (2, 3, 2, 3), dtype),
                values_arg(rng, (2, 1, 2, 1, 2), dtype),
                stride=(2, 1, 2),
                output_padding=(1, 0, 0),
                name="unbatched, output_padding",
            ),
        ],
        "convolution._convolution",
        errors=_conv_transpose3d_errors,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "max_pool1d",
        _functional("max_pool1d", "pooling"),
        _pool_samples(1, "max"),
        "pooling._max_pool2d",
    ),
    _op(
        "max_pool2d",
        _functional("max_pool2d", "pooling"),
        _pool_samples(2, "max"),
        "pooling._max_pool2d",
        covers_backward=("pooling.max_pool2d_backward",),
    ),
    _op(
        "max_pool3d",
        _functional("max_pool3d", "pooling"),
        _pool_samples(3, "max"),
        "pooling._max_pool3d",
        covers_backward=("pooling.max_pool3d_backward",),
        errors=_pool3d_errors("max"),
    ),
    _op(
        "avg_pool1d",
        _functional("avg_pool1d", "pooling"),
        _pool_samples(1, "avg"),
        "pooling._avg_pool2d",
    ),
    _op(
        "avg_pool2d",
        _functional("avg_pool2d", "pooling"),
        _pool_samples(2, "avg"),
        "pooling._avg_pool2d",
        covers_backward=("pooling.avg_pool2d_backward",),
    ),
    _op(
        "avg_pool3d",
        _functional("avg_pool3d", "pooling"),
        _pool_samples(3, "avg"),
        "pooling._avg_pool3d",
        covers_backward=("pooling.avg_pool3d_backward",),
        errors=_pool3d_errors("avg"),
    ),
    _op(
        "adaptive_avg_pool1d",
        _functional("adaptive_avg_pool1d", "pooling"),
        _pool_samples(1, "adaptive"),
        "pooling._adaptive_avg_pool2d",
    ),
    _op(
        "adaptive_avg_pool2d",
        _functional("adaptive_avg_pool2d", "pooling"),
        _pool_samples(2, "adaptive"),
        "pooling._adaptive_avg_pool2d",
        covers_backward=("pooling.adaptive_avg_pool2d_backward",),
    ),
    _op(
        "adaptive_max_pool1d",
        _functional("adaptive_max_pool1d", "pooling"),
        _adaptive_max_samples(1),
        "pooling._adaptive_max_pool2d",
    ),
    _op(
        "adaptive_max_pool2d",
        _functional("adaptive_max_pool2d", "pooling"),
        _adaptive_max_samples(2),
        "pooling._adaptive_max_pool2d",
        covers_backward=("pooling.adaptive_max_pool2d_backward",),
    ),
    _op(
        "max_unpool1d",
        _functional("max_unpool1d", "pooling"),
        _max_unpool_samples(1),
        "pooling._max_unpool2d",
    ),
    _op(
        "max_unpool2d",
        _functional("max_unpool2d", "pooling"),
        _max_unpool_samples(2),
        "pooling._max_unpool2d",
    ),
    _op(
        "adaptive_avg_pool3d",
        _functional("adaptive_avg_pool3d", "pooling3d"),
        _pool_samples(3, "adaptive"),
        "pooling3d._adaptive_avg_pool3d",
        covers_backward=("pooling3d.adaptive_avg_pool3d_backward",),
    ),
    _op(
        "adaptive_max_pool3d",
        _functional("adaptive_max_pool3d", "pooling3d"),
        _adaptive_max_samples(3),
        "pooling3d._adaptive_max_pool3d",
        covers_backward=("pooling3d.adaptive_max_pool3d_backward",),
    ),
    _op(
        "max_unpool3d",
        _functional("max_unpool3d", "pooling3d"),
        _max_unpool_samples(3),
        "pooling3d._max_unpool3d",
    ),
    _op("pad", _functional("pad", "padding"), _pad_samples, "padding._constant_pad"),
    _op(
        "layer_norm",
        _functional("layer_norm", "normalization"),
        _layer_norm_samples,
        "normalization._layer_norm",
        covers_backward=("normalization._layer_norm_backward",),
        tolerance=_F32_LOOSE,
    ),
    _op(
        "batch_norm",
        _batch_norm,
        _batch_norm_samples,
        "normalization._batch_norm_train",
        "normalization._batch_norm_eval",
        covers_backward=(
            "normalization._batch_norm_backward",
            "normalization._batch_norm_eval_backward",
        ),
        tolerance=_F32_LOOSE,
    ),
    _op(
        "group_norm",
        _functional("group_norm", "normalization"),
        _group_norm_samples,
        "normalization._group_norm",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "norm",
        _top_level("norm", "normalization"),
        _norm_samples,
        "normalization._norm_dim",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "vector_norm",
        lambda T, *args: (
            T.linalg.vector_norm(*args)
            if hasattr(T, "linalg")
            else importlib.import_module("rungrad._ops.normalization").vector_norm(*args)
        ),
        _norm_samples,
        "normalization._linalg_vector_norm",
        tolerance=_F32_LOOSE,
    ),
    _op(
        "normalize",
        _functional("normalize", "normalization"),
        _normalize_samples,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "cosine_similarity",
        _functional("cosine_similarity", "normalization"),
        _pair_samples,
        tolerance=_F32_LOOSE,
    ),
    _op(
        "pairwise_distance",
        _functional("pairwise_distance", "normalization"),
        _pair_samples,
        tolerance=_F32_LOOSE,
    ),
]

# PyTorch's nn kernels have dedicated double-backward nodes (LeakyReluBackwardBackward0,
# MseLossBackwardBackward0...) where rungrad's formulas compose ordinary ops: the values and
# gradients agree, the names of the first-order gradients' nodes do not (yet).
for _row in NN_OPS:
    _row.check_double_backward_grad_fn = False
    _row.none_grad_is_zero = True
OP_DB += NN_OPS


def _filled(fill: str, scale: float = 1.0) -> Callable[..., Any]:
    """``(a * 1).<fill>`` (times ``scale``): deterministic where the fill's parameters leave
    one value (``uniform_(0.5, 0.5)``), else scaled by 0 — the values drawn are not PyTorch's."""

    def op(T: Any, a: Any) -> Any:
        result = eval(f"target.{fill}", {"target": a * 1, "T": T})
        return result if scale == 1.0 else result * scale

    return op


def _seeded(call: Callable[..., Any]) -> Callable[..., Any]:
    """``call`` after ``manual_seed(0)``: rungrad's generator draws PyTorch's numbers."""

    def op(T: Any, *args: Any) -> Any:
        T.manual_seed(0)
        return call(T, *args)

    return op


# The gradients of gamma draws: PyTorch's fitted approximations, rungrad's exact values.
_SAMPLE_GRAD_LOOSE = {"float32": Tolerance(1e-3, 1e-4), "float64": Tolerance(1e-3, 1e-4)}


# Random fills in place and samplers: values that do not depend on the draw, zero gradients.
RANDOM_OPS: list[OpInfo] = [
    _op("Tensor.uniform_", _filled("uniform_(0.5, 0.5)"), _activation(), "random._uniform"),
    _op("Tensor.normal_", _filled("normal_(0.25, 0.0)"), _activation(), "random._normal"),
    _op("Tensor.bernoulli_", _filled("bernoulli_(1.0)"), _activation(), "random._bernoulli_scalar"),
    _op(
        "Tensor.bernoulli_(p)",
        _filled("bernoulli_(T.ones(()))"),
        _activation(),
        "random._bernoulli_tensor",
    ),
    _op("Tensor.random_()", _filled("random_()", 0.0), _activation(), "random._random_default"),
    _op("Tensor.random_(to)", _filled("random_(1)"), _activation(), "random._random_to"),
    _op(
        "Tensor.random_(from, to)",
        _filled("random_(3, 4)"),
        _activation(),
        "random._random_from_to",
    ),
    _op(
        "Tensor.exponential_", _filled("exponential_()", 0.0), _activation(), "random._exponential"
    ),
    _op("Tensor.geometric_", _filled("geometric_(0.5)", 0.0), _activation(), "random._geometric"),
    _op("Tensor.log_normal_", _filled("log_normal_()", 0.0), _activation(), "random._log_normal"),
    _op("Tensor.cauchy_", _filled("cauchy_(0.0, 1e-30)", 0.0), _activation(), "random._cauchy"),
    _op("bernoulli", lambda T, a: T.bernoulli(a * 0 + 1), _activation(), "random._bernoulli"),
    _op("poisson", lambda T, a: T.poisson(a * 0), _activation(), "random._poisson"),
    # Samplers whose draws are PyTorch's own: seeded, so both libraries draw the same values.
    _op(
        "_standard_gamma",
        _seeded(lambda T, a: T._standard_gamma(a.abs() + 0.5)),
        _activation(),
        "random._standard_gamma_op",
        gradcheck=False,  # a draw's gradient is implicit (reparameterized), not d(draw)/da
        double_backward=False,
        tolerance=_SAMPLE_GRAD_LOOSE,
    ),
    _op(
        "_standard_gamma_grad",
        lambda T, a: T._standard_gamma_grad(a.abs() + 0.5, a.abs() + 0.25),
        _activation(),
        "random._standard_gamma_grad",
        backward=False,
        tolerance=_SAMPLE_GRAD_LOOSE,
    ),
    _op(
        "_sample_dirichlet",
        _seeded(lambda T, a: T._sample_dirichlet(a.abs() + 0.5)),
        _activation(),
        "random._sample_dirichlet_op",
        backward=False,
    ),
    _op(
        "_dirichlet_grad",
        lambda T, a: T._dirichlet_grad((a.abs() + 1) / (a.abs() + 3), a.abs() + 1, a * 0 + 4),
        _activation(),
        "random._dirichlet_grad",
        backward=False,
        tolerance={"float32": Tolerance(2e-3, 1e-4), "float64": Tolerance(2e-3, 1e-4)},
    ),
    _op(
        "binomial",
        _seeded(lambda T, a: T.binomial(a.abs().floor() * 3 + 2, (a.abs() + 1).reciprocal())),
        _activation(),
        "random._binomial_op",
        backward=False,
    ),
]
OP_DB += RANDOM_OPS

# Rows of later op families live in their own modules (imported here, at the end, because
# they build rows with the helpers above).
from op_db_linalg import LINALG_OPS  # noqa: E402
from op_db_losses import LOSS_OPS  # noqa: E402
from op_db_lu import LU_OPS  # noqa: E402
from op_db_normal import NORMAL_OPS  # noqa: E402
from op_db_pointwise import POINTWISE_OPS  # noqa: E402
from op_db_reduction import REDUCTION_OPS  # noqa: E402
from op_db_sampling import SAMPLING_OPS  # noqa: E402
from op_db_sequences import SEQUENCE_OPS  # noqa: E402
from op_db_shape import SHAPE_OPS  # noqa: E402
from op_db_special import SPECIAL_OPS  # noqa: E402
from op_db_spectral import SPECTRAL_OPS  # noqa: E402
from op_db_statistics import STATISTICS_OPS  # noqa: E402

OP_DB += POINTWISE_OPS + REDUCTION_OPS + SHAPE_OPS + LINALG_OPS
OP_DB += LOSS_OPS
OP_DB += SAMPLING_OPS
OP_DB += SEQUENCE_OPS
OP_DB += STATISTICS_OPS
OP_DB += SPECIAL_OPS
OP_DB += NORMAL_OPS
OP_DB += LU_OPS
OP_DB += SPECTRAL_OPS

_names = [row.name for row in OP_DB]
assert len(_names) == len(set(_names)), "op_db has two rows with the same name"
del _names
