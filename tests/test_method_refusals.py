"""Tensor methods (and functions of several signatures) called with arguments none of
PyTorch's signatures takes, against PyTorch: the parser's TypeError, every line of it
(the method's signature list, "must be", "takes N positional arguments", unknown keywords,
lists of ints that fail to unpack)."""

from __future__ import annotations

from typing import Any

import pytest
import torch

import rungrad


def _error(library: Any, call: Any) -> tuple[str, str]:
    """The type and whole message of the error ``call`` raises on a (2, 3) tensor."""
    x = library.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    with pytest.raises(Exception) as caught:
        call(library, x)
    return type(caught.value).__name__, str(caught.value).replace("rungrad", "torch")


CALLS = [
    # one argument of no type a signature takes: the method's signatures (no ``input``)
    lambda T, x: x.eq(None),
    lambda T, x: x.ne(None),
    lambda T, x: x.lt("a"),
    lambda T, x: x.greater_equal(None),
    lambda T, x: x.not_equal("a"),
    lambda T, x: x.eq([1, 2, 3]),
    lambda T, x: x.pow(None),
    lambda T, x: x.pow("a"),
    lambda T, x: x.fmod(None),
    lambda T, x: x.remainder("a"),
    lambda T, x: x.true_divide(None),
    lambda T, x: x.divide("a"),
    lambda T, x: x.clamp("a"),
    lambda T, x: x.clamp(None, "a"),
    lambda T, x: x.clip("a"),
    lambda T, x: x.clamp_min(None),
    lambda T, x: x.clamp_max("a"),
    lambda T, x: x.masked_fill(x > 2, "a"),
    lambda T, x: x.pow_("a"),
    lambda T, x: x.eq_(None),
    # one signature: "must be", counted from the first argument after the tensor
    lambda T, x: x.add(None),
    lambda T, x: x.sub("a"),
    lambda T, x: x.mul([1]),
    lambda T, x: x.div("a"),
    lambda T, x: x.add_(None),
    lambda T, x: x.matmul(None),
    lambda T, x: x.mm("a"),
    lambda T, x: x.maximum(None),
    lambda T, x: x.add(x, alpha="a"),
    lambda T, x: x.unsqueeze(1.0),
    lambda T, x: x.transpose(0.0, 1),
    lambda T, x: x.transpose(0, 1.0),
    lambda T, x: x.softmax(1.0),
    lambda T, x: x.log_softmax("a"),
    lambda T, x: x.cumsum(1.0),
    lambda T, x: x.flatten(0.0),
    lambda T, x: x.size(1.0),
    lambda T, x: x.size("a"),
    lambda T, x: x.argmax(1.0),
    lambda T, x: x.chunk(1.5),
    lambda T, x: x.index_select(0, [0]),
    lambda T, x: x.gather(0, [[0]]),
    lambda T, x: x.repeat(2.0),
    lambda T, x: x.softmax(T.tensor([1])),
    # reductions: their signatures, and arguments given by keyword as such
    lambda T, x: x.sum(1.5),
    lambda T, x: x.sum(x),
    lambda T, x: x.sum(dim="a"),
    lambda T, x: x.sum(dtype="float"),
    lambda T, x: x.sum(foo=1),
    lambda T, x: x.sum(0, 1, 2),
    lambda T, x: x.sum(dim=0, foo=1),
    lambda T, x: x.mean(dim="a"),
    lambda T, x: x.mean(1.0),
    lambda T, x: x.max(1.0),
    lambda T, x: x.max("a"),
    lambda T, x: x.max(0, foo=1),
    lambda T, x: x.std(1.0),
    lambda T, x: x.std(dim="a"),
    lambda T, x: x.var("a"),
    lambda T, x: x.squeeze(1.0),
    lambda T, x: x.squeeze(dim="a"),
    lambda T, x: x.argmax(0, True, 1),
    lambda T, x: x.topk(1, 0, True, True, 1),
    lambda T, x: x.cumsum(dim="a"),
    lambda T, x: x.all(1.0),
    # sizes: the parser reads a list of ints by its first item
    lambda T, x: x.view(2.0, 3),
    lambda T, x: x.view("a"),
    lambda T, x: x.view(None),
    lambda T, x: x.view(x),
    lambda T, x: x.view(-1, 2.0),
    lambda T, x: x.view(2, None),
    lambda T, x: x.view([2, 3.0]),
    lambda T, x: x.view((2.0, 3)),
    lambda T, x: x.view(dtype="a"),
    lambda T, x: x.reshape(2.0, 3),
    lambda T, x: x.reshape("a"),
    lambda T, x: x.reshape(None),
    lambda T, x: x.reshape((2.0, 3)),
    lambda T, x: x.reshape([3, "a", 2]),
    lambda T, x: x.reshape(2, foo=1),
    lambda T, x: x.permute(0.0, 1),
    lambda T, x: x.permute(0, 1.0),
    lambda T, x: x.repeat(2, 1.0),
    lambda T, x: x.sum((0, 1.0)),
    lambda T, x: x.sum(dim=(0, "a")),
    lambda T, x: x.squeeze((0, 1.0)),
    # functions: the signatures with ``input``
    lambda T, x: T.pow(x, None),
    lambda T, x: T.fmod(x, None),
    lambda T, x: T.sum(x, foo=1),
    lambda T, x: T.sum(x, dim="a"),
    lambda T, x: T.eq(x, None),
    lambda T, x: T.clamp(x, "a"),
    lambda T, x: T.max(x, "a"),
    lambda T, x: T.std(x, "a"),
    lambda T, x: T.arange("a"),
    lambda T, x: T.arange(None),
    lambda T, x: T.arange(0, "a"),
    lambda T, x: T.arange(0, 5, "a"),
    # floats where PyTorch's parser wants ints, which NumPy would take
    lambda T, x: x.topk(1.0),
    lambda T, x: x.expand(2.0, 3),
    lambda T, x: x.permute(0, 1.0),
    # the marks when more arguments are given than a signature has positions
    lambda T, x: x.sum(0, True, T.float32, 1),
    lambda T, x: x.size(0, 1),
    # tensors where PyTorch's parser wants ints
    lambda T, x: x.reshape(T.tensor([3, 2])),
    lambda T, x: T.zeros(T.tensor([2, 3])),
    lambda T, x: T.ones(T.tensor(2.0)),
    lambda T, x: T.zeros(2, T.tensor(2.0)),
    lambda T, x: T.zeros((T.tensor(2.0), 3)),
    lambda T, x: T.full((2.0,), 1),
    lambda T, x: T.arange(5, dtype="int"),
    lambda T, x: x.split(1.5),
    lambda T, x: x.split("a"),
    lambda T, x: x.split([1, "a"]),
    # conversions and the methods that make tensors
    lambda T, x: x.to(dtype="float32"),
    lambda T, x: x.to(T.float64, "a"),
    lambda T, x: x.to(str),
    lambda T, x: x.new_zeros(2.5),
    lambda T, x: x.new_tensor([1, 2], dtype="a"),
    # the layers' and functions' own names
    lambda T, x: T.nn.Linear(3, 2)(None),
    lambda T, x: T.nn.Linear(3, 2)([1.0, 2.0, 3.0]),
    lambda T, x: T.nn.functional.softmax(x, "a"),
    lambda T, x: T.nn.Softmax(dim="a")(x),
    lambda T, x: T.nn.ReLU(foo=1),
    lambda T, x: T.nn.ReLU(True, 1),
    lambda T, x: T.nn.Sigmoid(1),
    lambda T, x: T.nn.Tanh(foo=1),
    lambda T, x: T.nn.Softmax(1, 2),
    lambda T, x: T.nn.LogSoftmax(foo=1),
    lambda T, x: T.nn.Hardswish(1, 2),
    lambda T, x: T.nn.Dropout(0.5, True, 1),
    lambda T, x: T.nn.Dropout2d(foo=1),
    # losses and activations of what they do not take
    lambda T, x: T.nn.functional.mse_loss(T.tensor([1, 2]), T.tensor([1, 2])),
    lambda T, x: T.nn.functional.mse_loss(T.tensor([True]), T.tensor([True])),
    lambda T, x: T.nn.MSELoss()(T.tensor([1, 2]), T.tensor([3, 2])),
    lambda T, x: T.nn.functional.mse_loss(x, x.tolist()),
    lambda T, x: T.nn.functional.mse_loss(x.tolist(), x),
    lambda T, x: T.nn.functional.cross_entropy([[1.0, 2.0]], T.tensor([1])),
    lambda T, x: T.nn.functional.relu([1.0, 2.0]),
    lambda T, x: T.nn.functional.relu(None, inplace=True),
    # more methods of one or several signatures
    lambda T, x: x.index_fill(0, T.tensor([0]), "a"),
    lambda T, x: x.scatter(0, T.tensor([[0]]), "a"),
    lambda T, x: x.masked_select([True]),
    lambda T, x: x.diag("a"),
    lambda T, x: x.triu("a"),
    lambda T, x: x.roll("a"),
    lambda T, x: x.flip(0.0),
    lambda T, x: x.flip("a"),
    lambda T, x: x.logsumexp("a"),
    lambda T, x: x.amax("a"),
    lambda T, x: x.median("a"),
    lambda T, x: x.mode("a"),
    lambda T, x: x.unbind("a"),
    lambda T, x: x.select("a", 0),
    lambda T, x: x.index_add(0, T.tensor([0]), "a"),
    lambda T, x: x.addmm(x, "a"),
    lambda T, x: x.diagonal("a"),
    lambda T, x: x.movedim("a", 0),
    lambda T, x: x.unflatten(1, "a"),
    lambda T, x: x.expand_as("a"),
    lambda T, x: x.view_as("a"),
    lambda T, x: x.reshape_as(None),
    lambda T, x: x.type_as(1),
    lambda T, x: x.nansum("a"),
    lambda T, x: x.nanmean("a"),
    # the functions of the methods of one signature: the tensor is argument 1
    lambda T, x: T.transpose(x, 0.0, 1),
    lambda T, x: T.unsqueeze(x, 1.5),
    lambda T, x: T.softmax(x, "a"),
    lambda T, x: T.argmax(x, "a"),
    lambda T, x: T.reshape(x, "a"),
    lambda T, x: T.flatten(x, 1.5),
    lambda T, x: T.topk(x, 1.5),
    lambda T, x: T.permute(x, (0, 1.0)),
    lambda T, x: T.cumsum(x, "a"),
]


