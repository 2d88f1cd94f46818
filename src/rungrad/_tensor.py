"""class Tensor: an ndarray plus what autograd needs to know about it.

The data lives in ``_data`` (a NumPy array). Autograd state: ``_requires_grad`` (true for any
tensor that requires grad, leaf or not), ``_grad``, ``_grad_fn`` with ``_output_nr`` (the
node that made it and which of its outputs it is), the version counter shared with views,
``_base`` for views. Methods are thin delegations to the ops in ``rungrad._ops``; the
autograd semantics of ``.grad``, ``requires_grad`` and ``backward`` live here.
"""

from __future__ import annotations

import builtins
import collections
import numbers
import re
import warnings
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._dtype import dtype as DType
from ._size import Size, _size
from ._tensor_names import c_type_name, legacy_type_name
from .storage import TypedStorage, UntypedStorage

# The default of a ``dim`` PyTorch requires, told apart from an explicit None.
NO_DIM: Any = object()
_MISSING: Any = object()  # an argument left out (for PyTorch's "missing" TypeError)

__all__ = ["INFERENCE_COUNTER", "INFERENCE_NOT_SAVED", "Tensor", "VersionCounter"]

_NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered "
    "internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)"
)  # PyTorch's whole text: it is raised from C++, which names where


class ViewWithoutGradMode:
    """The ``_accumulator`` of a view made under no_grad or inference_mode of a tensor that
    requires grad (NOTE [Views made without grad mode]). Called like the weak reference it
    stands in for, it gives None."""

    __slots__ = ("mode", "version")

    def __init__(self, mode: str, version: int | None = None) -> None:
        self.mode = mode
        self.version = version  # the view's version when made (None: not tracked)

    def __call__(self) -> None:
        return None

    def check_unchanged(self, view: Tensor) -> None:
        """PyTorch's error for a view made under no_grad / inference_mode whose data changed
        in place since: whether the change should be in its history is ambiguous."""
        if self.changed(view):
            raise RuntimeError(_STALE_VIEW_MESSAGES[self.mode])

    def changed(self, view: Tensor) -> bool:
        """Whether the view's data changed in place since it was made (when tracked)."""
        counter = view._version_counter
        return self.version is not None and counter is not None and counter.value != self.version


_STALE_VIEW_MESSAGES = {
    "no_grad": "A view was created in no_grad mode and its base or another view of its base "
    "has been modified inplace with grad mode enabled. Given that this use case is ambiguous "
    "and error-prone, it is forbidden. You can clarify your code by moving both the view and "
    "the inplace either both inside the no_grad block (if you don't want the inplace to be "
    "tracked) or both outside (if you want the inplace to be tracked).",
    "inference": "A view was created in inference mode and its base or another view of its "
    "base has been modified inplace in normal mode. Given that this use case is ambiguous and "
    "error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the inference_mode block (if you don't want the inplace to be "
    "tracked) or both outside (if you want the inplace to be tracked).",
}
# Views a custom Function returned (of one output, or of several): never changed in place.
FUNCTION_VIEW = ViewWithoutGradMode("custom_function")
MULTI_OUTPUT_FUNCTION_VIEW = ViewWithoutGradMode("multi_output")

# NOTE [Views made without grad mode]
# As in PyTorch, a view made under no_grad (or inference_mode) of a tensor that requires grad
# requires grad too, yet records nothing: it is a leaf without history. PyTorch gives it no
# AccumulateGrad, so a gradient that reaches it is dropped (neither it nor its base gets
# one); and modifying it in place with grad mode on is an error, since it is unclear whether
# the change should be recorded. For the same reason, once it (or its base) has changed in
# place in any mode, its history is invalid: reading grad_fn or is_leaf, or using it in a
# recorded op, raises, and its repr shows grad_fn=<Invalid>. Its ViewWithoutGradMode marker
# keeps the version it had when made, to tell.

# PyTorch gives this warning once per process (TORCH_WARN_ONCE, see warn_once).
_SCALAR_CONVERSION_WARNING = (
    "Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
    "Consider using tensor.detach() first. (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)"
)


def _view_as_dtype(tensor: Tensor, dtype: DType) -> Tensor:
    """``tensor.view(dtype)``: the same bytes read as ``dtype`` (the last dim rescaled when
    the element sizes differ). Like PyTorch's, the view is not differentiable."""
    data = tensor._data
    if dtype.itemsize != data.itemsize:
        old, new = tensor.dtype.legacy_name, dtype.legacy_name
        what = f"to view {old} as {new} (different element sizes)"
        if data.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 {what}")
        if data.shape[-1] != 1 and data.strides[-1] != data.itemsize:
            raise RuntimeError(
                f"self.stride(-1) must be 1 {what}, but got {data.strides[-1] // data.itemsize}"
            )
        ratio = dtype.itemsize / data.itemsize
        if ratio > 1 and data.shape[-1] % ratio:
            raise RuntimeError(
                f"self.size(-1) must be divisible by {int(ratio)} {what}, but got {data.shape[-1]}"
            )
    # It shares the storage and the version counter; PyTorch does not count it as a view
    # (``_base`` is None), since no gradient flows through it.
    result = Tensor._from_array(data.view(dtype.numpy))
    result._version_counter = tensor._shared_version_counter()
    return result


def _warn_scalar_conversion() -> None:
    """Called for a tensor that requires grad; PyTorch warns only with grad mode on."""
    if _GRAD_STATE.enabled:
        _warn_once(_SCALAR_CONVERSION_WARNING, UserWarning, stacklevel=3)


def _is_stale_view(tensor: Tensor) -> bool:
    """Whether ``tensor`` is a view made without grad mode and changed in place since."""
    marker = tensor._accumulator
    return type(marker) is ViewWithoutGradMode and marker.changed(tensor)


class VersionCounter:
    """How many in-place changes a tensor's storage has seen; shared by a base and its views."""

    # A class-level start value and no __init__: made with no Python frame (one per saved
    # output), the instance's own value appears with the first in-place change.
    value = 0
    inference = False  # the counter of an inference tensor (NOTE [Inference tensors])


