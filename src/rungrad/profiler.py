"""``rungrad.profiler``: PyTorch's newer profiler API over ``autograd.profiler``.

As there, only ``record_function`` ranges are recorded (rungrad's operators have no
dispatcher to hook); ``schedule``, ``step()`` and ``on_trace_ready`` are accepted so that
profiling loops run unchanged.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from .autograd import profiler as _autograd_profiler
from .autograd.profiler import record_function

__all__ = [
    "ProfilerAction",
    "ProfilerActivity",
    "profile",
    "record_function",
    "schedule",
    "tensorboard_trace_handler",
]


class ProfilerActivity(enum.Enum):
    """What a profile records (only the CPU exists here)."""

    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    """What a schedule says to do at a step."""

    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def schedule(
    *, wait: int, warmup: int, active: int, repeat: int = 0, skip_first: int = 0, **_: Any
) -> Callable[[int], ProfilerAction]:
    """schedule(wait, warmup, active, repeat=0, skip_first=0) -> the action for each step"""

    def action(step: int) -> ProfilerAction:
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        cycle = wait + warmup + active
        if repeat > 0 and step / cycle >= repeat:
            return ProfilerAction.NONE
        position = step % cycle
        if position < wait:
            return ProfilerAction.NONE
        if position < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if position < cycle - 1 else ProfilerAction.RECORD_AND_SAVE

    return action


def tensorboard_trace_handler(dir_name: str, worker_name: str | None = None, **_: Any) -> Any:
    """A handler writing each finished trace into ``dir_name`` (Chrome trace JSON)."""
    import os
    import time

    def handler(prof: profile) -> None:
        os.makedirs(dir_name, exist_ok=True)
        name = f"{worker_name or 'worker'}.{time.time_ns()}.pt.trace.json"
        prof.export_chrome_trace(os.path.join(dir_name, name))

    return handler


class profile(_autograd_profiler.profile):
    """profile(activities=None, schedule=None, on_trace_ready=None, ...)"""

    def __init__(
        self,
        activities: Any = None,
        schedule: Callable[[int], ProfilerAction] | None = None,
        on_trace_ready: Callable[[Any], Any] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(True, **options)
        self.activities = activities
        self.schedule = schedule
        self.on_trace_ready = on_trace_ready
        self.step_num = 0

    def _action(self) -> ProfilerAction:
        return ProfilerAction.RECORD if self.schedule is None else self.schedule(self.step_num)

    def start(self) -> None:
        self.__enter__()

    def stop(self) -> None:
        self.__exit__(None, None, None)

    def step(self) -> None:
        """Mark the end of a training step: the trace is ready when a saving step ends."""
        previous = self._action()
        self.step_num += 1
        if previous == ProfilerAction.RECORD_AND_SAVE and self.on_trace_ready is not None:
            self.on_trace_ready(self)

    def __exit__(self, *exc_info: object) -> None:
        super().__exit__(*exc_info)
        recording = (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE)
        if self.on_trace_ready is not None and self._action() in recording:
            self.on_trace_ready(self)
