"""``autograd.functional``: Jacobians, Hessians and their products for functions of tensors.

Every routine is built from ``autograd.grad``: a vector-Jacobian product is one backward
pass; a Jacobian is one backward pass per output element; a Jacobian-vector product uses
the double-backward trick (the VJP is linear in its vector, so differentiating it with
respect to that vector gives the JVP).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._tensor import Tensor
from .grad_mode import enable_grad

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]


def _as_tuple(value: Any, arg_name: str, fn_name: str) -> tuple[bool, tuple[Any, ...]]:
    is_tuple = isinstance(value, tuple)
    items = value if is_tuple else (value,)
    for index, item in enumerate(items):
        if not isinstance(item, Tensor):
            where = f"Entry {index} in " if is_tuple else ""
            raise TypeError(
                f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors "
                f"but the value at index {index} has type {type(item)}."
                if is_tuple
                else f"{where}The {arg_name} given to {fn_name} must be either a Tensor or a "
                f"tuple of Tensors but the given {arg_name} has type {type(item)}."
            )
    return is_tuple, items


def _prepare(inputs: tuple[Tensor, ...], create_graph: bool) -> tuple[Tensor, ...]:
    """Fresh tensors that require grad, connected to the originals only under create_graph."""
    prepared = []
    for tensor in inputs:
        if create_graph and tensor.requires_grad:
            prepared.append(tensor.view_as(tensor))
        else:
            prepared.append(tensor.detach().requires_grad_(True))
    return tuple(prepared)


def _finish(values: tuple[Any, ...], create_graph: bool) -> tuple[Any, ...]:
    if create_graph:
        return values
    return tuple(v.detach() if isinstance(v, Tensor) else v for v in values)


def _grads(
    outputs: tuple[Tensor, ...],
    inputs: tuple[Tensor, ...],
    grad_outputs: Any,
    create_graph: bool,
    strict: bool,
    stage: str,
    subject: str = "The output",
) -> tuple[Tensor, ...]:
    """Gradients of ``outputs`` w.r.t. ``inputs``; unused inputs get zeros (or an error)."""
    from . import grad

    differentiable = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if differentiable:
        result = grad(
            [o for o, _ in differentiable],
            inputs,
            [g for _, g in differentiable],
            retain_graph=True,
            create_graph=create_graph,
            allow_unused=True,
        )
    else:
        result = (None,) * len(inputs)
    filled = []
    for index, (tensor, gradient) in enumerate(zip(inputs, result)):
        if gradient is None:
            if strict:
                raise RuntimeError(
                    f"{subject} of the user-provided function is independent of input {index}. "
                    f"This is not allowed in strict mode{stage}."
                )
            gradient = tensor.new_zeros(tensor.shape)
        filled.append(gradient)
    return tuple(filled)


def _call(func: Callable[..., Any], inputs: tuple[Tensor, ...], name: str) -> Any:
    outputs = func(*inputs)
    is_tuple, outputs_tuple = _as_tuple(outputs, "outputs of the user-provided function", name)
    return is_tuple, outputs_tuple


def vjp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """Return ``(func(inputs), v^T J)``: the vector-Jacobian product at ``inputs``."""
    with enable_grad():
        inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", "vjp")
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        outputs_is_tuple, outputs = _call(func, inputs_tuple, "vjp")
        vectors = _vectors(v, outputs, "vjp", "func's output")
        grads = _grads(outputs, inputs_tuple, vectors, create_graph, strict, "")
    outputs = _finish(outputs, create_graph)
    grads = _finish(grads, create_graph)
    return (
        outputs if outputs_is_tuple else outputs[0],
        grads if inputs_is_tuple else grads[0],
    )


def _vectors(v: Any, like: tuple[Tensor, ...], name: str, what: str) -> tuple[Tensor, ...]:
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
                if name in ("vjp", "vhp", "hvp")
                else "The vector v can only be None if the input to the user-provided function "
                "is a single Tensor with a single element."
            )
        return (like[0].new_ones(like[0].shape),)
    _, vectors = _as_tuple(v, "v", name)
    if len(vectors) != len(like):
        raise RuntimeError(
            f"v is a tuple of invalid length: should be {len(like)} but got {len(vectors)}."
        )
    for vector, tensor in zip(vectors, like):
        if vector.shape != tensor.shape:
            raise RuntimeError(
                f"Mismatch in shape: v has shape {tuple(vector.shape)} while {what} has shape "
                f"{tuple(tensor.shape)}."
            )
    return vectors


def jvp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """Return ``(func(inputs), J v)``: the Jacobian-vector product at ``inputs``."""
    with enable_grad():
        _, inputs_tuple = _as_tuple(inputs, "inputs", "jvp")
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        vectors = _vectors(v, inputs_tuple, "jvp", "user-provided function's input")
        outputs_is_tuple, outputs = _call(func, inputs_tuple, "jvp")
        # u -> J^T u is linear in u; the gradient of <J^T u, v> with respect to u is J v.
        dummies = tuple(o.new_zeros(o.shape).requires_grad_(True) for o in outputs)
        transposed = _grads(outputs, inputs_tuple, dummies, True, strict, "")
        products = _grads(transposed, dummies, vectors, create_graph, strict, " for jvp")
    outputs, products = _finish(outputs, create_graph), _finish(products, create_graph)
    if outputs_is_tuple:
        return outputs, products
    return outputs[0], products[0]


def jacobian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian of ``func`` at ``inputs``: for each (output, input) pair a tensor of shape
    ``output.shape + input.shape``, nested in tuples like the outputs and inputs."""
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".'
        )
    with enable_grad():
        inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", "jacobian")
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        outputs_is_tuple, outputs = _call(func, inputs_tuple, "jacobian")
        rows: list[tuple[Tensor, ...]] = []
        for output_index, output in enumerate(outputs):
            per_input: list[list[Tensor]] = [[] for _ in inputs_tuple]
            flat = output.reshape(-1)
            for index in range(flat.numel()):
                selector = flat.new_zeros(flat.shape)
                selector[index] = 1
                grads = _grads(
                    (output,),
                    inputs_tuple,
                    (selector.view_as(output),),
                    create_graph,
                    strict,
                    "",
                    f"Output {output_index}",
                )
                for slot, gradient in zip(per_input, grads):
                    slot.append(gradient)
            rows.append(
                tuple(
                    _stack_rows(slot, output, tensor)
                    for slot, tensor in zip(per_input, inputs_tuple)
                )
            )
    result = tuple(_finish(row, create_graph) for row in rows)
    if not inputs_is_tuple:
        result = tuple(row[0] for row in result)
    return result if outputs_is_tuple else result[0]


