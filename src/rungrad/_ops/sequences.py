"""Ops along a sequence and small combinatorial builders: diff, logcumsumexp, trapezoid
(trapz), cumulative_trapezoid, cartesian_prod, block_diag, tril_indices, triu_indices, gcd,
lcm, and the complex-part functions real, imag and conj (for real tensors).

Most are compositions of existing ops, as PyTorch's graphs show (``diff`` ends in a
``SubBackward0``, ``trapezoid`` in a ``MulBackward1`` or ``DivBackward1``); ``logcumsumexp``
and ``block_diag`` are primitives because PyTorch records a node of their own. Statistics
(quantiles, covariance, histograms) live in ``statistics``.
"""

from __future__ import annotations

import builtins
import itertools
from typing import Any

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ._checks import broadcast_shapes, wrap_dim
from .pointwise import _not_implemented_for, div_scalar, exp, log, logical_xor, mul_scalar, where
from .reduction import cumprod, cumsum, sum
from .registry import BINARY, FLOAT, primitive, tensor_list_op
from .shape import _slice, flip, meshgrid, select, stack, view

__all__ = [
    "block_diag",
    "cartesian_prod",
    "combinations",
    "conj",
    "conj_physical",
    "cumulative_trapezoid",
    "diff",
    "gcd",
    "gcd_",
    "imag",
    "lcm",
    "lcm_",
    "logcumsumexp",
    "real",
    "trapezoid",
    "unravel_index",
    "trapz",
    "tril_indices",
    "triu_indices",
]


# -- diff ----------------------------------------------------------------------------------
def _check_diff_piece(input: Tensor, piece: Any, dim: int) -> None:
    if piece is None:
        return
    if not isinstance(piece, Tensor):
        raise TypeError(f"diff(): argument 'prepend' must be Tensor, not {type(piece).__name__}")
    if piece._data.ndim != input._data.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for axis, (expected, got) in enumerate(zip(input._data.shape, piece._data.shape)):
        if axis != dim and expected != got:
            raise RuntimeError(
                "diff expects the shape of tensor to prepend or append to match that of input "
                f"except along the differencing dimension; input.size({axis}) = {expected}, "
                f"but got tensor.size({axis}) = {got}"
            )


def diff(
    input: Tensor,
    n: int = 1,
    dim: int = -1,
    prepend: Tensor | None = None,
    append: Tensor | None = None,
) -> Tensor:
    """diff(input, n=1, dim=-1, prepend=None, append=None) -> the n-th forward difference

    ``out[i] = input[i + 1] - input[i]`` along ``dim``, applied ``n`` times, after joining
    ``prepend`` and ``append`` to the input (bool tensors: ``logical_xor``).

    >>> import rungrad as torch
    >>> torch.diff(torch.tensor([1, 3, 6, 10]))
    tensor([2, 3, 4])
    """
    from .joining import cat

    ndim = input._data.ndim
    if ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    dim = wrap_dim(dim, ndim)
    _check_diff_piece(input, prepend, dim)
    _check_diff_piece(input, append, dim)
    if n == 0:  # a copy of the input alone, as PyTorch's
        from .._creation import empty_like

        return empty_like(input).copy_(input)
    if prepend is not None or append is not None:
        pieces = [t for t in (prepend, input, append) if t is not None]
        input = cat(pieces, dim)
    if input._data.shape[dim] == 0:  # PyTorch returns the (empty) input itself
        return input
    difference = logical_xor if input._data.dtype == np.bool_ else _subtract
    for _ in range(n):
        input = difference(_slice_from(input, dim, 1, None), _slice_from(input, dim, 0, -1))
    return input


def _subtract(later: Tensor, earlier: Tensor) -> Tensor:
    return later - earlier


# -- logcumsumexp --------------------------------------------------------------------------
@primitive("LogcumsumexpBackward0")
def _logcumsumexp(self, dim):
    if self.ndim == 0:
        return self.copy()
    return np.logaddexp.accumulate(self, axis=dim)


