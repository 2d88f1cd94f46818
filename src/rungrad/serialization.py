"""Saving and loading: ``save``/``load`` in rungrad's own checkpoint format, and safetensors
helpers for exchanging state dicts with PyTorch and other libraries.

The checkpoint format: a zip archive, like PyTorch's, holding
``archive/version``, ``archive/data.pkl`` and one ``archive/data/<key>.npy`` per storage. The
pickle refers to tensors by persistent id — ``("rungrad.tensor", tensor_key, storage_key, dtype,
shape, strides, offset, requires_grad, class, state)`` — so tensor data never goes through
pickle, a tensor saved twice loads as one object, and tensors that shared memory when saved
(views, tied weights) share it again when loaded.
``load(weights_only=True)``, the default as in PyTorch, unpickles only containers, numbers,
strings, tensors and a short list of rungrad types (extend it with ``add_safe_globals``);
``weights_only=False`` loads any pickle and runs whatever code it names. PyTorch's own files
are not readable here: exchange weights through ``save_safetensors``/``load_safetensors``.
"""

from __future__ import annotations

import _compat_pickle
import collections
import io
import os
import pickle
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import numpy as np

from . import _dtype
from ._size import Size
from ._tensor import Tensor, device

__all__ = [
    "add_safe_globals",
    "clear_safe_globals",
    "get_safe_globals",
    "load",
    "load_safetensors",
    "safe_globals",
    "save",
    "save_safetensors",
]

DEFAULT_PROTOCOL = 2
_FORMAT_VERSION = b"rungrad-1\n"
_TENSOR_TAG = "rungrad.tensor"

FileLike = str | os.PathLike[str] | IO[bytes]


# -- saving ---------------------------------------------------------------------------------
def _storage_of(array: np.ndarray) -> tuple[np.ndarray, int] | None:
    """The C-contiguous array that owns ``array``'s memory and the byte offset into it, or
    None when ``array`` cannot be rebuilt as a plain strided view of it."""
    root = array
    while isinstance(root.base, np.ndarray):
        root = root.base
    if not root.flags.c_contiguous or any(stride < 0 for stride in array.strides):
        return None
    offset = array.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    if array.size:
        last = offset + sum((n - 1) * s for n, s in zip(array.shape, array.strides))
        if offset < 0 or last + array.itemsize > root.nbytes:
            return None
    else:
        offset = 0
    return root, offset


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], protocol: int) -> None:
        super().__init__(file, protocol)
        self.storages: list[np.ndarray] = []
        self._storage_keys: dict[int, str] = {}
        self._tensors: dict[int, tuple[int, Tensor]] = {}  # id -> (key, tensor kept alive)

    def _storage_key(self, root: np.ndarray) -> str:
        key = self._storage_keys.get(id(root))
        if key is None:
            key = self._storage_keys[id(root)] = str(len(self.storages))
            self.storages.append(root)  # also keeps id(root) from being reused while saving
        return key

    def persistent_id(self, obj: Any) -> Any:
        if not isinstance(obj, Tensor):
            return None
        array = obj._data
        found = _storage_of(array)
        if found is None:
            root, offset = np.ascontiguousarray(array), 0
            array = root
        else:
            root, offset = found
        state = getattr(obj, "__dict__", None) or None
        tensor_key = self._tensors.setdefault(id(obj), (len(self._tensors), obj))[0]
        return (
            _TENSOR_TAG,
            tensor_key,
            self._storage_key(root),
            array.dtype.str,
            tuple(array.shape),
            tuple(array.strides),
            offset,
            bool(obj._requires_grad),
            type(obj),
            state,
        )


@contextmanager
def _open(f: FileLike, mode: str) -> Iterator[IO[bytes]]:
    if isinstance(f, str | os.PathLike):
        with open(f, mode) as handle:
            yield handle  # type: ignore[misc]
    else:
        yield f


