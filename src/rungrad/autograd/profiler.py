"""``autograd.profiler``: time the ranges a program marks with ``record_function``.

PyTorch's profiler also records every operator it dispatches; rungrad's ops have no
dispatcher to hook, so a profile here holds the ``record_function`` ranges (and nothing
else). The API is PyTorch's: ``profile`` as a context manager, ``key_averages()``, and
``table()`` in PyTorch's layout, so profiling code runs unchanged; the times are this
program's own, never comparable to another run's.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["EventList", "FunctionEvent", "FunctionEventAvg", "profile", "record_function"]


class _Active(threading.local):
    profiles: list[profile]

    def __init__(self) -> None:
        self.profiles = []


_ACTIVE = _Active()


def _format_time(microseconds: float) -> str:
    """PyTorch's table format: 3 decimals, in s, ms or us."""
    if microseconds >= 1e6:
        return f"{microseconds / 1e6:.3f}s"
    if microseconds >= 1e3:
        return f"{microseconds / 1e3:.3f}ms"
    return f"{microseconds:.3f}us"


class FunctionEvent:
    """One timed range: its name, start and end (in microseconds), and the ranges in it."""

    def __init__(self, id: int, name: str, start_us: float, end_us: float = 0.0) -> None:
        self.id = id
        self.name = name
        self.key = name
        self.count = 1
        self.start_us = start_us
        self.end_us = end_us
        self.cpu_children: list[FunctionEvent] = []

    @property
    def cpu_time_total(self) -> float:
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self) -> float:
        return self.cpu_time_total - sum(child.cpu_time_total for child in self.cpu_children)

    @property
    def cpu_time(self) -> float:
        return self.cpu_time_total

    def __repr__(self) -> str:
        return (
            f"<FunctionEvent id={self.id} name={self.name} "
            f"cpu_time={_format_time(self.cpu_time_total)} "
            f"self_cpu_time={_format_time(self.self_cpu_time_total)}>"
        )


class FunctionEventAvg:
    """The events of one name added up (``key_averages``)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0

    def add(self, event: Any) -> FunctionEventAvg:
        self.count += event.count
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        return self

    @property
    def cpu_time(self) -> float:
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self) -> str:
        return (
            f"<FunctionEventAvg key={self.key} "
            f"self_cpu_time={_format_time(self.self_cpu_time_total)} "
            f"cpu_time={_format_time(self.cpu_time)}>"
        )


_COLUMNS = ("Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls")


class EventList(list):
    """A list of events, with PyTorch's summaries."""

    def key_averages(self, group_by_input_shape: bool = False) -> EventList:
        averages: dict[str, FunctionEventAvg] = {}
        for event in self:
            averages.setdefault(event.key, FunctionEventAvg(event.key)).add(event)
        return EventList(averages.values())

    def total_average(self) -> FunctionEventAvg:
        total = FunctionEventAvg("Total")
        for event in self:
            total.add(event)
        return total

    @property
    def self_cpu_time_total(self) -> float:
        return sum(event.self_cpu_time_total for event in self)

    def table(
        self,
        sort_by: str | None = None,
        row_limit: int = 100,
        max_src_column_width: int = 75,
        max_name_column_width: int = 55,
        max_shapes_column_width: int = 80,
        header: str | None = None,
        top_level_events_only: bool = False,
    ) -> str:
        """The events as PyTorch's text table (name, self and total CPU time, calls)."""
        events = list(self)
        if sort_by is not None:
            events.sort(key=lambda event: getattr(event, sort_by, 0.0), reverse=True)
        if row_limit > 0:
            events = events[:row_limit]
        total = self.self_cpu_time_total or 1.0
        name_width = max([len(event.key) for event in events] + [4]) + 4
        name_width = min(name_width, max_name_column_width)
        line = "-" * name_width + "  " + "  ".join("-" * 12 for _ in _COLUMNS) + "  "

        def row(cells: list[str]) -> str:
            return f"{cells[0]:>{name_width}}  " + "".join(f"{c:>12}  " for c in cells[1:])

        lines = [line] if header is None else [header, line]
        lines += [row(["Name", *_COLUMNS]), line]
        for event in events:
            cells = [
                event.key[:name_width],
                f"{100 * event.self_cpu_time_total / total:.2f}%",
                _format_time(event.self_cpu_time_total),
                f"{100 * event.cpu_time_total / total:.2f}%",
                _format_time(event.cpu_time_total),
                _format_time(event.cpu_time_total / max(event.count, 1)),
                str(event.count),
            ]
            lines.append(row(cells))
        lines += [line, f"Self CPU time total: {_format_time(self.self_cpu_time_total)}", ""]
        return "\n".join(lines)


class profile:
    """profile(enabled=True, *, use_cuda=False, record_shapes=False, ...)

    A context manager collecting the ``record_function`` ranges entered while it is active
    (see the module's docstring: operators themselves are not recorded here).
    """

    def __init__(self, enabled: bool = True, *, use_cuda: bool = False, **options: Any) -> None:
        self.enabled = enabled
        self.options = options
        self.function_events: EventList = EventList()
        self._stack: list[FunctionEvent] = []
        self._next_id = 0

    def __enter__(self) -> profile:
        if self.enabled:
            _ACTIVE.profiles.append(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.enabled and self in _ACTIVE.profiles:
            _ACTIVE.profiles.remove(self)

    def _open(self, name: str, now: float) -> FunctionEvent:
        self._next_id += 1
        event = FunctionEvent(self._next_id, name, now)
        (self._stack[-1].cpu_children if self._stack else self.function_events).append(event)
        self._stack.append(event)
        return event

    def _close(self, event: FunctionEvent, now: float) -> None:
        event.end_us = now
        if event in self._stack:
            self._stack.remove(event)

    def key_averages(self, group_by_input_shape: bool = False, **options: Any) -> EventList:
        return self._all_events().key_averages()

    def total_average(self) -> FunctionEventAvg:
        return self._all_events().total_average()

    def table(self, **options: Any) -> str:
        return self.key_averages().table(**options)

    @property
    def self_cpu_time_total(self) -> float:
        return self._all_events().self_cpu_time_total

    def _all_events(self) -> EventList:
        events: EventList = EventList()
        pending = list(self.function_events)
        while pending:
            event = pending.pop(0)
            events.append(event)
            pending[:0] = event.cpu_children
        return events

    def export_chrome_trace(self, path: str) -> None:
        """Write the ranges in the Chrome trace format (complete events, in microseconds)."""
        import json

        trace = [
            {"name": e.name, "ph": "X", "ts": e.start_us, "dur": e.cpu_time_total, "pid": 0}
            for e in self._all_events()
        ]
        with open(path, "w") as file:
            json.dump({"traceEvents": trace}, file)

    def __repr__(self) -> str:
        return repr(self._all_events())

    def __str__(self) -> str:
        return self.table()


class record_function:
    """record_function(name): a named range in the active profiles (also a decorator)."""

    def __init__(self, name: str, args: str | None = None) -> None:
        self.name = name
        self.args = args
        self._events: list[tuple[profile, FunctionEvent]] = []

    def __enter__(self) -> record_function:
        now = time.perf_counter() * 1e6
        self._events = [(p, p._open(self.name, now)) for p in _ACTIVE.profiles]
        return self

    def __exit__(self, *exc_info: object) -> None:
        now = time.perf_counter() * 1e6
        for owner, event in self._events:
            owner._close(event, now)
        self._events = []

    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with record_function(self.name, self.args):
                return function(*args, **kwargs)

        return wrapper
