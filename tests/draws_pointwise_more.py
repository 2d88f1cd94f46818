"""Hypothesis draws for the later pointwise rows (``op_db_pointwise``).

Divisions and remainders (Python numbers on either side, zero, infinite and signed divisors),
unary math and special functions in their domains (gamma family at negative non-integers,
polygamma orders, logit's eps), rounding (decimals, halves and integers), clamping with
tensor or number bounds, the binary and ternary math ops (broadcasting, mixed dtypes, ties,
nan), the predicates, comparisons and shifts, and the Tensor methods and in-place variants
(whose other operands broadcast into the first one's shape).

Samples that may sit on a kink, a tie, a pole or nan set ``gradcheck=False``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from drawing import Draw, DrawFunction, draw_unary
from hypothesis import strategies as st
from oracle import Sample, TensorArg

NAN, INF = float("nan"), float("inf")
SPECIALS = (0.0, -0.0, INF, -INF, NAN)

Shape = tuple[int, ...]

# -- helpers -------------------------------------------------------------------------------
_FLOAT_RANGES = {
    "real": (-2.0, 2.0),
    "positive": (0.5, 2.0),
    "nonzero": (0.5, 2.0),
    "unit": (-0.9, 0.9),
    "probability": (0.05, 0.95),
}
_INT_RANGES = {"real": (-3, 3), "positive": (1, 3), "nonzero": (1, 3)}


def _number(d: Draw, domain: str = "real", ints: bool = True) -> float | int:
    """A Python number in ``domain`` (an int when ``ints`` and the domain has ints)."""
    if ints and domain in _INT_RANGES and d.boolean(label="int number"):
        value: float | int = d.integer(*_INT_RANGES[domain], label="number")
    else:
        value = d(st.floats(*_FLOAT_RANGES[domain]), label="number")
    if domain == "nonzero" and d.boolean(label="negative number"):
        value = -value
    return value


def _dtype(d: Draw, options: Sequence[str] = ("float", "int64")) -> str | None:
    """None (the sample dtype) or one of ``options``: "float" is the other floating dtype."""
    choices: list[str | None] = [None]
    for option in options:
        if option == "float":
            choices.append("float64" if d.dtype == "float32" else "float32")
        elif option != d.dtype:
            choices.append(option)
    return d.choice(choices, label="dtype")


def _is_float(value: Any) -> bool:
    return isinstance(value, TensorArg) and value.value.dtype.kind == "f"


def _sprinkle(d: Draw, arg: Any, choices: Sequence[float], label: str = "special") -> bool:
    """Maybe replace about half of a floating tensor's values with ``choices``; True if so."""
    if not _is_float(arg) or arg.value.size == 0 or not d.boolean(label=label):
        return False
    value = arg.value
    mask = np.asarray(d.rng.random(value.shape)) < 0.5
    picks = np.asarray(d.rng.choice(np.asarray(choices, dtype=value.dtype), size=value.shape))
    value[...] = np.where(mask, picks, value)
    return bool(mask.any())


def _tie(d: Draw, first: Any, second: Any) -> bool:
    """Maybe copy some of ``second``'s values into ``first`` (when ``second`` broadcasts
    into it and both have one dtype): ties, True if any were made."""
    if not (isinstance(first, TensorArg) and isinstance(second, TensorArg)):
        return False
    a, b = first.value, second.value
    if not isinstance(a, np.ndarray) or a.dtype != b.dtype or a.size == 0:
        return False  # (a 0-d bool value is a NumPy scalar, not an array)
    if np.broadcast_shapes(a.shape, b.shape) != a.shape:
        return False
    if not d.boolean(label="ties"):
        return False
    mask = np.asarray(d.rng.random(a.shape)) < 0.5
    a[...] = np.where(mask, np.broadcast_to(b, a.shape), a)
    return bool(mask.any())


def _shapes(d: Draw, count: int, inplace: bool) -> tuple[Shape, ...]:
    """``count`` broadcastable shapes; with ``inplace`` the others broadcast into the first."""
    if not inplace:
        return d.broadcast_shapes(count)
    first = d.shape()
    return (first, *(d.broadcastable_to(first) for _ in range(count - 1)))


def _gamma_values(d: Draw, shape: Shape, dtype: str | None = None) -> TensorArg:
    """Positive values, or negative non-integers (away from the poles of the gamma family)."""
    arg = d.tensor(shape, "positive", dtype=dtype)
    if _is_float(arg) and d.boolean(label="negative non-integers"):
        value = arg.value
        poles = d.rng.integers(-3, 0, size=value.shape)
        value[...] = poles + d.rng.uniform(0.2, 0.8, size=value.shape)
    return arg


def _widen(d: Draw, arg: Any) -> bool:
    """Maybe spread an integer tensor's values over its dtype's whole range (past 2**53);
    True if so (then a floating result is huge, and its finite differences meaningless)."""
    if isinstance(arg, TensorArg) and arg.value.dtype.kind in "iu" and d.boolean(label="wide"):
        info = np.iinfo(arg.value.dtype)
        arg.value[...] = d.rng.integers(info.min, info.max, size=arg.value.shape, endpoint=True)
        return True
    return False