def save(obj: Any, f: FileLike, pickle_module: Any = pickle,
         pickle_protocol: int = DEFAULT_PROTOCOL, _use_new_zipfile_serialization: bool = True,
         _disable_byteorder_record: bool = False) -> None:  # fmt: skip
    """Save ``obj`` (tensors, state dicts, nested containers, numbers, strings...) to ``f``, a
    path or a binary file object.

    Example::

        >>> import io
        >>> import rungrad as torch
        >>> buffer = io.BytesIO()
        >>> torch.save({"w": torch.tensor([1.0, 2.0]), "step": 3}, buffer)
        >>> _ = buffer.seek(0)
        >>> torch.load(buffer)
        {'w': tensor([1., 2.]), 'step': 3}
    """
    if pickle_module is not pickle:
        raise ValueError("rungrad.save supports only the standard pickle module")
    data = io.BytesIO()
    pickler = _Pickler(data, pickle_protocol)
    pickler.dump(obj)
    with _open(f, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/version", _FORMAT_VERSION)
        archive.writestr("archive/data.pkl", data.getvalue())
        for key, storage in enumerate(pickler.storages):
            with archive.open(f"archive/data/{key}.npy", "w", force_zip64=True) as entry:
                np.save(entry, storage, allow_pickle=False)


# -- weights-only unpickling ----------------------------------------------------------------
def _qualified_name(obj: Any) -> str:
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", getattr(obj, "__name__", repr(obj)))
    return name if module in (None, "builtins") else f"{module}.{name}"


def _default_safe_globals() -> dict[str, Any]:
    from .nn.parameter import Buffer, Parameter

    allowed: list[Any] = [
        collections.OrderedDict,
        collections.Counter,
        set,
        complex,
        bytearray,
        Tensor,
        Parameter,
        Buffer,
        Size,
        device,
    ]
    found = {_qualified_name(obj): obj for obj in allowed}
    found["_codecs.encode"] = _latin1_encode  # how protocol 2 pickles ``bytes``
    for name in dir(_dtype):
        value = getattr(_dtype, name)
        if isinstance(value, _dtype.dtype):  # pickled as rungrad.<name>; older files _dtype
            found[f"rungrad.{name}"] = found[f"rungrad._dtype.{name}"] = value
    return found


def _latin1_encode(text: str, encoding: str = "latin1") -> bytes:
    return text.encode(encoding)


_user_safe_globals: list[Any] = []


def add_safe_globals(safe_globals: list[Any]) -> None:
    """Allow these classes/functions in ``load(weights_only=True)`` (each may also be given as
    ``(obj, "module.name")``)."""
    _user_safe_globals.extend(safe_globals)


def get_safe_globals() -> list[Any]:
    """The classes/functions added with ``add_safe_globals``."""
    return list(_user_safe_globals)


def clear_safe_globals() -> None:
    _user_safe_globals.clear()


@contextmanager
def safe_globals(safe_globals: list[Any]) -> Iterator[None]:
    """Within the block, also allow ``safe_globals`` in ``load(weights_only=True)``."""
    before = list(_user_safe_globals)
    add_safe_globals(safe_globals)
    try:
        yield
    finally:
        _user_safe_globals[:] = before


def _allowed_globals() -> dict[str, Any]:
    allowed = _default_safe_globals()
    for entry in _user_safe_globals:
        if isinstance(entry, tuple):
            obj, name = entry
            allowed[name] = obj
        else:
            allowed[_qualified_name(entry)] = entry
    return allowed


_WEIGHTS_ONLY_FAILURE = (
    "Weights only load failed. This file can still be loaded, to do so you have two options, "
    "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n"
    "\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument in "
    "`rungrad.load` from `False` to `True`. Re-running `rungrad.load` with `weights_only` set to "
    "`False` will likely succeed, but it can result in arbitrary code execution. Do it only if "
    "you got the file from a trusted source.\n"
    "\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps "
    "in the following error message.\n"
    "\tWeightsUnpickler error: {}\n\n"
    "Check the documentation of rungrad.load to learn more about types accepted by default "
    "with weights_only https://pytorch.org/docs/stable/generated/torch.load.html."
)


class _WeightsOnlyError(Exception):
    pass


# -- loading --------------------------------------------------------------------------------
class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], storage: Any, weights_only: bool,
                 map_location: Any, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(file, **kwargs)
        self._storage = storage
        self._weights_only = weights_only
        self._allowed = _allowed_globals() if weights_only else {}
        self._map_location = map_location
        self._tensors: dict[int, Tensor] = {}

    def find_class(self, module: str, name: str) -> Any:
        if not self._weights_only:
            return super().find_class(module, name)
        # Protocol 2 names Python 2 modules (``__builtin__.set``); pickle maps them likewise.
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        module = _compat_pickle.IMPORT_MAPPING.get(module, module)
        qualified = name if module == "builtins" else f"{module}.{name}"
        if qualified in self._allowed:
            return self._allowed[qualified]
        raise _WeightsOnlyError(
            f"Unsupported global: GLOBAL {qualified} was not an allowed global by default. "
            f"Please use `rungrad.serialization.add_safe_globals([{qualified}])` or the "
            f"`rungrad.serialization.safe_globals([{qualified}])` context manager to allowlist "
            "this global if you trust this class/function."
        )

    def persistent_load(self, pid: Any) -> Any:
        if not (isinstance(pid, tuple) and len(pid) == 10 and pid[0] == _TENSOR_TAG):
            raise pickle.UnpicklingError(f"unsupported persistent id in checkpoint: {pid!r}")
        if pid[1] in self._tensors:
            return self._tensors[pid[1]]
        _, tensor_key, key, dtype, shape, strides, offset, requires_grad, cls, state = pid
        if not (isinstance(cls, type) and issubclass(cls, Tensor)):
            raise pickle.UnpicklingError(f"expected a Tensor class in checkpoint, got {cls!r}")
        root = self._storage(key)
        array = np.ndarray(shape, np.dtype(dtype), buffer=root, offset=offset, strides=strides)
        result = cls._from_array(array, bool(requires_grad))
        if state:
            result.__dict__.update(state)
        result = self._tensors[tensor_key] = _apply_map_location(result, self._map_location)
        return result


