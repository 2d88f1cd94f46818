"""Give classes the module path PyTorch gives them.

rungrad groups some layers differently from PyTorch (the dropout layers with the other small
layers in ``misc.py``, for instance); a module named as PyTorch's re-exports them and claims
them, so that their ``__module__`` (what ``type(layer)`` prints) is PyTorch's path.
"""

from __future__ import annotations

from typing import Any


def claim(module: str, names: list[str], namespace: dict[str, Any]) -> None:
    """Make ``module`` the home of the classes ``names`` found in ``namespace``."""
    for name in names:
        namespace[name].__module__ = module