def _logcumsumexp_grad(grad: Tensor, self: Tensor, result: Tensor, dim: int) -> Tensor:
    # d result[i] / d self[j] = exp(self[j] - result[i]) for j <= i, so
    # grad_self[j] = exp(self[j]) * sum_{i >= j} grad[i] * exp(-result[i]).
    # The sum is a reversed cumulative sum, taken in log space to stay finite: split the
    # gradient by sign, and add log|grad| - result with logcumsumexp on the flipped slices.
    # The other sign's terms are the lowest finite number, not -inf, whose differences
    # (-inf - -inf) would make the second derivative NaN.
    if self._data.ndim == 0 or self._data.size == 0:
        return grad
    log_abs = log(grad.abs())
    lowest = float(np.finfo(grad._data.dtype).min)

    def reversed_sum(log_terms: Tensor) -> Tensor:
        return flip(_logcumsumexp(flip(log_terms - result, (dim,)), dim), (dim,))

    positive = where(grad > 0, log_abs, lowest)
    negative = where(grad < 0, log_abs, lowest)
    return exp(reversed_sum(positive) + self) - exp(reversed_sum(negative) + self)


_logcumsumexp.defgrad(self=_logcumsumexp_grad)


def logcumsumexp(input: Tensor, dim: int) -> Tensor:
    """logcumsumexp(input, dim) -> log(cumsum(exp(input), dim)), computed stably

    >>> import rungrad as torch
    >>> torch.logcumsumexp(torch.tensor([0.0, 0.0]), 0)
    tensor([0.0000, 0.6931])
    """
    dim = wrap_dim(dim, input._data.ndim)
    if input._data.dtype.kind not in "fcV":
        _not_implemented_for("logcumsumexp_out_cpu", input._data)
    return _logcumsumexp(input, dim)


# -- trapezoid, cumulative_trapezoid -------------------------------------------------------
def _integration_dim(y: Tensor, dim: int, name: str) -> int:
    if y._data.dtype == np.bool_:
        raise RuntimeError(f"{name}: received a bool input for `y`, but bool is not supported")
    if y._data.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return wrap_dim(dim, y._data.ndim)


def _spacing(y: Tensor, x: Tensor, dim: int, name: str) -> Tensor:
    """The differences of the sample points ``x`` along ``dim``, shaped to broadcast with y."""
    if x._data.ndim == 1:
        length = y._data.shape[dim]
        if x._data.shape[0] != length:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        shape = [1] * y._data.ndim
        shape[dim] = length
        x = view(x, tuple(shape))
        dim_of_x = dim
    else:
        dim_of_x = wrap_dim(dim - y._data.ndim if dim >= 0 else dim, x._data.ndim)
    later = _slice_from(x, dim_of_x, 1, None)
    earlier = _slice_from(x, dim_of_x, 0, -1)
    return later - earlier


def _slice_from(tensor: Tensor, dim: int, start: int, end: int | None) -> Tensor:
    begin, stop, _ = slice(start, end).indices(tensor._data.shape[dim])
    return _slice(tensor, dim, begin, max(begin, stop), 1)


def _pair_sums(y: Tensor, dim: int) -> Tensor:
    """``y[..., :-1] + y[..., 1:]`` along ``dim``: the sums of neighbouring samples."""
    return _slice_from(y, dim, 0, -1) + _slice_from(y, dim, 1, None)


def trapezoid(
    y: Tensor, x: Tensor | None = None, *, dx: float | None = None, dim: int = -1
) -> Tensor:
    """trapezoid(y, x=None, *, dx=None, dim=-1) -> the trapezoidal rule along ``dim``

    Sample points ``x`` (1-D, or broadcasting with ``y``), or a constant spacing ``dx``
    (default 1).

    >>> import rungrad as torch
    >>> torch.trapezoid(torch.tensor([1.0, 2.0, 3.0]))
    tensor(4.)
    """
    dim = _integration_dim(y, dim, "trapezoid")
    if y._data.shape[dim] == 0:
        from .._creation import zeros

        shape = y._data.shape[:dim] + y._data.shape[dim + 1 :]
        return zeros(shape, dtype=_float_result(y))
    if x is not None:
        spacing = _spacing(y, x, dim, "trapezoid")
        return div_scalar(sum(_pair_sums(y, dim) * spacing, dim), 2)
    ends = select(y, dim, 0) + select(y, dim, -1)
    return mul_scalar(sum(y, dim) - mul_scalar(ends, 0.5), 1.0 if dx is None else float(dx))


