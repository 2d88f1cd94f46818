"""op_db rows for the shape, joining and indexing ops added after the first round (see op_db.py).

Index samples avoid repeated indices where PyTorch's result is unspecified (scatter, index_copy,
index_put and put without accumulation) and use them where gradients accumulate (gather,
index_select, take, index_add, scatter_add, accumulating puts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from op_db import (
    _F32_LOOSE,
    FLOATS,
    FLOATS_AND_INT,
    OpInfo,
    S,
    SampleFunction,
    _index,
    _Maker,
    _mask,
    _op,
)
from oracle import Sample, TensorArg

Errors = Callable[[np.random.Generator], list[Sample]]


def _float_maker(rng: np.random.Generator) -> _Maker:
    return _Maker(rng, "float32")


def _method(name: str, **fixed: Any) -> Callable[..., Any]:
    """``x.<name>(*args, **kwargs)``."""

    def op(T: Any, x: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(x, name)(*args, **fixed, **kwargs)

    op.__name__ = name
    return op


def _function(name: str) -> Callable[..., Any]:
    """``T.<name>(*args, **kwargs)``."""

    def op(T: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(T, name)(*args, **kwargs)

    op.__name__ = name
    return op


def _inplace(name: str) -> Callable[..., Any]:
    """``y = x * 1; y.<name>(...)``: the in-place variant on a non-leaf."""

    def op(T: Any, x: Any, *args: Any, **kwargs: Any) -> Any:
        result = x * 1
        returned = getattr(result, name)(*args, **kwargs)
        assert returned is result
        return result

    op.__name__ = name
    return op


# -- joining ---------------------------------------------------------------------------------
def _cat_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S([make((2, 3)), make((1, 3))], name="dim 0"),
        S([make((2, 3), layout="transposed"), make((2, 1)), make((2, 2))], 1, name="three, dim 1"),
        S([make((2, 2)), make((2, 3), layout="strided")], -1, name="dim -1"),
        S([make((2, 3)), make((0,)), make((1, 3))], name="skips empty 1-D"),
        S([make((0, 3)), make((2, 3))], name="empty rows"),
        S([make((4,))], name="one tensor"),
        S([make((2, 1)), make((2, 2))], axis=1, name="axis keyword"),
    ]
    if dtype == "float32":
        result += [
            S([make((2,)), make((3,), dtype="float64")], name="float32, float64"),
            S([make((2,), dtype="int64"), make((3,))], name="int64, float32"),
            S([make((2,), dtype="int64"), make((1,), dtype="int64")], name="int64"),
        ]
    return result


def _cat_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S([], name="empty list"),
        S([make((3, 4)), make((2, 3))], name="sizes"),
        S([make((3, 4)), make((2, 3))], 1, name="sizes dim 1"),
        S([make((3, 4)), make((4,))], name="ndim"),
        S([make(()), make(())], name="0-d"),
        S([make((3, 4)), make((3, 4))], 2, name="dim"),
        S([make((3, 4)), make((0, 3))], name="empty 2-D"),
    ]


def _stacking_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S([make((3,)), make((2,))], name="1-D"),
        S([make((2, 3)), make((2, 3), layout="transposed")], name="2-D"),
        S([make(()), make(())], name="0-D"),
        S([make((2, 1, 2)), make((2, 1, 2))], name="3-D"),
    ]


def _vstack_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S([make((3,)), make((3,))], name="1-D"),
        S([make((2, 3)), make((1, 3), layout="strided")], name="2-D"),
        S([make(()), make((1,))], name="0-D and 1-D"),
        S([make((1, 2, 2)), make((2, 2, 2))], name="3-D"),
    ]


def _dstack_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S([make((3,)), make((3,))], name="1-D"),
        S([make((2, 3)), make((2, 3), layout="transposed")], name="2-D"),
        S([make(()), make(())], name="0-D"),
        S([make((1, 2, 2)), make((1, 2, 1))], name="3-D"),
    ]


def _column_stack_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S([make((3,)), make((3, 2), layout="transposed")], name="1-D and 2-D"),
        S([make(()), make(())], name="0-D"),
        S([make((2, 1)), make((2,), layout="strided")], name="strided"),
    ]


def _list_errors(rng: np.random.Generator) -> list[Sample]:
    return [S([], name="empty list")]


def _split_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((5, 3)), 2, name="size 2"),
        S(make((4, 3), layout="transposed"), 2, -1, name="size 2, dim -1"),
        S(make((3, 2)), 3, name="one piece"),
        S(make((5, 2)), [1, 3, 1], name="sizes"),
        S(make((2, 4), layout="strided"), [0, 3, 1], 1, name="sizes with 0, dim 1"),
        S(make((0, 2)), 2, name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((4,), dtype="int64"), 3, name="int64"))
    return result


def _split_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), 0, name="size 0"),
        S(make((3, 4)), -1, name="negative"),
        S(make((3, 4)), [1, 1], name="sizes"),
        S(make(()), 1, name="0-d"),
        S(make((3, 4)), 2, 2, name="dim"),
    ]


def _chunk_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((5, 2)), 2, name="5 in 2"),
        S(make((3, 4), layout="transposed"), 3, 1, name="4 in 3, dim 1"),
        S(make((6,)), 4, name="6 in 4"),
        S(make((2, 3)), 5, -1, name="more chunks than elements"),
        S(make((0, 2)), 3, name="empty"),
    ]


def _chunk_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), 0, name="0 chunks"), S(make(()), 1, name="0-d")]


def _tensor_split_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((7, 2)), 3, name="7 in 3"),
        S(make((2, 5), layout="transposed"), [1, 4], 1, name="indices, dim 1"),
        S(make((6,)), [2, -1, 8], name="negative and past the end"),
        S(make((4,)), _index(np.array(3)), name="0-d tensor sections"),
        S(make((4,)), _index([1, 3]), name="tensor indices"),
        S(make((2, 3)), sections=2, dim=1, name="sections keyword"),
        S(make((5,)), indices=[2], name="indices keyword"),
    ]


def _tensor_split_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make(()), 1, name="0-d"), S(make((3, 4)), 0, name="0 sections")]


def _directional_split_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 4, 2)), 2, name="sections"),
        S(make((4, 2, 4), layout="transposed"), [1, 3], name="indices"),
    ]


def _hsplit_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [*_directional_split_samples(rng, dtype), S(_Maker(rng, dtype)((6,)), 3, name="1-D")]


def _directional_split_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make(()), 1, name="0-d"), S(make((3, 3, 3)), 2, name="not divisible")]


def _split_inplace(T: Any, x: Any, method: str) -> Any:
    piece = getattr(x * 1, method)(2)[1]
    return piece.mul_(2)


def _split_inplace_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((4,)), "split", name="split"), S(make((2, 2)), "unbind", name="unbind")]


# -- reshaping views -------------------------------------------------------------------------
def _narrow_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4, 3)), 0, 1, 2, name="dim 0"),
        S(make((3, 4), layout="transposed"), -1, 2, 2, name="dim -1"),
        S(make((5,)), 0, -2, 2, name="negative start"),
        S(make((3, 2)), 0, 3, 0, name="empty"),
        S(make((4,)), 0, _index(np.array(1)), 2, name="tensor start"),
    ]


def _narrow_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), 0, 2, 2, name="past the end"),
        S(make((3, 4)), 0, 0, -1, name="negative length"),
        S(make((3, 4)), 0, 5, 0, name="start"),
        S(make(()), 0, 0, 1, name="0-d"),
    ]


def _unfold_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((5, 3)), 0, 2, 1, name="overlapping windows"),
        S(make((3, 7), layout="transposed"), -1, 3, 2, name="dim -1, step 2"),
        S(make((2, 7, 2)), 1, 2, 3, name="step past the size"),
        S(make((4, 3)), 1, 3, 1, name="one window"),
        S(make((4, 2)), 0, 0, 1, name="size 0"),
        S(make(()), 0, 1, 1, name="0-d"),
        S(make(()), -1, 0, 2, name="0-d, size 0"),
        S(make((0, 3)), 1, 2, 1, name="empty"),
    ]


def _unfold_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((5, 4)), 0, 6, 1, name="size past the dim"),
        S(make((5, 4)), 0, -1, 1, name="negative size"),
        S(make((5, 4)), 0, 2, 0, name="step 0"),
        S(make((5, 4)), 0, 6, -1, name="size checked first"),
        S(make((5, 4)), 2, 2, 1, name="dim"),
        S(make(()), 0, 2, 1, name="0-d"),
    ]


def _sum_to_size_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((5, 4)), 4, name="leading dim"),
        S(make((5, 4), layout="transposed"), 1, 4, name="kept leading dim"),
        S(make((2, 3, 4)), (3, 1), name="leading and kept"),
        S(make((2, 1, 4)), [1, 4], name="size-1 dim"),
        S(make((2, 3)), (), name="to 0-d"),
        S(make(()), (), name="0-d to 0-d"),
        S(make((2, 3)), 2, 3, name="same size"),
        S(make((2, 0)), 1, 1, name="empty"),
    ]


def _sum_to_size_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((5, 4)), 3, name="size"),
        S(make((5, 4)), 1, 5, 4, name="more dims"),
        S(make(()), 1, name="0-d"),
        S(make((2, 2)), 0, 2, name="0 against 2"),
        S(make((2, 2)), name="no size"),
    ]


def _movedim_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3, 4)), 0, 2, name="0 -> 2"),
        S(make((2, 3, 4), layout="strided"), -1, 0, name="-1 -> 0"),
        S(make((2, 3, 4, 1)), (0, 1), (2, -1), name="two dims"),
        S(make(()), 0, 0, name="0-d"),
    ]


def _movedim_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), (0, 1), (0, 0), name="repeated"),
        S(make((3, 4)), (0, 1), (0,), name="lengths"),
        S(make((3, 4)), 2, 0, name="dim"),
    ]


def _unflatten_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 6)), 1, (2, 3), name="(2, 3)"),
        S(make((2, 6), layout="transposed"), -1, (3, -1), name="-1, transposed"),
        S(make((4,)), 0, (2, 1, 2), name="1-D"),
        S(make((0, 2)), 0, (0, 5), name="empty"),
    ]


def _unflatten_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), 1, (3, 2), name="product"), S(make((3, 4)), 1, (), name="empty")]


def _ravel_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), name="contiguous"),
        S(make((3, 4), layout="transposed"), name="transposed"),
        S(make(()), name="0-d"),
        S(make((2, 0)), name="empty"),
    ]


# -- flips and rotations ---------------------------------------------------------------------
def _flip_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), (0,), name="dim 0"),
        S(make((2, 3, 4), layout="strided"), (0, -1), name="two dims"),
        S(make((3, 4), layout="transposed"), (), name="no dims"),
        S(make(()), (0,), name="0-d"),
        S(make((0, 2)), (1,), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((4,), dtype="int64"), (0,), name="int64"))
    return result


def _flip_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), (0, 0), name="repeated"), S(make((3, 4)), (2,), name="dim")]


def _lr_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="2-D"),
        S(make((2, 3, 2), layout="transposed"), name="3-D"),
        S(make((0, 2)), name="empty"),
    ]


def _ud_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((3,)), name="1-D"), *_lr_samples(rng, dtype)]


def _fliplr_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_float_maker(rng)((4,)), name="1-D")]


def _flipud_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_float_maker(rng)(()), name="0-D")]


def _roll_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 1, 0, name="1 along 0"),
        S(make((3, 4), layout="transposed"), (2, -1), (0, -1), name="two dims"),
        S(make((2, 3)), 4, name="flattened"),
        S(make((5,)), -7, name="negative, wraps"),
        S(make(()), 1, name="0-d"),
        S(make((0, 2)), 1, 1, name="empty"),
    ]


def _roll_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), (1, 2), (0,), name="lengths"),
        S(make((3, 4)), (), (), name="no shifts"),
        S(make((3, 4)), 1, 2, name="dim"),
    ]


def _rot90_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="default"),
        S(make((3, 4), layout="transposed"), 2, name="k=2"),
        S(make((2, 3, 4)), 3, (2, 0), name="k=3, dims (2, 0)"),
        S(make((2, 3)), -1, (-1, -2), name="k=-1"),
        S(make((2, 3)), 0, name="k=0"),
    ]


def _rot90_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), 1, (0, 0), name="same dims"),
        S(make((3, 4)), 1, (0,), name="one dim"),
        S(make((4,)), name="1-D"),
    ]


# -- diagonals and triangles -----------------------------------------------------------------
def _diagonal_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="main"),
        S(make((3, 4), layout="transposed"), 1, name="offset 1"),
        S(make((4, 3)), -2, name="offset -2"),
        S(make((2, 3, 4), layout="strided"), 0, -1, 0, name="dims (-1, 0)"),
        S(make((3, 3)), 5, name="offset past the end"),
        S(make((0, 3)), name="empty"),
    ]


def _select_scatter_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((4,)), 0, 1, name="row"),
        S(make((3, 4), layout="transposed"), make((3,)), 1, -1, name="last column"),
        S(make((2, 3, 4)), make((2, 4), layout="strided"), -2, 2, name="middle dim"),
        S(make((3,)), make(()), 0, 0, name="element"),
        # a float src into an int64 input cannot require grad (PyTorch refuses too)
        *(
            [S(make((3, 4)), make((4,), dtype="float64"), 0, 2, name="float64 src")]
            if dtype != "int64"
            else []
        ),
    ]


def _select_scatter_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), make((3,)), 0, 1, name="wrong size"),
        S(make((3, 4)), make((4,)), 0, 5, name="index out of range"),
        S(make((3, 4)), make((4,)), 2, 0, name="dim out of range"),
    ]


def _slice_scatter_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((3, 2)), 1, 0, 4, 2, name="every other column"),
        S(make((4, 2)), make((2, 2)), start=2, name="from 2"),
        S(make((3, 4), layout="transposed"), make((3, 1)), dim=1, start=-1, name="last"),
        S(make((5,)), make((0,)), 0, 3, 3, name="empty"),
    ]


def _slice_scatter_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), make((3, 3)), 1, 0, 4, 2, name="wrong size")]


def _diagonal_scatter_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 3)), make((3,)), name="main"),
        S(make((3, 4)), make((3,)), 1, name="offset 1"),
        S(make((4, 3)), make((2,)), -2, name="offset -2"),
        S(make((2, 3, 3)), make((2, 3)), 0, 1, 2, name="batch"),
        S(make((2, 3, 4), layout="strided"), make((3, 2)), 0, -1, 0, name="dims (-1, 0)"),
    ]


def _diagonal_scatter_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 3)), make((3,)), 1, name="wrong size"),
        S(make((3, 3)), make((3,)), 0, 1, 1, name="same dims"),
    ]


def _diagonal_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), 0, 1, 1, name="same dims"), S(make((4,)), name="1-D")]


def _diag_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), name="1-D"),
        S(make((3,), layout="strided"), 1, name="1-D offset 1"),
        S(make((2,)), -2, name="1-D offset -2"),
        S(make((3, 4)), name="2-D"),
        S(make((3, 4), layout="transposed"), -1, name="2-D offset -1"),
        S(make((0,)), name="empty"),
    ]


def _diag_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((2, 2, 2)), name="3-D"), S(make(()), name="0-D")]


def _diag_embed_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), name="1-D"),
        S(make((2, 3), layout="transposed"), 1, name="batched, offset 1"),
        S(make((2, 3)), -1, 0, 2, name="dims (0, 2)"),
        S(make((2, 2)), 0, -1, 0, name="dims (-1, 0)"),
        S(make((0, 2)), name="empty"),
    ]


def _diag_embed_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_float_maker(rng)((3,)), 0, 0, 0, name="same dims")]


def _diagflat_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), name="1-D"),
        S(make((2, 2), layout="transposed"), 1, name="2-D offset 1"),
        S(make(()), -1, name="0-D"),
    ]


def _triangle_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), name="main"),
        S(make((3, 4), layout="transposed"), 1, name="above"),
        S(make((2, 3, 3)), -1, name="batched, below"),
        S(make((3, 2)), 5, name="far"),
        S(make((0, 2)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((2, 2), dtype="int64"), name="int64"))
    return result


def _tril_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_float_maker(rng)((4,)), name="1-D")]


# -- repeating and broadcasting ----------------------------------------------------------
def _repeat_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((2, 3)), (2, 1), name="(2, 1)"),
        S(make((2, 3), layout="transposed"), (1, 2), name="transposed"),
        S(make((3,)), (2, 2, 1), name="new dims"),
        S(make((2, 2)), (1, 1), name="once"),
        S(make(()), (3,), name="0-d"),
        S(make((2, 2)), (0, 2), name="zero times"),
    ]
    if dtype == "float32":
        result.append(S(make((2,), dtype="int64"), (2,), name="int64"))
    return result


def _repeat_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), (2,), name="too few"), S(make((3, 4)), (-1, 1), name="negative")]


def _tile_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((2, 3)), (2,), name="short dims"),
        S(make((2,), layout="strided"), (2, 2), name="more dims"),
        S(make((2, 2)), (1, 1), name="once"),
    ]


def _repeat_interleave_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((2, 3)), 2, name="int, flattened"),
        S(make((2, 3), layout="transposed"), 2, 0, name="int, dim 0"),
        S(make((2, 3)), 3, -1, name="int, dim -1"),
        S(make(()), 2, name="0-d"),
        S(make((3, 2)), _index([1, 0, 2]), 0, name="tensor"),
        S(make((2, 2)), _index([2]), 1, name="one-element tensor"),
        S(make((2, 2)), _index([1, 2, 0, 1]), name="tensor, flattened"),
        S(make((2, 2)), 0, 0, name="zero times"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), 2, name="int64"))
    return result


def _repeat_interleave_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), -1, name="negative"),
        S(make((3, 4)), _index([1, 2]), 0, name="tensor length"),
        S(make((3, 4)), _index([1, -2, 1]), 0, name="negative tensor"),
        S(make((3, 4)), _index([[1], [1], [1]]), 0, name="2-D tensor"),
    ]


def _broadcast_to_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 1)), (3, 4), name="(3, 1) -> (3, 4)"),
        S(make((4,), layout="strided"), (2, 4), name="new dim"),
        S(make(()), (2,), name="0-d"),
        S(make((2, 2)), (2, 2), name="same"),
    ]


def _broadcast_to_errors(rng: np.random.Generator) -> list[Sample]:
    return [S(_float_maker(rng)((3, 4)), (2, 3), name="size")]


def _broadcast_tensors_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 1)), make((1, 4)), name="(3,1) (1,4)"),
        S(make((4,)), make((2, 4), layout="strided"), make(()), name="three"),
        S(make((2, 2)), make((2, 2)), name="same"),
    ]


def _broadcast_tensors_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), make((3,)), name="mismatch")]


def _meshgrid_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3,)), make((2,)), indexing="ij", name="ij"),
        S(make((3,)), make((2,), layout="strided"), make((2,)), indexing="xy", name="xy, three"),
        S(make(()), make((2,)), indexing="ij", name="0-d"),
        S([make((2,)), make((3,))], indexing="xy", name="list"),
        S(make((2,)), indexing="xy", name="one"),
    ]


def _meshgrid_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3,)), make((3,)), indexing="foo", name="indexing"),
        S(make((3,)), make((3,), dtype="float64"), indexing="ij", name="dtypes"),
        S(indexing="ij", name="no tensors"),
    ]


def _atleast_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make(()), name="0-d"),
        S(make((3,)), name="1-D"),
        S(make((2, 3), layout="transposed"), name="2-D"),
        S(make((1, 2, 2)), name="3-D"),
        S(make(()), make((2,)), name="two"),
        S([make((2,)), make((2, 2))], name="list"),
    ]


def _as_strided_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), (2, 2), (1, 2), name="overlapping-free"),
        S(make((3, 4)), (3, 3), (1, 1), name="overlapping"),
        S(make((3, 4)), (2,), (3,), 2, name="storage offset"),
        S(make((3, 4), layout="transposed"), (2, 3), (3, 1), name="transposed input"),
        S(make((2, 3)), (0, 2), (1, 1), name="empty"),
    ]


def _as_strided_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), (5, 5), (5, 1), name="out of bounds"),
        S(make((3, 4)), (2, 2), (-1, 1), name="negative stride"),
        S(make((3, 4)), (2, 2), (1,), name="lengths"),
    ]


def _clone_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4), layout="transposed"), name="default"),
        S(make((2, 3), layout="transposed"), memory_format="format:preserve_format", name="pr"),
        S(make((2, 3), layout="strided"), memory_format="format:contiguous_format", name="cont"),
        S(make((1, 2, 2, 3)), memory_format="format:channels_last", name="channels_last"),
    ]


def _with_format(T: Any, x: Any, **kwargs: Any) -> Any:
    if "memory_format" in kwargs:
        kwargs["memory_format"] = getattr(T, kwargs["memory_format"].split(":")[1])
    result = T.clone(x, **kwargs)
    return result, T.tensor(result.stride())


def _squeeze_dims_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((1, 3, 1, 2)), (0, -2), name="two size-1 dims"),
        S(make((1, 3, 1)), (0, 1), name="one not size 1"),
        S(make((2, 1)), (), name="no dims"),
        S(make(()), (0,), name="0-d"),
    ]


def _swapaxes_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [S(make((2, 3, 4)), 0, -1, name="0, -1"), S(make((3, 4), layout="strided"), 1, 0)]


def _unpack_dual_primal(T: Any, a: Any) -> Any:
    """forward_ad.unpack_dual's primal: a view of the dual tensor, through its own node."""
    fw = T.autograd.forward_ad
    with fw.dual_level():
        return fw.unpack_dual(fw.make_dual(a, T.ones_like(a))).primal


