"""``rungrad.backends.cuda``: CUDA's switches, with CUDA not built in."""

from __future__ import annotations

import types

# torch.backends.cuda.matmul.allow_tf32 and friends: settings nothing reads here.
matmul = types.SimpleNamespace(
    allow_tf32=False,
    allow_fp16_reduced_precision_reduction=True,
    allow_bf16_reduced_precision_reduction=True,
)


def is_built() -> bool:
    return False
