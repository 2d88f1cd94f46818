"""PyTorch's module path for the pixel-shuffle layers, whose code lives in ``sampling.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.pixelshuffle.PixelShuffle'>``) and pickles find them here.
"""

from ._paths import claim
from .sampling import PixelShuffle, PixelUnshuffle

__all__ = ["PixelShuffle", "PixelUnshuffle"]

claim(__name__, __all__, globals())
