"""op_db rows for ops along a sequence and small builders: diff, logcumsumexp, trapezoid,
trapz, cumulative_trapezoid, cartesian_prod, block_diag, tril_indices, triu_indices, gcd, lcm,
real and conj (see op_db.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
from op_db import FLOATS, FLOATS_AND_INT, OpInfo, S, _Maker, _op
from oracle import Sample, TensorArg


def _diff_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((5,)), name="1d"),
        S(make((3, 4), layout="transposed"), name="2d transposed"),
        S(make((3, 4)), 2, 0, name="n=2 dim=0"),
        S(make((4, 3)), 1, -2, name="dim=-2"),
        S(make((2, 5), layout="strided"), 3, name="n=3 strided"),
        S(make((3,)), 5, name="n past the length"),
        S(make((4,)), 0, name="n=0"),
        S(make((2, 3)), prepend=make((2, 1)), append=make((2, 2)), name="prepend append"),
        S(make((3, 2)), 1, 0, prepend=make((1, 2)), name="prepend dim=0"),
        S(make((0, 3)), name="empty"),
    ]
    if dtype == "float32":
        result += [
            S(make((5,), dtype="int64"), name="int64"),
            S(make((5,), dtype="bool"), 2, name="bool n=2"),
            S(make((3,)), append=make((2,), dtype="int64"), name="int64 append"),
        ]
    return result


def _diff_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make(()), name="0d"),
        S(make((3,)), -1, name="negative n"),
        S(make((3,)), 1, 1, name="dim out of range"),
        S(make((2, 3)), prepend=make((3,)), name="prepend ndim"),
        S(make((2, 3)), prepend=make((3, 3)), name="prepend shape"),
    ]


def _logcumsumexp_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    large = TensorArg((rng.uniform(-1, 1, size=(2, 4)) * 50).astype(dtype))
    return [
        S(make((5,)), 0, name="1d"),
        S(make((3, 4), layout="transposed"), 1, name="2d transposed"),
        S(make((2, 3, 4), layout="strided"), -2, name="3d strided dim=-2"),
        S(make(()), 0, name="0d"),
        S(make((0, 3)), 1, name="empty"),
        S(large, 1, name="large values"),
    ]


def _logcumsumexp_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), 1, name="dim out of range"),
        S(make((3,), dtype="int64"), 0, name="int64"),
    ]


def _trapezoid_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    increasing = TensorArg(np.cumsum(rng.uniform(0.2, 1.0, size=4)).astype(dtype))
    result = [
        S(make((5,)), name="1d"),
        S(make((3, 4), layout="transposed"), name="2d transposed"),
        S(make((3, 4)), dim=0, name="dim=0"),
        S(make((3, 4)), dx=0.5, name="dx"),
        S(make((3, 4)), increasing, name="1d x"),
        S(make((4, 3)), make((4, 1)), dim=0, name="x broadcasting, dim=0"),
        S(make((2, 4)), make((2, 4), layout="strided"), name="x of y's shape"),
        S(make((1,)), name="one sample"),
        S(make((2, 0)), name="empty"),
    ]
    if dtype == "float32":
        result += [
            S(make((4,), dtype="int64"), name="int64"),
            S(make((4,), dtype="int64"), dx=2, name="int64 int dx"),
            S(make((4,), dtype="int64"), make((4,), dtype="int64"), name="int64 x"),
        ]
    return result


def _trapezoid_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4,), dtype="bool"), name="bool"),
        S(make(()), name="0d"),
        S(make((4,)), make((3,)), name="x length"),
        S(make((2, 4)), dim=2, name="dim out of range"),
    ]


def _cumulative_trapezoid_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [s for s in _trapezoid_samples(rng, dtype) if s.name != "empty"] + [
        S(_Maker(rng, dtype)((3, 0)), name="empty")
    ]


def _cumulative_trapezoid_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4,), dtype="bool"), name="bool"),
        S(make(()), name="0d"),
        S(make((4,)), make((3,)), name="x length"),
    ]


def _cartesian_prod_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3,)), make((2,)), name="two"),
        S(make((2,)), make((3,), layout="strided"), make((2,)), name="three"),
        S(make((4,)), name="one"),
        S(make((2,)), make((0,)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((2,), dtype="int64"), make((3,), dtype="int64"), name="int64"))
    return result


def _cartesian_prod_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 2)), make((2,)), name="2d"),
        S(make((2,)), make((2,), dtype="float64"), name="dtypes"),
        S(name="none"),
    ]


def _block_diag_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((2, 3)), make((2, 2), layout="transposed"), name="two matrices"),
        S(make(()), make((3,)), make((2, 2)), name="0d 1d 2d"),
        S(make((2,)), make((0, 2)), make((1, 0)), name="empty blocks"),
        S(make((3, 2), layout="strided"), name="one"),
    ]
    if dtype == "float32":
        result += [
            S(make((2, 2)), make((2,), dtype="int64"), name="float and int64"),
            S(make((2, 2), dtype="int64"), make((1,), dtype="bool"), name="int64 and bool"),
            S(make((2,)), make((2, 2), dtype="float64"), name="float32 and float64"),
        ]
    return result


def _block_diag_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 2)), make((2, 2, 2)), name="3d")]


def _indices_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(3, 4, name="3x4"),
        S(4, 3, 1, name="offset 1"),
        S(3, 4, -5, name="offset past the corner"),
        S(3, 3, -1, name="offset -1"),
        S(0, 4, name="no rows"),
        S(3, 3, dtype="dtype:int32", name="int32"),
    ]


def _indices_errors(rng: np.random.Generator) -> list[Sample]:
    return [
        S(-1, 3, name="negative row"),
        S(3, -1, name="negative col"),
        S(3, 3, dtype="dtype:float32", name="float"),
    ]


def _gcd_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    def integers(shape: tuple[int, ...], kind: str = "int64") -> TensorArg:
        return TensorArg(rng.integers(-40, 41, size=shape).astype(kind))

    return [
        S(integers((6,)), integers((6,)), name="1d"),
        S(integers((3, 1)), integers((1, 4)), name="broadcast"),
        S(TensorArg(np.array([0, 0, 7, -7])), TensorArg(np.array([0, 5, 0, -14])), name="zeros"),
        S(integers((4,)), integers((4,), "int32"), name="int64 and int32"),
        S(integers((4,), "int16"), integers((4,), "int16"), name="int16"),
        S(integers((0,)), integers((0,)), name="empty"),
    ]


def _gcd_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), make((3,)), name="float"),
        S(make((3,), dtype="bool"), make((3,), dtype="bool"), name="bool"),
        S(make((3,), dtype="int64"), make((2,), dtype="int64"), name="broadcast mismatch"),
        S(make((3,), dtype="int64"), 4, name="number"),
    ]


def _function(name: str) -> Any:
    return lambda T, *args, **kwargs: getattr(T, name)(*args, **kwargs)


def _method(name: str) -> Any:
    return lambda T, input, *args, **kwargs: getattr(input, name)(*args, **kwargs)


def _unary_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4), layout="transposed"), name="2d"),
        S(make(()), name="0d"),
        S(make((0,)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), name="int64"))
    return result


def _pack_padded_sequence(T: Any, input: Any, lengths: list[int], **options: Any) -> Any:
    from importlib import import_module

    rnn_utils = import_module(T.__name__ + ".nn.utils.rnn")
    return rnn_utils.pack_padded_sequence(input, lengths, **options).data


def _pack_padded_sequence_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3, 2)), [4, 2, 1], name="time major"),
        S(make((3, 4), layout="transposed"), [3, 3, 1, 1], name="no features"),
        S(make((3, 5, 2), layout="strided"), [5, 4, 4], batch_first=True, name="batch first"),
        S(make((4, 3, 2)), [2, 4, 1], enforce_sorted=False, name="unsorted"),
    ]


def _pack_padded_sequence_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4, 3, 2)), [2, 4, 1], name="not sorted"),
        S(make((4, 3, 2)), [4, 2, 0], name="empty sequence"),
        S(make((4, 3, 2)), [4, 2], name="batch size"),
    ]


def _complex_part_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    """(real, imaginary) parts for ops built on complex tensors (their own samples are real,
    so the real-valued gradient checks run through the complex ops)."""
    make = _Maker(rng, dtype, "nonzero")
    return [
        S(make(()), make(()), name="0d"),
        S(make((4,)), make((4,)), name="1d"),
        S(make((2, 3), layout="transposed"), make((2, 3)), name="2d transposed"),
        S(make((2, 3)), make((3,)), name="broadcast"),
        S(make((0, 2)), make((0, 2)), name="empty"),
    ]


def _nonempty_complex_part_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    """As above without the empty sample (PyTorch's view_as_real backward refuses it)."""
    return [sample for sample in _complex_part_samples(rng, dtype) if sample.name != "empty"]


def _polar_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4,), domain="positive"), make((4,)), name="1d"),
        S(make((2, 3), domain="positive"), make((3,)), name="broadcast"),
        S(make((), domain="positive"), make(()), name="0d"),
    ]


