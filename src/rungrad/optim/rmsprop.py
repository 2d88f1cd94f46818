"""RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

from __future__ import annotations

from typing import Any

from .._creation import zeros_like
from .._tensor import Tensor
from .adam import _addcdiv_, _addcmul_, _increment_step, _lerp_, _new_step
from .optimizer import Optimizer, non_negative

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0,
    centered=False, capturable=False, foreach=None, maximize=False, differentiable=False)

    Per parameter, with ``g`` the gradient (negated when ``maximize``):
    ``g += weight_decay * p``, ``v = alpha * v + (1 - alpha) * g * g``; when ``centered``,
    ``a = lerp(a, g, 1 - alpha)`` and ``v`` is replaced by ``v - a * a`` in the next line;
    ``d = sqrt(v) + eps``; then ``b = momentum * b + g / d`` and ``p -= lr * b`` with
    momentum, else ``p -= lr * g / d``.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.RMSprop([w], lr=0.01)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False,
                 capturable: bool = False, foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:  # fmt: skip
        if not non_negative(lr):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not non_negative(eps):
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not non_negative(momentum):
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not non_negative(weight_decay):
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not non_negative(alpha):
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                        maximize=maximize, differentiable=differentiable)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
        momentum, weight_decay = group["momentum"], group["weight_decay"]
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            state["square_avg"] = zeros_like(param)
            if momentum > 0:
                state["momentum_buffer"] = zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = zeros_like(param)
        _increment_step(state)
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        square_avg = state["square_avg"]
        _addcmul_(square_avg.mul_(alpha), grad, grad, value=1 - alpha)
        if group["centered"]:
            grad_avg = _lerp_(state["grad_avg"], grad, 1 - alpha)
            avg = _addcmul_(square_avg.clone(), grad_avg, grad_avg, value=-1).sqrt_()
        else:
            avg = square_avg.sqrt()
        avg.add_(eps)
        if momentum > 0:
            buffer = state["momentum_buffer"]
            _addcdiv_(buffer.mul_(momentum), grad, avg)
            param.add_(buffer, alpha=-lr)
        else:
            _addcdiv_(param, grad, avg, value=-lr)
