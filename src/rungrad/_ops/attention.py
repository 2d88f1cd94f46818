"""Attention kernels: ``scaled_dot_product_attention`` and ``multi_head_attention_forward``.

Both are compositions of existing ops (matmul, softmax, masked_fill, dropout, linear), so
their gradients of every order come from those ops' formulas. ``nn.MultiheadAttention`` and
the transformer layers (``nn.modules.transformer``) are their users; no module lives here.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tensor import Tensor
from .._tensor_names import c_type_name
from .nn import dropout, linear, softmax
from .pointwise import masked_fill

__all__ = ["concatenate", "multi_head_attention_forward", "scaled_dot_product_attention"]


def concatenate(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """``rungrad.cat`` when the core has it; otherwise the same values and gradients, built
    from ``stack`` (equal sizes) or slice assignment into zeros."""
    from .. import _ops

    cat = getattr(_ops, "cat", None)
    if cat is not None:
        return cat(list(tensors), dim)
    first = tensors[0]
    ndim = first._data.ndim
    dim = dim % ndim
    if all(t._data.shape == first._data.shape for t in tensors):
        stacked = _ops.stack(list(tensors), dim)
        shape = list(first._data.shape)
        shape[dim] *= len(tensors)
        return stacked.reshape(shape)
    shape = list(first._data.shape)
    shape[dim] = sum(t._data.shape[dim] for t in tensors)
    result = Tensor._from_array(np.zeros(shape, dtype=first._data.dtype))
    start = 0
    for tensor in tensors:
        stop = start + tensor._data.shape[dim]
        result[(slice(None),) * dim + (slice(start, stop),)] = tensor
        start = stop
    return result


# -- scaled dot-product attention ------------------------------------------------------------
def _check_attention_inputs(query: Tensor, key: Tensor, value: Tensor, attn_mask: Any) -> None:
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError(
            "Expected query, key, and value to all be  at least 2 dimensional, but got "
            f"query.dim: {query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} "
            "instead."
        )
    dtypes = {query._data.dtype, key._data.dtype, value._data.dtype}
    if len(dtypes) > 1:
        raise RuntimeError(
            "Expected query, key, and value to have the same dtype, but got query.dtype: "
            f"{c_type_name(query._data.dtype)} key.dtype: {c_type_name(key._data.dtype)} and "
            f"value.dtype: {c_type_name(value._data.dtype)} instead."
        )
    if attn_mask is not None and attn_mask._data.dtype.kind not in "bf":
        raise RuntimeError(
            "Expected attn_mask dtype to be bool or float or to match query dtype, but got "
            f"attn_mask.dtype: {c_type_name(attn_mask._data.dtype)} and  query.dtype: "
            f"{c_type_name(query._data.dtype)} instead."
        )


def _safe_softmax(scores: Tensor) -> Tensor:
    """Softmax over the last dimension whose fully masked rows (all -inf) are zeros, with a
    zero gradient there (not nan)."""
    empty = np.all(scores._data == -np.inf, axis=-1, keepdims=True)
    if not empty.any():
        return softmax(scores, -1)
    empty_mask = Tensor._from_array(empty)
    weights = softmax(masked_fill(scores, empty_mask, 0.0), -1)
    return masked_fill(weights, empty_mask, 0.0)


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Tensor | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
    is_causal=False, scale=None) -> softmax(query @ key^T * scale + mask) @ value

    ``scale`` defaults to ``1 / sqrt(query.size(-1))``. A boolean ``attn_mask`` says which
    positions may be attended (True = take part); a float one is added to the scores.
    ``is_causal`` masks out keys after each query (top-left aligned). Rows with no position
    left give zeros.

    Example::

        >>> import rungrad as torch
        >>> q = torch.ones(1, 2, 4)
        >>> tuple(torch.nn.functional.scaled_dot_product_attention(q, q, q).shape)
        (1, 2, 4)
    """
    _check_attention_inputs(query, key, value, attn_mask)
    if is_causal and attn_mask is not None:
        raise RuntimeError(
            "_scaled_dot_product_attention: Explicit attn_mask should not be set when "
            "is_causal=True"
        )
    if enable_gqa and query.shape[-3] != key.shape[-3]:
        raise NotImplementedError("rungrad: enable_gqa with grouped key/value heads")
    factor = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = query.matmul(key.transpose(-2, -1)) * factor
    if is_causal:
        allowed = np.tril(np.ones((query.shape[-2], key.shape[-2]), dtype=bool))
        scores = masked_fill(scores, Tensor._from_array(~allowed), -math.inf)
    elif attn_mask is not None:
        if attn_mask._data.dtype == np.bool_:
            scores = masked_fill(scores, Tensor._from_array(~attn_mask._data), -math.inf)
        else:
            scores = scores + attn_mask
    weights = _safe_softmax(scores)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return weights.matmul(value)


