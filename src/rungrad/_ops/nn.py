"""Neural-network kernels: softmax family, linear/bilinear, dropout, embedding (and bags).

``rungrad.nn.functional`` is their public face; the kernels live here with the other ops so
that every differentiable op is declared in ``_ops``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._tensor import NO_DIM, Tensor
from . import _elementary
from ._checks import wrap_dim
from ._half import half_in_float32
from .indexing import index_select, scatter_add
from .linalg import (
    _matrix_product,
    _mm_mat2_grad,
    _mm_mat2_grad_on_arrays,
    _mm_self_grad,
    _mm_self_grad_on_arrays,
    check_addend,
)
from .pointwise import masked_fill, mul_scalar
from .reduction import _add_reduce, lane_row_sums
from .registry import BINARY, array_formula, declare_holomorphic, op_formula, primitive

__all__ = [
    "addmm",
    "alpha_dropout",
    "feature_alpha_dropout",
    "bilinear",
    "dropout",
    "embedding",
    "embedding_bag",
    "linear",
    "log_softmax",
    "softmax",
]


# -- softmax family ------------------------------------------------------------------------
def _shifted(x: np.ndarray, dim: int) -> np.ndarray:
    """``x`` minus its max along ``dim`` (``initial`` lets an empty ``dim`` through)."""
    return x - np.maximum.reduce(x, axis=dim, keepdims=True, initial=-np.inf)


def _along(values: np.ndarray, dim: int) -> bool:
    """Whether PyTorch's last-dim kernel would reduce ``values`` along ``dim``: the last dim
    of a C-contiguous float32/float64 array (NOTE [Row sums by vector lanes])."""
    return dim == values.ndim - 1 and values.dtype.char in "fd" and values.flags.c_contiguous


def _sums(values: np.ndarray, dim: int) -> np.ndarray:
    """The sums of ``values`` along ``dim`` (kept), in the order of PyTorch's softmax kernels:
    by vector lanes along the last dim, one element after another along any other."""
    if _along(values, dim) and values.size:
        shape = values.shape
        return lane_row_sums(values.reshape(-1, shape[-1])).reshape(*shape[:-1], 1)
    if dim != values.ndim - 1:  # NumPy adds along a leading axis one row after another
        return np.add.reduce(values, axis=dim, keepdims=True)
    return _add_reduce(values, (dim,), True, None, exact=False)


def _softmax_forward(x: np.ndarray, dim: int) -> np.ndarray:
    exponentials = _elementary.exp(_shifted(x, dim))
    sums = _sums(exponentials, dim)
    if _along(exponentials, dim):  # PyTorch's last-dim kernel multiplies by the reciprocal
        return exponentials * (1 / sums)
    return exponentials / sums


def _refuse_complex(kernel: str, array: Any) -> None:
    from .pointwise import _not_implemented_for

    _not_implemented_for(kernel, array)


@primitive("SoftmaxBackward0")
@half_in_float32
def _softmax(self, dim):
    if self.dtype.kind == "c":
        _refuse_complex("softmax_lastdim_kernel_impl", self)
    return _softmax_forward(self, dim)


@primitive("SoftmaxBackwardDataBackward0")
@half_in_float32
def softmax_backward_data(grad_output, output, dim):
    """output * (grad_output - sum(grad_output * output, dim))"""
    return output * (grad_output - _sums(grad_output * output, dim))


softmax_backward_data.defgrad(
    grad_output=lambda grad, output, dim: softmax_backward_data(grad, output, dim),
    output=lambda grad, grad_output, output, dim: (
        grad * (grad_output - (grad_output * output).sum(dim, keepdim=True))
        - grad_output * (grad * output).sum(dim, keepdim=True)
    ),
)
_softmax.defgrad(self=op_formula(softmax_backward_data, "grad", "result", "dim"))


@primitive("LogSoftmaxBackward0")
@half_in_float32
def _log_softmax(self, dim):
    if self.dtype.kind == "c":
        _refuse_complex("log_softmax_lastdim_kernel_impl", self)
    shifted = _shifted(self, dim)
    return shifted - _elementary.log(_sums(_elementary.exp(shifted), dim))


@primitive("LogSoftmaxBackwardDataBackward0")
@half_in_float32
def log_softmax_backward_data(grad_output, output, dim):
    """grad_output - exp(output) * sum(grad_output, dim)"""
    return grad_output - _elementary.exp(output) * _sums(grad_output, dim)


log_softmax_backward_data.defgrad(
    grad_output=lambda grad, output, dim: grad - (grad * output.exp()).sum(dim, keepdim=True),
    output=lambda grad, grad_output, output, dim: (
        -grad * output.exp() * grad_output.sum(dim, keepdim=True)
    ),
)
_log_softmax.defgrad(self=op_formula(log_softmax_backward_data, "grad", "result", "dim"))


def _softmax_dim(input: Tensor, dim: Any, name: str, stacklevel: int = 3) -> int:
    if dim is None:
        warnings.warn(
            f"Implicit dimension choice for {name} has been deprecated. Change the call to "
            "include dim=X as an argument.",
            UserWarning,
            stacklevel=stacklevel,
        )
        # PyTorch's legacy implicit choice: dim 0 for 0-, 1- and 3-D inputs, else 1.
        dim = 0 if input._data.ndim in (0, 1, 3) else 1
    return wrap_dim(dim, input._data.ndim)


def _require_real_float(input: Tensor, name: str, dim: int) -> None:
    """(log_)softmax's kernels exist for real floating dtypes; the one named in the error
    depends on whether the reduction runs along the last dimension."""
    if input._data.dtype.kind not in "fV":  # V: bfloat16
        last = dim == max(input._data.ndim - 1, 0)
        kernel = f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl"
        _refuse_complex(kernel, input._data)


def _refuse(name: str, args: tuple[Any, ...], method: bool = False) -> None:
    """Raise PyTorch's TypeError for a failed call ``name(*args)`` that none of its
    signatures takes (asked only once the call failed)."""
    from .._overloads import refusal

    refused = refusal(name, args, {}, method)
    if refused is not None:
        raise refused from None


def required_dim(dim: Any, name: str, position: int) -> Any:
    """The ``dim`` of ``torch.softmax`` and ``Tensor.softmax`` (and their log_ forms): only
    ``F.softmax`` chooses a dimension when none is given; these refuse, as PyTorch's
    argument parser does."""
    if dim is NO_DIM:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    if dim is None:
        raise TypeError(f"{name}(): argument 'dim' (position {position}) must be int, not NoneType")
    return dim


def softmax(input: Tensor, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    """softmax(input, dim, dtype=None) -> exp(x) / sum(exp(x)) along ``dim``"""
    if dtype is not None:
        input = input.to(dtype)
    try:
        dim = _softmax_dim(input, dim, "softmax", _stacklevel)
    except Exception:
        # PyTorch's functional form calls the method, whose parser refuses a non-int dim
        _refuse("softmax", (dim,) if dtype is None else (dim, dtype), method=True)
        raise
    _require_real_float(input, "softmax", dim)
    return _softmax(input, dim)


def log_softmax(input: Tensor, dim: Any = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    """log_softmax(input, dim, dtype=None) -> log(softmax(x)), computed stably"""
    if dtype is not None:
        input = input.to(dtype)
    try:
        dim = _softmax_dim(input, dim, "log_softmax", _stacklevel)
    except Exception:
        # PyTorch's functional form calls the method, whose parser refuses a non-int dim
        _refuse("log_softmax", (dim,) if dtype is None else (dim, dtype), method=True)
        raise
    _require_real_float(input, "log_softmax", dim)
    return _log_softmax(input, dim)


# -- linear ----------------------------------------------------------------------------------
@primitive("AddmmBackward0", promotion=BINARY)
def _addmm(self, mat1, mat2, beta, alpha):
    product = _matrix_product(mat1, mat2)
    if alpha != 1:
        product = product * alpha
    return product + (self if beta == 1 else self * beta)


def _scaled(grad: Tensor, factor: Any) -> Tensor:
    """``grad * factor`` as PyTorch's formulas scale: not at all for 1, else by the Scalar
    overload of mul (MulBackward1 in second-order graphs), after the product."""
    return grad if factor == 1 else mul_scalar(grad, factor)


def _scaled_on_arrays(grad: Any, factor: Any) -> Any:
    return grad if factor == 1 else mul_scalar.forward(grad, factor)


def _addmm_self_grad(grad: Tensor, beta: Any) -> Tensor:
    return _scaled(grad, beta)


def _addmm_self_grad_on_arrays(grad: Any, beta: Any) -> Any:
    return _scaled_on_arrays(grad, beta)


def _addmm_mat1_grad(
    grad: Tensor, mat2: Tensor, alpha: Any, mat1_shape: Any, mat1_strides: Any
) -> Tensor:
    return _scaled(_mm_self_grad(grad, mat2, mat1_shape, mat1_strides), alpha)


def _addmm_mat1_grad_on_arrays(
    grad: Any, mat2: Any, alpha: Any, mat1_shape: Any, mat1_strides: Any
) -> Any:
    product = _mm_self_grad_on_arrays(grad, mat2, mat1_shape, mat1_strides)
    return _scaled_on_arrays(product, alpha)


def _addmm_mat2_grad(
    grad: Tensor, mat1: Tensor, alpha: Any, mat2_shape: Any, mat2_strides: Any
) -> Tensor:
    return _scaled(_mm_mat2_grad(grad, mat1, mat2_shape, mat2_strides), alpha)


def _addmm_mat2_grad_on_arrays(
    grad: Any, mat1: Any, alpha: Any, mat2_shape: Any, mat2_strides: Any
) -> Any:
    product = _mm_mat2_grad_on_arrays(grad, mat1, mat2_shape, mat2_strides)
    return _scaled_on_arrays(product, alpha)


# On arrays when nothing is recorded (nn.Linear's backward): mm's formulas, then the scale.
_addmm.defgrad(
    self=array_formula(_addmm_self_grad, _addmm_self_grad_on_arrays),
    mat1=array_formula(_addmm_mat1_grad, _addmm_mat1_grad_on_arrays),
    mat2=array_formula(_addmm_mat2_grad, _addmm_mat2_grad_on_arrays),
)


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """addmm(input, mat1, mat2, *, beta=1, alpha=1) -> beta * input + alpha * (mat1 @ mat2)"""
    rows, inner = mat1._data.shape
    inner2, cols = mat2._data.shape
    if inner != inner2:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{inner} and {inner2}x{cols})"
        )
    # Matrix products don't promote (PyTorch's messages, checked in PyTorch's order).
    for name, first, second in (("self", input, mat2), ("mat1", mat1, mat2)):
        if isinstance(first, Tensor) and first._data.dtype != second._data.dtype:
            raise RuntimeError(
                f"{name} and mat2 must have the same dtype, but got "
                f"{first.dtype.legacy_name} and {second.dtype.legacy_name}"
            )
    check_addend(input, (rows, cols))  # expanded to the product's shape, not broadcast with it
    return _addmm(input, mat1, mat2, beta, alpha)


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """linear(input, weight, bias=None) -> input @ weight.T + bias"""
    try:
        ndim = input._data.ndim
    except AttributeError:  # not a tensor: PyTorch's parser refuses it
        _refuse("linear", (input, weight) if bias is None else (input, weight, bias))
        raise
    if ndim == 0 or weight._data.ndim == 0:
        raise RuntimeError(
            "both arguments to linear need to be at least 1D, but they are "
            f"{ndim}D and {weight._data.ndim}D"
        )
    features = input._data.shape[-1]
    if weight._data.ndim == 2 and features != weight._data.shape[1]:
        rows = math.prod(input._data.shape[:-1])  # a vector is one row
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{features} and "
            f"{weight._data.shape[1]}x{weight._data.shape[0]})"
        )
    if input._data.ndim == 2 and bias is not None:
        return addmm(bias, input, weight.t())
    if (
        bias is not None
        and bias._data.ndim == 1
        and input._data.flags.c_contiguous
        and bias._data.flags.c_contiguous
    ):
        # As PyTorch: a contiguous input of any other rank is folded into one addmm (with a
        # contiguous 1-D bias only); no -1 in the shape, which fails when a dimension is 0.
        batch = input._data.shape[:-1]
        folded = input.reshape(math.prod(batch), features)
        return addmm(bias, folded, weight.t()).view((*batch, weight._data.shape[0]))
    output = input.matmul(weight.t())
    return output if bias is None else output + bias


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """bilinear(input1, input2, weight, bias=None) -> y_k = x1^T W_k x2 + b_k"""
    out_features, in1, in2 = weight._data.shape
    batch = input1._data.shape[:-1]
    rows = math.prod(batch)  # not -1, which fails with no out_features
    left = input1.reshape(rows, in1) @ weight.permute((1, 0, 2)).reshape(in1, out_features * in2)
    products = left.view(rows, out_features, in2) * input2.reshape(rows, 1, in2)
    result = products.sum(-1).reshape((*batch, out_features))
    return result if bias is None else result + bias


# -- dropout and embedding ---------------------------------------------------------------------
def _check_probability(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _drop(input: Tensor, mask_shape: tuple[int, ...], p: float, inplace: bool) -> Tensor:
    """``input`` times a mask of ``mask_shape`` (broadcast over the rest): each entry zero with
    probability ``p``, else ``1 / (1 - p)``."""
    from .._random import default_generator

    keep = default_generator._bernoulli(mask_shape, 1.0 - p)
    if p != 1.0 and input._data.dtype.kind in "biu":  # PyTorch fails scaling its drawn mask
        raise RuntimeError(
            f"result type Float can't be cast to the desired output type {input.dtype.legacy_name}"
        )
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    mask = Tensor._from_array((keep * scale).astype(input._data.dtype))
    return input.mul_(mask) if inplace else input * mask


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """dropout(input, p=0.5, training=True): zero each element with probability ``p`` and
    scale the rest by ``1 / (1 - p)``; the identity when not training."""
    _check_probability(p)
    if not training or p == 0.0:
        return input
    return _drop(input, input._data.shape, p, inplace)


_SELU_ALPHA = 1.7580993408473766  # -SELU's negative saturation value: scale * alpha


def alpha_dropout(
    input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False
) -> Tensor:
    """alpha_dropout(input, p=0.5, training=False, inplace=False): dropout for SELU networks.
    Dropped elements take SELU's saturation value and the result is rescaled so that a
    zero-mean, unit-variance input keeps its mean and variance; the identity when not
    training."""
    _check_probability(p)
    if not training or p == 0.0:
        return input
    return _alpha_noise(input, p, inplace, input._data.shape)


def feature_alpha_dropout(
    input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False
) -> Tensor:
    """feature_alpha_dropout(input, p=0.5, training=False, inplace=False): alpha dropout of
    whole channels (one draw per (batch, channel) of an input of at least 2 dimensions, the
    draw shared by the channel's elements); the identity when not training."""
    _check_probability(p)
    if not training or p == 0.0 or input._data.size == 0:
        return input
    shape = input._data.shape
    if len(shape) < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return _alpha_noise(input, p, inplace, (*shape[:2], *(1,) * (len(shape) - 2)))


def _alpha_noise(input: Tensor, p: float, inplace: bool, noise_shape: tuple[int, ...]) -> Tensor:
    """``input * a * keep + b(keep)`` with one Bernoulli(1 - p) draw per element of
    ``noise_shape`` (broadcast over the input)."""
    if p == 1.0:
        return input.mul_(0) if inplace else input * 0
    from .._random import default_generator

    keep = default_generator._bernoulli(noise_shape, 1.0 - p).astype(input._data.dtype)
    if input._data.dtype.kind not in "fcV":  # PyTorch fails scaling the noise it has drawn
        from .._dtype import from_numpy_dtype

        name = from_numpy_dtype(input._data.dtype).legacy_name
        raise RuntimeError(f"result type Float can't be cast to the desired output type {name}")
    a = 1.0 / math.sqrt((_SELU_ALPHA * _SELU_ALPHA * p + 1) * (1 - p))
    scale = Tensor._from_array(keep * a)
    shift = Tensor._from_array(
        ((keep - 1) * (_SELU_ALPHA * a) + _SELU_ALPHA * a * p).astype(input._data.dtype)
    )
    return input.mul_(scale).add_(shift) if inplace else input * scale + shift


def _feature_dropout(input: Tensor, p: float, training: bool, inplace: bool) -> Tensor:
    """Zero whole channels: one draw per (batch, channel), the survivors scaled by 1 / (1 - p)."""
    if not training or p == 0.0:
        return input
    shape = input._data.shape
    return _drop(input, (*shape[:2], *(1,) * (len(shape) - 2)), p, inplace)


def _deprecated_rank(name: str, ndim: int, spatial: int) -> None:
    warnings.warn(
        f"{name}: Received a {ndim}-D input to {name}, which is deprecated and will result in an "
        "error in a future release. To retain the behavior and silence this warning, please "
        f"use dropout instead. Note that {name} exists to provide channel-wise dropout on "
        f"inputs with {spatial} spatial dimensions, a channel dimension, and an optional batch "
        f"dimension (i.e. {spatial + 1}D or {spatial + 2}D inputs).",
        UserWarning,
        stacklevel=3,
    )


def _unbatched_feature_dropout(input: Tensor, p: float, training: bool, inplace: bool) -> Tensor:
    """An input without its batch dimension: given one, dropped out, then taken away again."""
    batched = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    result = _feature_dropout(batched, p, training, inplace)
    return result.squeeze_(0) if inplace else result.squeeze(0)


def dropout1d(
    input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """dropout1d(input, p=0.5, training=True, inplace=False): zero whole channels of a (N, C, L)
    or (C, L) input with probability ``p``, scaling the rest by ``1 / (1 - p)``."""
    _check_probability(p)
    ndim = input._data.ndim
    if ndim not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {ndim}D input. Note that "
            "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
            "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D "
            "inputs)."
        )
    if ndim == 2:
        return _unbatched_feature_dropout(input, p, training, inplace)
    return _feature_dropout(input, p, training, inplace)


def dropout2d(
    input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """dropout2d(input, p=0.5, training=True, inplace=False): zero whole channels of a
    (N, C, H, W) input with probability ``p`` (a 3-D input is read as (N, C, L), as PyTorch
    still does, with its warning)."""
    _check_probability(p)
    ndim = input._data.ndim
    if ndim not in (3, 4):
        _deprecated_rank("dropout2d", ndim, 2)
    if ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C is "
            "the channel dim. This behavior will change in a future release to interpret the "
            "input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D "
            "channel-wise dropout behavior, please switch to using dropout1d instead.",
            UserWarning,
            stacklevel=2,
        )
    return _feature_dropout(input, p, training, inplace)


def dropout3d(
    input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False
) -> Tensor:
    """dropout3d(input, p=0.5, training=True, inplace=False): zero whole channels of a
    (N, C, D, H, W) or (C, D, H, W) input with probability ``p``."""
    _check_probability(p)
    ndim = input._data.ndim
    if ndim not in (4, 5):
        _deprecated_rank("dropout3d", ndim, 3)
    if ndim != 5:
        return _unbatched_feature_dropout(input, p, training, inplace)
    return _feature_dropout(input, p, training, inplace)


@primitive("EmbeddingBackward0")
def _embedding(weight, indices, padding_idx, scale_grad_by_freq=False, sparse=False):
    # ``sparse``: only for the node to show (``_saved_sparse``); gradients are dense here.
    return weight[indices]


@primitive("EmbeddingBackwardBackward0")
def embedding_backward(grad_output, indices, num_weights, padding_idx, scale_grad_by_freq=False):
    """Rows of the weight gradient: each index's output gradient summed into its row (divided
    by how often the index occurs, with ``scale_grad_by_freq``)."""
    result = np.zeros((num_weights, grad_output.shape[-1]), dtype=grad_output.dtype)
    rows = grad_output.reshape(indices.size, grad_output.shape[-1])  # no -1: 0 features
    if scale_grad_by_freq:
        counts = np.bincount(indices.reshape(-1), minlength=num_weights)
        rows = rows / counts[indices.reshape(-1)][:, None].astype(rows.dtype)
    np.add.at(result, indices.reshape(-1), rows)
    if padding_idx is not None:
        result[padding_idx] = 0
    return result


def _embedding_backward_grad(grad: Tensor, indices: Tensor, padding_idx: Any) -> Tensor:
    """Linear in grad_output: pick the rows back, except that the padding row gave nothing."""
    picked = _embedding(grad, indices, padding_idx)
    if padding_idx is None:
        return picked
    from .pointwise import masked_fill

    return masked_fill(picked, (indices == padding_idx).unsqueeze(-1), 0)


# As in PyTorch, the double backward leaves out the frequency scaling (scale_grad_by_freq's
# "gradient" is a heuristic rescaling, not a derivative).
embedding_backward.defgrad(grad_output=_embedding_backward_grad)


def _embedding_grad(grad, indices, weight_shape, padding_idx, scale_grad_by_freq, sparse):
    return embedding_backward(grad, indices, weight_shape[0], padding_idx, scale_grad_by_freq)


_embedding.defgrad(weight=_embedding_grad)


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """embedding(input, weight, padding_idx=None, max_norm=None): rows of ``weight`` picked by
    the integer ``input``; the ``padding_idx`` row gets no gradient."""
    if input._data.dtype.kind not in "iu":
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
            f"Long, Int; but got {input.type()} instead (while checking arguments for embedding)"
        )
    rows = weight._data.shape[0]
    if padding_idx is not None:
        if not -rows <= padding_idx < rows:
            raise AssertionError("Padding_idx must be within num_embeddings")
        padding_idx = padding_idx % rows
    if input._data.size and (input._data.min() < 0 or input._data.max() >= rows):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _renorm_rows(weight, input, max_norm, norm_type)
    return _embedding(weight, input, padding_idx, bool(scale_grad_by_freq), bool(sparse))


