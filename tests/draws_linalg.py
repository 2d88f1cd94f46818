"""Hypothesis-drawn samples for the linear algebra rows of op_db (``op_db.py``'s mm, mv, dot,
bmm, matmul, ``@`` and every row of ``op_db_linalg.py``).

Products draw their sizes (0 included), batch shapes (broadcast where the op broadcasts),
options (beta, alpha, dims, ords, drivers, modes) and mixed dtypes where the fixed samples
have them. Matrices that must be invertible are diagonally dominant (random + (n + 1) I);
eigen and singular value decompositions see matrices built from random orthogonal factors and
well separated eigen/singular values (their gradients are undefined at repeated values), with
the first row of every eigen/singular vector bounded away from zero (the rows fix the vectors'
signs by that row). Singular samples are exactly singular (a zero row or column) and never
require grad.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from drawing import Draw, DrawFunction
from hypothesis import assume
from hypothesis import strategies as st
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]


# -- helpers -----------------------------------------------------------------------------------
def _arg(
    d: Draw,
    value: np.ndarray,
    dtype: str | None = None,
    *,
    requires_grad: bool = True,
    layout: bool = True,
) -> TensorArg:
    """A tensor argument holding ``value`` (cast to the sample dtype), with a drawn layout."""
    array = np.asarray(value).astype(dtype or d.dtype)
    drawn = d.layout(array.shape) if layout else None
    return TensorArg(array, requires_grad=requires_grad, layout=drawn)


def _batch(d: Draw, max_dims: int = 2, min_side: int = 1, max_side: int = 3) -> tuple[int, ...]:
    return d.shape(min_dims=0, max_dims=max_dims, min_side=min_side, max_side=max_side)


def _batches(d: Draw, count: int, min_side: int = 1) -> tuple[tuple[int, ...], ...]:
    """``count`` mutually broadcastable batch shapes (at most 2 dims, sides at most 3)."""
    return d.broadcast_shapes(count, max_dims=2, min_side=min_side, max_side=3)


def _scalars(d: Draw, *names: str) -> dict[str, Any]:
    """Keyword scalars (beta, alpha...): left out, or an int or float, zero included."""
    chosen = {name: d.choice([None, 0, 1, 2, -1, 0.5, -1.5], label=name) for name in names}
    return {name: value for name, value in chosen.items() if value is not None}


def _diagonally_dominant(
    rng: np.random.Generator, shape: tuple[int, ...], negative: bool = False
) -> np.ndarray:
    """Well-conditioned square matrices with a positive determinant (the first row negated:
    negative)."""
    size = shape[-1]
    value = rng.uniform(-1.0, 1.0, size=shape) + (size + 1) * np.eye(size)
    if negative and size:
        value[..., 0, :] *= -1
    return value


def _square(
    d: Draw,
    batch: tuple[int, ...],
    size: int,
    *,
    negative: bool = False,
    dtype: str | None = None,
    requires_grad: bool = True,
) -> TensorArg:
    value = _diagonally_dominant(d.rng, (*batch, size, size), negative)
    return _arg(d, value, dtype, requires_grad=requires_grad)


def _singular(d: Draw, batch: tuple[int, ...], size: int) -> np.ndarray:
    """Square matrices with a zero row or column: LU keeps it exactly zero, so it meets an
    exactly zero pivot whatever the LAPACK (a repeated row is not robust: the two copies may
    round differently)."""
    value = _diagonally_dominant(d.rng, (*batch, size, size))
    index = d.integer(0, size - 1, label="zero line")
    if d.boolean(label="zero row"):
        value[..., index, :] = 0
    else:
        value[..., :, index] = 0
    return value


def _orthogonal(rng: np.random.Generator, size: int, first_row: int = 0) -> np.ndarray:
    """A random orthogonal matrix whose first row's first ``first_row`` entries are at least
    0.15 in magnitude (the rows fix eigen/singular vectors' signs by that row)."""
    if size == 0:
        return np.zeros((0, 0))
    for _ in range(200):
        q, r = np.linalg.qr(rng.normal(size=(size, size)))
        q = q * np.where(np.diag(r) < 0, -1.0, 1.0)
        if np.all(np.abs(q[0, :first_row]) >= 0.15):
            return q
    assume(False)
    raise AssertionError("unreachable")


def _separated(
    rng: np.random.Generator, count: int, slots: list[float], step: float = 0.5
) -> np.ndarray:
    """``count`` values from distinct ``slots`` plus a jitter below step / 5: gaps >= 0.8 step."""
    chosen = rng.choice(len(slots), count, replace=False)
    return np.asarray(slots, dtype=float)[chosen] + rng.uniform(0, step / 5, count)


_SINGULAR_SLOTS = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]


def _with_singular_values(
    d: Draw, batch: tuple[int, ...], rows: int, columns: int, values: Callable[[int], np.ndarray]
) -> np.ndarray:
    """Matrices U diag(s) V^T with s = values(k), k = min(rows, columns), and the first rows
    of U[:, :k] and V[:, :k] away from zero."""
    k = min(rows, columns)
    result = np.zeros((*batch, rows, columns))
    flat = result.reshape(math.prod(batch), rows, columns)
    for index in range(flat.shape[0]):
        u = _orthogonal(d.rng, rows, k)[:, :k]
        v = _orthogonal(d.rng, columns, k)[:, :k]
        flat[index] = (u * values(k)) @ v.T
    return result


def _spread_singular(d: Draw, batch: tuple[int, ...], rows: int, columns: int) -> np.ndarray:
    """Matrices with distinct singular values in 0.5..3.1, at least 0.4 apart."""
    return _with_singular_values(
        d, batch, rows, columns, lambda k: _separated(d.rng, k, _SINGULAR_SLOTS)
    )


def _with_eigenvalues(d: Draw, batch: tuple[int, ...], size: int, slots: list[float]) -> np.ndarray:
    """Symmetric matrices Q diag(l) Q^T with distinct eigenvalues from ``slots`` (0.4 apart),
    the first row of Q away from zero."""
    result = np.zeros((*batch, size, size))
    flat = result.reshape(math.prod(batch), size, size)
    for index in range(flat.shape[0]):
        q = _orthogonal(d.rng, size, size)
        flat[index] = (q * _separated(d.rng, size, slots)) @ q.T
    return result


