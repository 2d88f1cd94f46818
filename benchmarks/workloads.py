"""Benchmark workloads written once against the PyTorch API (``T`` is torch or rungrad).

``setup(T, rng) -> step`` builds the inputs (untimed); ``step()`` runs one full iteration
(graph build, backward, parameter update where there is one) and returns a float loss, so
the runner can check that both libraries compute the same thing before timing them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

Step = Callable[[], float]


def _linear_params(rng: np.random.Generator, sizes: list[int]) -> list[np.ndarray]:
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        bound = 1 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, fan_out).astype(np.float32))
    return params


def _sgd_step(T: Any, params: list[Any], loss_fn: Callable[[], Any], lr: float) -> Step:
    def step() -> float:
        for param in params:
            param.grad = None
        loss = loss_fn()
        loss.backward()
        with T.no_grad():
            for param in params:
                param -= lr * param.grad
        return loss.item()

    return step


def scalar_poly(T: Any, rng: np.random.Generator) -> Step:
    """W1: y = 2x^4 + x^3 + 3x^2 + 5x + 1 at x = 2, forward and backward."""

    def step() -> float:
        x = T.tensor(2.0, requires_grad=True)
        y = 2 * x**4 + x**3 + 3 * x**2 + 5 * x + 1
        y.backward()
        return x.grad.item()

    return step


def small_mlp(T: Any, rng: np.random.Generator) -> Step:
    """W2: MLP 2-16-16-1 with relu on 100 points, hinge loss, SGD."""
    X = T.tensor(rng.standard_normal((100, 2)).astype(np.float32))
    Y = T.tensor(np.sign(rng.standard_normal(100)).astype(np.float32))
    params = [T.tensor(p, requires_grad=True) for p in _linear_params(rng, [2, 16, 16, 1])]

    def loss() -> Any:
        w1, b1, w2, b2, w3, b3 = params
        h = T.relu(X @ w1.t() + b1)
        h = T.relu(h @ w2.t() + b2)
        score = (h @ w3.t() + b3).reshape(-1)
        return T.relu(1 - Y * score).mean()

    return _sgd_step(T, params, loss, 0.05)


def mlp_784(T: Any, rng: np.random.Generator) -> Step:
    """W3: MLP 784-256-256-10 with relu, cross-entropy on a batch of 128, SGD."""
    X = T.tensor(rng.standard_normal((128, 784)).astype(np.float32))
    Y = T.tensor(rng.integers(0, 10, 128).astype(np.int64))
    params = [T.tensor(p, requires_grad=True) for p in _linear_params(rng, [784, 256, 256, 10])]
    F = T.nn.functional

    def loss() -> Any:
        w1, b1, w2, b2, w3, b3 = params
        h = T.relu(X @ w1.t() + b1)
        h = T.relu(h @ w2.t() + b2)
        return F.cross_entropy(h @ w3.t() + b3, Y)

    return _sgd_step(T, params, loss, 0.01)


def lenet(T: Any, rng: np.random.Generator) -> Step:
    """W5: conv(1->8, 3x3) relu maxpool conv(8->16, 3x3) relu maxpool linear(400->10), CE."""
    X = T.tensor(rng.standard_normal((32, 1, 28, 28)).astype(np.float32))
    Y = T.tensor(rng.integers(0, 10, 32).astype(np.int64))
    shapes = [(8, 1, 3, 3), (8,), (16, 8, 3, 3), (16,), (10, 400), (10,)]
    params = [
        T.tensor((rng.standard_normal(shape) * 0.1).astype(np.float32), requires_grad=True)
        for shape in shapes
    ]
    F = T.nn.functional

    def loss() -> Any:
        c1w, c1b, c2w, c2b, fw, fb = params
        h = F.max_pool2d(T.relu(F.conv2d(X, c1w, c1b)), 2)
        h = F.max_pool2d(T.relu(F.conv2d(h, c2w, c2b)), 2)
        return F.cross_entropy(h.reshape(h.shape[0], -1) @ fw.t() + fb, Y)

    return _sgd_step(T, params, loss, 0.01)


def chain(depth: int) -> Callable[[Any, np.random.Generator], Step]:
    """W4: ``depth`` alternating elementwise ops (tanh, *2, tanh, *0.5, ...) on 100 values."""

    def setup(T: Any, rng: np.random.Generator) -> Step:
        x = T.tensor(rng.uniform(-1, 1, 100).astype(np.float32), requires_grad=True)

        def step() -> float:
            x.grad = None
            y = x
            for i in range(depth):
                y = T.tanh(y) if i % 2 == 0 else y * (2.0 if i % 4 == 1 else 0.5)
            out = y.sum()
            out.backward()
            return out.item()

        return step

    return setup


def matmul_big(T: Any, rng: np.random.Generator) -> Step:
    """W6: forward and backward of (A @ B).sum() for 1024 x 1024 float32 matrices."""
    A = T.tensor(rng.standard_normal((1024, 1024)).astype(np.float32), requires_grad=True)
    B = T.tensor(rng.standard_normal((1024, 1024)).astype(np.float32), requires_grad=True)

    def step() -> float:
        A.grad = None
        B.grad = None
        total = (A @ B).sum()
        total.backward()
        return total.item()

    return step


WORKLOADS: dict[str, Callable[[Any, np.random.Generator], Step]] = {
    "W1 scalar-poly": scalar_poly,
    "W2 mlp-2-16-16-1": small_mlp,
    "W3 mlp-784": mlp_784,
    "W4 chain-1000": chain(1000),
    "W4 chain-10000": chain(10_000),
    "W4 chain-100000": chain(100_000),
    "W5 lenet": lenet,
    "W6 matmul-1024": matmul_big,
}
