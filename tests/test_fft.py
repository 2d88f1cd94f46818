"""rungrad.fft against torch.fft: values, dtypes, grad_fn names, gradients (first and second
order, complex ones by PyTorch's conjugate Wirtinger convention), gradcheck, and errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad
from rungrad.autograd import gradcheck, gradgradcheck

RNG = np.random.default_rng(2024)


def _data(kind: str, shape: tuple[int, ...]) -> np.ndarray:
    real = RNG.standard_normal(shape)
    if kind == "complex":
        return real + 1j * RNG.standard_normal(shape)
    return real


# (name, function of (library, x), input kind, input shape)
CASES: list[tuple[str, Any, str, tuple[int, ...]]] = []


def _case(name: str, function: Any, kind: str, shape: tuple[int, ...]) -> None:
    CASES.append((name, function, kind, shape))


for _norm in (None, "backward", "ortho", "forward"):
    for _kind in ("real", "complex"):
        _case(f"fft {_kind} {_norm}", lambda T, x, n=_norm: T.fft.fft(x, norm=n), _kind, (3, 5))
        _case(f"ifft {_kind} {_norm}", lambda T, x, n=_norm: T.fft.ifft(x, norm=n), _kind, (4, 6))
        _case(
            f"fftn {_kind} {_norm}", lambda T, x, n=_norm: T.fft.fftn(x, norm=n), _kind, (2, 3, 4)
        )
        _case(f"ifft2 {_kind} {_norm}", lambda T, x, n=_norm: T.fft.ifft2(x, norm=n), _kind, (3, 4))
        _case(f"irfft {_kind} {_norm}", lambda T, x, n=_norm: T.fft.irfft(x, norm=n), _kind, (5,))
        _case(f"hfft {_kind} {_norm}", lambda T, x, n=_norm: T.fft.hfft(x, norm=n), _kind, (2, 4))
        _case(
            f"irfftn {_kind} {_norm}", lambda T, x, n=_norm: T.fft.irfftn(x, norm=n), _kind, (3, 4)
        )
        _case(f"hfft2 {_kind} {_norm}", lambda T, x, n=_norm: T.fft.hfft2(x, norm=n), _kind, (3, 4))
    _case(f"rfft {_norm}", lambda T, x, n=_norm: T.fft.rfft(x, norm=n), "real", (3, 6))
    _case(f"rfft odd {_norm}", lambda T, x, n=_norm: T.fft.rfft(x, norm=n), "real", (7,))
    _case(f"ihfft {_norm}", lambda T, x, n=_norm: T.fft.ihfft(x, norm=n), "real", (2, 5))
    _case(f"rfft2 {_norm}", lambda T, x, n=_norm: T.fft.rfft2(x, norm=n), "real", (2, 4, 5))
    _case(f"rfftn {_norm}", lambda T, x, n=_norm: T.fft.rfftn(x, norm=n), "real", (3, 4))
    _case(f"ihfft2 {_norm}", lambda T, x, n=_norm: T.fft.ihfft2(x, norm=n), "real", (3, 4))
    _case(f"ihfftn {_norm}", lambda T, x, n=_norm: T.fft.ihfftn(x, norm=n), "real", (2, 3, 4))

for _kind in ("real", "complex"):
    _case(f"fft n pad {_kind}", lambda T, x: T.fft.fft(x, n=8), _kind, (3, 5))
    _case(f"fft n trim {_kind}", lambda T, x: T.fft.fft(x, n=3, dim=0), _kind, (5, 2))
    _case(f"ifft dim -2 {_kind}", lambda T, x: T.fft.ifft(x, dim=-2), _kind, (4, 3))
    _case(f"fft 1 point {_kind}", lambda T, x: T.fft.fft(x), _kind, (3, 1))
    _case(f"irfft n odd {_kind}", lambda T, x: T.fft.irfft(x, n=7), _kind, (2, 4))
    _case(f"irfft n even pad {_kind}", lambda T, x: T.fft.irfft(x, n=12), _kind, (4,))
    _case(f"irfft n trim {_kind}", lambda T, x: T.fft.irfft(x, n=4, dim=0), _kind, (6, 2))
    _case(f"irfft n=1 {_kind}", lambda T, x: T.fft.irfft(x, n=1), _kind, (3,))
    _case(f"hfft n odd {_kind}", lambda T, x: T.fft.hfft(x, n=5, dim=0), _kind, (4, 2))
    _case(f"fftn s {_kind}", lambda T, x: T.fft.fftn(x, s=(2, 6)), _kind, (3, 4))
    _case(f"fftn s -1 {_kind}", lambda T, x: T.fft.fftn(x, s=(-1, 3), dim=(0, 2)), _kind, (2, 3, 4))
    _case(f"fftn dim {_kind}", lambda T, x: T.fft.fftn(x, dim=(2, 0)), _kind, (2, 3, 4))
    _case(f"fftn no dims {_kind}", lambda T, x: T.fft.fftn(x, dim=()), _kind, (2, 3))
    _case(f"fft2 s {_kind}", lambda T, x: T.fft.fft2(x, s=(5, 2)), _kind, (2, 3, 4))
    _case(f"ifftn s only {_kind}", lambda T, x: T.fft.ifftn(x, s=(3,)), _kind, (2, 4))
    _case(f"irfft2 s {_kind}", lambda T, x: T.fft.irfft2(x, s=(3, 5)), _kind, (4, 3))
    _case(f"irfftn dim {_kind}", lambda T, x: T.fft.irfftn(x, dim=(-1, 0)), _kind, (4, 3))
    _case(f"irfftn s -1 {_kind}", lambda T, x: T.fft.irfftn(x, s=(2, -1)), _kind, (3, 4))
    _case(f"hfftn s {_kind}", lambda T, x: T.fft.hfftn(x, s=(3, 6), norm="ortho"), _kind, (2, 4))
_case("rfft n pad", lambda T, x: T.fft.rfft(x, n=9), "real", (4,))
_case("rfft n trim dim 0", lambda T, x: T.fft.rfft(x, n=3, dim=0), "real", (6, 2))
_case("rfftn s", lambda T, x: T.fft.rfftn(x, s=(3, 7)), "real", (4, 4))
_case("rfftn dim order", lambda T, x: T.fft.rfftn(x, dim=(1, 0)), "real", (4, 6))
_case("rfft2 s", lambda T, x: T.fft.rfft2(x, s=(2, 3), norm="ortho"), "real", (3, 4))
_case("ihfft n", lambda T, x: T.fft.ihfft(x, n=6, dim=0), "real", (4, 2))
_case("ihfftn s", lambda T, x: T.fft.ihfftn(x, s=(2, 5)), "real", (3, 4))
_case("ihfftn one dim", lambda T, x: T.fft.ihfftn(x, dim=0), "real", (5, 2))
_case("fftshift", lambda T, x: T.fft.fftshift(x), "real", (3, 4))
_case("ifftshift dim", lambda T, x: T.fft.ifftshift(x, dim=-1), "complex", (3, 5))
_case("fftshift dims", lambda T, x: T.fft.fftshift(x, dim=(0, 1)), "complex", (5, 2))
_case("round trip", lambda T, x: T.fft.irfft(T.fft.rfft(x), n=5), "real", (5,))
_case("spectrum power", lambda T, x: T.fft.rfft(x).abs() ** 2, "real", (8,))
_case(
    "fft fftshift ifft",
    lambda T, x: T.fft.ifft(T.fft.ifftshift(T.fft.fftshift(T.fft.fft(x)))),
    "complex",
    (6,),
)
_case("view_as_real of fft", lambda T, x: T.view_as_real(T.fft.fft2(x)), "real", (3, 3))
_case("integer-valued", lambda T, x: T.fft.fft(x.round()), "real", (4,))

IDS = [case[0] for case in CASES]


def _numpy(tensor: Any) -> np.ndarray:
    return tensor.detach().resolve_conj().numpy()


def _outputs(T: Any, function: Any, data: np.ndarray, weights: np.ndarray) -> tuple[Any, ...]:
    x = T.tensor(data, requires_grad=True)
    out = function(T, x)
    w = T.tensor(weights[: out.numel()].reshape(tuple(out.shape)))
    if out.is_complex():  # a real loss weighing the real and imaginary parts differently
        loss = (out.real * w.real).sum() + (out.imag * w.imag).sum()
    else:
        loss = (out * w.real).sum()
    loss.backward()
    name = None if out.grad_fn is None else type(out.grad_fn).__name__
    return _numpy(out), str(out.dtype).split(".")[1], name, _numpy(x.grad)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_values_dtypes_graphs_and_gradients(case: Any) -> None:
    _, function, kind, shape = case
    data = _data(kind, shape)
    weights = _data("complex", (500,))
    expected = _outputs(torch, function, data, weights)
    actual = _outputs(rungrad, function, data, weights)
    np.testing.assert_allclose(actual[0], expected[0], rtol=1e-10, atol=1e-12)
    assert actual[1:3] == expected[1:3]
    np.testing.assert_allclose(actual[3], expected[3], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gradcheck(case: Any) -> None:
    _, function, kind, shape = case
    x = rungrad.tensor(_data(kind, shape), requires_grad=True)
    assert gradcheck(lambda x: function(rungrad, x), (x,))


SECOND_ORDER = [
    case
    for case in CASES
    if case[0].startswith(("fft real", "fft complex", "rfft ", "irfft", "hfft", "ihfft2"))
]


@pytest.mark.parametrize("case", SECOND_ORDER, ids=[case[0] for case in SECOND_ORDER])
def test_gradgradcheck(case: Any) -> None:
    _, function, kind, shape = case
    x = rungrad.tensor(_data(kind, shape), requires_grad=True)
    assert gradgradcheck(lambda x: function(rungrad, x), (x,))


@pytest.mark.parametrize("case", SECOND_ORDER, ids=[case[0] for case in SECOND_ORDER])
def test_second_order_matches_pytorch(case: Any) -> None:
    _, function, kind, shape = case
    data = _data(kind, shape)
    v = _data("complex", shape)
    results = []
    for T in (torch, rungrad):
        x = T.tensor(data, requires_grad=True)
        out = function(T, x)
        loss = (out.real * out.imag).sum() if out.is_complex() else (out * out).sum()
        (grad,) = T.autograd.grad(loss, (x,), create_graph=True)
        second = (grad * T.tensor(v)).real.sum() if grad.is_complex() else (grad * x).sum()
        results.append(_numpy(T.autograd.grad(second, (x,))[0]))
    np.testing.assert_allclose(results[1], results[0], rtol=1e-9, atol=1e-10)


DTYPE_CASES = {
    "fft": lambda T, x: T.fft.fft(x),
    "ifft": lambda T, x: T.fft.ifft(x),
    "rfft": lambda T, x: T.fft.rfft(x),
    "irfft": lambda T, x: T.fft.irfft(x),
    "hfft": lambda T, x: T.fft.hfft(x),
    "ihfft": lambda T, x: T.fft.ihfft(x),
    "fft2": lambda T, x: T.fft.fft2(x),
    "rfftn": lambda T, x: T.fft.rfftn(x),
    "irfftn": lambda T, x: T.fft.irfftn(x),
}


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool", "complex64"])
@pytest.mark.parametrize("name", sorted(DTYPE_CASES))
def test_result_dtypes(name: str, dtype: str) -> None:
    function = DTYPE_CASES[name]
    data = (RNG.standard_normal((3, 4)) * 3).astype(dtype)
    if dtype == "complex64":
        data = data + 1j * data[::-1]
    outcomes = []
    for T in (torch, rungrad):
        try:
            out = function(T, T.tensor(data))
            outcomes.append((str(out.dtype).split(".")[1], tuple(out.shape), _numpy(out)))
        except RuntimeError as error:
            outcomes.append((type(error).__name__, str(error), None))
    assert outcomes[1][:2] == outcomes[0][:2]
    if outcomes[0][2] is not None:
        np.testing.assert_allclose(outcomes[1][2], outcomes[0][2], rtol=1e-5, atol=1e-5)


def test_default_dtype_float64_for_integers() -> None:
    for T in (torch, rungrad):
        previous = T.get_default_dtype()
        T.set_default_dtype(T.float64)
        try:
            assert str(T.fft.fft(T.arange(4)).dtype).endswith("complex128")
            assert str(T.fft.irfft(T.arange(4)).dtype).endswith("float64")
        finally:
            T.set_default_dtype(previous)


ERRORS = {
    "bad norm": lambda T: T.fft.fft(T.ones(4), norm="xyz"),
    "bad norm case": lambda T: T.fft.rfft(T.ones(4), norm="Ortho"),
    "n=0": lambda T: T.fft.fft(T.ones(4), n=0),
    "n=-1": lambda T: T.fft.ifft(T.ones(4), n=-1),
    "irfft one point": lambda T: T.fft.irfft(T.ones(1, dtype=T.complex64)),
    "irfft n=0": lambda T: T.fft.irfft(T.ones(3), n=0),
    "dim out of range": lambda T: T.fft.fft(T.ones(2, 3), dim=2),
    "negative dim out of range": lambda T: T.fft.rfft(T.ones(2, 3), dim=-3),
    "0-d": lambda T: T.fft.fft(T.tensor(1.0)),
    "fft2 of 1-d": lambda T: T.fft.fft2(T.ones(5)),
    "repeated dims": lambda T: T.fft.fftn(T.ones(2, 3), dim=(1, -1)),
    "dim and s lengths": lambda T: T.fft.fftn(T.ones(2, 3), s=(3, 4), dim=(0,)),
    "s too long": lambda T: T.fft.fftn(T.ones(2, 3), s=(3, 4, 5)),
    "s of 0": lambda T: T.fft.fftn(T.ones(2, 3), s=(0, 4)),
    "s of -2": lambda T: T.fft.rfftn(T.ones(2, 3), s=(-2, 4)),
    "rfftn no dims": lambda T: T.fft.rfftn(T.ones(2, 3), dim=()),
    "irfftn no dims": lambda T: T.fft.irfftn(T.ones(2, 3), dim=()),
    "empty": lambda T: T.fft.fft(T.ones(0)),
    "no elements": lambda T: T.fft.rfft(T.ones(0, 4)),
    "no elements complex": lambda T: T.fft.fft2(T.ones(2, 0, 3, dtype=T.complex64), dim=(0, 2)),
    "no elements irfft": lambda T: T.fft.irfft(T.ones(0, 4)),
    "norm not a string": lambda T: T.fft.fft(T.ones(4), norm=1),
    "bool n": lambda T: T.fft.fft(T.ones(4), n=True),
    "fftfreq float tensor n": lambda T: T.fft.fftfreq(T.tensor(4.0)),
    "out not complex": lambda T: T.fft.fft(T.ones(4), out=T.empty(0)),
    "out of fft2 not complex": lambda T: T.fft.ifft2(T.ones(2, 4), out=T.empty(0, dtype=T.int64)),
    "out of irfft complex": lambda T: T.fft.irfft(T.ones(4), out=T.empty(0, dtype=T.complex64)),
    "out of hfft2 complex": lambda T: T.fft.hfft2(T.ones(2, 4), out=T.empty(0, dtype=T.complex64)),
    "out of ihfftn real": lambda T: T.fft.ihfftn(T.ones(2, 4), out=T.empty(0)),
    "out of fft with grad": lambda T: T.fft.fft(
        T.ones(4, requires_grad=True), out=T.empty(0, dtype=T.complex64)
    ),
    "out of complex fft with grad": lambda T: T.fft.fft(
        T.ones(4, dtype=T.complex64, requires_grad=True), out=T.empty(0, dtype=T.complex64)
    ),
    "out of irfftn with grad": lambda T: T.fft.irfftn(
        T.ones(2, 4, requires_grad=True), out=T.empty(0)
    ),
    "out of ihfft2 with grad": lambda T: T.fft.ihfft2(
        T.ones(2, 4, requires_grad=True), out=T.empty(0, dtype=T.complex64)
    ),
    "half": lambda T: T.fft.fft(T.ones(4, dtype=T.float16)),
    "half rfft": lambda T: T.fft.rfft(T.ones(4, dtype=T.float16)),
    "rfft complex": lambda T: T.fft.rfft(T.ones(4, dtype=T.complex64)),
    "ihfft complex": lambda T: T.fft.ihfft(T.ones(4, dtype=T.complex128)),
    "rfft2 complex": lambda T: T.fft.rfft2(T.ones(2, 4, dtype=T.complex64)),
    "ihfft2 complex": lambda T: T.fft.ihfft2(T.ones(2, 4, dtype=T.complex64)),
    "list input": lambda T: T.fft.fft([1.0, 2.0]),
    "float n": lambda T: T.fft.fft(T.ones(4), n=4.0),
    "fftfreq float n": lambda T: T.fft.fftfreq(4.0),
    "fftfreq negative": lambda T: T.fft.fftfreq(-1),
    "fftfreq int dtype": lambda T: T.fft.fftfreq(4, dtype=T.int64),
    "fftshift 0-d": lambda T: T.fft.fftshift(T.tensor(3.0)),
    "fftshift dim": lambda T: T.fft.fftshift(T.ones(2, 3), dim=3),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_pytorch(name: str) -> None:
    raised = []
    for T in (torch, rungrad):
        with pytest.raises(Exception) as info:
            ERRORS[name](T)
        raised.append((type(info.value).__name__, str(info.value)))
    assert raised[1] == raised[0]


FREQUENCIES = {
    "fftfreq 5": lambda T: T.fft.fftfreq(5),
    "fftfreq 8 d": lambda T: T.fft.fftfreq(8, d=0.1),
    "fftfreq 0": lambda T: T.fft.fftfreq(0),
    "fftn no dims of no elements": lambda T: T.fft.fftn(T.ones(0, 4), dim=()),
    "fftshift of no elements": lambda T: T.fft.fftshift(T.ones(0, 4)),
    "fftfreq 1": lambda T: T.fft.fftfreq(1, 2.0),
    "fftfreq float64": lambda T: T.fft.fftfreq(7, 0.3, dtype=T.float64),
    "rfftfreq 8": lambda T: T.fft.rfftfreq(8, 0.1),
    "rfftfreq 9": lambda T: T.fft.rfftfreq(9, 1 / 44100),
    "rfftfreq requires_grad": lambda T: T.fft.rfftfreq(6, requires_grad=True),
    "rfftfreq 0": lambda T: T.fft.rfftfreq(0),
    "fftfreq d=0": lambda T: T.fft.fftfreq(3, d=0),
    "fftfreq tensor n": lambda T: T.fft.fftfreq(T.tensor(4)),
    "fftfreq out": lambda T: T.fft.fftfreq(4, out=T.empty(0, dtype=T.float64)),
}


@pytest.mark.parametrize("name", sorted(FREQUENCIES))
def test_frequencies_match_pytorch(name: str) -> None:
    expected = FREQUENCIES[name](torch)
    actual = FREQUENCIES[name](rungrad)
    assert actual.detach().numpy().tobytes() == expected.detach().numpy().tobytes()
    assert str(actual.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
    assert actual.requires_grad == expected.requires_grad


def test_saved_values_match_pytorch() -> None:
    seen = []
    for T in (torch, rungrad):
        x = T.randn(3, 4, requires_grad=True)
        z = T.randn(3, 4, dtype=T.complex64, requires_grad=True)
        r2c = T.fft.rfft(x, dim=0, norm="ortho").grad_fn
        c2c = T.fft.ifft(z, norm="forward").grad_fn
        c2r = T.fft.irfft2(z).grad_fn
        seen.append(
            (
                r2c._saved_dim,
                r2c._saved_normalization,
                r2c._saved_onesided,
                c2c._saved_dim,
                c2c._saved_normalization,
                c2c._saved_forward,
                c2r._saved_dim,
                c2r._saved_normalization,
            )
        )
    assert seen[1] == seen[0]


def test_out_argument() -> None:
    results = []
    for T in (torch, rungrad):
        out = T.empty(0, dtype=T.complex64)
        returned = T.fft.fft(T.arange(4.0), out=out)
        results.append((returned is out, _numpy(out).copy()))
    assert results[1][0] and results[0][0]
    np.testing.assert_allclose(results[1][1], results[0][1])


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    code = "import sys, rungrad; print('rungrad.fft' in sys.modules); rungrad.fft.fft"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert output.stdout.strip() == "False", output.stderr


ZERO_CASES = {
    "padded ramp": lambda T: T.fft.fft(T.linspace(-1, 1, 5), n=8),
    "symmetric signal": lambda T: T.fft.rfft(T.tensor([4.0, 1.0, 0.5, 0.25, 0.5, 1.0])),
    "odd signal": lambda T: T.fft.fft(T.tensor([0.0, 1.0, 0.5, 0.0, -0.5, -1.0])),
    "two dims": lambda T: T.fft.fft2(T.tensor([[1.0, 2.0, 1.0], [0.5, 0.0, 0.5]])),
    "inverse of a real spectrum": lambda T: T.fft.ifft(T.tensor([3.0, 1.0, 0.0, 1.0])),
    "irfft": lambda T: T.fft.irfft(T.tensor([2.0 + 0j, 1.0 - 1j, 0.5 + 0j]), n=4),
}


@pytest.mark.parametrize("name", sorted(ZERO_CASES))
def test_single_precision_zeros_are_zeros(name: str) -> None:
    """Parts that PyTorch's float32 kernels compute as zero are zero, not double-precision
    noise that float32 would print (NOTE [Single-precision transforms])."""
    expected = _numpy(ZERO_CASES[name](torch))
    actual = _numpy(ZERO_CASES[name](rungrad))
    for part in (np.real, np.imag):
        zeros = part(expected) == 0
        np.testing.assert_array_equal(part(actual)[zeros], 0)
    np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-6)
    assert str(ZERO_CASES[name](rungrad)).replace("-0.", "+0.").replace(" 0.", "+0.") == str(
        ZERO_CASES[name](torch)
    ).replace("-0.", "+0.").replace(" 0.", "+0.")


def test_function_names() -> None:
    for name in torch.fft.__all__:
        if name != "Tensor":
            assert getattr(rungrad.fft, name).__name__ == getattr(torch.fft, name).__name__