_EIGEN_SLOTS = [-2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
_NONZERO_EIGEN_SLOTS = [-2.5, -2.0, -1.5, -1.0, 0.5, 1.0, 1.5, 2.0]


def _one_triangle(d: Draw, symmetric: np.ndarray, lower: bool) -> np.ndarray:
    """``symmetric`` with noise in the strict triangle that an op reading the lower (or
    upper) triangle ignores."""
    noise = d.rng.uniform(-1.0, 1.0, size=symmetric.shape)
    ignored = np.triu(noise, 1) if lower else np.tril(noise, -1)
    return symmetric + ignored


def _symmetric_part(d: Draw, symmetric: np.ndarray) -> np.ndarray:
    """A matrix whose symmetric part (x + x^T) / 2 is ``symmetric``: plus a random skew part."""
    noise = d.rng.uniform(-1.0, 1.0, size=symmetric.shape)
    return symmetric + (noise - np.swapaxes(noise, -1, -2)) / 2


# -- products (op_db.py) ---------------------------------------------------------------------
def _draw_mm(d: Draw) -> Sample:
    n, k, m = d.sizes(3, low=0)
    return d.sample(d.tensor((n, k)), d.tensor((k, m)))


def _draw_mv(d: Draw) -> Sample:
    n, k = d.sizes(2, low=0)
    return d.sample(d.tensor((n, k)), d.tensor((k,)))


def _draw_dot(d: Draw) -> Sample:
    (n,) = d.sizes(1, low=0, high=5)
    return d.sample(d.tensor((n,)), d.tensor((n,)))


def _draw_bmm(d: Draw) -> Sample:
    b, n, k, m = d.sizes(4, low=0, high=3)
    return d.sample(d.tensor((b, n, k)), d.tensor((b, k, m)))


def _draw_matmul(d: Draw) -> Sample:
    """Vectors or (batches of) matrices; the batch dims broadcast."""
    n, k, m = d.sizes(3, low=0)
    first_batch, second_batch = _batches(d, 2, min_side=0)
    first = (k,) if d.boolean(label="first vector") else (*first_batch, n, k)
    second = (k,) if d.boolean(label="second vector") else (*second_batch, k, m)
    return d.sample(d.tensor(first), d.tensor(second))


# -- vector products ---------------------------------------------------------------------------
def _draw_inner(d: Draw) -> Sample:
    """Same-sized last dims (any leading dims), or a 0-d operand."""
    (k,) = d.sizes(1, low=0)
    first: tuple[int, ...] = (*d.shape(max_dims=2, max_side=3), k)
    second: tuple[int, ...] = (*d.shape(max_dims=2, max_side=3), k)
    scalar = d.choice([None, "first", "second"], label="0-d")
    if scalar == "first":
        first = ()
    elif scalar == "second":
        second = ()
    return d.sample(d.tensor(first), d.tensor(second))


def _draw_outer(d: Draw) -> Sample:
    """Two vectors; either may be int64 (promoted)."""
    n, m = d.sizes(2, low=0)
    first = d.tensor((n,), dtype=d.choice([None, "int64"], label="first dtype"))
    second = d.tensor((m,), dtype=d.choice([None, "int64"], label="second dtype"))
    return d.sample(first, second)


def _nan_or(d: Draw, shape: tuple[int, ...], nan: bool) -> TensorArg:
    if nan:
        return TensorArg(np.full(shape, np.nan, dtype=d.dtype))
    return d.tensor(shape)


def _draw_addmv(d: Draw) -> Sample:
    """input broadcastable to (n,); beta=0 ignores a nan input."""
    n, k = d.sizes(2, low=0)
    # PyTorch is wrong for an empty mat: its result then has the shape of input, unbroadcast
    # (e.g. (1,) for a (2, 0) mat, with a warning that it resized its output)
    shapes = [(n,), (1,), ()] if n and k else [(n,)]
    input_shape = d.choice(shapes, label="input shape")
    options = _scalars(d, "beta", "alpha")
    nan = options.get("beta") == 0 and d.boolean(label="nan input")
    return d.sample(_nan_or(d, input_shape, nan), d.tensor((n, k)), d.tensor((k,)), **options)


def _draw_addr(d: Draw) -> Sample:
    """input broadcastable to (n, m). Not mixed dtypes: PyTorch's backward then fails (the
    row's xfail ``backward:promotes``)."""
    n, m = d.sizes(2, low=0)
    input_shape = d.choice([(n, m), (m,), (n, 1), (1, m), (1,), ()], label="input shape")
    options = _scalars(d, "beta", "alpha")
    nan = options.get("beta") == 0 and d.boolean(label="nan input")
    return d.sample(_nan_or(d, input_shape, nan), d.tensor((n,)), d.tensor((m,)), **options)


def _draw_baddbmm(d: Draw) -> Sample:
    b, n, k, m = d.sizes(4, low=0, high=3)
    options = _scalars(d, "beta", "alpha")
    nan = options.get("beta") == 0 and d.boolean(label="nan input")
    input_ = _nan_or(d, d.broadcastable_to((b, n, m)), nan)
    return d.sample(input_, d.tensor((b, n, k)), d.tensor((b, k, m)), **options)


def _draw_addbmm(d: Draw) -> Sample:
    b, n, k, m = d.sizes(4, low=0, high=3)
    options = _scalars(d, "beta", "alpha")
    nan = options.get("beta") == 0 and d.boolean(label="nan input")
    input_ = _nan_or(d, d.broadcastable_to((n, m)), nan)
    return d.sample(input_, d.tensor((b, n, k)), d.tensor((b, k, m)), **options)


# -- einsum, tensordot, kron -------------------------------------------------------------------
_LETTERS = "abcdB"


def _draw_einsum(d: Draw) -> Sample:
    """A random equation: 1 to 3 operands of up to 3 subscripts (repeated ones take
    diagonals), size-1 broadcasting, an optional ellipsis, explicit or implicit output."""
    count = d.integer(1, 3, label="operands")
    sizes = {letter: d.integer(0, 3, label="size") for letter in _LETTERS}
    ellipsis = d.boolean(label="ellipsis")
    ellipsis_shapes = _batches(d, count, min_side=0) if ellipsis else ((),) * count
    terms: list[str] = []
    shapes: list[tuple[int, ...]] = []
    for index in range(count):
        letters = d(
            st.lists(st.sampled_from(_LETTERS), max_size=3),
            label="subscripts",
        )
        own = {
            letter: 1 if d.integer(0, 4, label="size 1") == 0 else sizes[letter]
            for letter in letters
        }
        shape = [own[letter] for letter in letters]
        term = "".join(letters)
        if ellipsis and d.boolean(label="has ellipsis"):
            position = d.integer(0, len(letters), label="ellipsis position")
            term = term[:position] + "..." + term[position:]
            shape[position:position] = ellipsis_shapes[index]
        terms.append(term)
        shapes.append(tuple(shape))
    used = sorted({letter for term in terms for letter in term if letter != "."})
    equation = ",".join(terms)
    if d.boolean(label="explicit"):
        output = d(st.permutations(used), label="output order")
        output = output[: d.integer(0, len(used), label="output letters")]
        out = "".join(output)
        if any("..." in term for term in terms) and d.boolean(label="ellipsis out"):
            position = d.integer(0, len(out), label="output ellipsis position")
            out = out[:position] + "..." + out[position:]
        equation += "->" + out
    if d.boolean(label="spaces"):
        equation = " ".join(re.findall(r"\.\.\.|->|.", equation))
    dtype = d.choice([None, "int64"], label="dtype")
    return d.sample(equation, *(d.tensor(shape, dtype=dtype) for shape in shapes))


def _draw_einsum_sublists(d: Draw) -> Sample:
    n, k, m = d.sizes(3, low=0)
    return d.sample(d.tensor((n, k)), d.tensor((k, m)))


def _draw_tensordot(d: Draw) -> Sample:
    """dims as an int (the last dims of a with the first of b) or as two lists of dims
    (negative ones included), possibly a size-1 dim contracted with a larger one."""
    contracted = d.sizes(d.integer(0, 2, label="contracted"), low=0, high=3)
    free_a = d.shape(max_dims=2, max_side=3)
    free_b = d.shape(max_dims=2, max_side=3)
    if d.boolean(label="int dims"):
        a = (*free_a, *contracted)
        b = (*contracted, *free_b)
        return d.sample(d.tensor(a), d.tensor(b), len(contracted))
    ndim_a, ndim_b = len(free_a) + len(contracted), len(free_b) + len(contracted)
    positions_a = d(st.permutations(range(ndim_a)), label="a order")[: len(contracted)]
    positions_b = d(st.permutations(range(ndim_b)), label="b order")[: len(contracted)]
    a, b = list(free_a), list(free_b)
    for position, size in sorted(zip(positions_a, contracted)):
        a.insert(position, size)
    for position, size in sorted(zip(positions_b, contracted)):
        b.insert(position, size)
    if contracted and d.integer(0, 4, label="size-1 broadcast") == 0:
        a[positions_a[0]] = 1
    dims_a = [p - ndim_a if d.boolean(label="negative") else p for p in positions_a]
    dims_b = [p - ndim_b if d.boolean(label="negative") else p for p in positions_b]
    dims: Any = (dims_a, dims_b) if d.boolean(label="tuple") else [dims_a, dims_b]
    return d.sample(d.tensor(tuple(a)), d.tensor(tuple(b)), dims=dims)


def _draw_kron(d: Draw) -> Sample:
    """Any two shapes; the first may be int64. Not transposed: PyTorch's kron then fails
    itself ("view size is not compatible with input tensor's size and stride") unless both
    operands are transposed."""
    first = d.shape(max_dims=3, max_side=3)
    second = d.shape(max_dims=3, max_side=3)

    def layout(shape: tuple[int, ...]) -> str | None:
        return None if 0 in shape or not shape else d.choice([None, "strided"], label="layout")

    dtype = d.choice([None, "int64"], label="first dtype")
    return d.sample(
        d.tensor(first, dtype=dtype, layout=layout(first)), d.tensor(second, layout=layout(second))
    )


def _draw_trace(d: Draw) -> Sample:
    n, m = d.sizes(2, low=0)
    return d.sample(d.tensor((n, m)))


# -- cross -------------------------------------------------------------------------------------
def _cross_shapes(d: Draw, max_side: int) -> tuple[tuple[int, ...], tuple[int, ...], int, int]:
    """Two broadcastable shapes with a size-3 dim at the same place from the end: (first,
    second, that dim counted from the end as a negative dim, the broadcast ndim)."""
    first, second = d.broadcast_shapes(2, max_dims=2, min_side=0, max_side=max_side)
    # the same number of dims (PyTorch's cross does not add leading ones)
    ndim = max(len(first), len(second))
    first, second = (1,) * (ndim - len(first)) + first, (1,) * (ndim - len(second)) + second
    place = d.integer(0, ndim, label="dim from the end")
    first = (*first[: len(first) - place], 3, *first[len(first) - place :])
    second = (*second[: len(second) - place], 3, *second[len(second) - place :])
    return first, second, -place - 1, ndim + 1


def _draw_linalg_cross(d: Draw) -> Sample:
    first, second, dim, ndim = _cross_shapes(d, max_side=4)
    choice = d.choice(["negative", "positive"] + ["default"] * (dim == -1), label="dim")
    if choice == "default":
        return d.sample(d.tensor(first), d.tensor(second))
    return d.sample(
        d.tensor(first), d.tensor(second), dim=dim if choice == "negative" else dim + ndim
    )


def _draw_cross(d: Draw) -> Sample:
    """torch.cross: dim given (positionally), or the first size-3 dim (no other dim has size 3)."""
    first, second, dim, ndim = _cross_shapes(d, max_side=2)
    if d.boolean(label="dim given"):
        return d.sample(d.tensor(first), d.tensor(second), d.choice([dim, dim + ndim]))
    return d.sample(d.tensor(first), d.tensor(second))


# -- cdist -------------------------------------------------------------------------------------
def _apart(
    d: Draw, x1_shape: tuple[int, ...], x2_shape: tuple[int, ...], dtype: str | None = None
) -> tuple[TensorArg, TensorArg]:
    """Rows of x1 and of x2 at least 0.3 apart (their first columns on either side of 0):
    the mm path's |a|^2 + |b|^2 - 2 a.b loses close distances to cancellation, and the
    distance has a kink at 0."""
    x1 = d.rng.uniform(-2.0, 2.0, size=x1_shape)
    x2 = d.rng.uniform(-2.0, 2.0, size=x2_shape)
    side = d.choice([-1.0, 1.0], label="side")
    x1[..., 0] = side * (np.abs(x1[..., 0]) + 0.15)
    x2[..., 0] = -side * (np.abs(x2[..., 0]) + 0.15)
    return _arg(d, x1, dtype), _arg(d, x2, dtype)


def _draw_cdist(d: Draw) -> Sample:
    """PyTorch has no second derivative of cdist except through its mm path (the row's xfail
    ``double_backward``): drawn samples either compare values only (no input requires grad;
    every p), or go through the mm path (p=2, more than 25 rows) with gradients, in float64
    (in float32 the mm path loses too much to cancellation for the row's tolerance)."""
    x1_batch, x2_batch = _batches(d, 2)
    m = d.integer(1, 3, label="columns")
    if d.boolean(label="with gradients"):
        rows = [d.integer(1, 3, label="rows"), d.integer(26, 28, label="many rows")]
        if d.boolean(label="swap"):
            rows.reverse()
        x1_shape, x2_shape = (*x1_batch[-1:], rows[0], m), (*x2_batch[-1:], rows[1], m)
        return d.sample(*_apart(d, x1_shape, x2_shape, "float64"))
    p, r = d.sizes(2, low=0)
    x1 = d.tensor((*x1_batch, p, m), requires_grad=False)
    x2 = d.tensor((*x2_batch, r, m), requires_grad=False)
    order = d.choice([2.0, 1.0, 1.5, 3, math.inf, 0.0, 0.5], label="p")
    return d.sample(x1, x2, order)


def _draw_cdist_mm(d: Draw) -> Sample:
    """The mm path (compute_mode="use_mm_for_euclid_dist", p=2), nonempty: PyTorch's empty
    cdist takes the other path, which has no second derivative."""
    x1_batch, x2_batch = _batches(d, 2)
    p, r = d.sizes(2, low=1)
    m = d.integer(1, 3, label="columns")
    x1, x2 = _apart(d, (*x1_batch, p, m), (*x2_batch, r, m))
    return d.sample(x1, x2, compute_mode="use_mm_for_euclid_dist")


def _draw_pdist(d: Draw) -> Sample:
    """Distinct values in every column (a permutation of spaced levels plus a little noise),
    so that no pair of rows sits on a kink of the distance (a zero difference, a tie for the
    largest one at p=inf)."""
    rows = d.integer(1, 4, label="rows")  # PyTorch crashes on the backward of 0 rows
    columns = d.integer(0, 3, label="columns")
    values = np.empty((rows, columns))
    for column in range(columns):
        levels = d.rng.permutation(rows) * 0.4 - 0.6
        values[:, column] = levels + d.rng.uniform(0.0, 0.1, size=rows) + 0.13 * column
    order = d.choice([2, 1.0, 1.5, 3, math.inf, 0.0, 0.5], label="p")
    return d.sample(_arg(d, values), order)


# -- multi_dot, matrix_power -------------------------------------------------------------------
def _draw_multi_dot(d: Draw) -> Sample:
    """2 to 4 operands of chained sizes; the first and last may be vectors."""
    count = d.integer(2, 4, label="operands")
    sizes = d.sizes(count + 1, low=0)
    shapes = [(sizes[i], sizes[i + 1]) for i in range(count)]
    first: tuple[int, ...] = shapes[0]
    last: tuple[int, ...] = shapes[-1]
    if d.boolean(label="first vector"):
        first = first[1:]
    if d.boolean(label="last vector"):
        last = last[:1]
    shapes[0], shapes[-1] = first, last
    return d.sample(*(d.tensor(shape) for shape in shapes))


def _draw_matrix_power(d: Draw) -> Sample:
    """Any n for invertible float matrices; n >= 0 for int64 ones."""
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    if d.integer(0, 3, label="int64") == 0:
        value = d.rng.integers(-2, 3, size=(*batch, size, size))
        return d.sample(_arg(d, value, "int64"), d.integer(0, 4, label="n"))
    return d.sample(_square(d, batch, size), d.integer(-3, 5, label="n"))


# -- inverses, determinants, solvers -------------------------------------------------------------
def _draw_inv(d: Draw) -> Sample:
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    return d.sample(_square(d, batch, size, negative=d.boolean(label="negative")))


def _maybe_singular(d: Draw, singular: bool = True) -> TensorArg:
    """Invertible matrices, or (with ``singular``) a batch where some are exactly singular
    (no gradient then)."""
    batch = _batch(d)
    (size,) = d.sizes(1, low=0)
    if not (singular and size and d.boolean(label="singular")):
        return _square(d, batch, size)
    value = _diagonally_dominant(d.rng, (*batch, size, size))
    chosen = d.rng.random(batch) < 0.5 if batch else np.asarray(True)
    value = np.where(chosen[..., None, None], _singular(d, batch, size), value)
    return _arg(d, value, requires_grad=False)


def _check_errors(d: Draw, a: TensorArg) -> dict[str, Any]:
    """check_errors left out or False, or True when no matrix of ``a`` is singular (the
    draws make singular ones without gradients)."""
    choice = d.choice([None, False] + [True] * a.requires_grad, label="check_errors")
    return {} if choice is None else {"check_errors": choice}


def _draw_inv_ex(d: Draw) -> Sample:
    a = _maybe_singular(d)
    return d.sample(a, **_check_errors(d, a))


def _draw_det(d: Draw) -> Sample:
    """n >= 2: PyTorch's 1x1 and empty determinants differ in their double backward (the
    ``linalg.det edges`` row); and invertible (the row's xfail ``backward:singular``: PyTorch's
    gradient at a singular matrix is zero without create_graph)."""
    batch = _batch(d)
    (size,) = d.sizes(1, low=2)
    return d.sample(_square(d, batch, size, negative=d.boolean(label="negative")))


def _draw_det_edges(d: Draw) -> Sample:
    """1x1 matrices. Left out: 0x0 matrices, empty batches and the zero matrix, where
    PyTorch's double backward is wrong (the row's xfails ``0x0``, ``empty batch``, ``zero``)."""
    batch = _batch(d)
    return d.sample(_square(d, batch, 1, negative=d.boolean(label="negative")))


def _draw_slogdet(d: Draw) -> Sample:
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    return d.sample(_square(d, batch, size, negative=d.boolean(label="negative")))


def _draw_logdet(d: Draw) -> Sample:
    """A negative determinant has a nan logdet (no gradcheck there)."""
    batch = _batch(d)
    (size,) = d.sizes(1, low=1)
    negative = d.boolean(label="negative")
    return d.sample(_square(d, batch, size, negative=negative), gradcheck=not negative)


def _solve_operands(d: Draw) -> tuple[TensorArg, Any, dict[str, Any]]:
    """(A, B's shape, options): A invertible, B a vector, a batch of vectors or a batch of
    matrices (batch dims broadcast), left or right."""
    a_batch, b_batch = _batches(d, 2, min_side=0)
    (size,) = d.sizes(1, low=0)
    (k,) = d.sizes(1, low=0, high=3)
    a = _square(d, a_batch, size)
    kind = d.choice(["matrix", "vector", "vector batch"], label="B")
    options: dict[str, Any] = {}
    if kind == "vector":
        b_shape: tuple[int, ...] = (size,)
    elif kind == "vector batch":
        b_shape = (*a_batch, size)
    elif d.boolean(label="left"):
        b_shape = (*b_batch, size, k)
    else:
        b_shape = (*b_batch, k, size)
        options["left"] = False
    # B of A.ndim - 1 dims matching A's batch is a batch of vectors for PyTorch: the draw
    # above names it so
    is_vector = len(b_shape) == 1 or (
        len(b_shape) == len(a_batch) + 1 and b_shape == (*a_batch, size)
    )
    assume(is_vector == (kind != "matrix"))
    return a, b_shape, options


def _draw_solve(d: Draw) -> Sample:
    a, b_shape, options = _solve_operands(d)
    return d.sample(a, d.tensor(b_shape), **options)


def _draw_solve_ex(d: Draw) -> Sample:
    """Also exactly singular batch elements (info > 0; no gradient then)."""
    if d.boolean(label="singular"):
        a = _maybe_singular(d)
        size, k = a.value.shape[-1], d.integer(1, 3, label="columns")
        if d.boolean(label="left"):
            b = d.tensor((*a.value.shape[:-2], size, k), requires_grad=False)
            return d.sample(a, b)
        b = d.tensor((*a.value.shape[:-2], k, size), requires_grad=False)
        return d.sample(a, b, left=False)
    a, b_shape, options = _solve_operands(d)
    return d.sample(a, d.tensor(b_shape), **options, **_check_errors(d, a))


def _draw_solve_triangular(d: Draw) -> Sample:
    """Only A's upper or lower triangle is read; B a (batch of) matrices, mixed dtypes too."""
    a_batch, b_batch = _batches(d, 2, min_side=0)
    (size,) = d.sizes(1, low=0)
    (k,) = d.sizes(1, low=0, high=3)
    a = _square(d, a_batch, size)
    options: dict[str, Any] = {"upper": d.boolean(label="upper")}
    b_shape = (*b_batch, size, k)
    if not d.boolean(label="left"):
        b_shape = (*b_batch, k, size)
        options["left"] = False
    if d.boolean(label="unitriangular given"):
        options["unitriangular"] = d.boolean(label="unitriangular")
    b_dtype = d.choice([None, "float64"], label="B dtype")
    return d.sample(a, d.tensor(b_shape, dtype=b_dtype), **options)


# -- Cholesky, QR --------------------------------------------------------------------------------
def _spd(d: Draw, batch: tuple[int, ...], size: int) -> np.ndarray:
    x = d.rng.uniform(-1.0, 1.0, size=(*batch, size, size))
    return x @ np.swapaxes(x, -1, -2) + np.eye(size)


def _draw_cholesky(d: Draw) -> Sample:
    """x (the op factors x x^T + I), or raw symmetric positive-definite matrices (whose
    gradient flows through one triangle only: no gradcheck)."""
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    options = {"upper": d.boolean(label="upper")} if d.boolean(label="upper given") else {}
    if d.boolean(label="raw"):
        raw = _one_triangle(d, _spd(d, batch, size), lower=not options.get("upper", False))
        return d.sample(_arg(d, raw), raw=True, gradcheck=False, **options)
    return d.sample(d.tensor((*batch, size, size)), **options)


def _draw_cholesky_ex(d: Draw) -> Sample:
    """Also raw symmetric matrices that are not positive-definite (info > 0; no gradient)."""
    if d.boolean(label="not positive-definite"):
        batch = _batch(d)
        (size,) = d.sizes(1, low=1)
        value = _with_eigenvalues(d, batch, size, _EIGEN_SLOTS)
        value[..., -1, -1] -= 4.0
        options = {"upper": d.boolean(label="upper")} if d.boolean(label="upper given") else {}
        value = _one_triangle(d, value, lower=not options.get("upper", False))
        return d.sample(_arg(d, value, requires_grad=False), raw=True, **options)
    sample = _draw_cholesky(d)
    sample.kwargs.update(_check_errors(d, sample.args[0]))
    return sample


def _draw_legacy_cholesky(d: Draw) -> Sample:
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    x = d.tensor((*batch, size, size))
    # upper as a keyword: the op's second positional argument is its own ``raw`` flag
    if d.boolean(label="upper given"):
        return d.sample(x, upper=d.boolean(label="upper"))
    return d.sample(x)


def _draw_cholesky_solve(d: Draw) -> Sample:
    """B and x (the op solves with the Cholesky factor of x x^T + I), batches broadcast."""
    b_batch, x_batch = d.broadcast_shapes(2, max_dims=2, min_side=1, max_side=3)
    size, count = d.sizes(2, low=1)
    options = {"upper": d.boolean(label="upper")} if d.boolean(label="upper given") else {}
    b = d.tensor((*b_batch, size, count))
    return d.sample(b, d.tensor((*x_batch, size, size)), **options)


def _draw_cholesky_inverse(d: Draw) -> Sample:
    """x (the op inverts from the Cholesky factor of x x^T + I)."""
    batch = _batch(d, min_side=1)
    (size,) = d.sizes(1, low=1)
    options = {"upper": d.boolean(label="upper")} if d.boolean(label="upper given") else {}
    return d.sample(d.tensor((*batch, size, size)), **options)


def _conditioned(d: Draw, batch: tuple[int, ...], rows: int, columns: int) -> TensorArg:
    """Full-rank matrices whose leading square block is diagonally dominant (QR's R has a
    well-defined, nonzero diagonal)."""
    value = d.rng.uniform(-1.0, 1.0, size=(*batch, rows, columns)) + 3 * np.eye(rows, columns)
    return _arg(d, value)


def _qr_shape(d: Draw) -> tuple[tuple[int, ...], int, int]:
    return _batch(d, min_side=0), d.integer(0, 4, label="rows"), d.integer(0, 4, label="columns")


def _draw_qr(d: Draw) -> Sample:
    """mode reduced (default or named) on any matrix, complete on square or wide ones (its
    gradient is undefined for tall ones)."""
    batch, rows, columns = _qr_shape(d)
    modes = ["default", "reduced", "complete"] if rows <= columns else ["default", "reduced"]
    mode = d.choice(modes, label="mode")
    x = _conditioned(d, batch, rows, columns)
    return d.sample(x) if mode == "default" else d.sample(x, mode=mode)


def _draw_qr_mode_r(d: Draw) -> Sample:
    batch, rows, columns = _qr_shape(d)
    return d.sample(_conditioned(d, batch, rows, columns), mode="r")


def _draw_qr_backward(d: Draw) -> Sample:
    """The modes whose backward works (reduced; complete for rows <= columns)."""
    batch, rows, columns = _qr_shape(d)
    modes = ["reduced", "complete"] if rows <= columns else ["reduced"]
    return d.sample(_conditioned(d, batch, rows, columns), d.choice(modes, label="mode"))


def _draw_legacy_qr(d: Draw) -> Sample:
    batch, rows, columns = _qr_shape(d)
    x = _conditioned(d, batch, rows, columns)
    some = d.choice([None, True] if rows > columns else [None, True, False], label="some")
    return d.sample(x) if some is None else d.sample(x, some)


# -- eigh, svd, pinv ---------------------------------------------------------------------------
def _draw_lu(d: Draw) -> Sample:
    """A well-conditioned square matrix (its eigenvalues 0.4 apart, away from 0 as drawn for
    eigh), so that the pivots are not near ties."""
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=1)
    matrix = _with_eigenvalues(d, batch, size, _EIGEN_SLOTS)
    return d.sample(_arg(d, matrix + d.rng.uniform(-0.1, 0.1, matrix.shape)))