def _one_tensor_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="2d"),
        S(make(()), name="0d"),
        S(make((3, 4), layout="transposed"), name="transposed"),
    ]


def _view_as_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    other = make((3, 2), requires_grad=False)
    return [S(make((2, 3)), other, name="2x3 as 3x2"), S(make((6,)), other, name="1-D")]


# -- indexing along a dimension ------------------------------------------------------------
def _index_select_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 0, _index([2, 0, 2]), name="repeats"),
        S(make((3, 4), layout="transposed"), -1, _index([3, 1]), name="dim -1"),
        S(make((3, 2)), 1, _index(np.array(1)), name="0-d index"),
        S(make(()), 0, _index([0]), name="0-d input"),
        S(make((3, 2)), 0, _index(np.zeros(0, dtype=np.int64)), name="empty index"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), 0, _index([1, 1]), name="int64"))
    return result


def _index_select_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, 0, _index([3]), name="out of range"),
        S(x, 0, _index([-1]), name="negative"),
        S(x, 0, _index([[0]]), name="2-D index"),
        S(x, 0, TensorArg(np.array([0.0]), requires_grad=False), name="float index"),
        S(x, 2, _index([0]), name="dim"),
    ]


def _index_add_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 0, _index([2, 0, 2]), make((3, 4)), name="repeats"),
        S(
            make((3, 4), layout="transposed"),
            -1,
            _index([3, 1]),
            make((3, 2), layout="strided"),
            name="dim -1",
        ),
        S(make((3, 2)), 0, _index([1]), make((1, 2)), alpha=2.5, name="alpha"),
        S(make(()), 0, _index(np.array(0)), make(()), name="0-d"),
    ]
    if dtype == "float32":
        result.append(
            S(make((3,), dtype="int64"), 0, _index([1, 1]), make((2,), dtype="int64"), name="int")
        )
    return result


