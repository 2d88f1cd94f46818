"""PyTorch's module path for ChannelShuffle, whose code lives in ``sampling.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.channelshuffle.ChannelShuffle'>``) and pickles find them here.
"""

from ._paths import claim
from .sampling import ChannelShuffle

__all__ = ["ChannelShuffle"]

claim(__name__, __all__, globals())
