"""Run unmodified PyTorch scripts on rungrad by serving every ``torch`` import from rungrad.

``install_torch_alias()`` puts an import finder first on ``sys.meta_path`` that answers
``torch`` with the ``rungrad`` module object itself and ``torch.X.Y`` with ``rungrad.X.Y``
(the very same objects, so ``torch.nn is rungrad.nn``). ``run_script()`` then runs a script
as ``__main__`` the way ``python script.py`` would.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import runpy
import sys
from collections.abc import Sequence
from types import ModuleType

__all__ = ["install_torch_alias", "run_script"]

_ALIAS = "torch"
_TARGET = "rungrad"
# Attributes importlib may set on the object a loader's create_module returns.
_STAMPED = (
    "__name__",
    "__spec__",
    "__loader__",
    "__package__",
    "__path__",
    "__file__",
    "__cached__",
)


def _resolve(target: str) -> object:
    """Import ``target``; fall back to an attribute of its parent that is not a real module."""
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as exc:
        parent, _, leaf = target.rpartition(".")
        # Only a miss of ``target`` itself may fall back: a missing dependency deeper
        # down is a real error and must surface unchanged.
        if not parent or exc.name != target:
            raise
        obj = getattr(importlib.import_module(parent), leaf, None)
        if obj is None or not hasattr(obj, "__dict__"):
            raise
        return obj


class _AliasLoader(importlib.abc.Loader):
    """Hands back the already-built rungrad module instead of creating a new one."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = _resolve(self.target)
        # The import system stamps the alias spec (and, for a plain module, an empty
        # __path__) onto whatever we return; snapshot those attributes so exec_module
        # can put the object back exactly as rungrad made it.
        own = vars(module)
        self._saved = {key: own[key] for key in _STAMPED if key in own}
        return module  # type: ignore[return-value]

    def exec_module(self, module: ModuleType) -> None:
        # Nothing to execute: the rungrad module already ran. Only undo the stamping, so
        # torch.__spec__.name stays "rungrad" and plain modules don't turn into packages.
        for key in _STAMPED:
            try:
                if key in self._saved:
                    setattr(module, key, self._saved[key])
                elif key in vars(module):
                    delattr(module, key)
            except (AttributeError, TypeError):
                pass


class _TorchAliasFinder(importlib.abc.MetaPathFinder):
    """Maps ``torch`` / ``torch.*`` imports onto ``rungrad`` / ``rungrad.*``."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _ALIAS and not fullname.startswith(_ALIAS + "."):
            return None
        real = _TARGET + fullname[len(_ALIAS) :]
        # Resolution is deferred to the loader so that a missing module reports the
        # rungrad name ("No module named 'rungrad.xxx'"), which says what is missing.
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real), is_package=True)


def install_torch_alias() -> None:
    """Serve ``torch`` and ``torch.*`` imports from rungrad from now on (idempotent)."""
    for finder in list(sys.meta_path):
        if isinstance(finder, _TorchAliasFinder):
            sys.meta_path.remove(finder)
    sys.meta_path.insert(0, _TorchAliasFinder())
    # A real torch imported earlier would shadow the finder through the sys.modules cache.
    for name in [n for n in sys.modules if n == _ALIAS or n.startswith(_ALIAS + ".")]:
        owner = getattr(sys.modules[name], "__name__", "")
        if owner != _TARGET and not owner.startswith(_TARGET + "."):
            del sys.modules[name]


def run_script(path: str | os.PathLike[str], argv: Sequence[str]) -> None:
    """Run the PyTorch script at ``path`` on rungrad as ``__main__`` with ``sys.argv[1:] = argv``.

    Exceptions (including ``SystemExit``) from the script propagate to the caller.
    """
    install_torch_alias()
    script = os.fspath(path)
    if not os.path.isfile(script):
        raise FileNotFoundError(f"can't open file {script!r}: No such file or directory")
    full = os.path.abspath(script)
    # Mirror `python script.py`: the script's directory first on sys.path. argv[0] is the
    # absolute path (as __file__), since run_path would rewrite it to that anyway.
    sys.argv = [full, *argv]
    if sys.path:
        sys.path[0] = os.path.dirname(full)
    else:
        sys.path.insert(0, os.path.dirname(full))
    runpy.run_path(full, run_name="__main__")
