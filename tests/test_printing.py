"""rungrad._tensor_str must print exactly what PyTorch's ``repr(tensor)`` prints."""

from __future__ import annotations

import time

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rungrad
from rungrad._tensor_str import (
    PRINT_OPTIONS,
    format_tensor,
    get_printoptions,
    printoptions,
    set_printoptions,
)

# dtypes whose name the caller leaves out of a non-empty tensor's repr.
_IMPLIED_DTYPES = {torch.float32, torch.complex64, torch.int64, torch.bool}

FLOAT_DTYPES = [np.float16, np.float32, np.float64]
COMPLEX_DTYPES = [np.complex64, np.complex128]
INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8]
ALL_DTYPES = [*FLOAT_DTYPES, *COMPLEX_DTYPES, *INT_DTYPES, np.bool_]


@pytest.fixture(autouse=True)
def default_print_options():
    """Every test starts and ends with default options, in both libraries."""
    torch.set_printoptions(profile="default")
    set_printoptions(profile="default")
    yield
    torch.set_printoptions(profile="default")
    set_printoptions(profile="default")


def set_both(**options) -> None:
    torch.set_printoptions(**options)
    set_printoptions(**options)


def ours_and_torch(
    array: np.ndarray, *, requires_grad: bool = False, through_op: bool = False
) -> tuple[str, str]:
    """Format ``array`` with rungrad and with torch, building suffixes the way the caller will."""
    tensor = torch.from_numpy(np.array(array))  # a writable copy, also of 0-d scalars
    suffixes = []
    if requires_grad:
        tensor.requires_grad_(True)
        if through_op:
            tensor = tensor * 1
            suffixes.append("grad_fn=<MulBackward0>")
        else:
            suffixes.append("requires_grad=True")
    dtype_suffix = None if tensor.dtype in _IMPLIED_DTYPES else f"dtype={tensor.dtype}"
    # Format the data torch holds: for complex inf, even `* 1` changes the values.
    array = tensor.detach().numpy()
    ours = format_tensor(array, suffixes, dtype_suffix=dtype_suffix, dtype_namespace="torch")
    return ours, repr(tensor)


def assert_same(array: np.ndarray, **flags: bool) -> None:
    ours, expected = ours_and_torch(array, **flags)
    assert ours == expected, f"\nours:\n{ours}\ntorch:\n{expected}"


def random_array(shape: tuple[int, ...], dtype, seed: int = 0, scale: float = 1.0) -> np.ndarray:
    """Random data that fits ``dtype`` (small integers for integer dtypes)."""
    rng = np.random.default_rng(seed)
    data = rng.standard_normal(shape) * scale
    kind = np.dtype(dtype).kind
    if kind == "b":
        return np.asarray(data > 0)
    if kind == "c":
        return np.asarray(data + 1j * rng.standard_normal(shape) * scale).astype(dtype)
    if kind in "iu":
        data = np.clip(np.round(data * 30), -120, 120)
        if kind == "u":
            data = np.abs(data)
    return np.asarray(data).astype(dtype)


# --------------------------------------------------------------------------------------------
# Ranks and dtypes
# --------------------------------------------------------------------------------------------

SHAPES_BY_RANK = [(), (5,), (3, 4), (2, 3, 4), (2, 2, 3, 2)]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES_BY_RANK, ids=str)
def test_every_rank_and_dtype(shape, dtype):
    assert_same(random_array(shape, dtype, seed=len(shape)))


@pytest.mark.parametrize("dtype", [*FLOAT_DTYPES, *COMPLEX_DTYPES], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES_BY_RANK, ids=str)
@pytest.mark.parametrize("through_op", [False, True], ids=["leaf", "grad_fn"])
def test_autograd_suffixes(shape, dtype, through_op):
    array = random_array(shape, dtype, seed=7)
    assert_same(array, requires_grad=True, through_op=through_op)


def test_rank_five():
    assert_same(random_array((1, 2, 1, 2, 3), np.float32, seed=3))
    assert_same(np.arange(32, dtype=np.int64).reshape(2, 2, 2, 2, 2))


