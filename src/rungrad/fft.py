"""``rungrad.fft``: PyTorch's ``torch.fft`` discrete Fourier transforms, computed by NumPy.

Each function pads or trims its input to the requested sizes, takes the conjugates PyTorch
takes, and calls one of the three transforms of ``rungrad._ops.spectral`` (``_fft_r2c``,
``_fft_c2c``, ``_fft_c2r``), so graphs and gradients are PyTorch's: ``fft`` of a real tensor
records ``FftR2CBackward0``, of a complex one ``FftC2CBackward0``, ``irfft``
``FftC2RBackward0``. Integer inputs compute in the default float dtype; a float32 input gives
complex64, float64 complex128.

``norm`` is ``"backward"`` (the default: no scale forward, ``1/n`` inverse), ``"ortho"``
(``1/sqrt(n)`` both ways) or ``"forward"`` (``1/n`` forward, none inverse).

Example::

    >>> import rungrad as torch
    >>> torch.fft.fft(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    tensor([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j])
    >>> torch.fft.irfft(torch.fft.rfft(torch.tensor([1.0, 2.0, 3.0, 4.0])))
    tensor([1., 2., 3., 4.])
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._method_functions import require_tensor
from ._ops import roll
from ._ops._checks import wrap_dim
from ._ops.padding import _constant_pad
from ._ops.sequences import conj, conj_physical
from ._ops.shape import narrow
from ._ops.spectral import _fft_c2c, _fft_c2r, _fft_r2c, complex_dtype_of
from ._out import accepts_out, write_out
from ._tensor import Tensor

__all__ = [
    "fft",
    "fft2",
    "fftfreq",
    "fftn",
    "fftshift",
    "hfft",
    "hfft2",
    "hfftn",
    "ifft",
    "ifft2",
    "ifftn",
    "ifftshift",
    "ihfft",
    "ihfft2",
    "ihfftn",
    "irfft",
    "irfft2",
    "irfftn",
    "rfft",
    "rfft2",
    "rfftfreq",
    "rfftn",
]

Dims = tuple[int, ...]


# -- arguments -------------------------------------------------------------------------------
def _norm_code(function: str, norm: str | None, forward: bool) -> int:
    """PyTorch's normalization code (0 none, 1 by sqrt(n), 2 by n) for a transform in the
    direction ``forward``."""
    if norm is not None and not isinstance(norm, str):
        raise TypeError(f"{function}(): argument 'norm' must be str, not {_type_name(norm)}")
    if norm is None or norm == "backward":
        return 0 if forward else 2
    if norm == "ortho":
        return 1
    if norm == "forward":
        return 2 if forward else 0
    raise RuntimeError(f'Invalid normalization mode: "{norm}"')


def _type_name(value: Any) -> str:
    return type(value).__name__


def _check_int(function: str, name: str, value: Any) -> None:
    if value is not None and (not isinstance(value, (int, np.integer)) or isinstance(value, bool)):
        raise TypeError(f"{function}(): argument '{name}' must be int, not {_type_name(value)}")


def _floating(input: Tensor) -> Tensor:
    """``input`` in a dtype the transforms take: integers and bools in the default float
    dtype; half precision is refused, as PyTorch's CPU transforms refuse it."""
    kind = input._data.dtype
    if kind == np.float16 or kind.kind == "V":  # V: bfloat16
        raise RuntimeError(f"Unsupported dtype {input.dtype.legacy_name}")
    if kind.kind in "biu":
        return input.to(_dtype.get_default_dtype())
    return input


def _complex(input: Tensor) -> Tensor:
    """``input`` as a complex tensor (a real one copied, ``ToCopyBackward0``)."""
    input = _floating(input)
    data = input._data
    if data.dtype.kind == "c":
        return input
    return input.to(_dtype.from_numpy_dtype(complex_dtype_of(data.dtype)))


def _is_complex(input: Tensor) -> bool:
    return input._data.dtype.kind == "c"


def _legacy_name(input: Tensor) -> str:
    return _dtype.from_numpy_dtype(input._data.dtype).legacy_name


def _check_points(size: int) -> None:
    if size < 1:
        raise RuntimeError(f"Invalid number of data points ({size}) specified")


