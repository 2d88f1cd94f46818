"""Adam (with optional decoupled weight decay and AMSGrad), and the fused element-wise
updates (``addcmul_``, ``addcdiv_``, ``lerp_``) that the adaptive optimizers share.

The updates run under ``no_grad`` in the parameter's own dtype: intermediates are rungrad
Tensor ops on tensors of that dtype and Python scalars (weak in promotion), so float32
parameters are never upcast; the fused updates work on the arrays, rounding once (NOTE
[Fused optimizer updates]). What does not belong here: the ``Optimizer`` base
(``optimizer.py``) and learning-rate schedules (``lr_scheduler.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _dtype
from .._creation import tensor, zeros_like
from .._ops import maximum
from .._ops._fused import fused_multiply_add
from .._tensor import Tensor
from .optimizer import Optimizer, non_negative

__all__ = ["Adam"]


# -- shared element-wise updates --------------------------------------------------------
# NOTE [Fused optimizer updates]
# PyTorch's CPU kernels for ``addcmul`` and ``lerp`` round as fused multiply-adds: ``addcmul``
# is ``fma(value * t1, t2, self)`` and ``lerp`` ``fma(w, end - self, self)`` for |w| < 1/2,
# else ``fma(w - 1, end - self, end)``, with the number in the tensor's dtype. ``addcdiv`` is
# ``self + (value * t1) / t2``, a rounding after each operation. For float32 the fused step
# is computed in float64, where the product is exact, and rounded once; an update that
# rounded twice drifts from PyTorch's by an ulp within a few steps, which a printed loss
# shows. float64 is fused through error-free transformations (``_ops/_fused.py``).
def _fused_multiply_add_(target: Tensor, a: Any, b: Any, c: Any) -> Tensor:
    """``target = a * b + c`` (arrays or numbers), rounded once for a float32 or float64
    target (NOTE in ``_ops/_fused.py``)."""
    data = target._data
    data[...] = fused_multiply_add(a, b, c, data.dtype)
    target._bump_version()
    return target


def _as_dtype(value: float, like: np.ndarray) -> Any:
    """A number as PyTorch's kernel sees it: in the tensor's floating dtype."""
    return like.dtype.type(value) if like.dtype.kind == "f" else value


def _addcmul_(target: Tensor, tensor1: Tensor, tensor2: Tensor, value: float = 1) -> Tensor:
    """``target += value * tensor1 * tensor2``, in place."""
    data, first = target._data, tensor1._data
    scaled = first if value == 1 else first * _as_dtype(value, data)
    return _fused_multiply_add_(target, scaled, tensor2._data, data)


def _addcdiv_(target: Tensor, tensor1: Tensor, tensor2: Tensor, value: float = 1) -> Tensor:
    """``target += value * tensor1 / tensor2``, in place."""
    quotient = tensor1.div(tensor2) if value == 1 else tensor1.mul(value).div(tensor2)
    return target.add_(quotient)


def _lerp_(target: Tensor, end: Tensor, weight: float) -> Tensor:
    """``target += weight * (end - target)``, in place (PyTorch's two-branch form)."""
    data, end_data = target._data, end._data
    difference = end_data - data
    weight = _as_dtype(weight, data)
    if abs(weight) < 0.5:
        return _fused_multiply_add_(target, weight, difference, data)
    return _fused_multiply_add_(target, weight - 1, difference, end_data)


def _scalar_dtype() -> Any:
    """The dtype of ``state["step"]``: float64 under a float64 default dtype, else float32."""
    return _dtype.float64 if _dtype.get_default_dtype() == _dtype.float64 else _dtype.float32


def _new_step() -> Tensor:
    return tensor(0.0, dtype=_scalar_dtype())


def _increment_step(state: dict[str, Any]) -> float:
    """Add one to ``state["step"]`` (a 0-d tensor, as in PyTorch) and return its new value.

    A plain number (e.g. from an old checkpoint) is turned into the tensor first.
    """
    step = state["step"]
    if not isinstance(step, Tensor):
        step = state["step"] = tensor(float(step), dtype=_scalar_dtype())
    step.add_(1)
    return float(step.item())


def _check_adam_options(lr: float, eps: float, betas: tuple[float, float],
                        weight_decay: float) -> None:  # fmt: skip
    """The checks the Adam family makes of its options, in PyTorch's order and words."""
    if not non_negative(lr):
        raise ValueError(f"Invalid learning rate: {lr}")
    if not non_negative(eps):
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not non_negative(weight_decay):
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


class Adam(Optimizer):
    """Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, *,
    foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
    decoupled_weight_decay=False)

    Per parameter, with ``g`` the gradient (negated when ``maximize``) and ``t`` the step:
    ``g += weight_decay * p`` (or ``p *= 1 - lr * weight_decay`` when decoupled, as AdamW),
    ``m = lerp(m, g, 1 - beta1)``, ``v = beta2 * v + (1 - beta2) * g * g``,
    ``v_max = max(v_max, v)`` with AMSGrad, then
    ``p -= lr / (1 - beta1**t) * m / (sqrt(v_hat) / sqrt(1 - beta2**t) + eps)``.

    ``foreach``, ``capturable``, ``differentiable`` and ``fused`` are recorded in the
    parameter groups, as PyTorch does, but change nothing: there is one CPU implementation.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adam([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused: bool | None = None,
                 decoupled_weight_decay: bool = False) -> None:  # fmt: skip
        _check_adam_options(lr, eps, betas, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable,
                        differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)  # fmt: skip
        super().__init__(params, defaults)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        lr, weight_decay, eps = group["lr"], group["weight_decay"], group["eps"]
        beta1, beta2 = group["betas"]
        amsgrad = group["amsgrad"]
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
            if amsgrad:
                state["max_exp_avg_sq"] = zeros_like(param)
        step = _increment_step(state)
        if weight_decay != 0:
            if group.get("decoupled_weight_decay", False):
                param.mul_(1 - lr * weight_decay)
            else:
                grad = grad.add(param, alpha=weight_decay)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _lerp_(exp_avg, grad, 1 - beta1)
        _addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
        step_size = lr / (1 - beta1**step)
        bias_correction2_sqrt = (1 - beta2**step) ** 0.5
        if amsgrad:
            max_exp_avg_sq = state["max_exp_avg_sq"]
            max_exp_avg_sq.copy_(maximum(max_exp_avg_sq, exp_avg_sq))
            second_moment = max_exp_avg_sq
        else:
            second_moment = exp_avg_sq
        denom = second_moment.sqrt().div(bias_correction2_sqrt).add_(eps)
        _addcdiv_(param, exp_avg, denom, value=-step_size)
