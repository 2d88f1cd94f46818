"""Forward-mode AD (``autograd.forward_ad``): every op of ``op_db`` carries its inputs'
tangents as PyTorch's does (or, for the ops PyTorch has no forward derivative for, as
central differences in float64 say), and the API's behaviour, printing and errors match."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import oracle
import pytest
import torch
from op_db import OP_DB, OpInfo
from oracle import Sample
from transcripts import same

import rungrad

SAMPLES_PER_ROW = 3


# Known differences (strict xfails): where PyTorch's forward formula is not the transpose of
# its backward one, and ops whose double backward rungrad (like PyTorch) does not implement.
_COMPARISONS = ("eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_equal_")
# Known differences of the tangents test only (forward over reverse agrees with PyTorch).
KNOWN_TANGENTS = {
    f"cholesky_inverse-{sample}": "PyTorch's tangent of cholesky_inverse is not the "
    "derivative of (L L^H)^-1 (finite differences agree with rungrad's)"
    for sample in ("3x3", "upper", "batch")
}
KNOWN = {
    **{
        f"{name}-{sample}": "an in-place comparison into a tensor without tangent: PyTorch "
        "gives none, rungrad zeros"
        for name in _COMPARISONS
        for sample in ("equal", "broadcast other")
    },
    **{
        f"{name} without degrees of freedom-{sample}": "a reduction over no elements: "
        "PyTorch's tangent is nan, rungrad's 0"
        for name in ("var_mean", "std_mean")
        for sample in ("empty", "empty dim")
    },
    "max ties-nan": "max over nans: PyTorch's tangent is nan, rungrad's the first nan's",
    "min ties-nan": "min over nans: PyTorch's tangent is nan, rungrad's the first nan's",
    "embedding-padding_idx": "PyTorch's tangent includes the padding row, whose gradient "
    "(and so rungrad's tangent) is zero",
    "linalg.cholesky_ex-not positive-definite": "a non-symmetric tangent: PyTorch reads its "
    "lower triangle, rungrad its symmetric part",
    "scatter_add-dim -1, larger src": "src larger than index: a tangent of src's shape does "
    "not fit the gradient rungrad takes it through",
    "scatter_add_-dim -1, larger src": "as scatter_add",
    **{
        f"scatter_reduce_prod-{sample}": "PyTorch gives no tangent; rungrad computes one"
        for sample in ("include self", "exclude", "dim -1")
    },
    **{
        f"soft_margin_loss-{sample}": "PyTorch has no forward formula; rungrad carries the "
        "input's tangent and ignores the target's (not differentiable), which the central "
        "differences here move too"
        for sample in ("none", "mean", "sum")
    },
    **{
        f"{name}-{sample}": "no double backward in rungrad (nor in PyTorch, which has a "
        "forward formula of its own)"
        for name, samples in (("hardsigmoid", ("0d v0", "1d v0", "transposed v0")),)
        for sample in samples
    },
}


# Random ops PyTorch has no forward formula for: central differences would draw new samples.
RANDOM_WITHOUT_REFERENCE = {"_standard_gamma"}


def _params() -> Iterator[Any]:
    for row in OP_DB:
        if not row.backward or row.name in RANDOM_WITHOUT_REFERENCE:
            continue
        dtype = "float64" if "float64" in row.dtypes else row.dtypes[0]
        if dtype not in ("float32", "float64"):
            continue
        samples = [
            s
            for s in row.make_samples(dtype)
            if any(a.numpy_value().dtype.kind == "f" for a in s.tensor_args())
        ]
        for index, sample in enumerate(samples[:SAMPLES_PER_ROW]):
            key = f"{row.name}-{sample.name}"
            reason = KNOWN.get(key) or KNOWN_TANGENTS.get(key)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(
                row, sample, id=f"{row.name}-{dtype}-{sample.name or index}", marks=marks
            )


def _tangents(sample: Sample) -> list[np.ndarray]:
    """Random tangents, one per leaf (in its layout's shape)."""
    rng = np.random.default_rng(0)
    leaves = [oracle._make_leaf(rungrad, arg) for arg in sample.tensor_args()]
    return [rng.uniform(-1, 1, tuple(leaf.shape)) for leaf in leaves]


def _duals(module: Any, sample: Sample, tangents: list[np.ndarray]) -> list[Any]:
    """The sample's leaves as dual tensors (float ones; others as they are)."""
    fw = module.autograd.forward_ad
    leaves = []
    for arg, tangent in zip(sample.tensor_args(), tangents):
        leaf = oracle._make_leaf(module, arg).detach()
        if leaf.dtype.is_floating_point:
            leaf = fw.make_dual(leaf, module.tensor(tangent, dtype=leaf.dtype))
        leaves.append(leaf)
    return leaves


def _tangents_of(module: Any, result: Any) -> list[Any]:
    fw = module.autograd.forward_ad
    return [fw.unpack_dual(t).tangent for t in oracle.tensors_of(result)]


def _finite_differences(row: OpInfo, sample: Sample, tangents: list[np.ndarray]) -> list[Any]:
    """(f(x + h t) - f(x - h t)) / 2h in float64, per output (rungrad's own forward)."""
    step = 1e-6

    def at(sign: float) -> list[np.ndarray]:
        leaves = []
        for arg, tangent in zip(sample.tensor_args(), tangents):
            leaf = oracle._make_leaf(rungrad, arg).detach()
            if leaf.dtype.is_floating_point:
                moved = leaf._data.astype(np.float64) + sign * step * tangent
                leaf = rungrad.tensor(moved)
            leaves.append(leaf)
        result = oracle.run(row.op, oracle.build(rungrad, sample, leaves))
        return [t.detach().numpy() for t in oracle.tensors_of(result)]

    return [(plus - minus) / (2 * step) for plus, minus in zip(at(1.0), at(-1.0))]


@pytest.mark.parametrize(("row", "sample"), list(_params()))
def test_tangents_match_pytorch(row: OpInfo, sample: Sample) -> None:
    tangents = _tangents(sample)
    failure = None
    try:
        with rungrad.autograd.forward_ad.dual_level():
            actual_built = oracle.build(rungrad, sample, _duals(rungrad, sample, tangents))
            actual = _tangents_of(rungrad, oracle.run(row.op, actual_built))
    except Exception as error:  # judged against PyTorch below
        failure = error
    try:
        with torch.autograd.forward_ad.dual_level():
            expected_built = oracle.build(torch, sample, _duals(torch, sample, tangents))
            expected = _tangents_of(torch, oracle.run_reference(row.reference, expected_built))
    except oracle.ReferenceError_:  # PyTorch has no forward derivative for this op
        if failure is not None:
            return  # nor has rungrad
        differences = _finite_differences(row, sample, tangents)
        for index, (want, got) in enumerate(zip(differences, actual)):
            if want.dtype.kind == "f":
                assert got is not None, f"output {index} has no tangent"
                np.testing.assert_allclose(got.numpy(), want, rtol=1e-4, atol=1e-5)
        return
    if failure is not None:
        raise failure
    assert len(actual) == len(expected)
    tolerance = oracle.Tolerance(1e-4, 1e-5)
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want is None:
            assert got is None, f"output {index}: a tangent where PyTorch has none"
            continue
        assert got is not None, f"output {index}: no tangent"
        oracle.assert_values(want, got, tolerance, f"tangent of output {index}")


# -- forward over reverse: tangents through backward passes run inside a level -------------
def _fwd_over_rev_params() -> Iterator[Any]:
    for row in OP_DB:
        if not (row.gradcheck and row.backward and row.double_backward):
            continue
        if "float64" not in row.dtypes or row.name in RANDOM_WITHOUT_REFERENCE:
            continue
        if row.name.startswith("forward_ad."):  # opens a level itself: levels do not nest
            continue
        for sample in row.make_samples("float64"):
            if sample.gradcheck and 0 < sample.numel() <= 12:
                reason = KNOWN.get(f"{row.name}-{sample.name}")
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                yield pytest.param(row, sample, id=f"{row.name}-{sample.name}", marks=marks)
                break  # one sample per op


@pytest.mark.parametrize(("row", "sample"), list(_fwd_over_rev_params()))
def test_forward_over_reverse_gradients(row: OpInfo, sample: Sample) -> None:
    """The tangent of each op's first-order gradient (the engine run inside a dual level)
    against central differences: gradgradcheck's check_fwd_over_rev."""
    function, inputs = oracle.gradcheck_function(row.op, sample)
    outputs = oracle.tensors_of(function(*inputs))
    if not any(o.requires_grad for o in outputs):
        return  # nothing differentiable to check (integer outputs)
    assert rungrad.autograd.gradgradcheck(
        function, inputs, check_fwd_over_rev=True, check_rev_over_rev=False,
        check_undefined_grad=False,
    )  # fmt: skip


def test_hessian_vector_product_by_forward_over_reverse() -> None:
    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad
        x = torch.tensor([0.3, -1.2, 0.8, 2.0], dtype=torch.float64, requires_grad=True)
        v = torch.tensor([1.0, -0.5, 0.25, 2.0], dtype=torch.float64)

        def f(x: Any) -> Any:
            return (x.tanh() * x.exp()).sum() + (x.sigmoid() ** 2).sum()

        with fw.dual_level():
            dual = fw.make_dual(x, v)
            (gradient,) = torch.autograd.grad(f(dual), dual)
            emit(fw.unpack_dual(gradient).tangent)
            (gradient,) = torch.autograd.grad(f(dual), dual, create_graph=True)
            emit(fw.unpack_dual(gradient).tangent)
        emit(torch.autograd.functional.hessian(f, x) @ v)

    same(program)


# -- the API: levels, make_dual / unpack_dual, printing, in-place ops and views, errors -------


def test_levels_and_their_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad
        emit(fw.__all__)
        emit.attempt(lambda: fw.make_dual(torch.ones(2), torch.ones(2)))
        emit.attempt(lambda: fw.exit_dual_level())
        emit(fw.unpack_dual(torch.ones(2)))
        level = fw.enter_dual_level()
        emit(level)
        emit.attempt(lambda: fw.enter_dual_level())
        emit.attempt(lambda: fw.exit_dual_level(level=1))
        emit.attempt(lambda: fw.make_dual(torch.ones(2), torch.ones(2), level=1))
        emit(fw.unpack_dual(torch.ones(2), level=1))
        emit.attempt(lambda: fw.unpack_dual(fw.make_dual(torch.ones(2), torch.ones(2)), level=1))
        fw.exit_dual_level(level=level)
        with fw.dual_level() as entered:
            emit(entered)
            kept = fw.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))
            emit(kept)
        emit(kept, fw.unpack_dual(kept).tangent)

        @fw.dual_level()
        def decorated() -> Any:
            return fw.unpack_dual(fw.make_dual(torch.ones(1), torch.ones(1)) * 2)

        emit(decorated())

    same(program)


