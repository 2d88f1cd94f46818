"""utils.data against torch.utils.data: datasets, samplers, collation and DataLoader.

Deterministic behaviour (sequential loading, collation, lengths, errors) must match PyTorch
exactly; random orders need only be permutations that a seeded generator repeats.
"""

from __future__ import annotations

import collections
import itertools
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad
from rungrad.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
    default_collate,
    random_split,
)


def _describe(value: Any) -> Any:
    """A library-neutral picture of a batch: types, dtypes, shapes and values."""
    if isinstance(value, torch.Tensor | rungrad.Tensor):
        return ("tensor", str(value.dtype).split(".")[-1], tuple(value.shape), value.tolist())
    if isinstance(value, dict):
        return (type(value).__name__, [(key, _describe(item)) for key, item in value.items()])
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return ("namedtuple", type(value).__name__, [_describe(item) for item in value])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_describe(item) for item in value])
    return (type(value).__name__, value)


# -- datasets ----------------------------------------------------------------------------
def test_tensor_dataset():
    def program(torch, emit):
        data = TD(torch)(torch.arange(12.0).view(6, 2), torch.arange(6))
        emit(len(data), data[2], data[-1])
        emit(data[1:3])
        TD(torch)(torch.zeros(3), torch.zeros(4))

    assert "AssertionError: Size mismatch between tensors" in same(program)


def TD(library: Any) -> Any:
    return library.utils.data.TensorDataset


def test_subset_and_concat_dataset():
    def program(torch, emit):
        data = torch.utils.data
        base = data.TensorDataset(torch.arange(10) * 10)
        subset = data.Subset(base, [7, 2, 5])
        emit(len(subset), subset[0], subset[-1], subset.indices)
        concat = data.ConcatDataset([range(3), base, subset])
        emit(len(concat), concat.cumulative_sizes, concat[2], concat[3], concat[-1], concat[-16])
        added = base + subset
        emit(type(added).__name__, len(added), added[11])
        for bad in (lambda: concat[-17], lambda: concat[16], lambda: data.ConcatDataset([])):
            try:
                bad()
            except (ValueError, IndexError, AssertionError) as error:
                emit(type(error).__name__, error)

    same(program)


def test_dataset_base_class_errors():
    def program(torch, emit):
        try:
            torch.utils.data.Dataset()[0]
        except NotImplementedError as error:
            emit(error)
        emit(isinstance(torch.utils.data.TensorDataset(torch.zeros(1)), torch.utils.data.Dataset))

    same(program)


def test_random_split_lengths_and_fractions():
    def program(torch, emit):
        generator = torch.Generator().manual_seed(0)
        for lengths in (
            [3, 7],
            [0.3, 0.7],
            [0.33, 0.33, 0.34],
            [0.1, 0.9],
            [1, 0, 9],
            [0.05, 0.95],
        ):
            parts = torch.utils.data.random_split(range(10), lengths, generator=generator)
            emit(lengths, [len(part) for part in parts], type(parts[0]).__name__)
        torch.utils.data.random_split(range(10), [3, 3], generator=generator)

    assert "Sum of input lengths" in same(program)


def test_random_split_is_a_repeatable_partition():
    def split(seed: int) -> list[list[int]]:
        generator = rungrad.Generator().manual_seed(seed)
        parts = random_split(range(20), [0.5, 0.25, 0.25], generator=generator)
        return [list(part) for part in parts]

    parts = split(3)
    assert [len(part) for part in parts] == [10, 5, 5]
    assert sorted(itertools.chain(*parts)) == list(range(20))
    assert split(3) == parts
    assert split(4) != parts
    rungrad.manual_seed(7)
    first = [list(part) for part in random_split(range(20), [10, 10])]
    rungrad.manual_seed(7)
    assert [list(part) for part in random_split(range(20), [10, 10])] == first


# -- collation ---------------------------------------------------------------------------
Point = collections.namedtuple("Point", "x y")