def _index_add_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, 0, _index([0, 2, 2]), make((2, 4)), name="source size"),
        S(x, 0, _index([0, 1, 5]), make((3, 4)), name="out of range"),
        S(x, 0, _index([-1]), make((1, 4)), name="negative"),
        S(x, 0, _index([0]), make((1, 4), dtype="float64"), name="dtype"),
        S(x, 0, _index([[1]]), make((1, 4)), name="2-D index"),
    ]


def _index_copy_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 0, _index([2, 0]), make((2, 4)), name="rows"),
        S(make((3, 4), layout="transposed"), -1, _index([3, 1]), make((3, 2)), name="dim -1"),
        S(make((4,)), 0, _index(np.array(3)), make(()), name="0-d"),
    ]


def _index_copy_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, 0, _index([0, 1, 5]), make((3, 4)), name="out of range"),
        S(x, 0, _index([0, 2, 1]), make((2, 4)), name="source size"),
        S(x, 0, _index([-1]), make((1, 4)), name="negative"),
        S(x, 0, TensorArg(np.array([1.0]), requires_grad=False), make((1, 4)), name="float"),
    ]


def _index_fill_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 0, _index([2, 0, 2]), 1.5, name="scalar"),
        S(make((3, 4), layout="transposed"), -1, _index([-1, 1]), -2, name="negative index"),
        S(make((3, 2)), 1, _index([0]), make(()), name="0-d tensor value"),
        S(make(()), 0, _index([0]), make(()), name="0-d"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), 0, _index([1]), 7, name="int64"))
    return result


