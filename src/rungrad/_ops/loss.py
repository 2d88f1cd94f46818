"""Loss functions: mse, l1, smooth_l1, huber, nll, cross_entropy, binary cross-entropy, kl_div.

The ones PyTorch computes in a single kernel are primitives with its node names; the others
are compositions, as in PyTorch (``l1_loss`` is ``MeanBackward0`` of an absolute difference).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._tensor import Tensor
from .nn import log_softmax
from .pointwise import div_scalar, where
from .registry import BINARY, primitive

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "mse_loss",
    "nll_loss",
    "smooth_l1_loss",
]


_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


@primitive("MseLossBackward0", promotion=BINARY)
def _mse_loss(self, target, reduction):
    squared = np.square(self - target)
    if reduction == "mean":
        return np.mean(squared)
    return np.sum(squared) if reduction == "sum" else squared


def _mse_grad(grad: Tensor, self: Tensor, target: Tensor, reduction: str) -> Tensor:
    scale = 2.0 / max(self._data.size, 1) if reduction == "mean" else 2.0
    return grad * scale * (self - target)


_mse_loss.defgrad(
    self=_mse_grad,
    target=lambda grad, self, target, reduction: -_mse_grad(grad, self, target, reduction),
)


def mse_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    weight: Any = None,
) -> Tensor:
    """mse_loss(input, target, reduction='mean') -> mean squared error"""
    _check_reduction(reduction)
    if input._data.shape != target._data.shape:
        warnings.warn(
            f"Using a target size ({target.shape!r}) that is different to the input size "
            f"({input.shape!r}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            UserWarning,
            stacklevel=2,
        )
        input, target = _broadcast_pair(input, target)
    return _mse_loss(input, target, reduction)


def _broadcast_pair(first: Tensor, second: Tensor) -> tuple[Tensor, Tensor]:
    from ._checks import broadcast_shapes

    shape = broadcast_shapes(first._data.shape, second._data.shape)
    return first.expand(shape), second.expand(shape)


def _class_last(array: np.ndarray) -> np.ndarray:
    """(N, C, d1, ...) -> (N * d1 * ..., C); (C,) -> (1, C)."""
    if array.ndim == 1:
        return array[None]
    return np.moveaxis(array, 1, -1).reshape(-1, array.shape[1])


def _nll_parts(self: np.ndarray, target: np.ndarray, weight: Any, ignore_index: int) -> Any:
    """Per-element picked log-probabilities, their weights, and the flat target."""
    scores = _class_last(self)
    flat_target = target.reshape(-1)
    classes = scores.shape[1]
    valid = flat_target != ignore_index
    safe_target = np.where(valid, flat_target, 0)
    if np.any((safe_target < 0) | (safe_target >= classes)):
        bad = flat_target[valid & ((flat_target < 0) | (flat_target >= classes))][0]
        raise IndexError(f"Target {bad} is out of bounds.")
    weights = np.ones(classes, scores.dtype) if weight is None else weight.astype(scores.dtype)
    element_weights = np.where(valid, weights[safe_target], 0).astype(scores.dtype)
    picked = scores[np.arange(scores.shape[0]), safe_target]
    return picked, element_weights, safe_target


@primitive("NllLossBackward0")
def _nll_loss(self, target, weight, ignore_index, reduction):
    picked, element_weights, _ = _nll_parts(self, target, weight, ignore_index)
    losses = -picked * element_weights
    if reduction == "none":
        return losses.reshape(target.shape)
    if reduction == "sum":
        return np.sum(losses)
    return np.sum(losses) / np.sum(element_weights)


@primitive("NllLossBackwardBackward0")
def nll_loss_backward(grad_output, self, target, weight, ignore_index, reduction):
    """The gradient of nll_loss with respect to its input (a scatter of -weights)."""
    _, element_weights, safe_target = _nll_parts(self, target, weight, ignore_index)
    scale = np.asarray(grad_output, dtype=self.dtype).reshape(-1)
    if reduction == "mean":
        scale = scale / np.sum(element_weights)
    contributions = -element_weights * scale
    flat = np.zeros(_class_last(self).shape, dtype=self.dtype)
    flat[np.arange(flat.shape[0]), safe_target] = contributions
    if self.ndim == 1:
        return flat[0]
    moved_shape = (self.shape[0], *self.shape[2:], self.shape[1])
    return np.moveaxis(flat.reshape(moved_shape), -1, 1)


nll_loss_backward.defgrad(
    # The map grad_output -> gradient is linear; its adjoint is nll_loss itself.
    grad_output=lambda grad, target, weight, ignore_index, reduction: _nll_loss(
        grad, target, weight, ignore_index, reduction
    ),
    # Zero, but declared: the first-order gradient then depends on ``self`` as in PyTorch.
    self=lambda grad: grad * 0,
)


def _nll_loss_grad(grad, self, target, weight, ignore_index, reduction):
    return nll_loss_backward(grad, self, target, weight, ignore_index, reduction)


_nll_loss.defgrad(self=_nll_loss_grad)

# Inputs with spatial dimensions (N, C, d1, ...) get PyTorch's 2-D node name; same kernel.
_nll_loss_2d = primitive("NllLoss2DBackward0")(_nll_loss.forward)
_nll_loss_2d.defgrad(self=_nll_loss_grad)


def _check_target(input: Tensor, target: Tensor) -> None:
    if input._data.ndim >= 2 and input._data.shape[0] != target._data.shape[0]:
        raise ValueError(
            f"Expected input batch_size ({input._data.shape[0]}) to match target batch_size "
            f"({target._data.shape[0]})."
        )


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')

    The negative log-likelihood of class indices ``target`` under log-probabilities ``input``.
    """
    _check_reduction(reduction)
    _check_target(input, target)
    two_d = input._data.ndim >= 3
    _check_not_differentiable("nll_loss2d_forward" if two_d else "nll_loss_forward", weight=weight)
    op = _nll_loss_2d if two_d else _nll_loss
    return op(input, target, weight, ignore_index, reduction)


