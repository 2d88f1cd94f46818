"""``rungrad.autograd``: compute gradients of tensors with respect to graph leaves.

``backward`` accumulates into ``.grad``; ``grad`` returns the gradients instead. Both build
the root gradients, check PyTorch's preconditions, and hand the walk to ``engine``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._runtime import warn_once
from .._tensor import Tensor
from ..autograd import graph
from .anomaly_mode import detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .engine import run_backward
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    is_multithreading_enabled,
    is_view_replay_enabled,
    no_grad,
    set_grad_enabled,
    set_multithreading_enabled,
)
from .gradcheck import gradcheck, gradgradcheck
from .variable import Variable

__all__ = [
    "Function",
    "FunctionCtx",
    "Variable",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "graph",
    "inference_mode",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "no_grad",
    "once_differentiable",
    "set_detect_anomaly",
    "set_grad_enabled",
    "set_multithreading_enabled",
    "is_multithreading_enabled",
    "is_view_replay_enabled",
]

_TensorOrTensors = Tensor | Sequence[Tensor]
_TENSOR_OR_EDGE = (Tensor, graph.GradientEdge)

_CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak. (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)"
)


def _as_tuple(tensors: Any) -> tuple[Any, ...]:
    """One tensor (or edge) as a 1-tuple, else the given iterable as a tuple (None is not
    one: PyTorch's TypeError)."""
    if isinstance(tensors, _TENSOR_OR_EDGE):  # one, though an edge is a tuple
        return (tensors,)
    return tuple(tensors)


def _make_grads(outputs: Sequence[Tensor], grads: Sequence[Any]) -> list[Tensor | None]:
    """The gradient each output starts with: given, or 1 for a scalar output."""
    result: list[Tensor | None] = []
    for i, (output, grad) in enumerate(zip(outputs, grads)):
        if type(output) is graph.GradientEdge:  # its shape is the node's business
            if grad is None:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            result.append(grad)
            continue
        if not isinstance(output, Tensor):
            raise AssertionError("Expected output to be a rungrad.Tensor")
        if grad is None:
            if not output._requires_grad:
                result.append(None)  # reported as "does not require grad" below
                continue
            if output._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if output._data.dtype.kind not in "fV":
                raise RuntimeError(
                    "grad can be implicitly created only for real scalar outputs but got "
                    f"{output.dtype!r}"
                )
            data = output._data  # a 0-d one: np.array, three times cheaper than np.ones
            one = np.array(1, data.dtype) if not data.ndim else np.ones(data.shape, data.dtype)
            result.append(Tensor._from_array(one))
            continue
        if not isinstance(grad, Tensor):
            raise TypeError(
                "gradients can be either Tensors or None, but got " + type(grad).__name__
            )
        if grad._data.shape != output._data.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {grad.shape!r} and "
                f"output[{i}] has a shape of {output.shape!r}."
            )
        if grad._data.dtype != output._data.dtype:
            grad = grad.to(output.dtype)
        result.append(grad)
    return result


def _gradients_tuple(grad_tensors: Any, count: int) -> tuple[Any, ...]:
    if grad_tensors is None:
        return (None,) * count
    return _as_tuple(grad_tensors)


def _warn_create_graph() -> None:
    """PyTorch warns once per process that ``backward(create_graph=True)`` makes a cycle."""
    warn_once(_CREATE_GRAPH_WARNING, UserWarning, stacklevel=3)


def _check_input(tensor: Any) -> None:
    if not isinstance(tensor, _TENSOR_OR_EDGE):
        raise RuntimeError(
            f"all inputs have to be Tensors or GradientEdges, but got {type(tensor).__name__}"
        )


def _edge_of(tensor: Any) -> Any:
    """The edge of a tensor, or a GradientEdge's own (node, output_nr)."""
    if type(tensor) is graph.GradientEdge:
        return tensor[:2]
    return graph.edge_of(tensor)


def _root_edges(outputs: Sequence[Any]) -> list[Any]:
    edges = []
    for i, output in enumerate(outputs):
        if type(output) is graph.GradientEdge:
            edges.append(output[:2])
            continue
        if not output._requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        edges.append(_edge_of(output))
    return edges