def test_scalars_match_documented_examples():
    assert format_tensor(np.array(2.0, dtype=np.float32)) == "tensor(2.)"
    text = format_tensor(np.array(-63.0, dtype=np.float32), ["grad_fn=<AddBackward0>"])
    assert text == "tensor(-63., grad_fn=<AddBackward0>)"
    assert text == repr(torch.tensor(-63.0, requires_grad=True) + 0)


def test_bool_tensors():
    assert format_tensor(np.array([True, False])) == "tensor([ True, False])"
    assert_same(np.array([True, True]))
    assert_same(np.array(False))
    assert_same(np.array([[True], [False]]))


def test_unsupported_dtype_is_rejected():
    with pytest.raises(TypeError):
        format_tensor(np.array(["text"]))


# --------------------------------------------------------------------------------------------
# Empty tensors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype", [np.float32, np.float64, np.float16, np.complex64, np.int64, np.uint8, np.bool_]
)
@pytest.mark.parametrize("shape", [(0,), (0, 3), (2, 0), (0, 2, 4), (3, 0, 1)], ids=str)
def test_empty(shape, dtype):
    array = np.empty(shape, dtype=dtype)
    # Torch names every non-default dtype of an empty tensor, int64 and bool included.
    assert_same(array)
    if np.dtype(dtype).kind in "fc":
        assert_same(array, requires_grad=True)
        assert_same(array, requires_grad=True, through_op=True)


def test_empty_size_goes_before_dtype_and_other_suffixes():
    text = format_tensor(
        np.empty((0, 3)), ["requires_grad=True"], dtype_suffix="dtype=torch.float64"
    )
    assert text == "tensor([], size=(0, 3), dtype=torch.float64, requires_grad=True)"
    assert text == repr(torch.empty(0, 3, dtype=torch.float64, requires_grad=True))


def test_empty_dtype_spelt_with_namespace():
    assert format_tensor(np.empty(0, dtype=np.int64)) == "tensor([], dtype=rungrad.int64)"
    assert format_tensor(np.empty(0, dtype=np.float32)) == "tensor([])"
    # An explicit dtype part wins over the generated one.
    text = format_tensor(np.empty((2, 0), dtype=np.bool_), dtype_suffix="dtype=rungrad.bool")
    assert text == "tensor([], size=(2, 0), dtype=rungrad.bool)"


def test_empty_with_float64_default_dtype():
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for array, is_default in [
            (np.empty(0, dtype=np.float64), True),
            (np.empty((2, 0), dtype=np.float64), True),
            (np.empty(0, dtype=np.float32), False),
            (np.empty((0, 3), dtype=np.float32), False),
        ]:
            ours = format_tensor(array, is_default_float=is_default, dtype_namespace="torch")
            assert ours == repr(torch.from_numpy(array.copy()))
    finally:
        torch.set_default_dtype(previous)


# --------------------------------------------------------------------------------------------
# Number formatting
# --------------------------------------------------------------------------------------------

nan, inf = np.nan, np.inf

VALUE_CASES = {
    "integer_valued": [1.0, -2.0, 300.0, 0.0],
    "integer_valued_wide_range": [1.0, 1001.0],
    "integer_valued_ratio_exactly_1000": [1.0, 1000.0],
    "integer_valued_tiny_ratio_ok": [1.0, 2.0, 3.0],
    "max_exactly_1e8": [1e8],
    "max_above_1e8": [1.00001e8],
    "big_integers": [123456789.0, 2.0],
    "mixed_magnitudes": [0.5, 500.0, -3.25],
    "ratio_just_over_1000": [0.5, 501.0],
    "tiny": [1e-5, 1.0],
    "min_at_1e-4_rounds_below": [1e-4, 1.0],
    "min_just_above_1e-4": [1.1e-4, 0.1],
    "huge": [1e10, -3e12, 7.0],
    "negative": [-1.5, -0.25, -100.125],
    "negative_zero": [-0.0, 0.0],
    "negative_zero_alone": [-0.0],
    "negative_zero_fixed": [-0.0, 1.5],
    "all_zero": [0.0, 0.0, 0.0],
    "nan_and_int": [nan, 1.0],
    "nan_inf": [nan, inf, -inf],
    "nan_with_sci": [nan, 1.5, 1e-5],
    "inf_with_fraction": [inf, 0.5, -2.25],
    "only_nan": [nan],
    "rounding_carries": [9.99996, 0.5],
}


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("values", VALUE_CASES.values(), ids=VALUE_CASES.keys())
def test_float_values(values, dtype):
    with np.errstate(over="ignore"):  # float16 overflows to inf, which is also fine to print
        array = np.array(values, dtype=dtype)
    assert_same(array)
    assert_same(array.reshape(-1, 1))
    assert_same(array[:1].reshape(()))


