"""The drop-in runner: `python -m rungrad run script.py` serves `import torch` from rungrad.

Everything runs in subprocesses, because the runner rewires the import system, sys.argv and
sys.path of the interpreter it runs in. The seed-script tests run each examples/seeds/ script
on rungrad and on real PyTorch with identical random numbers and compare their stdout.
"""

from __future__ import annotations

import difflib
import importlib.util
import math
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples" / "seeds").glob("*.py"))
TIMEOUT = 120


def _env() -> dict[str, str]:
    # Put src/ first so the checkout under test is used even without an editable install.
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", OMP_NUM_THREADS="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


def _python(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _run(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Write `source` to tmp_path/script.py and run it through `python -m rungrad run`."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    return _python("-m", "rungrad", "run", str(script), *args, cwd=tmp_path)


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# ------------------------------------------------------------------ the runner itself


def test_import_torch_is_rungrad(tmp_path: Path) -> None:
    out = _run(
        tmp_path,
        """
        import sys
        import torch
        import rungrad
        print(torch.__name__)
        print(torch is rungrad, sys.modules["torch"] is rungrad, torch.__spec__.name)
        """,
    )
    assert _ok(out).split("\n")[:2] == ["rungrad", "True True rungrad"]


def test_submodules_are_rungrad_modules(tmp_path: Path) -> None:
    out = _run(
        tmp_path,
        """
        import importlib
        import rungrad
        import torch.autograd
        import torch.optim
        from torch.autograd import Variable

        print("autograd", torch.autograd is rungrad.autograd)
        print("optim", torch.optim is rungrad.optim)
        print("Variable", Variable is rungrad.autograd.Variable)
        # nn may not exist yet: check the alias only for what rungrad provides.
        try:
            importlib.import_module("rungrad.nn.functional")
        except ModuleNotFoundError:
            print("functional absent")
        else:
            import torch.nn.functional as F
            print("functional", F is rungrad.nn.functional, torch.nn is rungrad.nn)
        """,
    )
    lines = _ok(out).splitlines()
    assert lines[:3] == ["autograd True", "optim True", "Variable True"]
    assert lines[3] in ("functional absent", "functional True True")


def test_autograd_functional_after_a_plain_import(tmp_path: Path) -> None:
    # torch.autograd.functional is there after ``import torch``, with no import of its own.
    out = _ok(
        _run(
            tmp_path,
            """
            import torch
            x = torch.tensor([1.0, 2.0])
            print(torch.autograd.functional.jacobian(lambda a: a**2, x).tolist())
            print(torch.autograd.functional.hessian(lambda a: (a**3).sum(), x).tolist())
            """,
        )
    )
    assert out.split("\n")[:2] == ["[[2.0, 0.0], [0.0, 4.0]]", "[[6.0, 0.0], [0.0, 12.0]]"]


def test_missing_submodule_names_rungrad(tmp_path: Path) -> None:
    out = _run(tmp_path, "import torch.definitely_missing\n")
    assert out.returncode != 0
    assert "ModuleNotFoundError: No module named 'rungrad.definitely_missing'" in out.stderr


def test_argv_name_and_path(tmp_path: Path) -> None:
    out = _run(
        tmp_path,
        """
        import os
        import sys
        print(sys.argv[1:])
        print(os.path.basename(sys.argv[0]), sys.path[0] == os.path.dirname(__file__))
        if __name__ == "__main__":
            print("main")
        """,
        "a b",
        "--flag",
        "-x",
    )
    assert _ok(out).splitlines() == ["['a b', '--flag', '-x']", "script.py True", "main"]


def test_script_exception_gives_traceback_and_exit_status(tmp_path: Path) -> None:
    out = _run(
        tmp_path,
        """
        def fail():
            raise ValueError("boom")

        print("before")
        fail()
        """,
    )
    assert out.returncode == 1
    assert out.stdout == "before\n"
    assert out.stderr.startswith("Traceback (most recent call last):")
    assert f'File "{tmp_path / "script.py"}", line 6, in <module>' in out.stderr
    assert "in fail" in out.stderr
    assert out.stderr.rstrip().endswith("ValueError: boom")
    assert "runpy" not in out.stderr  # the runner's own frames are not shown


def test_sys_exit_status_passes_through(tmp_path: Path) -> None:
    assert _run(tmp_path, "import sys\nsys.exit(3)\n").returncode == 3


def test_missing_script(tmp_path: Path) -> None:
    out = _python("-m", "rungrad", "run", str(tmp_path / "nope.py"))
    assert out.returncode == 2
    assert "can't open file" in out.stderr


@pytest.mark.parametrize("args", [[], ["--help"]])
def test_usage(args: list[str]) -> None:
    out = _ok(_python("-m", "rungrad", *args))
    assert out.startswith("usage: python -m rungrad")
    assert "run" in out and "demo" in out


def test_install_torch_alias_is_idempotent() -> None:
    code = (
        "import sys\n"
        "from rungrad._dropin import _TorchAliasFinder, install_torch_alias\n"
        "install_torch_alias(); install_torch_alias()\n"
        "print(sum(isinstance(f, _TorchAliasFinder) for f in sys.meta_path))\n"
        "print(isinstance(sys.meta_path[0], _TorchAliasFinder))\n"
        "import torch, rungrad\n"
        "print(torch is rungrad)\n"
    )
    assert _ok(_python("-c", code)).splitlines() == ["1", "True", "True"]


# ------------------------------------------------------------------ seed scripts vs torch

# Runs a script with the random functions of `torch` (real, or rungrad behind the alias)
# replaced by NumPy-Generator based ones, so both implementations see the same numbers.
_BOOT = r"""
import os, runpy, sys
import numpy as np

impl, script = sys.argv[1], sys.argv[2]
if impl == "rungrad":
    from rungrad._dropin import install_torch_alias
    install_torch_alias()
import torch

state = {"rng": np.random.default_rng(0)}

def _size(args, kw):
    size = kw.pop("size", args[0] if len(args) == 1 and not isinstance(args[0], int) else args)
    return (size,) if isinstance(size, int) else tuple(int(d) for d in size)

def _tensor(arr, dtype, kw):
    return torch.tensor(arr, dtype=dtype, requires_grad=bool(kw.get("requires_grad", False)))

def manual_seed(seed):
    state["rng"] = np.random.default_rng(int(seed))

def randn(*args, **kw):
    arr = state["rng"].standard_normal(_size(args, kw))
    return _tensor(arr, kw.get("dtype") or torch.get_default_dtype(), kw)

def rand(*args, **kw):
    arr = state["rng"].random(_size(args, kw))
    return _tensor(arr, kw.get("dtype") or torch.get_default_dtype(), kw)

def randint(*args, **kw):
    args = list(args)
    size = _size((kw.pop("size") if "size" in kw else args.pop(),), {})
    low, high = (0, args[0]) if len(args) == 1 else args
    arr = state["rng"].integers(int(low), int(high), size=size)
    return _tensor(arr, kw.get("dtype") or torch.int64, kw)

def randperm(n, **kw):
    return _tensor(state["rng"].permutation(int(n)), kw.get("dtype") or torch.int64, kw)

for fn in (manual_seed, randn, rand, randint, randperm):
    setattr(torch, fn.__name__, fn)

if impl == "rungrad":
    from rungrad.__main__ import main
    sys.exit(main(["run", script]))
sys.argv = [script]
sys.path[0] = os.path.dirname(script)
runpy.run_path(script, run_name="__main__")
"""

_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")
_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|(?<![\w.])[-+]?(?:nan|inf)(?!\w)"
)


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """Split stdout into its numbers and the text around them (addresses masked)."""
    text = _ADDRESS.sub("at 0x?", re.sub(r"\brungrad\b", "torch", text))
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return _NUMBER.findall(text), _NUMBER.split(text)


def _last_digit(token: str) -> float:
    """One unit in the last printed decimal of `token` (0 for integers)."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals) if "." in mantissa else 0.0


def _close(ref: str, got: str) -> bool:
    a, b = float(ref), float(got)
    if math.isnan(a) or math.isinf(a):
        return a == b or (math.isnan(a) and math.isnan(b))
    # 1e-4 relative; a printed value may also round the other way in its last digit.
    tol = max(1e-4 * abs(a) + 1e-6, min(_last_digit(ref), _last_digit(got)) * 1.000001)
    return abs(a - b) <= tol


def _differences(ref: str, got: str) -> list[str]:
    ref_nums, ref_text = _tokens(ref)
    got_nums, got_text = _tokens(got)
    problems = []
    if ref_text != got_text:
        problems.append("text differs")
    if len(ref_nums) != len(got_nums):
        problems.append(f"{len(ref_nums)} numbers in torch's output, {len(got_nums)} in rungrad's")
    problems += [
        f"number #{i}: torch {r} vs rungrad {g}"
        for i, (r, g) in enumerate(zip(ref_nums, got_nums))
        if not _close(r, g)
    ]
    return problems


@pytest.mark.parametrize("script", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_script_matches_torch(script: Path) -> None:
    if importlib.util.find_spec("torch") is None:
        pytest.skip("real PyTorch is not installed")
    ref = _python("-c", _BOOT, "torch", str(script), cwd=script.parent)
    assert ref.returncode == 0, f"reference run failed under real torch:\n{ref.stderr}"
    got = _python("-c", _BOOT, "rungrad", str(script), cwd=script.parent)
    assert got.returncode == 0, f"run under rungrad failed:\n{got.stderr}"
    problems = _differences(ref.stdout, got.stdout)
    if problems:
        diff = "\n".join(
            difflib.unified_diff(
                ref.stdout.splitlines(), got.stdout.splitlines(), "torch", "rungrad", lineterm=""
            )
        )
        pytest.fail("; ".join(problems[:5]) + "\n" + diff)
