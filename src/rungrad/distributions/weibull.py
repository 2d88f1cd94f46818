"""``Weibull``: ``scale * E ** (1 / concentration)`` for a standard exponential ``E``."""

from __future__ import annotations

from typing import Any, ClassVar

import rungrad as torch
from rungrad import Size, Tensor
from rungrad.distributions import constraints
from rungrad.distributions.exponential import Exponential
from rungrad.distributions.gumbel import _EULER
from rungrad.distributions.transformed_distribution import TransformedDistribution
from rungrad.distributions.transforms import AffineTransform, PowerTransform
from rungrad.distributions.utils import broadcast_all

__all__ = ["Weibull"]


class Weibull(TransformedDistribution):
    """Weibull(scale, concentration, validate_args=None)

    The two-parameter Weibull distribution.
    """

    arg_constraints: ClassVar[dict[str, constraints.Constraint]] = {
        "scale": constraints.positive,
        "concentration": constraints.positive,
    }
    support = constraints.positive

    def __init__(self, scale: Any, concentration: Any, validate_args: bool | None = None) -> None:
        self.scale, self.concentration = broadcast_all(scale, concentration)
        self.concentration_reciprocal = self.concentration.reciprocal()
        base_dist = Exponential(torch.ones_like(self.scale), validate_args=validate_args)
        transforms = [
            PowerTransform(exponent=self.concentration_reciprocal),
            AffineTransform(loc=0, scale=self.scale),
        ]
        super().__init__(base_dist, transforms, validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Weibull:
        new = self._get_checked_instance(Weibull, _instance)
        batch_shape = Size(batch_shape)
        new.scale = self.scale.expand(batch_shape)
        new.concentration = self.concentration.expand(batch_shape)
        new.concentration_reciprocal = new.concentration.reciprocal()
        base_dist = self.base_dist.expand(batch_shape)
        transforms = [
            PowerTransform(exponent=new.concentration_reciprocal),
            AffineTransform(loc=0, scale=new.scale),
        ]
        super(Weibull, new).__init__(base_dist, transforms, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self) -> Tensor:
        return self.scale * torch.exp(torch.lgamma(1 + self.concentration_reciprocal))

    @property
    def mode(self) -> Tensor:
        shape = self.concentration
        return self.scale * ((shape - 1) / shape) ** shape.reciprocal()

    @property
    def variance(self) -> Tensor:
        k = self.concentration_reciprocal
        second = torch.exp(torch.lgamma(1 + 2 * k))
        return self.scale.pow(2) * (second - torch.exp(2 * torch.lgamma(1 + k)))

    def entropy(self) -> Tensor:
        k = self.concentration_reciprocal
        return _EULER * (1 - k) + torch.log(self.scale * k) + 1
