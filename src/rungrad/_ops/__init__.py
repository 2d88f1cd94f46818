"""The op surface: every differentiable op is declared in this package and only here."""

import importlib
import warnings
from typing import Any

from .._creation import zeros_like
from .indexing import (  # the indexing ops added after the first round
    argwhere,
    bucketize,
    gather,
    getitem,
    index,
    index_add,
    index_copy,
    index_fill,
    index_put,
    index_select,
    masked_scatter,
    masked_select,
    nonzero,
    one_hot,
    put,
    scatter,
    scatter_add,
    scatter_reduce,
    searchsorted,
    setitem,
    take,
    take_along_dim,
)
from .inplace import (
    arithmetic_,
    copy_,
    fill,
    fill_,
    fill_diagonal_,
    inplace,
    integral_,
    refresh_view,
    zero_,
)
from .joining import (
    cat,
    chunk,
    column_stack,
    concat,
    concatenate,
    dsplit,
    dstack,
    hsplit,
    hstack,
    row_stack,
    split,
    tensor_split,
    vsplit,
    vstack,
)
from .linalg import (
    addbmm,
    addmv,
    addr,
    baddbmm,
    bmm,
    cdist,
    cross,
    dot,
    einsum,
    ger,
    inner,
    kron,
    matmul,
    matrix_power,
    mm,
    mv,
    outer,
    pdist,
    tensordot,
    trace,
    vdot,
)
from .nn import addmm
from .normalization import renorm, renorm_
from .pointwise import (  # the pointwise ops added after the first round
    abs,
    acos,
    acosh,
    add,
    addcdiv,
    addcmul,
    allclose,
    arccos,
    arccosh,
    arcsin,
    arcsinh,
    arctan,
    arctan2,
    arctanh,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    bitwise_and,
    bitwise_left_shift,
    bitwise_not,
    bitwise_or,
    bitwise_right_shift,
    bitwise_xor,
    ceil,
    clamp,
    clamp_inplace,
    clamp_max,
    clamp_min,
    clamp_with_out,
    clip,
    copysign,
    cos,
    cosh,
    deg2rad,
    digamma,
    div,
    eq,
    eq_,
    equal,
    erf,
    erfc,
    erfinv,
    exp,
    exp2,
    expm1,
    fix,
    float_power,
    float_power_,
    floor,
    floor_divide,
    fmax,
    fmin,
    fmod,
    frac,
    frexp,
    ge,
    ge_,
    greater,
    greater_equal,
    gt,
    gt_,
    heaviside,
    hypot,
    isclose,
    isfinite,
    isinf,
    isnan,
    isneginf,
    isposinf,
    isreal,
    ldexp,
    le,
    le_,
    lerp,
    less,
    less_equal,
    lgamma,
    log,
    log1p,
    log2,
    log10,
    logaddexp,
    logaddexp2,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logit,
    lt,
    lt_,
    masked_fill,
    maximum,
    minimum,
    mul,
    nan_to_num,
    ne,
    ne_,
    neg,
    nextafter,
    not_equal,
    polygamma,
    polygamma_,
    positive,
    pow,
    rad2deg,
    reciprocal,
    relu,
    remainder,
    round,
    rsqrt,
    rsub,
    sgn,
    sigmoid,
    sign,
    signbit,
    sin,
    sinc,
    sinh,
    sqrt,
    square,
    sub,
    tan,
    tanh,
    true_divide,
    trunc,
    where,
    xlogy,
)
from .random import METHODS as _RANDOM_METHODS
from .random import (
    _dirichlet_grad,
    _sample_dirichlet,
    _standard_gamma,
    _standard_gamma_grad,
    bernoulli,
    binomial,
    multinomial,
    poisson,
)
from .reduction import (  # the reduction ops added after the first round
    all,
    amax,
    amin,
    aminmax,
    any,
    argmax,
    argmin,
    count_nonzero,
    cummax,
    cummin,
    cumprod,
    cumprod_,
    cumsum,
    cumsum_,
    dist,
    logsumexp,
    max,
    mean,
    min,
    nanmean,
    nansum,
    norm,
    prod,
    std,
    std_mean,
    sum,
    var,
    var_mean,
)
from .registry import edge_of
from .sequences import (
    angle,
    block_diag,
    cartesian_prod,
    conj,
    conj_physical,
    cumulative_trapezoid,
    diff,
    gcd,
    gcd_,
    imag,
    lcm,
    lcm_,
    logcumsumexp,
    make_complex,
    polar,
    real,
    trapezoid,
    trapz,
    tril_indices,
    triu_indices,
    vander,
    view_as_complex,
    view_as_real,
)
from .shape import (  # the shape ops added after the first round
    alias,
    as_strided,
    atleast_1d,
    atleast_2d,
    atleast_3d,
    broadcast_tensors,
    broadcast_to,
    channels_last,
    channels_last_3d,
    clone,
    contiguous_format,
    diag,
    diag_embed,
    diagflat,
    diagonal,
    diagonal_scatter,
    expand,
    flatten,
    flip,
    fliplr,
    flipud,
    memory_format,
    meshgrid,
    moveaxis,
    movedim,
    narrow,
    permute,
    preserve_format,
    ravel,
    repeat,
    repeat_interleave,
    reshape,
    roll,
    rot90,
    select,
    select_scatter,
    slice_dim,
    slice_scatter,
    squeeze,
    stack,
    t,
    tile,
    to_dtype,
    transpose,
    tril,
    triu,
    unbind,
    unflatten,
    unsqueeze,
    view,
)
from .sorting import argsort, kthvalue, median, mode, msort, sort, topk, unique, unique_consecutive
from .statistics import (
    bincount,
    corrcoef,
    cov,
    histc,
    histogram,
    isin,
    nanmedian,
    nanquantile,
    quantile,
)

