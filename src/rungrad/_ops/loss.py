"""Loss functions: mse, l1, smooth_l1, huber, nll, cross_entropy, binary cross-entropy, kl_div.

The ones PyTorch computes in a single kernel are primitives with its node names; the others
are compositions, as in PyTorch (``l1_loss`` is ``MeanBackward0`` of an absolute difference).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import STATE, no_grad
from ._checks import broadcast_shapes, refuse_integral
from ._half import FLOAT16, half_in_float32, in_float32
from .nn import log_softmax
from .pointwise import div_scalar, logit, mul, mul_scalar, neg, sub, where, xlogy
from .reduction import cascade_sum
from .registry import BINARY, array_formula, op_formula, primitive

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cosine_embedding_loss",
    "cross_entropy",
    "gaussian_nll_loss",
    "hinge_embedding_loss",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "margin_ranking_loss",
    "mse_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "nll_loss",
    "poisson_nll_loss",
    "smooth_l1_loss",
    "soft_margin_loss",
    "triplet_margin_loss",
]


_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _refuse_complex(kernel: str, array: Any) -> None:
    from .pointwise import _not_implemented_for

    _not_implemented_for(kernel, array)


@primitive("MseLossBackward0", promotion=BINARY)
def _mse_loss(self, target, reduction):
    if self.dtype.kind != "f":  # PyTorch's kernel has floating loops only
        _refuse_complex("mse_cpu", self)
    # float16: the difference and its square each rounded, as PyTorch's sub and pow are
    return _reduce_array(np.square(self - target), reduction)


def _mse_scale(size: int, reduction: str) -> float:
    return 2.0 / max(size, 1) if reduction == "mean" else 2.0


@primitive("MseLossBackwardBackward0", promotion=BINARY)
def mse_loss_backward(grad_output, self, target, reduction):
    """The gradient of mse_loss with respect to ``self``: scale * (self - target) *
    grad_output, scale being 2 (2 / numel for a mean)."""
    scale = _mse_scale(self.size, reduction)
    # PyTorch's order, to the last bit (float16 rounded at each step, as there)
    return (scale * (self - target) * grad_output).astype(self.dtype, copy=False)


def _mse_backward_self_grad(grad: Tensor, grad_output: Tensor, self: Tensor,
                            reduction: str) -> Tensor:  # fmt: skip
    return grad * _mse_scale(self._data.size, reduction) * grad_output


mse_loss_backward.defgrad(
    grad_output=lambda grad, self, target, reduction: (
        grad * _mse_scale(self._data.size, reduction) * (self - target)
    ),
    self=_mse_backward_self_grad,
    target=lambda grad, grad_output, self, reduction: (
        -_mse_backward_self_grad(grad, grad_output, self, reduction)
    ),
)


def _mse_grad(grad: Tensor, self: Tensor, target: Tensor, reduction: str) -> Tensor:
    return mse_loss_backward(grad, self, target, reduction)


def _mse_grad_on_arrays(grad: Any, self: Any, target: Any, reduction: str) -> Any:
    scaled = mul.forward(grad, _mse_scale(self.size, reduction))
    return mul.forward(scaled, sub.forward(self, target))


def _mse_target_grad(grad: Tensor, self: Tensor, target: Tensor, reduction: str) -> Tensor:
    return mse_loss_backward(grad, target, self, reduction)  # as PyTorch: the roles swapped


def _mse_target_grad_on_arrays(grad: Any, self: Any, target: Any, reduction: str) -> Any:
    return neg.forward(_mse_grad_on_arrays(grad, self, target, reduction))


_mse_loss.defgrad(
    self=array_formula(_mse_grad, _mse_grad_on_arrays),
    target=array_formula(_mse_target_grad, _mse_target_grad_on_arrays),
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
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    try:
        mismatched = input._data.shape != target._data.shape
    except AttributeError:  # PyTorch's mse_loss compares ``target.size()`` first
        bad = target if not isinstance(target, Tensor) else input
        raise AttributeError(f"'{type(bad).__name__}' object has no attribute 'size'") from None
    if mismatched:
        warnings.warn(
            f"Using a target size ({target.shape!r}) that is different to the input size "
            f"({input.shape!r}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            UserWarning,
            stacklevel=2,
        )
        input, target = _broadcast_pair(input, target)
    if weight is not None:
        return _weighted(input - target, input, weight, reduction, lambda d: d.pow(2))
    return _mse_loss(input, target, reduction)


def _weighted(
    losses: Tensor, input: Tensor, weight: Tensor, reduction: str, loss: Any = None
) -> Tensor:
    """PyTorch's weighted mse/l1/huber: ``loss(losses) * weight`` (``weight`` of the input's
    size), summed, or averaged over the sum of the weights (``loss`` given: mse, l1) or the
    elements (huber)."""
    if weight._data.shape != input._data.shape:
        raise ValueError("Weights and input must have the same size.")
    weighted = (losses if loss is None else loss(losses)) * weight
    if reduction == "none":
        return weighted
    if reduction == "sum":
        return weighted.sum()
    return weighted.mean() if loss is None else weighted.sum() / weight.sum()


def _broadcast_pair(first: Tensor, second: Tensor) -> tuple[Tensor, Tensor]:
    shape = broadcast_shapes(first._data.shape, second._data.shape)
    return first.expand(shape), second.expand(shape)


def _class_last(array: np.ndarray) -> np.ndarray:
    """(N, C, d1, ...) -> (N * d1 * ..., C); (C,) -> (1, C)."""
    if array.ndim == 2:
        return array
    if array.ndim == 1:
        return array[None]
    return np.moveaxis(array, 1, -1).reshape(-1, array.shape[1])


def _nll_parts(self: np.ndarray, target: np.ndarray, weight: Any, ignore_index: int) -> Any:
    """Per-element picked log-probabilities, their weights (None when every weight is 1:
    no class weights, no ignored target), the flat target (ignored ones replaced by 0) and
    whether no target is ignored."""
    scores = _class_last(self)
    flat_target = target.reshape(-1)
    classes = scores.shape[1]
    # One comparison finds targets below 0 too: as unsigned they are above any class count.
    # With a negative ignore_index (the default -100) it also finds the ignored ones, so
    # when it finds nothing every target is a valid class.
    out_of_range = flat_target.astype(np.int64, copy=False).view(np.uint64) >= classes
    if ignore_index < 0 and not out_of_range.any():
        all_valid = True
        safe_target = flat_target
    else:
        valid = flat_target != ignore_index
        out_of_range &= valid
        if out_of_range.any():
            raise IndexError(f"Target {flat_target[out_of_range][0]} is out of bounds.")
        all_valid = bool(valid.all())
        safe_target = flat_target if all_valid else np.where(valid, flat_target, 0)
    if weight is None:
        # 1, or 0 where the target is ignored
        element_weights = None if all_valid else valid.astype(scores.dtype)
    else:
        picked_weights = weight.astype(scores.dtype, copy=False)[safe_target]
        element_weights = picked_weights if all_valid else np.where(valid, picked_weights, 0)
        element_weights = element_weights.astype(scores.dtype, copy=False)
    picked = scores[np.arange(scores.shape[0]), safe_target]
    return picked, element_weights, safe_target, all_valid


# NOTE [nll_loss's sum]
# PyTorch's CPU nll_loss (a batch of class scores, not the spatial kernel) sums its losses,
# and the weights of a weighted mean, in a cascade of its own, in batch order: 8 levels, a
# step of 2**p samples (p = max(4, ceil(log2(n)) // 8)). Sample b is added to level 0; then,
# while b is a multiple of step**(j + 1) (b = 0 included), level j is added into level j + 1
# and cleared. An ignored sample is skipped, flushes included. The result adds the levels,
# 0 + level 0 + ... + level 7. So sample 0 sits alone in level 7, and each later run of
# `step` samples (1..16, 17..32, ...) is summed on its own before joining level 1.
def _nll_cascade(values: np.ndarray, skipped: np.ndarray | None = None) -> Any:
    """The sum of per-sample ``values`` (1-d) as PyTorch's nll_loss adds them."""
    count = values.shape[0]
    zero = values.dtype.type(0)
    if count == 0:
        return zero
    power = (count - 1).bit_length() // 8  # ceil(log2(count)) // 8
    power = power if power > 4 else 4
    step = 1 << power
    if skipped is not None:  # flushes depend on which samples are skipped: one by one
        levels = [zero] * 8
        for index in range(count):
            if skipped[index]:
                continue
            levels[0] = levels[0] + values[index]
            for level in range(7):
                if index & ((step - 1) << (level * power)):
                    break
                levels[level + 1] = levels[level + 1] + levels[level]
                levels[level] = zero
        return _sequential(np.array(levels, values.dtype))
    levels = []
    current = values[1:]  # sample 0 went straight to level 7
    for _ in range(7):
        runs = current.shape[0] // step
        levels.append(_sequential(current[runs * step :]))
        if not runs:
            break
        current = np.add.accumulate(current[: runs * step].reshape(runs, step), axis=1)[:, -1]
    else:
        levels.append(_sequential(np.concatenate((values[:1], current))))
        return _sequential(np.array(levels, values.dtype))
    levels.append(values[0])
    return _sequential(np.array(levels, values.dtype))


