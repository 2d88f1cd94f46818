"""Time rungrad against PyTorch on the same workloads, in the same run, one thread.

    python benchmarks/run.py [--rounds 7] [--only W1,W4]

Each workload is first run once by both libraries and the losses compared (a benchmark of
a wrong answer is worthless); then timing rounds alternate between the two, and the
reported ratio is the median over rounds of rungrad's time per step over PyTorch's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

import rungrad  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import WORKLOADS  # noqa: E402

torch.set_num_threads(1)


def time_per_step(step, target_seconds: float) -> float:
    """Seconds per call of ``step``, over a batch sized to take about ``target_seconds``."""
    start = time.perf_counter()
    step()
    count = max(1, int(target_seconds / max(time.perf_counter() - start, 1e-7)))
    start = time.perf_counter()
    for _ in range(count):
        step()
    return (time.perf_counter() - start) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.2, help="seconds per timed batch")
    parser.add_argument("--only", default="", help="comma-separated workload prefixes")
    args = parser.parse_args()
    wanted = [w for w in args.only.split(",") if w]
    print(f"numpy {np.__version__}, torch {torch.__version__}, rungrad {rungrad.__version__}")
    print("| workload | torch | rungrad | ratio |\n|---|---|---|---|")
    for name, setup in WORKLOADS.items():
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        steps = {lib.__name__: setup(lib, np.random.default_rng(0)) for lib in (torch, rungrad)}
        expected, got = steps["torch"](), steps["rungrad"]()
        if not np.isclose(got, expected, rtol=1e-3, atol=1e-5):
            print(f"| {name} | loss {expected:.6g} | loss {got:.6g} | MISMATCH |")
            continue
        ratios, times = [], {"torch": [], "rungrad": []}
        for _ in range(args.rounds):
            for lib in ("torch", "rungrad"):
                times[lib].append(time_per_step(steps[lib], args.target))
            ratios.append(times["rungrad"][-1] / times["torch"][-1])
        t_torch, t_rungrad = statistics.median(times["torch"]), statistics.median(times["rungrad"])
        print(f"| {name} | {_fmt(t_torch)} | {_fmt(t_rungrad)} | {statistics.median(ratios):.2f} |")
    return 0


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


if __name__ == "__main__":
    sys.exit(main())
