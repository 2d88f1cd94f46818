"""Run the same op through PyTorch and rungrad on identical inputs, and compare the results.

A ``Sample`` holds the op's arguments as NumPy arrays (``TensorArg``) and plain Python values.
``build(module, sample)`` turns it into tensors of either library: each ``TensorArg`` becomes a
leaf (requiring grad when it is floating and asks to), optionally seen through a
non-contiguous view (transposed, or every other element) whose values equal the array. The
op receives the views; gradients are compared on the leaves.

The ``compare_*`` helpers raise ``AssertionError`` with a precise message; ``str(dtype)`` is
compared after mapping "rungrad" to "torch", and exception messages by their first line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

import rungrad

__all__ = [
    "Built",
    "Sample",
    "TensorArg",
    "Tolerance",
    "build",
    "compare_backward",
    "compare_double_backward",
    "compare_error",
    "compare_forward",
    "first_line",
    "gradcheck_function",
    "tensors_of",
]

MODULES = (torch, rungrad)


@dataclasses.dataclass(frozen=True)
class TensorArg:
    """A tensor argument: its values, whether it requires grad, and its memory layout.

    ``layout`` is ``None`` (contiguous), ``"transposed"`` (the last two dimensions swapped
    in memory) or ``"strided"`` (every other element of a twice-as-long last dimension).
    ``dtype`` overrides the sample's dtype (e.g. an int64 index or a bool mask).
    """

    value: np.ndarray
    requires_grad: bool = True
    layout: str | None = None
    dtype: str | None = None

    def numpy_value(self) -> np.ndarray:
        return self.value.astype(self.dtype) if self.dtype else self.value


@dataclasses.dataclass
class Sample:
    """The arguments of one call, and flags for the checks that apply to it."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    name: str = ""
    gradcheck: bool = True  # False at non-differentiable points (ties, kinks)

    def tensor_args(self) -> list[TensorArg]:
        """Every TensorArg, including those inside lists and tuples (``cat([a, b])``)."""
        found: list[TensorArg] = []
        pending = [*self.args, *self.kwargs.values()]
        while pending:
            value = pending.pop(0)
            if isinstance(value, TensorArg):
                found.append(value)
            elif isinstance(value, (list, tuple)):
                pending[:0] = value
        return found

    def numel(self) -> int:
        return sum(a.value.size for a in self.tensor_args())


@dataclasses.dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float


DEFAULT_TOLERANCE = {
    "float16": Tolerance(1e-3, 1e-3),
    "float32": Tolerance(1e-5, 1e-6),
    "float64": Tolerance(1e-7, 1e-10),
}


def _module_dtype(module: Any, name: str) -> Any:
    return getattr(module, name)


def _make_leaf(module: Any, arg: TensorArg) -> Any:
    """The leaf tensor holding a TensorArg's values in the memory order of its layout."""
    value = arg.numpy_value()
    if arg.layout == "transposed":
        assert value.ndim >= 2, "a transposed layout needs at least 2 dimensions"
        value = np.swapaxes(value, -1, -2)
    elif arg.layout == "strided":
        assert value.ndim >= 1, "a strided layout needs at least 1 dimension"
        value = np.repeat(value, 2, axis=-1)
    elif arg.layout is not None:
        raise ValueError(f"unknown layout {arg.layout!r}")
    requires_grad = arg.requires_grad and value.dtype.kind == "f"
    dtype = _module_dtype(module, str(value.dtype))
    return module.tensor(np.array(value, order="C"), dtype=dtype, requires_grad=requires_grad)


def _view(leaf: Any, layout: str | None) -> Any:
    """What the op receives: the leaf itself, or a non-contiguous view equal to the values."""
    if layout == "transposed":
        return leaf.transpose(-1, -2)
    if layout == "strided":
        return leaf[..., ::2]
    return leaf


