"""Lazy layers: ``LazyLinear``, ``LazyConv1d/2d/3d``, ``LazyConvTranspose1d/2d``,
``LazyBatchNorm1d/2d/3d`` and ``LazyInstanceNorm1d/2d/3d``. Their classes report PyTorch's
module paths (``linear``, ``conv``, ``batchnorm``, ``instancenorm``), which re-export them.

A lazy layer is built without its input size: its parameters (and buffers) are
``UninitializedParameter`` placeholders. Its first call reads the size from the input,
materializes them, initializes them as the plain layer's ``reset_parameters`` does (drawing
from the random stream then, not at construction) and turns the module into the plain layer
(``LazyLinear`` becomes ``Linear``). Loading a state dict materializes them too, with the
saved shapes, but leaves the class lazy until the first call, as in PyTorch.
"""

from __future__ import annotations

from typing import Any

from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad
from ..parameter import UninitializedBuffer, UninitializedParameter, is_lazy
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d
from .linear import Linear
from .normalization import (
    BatchNorm1d,
    BatchNorm2d,
    BatchNorm3d,
    InstanceNorm1d,
    InstanceNorm2d,
    InstanceNorm3d,
)

__all__ = [
    "LazyBatchNorm1d",
    "LazyBatchNorm2d",
    "LazyBatchNorm3d",
    "LazyConv1d",
    "LazyConv2d",
    "LazyConv3d",
    "LazyConvTranspose1d",
    "LazyConvTranspose2d",
    "LazyInstanceNorm1d",
    "LazyInstanceNorm2d",
    "LazyInstanceNorm3d",
    "LazyLinear",
    "LazyModuleMixin",
]


def _register_hooks(module: Any) -> None:
    """The hooks that materialize a lazy module: loading a state dict, its first call."""
    module._load_hook = module._register_load_state_dict_pre_hook(module._lazy_load_hook)
    module._initialize_hook = module.register_forward_pre_hook(
        module._infer_parameters, with_kwargs=True
    )


class LazyModuleMixin:
    """A module whose parameters take their shapes from its first input.

    Subclasses define ``initialize_parameters(input)`` and name the plain class to become in
    ``cls_to_become``."""

    cls_to_become: type | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        _register_hooks(self)

    def _save_to_state_dict(
        self, destination: dict[str, Any], prefix: str, keep_vars: bool
    ) -> None:
        # A placeholder is saved as it is (detach() needs a shape it lacks).
        module: Any = self
        for name, param in module._parameters.items():
            if param is not None:
                keep = keep_vars or is_lazy(param)
                destination[prefix + name] = param if keep else param.detach()
        for name, buffer in module._buffers.items():
            if buffer is not None and name not in module._non_persistent_buffers_set:
                keep = keep_vars or is_lazy(buffer)
                destination[prefix + name] = buffer if keep else buffer.detach()

    def _lazy_load_hook(
        self, state_dict: Any, prefix: str, local_metadata: Any, strict: bool, *args: Any
    ) -> None:
        """Materialize each placeholder the state dict holds a value for, to its shape."""
        module: Any = self
        for store in (module._parameters, module._buffers):
            for name, value in store.items():
                key = prefix + name
                if is_lazy(value) and key in state_dict and not is_lazy(state_dict[key]):
                    with no_grad():
                        value.materialize(state_dict[key].shape)

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        """Materialize and initialize the parameters from the first input."""
        raise NotImplementedError(
            f"initialize_parameters is not implemented for {self.__class__.__name__}"
        )

    def has_uninitialized_params(self) -> bool:
        """Whether a parameter or buffer is still a placeholder."""
        module: Any = self
        values = list(module._parameters.values()) + list(module._buffers.values())
        return any(is_lazy(value) for value in values)

    def _infer_parameters(self, module: Any, args: Any, kwargs: Any = None) -> None:
        """The forward pre-hook of the first call: initialize, then become the plain class."""
        module.initialize_parameters(*args, **(kwargs or {}))
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {self._get_name()} has not been fully initialized")  # type: ignore[attr-defined]
        module._initialize_hook.remove()
        module._load_hook.remove()
        delattr(module, "_initialize_hook")
        delattr(module, "_load_hook")
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become


class LazyLinear(LazyModuleMixin, Linear):
    """LazyLinear(out_features, bias=True): a ``Linear`` whose ``in_features`` is the last
    dim of its first input."""

    cls_to_become = Linear

    def __init__(
        self, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None
    ) -> None:
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:  # type: ignore[override]
        if self.has_uninitialized_params():
            with no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:  # materialized by load_state_dict: take its width
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError(
                    f"The in_features inferred from input: {input.shape[-1]} is not equal to "
                    f"in_features from self.weight: {self.weight.shape[-1]}"
                )
            self.in_features = input.shape[-1]


