"""PyTorch's module path for the upsampling layers, whose code lives in ``sampling.py``.

The classes report this module as theirs, so ``type(layer)`` prints PyTorch's path
(``<class 'rungrad.nn.modules.upsampling.Upsample'>``) and pickles find them here.
"""

from ._paths import claim
from .sampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d

__all__ = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]

claim(__name__, __all__, globals())