@pytest.mark.parametrize(
    "array",
    [
        np.array([1e300, 1e-300]),
        np.array([1e8 + 0.5]),
        np.array([5e-324, 1.0]),
        np.array([65504.0, 1e-7], dtype=np.float16),
        np.array([np.finfo(np.float32).max, np.finfo(np.float32).tiny], dtype=np.float32),
    ],
    ids=["float64_extremes", "float64_fraction_above_1e8", "subnormal", "float16", "float32"],
)
def test_extreme_magnitudes(array):
    assert_same(array)


@pytest.mark.parametrize(
    "array",
    [
        np.array([1, -2, 300]),
        np.array([[1, -2], [100, 4]], dtype=np.int8),
        np.array([-128, 127], dtype=np.int8),
        np.array([0, 255], dtype=np.uint8),
        np.array([-32768, 7], dtype=np.int16),
        np.array([np.iinfo(np.int32).min, 0], dtype=np.int32),
        np.array([np.iinfo(np.int64).max, np.iinfo(np.int64).min]),
        np.array(-5),
    ],
    ids=["int64", "int8_2d", "int8_limits", "uint8", "int16", "int32", "int64_limits", "int0d"],
)
def test_integer_values(array):
    assert_same(array)


COMPLEX_CASES = {
    "mixed": [1 + 2j, -3.5 - 1j],
    "integer_valued": [1 + 2j, 3 + 4j],
    "sci_real_part": [1e-5 + 1j, 2 + 0j],
    "nan_inf_parts": [complex(nan, inf), 1j],
    "negative_zero_parts": [complex(-0.0, -0.0), complex(0.0, -0.0)],
    "wide_imag": [complex(1e5, 1e-3), complex(-2.5, 7e9)],
}


@pytest.mark.parametrize("dtype", COMPLEX_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("values", COMPLEX_CASES.values(), ids=COMPLEX_CASES.keys())
def test_complex_values(values, dtype):
    array = np.array(values, dtype=dtype)
    assert_same(array)
    assert_same(np.stack([array, array[::-1]]))
    assert_same(array[:1].reshape(()), requires_grad=True)


def test_complex_rows_wrap_and_summarise():
    assert_same(random_array((20,), np.complex64, seed=13))
    assert_same(random_array((2000,), np.complex64, seed=14))
    assert_same(random_array((40, 40), np.complex128, seed=15), requires_grad=True)


# --------------------------------------------------------------------------------------------
# Line wrapping and suffix placement
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "array",
    [
        random_array((30,), np.float32, seed=1),
        np.arange(100, dtype=np.int64),
        np.arange(40, dtype=np.float64) * 1e6,
        random_array((3, 25), np.float32, seed=2),
        random_array((2, 2, 20), np.float16, seed=4),
        np.array([1e-8] * 25, dtype=np.float32),
        np.array([True, False] * 20),
    ],
    ids=["float32", "int64", "float64_big", "rows", "rank3_float16", "sci", "bool"],
)
def test_long_rows_wrap(array):
    assert_same(array)
    if array.dtype.kind == "f":
        assert_same(array, requires_grad=True)


def test_suffix_moves_to_new_line_like_documented_example():
    array = np.array([0.0012, 0.2987, -0.2741, -0.8906, -0.4547, -0.9916], dtype=np.float32)
    expected = (
        "tensor([ 0.0012,  0.2987, -0.2741, -0.8906, -0.4547, -0.9916],\n       requires_grad=True)"
    )
    assert format_tensor(array, ["requires_grad=True"]) == expected
    assert_same(array, requires_grad=True)