def _near_jump(arg: TensorArg, scale: float = 1.0, offset: float = 0.0) -> bool:
    """Whether some value of ``arg`` times ``scale`` is within 1e-3 of an integer plus
    ``offset``: a jump of a rounding op, where finite differences jump too."""
    scaled = np.asarray(arg.value, dtype=np.float64) * scale - offset
    return bool(np.any(np.abs(scaled - np.round(scaled)) < 1e-3))


def _skip_error_only(reason: str) -> DrawFunction:
    """For a row whose op raises in PyTorch for every input (only its error samples in
    test_ops apply): skip, with the reason."""

    def draw(d: Draw) -> Sample:
        pytest.skip(reason)

    return draw


# -- division and remainders ---------------------------------------------------------------
def _draw_division(tensor_first: bool = False) -> DrawFunction:
    """A dividend and a nonzero divisor, either one possibly a Python number (the dividend
    only unless ``tensor_first``); floating ones sometimes get zeros, infinities and nan."""

    def draw(d: Draw) -> Sample:
        a_shape, b_shape = d.broadcast_shapes(2)
        a: Any = d.tensor(a_shape, dtype=_dtype(d))
        b: Any = d.tensor(b_shape, "nonzero", dtype=_dtype(d))
        form = d.choice(["tensors", "number divisor"] + ([] if tensor_first else ["number"]))
        if form == "number divisor":
            b = _number(d, "nonzero")
        elif form == "number":
            a = _number(d, "real")
        special = _widen(d, a)
        special |= _sprinkle(d, a, SPECIALS, "special dividend")
        special |= _sprinkle(d, b, SPECIALS, "special divisor")
        return d.sample(a, b, gradcheck=not special)

    return draw


def _draw_number_by_tensor(d: Draw) -> Sample:
    """A tensor divisor (nonzero, maybe int64) and a Python number: ``number op tensor``."""
    divisor = d.tensor(d.shape(), "nonzero", dtype=_dtype(d, ("int64",)))
    return d.sample(divisor, _number(d, "real"))


def _draw_scalar_tensor_remainder(d: Draw) -> Sample:
    """remainder(number, tensor)."""
    divisor = d.tensor(d.shape(), "nonzero", dtype=_dtype(d, ("int64",)))
    return d.sample(_number(d, "real"), divisor)


def _draw_remainder_backward(d: Draw) -> Sample:
    # The row's op is remainder(b, a) then backward. With a Python number b PyTorch has no
    # derivative (every such sample raises): only a tensor b runs; it backpropagates into both.
    a_shape, b_shape = d.broadcast_shapes(2)
    divisor = d.tensor(a_shape, "nonzero")
    dividend = d.tensor(b_shape, dtype=_dtype(d, ("float", "int64")))
    return d.sample(divisor, dividend)