def _stack_rows(rows: list[Tensor], output: Tensor, input: Tensor) -> Tensor:
    from .._ops.shape import reshape

    if not rows:
        return input.new_zeros(tuple(output.shape) + tuple(input.shape))
    flat_rows = [row.reshape(1, -1) for row in rows]
    joined = flat_rows[0]
    for row in flat_rows[1:]:
        joined = _concat(joined, row)
    return reshape(joined, tuple(output.shape) + tuple(input.shape))


def _concat(first: Tensor, second: Tensor) -> Tensor:
    """Stack rows without a cat op: pad each into place and add (differentiable)."""
    from .._ops.padding import pad

    return pad(first, (0, 0, 0, second.shape[0])) + pad(second, (0, 0, first.shape[0], 0))


def hessian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The Hessian of a scalar function at ``inputs`` (nested per pair of inputs)."""
    inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*args: Tensor) -> Any:
        output = func(*args)
        _, outputs = _as_tuple(output, "outputs of the user-provided function", "hessian")
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(
                "The function given to hessian should return a single Tensor containing a "
                "single element."
            )
        grads = _grads(
            outputs, args, (outputs[0].new_ones(outputs[0].shape),), True, strict, " for hessian"
        )
        return grads if inputs_is_tuple else grads[0]

    return jacobian(
        gradient,
        inputs_tuple if inputs_is_tuple else inputs_tuple[0],
        create_graph=create_graph,
        strict=strict,
    )


def vhp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """Return ``(func(inputs), v^T H)`` for a scalar function."""
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """Return ``(func(inputs), H v)`` for a scalar function (H is symmetric: same as vhp)."""
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(
    func: Callable[..., Any], inputs: Any, v: Any, create_graph: bool, strict: bool, name: str
) -> tuple[Any, Any]:
    with enable_grad():
        inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", name)
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        vectors = _vectors(v, inputs_tuple, "jvp", "user-provided function's input")
        _, outputs = _call(func, inputs_tuple, name)
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(
                "The function given to hvp should return a single Tensor containing a single "
                "element."
                if name == "hvp"
                else "The Tensor returned by the function given to "
                "vhp should contain a single element"
            )
        grads = _grads(
            outputs, inputs_tuple, (outputs[0].new_ones(outputs[0].shape),), True, strict, ""
        )
        products = _grads(grads, inputs_tuple, vectors, create_graph, strict, f" for {name}")
    output = _finish(outputs, create_graph)[0]
    products = _finish(products, create_graph)
    return output, products if inputs_is_tuple else products[0]