# NOTE [Inference tensors]
# A tensor made in inference mode (not a view of a normal tensor) is an inference tensor: it
# tracks no versions, may not be saved for backward, and outside inference mode takes no
# in-place change. Its version counter is the one below, so its views share the state just as
# views share versions, and an in-place change meets the refusal where it bumps the version.
_INPLACE_ON_INFERENCE = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a "
    "clone to get a normal tensor before doing inplace update.See "
    "https://github.com/pytorch/rfcs/pull/17 for more details."
)
INFERENCE_NOT_SAVED = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`."
)


class _InferenceCounter(VersionCounter):
    """The version counter of every inference tensor (NOTE [Inference tensors])."""

    inference = True

    @property  # type: ignore[override]
    def value(self) -> int:
        return 0

    @value.setter
    def value(self, new_value: int) -> None:
        if not _GRAD_STATE.inference:
            raise RuntimeError(_INPLACE_ON_INFERENCE)


INFERENCE_COUNTER: VersionCounter = _InferenceCounter()


class _InferenceDataCounter(VersionCounter):
    """The counter of ``.data`` of an inference tensor, and of its views: PyTorch's ``.data``
    is an inference tensor too (no saving for backward, no requires_grad) whose version is
    counted and which takes in-place changes anywhere."""

    inference = True


# The device types PyTorch names (``torch.device("cuda")`` is valid without CUDA); rungrad
# computes on the CPU, and a tensor on another device is refused when it would be made.
DEVICE_TYPES = (
    "cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
    "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone",
)  # fmt: skip


_DEVICE_STRING = re.compile(r"[a-zA-Z_]+(?::(?:[1-9][0-9]*|0))?")


class device:
    """device(type, index=None): where a tensor lives. Every PyTorch device type can be named;
    rungrad computes on the CPU only (``_check_device`` refuses the others)."""

    __module__ = "rungrad"  # printed <class 'rungrad.device'>, PyTorch's torch.device

    __slots__ = ("index", "type")

    def __init__(self, type: Any = "cpu", index: int | None = None) -> None:
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, builtins.int):  # an accelerator's index
            raise RuntimeError("Cannot access accelerator device when none is available.")
        if not _DEVICE_STRING.fullmatch(str(type)):  # a name, then perhaps :index
            raise RuntimeError(f"Invalid device string: '{type}'")
        name, colon, number = str(type).partition(":")
        if name not in DEVICE_TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(DEVICE_TYPES)} device type at start of device "
                f"string: {type}"
            )
        if colon:
            if index is not None:
                raise RuntimeError(
                    "type (string) must not include an index because index was passed "
                    f"explicitly: {type}"
                )
            index = builtins.int(number)
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type = name
        self.index = index

    def __repr__(self) -> str:
        return (
            f"device(type='{self.type}')"
            if self.index is None
            else (f"device(type='{self.type}', index={self.index})")
        )

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


CPU = device("cpu")

# A build of PyTorch without CUDA (or XPU) says so with an AssertionError.
_NOT_COMPILED = {"cuda": "CUDA", "xpu": "XPU"}


_NO_CUDA_LIBRARY = (
    "Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two "
    "shared libraries: a CPU library and a CUDA library; this error has occurred because you "
    "are trying to use some CUDA functionality, but the CUDA library has not been loaded by the "
    "dynamic linker for some reason.  The CUDA library MUST be loaded, EVEN IF you don't "
    "directly use any symbols from the CUDA library! One common culprit is a lack of "
    "-Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic "
    "library dependencies if you don't depend on any of their symbols.  You can check if this "
    "has occurred by using ldd on your binary to see if there is a dependency on *_cuda.so "
    "library."
)


class layout:
    """How a tensor's elements are laid out in memory: rungrad's tensors are all ``strided``."""

    __module__ = "rungrad"  # printed <class 'rungrad.layout'>, PyTorch's torch.layout
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"rungrad.{self.name}"

    def __reduce__(self) -> str:
        return self.name


strided = layout("strided")
sparse_coo = layout("sparse_coo")


def _check_device(dev: Any) -> None:
    """Refuse a device other than the CPU, as a PyTorch build without it does."""
    if dev is None:
        return
    name = device(dev).type
    if name == "cpu":
        return
    if name in _NOT_COMPILED:
        raise AssertionError(f"Torch not compiled with {_NOT_COMPILED[name]} enabled")
    raise RuntimeError(f"rungrad is not linked with support for {name} devices")


class Tensor:
    """A multi-dimensional array that records the operations done on it for autograd.

    ``Tensor(data)`` is the legacy constructor (default dtype); prefer ``rungrad.tensor``.
    """

    __module__ = "rungrad"  # printed <class 'rungrad.Tensor'>, PyTorch's torch.Tensor
    __slots__ = (
        "__weakref__",
        "_accumulator",
        "_base",
        "_data",
        "_fw_tangent",  # forward-mode AD's tangent (autograd.forward_ad), unset without one
        "_grad",
        "_grad_fn",
        "_leaf_hooks",  # a leaf's tensor hooks, shared with its AccumulateGrad
        "_name",  # the legacy Variable(..., name=...)'s, unset without one
        "_output_nr",
        "_post_accumulate_hooks",
        "_requires_grad",
        "_retains_grad",
        "_version_counter",
        "_view_version",  # a view's: its counter's value when its history was last made
    )

    # As PyTorch's tensors, no __array_ufunc__: a NumPy ufunc reads a tensor as an array
    # (``__array__``, refused for a tensor that requires grad) and gives its result back
    # through ``__array_wrap__`` (``np.exp(t)`` is a tensor); an array operator defers to the
    # tensor's reflected one (the priority), whose NotImplemented makes Python refuse it.
    __array_priority__ = 1000

    def __array_wrap__(self, array: Any) -> Any:
        """A NumPy result for a tensor, as a tensor (booleans as uint8, as PyTorch's). Takes
        the array only, as PyTorch's does: NumPy 2 warns that it should also take
        ``context`` and ``return_scalar``, and a scalar result is a 0-d tensor."""
        return _wrapped_by_numpy(array)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ._creation import legacy_construct

        made = legacy_construct(_dtype.get_default_dtype(), args, kwargs, any_dtype=True)
        if isinstance(made, Tensor):  # Tensor(tensor): an alias, with its autograd state
            for name in Tensor.__slots__[1:]:
                setattr(self, name, getattr(made, name, None))
        else:
            _init_slots(self, made)

    @classmethod
    def _from_array(cls, data: np.ndarray, requires_grad: bool = False) -> Tensor:
        """Wrap an ndarray without copying (the one internal constructor)."""
        tensor = object.__new__(cls)
        tensor._data = data
        tensor._requires_grad = requires_grad
        tensor._grad = None
        tensor._grad_fn = None
        tensor._output_nr = 0
        tensor._version_counter = (  # NOTE [Inference tensors]
            INFERENCE_COUNTER if _INFERENCE_BLOCKS.open and _GRAD_STATE.inference else None
        )
        tensor._base = None
        tensor._retains_grad = False
        tensor._accumulator = None
        tensor._leaf_hooks = None
        tensor._post_accumulate_hooks = None
        return tensor

    # -- basic attributes ----------------------------------------------------------------
    @property
    def shape(self) -> Size:
        return _size(self._data.shape)

    def size(self, dim: int | None = None) -> Any:
        """size(dim=None) -> Size or int"""
        try:
            if dim is None:
                return _size(self._data.shape)
            if not self._data.ndim:
                raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
            return self._data.shape[_wrap_dim(dim, self._data.ndim)]
        except Exception:
            _refuse("size", _given(dim))
            raise

    @property
    def dtype(self) -> DType:
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def device(self) -> device:
        return CPU

    @property
    def is_cuda(self) -> bool:
        return False

    @property
    def is_cpu(self) -> bool:
        return True

    def is_pinned(self, device: Any = None) -> bool:
        """Whether the tensor is in page-locked memory (never: there is no accelerator)."""
        return False

    def pin_memory(self, device: Any = None) -> Tensor:
        raise RuntimeError("Cannot access accelerator device when none is available.")

    @property
    def volatile(self) -> bool:
        """Legacy ``Variable.volatile``: always False (``no_grad`` replaced it)."""
        warnings.warn(
            "volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2
        )
        return False

    @volatile.setter
    def volatile(self, value: Any) -> None:
        warnings.warn(
            "volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
            UserWarning,
            stacklevel=2,
        )

    # rungrad's conj() computes the conjugate: no tensor carries a lazy conjugate or
    # negative bit to resolve.
    def is_conj(self) -> bool:
        return False

    def is_neg(self) -> bool:
        return False

    def resolve_conj(self) -> Tensor:
        return self

    def resolve_neg(self) -> Tensor:
        return self

    # Removed from PyTorch: they raise its message, naming what replaces them.
    def solve(self, *args: Any, **kwargs: Any) -> Any:
        from ._removed import solve

        return solve(self, *args, **kwargs)

    def symeig(self, *args: Any, **kwargs: Any) -> Any:
        from ._removed import symeig

        return symeig(self, *args, **kwargs)

    def eig(self, *args: Any, **kwargs: Any) -> Any:
        from ._removed import eig

        return eig(self, *args, **kwargs)

    def lstsq(self, *args: Any, **kwargs: Any) -> Any:
        from ._removed import lstsq

        return lstsq(self, *args, **kwargs)

    # Dense CPU tensors only: none of PyTorch's other kinds exist here.
    @property
    def is_sparse(self) -> bool:
        return False

    @property
    def is_quantized(self) -> bool:
        return False

    @property
    def is_meta(self) -> bool:
        return False

    @property
    def is_mkldnn(self) -> bool:
        return False

    @property
    def is_nested(self) -> bool:
        return False

    @property
    def layout(self) -> layout:
        return strided

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def itemsize(self) -> int:
        return self._data.itemsize

    @property
    def nbytes(self) -> int:
        return self._data.size * self._data.itemsize

    def storage_offset(self) -> int:
        """Where this tensor starts in its storage, in elements."""
        start = self._data.__array_interface__["data"][0]
        # A view's storage is its base's (some views' arrays, as a diagonal's, do not lead
        # back to it through NumPy's .base); a tensor that shares memory otherwise (detach)
        # finds it through its array.
        origin = self._data if self._base is None else self._base._data
        root = _root_array(origin).__array_interface__["data"][0]
        return (start - root) // self._data.itemsize if self._data.size else 0

    def untyped_storage(self) -> UntypedStorage:
        """The memory this tensor (and every view of it) lives in, as bytes."""
        return UntypedStorage(_root_array(self._data))

    def storage(self) -> TypedStorage:
        """The memory this tensor (and every view of it) lives in, read as its dtype.
        Deprecated in PyTorch (it warns once), as here."""
        _warn_once(_TYPED_STORAGE_WARNING, UserWarning, stacklevel=2)
        return TypedStorage(_root_array(self._data), self._data.dtype)

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind in "fV"  # V: bfloat16 (NOTE [bfloat16])

    def is_complex(self) -> bool:
        return self._data.dtype.kind == "c"

    def is_signed(self) -> bool:
        return self.dtype.is_signed

    def is_contiguous(self, memory_format: Any = None) -> bool:
        data = self._data
        if memory_format is _ops.channels_last or memory_format is _ops.channels_last_3d:
            # contiguous with the channels innermost: (N, C, H, W) laid out as (N, H, W, C)
            wanted = 4 if memory_format is _ops.channels_last else 5
            if data.ndim != wanted:
                return False
            return bool(data.transpose(0, *range(2, wanted), 1).flags.c_contiguous)
        return bool(data.flags.c_contiguous)

    def dim_order(self, *, ambiguity_check: Any = False) -> tuple[int, ...]:
        """dim_order() -> the dimensions from the outermost in memory to the innermost."""
        strides = self.stride()
        return tuple(sorted(range(len(strides)), key=lambda dim: -strides[dim]))

    def stride(self, dim: int | None = None) -> Any:
        data = self._data
        if data.size == 0:  # NumPy gives zeros; PyTorch reports the contiguous layout
            # (counting a size-0 dim as 1, as PyTorch's contiguous strides do)
            strides = tuple(
                int(np.prod([max(size, 1) for size in data.shape[i + 1 :]]))
                for i in range(data.ndim)
            )
        else:
            itemsize = data.itemsize
            strides = tuple(s // itemsize for s in data.strides)
        if dim is None:
            return strides
        if not self._data.ndim:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return strides[_wrap_dim(dim, self._data.ndim)]

    def data_ptr(self) -> int:
        return int(self._data.__array_interface__["data"][0])

    def share_memory_(self) -> Tensor:
        """share_memory_() -> self, marked as shared (one process computes here: a no-op)."""
        root = _root_array(self._data)
        _SHARED_ARRAYS[id(root)] = root
        return self

    def is_shared(self) -> bool:
        """Whether ``share_memory_()`` was called on this tensor's storage."""
        root = _root_array(self._data)
        return _SHARED_ARRAYS.get(id(root)) is root

    def resize_(self, *sizes: Any, memory_format: Any = None) -> Tensor:
        """resize_(*sizes) -> self, with the first elements of its storage in the new shape;
        elements beyond the old ones are zeros (PyTorch leaves them uninitialised)."""
        if self._requires_grad:
            raise RuntimeError("cannot resize variables that require grad")
        shape = _shape_args(sizes)
        if any(size < 0 for size in shape):  # PyTorch's size check, in its words
            raise RuntimeError("numel: integer multiplication overflow")
        count = int(np.prod(shape, dtype=np.int64))
        data = self._data
        # Like PyTorch's, the new tensor reads its storage from its offset on, in storage
        # order, and the storage keeps its capacity: shrinking then growing back finds the
        # old elements again.
        storage = _root_array(data)
        if storage.flags.c_contiguous and storage.dtype == data.dtype:
            offset = data.__array_interface__["data"][0] - storage.__array_interface__["data"][0]
            flat = storage.reshape(-1)[offset // data.itemsize :]
        else:
            flat = data.reshape(-1)
        if count <= flat.size:
            self._data = flat[:count].reshape(shape)
        else:
            grown = np.zeros(count, dtype=data.dtype)
            grown[: flat.size] = flat
            self._data = grown.reshape(shape)
        self._bump_version()
        return self

    def resize_as_(self, the_template: Tensor, *, memory_format: Any = None) -> Tensor:
        """resize_as_(tensor) -> self, resized (``resize_``) to the shape of ``tensor``"""
        return self.resize_(the_template.shape)

    def resize(self, *sizes: Any) -> Tensor:
        """resize(*sizes) -> a resized copy (deprecated: PyTorch warns, use ``reshape``)"""
        warnings.warn("non-inplace resize is deprecated", UserWarning, stacklevel=2)
        from .autograd.grad_mode import no_grad

        with no_grad():
            return self.clone().resize_(*sizes)

    def resize_as(self, tensor: Tensor) -> Tensor:
        """resize_as(tensor) -> a copy resized to ``tensor``'s shape (deprecated)"""
        warnings.warn("non-inplace resize_as is deprecated", UserWarning, stacklevel=2)
        from .autograd.grad_mode import no_grad

        with no_grad():
            return self.clone().resize_(tensor.shape)

    def type(self, dtype: Any = None, non_blocking: bool = False) -> Any:
        """type(dtype=None) -> str or Tensor: the legacy type name, or a cast."""
        if dtype is None:
            return legacy_type_name(self._data.dtype)
        if isinstance(dtype, str):
            from ._creation import dtype_from_legacy_name

            if dtype.startswith("torch.cuda."):  # a CPU-only build fails to load CUDA
                raise RuntimeError(_NO_CUDA_LIBRARY)
            dtype = dtype_from_legacy_name(dtype)
        elif dtype is Tensor:  # the default tensor type
            dtype = _dtype.get_default_dtype()
        elif isinstance(dtype, type):  # a legacy type: FloatTensor, DoubleTensor...
            if dtype.__module__ == "rungrad.cuda":  # torch.cuda.FloatTensor: as its name
                raise RuntimeError(_NO_CUDA_LIBRARY)
            dtype = getattr(dtype, "_legacy_dtype", dtype)
        return self.to(dtype)

    def is_inference(self) -> bool:
        """Whether this is an inference tensor: made in inference mode, or a view of one."""
        counter = self._version_counter
        return counter is not None and counter.inference

    def get_device(self) -> int:
        return -1

    # -- autograd attributes -------------------------------------------------------------
    @property
    def requires_grad(self) -> bool:
        if (
            self._base is not None
            and type(self._accumulator) is not ViewWithoutGradMode
            and self._view_version != self._version_counter.value
        ):
            _ops.refresh_view(self)  # its base may have come to require grad
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if type(value) is not builtins.bool:
            raise RuntimeError("requires_grad must be a bool")
        if self._grad_fn is not None:
            if value:
                raise RuntimeError("you can only change requires_grad flags of leaf variables.")
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if value and self._data.dtype.kind not in "fcV":
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients"
            )
        if value and self.is_inference() and not _GRAD_STATE.inference:
            raise RuntimeError(
                "Setting requires_grad=True on inference tensor outside InferenceMode is not "
                "allowed."
            )
        self._requires_grad = builtins.bool(value)

    def requires_grad_(self, *args: Any, **kwargs: Any) -> Tensor:
        """requires_grad_(requires_grad=True): set whether autograd records operations on
        this (leaf) tensor; returns self."""
        requires_grad = _requires_grad_argument(args, kwargs)
        if requires_grad:
            # Unlike the attribute setter: no-op on a non-leaf, and a message without complex.
            if self._grad_fn is not None:
                return self
            if self._data.dtype.kind not in "fcV":
                raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def name(self) -> str | None:
        """The name given by the legacy ``Variable(data, name=...)`` (None otherwise)."""
        return getattr(self, "_name", None)

    @property
    def is_leaf(self) -> bool:
        self._check_view_history()
        return self._grad_fn is None

    @property
    def grad_fn(self) -> Any:
        self._check_view_history()
        return shown(self._grad_fn)

    def _check_view_history(self) -> None:
        """A view whose base (or a view of it) changed in place since its history was made
        gets its history made again (NOTE [Stale views] in _ops/inplace.py); a view made
        without grad mode raises if it changed."""
        if self._base is None:
            return
        if type(self._accumulator) is ViewWithoutGradMode:
            if self._grad_fn is None:
                self._accumulator.check_unchanged(self)
        elif self._view_version != self._version_counter.value:
            _ops.refresh_view(self)

    @property
    def output_nr(self) -> int:
        return self._output_nr

    @property
    def grad(self) -> Tensor | None:
        grad = self._grad
        # PyTorch warns only while there is no gradient to give (one may have been set).
        if grad is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(_NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    "assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_c_type_name(value)}' to a "
                    f"tensor with grad_dtype '{self.dtype.legacy_name}'. The gradient must match "
                    "the tensor's grad_dtype (defaults to the tensor's dtype). You can set the "
                    "tensor's grad_dtype attribute with a specific dtype, or None to allow any "
                    "dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its "
                    "gradient may break downstream systems that assume they match."
                )
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor "
                    f"of size '{list(self.shape)}'. Please ensure that the gradient and the "
                    "tensor are the same size"
                )
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def retain_grad(self) -> None:
        """Make ``.grad`` of this non-leaf tensor populated during backward."""
        self._check_view_history()
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        self_ref = weakref.ref(self)  # the node must not keep its output alive

        def retain(grad: Tensor) -> None:
            # PyTorch's rule for retained grads: a clone first, then out-of-place sums.
            tensor = self_ref()
            if tensor is None:
                return
            old = tensor._grad
            tensor._grad = _ops.clone(grad) if old is None else old + grad

        hooks = self._grad_fn._hooks_for_update()
        if hooks.retain_grad is None:
            hooks.retain_grad = {}
        hooks.retain_grad[self._output_nr] = retain

    def _set_history(self, node: Any, output_nr: int = 0) -> None:
        """Make ``node`` the grad_fn of this tensor, which an in-place op changed. Like
        PyTorch, a ``retain_grad()`` moves to the new node (``.grad`` is the gradient of the
        tensor's current value); hooks registered earlier stay with the old one."""
        retains = self._retains_grad
        if retains:
            old_hooks = self._grad_fn._hooks if self._grad_fn is not None else None
            if old_hooks is not None and old_hooks.retain_grad:
                old_hooks.retain_grad.pop(self._output_nr, None)
            self._retains_grad = False
        self._grad_fn = node
        self._output_nr = output_nr
        self._requires_grad = True
        if retains:
            self.retain_grad()

    @property
    def _version(self) -> int:
        counter = self._version_counter
        if counter is INFERENCE_COUNTER:
            raise RuntimeError("Inference tensors do not track version counter.")
        return 0 if counter is None else counter.value

    def _shared_version_counter(self) -> VersionCounter:
        counter = self._version_counter
        if counter is None:
            counter = self._version_counter = _first_counter(self)
        return counter

    def _bump_version(self) -> None:
        self._shared_version_counter().value += 1

    @property
    def _is_view_flag(self) -> bool:
        return self._base is not None

    def _is_view(self) -> bool:
        return self._base is not None

    def _grad_accumulator(self) -> Any:
        """The AccumulateGrad node of this leaf (created on demand, held weakly)."""
        ref = self._accumulator
        if type(ref) is ViewWithoutGradMode:  # no accumulator: its gradient is dropped
            ref.check_unchanged(self)
            return None
        node = ref() if ref is not None else None
        if node is None:
            node = AccumulateGrad(self)
            self._accumulator = weakref.ref(node)
        return node

    @property
    def _backward_hooks(self) -> Any:
        """The hooks ``register_hook`` added, by handle id (None before the first), as
        PyTorch shows them; they live with the node that runs them."""
        if self._grad_fn is None:
            hooks = self._leaf_hooks
        else:
            node_hooks = self._grad_fn._hooks
            hooks = None if node_hooks is None else node_hooks.tensor_pre
        if hooks is None:
            return None
        mine = [(key, fn) for key, (nr, fn) in hooks.items() if nr == self._output_nr]
        if not mine and self._grad_fn is not None:
            return None
        return collections.OrderedDict(mine)

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> Any:
        """Register ``hook(grad) -> Tensor or None``, run when this tensor's gradient is ready."""
        from .autograd.graph import add_hook

        self._check_view_history()
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is not None:
            return self._grad_fn._register_tensor_hook(self._output_nr, hook)
        hooks = self._leaf_hooks
        if hooks is None:
            # A leaf keeps its hooks (its AccumulateGrad node is held weakly and may be made
            # again); the node shares this dict as its tensor pre-hooks.
            hooks = self._leaf_hooks = collections.OrderedDict()  # PyTorch's type
            accumulator = self._accumulator() if self._accumulator is not None else None
            if accumulator is not None:
                accumulator._hooks_for_update().tensor_pre = hooks
        return add_hook(hooks, (0, hook))

    def register_post_accumulate_grad_hook(self, hook: Callable[[Tensor], None]) -> Any:
        """Register ``hook(tensor)``, run after a gradient is accumulated into this leaf."""
        from .autograd.graph import add_hook

        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        if self._post_accumulate_hooks is None:
            self._post_accumulate_hooks = {}
        return add_hook(self._post_accumulate_hooks, hook)

    def backward(
        self,
        gradient: Tensor | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        """Accumulate this tensor's gradient into the graph leaves (see ``autograd.backward``)."""
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # -- data access ---------------------------------------------------------------------
    @property
    def data(self) -> Tensor:
        # Unlike detach(), .data does not share the version counter: changes made through it
        # are invisible to autograd (PyTorch's documented hazard). It is an inference tensor
        # exactly when this one is, whichever mode it is read in.
        data = Tensor._from_array(self._data)
        data._version_counter = _InferenceDataCounter() if self.is_inference() else None
        return data

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if self._requires_grad and value._data.dtype.kind not in "fcV":
            raise RuntimeError(
                "data set to a tensor that requires gradients must be floating point or complex "
                "dtype"
            )
        self._data = value._data

    @property
    def volatile(self) -> bool:
        """The pre-0.4 flag, gone: always False, with PyTorch's warning."""
        warnings.warn(
            "volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2
        )
        return False

    @volatile.setter
    def volatile(self, value: Any) -> None:
        warnings.warn(
            "volatile was removed and now has no effect. Use `with rungrad.no_grad():` instead.",
            UserWarning,
            stacklevel=2,
        )

    def detach(self) -> Tensor:
        """A new tensor sharing storage (and version counter), outside the graph."""
        out = Tensor._from_array(self._data)
        out._version_counter = self._shared_version_counter()
        return out

    def detach_(self) -> Tensor:
        """Detach this tensor from the graph in place, making it a leaf."""
        if self._base is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution."
            )
        self._shared_version_counter()  # its node's saved output keeps seeing its version
        self._grad_fn = None
        self._output_nr = 0
        self._requires_grad = False
        return self

    def as_subclass(self, cls: Any = _MISSING) -> Tensor:
        """as_subclass(cls) -> a ``cls`` instance sharing this tensor's storage and version
        counter, attached to the graph (``AliasBackward0`` when it requires grad)."""
        if cls is _MISSING:
            raise TypeError('as_subclass() missing 1 required positional arguments: "cls"')
        if not isinstance(cls, type):
            raise TypeError(f"cls must be a type (got {type(cls).__name__})")
        if not issubclass(cls, Tensor):
            raise TypeError(
                "Creating a Tensor subclass from a class that does not inherit from Tensor is "
                "not possible. Make sure your class inherits from Tensor."
            )
        alias = _ops.alias(self)
        if cls is Tensor:
            return alias
        # A subclass with a __dict__ has another layout: its instance is made and given the
        # alias's state (a __class__ assignment would be refused).
        made = object.__new__(cls)
        for name in Tensor.__slots__[1:]:
            if hasattr(alias, name):
                setattr(made, name, getattr(alias, name))
        return made

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The NumPy array sharing this tensor's storage."""
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead."
            )
        if self._data.dtype.kind == "V":  # bfloat16: NumPy has no such type (force or not)
            raise TypeError("Got unsupported ScalarType BFloat16")
        return self._data

    def __array__(self, dtype: Any = None) -> np.ndarray:
        # PyTorch's signature, without NumPy 2's ``copy``, which NumPy warns about when it
        # would pass it (np.array(x))
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.item()

    def tolist(self) -> Any:
        return self._data.tolist()

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __contains__(self, element: Any) -> builtins.bool:
        """``element in x``: whether any element of ``x`` equals ``element`` (a number, or a
        tensor broadcast against ``x``)."""
        if isinstance(element, (Tensor, numbers.Number)):
            return builtins.bool((element == self).any().item())
        raise RuntimeError(
            "Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
            f"{type(element)}."
        )

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            amount = "no values" if self._data.size == 0 else "more than one value"
            raise RuntimeError(f"Boolean value of Tensor with {amount} is ambiguous")
        return builtins.bool(self._data.item())

    def _python_scalar(self) -> Any:
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.item()

    def __float__(self) -> float:
        if self._requires_grad:
            _warn_scalar_conversion()
        return float(self._python_scalar())

    def __int__(self) -> int:
        return int(self._python_scalar())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.item())

    def __complex__(self) -> complex:
        if self._requires_grad:
            _warn_scalar_conversion()
        return complex(self._python_scalar())

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self, *, tensor_contents: Any = None) -> str:
        from ._tensor_str import format_tensor

        dtype = self._data.dtype
        default = _dtype.get_default_dtype()
        shown = dtype not in (default.numpy, np.dtype(np.int64), np.dtype(np.bool_)) and not (
            dtype.kind == "c" and dtype == _dtype.default_complex().numpy
        )
        dtype_suffix = f"dtype={self.dtype!r}" if shown else None
        suffixes = []
        if self._grad_fn is not None:
            name = type(self._grad_fn).__name__
            if name == "CppFunction":  # a node without a class of its own: by its name()
                name = self._grad_fn.name().rsplit("::", 1)[-1]
            suffixes.append(f"grad_fn=<{name}>")
        elif _is_stale_view(self):
            suffixes.append("grad_fn=<Invalid>")  # PyTorch's repr where grad_fn raises
        elif self._requires_grad:
            suffixes.append("requires_grad=True")
        tangent = getattr(self, "_fw_tangent", None)
        if tangent is not None:
            # PyTorch shows a 0-d tangent as the Python number it holds.
            shown = tangent.item() if not tangent._data.ndim else repr(tangent)
            suffixes.append(f"tangent={shown}")
        # PyTorch prints a user's subclass under its own name; rungrad's own (Parameter,
        # which adds its header, and Buffer, a plain tensor in PyTorch) print as tensors.
        plain = type(self) is Tensor or type(self).__module__.startswith("rungrad")
        prefix = "tensor(" if plain else f"{type(self).__name__}("
        return format_tensor(self._data, suffixes, dtype_suffix=dtype_suffix, prefix=prefix)

    def __format__(self, format_spec: str) -> str:
        if self._data.ndim == 0:
            return self.item().__format__(format_spec)
        return object.__format__(self, format_spec)

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (_rebuild_tensor, (self._data, self._requires_grad))

    def __deepcopy__(self, memo: dict[int, Any]) -> Tensor:
        if self._grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                "protocol at the moment.  If you were attempting to deepcopy a module, this may "
                "be because of a torch.nn.utils.weight_norm usage, see "
                "https://github.com/pytorch/pytorch/pull/103001"
            )
        new = type(self)._from_array(self._data.copy(), self._requires_grad)
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = new
        return new

    # -- conversions ---------------------------------------------------------------------
    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """to(dtype) / to(device) / to(other) -> Tensor (self when nothing changes)."""
        try:
            target = _dtype.dtype_arg(kwargs.get("dtype"), "to")
            copy = kwargs.get("copy", False)
            _check_device(kwargs.get("device"))
            layout = kwargs.get("memory_format")
            for arg in args:
                if isinstance(arg, DType):
                    target = arg
                elif isinstance(arg, Tensor):
                    target = arg.dtype
                elif isinstance(arg, (str, device)) or type(arg) is builtins.int:  # an index
                    _check_device(arg)
                elif arg in (float, int, builtins.bool, complex):  # Python types name dtypes
                    target = _dtype.dtype_arg(arg, "to")
                elif arg is not None and not isinstance(arg, builtins.bool):
                    raise TypeError(f"to() received an invalid combination of arguments: {arg!r}")
            if kwargs and not kwargs.keys() <= _TO_KEYWORDS:
                unknown = next(key for key in kwargs if key not in _TO_KEYWORDS)
                raise TypeError(f"to() got an unexpected keyword argument '{unknown}'")
        except Exception:
            _refuse("to", args, kwargs)
            raise
        if layout is not None and layout is not _ops.preserve_format:
            converted = self if target is None else self.to(target)
            if copy and converted is self:
                return _ops.clone(self, layout)
            return converted.contiguous(layout)
        if target is None or target.numpy == self._data.dtype:
            return self.clone() if copy else self
        return _ops.to_dtype(self, target)

    def cpu(self) -> Tensor:
        return self

    def cuda(self, *args: Any, **kwargs: Any) -> Tensor:
        _check_device("cuda")
        raise AssertionError  # unreachable: _check_device refuses CUDA

    def float(self) -> Tensor:
        return self.to(_dtype.float32)

    def double(self) -> Tensor:
        return self.to(_dtype.float64)

    def half(self) -> Tensor:
        return self.to(_dtype.float16)

    def bfloat16(self) -> Tensor:
        return self.to(_dtype.bfloat16)

    def cfloat(self) -> Tensor:
        return self.to(_dtype.complex64)

    def cdouble(self) -> Tensor:
        return self.to(_dtype.complex128)

    def long(self) -> Tensor:
        return self.to(_dtype.int64)

    def int(self) -> Tensor:
        return self.to(_dtype.int32)

    def short(self) -> Tensor:
        return self.to(_dtype.int16)

    def char(self) -> Tensor:
        return self.to(_dtype.int8)

    def byte(self) -> Tensor:
        return self.to(_dtype.uint8)

    def bool(self) -> Tensor:
        return self.to(_dtype.bool)

    def type_as(self, other: Tensor) -> Tensor:
        try:
            return self.to(other.dtype)
        except Exception:
            _refuse("type_as", (other,))
            raise

    def clone(self, *, memory_format: Any = None) -> Tensor:
        return _ops.clone(self, memory_format)

    def contiguous(self, memory_format: Any = None) -> Tensor:
        if memory_format is None or memory_format is _ops.contiguous_format:
            if self._data.flags.c_contiguous:
                return self
            return _ops.clone(self, _ops.contiguous_format)
        if self.is_contiguous(memory_format):
            return self
        return _ops.clone(self, memory_format)

    def new(self, *args: Any, **kwargs: Any) -> Tensor:
        """The legacy constructor of this tensor's type: ``t.new(2, 3)``, ``t.new([1, 2])``."""
        from ._creation import legacy_construct

        made = legacy_construct(self.dtype, args, kwargs)
        return made if isinstance(made, Tensor) else Tensor._from_array(made)

    def apply_(self, callable: Callable[[Any], Any]) -> Tensor:
        """apply_(callable) -> self, each element replaced by ``callable(element)``."""
        if self._requires_grad:
            raise RuntimeError(
                "Can't call apply_() on Variable that requires grad. Use var.detach().apply_() "
                "instead."
            )
        data = self._data
        for position, value in np.ndenumerate(data):
            data[position] = callable(value.item())
        # PyTorch's apply_ writes the elements directly: the version counter does not move.
        return self

    def map_(self, tensor: Tensor, callable: Callable[[Any, Any], Any]) -> Tensor:
        """map_(tensor, callable) -> self, each element replaced by ``callable(element,
        other)``, ``other`` the element of ``tensor`` (broadcast to this shape) there."""
        if self._requires_grad or tensor._requires_grad:
            raise RuntimeError(
                "Can't call map_() on Variable that requires grad. Use var.detach().map_() instead."
            )
        data = self._data
        others = np.broadcast_to(tensor._data, data.shape)
        for position, value in np.ndenumerate(data):
            data[position] = callable(value.item(), others[position].item())
        return self  # (no version bump, as apply_)

    def new_tensor(self, data: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        from ._creation import tensor, warn_copy_construct

        if isinstance(data, Tensor):
            warn_copy_construct("tensor.new_tensor", stacklevel=3)
            data = data.detach()._data  # copied by tensor(), which must not warn again
        try:
            return tensor(data, dtype=dtype or self.dtype, **kwargs)
        except TypeError as error:  # the parser's refusal names the method
            raise _renamed(error, "tensor", "new_tensor") from None

    def new_zeros(self, *size: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        from ._creation import zeros

        try:
            return zeros(*size, dtype=dtype or self.dtype, **kwargs)
        except TypeError as error:  # the parser's refusal names the method
            raise _renamed(error, "zeros", "new_zeros") from None

    def new_ones(self, *size: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        from ._creation import ones

        try:
            return ones(*size, dtype=dtype or self.dtype, **kwargs)
        except TypeError as error:  # the parser's refusal names the method
            raise _renamed(error, "ones", "new_ones") from None

    def new_full(self, size: Any, fill_value: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        from ._creation import full

        try:
            return full(size, fill_value, dtype=dtype or self.dtype, **kwargs)
        except TypeError as error:  # the parser's refusal names the method
            raise _renamed(error, "full", "new_full") from None

    def new_empty(self, *size: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        from ._creation import empty

        try:
            return empty(*size, dtype=dtype or self.dtype, **kwargs)
        except TypeError as error:  # the parser's refusal names the method
            raise _renamed(error, "empty", "new_empty") from None

    def new_empty_strided(self, size: Any, stride: Any, *, dtype: Any = None,
                          **kwargs: Any) -> Tensor:  # fmt: skip
        from ._creation import empty_strided

        return empty_strided(size, stride, dtype=dtype or self.dtype, **kwargs)

    # -- arithmetic operators ------------------------------------------------------------
    def __add__(self, other: Any) -> Tensor:
        return _ops.add(self, other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Tensor:
        return _ops.sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _ops.rsub(self, other)

    def __mul__(self, other: Any) -> Tensor:
        return _ops.mul(self, other)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Tensor:
        return _ops.div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        # PyTorch's: the reciprocal times ``other`` by the operator (so an ndarray's product
        # is NumPy's, see _ops/ndarray_operators.py)
        return _ops.reciprocal(self) * other

    def __floordiv__(self, other: Any) -> Tensor:
        return _ops.floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Tensor:
        return _ops.floor_divide(other, self)

    def __mod__(self, other: Any) -> Tensor:
        return _ops.remainder(self, other)

    def __pow__(self, exponent: Any) -> Tensor:
        return _ops.pow(self, exponent)

    def __rpow__(self, base: Any) -> Tensor:
        return _ops.pow(base, self)

    def __matmul__(self, other: Any) -> Tensor:
        return _ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _ops.matmul(other, self)

    def __neg__(self) -> Tensor:
        return _ops.neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _ops.abs(self)

    def __invert__(self) -> Tensor:
        if self.dtype.category not in (_dtype.BOOL, _dtype.INTEGRAL):  # the operator's own check
            raise TypeError(
                "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
            )
        return _ops.bitwise_not(self)

    def __and__(self, other: Any) -> Tensor:
        return _ops.bitwise_and(self, other)

    __rand__ = __and__

    def __or__(self, other: Any) -> Tensor:
        return _ops.bitwise_or(self, other)

    __ror__ = __or__

    def __xor__(self, other: Any) -> Tensor:
        return _ops.bitwise_xor(self, other)

    __rxor__ = __xor__

    def __iadd__(self, other: Any) -> Tensor:
        return self.add_(other)

    def __isub__(self, other: Any) -> Tensor:
        return self.sub_(other)

    def __imul__(self, other: Any) -> Tensor:
        return self.mul_(other)

    def __itruediv__(self, other: Any) -> Tensor:
        return self.div_(other)

    # -- comparisons (no gradient) ----------------------------------------------------
    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _ops.eq(self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _ops.ne(self, other)

    def __lt__(self, other: Any) -> Tensor:
        return _ops.lt(self, other)

    def __le__(self, other: Any) -> Tensor:
        return _ops.le(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _ops.gt(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _ops.ge(self, other)

    # -- indexing ------------------------------------------------------------------------
    def __getitem__(self, index: Any) -> Tensor:
        return _ops.getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        _ops.setitem(self, index, value)

    # -- in-place ops --------------------------------------------------------------------
    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        try:
            if type(alpha) is int and alpha == 1:
                return _ops.arithmetic_(_ops.add, np.add, self, other)
            return _ops.inplace(_ops.add, self, other, alpha)
        except Exception:
            _refuse("add_", (other,), _keyword("alpha", alpha, 1))
            raise

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        try:
            if type(alpha) is int and alpha == 1:
                return _ops.arithmetic_(_ops.sub, np.subtract, self, other)
            return _ops.inplace(_ops.sub, self, other, alpha)
        except Exception:
            _refuse("sub_", (other,), _keyword("alpha", alpha, 1))
            raise

    def mul_(self, other: Any) -> Tensor:
        try:
            return _ops.arithmetic_(_ops.mul, np.multiply, self, other)
        except Exception:
            _refuse("mul_", (other,))
            raise

    def div_(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        try:
            if rounding_mode is None:
                return _ops.arithmetic_(_ops.div, np.true_divide, self, other)
            return _ops.inplace(
                lambda t, o: _ops.div(t, o, rounding_mode=rounding_mode), self, other
            )
        except Exception:
            _refuse("div_", (other,), _keyword("rounding_mode", rounding_mode, None))
            raise

    divide_ = div_

    def pow_(self, exponent: Any) -> Tensor:
        try:
            return _ops.inplace(_ops.pow, self, exponent)
        except Exception:
            _refuse("pow_", (exponent,))
            raise

    def neg_(self) -> Tensor:
        return _ops.inplace(_ops.neg, self)

    def exp_(self) -> Tensor:
        return _ops.inplace(_ops.exp, self)

    def zero_(self) -> Tensor:
        return _ops.zero_(self)

    def fill_(self, value: Any) -> Tensor:
        try:
            return _ops.fill_(self, value)
        except Exception:
            _refuse("fill_", (value,))
            raise

    def copy_(self, src: Any, non_blocking: bool = False) -> Tensor:
        return _ops.copy_(self, src)

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        try:
            return _ops.clamp_inplace(_ops.clamp, self, min, max)
        except Exception:
            _refuse("clamp_", _given(min, max))
            raise

    def relu_(self) -> Tensor:
        return _ops.inplace(_ops.relu, self)

    def sigmoid_(self) -> Tensor:
        return _ops.inplace(_ops.sigmoid, self)

    def tanh_(self) -> Tensor:
        return _ops.inplace(_ops.tanh, self)

    def abs_(self) -> Tensor:
        return _ops.inplace(_ops.abs, self)

    def sqrt_(self) -> Tensor:
        return _ops.inplace(_ops.sqrt, self)

    absolute_ = abs_
    multiply_ = mul_
    negative_ = neg_
    subtract_ = sub_

    def fill_diagonal_(self, fill_value: Any, wrap: builtins.bool = False) -> Tensor:
        return _ops.fill_diagonal_(self, fill_value, wrap)

    # Activations the tensor has as methods; their module loads on first use.
    def hardshrink(self, lambd: builtins.float = 0.5) -> Tensor:
        from ._ops.activation import hardshrink

        return hardshrink(self, lambd)

    def prelu(self, weight: Tensor) -> Tensor:
        from ._ops.activation import prelu

        return prelu(self, weight)

    # -- ops as methods ------------------------------------------------------------------
    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        try:
            return _ops.add(self, other, alpha)
        except Exception:
            _refuse("add", (other,), _keyword("alpha", alpha, 1))
            raise

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        try:
            return _ops.sub(self, other, alpha)
        except Exception:
            _refuse("sub", (other,), _keyword("alpha", alpha, 1))
            raise

    subtract = sub

    def mul(self, other: Any) -> Tensor:
        try:
            return _ops.mul(self, other)
        except Exception:
            _refuse("mul", (other,))
            raise

    multiply = mul

    def div(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        try:
            return _ops.div(self, other, rounding_mode=rounding_mode)
        except Exception:
            _refuse("div", (other,), _keyword("rounding_mode", rounding_mode, None))
            raise

    def divide(self, other: Any, *, rounding_mode: str | None = None) -> Tensor:
        try:
            return _ops.div(self, other, rounding_mode=rounding_mode)
        except Exception:
            _refuse("divide", (other,), _keyword("rounding_mode", rounding_mode, None))
            raise

    def true_divide(self, other: Any) -> Tensor:
        try:
            return _ops.div(self, other)
        except Exception:
            _refuse("true_divide", (other,))
            raise

    def pow(self, exponent: Any) -> Tensor:
        try:
            return _ops.pow(self, exponent)
        except Exception:
            _refuse("pow", (exponent,))
            raise

    def square(self) -> Tensor:
        return _ops.pow(self, 2)

    def neg(self) -> Tensor:
        return _ops.neg(self)

    negative = neg

    def abs(self) -> Tensor:
        return _ops.abs(self)

    absolute = abs

    def sign(self) -> Tensor:
        return _ops.sign(self)

    def sgn(self) -> Tensor:
        return _ops.sgn(self)

    def reciprocal(self) -> Tensor:
        return _ops.reciprocal(self)

    def exp(self) -> Tensor:
        return _ops.exp(self)

    def log(self) -> Tensor:
        return _ops.log(self)

    def sqrt(self) -> Tensor:
        return _ops.sqrt(self)

    def rsqrt(self) -> Tensor:
        return _ops.rsqrt(self)

    def sin(self) -> Tensor:
        return _ops.sin(self)

    def cos(self) -> Tensor:
        return _ops.cos(self)

    def tanh(self) -> Tensor:
        return _ops.tanh(self)

    def sigmoid(self) -> Tensor:
        return _ops.sigmoid(self)

    def relu(self) -> Tensor:
        return _ops.relu(self)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        try:
            return _ops.clamp(self, min, max)
        except Exception:
            _refuse("clamp", _given(min, max))
            raise

    def clip(self, min: Any = None, max: Any = None) -> Tensor:
        try:
            return _ops.clamp(self, min, max)
        except Exception:
            _refuse("clip", _given(min, max))
            raise

    def matmul(self, other: Tensor) -> Tensor:
        try:
            return _ops.matmul(self, other)
        except Exception:
            _refuse("matmul", (other,))
            raise

    def mm(self, mat2: Tensor) -> Tensor:
        try:
            return _ops.mm(self, mat2)
        except Exception:
            _refuse("mm", (mat2,))
            raise

    def mv(self, vec: Tensor) -> Tensor:
        return _ops.mv(self, vec)

    def dot(self, other: Tensor) -> Tensor:
        try:
            return _ops.dot(self, other)
        except Exception:
            _refuse("dot", (other,))
            raise

    def bmm(self, mat2: Tensor) -> Tensor:
        try:
            return _ops.bmm(self, mat2)
        except Exception:
            _refuse("bmm", (mat2,))
            raise

    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        try:
            return _ops.sum(self, dim, keepdim, dtype=dtype)
        except Exception:
            _refuse(
                "sum", _given(dim, keepdim, default=(None, False)), _keyword("dtype", dtype, None)
            )
            raise

    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        try:
            return _ops.mean(self, dim, keepdim, dtype=dtype)
        except Exception:
            _refuse(
                "mean", _given(dim, keepdim, default=(None, False)), _keyword("dtype", dtype, None)
            )
            raise

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        try:
            return _ops.max(self, dim, keepdim)
        except Exception:
            _refuse("max", _given(dim, keepdim, default=(None, False)))
            raise

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        try:
            return _ops.min(self, dim, keepdim)
        except Exception:
            _refuse("min", _given(dim, keepdim, default=(None, False)))
            raise

    def argmax(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        try:
            return _ops.argmax(self, dim, keepdim)
        except Exception:
            _refuse("argmax", _given(dim, keepdim, default=(None, False)))
            raise

    def argmin(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        try:
            return _ops.argmin(self, dim, keepdim)
        except Exception:
            _refuse("argmin", _given(dim, keepdim, default=(None, False)))
            raise

    def all(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        try:
            return _ops.all(self, dim, keepdim)
        except Exception:
            _refuse("all", _given(dim, keepdim, default=(None, False)))
            raise

    def any(self, dim: Any = None, keepdim: bool = False) -> Tensor:
        try:
            return _ops.any(self, dim, keepdim)
        except Exception:
            _refuse("any", _given(dim, keepdim, default=(None, False)))
            raise

    def eq(self, other: Any) -> Tensor:
        try:
            return _ops.eq(self, other)
        except Exception:
            _refuse("eq", (other,))
            raise

    def ne(self, other: Any) -> Tensor:
        try:
            return _ops.ne(self, other)
        except Exception:
            _refuse("ne", (other,))
            raise

    def lt(self, other: Any) -> Tensor:
        try:
            return _ops.lt(self, other)
        except Exception:
            _refuse("lt", (other,))
            raise

    def le(self, other: Any) -> Tensor:
        try:
            return _ops.le(self, other)
        except Exception:
            _refuse("le", (other,))
            raise

    def gt(self, other: Any) -> Tensor:
        try:
            return _ops.gt(self, other)
        except Exception:
            _refuse("gt", (other,))
            raise

    def ge(self, other: Any) -> Tensor:
        try:
            return _ops.ge(self, other)
        except Exception:
            _refuse("ge", (other,))
            raise

    def equal(self, other: Tensor) -> builtins.bool:
        if not isinstance(other, Tensor):
            raise TypeError(
                f"equal(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}"
            )
        return _ops.equal(self, other)

    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
                 equal_nan: builtins.bool = False) -> builtins.bool:  # fmt: skip
        if not isinstance(other, Tensor):
            raise TypeError(
                "allclose(): argument 'other' (position 1) must be Tensor, not "
                f"{type(other).__name__}"
            )
        return _ops.allclose(self, other, rtol, atol, equal_nan)

    def isnan(self) -> Tensor:
        return _ops.isnan(self)

    def view(self, *shape: Any, size: Any = None, dtype: Any = None) -> Tensor:
        try:
            if size is not None or dtype is not None:  # (keyword calls only: view is hot)
                return self.view(*_keyword_sizes(shape, "size", size, dtype))
            if len(shape) == 1 and isinstance(shape[0], DType):
                return _view_as_dtype(self, shape[0])
            return _ops.view(self, _shape_args(shape))
        except Exception:
            _refuse(
                "view", shape, {**_keyword("size", size, None), **_keyword("dtype", dtype, None)}
            )
            raise

    def view_as(self, other: Tensor) -> Tensor:
        try:
            return _ops.view(self, other.shape)
        except Exception:
            _refuse("view_as", (other,))
            raise

    def reshape(self, *shape: Any, **keywords: Any) -> Tensor:
        try:
            if keywords:
                sizes = _keyword_sizes(shape, "shape", *_keyword_split(keywords, "shape"))
                return _ops.reshape(self, _shape_args(sizes))
            return _ops.reshape(self, _shape_args(shape))
        except Exception:
            _refuse("reshape", shape, keywords)
            raise

    def reshape_as(self, other: Tensor) -> Tensor:
        try:
            return _ops.reshape(self, other.shape)
        except Exception:
            _refuse("reshape_as", (other,))
            raise

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        try:
            return _ops.flatten(self, start_dim, end_dim)
        except Exception:
            _refuse("flatten", _given(start_dim, end_dim, default=(0, -1)))
            raise

    def t(self) -> Tensor:
        return _ops.t(self)

    @property
    def T(self) -> Tensor:
        if self._data.ndim != 2:
            _warn_transpose_once(self._data.ndim)
        return _ops.permute(self, tuple(range(self._data.ndim - 1, -1, -1)))

    @property
    def mT(self) -> Tensor:
        _check_matrices(self, "mT")
        return _ops.transpose(self, -2, -1)

    @property
    def H(self) -> Tensor:
        """The conjugate transpose of a matrix."""
        if self._data.ndim != 2:
            hint = (
                " For batches of matrices, consider using tensor.mH" if self._data.ndim > 2 else ""
            )
            raise RuntimeError(
                "tensor.H is only supported on matrices (2-D tensors). Got "
                f"{self._data.ndim}-D tensor.{hint}"
            )
        return _ops.conj(_ops.transpose(self, 0, 1))

    @property
    def mH(self) -> Tensor:
        """The conjugate transpose of each matrix in a batch."""
        _check_matrices(self, "mH")
        return _ops.conj(_ops.transpose(self, -2, -1))

    def adjoint(self) -> Tensor:
        """The conjugate transpose of each matrix in a batch (``mH``)."""
        _check_matrices(self, "adjoint()")
        return _ops.conj(_ops.transpose(self, -2, -1))

    def is_nonzero(self) -> builtins.bool:
        """Whether a one-element tensor is not zero (more or fewer elements raise, as
        ``bool(tensor)`` does)."""
        return self.__bool__()

    def is_same_size(self, other: Tensor) -> builtins.bool:
        """Whether the two tensors have one shape."""
        return self._data.shape == other._data.shape

    def is_set_to(self, tensor: Tensor) -> builtins.bool:
        """Whether both tensors view the same memory with the same shape and strides."""
        mine, theirs = self._data, tensor._data
        return (
            mine.__array_interface__["data"][0] == theirs.__array_interface__["data"][0]
            and mine.shape == theirs.shape
            and mine.strides == theirs.strides
        )

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        try:
            return _ops.transpose(self, dim0, dim1)
        except Exception:
            _refuse("transpose", (dim0, dim1))
            raise

    swapaxes = swapdims = transpose

    def permute(self, *dims: Any, **keywords: Any) -> Tensor:
        try:
            if keywords:
                sizes = _keyword_sizes(dims, "dims", *_keyword_split(keywords, "dims"))
                return _ops.permute(self, _shape_args(sizes))
            return _ops.permute(self, _shape_args(dims))
        except Exception:
            _refuse("permute", dims, keywords)
            raise

    def unsqueeze(self, dim: int) -> Tensor:
        try:
            return _ops.unsqueeze(self, dim)
        except Exception:
            _refuse("unsqueeze", (dim,))
            raise

    def squeeze(self, dim: Any = None) -> Tensor:
        try:
            return _ops.squeeze(self, dim)
        except Exception:
            _refuse("squeeze", _given(dim))
            raise

    def unsqueeze_(self, dim: int) -> Tensor:
        return _ops.shape.unsqueeze_(self, dim)

    def squeeze_(self, dim: Any = None) -> Tensor:
        return _ops.shape.squeeze_(self, dim)

    def t_(self) -> Tensor:
        return _ops.shape.t_(self)

    def transpose_(self, dim0: int, dim1: int) -> Tensor:
        return _ops.shape.transpose_(self, dim0, dim1)

    swapaxes_ = swapdims_ = transpose_

    def expand(self, *sizes: Any, size: Any = None) -> Tensor:
        try:
            if size is not None:
                return _ops.expand(self, _shape_args(_keyword_sizes(sizes, "size", size, None)))
            return _ops.expand(self, _shape_args(sizes))
        except Exception:
            _refuse("expand", sizes, _keyword("size", size, None))
            raise

    def expand_as(self, other: Tensor) -> Tensor:
        try:
            return _ops.expand(self, other.shape)
        except Exception:
            _refuse("expand_as", (other,))
            raise

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.unbind(self, dim)

    def select(self, dim: int, index: int) -> Tensor:
        return _ops.select(self, dim, index)

    # -- more pointwise methods (keep this marker line: later ops are added below it) --------
    def softmax(self, dim: Any = NO_DIM, dtype: Any = None) -> Tensor:
        try:
            from ._ops.nn import required_dim, softmax

            return softmax(self, required_dim(dim, "softmax", 1), dtype=dtype)
        except Exception:
            _refuse("softmax", _given(dim, dtype, default=(NO_DIM, None)))
            raise

    def log_softmax(self, dim: Any = NO_DIM, dtype: Any = None) -> Tensor:
        try:
            from ._ops.nn import log_softmax, required_dim

            return log_softmax(self, required_dim(dim, "log_softmax", 1), dtype=dtype)
        except Exception:
            _refuse("log_softmax", _given(dim, dtype, default=(NO_DIM, None)))
            raise

    def exp2(self) -> Tensor:
        return _ops.exp2(self)

    def exp2_(self) -> Tensor:
        return _ops.inplace(_ops.exp2, self)

    def expm1(self) -> Tensor:
        return _ops.expm1(self)

    def expm1_(self) -> Tensor:
        return _ops.inplace(_ops.expm1, self)

    def log2(self) -> Tensor:
        return _ops.log2(self)

    def log2_(self) -> Tensor:
        return _ops.inplace(_ops.log2, self)

    def log10(self) -> Tensor:
        return _ops.log10(self)

    def log10_(self) -> Tensor:
        return _ops.inplace(_ops.log10, self)

    def log1p(self) -> Tensor:
        return _ops.log1p(self)

    def log1p_(self) -> Tensor:
        return _ops.inplace(_ops.log1p, self)

    def tan(self) -> Tensor:
        return _ops.tan(self)

    def tan_(self) -> Tensor:
        return _ops.inplace(_ops.tan, self)

    def asin(self) -> Tensor:
        return _ops.asin(self)

    def asin_(self) -> Tensor:
        return _ops.inplace(_ops.asin, self)

    def acos(self) -> Tensor:
        return _ops.acos(self)

    def acos_(self) -> Tensor:
        return _ops.inplace(_ops.acos, self)

    def atan(self) -> Tensor:
        return _ops.atan(self)

    def atan_(self) -> Tensor:
        return _ops.inplace(_ops.atan, self)

    def sinh(self) -> Tensor:
        return _ops.sinh(self)

    def sinh_(self) -> Tensor:
        return _ops.inplace(_ops.sinh, self)

    def cosh(self) -> Tensor:
        return _ops.cosh(self)

    def cosh_(self) -> Tensor:
        return _ops.inplace(_ops.cosh, self)

    def asinh(self) -> Tensor:
        return _ops.asinh(self)

    def asinh_(self) -> Tensor:
        return _ops.inplace(_ops.asinh, self)

    def acosh(self) -> Tensor:
        return _ops.acosh(self)

    def acosh_(self) -> Tensor:
        return _ops.inplace(_ops.acosh, self)

    def atanh(self) -> Tensor:
        return _ops.atanh(self)

    def atanh_(self) -> Tensor:
        return _ops.inplace(_ops.atanh, self)

    def erf(self) -> Tensor:
        return _ops.erf(self)

    def erf_(self) -> Tensor:
        return _ops.inplace(_ops.erf, self)

    def erfc(self) -> Tensor:
        return _ops.erfc(self)

    def erfc_(self) -> Tensor:
        return _ops.inplace(_ops.erfc, self)

    def i0(self) -> Tensor:
        return _ops.i0(self)

    def i0_(self) -> Tensor:
        return _ops.i0_(self)

    def igamma(self, other: Any) -> Tensor:
        return _ops.igamma(self, other)

    def igamma_(self, other: Any) -> Tensor:
        return _ops.igamma_(self, other)

    def igammac(self, other: Any) -> Tensor:
        return _ops.igammac(self, other)

    def igammac_(self, other: Any) -> Tensor:
        return _ops.igammac_(self, other)

    def erfinv(self) -> Tensor:
        return _ops.erfinv(self)

    def erfinv_(self) -> Tensor:
        return _ops.inplace(_ops.erfinv, self)

    def lgamma(self) -> Tensor:
        return _ops.lgamma(self)

    def lgamma_(self) -> Tensor:
        return _ops.inplace(_ops.lgamma, self)

    def digamma(self) -> Tensor:
        return _ops.digamma(self)

    def digamma_(self) -> Tensor:
        return _ops.inplace(_ops.digamma, self)

    def floor(self) -> Tensor:
        return _ops.floor(self)

    def floor_(self) -> Tensor:
        return _ops.inplace(_ops.floor, self)

    def ceil(self) -> Tensor:
        return _ops.ceil(self)

    def ceil_(self) -> Tensor:
        return _ops.inplace(_ops.ceil, self)

    def trunc(self) -> Tensor:
        return _ops.trunc(self)

    def trunc_(self) -> Tensor:
        return _ops.inplace(_ops.trunc, self)

    def frac(self) -> Tensor:
        return _ops.frac(self)

    def frac_(self) -> Tensor:
        return _ops.inplace(_ops.frac, self)

    def sinc(self) -> Tensor:
        return _ops.sinc(self)

    def sinc_(self) -> Tensor:
        return _ops.inplace(_ops.sinc, self)

    def deg2rad(self) -> Tensor:
        return _ops.deg2rad(self)

    def deg2rad_(self) -> Tensor:
        return _ops.inplace(_ops.deg2rad, self)

    def rad2deg(self) -> Tensor:
        return _ops.rad2deg(self)

    def rad2deg_(self) -> Tensor:
        return _ops.inplace(_ops.rad2deg, self)

    def sgn_(self) -> Tensor:
        return _ops.inplace(_ops.sgn, self)

    def log_(self) -> Tensor:
        return _ops.inplace(_ops.log, self)

    def sin_(self) -> Tensor:
        return _ops.inplace(_ops.sin, self)

    def cos_(self) -> Tensor:
        return _ops.inplace(_ops.cos, self)

    def reciprocal_(self) -> Tensor:
        return _ops.inplace(_ops.reciprocal, self)

    def rsqrt_(self) -> Tensor:
        return _ops.inplace(_ops.rsqrt, self)

    def square_(self) -> Tensor:
        return _ops.inplace(_ops.square, self)

    def sign_(self) -> Tensor:
        return _ops.inplace(_ops.sign, self)

    def atan2(self, other: Any) -> Tensor:
        try:
            return _ops.atan2(self, other)
        except Exception:
            _refuse("atan2", (other,))
            raise

    def atan2_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.atan2, self, other)

    def fmod(self, other: Any) -> Tensor:
        try:
            return _ops.fmod(self, other)
        except Exception:
            _refuse("fmod", (other,))
            raise

    def fmod_(self, other: Any) -> Tensor:
        try:
            return _ops.inplace(_ops.fmod, self, other)
        except Exception:
            _refuse("fmod_", (other,))
            raise

    def remainder(self, other: Any) -> Tensor:
        try:
            return _ops.remainder(self, other)
        except Exception:
            _refuse("remainder", (other,))
            raise

    def remainder_(self, other: Any) -> Tensor:
        try:
            return _ops.inplace(_ops.remainder, self, other)
        except Exception:
            _refuse("remainder_", (other,))
            raise

    def floor_divide(self, other: Any) -> Tensor:
        return _ops.floor_divide(self, other)

    def floor_divide_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.floor_divide, self, other)

    def hypot(self, other: Any) -> Tensor:
        return _ops.hypot(self, other)

    def hypot_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.hypot, self, other)

    def ldexp(self, other: Any) -> Tensor:
        return _ops.ldexp(self, other)

    def ldexp_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.ldexp, self, other)

    def nextafter(self, other: Any) -> Tensor:
        return _ops.nextafter(self, other)

    def nextafter_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.nextafter, self, other)

    def xlogy(self, other: Any) -> Tensor:
        return _ops.xlogy(self, other)

    def lu(self, pivot: bool = True, get_infos: bool = False) -> Any:
        from ._ops.lu_solve import legacy_lu

        return legacy_lu(self, pivot, get_infos)

    def lu_solve(self, LU_data: Tensor, LU_pivots: Tensor) -> Tensor:
        from ._ops.lu_solve import legacy_lu_solve

        return legacy_lu_solve(self, LU_data, LU_pivots)

    def mvlgamma(self, p: int) -> Tensor:
        from ._ops.normal_functions import mvlgamma

        return mvlgamma(self, p, _position=1)

    def mvlgamma_(self, p: int) -> Tensor:
        from ._ops.normal_functions import mvlgamma_

        return mvlgamma_(self, p)

    def xlogy_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.xlogy, self, other)

    def copysign(self, other: Any) -> Tensor:
        return _ops.copysign(self, other)

    def copysign_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.copysign, self, other)

    def heaviside(self, values: Any) -> Tensor:
        return _ops.heaviside(self, values)

    def heaviside_(self, values: Any) -> Tensor:
        return _ops.inplace(_ops.heaviside, self, values)

    def clamp_min(self, min: Any) -> Tensor:
        try:
            return _ops.clamp_min(self, min)
        except Exception:
            _refuse("clamp_min", (min,))
            raise

    def clamp_min_(self, min: Any) -> Tensor:
        return _ops.clamp_inplace(_ops.clamp_min, self, min)

    def clamp_max(self, max: Any) -> Tensor:
        try:
            return _ops.clamp_max(self, max)
        except Exception:
            _refuse("clamp_max", (max,))
            raise

    def clamp_max_(self, max: Any) -> Tensor:
        return _ops.clamp_inplace(_ops.clamp_max, self, max)

    def logical_and(self, other: Any) -> Tensor:
        return _ops.logical_and(self, other)

    def logical_and_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.logical_and, self, other)

    def logical_or(self, other: Any) -> Tensor:
        return _ops.logical_or(self, other)

    def logical_or_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.logical_or, self, other)

    def logical_xor(self, other: Any) -> Tensor:
        return _ops.logical_xor(self, other)

    def logical_xor_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.logical_xor, self, other)

    def bitwise_and(self, other: Any) -> Tensor:
        return _ops.bitwise_and(self, other)

    def bitwise_and_(self, other: Any) -> Tensor:
        return _ops.integral_(_ops.bitwise_and, self, other)

    def bitwise_or(self, other: Any) -> Tensor:
        return _ops.bitwise_or(self, other)

    def bitwise_or_(self, other: Any) -> Tensor:
        return _ops.integral_(_ops.bitwise_or, self, other)

    def bitwise_xor(self, other: Any) -> Tensor:
        return _ops.bitwise_xor(self, other)

    def bitwise_xor_(self, other: Any) -> Tensor:
        return _ops.integral_(_ops.bitwise_xor, self, other)

    def bitwise_left_shift(self, other: Any) -> Tensor:
        return _ops.bitwise_left_shift(self, other)

    def bitwise_left_shift_(self, other: Any) -> Tensor:
        return _ops.integral_(_ops.bitwise_left_shift, self, other)

    def bitwise_right_shift(self, other: Any) -> Tensor:
        return _ops.bitwise_right_shift(self, other)

    def bitwise_right_shift_(self, other: Any) -> Tensor:
        return _ops.integral_(_ops.bitwise_right_shift, self, other)

    def logaddexp(self, other: Any) -> Tensor:
        return _ops.logaddexp(self, other)

    def logaddexp2(self, other: Any) -> Tensor:
        return _ops.logaddexp2(self, other)

    def fmax(self, other: Any) -> Tensor:
        return _ops.fmax(self, other)

    def fmin(self, other: Any) -> Tensor:
        return _ops.fmin(self, other)

    def maximum(self, other: Any) -> Tensor:
        try:
            return _ops.maximum(self, other)
        except Exception:
            _refuse("maximum", (other,))
            raise

    def minimum(self, other: Any) -> Tensor:
        try:
            return _ops.minimum(self, other)
        except Exception:
            _refuse("minimum", (other,))
            raise

    def eq_(self, other: Any) -> Tensor:
        try:
            return _ops.eq_(self, other)
        except Exception:
            _refuse("eq_", (other,))
            raise

    def ne_(self, other: Any) -> Tensor:
        try:
            return _ops.ne_(self, other)
        except Exception:
            _refuse("ne_", (other,))
            raise

    def lt_(self, other: Any) -> Tensor:
        try:
            return _ops.lt_(self, other)
        except Exception:
            _refuse("lt_", (other,))
            raise

    def le_(self, other: Any) -> Tensor:
        try:
            return _ops.le_(self, other)
        except Exception:
            _refuse("le_", (other,))
            raise

    def gt_(self, other: Any) -> Tensor:
        try:
            return _ops.gt_(self, other)
        except Exception:
            _refuse("gt_", (other,))
            raise

    def ge_(self, other: Any) -> Tensor:
        try:
            return _ops.ge_(self, other)
        except Exception:
            _refuse("ge_", (other,))
            raise

    def greater(self, other: Any) -> Tensor:
        try:
            return _ops.gt(self, other)
        except Exception:
            _refuse("greater", (other,))
            raise

    def greater_equal(self, other: Any) -> Tensor:
        try:
            return _ops.ge(self, other)
        except Exception:
            _refuse("greater_equal", (other,))
            raise

    def less(self, other: Any) -> Tensor:
        try:
            return _ops.lt(self, other)
        except Exception:
            _refuse("less", (other,))
            raise

    def less_equal(self, other: Any) -> Tensor:
        try:
            return _ops.le(self, other)
        except Exception:
            _refuse("less_equal", (other,))
            raise

    def not_equal(self, other: Any) -> Tensor:
        try:
            return _ops.ne(self, other)
        except Exception:
            _refuse("not_equal", (other,))
            raise

    greater_, greater_equal_, less_, less_equal_, not_equal_ = gt_, ge_, lt_, le_, ne_

    def isinf(self) -> Tensor:
        return _ops.isinf(self)

    def isfinite(self) -> Tensor:
        return _ops.isfinite(self)

    def isposinf(self) -> Tensor:
        return _ops.isposinf(self)

    def isneginf(self) -> Tensor:
        return _ops.isneginf(self)

    def isreal(self) -> Tensor:
        return _ops.isreal(self)

    def signbit(self) -> Tensor:
        return _ops.signbit(self)

    def logical_not(self) -> Tensor:
        return _ops.logical_not(self)

    def logical_not_(self) -> Tensor:
        return _ops.inplace(_ops.logical_not, self)

    def bitwise_not(self) -> Tensor:
        return _ops.bitwise_not(self)

    def bitwise_not_(self) -> Tensor:
        return _ops.inplace(_ops.bitwise_not, self)

    def positive(self) -> Tensor:
        return _ops.positive(self)

    def logit(self, eps: Any = None) -> Tensor:
        return _ops.logit(self, eps)

    def logit_(self, eps: Any = None) -> Tensor:
        return _ops.inplace(_ops.logit, self, eps)

    def polygamma(self, n: builtins.int) -> Tensor:
        return _ops.polygamma(n, self)

    def polygamma_(self, n: builtins.int) -> Tensor:
        return _ops.polygamma_(self, n)

    def round(self, *, decimals: builtins.int | None = None) -> Tensor:
        return _ops.round(self, decimals=decimals)

    def round_(self, *, decimals: builtins.int | None = None) -> Tensor:
        return _ops.inplace(lambda tensor: _ops.round(tensor, decimals=decimals), self)

    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        try:
            return _ops.lerp(self, end, weight)
        except Exception:
            _refuse("lerp", (end, weight))
            raise

    def lerp_(self, end: Tensor, weight: Any) -> Tensor:
        return _ops.inplace(_ops.lerp, self, end, weight)

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _ops.addcmul(self, tensor1, tensor2, value=value)

    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _ops.inplace(lambda t: _ops.addcmul(t, tensor1, tensor2, value=value), self)

    def addcdiv(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _ops.addcdiv(self, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return _ops.inplace(lambda t: _ops.addcdiv(t, tensor1, tensor2, value=value), self)

    def nan_to_num(self, nan: Any = 0.0, posinf: Any = None, neginf: Any = None) -> Tensor:
        return _ops.nan_to_num(self, nan, posinf, neginf)

    def nan_to_num_(self, nan: Any = 0.0, posinf: Any = None, neginf: Any = None) -> Tensor:
        return _ops.inplace(_ops.nan_to_num, self, nan, posinf, neginf)

    def float_power(self, exponent: Any) -> Tensor:
        return _ops.float_power(self, exponent)

    def float_power_(self, exponent: Any) -> Tensor:
        return _ops.float_power_(self, exponent)

    def isclose(self, other: Tensor, rtol: Any = 1e-05, atol: Any = 1e-08,
                equal_nan: builtins.bool = False) -> Tensor:  # fmt: skip
        return _ops.isclose(self, other, rtol, atol, equal_nan)

    def where(self, condition: Tensor, other: Any) -> Tensor:
        return _ops.where(condition, self, other)

    def masked_fill(self, mask: Tensor, value: Any) -> Tensor:
        try:
            return _ops.masked_fill(self, mask, value)
        except Exception:
            _refuse("masked_fill", (mask, value))
            raise

    def masked_fill_(self, mask: Tensor, value: Any) -> Tensor:
        try:
            if isinstance(mask, Tensor) and mask._data.shape != self._data.shape:
                from ._ops._checks import broadcast_shapes

                broadcast_shapes(self._data.shape, mask._data.shape)  # in place: self first
            return _ops.inplace(_ops.masked_fill, self, mask, value)
        except Exception:
            _refuse("masked_fill_", (mask, value))
            raise

    def true_divide_(self, other: Any) -> Tensor:
        return _ops.inplace(_ops.true_divide, self, other)

    def clip_(self, min: Any = None, max: Any = None) -> Tensor:
        return _ops.clamp_inplace(_ops.clamp, self, min, max)

    arcsin, arccos, arctan, arctan2 = asin, acos, atan, atan2
    arcsin_, arccos_, arctan_, arctan2_ = asin_, acos_, atan_, atan2_
    arcsinh, arccosh, arctanh = asinh, acosh, atanh
    arcsinh_, arccosh_, arctanh_ = asinh_, acosh_, atanh_
    fix, fix_ = trunc, trunc_

    def __rmod__(self, other: Any) -> Tensor:
        return _ops.remainder(other, self)

    def __lshift__(self, other: Any) -> Tensor:
        return _ops.bitwise_left_shift(self, other)

    def __rlshift__(self, other: Any) -> Tensor:
        return _ops.bitwise_left_shift(other, self)

    def __rshift__(self, other: Any) -> Tensor:
        return _ops.bitwise_right_shift(self, other)

    def __rrshift__(self, other: Any) -> Tensor:
        return _ops.bitwise_right_shift(other, self)

    def __ilshift__(self, other: Any) -> Tensor:
        return self.bitwise_left_shift_(other)

    def __irshift__(self, other: Any) -> Tensor:
        return self.bitwise_right_shift_(other)

    def __iand__(self, other: Any) -> Tensor:
        return self.bitwise_and_(other)

    def __ior__(self, other: Any) -> Tensor:
        return self.bitwise_or_(other)

    def __ixor__(self, other: Any) -> Tensor:
        return self.bitwise_xor_(other)

    def __imod__(self, other: Any) -> Tensor:
        return self.remainder_(other)

    def __ifloordiv__(self, other: Any) -> Tensor:
        return self.floor_divide_(other)

    def __ipow__(self, exponent: Any) -> Tensor:
        return self.pow_(exponent)

    # -- more reduction methods (keep this marker line: later ops are added below it) --------
    def prod(self, dim: Any = None, keepdim: builtins.bool = False, *, dtype: Any = None) -> Tensor:
        try:
            return _ops.prod(self, dim, keepdim, dtype=dtype)
        except Exception:
            _refuse(
                "prod", _given(dim, keepdim, default=(None, False)), _keyword("dtype", dtype, None)
            )
            raise

    def amax(self, dim: Any = (), keepdim: builtins.bool = False) -> Tensor:
        return _ops.amax(self, dim, keepdim)

    def amin(self, dim: Any = (), keepdim: builtins.bool = False) -> Tensor:
        return _ops.amin(self, dim, keepdim)

    def aminmax(self, *, dim: Any = None, keepdim: builtins.bool = False) -> Any:
        return _ops.aminmax(self, dim=dim, keepdim=keepdim)

    def var(self, *args: Any, **kwargs: Any) -> Tensor:
        """var(dim=None, unbiased=None, keepdim=False, *, correction=None) (see torch.var)"""
        try:
            return _ops.var(self, *args, **kwargs)
        except Exception:
            _refuse("var", args, kwargs)
            raise

    def std(self, *args: Any, **kwargs: Any) -> Tensor:
        """std(dim=None, unbiased=None, keepdim=False, *, correction=None) (see torch.std)"""
        try:
            return _ops.std(self, *args, **kwargs)
        except Exception:
            _refuse("std", args, kwargs)
            raise

    def renorm(self, p: Any, dim: int, maxnorm: Any) -> Tensor:
        return _ops.renorm(self, p, dim, maxnorm)

    def renorm_(self, p: Any, dim: int, maxnorm: Any) -> Tensor:
        return _ops.renorm_(self, p, dim, maxnorm)

    def frexp(self) -> Any:
        return _ops.frexp(self)

    def logsumexp(self, dim: Any, keepdim: builtins.bool = False) -> Tensor:
        return _ops.logsumexp(self, dim, keepdim)

    def cumsum(self, dim: int, *, dtype: Any = None) -> Tensor:
        try:
            return _ops.cumsum(self, dim, dtype=dtype)
        except Exception:
            _refuse("cumsum", (dim,), _keyword("dtype", dtype, None))
            raise

    def cumsum_(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _ops.cumsum_(self, dim, dtype=dtype)

    def cumprod(self, dim: int, *, dtype: Any = None) -> Tensor:
        try:
            return _ops.cumprod(self, dim, dtype=dtype)
        except Exception:
            _refuse("cumprod", (dim,), _keyword("dtype", dtype, None))
            raise

    def cumprod_(self, dim: int, *, dtype: Any = None) -> Tensor:
        return _ops.cumprod_(self, dim, dtype=dtype)

    def cummax(self, dim: int) -> Any:
        return _ops.cummax(self, dim)

    def cummin(self, dim: int) -> Any:
        return _ops.cummin(self, dim)

    def count_nonzero(self, dim: Any = None) -> Tensor:
        try:
            return _ops.count_nonzero(self, dim)
        except Exception:
            _refuse("count_nonzero", _given(dim))
            raise

    def nansum(self, dim: Any = None, keepdim: builtins.bool = False, *,
               dtype: Any = None) -> Tensor:  # fmt: skip
        return _ops.nansum(self, dim, keepdim, dtype=dtype)

    def nanmean(self, dim: Any = None, keepdim: builtins.bool = False, *,
                dtype: Any = None) -> Tensor:  # fmt: skip
        return _ops.nanmean(self, dim, keepdim, dtype=dtype)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: builtins.bool = False,
             dtype: Any = None) -> Tensor:  # fmt: skip
        return _ops.norm(self, p, dim, keepdim, dtype)

    def dist(self, other: Tensor, p: Any = 2) -> Tensor:
        return _ops.dist(self, other, p)

    def median(self, dim: Any = None, keepdim: builtins.bool = False) -> Any:
        return _ops.median(self, dim, keepdim)

    def kthvalue(self, k: int, dim: int = -1, keepdim: builtins.bool = False) -> Any:
        return _ops.kthvalue(self, k, dim, keepdim)

    def mode(self, dim: int = -1, keepdim: builtins.bool = False) -> Any:
        return _ops.mode(self, dim, keepdim)

    def sort(self, dim: int = -1, descending: builtins.bool = False, **stable: Any) -> Any:
        """sort(dim=-1, descending=False, *, stable=False) -> (values, indices)"""
        try:
            # ``stable`` passed on only when given: an explicit None picks another overload.
            return _ops.sort(self, dim, descending, **stable)
        except Exception:
            _refuse("sort", _given(dim, descending, default=(-1, False)), stable)
            raise

    def argsort(self, dim: int = -1, descending: builtins.bool = False, *,
                stable: builtins.bool = False) -> Tensor:  # fmt: skip
        try:
            return _ops.argsort(self, dim, descending, stable=stable)
        except Exception:
            _refuse(
                "argsort",
                _given(dim, descending, default=(-1, False)),
                _keyword("stable", stable, False),
            )
            raise

    def msort(self) -> Tensor:
        return _ops.msort(self)

    def topk(self, k: int, dim: int = -1, largest: builtins.bool = True,
             sorted: builtins.bool = True) -> Any:  # fmt: skip
        try:
            return _ops.topk(self, k, dim, largest, sorted)
        except Exception:
            _refuse("topk", _given(k, dim, largest, sorted, default=(NO_DIM, -1, True, True)))
            raise

    def unique_consecutive(
        self,
        return_inverse: builtins.bool = False,
        return_counts: builtins.bool = False,
        dim: Any = None,
    ) -> Any:
        return _ops.unique_consecutive(self, return_inverse, return_counts, dim)

    def unique(self, sorted: builtins.bool = True, return_inverse: builtins.bool = False,
               return_counts: builtins.bool = False, dim: Any = None) -> Any:  # fmt: skip
        return _ops.unique(self, sorted, return_inverse, return_counts, dim)

    # -- more shape and indexing methods (keep this marker line: later ops go below it) ------
    def split(self, split_size: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.split(self, split_size, dim)

    def split_with_sizes(self, split_sizes: Any, dim: int = 0) -> tuple[Tensor, ...]:
        return _ops.split(self, list(split_sizes), dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        try:
            return _ops.chunk(self, chunks, dim)
        except Exception:
            _refuse("chunk", _given(chunks, dim, default=(NO_DIM, 0)))
            raise

    def tensor_split(self, indices_or_sections: Any = None, dim: int = 0,
                     **kwargs: Any) -> tuple[Tensor, ...]:  # fmt: skip
        return _ops.tensor_split(self, indices_or_sections, dim, **kwargs)

    def hsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        return _ops.hsplit(self, indices_or_sections)

    def vsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        return _ops.vsplit(self, indices_or_sections)

    def dsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        return _ops.dsplit(self, indices_or_sections)

    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        from ._ops.shape import unfold_dimension

        return unfold_dimension(self, dimension, size, step)

    def stft(self, *args: Any, **kwargs: Any) -> Tensor:
        from ._stft import stft

        return stft(self, *args, **kwargs)

    def istft(self, *args: Any, **kwargs: Any) -> Tensor:
        from ._stft import istft

        return istft(self, *args, **kwargs)

    def sum_to_size(self, *size: Any) -> Tensor:
        from ._ops.reduction import sum_to_size

        if not size:
            raise TypeError('sum_to_size() missing 1 required positional arguments: "size"')
        return sum_to_size(self, _shape_args(size))

    def narrow(self, dim: int, start: Any, length: int) -> Tensor:
        try:
            return _ops.narrow(self, dim, start, length)
        except Exception:
            _refuse("narrow", (dim, start, length))
            raise

    def movedim(self, source: Any, destination: Any) -> Tensor:
        try:
            return _ops.movedim(self, source, destination)
        except Exception:
            _refuse("movedim", (source, destination))
            raise

    moveaxis = movedim

    def unflatten(self, dim: int, sizes: Any) -> Tensor:
        try:
            return _ops.unflatten(self, dim, sizes)
        except Exception:
            _refuse("unflatten", (dim, sizes))
            raise

    def ravel(self) -> Tensor:
        return _ops.ravel(self)

    def flip(self, *dims: Any, **kwargs: Any) -> Tensor:
        try:
            return _ops.flip(self, _shape_args(dims) if dims else kwargs["dims"])
        except Exception:
            _refuse("flip", dims, kwargs)
            raise

    def fliplr(self) -> Tensor:
        return _ops.fliplr(self)

    def flipud(self) -> Tensor:
        return _ops.flipud(self)

    def roll(self, shifts: Any, dims: Any = None) -> Tensor:
        try:
            return _ops.roll(self, shifts, dims)
        except Exception:
            _refuse("roll", _given(shifts, dims))
            raise

    def rot90(self, k: int = 1, dims: Any = (0, 1)) -> Tensor:
        return _ops.rot90(self, k, dims)

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        try:
            return _ops.diagonal(self, offset, dim1, dim2)
        except Exception:
            _refuse("diagonal", _given(offset, dim1, dim2, default=(0, 0, 1)))
            raise

    def diag(self, diagonal: int = 0) -> Tensor:
        try:
            return _ops.diag(self, diagonal)
        except Exception:
            _refuse("diag", _given(diagonal, default=(0,)))
            raise

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        return _ops.diag_embed(self, offset, dim1, dim2)

    def diagflat(self, offset: int = 0) -> Tensor:
        return _ops.diagflat(self, offset)

    def tril(self, diagonal: int = 0) -> Tensor:
        try:
            return _ops.tril(self, diagonal)
        except Exception:
            _refuse("tril", _given(diagonal, default=(0,)))
            raise

    def tril_(self, diagonal: int = 0) -> Tensor:
        return _ops.inplace(_ops.tril, self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        try:
            return _ops.triu(self, diagonal)
        except Exception:
            _refuse("triu", _given(diagonal, default=(0,)))
            raise

    def triu_(self, diagonal: int = 0) -> Tensor:
        return _ops.inplace(_ops.triu, self, diagonal)

    def repeat(self, *repeats: Any, **keywords: Any) -> Tensor:
        try:
            if keywords:
                sizes = _keyword_sizes(repeats, "repeats", *_keyword_split(keywords, "repeats"))
                return _ops.repeat(self, _shape_args(sizes))
            return _ops.repeat(self, _shape_args(repeats))
        except Exception:
            _refuse("repeat", repeats, keywords)
            raise

    def repeat_interleave(self, repeats: Any, dim: int | None = None, *,
                          output_size: int | None = None) -> Tensor:  # fmt: skip
        return _ops.repeat_interleave(self, repeats, dim, output_size=output_size)

    def tile(self, *dims: Any) -> Tensor:
        return _ops.tile(self, _shape_args(dims))

    def broadcast_to(self, *size: Any, **keywords: Any) -> Tensor:
        # PyTorch's parser takes the sizes as one list or spread out, as for expand
        try:
            if keywords:
                sizes = _keyword_sizes(size, "size", *_keyword_split(keywords, "size"))
                return _ops.broadcast_to(self, _shape_args(sizes))
            return _ops.broadcast_to(self, _shape_args(size))
        except Exception:
            _refuse("broadcast_to", size, keywords)
            raise

    def as_strided(self, size: Any, stride: Any, storage_offset: int | None = None) -> Tensor:
        return _ops.as_strided(self, size, stride, storage_offset)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        try:
            return _ops.index_select(self, dim, index)
        except Exception:
            _refuse("index_select", (dim, index))
            raise

    def gather(self, dim: int, index: Tensor, *, sparse_grad: builtins.bool = False) -> Tensor:
        try:
            return _ops.gather(self, dim, index)
        except Exception:
            _refuse("gather", (dim, index), _keyword("sparse_grad", sparse_grad, False))
            raise

    def scatter(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                reduce: str | None = None) -> Tensor:  # fmt: skip
        return _ops.scatter(self, dim, index, src, value=value, reduce=reduce)

    def scatter_(self, dim: int, index: Tensor, src: Any = None, *, value: Any = None,
                 reduce: str | None = None) -> Tensor:  # fmt: skip
        return _ops.inplace(
            lambda target: _ops.scatter(target, dim, index, src, value=value, reduce=reduce), self
        )

    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return _ops.scatter_add(self, dim, index, src)

    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return _ops.inplace(_ops.scatter_add, self, dim, index, src)

    def scatter_reduce(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                       include_self: builtins.bool = True) -> Tensor:  # fmt: skip
        return _ops.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)

    def scatter_reduce_(self, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                        include_self: builtins.bool = True) -> Tensor:  # fmt: skip
        return _ops.inplace(
            lambda target: _ops.scatter_reduce(
                target, dim, index, src, reduce, include_self=include_self
            ),
            self,
        )

    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        return _ops.index_add(self, dim, index, source, alpha=alpha)

    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: Any = 1) -> Tensor:
        return _ops.inplace(
            lambda target: _ops.index_add(target, dim, index, source, alpha=alpha), self
        )

    def index_copy(self, dim: int, index: Tensor, source: Tensor) -> Tensor:
        return _ops.index_copy(self, dim, index, source)

    def index_copy_(self, dim: int, index: Tensor, source: Tensor) -> Tensor:
        return _ops.inplace(_ops.index_copy, self, dim, index, source)

    def index_fill(self, dim: int, index: Tensor, value: Any) -> Tensor:
        return _ops.index_fill(self, dim, index, value)

    def index_fill_(self, dim: int, index: Tensor, value: Any) -> Tensor:
        return _ops.inplace(_ops.index_fill, self, dim, index, value)

    def index_put(self, indices: Any, values: Any, accumulate: builtins.bool = False) -> Tensor:
        return _ops.index_put(self, indices, values, accumulate)

    def index_put_(self, indices: Any, values: Any, accumulate: builtins.bool = False) -> Tensor:
        return _ops.inplace(_ops.index_put, self, indices, values, accumulate)

    def masked_select(self, mask: Tensor) -> Tensor:
        try:
            return _ops.masked_select(self, mask)
        except Exception:
            _refuse("masked_select", (mask,))
            raise

    def masked_scatter(self, mask: Tensor, source: Tensor) -> Tensor:
        return _ops.masked_scatter(self, mask, source)

    def masked_scatter_(self, mask: Tensor, source: Tensor) -> Tensor:
        return _ops.inplace(_ops.masked_scatter, self, mask, source)

    def take(self, index: Tensor) -> Tensor:
        return _ops.take(self, index)

    def take_along_dim(self, indices: Tensor, dim: int | None = None) -> Tensor:
        return _ops.take_along_dim(self, indices, dim)

    def put(self, index: Tensor, source: Tensor, accumulate: builtins.bool = False) -> Tensor:
        return _ops.put(self, index, source, accumulate)

    def put_(self, index: Tensor, source: Tensor, accumulate: builtins.bool = False) -> Tensor:
        return _ops.inplace(_ops.put, self, index, source, accumulate)

    def nonzero(self, *, as_tuple: builtins.bool = False) -> Any:
        return _ops.nonzero(self, as_tuple=as_tuple)

    def argwhere(self) -> Tensor:
        return _ops.argwhere(self)

    # -- linear algebra methods (keep this marker line: later ops are added below it) --------
    def addmm(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        try:
            return _ops.addmm(self, mat1, mat2, beta=beta, alpha=alpha)
        except Exception:
            _refuse(
                "addmm", (mat1, mat2), {**_keyword("beta", beta, 1), **_keyword("alpha", alpha, 1)}
            )
            raise

    def addmm_(self, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.inplace(lambda t: _ops.addmm(t, mat1, mat2, beta=beta, alpha=alpha), self)

    def addmv(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addmv_(self, mat: Tensor, vec: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.inplace(lambda t: _ops.addmv(t, mat, vec, beta=beta, alpha=alpha), self)

    def addr(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def addr_(self, vec1: Tensor, vec2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.inplace(lambda t: _ops.addr(t, vec1, vec2, beta=beta, alpha=alpha), self)

    def addbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.inplace(lambda t: _ops.addbmm(t, batch1, batch2, beta=beta, alpha=alpha), self)

    def baddbmm(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        return _ops.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1: Tensor, batch2: Tensor, *, beta: Any = 1,
                 alpha: Any = 1) -> Tensor:  # fmt: skip
        return _ops.inplace(lambda t: _ops.baddbmm(t, batch1, batch2, beta=beta, alpha=alpha), self)

    def vdot(self, other: Tensor) -> Tensor:
        return _ops.vdot(self, other)

    def inner(self, other: Tensor) -> Tensor:
        return _ops.inner(self, other)

    def outer(self, vec2: Tensor) -> Tensor:
        return _ops.outer(self, vec2)

    def ger(self, vec2: Tensor) -> Tensor:
        return _ops.ger(self, vec2)

    def kron(self, other: Tensor) -> Tensor:
        return _ops.kron(self, other)

    def trace(self) -> Tensor:
        return _ops.trace(self)

    def cross(self, other: Tensor, dim: builtins.int | None = None) -> Tensor:
        return _ops.cross(self, other, dim)

    def matrix_power(self, n: builtins.int) -> Tensor:
        return _ops.matrix_power(self, n)

    def det(self) -> Tensor:
        return _ops.det(self)

    def matrix_exp(self) -> Tensor:
        return _ops.matrix_exp(self)

    def logdet(self) -> Tensor:
        return _ops.logdet(self)

    def slogdet(self) -> Any:
        return _ops.legacy_slogdet(self)

    def inverse(self) -> Tensor:
        return _ops.inv(self)

    def cholesky(self, upper: builtins.bool = False) -> Tensor:
        return _ops.legacy_cholesky(self, upper)

    def cholesky_solve(self, input2: Tensor, upper: builtins.bool = False) -> Tensor:
        from ._ops.cholesky_solve import cholesky_solve

        return cholesky_solve(self, input2, upper)

    def cholesky_inverse(self, upper: builtins.bool = False) -> Tensor:
        from ._ops.cholesky_solve import cholesky_inverse

        return cholesky_inverse(self, upper)

    def qr(self, some: builtins.bool = True) -> Any:
        return _ops.legacy_qr(self, some)

    def svd(self, some: builtins.bool = True, compute_uv: builtins.bool = True) -> Any:
        return _ops.legacy_svd(self, some, compute_uv)

    def pinverse(self, rcond: builtins.float = 1e-15) -> Tensor:
        return _ops.pinverse(self, rcond)


# NOTE [Saved outputs' version counters]
# A tensor's version counter is made on first need: most tensors are never modified in place
# or viewed. An op that saves its output for backward (tanh, exp, relu...) must still see
# later in-place changes of it, without a counter made per op: the saved output and the
# tensor share one counter, made by whichever side needs it first. The saved output makes
# it when unpacked; the tensor, when first modified or viewed, takes the one its node's saved
# output already has, or makes one and hands it over.
def _first_counter(tensor: Tensor) -> VersionCounter:
    """A tensor's first version counter, shared with its node's saved copy of it."""
    node = tensor._grad_fn
    saved = getattr(node, "_saved", None) if node is not None else None
    if saved:
        data = tensor._data
        if isinstance(saved, dict):  # an op's node: bare arrays may be saved outputs
            outputs = node._primitive.output_names  # type: ignore[union-attr]
            for name, value in saved.items():
                if value is data and name in outputs:  # NOTE [Saved outputs as arrays]
                    counter = VersionCounter()
                    saved[name] = _save_output_array(data, tensor._output_nr, counter)
                    return counter
            values: Any = saved.values()
        else:
            values = saved
        for value in values:
            if type(value) is _SavedTensor and value._is_output and value._value is data:
                if value._counter is None:
                    value._counter = VersionCounter()
                return value._counter
    return VersionCounter()


# The storages (root arrays) that share_memory_() marked, by id, while they live.
def _requires_grad_argument(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """``requires_grad_``'s one argument, read as PyTorch's parser reads it (a bool only)."""
    if len(args) > 1:
        raise TypeError(
            f"requires_grad_() takes from 0 to 1 positional arguments but {len(args)} were given"
        )
    for key in kwargs:
        if key != "requires_grad":
            raise TypeError(f"requires_grad_() got an unexpected keyword argument '{key}'")
        if args:
            raise TypeError("requires_grad_() got multiple values for argument 'requires_grad'")
    value = args[0] if args else kwargs.get("requires_grad", True)
    if not isinstance(value, builtins.bool):
        from ._overloads import _type_name

        where = " (position 1)" if args else ""
        raise TypeError(
            f"requires_grad_(): argument 'requires_grad'{where} must be bool, not "
            f"{_type_name(value)}"
        )
    return value


def _keyword_sizes(
    given: tuple[Any, ...],
    name: str,
    value: Any,
    dtype: Any,
    others: dict[str, Any] | None = None,
) -> tuple[Any, ...]:
    """The sizes of ``view(*size)``-like methods, also given by PyTorch's keyword
    (``x.view(size=(3, 2))``, ``x.reshape(shape=...)``, ``x.permute(dims=...)``)."""
    if others:
        raise TypeError(f"got an unexpected keyword argument '{next(iter(others))}'")
    if dtype is not None:
        return (*given, dtype)
    if value is None:
        return given
    if given:
        raise TypeError(f"got multiple values for argument '{name}'")
    return (value,)


def _renamed(error: TypeError, name: str, method: str) -> TypeError:
    """``error`` raised by the factory ``name`` as the method ``method``'s parser words it
    (``new_zeros(): argument 'size' ...``)."""
    text = str(error)
    if text.startswith(f"{name}()") or text.startswith(f"{name}("):
        return TypeError(method + text[len(name) :])
    return error


_TO_KEYWORDS = frozenset({"dtype", "copy", "device", "non_blocking", "memory_format"})


def _refuse(name: str, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> None:
    """Raise PyTorch's TypeError for ``tensor.name(*args, **kwargs)`` if none of the method's
    signatures takes it. The methods ask only once the call has failed (their ``except``):
    PyTorch's parser would have refused such a call before anything ran, so its words
    replace whatever error rungrad's own code met."""
    from ._overloads import refusal

    error = refusal(name, args, kwargs or {}, method=True)
    if error is not None:
        raise error from None


def _given(*values: Any, default: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """The arguments of a failed method call as given: the trailing ones still at their
    defaults (``default``, else None) dropped. (Whether one was given by keyword is not
    known here; they are shown as positional.)"""
    count = len(values)
    while count and values[count - 1] is (default[count - 1] if default else None):
        count -= 1
    return values[:count]


def _keyword(name: str, value: Any, default: Any) -> dict[str, Any]:
    """A keyword-only argument of a failed method call, if it was given (not ``default``)."""
    if value is default or (type(value) is type(default) and value == default):
        return {}
    return {name: value}


def _keyword_split(keywords: dict[str, Any], name: str) -> tuple[Any, None, dict[str, Any]]:
    """``_keyword_sizes``'s arguments from a method's keywords: the sizes given as ``name``,
    no dtype, and the other keywords (``keywords`` itself is left as given)."""
    return keywords.get(name), None, {key: v for key, v in keywords.items() if key != name}


def _wrapped_by_numpy(value: Any) -> Any:
    """A NumPy result as PyTorch's ``__array_wrap__`` returns it: arrays and NumPy scalars
    become tensors, booleans as uint8; anything else is returned as it is."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        return Tensor._from_array(array)
    return value


_SHARED_ARRAYS: weakref.WeakValueDictionary[int, np.ndarray] = weakref.WeakValueDictionary()


def _root_array(array: np.ndarray) -> np.ndarray:
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def _not_writable(name: str) -> Callable[[Tensor, Any], None]:
    def refuse(self: Tensor, value: Any) -> None:
        raise AttributeError(
            f"attribute '{name}' of 'rungrad._C.TensorBase' objects is not writable"
        )

    return refuse


# Read-only attributes refuse assignment with PyTorch's message (its TensorBase is a C type).
for _name in ("shape", "dtype", "device", "is_cuda", "layout", "ndim", "is_leaf", "grad_fn",
              "output_nr", "retains_grad", "_version", "T", "mT", "H", "mH", "is_sparse",
              "is_quantized", "is_meta", "is_mkldnn", "is_nested"):  # fmt: skip
    setattr(Tensor, _name, vars(Tensor)[_name].setter(_not_writable(_name)))


def _check_matrices(tensor: Tensor, name: str) -> None:
    if tensor._data.ndim < 2:
        raise RuntimeError(
            f"tensor.{name} is only supported on matrices or batches of matrices. Got "
            f"{tensor._data.ndim}-D tensor."
        )


def _init_slots(tensor: Tensor, data: np.ndarray) -> None:
    """Give a Tensor made by a Python-level constructor its initial state."""
    tensor._data = data
    tensor._requires_grad = False
    tensor._grad = None
    tensor._grad_fn = None
    tensor._output_nr = 0
    tensor._version_counter = (
        INFERENCE_COUNTER if _INFERENCE_BLOCKS.open and _GRAD_STATE.inference else None
    )
    tensor._base = None
    tensor._retains_grad = False
    tensor._accumulator = None
    tensor._leaf_hooks = None
    tensor._post_accumulate_hooks = None


_TYPED_STORAGE_WARNING = (
    "TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be "
    "the only storage class. This should only matter to you if you are using storages "
    "directly.  To access UntypedStorage directly, use tensor.untyped_storage() instead of "
    "tensor.storage()"
)

_TRANSPOSE_WARNINGS = {
    True: "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases. "
    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4321.)",
    False: "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
    "deprecated and it will throw an error in a future release. Consider `x.mT` to transpose "
    "batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the "
    "dimensions of a tensor. (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4314.)",
}


def _warn_transpose_once(ndim: int) -> None:
    """PyTorch warns once per process about ``.T`` on 0-D tensors, and once about other ranks."""
    _warn_once(_TRANSPOSE_WARNINGS[ndim == 0], UserWarning, stacklevel=3)


def _rebuild_tensor(data: np.ndarray, requires_grad: bool) -> Tensor:
    return Tensor._from_array(np.array(data), requires_grad)


def _c_type_name(tensor: Tensor) -> str:
    """PyTorch's C++ scalar-type spelling, used by some messages ("float", "long int")."""
    return c_type_name(tensor._data.dtype)


def _wrap_dim(dim: int, ndim: int) -> int:
    """A dimension index in range, or PyTorch's IndexError."""
    return _checked_wrap_dim(dim, ndim)


def _shape_args(args: Sequence[Any]) -> tuple[int, ...]:
    """Accept both ``f(2, 3)`` and ``f((2, 3))`` / ``f([2, 3])`` / ``f(Size)``."""
    if len(args) == 1:
        first = args[0]  # an int first: isinstance against numbers.Integral is slow
        if type(first) is not int and not isinstance(first, (numbers.Integral, Tensor)):
            return tuple(first)
    return tuple(args)


# Imported last: these modules need the Tensor class, and Tensor's methods need them.
from . import _ops  # noqa: E402
from . import autograd as _autograd  # noqa: E402
from ._ops._checks import wrap_dim as _checked_wrap_dim  # noqa: E402
from ._runtime import warn_once as _warn_once  # noqa: E402
from .autograd.grad_mode import INFERENCE_BLOCKS as _INFERENCE_BLOCKS  # noqa: E402
from .autograd.grad_mode import STATE as _GRAD_STATE  # noqa: E402
from .autograd.graph import AccumulateGrad, shown  # noqa: E402
from .autograd.saved import SavedTensor as _SavedTensor  # noqa: E402
from .autograd.saved import save_output_array as _save_output_array  # noqa: E402
