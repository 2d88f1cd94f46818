"""``Distribution``: the base class (shapes, validation, sampling, printing)."""

from __future__ import annotations

import warnings
from typing import Any

import rungrad as torch
from rungrad import Size, Tensor
from rungrad.distributions import constraints
from rungrad.distributions.utils import _EMPTY_SHAPE, lazy_property

__all__ = ["Distribution"]


class Distribution:
    """Distribution(batch_shape=torch.Size([]), event_shape=torch.Size([]), validate_args=None)

    Abstract base class for probability distributions.
    """

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        """set_default_validate_args(value) -> None

        Turn argument validation on or off for distributions created afterwards.
        """
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape: Any = _EMPTY_SHAPE, event_shape: Any = _EMPTY_SHAPE,
                 validate_args: bool | None = None) -> None:  # fmt: skip
        self._batch_shape = Size(batch_shape)
        self._event_shape = Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            try:
                arg_constraints = self.arg_constraints
            except NotImplementedError:
                arg_constraints = {}
                warnings.warn(
                    f"{self.__class__} does not define `arg_constraints`. "
                    + "Please set `arg_constraints = {}` or initialize the distribution "
                    + "with `validate_args=False` to turn off validation.",
                    stacklevel=2,
                )
            for param, constraint in arg_constraints.items():
                if constraints.is_dependent(constraint):
                    continue
                if param not in self.__dict__ and isinstance(
                    getattr(type(self), param), lazy_property
                ):
                    continue  # skip checking lazily-constructed args
                value = getattr(self, param)
                valid = constraint.check(value)
                if not valid.all():
                    raise ValueError(
                        f"Expected parameter {param} "
                        f"({type(value).__name__} of shape {tuple(value.shape)}) "
                        f"of distribution {self!r} "
                        f"to satisfy the constraint {constraint!r}, "
                        f"but found invalid values:\n{value}"
                    )
        super().__init__()

    def expand(self, batch_shape: Any, _instance: Any = None) -> Distribution:
        """expand(batch_shape, _instance=None) -> Distribution

        A new distribution whose parameters are expanded to ``batch_shape`` (views, no copies).
        """
        raise NotImplementedError

    @property
    def batch_shape(self) -> Size:
        """The shape over which parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        """The shape of a single sample (without batching)."""
        return self._event_shape

    @property
    def arg_constraints(self) -> dict[str, constraints.Constraint]:
        """The constraint each parameter must satisfy."""
        raise NotImplementedError

    @property
    def support(self) -> Any:
        """The constraint that a valid value of the distribution satisfies."""
        raise NotImplementedError

    @property
    def mean(self) -> Tensor:
        """The mean of the distribution."""
        raise NotImplementedError

    @property
    def mode(self) -> Tensor:
        """The mode of the distribution."""
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self) -> Tensor:
        """The variance of the distribution."""
        raise NotImplementedError

    @property
    def stddev(self) -> Tensor:
        """The standard deviation of the distribution."""
        return self.variance.sqrt()

    def sample(self, sample_shape: Any = _EMPTY_SHAPE) -> Tensor:
        """sample(sample_shape=torch.Size([])) -> Tensor

        A sample of shape ``sample_shape + batch_shape + event_shape``, without gradient.
        """
        with torch.no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape: Any = _EMPTY_SHAPE) -> Tensor:
        """rsample(sample_shape=torch.Size([])) -> Tensor

        A reparameterized sample: differentiable with respect to the parameters.
        """
        raise NotImplementedError

    def sample_n(self, n: int) -> Tensor:
        """sample_n(n) -> Tensor

        Deprecated: ``sample((n,))``.
        """
        warnings.warn(
            "`sample_n(n)` will be deprecated. Use `sample((n,))` instead.",
            FutureWarning,
            stacklevel=2,
        )
        return self.sample(Size((n,)))

    def log_prob(self, value: Tensor) -> Tensor:
        """log_prob(value) -> Tensor

        The log of the probability density (or mass) at ``value``.
        """
        raise NotImplementedError

    def cdf(self, value: Tensor) -> Tensor:
        """cdf(value) -> Tensor

        The cumulative distribution function at ``value``.
        """
        raise NotImplementedError

    def icdf(self, value: Tensor) -> Tensor:
        """icdf(value) -> Tensor

        The inverse cumulative distribution function at ``value``.
        """
        raise NotImplementedError

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """enumerate_support(expand=True) -> Tensor

        All values of a discrete distribution, along dimension 0.
        """
        raise NotImplementedError

    def entropy(self) -> Tensor:
        """entropy() -> Tensor

        The entropy, batched over ``batch_shape``.
        """
        raise NotImplementedError

    def perplexity(self) -> Tensor:
        """perplexity() -> Tensor

        ``exp(entropy())``.
        """
        return torch.exp(self.entropy())

    def _extended_shape(self, sample_shape: Any = _EMPTY_SHAPE) -> Size:
        if not isinstance(sample_shape, Size):
            sample_shape = Size(sample_shape)
        return Size(sample_shape + self._batch_shape + self._event_shape)

    def _validate_sample(self, value: Any) -> None:
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dim_start = len(value.size()) - len(self._event_shape)
        if value.size()[event_dim_start:] != self._event_shape:
            raise ValueError(
                "The right-most size of value must match event_shape: "
                f"{value.size()} vs {self._event_shape}."
            )
        actual_shape = value.size()
        expected_shape = self._batch_shape + self._event_shape
        for i, j in zip(reversed(actual_shape), reversed(expected_shape)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(
                    "Value is not broadcastable with batch_shape+event_shape: "
                    f"{actual_shape} vs {expected_shape}."
                )
        try:
            support = self.support
        except NotImplementedError:
            warnings.warn(
                f"{self.__class__} does not define `support` to enable "
                + "sample validation. Please initialize the distribution with "
                + "`validate_args=False` to turn off validation.",
                stacklevel=2,
            )
            return
        valid = support.check(value)
        if not valid.all():
            raise ValueError(
                "Expected value argument "
                f"({type(value).__name__} of shape {tuple(value.shape)}) "
                f"to be within the support ({support!r}) "
                f"of the distribution {self!r}, "
                f"but found invalid values:\n{value}"
            )

    def _expanded(self, cls: type, batch_shape: Any, _instance: Any, *names: str,
                  event_shape: tuple[int, ...] = ()) -> Any:  # fmt: skip
        """What most ``expand`` methods do: a new ``cls`` (or ``_instance``) whose parameters
        ``names`` — those this distribution holds — are this one's expanded to
        ``batch_shape + event_shape``; ``_param`` follows ``logits`` or ``probs``."""
        new = self._get_checked_instance(cls, _instance)
        batch_shape = Size(batch_shape)
        shape = batch_shape + Size(event_shape)
        held = self.__dict__
        for name in names:
            if name in held:
                setattr(new, name, held[name].expand(shape))
        if "_param" in held:
            new._param = new.logits if "logits" in held else new.probs
        super(cls, new).__init__(batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _get_checked_instance(self, cls: type, _instance: Any = None) -> Any:
        if _instance is None and type(self).__init__ != cls.__init__:
            raise NotImplementedError(
                f"Subclass {self.__class__.__name__} of {cls.__name__} that defines a custom "
                "__init__ method "
                "must also define a custom .expand() method."
            )
        return self.__new__(type(self)) if _instance is None else _instance

    def __repr__(self) -> str:
        param_names = [k for k in self.arg_constraints if k in self.__dict__]
        args_string = ", ".join(
            f"{p}: {self.__dict__[p] if self.__dict__[p].numel() == 1 else self.__dict__[p].size()}"
            for p in param_names
        )
        return self.__class__.__name__ + "(" + args_string + ")"
