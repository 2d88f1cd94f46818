"""Connectionist temporal classification loss: ``ctc_loss`` and its node ``CtcLossBackward0``.

The kernel follows Graves et al. (2006): the forward variables alpha (eq. 6-7) over the
extended target (blanks between and around the labels) give the negative log-likelihood, and
the backward variables beta (eq. 10-11) with alpha give the gradient (eq. 16). Everything runs
in log space, in the input's dtype and in PyTorch's order of operations
(``log(exp(a - m) + exp(b - m) + exp(c - m)) + m``), so that float32 results agree with
PyTorch's to the last digit as far as NumPy's exp and log agree with the C library's.

The recursions are vectorised: alpha and beta over the batch and the extended-target
position (one NumPy step per time step), the gradient's per-class sums over the batch and time
(one step per extended-target position, in PyTorch's descending order).

As in PyTorch, the gradient is the one for ``log_probs`` that come from a ``log_softmax``:
it holds an extra ``exp(log_probs)`` term, which ``log_softmax``'s backward cancels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .registry import primitive

__all__ = ["ctc_loss", "ctc_loss_aten"]

_WHERE = "while checking arguments for ctc_loss_allocate_outputs"


def _extended_targets(targets, input_lengths, target_lengths, blank, batch):
    """The extended targets l' as an (N, 2 * max_target_length + 1) array (blank-padded)."""
    lengths = np.asarray(target_lengths, dtype=np.int64).reshape(batch)
    longest = int(lengths.max()) if batch else 0
    labels = np.full((batch, max(longest, 0)), blank, dtype=np.int64)
    if targets.ndim == 1:
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if batch else lengths
        for b in range(batch):
            labels[b, : lengths[b]] = targets[offsets[b] : offsets[b] + lengths[b]]
    else:
        for b in range(batch):
            labels[b, : lengths[b]] = targets[b, : lengths[b]]
    extended = np.full((batch, 2 * longest + 1), blank, dtype=np.int64)
    extended[:, 1::2] = labels
    return extended, lengths, np.asarray(input_lengths, dtype=np.int64).reshape(batch)


def _exp(values):
    """exp rounded once to the values' dtype: float32 goes through float64, so that the result
    is the correctly rounded one the C library's ``expf`` gives (NumPy's own float32 exp may be
    an ulp off)."""
    if values.dtype == np.float32:
        return np.exp(values.astype(np.float64)).astype(np.float32)
    return np.exp(values)


def _log(values):
    """log rounded once to the values' dtype (see ``_exp``)."""
    if values.dtype == np.float32:
        return np.log(values.astype(np.float64)).astype(np.float32)
    return np.log(values)


def _log_sum3(first, second, third):
    """PyTorch's three-term log-sum-exp, an all -inf maximum counting as 0."""
    top = np.maximum(np.maximum(first, second), third)
    top = np.where(top == -np.inf, np.zeros((), top.dtype), top)
    with np.errstate(invalid="ignore", over="ignore"):
        return _log(_exp(first - top) + _exp(second - top) + _exp(third - top)) + top


def _gather(log_probs, extended):
    """log_probs[t, b, l'[b, s]] as a (T, N, S') array."""
    batch = np.arange(extended.shape[0])[:, None]
    return log_probs[:, batch, extended]


def _skips(extended):
    """Where the alpha recursion may come from s - 2: a label different from the one two back."""
    allowed = np.zeros(extended.shape, dtype=bool)
    allowed[:, 2:] = extended[:, 2:] != extended[:, :-2]
    return allowed


def _alphas(log_probs, extended, input_lengths, target_lengths):
    """log alpha as (N, T, S'), -inf outside each sample's lengths."""
    steps, batch = log_probs.shape[0], extended.shape[0]
    emit = _gather(log_probs, extended)
    width = extended.shape[1]
    inf = np.asarray(-np.inf, log_probs.dtype)
    valid_s = np.arange(width)[None, :] <= 2 * target_lengths[:, None]
    skips = _skips(extended)
    alpha = np.full((batch, steps, width), inf)
    if steps:
        alpha[:, 0, 0] = emit[0, :, 0]
        if width > 1:
            alpha[:, 0, 1] = np.where(target_lengths > 0, emit[0, :, 1], inf)
    for t in range(1, steps):
        previous = alpha[:, t - 1]
        shifted = np.full_like(previous, inf)
        shifted[:, 1:] = previous[:, :-1]
        skipped = np.full_like(previous, inf)
        skipped[:, 2:] = np.where(skips[:, 2:], previous[:, :-2], inf)
        step = _log_sum3(previous, shifted, skipped) + emit[t]
        alpha[:, t] = np.where(valid_s & (t < input_lengths)[:, None], step, inf)
    return alpha


