"""Random numbers are PyTorch's: after the same seed, every sampler and every consumer of the
generator (``nn.init``, dropout, samplers, ``DataLoader``) gives PyTorch's values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _values(result: Any) -> Any:
    if isinstance(result, list | tuple):
        return [_values(item) for item in result]
    if isinstance(result, torch.Tensor | rungrad.Tensor):
        return np.asarray(result.detach().numpy())
    return result


def _same_after_seed(draw: Callable[[Any], Any], seed: int = 0, atol: float = 0.0) -> None:
    """``draw(module)`` after ``manual_seed(seed)`` in both libraries gives the same values,
    and leaves both generators at the same point (the next ``rand`` agrees)."""
    results = []
    for module in (torch, rungrad):
        module.manual_seed(seed)
        results.append([*_values(draw(module)), _values(module.rand(3))])
    expected, actual = results
    for want, got in zip(expected, actual, strict=True):
        if isinstance(want, np.ndarray):
            assert got.dtype == want.dtype and got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-6 if atol else 0, atol=atol)
        else:
            assert got == want


DRAWS: dict[str, tuple[Callable[[Any], Any], float]] = {
    "rand": (lambda m: [m.rand(5), m.rand(2, 3, dtype=m.float64)], 0.0),
    "randn_below_16": (lambda m: [m.randn(3), m.randn(1), m.randn(4, dtype=m.float64)], 1e-6),
    "randn_blocks": (lambda m: [m.randn(32), m.randn(4, 5), m.randn(17, dtype=m.float64)], 1e-6),
    "randn_complex": (
        lambda m: [m.randn(3, dtype=m.complex64), m.rand(9, dtype=m.complex128)],
        1e-6,
    ),
    "randint": (
        lambda m: [
            m.randint(0, 10, (5,)),
            m.randint(-5, 5, (2, 3)),
            m.randint(0, 2**40, (3,)),
            m.randint(3, (4,), dtype=m.uint8),
        ],
        0.0,
    ),
    "randperm": (lambda m: [m.randperm(8), m.randperm(1), m.randperm(100)], 0.0),
    "normal": (
        lambda m: [
            m.normal(2.0, 3.0, size=(3,)),
            m.normal(m.zeros(2, 1), m.ones(3)),
            m.normal(m.arange(3.0), 2.0),
        ],
        1e-6,
    ),
    "fills": (
        lambda m: [
            m.empty(5).uniform_(-2, 3),
            m.empty(2, 3).normal_(5, 0.1),
            m.empty(20).normal_(1, 2),
            m.empty(4).exponential_(2.0),
            m.empty(5).geometric_(0.3),
            m.empty(5).log_normal_(),
            m.empty(5).cauchy_(),
        ],
        1e-5,
    ),
    "random_": (
        lambda m: [
            m.empty(3, dtype=m.int64).random_(),
            m.empty(3).random_(),
            m.empty(3, dtype=m.float64).random_(),
            m.empty(3, dtype=m.int32).random_(),
            m.empty(3, dtype=m.uint8).random_(),
            m.empty(3, dtype=m.bool).random_(),
            m.empty(3, dtype=m.int32).random_(10),
            m.empty(3).random_(2, 5),
        ],
        0.0,
    ),
    "bernoulli": (
        lambda m: [
            m.empty(20).bernoulli_(0.3),
            m.bernoulli(m.full((20,), 0.3)),
            m.bernoulli(m.full((2, 3), 0.6, dtype=m.float64)),
        ],
        0.0,
    ),
    "multinomial": (
        lambda m: [
            m.multinomial(m.tensor([0.1, 0.5, 0.4]), 5, replacement=True),
            m.multinomial(m.tensor([0.1, 0.5, 0.4]), 2),
            m.multinomial(m.tensor([[1.0, 2, 3], [3, 0, 1]]), 1),
        ],
        0.0,
    ),
    "poisson": (lambda m: [m.poisson(m.tensor([[0.5, 3.0, 12.0], [100.0, 0.0, 40.0]]))], 0.0),
    "generator": (
        lambda m: [
            m.rand(3, generator=m.Generator().manual_seed(5)),
            m.randn(4, generator=m.Generator().manual_seed(2**40 + 5)),
        ],
        1e-6,
    ),
}


@pytest.mark.parametrize("name", sorted(DRAWS))
def test_samplers_draw_pytorchs_numbers(name: str) -> None:
    draw, atol = DRAWS[name]
    _same_after_seed(draw, atol=atol)


def _init_all(m: Any) -> list[Any]:
    w = m.empty(3, 5)
    out = []
    for init in (
        lambda: m.nn.init.uniform_(w),
        lambda: m.nn.init.normal_(w, std=0.01),
        lambda: m.nn.init.xavier_uniform_(w),
        lambda: m.nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu"),
        lambda: m.nn.init.trunc_normal_(w),
        lambda: m.nn.init.trunc_normal_(w, mean=0.5, std=2, a=-1, b=1),
        lambda: m.nn.init.orthogonal_(w),
        lambda: m.nn.init.sparse_(w, 0.4),
    ):
        out.append(init().clone())
    return out


def _modules(m: Any) -> list[Any]:
    net = m.nn.Sequential(m.nn.Linear(4, 8), m.nn.ReLU(), m.nn.Dropout(0.3), m.nn.Linear(8, 2))
    conv, emb, rnn = m.nn.Conv2d(1, 2, 3), m.nn.Embedding(5, 3), m.nn.RNN(2, 3)
    with m.no_grad():
        out = net(m.ones(3, 4))
    return [*(p.detach() for p in net.parameters()), out, conv.weight.detach(),
            emb.weight.detach(), *(p.detach() for p in rnn.parameters())]  # fmt: skip


def test_nn_init_and_modules_draw_pytorchs_numbers() -> None:
    _same_after_seed(_init_all, atol=1e-6)
    _same_after_seed(_modules, atol=1e-6)


def test_dropout_masks_are_pytorchs() -> None:
    def draw(m: Any) -> list[Any]:
        f = m.nn.functional
        x = m.arange(1.0, 41.0).reshape(2, 4, 5)
        return [
            f.dropout(x, 0.7),
            f.dropout2d(m.ones(2, 3, 2, 2), 0.5),
            f.alpha_dropout(x, 0.2, True),
            f.rrelu(m.tensor([-1.0, 2.0, -3.0, 0.0]), training=True),
        ]

    _same_after_seed(draw, atol=1e-6)


def test_data_loading_orders_are_pytorchs() -> None:
    def draw(m: Any) -> list[Any]:
        data = m.utils.data
        ds = data.TensorDataset(m.arange(10))
        loader = data.DataLoader(ds, batch_size=4, shuffle=True)
        epochs = [[batch.tolist() for (batch,) in loader] for _ in range(2)]
        a, b = data.random_split(ds, [7, 3])
        return [epochs, list(a.indices), list(b.indices),
                list(data.WeightedRandomSampler([0.1, 0.9, 0.5], 6)),
                list(data.RandomSampler(range(5), replacement=True, num_samples=7))]  # fmt: skip

    _same_after_seed(draw)


def test_seeds_use_their_low_32_bits_and_reset_the_kept_normal() -> None:
    _same_after_seed(lambda m: [m.randn(1), m.manual_seed(7) and m.randn(2)], seed=2**40 + 3)
    assert (
        rungrad.manual_seed(2**40 + 3).initial_seed() == torch.manual_seed(2**40 + 3).initial_seed()
    )


def test_float32_normals_are_pytorchs_bit_for_bit() -> None:
    # NOTE [PyTorch's float32 normals]: the AVX2 kernel's log and sincos, emulated
    for seed in (0, 7):
        for size in (16, 17, 100, 5000):
            torch.manual_seed(seed)
            rungrad.manual_seed(seed)
            np.testing.assert_array_equal(rungrad.randn(size).numpy(), torch.randn(size).numpy())
            np.testing.assert_array_equal(
                rungrad.empty(size).normal_(2.5, 0.3).numpy(),
                torch.empty(size).normal_(2.5, 0.3).numpy(),
            )


def test_fills_of_strided_tensors_follow_memory_order() -> None:
    def draw(m: Any) -> list[Any]:
        x = m.empty(3, 4).t()
        y = m.empty(4, 6)[:, ::2]
        z = m.empty(6, 5).t()
        w = m.empty(40)[::2]
        u = m.empty(2, 3, 4).permute(2, 0, 1)
        return [x.uniform_(), y.uniform_(-1, 1), z.normal_(), w.normal_(), u.uniform_()]

    _same_after_seed(draw)
