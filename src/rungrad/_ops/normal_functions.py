"""``torch.special``'s functions of the normal distribution and their relatives: ndtri,
log_ndtr, erfcx, entr, xlog1py and the Hurwitz zeta function (arrays in ``_normal``).

Each records PyTorch's node (``SpecialNdtriBackward0``...; xlog1py and zeta have one node per
overload: tensor-tensor, number-tensor, tensor-number, as PyTorch's ``Backward0/1/2``); their
gradients are composed of ops in PyTorch's order, so the graphs of higher derivatives are
PyTorch's too. ndtr has no node of its own in PyTorch: it is ``(1 + erf(x / sqrt 2)) / 2``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import _airy, _bessel, _bessel_j, _bessel_k, _normal, _special
from .._tensor import Tensor
from .pointwise import (
    _masked_fill_scalar,
    _not_implemented_for,
    _type_name,
    add_scalar,
    digamma,
    div_scalar,
    erf,
    exp,
    log,
    mul_scalar,
)
from .registry import FLOAT, primitive

__all__ = [
    "airy_ai",
    "bessel_j0",
    "bessel_j1",
    "bessel_y0",
    "bessel_y1",
    "erfcx",
    "log_ndtr",
    "modified_bessel_i0",
    "modified_bessel_i1",
    "modified_bessel_k0",
    "modified_bessel_k1",
    "multigammaln",
    "mvlgamma",
    "mvlgamma_",
    "ndtr",
    "ndtri",
    "scaled_modified_bessel_k0",
    "scaled_modified_bessel_k1",
    "special_entr",
    "spherical_bessel_j0",
    "xlog1py",
    "zeta",
]

_SQRT_2PI = math.sqrt(2.0 * math.pi)


def float_kernel(kernel: str, half: bool = False) -> Callable[[Callable[..., Any]], Any]:
    """A forward whose PyTorch kernel has loops for float and double only (``half``: and
    half): other dtypes (after promotion) raise its ``NotImplementedError``."""

    def wrap(forward: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(forward)
        def checked(*arrays: Any) -> Any:
            for array in arrays:
                dtype = np.asarray(array).dtype
                if dtype.kind == "c" or (dtype == np.float16 and not half):
                    _not_implemented_for(kernel, array)
            return forward(*arrays)

        return checked

    return wrap


@primitive("SubBackward1", promotion=FLOAT, promote=("self", "other"))
def sub_scalar(self, other):
    """self - other, where ``other`` is a Python number (used by backward formulas)."""
    return np.subtract(self, other)


sub_scalar.defgrad(self=lambda grad: grad)


# -- ndtr, ndtri, log_ndtr, erfcx ------------------------------------------------------------
def ndtr(input: Tensor) -> Tensor:
    """ndtr(input) -> the standard normal distribution function, (1 + erf(x / sqrt 2)) / 2"""
    return mul_scalar(add_scalar(erf(mul_scalar(input, math.sqrt(0.5))), 1), 0.5)


@primitive("SpecialNdtriBackward0", promotion=FLOAT)
@float_kernel("ndtri_cpu")
def ndtri(self):
    """ndtri(input) -> the standard normal quantile function: x with ndtr(x) = input"""
    return _normal.ndtri(self)


@primitive("SpecialLogNdtrBackward0", promotion=FLOAT)
@float_kernel("log_ndtr_cpu")
def log_ndtr(self):
    """log_ndtr(input) -> log(ndtr(input)), accurate in both tails"""
    return _normal.log_ndtr(self)


@primitive("SpecialErfcxBackward0", promotion=FLOAT)
@float_kernel("erfcx_cpu")
def erfcx(self):
    """erfcx(input) -> exp(input ** 2) * erfc(input), the scaled complementary error function"""
    return _normal.erfcx(self)


# d ndtri(p) / dp = sqrt(2 pi) exp(ndtri(p)^2 / 2)
ndtri.defgrad(self=lambda grad, result: mul_scalar(grad, _SQRT_2PI) * exp(div_scalar(result**2, 2)))
# d log_ndtr(x) / dx = phi(x) / ndtr(x) = exp(-(log_ndtr(x) + x^2 / 2)) / sqrt(2 pi)
log_ndtr.defgrad(
    self=lambda grad, self, result: (
        div_scalar(grad, _SQRT_2PI) * exp(-(result + div_scalar(self**2, 2)))
    )
)
# d erfcx(x) / dx = 2 x erfcx(x) - 2 / sqrt(pi)
erfcx.defgrad(
    self=lambda grad, self, result: (
        sub_scalar(mul_scalar(self, 2.0) * result, 2.0 / math.sqrt(math.pi)) * grad
    )
)


# -- entr --------------------------------------------------------------------------------
@primitive("SpecialEntrBackward0", promotion=FLOAT)
@float_kernel("entr_cpu", half=True)
def special_entr(self):
    """entr(input) -> -input * log(input), 0 at 0 and -inf below"""
    # In the input's dtype, as PyTorch's kernel (float16: the logarithm rounded to it first).
    with np.errstate(all="ignore"):
        value = np.where(self > 0, -self * np.log(self), np.where(self == 0, 0, -np.inf))
    return np.where(np.isnan(self), self, value).astype(self.dtype, copy=False)


special_entr.defgrad(self=lambda grad, self: grad * -add_scalar(log(self), 1))


# -- xlog1py and zeta: one node per overload ---------------------------------------------
def _invalid_pair(
    name: str,
    input: Any,
    other: Any,
    names: tuple[str, str] = ("input", "other"),
    given: tuple[Any, ...] | None = None,
) -> None:
    """The parser's refusal of a (tensor, tensor), (number, tensor), (tensor, number) op's
    call: of ``input`` and ``other``, or of the positional arguments ``given``."""
    first, second = names
    number = "self" if first == "input" else first
    described = ", ".join(
        _type_name(value) for value in ((input, other) if given is None else given)
    )
    raise TypeError(
        f"{name}() received an invalid combination of arguments - got "
        f"({described}), but expected one of:\n"
        f" * (Tensor {first}, Tensor {second}, *, Tensor out = None)\n"
        f" * (Number {number}, Tensor {second}, *, Tensor out = None)\n"
        f" * (Tensor {first}, Number {second}, *, Tensor out = None)\n"
    )


def _xlog1py_forward(self, other):
    # 0 where self == 0, even where log1p(other) is -inf or nan, unless other is nan.
    # A number is taken in the tensor's dtype first, as in PyTorch.
    dtype = np.result_type(self, other)
    if dtype.kind == "c":
        _not_implemented_for("xlog1py_cpu", np.empty(0, dtype))
    self = np.asarray(self, dtype=dtype)
    other = np.asarray(other, dtype=dtype)
    with np.errstate(all="ignore"):
        product = np.multiply(self, np.log1p(other))
    return np.where((self == 0) & ~np.isnan(other), 0, product).astype(dtype, copy=False)


def _xlog1py_self_grad(grad: Tensor, self: Tensor, other: Any) -> Tensor:
    # d/dself = log1p(other); where self == 0 and other <= -1 it is taken as 0, like the value.
    return _masked_fill_scalar(_xlog1py_tensor(grad, other), (self == 0) & (other <= -1), 0)


_xlog1py_tensor = primitive("SpecialXlog1PyBackward0", promotion=FLOAT)(_xlog1py_forward)
_xlog1py_tensor.defgrad(
    self=_xlog1py_self_grad, other=lambda grad, self, other: grad * self / add_scalar(other, 1)
)
_xlog1py_scalar_self = primitive("SpecialXlog1PyBackward1", promotion=FLOAT)(_xlog1py_forward)
_xlog1py_scalar_self.defgrad(
    other=lambda grad, self, other: mul_scalar(grad, self) / add_scalar(other, 1)
)
_xlog1py_scalar_other = primitive("SpecialXlog1PyBackward2", promotion=FLOAT)(_xlog1py_forward)
_xlog1py_scalar_other.defgrad(self=lambda grad, other: _xlog1py_scalar_other(grad, other))


def xlog1py(input: Any, other: Any) -> Tensor:
    """xlog1py(input, other) -> input * log1p(other), and 0 where input is 0"""
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return _xlog1py_tensor(input, other)
        return _xlog1py_scalar_other(input, other)
    if not isinstance(other, Tensor):
        _invalid_pair("special_xlog1py", input, other)
    return _xlog1py_scalar_self(input, other)


@float_kernel("zeta_cpu")
def _zeta_forward(self, other):
    dtype = np.result_type(self, other)
    return _normal.zeta(np.asarray(self, dtype=dtype), np.asarray(other, dtype=dtype))


def _zeta_self_grad(grad: Tensor) -> Tensor:
    raise NotImplementedError("the derivative for 'zeta' is not implemented.")


def _zeta_other_grad(grad: Tensor, self: Any, other: Tensor) -> Tensor:
    # d zeta(x, q) / dq = -x zeta(x + 1, q)
    if isinstance(self, Tensor):
        return grad * -self * _zeta_tensor(add_scalar(self, 1.0), other)
    return mul_scalar(grad, -self) * _zeta_scalar_self(self + 1.0, other)


_zeta_tensor = primitive("SpecialZetaBackward0", promotion=FLOAT)(_zeta_forward)
_zeta_tensor.defgrad(self=_zeta_self_grad, other=_zeta_other_grad)
_zeta_scalar_self = primitive("SpecialZetaBackward1", promotion=FLOAT)(_zeta_forward)
_zeta_scalar_self.defgrad(other=_zeta_other_grad)
_zeta_scalar_other = primitive("SpecialZetaBackward2", promotion=FLOAT)(_zeta_forward)
_zeta_scalar_other.defgrad(self=_zeta_self_grad)


def zeta(input: Any, other: Any) -> Tensor:
    """zeta(input, other) -> the Hurwitz zeta function, sum over k >= 0 of (other + k) ** -input"""
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return _zeta_tensor(input, other)
        return _zeta_scalar_other(input, other)
    if not isinstance(other, Tensor):
        _invalid_pair("special_zeta", input, other)
    return _zeta_scalar_self(input, other)


# -- the Bessel functions of the first kind: no derivative in PyTorch (no node) ------------
@primitive("SpecialBesselJ0Backward0", promotion=FLOAT)
@float_kernel("bessel_j0_cpu")
def bessel_j0(self):
    """bessel_j0(input) -> the Bessel function of the first kind of order 0"""
    return _bessel_j.j0(self)


@primitive("SpecialBesselJ1Backward0", promotion=FLOAT)
@float_kernel("bessel_j1_cpu")
def bessel_j1(self):
    """bessel_j1(input) -> the Bessel function of the first kind of order 1"""
    return _bessel_j.j1(self)


# -- more Bessel functions, none differentiable in PyTorch -----------------------------------
def _spherical_j0(x: np.ndarray) -> np.ndarray:
    # sin(x) / x; below |x| = 1/2 its Taylor series (no rounding of sin near x)
    with np.errstate(all="ignore"):
        quotient = np.sin(x) / x
    square = x * x
    series = np.ones_like(x)
    for k in range(8, 0, -1):  # 1 - x^2/3! (1 - x^2/(4*5) (1 - ...))
        series = 1 - square / ((2 * k) * (2 * k + 1)) * series
    return np.where(np.abs(x) < 0.5, series, np.where(np.isinf(x), 0.0, quotient)).astype(x.dtype)


def _no_derivative_op(name: str, node: str, function: Callable[[Any], Any], doc: str) -> Any:
    op = primitive(node, promotion=FLOAT)(float_kernel(f"{name}_cpu")(lambda self: function(self)))
    op.__doc__ = doc
    op.__name__ = op.name = name
    return op


modified_bessel_i0 = _no_derivative_op(
    "modified_bessel_i0",
    "SpecialModifiedBesselI0Backward0",
    lambda x: _bessel.i0(x),
    "modified_bessel_i0(input) -> the modified Bessel function of the first kind of order 0",
)
modified_bessel_i1 = _no_derivative_op(
    "modified_bessel_i1",
    "SpecialModifiedBesselI1Backward0",
    lambda x: _bessel.i1(x),
    "modified_bessel_i1(input) -> the modified Bessel function of the first kind of order 1",
)
modified_bessel_k0 = _no_derivative_op(
    "modified_bessel_k0",
    "SpecialModifiedBesselK0Backward0",
    lambda x: _bessel_k.k0(x),
    "modified_bessel_k0(input) -> the modified Bessel function of the second kind of order 0",
)
modified_bessel_k1 = _no_derivative_op(
    "modified_bessel_k1",
    "SpecialModifiedBesselK1Backward0",
    lambda x: _bessel_k.k1(x),
    "modified_bessel_k1(input) -> the modified Bessel function of the second kind of order 1",
)
scaled_modified_bessel_k0 = _no_derivative_op(
    "scaled_modified_bessel_k0",
    "SpecialScaledModifiedBesselK0Backward0",
    lambda x: _bessel_k.k0e(x),
    "scaled_modified_bessel_k0(input) -> exp(input) * modified_bessel_k0(input)",
)
scaled_modified_bessel_k1 = _no_derivative_op(
    "scaled_modified_bessel_k1",
    "SpecialScaledModifiedBesselK1Backward0",
    lambda x: _bessel_k.k1e(x),
    "scaled_modified_bessel_k1(input) -> exp(input) * modified_bessel_k1(input)",
)
spherical_bessel_j0 = _no_derivative_op(
    "spherical_bessel_j0",
    "SpecialSphericalBesselJ0Backward0",
    _spherical_j0,
    "spherical_bessel_j0(input) -> sin(input) / input, the spherical Bessel function j0",
)

airy_ai = _no_derivative_op(
    "airy_ai",
    "SpecialAiryAiBackward0",
    _airy.airy_ai,
    "airy_ai(input) -> the Airy function Ai, a solution of y'' = x y",
)


# -- multigammaln (mvlgamma) -----------------------------------------------------------------
def _mvlgamma_offsets(p: int, dtype: np.dtype) -> np.ndarray:
    """-(p - 1) / 2, ..., -1/2, 0: the shifts of the lgamma terms, in PyTorch's order."""
    return np.arange(-p / 2 + 0.5, 0.5, 0.5).astype(dtype)


