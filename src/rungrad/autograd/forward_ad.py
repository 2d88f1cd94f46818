"""Forward-mode automatic differentiation: dual tensors carry a tangent through every op.

Inside a ``dual_level()``, ``make_dual(primal, tangent)`` makes a tensor whose tangent each op
carries forward: ``unpack_dual(f(x)).tangent`` is the Jacobian of ``f`` times ``tangent`` (a
Jacobian-vector product), computed as the op runs, under any grad mode::

    with forward_ad.dual_level():
        x = forward_ad.make_dual(primal, tangent)
        jvp = forward_ad.unpack_dual(f(x)).tangent
"""

from __future__ import annotations

import weakref
from typing import Any, NamedTuple

import numpy as np

from .._tensor import Tensor
from . import grad_mode
from ._dual import DUAL
from .grad_mode import STATE, _DecoratorContextManager

__all__ = [  # PyTorch's order
    "UnpackedDualTensor",
    "enter_dual_level",
    "exit_dual_level",
    "make_dual",
    "unpack_dual",
    "dual_level",
]


class UnpackedDualTensor(NamedTuple):
    """A dual tensor's primal and tangent (None when it has none at this level)."""

    primal: Tensor
    tangent: Tensor | None


def enter_dual_level() -> int:
    """Open a forward AD level and return it (0: levels do not nest)."""
    if DUAL.level is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    DUAL.level = 0
    DUAL.active = True
    return 0


def exit_dual_level(*, level: int | None = None) -> None:
    """Close the forward AD level: every tangent made at it is forgotten."""
    if level is None:
        level = DUAL.level
    if level is None or level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    if level != DUAL.level:
        raise RuntimeError(
            "Trying to exit a forward AD level that was not the last one that was created. "
            "This is not supported."
        )
    for reference in DUAL.duals:
        tensor = reference()
        if tensor is not None:
            tensor._fw_tangent = None
    DUAL.duals = []
    DUAL.prune_at = 1024
    DUAL.level = None
    DUAL.active = False


class dual_level(_DecoratorContextManager):
    """Context manager (and decorator) for a forward AD level: the tangents of the dual
    tensors made inside are forgotten when it exits.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.autograd.forward_ad import dual_level, make_dual, unpack_dual
        >>> with dual_level():
        ...     x = make_dual(torch.tensor([3.0]), torch.tensor([2.0]))
        ...     unpack_dual(x * x).tangent
        tensor([12.])
    """

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc_info: Any) -> None:
        exit_dual_level()

    def clone(self) -> dual_level:
        return dual_level()


def _check_level(level: int | None, message: str) -> None:
    if level is None:
        level = DUAL.level
    if level is None:
        raise RuntimeError(message)
    if level != DUAL.level:
        raise RuntimeError("Invalid level given to _make_dual")


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """make_dual(tensor, tangent, *, level=None) -> Tensor

    A view of ``tensor`` whose tangent (its forward gradient) is ``tangent``, which must have
    ``tensor``'s size. The tangent is kept, not copied: changing one in place changes the
    other.
    """
    _check_level(
        level,
        "Trying to create a dual Tensor for forward AD but no level exists, make sure to "
        "enter_dual_level() first.",
    )
    if tensor._data.dtype.kind not in "fcV":
        raise ValueError(
            f"Expected primal to be floating point or complex, but got: {tensor.dtype}"
        )
    if tangent._data.dtype.kind not in "fcV":
        raise ValueError(
            f"Expected tangent to be floating point or complex, but got: {tangent.dtype}"
        )
    if tangent_of(tensor) is not None:
        raise RuntimeError(
            "Making a dual Tensor based on a Tensor that already has a forward gradient at the "
            f"same level {DUAL.level} is not supported."
        )
    if tangent._data.shape != tensor._data.shape:
        raise RuntimeError(
            "Trying to set a forward gradient that has a different size than that of the "
            "original Tensor, this is not supported. Tensor is of size "
            f"{list(tensor._data.shape)} while the given forward gradient is of size "
            f"{list(tangent._data.shape)}."
        )
    DUAL.active = False  # the view's tangent is the given one, not the view of tensor's
    try:
        dual = tensor.view(tensor.shape)
    finally:
        DUAL.active = True
    if _element_strides(tangent) != _element_strides(tensor):  # kept in the primal's layout
        layout = np.empty_like(tensor._data, dtype=tangent._data.dtype)
        tangent = Tensor._from_array(layout).copy_(tangent)
    set_tangent(dual, tangent)
    return dual


