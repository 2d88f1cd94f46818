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
