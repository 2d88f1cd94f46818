"""NAdam: Adam with Nesterov momentum, its momentum coefficient warmed up by a decay schedule."""

from __future__ import annotations

from typing import Any

from .._creation import tensor, zeros_like
from .._tensor import Tensor
from .adam import (
    _addcdiv_,
    _addcmul_,
    _check_adam_options,
    _increment_step,
    _lerp_,
    _new_step,
    _scalar_dtype,
)
from .optimizer import Optimizer, non_negative

__all__ = ["NAdam"]


class NAdam(Optimizer):
    """NAdam(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0,
    momentum_decay=0.004, decoupled_weight_decay=False, *, foreach=None, maximize=False,
    capturable=False, differentiable=False)

    Per parameter, with ``g`` the gradient (negated when ``maximize``) and ``t`` the step:
    ``mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))`` and ``P_t`` the product of
    ``mu_1 .. mu_t`` (kept in the state as ``mu_product``, a float32 scalar as in PyTorch);
    ``m`` and ``v`` as in Adam, ``d = sqrt(v / (1 - beta2**t)) + eps``, then
    ``p -= lr * (1 - mu_t) / (1 - P_t) * g / d + lr * mu_{t+1} / (1 - P_t * mu_{t+1}) * m / d``.
    Weight decay is added to ``g``, or with ``decoupled_weight_decay`` shrinks ``p`` first.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.NAdam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.8944, -1.8944], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:  # fmt: skip
        _check_adam_options(lr, eps, betas, weight_decay)
        if not non_negative(momentum_decay):
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable,
                        differentiable=differentiable)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        lr, weight_decay, momentum_decay = (
            group["lr"],
            group["weight_decay"],
            group["momentum_decay"],
        )
        beta1, beta2 = group["betas"]
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            state["mu_product"] = tensor(1.0, dtype=_scalar_dtype())
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
        step = _increment_step(state)
        bias_correction2 = 1 - beta2**step
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                param.mul_(1 - lr * weight_decay)
            else:
                grad = grad.add(param, alpha=weight_decay)
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        mu_product = float(state["mu_product"].mul_(mu).item())
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _lerp_(exp_avg, grad, 1 - beta1)
        _addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(group["eps"])
        _addcdiv_(param, grad, denom, value=-lr * (1.0 - mu) / (1.0 - mu_product))
        _addcdiv_(param, exp_avg, denom, value=-lr * mu_next / (1.0 - mu_product * mu_next))
