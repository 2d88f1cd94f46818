"""``grad_fn._saved_<name>``: PyTorch's names and values for what a node saved.

Each case builds the same graph in both libraries from the same data; the names ``dir()``
lists and the value of each must match (tensors by dtype, shape, values and whether they
require grad).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import rungrad


def _arrays(seed: int, *shapes: tuple[int, ...]) -> list[np.ndarray]:
    generator = np.random.default_rng(seed)
    return [generator.random(shape).astype(np.float32) + 0.5 for shape in shapes]


def _leaves(module: Any, arrays: list[np.ndarray]) -> list[Any]:
    return [module.tensor(array, requires_grad=True) for array in arrays]


# name: (input shapes, graph built from the module and the leaves)
CASES: dict[str, tuple[tuple[tuple[int, ...], ...], Callable[..., Any]]] = {
    "sum": (((3, 4),), lambda t, x: x.sum()),
    "sum_dim": (((3, 4),), lambda t, x: x.sum(1)),
    "sum_dims_keepdim": (((3, 4, 2),), lambda t, x: x.sum((0, 2), keepdim=True)),
    "mean": (((3, 4),), lambda t, x: x.mean()),
    "mean_dim": (((3, 4),), lambda t, x: x.mean(0)),
    "max_dim": (((3, 4),), lambda t, x: x.max(1)[0]),
    "min_dim": (((3, 4),), lambda t, x: x.min(0, keepdim=True)[0]),
    "amax": (((3, 4),), lambda t, x: x.amax(1)),
    "std": (((3, 4),), lambda t, x: x.std(1)),
    "var_mean": (((3, 4),), lambda t, x: t.var_mean(x, 1)[0]),
    "logsumexp": (((3, 4),), lambda t, x: x.logsumexp(1)),
    "nansum": (((3, 4),), lambda t, x: x.nansum(1)),
    "cumsum": (((3, 4),), lambda t, x: x.cumsum(1)),
    "median_dim": (((3, 4),), lambda t, x: x.median(1)[0]),
    "sort": (((3, 4),), lambda t, x: x.sort(1)[0]),
    "kthvalue": (((3, 4),), lambda t, x: x.kthvalue(2, 1)[0]),
    "mode": (((3, 4),), lambda t, x: x.mode(1)[0]),
    "view": (((3, 4),), lambda t, x: x.view(12)),
    "reshape_copy": (((3, 4),), lambda t, x: x.t().reshape(12)),
    "squeeze": (((1, 3),), lambda t, x: x.squeeze()),
    "squeeze_dim": (((1, 3),), lambda t, x: x.squeeze(0)),
    "squeeze_dims": (((1, 3, 1),), lambda t, x: x.squeeze((0, 2))),
    "expand": (((3, 1),), lambda t, x: x.expand(3, 4)),
    "select": (((3, 4),), lambda t, x: x[1]),
    "narrow": (((3, 4),), lambda t, x: x.narrow(1, 1, 2)),
    "index": (((3, 4),), lambda t, x: x[t.tensor([0, 2])]),
    "index_select": (((3, 4),), lambda t, x: x.index_select(1, t.tensor([0, 2]))),
    "mm": (((3, 4), (4, 2)), lambda t, a, b: a.mm(b)),
    "div_trunc_number": (((3, 4),), lambda t, x: x.div(2, rounding_mode="trunc")),
    "addmm": (((2,), (3, 4), (4, 2)), lambda t, c, a, b: t.addmm(c, a, b)),
    "matmul": (((2, 3, 4), (4, 2)), lambda t, a, b: a @ b),
    "softmax": (((3, 4),), lambda t, x: x.softmax(1)),
    "log_softmax": (((3, 4),), lambda t, x: x.log_softmax(1)),
    "mse_loss": (((3, 4), (3, 4)), lambda t, a, b: t.nn.functional.mse_loss(a, b)),
    "l1_loss": (((3, 4), (3, 4)), lambda t, a, b: t.nn.functional.l1_loss(a, b)),
    "avg_pool2d": (
        ((1, 1, 4, 4),),
        lambda t, x: t.nn.functional.avg_pool2d(x, 2, stride=2),
    ),
    "constant_pad": (((2, 3),), lambda t, x: t.nn.functional.pad(x, (1, 1))),
    "reflection_pad": (
        ((1, 2, 3),),
        lambda t, x: t.nn.functional.pad(x, (1, 1), mode="reflect"),
    ),
    "linalg_inv": (((3, 3),), lambda t, a: t.linalg.inv(a + 3 * t.eye(3))),
    "cat": (((2, 3), (1, 3)), lambda t, a, b: t.cat([a, b])),
    "stack": (((3,), (3,)), lambda t, a, b: t.stack([a, b], 1)),
    "to_double": (((3,),), lambda t, x: x.double()),
    # Slice bounds and select indices as written: None and negative numbers included.
    "slice_open_end": (((3, 4),), lambda t, x: x[1:]),
    "slice_negative": (((3, 4),), lambda t, x: x[:, -3:-1]),
    "slice_full": (((3, 4),), lambda t, x: x[:]),
    "slice_beyond": (((3, 4),), lambda t, x: x[0:100:2]),
    "select_negative": (((3, 4),), lambda t, x: x[-1]),
    "select_method_negative": (((3, 4),), lambda t, x: x.select(1, -2)),
    # Negative dimensions as given (read back unsigned); computed ones (movedim's) as computed.
    "sum_negative_dims": (((3, 4),), lambda t, x: x.sum((-1, -2))),
    "softmax_negative_dim": (((3, 4),), lambda t, x: x.softmax(-1)),
    "transpose_negative_dim": (((3, 4),), lambda t, x: x.transpose(-1, 0)),
    "unsqueeze_negative_dim": (((3, 4),), lambda t, x: x.unsqueeze(-1)),
    "cat_negative_dim": (((2, 3), (2, 1)), lambda t, a, b: t.cat([a, b], -1)),
    "sort_negative_dim": (((3, 4),), lambda t, x: x.sort(-1)[0]),
    "max_negative_dim": (((3, 4),), lambda t, x: x.max(-1)[0]),
    "permute_negative_dim": (((3, 4),), lambda t, x: x.permute(-1, 0)),
    "movedim_negative_dim": (((3, 4),), lambda t, x: x.movedim(0, -1)),
    # var/std keep the correction as given: None when no argument chose it.
    "var_no_arguments": (((3, 4),), lambda t, x: x.var()),
    "var_dim_none": (((3, 4),), lambda t, x: x.var(None)),
    "var_keepdim_only": (((3, 4),), lambda t, x: t.var(x, keepdim=True)),
    "var_unbiased": (((3, 4),), lambda t, x: x.var(unbiased=True)),
    "var_biased": (((3, 4),), lambda t, x: x.var(1, unbiased=False)),
    "var_correction": (((3, 4),), lambda t, x: x.var(0, correction=2)),
    "std_no_arguments": (((3, 4),), lambda t, x: x.std()),
    "std_mean_no_arguments": (((3, 4),), lambda t, x: t.std_mean(x)[0]),
    "split": (((4, 6),), lambda t, x: x.split(4, 1)[0]),
    "split_beyond": (((4, 6),), lambda t, x: x.split(10, -1)[0]),
    "split_sizes": (((4, 6),), lambda t, x: x.split([2, 4], 1)[1]),
    "chunk": (((4, 6),), lambda t, x: x.chunk(4, 1)[0]),
    "gather": (((3, 4),), lambda t, x: x.gather(1, t.tensor([[0, 1], [2, 3], [1, 1]]))),
    "gather_sparse": (
        ((3, 4),),
        lambda t, x: t.gather(x, 0, t.tensor([[0, 1, 2, 0]]), sparse_grad=True),
    ),
    "masked_select": (((3, 4),), lambda t, x: x.masked_select(x > 0.8)),
    "index_with_full_slice": (((3, 4),), lambda t, x: x[:, t.tensor([0, 2])]),
    "nll_loss": (
        ((3, 4),),
        lambda t, x: t.nn.functional.nll_loss(x.log_softmax(1), t.tensor([1, 0, 3])),
    ),
    "nll_loss_weight_ignored": (
        ((3, 4),),
        lambda t, x: t.nn.functional.nll_loss(
            x, t.tensor([1, 0, 3]), weight=t.tensor([1.0, 2.0, 0.5, 3.0]), ignore_index=0
        ),
    ),
    "nll_loss_sum": (
        ((3, 4),),
        lambda t, x: t.nn.functional.nll_loss(x, t.tensor([1, 0, 3]), reduction="sum"),
    ),
    "nll_loss_none": (
        ((3, 4),),
        lambda t, x: t.nn.functional.nll_loss(x, t.tensor([1, 0, 3]), reduction="none"),
    ),
    "nll_loss_2d": (
        ((2, 3, 2, 2),),
        lambda t, x: t.nn.functional.nll_loss(x, t.tensor([[[0, 1], [2, 2]], [[1, 1], [0, 2]]])),
    ),
    "cross_entropy": (
        ((3, 4),),
        lambda t, x: t.nn.functional.cross_entropy(x, t.tensor([1, 0, 3])),
    ),
    "logsigmoid": (((3, 4),), lambda t, x: t.nn.functional.logsigmoid(x * 4 - 4)),
}


def _describe(value: Any) -> Any:
    """A value in comparable form, the library's name read as ``torch``."""
    if isinstance(value, (torch.Tensor, rungrad.Tensor)):
        array = value.detach().numpy()
        return ("tensor", str(value.dtype).replace("rungrad", "torch"), array.shape,
                np.round(array.astype(np.float64), 4).tolist(), value.requires_grad)  # fmt: skip
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, [_describe(item) for item in value])
    return (type(value).__name__, value)


