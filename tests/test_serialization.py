"""rungrad.save / rungrad.load, and safetensors interchange with PyTorch."""

from __future__ import annotations

import collections
import io
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import rungrad
from rungrad import serialization


def _round_trip(obj: Any, **load_options: Any) -> Any:
    buffer = io.BytesIO()
    rungrad.save(obj, buffer)
    buffer.seek(0)
    return rungrad.load(buffer, **load_options)


def _assert_same_tensor(got: Any, expected: rungrad.Tensor) -> None:
    assert type(got) is type(expected)
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    assert got.requires_grad == expected.requires_grad
    np.testing.assert_array_equal(got.detach().numpy(), expected.detach().numpy())


# -- round trips -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "dtype",
    [
        "float32",
        "float64",
        "float16",
        "int64",
        "int32",
        "int16",
        "int8",
        "uint8",
        "bool",
        "complex64",
    ],
)
def test_tensors_of_every_dtype_round_trip(dtype: str):
    values = np.arange(-3, 3).reshape(2, 3).astype(getattr(np, dtype))
    tensor = rungrad.tensor(values, dtype=getattr(rungrad, dtype))
    _assert_same_tensor(_round_trip(tensor), tensor)
    _assert_same_tensor(_round_trip(tensor[0, 1]), tensor[0, 1])  # a 0-d view
    _assert_same_tensor(_round_trip(tensor[:0]), tensor[:0])  # empty


def test_requires_grad_parameters_and_non_contiguous_tensors():
    leaf = rungrad.tensor([1.0, 2.0], requires_grad=True)
    parameter = rungrad.nn.Parameter(rungrad.ones(2, 3))
    frozen = rungrad.nn.Parameter(rungrad.ones(2), requires_grad=False)
    transposed = rungrad.arange(6.0).view(2, 3).t()
    loaded = _round_trip([leaf, parameter, frozen, transposed, leaf * 2])
    for got, expected in zip(loaded, [leaf, parameter, frozen, transposed]):
        _assert_same_tensor(got, expected)
    assert loaded[4].is_leaf and loaded[4].requires_grad and loaded[4].grad_fn is None
    assert loaded[0].grad is None


def test_nested_containers_numbers_and_strings():
    value = {
        "weights": collections.OrderedDict(a=rungrad.zeros(2), b=rungrad.eye(2)),
        "list": [1, 2.5, -3, True, None, "text", b"bytes", 1 + 2j],
        "tuple": (rungrad.tensor(1), ("nested", [rungrad.tensor([3])])),
        "set": {1, 2},
        "size": rungrad.Size([2, 3]),
        "dtype": rungrad.float64,
        "device": rungrad.device("cpu"),
        "empty": {},
    }
    loaded = _round_trip(value)
    assert type(loaded["weights"]) is collections.OrderedDict
    assert list(loaded["weights"]) == ["a", "b"]
    _assert_same_tensor(loaded["weights"]["b"], value["weights"]["b"])
    assert loaded["list"] == value["list"]
    _assert_same_tensor(loaded["tuple"][1][1][0], value["tuple"][1][1][0])
    assert loaded["set"] == {1, 2} and loaded["empty"] == {}
    assert loaded["size"] == rungrad.Size([2, 3]) and type(loaded["size"]) is rungrad.Size
    assert loaded["dtype"] is rungrad.float64
    assert loaded["device"] == rungrad.device("cpu")


def test_paths_and_file_objects(tmp_path: Path):
    state = {"w": rungrad.arange(4.0), "epoch": 3}
    for target in (tmp_path / "a.pt", str(tmp_path / "b.pt")):
        rungrad.save(state, target)
        loaded = rungrad.load(target)
        assert loaded["epoch"] == 3
        _assert_same_tensor(loaded["w"], state["w"])
    with open(tmp_path / "c.pt", "wb") as handle:
        rungrad.save(state, handle)
    with open(tmp_path / "c.pt", "rb") as handle:
        _assert_same_tensor(rungrad.load(handle, map_location="cpu")["w"], state["w"])


