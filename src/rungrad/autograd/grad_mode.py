"""Grad modes: whether new operations are recorded for autograd (thread-local).

``no_grad``, ``enable_grad``, ``set_grad_enabled`` and ``inference_mode`` work as context
managers and as decorators, with or without parentheses where PyTorch allows it.
"""

from __future__ import annotations

import functools
import inspect
import threading
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "enable_grad",
    "inference_mode",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "is_multithreading_enabled",
    "is_view_replay_enabled",
    "no_grad",
    "set_grad_enabled",
    "set_multithreading_enabled",
]

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    # Class attributes are the defaults every new thread starts from.
    enabled = True  # whether ops record: grad mode, and not inference mode
    inference = False
    # The grad mode the context managers set, which ``is_grad_enabled`` reports. It differs
    # from ``enabled`` inside inference mode, where ``enable_grad`` turns grad mode on but
    # nothing is recorded (NOTE [Grad mode inside inference mode]).
    grad = True


# NOTE [Grad mode inside inference mode]
# As in PyTorch, ``enable_grad`` (or ``set_grad_enabled(True)``) inside ``inference_mode``
# makes ``is_grad_enabled()`` True, yet ops still make inference tensors that do not require
# grad. The context managers keep the requested mode in ``STATE.grad`` and set
# ``STATE.enabled``, which the hot path reads, to ``grad and not inference``. The engine and
# the saved-tensor hooks switch ``enabled`` alone for their own work, so ``is_grad_enabled``
# combines the two: ``enabled``, or the requested mode inside inference mode.


def _set_grad(mode: bool) -> None:
    STATE.grad = mode
    STATE.enabled = mode and not STATE.inference


STATE = _GradState()


class OpenBlocks:
    """How many blocks of some mode are open, in all threads together. While none is (nearly
    always), code on the hot path knows the mode is off without reading the thread-local
    state, a lookup that would cost every op or tensor. ``enter`` and ``exit`` count one.
    """

    __slots__ = ("lock", "open")  # a slot: the cheapest attribute for CPython to read

    def __init__(self) -> None:
        self.open = 0
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.open += 1

    def exit(self) -> None:
        with self.lock:
            self.open -= 1


# Open ``inference_mode`` blocks: a new tensor reads the mode only while there is one
# (NOTE [Inference tensors]).
INFERENCE_BLOCKS = OpenBlocks()


def is_grad_enabled() -> bool:
    """True if grad mode is on (inside inference mode, ops record nothing even then)."""
    return STATE.enabled or (STATE.inference and STATE.grad)


def is_inference_mode_enabled() -> bool:
    """True inside an ``inference_mode()`` block."""
    return STATE.inference


