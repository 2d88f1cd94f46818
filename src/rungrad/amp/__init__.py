"""``rungrad.amp``: automatic mixed precision as PyTorch's ``torch.amp`` behaves on a machine
without CUDA: ``GradScaler`` (working on the CPU, disabled with a warning for CUDA) and
``autocast`` (a region that changes nothing when disabled)."""

from .autocast_mode import autocast, get_autocast_dtype, is_autocast_enabled
from .grad_scaler import GradScaler

__all__ = ["GradScaler", "autocast", "get_autocast_dtype", "is_autocast_enabled"]
