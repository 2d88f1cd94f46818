"""Full sums and sums over leading dims against PyTorch bit for bit, over many sizes and
shapes (NOTE [PyTorch's cascade sum], NOTE [Fewer NumPy calls for exact sums]): every
shortcut that saves a NumPy call must keep every bit of PyTorch's result."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import torch

import rungrad

# every size up to 600 (all the small paths: < 1 register, < 4, < 16 quads, one chunk...),
# then a stride up to 5 000 (several chunks of the cascade)
FULL_SIZES = [*range(0, 600), *range(600, 5001, 37), 4096, 5000]
ROW_COUNTS = [*range(0, 140), *range(140, 5001, 97), 256, 1024, 4096]
COLUMNS = [1, 2, 3, 4, 5, 8, 10, 16, 17, 33, 40]


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _values(shape: tuple[int, ...], dtype: str, seed: int) -> np.ndarray:
    """Values of mixed magnitudes, so that any other order of additions rounds differently."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)).astype(dtype)


def _assert_same(actual: np.ndarray, expected: np.ndarray, where: object) -> None:
    assert actual.dtype == expected.dtype and actual.shape == expected.shape, where
    assert np.array_equal(actual, expected, equal_nan=True), where
    assert np.array_equal(np.signbit(actual), np.signbit(expected)), where


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_full_sums_and_means_over_many_sizes(dtype: str) -> None:
    for size in FULL_SIZES:
        values = _values((size,), dtype, size)
        for name in ("sum", "mean"):
            expected = getattr(torch.from_numpy(values), name)().numpy()
            actual = getattr(rungrad.tensor(values), name)().numpy()
            _assert_same(actual, expected, (name, size))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_full_sums_of_matrices_in_memory_order(dtype: str) -> None:
    for rows in (1, 3, 10, 64, 100, 333):
        for columns in (1, 7, 16):
            values = _values((rows, columns), dtype, rows * columns)
            for view in (lambda t: t, lambda t: t.t(), lambda t: t.t().t()):
                expected = view(torch.from_numpy(values)).sum().numpy()
                actual = view(rungrad.tensor(values)).sum().numpy()
                _assert_same(actual, expected, (rows, columns))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("columns", COLUMNS)
def test_sums_and_means_over_rows(dtype: str, columns: int) -> None:
    for rows in ROW_COUNTS:
        values = _values((rows, columns), dtype, rows)
        for name in ("sum", "mean"):
            expected = getattr(torch.from_numpy(values), name)(0).numpy()
            actual = getattr(rungrad.tensor(values), name)(0).numpy()
            _assert_same(actual, expected, (name, rows))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "shape, dims",
    [((128, 256), (0,)), ((70, 4, 5), (0,)), ((70, 4, 5), (0, 1)), ((3, 33, 2, 9), (0, 1, 2))],
)
def test_sums_over_leading_dims_of_larger_shapes(dtype: str, shape, dims) -> None:
    values = _values(shape, dtype, len(shape))
    for keepdim in (False, True):
        expected = torch.from_numpy(values).sum(dims, keepdim=keepdim).numpy()
        actual = rungrad.tensor(values).sum(dims, keepdim=keepdim).numpy()
        _assert_same(actual, expected, keepdim)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sums_of_negative_zeros_are_positive_zeros(dtype: str) -> None:
    for rows in (1, 3, 4, 9, 64, 100, 1000):
        for columns in (1, 3, 16, 40):
            values = np.full((rows, columns), -0.0, dtype)
            _assert_same(
                rungrad.tensor(values).sum(0).numpy(), torch.from_numpy(values).sum(0).numpy(), rows
            )
            _assert_same(
                rungrad.tensor(values).sum().numpy(), torch.from_numpy(values).sum().numpy(), rows
            )


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_bias_gradients_and_mse_losses(dtype: str) -> None:
    # a small MLP's step: the bias gradients of Linear(., 16) and Linear(., 1), a mean loss
    for rows in (1, 5, 32, 100, 257, 1000):
        for columns in (1, 16):
            inputs = _values((rows, columns), dtype, rows)
            targets = _values((rows, columns), dtype, rows + 1)
            results = []
            for library in (torch, rungrad):
                bias = library.zeros(columns, dtype=getattr(library, dtype), requires_grad=True)
                outputs = library.tensor(inputs) * 3 + bias
                loss = library.nn.functional.mse_loss(outputs, library.tensor(targets))
                loss.backward()
                results.append((loss.detach().numpy(), bias.grad.numpy()))
            _assert_same(results[1][0], results[0][0], (rows, columns))
            _assert_same(results[1][1], results[0][1], (rows, columns))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sums_over_every_dim_are_full_sums(dtype: str) -> None:
    """``v.sum(0)`` of a vector, ``m.sum((1, 0))`` and the gradient of a bias broadcast over a
    vector are PyTorch's full sum, bit for bit."""
    for size in (*range(1, 200, 7), 1000):
        values = _values((size,), dtype, size)
        for name in ("sum", "mean"):
            expected = getattr(torch.from_numpy(values), name)(0).numpy()
            actual = getattr(rungrad.tensor(values), name)(0).numpy()
            _assert_same(actual, expected, (name, size))
        expected = torch.from_numpy(values).sum(0, keepdim=True).numpy()
        _assert_same(rungrad.tensor(values).sum(0, keepdim=True).numpy(), expected, size)
        grads = []
        for library in (torch, rungrad):
            bias = library.zeros(1, dtype=getattr(library, dtype), requires_grad=True)
            ((library.tensor(values) + bias) * library.tensor(values)).sum().backward()
            grads.append(bias.grad.numpy())
        _assert_same(grads[1], grads[0], ("bias", size))
    for rows, columns in ((3, 5), (17, 16), (40, 33)):
        values = _values((rows, columns), dtype, rows + columns)
        expected = torch.from_numpy(values).sum((1, 0), keepdim=True).numpy()
        _assert_same(rungrad.tensor(values).sum((1, 0), keepdim=True).numpy(), expected, rows)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sums_over_the_last_dim_row_by_row(dtype: str) -> None:
    """``x.sum(-1)`` and ``x.mean(1)`` of a contiguous tensor: each row summed as PyTorch
    sums a vector (NOTE [Row sums in PyTorch's order])."""
    for rows in (1, 2, 3, 7, 33):
        for columns in (*range(0, 140, 3), 255, 256, 511, 600, 1024, 1980):
            values = _values((rows, columns), dtype, rows * 10_000 + columns)
            for name, args in (("sum", (-1,)), ("mean", (1,)), ("sum", (1, True))):
                expected = getattr(torch.from_numpy(values), name)(*args).numpy()
                actual = getattr(rungrad.tensor(values), name)(*args).numpy()
                _assert_same(actual, expected, (name, rows, columns))
    values = _values((2, 3, 50), dtype, 1)
    values[0, 0] = -0.0
    for dims in ((-1,), (2,)):
        expected = torch.from_numpy(values).sum(dims, keepdim=True).numpy()
        _assert_same(rungrad.tensor(values).sum(dims, keepdim=True).numpy(), expected, dims)
