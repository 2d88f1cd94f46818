"""PyTorch's top-level spellings of nn.functional ops whose signatures differ from the
functional ones: every flag positional and required (``torch.dropout(input, p, train)``),
or the arguments in another order (``torch.embedding(weight, indices)``)."""

from __future__ import annotations

from typing import Any

from ._ops.ctc import ctc_loss_aten as ctc_loss
from ._tensor import Tensor
from .nn import functional as F

__all__ = [
    "alpha_dropout",
    "ctc_loss",
    "dropout",
    "embedding",
    "feature_alpha_dropout",
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