def backward(
    tensors: _TensorOrTensors,
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    grad_variables: Any = None,
    inputs: Any = None,
) -> None:
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the graph's leaves.

    ``grad_tensors`` are the vectors of the vector-Jacobian product (needed for non-scalar
    outputs). ``retain_graph`` keeps saved tensors for another pass (defaults to
    ``create_graph``). ``create_graph`` records the backward pass itself, for higher-order
    derivatives. ``inputs`` restricts accumulation to those tensors.
    """
    if (
        grad_tensors is None
        and inputs is None
        and not create_graph
        and grad_variables is None
        and isinstance(tensors, Tensor)
        and tensors._grad_fn is not None
        and not (data := tensors._data).ndim
        and data.dtype.kind in "fV"
    ):
        # ``loss.backward()``, the commonest call: its one root and implicit gradient, 1,
        # need none of the argument handling below.
        one = Tensor._from_array(np.array(1, data.dtype))
        root = ((tensors._grad_fn, tensors._output_nr),)
        run_backward(root, (one,), retain_graph=bool(retain_graph), create_graph=False)
        return
    outputs = _as_tuple(tensors)
    if grad_variables is not None:
        warnings.warn(
            "`grad_variables` is deprecated. Use `grad_tensors` instead.",
            FutureWarning,
            stacklevel=2,
        )
        if grad_tensors is not None:
            raise RuntimeError(
                "`grad_tensors` and `grad_variables` (deprecated) arguments both passed to "
                "`backward()`. Please only use `grad_tensors`."
            )
        grad_tensors = grad_variables
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    # Extra gradients are ignored and missing ones reported, as in PyTorch (which zips).
    root_grads = _make_grads(outputs, _gradients_tuple(grad_tensors, len(outputs)))
    if len(root_grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(root_grads)} gradients")
    if retain_graph is None:
        retain_graph = create_graph
    edges = _root_edges(outputs)
    if create_graph:
        _warn_create_graph()
    input_edges = None
    if inputs is not None:
        input_edges = []
        for tensor in inputs:
            _check_input(tensor)
            if type(tensor) is graph.GradientEdge:  # a leaf's accumulates; others just run
                input_edges.append(tensor[:2])
                continue
            if tensor._grad_fn is not None or not tensor._requires_grad:
                tensor.retain_grad()  # a non-leaf input gets its .grad through retain_grad
            input_edges.append(_edge_of(tensor))
    run_backward(
        edges,
        root_grads,  # type: ignore[arg-type]
        retain_graph=retain_graph,
        create_graph=create_graph,
        input_edges=input_edges,
    )


def grad(
    outputs: _TensorOrTensors,
    inputs: _TensorOrTensors,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    only_inputs: bool = True,
    allow_unused: bool | None = None,
    is_grads_batched: bool = False,
    materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """Return the gradients of ``outputs`` with respect to ``inputs`` (no ``.grad`` changes).

    Example::

        >>> import rungrad as torch
        >>> x = torch.tensor(3.0, requires_grad=True)
        >>> torch.autograd.grad(x ** 2, x)
        (tensor(6.),)
    """
    if is_grads_batched:
        return _batched_grad(
            outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused,
            materialize_grads,
        )  # fmt: skip
    if allow_unused is None:
        allow_unused = materialize_grads
    if materialize_grads and not allow_unused:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    outputs_tuple = _as_tuple(outputs)
    inputs_tuple = _as_tuple(inputs)
    if not inputs_tuple:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if not only_inputs:
        warnings.warn(
            "only_inputs argument is deprecated and is ignored now (defaults to True). To "
            "accumulate gradient for other parts of the graph, please use "
            "rungrad.autograd.backward.",
            FutureWarning,
            stacklevel=2,
        )
    root_grads = _make_grads(outputs_tuple, _gradients_tuple(grad_outputs, len(outputs_tuple)))
    if len(root_grads) != len(outputs_tuple):
        raise RuntimeError(f"got {len(outputs_tuple)} tensors and {len(root_grads)} gradients")
    if retain_graph is None:
        retain_graph = create_graph
    edges = _root_edges(outputs_tuple)
    for tensor in inputs_tuple:
        _check_input(tensor)
        if type(tensor) is not graph.GradientEdge and not tensor._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    grads = run_backward(
        edges,
        root_grads,  # type: ignore[arg-type]
        retain_graph=retain_graph,
        create_graph=create_graph,
        input_edges=[_edge_of(t) for t in inputs_tuple],
        accumulate=False,
    )
    result: list[Tensor | None] = []
    for index, (tensor, gradient) in enumerate(zip(inputs_tuple, grads)):
        if gradient is None:
            if materialize_grads and type(tensor) is not graph.GradientEdge:
                gradient = tensor.new_zeros(tensor.shape)
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {index} appears to not have been used "
                    "in the graph. Set allow_unused=True if this is the desired behavior."
                )
        result.append(gradient)
    return tuple(result)


def _batched_grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any,
    retain_graph: bool | None,
    create_graph: bool,
    allow_unused: bool | None,
    materialize_grads: bool,
) -> tuple[Tensor | None, ...]:
    """``grad(..., is_grads_batched=True)``: the first dim of each grad_output is a batch; one
    backward pass per entry, the results stacked along a new first dim."""
    from .._ops.shape import stack

    outputs_tuple = _as_tuple(outputs)
    batches = _gradients_tuple(grad_outputs, len(outputs_tuple))
    _check_batched_grads(outputs_tuple, batches)
    size = len(next(g for g in batches if g is not None))
    if retain_graph is None:
        retain_graph = create_graph
    passes = [
        grad(
            outputs_tuple,
            inputs,
            [None if g is None else g[index] for g in batches],
            retain_graph=retain_graph or index < size - 1,
            create_graph=create_graph,
            allow_unused=allow_unused,
            materialize_grads=materialize_grads,
        )
        for index in range(size)
    ]
    return tuple(None if column[0] is None else stack(list(column)) for column in zip(*passes))


def _check_batched_grads(outputs: Sequence[Tensor], batches: Sequence[Any]) -> None:
    """PyTorch's checks of batched grad_outputs, with its messages: each entry of a batch
    has its output's shape, an output without one gets an implicit gradient (which has no
    batch dimension to map over), and the batches have one size."""
    from .._size import Size

    unmapped = []  # per output: None, or why vmap cannot map over its gradient
    for index, (output, batch) in enumerate(zip(outputs, batches)):
        if batch is None:
            if not output.requires_grad:
                unmapped.append(
                    "Got in_dim=0 for an input but the input is of type <class 'NoneType'>. We "
                    "cannot vmap over non-Tensor arguments, please use None as the respective "
                    "in_dim"
                )
            elif output.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            else:  # an implicit gradient: 0-d
                unmapped.append(
                    "Got in_dim=0 for some input, but that input is a Tensor of dimensionality "
                    "0 so expected in_dim to satisfy 0 <= in_dim < 0."
                )
            continue
        if batch.dim() == 0:
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
            )
        entry_shape = batch.shape[1:]
        if entry_shape != output.shape:
            raise RuntimeError(
                "If `is_grads_batched=True`, we interpret the first dimension of each "
                "grad_output as the batch dimension. The sizes of the remaining dimensions are "
                "expected to match the shape of corresponding output, but a mismatch was "
                f"detected: grad_output[{index}] has a shape of {Size(entry_shape[1:])} and "
                f"output[{index}] has a shape of {output.shape}. If you only want some tensors "
                "in `grad_output` to be considered batched, consider using vmap."
            )
    if unmapped:
        raise ValueError(f"vmap(vjp, in_dims=0, ...)(<inputs>): {unmapped[0]}")
    sizes = [len(batch) for batch in batches if batch is not None]
    if len(set(sizes)) > 1:
        raise ValueError(
            "vmap: Expected all tensors to have the same size in the mapped dimension, got "
            f"sizes {sizes} for the mapped dimension"
        )


def __getattr__(name: str) -> Any:
    """``rungrad.autograd.functional`` (and ``.profiler``) on first use (PEP 562): there after
    ``import rungrad`` as ``torch.autograd.functional`` is after ``import torch``, without
    slowing the import."""
    if name in ("functional", "profiler"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
