"""``OptimizedModule``: what ``compile(module)`` returns (see rungrad/_compile.py)."""

from __future__ import annotations

from typing import Any

from .module import Module

__all__ = ["OptimizedModule"]

# Set on the wrapper itself; every other attribute assigned goes to the original module.
_OWN_ATTRIBUTES = frozenset({"_orig_mod", "forward"})


class OptimizedModule(Module):
    """A module as ``compile`` returns it: the original is its submodule ``_orig_mod``
    (hence the ``_orig_mod.`` prefix of parameter and ``state_dict`` names), calls run its
    ``forward``, and attributes are read from and written to it."""

    def __init__(self, mod: Module) -> None:
        super().__init__()
        self._orig_mod = mod

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._orig_mod(*args, **kwargs)

    @property  # type: ignore[override]
    def training(self) -> bool:
        original = self.__dict__.get("_modules", {}).get("_orig_mod")
        return True if original is None else original.training

    @training.setter
    def training(self, value: bool) -> None:
        original = self.__dict__.get("_modules", {}).get("_orig_mod")
        if original is not None:  # Module.__init__ sets it before there is an original
            original.training = value

    def __getattr__(self, name: str) -> Any:
        modules = self.__dict__.get("_modules")
        if modules is None or "_orig_mod" not in modules:
            return super().__getattr__(name)
        if name == "_orig_mod":
            return modules["_orig_mod"]
        return getattr(modules["_orig_mod"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN_ATTRIBUTES or "_orig_mod" not in self.__dict__.get("_modules", {}):
            super().__setattr__(name, value)
        else:
            setattr(self._orig_mod, name, value)