def _nll(alpha, input_lengths, target_lengths):
    batch = alpha.shape[0]
    dtype = alpha.dtype
    result = np.empty(batch, dtype)
    for b in range(batch):
        steps, length = int(input_lengths[b]), int(target_lengths[b])
        if steps == 0:
            likelihood = dtype.type(0 if length == 0 else -np.inf)
        elif length == 0:
            likelihood = alpha[b, steps - 1, 0]
        else:
            last, before = alpha[b, steps - 1, 2 * length], alpha[b, steps - 1, 2 * length - 1]
            top = max(last, before)
            top = dtype.type(0) if top == -np.inf else top
            with np.errstate(over="ignore"):
                pair = _exp(np.asarray(last - top)) + _exp(np.asarray(before - top))
                likelihood = _log(pair) + top
        result[b] = -likelihood
    return result


def _check_arguments(log_probs, targets, input_lengths, target_lengths, blank):
    if log_probs.ndim != 3:
        raise RuntimeError(
            f"Expected 3-dimensional tensor, but got {log_probs.ndim}-dimensional tensor for "
            f"argument #1 'log_probs' ({_WHERE})"
        )
    if not 1 <= targets.ndim <= 2:
        raise RuntimeError(
            f"Expected 1 to 2 dimensions, but got {targets.ndim}-dimensional tensor for "
            f"argument #2 'targets' ({_WHERE})"
        )
    steps, batch, labels = log_probs.shape
    if not 0 <= blank < labels:
        raise RuntimeError("blank must be in label range")
    if len(input_lengths) != batch:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(target_lengths) != batch:
        raise RuntimeError("target_lengths must be of size batch_size")
    for length in target_lengths:
        if length < 0:
            raise RuntimeError(
                f"Expected target_lengths to have value at least 0, but got value {length} "
                f"({_WHERE})"
            )
    if targets.ndim == 1:
        _check_size(targets, 0, sum(target_lengths))
    else:
        _check_size(targets, 0, batch)
        longest = max(target_lengths, default=0)
        if targets.shape[1] < longest:
            raise RuntimeError(
                f"Expected tensor to have size at least {longest} at dimension 1, but got size "
                f"{targets.shape[1]} for argument #2 'targets' ({_WHERE})"
            )
    for length in input_lengths:
        if length < 0:
            raise RuntimeError(
                f"Expected input_lengths to have value at least 0, but got value {length} "
                f"({_WHERE})"
            )
        if length > steps:
            raise RuntimeError(
                f"Expected input_lengths to have value at most {steps}, but got value {length} "
                f"({_WHERE})"
            )


def _check_size(targets, dim, size):
    if targets.shape[dim] != size:
        raise RuntimeError(
            f"Expected tensor to have size {size} at dimension {dim}, but got size "
            f"{targets.shape[dim]} for argument #2 'targets' ({_WHERE})"
        )


@primitive("CtcLossBackward0", num_outputs=2, differentiable_outputs=(0,))
def _ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
    """(negative log-likelihood per sample, log alpha) of ``log_probs`` (T, N, C)."""
    if log_probs.dtype.kind != "f" or log_probs.dtype.itemsize < 4:
        from .pointwise import _not_implemented_for

        _not_implemented_for("ctc_loss_cpu", log_probs)
    _check_arguments(log_probs, targets, input_lengths, target_lengths, blank)
    targets = targets.astype(np.int64, copy=False)
    batch = log_probs.shape[1]
    extended, lengths, steps = _extended_targets(
        targets, input_lengths, target_lengths, blank, batch
    )
    alpha = _alphas(log_probs, extended, steps, lengths)
    return _nll(alpha, steps, lengths), alpha


