"""``Module``: the base class of layers and models.

Attribute assignment registers parameters, buffers and submodules; the rest of the class
walks that tree (``parameters()``, ``state_dict()``, ``train()``, ``to()``...) and calls
``forward`` with hooks around it. Behaviour, names and messages follow PyTorch's.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TypeVar

from ... import _dtype
from ..._tensor import Tensor, _check_device, device
from ..._tensor_names import legacy_type_name
from ...autograd.grad_mode import no_grad
from ...autograd.graph import RemovableHandle, add_hook
from ..parameter import Buffer, Parameter
from ._backward_hooks import BackwardHook

_MIXED_BACKWARD_HOOKS = (
    "Cannot use both regular backward hooks and full backward hooks on a single Module. Please "
    "use only one of them."
)


def _warn_legacy_backward_hook(message: str) -> None:
    import warnings

    warnings.warn(
        message + " Please use register_full_backward_hook to get the documented behavior.",
        FutureWarning,
        stacklevel=4,
    )


__all__ = ["Module"]


class _IncompatibleKeys(NamedTuple):
    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (
            f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
            f"unexpected_keys={self.unexpected_keys})"
        )

    __str__ = __repr__


def _addindent(text: str, spaces: int) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


class Module:
    """Base class for all neural network modules.

    Example::

        >>> import rungrad as torch
        >>> class Net(torch.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc = torch.nn.Linear(2, 1)
        ...     def forward(self, x):
        ...         return self.fc(x)
        >>> [name for name, _ in Net().named_parameters()]
        ['fc.weight', 'fc.bias']
    """

    training: bool
    _version: int = 1
    call_super_init: bool = False
    # PyTorch's other class-level names, which programs may read.
    dump_patches: bool = False
    T_destination = TypeVar("T_destination", bound=dict[str, Any])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                f"'{next(iter(kwargs))}'"
                if kwargs
                else f"{type(self).__name__}.__init__() takes 1 positional argument but "
                f"{len(args) + 1} were given"
            )
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", {})
        setattr_(self, "_buffers", {})
        setattr_(self, "_non_persistent_buffers_set", set())
        setattr_(self, "_modules", {})
        setattr_(self, "_forward_hooks", OrderedDict())
        setattr_(self, "_forward_hooks_with_kwargs", {})
        setattr_(self, "_forward_pre_hooks", OrderedDict())
        setattr_(self, "_forward_pre_hooks_with_kwargs", {})
        setattr_(self, "_backward_hooks", OrderedDict())
        setattr_(self, "_backward_pre_hooks", OrderedDict())
        setattr_(self, "_is_full_backward_hook", None)  # which kind _backward_hooks holds

    forward: Callable[..., Any]

    def _forward_unimplemented(self, *inputs: Any) -> Any:
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    forward = _forward_unimplemented

    # -- registration ----------------------------------------------------------------------
    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None) under ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name(name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_type_name(param)}' object to parameter '{name}' "
                "(torch.nn.Parameter or None required)"
            )
        if param is not None and param.grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                f"created explicitly. To express '{name}' as a function of another Tensor, "
                "compute the value in the forward() method."
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a tensor that is state but not a parameter (e.g. BatchNorm's running mean)."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name(name, "buffer")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_type_name(tensor)}' object to buffer '{name}' "
                "(torch Tensor or None required)"
            )
        if isinstance(tensor, Buffer):
            persistent = getattr(tensor, "persistent", persistent)
            tensor = Tensor._from_array(tensor._data)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name``."""
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{_type_name(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {type(name).__name__}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    def _check_name(self, name: str, kind: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if "." in name:
            raise KeyError(f'{kind} name can\'t contain "."')
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        registry = self._parameters if kind == "parameter" else self._buffers
        if hasattr(self, name) and name not in registry:
            raise KeyError(f"attribute '{name}' already exists")

    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._remove_from(name, self.__dict__, self._buffers, self._modules)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_type_name(value)}' as parameter '{name}' "
                    "(torch.nn.Parameter or None expected)"
                )
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            modules = self.__dict__.get("_modules")
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._remove_from(name, self.__dict__, self._parameters, self._buffers)
            modules[name] = value
        elif self.__dict__.get("_modules") is not None and name in self._modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_type_name(value)}' as child module '{name}' "
                    "(torch.nn.Module or None expected)"
                )
            self._modules[name] = value
        elif self.__dict__.get("_buffers") is not None and name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_type_name(value)}' as buffer '{name}' "
                    "(torch.nn.Buffer, torch.Tensor or None expected)"
                )
            if isinstance(value, Buffer):
                self.register_buffer(name, value)
            else:
                self._buffers[name] = value
        elif isinstance(value, Buffer):
            self.register_buffer(name, value)
        else:
            object.__setattr__(self, name, value)

    @staticmethod
    def _remove_from(name: str, *stores: Any) -> None:
        for store in stores:
            if name in store:
                if isinstance(store, set):
                    store.discard(name)
                else:
                    del store[name]

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: look in the registries.
        registries = self.__dict__
        for key in ("_parameters", "_buffers", "_modules"):
            store = registries.get(key)
            if store is not None and name in store:
                return store[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for key in ("_parameters", "_buffers", "_modules"):
            store = self.__dict__.get(key)
            if store is not None and name in store:
                del store[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        keys = list(super().__dir__())
        keys += list(self._parameters) + list(self._buffers) + list(self._modules)
        return sorted(k for k in set(keys) if not k[0].isdigit())

    # -- calling ---------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        for hook_id, hook in list(self._forward_pre_hooks.items()):
            if hook_id in self._forward_pre_hooks_with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        backward_hook = None
        hooks = self.__dict__.get("_backward_hooks")
        legacy = hooks and self.__dict__.get("_is_full_backward_hook") is False
        legacy_hooks = hooks if legacy else None
        full_hooks = None if legacy_hooks else hooks
        if full_hooks or self.__dict__.get("_backward_pre_hooks"):
            backward_hook = BackwardHook(
                self, list(full_hooks.values()) if full_hooks else [],
                list(self._backward_pre_hooks.values()),
            )  # fmt: skip
            args = backward_hook.setup_input_hook(args)
        output = self.forward(*args, **kwargs)
        for hook_id, hook in list(self._forward_hooks.items()):
            if hook_id in self._forward_hooks_with_kwargs:
                result = hook(self, args, kwargs, output)
            else:
                result = hook(self, args, output)
            if result is not None:
                output = result
        if legacy_hooks:
            self._attach_legacy_backward_hooks(args, output, list(legacy_hooks.values()))
        if backward_hook is not None:
            output = backward_hook.setup_output_hook(output)
        return output

    def _attach_legacy_backward_hooks(
        self, inputs: tuple[Any, ...], output: Any, hooks: list[Callable[..., Any]]
    ) -> None:
        """``register_backward_hook``'s hooks: post-hooks of the node that made the output's
        first tensor, called with that node's gradients (``module, grad_input,
        grad_output``), which are the module's only when the module is that one node."""
        first = output
        while not isinstance(first, Tensor):
            if isinstance(first, dict):
                first = next(v for v in first.values() if isinstance(v, Tensor))
            else:
                first = first[0]
        node = first.grad_fn
        if node is None:
            return
        for hook in hooks:
            node.register_hook(lambda grad_input, grad_output, hook=hook: hook(
                self, grad_input, grad_output
            ))  # fmt: skip
        outputs = (output,) if isinstance(output, Tensor) else output
        if not isinstance(outputs, tuple) or not all(isinstance(o, Tensor) for o in outputs):
            what = "return a single Tensor or a tuple of Tensors"
            missing = "grad_output"
        elif not all(isinstance(i, Tensor) for i in inputs):
            what = "take as input a single Tensor or a tuple of Tensors"
            missing = "grad_input"
        else:
            output_nodes = {o.grad_fn for o in outputs if o.grad_fn is not None}
            input_nodes = {i.grad_fn for i in inputs if i.grad_fn is not None}
            if len(output_nodes) > 1:
                _warn_legacy_backward_hook(
                    "Using a non-full backward hook when outputs are generated by different "
                    "autograd Nodes is deprecated and will be removed in future versions. This "
                    "hook will be missing some grad_output."
                )
            elif output_nodes != {node}:
                _warn_legacy_backward_hook(
                    "Using a non-full backward hook when outputs are nested in python data "
                    "structure is deprecated and will be removed in future versions. This hook "
                    "will be missing some grad_output."
                )
            elif input_nodes != {edge[0] for edge in node.next_functions}:
                _warn_legacy_backward_hook(
                    "Using a non-full backward hook when the forward contains multiple autograd "
                    "Nodes is deprecated and will be removed in future versions. This hook will "
                    "be missing some grad_input."
                )
            return
        _warn_legacy_backward_hook(
            f"Using non-full backward hooks on a Module that does not {what} is deprecated and "
            f"will be removed in future versions. This hook will be missing some of the "
            f"{missing}."
        )

    def register_backward_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(module, grad_input, grad_output)`` (deprecated: see
        ``register_full_backward_hook``) runs as a hook of the node that made the module's
        output, with that node's gradients."""
        if self.__dict__.get("_is_full_backward_hook") is True:
            raise RuntimeError(_MIXED_BACKWARD_HOOKS)
        object.__setattr__(self, "_is_full_backward_hook", False)
        return add_hook(self._backward_hooks, hook)

    def register_full_backward_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """``hook(module, grad_input, grad_output)`` runs when the gradients of the module's
        tensor arguments have been computed; it may return replacement ``grad_input``."""
        if "_backward_hooks" not in self.__dict__:
            object.__setattr__(self, "_backward_hooks", OrderedDict())
        if self.__dict__.get("_is_full_backward_hook") is False:
            raise RuntimeError(_MIXED_BACKWARD_HOOKS)
        object.__setattr__(self, "_is_full_backward_hook", True)
        handle = add_hook(self._backward_hooks, hook)
        if prepend:
            self._backward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_pre_hook(
        self, hook: Callable[..., Any], prepend: bool = False
    ) -> RemovableHandle:
        """``hook(module, grad_output)`` runs when the gradients of the module's outputs have
        been computed; it may return replacement ``grad_output``."""
        if "_backward_pre_hooks" not in self.__dict__:
            object.__setattr__(self, "_backward_pre_hooks", OrderedDict())
        handle = add_hook(self._backward_pre_hooks, hook)
        if prepend:
            self._backward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """``hook(module, args)`` (or ``(module, args, kwargs)``) runs before ``forward``; it
        may return replacement arguments."""
        handle = add_hook(self._forward_pre_hooks, hook)
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(
        self,
        hook: Callable[..., Any],
        *,
        prepend: bool = False,
        with_kwargs: bool = False,
        always_call: bool = False,
    ) -> RemovableHandle:
        """``hook(module, args, output)`` runs after ``forward``; it may return a new output."""
        handle = add_hook(self._forward_hooks, hook)
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    # -- walking the tree ------------------------------------------------------------------
    def _named_members(
        self,
        get_members: Callable[[Module], Any],
        prefix: str = "",
        recurse: bool = True,
        remove_duplicate: bool = True,
    ) -> Iterator[tuple[str, Any]]:
        memo: set[int] = set()
        modules = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for module_prefix, module in modules:
            for name, value in get_members(module):
                if value is None or (remove_duplicate and id(value) in memo):
                    continue
                if remove_duplicate:
                    memo.add(id(value))
                yield (module_prefix + ("." if module_prefix else "") + name, value)

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Yield ``(name, parameter)`` pairs, each parameter once."""
        # ``yield from`` (not ``return``) so the generator prints as this method's.
        yield from self._named_members(
            lambda module: module._parameters.items(), prefix, recurse, remove_duplicate
        )

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Yield the module's parameters (and its submodules', with ``recurse``)."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members(
            lambda module: module._buffers.items(), prefix, recurse, remove_duplicate
        )

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def named_children(self) -> Iterator[tuple[str, Module]]:
        memo: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in memo:
                memo.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def named_modules(
        self, memo: set[Any] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """Yield ``(name, module)`` for this module and every submodule, depth first."""
        if memo is None:
            memo = set()
        if remove_duplicate and self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub_prefix = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub_prefix, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def get_submodule(self, target: str) -> Module:
        module: Module = self
        if target == "":
            return module
        for item in target.split("."):
            if not hasattr(module, item):
                raise AttributeError(f"{module._get_name()} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def set_submodule(self, target: str, module: Module, strict: bool = False) -> None:
        """Put ``module`` at the dotted path ``target`` (its parent must exist; with
        ``strict``, so must the name)."""
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        if not isinstance(module, Module):
            raise ValueError("`module` is not an nn.Module, found " + str(type(module)))
        path, _, name = target.rpartition(".")
        parent = self.get_submodule(path)
        if strict and not hasattr(parent, name):
            raise AttributeError(parent._get_name() + " has no attribute `" + name + "`")
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Module):
            raise AttributeError("`" + name + "` is not an nn.Module")
        setattr(parent, name, module)

    def get_extra_state(self) -> Any:
        """The extra state a module subclass saves in its state dict (none by default)."""
        raise RuntimeError(
            "Reached a code path in Module.get_extra_state() that should never be called. "
            "Please file an issue at https://github.com/pytorch/pytorch/issues/new?template="
            "bug-report.yml to report this bug."
        )

    def compile(self, *args: Any, **kwargs: Any) -> None:
        """Compile in place: rungrad runs eagerly, so the module stays as it is."""

    def to_empty(self, *, device: Any = None, recurse: bool = True) -> Module:
        """Give every parameter and buffer new uninitialised storage of its shape."""
        from ... import _creation

        return self._apply(lambda t: _creation.empty_like(t))

    def get_parameter(self, target: str) -> Parameter:
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return param

    def get_buffer(self, target: str) -> Tensor:
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return module._buffers[name]

    # -- modes and bulk changes ------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set training mode (affects Dropout, BatchNorm...) here and in every submodule."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode: ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters (to None by default)."""
        for param in self.parameters():
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

    def apply(self, fn: Callable[[Module], None]) -> Module:
        """Call ``fn`` on every submodule (children first) and on this module."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def _apply(self, fn: Callable[[Tensor], Tensor]) -> Module:
        """Replace every parameter's and buffer's data by ``fn`` of it, keeping the objects."""
        for module in self.children():
            module._apply(fn)
        with no_grad():
            for param in self._parameters.values():
                if param is None:
                    continue
                new = fn(param)
                param._data = new._data
                if param._grad is not None:
                    param._grad = fn(param._grad)
            for name, buffer in self._buffers.items():
                if buffer is not None:
                    self._buffers[name] = fn(buffer)
        return self

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """to(dtype) / to(device) / to(tensor): convert floating parameters and buffers."""
        target = kwargs.get("dtype")
        for arg in args:
            if isinstance(arg, _dtype.dtype):
                target = arg
            elif isinstance(arg, Tensor):
                target = arg.dtype
            elif isinstance(arg, str | device):
                self._check_tensors_may_move(arg)
        self._check_tensors_may_move(kwargs.get("device"))
        if target is None:
            return self
        if not (target.is_floating_point or target.is_complex):
            raise TypeError(
                "nn.Module.to only accepts floating point or complex dtypes, but got desired "
                f"dtype={target}"
            )
        return self._apply(lambda t: t.to(target) if t.is_floating_point() else t)

    def float(self) -> Module:
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self) -> Module:
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self) -> Module:
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def bfloat16(self) -> Module:
        return self._apply(lambda t: t.bfloat16() if t.is_floating_point() else t)

    def type(self, dst_type: Any) -> Module:
        return self._apply(lambda t: t.type(dst_type))

    def cpu(self) -> Module:
        return self

    def share_memory(self) -> Module:
        """Move the tensors to shared memory for multiprocessing: nothing to do here, where
        loading never starts other processes."""
        return self

    def cuda(self, device: Any = None) -> Module:
        self._check_tensors_may_move("cuda")
        return self

    def _check_tensors_may_move(self, target: Any) -> None:
        """Refuse a device other than the CPU if the module has a tensor to move there (as a
        PyTorch build without that device does; a module without tensors moves anywhere)."""
        if target is None:
            return
        if device(target).type != "cpu" and any(True for _ in self._all_tensors()):
            _check_device(target)

    def _all_tensors(self) -> Iterator[Tensor]:
        yield from self.parameters()
        yield from (b for b in self.buffers() if b is not None)

    # -- state dicts -----------------------------------------------------------------------
    def state_dict(
        self, *args: Any, destination: Any = None, prefix: str = "", keep_vars: bool = False
    ) -> dict[str, Tensor]:
        """Parameters and persistent buffers by dotted name (detached unless ``keep_vars``)."""
        if args:
            destination = args[0] if len(args) > 0 else destination
            prefix = args[1] if len(args) > 1 else prefix
            keep_vars = args[2] if len(args) > 2 else keep_vars
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()  # type: ignore[attr-defined]
        # Each module's state-dict version, so that loading can tell an old layout.
        metadata = getattr(destination, "_metadata", None)
        local_metadata = {"version": self._version}
        if metadata is not None:
            metadata[prefix[:-1]] = local_metadata
        for hook in self.__dict__.get("_state_dict_pre_hooks", {}).values():
            hook(self, prefix, keep_vars)
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(
                    destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars
                )
        for hook in self.__dict__.get("_state_dict_hooks", {}).values():
            result = hook(self, destination, prefix, local_metadata)
            if getattr(hook, "_from_public_api", False):
                if result is not None:
                    raise RuntimeError("state_dict post-hook must return None")
            elif result is not None:  # the private form may replace the state dict
                destination = result
        return destination

    def register_state_dict_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(module, prefix, keep_vars)`` runs before this module's ``state_dict`` saves
        its entries (and its children's)."""
        if "_state_dict_pre_hooks" not in self.__dict__:
            object.__setattr__(self, "_state_dict_pre_hooks", OrderedDict())
        return add_hook(self._state_dict_pre_hooks, hook)

    def _register_state_dict_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(module, state_dict, prefix, local_metadata)`` runs after this module's
        ``state_dict`` (children included); a state dict it returns replaces the one built."""
        if getattr(hook, "_from_public_api", False):
            raise RuntimeError(
                "Cannot register the same function as the state dict post hook that was "
                "previously registered via register_state_dict_post_hook"
            )
        if "_state_dict_hooks" not in self.__dict__:
            object.__setattr__(self, "_state_dict_hooks", OrderedDict())
        return add_hook(self._state_dict_hooks, hook)

    def register_state_dict_post_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(module, state_dict, prefix, local_metadata)`` runs after this module's
        ``state_dict`` (children included); it may change the state dict in place and must
        return None."""
        hook._from_public_api = True  # type: ignore[attr-defined]
        if "_state_dict_hooks" not in self.__dict__:
            object.__setattr__(self, "_state_dict_hooks", OrderedDict())
        return add_hook(self._state_dict_hooks, hook)

    def _save_to_state_dict(
        self, destination: dict[str, Any], prefix: str, keep_vars: bool
    ) -> None:
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buffer if keep_vars else buffer.detach()

    def _keys_older_versions_lack(self, version: int | None) -> tuple[str, ...]:
        """Names of this module's entries that a state dict saved by an older version of it
        (``version``; None when the state dict records none) may lack: those keep their
        current values instead of being reported missing."""
        return ()

    def _register_load_state_dict_pre_hook(
        self, hook: Callable[..., Any], with_module: bool = False
    ) -> RemovableHandle:
        """``hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs)`` (the module first, ``with_module``) runs before this module's entries
        load; it may rename or add keys of the (copied) state dict."""
        if "_load_state_dict_pre_hooks" not in self.__dict__:
            object.__setattr__(self, "_load_state_dict_pre_hooks", OrderedDict())
        if with_module:
            module, plain = self, hook

            def hook(*args: Any) -> Any:
                return plain(module, *args)

        return add_hook(self._load_state_dict_pre_hooks, hook)

    def register_load_state_dict_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
        unexpected_keys, error_msgs)`` runs before this module's entries load."""
        return self._register_load_state_dict_pre_hook(hook, with_module=True)

    def register_load_state_dict_post_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """``hook(module, incompatible_keys)`` runs after this module and its children have
        loaded; it may change ``incompatible_keys``' lists in place and must return None."""
        if "_load_state_dict_post_hooks" not in self.__dict__:
            object.__setattr__(self, "_load_state_dict_post_hooks", OrderedDict())
        return add_hook(self._load_state_dict_post_hooks, hook)

    def _load_own_entries(
        self,
        state_dict: dict[str, Any],
        prefix: str,
        optional: tuple[str, ...],
        assign: bool,
        missing: list[str],
        errors: list[str],
    ) -> dict[str, Any]:
        """Copy (or, with ``assign``, take) this module's parameters and persistent buffers
        from ``state_dict``; returns them by name."""
        local = {
            **self._parameters,
            **{k: v for k, v in self._buffers.items() if k not in self._non_persistent_buffers_set},
        }
        for name, current in local.items():
            if current is None:
                continue
            key = prefix + name
            if key not in state_dict:
                if name not in optional:
                    missing.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                errors.append(
                    f'While copying the parameter named "{key}", expected torch.Tensor or '
                    f"Tensor-like object from checkpoint but received {type(value)}"
                )
                continue
            if tuple(value.shape) != tuple(current.shape):
                errors.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape!r} "
                    f"from checkpoint, the shape in current model is {current.shape!r}."
                )
                continue
            with no_grad():
                if assign:
                    replacement = (
                        Parameter(value, current.requires_grad)
                        if isinstance(current, Parameter)
                        else value
                    )
                    store = self._parameters if name in self._parameters else self._buffers
                    store[name] = replacement
                else:
                    current.copy_(value)
        return local

    def load_state_dict(
        self, state_dict: Any, strict: bool = True, assign: bool = False
    ) -> _IncompatibleKeys:
        """Copy parameters and buffers from ``state_dict``; with ``strict``, every key must
        match. Returns the missing and unexpected keys."""
        if not isinstance(state_dict, dict):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing: list[str] = []
        unexpected: list[str] = []
        errors: list[str] = []
        metadata = getattr(state_dict, "_metadata", None) or {}
        state_dict = OrderedDict(state_dict)  # pre-hooks may rename keys: not the caller's

        def load(module: Module, name: str) -> None:
            prefix = name + "." if name else ""
            local_metadata = metadata.get(name, {})
            for hook in module.__dict__.get("_load_state_dict_pre_hooks", {}).values():
                hook(state_dict, prefix, local_metadata, strict, missing, unexpected, errors)
            optional = module._keys_older_versions_lack(local_metadata.get("version"))
            local = module._load_own_entries(state_dict, prefix, optional, assign, missing, errors)
            # Keys under this prefix naming neither an entry of this module nor a child.
            for key in state_dict:
                if key.startswith(prefix):
                    first = key[len(prefix) :].split(".", 1)[0]
                    if first not in module._modules and local.get(first) is None:
                        unexpected.append(key)
            for child_name, child in module._modules.items():
                if child is not None:
                    load(child, prefix + child_name)
            # The hooks may change the key lists in place (e.g. forgive a missing key).
            incompatible = _IncompatibleKeys(missing, unexpected)
            for hook in module.__dict__.get("_load_state_dict_post_hooks", {}).values():
                if hook(module, incompatible) is not None:
                    raise AssertionError(
                        "Hooks registered with ``register_load_state_dict_post_hook`` are not"
                        "expected to return new values, if incompatible_keys need to be "
                        "modified,it should be done inplace."
                    )

        load(self, "")
        if strict:
            if unexpected:
                errors.insert(
                    0,
                    "Unexpected key(s) in state_dict: "
                    + ", ".join(f'"{k}"' for k in unexpected)
                    + ". ",
                )
            if missing:
                errors.insert(
                    0,
                    "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ",
                )
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        return _IncompatibleKeys(missing, unexpected)

    # -- printing --------------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The module-specific part of ``repr`` (override in subclasses)."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): {_addindent(repr(module), 2)}" for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _type_name(value: Any) -> str:
    if isinstance(value, Tensor):
        return legacy_type_name(value._data.dtype)
    return type(value).__name__