class _DecoratorContextManager:
    """A context manager that can also decorate functions and generator functions."""

    def __call__(self, func: F) -> F:
        if inspect.isclass(func):
            warnings.warn(
                "Decorating classes is deprecated and will be disabled in future versions. You "
                "should only decorate functions or methods. To preserve the current behavior of "
                "class decoration, you can directly decorate the `__init__` method and nothing "
                "else.",
                FutureWarning,
                stacklevel=2,
            )
            cls = func
            # A lambda, as PyTorch's: the decorated class prints as one
            func = lambda *args, **kwargs: cls(*args, **kwargs)  # type: ignore[assignment] # noqa: E731
        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)  # type: ignore[return-value]

        def decorate_context(*args: Any, **kwargs: Any) -> Any:
            with self.clone():
                return func(*args, **kwargs)

        # PyTorch's wrapper's name, seen when ``func`` has none of its own (no_grad(True))
        decorate_context.__qualname__ = "context_decorator.<locals>.decorate_context"
        return functools.update_wrapper(decorate_context, func)  # type: ignore[return-value]

    def _wrap_generator(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def generator(*args: Any, **kwargs: Any) -> Any:
            # The mode must hold while the generator body runs, not while it is suspended.
            gen = func(*args, **kwargs)
            try:
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException as error:
                        with self.clone():
                            response = gen.throw(error)
                    else:
                        with self.clone():
                            response = gen.send(request)
            except StopIteration as stop:
                return stop.value

        return generator

    def clone(self) -> _DecoratorContextManager:
        return self.__class__()

    def __enter__(self) -> None:
        raise NotImplementedError

    def __exit__(self, *exc_info: object) -> None:
        raise NotImplementedError


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """Also allows the bare decorator form ``@no_grad`` (without parentheses)."""

    def __new__(cls, orig_func: Callable[..., Any] | None = None) -> Any:
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamDecoratorContextManager):
    """Context manager and decorator that disables gradient recording.

    Example::

        >>> import rungrad as torch
        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> with torch.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    def __init__(self) -> None:
        self.prev = (False, False)

    def __enter__(self) -> None:
        self.prev = (STATE.grad, STATE.enabled)
        STATE.grad = STATE.enabled = False

    def __exit__(self, *exc_info: object) -> None:
        STATE.grad, STATE.enabled = self.prev


class enable_grad(_NoParamDecoratorContextManager):
    """Context manager and decorator that enables gradient recording (e.g. inside ``no_grad``)."""

    def __init__(self) -> None:
        self.prev = (False, False)

    def __enter__(self) -> None:
        self.prev = (STATE.grad, STATE.enabled)
        _set_grad(True)

    def __exit__(self, *exc_info: object) -> None:
        STATE.grad, STATE.enabled = self.prev


class set_grad_enabled(_DecoratorContextManager):
    """set_grad_enabled(mode) -> enables or disables recording.

    Takes effect immediately when called as a function; as a context manager or decorator the
    previous mode is restored on exit.
    """

    def __init__(self, mode: bool) -> None:
        if not isinstance(mode, bool):
            raise TypeError(
                "set_grad_enabled(): argument 'enabled' (position 1) must be bool, not "
                f"{type(mode).__name__}"
            )
        self.prev = (STATE.grad, STATE.enabled)
        self.mode = mode
        _set_grad(mode)

    def __call__(self, func: F) -> F:
        # Used as a decorator: calling the constructor switched the mode; undo that.
        STATE.grad, STATE.enabled = self.prev
        return super().__call__(func)

    def __enter__(self) -> None:
        _set_grad(self.mode)

    def __exit__(self, *exc_info: object) -> None:
        STATE.grad, STATE.enabled = self.prev

    def __repr__(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}(mode={self.mode})"

    def clone(self) -> set_grad_enabled:
        clone = self.__class__.__new__(self.__class__)
        clone.mode = self.mode
        clone.prev = (STATE.grad, STATE.enabled)
        return clone


class inference_mode(_DecoratorContextManager):
    """inference_mode(mode=True): like ``no_grad``, for code that never needs gradients.

    Tensors created inside are inference tensors (``is_inference()``): outside inference mode
    they may not be saved for backward, changed in place, or made to require grad.
    """

    def __new__(cls, mode: Any = True) -> Any:
        if not isinstance(mode, bool):  # used as a bare decorator: ``@inference_mode``
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode: bool = True) -> None:
        self.mode = mode
        self.prev = (True, True, False)

    def __enter__(self) -> None:
        self.prev = (STATE.grad, STATE.enabled, STATE.inference)
        INFERENCE_BLOCKS.enter()
        # Inference mode turns grad mode off; leaving it (mode=False) turns grad mode on.
        STATE.inference = self.mode
        _set_grad(not self.mode)

    def __exit__(self, *exc_info: object) -> None:
        STATE.grad, STATE.enabled, STATE.inference = self.prev
        INFERENCE_BLOCKS.exit()

    def clone(self) -> inference_mode:
        return self.__class__(self.mode)


# -- engine settings PyTorch has for its threads and view replay -------------------------
_MULTITHREADING = [True]  # the engine runs backward in the calling thread whatever it says


def is_multithreading_enabled() -> bool:
    """Whether backward may use a thread per device (PyTorch's setting, kept and reported)."""
    return _MULTITHREADING[0]


def is_view_replay_enabled() -> bool:
    """False: views are not replayed (PyTorch's default)."""
    return False


class set_multithreading_enabled(_DecoratorContextManager):
    """set_multithreading_enabled(mode): PyTorch's switch for multithreaded backward, taking
    effect at once and restored on exit when used as a context manager or decorator."""

    def __init__(self, mode: bool) -> None:
        self.prev = _MULTITHREADING[0]
        self.mode = mode
        _MULTITHREADING[0] = mode

    def __enter__(self) -> None:
        _MULTITHREADING[0] = self.mode

    def __exit__(self, *exc_info: object) -> None:
        _MULTITHREADING[0] = self.prev

    def clone(self) -> set_multithreading_enabled:
        return type(self)(self.mode)
