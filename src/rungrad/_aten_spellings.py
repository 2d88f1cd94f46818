"""PyTorch's top-level spellings of nn.functional ops whose signatures differ from the
functional ones: every flag positional and required (``torch.dropout(input, p, train)``,
``torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
cudnn_enabled)``), or the arguments in another order (``torch.embedding(weight, indices)``).
The ``cudnn_enabled`` flags choose a GPU kernel in PyTorch and change nothing here."""

from __future__ import annotations

from typing import Any

from ._ops import activation as _activation
from ._ops.ctc import ctc_loss_aten as ctc_loss
from ._tensor import Tensor
from .nn import functional as F

__all__ = [
    "alpha_dropout",
    "alpha_dropout_",
    "batch_norm",
    "celu",
    "celu_",
    "ctc_loss",
    "dropout",
    "dropout_",
    "embedding",
    "feature_alpha_dropout",
    "group_norm",
    "instance_norm",
    "layer_norm",
    "rrelu",
    "rrelu_",
    "selu",
    "selu_",
    "threshold",
    "threshold_",
]


def _check_probability(p: float) -> None:
    # The functional versions raise ValueError (a Python check); these, the kernel's error.
    if not 0 <= p <= 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """dropout(input, p, train) -> ``nn.functional.dropout(input, p, train)``"""
    _check_probability(p)
    return F.dropout(input, p, train)


def alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """alpha_dropout(input, p, train) -> ``nn.functional.alpha_dropout(input, p, train)``"""
    _check_probability(p)
    return F.alpha_dropout(input, p, train)


def dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """dropout_(input, p, train) -> ``input``, dropped out in place"""
    _check_probability(p)
    return F.dropout(input, p, train, inplace=True)


def alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:
    """alpha_dropout_(input, p, train) -> ``input``, alpha-dropped out in place"""
    _check_probability(p)
    return F.alpha_dropout(input, p, train, inplace=True)


def feature_alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:
    """feature_alpha_dropout(input, p, train) -> ``nn.functional.feature_alpha_dropout``"""
    _check_probability(p)
    return F.feature_alpha_dropout(input, p, train)


def embedding(weight: Tensor, indices: Tensor, padding_idx: int = -1,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Any:  # fmt: skip
    """embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False) ->
    the rows of ``weight`` at ``indices`` (``padding_idx`` -1: none)"""
    return F.embedding(
        indices,
        weight,
        padding_idx=None if padding_idx == -1 else padding_idx,
        scale_grad_by_freq=scale_grad_by_freq,
        sparse=sparse,
    )


def _bind(
    name: str, names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> list[Any]:
    """All of ``names``, required, from positions then keywords, with PyTorch's parser error
    for the missing ones (whose wording, singular and plural, is PyTorch's own)."""
    values = dict(zip(names, args))
    values.update(kwargs)
    missing = [argument for argument in names if argument not in values]
    if missing:
        plural = "arguments" if len(missing) == 1 else "argument"
        listed = ", ".join(f'"{argument}"' for argument in missing)
        raise TypeError(f"{name}() missing {len(missing)} required positional {plural}: {listed}")
    return [values[argument] for argument in names]


_BATCH_NORM = ("input", "weight", "bias", "running_mean", "running_var", "training",
               "momentum", "eps", "cudnn_enabled")  # fmt: skip
_INSTANCE_NORM = ("input", "weight", "bias", "running_mean", "running_var", "use_input_stats",
                  "momentum", "eps", "cudnn_enabled")  # fmt: skip


def batch_norm(*args: Any, **kwargs: Any) -> Tensor:
    """batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
    cudnn_enabled) -> ``nn.functional.batch_norm`` with every argument given"""
    input, weight, bias, mean, var, training, momentum, eps, _ = _bind(
        "batch_norm", _BATCH_NORM, args, kwargs
    )
    return F.batch_norm(input, mean, var, weight, bias, training, momentum, eps)


def instance_norm(*args: Any, **kwargs: Any) -> Tensor:
    """instance_norm(input, weight, bias, running_mean, running_var, use_input_stats,
    momentum, eps, cudnn_enabled) -> ``nn.functional.instance_norm`` with every argument"""
    input, weight, bias, mean, var, use_input_stats, momentum, eps, _ = _bind(
        "instance_norm", _INSTANCE_NORM, args, kwargs
    )
    return F.instance_norm(input, mean, var, weight, bias, use_input_stats, momentum, eps)


def layer_norm(input: Tensor, normalized_shape: Any, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5,
               cudnn_enable: bool = True) -> Tensor:  # fmt: skip
    """layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05,
    cudnn_enable=True) -> ``nn.functional.layer_norm``"""
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5,
               cudnn_enabled: bool = True) -> Tensor:  # fmt: skip
    """group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True)
    -> ``nn.functional.group_norm``"""
    return F.group_norm(input, num_groups, weight, bias, eps)


# The activations: no ``inplace`` flag (the ``_`` spellings are the in-place ones), so a
# call with one too many positional arguments is refused as PyTorch's parser refuses it.
def selu(input: Tensor) -> Tensor:
    """selu(input) -> ``nn.functional.selu(input)``"""
    return _activation.selu(input)


def selu_(input: Tensor) -> Tensor:
    """selu_(input) -> ``input``, selu applied in place"""
    return _activation.selu(input, inplace=True)


def celu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """celu(input, alpha=1.0) -> ``nn.functional.celu(input, alpha)``"""
    return _activation.celu(input, alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """celu_(input, alpha=1.0) -> ``input``, celu applied in place"""
    return _activation.celu(input, alpha, inplace=True)


def threshold(input: Tensor, threshold: float, value: float) -> Tensor:
    """threshold(input, threshold, value) -> x if x > threshold else value"""
    return _activation.threshold(input, threshold, value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """threshold_(input, threshold, value) -> ``input``, thresholded in place"""
    return _activation.threshold(input, threshold, value, inplace=True)


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
          training: bool = False, generator: Any = None) -> Tensor:  # fmt: skip
    """rrelu(input, lower=1/8, upper=1/3, training=False, generator=None) ->
    ``nn.functional.rrelu``, its slopes drawn from ``generator`` in training"""
    return _activation.rrelu_drawn(input, lower, upper, training, False, generator)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
           training: bool = False, generator: Any = None) -> Tensor:  # fmt: skip
    """rrelu_(input, lower=1/8, upper=1/3, training=False, generator=None) -> ``input``,
    rrelu applied in place"""
    return _activation.rrelu_drawn(input, lower, upper, training, True, generator)
