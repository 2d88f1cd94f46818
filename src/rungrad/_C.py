"""``rungrad._C``: where the classes PyTorch defines in its C extension are printed as living.

``torch.Generator`` prints as ``<torch._C.Generator object at ...>``; rungrad's Generator sets
its ``__module__`` to this module so that it prints the same, and pickling, which finds a
class by that path, finds it here.
"""

from ._random import Generator

__all__ = ["Generator"]
