"""BatchNorm3d and LocalResponseNorm against PyTorch: reprs, outputs, gradients, running
statistics and errors."""

from __future__ import annotations

from typing import Any

import pytest

from .test_backward_hooks import same


def test_batch_norm_3d():
    def program(torch: Any, emit: Any) -> None:
        layer = torch.nn.BatchNorm3d(2, momentum=0.3)
        emit(layer, torch.nn.BatchNorm3d(3, affine=False, track_running_stats=False))
        x = (torch.arange(48.0).reshape(2, 2, 3, 2, 2) * 0.1).sin().requires_grad_()
        y = layer(x)
        (y * torch.arange(48.0).reshape(2, 2, 3, 2, 2).cos()).sum().backward()
        emit(y[0, 1], y.grad_fn.name(), layer.running_mean, layer.running_var)
        emit(x.grad[1, 0], layer.weight.grad, layer.bias.grad, layer.num_batches_tracked)
        layer.eval()
        emit(layer(x)[1, 1, 0])
        layer(torch.ones(2, 2, 3))

    same(program)


@pytest.mark.parametrize(
    "shape", [(1, 4, 3), (2, 5, 2, 2), (1, 3, 2, 1, 2), (0, 3, 2), (3,), (2, 3)]
)
def test_local_response_norm(shape: tuple[int, ...]):
    def program(torch: Any, emit: Any) -> None:
        layer = torch.nn.LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2.0)
        emit(layer, torch.nn.LocalResponseNorm(2))
        count = 1
        for size in shape:
            count *= size
        x = (torch.arange(float(count)).reshape(shape) * 0.3).requires_grad_()
        y = layer(x)
        emit(y, y.grad_fn.name() if y.grad_fn is not None else None)
        y.sum().backward()
        emit(x.grad)
        emit(torch.nn.functional.local_response_norm(x, 4))

    same(program)
