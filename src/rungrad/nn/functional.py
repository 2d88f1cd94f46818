"""``rungrad.nn.functional``: the functional face of the NN kernels in ``rungrad._ops``."""

from .._ops.convolution import conv1d, conv2d, conv_transpose1d, conv_transpose2d
from .._ops.nn import cross_entropy, linear, log_softmax, mse_loss, nll_loss, softmax
from .._ops.padding import pad
from .._ops.pointwise import relu, sigmoid, tanh
from .._ops.pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "conv1d",
    "conv2d",
    "conv_transpose1d",
    "conv_transpose2d",
    "cross_entropy",
    "linear",
    "log_softmax",
    "max_pool1d",
    "max_pool2d",
    "mse_loss",
    "nll_loss",
    "pad",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]
