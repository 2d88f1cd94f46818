"""optim.lr_scheduler against torch.optim.lr_scheduler: the same learning-rate sequences,
warnings, errors and state dicts."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
import torch
from transcripts import same

import rungrad

STEPS = 30


def _optimizer(library: Any, name: str = "SGD") -> Any:
    first = library.zeros(2, requires_grad=True)
    second = library.zeros(3, requires_grad=True)
    options = {"momentum": 0.9} if name == "SGD" else {}
    groups = [{"params": [first]}, {"params": [second], "lr": 0.05}]
    return getattr(library.optim, name)(groups, lr=0.1, **options)


def _momentum(group: dict[str, Any]) -> float:
    return group["betas"][0] if "betas" in group else group["momentum"]


def _sequence(library: Any, make: Callable[[Any, Any], Any], optimizer_name: str = "SGD",
              metrics: list[float] | None = None) -> tuple[list[list[float]], Any]:  # fmt: skip
    optimizer = _optimizer(library, optimizer_name)
    scheduler = make(library.optim.lr_scheduler, optimizer)
    rates = [list(scheduler.get_last_lr())]
    for step in range(STEPS):
        optimizer.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[step])
        rates.append(
            [group["lr"] for group in optimizer.param_groups]
            + [_momentum(group) for group in optimizer.param_groups]
            + list(scheduler.get_last_lr())
        )
    return rates, scheduler


def _assert_close(got: list[list[float]], expected: list[list[float]]) -> None:
    assert len(got) == len(expected)
    for step, (mine, theirs) in enumerate(zip(got, expected)):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):
            assert math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-12), (step, mine, theirs)


SCHEDULES: dict[str, Callable[[Any, Any], Any]] = {
    "StepLR": lambda L, o: L.StepLR(o, step_size=4, gamma=0.5),
    "StepLR-1": lambda L, o: L.StepLR(o, 1),
    "MultiStepLR": lambda L, o: L.MultiStepLR(o, milestones=[3, 7, 7, 20], gamma=0.3),
    "ExponentialLR": lambda L, o: L.ExponentialLR(o, gamma=0.9),
    "CosineAnnealingLR": lambda L, o: L.CosineAnnealingLR(o, T_max=7, eta_min=0.001),
    "CosineAnnealingLR-long": lambda L, o: L.CosineAnnealingLR(o, T_max=40),
    "LambdaLR": lambda L, o: L.LambdaLR(o, lambda epoch: 1 / (epoch + 1)),
    "LambdaLR-per-group": lambda L, o: L.LambdaLR(
        o, [lambda epoch: 0.95**epoch, lambda epoch: 1 + epoch % 3]
    ),
    "LinearLR": lambda L, o: L.LinearLR(o),
    "LinearLR-decay": lambda L, o: L.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=12),
    "OneCycleLR": lambda L, o: L.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=STEPS),
    "OneCycleLR-linear": lambda L, o: L.OneCycleLR(
        o, max_lr=0.8, epochs=3, steps_per_epoch=10, anneal_strategy="linear", pct_start=0.4
    ),
    "OneCycleLR-three-phase": lambda L, o: L.OneCycleLR(
        o,
        max_lr=1.0,
        total_steps=STEPS,
        three_phase=True,
        div_factor=10.0,
        final_div_factor=100.0,
        base_momentum=[0.8, 0.7],
        max_momentum=0.9,
    ),
    "OneCycleLR-no-momentum": lambda L, o: L.OneCycleLR(
        o, max_lr=1.0, total_steps=STEPS, cycle_momentum=False
    ),
    "MultiplicativeLR": lambda L, o: L.MultiplicativeLR(o, lambda epoch: 0.9 + 0.01 * (epoch % 3)),
    "ConstantLR": lambda L, o: L.ConstantLR(o, factor=0.25, total_iters=4),
    "PolynomialLR": lambda L, o: L.PolynomialLR(o, total_iters=12, power=2.0),
    "CosineAnnealingWarmRestarts": lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=4),
    "CosineAnnealingWarmRestarts-mult": lambda L, o: L.CosineAnnealingWarmRestarts(
        o, T_0=2, T_mult=3, eta_min=0.01
    ),
    "CyclicLR": lambda L, o: L.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.2], step_size_up=3),
    "CyclicLR-triangular2": lambda L, o: L.CyclicLR(
        o, 0.01, 0.1, step_size_up=2, step_size_down=5, mode="triangular2", base_momentum=0.7
    ),
    "CyclicLR-exp-range": lambda L, o: L.CyclicLR(o, 0.01, 0.1, 4, mode="exp_range", gamma=0.95),
    "CyclicLR-scale-fn": lambda L, o: L.CyclicLR(
        o,
        0.01,
        0.1,
        3,
        scale_fn=lambda x: 1 / (x + 1),
        scale_mode="iterations",
        cycle_momentum=False,
    ),
}

# Schedules of schedules: their state dicts hold their schedulers' state dicts.
COMPOSITE_SCHEDULES: dict[str, Callable[[Any, Any], Any]] = {
    "SequentialLR": lambda L, o: L.SequentialLR(
        o, [L.LinearLR(o, start_factor=0.1, total_iters=4), L.ExponentialLR(o, 0.9)], [4]
    ),
    "SequentialLR-three": lambda L, o: L.SequentialLR(
        o,
        [L.ConstantLR(o, factor=0.5, total_iters=2), L.StepLR(o, 3), L.CosineAnnealingLR(o, 6)],
        milestones=[3, 9],
    ),
    "ChainedScheduler": lambda L, o: L.ChainedScheduler(
        [L.ConstantLR(o, factor=0.1, total_iters=5), L.ExponentialLR(o, gamma=0.9)]
    ),
}


@pytest.mark.parametrize("optimizer_name", ["SGD", "Adam"])
@pytest.mark.parametrize("schedule", list(SCHEDULES))
def test_sequence_matches_torch(schedule: str, optimizer_name: str):
    expected, torch_scheduler = _sequence(torch, SCHEDULES[schedule], optimizer_name)
    got, scheduler = _sequence(rungrad, SCHEDULES[schedule], optimizer_name)
    _assert_close(got, expected)
    assert scheduler.last_epoch == torch_scheduler.last_epoch == STEPS


METRICS = [5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"patience": 2},
        {"patience": 1, "cooldown": 2, "factor": 0.5, "min_lr": [0.01, 0.02]},
        {"mode": "max", "threshold_mode": "abs", "threshold": 0.5, "patience": 0},
        {"mode": "max", "patience": 3, "min_lr": 0.004, "eps": 1e-3},
        {"threshold_mode": "abs", "threshold": 1.5, "patience": 1},
    ],
    ids=str,
)
def test_reduce_lr_on_plateau_matches_torch(options: dict[str, Any]):
    def make(L: Any, optimizer: Any) -> Any:
        return L.ReduceLROnPlateau(optimizer, **options)

    expected, torch_scheduler = _sequence(torch, make, metrics=METRICS)
    got, scheduler = _sequence(rungrad, make, metrics=METRICS)
    _assert_close(got, expected)
    assert scheduler.state_dict() == torch_scheduler.state_dict()


@pytest.mark.parametrize("schedule", list(COMPOSITE_SCHEDULES))
def test_composite_schedules_match_torch(schedule: str):
    expected, _ = _sequence(torch, COMPOSITE_SCHEDULES[schedule])
    got, _ = _sequence(rungrad, COMPOSITE_SCHEDULES[schedule])
    _assert_close(got, expected)

    def program(torch, emit):
        optimizer = _optimizer(torch)
        scheduler = COMPOSITE_SCHEDULES[schedule](torch.optim.lr_scheduler, optimizer)
        for _ in range(10):
            optimizer.step()
            scheduler.step()
        emit(scheduler.state_dict())

    same(program)


def test_sequential_lr_switches_without_warnings_or_counted_steps():
    def program(torch, emit):
        L = torch.optim.lr_scheduler
        optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        second = L.ExponentialLR(optimizer, 0.5)
        scheduler = L.SequentialLR(optimizer, [L.ConstantLR(optimizer, 0.5, 1), second], [2])
        for _ in range(4):
            optimizer.step()
            scheduler.step()
            emit(scheduler.get_last_lr())
        emit(second.state_dict())

    same(program)


def test_warm_restarts_with_fractional_epochs_match_torch():
    def program(torch, emit):
        optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.5)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, 2, T_mult=3)
        for epoch in (0.5, 1.5, 2.0, 4.5, 7.25, 30, 3):
            scheduler.step(epoch)
            emit(scheduler.get_last_lr(), scheduler.T_cur, scheduler.T_i, scheduler.last_epoch)
        emit(scheduler.state_dict())

    same(program)


def test_chained_schedulers_match_torch():
    def make(L: Any, optimizer: Any) -> Any:
        L.ExponentialLR(optimizer, gamma=0.9)
        return L.MultiStepLR(optimizer, milestones=[5, 10], gamma=0.1)

    optimizers = []
    for library in (torch, rungrad):
        optimizer = _optimizer(library)
        first = library.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
        second = library.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6)
        rates = []
        for _ in range(STEPS):
            optimizer.step()
            first.step()
            second.step()
            rates.append([group["lr"] for group in optimizer.param_groups])
        optimizers.append(rates)
    _assert_close(optimizers[1], optimizers[0])


@pytest.mark.parametrize(
    "schedule", ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR"]
)
def test_deprecated_step_with_epoch_uses_the_closed_form(schedule: str):
    def program(torch, emit):
        optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = SCHEDULES[schedule](torch.optim.lr_scheduler, optimizer)
        for epoch in (3, 7, 2, 12, 12):
            optimizer.step()
            scheduler.step(epoch)
            emit(epoch, f"{scheduler.get_last_lr()[0]:.12g}", scheduler.last_epoch)

    same(program)


def _interrupted(library: Any, make: Callable[[Any, Any], Any]) -> tuple[list[Any], Any]:
    """Run half the schedule, checkpoint, rebuild optimizer and scheduler, load, finish."""
    optimizer = _optimizer(library)
    scheduler = make(library.optim.lr_scheduler, optimizer)
    rates = []
    for _ in range(STEPS // 2):
        optimizer.step()
        scheduler.step()
        rates.append(list(scheduler.get_last_lr()))
    checkpoint = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()}
    resumed_optimizer = _optimizer(library)
    resumed = make(library.optim.lr_scheduler, resumed_optimizer)
    resumed_optimizer.load_state_dict(checkpoint["optimizer"])
    resumed.load_state_dict(checkpoint["scheduler"])
    for _ in range(STEPS - STEPS // 2):
        resumed_optimizer.step()
        resumed.step()
        rates.append([group["lr"] for group in resumed_optimizer.param_groups])
    return rates, resumed


@pytest.mark.parametrize("schedule", list(SCHEDULES))
def test_state_dict_like_torch_and_resumes(schedule: str):
    expected, torch_scheduler = _interrupted(torch, SCHEDULES[schedule])
    got, scheduler = _interrupted(rungrad, SCHEDULES[schedule])
    _assert_close(got, expected)
    expected_state, state = torch_scheduler.state_dict(), scheduler.state_dict()
    assert list(state) == list(expected_state)
    for key in ("last_epoch", "_step_count", "_is_initial", "_get_lr_called_within_step"):
        assert state[key] == expected_state[key]
    _assert_close([state["base_lrs"], state["_last_lr"]],
                  [expected_state["base_lrs"], expected_state["_last_lr"]])  # fmt: skip


def test_lambda_lr_state_dict_keeps_callable_objects_state():
    def program(torch, emit):
        class Warmup:
            def __init__(self, steps):
                self.steps = steps

            def __call__(self, epoch):
                return min(1.0, (epoch + 1) / self.steps)

        optimizer = _optimizer(torch)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, [Warmup(4), lambda e: 0.5])
        state = scheduler.state_dict()
        emit(state["lr_lambdas"], state["base_lrs"], state["last_epoch"])
        state["lr_lambdas"][0]["steps"] = 2
        other = torch.optim.lr_scheduler.LambdaLR(_optimizer(torch), [Warmup(4), lambda e: 0.5])
        other.load_state_dict(state)
        emit(other.lr_lambdas[0].steps, other.get_last_lr())

    same(program)


# -- warnings ----------------------------------------------------------------------------
def test_warns_when_scheduler_steps_before_optimizer():
    def program(torch, emit):
        optimizer = _optimizer(torch)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 2)
        scheduler.step()
        optimizer.step()
        scheduler.step()
        emit(scheduler.get_last_lr())

    assert "Detected call of `lr_scheduler.step()` before `optimizer.step()`" in same(program)


def test_no_warning_in_the_right_order():
    def program(torch, emit):
        optimizer = _optimizer(torch, "Adam")
        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, 0.5)
        for _ in range(3):
            optimizer.step()
            scheduler.step()
        emit(scheduler.get_last_lr())

    assert "Warning" not in same(program)


def test_warns_when_optimizer_step_was_replaced():
    def program(torch, emit):
        optimizer = _optimizer(torch)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 2)
        optimizer.step = lambda closure=None: None
        optimizer.step()
        scheduler.step()

    assert "has been overridden" in same(program)


def test_get_lr_outside_step_warns_and_step_with_epoch_is_deprecated():
    def program(torch, emit):
        optimizer = _optimizer(torch)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, 10)
        optimizer.step()
        emit(scheduler.get_lr())
        scheduler.step(4)
        emit(scheduler.get_last_lr())

    same(program)


def test_scheduler_sets_initial_lr_and_resumes_from_last_epoch():
    def program(torch, emit):
        optimizer = _optimizer(torch)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 3)
        emit([group["initial_lr"] for group in optimizer.param_groups], scheduler.base_lrs)
        for name, make in [
            ("step", lambda o: torch.optim.lr_scheduler.StepLR(o, 3, last_epoch=5)),
            ("exp", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.5, last_epoch=5)),
            ("cos", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, last_epoch=5)),
            ("linear", lambda o: torch.optim.lr_scheduler.LinearLR(o, last_epoch=2)),
            ("lambda", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: e, last_epoch=3)),
        ]:
            resumed_optimizer = _optimizer(torch)
            for group in resumed_optimizer.param_groups:
                group["initial_lr"] = 0.5
            resumed = make(resumed_optimizer)
            rates = [resumed.get_last_lr()]
            for _ in range(4):
                resumed_optimizer.step()
                resumed.step()
                rates.append([f"{lr:.12g}" for lr in resumed.get_last_lr()])
            emit(name, resumed.last_epoch, rates)
        torch.optim.lr_scheduler.StepLR(_optimizer(torch), 3, last_epoch=2)

    assert "KeyError" in same(program)


def test_resetting_last_epoch_by_hand_matches_torch():
    def program(torch, emit):
        for make in list(SCHEDULES.values())[:10]:
            optimizer = _optimizer(torch)
            scheduler = make(torch.optim.lr_scheduler, optimizer)
            optimizer.step()
            scheduler.step()
            scheduler.last_epoch = -1
            for _ in range(3):
                optimizer.step()
                scheduler.step()
            emit([f"{lr:.12g}" for lr in scheduler.get_last_lr()])

    same(program)


# -- errors ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "construction",
    [
        "L.StepLR(None, 3)",
        "L.StepLR(o, 3, last_epoch=4)",
        "L.LambdaLR(o, [lambda e: 1.0])",
        "L.LinearLR(o, start_factor=0)",
        "L.LinearLR(o, start_factor=1.5)",
        "L.LinearLR(o, end_factor=-0.1)",
        "L.OneCycleLR(o, 1.0)",
        "L.OneCycleLR(o, 1.0, epochs=3)",
        "L.OneCycleLR(o, 1.0, total_steps=0)",
        "L.OneCycleLR(o, 1.0, total_steps=2.5)",
        "L.OneCycleLR(o, 1.0, epochs=0, steps_per_epoch=2)",
        "L.OneCycleLR(o, 1.0, epochs=2, steps_per_epoch=-1)",
        "L.OneCycleLR(o, 1.0, total_steps=10, pct_start=2)",
        "L.OneCycleLR(o, 1.0, total_steps=10, pct_start=1)",
        "L.OneCycleLR(o, 1.0, total_steps=10, anneal_strategy='step')",
        "L.OneCycleLR(o, [1.0, 2.0, 3.0], total_steps=10)",
        "L.OneCycleLR(o, 1.0, total_steps=10, max_momentum=[0.9])",
        "L.OneCycleLR(torch.optim.Adagrad([torch.zeros(1, requires_grad=True)]), 1.0, 10)",
        "L.ReduceLROnPlateau(None)",
        "L.ReduceLROnPlateau(o, factor=1.0)",
        "L.ReduceLROnPlateau(o, mode='average')",
        "L.ReduceLROnPlateau(o, threshold_mode='relative')",
        "L.ReduceLROnPlateau(o, min_lr=[0.1])",
        "L.LRScheduler(o)",
        "L.ConstantLR(o, factor=1.5)",
        "L.CosineAnnealingWarmRestarts(o, T_0=0)",
        "L.CosineAnnealingWarmRestarts(o, T_0=2.0)",
        "L.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0)",
        "L.CosineAnnealingWarmRestarts(o, T_0=2, eta_min='0')",
        "L.CosineAnnealingWarmRestarts(o, T_0=2).step(-1)",
        "L.CyclicLR(o, 0.1, 1.0, mode='triangle')",
        "L.CyclicLR(o, [0.1, 0.2, 0.3], 1.0)",
        "L.CyclicLR(torch.optim.Adagrad([torch.zeros(1, requires_grad=True)]), 0.1, 1.0)",
        "L.SequentialLR(o, [], milestones=[])",
        "L.SequentialLR(o, [L.StepLR(o, 1)], milestones=[2])",
        "L.SequentialLR(o, [L.StepLR(o, 1), L.ReduceLROnPlateau(o)], milestones=[2])",
        "L.SequentialLR(o, [L.StepLR(o, 1), L.StepLR(_optimizer(torch), 1)], milestones=[2])",
        "L.ChainedScheduler([])",
        "L.ChainedScheduler([L.StepLR(o, 1), L.StepLR(_optimizer(torch), 1)])",
    ],
)
def test_construction_errors_match_torch(construction: str):
    def program(torch, emit):
        o = _optimizer(torch)
        namespace = {
            "torch": torch,
            "L": torch.optim.lr_scheduler,
            "o": o,
            "_optimizer": _optimizer,
        }
        emit(eval(construction, namespace))

    assert "raised" in same(program)


def test_one_cycle_errors_past_its_total_steps():
    def program(torch, emit):
        optimizer = _optimizer(torch)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1.0, total_steps=3)
        for _ in range(4):
            optimizer.step()
            scheduler.step()
            emit(scheduler.get_last_lr())

    assert "Tried to step 4 times" in same(program)


def test_reduce_lr_on_plateau_after_a_new_param_group():
    def program(torch, emit):
        for min_lr in (0.0, [0.0, 0.0]):
            optimizer = _optimizer(torch)
            scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
                optimizer, patience=0, min_lr=min_lr
            )
            optimizer.add_param_group({"params": [torch.zeros(1, requires_grad=True)]})
            try:
                for metric in (3.0, 3.0, 3.0):
                    scheduler.step(metric)
                emit(scheduler.get_last_lr(), scheduler.min_lrs)
            except RuntimeError as error:
                emit(type(error).__name__, error)

    same(program)
