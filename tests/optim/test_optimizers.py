"""Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD and Rprop against
torch.optim: same trajectories, same state.

Every run starts both libraries from the same float32 weights; parameters are compared after
each of 20 steps. PyTorch's vectorised CPU kernels fuse some multiply-adds, so results agree
to a few float32 ulps rather than bit for bit.
"""

from __future__ import annotations

import copy
import io
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad

STEPS = 20
RTOL, ATOL = 2e-5, 1e-6

CASES: list[tuple[str, dict[str, Any]]] = [
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.9)}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "maximize": True}),
    ("Adam", {"lr": 0.02, "eps": 1e-3, "amsgrad": True, "weight_decay": 0.05, "maximize": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "betas": (0.3, 0.5), "amsgrad": True}),
    ("AdamW", {"lr": 0.01, "maximize": True, "weight_decay": 0}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.001, "alpha": 0.9}),
    ("RMSprop", {"lr": 0.001, "centered": True}),
    ("RMSprop", {"lr": 0.001, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.001, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.001, "maximize": True, "eps": 1e-4}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1, "eps": 1e-3}),
    ("Adagrad", {"lr": 0.1, "maximize": True, "lr_decay": 0.01}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1}),
    ("Adadelta", {"maximize": True}),
    ("Adamax", {}),
    ("Adamax", {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1}),
    ("Adamax", {"lr": 0.01, "maximize": True, "eps": 1e-3}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.1}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("NAdam", {"lr": 0.01, "maximize": True, "betas": (0.8, 0.9)}),
    ("RAdam", {}),
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1}),
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("RAdam", {"lr": 0.01, "betas": (0.5, 0.6), "maximize": True}),
    ("ASGD", {}),
    ("ASGD", {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 5, "weight_decay": 0.1}),
    ("ASGD", {"lr": 0.01, "maximize": True}),
    ("Rprop", {}),
    ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.2)}),
    ("Rprop", {"lr": 0.01, "maximize": True}),
]

NAMES = ["Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD",
         "Rprop"]  # fmt: skip


def _case_id(case: tuple[str, dict[str, Any]]) -> str:
    name, options = case
    return name + "(" + ",".join(f"{k}={v}" for k, v in options.items()) + ")"


# -- helpers ---------------------------------------------------------------------------------
def _initial_weights(dtype: Any = np.float32) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {
        "0.weight": rng.standard_normal((5, 3)).astype(dtype),
        "0.bias": rng.standard_normal(5).astype(dtype),
        "2.weight": rng.standard_normal((1, 5)).astype(dtype),
        "2.bias": rng.standard_normal(1).astype(dtype),
    }


def _data(dtype: Any = np.float32) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.standard_normal((16, 3)).astype(dtype), rng.standard_normal((16, 1)).astype(dtype)


def _model(library: Any, dtype: Any = np.float32) -> Any:
    """Linear(3, 5) -> Tanh -> Linear(5, 1) with fixed weights."""
    model = library.nn.Sequential(
        library.nn.Linear(3, 5), library.nn.Tanh(), library.nn.Linear(5, 1)
    )
    if dtype == np.float64:
        model = model.double()
    with library.no_grad():
        for name, param in model.named_parameters():
            param.copy_(library.tensor(_initial_weights(dtype)[name]))
    return model


def _train(library: Any, model: Any, optimizer: Any, steps: int, dtype: Any = np.float32,
           start: int = 0) -> list[list[np.ndarray]]:  # fmt: skip
    inputs, targets = _data(dtype)
    trajectory = []
    for step in range(start, start + steps):
        rows = slice(step % 4 * 4, step % 4 * 4 + 4)  # a different mini-batch each step
        optimizer.zero_grad()
        prediction = model(library.tensor(inputs[rows]))
        loss = ((prediction - library.tensor(targets[rows])) ** 2).mean()
        loss.backward()
        optimizer.step()
        trajectory.append([p.detach().numpy().copy() for p in model.parameters()])
    return trajectory


def _run(library: Any, name: str, options: dict[str, Any], dtype: Any = np.float32) -> Any:
    model = _model(library, dtype)
    optimizer = getattr(library.optim, name)(model.parameters(), **options)
    return _train(library, model, optimizer, STEPS, dtype), optimizer


