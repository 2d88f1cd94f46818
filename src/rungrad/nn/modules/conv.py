"""Convolution layers: ``Conv1d``, ``Conv2d``, ``Conv3d``, ``ConvTranspose1d``,
``ConvTranspose2d``, ``ConvTranspose3d``."""

from __future__ import annotations

import math
from typing import Any

from ... import _creation
from ..._naming import own_init
from ..._ops import convolution as kernels
from ..._tensor import Tensor
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = [
    "Conv1d",
    "Conv2d",
    "Conv3d",
    "ConvTranspose1d",
    "ConvTranspose2d",
    "ConvTranspose3d",
]


def _tuple(value: Any, n: int) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * n
    return tuple(value)


class _ConvNd(Module):
    _dims = 2
    _transposed = False

    def __init__(
        self,
        in_channels: int,
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
        output_padding: Any = 0,
    ) -> None:
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        n = self._dims
        # Sets, as PyTorch's messages print them (in their hash order).
        valid_padding_strings = {"same", "valid"}
        if isinstance(padding, str):
            if padding not in valid_padding_strings:
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of {valid_padding_strings}"
                )
            if padding == "same" and any(s != 1 for s in _tuple(stride, n)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}
        if padding_mode not in valid_padding_modes:
            raise ValueError(
                f"padding_mode must be one of {valid_padding_modes}, but got "
                f"padding_mode='{padding_mode}'"
            )
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _tuple(kernel_size, n)
        self.stride = _tuple(stride, n)
        self.padding = padding if isinstance(padding, str) else _tuple(padding, n)
        self.dilation = _tuple(dilation, n)
        self.output_padding = _tuple(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        self.transposed = self._transposed
        if self._transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(_creation.empty(*shape, dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self) -> str:
        text = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        n = self._dims
        if self.padding != (0,) * n:
            text += ", padding={padding}"
        if self.dilation != (1,) * n:
            text += ", dilation={dilation}"
        if self.output_padding != (0,) * n:
            text += ", output_padding={output_padding}"
        if self.groups != 1:
            text += ", groups={groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += ", padding_mode={padding_mode}"
        return text.format(**self.__dict__)

    def _padded_input(self, input: Tensor) -> tuple[Tensor, Any]:
        if self.padding_mode == "zeros" or self.padding == "valid":
            return input, self.padding
        from ..._ops.padding import pad

        widths: list[int] = []
        if self.padding == "same":
            # The padding 'same' needs, split as PyTorch splits it: an odd total puts the
            # extra element on the right (end) side, before the mode fills it.
            for size, dilation in zip(reversed(self.kernel_size), reversed(self.dilation)):
                total = dilation * (size - 1)
                widths += [total // 2, total - total // 2]
        else:
            for size in reversed(self.padding):
                widths += [size, size]
        return pad(input, widths, mode=self.padding_mode), 0


@own_init
class Conv1d(_ConvNd):
    """Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True, padding_mode='zeros')"""

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:
        input, padding = self._padded_input(input)
        return kernels.conv1d(
            input, self.weight, self.bias, self.stride, padding, self.dilation, self.groups
        )


@own_init
class Conv2d(_ConvNd):
    """Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True, padding_mode='zeros')"""

    def forward(self, input: Tensor) -> Tensor:
        input, padding = self._padded_input(input)
        return kernels.conv2d(
            input, self.weight, self.bias, self.stride, padding, self.dilation, self.groups
        )


@own_init
class Conv3d(_ConvNd):
    """Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    groups=1, bias=True, padding_mode='zeros'): over (N, C, D, H, W) inputs."""

    _dims = 3

    def forward(self, input: Tensor) -> Tensor:
        input, padding = self._padded_input(input)
        return kernels.conv3d(
            input, self.weight, self.bias, self.stride, padding, self.dilation, self.groups
        )


class _ConvTransposeNd(_ConvNd):
    _transposed = True

    def __init__(
        self,
        in_channels: int,
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
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            device,
            dtype,
            output_padding,
        )

    def _output_padding(
        self,
        input: Tensor,
        output_size: Any,
        stride: Any,
        padding: Any,
        kernel_size: Any,
        num_spatial_dims: int,
        dilation: Any = None,
    ) -> Any:
        """The output padding that gives ``output_size`` (the layer's own when None): each
        requested size must lie between the smallest output and that plus stride - 1."""
        if output_size is None:
            return self.output_padding
        shape = tuple(input.shape)
        leading = 2 if len(shape) == num_spatial_dims + 2 else 1
        output_size = list(output_size)
        if len(output_size) == leading + num_spatial_dims:
            output_size = output_size[leading:]
        if len(output_size) != num_spatial_dims:
            raise ValueError(
                f"ConvTranspose{num_spatial_dims}D: for {len(shape)}D input, output_size must "
                f"have {num_spatial_dims} or {leading + num_spatial_dims} elements (got "
                f"{len(output_size)})"
            )
        smallest, largest = [], []
        for d in range(num_spatial_dims):
            spread = (dilation[d] if dilation is not None else 1) * (kernel_size[d] - 1)
            size = (shape[d + leading] - 1) * stride[d] - 2 * padding[d] + spread + 1
            smallest.append(size)
            largest.append(size + stride[d] - 1)
        for size, low, high in zip(output_size, smallest, largest):
            if size < low or size > high:
                raise ValueError(
                    f"requested an output size of {output_size}, but valid sizes range from "
                    f"{smallest} to {largest} (for an input of {input.size()[2:]})"
                )
        return [size - low for size, low in zip(output_size, smallest)]

    def _transpose_kernel(self, kernel: Any, input: Tensor, output_size: Any) -> Tensor:
        output_padding = self._output_padding(
            input, output_size, self.stride, self.padding, self.kernel_size, self._dims,
            self.dilation,
        )  # fmt: skip
        return kernel(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            output_padding,
            self.groups,
            self.dilation,
        )


@own_init
class ConvTranspose1d(_ConvTransposeNd):
    """ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, groups=1, bias=True, dilation=1)"""

    _dims = 1

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:
        return self._transpose_kernel(kernels.conv_transpose1d, input, output_size)


@own_init
class ConvTranspose2d(_ConvTransposeNd):
    """ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, groups=1, bias=True, dilation=1)"""

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:
        return self._transpose_kernel(kernels.conv_transpose2d, input, output_size)


@own_init
class ConvTranspose3d(_ConvTransposeNd):
    """ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, groups=1, bias=True, dilation=1): over (N, C, D, H, W) inputs."""

    _dims = 3

    def forward(self, input: Tensor, output_size: Any = None) -> Tensor:
        return self._transpose_kernel(kernels.conv_transpose3d, input, output_size)