class _LazyConvMixin(LazyModuleMixin):
    """The lazy convolutions: ``in_channels`` from the input's channel dim."""

    _dims: int
    _transposed: bool

    def _lazy_init(self, out_channels: int, bias: bool, dtype: Any) -> None:
        module: Any = self
        module.weight = UninitializedParameter(dtype=dtype)
        module.out_channels = out_channels
        if bias:
            module.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        module: Any = self
        if not self.has_uninitialized_params() and module.in_channels != 0:
            super().reset_parameters()  # type: ignore[misc]

    def initialize_parameters(self, input: Tensor, *args: Any, **kwargs: Any) -> None:
        module: Any = self
        if not self.has_uninitialized_params():
            return
        batched = input.dim() == self._dims + 2
        if not batched and input.dim() != self._dims + 1:
            raise RuntimeError(
                f"Expected {self._dims + 1}D (unbatched) or {self._dims + 2}D (batched) input "
                f"to {self.__class__.__name__}, but got input of size: {input.shape}"
            )
        module.in_channels = input.shape[1 if batched else 0]
        if module.in_channels % module.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        with no_grad():
            if self._transposed:
                shape = (module.in_channels, module.out_channels // module.groups)
            else:
                shape = (module.out_channels, module.in_channels // module.groups)
            module.weight.materialize((*shape, *module.kernel_size))
            if module.bias is not None:
                module.bias.materialize((module.out_channels,))
            self.reset_parameters()


def _lazy_conv(plain: type, transposed: bool) -> type:
    """The lazy form of the convolution ``plain``: its arguments without ``in_channels``."""

    if transposed:

        def __init__(
            self: Any,
            out_channels: int,
            kernel_size: Any,
            stride: Any = 1,
            padding: Any = 0,
            output_padding: Any = 0,
            groups: int = 1,
            bias: bool = True,
            dilation: Any = 1,
            padding_mode: str = "zeros",
            device: Any = None,
            dtype: Any = None,
        ) -> None:
            plain.__init__(  # type: ignore[misc]
                self, 0, 0, kernel_size, stride, padding, output_padding, groups, False,
                dilation, padding_mode,
            )  # fmt: skip
            _register_hooks(self)
            self._lazy_init(out_channels, bias, dtype)

    else:

        def __init__(
            self: Any,
            out_channels: int,
            kernel_size: Any,
            stride: Any = 1,
            padding: Any = 0,
            dilation: Any = 1,
            groups: int = 1,
            bias: bool = True,
            padding_mode: str = "zeros",
            device: Any = None,
            dtype: Any = None,
        ) -> None:
            plain.__init__(  # type: ignore[misc]
                self, 0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode
            )
            _register_hooks(self)
            self._lazy_init(out_channels, bias, dtype)

    name = f"Lazy{plain.__name__}"
    __init__.__qualname__ = f"{name}.__init__"
    namespace = {
        "__init__": __init__,
        "__doc__": f"{name}: a ``{plain.__name__}`` whose ``in_channels`` is its first "
        "input's channel count.",
        "__module__": __name__,
        "cls_to_become": plain,
        "_transposed": transposed,
    }
    return type(name, (_LazyConvMixin, plain), namespace)


LazyConv1d = _lazy_conv(Conv1d, transposed=False)
LazyConv2d = _lazy_conv(Conv2d, transposed=False)
LazyConv3d = _lazy_conv(Conv3d, transposed=False)
LazyConvTranspose1d = _lazy_conv(ConvTranspose1d, transposed=True)
LazyConvTranspose2d = _lazy_conv(ConvTranspose2d, transposed=True)


class _LazyNormMixin(LazyModuleMixin):
    """The lazy normalisations: ``num_features`` from the input's channel dim."""

    def _lazy_init(self, affine: bool, track_running_stats: bool, dtype: Any) -> None:
        module: Any = self
        module.affine = affine
        module.track_running_stats = track_running_stats
        if affine:
            module.weight = UninitializedParameter(dtype=dtype)
            module.bias = UninitializedParameter(dtype=dtype)
        if track_running_stats:
            module.running_mean = UninitializedBuffer(dtype=dtype)
            module.running_var = UninitializedBuffer(dtype=dtype)
            from ... import _creation, int64

            module.num_batches_tracked = _creation.tensor(0, dtype=int64)

    def reset_parameters(self) -> None:
        module: Any = self
        if not self.has_uninitialized_params() and module.num_features != 0:
            super().reset_parameters()  # type: ignore[misc]

    def initialize_parameters(self, input: Tensor) -> None:  # type: ignore[override]
        module: Any = self
        if not self.has_uninitialized_params():
            return
        module.num_features = input.shape[1]  # as PyTorch, even for an unbatched input
        with no_grad():
            if module.affine:
                module.weight.materialize((module.num_features,))
                module.bias.materialize((module.num_features,))
            if module.track_running_stats:
                module.running_mean.materialize((module.num_features,))
                module.running_var.materialize((module.num_features,))
            self.reset_parameters()


def _lazy_norm(plain: type) -> type:
    """The lazy form of the normalisation ``plain``: its arguments without
    ``num_features``."""

    def __init__(
        self: Any,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        plain.__init__(self, 0, eps, momentum, False, False)  # type: ignore[misc]
        _register_hooks(self)
        self._lazy_init(affine, track_running_stats, dtype)

    name = f"Lazy{plain.__name__}"
    __init__.__qualname__ = f"{name}.__init__"
    namespace = {
        "__init__": __init__,
        "__doc__": f"{name}: a ``{plain.__name__}`` whose ``num_features`` is its first "
        "input's channel count.",
        "__module__": __name__,
        "cls_to_become": plain,
    }
    return type(name, (_LazyNormMixin, plain), namespace)


LazyBatchNorm1d = _lazy_norm(BatchNorm1d)
LazyBatchNorm2d = _lazy_norm(BatchNorm2d)
LazyBatchNorm3d = _lazy_norm(BatchNorm3d)
LazyInstanceNorm1d = _lazy_norm(InstanceNorm1d)
LazyInstanceNorm2d = _lazy_norm(InstanceNorm2d)
LazyInstanceNorm3d = _lazy_norm(InstanceNorm3d)


# PyTorch's homes of these classes (what ``type(layer)`` prints, where pickles look): the
# linear and conv modules re-export them; batchnorm.py and instancenorm.py claim theirs.
def _claim_in_layer_modules() -> None:
    from . import conv, linear

    for module, names in (
        (linear, ["LazyLinear"]),
        (conv, ["LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
                "LazyConvTranspose2d"]),
    ):  # fmt: skip
        for name in names:
            cls = globals()[name]
            setattr(module, name, cls)
            cls.__module__ = module.__name__


_claim_in_layer_modules()
