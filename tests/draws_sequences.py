"""Hypothesis draws for the rows of op_db_sequences: diff, logcumsumexp, trapezoid, trapz,
cumulative_trapezoid, cartesian_prod, block_diag, tril/triu_indices, gcd, lcm, real, conj,
nn.utils.rnn.pack_padded_sequence.

Shapes, dims, orders, spacings and layouts are drawn; values are continuous (no ties), so
gradcheck runs on every float64 sample.
"""

from __future__ import annotations

import numpy as np
from drawing import Draw, DrawFunction, draw_unary
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]


def _draw_diff(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_dims=3)
    dim = d.dim(len(shape))
    n = d.integer(0, 3, label="n")
    kwargs = {}
    for name in ("prepend", "append"):
        if d.boolean(label=name):
            piece = list(shape)
            piece[dim] = d.integer(0, 2, label=f"{name} size")
            kwargs[name] = d.tensor(tuple(piece))
    return d.sample(d.tensor(shape), n, dim, **kwargs)


def _draw_logcumsumexp(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    return d.sample(d.tensor(shape), d.dim(len(shape)))


def _draw_trapezoid(cumulative: bool) -> DrawFunction:
    def draw(d: Draw) -> Sample:
        shape = d.shape(min_dims=1, max_dims=3, min_side=1)
        dim = d.dim(len(shape))
        assert dim is not None
        how = d.choice(["plain", "dx", "x 1d", "x full"], label="spacing")
        y = d.tensor(shape)
        if how == "dx":
            return d.sample(y, dx=d.choice([0.5, 2.0, 3], label="dx"), dim=dim)
        if how == "x 1d":
            return d.sample(y, d.tensor((shape[dim],)), dim=dim)
        if how == "x full":
            return d.sample(y, d.tensor(shape), dim=dim)
        return d.sample(y, dim=dim)

    return draw


def _draw_cartesian_prod(d: Draw) -> Sample:
    count = d.integer(1, 3, label="count")
    return d.sample(*[d.tensor((d.integer(0, 4, label="size"),)) for _ in range(count)])


def _draw_block_diag(d: Draw) -> Sample:
    # No empty 1-D block: it takes a row in PyTorch's forward but none in its backward, so
    # the blocks after it get the wrong rows of the gradient (a PyTorch bug; see the report).
    count = d.integer(1, 3, label="count")
    shapes = [d.shape(max_dims=2, max_side=3) for _ in range(count)]
    return d.sample(*[d.tensor(shape) for shape in shapes if shape != (0,)] or [d.tensor((2,))])


def _draw_indices(d: Draw) -> Sample:
    return d.sample(d.integer(0, 5), d.integer(0, 5), d.integer(-6, 6, label="offset"))


def _draw_gcd(d: Draw) -> Sample:
    first, second = d.broadcast_shapes(2)
    return d.sample(
        *[TensorArg(d.rng.integers(-50, 51, size=s).astype(np.int64)) for s in (first, second)]
    )


def _draw_pack_padded_sequence(d: Draw) -> Sample:
    """pack_padded_sequence: 1 to 4 steps and sequences, 0 to 2 feature dims, lengths from 1
    to the number of steps (sorted unless ``enforce_sorted`` is off), either layout."""
    steps, batch = d.integer(1, 4, label="steps"), d.integer(1, 4, label="batch")
    features = d.sizes(d.integer(0, 2, label="feature dims"), 1, 3)
    lengths = [d.integer(1, steps, label="length") for _ in range(batch)]
    batch_first = d.boolean(label="batch_first")
    enforce_sorted = d.boolean(label="enforce_sorted")
    if enforce_sorted:
        lengths.sort(reverse=True)
    shape = (batch, steps) if batch_first else (steps, batch)
    return d.sample(
        d.tensor((*shape, *features)),
        lengths,
        batch_first=batch_first,
        enforce_sorted=enforce_sorted,
    )


def _draw_complex_parts(nonempty: bool) -> DrawFunction:
    """(real, imaginary) parts of one shape, nonzero (angle's gradient divides by |z|)."""

    def draw(d: Draw) -> Sample:
        shape = d.shape(max_dims=3, min_side=1 if nonempty else 0)
        return d.sample(d.tensor(shape, "nonzero"), d.tensor(shape, "nonzero"))

    return draw


def _draw_view_as_complex(d: Draw) -> Sample:
    shape = d.shape(max_dims=2, min_side=1)
    return d.sample(d.tensor((*shape, 2), layout=False))


def _draw_polar(d: Draw) -> Sample:
    shape = d.shape(max_dims=3, min_side=1)  # seen through view_as_real: nonempty
    return d.sample(d.tensor(shape, "positive"), d.tensor(shape))


def _draw_unique_consecutive(d: Draw) -> Sample:
    """Runs of repeated values (0, 1 or 2), flattened or along a drawn dim."""
    with_dim = d.boolean(label="dim")
    shape = d.shape(min_dims=1 if with_dim else 0, max_dims=3, min_side=1 if with_dim else 0)
    value = d.rng.integers(0, 3, size=shape).astype(d.dtype)
    kwargs = {
        "return_inverse": d.boolean(label="inverse"),
        "return_counts": d.boolean(label="counts"),
    }
    if with_dim:
        kwargs["dim"] = d.dim(len(shape))
    return d.sample(TensorArg(np.asarray(value), requires_grad=False), **kwargs)


DRAWS: dict[str, DrawFunction] = {
    "nn.utils.rnn.pack_padded_sequence": _draw_pack_padded_sequence,
    "diff": _draw_diff,
    "Tensor.diff": _draw_diff,
    "logcumsumexp": _draw_logcumsumexp,
    "Tensor.logcumsumexp": _draw_logcumsumexp,
    "trapezoid": _draw_trapezoid(cumulative=False),
    "trapz": _draw_trapezoid(cumulative=False),
    "cumulative_trapezoid": _draw_trapezoid(cumulative=True),
    "cartesian_prod": _draw_cartesian_prod,
    "block_diag": _draw_block_diag,
    "tril_indices": _draw_indices,
    "triu_indices": _draw_indices,
    "gcd": _draw_gcd,
    "lcm": _draw_gcd,
    "Tensor.gcd": _draw_gcd,
    "real": draw_unary(),
    "Tensor.real": draw_unary(),
    "conj": draw_unary(),
    "Tensor.conj": draw_unary(),
    "complex, real, imag": _draw_complex_parts(nonempty=False),
    "conj of a complex tensor": _draw_complex_parts(nonempty=False),
    "conj_physical of a complex tensor": _draw_complex_parts(nonempty=False),
    "angle of a complex tensor": _draw_complex_parts(nonempty=False),
    "view_as_real": _draw_complex_parts(nonempty=True),
    "view_as_complex": _draw_view_as_complex,
    "angle": draw_unary(),
    "polar": _draw_polar,
    "unique_consecutive": _draw_unique_consecutive,
}
