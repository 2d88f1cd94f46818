"""``autograd.Function``: user-defined ops with a hand-written backward.

``MyOp.apply(*args)`` runs ``MyOp.forward(ctx, *args)`` without recording, then, if an input
requires grad, gives the outputs a node of class ``MyOpBackward``. As in PyTorch that node
*is* the ``ctx``: it holds what ``forward`` saved, and in the backward pass it calls
``MyOp.backward(ctx, *grad_outputs)``, which returns one gradient per forward input.
"""

from __future__ import annotations

import functools
import inspect
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from .._tensor import FUNCTION_VIEW, MULTI_OUTPUT_FUNCTION_VIEW, Tensor
from .anomaly_mode import STATE as ANOMALY
from .anomaly_mode import record_forward_stack
from .forward_ad import DUAL, set_tangent, tangent_of
from .grad_mode import STATE, no_grad
from .graph import NO_EDGE, Node
from .saved import FREED_MESSAGE, SavedTensor, hooks_active, pack_saved

__all__ = ["Function", "FunctionCtx", "InplaceFunction", "NestedIOFunction", "once_differentiable"]

_EXTENDING_FUNC_DOCS = (
    "For more details, please see https://pytorch.org/docs/main/notes/extending.func.html"
)


class _Transforms(threading.local):
    """How many ``rungrad.func`` transforms are running their function on this thread, and
    how many of those are ``vmap``: a Function applied inside one must support them."""

    active = 0
    vmaps = 0


TRANSFORMS = _Transforms()


def _check_transform_support(cls: type, uses_setup_context: bool) -> None:
    """PyTorch's conditions for a Function under ``torch.func``: a separate setup_context,
    and inside vmap a ``vmap`` staticmethod or ``generate_vmap_rule = True``."""
    if not uses_setup_context:
        raise RuntimeError(
            "In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, "
            "jacrev, ...), it must override the setup_context staticmethod. " + _EXTENDING_FUNC_DOCS
        )
    if TRANSFORMS.vmaps and not cls.generate_vmap_rule and cls.vmap is Function.vmap:
        raise RuntimeError(
            f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please "
            "override and implement the vmap staticmethod or set generate_vmap_rule=True. "
            + _EXTENDING_FUNC_DOCS
        )


class FunctionCtx:
    """What ``forward`` / ``setup_context`` use to pass information to ``backward``."""

    def save_for_backward(self, *tensors: Tensor | None) -> None:
        """Save tensors for ``backward`` (read them back with ``ctx.saved_tensors``)."""
        for position, tensor in enumerate(tensors):
            if tensor is not None and not isinstance(tensor, Tensor):
                raise TypeError(
                    "save_for_backward can only save variables, but argument "
                    f"{position} is of type {type(tensor).__name__}"
                )
        self._to_save = tensors

    def save_for_forward(self, *tensors: Tensor | None) -> None:
        """Save tensors for ``jvp`` (read them back there with ``ctx.saved_tensors``)."""
        self._to_save_for_forward = tensors

    def mark_dirty(self, *tensors: Tensor) -> None:
        """Declare inputs that ``forward`` modified in place (they become outputs)."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors: Tensor) -> None:
        """Declare outputs that have no gradient (e.g. indices)."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value: bool) -> None:
        """With False, ``backward`` gets None instead of zeros for outputs without gradient."""
        self._materialize_grads = value


