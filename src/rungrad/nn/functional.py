"""``rungrad.nn.functional``: the functional face of the NN kernels in ``rungrad._ops``."""

from .._ops.activation import (
    celu,
    elu,
    gelu,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    logsigmoid,
    mish,
    relu6,
    selu,
    silu,
    softplus,
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
    cross_entropy,
    huber_loss,
    kl_div,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
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
