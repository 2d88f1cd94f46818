"""conv2d's two layouts: stride-1 convolutions take whole padded rows at a time (im2col and
col2im by contiguous runs), the others one output row at a time. Both must give PyTorch's
values and gradients, non-finite values included."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad

CASES = [
    # input shape, weight shape, stride, padding, dilation, groups
    ((2, 3, 7, 6), (4, 3, 3, 3), 1, 0, 1, 1),
    ((2, 4, 6, 7), (6, 2, 3, 2), 1, (1, 2), (2, 1), 2),
    ((1, 2, 5, 5), (3, 2, 5, 5), 1, 2, 1, 1),
    ((2, 3, 9, 8), (4, 3, 3, 3), 2, 1, 1, 1),  # strided: the row-by-row path
]


def _run(library, x, w, stride, padding, dilation, groups):
    input = library.tensor(x, requires_grad=True)
    weight = library.tensor(w, requires_grad=True)
    out = library.nn.functional.conv2d(input, weight, None, stride, padding, dilation, groups)
    grad = np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape))
    out.backward(library.tensor(grad))
    return out.detach().numpy(), input.grad.numpy(), weight.grad.numpy()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("non_finite", [None, "input", "weight"])
def test_conv2d_matches_torch(case, non_finite) -> None:
    input_shape, weight_shape, stride, padding, dilation, groups = case
    rng = np.random.default_rng(0)
    x = rng.standard_normal(input_shape)
    w = rng.standard_normal(weight_shape)
    if non_finite == "input":
        x[0, 0, 1, 2] = np.inf
    elif non_finite == "weight":
        w[0, 0, 0, 1] = -np.inf
    expected = _run(torch, x, w, stride, padding, dilation, groups)
    got = _run(rungrad, x, w, stride, padding, dilation, groups)
    for name, want, have in zip(("output", "input grad", "weight grad"), expected, got):
        np.testing.assert_allclose(have, want, rtol=1e-10, atol=1e-10, err_msg=name)
