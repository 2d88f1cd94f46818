"""Random numbers: ``Generator``, ``manual_seed``, ``rand``, ``randn``, ``randint``, ``randperm``.

Built on NumPy's PCG64 generator: runs are repeatable after ``manual_seed`` (the numbers
are not PyTorch's own).
"""

from __future__ import annotations

import math
import struct
from typing import Any

import numpy as np

from . import _dtype
from ._creation import _leaf, _size_args
from ._dtype import dtype as DType
from ._tensor import Tensor, _check_device

__all__ = [
    "Generator",
    "default_generator",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "normal",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "seed",
    "set_rng_state",
]


class Generator:
    """A source of random numbers; ``manual_seed(s)`` makes it repeatable."""

    __module__ = "rungrad._C"  # printed <rungrad._C.Generator ...>, as PyTorch's torch._C

    def __init__(self, device: Any = "cpu") -> None:
        _check_device(device)
        self._seed = 67280421310721  # PyTorch's default seed
        self._rng = np.random.Generator(np.random.PCG64(self._seed))

    def manual_seed(self, seed: int) -> Generator:
        self._seed = int(seed)
        self._rng = np.random.Generator(np.random.PCG64(self._seed & ((1 << 64) - 1)))
        return self

    def initial_seed(self) -> int:
        return self._seed

    def seed(self) -> int:
        self.manual_seed(int(np.random.SeedSequence().entropy) & ((1 << 63) - 1))
        return self._seed

    def get_state(self) -> Tensor:
        """The generator's state as a ``uint8`` tensor (PyTorch's ByteTensor), for
        ``set_state``: PCG64's state and increment, its buffered half-draw and the seed."""
        pcg = self._rng.bit_generator.state
        packed = _STATE_LAYOUT.pack(
            *divmod(pcg["state"]["state"], 1 << 64),
            *divmod(pcg["state"]["inc"], 1 << 64),
            pcg["has_uint32"],
            pcg["uinteger"],
            self._seed & ((1 << 64) - 1),
        )
        return Tensor._from_array(np.frombuffer(packed, dtype=np.uint8).copy())

    def set_state(self, new_state: Tensor) -> Generator:
        """Restore a state that ``get_state`` returned; returns the generator."""
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        data = new_state._data
        if data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        if data.size != _STATE_LAYOUT.size:
            raise RuntimeError(
                f"Expected a CPUGeneratorImplState of size {_STATE_LAYOUT.size} but found the "
                f"input RNG state size to be {data.size}"
            )
        high, low, inc_high, inc_low, has_uint32, uinteger, seed = _STATE_LAYOUT.unpack(
            np.ascontiguousarray(data).tobytes()
        )
        bit_generator = np.random.PCG64()
        bit_generator.state = {
            "bit_generator": "PCG64",
            "state": {"state": high << 64 | low, "inc": inc_high << 64 | inc_low},
            "has_uint32": has_uint32,
            "uinteger": uinteger,
        }
        self._rng = np.random.Generator(bit_generator)
        self._seed = seed
        return self

    @property
    def device(self) -> Any:
        from ._tensor import CPU

        return CPU


# get_state's bytes: PCG64's 128-bit state and increment (high, low words), whether half of
# a 64-bit draw is buffered and that half, and the seed; zero padding to the 5056 bytes of
# PyTorch's CPU generator state, so states have PyTorch's size (and its size message).
_STATE_LAYOUT = struct.Struct("<QQQQIIQ5008x")

default_generator = Generator()


def get_rng_state() -> Tensor:
    """The default generator's state as a ``uint8`` tensor."""
    return default_generator.get_state()


def set_rng_state(new_state: Tensor) -> None:
    """Restore the default generator's state from ``get_rng_state()``."""
    default_generator.set_state(new_state)