def _assert_trajectories_close(got: Any, expected: Any, rtol: float = RTOL) -> None:
    for step, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            assert a.dtype == b.dtype
            np.testing.assert_allclose(
                a, b, rtol=rtol, atol=ATOL, err_msg=f"step {step}, parameter {index}"
            )


def _as_numpy(value: Any) -> Any:
    if isinstance(value, torch.Tensor | rungrad.Tensor):
        return value.detach().numpy()
    return value


# -- trajectories ----------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_trajectory_matches_torch_on_a_small_model(case: tuple[str, dict[str, Any]]):
    name, options = case
    expected, _ = _run(torch, name, options)
    got, _ = _run(rungrad, name, options)
    _assert_trajectories_close(got, expected)


def _rosenbrock_run(library: Any, name: str, options: dict[str, Any]) -> list[np.ndarray]:
    point = library.tensor([-1.5, 2.0], requires_grad=True)
    optimizer = getattr(library.optim, name)([point], **options)
    trajectory = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        x, y = point[0], point[1]
        loss = (1 - x) ** 2 + 100 * (y - x**2) ** 2
        loss.backward()
        optimizer.step()
        trajectory.append(point.detach().numpy().copy())
    return trajectory


@pytest.mark.parametrize(
    "case",
    [
        ("Adam", {"lr": 0.05}),
        ("AdamW", {"lr": 0.05, "amsgrad": True}),
        ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
        ("Adagrad", {"lr": 0.3, "lr_decay": 0.01}),
    ],
    ids=_case_id,
)
def test_trajectory_matches_torch_on_rosenbrock(case: tuple[str, dict[str, Any]]):
    name, options = case
    expected = _rosenbrock_run(torch, name, options)
    got = _rosenbrock_run(rungrad, name, options)
    for step, (mine, theirs) in enumerate(zip(got, expected)):
        np.testing.assert_allclose(mine, theirs, rtol=RTOL, atol=ATOL, err_msg=f"step {step}")


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32_and_float64_stays_float64(name: str):
    for dtype in (np.float32, np.float64):
        expected, torch_optimizer = _run(torch, name, {"lr": 0.01}, dtype)
        got, optimizer = _run(rungrad, name, {"lr": 0.01}, dtype)
        _assert_trajectories_close(got, expected, rtol=1e-10 if dtype == np.float64 else RTOL)
        for state, torch_state in zip(optimizer.state.values(), torch_optimizer.state.values()):
            for key, value in state.items():
                expected_dtype = str(torch_state[key].dtype).replace("torch.", "")
                assert str(value.dtype) == f"rungrad.{expected_dtype}", key


def test_adam_with_decoupled_weight_decay_is_adamw():
    options = {"lr": 0.01, "weight_decay": 0.2, "amsgrad": True}
    adamw, _ = _run(rungrad, "AdamW", options)
    decoupled, _ = _run(rungrad, "Adam", {**options, "decoupled_weight_decay": True})
    _assert_trajectories_close(decoupled, adamw, rtol=0)
    assert issubclass(rungrad.optim.AdamW, rungrad.optim.Adam)


def test_closure_and_parameters_without_grad():
    def program(torch, emit):
        a = torch.tensor([1.0, -1.0], requires_grad=True)
        b = torch.tensor([2.0], requires_grad=True)
        for name in ("Adam", "AdamW", "RMSprop", "Adagrad"):
            optimizer = getattr(torch.optim, name)([a, b], lr=0.1)

            def closure(optimizer=optimizer):
                optimizer.zero_grad()
                loss = (a * a).sum()
                loss.backward()
                return loss

            emit(name, optimizer.step(closure), a, b, b.grad)
            emit(sorted(len(state) for state in optimizer.state.values()))

    same(program)


def test_updates_are_in_place_and_leave_no_graph():
    def program(torch, emit):
        weight = torch.tensor([1.0, 2.0], requires_grad=True)
        optimizer = torch.optim.Adam([weight], lr=0.1)
        (weight**2).sum().backward()
        optimizer.step()
        state = optimizer.state[weight]
        emit(weight.is_leaf, weight.grad_fn, weight.requires_grad)
        emit(state["exp_avg"].requires_grad, state["exp_avg"].grad_fn, state["step"])

    same(program)


