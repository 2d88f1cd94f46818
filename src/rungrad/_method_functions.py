"""Top-level functions that are a Tensor method under PyTorch's other spelling.

``rungrad.relu_(x)`` is ``x.relu_()``, ``rungrad.clamp_(x, 0, 1)`` is ``x.clamp_(0, 1)``:
PyTorch exposes its in-place methods as functions too. Each function here calls the method,
so the two cannot behave differently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._tensor import Tensor

# The in-place methods PyTorch also has as ``torch.<name>``.
NAMES = (
    "abs_", "acos_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_",
    "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_",
    "clamp_min_", "clip_", "cos_", "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_",
    "exp_", "expm1_", "fill_", "fix_", "floor_", "frac_", "gcd_", "i0_", "lcm_", "log10_",
    "log1p_", "log2_", "log_", "logit_", "nan_to_num_", "neg_", "rad2deg_", "reciprocal_",
    "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_",
    "tan_", "tanh_", "trunc_", "xlogy_", "zero_", "negative_",
)  # fmt: skip

# And methods that are not in place.
OTHER_NAMES = ("is_conj", "is_neg", "resolve_conj", "resolve_neg", "split_with_sizes")


# Those with several signatures in PyTorch, which words a wrong input differently.
OVERLOADED = frozenset({"clamp_", "clamp_max_", "clamp_min_", "clip_", "fill_", "xlogy_"})


def _type_name(value: Any) -> str:
    return "Tensor" if isinstance(value, Tensor) else type(value).__name__


def require_tensor(name: str, input: Any) -> None:
    """PyTorch's TypeError for a function whose first argument must be a tensor."""
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}"
        )


def method_function(name: str) -> Callable[..., Any]:
    """``torch.<name>(input, *args)``: ``input.<name>(*args)``, with PyTorch's type error."""

    def function(input: Tensor, *args: Any, **kwargs: Any) -> Any:
        if name in OVERLOADED and not isinstance(input, Tensor):
            got = ", ".join(_type_name(value) for value in (input, *args))
            raise TypeError(
                f"{name}() received an invalid combination of arguments - got ({got}), "
                "but expected one of:"
            )
        require_tensor(name, input)
        try:
            return getattr(input, name)(*args, **kwargs)
        except TypeError as error:
            # Python's refusal of the method's arguments names the method; PyTorch's, the
            # function (``relu_() takes 1 positional argument but 2 were given``).
            text = str(error)
            if text.startswith(f"Tensor.{name}() "):
                raise TypeError(text[len("Tensor.") :]) from None
            raise

    function.__name__ = function.__qualname__ = name
    in_place = ": in place, returns input" if name.endswith("_") else ""
    function.__doc__ = f"{name}(input, *args) -> input.{name}(*args){in_place}"
    return function


FUNCTIONS = {name: method_function(name) for name in (*NAMES, *OTHER_NAMES)}
