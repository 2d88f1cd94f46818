"""Small Tensor methods tutorials reach for (``is_cpu``, ``fill_diagonal_``, ``adjoint``,
the legacy ``volatile``...), and as_strided's backward, compared with PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
from transcripts import same

import rungrad


def test_device_and_memory_queries() -> None:
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        emit(x.is_cpu, x.is_pinned(), x.is_conj(), x.is_neg())
        emit.attempt(lambda: x.pin_memory())
        emit(x.resolve_conj() is x, x.resolve_neg() is x)
        emit(x.is_same_size(torch.ones(2, 2)), x.is_same_size(torch.ones(4)))
        emit(torch.tensor([2]).is_nonzero(), torch.tensor([0.0]).is_nonzero())
        emit.attempt(lambda: x.is_nonzero())
        emit.attempt(lambda: torch.tensor([]).is_nonzero())

    same(program)


def test_volatile_is_gone_with_pytorchs_warnings() -> None:
    def program(torch, emit):
        x = torch.ones(2)
        emit(x.volatile)
        x.volatile = True
        emit(x.volatile, x.requires_grad)

    transcript = same(program)
    assert "UserWarning: volatile was removed and now has no effect" in transcript


def test_adjoint() -> None:
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        emit(x.adjoint(), torch.adjoint(x))
        emit(torch.ones(2, 3, 4).adjoint().shape)
        emit(torch.tensor([[1 + 2j, 3 - 1j]]).adjoint())
        emit.attempt(lambda: torch.ones(3).adjoint())

    same(program)


def test_alias_inplace_methods() -> None:
    def program(torch, emit):
        a = torch.tensor([-1.5, 2.0, -3.0])
        emit(a.absolute_(), a.multiply_(2), a.subtract_(1), a.negative_(), a)
        emit(a.subtract_(torch.ones(3), alpha=2))

    same(program)


@pytest.mark.parametrize(
    ("shape", "wrap"),
    [((3, 3), False), ((5, 3), True), ((7, 3), True), ((7, 3), False), ((3, 5), True),
     ((4, 4), True), ((2, 2, 2), False), ((3, 3, 3), True)],
)  # fmt: skip
def test_fill_diagonal_(shape: tuple[int, ...], wrap: bool) -> None:
    def program(torch, emit):
        emit(torch.zeros(shape).fill_diagonal_(5, wrap=wrap))
        emit(torch.ones(shape, dtype=torch.long).fill_diagonal_(2.7, wrap))

    same(program)


def test_fill_diagonal_of_a_view_and_its_errors() -> None:
    def program(torch, emit):
        base = torch.zeros(4, 4)
        emit(base.t()[1:].fill_diagonal_(5), base)
        emit(torch.ones(3, 3).fill_diagonal_(torch.tensor(2.0)))
        emit.attempt(lambda: torch.ones(3, 3).fill_diagonal_(torch.tensor([2.0])))
        emit.attempt(lambda: torch.zeros(3, 4, 5).fill_diagonal_(1))
        emit.attempt(lambda: torch.zeros(3).fill_diagonal_(1))
        emit.attempt(lambda: torch.ones(3, 3, requires_grad=True).fill_diagonal_(1))

    same(program)


def test_fill_diagonal_gradient() -> None:
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 1.0, 1.0],
                          [2.0, 2.0, 2.0]], requires_grad=True)  # fmt: skip
        y = x.clone().fill_diagonal_(0, wrap=True)
        emit(y.grad_fn.name(), y)
        (y * torch.arange(15.0).reshape(5, 3)).sum().backward()
        emit(x.grad)
        cube = torch.ones(2, 2, 2, requires_grad=True)
        z = (cube * 3).fill_diagonal_(-1)
        emit(z.grad_fn.name())
        z.pow(2).sum().backward()
        emit(cube.grad)

    same(program)


def test_hardshrink_and_prelu_methods() -> None:
    def program(torch, emit):
        x = torch.tensor([[-1.0, 0.3], [0.7, -0.2]], requires_grad=True)
        emit(x.hardshrink(), x.hardshrink(0.25))
        emit(x.prelu(torch.tensor([0.25])))
        x.prelu(torch.tensor([0.1, 0.5])).sum().backward()
        emit(x.grad)

    same(program)


def test_sampling_methods_match_the_functions() -> None:
    probabilities = rungrad.tensor([[0.1, 0.9, 0.0], [0.0, 0.0, 1.0]])
    rungrad.manual_seed(3)
    method = probabilities.multinomial(2)
    rungrad.manual_seed(3)
    function = rungrad.multinomial(probabilities, 2)
    assert method.tolist() == function.tolist()
    # Once the categories of nonzero weight are drawn, the others follow.
    assert sorted(method[0].tolist()) == [0, 1] and method[1].tolist() == [2, 0]
    rungrad.manual_seed(4)
    draws = rungrad.full((1000,), 0.25).bernoulli()
    assert draws.dtype == rungrad.float32 and set(draws.tolist()) <= {0.0, 1.0}
    assert 0.18 < draws.mean().item() < 0.32
    assert rungrad.ones(5).bernoulli(0.0).tolist() == [0.0] * 5


def test_multinomial_without_replacement_past_the_nonzero_weights() -> None:
    def program(torch, emit):
        # Seeded: the draws would otherwise depend on what earlier tests left in each
        # library's generator.
        torch.manual_seed(0)
        emit(torch.multinomial(torch.tensor([[0.1, 0.9, 0.0], [0.0, 0.0, 1.0]]), 2))
        emit(torch.multinomial(torch.tensor([0.0, 1.0, 0.0]), 2))
        emit.attempt(lambda: torch.multinomial(torch.tensor([0.0, 0.0]), 1))
        emit.attempt(lambda: torch.multinomial(torch.tensor([1.0, 2.0]), 3))

    same(program)


def test_multinomial_without_replacement_draws_in_proportion() -> None:
    rungrad.manual_seed(0)
    weights = np.array([0.1, 0.2, 0.3, 0.4])
    draws = rungrad.multinomial(rungrad.tensor(weights).expand(20000, 4), 2).numpy()
    first = np.bincount(draws[:, 0], minlength=4) / len(draws)
    second_expected = [
        sum(weights[i] * weights[j] / (1 - weights[i]) for i in range(4) if i != j)
        for j in range(4)
    ]
    second = np.bincount(draws[:, 1], minlength=4) / len(draws)
    np.testing.assert_allclose(first, weights, atol=0.015)
    np.testing.assert_allclose(second, second_expected, atol=0.015)
    assert (draws[:, 0] != draws[:, 1]).all()


def test_as_strided_backward_keeps_no_copy_of_its_input() -> None:
    # PyTorch saves the input's geometry, not the input: filling the view in place (which
    # changes the input) leaves backward intact.
    def program(torch, emit):
        x = torch.arange(27.0).reshape(3, 3, 3).requires_grad_()
        y = x.clone()
        y.as_strided((3,), (13,), 0).fill_(5)
        emit(y.grad_fn.name(), y[1, 1, 1], y[0, 0, 1])
        (y * y).sum().backward()
        emit(x.grad[0], x.grad[1, 1])
        node = x.clone().as_strided((2, 2), (1, 3), 1).grad_fn
        emit(sorted(a for a in dir(node) if a.startswith("_saved")))
        emit(node._saved_size, node._saved_stride, node._saved_storage_offset)

    same(program)


def test_as_strided_gradients_against_finite_differences() -> None:
    x = rungrad.tensor(np.random.default_rng(0).standard_normal((3, 4)), requires_grad=True)

    def f(t):
        return (t.t() * 2).as_strided((3, 2), (2, 3), 1).exp()

    assert rungrad.autograd.gradcheck(f, (x,))
    assert rungrad.autograd.gradgradcheck(f, (x,))


def test_storages_print_and_share_the_tensors_memory() -> None:
    def program(torch, emit):
        x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        raw = x.untyped_storage()
        emit(len(raw), raw.nbytes(), raw.size(), raw.data_ptr() == x.data_ptr())
        emit(raw[0], raw[3], raw[-1], raw.tolist()[:4])
        emit(torch.tensor([], dtype=torch.float64).untyped_storage())
        emit(torch.tensor([1], dtype=torch.int16).untyped_storage())
        row = x[1]
        emit(row.untyped_storage().data_ptr() == raw.data_ptr(), row.storage_offset())
        typed = x.storage()
        emit(type(typed).__name__, len(typed), typed.size(), typed.dtype, typed.device)
        emit(typed.nbytes(), typed.element_size(), typed[0], typed[-1], type(typed[0]).__name__)
        emit.attempt(lambda: typed[4])
        emit.attempt(lambda: typed[1:3])
        emit(typed.tolist(), list(typed), row.storage().data_ptr() == typed.data_ptr())
        for values, dtype in (([1, 2], None), ([True, False], None), ([1 + 2j], None),
                              ([0.1, 1e10, -2.5, float("nan"), float("inf")], None),
                              ([0.1], torch.float64), ([], torch.float64)):  # fmt: skip
            emit(torch.tensor(values, dtype=dtype).storage())
        typed[0] = 9
        emit(x, x.t().storage().tolist())
        emit(x.is_shared(), x.storage().is_shared(), torch.is_storage(typed))
        emit(typed.untyped().nbytes(), torch.ones(2).view(torch.int32).storage().tolist())

    transcript = same(program)
    assert transcript.count("UserWarning: TypedStorage is deprecated") == 1


def test_empty_strided() -> None:
    def program(torch, emit):
        x = torch.empty_strided((2, 3), (1, 2))
        emit(x.shape, x.stride(), x.is_contiguous(), x.dtype)
        x.fill_(3)
        x[0, 1] = 5
        emit(x, x.t().is_contiguous())
        emit(torch.empty_strided((2, 3), (3, 1), requires_grad=True).requires_grad)
        emit(torch.empty_strided((2, 0), (1, 1)).shape)
        emit(torch.tensor([1, 2]).new_empty_strided((2, 2), (1, 2)).dtype)
        emit(torch.tensor([1.0]).new_empty_strided((2, 3), (1, 2)).stride())
        emit.attempt(lambda: torch.empty_strided((2, 3), (1,)))

    same(program)


def test_resize_spellings() -> None:
    """resize_ (its size check), resize_as_, and the deprecated copies resize / resize_as."""
    from transcripts import same

    def program(torch, emit):
        x = torch.arange(6.0)
        emit(x.resize_(2, 3), x.shape, x._version, x.resize_(3, 2))
        emit(torch.arange(4.0).resize_as_(torch.ones(2, 2)))
        emit.attempt(lambda: torch.ones(2, requires_grad=True).resize_(1, 2))
        emit.attempt(lambda: torch.arange(4.0).resize_(-1, 2))
        v = torch.arange(6.0).view(2, 3)
        emit(v.resize(3, 2), v.shape, torch.ones(3).resize_as(torch.ones(1, 3)))

    same(program)
