"""Give a class that inherits its constructor a constructor under its own name.

Python's argument errors name the function that raised them: ``nn.Conv2d(3, 6)`` reports
``_ConvNd.__init__() missing 1 required positional argument`` when Conv2d inherits its base's
``__init__``. PyTorch's concrete layers define their own, so their errors name them
(``Conv2d.__init__() ...``). ``own_init`` gives a class a copy of the inherited constructor,
same code and defaults, under the class's name; behaviour is unchanged.
"""

from __future__ import annotations

import types
from typing import TypeVar

__all__ = ["own_init"]

C = TypeVar("C", bound=type)


def own_init(cls: C, owner: str | None = None) -> C:
    """Class decorator: ``cls.__init__`` becomes its inherited constructor renamed (as the
    constructor of ``owner``, if given: the base class PyTorch's errors name)."""
    inherited = cls.__init__  # type: ignore[misc]
    qualname = f"{owner or cls.__qualname__}.__init__"
    code = inherited.__code__
    if hasattr(code, "co_qualname"):  # Python 3.11+ names the code object in the message
        code = code.replace(co_qualname=qualname)
    init = types.FunctionType(
        code, inherited.__globals__, "__init__", inherited.__defaults__, inherited.__closure__
    )
    init.__kwdefaults__ = inherited.__kwdefaults__
    init.__qualname__ = qualname  # Python 3.10 names the function
    init.__doc__ = inherited.__doc__
    init.__annotations__ = dict(inherited.__annotations__)
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls
