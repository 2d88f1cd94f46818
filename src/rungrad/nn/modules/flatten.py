"""PyTorch's module path for Flatten and Unflatten, whose code lives in ``misc.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.flatten.Flatten'>``) and pickles find them here.
"""

from ._paths import claim
from .misc import Flatten, Unflatten

__all__ = ["Flatten", "Unflatten"]

claim(__name__, __all__, globals())
