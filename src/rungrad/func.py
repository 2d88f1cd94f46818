"""``rungrad.func``: PyTorch's function transforms, built on the autograd engine.

``grad(f)(x)`` is the gradient of a scalar function, ``vjp``/``jvp`` products with the
Jacobian, ``jacrev``/``jacfwd`` the Jacobian, ``hessian`` the matrix of second derivatives,
``vmap(f)`` maps ``f`` over a batch dimension and ``functional_call`` runs a module with other
parameters. The transforms compose (``grad(grad(f))``, ``jacrev(jacrev(f))``): each records
the graph of what it returns whenever its inputs are themselves being differentiated.

NOTE [Function transforms on the engine]
PyTorch implements these with per-level dispatch (forward-mode duals, batching rules). Here
each transform is a use of reverse mode: ``grad`` and ``vjp`` call ``autograd.grad`` with
``create_graph=True`` on copies of the inputs that require grad; ``jvp`` is the transpose of a
vjp (the vjp is linear in its cotangent, so differentiating it with respect to the cotangent
gives J·v); ``jacrev`` stacks one vjp per output element (rows), ``jacfwd`` one such J·e per
input element (columns, with forward mode's signed zeros); ``vmap`` runs ``f`` once per slice and
stacks the results. Values and gradients are PyTorch's; the cost is that of a loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ._tensor import Tensor
from .autograd import grad as _autograd_grad
from .autograd.function import TRANSFORMS
from .autograd.functional import _grads
from .autograd.grad_mode import enable_grad

__all__ = [
    "functional_call",
    "grad",
    "grad_and_value",
    "hessian",
    "jacfwd",
    "jacrev",
    "jvp",
    "linearize",
    "stack_module_state",
    "vjp",
    "vmap",
]


# -- pytrees: nested tuples, lists and dicts of tensors ---------------------------------------
def _flatten(tree: Any) -> tuple[list[Any], Callable[[list[Any]], Any]]:
    """The leaves of ``tree`` in order, and a function that rebuilds it from new leaves."""
    if isinstance(tree, (tuple, list)):
        parts = [_flatten(item) for item in tree]
        counts = [len(leaves) for leaves, _ in parts]

        def rebuild_sequence(leaves: list[Any]) -> Any:
            items, start = [], 0
            for (_, rebuild), count in zip(parts, counts):
                items.append(rebuild(leaves[start : start + count]))
                start += count
            return type(tree)(items) if not hasattr(tree, "_fields") else type(tree)(*items)

        return [leaf for leaves, _ in parts for leaf in leaves], rebuild_sequence
    if isinstance(tree, dict):
        keys = list(tree)
        leaves, rebuild_values = _flatten([tree[key] for key in keys])
        return leaves, lambda new: dict(zip(keys, rebuild_values(new)))
    return [tree], lambda leaves: leaves[0]


def _tensor_leaves(tree: Any, what: str) -> tuple[list[Tensor], Callable[[list[Any]], Any]]:
    leaves, rebuild = _flatten(tree)
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(
                f"{what}: Expected f to be a function that has non-empty inputs and outputs "
                f"that are Tensors, got {type(leaf).__name__}"
            )
    return leaves, rebuild


# -- grad and vjp ------------------------------------------------------------------------------
class _Nesting(threading.local):
    depth = 0  # how many differentiating transforms are running their function


_NESTING = _Nesting()


@contextmanager
def _inside_transform() -> Iterator[None]:
    """While a transform runs its function, transforms called by it know they are nested: an
    outer one may differentiate what they return (through the variables ``f`` closes over)."""
    _NESTING.depth += 1
    TRANSFORMS.active += 1
    try:
        yield
    finally:
        _NESTING.depth -= 1
        TRANSFORMS.active -= 1


@contextmanager
def _inside_vmap() -> Iterator[None]:
    """While vmap runs its function: custom Functions applied there must support vmap."""
    TRANSFORMS.active += 1
    TRANSFORMS.vmaps += 1
    try:
        yield
    finally:
        TRANSFORMS.active -= 1
        TRANSFORMS.vmaps -= 1


def _differentiable_copies(leaves: list[Tensor]) -> tuple[list[Tensor], bool]:
    """Inputs to differentiate with respect to: a tensor already being differentiated (by an
    outer transform or by the caller's graph) is used itself, so its graph continues; any
    other is a fresh leaf. Also whether the results must keep their graph: some input was
    being differentiated already, or this transform runs inside another."""
    copies, nested = [], _NESTING.depth > 0
    for leaf in leaves:
        if leaf.requires_grad:
            nested = True
            copies.append(leaf.view_as(leaf))
        else:
            copies.append(leaf.detach().requires_grad_())
    return copies, nested


def _finish(tensors: list[Any], keep_graph: bool) -> list[Any]:
    """Results leave a transform detached unless an outer differentiation needs their graph."""
    if keep_graph:
        return tensors
    return [t.detach() if isinstance(t, Tensor) else t for t in tensors]


def _split_aux(output: Any, has_aux: bool, call: str) -> tuple[Any, Any]:
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(
            f"{call}: output of function f should be a tuple: (output, aux) if has_aux is True"
        )
    return output


def _argnums_tuple(argnums: int | tuple[int, ...], count: int, what: str) -> tuple[int, ...]:
    numbers = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not numbers:
        raise RuntimeError(f"{what}: argnums must be non-empty")
    for number in numbers:
        if not -count <= number < count:
            raise RuntimeError(f"Got argnum={number}, but only {count} positional inputs")
    return tuple(number % count for number in numbers)


def grad_and_value(
    func: Callable[..., Any], argnums: int | tuple[int, ...] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """grad_and_value(func, argnums=0, has_aux=False) -> function returning (grad, value)

    Like ``grad``, and also returns ``func``'s output (``(grad, (output, aux))`` with
    ``has_aux``).
    """

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        numbers = _argnums_tuple(argnums, len(args), "grad_and_value")
        args = list(args)
        rebuilds, inputs, nested = [], [], False
        with enable_grad():
            for number in numbers:
                leaves, rebuild = _tensor_leaves(args[number], "grad_and_value")
                copies, deeper = _differentiable_copies(leaves)
                nested |= deeper
                args[number] = rebuild(copies)
                rebuilds.append((rebuild, len(copies)))
                inputs += copies
            with _inside_transform():
                result = func(*args, **kwargs)
            output, aux = _split_aux(result, has_aux, "grad_and_value(f)(*args)")
            if not isinstance(output, Tensor):
                raise RuntimeError(
                    "grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                    f"{type(output).__name__}"
                )
            if output.numel() != 1:
                raise RuntimeError(
                    "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, "
                    f"got tensor with {output.dim()} dims. Maybe you wanted to use the vjp "
                    "or jacrev APIs instead?"
                )
            ones = output.detach().new_ones(output.shape)
            grads = _grads((output,), tuple(inputs), (ones,), True, False, "")
        grads = _finish(list(grads), nested)
        results, start = [], 0
        for rebuild, count in rebuilds:
            results.append(rebuild(grads[start : start + count]))
            start += count
        gradient = results[0] if isinstance(argnums, int) else tuple(results)
        value = _finish([output], nested)[0]
        if has_aux:
            return gradient, (value, _detach_tree(aux, nested))
        return gradient, value

    return wrapper


def _detach_tree(tree: Any, keep_graph: bool) -> Any:
    leaves, rebuild = _flatten(tree)
    return rebuild(_finish(leaves, keep_graph))


def grad(
    func: Callable[..., Any], argnums: int | tuple[int, ...] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """grad(func, argnums=0, has_aux=False) -> function computing gradients

    ``grad(f)(x)`` is the gradient of the scalar ``f(x)`` with respect to ``x`` (to the
    arguments ``argnums`` names, a tuple for several); with ``has_aux``, ``f`` returns
    ``(output, aux)`` and the result is ``(grad, aux)``. Transforms compose:
    ``grad(grad(f))`` is the second derivative.
    """
    with_value = grad_and_value(func, argnums, has_aux)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gradient, value = with_value(*args, **kwargs)
        return (gradient, value[1]) if has_aux else gradient

    return wrapper


def vjp(func: Callable[..., Any], *primals: Any, has_aux: bool = False) -> Any:
    """vjp(func, *primals, has_aux=False) -> (output, vjp_fn) or (output, vjp_fn, aux)

    ``vjp_fn(cotangents)`` is the vector-Jacobian product: one gradient per primal, as a
    tuple, for cotangents shaped like the output.
    """
    primal_leaves, primal_rebuild = _tensor_leaves(primals, "vjp")
    with enable_grad():
        copies, nested = _differentiable_copies(primal_leaves)
        with _inside_transform():
            result = func(*primal_rebuild(copies))
        output, aux = _split_aux(result, has_aux, "vjp(f, *primals)")
    outputs, output_rebuild = _tensor_leaves(output, "vjp")

    def vjp_fn(cotangents: Any, retain_graph: bool = True, create_graph: bool | None = None) -> Any:
        # PyTorch's signature; the graph is always kept and recorded, so that vjp_fn may be
        # called again and its result differentiated (jvp does).
        cotangent_leaves, _ = _flatten(cotangents)
        if len(cotangent_leaves) != len(outputs):
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure "
                "of outputs to the function"
            )
        with enable_grad():  # unused inputs get zeros
            filled = _grads(tuple(outputs), tuple(copies), cotangent_leaves, True, False, "")
        keep = nested or any(isinstance(c, Tensor) and c.requires_grad for c in cotangent_leaves)
        return tuple(primal_rebuild(_finish(list(filled), keep)))

    result_output = output_rebuild(_finish(outputs, nested))
    if has_aux:
        return result_output, vjp_fn, _detach_tree(aux, nested)
    return result_output, vjp_fn


def jvp(
    func: Callable[..., Any],
    primals: Sequence[Any],
    tangents: Sequence[Any],
    *,
    strict: bool = False,
    has_aux: bool = False,
) -> Any:
    """jvp(func, primals, tangents, *, has_aux=False) -> (output, jvp_out)

    The Jacobian-vector product: how ``func``'s output moves when ``primals`` move along
    ``tangents`` (NOTE [Function transforms on the engine]).
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise RuntimeError(
            "jvp(f, primals, tangents): Expected primals and tangents to be tuples. E.g. "
            "jvp(f, (x,), (t,))"
        )
    primal_leaves, _ = _tensor_leaves(tuple(primals), "jvp")
    tangent_leaves, _ = _tensor_leaves(tuple(tangents), "jvp")
    if len(primal_leaves) != len(tangent_leaves):
        raise RuntimeError(
            "jvp(f, primals, tangents): Expected primals and tangents to have the same python "
            "structure."
        )
    for primal, tangent in zip(primal_leaves, tangent_leaves):
        if primal.shape != tangent.shape:
            raise RuntimeError(
                "jvp(f, primals, tangents): Expected primals and tangents to have the same "
                f"shape, got {tuple(primal.shape)} and {tuple(tangent.shape)}"
            )
    results = vjp(func, *primals, has_aux=has_aux)
    output, vjp_fn = results[0], results[1]
    outputs, output_rebuild = _flatten(output)
    with enable_grad():
        # The vjp is linear in its cotangent u: differentiating u -> vjp(u)·tangent with
        # respect to u gives J·tangent.
        cotangents = [o.detach().new_zeros(o.shape).requires_grad_() for o in outputs]
        pulled = vjp_fn(output_rebuild(cotangents), create_graph=True)
        pulled_leaves, _ = _flatten(pulled)
        total = sum((p * t).sum() for p, t in zip(pulled_leaves, tangent_leaves))
        if isinstance(total, Tensor) and total.requires_grad:
            directional = _autograd_grad(total, cotangents, allow_unused=True)
        else:
            directional = (None,) * len(cotangents)
    jvp_out = [d if d is not None else o.new_zeros(o.shape) for d, o in zip(directional, outputs)]
    jvp_out = output_rebuild([d.detach() for d in jvp_out])
    if has_aux:
        return output, jvp_out, results[2]
    return output, jvp_out


