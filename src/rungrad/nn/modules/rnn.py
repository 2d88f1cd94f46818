"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` and their single-step cells.

A layer runs its cell over the time steps in Python: the input projections of all steps are
one matrix product, then each step adds the hidden projection and applies the gates. The
gradients come from the ops the steps are made of. A ``PackedSequence`` input runs step by
step on the sequences still running, and gives a packed output. Parameter names, shapes, gate order
(LSTM: i, f, g, o; GRU: r, z, n) and initialisation follow PyTorch's.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ... import _creation, _dtype
from ..._ops import nn as kernels
from ..._ops.joining import cat, unsafe_chunk_equal
from ..._ops.pointwise import relu, sigmoid, tanh
from ..._ops.shape import stack
from ..._tensor import Tensor
from ...autograd import grad as autograd_grad
from ...autograd.function import Function
from ...autograd.grad_mode import STATE, enable_grad
from ...autograd.graph import Node
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

__all__ = ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNBase", "RNNCell", "RNNCellBase"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# -- one time step ---------------------------------------------------------------------------
# ``projected`` is the input's projection x W_ih^T + b_ih; ``state`` the previous hidden state
# (a (h, c) pair for the LSTM). Each step returns the new state.
def _rnn_step(activation: Callable[[Tensor], Tensor]) -> Callable[..., Tensor]:
    def step(projected: Tensor, state: Tensor, weight_hh: Tensor, bias_hh: Any) -> Tensor:
        return activation(kernels.linear(state, weight_hh, bias_hh) + projected)

    return step


def _gates(projected: Tensor, count: int) -> tuple[Tensor, ...]:
    """Split the last dimension into ``count`` equal gate blocks (as PyTorch's cells do, with
    unsafe_chunk: the graph shows UnsafeSplitBackward0)."""
    return unsafe_chunk_equal(projected, count, -1)