@primitive("NotImplemented")
def ctc_loss_backward(
    grad, log_probs, targets, input_lengths, target_lengths, nll, log_alpha, blank, zero_infinity
):
    """The gradient of ``_ctc_loss``'s first output for ``log_probs`` (see the module's note)."""
    batch = log_probs.shape[1]
    targets = targets.astype(np.int64, copy=False)
    extended, lengths, steps = _extended_targets(
        targets, input_lengths, target_lengths, blank, batch
    )
    beta = _betas(log_probs, extended, steps, lengths)
    dtype = log_probs.dtype
    inf = np.asarray(-np.inf, dtype)
    # log of the sum over s with l'[s] == c of alpha * beta, for each (b, t, c); PyTorch adds
    # the terms pairwise from the last position down.
    sums = np.full((batch, log_probs.shape[0], log_probs.shape[2]), inf)
    rows = np.arange(batch)
    with np.errstate(invalid="ignore", over="ignore"):
        products = log_alpha + beta
        for s in range(extended.shape[1] - 1, -1, -1):
            current = sums[rows, :, extended[:, s]]
            term = products[:, :, s]
            top = np.maximum(current, term)
            added = _log(_exp(current - top) + _exp(term - top)) + top
            sums[rows, :, extended[:, s]] = np.where(current == -np.inf, term, added)
        probs = np.moveaxis(log_probs, 1, 0)
        scale = np.asarray(grad, dtype).reshape(batch, 1, 1)
        nll_ = nll.reshape(batch, 1, 1)
        result = (_exp(probs) - _exp(sums + nll_ - probs)) * scale
    keep = np.arange(log_probs.shape[0])[None, :] < steps[:, None]
    if zero_infinity:
        keep = keep & (nll != np.inf)[:, None]
    result = np.where(keep[:, :, None], result, np.zeros((), dtype))
    return np.ascontiguousarray(np.moveaxis(result, 0, 1))


def _betas(log_probs, extended, input_lengths, target_lengths):
    """log beta as (N, T, S'), -inf outside each sample's lengths."""
    steps, batch = log_probs.shape[0], extended.shape[0]
    width = extended.shape[1]
    emit = _gather(log_probs, extended)
    inf = np.asarray(-np.inf, log_probs.dtype)
    positions = np.arange(width)[None, :]
    ends = 2 * target_lengths[:, None]
    valid_s = positions <= ends
    # beta may come from s + 2 where l'[s + 2] != l'[s] (the alpha rule, seen from the end)
    skips = np.zeros(extended.shape, dtype=bool)
    skips[:, :-2] = extended[:, :-2] != extended[:, 2:]
    skips &= positions < ends - 1
    first = (positions == ends) | ((positions == ends - 1) & (ends > 0))
    beta = np.full((batch, steps, width), inf)
    following = np.full((batch, width), inf)
    for t in range(steps - 1, -1, -1):
        shifted = np.full_like(following, inf)
        shifted[:, :-1] = np.where(positions[:, :-1] < ends, following[:, 1:], inf)
        skipped = np.full_like(following, inf)
        skipped[:, :-2] = np.where(skips[:, :-2], following[:, 2:], inf)
        step = _log_sum3(following, shifted, skipped) + emit[t]
        last = (t == input_lengths - 1)[:, None]
        inside = (t < input_lengths - 1)[:, None] & valid_s
        current = np.where(last & first, emit[t], np.where(inside, step, inf))
        beta[:, t] = current
        following = current
    return beta


def _not_implemented(grad: Tensor) -> Tensor:
    raise RuntimeError("derivative for aten::_ctc_loss_backward is not implemented")


ctc_loss_backward.defgrad(grad=_not_implemented, log_probs=_not_implemented)


def _ctc_grad(
    grads, log_probs, targets, input_lengths, target_lengths, result0, result1, blank, zero_infinity
):
    return ctc_loss_backward(
        grads[0],
        log_probs,
        targets,
        input_lengths,
        target_lengths,
        result0,
        result1,
        blank,
        zero_infinity,
    )


_ctc_loss.defgrad(log_probs=_ctc_grad)


def _type_name(value: Any, detailed: bool = False) -> str:
    if isinstance(value, Tensor):
        return "Tensor"
    if detailed and isinstance(value, list):
        return "list of [" + ", ".join(type(item).__name__ for item in value) + "]"
    if detailed and isinstance(value, tuple):
        return "tuple of (" + ", ".join(type(item).__name__ for item in value) + ")"
    return type(value).__name__