def trapz(y: Tensor, x: Tensor | None = None, *, dx: float | None = None, dim: int = -1) -> Tensor:
    """trapz(y, x, *, dim=-1) or trapz(y, *, dx=1, dim=-1) -> ``trapezoid``'s alias"""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(
    y: Tensor, x: Tensor | None = None, *, dx: float | None = None, dim: int = -1
) -> Tensor:
    """cumulative_trapezoid(y, x=None, *, dx=None, dim=-1) -> the running trapezoidal rule

    >>> import rungrad as torch
    >>> torch.cumulative_trapezoid(torch.tensor([1.0, 2.0, 3.0]))
    tensor([1.5000, 4.0000])
    """
    if y._data.dtype == np.bool_:
        raise RuntimeError(
            "cumulative_trapezoid: received a bool input for `y`, but bool is not supported"
        )
    if y._data.ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, y._data.ndim)
    if x is not None:
        spacing = _spacing(y, x, dim, "cumulative_trapezoid")
        return div_scalar(cumsum(_pair_sums(y, dim) * spacing, dim), 2)
    return cumsum(mul_scalar(_pair_sums(y, dim), (1.0 if dx is None else float(dx)) / 2), dim)


def _float_result(y: Tensor) -> Any:
    dtype = _dtype.from_numpy_dtype(y._data.dtype)
    return dtype if dtype.is_floating_point else _dtype.get_default_dtype()