def _renorm_rows(weight: Tensor, input: Tensor, max_norm: float, norm_type: float) -> None:
    """Rescale (in place, unrecorded) the looked-up rows whose norm exceeds ``max_norm``."""
    rows = np.unique(input._data)
    norms = np.linalg.norm(weight._data[rows], ord=norm_type, axis=1)
    scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
    weight._data[rows] *= scale[:, None].astype(weight._data.dtype)
    weight._bump_version()


# PyTorch's names for what these nodes save (NOTE [PyTorch's names for saved values]).
_embedding.saved_as(
    weight_sym_argsize_0=("weight_shape", lambda shape: shape[0]),
    padding_idx=("padding_idx", lambda index: -1 if index is None else index),
    unlisted=("weight_shape",),
)


# -- embedding bags ----------------------------------------------------------------------------
_BAG_MODES = ("sum", "mean", "max")


def _bag_layout(
    indices: np.ndarray, offsets: np.ndarray, include_last_offset: bool, padding_idx: int | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """For each index: its bag, and whether it counts (padding entries do not); and how many
    bags there are."""
    starts = offsets[:-1] if include_last_offset else offsets
    bag_of = np.searchsorted(starts, np.arange(indices.size), side="right") - 1
    counts = bag_of >= 0  # before the first offset (no offsets at all): in no bag
    if include_last_offset and offsets.size:
        counts &= np.arange(indices.size) < offsets[-1]  # past the last offset: in no bag
    if padding_idx is not None:
        counts &= indices != padding_idx
    return bag_of, counts, len(starts)


_BAG_MODE_NUMBERS = {"sum": 0, "mean": 1, "max": 2}  # PyTorch's node keeps the mode so


@primitive("EmbeddingBagBackward0", num_outputs=4, differentiable_outputs=(0,))
def _embedding_bag(
    weight, indices, offsets, mode, per_sample_weights, include_last_offset, padding_idx,
    scale_grad_by_freq, sparse,
):  # fmt: skip
    """The bags' sums, means or maxima; and what PyTorch's kernel returns besides (its node
    keeps them as result1..3): each index's bag (none for a plain sum), each bag's size (zeros
    for a sum) and, for the max, the row each entry came from (the sizes again for a mean,
    zeros for a sum). ``scale_grad_by_freq`` and ``sparse``: only for the gradient and the
    node."""
    bag_of, counts, bags = _bag_layout(indices, offsets, include_last_offset, padding_idx)
    rows = weight[indices[counts]]
    if per_sample_weights is not None:
        rows = rows * per_sample_weights[counts][:, None]
    members = bag_of[counts]
    if mode == "max":
        result = np.full((bags, weight.shape[1]), -np.inf, dtype=weight.dtype)
        np.maximum.at(result, members, rows)
    else:
        result = np.zeros((bags, weight.shape[1]), dtype=weight.dtype)
        np.add.at(result, members, rows)
    sizes = np.bincount(members, minlength=bags)
    if mode == "mean":
        result /= np.maximum(sizes, 1)[:, None].astype(weight.dtype)
    result[sizes == 0] = 0  # an empty bag gives zeros in every mode
    if mode == "sum":
        offset2bag = bag_of if padding_idx is not None else np.empty(0, np.int64)
        zeros = np.zeros(bags, np.int64)
        return result, offset2bag.astype(np.int64), zeros, zeros.copy()
    bag_size = sizes.astype(np.int64)
    if mode == "mean":
        return result, bag_of.astype(np.int64), bag_size, bag_size.copy()
    return (
        result,
        bag_of.astype(np.int64),
        bag_size,
        _bag_winners(result, rows, members, indices[counts]),
    )


def _bag_winners(
    result: np.ndarray, rows: np.ndarray, members: np.ndarray, kept: np.ndarray
) -> np.ndarray:
    """The row each entry of a max bag came from (the first maximum; 0 in an empty bag)."""
    winners = np.zeros(result.shape, dtype=np.int64)
    found = np.zeros(result.shape, dtype=bool)
    for position in range(rows.shape[0]):
        bag = members[position]
        hit = ~found[bag] & (rows[position] == result[bag])
        winners[bag, hit] = kept[position]
        found[bag] |= hit
    return winners


def _bag_row_scale(
    indices: Tensor,
    offsets: Tensor,
    mode: str,
    per_sample_weights: Any,
    include_last_offset: bool,
    padding_idx: Any,
) -> tuple[np.ndarray, Tensor]:
    """Each index's bag, and the factor its row entered the bag's sum with (0 if it did not)."""
    bag_of, counts, bags = _bag_layout(
        indices._data, offsets._data, include_last_offset, padding_idx
    )
    scale = counts.astype(np.float64)
    if mode == "mean":
        sizes = np.bincount(bag_of[counts], minlength=bags)
        scale = scale / np.maximum(sizes, 1)[bag_of]
    factor = Tensor._from_array(scale)
    if per_sample_weights is not None:
        factor = per_sample_weights * factor
    return bag_of, factor


def _embedding_bag_weight_grad(
    grads, indices, offsets, mode, per_sample_weights, include_last_offset, padding_idx,
    scale_grad_by_freq, sparse, weight_shape, result1, result2, result3,
):  # fmt: skip
    """Sum and mean: each index's row receives its bag's gradient times its factor. Max: each
    entry of a bag's result came from one row (``result3``), which receives that entry's
    gradient. The formula names what PyTorch's node keeps (``result1``..3 among them)."""
    grad = grads[0]
    if mode == "max":
        nonempty = Tensor._from_array((result2._data > 0)[:, None].astype(grad._data.dtype))
        zeros = Tensor._from_array(np.zeros(weight_shape, dtype=grad._data.dtype))
        return scatter_add(zeros, 0, result3, grad * nonempty)
    bag_of, factor = _bag_row_scale(
        indices, offsets, mode, per_sample_weights, include_last_offset, padding_idx
    )
    bag_index = Tensor._from_array(bag_of.astype(np.int64))
    rows = index_select(grad, 0, bag_index) * factor.to(grad.dtype).unsqueeze(1)
    return embedding_backward(rows, indices, weight_shape[0], padding_idx, scale_grad_by_freq)


def _embedding_bag_weights_grad(
    grads, weight, indices, offsets, mode, include_last_offset, padding_idx
):  # fmt: skip
    """Each sample weight scaled its row into its bag: its gradient is the row's dot product
    with the bag's gradient (zero for padding entries)."""
    bag_of, counts, _ = _bag_layout(indices._data, offsets._data, include_last_offset, padding_idx)
    bag_index = Tensor._from_array(bag_of.astype(np.int64))
    products = (index_select(grads[0], 0, bag_index) * index_select(weight, 0, indices)).sum(1)
    return masked_fill(products, Tensor._from_array(~counts), 0)  # a plain 0, never -0


_embedding_bag.defgrad(
    weight=_embedding_bag_weight_grad, per_sample_weights=_embedding_bag_weights_grad
)
_embedding_bag.saved_as(
    mode=("mode", _BAG_MODE_NUMBERS.__getitem__),
    padding_idx=("padding_idx", lambda index: -1 if index is None else index),
    weight_sym_argsize_0=("weight_shape", lambda shape: shape[0]),
    unlisted=("include_last_offset", "weight_shape"),
)


def embedding_bag(
    input: Tensor,
    weight: Tensor,
    offsets: Tensor | None = None,
    max_norm: float | None = None,
    norm_type: float = 2,
    scale_grad_by_freq: bool = False,
    mode: str = "mean",
    sparse: bool = False,
    per_sample_weights: Tensor | None = None,
    include_last_offset: bool = False,
    padding_idx: int | None = None,
) -> Tensor:
    """embedding_bag(input, weight, offsets=None, ..., mode='mean', per_sample_weights=None,
    include_last_offset=False, padding_idx=None): the sum, mean or max of the rows of
    ``weight`` in each bag. A 2-D ``input`` is one bag per row; a 1-D one is cut into bags at
    ``offsets``. Entries equal to ``padding_idx`` are left out."""
    input, offsets = _bag_inputs(input, offsets, per_sample_weights, include_last_offset)
    if per_sample_weights is not None:
        per_sample_weights = per_sample_weights.reshape(-1)
    _check_bag_arguments(input, weight, offsets, mode, per_sample_weights)
    rows = weight.shape[0]
    if padding_idx is not None:
        if not -rows <= padding_idx < rows:
            raise RuntimeError(
                f"padding_idx must be within the number of embeddings, -{rows} through "
                f"{rows - 1}, but got {padding_idx}"
            )
        padding_idx %= rows
    if max_norm is not None:
        _renorm_rows(weight, input, max_norm, norm_type)
    if include_last_offset and offsets.numel() < 1:
        raise RuntimeError("include_last_offset: number of offset should be at least 1")
    options = (bool(include_last_offset), padding_idx, bool(scale_grad_by_freq), bool(sparse))
    return _embedding_bag(weight, input, offsets, mode, per_sample_weights, *options)[0]


def _bag_inputs(
    input: Tensor,
    offsets: Tensor | None,
    per_sample_weights: Tensor | None,
    include_last_offset: bool = False,
) -> tuple[Tensor, Tensor]:
    """A 2-D input as its flattened indices and the offsets of its rows (with the end as a
    last offset when ``include_last_offset`` asks for one: each row stays a bag)."""
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({per_sample_weights.shape!r}) is not None, "
            f"then it must have the same shape as the input ({input.shape!r})"
        )
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a "
                "mini-batch of fixed length sequences. However, found offsets of type "
                f"{_torch_class_name(offsets)}"
            )
        bags, length = input.shape
        starts = np.arange(bags + bool(include_last_offset), dtype=np.int64) * length
        return input.reshape(-1), Tensor._from_array(starts)
    if input.dim() != 1:
        raise ValueError(
            f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}"
        )
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    if offsets.dim() != 1:
        raise ValueError("offsets has to be a 1D Tensor")
    return input, offsets


