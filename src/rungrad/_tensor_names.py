"""Legacy tensor type names (``rungrad.FloatTensor``) used by ``Tensor.type()`` and messages."""

from __future__ import annotations

import numpy as np

from ._dtype import from_numpy_dtype

__all__ = ["legacy_type_name"]


def legacy_type_name(numpy_dtype: np.dtype) -> str:
    """``float32`` -> ``"rungrad.FloatTensor"``, as PyTorch's ``torch.typename``."""
    return f"rungrad.{from_numpy_dtype(numpy_dtype).legacy_name}Tensor"