class BackwardCFunction(FunctionCtx, Node):
    """The node of one call of a custom Function; also that call's ``ctx``."""

    _forward_cls: type[Function]
    __dir__ = object.__dir__  # a Python class in PyTorch too: all its attributes show

    def __init__(self) -> None:
        Node.__init__(self)
        self._to_save: Sequence[Tensor | None] = ()
        self._saved: list[SavedTensor | Tensor | None] | None = None
        self._released = False
        self._materialize_grads = True
        self._dirty: Sequence[Tensor] = ()
        self._non_differentiable: Sequence[Tensor] = ()
        self._output_meta: list[tuple[tuple[int, ...], Any]] = []
        self.needs_input_grad: tuple[bool, ...] = ()
        self._input_meta: tuple[tuple[tuple[int, ...], Any], ...] = ()

    @property
    def saved_tensors(self) -> tuple[Tensor | None, ...]:
        """The tensors given to ``save_for_backward``, checked for in-place changes."""
        saved = self._saved
        if saved is None:
            if self._released:
                raise RuntimeError(FREED_MESSAGE)
            return ()  # still inside forward: nothing is saved until it returns, as in PyTorch
        return tuple(
            item.unpack(self, with_history=True) if isinstance(item, SavedTensor) else item
            for item in saved
        )

    @property
    def saved_variables(self) -> tuple[Any, ...]:
        """The old name of ``saved_tensors``."""
        warnings.warn(
            "'saved_variables' is deprecated; use 'saved_tensors'", DeprecationWarning, stacklevel=2
        )
        return self.saved_tensors

    def release_saved(self) -> None:
        self._saved = None
        self._released = True

    runs_without_grads = True  # backward is called even when no output got a gradient

    def apply(self, grad_outputs: list[Tensor | None]) -> list[Tensor | None]:
        grads = list(grad_outputs)
        if self._materialize_grads:
            from .._creation import zeros

            for index, grad in enumerate(grads):
                shape, dtype = self._output_meta[index]
                if grad is None and dtype is not None:  # (a non-tensor output keeps None)
                    grads[index] = zeros(shape, dtype=dtype)
        cls = self._forward_cls
        backward, vjp = cls.backward, cls.vjp
        if backward is not Function.backward and vjp is not Function.vjp:
            raise RuntimeError(
                "Implementing both 'backward' and 'vjp' for a custom Function is not allowed. "
                "You should only implement one of them."
            )
        results = (vjp if vjp is not Function.vjp else backward)(self, *grads)
        if not isinstance(results, tuple):
            results = (results,)
        expected = len(self._input_is_tensor)
        if len(results) != expected:
            if len(results) > expected and all(r is None for r in results[expected:]):
                results = results[:expected]
            else:
                raise RuntimeError(
                    f"function {self.name()} returned an incorrect number of gradients "
                    f"(expected {expected}, got {len(results)})"
                )
        grads_in: list[Tensor | None] = []
        for position, (is_tensor, result) in enumerate(zip(self._input_is_tensor, results)):
            if not is_tensor:
                if result is not None:
                    raise RuntimeError(
                        f"function {self.name()} returned a gradient different than None at "
                        f"position {position + 1}, but the corresponding forward input was not "
                        "a Variable"
                    )
                continue
            if result is not None:
                result = self._fit_grad(result, len(grads_in))
            grads_in.append(result)
        return grads_in

    def _fit_grad(self, grad: Any, index: int) -> Tensor:
        """Check a gradient ``backward`` returned against its input: a tensor, of a shape
        that sums to the input's (un-broadcast), cast to the input's dtype."""
        if not isinstance(grad, Tensor):
            raise RuntimeError(f"expected Variable or None (got {type(grad).__name__})")
        shape, dtype = self._input_meta[index]
        if grad._data.shape != shape:
            from .._ops._grad_helpers import sum_to

            try:
                fitted = sum_to(grad, shape) if grad.dim() >= len(shape) else None
            except ValueError:
                fitted = None
            if fitted is None:
                raise RuntimeError(
                    f"Function {self.name()} returned an invalid gradient at index {index} - "
                    f"got {list(grad.shape)} but expected shape compatible with {list(shape)}"
                )
            grad = fitted
        if grad.dtype != dtype:
            grad = grad.to(dtype)
        return grad

    def __repr__(self) -> str:
        cls = type(self)
        return f"<{cls.__module__}.{cls.__qualname__} object at {id(self):#x}>"


