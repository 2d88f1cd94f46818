"""Hypothesis-drawn samples for the core pointwise rows of ``op_db``: arithmetic (add, sub,
rsub, mul, div and its rounding modes, remainder, pow and the reflected operators), unary
math, clamp/maximum/minimum/where/masked_fill, comparisons, isnan/isinf/isfinite, logical and
bitwise ops, equal/allclose, and the in-place rows (``add_`` ... ``copy_``, through views too).

Shapes broadcast (0-d and empty included), the second operand is a tensor or a Python number,
operands mix dtypes (float32/float64/int64, bools where the op takes them) and option values
(alpha, exponents, clamp bounds) are drawn. Values stay away from kinks, ties and poles unless
the sample says ``gradcheck=False``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from drawing import Draw, DrawFunction, draw_unary
from op_db import values
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]

# Python numbers for a second operand, by value domain (ints and floats, never a pole).
SCALARS: dict[str, tuple[Any, ...]] = {
    "real": (2.5, -1.5, 0.5, 2, -3, 0),
    "nonzero": (2.5, -1.5, 0.5, 2, -3),
    "positive": (1.5, 0.5, 2.0, 2, 3),
}


# -- helpers -----------------------------------------------------------------------------------
def _dtype_of(d: Draw, dtype: str | None) -> str:
    return dtype or d.dtype


def _is_float(dtype: str) -> bool:
    return dtype.startswith("float")


def _other_dtype(d: Draw, extra: tuple[str, ...] = ("float64", "int64")) -> str | None:
    """None (the sample dtype) most of the time, else a mixed dtype."""
    return d.choice([None, None, *extra], label="dtype")


def _some(d: Draw, shape: tuple[int, ...], fraction: float) -> np.ndarray:
    """A bool array (0-d included) marking about ``fraction`` of the elements."""
    return np.asarray(d.rng.random(shape) < fraction)


def _with_zeros(d: Draw, shape: tuple[int, ...], dtype: str | None = None) -> TensorArg:
    """A tensor (drawn layout) with about a third of its values zero (False for bools)."""
    data = np.array(values(d.rng, shape, _dtype_of(d, dtype)))
    data[_some(d, shape, 0.3)] = 0
    return TensorArg(data, layout=d.layout(shape))


def _with_ties(d: Draw, first: TensorArg, second: TensorArg) -> TensorArg:
    """``second`` with about half of its values copied from ``first`` (same shape)."""
    data = np.array(second.value)
    ties = _some(d, data.shape, 0.5)
    data[ties] = first.value.astype(data.dtype)[ties]
    return TensorArg(data, layout=second.layout)


# -- arithmetic --------------------------------------------------------------------------------
def _binary(
    first: str = "real",
    second: str = "real",
    scalar: bool = True,
    mixed: bool = True,
    alpha: bool = False,
) -> DrawFunction:
    """``op(a, b[, alpha=...])``: broadcast tensors of (possibly mixed) dtypes, or a tensor
    and a Python number."""

    def draw(d: Draw) -> Sample:
        a_shape, b_shape = d.broadcast_shapes(2)
        a_dtype = _other_dtype(d, ("int64",)) if mixed else None
        a = d.tensor(a_shape, first, dtype=a_dtype)
        if scalar and d.integer(0, 3, label="python number") == 0:
            b: Any = d.choice(SCALARS[second], label="number")
            b_float = isinstance(b, float)
        else:
            b_dtype = _other_dtype(d, ("float64", "float32", "int64")) if mixed else None
            b = d.tensor(b_shape, second, dtype=b_dtype)
            b_float = _is_float(_dtype_of(d, b_dtype))
        kwargs: dict[str, Any] = {}
        if alpha and d.boolean(label="alpha"):
            floating = b_float or _is_float(_dtype_of(d, a_dtype))
            # integral results take integral alphas only (PyTorch raises otherwise)
            kwargs["alpha"] = d.choice([2, -1, 0, 0.5, -1.5] if floating else [2, -1, 0, 3])
        return d.sample(a, b, **kwargs)

    return draw


def _reversed_scalar(
    domain: str = "real", numbers: tuple[Any, ...] = (2.5, -1.5, 3, 0)
) -> DrawFunction:
    """``op(tensor, number)`` for the reflected operators (``number <op> tensor``)."""

    def draw(d: Draw) -> Sample:
        tensor = d.tensor(d.shape(), domain, dtype=_other_dtype(d, ("int64",)))
        return d.sample(tensor, d.choice(numbers, label="number"))

    return draw


# (exponent, base domain) for tensor ** number; negative exponents need nonzero bases.
_EXPONENTS: tuple[tuple[Any, str], ...] = (
    (2, "real"),
    (3, "real"),
    (3.0, "real"),
    (1, "real"),
    (0, "real"),
    (-2, "nonzero"),
    (-1, "nonzero"),
    (0.5, "positive"),
    (-1.5, "positive"),
    (2.5, "positive"),
)


# int64 bases: no negative integer exponents (PyTorch raises).
_INT_EXPONENTS: tuple[tuple[Any, str], ...] = (
    (0, "real"),
    (1, "real"),
    (2, "real"),
    (3, "real"),
    (2.5, "positive"),
    (0.5, "positive"),
)


def _draw_pow(d: Draw) -> Sample:
    """tensor ** number, tensor ** tensor (broadcast), number ** tensor; int64 tensors too."""
    kind = d.choice(["tensor**number", "tensor**tensor", "number**tensor"], label="kind")
    if kind == "tensor**number":
        shape = d.shape()
        if d.integer(0, 3, label="int64 base") == 0:
            exponent, domain = d.choice(_INT_EXPONENTS, label="exponent")
            return d.sample(d.tensor(shape, domain, dtype="int64"), exponent)
        exponent, domain = d.choice(_EXPONENTS, label="exponent")
        if isinstance(exponent, int) and exponent >= 0 and d.boolean(label="zero base"):
            return d.sample(_with_zeros(d, shape), exponent)
        return d.sample(d.tensor(shape, domain), exponent)
    if kind == "tensor**tensor":
        base_shape, exponent_shape = d.broadcast_shapes(2)
        exponent = d.tensor(exponent_shape, dtype=_other_dtype(d, ("float64", "float32")))
        if d.integer(0, 3, label="zero base") == 0:
            # 0 ** e for e >= 0: the exponent's gradient is 0 (a limit), and the base's is
            # 0 * inf at 0 ** e for 0 < e < 1: no finite-difference check there.
            base = TensorArg(np.abs(_with_zeros(d, base_shape).value), layout=None)
            exponent = d.tensor(exponent_shape, "positive")
            return d.sample(base, exponent, gradcheck=False)
        base_dtype = d.choice([None, None, "int64"], label="base dtype")
        return d.sample(d.tensor(base_shape, "positive", dtype=base_dtype), exponent)
    shape = d.shape()
    if d.integer(0, 3, label="int64 exponent") == 0:
        return d.sample(
            d.choice([2, 3, 1.5], label="base"), d.tensor(shape, "positive", dtype="int64")
        )
    base = d.choice([2.0, 3, 0.5, 1.5, 0.0], label="base")
    # 0.0 ** tensor: PyTorch's own gradgradcheck fails (nan from 0 * log(0) in the masked branch)
    domain = "positive" if base == 0.0 else "real"
    return d.sample(base, d.tensor(shape, domain), gradcheck=base != 0.0)


def _draw_dunder_pow(d: Draw) -> Sample:
    """a ** b with a positive base: a tensor or Python number exponent, mixed dtypes."""
    return _binary("positive", "positive")(d)


def _draw_unary_mixed(domain: str = "real") -> DrawFunction:
    """One tensor of any shape in ``domain``, of the sample dtype or int64."""

    def draw(d: Draw) -> Sample:
        return d.sample(d.tensor(d.shape(), domain, dtype=_other_dtype(d, ("int64",))))

    return draw


# -- clamp, maximum/minimum, where, masked_fill ----------------------------------------------------
_BOUNDS = (-0.5, 0.5, 1, -1, 1.5, 0, -1.25)


def _draw_clamp(d: Draw) -> Sample:
    """clamp with number bounds (min, max or both; by position or keyword; possibly min >
    max) or tensor bounds (broadcast with the input)."""
    which = d.choice(["min", "max", "both"], label="bounds")
    keyword = d.boolean(label="keywords")
    if d.boolean(label="tensor bounds"):
        x_shape, low_shape, high_shape = d.broadcast_shapes(3)
        if which == "both":
            # PyTorch's clamp backward with both tensor bounds raises when the bounds
            # broadcast beyond the input's shape ("output with shape [] doesn't match the
            # broadcast shape [2]"): there the bounds broadcast to the input's shape.
            x_shape = np.broadcast_shapes(x_shape, low_shape, high_shape)
            low_shape, high_shape = d.broadcastable_to(x_shape), d.broadcastable_to(x_shape)
        x = d.tensor(x_shape)
        low: Any = d.tensor(low_shape) if which != "max" else None
        high: Any = d.tensor(high_shape) if which != "min" else None
    else:
        dtype = _other_dtype(d, ("int64",))
        x = d.tensor(d.shape(), dtype=dtype)
        low = d.choice(_BOUNDS, label="min") if which != "max" else None
        high = d.choice(_BOUNDS, label="max") if which != "min" else None
    if which == "min":
        return d.sample(x, min=low) if keyword else d.sample(x, low)
    if which == "max":
        return d.sample(x, max=high)
    return d.sample(x, min=low, max=high) if keyword else d.sample(x, low, high)


def _draw_maximum(d: Draw) -> Sample:
    """Broadcast tensors of mixed dtypes; same-shape samples may tie (split gradient)."""
    a_shape, b_shape = d.broadcast_shapes(2)
    if d.integer(0, 3, label="ties") == 0:
        a, b = d.tensor(a_shape), d.tensor(a_shape)
        return d.sample(a, _with_ties(d, a, b), gradcheck=False)
    a = d.tensor(a_shape, dtype=_other_dtype(d, ("int64",)))
    return d.sample(a, d.tensor(b_shape, dtype=_other_dtype(d, ("float64", "float32", "int64"))))


def _draw_where(d: Draw) -> Sample:
    """where(cond, a, b): three broadcast shapes; a or b may be a Python number."""
    c_shape, a_shape, b_shape = d.broadcast_shapes(3)
    cond = d.mask(c_shape)
    a: Any = d.tensor(a_shape, dtype=_other_dtype(d, ("float64", "int64")))
    b: Any = d.tensor(b_shape, dtype=_other_dtype(d, ("float64", "float32", "int64")))
    numbers = d.choice(["none", "input", "other"], label="python number")
    if numbers == "input":
        a = d.choice([1.5, -2, 0.0], label="input number")
    elif numbers == "other":
        b = d.choice([0.0, 2.5, 3], label="other number")
    return d.sample(cond, a, b)


def _draw_masked_fill(d: Draw) -> Sample:
    """masked_fill(a, mask, value): the mask broadcasts with a; value a number or 0-d tensor."""
    a_shape, mask_shape = d.broadcast_shapes(2)
    value: Any = d.choice([0.5, -2, 0.0, "tensor"], label="value")
    if value == "tensor":
        value = d.tensor(())
    return d.sample(d.tensor(a_shape), d.mask(mask_shape), value)


# -- comparisons and logic -----------------------------------------------------------------------
def _draw_compare(d: Draw) -> Sample:
    """Broadcast operands of mixed dtypes (bools too), ties, or a Python number."""
    a_shape, b_shape = d.broadcast_shapes(2)
    a_dtype = _other_dtype(d, ("int64", "float64", "bool"))
    a = d.tensor(a_shape, dtype=a_dtype)
    kind = d.choice(["tensor", "ties", "number"], label="other")
    if kind == "number":
        return d.sample(a, d.choice([0.5, -1, 2, 0, True], label="number"))
    if kind == "ties":
        return d.sample(a, _with_ties(d, a, d.tensor(a_shape, dtype=a_dtype)))
    return d.sample(a, d.tensor(b_shape, dtype=_other_dtype(d, ("int64", "float32", "bool"))))


_SPECIAL = (0.0, -1.5, np.inf, -np.inf, np.nan, 3.0)


def _draw_special(d: Draw) -> Sample:
    """A tensor of 0, finite, inf, -inf and nan values (or int64 values)."""
    shape = d.shape()
    if d.integer(0, 4, label="int64") == 0:
        return d.sample(d.tensor(shape, dtype="int64"))
    data = d.rng.choice(np.array(_SPECIAL), size=shape).astype(d.dtype)
    return d.sample(TensorArg(data, layout=d.layout(shape)))


def _draw_logical_not(d: Draw) -> Sample:
    return d.sample(_with_zeros(d, d.shape(), _other_dtype(d, ("int64", "float64", "bool"))))


def _draw_logical(d: Draw) -> Sample:
    """Broadcast operands with zeros, of mixed dtypes (float, int64, bool)."""
    a_shape, b_shape = d.broadcast_shapes(2)
    a = _with_zeros(d, a_shape, _other_dtype(d, ("int64", "float32", "bool")))
    return d.sample(a, _with_zeros(d, b_shape, _other_dtype(d, ("int64", "float32", "bool"))))


def _draw_bitwise(d: Draw) -> Sample:
    """Broadcast int64/bool operands, or an int (bool) Python number."""
    a_shape, b_shape = d.broadcast_shapes(2)
    a = d.tensor(a_shape)
    if d.integer(0, 3, label="python number") == 0:
        number = d.choice([6, -3, 0] if d.dtype == "int64" else [True, False], label="number")
        return d.sample(a, number)
    return d.sample(a, d.tensor(b_shape, dtype=_other_dtype(d, ("int64", "bool"))))


def _other_like(d: Draw, a: TensorArg, allow_other_shape: bool) -> TensorArg:
    """Equal values, values within 1e-9 (allclose) or 1e-2 (not), or other values; of the
    same shape, a broadcastable one, or (for ``equal``) any other shape."""
    kind = d.choice(["equal", "close", "far", "other", "broadcast", "other shape"], label="kind")
    if kind == "broadcast":
        return d.tensor(d.broadcastable_to(a.value.shape))
    if kind == "other shape" and allow_other_shape:
        return d.tensor(d.shape())
    if kind == "other":
        return d.tensor(a.value.shape)
    data = np.array(a.value)
    if kind in ("close", "far"):
        changed = _some(d, data.shape, 0.5)
        data[changed] += 1e-9 if kind == "close" else 1e-2
    return TensorArg(data, layout=d.layout(data.shape))


def _draw_equal(d: Draw) -> Sample:
    a = d.tensor(d.shape())
    return d.sample(a, _other_like(d, a, allow_other_shape=True))


def _draw_allclose(d: Draw) -> Sample:
    a = d.tensor(d.shape())
    return d.sample(a, _other_like(d, a, allow_other_shape=False))


# -- in-place rows ---------------------------------------------------------------------------
def _draw_inplace(domain: str = "real") -> DrawFunction:
    """``base.op_(other)``: other broadcasts to base's shape (0-d and empty included), is a
    Python number, or of another dtype (cast into base's)."""

    def draw(d: Draw) -> Sample:
        shape = d.shape()
        base = d.tensor(shape)
        if d.integer(0, 3, label="python number") == 0:
            return d.sample(base, d.choice(SCALARS[domain], label="number"))
        dtype = _other_dtype(d, ("float64", "float32", "int64"))
        return d.sample(base, d.tensor(d.broadcastable_to(shape), domain, dtype=dtype))

    return draw


def _draw_view_mul(d: Draw) -> Sample:
    """``result[0].mul_(other)``: other broadcasts to the row's shape, or is a number."""
    shape = d.shape(min_dims=1)
    shape = (max(shape[0], 1), *shape[1:])
    base = d.tensor(shape)
    if d.integer(0, 3, label="python number") == 0:
        return d.sample(base, d.choice(SCALARS["real"], label="number"))
    return d.sample(base, d.tensor(d.broadcastable_to(shape[1:])))


def _draw_chained_view(d: Draw) -> Sample:
    """``result.t()[1:].add_(other)`` on a 1-D or 2-D base."""
    shape = d.shape(min_dims=1, max_dims=2)
    view = (max(shape[-1] - 1, 0), *shape[:-1][::-1])
    base = d.tensor(shape)
    if d.integer(0, 3, label="python number") == 0:
        return d.sample(base, d.choice(SCALARS["real"], label="number"))
    return d.sample(base, d.tensor(d.broadcastable_to(view)))


def _draw_fill(d: Draw) -> Sample:
    """fill_ (and fill) with a Python number or a 0-d tensor."""
    value: Any = d.choice([2.5, 0, -1, 1.0, "tensor"], label="value")
    if value == "tensor":
        value = d.tensor((), dtype=_other_dtype(d, ("float64", "int64")))
    return d.sample(d.tensor(d.shape()), value)


def _draw_copy(d: Draw) -> Sample:
    """copy_ from a source that broadcasts to the base's shape, possibly of another dtype."""
    shape = d.shape()
    dtype = _other_dtype(d, ("float64", "float32", "int64"))
    source = d.tensor(d.broadcastable_to(shape), dtype=dtype)
    return d.sample(d.tensor(shape), source)


def _draw_view_copy(d: Draw) -> Sample:
    """copy_ into a narrowed view of a non-leaf, from a source that broadcasts to the view's
    shape, possibly of another dtype."""
    shape = d.shape(min_dims=1)
    dim = d.integer(0, len(shape) - 1, label="dim")
    start = d.integer(0, shape[dim], label="start")
    length = d.integer(0, shape[dim] - start, label="length")
    region = (*shape[:dim], length, *shape[dim + 1 :])
    dtype = _other_dtype(d, ("float64", "float32"))
    source = d.tensor(d.broadcastable_to(region), dtype=dtype)
    return d.sample(d.tensor(shape), source, dim, start, length)


# -- the rows --------------------------------------------------------------------------------------
_arith = _binary(alpha=False)
_add = _binary(alpha=True)
_divide = _binary("real", "nonzero")
_rounded = _binary("real", "nonzero", mixed=False)

DRAWS: dict[str, DrawFunction] = {
    "add": _add,
    "__add__": _arith,
    "__radd__": _reversed_scalar(),
    "sub": _add,
    "__sub__": _arith,
    "__rsub__": _reversed_scalar(),
    "rsub": _add,
    "mul": _arith,
    "__mul__": _arith,
    "__rmul__": _reversed_scalar(),
    "div": _divide,
    "__truediv__": _divide,
    "__rtruediv__": _reversed_scalar("nonzero"),
    "div_floor": _rounded,
    "div_trunc": _rounded,
    "remainder": _divide,
    "pow": _draw_pow,
    "__pow__": _draw_dunder_pow,
    "__rpow__": _reversed_scalar(numbers=(2.5, 3, 0.5, 1.5)),
    "square": _draw_unary_mixed(),
    "neg": _draw_unary_mixed(),
    "abs": _draw_unary_mixed("nonzero"),
    "sign": _draw_unary_mixed("nonzero"),
    "reciprocal": _draw_unary_mixed("nonzero"),
    "exp": _draw_unary_mixed(),
    "log": _draw_unary_mixed("positive"),
    "sqrt": _draw_unary_mixed("positive"),
    "rsqrt": _draw_unary_mixed("positive"),
    "sin": _draw_unary_mixed(),
    "cos": _draw_unary_mixed(),
    "tanh": _draw_unary_mixed(),
    "sigmoid": _draw_unary_mixed(),
    "relu": _draw_unary_mixed("nonzero"),
    "clamp": _draw_clamp,
    "maximum": _draw_maximum,
    "minimum": _draw_maximum,
    "where": _draw_where,
    "masked_fill": _draw_masked_fill,
    **dict.fromkeys(("eq", "ne", "lt", "le", "gt", "ge"), _draw_compare),
    **dict.fromkeys(("isnan", "isinf", "isfinite"), _draw_special),
    "logical_not": _draw_logical_not,
    "logical_and": _draw_logical,
    "logical_or": _draw_logical,
    "bitwise_and": _draw_bitwise,
    "bitwise_or": _draw_bitwise,
    "bitwise_xor": _draw_bitwise,
    "bitwise_not": draw_unary(),
    "equal": _draw_equal,
    "allclose": _draw_allclose,
    "add_": _draw_inplace(),
    "add_alpha": _draw_inplace(),
    "sub_": _draw_inplace(),
    "mul_": _draw_inplace(),
    "div_": _draw_inplace("nonzero"),
    "view.mul_": _draw_view_mul,
    "view.view.add_": _draw_chained_view,
    "fill_": _draw_fill,
    "fill": _draw_fill,
    "zero_": draw_unary(),
    "copy_": _draw_copy,
    "view.copy_": _draw_view_copy,
}
