"""rungrad: define-by-run automatic differentiation on NumPy, with PyTorch's API.

``import rungrad as torch`` runs PyTorch autograd programs unchanged. This module only
re-exports; each name lives in the module that owns its job.
"""

from __future__ import annotations

from typing import Any

from . import _ops, autograd, nn, optim, return_types, serialization, utils
from ._creation import (
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    ones,
    ones_like,
    scalar_tensor,
    tensor,
    zeros,
    zeros_like,
)
from ._dtype import (
    bool,
    complex64,
    complex128,
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    set_default_dtype,
    uint8,
)
from ._ops import (
    abs,
    add,
    all,
    allclose,
    any,
    argmax,
    argmin,
    bmm,
    clamp,
    clone,
    cos,
    div,
    dot,
    eq,
    equal,
    exp,
    flatten,
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
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    mul,
    mv,
    ne,
    neg,
    pow,
    reciprocal,
    relu,
    remainder,
    reshape,
    rsqrt,
    rsub,
    select,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    squeeze,
    stack,
    sub,
    sum,
    t,
    tanh,
    transpose,
    true_divide,
    unbind,
    unsqueeze,
    where,
)
from ._promotion import promote_types, result_type
from ._random import (
    Generator,
    default_generator,
    initial_seed,
    manual_seed,
    normal,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
)
from ._size import Size
from ._tensor import Tensor, device
from ._tensor_str import get_printoptions, set_printoptions
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled
from .autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .serialization import load, save

# -- more pointwise functions (keep this marker line: later exports go below it) ------------

# -- more reduction functions (keep this marker line: later exports go below it) ------------

# -- more shape and indexing functions (keep this marker line: later exports go below it) ---

# -- linear algebra functions (keep this marker line: later exports go below it) ------------

__version__ = "0.1.0"

# PyTorch's dtype aliases.
half = float16
float = float32
double = float64
cfloat = complex64
cdouble = complex128
short = int16
int = int32
long = int64

multiply = mul
subtract = sub
divide = div
negative = neg
absolute = abs
clip = clamp
swapaxes = swapdims = transpose


def view(input: Tensor, *shape: Any) -> Tensor:
    return input.view(*shape)


def permute(input: Tensor, dims: Any) -> Tensor:
    return _ops.permute(input, tuple(dims))


def is_tensor(obj: Any) -> Any:
    """True if ``obj`` is a rungrad Tensor."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> Any:
    return input.is_floating_point()


def numel(input: Tensor) -> Any:
    return input.numel()


def typename(obj: Any) -> str:
    """The legacy type name of a tensor (``rungrad.FloatTensor``), else the class's path."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = obj if isinstance(obj, type) else type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", None) else f"{module}.{cls.__qualname__}"