def test_shared_memory_and_identity_survive():
    base = rungrad.arange(6.0).view(2, 3)
    row = base[1]
    loaded = _round_trip({"base": base, "row": row, "again": base, "detached": base.detach()})
    assert loaded["again"] is loaded["base"]
    assert loaded["detached"] is not loaded["base"]
    loaded["row"].add_(10)  # the row still views the loaded base's memory
    assert loaded["base"].tolist() == [[0.0, 1.0, 2.0], [13.0, 14.0, 15.0]]
    assert loaded["detached"].tolist() == loaded["base"].tolist()
    assert base.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


def test_model_and_optimizer_checkpoint(tmp_path: Path):
    def make() -> tuple[Any, Any]:
        rungrad.manual_seed(0)
        model = rungrad.nn.Sequential(rungrad.nn.Linear(3, 4), rungrad.nn.Tanh(),
                                      rungrad.nn.Linear(4, 1))  # fmt: skip
        return model, rungrad.optim.AdamW(model.parameters(), lr=0.01)

    inputs = rungrad.linspace(-1, 1, 15).view(5, 3)

    def train(model: Any, optimizer: Any, steps: int) -> None:
        for _ in range(steps):
            optimizer.zero_grad()
            model(inputs).pow(2).mean().backward()
            optimizer.step()

    model, optimizer = make()
    train(model, optimizer, 3)
    path = tmp_path / "checkpoint.pt"
    rungrad.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 3},
                 path)  # fmt: skip
    checkpoint = rungrad.load(path)
    assert isinstance(checkpoint["optimizer"]["state"][0]["step"], rungrad.Tensor)
    assert checkpoint["optimizer"]["param_groups"][0]["betas"] == (0.9, 0.999)

    resumed_model, resumed_optimizer = make()
    resumed_model.load_state_dict(checkpoint["model"])
    resumed_optimizer.load_state_dict(checkpoint["optimizer"])
    train(model, optimizer, 3)
    train(resumed_model, resumed_optimizer, 3)
    for got, expected in zip(resumed_model.parameters(), model.parameters()):
        np.testing.assert_array_equal(got.detach().numpy(), expected.detach().numpy())


# -- weights_only --------------------------------------------------------------------------
class Custom:
    def __init__(self, value: int) -> None:
        self.value = value


def test_weights_only_refuses_other_globals():
    buffer = io.BytesIO()
    rungrad.save({"weights": rungrad.zeros(1), "custom": Custom(3)}, buffer)
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError) as caught:
        rungrad.load(buffer)
    message = str(caught.value)
    assert message.startswith("Weights only load failed.")
    assert f"GLOBAL {__name__}.Custom was not an allowed global" in message
    assert "weights_only` set to `False`" in message
    buffer.seek(0)
    assert rungrad.load(buffer, weights_only=False)["custom"].value == 3
    buffer.seek(0)
    with serialization.safe_globals([Custom]):
        assert rungrad.load(buffer)["custom"].value == 3
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError):
        rungrad.load(buffer, weights_only=True)


def test_weights_only_refuses_functions_and_plain_pickles():
    for payload in (print, [np.zeros(2)]):
        with pytest.raises(pickle.UnpicklingError, match="Unsupported global"):
            _round_trip(payload)
    # A plain pickle (not a rungrad archive) goes through the same restricted unpickler.
    plain = io.BytesIO(pickle.dumps(collections.OrderedDict(a=Custom(1))))
    with pytest.raises(pickle.UnpicklingError, match="Custom was not an allowed global"):
        rungrad.load(plain)
    plain.seek(0)
    assert rungrad.load(plain, weights_only=False)["a"].value == 1


def test_add_safe_globals():
    before = serialization.get_safe_globals()
    try:
        serialization.add_safe_globals([Custom])
        assert Custom in serialization.get_safe_globals()
        assert _round_trip(Custom(5)).value == 5
    finally:
        serialization.clear_safe_globals()
        serialization.add_safe_globals(before)


