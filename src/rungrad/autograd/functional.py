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


# -- strict mode: PyTorch's checks, in PyTorch's order ---------------------------------------
_NOT_DIFFERENTIABLE = {
    "outputs": "Output {i} of the user-provided function does not require gradients. The "
    "outputs must be computed in a differentiable manner from the input when running in "
    "strict mode.",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of the "
    "user-provided function. This is not allowed in strict mode.",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided "
    "function with respect to input {i} is independent of the input. This is not allowed in "
    "strict mode. You should ensure that your function is twice differentiable and that the "
    "jacobian depends on the inputs (this would be violated by a linear function for example).",
    "hessian": "The hessian of the user-provided function with respect to input {i} is "
    "independent of the input. This is not allowed in strict mode. You should ensure that your "
    "function is thrice differentiable and that the hessian depends on the inputs.",
}

_INDEPENDENT = {
    "back": "The output of the user-provided function is independent of input {i}. This is not "
    "allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
    "grad_outputs when using the double backward trick to compute forward mode gradients. This "
    "is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
    "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} "
    "in the grad_jacobian. This is not allowed in strict mode as it prevents from using the "
    "double backward trick to replace forward mode AD.",
}


def _check_requires_grad(values: tuple[Any, ...], kind: str, strict: bool) -> None:
    """In strict mode, each of ``values`` must exist and require grad."""
    if not strict:
        return
    for i, value in enumerate(values):
        if value is None:
            raise RuntimeError(_INDEPENDENT["back"].format(i=i))
        if not value.requires_grad:
            raise RuntimeError(_NOT_DIFFERENTIABLE[kind].format(i=i))


def _autograd_grad(
    outputs: tuple[Any, ...],
    inputs: tuple[Tensor, ...],
    grad_outputs: tuple[Any, ...] | None = None,
    create_graph: bool = False,
) -> tuple[Any, ...]:
    """``autograd.grad`` of the outputs that require grad (None for every input if none does)."""
    from . import grad

    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return grad(
        [o for o, _ in pairs],
        inputs,
        [g for _, g in pairs],
        retain_graph=True,
        create_graph=create_graph,
        allow_unused=True,
    )


def _fill_in_zeros(
    grads: tuple[Any, ...], refs: tuple[Tensor, ...], strict: bool, create_graph: bool, stage: str
) -> tuple[Tensor, ...]:
    """Zeros for the gradients that are None (an error in strict mode)."""
    filled = []
    for i, (gradient, ref) in enumerate(zip(grads, refs)):
        if gradient is None:
            if strict:
                raise RuntimeError(_INDEPENDENT[stage].format(i=i))
            gradient = ref.new_zeros(ref.shape)
        elif strict and create_graph and not gradient.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(
                f"The {what} of the user-provided function is independent of input {i}. This is "
                "not allowed in strict mode when create_graph=True."
            )
        filled.append(gradient)
    return tuple(filled)


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
        _check_requires_grad(outputs, "outputs", strict)
        vectors = _vectors(v, outputs, outputs_is_tuple, "vjp")
        grads = _autograd_grad(outputs, inputs_tuple, vectors, create_graph)
        grads = _fill_in_zeros(grads, inputs_tuple, strict, create_graph, "back")
    outputs = _finish(outputs, create_graph)
    grads = _finish(grads, create_graph)
    return (
        outputs if outputs_is_tuple else outputs[0],
        grads if inputs_is_tuple else grads[0],
    )


def _vectors(
    v: Any, like: tuple[Tensor, ...], like_is_tuple: bool, name: str
) -> tuple[Tensor, ...]:
    """``v`` as a tuple of tensors, one per tensor of ``like`` and of its size (the outputs
    for vjp, the inputs for jvp, hvp and vhp)."""
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
                if name == "vjp"
                else "The vector v can only be None if the input to the user-provided function "
                "is a single Tensor with a single element."
            )
        return (like[0].new_ones(like[0].shape),)
    _, vectors = _as_tuple(v, "v", name)
    if len(vectors) != len(like):
        if not like_is_tuple:
            raise RuntimeError("The given v should contain a single Tensor.")
        raise RuntimeError(
            f"v is a tuple of invalid length: should be {len(like)} but got {len(vectors)}."
        )
    for index, (vector, tensor) in enumerate(zip(vectors, like)):
        if vector.shape != tensor.shape:
            entry = f"Entry {index} in " if len(like) > 1 else ""
            raise RuntimeError(
                f"{entry}v has invalid size: should be {tensor.shape} but got {vector.shape}."
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
        inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", "jvp")
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        vectors = _vectors(v, inputs_tuple, inputs_is_tuple, "jvp")
        outputs_is_tuple, outputs = _call(func, inputs_tuple, "jvp")
        _check_requires_grad(outputs, "outputs", strict)
        # u -> J^T u is linear in u; the gradient of <J^T u, v> with respect to u is J v.
        dummies = tuple(o.new_zeros(o.shape).requires_grad_(True) for o in outputs)
        transposed = _autograd_grad(outputs, inputs_tuple, dummies, create_graph=True)
        _check_requires_grad(transposed, "grad_inputs", strict)
        products = _autograd_grad(transposed, dummies, vectors, create_graph)
        products = _fill_in_zeros(products, outputs, strict, create_graph, "back_trick")
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
        raise AssertionError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".'
        )
    if strategy == "forward-mode" and not vectorize:
        raise NotImplementedError(
            "Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
            "only implemented for `vectorize=True`."
        )
    if strategy == "forward-mode" and create_graph:
        raise NotImplementedError(
            "torch.autograd.functional.jacobian: `create_graph=True` and "
            '`strategy="forward-mode"` are not supported together (yet). Please either set '
            '`create_graph=False` or `strategy="reverse-mode"`.'
        )
    if strict and vectorize:
        raise RuntimeError(
            "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not "
            "supported together. Please either set `strict=False` or `vectorize=False`."
        )
    with enable_grad():
        inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", "jacobian")
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        outputs_is_tuple, outputs = _call(func, inputs_tuple, "jacobian")
        _check_requires_grad(outputs, "outputs", strict)
        rows: list[tuple[Tensor, ...]] = []
        for output_index, output in enumerate(outputs):
            per_input: list[list[Tensor]] = [[] for _ in inputs_tuple]
            flat = output.reshape(-1)
            for index in range(flat.numel()):
                grads = _autograd_grad((flat[index],), inputs_tuple, None, create_graph)
                for input_index, (slot, gradient, tensor) in enumerate(
                    zip(per_input, grads, inputs_tuple)
                ):
                    if gradient is None:
                        if strict:
                            raise RuntimeError(
                                f"Output {output_index} of the user-provided function is "
                                f"independent of input {input_index}. This is not allowed in "
                                "strict mode."
                            )
                        gradient = tensor.new_zeros(tensor.shape)
                    elif strict and create_graph and not gradient.requires_grad:
                        raise RuntimeError(
                            "The jacobian of the user-provided function is independent of "
                            f"input {input_index}. This is not allowed in strict mode when "
                            "create_graph=True."
                        )
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
    elif strategy == "forward-mode":  # PyTorch's forward mode nests them in lists
        result = [list(row) for row in result]  # type: ignore[assignment]
    return result if outputs_is_tuple else result[0]


