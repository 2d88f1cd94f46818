"""``autocast``: PyTorch's mixed-precision region, for the cases rungrad can honour.

A disabled region (``enabled=False``, or a CUDA region on this CPU-only library, which
PyTorch disables with a warning) runs its ops unchanged, as in PyTorch. An enabled CPU
region would run matrix products in bfloat16, which rungrad has no dtype for: it raises
NotImplementedError rather than compute silently in another precision.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

from .. import _dtype
from .._tensor import device as _device

__all__ = ["autocast", "get_autocast_dtype", "is_autocast_enabled"]

# The dtype each device type's region casts to by default, as PyTorch's.
_DEFAULT_DTYPES = {"cpu": "bfloat16", "cuda": "float16"}
_ENABLED: dict[str, bool] = {}


def is_autocast_enabled(device_type: str | None = None) -> bool:
    """Whether an enabled autocast region of ``device_type`` (default CUDA's) is active."""
    return _ENABLED.get("cuda" if device_type is None else device_type, False)


def get_autocast_dtype(device_type: str) -> Any:
    """The dtype an autocast region of ``device_type`` casts to by default."""
    name = _DEFAULT_DTYPES.get(device_type, "float16")
    if not hasattr(_dtype, name):
        raise NotImplementedError(f"rungrad has no {name} dtype, autocast's on '{device_type}'")
    return getattr(_dtype, name)


class autocast:
    """autocast(device_type, dtype=None, enabled=True, cache_enabled=None): a context manager
    (or decorator) for a mixed-precision region."""

    def __init__(
        self,
        device_type: str,
        dtype: Any = None,
        enabled: bool = True,
        cache_enabled: bool | None = None,
    ) -> None:
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        _device(device_type)  # PyTorch's check of the device type's name
        self.device = device_type
        self.fast_dtype = dtype  # the default only matters to an enabled region
        if enabled and device_type == "cuda":
            warnings.warn(
                "CUDA is not available or torch_xla is imported. Disabling autocast.",
                UserWarning,
                stacklevel=2,
            )
            enabled = False
        if enabled:
            if dtype is None:
                self.fast_dtype = get_autocast_dtype(device_type)
            raise NotImplementedError(
                f"rungrad cannot autocast on '{device_type}' to {self.fast_dtype}: an enabled "
                "autocast region is not supported (use enabled=False)"
            )
        self._enabled = enabled
        self._previous = False

    def __enter__(self) -> autocast:
        self._previous = _ENABLED.get(self.device, False)
        _ENABLED[self.device] = self._enabled
        return self

    def __exit__(self, *exc: Any) -> None:
        _ENABLED[self.device] = self._previous

    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def in_region(*args: Any, **kwargs: Any) -> Any:
            with self:
                return function(*args, **kwargs)

        return in_region
