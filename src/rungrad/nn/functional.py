"""``rungrad.nn.functional``: the functional face of the NN kernels in ``rungrad._ops``."""

from .._ops.nn import cross_entropy, linear, log_softmax, mse_loss, nll_loss, softmax
from .._ops.pointwise import relu, sigmoid, tanh

__all__ = [
    "cross_entropy",
    "linear",
    "log_softmax",
    "mse_loss",
    "nll_loss",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]
