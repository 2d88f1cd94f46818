"""``rungrad.distributions``: probability distributions with PyTorch's API.

Parameters and values are rungrad tensors, so ``log_prob``, ``entropy`` and ``rsample`` are
differentiable; samples come from rungrad's generator, which is PyTorch's stream.
"""

from rungrad.distributions import constraints, transforms
from rungrad.distributions.bernoulli import Bernoulli
from rungrad.distributions.beta import Beta
from rungrad.distributions.binomial import Binomial
from rungrad.distributions.categorical import Categorical
from rungrad.distributions.cauchy import Cauchy
from rungrad.distributions.chi2 import Chi2
from rungrad.distributions.constraint_registry import biject_to, transform_to
from rungrad.distributions.dirichlet import Dirichlet
from rungrad.distributions.distribution import Distribution
from rungrad.distributions.exp_family import ExponentialFamily
from rungrad.distributions.exponential import Exponential
from rungrad.distributions.gamma import Gamma
from rungrad.distributions.geometric import Geometric
from rungrad.distributions.gumbel import Gumbel
from rungrad.distributions.half_normal import HalfNormal
from rungrad.distributions.independent import Independent
from rungrad.distributions.kl import kl_divergence, register_kl
from rungrad.distributions.laplace import Laplace
from rungrad.distributions.log_normal import LogNormal
from rungrad.distributions.mixture_same_family import MixtureSameFamily
from rungrad.distributions.multinomial import Multinomial
from rungrad.distributions.multivariate_normal import MultivariateNormal
from rungrad.distributions.negative_binomial import NegativeBinomial
from rungrad.distributions.normal import Normal
from rungrad.distributions.one_hot_categorical import OneHotCategorical
from rungrad.distributions.pareto import Pareto
from rungrad.distributions.poisson import Poisson
from rungrad.distributions.relaxed_bernoulli import RelaxedBernoulli
from rungrad.distributions.relaxed_categorical import (
    ExpRelaxedCategorical,
    RelaxedOneHotCategorical,
)
from rungrad.distributions.studentT import StudentT
from rungrad.distributions.transformed_distribution import TransformedDistribution
from rungrad.distributions.transforms import (
    AbsTransform,
    AffineTransform,
    ComposeTransform,
    ExpTransform,
    IndependentTransform,
    LowerCholeskyTransform,
    PositiveDefiniteTransform,
    PowerTransform,
    SigmoidTransform,
    SoftmaxTransform,
    SoftplusTransform,
    StickBreakingTransform,
    TanhTransform,
    Transform,
)
from rungrad.distributions.uniform import Uniform
from rungrad.distributions.weibull import Weibull

__all__ = [
    "Weibull",
    "Pareto",
    "NegativeBinomial",
    "StickBreakingTransform",
    "SoftplusTransform",
    "SoftmaxTransform",
    "PositiveDefiniteTransform",
    "LowerCholeskyTransform",
    "IndependentTransform",
    "biject_to",
    "transform_to",
    "Multinomial",
    "RelaxedBernoulli",
    "RelaxedOneHotCategorical",
    "AbsTransform",
    "StudentT",
    "HalfNormal",
    "Gumbel",
    "Geometric",
    "Cauchy",
    "AffineTransform",
    "ComposeTransform",
    "ExpTransform",
    "PowerTransform",
    "SigmoidTransform",
    "TanhTransform",
    "Transform",
    "TransformedDistribution",
    "LogNormal",
    "transforms",
    "Bernoulli",
    "Beta",
    "Binomial",
    "Categorical",
    "Chi2",
    "Dirichlet",
    "Distribution",
    "Exponential",
    "ExponentialFamily",
    "Gamma",
    "Independent",
    "Laplace",
    "MixtureSameFamily",
    "MultivariateNormal",
    "Normal",
    "OneHotCategorical",
    "Poisson",
    "Uniform",
    "constraints",
    "kl_divergence",
    "register_kl",
]