def _draw_eig(d: Draw) -> Sample:
    """A general square matrix whose eigenvalues are 0.4 apart: a symmetric one with the
    spread of eigenvalues used for eigh, plus a small antisymmetric part (which may make
    some of them complex pairs)."""
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    symmetric = _with_eigenvalues(d, batch, size, _EIGEN_SLOTS)
    skew = d.rng.uniform(-0.1, 0.1, symmetric.shape)
    return d.sample(_arg(d, symmetric + skew - np.swapaxes(skew, -1, -2)))


def _draw_eigh(d: Draw) -> Sample:
    """x whose symmetric part (what the op decomposes) has eigenvalues 0.4 apart; or the
    symmetric matrix itself, raw (the op reads one triangle: no gradcheck)."""
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    symmetric = _with_eigenvalues(d, batch, size, _EIGEN_SLOTS)
    options = {"UPLO": d.choice(["L", "U"], label="UPLO")} if d.boolean(label="UPLO") else {}
    if d.boolean(label="raw"):
        raw = _one_triangle(d, symmetric, lower=options.get("UPLO", "L") == "L")
        return d.sample(_arg(d, raw), raw=True, gradcheck=False, **options)
    return d.sample(_arg(d, _symmetric_part(d, symmetric)), **options)


def _svd_matrix(d: Draw) -> TensorArg:
    batch = _batch(d, min_side=0)
    rows, columns = d.sizes(2, low=0)
    return _arg(d, _spread_singular(d, batch, rows, columns))