# -- multi-head attention --------------------------------------------------------------------
def _canonical_mask(
    mask: Tensor | None,
    mask_name: str,
    other_type: Any,
    other_name: str,
    target_type: Any,
    check_other: bool = True,
) -> Tensor | None:
    """A boolean mask (True = masked out) becomes a float one with -inf; a float one stays."""
    if mask is None:
        return None
    kind = mask._data.dtype.kind
    if kind not in "bf":
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(
            f"Support for mismatched {mask_name} and {other_name} is deprecated. Use same type "
            "for both instead.",
            UserWarning,
            stacklevel=3,
        )
    if kind == "b":
        values = np.where(mask._data, -np.inf, 0.0).astype(target_type.numpy)
        return Tensor._from_array(values)
    return mask


def _none_or_dtype(tensor: Tensor | None) -> Any:
    return None if tensor is None else tensor.dtype


def _check_shapes(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    key_padding_mask: Tensor | None,
    attn_mask: Tensor | None,
    num_heads: int,
) -> bool:
    """PyTorch's checks of the input ranks; True when the input is batched."""
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                f"found {key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                f"found {attn_mask.dim()}-D tensor instead"
            )
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively"
            )
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D "
                f"but found {key_padding_mask.dim()}-D tensor instead"
            )
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                    f"but found {attn_mask.dim()}-D tensor instead"
                )
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(
                    f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}"
                )
        return False
    raise AssertionError(
        "query should be unbatched 2D or batched 3D tensor but received "
        f"{query.dim()}-D query tensor"
    )


def _pad_last(mask: Tensor | None) -> Tensor | None:
    """Append one zero column (an extra attendable key) to a float mask."""
    if mask is None:
        return None
    zeros = mask.new_zeros(*mask.shape[:-1], 1)
    return concatenate([mask, zeros], -1)


def _project(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    in_proj_weight: Tensor | None,
    in_proj_bias: Tensor | None,
    separate: tuple[Any, Any, Any] | None,
) -> tuple[Tensor, Tensor, Tensor]:
    """The query, key and value projections; the packed weight holds them as row blocks."""
    embed_dim = query.shape[-1]
    biases: list[Tensor | None] = [None, None, None]
    if in_proj_bias is not None:
        biases = [in_proj_bias[i * embed_dim : (i + 1) * embed_dim] for i in range(3)]
    if separate is None:
        assert in_proj_weight is not None
        weights = [in_proj_weight[i * embed_dim : (i + 1) * embed_dim] for i in range(3)]
    else:
        weights = list(separate)
    return (
        linear(query, weights[0], biases[0]),
        linear(key, weights[1], biases[1]),
        linear(value, weights[2], biases[2]),
    )