def _pairs_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((2,)), name="one"), S(make((3, 2)), name="rows")]


def _conj_parts(T: Any, a: Any, b: Any) -> Any:
    z = T.complex(a, b).conj()
    return T.stack([z.real, z.imag])


def _conj_physical_parts(T: Any, a: Any, b: Any) -> Any:
    z = T.conj_physical(T.complex(a, b))
    return T.stack([z.real, z.imag])


def _complex_parts(T: Any, a: Any, b: Any) -> Any:
    z = T.complex(a, b)
    return T.stack([z.real, z.imag])


SEQUENCE_OPS: list[OpInfo] = [
    _op(
        "nn.utils.rnn.pack_padded_sequence",
        _pack_padded_sequence,
        _pack_padded_sequence_samples,
        "packing._pack_padded_sequence",
        errors=_pack_padded_sequence_errors,
    ),
    _op("diff", _function("diff"), _diff_samples, dtypes=FLOATS_AND_INT, errors=_diff_errors),
    _op("Tensor.diff", _method("diff"), _diff_samples),
    _op(
        "logcumsumexp",
        _function("logcumsumexp"),
        _logcumsumexp_samples,
        "sequences._logcumsumexp",
        errors=_logcumsumexp_errors,
    ),
    _op("Tensor.logcumsumexp", _method("logcumsumexp"), _logcumsumexp_samples),
    _op("trapezoid", _function("trapezoid"), _trapezoid_samples, errors=_trapezoid_errors),
    _op("trapz", _function("trapz"), _trapezoid_samples),
    _op(
        "cumulative_trapezoid",
        _function("cumulative_trapezoid"),
        _cumulative_trapezoid_samples,
        errors=_cumulative_trapezoid_errors,
    ),
    _op(
        "cartesian_prod",
        _function("cartesian_prod"),
        _cartesian_prod_samples,
        errors=_cartesian_prod_errors,
    ),
    _op("block_diag", _function("block_diag"), _block_diag_samples, errors=_block_diag_errors),
    _op(
        "tril_indices",
        _function("tril_indices"),
        _indices_samples,
        dtypes=("float32",),
        backward=False,
        errors=_indices_errors,
    ),
    _op("triu_indices", _function("triu_indices"), _indices_samples, dtypes=("float32",)),
    _op(
        "gcd",
        _function("gcd"),
        _gcd_samples,
        "sequences._gcd",
        dtypes=("int64",),
        backward=False,
        errors=_gcd_errors,
    ),
    _op("lcm", _function("lcm"), _gcd_samples, "sequences._lcm", dtypes=("int64",)),
    _op("Tensor.gcd", _method("gcd"), _gcd_samples, dtypes=("int64",), backward=False),
    _op("real", _function("real"), _unary_samples, dtypes=FLOATS),
    _op("Tensor.real", lambda T, a: a.real, _unary_samples),
    _op("conj", _function("conj"), _unary_samples),
    _op("Tensor.conj", _method("conj"), _unary_samples),
    _op(
        "complex, real, imag",
        _complex_parts,
        _complex_part_samples,
        "sequences._complex",
        "sequences._real_part",
        "sequences._imag_part",
    ),
    _op(
        "conj of a complex tensor",
        _conj_parts,
        _complex_part_samples,
        "sequences._conj",
    ),
    _op(
        "conj_physical of a complex tensor",
        _conj_physical_parts,
        _complex_part_samples,
        "sequences._conj_physical",
    ),
    _op(
        "view_as_real",
        lambda T, a, b: T.view_as_real(T.complex(a, b)),
        _nonempty_complex_part_samples,
        "sequences._view_as_real",
    ),
    _op(
        "view_as_complex",
        lambda T, a: T.stack([T.view_as_complex(a).real, T.view_as_complex(a).imag]),
        _pairs_samples,
        "sequences._view_as_complex",
    ),
    _op(
        "angle of a complex tensor",
        lambda T, a, b: T.angle(T.complex(a, b)),
        _complex_part_samples,
        double_backward=False,  # products of complex tensors differentiate unconjugated
    ),
    _op("angle", _function("angle"), _unary_samples, "sequences.angle", dtypes=FLOATS_AND_INT),
    _op(
        "polar",
        lambda T, a, b: T.view_as_real(T.polar(a, b)),
        _polar_samples,
        "sequences.polar",
        double_backward=False,  # products of complex tensors differentiate unconjugated
    ),
]