# PyTorch computes nan/inf silently (log(-1), 1/0, overflow); NumPy warns. Primitives run
# their forward under np.errstate (see registry), which holds even under ``-W error``; this
# filter also quiets NumPy code outside primitives. It only matches warnings raised from
# rungrad's own modules, so the user's NumPy code is unaffected.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"rungrad\.")

__all__ = [name for name in dir() if not name.startswith("_")]

# Op families most programs never call are imported on first use (PEP 562): a plain
# ``import rungrad`` then does not make their ops. ``_ops.det`` imports the family once.
_LAZY_OPS = {
    **dict.fromkeys(("det", "inv", "legacy_cholesky", "legacy_qr", "legacy_slogdet", "legacy_svd",
                     "logdet", "matrix_exp", "pinverse"), "decompositions"),
    **dict.fromkeys(("i0", "i0_", "igamma", "igamma_", "igammac", "igammac_", "special_i0e",
                     "special_i1", "special_i1e"), "special_functions"),
}  # fmt: skip
__all__ += _LAZY_OPS


def __getattr__(name: str) -> Any:
    family = _LAZY_OPS.get(name)
    if family is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    op = globals()[name] = getattr(importlib.import_module(f".{family}", __name__), name)
    return op


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_OPS))


from .._tensor import Tensor as _Tensor  # noqa: E402
from . import operator_operands as _operator_operands  # noqa: E402
from .pointwise import rsub_operator as _rsub_operator  # noqa: E402

# The commonest operators are the ops themselves, not methods that call them: one Python
# call less per ``a * b`` or ``x[i]`` (the ops take their arguments in the operators' order).
# An elementwise op's operator version answers NotImplemented to a list, a string or None
# (Primitive.operator): ``x == None`` is False and ``x + "a"`` Python's TypeError.
_Tensor.__add__ = add.primitive.operator()  # type: ignore[method-assign]
_Tensor.__radd__ = add.primitive.reflected_operator()  # type: ignore[method-assign]
_Tensor.__sub__ = sub.primitive.operator()  # type: ignore[method-assign]
_Tensor.__mul__ = mul.primitive.operator()  # type: ignore[method-assign]
_Tensor.__rmul__ = mul.primitive.reflected_operator()  # type: ignore[method-assign]
_Tensor.__truediv__ = true_divide.primitive.operator()  # type: ignore[method-assign]
for _name, _op in (("eq", eq), ("ne", ne), ("lt", lt), ("le", le), ("gt", gt), ("ge", ge)):
    setattr(_Tensor, f"__{_name}__", _op.primitive.operator())
_Tensor.__neg__ = neg  # type: ignore[assignment,method-assign]
_Tensor.__rsub__ = _rsub_operator  # type: ignore[assignment,method-assign]
_Tensor.__pow__ = pow  # type: ignore[assignment,method-assign]
_Tensor.__matmul__ = matmul  # type: ignore[assignment,method-assign]
_Tensor.__getitem__ = getitem  # type: ignore[assignment,method-assign]
_operator_operands.install(_Tensor)  # x ** [1], x ** array, x @ 2 (see the module)
for _name, _method in _RANDOM_METHODS.items():  # uniform_, normal_, bernoulli_...
    setattr(_Tensor, _name, _method)
# Methods whose first argument is the tensor: the ops themselves (x.diff(), x.quantile(q)...).
for _method in (angle, bernoulli, bincount, conj, conj_physical, corrcoef, cov, diagonal_scatter,
                diff, gcd, gcd_, histc, histogram, lcm, lcm_, logcumsumexp, multinomial, nanmedian,
                nanquantile, quantile, select_scatter, slice_scatter):  # fmt: skip
    setattr(_Tensor, _method.__name__, _method)
_Tensor.real = property(real)  # type: ignore[assignment,method-assign]
_Tensor.imag = property(imag)  # type: ignore[assignment,method-assign]
