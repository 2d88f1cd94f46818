"""rungrad: define-by-run automatic differentiation on NumPy, with PyTorch's API.

``import rungrad as torch`` runs PyTorch autograd programs unchanged. This module only
re-exports; each name lives in the module that owns its job.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from ._collector import collection_paused as _collection_paused

# The package's own imports run with the garbage collector paused; what they made then
# joins the oldest generation (see _collector.py).
with _collection_paused(promote=True):
    from . import _numpy_names, _ops, _tensor_arguments, autograd, return_types
    from ._creation import (
        BFloat16Tensor,
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
        asarray,
        empty,
        empty_like,
        empty_strided,
        eye,
        from_numpy,
        full,
        full_like,
        linspace,
        logspace,
        ones,
        ones_like,
        scalar_tensor,
        set_default_tensor_type,
        tensor,
        zeros,
        zeros_like,
    )
    from ._creation import deprecated_range as range
    from ._dtype import (
        bfloat16,
        bool,
        can_cast,
        complex64,
        complex128,
        dtype,
        finfo,
        float16,
        float32,
        float64,
        get_default_dtype,
        iinfo,
        int8,
        int16,
        int32,
        int64,
        set_default_dtype,
        uint8,
    )
    from ._malloc import keep_freed_memory as _keep_freed_memory
    from ._method_functions import FUNCTIONS as _METHOD_FUNCTIONS
    from ._method_functions import require_tensor as _require_tensor
    from ._ops import (
        _dirichlet_grad,
        _sample_dirichlet,
        _standard_gamma,
        _standard_gamma_grad,
        abs,
        add,
        all,
        allclose,
        any,
        argmax,
        argmin,
        bernoulli,
        binomial,
        bmm,
        clamp,
        clone,
        cos,
        div,
        dot,
        eq,
        equal,
        exp,
        fill,
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
        multinomial,
        mv,
        ne,
        neg,
        poisson,
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

    # -- more shape and indexing functions (keep this marker line: later exports go below it) ---
    from ._ops.indexing import (
        argwhere,
        bucketize,
        gather,
        index_add,
        index_copy,
        index_fill,
        index_put,
        index_select,
        masked_scatter,
        masked_select,
        nonzero,
        put,
        scatter,
        scatter_add,
        scatter_reduce,
        searchsorted,
        take,
        take_along_dim,
    )
    from ._ops.joining import (
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
    from ._ops.linalg import (
        addbmm,
        addmv,
        addr,
        baddbmm,
        cdist,
        chain_matmul,
        cross,
        einsum,
        ger,
        inner,
        kron,
        matrix_power,
        outer,
        pdist,
        tensordot,
        trace,
        vdot,
    )
    from ._ops.nn import addmm
    from ._ops.normalization import renorm

    # -- more pointwise functions (keep this marker line: later exports go below it) ------------
    from ._ops.pointwise import (
        acos,
        acosh,
        addcdiv,
        addcmul,
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
        clamp_max,
        clamp_min,
        copysign,
        cosh,
        deg2rad,
        digamma,
        erf,
        erfc,
        erfinv,
        exp2,
        expm1,
        fix,
        float_power,
        floor,
        fmax,
        fmin,
        fmod,
        frac,
        frexp,
        greater,
        greater_equal,
        heaviside,
        hypot,
        isclose,
        isneginf,
        isposinf,
        isreal,
        ldexp,
        lerp,
        less,
        less_equal,
        lgamma,
        log1p,
        log2,
        log10,
        logaddexp,
        logaddexp2,
        logical_xor,
        logit,
        nan_to_num,
        nextafter,
        not_equal,
        polygamma,
        positive,
        rad2deg,
        round,
        sgn,
        signbit,
        sinc,
        sinh,
        tan,
        trunc,
        xlogy,
    )

    # -- more reduction functions (keep this marker line: later exports go below it) ------------
    from ._ops.reduction import (
        amax,
        amin,
        aminmax,
        count_nonzero,
        cummax,
        cummin,
        cumprod,
        cumsum,
        dist,
        logsumexp,
        nanmean,
        nansum,
        norm,
        prod,
        std,
        std_mean,
        var,
        var_mean,
    )
    from ._ops.sequences import (
        angle,
        block_diag,
        cartesian_prod,
        combinations,
        conj,
        conj_physical,
        cumulative_trapezoid,
        diff,
        gcd,
        imag,
        lcm,
        logcumsumexp,
        polar,
        real,
        trapezoid,
        trapz,
        tril_indices,
        triu_indices,
        unravel_index,
        vander,
        view_as_complex,
        view_as_real,
    )
    from ._ops.sequences import make_complex as complex
    from ._ops.shape import (
        as_strided,
        atleast_1d,
        atleast_2d,
        atleast_3d,
        broadcast_tensors,
        broadcast_to,
        channels_last,
        channels_last_3d,
        contiguous_format,
        diag,
        diag_embed,
        diagflat,
        diagonal,
        diagonal_scatter,
        flip,
        fliplr,
        flipud,
        memory_format,
        meshgrid,
        moveaxis,
        movedim,
        narrow,
        preserve_format,
        ravel,
        repeat_interleave,
        roll,
        rot90,
        select_scatter,
        slice_scatter,
        tile,
        tril,
        triu,
        unflatten,
    )
    from ._ops.sorting import (
        argsort,
        kthvalue,
        median,
        mode,
        msort,
        sort,
        topk,
        unique,
        unique_consecutive,
    )
    from ._ops.statistics import (
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
    from ._out import accepts_out as _accepts_out
    from ._out import accepts_strict_out as _accepts_strict_out
    from ._overloads import SIGNATURES as _OVERLOADED
    from ._overloads import overloaded as _overloaded
    from ._promotion import promote_types, result_type
    from ._random import (
        Generator,
        default_generator,
        get_rng_state,
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
        set_rng_state,
    )
    from ._runtime import (
        are_deterministic_algorithms_enabled,
        get_deterministic_debug_mode,
        get_float32_matmul_precision,
        get_num_interop_threads,
        get_num_threads,
        is_deterministic_algorithms_warn_only_enabled,
        is_warn_always_enabled,
        set_deterministic_debug_mode,
        set_float32_matmul_precision,
        set_flush_denormal,
        set_num_interop_threads,
        set_num_threads,
        set_warn_always,
        use_deterministic_algorithms,
    )
    from ._size import Size, broadcast_shapes
    from ._tensor import Tensor, _check_device, device, layout, sparse_coo, strided
    from ._tensor import device as _device_class
    from ._tensor_first import NAMES as _TENSOR_FIRST
    from ._tensor_first import tensor_first as _tensor_first
    from ._tensor_str import set_printoptions
    from ._windows import (
        bartlett_window,
        blackman_window,
        hamming_window,
        hann_window,
        kaiser_window,
    )
    from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled
    from .autograd.grad_mode import (
        enable_grad,
        inference_mode,
        is_grad_enabled,
        is_inference_mode_enabled,
        no_grad,
        set_grad_enabled,
    )
    from .storage import TypedStorage, UntypedStorage

__version__ = "0.1.0"

# PyTorch's numeric constants (Python floats, as math's) and NumPy-style newaxis.
e = math.e
inf = math.inf
nan = math.nan
pi = math.pi
newaxis = None

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


def softmax(input: Tensor, dim: int = _ops.nn.NO_DIM, dtype: Any = None) -> Tensor:
    """softmax(input, dim, dtype=None) -> exp(x) / sum(exp(x)) along ``dim``"""
    return _ops.nn.softmax(input, _ops.nn.required_dim(dim, "softmax", 2), dtype=dtype)


def log_softmax(input: Tensor, dim: int = _ops.nn.NO_DIM, dtype: Any = None) -> Tensor:
    """log_softmax(input, dim, dtype=None) -> log(softmax(x)), computed stably"""
    return _ops.nn.log_softmax(input, _ops.nn.required_dim(dim, "log_softmax", 2), dtype=dtype)


def is_tensor(obj: Any) -> Any:
    """True if ``obj`` is a rungrad Tensor."""
    return isinstance(obj, Tensor)


def is_storage(obj: Any) -> bool:
    """True if ``obj`` is a storage (``tensor.untyped_storage()``, ``tensor.storage()``)."""
    return isinstance(obj, (UntypedStorage, TypedStorage))


def is_floating_point(input: Tensor) -> Any:
    """is_floating_point(input) -> whether ``input``'s dtype is a floating point one."""
    _require_tensor("is_floating_point", input)
    return input.is_floating_point()