@dataclasses.dataclass
class Built:
    """One library's tensors for a sample: the leaves (for gradients) and the call arguments."""

    module: Any
    leaves: list[Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def build(module: Any, sample: Sample, leaves: Sequence[Any] | None = None) -> Built:
    """Tensors of ``module`` for ``sample``; ``leaves`` replaces the leaves it would make."""
    made: list[Any] = []
    given = iter(leaves) if leaves is not None else None

    def convert(value: Any) -> Any:
        if isinstance(value, TensorArg):
            leaf = next(given) if given is not None else _make_leaf(module, value)
            made.append(leaf)
            return _view(leaf, value.layout)
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, tuple):
            return tuple(convert(v) for v in value)
        if isinstance(value, str) and value.startswith("dtype:"):
            return _module_dtype(module, value[len("dtype:") :])
        return value

    args = tuple(convert(a) for a in sample.args)
    kwargs = {k: convert(v) for k, v in sample.kwargs.items()}
    return Built(module, made, args, kwargs)


def tensors_of(result: Any) -> list[Any]:
    """The tensors in an op's result (a tensor, or a tuple such as max's (values, indices))."""
    if isinstance(result, (torch.Tensor, rungrad.Tensor)):
        return [result]
    if isinstance(result, (tuple, list)):
        return [r for r in result if isinstance(r, (torch.Tensor, rungrad.Tensor))]
    return []


def torch_name(value: Any) -> str:
    return str(value).replace("rungrad", "torch")


def grad_fn_name(tensor: Any) -> str | None:
    return None if tensor.grad_fn is None else type(tensor.grad_fn).__name__


def to_numpy(tensor: Any) -> np.ndarray:
    if isinstance(tensor, torch.Tensor) and tensor._is_zerotensor():
        # torch's efficient zero tensors (e.g. the derivative of sgn) have no storage
        return np.zeros(tuple(tensor.shape), dtype=str(tensor.dtype).replace("torch.", ""))
    if isinstance(tensor, torch.Tensor):  # torch's lazy conjugate and negative views
        tensor = tensor.resolve_conj().resolve_neg()
    return tensor.detach().numpy()


def assert_values(expected: Any, actual: Any, tolerance: Tolerance | None, what: str) -> None:
    """Same shape, dtype and values (exact for integers and bools, allclose for floats)."""
    assert torch_name(actual.dtype) == torch_name(expected.dtype), (
        f"{what}: dtype {torch_name(actual.dtype)} != torch's {torch_name(expected.dtype)}"
    )
    assert tuple(actual.shape) == tuple(expected.shape), (
        f"{what}: shape {tuple(actual.shape)} != torch's {tuple(expected.shape)}"
    )
    want, got = to_numpy(expected), to_numpy(actual)
    if want.dtype.kind in "fc":
        tol = DEFAULT_TOLERANCE.get(str(want.dtype), DEFAULT_TOLERANCE["float64"])
        if tolerance is not None:  # the looser of the two
            tol = Tolerance(max(tol.rtol, tolerance.rtol), max(tol.atol, tolerance.atol))
        np.testing.assert_allclose(
            got, want, rtol=tol.rtol, atol=tol.atol, equal_nan=True, err_msg=what
        )
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


Op = Callable[..., Any]


def run(op: Op, built: Built) -> Any:
    return op(built.module, *built.args, **built.kwargs)


class ReferenceError_(Exception):
    """PyTorch itself rejects the sample: the sample, not rungrad, needs fixing."""


def run_reference(op: Op, built: Built) -> Any:
    try:
        return run(op, built)
    except Exception as error:
        raise ReferenceError_(f"torch raises {type(error).__name__}: {error}") from error


def compare_forward(
    torch_op: Op, rungrad_op: Op, sample: Sample, tolerance: Tolerance | None = None
) -> tuple[Built, Any, Built, Any]:
    """Values, dtypes, shapes, requires_grad and grad_fn names of every output."""
    expected_built, actual_built = build(torch, sample), build(rungrad, sample)
    expected = run_reference(torch_op, expected_built)
    actual = run(rungrad_op, actual_built)
    expected_tensors, actual_tensors = tensors_of(expected), tensors_of(actual)
    if not expected_tensors:
        assert type(actual) is type(expected), f"result type {type(actual)} != {type(expected)}"
        assert actual == expected, f"result {actual!r} != torch's {expected!r}"
        return expected_built, expected, actual_built, actual
    assert len(actual_tensors) == len(expected_tensors), (
        f"{len(actual_tensors)} outputs, torch has {len(expected_tensors)}"
    )
    if isinstance(expected, tuple):  # e.g. torch.return_types.max (values, indices)
        assert torch_name(type(actual).__module__) == type(expected).__module__
        assert type(actual).__name__ == type(expected).__name__
        assert len(actual) == len(expected)
    for i, (e, a) in enumerate(zip(expected_tensors, actual_tensors)):
        assert_values(e, a, tolerance, f"output {i}")
        assert a.requires_grad == e.requires_grad, (
            f"output {i}: requires_grad {a.requires_grad} != torch's {e.requires_grad}"
        )
        assert grad_fn_name(a) == grad_fn_name(e), (
            f"output {i}: grad_fn {grad_fn_name(a)} != torch's {grad_fn_name(e)}"
        )
    return expected_built, expected, actual_built, actual