def _signature_error(arguments: tuple[Any, ...], explain: bool = True) -> TypeError:
    """PyTorch's parser error listing both ``ctc_loss`` overloads."""
    got = ", ".join(_type_name(value) for value in arguments)
    lines = [
        f"ctc_loss() received an invalid combination of arguments - got ({got}), but expected "
        "one of:"
    ]
    # PyTorch's listing marks every argument but a tensor given for a Tensor parameter (its
    # non-tensor parameters are reported unmatched even when they would accept the value).
    for kind in ("tuple of ints", "Tensor"):
        lines.append(
            f" * (Tensor log_probs, Tensor targets, {kind} input_lengths, {kind} target_lengths, "
            "int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)"
        )
        takes_tensor = (True, True, kind == "Tensor", kind == "Tensor", False, False, False)
        marked = []
        for value, tensor_parameter in zip(arguments, takes_tensor):
            name = _type_name(value, detailed=True)
            matched = tensor_parameter and isinstance(value, Tensor)
            marked.append(name if matched else f"!{name}!")
        if explain:  # the top-level call's message lists the overloads only
            lines.append(
                "      didn't match because some of the arguments have invalid types: "
                f"({', '.join(marked)})"
            )
    return TypeError("\n".join(lines) + "\n")


def _is_int_list(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and all(type(item) is int for item in value)


def _lengths(
    input_lengths: Any, target_lengths: Any, arguments: tuple[Any, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if isinstance(input_lengths, Tensor) and isinstance(target_lengths, Tensor):
        for name, lengths in (("input_lengths", input_lengths), ("target_lengths", target_lengths)):
            if (
                lengths.dtype.is_floating_point
                or lengths.dtype.is_complex
                or str(lengths.dtype).endswith("bool")
            ):
                raise RuntimeError(f"{name} must be integral")
        return (
            tuple(int(v) for v in input_lengths.numpy().reshape(-1)),
            tuple(int(v) for v in target_lengths.numpy().reshape(-1)),
        )
    if _is_int_list(input_lengths) and _is_int_list(target_lengths):
        return tuple(input_lengths), tuple(target_lengths)
    raise _signature_error(arguments)


def ctc_loss_aten(
    log_probs: Tensor,
    targets: Tensor,
    input_lengths: Any,
    target_lengths: Any,
    blank: int = 0,
    reduction: int = 0,
    zero_infinity: bool = False,
) -> Tensor:
    """torch.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0,
    reduction=0, zero_infinity=False): the reduction as PyTorch's enum number (1 mean,
    2 sum, anything else none; the top-level default, unlike the functional one, reduces
    nothing)."""
    if type(reduction) is not int:
        given = (log_probs, targets, input_lengths, target_lengths, blank, reduction)
        raise _signature_error(given + ((zero_infinity,) if zero_infinity else ()), False)
    name = {1: "mean", 2: "sum"}.get(reduction, "none")
    return ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, name, zero_infinity)


ctc_loss_aten.__name__ = ctc_loss_aten.__qualname__ = "ctc_loss"


def ctc_loss(
    log_probs: Tensor,
    targets: Tensor,
    input_lengths: Any,
    target_lengths: Any,
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
) -> Tensor:
    """ctc_loss(log_probs (T, N, C) or (T, C), targets (N, S) or concatenated, input_lengths,
    target_lengths, blank=0, reduction='mean', zero_infinity=False) -> the CTC loss.

    'mean' divides each sample's loss by its target length (at least 1), then averages.
    """
    from .loss import _check_reduction

    _check_reduction(reduction)
    code = {"none": 0, "mean": 1, "sum": 2}[reduction]
    arguments = (log_probs, targets, input_lengths, target_lengths, blank, code, zero_infinity)
    if not (
        isinstance(log_probs, Tensor)
        and isinstance(targets, Tensor)
        and type(blank) is int
        and type(zero_infinity) is bool
    ):
        raise _signature_error(arguments)
    inputs, labels = _lengths(input_lengths, target_lengths, arguments)
    if log_probs.numel() == 0:
        raise RuntimeError("log_probs tensor must not be empty")
    batched = log_probs.dim() == 3
    probs = log_probs if batched else log_probs.unsqueeze(1)
    losses, _ = _ctc_loss(probs, targets, inputs, labels, blank, zero_infinity)
    if zero_infinity:
        from .._creation import zeros
        from .pointwise import where

        losses = where(losses == float("inf"), zeros((), dtype=losses.dtype), losses)
    if reduction == "mean":
        from .._creation import tensor

        divisors = tensor(labels, dtype=losses.dtype).clamp_min(1)
        return (losses / divisors).mean()
    if reduction == "sum":
        return losses.sum()
    return losses if batched else losses.squeeze(0)