def test_make_dual_checks_and_printing() -> None:
    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad
        with fw.dual_level():
            emit.attempt(lambda: fw.make_dual(torch.tensor([1, 2]), torch.tensor([1.0, 2.0])))
            emit.attempt(lambda: fw.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1, 2])))
            emit.attempt(lambda: fw.make_dual(torch.ones(3, 4), torch.ones(2)))
            dual = fw.make_dual(torch.ones(2), torch.ones(2))
            emit.attempt(lambda: fw.make_dual(dual, torch.ones(2)))
            emit(fw.make_dual(torch.tensor(2.0), torch.tensor(0.1)))
            emit(fw.make_dual(torch.tensor(2.0, dtype=torch.float64), torch.tensor(0.1).double()))
            emit(fw.make_dual(torch.tensor([2.0]).double(), torch.tensor([0.1]).double()))
            emit(fw.make_dual(torch.tensor([2.0]), torch.tensor([0.1]).double()))
            emit(fw.make_dual(torch.arange(30.0), torch.ones(30)))
            emit(fw.make_dual(torch.tensor([1e-8, 1.0]), torch.tensor([1e8, 1.0])))
            emit(fw.make_dual(torch.tensor(2.0 + 1j), torch.tensor(0.1 + 0j)))
            x = fw.make_dual(torch.tensor([1.0, 2.0], requires_grad=True), torch.ones(2))
            emit(x, type(x.grad_fn).__name__, x.is_leaf, x.requires_grad)
            primal, tangent = fw.unpack_dual(x.sin())
            emit(type(fw.unpack_dual(x)).__name__, primal, tangent)
            emit(primal.grad_fn is not None, primal._base is not None)

    same(program)


