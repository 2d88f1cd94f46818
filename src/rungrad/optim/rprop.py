"""Rprop: per-coordinate step sizes grown or shrunk by the sign agreement of gradients."""

from __future__ import annotations

from typing import Any

from .._creation import full_like, zeros_like
from .._ops import where
from .._tensor import Tensor
from .adam import _increment_step, _new_step
from .optimizer import Optimizer, non_negative

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Rprop(params, lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50), *, capturable=False,
    foreach=None, maximize=False, differentiable=False)

    Per coordinate, with ``g`` the gradient (negated when ``maximize``) and ``g_prev`` the
    previous one: the step size (``lr`` at first) is multiplied by ``etaplus`` where
    ``g * g_prev > 0``, by ``etaminus`` where it is ``< 0`` (and ``g`` is then taken as 0),
    kept where it is 0, and clamped to ``step_sizes``; then ``p -= sign(g) * step_size``.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Rprop([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-2, etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:  # fmt: skip
        if not non_negative(lr):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach,
                        maximize=maximize, differentiable=differentiable,
                        capturable=capturable)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            state["prev"] = zeros_like(param)
            state["step_size"] = full_like(grad, group["lr"])
        _increment_step(state)
        prev, step_size = state["prev"], state["step_size"]
        agreement = grad.mul(prev).sign()
        # the etas in the gradient's dtype, as PyTorch writes them into its sign tensor (a
        # where of numbers would round them to the default dtype first)
        plus, minus, one = (grad.new_tensor(value) for value in (etaplus, etaminus, 1.0))
        factor = where(agreement > 0, plus, where(agreement < 0, minus, one))
        step_size.mul_(factor).clamp_(step_size_min, step_size_max)
        grad = where(factor == etaminus, 0.0, grad).to(grad.dtype)
        param.add_(grad.sign().mul(step_size), alpha=-1)
        prev.copy_(grad)
