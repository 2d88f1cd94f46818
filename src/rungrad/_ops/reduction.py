"""Reductions: sum, mean, prod, max/min, amax/amin, aminmax, argmax/argmin, all/any, var/std
(and with the mean), logsumexp, nansum/nanmean, count_nonzero; the cumulative cumsum, cumprod,
cummax and cummin. Sorting and selection (sort, topk, median...) live in ``sorting``."""

from __future__ import annotations

import builtins
import math
import warnings
from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.grad_mode import is_grad_enabled
from ..return_types import aminmax as aminmax_result
from ..return_types import cummax as cummax_result
from ..return_types import cummin as cummin_result
from ..return_types import max as max_result
from ..return_types import min as min_result
from . import _elementary
from ._checks import user_stacklevel, wrap_dim, wrap_dims
from ._grad_helpers import expand_reduced
from ._half import half_in_float32
from .pointwise import div_scalar
from .registry import BINARY, FLOAT, array_formula, declare_holomorphic, primitive
from .shape import _expand, unsqueeze_array

__all__ = [
    "all",
    "amax",
    "amin",
    "aminmax",
    "any",
    "argmax",
    "argmin",
    "count_nonzero",
    "cummax",
    "cummin",
    "cumprod",
    "cumprod_",
    "cumsum",
    "cumsum_",
    "dist",
    "logsumexp",
    "max",
    "mean",
    "min",
    "nanmean",
    "nansum",
    "norm",
    "prod",
    "std",
    "std_mean",
    "sum",
    "var",
    "var_mean",
]


def _integer_sum_dtype(array: np.ndarray) -> Any:
    # PyTorch sums bool and integer tensors in int64.
    return np.int64 if array.dtype.kind in "biu" else None


def _accumulation_dtype(array: np.ndarray, dtype: Any) -> Any:
    """The NumPy dtype a sum-like reduction computes in: ``dtype`` if given, else int64 for
    bool and integer inputs (as PyTorch), else the input's own."""
    if dtype is not None:
        return dtype.numpy
    return _integer_sum_dtype(array)


# NOTE [Sums over rows by a matrix product]
# Float32 and float64 sums over the leading dims of a C-contiguous array (a bias's gradient,
# ``x.sum(0)``, a mean over the batch) follow PyTorch's order (NOTE [PyTorch's cascade
# sum]): its values, and a few NumPy calls per sum. Sums over the last dim of such an
# array, up to _BLOCK long (softmax's, a mean over features), are the matrix times a column
# of ones: 4.5 -> 1.3 us on (128, 10), where NumPy's loop pays per row. The ones are a
# read-only buffer per dtype. Float16 sums accumulate in float32, as PyTorch's do.
_BLOCK = 1024
_ONES: dict[str, np.ndarray] = {}  # by the dtype's character code


def _add_reduce(
    array: np.ndarray, dims: tuple[int, ...], keepdim: bool, dtype: Any, exact: bool = True
) -> Any:
    """``np.add.reduce(array, dims, dtype=dtype, keepdims=keepdim)``; over leading dims as a
    matrix product where it may be (NOTE [Sums over rows by a matrix product]). ``exact``:
    a sum over the last dim is PyTorch's, row by row (NOTE [Row sums in PyTorch's order]);
    otherwise (softmax's sums, whose exps differ from PyTorch's anyway) by BLAS."""
    count = len(dims)
    char = array.dtype.char
    if dtype is None and (char == "f" or char == "d") and array.flags.c_contiguous:
        ndim = array.ndim
        if count == ndim and ndim:
            # Every dim (``x.sum(0)`` of a vector, a bias broadcast over a vector): PyTorch's
            # full sum, so ``x.sum(0)`` equals ``x.sum()`` as there.
            total = cascade_sum(array)
            return total.reshape((1,) * ndim) if keepdim else total
        if count < ndim and dims == _LEADING_DIMS[count]:
            total = _sum_rows(array, count)
            return total.reshape((1,) * count + total.shape) if keepdim else total
        if count == 1 and ndim >= 2 and dims[0] == ndim - 1:
            if exact and array.size <= _EXACT_ROW_SUMS:
                rows = math.prod(array.shape[:-1])
                total = cascade_row_sums(array.reshape(rows, array.shape[-1]))
                return total.reshape(array.shape[:-1] + ((1,) if keepdim else ()))
            if array.shape[-1] <= _BLOCK:
                return _sum_columns(array, keepdim)
        if (
            1 < count < ndim
            and exact
            and array.size <= _EXACT_ROW_SUMS
            and tuple(sorted(dims)) == tuple(range(ndim - count, ndim))
        ):
            # Trailing dims (``x.mean((2, 3))`` of an image batch): contiguous, they are one
            # last dim to PyTorch's iterator, summed row by row as above.
            kept = array.shape[: ndim - count]
            length = math.prod(array.shape[ndim - count :])
            total = cascade_row_sums(array.reshape(math.prod(kept), length))
            return total.reshape(kept + ((1,) * count if keepdim else ()))
    axis = dims[0] if count == 1 else dims  # an int: NumPy lets axis 0 through on 0-d arrays
    if dtype is None and char == "e":
        total = np.add.reduce(array, axis=axis, keepdims=keepdim, dtype=np.float32)
        return total.astype(np.float16)
    return np.add.reduce(array, axis=axis, keepdims=keepdim, dtype=dtype)


def _sum_rows(array: np.ndarray, count: int) -> np.ndarray:
    """The sum of a C-contiguous float32/64 array over its first ``count`` dims, in PyTorch's
    order (NOTE [PyTorch's cascade sum], NOTE [Fewer NumPy calls for exact sums])."""
    shape = array.shape
    rows = shape[0] if count == 1 else math.prod(shape[:count])
    if not rows:
        return np.zeros(shape[count:], array.dtype)
    columns = array.size // rows
    if columns == 1:  # one column: PyTorch's full sum (the bias of Linear(n, 1))
        return cascade_sum(array).reshape(shape[count:])
    matrix = array if array.ndim == 2 else array.reshape(rows, columns)
    lanes = _SIMD_LANES[array.dtype.char]
    # Blocks of 4 registers (4 columns when there are fewer columns than a register's lanes)
    # are cascaded over all rows; the columns left over take 4 accumulators over the rows.
    # Each part starts from +0.0 (a column of -0.0 sums to 0.0) by its reductions' initial.
    block = 4 * lanes if columns >= lanes else 4
    cascaded = columns - columns % block
    if cascaded == columns:
        total = _cascade_rows(matrix, _ZERO)
    elif not cascaded:
        total = _four_accumulators(matrix)
    else:
        total = np.concatenate(
            (_cascade_rows(matrix[:, :cascaded], _ZERO), _four_accumulators(matrix[:, cascaded:]))
        )
    return total if array.ndim == 2 else total.reshape(shape[count:])


def _four_accumulators(matrix: np.ndarray) -> np.ndarray:
    """0 + PyTorch's ``row_sum`` down each column: rows 0, 4, 8... into a first accumulator,
    1, 5, 9... into a second and so on (each a cascade), the rows left over into the first,
    then the four added in turn."""
    rows, columns = matrix.shape
    quads = rows // 4
    if not quads:
        return np.add.reduce(matrix, axis=0, initial=_ZERO)
    body = matrix if rows == quads * 4 else matrix[: quads * 4]
    partial = _cascade_rows(body.reshape(quads, 4 * columns)).reshape(4, columns)
    if rows > quads * 4:
        partial = np.concatenate((partial[:1], matrix[quads * 4 :], partial[1:]))
    return np.add.reduce(partial, axis=0, initial=_ZERO)


def _sum_columns(array: np.ndarray, keepdim: bool) -> np.ndarray:
    """The sum of a C-contiguous float32/64 array over its last dim (at most _BLOCK long):
    the matrix times a column of ones, by BLAS."""
    shape = array.shape
    columns = shape[-1]
    ones = _ones(array.dtype.char)
    matrix = array if array.ndim == 2 else array.reshape(math.prod(shape[:-1]), columns)
    total = np.dot(matrix, ones[:columns])
    if keepdim:
        return total.reshape(*shape[:-1], 1)
    return total if array.ndim == 2 else total.reshape(shape[:-1])


def _ones(char: str) -> np.ndarray:
    """The read-only row of _BLOCK ones of a dtype (by its character code), made once."""
    ones = _ONES.get(char)
    if ones is None:
        ones = _ONES[char] = np.ones(_BLOCK, char)
        ones.flags.writeable = False
    return ones


