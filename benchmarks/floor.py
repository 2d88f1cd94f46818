"""What any NumPy-backed engine can reach: a bare one next to rungrad and PyTorch.

    python benchmarks/floor.py

The bare engine below records a closure per op and runs them backwards: no dtype promotion,
grad modes, version counters, hooks, broadcasting, leaves, freed buffers or error checks —
none of what makes rungrad behave like PyTorch. It runs W1 (the scalar polynomial) and W4
(a chain of 1 000 tanh / multiply ops on 100 floats) with the same NumPy calls rungrad makes,
so its time is the floor for these workloads of an engine that computes with NumPy from
Python; the ratios it prints put the targets of docs/performance.md in perspective.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from run import time_per_step  # noqa: E402  # the project runner's timing (one torch thread)

import rungrad  # noqa: E402


class Bare:
    """A value, the closure that maps its gradient to its inputs' gradients, and its inputs."""

    __slots__ = ("backward_fn", "grad", "inputs", "value")

    def __init__(self, value, backward_fn=None, inputs=()):
        self.value, self.backward_fn, self.inputs, self.grad = value, backward_fn, inputs, None

    def __add__(self, other):
        if isinstance(other, Bare):
            return Bare(self.value + other.value, lambda g: (g, g), (self, other))
        return Bare(self.value + other, lambda g: (g,), (self,))

    def __mul__(self, other):
        if isinstance(other, Bare):
            return Bare(
                self.value * other.value, lambda g: (g * other.value, g * self.value), (self, other)
            )
        return Bare(self.value * other, lambda g: (g * other,), (self,))

    __radd__, __rmul__ = __add__, __mul__

    def __pow__(self, exponent):
        return Bare(
            self.value**exponent, lambda g: (g * exponent * self.value ** (exponent - 1),), (self,)
        )

    def tanh(self):
        y = np.tanh(self.value)
        return Bare(y, lambda g: (g * (1 - y * y),), (self,))

    def sum(self):
        shape = self.value.shape
        return Bare(self.value.sum(), lambda g: (np.broadcast_to(g, shape),), (self,))

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # iterative topological order (a 1 000-deep chain)
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((i, False) for i in node.inputs)
        grads = {id(self): np.ones_like(self.value)}
        for node in reversed(order):
            grad = grads.pop(id(node))
            if node.backward_fn is None:
                node.grad = grad if node.grad is None else node.grad + grad
                continue
            for node_input, input_grad in zip(node.inputs, node.backward_fn(grad)):
                key = id(node_input)
                grads[key] = input_grad if key not in grads else grads[key] + input_grad


def w1(T) -> Callable[[], float]:
    def step() -> float:
        if T is Bare:
            x = Bare(np.array(2.0, np.float32))
        else:
            x = T.tensor(2.0, requires_grad=True)
        y = 2 * x**4 + x**3 + 3 * x**2 + 5 * x + 1
        y.backward()
        return float(x.grad)

    return step


def w4(T) -> Callable[[], float]:
    start = np.random.default_rng(0).uniform(-1, 1, 100).astype(np.float32)
    ops = ["tanh" if i % 2 == 0 else (2.0 if i % 4 == 1 else 0.5) for i in range(1000)]

    def step() -> float:
        if T is Bare:
            x = Bare(start)
        else:
            x = T.tensor(start, requires_grad=True)
        y = x
        for op in ops:
            y = y.tanh() if op == "tanh" else y * op
        out = y.sum()
        out.backward()
        return float(x.grad.sum())

    return step


def main() -> None:
    print("workload | PyTorch | rungrad (ratio) | bare NumPy engine (ratio)")
    for name, workload in (("W1 scalar polynomial", w1), ("W4 chain of 1 000 ops", w4)):
        steps = {T: workload(T) for T in (torch, rungrad, Bare)}
        results = {T: step() for T, step in steps.items()}
        assert np.allclose(results[rungrad], results[torch]), name
        assert np.allclose(results[Bare], results[torch], rtol=1e-4), name
        ratios: dict = {rungrad: [], Bare: []}
        times: dict = {T: [] for T in steps}
        for _ in range(7):  # rounds; ratios within a round
            measured = {T: time_per_step(step, 0.2) for T, step in steps.items()}
            for T in steps:
                times[T].append(measured[T])
            for T in ratios:
                ratios[T].append(measured[T] / measured[torch])
        median = {T: statistics.median(times[T]) * 1e6 for T in steps}
        print(
            f"{name} | {median[torch]:.0f} µs | {median[rungrad]:.0f} µs "
            f"({statistics.median(ratios[rungrad]):.2f}) | {median[Bare]:.0f} µs "
            f"({statistics.median(ratios[Bare]):.2f})"
        )


if __name__ == "__main__":
    main()