def _element_strides(tensor: Tensor) -> tuple[int, ...]:
    return tuple(stride // tensor._data.itemsize for stride in tensor._data.strides)


def unpack_dual(tensor: Tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """unpack_dual(tensor, *, level=None) -> UnpackedDualTensor(primal, tangent)

    ``tensor``'s primal (a view of it without the tangent) and its tangent at the open level,
    or None when it has none (or no level is open).
    """
    tangent = tangent_of(tensor)
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    if level is not None and level != DUAL.level:
        raise RuntimeError("Invalid level given to _fw_primal")
    from .._ops.shape import alias_without_tangent

    DUAL.active = False
    try:
        primal = alias_without_tangent(tensor)
    finally:
        DUAL.active = True
    return UnpackedDualTensor(primal, tangent)


# -- the tangents: kept on the tensor while a level is open ------------------------------


def tangent_of(tensor: Any) -> Tensor | None:
    """The tangent ``tensor`` carries at the open level, or None."""
    if DUAL.level is None or not isinstance(tensor, Tensor):
        return None
    return getattr(tensor, "_fw_tangent", None)


def set_tangent(tensor: Tensor, tangent: Tensor) -> None:
    """Give ``tensor`` a tangent, forgotten when the level closes."""
    tensor._fw_tangent = tangent
    duals = DUAL.duals
    duals.append(weakref.ref(tensor))
    if len(duals) > DUAL.prune_at:
        DUAL.duals = duals = [reference for reference in duals if reference() is not None]
        DUAL.prune_at = 2 * len(duals) + 1024


# NOTE [Tangents from backward formulas]
# Each op's Jacobian-vector product comes from its backward formulas, so that no op needs a
# second formula. An op's backward is the vector-Jacobian product v -> J^T v, linear in v;
# the gradient of <J^T v, t> with respect to v is J t. So the node the op would record is
# made for it (on tensors sharing the inputs' and outputs' storage: nothing is computed
# again, random ops draw nothing again), backward runs from v = 1 while recording, and a
# second backward of that, with the inputs' tangents as its gradients, gives the outputs'
# tangents. The tangent keeps a graph (for forward-over-reverse derivatives) when grad mode
# is on and the tangents or the inputs require grad. A view op's tangent is the same view of
# its input's tangent, as in PyTorch, so that an in-place change reaches every view's.
def propagate(primitive: Any, args: tuple[Any, ...], results: tuple[Tensor, ...]) -> None:
    """Give the outputs of ``primitive`` called on ``args`` their tangents."""
    positions = [p for p in primitive.diff_positions if tangent_of(args[p]) is not None]
    if not positions or STATE.inference:  # inference mode carries no tangents (PyTorch)
        return
    if primitive.is_view:
        _propagate_view(primitive, args, results)
        return
    grad_enabled = STATE.enabled
    DUAL.active = False
    STATE.enabled = True
    try:
        tangents = _tangents_by_formulas(primitive, args, results, positions, grad_enabled)
    finally:
        STATE.enabled = grad_enabled
        DUAL.active = True
    for result, tangent in zip(results, tangents):
        if tangent is not None:
            set_tangent(result, tangent)
    # (the first output may have no node: linalg.lu's permutation is not differentiable)
    node = next((r._grad_fn for r in results if r._grad_fn is not None), None)
    if node is not None and getattr(node, "_primitive", None) is primitive:
        _keep_output_tangents(node, results)


# NOTE [Tangents of saved outputs]
# A node keeps its saved outputs as arrays, not as the output tensors (which would make a
# cycle), so the tensor a formula unpacks has lost the output's tangent. While a level is
# open the node also keeps its outputs' tangents (under OUTPUT_TANGENTS in its saved dict,
# released with the rest), and the unpacked output gets its tangent back: a backward pass
# run inside the level then carries tangents through formulas that read outputs (tanh,
# exp...), for forward-over-reverse derivatives.
OUTPUT_TANGENTS = "<output tangents>"


def _keep_output_tangents(node: Any, results: tuple[Tensor, ...]) -> None:
    saved = node._saved
    if saved is None or not node._primitive.output_names:
        return
    saved[OUTPUT_TANGENTS] = tuple(getattr(r, "_fw_tangent", None) for r in results)


def restore_output_tangent(node: Any, name: str, tensor: Tensor) -> None:
    """Give an output the node unpacked for a formula its tangent (NOTE [Tangents of saved
    outputs])."""
    kept = node._saved.get(OUTPUT_TANGENTS)
    if kept is None:
        return
    tangent = kept[0 if name == "result" else int(name[6:])]
    if tangent is not None:
        set_tangent(tensor, tangent)


def _propagate_view(primitive: Any, args: tuple[Any, ...], results: tuple[Tensor, ...]) -> None:
    DUAL.active = False
    try:
        views = primitive.call(args[0]._fw_tangent, *args[1:])
    except RuntimeError:  # a tangent laid out otherwise than its primal may not view so
        views = primitive.call(args[0]._fw_tangent.contiguous(), *args[1:])
    finally:
        DUAL.active = True
    for result, view in zip(results, views if primitive.returns_tuple else (views,)):
        if result._data.dtype.kind in "fcV":
            set_tangent(result, view)


def _tangents_by_formulas(
    primitive: Any,
    args: tuple[Any, ...],
    results: tuple[Tensor, ...],
    positions: list[int],
    grad_enabled: bool,
) -> list[Tensor | None]:
    """The outputs' tangents (None for outputs that have none), NOTE [Tangents from
    backward formulas]."""
    from .._ops.shape import alias
    from . import grad as autograd_grad

    # Inputs with a tangent take part as tensors of their own that require grad (the
    # gradient with respect to an input itself would also flow through the other inputs
    # made from it): an alias of the input when it requires grad (the tangent then depends
    # on it), else a leaf sharing its storage.
    inputs = list(args)
    wrt: dict[int, Tensor] = {}
    tangents: dict[int, Tensor] = {}
    for position in positions:
        arg = args[position]
        key = id(arg)
        if key not in wrt:
            wrt[key] = alias(arg) if arg._requires_grad else Tensor._from_array(arg._data, True)
            tangents[key] = arg._fw_tangent
        inputs[position] = wrt[key]
    outputs = tuple(Tensor._from_array(result._data) for result in results)
    primitive._record(inputs, outputs)
    differentiable = [i for i, output in enumerate(outputs) if output._grad_fn is not None]
    if not differentiable:
        return [None] * len(results)
    # v = 1, not 0: the formulas are linear in v, but some compute with log|v| (logcumsumexp).
    ones = [
        Tensor._from_array(np.ones_like(outputs[i]._data), requires_grad=True)
        for i in differentiable
    ]
    vjps = autograd_grad(
        [outputs[i] for i in differentiable],
        list(wrt.values()),
        ones,
        create_graph=True,
        allow_unused=True,
    )
    # A gradient that does not depend on v (a derivative that is zero) adds nothing.
    used = [
        (vjp, tangents[key])
        for vjp, key in zip(vjps, wrt)
        if vjp is not None and vjp._requires_grad
    ]
    keeps_graph = grad_enabled and any(
        t._requires_grad for t in (*tangents.values(), *(a for a in args if isinstance(a, Tensor)))
    )
    jvps: tuple[Tensor | None, ...] = (None,) * len(ones)
    if used:
        STATE.enabled = keeps_graph
        jvps = autograd_grad(
            [vjp for vjp, _ in used],
            ones,
            [tangent for _, tangent in used],
            create_graph=keeps_graph,
            allow_unused=True,
        )
    found: list[Tensor | None] = [None] * len(results)
    given = {id(tangent) for tangent in tangents.values()}
    for i, jvp in zip(differentiable, jvps):
        if jvp is None:
            jvp = Tensor._from_array(np.zeros_like(outputs[i]._data))
        elif id(jvp) in given:  # an op whose tangent is its input's: each keeps its own
            jvp = jvp + 0
        found[i] = jvp
    return found


def transfer_inplace(target: Tensor, result: Tensor) -> None:
    """After ``target`` took ``result``'s values in place, it takes its tangent too: written
    into the tangent it has (so that its views' and its base's see it), else made for it (a
    view's as a view of its base's tangent, made of zeros where it had none)."""
    new = getattr(result, "_fw_tangent", None)
    if new is None:  # a result without derivative (eq_, lt_...): no tangent any more
        if getattr(target, "_fw_tangent", None) is not None:
            target._fw_tangent = None
        return
    DUAL.active = False
    try:
        current = tangent_of(target)
        if current is None:
            base = target._base
            if base is None:
                set_tangent(target, new)
                return
            if tangent_of(base) is None:
                set_tangent(base, Tensor._from_array(np.zeros_like(base._data)))
            current = _same_view(base._fw_tangent, base, target)
            if current is None:  # the base's tangent is laid out otherwise
                set_tangent(target, new)
                return
            set_tangent(target, current)
        with grad_mode.set_grad_enabled(STATE.enabled and new._requires_grad):
            current.copy_(new)
    finally:
        DUAL.active = True


def give_view_tangent(view: Tensor) -> None:
    """A view with no tangent of a base with one gets the matching view of it."""
    base = view._base
    if tangent_of(view) is None and base is not None and tangent_of(base) is not None:
        tangent = _same_view(base._fw_tangent, base, view)
        if tangent is not None:
            set_tangent(view, tangent)


def _same_view(tangent: Tensor, base: Tensor, view: Tensor) -> Tensor | None:
    """The view of ``tangent`` that ``view`` is of ``base``; None when the tangent is not
    laid out as the base."""
    data = tangent._data
    if data.strides != base._data.strides or data.dtype != base._data.dtype:
        return None
    offset = _address(view._data) - _address(base._data)
    window = _Window(
        data,
        {
            "data": (_address(data) + offset, False),
            "shape": view._data.shape,
            "strides": view._data.strides,
            "typestr": data.dtype.str,
            "version": 3,
        },
    )
    made = Tensor._from_array(np.asarray(window))
    made._base = tangent
    made._version_counter = tangent._shared_version_counter()
    made._view_version = made._version_counter.value
    return made


def _address(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


class _Window:
    """Memory of ``owner`` seen through another array interface (kept alive by the array)."""

    def __init__(self, owner: np.ndarray, interface: dict[str, Any]) -> None:
        self.owner = owner
        self.__array_interface__ = interface
