"""Sums and means over leading dims or the last dim (NOTE [Sums over rows by a matrix product]
in _ops/reduction.py) against PyTorch.

Float32 and float64 sums over the leading dims of a C-contiguous array follow PyTorch's
cascade order (NOTE [PyTorch's cascade sum]); over the last dim, up to 1024 long, they are
the matrix times a column of ones. Both must give PyTorch's shapes, its values, +0.0 for a
column of -0.0 and the bias gradient of a broadcast add.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad

CASES = [
    ((100, 16), 0),
    ((128, 256), (0,)),
    ((2, 3, 4), 0),
    ((2, 3, 4), (0, 1)),
    ((2, 3, 4, 5), (0, 1, 2)),
    ((0, 3), 0),
    ((3, 0), 0),
    ((0, 0, 2), (0, 1)),
    ((7,), 0),
    ((2, 3), (0, 1)),
    ((2, 3, 4), (1, 0)),
    ((2, 3, 4), (0, 2)),
    ((70000, 2), 0),  # many rows: blocks of 1 024
    ((128, 10), 1),  # over the last dim: the matrix times a column of ones
    ((2, 3, 4), 2),
    ((2, 3, 4), -1),
    ((3, 0), 1),
    ((0, 3), 1),
    ((2, 0, 3), 2),
    ((4, 2000), 1),  # rows longer than 1 024: NumPy's reduction
]


def _data(shape, dtype):
    return np.random.default_rng(len(shape)).standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32"])
@pytest.mark.parametrize("shape, dim", CASES)
def test_sum_and_mean_match_torch(shape, dim, dtype, keepdim) -> None:
    array = _data(shape, dtype)
    for name in ("sum", "mean") if dtype != "int32" else ("sum",):
        expected = getattr(torch.from_numpy(array), name)(dim, keepdim=keepdim)
        result = getattr(rungrad.tensor(array), name)(dim, keepdim=keepdim)
        assert tuple(result.shape) == tuple(expected.shape)
        assert str(result.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
        # float32 sums of many rows differ from PyTorch's by rounding that grows with them
        rows = int(np.prod([shape[d] for d in np.atleast_1d(dim)]))  # the summed count
        tolerance = {"float16": 1e-2, "float32": 1e-5 * max(1.0, rows**0.5 / 10)}.get(dtype, 1e-12)
        np.testing.assert_allclose(result.numpy(), expected.numpy(), rtol=tolerance, atol=tolerance)


def test_strided_inputs_sum_like_contiguous_ones() -> None:
    array = _data((6, 8, 5), "float32")
    for view in (lambda a: a.transpose(0, 1), lambda a: a[:, ::2], lambda a: a[::2]):
        expected = view(torch.from_numpy(array)).sum(0)
        result = view(rungrad.tensor(array)).sum(0)
        np.testing.assert_allclose(result.numpy(), expected.numpy(), rtol=1e-5, atol=1e-6)
        assert result.is_contiguous()


def test_a_column_of_negative_zeros_sums_to_positive_zero() -> None:
    for T in (rungrad, torch):
        total = T.full((4, 3), -0.0).sum(0)
        assert not np.signbit(total.numpy()).any()


def test_non_finite_values() -> None:
    array = np.array([[1.0, np.inf, np.nan], [2.0, -np.inf, 1.0], [3.0, 1.0, 1.0]], np.float32)
    result = rungrad.tensor(array).sum(0).numpy()
    expected = torch.from_numpy(array).sum(0).numpy()
    np.testing.assert_array_equal(result, expected)


def test_results_are_writable_and_not_shared() -> None:
    first = rungrad.ones(5, 3).sum(0)
    first += 1
    second = rungrad.ones(5, 3).sum(0)
    np.testing.assert_array_equal(second.numpy(), [5.0, 5.0, 5.0])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_bias_gradient_of_a_broadcast_add(dtype) -> None:
    rows = _data((64, 10), dtype)
    grads = []
    for T in (rungrad, torch):
        bias = T.zeros(10, dtype=getattr(T, dtype), requires_grad=True)
        x = T.tensor(rows) + bias
        (x * T.tensor(rows)).sum().backward()
        grads.append(bias.grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-5)
    np.testing.assert_allclose(grads[0], rows.sum(0, dtype=np.float64), rtol=1e-5)


@pytest.mark.parametrize("seed", range(3))
def test_long_float32_sums_are_about_as_accurate_as_torch(seed) -> None:
    # NumPy's row-at-a-time sum of 70 000 float32 rows is off by ~20x PyTorch's error; blocks
    # of rows summed by BLAS stay within a few times it.
    array = np.random.default_rng(seed).standard_normal((70_000, 4)).astype(np.float32)
    exact = array.astype(np.float64).sum(0)
    torch_error = np.abs(torch.from_numpy(array).sum(0).numpy() - exact).max()
    error = np.abs(rungrad.tensor(array).sum(0).numpy() - exact).max()
    assert error <= 5 * torch_error


@pytest.mark.parametrize("shape", [(128, 10), (4, 3, 7), (1, 1)])
def test_softmax_family_over_the_last_dim(shape) -> None:
    array = _data(shape, "float32")
    results = []
    for T in (rungrad, torch):
        x = T.tensor(array, requires_grad=True)
        target = T.tensor(np.arange(shape[0]) % shape[-1]) if len(shape) == 2 else None
        loss = (T.softmax(x, -1) ** 2).sum() + T.log_softmax(x, -1).mean()
        if target is not None:
            loss = loss + T.nn.functional.cross_entropy(x, target)
        loss.backward()
        results.append((loss.item(), x.grad.numpy()))
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-5)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_softmax_of_a_0d_tensor(dtype) -> None:
    for name in ("softmax", "log_softmax"):
        result = getattr(rungrad, name)(rungrad.tensor(2.0, dtype=getattr(rungrad, dtype)), 0)
        expected = getattr(torch, name)(torch.tensor(2.0, dtype=getattr(torch, dtype)), 0)
        assert result.dtype == getattr(rungrad, dtype)
        assert result.item() == expected.item()


# NOTE [PyTorch's order for a full float sum]: up to 32 768 elements, bit for bit.
FULL_SIZES = [*range(0, 40), 63, 64, 65, 100, 255, 256, 257, 511, 512, 513, 1000, 4096, 8193,
              16384, 20000, 32768]  # fmt: skip


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_full_sums_and_means_are_pytorchs_to_the_last_bit(dtype: str) -> None:
    rng = np.random.default_rng(5)
    for size in FULL_SIZES:
        values = (rng.standard_normal(size) * 10).astype(dtype)
        for name in ("sum", "mean"):
            expected = getattr(torch.tensor(values), name)().item()
            actual = getattr(rungrad.tensor(values), name)().item()
            assert actual == expected or (np.isnan(expected) and np.isnan(actual)), (size, name)


def test_full_sums_follow_memory_order_and_start_from_zero() -> None:
    rng = np.random.default_rng(6)
    values = (rng.standard_normal((40, 33)) * 10).astype(np.float32)
    for make in (lambda m: m.tensor(values), lambda m: m.tensor(values).T):
        assert make(rungrad).sum().item() == make(torch).sum().item()
        assert make(rungrad).mean().item() == make(torch).mean().item()
    for size in (3, 5, 9, 40):
        negative_zeros = np.full(size, -0.0, dtype=np.float32)
        assert str(rungrad.tensor(negative_zeros).sum()) == str(torch.tensor(negative_zeros).sum())


def test_pointwise_losses_reduce_in_pytorchs_order() -> None:
    rng = np.random.default_rng(7)
    for size in (3, 10, 64, 100, 1000):
        values = [(rng.standard_normal((size, 1)) * 3).astype(np.float32) for _ in range(2)]
        for name in ("mse_loss", "l1_loss"):
            for reduction in ("mean", "sum"):
                results = [
                    getattr(m.nn.functional, name)(
                        m.tensor(values[0]), m.tensor(values[1]), reduction=reduction
                    ).item()
                    for m in (torch, rungrad)
                ]
                assert results[0] == results[1], (size, name, reduction)


@pytest.mark.parametrize("dtype", ["float16", "float32", "complex64"])
def test_cumulative_sums_and_products_keep_a_double_running_value(dtype: str) -> None:
    rng = np.random.default_rng(8)
    values = rng.standard_normal((3, 200)).astype(dtype)
    if dtype == "complex64":
        values = values + 1j * rng.standard_normal((3, 200)).astype(np.float32)
    for name, sample in (("cumsum", values), ("cumprod", values[:, :20])):
        for dim in (0, 1):
            expected = getattr(torch.tensor(sample), name)(dim).numpy()
            actual = getattr(rungrad.tensor(sample), name)(dim).numpy()
            assert actual.dtype == expected.dtype
            np.testing.assert_array_equal(actual, expected)


@pytest.mark.filterwarnings("ignore:.*degrees of freedom is <= 0")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_full_std_and_var_are_pytorchs_to_the_last_bit(dtype: str) -> None:
    rng = np.random.default_rng(9)
    for size in (1, 2, 5, 8, 20, 100, 1000, 20000):
        values = (rng.standard_normal(size) * 3).astype(dtype)
        for name, kwargs in (
            ("std", {}),
            ("var", {}),
            ("std", {"unbiased": False}),
            ("var", {"correction": 3}),
            ("std", {"dim": 0, "keepdim": True}),
        ):
            expected = getattr(torch.tensor(values), name)(**kwargs)
            actual = getattr(rungrad.tensor(values), name)(**kwargs)
            assert actual.shape == expected.shape
            np.testing.assert_array_equal(actual.numpy(), expected.numpy())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    ("shape", "dims"),
    [
        ((32, 3, 8, 8), (2, 3)),
        ((32, 3, 8, 8), (1, 2, 3)),
        ((4, 5, 6), (-1, -2)),
        ((8, 16, 4, 4), [3, 2]),
        ((2, 3, 5, 7), (2, 3)),
    ],
)
def test_trailing_dims_sum_as_one_row(shape, dims, dtype):
    """Contiguous trailing dims are one row to PyTorch (``x.mean((2, 3))`` of images)."""
    data = (np.random.default_rng(len(shape)).standard_normal(shape) * 3).astype(dtype)
    for name in ("sum", "mean"):
        for keepdim in (False, True):
            expected = getattr(torch.tensor(data), name)(dims, keepdim=keepdim).numpy()
            got = getattr(rungrad.tensor(data), name)(dims, keepdim=keepdim).numpy()
            assert got.shape == expected.shape
            np.testing.assert_array_equal(got, expected)
