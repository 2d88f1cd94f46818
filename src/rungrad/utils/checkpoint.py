"""Activation checkpointing: trade compute for memory by recomputing in backward.

``checkpoint(function, *args, use_reentrant=True)`` runs ``function`` without recording a
graph and saves only its inputs; the backward pass runs it again with recording on and
backpropagates through that fresh graph. With ``use_reentrant=False`` the function's graph
is recorded as usual (PyTorch's nodes and ``autograd.grad`` support; see ``checkpoint``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from .._tensor import Tensor
from ..autograd.engine import is_checkpoint_valid
from ..autograd.function import Function
from ..autograd.grad_mode import enable_grad

__all__ = ["checkpoint", "checkpoint_sequential"]


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
    **kwargs: Any,
) -> Any:
    """checkpoint(function, *args, use_reentrant=None, preserve_rng_state=True) -> output

    Same result as ``function(*args)``; intermediate activations are not kept but
    recomputed during backward.
    """
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
        # PyTorch's non-reentrant checkpoint records the function's own graph (its output's
        # grad_fn is the last op's node, and autograd.grad works through it) and recomputes
        # the saved activations through saved-tensor hooks, which rungrad does not have: the
        # graph here keeps them. Same values, graph and gradients; no memory saved.
        return function(*args, **kwargs)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    return CheckpointFunction.apply(function, preserve_rng_state, *args)


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