def _index_fill_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, 0, _index([5]), 1.0, name="out of range"),
        S(x, 0, _index([-4]), 1.0, name="negative out of range"),
        S(x, 0, _index([0, 2]), make((2,)), name="1-D value"),
        S(x, 2, _index([1]), 1.0, name="dim"),
    ]


# -- gather and scatter ----------------------------------------------------------------------
def _gather_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 0, _index([[0, 2, 2, 1], [1, 1, 0, 2]]), name="dim 0"),
        S(make((3, 4), layout="transposed"), -1, _index([[3, 3], [0, 1], [2, 0]]), name="dim -1"),
        S(make((3, 4)), 1, _index([[1], [2]]), name="smaller index"),
        S(make((2, 2)), 0, _index([[0, 1], [1, 0], [1, 1]]), name="more rows than input"),
        S(make(()), 0, _index(np.array(0)), name="0-d"),
        S(make((2, 3)), 0, _index(np.zeros((0, 3), dtype=np.int64)), name="empty index"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), 0, _index([2, 2]), name="int64"))
    return result


def _gather_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, 0, _index([[3]]), name="out of range"),
        S(x, 0, _index([[-1]]), name="negative"),
        S(x, 0, _index([1]), name="ndim"),
        S(x, 0, _index(np.zeros((3, 5), dtype=np.int64)), name="size"),
        S(x, 0, TensorArg(np.zeros((1, 1)), requires_grad=False), name="float index"),
    ]


