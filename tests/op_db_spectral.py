"""op_db rows for the discrete Fourier transforms of rungrad.fft (see op_db.py).

Samples are real; complex inputs are built from two real tensors with ``complex`` and
complex outputs are read through ``view_as_real`` (of the resolved conjugate: PyTorch's
``ifft`` of a real tensor is a lazy conjugate, which its ``view_as_real`` refuses), so the
real-valued checks (values, gradients, double backward, gradcheck) run through the complex
transforms.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from op_db import _F32_LOOSE, OpInfo, S, _Maker, _op
from oracle import Sample


def _real_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((5,)), name="1d"),
        S(make((6,)), norm="ortho", name="even ortho"),
        S(make((3, 4), layout="transposed"), None, 0, name="2d transposed dim=0"),
        S(make((2, 3, 4), layout="strided"), 7, -2, "forward", name="3d strided n pads"),
        S(make((2, 6)), 3, name="n trims"),
        S(make((4, 1)), name="one point"),
    ]
    if dtype == "float32":
        result.append(S(make((4,), dtype="int64"), name="int64"))
    return result


def _complex_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    """(real part, imaginary part, n, dim, norm)."""
    make = _Maker(rng, dtype)
    return [
        S(make((5,)), make((5,)), name="1d"),
        S(make((4,)), make((4,)), norm="ortho", name="ortho"),
        S(make((3, 4), layout="transposed"), make((3, 4)), None, 0, name="2d dim=0"),
        S(make((2, 3, 4)), make((2, 3, 4)), 6, -2, "forward", name="3d n pads"),
        S(make((2, 6)), make((2, 6)), 3, name="n trims"),
    ]


def _nd_real_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), name="2d"),
        S(make((2, 3, 4), layout="strided"), (3, 5), norm="ortho", name="s"),
        S(make((4, 3), layout="transposed"), None, (1, 0), "forward", name="dims reversed"),
        S(make((2, 3, 2)), (-1, 2), (0, -1), name="s -1"),
    ]


def _nd_complex_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((3, 4)), make((3, 4)), name="2d"),
        S(make((2, 3, 4)), make((2, 3, 4)), (3, 5), norm="ortho", name="s"),
        S(make((4, 3)), make((4, 3)), None, (1, 0), "forward", name="dims reversed"),
        S(make((2, 3, 2)), make((2, 3, 2)), (-1, 2), (0, -1), name="s -1"),
    ]


def _errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((4,)), norm="xyz", name="bad norm"),
        S(make((4,)), 0, name="n=0"),
        S(make((2, 3)), None, 2, name="dim out of range"),
        S(make(()), name="0-d"),
    ]


def _fft_real(T: Any, x: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.fft(x, n, dim, norm).resolve_conj())


def _ifft_real(T: Any, x: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.ifft(x, n, dim, norm).resolve_conj())


def _rfft(T: Any, x: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.rfft(x, n, dim, norm).resolve_conj())


def _ihfft(T: Any, x: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.ihfft(x, n, dim, norm).resolve_conj())


def _fft_complex(T: Any, a: Any, b: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.fft(T.complex(a, b), n, dim, norm).resolve_conj())


def _ifft_complex(T: Any, a: Any, b: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.ifft(T.complex(a, b), n, dim, norm).resolve_conj())


def _irfft(T: Any, a: Any, b: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.fft.irfft(T.complex(a, b), n, dim, norm)


def _hfft(T: Any, a: Any, b: Any, n: Any = None, dim: int = -1, norm: Any = None) -> Any:
    return T.fft.hfft(T.complex(a, b), n, dim, norm)


def _fftn_real(T: Any, x: Any, s: Any = None, dim: Any = None, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.fftn(x, s, dim, norm).resolve_conj())


def _rfftn(T: Any, x: Any, s: Any = None, dim: Any = None, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.rfftn(x, s, dim, norm).resolve_conj())


def _ihfftn(T: Any, x: Any, s: Any = None, dim: Any = None, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.ihfftn(x, s, dim, norm).resolve_conj())


def _ifftn_complex(T: Any, a: Any, b: Any, s: Any = None, dim: Any = None, norm: Any = None) -> Any:
    return T.view_as_real(T.fft.ifftn(T.complex(a, b), s, dim, norm).resolve_conj())


def _irfftn(T: Any, a: Any, b: Any, s: Any = None, dim: Any = None, norm: Any = None) -> Any:
    return T.fft.irfftn(T.complex(a, b), s, dim, norm)


def _hfftn(T: Any, a: Any, b: Any, s: Any = None, dim: Any = None, norm: Any = None) -> Any:
    return T.fft.hfftn(T.complex(a, b), s, dim, norm)


_ROWS = [
    ("fft.fft of a real tensor", _fft_real, _real_samples, ("spectral._fft_r2c",)),
    ("fft.ifft of a real tensor", _ifft_real, _real_samples, ()),
    ("fft.rfft", _rfft, _real_samples, ("spectral._fft_r2c",)),
    ("fft.ihfft", _ihfft, _real_samples, ()),
    ("fft.fft of a complex tensor", _fft_complex, _complex_samples, ("spectral._fft_c2c",)),
    ("fft.ifft of a complex tensor", _ifft_complex, _complex_samples, ("spectral._fft_c2c",)),
    ("fft.irfft", _irfft, _complex_samples, ("spectral._fft_c2r",)),
    ("fft.hfft", _hfft, _complex_samples, ("spectral._fft_c2r",)),
    ("fft.fftn of a real tensor", _fftn_real, _nd_real_samples, ("spectral._fft_c2c",)),
    ("fft.rfftn", _rfftn, _nd_real_samples, ("spectral._fft_r2c",)),
    ("fft.ihfftn", _ihfftn, _nd_real_samples, ()),
    ("fft.ifftn of a complex tensor", _ifftn_complex, _nd_complex_samples, ()),
    ("fft.irfftn", _irfftn, _nd_complex_samples, ("spectral._fft_c2r",)),
    ("fft.hfftn", _hfftn, _nd_complex_samples, ()),
]

SPECTRAL_OPS: list[OpInfo] = [
    _op(
        name,
        function,
        samples,
        *covers,
        tolerance=_F32_LOOSE,
        errors=_errors if name == "fft.fft of a real tensor" else None,
    )
    for name, function, samples, covers in _ROWS
]
