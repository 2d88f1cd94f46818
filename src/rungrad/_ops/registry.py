"""The one way to declare a differentiable op: ``@primitive`` and ``.defgrad``.

Contract
--------
* The forward is plain NumPy on arrays. It receives the op's arguments in order, with every
  ``Tensor`` replaced by its ``ndarray``; Python scalars and other arguments pass unchanged.
  It returns an array (or a tuple of arrays for ``num_outputs > 1``).
* ``defgrad(name=formula, ...)`` gives, for each differentiable input (named as in the
  forward's signature, PyTorch's schema names: ``self``, ``other``, ``input``...), a formula
  written in rungrad Tensor ops, never NumPy, so it is differentiable itself: the engine runs
  it under ``no_grad`` normally and with grad mode on for ``create_graph=True``.
* **A formula's parameter names say what to save.** The first parameter is ``grad`` (the
  incoming gradient; ``grads``, a list, for multi-output ops). The others may be any forward
  parameter (a tensor is saved with its version, anything else as is), ``result`` (the op's
  output; ``result0``, ``result1``... for multi-output ops), or ``<param>_shape`` /
  ``<param>_dtype`` / ``<param>_strides`` (metadata only; strides in elements). Only what
  the formulas of inputs that need a gradient use is saved. Names are checked when the
  formula is registered: a typo fails at import.
* ``saved_as(...)``, after ``defgrad``, names saved values as PyTorch does where the
  formulas' names differ (``grad_fn._saved_dim`` for the parameter ``dims``).
* The node, not the formula, fits each gradient to its input: it sums broadcast dimensions
  away (``sum_to``), casts to the input's dtype and checks the shape.

Example::

    @primitive("MulBackward0", promotion=BINARY)
    def mul(self, other):
        return np.multiply(self, other)

    mul.defgrad(self=lambda grad, other: grad * other, other=lambda grad, self: grad * self)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from .. import _dtype
from .._dtype import BFLOAT16_LOADED
from .._out import write_out
from .._promotion import result_type, to_floating
from .._tensor import Tensor, ViewWithoutGradMode
from ..autograd.anomaly_mode import STATE as ANOMALY
from ..autograd.anomaly_mode import record_forward_stack
from ..autograd.forward_ad import DUAL, OUTPUT_TANGENTS, propagate, restore_output_tangent
from ..autograd.grad_mode import STATE
from ..autograd.graph import NO_EDGE, Node, edge_of, next_sequence_number
from ..autograd.saved import (
    HOOK_BLOCKS,
    RELEASED,
    SavedTensor,
    hooks_active,
    pack_saved,
    save_input,
    save_output,
    save_output_array,
)
from ._checks import WrappedDim, broadcast_shapes
from ._grad_helpers import sum_to
from ._half import FLOAT16, FLOAT32
from ._quiet import quiet_numpy, restore_numpy
from .bfloat16 import narrow, widen

__all__ = [
    "BINARY",
    "FLOAT",
    "Op",
    "ArrayFormula",
    "OpFormula",
    "OpNode",
    "Primitive",
    "edge_of",
    "is_op",
    "array_formula",
    "op_formula",
    "pass_grad",
    "declare_holomorphic",
    "holomorphic",
    "primitive",
    "scalar_operand",
    "tensor_list_op",
]

# Type promotion modes of a primitive's tensor arguments.
BINARY = "binary"  # cast every tensor argument to the result_type of all of them
FLOAT = "float"  # like BINARY, then integers and bools compute in the default float dtype

_ndarray = np.ndarray
_from_array = Tensor._from_array
_new_object = object.__new__
_next_sequence = next_sequence_number

# Type categories for the promotion fast path: bool < integer < floating < complex.
_KIND_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3, "V": 2}  # V: bfloat16
_SCALAR_CATEGORY = {bool: 0, int: 1, float: 2, complex: 3, type(None): -1, str: -1}
_MIXED = object()


# What an elementwise op refuses where it takes a tensor or a number.
_NOT_OPERANDS = (str, bytes, list, tuple, dict, set, frozenset, np.ndarray)
# The NumPy names PyTorch's parser takes for an op's operands (torch.exp(x=t), add(x1=, x2=)).
_NUMPY_OPERAND_NAMES = (("x", "self"), ("a", "self"), ("x1", "self"), ("x2", "other"))


# NOTE [NumPy arrays as operands]
# A function refuses an ndarray operand (``torch.add(x, array)``: "must be Tensor, not
# numpy.ndarray"), but an arithmetic operator (``x + array``) gives what PyTorch's gives
# through NumPy: the tensor read as an array (which a tensor that requires grad refuses),
# NumPy's arithmetic and NumPy's result dtype (float32 + float64 array: float64), wrapped as
# a tensor outside any graph. (PyTorch refuses ``array + x``; here the reflected operator is
# the same function and computes it.)
def _through_numpy(forward: Callable[..., Any], args: Sequence[Any], warns: bool) -> Tensor:
    import warnings

    from ._checks import user_stacklevel

    arrays = [arg.numpy() if isinstance(arg, Tensor) else arg for arg in args]
    # NumPy's warning about how PyTorch's tensors wrap its results, which PyTorch users see
    if warns:
        warnings.warn(
            "__array_wrap__ must accept context and return_scalar arguments (positionally) in "
            "the future. (Deprecated NumPy 2.0)",
            DeprecationWarning,
            stacklevel=user_stacklevel(),
        )
    token = quiet_numpy()
    try:
        out = forward(*arrays)
    finally:
        restore_numpy(token)
    return _from_array(np.asarray(out))


# What kind of value a formula parameter names (resolved once, at registration).
_PARAM, _RESULT, _SHAPE, _DTYPE, _STRIDES = range(5)


class Op(Protocol):
    """What ``@primitive`` returns: the op as a plain function, carrying its primitive."""

    primitive: Primitive
    forward: Callable[..., Any]
    param_names: tuple[str, ...]

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...

    def defgrad(self, /, **formulas: Callable[..., Any]) -> None: ...

    def saved_as(self, /, unlisted: Sequence[str] = (), **torch_names: Any) -> None: ...


def is_op(value: Any) -> bool:
    """Whether ``value`` is an op declared with ``@primitive``."""
    return isinstance(getattr(value, "primitive", None), Primitive)


# NOTE [Scalars as arrays]
# NumPy converts a Python number operand on every call, which costs a small op half its time
# again (``x * 2.0`` on 100 floats: 0.8 us, against 0.45 us with a 0-d float32 array). The
# 0-d arrays of the numbers a program uses are made once per float dtype. Same values: NumPy
# casts a Python number to the array's dtype either way. Zeros are not shared (0.0 == -0.0
# would mix up their signs), nor NaNs (no two are equal). Only arguments an op names in
# ``promote=`` are taken for operands (others may be dims). A float16 tensor's numbers stay
# Python numbers: mul and div take them at float32 precision (NOTE [Reduced-precision
# scalars]), and float16 is rare enough on the CPU for the conversion cost not to matter.
_SCALAR_ARRAYS: dict[np.dtype, dict[float, np.ndarray]] = {
    np.dtype(name): {} for name in ("float32", "float64")
}
_SCALAR_ARRAYS_LIMIT = 1024


def _half_with_number(arrays: list[Any]) -> bool:
    """For an op that takes a scalar in float32 (NOTE [Reduced-precision scalars]): a
    float16 array with a number (or a 0-d tensor's value) becomes a float32 copy, in place in
    ``arrays``; whether the result is to be rounded back to float16."""
    first, second = arrays[0], arrays[1]
    if type(first) is _ndarray and first.dtype is FLOAT16 and type(second) in (float, int):
        arrays[0] = first.astype(FLOAT32)
        return True
    return False


def scalar_operand(value: float, dtype: np.dtype) -> Any:
    """``value`` as a shared 0-d array of the float ``dtype`` where it may be; else itself."""
    cache = _SCALAR_ARRAYS.get(dtype)
    if cache is None:
        return value
    array = cache.get(value)
    if array is None:
        if not value or value != value or (type(value) is int and not -2048 <= value <= 2048):
            if type(value) is int:
                check_python_int(value)
            return value
        if len(cache) >= _SCALAR_ARRAYS_LIMIT:
            cache.clear()
        with np.errstate(all="ignore"):  # 1e39 becomes float32 inf, as NumPy's cast does
            array = cache[value] = np.array(value, dtype)
    return array


class OpFormula:
    """A formula that is one op applied to the gradient and saved values.

    ``op_formula(tanh_backward, "grad", "result")`` means ``lambda grad, result:
    tanh_backward(grad, result)``: the gradient, then the names of saved values, then any
    constant arguments. Declared as data rather than as a lambda so that a backward pass that
    records nothing can run the op's NumPy forward on the arrays directly (NOTE [Op formulas]).
    """

    __slots__ = (
        "constants",
        "float32_scalar",
        "forward",
        "names",
        "number_operands",
        "op",
        "same_dtype",
    )
    # The kinds of gradient arrays the formula leaves to the Tensor path: bfloat16's ('V':
    # its ops compute in float32, NOTE [bfloat16]), and a holomorphic op's (see
    # ``holomorphic``) complex gradients, which the Tensor path conjugates around it.
    tensor_path_kinds = "V"

    def __init__(self, op: Op, *arguments: Any) -> None:
        primitive = op.primitive
        if primitive.is_view or primitive.returns_tuple:
            raise TypeError(f"op_formula: {primitive.name} must be a one-output op, not a view")
        names = tuple(a for a in arguments if type(a) is str)
        if not names or names[0] != "grad" or arguments[: len(names)] != names:
            raise TypeError("op_formula: arguments are 'grad', saved names, then constants")
        self.op = op
        self.forward = op.forward
        self.names = names
        self.constants = arguments[len(names) :]
        # The saved numbers that are operands of the op's arithmetic (NOTE [Scalars as arrays]).
        operands = primitive.number_operand_positions
        self.number_operands = frozenset(n for i, n in enumerate(names) if i in operands)
        # An op that casts its tensors to a common dtype: on arrays they must all have the
        # gradient's dtype already (else the Tensor path does the promotion).
        self.same_dtype = primitive.casts
        self.float32_scalar = primitive.float32_scalar

    def __call__(self, grad: Tensor, *values: Any) -> Tensor:
        """The formula on tensors: the op itself (recorded when building a graph)."""
        return self.op(grad, *values, *self.constants)

    def on_arrays(self, grad: Tensor, saved: dict[str, Any], node: OpNode) -> Tensor | None:
        """The gradient from the op's NumPy forward on the saved arrays, or None where an
        argument needs the Tensor path (a dtype to promote, a value of another kind)."""
        data = grad._data
        dtype = data.dtype
        if dtype.kind in self.tensor_path_kinds:
            return None
        arrays = [data]
        for name in self.names[1:]:
            value = saved[name]
            if type(value) is SavedTensor:
                value = value.unpack_array(node)
                if value is None:  # packed by saved-tensor hooks: the Tensor path
                    return None
            elif type(value) is not _ndarray:
                if name in self.number_operands and (type(value) is float or type(value) is int):
                    if dtype is FLOAT16 and self.float32_scalar:
                        return None  # the op's call takes it (NOTE [Reduced-precision scalars])
                    value = scalar_operand(value, dtype)
                elif type(value) not in _PLAIN_ARGUMENTS:
                    return None
                arrays.append(value)
                continue
            if self.same_dtype and value.dtype != dtype:
                return None
            arrays.append(value)
        token = quiet_numpy()  # NOTE [Quiet NumPy]
        try:
            out = self.forward(*arrays, *self.constants)
        except Exception as error:
            error.add_note(f"raised by the formula of {node.name()} (on arrays)")
            raise
        finally:
            restore_numpy(token)
        return _from_array(out if type(out) is _ndarray else np.asarray(out))


# Values an op's forward receives unchanged whatever the tensors' dtype (a complex number
# or a NumPy scalar could change the result's dtype: those take the Tensor path).
_PLAIN_ARGUMENTS = frozenset({int, float, bool, type(None), str, tuple})


def op_formula(op: Op, *arguments: Any) -> OpFormula:
    """The formula ``op(*arguments)``, strings naming the gradient and saved values."""
    return OpFormula(op, *arguments)


class ArrayFormula(OpFormula):
    """A formula of several ops, written on tensors and again on arrays with the same ops'
    NumPy forwards: a backward pass that records nothing runs the second (NOTE [Op formulas]).
    Both take the gradient, then the saved values, by the same names. On arrays it is run
    as an op formula's kernel is, with every saved array in the gradient's dtype."""

    __slots__ = ("on_tensors",)

    def __init__(self, on_tensors: Callable[..., Tensor], on_arrays: Callable[..., Any]) -> None:
        names = _parameters(on_tensors)[0]
        if _parameters(on_arrays)[0] != names:
            raise TypeError("array_formula: both forms must take the same arguments")
        self.on_tensors = on_tensors
        self.op = None
        self.forward = on_arrays
        self.names = names
        self.constants = ()
        self.number_operands = frozenset()
        self.same_dtype = True
        self.float32_scalar = False

    def __call__(self, grad: Tensor, *values: Any) -> Tensor:
        return self.on_tensors(grad, *values)


def array_formula(on_tensors: Callable[..., Tensor], on_arrays: Callable[..., Any]) -> Any:
    """A formula given on tensors and on arrays (see ``ArrayFormula``)."""
    return ArrayFormula(on_tensors, on_arrays)


class _PassGrad(ArrayFormula):
    """The formula ``lambda grad: grad``: the input's gradient is the output's, unchanged.
    On arrays the node hands on the gradient tensor itself (``OpNode.apply`` tests for
    ``pass_grad``): no call, no kernel, no new tensor."""

    __slots__ = ()

    def __init__(self) -> None:
        self.on_tensors = self.forward = _identity
        self.op = None
        self.names = ("grad",)
        self.constants = ()
        self.number_operands = frozenset()
        self.same_dtype = True
        self.float32_scalar = False

    def __call__(self, grad: Tensor, *values: Any) -> Tensor:
        return grad


def _identity(grad: Any) -> Any:
    return grad


pass_grad = _PassGrad()
"""The formula of an input whose gradient is the output's (add's, clone's...): ``self=pass_grad``
means ``self=lambda grad: grad``, and a backward pass that records nothing runs no op for it."""


class _Holomorphic(OpFormula):
    """An op formula of a holomorphic op, written as for real tensors (``grad * f'(z)``),
    made to give PyTorch's complex gradient ``grad * conj(f'(z))`` (see ``holomorphic``).
    On arrays it runs the formula's kernel for real gradients only: a complex one takes the
    Tensor path, so real tensors pay one flag test and no extra call."""

    __slots__ = ("inner",)
    tensor_path_kinds = "cV"

    def __init__(self, inner: OpFormula) -> None:
        self.inner = inner
        self.op = inner.op
        self.forward = inner.forward
        self.names = inner.names
        self.constants = inner.constants
        self.number_operands = inner.number_operands
        self.same_dtype = inner.same_dtype
        self.float32_scalar = inner.float32_scalar

    def __call__(self, grad: Tensor, *values: Any) -> Tensor:
        return _conjugated(self.inner, grad, values)


def _conjugated(formula: Callable[..., Tensor], grad: Any, values: Sequence[Any]) -> Tensor:
    if type(grad) is list:  # the gradients of a several-output op's outputs
        if not any(g is not None and g._data.dtype.kind == "c" for g in grad):
            return formula(grad, *values)
        from .sequences import _conj

        conjugates = [g if g is None or g._data.dtype.kind != "c" else _conj(g) for g in grad]
        result = formula(conjugates, *values)
        return result if result is None or result._data.dtype.kind != "c" else _conj(result)
    if grad._data.dtype.kind != "c":
        return formula(grad, *values)
    from .sequences import _conj  # the differentiable conjugate (a graph may be recorded)

    return _conj(formula(_conj(grad), *values))


def holomorphic(formula: Any) -> Any:
    """The formula of a holomorphic op's input, written as for real tensors: linear in the
    gradient, ``grad * f'(z)`` with ``f'`` built from ops that commute with conjugation.

    PyTorch's gradient for complex tensors is the conjugate Wirtinger derivative: for a
    holomorphic ``y = f(z)``, ``grad_z = grad_y * conj(f'(z))``. That is
    ``conj(formula(conj(grad)))``, so one wrapper serves every such formula. A real gradient
    takes the formula unchanged: real tensors pay one dtype test, no conjugation.
    """
    if isinstance(formula, OpFormula):
        return _Holomorphic(formula)

    @functools.wraps(formula)
    def conjugating(grad: Tensor, *values: Any) -> Tensor:
        return _conjugated(formula, grad, values)

    return conjugating


def declare_holomorphic(*ops: Op) -> None:
    """Re-register the formulas of holomorphic ops (or ops linear in each input, as mm) so
    that complex gradients follow PyTorch's convention (see ``holomorphic``); a
    ``pass_grad`` formula is its own conjugate and stays as it is."""
    for op in ops:
        primitive = op.primitive
        names = [primitive.param_names[i] for i in primitive.diff_positions]
        formulas = [f for f, _ in primitive.formula_list]
        primitive.defgrad(
            **{n: f if f is pass_grad else holomorphic(f) for n, f in zip(names, formulas)}
        )


# NOTE [Op formulas]
# Formulas are written in Tensor ops so that they are differentiable; but a backward pass
# without create_graph (the common case) records nothing, and wrapping every saved array and
# intermediate in a Tensor, and going through an op call, costs more than the NumPy work of
# a small op. Where a formula is one op (tanh's is tanh_backward(grad, result), mul's is
# grad * other), op_formula declares it as data: with nothing recorded the node passes the
# arrays to that op's own NumPy forward and wraps the result once; while recording it calls
# the op as any formula would. One kernel, so the two paths cannot disagree.


class OpNode(Node):
    """A node created by a primitive. Its class (one per op) carries the primitive."""

    # ``_input_meta``: per differentiable input, its (shape, dtype) if it needs a gradient,
    # else None.
    __slots__ = ("_input_meta", "_output_meta", "_saved")
    _primitive: Primitive

    def apply(self, grad_outputs: list[Tensor | None], metas: Any = None) -> list[Tensor | None]:
        primitive = self._primitive
        saved = self._saved
        if saved is None:
            raise RuntimeError(_freed_message())
        if metas is None:
            metas = self._input_meta
        grads_in: list[Tensor | None] = [None] * len(metas)
        if primitive.kernels and not STATE.enabled and not DUAL.active:
            # Nothing recorded: op formulas run their kernels on arrays (NOTE [Op formulas]).
            grad = grad_outputs[0]
            for i, formula in primitive.kernels:
                meta = metas[i]
                if meta is None:  # this input needs no gradient
                    continue
                if formula is pass_grad:
                    grad_input = grad
                else:  # None: the formula, or one of its arguments, needs the Tensor path
                    grad_input = formula and formula.on_arrays(grad, saved, self)
                    if grad_input is None:
                        break
                data = grad_input._data
                if data.shape != meta[0] or data.dtype != meta[1]:
                    grad_input = _fit(grad_input, meta, self)
                grads_in[i] = grad_input
            else:
                return grads_in
        if not primitive.returns_tuple:
            grad = grad_outputs[0]
        else:
            grad = primitive.materialize(grad_outputs, self)
        unpacked: dict[str, Any] = {}
        for i, (formula, names) in enumerate(primitive.formula_list):
            meta = metas[i]
            if meta is None:  # this input needs no gradient
                continue
            args = []
            for name in names:  # each saved value is unpacked once, for all the formulas
                value = unpacked.get(name, unpacked)
                if value is unpacked:
                    value = unpacked[name] = self._unpack_saved(name)
                args.append(value)
            try:
                grad_input = formula(grad, *args)
            except Exception as error:
                error.add_note(f"raised by the formula of {self.name()} on {_describe(args)}")
                raise
            if grad_input is not None:
                data = grad_input._data
                if data.shape != meta[0] or data.dtype != meta[1]:
                    grad_input = _fit(grad_input, meta, self)
                grads_in[i] = grad_input
        return grads_in

    def apply_pruned(
        self, grad_outputs: list[Tensor | None], unwanted: tuple[bool, ...]
    ) -> list[Tensor | None]:
        # An input nobody asked for is one that needs no gradient: its formula is skipped
        # (PyTorch's too, so a formula that raises for it does not stop the others).
        metas = tuple(None if skip else meta for meta, skip in zip(self._input_meta, unwanted))
        return self.apply(grad_outputs, metas)

    def release_saved(self) -> None:
        saved = self._saved
        if saved:
            released = self._primitive.released_names
            for name, value in saved.items():
                if type(value) is SavedTensor:
                    value.release()
                elif name in released:  # a bare output array, or a wrapped number
                    saved[name] = RELEASED
            saved.pop(OUTPUT_TANGENTS, None)

    def _make_attributes(self) -> None:
        self._primitive._expose_saved()

    def __dir__(self) -> list[str]:
        # PyTorch lists the saved values under its own names only (NOTE [PyTorch's names
        # for saved values]).
        if not self._attributes_ready:
            self._make_attributes()
        primitive = self._primitive
        hidden = primitive.hidden_attributes
        names = [name for name in super().__dir__() if name not in hidden]
        saved = self._saved
        if saved is None:
            return names
        # PyTorch has a ``_raw_saved_`` attribute only for what it saves as a tensor; an
        # operand that was a number here (``alpha``, ``keepdim``, ``clamp``'s ``min``) has none.
        return [
            name
            for name in names
            if not _saved_number(saved, primitive, primitive.raw_sources.get(name))
        ]

    def _unpack_output(self, name: str, array: np.ndarray) -> Tensor:
        """An output saved as its bare array (NOTE [Saved outputs as arrays])."""
        if not STATE.enabled:  # read by a formula, which never modifies it: a plain tensor
            return _from_array(array)
        # Into a recorded graph: it becomes a SavedTensor, whose unpacked tensor has this
        # node as grad_fn and shares a version counter with the output.
        output_nr = 0 if name == "result" else int(name[6:])
        saved = self._saved[name] = save_output_array(array, output_nr)
        return saved.unpack(self)

    def _unpack_saved(self, name: str) -> Any:
        """What the node saved under ``name`` (a formula parameter), unpacked."""
        value = self._saved[name]  # type: ignore[index]
        if type(value) is _ndarray and name in self._primitive.output_names:
            unpacked = self._unpack_output(name, value)
        elif type(value) is SavedTensor:
            unpacked = value.unpack(self)
        else:
            return value
        if DUAL.active and value is not unpacked and name in self._primitive.output_names:
            restore_output_tangent(self, name, unpacked)  # forward-over-reverse
        return unpacked

    def _save_output_as(self, tensor: Tensor) -> None:
        """The node's result became ``tensor``'s value (an in-place op wrote it there): what it
        saved of its output is now ``tensor``, at its current version, so a later in-place
        change to ``tensor`` makes backward raise, as in PyTorch."""
        saved = self._saved
        if not saved:
            return
        for name in self._primitive.output_names:
            value = saved.get(name)
            # What saved-tensor hooks packed stays theirs (no version check, as in PyTorch).
            if type(value) is _ndarray or (
                type(value) is SavedTensor and type(value._value) is _ndarray
            ):
                counter = tensor._shared_version_counter()
                saved[name] = save_output_array(tensor._data, 0, counter)

    def _snapshot_input(self, tensor: Tensor) -> None:
        """Keep the current value of ``tensor``, the target of an in-place op, for backward
        before the op changes it. Only as the op's first input (``self``), as in PyTorch: saved
        as another argument too (``y.mul_(y)``), it stays the tensor the op modifies, and
        backward reports the change (PyTorch's "modified by an inplace operation" error)."""
        saved = self._saved
        if not saved:
            return
        name = self._primitive.param_names[0]
        value = saved.get(name)
        if type(value) is SavedTensor and value._value is tensor:
            # A clone, not a detached copy: its gradient still reaches the old history, so
            # the op stays twice differentiable.
            saved[name] = SavedTensor(tensor.clone())


# NOTE [Saved outputs as arrays]
# An op that saves its own output (tanh, exp, sigmoid, relu...) keeps it in the node's saved
# dict as the bare array while the output has no version counter (most never get one): no
# SavedTensor object, and a dict holding only arrays and numbers, which Python's cyclic GC
# does not track — a deep graph of such ops holds half the objects for the GC to scan. It
# becomes a SavedTensor when something needs more than the array: the output's first
# version counter (``_first_counter`` in _tensor.py), an unpack into a recorded graph, or
# release after backward (``RELEASED``, which raises the "freed" error).


# NOTE [Shared input metadata]
# A node keeps each input's (shape, dtype) to fit its gradient. Most ops see the same few
# shapes over and over, so the tuples are shared, not made per node: a deep graph then holds
# three fewer objects per node for Python's cyclic GC to scan again and again while the
# graph grows (a third of a 100 000-op chain's time went to those scans).
_METAS: dict[tuple[Any, Any], tuple[Any, Any]] = {}
_SINGLE_METAS: dict[tuple[Any, Any], tuple[tuple[Any, Any]]] = {}
_METAS_LIMIT = 4096  # programs whose shapes keep changing start over, rather than grow


def _meta_of(data: np.ndarray) -> tuple[Any, Any]:
    """The shared ``(shape, dtype)`` of an input's array."""
    key = (data.shape, data.dtype)
    return _METAS.get(key) or _new_meta(key)


def _new_meta(key: tuple[Any, Any]) -> tuple[Any, Any]:
    """Share ``key``, an input's ``(shape, dtype)``, from now on."""
    if len(_METAS) >= _METAS_LIMIT:
        _METAS.clear()
    _METAS[key] = key
    return key


def _new_single_meta(key: tuple[Any, Any]) -> tuple[tuple[Any, Any]]:
    """Share the metadata tuple of one-input nodes whose input is ``key`` from now on."""
    if len(_SINGLE_METAS) >= _METAS_LIMIT:
        _SINGLE_METAS.clear()
    metas = _SINGLE_METAS[key] = (_METAS.get(key) or _new_meta(key),)
    return metas


def _regrew_a_view(args: Sequence[Any]) -> bool:
    """Whether an input that required no grad is a view whose base has come to require grad
    since the view was made (another view of it was modified in place with an operand that
    requires grad); its history is made then, so the call is recorded (NOTE [Stale views]
    in inplace.py). Only calls that record nothing, with grad mode on, ask."""
    regrown = False
    for arg in args:
        if (
            isinstance(arg, Tensor)
            and arg._base is not None
            and not arg._requires_grad
            and arg._view_version != arg._version_counter.value
        ):
            arg._check_view_history()
            regrown = regrown or arg._requires_grad
    return regrown


def _view_without_grad_mode(view: Tensor) -> None:
    """A view made under no_grad / inference_mode of a tensor that requires grad requires
    grad too, without history (NOTE [Views made without grad mode] in _tensor.py)."""
    view._requires_grad = True
    # Its version now, to tell later whether it was changed in place.
    version = view._shared_version_counter().value
    view._accumulator = ViewWithoutGradMode("inference" if STATE.inference else "no_grad", version)


# NOTE [PyTorch's names for saved values]
# A node offers what it saved as ``grad_fn._saved_<name>``, with PyTorch's names and values.
# Formula parameters name most of them already (``self``, ``result``, ``dim``); where PyTorch
# names a value differently, the node class gets a property under PyTorch's name that reads
# the formula's value (``<p>_shape`` is PyTorch's ``<p>_sym_sizes``, ``<p>_strides`` its
# ``<p>_sym_strides``; ops declare the others with ``saved_as``: ``dim="dims"``,
# ``indices="result1"``), and ``dir()`` lists PyTorch's names only. The formula's own name
# still works, with the formula's value. All of it is decided at registration: a node pays
# nothing for it until a program reads the attribute.
#
# Values are PyTorch's too: its int64 arguments (dims, indices, offsets) read back as
# unsigned 64-bit numbers (``x.sum(-1).grad_fn._saved_dim`` is ``(18446744073709551615,)``),
# a loss's reduction as its enum value (mean is 1), and integer lists as tuples.

# NOTE [Saved attributes on first sight]
# The properties above are made when a node of the op is first handed to user code
# (``grad_fn``, ``next_functions``, a gradient edge, ``dir()``: graph.shown), not when the op
# registers: a program reads them for a few ops at most, and making them for all ~400 ops
# took a tenth of ``import rungrad``. A flag on the node class says whether they are there.
_INT64_NAMES = frozenset(
    {
        "dim", "dims", "dim0", "dim1", "dim2", "dimension", "index", "start", "end", "step",
        "diagonal", "offset", "shifts", "ignore_index", "padding_idx", "split_size",
        "split_sizes", "size", "stride", "padding", "dilation", "kernel_size",
        "output_padding", "groups", "repeats", "storage_offset", "upscale_factor",
        "downscale_factor", "pad", "output_size", "normalized_shape", "chunks", "sections",
        "k", "source", "destination",
    }
)  # fmt: skip
_REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}
_NONE: frozenset[Any] = frozenset()  # one empty set for the ~2 000 empty fields of the ops
_UNDEFINED = object()  # what a node did not save (``_saved_<name>`` reads None)
_UINT64 = 1 << 64


def _as_int64(value: Any) -> Any:
    """An int64 argument as PyTorch reads it back: negative numbers as unsigned 64-bit ones,
    sequences of numbers as tuples."""
    kind = type(value)
    if kind is int or kind is WrappedDim:
        return _as_uint64(value)
    if kind in (tuple, list) and all(type(item) in (int, WrappedDim) for item in value):
        return tuple(map(_as_uint64, value))
    return value


def _as_uint64(value: int) -> int:
    """A number as PyTorch reads an int64 back (a wrapped dimension: as it was given)."""
    value = getattr(value, "given", value)
    return value + _UINT64 if value < 0 else value


def _as_torch_value(torch_name: str, value: Any) -> Any:
    """The value PyTorch's node shows under ``_saved_<torch_name>``."""
    if torch_name in _INT64_NAMES:
        return _as_int64(value)
    if torch_name == "reduction" and type(value) is str:
        return _REDUCTIONS.get(value, value)
    return value


def _read_saved(node: OpNode, name: str, attribute: str) -> Any:
    """``node.<attribute>``: what the node saved under the formula parameter ``name``."""
    saved = node._saved
    if saved is None:
        raise AttributeError(f"'{type(node).__name__}' object has no attribute '{attribute}'")
    if name not in saved:  # the inputs that need a gradient did not need it: undefined
        return _UNDEFINED
    primitive = node._primitive
    value = node._unpack_saved(name)
    if name in primitive.wrapped_numbers and type(value) in (int, float, bool):
        # PyTorch saved the number as the 0-d tensor it wrapped it in (float64, int64)
        return Tensor._from_array(np.array(value))
    if name in primitive.output_names and value._grad_fn is not None:
        output_nr = primitive._name_kinds[name][1]
        if output_nr not in primitive.differentiable_outputs:  # indices: no history
            return value.detach()
    return value


def _saved_property(
    name: str,
    torch_name: str | None = None,
    convert: Callable[[Any], Any] | None = None,
) -> property:
    """PyTorch's ``grad_fn._saved_<torch_name>`` (``_saved_self``, ``_saved_result``...),
    read from the formula parameter ``name``, converted by ``convert`` and then to PyTorch's
    types; ``torch_name=None``: the formula's own name and value.

    A property per name on the node class, not a ``__getattr__`` on nodes: a class with
    ``__getattr__`` has every attribute read go through it, which CPython does not
    specialise, and the engine reads node attributes all the time.
    """
    attribute = f"_saved_{name if torch_name is None else torch_name}"

    # PyTorch keeps a tensor's strides only for the input's own gradient; unkept, they read
    # as an empty tuple (other values it did not keep read None).
    undefined = () if torch_name is not None and torch_name.endswith("_sym_strides") else None

    def saved_value(node: OpNode) -> Any:
        value = _read_saved(node, name, attribute)
        if value is _UNDEFINED:
            return undefined
        if torch_name is None:
            return value
        if convert is not None:
            value = convert(value)
        return _as_torch_value(torch_name, value)

    return property(saved_value)


def _saved_number(saved: dict[str, Any], primitive: Primitive, name: str | None) -> bool:
    """Whether the formula parameter ``name`` holds a saved number (or None), not a tensor.
    None in place of an optional tensor (``weight=None``) is PyTorch's undefined tensor."""
    if name is None or name not in saved or name in primitive.wrapped_numbers:
        return False
    value = saved[name]
    if value is None:
        return name not in primitive.tensor_params
    return type(value) not in (SavedTensor, _ndarray) and value is not RELEASED


def _raw_saved_property(name: str, torch_name: str | None = None) -> property:
    """PyTorch's ``grad_fn._raw_saved_<torch_name>``: the SavedTensor the formula parameter
    ``name`` reads, on which ``register_hooks`` sets saved-tensor hooks for this one tensor."""
    attribute = f"_raw_saved_{name if torch_name is None else torch_name}"

    def raw_saved_value(node: OpNode) -> Any:
        saved = node._saved
        missing = AttributeError(f"'{type(node).__name__}' object has no attribute '{attribute}'")
        if saved is None:
            raise missing
        if name not in saved:  # a tensor the inputs needing grad did not need
            return SavedTensor.undefined()
        value = saved[name]
        if type(value) is _ndarray and name in node._primitive.output_names:
            # an output kept as its array (NOTE [Saved outputs as arrays]) becomes a SavedTensor
            value = saved[name] = save_output_array(value, node._primitive._name_kinds[name][1])
        if type(value) is SavedTensor:
            return value
        if value is None and name in node._primitive.tensor_params:  # weight=None: undefined
            return SavedTensor.undefined()
        if name in node._primitive.wrapped_numbers and type(value) in (int, float, bool):
            return save_input(Tensor._from_array(np.array(value)))  # the 0-d tensor PyTorch saved
        raise missing

    return property(raw_saved_value)


def _raw_saved_list_property(torch_name: str) -> property:
    """PyTorch's ``_raw_saved_<torch_name>`` for a list of tensors it saved (an index's
    ``indices``): a tuple of SavedTensors, undefined ones for its Nones. Each wraps the tensor
    ``_saved_<torch_name>`` reads (hooks registered on one do not reach the node)."""

    def raw_saved_list(node: OpNode) -> Any:
        values = getattr(node, f"_saved_{torch_name}")
        return tuple(
            SavedTensor.undefined() if value is None else save_input(value) for value in values
        )

    return property(raw_saved_list)


def _freed_message() -> str:
    from ..autograd.saved import FREED_MESSAGE

    return FREED_MESSAGE


def _describe(args: Sequence[Any]) -> str:
    parts = [f"{tuple(a.shape)} {a.dtype}" if isinstance(a, Tensor) else repr(a) for a in args]
    return ", ".join(parts)


def _fit(grad: Tensor, meta: tuple[tuple[int, ...], np.dtype], node: Node) -> Tensor:
    """Make a formula's gradient match its input: un-broadcast, cast, check the shape."""
    shape, numpy_dtype = meta
    if grad._data.shape != shape:
        try:
            grad = sum_to(grad, shape)
        except ValueError:
            grad = None  # type: ignore[assignment]
        if grad is None or grad._data.shape != shape:
            raise RuntimeError(
                f"Function {node.name()} returned an invalid gradient - got "
                f"{list(grad.shape) if grad is not None else '?'} but expected shape "
                f"compatible with {list(shape)}"
            )
    if grad._data.dtype != numpy_dtype:
        if grad._data.dtype.kind == "c" and numpy_dtype.kind != "c":
            from .sequences import real  # a real input's gradient is the real part

            grad = real(grad)
        grad = grad.to(_dtype.from_numpy_dtype(numpy_dtype))
    return grad


class Primitive:
    """A differentiable op: a NumPy forward, a node class, and one formula per input."""

    def __init__(
        self,
        forward: Callable[..., Any],
        node_name: str,
        *,
        promotion: str | None = None,
        num_outputs: int = 1,
        differentiable_outputs: Sequence[int] | None = None,
        promote: Sequence[str] | None = None,
        view: bool = False,
        qualified_name: str | None = None,
        tuple_output: bool = False,
        wraps_numbers: bool = False,
        check: Callable[..., None] | None = None,
        float32_scalar: bool = False,
    ) -> None:
        self.forward = forward
        self.name = forward.__name__
        self.node_name = node_name
        self.promotion = promotion
        self.num_outputs = num_outputs
        # A tuple of outputs (and ``grads`` in the formulas), even when it holds only one.
        self.returns_tuple = num_outputs != 1 or tuple_output
        self.differentiable_outputs = tuple(
            range(num_outputs) if differentiable_outputs is None else differentiable_outputs
        )
        self.param_names, self.default_values = _parameters(forward)
        self.num_params = len(self.param_names)
        self._signature: inspect.Signature | None = None
        # Which arguments take part in type promotion (all tensors and numbers by default).
        self.promote_positions = (
            None if promote is None else tuple(self.param_names.index(n) for n in promote)
        )
        # Whether the op may cast its tensor arguments to a common dtype: one promoted
        # argument has nothing to be promoted with.
        self.casts = promotion is not None and not (
            promotion == BINARY
            and self.promote_positions is not None
            and len(self.promote_positions) == 1
        )
        # The arguments a Python number may be an operand of the arithmetic in: those
        # ``promote`` names (any other argument may be a dim or a size): NOTE [Scalars as
        # arrays].
        self.number_operand_positions = (
            frozenset(self.promote_positions) if self.promote_positions else _NONE
        )
        # Promotion among the first two arguments only (and a third one that is not cast).
        positions = self.promote_positions
        self.binary = (positions is None and self.num_params <= 2) or positions == (0, 1)
        # A view op's output shares its first input's storage and version counter.
        self.is_view = view
        # Refuses arguments by their own dtypes, before promotion casts them (the call's
        # general path: the fast paths see no mixed dtypes, and the forward sees the rest).
        self.check = check
        # Takes a scalar second operand of a float16 or bfloat16 computation in float32
        # (NOTE [Reduced-precision scalars]).
        self.float32_scalar = float32_scalar
        # PyTorch's Tensor overloads (mul.Tensor, div.Tensor) take a number as a 0-d tensor,
        # saved and freed after backward like any tensor: a second backward through
        # ``x * 3.0`` raises. The numbers such an op saves for its operands are released too.
        self.wrapped_numbers = (
            frozenset(self.param_names[i] for i in self.number_operand_positions)
            if wraps_numbers
            else _NONE
        )
        # What release_saved frees besides SavedTensors: bare outputs and wrapped numbers.
        self.released_names: frozenset[str] = self.wrapped_numbers
        self.formula_list: list[tuple[Callable[..., Any], tuple[str, ...]]] = []
        self.kernels: tuple[tuple[int, OpFormula | None], ...] = ()
        self.diff_positions: tuple[int, ...] = ()
        self._save_plans: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        self._name_kinds: dict[str, tuple[int, int]] = {}
        self.output_names: frozenset[str] = _NONE
        # PyTorch's names for saved values (NOTE [PyTorch's names for saved values]): those
        # ``saved_as`` declared, PyTorch name -> (formula parameter, conversion), and the
        # node attributes ``dir()`` does not list.
        self._torch_names: dict[str, tuple[str, Callable[[Any], Any] | None]] = {}
        self._unlisted: tuple[str, ...] = ()
        self._exposed: set[str] = set()
        self.hidden_attributes: frozenset[str] = _NONE
        # The parameters that are tensors when given (the differentiable inputs, and those
        # ``saved_as(tensors=...)`` names): None there reads as an undefined saved tensor.
        self.tensor_params: frozenset[str] = _NONE
        self._declared_tensors: tuple[str, ...] = ()
        self._tensor_lists: tuple[str, ...] = ()
        self.raw_sources: dict[str, str] = {}  # {"_raw_saved_<name>": formula parameter}
        attributes: dict[str, Any] = {
            "__slots__": (),
            "_primitive": self,
            "num_outputs": num_outputs,
            # PyTorch's nodes are C++ types with no module: type(y.grad_fn) prints
            # <class 'MulBackward0'>, as a class of module "builtins" does.
            "__module__": "builtins",
            # the ``_saved_<name>`` attributes come on first sight (NOTE [Saved attributes
            # on first sight])
            "_attributes_ready": False,
        }
        if qualified_name is not None:  # PyTorch's C++-defined nodes name() their namespace
            attributes["name"] = lambda node: qualified_name
        # The class is made when first needed (``node_class``): a class costs ~20 us to
        # make, and most programs record a few dozen of the ~400 ops.
        self._node_attributes = attributes
        self._node_class: type[OpNode] | None = None
        self.__doc__ = forward.__doc__
        self.__name__ = self.name
        self._operator: Op | None = None
        # The tensor operands, by PyTorch's names for them (other arguments are options).
        self.operand_positions = tuple(
            i for i, name in enumerate(self.param_names) if name in ("self", "other")
        )
        self.call = self._make_call()

    @property
    def node_class(self) -> type[OpNode]:
        """The class of the op's backward nodes (``MulBackward0``)."""
        if self._node_class is None:
            self._node_class = type(self.node_name, (OpNode,), self._node_attributes)
        return self._node_class

    def _saved_attributes_changed(self) -> None:
        """A declaration changed what the nodes save: their ``_saved_<name>`` attributes
        are made again when a node is next shown."""
        if self._node_class is not None:
            self._node_class._attributes_ready = False

    @property
    def signature(self) -> inspect.Signature:
        """The forward's signature (built on first use: inspect is slow at import time)."""
        if self._signature is None:
            self._signature = inspect.signature(self.forward)
        return self._signature

    # -- registration ------------------------------------------------------------------
    def defgrad(op, /, **formulas: Callable[..., Any]) -> None:
        # ``op``, not ``self``: ``self`` is the name of the first input of most formulas.
        """Register the backward formula of each differentiable input (see module doc)."""
        positions = []
        formula_list = []
        for input_name, formula in formulas.items():
            if input_name not in op.param_names:
                raise TypeError(f"{op.name}: no input named {input_name!r}")
            if isinstance(formula, OpFormula):  # the formulas that can run on arrays
                names = formula.names
            else:
                names = _parameters(formula)[0]
            expected_first = "grads" if op.returns_tuple else "grad"
            if not names or names[0] != expected_first:
                raise TypeError(
                    f"{op.name}.{input_name}: first parameter must be {expected_first!r}"
                )
            for name in names[1:]:
                op._name_kinds[name] = op._resolve(name)
            positions.append(op.param_names.index(input_name))
            formula_list.append((formula, names[1:]))
        order = sorted(range(len(positions)), key=positions.__getitem__)
        op.diff_positions = tuple(positions[i] for i in order)
        op.formula_list = [formula_list[i] for i in order]
        # The formulas that can run on arrays, None for the others (NOTE [Op formulas]).
        op.kernels = tuple(
            (i, f if isinstance(f, OpFormula) else None) for i, (f, _) in enumerate(op.formula_list)
        )
        if op.returns_tuple or not any(f for _, f in op.kernels):
            op.kernels = ()
        op._save_plans.clear()
        # The formula parameters that name outputs ("result", "result0"...).
        outputs = [n for n, (kind, _) in op._name_kinds.items() if kind == _RESULT]
        op.output_names = frozenset(outputs) if outputs else _NONE
        op.released_names = op.output_names | op.wrapped_numbers or _NONE
        op._saved_attributes_changed()

    def saved_as(
        op,
        /,
        unlisted: Sequence[str] = (),
        tensors: Sequence[str] = (),
        tensor_lists: Sequence[str] = (),
        **torch_names: str | tuple[str, Callable[[Any], Any]],
    ) -> None:
        """Offer saved values under PyTorch's names (after ``defgrad``): ``dim="dims"`` makes
        ``grad_fn._saved_dim`` read the formula parameter ``dims``; ``("self_shape", prod)``
        reads it through a conversion. ``unlisted``: formula parameters PyTorch's node does
        not have, which ``dir()`` then does not list (they still work). ``tensors``: optional
        tensor parameters that are not differentiable inputs (a loss's ``weight``), whose None
        reads as an undefined saved tensor. ``tensor_lists``: PyTorch names whose value is a
        list of tensors (or Nones), with a tuple of SavedTensors as ``_raw_saved_<name>``.
        NOTE [PyTorch's names for saved values]."""
        for torch_name, source in torch_names.items():
            name = source if isinstance(source, str) else source[0]
            if name not in op._name_kinds:
                raise TypeError(
                    f"{op.name}: saved_as({torch_name}=...) names {name!r}, which no formula saves"
                )
            op._torch_names[torch_name] = (name, None) if isinstance(source, str) else source
        for name in unlisted:
            if name not in op._name_kinds:
                raise TypeError(
                    f"{op.name}: saved_as(unlisted=...) names {name!r}, which no formula saves"
                )
        op._unlisted = (*op._unlisted, *unlisted)
        op._declared_tensors = (*op._declared_tensors, *tensors)
        op._tensor_lists = (*op._tensor_lists, *tensor_lists)
        op._save_plans.clear()  # the plans save the sizes shown, which unlisted may change
        op._saved_attributes_changed()

    def _expose_saved(self) -> None:
        """Give the node class a ``_saved_<name>`` property per saved value, under the
        formula's name and under PyTorch's, and list PyTorch's names only (NOTE [Saved
        attributes on first sight])."""
        node_class = self.node_class
        node_class._attributes_ready = True
        diff_names = (self.param_names[i] for i in self.diff_positions)
        self.tensor_params = frozenset((*diff_names, *self._declared_tensors))
        for attribute in self._exposed:  # what an earlier declaration exposed
            delattr(node_class, attribute)
        torch_names = dict(self._torch_names)
        renamed = set(self._unlisted)
        for name, (kind, _) in self._name_kinds.items():
            base = name.rsplit("_", 1)[0]
            if name in renamed:  # unlisted: not PyTorch's under any name
                continue
            if kind == _SHAPE:
                torch_names.setdefault(f"{base}_sym_sizes", (name, tuple))
            elif kind == _STRIDES:
                torch_names.setdefault(f"{base}_sym_strides", (name, tuple))
            elif kind == _DTYPE:  # PyTorch keeps a dtype in its options, which it does not show
                renamed.add(name)
        renamed.update(name for name, _ in torch_names.values())
        renamed.difference_update(torch_names)  # a name that is PyTorch's stays listed
        hidden = set()
        self.raw_sources = {}
        for name, (kind, _) in self._name_kinds.items():
            self.raw_sources[f"_raw_saved_{name}"] = name
            listed = name not in renamed
            setattr(node_class, f"_saved_{name}", _saved_property(name, name if listed else None))
            setattr(node_class, f"_raw_saved_{name}", _raw_saved_property(name))
            if not listed:
                hidden.update((f"_saved_{name}", f"_raw_saved_{name}"))
            elif not self._holds_tensor(name, kind):
                hidden.add(f"_raw_saved_{name}")
        for torch_name, (name, convert) in torch_names.items():
            if torch_name in self._name_kinds and torch_name != name:
                raise TypeError(f"{self.name}: {torch_name!r} is already a formula parameter")
            setattr(node_class, f"_saved_{torch_name}", _saved_property(name, torch_name, convert))
            if self._holds_tensor(name, self._name_kinds[name][0]) and convert is None:
                setattr(
                    node_class, f"_raw_saved_{torch_name}", _raw_saved_property(name, torch_name)
                )
                self.raw_sources[f"_raw_saved_{torch_name}"] = name
            elif torch_name in self._tensor_lists:
                attribute = f"_raw_saved_{torch_name}"
                setattr(node_class, attribute, _raw_saved_list_property(torch_name))
                self.raw_sources.pop(attribute, None)  # listed whatever the value holds
            else:
                hidden.add(f"_raw_saved_{torch_name}")
        self.hidden_attributes = frozenset(hidden)
        self._exposed = {
            attribute
            for attribute in vars(node_class)
            if attribute.startswith(("_saved_", "_raw_saved_"))
        }

    @property
    def saved_names(self) -> tuple[str, ...]:
        """The formula parameters the node may save (for ``saved_as(unlisted=...)``)."""
        return tuple(self._name_kinds)

    def _holds_tensor(self, name: str, kind: int) -> bool:
        """Whether the formula parameter ``name`` may save a tensor (PyTorch then also has a
        ``_raw_saved_`` attribute for it): an output, or a parameter (``dir()`` leaves out
        the ``_raw_saved_`` of those that hold a number: ``index`` may be either)."""
        return kind in (_RESULT, _PARAM)

    def _resolve(self, name: str) -> tuple[int, int]:
        if name in self.param_names:
            return (_PARAM, self.param_names.index(name))
        if name == "result" and not self.returns_tuple:
            return (_RESULT, 0)
        if name.startswith("result") and name[6:].isdigit() and int(name[6:]) < self.num_outputs:
            return (_RESULT, int(name[6:]))
        for suffix, kind in (("_shape", _SHAPE), ("_dtype", _DTYPE), ("_strides", _STRIDES)):
            base = name[: -len(suffix)]
            if name.endswith(suffix) and base in self.param_names:
                return (kind, self.param_names.index(base))
        raise TypeError(f"{self.name}: a formula asks for {name!r}, which the op does not have")

    def _save_plan(self, needs: int) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """What to save when the inputs in the bit mask ``needs`` require grad (cached): the
        ``(name, kind, index)`` entries taken from the arguments, and those that are outputs."""
        plan = self._save_plans.get(needs)
        if plan is None:
            names: dict[str, None] = {}
            for i, (_, formula_names) in enumerate(self.formula_list):
                for name in formula_names:
                    kind, index = self._name_kinds[name]
                    # Like PyTorch, a node keeps the arguments that are not inputs (alpha,
                    # dim...) whichever inputs need grad: ``(x + 1).grad_fn._saved_alpha``
                    # is 1, and the outputs a formula uses (``_saved_result`` of
                    # ``x ** torch.tensor(2.0)``), and the sizes it shows of every input
                    # (``x.mm(w)`` with only ``x`` requiring grad has
                    # ``_saved_mat2_sym_sizes``). Inputs, and the rest read off them
                    # (strides), only for formulas that run.
                    if (
                        needs >> i & 1
                        or kind == _RESULT
                        or (kind == _SHAPE and name not in self._unlisted)
                        or (kind == _PARAM and index not in self.diff_positions)
                    ):
                        names[name] = None
            entries = [(name, *self._name_kinds[name]) for name in names]
            plan = (
                tuple(e for e in entries if e[1] != _RESULT),
                tuple(e for e in entries if e[1] == _RESULT),
            )
            self._save_plans[needs] = plan
        return plan

    # -- calling -----------------------------------------------------------------------
    def operator(self) -> Op:
        """The op as a Tensor operator (``Tensor.__add__`` is ``add``'s): the same function,
        except that an operand that is neither a tensor nor a number (a list, a string,
        None) gives ``NotImplemented``, so that Python raises its own TypeError or compares
        by identity (``x == None`` is False), as PyTorch's operators do."""
        if self._operator is None:
            self._operator = self._make_call(as_operator=True)
        return self._operator

    def reflected_operator(self) -> Op:
        """The op as a reflected operator (``Tensor.__radd__``): as ``operator``, except that
        a NumPy array declines too (``array + x``: the array deferred to the tensor, and
        PyTorch's tensor refuses it, so Python raises its TypeError)."""
        return self._make_call(as_operator=True, reflected=True)

    def with_out(self, name: str) -> Op:
        """The op as a top-level function that also takes PyTorch's ``out=`` (see _out.py):
        a call of its own, so that the calls without ``out`` pay nothing for it."""
        return self._make_call(out_name=name)

    def _make_call(
        self, as_operator: bool = False, out_name: str | None = None, reflected: bool = False
    ) -> Op:
        """The op users call: a plain function specialised to this primitive.

        A plain function, not ``Primitive.__call__``: calling an object costs ~6x as much
        as calling a function, and this runs for every op, forward and backward. What the
        function reads of the primitive is captured once (closure cells are cheaper than
        attribute lookups); what ``defgrad`` may still change is read from the primitive.
        """
        forward = self.forward
        num_params = self.num_params
        promotion = self.promotion if self.casts else None
        float_promotion = promotion == FLOAT
        broadcasts = self.promotion is not None  # elementwise ops: their inputs broadcast
        positions = self.promote_positions
        binary = self.binary
        number_operand = 1 in self.number_operand_positions  # NOTE [Scalars as arrays]
        # PyTorch casts a number operand (and add's alpha) to a bfloat16 tensor's type, as
        # any wrapped number to the common dtype, except in mul and div, whose kernels take
        # it in float32 (NOTE [Reduced-precision scalars]).
        rounded_numbers: tuple[int, ...] = ()
        if self.promotion is not None and not self.float32_scalar:
            rounded_numbers = (
                tuple(range(num_params))
                if positions is None
                else (*positions, *[i for i, n in enumerate(self.param_names) if n == "alpha"])
            )
        is_view = self.is_view
        float32_scalar = self.float32_scalar
        returns_tuple = self.returns_tuple
        last_default = self.default_values[-1] if self.default_values else None
        record = self._record
        primitive = self  # what only the slow paths need is read from it (fewer cells)

        def call(*args: Any, **kwargs: Any) -> Any:
            if kwargs or len(args) != num_params:
                if not kwargs and len(args) == num_params - 1:  # add(a, b) without alpha
                    args = (*args, last_default)
                elif out_name is not None and "out" in kwargs:
                    out = kwargs.pop("out")
                    result = call(*args, **kwargs)
                    return result if out is None else write_out(out_name, result, out)
                else:
                    args = primitive._complete(args, kwargs)
            # The arrays the NumPy forward receives. The commonest calls are decided inline:
            # nothing to cast, or one tensor, or two tensors (or a tensor and a number) of one
            # dtype. ``tracked`` tells whether an input requires grad, so a node may be needed.
            arrays: Any = None
            count = len(args)
            rounds_to_half = False  # NOTE [Reduced-precision scalars]
            if promotion is None:
                arrays = []
                tracked = False
                for arg in args:
                    if isinstance(arg, Tensor):
                        arrays.append(arg._data)
                        if arg._requires_grad:
                            tracked = True
                    else:
                        arrays.append(arg)
            elif count == 1:
                a = args[0]
                if isinstance(a, Tensor) and (not float_promotion or a._data.dtype.kind == "f"):
                    arrays = (a._data,)
                    tracked = a._requires_grad
            elif binary and count <= 3:
                a = args[0]
                b = args[1]
                if isinstance(a, Tensor):
                    x = a._data
                    if isinstance(b, Tensor):
                        if x.dtype == b._data.dtype and (
                            not float_promotion or x.dtype.kind == "f"
                        ):
                            arrays = (x, b._data)
                            tracked = a._requires_grad or b._requires_grad
                    elif (type(b) is float or type(b) is int) and (dtype := x.dtype).kind == "f":
                        if dtype is FLOAT16 and float32_scalar:
                            arrays = (x.astype(FLOAT32), b)
                            rounds_to_half = True
                        else:
                            arrays = (x, scalar_operand(b, dtype) if number_operand else b)
                        tracked = a._requires_grad
                    if count == 3 and arrays is not None:  # a third, unpromoted argument
                        c = args[2]
                        arrays = None if isinstance(c, Tensor) else (*arrays, c)
            if arrays is None:  # any other call: the general argument handling
                args, arrays = primitive._general_arguments(
                    args, call.__name__, as_operator, reflected
                )
                if arrays is None:  # an operator declined: ``args`` is what it returns
                    return args
                tracked = True  # _record looks at the differentiable inputs itself
                if float32_scalar:
                    rounds_to_half = _half_with_number(arrays)
            try:
                if is_view:  # no arithmetic, nothing to warn about
                    out = forward(*arrays)
                else:
                    # PyTorch returns inf and nan silently: NumPy's floating-point warnings
                    # stay quiet, even under ``-W error`` (NOTE [Quiet NumPy] in _quiet.py).
                    token = quiet_numpy()
                    try:
                        if BFLOAT16_LOADED[0]:  # bfloat16 computes in float32 (NOTE [bfloat16])
                            arrays, narrows = widen(arrays, rounded_numbers)
                            out = forward(*arrays)
                            if narrows:
                                out = narrow(out, args)
                        else:
                            out = forward(*arrays)
                        if rounds_to_half:  # (an overflow to inf is silent too)
                            out = out.astype(FLOAT16)
                    finally:
                        restore_numpy(token)
            except ValueError:
                if broadcasts:
                    # NumPy's broadcasting error becomes PyTorch's message.
                    broadcast_shapes(*[np.shape(a) for a in arrays if type(a) is _ndarray])
                raise
            if not returns_tuple:
                result = _from_array(out if type(out) is _ndarray else np.asarray(out))
                if is_view:
                    base = args[0]
                    counter = result._version_counter = base._shared_version_counter()
                    result._view_version = counter.value  # NOTE [Stale views] in inplace.py
                    result._base = base._base if base._base is not None else base
                    if counter.inference:  # a view of an inference tensor: one too, no history
                        return result
                    if base._requires_grad and not STATE.enabled:
                        _view_without_grad_mode(result)
                if STATE.enabled and (tracked or _regrew_a_view(args)):
                    record(args, (result,))
                if DUAL.active:  # forward-mode AD: carry the inputs' tangents
                    propagate(primitive, args, (result,))
                return result
            results = tuple(_from_array(o if type(o) is _ndarray else np.asarray(o)) for o in out)
            if is_view:
                base = args[0]
                root = base._base if base._base is not None else base
                counter = base._shared_version_counter()
                for result in results:
                    result._version_counter = counter
                    result._view_version = counter.value
                    result._base = root
                    if base._requires_grad and not STATE.enabled and not counter.inference:
                        _view_without_grad_mode(result)
                if counter.inference:
                    return results
            if STATE.enabled and (tracked or _regrew_a_view(args)):
                record(args, results)
            if DUAL.active:
                propagate(primitive, args, results)
            return results

        call.__name__ = call.__qualname__ = self.name
        call.__module__ = forward.__module__
        call.__doc__ = forward.__doc__
        call.__wrapped__ = forward  # type: ignore[attr-defined]  # inspect.signature, help()
        call.primitive = self  # type: ignore[attr-defined]
        call.defgrad = self.defgrad  # type: ignore[attr-defined]
        call.saved_as = self.saved_as  # type: ignore[attr-defined]
        call.forward = forward  # type: ignore[attr-defined]
        call.param_names = self.param_names  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    def _complete(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """All arguments, positionally: keywords bound, defaults filled in. A call that does
        not bind raises PyTorch's parser's TypeError, which names the function."""
        if kwargs:
            kwargs = self._schema_keywords(args, kwargs)
            try:
                bound = self.signature.bind(*args, **kwargs)  # keyword calls: the slow path
            except TypeError as error:
                raise self._binding_error(str(error), len(args)) from None
            bound.apply_defaults()
            return bound.args
        if len(args) > self.num_params and not self.name.startswith("_"):
            raise self._binding_error("too many positional arguments", len(args))
        return args + self.default_values[len(args) :]

    def _schema_keywords(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The keywords under the forward's names: PyTorch's functions name their first tensor
        ``input`` (torch.add(input=x)), and its parser also takes NumPy's names for the
        operands (``x``, ``a``, ``x1``; ``x2``) when the operand is not given otherwise."""
        names = self.param_names
        if "self" not in names or "self" in kwargs:
            return kwargs
        kwargs = dict(kwargs)
        if "input" in kwargs:
            kwargs["self"] = kwargs.pop("input")
        for alias, target in _NUMPY_OPERAND_NAMES:
            if alias in kwargs and alias not in names and target in names:
                given = target in kwargs or len(args) > names.index(target)
                if not given:
                    kwargs[target] = kwargs.pop(alias)
        return kwargs

    def _binding_error(self, reason: str, given: int) -> TypeError:
        """inspect's reason a call does not bind, in PyTorch's parser's words."""
        name = self.name
        if name.startswith("_"):  # a private op: no name of PyTorch's to give
            return TypeError(reason)
        schema_name = {"self": "input"}
        if reason.startswith("missing a required argument: "):
            missing = reason.rsplit("'", 2)[1]
            missing = schema_name.get(missing, missing)
            return TypeError(f'{name}() missing 1 required positional arguments: "{missing}"')
        if reason == "too many positional arguments":
            most = self.num_params
            plural = "" if most == 1 else "s"
            return TypeError(
                f"{name}() takes {most} positional argument{plural} but {given} were given"
            )
        for old, new in schema_name.items():
            reason = reason.replace(f"'{old}'", f"'{new}'")
        if reason.startswith("multiple values"):
            reason = f"got {reason}"
        return TypeError(f"{name}() {reason}")

    def _general_arguments(
        self, args: tuple[Any, ...], name: str, as_operator: bool, reflected: bool
    ) -> tuple[Any, Any]:
        """``(args, arrays)`` for a call of the op ``name`` that its inline cases do not
        decide: arguments checked, NumPy scalars read as numbers, arrays promoted to a common
        dtype. For an operator whose operand it does not take: ``(NotImplemented, None)``, or
        NumPy's result where the other operand is an array (``x == array``)."""
        op_name = self.name  # the primitive's, which decides its behaviour (``name`` is shown)
        # An op of one tensor operand (exp, sin, relu...) refuses a number for it, as
        # PyTorch's do (its binary ops take one: add(2, x)).
        if (
            self.operand_positions == (0,)
            and not op_name.startswith("_")
            and not isinstance(args[0], Tensor)
        ):
            raise TypeError(
                f"{name}(): argument 'input' (position 1) must be Tensor, "
                f"not {type(args[0]).__name__}"
            )
        if self.promotion is not None:  # elementwise ops: their inputs broadcast
            # None is an operand of neither operators nor two-operand functions
            if not_operand := self._find_not_operand(args, as_operator or self.binary):
                if as_operator:
                    # (ordering comparisons and != with an array operand decline, as
                    # PyTorch's do: Python then raises, or compares identities for !=;
                    # PyTorch's == does not go through NumPy, so does not warn)
                    if (
                        op_name not in ("gt", "lt", "ge", "le", "ne")
                        and not reflected
                        and any(type(a) is _ndarray for a in args)
                    ):
                        warns = op_name != "eq"
                        return _through_numpy(self.forward, args, warns), None
                    return NotImplemented, None
                raise _refused(name, args, not_operand)
            # NumPy scalars count as Python numbers (x * np.float64(2) stays float32)
            args = tuple(a.item() if isinstance(a, np.generic) else a for a in args)
        if self.check is not None:
            self.check(*args)
        arrays = [arg._data if isinstance(arg, Tensor) else arg for arg in args]
        if self.promotion is not None and self.casts:
            self._promote(args, arrays)
        return args, arrays

    def _find_not_operand(self, args: Sequence[Any], none_too: bool) -> str | None:
        """PyTorch's message for an operand (``self``, ``other``) of an elementwise op that is
        a sequence, a string... (NumPy would make an array of it), or None if there is none.
        None is refused only as an operator's operand."""
        for position in self.operand_positions:
            arg = args[position]
            if isinstance(arg, _NOT_OPERANDS) or (none_too and arg is None):
                kind = type(arg)
                name = (
                    kind.__name__
                    if kind.__module__ == "builtins"
                    else f"{kind.__module__}.{kind.__name__}"
                )
                return (
                    f"{self.name}(): argument '{self.param_names[position]}' (position "
                    f"{position + 1}) must be Tensor, not {name}"
                )
        return None

    def _promote(self, all_args: Sequence[Any], arrays: list[Any]) -> None:
        """Cast tensor arrays in place in ``arrays`` to the op's computation dtype."""
        positions = self.promote_positions
        args = all_args if positions is None else [all_args[i] for i in positions]
        # Fast path: tensors of one dtype, and numbers of no higher category, need no cast.
        first = None
        scalar_category = -1
        for arg in args:
            if isinstance(arg, Tensor):
                numpy_dtype = arg._data.dtype
                if first is None:
                    first = numpy_dtype
                elif numpy_dtype != first:
                    first = _MIXED
                    break
            else:
                if arg.__class__ is int:
                    check_python_int(arg)
                category = _SCALAR_CATEGORY.get(arg.__class__, 3)
                if category > scalar_category:
                    scalar_category = category
        if first is None:
            return
        if first is not _MIXED:
            category = _KIND_CATEGORY[first.kind]
            if scalar_category <= category and (self.promotion != FLOAT or category >= 2):
                if category == scalar_category == 1:
                    _wrap_integers(arrays, positions, first)
                return
        target = result_type(*[a for a in args if _is_operand(a)])
        if self.promotion == FLOAT:
            target = to_floating(target)
        numpy_target = target.numpy
        for i in range(len(arrays)) if positions is None else positions:
            array = arrays[i]
            if type(array) is _ndarray and array.dtype != numpy_target:
                if (
                    i == 1
                    and self.float32_scalar
                    and array.ndim == 0
                    and (numpy_target == FLOAT16 or numpy_target.kind == "V")
                ):  # a 0-d tensor's value, as float32 (NOTE [Reduced-precision scalars])
                    arrays[i] = float(array.astype(FLOAT32))
                else:
                    arrays[i] = array.astype(numpy_target)

    def _record(self, args: Sequence[Any], results: tuple[Tensor, ...]) -> None:
        """Attach a node to ``results`` if any differentiable input requires grad."""
        # One pass over the differentiable inputs builds the edges, the inputs' metadata and
        # ``needs``, a bit mask of the inputs that need a gradient.
        positions = self.diff_positions
        if len(positions) == 1:  # the commonest case, unrolled
            arg = args[positions[0]]
            if not (isinstance(arg, Tensor) and arg._requires_grad):
                return
            needs = 1
            if arg._base is not None and arg._view_version != arg._version_counter.value:
                arg._check_view_history()  # NOTE [Stale views] in inplace.py
            grad_fn = arg._grad_fn  # edge_of(arg), inlined: one edge per recorded op
            edges: Any = ((grad_fn, arg._output_nr) if grad_fn is not None else edge_of(arg),)
            data = arg._data
            key = (data.shape, data.dtype)  # NOTE [Shared input metadata]
            metas: Any = _SINGLE_METAS.get(key) or _new_single_meta(key)
        elif len(positions) == 2:  # binary ops: unrolled too (a loop costs ~7% of the op)
            a = args[positions[0]]
            b = args[positions[1]]
            a_needs = isinstance(a, Tensor) and a._requires_grad
            b_needs = isinstance(b, Tensor) and b._requires_grad
            if not (a_needs or b_needs):
                return
            needs = a_needs | b_needs << 1
            edges = (edge_of(a) if a_needs else NO_EDGE, edge_of(b) if b_needs else NO_EDGE)
            metas = (_meta_of(a._data) if a_needs else None, _meta_of(b._data) if b_needs else None)
        else:
            edges = []
            metas = []
            needs = 0
            bit = 1
            for pos in positions:
                arg = args[pos]
                if isinstance(arg, Tensor) and arg._requires_grad:
                    needs |= bit
                    edges.append(edge_of(arg))
                    metas.append(_meta_of(arg._data))
                else:
                    edges.append(NO_EDGE)
                    metas.append(None)
                bit <<= 1
            if not needs:
                return
            edges = tuple(edges)
            metas = tuple(metas)
        # The node's slots, set directly (Node.__init__ would cost a frame per op).
        node = _new_object(self._node_class or self.node_class)
        node._next_edges = edges
        node._sequence = _next_sequence()
        node._hooks = node._metadata = None
        node._input_meta = metas  # a tuple of atomic tuples: the GC stops tracking it
        if ANOMALY.enabled:  # remember the forward call, to name it if backward fails here
            record_forward_stack(node)
        input_plan, output_plan = self._save_plans.get(needs) or self._save_plan(needs)
        saved: dict[str, Any] = {}
        for name, kind, index in input_plan:
            if kind == _PARAM:
                value = args[index]
                saved[name] = save_input(value) if isinstance(value, Tensor) else value
            elif kind == _SHAPE:
                saved[name] = tuple(args[index]._data.shape)
            elif kind == _DTYPE:
                saved[name] = args[index].dtype
            else:
                array = args[index]._data
                # strides in elements (map, not a generator: no frame per op)
                saved[name] = tuple(map(array.itemsize.__rfloordiv__, array.strides))
        node._saved = saved
        if self.returns_tuple:
            node._output_meta = tuple((r._data.shape, r._data.dtype) for r in results)
            for output_nr in self.differentiable_outputs:
                result = results[output_nr]
                if result._data.dtype.kind in "fcV":  # 'V': bfloat16 (NOTE [bfloat16])
                    result._grad_fn = node
                    result._output_nr = output_nr
                    result._requires_grad = True
        else:
            result = results[0]
            if result._data.dtype.kind in "fcV":
                result._grad_fn = node
                result._requires_grad = True
        # Saving an output needs the grad_fn set first (it records the output number).
        for name, _, index in output_plan:
            result = results[index]
            if result._version_counter is None:  # NOTE [Saved outputs as arrays]
                saved[name] = result._data
            else:
                saved[name] = save_output(result)
        if HOOK_BLOCKS.open and hooks_active():  # NOTE [Saved-tensor hooks]
            self._pack_saved(saved, results)

    def _pack_saved(self, saved: dict[str, Any], results: tuple[Tensor, ...]) -> None:
        """Pass the tensors a new node saved through the active saved-tensor hooks."""
        outputs = self.output_names
        for name, value in saved.items():
            if type(value) is SavedTensor:
                is_output = value._is_output
                tensor = results[value._output_nr] if is_output else value._value
            elif type(value) is _ndarray and name in outputs:
                is_output = True
                tensor = results[self._name_kinds[name][1]]
            else:  # a number, a shape...: kept as it is
                continue
            saved[name] = pack_saved(tensor, is_output)  # type: ignore[arg-type]

    def materialize(self, grad_outputs: list[Tensor | None], node: OpNode) -> list[Tensor]:
        """Multi-output ops see zeros for outputs that received no gradient."""
        grads = list(grad_outputs)
        for i, grad in enumerate(grads):
            if grad is None:
                shape, numpy_dtype = node._output_meta[i]
                grads[i] = _from_array(np.zeros(shape, numpy_dtype))
        return grads  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"<rungrad primitive {self.name} ({self.node_name})>"


def _refused(name: str, args: tuple[Any, ...], message: str) -> TypeError:
    """PyTorch's TypeError for an operand it takes neither as a tensor nor as a number: the
    list of signatures for a function that has several (``eq``), else ``message``."""
    from .._overloads import SIGNATURES, invalid_arguments

    if name in SIGNATURES and len(SIGNATURES[name]) > 1:
        return invalid_arguments(name, args[:2], {})
    return TypeError(message)


def check_python_int(value: int) -> None:
    """PyTorch reads a Python int operand as an int64, or past that as a uint64 (2**63 wraps
    to -2**63); one outside both is refused in its words."""
    if not -(2**63) <= value < 2**64:
        raise OverflowError(
            "can't convert negative int to unsigned" if value < 0 else "int too big to convert"
        )


def _wrap_integers(arrays: list[Any], positions: Sequence[int] | None, dtype: np.dtype) -> None:
    """Python ints outside an integer dtype's range wrap into it, as PyTorch's scalars do
    (``uint8_tensor + -3`` adds 253); NumPy would raise OverflowError."""
    info = np.iinfo(dtype)
    for i in range(len(arrays)) if positions is None else positions:
        value = arrays[i]
        if type(value) is int and not info.min <= value <= info.max:
            arrays[i] = int(np.array(value).astype(dtype))


def _is_operand(value: Any) -> bool:
    return isinstance(value, (Tensor, bool, int, float, complex))


# NOTE [Ops over a list of tensors]
# cat, stack and block_diag take a list of tensors, and PyTorch's node has an edge per tensor.
# A primitive's differentiable inputs are named parameters, so each list length gets a
# primitive of its own (parameters tensor0, tensor1, ... promoted together, then the
# options), made on first use and kept.
_TENSOR_LIST_OPS: dict[tuple[str, int], Op] = {}


def tensor_list_op(
    node_name: str,
    forward: Callable[..., Any],
    count: int,
    options: Sequence[str],
    formula_of: Callable[[int], Callable[..., Any]],
    unlisted: Sequence[str] = (),
) -> Op:
    """The op ``node_name`` over ``count`` tensors followed by ``options``:
    ``forward(*arrays, *options)`` computes it, ``formula_of(i)`` is the formula of tensor
    ``i`` (NOTE [Ops over a list of tensors]); ``unlisted``: options its node saves that
    PyTorch's does not (``saved_as``)."""
    key = (node_name, count)
    op = _TENSOR_LIST_OPS.get(key)
    if op is None:
        names = [f"tensor{i}" for i in range(count)]

        def list_forward(*arguments: Any) -> Any:
            return forward(*arguments)

        list_forward.__name__ = list_forward.__qualname__ = forward.__name__
        list_forward.__module__ = forward.__module__
        list_forward.__doc__ = forward.__doc__
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        list_forward.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter(name, kind) for name in (*names, *options)]
        )
        op = Primitive(list_forward, node_name, promotion=BINARY, promote=names).call
        op.defgrad(**{name: formula_of(i) for i, name in enumerate(names)})
        if unlisted:
            op.saved_as(unlisted=unlisted)
        _TENSOR_LIST_OPS[key] = op
    return op


def _parameters(function: Callable[..., Any]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Parameter names and defaults (None where there is none), read from the code object.

    ``inspect.signature`` costs tens of microseconds; with hundreds of ops and formulas that
    was most of ``import rungrad``. Functions that declare ``__signature__`` keep using it.
    """
    if hasattr(function, "__signature__"):
        parameters = inspect.signature(function).parameters.values()
        names = tuple(p.name for p in parameters)
        return names, tuple(None if p.default is p.empty else p.default for p in parameters)
    function = inspect.unwrap(function)
    code = function.__code__
    names = code.co_varnames[: code.co_argcount]
    defaults = function.__defaults__ or ()
    return names, (None,) * (len(names) - len(defaults)) + tuple(defaults)


def primitive(node_name: str, **options: Any) -> Callable[[Callable[..., Any]], Op]:
    """Declare a differentiable op whose backward node is called ``node_name``.

    Options: ``promotion`` (None, ``BINARY`` or ``FLOAT``) and ``promote`` (the argument
    names that take part, default all); ``num_outputs`` and ``differentiable_outputs`` for
    ops with several outputs; ``view=True`` when the output shares the first input's storage;
    ``wraps_numbers=True`` when PyTorch takes a number for a tensor argument (its Tensor
    overload) and so frees it after backward like a saved tensor; ``check``, a function of
    the arguments that refuses them by their dtypes before promotion casts them.
    """

    def wrap(forward: Callable[..., Any]) -> Op:
        return Primitive(forward, node_name, **options).call

    return wrap