@pytest.mark.parametrize("size", range(3, 9))
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_suffixes_that_fit_and_that_wrap(size, dtype):
    array = random_array((size,), dtype, seed=size)
    assert_same(array, requires_grad=True)
    assert_same(array, requires_grad=True, through_op=True)


@pytest.mark.parametrize("linewidth", range(20, 60))
def test_suffix_wrap_boundary_for_each_linewidth(linewidth):
    set_both(linewidth=linewidth)
    assert_same(np.array([0.5, 1.5], dtype=np.float32), requires_grad=True)
    assert_same(np.array([[0.5, 1.5], [1.0, 2.0]], dtype=np.float64), requires_grad=True)
    assert_same(np.array([0.5, 1.5], dtype=np.float64), requires_grad=True, through_op=True)


# --------------------------------------------------------------------------------------------
# Summarisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape",
    [(2000,), (1001,), (40, 40), (3, 500, 3), (10, 10, 11), (2, 1000), (1000, 2), (7, 7, 7, 7)],
    ids=str,
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.bool_])
def test_summarised(shape, dtype):
    assert_same(random_array(shape, dtype, seed=11))


def test_summary_chooses_width_from_shown_items_only():
    array = np.ones(2000, dtype=np.float32)
    array[1000] = 123456.5  # hidden by the summary, so it must not widen the columns
    assert_same(array)
    assert format_tensor(array) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"


def test_huge_tensor_is_sliced_before_formatting():
    array = np.random.default_rng(0).standard_normal(10**7).astype(np.float32)
    start = time.perf_counter()
    ours = format_tensor(array)
    elapsed = time.perf_counter() - start
    assert ours == repr(torch.from_numpy(array))
    assert elapsed < 1.0


# --------------------------------------------------------------------------------------------
# Print options
# --------------------------------------------------------------------------------------------

OPTION_SAMPLES = [
    random_array((6,), np.float32, seed=5),
    random_array((3, 4), np.float64, seed=6) * 1000,
    np.array([1e-5, 1.0, 250.0], dtype=np.float32),
    np.array([1.0, 1e9], dtype=np.float32),
    np.array([1.5, 1e9], dtype=np.float32),
    np.array([3.0, -4.0]),
    np.array([0.0, nan, inf]),
    np.array(3.14159, dtype=np.float32),
    random_array((2000,), np.float32, seed=8),
    random_array((4, 5, 6), np.int32, seed=9),
    random_array((3, 4), np.complex64, seed=10) * 1e3,
]


@pytest.mark.parametrize(
    "options",
    [
        {"precision": 2},
        {"precision": 0},
        {"precision": 8},
        {"sci_mode": True},
        {"sci_mode": False},
        {"precision": 2, "sci_mode": True},
        {"threshold": 5},
        {"threshold": 0},
        {"threshold": 5, "edgeitems": 1},
        {"edgeitems": 5},
        {"edgeitems": 0},
        {"threshold": 0, "edgeitems": 0},
        {"linewidth": 40},
        {"linewidth": 120},
        {"linewidth": 5},
        {"profile": "full"},
        {"profile": "short"},
        {"profile": "short", "precision": 6},
    ],
    ids=str,
)
def test_print_options(options):
    set_both(**options)
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    for array in OPTION_SAMPLES:
        assert_same(array)
        if array.dtype.kind in "fc":
            assert_same(array, requires_grad=True)


def test_full_profile_then_default():
    array = random_array((1200,), np.float32, seed=12)
    set_both(profile="full")
    full = format_tensor(array)
    assert "..." not in full
    assert full == repr(torch.from_numpy(array.copy()))
    set_both(profile="default")
    assert "..." in format_tensor(array)
    assert_same(array)


def test_get_printoptions_matches_torch_keys_and_defaults():
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    assert list(get_printoptions()) == [
        "precision",
        "threshold",
        "edgeitems",
        "linewidth",
        "sci_mode",
    ]


