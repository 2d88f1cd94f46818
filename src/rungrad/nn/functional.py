"""``rungrad.nn.functional``: the functional face of the NN kernels in ``rungrad._ops``."""

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
    threshold,
)
from .._ops.attention import multi_head_attention_forward, scaled_dot_product_attention
from .._ops.convolution import conv1d, conv2d, conv_transpose1d, conv_transpose2d
from .._ops.indexing import one_hot
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
from .._ops.nn import bilinear, dropout, embedding, linear, log_softmax, softmax
from .._ops.normalization import (
    batch_norm,
    cosine_similarity,
    group_norm,
    layer_norm,
    normalize,
    pairwise_distance,
)
from .._ops.padding import pad
from .._ops.pointwise import sigmoid, tanh
from .._ops.pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)
from .._ops.sampling import fold, interpolate, unfold
from .._tensor import Tensor


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """relu(input, inplace=False) -> max(x, 0)"""
    return input.relu_() if inplace else input.relu()


def softmin(
    input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: object = None
) -> Tensor:
    """softmin(input, dim) -> softmax(-input, dim)"""
    return softmax(-input, dim, dtype=dtype)


__all__ = [
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
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "batch_norm",
    "bilinear",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "conv1d",
    "conv2d",
    "conv_transpose1d",
    "conv_transpose2d",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "gelu",
    "group_norm",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "max_pool1d",
    "max_pool2d",
    "mish",
    "mse_loss",
    "multi_head_attention_forward",
    "nll_loss",
    "one_hot",
    "normalize",
    "pad",
    "fold",
    "interpolate",
    "unfold",
    "pairwise_distance",
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
]