def _batches(library: Any) -> list[list[Any]]:
    t = library.tensor
    return [
        [1, 2, 3],
        [1.5, 2.0],
        [True, False],
        ["a", "b"],
        [b"a", b"b"],
        [t([1.0, 2.0]), t([3.0, 4.0])],
        [t(1), t(2)],
        [t([[1, 2]], dtype=library.int32), t([[3, 4]], dtype=library.int32)],
        [np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)],
        [np.arange(4.0).reshape(2, 2), np.ones((2, 2))],
        [np.float32(1.5), np.float32(2.5)],
        [np.int64(3), np.int64(4)],
        [(1, "a"), (2, "b")],
        [[1, 2.0], [3, 4.0]],
        [{"x": 1, "y": [1.0, t([0.5])]}, {"x": 2, "y": [2.0, t([1.5])]}],
        [collections.OrderedDict(a=1, b=2.0), collections.OrderedDict(a=3, b=4.0)],
        [Point(1, 2.0), Point(3, 4.0)],
        [(t([1.0]), {"label": 0, "name": "cat"}), (t([2.0]), {"label": 1, "name": "dog"})],
    ]


@pytest.mark.parametrize("index", range(len(_batches(torch))))
def test_default_collate_matches_torch(index: int):
    expected = torch.utils.data.default_collate(_batches(torch)[index])
    got = default_collate(_batches(rungrad)[index])
    assert _describe(got) == _describe(expected)


@pytest.mark.parametrize(
    "batch",
    [
        "[object(), object()]",
        "[[1, 2], [3]]",
        "[np.array(['a']), np.array(['b'])]",
        "[np.array([object()]), np.array([object()])]",
        "[torch.zeros(2), torch.zeros(3)]",
    ],
)
def test_default_collate_errors_match_torch(batch: str):
    def program(torch, emit):
        emit(torch.utils.data.default_collate(eval(batch, {"torch": torch, "np": np})))

    assert "raised" in same(program)


def test_default_convert_matches_torch():
    def program(torch, emit):
        convert = torch.utils.data.default_convert
        emit(convert((np.array([1.0]), 2, "a")), convert(range(3)), convert(np.float32(1)))
        emit(convert({"a": np.arange(2), "b": [np.int64(1)]}), convert(Point(np.ones(1), 2)))

    same(program)


# -- DataLoader --------------------------------------------------------------------------
def _dataset(library: Any) -> Any:
    inputs = library.arange(22.0).view(11, 2)
    return library.utils.data.TensorDataset(inputs, library.arange(11) % 3)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"batch_size": 4},
        {"batch_size": 4, "drop_last": True},
        {"batch_size": 11},
        {"batch_size": 20, "drop_last": True},
        {"batch_size": None},
        {"batch_size": 3, "num_workers": 0, "pin_memory": False},
    ],
    ids=str,
)
def test_sequential_loading_matches_torch(options: dict[str, Any]):
    expected = torch.utils.data.DataLoader(_dataset(torch), **options)
    got = DataLoader(_dataset(rungrad), **options)
    assert len(got) == len(expected)
    assert [_describe(batch) for batch in got] == [_describe(batch) for batch in expected]


def test_loader_collates_dicts_strings_and_numpy_like_torch():
    class Records(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, index):
            return {
                "features": np.full(3, index, dtype=np.float32),
                "label": index % 2,
                "weight": index / 4,
                "name": f"item{index}",
            }

    class TorchRecords(torch.utils.data.Dataset):
        __len__ = Records.__len__
        __getitem__ = Records.__getitem__

    expected = [_describe(b) for b in torch.utils.data.DataLoader(TorchRecords(), batch_size=2)]
    assert [_describe(b) for b in DataLoader(Records(), batch_size=2)] == expected


def test_custom_collate_fn_sampler_and_batch_sampler():
    def program(torch, emit):
        data = torch.utils.data
        dataset = _dataset(torch)
        loader = data.DataLoader(dataset, batch_size=3, collate_fn=lambda batch: len(batch))
        emit(list(loader), len(loader))
        order = [10, 0, 9, 1, 8, 2]
        loader = data.DataLoader(dataset, batch_size=4, sampler=order)
        emit([y.tolist() for _, y in loader], len(loader))
        batches = [[0, 1], [5], [2, 3, 4]]
        loader = data.DataLoader(dataset, batch_sampler=batches)
        emit([x.tolist() for x, _ in loader], len(loader), loader.batch_size)
        sampler = data.BatchSampler(data.SequentialSampler(range(7)), 3, drop_last=False)
        emit(list(sampler), len(sampler))
        sampler = data.BatchSampler(range(7), 3, drop_last=True)
        emit(list(sampler), len(sampler))

    same(program)


