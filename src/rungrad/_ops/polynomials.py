"""``torch.special``'s orthogonal polynomials as ops (arrays in ``_polynomials``): Chebyshev
T, U, V, W and their shifted forms, Hermite H and He, Laguerre L, Legendre P.

PyTorch has no derivative for any of them: their results never require grad. Each takes
(tensor x, tensor n), (number x, tensor n) or (tensor x, number n), promoted together to a
floating dtype (float and double only: no half, no complex kernel).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._polynomials import POLYNOMIALS
from .._tensor import Tensor
from .normal_functions import _invalid_pair, float_kernel
from .registry import FLOAT, primitive

__all__ = sorted(POLYNOMIALS)


def _declare(name: str) -> tuple[Any, Any]:
    node = "Special" + "".join(part.capitalize() for part in name.split("_")) + "Backward0"
    values = POLYNOMIALS[name]

    @float_kernel(f"{name}_cpu")
    def forward(x: Any, n: Any) -> Any:
        dtype = np.result_type(x, n)
        return values(np.asarray(x, dtype=dtype), np.asarray(n, dtype=dtype))

    op = primitive(node, promotion=FLOAT)(forward)

    def function(*args: Any, out: Any = None, **kwargs: Any) -> Tensor:
        from .._out import write_out

        if len(args) != 2 and not kwargs:  # too few or too many: none of the signatures
            _invalid_pair(f"special_{name}", None, None, ("x", "n"), given=args)
        x, n = _bind_x_n(args, kwargs)
        if not isinstance(x, Tensor) and not isinstance(n, Tensor):
            _invalid_pair(f"special_{name}", x, n, ("x", "n"))
        result = op(x, n)
        return result if out is None else write_out(f"special_{name}", result, out)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{name}(input, n) -> the polynomial of degree n at input (no derivative)"
    return op, function


def _bind_x_n(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """``x`` and ``n`` from positions and keywords, as Python would bind them."""

    def signature(x: Any, n: Any) -> tuple[Any, Any]:
        return x, n

    return signature(*args, **kwargs)


# The public functions by their names, their primitives as _<name> (op_db's rows cover them).
for _name in POLYNOMIALS:
    globals()[f"_{_name}"], globals()[_name] = _declare(_name)
del _name