def _check_map_location(map_location: Any) -> None:
    if map_location is None or callable(map_location):
        return
    targets = map_location.values() if isinstance(map_location, dict) else (map_location,)
    for target in targets:
        name = device(target).type
        if name == "cuda":
            raise RuntimeError(
                "Attempting to deserialize object on a CUDA device but "
                "torch.cuda.is_available() is False. If you are running on a CPU-only machine, "
                "please use torch.load with map_location=torch.device('cpu') to map your "
                "storages to the CPU."
            )
        if name != "cpu":
            raise RuntimeError(f"rungrad.UntypedStorage(): Storage device not recognized: {name}")


def _apply_map_location(tensor: Tensor, map_location: Any) -> Tensor:
    if callable(map_location) and not isinstance(map_location, device):
        moved = map_location(tensor, "cpu")
        return tensor if moved is None else moved
    return tensor


def load(f: FileLike, map_location: Any = None, pickle_module: Any = None, *,
         weights_only: bool | None = None, mmap: bool | None = None,
         **pickle_load_args: Any) -> Any:  # fmt: skip
    """Load what ``save`` wrote to ``f`` (a path or a binary file object).

    ``weights_only`` (default ``True`` unless a ``pickle_module`` is given) refuses anything
    but tensors, containers, numbers, strings and allowlisted types, raising
    ``pickle.UnpicklingError``; pass ``weights_only=False`` only for trusted files.
    ``map_location`` may be ``None``, ``"cpu"``, a ``device``, a dict of locations or a
    callable ``(tensor, "cpu") -> tensor``; rungrad tensors always live on the CPU.
    """
    if weights_only is None:
        weights_only = pickle_module is None
    elif weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    _check_map_location(map_location)
    pickle_load_args.setdefault("encoding", "utf-8")
    with _open(f, "rb") as handle:
        if _is_zip(handle):
            with zipfile.ZipFile(handle) as archive:
                return _load_archive(archive, map_location, weights_only, pickle_load_args)
        # Not an archive: a plain pickle (``pickle.dump`` of rungrad objects).
        return _unpickle(handle, _no_storage, weights_only, map_location, pickle_load_args)