@primitive("MvlgammaBackward0", promotion=FLOAT)
def _mvlgamma(self, p):
    if self.dtype.kind == "c":
        _not_implemented_for("arange_cpu", self)
    # In the input's dtype step by step, as PyTorch: float16 terms are rounded to it, summed
    # in float32 (as PyTorch's reductions accumulate half) and rounded once more.
    shifted = self[..., None] + _mvlgamma_offsets(p, self.dtype)
    terms = _special.lgamma(shifted).astype(self.dtype)
    wide = np.float32 if self.dtype == np.float16 else self.dtype
    total = terms[..., 0].astype(wide)
    for j in range(1, p):
        total += terms[..., j]
    return total.astype(self.dtype) + self.dtype.type(p * (p - 1) * math.log(math.pi) / 4)


def _mvlgamma_grad(grad: Tensor, self: Tensor, p: int) -> Tensor:
    from .._creation import tensor
    from .reduction import sum
    from .shape import unsqueeze

    offsets = tensor(_mvlgamma_offsets(p, self._data.dtype))
    return grad * sum(digamma(unsqueeze(self, -1) + offsets), -1)


_mvlgamma.defgrad(self=_mvlgamma_grad)


def _check_p(name: str, p: Any, position: int = 2) -> None:
    if not isinstance(p, int) or isinstance(p, bool):
        raise TypeError(
            f"{name}(): argument 'p' (position {position}) must be int, not {type(p).__name__}"
        )
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")