def _lstm_step(
    projected: Tensor,
    state: tuple[Tensor, Tensor],
    weight_hh: Tensor,
    bias_hh: Any,
    weight_hr: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    hidden, cell = state
    gates = kernels.linear(hidden, weight_hh, bias_hh) + projected
    input_gate, forget_gate, cell_gate, output_gate = _gates(gates, 4)
    cell = sigmoid(forget_gate) * cell + sigmoid(input_gate) * tanh(cell_gate)
    hidden = sigmoid(output_gate) * tanh(cell)
    if weight_hr is not None:
        hidden = kernels.linear(hidden, weight_hr)
    return hidden, cell


# -- an LSTM layer as one node ------------------------------------------------------------------
# PyTorch runs a float32 LSTM layer (without projections) through oneDNN: one node per layer
# and direction, MkldnnRnnLayerBackward0, with outputs (output, h_n, c_n). The same node is
# made here: the layer's steps run on detached inputs inside the op, and its backward takes
# the gradients through that private graph (kept for further backward passes). Recording a
# backward (create_graph) differentiates the steps recomputed on the real inputs instead, so
# that higher derivatives reach them.
class _MkldnnRnnLayer(Function):
    @staticmethod
    def forward(ctx: Any, input: Tensor, weight_ih: Tensor, weight_hh: Tensor, bias_ih: Any,
                bias_hh: Any, hx: Tensor, cx: Tensor, reverse: bool) -> Any:  # fmt: skip
        arguments = (input, weight_ih, weight_hh, bias_ih, bias_hh, hx, cx)
        inner = [
            None if t is None else t.detach().requires_grad_(t.requires_grad) for t in arguments
        ]
        with enable_grad():
            output, (hidden, cell) = _lstm_layer(*inner, reverse)
        ctx.arguments, ctx.inner, ctx.reverse = arguments, inner, reverse
        ctx.results = (output, hidden, cell)
        return output.detach(), hidden.detach(), cell.detach()

    @staticmethod
    def backward(ctx: Any, grad_output: Any, grad_hidden: Any, grad_cell: Any) -> Any:
        recording = STATE.enabled
        inputs, results = ctx.inner, ctx.results
        if recording:
            inputs = ctx.arguments
            output, (hidden, cell) = _lstm_layer(*inputs, ctx.reverse)
            results = (output, hidden, cell)
        wanted = [t for t in inputs if t is not None and t.requires_grad]
        grads = iter(
            autograd_grad(
                results,
                wanted,
                (grad_output, grad_hidden, grad_cell),
                retain_graph=True,
                create_graph=recording,
                allow_unused=True,
            )
            if wanted
            else ()
        )
        return (
            *(next(grads) if t is not None and t.requires_grad else None for t in inputs),
            None,
        )


_MkldnnRnnLayer._backward_cls.__name__ = "MkldnnRnnLayerBackward0"
_MkldnnRnnLayer._backward_cls.__qualname__ = "MkldnnRnnLayerBackward0"
_MkldnnRnnLayer._backward_cls.__module__ = "builtins"
_MkldnnRnnLayer._backward_cls.__repr__ = Node.__repr__  # type: ignore[method-assign]


def _lstm_layer(input: Tensor, weight_ih: Tensor, weight_hh: Tensor, bias_ih: Any,
                bias_hh: Any, hx: Tensor, cx: Tensor,
                reverse: bool) -> tuple[Tensor, tuple[Tensor, Tensor]]:  # fmt: skip
    """One LSTM layer and direction over the (L, N, H_in) ``input``, step by step."""
    steps = kernels.linear(input, weight_ih, bias_ih).unbind(0)
    if reverse:
        steps = steps[::-1]
    state = (hx, cx)
    results = []
    for projected in steps:
        state = _lstm_step(projected, state, weight_hh, bias_hh)
        results.append(state[0])
    if reverse:
        results.reverse()
    return stack(results, 0), state


def _one_node_lstm_layer(input: Tensor, weights: Sequence[Any], state: tuple[Tensor, Tensor],
                         reverse: bool) -> tuple[Tensor, tuple[Tensor, Tensor]] | None:  # fmt: skip
    """The layer as PyTorch's oneDNN node where PyTorch would use it (float32, something
    requires grad), else None."""
    tensors = [input, *weights, *state]
    if input.dtype != _dtype.float32 or not (
        STATE.enabled and any(t is not None and t.requires_grad for t in tensors)
    ):
        return None
    weight_ih, weight_hh = weights[0], weights[1]
    bias_ih, bias_hh = (weights[2], weights[3]) if len(weights) >= 4 else (None, None)
    output, hidden, cell = _MkldnnRnnLayer.apply(
        input, weight_ih, weight_hh, bias_ih, bias_hh, state[0], state[1], reverse
    )
    return output, (hidden, cell)


def _gru_step(projected: Tensor, state: Tensor, weight_hh: Tensor, bias_hh: Any) -> Tensor:
    input_reset, input_update, input_new = _gates(projected, 3)
    hidden_reset, hidden_update, hidden_new = _gates(kernels.linear(state, weight_hh, bias_hh), 3)
    reset = sigmoid(input_reset + hidden_reset)
    update = sigmoid(input_update + hidden_update)
    new = tanh(input_new + hidden_new * reset)
    # PyTorch's form and order (not (1 - z) n + z h): the same float32 rounding.
    return (state - new) * update + new


def _check_dropout(dropout: Any, num_layers: int) -> None:
    if (
        not isinstance(dropout, numbers.Number)
        or isinstance(dropout, bool)
        or not 0 <= dropout <= 1  # type: ignore[operator]
    ):
        raise ValueError(
            "dropout should be a number in range [0, 1] representing the probability of an "
            "element being zeroed"
        )
    if dropout > 0 and num_layers == 1:  # type: ignore[operator]
        warnings.warn(
            "dropout option adds dropout after all but last recurrent layer, so non-zero "
            "dropout expects num_layers greater than 1, but got "
            f"dropout={dropout} and num_layers={num_layers}",
            UserWarning,
            stacklevel=3,
        )


class RNNBase(Module):
    """The multi-layer, optionally bidirectional recurrence shared by RNN, LSTM and GRU."""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        _check_dropout(dropout, num_layers)
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
            raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError(
                "proj_size should be a positive integer or zero to disable projections"
            )
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        gate_size = _GATES[mode] * hidden_size
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names: list[str] = []
        self._all_weights: list[list[str]] = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden_size * directions
                shapes = [(gate_size, layer_input), (gate_size, real_hidden_size)]
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    shapes += [(gate_size,), (gate_size,)]
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if proj_size > 0:
                    shapes.append((proj_size, hidden_size))
                    names.append("weight_hr_l{}{}")
                suffix = "_reverse" if direction == 1 else ""
                names = [name.format(layer, suffix) for name in names]
                for name, shape in zip(names, shapes):
                    setattr(self, name, Parameter(_creation.empty(*shape, dtype=dtype)))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def flatten_parameters(self) -> None:
        """Nothing to do: parameters are never copied into a flat buffer here."""

    @property
    def _flat_weights(self) -> list[Parameter | None]:
        return [getattr(self, name, None) for name in self._flat_weights_names]

    @property
    def all_weights(self) -> list[list[Parameter]]:
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text

    # -- forward -------------------------------------------------------------------------------
    @property
    def _directions(self) -> int:
        return 2 if self.bidirectional else 1

    def _state_size(self, batch: int, cell: bool = False) -> tuple[int, int, int]:
        size = self.proj_size if self.proj_size > 0 and not cell else self.hidden_size
        return (self.num_layers * self._directions, batch, size)

    def _check_input(self, input: Tensor) -> None:
        if input.dim() not in (2, 3):
            noun = " tensor" if self.mode.startswith("RNN") else ""  # PyTorch's wording
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D"
                f"{noun} instead"
            )
        weight = self._flat_weights[0] if self._flat_weights else None
        if weight is not None and input.dtype != weight.dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype}). "
                f"Convert input: input.to({weight.dtype}), or convert model: "
                f"model.to({input.dtype})"
            )
        if input.shape[-1] != self.input_size:
            raise RuntimeError(
                f"input.size(-1) must be equal to input_size. Expected {self.input_size}, got "
                f"{input.shape[-1]}"
            )

    @staticmethod
    def _check_state(state: Tensor, expected: tuple[int, ...], label: str) -> None:
        if tuple(state.shape) != expected:
            raise RuntimeError(f"Expected {label} size {expected}, got {list(state.shape)}")

    def _step(self) -> Callable[..., Any]:
        if self.mode == "LSTM":
            return _lstm_step
        if self.mode == "GRU":
            return _gru_step
        return _rnn_step(relu if self.mode == "RNN_RELU" else tanh)

    def _run(
        self, input: Tensor, states: list[Any], batch_sizes: np.ndarray | None = None
    ) -> tuple[Tensor, list[Any]]:
        """Run every layer over the (L, N, H_in) ``input``, or over a packed sequence's data
        given its ``batch_sizes``; ``states`` holds one initial state per layer and
        direction. Returns the last layer's output and the final states."""
        step = self._step()
        finals: list[Any] = []
        output = input
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(self._directions):
                index = layer * self._directions + direction
                weights = self.all_weights[index]
                weight_ih, weight_hh = weights[0], weights[1]
                bias_ih, bias_hh = (weights[2], weights[3]) if self.bias else (None, None)
                extra = (weights[-1],) if self.proj_size > 0 else ()
                if batch_sizes is not None:
                    layer_output, final = _packed_layer(
                        step,
                        output,
                        batch_sizes,
                        states[index],
                        (weight_ih, weight_hh, bias_ih, bias_hh, *extra),
                        direction == 1,
                    )
                    outputs.append(layer_output)
                    finals.append(final)
                    continue
                steps = kernels.linear(output, weight_ih, bias_ih).unbind(0)
                if direction == 1:
                    steps = steps[::-1]
                state = states[index]
                if self.mode == "LSTM" and self.proj_size == 0:
                    layer_result = _one_node_lstm_layer(
                        output, weights[: 4 if self.bias else 2], state, direction == 1
                    )
                    if layer_result is not None:
                        outputs.append(layer_result[0])
                        finals.append(layer_result[1])
                        continue
                results = []
                for projected in steps:
                    state = step(projected, state, weight_hh, bias_hh, *extra)
                    results.append(state[0] if self.mode == "LSTM" else state)
                if direction == 1:
                    results.reverse()
                outputs.append(stack(results, 0))
                finals.append(state)
            output = outputs[0] if len(outputs) == 1 else _join_features(outputs)
            if self.dropout > 0 and self.training and layer < self.num_layers - 1:
                output = kernels.dropout(output, self.dropout, True)
        return output, finals

    def _forward_packed(self, input: PackedSequence, hx: Any) -> tuple[PackedSequence, Any]:
        """The layer over a packed sequence: the output is packed the same way, and the final
        states (each sequence's state after its last step) are in the original batch order."""
        data, batch_sizes, sorted_indices, unsorted_indices = input
        lstm = self.mode == "LSTM"
        # PyTorch's LSTM checks a packed input only when given a state.
        if not lstm or hx is not None:
            if data.dim() != 2:
                raise RuntimeError(f"input must have 2 dimensions, got {data.dim()}")
            self._check_input(data)
        sizes = batch_sizes.numpy()
        batch = int(sizes[0])
        parts = hx if lstm and hx is not None else (hx,)
        if lstm and hx is None:
            parts = (None, None)
        states = []
        for position, part in enumerate(parts):
            cell = position == 1
            if part is None:
                part = _creation.zeros(*self._state_size(batch, cell), dtype=data.dtype)
            elif sorted_indices is not None:
                part = part.index_select(1, sorted_indices)
            label = f"hidden[{position}]" if lstm else "hidden"
            self._check_state(part, self._state_size(batch, cell), label)
            states.append(part.unbind(0))
        initial = list(zip(*states)) if lstm else list(states[0])
        if lstm and self.proj_size == 0 and data.dtype == _dtype.float32 and len(set(sizes)) == 1:
            # PyTorch's oneDNN path takes a float32 LSTM's packed batch whose sequences all
            # have one length as the padded (T, B, H_in) tensor it is, viewed back after.
            padded = data.view(len(sizes), batch, data.shape[-1])
            output, finals = self._run(padded, initial)
            output = output.view(data.shape[0], output.shape[-1])
        else:
            output, finals = self._run(data, initial, sizes)
        final_parts = (
            [stack([final[i] for final in finals], 0) for i in range(2)]
            if lstm
            else [stack(finals, 0)]
        )
        if unsorted_indices is not None:
            final_parts = [part.index_select(1, unsorted_indices) for part in final_parts]
        packed = PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices)
        return packed, tuple(final_parts) if lstm else final_parts[0]

    def _prepare(self, input: Tensor) -> tuple[Tensor, bool]:
        self._check_input(input)
        batched = input.dim() == 3
        if not batched:
            input = input.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        return input, batched

    def _finish(self, output: Tensor, batched: bool) -> Tensor:
        if not batched:
            return output.squeeze(1)
        if not self.batch_first:
            return output
        # PyTorch's RNN and GRU turn their fresh output back in place (TransposeBackward1);
        # its LSTM returns a transposed view (TransposeBackward0).
        if self.mode == "LSTM":
            return output.transpose(0, 1)
        return output.transpose_(0, 1)


