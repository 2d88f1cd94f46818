"""Hypothesis draws for the rows of ``op_db_lu``: matrices of any batch and side with a
dominant diagonal (distinct pivots: the factorization is smooth there), square for the
solves, and right-hand sides whose batches broadcast against them."""

from __future__ import annotations

import math

import numpy as np
from drawing import Draw, DrawFunction
from oracle import Sample, TensorArg


def _dominant(d: Draw, shape: tuple[int, ...]) -> TensorArg:
    value = d.rng.uniform(-1.0, 1.0, shape)
    rows, columns = shape[-2:]
    for i in range(min(rows, columns)):
        value[..., i, i] += 3.0 + i
    return TensorArg(value.astype(d.dtype))


def _draw_lu(d: Draw) -> Sample:
    batch = d.shape(min_dims=0, max_dims=2, min_side=0, max_side=3)
    rows, columns = d.sizes(2, low=1)
    return d.sample(_dominant(d, (*batch, rows, columns)))


def _draw_lu_solve(d: Draw) -> Sample:
    a_batch, b_batch = d.broadcast_shapes(2, max_dims=2, min_side=1, max_side=3)
    (size, count) = d.sizes(2, low=1)
    left = d.boolean(label="left")
    adjoint = d.boolean(label="adjoint")
    b_shape = (size, count) if left else (count, size)
    b = d.tensor((*b_batch, *b_shape))
    return d.sample(_dominant(d, (*a_batch, size, size)), b, left=left, adjoint=adjoint)


def _draw_tensorinv(d: Draw) -> Sample:
    sides = d.sizes(2, low=1)
    ind = d.choice([1, 2], label="ind")
    size = math.prod(sides)
    square = _dominant(d, (size, size)).value
    shape = (*sides, *sides) if ind == 2 else (size, *sides)
    return d.sample(TensorArg(np.ascontiguousarray(square.reshape(shape))), ind=ind)


def _draw_tensorsolve(d: Draw) -> Sample:
    sides = d.sizes(2, low=1)
    size = math.prod(sides)
    square = _dominant(d, (size, size)).value.reshape(*sides, size)
    return d.sample(TensorArg(np.ascontiguousarray(square)), d.tensor(tuple(sides)))


def _draw_householder(d: Draw) -> Sample:
    batch = d.shape(min_dims=0, max_dims=2, min_side=0, max_side=3)
    columns = d.integer(1, 3, label="columns")
    rows = columns + d.integer(0, 2, label="extra rows")
    k = d.integer(1, columns, label="reflectors")
    tau = d.tensor((*batch, k), "probability")
    return d.sample(d.tensor((*batch, rows, columns)), tau)


def _draw_vander(d: Draw) -> Sample:
    x = d.tensor(d.shape(min_dims=1))
    if x.value.shape[-1] <= 1 or d.boolean(label="N"):
        return d.sample(x, N=d.integer(2, 5, label="N"))
    return d.sample(x)


def _draw_geqrf(d: Draw) -> Sample:
    batch = d.shape(min_dims=0, max_dims=2, min_side=0, max_side=3)
    rows, columns = d.sizes(2, low=1)
    return d.sample(d.tensor((*batch, rows, columns), requires_grad=False))


def _symmetric(d: Draw, shape: tuple[int, ...]) -> TensorArg:
    """A symmetric matrix (batch); its entries are distinct almost surely, so the pivots
    Bunch-Kaufman chooses by comparing them are the same in both libraries."""
    value = d.rng.uniform(-1.0, 1.0, shape)
    value = value + np.swapaxes(value, -1, -2)
    return TensorArg(value.astype(d.dtype), requires_grad=False)


def _draw_ldl_factor(d: Draw) -> Sample:
    batch = d.shape(min_dims=0, max_dims=2, min_side=1, max_side=3)
    (size,) = d.sizes(1, low=1, high=5)
    options = {"hermitian": d.boolean(label="hermitian")} if d.boolean(label="given") else {}
    return d.sample(_symmetric(d, (*batch, size, size)), **options)


def _draw_ldl_solve(d: Draw) -> Sample:
    """One batch shape for the factor and B: PyTorch's kernel does not expand a factor to
    a B of more batch elements (it reads past the factor: wrong values or a crash)."""
    batch = d.shape(min_dims=0, max_dims=2, min_side=1, max_side=3)
    size, count = d.sizes(2, low=1)
    options = {"hermitian": d.boolean(label="hermitian")} if d.boolean(label="given") else {}
    b = d.tensor((*batch, size, count), requires_grad=False)
    return d.sample(_symmetric(d, (*batch, size, size)), b, **options)


DRAWS: dict[str, DrawFunction] = {
    "linalg.lu": _draw_lu,
    "linalg.lu_solve": _draw_lu_solve,
    "linalg.householder_product": _draw_householder,
    "linalg.vander": _draw_vander,
    "geqrf": _draw_geqrf,
    "linalg.tensorinv": _draw_tensorinv,
    "linalg.tensorsolve": _draw_tensorsolve,
    "linalg.ldl_factor_ex": _draw_ldl_factor,
    "linalg.ldl_solve": _draw_ldl_solve,
}