def multigammaln(
    input: Tensor,
    p: int,
    *,
    out: Any = None,
    _name: str = "special_multigammaln",
    _position: int = 2,
) -> Tensor:
    """multigammaln(input, p) -> the multivariate log-gamma function of dimension p:
    p (p - 1) / 4 log(pi) + the sum over j < p of lgamma(input - j / 2)"""
    from .._out import write_out

    if not isinstance(input, Tensor):
        raise TypeError(
            f"{_name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
        )
    _check_p(_name, p, _position)
    if input._data.dtype == np.bool_:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    result = _mvlgamma(input, p)
    return result if out is None else write_out(_name, result, out)


def mvlgamma(input: Tensor, p: int, *, out: Any = None, _position: int = 2) -> Tensor:
    """mvlgamma(input, p) -> the multivariate log-gamma function (special.multigammaln)"""
    return multigammaln(input, p, out=out, _name="mvlgamma", _position=_position)


def mvlgamma_(input: Tensor, p: int) -> Tensor:
    """Tensor.mvlgamma_(p) -> input, holding mvlgamma(input, p)"""
    from .inplace import inplace

    _check_p("mvlgamma_", p, 1)
    if input._data.dtype == np.bool_:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if input._data.dtype.kind not in "fcV":
        # (PyTorch's words, dtypes swapped as it prints them)
        raise RuntimeError(
            f"mvlgamma: result type {_dtype_name(input)} can't be cast to the desired output "
            "type Float"
        )
    return inplace(_mvlgamma, input, p)


def _dtype_name(input: Tensor) -> str:
    from .. import _dtype

    return _dtype.from_numpy_dtype(input._data.dtype).legacy_name


bessel_y0 = _no_derivative_op(
    "bessel_y0",
    "SpecialBesselY0Backward0",
    lambda x: _bessel_j.y0(x),
    "bessel_y0(input) -> the Bessel function of the second kind of order 0",
)
bessel_y1 = _no_derivative_op(
    "bessel_y1",
    "SpecialBesselY1Backward0",
    lambda x: _bessel_j.y1(x),
    "bessel_y1(input) -> the Bessel function of the second kind of order 1",
)