# -- Jacobians ------------------------------------------------------------------------------
def jacrev(
    func: Callable[..., Any],
    argnums: int | tuple[int, ...] = 0,
    *,
    has_aux: bool = False,
    chunk_size: int | None = None,
    _preallocate_and_copy: bool = False,
) -> Callable[..., Any]:
    """jacrev(func, argnums=0, *, has_aux=False) -> function computing the Jacobian

    The Jacobian of ``func`` with respect to the arguments ``argnums`` names, by reverse
    mode: shape ``output.shape + input.shape`` (tuples for several outputs or arguments).
    """

    def wrapper(*args: Any) -> Any:
        numbers = _argnums_tuple(argnums, len(args), "jacrev")

        def of_chosen(*chosen: Any) -> Any:
            full = list(args)
            for number, value in zip(numbers, chosen):
                full[number] = value
            return func(*full)

        results = vjp(of_chosen, *[args[n] for n in numbers], has_aux=has_aux)
        output, vjp_fn = results[0], results[1]
        outputs, output_rebuild = _tensor_leaves(output, "jacrev")
        per_output = []
        for index, out in enumerate(outputs):
            rows = []
            for position in range(out.numel()):
                cotangents = [o.new_zeros(o.shape) for o in outputs]
                cotangents[index].view(-1)[position] = 1
                rows.append(vjp_fn(output_rebuild(cotangents)))
            per_output.append(_stack_rows(rows, out, [args[n] for n in numbers]))
        jacobians = []
        for entry in per_output:
            jacobians.append(entry[0] if isinstance(argnums, int) else tuple(entry))
        jacobian = output_rebuild(jacobians)
        if has_aux:
            return jacobian, results[2]
        return jacobian

    return wrapper