def test_get_items_is_used_for_whole_batches():
    calls = []

    class Batched(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, index):
            raise AssertionError("__getitems__ should be used")

        def __getitems__(self, indices):
            calls.append(list(indices))
            return [index * 2 for index in indices]

    assert [batch.tolist() for batch in DataLoader(Batched(), batch_size=2)] == [
        [0, 2],
        [4, 6],
        [8],
    ]
    assert calls == [[0, 1], [2, 3], [4]]
    subset = Subset(Batched(), [4, 0])
    assert [batch.tolist() for batch in DataLoader(subset, batch_size=2)] == [[8, 0]]


def _shuffled_labels(generator: Any = None, epochs: int = 2, **options: Any) -> list[list[int]]:
    dataset = TensorDataset(rungrad.arange(13))
    loader = DataLoader(dataset, batch_size=4, shuffle=True, generator=generator, **options)
    return [[label for (batch,) in loader for label in batch.tolist()] for _ in range(epochs)]


def test_shuffle_is_a_permutation_repeatable_with_a_seeded_generator():
    first, second = _shuffled_labels(rungrad.Generator().manual_seed(1))
    assert sorted(first) == sorted(second) == list(range(13))
    assert first != second  # a new order every epoch
    assert first != list(range(13))
    assert _shuffled_labels(rungrad.Generator().manual_seed(1)) == [first, second]
    assert _shuffled_labels(rungrad.Generator().manual_seed(2)) != [first, second]


def test_shuffle_without_generator_follows_manual_seed():
    rungrad.manual_seed(5)
    first = _shuffled_labels()
    rungrad.manual_seed(5)
    assert _shuffled_labels() == first
    rungrad.manual_seed(6)
    assert _shuffled_labels() != first


def test_shuffle_with_drop_last_and_len():
    (epoch,) = _shuffled_labels(rungrad.Generator().manual_seed(0), epochs=1, drop_last=True)
    assert len(epoch) == 12 and len(set(epoch)) == 12
    loader = DataLoader(TensorDataset(rungrad.arange(13)), batch_size=4, shuffle=True)
    assert len(loader) == 4


def test_random_samplers_are_repeatable():
    def draw(sampler_class: Any, *args: Any, **kwargs: Any) -> list[int]:
        return list(sampler_class(*args, generator=rungrad.Generator().manual_seed(3), **kwargs))

    sample = draw(RandomSampler, range(10), replacement=True, num_samples=40)
    assert len(sample) == 40 and set(sample) <= set(range(10))
    assert draw(RandomSampler, range(10), replacement=True, num_samples=40) == sample
    sample = draw(RandomSampler, range(10), num_samples=25)
    assert len(sample) == 25 and sorted(sample[:10]) == list(range(10))
    sample = draw(SubsetRandomSampler, [3, 5, 7, 9])
    assert sorted(sample) == [3, 5, 7, 9]
    assert draw(SubsetRandomSampler, [3, 5, 7, 9]) == sample
    sample = draw(WeightedRandomSampler, [0.0, 1.0, 0.0, 3.0], 50)
    assert set(sample) <= {1, 3} and len(sample) == 50
    assert draw(WeightedRandomSampler, [0.0, 1.0, 0.0, 3.0], 50) == sample
    sample = draw(WeightedRandomSampler, [1.0, 1.0, 1.0], 3, replacement=False)
    assert sorted(sample) == [0, 1, 2]
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    assert len(BatchSampler(RandomSampler(range(10)), 3, False)) == 4


def test_iterable_dataset_matches_torch():
    def program(torch, emit):
        class Stream(torch.utils.data.IterableDataset):
            def __init__(self, count):
                self.count = count

            def __iter__(self):
                return iter(range(self.count))

            def __len__(self):
                return self.count

        for options in ({}, {"batch_size": 3}, {"batch_size": 3, "drop_last": True},
                        {"batch_size": None}):  # fmt: skip
            loader = torch.utils.data.DataLoader(Stream(8), **options)
            emit(options, [str(batch) for batch in loader], len(loader))
        chained = Stream(2) + Stream(3)
        emit(type(chained).__name__, list(chained), len(chained))
        torch.utils.data.DataLoader(Stream(3), shuffle=True)

    assert "expected unspecified shuffle option" in same(program)


