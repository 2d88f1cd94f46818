"""``Chi2``: the chi-squared distribution, a ``Gamma(df / 2, 1 / 2)``."""

from __future__ import annotations

from typing import Any, ClassVar

from rungrad import Size, Tensor
from rungrad.distributions import constraints
from rungrad.distributions.gamma import Gamma

__all__ = ["Chi2"]


class Chi2(Gamma):
    """Chi2(df, validate_args=None)

    The chi-squared distribution with ``df`` degrees of freedom.
    """

    arg_constraints: ClassVar[dict[str, constraints.Constraint]] = {"df": constraints.positive}

    def __init__(self, df: Any, validate_args: bool | None = None) -> None:
        super().__init__(0.5 * df, 0.5, validate_args=validate_args)

    def expand(self, batch_shape: Any, _instance: Any = None) -> Chi2:
        new = self._get_checked_instance(Chi2, _instance)
        return super().expand(Size(batch_shape), new)  # type: ignore[return-value]

    @property
    def df(self) -> Tensor:
        return self.concentration * 2
