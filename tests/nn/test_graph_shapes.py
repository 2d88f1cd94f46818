"""The graphs some nn functions and layers record, against PyTorch's: the node names two
levels deep (which overload of an op, which composition)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _names(output: Any) -> list[Any]:
    node = output.grad_fn
    names = [node.name(), [None if n is None else n.name() for n, _ in node.next_functions]]
    return eval(repr(names).replace("rungrad", "torch"))


@pytest.mark.parametrize(
    "expression",
    [
        "F.pairwise_distance(x, t)",
        "F.soft_margin_loss(x, t)",
        "F.adaptive_avg_pool1d(x.unsqueeze(0), 1)",
        "F.adaptive_avg_pool1d(x.unsqueeze(0), 2)",
        "F.cross_entropy(x, torch.tensor([1]), label_smoothing=0.1)",
        "F.cross_entropy(x, torch.tensor([1]), label_smoothing=0.2, reduction='sum')",
        "nn.GRUCell(3, 2)(x)",
        "nn.PReLU()(x)",
        "nn.PReLU(3)(x)",
        "nn.PReLU()(x[0])",
        "nn.PReLU(3)(x.reshape(1, 3, 1))",
    ],
)
def test_node_names_like_torch(expression: str):
    graphs = []
    for library in (torch, rungrad):
        x = library.tensor([[0.5, -1.0, 2.0]], requires_grad=True)
        t = library.tensor([[0.0, 1.0, -1.0]])
        namespace = {"torch": library, "F": library.nn.functional, "nn": library.nn}
        graphs.append(_names(eval(expression, {**namespace, "x": x, "t": t})))
    assert graphs[1] == graphs[0]


def test_gru_step_rounds_like_torch():
    rng = np.random.default_rng(0)
    outputs = []
    for library in (torch, rungrad):
        cell = library.nn.GRUCell(3, 4)
        with library.no_grad():
            for param in cell.parameters():
                param.copy_(
                    library.tensor(rng.standard_normal(tuple(param.shape)), dtype=library.float64)
                )
        x = library.tensor(rng.standard_normal((5, 3)), dtype=library.float64)
        hx = library.tensor(rng.standard_normal((5, 4)), dtype=library.float64)
        outputs.append(cell.double()(x.double(), hx).detach().numpy())
        rng = np.random.default_rng(0)
    np.testing.assert_allclose(outputs[1], outputs[0], rtol=1e-14, atol=1e-15)
