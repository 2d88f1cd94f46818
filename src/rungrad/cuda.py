"""``rungrad.cuda``: what PyTorch's ``torch.cuda`` reports in a build without CUDA.

rungrad computes on the CPU, so ``is_available()`` is False, there are no devices, seeding
is silently ignored (as PyTorch documents for a machine without CUDA) and the memory
counters read zero; what needs a device raises PyTorch's AssertionError. Code written as
``device = "cuda" if torch.cuda.is_available() else "cpu"`` runs unchanged.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = [
    "current_device",
    "device_count",
    "empty_cache",
    "get_device_capability",
    "get_device_name",
    "get_device_properties",
    "get_rng_state",
    "init",
    "initial_seed",
    "is_available",
    "is_bf16_supported",
    "is_initialized",
    "manual_seed",
    "manual_seed_all",
    "max_memory_allocated",
    "max_memory_reserved",
    "memory_allocated",
    "memory_reserved",
    "seed",
    "seed_all",
    "set_device",
    "synchronize",
]


def _not_compiled(*args: Any, **kwargs: Any) -> NoReturn:
    raise AssertionError("Torch not compiled with CUDA enabled")


def is_available() -> bool:
    """Whether a CUDA device can be used: never, in rungrad."""
    return False


def device_count() -> int:
    return 0


def is_initialized() -> bool:
    return False


def is_bf16_supported(including_emulation: bool = True) -> bool:
    return False


def manual_seed(seed: int) -> None:
    """Seed the current CUDA device's generator: without CUDA, silently ignored."""


def manual_seed_all(seed: int) -> None:
    """Seed every CUDA device's generator: without CUDA, silently ignored."""


def seed() -> None:
    """Seed the current CUDA device's generator randomly: without CUDA, ignored."""


def seed_all() -> None:
    """Seed every CUDA device's generator randomly: without CUDA, ignored."""


def empty_cache() -> None:
    """Release cached device memory: there is none."""


def memory_allocated(device: Any = None) -> int:
    return 0


def max_memory_allocated(device: Any = None) -> int:
    return 0


def memory_reserved(device: Any = None) -> int:
    return 0


def max_memory_reserved(device: Any = None) -> int:
    return 0


# What needs a device raises, as in a PyTorch build without CUDA.
current_device = _not_compiled
synchronize = _not_compiled
get_device_name = _not_compiled
get_device_properties = _not_compiled
get_device_capability = _not_compiled
init = _not_compiled
initial_seed = _not_compiled
get_rng_state = _not_compiled
set_device = _not_compiled


def __getattr__(name: str) -> Any:
    # ``torch.cuda.amp``: made on first use, since it imports ``rungrad.amp``.
    if name == "amp":
        from . import _cuda_amp

        return _cuda_amp
    if name.endswith("Tensor"):  # the legacy types: torch.cuda.FloatTensor...
        from ._creation import cuda_legacy_type

        made = cuda_legacy_type(name)
        if made is not None:
            return made
    raise AttributeError(f"module 'rungrad.cuda' has no attribute '{name}'")