@pytest.mark.parametrize("call", CALLS)
def test_refused_as_pytorch_refuses(call: Any) -> None:
    assert _error(rungrad, call) == _error(torch, call)


def test_calls_a_signature_takes_still_run() -> None:
    """What the parser takes is computed (a 0-d integer tensor for an int, numbers for the
    arithmetic ops' tensors, sizes one by one or as a tuple)."""
    for T in (torch, rungrad):
        x = T.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        results = [
            x.add(2).tolist(),
            x.mul(2.0).tolist(),
            x.softmax(T.tensor(1)).shape[1],
            x.view(3, 2).shape[0],
            x.view((3, 2)).shape[0],
            x.reshape([6]).shape[0],
            x.sum(dim=1).tolist(),
            x.max(dim=0).values.tolist(),
            x.clamp(min=2.0).tolist(),
            x.transpose(T.tensor(0), 1).shape[0],
            x.sum(T.tensor(1)).tolist(),
            x.sum(dim=T.tensor(0)).tolist(),
            x.chunk(T.tensor(2))[0].tolist(),
            x.split(T.tensor(1))[1].tolist(),
            x.roll(T.tensor(1)).tolist(),
            list(T.zeros(T.tensor(2), 3).shape),
            list(T.zeros(T.tensor([2])).shape),
            list(x.reshape(T.tensor(6)).shape),
            str(x.to(float).dtype).split(".")[1],
            str(x.to(T.float64, copy=True).dtype).split(".")[1],
            str(x.to("cpu", T.float16).dtype).split(".")[1],
            str(T.nn.ReLU(inplace=True)),
            str(T.nn.Softmax(dim=1)),
            T.nn.Dropout(0.2).p,
        ]
        if T is torch:
            expected = results
    assert results == expected
