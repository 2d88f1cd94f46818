"""Process-wide settings (threads, determinism, matmul precision, warn-always) and
``compile``, compared with PyTorch through the transcript helper."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
import torch
from transcripts import same, transcript

import rungrad


@pytest.fixture(autouse=True)
def restore_settings() -> Iterator[None]:
    """Both libraries' settings are process-wide: put them back after each test."""
    saved = [
        (lib, lib.get_num_threads(), lib.get_float32_matmul_precision(),
         lib.get_deterministic_debug_mode(), lib.is_warn_always_enabled())
        for lib in (torch, rungrad)
    ]  # fmt: skip
    yield
    for lib, threads, precision, debug_mode, warn_always in saved:
        lib.set_num_threads(threads)
        lib.set_float32_matmul_precision(precision)
        lib.set_deterministic_debug_mode(debug_mode)
        lib.set_warn_always(warn_always)


def test_thread_counts_are_set_checked_and_reported() -> None:
    def program(torch, emit):
        torch.set_num_threads(1)
        emit(torch.get_num_threads())
        torch.set_num_threads(3)
        emit(torch.get_num_threads())
        for bad in (0, -2, 2.5, "4", True):
            emit.attempt(lambda bad=bad: torch.set_num_threads(bad))
        emit.attempt(lambda: torch.set_num_interop_threads(0))
        emit(type(torch.get_num_interop_threads()).__name__)

    same(program)


def test_default_thread_count_is_the_cores_this_process_may_use() -> None:
    rungrad_default = rungrad._runtime._Settings().threads
    assert rungrad_default == torch.get_num_threads() or torch.get_num_threads() == 1


def test_deterministic_algorithms_and_debug_mode() -> None:
    def program(torch, emit):
        emit(torch.are_deterministic_algorithms_enabled(), torch.get_deterministic_debug_mode())
        torch.use_deterministic_algorithms(True)
        emit(torch.are_deterministic_algorithms_enabled(), torch.get_deterministic_debug_mode())
        torch.use_deterministic_algorithms(True, warn_only=True)
        emit(
            torch.is_deterministic_algorithms_warn_only_enabled(),
            torch.get_deterministic_debug_mode(),
        )
        for mode in ("default", "error", "warn", 0, 2, 1):
            torch.set_deterministic_debug_mode(mode)
            emit(
                mode,
                torch.are_deterministic_algorithms_enabled(),
                torch.is_deterministic_algorithms_warn_only_enabled(),
                torch.get_deterministic_debug_mode(),
            )
        for bad in ("loud", 3, -1):
            emit.attempt(lambda bad=bad: torch.set_deterministic_debug_mode(bad))
        emit.attempt(lambda: torch.use_deterministic_algorithms("yes"))
        torch.use_deterministic_algorithms(False)
        emit(torch.get_deterministic_debug_mode())

    same(program)


def test_float32_matmul_precision() -> None:
    def program(torch, emit):
        emit(torch.get_float32_matmul_precision())
        for precision in ("high", "medium", "low", "highest"):
            torch.set_float32_matmul_precision(precision)
            emit(torch.get_float32_matmul_precision())

    transcript = same(program)
    assert "UserWarning: low is not one of 'highest', 'high', or 'medium'" in transcript


def test_warn_always_repeats_the_once_per_process_warnings() -> None:
    def program(torch, emit):
        torch.set_warn_always(True)
        emit(torch.is_warn_always_enabled())
        x = torch.ones(2, 3, 4)
        x.T
        x.T
        y = torch.ones(1, requires_grad=True) * 2
        float(y)
        float(y)
        torch.set_warn_always(False)
        emit(torch.is_warn_always_enabled())

    transcript = same(program)
    assert transcript.count("Converting a tensor with requires_grad=True") == 2
    assert transcript.count("The use of `x.T`") == 2


def test_once_per_process_warnings_are_given_once() -> None:
    rungrad._runtime._WARNED.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            rungrad.ones(2, 3, 4).T
    assert len(caught) == 1
    assert caught[0].filename == __file__  # the warning names the user's line


def test_flush_denormal_is_not_offered() -> None:
    # NumPy has no flush-to-zero mode: rungrad answers that it cannot (PyTorch on x86 can).
    assert rungrad.set_flush_denormal(True) is False
    assert rungrad.finfo(rungrad.float32).tiny / 2 > 0  # denormals are kept


def same_but_compiler_warnings(program) -> None:
    """``same``, but for the DeprecationWarnings PyTorch's compiler gives about its own
    internals (rungrad has no compiler to give them)."""

    def kept(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("DeprecationWarning")]

    assert kept(transcript(program, rungrad)) == kept(transcript(program, torch))


def test_compile_returns_a_function_that_computes_the_same() -> None:
    def program(torch, emit):
        def f(x):
            return x.sin() * 2

        g = torch.compile(f)
        emit(g.__name__, g is f, g.__wrapped__ is f)
        emit(g(torch.tensor([0.5, 1.0])))

        @torch.compile(mode="max-autotune")
        def h(x):
            return x + 1

        emit(h.__name__, h(torch.ones(2)))

        @torch.compile
        def k(x):
            return x - 1

        x = torch.tensor([2.0], requires_grad=True)
        k(x).backward()
        emit(x.grad)
        emit.attempt(lambda: torch.compile(5))
        emit.attempt(lambda: torch.compile(f, mode="bogus"))
        emit.attempt(lambda: torch.compile(f, mode="default", options={}))

    same_but_compiler_warnings(program)


def test_compile_wraps_a_module_under_orig_mod() -> None:
    def program(torch, emit):
        model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())
        with torch.no_grad():
            model[0].weight.copy_(torch.tensor([[1.0, -1.0], [0.5, 0.5], [-2.0, 1.0]]))
            model[0].bias.fill_(0.1)
        compiled = torch.compile(model)
        emit(compiled)
        emit(type(compiled).__name__, compiled._orig_mod is model, compiled.training)
        emit(list(compiled.state_dict()))
        emit([name for name, _ in compiled.named_parameters()])
        compiled.eval()
        emit(model.training, compiled.training, model[0].training)
        compiled.train()
        emit(model.training, compiled.training)
        out = compiled(torch.tensor([[1.0, 2.0]]))
        emit(out.detach())  # grad_fn differs: PyTorch's is its compiled graph's node
        out.sum().backward()
        emit(model[0].weight.grad)
        linear = torch.nn.Linear(2, 2)
        wrapped = torch.compile(linear)
        emit(wrapped.weight is linear.weight, wrapped.in_features)
        wrapped.note = 3
        emit(linear.note)
        emit.attempt(lambda: wrapped.load_state_dict(linear.state_dict()))
        emit(len(torch.optim.SGD(wrapped.parameters(), lr=0.1).param_groups[0]["params"]))

    same_but_compiler_warnings(program)