def _saved(node: Any) -> dict[str, Any]:
    names = sorted(name for name in dir(node) if name.startswith("_saved_"))
    return {name: _describe(getattr(node, name)) for name in names}


@pytest.mark.parametrize("case", sorted(CASES))
def test_saved_names_and_values_match_pytorch(case: str) -> None:
    shapes, build = CASES[case]
    arrays = _arrays(sum(map(ord, case)), *shapes)
    expected = build(torch, *_leaves(torch, arrays))
    actual = build(rungrad, *_leaves(rungrad, arrays))
    assert type(actual.grad_fn).__name__ == type(expected.grad_fn).__name__
    torch_saved, ours = _saved(expected.grad_fn), _saved(actual.grad_fn)
    assert sorted(ours) == sorted(torch_saved)
    for name, value in torch_saved.items():
        assert ours[name] == value, name


def test_int64_arguments_read_back_unsigned_as_in_pytorch() -> None:
    for module in (torch, rungrad):
        x = module.ones(3, 4, requires_grad=True)
        assert x.tril(-1).grad_fn._saved_diagonal == 2**64 - 1
        nll = module.nn.functional.nll_loss(x, module.tensor([0, 1, 2]))
        assert nll.grad_fn._saved_ignore_index == 2**64 - 100
        assert nll.grad_fn._saved_reduction == 1
        assert x.mean().grad_fn._saved_self_sym_numel == 12


