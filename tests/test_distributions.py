"""``rungrad.distributions`` against ``torch.distributions``: values, gradients, seeded
samples, shapes, reprs, validation errors and KL divergences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


@pytest.fixture(autouse=True)
def _torch_validates_arguments() -> Any:
    """PyTorch's oracle with its default argument validation. Importing ``torch._dynamo``
    (what ``torch.compile`` does, in other tests) switches it off for the whole process."""
    validating = torch.distributions.Distribution._validate_args
    torch.distributions.Distribution.set_default_validate_args(True)
    yield
    torch.distributions.Distribution.set_default_validate_args(validating)


def _array(value: Any) -> Any:
    if isinstance(value, torch.Tensor | rungrad.Tensor):
        return np.asarray(value.detach().numpy())
    return value


def _compare(expected: Any, actual: Any, exact: bool) -> None:
    if isinstance(expected, list | tuple):
        assert len(expected) == len(actual)
        for want, got in zip(expected, actual, strict=True):
            _compare(want, got, exact)
        return
    want, got = _array(expected), _array(actual)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
        assert got.shape == want.shape, (got.shape, want.shape)
        if exact:
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-6)
    elif isinstance(want, str):
        assert got == want.replace("torch.Size", "rungrad.Size")
    else:
        assert got == want


def _same(scenario: Callable[[Any], Any], exact: bool = False, seed: int = 0) -> None:
    """``scenario(module)`` gives the same results with ``torch`` and ``rungrad``."""
    results = []
    for module in (torch, rungrad):
        module.manual_seed(seed)
        results.append(scenario(module))
    _compare(results[0], results[1], exact)


def _t(m: Any, values: Any, **kwargs: Any) -> Any:
    return m.tensor(values, **kwargs)


# ----------------------------------------------------------------------------------------
# values of log_prob, entropy, moments, cdf / icdf


def _normal(m: Any) -> Any:
    return m.distributions.Normal(_t(m, [0.0, 1.0, -2.0]), _t(m, [1.0, 2.0, 0.5]))


def _laplace(m: Any) -> Any:
    return m.distributions.Laplace(_t(m, [0.0, 1.0]), _t(m, [1.0, 0.5]))


def _uniform(m: Any) -> Any:
    return m.distributions.Uniform(_t(m, [0.0, 1.0]), _t(m, [2.0, 5.0]))


def _exponential(m: Any) -> Any:
    return m.distributions.Exponential(_t(m, [0.5, 2.0]))


def _poisson(m: Any) -> Any:
    return m.distributions.Poisson(_t(m, [0.5, 4.0, 30.0]))


def _bernoulli(m: Any) -> Any:
    return m.distributions.Bernoulli(_t(m, [0.2, 0.5, 0.9]))


def _bernoulli_logits(m: Any) -> Any:
    return m.distributions.Bernoulli(logits=_t(m, [0.3, -1.0, 4.0]))


def _categorical(m: Any) -> Any:
    return m.distributions.Categorical(_t(m, [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]))


def _categorical_logits(m: Any) -> Any:
    return m.distributions.Categorical(logits=_t(m, [[0.1, 2.0, -1.0], [0.0, 0.0, 3.0]]))


def _one_hot(m: Any) -> Any:
    return m.distributions.OneHotCategorical(_t(m, [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]))


_COV = [[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 1.5]]


def _mvn_cov(m: Any) -> Any:
    return m.distributions.MultivariateNormal(_t(m, [0.0, 1.0, -1.0]), _t(m, _COV))


def _mvn_tril(m: Any) -> Any:
    scale_tril = m.linalg.cholesky(_t(m, _COV))
    return m.distributions.MultivariateNormal(m.zeros(2, 3), scale_tril=scale_tril)


def _mvn_precision(m: Any) -> Any:
    return m.distributions.MultivariateNormal(_t(m, [0.5, 0.0, 0.0]), precision_matrix=_t(m, _COV))


def _independent(m: Any) -> Any:
    base = m.distributions.Normal(_t(m, [[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]]), _t(m, 1.5))
    return m.distributions.Independent(base, 1)


def _gamma(m: Any) -> Any:
    return m.distributions.Gamma(_t(m, [0.5, 2.0, 9.0]), _t(m, [1.0, 0.5, 3.0]))


def _chi2(m: Any) -> Any:
    return m.distributions.Chi2(_t(m, [1.0, 3.0]))


DISTRIBUTIONS: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
    "gamma": (_gamma, [[0.3, 1.0, 4.0]]),
    "gamma_at_zero": (
        lambda m: m.distributions.Gamma(_t(m, [2.0, 1.0, 0.5]), 1.0),
        [[0.0, 0.0, 0.0]],
    ),
    "chi2": (_chi2, [[0.5, 2.0]]),
    "normal": (_normal, [[0.5, 0.3, -1.0]]),
    "laplace": (_laplace, [[1.0, 0.3]]),
    "uniform": (_uniform, [[1.0, 2.0]]),
    "exponential": (_exponential, [[1.0, 0.3]]),
    "poisson": (_poisson, [[1.0, 3.0, 25.0]]),
    "bernoulli": (_bernoulli, [[1.0, 0.0, 1.0]]),
    "bernoulli_logits": (_bernoulli_logits, [[0.0, 0.0, 1.0]]),
    "categorical": (_categorical, [[2, 0]]),
    "categorical_logits": (_categorical_logits, [[1, 2]]),
    "one_hot": (_one_hot, [[[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]]),
    "mvn_cov": (_mvn_cov, [[0.5, 0.5, 0.0]]),
    "mvn_tril": (_mvn_tril, [[[0.5, 0.5, 0.0], [1.0, -1.0, 2.0]]]),
    "mvn_precision": (_mvn_precision, [[0.5, 0.5, 0.0]]),
    "independent": (_independent, [[0.5, 1.5, 2.0]]),
}


def _try(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except NotImplementedError:
        return "NotImplementedError"


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_values_match_torch(name: str) -> None:
    make, values = DISTRIBUTIONS[name]

    def scenario(m: Any) -> Any:
        d = make(m)
        value = _t(m, values[0])
        if name.startswith("categorical"):
            value = value.long()
        out = [
            tuple(d.batch_shape),
            tuple(d.event_shape),
            d.has_rsample,
            d.has_enumerate_support,
            d.log_prob(value),
            _try(d.entropy),
            _try(lambda: d.mean),
            _try(lambda: d.mode),
            _try(lambda: d.variance),
            _try(lambda: d.stddev),
            repr(d.support),
        ]
        if name in ("normal", "laplace", "uniform", "exponential"):
            out += [d.cdf(value), d.icdf(_t(m, [0.1, 0.5, 0.9][: len(values[0])]))]
        if d.has_enumerate_support:
            out += [d.enumerate_support(), d.enumerate_support(expand=False)]
        return out

    _same(scenario)


def test_scalar_parameters_and_broadcasting() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        n = D.Normal(0.0, 1.0)
        wide = D.Normal(m.zeros(2), m.ones(3, 1))
        return [
            tuple(n.batch_shape),
            n.log_prob(_t(m, [0.5, -1.0])),
            n.entropy(),
            n.perplexity(),
            tuple(wide.batch_shape),
            wide.log_prob(_t(m, 0.3)),
            tuple(wide.sample((4,)).shape),
            tuple(n.rsample((2, 3)).shape),
            D.Normal(m.zeros(2, dtype=m.float64), 1.0).loc.dtype == m.float64,
            tuple(D.Bernoulli(0.3).expand((2, 3)).sample().shape),
            tuple(D.Categorical(m.ones(4, 3)).sample((5, 2)).shape),
            tuple(D.Categorical(m.ones(3)).expand((2,)).batch_shape),
            tuple(_mvn_cov(m).expand((4,)).rsample((2,)).shape),
            tuple(_independent(m).expand((5, 2)).batch_shape),
            tuple(_one_hot(m).sample((3,)).shape),
        ]

    _same(scenario)


# ----------------------------------------------------------------------------------------
# seeded samples: bit for bit


SAMPLERS: dict[str, Callable[[Any], Any]] = {
    "normal_sample": lambda m: _normal(m).sample((5,)),
    "normal_rsample": lambda m: _normal(m).rsample((2, 7)),
    "normal_scalar": lambda m: m.distributions.Normal(1.0, 2.0).sample((20,)),
    "laplace": lambda m: _laplace(m).rsample((20,)),
    "uniform": lambda m: _uniform(m).rsample((20,)),
    "exponential": lambda m: _exponential(m).rsample((20,)),
    "poisson": lambda m: _poisson(m).sample((4,)),
    "bernoulli": lambda m: _bernoulli(m).sample((20,)),
    "bernoulli_logits": lambda m: _bernoulli_logits(m).sample((5,)),
    "categorical": lambda m: _categorical(m).sample((30,)),
    "categorical_logits": lambda m: _categorical_logits(m).sample(),
    "one_hot": lambda m: _one_hot(m).sample((6,)),
    "mvn": lambda m: _mvn_cov(m).sample((4,)),
    "independent": lambda m: _independent(m).rsample((3,)),
    "gamma": lambda m: _gamma(m).rsample((20,)),
    "gamma_float64": lambda m: m.distributions.Gamma(
        m.tensor([0.2, 1.0, 30.0], dtype=m.float64), 2.0
    ).sample((10,)),
    "chi2": lambda m: _chi2(m).sample((5,)),
    "standard_gamma": lambda m: m._standard_gamma(m.tensor([0.0, 0.05, 0.7, 1.0, 4.5] * 8)),
}


@pytest.mark.parametrize("name", SAMPLERS)
def test_samples_match_torch_after_seed(name: str) -> None:
    draw = SAMPLERS[name]
    # the MultivariateNormal's Cholesky factor and matmul may round differently
    exact = name != "mvn"
    _same(lambda m: [draw(m), m.rand(3)], exact=exact, seed=7)


def test_sample_has_no_history_and_rsample_has() -> None:
    loc = rungrad.zeros(3, requires_grad=True)
    d = rungrad.distributions.Normal(loc, 1.0)
    assert d.sample().grad_fn is None and not d.sample().requires_grad
    assert d.rsample().requires_grad


# ----------------------------------------------------------------------------------------
# gradients


def _grads(m: Any, loss_of: Callable[[Any, list[Any]], Any], params: list[Any]) -> Any:
    leaves = [_t(m, p, requires_grad=True) for p in params]
    loss = loss_of(m, leaves)
    return list(m.autograd.grad(loss.sum(), leaves))


GRADIENTS: dict[str, tuple[Callable[[Any, list[Any]], Any], list[Any]]] = {
    "normal_log_prob": (
        lambda m, p: m.distributions.Normal(p[0], p[1]).log_prob(_t(m, [0.5, -0.3])),
        [[0.0, 1.0], [1.0, 2.0]],
    ),
    "normal_entropy": (
        lambda m, p: m.distributions.Normal(p[0], p[1]).entropy() + p[0],
        [[0.0], [2.0]],
    ),
    "normal_cdf": (
        lambda m, p: m.distributions.Normal(p[0], p[1]).cdf(_t(m, [0.5, -0.3])),
        [[0.0, 1.0], [1.0, 2.0]],
    ),
    "normal_rsample": (
        lambda m, p: m.distributions.Normal(p[0], p[1]).rsample((3,)) ** 2,
        [[0.0, 1.0], [1.0, 2.0]],
    ),
    "laplace_log_prob": (
        lambda m, p: m.distributions.Laplace(p[0], p[1]).log_prob(_t(m, [0.5, 2.0])),
        [[0.0, 1.0], [1.0, 2.0]],
    ),
    "uniform_rsample": (
        lambda m, p: m.distributions.Uniform(p[0], p[1]).rsample((4,)).exp(),
        [[0.0, 1.0], [1.0, 3.0]],
    ),
    "exponential_log_prob": (
        lambda m, p: m.distributions.Exponential(p[0]).log_prob(_t(m, [0.5, 2.0])),
        [[0.5, 3.0]],
    ),
    "poisson_log_prob": (
        lambda m, p: m.distributions.Poisson(p[0]).log_prob(_t(m, [0.0, 3.0])),
        [[0.5, 3.0]],
    ),
    "bernoulli_log_prob": (
        lambda m, p: m.distributions.Bernoulli(p[0]).log_prob(_t(m, [1.0, 0.0])),
        [[0.3, 0.8]],
    ),
    "bernoulli_logits_entropy": (
        lambda m, p: m.distributions.Bernoulli(logits=p[0]).entropy(),
        [[0.3, -2.0]],
    ),
    "categorical_log_prob": (
        lambda m, p: m.distributions.Categorical(logits=p[0]).log_prob(_t(m, [2, 0])),
        [[[0.1, 2.0, -1.0], [0.0, 0.0, 3.0]]],
    ),
    "categorical_probs_entropy": (
        lambda m, p: m.distributions.Categorical(probs=p[0]).entropy(),
        [[[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]],
    ),
    "gamma_log_prob_and_entropy": (
        lambda m, p: (
            m.distributions.Gamma(p[0], p[1]).log_prob(_t(m, [0.3, 4.0]))
            + m.distributions.Gamma(p[0], p[1]).entropy()
        ),
        [[0.5, 9.0], [1.0, 3.0]],
    ),
    "mvn_log_prob": (
        lambda m, p: m.distributions.MultivariateNormal(p[0], scale_tril=p[1]).log_prob(
            _t(m, [[0.5, 0.5], [1.0, -1.0]])
        ),
        [[0.0, 1.0], [[1.5, 0.0], [0.3, 0.8]]],
    ),
    "mvn_cov_entropy_and_rsample": (
        lambda m, p: (
            m.distributions.MultivariateNormal(p[0], p[1]).rsample((3,)).sum()
            + m.distributions.MultivariateNormal(p[0], p[1]).entropy()
        ),
        [[0.0, 1.0], [[2.0, 0.3], [0.3, 1.0]]],
    ),
}


@pytest.mark.parametrize("name", GRADIENTS)
def test_gradients_match_torch(name: str) -> None:
    loss_of, params = GRADIENTS[name]
    _same(lambda m: _grads(m, loss_of, params), seed=3)


def test_gamma_rsample_gradient_is_pytorchs_to_its_approximation() -> None:
    """PyTorch's ``_standard_gamma_grad`` is a fitted approximation; rungrad's implicit
    reparameterization is exact: they agree to about 1e-4 relative."""

    def scenario(m: Any) -> Any:
        concentration = _t(m, [0.05, 0.5, 2.0, 9.0, 150.0], requires_grad=True)
        rate = _t(m, [1.0, 0.5, 3.0, 1.0, 2.0], requires_grad=True)
        sample = m.distributions.Gamma(concentration, rate).rsample((6,))
        grads = m.autograd.grad(sample.sum(), (concentration, rate), create_graph=True)
        return [sample, *grads]

    results = []
    for m in (torch, rungrad):
        m.manual_seed(5)
        results.append([_array(v) for v in scenario(m)])
    (want_sample, want_c, want_r), (got_sample, got_c, got_r) = results
    np.testing.assert_array_equal(got_sample, want_sample)
    np.testing.assert_allclose(got_c, want_c, rtol=3e-4)
    np.testing.assert_allclose(got_r, want_r, rtol=1e-6)


def test_standard_gamma_gradient_has_no_derivative() -> None:
    for m in (torch, rungrad):
        alpha = m.tensor([2.0], requires_grad=True)
        (grad,) = m.autograd.grad(m._standard_gamma(alpha).sum(), alpha, create_graph=True)
        with pytest.raises(NotImplementedError, match="derivative for '_standard_gamma_grad'"):
            m.autograd.grad(grad.sum(), alpha)


def test_normal_log_prob_second_derivative() -> None:
    def scenario(m: Any) -> Any:
        loc = _t(m, [0.0, 1.0], requires_grad=True)
        scale = _t(m, [1.0, 2.0], requires_grad=True)
        lp = m.distributions.Normal(loc, scale).log_prob(_t(m, [0.5, -0.3])).sum()
        g_loc, g_scale = m.autograd.grad(lp, (loc, scale), create_graph=True)
        h_scale = m.autograd.grad(g_scale.sum(), (loc, scale), retain_graph=True)
        h_loc = m.autograd.grad(
            g_loc.sum(), (loc, scale), allow_unused=True, materialize_grads=True
        )
        return [g_loc, g_scale, *h_scale, *h_loc]

    _same(scenario)


# ----------------------------------------------------------------------------------------
# KL divergences


KL_PAIRS: dict[str, tuple[Callable[[Any, list[Any]], Any], list[Any]]] = {
    "normal": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Normal(p[0], p[1]), m.distributions.Normal(1.0, 2.0)
        ),
        [[0.0, 1.5], [1.0, 0.5]],
    ),
    "bernoulli": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Bernoulli(p[0]), m.distributions.Bernoulli(_t(m, [0.3, 0.6]))
        ),
        [[0.2, 0.9]],
    ),
    "categorical": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Categorical(logits=p[0]),
            m.distributions.Categorical(_t(m, [0.3, 0.3, 0.4])),
        ),
        [[[0.1, 2.0, -1.0], [0.0, 0.0, 3.0]]],
    ),
    "one_hot": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.OneHotCategorical(p[0]),
            m.distributions.OneHotCategorical(_t(m, [0.3, 0.3, 0.4])),
        ),
        [[0.1, 0.2, 0.7]],
    ),
    "uniform": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Uniform(p[0], p[1]),
            m.distributions.Uniform(_t(m, [-1.0, 0.0]), _t(m, [3.0, 6.0])),
        ),
        [[0.0, 1.0], [2.0, 5.0]],
    ),
    "exponential": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Exponential(p[0]), m.distributions.Exponential(1.5)
        ),
        [[0.5, 2.0]],
    ),
    "laplace": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Laplace(p[0], p[1]), m.distributions.Laplace(0.5, 2.0)
        ),
        [[0.0, 1.0], [1.0, 0.5]],
    ),
    "poisson": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Poisson(p[0]), m.distributions.Poisson(2.0)
        ),
        [[0.5, 4.0]],
    ),
    "mvn": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.MultivariateNormal(p[0], p[1]),
            m.distributions.MultivariateNormal(
                m.ones(2), scale_tril=_t(m, [[1.0, 0.0], [0.5, 2.0]])
            ),
        ),
        [[[0.0, 1.0], [1.0, -1.0]], [[2.0, 0.3], [0.3, 1.0]]],
    ),
    "gamma": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Gamma(p[0], p[1]), m.distributions.Gamma(1.0, 2.0)
        ),
        [[0.5, 9.0], [1.0, 3.0]],
    ),
    "independent": (
        lambda m, p: m.distributions.kl_divergence(
            m.distributions.Independent(m.distributions.Normal(p[0], 1.0), 1),
            m.distributions.Independent(m.distributions.Normal(m.zeros(2, 3), 2.0), 1),
        ),
        [[[0.0, 1.0, 2.0], [1.0, -1.0, 0.5]]],
    ),
}


@pytest.mark.parametrize("name", KL_PAIRS)
def test_kl_divergence_values_and_gradients(name: str) -> None:
    kl_of, params = KL_PAIRS[name]

    def scenario(m: Any) -> Any:
        leaves = [_t(m, p, requires_grad=True) for p in params]
        kl = kl_of(m, leaves)
        return [kl, *m.autograd.grad(kl.sum(), leaves)]

    _same(scenario)


def test_kl_divergence_infinite_where_support_differs() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        return [
            D.kl_divergence(
                D.Bernoulli(_t(m, [0.2, 0.5, 1.0])), D.Bernoulli(_t(m, [0.0, 1.0, 1.0]))
            ),
            D.kl_divergence(
                D.Categorical(_t(m, [0.5, 0.5, 0.0])), D.Categorical(_t(m, [0.0, 1.0, 0.0]))
            ),
            D.kl_divergence(D.Uniform(0.0, 2.0), D.Uniform(1.0, 3.0)),
        ]

    _same(scenario)


def test_register_kl_dispatches_to_the_most_specific_pair() -> None:
    D = rungrad.distributions

    class MyNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _kl(p: Any, q: Any) -> Any:
        return rungrad.tensor(42.0)

    assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(0.0, 1.0)).item() == 42.0
    assert D.kl_divergence(D.Normal(0.0, 1.0), MyNormal(0.0, 1.0)).item() == 0.0


def _error(fn: Callable[[], Any]) -> tuple[str, str]:
    try:
        fn()
    except Exception as error:
        return type(error).__name__, str(error).replace("torch.Size", "rungrad.Size")
    raise AssertionError("no error raised")


ERRORS: dict[str, Callable[[Any], Any]] = {
    "normal_scale": lambda m: m.distributions.Normal(0.0, -1.0),
    "normal_vector_scale": lambda m: m.distributions.Normal(m.zeros(2), _t(m, [1.0, -1.0])),
    "log_prob_not_tensor": lambda m: m.distributions.Normal(0.0, 1.0).log_prob(1.0),
    "bernoulli_support": lambda m: m.distributions.Bernoulli(0.3).log_prob(_t(m, 0.5)),
    "not_broadcastable": lambda m: m.distributions.Normal(m.zeros(3), 1.0).log_prob(m.zeros(2)),
    "uniform_order": lambda m: m.distributions.Uniform(1.0, 0.0),
    "probs_and_logits": lambda m: m.distributions.Bernoulli(0.3, logits=0.1),
    "categorical_scalar": lambda m: m.distributions.Categorical(_t(m, 1.0)),
    "categorical_logits_scalar": lambda m: m.distributions.Categorical(logits=_t(m, 1.0)),
    "categorical_simplex": lambda m: m.distributions.Categorical(_t(m, [1.0, -1.0])),
    "categorical_support": lambda m: m.distributions.Categorical(m.ones(3)).log_prob(_t(m, 3)),
    "mvn_no_matrix": lambda m: m.distributions.MultivariateNormal(m.zeros(2)),
    "mvn_scalar_loc": lambda m: m.distributions.MultivariateNormal(_t(m, 0.0), m.eye(2)),
    "mvn_vector_cov": lambda m: m.distributions.MultivariateNormal(m.zeros(2), m.ones(2)),
    "mvn_not_pd": lambda m: m.distributions.MultivariateNormal(m.zeros(2), -m.eye(2)),
    "mvn_event_shape": lambda m: _mvn_cov(m).log_prob(m.zeros(2)),
    "mvn_tril": lambda m: m.distributions.MultivariateNormal(m.zeros(2), scale_tril=m.ones(2, 2)),
    "independent_ndims": lambda m: m.distributions.Independent(
        m.distributions.Normal(m.zeros(2), 1.0), 2
    ),
    "not_a_number": lambda m: m.distributions.Normal(0, "a"),
    "poisson_rate": lambda m: m.distributions.Poisson(-1.0),
    "gamma_concentration": lambda m: m.distributions.Gamma(-1.0, 1.0),
    "gamma_support": lambda m: _gamma(m).log_prob(_t(m, [-1.0, 1.0, 1.0])),
    "standard_gamma_integer": lambda m: m._standard_gamma(m.tensor([1, 2])),
    "exponential_support": lambda m: m.distributions.Exponential(1.0).log_prob(_t(m, [-1.0, 2.0])),
    "normal_nan": lambda m: m.distributions.Normal(0.0, 1.0).log_prob(_t(m, float("nan"))),
    "one_hot_support": lambda m: m.distributions.OneHotCategorical(m.ones(3)).log_prob(
        _t(m, [1.0, 1.0, 0.0])
    ),
    "kl_exp_families": lambda m: m.distributions.kl_divergence(
        m.distributions.Normal(0.0, 1.0), m.distributions.Bernoulli(0.3)
    ),
    "kl_unregistered": lambda m: m.distributions.kl_divergence(
        m.distributions.Bernoulli(0.3), m.distributions.Uniform(0.0, 1.0)
    ),
    "kl_mvn_event_shapes": lambda m: m.distributions.kl_divergence(
        m.distributions.MultivariateNormal(m.zeros(2), m.eye(2)), _mvn_cov(m)
    ),
    "expand_mismatch": lambda m: m.distributions.Normal(m.zeros(2), 1.0).expand((3, 3)),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_torch(name: str) -> None:
    make = ERRORS[name]
    assert _error(lambda: make(rungrad)) == _error(lambda: make(torch))


def test_validation_can_be_switched_off() -> None:
    D = rungrad.distributions
    d = D.Normal(0.0, -1.0, validate_args=False)
    assert repr(d) == "Normal(loc: 0.0, scale: -1.0)"
    D.Distribution.set_default_validate_args(False)
    try:
        assert repr(D.Uniform(1.0, 0.0)) == "Uniform(low: 1.0, high: 0.0)"
        assert D.Bernoulli(0.3).log_prob(rungrad.tensor(0.5)).shape == ()
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError, match="Expected parameter scale"):
        D.Normal(0.0, -1.0)


# ----------------------------------------------------------------------------------------
# printing


def test_reprs_match_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        C = D.constraints
        b = D.Bernoulli(_t(m, [0.2, 0.5]))
        before = repr(b)
        b.logits
        return [
            repr(D.Normal(_t(m, [0.0]), _t(m, [1.0]))),
            repr(D.Normal(0.0, 1.0)),
            repr(_normal(m)),
            before,
            repr(b),
            repr(D.Bernoulli(logits=_t(m, 0.5))),
            repr(_categorical(m)),
            repr(_categorical_logits(m)),
            repr(_one_hot(m)),
            repr(_uniform(m)),
            repr(_exponential(m)),
            repr(_laplace(m)),
            repr(_poisson(m)),
            repr(_mvn_cov(m)),
            repr(_mvn_tril(m)),
            repr(_mvn_precision(m)),
            repr(_independent(m)),
            repr(_gamma(m)),
            repr(_chi2(m)),
            repr(_uniform(m).support),
            repr(D.Uniform(0.0, 1.0).support),
            repr(_categorical(m).support),
            repr(_independent(m).support),
            str(D.Exponential(1.0).arg_constraints),
            str(D.Categorical(m.ones(3)).arg_constraints),
            str(D.MultivariateNormal.arg_constraints),
            str(D.Uniform(0.0, 1.0).arg_constraints),
            [
                repr(c)
                for c in (
                    C.real,
                    C.positive,
                    C.nonnegative,
                    C.unit_interval,
                    C.boolean,
                    C.simplex,
                    C.real_vector,
                    C.one_hot,
                    C.nonnegative_integer,
                    C.positive_integer,
                    C.lower_triangular,
                    C.lower_cholesky,
                    C.positive_definite,
                    C.dependent,
                    C.interval(-1.0, 1.0),
                    C.half_open_interval(0.0, 1.0),
                    C.greater_than(2.0),
                    C.greater_than_eq(1),
                    C.less_than(3.0),
                    C.integer_interval(0, 4),
                    C.independent(C.positive, 2),
                )
            ],
        ]

    _same(scenario)


def test_constraint_checks_match_torch() -> None:
    def scenario(m: Any) -> Any:
        C = m.distributions.constraints
        x = _t(m, [[-1.0, 0.0, 0.5], [1.0, 2.0, float("nan")]])
        return [
            C.real.check(x),
            C.positive.check(x),
            C.nonnegative.check(x),
            C.unit_interval.check(x),
            C.boolean.check(x),
            C.simplex.check(_t(m, [[0.2, 0.8], [0.5, 0.6]])),
            C.one_hot.check(_t(m, [[0.0, 1.0], [1.0, 1.0]])),
            C.real_vector.check(x),
            C.independent(C.real, 1).check(m.zeros(2, 3)),
            C.nonnegative_integer.check(_t(m, [0.0, 1.5, -1.0, 3.0])),
            C.integer_interval(0, 2).check(_t(m, [0, 2, 3])),
            C.lower_cholesky.check(_t(m, [[[1.0, 0.0], [0.5, 1.0]], [[1.0, 0.1], [0.0, 1.0]]])),
            C.positive_definite.check(m.stack([m.eye(2), -m.eye(2)])),
            C.real.is_discrete,
            C.boolean.is_discrete,
            C.simplex.event_dim,
            C.positive_definite.event_dim,
            C.independent(C.real, 2).event_dim,
        ]

    _same(scenario, exact=True)


def test_import_is_lazy_and_paths_match_torch() -> None:
    import subprocess
    import sys

    code = (
        "import sys, rungrad; assert 'rungrad.distributions' not in sys.modules;"
        "from rungrad.distributions.normal import Normal;"
        "from rungrad.distributions import constraints, kl_divergence, register_kl;"
        "assert rungrad.distributions.Normal is Normal"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------------------------------
# transforms, TransformedDistribution and LogNormal


def test_log_normal_matches_torch() -> None:
    def scenario(m: Any) -> Any:
        loc = _t(m, [0.0, 1.0], requires_grad=True)
        scale = _t(m, [1.0, 0.5], requires_grad=True)
        d = m.distributions.LogNormal(loc, scale)
        value = _t(m, [0.5, 2.0])
        lp = d.log_prob(value)
        return [
            repr(d),
            tuple(d.batch_shape),
            repr(d.support),
            d.sample((3,)),
            d.rsample((2,)),
            d.mean,
            d.mode,
            d.variance,
            d.entropy(),
            lp,
            d.cdf(value),
            d.icdf(_t(m, [0.2, 0.7])),
            *m.autograd.grad(lp.sum() + d.entropy().sum(), (loc, scale)),
            repr(m.distributions.LogNormal(0.0, 1.0).expand((2,))),
        ]

    _same(scenario, seed=2)


def test_transformed_distributions_match_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        T = D.transforms
        loc = _t(m, [0.0, 1.0], requires_grad=True)
        scale = _t(m, [1.0, 0.5], requires_grad=True)
        squashed = D.TransformedDistribution(D.Normal(loc, scale), [T.TanhTransform(cache_size=1)])
        action = squashed.rsample((4,))
        lp = squashed.log_prob(action)
        chain = D.TransformedDistribution(
            D.Normal(m.zeros(3), 1.0), [T.SigmoidTransform(), T.AffineTransform(2.0, 3.0)]
        )
        value = _t(m, [2.5, 3.0, 4.9])
        vector = D.TransformedDistribution(
            D.Normal(m.zeros(3), 1.0),
            T.AffineTransform(m.ones(3), _t(m, [1.0, 2.0, 3.0]), event_dim=1),
        )
        return [
            repr(squashed),
            repr(squashed.support),
            action,
            lp,
            *m.autograd.grad(lp.sum(), (loc, scale)),
            chain.sample((2,)),
            chain.log_prob(value),
            chain.cdf(value),
            tuple(vector.batch_shape),
            tuple(vector.event_shape),
            vector.log_prob(_t(m, [0.5, 1.0, 2.0])),
            repr(vector.support),
            vector.rsample((2,)),
            tuple(chain.expand((4, 3)).batch_shape),
        ]

    _same(scenario, seed=2)


def test_transforms_match_torch() -> None:
    def scenario(m: Any) -> Any:
        T = m.distributions.transforms
        x = _t(m, [-2.0, 0.1, 3.0])
        out = []
        for t in (
            T.ExpTransform(),
            T.SigmoidTransform(),
            T.TanhTransform(),
            T.AffineTransform(1.0, -2.0),
            T.PowerTransform(2.0),
            T.ComposeTransform([T.ExpTransform(), T.AffineTransform(0.5, 3.0)]),
        ):
            xx = x.abs() if isinstance(t, T.PowerTransform) else x
            y = t(xx)
            out += [repr(t), repr(t.inv), y, t.inv(y), t.log_abs_det_jacobian(xx, y)]
            out += [repr(t.domain), repr(t.codomain), t.bijective]
        out.append(T.ExpTransform() == T.ExpTransform())
        out.append(T.ExpTransform().inv.inv == T.ExpTransform())
        return out

    _same(scenario)


def test_transform_cache_returns_the_input() -> None:
    T = rungrad.distributions.transforms
    t = T.TanhTransform(cache_size=1)
    x = rungrad.tensor([20.0])  # tanh rounds to 1: only the cache can invert it
    assert t.inv(t(x)) is x
    with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
        T.ExpTransform(cache_size=2)


# ----------------------------------------------------------------------------------------
# MixtureSameFamily


def test_mixture_same_family_matches_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        logits = _t(m, [0.1, 1.0, -0.5], requires_grad=True)
        loc = _t(m, [-2.0, 0.0, 3.0], requires_grad=True)
        gmm = D.MixtureSameFamily(
            D.Categorical(logits=logits), D.Normal(loc, _t(m, [0.5, 1.0, 2.0]))
        )
        x = _t(m, [-1.0, 0.5, 2.5])
        lp = gmm.log_prob(x)
        comp = D.Independent(D.Normal(m.arange(10.0).reshape(5, 2), m.ones(5, 2)), 1)
        batched = D.MixtureSameFamily(D.Categorical(m.ones(4, 5)), comp.expand((4, 5)))
        return [
            repr(gmm),
            repr(gmm.support),
            tuple(gmm.batch_shape),
            gmm.sample(),
            gmm.sample((6,)),
            gmm.mean,
            gmm.variance,
            gmm.cdf(x),
            lp,
            *m.autograd.grad(lp.sum(), (logits, loc)),
            repr(batched),
            tuple(batched.batch_shape),
            tuple(batched.event_shape),
            batched.sample((2,)),
            batched.log_prob(m.zeros(4, 2)),
            batched.mean,
            batched.variance,
            tuple(batched.expand((3, 4)).batch_shape),
        ]

    _same(scenario, seed=4)


MIXTURE_ERRORS: dict[str, Callable[[Any], Any]] = {
    "mixture_not_categorical": lambda m: m.distributions.MixtureSameFamily(
        m.distributions.Normal(0.0, 1.0), m.distributions.Normal(m.zeros(5), 1.0)
    ),
    "component_not_distribution": lambda m: m.distributions.MixtureSameFamily(
        m.distributions.Categorical(m.ones(5)), 3
    ),
    "component_count": lambda m: m.distributions.MixtureSameFamily(
        m.distributions.Categorical(m.ones(4)), m.distributions.Normal(m.zeros(5), 1.0)
    ),
    "batch_shapes": lambda m: m.distributions.MixtureSameFamily(
        m.distributions.Categorical(m.ones(2, 5)), m.distributions.Normal(m.zeros(3, 5), 1.0)
    ),
    "no_rsample": lambda m: m.distributions.MixtureSameFamily(
        m.distributions.Categorical(m.ones(5)), m.distributions.Normal(m.zeros(5), 1.0)
    ).rsample(),
}


@pytest.mark.parametrize("name", MIXTURE_ERRORS)
def test_mixture_errors_match_torch(name: str) -> None:
    make = MIXTURE_ERRORS[name]
    assert _error(lambda: make(rungrad)) == _error(lambda: make(torch))


# ----------------------------------------------------------------------------------------
# Beta and Dirichlet


def test_beta_and_dirichlet_match_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        c1 = _t(m, [0.5, 2.0, 5.0], requires_grad=True)
        c0 = _t(m, [0.5, 1.0, 3.0], requires_grad=True)
        b = D.Beta(c1, c0)
        v = _t(m, [0.3, 0.6, 0.9])
        conc = _t(m, [[0.5, 1.0, 2.0], [3.0, 0.2, 0.7]], requires_grad=True)
        d = D.Dirichlet(conc)
        dv = _t(m, [0.2, 0.3, 0.5])
        kl = (
            D.kl_divergence(b, D.Beta(1.0, 2.0)).sum()
            + D.kl_divergence(d, D.Dirichlet(m.ones(3))).sum()
        )
        return [
            repr(b),
            repr(d),
            tuple(b.batch_shape),
            tuple(d.batch_shape),
            tuple(d.event_shape),
            repr(b.support),
            repr(d.support),
            b.sample(),
            b.sample((3,)),
            d.sample((2,)),
            b.mean,
            b.mode,
            b.variance,
            b.entropy(),
            b.log_prob(v),
            d.mean,
            d.mode,
            d.variance,
            d.entropy(),
            d.log_prob(dv),
            *m.autograd.grad(b.log_prob(v).sum() + b.entropy().sum(), (c1, c0)),
            *m.autograd.grad(d.log_prob(dv).sum() + d.entropy().sum(), conc),
            kl,
            *m.autograd.grad(kl, (c1, c0, conc)),
            D.Beta(2.0, 3.0).sample((5,)),
        ]

    _same(scenario, seed=6)


def test_beta_and_dirichlet_rsample_gradients_match_torch() -> None:
    """Samples agree bit for bit; the gradients are implicit reparameterization, exact in
    rungrad and a fitted approximation in PyTorch: they agree to about 1e-3 relative."""

    def scenario(m: Any) -> Any:
        c1 = _t(m, [0.5, 2.0, 5.0], requires_grad=True)
        c0 = _t(m, [0.5, 1.0, 3.0], requires_grad=True)
        conc = _t(m, [[0.5, 1.0, 2.0], [3.0, 0.2, 0.7]], requires_grad=True)
        x = m.distributions.Beta(c1, c0).rsample((4,))
        y = m.distributions.Dirichlet(conc).rsample((3,))
        loss = x.sum() + (y * _t(m, [1.0, 2.0, 3.0])).sum()
        return [x, y, *m.autograd.grad(loss, (c1, c0, conc))]

    results = []
    for m in (torch, rungrad):
        m.manual_seed(6)
        results.append([_array(v) for v in scenario(m)])
    expected, actual = results
    np.testing.assert_array_equal(actual[0], expected[0])
    np.testing.assert_array_equal(actual[1], expected[1])
    for want, got in zip(expected[2:], actual[2:], strict=True):
        np.testing.assert_allclose(got, want, rtol=2e-3, atol=1e-6)


def test_dirichlet_grad_matches_torch() -> None:
    x = [0.3, 0.6, 0.01, 0.99, 0.5, 0.2, 0.9]
    alpha = [1.0, 2.0, 0.3, 5.0, 10.0, 0.5, 40.0]
    total = [3.0, 3.0, 2.0, 5.5, 20.0, 0.8, 45.0]
    want = torch._dirichlet_grad(torch.tensor(x), torch.tensor(alpha), torch.tensor(total))
    got = rungrad._dirichlet_grad(rungrad.tensor(x), rungrad.tensor(alpha), rungrad.tensor(total))
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-3)


BETA_ERRORS: dict[str, Callable[[Any], Any]] = {
    "beta_concentration": lambda m: m.distributions.Beta(-1.0, 1.0),
    "dirichlet_scalar": lambda m: m.distributions.Dirichlet(_t(m, 1.0)),
    "dirichlet_negative": lambda m: m.distributions.Dirichlet(_t(m, [1.0, -1.0])),
    "beta_support": lambda m: m.distributions.Beta(1.0, 1.0).log_prob(_t(m, 1.5)),
    "sample_dirichlet_derivative": lambda m: (
        m._sample_dirichlet(_t(m, [1.0, 2.0], requires_grad=True)).sum().backward()
    ),
}


@pytest.mark.parametrize("name", BETA_ERRORS)
def test_beta_errors_match_torch(name: str) -> None:
    make = BETA_ERRORS[name]
    assert _error(lambda: make(rungrad)) == _error(lambda: make(torch))


# ----------------------------------------------------------------------------------------
# Cauchy, Gumbel, HalfNormal, Geometric, StudentT


@pytest.mark.parametrize("name", ["Cauchy", "Gumbel"])
def test_location_scale_families_match_torch(name: str) -> None:
    def scenario(m: Any) -> Any:
        loc = _t(m, [0.0, 1.0], requires_grad=True)
        scale = _t(m, [1.0, 2.0], requires_grad=True)
        v = _t(m, [0.5, -1.0])
        family = getattr(m.distributions, name)
        d = family(loc, scale)
        x = d.rsample((3,))
        loss = d.log_prob(v).sum() + x.sum() + d.entropy().sum()
        out = [repr(d), repr(d.support), d.sample((5,)), x, d.mean, d.mode, d.variance]
        out += [d.entropy(), d.log_prob(v), *m.autograd.grad(loss, (loc, scale))]
        out += [family(0.0, 1.0).sample((4,)), tuple(family(0.0, 1.0).expand((2,)).batch_shape)]
        if name == "Cauchy":
            out += [d.cdf(v), d.icdf(_t(m, [0.2, 0.9]))]
        return out

    _same(scenario, seed=9)


def test_half_normal_geometric_student_t_match_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        scale = _t(m, [1.0, 2.0], requires_grad=True)
        h = D.HalfNormal(scale)
        hx = h.rsample((3,))
        hv = _t(m, [0.5, 1.0])
        p = _t(m, [0.2, 0.7], requires_grad=True)
        g = D.Geometric(p)
        gv = _t(m, [0.0, 3.0])
        df = _t(m, [0.8, 1.5, 5.0], requires_grad=True)
        t = D.StudentT(df, _t(m, [0.0, 1.0, 2.0]), 2.0)
        tx = t.rsample((4,))
        tv = _t(m, [0.5, 1.0, -3.0])
        return [
            repr(h),
            repr(h.support),
            h.sample((4,)),
            hx,
            h.mean,
            h.mode,
            h.variance,
            h.entropy(),
            h.log_prob(hv),
            h.cdf(hv),
            h.icdf(_t(m, [0.2, 0.9])),
            *m.autograd.grad(h.log_prob(hv).sum() + hx.sum(), scale),
            g.sample((6,)),
            g.mean,
            g.mode,
            g.variance,
            g.entropy(),
            g.log_prob(gv),
            *m.autograd.grad(g.log_prob(gv).sum() + g.entropy().sum(), p),
            repr(g),
            D.Geometric(logits=_t(m, [0.3, -1.0])).sample((3,)),
            D.Geometric(_t(m, [1.0, 0.5])).log_prob(_t(m, [0.0, 2.0])),
            repr(t),
            t.sample((3,)),
            tx,
            t.mean,
            t.mode,
            t.variance,
            t.entropy(),
            t.log_prob(tv),
            *m.autograd.grad(t.log_prob(tv).sum() + t.entropy().sum(), df),
            D.StudentT(3.0).sample((5,)),
        ]

    _same(scenario, seed=9)


MORE_ERRORS: dict[str, Callable[[Any], Any]] = {
    "geometric_zero": lambda m: m.distributions.Geometric(_t(m, [0.0, 0.5])),
    "cauchy_scale": lambda m: m.distributions.Cauchy(0.0, -1.0),
    "half_normal_support": lambda m: m.distributions.HalfNormal(1.0).log_prob(_t(m, -1.0)),
    "student_t_df": lambda m: m.distributions.StudentT(-1.0),
}


@pytest.mark.parametrize("name", MORE_ERRORS)
def test_more_errors_match_torch(name: str) -> None:
    make = MORE_ERRORS[name]
    assert _error(lambda: make(rungrad)) == _error(lambda: make(torch))


# ----------------------------------------------------------------------------------------
# relaxed (Gumbel-softmax) distributions and Multinomial


def test_relaxed_distributions_match_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        from_module = __import__(f"{m.__name__}.distributions.relaxed_categorical", fromlist=["x"])
        exp_relaxed = from_module.ExpRelaxedCategorical
        logits = _t(m, [[0.1, 1.0, -0.5], [2.0, 0.0, 0.0]], requires_grad=True)
        temperature = _t(m, 0.5)
        r = D.RelaxedOneHotCategorical(temperature, logits=logits)
        x = r.rsample((2,))
        e = exp_relaxed(temperature, probs=_t(m, [0.2, 0.3, 0.5]))
        p = _t(m, [0.2, 0.7], requires_grad=True)
        rb = D.RelaxedBernoulli(_t(m, 0.3), probs=p)
        y = rb.rsample((3,))
        yv = _t(m, [0.1, 0.8])
        return [
            repr(r),
            repr(r.support),
            tuple(r.batch_shape),
            tuple(r.event_shape),
            r.sample(),
            x,
            r.log_prob(x.detach()),
            *m.autograd.grad(x[..., 0].sum() + r.log_prob(x.detach()).sum(), logits),
            repr(e),
            e.rsample((2,)),
            e.log_prob(_t(m, [-2.0, -1.0, -0.5])),
            repr(rb),
            repr(rb.support),
            rb.sample((2,)),
            y,
            rb.log_prob(yv),
            *m.autograd.grad(y.sum() + rb.log_prob(yv).sum(), p),
        ]

    _same(scenario, seed=11)


def test_multinomial_matches_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        mn = D.Multinomial(10, probs=_t(m, [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]))
        logits = _t(m, [0.1, 1.0, -0.5], requires_grad=True)
        lp = D.Multinomial(5, logits=logits).log_prob(_t(m, [1.0, 3.0, 1.0]))
        return [
            repr(mn),
            repr(mn.support),
            tuple(mn.batch_shape),
            tuple(mn.event_shape),
            mn.sample(),
            mn.sample((2,)),
            mn.mean,
            mn.variance,
            mn.log_prob(_t(m, [2.0, 3.0, 5.0])),
            lp,
            *m.autograd.grad(lp, logits),
            D.Multinomial(4, _t(m, [0.0, 1.0])).log_prob(_t(m, [0.0, 4.0])),
            D.Multinomial(3, m.ones(3)).expand((2,)).sample(),
            _error(lambda: D.Multinomial(2.5, m.ones(3))),
            _error(lambda: mn.log_prob(_t(m, [2.0, 3.0, 6.0]))),
        ]

    _same(scenario, seed=11)


# ----------------------------------------------------------------------------------------
# Binomial and torch.binomial


def test_binomial_samples_match_torch_bit_for_bit() -> None:
    counts = [5.0, 100.0, 30.0, 1000.0, 0.0, 7.0, 50.0, 12.0] * 25
    probs = [0.3, 0.2, 0.9, 0.5, 0.5, 1.0, 0.02, 0.61] * 25
    for name in ("float32", "float64"):
        _same(
            lambda m, n=name: [
                m.binomial(
                    m.tensor(counts, dtype=getattr(m, n)), m.tensor(probs, dtype=getattr(m, n))
                ),
                m.rand(3),
            ],
            exact=True,
            seed=5,
        )


def test_binomial_distribution_matches_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        p = _t(m, [0.2, 0.7, 0.5], requires_grad=True)
        b = D.Binomial(_t(m, [10.0, 25.0, 3.0]), p)
        v = _t(m, [3.0, 20.0, 0.0])
        b2 = D.Binomial(5, logits=_t(m, [0.3, -2.0]))
        b3 = D.Binomial(100, _t(m, [0.0, 1.0, 0.5]))
        kl = D.kl_divergence(D.Binomial(10, p), D.Binomial(10, _t(m, 0.4)))
        return [
            repr(b),
            repr(b.support),
            b.sample(),
            b.sample((2,)),
            b.mean,
            b.mode,
            b.variance,
            b.log_prob(v),
            *m.autograd.grad(b.log_prob(v).sum(), p),
            repr(b2),
            b2.sample((3,)),
            b2.entropy(),
            b2.enumerate_support(),
            b2.log_prob(_t(m, [5.0, 0.0])),
            b3.log_prob(_t(m, [0.0, 100.0, 50.0])),
            b3.sample(),
            kl,
            *m.autograd.grad(kl.sum(), p),
            D.kl_divergence(D.Binomial(12, _t(m, 0.3)), D.Binomial(10, _t(m, 0.4))),
            _error(lambda: D.Binomial(_t(m, [3.0, 4.0]), _t(m, [0.3, 0.4])).entropy()),
            _error(lambda: D.Binomial(-1, _t(m, 0.3))),
            _error(lambda: D.Binomial(3, _t(m, 0.3)).log_prob(_t(m, 4.0))),
            _error(lambda: D.kl_divergence(D.Binomial(3, _t(m, 0.3)), D.Binomial(5, _t(m, 0.3)))),
            _error(lambda: D.Binomial(2.5, _t(m, 0.3))),
            _error(lambda: m.binomial(m.tensor([5]), m.tensor([0.3]))),
            _error(lambda: m.binomial(m.tensor([5.0]), m.tensor([0.3], dtype=m.float64))),
        ]

    _same(scenario, seed=12)


MORE_KL_PAIRS: dict[str, Callable[[Any, Any, Any], tuple[Any, Any]]] = {
    "cauchy": lambda m, a, s: (m.distributions.Cauchy(a, s), m.distributions.Cauchy(0.5, 1.5)),
    "gumbel": lambda m, a, s: (m.distributions.Gumbel(a, s), m.distributions.Gumbel(0.5, 1.5)),
    "half_normal": lambda m, a, s: (m.distributions.HalfNormal(s), m.distributions.HalfNormal(1.5)),
    "log_normal": lambda m, a, s: (
        m.distributions.LogNormal(a, s),
        m.distributions.LogNormal(0.5, 1.5),
    ),
    "geometric": lambda m, a, s: (
        m.distributions.Geometric(m.sigmoid(a)),
        m.distributions.Geometric(_t(m, 0.3)),
    ),
    "chi2_as_gamma": lambda m, a, s: (m.distributions.Chi2(s), m.distributions.Chi2(3.0)),
    "transformed": lambda m, a, s: (
        m.distributions.TransformedDistribution(
            m.distributions.Normal(a, s), [m.distributions.transforms.TanhTransform()]
        ),
        m.distributions.TransformedDistribution(
            m.distributions.Normal(0.0, 1.0), [m.distributions.transforms.TanhTransform()]
        ),
    ),
}


@pytest.mark.parametrize("name", MORE_KL_PAIRS)
def test_more_kl_divergences_match_torch(name: str) -> None:
    def scenario(m: Any) -> Any:
        a = _t(m, [0.0, 1.0], requires_grad=True)
        s = _t(m, [1.0, 2.0], requires_grad=True)
        p, q = MORE_KL_PAIRS[name](m, a, s)
        kl = m.distributions.kl_divergence(p, q)
        grads = m.autograd.grad(kl.sum(), (a, s), allow_unused=True, materialize_grads=True)
        return [kl, *grads]

    _same(scenario)


def test_kl_of_different_transforms_is_not_implemented() -> None:
    for m in (torch, rungrad):
        D, T = m.distributions, m.distributions.transforms
        p = D.TransformedDistribution(D.Normal(0.0, 1.0), [T.TanhTransform()])
        q = D.TransformedDistribution(D.Normal(0.0, 1.0), [T.ExpTransform()])
        with pytest.raises(NotImplementedError):
            D.kl_divergence(p, q)


# ----------------------------------------------------------------------------------------
# every distribution: a seeded (2, 3)-shaped sample and its log_prob, in both float dtypes


def _all_distributions(m: Any, dtype: Any) -> list[Any]:
    D = m.distributions

    def t(values: Any) -> Any:
        return m.tensor(values, dtype=dtype)

    pair, rate, probs = t([[0.2, 0.8], [0.5, 0.5]]), t([1.0, 2.0]), t([0.3, 0.6])
    return [
        D.Normal(t([0.0, 1.0]), rate),
        D.Bernoulli(probs),
        D.Categorical(pair),
        D.OneHotCategorical(pair),
        D.Uniform(t([0.0, 1.0]), t([1.0, 3.0])),
        D.Exponential(rate),
        D.Laplace(t([0.0, 1.0]), rate),
        D.Poisson(t([1.0, 20.0])),
        D.Gamma(t([0.5, 3.0]), rate),
        D.Beta(t([0.5, 3.0]), rate),
        D.Dirichlet(t([[0.5, 3.0], [1.0, 2.0]])),
        D.MultivariateNormal(t([[0.0, 1.0], [1.0, 0.0]]), t([[2.0, 0.3], [0.3, 1.0]])),
        D.Independent(D.Normal(t([[0.0, 1.0]]), t([[1.0, 2.0]])), 1),
        D.LogNormal(t([0.0, 1.0]), rate),
        D.Cauchy(t([0.0, 1.0]), rate),
        D.Gumbel(t([0.0, 1.0]), rate),
        D.HalfNormal(rate),
        D.Geometric(probs),
        D.StudentT(t([3.0, 5.0])),
        D.Binomial(t([10.0, 4.0]), probs),
        D.Multinomial(5, pair),
        D.RelaxedBernoulli(t(0.5), probs),
        D.RelaxedOneHotCategorical(t(0.5), pair),
        D.Chi2(t([1.0, 3.0])),
        D.MixtureSameFamily(D.Categorical(t([0.3, 0.7])), D.Normal(t([0.0, 1.0]), rate)),
    ]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_every_distribution_samples_and_scores_like_torch(dtype: str) -> None:
    def scenario(m: Any) -> Any:
        out = []
        for d in _all_distributions(m, getattr(m, dtype)):
            x = d.sample((2, 3))
            out += [type(d).__name__, x, d.log_prob(x)]
        return out

    _same(scenario)


# ----------------------------------------------------------------------------------------
# biject_to / transform_to and the transforms they return


CONSTRAINTS_TO_TRANSFORM = [
    "real",
    "positive",
    "nonnegative",
    "greater_than",
    "less_than",
    "unit_interval",
    "interval",
    "simplex",
    "real_vector",
    "independent_positive",
    "half_open_interval",
]


def _constraint(m: Any, name: str) -> Any:
    C = m.distributions.constraints
    made = {
        "greater_than": lambda: C.greater_than(2.0),
        "less_than": lambda: C.less_than(1.0),
        "interval": lambda: C.interval(-1.0, 3.0),
        "independent_positive": lambda: C.independent(C.positive, 1),
        "half_open_interval": lambda: C.half_open_interval(0.0, 1.0),
    }
    return made[name]() if name in made else getattr(C, name)


@pytest.mark.parametrize("name", CONSTRAINTS_TO_TRANSFORM)
def test_biject_to_and_transform_to_match_torch(name: str) -> None:
    def scenario(m: Any) -> Any:
        x = m.randn(2, 3, requires_grad=True)
        out = []
        for registry in (m.distributions.biject_to, m.distributions.transform_to):
            t = registry(_constraint(m, name))
            y = t(x)
            out += [repr(t), y, t.inv(y), t.bijective]
            if t.bijective:
                ladj = t.log_abs_det_jacobian(x, y)
                out += [ladj, *m.autograd.grad(ladj.sum() + y.sum(), x)]
        return out

    _same(scenario)


def test_matrix_transforms_and_unregistered_constraints_match_torch() -> None:
    def scenario(m: Any) -> Any:
        C = m.distributions.constraints
        T = m.distributions.transforms
        x = m.randn(2, 2, 2)
        out = []
        for c in (C.lower_cholesky, C.positive_definite):
            t = m.distributions.transform_to(c)
            y = t(x)
            out += [repr(t), y, t.inv(y), c.check(y)]
        out += [_error(lambda: m.distributions.biject_to(C.boolean))]
        out += [_error(lambda: m.distributions.biject_to(C.lower_cholesky))]
        soft = T.SoftplusTransform()
        v = m.randn(4)
        out += [soft(v), soft.inv(soft(v)), soft.log_abs_det_jacobian(v, soft(v))]
        out += [T.StickBreakingTransform().forward_shape((2, 3))]
        out += [T.StickBreakingTransform().inverse_shape((2, 4))]
        out += [repr(T.IndependentTransform(T.ExpTransform(), 1).codomain)]
        return out

    _same(scenario)


# ----------------------------------------------------------------------------------------
# NegativeBinomial, Pareto, Weibull


def test_negative_binomial_matches_torch() -> None:
    def scenario(m: Any) -> Any:
        D = m.distributions
        p = _t(m, [0.3, 0.8], requires_grad=True)
        nb = D.NegativeBinomial(_t(m, [3.0, 10.0]), p)
        v = _t(m, [2.0, 40.0])
        at_zero = D.NegativeBinomial(_t(m, [0.0, 2.0]), logits=_t(m, [0.1, -1.0]))
        return [
            repr(nb),
            repr(nb.support),
            nb.sample(),
            nb.sample((3,)),
            nb.mean,
            nb.mode,
            nb.variance,
            nb.log_prob(v),
            *m.autograd.grad(nb.log_prob(v).sum(), p),
            at_zero.log_prob(_t(m, [0.0, 1.0])),
            D.NegativeBinomial(5, logits=_t(m, 0.2)).sample((4,)),
            _error(lambda: D.NegativeBinomial(-1.0, _t(m, 0.3))),
            _error(lambda: D.NegativeBinomial(2.0, _t(m, 1.0))),
        ]

    _same(scenario, seed=21)


@pytest.mark.parametrize("name", ["Pareto", "Weibull"])
def test_pareto_and_weibull_match_torch(name: str) -> None:
    def scenario(m: Any) -> Any:
        s = _t(m, [1.0, 2.0], requires_grad=True)
        a = _t(m, [0.5, 3.0], requires_grad=True)
        family = getattr(m.distributions, name)
        d = family(s, a)
        x = d.rsample((3,))
        v = _t(m, [2.5, 3.0])
        loss = x.sum() + d.log_prob(v).sum() + d.entropy().sum()
        return [
            repr(d),
            repr(d.support),
            d.sample((2,)),
            x,
            d.mean,
            d.mode,
            d.variance,
            d.entropy(),
            d.log_prob(v),
            tuple(d.expand((3, 2)).batch_shape),
            *m.autograd.grad(loss, (s, a)),
            _error(lambda: family(1.0, -1.0)),
        ]

    _same(scenario, seed=21)
