"""Tutorial-style programs with torch.fft, run on rungrad and on PyTorch: every value,
dtype, graph name, gradient and message they print must be PyTorch's."""

from __future__ import annotations

import math
from typing import Any

from transcripts import same


def test_spectrum_of_a_signal_and_its_frequencies() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0, 3.0, 4.0])
        y = torch.fft.fft(x)
        emit(y, y.dtype, y.shape)
        emit(torch.fft.ifft(y), torch.fft.ifft(y).real)
        emit(torch.fft.fft(torch.ones(4)), torch.fft.fft(torch.arange(6, dtype=torch.float64)))
        emit(torch.fft.rfftfreq(16, d=1 / 16), torch.fft.fftfreq(10, 0.1))
        emit(torch.fft.fftshift(torch.fft.fftfreq(5)), torch.fft.fftfreq(4, dtype=torch.float64))

    same(program)


def test_frequency_domain_loss_with_backward() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([0.5, -1.0, 2.0, 0.25, 1.5, -0.75], requires_grad=True)
        target = torch.tensor([1.0, 0.5, 0.25, 0.0])
        X = torch.fft.rfft(x)
        emit(X)
        loss = ((X.abs() - target) ** 2).mean()
        loss.backward()
        emit(loss, x.grad, type(X.grad_fn).__name__)

    same(program)


def test_complex_input_gradients_and_printing() -> None:
    def program(torch: Any, emit: Any) -> None:
        z = torch.tensor([1 + 2j, 3 - 1j, -0.5 + 0.5j, 2 + 0j], requires_grad=True)
        Z = torch.fft.fft(z)
        emit(Z, type(Z.grad_fn).__name__)
        (Z * Z.conj()).real.sum().backward()
        emit(z.grad)
        re = torch.tensor([1.0, 0.0, -1.0, 0.5], requires_grad=True)
        im = torch.tensor([0.0, 2.0, 0.5, -1.0], requires_grad=True)
        W = torch.fft.ifft(torch.complex(re, im), norm="ortho")
        (W.real.pow(2).sum() + 3 * W.imag.sum()).backward()
        emit(W, re.grad, im.grad)

    same(program)


def test_two_dimensional_transforms_of_an_image() -> None:
    def program(torch: Any, emit: Any) -> None:
        img = torch.zeros(4, 4)
        img[1:3, 1:3] = 1.0
        F = torch.fft.fft2(img)
        emit(F, torch.fft.fftshift(F.abs()), torch.fft.ifft2(F).real)
        x = torch.arange(12.0).reshape(3, 4)
        R = torch.fft.rfft2(x)
        emit(R.shape, R, torch.fft.irfft2(R, s=x.shape))
        emit(torch.fft.fftn(torch.ones(2, 3), s=(4, 4)), torch.fft.fftn(torch.ones(2, 3), s=(1, 2)))

    same(program)


def test_learning_a_frequency_response() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-1, 1, 64).reshape(4, 16) ** 2
        y = torch.fft.irfft(torch.fft.rfft(x) * torch.linspace(1.0, 0.0, 9), n=16)
        h = torch.ones(9, requires_grad=True)
        opt = torch.optim.SGD([h], lr=0.5)
        for step in range(12):
            opt.zero_grad()
            loss = ((torch.fft.irfft(torch.fft.rfft(x) * h, n=16) - y) ** 2).mean()
            loss.backward()
            opt.step()
            if step % 4 == 0:
                emit(step, round(loss.item(), 6))
        emit(h.detach())

    same(program)


def test_graph_names_and_saved_values() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-1, 1, 5, requires_grad=True)
        z = torch.complex(x, x.flip(0))
        for name in ["fft", "ifft", "rfft", "ihfft", "irfft", "hfft"]:
            f = getattr(torch.fft, name)
            y = f(x)
            emit(name, y.dtype, type(y.grad_fn).__name__, tuple(y.shape))
            if name not in ("rfft", "ihfft"):
                y = f(z)
                emit(name, y.dtype, type(y.grad_fn).__name__, tuple(y.shape))
        y = torch.fft.fft(x, n=8)
        emit(y.shape, y.grad_fn.next_functions)
        emit(torch.fft.fft(torch.linspace(-1, 1, 5, requires_grad=True), n=7))
        y = torch.fft.rfft(x, dim=0, norm="ortho")
        emit(y.grad_fn._saved_dim, y.grad_fn._saved_normalization, y.grad_fn._saved_onesided)

    same(program)