def _sequential(values: np.ndarray) -> Any:
    """0 + v0 + v1 + ..., one after another."""
    if values.shape[0] == 0:
        return values.dtype.type(0)
    return np.add.accumulate(values)[-1] + values.dtype.type(0)


@primitive("NllLossBackward0")
def _nll_loss(self, target, weight, ignore_index, reduction, total_weight):
    """The loss; ``total_weight`` (see ``_nll_total_weight``) is the mean's divisor, and an
    argument so that the node keeps it as PyTorch's does (``_saved_total_weight``, a tensor
    its forward returns) while the backward stays one op on arrays."""
    picked, element_weights, _, all_valid = _nll_parts(self, target, weight, ignore_index)
    losses = -picked if element_weights is None else -picked * element_weights
    if reduction == "none":
        return losses.reshape(target.shape)
    if self.ndim > 2:  # the spatial kernel
        total = np.add.reduce(losses)
        return total if reduction == "sum" else total / total_weight
    skipped = None if all_valid else target.reshape(-1) == ignore_index
    total = np.asarray(_nll_cascade(losses, skipped))
    if reduction == "sum":
        return total
    return np.asarray(total / total_weight, dtype=self.dtype)


def _nll_total_weight(
    self: np.ndarray, target: np.ndarray, weight: Any, ignore_index: int, reduction: str
) -> np.ndarray:
    """The total weight of the targets not ignored (0 without a reduction), in the loss's
    dtype: for a batch of scores summed as the loss is (NOTE [nll_loss's sum])."""
    if reduction == "none":
        return np.zeros((), self.dtype)
    count = target.size
    if weight is None and ignore_index < 0 and not (target < 0).any():
        return np.asarray(count, dtype=self.dtype)  # every target counts once
    _, element_weights, _, all_valid = _nll_parts(self, target, weight, ignore_index)
    if self.ndim > 2:
        return np.asarray(_total_weight(element_weights, count, self.dtype))
    skipped = None if all_valid else target.reshape(-1) == ignore_index
    if weight is None:
        divisor = self.dtype.type(count - (0 if skipped is None else skipped.sum()))
    else:
        divisor = _nll_cascade(element_weights, skipped)
    return np.asarray(divisor, dtype=self.dtype)


