"""How long make_dot and format_graph take on a 10 000-node graph (target: under a second).

python benchmarks/viz.py
"""

from __future__ import annotations

import time

import rungrad as torch
from rungrad.viz import format_graph, make_dot


def main() -> None:
    x = torch.randn(4, requires_grad=True)
    y = x
    for i in range(10_000):
        y = y.tanh() if i % 2 else y * 1.5
    for name, function in (
        ("make_dot", lambda: make_dot(y).source),
        ("format_graph", format_graph),
    ):
        start = time.perf_counter()
        text = function() if name == "make_dot" else function(y)
        elapsed = time.perf_counter() - start
        print(f"{name}: 10 000 nodes in {elapsed:.3f} s ({len(text) / 1e6:.1f} MB of text)")


if __name__ == "__main__":
    main()
