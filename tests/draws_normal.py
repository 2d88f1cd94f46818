"""Hypothesis draws for the rows of ``op_db_normal``: any shape; the unary functions in the
usual range or spread wider (into the tails), xlog1py with numbers on either side, zeta with
exponents above 1 and positive or negative q."""

from __future__ import annotations

from typing import Any

import numpy as np
from drawing import Draw, DrawFunction
from oracle import Sample


def _draw_spread(scale: float, domain: str = "real") -> DrawFunction:
    def draw(d: Draw) -> Sample:
        arg = d.tensor(d.shape(), domain)
        if arg.value.dtype.kind == "f" and d.boolean(label="wide"):
            arg.value[...] *= scale
        return d.sample(arg)

    return draw


def _draw_ndtri(d: Draw) -> Sample:
    arg = d.tensor(d.shape(), "probability")
    if arg.value.dtype.kind == "f" and d.boolean(label="tails"):
        arg.value[...] = arg.value**2  # down to 0.0025 (finite differences still hold)
    return d.sample(arg)


def _draw_xlog1py(d: Draw) -> Sample:
    a_shape, b_shape = d.broadcast_shapes(2)
    a: Any = d.tensor(a_shape)
    b: Any = d.tensor(b_shape, "positive")
    form = d.choice(["tensors", "number self", "number other"], label="form")
    if form == "number self":
        a = d.choice([0, 0.0, 1.5, -2], label="self")
    elif form == "number other":
        b = d.choice([0.5, 2, 1.25], label="other")
    return d.sample(a, b)


def _draw_zeta(d: Draw) -> Sample:
    x_shape, q_shape = d.broadcast_shapes(2)
    x = d.tensor(x_shape, "positive", requires_grad=False)
    q = d.tensor(q_shape, "positive")
    if x.value.dtype.kind == "f":
        x.value[...] = x.value * 3 + 1.0
    return d.sample(x, q)


def _draw_mvlgamma(d: Draw) -> Sample:
    x = d.tensor(d.shape(), "positive")
    p = d.choice([1, 2, 3, 4], label="p")
    if x.value.dtype.kind == "f":
        x.value[...] = x.value * 3 + (p - 1) / 2 + 0.5  # away from the poles
    return d.sample(x, p)


def _draw_polynomial(d: Draw) -> Sample:
    x_shape, n_shape = d.broadcast_shapes(2)
    x: Any = d.tensor(x_shape)
    n: Any = d.tensor(n_shape, requires_grad=False)
    if n.value.dtype.kind == "f":
        n.value[...] = np.floor(n.value * 5 + 5)  # degrees -5 ... 15
    if d.boolean(label="number degree"):
        n = d.choice([0, 1, 2, 5, 9, 3.5], label="n")
    return d.sample(x, n)


DRAWS: dict[str, DrawFunction] = {
    "special.ndtr": _draw_spread(4.0),
    "special.ndtri": _draw_ndtri,
    "special.log_ndtr": _draw_spread(5.0),  # (float32 gradients lose their digits below -20)
    "special.erfcx": _draw_spread(10.0),
    "special.entr": _draw_spread(5.0, "positive"),
    "special.xlog1py": _draw_xlog1py,
    "special.zeta": _draw_zeta,
    "special.bessel_j0": _draw_spread(2.0),
    "special.bessel_j1": _draw_spread(2.0),
    "special.bessel_y0": _draw_spread(2.0, "positive"),
    "special.bessel_y1": _draw_spread(2.0, "positive"),
    "special.modified_bessel_i0": _draw_spread(10.0),
    "special.modified_bessel_i1": _draw_spread(10.0),
    "special.modified_bessel_k0": _draw_spread(30.0, "positive"),
    "special.modified_bessel_k1": _draw_spread(30.0, "positive"),
    "special.scaled_modified_bessel_k0": _draw_spread(300.0, "positive"),
    "special.scaled_modified_bessel_k1": _draw_spread(300.0, "positive"),
    "special.spherical_bessel_j0": _draw_spread(10.0),
    "special.airy_ai": _draw_spread(10.0),
    "special.multigammaln": _draw_mvlgamma,
    "mvlgamma": _draw_mvlgamma,
    "Tensor.mvlgamma": _draw_mvlgamma,
    "Tensor.mvlgamma_": _draw_mvlgamma,
}
DRAWS.update(
    dict.fromkeys(
        (
            f"special.{kind}_polynomial_{letter}"
            for kind, letters in (
                ("chebyshev", "tuvw"),
                ("shifted_chebyshev", "tuvw"),
                ("hermite", ("h", "he")),
                ("laguerre", "l"),
                ("legendre", "p"),
            )
            for letter in letters
        ),
        _draw_polynomial,
    )
)
