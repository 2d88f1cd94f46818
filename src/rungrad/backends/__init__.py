"""``rungrad.backends``: PyTorch's backend switches and queries, for a CPU-only library.

Scripts set ``torch.backends.cudnn.deterministic = True`` or ask
``torch.backends.mps.is_available()``; here the flags are plain settings (nothing reads
them: rungrad has no cuDNN) and every accelerated backend reports itself unavailable.
"""

from . import cuda, cudnn, mkldnn, mps, openmp

__all__ = ["cuda", "cudnn", "mkldnn", "mps", "openmp"]