def _draw_svd(d: Draw) -> Sample:
    x = _svd_matrix(d)
    if d.boolean(label="full_matrices given"):
        return d.sample(x, full_matrices=d.boolean(label="full_matrices"))
    return d.sample(x)


def _draw_legacy_svd(d: Draw) -> Sample:
    x = _svd_matrix(d)
    arguments = d.choice([(), (True,), (False,), (True, False), (False, False)], label="args")
    return d.sample(x, *arguments)


def _draw_svdvals(d: Draw) -> Sample:
    return d.sample(_svd_matrix(d))


def _pinv_matrix(d: Draw) -> tuple[TensorArg, float]:
    """Matrices with singular values from 0.5..2.6 spaced 0.4 apart and the largest in
    3..3.1 (cutoffs, atol or rtol times the largest, fall 0.15 away from all of them); and
    the smallest singular value."""
    batch = _batch(d, min_side=0)
    rows, columns = d.sizes(2, low=0)
    smallest = math.inf

    def values(k: int) -> np.ndarray:
        nonlocal smallest
        result = _separated(d.rng, k, _SINGULAR_SLOTS[:-1])
        if k:
            result[0] = 3.0 + d.rng.uniform(0, 0.1)
            smallest = min(smallest, float(result.min()))
        return result

    return _arg(d, _with_singular_values(d, batch, rows, columns, values)), smallest


