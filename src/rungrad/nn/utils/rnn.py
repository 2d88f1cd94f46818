"""``rungrad.nn.utils.rnn``: padding a list of variable-length sequences into one tensor.

Packed sequences (``PackedSequence``, ``pack_padded_sequence``...) are not provided.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..._creation import arange
from ..._tensor import Tensor

__all__ = ["pad_sequence", "unpad_sequence"]


def pad_sequence(sequences: Iterable[Tensor], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:  # fmt: skip
    """Stack sequences of shapes (L_i, *) into (L, B, *) (or (B, L, *) with ``batch_first``),
    ``L`` the longest, filling the rest with ``padding_value`` after each sequence (or before
    it, with ``padding_side="left"``). Each sequence is copied into its slice, so gradients
    flow back through CopySlices as in PyTorch."""
    sequences = list(sequences)
    if padding_side not in ("left", "right"):
        raise RuntimeError(
            f"Expected padding_side to be one of left or right, but got {padding_side}."
        )
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    longest = max(sequence.shape[0] for sequence in sequences)
    trailing = tuple(sequences[0].shape[1:])
    size = (len(sequences), longest) if batch_first else (longest, len(sequences))
    padded = sequences[0].new_full((*size, *trailing), padding_value)
    for index, sequence in enumerate(sequences):
        _check_trailing(trailing, tuple(sequence.shape[1:]))
        length = sequence.shape[0]
        steps = slice(0, length) if padding_side == "right" else slice(longest - length, longest)
        if batch_first:
            padded[index, steps, ...] = sequence
        else:
            padded[steps, index, ...] = sequence
    return padded


def _check_trailing(expected: tuple[int, ...], got: tuple[int, ...]) -> None:
    for dim, (a, b) in enumerate(zip(expected, got), start=1):
        if a != b and b != 1:
            raise RuntimeError(
                f"The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                f"non-singleton dimension {dim}"
            )


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor,
                   batch_first: bool = False) -> list[Tensor]:  # fmt: skip
    """The inverse of ``pad_sequence``: the first ``lengths[i]`` steps of each sequence."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    steps = arange(padded_sequences.shape[1])
    return [sequence[steps < length] for sequence, length in zip(padded_sequences, lengths)]
