"""``nn.utils.weight_norm``: the hook-based weight normalisation PyTorch deprecates in favour
of ``nn.utils.parametrizations.weight_norm``.

The parameter ``name`` is replaced by ``name_g`` (its norm over every dim but ``dim``) and
``name_v`` (its direction, the old values); a forward pre-hook recomputes ``name`` from them
before every call, so the module's ``name`` is a plain tensor with a graph.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..._ops.weight_norm import norm_except_dim
from ..._ops.weight_norm import weight_norm as _weight_norm
from ...autograd.grad_mode import no_grad
from ..parameter import Parameter

__all__ = ["WeightNorm", "remove_weight_norm", "weight_norm"]


class WeightNorm:
    """The forward pre-hook that recomputes ``name`` from ``name_g`` and ``name_v``."""

    name: str
    dim: int

    def __init__(self, name: str, dim: int) -> None:
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module: Any) -> Any:
        """``_weight_norm(name_v, name_g, dim)``."""
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module: Any, name: str, dim: int | None) -> WeightNorm:
        """Split ``module.<name>`` into ``_g`` and ``_v`` parameters and register the hook."""
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two weight_norm hooks on the same parameter {name}"
                )
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        del module._parameters[name]
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module: Any) -> None:
        """Fold ``_g`` and ``_v`` back into one parameter ``name``."""
        with no_grad():
            weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module: Any, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module: Any, name: str = "weight", dim: int | None = 0) -> Any:
    """weight_norm(module, name='weight', dim=0) -> module: reparametrize ``module.<name>``
    as ``g * v / ||v||`` (norm over every dim but ``dim``; ``dim=None`` for all of them).
    Deprecated, as in PyTorch, for ``nn.utils.parametrizations.weight_norm``."""
    # Attributed to this file, as PyTorch's is to its own: shown once under default filters.
    warnings.warn(
        "`torch.nn.utils.weight_norm` is deprecated in favor of "
        "`torch.nn.utils.parametrizations.weight_norm`.",
        FutureWarning,
        stacklevel=1,
    )
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module: Any, name: str = "weight") -> Any:
    """remove_weight_norm(module, name='weight') -> module: undo ``weight_norm``."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
