"""PyTorch's module path for the dropout layers, whose code lives in ``misc.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.dropout.Dropout'>``) and pickles find them here.
"""

from ._paths import claim
from .misc import AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout

__all__ = [
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "AlphaDropout",
    "FeatureAlphaDropout",
]

claim(__name__, __all__, globals())
