"""Hypothesis draws for the rows of op_db_spectral: the one- and n-dimensional discrete
Fourier transforms, over drawn shapes (nonempty: PyTorch refuses a transform of no points),
dims, sizes (padding and trimming), norms and layouts."""

from __future__ import annotations

from drawing import Draw, DrawFunction
from oracle import Sample

__all__ = ["DRAWS"]

_NORMS = [None, "backward", "ortho", "forward"]


def _one_dim(parts: int, min_side: int = 1) -> DrawFunction:
    """A tensor (``parts`` of one shape: the real and imaginary parts), n, dim, norm. A
    one-sided spectrum (``min_side=2``) has 2 elements or more: one makes 0 points."""

    def draw(d: Draw) -> Sample:
        shape = d.shape(min_dims=1, max_dims=3, min_side=min_side, max_side=5)
        n = d.choice([None, 1, 2, 3, 4, 5, 7], label="n")
        dim = d.dim(len(shape))
        norm = d.choice(_NORMS, label="norm")
        return d.sample(*[d.tensor(shape) for _ in range(parts)], n, dim, norm)

    return draw


def _n_dims(parts: int, min_side: int = 1) -> DrawFunction:
    """Tensors, s (sizes, -1 keeping one), dim (None or distinct dims), norm."""

    def draw(d: Draw) -> Sample:
        shape = d.shape(min_dims=1, max_dims=3, min_side=min_side, max_side=4)
        dims = d.dims(len(shape)) if d.boolean(label="dims given") else None
        count = len(shape) if dims is None else len(dims)
        s = None
        if d.boolean(label="s given"):
            s = tuple(d.choice([-1, 1, 2, 3, 5], label="size") for _ in range(count))
        norm = d.choice(_NORMS, label="norm")
        return d.sample(*[d.tensor(shape) for _ in range(parts)], s, dims, norm)

    return draw


DRAWS: dict[str, DrawFunction] = {
    "fft.fft of a real tensor": _one_dim(1),
    "fft.ifft of a real tensor": _one_dim(1),
    "fft.rfft": _one_dim(1),
    "fft.ihfft": _one_dim(1),
    "fft.fft of a complex tensor": _one_dim(2),
    "fft.ifft of a complex tensor": _one_dim(2),
    "fft.irfft": _one_dim(2, min_side=2),
    "fft.hfft": _one_dim(2, min_side=2),
    "fft.fftn of a real tensor": _n_dims(1),
    "fft.rfftn": _n_dims(1),
    "fft.ihfftn": _n_dims(1),
    "fft.ifftn of a complex tensor": _n_dims(2),
    "fft.irfftn": _n_dims(2, min_side=2),
    "fft.hfftn": _n_dims(2, min_side=2),
}
