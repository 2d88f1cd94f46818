"""``rungrad.nn.utils.rnn``: batches of variable-length sequences, padded into one tensor
(``pad_sequence``) or packed step by step (``PackedSequence``, ``pack_padded_sequence``...),
the form the recurrent layers take to skip the padding.

The packing op itself (a node of its own in the graph) lives in ``_ops.packing``.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable
from typing import Any

import numpy as np

from ... import _dtype
from ..._creation import arange, as_tensor, empty_like
from ..._ops.packing import pack_padded_sequence_data
from ..._tensor import Tensor

__all__ = [
    "PackedSequence",
    "invert_permutation",
    "pack_padded_sequence",
    "pack_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "unpack_sequence",
    "unpad_sequence",
]


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


# -- packed sequences --------------------------------------------------------------------------
_PackedSequenceFields = namedtuple(
    "PackedSequence_", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"]
)


class PackedSequence(_PackedSequenceFields):
    """The data and ``batch_sizes`` of a packed batch of sequences.

    ``data`` holds the sequences' steps, time step after time step, each step's rows being the
    sequences still running (longest first); ``batch_sizes[t]`` (an int64 tensor) says how
    many there are at step ``t``. ``sorted_indices`` orders the original batch by decreasing
    length (None when it was already), ``unsorted_indices`` restores the original order.
    Made by ``pack_padded_sequence`` or ``pack_sequence``, not by hand.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.nn.utils.rnn import pack_sequence
        >>> pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])])
        PackedSequence(data=tensor([1, 4, 2, 3]), batch_sizes=tensor([2, 1, 1]), \
sorted_indices=None, unsorted_indices=None)
    """

    __slots__ = ()

    def __new__(cls, data: Any, batch_sizes: Tensor | None = None,
                sorted_indices: Tensor | None = None,
                unsorted_indices: Tensor | None = None) -> PackedSequence:  # fmt: skip
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        elif batch_sizes.device.type != "cpu":
            raise ValueError(
                "batch_sizes should always be on CPU. Instances of PackedSequence should never "
                "be created manually. They should be instantiated by functions like "
                "pack_sequence and pack_padded_sequences in nn.utils.rnn. "
                "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence"
            )
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """The packed sequence with ``data`` converted as ``Tensor.to`` would (the indices
        follow to its device); itself when nothing changes."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        options = {k: v for k, v in kwargs.items() if k not in ("device", "dtype")}
        sorted_indices, unsorted_indices = (
            None if indices is None else indices.to(data.device, **options)
            for indices in (self.sorted_indices, self.unsorted_indices)
        )
        return type(self)(data, self.batch_sizes, sorted_indices, unsorted_indices)

    def cuda(self, *args: Any, **kwargs: Any) -> PackedSequence:
        return self.to(*args, **{**kwargs, "device": "cuda"})

    def cpu(self, *args: Any, **kwargs: Any) -> PackedSequence:
        return self.to(*args, **{**kwargs, "device": "cpu"})

    def double(self) -> PackedSequence:
        return self.to(dtype=_dtype.float64)

    def float(self) -> PackedSequence:
        return self.to(dtype=_dtype.float32)

    def half(self) -> PackedSequence:
        return self.to(dtype=_dtype.float16)

    def long(self) -> PackedSequence:
        return self.to(dtype=_dtype.int64)

    def int(self) -> PackedSequence:
        return self.to(dtype=_dtype.int32)

    def short(self) -> PackedSequence:
        return self.to(dtype=_dtype.int16)

    def char(self) -> PackedSequence:
        return self.to(dtype=_dtype.int8)

    def byte(self) -> PackedSequence:
        return self.to(dtype=_dtype.uint8)

    def pin_memory(self) -> PackedSequence:
        """Itself: there is no pinned memory here."""
        return self

    @property
    def is_cuda(self) -> bool:
        """Whether ``data`` is on a CUDA device (never, here)."""
        return bool(self.data.is_cuda)

    def is_pinned(self) -> bool:
        """Whether ``data`` is in pinned memory (never, here: there is no device to pin for)."""
        return False


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The permutation that undoes ``permutation`` (None stays None)."""
    if permutation is None:
        return None
    output = empty_like(permutation)
    output[permutation] = arange(permutation.numel())
    return output


def pack_padded_sequence(input: Tensor, lengths: Tensor | list[int], batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:  # fmt: skip
    """Pack a padded batch (L, B, *) (or (B, L, *) with ``batch_first``) of sequences of the
    given ``lengths``. With ``enforce_sorted`` the lengths must decrease; otherwise the batch
    is sorted first and the order kept in ``sorted_indices``. Gradients reach ``input``
    through PackPaddedSequenceBackward0.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.nn.utils.rnn import pack_padded_sequence
        >>> padded = torch.tensor([[1.0, 4.0], [2.0, 0.0], [3.0, 0.0]])
        >>> pack_padded_sequence(padded, [3, 1]).batch_sizes
        tensor([2, 1, 1])
    """
    if not isinstance(lengths, Tensor):
        lengths = as_tensor(lengths, dtype=_dtype.int64)
    else:
        lengths = lengths.to(dtype=_dtype.int64)
    sorted_indices = None
    if not enforce_sorted:
        lengths, sorted_indices = lengths.sort(descending=True)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    data, batch_sizes = pack_padded_sequence_data(input, lengths.numpy(), batch_first)
    return PackedSequence(data, as_tensor(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:  # fmt: skip
    """The inverse of ``pack_padded_sequence``: the padded batch, (T, B, *) or (B, T, *) with
    ``T`` the longest length (or ``total_length``), in the original order, and the lengths
    (an int64 tensor).

    Example::

        >>> import rungrad as torch
        >>> from rungrad.nn.utils.rnn import pack_sequence, pad_packed_sequence
        >>> packed = pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])])
        >>> pad_packed_sequence(packed)
        (tensor([[1, 4],
                [2, 0],
                [3, 0]]), tensor([3, 1]))
    """
    data, batch_sizes = sequence.data, sequence.batch_sizes
    sizes = batch_sizes.numpy()
    steps = len(sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in "
                f"input, but got total_length={total_length} and max sequence length being "
                f"{steps}"
            )
        steps = total_length
    trailing = tuple(data.shape[1:])
    padded = data.new_full((steps, int(sizes[0]), *trailing), padding_value)
    # Steps of one batch size are copied together: one copy per run of equal sizes.
    step, offset = 0, 0
    while step < len(sizes):
        size = int(sizes[step])
        run = 1
        while step + run < len(sizes) and sizes[step + run] == size:
            run += 1
        rows = data[offset : offset + run * size].view(run, size, *trailing)
        padded[step : step + run, :size] = rows
        step, offset = step + run, offset + run * size
    lengths = (sizes[None, :] > np.arange(int(sizes[0]))[:, None]).sum(axis=1)
    lengths_tensor = as_tensor(lengths.astype(np.int64))
    if batch_first:
        padded = padded.transpose(0, 1)
    unsorted_indices = sequence.unsorted_indices
    if unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, unsorted_indices)
        lengths_tensor = lengths_tensor[unsorted_indices]
    return padded, lengths_tensor


def pack_sequence(sequences: list[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of sequences of shapes (L_i, *): ``pad_sequence`` then
    ``pack_padded_sequence``."""
    lengths = as_tensor([sequence.shape[0] for sequence in sequences], dtype=_dtype.int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """The list of sequences a ``PackedSequence`` holds, in the original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