def _draw_pinv(d: Draw) -> Sample:
    """Cutoffs that drop singular values too. There PyTorch's gradient (a formula for a
    matrix of constant rank) is not the derivative of the truncated pseudo-inverse: no
    gradcheck (the fixed sample "rtol" does the same)."""
    x, smallest = _pinv_matrix(d)
    options: dict[str, Any] = {}
    atol = d.choice([None, 0.0, 0.3, 0.8, 1.3], label="atol")
    if atol is not None:
        options["atol"] = atol
    rtol = d.choice([None, 0.0, 0.1, 0.25, 0.4], label="rtol")
    if rtol is not None:
        options["rtol"] = rtol
    cutoff = max(atol or 0.0, 3.1 * (rtol or 0.0))
    return d.sample(x, gradcheck=cutoff < smallest, **options)


def _draw_pinv_hermitian(d: Draw) -> Sample:
    """The op takes x's symmetric part: distinct eigenvalues, none near 0."""
    batch = _batch(d, min_side=0)
    (size,) = d.sizes(1, low=0)
    symmetric = _with_eigenvalues(d, batch, size, _NONZERO_EIGEN_SLOTS)
    return d.sample(_arg(d, _symmetric_part(d, symmetric)))


def _draw_pinverse(d: Draw) -> Sample:
    """rcond is relative to the largest singular value (see ``_draw_pinv``)."""
    x, smallest = _pinv_matrix(d)
    rcond = d.choice([None, 1e-15, 0.1, 0.25, 0.4], label="rcond")
    if rcond is None:
        return d.sample(x)
    return d.sample(x, rcond, gradcheck=3.1 * rcond < smallest)


