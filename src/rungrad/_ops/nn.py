"""Neural-network kernels: softmax family, linear, losses.

``rungrad.nn.functional`` is their public face; the kernels live here with the other ops so
that every differentiable op is declared in ``_ops``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from ._checks import wrap_dim
from .pointwise import where
from .registry import BINARY, primitive

__all__ = [
    "addmm",
    "cross_entropy",
    "linear",
    "log_softmax",
    "mse_loss",
    "nll_loss",
    "softmax",
]


# -- softmax family ------------------------------------------------------------------------
def _softmax_forward(x: np.ndarray, dim: int) -> np.ndarray:
    shifted = x - np.max(x, axis=dim, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / np.sum(exponentials, axis=dim, keepdims=True)


@primitive("SoftmaxBackward0")
def _softmax(self, dim):
    return _softmax_forward(self, dim)


@primitive("SoftmaxBackwardDataBackward0")
def softmax_backward_data(grad_output, output, dim):
    """output * (grad_output - sum(grad_output * output, dim))"""
    inner = np.sum(grad_output * output, axis=dim, keepdims=True)
    return output * (grad_output - inner)


softmax_backward_data.defgrad(
    grad_output=lambda grad, output, dim: softmax_backward_data(grad, output, dim),
    output=lambda grad, grad_output, output, dim: (
        grad * (grad_output - (grad_output * output).sum(dim, keepdim=True))
        - grad_output * (grad * output).sum(dim, keepdim=True)
    ),
)
_softmax.defgrad(self=lambda grad, result, dim: softmax_backward_data(grad, result, dim))


@primitive("LogSoftmaxBackward0")
def _log_softmax(self, dim):
    shifted = self - np.max(self, axis=dim, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))


@primitive("LogSoftmaxBackwardDataBackward0")
def log_softmax_backward_data(grad_output, output, dim):
    """grad_output - exp(output) * sum(grad_output, dim)"""
    return grad_output - np.exp(output) * np.sum(grad_output, axis=dim, keepdims=True)


log_softmax_backward_data.defgrad(
    grad_output=lambda grad, output, dim: grad - (grad * output.exp()).sum(dim, keepdim=True),
    output=lambda grad, grad_output, output, dim: (
        -grad * output.exp() * grad_output.sum(dim, keepdim=True)
    ),
)
_log_softmax.defgrad(self=lambda grad, result, dim: log_softmax_backward_data(grad, result, dim))


def _softmax_dim(input: Tensor, dim: Any, name: str) -> int:
    if dim is None:
        # PyTorch's legacy implicit choice: dim 0 for 0-, 1- and 3-D inputs, else 1.
        dim = 0 if input._data.ndim in (0, 1, 3) else 1
    return wrap_dim(dim, input._data.ndim)


def _as_float(input: Tensor, dtype: Any) -> Tensor:
    if dtype is not None:
        return input.to(dtype)
    if input._data.dtype.kind not in "fc":
        raise RuntimeError(
            f"\"softmax_lastdim_kernel_impl\" not implemented for '{input.dtype.legacy_name}'"
        )
    return input


def softmax(input: Tensor, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    """softmax(input, dim, dtype=None) -> exp(x) / sum(exp(x)) along ``dim``"""
    input = _as_float(input, dtype)
    return _softmax(input, _softmax_dim(input, dim, "softmax"))


def log_softmax(input: Tensor, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    """log_softmax(input, dim, dtype=None) -> log(softmax(x)), computed stably"""
    input = _as_float(input, dtype)
    return _log_softmax(input, _softmax_dim(input, dim, "log_softmax"))


# -- linear ----------------------------------------------------------------------------------
@primitive("AddmmBackward0", promotion=BINARY)
def _addmm(self, mat1, mat2, beta, alpha):
    product = np.matmul(mat1, mat2)
    if alpha != 1:
        product = product * alpha
    return product + (self if beta == 1 else self * beta)


_addmm.defgrad(
    self=lambda grad, beta: grad if beta == 1 else grad * beta,
    mat1=lambda grad, mat2, alpha: (grad if alpha == 1 else grad * alpha).mm(mat2.t()),
    mat2=lambda grad, mat1, alpha: mat1.t().mm(grad if alpha == 1 else grad * alpha),
)


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """addmm(input, mat1, mat2, *, beta=1, alpha=1) -> beta * input + alpha * (mat1 @ mat2)"""
    rows, inner = mat1._data.shape
    inner2, cols = mat2._data.shape
    if inner != inner2:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{inner} and {inner2}x{cols})"
        )
    return _addmm(input, mat1, mat2, beta, alpha)


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """linear(input, weight, bias=None) -> input @ weight.T + bias"""
    if input._data.ndim == 2 and bias is not None:
        return addmm(bias, input, weight.t())
    if input._data.ndim > 2 and bias is not None:
        batch = input._data.shape[:-1]
        folded = input.reshape(-1, input._data.shape[-1])
        return addmm(bias, folded, weight.t()).view((*batch, weight._data.shape[0]))
    output = input.matmul(weight.t())
    return output if bias is None else output + bias


# -- losses ------------------------------------------------------------------------------------
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


def mse_loss(input: Tensor, target: Tensor, size_average: Any = None, reduce: Any = None,
             reduction: str = "mean", weight: Any = None) -> Tensor:  # fmt: skip
    """mse_loss(input, target, reduction='mean') -> mean squared error"""
    _check_reduction(reduction)
    if input._data.shape != target._data.shape:
        import warnings

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


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average: Any = None,
             ignore_index: int = -100, reduce: Any = None,
             reduction: str = "mean") -> Tensor:  # fmt: skip
    """nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')

    The negative log-likelihood of class indices ``target`` under log-probabilities ``input``.
    """
    _check_reduction(reduction)
    _check_target(input, target)
    op = _nll_loss_2d if input._data.ndim >= 3 else _nll_loss
    return op(input, target, weight, ignore_index, reduction)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average: Any = None, ignore_index: int = -100, reduce: Any = None,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:  # fmt: skip
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


def _soft_cross_entropy(log_probs: Tensor, target: Tensor, weight: Any, reduction: str,
                        label_smoothing: float) -> Tensor:  # fmt: skip
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
    return losses.sum() / batch


def _smoothed(loss: Tensor, log_probs: Tensor, target: Tensor, weight: Any, ignore_index: int,
              reduction: str, label_smoothing: float) -> Tensor:  # fmt: skip
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
