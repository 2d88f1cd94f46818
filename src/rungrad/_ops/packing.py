"""Packing a padded batch of sequences: the op behind ``nn.utils.rnn.pack_padded_sequence``.

A packed sequence holds, time step after time step, the rows of the sequences still running
at that step (``batch_sizes[t]`` of them, the longest sequences first). Packing is a gather
of those rows from the padded tensor, so its gradient scatters them back into zeros; PyTorch
records it as one node, PackPaddedSequenceBackward0. Unpacking (``pad_packed_sequence``) is a
composition of slices and copies in ``nn.utils.rnn``, as PyTorch's graph shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .registry import primitive

__all__ = ["pack_padded_sequence_data", "packed_batch_sizes", "packed_positions"]


def packed_batch_sizes(lengths: np.ndarray) -> np.ndarray:
    """How many of the (decreasingly sorted) ``lengths`` reach each time step."""
    steps = np.arange(int(lengths[0]))
    return (lengths[None, :] > steps[:, None]).sum(axis=1).astype(np.int64)


def packed_positions(
    batch_sizes: np.ndarray, shape: tuple[int, ...], batch_first: bool
) -> np.ndarray:
    """The row, in the padded tensor flattened to (L * B, *), of each packed row."""
    steps = np.repeat(np.arange(len(batch_sizes)), batch_sizes)
    sequences = np.concatenate([np.arange(size) for size in batch_sizes])
    if batch_first:
        return sequences * shape[1] + steps
    return steps * shape[1] + sequences


@primitive("PackPaddedSequenceBackward0")
def _pack_padded_sequence(input, batch_sizes, batch_first):
    positions = packed_positions(batch_sizes, input.shape, batch_first)
    return input.reshape(-1, *input.shape[2:])[positions]


def _pack_padded_sequence_grad(grad: Tensor, input_shape: tuple[int, ...],
                               batch_sizes: np.ndarray, batch_first: bool) -> Tensor:  # fmt: skip
    """Each step's rows copied back into zeros of the input's shape, as PyTorch does (its
    first-order gradient ends in CopySlices)."""
    steps = (input_shape[1], input_shape[0]) if batch_first else input_shape[:2]
    grad_input = grad.new_zeros((*steps, *input_shape[2:]))
    offset = 0
    for time, size in enumerate(batch_sizes.tolist()):
        grad_input[time, :size] = grad[offset : offset + size]
        offset += size
    return grad_input.transpose(0, 1) if batch_first else grad_input


_pack_padded_sequence.defgrad(input=_pack_padded_sequence_grad)


def pack_padded_sequence_data(input: Tensor, lengths: np.ndarray, batch_first: bool) -> Any:
    """The packed rows of ``input`` (sequences sorted by decreasing ``lengths``) and the batch
    size of each step, with PyTorch's checks and messages."""
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if lengths.ndim != 1:
        raise RuntimeError(
            "'lengths' argument should be a 1D CPU int64 tensor, but got "
            f"{lengths.ndim}D cpu Long tensor"
        )
    batch = input.shape[0] if batch_first else input.shape[1]
    if len(lengths) != batch:
        raise RuntimeError(
            f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} "
            f"(batch_size={batch})"
        )
    if lengths[-1] <= 0:
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in "
            "'lengths' that is <= 0"
        )
    if np.any(lengths[1:] > lengths[:-1]):
        raise RuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
            "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
            "pack_sequence to sidestep this requirement if you do not need ONNX exportability."
        )
    steps = input.shape[1] if batch_first else input.shape[0]
    if lengths[0] > steps:
        raise RuntimeError(
            f"Expected the longest sequence to have at most {steps} steps, but got {lengths[0]}"
        )
    batch_sizes = packed_batch_sizes(lengths)
    return _pack_padded_sequence(input, batch_sizes, batch_first), batch_sizes
