"""The ``Optimizer`` base class: parameter groups, per-parameter state, ``zero_grad``."""

from __future__ import annotations

import functools
import warnings
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import Any

from .._tensor import Tensor
from .._tensor_names import legacy_type_name
from ..autograd.grad_mode import enable_grad, no_grad
from ..autograd.graph import RemovableHandle, add_hook

__all__ = ["Optimizer", "required"]


def non_negative(value: Any) -> bool:
    """``0.0 <= value``, written in PyTorch's order so that an option of the wrong type fails
    with PyTorch's TypeError ("'<=' not supported between instances of 'float' and 'str'")."""
    return 0.0 <= value  # noqa: SIM300


def _type_name(obj: Any) -> str:
    """``torch.typename``: the qualified class name, without ``builtins.``."""
    cls = type(obj)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


class _Required:
    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


def _with_step_hooks(step: Callable[..., Any]) -> Callable[..., Any]:
    """``step`` running the optimizer's step pre- and post-hooks around it (once, also when
    a subclass's step calls its base's)."""

    @functools.wraps(step)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # As PyTorch's, the hooks see the optimizer again as args[0].
        self = args[0]
        pre = self.__dict__.get("_optimizer_step_pre_hooks")
        post = self.__dict__.get("_optimizer_step_post_hooks")
        if not (pre or post) or self.__dict__.get("_in_hooked_step"):
            return step(*args, **kwargs)
        for hook in list((pre or {}).values()):
            result = hook(self, args, kwargs)
            if result is not None:
                if isinstance(result, tuple) and len(result) == 2:
                    args, kwargs = result
                else:
                    raise RuntimeError(
                        f"{step} must return None or a tuple of (new_args, new_kwargs), but "
                        f"got {result}."
                    )
        self._in_hooked_step = True
        try:
            out = step(*args, **kwargs)
        finally:
            self._in_hooked_step = False
        for hook in list((post or {}).values()):
            hook(self, args, kwargs)
        return out

    return wrapper


