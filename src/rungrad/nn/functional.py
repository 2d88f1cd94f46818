"""``rungrad.nn.functional``: the functional face of the NN kernels in ``rungrad._ops``."""

import warnings
from typing import Any

from .._ops.activation import (
    celu,
    elu,
    gelu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    logsigmoid,
    mish,
    prelu,
    relu6,
    rrelu,
    selu,
    silu,
    softplus,
    softshrink,
    softsign,
    tanhshrink,
)
from .._ops.activation import (
    threshold as _threshold_op,
)
from .._ops.attention import multi_head_attention_forward, scaled_dot_product_attention
from .._ops.convolution import (
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from .._ops.ctc import ctc_loss
from .._ops.indexing import one_hot
from .._ops.linalg import pdist
from .._ops.loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    cross_entropy,
    gaussian_nll_loss,
    hinge_embedding_loss,
    huber_loss,
    kl_div,
    l1_loss,
    margin_ranking_loss,
    mse_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    nll_loss,
    poisson_nll_loss,
    smooth_l1_loss,
    soft_margin_loss,
    triplet_margin_loss,
)
from .._ops.nn import (
    _softmax_dim,
    alpha_dropout,
    bilinear,
    dropout,
    dropout1d,
    dropout2d,
    dropout3d,
    embedding,
    embedding_bag,
    feature_alpha_dropout,
    linear,
    log_softmax,
    softmax,
)
from .._ops.normalization import (
    batch_norm,
    cosine_similarity,
    group_norm,
    instance_norm,
    layer_norm,
    local_response_norm,
    normalize,
    pairwise_distance,
    rms_norm,
)
from .._ops.padding import pad
from .._ops.pointwise import sigmoid, tanh
from .._ops.pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    lp_pool1d,
    lp_pool2d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
    max_unpool1d,
    max_unpool2d,
)
from .._ops.pooling3d import adaptive_avg_pool3d, adaptive_max_pool3d, max_unpool3d
from .._ops.sampling import (
    channel_shuffle,
    fold,
    interpolate,
    pixel_shuffle,
    pixel_unshuffle,
    unfold,
)
from .._tensor import Tensor
from ._grid import affine_grid, grid_sample


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """relu(input, inplace=False) -> max(x, 0)"""
    try:
        return input.relu_() if inplace else input.relu()
    except AttributeError:
        if isinstance(input, Tensor):
            raise
        # (PyTorch's functional relu calls torch.relu, whose parser refuses the input)
        name = "relu_" if inplace else "relu"
        raise TypeError(
            f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
        ) from None


def softmin(
    input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: object = None
) -> Tensor:
    """softmin(input, dim) -> softmax(-input, dim)"""
    dim = _softmax_dim(input, dim, "softmin", _stacklevel)
    return softmax(-input, dim, dtype=dtype)


# The in-place spellings: ``F.relu_(x)`` is ``F.relu(x, inplace=True)``.
def relu_(input: Tensor) -> Tensor:
    """relu_(input) -> Tensor: relu in place"""
    return relu(input, inplace=True)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """elu_(input, alpha=1.) -> Tensor: elu in place"""
    return elu(input, alpha, inplace=True)


def selu_(input: Tensor) -> Tensor:
    """selu_(input) -> Tensor: selu in place"""
    return selu(input, inplace=True)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    """celu_(input, alpha=1.) -> Tensor: celu in place"""
    return celu(input, alpha, inplace=True)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """leaky_relu_(input, negative_slope=0.01) -> Tensor: leaky_relu in place"""
    return leaky_relu(input, negative_slope, inplace=True)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """hardtanh_(input, min_val=-1., max_val=1.) -> Tensor: hardtanh in place"""
    return hardtanh(input, min_val, max_val, inplace=True)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """threshold_(input, threshold, value) -> Tensor: threshold in place"""
    return _threshold(input, threshold, value, inplace=True)


def rrelu_(
    input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False
) -> Tensor:
    """rrelu_(input, lower=1./8, upper=1./3, training=False) -> Tensor: rrelu in place"""
    return rrelu(input, lower, upper, training, inplace=True)


def _threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """threshold(input, threshold, value, inplace=False) -> Tensor: ``value`` where
    ``input <= threshold``, else ``input``"""
    return _threshold_op(input, threshold, value, inplace)


def gumbel_softmax(
    logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10, dim: int = -1
) -> Tensor:
    """gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1) -> Tensor: a sample of
    the Gumbel-Softmax distribution; with ``hard`` a one-hot sample whose gradient is the
    soft sample's (straight-through). ``eps`` is deprecated and unused."""
    import warnings

    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    # Gumbel(0, 1) noise as -log(Exponential(1)): the draw PyTorch makes, so a seeded
    # program samples the same values.
    from .. import empty_like

    gumbels = -empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    from .. import zeros_like

    y_hard = zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


