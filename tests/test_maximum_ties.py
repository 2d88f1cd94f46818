"""maximum, minimum, clamp and relu against PyTorch, ties and signed zeros included.

PyTorch returns the first operand where the two are equal (relu(-0.0) is -0.0); NumPy's
choice depends on the dtype, so the order is probed (NOTE [Ties in maximum and minimum] in
pointwise.py). relu takes the maximum with a read-only view of a cached buffer of zeros
(NOTE [Zeros for maximum]): its results must be PyTorch's whatever the input (growing and
shrinking shapes, layouts), and the buffer must never show through a result.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad
from rungrad._ops import pointwise

SPECIAL = [-0.0, 0.0, -1.5, 2.5, float("inf"), float("-inf"), float("nan"), 1e-45, -1e-45]


def _bits(array: np.ndarray) -> np.ndarray:
    return array.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[array.itemsize])


FLOATS = ["float16", "float32", "float64"]
TIE_OPS = {
    "relu": lambda T, x, y: T.relu(x),
    "clamp_min_number": lambda T, x, y: T.clamp(x, min=0.0),
    "clamp_max_number": lambda T, x, y: T.clamp(x, max=-0.0),
    "clamp_both_numbers": lambda T, x, y: T.clamp(x, 0.0, 1.0),
    "clamp_min": lambda T, x, y: T.clamp_min(x, 0.0),
    "clamp_max": lambda T, x, y: T.clamp_max(x, 0.0),
    "relu6": lambda T, x, y: T.nn.functional.relu6(x),
    "hardtanh": lambda T, x, y: T.nn.functional.hardtanh(x, 0.0, 1.0),
}


def _tie_case(T, dtype: str):
    # Signed zeros among NaN, infinities, bounds and ordinary values, long enough for vector
    # loops and their tails.
    x = T.tensor([-0.0, 0.0, 1.0, -1e-30, float("nan"), -1.0, 2.0, float("inf")] * 9 + [-0.0])
    return x.to(getattr(T, dtype)), None


def _assert_same(result: np.ndarray, expected: np.ndarray) -> None:
    """Equal bit for bit, NaNs aside (PyTorch's vector loops may set a NaN's sign bit)."""
    nan = np.isnan(expected)
    np.testing.assert_array_equal(np.isnan(result), nan)
    np.testing.assert_array_equal(_bits(result)[~nan], _bits(expected)[~nan])


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("op", sorted(TIE_OPS))
def test_ties_keep_the_first_operand(op: str, dtype: str) -> None:
    expected = TIE_OPS[op](torch, *_tie_case(torch, dtype)).numpy()
    result = TIE_OPS[op](rungrad, *_tie_case(rungrad, dtype)).numpy()
    _assert_same(result, expected)


@pytest.mark.parametrize("op", ["relu", "clamp_max_number", "clamp_both_numbers"])
def test_ties_where_neither_order_holds(op: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A NumPy whose loops return either operand: the ties are copied over afterwards.
    table = {u: {np.dtype(d).char: None for d in FLOATS} for u in (np.maximum, np.minimum)}
    monkeypatch.setattr(pointwise, "_SWAP_FOR_TIES", table)
    monkeypatch.setattr(pointwise, "_ZEROS", {})  # relu keeps the order with its zeros
    expected = TIE_OPS[op](torch, *_tie_case(torch, "float32")).numpy()
    result = TIE_OPS[op](rungrad, *_tie_case(rungrad, "float32")).numpy()
    _assert_same(result, expected)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(9,), (3, 3), (1, 9, 1), (3, 1, 3, 1)])
def test_values_bit_for_bit(dtype: str, shape: tuple[int, ...]) -> None:
    values = np.array(SPECIAL, dtype=dtype).reshape(shape)
    expected = torch.relu(torch.from_numpy(values)).numpy()
    result = rungrad.relu(rungrad.from_numpy(values)).numpy()
    assert result.shape == expected.shape
    _assert_same(result, expected)


def test_sizes_grow_and_shrink() -> None:
    rng = np.random.default_rng(0)
    for size in [3, 50_000, 7, 200_000, 1]:  # past the first buffer and back
        values = rng.standard_normal(size).astype(np.float32)
        result = rungrad.relu(rungrad.from_numpy(values)).numpy()
        np.testing.assert_array_equal(result, np.maximum(values, 0))
        assert result.flags.writeable and result.base is None  # its own memory


def test_result_is_writable_and_independent() -> None:
    x = rungrad.tensor([[-1.0, 2.0], [3.0, -4.0]])
    y = rungrad.relu(x)
    y.add_(1)  # would fail on (or corrupt) a view of the read-only zeros
    z = rungrad.relu(-x)
    assert y.tolist() == [[1.0, 3.0], [4.0, 1.0]]
    assert z.tolist() == [[1.0, 0.0], [0.0, 4.0]]


@pytest.mark.parametrize("layout", ["transposed", "sliced", "expanded"])
def test_layouts_keep_pytorch_strides(layout: str) -> None:
    def make(T):
        base = T.arange(-6.0, 6.0).reshape(3, 4)
        if layout == "transposed":
            return base.t()
        if layout == "sliced":
            return base[:, ::2]
        return base[:1].expand(3, 4)

    expected, result = torch.relu(make(torch)), rungrad.relu(make(rungrad))
    assert result.tolist() == expected.tolist()
    assert result.stride() == expected.stride()
    assert result.is_contiguous() == expected.is_contiguous()


def test_gradients() -> None:
    values = [[-1.0, 0.0, 2.0], [3.0, -0.5, float("inf")]]
    grads = []
    for T in (torch, rungrad):
        x = T.tensor(values, requires_grad=True)
        T.relu(x).sum().backward()
        grads.append(x.grad.tolist())
    assert grads[0] == grads[1]


# hardtanh and relu6 are left out: PyTorch's own kernels disagree at a NaN input (its scalar
# loop passes the gradient, its vector loop zeroes it), so the answer depends on where in the
# tensor the NaN sits. rungrad passes it, as the scalar loop does.
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("op", sorted(set(TIE_OPS) - {"hardtanh", "relu6"}))
def test_gradients_at_special_values(op: str, dtype: str) -> None:
    # A NaN input passes relu's and threshold's gradient (PyTorch zeroes where input <=
    # threshold, which NaN is not) and not clamp's; incoming NaN and infinite gradients are
    # masked to +0.0.
    values = [-0.0, 0.0, 1.0, float("nan"), -1.0, 2.0, float("inf"), float("-inf")] * 3
    incoming = [1.0, float("nan"), float("inf"), -2.0, float("-inf"), 0.5] * 4

    def gradient(T):
        x = T.tensor(values, dtype=getattr(T, dtype), requires_grad=True)
        TIE_OPS[op](T, x, None).backward(T.tensor(incoming, dtype=getattr(T, dtype)))
        return x.grad.numpy()

    _assert_same(gradient(rungrad), gradient(torch))


@pytest.mark.parametrize("value", [float("nan"), -0.5, 0.5, 2.0])
def test_threshold_gradient_at_the_threshold_and_nan(value: float) -> None:
    def gradient(T):
        x = T.tensor([value, 0.5, float("nan")], requires_grad=True)
        T.nn.functional.threshold(x, 0.5, -3.0).backward(T.ones(3))
        return x.grad.numpy()

    _assert_same(gradient(rungrad), gradient(torch))