# NOTE [Row sums by vector lanes]
# PyTorch's vectorised row kernels (softmax's backward) sum a row of a contiguous float32 or
# float64 matrix by SIMD register: the first register's values start `lanes` accumulators,
# every further register is added into them in turn, a last partial register into its
# first lanes, then the lanes are added: float32's (8 lanes) pairwise as AVX2 halves them,
# (l0 + l4) + (l2 + l6) + ((l1 + l5) + (l3 + l7)); float64's (4 lanes) one after another.
# A row shorter than a register is added one element after another.
def lane_row_sums(matrix: np.ndarray) -> np.ndarray:
    """The sum of each row of a C-contiguous float32/float64 matrix, as PyTorch's vectorised
    row kernels add it (NOTE [Row sums by vector lanes]). A 1-d array."""
    rows, count = matrix.shape
    lanes = _SIMD_LANES[matrix.dtype.char]
    if count < lanes:
        if count == 0:
            return np.zeros(rows, matrix.dtype)
        return np.add.accumulate(matrix, axis=1)[:, -1]
    filled = count - count % lanes
    # over the registers of each row, one after another (a reduction over a middle axis)
    body = matrix if filled == count else matrix[:, :filled]
    sums = np.add.reduce(body.reshape(rows, filled // lanes, lanes), axis=1)
    if filled < count:
        sums[:, : count - filled] += matrix[:, filled:]
    if lanes == 8:
        halves = sums[:, :4] + sums[:, 4:]
        quarters = halves[:, :2] + halves[:, 2:]
        return quarters[:, 0] + quarters[:, 1]
    return np.add.accumulate(sums, axis=1)[:, -1]


_LEADING_DIMS = [tuple(range(count)) for count in range(65)]  # (), (0,), (0, 1)...


# NOTE [PyTorch's cascade sum]
# A full sum of a float32 or float64 tensor is PyTorch's CPU cascade sum, in its order, so
# that a loss (a mean of many terms) prints PyTorch's digits. For n elements and a SIMD
# register of `lanes` elements (AVX2: 8 float32, 4 float64), PyTorch views the first
# n // lanes * lanes elements as rows of `lanes`, and every 4 consecutive rows as one row of
# 4 * lanes independent accumulators. Those rows are summed in a cascade of four levels:
# level 0 adds 2**p rows one after another (p = max(4, ceil(log2(rows)) // 4)), then is added
# into level 1 and cleared; level 1 is added into level 2 every 2**p level-0 flushes, level 2
# into level 3 likewise; the rows past the last flush go to level 0; the levels are then
# added 0 + 1 + 2 + 3. The 4 accumulators of each lane are added in turn (0 + 1 + 2 + 3, after
# the leftover rows went to the first), and finally a scalar, from zero, takes the elements
# past the rows and then the lanes in order. Fewer than `lanes` elements take the same steps
# with one-element rows. Every "one after another" sum is a NumPy reduction over a leading
# axis, which NumPy computes row after row. One thread is assumed: PyTorch splits a large sum
# among its threads.
_SIMD_LANES = {"f": 8, "d": 4}

# NOTE [Fewer NumPy calls for exact sums]
# These sums are small in a training step (a bias's gradient over 100 rows, a loss of 100
# terms), so their cost is NumPy's per-call overhead (~9k instructions a reduction, ~2k a
# slice or reshape) far more than the additions: the code makes as few calls as it can.
# PyTorch's sums start from +0.0, which only turns a sum of -0.0 into +0.0; as
# (a + b) + 0 == (a + 0) + b for all a and b (they differ at most in the sign of a zero, and
# a zero's sign reaches the result only when the result is a zero too), that +0.0 may be
# added at any leaf of the sum's tree instead of at its end: it is the ``initial`` of one
# reduction that every output goes through (no separate ``+= 0``), and a chain whose values
# include such a sum needs no ``+ 0`` at its end. A reduction over a leading axis with
# ``initial`` adds the rows one after another into that initial value.


def _cascade_rows(rows: np.ndarray, initial: Any = None) -> np.ndarray:
    """PyTorch's four-level cascade over the rows of a (size, accumulators) array; from
    ``initial`` (+0.0) first when given (NOTE [Fewer NumPy calls for exact sums])."""
    size = rows.shape[0]
    power = (size - 1).bit_length() // 4  # ceil(log2(size)) // 4
    step = 1 << (power if power > 4 else 4)
    # (``initial=None`` costs NumPy ~800 instructions a call: it is only passed when given)
    if size < step:
        if initial is None:
            return np.add.reduce(rows, axis=0)
        return np.add.reduce(rows, axis=0, initial=initial)
    chunks = size // step
    if chunks < step:  # only levels 0 and 1 receive anything: the common case, quickly
        if chunks == 1:
            sums = rows[:step]
        else:
            sums = np.add.reduce(rows[: chunks * step].reshape(chunks, step, -1), axis=1)
        if initial is None:
            total = np.add.reduce(sums, axis=0)
        else:
            total = np.add.reduce(sums, axis=0, initial=initial)
        if size > chunks * step:
            leftover = np.add.reduce(rows[chunks * step :], axis=0)
            leftover += total
            return leftover
        return total
    # The levels' sums, lowest first; a level that never received anything is left out
    # (adding its zeros changes nothing but the sign of a zero, which the final sum drops).
    levels = []
    if size > chunks * step:
        levels.append(np.add.reduce(rows[chunks * step :], axis=0))
    sums = np.add.reduce(rows[: chunks * step].reshape(chunks, step, -1), axis=1)
    blocks = chunks // step
    if chunks > blocks * step:
        levels.append(np.add.reduce(sums[blocks * step :], axis=0))
    if blocks:
        block_sums = np.add.reduce(sums[: blocks * step].reshape(blocks, step, -1), axis=1)
        groups = blocks // step
        if blocks > groups * step:
            levels.append(np.add.reduce(block_sums[groups * step :], axis=0))
        if groups:
            group_sums = block_sums[: groups * step].reshape(groups, step, -1)
            levels.append(np.add.reduce(np.add.reduce(group_sums, axis=1), axis=0))
    total = levels[0]
    for level in levels[1:]:
        total = total + level
    if initial is not None:
        total += initial
    return total


def cascade_sum(array: np.ndarray) -> Any:
    """The sum of all elements, as PyTorch's CPU kernel computes it for float32 and float64
    (NOTE [PyTorch's cascade sum]); NumPy's own sum for other dtypes. A 0-d array."""
    lanes = _SIMD_LANES.get(array.dtype.char)
    if lanes is None:
        return np.add.reduce(array, axis=None)
    flat = array if array.ndim == 1 else array.ravel(order="K")  # in memory order
    count = flat.shape[0]
    if count < lanes:  # four one-element accumulators: (x0 + x4 + ...) + x1 + x2 + x3
        if count == 0:
            return np.zeros((), array.dtype)
        return _chain(flat if count < 5 else flat[_SHORT_ORDER[count]])
    vectors = count // lanes
    quads = vectors // 4
    body = quads * 4 * lanes
    filled = vectors * lanes
    if quads:
        head = flat if body == count else flat[:body]
        if quads >= 16:
            partial = _cascade_rows(head.reshape(quads, 4 * lanes)).reshape(4, lanes)
        else:
            partial = np.add.reduce(head.reshape(quads, 4, lanes), axis=0)
        if filled > body:  # up to 3 registers more, added to the first accumulator
            rows = flat[body:filled].reshape(-1, lanes)
            partial = np.concatenate((partial[:1], rows, partial[1:]))
        # from +0.0: the chain below then is a sum from +0.0 without adding it (see _chain)
        lane_sums = np.add.reduce(partial, axis=0, initial=_ZERO)
    elif vectors == 1:
        lane_sums = flat[:lanes]
    else:
        lane_sums = np.add.reduce(flat[:filled].reshape(vectors, lanes), axis=0)
    if filled < count:  # the scalar takes the elements past the registers first
        lane_sums = np.concatenate((flat[filled:], lane_sums))
    return _chain(lane_sums, from_zero=bool(quads))


# NOTE [Row sums in PyTorch's order]
# PyTorch sums each row of a contiguous tensor over its last dim (``x.sum(-1)``,
# ``x.mean(1)`` of a matrix) exactly as it sums a whole tensor of that row's length, so
# ``x.sum(1)[i] == x[i].sum()``. cascade_row_sums takes cascade_sum's steps on every row at
# once, on the transposed matrix, each step one NumPy call down axis 0 for all rows. It
# costs a transposed copy and a few calls (~3x NumPy's own row sum on a (64, 784) float32
# matrix, ~20x on (1000, 1000)), so only tensors of up to _EXACT_ROW_SUMS elements take it
# (the per-sample losses, scores and statistics a program prints); larger ones keep NumPy's
# pairwise sums, which can differ from PyTorch's in the last bits.
_EXACT_ROW_SUMS = 1 << 16


def cascade_row_sums(matrix: np.ndarray) -> np.ndarray:
    """The sum of each row of a C-contiguous float32/float64 matrix, as cascade_sum sums a
    vector (NOTE [Row sums in PyTorch's order]). A 1-d array."""
    rows, count = matrix.shape
    lanes = _SIMD_LANES[matrix.dtype.char]
    if count == 0 or rows == 0:
        return np.zeros(rows, matrix.dtype)
    # Columns first: every step below then sums down axis 0, which NumPy does a whole
    # (contiguous) row at a time, where a middle axis would cost it a loop per matrix row.
    columns = np.ascontiguousarray(matrix.T)
    if count < lanes:
        ordered = columns if count < 5 else columns[_SHORT_ORDER[count]]
        return _chain_columns(ordered)
    vectors = count // lanes
    quads = vectors // 4
    body = quads * 4 * lanes
    filled = vectors * lanes
    if quads:
        head = columns[:body].reshape(quads, 4 * lanes * rows)
        if quads >= 16:
            partial = _cascade_rows(head)
        else:
            partial = np.add.reduce(head, axis=0)
        partial = partial.reshape(4, lanes, rows)
        if filled > body:  # up to 3 registers more, added to the first accumulator
            extra = columns[body:filled].reshape(-1, lanes, rows)
            partial = np.concatenate((partial[:1], extra, partial[1:]))
        lane_sums = np.add.reduce(partial, axis=0, initial=_ZERO)
    elif vectors == 1:
        lane_sums = columns[:lanes]
    else:
        lane_sums = np.add.reduce(columns[:filled].reshape(vectors, lanes, rows), axis=0)
    if filled < count:  # the scalar takes the elements past the registers first
        lane_sums = np.concatenate((columns[filled:], lane_sums))
    return _chain_columns(lane_sums, from_zero=bool(quads))


def _chain_columns(values: np.ndarray, from_zero: bool = False) -> np.ndarray:
    """_chain down every column: 0 + v0 + v1 + ... along axis 0."""
    total = np.add.accumulate(values, axis=0)[-1]  # one after another, even for one column
    return total if from_zero else total + values.dtype.type(0)


_SHORT_ORDER = {count: np.r_[0, 4:count, 1:4] for count in range(5, 8)}
_ZERO = 0.0  # the initial of a reduction that starts from +0.0


def _chain(values: np.ndarray, from_zero: bool = False) -> Any:
    """0 + v0 + v1 + ..., one after another, as a 0-d array (+0.0 when the sum is zero, as
    a sum started from +0.0 is). ``from_zero``: one of the values is a sum that started from
    +0.0 already, which gives the same bits as adding +0.0 to the end (NOTE [Fewer NumPy
    calls for exact sums])."""
    if from_zero:
        return np.add.accumulate(values)[-1, ...]  # a 0-d view of the last partial sum
    return np.asarray(np.add.accumulate(values)[-1] + values.dtype.type(0))


@primitive("SumBackward0")
def _sum_all(self, dtype=None):
    accumulate = _accumulation_dtype(self, dtype)
    if accumulate is None or accumulate == self.dtype:
        return cascade_sum(self)
    # ``np.add.reduce``, not ``np.sum``: the same reduction without np.sum's Python wrapper.
    return np.add.reduce(self, axis=None, dtype=accumulate)


def _sum_all_grad(grad: Tensor, self_shape: tuple[int, ...]) -> Tensor:
    return grad.expand(self_shape)


def _sum_all_grad_on_arrays(grad: Any, self_shape: tuple[int, ...]) -> Any:
    return _expand.forward(grad, tuple(self_shape))


_sum_all.defgrad(self=array_formula(_sum_all_grad, _sum_all_grad_on_arrays))


@primitive("SumBackward1")
def _sum_dims(self, dims, keepdim, dtype=None):
    # NumPy keeps a strided input's layout; PyTorch's result is contiguous.
    result = _add_reduce(self, dims, keepdim, _accumulation_dtype(self, dtype))
    return np.asarray(result, order="C")


def _expand_reduced_on_arrays(
    grad: Any, self_shape: tuple[int, ...], dims: Any, keepdim: bool
) -> Any:
    """``expand_reduced`` on arrays: the same unsqueezes and expand, by their forwards."""
    if not keepdim:
        grad = unsqueeze_array(grad, sorted(dims))
    return _expand.forward(grad, tuple(self_shape))


def _sum_dims_grad(grad: Tensor, self_shape: tuple[int, ...], dims: Any, keepdim: bool) -> Tensor:
    return expand_reduced(grad, self_shape, dims, keepdim)


_sum_dims.defgrad(self=array_formula(_sum_dims_grad, _expand_reduced_on_arrays))


def _reduction_dims(input: Tensor, dim: Any) -> tuple[int, ...]:
    if isinstance(dim, (list, tuple)) and len(dim) == 0:
        return tuple(range(input._data.ndim))
    dims = wrap_dims(dim, input._data.ndim)
    return dims if input._data.ndim else ()  # a 0-d tensor accepts dim 0 or -1: nothing to reduce


def _check_differentiable_dtype(input: Tensor, dtype: Any) -> None:
    """A reduction asked for an integer or bool result of a tensor that requires grad (in
    grad mode) is refused, as PyTorch's autograd refuses an output it cannot differentiate
    (``w.sum(dtype=torch.int64)``: "Autograd not support dtype: Long")."""
    if dtype is None or not input._requires_grad or not is_grad_enabled():
        return
    if isinstance(dtype, _dtype.dtype) and not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"Autograd not support dtype: {dtype.legacy_name}")


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """sum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor"""
    _check_differentiable_dtype(input, dtype)
    # The node casts the gradient back: no ToCopyBackward0 in the graph, as in PyTorch.
    if dim is None:
        return _sum_all(input, dtype)
    return _sum_dims(input, _reduction_dims(input, dim), keepdim, dtype)


def _check_mean_dtype(array: np.ndarray, name: str = "mean", which: str = "Input") -> None:
    if array.dtype.kind not in "fcV":
        raise RuntimeError(
            f"{name}(): could not infer output dtype. {which} dtype must be either a floating "
            f"point or complex dtype. Got: {_dtype.from_numpy_dtype(array.dtype).legacy_name}"
        )


def _mean(array: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    # sum / count rather than np.mean: an empty mean is nan without NumPy's RuntimeWarning.
    # float16 sums and divides in float32 and rounds once, as PyTorch's CPU kernel does.
    accumulate = np.float32 if array.dtype == np.float16 else None
    if axis is None:
        count = array.size
        if accumulate is None and not keepdims:
            total = cascade_sum(array)
        else:
            total = np.add.reduce(array, axis=None, keepdims=keepdims, dtype=accumulate)
    else:
        count = math.prod(array.shape[d] for d in axis)
        total = _add_reduce(array, tuple(axis), keepdims, accumulate)
    return np.asarray(total / count, dtype=array.dtype)


def _mean_input(array: np.ndarray, dtype: Any) -> np.ndarray:
    """The array a mean computes on: cast to ``dtype`` if given (a floating one)."""
    if dtype is None:
        _check_mean_dtype(array)
        return array
    _check_mean_dtype(np.empty(0, dtype.numpy), which="Optional")
    return array.astype(dtype.numpy, copy=False)


@primitive("MeanBackward0")
def _mean_all(self, dtype=None):
    return _mean(_mean_input(self, dtype))


def _mean_all_grad(grad: Tensor, self_shape: tuple[int, ...]) -> Tensor:
    return div_scalar(grad.expand(self_shape), math.prod(self_shape))


def _mean_all_grad_on_arrays(grad: Any, self_shape: tuple[int, ...]) -> Any:
    return div_scalar.forward(_expand.forward(grad, self_shape), math.prod(self_shape))


_mean_all.defgrad(self=array_formula(_mean_all_grad, _mean_all_grad_on_arrays))


@primitive("MeanBackward1")
def _mean_dims(self, dims, keepdim, dtype=None):
    return _mean(_mean_input(self, dtype), dims, keepdim)


def _mean_dims_grad(grad: Tensor, self_shape: tuple[int, ...], dims: Any, keepdim: bool) -> Tensor:
    count = math.prod(self_shape[d] for d in dims)
    return div_scalar(expand_reduced(grad, self_shape, dims, keepdim), count)


def _mean_dims_grad_on_arrays(
    grad: Any, self_shape: tuple[int, ...], dims: Any, keepdim: bool
) -> Any:
    count = math.prod(self_shape[d] for d in dims)
    return div_scalar.forward(_expand_reduced_on_arrays(grad, self_shape, dims, keepdim), count)


_mean_dims.defgrad(self=array_formula(_mean_dims_grad, _mean_dims_grad_on_arrays))


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """mean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor"""
    if dim is None:
        return _mean_all(input, dtype)
    return _mean_dims(input, _reduction_dims(input, dim), keepdim, dtype)


def _evenly_distribute(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    """The gradient of a full max/min/median goes to all tied elements, split equally (to
    the NaNs when the result is NaN)."""
    from .._creation import zeros_like
    from .pointwise import _masked_fill_tensor

    data = self._data
    if np.isnan(result._data).any():
        mask = _constant(np.isnan(data))
    else:
        mask = _constant(data == result._data)
    return _masked_fill_tensor(zeros_like(self), mask, grad / mask.sum())


def _check_nonempty(array: np.ndarray, name: str) -> None:
    if array.size == 0:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify "
            "the reduction dim with the 'dim' argument."
        )


@primitive("MaxBackward1")
def _max_all(self):
    _reject_complex_kernel("max_all", self)
    _check_nonempty(self, "max")
    return np.max(self)


_max_all.defgrad(self=_evenly_distribute)


@primitive("MinBackward1")
def _min_all(self):
    _reject_complex_kernel("min_all", self)
    _check_nonempty(self, "min")
    return np.min(self)


_min_all.defgrad(self=_evenly_distribute)


def _select_along(grad: Tensor, self_shape: tuple[int, ...], dim: int, keepdim: bool,
                  indices: Tensor) -> Tensor:  # fmt: skip
    """Scatter the gradient of values picked by ``indices`` along ``dim`` into zeros."""
    from .._creation import zeros
    from .indexing import _scatter_src

    if not keepdim and self_shape:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return _scatter_src(zeros(self_shape, dtype=grad.dtype), dim, indices, grad)


def _zero_dim_pick(self: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return self.copy(), np.zeros((), dtype=np.int64)


@primitive("MaxBackward0", num_outputs=2, differentiable_outputs=(0,))
def _max_dim(self, dim, keepdim):
    _reject_complex_input("max", self)
    if self.ndim == 0:
        return _zero_dim_pick(self)
    indices = unsqueeze_array(np.argmax(self, axis=dim), (dim,))
    values = np.take_along_axis(self, indices, axis=dim)
    if not keepdim:
        values, indices = np.squeeze(values, dim), np.squeeze(indices, dim)
    return values, indices


_max_dim.defgrad(
    self=lambda grads, self_shape, dim, keepdim, result1: _select_along(
        grads[0], self_shape, dim, keepdim, result1
    )
)


@primitive("MinBackward0", num_outputs=2, differentiable_outputs=(0,))
def _min_dim(self, dim, keepdim):
    _reject_complex_input("min", self)
    if self.ndim == 0:
        return _zero_dim_pick(self)
    indices = unsqueeze_array(np.argmin(self, axis=dim), (dim,))
    values = np.take_along_axis(self, indices, axis=dim)
    if not keepdim:
        values, indices = np.squeeze(values, dim), np.squeeze(indices, dim)
    return values, indices


_min_dim.defgrad(
    self=lambda grads, self_shape, dim, keepdim, result1: _select_along(
        grads[0], self_shape, dim, keepdim, result1
    )
)


def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """max(input) -> Tensor; max(input, dim, keepdim=False) -> (values, indices);
    max(input, other) -> elementwise maximum."""
    if isinstance(dim, Tensor):
        from .pointwise import maximum

        return maximum(input, dim)
    if dim is None:
        return _max_all(input)
    dim = wrap_dim(dim, input._data.ndim)
    _check_nonzero_dims(input._data, (dim,) if input._data.ndim else (), "max")
    values, indices = _max_dim(input, dim, keepdim)
    return max_result((values, indices))


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """min(input) -> Tensor; min(input, dim, keepdim=False) -> (values, indices);
    min(input, other) -> elementwise minimum."""
    if isinstance(dim, Tensor):
        from .pointwise import minimum

        return minimum(input, dim)
    if dim is None:
        return _min_all(input)
    dim = wrap_dim(dim, input._data.ndim)
    _check_nonzero_dims(input._data, (dim,) if input._data.ndim else (), "min")
    values, indices = _min_dim(input, dim, keepdim)
    return min_result((values, indices))


def _reject_complex_input(name: str, data: np.ndarray) -> None:
    if data.dtype.kind == "c":
        raise RuntimeError(f"{name}(): does not support complex input")


def _reject_complex_kernel(kernel: str, data: np.ndarray) -> None:
    """PyTorch's error for a kernel with no complex loop (orderings: max, min...)."""
    if data.dtype.kind == "c":
        from .. import _dtype

        legacy = _dtype.from_numpy_dtype(data.dtype).legacy_name
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{legacy}'")


def _index_reduction(function: Any, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    data = input._data
    name = function.__name__
    if data.dtype == np.bool_:
        raise RuntimeError(f"{name}(): does not support bool input")
    _reject_complex_input(name, data)
    if dim is None and data.size == 0:
        raise IndexError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
        )
    if dim is not None and data.ndim:
        _check_nonzero_dims(data, (wrap_dim(dim, data.ndim),), name)
    if dim is None:
        result = np.asarray(function(data.reshape(-1)))
        if keepdim:
            result = result.reshape((1,) * data.ndim)
    else:
        axis = wrap_dim(dim, data.ndim)
        result = function(data, axis=axis, keepdims=keepdim) if data.ndim else np.asarray(0)
    return Tensor._from_array(np.asarray(result, dtype=np.int64))


def argmax(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the maximum (of the flattened tensor when ``dim`` is None)."""
    return _index_reduction(np.argmax, input, dim, keepdim)


def argmin(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Index of the minimum (of the flattened tensor when ``dim`` is None)."""
    return _index_reduction(np.argmin, input, dim, keepdim)


def _logical_reduction(function: Any, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    data = input._data
    axis = None if dim is None else _reduction_dims(input, dim)
    if isinstance(dim, (list, tuple)) and not dim:  # unlike sum, no dims reduce nothing
        axis = ()
    result = function(data, axis=axis, keepdims=keepdim if dim is not None else False)
    return Tensor._from_array(
        np.asarray(result, dtype=np.uint8 if data.dtype == np.uint8 else bool)
    )


def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True if all elements are nonzero (along ``dim``)."""
    return _logical_reduction(np.all, input, dim, keepdim)


def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """True if any element is nonzero (along ``dim``)."""
    return _logical_reduction(np.any, input, dim, keepdim)


# -- helpers of the reductions below -------------------------------------------------------
def _constant(array: Any) -> Tensor:
    """A tensor outside any graph (a mask or a count that a formula uses)."""
    return Tensor._from_array(np.asarray(array))


def _restore_dims(tensor: Tensor, dims: Any, keepdim: bool) -> Tensor:
    """Put back, as size 1, the ``dims`` a reduction without ``keepdim`` removed."""
    if keepdim:
        return tensor
    for dim in sorted(dims):
        tensor = tensor.unsqueeze(dim)
    return tensor


def _restore_array(array: np.ndarray, dims: Any, keepdim: bool) -> np.ndarray:
    return array if keepdim or not dims else unsqueeze_array(array, sorted(dims))


def _all_dims(input: Tensor, dim: Any) -> tuple[int, ...]:
    """``dim`` wrapped; None, () and [] mean every dimension."""
    if dim is None:
        return tuple(range(input._data.ndim))
    return _reduction_dims(input, dim)


def _count(shape: tuple[int, ...], dims: Any) -> int:
    return math.prod(shape[d] for d in dims)


def _type_name(array: np.ndarray) -> str:
    return _dtype.from_numpy_dtype(array.dtype).legacy_name


def _check_nonzero_dims(array: np.ndarray, dims: Any, name: str, sep: str = "()") -> None:
    for dim in dims:
        if array.shape[dim] == 0:
            raise IndexError(f"{name}{sep}: Expected reduction dim {dim} to have non-zero size.")


# -- prod ----------------------------------------------------------------------------------
@primitive("ProdBackward0")
def _prod_all(self, dtype):
    return np.prod(self, dtype=_accumulation_dtype(self, dtype))


@primitive("ProdBackward1")
def _prod_dim(self, dim, keepdim, dtype):
    if self.ndim == 0:
        return np.array(self, dtype=_accumulation_dtype(self, dtype) or self.dtype)
    return np.prod(self, axis=dim, keepdims=keepdim, dtype=_accumulation_dtype(self, dtype))


def _exclusive_cumprod(input: Tensor, dim: int) -> Tensor:
    """The product of the elements before each one along ``dim`` (1 for the first)."""
    from .padding import _constant_pad
    from .shape import narrow

    ndim = input._data.ndim
    widths = [0] * (2 * (ndim - dim))
    widths[-2] = 1  # pairs run from the last dimension back: ``dim``'s pair comes last
    shifted = _constant_pad(narrow(input, dim, 0, input._data.shape[dim] - 1), widths, 1)
    return _cumprod(shifted, dim, None)


def _product_of_others(input: Tensor, dim: int) -> Tensor:
    """For each element, the product of all the others along ``dim``: exact with zeros, and
    a polynomial of the input, so its own derivatives are exact too."""
    from .shape import _flip

    before = _exclusive_cumprod(input, dim)
    after = _flip(_exclusive_cumprod(_flip(input, (dim,)), dim), (dim,))
    return before * after


def _prod_all_grad(grad: Tensor, self: Tensor, result: Tensor) -> Tensor:
    if self._data.ndim == 0:
        return grad
    self = self.to(result.dtype)  # the product was computed in ``dtype``
    if np.all(self._data != 0):
        return grad * (result / self)
    if self._data.size == 1:  # a single zero: PyTorch's gradient is grad, free of the input
        return grad.view(self._data.shape)
    flat = self.reshape(-1)
    return (grad * _product_of_others(flat, 0)).view(self._data.shape)


def _prod_dim_grad(grad: Tensor, self: Tensor, result: Tensor, dim: int, keepdim: bool) -> Tensor:
    if self._data.ndim == 0:
        return grad
    self = self.to(result.dtype)  # the product was computed in ``dtype``
    grad = _restore_dims(grad, (dim,), keepdim)
    if np.all(self._data != 0):
        return grad * (_restore_dims(result, (dim,), keepdim) / self)
    if self._data.shape[dim] == 1:  # as PyTorch: with zeros, a slice of one passes grad on
        return grad
    return grad * _product_of_others(self, dim)


_prod_all.defgrad(self=_prod_all_grad)
_prod_dim.defgrad(self=_prod_dim_grad)


def prod(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """prod(input, *, dtype=None) -> Tensor; prod(input, dim, keepdim=False, *, dtype=None)

    The product of the elements (along ``dim``); bool and integer inputs multiply in int64.

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([[1.0, 2.0], [3.0, 4.0]]).prod(1)
        tensor([ 2., 12.])
    """
    _check_differentiable_dtype(input, dtype)
    if dim is None:
        return _prod_all(input, dtype)
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(
            f"prod() received an invalid combination of arguments - got (Tensor, "
            f"{type(dim).__name__}), but expected one of:"
        )
    return _prod_dim(input, wrap_dim(int(dim), input._data.ndim), keepdim, dtype)


# -- amax, amin, aminmax -------------------------------------------------------------------
def _extreme_grad(grad: Tensor, self: Tensor, result: Tensor, dims: Any, keepdim: bool) -> Tensor:
    """The gradient of amax/amin: shared evenly among the elements equal to the result."""
    mask = self._data == _restore_array(result._data, dims, keepdim)
    axes = tuple(dims) if mask.ndim else None  # a 0-d input with keepdim: mask is 0-d
    count = np.sum(mask, axis=axes, keepdims=True, dtype=np.int64)
    if not keepdim and mask.ndim:  # the reduced dims put back by one view, as in PyTorch
        grad = grad.view(count.shape)
    return (grad / _constant(count)) * _constant(mask)


def _check_extreme(array: np.ndarray, dim: Any, dims: Any, explicit: bool, name: str) -> None:
    if not explicit and array.size == 0:
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify "
            "the reduction dim with the 'dim' argument."
        )
    if explicit and array.ndim:
        given = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
        for wrapped, original in zip(dims, given):
            if array.shape[wrapped] == 0:  # the message names the dim as given
                raise IndexError(
                    f"{name}(): Expected reduction dim {original} to have non-zero size."
                )


# A 0-d input keeps the dims it was given (0 or -1 wrap to 0): the gradient is then shaped
# (1,) and summed back to 0-d, a SumBackward0 in PyTorch's graph too.
@primitive("AmaxBackward0")
def _amax(self, dims, keepdim):
    _reject_complex_kernel("max_values_cpu", self)
    return np.amax(self, axis=dims if self.ndim else (), keepdims=keepdim)


@primitive("AminBackward0")
def _amin(self, dims, keepdim):
    _reject_complex_kernel("min_values_cpu", self)
    return np.amin(self, axis=dims if self.ndim else (), keepdims=keepdim)


_amax.defgrad(self=_extreme_grad)
_amin.defgrad(self=_extreme_grad)


def _extreme(op: Any, name: str, input: Tensor, dim: Any, keepdim: bool) -> Tensor:
    explicit = _explicit_dims(dim)
    dims = wrap_dims(dim, input._data.ndim) if explicit else _all_dims(input, dim)
    _check_extreme(input._data, dim, dims, explicit, name)
    return op(input, dims, keepdim)


def _explicit_dims(dim: Any) -> bool:
    return dim is not None and not (isinstance(dim, (list, tuple)) and len(dim) == 0)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """amax(input, dim=(), keepdim=False) -> the maximum over ``dim`` (every dimension when
    empty); the gradient is shared evenly among tied maxima."""
    return _extreme(_amax, "amax", input, dim, keepdim)


def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """amin(input, dim=(), keepdim=False) -> the minimum over ``dim`` (every dimension when
    empty); the gradient is shared evenly among tied minima."""
    return _extreme(_amin, "amin", input, dim, keepdim)


@primitive("AminmaxBackward0", num_outputs=2)
def _aminmax(self, dims, keepdim):
    _reject_complex_kernel("aminmax_cpu", self)
    axes = dims if self.ndim else ()
    return np.amin(self, axis=axes, keepdims=keepdim), np.amax(self, axis=axes, keepdims=keepdim)


def _aminmax_grad(grads: list[Tensor], self: Tensor, result0: Tensor, result1: Tensor,
                  dims: Any, keepdim: bool) -> Tensor:  # fmt: skip
    return _extreme_grad(grads[0], self, result0, dims, keepdim) + _extreme_grad(
        grads[1], self, result1, dims, keepdim
    )


_aminmax.defgrad(self=_aminmax_grad)


def aminmax(input: Tensor, *, dim: Any = None, keepdim: bool = False) -> Any:
    """aminmax(input, *, dim=None, keepdim=False) -> (min, max)

    Example::

        >>> import rungrad as torch
        >>> torch.aminmax(torch.tensor([1.0, -2.0, 3.0]))
        rungrad.return_types.aminmax(
        min=tensor(-2.),
        max=tensor(3.))
    """
    data = input._data
    if dim is None:
        if data.size == 0:
            raise RuntimeError(
                "aminmax(): cannot compute aminmax over an empty dimension as the operation "
                "has no identity."
            )
        dims: tuple[int, ...] = tuple(range(data.ndim))
    else:
        dims = (wrap_dim(dim, data.ndim),)
        if data.ndim:
            _check_nonzero_dims(data, dims, "aminmax", sep="")
    return aminmax_result(_aminmax(input, dims, keepdim))


# -- variance and standard deviation -------------------------------------------------------
# ``dims`` is None for a full reduction (``dim=None``): PyTorch's gradient differs there when
# the degrees of freedom are not positive (see _var_grad).
def _axes(ndim: int, dims: Any) -> tuple[int, ...]:
    return tuple(range(ndim)) if dims is None else dims


def _moments(x: np.ndarray, dims: Any, correction: float, keepdim: bool,
             std: bool) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(variance or standard deviation, mean) over ``dims``, in the input's dtype; the sum
    of squared deviations is divided by max(0, N - correction)."""
    ordered = _moments_by_output(x, dims, correction, keepdim, std)
    if ordered is not None:
        return ordered
    axes = _axes(x.ndim, dims)
    count = _count(x.shape, axes)
    with np.errstate(divide="ignore", invalid="ignore"):  # no degrees of freedom: inf or nan
        mean = np.sum(x, axis=axes, keepdims=True) / count
        deviation = np.abs(x - mean)
        spread = np.sum(deviation * deviation, axis=axes, keepdims=True) / builtins.max(
            0, count - correction
        )
    if std:
        spread = np.sqrt(spread)
    if not keepdim and axes:
        spread, mean = np.squeeze(spread, axes), np.squeeze(mean, axes)
    # A complex input's variance is real (the mean of |x - mean|^2), as in PyTorch.
    return np.asarray(spread, dtype=x.real.dtype), np.asarray(mean, dtype=x.dtype)


def _var_grad(grad: Tensor, self: Tensor, dims: Any, correction: float, keepdim: bool) -> Tensor:
    from .pointwise import mul_scalar

    data = self._data
    axes = _axes(data.ndim, dims)
    dof = _count(data.shape, axes) - correction
    full = dims is None or not data.ndim
    if full and dof <= 0:
        # PyTorch: a full reduction (or any of a 0-d input) without degrees of freedom has
        # the gradient grad times the (inf or nan) variance, a constant.
        variance = _moments(data, None, correction, True, std=False)[0]
        grad = _restore_dims(grad, axes, keepdim)
        return grad * _constant(np.broadcast_to(variance, data.shape))
    if full:  # as PyTorch: the gradient and the mean broadcast, no dims put back
        centered = self - self.mean()
    else:
        grad = _restore_dims(grad, axes, keepdim)
        centered = self - self.mean(axes, keepdim=True)
    return mul_scalar(grad, 2.0 / dof if dof else math.inf) * centered


def _std_grad(grad: Tensor, self: Tensor, result: Tensor, dims: Any, correction: float,
              keepdim: bool) -> Tensor:  # fmt: skip
    from .pointwise import _masked_fill_scalar, mul_scalar

    # A zero deviation (constant input) has a zero gradient, its subgradient.
    scaled = _masked_fill_scalar(grad / mul_scalar(result, 2), _constant(result._data == 0), 0)
    return _var_grad(scaled, self, dims, correction, keepdim)


def _mean_part(grad: Tensor, self_shape: tuple[int, ...], dims: Any, keepdim: bool) -> Tensor:
    from .pointwise import div_scalar

    axes = _axes(len(self_shape), dims)
    return div_scalar(expand_reduced(grad, self_shape, axes, keepdim), _count(self_shape, axes))


_WELFORD_STEPS = 2048  # longer float64 reductions keep the vectorised two-pass sums


def _moments_by_output(x: np.ndarray, dims: Any, correction: float, keepdim: bool,
                       std: bool) -> tuple[np.ndarray, np.ndarray] | None:  # fmt: skip
    """PyTorch's CPU var/std over some dims of a contiguous float32/float64 input: per
    output, Welford's running mean and sum of squared deviations in double over the
    elements in memory order (each update rounded as written), divided by
    max(0, N - correction), the root in double, rounded once to the dtype. A float32
    input's double sums are computed two-pass (the same float32 values); None where the
    path does not apply (full reductions have their own, ``_spread_of_all``)."""
    char = x.dtype.char
    if (char != "f" and char != "d") or not x.size or not x.flags.c_contiguous:
        return None
    axes = tuple(sorted(_axes(x.ndim, dims)))
    count = _count(x.shape, axes)
    if count == x.size or (char == "d" and count > _WELFORD_STEPS):
        return None
    kept = tuple(axis for axis in range(x.ndim) if axis not in axes)
    table = np.transpose(x, kept + axes).reshape(-1, count).astype(np.float64)
    if char == "f":
        mean = table.sum(axis=1) / count
        deviations = table - mean[:, None]
        total = (deviations * deviations).sum(axis=1)
    else:
        mean = np.zeros(table.shape[0])
        total = np.zeros(table.shape[0])
        for step in range(count):
            values = table[:, step]
            delta = values - mean
            mean = mean + delta / (step + 1)
            total = total + delta * (values - mean)
    with np.errstate(divide="ignore", invalid="ignore"):  # no degrees of freedom: inf or nan
        spread = total / builtins.max(0, count - correction)
    if std:
        spread = np.sqrt(spread)
    shape = tuple(1 if axis in axes else size for axis, size in enumerate(x.shape))
    if not keepdim:
        shape = tuple(x.shape[axis] for axis in kept)
    return spread.reshape(shape).astype(x.dtype), mean.reshape(shape).astype(x.dtype)


def _spread_of_all(x: np.ndarray, dims: Any, correction: float, keepdim: bool,
                   std: bool) -> np.ndarray | None:  # fmt: skip
    """PyTorch's CPU var/std when the result is one number of a float32/float64 input: the
    tensor's mean (its full sum in PyTorch's order, over N) as a double, the squared
    deviations added in double one after another, divided by max(0, N - correction), the
    square root in double, rounded once. None where that path does not apply."""
    char = x.dtype.char
    if (char != "f" and char != "d") or not x.size:
        return None
    axes = _axes(x.ndim, dims)
    if _count(x.shape, axes) != x.size:
        return None
    mean = float(cascade_sum(x) / x.dtype.type(x.size))
    deviations = x.astype(np.float64).ravel(order="K") - mean
    total = float(np.add.accumulate(deviations * deviations)[-1])
    dof = builtins.max(0.0, x.size - correction)
    if dof:
        spread = total / dof
    else:  # C's division by zero
        spread = math.inf if total > 0 else math.nan
    if std:
        spread = math.sqrt(spread)
    shape = tuple(1 for _ in x.shape) if keepdim else tuple(
        size for axis, size in enumerate(x.shape) if axis not in axes
    )  # fmt: skip
    with np.errstate(over="ignore"):
        return np.full(shape, spread, dtype=x.dtype)


@primitive("VarBackward0")
@half_in_float32
def _var(self, dims, correction, keepdim):
    spread = _spread_of_all(self, dims, correction, keepdim, std=False)
    return spread if spread is not None else _moments(self, dims, correction, keepdim, False)[0]


@primitive("StdBackward0")
@half_in_float32
def _std(self, dims, correction, keepdim):
    spread = _spread_of_all(self, dims, correction, keepdim, std=True)
    return spread if spread is not None else _moments(self, dims, correction, keepdim, True)[0]


@primitive("VarMeanBackward0", num_outputs=2)
def _var_mean(self, dims, correction, keepdim):
    return _moments(self, dims, correction, keepdim, std=False)


@primitive("StdMeanBackward0", num_outputs=2)
def _std_mean(self, dims, correction, keepdim):
    return _moments(self, dims, correction, keepdim, std=True)


_var.defgrad(self=_var_grad)
_std.defgrad(self=_std_grad)
_var_mean.defgrad(
    self=lambda grads, self, dims, correction, keepdim: (
        _var_grad(grads[0], self, dims, correction, keepdim)
        + _mean_part(grads[1], self._data.shape, dims, keepdim)
    )
)
_std_mean.defgrad(
    self=lambda grads, self, result0, dims, correction, keepdim: (
        _std_grad(grads[0], self, result0, dims, correction, keepdim)
        + _mean_part(grads[1], self._data.shape, dims, keepdim)
    )
)


class _NoDim:
    """``dim``'s default in var/std: None, but told apart from a dim=None the caller wrote."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "None"


_NO_DIM = _NoDim()


class _UnsetCorrection(int):
    """The correction 1 that no argument asked for: read back from the node as None."""

    __slots__ = ()


_UNSET_CORRECTION = _UnsetCorrection(1)


def _correction_as_given(correction: Any) -> Any:
    return None if type(correction) is _UnsetCorrection else correction


def _variance(op: Any, name: str, input: Tensor, dim: Any, unbiased: Any, keepdim: bool,
              correction: Any) -> Any:  # fmt: skip
    dim_given = dim is not _NO_DIM
    if not dim_given:
        dim = None
    if isinstance(dim, bool):  # the legacy overload var(input, unbiased)
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got both 'unbiased' and "
            "'correction'"
        )
    if correction is None:
        # No dim, unbiased or correction at all: PyTorch's node reads the correction back as
        # None (``x.var()``, not ``x.var(None)``), though it divides by N - 1.
        unset = not dim_given and unbiased is None
        correction = _UNSET_CORRECTION if unset else 0 if unbiased is False else 1
    data = input._data
    if data.dtype.kind not in "fcV":
        which = "std and var" if name in ("std", "var") else name
        raise RuntimeError(f"{which} only support floating point and complex dtypes")
    dims = None if dim is None else _all_dims(input, dim)
    # PyTorch's N is numel / max(result numel, 1): 0 for any empty input
    count = _count(data.shape, _axes(data.ndim, dims)) if data.size else 0
    if count - correction <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel). (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return op(input, dims, correction, keepdim)


def var(input: Tensor, dim: Any = _NO_DIM, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None) -> Tensor:  # fmt: skip
    """var(input, dim=None, *, correction=1, keepdim=False) -> Tensor

    The variance over ``dim`` (every dimension when None), dividing by ``N - correction``;
    ``unbiased=False`` means ``correction=0``.

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([1.0, 2.0, 4.0]).var()
        tensor(2.3333)
    """
    return _variance(_var, "var", input, dim, unbiased, keepdim, correction)


def std(input: Tensor, dim: Any = _NO_DIM, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None) -> Tensor:  # fmt: skip
    """std(input, dim=None, *, correction=1, keepdim=False) -> the square root of ``var``"""
    return _variance(_std, "std", input, dim, unbiased, keepdim, correction)


def var_mean(input: Tensor, dim: Any = _NO_DIM, unbiased: Any = None, keepdim: bool = False, *,
             correction: Any = None) -> tuple[Tensor, Tensor]:  # fmt: skip
    """var_mean(input, dim=None, *, correction=1, keepdim=False) -> (var, mean)"""
    return tuple(_variance(_var_mean, "var_mean", input, dim, unbiased, keepdim, correction))


def std_mean(input: Tensor, dim: Any = _NO_DIM, unbiased: Any = None, keepdim: bool = False, *,
             correction: Any = None) -> tuple[Tensor, Tensor]:  # fmt: skip
    """std_mean(input, dim=None, *, correction=1, keepdim=False) -> (std, mean)"""
    return tuple(_variance(_std_mean, "std_mean", input, dim, unbiased, keepdim, correction))


# -- logsumexp -----------------------------------------------------------------------------
@primitive("LogsumexpBackward0", promotion=FLOAT)
def _logsumexp(self, dims, keepdim):
    if self.size and _count(self.shape, dims):
        shift = np.amax(self, axis=dims, keepdims=True)
        shift = np.where(np.isfinite(shift), shift, 0)
    else:
        shift = np.zeros((), self.dtype)
    result = (
        _elementary.log(np.sum(_elementary.exp(self - shift), axis=dims, keepdims=True)) + shift
    )
    if not keepdim and dims:
        result = np.squeeze(result, dims)
    return np.asarray(result, dtype=self.dtype)


def _logsumexp_grad(grad: Tensor, self: Tensor, result: Tensor, dims: Any, keepdim: bool) -> Tensor:
    from .pointwise import exp

    restored = _restore_dims(grad, dims, keepdim)
    return restored * exp(self - _restore_dims(result, dims, keepdim))


_logsumexp.defgrad(self=_logsumexp_grad)


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """logsumexp(input, dim, keepdim=False) -> log(sum(exp(input), dim)), computed stably

    Example::

        >>> import rungrad as torch
        >>> torch.logsumexp(torch.tensor([0.0, 0.0]), 0)
        tensor(0.6931)
    """
    return _logsumexp(input, _all_dims(input, dim), keepdim)


# -- cumulative sums, products, maxima and minima -----------------------------------------
def _reverse_cumsum(tensor: Tensor, dim: int) -> Tensor:
    """The sums from each element to the end along ``dim``."""
    from .shape import _flip

    return _flip(_cumsum(_flip(tensor, (dim,)), dim, None), (dim,))


@primitive("CumsumBackward0")
def _cumsum(self, dim, dtype):
    if self.ndim == 0:
        return np.array(self, dtype=_accumulation_dtype(self, dtype) or self.dtype)
    return _cumulative(np.cumsum, self, dim, _accumulation_dtype(self, dtype))


# PyTorch's CPU cumsum and cumprod keep their running value in double (complex double) for
# float16, float32 and complex64 and round each output: NumPy's float32 running sum would
# differ in the last bits.
_WIDE = {"e": np.float64, "f": np.float64, "F": np.complex128}


def _cumulative(function: Any, array: np.ndarray, dim: int, dtype: Any) -> np.ndarray:
    result_dtype = np.dtype(dtype) if dtype is not None else array.dtype
    wide = _WIDE.get(result_dtype.char)
    if wide is None:
        return function(array, axis=dim, dtype=dtype)
    return function(array, axis=dim, dtype=wide).astype(result_dtype)


def _passes_through(shape: tuple[int, ...], dim: int) -> bool:
    """A cumulative op is the identity on a 0-d or empty input, or along a dimension of size
    1: PyTorch passes the gradient itself through."""
    return not shape or math.prod(shape) == 0 or shape[dim] == 1


_cumsum.defgrad(
    self=lambda grad, self_shape, self_dtype, dim: (
        grad if _passes_through(self_shape, dim) else _reverse_cumsum(grad.to(self_dtype), dim)
    )
)


@primitive("CumprodBackward0")
def _cumprod(self, dim, dtype):
    if self.ndim == 0:
        return np.array(self, dtype=_accumulation_dtype(self, dtype) or self.dtype)
    return _cumulative(np.cumprod, self, dim, _accumulation_dtype(self, dtype))


def _cumprod_backward(grad: Tensor, input: Tensor, output: Tensor, dim: int) -> Tensor:
    """The gradient of ``output = cumprod(input)``, exact where ``input`` has zeros.

    Element k receives sum over i >= k of grad[i] * prod(input[j] for j <= i, j != k). Before
    the first zero of its slice that is reverse_cumsum(grad * output) / input. At the first
    zero z it is the gradient of cumprod(input') at z, where input' has that zero replaced by
    1; after it, the same gradient times input[z] (zero, but with a derivative). Each case is
    an identity between polynomials, so the gradient's own derivatives are exact too.
    """
    from .pointwise import where

    zero = input._data == 0
    if not zero.any():
        return _reverse_cumsum(grad * output, dim) / input
    size = zero.shape[dim]
    shape = [1] * zero.ndim
    shape[dim] = size
    position = np.arange(size).reshape(shape)
    has_zero = zero.any(axis=dim, keepdims=True)
    first = np.where(has_zero, np.argmax(zero, axis=dim, keepdims=True), size)
    before, at, after = position < first, position == first, position > first
    safe = where(_constant(before), input, 1.0)
    before_grad = _reverse_cumsum(grad * output, dim) / safe
    replaced = where(_constant(at), 1.0, input)
    replaced_output = _cumprod(replaced, dim, None)
    if not is_grad_enabled():  # first order only: beyond the first zero, gradients are zero
        at_grad = _reverse_cumsum(grad * replaced_output, dim)
        return where(_constant(before), before_grad, where(_constant(at), at_grad, 0.0))
    later_grad = _cumprod_backward(grad, replaced, replaced_output, dim)
    first_value = (input * _constant(at)).sum(dim, keepdim=True)
    scale = where(_constant(after), first_value, 1.0)
    return where(_constant(before), before_grad, later_grad * scale)


_cumprod.defgrad(
    self=lambda grad, self, result, dim: (
        grad
        if _passes_through(self._data.shape, dim)
        else _cumprod_backward(grad.to(self.dtype), self, result, dim)  # as PyTorch casts
    )
)


def _cumulative_dim(input: Tensor, dim: Any) -> int:
    return wrap_dim(dim, input._data.ndim)


def cumsum(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """cumsum(input, dim, *, dtype=None) -> the running sums along ``dim``

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([1.0, 2.0, 3.0]).cumsum(0)
        tensor([1., 3., 6.])
    """
    _check_differentiable_dtype(input, dtype)
    return _cumsum(input, _cumulative_dim(input, dim), dtype)


def cumprod(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """cumprod(input, dim, *, dtype=None) -> the running products along ``dim``; the
    gradient is exact where the input has zeros."""
    _check_differentiable_dtype(input, dtype)
    return _cumprod(input, _cumulative_dim(input, dim), dtype)


def _running_extreme(x: np.ndarray, dim: int, accumulate: Any) -> tuple[np.ndarray, np.ndarray]:
    """Running max/min along ``dim`` and the index of the last element that set it (a NaN
    propagates, and each later NaN takes over the index), as PyTorch."""
    if x.ndim == 0:
        return x.copy(), np.zeros((), np.int64)
    values = accumulate(x, axis=dim)
    updates = x == values
    if x.dtype.kind in "fcV":
        updates |= np.isnan(x)
    shape = [1] * x.ndim
    shape[dim] = x.shape[dim]
    position = np.arange(x.shape[dim]).reshape(shape)
    indices = np.maximum.accumulate(np.where(updates, position, 0), axis=dim)
    return values, indices.astype(np.int64, copy=False)


def _running_extreme_grad(grads: list[Tensor], self_shape: tuple[int, ...], dim: int,
                          result1: Tensor) -> Tensor:  # fmt: skip
    from .._creation import zeros
    from .indexing import _scatter_add

    if not math.prod(self_shape):
        return grads[0]
    return _scatter_add(zeros(self_shape, dtype=grads[0].dtype), dim, result1, grads[0])


@primitive("CummaxBackward0", num_outputs=2, differentiable_outputs=(0,))
def _cummax(self, dim):
    _reject_complex_kernel("cummax_cpu", self)
    return _running_extreme(self, dim, np.maximum.accumulate)


@primitive("CumminBackward0", num_outputs=2, differentiable_outputs=(0,))
def _cummin(self, dim):
    _reject_complex_kernel("cummin_cpu", self)
    return _running_extreme(self, dim, np.minimum.accumulate)


_cummax.defgrad(self=_running_extreme_grad)
_cummin.defgrad(self=_running_extreme_grad)


def _running_dim(input: Tensor, dim: int, name: str) -> int:
    if input._data.ndim == 0 and dim not in (0, -1):
        raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    return _cumulative_dim(input, dim)


def cummax(input: Tensor, dim: int) -> Any:
    """cummax(input, dim) -> (values, indices): the running maximum along ``dim`` and where
    it was last set

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([1.0, 3.0, 2.0]).cummax(0).values
        tensor([1., 3., 3.])
    """
    return cummax_result(_cummax(input, _running_dim(input, dim, "cummax")))


def cummin(input: Tensor, dim: int) -> Any:
    """cummin(input, dim) -> (values, indices): the running minimum along ``dim`` and where
    it was last set"""
    return cummin_result(_cummin(input, _running_dim(input, dim, "cummin")))


# -- NaN-ignoring and counting reductions --------------------------------------------------
@primitive("NansumBackward0")
def _nansum(self, dims, keepdim, dtype):
    return np.nansum(self, axis=dims, keepdims=keepdim, dtype=_accumulation_dtype(self, dtype))


_nansum.defgrad(
    self=lambda grad, self, dims, keepdim: (
        expand_reduced(grad.to(self.dtype), self._data.shape, dims, keepdim)
        * _constant(~np.isnan(self._data))
    )
)


def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """nansum(input, dim=None, keepdim=False, *, dtype=None) -> the sum, NaNs counted as 0"""
    _check_differentiable_dtype(input, dtype)
    return _nansum(input, _all_dims(input, dim), keepdim, dtype)


def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """nanmean(input, dim=None, keepdim=False, *, dtype=None) -> the mean of the non-NaN
    elements

    Example::

        >>> import rungrad as torch
        >>> torch.tensor([1.0, float("nan"), 3.0]).nanmean()
        tensor(2.)
    """
    data = input._data
    if data.dtype.kind not in "fcV":
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{_type_name(data)}"
        )
    from .pointwise import isnan, logical_not

    count = sum(logical_not(isnan(input)), dim, keepdim)
    return nansum(input, dim, keepdim, dtype=dtype) / count


def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """count_nonzero(input, dim=None) -> the number of non-zero elements (along ``dim``)"""
    data = input._data
    axis = None if dim is None else _reduction_dims(input, dim)
    return _constant(np.asarray(np.count_nonzero(data, axis=axis), dtype=np.int64))


# -- norm ----------------------------------------------------------------------------------
def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False,
         dtype: Any = None) -> Tensor:  # fmt: skip
    """norm(input, p='fro', dim=None, keepdim=False, dtype=None)

    PyTorch's legacy norm, composed as it composes it: a number ``p`` (or ``'fro'`` over at
    most two dimensions) is ``linalg.vector_norm``; ``'nuc'`` (and ``'fro'`` over more) is
    ``linalg.matrix_norm`` over ``dim`` (every dimension when None).

    Example::

        >>> import rungrad as torch
        >>> torch.norm(torch.tensor([3.0, 4.0]))
        tensor(5.)
    """
    from . import decompositions

    dims = (dim,) if isinstance(dim, (int, np.integer)) else dim
    if isinstance(p, str):
        if p != "fro" or (dims is not None and len(dims) > 2):
            if dims is None:
                dims = tuple(range(input._data.ndim))
            return decompositions.matrix_norm(input, p, dims, keepdim, dtype=dtype)
        p = 2
    if input._data.dtype.kind not in "fcV":  # checked before any cast to ``dtype``
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            f"{_type_name(input._data)}"
        )
    if dtype is not None and not dtype.is_floating_point and not dtype.is_complex:
        raise RuntimeError(
            f"linalg.vector_norm: dtype should be floating point or complex, but got "
            f"{dtype.legacy_name}"
        )
    if dims is not None and input._data.ndim == 0:
        dims = wrap_dims(dims, 0) and None  # a 0-d tensor takes dim 0 or -1: all of it
    return decompositions.vector_norm(input, 2 if p is None else p, dims, keepdim, dtype=dtype)


@primitive("DistBackward0", promotion=BINARY)
def _dist(self, other, p):
    from .normalization import _vector_norm_array

    return _vector_norm_array(np.subtract(self, other), p, None, False)


def _dist_grad(grad: Tensor, self: Tensor, other: Tensor, p: float, result: Tensor) -> Tensor:
    """The p-norm's gradient at ``self - other`` (zero where the distance is zero)."""
    from .normalization import _vector_norm_grad

    return _vector_norm_grad(grad, self - other, result, p, None, False)


_dist.defgrad(
    self=_dist_grad,
    other=lambda grad, self, other, p, result: -_dist_grad(grad, self, other, p, result),
)


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:
    """dist(input, other, p=2) -> the p-norm of ``input - other`` (broadcast)."""
    if not isinstance(other, Tensor):
        raise TypeError(
            f"dist(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
        )
    result_type = np.result_type(input._data, other._data)
    if result_type.kind not in "fcV":
        raise RuntimeError(
            "norm(): input dtype should be either floating point or complex. Got "
            f"{_dtype.from_numpy_dtype(result_type).legacy_name} instead."
        )
    return _dist(input, other, p)


# -- in-place cumulative ops ---------------------------------------------------------------
_CPP_NAMES = {
    "float32": "float",
    "float64": "double",
    "float16": "c10::Half",
    "int64": "long int",
    "int32": "int",
    "int16": "short int",
    "int8": "signed char",
    "uint8": "unsigned char",
    "bool": "bool",
}


def _cumulative_(op: Any, name: str, input: Tensor, dim: int, dtype: Any) -> Tensor:
    from .inplace import inplace

    data = input._data
    if data.dtype == np.bool_:
        raise NotImplementedError(f"\"{name}_out_cpu\" not implemented for 'Bool'")
    if dtype is not None and dtype.numpy != data.dtype:
        raise RuntimeError(
            f"Bad in-place call: input tensor dtype {_CPP_NAMES[data.dtype.name]} and output "
            f"tensor dtype {_CPP_NAMES[dtype.numpy.name]} should match"
        )
    return inplace(lambda tensor: op(tensor, dim), input)


def cumsum_(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """input.cumsum_(dim, *, dtype=None): the running sums, in place"""
    return _cumulative_(cumsum, "cumsum", input, dim, dtype)


def cumprod_(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """input.cumprod_(dim, *, dtype=None): the running products, in place"""
    return _cumulative_(cumprod, "cumprod", input, dim, dtype)


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_sum_dims.saved_as(dim="dims")
_mean_all.saved_as(self_sym_numel=("self_shape", math.prod))
_mean_dims.saved_as(dim="dims", self_sym_numel=("self_shape", math.prod))
for _op in (_amax, _amin, _var, _std, _var_mean, _std_mean, _logsumexp, _nansum):
    _op.saved_as(dim="dims")
for _op in (_var, _std, _var_mean, _std_mean):
    _op.saved_as(correction=("correction", _correction_as_given))
for _op in (_max_dim, _min_dim):
    _op.saved_as(indices="result1")
for _op in (_cummax, _cummin):
    _op.saved_as(indices="result1", unlisted=("self_shape",))
_cumsum.saved_as(unlisted=("self_shape",))
del _op  # a loop variable, not an op of the module


def sum_to_size(input: Tensor, size: tuple[int, ...]) -> Tensor:
    """Tensor.sum_to_size(*size) -> ``input`` summed down to ``size``, which must be
    expandable to ``input``'s shape (the tensor itself when the shapes are equal)."""
    from ._grad_helpers import sum_to

    shape = input._data.shape
    size = tuple(int(s) for s in size)
    leading = len(shape) - len(size)
    if leading < 0 or builtins.any(s not in (n, 1) for s, n in zip(size, shape[leading:])):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if not size:  # a full sum, even of a 0-d tensor (a new tensor, as in PyTorch)
        return input.sum()
    return sum_to(input, size)


# Holomorphic ops (and ops linear in each input): complex gradients are conjugated as
# PyTorch's are (registry.holomorphic).
declare_holomorphic(_prod_all, _prod_dim, _cumprod, _logsumexp)