# -- cartesian_prod, block_diag ------------------------------------------------------------
def cartesian_prod(*tensors: Tensor) -> Tensor:
    """cartesian_prod(*tensors) -> every combination of the 1-D tensors' elements, one per row

    >>> import rungrad as torch
    >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
    tensor([[1, 3],
            [1, 4],
            [2, 3],
            [2, 4]])
    """
    for tensor in tensors:
        if tensor._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(tensor._data.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([grid.flatten() for grid in grids], 1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """combinations(input, r=2, with_replacement=False) -> the ``r``-element combinations of a
    1-D tensor's elements, one per row, in itertools.combinations' order

    >>> import rungrad as torch
    >>> torch.combinations(torch.tensor([1, 2, 3]))
    tensor([[1, 2],
            [1, 3],
            [2, 3]])
    """
    if input._data.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input._data.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return Tensor._from_array(np.empty(0, input._data.dtype))
    choose = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = np.array(list(choose(range(input._data.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    # One gathered column per position, stacked (StackBackward0, as in PyTorch).
    return stack([input[Tensor._from_array(rows[:, k])] for k in range(r)], 1)


def unravel_index(indices: Any, shape: Any) -> tuple[Tensor, ...]:
    """unravel_index(indices, shape) -> the coordinates, one tensor per dimension of
    ``shape``, of the flat ``indices`` into a tensor of that shape

    Indices wrap as Python's ``divmod`` does: -1 is the last element.
    """
    if not isinstance(indices, Tensor):  # PyTorch's message: it reads a tensor attribute
        raise AttributeError(f"'{type(indices).__name__}' object has no attribute 'is_complex'")
    if indices._data.dtype.kind not in "iu":
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    if any(d < 0 for d in dims):
        raise ValueError(f"'shape' cannot have negative values, but got {dims}")
    if 0 in dims:
        raise RuntimeError("ZeroDivisionError")
    flat = indices._data.astype(np.int64)
    coordinates = []
    for size in reversed(dims):
        flat, coordinate = np.divmod(flat, size)
        coordinates.append(coordinate)
    return tuple(Tensor._from_array(np.asarray(c)) for c in reversed(coordinates))


def _block_diag(*arrays_and_layout: Any) -> np.ndarray:
    *arrays, corners, shapes = arrays_and_layout
    blocks = [np.reshape(a, _block_shape(shape)) for a, shape in zip(arrays, shapes)]
    rows = builtins.sum(b.shape[0] for b in blocks)
    columns = builtins.sum(b.shape[1] for b in blocks)
    result = np.zeros((rows, columns), dtype=np.result_type(*arrays))
    for block, (row, column) in zip(blocks, corners):
        result[row : row + block.shape[0], column : column + block.shape[1]] = block
    return result


def _block_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    """The block a 0-, 1- or 2-D input makes: a 1-D tensor is one row."""
    return (1, 1) if not shape else (1, shape[0]) if len(shape) == 1 else shape  # type: ignore


def _block_formula(index: int) -> Any:
    """The gradient of block_diag's input number ``index``: its block of the gradient."""

    def formula(grad: Tensor, corners: tuple[Any, ...], shapes: tuple[Any, ...]) -> Tensor:
        row, column = corners[index]
        shape = shapes[index]
        if shape == (0,):  # an empty row: PyTorch gives a constant zero
            from .._creation import zeros

            return zeros(shape, dtype=grad.dtype)
        rows, columns = _block_shape(shape)
        block = _slice(_slice(grad, 0, row, row + rows, 1), 1, column, column + columns, 1)
        if len(shape) == 2:
            return block
        # PyTorch squeezes the last dim of a 0-d or 1-D input's block (a no-op unless its
        # size is 1; the node then fits the (1, n) block to the input by a view)
        if not shape:
            return block.squeeze(-1).squeeze(-1)
        if columns == 1:
            return block.squeeze(-1)
        return block.reshape(shape)

    return formula


def block_diag(*tensors: Tensor) -> Tensor:
    """block_diag(*tensors) -> the tensors (0-, 1- or 2-D) as the blocks of a block diagonal
    matrix (a 1-D tensor is one row)

    >>> import rungrad as torch
    >>> torch.block_diag(torch.tensor([[1, 2]]), torch.tensor(3))
    tensor([[1, 2, 0],
            [0, 0, 3]])
    """
    if not tensors:
        from .._creation import empty

        return empty(1, 0)
    corners = []
    row = column = 0
    for number, tensor in enumerate(tensors):
        ndim = tensor._data.ndim
        if ndim > 2:
            raise RuntimeError(
                "torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                f"Input {number} has {ndim} dimensions"
            )
        corners.append((row, column))
        rows, columns = _block_shape(tensor._data.shape)
        row, column = row + rows, column + columns
    shapes = tuple(tensor._data.shape for tensor in tensors)
    op = tensor_list_op(
        "BlockDiagBackward0", _block_diag, len(tensors), ("corners", "shapes"), _block_formula
    )
    return op(*tensors, tuple(corners), shapes)


# -- tril_indices, triu_indices ------------------------------------------------------------
def _triangle_indices(
    name: str, row: int, col: int, offset: int, dtype: Any, requires_grad: bool
) -> Tensor:
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    dtype = _dtype.int64 if dtype is None else dtype
    if dtype.is_floating_point or dtype.is_complex or dtype == _dtype.bool:
        raise NotImplementedError(f"\"{name}\" not implemented for '{dtype.legacy_name}'")
    if requires_grad:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    make = np.tril_indices if name == "tril_indices" else np.triu_indices
    rows, columns = make(row, offset, col)
    return Tensor._from_array(np.stack([rows, columns]).astype(dtype.numpy).reshape(2, -1))


def tril_indices(
    row: int,
    col: int,
    offset: int = 0,
    *,
    dtype: Any = None,
    device: Any = None,
    layout: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """tril_indices(row, col, offset=0, *, dtype=torch.long) -> the (row, column) coordinates
    of the lower triangle of a row x col matrix, as a 2 x N tensor in row-major order"""
    return _triangle_indices("tril_indices", row, col, offset, dtype, requires_grad)


def triu_indices(
    row: int,
    col: int,
    offset: int = 0,
    *,
    dtype: Any = None,
    device: Any = None,
    layout: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """triu_indices(row, col, offset=0, *, dtype=torch.long) -> the (row, column) coordinates
    of the upper triangle of a row x col matrix, as a 2 x N tensor in row-major order"""
    return _triangle_indices("triu_indices", row, col, offset, dtype, requires_grad)


# -- gcd, lcm ------------------------------------------------------------------------------
def _integer_only(function: Any, name: str) -> Any:
    def forward(self: Any, other: Any) -> Any:
        for operand in (self, other):
            if np.asarray(operand).dtype.kind not in "iu":
                _not_implemented_for(f"{name}_cpu", operand)
        return function(self, other).astype(np.result_type(self, other))

    forward.__name__ = name
    return forward


_gcd = primitive("GcdBackward0", promotion=BINARY)(_integer_only(np.gcd, "gcd"))
_lcm = primitive("LcmBackward0", promotion=BINARY)(_integer_only(np.lcm, "lcm"))


def _check_tensor_operand(name: str, other: Any) -> None:
    if not isinstance(other, Tensor):
        raise TypeError(
            f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
        )


def gcd(input: Tensor, other: Tensor) -> Tensor:
    """gcd(input, other) -> the elementwise greatest common divisor (integer tensors)

    >>> import rungrad as torch
    >>> torch.gcd(torch.tensor([12, -18, 0]), torch.tensor([8, 12, 0]))
    tensor([4, 6, 0])
    """
    _check_tensor_operand("gcd", other)
    return _gcd(input, other)


def lcm(input: Tensor, other: Tensor) -> Tensor:
    """lcm(input, other) -> the elementwise least common multiple (integer tensors)

    >>> import rungrad as torch
    >>> torch.lcm(torch.tensor([4, -6, 0]), torch.tensor([6, 4, 5]))
    tensor([12, 12,  0])
    """
    _check_tensor_operand("lcm", other)
    return _lcm(input, other)


def _integer_inplace(op: Any, self: Tensor, other: Tensor) -> Tensor:
    from .._promotion import result_type
    from .inplace import check_cast, inplace

    # The output's dtype is checked before the kernel's, as in PyTorch: an integer tensor's
    # lcm_ with a float one is a cast error, not lcm_cpu's "not implemented for 'Float'".
    check_cast(result_type(self, other).numpy, self._data.dtype)
    return inplace(op, self, other)


def gcd_(self: Tensor, other: Tensor) -> Tensor:
    """Tensor.gcd_(other) -> self, holding gcd(self, other) (integer tensors)"""
    return _integer_inplace(_gcd, self, other)


def lcm_(self: Tensor, other: Tensor) -> Tensor:
    """Tensor.lcm_(other) -> self, holding lcm(self, other) (integer tensors)"""
    return _integer_inplace(_lcm, self, other)


def vander(x: Tensor, N: Any = None, increasing: bool = False) -> Tensor:
    """vander(x, N=None, increasing=False) -> the Vandermonde matrix of powers of ``x``

    Built as PyTorch builds it: ones, the columns after the first filled with ``x`` and
    multiplied up by cumprod, then flipped unless ``increasing`` (so its graph is
    PyTorch's: FlipBackward0, or CopySlices when increasing).
    """
    from .._creation import ones

    if x._data.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._data.shape[0] if N is None else int(N)
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    kind = _dtype.int64 if x._data.dtype.kind in "biu" else x.dtype  # integers as int64
    result = ones(x._data.shape[0], n, dtype=kind)
    if n > 1:
        result[:, 1:] = x[:, None]
        result[:, 1:] = cumprod(result[:, 1:], 1)
    return result if increasing else flip(result, (-1,))


# -- real, imag, conj, angle, complex -----------------------------------------------------
# PyTorch takes the parts of a complex tensor as views (a select of view_as_real, hence the
# node's name); the gradient of a real part goes back as a real, of an imaginary part as an
# imaginary number (z.grad = dL/dx + i dL/dy).
@primitive("SelectBackward0", view=True)
def _real_part(self):
    return self.real


_real_part.defgrad(self=lambda grad: grad)


@primitive("SelectBackward0", view=True)
def _imag_part(self):
    return self.imag


# Built by ComplexBackward0, not a product with 1j: rungrad's mul formula does not conjugate.
_imag_part.defgrad(self=lambda grad: _complex(grad.new_zeros(grad.shape), grad))


@primitive("ConjBackward0")
def _conj(self):
    return np.conj(self)


_conj.defgrad(self=lambda grad: _conj(grad))


@primitive("ConjPhysicalBackward0")
def _conj_physical(self):
    return np.conj(self)


_conj_physical.defgrad(self=lambda grad: _conj_physical(grad))


def conj_physical(input: Tensor) -> Tensor:
    """conj_physical(input) -> the complex conjugate, computed (rungrad's ``conj`` always is);
    a real tensor is its own"""
    return _conj_physical(input) if input._data.dtype.kind == "c" else input


def real(input: Tensor) -> Tensor:
    """real(input) -> the real part, a view; a real tensor is its own real part"""
    return _real_part(input) if input._data.dtype.kind == "c" else input


def imag(input: Tensor) -> Tensor:
    """imag(input) -> the imaginary part of a complex tensor, a view"""
    if input._data.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _imag_part(input)


def conj(input: Tensor) -> Tensor:
    """conj(input) -> the complex conjugate; a real tensor is its own (the same tensor)"""
    return _conj(input) if input._data.dtype.kind == "c" else input


@primitive("AngleBackward0", promotion=FLOAT)
def angle(self):
    """angle(input) -> the argument of each element (0 or pi for real numbers)"""
    result = np.angle(self)
    return result.astype(self.real.dtype) if self.dtype.kind in "fcV" else result


def _angle_grad(grad: Tensor, self: Tensor) -> Tensor:
    if self._data.dtype.kind != "c":
        return grad.new_zeros(grad.shape)  # piecewise constant: no graph, as in PyTorch
    return grad * 1j * self / (self.abs() ** 2)


angle.defgrad(self=_angle_grad)


@primitive("ComplexBackward0")
def _complex(real, imag):
    result = np.empty(np.broadcast_shapes(real.shape, imag.shape), np.result_type(real, 1j))
    result.real, result.imag = real, imag
    return result


_complex.defgrad(real=lambda grad: real(grad), imag=lambda grad: imag(grad))


@primitive("ViewAsRealBackward0", view=True)
def _view_as_real(self):
    return self[..., None].view(self.real.dtype)


@primitive("ViewAsComplexBackward0", view=True)
def _view_as_complex(self):
    return self.view(np.result_type(self, 1j))[..., 0]


_view_as_real.defgrad(self=lambda grad: _view_as_complex(grad.contiguous()))
_view_as_complex.defgrad(self=lambda grad: _view_as_real(grad))


def view_as_real(input: Tensor) -> Tensor:
    """view_as_real(input) -> a complex tensor's (real, imaginary) pairs as a last dimension"""
    if input._data.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _view_as_real(input)


def view_as_complex(input: Tensor) -> Tensor:
    """view_as_complex(input) -> a float tensor's last dimension of 2 read as complex numbers"""
    data = input._data
    if data.dtype not in (np.float16, np.float32, np.float64):
        raise RuntimeError(
            "view_as_complex is only supported for half, float and double tensors, but got a "
            f"tensor of scalar type: {_dtype.from_numpy_dtype(data.dtype).legacy_name}"
        )
    if not data.ndim or data.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if data.size and data.strides[-1] != data.itemsize:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if data.size and any(stride // data.itemsize % 2 for stride in data.strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input.storage_offset() % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    return _view_as_complex(input)


@primitive("PolarBackward0", promotion=BINARY)
def polar(abs, angle):
    """polar(abs, angle) -> the complex numbers abs * (cos(angle) + i sin(angle))"""
    return _complex.forward(abs * np.cos(angle), abs * np.sin(angle))


def _polar_unit(angle: Tensor) -> Tensor:
    return _complex(angle.cos(), angle.sin())


polar.defgrad(
    abs=lambda grad, angle: real(grad * _conj(_polar_unit(angle))),
    angle=lambda grad, abs, angle: real(grad * _conj(_polar_unit(angle) * 1j)) * abs,
)


def make_complex(real: Tensor, imag: Tensor) -> Tensor:
    """complex(real, imag) -> the complex tensor real + imag * i (both float16/32/64, alike)"""
    kinds = (real._data.dtype, imag._data.dtype)
    if not all(kind in (np.float16, np.float32, np.float64) for kind in kinds):
        names = [_dtype.from_numpy_dtype(kind).legacy_name for kind in kinds]
        raise RuntimeError(
            "Expected both inputs to be Half, Float or Double tensors but got "
            f"{names[0]} and {names[1]}"
        )
    if kinds[0] != kinds[1]:
        names = [_dtype.from_numpy_dtype(kind).legacy_name for kind in kinds]
        raise RuntimeError(
            f"Expected object of scalar type {names[0]} but got scalar type {names[1]} for "
            "second argument"
        )
    broadcast_shapes(real._data.shape, imag._data.shape)  # PyTorch's message on a mismatch
    return _complex(real, imag)


make_complex.__name__ = make_complex.__qualname__ = "complex"