# -- state and state_dict --------------------------------------------------------------------
def _structure(value: Any) -> Any:
    """Dict keys in order, tensors as (dtype, shape); everything else as is."""
    if isinstance(value, dict):
        return [(key, _structure(item)) for key, item in value.items()]
    if isinstance(value, list | tuple):
        return type(value)(_structure(item) for item in value)
    if isinstance(value, torch.Tensor | rungrad.Tensor):
        return (str(value.dtype).split(".")[-1], tuple(value.shape))
    return value


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_state_dict_looks_like_torch(case: tuple[str, dict[str, Any]]):
    name, options = case
    _, torch_optimizer = _run(torch, name, options)
    _, optimizer = _run(rungrad, name, options)
    expected, got = torch_optimizer.state_dict(), optimizer.state_dict()
    assert _structure(got) == _structure(expected)
    for index, state in expected["state"].items():
        for key, value in state.items():
            np.testing.assert_allclose(
                _as_numpy(got["state"][index][key]), _as_numpy(value), rtol=1e-4, atol=1e-6
            )
    assert got["state"][0]["step"].item() == STEPS


@pytest.mark.parametrize("name", NAMES)
def test_repr_like_torch(name: str):
    def program(torch, emit):
        weight = torch.zeros(2, requires_grad=True)
        emit(getattr(torch.optim, name)([weight], lr=0.5))

    same(program)


