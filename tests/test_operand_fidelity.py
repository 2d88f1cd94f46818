"""Numbers, NumPy values and other non-tensors as operands, against PyTorch: the argument
parser's refusals (one signature: "must be Tensor"; several: the list of signatures), the
out-of-place ``fill``, ``apply_``'s version counter and ``.data`` of an inference tensor."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad


def _full_error(library: Any, call: Any) -> str:
    """The whole message (every line) of the TypeError ``call(library)`` raises."""
    with pytest.raises(TypeError) as caught:
        call(library)
    return str(caught.value).replace("rungrad", "torch")


@pytest.mark.parametrize(
    "call",
    [
        lambda T: T.eq(1, T.tensor([1.0, 2.0])),
        lambda T: T.lt(2.5, T.tensor([1.0, 2.0])),
        lambda T: T.ne(None, T.tensor([1.0])),
        lambda T: T.fmod(5, T.tensor([1.0, 2.0])),
        lambda T: T.clamp(1.0, 0, 1),
        lambda T: T.clip(1.0, 0, 1),
        lambda T: T.lerp(1, T.tensor([1.0]), 0.5),
        lambda T: T.std(1),
        lambda T: T.var(1.0, 0, True, False),
        lambda T: T.masked_fill(1, T.tensor([True]), 0),
        lambda T: T.all(1.0, 0, True),
        lambda T: T.max(1, T.tensor([1.0]), 0),
        lambda T: T.sum(1.0, 0),
        lambda T: T.repeat_interleave(2, 3),
        lambda T: T.eq(1, other=T.tensor([1.0])),
        lambda T: T.fill(1.0, 2.0),
        lambda T: T.pow(2.5, 0),
        lambda T: T.bitwise_and(1.5, 2),
        lambda T: T.remainder(1.5, 0),
        lambda T: T.rsub(2, T.tensor([1.0])),
    ],
)
def test_no_signature_takes_the_call(call: Any) -> None:
    assert _full_error(rungrad, call) == _full_error(torch, call)


@pytest.mark.parametrize(
    "name",
    ["celu", "rrelu", "hardshrink", "softmax", "log_softmax", "cumsum", "flip",
     "reshape", "transpose", "numel", "topk", "kthvalue", "logsumexp", "index_select", "gather",
     "chunk", "unsqueeze", "permute", "broadcast_to", "mv", "dropout", "threshold", "arccos",
     "swapaxes", "max", "mean", "unique", "repeat_interleave", "where", "batch_norm",
     "cosine_similarity", "bilinear", "embedding", "binomial", "prelu", "max_pool2d"],
)  # fmt: skip
def test_a_number_is_not_the_tensor(name: str) -> None:
    def program(T: Any, emit: Any) -> None:
        for args in ((1.5,), (2, T.tensor([1.0])), (1.5, 0)):
            emit.attempt(lambda args=args: getattr(T, name)(*args))

    same(program)


def test_calls_some_signature_takes() -> None:
    def program(T: Any, emit: Any) -> None:
        x = T.tensor([1.0, 2.0, 3.0])
        emit(T.pow(2, x), T.float_power(2, x), T.remainder(5, x))
        emit(T.bitwise_and(5, T.tensor([1, 3])), T.isin(2.0, x))
        emit(T.where(x > 1, 1, 0), T.where(x > 1, x, 0.0), T.where(x > 1))
        emit(T.clamp(input=x, min=1.5), T.eq(input=x, other=2.0), T.sum(input=x))
        emit(T.std(x, dim=0, keepdim=True), T.sort(x, descending=True).values)
        emit(T.round(x / 3, decimals=2), T.repeat_interleave(T.tensor([1, 2])))

    same(program)


def test_other_refusals() -> None:
    def program(T: Any, emit: Any) -> None:
        x = T.tensor([1.0, 2.0, 3.0])
        emit.attempt(lambda: T.split(1, 2))
        emit.attempt(lambda: T.tensordot(1, x, 0))
        emit.attempt(lambda: T.einsum("i,i->", 1, x))
        emit.attempt(lambda: T.einsum("i,i->", x, x))
        emit.attempt(lambda: T.unique(3.5, sorted=True))

    same(program)


def test_fill_out_of_place() -> None:
    def program(T: Any, emit: Any) -> None:
        x = T.tensor([1.0, 2.0])
        emit(T.fill(x, 3.0), T.fill(x, T.tensor(4.0)), T.fill(x, 5), x)
        emit(T.fill(T.tensor([1, 2]), 2.7), T.fill(T.tensor([True, False]), 0))
        a = T.tensor([1.0, 2.0], requires_grad=True)
        b = T.fill(a, 2.0)
        emit(b, type(b.grad_fn).__name__)
        b.sum().backward()
        emit(a.grad)
        a.grad = None
        v = T.tensor(3.0, requires_grad=True)
        c = T.fill(a, v)
        emit(c, type(c.grad_fn).__name__)
        (c * T.tensor([1.0, 2.0])).sum().backward()
        emit(a.grad, v.grad)
        emit.attempt(lambda: T.fill(x, T.tensor([1.0, 2.0])))

    same(program)


def test_apply_and_map_keep_the_version() -> None:
    def program(T: Any, emit: Any) -> None:
        x = T.tensor([1.0, 2.0, 3.0])
        before = x._version
        x.apply_(lambda v: v * 2)
        emit(x, x._version - before)
        x.map_(T.tensor([1.0, 1.0, 1.0]), lambda a, b: a + b)
        emit(x, x._version - before)

    same(program)


def test_data_of_an_inference_tensor() -> None:
    def program(T: Any, emit: Any) -> None:
        with T.inference_mode():
            y = T.ones(2)
            emit(y.data.is_inference())
        normal = T.ones(2, requires_grad=True)
        emit(y.is_inference(), y.data.is_inference(), y.detach().is_inference())
        with T.inference_mode():
            emit(normal.data.is_inference())
        emit.attempt(lambda: y.data.add_(1))

    same(program)


_OPERATORS = ("+", "-", "*", "/", "**", "//", "%", "&", "|", "^", "<<", ">>", "@", "==", "<")


@pytest.mark.parametrize(
    "other",
    ["[1.0, 2.0]", "(1, 2)", "None", "'a'", "2", "2.5", "True", "np.float64(2.0)", "np.int64(2)"],
)
def test_operators_with_non_tensor_operands(other: str) -> None:
    """Tensor operators take tensors and numbers; anything else is declined, and Python raises
    its TypeError (``@`` declines numbers too)."""

    def program(T: Any, emit: Any) -> None:
        scope = {"np": np, "x": T.tensor([1.0, 2.0]), "i": T.tensor([1, 2])}
        value = eval(other, scope)
        for operator in _OPERATORS:
            tensor = "i" if operator in ("&", "|", "^", "<<", ">>") else "x"
            for expression in (f"{tensor} {operator} v", f"v {operator} {tensor}"):
                emit.attempt(lambda e=expression: eval(e, {**scope, "v": value}))

    same(program)


@pytest.mark.parametrize("other", ["[1, 2]", "(1,)", "None", "'a'", "3", "np.int64(2)"])
def test_in_place_operators_with_non_tensor_operands(other: str) -> None:
    def program(T: Any, emit: Any) -> None:
        for operator in ("+", "-", "*", "//", "%", "**", "&", "|", "^", "<<", ">>", "@"):
            scope = {"np": np, "x": T.tensor([1, 2])}
            scope["v"] = eval(other, scope)
            before = scope["x"]
            try:
                exec(f"x {operator}= v", scope)
                emit(operator, scope["x"], scope["x"] is before)
            except Exception as error:
                emit(operator, type(error).__name__, str(error).splitlines()[0])

    same(program)


@pytest.mark.parametrize(
    "array",
    ["np.array(2.0)", "np.array(2.0, dtype=np.float32)", "np.array(2)", "np.array([1.0, 2.0])"],
)
def test_ndarray_operands(array: str) -> None:
    """``x <op> array`` is NumPy's result wrapped as a tensor (NumPy's dtype: float64 for a
    float64 array), ``array <op> x`` Python's TypeError except ``/``, ``x <op>= array``
    rebinds ``x``; a tensor that requires grad refuses to be read as an array."""

    def program(T: Any, emit: Any) -> None:
        scope = {"np": np, "x": T.tensor([2.0, 3.0]), "i": T.tensor([5, 6])}
        value = eval(array, scope)
        for operator in ("+", "-", "*", "/", "**", "//", "%", "@", "&", "|", "<<"):
            tensor = "i" if operator in ("&", "|", "<<") else "x"
            expressions = [f"{tensor} {operator} v", f"v {operator} {tensor}"]
            for expression in expressions:
                emit.attempt(lambda e=expression: repr(eval(e, {**scope, "v": value})))
        for operator in ("+", "*", "**", "//", "/"):
            local = {"x": T.tensor([2.0, 3.0]), "v": value}
            before = local["x"]
            exec(f"x {operator}= v", local)
            emit(operator, repr(local["x"]), local["x"] is before)
        w = T.tensor([2.0, 3.0], requires_grad=True)
        emit.attempt(lambda: w**value)
        emit.attempt(lambda: value / w)

    same(program)


def test_size_concatenation() -> None:
    def program(T: Any, emit: Any) -> None:
        size = T.Size([2, 3])
        for expression in ("[4] + s", "'a' + s", "s + [4]", "(1,) + s", "s + (1,)", "s + s",
                           "s * 2", "2 * s", "T.zeros(s + (4,)).shape"):  # fmt: skip
            emit.attempt(lambda e=expression: eval(e, {"s": size, "T": T}))
        emit(
            type(eval("(1,) + s", {"s": size})).__name__,
            type(eval("s + (1,)", {"s": size})).__name__,
        )

    same(program)


def test_numpy_integers_as_dims() -> None:
    def program(T: Any, emit: Any) -> None:
        x = T.arange(6.0).view(2, 3)
        for name in ("sum", "mean", "amax", "std", "logsumexp", "squeeze", "cumsum", "softmax"):
            emit.attempt(lambda name=name: getattr(x, name)(np.int64(1)))
        emit(x.reshape(np.int64(6)), x.view(np.int64(3), 2), x[np.int64(1)])

    same(program)


@pytest.mark.parametrize(
    "value",
    ["np.float32(1.5)", "np.float64(2.5)", "np.int64(1)", "np.int32(3)", "np.bool_(True)",
     "np.uint8(4)", "np.float16(1.5)", "np.complex128(1 + 2j)"],
)  # fmt: skip
def test_numpy_scalars_as_fill_values(value: str) -> None:
    def program(T: Any, emit: Any) -> None:
        v = eval(value, {"np": np})
        full = T.full((2,), v)
        emit(full, full.dtype, T.full_like(T.ones(2), v), T.ones(2).new_full((2,), v).dtype)
        if not isinstance(v, complex):
            emit(T.ones(2, dtype=T.int64).fill_(v), T.zeros(2).fill_(v))

    same(program)


def test_fill_values_out_of_range_of_the_dtype() -> None:
    def program(T: Any, emit: Any) -> None:
        for expression in (
            "T.full_like(T.ones(2), 1 + 2j)", "T.ones(2).new_full((2,), 1 + 2j)",
            "T.full((2,), 1 + 2j, dtype=T.float32)", "T.full_like(T.ones(2, dtype=T.int8), 300)",
            "T.full_like(T.ones(2, dtype=T.int64), 2.7)", "T.full((2,), 300, dtype=T.uint8)",
            "T.full_like(T.ones(2), 1e39)", "T.full_like(T.ones(2, dtype=T.int32), float('inf'))",
            "T.full((2,), -1, dtype=T.uint8)", "T.full((2,), 2**63)",
            "T.full((2,), 2.5, dtype=T.bool)", "T.full((1,), -0.0)", "T.full((2,), True)",
        ):  # fmt: skip
            emit.attempt(lambda e=expression: eval(e, {"T": T}))

    same(program)


def test_clamp_with_a_number_and_a_0d_tensor() -> None:
    """PyTorch reads a 0-d tensor bound beside a number as a number (ClampBackward1)."""

    def program(T: Any, emit: Any) -> None:
        f = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        for expression in (
            "T.clamp(f, 1, T.tensor(2.0))", "f.clamp(min=1, max=T.tensor(2.0))",
            "f.clamp(T.tensor(1.0), 2)", "f.clip(1, T.tensor(2.0))",
            "f.clone().clamp_(1, T.tensor(2.0))", "T.tensor([1, 5]).clamp(T.tensor(2), 3.5)",
            "T.clamp(f, 1.5, T.tensor([2.0, 2.5, 2.0]))",
        ):  # fmt: skip
            emit.attempt(lambda e=expression: eval(e, {"T": T, "f": f}))

    same(program)


def test_in() -> None:
    def program(T: Any, emit: Any) -> None:
        f = T.tensor([1.0, 2.0, 3.0])
        for expression in (
            "T.tensor([1.0, 2.0]) in f", "T.tensor([[1.0], [5.0]]) in f", "'a' in f",
            "None in f", "[1.0] in f", "True in f", "np.float64(2) in f", "4 in f",
            "1 in T.tensor([])", "3 in T.arange(5)",
        ):  # fmt: skip
            emit.attempt(lambda e=expression: eval(e, {"T": T, "f": f, "np": np}))

    same(program)


def test_numpy_functions_of_tensors() -> None:
    """np.sqrt(x) reads the tensor as an array and gives NumPy's result back as a tensor
    (a bool result as uint8); a tensor that requires grad refuses."""

    def program(T: Any, emit: Any) -> None:
        t = T.tensor([1.0, 4.0, 9.0])
        for expression in (
            "np.sqrt(t)", "np.exp(t)", "np.add(t, 1)", "np.greater(t, 2)", "np.isnan(t)",
            "np.sqrt(T.tensor(4.0))", "np.sqrt(T.tensor([4], dtype=T.int32))", "np.add(t, t)",
            "np.add(T.tensor([1]), np.array([1.5]))", "np.sin(t[1:])", "np.maximum(t, 5)",
            "np.cos(T.arange(3))", "np.abs(T.tensor([-1, 2]))", "np.clip(t, 0, 5)",
            "np.round(t, 1)", "np.argmax(t)", "np.where(t > 2, t, 0)", "np.array(t)",
            "np.concatenate([t, t])", "np.float64(2) * t", "np.float64(2) > t",
            "np.sqrt(t.clone().requires_grad_())",
        ):  # fmt: skip
            emit.attempt(lambda e=expression: repr(eval(e, {"T": T, "t": t, "np": np})))
        emit(np.exp(t).grad_fn, np.exp(t).is_leaf, type(np.exp(t)).__name__)

    same(program)


def test_complex_numbers_in_a_real_tensor() -> None:
    def program(T: Any, emit: Any) -> None:
        for expression in (
            "T.tensor([1 + 2j], dtype=T.float32)", "T.tensor(1 + 2j, dtype=T.float64)",
            "T.tensor([1 + 0j], dtype=T.int64)", "T.tensor([[1 + 2j]], dtype=T.bool)",
            "T.tensor([1, 2 + 1j], dtype=T.float32)", "T.as_tensor([1 + 2j], dtype=T.float32)",
            "T.tensor([[1, 2], [3 + 1j, 4]], dtype=T.float64)",
            "T.tensor([np.complex128(1 + 2j)], dtype=T.float32)",
        ):  # fmt: skip
            emit.attempt(lambda e=expression: eval(e, {"T": T, "np": np}))

    same(program)
