"""``nn.utils.parametrizations``: weight normalisation as a parametrization.

``weight_norm(module)`` registers ``_WeightNorm`` on ``module.weight``: the originals are
``original0`` (the norm ``g``) and ``original1`` (the direction ``v``), and ``module.weight``
is ``_weight_norm(v, g, dim)`` at every access.
"""

from __future__ import annotations

from typing import Any

from ..._ops.weight_norm import norm_except_dim
from ..._ops.weight_norm import weight_norm as _weight_norm
from ..modules.module import Module
from . import parametrize

__all__ = ["weight_norm"]


class _WeightNorm(Module):
    """``(g, v) -> g * v / ||v||``, the norm over every dim but ``dim`` (all for None)."""

    def __init__(self, dim: int | None = 0) -> None:
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g: Any, weight_v: Any) -> Any:
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight: Any) -> tuple[Any, Any]:
        return norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """weight_norm(module, name='weight', dim=0) -> module: ``module.<name>`` parametrized
    as ``g * v / ||v||`` (norm over every dim but ``dim``; all of them for None). A state
    dict saved with the deprecated ``nn.utils.weight_norm`` (``name_g``/``name_v``) loads."""
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)

    def rename_old_keys(
        state_dict: Any, prefix: str, local_metadata: Any, strict: bool, *args: Any
    ) -> None:
        g_key, v_key = f"{prefix}{name}_g", f"{prefix}{name}_v"
        if g_key in state_dict and v_key in state_dict:
            state_dict[f"{prefix}parametrizations.{name}.original0"] = state_dict.pop(g_key)
            state_dict[f"{prefix}parametrizations.{name}.original1"] = state_dict.pop(v_key)

    module._register_load_state_dict_pre_hook(rename_old_keys)
    return module