def _stack_rows(rows: list[tuple[Any, ...]], output: Tensor, inputs: list[Any]) -> list[Any]:
    """Per input, the Jacobian of ``output``: its rows stacked, shaped output + input."""
    from ._ops import stack

    jacobians = []
    for position, value in enumerate(inputs):
        leaves, rebuild = _flatten(value)
        blocks = []
        for leaf_index, leaf in enumerate(leaves):
            if rows:
                picked = [_flatten(row[position])[0][leaf_index] for row in rows]
                block = stack(picked).reshape(*output.shape, *leaf.shape)
            else:
                block = leaf.new_zeros((*output.shape, *leaf.shape))
            blocks.append(block)
        jacobians.append(rebuild(blocks))
    return jacobians


def jacfwd(
    func: Callable[..., Any],
    argnums: int | tuple[int, ...] = 0,
    has_aux: bool = False,
    *,
    randomness: str = "error",
) -> Callable[..., Any]:
    """jacfwd(func, argnums=0, has_aux=False) -> function computing the Jacobian

    The Jacobian column by column, J·e for each input element e, as forward mode builds it:
    each column is the derivative of the vjp's entry for e with respect to the cotangent
    (NOTE [Function transforms on the engine]). ``func`` runs once. The columns carry
    forward mode's zeros (a zero in row i has the sign of output i's derivative), which
    ``jacrev``'s rows would not.
    """

    def wrapper(*args: Any) -> Any:
        from ._ops import stack

        numbers = _argnums_tuple(argnums, len(args), "jacfwd")
        chosen = [args[n] for n in numbers]

        def of_chosen(*values: Any) -> Any:
            full = list(args)
            for number, value in zip(numbers, values):
                full[number] = value
            return func(*full)

        results = vjp(of_chosen, *chosen, has_aux=has_aux)
        output, vjp_fn = results[0], results[1]
        outputs, output_rebuild = _tensor_leaves(output, "jacfwd")
        flattened = [_flatten(value) for value in chosen]
        input_leaves = [leaf for leaves, _ in flattened for leaf in leaves]
        recorded = any(isinstance(leaf, Tensor) and leaf.requires_grad for leaf in input_leaves)
        columns: list[list[list[Tensor]]] = []  # per input leaf, per element: J·e per output
        with enable_grad():
            cotangents = [o.detach().new_zeros(o.shape).requires_grad_() for o in outputs]
            pulled, _ = _flatten(vjp_fn(output_rebuild(cotangents), create_graph=True))
            for pulled_leaf, leaf in zip(pulled, input_leaves):
                entries = pulled_leaf.reshape(-1)
                leaf_columns = []
                for position in range(leaf.numel()):
                    entry = entries[position]  # e·(J^T u), linear in u: its gradient is J·e
                    if entry.requires_grad:
                        found = _autograd_grad(
                            entry, cotangents, retain_graph=True, create_graph=recorded,
                            allow_unused=True,
                        )  # fmt: skip
                    else:
                        found = (None,) * len(cotangents)
                    column = [
                        o.new_zeros(o.shape) if d is None else d if recorded else d.detach()
                        for d, o in zip(found, outputs)
                    ]
                    leaf_columns.append(column)
                columns.append(leaf_columns)
        jacobians = []
        for index, out in enumerate(outputs):
            per_input, start = [], 0
            for leaves, rebuild in flattened:
                blocks = []
                for leaf, leaf_columns in zip(leaves, columns[start : start + len(leaves)]):
                    if leaf_columns:
                        picked = [column[index] for column in leaf_columns]
                        block = stack(picked, out.dim()).reshape(*out.shape, *leaf.shape)
                    else:
                        block = leaf.new_zeros((*out.shape, *leaf.shape))
                    blocks.append(block)
                start += len(leaves)
                per_input.append(rebuild(blocks))
            jacobians.append(per_input[0] if isinstance(argnums, int) else tuple(per_input))
        jacobian = output_rebuild(jacobians)
        if has_aux:
            return jacobian, results[2]
        return jacobian

    return wrapper