def test_the_formula_names_still_work() -> None:
    x = rungrad.ones(3, 4, requires_grad=True)
    node = x.sum(1).grad_fn
    assert node._saved_dims == (1,) and node._saved_self_shape == (3, 4)
    assert "_saved_dims" not in dir(node) and "_saved_self_shape" not in dir(node)
    values, indices = x.max(1)
    assert values.grad_fn._saved_indices is not None
    assert values.grad_fn._saved_result1.tolist() == indices.tolist()
    assert type(values.grad_fn._raw_saved_indices).__name__ == "SavedTensor"


def test_saved_indices_have_no_history() -> None:
    x = rungrad.ones(3, 4, requires_grad=True)
    node = x.max(1)[0].grad_fn
    assert node._saved_indices.grad_fn is None
    assert not node._saved_indices.requires_grad


def test_saved_as_checks_its_names() -> None:
    from rungrad._ops.registry import primitive

    @primitive("ProbeBackward0")
    def probe(self, dims):
        return self

    probe.defgrad(self=lambda grad, dims: grad)
    with pytest.raises(TypeError, match="which no formula saves"):
        probe.saved_as(dim="dimz")
    probe.saved_as(dim="dims")
    node = probe(rungrad.ones(2, requires_grad=True), (0,)).grad_fn
    assert "_saved_dim" in dir(node)
    assert node._saved_dim == (0,)


def test_mean_numel() -> None:
    x = rungrad.ones(2, 3, requires_grad=True)
    assert x.mean(0).grad_fn._saved_self_sym_numel == math.prod((2, 3))


# name: graph built from the module and a (3, 4) leaf; dir() of its grad_fn is compared.
DIR_CASES: dict[str, Callable[..., Any]] = {
    "mul": lambda t, x: x * x,
    "exp": lambda t, x: x.exp(),
    "sum_keepdim": lambda t, x: x.sum(1, keepdim=True),
    "clamp": lambda t, x: x.clamp(0.6, 0.9),
    "sub_alpha": lambda t, x: x.sub(x, alpha=2),
    "leaky_relu": lambda t, x: t.nn.functional.leaky_relu(x),
    "addmm": lambda t, x: t.addmm(x[:, :3], x, x.t()),
    "copy_slices": lambda t, x: _written(x.clone()),
    "copy_into_view": lambda t, x: _copied(x.clone()),
    "accumulate_grad": lambda t, x: _Accumulator((x * 1).grad_fn.next_functions[0][0]),
    "gather": lambda t, x: x.gather(1, t.tensor([[0, 1], [2, 3], [1, 1]])),
    "index_select": lambda t, x: x.index_select(1, t.tensor([0, 2])),
    "masked_select": lambda t, x: x.masked_select(x > 0.8),
    "split": lambda t, x: x.split(3, 1)[0],
    "split_sizes": lambda t, x: x.split([1, 3], 1)[0],
    "var": lambda t, x: x.var(),
    "logsigmoid": lambda t, x: t.nn.functional.logsigmoid(x),
    "nll_loss_weight": lambda t, x: t.nn.functional.nll_loss(
        x, t.tensor([1, 0, 3]), weight=t.tensor([1.0, 2.0, 0.5, 3.0])
    ),
}