def multi_head_attention_forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    embed_dim_to_check: int,
    num_heads: int,
    in_proj_weight: Tensor | None,
    in_proj_bias: Tensor | None,
    bias_k: Tensor | None,
    bias_v: Tensor | None,
    add_zero_attn: bool,
    dropout_p: float,
    out_proj_weight: Tensor,
    out_proj_bias: Tensor | None,
    training: bool = True,
    key_padding_mask: Tensor | None = None,
    need_weights: bool = True,
    attn_mask: Tensor | None = None,
    use_separate_proj_weight: bool = False,
    q_proj_weight: Tensor | None = None,
    k_proj_weight: Tensor | None = None,
    v_proj_weight: Tensor | None = None,
    static_k: Tensor | None = None,
    static_v: Tensor | None = None,
    average_attn_weights: bool = True,
    is_causal: bool = False,
) -> tuple[Tensor, Tensor | None]:
    """Multi-head attention on (L, N, E) query and (S, N, E) key/value (or unbatched (L, E)).

    Returns the attention output (L, N, E) and, with ``need_weights``, the attention weights
    (N, L, S) averaged over heads (or (N, num_heads, L, S)); otherwise None. Masks: boolean
    True (or a float added to the scores) excludes a key; ``key_padding_mask`` is (N, S).
    """
    batched = _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, batch, embed_dim = query.shape
    key_padding_mask = _canonical_mask(
        key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask", query.dtype
    )
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer "
            "module method `generate_square_subsequent_mask` to create this mask."
        )
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # the causal structure is applied by scaled_dot_product_attention
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, False)
        if key_padding_mask is not None:
            is_causal = False
    if key_padding_mask is not None:
        for axis, expected in enumerate((batch, key.shape[0])):
            if key_padding_mask.shape[axis] != expected:
                raise AssertionError(
                    f"Expected key_padded_mask.shape[{axis}] to be {expected}, but got "
                    f"{key_padding_mask.shape[axis]}"
                )
    if embed_dim != embed_dim_to_check:
        raise AssertionError(
            f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}"
        )
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(
                f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                f"{value.shape[:2]}"
            )
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")

    separate = (q_proj_weight, k_proj_weight, v_proj_weight) if use_separate_proj_weight else None
    q, k, v = _project(query, key, value, in_proj_weight, in_proj_bias, separate)

    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, key.shape[0]):
                raise RuntimeError(
                    f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                    f"{(tgt_len, key.shape[0])}."
                )
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.dim() == 3:
            expected = (batch * num_heads, tgt_len, key.shape[0])
            if tuple(attn_mask.shape) != expected:
                raise RuntimeError(
                    f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be {expected}."
                )
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")

    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = concatenate([k, bias_k.expand(1, batch, embed_dim)], 0)
        v = concatenate([v, bias_v.expand(1, batch, embed_dim)], 0)
        attn_mask = _pad_last(attn_mask)
        key_padding_mask = _pad_last(key_padding_mask)

    q = q.reshape(tgt_len, batch * num_heads, head_dim).transpose(0, 1)
    k = (
        k.reshape(k.shape[0], batch * num_heads, head_dim).transpose(0, 1)
        if static_k is None
        else static_k
    )
    v = (
        v.reshape(v.shape[0], batch * num_heads, head_dim).transpose(0, 1)
        if static_v is None
        else static_v
    )
    if add_zero_attn:
        k = concatenate([k, k.new_zeros(batch * num_heads, 1, head_dim)], 1)
        v = concatenate([v, v.new_zeros(batch * num_heads, 1, head_dim)], 1)
        attn_mask = _pad_last(attn_mask)
        key_padding_mask = _pad_last(key_padding_mask)
    src_len = k.shape[1]

    if key_padding_mask is not None:
        padding = (
            key_padding_mask.reshape(batch, 1, 1, src_len)
            .expand(batch, num_heads, 1, src_len)
            .reshape(batch * num_heads, 1, src_len)
        )
        attn_mask = padding if attn_mask is None else attn_mask + padding
    if not training:
        dropout_p = 0.0

    if need_weights:
        scores = (q * math.sqrt(1.0 / head_dim)).matmul(k.transpose(-2, -1))
        if attn_mask is not None:
            scores = attn_mask + scores
        weights = softmax(scores, -1)
        if dropout_p > 0.0:
            weights = dropout(weights, dropout_p)
        output = weights.matmul(v).transpose(0, 1).reshape(tgt_len * batch, embed_dim)
        output = linear(output, out_proj_weight, out_proj_bias)
        output = output.view(tgt_len, batch, output.shape[1])
        weights = weights.view(batch, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(1)
        if not batched:
            output, weights = output.squeeze(1), weights.squeeze(0)
        return output, weights

    if attn_mask is not None:
        if attn_mask.shape[0] == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.view(batch, num_heads, -1, src_len)
    q = q.view(batch, num_heads, tgt_len, head_dim)
    k = k.view(batch, num_heads, src_len, head_dim)
    v = v.view(batch, num_heads, src_len, head_dim)
    output = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    output = output.permute(2, 0, 1, 3).reshape(batch * tgt_len, embed_dim)
    output = linear(output, out_proj_weight, out_proj_bias)
    output = output.view(tgt_len, batch, output.shape[1])
    if not batched:
        output = output.squeeze(1)
    return output, None