def test_tangents_through_ops_grad_modes_and_conversions() -> None:
    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad
        F = torch.nn.functional
        with fw.dual_level():
            x = fw.make_dual(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 0.5]))
            emit(x.sin() * 2, (x**2).sum(), x.exp().mean())
            emit(F.softmax(x, 0), F.relu(x - 2), torch.where(x > 1, x, x * 10))
            m = fw.make_dual(torch.ones(2, 2), torch.eye(2))
            emit(m @ m, torch.cat([m, m]), torch.stack([m, torch.ones(2, 2)]))
            a, b = x.split(2)
            emit(a, b, x.max(), x.max(0).values, x.view(3, 1), x.t())
            emit(fw.unpack_dual(x.max(0).indices).tangent, fw.unpack_dual(x > 1).tangent)
            emit(x.double(), x.float(), fw.unpack_dual(x.long()).tangent)
            emit(fw.unpack_dual(x.detach()).tangent, fw.unpack_dual(x.data).tangent, x.clone())
            with torch.no_grad():
                emit(x * 3)
            with torch.inference_mode():
                emit(x + 1)
            emit(x.tolist(), x.sum().item())
            lin = torch.nn.Linear(3, 2)
            with torch.no_grad():
                lin.weight.copy_(torch.arange(6.0).view(2, 3) / 10)
                lin.bias.zero_()
            emit(fw.unpack_dual(lin(x)).tangent)

    same(program)