class _Accumulator:
    """Holds a leaf's AccumulateGrad node where a case's result is read as ``.grad_fn``."""

    def __init__(self, node: Any) -> None:
        self.grad_fn = node


def _written(y: Any) -> Any:
    y[0] = 1.0
    return y


def _copied(y: Any) -> Any:
    y[1:].copy_(y[:2] * 2)
    return y


@pytest.mark.parametrize("case", sorted(DIR_CASES))
def test_dir_lists_what_pytorch_lists(case: str) -> None:
    """A node shows the Node API and PyTorch's saved names, with ``_raw_saved_`` only for
    what is saved as a tensor; none of rungrad's internals."""
    arrays = _arrays(sum(map(ord, case)), (3, 4))
    expected = DIR_CASES[case](torch, *_leaves(torch, arrays)).grad_fn
    actual = DIR_CASES[case](rungrad, *_leaves(rungrad, arrays)).grad_fn
    assert dir(actual) == dir(expected)


@pytest.mark.parametrize("needs", ["self", "mat2"])
def test_strides_of_an_input_without_gradient_read_as_an_empty_tuple(needs: str) -> None:
    def run(T: Any) -> Any:
        a = T.tensor([[1.0, 2.0]], requires_grad=needs == "self")
        b = T.ones(2, 3, requires_grad=needs == "mat2")
        node = a.mm(b).grad_fn
        return node._saved_self_sym_strides, node._saved_mat2_sym_strides

    assert run(rungrad) == run(torch)


def test_outputs_are_saved_whichever_input_needs_a_gradient() -> None:
    def run(T: Any) -> Any:
        x = T.tensor([1.0, 2.0], requires_grad=True)
        node = x.pow(T.tensor(2.0)).grad_fn  # only the exponent's formula reads the result
        return type(node).__name__, _describe(node._saved_result), _describe(node._saved_self)

    assert run(rungrad) == run(torch)


# Graphs where one input only requires grad: PyTorch keeps every input's sizes whichever
# inputs need a gradient, and the tensors and strides only for the gradients it will compute.
PARTIAL_CASES: dict[str, Callable[..., Any]] = {
    "mm": lambda t, a, b: a.mm(b),
    "linear": lambda t, a, b: t.nn.functional.linear(a, b.t()),
    "addmm": lambda t, a, b: t.addmm(t.ones(2), a, b),
    "masked_scatter": lambda t, a, b: a.view(8).masked_scatter(a.view(8) > 1, b.view(8)),
    "div_floor": lambda t, a, b: a[:2].div(b, rounding_mode="floor"),
}


@pytest.mark.parametrize("needs", [0, 1])
@pytest.mark.parametrize("case", sorted(PARTIAL_CASES))
def test_sizes_of_every_input_are_saved(case: str, needs: int) -> None:
    arrays = _arrays(7, (4, 2), (2, 2)) if case != "masked_scatter" else _arrays(7, (4, 2), (2, 4))

    def run(T: Any) -> dict[str, Any]:
        a, b = (T.tensor(array, requires_grad=i == needs) for i, array in enumerate(arrays))
        return _saved(PARTIAL_CASES[case](T, a, b).grad_fn)

    assert run(rungrad) == run(torch)


def test_a_tensor_not_kept_reads_as_an_undefined_saved_tensor() -> None:
    def run(T: Any) -> list[str]:
        a = T.tensor([[1.0, 2.0]], requires_grad=True)
        node = (a * 2).grad_fn
        raw = node._raw_saved_self
        lines = [type(raw).__name__, repr(node._saved_self)]
        try:
            raw.register_hooks(lambda t: t, lambda t: t)
        except RuntimeError as error:
            lines.append(str(error))
        return lines

    assert run(rungrad) == run(torch)


@pytest.mark.parametrize("needs", ["input", "weight", "bias", "input_no_bias"])
def test_convolution_keeps_input_weight_and_bias_sizes_whichever_need_grad(needs: str) -> None:
    input_array, weight_array, bias_array = _arrays(11, (1, 1, 5, 5), (2, 1, 3, 3), (2,))

    def run(T: Any) -> dict[str, Any]:
        x = T.tensor(input_array, requires_grad=needs.startswith("input"))
        w = T.tensor(weight_array, requires_grad=needs == "weight")
        b = (
            None
            if needs == "input_no_bias"
            else T.tensor(bias_array, requires_grad=needs == "bias")
        )
        return _saved(T.nn.functional.conv2d(x, w, b, stride=2, padding=1).grad_fn)

    assert run(rungrad) == run(torch)
