"""Per-op costs next to PyTorch's: where the time of a small op goes.

    python benchmarks/ops.py [--size 100] [--only tanh,mul]

For each op, three times per call on tensors of ``--size`` elements (2-D ops use a
(size, 16) matrix), best of several batches, one thread:

* ``no grad``: the op under ``no_grad`` (argument handling, the kernel, the result tensor);
* ``recorded``: the op on an input that requires grad (plus building its graph node);
* ``backward``: the op's backward node called on a gradient (``y.grad_fn(g)``, under
  ``no_grad``): its formulas, the saved tensors' unpacking and the gradients' fitting. The
  engine's own cost per node comes on top (``run.py``'s chain workload shows it).

The workloads in ``run.py`` say how fast a whole step is; this says which op to look at.
"""

from __future__ import annotations

import argparse
import os
import timeit
from collections.abc import Callable
from typing import Any

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

import rungrad  # noqa: E402

torch.set_num_threads(1)

# name -> (op, input shape as a function of --size)
OPS: dict[str, tuple[Callable[[Any, Any], Any], Callable[[int], tuple[int, ...]]]] = {
    "add": (lambda T, x: x + x, lambda n: (n,)),
    "mul scalar": (lambda T, x: x * 2.0, lambda n: (n,)),
    "tanh": (lambda T, x: T.tanh(x), lambda n: (n,)),
    "relu": (lambda T, x: T.relu(x), lambda n: (n,)),
    "exp": (lambda T, x: T.exp(x), lambda n: (n,)),
    "pow 2": (lambda T, x: x**2, lambda n: (n,)),
    "sum": (lambda T, x: x.sum(), lambda n: (n,)),
    "mean dim": (lambda T, x: x.mean(0), lambda n: (n, 16)),
    "t": (lambda T, x: x.t(), lambda n: (n, 16)),
    "reshape": (lambda T, x: x.reshape(-1), lambda n: (n, 16)),
    "matmul": (lambda T, x: x @ x.t(), lambda n: (n, 16)),
    "x + x[0]": (lambda T, x: x + x[0], lambda n: (n, 16)),  # a broadcast add, and a select
    "log_softmax": (lambda T, x: T.log_softmax(x, 1), lambda n: (n, 16)),
}


def _best(statement: Callable[[], Any], seconds: float = 0.05) -> float:
    """Seconds per call: the best of five batches of about ``seconds`` each."""
    number = max(1, int(seconds / max(timeit.timeit(statement, number=1), 1e-7)))
    return min(timeit.repeat(statement, number=number, repeat=5)) / number


def measure(T: Any, op: Callable[[Any, Any], Any], shape: tuple[int, ...]) -> list[float]:
    data = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    plain = T.tensor(data)
    leaf = T.tensor(data, requires_grad=True)

    def no_grad() -> None:
        with T.no_grad():
            op(T, plain)

    output = op(T, leaf)
    node, gradient = output.grad_fn, T.ones_like(output)

    def backward() -> None:
        with T.no_grad():
            node(gradient)

    return [_best(no_grad), _best(lambda: op(T, leaf)), _best(backward)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--only", default="", help="comma-separated op names")
    args = parser.parse_args()
    wanted = {name for name in args.only.split(",") if name}
    print(f"numpy {np.__version__}, torch {torch.__version__}, size {args.size}")
    print("| op | no grad | recorded | backward |")
    print("|---|---|---|---|")
    for name, (op, shape) in OPS.items():
        if wanted and name not in wanted:
            continue
        ours = measure(rungrad, op, shape(args.size))
        theirs = measure(torch, op, shape(args.size))
        cells = [f"{a * 1e6:.2f} µs ({a / b:.2f}x)" for a, b in zip(ours, theirs)]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\n(rungrad's time per call, and its ratio to PyTorch's)")


if __name__ == "__main__":
    main()
