"""``rungrad.nn``: modules, parameters, initialisation and the functional API."""

from . import functional, init, utils
from .modules import *  # noqa: F403 - the layer classes are this package's API
from .modules import __all__ as _modules_all
from .parameter import Buffer, Parameter, UninitializedBuffer, UninitializedParameter

__all__ = [
    "Buffer",
    "Parameter",
    "UninitializedBuffer",
    "UninitializedParameter",
    "functional",
    "init",
    "utils",
    *_modules_all,
]