def _permutation_index(rng: np.random.Generator, rows: int, columns: int) -> TensorArg:
    """An index along dim 0 without repeats in any column (rows <= the input's rows)."""
    return _index(np.stack([rng.permutation(rows) for _ in range(columns)], axis=1))


def _scatter_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 0, _permutation_index(rng, 3, 4), make((3, 4)), name="src"),
        S(make((3, 4)), 0, _index([[2, 0], [0, 2]]), make((2, 2)), name="smaller index"),
        S(
            make((4, 3), layout="transposed"),
            -1,
            _index([[2, 0], [1, 2], [0, 1]]),
            make((3, 2)),
            name="dim -1",
        ),
        S(make((3, 4)), 0, _index([[1, 0, 2, 1]]), 1.5, name="value"),
        S(make((3, 4)), 1, _index([[0], [3]]), value=-2.0, name="value keyword"),
        S(make(()), 0, _index(np.array(0)), make(()), name="0-d"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), 0, _index([2, 0]), 5, name="int64"))
    return result


def _scatter_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    zeros = _index(np.zeros((3, 4), dtype=np.int64))
    return [
        S(x, 0, _index([[3]]), 1.0, name="out of range"),
        S(x, 0, _index(np.zeros((3, 5), dtype=np.int64)), 1.0, name="size"),
        S(x, 0, zeros, make((2, 4)), name="src size"),
        S(x, 0, zeros, make((3, 4), dtype="float64"), name="dtype"),
        S(x, 0, _index([1]), 1.0, name="ndim"),
        S(x, 0, zeros, 1.0, reduce="foo", name="reduce"),
    ]


def _scatter_add_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), 0, _index([[0, 2, 2, 1], [0, 0, 2, 1]]), make((2, 4)), name="repeats"),
        S(
            make((4, 3), layout="transposed"),
            -1,
            _index([[2, 2], [1, 2], [0, 0]]),
            make((3, 3), layout="strided", requires_grad=False),
            name="dim -1, larger src",
        ),
        S(make(()), 0, _index(np.array(0)), make(()), name="0-d"),
    ]
    if dtype == "float32":
        result.append(
            S(make((3,), dtype="int64"), 0, _index([2, 2]), make((2,), dtype="int64"), name="int")
        )
    return result


def _scatter_add_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    zeros = _index(np.zeros((3, 4), dtype=np.int64))
    return [
        S(x, 0, zeros, make((3, 4), dtype="float64"), name="dtype"),
        S(x, 0, _index([1]), make((1,)), name="ndim"),
        S(x, 0, _index([[5]]), make((1, 1)), name="out of range"),
    ]


def _scatter_reduce_samples(reduce: str) -> SampleFunction:
    def samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
        make = _Maker(rng, dtype, "nonzero" if reduce == "prod" else "real")
        index = _index([[0, 1, 2, 0], [1, 1, 0, 2], [2, 0, 1, 1]])
        result = [
            S(make((3, 4)), 0, index, make((3, 4)), reduce, name="include self"),
            S(make((3, 4)), 0, index, make((3, 4)), reduce, include_self=False, name="exclude"),
            S(
                make((3, 4), layout="transposed"),
                -1,
                _index([[0, 0], [3, 1], [2, 2]]),
                make((3, 2), layout="strided"),
                reduce,
                name="dim -1",
            ),
            S(
                make((2, 3)),
                1,
                _index([[0, 0], [2, 2]]),
                make((2, 2)),
                reduce,
                include_self=False,
                name="dim 1, exclude",
            ),
            S(make(()), 0, _index(np.array(0)), make(()), reduce, name="0-d"),
        ]
        if reduce == "prod":
            zeros = make((3, 4))
            zeros.value[0, 0] = zeros.value[2, 2] = 0
            source = make((3, 4))
            source.value[0, 1] = source.value[2, 3] = 0
            result.append(S(zeros, 0, index, source, reduce, name="zeros", gradcheck=False))
        if reduce in ("amax", "amin"):
            base = make((2, 2))
            ties = TensorArg(np.concatenate([base.value, base.value[:1]]))
            tie_index = _index([[0, 1], [1, 0], [0, 0]])
            result.append(S(base, 0, tie_index, ties, reduce, name="ties", gradcheck=False))
        if dtype == "float32":
            ints = _Maker(rng, "int64", "positive")
            result.append(S(ints((3,)), 0, _index([2, 2, 0]), ints((3,)), reduce, name="int64"))
        return result

    return samples


def _scatter_reduce_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    zeros = _index(np.zeros((3, 4), dtype=np.int64))
    return [
        S(x, 0, zeros, make((3, 4)), "foo", name="reduce"),
        S(x, 0, _index([[5]]), make((1, 1)), "sum", name="out of range"),
    ]


def _scatter_legacy_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), 0, _index([[0, 2, 2, 1]]), 1.5, reduce="add", name="add"),
        S(make((3, 4)), 1, _index([[0, 0], [3, 1]]), 2.0, reduce="multiply", name="multiply"),
    ]


def _take_along_dim_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), _index([0, 11, 5, 5]), name="flattened"),
        S(make((3, 4), layout="transposed"), _index([[0], [2], [2]]), 1, name="broadcast index"),
        S(make((3, 1)), _index([[0, 0, 0]]), 0, name="broadcast input"),
        S(make((2, 3)), _index([[1, 0, 1], [0, 0, 1]]), -2, name="dim -2"),
    ]


def _take_along_dim_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), _index([1]), 0, name="ndim")]


