"""Which targets the classification losses accept, and what they do with them, as PyTorch.

cross_entropy reads a target shaped like the input as class probabilities and any other
target as class indices, whatever its dtype; nll_loss takes Long or Byte indices only.
smooth_l1_loss with ``beta=0`` is l1_loss, graph included.
"""

from __future__ import annotations

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
