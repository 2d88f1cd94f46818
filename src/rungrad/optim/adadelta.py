"""Adadelta: steps scaled by the ratio of running RMS of past updates to that of gradients."""

from __future__ import annotations

from typing import Any

from .._creation import zeros_like
from .._tensor import Tensor
from .adam import _addcmul_, _increment_step, _new_step
from .optimizer import Optimizer, non_negative

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Adadelta(params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, foreach=None, *,
    capturable=False, maximize=False, differentiable=False)

    Per parameter, with ``g`` the gradient (negated when ``maximize``):
    ``g += weight_decay * p``, ``v = rho * v + (1 - rho) * g * g``,
    ``d = sqrt(u + eps) / sqrt(v + eps) * g``, ``u = rho * u + (1 - rho) * d * d``,
    ``p -= lr * d``.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adadelta([w])
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.9968, -1.9968], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach: bool | None = None, *,
                 capturable: bool = False, maximize: bool = False,
                 differentiable: bool = False) -> None:  # fmt: skip
        if not non_negative(lr):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not non_negative(eps):
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not non_negative(weight_decay):
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach,
                        differentiable=differentiable)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        rho, eps = group["rho"], group["eps"]
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            state["square_avg"] = zeros_like(param)
            state["acc_delta"] = zeros_like(param)
        _increment_step(state)
        if group["weight_decay"] != 0:
            grad = grad.add(param, alpha=group["weight_decay"])
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        _addcmul_(square_avg.mul_(rho), grad, grad, value=1 - rho)
        std = square_avg.add(eps).sqrt_()
        delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
        _addcmul_(acc_delta.mul_(rho), delta, delta, value=1 - rho)
        param.add_(delta, alpha=-group["lr"])