def _stack_rows(rows: list[Tensor], output: Tensor, input: Tensor) -> Tensor:
    """The gradients of each output element, stacked and shaped ``output + input``."""
    from .._ops.shape import stack

    if not rows:
        return input.new_zeros(tuple(output.shape) + tuple(input.shape))
    return stack(rows, 0).view(tuple(output.shape) + tuple(input.shape))


def hessian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The Hessian of a scalar function at ``inputs`` (nested per pair of inputs): the
    Jacobian of its gradient, which is itself a Jacobian."""
    inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", "hessian")

    def single_output(*args: Tensor) -> Tensor:
        out = func(*args)
        is_tuple, outputs = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(outputs, "outputs", strict)
        _check_single_element(is_tuple, outputs, "hessian")
        return out.squeeze()

    def gradient(*args: Tensor) -> tuple[Tensor, ...]:
        jac = jacobian(single_output, args, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        return jac

    result = jacobian(
        gradient,
        inputs_tuple,
        create_graph=create_graph,
        strict=strict,
        vectorize=vectorize,
        strategy=outer_jacobian_strategy,
    )
    if outer_jacobian_strategy == "forward-mode":  # lists (see jacobian)
        result = [[_forward_over_reverse(block) for block in row] for row in result]
    return result if inputs_is_tuple else result[0][0]


def _forward_over_reverse(block: Tensor) -> Tensor:
    """A Hessian block as PyTorch's forward-over-reverse gives it: still attached to the graph
    of the (internal, detached) inputs it was computed at, through the reshape of its last
    step (a ``view`` for a 0-dim block). Here the values come from reverse mode; the graph
    they hang from ends at a leaf of their own, as PyTorch's ends at its input copies."""
    from .._ops.shape import _reshape_alias

    carrier = block.detach().requires_grad_()
    if block.dim() == 0:
        return carrier.view(())
    return _reshape_alias(carrier, tuple(block.shape))


def _check_single_element(is_tuple: bool, outputs: tuple[Tensor, ...], name: str) -> None:
    if is_tuple:
        raise RuntimeError(f"The function given to {name} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {name} should contain a single element"
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
    """Return ``(func(inputs), H v)`` for a scalar function, by the double-backward trick."""
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(
    func: Callable[..., Any], inputs: Any, v: Any, create_graph: bool, strict: bool, name: str
) -> tuple[Any, Any]:
    with enable_grad():
        inputs_is_tuple, inputs_tuple = _as_tuple(inputs, "inputs", name)
        inputs_tuple = _prepare(inputs_tuple, create_graph)
        vectors = _vectors(v, inputs_tuple, inputs_is_tuple, name)
        outputs_is_tuple, outputs = _call(func, inputs_tuple, name)
        _check_requires_grad(outputs, "outputs", strict)
        _check_single_element(outputs_is_tuple, outputs, name)
        jac = _autograd_grad(outputs, inputs_tuple, None, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict)
        if name == "vhp":
            products = _autograd_grad(jac, inputs_tuple, vectors, create_graph)
            products = _fill_in_zeros(products, inputs_tuple, strict, create_graph, "double_back")
        else:
            # H v = the gradient, with respect to u, of the VJP of the gradient with u.
            dummies = tuple(t.new_zeros(t.shape).requires_grad_(True) for t in inputs_tuple)
            double_back = _autograd_grad(jac, inputs_tuple, dummies, create_graph=True)
            _check_requires_grad(jac, "hessian", strict)
            products = _autograd_grad(double_back, dummies, vectors, create_graph)
            products = _fill_in_zeros(
                products, inputs_tuple, strict, create_graph, "double_back_trick"
            )
    output = _finish(outputs, create_graph)[0]
    products = _finish(products, create_graph)
    return output, products if inputs_is_tuple else products[0]
