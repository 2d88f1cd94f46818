"""Anomaly detection: find the forward operation behind a failing or NaN-producing backward.

While enabled, every node records the stack of the forward call that created it, and the
engine checks each node's gradients for NaN: a NaN raises naming the node, and any error in
a node's backward is preceded by a warning that prints that forward traceback.
"""

from __future__ import annotations

import os
import traceback
import warnings
from typing import Any

__all__ = [
    "detect_anomaly",
    "is_anomaly_check_nan_enabled",
    "is_anomaly_enabled",
    "set_detect_anomaly",
]


class _AnomalyState:
    enabled = False
    check_nan = True


STATE = _AnomalyState()

_ENABLED_WARNING = (
    "Anomaly Detection has been enabled. This mode will increase the runtime and should only "
    "be enabled for debugging."
)


def is_anomaly_enabled() -> bool:
    """True while anomaly detection is on."""
    return STATE.enabled


def is_anomaly_check_nan_enabled() -> bool:
    return STATE.check_nan


class detect_anomaly:
    """detect_anomaly(check_nan=True): context manager enabling anomaly detection (not a
    decorator: PyTorch's is a plain class)."""

    def __init__(self, check_nan: bool = True) -> None:
        self.prev = STATE.enabled
        self.check_nan = check_nan
        self.prev_check_nan = STATE.check_nan
        warnings.warn(_ENABLED_WARNING, UserWarning, stacklevel=2)

    def __enter__(self) -> None:
        self.prev, self.prev_check_nan = STATE.enabled, STATE.check_nan
        STATE.enabled, STATE.check_nan = True, self.check_nan

    def __exit__(self, *exc_info: object) -> None:
        STATE.enabled, STATE.check_nan = self.prev, self.prev_check_nan


class set_detect_anomaly:
    """set_detect_anomaly(mode, check_nan=True): turn anomaly detection on or off; also a
    context manager that restores the previous setting."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev, self.prev_check_nan = STATE.enabled, STATE.check_nan
        self.mode, self.check_nan = mode, check_nan
        STATE.enabled, STATE.check_nan = mode, check_nan

    def __enter__(self) -> None:
        STATE.enabled, STATE.check_nan = self.mode, self.check_nan

    def __exit__(self, *exc_info: object) -> None:
        STATE.enabled, STATE.check_nan = self.prev, self.prev_check_nan


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_RUNNER = os.path.join(_PACKAGE, "_dropin.py")


def _user_frames(stack: traceback.StackSummary) -> list[traceback.FrameSummary]:
    """The frames PyTorch would show: without those of ``python -m rungrad run`` (which
    PyTorch has no equivalent of) before the script's, nor rungrad's own recording frames
    after the user's call (PyTorch records from C++, below any Python frame)."""
    frames = list(stack)
    start = 0
    for index, frame in enumerate(frames):
        if frame.filename == _RUNNER:
            start = index + 1
    while 0 < start < len(frames) and frames[start].filename == "<frozen runpy>":
        start += 1
    end = len(frames)
    while end > start and frames[end - 1].filename.startswith(_PACKAGE):
        end -= 1
    return frames[start:end]


def record_forward_stack(node: Any) -> None:
    """Remember where ``node`` was created (called for every node while enabled)."""
    frames = _user_frames(traceback.extract_stack())
    node.metadata["traceback_"] = traceback.format_list(frames)


def warn_forward_stack(node: Any) -> None:
    """The warning PyTorch prints before re-raising an error from a node's backward."""
    stack = node.metadata.get("traceback_") if node._metadata else None
    if stack is None:  # the node was made before anomaly detection was turned on
        message = (
            f"Error detected in {node.name()}. No forward pass information available. Enable "
            "detect anomaly during forward pass for more information. (Triggered internally at "
            "/__w/pytorch/pytorch/torch/csrc/autograd/python_anomaly_mode.cpp:100.)"
        )
    else:
        message = (
            f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
            f"{''.join(stack)} (Triggered internally at "
            "/__w/pytorch/pytorch/torch/csrc/autograd/python_anomaly_mode.cpp:122.)"
        )
    warnings.warn(message, UserWarning, stacklevel=2)


def check_nan(node: Any, grads: Any) -> None:
    """Raise PyTorch's error if a gradient the node produced contains NaN."""
    import numpy as np

    for index, grad in enumerate(grads):
        if grad is not None and np.isnan(grad._data).any():
            raise RuntimeError(
                f"Function '{node.name()}' returned nan values in its {index}th output."
            )
