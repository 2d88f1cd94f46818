"""``compile``: PyTorch's compiler entry point, which here runs the code as it is.

rungrad has no compiler: a compiled function or module computes exactly what the eager one
does, so ``compile`` returns the function wrapped (PyTorch returns a wrapper too), or the
module inside an ``OptimizedModule`` with PyTorch's structure — its original module is the
submodule ``_orig_mod``, so parameter and ``state_dict`` names carry that prefix, as they
do in PyTorch. The options are checked as PyTorch checks them and otherwise unused. The
graph recorded is the eager one: an output's ``grad_fn`` is its last op's node, where
PyTorch shows its compiled graph's ``CompiledFunctionBackward``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["compile"]

_MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")


def compile(  # PyTorch's name
    model: Callable[..., Any] | None = None,
    *,
    fullgraph: bool = False,
    dynamic: bool | None = None,
    backend: str | Callable[..., Any] | None = None,
    mode: str | None = None,
    options: dict[str, Any] | None = None,
    name: str | None = None,
    disable: bool = False,
    **more: Any,
) -> Any:
    """compile(model=None, *, fullgraph=False, dynamic=None, backend=None, mode=None,
    options=None, disable=False) -> the model, run eagerly.

    Without ``model`` it returns a decorator (``@torch.compile(mode=...)``)."""
    if mode is not None and options is not None:
        raise RuntimeError(
            "Either mode or options can be specified, but both can't be specified at the same time."
        )
    if mode is not None and mode not in _MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(_MODES)}")
    if model is None:
        return functools.partial(
            compile,
            fullgraph=fullgraph,
            dynamic=dynamic,
            backend=backend,
            mode=mode,
            options=options,
            name=name,
            disable=disable,
            **more,
        )
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is provided.")
    from .nn.modules.module import Module

    if isinstance(model, Module):
        from .nn.modules.optimized import OptimizedModule

        return OptimizedModule(model)

    @functools.wraps(model)
    def compiled(*args: Any, **kwargs: Any) -> Any:
        return model(*args, **kwargs)

    return compiled
