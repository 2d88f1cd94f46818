"""``ExponentialFamily``: the base class PyTorch's exponential-family distributions share."""

from __future__ import annotations

from rungrad.distributions.distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """ExponentialFamily(batch_shape=torch.Size([]), event_shape=torch.Size([]), validate_args=None)

    Base class of distributions whose density is ``h(x) exp(<t(x), theta> - F(theta))``.
    ``kl_divergence`` between two different exponential families is refused, as in PyTorch.
    """
