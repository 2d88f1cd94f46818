"""Loader workers, emulated in the calling process.

PyTorch's ``num_workers=N`` starts N processes. What a program can see of them is
deterministic, and kept here without the processes:

- each worker has its own random state: the default generator seeded with
  ``base_seed + worker_id`` (the base seed one int64 draw from the loader's generator as the
  iteration starts, or once for persistent workers), and Python's ``random`` likewise; then
  ``worker_init_fn(worker_id)`` runs;
- ``get_worker_info()`` names the worker while it loads, and is None otherwise;
- a map-style dataset's batch ``k`` is loaded by worker ``k % N``, and the batches come back
  in order;
- an iterable dataset is iterated by every worker over its own copy, and the workers' batches
  are taken in turn (worker 0's first, worker 1's first, ...), a finished worker dropping out.

What differs: NumPy's global random state is not reseeded per worker (PyTorch reseeds it
from a hash of its own), and output printed by workers comes in program order.
"""

from __future__ import annotations

import copy
import itertools
import os
import random
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from ... import _random

_CURRENT: list[WorkerInfo | None] = [None]  # the worker loading right now


class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker: ``id``, ``num_workers``, ``seed``
    and ``dataset`` (the worker's copy)."""

    __slots__ = ("dataset", "id", "num_workers", "seed")

    def __init__(self, id: int, num_workers: int, seed: int, dataset: Any) -> None:
        self.id = id
        self.num_workers = num_workers
        self.seed = seed
        self.dataset = dataset

    def __repr__(self) -> str:
        return (
            f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, "
            f"dataset={self.dataset})"
        )


def current_worker() -> WorkerInfo | None:
    return _CURRENT[0]


class Worker:
    """One emulated worker: its info and its random states, swapped in while it loads."""

    def __init__(self, info: WorkerInfo, init_fn: Callable[[int], None] | None) -> None:
        self.info = info
        self._states = _random.default_generator.get_state(), random.getstate()
        _random.default_generator.manual_seed(info.seed)
        random.seed(info.seed)
        self._swap()  # the worker's seeded states kept here, the process's back in place
        if init_fn is not None:
            self.run(init_fn, info.id)

    def _swap(self) -> None:
        """Exchange the process's random states with the ones kept here."""
        torch_state, python_state = self._states
        self._states = _random.default_generator.get_state(), random.getstate()
        _random.default_generator.set_state(torch_state)
        random.setstate(python_state)

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` as this worker: its random states, its info."""
        self._swap()
        _CURRENT[0] = self.info
        try:
            return function(*args)
        finally:
            _CURRENT[0] = None
            self._swap()


def start_workers(loader: Any, base_seed: int) -> list[Worker]:
    """The loader's workers, seeded as PyTorch seeds its worker processes."""
    _check_worker_count(loader.num_workers)
    workers = []
    for worker_id in range(loader.num_workers):
        dataset = _copied(loader.dataset)
        info = WorkerInfo(worker_id, loader.num_workers, base_seed + worker_id, dataset)
        workers.append(Worker(info, loader.worker_init_fn))
    return workers


def _copied(dataset: Any) -> Any:
    """A worker's own copy of the dataset (a process receives it pickled)."""
    try:
        return copy.deepcopy(dataset)
    except Exception:  # a dataset that cannot be copied is shared
        return dataset


def map_batches(
    workers: list[Worker], index_batches: Iterator[Any], fetch: Callable[[Any, Any], Any]
) -> Iterator[Any]:
    """Batch ``k`` of a map-style dataset, fetched by worker ``k % N``, in order."""
    for worker, indices in zip(itertools.cycle(workers), index_batches):
        yield worker.run(fetch, worker.info.dataset, indices)


def iterable_batches(
    workers: list[Worker], batches_of: Callable[[Any], Iterator[Any]]
) -> Iterator[Any]:
    """The workers' own batches of an iterable dataset, taken in turn."""
    streams = [(worker, worker.run(batches_of, worker.info.dataset)) for worker in workers]
    while streams:
        active = []
        for worker, stream in streams:
            try:
                batch = worker.run(next, stream)
            except StopIteration:
                continue
            active.append((worker, stream))
            yield batch
        streams = active


def _check_worker_count(count: int) -> None:
    """PyTorch's warning when more workers start than the process has CPUs. It checks twice
    as workers start, from two places, so the default filter shows it twice."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or count
    if count <= cpus:
        return
    message = (
        f"This DataLoader will create {count} worker processes in total. Our suggested max "
        f"number of worker in current system is {cpus}, which is smaller than what this "
        "DataLoader is going to create. Please be aware that excessive worker creation might "
        "get DataLoader running slow or even freeze, lower the worker number to avoid "
        "potential slowness/freeze if necessary."
    )
    warnings.warn(message, UserWarning, stacklevel=1)
    warnings.warn(message, UserWarning, stacklevel=1)
