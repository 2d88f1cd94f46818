"""The op surface: every differentiable op is declared in this package and only here."""

import warnings

from .._creation import zeros_like
from .indexing import getitem, index, setitem
from .inplace import copy_, fill_, inplace, zero_
from .linalg import bmm, dot, matmul, mm, mv
from .pointwise import (
    abs,
    add,
    allclose,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    clamp,
    cos,
    div,
    eq,
    equal,
    exp,
    floor_divide,
    ge,
    gt,
    isfinite,
    isinf,
    isnan,
    le,
    log,
    logical_and,
    logical_not,
    logical_or,
    lt,
    masked_fill,
    maximum,
    minimum,
    mul,
    ne,
    neg,
    pow,
    reciprocal,
    relu,
    remainder,
    rsqrt,
    rsub,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    sub,
    tanh,
    true_divide,
    where,
)
from .reduction import all, any, argmax, argmin, max, mean, min, sum
from .registry import edge_of
from .shape import (
    alias,
    clone,
    expand,
    flatten,
    permute,
    reshape,
    select,
    slice_dim,
    squeeze,
    stack,
    t,
    to_dtype,
    transpose,
    unbind,
    unsqueeze,
    view,
)

# PyTorch computes nan/inf silently (log(-1), 1/0, overflow); NumPy warns. Primitives run
# their forward under np.errstate (see registry), which holds even under ``-W error``; this
# filter also quiets NumPy code outside primitives. It only matches warnings raised from
# rungrad's own modules, so the user's NumPy code is unaffected.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"rungrad\.")

__all__ = [name for name in dir() if not name.startswith("_")]