def _torch_class_name(value: Any) -> str:
    """``<class 'rungrad.Tensor'>`` for a tensor: the name the message prints."""
    return str(Tensor) if isinstance(value, Tensor) else str(type(value))


def _check_bag_arguments(
    input: Tensor, weight: Tensor, offsets: Tensor, mode: str, per_sample_weights: Tensor | None
) -> None:
    if mode not in _BAG_MODES:
        raise ValueError("mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub."
        )
    if input._data.dtype.kind not in "iu":
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
            f"Long, Int; but got {input.type()} instead (while checking arguments for "
            "embedding_bag)"
        )
    starts = offsets._data
    if starts.size and starts[0] != 0:
        raise RuntimeError(
            "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start "
            f"from position 0. However, got {starts[0]}"
        )
    if starts.size and starts[-1] > input.numel():
        raise RuntimeError(
            f"offsets[-1] can not be greater than input's length {input.numel()} but got "
            f"offsets[-1] of {starts[-1]}"
        )
    rows = weight.shape[0]
    bad = np.flatnonzero((input._data < 0) | (input._data >= rows))
    if bad.size:
        raise RuntimeError(
            f"Index {bad[0]} of input takes value {input._data[bad[0]]} which is not in the "
            f"valid range [0, {rows})"
        )


# Holomorphic ops (and ops linear in each input): complex gradients are conjugated as
# PyTorch's are (registry.holomorphic).
declare_holomorphic(_addmm)
