"""Random numbers as ops: the in-place fills (``uniform_``, ``normal_``, ``bernoulli_``,
``random_``, ``exponential_``, ``geometric_``, ``log_normal_``, ``cauchy_``) and the samplers
``bernoulli``, ``multinomial`` and ``poisson``.

Each fill is a primitive whose forward draws fresh values of the input's shape and dtype; the
method writes them in place through ``inplace``, so a fill on a tensor with history records
its node (``UniformBackward0``...) and a fill on a leaf that requires grad is refused, as in
PyTorch. The values drawn do not depend on the input: every gradient is zero. The numbers
are PyTorch's: each is drawn from the generator's Twister as PyTorch's CPU kernels draw it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _dtype, _special
from .._random import _filled, _gen
from .._tensor import Tensor
from .inplace import inplace
from .pointwise import _no_derivative, _zeros
from .registry import primitive

__all__ = [
    "_dirichlet_grad",
    "_sample_dirichlet",
    "_standard_gamma",
    "_standard_gamma_grad",
    "bernoulli",
    "binomial",
    "multinomial",
    "poisson",
]


def _g(number: float) -> str:
    """A number in a message as PyTorch prints a double there: 2, 0.5, -1."""
    return f"{float(number):g}"


def _legacy(array: np.ndarray) -> str:
    return _dtype.from_numpy_dtype(array.dtype).legacy_name


def _floating_only(kernel: str, array: np.ndarray) -> None:
    if array.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_legacy(array)}'")


def _continuous_only(distribution: str, array: np.ndarray, spelling: str) -> None:
    if array.dtype.kind != "f":
        raise RuntimeError(
            f"{distribution} distribution is a continuous probability distribution. dtype must "
            f"be a floating point but you specified {spelling}"
        )


# -- the fills ---------------------------------------------------------------------------------
@primitive("UniformBackward0")
def _uniform(self, low, high, generator):
    _floating_only("check_uniform_bounds", self)
    if low > high:
        raise RuntimeError(
            "uniform_ expects to return a [from, to) range, but found "
            f"from={_g(low)} > to={_g(high)}"
        )
    gen = _gen(generator)
    return _in_memory_order(
        self, _filled(self.shape, self.dtype, lambda n, d: gen._uniform(n, d, low, high))
    )


@primitive("NormalBackward0")
def _normal(self, mean, std, generator):
    _floating_only("normal_kernel_cpu", self)
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_g(std)}")
    gen = _gen(generator)
    if not self.flags.c_contiguous and self.dtype.kind == "f":
        # not contiguous: PyTorch draws one normal at a time (pairs of float64 uniforms)
        values = gen._normal_pairs(self.size, mean, std).astype(self.dtype)
        return _in_memory_order(self, values.reshape(self.shape))
    return _filled(self.shape, self.dtype, lambda n, d: gen._normal(n, d, mean, std))


def _in_memory_order(target: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` (drawn in order) laid out as a fill of ``target`` draws them: in the order
    of ``target``'s memory (a transposed tensor is filled as its storage is), as PyTorch's
    fills go."""
    if target.flags.c_contiguous or target.ndim < 2:
        return values
    placed = np.empty_like(target)  # the same order of strides, without gaps
    placed.ravel(order="K")[...] = values.ravel()
    return placed


def _bernoulli_values(self: np.ndarray, p: Any, generator: Any) -> np.ndarray:
    return _gen(generator)._bernoulli(self.shape, p, self.dtype).astype(self.dtype)


@primitive("BernoulliBackward2")
def _bernoulli_scalar(self, p, generator):
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_g(p)}")
    return _bernoulli_values(self, p, generator)


@primitive("BernoulliBackward1")
def _bernoulli_tensor(self, p, generator):
    if not np.all((p >= 0) & (p <= 1)):
        raise RuntimeError("bernoulli_ expects p to be in [0, 1]")
    return _bernoulli_values(self, np.broadcast_to(p, self.shape), generator)