class Optimizer:
    """Base class of all optimizers.

    ``params`` is an iterable of tensors, or of dicts defining parameter groups (each may
    override entries of ``defaults``).
    """

    def __init__(self, params: Any, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                f"dicts, but got {legacy_type_name(params._data.dtype)}"
            )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        param_groups = list(params)
        if not param_groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own options (missing ones take the defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            param_group["params"] = list(params)
        # (name, tensor) pairs, as named_parameters() yields them: the names are kept in
        # "param_names", for every parameter or none.
        names = [param[0] for param in param_group["params"] if isinstance(param, tuple)]
        param_group["params"] = [
            param[1] if isinstance(param, tuple) else param for param in param_group["params"]
        ]
        if names:
            if len(names) != len(param_group["params"]):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are "
                    "missing"
                )
            param_group["param_names"] = names
        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is "
                    + _type_name(param)
                )
            if not self.defaults.get("differentiable") and not (
                param.is_leaf or param.retains_grad
            ):
                raise ValueError("can't optimize a non-leaf Tensor")
        if len({id(param) for param in param_group["params"]}) != len(param_group["params"]):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, this "
                "will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                UserWarning,
                stacklevel=3,
            )
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    f"parameter group didn't specify a value of required optimization parameter "
                    f"{name}"
                )
            param_group.setdefault(name, default)
        for group in self.param_groups:
            if ("param_names" in param_group) != ("param_names" in group):
                kind = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {kind} to the optimizer"
                )
        existing = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in existing for p in param_group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters (to None by default, else to zeros)."""
        for group in self.param_groups:
            for param in group["params"]:
                if param._grad is None:
                    continue
                if set_to_none:
                    param._grad = None
                else:
                    grad = param._grad
                    if grad._grad_fn is not None:
                        grad.detach_()
                    else:
                        grad._requires_grad = False
                    grad.zero_()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = _with_step_hooks(cls.__dict__["step"])  # type: ignore[method-assign]

    def register_step_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(optimizer, args, kwargs)`` runs before each ``step``; it may return new
        ``(args, kwargs)``."""
        if "_optimizer_step_pre_hooks" not in self.__dict__:
            self._optimizer_step_pre_hooks: dict[int, Any] = OrderedDict()
        return add_hook(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(optimizer, args, kwargs)`` runs after each ``step``."""
        if "_optimizer_step_post_hooks" not in self.__dict__:
            self._optimizer_step_post_hooks: dict[int, Any] = OrderedDict()
        return add_hook(self._optimizer_step_post_hooks, hook)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform one optimization step; ``closure`` re-evaluates the loss if given.

        Runs ``closure`` with grad mode on, then, without recording, ``_update`` for each
        parameter that has a gradient: the per-parameter rule a subclass defines.
        """
        loss = _run_closure(closure)
        with no_grad():
            for group in self.param_groups:
                for param in group["params"]:
                    if param._grad is None:
                        continue
                    if param._data.dtype.kind == "c":
                        self._update_complex(param, group)
                    else:
                        self._update(param, group)
        return loss

    def _update_complex(self, param: Tensor, group: dict[str, Any]) -> None:
        """A complex parameter updated as PyTorch's optimizers update one: as the real tensor
        of its (real, imaginary) pairs, with its gradient and state seen the same way, so
        each part is its own coordinate (Adam's second moment is of each part, not of the
        complex square). The views share storage: the update writes through."""
        from .._ops.sequences import view_as_complex, view_as_real

        pairs = view_as_real(param)
        pairs._grad = view_as_real(param._grad)
        state = self.state.pop(param, {})
        self.state[pairs] = {key: _as_pairs(value, view_as_real) for key, value in state.items()}
        try:
            self._update(pairs, group)
        finally:
            updated = self.state.pop(pairs)
            self.state[param] = {
                key: _as_complex(value, param, view_as_complex) for key, value in updated.items()
            }

    def _update(self, param: Tensor, group: dict[str, Any]) -> None:
        """One parameter's update from its gradient, under no_grad (defined by subclasses)."""
        raise NotImplementedError

    def _hooks(self, name: str) -> OrderedDict[int, Any]:
        if name not in self.__dict__:
            self.__dict__[name] = OrderedDict()
        return self.__dict__[name]

    def _add_hook(self, name: str, hook: Callable[..., Any], prepend: bool) -> RemovableHandle:
        hooks = self._hooks(name)
        handle = add_hook(hooks, hook)
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_state_dict_pre_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """``hook(optimizer)`` runs before ``state_dict`` builds the state dict (first of
        all the hooks with ``prepend``)."""
        return self._add_hook("_optimizer_state_dict_pre_hooks", hook, prepend)

    def register_state_dict_post_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """``hook(optimizer, state_dict)`` runs on the state dict ``state_dict`` built; a
        state dict it returns replaces it."""
        return self._add_hook("_optimizer_state_dict_post_hooks", hook, prepend)

    def register_load_state_dict_pre_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """``hook(optimizer, state_dict)`` runs before ``load_state_dict`` loads (on a
        shallow copy of the caller's dict); a state dict it returns is loaded instead."""
        return self._add_hook("_optimizer_load_state_dict_pre_hooks", hook, prepend)

    def register_load_state_dict_post_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """``hook(optimizer)`` runs after ``load_state_dict`` has loaded."""
        return self._add_hook("_optimizer_load_state_dict_post_hooks", hook, prepend)

    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state and options, with parameters named by their index (the
        registered state-dict hooks run around it)."""
        for hook in list(self.__dict__.get("_optimizer_state_dict_pre_hooks", {}).values()):
            hook(self)
        state_dict = self._plain_state_dict()
        for hook in list(self.__dict__.get("_optimizer_state_dict_post_hooks", {}).values()):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        return state_dict

    def _plain_state_dict(self) -> dict[str, Any]:
        index_of: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            indices = []
            for param in group["params"]:
                index_of.setdefault(id(param), len(index_of))
                indices.append(index_of[id(param)])
            packed["params"] = indices
            groups.append(packed)
        state = {index_of[id(p)]: s for p, s in self.state.items() if id(p) in index_of}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what ``state_dict()`` returned (for the same parameters, in the same order);
        the registered load hooks run around it."""
        state_dict = state_dict.copy()  # the hooks may change it: not the caller's
        for hook in list(self.__dict__.get("_optimizer_load_state_dict_pre_hooks", {}).values()):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        self._load_plain_state_dict(state_dict)
        for hook in list(self.__dict__.get("_optimizer_load_state_dict_post_hooks", {}).values()):
            hook(self)

    def _load_plain_state_dict(self, state_dict: dict[str, Any]) -> None:
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        params_by_index: dict[int, Tensor] = {}
        for saved, current in zip(groups, self.param_groups):
            if len(saved["params"]) != len(current["params"]):
                raise ValueError(
                    "loaded state dict contains a parameter group that doesn't match the size of "
                    "optimizer's group"
                )
            params_by_index.update(zip(saved["params"], current["params"]))
            current.update({k: v for k, v in saved.items() if k != "params"})
        self.state = defaultdict(dict)
        for index, value in state_dict["state"].items():
            param = params_by_index[index]
            self.state[param] = {key: _cast_state(param, key, item) for key, item in value.items()}

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for index, group in enumerate(self.param_groups):
            if index:
                lines.append("")  # PyTorch separates the groups by a blank line
            lines.append(f"Parameter Group {index}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)

    def __getstate__(self) -> dict[str, Any]:
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _run_closure(closure: Callable[[], Any] | None) -> Any:
    """The loss ``closure`` returns, computed with grad mode on (None without a closure)."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def _cast_state(param: Tensor, key: str, value: Any) -> Any:
    """A loaded state entry in the parameter's floating dtype (``step`` stays as is), so a
    checkpoint saved in another precision does not change the update's precision. As in
    PyTorch, an entry already in that dtype is the very tensor from the state dict."""
    if isinstance(value, Tensor):
        if key != "step" and param.is_floating_point() and value.is_floating_point():
            return value.to(param.dtype)
        return value
    if isinstance(value, dict):
        return {k: _cast_state(param, key, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_cast_state(param, key, v) for v in value)
    return value


Optimizer.step = _with_step_hooks(Optimizer.step)  # type: ignore[method-assign]


def _as_pairs(value: Any, view_as_real: Callable[[Tensor], Tensor]) -> Any:
    """A complex state tensor as the real view its parameter's update works on."""
    if isinstance(value, Tensor) and value._data.dtype.kind == "c":
        return view_as_real(value)
    return value


def _as_complex(value: Any, param: Tensor, view_as_complex: Callable[[Tensor], Tensor]) -> Any:
    """A state tensor of the real view back as the complex tensor PyTorch keeps."""
    if (
        isinstance(value, Tensor)
        and value._data.dtype.kind == "f"
        and value.shape == (*param.shape, 2)
    ):
        return view_as_complex(value)
    return value
