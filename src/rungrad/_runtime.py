"""Process-wide settings PyTorch keeps at the top level: thread counts, deterministic
algorithms, float32 matmul precision, warn-always, denormal flushing.

rungrad computes with NumPy on the CPU, and NumPy decides its own threading (its BLAS reads
``OPENBLAS_NUM_THREADS`` and the like at start-up). These settings are therefore recorded
and reported back, checked as PyTorch checks them, so that programs which set and print
them run unchanged; they do not change how NumPy computes. Every rungrad op is
deterministic already, and its float32 matrix products are full float32 ones (PyTorch's
"highest").
"""

from __future__ import annotations

import os
import warnings
from typing import Any

__all__ = [
    "are_deterministic_algorithms_enabled",
    "get_deterministic_debug_mode",
    "get_float32_matmul_precision",
    "get_num_interop_threads",
    "get_num_threads",
    "is_deterministic_algorithms_warn_only_enabled",
    "is_warn_always_enabled",
    "set_deterministic_debug_mode",
    "set_flush_denormal",
    "set_float32_matmul_precision",
    "set_num_interop_threads",
    "set_num_threads",
    "set_warn_always",
    "use_deterministic_algorithms",
    "warn_once",
]


def _cores() -> int:
    """The cores this process may run on (PyTorch's default thread count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        return os.cpu_count() or 1


class _Settings:
    __slots__ = (
        "deterministic",
        "deterministic_warn_only",
        "interop_threads",
        "matmul_precision",
        "threads",
        "warn_always",
    )

    def __init__(self) -> None:
        self.threads = _cores()
        self.interop_threads = _cores()
        self.deterministic = False
        self.deterministic_warn_only = False
        self.matmul_precision = "highest"
        self.warn_always = False


_SETTINGS = _Settings()


def _positive_int(function: str, value: Any) -> int:
    if type(value) is bool or not isinstance(value, int):
        raise RuntimeError(f"{function} expects an int, but got {type(value).__name__}")
    if value <= 0:
        raise RuntimeError(f"{function} expects a positive integer")
    return value


def get_num_threads() -> int:
    """get_num_threads() -> int: the number of threads set for intra-op parallelism."""
    return _SETTINGS.threads


def set_num_threads(int: int) -> None:  # PyTorch's parameter name
    """set_num_threads(int): the number of threads for intra-op parallelism (recorded; NumPy
    keeps the threads its BLAS started with)."""
    _SETTINGS.threads = _positive_int("set_num_threads", int)


def get_num_interop_threads() -> int:
    """get_num_interop_threads() -> int: the number of threads for inter-op parallelism."""
    return _SETTINGS.interop_threads


def set_num_interop_threads(int: int) -> None:  # PyTorch's parameter name
    """set_num_interop_threads(int): the number of threads for inter-op parallelism."""
    _SETTINGS.interop_threads = _positive_int("set_num_interop_threads", int)


def _require_bool(function: str, name: str, value: Any) -> None:
    if type(value) is not bool:
        raise TypeError(
            f"{function}(): argument '{name}' (position 1) must be bool, not {type(value).__name__}"
        )


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """use_deterministic_algorithms(mode, *, warn_only=False): ask for deterministic
    algorithms only. rungrad's are all deterministic, so nothing ever warns or raises."""
    _require_bool("_set_deterministic_algorithms", "mode", mode)
    _SETTINGS.deterministic = mode
    _SETTINGS.deterministic_warn_only = mode and warn_only


def are_deterministic_algorithms_enabled() -> bool:
    """are_deterministic_algorithms_enabled() -> bool"""
    return _SETTINGS.deterministic


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """is_deterministic_algorithms_warn_only_enabled() -> bool"""
    return _SETTINGS.deterministic_warn_only


_DEBUG_MODES = ("default", "warn", "error")


def set_deterministic_debug_mode(debug_mode: str | int) -> None:
    """set_deterministic_debug_mode(debug_mode): 0 or "default", 1 or "warn", 2 or "error"
    (the same as ``use_deterministic_algorithms(False)``, ``(True, warn_only=True)`` and
    ``(True)``)."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError(
                "invalid value of debug_mode, expected one of `default`, `warn`, `error`, "
                f"but got {debug_mode}"
            )
        level = _DEBUG_MODES.index(debug_mode)
    elif isinstance(debug_mode, int):
        if debug_mode not in (0, 1, 2):
            raise RuntimeError(
                f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}"
            )
        level = debug_mode
    else:
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode).__name__}")
    use_deterministic_algorithms(level > 0, warn_only=level == 1)


def get_deterministic_debug_mode() -> int:
    """get_deterministic_debug_mode() -> 0 (default), 1 (warn) or 2 (error)."""
    if not _SETTINGS.deterministic:
        return 0
    return 1 if _SETTINGS.deterministic_warn_only else 2


_PRECISIONS = ("highest", "high", "medium")


def set_float32_matmul_precision(precision: str) -> None:
    """set_float32_matmul_precision(precision): "highest", "high" or "medium". Recorded:
    rungrad's float32 products always compute in full float32."""
    if precision not in _PRECISIONS:
        warnings.warn(
            f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
            "setFloat32MatmulPrecision call has no effect. (Triggered internally at "
            "/__w/pytorch/pytorch/aten/src/ATen/Context.cpp:458.)",
            UserWarning,
            stacklevel=2,
        )
        return
    _SETTINGS.matmul_precision = precision


def get_float32_matmul_precision() -> str:
    """get_float32_matmul_precision() -> "highest", "high" or "medium"."""
    return _SETTINGS.matmul_precision


def set_warn_always(b: bool) -> None:
    """set_warn_always(b): warnings PyTorch gives once per process would be given every time."""
    _SETTINGS.warn_always = bool(b)


def is_warn_always_enabled() -> bool:
    """is_warn_always_enabled() -> bool"""
    return _SETTINGS.warn_always


_WARNED: set[str] = set()


def warn_once(message: str, category: type[Warning] = UserWarning, stacklevel: int = 1) -> None:
    """Warn with ``message`` the first time only, as PyTorch's TORCH_WARN_ONCE; every time
    after ``set_warn_always(True)``. ``stacklevel`` counts from the caller, as in
    ``warnings.warn``."""
    if message in _WARNED and not _SETTINGS.warn_always:
        return
    _WARNED.add(message)
    warnings.warn(message, category, stacklevel=stacklevel + 1)


def set_flush_denormal(mode: bool) -> bool:
    """set_flush_denormal(mode) -> bool: whether denormal floats can be flushed to zero.
    NumPy offers no such mode, so the answer is False and nothing changes."""
    return False
