"""``F.affine_grid`` and ``F.grid_sample`` for 2-D images (the spatial-transformer pair).

Both are compositions of rungrad ops, so their gradients (to ``theta``, to the input and to
the grid) come from those ops' formulas; the graph's node names are theirs, not PyTorch's
``AffineGridGeneratorBackward0``/``GridSampler2DBackward0``. The arithmetic follows PyTorch's
CPU kernel: a grid coordinate ``c`` in [-1, 1] maps to the pixel ``((c + 1) / 2) * (size -
1)`` with ``align_corners``, else ``((c + 1) * size - 1) / 2``; out-of-range pixels read zero
(``'zeros'``), the nearest edge (``'border'``) or the reflected position
(``'reflection'``); ``'bilinear'`` weighs the four neighbours, ``'nearest'`` rounds half to
even.
"""

from __future__ import annotations

import warnings
from typing import Any

from .. import _creation, int64
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad

__all__ = ["affine_grid", "grid_sample"]

_DEFAULT_CHANGED = (
    "Default grid_sample and affine_grid behavior has changed to align_corners=False since "
    "1.3.0. Please specify align_corners=True if the old behavior is desired. See the "
    "documentation of grid_sample for details."
)


def _linspace_from_neg_one(like: Tensor, steps: int, align_corners: bool) -> Tensor:
    if steps <= 1:
        return _creation.tensor(0.0, dtype=like.dtype)
    values = _creation.linspace(-1, 1, steps, dtype=like.dtype)
    return values if align_corners else values * (steps - 1) / steps


def affine_grid(theta: Tensor, size: Any, align_corners: bool | None = None) -> Tensor:
    """affine_grid(theta, size, align_corners=None) -> Tensor: the (N, H, W, 2) sampling
    grid of the 2-D affine maps ``theta`` (N, 2, 3) for an output of ``size`` (N, C, H, W)."""
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = list(size)
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(
                f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. "
                f"Got {theta.shape}."
            )
    elif len(size) == 5:
        raise NotImplementedError("rungrad: affine_grid for 3-D (5-D size) transforms")
    else:
        raise NotImplementedError(
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
            f"respectively. Got size {size}."
        )
    if align_corners and min(size[-2:]) == 1:
        warnings.warn(
            "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
            "align_corners=True. This is not an intended use case of affine_grid. See the "
            "documentation of affine_grid for details.",
            stacklevel=2,
        )
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    n, _, height, width = size
    with no_grad():
        base = _creation.empty(n, height, width, 3, dtype=theta.dtype)
        base.select(-1, 0).copy_(_linspace_from_neg_one(theta, width, align_corners))
        column = _linspace_from_neg_one(theta, height, align_corners)
        base.select(-1, 1).copy_(column.unsqueeze(-1) if column.dim() else column)
        base.select(-1, 2).fill_(1)
    grid = base.view(n, height * width, 3).bmm(theta.transpose(1, 2))
    return grid.view(n, height, width, 2)


def _unnormalize(coord: Tensor, size: int, align_corners: bool) -> Tensor:
    if align_corners:
        return ((coord + 1) / 2) * (size - 1)
    return ((coord + 1) * size - 1) / 2


def _reflect(coord: Tensor, twice_low: int, twice_high: int) -> Tensor:
    """``coord`` reflected into [twice_low / 2, twice_high / 2] as often as needed."""
    if twice_low == twice_high:
        return coord * 0
    low = twice_low / 2
    span = (twice_high - twice_low) / 2
    shifted = coord - low
    # |shifted| with the gradient sign +1 at 0, as PyTorch's kernel takes it.
    coord = shifted.where(shifted >= 0, -shifted)
    extra = coord.fmod(span)
    flips = (coord / span).floor().detach()
    even = flips.remainder(2) == 0
    return extra.where(even, span - extra) + low


def _clip(coord: Tensor, size: int) -> Tensor:
    """``coord`` clamped to [0, size - 1]; as in PyTorch's kernel the borders count as
    outside, where the gradient is zero."""
    limit = size - 1
    inside = (coord > 0) & (coord < limit)
    return coord.where(inside, coord.detach().clamp(0, limit))


def _source_index(coord: Tensor, size: int, padding_mode: str, align_corners: bool) -> Tensor:
    coord = _unnormalize(coord, size, align_corners)
    if padding_mode == "border":
        coord = _clip(coord, size)
    elif padding_mode == "reflection":
        if align_corners:
            coord = _reflect(coord, 0, 2 * (size - 1))
        else:
            coord = _reflect(coord, -1, 2 * size - 1)
        coord = _clip(coord, size)
    return coord


def _gather(input: Tensor, y: Tensor, x: Tensor) -> Tensor:
    """``input[n, :, y, x]`` for each grid point (zero outside the image), as (N, C, Ho, Wo)."""
    n, _, height, width = input.shape
    inside = (x >= 0) & (x < width) & (y >= 0) & (y < height)
    xs = x.clamp(0, width - 1).to(int64)
    ys = y.clamp(0, height - 1).to(int64)
    batch = _creation.arange(n).view(n, 1, 1).expand_as(xs)
    values = input.permute(0, 2, 3, 1)[batch, ys, xs]  # (N, Ho, Wo, C)
    values = values.where(inside.unsqueeze(-1), 0)
    return values.permute(0, 3, 1, 2)


def grid_sample(
    input: Tensor,
    grid: Tensor,
    mode: str = "bilinear",
    padding_mode: str = "zeros",
    align_corners: bool | None = None,
) -> Tensor:
    """grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None)
    -> Tensor: ``input`` (N, C, H, W) read at the normalised positions ``grid``
    (N, Ho, Wo, 2, x then y), as (N, C, Ho, Wo)."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=2)
        align_corners = False
    if input.dim() != 4:
        raise NotImplementedError("rungrad: grid_sample of 4-D inputs (2-D images) only")
    if mode == "bicubic":
        raise NotImplementedError("rungrad: grid_sample with mode='bicubic'")
    if grid.dim() != 4 or grid.shape[-1] != 2 or grid.shape[0] != input.shape[0]:
        raise RuntimeError(
            "grid_sampler(): expected grid to have size 2 in last dimension and the same "
            f"batch size as input, but got grid with sizes {list(grid.shape)} and input with "
            f"sizes {list(input.shape)}"
        )
    _, _, height, width = input.shape
    ix = _source_index(grid[..., 0], width, padding_mode, align_corners)
    iy = _source_index(grid[..., 1], height, padding_mode, align_corners)
    if mode == "nearest":
        # The grid's gradient is zero (defined, as PyTorch's): add the positions times 0.
        nowhere = (ix * 0 + iy * 0).unsqueeze(1)
        return _gather(input, iy.detach().round(), ix.detach().round()) + nowhere
    ix_west = ix.detach().floor()
    iy_north = iy.detach().floor()
    # The weights as PyTorch's kernel forms them: distances to the far corner.
    ix_east, iy_south = ix_west + 1, iy_north + 1
    nw = (ix_east - ix) * (iy_south - iy)
    ne = (ix - ix_west) * (iy_south - iy)
    sw = (ix_east - ix) * (iy - iy_north)
    se = (ix - ix_west) * (iy - iy_north)
    return (
        _gather(input, iy_north, ix_west) * nw.unsqueeze(1)
        + _gather(input, iy_north, ix_east) * ne.unsqueeze(1)
        + _gather(input, iy_south, ix_west) * sw.unsqueeze(1)
        + _gather(input, iy_south, ix_east) * se.unsqueeze(1)
    )