# -- flat indexing ---------------------------------------------------------------------------
def _take_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), _index([0, 11, 5, 5]), name="repeats"),
        S(make((3, 4), layout="transposed"), _index([[1, -1], [-12, 4]]), name="2-D, negative"),
        S(make(()), _index(np.array(0)), name="0-d"),
        S(make((2, 2)), _index(np.zeros(0, dtype=np.int64)), name="empty"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), _index([2, 2]), name="int64"))
    return result


def _take_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, _index([12]), name="out of range"),
        S(x, _index([-13]), name="negative"),
        S(x, TensorArg(np.array([1.0]), requires_grad=False), name="float"),
    ]


def _put_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), _index([0, 11, 5]), make((3,)), name="1-D"),
        S(
            make((3, 4), layout="transposed"),
            _index([[1, -1], [-12, 4]]),
            make((4,)),
            name="2-D index",
        ),
        S(make((3, 4)), _index([0, 5, 5]), make((3,)), True, name="accumulate repeats"),
        S(make(()), _index(np.array(0)), make(()), name="0-d"),
    ]


def _put_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, _index([12]), make((1,)), name="out of range"),
        S(x, _index([1, 2]), make((3,)), name="numel"),
    ]


# -- masks -----------------------------------------------------------------------------------
def _masked_select_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    mask = _Maker(rng, "bool")
    result = [
        S(make((3, 4)), mask((3, 4)), name="same shape"),
        S(make((3, 4), layout="transposed"), mask((4,)), name="broadcast mask"),
        S(make((4,)), mask((3, 4)), name="broadcast input"),
        S(make(()), _mask(np.array(True)), name="0-d"),
        S(make((2, 2)), _mask(np.zeros((2, 2), dtype=bool)), name="none"),
    ]
    if dtype == "float32":
        result.append(S(make((3,), dtype="int64"), mask((3,)), name="int64"))
    return result


def _masked_select_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, _index(np.ones((3, 4), dtype=np.int64)), name="int mask"),
        S(x, _mask(np.ones((2, 4), dtype=bool)), name="broadcast"),
    ]


def _masked_scatter_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    mask = _Maker(rng, "bool")
    return [
        S(make((3, 4)), mask((3, 4)), make((12,)), name="same shape"),
        S(make((3, 4), layout="transposed"), mask((4,)), make((4, 4)), name="broadcast mask"),
        S(make((4,)), mask((2, 4)), make((8,)), name="broadcast input"),
        S(make((2, 2)), _mask([[True, False], [True, True]]), make((3,)), name="exact source"),
        S(make(()), _mask(np.array(True)), make((2,)), name="0-d"),
    ]


def _masked_scatter_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, _mask(np.ones((3, 4), dtype=bool)), make((3,)), name="few"),
        S(x, _index(np.ones((3, 4), dtype=np.int64)), make((12,)), name="int mask"),
        S(x, _mask(np.ones((3, 4), dtype=bool)), make((12,), dtype="float64"), name="dtype"),
    ]


def _index_put_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    mask = _Maker(rng, "bool")
    return [
        S(make((3, 4)), (_index([2, 0]),), make((4,)), name="rows, broadcast value"),
        S(
            make((3, 4), layout="transposed"),
            (_index([0, 2]), _index([3, 1])),
            make((2,)),
            name="points",
        ),
        S(make((3, 4)), (mask((3, 4)),), make(()), name="mask"),
        S(make((3, 4)), (_index([1, 1, 0]),), make((3, 4)), True, name="accumulate repeats"),
    ]


def _index_put_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    x = make((3, 4))
    return [
        S(x, (_index([5]),), make(()), name="out of range"),
        S(x, (_index([0]),), make((), dtype="float64"), name="dtype"),
    ]


def _nonzero_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    values = make((3, 4))
    values.value[values.value < 0] = 0
    return [
        S(values, name="2-D"),
        S(values, as_tuple=True, name="as tuple"),
        S(make(()), name="0-d"),
        S(make(()), as_tuple=True, name="0-d tuple"),
        S(TensorArg(np.zeros((2, 0), dtype=dtype)), name="empty"),
        S(_Maker(rng, "bool")((5,)), name="bool"),
    ]


def _where_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    mask = _Maker(rng, "bool")
    return [S(mask((3, 4)), name="2-D"), S(mask(()), name="0-d")]


def _one_hot_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    return [
        S(_index([0, 2, 1, 2]), name="inferred"),
        S(_index([[0, 1], [3, 3]]), 5, name="num_classes"),
        S(_index(np.array(2)), name="0-d"),
        S(_index(np.zeros(0, dtype=np.int64)), 3, name="empty"),
    ]


def _one_hot_errors(rng: np.random.Generator) -> list[Sample]:
    return [
        S(TensorArg(np.array([1], dtype=np.int32)), name="int32"),
        S(_index([-1]), name="negative"),
        S(_index([3]), 3, name="too large"),
        S(_index(np.zeros(0, dtype=np.int64)), name="empty"),
    ]


def _searchsorted_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    sorted_values = TensorArg(np.sort(make((5,)).value))
    rows = TensorArg(np.sort(make((2, 4)).value, axis=-1))
    ties = TensorArg(np.array([1, 2, 2, 3], dtype=dtype))
    return [
        S(sorted_values, make((3, 2)), name="1-D boundaries"),
        S(ties, TensorArg(np.array([2, 0, 5, 3], dtype=dtype)), name="ties left"),
        S(ties, TensorArg(np.array([2, 3], dtype=dtype)), right=True, name="ties right"),
        S(ties, TensorArg(np.array([2, 3], dtype=dtype)), side="right", name="side"),
        S(rows, make((2, 3)), name="rows"),
        S(sorted_values, 0.5, name="scalar"),
        S(sorted_values, make((2,)), out_int32=True, name="int32"),
        S(
            TensorArg(np.array([3, 1, 2], dtype=dtype)),
            TensorArg(np.array([1.5, 2.5], dtype=dtype)),
            sorter=_index([1, 2, 0]),
            name="sorter",
        ),
    ]


def _searchsorted_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [
        S(make((3, 4)), make((2, 2)), name="rows"),
        S(make((4,)), make((2,)), side="foo", name="side"),
    ]


def _bucketize_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    boundaries = TensorArg(np.array([-1, 0, 0, 1], dtype=dtype))
    return [
        S(make((3, 2)), boundaries, name="2-D input"),
        S(TensorArg(np.array([0, 1, -3], dtype=dtype)), boundaries, right=True, name="right"),
        S(make(()), boundaries, out_int32=True, name="0-d, int32"),
        S(0.5, boundaries, name="scalar"),
    ]