def _check_not_differentiable(function: str, **arguments: Tensor | None) -> None:
    """PyTorch's error for an argument the op has no derivative for that requires grad."""
    from ..autograd.grad_mode import STATE

    for name, tensor in arguments.items():
        if STATE.enabled and tensor is not None and tensor._requires_grad:
            raise RuntimeError(
                f"The function '{function}' is not differentiable with respect to argument "
                f"'{name}'. This input cannot have requires_grad True."
            )


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean',
    label_smoothing=0.0) -> log_softmax followed by nll_loss (class indices) or by the
    expected negative log-probability (class probabilities as ``target``)."""
    _check_reduction(reduction)
    class_dim = 0 if input._data.ndim == 1 else 1
    log_probs = log_softmax(input, class_dim)
    if target._data.dtype.kind == "f":
        return _soft_cross_entropy(log_probs, target, weight, reduction, label_smoothing)
    loss = nll_loss(log_probs, target, weight, None, ignore_index, None, reduction)
    if label_smoothing <= 0:
        return loss
    return _smoothed(loss, log_probs, target, weight, ignore_index, reduction, label_smoothing)


def _class_weights_view(weight: Tensor, log_probs: Tensor) -> Tensor:
    shape = [1] * log_probs._data.ndim
    shape[0 if log_probs._data.ndim == 1 else 1] = weight._data.shape[0]
    return weight.view(shape)


def _soft_cross_entropy(
    log_probs: Tensor, target: Tensor, weight: Any, reduction: str, label_smoothing: float
) -> Tensor:
    class_dim = 0 if log_probs._data.ndim == 1 else 1
    classes = log_probs._data.shape[class_dim]
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / classes
    products = log_probs * target
    if weight is not None:
        products = products * _class_weights_view(weight, log_probs)
    losses = -products.sum(class_dim)
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    batch = log_probs._data.size // classes
    return div_scalar(losses.sum(), batch)


def _smoothed(
    loss: Tensor,
    log_probs: Tensor,
    target: Tensor,
    weight: Any,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> Tensor:
    class_dim = 0 if log_probs._data.ndim == 1 else 1
    classes = log_probs._data.shape[class_dim]
    ignored = target == ignore_index
    weighted = log_probs if weight is None else log_probs * _class_weights_view(weight, log_probs)
    smooth = -weighted.sum(class_dim)
    if ignored._data.any():
        smooth = where(ignored, 0.0, smooth)
    if reduction == "mean":
        if weight is None:
            smooth = smooth.sum() / max(int((~ignored._data).sum()), 1)
        else:
            safe = where(ignored, 0, target) if ignored._data.any() else target
            total = (weight[safe] * (~ignored)).sum()
            smooth = smooth.sum() / total
    elif reduction == "sum":
        smooth = smooth.sum()
    return loss * (1 - label_smoothing) + smooth * (label_smoothing / classes)


def _reduce(losses: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def _check_same_size(input: Tensor, target: Tensor, name: str) -> tuple[Tensor, Tensor]:
    if input._data.shape != target._data.shape:
        warnings.warn(
            f"Using a target size ({target.shape!r}) that is different to the input size "
            f"({input.shape!r}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            UserWarning,
            stacklevel=3,
        )
        return _broadcast_pair(input, target)
    return input, target


def l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    weight: Any = None,
) -> Tensor:
    """l1_loss(input, target, reduction='mean') -> mean absolute error"""
    _check_reduction(reduction)
    input, target = _check_same_size(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction)


def _reduce_array(losses: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "mean":
        return np.mean(losses)
    return np.sum(losses) if reduction == "sum" else losses


def _reduction_scale(grad: Tensor, self: Tensor, reduction: str) -> Tensor:
    return grad / max(self._data.size, 1) if reduction == "mean" else grad


@primitive("SmoothL1LossBackward0", promotion=BINARY)
def _smooth_l1_loss(self, target, reduction, beta):
    difference = np.abs(self - target)
    if beta == 0:
        return _reduce_array(difference, reduction)
    losses = np.where(difference < beta, 0.5 * difference**2 / beta, difference - 0.5 * beta)
    return _reduce_array(losses.astype(difference.dtype, copy=False), reduction)


def _smooth_l1_grad(
    grad: Tensor, self: Tensor, target: Tensor, reduction: str, beta: float
) -> Tensor:
    difference = self - target
    slope = (
        difference.sign()
        if beta == 0
        else where(difference.abs() < beta, difference / beta, difference.sign())
    )
    return _reduction_scale(grad, self, reduction) * slope


_smooth_l1_loss.defgrad(
    self=_smooth_l1_grad,
    target=lambda grad, self, target, reduction, beta: (
        -_smooth_l1_grad(grad, self, target, reduction, beta)
    ),
)


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """smooth_l1_loss(input, target, reduction='mean', beta=1.0): quadratic below ``beta``,
    linear above"""
    _check_reduction(reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    input, target = _check_same_size(input, target, "smooth_l1_loss")
    return _smooth_l1_loss(input, target, reduction, beta)


@primitive("HuberLossBackward0", promotion=BINARY)
def _huber_loss(self, target, reduction, delta):
    difference = np.abs(self - target)
    losses = np.where(difference < delta, 0.5 * difference**2, delta * (difference - 0.5 * delta))
    return _reduce_array(losses.astype(difference.dtype, copy=False), reduction)


def _huber_grad(grad: Tensor, self: Tensor, target: Tensor, reduction: str, delta: float) -> Tensor:
    difference = self - target
    slope = where(difference.abs() < delta, difference, difference.sign() * delta)
    return _reduction_scale(grad, self, reduction) * slope


_huber_loss.defgrad(
    self=_huber_grad,
    target=lambda grad, self, target, reduction, delta: (
        -_huber_grad(grad, self, target, reduction, delta)
    ),
)


def huber_loss(
    input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0, weight: Any = None
) -> Tensor:
    """huber_loss(input, target, reduction='mean', delta=1.0)"""
    _check_reduction(reduction)
    input, target = _check_same_size(input, target, "huber_loss")
    return _huber_loss(input, target, reduction, delta)


@primitive("BinaryCrossEntropyBackward0", promotion=BINARY, promote=("self", "target"))
def _binary_cross_entropy(self, target, weight, reduction):
    # PyTorch clamps the logs at -100 so that 0 * log(0) terms stay finite.
    log_p = np.maximum(np.log(self), -100)
    log_not_p = np.maximum(np.log1p(-self), -100)
    losses = -(target * log_p + (1 - target) * log_not_p)
    if weight is not None:
        losses = losses * weight
    return _reduce_array(losses.astype(self.dtype, copy=False), reduction)


def _bce_grad(grad: Tensor, self: Tensor, target: Tensor, weight: Any, reduction: str) -> Tensor:
    eps = 1e-12
    slope = (self - target) / ((1 - self) * self).clamp(min=eps)
    if weight is not None:
        slope = slope * weight
    return _reduction_scale(grad, self, reduction) * slope


def _bce_target_grad(grad: Tensor, self: Tensor, weight: Any, reduction: str) -> Tensor:
    slope = (1 - self).log().clamp(min=-100) - self.log().clamp(min=-100)
    if weight is not None:
        slope = slope * weight
    return _reduction_scale(grad, self, reduction) * slope


_binary_cross_entropy.defgrad(self=_bce_grad, target=_bce_target_grad)


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """binary_cross_entropy(input, target, weight=None, reduction='mean') on probabilities"""
    _check_reduction(reduction)
    if input._data.shape != target._data.shape:
        raise ValueError(
            f"Using a target size ({target.shape!r}) that is different to the input size "
            f"({input.shape!r}) is deprecated. Please ensure they have the same size."
        )
    data = input._data
    if data.size and (data.min() < 0 or data.max() > 1):
        raise RuntimeError("all elements of input should be between 0 and 1")
    _check_not_differentiable("binary_cross_entropy", weight=weight)
    if weight is not None and weight._data.shape != input._data.shape:
        weight = weight.expand(input.shape)
    return _binary_cross_entropy(input, target, weight, reduction)


@primitive("BinaryCrossEntropyWithLogitsBackward0", promotion=BINARY, promote=("self", "target"))
def _bce_with_logits(self, target, weight, pos_weight, reduction):
    # log(sigmoid(x)) = -softplus(-x), log(1 - sigmoid(x)) = -softplus(x), computed stably.
    log_sigmoid = -np.logaddexp(0, -self)
    log_not_sigmoid = -np.logaddexp(0, self)
    positive = target if pos_weight is None else target * pos_weight
    losses = -(positive * log_sigmoid + (1 - target) * log_not_sigmoid)
    if weight is not None:
        losses = losses * weight
    return _reduce_array(losses.astype(self.dtype, copy=False), reduction)


def _bce_logits_grad(
    grad: Tensor, self: Tensor, target: Tensor, weight: Any, pos_weight: Any, reduction: str
) -> Tensor:
    probability = self.sigmoid()
    if pos_weight is None:
        slope = probability - target
    else:
        slope = (pos_weight * target + 1 - target) * probability - pos_weight * target
    if weight is not None:
        slope = slope * weight
    return _reduction_scale(grad, self, reduction) * slope


def _bce_logits_target_grad(
    grad: Tensor, self: Tensor, weight: Any, pos_weight: Any, reduction: str
) -> Tensor:
    from .activation import logsigmoid

    slope = logsigmoid(-self) - logsigmoid(self) * (1 if pos_weight is None else pos_weight)
    if weight is not None:
        slope = slope * weight
    return _reduction_scale(grad, self, reduction) * slope


_bce_with_logits.defgrad(self=_bce_logits_grad, target=_bce_logits_target_grad)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean',
    pos_weight=None): sigmoid and binary cross-entropy in one numerically stable step"""
    _check_reduction(reduction)
    if input._data.shape != target._data.shape:
        raise ValueError(
            f"Target size ({target.shape!r}) must be the same as input size ({input.shape!r})"
        )
    _check_not_differentiable(
        "binary_cross_entropy_with_logits", weight=weight, pos_weight=pos_weight
    )
    return _bce_with_logits(input, target, weight, pos_weight, reduction)


def kl_div(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """kl_div(input, target, reduction='mean', log_target=False): ``input`` holds
    log-probabilities; ``target`` probabilities (or log-probabilities with ``log_target``)"""
    if reduction not in ("none", "mean", "sum", "batchmean"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_target:
        losses = target.exp() * (target - input)
    else:
        losses = where(target > 0, target * (target.clamp(min=1e-45).log() - input), 0.0)
    if reduction == "batchmean":
        batch = input.shape[0] if input.dim() else 1
        return losses.sum() / batch
    return _reduce(losses, reduction)
