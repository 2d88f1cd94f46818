"""``rungrad.accelerator``: PyTorch's device-agnostic accelerator API, with no accelerator.

``torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else
"cpu"`` picks the CPU, as in a PyTorch build without one.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = [
    "current_accelerator",
    "current_device_index",
    "device_count",
    "is_available",
    "synchronize",
]


def is_available() -> bool:
    """Whether an accelerator (CUDA, MPS, XPU...) can be used: never, in rungrad."""
    return False


def current_accelerator(check_available: bool = False) -> None:
    """The accelerator's device type: None, there is none."""
    return None


def device_count() -> int:
    return 0


def _none_available(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("Cannot access accelerator device when none is available.")


current_device_index = _none_available
synchronize = _none_available