def _bucketize_errors(rng: np.random.Generator) -> list[Sample]:
    make = _float_maker(rng)
    return [S(make((3, 4)), make((3, 4)), name="2-D boundaries")]


def _one_hot(T: Any, *args: Any) -> Any:
    return T.nn.functional.one_hot(*args)


def _no_grad(*rows: OpInfo) -> list[OpInfo]:
    for row in rows:
        row.backward = False
    return list(rows)


SHAPE_OPS: list[OpInfo] = [
    # joining and splitting
    _op("cat", _function("cat"), _cat_samples, dtypes=FLOATS_AND_INT, errors=_cat_errors),
    _op("concat", _function("concat"), _cat_samples),
    _op("concatenate", _function("concatenate"), _cat_samples),
    _op("hstack", _function("hstack"), _stacking_samples, errors=_list_errors),
    _op("vstack", _function("vstack"), _vstack_samples, errors=_list_errors),
    _op("row_stack", _function("row_stack"), _vstack_samples),
    _op("dstack", _function("dstack"), _dstack_samples, errors=_list_errors),
    _op("column_stack", _function("column_stack"), _column_stack_samples, errors=_list_errors),
    _op("split", _function("split"), _split_samples, dtypes=FLOATS_AND_INT, errors=_split_errors),
    _op("Tensor.split", _method("split"), _split_samples),
    _op("chunk", _function("chunk"), _chunk_samples, errors=_chunk_errors),
    _op(
        "tensor_split",
        _function("tensor_split"),
        _tensor_split_samples,
        errors=_tensor_split_errors,
    ),
    _op("hsplit", _function("hsplit"), _hsplit_samples, errors=_directional_split_errors),
    _op("vsplit", _function("vsplit"), _directional_split_samples),
    _op(
        "dsplit",
        _function("dsplit"),
        _directional_split_samples,
        errors=_directional_split_errors,
    ),
    _op(
        "split_output.mul_",
        _split_inplace,
        lambda rng, dtype: [],
        errors=_split_inplace_errors,
    ),
    # views and reshaping
    _op("narrow", _function("narrow"), _narrow_samples, errors=_narrow_errors),
    _op(
        "unfold_dimension",
        _method("unfold"),
        _unfold_samples,
        "shape._unfold",
        covers_backward=("backward_ops.unfold_backward",),
        errors=_unfold_errors,
    ),
    _op("sum_to_size", _method("sum_to_size"), _sum_to_size_samples, errors=_sum_to_size_errors),
    _op("movedim", _function("movedim"), _movedim_samples, errors=_movedim_errors),
    _op("moveaxis", _method("moveaxis"), _movedim_samples),
    _op("unflatten", _function("unflatten"), _unflatten_samples, errors=_unflatten_errors),
    _op("ravel", _function("ravel"), _ravel_samples, dtypes=FLOATS_AND_INT),
    _op("squeeze_dims", _method("squeeze"), _squeeze_dims_samples, "shape._squeeze_dims"),
    _op("swapaxes", _function("swapaxes"), _swapaxes_samples),
    _op("swapdims", _method("swapdims"), _swapaxes_samples),
    _op("view_as", _method("view_as"), _view_as_samples),
    _op(
        "forward_ad.unpack_dual primal",
        _unpack_dual_primal,
        _one_tensor_samples,
        "shape.alias_without_tangent",
    ),
    _op("reshape_as", _method("reshape_as"), _view_as_samples),
    _op("clone_memory_format", _with_format, _clone_samples, "shape.clone"),
    _op(
        "as_strided",
        _function("as_strided"),
        _as_strided_samples,
        "shape._as_strided",
        errors=_as_strided_errors,
    ),
    # flips and rotations
    _op(
        "flip",
        _function("flip"),
        _flip_samples,
        "shape._flip",
        dtypes=FLOATS_AND_INT,
        errors=_flip_errors,
    ),
    _op(
        "Tensor.flip",
        lambda T, x, dims: x.flip(*dims),
        lambda rng, dtype: [s for s in _flip_samples(rng, dtype) if s.args[1]],
        "shape._flip",
    ),
    _op("fliplr", _function("fliplr"), _lr_samples, "shape._flip", errors=_fliplr_errors),
    _op("flipud", _function("flipud"), _ud_samples, "shape._flip", errors=_flipud_errors),
    _op("roll", _function("roll"), _roll_samples, "shape._roll", errors=_roll_errors),
    _op("rot90", _function("rot90"), _rot90_samples, "shape._rot90", errors=_rot90_errors),
    # diagonals and triangles
    _op(
        "select_scatter",
        _function("select_scatter"),
        _select_scatter_samples,
        "shape._select_scatter",
        dtypes=FLOATS_AND_INT,
        errors=_select_scatter_errors,
    ),
    _op("Tensor.select_scatter", _method("select_scatter"), _select_scatter_samples),
    _op(
        "slice_scatter",
        _function("slice_scatter"),
        _slice_scatter_samples,
        "shape._slice_scatter",
        dtypes=FLOATS_AND_INT,
        errors=_slice_scatter_errors,
    ),
    _op("Tensor.slice_scatter", _method("slice_scatter"), _slice_scatter_samples),
    _op(
        "diagonal_scatter",
        _function("diagonal_scatter"),
        _diagonal_scatter_samples,
        "shape._diagonal_scatter",
        dtypes=FLOATS_AND_INT,
        errors=_diagonal_scatter_errors,
    ),
    _op("Tensor.diagonal_scatter", _method("diagonal_scatter"), _diagonal_scatter_samples),
    _op(
        "diagonal",
        _function("diagonal"),
        _diagonal_samples,
        "shape._diagonal",
        covers_backward=("shape.diagonal_backward",),
        errors=_diagonal_errors,
    ),
    _op(
        "diag",
        _function("diag"),
        _diag_samples,
        "shape._diagonal_copy",
        "shape._diag_embed",
        errors=_diag_errors,
    ),
    _op(
        "diag_embed",
        _function("diag_embed"),
        _diag_embed_samples,
        "shape._diag_embed",
        errors=_diag_embed_errors,
    ),
    _op("diagflat", _function("diagflat"), _diagflat_samples, "shape._diag_embed"),
    _op(
        "tril",
        _function("tril"),
        _triangle_samples,
        "shape._tril",
        dtypes=FLOATS_AND_INT,
        errors=_tril_errors,
    ),
    _op("triu", _function("triu"), _triangle_samples, "shape._triu", dtypes=FLOATS_AND_INT),
    _op("tril_", _inplace("tril_"), _triangle_samples, "shape._tril"),
    _op("triu_", _inplace("triu_"), _triangle_samples, "shape._triu"),
    # repeating and broadcasting
    _op(
        "repeat",
        lambda T, x, repeats: x.repeat(*repeats),
        _repeat_samples,
        "shape._repeat",
        errors=_repeat_errors,
    ),
    _op("tile", _function("tile"), _tile_samples, "shape._repeat"),
    _op(
        "repeat_interleave",
        _function("repeat_interleave"),
        _repeat_interleave_samples,
        errors=_repeat_interleave_errors,
    ),
    _op(
        "broadcast_to",
        _function("broadcast_to"),
        _broadcast_to_samples,
        errors=_broadcast_to_errors,
    ),
    _op(
        "broadcast_tensors",
        _function("broadcast_tensors"),
        _broadcast_tensors_samples,
        errors=_broadcast_tensors_errors,
    ),
    _op("meshgrid", _function("meshgrid"), _meshgrid_samples, errors=_meshgrid_errors),
    _op("atleast_1d", _function("atleast_1d"), _atleast_samples),
    _op("atleast_2d", _function("atleast_2d"), _atleast_samples),
    _op("atleast_3d", _function("atleast_3d"), _atleast_samples),
    # indexing along a dimension
    _op(
        "index_select",
        _function("index_select"),
        _index_select_samples,
        "indexing._index_select",
        errors=_index_select_errors,
    ),
    _op(
        "index_add",
        _function("index_add"),
        _index_add_samples,
        "indexing._index_add",
        errors=_index_add_errors,
    ),
    _op("index_add_", _inplace("index_add_"), _index_add_samples, "indexing._index_add"),
    _op(
        "index_copy",
        _function("index_copy"),
        _index_copy_samples,
        "indexing._index_copy",
        errors=_index_copy_errors,
    ),
    _op("index_copy_", _inplace("index_copy_"), _index_copy_samples, "indexing._index_copy"),
    _op(
        "index_fill",
        _function("index_fill"),
        _index_fill_samples,
        "indexing._index_fill_scalar",
        "indexing._index_fill_tensor",
        errors=_index_fill_errors,
    ),
    _op("index_fill_", _inplace("index_fill_"), _index_fill_samples, "indexing._index_fill_scalar"),
    # gather and scatter
    _op(
        "gather",
        _function("gather"),
        _gather_samples,
        "indexing._gather",
        errors=_gather_errors,
    ),
    _op(
        "scatter",
        _function("scatter"),
        _scatter_samples,
        "indexing._scatter_src",
        "indexing._scatter_value",
        errors=_scatter_errors,
    ),
    _op("scatter_", _inplace("scatter_"), _scatter_samples, "indexing._scatter_src"),
    _op(
        "scatter_reduce_legacy",
        _method("scatter"),
        _scatter_legacy_samples,
        "indexing._scatter_reduce_legacy",
        backward=False,
    ),
    _op(
        "scatter_add",
        _function("scatter_add"),
        _scatter_add_samples,
        "indexing._scatter_add",
        errors=_scatter_add_errors,
    ),
    _op("scatter_add_", _inplace("scatter_add_"), _scatter_add_samples, "indexing._scatter_add"),
    *[
        _op(
            f"scatter_reduce_{reduce}",
            _function("scatter_reduce"),
            _scatter_reduce_samples(reduce),
            "indexing._scatter_reduce",
            errors=_scatter_reduce_errors if reduce == "sum" else None,
            # the gradient of self for prod is grad * (product of the scattered values), where
            # PyTorch divides the result by self: same values, another node (MulBackward0)
            check_double_backward_grad_fn=reduce != "prod",
            tolerance=_F32_LOOSE,
        )
        for reduce in ("sum", "prod", "mean", "amax", "amin")
    ],
    _op(
        "scatter_reduce_",
        _inplace("scatter_reduce_"),
        _scatter_reduce_samples("amax"),
        "indexing._scatter_reduce",
    ),
    _op(
        "take_along_dim",
        _function("take_along_dim"),
        _take_along_dim_samples,
        errors=_take_along_dim_errors,
    ),
    # flat indexing
    _op("take", _function("take"), _take_samples, "indexing._take", errors=_take_errors),
    _op(
        "put",
        _method("put"),
        _put_samples,
        "indexing._put_flat",
        covers_backward=("indexing._take",),
        errors=_put_errors,
    ),
    _op("put_", _inplace("put_"), _put_samples, "indexing._put_flat"),
    # masks
    _op(
        "masked_select",
        _function("masked_select"),
        _masked_select_samples,
        "indexing._masked_select",
        errors=_masked_select_errors,
    ),
    _op(
        "masked_scatter",
        _function("masked_scatter"),
        _masked_scatter_samples,
        "indexing._masked_scatter",
        covers_backward=("indexing.masked_scatter_backward",),
        errors=_masked_scatter_errors,
    ),
    _op(
        "masked_scatter_",
        _inplace("masked_scatter_"),
        lambda rng, dtype: [
            s for s in _masked_scatter_samples(rng, dtype) if "input" not in s.name
        ],
        "indexing._masked_scatter",
    ),
    _op(
        "index_put",
        _function("index_put"),
        _index_put_samples,
        "indexing._index_put_accumulate",
        "indexing._index_put_advanced",
        errors=_index_put_errors,
    ),
    _op("index_put_", _inplace("index_put_"), _index_put_samples, "indexing._index_put_advanced"),
    # positions and encodings (no gradient)
    *_no_grad(
        _op("nonzero", _function("nonzero"), _nonzero_samples, dtypes=FLOATS_AND_INT),
        _op("Tensor.nonzero", _method("nonzero"), _nonzero_samples),
        _op(
            "argwhere",
            _function("argwhere"),
            lambda rng, dtype: [s for s in _nonzero_samples(rng, dtype) if not s.kwargs],
        ),
        _op("where_condition", _function("where"), _where_samples, dtypes=("bool",)),
        _op(
            "one_hot",
            _one_hot,
            _one_hot_samples,
            dtypes=("int64",),
            errors=_one_hot_errors,
        ),
        _op(
            "searchsorted",
            _function("searchsorted"),
            _searchsorted_samples,
            dtypes=FLOATS_AND_INT,
            errors=_searchsorted_errors,
        ),
        _op(
            "bucketize",
            _function("bucketize"),
            _bucketize_samples,
            dtypes=FLOATS_AND_INT,
            errors=_bucketize_errors,
        ),
    ),
]

__all__ = ["FLOATS", "SHAPE_OPS"]