def test_repr_separates_groups_by_a_blank_line_like_torch():
    def program(torch, emit):
        a = torch.zeros(2, requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        c = torch.zeros(1, requires_grad=True)
        optimizer = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
        optimizer.add_param_group({"params": [c], "momentum": 0.9})
        emit(optimizer)

    same(program)


def test_adagrad_creates_its_state_with_the_optimizer():
    def program(torch, emit):
        a = torch.zeros(2, requires_grad=True)
        b = torch.zeros(3, requires_grad=True)
        optimizer = torch.optim.Adagrad([a], initial_accumulator_value=0.25)
        emit(optimizer.state_dict())
        optimizer.add_param_group({"params": [b], "lr": 0.5})
        emit(optimizer.state_dict()["state"].keys())
        b.grad = torch.ones(3)
        optimizer.step()
        emit(optimizer.state[b], b)

    same(program)


@pytest.mark.parametrize("case", [CASES[5], CASES[9], CASES[15], CASES[19]], ids=_case_id)
@pytest.mark.parametrize("through_file", [False, True], ids=["direct", "saved"])
def test_load_state_dict_round_trip_continues_identically(
    case: tuple[str, dict[str, Any]], through_file: bool
):
    name, options = case
    half = STEPS // 2
    # Uninterrupted reference run, in torch.
    torch_model = _model(torch)
    torch_optimizer = getattr(torch.optim, name)(torch_model.parameters(), **options)
    expected = _train(torch, torch_model, torch_optimizer, STEPS)

    model = _model(rungrad)
    optimizer = getattr(rungrad.optim, name)(model.parameters(), **options)
    first = _train(rungrad, model, optimizer, half)
    checkpoint = {"model": model.state_dict(), "optimizer": optimizer.state_dict()}
    if through_file:
        buffer = io.BytesIO()
        rungrad.save(checkpoint, buffer)
        buffer.seek(0)
        checkpoint = rungrad.load(buffer)
    else:
        checkpoint = copy.deepcopy(checkpoint)

    resumed_model = _model(rungrad)
    resumed_model.load_state_dict(checkpoint["model"])
    resumed = getattr(rungrad.optim, name)(resumed_model.parameters(), **options)
    resumed.load_state_dict(checkpoint["optimizer"])
    second = _train(rungrad, resumed_model, resumed, STEPS - half, start=half)
    # ...and the original optimizer, continuing, does exactly the same.
    continued = _train(rungrad, model, optimizer, STEPS - half, start=half)
    _assert_trajectories_close(second, continued, rtol=0)
    _assert_trajectories_close(first + second, expected)
    assert resumed.state_dict()["param_groups"] == optimizer.state_dict()["param_groups"]


# -- parameter groups ------------------------------------------------------------------------
def _groups_run(library: Any, name: str, late_group: bool) -> Any:
    model = _model(library)
    first, second = list(model[0].parameters()), list(model[2].parameters())
    group_options = {
        "Adam": ({"betas": (0.5, 0.9)}, {"lr": 0.05, "amsgrad": True}),
        "AdamW": ({"weight_decay": 0.5}, {"lr": 0.05, "eps": 1e-4}),
        "RMSprop": ({"momentum": 0.9}, {"lr": 0.005, "centered": True}),
        "Adagrad": ({"lr_decay": 0.1}, {"lr": 0.2, "initial_accumulator_value": 1.0}),
        "Adadelta": ({"rho": 0.5}, {"lr": 0.2, "weight_decay": 0.1}),
        "Adamax": ({"betas": (0.5, 0.9)}, {"lr": 0.05, "eps": 1e-4}),
        "NAdam": (
            {"momentum_decay": 0.01},
            {"lr": 0.05, "decoupled_weight_decay": True, "weight_decay": 0.1},
        ),
        "RAdam": ({"betas": (0.5, 0.6)}, {"lr": 0.05, "weight_decay": 0.1}),
        "ASGD": ({"lambd": 0.01}, {"lr": 0.05, "t0": 3}),
        "Rprop": ({"etas": (0.4, 1.1)}, {"lr": 0.05, "step_sizes": (1e-4, 1.0)}),
    }[name]
    optimizer_class = getattr(library.optim, name)
    if late_group:
        optimizer = optimizer_class([{"params": first, **group_options[0]}], lr=0.01)
        optimizer.add_param_group({"params": second, **group_options[1]})
    else:
        optimizer = optimizer_class(
            [{"params": first, **group_options[0]}, {"params": second, **group_options[1]}],
            lr=0.01,
        )
    return _train(library, model, optimizer, STEPS), optimizer


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("late_group", [False, True], ids=["constructor", "add_param_group"])
def test_param_groups_with_their_own_options(name: str, late_group: bool):
    expected, torch_optimizer = _groups_run(torch, name, late_group)
    got, optimizer = _groups_run(rungrad, name, late_group)
    _assert_trajectories_close(got, expected)
    assert _structure(optimizer.state_dict()) == _structure(torch_optimizer.state_dict())


# -- construction errors ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "construction",
    [
        "Adam([w], lr=-1)",
        "Adam([w], eps=-1e-8)",
        "Adam([w], betas=(1.0, 0.999))",
        "Adam([w], betas=(0.9, -0.1))",
        "Adam([w], weight_decay=-1)",
        "Adam([w], lr=-1, eps=-1, weight_decay=-1)",
        "Adam([w], betas=(0.9,))",
        "Adam(w)",
        "Adam([])",
        "AdamW([w], lr=-0.5)",
        "AdamW([w], betas=(0.9, 1.0))",
        "AdamW([w], weight_decay=-0.01)",
        "AdamW([w], decoupled_weight_decay=False)",
        "RMSprop([w], lr=-1)",
        "RMSprop([w], eps=-1)",
        "RMSprop([w], momentum=-1)",
        "RMSprop([w], weight_decay=-1)",
        "RMSprop([w], alpha=-1)",
        "RMSprop([w], alpha=-1, momentum=-1)",
        "Adagrad([w], lr=-1)",
        "Adagrad([w], lr_decay=-1)",
        "Adagrad([w], weight_decay=-1)",
        "Adagrad([w], initial_accumulator_value=-1)",
        "Adagrad([w], eps=-1)",
        "Adagrad([w], eps=-1, lr_decay=-1)",
        "Adadelta([w], lr=-1)",
        "Adadelta([w], rho=1.5)",
        "Adadelta([w], eps=-1)",
        "Adadelta([w], weight_decay=-1)",
        "Adamax([w], lr=-1)",
        "Adamax([w], eps=-1)",
        "Adamax([w], betas=(1.0, 0.9))",
        "Adamax([w], betas=(0.9, 1.0))",
        "Adamax([w], weight_decay=-1)",
        "NAdam([w], lr=-1)",
        "NAdam([w], betas=(0.9, -1))",
        "NAdam([w], momentum_decay=-1)",
        "RAdam([w], eps=-1)",
        "RAdam([w], weight_decay=-1)",
        "ASGD([w], lr=-1)",
        "ASGD([w], weight_decay=-1)",
        "Rprop([w], lr=-1)",
        "Rprop([w], etas=(1.5, 1.2))",
        "Rprop([w], etas=(0.5, 0.9))",
    ],
)
def test_construction_errors_match_torch(construction: str):
    def program(torch, emit):
        w = torch.zeros(2, requires_grad=True)
        emit(eval("torch.optim." + construction, {"torch": torch, "w": w}))

    assert "raised" in same(program)