def hessian(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """hessian(func, argnums=0) -> function computing the Hessian of a scalar function:
    the Jacobian of its gradient, shape ``input.shape + input.shape``."""
    return jacfwd(jacrev(func, argnums), argnums)


# -- vmap -------------------------------------------------------------------------------------
def vmap(
    func: Callable[..., Any],
    in_dims: Any = 0,
    out_dims: Any = 0,
    randomness: str = "error",
    *,
    chunk_size: int | None = None,
) -> Callable[..., Any]:
    """vmap(func, in_dims=0, out_dims=0) -> ``func`` mapped over a batch dimension

    ``vmap(f)(x)`` applies ``f`` to each slice of ``x`` along ``in_dims`` (None: not mapped;
    a tuple: one entry per argument) and stacks the results along ``out_dims``. Here it runs
    ``f`` once per slice (NOTE [Function transforms on the engine]), so random ops draw anew
    for each slice whatever ``randomness`` says, and what PyTorch refuses inside vmap
    (``.item()``, data-dependent control flow) simply runs.
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(
            "Only allowed values for randomness are 'error', 'different', or 'same'. Got "
            f"{randomness}"
        )

    name = getattr(func, "__name__", repr(func))  # named in the messages

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ._ops import stack

        where = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"  # how messages begin
        dims = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args)
        if len(dims) != len(args):
            raise ValueError(
                f"{where}: in_dims is not compatible with the structure of `inputs`. in_dims "
                f"has structure {len(dims)} but inputs has structure {len(args)}."
            )
        mapped: list[tuple[list[Any], Any, Callable[[list[Any]], Any]]] = []
        sizes = set()
        for arg, dim in zip(args, dims):
            leaves, rebuild = _flatten(arg)
            leaf_dims = _dims_per_leaf(dim, len(leaves))
            for leaf, leaf_dim in zip(leaves, leaf_dims):
                if leaf_dim is not None:
                    if not isinstance(leaf, Tensor):
                        raise ValueError(
                            f"{where}: Got in_dim={leaf_dim} for an input but the input is of "
                            f"type {type(leaf)}. We cannot vmap over non-Tensor arguments, "
                            "please use None as the respective in_dim"
                        )
                    sizes.add(leaf.shape[leaf_dim])
            mapped.append((leaves, leaf_dims, rebuild))
        if not sizes:
            raise ValueError(f"{where}: at least one input must be a Tensor mapped over (not None)")
        if len(sizes) > 1:
            raise ValueError(
                "vmap: Expected all tensors to have the same size in the mapped dimension, "
                f"got sizes {sorted(sizes)} for the mapped dimension"
            )
        (size,) = sizes
        results = []
        for index in range(size):
            sliced = [
                rebuild(
                    [
                        leaf.select(leaf_dim, index) if leaf_dim is not None else leaf
                        for leaf, leaf_dim in zip(leaves, leaf_dims)
                    ]
                )
                for leaves, leaf_dims, rebuild in mapped
            ]
            with _inside_vmap():
                results.append(func(*sliced, **kwargs))
        first, rebuild_output = _flatten(results[0])
        columns = [_flatten(result)[0] for result in results]
        out_leaf_dims = _dims_per_leaf(out_dims, len(first))
        stacked = []
        for position, out_dim in enumerate(out_leaf_dims):
            values = [column[position] for column in columns]
            if out_dim is None:
                stacked.append(values[0])
                continue
            values = [v if isinstance(v, Tensor) else _as_tensor(v) for v in values]
            stacked.append(stack(values, dim=out_dim))
        return rebuild_output(stacked)

    return wrapper


def _dims_per_leaf(dims: Any, count: int) -> list[Any]:
    """One dimension per leaf: a nested ``dims`` gives each its own, a number all the same."""
    if isinstance(dims, (tuple, list, dict)):
        return _flatten(dims)[0]
    return [dims] * count


def _as_tensor(value: Any) -> Tensor:
    from ._creation import tensor

    return tensor(value)


# -- functional_call --------------------------------------------------------------------------
def functional_call(
    module: Any,
    parameter_and_buffer_dicts: Any,
    args: Any = None,
    kwargs: dict[str, Any] | None = None,
    *,
    tie_weights: bool = True,
    strict: bool = False,
) -> Any:
    """functional_call(module, parameters_and_buffers, args=None, kwargs=None)

    Run ``module(*args, **kwargs)`` with the tensors of ``parameters_and_buffers`` (a dict, or
    a tuple of dicts, by dotted name) in place of its own parameters and buffers, which are
    restored afterwards.
    """
    dicts = (
        parameter_and_buffer_dicts
        if isinstance(parameter_and_buffer_dicts, (tuple, list))
        else (parameter_and_buffer_dicts,)
    )
    replacements: dict[str, Any] = {}
    for mapping in dicts:
        for name, value in mapping.items():
            if name in replacements:
                raise ValueError(
                    f"{name} appeared in multiple dictionaries; behavior of functional call "
                    "is ambiguous"
                )
            replacements[name] = value
    if strict:
        own = {name for name, _ in module.named_parameters()}
        own |= {name for name, _ in module.named_buffers()}
        missing, unexpected = sorted(own - set(replacements)), sorted(set(replacements) - own)
        if missing or unexpected:
            raise RuntimeError(
                "Error(s) in reparametrizing for "
                f"{type(module).__name__}:\n\tUnexpected key(s): {unexpected}.\n\t"
                f"Missing key(s): {missing}."
            )
    originals = []
    try:
        for name, value in replacements.items():
            owner, _, attribute = name.rpartition(".")
            target = module.get_submodule(owner) if owner else module
            originals.append((target, attribute, _swap(target, attribute, value)))
        if args is None:
            args = ()
        elif not isinstance(args, tuple):
            args = (args,)
        return module(*args, **(kwargs or {}))
    finally:
        for target, attribute, original in reversed(originals):
            _swap(target, attribute, original)


def _swap(module: Any, name: str, value: Any) -> Any:
    """Put ``value`` where ``module`` keeps ``name`` (a parameter, buffer or attribute) and
    return what was there."""
    for store in ("_parameters", "_buffers"):
        table = module.__dict__.get(store)
        if table is not None and name in table:
            previous = table[name]
            table[name] = value
            return previous
    previous = getattr(module, name, None)
    object.__setattr__(module, name, value)
    return previous


from ._func_state import linearize, stack_module_state  # noqa: E402  (it imports this module)