def _random_range(array: np.ndarray) -> tuple[int, int]:
    """``random_()``'s default range: every integer the dtype holds exactly, from 0."""
    if array.dtype == np.bool_:
        return 0, 2
    if array.dtype.kind == "f":
        return 0, 2 ** (np.finfo(array.dtype).nmant + 1) + 1
    return 0, int(np.iinfo(array.dtype).max)


def _random_integers(self: np.ndarray, low: int, high: int, generator: Any) -> np.ndarray:
    if low >= high:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    if self.dtype == np.bool_ and high > 2:
        raise RuntimeError("to - 1 is out of bounds for bool")
    values = _gen(generator)._integers(self.size, low, high)
    return values.reshape(self.shape).astype(self.dtype)


@primitive("RandomBackward2")
def _random_default(self, generator):
    return _gen(generator)._random(self.size, self.dtype).reshape(self.shape)


@primitive("RandomBackward1")
def _random_to(self, high, generator):
    return _random_integers(self, 0, high, generator)


@primitive("RandomBackward0")
def _random_from_to(self, low, high, generator):
    return _random_integers(self, low, high if high is not None else _random_range(self)[1],
                            generator)  # fmt: skip


@primitive("ExponentialBackward0")
def _exponential(self, lambd, generator):
    _continuous_only("Exponential", self, _legacy(self))
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_g(lambd)}")
    return _gen(generator)._exponential(self.size, self.dtype, lambd).reshape(self.shape)


@primitive("GeometricBackward0")
def _geometric(self, p, generator):
    if self.dtype == np.bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_g(p)}")
    unit = _gen(generator)._unit(self.size, np.dtype(np.float64))
    return np.ceil(np.log(unit) / np.log1p(-p)).reshape(self.shape).astype(self.dtype)


@primitive("LogNormalBackward0")
def _log_normal(self, mean, std, generator):
    _floating_only("log_normal_cpu", self)
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_g(std)}")
    normals = _gen(generator)._normal_pairs(self.size, mean, std)
    return np.exp(normals).reshape(self.shape).astype(self.dtype)


@primitive("CauchyBackward0")
def _cauchy(self, median, sigma, generator):
    from .._tensor_names import c_type_name

    _continuous_only("Cauchy", self, c_type_name(self.dtype))
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_g(sigma)}")
    unit = _gen(generator)._unit(self.size, np.dtype(np.float64))
    values = median + sigma * np.tan(np.pi * (unit - 0.5))
    return values.reshape(self.shape).astype(self.dtype)


for _fill in (_uniform, _normal, _bernoulli_scalar, _random_default, _random_to,
              _random_from_to, _exponential, _geometric, _log_normal, _cauchy):  # fmt: skip
    _fill.defgrad(self=_zeros)
_bernoulli_tensor.defgrad(self=_zeros, p=_zeros)


# -- the methods -------------------------------------------------------------------------------
def uniform_(self: Tensor, from_: float = 0.0, to: float = 1.0, *, generator: Any = None,
             **kwargs: Any) -> Tensor:  # fmt: skip
    """uniform_(from=0, to=1, *, generator=None) -> fill with samples of U(from, to)"""
    return inplace(_uniform, self, kwargs.get("from", from_), to, generator)


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
    """normal_(mean=0, std=1, *, generator=None) -> fill with samples of N(mean, std^2)"""
    return inplace(_normal, self, mean, std, generator)


def bernoulli_(self: Tensor, p: Any = 0.5, *, generator: Any = None) -> Tensor:
    """bernoulli_(p=0.5, *, generator=None) -> fill with 1 (probability p) or 0"""
    if isinstance(p, Tensor):
        return inplace(_bernoulli_tensor, self, p, generator)
    return inplace(_bernoulli_scalar, self, p, generator)


def random_(self: Tensor, from_: Any = None, to: Any = None, *, generator: Any = None,
            **kwargs: Any) -> Tensor:  # fmt: skip
    """random_(from=0, to=None, *, generator=None) -> fill with integers in [from, to)"""
    from_ = kwargs.get("from", from_)
    if from_ is None and to is None:
        return inplace(_random_default, self, generator)
    if to is None:  # random_(to)
        return inplace(_random_to, self, from_, generator)
    return inplace(_random_from_to, self, from_, to, generator)