def _draw_div_rounded_int(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    a = d.tensor(a_shape)
    _widen(d, a)
    divisor: Any = d.tensor(b_shape, "nonzero", dtype=_dtype(d, ("float32",)))
    if d.boolean(label="number divisor"):
        divisor = _number(d, "nonzero")
    elif d.boolean(label="wide divisor"):
        _widen(d, divisor)
        divisor.value[divisor.value == 0] = 7
    return d.sample(a, divisor, d.choice(["floor", "trunc"], label="mode"))


# -- unary math ----------------------------------------------------------------------------
def _draw_unary(
    domain: str = "real", ints: bool = True, shift: float = 0.0, integers: bool = False
) -> DrawFunction:
    """One tensor (maybe int64) in ``domain`` (plus ``shift``); with ``integers``, sometimes
    exact integers and halves among its values (the jumps of the rounding ops)."""

    def draw(d: Draw) -> Sample:
        arg = d.tensor(d.shape(), domain, dtype=_dtype(d, ("int64",)) if ints else None)
        if _is_float(arg):
            arg.value[...] += shift
        special = integers and _sprinkle(d, arg, (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5), "ints")
        jumps = integers and _is_float(arg) and _near_jump(arg)
        return d.sample(arg, gradcheck=not (special or jumps))

    return draw


def _draw_gamma(d: Draw) -> Sample:
    return d.sample(_gamma_values(d, d.shape(), _dtype(d, ("int64",))))


def _draw_sinc(d: Draw) -> Sample:
    arg = d.tensor(d.shape(), dtype=_dtype(d, ("int64",)))
    if arg.value.dtype == np.float32:
        # Near 0 (but not at 0) the float32 second derivative cancels catastrophically, in
        # PyTorch's formula too: at x = -4e-4 the two differ by more than the tolerance (and
        # both from float64, rungrad less), so float32 values keep away from there.
        small = np.abs(arg.value) < 0.1
        arg.value[...] = np.where(small, arg.value + np.copysign(0.1, arg.value), arg.value)
    # At 0 the first derivative is 0 by definition (a where): its own derivative there is not
    # the limit, in PyTorch too, so finite differences disagree.
    zeros = _sprinkle(d, arg, (0.0, -0.0, 1.0, -2.0), "zeros and integers")
    return d.sample(arg, gradcheck=not zeros)


def _draw_special_edges(d: Draw) -> Sample:
    arg = d.tensor(d.shape())
    edges = (0.0, -0.0, -1.0, 1.0, -2.0, -INF, INF, NAN, 1e-8, -1e-8, 0.5, -0.5)
    _sprinkle(d, arg, edges, "edges")
    return d.sample(arg, gradcheck=False)


def _draw_polygamma(d: Draw) -> Sample:
    n = d.integer(0, 3, label="n")
    return d.sample(n, _gamma_values(d, d.shape(), _dtype(d, ("int64",))))


def _draw_logit(d: Draw) -> Sample:
    arg = d.tensor(d.shape(), "probability", dtype=_dtype(d, ("int64",)))
    outside = _sprinkle(d, arg, (-0.5, 0.0, 1.0, 1.5), "outside")
    if d.boolean(label="eps"):
        eps = d(st.floats(0.0, 0.45), label="eps")
        # Values near eps or 1 - eps sit on the clamp's kinks.
        near = _is_float(arg) and bool(np.any(np.abs(np.abs(arg.value - 0.5) - (0.5 - eps)) < 1e-3))
        return d.sample(arg, eps, gradcheck=not (outside or near))
    return d.sample(arg, gradcheck=not outside)


# -- rounding ------------------------------------------------------------------------------
def _draw_round(d: Draw) -> Sample:
    decimals = d.choice([None, -2, -1, 0, 1, 2, 3], label="decimals")
    arg = d.tensor(d.shape())
    if decimals is None:
        halves = _sprinkle(d, arg, (0.5, 1.5, 2.5, -0.5, -2.5, 0.0), "halves")
        return d.sample(arg, gradcheck=not (halves or _near_jump(arg, offset=0.5)))
    scale = 10.0 ** max(-decimals, 0) * d.choice([1, 50], label="scale")
    arg.value[...] *= scale
    # values at exactly k + 1/2 after scaling (ties of round half to even)
    count = arg.value.size
    halves = (d.rng.integers(-20, 20, size=count) + 0.5) / 10.0**decimals
    halves_sprinkled = _sprinkle(d, arg, tuple(halves.tolist()) or (0.5,), "halves")
    # the jumps are 10**-decimals apart: values near one happen (decimals=3, values up to 100)
    jumps = _near_jump(arg, 10.0**decimals, offset=0.5)
    return d.sample(arg, decimals=decimals, gradcheck=not (halves_sprinkled or jumps))


def _draw_sgn(d: Draw) -> Sample:
    arg = d.tensor(d.shape(), "nonzero", dtype=_dtype(d, ("int64",)))
    zeros = _sprinkle(d, arg, (0.0, -0.0), "zeros")
    return d.sample(arg, gradcheck=not zeros)


# -- clamping ------------------------------------------------------------------------------
def _crossed(low: Any, high: Any) -> bool:
    """Whether some min bound exceeds its max: the result is max there, and PyTorch's (and
    rungrad's) gradient still sends grad to min where the input is below it (not the true
    derivative, so no gradcheck)."""
    if not (isinstance(low, TensorArg) and isinstance(high, TensorArg)):
        return False
    return bool(np.any(np.greater(low.value, high.value)))


def _draw_clamp_tensor(d: Draw) -> Sample:
    form = d.choice(["min max", "min", "min=", "max=", "min= max=", "None max"], label="form")
    x_shape, low_shape, high_shape = d.broadcast_shapes(3)
    both = form in ("min max", "min= max=")
    if both:
        # PyTorch's backward of clamp with both tensor bounds fails ("output with shape [..]
        # doesn't match the broadcast shape") when the bounds broadcast the input to a larger
        # shape: the input has the full shape here.
        x_shape = np.broadcast_shapes(x_shape, low_shape, high_shape)
    x = d.tensor(x_shape, dtype=_dtype(d, ("float", "int64")))
    low = d.tensor(low_shape, "unit", dtype=_dtype(d, ("float", "int64")))
    high = d.tensor(high_shape, "positive", dtype=_dtype(d, ("float", "int64")))
    if both and _is_float(low) and d.boolean(label="min > max"):
        low.value[...] += 2.0  # the bounds cross: the result is max, whatever the input
    crossed = both and _crossed(low, high)
    ties = _tie(d, x, low if "min" in form else high)
    gradcheck = not (ties or crossed)
    if form == "min max":
        return d.sample(x, low, high, gradcheck=gradcheck)
    if form == "min":
        return d.sample(x, low, gradcheck=gradcheck)
    if form == "min=":
        return d.sample(x, min=low, gradcheck=gradcheck)
    if form == "max=":
        return d.sample(x, max=high, gradcheck=gradcheck)
    if form == "None max":
        return d.sample(x, None, high, gradcheck=gradcheck)
    return d.sample(x, min=low, max=high, gradcheck=gradcheck)


def _draw_clip_tensor(d: Draw) -> Sample:
    x_shape, low_shape, high_shape = d.broadcast_shapes(3)
    which = d.choice(["both", "min", "max"], label="bounds")
    if which == "both":  # see _draw_clamp_tensor: PyTorch fails on a broadcast input
        x_shape = np.broadcast_shapes(x_shape, low_shape, high_shape)
    x = d.tensor(x_shape, dtype=_dtype(d, ("float", "int64")))
    low: Any = d.tensor(low_shape, "unit", dtype=_dtype(d))
    high: Any = d.tensor(high_shape, "positive", dtype=_dtype(d))
    if which == "min":
        high = None
    elif which == "max":
        low = None
    return d.sample(x, low, high, gradcheck=not _crossed(low, high))


def _draw_clamp_one(d: Draw) -> Sample:
    """clamp_min / clamp_max: a number or a broadcasting tensor bound, ties included."""
    x_shape, b_shape = d.broadcast_shapes(2)
    x = d.tensor(x_shape, dtype=_dtype(d, ("int64",)))
    if d.boolean(label="number bound"):
        return d.sample(x, _number(d, "real"))
    bound = d.tensor(b_shape, "unit", dtype=_dtype(d, ("float", "int64")))
    ties = _tie(d, x, bound)
    return d.sample(x, bound, gradcheck=not ties)


# -- binary math ---------------------------------------------------------------------------
def _draw_binary(
    first: str = "real",
    second: str = "real",
    mixed: Sequence[str] = ("float", "int64"),
    ties: bool = False,
    nan: bool = False,
) -> DrawFunction:
    """Two broadcastable tensors (no Python numbers), maybe of other dtypes, with ties and
    nan among the values when asked."""

    def draw(d: Draw) -> Sample:
        a_shape, b_shape = d.broadcast_shapes(2)
        a = d.tensor(a_shape, first, dtype=_dtype(d, mixed))
        b = d.tensor(b_shape, second, dtype=_dtype(d, mixed))
        special = ties and (_tie(d, a, b) or _tie(d, b, a))
        if nan:
            special |= _sprinkle(d, a, (NAN,), "nan") | _sprinkle(d, b, (NAN,), "nan")
        return d.sample(a, b, gradcheck=not special)

    return draw


def _draw_ldexp(d: Draw) -> Sample:
    """As _draw_binary, except that an input broadcast to a larger result takes an exponent
    of its own dtype: with an integer exponent PyTorch's ldexp then warns about resizing its
    internal output (an artifact of its composite, not behaviour to copy)."""
    a_shape, b_shape = d.broadcast_shapes(2)
    a = d.tensor(a_shape, dtype=_dtype(d, ("float",)))
    grows = tuple(a_shape) != tuple(np.broadcast_shapes(a_shape, b_shape))
    b = d.tensor(b_shape, dtype=a.value.dtype.name if grows else _dtype(d, ("float",)))
    return d.sample(a, b)


def _draw_xlogy(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    a: Any = d.tensor(a_shape, dtype=_dtype(d))
    b: Any = d.tensor(b_shape, "positive", dtype=_dtype(d))
    form = d.choice(["tensors", "number self", "number other"], label="form")
    if form == "number self":
        a = d.choice([0, 0.0, _number(d, "real")], label="self")
    elif form == "number other":
        b = _number(d, "positive")
    special = _sprinkle(d, a, (0.0, -0.0), "zero self")
    special |= _sprinkle(d, b, (0.0, -1.0, NAN, INF), "zero, negative, nan other")
    return d.sample(a, b, gradcheck=not special)


def _draw_copysign(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    a = d.tensor(a_shape, "nonzero", dtype=_dtype(d))
    b: Any = d.tensor(b_shape, dtype=_dtype(d))
    if d.boolean(label="number other"):
        b = d.choice([0.0, -0.0, _number(d, "real")], label="other")
    # copysign is not differentiable at a zero self, nor (a jump) at a zero other
    zeros = _sprinkle(d, a, (0.0, -0.0), "zero self")
    zeros |= _sprinkle(d, b, (0.0, -0.0, INF, -INF), "signed zeros other")
    return d.sample(a, b, gradcheck=not zeros)


def _draw_heaviside(d: Draw) -> Sample:
    # Both tensors of one dtype: PyTorch rejects different dtypes, 0-d ones included.
    a_shape, b_shape = d.broadcast_shapes(2)
    a, b = d.tensor(a_shape), d.tensor(b_shape)
    if a.value.dtype.kind == "i":
        a.value[...] = np.where(np.asarray(d.rng.random(a.value.shape)) < 0.3, 0, a.value)
    _sprinkle(d, a, (0.0, -0.0, NAN, INF, -INF), "zeros and specials")
    _sprinkle(d, b, (NAN, INF, 0.0), "special values")
    return d.sample(a, b, gradcheck=False)


# -- lerp, addcmul, addcdiv ----------------------------------------------------------------
def _draw_lerp(d: Draw) -> Sample:
    a_shape, b_shape, w_shape = d.broadcast_shapes(3)
    a, b = d.tensor(a_shape), d.tensor(b_shape)
    form = d.choice(["number", "tensor", "0-d other float"], label="weight")
    if form == "number":
        weight: Any = d.choice([_number(d, "real"), 0.5, 0, 1], label="weight")
    elif form == "tensor":
        weight = d.tensor(w_shape, d.choice(["probability", "real"], label="weight domain"))
    else:
        weight = d.tensor((), "probability", dtype=_dtype(d, ("float",)))
    return d.sample(a, b, weight)


def _draw_addc(divisor: str) -> DrawFunction:
    """input + value * tensor1 (* or /) tensor2, broadcasting, with or without value."""

    def draw(d: Draw) -> Sample:
        shapes = d.broadcast_shapes(3)
        a = d.tensor(shapes[0], dtype=_dtype(d))
        b = d.tensor(shapes[1], dtype=_dtype(d))
        # PyTorch refuses an integer division (both tensor1 and tensor2 integers)
        c_options = ("float", "int64") if divisor == "real" else ("float",)
        c = d.tensor(shapes[2], divisor, dtype=_dtype(d, c_options))
        if d.boolean(label="value"):
            value = d.choice([_number(d, "real"), 1, 0, -1], label="value")
            return d.sample(a, b, c, value=value)
        return d.sample(a, b, c)

    return draw


def _draw_addcmul_int(d: Draw) -> Sample:
    shapes = d.broadcast_shapes(3)
    a, b, c = (d.tensor(shape) for shape in shapes)
    if d.boolean(label="value"):
        return d.sample(a, b, c, value=_number(d, "real"))
    return d.sample(a, b, c)


# -- other elementwise ops -----------------------------------------------------------------
def _draw_nan_to_num(d: Draw) -> Sample:
    arg = d.tensor(d.shape(), dtype=_dtype(d, ("int64",)))
    _sprinkle(d, arg, (NAN, INF, -INF), "nan and infinities")
    replacements = st.one_of(st.none(), st.floats(-100.0, 100.0), st.integers(-5, 5))
    given: dict[str, Any] = {}
    for name in ("nan", "posinf", "neginf"):
        if d.boolean(label=name):
            given[name] = d(replacements, label=name)
    if d.boolean(label="positional"):
        # positional: a prefix of (nan, posinf, neginf)
        names = ("nan", "posinf", "neginf")
        count = d.integer(0, 3, label="positional count")
        positional = [given.get(name) for name in names[:count]]
        keywords = {name: value for name, value in given.items() if name not in names[:count]}
        return d.sample(arg, *positional, **keywords)
    return d.sample(arg, **given)


def _draw_float_power(d: Draw) -> Sample:
    form = d.choice(["tensor ** number", "tensor ** tensor", "number ** tensor"], label="form")
    a_shape, b_shape = d.broadcast_shapes(2)
    if form == "tensor ** number":
        # integer exponents on real bases too; other exponents on positive bases
        exponent = _number(d, "real")
        domain = "real" if isinstance(exponent, int) else "positive"
        return d.sample(d.tensor(a_shape, domain, dtype=_dtype(d)), exponent)
    exponent_tensor = d.tensor(b_shape, dtype=_dtype(d))
    if form == "number ** tensor":
        return d.sample(_number(d, "positive"), exponent_tensor)
    return d.sample(d.tensor(a_shape, "positive", dtype=_dtype(d)), exponent_tensor)


def _draw_float_power_(d: Draw) -> Sample:
    base_shape = d.shape()
    base = d.tensor(base_shape, "positive")
    if d.boolean(label="number exponent"):
        return d.sample(base, _number(d, "real"))
    return d.sample(
        base, d.tensor(d.broadcastable_to(base_shape), dtype=_dtype(d, ("float32", "int64")))
    )


# -- tests, comparisons, logic, bits (no gradient) -------------------------------------------
def _draw_predicate(d: Draw) -> Sample:
    arg = d.tensor(d.shape(), dtype=_dtype(d, ("int64",)))
    # -NAN has its sign bit set (signbit sees it)
    _sprinkle(d, arg, (0.0, -0.0, -1.5, INF, -INF, NAN, -NAN, 3.0), "special values")
    return d.sample(arg, gradcheck=False)


def _draw_isclose(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    a, b = d.tensor(a_shape), d.tensor(b_shape)
    if np.broadcast_shapes(a_shape, b_shape) == b_shape and d.boolean(label="near"):
        near = np.broadcast_to(a.value, b_shape)
        if b.value.dtype.kind == "i":
            b.value[...] = near + d.rng.integers(-2, 3, size=b_shape)
        else:
            relative = d.choice([1e-9, 1e-6, 1e-4, 1e-2], label="relative difference")
            b.value[...] = near * (1 + d.rng.uniform(-relative, relative, size=b_shape))
    if _sprinkle(d, a, (NAN, INF, -INF), "specials"):
        _sprinkle(d, b, (NAN, INF, -INF), "specials")
    tolerances = st.one_of(st.sampled_from([0.0, 1e-8, 1e-5, 1e-3, 0.1, 0.5]), st.integers(0, 2))
    kwargs: dict[str, Any] = {}
    args: list[Any] = []
    form = d.choice(["defaults", "positional", "keywords"], label="tolerances")
    if form == "positional":
        args = [d(tolerances, label="rtol")]
        if d.boolean(label="atol"):
            args.append(d(tolerances, label="atol"))
    elif form == "keywords":
        for name in ("rtol", "atol"):
            if d.boolean(label=name):
                kwargs[name] = d(tolerances, label=name)
    if d.boolean(label="equal_nan given"):
        kwargs["equal_nan"] = d.boolean(label="equal_nan")
    return d.sample(a, b, *args, **kwargs)


def _draw_logical_xor(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    a = d.tensor(a_shape)
    b = d.tensor(b_shape, dtype=_dtype(d, ("bool", "int64")))
    _sprinkle(d, a, (0.0, -0.0, NAN), "zeros")
    _sprinkle(d, b, (0.0, -0.0), "zeros")
    return d.sample(a, b)


_INTEGER_DTYPES = ("int64", "int32", "int16", "int8", "uint8")


def _int_dtype(d: Draw) -> str:
    """Mostly int64 (the rows' dtype), sometimes a narrower or unsigned integer dtype."""
    return d.choice(_INTEGER_DTYPES, label="integer dtype")


def _wide_ints(d: Draw, shape: Shape, dtype: str = "int64") -> TensorArg:
    """Integers, small or anywhere in the dtype's range (where shifts overflow)."""
    if d.boolean(label="wide values"):
        info = np.iinfo(dtype)
        value = d.rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    else:
        value = d.rng.integers(-9, 10, size=shape).astype(dtype)
    return TensorArg(np.asarray(value, dtype=dtype), layout=d.layout(shape))


def _shifts(d: Draw, shape: Shape, dtype: str = "int64") -> TensorArg:
    """Shift amounts: small, or out of range (negative, the bit width and more)."""
    if d.boolean(label="out of range"):
        value = d.rng.choice(np.array([-3, -1, 0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 70]), size=shape)
    else:
        value = d.rng.integers(0, 9, size=shape)
    # negative amounts wrap around in unsigned dtypes (still out of range)
    return TensorArg(np.asarray(value).astype(dtype), layout=d.layout(shape))


def _draw_shift(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    form = d.choice(["tensors", "number shift", "number self"], label="form")
    if form == "number shift":
        shift = d.choice([0, 1, 3, 7, 8, 31, 32, 63, 64, -1], label="shift")
        return d.sample(_wide_ints(d, a_shape, _int_dtype(d)), shift)
    if form == "number self":
        return d.sample(d.integer(-9, 9, label="self"), _shifts(d, b_shape, _int_dtype(d)))
    return d.sample(_wide_ints(d, a_shape, _int_dtype(d)), _shifts(d, b_shape, _int_dtype(d)))


def _draw_shift_operators(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    return d.sample(_wide_ints(d, a_shape, _int_dtype(d)), _shifts(d, b_shape, _int_dtype(d)))


def _draw_compare(inplace: bool, numbers: bool = True, zeros: bool = False) -> DrawFunction:
    """A tensor and a tensor (broadcasting, into the first one's shape when ``inplace``) or
    number, with ties (and zeros, for the logical ops). In place, self may be an integer or
    bool tensor too (the 0/1 results are written in its dtype)."""

    def draw(d: Draw) -> Sample:
        a_shape, b_shape = _shapes(d, 2, inplace)
        a = d.tensor(a_shape, dtype=_dtype(d, ("int64", "bool")) if inplace else None)
        # KNOWN BUG: an in-place comparison of an integer or bool self with an other that
        # requires grad gets a grad_fn in PyTorch (EqBackward1, requires_grad=True on an int64
        # tensor), in rungrad none (registry records nodes on floating outputs only): such an
        # other does not require grad here.
        b: Any = d.tensor(
            b_shape, dtype=_dtype(d, ("float", "int64", "bool")), requires_grad=_is_float(a)
        )
        ties = _tie(d, a, b)
        if numbers and d.boolean(label="number"):
            b = d.choice([_number(d, "real"), 0, 0.0], label="other")
        if zeros:
            _sprinkle(d, a, (0.0, -0.0), "zeros")
            _sprinkle(d, b, (0.0, -0.0), "zeros")
        return d.sample(a, b, gradcheck=not ties)

    return draw


# -- methods, aliases and in-place variants --------------------------------------------------
def _draw_two(
    first: str = "real",
    second: str = "real",
    numbers: bool = False,
    mixed: Sequence[str] = ("float",),
) -> DrawFunction:
    """A tensor and another one broadcasting into its shape (or a Python number)."""

    def draw(d: Draw) -> Sample:
        a_shape, b_shape = _shapes(d, 2, inplace=True)
        a = d.tensor(a_shape, first)
        if numbers and d.boolean(label="number"):
            return d.sample(a, _number(d, second))
        return d.sample(a, d.tensor(b_shape, second, dtype=_dtype(d, mixed)))

    return draw


def _draw_polygamma_(d: Draw) -> Sample:
    return d.sample(_gamma_values(d, d.shape()))


def _draw_logit_(d: Draw) -> Sample:
    """Probabilities for logit_(eps=0.1): values near 0.1 or 0.9 sit on its clamp's kinks."""
    arg = d.tensor(d.shape(), "probability")
    near = bool(np.any(np.abs(np.abs(arg.value - 0.5) - 0.4) < 1e-3))
    return d.sample(arg, gradcheck=not near)


def _draw_round_(d: Draw) -> Sample:
    """round_(decimals=1), with ties at one decimal (0.25 * 10 is 2.5) among the values."""
    arg = d.tensor(d.shape())
    ties = _sprinkle(d, arg, (0.25, -0.75, 1.25, 0.05, 0.15, -0.35), "ties")
    return d.sample(arg, gradcheck=not (ties or _near_jump(arg, 10.0, offset=0.5)))


def _draw_clamp_(d: Draw) -> Sample:
    """clamp_(min) or clamp_(min, max): numbers, or tensors broadcasting into the input."""
    a_shape, low_shape, high_shape = _shapes(d, 3, inplace=True)
    a = d.tensor(a_shape)
    if d.boolean(label="numbers"):
        low: Any = _number(d, "unit", ints=False)
        high: Any = _number(d, "positive")
    else:
        low = d.tensor(low_shape, "unit", dtype=_dtype(d, ("float", "int64")))
        high = d.tensor(high_shape, "positive", dtype=_dtype(d, ("float", "int64")))
    form = d.choice(["min", "min max", "None max"], label="form")
    if form == "min":
        return d.sample(a, low)
    if form == "None max":
        return d.sample(a, None, high)
    return d.sample(a, low, high, gradcheck=not _crossed(low, high))


def _draw_addc_(divisor: str) -> DrawFunction:
    def draw(d: Draw) -> Sample:
        a_shape, b_shape, c_shape = _shapes(d, 3, inplace=True)
        return d.sample(d.tensor(a_shape), d.tensor(b_shape), d.tensor(c_shape, divisor))

    return draw


def _draw_nan_to_num_(d: Draw) -> Sample:
    arg = d.tensor(d.shape())
    _sprinkle(d, arg, (NAN, INF, -INF), "nan and infinities")
    return d.sample(arg)


def _draw_integer_operators(d: Draw) -> Sample:
    a_shape, b_shape = _shapes(d, 2, inplace=True)
    a_dtype, b_dtype = _int_dtype(d), _int_dtype(d)
    a = TensorArg(d.rng.integers(-20, 21, size=a_shape).astype(a_dtype), layout=d.layout(a_shape))
    if d.boolean(label="number"):
        return d.sample(a, d.integer(1, 6, label="other"))
    # positive: a divisor for %= and //=, a shift, and a non-negative power
    b = TensorArg(d.rng.integers(1, 7, size=b_shape).astype(b_dtype), layout=d.layout(b_shape))
    return d.sample(a, b)


# ------------------------------------------------------------------------------------------
_REAL = _draw_unary("real")
_NO_GRADIENT_BACKWARD = (
    "PyTorch has no derivative for {}: the op raises for every input (float inputs requiring "
    "grad: not implemented; anything else: nothing requires grad); test_ops checks the error"
)

DRAWS: dict[str, DrawFunction] = {
    "ldexp": _draw_ldexp,
    "Tensor.ldexp": _draw_ldexp,
    "nextafter": _draw_binary(mixed=("float",), ties=True),
    "Tensor.nextafter": _draw_binary(mixed=("float",), ties=True),
    # division and remainders
    "floor_divide": _draw_division(),
    "__floordiv__": _draw_division(tensor_first=True),
    "__rfloordiv__": _draw_number_by_tensor,
    "floor_divide.backward": _skip_error_only(_NO_GRADIENT_BACKWARD.format("floor_divide")),
    "remainder_scalar_tensor": _draw_scalar_tensor_remainder,
    "__rmod__": _draw_number_by_tensor,
    "remainder_scalar_tensor.backward": _draw_remainder_backward,
    # remainder(number, tensor) has no derivative in PyTorch, fmod(number, tensor) no overload
    "remainder_special": _draw_division(tensor_first=True),
    "fmod": _draw_division(tensor_first=True),
    "div_floor_int": _draw_div_rounded_int,
    # unary math
    "exp2": _REAL,
    "expm1": _REAL,
    "log2": _draw_unary("positive"),
    "log10": _draw_unary("positive"),
    "log1p": _draw_unary("unit"),
    "tan": _draw_unary("unit"),
    "asin": _draw_unary("unit", ints=False),
    "acos": _draw_unary("unit", ints=False),
    "atan": _REAL,
    "sinh": _REAL,
    "cosh": _REAL,
    "asinh": _REAL,
    "acosh": _draw_unary("positive", shift=1.0),
    "atanh": _draw_unary("unit", ints=False),
    "deg2rad": _REAL,
    "rad2deg": _REAL,
    "erf": _REAL,
    "erfc": _REAL,
    "erfinv": _draw_unary("unit", ints=False),
    "lgamma": _draw_gamma,
    "digamma": _draw_gamma,
    "sinc": _draw_sinc,
    "special_edges": _draw_special_edges,
    "polygamma": _draw_polygamma,
    "logit": _draw_logit,
    # rounding
    "floor": _draw_unary(integers=True),
    "ceil": _draw_unary(integers=True),
    "trunc": _draw_unary(integers=True),
    "fix": _draw_unary(integers=True),
    "round": _draw_round,
    "round_int": _draw_unary(),
    "frac": _draw_unary(ints=False, integers=True),
    "sgn": _draw_sgn,
    # clamping
    "clamp_tensor": _draw_clamp_tensor,
    "clip_tensor": _draw_clip_tensor,
    "clamp_min": _draw_clamp_one,
    "clamp_max": _draw_clamp_one,
    # binary math
    "atan2": _draw_binary(),
    "arctan2": _draw_binary(),
    "hypot": _draw_binary("nonzero", "nonzero", mixed=("float",)),
    "logaddexp": _draw_binary(mixed=("float",)),
    "logaddexp2": _draw_binary(mixed=("float",)),
    "fmax": _draw_binary(ties=True, nan=True),
    "fmin": _draw_binary(ties=True, nan=True),
    "xlogy": _draw_xlogy,
    "copysign": _draw_copysign,
    "heaviside": _draw_heaviside,
    "heaviside.backward": _skip_error_only(_NO_GRADIENT_BACKWARD.format("heaviside")),
    # lerp, addcmul, addcdiv
    "lerp": _draw_lerp,
    "addcmul": _draw_addc("real"),
    "addcmul_int": _draw_addcmul_int,
    "addcdiv": _draw_addc("nonzero"),
    # other elementwise ops
    "nan_to_num": _draw_nan_to_num,
    "float_power": _draw_float_power,
    "float_power_": _draw_float_power_,
    "positive": _draw_unary(),
    # tests, comparisons, logic, bits
    "isposinf": _draw_predicate,
    "isneginf": _draw_predicate,
    "isreal": _draw_predicate,
    "signbit": _draw_predicate,
    "isclose": _draw_isclose,
    "logical_xor": _draw_logical_xor,
    "bitwise_left_shift": _draw_shift,
    "bitwise_right_shift": _draw_shift,
    "shift_operators": _draw_shift_operators,
    "comparison_aliases": _draw_compare(inplace=False),
    "eq_": _draw_compare(inplace=True),
    "ne_": _draw_compare(inplace=True),
    "lt_": _draw_compare(inplace=True),
    "le_": _draw_compare(inplace=True),
    "gt_": _draw_compare(inplace=True),
    "ge_": _draw_compare(inplace=True),
    "greater_equal_": _draw_compare(inplace=True),
    "logical_and_": _draw_compare(inplace=True, numbers=False, zeros=True),
    "logical_xor_": _draw_compare(inplace=True, numbers=False, zeros=True),
    # methods, aliases and in-place variants
    "Tensor.arcsinh": draw_unary(),
    "Tensor.arccos_": draw_unary("unit"),
    "Tensor.exp2_": draw_unary(),
    "Tensor.log1p_": draw_unary("positive"),
    "Tensor.erfinv_": draw_unary("unit"),
    "Tensor.sin_": draw_unary(),
    "Tensor.square_": draw_unary(),
    "Tensor.polygamma_": _draw_polygamma_,
    "Tensor.logit_": _draw_logit_,
    "Tensor.round_": _draw_round_,
    "Tensor.frac_": _draw_unary(ints=False, integers=True),
    "Tensor.sgn": _draw_sgn,
    "Tensor.clamp_": _draw_clamp_,
    "Tensor.clamp_min_": _draw_unary(ints=False),
    "Tensor.atan2_": _draw_two(mixed=("float", "int64")),
    "Tensor.fmod_": _draw_two("real", "nonzero", numbers=True, mixed=("float", "int64")),
    "Tensor.remainder_": _draw_two("real", "nonzero", numbers=True, mixed=("float", "int64")),
    "Tensor.xlogy_": _draw_two("real", "positive", numbers=True, mixed=("float", "int64")),
    "Tensor.copysign_": _draw_two("nonzero", "nonzero", numbers=True, mixed=("float", "int64")),
    "Tensor.hypot_": _draw_two("nonzero", "nonzero"),
    "Tensor.lerp_": _draw_two(mixed=()),
    "Tensor.addcmul_": _draw_addc_("real"),
    "Tensor.addcdiv_": _draw_addc_("nonzero"),
    "Tensor.nan_to_num_": _draw_nan_to_num_,
    "Tensor.div_floor": _draw_two("real", "nonzero", numbers=True, mixed=("float", "int64")),
    "Tensor.true_divide_": _draw_two("real", "nonzero", numbers=True, mixed=("float", "int64")),
    "Tensor.floor_divide_": _draw_two("real", "nonzero", numbers=True, mixed=("float", "int64")),
    "Tensor.where": _draw_binary(mixed=()),
    "Tensor.masked_fill_": _draw_two(mixed=()),
    "Tensor.in-place integer operators": _draw_integer_operators,
}
