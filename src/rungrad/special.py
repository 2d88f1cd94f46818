"""``rungrad.special``: PyTorch's ``torch.special`` names for the special functions that are
rungrad ops (each is the op itself, so its graph is PyTorch's: ``expit`` records
``SigmoidBackward0``, ``gammaln`` ``LgammaBackward0``, ``i0`` ``I0Backward0``)."""

from __future__ import annotations

from typing import Any

from . import _ops
from ._ops import normal_functions as _normal_ops
from ._ops import polynomials as _polynomials
from ._ops import special_functions as _bessel_ops
from ._ops.nn import log_softmax as _log_softmax
from ._ops.nn import softmax as _softmax
from ._ops.pointwise import (
    digamma,
    erf,
    erfc,
    erfinv,
    exp2,
    expm1,
    lgamma,
    log1p,
    logit,
    sinc,
)
from ._ops.pointwise import polygamma as _polygamma
from ._ops.pointwise import round as _round
from ._ops.pointwise import xlogy as _xlogy
from ._ops.reduction import logsumexp
from ._out import accepts_out as _accepts_out
from ._tensor import Tensor
from ._tensor_arguments import checked_function as _checked

__all__ = [
    "airy_ai",
    "bessel_j0",
    "bessel_j1",
    "bessel_y0",
    "bessel_y1",
    "chebyshev_polynomial_t",
    "chebyshev_polynomial_u",
    "chebyshev_polynomial_v",
    "chebyshev_polynomial_w",
    "digamma",
    "entr",
    "erf",
    "erfc",
    "erfcx",
    "erfinv",
    "exp2",
    "expit",
    "expm1",
    "gammainc",
    "gammaincc",
    "gammaln",
    "hermite_polynomial_h",
    "hermite_polynomial_he",
    "i0",
    "i0e",
    "i1",
    "i1e",
    "laguerre_polynomial_l",
    "legendre_polynomial_p",
    "log1p",
    "log_ndtr",
    "log_softmax",
    "logit",
    "logsumexp",
    "modified_bessel_i0",
    "modified_bessel_i1",
    "modified_bessel_k0",
    "modified_bessel_k1",
    "multigammaln",
    "ndtr",
    "ndtri",
    "polygamma",
    "psi",
    "round",
    "scaled_modified_bessel_k0",
    "scaled_modified_bessel_k1",
    "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w",
    "sinc",
    "softmax",
    "spherical_bessel_j0",
    "xlog1py",
    "xlogy",
    "zeta",
]

expit = _ops.sigmoid
gammainc = _checked(
    _accepts_out(_bessel_ops.igamma, "special_gammainc"), "special_gammainc", "other"
)
gammaincc = _checked(
    _accepts_out(_bessel_ops.igammac, "special_gammaincc"), "special_gammaincc", "other"
)
i0 = _bessel_ops.public(_bessel_ops.i0, "special_i0")
i0e = _bessel_ops.public(_bessel_ops.special_i0e, "special_i0e")
i1 = _bessel_ops.public(_bessel_ops.special_i1, "special_i1")
i1e = _bessel_ops.public(_bessel_ops.special_i1e, "special_i1e")
gammaln = lgamma
ndtr = _bessel_ops.public(_normal_ops.ndtr, "special_ndtr")
ndtri = _bessel_ops.public(_normal_ops.ndtri, "special_ndtri")
log_ndtr = _bessel_ops.public(_normal_ops.log_ndtr, "special_log_ndtr")
erfcx = _bessel_ops.public(_normal_ops.erfcx, "special_erfcx")
entr = _bessel_ops.public(_normal_ops.special_entr, "special_entr")
bessel_j0 = _bessel_ops.public(_normal_ops.bessel_j0, "special_bessel_j0")
bessel_j1 = _bessel_ops.public(_normal_ops.bessel_j1, "special_bessel_j1")


def _no_derivative(name: str, argument: str = "input") -> Any:
    return _bessel_ops.public(getattr(_normal_ops, name), f"special_{name}", argument)


bessel_y0 = _no_derivative("bessel_y0")
bessel_y1 = _no_derivative("bessel_y1")
modified_bessel_i0 = _no_derivative("modified_bessel_i0")
modified_bessel_i1 = _no_derivative("modified_bessel_i1")
modified_bessel_k0 = _no_derivative("modified_bessel_k0")
modified_bessel_k1 = _no_derivative("modified_bessel_k1")
scaled_modified_bessel_k0 = _no_derivative("scaled_modified_bessel_k0", "x")
scaled_modified_bessel_k1 = _no_derivative("scaled_modified_bessel_k1", "x")
spherical_bessel_j0 = _no_derivative("spherical_bessel_j0", "x")
airy_ai = _no_derivative("airy_ai", "x")
xlog1py = _accepts_out(_normal_ops.xlog1py, "special_xlog1py")
multigammaln = _normal_ops.multigammaln
chebyshev_polynomial_t = _polynomials.chebyshev_polynomial_t
chebyshev_polynomial_u = _polynomials.chebyshev_polynomial_u
chebyshev_polynomial_v = _polynomials.chebyshev_polynomial_v
chebyshev_polynomial_w = _polynomials.chebyshev_polynomial_w
shifted_chebyshev_polynomial_t = _polynomials.shifted_chebyshev_polynomial_t
shifted_chebyshev_polynomial_u = _polynomials.shifted_chebyshev_polynomial_u
shifted_chebyshev_polynomial_v = _polynomials.shifted_chebyshev_polynomial_v
shifted_chebyshev_polynomial_w = _polynomials.shifted_chebyshev_polynomial_w
hermite_polynomial_h = _polynomials.hermite_polynomial_h
hermite_polynomial_he = _polynomials.hermite_polynomial_he
laguerre_polynomial_l = _polynomials.laguerre_polynomial_l
legendre_polynomial_p = _polynomials.legendre_polynomial_p
zeta = _accepts_out(_normal_ops.zeta, "special_zeta")
psi = digamma


def _special_name(function: Any, name: str) -> Any:
    """``function`` whose argument errors name it ``special_<name>``, as PyTorch's do."""

    def special(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TypeError as error:
            text = str(error)
            if text.startswith(f"{name}("):
                raise TypeError(f"special_{text}") from None
            raise

    special.__name__ = special.__qualname__ = name
    special.__doc__ = function.__doc__
    return special


xlogy = _special_name(_accepts_out(_xlogy, "special_xlogy"), "xlogy")
polygamma = _special_name(_polygamma, "polygamma")


def round(input: Tensor, *, decimals: int = 0) -> Tensor:
    """round(input, *, decimals=0) -> input rounded half to even (to ``decimals`` places)"""
    return _round(input, decimals=decimals)


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """softmax(input, dim, dtype=None) -> exp(x) / sum(exp(x)) along ``dim`` (PyTorch takes
    this one's dtype positionally, log_softmax's only by keyword)"""
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """log_softmax(input, dim, *, dtype=None) -> log(softmax(x)), computed stably"""
    return _log_softmax(input, dim, dtype=dtype)
