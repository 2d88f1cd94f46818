"""``torch.func.linearize`` and ``torch.func.stack_module_state`` (re-exported by
``rungrad.func``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._tensor import Tensor

__all__ = ["linearize", "stack_module_state"]


def _tree_spec(leaf_count: int) -> str:
    """PyTorch's repr of a flat tuple's TreeSpec: ``TreeSpec(tuple, None, [*,\\n  *])``."""
    return "TreeSpec(tuple, None, [" + ",\n  ".join("*" * leaf_count) + "])"


def linearize(func: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[..., Any]]:
    """linearize(func, *primals) -> (output, jvp_fn): ``func(*primals)`` and a function that
    maps tangents of the primals to the Jacobian-vector product at them (``jvp``'s second
    result, computed again for each call)."""
    from .func import _flatten, jvp

    output = func(*primals)
    primal_leaves, _ = _flatten(tuple(primals))

    def jvp_fn(*tangents: Any) -> Any:
        tangent_leaves, _ = _flatten(tuple(tangents))
        if len(tangent_leaves) != len(primal_leaves):
            raise RuntimeError(
                f"Expected the tangents {_tree_spec(len(tangent_leaves))} to have the same "
                f"argspec as the primals {_tree_spec(len(primal_leaves))}"
            )
        for index, (tangent, primal) in enumerate(zip(tangent_leaves, primal_leaves)):
            for what in ("shape", "dtype"):
                if getattr(tangent, what) != getattr(primal, what):
                    raise RuntimeError(
                        f"tangent:{index} with {what} {getattr(tangent, what)} in flattened "
                        f"pytree doesn't match the {what} {getattr(primal, what)} of the "
                        "corresponding primal."
                    )
        return jvp(func, primals, tangents)[1]

    return output, jvp_fn


def stack_module_state(models: Sequence[Any]) -> tuple[dict[str, Tensor], dict[str, Tensor]]:
    """stack_module_state(models) -> (params, buffers): each parameter and buffer of the
    (same-class) models stacked along a new first dimension; the stacked parameters are new
    leaves that require grad as the originals do (for vmap over an ensemble)."""
    from ._ops.shape import stack

    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not all(type(model) is type(models[0]) for model in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    all_params = [dict(model.named_parameters()) for model in models]
    all_buffers = [dict(model.named_buffers()) for model in models]

    def stacked_leaf(tensors: list[Tensor], name: str) -> Tensor:
        requires_grad = tensors[0].requires_grad
        if any(tensor.requires_grad != requires_grad for tensor in tensors):
            raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
        result = stack([tensor.detach() for tensor in tensors])
        return result.requires_grad_() if requires_grad else result

    params = {
        name: stacked_leaf([params[name] for params in all_params], name) for name in all_params[0]
    }
    buffers = {
        name: stacked_leaf([buffers[name] for buffers in all_buffers], name)
        for name in all_buffers[0]
    }
    return params, buffers
