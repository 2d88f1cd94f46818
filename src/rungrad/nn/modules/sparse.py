"""PyTorch's module path for the embedding layers, whose code lives in ``misc.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.sparse.Embedding'>``) and pickles find them here.
"""

from ._paths import claim
from .misc import Embedding, EmbeddingBag

__all__ = ["Embedding", "EmbeddingBag"]

claim(__name__, __all__, globals())
