"""Silence NumPy's floating-point warnings around an op's kernel, cheaply.

NOTE [Quiet NumPy]
PyTorch computes ``log(-1)``, ``1/0`` and overflows without a word; NumPy warns, and under
``-W error`` (pytest, user filters) the warning becomes an exception. ``np.errstate`` fixes
that but costs about 1 us per use — as much as the kernel of a small op. NumPy 2 keeps the
error state in a context variable; setting it to a pre-built "ignore everything" state and
resetting it afterwards costs a tenth of that. When that variable is not there (another NumPy),
the public ``np.errstate`` is used instead: same behaviour, slower.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

__all__ = ["quiet_numpy", "restore_numpy"]

try:
    from numpy._core._ufunc_config import _extobj_contextvar as _ERROR_STATE
except ImportError:  # pragma: no cover - other NumPy layouts
    _ERROR_STATE = None

if _ERROR_STATE is not None:
    with np.errstate(all="ignore"):
        _QUIET = _ERROR_STATE.get()

    # C-level callables, no Python frame: ``quiet_numpy()`` makes NumPy ignore floating-point
    # errors until ``restore_numpy(token)``.
    quiet_numpy = functools.partial(_ERROR_STATE.set, _QUIET)
    restore_numpy = _ERROR_STATE.reset

else:  # pragma: no cover

    def quiet_numpy() -> Any:
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def restore_numpy(token: Any) -> None:
        token.__exit__(None, None, None)