def _resize(input: Tensor, dims: Dims, sizes: Sequence[int]) -> Tensor:
    """``input`` trimmed (a slice per dim) or zero-padded (one pad) to ``sizes`` along
    ``dims``, as PyTorch resizes a transform's input."""
    for dim, size in zip(dims, sizes):
        if input.shape[dim] > size:
            input = narrow(input, dim, 0, size)
    widths = [0] * (2 * input.dim())
    for dim, size in zip(dims, sizes):
        if input.shape[dim] < size:
            widths[2 * (input.dim() - 1 - dim) + 1] = size - input.shape[dim]
    if any(widths):
        last = max(i for i, width in enumerate(widths) if width) + 1
        input = _constant_pad(input, tuple(widths[:last]), 0)
    return input


def _one_dim(function: str, input: Tensor, n: Any, dim: int) -> tuple[int, int]:
    """(the wrapped dim, the number of points) of a one-dimensional transform."""
    require_tensor(function, input)
    _check_int(function, "n", n)
    _check_int(function, "dim", dim)
    if input.dim() == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    dim = int(wrap_dim(dim, input.dim()))
    size = input.shape[dim] if n is None else int(n)
    return dim, size


def _shape_and_dims(input: Tensor, s: Any, dim: Any) -> tuple[list[int], Dims]:
    """PyTorch's reading of an n-dimensional transform's ``s`` and ``dim``: the sizes (``-1``
    keeps a dim's size) and the wrapped dims (all, or the last ``len(s)``, by default)."""
    ndim = input.dim()
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    if isinstance(s, (int, np.integer)):
        s = (s,)
    if dim is not None:
        dims = tuple(int(wrap_dim(int(d), ndim)) for d in dim)
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    elif s is not None:
        if len(s) > ndim:
            raise RuntimeError(
                f"Got shape with {len(s)} values but input tensor only has {ndim} dimensions."
            )
        dims = tuple(range(ndim - len(s), ndim))
    else:
        dims = tuple(range(ndim))
    if s is None:
        sizes = [input.shape[d] for d in dims]
    else:
        sizes = [input.shape[d] if int(size) == -1 else int(size) for d, size in zip(dims, s)]
    for size in sizes:
        _check_points(size)
    return sizes, dims


# -- one-dimensional transforms ----------------------------------------------------------------
def _fft(name: str, input: Tensor, n: Any, dim: int, norm: str | None, forward: bool) -> Tensor:
    dim, size = _one_dim(name, input, n, dim)
    _check_points(size)
    code = _norm_code(name, norm, forward)
    input = _floating(input)
    if _is_complex(input):
        return _fft_c2c(_resize(input, (dim,), (size,)), (dim,), code, forward)
    result = _fft_r2c(_resize(input, (dim,), (size,)), (dim,), code, False)
    return result if forward else conj(result)


def fft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """fft(input, n=None, dim=-1, norm=None) -> the one-dimensional discrete Fourier transform
    of ``input`` along ``dim``, zero-padded or trimmed to ``n`` points"""
    return _fft("fft_fft", input, n, dim, norm, True)


def ifft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """ifft(input, n=None, dim=-1, norm=None) -> the one-dimensional inverse discrete Fourier
    transform of ``input`` along ``dim``"""
    return _fft("fft_ifft", input, n, dim, norm, False)


def rfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """rfft(input, n=None, dim=-1, norm=None) -> the Fourier transform of a real ``input``,
    its ``n // 2 + 1`` non-negative frequencies only"""
    dim, size = _one_dim("fft_rfft", input, n, dim)
    input = _floating(input)
    if _is_complex(input):
        raise RuntimeError(f"rfft expects a real input tensor, but got {_legacy_name(input)}")
    _check_points(size)
    code = _norm_code("fft_rfft", norm, True)
    return _fft_r2c(_resize(input, (dim,), (size,)), (dim,), code, True)


def ihfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """ihfft(input, n=None, dim=-1, norm=None) -> the inverse of ``hfft``: the one-sided
    inverse Fourier transform of a real ``input``"""
    dim, size = _one_dim("fft_ihfft", input, n, dim)
    input = _floating(input)
    if _is_complex(input):
        raise RuntimeError(f"ihfft expects a real input tensor, but got {_legacy_name(input)}")
    _check_points(size)
    code = _norm_code("fft_ihfft", norm, False)
    return conj(_fft_r2c(_resize(input, (dim,), (size,)), (dim,), code, True))