def exponential_(self: Tensor, lambd: float = 1.0, *, generator: Any = None) -> Tensor:
    """exponential_(lambd=1, *, generator=None) -> fill with samples of Exp(lambd)"""
    return inplace(_exponential, self, lambd, generator)


def geometric_(self: Tensor, p: float, *, generator: Any = None) -> Tensor:
    """geometric_(p, *, generator=None) -> fill with the number of trials to a success"""
    return inplace(_geometric, self, p, generator)


def log_normal_(self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator: Any = None
                ) -> Tensor:  # fmt: skip
    """log_normal_(mean=1, std=2, *, generator=None) -> fill with exp of N(mean, std^2)"""
    return inplace(_log_normal, self, mean, std, generator)


def cauchy_(self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator: Any = None
            ) -> Tensor:  # fmt: skip
    """cauchy_(median=0, sigma=1, *, generator=None) -> fill with Cauchy samples"""
    return inplace(_cauchy, self, median, sigma, generator)


# -- the samplers ------------------------------------------------------------------------------
@primitive("BernoulliBackward0")
def _bernoulli(self, generator):
    if not np.all((self >= 0) & (self <= 1)):
        raise RuntimeError(
            "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
            "message be improved?  If so, please report an enhancement request to PyTorch.)"
        )
    return _bernoulli_values(self, self, generator)


_bernoulli.defgrad(self=_zeros)


def bernoulli(input: Tensor, p: Any = None, *, generator: Any = None, out: Any = None) -> Tensor:
    """bernoulli(input, *, generator=None) -> 1 with probability ``input``, else 0"""
    if p is not None:  # bernoulli(input, p): input's shape and dtype, probability p
        from .._creation import empty_like

        with_p = empty_like(input)
        return bernoulli_(with_p, p, generator=generator)
    return _bernoulli(input, generator)


def _check_probabilities(weights: np.ndarray, replacement: bool) -> None:
    """PyTorch's two samplers word a bad weight differently: drawing with replacement names
    the problem (a negative entry first), without it one message covers all."""
    if replacement:
        if np.any(weights < 0):
            raise RuntimeError(
                "invalid multinomial distribution (encountering probability entry < 0)"
            )
        if not np.all(np.isfinite(weights)):
            raise RuntimeError(
                "invalid multinomial distribution (encountering probability entry = infinity "
                "or NaN)"
            )
    elif not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator: Any = None, out: Any = None) -> Tensor:  # fmt: skip
    """multinomial(input, num_samples, replacement=False) -> indices drawn with the
    probabilities of ``input``'s last dimension (rows need not sum to 1)"""
    weights = input._data.astype(np.float64)
    if weights.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    rows = weights.reshape(-1, weights.shape[-1])
    if not replacement and num_samples > rows.shape[1]:  # checked before the values
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    _check_probabilities(weights, replacement)
    totals = rows.sum(axis=1, keepdims=True)
    if np.any(totals == 0):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    gen = _gen(generator)
    if not replacement or num_samples == 1:
        # each category's weight over an Exp(1) sample: the largest ones are a draw
        # without replacement (the Gumbel-max trick)
        own = input._data.reshape(rows.shape)
        keys = own / gen._exponential(own.size, own.dtype, 1.0).reshape(own.shape)
        drawn = np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    else:
        # a float64 uniform per sample, found in the normalised cumulative weights
        cumulative = np.cumsum(rows, axis=1) / totals
        drawn = np.stack(
            [np.searchsorted(row, gen._unit(num_samples, np.dtype(np.float64)), side="left")
             for row in cumulative]
        )  # fmt: skip
    result = drawn.reshape(*weights.shape[:-1], num_samples).astype(np.int64)
    return Tensor._from_array(result)


