"""PyTorch's module path for Fold and Unfold, whose code lives in ``sampling.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.fold.Fold'>``) and pickles find them here.
"""

from ._paths import claim
from .sampling import Fold, Unfold

__all__ = ["Fold", "Unfold"]

claim(__name__, __all__, globals())