def _c2r(name: str, input: Tensor, n: Any, dim: int, norm: str | None, forward: bool) -> Tensor:
    """irfft (``forward`` False) and hfft (True): a real signal from its one-sided spectrum."""
    dim, _ = _one_dim(name, input, n, dim)
    size = 2 * (input.shape[dim] - 1) if n is None else int(n)
    _check_points(size)
    code = _norm_code(name, norm, forward)
    input = _resize(_complex(input), (dim,), (size // 2 + 1,))
    if forward:
        input = conj(input)
    return _fft_c2r(input, (dim,), code, size)


def irfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """irfft(input, n=None, dim=-1, norm=None) -> the real signal of ``n`` points (default
    ``2 * (input.size(dim) - 1)``) whose ``rfft`` is ``input``"""
    return _c2r("fft_irfft", input, n, dim, norm, False)


def hfft(input: Tensor, n: int | None = None, dim: int = -1, norm: str | None = None) -> Tensor:
    """hfft(input, n=None, dim=-1, norm=None) -> the real Fourier transform of a signal with
    Hermitian symmetry, given by its one-sided half ``input``"""
    return _c2r("fft_hfft", input, n, dim, norm, True)


# -- n-dimensional transforms --------------------------------------------------------------------
def _fftn(name: str, input: Tensor, s: Any, dim: Any, norm: str | None, forward: bool) -> Tensor:
    require_tensor(name, input)
    sizes, dims = _shape_and_dims(input, s, dim)
    code = _norm_code(name, norm, forward)
    input = _resize(_complex(input), dims, sizes)
    return _fft_c2c(input, dims, code, forward)


def fftn(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None
) -> Tensor:
    """fftn(input, s=None, dim=None, norm=None) -> the n-dimensional discrete Fourier transform
    over ``dim`` (all dims, or the last ``len(s)``), each padded or trimmed to ``s``"""
    return _fftn("fft_fftn", input, s, dim, norm, True)


def ifftn(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None
) -> Tensor:
    """ifftn(input, s=None, dim=None, norm=None) -> the n-dimensional inverse discrete Fourier
    transform"""
    return _fftn("fft_ifftn", input, s, dim, norm, False)


def fft2(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None
) -> Tensor:
    """fft2(input, s=None, dim=(-2, -1), norm=None) -> the two-dimensional discrete Fourier
    transform"""
    return _fftn("fft_fft2", input, s, dim, norm, True)


def ifft2(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None
) -> Tensor:
    """ifft2(input, s=None, dim=(-2, -1), norm=None) -> the two-dimensional inverse discrete
    Fourier transform"""
    return _fftn("fft_ifft2", input, s, dim, norm, False)


def _rfftn(name: str, input: Tensor, s: Any, dim: Any, norm: str | None) -> Tensor:
    require_tensor(name, input)
    sizes, dims = _shape_and_dims(input, s, dim)
    if not dims:
        raise RuntimeError("rfftn must transform at least one axis")
    input = _floating(input)
    if _is_complex(input):
        raise RuntimeError(
            f"rfftn expects a real-valued input tensor, but got {_legacy_name(input)}"
        )
    code = _norm_code(name, norm, True)
    return _fft_r2c(_resize(input, dims, sizes), dims, code, True)


def rfftn(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None
) -> Tensor:
    """rfftn(input, s=None, dim=None, norm=None) -> the n-dimensional Fourier transform of a
    real ``input``, the last transformed dim one-sided"""
    return _rfftn("fft_rfftn", input, s, dim, norm)


def rfft2(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None
) -> Tensor:
    """rfft2(input, s=None, dim=(-2, -1), norm=None) -> the two-dimensional Fourier transform
    of a real ``input``, the last dim one-sided"""
    return _rfftn("fft_rfft2", input, s, dim, norm)


def _c2rn(name: str, input: Tensor, s: Any, dim: Any, norm: str | None, forward: bool) -> Tensor:
    """irfftn (``forward`` False) and hfftn (True) over several dims."""
    require_tensor(name, input)
    shape = None if s is None else _as_list(s)
    if shape is None:
        sizes, dims = _shape_and_dims(input, None, dim)
    else:  # the last size is the output's: read the others as fftn's
        sizes, dims = _shape_and_dims(input, [*shape[:-1], -1], dim)
    if not dims:
        raise RuntimeError(f"{name[4:-1]}n must transform at least one axis")
    last = dims[-1]
    given = shape is not None and int(shape[-1]) != -1
    last_size = int(shape[-1]) if given else 2 * (input.shape[last] - 1)
    _check_points(last_size)
    code = _norm_code(name, norm, forward)
    sizes[-1] = last_size // 2 + 1
    input = _resize(_complex(input), dims, sizes)
    if not forward:
        return _fft_c2r(input, dims, code, last_size)
    if len(dims) > 1:
        input = _fft_c2c(input, dims[:-1], code, True)
    return _fft_c2r(conj(input), (last,), code, last_size)


def _as_list(s: Any) -> list[Any]:
    return [s] if isinstance(s, (int, np.integer)) else list(s)


def irfftn(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None
) -> Tensor:
    """irfftn(input, s=None, dim=None, norm=None) -> the inverse of ``rfftn``: a real signal
    from its spectrum, one-sided over the last transformed dim"""
    return _c2rn("fft_irfftn", input, s, dim, norm, False)


def irfft2(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None
) -> Tensor:
    """irfft2(input, s=None, dim=(-2, -1), norm=None) -> the inverse of ``rfft2``"""
    return _c2rn("fft_irfft2", input, s, dim, norm, False)


def hfftn(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None
) -> Tensor:
    """hfftn(input, s=None, dim=None, norm=None) -> the n-dimensional Fourier transform of a
    Hermitian-symmetric signal given by its one-sided half (a real result)"""
    return _c2rn("fft_hfftn", input, s, dim, norm, True)


def hfft2(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None
) -> Tensor:
    """hfft2(input, s=None, dim=(-2, -1), norm=None) -> the two-dimensional ``hfftn``"""
    return _c2rn("fft_hfft2", input, s, dim, norm, True)


def _ihfftn(name: str, input: Tensor, s: Any, dim: Any, norm: str | None) -> Tensor:
    require_tensor(name, input)
    sizes, dims = _shape_and_dims(input, s, dim)
    if not dims:
        raise RuntimeError("ihfftn must transform at least one axis")
    input = _floating(input)
    if _is_complex(input):
        raise RuntimeError(f"Only supports floating-point dtypes, but found: {_legacy_name(input)}")
    code = _norm_code(name, norm, False)
    result = _fft_r2c(_resize(input, dims, sizes), dims[-1:], code, True)
    if len(dims) == 1:
        return conj(result)
    return _fft_c2c(conj_physical(result), dims[:-1], code, False)


def ihfftn(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None
) -> Tensor:
    """ihfftn(input, s=None, dim=None, norm=None) -> the inverse of ``hfftn``: the one-sided
    n-dimensional inverse Fourier transform of a real ``input``"""
    return _ihfftn("fft_ihfftn", input, s, dim, norm)


def ihfft2(
    input: Tensor, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None
) -> Tensor:
    """ihfft2(input, s=None, dim=(-2, -1), norm=None) -> the two-dimensional ``ihfftn``"""
    return _ihfftn("fft_ihfft2", input, s, dim, norm)


# -- frequencies and shifts ----------------------------------------------------------------------
def _frequencies(name: str, n: Any, d: Any, dtype: Any, requires_grad: bool) -> Tensor:
    given = n
    try:  # an int, or what reads as one (a 0-d integer tensor), as PyTorch's parser takes
        n = operator.index(n) if not isinstance(n, (bool, float)) else None
    except TypeError:
        n = None
    if n is None:
        raise TypeError(f"{name}(): argument 'n' (position 1) must be int, not {_type_name(given)}")
    kind = _dtype.get_default_dtype() if dtype is None else dtype
    if kind.numpy.kind not in "fcV":
        raise RuntimeError(f"{name[4:]} requires a floating point or complex dtype")
    if int(n) < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    count = n if name == "fft_fftfreq" else n // 2 + 1
    steps = np.arange(count, dtype=kind.numpy)
    if name == "fft_fftfreq":
        steps[(int(n) + 1) // 2 :] -= int(n)
    # PyTorch multiplies by the scale as a number of the result's dtype.
    spacing = int(n) * float(d)
    scale = 1.0 / spacing if spacing else float("inf")  # 0 / 0 is nan, as in PyTorch
    with np.errstate(invalid="ignore"):
        data = steps * np.asarray(scale, dtype=kind.numpy)
    result = Tensor._from_array(data)
    return result.requires_grad_() if requires_grad else result


def fftfreq(
    n: int,
    d: float = 1.0,
    *,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """fftfreq(n, d=1.0, *, dtype=None, requires_grad=False) -> the sample frequencies of an
    ``n``-point transform with sample spacing ``d``: ``[0, 1, ..., -2, -1] / (d * n)``"""
    return _frequencies("fft_fftfreq", n, d, dtype, requires_grad)


def rfftfreq(
    n: int,
    d: float = 1.0,
    *,
    dtype: Any = None,
    layout: Any = None,
    device: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """rfftfreq(n, d=1.0, *, dtype=None, requires_grad=False) -> the non-negative sample
    frequencies of an ``n``-point ``rfft``: ``[0, 1, ..., n // 2] / (d * n)``"""
    return _frequencies("fft_rfftfreq", n, d, dtype, requires_grad)


def _shift(input: Tensor, dim: Any, inverse: bool) -> Tensor:
    if dim is None:
        dims = tuple(range(input.dim()))
    elif isinstance(dim, (int, np.integer)):
        dims = (int(dim),)
    else:
        dims = tuple(int(d) for d in dim)
    ndim = input.dim()
    sizes = [input.shape[wrap_dim(d, ndim)] for d in dims]
    shifts = tuple((size + 1) // 2 if inverse else size // 2 for size in sizes)
    return roll(input, shifts, dims)


def fftshift(input: Tensor, dim: Any = None) -> Tensor:
    """fftshift(input, dim=None) -> ``input`` rolled so the zero frequency of an ``fftn``
    spectrum is at the centre of ``dim`` (all dims by default)"""
    require_tensor("fft_fftshift", input)
    return _shift(input, dim, inverse=False)


def ifftshift(input: Tensor, dim: Any = None) -> Tensor:
    """ifftshift(input, dim=None) -> the inverse of ``fftshift``"""
    require_tensor("fft_ifftshift", input)
    return _shift(input, dim, inverse=True)


# PyTorch's functions take ``out=``. A transform first checks the kind of ``out`` under the
# name of its public kernel (``fft2`` is ``fftn``'s), and refuses a result that needs a
# gradient under the name of the transform it runs (``_fft_r2c`` for ``fft`` of a real
# tensor, ``_fft_c2c`` of a complex one).
_OUT_KINDS = {
    "fft": ("fft", True, "r2c", "c2c"), "ifft": ("ifft", True, "r2c", "c2c"),
    "rfft": ("rfft", True, "r2c", "r2c"), "ihfft": ("ihfft", True, "r2c", "r2c"),
    "irfft": ("irfft", False, "c2r", "c2r"), "hfft": ("hfft", False, "c2r", "c2r"),
    "fft2": ("fftn", True, "c2c", "c2c"), "fftn": ("fftn", True, "c2c", "c2c"),
    "ifft2": ("fftn", True, "c2c", "c2c"), "ifftn": ("fftn", True, "c2c", "c2c"),
    "rfft2": ("rfftn", True, "r2c", "r2c"), "rfftn": ("rfftn", True, "r2c", "r2c"),
    "ihfft2": ("ihfftn", True, "c2c", "c2c"), "ihfftn": ("ihfftn", True, "c2c", "c2c"),
    "irfft2": ("irfftn", False, "c2r", "c2r"), "irfftn": ("irfftn", False, "c2r", "c2r"),
    "hfft2": ("hfftn", False, "c2r", "c2r"), "hfftn": ("hfftn", False, "c2r", "c2r"),
}  # fmt: skip


def _with_out(
    function: Callable[..., Tensor], kernel: str, complex_out: bool, of_real: str, of_complex: str
) -> Any:
    @functools.wraps(function)
    def with_out(*args: Any, out: Any = None, **kwargs: Any) -> Any:
        if out is None:
            return function(*args, **kwargs)
        if isinstance(out, Tensor) and (out._data.dtype.kind == "c") != complex_out:
            wanted = "complex" if complex_out else "floating point"
            raise RuntimeError(
                f"{kernel} expects a {wanted} output tensor, but got {_legacy_name(out)}"
            )
        input = args[0] if args else kwargs.get("input")
        transform = of_complex if isinstance(input, Tensor) and _is_complex(input) else of_real
        return write_out(f"_fft_{transform}", function(*args, **kwargs), out)

    return with_out


for _name in __all__:
    if _name in _OUT_KINDS:
        globals()[_name] = _with_out(globals()[_name], *_OUT_KINDS[_name])
    elif _name not in ("fftshift", "ifftshift"):
        globals()[_name] = accepts_out(globals()[_name], f"fft_{_name}")
    # PyTorch's functions here are its builtins ``fft_fft``, ``fft_rfft``...
    globals()[_name].__name__ = globals()[_name].__qualname__ = f"fft_{_name}"
del _name