def _draw_matrix_rank(d: Draw) -> Sample:
    """Matrices with singular values 0.5..3.1 or tiny but far above the default tolerance
    (1e-2); tolerances (tol, atol, rtol) away from all of them."""
    batch = _batch(d, min_side=0)
    rows, columns = d.sizes(2, low=0)
    hermitian = d.boolean(label="hermitian")
    if hermitian:
        columns = rows

    def values(k: int) -> np.ndarray:
        result = _separated(d.rng, k, _SINGULAR_SLOTS)
        small = d.rng.random(k) < 0.3
        return np.where(small, result / 50, result)

    if hermitian:  # symmetric, with eigenvalues of either sign
        value = np.zeros((*batch, rows, rows))
        flat = value.reshape(math.prod(batch), rows, rows)
        for index in range(flat.shape[0]):
            q = _orthogonal(d.rng, rows)
            flat[index] = (q * values(rows) * d.rng.choice([-1.0, 1.0], rows)) @ q.T
    else:
        value = _with_singular_values(d, batch, rows, columns, values)
    x = _arg(d, value)
    options: dict[str, Any] = {"hermitian": True} if hermitian else {}
    choice = d.choice(["default", "tol", "atol", "rtol", "both"], label="tolerance")
    if choice == "tol":
        return d.sample(x, d.choice([0.2, 0.8, 1.3], label="tol"), **options)
    if choice in ("atol", "both"):
        options["atol"] = d.choice([0.2, 0.8, 1.3], label="atol")
    if choice in ("rtol", "both"):
        options["rtol"] = d.choice([0.001, 0.1, 0.3], label="rtol")
    return d.sample(x, **options)


def _draw_lstsq(d: Draw) -> Sample:
    """Full-rank A (tall, square or wide), B a batch of matrices (batch dims broadcast) or a
    vector; each driver."""
    # no empty batch: PyTorch's results then are not LAPACK's (residuals of shape (0,), an
    # uninitialized rank)
    a_batch, b_batch = _batches(d, 2)
    # B has as many dims as A (a matrix) or one fewer (a vector): pad or cut its batch
    padded = (1,) * len(a_batch) + b_batch
    b_batch = padded[len(padded) - len(a_batch) :]
    # nor an empty B or an A without columns: PyTorch then skips LAPACK and reports rank 0
    # and zero residuals (gels), or fails an internal assert (gelsd)
    rows, columns = d.integer(0, 4, label="rows"), d.integer(1, 4, label="columns")
    (k,) = d.sizes(1, low=1, high=3)
    a = _arg(d, _spread_singular(d, a_batch, rows, columns))
    # a batch of vectors has A's batch shape: PyTorch's lstsq broadcasts vectors wrongly
    # (a (1, 2, 1) A with (2, 2) vectors gives a (2, 1, 2) solution, or fails)
    b_shape = (*a_batch, rows) if d.boolean(label="vector") else (*b_batch, rows, k)
    driver = d.choice([None, "gels", "gelsy", "gelsd", "gelss"], label="driver")
    options = {} if driver is None else {"driver": driver}
    # rcond (for gelsy, gelsd, gelss) below every ratio of singular values (>= 0.16): the
    # gradient is that of the full-rank solution
    rcond = d.choice([None, 1e-3, 0.05], label="rcond")
    if rcond is not None:
        options["rcond"] = rcond
    return d.sample(a, d.tensor(b_shape), **options)