def is_complex(input: Tensor) -> bool:
    """is_complex(input) -> whether ``input``'s dtype is a complex one."""
    _require_tensor("is_complex", input)
    return input.is_complex()


def is_signed(input: Tensor) -> bool:
    """is_signed(input) -> whether ``input``'s dtype holds negative numbers."""
    _require_tensor("is_signed", input)
    return input.is_signed()


def is_nonzero(input: Tensor) -> bool:
    """is_nonzero(input) -> whether a one-element tensor is not zero (more or fewer elements
    raise, as ``bool(tensor)`` does)."""
    _require_tensor("is_nonzero", input)
    return input.__bool__()


def is_same_size(input: Tensor, other: Tensor) -> bool:
    """is_same_size(input, other) -> whether the two tensors have one shape."""
    _require_tensor("is_same_size", input)
    return input._data.shape == other._data.shape


def detach(input: Tensor) -> Tensor:
    """detach(input) -> ``input.detach()``: the same data, cut from the graph"""
    _require_tensor("detach", input)
    return input.detach()


def adjoint(input: Tensor) -> Tensor:
    """adjoint(input) -> the conjugate transpose of each matrix in a batch"""
    _require_tensor("adjoint", input)
    return input.adjoint()


_default_device = device("cpu")


def get_default_device() -> device:
    """get_default_device() -> the device factories create tensors on (the CPU)."""
    return _default_device


