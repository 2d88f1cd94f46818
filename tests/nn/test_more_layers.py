"""Less common layers and losses against PyTorch: CTC loss (values, gradients, node names,
reductions, zero_infinity, target layouts, argument errors)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from transcripts import same

RNG = np.random.default_rng(7)


def _log_probs(library: Any, shape: tuple[int, ...], seed: int) -> Any:
    """Normalised log probabilities computed in float64 by NumPy: identical inputs for both
    libraries, whatever their own log_softmax rounds."""
    x = np.random.default_rng(seed).normal(size=shape)
    x = x - np.log(np.exp(x).sum(-1, keepdims=True))
    return library.tensor(x.astype("float32"), requires_grad=True)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("lengths_as", ["tensor", "tuple"])
def test_ctc_loss_values_gradients_and_nodes(
    reduction: str, zero_infinity: bool, lengths_as: str
) -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        for steps, batch, classes, longest, seed in [(6, 3, 5, 3, 0), (30, 4, 10, 8, 1)]:
            lp = _log_probs(torch, (steps, batch, classes), seed)
            rng = np.random.default_rng(seed)
            targets = torch.tensor(rng.integers(1, classes, size=(batch, longest)))
            inputs = rng.integers(1, steps + 1, size=batch).tolist()
            lengths = rng.integers(0, longest + 1, size=batch).tolist()
            if lengths_as == "tensor":
                inputs, lengths = torch.tensor(inputs), torch.tensor(lengths)
            else:
                inputs, lengths = tuple(inputs), tuple(lengths)
            loss = F.ctc_loss(
                lp, targets, inputs, lengths, reduction=reduction, zero_infinity=zero_infinity
            )
            emit(loss, loss.grad_fn)
            emit(loss.tolist())
            loss.sum().backward()
            emit(lp.grad)
            emit(lp.grad.sum().item(), lp.grad.abs().sum().item())

    same(program)


def test_ctc_loss_module_targets_and_blank() -> None:
    def program(torch: Any, emit: Any) -> None:
        lp = _log_probs(torch, (7, 3, 6), 3)
        padded = torch.tensor([[1, 2, 2, 0], [3, 4, 0, 0], [5, 0, 0, 0]])
        lengths = torch.tensor([3, 2, 1])
        concatenated = torch.tensor([1, 2, 2, 3, 4, 5])
        loss = torch.nn.CTCLoss()
        emit(loss, loss.blank, loss.reduction, loss.zero_infinity)
        emit(loss(lp, padded, torch.tensor([7, 6, 5]), lengths))
        emit(loss(lp, concatenated, torch.tensor([7, 6, 5]), lengths))
        emit(loss(lp, padded.float(), (7, 6, 5), (3, 2, 1)))
        blank_last = torch.nn.CTCLoss(blank=5, reduction="sum", zero_infinity=True)
        emit(blank_last)
        value = blank_last(lp, padded.clamp(max=4), [2, 7, 7], [3, 2, 1])
        emit(value, value.grad_fn, value.grad_fn.next_functions[0][0])
        value.backward()
        emit(lp.grad[:, 0])
        # unbatched input (T, C) with 1-D target
        single = _log_probs(torch, (5, 4), 4)
        one = torch.nn.functional.ctc_loss(
            single, torch.tensor([1, 3]), torch.tensor(5), torch.tensor(2), reduction="none"
        )
        emit(one, one.grad_fn)
        one.backward()
        emit(single.grad)
        # empty targets and zero-length inputs
        empty = torch.nn.functional.ctc_loss(lp, padded, (0, 7, 0), (0, 0, 1), reduction="none")
        emit(empty)
        node = torch.nn.functional.ctc_loss(lp, padded, (7, 6, 5), (3, 2, 1), reduction="none")
        emit(node.grad_fn._saved_input_lengths, node.grad_fn._saved_target_lengths)
        emit(node.grad_fn._saved_blank, node.grad_fn._saved_zero_infinity)
        emit(node.grad_fn._saved_result1.shape, node.grad_fn._saved_result1[1, :2, :5])
        grad = torch.autograd.grad(node.sum(), lp, create_graph=True)[0]
        emit(grad.grad_fn.name())
        emit.attempt(lambda: grad.sum().backward())
        emit(torch.nn.functional.ctc_loss(lp.double(), padded, (7, 6, 5), (3, 2, 1)))

    same(program)


def test_ctc_loss_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        lp = _log_probs(torch, (6, 3, 5), 5)
        tg = torch.tensor([[1, 2, 3], [2, 3, 0], [4, 0, 0]])
        il, tl = torch.tensor([6, 6, 6]), torch.tensor([3, 2, 1])
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl, blank=5))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl, blank=-1))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il[:2], tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl[:2]))
        emit.attempt(lambda: F.ctc_loss(lp, tg, torch.tensor([7, 6, 6]), tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, torch.tensor([-1, 6, 6]), tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, torch.tensor([4, 2, 1])))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, torch.tensor([-1, 2, 1])))
        emit.attempt(lambda: F.ctc_loss(lp, tg[:2], il, tl))
        emit.attempt(lambda: F.ctc_loss(lp, torch.tensor([1, 2, 3]), il, tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg.unsqueeze(0), il, tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il.float(), tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl.double()))
        emit.attempt(lambda: F.ctc_loss(lp.long(), tg, il, tl))
        emit.attempt(lambda: F.ctc_loss(lp.half(), tg, il, tl))
        emit.attempt(lambda: F.ctc_loss(lp[0, 0], tg[0], (6,), (3,)))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl, reduction="avg"))
        emit.attempt(lambda: F.ctc_loss(torch.zeros(6, 0, 5), tg[:0], (), ()))
        for args in [
            (lp, tg, 6, 3),
            (lp, tg, il, [3, 2, 1]),
            (lp, tg, [6, 6, 6], tl),
            (lp, tg, (6, 6, 6), (3, 2, 1), 1.5),
        ]:
            try:
                F.ctc_loss(*args)
            except TypeError as error:
                emit(str(error))

    same(program)
