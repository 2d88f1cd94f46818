"""``rungrad.utils.hooks``: PyTorch's home of ``RemovableHandle``, the handle every
``register_*hook`` returns (defined with the autograd graph, which registers most hooks)."""

from ..autograd.graph import RemovableHandle

__all__ = ["RemovableHandle"]