def _is_zip(handle: IO[bytes]) -> bool:
    start = handle.tell()
    magic = handle.read(4)
    handle.seek(start)
    return magic == b"PK\x03\x04"


def _no_storage(key: str) -> np.ndarray:
    raise pickle.UnpicklingError("tensor storage outside of a rungrad checkpoint archive")


def _load_archive(archive: zipfile.ZipFile, map_location: Any, weights_only: bool,
                  pickle_load_args: dict[str, Any]) -> Any:  # fmt: skip
    names = set(archive.namelist())
    pickles = [name for name in names if name.endswith("/data.pkl")]
    if len(pickles) != 1:
        raise RuntimeError("rungrad.load: not a checkpoint (no single data.pkl in the archive)")
    prefix = pickles[0][: -len("data.pkl")]
    if f"{prefix}version" in names and archive.read(f"{prefix}version") != _FORMAT_VERSION:
        raise RuntimeError(
            "rungrad.load reads checkpoints written by rungrad.save only; this archive looks "
            "like PyTorch's format. Exchange weights with safetensors instead "
            "(rungrad.serialization.load_safetensors)."
        )
    storages: dict[str, np.ndarray] = {}

    def storage(key: str) -> np.ndarray:
        if key not in storages:
            with archive.open(f"{prefix}data/{key}.npy") as entry:
                storages[key] = np.load(io.BytesIO(entry.read()), allow_pickle=False)
        return storages[key]

    with archive.open(pickles[0]) as data:
        return _unpickle(data, storage, weights_only, map_location, pickle_load_args)


def _unpickle(file: IO[bytes], storage: Any, weights_only: bool, map_location: Any,
              pickle_load_args: dict[str, Any]) -> Any:  # fmt: skip
    unpickler = _Unpickler(file, storage, weights_only, map_location, **pickle_load_args)
    if not weights_only:
        return unpickler.load()
    try:
        return unpickler.load()
    except _WeightsOnlyError as error:
        raise pickle.UnpicklingError(_WEIGHTS_ONLY_FAILURE.format(error)) from None
    except pickle.UnpicklingError:
        raise
    except Exception as error:  # a malformed or hostile pickle: report it the same way
        raise pickle.UnpicklingError(_WEIGHTS_ONLY_FAILURE.format(repr(error))) from None


# -- safetensors ----------------------------------------------------------------------------
def _safetensors_numpy() -> Any:
    try:
        import safetensors.numpy
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "rungrad's safetensors helpers need the 'safetensors' package: "
            "pip install safetensors (or pip install rungrad[safetensors])"
        ) from error
    return safetensors.numpy


def save_safetensors(tensors: dict[str, Tensor], filename: str | os.PathLike[str],
                     metadata: dict[str, str] | None = None) -> None:  # fmt: skip
    """Write a flat ``{name: Tensor}`` dict (e.g. ``model.state_dict()``) as a .safetensors
    file, readable by ``safetensors.torch.load_file`` and PyTorch models.

    Tensors that share memory (tied weights) are written as separate copies.
    """
    arrays = {}
    for name, value in tensors.items():
        if not isinstance(value, Tensor):
            raise TypeError(
                f"Key `{name}` is invalid, expected rungrad.Tensor but received {type(value)}"
            )
        arrays[name] = np.ascontiguousarray(value._data)
    _safetensors_numpy().save_file(arrays, os.fspath(filename), metadata=metadata)


def load_safetensors(filename: str | os.PathLike[str]) -> dict[str, Tensor]:
    """Read a .safetensors file (e.g. written by ``safetensors.torch.save_file``) into a
    ``{name: Tensor}`` dict, ready for ``model.load_state_dict``."""
    arrays = _safetensors_numpy().load_file(os.fspath(filename))
    return {name: Tensor._from_array(np.array(array)) for name, array in arrays.items()}
