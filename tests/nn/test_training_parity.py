"""Training parity with PyTorch: the same model, weights and data, 20 optimizer steps.

For an MLP, a CNN, an LSTM model and a small transformer encoder layer, every optimizer
(SGD with momentum, Adam, AdamW, RMSprop, Adagrad) gives the losses and final parameters
PyTorch gives, within float32 tolerance; state_dict keys/shapes and repr are PyTorch's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

import rungrad

from ._compare import copy_state, normalised

STEPS = 20

OPTIMIZERS = {
    "sgd": lambda T, p: T.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3),
    "adam": lambda T, p: T.optim.Adam(p, lr=0.01, amsgrad=True),
    "adamw": lambda T, p: T.optim.AdamW(p, lr=0.01, weight_decay=0.05),
    "rmsprop": lambda T, p: T.optim.RMSprop(p, lr=0.005, momentum=0.5, centered=True),
    "adagrad": lambda T, p: T.optim.Adagrad(p, lr=0.05, lr_decay=1e-3),
}


def mlp(T: Any) -> Any:
    nn = T.nn
    return nn.Sequential(
        nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.GELU(), nn.Linear(16, 3)
    )


def cnn(T: Any) -> Any:
    nn = T.nn
    # No bias before BatchNorm: it would have an exactly-zero gradient, whose float32 noise
    # adaptive optimizers (Adam...) blow up into full-size steps of arbitrary sign.
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1, bias=False),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(6 * 2 * 2, 3),
    )


def lstm(T: Any) -> Any:
    nn = T.nn

    class SequenceClassifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = nn.LSTM(5, 8, num_layers=2, batch_first=True)
            self.head = nn.Linear(8, 3)

        def forward(self, x: Any) -> Any:
            output, _ = self.lstm(x)
            return self.head(output[:, -1])

    return SequenceClassifier()


def transformer(T: Any) -> Any:
    nn = T.nn

    class TinyEncoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
            self.head = nn.Linear(8, 3)

        def forward(self, x: Any) -> Any:
            return self.head(self.layer(x).mean(1))

    return TinyEncoder()


MODELS = {
    "mlp": (mlp, (12, 6)),
    "cnn": (cnn, (12, 1, 8, 8)),
    "lstm": (lstm, (12, 4, 5)),
    "transformer": (transformer, (12, 4, 8)),
}


def _train(T: Any, model: Any, optimizer_name: str, x: np.ndarray, y: np.ndarray) -> Any:
    optimizer = OPTIMIZERS[optimizer_name](T, model.parameters())
    loss_fn = T.nn.CrossEntropyLoss()
    inputs, targets = T.tensor(x), T.tensor(y)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


@pytest.mark.parametrize("optimizer_name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("model_name", sorted(MODELS))
def test_twenty_steps_match_pytorch(model_name: str, optimizer_name: str) -> None:
    build, shape = MODELS[model_name]
    torch.manual_seed(0)
    reference = build(torch)
    model = build(rungrad)
    copy_state(reference, model)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype(np.float32)
    y = rng.integers(0, 3, shape[0]).astype(np.int64)

    expected = _train(torch, reference, optimizer_name, x, y)
    actual = _train(rungrad, model, optimizer_name, x, y)
    np.testing.assert_allclose(actual, expected, rtol=2e-4, atol=2e-5)
    reference_state, state = reference.state_dict(), model.state_dict()
    assert list(state) == list(reference_state)
    for key, value in reference_state.items():
        expected_value, actual_value = value.numpy(), state[key].numpy()
        if key.endswith("self_attn.in_proj_bias"):
            # The key bias shifts every score of a row equally, and softmax ignores that: its
            # gradient is zero in exact arithmetic, and adaptive optimizers turn the float32
            # noise there into full steps. Compare the query and value biases only.
            keep = np.r_[0:8, 16:24]
            expected_value, actual_value = expected_value[keep], actual_value[keep]
        np.testing.assert_allclose(actual_value, expected_value, rtol=1e-3, atol=1e-4, err_msg=key)


@pytest.mark.parametrize("model_name", sorted(MODELS))
def test_state_dict_and_repr_are_pytorchs(model_name: str) -> None:
    build, _ = MODELS[model_name]
    reference, model = build(torch), build(rungrad)
    assert normalised(repr(model)) == repr(reference)
    expected = {k: tuple(v.shape) for k, v in reference.state_dict().items()}
    assert {k: tuple(v.shape) for k, v in model.state_dict().items()} == expected


def _message(fn: Any) -> str:
    try:
        fn()
    except Exception as error:
        return f"{type(error).__name__}: {normalised(str(error)).splitlines()[0]}"
    return "no error"


@pytest.mark.parametrize(
    "case",
    [
        lambda T: T.nn.Linear(3, 2)(T.ones(4, 5)),
        lambda T: T.nn.Conv2d(3, 2, 3)(T.ones(1, 2, 5, 5)),
        lambda T: T.nn.Linear(3, 2).load_state_dict({"weight": T.ones(2, 3)}),
        lambda T: T.nn.Linear(3, 2).load_state_dict({"weight": T.ones(3, 3), "bias": T.ones(2)}),
        lambda T: T.optim.Adam(T.ones(2, requires_grad=True)),
        lambda T: T.optim.SGD([T.ones(2, requires_grad=True)], lr=-1),
        lambda T: T.nn.LSTM(3, 4)(T.ones(2, 5, 7)),
    ],
)
def test_bad_input_errors_are_pytorchs(case: Any) -> None:
    assert _message(lambda: case(rungrad)) == _message(lambda: case(torch))


@pytest.mark.parametrize(
    "dtypes", [("d", "f", "f"), ("f", "d", "f"), ("f", "f", "d"), ("f", "d", "d")]
)
def test_addmm_does_not_promote(dtypes: tuple[str, str, str]) -> None:
    def case(T: Any) -> Any:
        kinds = {"d": T.float64, "f": T.float32}
        a, b, c = (T.ones(2, 2, dtype=kinds[k]) for k in dtypes)
        return T.addmm(a, b, c)

    assert _message(lambda: case(rungrad)) == _message(lambda: case(torch))
