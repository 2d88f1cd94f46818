"""``linalg.tensorinv`` and ``linalg.tensorsolve``: the matrix inverse and solve of a tensor
whose dimensions split into two groups of equal size. Composites, as in PyTorch: a view to a
matrix, ``linalg.inv_ex`` / ``linalg.solve`` (``LinalgInvExBackward0``,
``LinalgSolveExBackward0``) and a view back (``ReshapeAliasBackward0`` after the inverse)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .._tensor import Tensor
from .decompositions import _check_floating, _linalg_inv_ex, _raise_singular_inverse, solve
from .shape import _reshape_alias, flatten, movedim, reshape

__all__ = ["tensorinv", "tensorsolve"]


def _require_split(shape: tuple[int, ...], split: int, name: str) -> None:
    first, rest = math.prod(shape[:split]), math.prod(shape[split:])
    if first != rest:
        raise RuntimeError(
            f"Expected self to satisfy the requirement prod(self.shape[{name}:]) == "
            f"prod(self.shape[:{name}]), but got {rest} != {first}"
        )


def tensorinv(A: Tensor, ind: int = 2, *, out: Any = None) -> Tensor:
    """linalg.tensorinv(A, ind=2) -> the tensor X with tensordot(A, X, ind) the identity:
    A's first ``ind`` dimensions against the rest, inverted as a matrix"""
    from .._out import write_out

    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    shape = tuple(A.shape)
    _require_split(shape, ind, "ind")
    rows = math.prod(shape[:ind])
    matrix = reshape(A, (rows, rows))
    _check_floating("linalg.inv", matrix)
    inverse, info = _linalg_inv_ex(matrix)
    _raise_singular_inverse("inv", matrix, info)
    # PyTorch's inverse is column-major, so its reshape is an alias with new strides (a view
    # of a 1 x 1 or empty one, which is contiguous either way).
    view = reshape if rows <= 1 else _reshape_alias
    result = view(inverse, (*shape[ind:], *shape[:ind]))
    return result if out is None else write_out("linalg_tensorinv", result, out)


def tensorsolve(
    A: Tensor, B: Tensor, dims: Sequence[int] | None = None, *, out: Any = None
) -> Tensor:
    """linalg.tensorsolve(A, B, dims=None) -> X with tensordot(A, X, X.ndim) = B: A's dims
    ``dims`` moved last, its first B.ndim dimensions against the rest"""
    from .._out import write_out

    if dims is not None:
        dims = list(dims)
        A = movedim(A, dims, list(range(A.dim() - len(dims), A.dim())))
    shape = tuple(A.shape)
    split = B.dim()
    _require_split(shape, split, "other.ndim")
    rows = math.prod(shape[:split])
    result = solve(reshape(A, (rows, rows)), flatten(B))  # (a 1-d B as it is: no node)
    result = reshape(result, shape[split:])
    return result if out is None else write_out("linalg_tensorsolve", result, out)