def test_pickle_module_and_map_location_options():
    tensor = rungrad.ones(2)
    _assert_same_tensor(_round_trip(tensor, map_location=rungrad.device("cpu")), tensor)
    _assert_same_tensor(_round_trip(tensor, map_location={"cpu": "cpu"}), tensor)
    doubled = _round_trip([tensor], map_location=lambda t, location: t * 2)
    assert doubled[0].tolist() == [2.0, 2.0]
    assert _round_trip(Custom(2), pickle_module=pickle).value == 2  # implies weights_only=False
    with pytest.raises(RuntimeError, match="explicit pickle_module"):
        _round_trip(tensor, pickle_module=pickle, weights_only=True)
    # PyTorch's messages without CUDA (and for a device no storage can live on).
    for location in ("cuda:0", {"cpu": "cuda"}, "mps"):
        buffer = io.BytesIO()
        torch.save(torch.ones(2), buffer)
        buffer.seek(0)
        with pytest.raises(RuntimeError) as expected:
            torch.load(buffer, map_location=location)
        with pytest.raises(RuntimeError) as got:
            _round_trip(tensor, map_location=location)
        assert str(got.value).replace("rungrad", "torch") == str(expected.value)


def test_pytorch_checkpoints_are_refused_with_a_pointer_to_safetensors():
    buffer = io.BytesIO()
    torch.save({"w": torch.zeros(2)}, buffer)
    buffer.seek(0)
    with pytest.raises(RuntimeError, match="safetensors"):
        rungrad.load(buffer)


# -- safetensors -------------------------------------------------------------------------
def _torch_model() -> Any:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))


def _rungrad_model() -> Any:
    return rungrad.nn.Sequential(
        rungrad.nn.Linear(4, 3), rungrad.nn.ReLU(), rungrad.nn.Linear(3, 2)
    )


def test_torch_safetensors_load_into_a_rungrad_model(tmp_path: Path):
    safetensors_torch = pytest.importorskip("safetensors.torch")
    model = _torch_model()
    path = tmp_path / "model.safetensors"
    safetensors_torch.save_file(model.state_dict(), str(path))

    state = serialization.load_safetensors(path)
    assert set(state) == set(model.state_dict())
    assert all(isinstance(value, rungrad.Tensor) for value in state.values())
    mine = _rungrad_model()
    mine.load_state_dict(state)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(mine.state_dict()[name].numpy(), value.numpy())
    inputs = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
    with torch.no_grad():
        expected = model(torch.tensor(inputs)).numpy()
    np.testing.assert_allclose(mine(rungrad.tensor(inputs)).detach().numpy(), expected,
                               rtol=1e-6, atol=1e-7)  # fmt: skip


def test_rungrad_safetensors_load_into_a_torch_model(tmp_path: Path):
    safetensors_torch = pytest.importorskip("safetensors.torch")
    mine = _rungrad_model()
    with rungrad.no_grad():
        for index, param in enumerate(mine.parameters()):
            param.copy_(rungrad.linspace(-1, 1, param.numel()).view(param.shape) * (index + 1))
    path = tmp_path / "model.safetensors"
    serialization.save_safetensors(mine.state_dict(), path, metadata={"format": "pt"})

    state = safetensors_torch.load_file(str(path))
    model = _torch_model()
    model.load_state_dict(state)
    for name, value in mine.state_dict().items():
        assert state[name].dtype == torch.float32
        np.testing.assert_array_equal(model.state_dict()[name].numpy(), value.numpy())


def test_safetensors_dtypes_views_and_errors(tmp_path: Path):
    pytest.importorskip("safetensors")
    tensors = {
        "f64": rungrad.arange(3.0, dtype=rungrad.float64),
        "i64": rungrad.arange(4),
        "bool": rungrad.tensor([True, False]),
        "transposed": rungrad.arange(6.0).view(2, 3).t(),
    }
    path = tmp_path / "mixed.safetensors"
    serialization.save_safetensors(tensors, path)
    loaded = serialization.load_safetensors(path)
    for name, value in tensors.items():
        _assert_same_tensor(loaded[name], value)
    loaded["i64"].add_(1)  # loaded tensors own writable memory
    with pytest.raises(TypeError, match=r"expected rungrad\.Tensor"):
        serialization.save_safetensors({"bad": [1.0]}, path)  # type: ignore[dict-item]


def test_weights_only_failure_message_is_pytorchs(tmp_path: Path) -> None:
    messages = []
    for library in (torch, rungrad):
        path = tmp_path / f"{library.__name__}.pt"
        library.save(library.nn.Sequential(library.nn.ReLU()), path)
        with pytest.raises(pickle.UnpicklingError) as caught:
            library.load(path)
        messages.append(str(caught.value).replace("rungrad", "torch"))
    assert messages[1] == messages[0]
