"""Generator states: ``get_rng_state`` / ``set_rng_state``, ``Generator.get_state`` /
``set_state`` and ``rungrad.random.fork_rng``.

The numbers are PyTorch's (``test_random_streams.py``); here what must match is the behaviour:
a state is a ``uint8`` tensor that restores the stream exactly, and bad states raise
PyTorch's errors.
"""

from __future__ import annotations

import pytest
import torch
from test_saved_tensors import same

import rungrad


def test_a_state_restores_the_stream() -> None:
    rungrad.manual_seed(3)
    state = rungrad.get_rng_state()
    first = [rungrad.rand(3), rungrad.randn(2, 2), rungrad.randint(0, 100, (4,))]
    rungrad.set_rng_state(state)
    again = [rungrad.rand(3), rungrad.randn(2, 2), rungrad.randint(0, 100, (4,))]
    for a, b in zip(first, again):
        assert rungrad.equal(a, b)
    assert rungrad.initial_seed() == 3


def test_a_kept_normal_is_part_of_the_state() -> None:
    generator = rungrad.Generator().manual_seed(11)
    rungrad.randn(1, generator=generator)  # keeps the second normal of a pair for later
    state = generator.get_state()
    expected = rungrad.randn(5, generator=generator)
    generator.set_state(state)
    assert rungrad.equal(rungrad.randn(5, generator=generator), expected)


def test_generator_states_are_independent_and_carry_the_seed() -> None:
    generator = rungrad.Generator().manual_seed(5)
    state = generator.get_state()
    drawn = rungrad.randn(4, generator=generator)
    other = rungrad.Generator().manual_seed(6)
    assert other.set_state(state) is other
    assert rungrad.equal(rungrad.randn(4, generator=other), drawn)
    assert other.initial_seed() == 5


def test_state_tensor_like_pytorch() -> None:
    def program(torch, emit):
        state = torch.get_rng_state()
        emit(state.dtype, state.dim(), state.requires_grad, state.is_contiguous())
        emit(type(torch.Generator().get_state()).__name__)

    same(program)


@pytest.mark.parametrize("bad", ["torch.zeros(3)", "torch.zeros(3, dtype=torch.uint8)", "[1, 2]"])
def test_bad_states(bad: str) -> None:
    def program(torch, emit):
        value = eval(bad, {"torch": torch})
        emit.attempt(lambda: torch.set_rng_state(value))
        emit.attempt(lambda: torch.Generator().set_state(value))

    # The expected size in the message is the library's own state size.
    def normalised(library):
        lines = []

        class Emit:
            def attempt(self, fn):
                try:
                    fn()
                    lines.append("ok")
                except Exception as error:  # the type and message are compared
                    message = str(error).split(" of size ")[0]
                    lines.append(f"{type(error).__name__}: {message}")

        program(library, Emit())
        return lines

    assert normalised(rungrad) == normalised(torch)


def test_fork_rng_restores_the_default_generator() -> None:
    for library in (torch, rungrad):
        library.manual_seed(0)
        with library.random.fork_rng():
            library.rand(5)
        inside_skipped = library.rand(3)
        library.manual_seed(0)
        assert library.equal(inside_skipped, library.rand(3))
        library.manual_seed(0)
        with library.random.fork_rng(enabled=False):  # draws inside count
            library.rand(1)
        not_restored = library.rand(2)
        library.manual_seed(0)
        library.rand(1)
        assert library.equal(not_restored, library.rand(2))


def test_random_module_functions() -> None:
    assert rungrad.random.get_rng_state is rungrad.get_rng_state
    rungrad.random.manual_seed(9)
    assert rungrad.random.initial_seed() == 9 == rungrad.initial_seed()


def test_generator_prints_and_pickles_like_pytorch() -> None:
    import pickle

    def program(torch, emit):
        generator = torch.Generator()
        emit(type(generator), torch.Generator)
        emit(repr(torch.manual_seed(0)).split(" object at ")[0])
        emit(type(pickle.loads(pickle.dumps(generator))))

    same(program)
    generator = rungrad.Generator().manual_seed(8)
    copy = pickle.loads(pickle.dumps(generator))
    assert copy.initial_seed() == 8
    assert rungrad.equal(rungrad.rand(3, generator=copy), rungrad.rand(3, generator=generator))