def triplet_margin_with_distance_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    *,
    distance_function: Any = None,
    margin: float = 1.0,
    swap: bool = False,
    reduction: str = "mean",
) -> Tensor:
    """triplet_margin_with_distance_loss(anchor, positive, negative, *,
    distance_function=None, margin=1.0, swap=False, reduction='mean') -> Tensor:
    ``max(margin + d(anchor, positive) - d(anchor, negative), 0)``, ``d`` the pairwise
    distance unless given."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a_dim, p_dim, n_dim = anchor.ndim, positive.ndim, negative.ndim
    if not a_dim == p_dim == n_dim:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {a_dim}D, positive {p_dim}D, and negative "
            f"{n_dim}D inputs"
        )
    if distance_function is None:
        distance_function = pairwise_distance
    dist_pos = distance_function(anchor, positive)
    dist_neg = distance_function(anchor, negative)
    if swap:  # the positive as anchor when it is nearer the negative
        dist_neg = dist_neg.minimum(distance_function(positive, negative))
    loss = (margin + dist_pos - dist_neg).clamp_min(0)
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    return loss


# PyTorch's F.threshold is a Python function named ``_threshold`` (``torch.threshold`` keeps
# its own name), and F.logsigmoid is its builtin ``log_sigmoid``: code printing
# ``f.__name__`` over a list of activations sees these names.
threshold = _threshold


# -- deprecated spellings of interpolate, with PyTorch's warning ---------------------------
def _warn_upsample(name: str) -> None:
    warnings.warn(
        f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.",
        UserWarning,
        stacklevel=3,
    )


def upsample(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
             align_corners: bool | None = None) -> Tensor:  # fmt: skip
    """upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None):
    deprecated, ``interpolate``"""
    _warn_upsample("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """upsample_nearest(input, size=None, scale_factor=None): deprecated, ``interpolate``"""
    _warn_upsample("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """upsample_bilinear(input, size=None, scale_factor=None): deprecated, ``interpolate``
    with mode='bilinear' and align_corners=True"""
    _warn_upsample("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# The ``_with_indices`` spellings: the pooling with return_indices=True.
def max_pool1d_with_indices(input: Tensor, *args: Any, **kwargs: Any) -> Any:
    """max_pool1d with return_indices=True: (values, indices)"""
    return max_pool1d(input, *args, **{**kwargs, "return_indices": True})


def max_pool2d_with_indices(input: Tensor, *args: Any, **kwargs: Any) -> Any:
    """max_pool2d with return_indices=True: (values, indices)"""
    return max_pool2d(input, *args, **{**kwargs, "return_indices": True})


def max_pool3d_with_indices(input: Tensor, *args: Any, **kwargs: Any) -> Any:
    """max_pool3d with return_indices=True: (values, indices)"""
    return max_pool3d(input, *args, **{**kwargs, "return_indices": True})


def adaptive_max_pool1d_with_indices(input: Tensor, output_size: Any) -> Any:
    """adaptive_max_pool1d with return_indices=True: (values, indices)"""
    return adaptive_max_pool1d(input, output_size, return_indices=True)


def adaptive_max_pool2d_with_indices(input: Tensor, output_size: Any) -> Any:
    """adaptive_max_pool2d with return_indices=True: (values, indices)"""
    return adaptive_max_pool2d(input, output_size, return_indices=True)


logsigmoid.__name__ = logsigmoid.__qualname__ = "log_sigmoid"


__all__ = [
    "ctc_loss",
    "cosine_embedding_loss",
    "gaussian_nll_loss",
    "glu",
    "hardshrink",
    "hinge_embedding_loss",
    "margin_ranking_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "poisson_nll_loss",
    "prelu",
    "rrelu",
    "soft_margin_loss",
    "softshrink",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
    "adaptive_avg_pool1d",
    "affine_grid",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "lp_pool1d",
    "lp_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "batch_norm",
    "bilinear",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "cosine_similarity",
    "cross_entropy",
    "alpha_dropout",
    "feature_alpha_dropout",
    "dropout",
    "dropout1d",
    "dropout2d",
    "dropout3d",
    "elu",
    "embedding",
    "embedding_bag",
    "gelu",
    "grid_sample",
    "gumbel_softmax",
    "group_norm",
    "instance_norm",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "local_response_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
    "mish",
    "mse_loss",
    "multi_head_attention_forward",
    "nll_loss",
    "one_hot",
    "normalize",
    "pad",
    "fold",
    "interpolate",
    "pixel_shuffle",
    "channel_shuffle",
    "pixel_unshuffle",
    "unfold",
    "pairwise_distance",
    "pdist",
    "rms_norm",
    "relu",
    "relu6",
    "scaled_dot_product_attention",
    "selu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "softmax",
    "softmin",
    "softplus",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "upsample",
    "upsample_bilinear",
    "upsample_nearest",
    "max_pool1d_with_indices",
    "max_pool2d_with_indices",
    "max_pool3d_with_indices",
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices",
    "celu_",
    "elu_",
    "hardtanh_",
    "leaky_relu_",
    "relu_",
    "rrelu_",
    "selu_",
    "threshold_",
]
