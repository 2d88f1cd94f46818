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


@pytest.mark.parametrize("seed", range(8))
def test_max_pool2d_picks_pytorch_s_element_among_ties_and_nans(seed):
    """max_pool2d's indices: the first of tied maxima, the last NaN of a window, for any
    kernel, stride, padding, dilation and ceil_mode; and the gradient goes there."""
    rng = np.random.default_rng(seed)
    checked = 0
    while checked < 12:
        shape = (2, 3, int(rng.integers(3, 10)), int(rng.integers(3, 10)))
        x = rng.integers(-2, 2, shape).astype(np.float32)  # small integers: many ties
        if checked % 3 == 0:
            x[rng.random(shape) < 0.2] = np.nan
        kernel = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        stride = (int(rng.integers(1, 3)), int(rng.integers(1, 3)))
        padding = (
            int(rng.integers(0, kernel[0] // 2 + 1)),
            int(rng.integers(0, kernel[1] // 2 + 1)),
        )
        dilation = (int(rng.integers(1, 3)), int(rng.integers(1, 3)))
        ceil_mode = bool(rng.integers(0, 2))
        options = (kernel, stride, padding, dilation, ceil_mode)
        results = []
        for library in (torch, rungrad):
            input = library.tensor(x, requires_grad=True)
            try:
                out, indices = library.nn.functional.max_pool2d(
                    input, *options, return_indices=True
                )
            except RuntimeError:  # a window in the padding only: both refuse or neither
                results.append(None)
                continue
            out.sum().backward()
            results.append((out.detach().numpy(), indices.numpy(), input.grad.numpy()))
        if results[0] is None:
            continue
        expected, got = results
        np.testing.assert_array_equal(got[1], expected[1])
        np.testing.assert_array_equal(got[0], expected[0])
        np.testing.assert_array_equal(got[2], expected[2])
        checked += 1


_TOO_SMALL = {
    "max_pool1d dilated": lambda F, T: F.max_pool1d(T.ones(2, 3, 4), 3, 1, 0, 2),
    "max_pool1d unbatched": lambda F, T: F.max_pool1d(T.ones(3, 2), 3),
    "max_pool2d unbatched": lambda F, T: F.max_pool2d(T.ones(3, 4, 5), 3, 1, 0, (3, 1)),
    "max_pool2d padded": lambda F, T: F.max_pool2d(T.ones(2, 3, 2, 2), 3, 1, 1, 2),
    "avg_pool2d": lambda F, T: F.avg_pool2d(T.ones(1, 2, 2, 2), 3),
    "avg_pool1d": lambda F, T: F.avg_pool1d(T.ones(2, 3, 2), 3),
    "ceil_mode still fits": lambda F, T: F.max_pool2d(T.ones(1, 3, 2, 9), 3, ceil_mode=True),
}


@pytest.mark.parametrize("case", list(_TOO_SMALL))
def test_pooling_windows_larger_than_the_input(case):
    def outcome(library):
        try:
            return tuple(_TOO_SMALL[case](library.nn.functional, library).shape)
        except RuntimeError as error:
            return str(error)

    assert outcome(rungrad) == outcome(torch)
