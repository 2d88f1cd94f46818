"""rungrad.stft against torch.stft: values, dtypes, shapes, grad_fn names, gradients,
warnings and messages."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

RNG = np.random.default_rng(7)

CASES = {
    "hann": lambda T, x: T.stft(x, 8, window=T.hann_window(8, dtype=x.dtype), return_complex=True),
    "hop": lambda T, x: T.stft(x, 8, 3, window=T.hann_window(8, dtype=x.dtype),
                               return_complex=True),
    "short window": lambda T, x: T.stft(x, 8, 2, 5, T.hamming_window(5, dtype=x.dtype),
                                        return_complex=True),
    "short rectangle": lambda T, x: T.stft(x, 8, 2, 6, T.ones(6, dtype=x.dtype),
                                           return_complex=True),
    "no centre": lambda T, x: T.stft(x, 6, 2, window=T.ones(6, dtype=x.dtype), center=False,
                                     return_complex=True),
    "constant pad": lambda T, x: T.stft(x, 6, window=T.ones(6, dtype=x.dtype),
                                        pad_mode="constant", return_complex=True),
    "two-sided normalized": lambda T, x: T.stft(x, 8, window=T.ones(8, dtype=x.dtype),
                                                onesided=False, normalized=True,
                                                return_complex=True),
    "batched": lambda T, x: T.stft(x.reshape(2, -1), 4, 2, window=T.hann_window(4, dtype=x.dtype),
                                   return_complex=True),
    "method": lambda T, x: x.stft(8, 4, window=T.ones(8, dtype=x.dtype), return_complex=True),
    "complex input": lambda T, x: T.stft(x * (1 + 0.5j), 8, 4, window=T.ones(8, dtype=x.dtype),
                                         return_complex=True),
    "real result": lambda T, x: T.stft(x, 8, 4, window=T.ones(8, dtype=x.dtype),
                                       return_complex=False),
}  # fmt: skip


def _run(T: Any, function: Any, data: np.ndarray, weights: np.ndarray) -> tuple[Any, ...]:
    x = T.tensor(data, requires_grad=True)
    out = function(T, x)
    w = T.tensor(weights[: out.numel()].reshape(tuple(out.shape)))
    if out.is_complex():
        loss = (out.real * w.real).sum() + (out.imag * w.imag).sum()
    else:
        loss = (out * w.real).sum()
    loss.backward()
    name = type(out.grad_fn).__name__
    values = out.detach().resolve_conj().numpy()
    return values, str(out.dtype).split(".")[1], name, x.grad.numpy()


@pytest.mark.filterwarnings("ignore:stft with return_complex=False")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_values_graphs_and_gradients(name: str, dtype: str) -> None:
    data = RNG.standard_normal(24).astype(dtype)
    weights = RNG.standard_normal(800) + 1j * RNG.standard_normal(800)
    expected = _run(torch, CASES[name], data, weights)
    actual = _run(rungrad, CASES[name], data, weights)
    tolerance = 1e-5 if dtype == "float32" else 1e-10
    np.testing.assert_allclose(actual[0], expected[0], rtol=tolerance, atol=tolerance)
    assert actual[1:3] == expected[1:3]
    np.testing.assert_allclose(actual[3], expected[3], rtol=tolerance, atol=tolerance)


def test_gradcheck() -> None:
    x = rungrad.tensor(RNG.standard_normal(12), requires_grad=True)
    window = rungrad.hann_window(6, dtype=rungrad.float64).requires_grad_()
    assert rungrad.autograd.gradcheck(
        lambda x, w: rungrad.stft(x, 6, 2, window=w, return_complex=True), (x, window)
    )
    assert rungrad.autograd.gradgradcheck(
        lambda x, w: rungrad.stft(x, 6, 2, window=w, return_complex=True), (x, window)
    )


def test_messages_and_warnings() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(20.0)
        w8 = torch.ones(8)
        emit.attempt(lambda: torch.stft(x, 8, window=w8))
        emit.attempt(lambda: torch.stft(x, 64, window=torch.ones(64), center=False,
                                        return_complex=True))  # fmt: skip
        emit.attempt(lambda: torch.stft(x, 8, hop_length=0, window=w8, return_complex=True))
        emit.attempt(lambda: torch.stft(x, 8, win_length=10, window=w8, return_complex=True))
        emit.attempt(lambda: torch.stft(x, 8, window=torch.ones(5), return_complex=True))
        emit.attempt(lambda: torch.stft(torch.ones(2, 2, 20), 8, window=w8, return_complex=True))
        emit.attempt(lambda: torch.stft(torch.arange(20), 8, window=w8, return_complex=True))
        emit.attempt(lambda: torch.stft(x.to(torch.complex64), 8, window=w8, onesided=True,
                                        return_complex=True))  # fmt: skip
        emit.attempt(lambda: torch.stft(x, 8, window=w8, pad_mode="foo", return_complex=True))
        emit.attempt(lambda: torch.stft(torch.ones(3), 8, window=w8, return_complex=True))
        emit(torch.stft(torch.arange(8.0), 4, hop_length=2, window=torch.ones(4),
                        return_complex=True, normalized=True, onesided=False))  # fmt: skip

    same(program)


def _spectrum(T: Any, data: np.ndarray, n_fft: int, hop: int, **options: Any) -> Any:
    window = T.hann_window(n_fft, dtype=T.float64)
    return T.stft(T.tensor(data), n_fft, hop, window=window, return_complex=True, **options)


INVERSES = {
    "plain": lambda T, z: T.istft(z, 8, 2, window=T.hann_window(8, dtype=T.float64)),
    "length shorter": lambda T, z: T.istft(z, 8, 2, window=T.hann_window(8, dtype=T.float64),
                                           length=20),
    "normalized": lambda T, z: T.istft(z, 8, 2, window=T.hann_window(8, dtype=T.float64),
                                       normalized=True),
    "short window": lambda T, z: T.istft(z, 8, 2, 6, T.hann_window(6, dtype=T.float64) + 0.1),
    "rectangle no centre": lambda T, z: T.istft(z, 8, 2, window=T.ones(8, dtype=T.float64),
                                                center=False),
    "batched": lambda T, z: T.istft(T.stack([z, 2 * z]), 8, 2,
                                    window=T.hann_window(8, dtype=T.float64)),
    "method": lambda T, z: z.istft(8, 4, window=T.ones(8, dtype=T.float64)),
    "two-sided": lambda T, z: T.istft(T.cat([z, z[1:4].flip(0).conj()]), 8, 2,
                                      window=T.hann_window(8, dtype=T.float64)),
    "two-sided complex": lambda T, z: T.istft(T.cat([z, z[1:4]]), 8, 2,
                                              window=T.hann_window(8, dtype=T.float64),
                                              return_complex=True),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(INVERSES))
def test_istft_values_graphs_and_gradients(name: str) -> None:
    spectrum = _spectrum(torch, RNG.standard_normal(30), 8, 2).numpy()
    weights = RNG.standard_normal(800) + 1j * RNG.standard_normal(800)
    expected = _run(torch, INVERSES[name], spectrum, weights)
    actual = _run(rungrad, INVERSES[name], spectrum, weights)
    np.testing.assert_allclose(actual[0], expected[0], rtol=1e-10, atol=1e-10)
    assert actual[1:3] == expected[1:3]
    np.testing.assert_allclose(actual[3], expected[3], rtol=1e-10, atol=1e-10)


def test_istft_inverts_stft_and_gradchecks() -> None:
    data = RNG.standard_normal(24)
    signal = rungrad.istft(_spectrum(rungrad, data, 8, 2), 8, 2,
                           window=rungrad.hann_window(8, dtype=rungrad.float64))  # fmt: skip
    np.testing.assert_allclose(signal.numpy(), data, atol=1e-12)
    z = _spectrum(rungrad, data[:12], 6, 2).requires_grad_()
    window = rungrad.hann_window(6, dtype=rungrad.float64)
    assert rungrad.autograd.gradcheck(lambda z: rungrad.istft(z, 6, 2, window=window), (z,))
    assert rungrad.autograd.gradgradcheck(lambda z: rungrad.istft(z, 6, 2, window=window), (z,))


def test_istft_messages_and_warnings() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-1, 1, 40)
        w = torch.hann_window(8)
        S = torch.stft(x, 8, 2, window=w, return_complex=True)
        emit.attempt(lambda: torch.istft(S, 8, 2, window=w, center=False))
        emit.attempt(lambda: torch.istft(S.real, 8, 2, window=w))
        emit.attempt(lambda: torch.istft(S, 8, 2, window=torch.zeros(8)))
        emit.attempt(lambda: torch.istft(S, 8, 2, window=w, return_complex=True))
        emit.attempt(lambda: torch.istft(S, 6, 2, window=torch.ones(6)))
        emit.attempt(lambda: torch.istft(S, 8, 2, window=w, onesided=False))
        emit.attempt(lambda: torch.istft(S[0], 8, 2, window=w))
        emit.attempt(lambda: torch.istft(S[None, None], 8, 2, window=w))
        emit.attempt(lambda: torch.istft(S, 8, 0, window=w))
        emit.attempt(lambda: torch.istft(S, 8, 9, window=w))
        emit.attempt(lambda: torch.istft(S, 8, 2, 10, window=w))
        emit.attempt(lambda: torch.istft(S, 8, 2, window=torch.ones(5)))
        emit.attempt(lambda: torch.istft(S, 8, 2, window=w, length=0))
        emit(torch.istft(S, 8, 2, window=w, length=45).shape)
        emit(torch.istft(S, 8, 2, window=w).sub(x).abs().max() < 1e-5)

    same(program)