def manual_seed(seed: int) -> Generator:
    """Seed the default generator; returns it."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def _rng(generator: Generator | None) -> np.random.Generator:
    return (generator or default_generator)._rng


def _float_dtype(dtype: DType | None, complex_too: bool = False) -> DType:
    dtype = dtype or _dtype.get_default_dtype()
    if complex_too and dtype.category == _dtype.COMPLEX:
        return dtype
    if dtype.category != _dtype.FLOATING:
        raise RuntimeError(f"\"check_uniform_bounds\" not implemented for '{dtype.legacy_name}'")
    return dtype


def rand(*size: Any, generator: Generator | None = None, out: Any = None,
         dtype: DType | None = None, layout: Any = None, device: Any = None,
         requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """Uniform samples on ``[0, 1)``."""
    dtype = _float_dtype(dtype, complex_too=True)
    shape = _size_args(size, "rand")
    if dtype.category == _dtype.COMPLEX:  # real and imaginary parts each uniform on [0, 1)
        return _leaf(_complex_of(_rng(generator).random((*shape, 2)), dtype.numpy), requires_grad)
    array = _rng(generator).random(shape, dtype=np.float64).astype(dtype.numpy)
    return _leaf(array, requires_grad)


def _complex_of(pairs: np.ndarray, numpy_dtype: np.dtype) -> np.ndarray:
    """Complex numbers from (..., 2) pairs of real and imaginary parts."""
    return (pairs[..., 0] + 1j * pairs[..., 1]).astype(numpy_dtype)


def randn(*size: Any, generator: Generator | None = None, out: Any = None,
          dtype: DType | None = None, layout: Any = None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """Standard normal samples."""
    dtype = _float_dtype(dtype, complex_too=True)
    shape = _size_args(size, "randn")
    if dtype.category == _dtype.COMPLEX:  # as PyTorch: variance 1 in all, 1/2 per part
        pairs = _rng(generator).standard_normal((*shape, 2)) * math.sqrt(0.5)
        return _leaf(_complex_of(pairs, dtype.numpy), requires_grad)
    array = _rng(generator).standard_normal(shape).astype(dtype.numpy)
    return _leaf(array, requires_grad)


def randint(low: int, high: Any = None, size: Any = None, *,
            generator: Generator | None = None, dtype: DType | None = None,
            device: Any = None, requires_grad: bool = False, **kwargs: Any) -> Tensor:  # fmt: skip
    """randint(low=0, high, size) -> integers in ``[low, high)`` (int64 by default)."""
    if size is None:
        low, high, size = 0, low, high
    elif high is None:
        raise TypeError("randint() missing required argument 'size'")
    dtype = dtype or _dtype.int64
    array = _rng(generator).integers(int(low), int(high), size=tuple(size)).astype(dtype.numpy)
    return _leaf(array, requires_grad)


def randperm(n: int, *, generator: Generator | None = None, dtype: DType | None = None,
             device: Any = None, requires_grad: bool = False, **kwargs: Any) -> Tensor:  # fmt: skip
    """A random permutation of ``0 .. n-1``."""
    dtype = dtype or _dtype.int64
    return _leaf(_rng(generator).permutation(int(n)).astype(dtype.numpy), requires_grad)


def rand_like(input: Tensor, *, dtype: DType | None = None, **kwargs: Any) -> Tensor:
    return rand(input.shape, dtype=dtype or input.dtype, **kwargs)


def randn_like(input: Tensor, *, dtype: DType | None = None, **kwargs: Any) -> Tensor:
    return randn(input.shape, dtype=dtype or input.dtype, **kwargs)


def randint_like(input: Tensor, low: int, high: Any = None, *, dtype: DType | None = None,
                 **kwargs: Any) -> Tensor:  # fmt: skip
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype, **kwargs)


def normal(mean: Any = 0.0, std: Any = 1.0, size: Any = None, *,
           generator: Generator | None = None, **kwargs: Any) -> Tensor:  # fmt: skip
    """Normal samples with the given mean and std (tensors broadcast, or a ``size``)."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        mean_array = mean._data if isinstance(mean, Tensor) else mean
        std_array = std._data if isinstance(std, Tensor) else std
        shape = np.broadcast_shapes(np.shape(mean_array), np.shape(std_array))
        sample = mean_array + std_array * _rng(generator).standard_normal(shape)
        like = mean if isinstance(mean, Tensor) else std
        return _leaf(np.asarray(sample).astype(like._data.dtype), False)
    dtype = kwargs.get("dtype") or _dtype.get_default_dtype()
    sample = mean + std * _rng(generator).standard_normal(_size_args((size,), "normal"))
    return _leaf(sample.astype(dtype.numpy), kwargs.get("requires_grad", False))
