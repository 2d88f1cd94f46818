"""Which targets the classification losses accept, and what they do with them, as PyTorch.

cross_entropy reads a target shaped like the input as class probabilities and any other
target as class indices, whatever its dtype; nll_loss takes Long or Byte indices only.
smooth_l1_loss with ``beta=0`` is l1_loss, graph included.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _outcome(library: Any, program: str) -> str:
    F = library.nn.functional
    rng = np.random.default_rng(0)
    logits = library.tensor(rng.standard_normal((5, 4)).astype(np.float32), requires_grad=True)
    try:
        result = eval(program, {"torch": library, "F": F, "x": logits})
    except Exception as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    text = f"{result.detach().numpy().round(4).tolist()} {type(result.grad_fn).__name__}"
    return text


@pytest.mark.parametrize(
    "program",
    [
        "F.nll_loss(x.log_softmax(1), torch.zeros(5))",
        "F.nll_loss(x.log_softmax(1), torch.zeros(5, dtype=torch.int32))",
        "F.nll_loss(x.log_softmax(1), torch.tensor([0, 1, 2, 3, 1], dtype=torch.uint8))",
        "F.nll_loss(x.log_softmax(1), torch.zeros(2))",
        "F.nll_loss(x[0].log_softmax(0), torch.tensor(1.0))",
        "F.cross_entropy(x, torch.tensor([0.0, 1.0, 1.0, 1.0, 2.0]))",
        "F.cross_entropy(x, torch.zeros(5, dtype=torch.int32))",
        "F.cross_entropy(x, torch.tensor([0, 3, 1, 1, 2], dtype=torch.uint8))",
        "F.cross_entropy(x, torch.zeros(5, 4, dtype=torch.int64))",
        "F.cross_entropy(x, torch.full((5, 4), 0.25, dtype=torch.float64))",
        "F.cross_entropy(x, torch.full((5, 4), 0.25), ignore_index=2)",
        "F.cross_entropy(x, torch.full((5, 4), 0.25), ignore_index=-1)",
        "F.cross_entropy(x.reshape(1, 5, 4), torch.zeros(1, 4))",
        "F.cross_entropy(x[0], torch.zeros(4))",
        "F.cross_entropy(x, torch.zeros(2))",
        "F.cross_entropy(x, torch.zeros(5, 1, dtype=torch.int64))",
        "F.nll_loss(x, torch.zeros(5, 1))",
        "F.nll_loss(x, torch.tensor(1))",
        "F.cross_entropy(x[0], torch.tensor([0, 1]))",
        "F.nll_loss(x[0], torch.tensor([0.0, 1.0]))",
        "F.nll_loss(x[0], torch.tensor([2]))",
        "F.cross_entropy(x.reshape(1, 5, 4), torch.zeros(1, 5, dtype=torch.int64))",
        "F.cross_entropy(x.reshape(1, 5, 4), torch.zeros(1, 4, 1, dtype=torch.int64))",
        "F.nll_loss(x.reshape(1, 5, 2, 2), torch.zeros(1, 4, dtype=torch.int64))",
        "F.nll_loss(x.reshape(1, 5, 2, 2), torch.zeros(1, 2, 3, dtype=torch.int64))",
        "F.nll_loss(x.reshape(1, 5, 2, 2), torch.zeros(1, 2, 3))",
        "F.nll_loss(x.reshape(1, 5, 2, 2, 1), torch.zeros(1, 2, 2, 2, dtype=torch.int64))",
        "F.smooth_l1_loss(x, torch.ones(5, 4), beta=0.0)",
        "F.smooth_l1_loss(x, torch.ones(5, 4), beta=0.0, reduction='sum')",
        "F.smooth_l1_loss(x, torch.ones(5, 4), beta=0.5)",
    ],
)
def test_targets_like_torch(program: str):
    assert _outcome(rungrad, program) == _outcome(torch, program)


def test_smooth_l1_with_zero_beta_has_l1_gradients():
    grads = []
    for library in (torch, rungrad):
        x = library.tensor([[0.5, -1.0], [2.0, 1.0]], requires_grad=True)
        library.nn.functional.smooth_l1_loss(x, library.ones(2, 2), beta=0.0).backward()
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(grads[1], grads[0])


@pytest.mark.parametrize(
    "program",
    [
        "F.binary_cross_entropy_with_logits(x[0], torch.ones(4, dtype=torch.int64))",
        "F.binary_cross_entropy_with_logits(x[0], torch.ones(4, dtype=torch.int32))",
        "F.binary_cross_entropy_with_logits(x[0], torch.ones(4, dtype=torch.bool))",
        "F.binary_cross_entropy_with_logits(x[0], torch.ones(4, dtype=torch.float64))",
        "F.binary_cross_entropy(x[0].sigmoid(), torch.ones(4, dtype=torch.int64))",
        "F.binary_cross_entropy(x[0].sigmoid(), torch.ones(4, dtype=torch.float64))",
        "F.binary_cross_entropy(x[0].sigmoid().double(), torch.ones(4))",
        "F.binary_cross_entropy(x[0].sigmoid(), torch.ones(4, dtype=torch.bool))",
        "F.cross_entropy(x, torch.tensor([0, 1, 2, 3, 1]), weight=torch.ones(3))",
        "F.nll_loss(x[0], torch.tensor(1), weight=torch.ones(5))",
        "F.nll_loss(x.reshape(5, 4, 1), torch.zeros(5, 1).long(), weight=torch.ones(2))",
        "F.nll_loss(x.reshape(5, 2, 2), torch.zeros(5, 2).long(), weight=torch.ones(2))",
    ],
)
def test_target_dtypes_and_weight_sizes_like_torch(program: str):
    assert _outcome(rungrad, program) == _outcome(torch, program)


@pytest.mark.parametrize(
    "program",
    [
        "F.mse_loss(x, torch.zeros(5, 4), size_average=False)",
        "F.l1_loss(x, torch.zeros(5, 4), reduce=False)",
        "F.smooth_l1_loss(x, torch.zeros(5, 4), size_average=True, reduce=True)",
        "F.cross_entropy(x, torch.tensor([0, 1, 2, 3, 1]), size_average=False)",
        "F.nll_loss(x, torch.tensor([0, 1, 2, 3, 1]), reduce=False, reduction='sum')",
        "F.binary_cross_entropy_with_logits(x, torch.ones(5, 4), size_average=False)",
        "F.kl_div(x, torch.full((5, 4), 0.25), reduce=False)",
        "torch.nn.MSELoss(size_average=False)(x, torch.zeros(5, 4))",
        "torch.nn.CrossEntropyLoss(reduce=False)(x, torch.tensor([0, 1, 2, 3, 1]))",
        "torch.nn.L1Loss(size_average=True, reduce=True)(x, torch.zeros(5, 4))",
        "torch.nn.BCELoss(reduce=False, size_average=False)(x.sigmoid(), torch.ones(5, 4))",
    ],
)
def test_legacy_reduction_arguments_warn_and_apply(program: str):
    outcomes = []
    for library in (torch, rungrad):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outcome = _outcome(library, program)
        messages = [f"{w.category.__name__}: {w.message}" for w in caught]
        outcomes.append((outcome, [m for m in messages if "size_average" in m]))
    assert outcomes[1] == outcomes[0]
