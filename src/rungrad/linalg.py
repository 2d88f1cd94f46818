"""``rungrad.linalg``: PyTorch's ``torch.linalg`` namespace (re-exports only).

The ops live in ``rungrad._ops.decompositions`` (factorizations, solvers, norms) and
``rungrad._ops.linalg`` (products).

Example::

    >>> import rungrad as torch
    >>> A = torch.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> torch.linalg.det(A)
    tensor(8.)
    >>> torch.linalg.cholesky(A)
    tensor([[2.0000, 0.0000],
            [1.0000, 1.4142]])
"""

from __future__ import annotations

from ._ops.decompositions import (
    LinAlgError,
    cholesky,
    cholesky_ex,
    cond,
    det,
    eig,
    eigh,
    eigvals,
    eigvalsh,
    inv,
    inv_ex,
    lstsq,
    matrix_exp,
    matrix_norm,
    matrix_rank,
    norm,
    pinv,
    qr,
    slogdet,
    solve,
    solve_ex,
    solve_triangular,
    svd,
    svdvals,
    vector_norm,
)
from ._ops.householder import householder_product, vander
from ._ops.ldl import ldl_factor, ldl_factor_ex, ldl_solve
from ._ops.linalg import linalg_cross as cross
from ._ops.linalg import matmul, multi_dot, vecdot
from ._ops.linalg import matrix_power as _matrix_power
from ._ops.lu import lu_factor, lu_factor_ex
from ._ops.lu_solve import linalg_lu as lu
from ._ops.lu_solve import lu_solve
from ._ops.tensor_linalg import tensorinv, tensorsolve

__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "cross",
    "det",
    "diagonal",
    "eig",
    "eigh",
    "eigvals",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "eigvalsh",
    "householder_product",
    "inv",
    "inv_ex",
    "ldl_factor",
    "ldl_factor_ex",
    "ldl_solve",
    "lstsq",
    "matmul",
    "matrix_exp",
    "matrix_norm",
    "matrix_power",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "tensorinv",
    "tensorsolve",
    "vander",
    "vecdot",
    "vector_norm",
]


def matrix_power(A, n, *, out=None):  # type: ignore[no-untyped-def]
    """linalg.matrix_power(A, n) -> the n-th power of a (batch of) square matrices"""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(
            f"linalg_matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}"
        )
    return _matrix_power(A, n)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):  # type: ignore[no-untyped-def]
    """linalg.diagonal(A, *, offset=0, dim1=-2, dim2=-1) -> torch.diagonal with the last two
    dimensions as defaults"""
    from ._ops.shape import diagonal as _diagonal

    return _diagonal(A, offset, dim1, dim2)
