"""Hypothesis draws for the special-function rows (``op_db_special``): any shape, values
in the usual range or spread to +-30 (beyond the expansions' switch at 8), some exactly 0."""

from __future__ import annotations

from drawing import Draw, DrawFunction
from oracle import Sample


def _draw_bessel(d: Draw) -> Sample:
    arg = d.tensor(d.shape())
    if arg.value.dtype.kind == "f" and d.boolean(label="wide"):
        arg.value[...] *= 15.0
    touches_zero = False
    if arg.value.dtype.kind == "f" and arg.value.size and d.boolean(label="zeros"):
        arg.value.reshape(-1)[::2] = 0.0
        touches_zero = True
    return d.sample(arg, gradcheck=not touches_zero)


def _draw_igamma(d: Draw) -> Sample:
    a_shape, x_shape = d.broadcast_shapes(2)
    a = d.tensor(a_shape, "positive", requires_grad=False)
    x = d.tensor(x_shape, "positive")
    a.value[...] *= 3  # the arrays are mutable; the TensorArgs are not
    x.value[...] *= 4
    return d.sample(a, x)


DRAWS: dict[str, DrawFunction] = {
    name: _draw_bessel for name in ("i0", "special.i0e", "special.i1", "special.i1e", "Tensor.i0_")
}
DRAWS.update(
    dict.fromkeys(("igamma", "igammac", "special.gammainc", "Tensor.igammac"), _draw_igamma)
)
