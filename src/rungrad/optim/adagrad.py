"""Adagrad: per-coordinate steps scaled by the root of the sum of all past squared gradients."""

from __future__ import annotations

from typing import Any

from .._creation import full_like
from .._tensor import Tensor
from .adam import _addcdiv_, _addcmul_, _increment_step, _new_step
from .optimizer import Optimizer, non_negative

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
    eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None)

    Per parameter, with ``g`` the gradient (negated when ``maximize``) and ``t`` the step:
    ``g += weight_decay * p``, ``s += g * g``, ``p -= lr / (1 + (t - 1) * lr_decay) * g /
    (sqrt(s) + eps)``. Like PyTorch, the state (``step`` and ``sum``, which starts at
    the constructor's ``initial_accumulator_value``) is created with the optimizer for its
    initial groups, and at the first step for groups added later.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adagrad([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-2, lr_decay: float = 0,
                 weight_decay: float = 0, initial_accumulator_value: float = 0,
                 eps: float = 1e-10, foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:  # fmt: skip
        if not non_negative(lr):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not non_negative(lr_decay):
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not non_negative(weight_decay):
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not non_negative(initial_accumulator_value):
            raise ValueError(
                f"Invalid initial_accumulator_value value: {initial_accumulator_value}"
            )
        if not non_negative(eps):
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, fused=fused)  # fmt: skip
        super().__init__(params, defaults)
        for group in self.param_groups:
            for param in group["params"]:
                self._init_state(param)

    def _init_state(self, param: Tensor) -> None:
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            # PyTorch fills it with the constructor's value even when a group sets its own.
            state["sum"] = full_like(param, self.defaults["initial_accumulator_value"])

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        state = self.state[param]
        if not state:  # a group added by add_param_group starts at its first step
            self._init_state(param)
        grad = -param._grad if group["maximize"] else param._grad
        step = _increment_step(state)
        if group["weight_decay"] != 0:
            grad = grad.add(param, alpha=group["weight_decay"])
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        state_sum = _addcmul_(state["sum"], grad, grad)
        std = state_sum.sqrt().add_(group["eps"])
        _addcdiv_(param, grad, std, value=-clr)
