"""``nn.utils.spectral_norm``: the hook-based spectral normalisation (the parametrization
is ``nn.utils.parametrizations.spectral_norm``).

``name`` becomes ``name_orig`` (the parameter) with buffers ``name_u`` and ``name_v``, random
unit vectors drawn at registration; before each call a forward pre-hook sets ``name`` to
``name_orig / sigma``, ``sigma = u . (W v)`` estimated by ``n_power_iterations`` steps of
the power method on ``W`` (the weight as a matrix, ``dim`` first), done in training mode
only and updating ``u`` and ``v`` in place. PyTorch's state-dict hooks, which convert state
dicts saved before its version 1, are not reproduced.
"""

from __future__ import annotations

from typing import Any

from ..._ops.normalization import normalize
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ..parameter import Parameter, UninitializedParameter

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]


def _check_iterations(n_power_iterations: int) -> None:
    if n_power_iterations <= 0:
        raise ValueError(
            "Expected n_power_iterations to be positive, but "
            f"got n_power_iterations={n_power_iterations}"
        )


def power_iteration(matrix: Tensor, u: Tensor, v: Tensor, steps: int, eps: float) -> None:
    """``steps`` power-method steps on ``matrix`` updating ``u`` and ``v`` in place; ``v``
    first (``u`` leads), as PyTorch's hook orders them."""
    with no_grad():
        for _ in range(steps):
            v.copy_(normalize(matrix.t().mv(u), dim=0, eps=eps))
            u.copy_(normalize(matrix.mv(v), dim=0, eps=eps))


class SpectralNorm:
    """The forward pre-hook that sets ``name`` to ``name_orig / sigma``."""

    _version: int = 1
    name: str
    dim: int
    n_power_iterations: int
    eps: float

    def __init__(
        self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12
    ) -> None:
        self.name = name
        self.dim = dim
        _check_iterations(n_power_iterations)
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        """The weight as a matrix: dim ``dim`` as rows, the others flattened."""
        if self.dim != 0:
            order = [self.dim, *(d for d in range(weight.dim()) if d != self.dim)]
            weight = weight.permute(*order)
        return weight.reshape(weight.size(0), -1)

    def compute_weight(self, module: Any, do_power_iteration: bool) -> Tensor:
        """``name_orig / sigma``, after the power method when ``do_power_iteration``."""
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        matrix = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            power_iteration(matrix, u, v, self.n_power_iterations, self.eps)
            # Copies, so a graph through an earlier call keeps the vectors it saved.
            u, v = u.clone(), v.clone()
        sigma = u.dot(matrix.mv(v))
        return weight / sigma

    def remove(self, module: Any) -> None:
        """Fold the normalised weight back into one parameter ``name``."""
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module: Any, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module, module.training))

    @staticmethod
    def apply(module: Any, name: str, n_power_iterations: int, dim: int, eps: float) -> Any:
        """Register the hook on ``module.<name>``, with random unit ``u`` and ``v``."""
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two spectral_norm hooks on the same parameter {name}"
                )
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        if isinstance(weight, UninitializedParameter):
            raise ValueError(
                "The module passed to `SpectralNorm` can't have uninitialized parameters. "
                "Make sure to run the dummy forward before applying spectral normalization"
            )
        with no_grad():
            height, width = fn.reshape_weight_to_matrix(weight).shape
            u = normalize(weight.new_empty(height).normal_(0, 1), dim=0, eps=fn.eps)
            v = normalize(weight.new_empty(width).normal_(0, 1), dim=0, eps=fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        # ``name`` stays an attribute (a plain tensor) for code that reads it before a call.
        setattr(module, fn.name, weight.data)
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def default_dim(module: Any) -> int:
    """The dim spectral norm keeps by default: the output channels, dim 1 of a transposed
    convolution's weight, else 0."""
    from ..modules.conv import ConvTranspose1d, ConvTranspose2d

    return 1 if isinstance(module, ConvTranspose1d | ConvTranspose2d) else 0


def spectral_norm(
    module: Any,
    name: str = "weight",
    n_power_iterations: int = 1,
    eps: float = 1e-12,
    dim: int | None = None,
) -> Any:
    """spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None) ->
    module: ``module.<name>`` divided by its spectral norm, estimated by the power method
    at each training call."""
    if dim is None:
        dim = default_dim(module)
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module: Any, name: str = "weight") -> Any:
    """remove_spectral_norm(module, name='weight') -> module: undo ``spectral_norm``."""
    for key, hook in module._forward_pre_hooks.items():
        if isinstance(hook, SpectralNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"spectral_norm of '{name}' not found in {module}")