def _random_like(rng: np.random.Generator, tensor: Any) -> np.ndarray:
    dtype = to_numpy(tensor).dtype
    return rng.uniform(-1, 1, size=tuple(tensor.shape)).astype(dtype)


def _all_zero(tensor: Any) -> bool:
    return tensor is None or not np.any(to_numpy(tensor))


def _compare_leaf_grads(
    expected_leaves: Sequence[Any],
    actual_leaves: Sequence[Any],
    tolerance: Tolerance | None,
    what: str,
    none_is_zero: bool = False,
) -> None:
    for i, (e, a) in enumerate(zip(expected_leaves, actual_leaves)):
        if none_is_zero and (e.grad is None or a.grad is None):
            assert _all_zero(e.grad) and _all_zero(a.grad), f"{what}: input {i}: None vs nonzero"
            continue
        if e.grad is None:
            assert a.grad is None, f"{what}: input {i} has a gradient, torch's has none"
            continue
        assert a.grad is not None, f"{what}: input {i} has no gradient, torch's has one"
        assert_values(e.grad, a.grad, tolerance, f"{what} of input {i}")


def compare_backward(
    torch_op: Op,
    rungrad_op: Op,
    sample: Sample,
    seed: int = 0,
    tolerance: Tolerance | None = None,
    none_is_zero: bool = False,
) -> bool:
    """``backward(v)`` with the same random ``v``; compare the leaves' ``.grad``.

    Returns False when no output requires grad in torch (nothing to compare beyond that).
    """
    expected_built, expected, actual_built, actual = compare_forward(
        torch_op, rungrad_op, sample, tolerance
    )
    rng = np.random.default_rng(seed)
    pairs = [(e, a) for e, a in zip(tensors_of(expected), tensors_of(actual)) if e.requires_grad]
    if not pairs:
        return False
    vectors = [_random_like(rng, e) for e, _ in pairs]
    torch.autograd.backward([e for e, _ in pairs], [torch.tensor(v) for v in vectors])
    rungrad.autograd.backward([a for _, a in pairs], [rungrad.tensor(v) for v in vectors])
    _compare_leaf_grads(
        expected_built.leaves, actual_built.leaves, tolerance, "gradient", none_is_zero
    )
    return True


def _first_order(
    module: Any, outputs: Sequence[Any], leaves: Sequence[Any], vectors: Sequence[Any]
) -> tuple[Any, ...]:
    return module.autograd.grad(
        list(outputs), list(leaves), list(vectors), create_graph=True, allow_unused=True
    )


