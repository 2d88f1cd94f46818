"""Activation checkpointing: trade compute for memory by recomputing in backward.

``checkpoint(function, *args, use_reentrant=True)`` runs ``function`` without recording a
graph and saves only its inputs; the backward pass runs it again with recording on and
backpropagates through that fresh graph. With ``use_reentrant=False`` the function's graph
is recorded as usual, but the tensors its ops save are left out of it and recomputed, through
saved-tensor hooks, when backward first needs one (NOTE [Non-reentrant checkpoint]).
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Callable
from typing import Any

from .._tensor import Tensor
from ..autograd.engine import is_checkpoint_valid
from ..autograd.function import Function
from ..autograd.grad_mode import enable_grad
from ..autograd.saved import saved_tensors_hooks

__all__ = ["CheckpointError", "checkpoint", "checkpoint_sequential"]


class CheckpointError(RuntimeError):
    """A checkpointed function did not save the same tensors when it was recomputed."""


class CheckpointFunction(Function):
    """Runs ``run_function`` without a graph; recomputes it with one in backward."""

    @staticmethod
    def forward(
        ctx: Any, run_function: Callable[..., Any], preserve_rng_state: bool, *args: Any
    ) -> Any:
        ctx.run_function = run_function
        ctx.tensor_positions = [i for i, arg in enumerate(args) if isinstance(arg, Tensor)]
        ctx.inputs = [None if isinstance(arg, Tensor) else arg for arg in args]
        ctx.save_for_backward(*(arg for arg in args if isinstance(arg, Tensor)))
        if preserve_rng_state:
            from .._random import default_generator

            ctx.rng_state = default_generator.get_state()
        return run_function(*args)

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        if not is_checkpoint_valid():
            raise RuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or "
                "passing an `inputs` parameter to .backward(). To resolve this error, you can "
                "either set use_reentrant=False, or call .backward() without passing the "
                "`inputs` argument."
            )
        inputs = list(ctx.inputs)
        for position, tensor in zip(ctx.tensor_positions, ctx.saved_tensors):
            inputs[position] = tensor.detach().requires_grad_(tensor.requires_grad)
        if hasattr(ctx, "rng_state"):
            from .._random import default_generator

            current = default_generator.get_state()
            default_generator.set_state(ctx.rng_state)
        with enable_grad():
            outputs = ctx.run_function(*inputs)
        if hasattr(ctx, "rng_state"):
            default_generator.set_state(current)
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        pairs = [
            (out, grad)
            for out, grad in zip(outputs, grad_outputs)
            if isinstance(out, Tensor) and out.requires_grad
        ]
        if not pairs:
            raise RuntimeError(
                "none of output has requires_grad=True, this checkpoint() is not necessary"
            )
        from ..autograd import backward

        backward([out for out, _ in pairs], [grad for _, grad in pairs])
        grads = tuple(arg.grad if isinstance(arg, Tensor) else None for arg in inputs)
        return (None, None, *grads)


def checkpoint(
    function: Callable[..., Any],
    *args: Any,
    use_reentrant: bool | None = None,
    preserve_rng_state: bool = True,
    context_fn: Callable[[], Any] | None = None,
    determinism_check: str = "default",
    debug: bool = False,
    early_stop: bool = True,
    **kwargs: Any,
) -> Any:
    """checkpoint(function, *args, use_reentrant=None, preserve_rng_state=True,
    determinism_check='default', early_stop=True, **kwargs) -> output

    Same result as ``function(*args, **kwargs)``; intermediate activations are not kept but
    recomputed during backward. ``use_reentrant=False`` (recommended) records the function's
    own graph and recomputes what its ops saved on first need, stopping as soon as all of it
    is back (``early_stop``); ``determinism_check="default"`` checks that the recomputed
    tensors have the shapes and dtypes of the original ones. ``context_fn`` and ``debug``
    are accepted for PyTorch's signature; rungrad has no use for them.
    """
    if determinism_check not in ("default", "none"):
        raise ValueError(
            f"determinism_check should be one of ['default', 'none'], but got {determinism_check}"
        )
    if use_reentrant is None:
        warnings.warn(
            "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
            "Starting in PyTorch 2.9, calling checkpoint without use_reentrant will raise an "
            "exception. use_reentrant=False is recommended, but if you need to preserve the "
            "current default behavior, you can pass use_reentrant=True. Refer to docs for more "
            "details on the differences between the two variants.",
            UserWarning,
            stacklevel=2,
        )
    if use_reentrant is False:
        frame = _RecomputedFrame(
            lambda: function(*args, **kwargs), preserve_rng_state, early_stop, determinism_check
        )
        with saved_tensors_hooks(frame.pack, frame.unpack):
            return function(*args, **kwargs)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    return CheckpointFunction.apply(function, preserve_rng_state, *args)


# NOTE [Non-reentrant checkpoint]
# While the function runs, saved-tensor hooks (NOTE [Saved-tensor hooks]) give every node a
# ``_Holder`` in place of each tensor it saves: the function's graph is recorded as usual, but
# its activations are not kept. The first time backward unpacks a holder, the function runs
# again (same arguments, same random state) under hooks that fill the holders, in the order
# the tensors were saved; it stops once all are filled. A holder lives as long as the node
# that saved it, so each recomputed tensor is freed when backward releases its node.


class _Holder:
    """What a node keeps of a tensor saved inside a non-reentrant checkpoint."""

    __slots__ = ("__weakref__", "metadata", "value")

    def __init__(self, metadata: tuple[Any, ...]) -> None:
        self.metadata = metadata  # shape and dtype, to check the recomputed tensor
        self.value: Tensor | None = None


class _StopRecomputation(Exception):
    """Raised out of the recomputation once every holder is filled (``early_stop``)."""


class _RecomputedFrame:
    """One non-reentrant checkpointed call: its saved tensors, recomputed on demand."""

    def __init__(
        self, run: Callable[[], Any], preserve_rng_state: bool, early_stop: bool, check: str
    ) -> None:
        from .._random import default_generator

        self.run = run
        self.rng_state = default_generator.get_state() if preserve_rng_state else None
        self.early_stop = early_stop
        self.check = check == "default"
        self.holders: list[weakref.ref[_Holder]] = []

    def pack(self, tensor: Tensor) -> _Holder:
        holder = _Holder(_metadata(tensor))
        self.holders.append(weakref.ref(holder))
        return holder

    def unpack(self, holder: _Holder) -> Tensor:
        if holder.value is None:
            self.recompute()
        return holder.value  # type: ignore[return-value]

    def recompute(self) -> None:
        from .._random import default_generator

        count = 0
        expected = len(self.holders)
        mismatches: list[str] = []

        def fill(tensor: Tensor) -> None:
            nonlocal count
            index = count
            count += 1
            if index >= expected:
                raise CheckpointError(
                    "torch.utils.checkpoint: trying to save more tensors during recomputation "
                    "than during the original forward pass."
                )
            holder = self.holders[index]()
            if holder is not None:  # else its node was released already
                if self.check and _metadata(tensor) != holder.metadata:
                    mismatches.append(_mismatch(index, holder.metadata, _metadata(tensor)))
                holder.value = tensor.detach()
            if self.early_stop and count == expected:
                raise _StopRecomputation

        current = default_generator.get_state()
        if self.rng_state is not None:
            default_generator.set_state(self.rng_state)
        try:
            with enable_grad(), saved_tensors_hooks(fill, _never_unpacked):
                self.run()
        except _StopRecomputation:
            pass
        finally:
            default_generator.set_state(current)
        if mismatches:
            raise CheckpointError(
                "torch.utils.checkpoint: Recomputed values for the following tensors have "
                "different metadata than during the forward pass.\n" + "".join(mismatches) + "."
            )
        if count != expected:
            raise CheckpointError(
                "torch.utils.checkpoint: A different number of tensors was saved during the "
                "original forward and recomputation.\n"
                f"Number of tensors saved during forward: {expected}\n"
                f"Number of tensors saved during recomputation: {count}."
            )


def _metadata(tensor: Tensor) -> tuple[Any, ...]:
    return (tensor.shape, tensor.dtype, tensor.device)


def _mismatch(index: int, saved: tuple[Any, ...], recomputed: tuple[Any, ...]) -> str:
    def described(metadata: tuple[Any, ...]) -> str:
        shape, dtype, device = metadata
        return f"{{'shape': {shape}, 'dtype': {dtype}, 'device': {device!r}}}"

    return (
        f"tensor at position {index}:\nsaved metadata: {described(saved)}\n"
        f"recomputed metadata: {described(recomputed)}\n"
    )


def _never_unpacked(packed: None) -> Tensor:
    raise RuntimeError("torch.utils.checkpoint: a recomputed graph was differentiated")


def checkpoint_sequential(
    functions: Any, segments: int, input: Any, use_reentrant: bool | None = None, **kwargs: Any
) -> Any:
    """Run a sequence of modules/functions in ``segments`` checkpointed chunks."""
    functions = list(functions.children()) if hasattr(functions, "children") else list(functions)
    size = max(len(functions) // segments, 1)
    end = -1
    for start in range(0, len(functions) - size, size):
        end = start + size - 1
        chunk = functions[start : end + 1]

        def run(x: Any, chunk: list[Any] = chunk) -> Any:
            for function in chunk:
                x = function(x)
            return x

        input = checkpoint(run, input, use_reentrant=use_reentrant, **kwargs)
    for function in functions[end + 1 :]:
        input = function(input)
    return input
