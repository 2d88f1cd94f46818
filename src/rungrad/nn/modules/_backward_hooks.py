"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``).

As in PyTorch, a module with such hooks passes its tensor arguments, and then its tensor
outputs, through an identity op (``BackwardHookFunction``, whose node prints as
``BackwardHookFunctionBackward``). The node of the outputs sees the gradients of the outputs
(``grad_output``); the node of the inputs, later in the backward pass, sees those of the
inputs (``grad_input``), and that is where the hooks run. When no input requires grad the
hooks run at the outputs' node, with ``grad_input`` all None.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from ..._creation import zeros
from ..._tensor import Tensor
from ...autograd.function import Function
from ...autograd.grad_mode import STATE


class BackwardHookFunction(Function):
    """The identity on its tensor arguments; the arguments that do not require grad stay
    non-differentiable."""

    @staticmethod
    def forward(ctx: Any, *args: Any) -> Any:
        ctx.mark_non_differentiable(*[arg for arg in args if not arg.requires_grad])
        return args

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> Any:
        return grads


class BackwardHook:
    """The hooks' state for one call of a module."""

    def __init__(self, module: Any, user_hooks: list[Callable[..., Any]],
                 user_pre_hooks: list[Callable[..., Any]]) -> None:  # fmt: skip
        self.module = module
        self.user_hooks = user_hooks
        self.user_pre_hooks = user_pre_hooks
        self.grad_outputs: tuple[Any, ...] | None = None
        self.n_outputs = -1
        self.output_tensors_index: list[int] | None = None
        self.n_inputs = -1
        self.input_tensors_index: list[int] | None = None
        self.input_meta: list[tuple[Any, Any]] = []

    @staticmethod
    def _pack_with_none(indices: list[int], values: Any, size: int) -> tuple[Any, ...]:
        packed: list[Any] = [None] * size
        for index, value in zip(indices, values):
            packed[index] = value
        return tuple(packed)

    @staticmethod
    def _unpack_none(indices: list[int], values: Any) -> tuple[Any, ...]:
        return tuple(values[index] for index in indices)

    def _apply_on_tensors(self, fn: Callable[[Any], None], args: Any) -> tuple[Any, list[int]]:
        single = isinstance(args, Tensor)
        if single:
            args = (args,)
        indices = [i for i, arg in enumerate(args) if isinstance(arg, Tensor)]
        tensors = [args[i] for i in indices]
        if not (STATE.enabled and any(t.requires_grad for t in tensors)):
            return (args[0] if single else args), None  # type: ignore[return-value]
        new_tensors = BackwardHookFunction.apply(*tensors)
        if not isinstance(new_tensors, tuple):
            new_tensors = (new_tensors,)
        nodes = [
            t.grad_fn
            for t in new_tensors
            if t.grad_fn is not None and t.grad_fn.name() == "BackwardHookFunctionBackward"
        ]
        fn(nodes[0])
        result = list(args)
        for index, tensor in zip(indices, new_tensors):
            result[index] = tensor
        return (result[0] if single else type(args)(result)), indices

    def setup_input_hook(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        def hook(grad_inputs: Any, grad_outputs: Any) -> Any:  # (named as PyTorch's)
            return self._input_hook(grad_inputs, grad_outputs)

        def register(node: Any) -> None:
            node.register_hook(hook)

        self.input_meta = [(a.shape, a.dtype) for a in args if isinstance(a, Tensor)]
        self.n_inputs = len(args)
        result, self.input_tensors_index = self._apply_on_tensors(register, args)
        return result

    def setup_output_hook(self, output: Any) -> Any:
        def hook(grad_outputs: Any) -> Any:  # (named as PyTorch's, which messages show)
            return self._output_hook(grad_outputs)

        def register(node: Any) -> None:
            node.register_prehook(hook)

        is_tuple = isinstance(output, tuple)
        self.n_outputs = len(output) if is_tuple else 1
        result, self.output_tensors_index = self._apply_on_tensors(register, output)
        return result

    def _input_hook(self, grad_inputs: Any, grad_outputs: Any) -> Any:
        indices: list[int] = self.input_tensors_index  # type: ignore[assignment]
        # As PyTorch's identity op, whose missing gradients are materialized as zeros.
        grads = [
            zeros(shape, dtype=dtype) if grad is None else grad
            for grad, (shape, dtype) in zip(grad_inputs, self.input_meta)
        ]
        grad_input: Any = self._pack_with_none(indices, grads, self.n_inputs)
        for hook in self.user_hooks:
            result = hook(self.module, grad_input, self.grad_outputs)
            if result is None:
                continue
            if len(result) != len(grad_input):
                raise RuntimeError(
                    "Backward hook returned an invalid number of grad_input, got "
                    f"{len(result)}, but expected {len(grad_input)}"
                )
            grad_input = result
        self.grad_outputs = None
        return self._unpack_none(indices, grad_input)

    def _output_hook(self, grad_outputs: Any) -> Any:
        indices = self.output_tensors_index
        self.grad_outputs = self._pack_with_none(indices, grad_outputs, self.n_outputs)  # type: ignore[arg-type]
        for pre_hook in self.user_pre_hooks:
            result = pre_hook(self.module, self.grad_outputs)
            if result is None:
                continue
            if len(result) != len(self.grad_outputs):
                raise RuntimeError(
                    "Backward pre hook returned an invalid number of grad_output, got "
                    f"{len(result)}, but expected {len(self.grad_outputs)}"
                )
            self.grad_outputs = tuple(result)
        local_grad_outputs = self.grad_outputs
        if self.input_tensors_index is None:
            warnings.warn(
                "Full backward hook is firing when gradients are computed with respect to module "
                "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/"
                "main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook"
                " for more details.",
                UserWarning,
                stacklevel=2,
            )
            grad_inputs = self._pack_with_none([], [], self.n_inputs)
            for hook in self.user_hooks:
                result = hook(self.module, grad_inputs, self.grad_outputs)
                if result is not None and not (
                    isinstance(result, tuple) and all(r is None for r in result)
                ):
                    raise RuntimeError(
                        "Backward hook for Modules where no input requires gradient should "
                        "always return None or None for all gradients."
                    )
            self.grad_outputs = None
        return tuple(local_grad_outputs[i] for i in indices)  # type: ignore[union-attr]