def compare_double_backward(
    torch_op: Op,
    rungrad_op: Op,
    sample: Sample,
    seed: int = 0,
    tolerance: Tolerance | None = None,
    check_grad_fn: bool = True,
    none_is_zero: bool = False,
) -> bool:
    """Gradients of a random projection of the first-order gradients (made with
    ``create_graph=True``, the output gradients ``v`` requiring grad too).

    Compares the first-order gradients (values, requires_grad, grad_fn names) and then the
    second-order ``.grad`` of every leaf and of every ``v``. Returns False when torch has
    nothing to differentiate.
    """
    expected_built, actual_built = build(torch, sample), build(rungrad, sample)
    expected = run_reference(torch_op, expected_built)
    actual = run(rungrad_op, actual_built)
    rng = np.random.default_rng(seed)
    pairs = [(e, a) for e, a in zip(tensors_of(expected), tensors_of(actual)) if e.requires_grad]
    expected_leaves = [x for x in expected_built.leaves if x.requires_grad]
    actual_leaves = [x for x in actual_built.leaves if x.requires_grad]
    if not pairs or not expected_leaves:
        return False
    vectors = [_random_like(rng, e) for e, _ in pairs]
    expected_v = [torch.tensor(v, requires_grad=True) for v in vectors]
    actual_v = [rungrad.tensor(v, requires_grad=True) for v in vectors]
    expected_grads = _first_order(torch, [e for e, _ in pairs], expected_leaves, expected_v)
    actual_grads = _first_order(rungrad, [a for _, a in pairs], actual_leaves, actual_v)
    projected: list[tuple[Any, Any, np.ndarray]] = []
    for i, (e, a) in enumerate(zip(expected_grads, actual_grads)):
        if none_is_zero and (e is None or a is None):
            assert _all_zero(e) and _all_zero(a), f"first-order gradient {i}: None vs nonzero"
            continue
        if e is None:
            assert a is None, f"first-order gradient {i} exists, torch's is None"
            continue
        assert a is not None, f"first-order gradient {i} is None, torch's exists"
        assert_values(e, a, tolerance, f"first-order gradient {i}")
        assert a.requires_grad == e.requires_grad, (
            f"first-order gradient {i}: requires_grad {a.requires_grad} != {e.requires_grad}"
        )
        if check_grad_fn:
            assert grad_fn_name(a) == grad_fn_name(e), (
                f"first-order gradient {i}: grad_fn {grad_fn_name(a)} != torch's {grad_fn_name(e)}"
            )
        if e.requires_grad:
            projected.append((e, a, _random_like(rng, e)))
    if not projected:
        return False
    torch.autograd.backward([e for e, _, _ in projected], [torch.tensor(w) for *_, w in projected])
    rungrad.autograd.backward(
        [a for _, a, _ in projected], [rungrad.tensor(w) for *_, w in projected]
    )
    _compare_leaf_grads(
        expected_leaves, actual_leaves, tolerance, "second-order gradient", none_is_zero
    )
    _compare_leaf_grads(
        expected_v, actual_v, tolerance, "second-order gradient (grad_output)", none_is_zero
    )
    return True


def first_line(error: BaseException) -> str:
    text = str(error).replace("rungrad", "torch")
    return text.splitlines()[0] if text else ""


def compare_error(torch_op: Op, rungrad_op: Op, sample: Sample) -> None:
    """Both raise: the same exception type, and the same first line of the message."""
    expected_error = actual_error = None
    try:
        run(torch_op, build(torch, sample))
    except Exception as error:
        expected_error = error
    assert expected_error is not None, "torch does not raise for this sample: fix the sample"
    try:
        run(rungrad_op, build(rungrad, sample))
    except Exception as error:
        actual_error = error
    assert actual_error is not None, (
        f"rungrad does not raise; torch raises {type(expected_error).__name__}: "
        f"{first_line(expected_error)}"
    )
    assert type(actual_error).__name__ == type(expected_error).__name__, (
        f"{type(actual_error).__name__}({first_line(actual_error)!r}) != torch's "
        f"{type(expected_error).__name__}({first_line(expected_error)!r})"
    )
    assert first_line(actual_error) == first_line(expected_error)


def gradcheck_function(op: Op, sample: Sample) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """A function of the sample's leaves, made float64, and those leaves, for gradcheck.

    The layouts are applied inside the function, so gradcheck perturbs contiguous leaves.
    """
    float64 = dataclasses.replace(
        sample,
        args=tuple(_as_float64(a) for a in sample.args),
        kwargs={k: _as_float64(v) for k, v in sample.kwargs.items()},
    )
    leaves = tuple(build(rungrad, float64).leaves)

    def function(*inputs: Any) -> Any:
        return run(op, build(rungrad, float64, inputs))

    return function, leaves


def _as_float64(value: Any) -> Any:
    if isinstance(value, TensorArg) and value.numpy_value().dtype.kind == "f":
        return dataclasses.replace(value, value=value.value.astype(np.float64), dtype=None)
    if isinstance(value, (list, tuple)):
        return type(value)(_as_float64(v) for v in value)
    return value
