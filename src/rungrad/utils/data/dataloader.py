"""``DataLoader``: iterate a dataset in (optionally shuffled) collated batches.

It pairs a sampler (which indices, in which order) with ``collate_fn`` (how samples become
a batch). Loading always happens in the calling process; ``num_workers`` workers are
emulated there as PyTorch's processes would behave (``_workers.py``).
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

import numpy as np

from ... import _random
from ..._random import Generator
from . import _workers
from ._workers import WorkerInfo
from .collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "get_worker_info"]

T_co = TypeVar("T_co", covariant=True)

_FROZEN_AFTER_INIT = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset",
                      "persistent_workers")  # fmt: skip


def get_worker_info() -> WorkerInfo | None:
    """Information about the loader worker running this code (its ``id``, ``num_workers``,
    ``seed`` and ``dataset``), or ``None`` outside workers."""
    return _workers.current_worker()


class _InfiniteConstantSampler(Sampler[None]):
    """The "sampler" of an iterable-style dataset: yields ``None`` forever."""

    def __iter__(self) -> Iterator[None]:
        while True:
            yield None


class DataLoader(Generic[T_co]):
    """DataLoader(dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
    num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
    worker_init_fn=None, multiprocessing_context=None, generator=None, *,
    prefetch_factor=None, persistent_workers=False, pin_memory_device='', in_order=True)

    ``shuffle=True`` visits the samples in a new random order each epoch, drawn from
    ``generator`` (or, without one, from a generator seeded by the default generator, so
    ``rungrad.manual_seed`` makes it repeatable). ``batch_size=None`` turns batching off:
    each sample goes through ``default_convert`` instead of ``default_collate``.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.utils.data import DataLoader, TensorDataset
        >>> data = TensorDataset(torch.arange(5.0), torch.arange(5))
        >>> loader = DataLoader(data, batch_size=2)
        >>> len(loader), [y.tolist() for _, y in loader]
        (3, [[0, 1], [2, 3], [4]])
    """

    dataset: Dataset[T_co]
    batch_size: int | None
    drop_last: bool
    sampler: Any
    batch_sampler: Any
    _initialized = False

    def __init__(self, dataset: Dataset[T_co], batch_size: int | None = 1,
                 shuffle: bool | None = None, sampler: Any = None, batch_sampler: Any = None,
                 num_workers: int = 0, collate_fn: Callable[[Any], Any] | None = None,
                 pin_memory: bool = False, drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable[[int], None] | None = None,
                 multiprocessing_context: Any = None, generator: Generator | None = None, *,
                 prefetch_factor: int | None = None, persistent_workers: bool = False,
                 pin_memory_device: str = "", in_order: bool = True) -> None:  # fmt: skip
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to disable "
                "multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing.let "
                "num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None."
            )
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            if shuffle not in (False, None):
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified batch_sampler "
                    f"option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, "
                    "sampler, and drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching and is mutually exclusive with "
                "drop_last"
            )
        if sampler is None:
            if isinstance(dataset, IterableDataset):
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)  # type: ignore[arg-type]
            else:
                sampler = SequentialSampler(dataset)  # type: ignore[arg-type]
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if batch_sampler is not None else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._persistent: list[_workers.Worker] | None = None  # persistent workers, once started
        self._initialized = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self._initialized and name in _FROZEN_AFTER_INIT:
            raise ValueError(
                f"{name} attribute should not be set after {type(self).__name__} is initialized"
            )
        super().__setattr__(name, value)

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self) -> Any:
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self) -> _SingleProcessDataLoaderIter:
        workers = self._workers()
        if isinstance(self.dataset, IterableDataset):
            if workers:
                batches = _workers.iterable_batches(workers, self._iterate_iterable)
            else:
                batches = self._iterate_iterable(self.dataset)
        elif workers:
            batches = _workers.map_batches(workers, iter(self._index_sampler), self._fetch)
        else:
            batches = (self._fetch(self.dataset, indices) for indices in self._index_sampler)
        return _SingleProcessDataLoaderIter(self, batches)

    def _workers(self) -> list[_workers.Worker]:
        """The (emulated) workers of a new pass, after PyTorch's draw of their base seed (one
        int64 random_(), so that the draws after it, shuffling's included, are PyTorch's).
        Persistent workers draw it and start once, keeping their random states."""
        if self._persistent is not None:
            return self._persistent
        generator = self.generator or _random.default_generator
        base_seed = int(generator._random(1, np.dtype(np.int64))[0])
        if not self.num_workers:
            return []
        workers = _workers.start_workers(self, base_seed)
        if self.persistent_workers:
            self._persistent = workers
        return workers

    def _fetch(self, dataset: Any, indices: Any) -> Any:
        """One batch (or, without batching, one sample) of a map-style dataset."""
        if not self._auto_collation:
            return self.collate_fn(dataset[indices])
        fetch_many = getattr(dataset, "__getitems__", None)
        if callable(fetch_many):
            return self.collate_fn(fetch_many(indices))
        return self.collate_fn([dataset[index] for index in indices])

    def _iterate_iterable(self, dataset: Any) -> Iterator[Any]:
        samples = iter(dataset)
        if not self._auto_collation:
            for sample in samples:
                yield self.collate_fn(sample)
            return
        # An iterable dataset is batched by the batch sampler's lengths alone.
        for indices in self.batch_sampler:
            batch = list(itertools.islice(samples, len(indices)))
            if not batch or (self.drop_last and len(batch) < len(indices)):
                return
            yield self.collate_fn(batch)
            if len(batch) < len(indices):
                return

    def __len__(self) -> int:
        if isinstance(self.dataset, IterableDataset):
            length = len(self.dataset)  # type: ignore[arg-type]
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return -(-length // self.batch_size)
            return length
        return len(self._index_sampler)


class _SingleProcessDataLoaderIter:
    """One pass over a DataLoader (PyTorch's class name, which programs may print); its
    length is the loader's."""

    def __init__(self, loader: DataLoader[Any], batches: Iterator[Any]) -> None:
        self._loader = loader
        self._batches = batches
        if loader.pin_memory:
            # A CPU-only PyTorch says so each time an iterator starts (shown once under the
            # default filters: the warning's location is this line).
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, then "
                "device pinned memory won't be used.",
                UserWarning,
                stacklevel=1,
            )

    def __iter__(self) -> _SingleProcessDataLoaderIter:
        return self

    def __next__(self) -> Any:
        return next(self._batches)

    def __len__(self) -> int:
        return len(self._loader)
