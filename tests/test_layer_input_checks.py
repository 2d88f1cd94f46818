"""Layers refuse inputs of the wrong dtype or rank with PyTorch's exceptions and messages,
rather than promoting (a float64 batch through a float32 convolution was computed in
float64) or failing later with another message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import torch

import rungrad


def _outcome(T: Any, case: Callable[[Any], Any]) -> tuple[str, str]:
    try:
        result = case(T)
    except Exception as error:  # the exception is what is compared
        return type(error).__name__, str(error).split("\n")[0].replace("rungrad", "torch")
    return "ok", str(result.dtype).replace("rungrad", "torch")


CONVOLUTIONS: dict[str, Callable[[Any], Any]] = {
    "float64 input, float32 weight and bias": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5, dtype=T.float64), T.ones(1, 1, 3, 3), T.ones(1)
    ),
    "float64 input, float32 weight": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5, dtype=T.float64), T.ones(1, 1, 3, 3)
    ),
    "float32 input, float64 weight": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5), T.ones(1, 1, 3, 3, dtype=T.float64)
    ),
    "float64 bias": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5), T.ones(1, 1, 3, 3), T.ones(1, dtype=T.float64)
    ),
    "int64 input": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5, dtype=T.long), T.ones(1, 1, 3, 3), T.ones(1)
    ),
    "float16 input": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5, dtype=T.float16), T.ones(1, 1, 3, 3), T.ones(1)
    ),
    "bfloat16 input": lambda T: T.nn.functional.conv2d(
        T.ones(1, 1, 5, 5, dtype=T.bfloat16), T.ones(1, 1, 3, 3), T.ones(1)
    ),
    "dtype before channels": lambda T: T.nn.functional.conv2d(
        T.ones(1, 2, 5, 5, dtype=T.float64), T.ones(1, 1, 3, 3), T.ones(1)
    ),
    "conv1d module": lambda T: T.nn.Conv1d(1, 1, 3)(T.ones(1, 1, 5, dtype=T.float64)),
    "float64 model, float32 input": lambda T: T.nn.Conv2d(1, 1, 3).double()(T.ones(1, 1, 5, 5)),
    "transposed: weight checked": lambda T: T.nn.functional.conv_transpose2d(
        T.ones(1, 1, 5, 5, dtype=T.float64), T.ones(1, 1, 3, 3), T.ones(1)
    ),
    "transposed: bias cast": lambda T: T.nn.functional.conv_transpose2d(
        T.ones(1, 1, 5, 5), T.ones(1, 1, 3, 3), T.ones(1, dtype=T.float64)
    ),
}


@pytest.mark.parametrize("name", sorted(CONVOLUTIONS))
def test_convolution_operand_dtypes(name: str) -> None:
    case = CONVOLUTIONS[name]
    assert _outcome(rungrad, case) == _outcome(torch, case)


@pytest.mark.parametrize("layer", ["LSTM", "GRU", "RNN"])
def test_recurrent_layers_refuse_another_dtype(layer: str) -> None:
    def case(T: Any) -> Any:
        return getattr(T.nn, layer)(3, 2)(T.ones(2, 3, dtype=T.float64))

    assert _outcome(rungrad, case) == _outcome(torch, case)
    assert _outcome(rungrad, case)[0] == "ValueError"


@pytest.mark.parametrize("shape", [(), (0,), (2, 4, 0), (2, 0), (3,), (2, 5, 3), (0, 3), (5, 0, 3)])
def test_linear_shape_messages(shape: tuple[int, ...]) -> None:
    def case(T: Any) -> Any:
        return T.nn.Linear(2, 3)(T.ones(shape))

    assert _outcome(rungrad, case) == _outcome(torch, case)


INITS: dict[str, Callable[[Any, Any], Any]] = {
    "uniform_": lambda T, t: T.nn.init.uniform_(t),
    "normal_": lambda T, t: T.nn.init.normal_(t),
    "trunc_normal_": lambda T, t: T.nn.init.trunc_normal_(t),
    "xavier_uniform_": lambda T, t: T.nn.init.xavier_uniform_(t),
    "kaiming_normal_": lambda T, t: T.nn.init.kaiming_normal_(t),
    "orthogonal_": lambda T, t: T.nn.init.orthogonal_(t),
    "sparse_": lambda T, t: T.nn.init.sparse_(t, 0.5),
}


@pytest.mark.parametrize("dtype", ["long", "bool", "float16"])
@pytest.mark.parametrize("name", sorted(INITS))
def test_random_inits_refuse_integer_tensors(name: str, dtype: str) -> None:
    # The refusal leaves the generator where it was (orthogonal_'s comes after its draw).
    outcomes = []
    for T in (torch, rungrad):
        T.manual_seed(0)
        outcome = _outcome(T, lambda T: INITS[name](T, T.empty(3, 3, dtype=getattr(T, dtype))))
        outcomes.append((outcome[:2] if outcome[0] != "ok" else outcome[0], T.rand(1).item()))
    assert outcomes[0] == outcomes[1]


POOLINGS: dict[str, Callable[[Any], Any]] = {
    "MaxPool2d of 2-D": lambda T: T.nn.MaxPool2d(2)(T.ones(4, 4)),
    "MaxPool2d of 5-D": lambda T: T.nn.MaxPool2d(2)(T.ones(1, 1, 1, 4, 4)),
    "MaxPool1d of 1-D": lambda T: T.nn.MaxPool1d(2)(T.ones(4)),
    "AvgPool2d of 5-D": lambda T: T.nn.AvgPool2d(2)(T.ones(1, 1, 1, 4, 4)),
    "AvgPool2d of 2-D": lambda T: T.nn.AvgPool2d(2)(T.ones(4, 4)),
    "AvgPool1d of 4-D": lambda T: T.nn.AvgPool1d(2)(T.ones(1, 1, 4, 4)),
    "AdaptiveAvgPool2d of 1-D": lambda T: T.nn.AdaptiveAvgPool2d(2)(T.ones(4)),
    "AdaptiveAvgPool1d of 4-D": lambda T: T.nn.AdaptiveAvgPool1d(2)(T.ones(1, 1, 4, 4)),
    "AdaptiveMaxPool1d of 1-D": lambda T: T.nn.AdaptiveMaxPool1d(2)(T.ones(4)),
    "AdaptiveMaxPool2d of 1-D": lambda T: T.nn.AdaptiveMaxPool2d(2)(T.ones(4)),
}


@pytest.mark.parametrize("name", sorted(POOLINGS))
def test_pooling_rank_messages(name: str) -> None:
    case = POOLINGS[name]
    assert _outcome(rungrad, case) == _outcome(torch, case)


def _integers(T: Any) -> Any:
    return T.tensor([[1, -2, 3], [4, 5, -6]])


# Kernels with floating loops only refuse integer inputs (rungrad computed zeros, or nan, or
# promoted); dropout fails scaling the mask it has drawn, as PyTorch's does.
INTEGER_INPUTS: dict[str, Callable[[Any], Any]] = {
    "dropout": lambda T: T.nn.functional.dropout(_integers(T)),
    "dropout of bools": lambda T: T.nn.Dropout()(_integers(T) > 0),
    "dropout, p=0": lambda T: T.nn.functional.dropout(_integers(T), p=0.0),
    "layer_norm": lambda T: T.nn.functional.layer_norm(_integers(T), (3,)),
    "group_norm": lambda T: T.nn.functional.group_norm(T.ones(1, 3, 4, dtype=T.long), 1),
    "instance_norm": lambda T: T.nn.functional.instance_norm(T.ones(1, 3, 4, dtype=T.long)),
    "batch_norm": lambda T: T.nn.BatchNorm1d(3)(_integers(T)),
    "normalize": lambda T: T.nn.functional.normalize(_integers(T)),
    "max_pool1d": lambda T: T.nn.functional.max_pool1d(_integers(T).unsqueeze(0), 2),
    "adaptive_avg_pool2d": lambda T: T.nn.functional.adaptive_avg_pool2d(
        T.ones(1, 3, 4, 4, dtype=T.long), 2
    ),
    "kl_div": lambda T: T.nn.functional.kl_div(_integers(T), _integers(T), reduction="sum"),
    "kl_div of an integer target": lambda T: T.nn.functional.kl_div(
        T.ones(2), T.ones(2, dtype=T.long), reduction="sum"
    ),
    "smooth_l1_loss": lambda T: T.nn.functional.smooth_l1_loss(_integers(T), _integers(T)),
    "huber_loss": lambda T: T.nn.functional.huber_loss(_integers(T), _integers(T)),
    "binary_cross_entropy": lambda T: T.nn.functional.binary_cross_entropy(
        _integers(T), _integers(T)
    ),
    "binary_cross_entropy_with_logits": lambda T: T.nn.functional.binary_cross_entropy_with_logits(
        _integers(T), _integers(T)
    ),
    "cosine_similarity": lambda T: T.nn.functional.cosine_similarity(_integers(T), _integers(T)),
    "nll_loss": lambda T: T.nn.functional.nll_loss(_integers(T), T.tensor([0, 1])),
}
for _mode, _shape in (
    ("nearest", (1, 3, 4, 4)),
    ("nearest", (1, 3, 4)),
    ("linear", (1, 3, 4)),
    ("bilinear", (1, 3, 4, 4)),
    ("bicubic", (1, 3, 4, 4)),
    ("area", (1, 3, 4, 4)),
):
    for _dtype in ("long", "uint8"):
        INTEGER_INPUTS[f"interpolate {_mode} {len(_shape)}-D {_dtype}"] = (
            lambda T, m=_mode, s=_shape, d=_dtype: T.nn.functional.interpolate(
                T.ones(s, dtype=getattr(T, d)), scale_factor=2, mode=m
            )
        )


@pytest.mark.parametrize("name", sorted(INTEGER_INPUTS))
def test_integer_inputs_are_refused_as_pytorch_refuses_them(name: str) -> None:
    outcomes = []
    for T in (torch, rungrad):
        T.manual_seed(0)
        outcomes.append((_outcome(T, INTEGER_INPUTS[name]), T.rand(1).item()))
    assert outcomes[0] == outcomes[1]