def test_second_derivatives_and_no_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([0.3, -0.2, 1.1, 0.7, -0.5], requires_grad=True)
        y = torch.fft.rfft(x).abs().pow(2).sum()
        (g,) = torch.autograd.grad(y, x, create_graph=True)
        emit(g, torch.autograd.grad(g.sum(), x))
        with torch.no_grad():
            X = torch.fft.fft(x)
        emit(X.requires_grad, X.grad_fn)

    same(program)


def test_integer_inputs_and_default_dtype() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1, 2, 3, 4, 5, 6])
        emit(torch.fft.fft(x), torch.fft.rfft(x))
        emit(torch.fft.fft(torch.tensor([True, False, True, False])))
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.float64)
        try:
            emit(torch.fft.fft(x), torch.fft.irfft(x).dtype)
        finally:
            torch.set_default_dtype(previous)

    same(program)


def test_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(3, 4)
        emit.attempt(lambda: torch.fft.fft(x, norm="bad"))
        emit.attempt(lambda: torch.fft.rfft(torch.ones(4, dtype=torch.complex64)))
        emit.attempt(lambda: torch.fft.fft(x, n=0))
        emit.attempt(lambda: torch.fft.fft(x, dim=2))
        emit.attempt(lambda: torch.fft.fft2(torch.ones(4)))
        emit.attempt(lambda: torch.fft.fftn(x, dim=(0, 0)))
        emit.attempt(lambda: torch.fft.fftn(x, s=(2, 3), dim=(0,)))
        emit.attempt(lambda: torch.fft.irfft(torch.ones(1, dtype=torch.complex64)))
        emit.attempt(lambda: torch.fft.fft(x.half()))
        emit.attempt(lambda: torch.fft.ihfft(torch.ones(3, dtype=torch.complex128)))
        emit.attempt(lambda: torch.fft.fft([1.0, 2.0]))
        emit.attempt(lambda: torch.fft.fftshift(torch.tensor(1.0)))

    same(program)


def test_spectral_calculus() -> None:
    def program(torch: Any, emit: Any) -> None:
        n = 16
        t = torch.arange(n, dtype=torch.float64) * 2 * math.pi / n
        k = torch.fft.fftfreq(n, d=1.0 / n)
        df = torch.fft.ifft(1j * k * torch.fft.fft(torch.sin(t))).real
        emit(torch.allclose(df, torch.cos(t)), df[:4])
        a = torch.tensor([1.0, 2.0, 0.0, -1.0])
        b = torch.tensor([0.5, 0.0, 0.0, 0.25])
        emit(torch.fft.irfft(torch.fft.rfft(a) * torch.fft.rfft(b), n=4))
        x = torch.tensor([1.0, 3.0, -2.0, 0.5, 1.5, -1.0, 2.0, 0.0])
        X = torch.fft.rfft(x - x.mean(), n=16)
        acf = torch.fft.irfft(X * X.conj(), n=16)[:8]
        emit(acf / acf[0])

    same(program)


def test_spectrogram_and_its_inverse() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-1, 1, 32, requires_grad=True)
        S = torch.stft(x, 8, 4, window=torch.hamming_window(8), return_complex=True)
        emit(type(S.grad_fn).__name__, S.shape)
        S.abs().pow(2).sum().backward()
        emit(x.grad)
        signal = torch.tensor([0.0, 1.0, 0.0, -1.0] * 4)
        emit(torch.stft(signal, 4, 4, window=torch.ones(4), center=False, return_complex=True))
        w = torch.hann_window(16)
        batch = torch.linspace(0, 1, 100).reshape(2, 50) ** 2
        spec = torch.stft(batch, 16, 4, window=w, return_complex=True)
        back = torch.istft(spec, 16, 4, window=w, length=50)
        emit(spec.shape, back.shape, type(back.grad_fn), torch.allclose(batch, back, atol=1e-5))

    same(program)