def set_default_device(device: Any) -> None:
    """set_default_device(device): the device factories create tensors on. rungrad computes on
    the CPU: another device is refused here, as a PyTorch build without it refuses the
    tensors made there. None restores the default."""
    global _default_device
    if device is None:
        _default_device = _device_class("cpu")
        return
    _check_device(device)
    _default_device = _device_class(device)


def is_inference(input: Tensor) -> bool:
    """is_inference(input) -> whether ``input`` is an inference tensor (see inference_mode)."""
    return input.is_inference()


def numel(input: Tensor) -> Any:
    return input.numel()


def typename(obj: Any) -> str:
    """The legacy type name of a tensor (``rungrad.FloatTensor``), else the class's path."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = obj if isinstance(obj, type) else type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", None) else f"{module}.{cls.__qualname__}"


# Submodules that a plain ``import rungrad`` doesn't need are imported on first use
# (PEP 562), which keeps the import fast; ``rungrad.nn`` and ``import rungrad.nn`` both work.
_LAZY_SUBMODULES = {
    "accelerator",
    "amp",
    "profiler",
    "backends",
    "cuda",
    "nn",
    "optim",
    "utils",
    "serialization",
    "testing",
    "func",
    "random",
    "special",
    "fft",
    "viz",
    "datasets",
    "demo",
    "distributions",
    "linalg",
}
_LAZY_FUNCTIONS = {
    "save": "serialization",
    "load": "serialization",
    "vmap": "func",
    "compile": "_compile",
    "stft": "_stft",
    "istft": "_stft",
    "autocast": "amp",
    "is_autocast_enabled": "amp",
    "get_autocast_dtype": "amp",
}
# PyTorch's top-level spellings of nn.functional ops whose signature is the functional one.
_FUNCTIONAL_NAMES = (
    "adaptive_avg_pool1d", "avg_pool1d", "bilinear", "conv1d", "conv2d", "conv3d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "cosine_similarity",
    "hardshrink", "max_pool1d", "max_pool2d", "max_pool3d", "pairwise_distance", "prelu",
    "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "rms_norm",
)  # fmt: skip
_LAZY_FUNCTIONS.update(dict.fromkeys(_FUNCTIONAL_NAMES, "nn.functional"))
# Those whose top-level signature differs (positional flags, weight first, no inplace).
_LAZY_FUNCTIONS.update(
    dict.fromkeys(
        ("dropout", "alpha_dropout", "embedding", "dropout_", "alpha_dropout_", "batch_norm",
         "instance_norm", "layer_norm", "group_norm", "feature_alpha_dropout", "ctc_loss",
         "selu", "selu_", "celu", "celu_", "threshold", "threshold_", "rrelu", "rrelu_"),
        "_aten_spellings",
    )
)  # fmt: skip
# Functions PyTorch removed, which raise its message (see _removed.py).
_LAZY_FUNCTIONS.update(
    dict.fromkeys(("solve", "symeig", "eig", "lstsq", "matrix_rank"), "_removed")
)
# Op families most programs never call (linear-algebra decompositions, special functions),
# with PyTorch's top-level names for them (``module:attribute`` where the two differ).
_LAZY_FUNCTIONS.update(
    {
        "cholesky": "_ops.decompositions:legacy_cholesky",
        "cholesky_inverse": "_ops.cholesky_solve",
        "cholesky_solve": "_ops.cholesky_solve",
        "det": "_ops.decompositions",
        "geqrf": "_ops.householder",
        "i0": "_ops.special_functions:torch_i0",
        "igamma": "_ops.special_functions",
        "igammac": "_ops.special_functions",
        "inverse": "_ops.decompositions:inv",
        "logdet": "_ops.decompositions",
        "lu": "_ops.lu_solve:legacy_lu",
        "lu_solve": "_ops.lu_solve:legacy_lu_solve",
        "lu_unpack": "_ops.lu",
        "matrix_exp": "_ops.decompositions",
        "mvlgamma": "_ops.normal_functions",
        "norm_except_dim": "_ops.weight_norm",
        "pinverse": "_ops.decompositions",
        "qr": "_ops.decompositions:legacy_qr",
        "slogdet": "_ops.decompositions:legacy_slogdet",
        "svd": "_ops.decompositions:legacy_svd",
        "_weight_norm": "_ops.weight_norm:weight_norm",
    }
)

# PyTorch's functions of one result that take ``out=`` (see _out.py).
_OUT_FUNCTIONS = frozenset({
    "abs", "acos", "add", "addcdiv", "addcmul", "addmm", "addmv", "amax", "amin", "argmax",
    "argmin", "asin", "atan", "atan2", "bmm", "cat", "ceil", "cos", "cosh",
    "cross", "cumprod", "cumsum", "div", "divide", "dot", "eq", "erf", "exp", "exp2", "expm1",
    "floor", "floor_divide", "fmod", "gather", "ge", "gt", "hypot", "index_select", "le",
    "lerp", "log", "log10", "log1p", "log2", "logical_and", "logical_not", "logical_or",
    "logical_xor", "logsumexp", "lt", "masked_select", "matmul", "maximum", "mean", "minimum",
    "mm", "mul", "multiply", "mv", "ne", "neg", "outer", "pow", "prod", "reciprocal",
    "remainder", "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "sqrt", "square", "stack",
    "sub", "subtract", "sum", "tan", "tanh", "tril", "triu", "true_divide", "trunc", "where",
    "frac", "sgn", "bitwise_not", "igamma", "igammac",
})  # fmt: skip
# Of those, the ones whose result keeps the input's dtype want ``out`` in that dtype exactly.
_STRICT_OUT_FUNCTIONS = frozenset(
    {"abs", "ceil", "floor", "neg", "round", "sign", "trunc", "frac", "sgn", "bitwise_not"}
)


def _exported(name: str, function: Any) -> Any:
    """``function`` as rungrad exports it under ``name``: inside the checks PyTorch's argument
    parser makes for that name, innermost first. Every public function passes here once,
    at import or, for those imported on first use, then."""
    if not callable(function) or isinstance(function, type):
        return function
    # a number as the tensor argument is refused, as by PyTorch (see _tensor_first.py)
    if name in _TENSOR_FIRST:
        function = _tensor_first(function, name)
    if name in _OUT_FUNCTIONS:
        wrap = _accepts_strict_out if name in _STRICT_OUT_FUNCTIONS else _accepts_out
        function = wrap(function, name)
    # binary ops that take no number for their second operand (see _tensor_arguments.py)
    argument = _tensor_arguments.FUNCTIONS.get(name)
    if argument is not None:
        function = _tensor_arguments.checked_function(function, name, argument)
    # NumPy's names for ``dim`` and ``keepdim`` (``sum(x, axis=0)``), as PyTorch's parser takes
    function = _numpy_names.accepting_if_needed(name, function)
    # functions of several signatures refuse a call none takes, in PyTorch's words (outermost,
    # so that the check comes first; see _overloads.py)
    if name in _OVERLOADED:
        function = _overloaded(function, name)
    return function


# ``rungrad.relu_(x)`` is ``x.relu_()`` (see _method_functions.py).
globals().update(_METHOD_FUNCTIONS)
# PyTorch's unique is Python over _unique2, whose name its refusal carries.
unique = _tensor_first(unique, "_unique2")
for _name in ("clamp", "clip", "clamp_min", "clamp_max"):  # out= checked as PyTorch's kernel
    globals()[_name] = _ops.clamp_with_out(getattr(_ops, _name), _name)
for _name, _value in list(globals().items()):
    if not _name.startswith("_"):
        globals()[_name] = _exported(_name, _value)
del _name, _value
_tensor_arguments.check_methods(Tensor)
_numpy_names.alias_methods(Tensor, globals())


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY_FUNCTIONS:
        module, _, attribute = _LAZY_FUNCTIONS[name].partition(":")
        function = getattr(importlib.import_module(f".{module}", __name__), attribute or name)
        globals()[name] = function = _exported(name, function)  # from now on a plain global
        return function
    raise AttributeError(f"module 'rungrad' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES | set(_LAZY_FUNCTIONS))


_keep_freed_memory()  # NOTE [Allocator] in _malloc.py
