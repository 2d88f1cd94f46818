"""Every op of ``op_db`` against PyTorch: forward, grad_fn, backward, double backward, errors,
plus rungrad's own float64 ``gradcheck`` and ``gradgradcheck``; and hypothesis-generated
broadcasting shapes for the binary pointwise ops.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import oracle
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes
from op_db import OP_DB, OpInfo
from oracle import Sample, TensorArg

import rungrad
from rungrad.autograd import gradcheck, gradgradcheck

# gradcheck costs about (numel of the inputs) x (numel of the outputs) backward passes.
GRADCHECK_MAX_NUMEL = 40


def _floating(sample: Sample) -> bool:
    return any(a.requires_grad and a.numpy_value().dtype.kind == "f" for a in sample.tensor_args())


def _params(kind: str) -> Iterator[Any]:
    for row in OP_DB:
        if kind in ("backward", "double_backward") and not getattr(row, kind):
            continue
        if kind == "double_backward" and not row.backward:
            continue
        if kind in ("gradcheck", "gradgradcheck") and not (
            row.gradcheck and row.backward and (kind == "gradcheck" or row.double_backward)
        ):
            continue
        dtypes = ("float64",) if kind.startswith("grad") else row.dtypes
        if kind == "double_backward" and row.double_backward_dtypes is not None:
            dtypes = row.double_backward_dtypes
        for dtype in dtypes:
            if dtype not in row.dtypes:
                continue
            for index, sample in enumerate(row.make_samples(dtype)):
                if kind != "forward" and not _floating(sample):
                    continue
                if kind.startswith("grad") and not (
                    sample.gradcheck and sample.numel() <= GRADCHECK_MAX_NUMEL
                ):
                    continue
                yield _param(row, sample, kind, f"{row.name}-{dtype}-{sample.name or index}")


def _param(row: OpInfo, sample: Sample, kind: str, name: str) -> Any:
    reason = row.xfail.get(f"{kind}:{sample.name}") or row.xfail.get(kind)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(row, sample, id=name, marks=marks)


def _tolerance(row: OpInfo, sample: Sample) -> oracle.Tolerance:
    """The row's tolerance for the least precise floating dtype among the sample's tensors."""
    dtypes = {a.numpy_value().dtype.name for a in sample.tensor_args()}
    precision = next((d for d in ("float16", "float32") if d in dtypes), "float64")
    return row.tolerance.get(precision) or oracle.DEFAULT_TOLERANCE[precision]


@pytest.mark.parametrize(("row", "sample"), list(_params("forward")))
def test_forward(row: OpInfo, sample: Sample) -> None:
    """Values, dtype, shape, requires_grad and grad_fn name match PyTorch's."""
    oracle.compare_forward(row.reference, row.op, sample, _tolerance(row, sample))


@pytest.mark.parametrize(("row", "sample"), list(_params("backward")))
def test_backward(row: OpInfo, sample: Sample) -> None:
    """``.grad`` of every input after ``backward(v)`` with a random ``v``."""
    oracle.compare_backward(
        row.reference,
        row.op,
        sample,
        tolerance=_tolerance(row, sample),
        none_is_zero=row.none_grad_is_zero,
    )


@pytest.mark.parametrize(("row", "sample"), list(_params("double_backward")))
def test_double_backward(row: OpInfo, sample: Sample) -> None:
    """First-order gradients with ``create_graph=True``, then the gradients of those."""
    oracle.compare_double_backward(
        row.reference,
        row.op,
        sample,
        tolerance=_tolerance(row, sample),
        check_grad_fn=row.check_double_backward_grad_fn,
        none_is_zero=row.none_grad_is_zero,
    )


def _has_differentiable_output(function: Any, inputs: tuple[Any, ...]) -> bool:
    return any(t.requires_grad for t in oracle.tensors_of(function(*inputs)))


@pytest.mark.parametrize(("row", "sample"), list(_params("gradcheck")))
def test_gradcheck(row: OpInfo, sample: Sample) -> None:
    """rungrad's own gradcheck on float64 inputs: backward against finite differences."""
    function, inputs = oracle.gradcheck_function(row.op, sample)
    if not _has_differentiable_output(function, inputs):
        pytest.skip("no output requires grad")
    assert gradcheck(function, inputs)


@pytest.mark.parametrize(("row", "sample"), list(_params("gradgradcheck")))
def test_gradgradcheck(row: OpInfo, sample: Sample) -> None:
    """rungrad's own gradgradcheck: double backward against finite differences."""
    function, inputs = oracle.gradcheck_function(row.op, sample)
    if not _has_differentiable_output(function, inputs):
        pytest.skip("no output requires grad")
    assert gradgradcheck(function, inputs)


def _error_params() -> Iterator[Any]:
    for row in OP_DB:
        for sample in row.make_errors():
            yield _param(row, sample, "error", f"{row.name}-{sample.name}")


@pytest.mark.parametrize(("row", "sample"), list(_error_params()))
def test_error(row: OpInfo, sample: Sample) -> None:
    """Bad input raises PyTorch's exception type with PyTorch's first message line."""
    oracle.compare_error(row.reference, row.op, sample)


