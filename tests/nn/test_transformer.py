"""scaled_dot_product_attention, multi_head_attention_forward, MultiheadAttention,
TransformerEncoderLayer and TransformerEncoder against PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import rungrad
from rungrad.autograd import gradcheck, gradgradcheck

from ._compare import (
    assert_close,
    compare_error,
    compare_kernel,
    compare_modules,
    make_pair,
    recorded_warnings,
    to_rungrad,
    to_torch,
)

RNG = np.random.default_rng(99)
E, HEADS, L, S, N = 8, 2, 4, 5, 3
KEY_PADDING = np.zeros((N, S), bool)
KEY_PADDING[1, 3:] = True
ATTN_MASK = np.triu(np.ones((L, S), bool), 2)


def _normal(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape)


# -- scaled dot-product attention ------------------------------------------------------------
BOOL_MASK = RNG.random((4, 6)) > 0.5
BOOL_MASK[1] = False  # a row with nothing to attend: zeros
FLOAT_MASK = RNG.standard_normal((3, 4, 6))
QKV = [_normal(2, 3, 4, 5), _normal(2, 3, 6, 5), _normal(2, 3, 6, 7)]

SDPA = {
    "plain": (lambda T, q, k, v: T.nn.functional.scaled_dot_product_attention(q, k, v), QKV),
    "causal": (
        lambda T, q, k, v: T.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True),
        QKV,
    ),
    "bool mask, scale": (
        lambda T, q, k, v: T.nn.functional.scaled_dot_product_attention(
            q, k, v, attn_mask=T.tensor(BOOL_MASK), scale=0.3
        ),
        QKV,
    ),
    "float mask": (
        lambda T, q, k, v, mask: T.nn.functional.scaled_dot_product_attention(q, k, v, mask),
        [*QKV, FLOAT_MASK],
    ),
    "2d": (
        lambda T, q, k, v: T.nn.functional.scaled_dot_product_attention(q, k, v),
        [a[0, 0] for a in QKV],
    ),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(SDPA))
def test_sdpa_matches_torch(name: str, dtype: str) -> None:
    function, arrays = SDPA[name]
    # Node names differ: PyTorch runs a fused CPU kernel, rungrad composes ops.
    compare_kernel(function, arrays, dtype, check_names=False)


@pytest.mark.parametrize("name", ["causal", "bool mask, scale"])
def test_sdpa_gradcheck(name: str) -> None:
    function, arrays = SDPA[name]
    inputs = [to_rungrad(a[:, :1], True) for a in arrays]
    assert gradcheck(lambda *xs: function(rungrad, *xs), inputs)
    assert gradgradcheck(lambda *xs: function(rungrad, *xs), inputs)


def test_sdpa_dropout() -> None:
    q = rungrad.ones(1, 200, 4)
    v = rungrad.randn(1, 200, 4)
    rungrad.manual_seed(0)
    dropped = rungrad.nn.functional.scaled_dot_product_attention(q, q, v, dropout_p=0.5)
    full = rungrad.nn.functional.scaled_dot_product_attention(q, q, v)
    assert not rungrad.allclose(dropped, full)
    # Uniform attention: each output averages the kept values, scaled by 2.
    assert abs(float(dropped.mean()) - float(full.mean())) < 0.1


@pytest.mark.parametrize(
    "call",
    [
        lambda T: T.nn.functional.scaled_dot_product_attention(
            T.randn(2, 3, 4), T.randn(2, 5, 4), T.randn(2, 5, 6), T.ones(3, 5).bool(), 0.0, True
        ),
        lambda T: T.nn.functional.scaled_dot_product_attention(
            T.randn(2, 3, 4), T.randn(2, 5, 4), T.randn(2, 5, 6), T.ones(3, 5).long()
        ),
        lambda T: T.nn.functional.scaled_dot_product_attention(
            T.randn(2, 3, 4, dtype=T.float64), T.randn(2, 5, 4), T.randn(2, 5, 6)
        ),
        lambda T: T.nn.functional.scaled_dot_product_attention(
            T.randn(4), T.randn(5, 4), T.randn(5, 6)
        ),
    ],
)
def test_sdpa_errors(call) -> None:
    compare_error(call)


# -- multi_head_attention_forward ------------------------------------------------------------
def _mha_kernel(**options):
    def call(T, query, key, weight, bias, out_weight, out_bias):
        kwargs = dict(options)
        for name, value in (("key_padding_mask", KEY_PADDING), ("attn_mask", ATTN_MASK)):
            if kwargs.get(name) is True:
                kwargs[name] = T.tensor(value)
        output, weights = T.nn.functional.multi_head_attention_forward(
            query, key, key, E, HEADS, weight, bias, None, None, False, 0.0, out_weight, out_bias,
            **kwargs,
        )  # fmt: skip
        return output if weights is None else output.sum() + (weights * weights).sum()

    return call


MHA_ARRAYS = [
    _normal(L, N, E),
    _normal(S, N, E),
    _normal(3 * E, E) * 0.3,
    _normal(3 * E) * 0.1,
    _normal(E, E) * 0.3,
    _normal(E) * 0.1,
]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"need_weights": False},
        {"average_attn_weights": False, "key_padding_mask": True},
        {"attn_mask": True},
        {"attn_mask": True, "key_padding_mask": True, "need_weights": False},
    ],
    ids=str,
)
def test_mha_kernel_double_backward(options: dict) -> None:
    # PyTorch has no double backward for its fused attention kernel (need_weights=False).
    order = 2 if options.get("need_weights", True) else 1
    compare_kernel(_mha_kernel(**options), MHA_ARRAYS, check_names=False, order=order)


# -- MultiheadAttention ----------------------------------------------------------------------
def _masks(*names: str, dtype: str = "bool"):
    def kwargs(T):
        result = {}
        if "kpm" in names:
            result["key_padding_mask"] = T.tensor(KEY_PADDING)
        if "attn" in names:
            result["attn_mask"] = T.tensor(ATTN_MASK)
        if dtype == "float":
            result = {
                k: T.tensor(np.where(v.numpy(), -1e9, 0.0), dtype=T.float32)
                for k, v in result.items()
            }
        return result

    return kwargs


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.parametrize("masks", [(), ("kpm",), ("attn",), ("kpm", "attn")], ids=str)
def test_mha_matches_torch(batch_first: bool, need_weights: bool, masks: tuple) -> None:
    def shape(length: int) -> tuple[int, int, int]:
        return (N, length, E) if batch_first else (length, N, E)

    def kwargs(T):
        return {**_masks(*masks)(T), "need_weights": need_weights}

    compare_modules(
        lambda T: T.nn.MultiheadAttention(E, HEADS, batch_first=batch_first),
        [shape(L), shape(S), shape(S)],
        kwargs,
    )


MHA_CASES = {
    "per-head weights": (
        lambda T: T.nn.MultiheadAttention(E, HEADS),
        [(L, N, E), (S, N, E), (S, N, E)],
        lambda T: {"average_attn_weights": False},
    ),
    "float masks": (
        lambda T: T.nn.MultiheadAttention(E, HEADS),
        [(L, N, E), (S, N, E), (S, N, E)],
        _masks("kpm", "attn", dtype="float"),
    ),
    "3d float mask": (
        lambda T: T.nn.MultiheadAttention(E, HEADS),
        [(L, N, E), (S, N, E), (S, N, E)],
        lambda T: {
            "attn_mask": T.tensor(
                np.linspace(-1, 1, N * HEADS * L * S).reshape(-1, L, S), dtype=T.float32
            )
        },
    ),
    "kdim vdim": (
        lambda T: T.nn.MultiheadAttention(E, HEADS, kdim=3, vdim=5),
        [(L, N, E), (S, N, 3), (S, N, 5)],
        _masks("kpm"),
    ),
    "bias kv": (
        lambda T: T.nn.MultiheadAttention(E, HEADS, add_bias_kv=True),
        [(L, N, E), (S, N, E), (S, N, E)],
        _masks("kpm", "attn"),
    ),
    "zero attn, no bias": (
        lambda T: T.nn.MultiheadAttention(E, HEADS, add_zero_attn=True, bias=False),
        [(L, N, E), (S, N, E), (S, N, E)],
        _masks("kpm"),
    ),
    "bias kv, zero attn, no weights": (
        lambda T: T.nn.MultiheadAttention(E, HEADS, add_bias_kv=True, add_zero_attn=True),
        [(L, N, E), (S, N, E), (S, N, E)],
        lambda T: {"need_weights": False},
    ),
    "unbatched": (
        lambda T: T.nn.MultiheadAttention(E, HEADS),
        [(L, E), (S, E), (S, E)],
        lambda T: {"key_padding_mask": T.tensor(KEY_PADDING[1])},
    ),
    "unbatched no weights": (
        lambda T: T.nn.MultiheadAttention(E, HEADS, batch_first=True),
        [(L, E), (S, E), (S, E)],
        lambda T: {"need_weights": False, "attn_mask": T.tensor(ATTN_MASK)},
    ),
    "fully masked row": (
        lambda T: T.nn.MultiheadAttention(E, HEADS, batch_first=True),
        [(2, L, E), (2, S, E), (2, S, E)],
        lambda T: {"need_weights": False, "key_padding_mask": T.tensor([[True] * S, [False] * S])},
    ),
}


@pytest.mark.parametrize("name", list(MHA_CASES))
def test_mha_cases(name: str) -> None:
    factory, shapes, kwargs = MHA_CASES[name]
    compare_modules(factory, shapes, kwargs)


def test_mha_float64_and_eval_dropout() -> None:
    compare_modules(
        lambda T: T.nn.MultiheadAttention(E, HEADS, dropout=0.5),
        [(L, N, E), (S, N, E), (S, N, E)],
        dtype="float64",
        training=False,
    )


def test_mha_self_attention_same_tensor() -> None:
    expected, actual = make_pair(lambda T: T.nn.MultiheadAttention(E, HEADS, batch_first=True))
    x = _normal(N, L, E).astype(np.float32)
    expected_x, actual_x = to_torch(x, True), to_rungrad(x, True)
    expected_out, expected_weights = expected(expected_x, expected_x, expected_x)
    actual_out, actual_weights = actual(actual_x, actual_x, actual_x)
    assert_close(expected_out, actual_out)
    assert_close(expected_weights, actual_weights)
    expected_out.sum().backward()
    actual_out.sum().backward()
    assert_close(expected_x.grad, actual_x.grad)


def test_mha_fully_masked_weights_are_nan() -> None:
    expected, actual = make_pair(lambda T: T.nn.MultiheadAttention(E, HEADS, batch_first=True))
    x = _normal(2, L, E).astype(np.float32)
    mask = np.array([[True] * L, [False] * L])
    expected_out, _ = expected(to_torch(x), to_torch(x), to_torch(x), to_torch(mask))
    actual_out, actual_weights = actual(
        to_rungrad(x), to_rungrad(x), to_rungrad(x), to_rungrad(mask)
    )
    assert np.isnan(actual_weights[0].detach().numpy()).all()
    assert_close(expected_out[1], actual_out[1])


def test_mha_dropout_is_random_in_training() -> None:
    layer = rungrad.nn.MultiheadAttention(E, HEADS, dropout=0.5)
    x = rungrad.randn(L, N, E)
    rungrad.manual_seed(3)
    first = layer(x, x, x)[1]
    rungrad.manual_seed(3)
    assert rungrad.equal(first, layer(x, x, x)[1])
    layer.eval()
    assert not rungrad.allclose(first, layer(x, x, x)[1])


def test_mha_parameters() -> None:
    layer = rungrad.nn.MultiheadAttention(E, HEADS, add_bias_kv=True)
    assert layer.in_proj_bias.tolist() == [0.0] * 3 * E
    assert layer.out_proj.bias.tolist() == [0.0] * E
    assert type(layer.out_proj).__name__ == "NonDynamicallyQuantizableLinear"
    assert isinstance(layer.out_proj, rungrad.nn.Linear)
    assert layer.head_dim == E // HEADS and layer._qkv_same_embed_dim
    separate = rungrad.nn.MultiheadAttention(E, HEADS, kdim=3, vdim=5)
    assert separate.in_proj_weight is None and tuple(separate.k_proj_weight.shape) == (E, 3)
    assert rungrad.nn.MultiheadAttention(E, HEADS).bias_k is None


def test_mha_mismatched_mask_warning() -> None:
    def call(T):
        layer = T.nn.MultiheadAttention(E, HEADS)
        x = T.randn(S, N, E)
        layer(x, x, x, key_padding_mask=T.tensor(KEY_PADDING), attn_mask=T.zeros(S, S))

    assert recorded_warnings(lambda: call(rungrad)) == recorded_warnings(lambda: call(torch))


def _mha(**options):
    return lambda T: T.nn.MultiheadAttention(E, HEADS, **options)


@pytest.mark.parametrize(
    "call",
    [
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, key_padding_mask=T.zeros(N, S).long()),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, attn_mask=T.zeros(S, S).long()),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, attn_mask=T.zeros(4, S)),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, attn_mask=T.zeros(N, S, S)),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, attn_mask=T.zeros(S)),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, key_padding_mask=T.zeros(N, 4).bool()),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, key_padding_mask=T.zeros(2, S).bool()),
        lambda T: _mha()(T)(*[T.randn(S, N, E)] * 3, is_causal=True),
        lambda T: _mha()(T)(T.randn(S, N, E), T.randn(S, N, E), T.randn(4, N, E)),
        lambda T: _mha()(T)(T.randn(S, N, 7), T.randn(S, N, E), T.randn(S, N, E)),
        lambda T: _mha()(T)(T.randn(2, S, N, E), T.randn(S, N, E), T.randn(S, N, E)),
        lambda T: _mha()(T)(T.randn(S, E), T.randn(S, N, E), T.randn(S, N, E)),
        lambda T: T.nn.MultiheadAttention(E, 3),
        lambda T: T.nn.MultiheadAttention(0, 3),
    ],
)
def test_mha_errors(call) -> None:
    compare_error(call)


# -- transformer encoder ---------------------------------------------------------------------
def _layer(**options):
    options = {"dropout": 0.0, **options}
    return lambda T: T.nn.TransformerEncoderLayer(E, HEADS, 16, **options)


def _encoder_masks(T):
    return {
        "src_key_padding_mask": T.tensor(np.eye(N, L, dtype=bool)),
        "src_mask": T.tensor(np.triu(np.ones((L, L), bool), 1)),
    }


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_encoder_layer_matches_torch(norm_first: bool, batch_first: bool, activation: str) -> None:
    compare_modules(
        _layer(norm_first=norm_first, batch_first=batch_first, activation=activation),
        [(N, L, E) if batch_first else (L, N, E)],
        _encoder_masks,
    )


ENCODER_LAYER_CASES = {
    "module activation, no bias": (
        lambda T: T.nn.TransformerEncoderLayer(
            E, HEADS, 16, dropout=0.0, activation=T.nn.GELU(), bias=False
        ),
        {},
    ),
    "default dropout in eval": (lambda T: T.nn.TransformerEncoderLayer(E, HEADS, 16), {}),
    "causal hint": (
        _layer(),
        {"is_causal": True, "src_mask": np.triu(np.full((L, L), -np.inf), 1)},
    ),
    "layer_norm_eps, unbatched": (_layer(layer_norm_eps=1e-3), {}),
}


@pytest.mark.parametrize("name", list(ENCODER_LAYER_CASES))
def test_encoder_layer_cases(name: str) -> None:
    factory, options = ENCODER_LAYER_CASES[name]
    shape = (L, E) if "unbatched" in name else (L, N, E)
    training = "eval" not in name

    def kwargs(T):
        return {k: T.tensor(v, dtype=T.float32) if isinstance(v, np.ndarray) else v
                for k, v in options.items()}  # fmt: skip

    compare_modules(factory, [shape], kwargs, training=training)


def test_encoder_layer_float64() -> None:
    compare_modules(_layer(norm_first=True), [(L, N, E)], _encoder_masks, dtype="float64")


def test_encoder_layer_activation_attribute() -> None:
    functional = rungrad.nn.functional
    assert rungrad.nn.TransformerEncoderLayer(E, HEADS).activation is functional.relu
    assert (
        rungrad.nn.TransformerEncoderLayer(E, HEADS, activation="gelu").activation_relu_or_gelu == 2
    )
    assert rungrad.nn.TransformerEncoderLayer(E, HEADS, activation=abs).activation_relu_or_gelu == 0


def test_encoder_matches_torch() -> None:
    def factory(T):
        layer = T.nn.TransformerEncoderLayer(E, HEADS, 16, dropout=0.0)
        return T.nn.TransformerEncoder(layer, 2, norm=T.nn.LayerNorm(E))

    def kwargs(T):
        return {
            "mask": T.tensor(np.triu(np.full((L, L), -np.inf), 1), dtype=T.float32),
            "src_key_padding_mask": T.tensor(np.eye(N, L) * -1e9, dtype=T.float32),
        }

    _, actual = compare_modules(factory, [(L, N, E)], kwargs)
    assert actual.layers[0] is not actual.layers[1]
    assert actual.layers[0].linear1.weight is not actual.layers[1].linear1.weight


def test_encoder_nested_tensor_path_zeroes_padding() -> None:
    def factory(T):
        layer = T.nn.TransformerEncoderLayer(E, HEADS, 16, batch_first=True)
        return T.nn.TransformerEncoder(layer, 2, norm=T.nn.LayerNorm(E))

    expected, actual = make_pair(factory, training=False)
    x = _normal(N, 5, E).astype(np.float32)
    for mask in (
        np.array([[0, 0, 0, 1, 1], [0, 0, 0, 0, 0], [0, 1, 1, 1, 1]], bool),
        np.array([[0, 1, 0, 1, 1], [0, 0, 0, 0, 0], [0, 1, 1, 1, 1]], bool),  # not a suffix
    ):
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the nested-tensor prototype notice
            expected_out = expected(to_torch(x), src_key_padding_mask=to_torch(mask))
        with rungrad.no_grad():
            actual_out = actual(to_rungrad(x), src_key_padding_mask=to_rungrad(mask))
        assert_close(expected_out, actual_out)
    # With gradients the padded positions are computed like the others.
    actual_out = actual(to_rungrad(x), src_key_padding_mask=to_rungrad(mask))
    assert np.abs(actual_out[2, 1].detach().numpy()).sum() > 0


@pytest.mark.parametrize(
    "factory",
    [
        lambda T: T.nn.TransformerEncoder(T.nn.TransformerEncoderLayer(E, HEADS, 16), 2),
        lambda T: T.nn.TransformerEncoder(
            T.nn.TransformerEncoderLayer(E, HEADS, 16, batch_first=True, norm_first=True), 1
        ),
        lambda T: T.nn.TransformerEncoder(
            T.nn.TransformerEncoderLayer(E, HEADS, 16, batch_first=True, bias=False), 1
        ),
        lambda T: T.nn.TransformerEncoder(
            T.nn.TransformerEncoderLayer(9, 3, 16, batch_first=True), 1
        ),
        lambda T: T.nn.TransformerEncoder(
            T.nn.TransformerEncoderLayer(E, HEADS, 16, batch_first=True, activation=abs), 1
        ),
        lambda T: T.nn.TransformerEncoder(T.nn.Linear(2, 2), 2),
        lambda T: T.nn.TransformerEncoder(
            T.nn.TransformerEncoderLayer(E, HEADS, 16, batch_first=True), 1
        ),
        lambda T: T.nn.TransformerEncoder(
            T.nn.TransformerEncoderLayer(E, HEADS, 16), 1, enable_nested_tensor=False
        ),
    ],
)
def test_encoder_construction_warnings_and_repr(factory) -> None:
    assert recorded_warnings(lambda: factory(rungrad)) == recorded_warnings(lambda: factory(torch))
    make_pair(factory)


def test_encoder_mismatched_mask_warning() -> None:
    def call(T):
        layer = T.nn.TransformerEncoderLayer(E, HEADS, 16, batch_first=True)
        encoder = T.nn.TransformerEncoder(layer, 1)
        encoder(T.randn(N, L, E), T.zeros(L, L), T.tensor(np.eye(N, L, dtype=bool)))

    assert recorded_warnings(lambda: call(rungrad)) == recorded_warnings(lambda: call(torch))


def test_encoder_layer_errors() -> None:
    compare_error(lambda T: T.nn.TransformerEncoderLayer(E, HEADS, activation="tanh"))
