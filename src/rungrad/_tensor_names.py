"""Type names PyTorch prints: legacy tensor types (``rungrad.FloatTensor``) and C++ scalar names.

Used by ``Tensor.type()`` and by error messages; nothing else belongs here.
"""

from __future__ import annotations

import numpy as np

from ._dtype import from_numpy_dtype

__all__ = ["c_type_name", "legacy_type_name", "tensor_options"]

# How PyTorch's C++ side spells each scalar type in messages ("long int", "c10::Half").
_C_TYPE_NAMES = {
    "float16": "c10::Half",
    "bfloat16": "c10::BFloat16",
    "float32": "float",
    "float64": "double",
    "complex64": "c10::complex<float>",
    "complex128": "c10::complex<double>",
    "int8": "signed char",
    "int16": "short int",
    "int32": "int",
    "int64": "long int",
    "uint8": "unsigned char",
    "bool": "bool",
}


def legacy_type_name(numpy_dtype: np.dtype) -> str:
    """``float32`` -> ``"rungrad.FloatTensor"``, as PyTorch's ``torch.typename``."""
    return f"rungrad.{from_numpy_dtype(numpy_dtype).legacy_name}Tensor"


def c_type_name(numpy_dtype: np.dtype) -> str:
    """``int64`` -> ``"long int"``: the C++ name PyTorch's messages use."""
    return _C_TYPE_NAMES[np.dtype(numpy_dtype).name]


def tensor_options(numpy_dtype: np.dtype) -> str:
    """PyTorch's printed ``TensorOptions`` of a CPU tensor of this dtype."""
    return (
        f"TensorOptions(dtype={c_type_name(numpy_dtype)}, device=cpu, layout=Strided, "
        "requires_grad=false (default), pinned_memory=false (default), "
        "memory_format=(nullopt))"
    )