@pytest.mark.parametrize(
    "construction",
    [
        "DataLoader(dataset, sampler=[0, 1], shuffle=True)",
        "DataLoader(dataset, batch_sampler=[[0]], batch_size=2)",
        "DataLoader(dataset, batch_sampler=[[0]], drop_last=True)",
        "DataLoader(dataset, batch_sampler=[[0]], shuffle=True)",
        "DataLoader(dataset, batch_size=None, drop_last=True)",
        "DataLoader(dataset, num_workers=-1)",
        "DataLoader(dataset, timeout=-1)",
        "DataLoader(dataset, prefetch_factor=2)",
        "DataLoader(dataset, persistent_workers=True)",
        "DataLoader(dataset, batch_size=0)",
        "DataLoader(dataset, batch_size=2, drop_last=1)",
        "BatchSampler(range(3), True, False)",
        "RandomSampler(dataset, replacement=1)",
        "RandomSampler(dataset, num_samples=0)",
        "WeightedRandomSampler([1.0], num_samples=0)",
        "WeightedRandomSampler([[1.0]], num_samples=1)",
    ],
)
def test_loader_errors_match_torch(construction: str):
    def program(torch, emit):
        namespace = dict(vars(torch.utils.data), dataset=_dataset(torch))
        emit(eval(construction, namespace))

    assert "raised" in same(program)


def test_loader_attributes_are_frozen_after_init():
    def program(torch, emit):
        loader = torch.utils.data.DataLoader(_dataset(torch), batch_size=2)
        emit(loader.batch_size, loader.drop_last, type(loader.sampler).__name__)
        emit(type(loader.batch_sampler).__name__, loader.num_workers)
        loader.num_workers = 0
        loader.batch_size = 3

    assert "batch_size attribute should not be set" in same(program)


def test_training_loop_over_a_loader_matches_torch():
    def program(torch, emit):
        inputs = torch.linspace(-1, 1, 24).view(12, 2)
        targets = (inputs[:, :1] * 2 - inputs[:, 1:]).detach()
        loader = torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(inputs, targets), batch_size=5
        )
        model = torch.nn.Linear(2, 1)
        with torch.no_grad():
            model.weight.copy_(torch.tensor([[0.1, 0.2]]))
            model.bias.zero_()
        optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
        for _ in range(3):
            for x, y in loader:
                optimizer.zero_grad()
                loss = ((model(x) - y) ** 2).mean()
                loss.backward()
                optimizer.step()
            emit(f"{loss.item():.4f}", model.weight, model.bias)

    same(program)


def test_public_names_match_torch():
    expected = {
        "BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
        "IterableDataset", "RandomSampler", "Sampler", "SequentialSampler", "Subset",
        "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler", "default_collate",
        "default_convert", "get_worker_info", "random_split",
    }  # fmt: skip
    assert expected <= set(dir(torch.utils.data))
    assert expected <= set(dir(rungrad.utils.data))
    assert isinstance(TensorDataset(rungrad.zeros(1)), Dataset)
    assert not isinstance(ConcatDataset([range(1)]), IterableDataset)
    assert rungrad.utils.data.get_worker_info() is None  # outside workers


def test_dataloader_iterator_is_pytorchs_single_process_iterator():
    def program(torch: Any, emit: Any) -> None:
        loader = torch.utils.data.DataLoader(torch.arange(5.0), batch_size=2)
        iterator = iter(loader)
        emit(type(iterator).__name__, len(iterator), iter(iterator) is iterator)
        emit(next(iterator), list(iterator))
        emit.attempt(lambda: next(iterator))

    same(program)


@pytest.mark.parametrize("library", [torch, rungrad], ids=["torch", "rungrad"])
def test_weighted_sampler_draws_through_the_modules_multinomial(monkeypatch, library):
    """A harness that replaces ``torch.multinomial`` sees the sampler's draw, as in PyTorch."""
    calls = []

    def multinomial(input, num_samples, replacement=False, **options):
        calls.append((input.dtype, input.tolist(), num_samples, replacement))
        return library.tensor([2, 0, 2])

    monkeypatch.setattr(library, "multinomial", multinomial)
    sampler = library.utils.data.WeightedRandomSampler([0.5, 0, 2], 3)
    assert list(sampler) == [2, 0, 2]
    assert calls == [(library.float64, [0.5, 0.0, 2.0], 3, True)]


