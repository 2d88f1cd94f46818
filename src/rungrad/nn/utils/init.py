"""``skip_init``: build a module without running its parameters' initialisation."""

from __future__ import annotations

import inspect
from typing import Any

from ..._random import get_rng_state, set_rng_state
from ..modules.module import Module

__all__ = ["skip_init"]


def skip_init(module_cls: Any, *args: Any, **kwargs: Any) -> Any:
    """``module_cls(*args, **kwargs)`` without its initialisation drawing random numbers.

    PyTorch builds the module on the meta device and then allocates it, uninitialised: no
    random number is drawn. rungrad builds it normally and restores the generator's state,
    so the random stream a program sees afterwards is PyTorch's. The parameters' values are
    unspecified, as in PyTorch: initialise them before use.
    """
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    state = get_rng_state()
    try:
        return module_cls(*args, **kwargs)
    finally:
        set_rng_state(state)
