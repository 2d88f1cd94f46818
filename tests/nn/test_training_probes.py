"""What small training programs meet, against PyTorch: layers' padding modes with
``padding='same'``, and the other details tutorials print."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad


def _values(library: Any, build: Any) -> tuple[np.ndarray, np.ndarray]:
    """The output and input gradient of ``build(library)`` applied to a fixed input."""
    library.manual_seed(1)
    module = build(library)
    x = library.linspace(-2, 3, 60).view(1, 2, 5, 6).sin().requires_grad_()
    y = module(x)
    (y * library.arange(y.numel()).view(y.shape).cos()).sum().backward()
    return y.detach().numpy().copy(), x.grad.numpy().copy()


@pytest.mark.parametrize("mode", ["circular", "reflect", "replicate", "zeros"])
@pytest.mark.parametrize(
    ("kernel", "dilation"), [(2, 1), (3, 2), ((2, 3), (1, 2)), (4, 1), ((1, 4), (2, 1))]
)
def test_same_padding_follows_padding_mode(mode: str, kernel: Any, dilation: Any) -> None:
    """'same' splits its padding (odd extra at the end) and fills it by ``padding_mode``."""

    def build(library: Any) -> Any:
        return library.nn.Conv2d(2, 3, kernel, padding="same", dilation=dilation, padding_mode=mode)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected, actual = _values(torch, build), _values(rungrad, build)
    for want, got in zip(expected, actual):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_same_padding_conv1d_reflect_shape() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        conv = torch.nn.Conv1d(2, 1, 4, padding="same", padding_mode="reflect")
        emit(conv, conv(torch.randn(1, 2, 7)).shape)
        conv = torch.nn.Conv1d(2, 1, 4, padding="valid", padding_mode="reflect")
        emit(conv(torch.randn(1, 2, 7)).shape)

    same(program)


def test_even_kernel_same_padding_warns_once() -> None:
    """PyTorch warns once per process, so its warnings come from a fresh interpreter."""
    program = (
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    x = torch.ones(1, 1, 4, 4)\n"
        "    for _ in range(2):\n"
        "        torch.nn.functional.conv2d(x, torch.ones(1, 1, 2, 2), padding='same')\n"
        "print([str(w.message) for w in caught])\n"
    )
    expected = subprocess.run(
        [sys.executable, "-c", "import torch\n" + program],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    from rungrad import _runtime

    _runtime._WARNED.discard(eval(expected)[0])
    namespace: dict[str, Any] = {"torch": rungrad}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(program, namespace)
    assert out.getvalue() == expected
    assert "zero-padded copy" in expected


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("dim", [-1, 0])
def test_gumbel_softmax_samples_and_gradients(hard: bool, dim: int) -> None:
    """Seeded samples (Gumbel noise from ``exponential_``) and the straight-through
    gradient of a hard sample."""

    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        logits = torch.randn(3, 4, requires_grad=True)
        sample = torch.nn.functional.gumbel_softmax(logits, tau=0.5, hard=hard, dim=dim)
        emit(sample)
        (sample * torch.arange(12.0).view(3, 4)).sum().backward()
        emit(logits.grad)
        emit(torch.nn.functional.gumbel_softmax(torch.randn(2, 3, dtype=torch.float64)))

    same(program)


def test_non_constant_pad_size_message() -> None:
    def program(torch: Any, emit: Any) -> None:
        for shape, widths in [((2, 3, 4, 4), (1, 1)), ((4,), (1, 1)), ((2, 3), (1, 1, 1, 1))]:
            try:
                torch.nn.functional.pad(torch.ones(shape), widths, mode="reflect")
            except NotImplementedError as error:
                emit(str(error))

    same(program)


def test_softmax_dim_required_outside_functional() -> None:
    """Only F.softmax and friends choose a dim (with a warning at the caller's line);
    torch.softmax and Tensor.softmax refuse a missing or None dim."""

    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, 3)
        emit.attempt(lambda: x.softmax())
        emit.attempt(lambda: x.softmax(None))
        emit.attempt(lambda: x.log_softmax())
        emit.attempt(lambda: torch.softmax(x))
        emit.attempt(lambda: torch.log_softmax(x, None))
        emit(x.softmax(1), torch.log_softmax(x, dim=0))
        emit(torch.nn.functional.softmax(x), torch.nn.Softmin()(x))

    same(program)


def test_implicit_softmax_dim_warns_at_the_callers_line() -> None:
    import rungrad.nn.functional as F

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.softmax(rungrad.ones(2, 2))
        F.log_softmax(rungrad.ones(2, 2))
        F.softmin(rungrad.ones(2, 2))
    assert [w.filename for w in caught] == [__file__] * 3