def _total_weight(element_weights: np.ndarray | None, count: int, dtype: np.dtype) -> Any:
    """The mean's divisor: the sum of the weights, in the loss's dtype."""
    if element_weights is None:
        return dtype.type(count)
    return np.add.reduce(element_weights)


@primitive("NllLossBackwardBackward0")
def nll_loss_backward(grad_output, self, target, weight, ignore_index, reduction, total_weight):
    """The gradient of nll_loss with respect to its input (a scatter of -weights; a mean's
    divided by the forward's total weight)."""
    _, element_weights, safe_target, all_valid = _nll_parts(self, target, weight, ignore_index)
    scale = np.asarray(grad_output, dtype=self.dtype).reshape(-1)
    if reduction == "mean":
        scale = scale / total_weight
    contributions = -scale if element_weights is None else -element_weights * scale
    if not all_valid:
        # ignored targets get no gradient, even when every target is ignored (0/0 scale)
        contributions[target.reshape(-1) == ignore_index] = 0
    flat = np.zeros(_class_last(self).shape, dtype=self.dtype)
    flat[np.arange(flat.shape[0]), safe_target] = contributions
    if self.ndim <= 2:
        return flat[0] if self.ndim == 1 else flat
    moved_shape = (self.shape[0], *self.shape[2:], self.shape[1])
    return np.moveaxis(flat.reshape(moved_shape), -1, 1)


nll_loss_backward.defgrad(
    # The map grad_output -> gradient is linear; its adjoint is nll_loss itself.
    grad_output=lambda grad, target, weight, ignore_index, reduction, total_weight: _nll_loss(
        grad, target, weight, ignore_index, reduction, total_weight
    ),
    # Zero, but declared: the first-order gradient then depends on ``self`` as in PyTorch.
    self=lambda grad: grad * 0,
)


_nll_loss_grad = op_formula(
    nll_loss_backward, "grad", "self", "target", "weight", "ignore_index", "reduction",
    "total_weight",
)  # fmt: skip


_nll_loss.defgrad(self=_nll_loss_grad)

# Inputs with spatial dimensions (N, C, d1, ...) get PyTorch's 2-D node name; same kernel.
_nll_loss_2d = primitive("NllLoss2DBackward0")(_nll_loss.forward)
_nll_loss_2d.defgrad(self=_nll_loss_grad)
# weight=None is an undefined saved tensor in PyTorch's node (``_raw_saved_weight`` listed).
for _op in (_nll_loss, _nll_loss_2d):
    _op.saved_as(tensors=("weight",))
del _op


def _check_target(input: Tensor, target: Tensor) -> None:
    """PyTorch's checks of class-index targets against the input, before their dtype's."""
    shape, target_shape = input._data.shape, target._data.shape
    batch = target_shape[0] if target_shape else 0
    if len(shape) >= 2 and shape[0] != batch:
        raise ValueError(
            f"Expected input batch_size ({shape[0]}) to match target batch_size ({batch})."
        )
    if len(shape) <= 2:
        if len(target_shape) > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    elif len(shape) == 4:
        if len(target_shape) != 3:
            raise RuntimeError(
                "only batches of spatial targets supported (3D tensors) but got targets of "
                f"dimension: {len(target_shape)}"
            )
    elif target_shape != (shape[0], *shape[2:]):
        raise RuntimeError(
            f"Expected target size {[shape[0], *shape[2:]]}, got {list(target_shape)}"
        )


def _check_target_size(input: Tensor, target: Tensor) -> None:
    """PyTorch's checks of class-index targets that come after their dtype's."""
    shape, target_shape = input._data.shape, target._data.shape
    if len(shape) == 1 and len(target_shape) == 1 and target_shape[0] != 1:
        raise ValueError(
            f"For 1D input, 1D target must have size 1, but got target size: {target_shape[0]}"
        )
    if len(shape) == 4 and target_shape != (shape[0], *shape[2:]):
        raise RuntimeError(
            f"size mismatch (got input: {list(shape)} , target: {list(target_shape)}"
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
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_target(input, target)
    _check_index_target(target)
    _check_target_size(input, target)
    if weight is not None:
        classes = input._data.shape[1 if input._data.ndim >= 2 else 0]
        if weight._data.size != classes:
            if input._data.ndim >= 3:  # the spatial kernel's shorter message
                raise RuntimeError("weight tensor should be defined either for all or no classes")
            raise RuntimeError(
                f"weight tensor should be defined either for all {classes} classes or no "
                f"classes but got weight tensor of shape: {list(weight._data.shape)}"
            )
    two_d = input._data.ndim >= 3
    _check_not_differentiable("nll_loss2d_forward" if two_d else "nll_loss_forward", weight=weight)
    if not two_d:
        refuse_integral("nll_loss_out_frame", input)
    ndim = input._data.ndim
    if ndim == 3 or ndim > 4:
        # As PyTorch: (N, C, d1, ...) folded into the 4-d kernel, 'none' losses viewed back.
        n, c = input._data.shape[:2]
        spatial = (1, -1) if input._data.size else (0, 0)
        folded = input.reshape(n, c, *spatial)
        targets = target.reshape(n, *((1, -1) if target._data.size else (0, 0)))
        total_weight = _total_weight_tensor(folded, targets, weight, ignore_index, reduction)
        losses = _nll_loss_2d(folded, targets, weight, ignore_index, reduction, total_weight)
        return losses.view(n, *input._data.shape[2:]) if reduction == "none" else losses
    op = _nll_loss_2d if two_d else _nll_loss
    total_weight = _total_weight_tensor(input, target, weight, ignore_index, reduction)
    return op(input, target, weight, ignore_index, reduction, total_weight)


def _total_weight_tensor(
    input: Tensor, target: Tensor, weight: Any, ignore_index: int, reduction: str
) -> Tensor:
    weight_array = None if weight is None else weight._data
    return Tensor._from_array(
        _nll_total_weight(input._data, target._data, weight_array, ignore_index, reduction)
    )


def _check_index_target(target: Tensor) -> None:
    if target._data.dtype not in (np.int64, np.uint8):
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {target.dtype.legacy_name}"
        )


