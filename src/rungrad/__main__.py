"""Command line of rungrad: ``python -m rungrad run script.py [args...]`` runs a PyTorch script.

Subcommands are registered in ``_build_parser``; each one is a ``_cmd_<name>`` function
taking the parsed arguments and returning the exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rungrad._dropin import run_script


def _cmd_run(args: argparse.Namespace) -> int:
    script = Path(args.script)
    if not script.is_file():
        # Same wording and status as `python missing.py`.
        print(f"{sys.executable}: can't open file {str(script)!r}: No such file", file=sys.stderr)
        return 2
    recorder = None
    if args.graph:
        from rungrad._graph_recorder import BackwardRecorder

        recorder = BackwardRecorder(Path(args.graph), every=args.graph_every)
        recorder.install()
    try:
        run_script(script, args.args)
    except Exception:
        _report_script_error(script)
        return 1
    finally:
        if recorder is not None:
            recorder.uninstall()
            for written in recorder.finish():
                print(f"rungrad: wrote {written}", file=sys.stderr)
    return 0


def _report_script_error(script: Path) -> None:
    """Print the current exception like `python script.py` would: from the script's frame on."""
    exc_type, exc, tb = sys.exc_info()
    target = os.path.abspath(script)  # the name run_script gives runpy
    # Skip the runner's own frames (this module, _dropin, runpy) above the script's top level.
    frame = tb
    while frame is not None and frame.tb_frame.f_code.co_filename != target:
        frame = frame.tb_next
    tb = frame or tb
    # The default hook prints exc.__traceback__, not its tb argument: trim that too.
    sys.excepthook(exc_type, exc.with_traceback(tb), tb)  # type: ignore[arg-type, union-attr]


def _cmd_demo(args: argparse.Namespace) -> int:
    from rungrad.demo import main as demo

    demo(epochs=args.epochs, out_dir=args.out)
    return 0


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rungrad",
        description="rungrad: define-by-run autodiff on NumPy with PyTorch's API.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run a PyTorch script with every `torch` import served by rungrad",
        description="Run SCRIPT as __main__ with `import torch` (and torch.*) mapped to rungrad.",
    )
    run.add_argument(
        "--graph",
        metavar="OUT.svg",
        help="write the graph of the last tensor backward() was called on (svg, png, pdf, dot)",
    )
    run.add_argument(
        "--graph-every",
        action="store_true",
        help="with --graph: write one numbered file per backward() call (OUT-1.svg, ...)",
    )
    run.add_argument("script", help="path of the Python script to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed on to the script")
    run.set_defaults(func=_cmd_run)

    demo = sub.add_parser(
        "demo",
        help="train a small CNN on handwritten digits and draw its loss curve and graph",
        description="Train a convolutional network on the 8x8 digits shipped with rungrad.",
    )
    demo.add_argument("--epochs", type=int, default=12, help="training epochs (default 12)")
    demo.add_argument("--out", default="rungrad-demo", help="folder for the pictures")
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
