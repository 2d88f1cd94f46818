"""Full sums, means and loss reductions round as PyTorch's CPU kernels (one thread): a loss
printed with ``.item()`` shows every digit, so these agree bit for bit."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import torch

import rungrad

SIZES = [*range(0, 40), 63, 64, 65, 127, 128, 129, 511, 512, 513, 1000, 4096, 8191, 70_001]


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _values(size: int, dtype: str, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed + size)
    return (rng.standard_normal(size) * 10.0 ** rng.integers(-2, 3, size)).astype(dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_full_sum_and_mean(dtype: str) -> None:
    for size in SIZES:
        values = _values(size, dtype)
        for reduce in ("sum", "mean"):
            expected = getattr(torch.tensor(values), reduce)().item()
            actual = getattr(rungrad.tensor(values), reduce)().item()
            assert np.array_equal(actual, expected, equal_nan=True), (reduce, size)


def test_full_sum_of_transposed_and_signed_zero_tensors() -> None:
    matrix = _values(63, "float32").reshape(7, 9)
    assert rungrad.tensor(matrix).t().sum().item() == torch.tensor(matrix).t().sum().item()
    zeros = -np.zeros(20, np.float32)
    assert str(rungrad.tensor(zeros).sum()) == str(torch.tensor(zeros).sum())


@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_pointwise_loss_reductions(loss: str, reduction: str) -> None:
    for size in (3, 10, 100, 1000):
        first, second = _values(size, "float32"), _values(size, "float32", seed=1)
        results = [
            getattr(library.nn.functional, loss)(
                library.tensor(first), library.tensor(second), reduction=reduction
            ).item()
            for library in (torch, rungrad)
        ]
        assert results[1] == results[0], size


@pytest.mark.parametrize("options", [{}, {"reduction": "sum"}, {"weight": True}, {"ignore": True}])
def test_nll_loss_sums_in_pytorchs_cascade(options: dict) -> None:
    for size in (1, 2, 7, 16, 17, 33, 255, 257, 1000, 5000):
        rng = np.random.default_rng(size)
        scores = rng.standard_normal((size, 4)).astype(np.float32)
        target = rng.integers(0, 4, size)
        if options.get("ignore"):
            target[rng.random(size) < 0.25] = 1
        weight = (rng.random(4) + 0.5).astype(np.float32)
        results = []
        for library in (torch, rungrad):
            kwargs = {"reduction": options.get("reduction", "mean")}
            if options.get("weight"):
                kwargs["weight"] = library.tensor(weight)
            if options.get("ignore"):
                kwargs["ignore_index"] = 1
            loss = library.nn.functional.nll_loss(
                library.tensor(scores), library.tensor(target), **kwargs
            )
            results.append(loss.item())
        assert np.array_equal(results[1], results[0], equal_nan=True), size


def test_bias_gradient_of_a_single_output_layer() -> None:
    for batch in (3, 10, 64, 100):
        rng = np.random.default_rng(batch)
        x = rng.standard_normal((batch, 3)).astype(np.float32)
        y = rng.standard_normal((batch, 1)).astype(np.float32)
        grads = []
        for library in (torch, rungrad):
            layer = library.nn.Linear(3, 1)
            with library.no_grad():
                layer.weight.copy_(library.tensor([[0.5, -0.25, 1.0]]))
                layer.bias.fill_(0.1)
            ((layer(library.tensor(x)) - library.tensor(y)) ** 2).mean().backward()
            grads.append(layer.bias.grad.numpy())
        np.testing.assert_array_equal(grads[1], grads[0])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sums_and_means_over_leading_dims(dtype: str) -> None:
    """A reduction over the batch (``x.mean(0)``, a bias's gradient): columns in blocks of
    four registers are cascaded over the rows, the rest take four accumulators."""
    for rows in (1, 3, 4, 5, 9, 16, 17, 64, 100, 257, 1000):
        for columns in (2, 3, 5, 8, 12, 16, 33, 100):
            values = _values(rows * columns, dtype).reshape(rows, columns)
            for reduce in ("sum", "mean"):
                expected = getattr(torch.tensor(values), reduce)(0).numpy()
                actual = getattr(rungrad.tensor(values), reduce)(0).numpy()
                np.testing.assert_array_equal(actual, expected, err_msg=f"{rows}x{columns}")
    images = _values(360, dtype).reshape(6, 3, 4, 5)
    for dims in (0, (0, 1)):
        expected = torch.tensor(images).sum(dims).numpy()
        np.testing.assert_array_equal(rungrad.tensor(images).sum(dims).numpy(), expected)


def test_normalised_batch_mean_prints_as_pytorch() -> None:
    x = (_values(24, "float32").reshape(8, 3) * 2 + 1).astype(np.float32)
    printed = [
        str(library.nn.BatchNorm1d(3)(library.tensor(x)).mean(0)) for library in (torch, rungrad)
    ]
    assert printed[1] == printed[0]