# -- norms ---------------------------------------------------------------------------------------
_MATRIX_ORDS: list[Any] = ["fro", "nuc", 2, -2, 1, -1, math.inf, -math.inf]
_VECTOR_ORDS: list[Any] = [2, 1, 3, 0.5, -1, -2.5, 0, math.inf, -math.inf]
# Orders whose norms may reduce over nothing: the others have no identity (PyTorch raises),
# and PyTorch's double backward of a 3-norm over an empty dim is nan
_EMPTY_ORDS: list[Any] = [2, 1, 0.5, 0]


def _vector_input(d: Draw, shape: tuple[int, ...], order: Any) -> TensorArg:
    """Nonzero values (away from |x|'s kink; random values, so no ties for the inf-norms)."""
    return d.tensor(shape, "nonzero")


def _float_dtype(d: Draw, vector: bool = False) -> dict[str, Any]:
    """The dtype keyword: left out, or float64 (matrix norms; the sample's own dtype for
    vector norms, see below)."""
    # KNOWN BUG (normalization.vector_norm, not this family's): with a dtype, rungrad casts
    # the input first, so the first-order gradient ends in ToCopyBackward0; PyTorch's
    # linalg_vector_norm takes the dtype itself (its gradient ends in MulBackward0)
    dtype = d.choice([None, "dtype:" + (d.dtype if vector else "float64")], label="dtype")
    return {} if dtype is None else {"dtype": dtype}


def _matrix_dim_pair(d: Draw, ndim: int) -> tuple[int, int]:
    first, second = d(st.permutations(range(ndim)), label="dims")[:2]
    return (
        first - ndim if d.boolean(label="negative") else first,
        second - ndim if d.boolean(label="negative") else second,
    )


def _matrix_low(order: Any) -> int:
    """The smallest side for an ord: 0 (empty) unless the ord's minimum has no identity."""
    return 1 if not isinstance(order, str) and order < 0 else 0


def _draw_matrix_norm(d: Draw) -> Sample:
    """Nonzero values (away from |x|'s kink); empty matrices but for negative ords."""
    order = d.choice(_MATRIX_ORDS, label="ord")
    low = _matrix_low(order)
    shape = d.shape(min_dims=2, max_dims=3, min_side=low, max_side=3)
    x = d.tensor(shape, "nonzero")
    options: dict[str, Any] = _float_dtype(d)
    if d.boolean(label="keepdim given"):
        options["keepdim"] = d.boolean(label="keepdim")
    if d.boolean(label="dim given"):
        options["dim"] = _matrix_dim_pair(d, len(shape))
    if order == "fro" and d.boolean(label="default ord"):
        return d.sample(x, **options)
    return d.sample(x, order, **options)


def _draw_norm(d: Draw) -> Sample:
    """ord None over everything; a vector ord over a 1-D tensor or one dim; a matrix ord over
    a 2-D tensor or two dims."""
    kind = d.choice(["none", "vector", "matrix"], label="kind")
    options: dict[str, Any] = _float_dtype(d, vector=kind != "matrix")
    if d.boolean(label="keepdim given"):
        options["keepdim"] = d.boolean(label="keepdim")
    if kind == "none":
        shape = d.shape(max_dims=3, max_side=3)
        x = d.tensor(shape, "nonzero")
        dim_kind = d.choice(["none", "one", "two"], label="dim kind")
        if dim_kind == "one" or (dim_kind == "two" and len(shape) < 2):
            options["dim"] = d.dim(len(shape))
        elif dim_kind == "two":
            options["dim"] = _matrix_dim_pair(d, len(shape))
        return (
            d.sample(x, **options)
            if d.boolean(label="ord omitted")
            else d.sample(x, None, **options)
        )
    if kind == "vector":
        order = d.choice(_VECTOR_ORDS, label="ord")
        low = 0 if order in _EMPTY_ORDS else 1
        if d.boolean(label="1-D"):
            x = _vector_input(d, (d.integer(low, 4, label="size"),), order)
        else:
            shape = d.shape(min_dims=1, max_dims=3, min_side=low, max_side=3)
            x = _vector_input(d, shape, order)
            options["dim"] = d.dim(len(shape))
        return d.sample(x, order, **options)
    order = d.choice(_MATRIX_ORDS, label="ord")
    low = _matrix_low(order)
    if d.boolean(label="2-D"):
        x = d.tensor(d.shape(min_dims=2, max_dims=2, min_side=low, max_side=3), "nonzero")
    else:
        shape = d.shape(min_dims=2, max_dims=3, min_side=low, max_side=3)
        x = d.tensor(shape, "nonzero")
        options["dim"] = _matrix_dim_pair(d, len(shape))
    return d.sample(x, order, **options)


def _draw_vector_norm(d: Draw) -> Sample:
    """Valid calls of linalg.vector_norm (the row's fixed samples are errors only): any shape,
    dims (None, one, several), keepdim, dtype. Orders without an identity (inf, negative)
    only over nonempty tensors."""
    order = d.choice(_VECTOR_ORDS, label="ord")
    low = 0 if order in _EMPTY_ORDS else 1
    shape = d.shape(max_dims=3, min_side=low, max_side=3)
    x = _vector_input(d, shape, order)
    options: dict[str, Any] = _float_dtype(d, vector=True)
    if d.boolean(label="keepdim given"):
        options["keepdim"] = d.boolean(label="keepdim")
    dim_kind = d.choice(["none", "int", "tuple"], label="dim kind")
    if dim_kind == "int":
        options["dim"] = d.dim(len(shape))
    elif dim_kind == "tuple":
        options["dim"] = d.dims(len(shape))
    if order == 2 and d.boolean(label="default ord"):
        return d.sample(x, **options)
    return d.sample(x, order, **options)


def _draw_cond(d: Draw) -> Sample:
    """p None, 2, -2 (any shape; distinct singular values) or 'nuc' (square). The other p
    are in ``linalg.cond inverse``: PyTorch's own backward fails for them."""
    order = d.choice([None, 2, -2, "nuc", "omitted"], label="p")
    batch = _batch(d, min_side=0)
    rows, columns = d.sizes(2, low=0)
    if order == "nuc":
        columns = rows
    x = _arg(d, _spread_singular(d, batch, rows, columns))
    return d.sample(x) if order == "omitted" else d.sample(x, order)


def _draw_cond_inverse(d: Draw) -> Sample:
    """Invertible or exactly singular (inf) square matrices; values only (the row has no
    backward)."""
    order = d.choice([1, -1, math.inf, -math.inf, "fro", "nuc"], label="p")
    # 'nuc' goes through the singular values, as in PyTorch: at a singular matrix it is the
    # reciprocal of a rounding error, not inf
    return d.sample(_maybe_singular(d, singular=order != "nuc"), order)