def test_weighted_sampler_weights_and_bad_distributions():
    def program(torch: Any, emit: Any) -> None:
        sampler = torch.utils.data.WeightedRandomSampler
        emit(sampler([1, 2, 3], 2).weights)
        for weights, replacement in [([-1.0, 2.0], True), ([0.0, 0.0], True),
                                     ([1.0, float("inf")], True), ([float("nan"), -1.0], True),
                                     ([-1.0, 2.0], False), ([1.0, 1.0], False)]:  # fmt: skip
            emit.attempt(lambda w=weights, r=replacement: list(sampler(w, 3, replacement=r)))

    same(program)


def test_stack_dataset() -> None:
    def program(torch: Any, emit: Any) -> None:
        data = torch.utils.data
        ds = data.TensorDataset(torch.arange(6.0))
        stacked = data.StackDataset(ds, [1, 2, 3, 4, 5, 6])
        emit(len(stacked), stacked[1], stacked.__getitems__([0, 2]))
        named = data.StackDataset(a=ds, b=torch.arange(6))
        emit(named[2], next(iter(data.DataLoader(named, batch_size=3))))
        emit(list(data.DataLoader(stacked, batch_size=4)))
        emit.attempt(lambda: data.StackDataset(ds, torch.arange(5)))
        emit.attempt(lambda: data.StackDataset(ds, a=ds))
        emit.attempt(lambda: data.StackDataset())

    same(program)


# -- workers (emulated in the calling process, as PyTorch's processes behave) -------------
def _worker_datasets(torch: Any) -> tuple[Any, Any]:
    data = torch.utils.data

    class Replicated(data.IterableDataset):
        def __iter__(self):
            info = data.get_worker_info()
            worker = -1 if info is None else info.id
            return iter([10 * step + worker for step in range(3)])

    class Sharded(data.IterableDataset):
        def __iter__(self):
            info = data.get_worker_info()
            return iter(range(3 + info.id, 7, info.num_workers))

    return Replicated(), Sharded()


def test_iterable_datasets_run_in_every_worker():
    def program(torch, emit):
        replicated, sharded = _worker_datasets(torch)
        DataLoader = torch.utils.data.DataLoader
        emit(list(DataLoader(replicated)), list(DataLoader(replicated, num_workers=2)))
        emit(list(DataLoader(replicated, num_workers=2, batch_size=2)))
        emit(list(DataLoader(replicated, num_workers=3, batch_size=2, drop_last=True)))
        emit(list(DataLoader(sharded, num_workers=2)))

    same(program)


def test_workers_draw_from_their_own_seeds():
    def program(torch, emit):
        import random

        data = torch.utils.data

        class Noisy(data.Dataset):
            def __len__(self):
                return 6

            def __getitem__(self, index):
                info = data.get_worker_info()
                drawn = int(torch.randint(0, 1000, ()).item())
                return torch.tensor([index, info.id, drawn, random.randint(0, 1000)])

        def reseed(worker_id):
            torch.manual_seed(100 + worker_id)

        torch.manual_seed(0)
        emit([b.tolist() for b in data.DataLoader(Noisy(), num_workers=2, batch_size=2)])
        emit(torch.rand(1))  # the main process's generator: one base-seed draw later
        emit([b.tolist() for b in data.DataLoader(Noisy(), num_workers=3, worker_init_fn=reseed)])
        emit(torch.rand(1))

    same(program)


def test_persistent_workers_draw_their_base_seed_once():
    def program(torch, emit):
        data = torch.utils.data
        dataset = data.TensorDataset(torch.arange(10))
        for persistent in (False, True):
            generator = torch.Generator().manual_seed(0)
            loader = data.DataLoader(
                dataset, batch_size=5, shuffle=True, num_workers=1, generator=generator,
                persistent_workers=persistent,
            )  # fmt: skip
            emit([[batch[0].tolist() for batch in loader] for _ in range(3)])

    same(program)