def test_omitting_sci_mode_resets_it_like_torch():
    set_both(sci_mode=True)
    set_both(precision=3)
    assert PRINT_OPTIONS.sci_mode is None
    assert get_printoptions() == torch._tensor_str.get_printoptions()


def test_unknown_profile_is_ignored_like_torch():
    set_both(precision=6)
    set_both(profile="no-such-profile")
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    assert PRINT_OPTIONS.precision == 6


def test_forced_sci_mode_is_ignored_without_finite_nonzero_values():
    set_both(sci_mode=True)
    assert format_tensor(np.zeros(3, dtype=np.float32)) == "tensor([0., 0., 0.])"
    assert_same(np.array([nan, -0.0, inf], dtype=np.float32))


def test_printoptions_context_manager_restores():
    with printoptions(precision=1, linewidth=30):
        assert PRINT_OPTIONS.precision == 1
        assert format_tensor(np.array([0.25, 1.0], dtype=np.float32)) == "tensor([0.2, 1.0])"
    assert get_printoptions() == torch._tensor_str.get_printoptions()


# --------------------------------------------------------------------------------------------
# Randomised comparison against torch
# --------------------------------------------------------------------------------------------

_ELEMENTS = st.one_of(
    st.floats(-1e3, 1e3, width=32),
    st.integers(-1000, 1000).map(float),
    st.floats(width=32),  # the full range, nan and inf included
    st.sampled_from([0.0, -0.0]),
)


@st.composite
def float32_arrays(draw) -> np.ndarray:
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6))
    base = draw(hnp.arrays(np.float64, shape, elements=_ELEMENTS))
    scale = 10.0 ** draw(st.integers(-12, 12))
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(base * scale).astype(np.float32)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(array=float32_arrays(), requires_grad=st.booleans())
def test_random_float32_arrays_match_torch(array, requires_grad):
    assert_same(array, requires_grad=requires_grad)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    array=float32_arrays(),
    dtype=st.sampled_from(ALL_DTYPES),
    precision=st.integers(0, 8),
    threshold=st.sampled_from([0, 3, 20, 1000]),
    edgeitems=st.integers(0, 4),
    linewidth=st.integers(10, 120),
    sci_mode=st.sampled_from([None, True, False]),
)
def test_random_arrays_and_options_match_torch(
    array, dtype, precision, threshold, edgeitems, linewidth, sci_mode
):
    kind = np.dtype(dtype).kind
    with np.errstate(over="ignore", invalid="ignore"):
        if kind == "b":
            array = np.asarray(array > 0)
        elif kind == "c":
            complex_array = array.astype(dtype)
            complex_array.imag = np.flip(array)
            array = complex_array
        elif kind in "iu":
            clipped = np.clip(np.nan_to_num(array), 0 if kind == "u" else -128, 127)
            array = np.asarray(clipped).astype(dtype)
        else:
            array = array.astype(dtype)
    options = {
        "precision": precision,
        "threshold": threshold,
        "edgeitems": edgeitems,
        "linewidth": linewidth,
        "sci_mode": sci_mode,
    }
    set_both(**options)
    try:
        assert_same(array, requires_grad=kind in "fc")
    finally:
        set_both(profile="default")


@pytest.mark.parametrize("columns", range(1, 9))
@pytest.mark.parametrize("dtype", ["float64", "float16", "int32"])
def test_dtype_suffix_is_measured_as_torch_spells_it(columns, dtype):
    """rungrad's repr says ``dtype=rungrad.float64``; its lines still break where PyTorch's do
    (which measures ``dtype=torch.float64``), so the two read alike once the names are."""

    def representations(library):
        data = library.arange(2.0 * columns).view(2, columns) / 3
        leaf = data.to(getattr(library, dtype))
        if dtype == "int32":
            return [repr(leaf), repr(data.requires_grad_() * 1)]
        grad = leaf.requires_grad_()
        return [repr(grad), repr(grad * 2), repr((grad * 2)[0]), repr(grad.sum())]

    ours = [text.replace("rungrad", "torch") for text in representations(rungrad)]
    assert ours == representations(torch)