def _draw_vecdot(d: Draw) -> Sample:
    first, second = d.broadcast_shapes(2, min_dims=1, max_dims=3)
    ndim = max(len(first), len(second))
    if ndim == 1:  # two vectors go through vdot, which does not broadcast
        first = second = np.broadcast_shapes(first, second)
    if d.boolean(label="default dim"):
        return d.sample(d.tensor(first), d.tensor(second))
    return d.sample(d.tensor(first), d.tensor(second), dim=d.dim(ndim))


# -- in-place variants -------------------------------------------------------------------------
def _inplace(*shapes: Callable[[tuple[int, ...]], tuple[int, ...]], count: int) -> DrawFunction:
    """``y = x * 1; y.<op>_(...)``: x has the result's shape (in place, it cannot broadcast)."""

    def draw(d: Draw) -> Sample:
        sizes = d.sizes(count, low=0, high=3)
        options = _scalars(d, "beta", "alpha")
        return d.sample(*(d.tensor(shape(sizes)) for shape in shapes), **options)

    return draw


def _draw_addmm(d: Draw, beta: bool = True) -> Sample:
    """addmm(_): input of the result's shape; beta unless not ``beta``, and alpha."""
    n, k, m = d.sizes(3, low=0, high=3)
    options = _scalars(d, "beta", "alpha") if beta else _scalars(d, "alpha")
    return d.sample(d.tensor((n, m)), d.tensor((n, k)), d.tensor((k, m)), **options)


# -- Tensor methods ----------------------------------------------------------------------------
def _method(name: str, draw: DrawFunction) -> Callable[[Draw], Sample]:
    def method(d: Draw) -> Sample:
        sample = draw(d)
        return d.sample(name, *sample.args, gradcheck=sample.gradcheck, **sample.kwargs)

    return method


_METHODS: dict[str, DrawFunction] = {}


def _draw_methods(d: Draw) -> Sample:
    """One of the Tensor methods, with that op's draw."""
    name = d.choice(sorted(_METHODS), label="method")
    return _method(name, _METHODS[name])(d)


# -- the rows ----------------------------------------------------------------------------------
DRAWS: dict[str, DrawFunction] = {
    "linalg.matrix_exp": _draw_inv,
    "matrix_exp": _draw_inv,
    "Tensor.matrix_exp": _draw_inv,
    "mm": _draw_mm,
    "mv": _draw_mv,
    "dot": _draw_dot,
    "bmm": _draw_bmm,
    "matmul": _draw_matmul,
    "__matmul__": _draw_matmul,
    "vdot": _draw_dot,
    "inner": _draw_inner,
    "outer": _draw_outer,
    "ger": _draw_outer,
    "addmv": _draw_addmv,
    "addr": _draw_addr,
    "baddbmm": _draw_baddbmm,
    "addbmm": _draw_addbmm,
    "einsum": _draw_einsum,
    "einsum sublists": _draw_einsum_sublists,
    "tensordot": _draw_tensordot,
    "kron": _draw_kron,
    "trace": _draw_trace,
    "linalg.cross": _draw_linalg_cross,
    "cross": _draw_cross,
    "cdist": _draw_cdist,
    "cdist mm": _draw_cdist_mm,
    "pdist": _draw_pdist,
    "linalg.multi_dot": _draw_multi_dot,
    "matrix_power": _draw_matrix_power,
    "linalg.inv": _draw_inv,
    "inverse": _draw_inv,
    "linalg.inv_ex": _draw_inv_ex,
    "linalg.det": _draw_det,
    "linalg.det edges": _draw_det_edges,
    "det": _draw_det,
    "linalg.slogdet": _draw_slogdet,
    "slogdet": _draw_slogdet,
    "logdet": _draw_logdet,
    "linalg.solve": _draw_solve,
    "linalg.solve_ex": _draw_solve_ex,
    "linalg.solve_triangular": _draw_solve_triangular,
    "linalg.cholesky": _draw_cholesky,
    "linalg.cholesky_ex": _draw_cholesky_ex,
    "cholesky": _draw_legacy_cholesky,
    "cholesky_solve": _draw_cholesky_solve,
    "cholesky_inverse": _draw_cholesky_inverse,
    "linalg.qr": _draw_qr,
    "linalg.qr mode r": _draw_qr_mode_r,
    "linalg.qr backward errors": _draw_qr_backward,
    "qr": _draw_legacy_qr,
    "linalg.eigh": _draw_eigh,
    "linalg.eigvalsh": _draw_eigh,
    "linalg.eig": _draw_eig,
    "linalg.lu_factor": _draw_lu,
    "lu_unpack": _draw_lu,
    "linalg.eigvals": _draw_eig,
    "linalg.svd": _draw_svd,
    "svd": _draw_legacy_svd,
    "linalg.svdvals": _draw_svdvals,
    "linalg.pinv": _draw_pinv,
    "linalg.pinv hermitian": _draw_pinv_hermitian,
    "pinverse": _draw_pinverse,
    "linalg.matrix_rank": _draw_matrix_rank,
    "linalg.lstsq": _draw_lstsq,
    "linalg.matrix_norm": _draw_matrix_norm,
    "linalg.norm": _draw_norm,
    "linalg.vector_norm errors": _draw_vector_norm,
    "linalg.cond": _draw_cond,
    "linalg.cond inverse": _draw_cond_inverse,
    "linalg.vecdot": _draw_vecdot,
    "Tensor linalg methods": _draw_methods,
    "addmv_": _inplace(lambda s: (s[0],), lambda s: (s[0], s[1]), lambda s: (s[1],), count=2),
    "addr_": _inplace(lambda s: (s[0], s[1]), lambda s: (s[0],), lambda s: (s[1],), count=2),
    "addmm_": _draw_addmm,
    "addbmm_": _inplace(
        lambda s: (s[1], s[3]),
        lambda s: (s[0], s[1], s[2]),
        lambda s: (s[0], s[2], s[3]),
        count=4,
    ),
    "baddbmm_": _inplace(
        lambda s: (s[0], s[1], s[3]),
        lambda s: (s[0], s[1], s[2]),
        lambda s: (s[0], s[2], s[3]),
        count=4,
    ),
}

_METHODS.update(
    {
        "det": _draw_det,
        "logdet": _draw_logdet,
        "slogdet": _draw_slogdet,
        "inverse": _draw_inv,
        "trace": _draw_trace,
        "outer": _draw_outer,
        "ger": _draw_outer,
        "cross": _draw_cross,
        "kron": _draw_kron,
        "vdot": _draw_dot,
        "inner": _draw_inner,
        "matrix_power": _draw_matrix_power,
        "pinverse": _draw_pinverse,
        "addmm": lambda d: _draw_addmm(d, beta=False),
        "addmv": _draw_addmv,
        "addr": _draw_addr,
        "addbmm": _draw_addbmm,
        "baddbmm": _draw_baddbmm,
        "mm": _draw_mm,
        "mv": _draw_mv,
        "dot": _draw_dot,
        "bmm": _draw_bmm,
        "matmul": _draw_matmul,
    }
)