def _narrow_state(state: Any, start: int, length: int) -> Any:
    """Rows ``start:start + length`` of a state (both parts of an LSTM's (h, c))."""
    if isinstance(state, tuple):
        return tuple(part.narrow(0, start, length) for part in state)
    return state.narrow(0, start, length)


def _cat_states(states: list[Any]) -> Any:
    if isinstance(states[0], tuple):
        return tuple(cat(list(parts), 0) for parts in zip(*states))
    return cat(states, 0)


def _packed_layer(step: Callable[..., Any], data: Tensor, batch_sizes: np.ndarray,
                  state: Any, weights: tuple[Any, ...],
                  reverse: bool) -> tuple[Tensor, Any]:  # fmt: skip
    """One layer and direction over a packed sequence's ``data``: at step ``t`` only the
    first ``batch_sizes[t]`` sequences advance. Going forward, a sequence that ends leaves
    its state aside (its final state); going backward, a sequence joins, from its initial
    state, at its last step. Returns the steps' outputs, packed, and the final states."""
    weight_ih, weight_hh, bias_ih, bias_hh, *extra = weights
    sizes = [int(size) for size in batch_sizes]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    order = range(len(sizes) - 1, -1, -1) if reverse else range(len(sizes))
    projected_rows = kernels.linear(data, weight_ih, bias_ih)
    finished: list[Any] = []
    results = []
    last = sizes[order[0]]
    hidden = _narrow_state(state, 0, last) if reverse else state
    for time in order:
        size = sizes[time]
        if size < last:
            finished.append(_narrow_state(hidden, size, last - size))
            hidden = _narrow_state(hidden, 0, size)
        elif size > last:
            hidden = _cat_states([hidden, _narrow_state(state, last, size - last)])
        last = size
        projected = projected_rows.narrow(0, offsets[time], size)
        hidden = step(projected, hidden, weight_hh, bias_hh, *extra)
        results.append(hidden[0] if isinstance(hidden, tuple) else hidden)
    if reverse:
        results.reverse()
        return cat(results, 0), hidden
    finished.append(hidden)
    finished.reverse()
    return cat(results, 0), _cat_states(finished)