# -- hypothesis: mutually broadcastable shapes for the binary pointwise ops ------------------
BINARY_OPS = {
    "add": (lambda T, a, b: T.add(a, b, alpha=0.5), "real", "real"),
    "sub": (lambda T, a, b: a - b, "real", "real"),
    "mul": (lambda T, a, b: a * b, "real", "real"),
    "div": (lambda T, a, b: a / b, "real", "nonzero"),
    "pow": (lambda T, a, b: a**b, "positive", "real"),
    "maximum": (lambda T, a, b: T.maximum(a, b), "real", "real"),
    "minimum": (lambda T, a, b: T.minimum(a, b), "real", "real"),
    "where": (lambda T, a, b: T.where(a > 0, a, b), "real", "real"),
}


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(sorted(BINARY_OPS)),
    shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3),
    dtype=st.sampled_from(["float32", "float64"]),
    layouts=st.tuples(st.booleans(), st.booleans()),
    seed=st.integers(0, 2**16),
)
def test_binary_broadcasting(
    name: str, shapes: Any, dtype: str, layouts: tuple[bool, bool], seed: int
) -> None:
    """Forward, backward and double backward of binary ops on random broadcastable shapes."""
    from op_db import values

    op, domain, other_domain = BINARY_OPS[name]
    rng = np.random.default_rng(seed)
    args = []
    for shape, domain_, strided in zip(shapes.input_shapes, (domain, other_domain), layouts):
        layout = "strided" if strided and len(shape) else None
        args.append(TensorArg(values(rng, tuple(shape), dtype, domain_), layout=layout))
    sample = Sample(tuple(args), name=f"{shapes.input_shapes}")
    oracle.compare_backward(op, op, sample, seed=seed)
    oracle.compare_double_backward(op, op, sample, seed=seed)


# -- oracle self-checks --------------------------------------------------------------------
def test_oracle_layouts_are_noncontiguous_views_of_equal_values() -> None:
    value = np.arange(12.0).reshape(3, 4)
    for layout in ("transposed", "strided"):
        for module in (torch, rungrad):
            built = oracle.build(module, Sample((TensorArg(value, layout=layout),)))
            (view,) = built.args
            assert not view.is_contiguous()
            np.testing.assert_array_equal(view.detach().numpy(), value)


def test_oracle_detects_a_wrong_gradient() -> None:
    def wrong(T: Any, x: Any) -> Any:
        return x * 2 if T is torch else x * 2 + (x.detach() * 0 + x * 0.001)

    sample = Sample((TensorArg(np.ones(3)),))
    with pytest.raises(AssertionError):
        oracle.compare_backward(wrong, wrong, sample)


# -- regressions: engine roots, Tensor.zero_, strides of empty tensors --------------------------
def test_backward_from_two_outputs_of_one_node() -> None:
    for T in (torch, rungrad):
        a = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        x = a * 2
        T.autograd.backward([x, x], [T.ones(3), T.ones(3)])
        assert a.grad is not None
        np.testing.assert_array_equal(a.grad.numpy(), [4.0, 4.0, 4.0])


def test_zero_grad_fn_name() -> None:
    names = []
    for T in (torch, rungrad):
        x = T.tensor([1.0, 2.0], requires_grad=True) * 1
        x.zero_()
        names.append(type(x.grad_fn).__name__)
    assert names[1] == names[0] == "ZeroBackward0"


def test_stride_of_empty_tensor() -> None:
    assert rungrad.zeros(0, 3).stride() == torch.zeros(0, 3).stride() == (3, 1)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_sigmoid_underflows_to_zero_as_torch_does(dtype: str) -> None:
    """Where exp(-x) overflows, sigmoid is 0 (not a denormal), and its gradient too."""
    values = np.array([-100.0, -88.0, -87.5, -20.0, -5.0, -1e-3, 0.0, 3.0, 17.0, 100.0])
    rng = np.random.default_rng(0)
    values = np.concatenate([values, rng.normal(size=200) * 10]).astype(dtype)
    results = []
    for T in (torch, rungrad):
        x = T.tensor(values, requires_grad=True)
        y = T.sigmoid(x)
        y.sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy()))
    (ours, our_grad), (theirs, their_grad) = results[1], results[0]
    np.testing.assert_array_equal(ours == 0, theirs == 0)
    np.testing.assert_allclose(ours, theirs, rtol=3e-7 if dtype != "float16" else 1e-3, atol=0)
    np.testing.assert_allclose(our_grad, their_grad, rtol=1e-5 if dtype != "float16" else 2e-3)


def test_atan2_gradient_at_the_origin_is_zero() -> None:
    results = []
    for T in (torch, rungrad):
        y = T.tensor([0.0, 0.0, 1.0, -0.0], requires_grad=True)
        x = T.tensor([0.0, 1.0, 0.0, -0.0], requires_grad=True)
        T.atan2(y, x).sum().backward()
        results.append([str(t.grad.tolist()) for t in (y, x)])
    assert results[1] == results[0]  # signed zeros included
