"""Adafactor (Shazeer & Stern, 2018): Adam-like steps whose second moment of a matrix is kept
as a row and a column factor, and whose step size follows the parameter's RMS."""

from __future__ import annotations

import math
from typing import Any

from .. import _dtype
from .._tensor import Tensor
from .adam import _increment_step, _lerp_, _new_step
from .optimizer import Optimizer

__all__ = ["Adafactor"]


def _check_options(lr: Any, beta2_decay: float, eps: tuple[Any, float], d: float,
                   weight_decay: float) -> None:  # fmt: skip
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not lr >= 0.0:
        raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
    if not beta2_decay <= 0.0:
        raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
    if eps[0] is not None and not eps[0] >= 0.0:
        raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
    if not eps[1] >= 0.0:
        raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
    if not d >= 1.0:
        raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
    if not weight_decay >= 0.0:
        raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")


def _rms(value: Tensor) -> float:
    return value.norm(2).item() / (value.numel() ** 0.5)


class Adafactor(Optimizer):
    """Adafactor(params, lr=0.01, beta2_decay=-0.8, eps=(None, 0.001), d=1.0,
    weight_decay=0.0, *, foreach=None, maximize=False)

    Per parameter at step ``t``, with ``g`` its gradient (negated when ``maximize``):
    ``rho = min(lr, 1/sqrt(t))``, step size ``alpha = max(eps2, RMS(p)) * rho``;
    ``p *= 1 - lr * weight_decay``; the second moment ``v`` moves towards ``g**2`` with weight
    ``t**beta2_decay`` (for two or more dimensions as the outer product of row and column
    means of ``g**2`` over the mean row factor, at least ``eps1``); ``u = g / sqrt(max(v,
    eps1**2))`` is scaled down to an RMS of at most ``d``; ``p -= alpha * u``. ``eps1``
    defaults to the dtype's machine epsilon.

    Example::

        >>> import rungrad as torch
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = torch.optim.Adafactor([w], lr=0.1)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> w
        tensor([ 0.8419, -1.8419], requires_grad=True)
    """

    def __init__(self, params: Any, lr: float | Tensor = 1e-2, beta2_decay: float = -0.8,
                 eps: tuple[float | None, float] = (None, 1e-3), d: float = 1.0,
                 weight_decay: float = 0.0, *, foreach: bool | None = None,
                 maximize: bool = False) -> None:  # fmt: skip
        _check_options(lr, beta2_decay, eps, d, weight_decay)
        defaults = dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize)  # fmt: skip
        super().__init__(params, defaults)

    def step(self, closure: Any = None) -> Any:
        """One Adafactor step (``closure`` re-evaluates the loss). Every parameter with a
        gradient is checked before any is updated, as in PyTorch."""
        for group in self.param_groups:
            for param in group["params"]:
                if param._grad is None:
                    continue
                if param.is_complex():
                    raise RuntimeError("Adafactor does not support complex parameters")
                if param._grad.is_sparse:
                    raise RuntimeError("Adafactor does not support sparse gradients")
        return super().step(closure)

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        grad = -param._grad if group["maximize"] else param._grad
        state = self.state[param]
        if not state:
            state["step"] = _new_step()
            if grad.dim() > 1:
                rows, columns = list(grad.shape), list(grad.shape)
                rows[-1], columns[-2] = 1, 1
                state["row_var"] = grad.new_zeros(rows)
                state["col_var"] = grad.new_zeros(columns)
            else:
                state["variance"] = grad.new_zeros(grad.shape)
        lr, d, weight_decay = group["lr"], group["d"], group["weight_decay"]
        lr = lr.item() if isinstance(lr, Tensor) else lr
        eps1, eps2 = group["eps"]
        if eps1 is None:
            eps1 = _dtype.finfo(param.dtype).eps
        step = _increment_step(state)
        weight = step ** group["beta2_decay"]  # 1 - beta2 at this step
        rho = min(lr, 1 / (step**0.5))
        alpha = max(eps2, _rms(param)) * rho
        if weight_decay != 0:
            param.mul_(1 - lr * weight_decay)
        if grad.dim() > 1:
            row_var, col_var = state["row_var"], state["col_var"]
            # the mean of g**2 along each dimension, as a norm squared over the size
            row_mean = grad.norm(dim=-1, keepdim=True).square_().div_(grad.size(-1))
            _lerp_(row_var, row_mean, weight)
            col_mean = grad.norm(dim=-2, keepdim=True).square_().div_(grad.size(-2))
            _lerp_(col_var, col_mean, weight)
            estimate = row_var @ col_var
            estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
        else:
            variance = state["variance"]
            _lerp_(variance, grad * grad, weight)
            estimate = variance.clone()
        update = estimate.clamp_(min=eps1 * eps1).rsqrt_().mul_(grad)
        denominator = max(1.0, update.norm(2).item() / (math.sqrt(update.numel()) * d))
        param.add_(update, alpha=-alpha / denominator)


# PyTorch defines it in a private module and presents it as the package's own.
Adafactor.__module__ = "rungrad.optim"
