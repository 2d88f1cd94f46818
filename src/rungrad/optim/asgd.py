"""ASGD: SGD with a decaying step size and a running (Polyak) average of the iterates."""

from __future__ import annotations

from typing import Any

from .._creation import tensor, zeros_like
from .._tensor import Tensor
from .adam import _increment_step, _new_step, _scalar_dtype
from .optimizer import Optimizer, non_negative

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """ASGD(params, lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000.0, weight_decay=0,
    foreach=None, maximize=False, differentiable=False, capturable=False)

    Per parameter, with ``g`` the gradient (negated when ``maximize``), ``t`` the step and
    ``eta`` the current step size (``lr`` at first): ``g += weight_decay * p``,
    ``p *= 1 - lambd * eta``, ``p -= eta * g``; the average ``ax`` follows ``p`` (a copy
    until ``t0`` steps, then ``ax += mu * (p - ax)``); then
    ``eta = lr / (1 + lambd * lr * t) ** alpha`` and ``mu = 1 / max(1, t - t0)``. ``eta``
    and ``mu`` are float32 scalars in the state, as in PyTorch.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.ASGD([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-2, lambd: float = 1e-4, alpha: float = 0.75,
                 t0: float = 1e6, weight_decay: float = 0, foreach: bool | None = None,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:  # fmt: skip
        if not non_negative(lr):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not non_negative(weight_decay):
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        capturable=capturable)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        lr, lambd = group["lr"], group["lambd"]
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            state["eta"] = tensor(lr, dtype=_scalar_dtype())
            state["mu"] = tensor(1.0, dtype=_scalar_dtype())
            state["ax"] = zeros_like(param)
        step = _increment_step(state)
        if group["weight_decay"] != 0:
            grad = grad.add(param, alpha=group["weight_decay"])
        eta, mu, ax = state["eta"], state["mu"], state["ax"]
        param.mul_(1 - lambd * eta.item())
        param.add_(grad, alpha=-eta.item())
        if mu.item() != 1:
            ax.add_(param.sub(ax).mul_(mu.item()))
        else:
            ax.copy_(param)
        eta.fill_(lr / ((1 + lambd * lr * step) ** group["alpha"]))
        mu.fill_(1 / max(1, step - group["t0"]))