def _join_features(outputs: Sequence[Tensor]) -> Tensor:
    """Concatenate the forward and backward outputs along the feature dimension."""
    from ..._ops.attention import concatenate

    return concatenate(list(outputs), -1)


def _initial_state(
    module: RNNBase, hx: Tensor | None, input: Tensor, batched: bool, cell: bool = False
) -> Tensor:
    batch = input.shape[1]
    if hx is None:
        return _creation.zeros(*module._state_size(batch, cell), dtype=input.dtype)
    return hx if batched else hx.unsqueeze(1)


class RNN(RNNBase):
    """RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True,
    batch_first=False, dropout=0.0, bidirectional=False)

    An Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or relu).
    ``forward(input, hx=None)`` returns ``(output, h_n)``.

    Example::

        >>> import rungrad as torch
        >>> rnn = torch.nn.RNN(3, 4, num_layers=2)
        >>> output, h_n = rnn(torch.randn(5, 2, 3))
        >>> tuple(output.shape), tuple(h_n.shape)
        ((5, 2, 4), (2, 2, 4))
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # As PyTorch's, the arguments go on to RNNBase (whose name a missing one's error
        # carries), less the nonlinearity: the fourth positional argument or a keyword.
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity, args = args[3], args[:3] + args[4:]
        else:
            nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        super().__init__(mode, *args, **kwargs)
        self.nonlinearity = nonlinearity

    def forward(self, input: Any, hx: Tensor | None = None) -> tuple[Any, Tensor]:
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        input, batched = self._prepare(input)
        if hx is not None:
            _check_state_rank(hx, batched)
        state = _initial_state(self, hx, input, batched)
        self._check_state(state, self._state_size(input.shape[1]), "hidden")
        output, finals = self._run(input, list(state.unbind(0)))
        h_n = stack(finals, 0)
        return self._finish(output, batched), h_n if batched else h_n.squeeze(1)


def _check_state_rank(hx: Tensor, batched: bool) -> None:
    if batched and hx.dim() != 3:
        raise RuntimeError(
            f"For batched 3-D input, hx should also be 3-D but got {hx.dim()}-D tensor"
        )
    if not batched and hx.dim() != 2:
        raise RuntimeError(
            f"For unbatched 2-D input, hx should also be 2-D but got {hx.dim()}-D tensor"
        )


class LSTM(RNNBase):
    """LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
    dropout=0.0, bidirectional=False, proj_size=0)

    Gates ``i, f, g, o`` (in that order in the weights); ``c_t = f * c_{t-1} + i * g``,
    ``h_t = o * tanh(c_t)`` (then ``h_t W_hr^T`` with ``proj_size``).
    ``forward(input, (h_0, c_0)=None)`` returns ``(output, (h_n, c_n))``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)

    def forward(
        self, input: Any, hx: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Any, tuple[Tensor, Tensor]]:
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx)
        input, batched = self._prepare(input)
        if hx is not None:
            rank = 3 if batched else 2
            if hx[0].dim() != rank or hx[1].dim() != rank:
                kind = "batched 3-D" if batched else "unbatched 2-D"
                raise RuntimeError(
                    f"For {kind} input, hx and cx should also be {rank}-D but got "
                    f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors"
                )
        hidden = _initial_state(self, None if hx is None else hx[0], input, batched)
        cell = _initial_state(self, None if hx is None else hx[1], input, batched, cell=True)
        batch = input.shape[1]
        self._check_state(hidden, self._state_size(batch), "hidden[0]")
        self._check_state(cell, self._state_size(batch, cell=True), "hidden[1]")
        if self.proj_size and input._data.dtype == np.float32:
            # PyTorch's CPU build offers a float32 LSTM to oneDNN, which refuses projections.
            from ..._runtime import warn_once

            warn_once(
                "LSTM with projections is not supported with oneDNN. Using default "
                "implementation. (Triggered internally at "
                "/__w/pytorch/pytorch/aten/src/ATen/native/RNN.cpp:1512.)",
                stacklevel=3,
            )
        states = list(zip(hidden.unbind(0), cell.unbind(0)))
        output, finals = self._run(input, states)
        h_n = stack([state[0] for state in finals], 0)
        c_n = stack([state[1] for state in finals], 0)
        if not batched:
            h_n, c_n = h_n.squeeze(1), c_n.squeeze(1)
        return self._finish(output, batched), (h_n, c_n)