def _legacy_reduction(size_average: Any, reduce: Any, reduction: str) -> str:
    """The reduction the deprecated ``size_average``/``reduce`` arguments ask for, with
    PyTorch's warning; ``reduction`` itself when neither is given."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    legacy = ("mean" if size_average else "sum") if reduce else "none"
    warnings.warn(
        f"size_average and reduce args will be deprecated, please use reduction='{legacy}' "
        "instead.",
        UserWarning,
        stacklevel=3,
    )
    return legacy


def _check_not_differentiable(function: str, **arguments: Tensor | None) -> None:
    """PyTorch's error for an argument the op has no derivative for that requires grad."""
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
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if label_smoothing > 1.0:  # PyTorch checks the upper bound only, before the shapes
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
    try:
        class_dim = 0 if input._data.ndim == 1 else 1
    except AttributeError:  # PyTorch's parser refuses a non-tensor
        raise TypeError(
            "cross_entropy_loss(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        ) from None
    log_probs = log_softmax(input, class_dim)
    # As PyTorch: a target shaped like the input holds class probabilities, any other
    # target class indices.
    if target._data.shape == input._data.shape:
        if not target.dtype.is_floating_point:
            raise RuntimeError(
                "Expected floating point type for target with class probabilities, "
                f"got {target.dtype.legacy_name}"
            )
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
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
    # PyTorch's nodes: -(products).sum(class_dim), -(products).sum(), and for the mean
    # -(products).sum() / batch, filled with nan when empty
    if reduction == "none":
        return -products.sum(class_dim)
    if reduction == "sum":
        return -products.sum()
    if log_probs._data.size == 0:
        return -products.sum().fill_(math.nan)
    return div_scalar(-products.sum(), log_probs._data.size // classes)


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
    # PyTorch's graph: the ignored entries filled with 0 (always: MaskedFillBackward0, which
    # keeps the mask), a mean divided by a tensor (DivBackward0 keeps it): the count of the
    # targets not ignored, or the sum of their weights.
    smooth = (-weighted.sum(class_dim)).masked_fill(ignored, 0.0)
    if reduction == "mean":
        kept = ~ignored
        if weight is None:
            smooth = smooth.sum() / kept.sum()
        else:
            smooth = smooth.sum() / weight.gather(0, target.masked_select(kept).flatten()).sum()
    elif reduction == "sum":
        smooth = smooth.sum()
    # PyTorch scales both terms with the Scalar overload of mul (MulBackward1).
    return mul_scalar(loss, 1 - label_smoothing) + mul_scalar(smooth, label_smoothing / classes)


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
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    input, target = _check_same_size(input, target, "l1_loss")
    if weight is not None:
        return _weighted(input - target, input, weight, reduction, lambda d: d.abs())
    return _reduce((input - target).abs(), reduction)


def _reduce_array(losses: np.ndarray, reduction: str) -> np.ndarray:
    # PyTorch reduces a loss with its sum kernel (NOTE [PyTorch's cascade sum]), float16
    # losses in float32 (its accumulation type), rounded once.
    if reduction == "none":
        return losses
    if losses.dtype is FLOAT16:
        return in_float32(_reduce_array, losses, reduction)
    if reduction == "mean":  # nan when empty, without np.mean's "Mean of empty slice" warning
        if not losses.size:
            return np.full((), np.nan, losses.dtype)
        return np.asarray(cascade_sum(losses) / losses.size, dtype=losses.dtype)
    return cascade_sum(losses) if reduction == "sum" else losses


def _reduction_scale(grad: Tensor, self: Tensor, reduction: str) -> Tensor:
    return grad / max(self._data.size, 1) if reduction == "mean" else grad


@primitive("SmoothL1LossBackward0", promotion=BINARY)
def _smooth_l1_loss(self, target, reduction, beta):
    difference = np.abs(self - target)
    if beta == 0:
        return _reduce_array(difference, reduction)
    # PyTorch's order: float16 rounds each step, and 0.5 * |d| may not underflow as |d|**2
    losses = np.where(
        difference < beta, 0.5 * difference * difference / beta, difference - 0.5 * beta
    )
    return _reduce_array(losses.astype(difference.dtype, copy=False), reduction)


@primitive("SmoothL1LossBackwardBackward0", promotion=BINARY, promote=("self", "target"))
@half_in_float32
def smooth_l1_loss_backward(grad_output, self, target, reduction, beta):
    """The gradient of smooth_l1_loss with respect to ``self``: (self - target) / beta inside
    the quadratic zone, its sign outside, over N for a mean, times grad_output."""
    difference = self - target
    slope = np.where(np.abs(difference) < beta, difference / beta, np.sign(difference))
    return (_mean_scaled(slope, self.size, reduction) * grad_output).astype(self.dtype, copy=False)


def _mean_scaled(values: np.ndarray, size: int, reduction: str) -> np.ndarray:
    """``values`` times 1 / ``size`` for a mean (PyTorch's losses scale before the grad)."""
    return values * (1 / max(size, 1)) if reduction == "mean" else values


def _smooth_l1_second_derivative(
    grad: Tensor, grad_output: Tensor, self: Tensor, target: Tensor, reduction: str, beta: float
) -> Tensor:
    # 1 / beta inside the quadratic zone, 0 outside.
    inside = (self - target).abs() < beta
    return where(inside, _reduction_scale(grad * grad_output, self, reduction) / beta, grad * 0)


smooth_l1_loss_backward.defgrad(
    # linear in grad_output: its gradient is the kernel applied to ``grad``
    grad_output=lambda grad, self, target, reduction, beta: smooth_l1_loss_backward(
        grad, self, target, reduction, beta
    ),
    self=_smooth_l1_second_derivative,
    target=lambda grad, grad_output, self, target, reduction, beta: (
        -_smooth_l1_second_derivative(grad, grad_output, self, target, reduction, beta)
    ),
)
# As PyTorch: the target's gradient is the kernel with the roles of self and target swapped.
_smooth_l1_loss.defgrad(
    self=op_formula(smooth_l1_loss_backward, "grad", "self", "target", "reduction", "beta"),
    target=op_formula(smooth_l1_loss_backward, "grad", "target", "self", "reduction", "beta"),
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
    refuse_integral("smooth_l1_cpu", input)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0.0:
        # As PyTorch: with no quadratic zone the loss is l1_loss (its graph included).
        return l1_loss(input, target, reduction=reduction)
    input, target = _check_same_size(input, target, "smooth_l1_loss")
    return _smooth_l1_loss(input, target, reduction, beta)


@primitive("HuberLossBackward0", promotion=BINARY)
@half_in_float32
def _huber_loss(self, target, reduction, delta):
    difference = np.abs(self - target)
    losses = np.where(difference < delta, 0.5 * difference**2, delta * (difference - 0.5 * delta))
    return _reduce_array(losses.astype(difference.dtype, copy=False), reduction)


@primitive("HuberLossBackwardBackward0", promotion=BINARY, promote=("self", "target"))
def huber_loss_backward(grad_output, self, target, reduction, delta):
    """The gradient of huber_loss with respect to ``self``: self - target inside the
    quadratic zone, delta times its sign outside, over N for a mean, times grad_output."""
    difference = self - target
    slope = np.where(np.abs(difference) < delta, difference, np.sign(difference) * delta)
    return (_mean_scaled(slope, self.size, reduction) * grad_output).astype(self.dtype, copy=False)


def _huber_second_derivative(
    grad: Tensor, grad_output: Tensor, self: Tensor, target: Tensor, reduction: str, delta: float
) -> Tensor:
    # 1 inside the quadratic zone, 0 outside.
    inside = (self - target).abs() < delta
    return where(inside, _reduction_scale(grad * grad_output, self, reduction), grad * 0)


huber_loss_backward.defgrad(
    # linear in grad_output: its gradient is the kernel applied to ``grad``
    grad_output=lambda grad, self, target, reduction, delta: huber_loss_backward(
        grad, self, target, reduction, delta
    ),
    self=_huber_second_derivative,
    target=lambda grad, grad_output, self, target, reduction, delta: (
        -_huber_second_derivative(grad, grad_output, self, target, reduction, delta)
    ),
)
# As PyTorch: the target's gradient is the kernel with the roles of self and target swapped.
_huber_loss.defgrad(
    self=op_formula(huber_loss_backward, "grad", "self", "target", "reduction", "delta"),
    target=op_formula(huber_loss_backward, "grad", "target", "self", "reduction", "delta"),
)


def huber_loss(
    input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0, weight: Any = None
) -> Tensor:
    """huber_loss(input, target, reduction='mean', delta=1.0)"""
    refuse_integral("huber_cpu", input)
    _check_reduction(reduction)
    input, target = _check_same_size(input, target, "huber_loss")
    if weight is not None:
        return _weighted(_huber_loss(input, target, "none", delta), input, weight, reduction)
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


_BCE_EPS = 1e-12


@primitive("BinaryCrossEntropyBackwardBackward0", promotion=BINARY, promote=("self", "target"))
def binary_cross_entropy_backward(grad_output, self, target, weight, reduction):
    """The gradient of binary_cross_entropy with respect to ``self``: grad_output * (self -
    target) / max(self (1 - self), 1e-12), times the weight (over N for a mean)."""
    denominator = np.maximum((1 - self) * self, _BCE_EPS)
    result = np.asarray(grad_output, dtype=self.dtype) * (self - target) / denominator
    if weight is not None:
        result = result * weight
    if reduction == "mean":
        result = result / max(self.size, 1)
    return result.astype(self.dtype, copy=False)


def _bce_scaled(value: Tensor, self: Tensor, weight: Any, reduction: str) -> Tensor:
    if weight is not None:
        value = value * weight
    return div_scalar(value, max(self._data.size, 1)) if reduction == "mean" else value


def _bce_second_derivative(
    grad: Tensor, grad_output: Tensor, self: Tensor, target: Tensor, weight: Any, reduction: str
) -> Tensor:
    # d/dp of (p - t) / (p (1 - p)) is (p^2 - 2 p t + t) / (p (1 - p))^2; as PyTorch, with
    # 1e-12 added to p (1 - p) (the first derivative takes the larger of the two instead).
    denominator = (1 - self) * self + _BCE_EPS
    slope = (self * self - 2 * self * target + target) / (denominator * denominator)
    return _bce_scaled(grad * grad_output * slope, self, weight, reduction)


def _bce_backward_target_grad(
    grad: Tensor, grad_output: Tensor, self: Tensor, weight: Any, reduction: str
) -> Tensor:
    # d/dt of (p - t) / (p (1 - p)) is -1 / (p (1 - p)). As PyTorch, the weight before the
    # division, and p (1 - p) held at 1e-12 or more without recording it (its gradient is
    # the product's).
    value = -grad * grad_output
    if weight is not None:
        value = value * weight
    denominator = (1 - self) * self
    with no_grad():
        denominator.clamp_(min=_BCE_EPS)
    return _bce_scaled(value / denominator, self, None, reduction)


binary_cross_entropy_backward.defgrad(
    # linear in grad_output: its gradient is the kernel applied to ``grad``
    grad_output=lambda grad, self, target, weight, reduction: binary_cross_entropy_backward(
        grad, self, target, weight, reduction
    ),
    self=_bce_second_derivative,
    target=_bce_backward_target_grad,
)


def _bce_target_grad(grad: Tensor, self: Tensor, weight: Any, reduction: str) -> Tensor:
    # PyTorch's graph: -logit(self) * grad, times the weight, over N for a mean.
    value = mul(neg(logit(self)), grad)
    if weight is not None:
        value = mul(value, weight)
    return div_scalar(value, self._data.size) if reduction == "mean" else value


_binary_cross_entropy.defgrad(
    self=op_formula(binary_cross_entropy_backward, "grad", "self", "target", "weight", "reduction"),
    target=_bce_target_grad,
)
_binary_cross_entropy.saved_as(tensors=("weight",))


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """binary_cross_entropy(input, target, weight=None, reduction='mean') on probabilities"""
    refuse_integral("binary_cross_entropy", input)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input._data.shape != target._data.shape:
        raise ValueError(
            f"Using a target size ({target.shape!r}) that is different to the input size "
            f"({input.shape!r}) is deprecated. Please ensure they have the same size."
        )
    if target.dtype != input.dtype:
        raise RuntimeError(
            f"Found dtype {target.dtype.legacy_name} but expected {input.dtype.legacy_name}"
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
        positive = pos_weight * target
        slope = (positive + 1 - target) * probability - positive
    return _logits_loss_gradient(grad, self, slope, weight, reduction)


def _bce_logits_target_grad(
    grad: Tensor, self: Tensor, weight: Any, pos_weight: Any, reduction: str
) -> Tensor:
    from .activation import logsigmoid

    # log(1 - sigmoid(x)) - log(sigmoid(x)) is -x exactly when there is no pos_weight.
    if pos_weight is None:
        slope = -self
    else:
        slope = logsigmoid(-self) - logsigmoid(self) * pos_weight
    return _logits_loss_gradient(grad, self, slope, weight, reduction)


def _logits_loss_gradient(
    grad: Tensor, self: Tensor, slope: Tensor, weight: Any, reduction: str
) -> Tensor:
    """``slope * grad``, times the weight, then divided by N: PyTorch's order of operations."""
    gradient = slope * grad
    if weight is not None:
        gradient = gradient * weight
    if reduction == "mean":
        gradient = div_scalar(gradient, max(self._data.size, 1))
    return gradient


_bce_with_logits.defgrad(self=_bce_logits_grad, target=_bce_logits_target_grad)
_bce_with_logits.saved_as(tensors=("weight", "pos_weight"))


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
    refuse_integral("log_sigmoid_cpu", input)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input._data.shape != target._data.shape:
        raise ValueError(
            f"Target size ({target.shape!r}) must be the same as input size ({input.shape!r})"
        )
    if target._data.dtype == np.bool_:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
            "or `logical_xor()` operator instead."
        )
    if not target.dtype.is_floating_point:
        raise RuntimeError(
            f"result type {input.dtype.legacy_name} can't be cast to the desired output type "
            f"{target.dtype.legacy_name}"
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
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in ("none", "mean", "sum", "batchmean"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support "
            "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
            "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
            "major release.",
            UserWarning,
            stacklevel=2,
        )
    if input._data.dtype.kind in "biu" or target._data.dtype.kind in "biu":
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        losses = target.exp() * (target - input)
    else:
        losses = xlogy(target, target) - target * input  # as PyTorch: SubBackward0
    if reduction == "batchmean":  # a 0-d input is not divided (PyTorch: a plain sum)
        return losses.sum() / input.shape[0] if input.dim() else losses.sum()
    return _reduce(losses, reduction)


# -- margin, embedding and likelihood losses --------------------------------------------------
def margin_ranking_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """margin_ranking_loss(x1, x2, y) -> max(0, -y * (x1 - x2) + margin)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.shape!r}, input2: {input2.shape!r}, target: {target.shape!r} "
        )
    _check_reduction(reduction)
    losses = (-target * (input1 - input2) + margin).clamp_min(0)
    return _reduce(losses, reduction)


def hinge_embedding_loss(
    input: Tensor,
    target: Tensor,
    margin: float = 1.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """hinge_embedding_loss(x, y) -> x where y == 1, max(0, margin - x) where y == -1"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    zeros = input.new_zeros(())
    margin_part = where(target != 1, (margin - input).clamp_min(0), zeros)
    self_part = where(target != -1, input, zeros)
    return _reduce(margin_part + self_part, reduction)


def multilabel_soft_margin_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """multilabel_soft_margin_loss(x, y) -> mean over classes of the logistic losses"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    from .activation import logsigmoid

    _check_reduction(reduction)
    losses = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        losses = losses * weight
    class_dim = input.dim() - 1
    losses = losses.sum(dim=class_dim) / input.shape[class_dim]
    return _reduce(losses, reduction)


def triplet_margin_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """triplet_margin_loss(a, p, n) -> max(d(a, p) - d(a, n) + margin, 0)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    from .normalization import pairwise_distance
    from .pointwise import minimum

    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs"
        )
    _check_reduction(reduction)
    distance_positive = pairwise_distance(anchor, positive, p, eps)
    distance_negative = pairwise_distance(anchor, negative, p, eps)
    if swap:
        distance_swap = pairwise_distance(positive, negative, p, eps)
        distance_negative = minimum(distance_negative, distance_swap)
    losses = (margin + distance_positive - distance_negative).clamp_min(0)
    return _reduce(losses, reduction)


def cosine_embedding_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """cosine_embedding_loss(x1, x2, y) -> 1 - cos(x1, x2) where y == 1,
    max(0, cos(x1, x2) - margin) where y == -1"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    target_dim = target.dim()
    if target_dim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != target_dim + 1 or input2.dim() != target_dim + 1:
        raise RuntimeError(
            f"{target_dim}D target tensor expects {target_dim + 1}D input tensors, "
            f"but found inputs with sizes {list(input1.shape)} and {list(input2.shape)}."
        )
    _check_reduction(reduction)
    tiny = 1e-12
    product = (input1 * input2).sum(-1)
    square1 = (input1 * input1).sum(-1) + tiny
    square2 = (input2 * input2).sum(-1) + tiny
    cosine = product / (square1 * square2).sqrt()
    zeros = cosine.new_zeros(())
    positive = where(target == 1, 1 - cosine, zeros)
    negative = where(target == -1, (cosine - margin).clamp_min(0), zeros)
    return _reduce(positive + negative, reduction)


def poisson_nll_loss(
    input: Tensor,
    target: Tensor,
    log_input: bool = True,
    full: bool = False,
    size_average: Any = None,
    eps: float = 1e-8,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """poisson_nll_loss(x, y) -> exp(x) - y * x (log_input) or x - y * log(x + eps)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_input:
        losses = input.exp() - target * input
    else:
        losses = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        losses = losses + stirling.masked_fill(target <= 1, 0)
    return _reduce(losses, reduction)


def gaussian_nll_loss(
    input: Tensor,
    target: Tensor,
    var: Tensor | float,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """gaussian_nll_loss(x, y, var) -> 0.5 * (log(max(var, eps)) + (x - y)^2 / max(var, eps))"""
    from ..autograd.grad_mode import no_grad

    if not isinstance(var, Tensor):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = input.new_full(tuple(input.shape), float(var))
    if var.shape != input.shape:
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (  # as PyTorch: one mismatched dim, of size 1 in var
            var.dim() == input.dim()
            and sum(v for i, v in zip(input.shape, var.shape) if i != v) == 1
        ):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    if bool((var._data < 0).any()):
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    losses = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        losses = losses + 0.5 * math.log(2 * math.pi)
    return _reduce(losses, reduction)


def _check_target_not_differentiable(name: str, target: Tensor) -> None:
    from ..autograd.grad_mode import is_grad_enabled

    if target.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"The function '{name}' is not differentiable with respect to argument 'target'. "
            "This input cannot have requires_grad True."
        )


@primitive("SoftMarginLossBackward0")
def _soft_margin_loss(self, target, reduction):
    losses = np.logaddexp(0, -target * self).astype(self.dtype, copy=False)
    return _reduce_array(losses, reduction).astype(self.dtype)


def _soft_margin_grad(grad: Tensor, self: Tensor, target: Tensor, reduction: str) -> Tensor:
    from .pointwise import sigmoid

    return _reduction_scale(grad, self, reduction) * -target * sigmoid(-target * self)


_soft_margin_loss.defgrad(self=_soft_margin_grad)


def soft_margin_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """soft_margin_loss(x, y) -> log(1 + exp(-y * x))"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _check_target_not_differentiable("soft_margin_loss", target)
    if input._data.shape != target._data.shape:
        input, target = _broadcast_pair(input, target)
    return _soft_margin_loss(input, target, reduction)


def _margin_layout(self: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(N, C) scores and (N,) targets from 0-d, 1-D or 2-D inputs."""
    scores = self.reshape(1, -1) if self.ndim < 2 else self
    return scores, target.reshape(-1)


def _multi_margin_terms(self, target, p, margin, weight):
    """Per-sample per-class hinge terms w[y] * max(0, margin - x[y] + x[j])^p / C, and the
    derivative of each term with respect to x[j]."""
    scores, labels = _margin_layout(self, target)
    classes = scores.shape[1]
    rows = np.arange(scores.shape[0])
    picked = scores[rows, labels][:, None]
    z = margin - picked + scores
    active = z > 0
    active[rows, labels] = False
    scale = (np.ones(len(labels)) if weight is None else weight[labels])[:, None] / classes
    if p == 1:
        terms = np.where(active, z, 0) * scale
        slopes = np.where(active, 1.0, 0.0) * scale
    else:
        terms = np.where(active, z * z, 0) * scale
        slopes = np.where(active, 2 * z, 0.0) * scale
    return terms, slopes, rows, labels


@primitive("MultiMarginLossBackward0")
def _multi_margin_loss(self, target, p, margin, weight, reduction):
    terms, _, _, _ = _multi_margin_terms(self, target, p, margin, weight)
    losses = terms.sum(axis=1).astype(self.dtype)
    if reduction == "none":
        return losses.reshape(target.shape)
    return _reduce_array(losses, reduction).astype(self.dtype)


def _scaled_coefficients(grad_output, coefficients, reduction, shape):
    samples = coefficients.shape[0]
    scale = np.asarray(grad_output, dtype=coefficients.dtype)
    if reduction == "none":
        scale = scale.reshape(samples, 1)
    elif reduction == "mean":
        scale = scale / samples
    return (scale * coefficients).reshape(shape)


def _not_implemented(name: str) -> Any:
    def formula(grad: Tensor) -> Tensor:
        raise RuntimeError(f"derivative for aten::{name} is not implemented")

    return formula


# PyTorch has no derivative for the gradients of the margin losses: their nodes raise.
@primitive("NotImplemented")
def multi_margin_loss_backward(grad_output, self, target, p, margin, weight, reduction):
    """The gradient of multi_margin_loss with respect to its input."""
    _, slopes, rows, labels = _multi_margin_terms(self, target, p, margin, weight)
    coefficients = slopes.astype(self.dtype)
    coefficients[rows, labels] = -slopes.sum(axis=1)
    return _scaled_coefficients(grad_output, coefficients, reduction, self.shape)


multi_margin_loss_backward.defgrad(
    grad_output=_not_implemented("multi_margin_loss_backward"),
    self=_not_implemented("multi_margin_loss_backward"),
)


def _multi_margin_grad(grad, self, target, p, margin, weight, reduction):
    return multi_margin_loss_backward(grad, self, target, p, margin, weight, reduction)


_multi_margin_loss.defgrad(self=_multi_margin_grad)
_multi_margin_loss.saved_as(tensors=("weight",))


def multi_margin_loss(
    input: Tensor,
    target: Tensor,
    p: int = 1,
    margin: float = 1.0,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """multi_margin_loss(x, y) -> sum_j w[y] * max(0, margin - x[y] + x[j])^p / C"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    _check_reduction(reduction)
    shape = tuple(input.shape)
    if input.dim() > 2 or (input.dim() == 2 and shape[1] == 0):
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
            f"{list(shape)!r}".replace("'", "")
        )
    samples = shape[0] if input.dim() == 2 else 1
    classes = shape[-1] if input.dim() >= 1 else 1
    if target.dim() > 1 or target.numel() != samples:
        raise RuntimeError(
            "multi_margin_loss: target tensor should be 1-D with size equal to the number of "
            f"input samples (batch size). Expected target size [{samples}], but got "
            f"{list(target.shape)}. Input has shape {list(shape)}."
        )
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(
            f"inconsistent weight size, expected {classes} but got {list(weight.shape)}"
        )
    if bool(((target._data < 0) | (target._data >= classes)).any()):
        raise RuntimeError("target out of range")
    return _multi_margin_loss(input, target, p, margin, weight, reduction)


def _multilabel_coefficients(self: np.ndarray, target: np.ndarray) -> Any:
    """Per-sample losses and d loss / d x for sum over (label j, non-label k) of
    max(0, 1 - (x[j] - x[k])) / C."""
    scores = self.reshape(1, -1) if self.ndim < 2 else self
    labels = target.reshape(scores.shape)
    classes = scores.shape[1]
    losses = np.zeros(scores.shape[0], dtype=scores.dtype)
    coefficients = np.zeros(scores.shape, dtype=scores.dtype)
    for row in range(scores.shape[0]):
        chosen = []
        for label in labels[row]:
            if label < 0:
                break
            chosen.append(int(label))
        is_label = np.zeros(classes, dtype=bool)
        is_label[chosen] = True
        for j in chosen:
            z = 1 - scores[row, j] + scores[row]
            active = (z > 0) & ~is_label
            losses[row] += np.sum(np.where(active, z, 0)) / classes
            coefficients[row] += active / classes
            coefficients[row, j] -= np.sum(active) / classes
    return losses, coefficients


def _is_target(self: np.ndarray, target: np.ndarray) -> np.ndarray:
    """1 where a class is one of its sample's labels (those before the first -1), else 0."""
    labels = target.reshape(-1, self.shape[-1]) if self.ndim else target.reshape(1, 1)
    listed = np.cumprod(labels >= 0, axis=1).astype(bool)  # before the first negative
    marks = np.zeros(labels.shape, dtype=self.dtype)
    rows = np.broadcast_to(np.arange(labels.shape[0])[:, None], labels.shape)
    marks[rows[listed], labels[listed]] = 1
    return marks.reshape(self.shape)


@primitive("MultilabelMarginLossBackward0", num_outputs=2, differentiable_outputs=(0,))
def _multilabel_margin_loss(self, target, reduction):
    """The loss, and which classes are labels (``is_target``, which PyTorch's kernel
    returns too and its node keeps)."""
    losses, _ = _multilabel_coefficients(self, target)
    if reduction == "none":
        loss = losses.reshape(self.shape[:-1]) if self.ndim >= 1 else losses.reshape(())
    else:
        loss = _reduce_array(losses, reduction).astype(self.dtype)
    return loss, _is_target(self, target)


@primitive("NotImplemented")
def multilabel_margin_loss_backward(grad_output, self, target, reduction):
    """The gradient of multilabel_margin_loss with respect to its input."""
    _, coefficients = _multilabel_coefficients(self, target)
    return _scaled_coefficients(grad_output, coefficients, reduction, self.shape)


multilabel_margin_loss_backward.defgrad(
    grad_output=_not_implemented("multilabel_margin_loss_backward"),
    self=_not_implemented("multilabel_margin_loss_backward"),
)


def _multilabel_margin_grad(grads, self, target, reduction, result1):
    return multilabel_margin_loss_backward(grads[0], self, target, reduction)


_multilabel_margin_loss.defgrad(self=_multilabel_margin_grad)
_multilabel_margin_loss.saved_as(is_target="result1")


def multilabel_margin_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """multilabel_margin_loss(x, y) -> sum over labels j, non-labels k of
    max(0, 1 - (x[j] - x[k])) / C; y lists the labels, ended by -1"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    shape = tuple(input.shape)
    if input.dim() > 2 or (input.dim() == 2 and shape[1] == 0):
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
            f"{list(shape)!r}".replace("'", "")
        )
    if tuple(target.shape) != shape:
        raise RuntimeError(
            f"inconsistent target size: {list(target.shape)} for input of size: {list(shape)}"
        )
    classes = shape[-1] if input.dim() >= 1 else 1
    if bool(((target._data < -1) | (target._data >= classes)).any()):
        raise RuntimeError("argument #2 'target' is out of range")
    return _multilabel_margin_loss(input, target, reduction)[0]