@primitive("PoissonBackward0")
def _poisson(self, generator):
    if np.any(self < 0):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    return _gen(generator)._poisson(self).astype(self.dtype)


_poisson.defgrad(self=_zeros)


def poisson(input: Tensor, generator: Any = None) -> Tensor:
    """poisson(input, generator=None) -> samples of Poisson(rate = input)"""
    return _poisson(input, generator)


@primitive("StandardGammaBackward0")
def _standard_gamma_op(self, generator):
    _floating_only("gamma_cpu", self)
    return _gen(generator)._gamma(self)


@primitive("StandardGammaGradBackward0")
def _standard_gamma_grad(self, output):
    _floating_only("_standard_gamma_grad_cpu", self)
    return _special.standard_gamma_grad(self, output)


def _no_gamma_grad_derivative(grad: Tensor) -> Tensor:
    raise NotImplementedError("the derivative for '_standard_gamma_grad' is not implemented.")


_standard_gamma_grad.defgrad(self=_no_gamma_grad_derivative, output=_no_gamma_grad_derivative)


_standard_gamma_op.defgrad(
    self=lambda grad, self, result: grad * _standard_gamma_grad(self, result)
)


def _standard_gamma(input: Tensor, generator: Any = None) -> Tensor:
    """_standard_gamma(input, generator=None) -> samples of Gamma(concentration=input, rate=1)

    Differentiable: the gradient is the implicit reparameterization ``-dF/dalpha / f``.
    """
    return _standard_gamma_op(input, generator)


def _binomial_forward(count, prob, generator):
    if count.dtype.kind != "f":
        raise ValueError(
            f"binomial only supports floating-point dtypes for count, got: "
            f"{_dtype.from_numpy_dtype(count.dtype).legacy_name.replace('Tensor', '')}"
        )
    if prob.dtype != count.dtype:
        raise RuntimeError(
            f"Found dtype {_legacy(prob).replace('Tensor', '')} but expected "
            f"{_legacy(count).replace('Tensor', '')}"
        )
    count, prob = np.broadcast_arrays(count, prob)
    shape = count.shape  # a 0-d pair draws one number, returned 0-d
    drawn = _gen(generator)._binomial(
        np.ascontiguousarray(count).reshape(-1), np.ascontiguousarray(prob).reshape(-1)
    )
    return drawn.reshape(shape)


# PyTorch records ``binomial`` with a ``NotImplemented`` node (no derivative)
_binomial_op = _no_derivative("binomial", _binomial_forward)


def binomial(count: Tensor, prob: Tensor, generator: Any = None) -> Tensor:
    """binomial(count, prob, generator=None) -> samples of Binomial(count, prob)"""
    return _binomial_op(count, prob, generator)


def _dirichlet_forward(self, generator):
    _floating_only("dirichlet", self)
    return _gen(generator)._dirichlet(self)


# PyTorch records ``_sample_dirichlet`` with a ``NotImplemented`` node; the Dirichlet
# distribution differentiates its samples through its own autograd Function instead.
_sample_dirichlet_op = _no_derivative("_sample_dirichlet", _dirichlet_forward, only=("self",))


def _sample_dirichlet(input: Tensor, generator: Any = None) -> Tensor:
    """_sample_dirichlet(input, generator=None) -> samples of Dirichlet(input) (last dim)"""
    return _sample_dirichlet_op(input, generator)


def _dirichlet_grad_forward(x, alpha, total):
    _floating_only("_dirichlet_grad_cpu", x)
    return _special.dirichlet_grad(x, alpha, total)


# PyTorch records ``_dirichlet_grad`` with a ``NotImplemented`` node over its three inputs.
_dirichlet_grad = _no_derivative(
    "_dirichlet_grad", _dirichlet_grad_forward, only=("x", "alpha", "total")
)


METHODS = {
    "uniform_": uniform_,
    "normal_": normal_,
    "bernoulli_": bernoulli_,
    "random_": random_,
    "exponential_": exponential_,
    "geometric_": geometric_,
    "log_normal_": log_normal_,
    "cauchy_": cauchy_,
}