@pytest.mark.parametrize("value", ["'a'", "None"])
@pytest.mark.parametrize(
    "construction",
    [
        "Adam([w], lr={})",
        "AdamW([w], eps={})",
        "RMSprop([w], alpha={})",
        "Adagrad([w], initial_accumulator_value={})",
        "Adadelta([w], weight_decay={})",
        "NAdam([w], momentum_decay={})",
        "ASGD([w], lr={})",
        "Rprop([w], lr={})",
        "LBFGS([w], lr={})",
        "SGD([w], lr={})",
    ],
)
def test_options_of_the_wrong_type_fail_as_in_torch(construction: str, value: str):
    """PyTorch compares ``0.0 <= value``, so its TypeError names ``<=`` and float first."""

    def program(torch, emit):
        w = torch.zeros(2, requires_grad=True)
        emit(eval("torch.optim." + construction.format(value), {"torch": torch, "w": w}))

    assert "raised" in same(program)


@pytest.mark.parametrize("name", NAMES)
def test_defaults_match_torch(name: str):
    def program(torch, emit):
        optimizer = getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)])
        emit(optimizer.defaults)
        emit(optimizer.param_groups[0].keys())

    same(program)


def test_load_state_dict_casts_state_to_parameter_dtype():
    import torch

    import rungrad

    results = []
    for lib in (torch, rungrad):
        param = lib.zeros(2, requires_grad=True)
        param.grad = lib.ones(2)
        optimizer = lib.optim.Adam([param])
        state = {
            0: {
                "step": lib.tensor(3.0),
                "exp_avg": lib.ones(2, dtype=lib.float64),
                "exp_avg_sq": lib.ones(2, dtype=lib.float64),
            }
        }
        optimizer.load_state_dict(
            {"state": state, "param_groups": optimizer.state_dict()["param_groups"]}
        )
        loaded = optimizer.state[param]
        optimizer.step()
        results.append(
            (str(loaded["exp_avg"].dtype), str(loaded["step"].dtype), param.detach().tolist())
        )
    torch_result, rungrad_result = results
    assert torch_result[:2] == tuple(s.replace("rungrad", "torch") for s in rungrad_result[:2])
    assert torch_result[2] == rungrad_result[2]


@pytest.mark.parametrize(
    ("name", "options", "exact_state"),
    [
        ("Adam", {"lr": 0.01, "betas": (0.3, 0.9)}, ("exp_avg", "exp_avg_sq")),
        ("AdamW", {"lr": 0.01, "betas": (0.8, 0.99)}, ("exp_avg", "exp_avg_sq")),
        ("RMSprop", {"lr": 0.01, "centered": True}, ("square_avg", "grad_avg")),
        ("Adadelta", {}, ("square_avg",)),
        ("Adamax", {"lr": 0.01, "weight_decay": 0.1}, ("exp_avg", "exp_inf", "param")),
    ],
)
def test_fused_updates_round_as_torch(name: str, options: dict[str, Any], exact_state) -> None:
    """addcmul and lerp round once, as PyTorch's fused multiply-adds: given the same
    gradients, moment estimates are PyTorch's bit for bit (and so are parameters whose update
    takes no square root, a float32 rounding that PyTorch's kernel does not always get
    right)."""
    _check_fused_updates(name, options, exact_state, ())
    _check_fused_updates(name, options, exact_state, (37,))


def _check_fused_updates(name: str, options: dict[str, Any], exact_state, shape) -> None:
    rng = np.random.default_rng(37)
    start = rng.standard_normal(shape).astype(np.float32)
    gradients = [rng.standard_normal(shape).astype(np.float32) * 3 for _ in range(30)]
    histories = []
    for library in (torch, rungrad):
        param = library.tensor(start.copy(), requires_grad=True)
        optimizer = getattr(library.optim, name)([param], **options)
        history = []
        for gradient in gradients:
            param.grad = library.tensor(gradient)
            optimizer.step()
            state = {key: value for key, value in optimizer.state[param].items() if key != "step"}
            state["param"] = param.detach()
            history.append({key: value.numpy().copy() for key, value in state.items()})
        histories.append(history)
    for step, (expected, actual) in enumerate(zip(*histories)):
        for key in exact_state:
            np.testing.assert_array_equal(actual[key], expected[key], err_msg=f"{key} {step}")
        for key in expected:
            np.testing.assert_allclose(actual[key], expected[key], rtol=RTOL, atol=ATOL)
