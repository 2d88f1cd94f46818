"""Weight normalisation: ``w = g * v / ||v||``, the norm taken over every dim but one.

``norm_except_dim`` and ``_weight_norm`` are PyTorch's kernels behind
``nn.utils.weight_norm`` and ``nn.utils.parametrizations.weight_norm``. As on PyTorch's CPU,
``_weight_norm`` over the first or last dim is one fused op (``WeightNormInterfaceBackward0``
in the graph); over another dim, or over all of them (``dim=-1``), it is the composite
``v * (g / norm_except_dim(v, 2, dim))``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .normalization import _norm_dim, _norm_full
from .registry import primitive

__all__ = ["norm_except_dim", "weight_norm"]


def norm_except_dim(v: Tensor, pow: float = 2, dim: int = 0) -> Tensor:
    """norm_except_dim(v, pow=2, dim=0) -> Tensor: the ``pow``-norm of each slice of ``v``
    along ``dim`` (every other dim reduced, kept with size 1); ``dim=-1`` is the norm of all
    of ``v``, a 0-d tensor."""
    # ATen's norms (NormBackward0/1 in the graph), not linalg.vector_norm as Tensor.norm.
    # (``pow`` as given, an int or a float: the nodes keep it so, as ``_saved_p``)
    if dim == -1:
        return _norm_full(v, pow, None, False)
    last = v.dim() - 1
    if dim == 0:
        shape = (v.shape[0],) + (1,) * last
        return _norm_dim(v.contiguous().view(v.shape[0], -1), pow, (1,), False).view(shape)
    if dim == last:
        shape = (1,) * last + (v.shape[last],)
        flat = v.contiguous().view(-1, v.shape[last])
        return _norm_dim(flat, pow, (0,), False).view(shape)
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


def _slice_axes(ndim: int, dim: int) -> tuple[int, ...]:
    return tuple(axis for axis in range(ndim) if axis != dim)


@primitive("WeightNormInterfaceBackward0", num_outputs=2, differentiable_outputs=(0,))
def _weight_norm_interface(v, g, dim):
    """The fused kernel (dim first or last): each slice's norm, then ``v * (g / norm)``; the
    norms too, which PyTorch's node keeps (``_saved_result1``)."""
    axes = _slice_axes(v.ndim, dim)
    norm = np.sqrt(np.sum(v * v, axis=axes, keepdims=True))
    return v * (g.reshape(norm.shape) / norm), norm


# PyTorch's formulas use the norms the forward saved (``result1``), a tensor with no
# history: a second derivative treats them as constants (so PyTorch's own gradgradcheck of
# the fused op fails); these formulas do the same, to give its second derivatives.


def _slice_sum(tensor: Tensor, axes: tuple[int, ...]) -> Tensor:
    return tensor.sum(axes, keepdim=True) if axes else tensor


def _grad_g(grads: Any, v: Tensor, g: Tensor, dim: int, result1: Tensor) -> Tensor:
    # w = v * g / n: dL/dg = <grad, v>_slice / n.
    grad, norm = grads[0], result1
    axes = _slice_axes(v.dim(), dim)
    result = _slice_sum(grad * v, axes) / norm
    return result if result.shape == g.shape else result.view(g.shape)


def _grad_v(grads: Any, v: Tensor, g: Tensor, dim: int, result1: Tensor) -> Tensor:
    # dn/dv = v / n, so dL/dv = (g / n) * (grad - v * <grad, v>_slice / n^2).
    grad, norm = grads[0], result1
    axes = _slice_axes(v.dim(), dim)
    inner = _slice_sum(grad * v, axes)
    scale = (g if g.shape == norm.shape else g.reshape(norm.shape)) / norm
    return scale * (grad - v * (inner / (norm * norm)))


_weight_norm_interface.defgrad(v=_grad_v, g=_grad_g)


def weight_norm(v: Tensor, g: Tensor, dim: int = 0) -> Tensor:
    """_weight_norm(v, g, dim=0) -> Tensor: ``v * (g / norm_except_dim(v, 2, dim))``."""
    if v.device != g.device:
        raise RuntimeError(
            "Expected all tensors to be on the same device, but found at least two devices"
        )
    v, g = v.contiguous(), g.contiguous()
    # PyTorch's CPU fuses float32/float64 only (a half weight takes the composite).
    fused = {v._data.dtype, g._data.dtype} <= {np.dtype(np.float32), np.dtype(np.float64)}
    if dim in (0, v.dim() - 1) and fused:
        return _weight_norm_interface(v, g, dim)[0]
    return v * (g / norm_except_dim(v, 2, dim))