def test_in_place_ops_views_and_setitem() -> None:
    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad
        with fw.dual_level():
            t = torch.ones(2)
            a = fw.make_dual(torch.ones(2), t)
            view = a[0]
            a.mul_(3)
            emit(a, view, t)
            w = fw.make_dual(torch.ones(3), torch.ones(3))
            w[:2].mul_(5)
            emit(w)
            base = torch.zeros(3)
            part = base[1:]
            part.add_(a[0])
            emit(base, part)
            y = torch.ones(2)
            y[0] = a[1]
            emit(y)
            z = torch.zeros(3)
            z[1:].copy_(a)
            emit(z)
            filled = fw.make_dual(torch.ones(2), torch.ones(2))
            filled.fill_(2)
            emit(filled)
            with torch.no_grad():
                emit(fw.make_dual(torch.ones(2), torch.ones(2)).add_(1))
            s = fw.make_dual(torch.ones(2, 3), torch.arange(6.0).view(2, 3))
            s.t_()
            s.unsqueeze_(0)
            emit(s.shape, fw.unpack_dual(s).tangent.shape, s)
        emit(a, fw.unpack_dual(a))

    same(program)


def test_custom_function_jvp() -> None:
    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad

        class Scale(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any, b: Any, k: float) -> Any:
                ctx.save_for_forward(a, b)
                ctx.k = k
                return a * b * k, a + b

            @staticmethod
            def backward(ctx: Any, g1: Any, g2: Any) -> Any:
                return None, None, None

            @staticmethod
            def jvp(ctx: Any, ta: Any, tb: Any, tk: Any) -> Any:
                a, b = ctx.saved_tensors
                emit("jvp got", ta, tb, tk)
                return (ta * b + a * tb) * ctx.k, ta + tb

        class NoJvp(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any) -> Any:
                return a * 2

            @staticmethod
            def backward(ctx: Any, g: Any) -> Any:
                return g * 2

        with fw.dual_level():
            x = fw.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))
            y = torch.tensor([3.0, 4.0])
            emit(*Scale.apply(x, y, 2))
            emit(*Scale.apply(y, x, 2))
            emit(Scale.apply(y, y, 2))
            emit.attempt(lambda: NoJvp.apply(x))
            emit(NoJvp.apply(y))

    same(program)


def test_forward_over_reverse() -> None:
    """A tangent computed from tensors that require grad has a graph: Hessian-vector products."""

    def program(torch: Any, emit: Any) -> None:
        fw = torch.autograd.forward_ad
        x = torch.tensor([0.5, 1.5, -1.0], requires_grad=True)
        with fw.dual_level():
            dual = fw.make_dual(x, torch.tensor([1.0, 0.0, 2.0]))
            out = (torch.tanh(dual) * dual).sum()
            jvp = fw.unpack_dual(out).tangent
            # (a 0-d tangent prints all its digits: rounded, as sums may differ in the last)
            emit(fw.unpack_dual(out).primal, round(jvp.item(), 5), jvp.requires_grad)
            jvp.backward()
        emit(x.grad)

    same(program)


def test_gradcheck_checks_forward_mode() -> None:
    """gradcheck(check_forward_ad=True) compares the forward-mode Jacobian with the numerical
    one, and names a wrong jvp as PyTorch does."""

    def program(torch: Any, emit: Any) -> None:
        def make(wrong: bool) -> Any:
            class Exp(torch.autograd.Function):
                @staticmethod
                def forward(ctx: Any, x: Any) -> Any:
                    result = x.exp()
                    ctx.result = result
                    return result

                @staticmethod
                def backward(ctx: Any, g: Any) -> Any:
                    return g * ctx.result

                @staticmethod
                def jvp(ctx: Any, t: Any) -> Any:
                    return t * ctx.result * (2 if wrong else 1)

            return Exp.apply

        x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
        check = torch.autograd.gradcheck
        emit(check(make(False), (x,), check_forward_ad=True))
        emit(check(make(False), (x,), check_forward_ad=True, check_backward_ad=False))
        emit(check(lambda t: (t.sin() * t).cumsum(0), (x,), check_forward_ad=True))
        emit(check(make(True), (x,), check_forward_ad=True, raise_exception=False))
        emit.attempt(lambda: check(make(True), (x,), check_forward_ad=True))

    same(program)