class GRU(RNNBase):
    """GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
    bidirectional=False)

    Gates ``r, z, n`` (in that order in the weights); ``n = tanh(W_in x + b_in + r * (W_hn h +
    b_hn))`` and ``h_t = (1 - z) * n + z * h_{t-1}``. ``forward(input, hx=None)`` returns
    ``(output, h_n)``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    forward = RNN.forward


# -- cells -----------------------------------------------------------------------------------
class RNNCellBase(Module):
    """The parameters and checks shared by the single-step cells."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool,
        num_chunks: int,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        gate_size = num_chunks * hidden_size
        self.weight_ih = Parameter(_creation.empty(gate_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(_creation.empty(gate_size, hidden_size, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(_creation.empty(gate_size, dtype=dtype))
            self.bias_hh = Parameter(_creation.empty(gate_size, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        nonlinearity = getattr(self, "nonlinearity", "tanh")
        if nonlinearity != "tanh":
            text += f", nonlinearity={nonlinearity}"
        return text

    def _prepare(self, input: Tensor) -> tuple[Tensor, bool]:
        if input.dim() not in (1, 2):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 1D or 2D, got {input.dim()}D instead"
            )
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if input.shape[1] != self.input_size:
            raise RuntimeError(
                f"input has inconsistent input_size: got {input.shape[1]} expected "
                f"{self.input_size}"
            )
        return input, batched

    def _state(self, hx: Tensor | None, input: Tensor, batched: bool, label: str) -> Tensor:
        if hx is None:
            return _creation.zeros(input.shape[0], self.hidden_size, dtype=input.dtype)
        if hx.dim() != (2 if batched else 1):
            raise ValueError(
                f"{type(self).__name__}: Expected hidden to be {2 if batched else 1}D, got "
                f"{hx.dim()}D instead"
            )
        state = hx if batched else hx.unsqueeze(0)
        if state.shape[0] != input.shape[0]:
            raise RuntimeError(
                f"Input batch size {input.shape[0]} doesn't match {label} batch size "
                f"{state.shape[0]}"
            )
        if state.shape[1] != self.hidden_size:
            raise RuntimeError(
                f"{label} has inconsistent hidden_size: got {state.shape[1]}, expected "
                f"{self.hidden_size}"
            )
        return state


class RNNCell(RNNCellBase):
    """RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh'):
    ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, batched = self._prepare(input)
        state = self._state(hx, input, batched, "hidden0")
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        step = _rnn_step(tanh if self.nonlinearity == "tanh" else relu)
        projected = kernels.linear(input, self.weight_ih, self.bias_ih)
        result = step(projected, state, self.weight_hh, self.bias_hh)
        return result if batched else result.squeeze(0)


class LSTMCell(RNNCellBase):
    """LSTMCell(input_size, hidden_size, bias=True): one LSTM step; ``forward(input,
    (h, c)=None)`` returns ``(h', c')``."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(
        self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None
    ) -> tuple[Tensor, Tensor]:
        input, batched = self._prepare(input)
        hidden = self._state(None if hx is None else hx[0], input, batched, "hidden0")
        cell = self._state(None if hx is None else hx[1], input, batched, "hidden1")
        projected = kernels.linear(input, self.weight_ih, self.bias_ih)
        hidden, cell = _lstm_step(projected, (hidden, cell), self.weight_hh, self.bias_hh)
        if not batched:
            return hidden.squeeze(0), cell.squeeze(0)
        return hidden, cell


class GRUCell(RNNCellBase):
    """GRUCell(input_size, hidden_size, bias=True): one GRU step."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, batched = self._prepare(input)
        state = self._state(hx, input, batched, "hidden0")
        projected = kernels.linear(input, self.weight_ih, self.bias_ih)
        result = _gru_step(projected, state, self.weight_hh, self.bias_hh)
        return result if batched else result.squeeze(0)
