"""NumPy's names for ``dim`` and ``keepdim`` (``axis``, ``keepdims``), which PyTorch's argument
parser takes in its functions and methods, against PyTorch."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_axis_and_keepdims_in_methods_and_functions() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(6.0).view(2, 3).requires_grad_()
        emit(x.sum(axis=0), x.mean(axis=1, keepdims=True), x.sum(0, keepdims=True))
        emit(x.max(axis=1), x.min(axis=0).values, x.argmax(axis=1), x.prod(axis=1))
        emit(x.std(axis=0), x.var(axis=1), x.cumsum(axis=0), x.logsumexp(axis=1))
        emit(x.softmax(axis=1), x.squeeze(axis=0), x.unsqueeze(axis=0).shape)
        emit(x.any(axis=0), x.all(axis=0), x.median(axis=1), x.sort(axis=1), x.topk(1, axis=1))
        emit(torch.sum(x, axis=1), torch.softmax(x, axis=0), torch.std(x, axis=1))
        emit(torch.cat([x, x], axis=1).shape, torch.stack([x, x], axis=0).shape)
        emit(torch.mean(x, axis=0, keepdims=True), torch.amax(x, axis=1))
        x.sum(axis=1).sum().backward()
        emit(x.grad)
        # PyTorch's own Python functions take no NumPy names.
        emit.attempt(lambda: x.split(1, axis=0))
        emit.attempt(lambda: torch.norm(x, axis=0))
        emit.attempt(lambda: torch.nn.functional.softmax(x, axis=1))

    same(program)


def test_keyword_forms_of_shape_methods_and_input_of_functions() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(6.0).view(2, 3).requires_grad_()
        emit(x.view(size=(3, 2)), x.reshape(shape=(3, 2)), x.permute(dims=(1, 0)))
        emit(x.repeat(repeats=(1, 2)), x.expand(size=(2, 2, 3)).shape)
        emit(torch.add(input=x, other=x), torch.mul(input=x, other=2))
        emit(x.view(dtype=torch.int32).dtype, x.view(-1).shape)

    same(program)