class _FunctionMeta(type):
    """Gives each Function subclass its own node class, ``<Name>Backward``."""

    def __init__(cls, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> None:
        backward_cls = type(
            f"{name}Backward",
            (BackwardCFunction,),
            {"_forward_cls": cls, "__module__": __name__, "__qualname__": f"{name}Backward"},
        )
        cls._backward_cls = backward_cls
        super().__init__(name, bases, attrs)


class Function(metaclass=_FunctionMeta):
    """Base class of user-defined differentiable ops (PyTorch's ``torch.autograd.Function``).

    Subclasses define ``forward(ctx, *args)`` (or ``forward(*args)`` plus
    ``setup_context(ctx, inputs, output)``) and ``backward(ctx, *grad_outputs)``, both static,
    and are called through ``apply``::

        class Exp(Function):
            @staticmethod
            def forward(ctx, x):
                result = x.exp()
                ctx.save_for_backward(result)
                return result

            @staticmethod
            def backward(ctx, grad):
                (result,) = ctx.saved_tensors
                return grad * result
    """

    _backward_cls: type[BackwardCFunction]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(
            f"{type(self)} should not be instantiated. Methods on autograd functions are all "
            "static, so you should invoke them on the class itself. Instantiating an autograd "
            "function will raise an error in a future version of PyTorch.",
            DeprecationWarning,
            stacklevel=2,
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    @staticmethod
    def forward(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple[Any, ...], output: Any) -> Any:
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    vjp = backward

    @staticmethod
    def jvp(ctx: Any, *grad_inputs: Any) -> Any:
        """The forward-mode derivative: the outputs' tangents from the inputs' (one per
        ``forward`` argument: zeros for a tensor without one, None for anything else)."""
        raise NotImplementedError(
            "You must implement the jvp function for custom autograd.Function to use it with "
            "forward mode AD."
        )

    # Under vmap a Function runs once per slice here (NOTE [Function transforms on the
    # engine]); these are PyTorch's switches, checked so that vmap refuses what PyTorch does.
    generate_vmap_rule = False

    @staticmethod
    def vmap(info: Any, in_dims: Any, *args: Any) -> Any:
        raise NotImplementedError(
            "To use autograd.Function with vmap, you must either override the vmap staticmethod "
            "or set generate_vmap_rule=True."
        )

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run the op on ``args`` and record it for autograd."""
        uses_setup_context = cls.setup_context is not Function.setup_context
        if kwargs or uses_setup_context:
            args = _bound_arguments(cls.forward, args, kwargs, uses_setup_context)
        node = cls._backward_cls()
        tensor_inputs = [arg for arg in args if isinstance(arg, Tensor)]
        records = STATE.enabled and any(t._requires_grad for t in tensor_inputs)
        # From requires_grad alone, as in PyTorch: True under no_grad too.
        node.needs_input_grad = tuple(
            isinstance(arg, Tensor) and arg._requires_grad for arg in args
        )
        if TRANSFORMS.active:
            _check_transform_support(cls, uses_setup_context)
        # Forward-mode AD does not look inside a Function: its tangents come from ``jvp``.
        dual = DUAL.active and any(tangent_of(arg) is not None for arg in args)
        DUAL.active = DUAL.active and not dual
        try:
            with no_grad():
                if uses_setup_context:
                    outputs = cls.forward(*args)
                    cls.setup_context(node, args, outputs)
                else:
                    outputs = cls.forward(node, *args)
            single = not isinstance(outputs, tuple)
            output_tuple = (outputs,) if single else outputs
            if node._dirty:
                _check_dirty_returned(node._dirty, output_tuple)
            tangents = _output_tangents(cls, node, args, len(output_tuple)) if dual else ()
        finally:
            DUAL.active = DUAL.active or dual
        if records:
            output_tuple = _attach(node, args, output_tuple)
        else:
            dirty_ids = {id(tensor) for tensor in node._dirty}
            output_tuple = tuple(_unrecorded(out, args, dirty_ids) for out in output_tuple)
            node._to_save = ()
        for output, tangent in zip(output_tuple, tangents):
            if isinstance(output, Tensor) and tangent is not None:
                set_tangent(output, tangent)
        return output_tuple[0] if single else output_tuple


def _check_dirty_returned(dirty: Sequence[Tensor], outputs: tuple[Any, ...]) -> None:
    """A tensor ``mark_dirty`` names must be among the outputs (PyTorch counts the
    modification, bumping the versions, before it refuses)."""
    returned = {id(output) for output in outputs}
    if all(id(tensor) in returned for tensor in dirty):
        return
    for tensor in dirty:
        tensor._bump_version()
    raise RuntimeError(
        "Some elements marked as dirty during the forward method were not returned as output. "
        "The inputs that are modified inplace must all be outputs of the Function."
    )


_signature = functools.lru_cache(maxsize=256)(inspect.signature)


def _bound_arguments(
    forward: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], setup: bool
) -> tuple[Any, ...]:
    """``apply``'s arguments as the positional arguments of ``forward``: what the Function's
    inputs are (each tensor among them gets an edge and a ``needs_input_grad`` entry).

    As PyTorch's: with ``setup_context``, the call is bound to ``forward``'s signature with
    its defaults filled in (``inputs`` then holds every parameter); then, as without it, the
    keywords left must name ``forward``'s positional parameters (after ``ctx`` unless
    ``setup_context`` is used), each after the positional arguments, with none left out
    before it (defaults are not filled in there)."""
    signature = _signature(forward)
    if setup:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:  # inspect's words, as PyTorch lets them through
            raise TypeError(str(error)) from None
        bound.apply_defaults()
        args, kwargs = bound.args, bound.kwargs
    if not kwargs:
        return tuple(args)
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in signature.parameters.values() if p.kind in kinds]
    names = names if setup else names[1:]  # (ctx)
    missing = object()
    bound_args = list(args)
    for key, value in kwargs.items():
        if key not in names:
            raise TypeError(f"forward() got an unexpected keyword argument '{key}'")
        position = names.index(key)
        if position < len(args):
            raise TypeError(f"forward() got multiple values for argument '{key}'")
        bound_args.extend([missing] * (position + 1 - len(bound_args)))
        bound_args[position] = value
    for position, value in enumerate(bound_args):
        if value is missing:
            raise TypeError(
                f"forward() missing required argument: '{names[position]}' (position {position})"
            )
    return tuple(bound_args)


def _output_tangents(
    cls: type[Function], node: BackwardCFunction, args: Sequence[Any], count: int
) -> tuple[Any, ...]:
    """The Function's ``jvp`` on the inputs' tangents, with ``ctx.saved_tensors`` the
    tensors ``save_for_forward`` kept."""
    from .._creation import zeros_like

    tangents: list[Any] = []
    for arg in args:
        tangent = tangent_of(arg)
        if tangent is None and isinstance(arg, Tensor):
            tangent = zeros_like(arg)
        tangents.append(tangent)
    # What ``saved_tensors`` reads once forward has returned, for the time of the call.
    node._saved = list(getattr(node, "_to_save_for_forward", ()))
    try:
        results = cls.jvp(node, *tangents)
    finally:
        node._saved = None
    results = results if isinstance(results, tuple) else (results,)
    if len(results) != count:
        raise RuntimeError(
            f"{cls.__name__}.jvp returned an incorrect number of tangents (expected {count}, "
            f"got {len(results)})"
        )
    return results


def _unrecorded(output: Any, inputs: Sequence[Any], dirty_ids: set[int]) -> Any:
    """An output of a call that is not recorded, as PyTorch returns it: a returned input
    that requires grad (under no_grad) comes back detached; one that does not, itself if
    it was modified in place (``mark_dirty``, its version bumped), else an alias."""
    if not isinstance(output, Tensor) or not any(output is arg for arg in inputs):
        return output
    dirty = id(output) in dirty_ids
    if dirty:
        output._bump_version()
    if output._requires_grad:
        return output.detach()
    return output if dirty else _alias_if_input(output, inputs)


def _alias_if_input(output: Any, inputs: Sequence[Any]) -> Any:
    """A returned input becomes a new tensor sharing its storage, as in PyTorch."""
    if isinstance(output, Tensor) and any(output is arg for arg in inputs):
        alias = Tensor._from_array(output._data)
        counter = alias._version_counter = output._shared_version_counter()
        alias._view_version = counter.value
        alias._base = output
        return alias
    return output


def _attach(node: BackwardCFunction, args: Sequence[Any], outputs: tuple[Any, ...]) -> Any:
    """Connect ``node`` to the inputs' graph and make it the outputs' grad_fn."""
    from .._ops.inplace import check_inplace
    from .._ops.registry import edge_of

    node._input_is_tensor = tuple(isinstance(arg, Tensor) for arg in args)
    node._input_meta = tuple(
        (arg._data.shape, arg.dtype) for arg in args if isinstance(arg, Tensor)
    )
    node._next_edges = tuple(
        edge_of(arg) if arg._requires_grad else NO_EDGE for arg in args if isinstance(arg, Tensor)
    )
    if ANOMALY.enabled:  # as for built-in ops: name the forward call if backward fails here
        record_forward_stack(node)
    dirty_ids = {id(t) for t in node._dirty}
    non_differentiable_ids = {id(t) for t in node._non_differentiable}
    results = []
    for output_nr, output in enumerate(outputs):
        if not isinstance(output, Tensor):
            results.append(output)
            node._output_meta.append(((), None))
            continue
        non_differentiable = id(output) in non_differentiable_ids  # before any aliasing
        if id(output) in dirty_ids:
            if output._requires_grad and output._grad_fn is None:
                raise RuntimeError(
                    "a leaf Variable that requires grad has been used in an in-place operation."
                )
            check_inplace(output)  # nor a view of one
            output._bump_version()
        elif any(output is arg for arg in args):
            output = _alias_if_input(output, args)
        node._output_meta.append((tuple(output._data.shape), output.dtype))
        if non_differentiable or output._data.dtype.kind not in "fcV":
            output._requires_grad = False
        else:
            output._set_history(node, output_nr)
            if output._base is not None and id(output) not in dirty_ids:
                output._accumulator = (
                    FUNCTION_VIEW if len(outputs) == 1 else MULTI_OUTPUT_FUNCTION_VIEW
                )
            elif output._base is not None:  # a view modified in place: its base's history too
                _rewrite_base_history(output, node, output_nr)
        results.append(output)
    node.num_outputs = len(outputs)
    output_ids = {id(o) for o in results if isinstance(o, Tensor)}
    save = pack_saved if hooks_active() else SavedTensor  # NOTE [Saved-tensor hooks]
    node._saved = [
        None
        if tensor is None
        else save(tensor, id(tensor) in output_ids and tensor._grad_fn is node)
        for tensor in node._to_save
    ]
    node._to_save = ()
    return tuple(results)


def _rewrite_base_history(view: Tensor, node: BackwardCFunction, output_nr: int) -> None:
    """A view the Function modified in place (``mark_dirty``): as after an in-place op, the
    base gets a ``CopySlices`` whose gradient inside the view flows through ``node``, and
    the view becomes an ``AsStridedBackward0`` view of the new base (NOTE [In-place on a
    view] in ``_ops/inplace.py``)."""
    from .._ops.inplace import _rewrite_base_history as rewrite

    result = Tensor._from_array(view._data)
    result._grad_fn, result._output_nr, result._requires_grad = node, output_nr, True
    rewrite(view, result)


class InplaceFunction(Function):
    """A Function that may modify its inputs in place (``inplace`` flag kept for API parity)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace


class NestedIOFunction(Function):
    """Kept for API parity with PyTorch's legacy helper; not supported."""


def once_differentiable(
    fn: Callable[..., Any],
) -> Callable[..., Any]:
    """Decorate a ``backward`` that is not itself differentiable: it runs without recording,
    and differentiating its result raises an error."""

    @functools.wraps(fn)
    def wrapper(ctx: Any, *grad_outputs: Any) -> Any:
        building_graph = STATE.enabled
        with no_grad():
            results = fn(ctx, *grad_outputs)
        if not building_graph:
            return results
        if not any(isinstance(g, Tensor) and g._requires_grad for g in grad_outputs):
            return results
        single = not isinstance(results, tuple)
        wrapped = tuple(
            _delayed_error(r) if isinstance(r, Tensor) else r
            for r in ((results,) if single else results)
        )
        return wrapped[0] if single else wrapped

    return wrapper


class DelayedError(Node):
    """A node that raises when the backward pass reaches it."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def apply(self, grad_outputs: list[Tensor | None]) -> list[Tensor | None]:
        raise RuntimeError(self.message)


def _delayed_error(tensor: Tensor) -> Tensor:
    result = Tensor._from_array(tensor._data)
    node = DelayedError(
        "trying to differentiate twice a function that was marked with @once_differentiable"
    )
    result._grad_fn = node
    result._requires_grad = True
    return result
