"""Check a function's backward against finite differences: ``gradcheck`` and ``gradgradcheck``.

``gradcheck`` builds, for every output that requires grad and every input that requires
grad, two Jacobians and compares them with ``allclose``: a *numerical* one from central
differences ``(f(x + eps) - f(x - eps)) / (2 eps)``, one input element at a time, and an
*analytical* one whose rows are vector-Jacobian products ``autograd.grad(output, inputs, e_k)``
with unit ``grad_outputs``. ``gradgradcheck`` runs ``gradcheck`` on the function that returns
the first-order gradients (built with ``create_graph=True``), which checks second order.

Complex inputs and outputs are checked as PyTorch's convention implies: a complex tensor is
its real and imaginary parts (``view_as_real``), so the check runs on the real function of
real tensors that ``_as_real_problem`` builds; a gradient that is not the conjugate Wirtinger
derivative fails it. (PyTorch checks the Wirtinger derivatives separately; the errors name
the real problem's inputs and outputs instead.)

What does not belong here: forward-mode AD, vmap-batched checks, sparse checks; their flags
are accepted for PyTorch compatibility and raise ``NotImplementedError`` when turned on. The
finite differences and comparisons run in NumPy on detached arrays; only the analytical side
goes through autograd.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._ops.reduction import cascade_sum
from .._tensor import Tensor

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]

_Inputs = Tensor | Sequence[Any]
_Function = Callable[..., Any]

_NONDETERMINISM_NOTE = (
    "\n\nNOTE: If your op relies on non-deterministic operations i.e., it is listed here:\n"
    "https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html\n"
    "this failure might be expected.\n\n"
    "If you are adding a new operator, please file an issue and then use one of the\n"
    "workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.\n"
    "If the test\n"
    "- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck\n"
    "  with `nondet_tol=<tol>` as a keyword argument.\n"
    "- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test\n"
    "  to have `gradcheck_nondet_tol=<tol>`.\n"
    "- is a Module test (e.g., in common_nn.py), then modify the corresponding\n"
    "  module_test entry to have `gradcheck_nondet_tol=<tol>`\n"
)

_UNDEFINED_GRAD_NOTE = 'Please look at "Notes about undefined output gradients" in ' + (
    '"tools/autograd/derivatives.yaml"'
)

_FAST_MODE_NOTE = (
    "\n\nThe above quantities relating the numerical and analytical jacobians are computed \n"
    "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n"
    "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n"
)


class GradcheckError(RuntimeError):
    """Raised by ``gradcheck`` and ``gradgradcheck`` when a check fails."""


# -- inputs and outputs ------------------------------------------------------------------
def _as_tuple(values: Any) -> tuple[Any, ...]:
    if isinstance(values, tuple):
        return values
    if isinstance(values, list):
        return tuple(values)
    return (values,)


def _inputs_requiring_grad(inputs: Sequence[Any]) -> list[Tensor]:
    return [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]


def _tensor_outputs(outputs: Any) -> list[Tensor]:
    return [o for o in _as_tuple(outputs) if isinstance(o, Tensor)]


def _differentiable(outputs: Any) -> list[Tensor]:
    return [o for o in _tensor_outputs(outputs) if o.requires_grad]


def _check_inputs(inputs: Sequence[Any]) -> None:
    """PyTorch's precondition checks: float64 advice, no stride-0 inputs, one input needs grad."""
    found = False
    for position, value in enumerate(inputs):
        if not (isinstance(value, Tensor) and value.requires_grad):
            continue
        if value.dtype.numpy not in (np.dtype(np.float64), np.dtype(np.complex128)):
            warnings.warn(
                f"Input #{position} requires gradient and is not a double precision floating "
                "point or complex. This check will likely fail if all the inputs are not of "
                "double precision floating point or complex. ",
                UserWarning,
                stacklevel=3,
            )
        # An empty tensor has no elements that could overlap, whatever its strides say.
        overlapping = value.numel() > 0 and any(
            stride == 0 and size > 1 for stride, size in zip(value.stride(), value.shape)
        )
        if overlapping:
            raise RuntimeError(
                f"The {position}th input has a dimension with stride 0. gradcheck only supports "
                "inputs that are non-overlapping to be able to compute the numerical gradients "
                "correctly. You should call .contiguous on the input before passing it to "
                "gradcheck."
            )
        found = True
    if not found:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none of them "
            "have requires_grad=True."
        )


def _array(tensor: Tensor) -> np.ndarray:
    """The tensor's values as a NumPy array, outside the graph (shares storage)."""
    return tensor.detach().numpy()


def _as_tensor(array: np.ndarray) -> Tensor:
    return Tensor._from_array(np.array(array, order="C", copy=True))


def _float_dtype(dtype: np.dtype) -> np.dtype:
    return dtype if dtype.kind in "fcV" else np.dtype(np.float64)


def _allclose(analytical: np.ndarray, numerical: np.ndarray, rtol: float, atol: float) -> bool:
    """``allclose(analytical, numerical)`` after promoting both to a common dtype."""
    common = np.result_type(analytical.dtype, numerical.dtype)
    return bool(
        np.allclose(analytical.astype(common), numerical.astype(common), rtol=rtol, atol=atol)
    )


def _evaluate(func: _Function, inputs: Sequence[Any]) -> list[np.ndarray]:
    """Copies of every tensor output's values (the inputs may be perturbed in between)."""
    return [np.array(_array(o), copy=True) for o in _tensor_outputs(func(*inputs))]


# -- numerical side: central differences ---------------------------------------------------
def _numerical_jacobians(
    func: _Function, inputs: Sequence[Any], outputs: Sequence[Tensor], eps: float
) -> list[list[np.ndarray]]:
    """``result[i][j]``: d output i / d input j (inputs that require grad), (in numel, out numel).

    Each element of an input is moved by ``-eps`` then ``+eps`` in place (the storage is
    shared with ``detach()``, so no version bump and no graph), then restored exactly.
    """
    diff_inputs = _inputs_requiring_grad(inputs)
    result: list[list[np.ndarray]] = [[] for _ in outputs]
    for tensor in diff_inputs:
        array = _array(tensor)
        jacobians = [
            np.zeros((array.size, o.numel()), dtype=_float_dtype(o.dtype.numpy)) for o in outputs
        ]
        for row, index in enumerate(np.ndindex(array.shape)):
            original = array[index].copy()
            array[index] = original - eps
            minus = _evaluate(func, inputs)
            array[index] = original + eps
            plus = _evaluate(func, inputs)
            array[index] = original
            for jacobian, low, high in zip(jacobians, minus, plus):
                difference = high.astype(jacobian.dtype) - low.astype(jacobian.dtype)
                jacobian[row] = (difference / (2 * eps)).reshape(-1)
        for i, jacobian in enumerate(jacobians):
            result[i].append(jacobian)
    return result


def _numerical_directional(
    func: _Function,
    inputs: Sequence[Any],
    outputs: Sequence[Tensor],
    directions: Sequence[np.ndarray],
    eps: float,
) -> list[list[np.ndarray]]:
    """``result[i][j]``: the Jacobian of output i w.r.t. input j applied to ``directions[j]``."""
    result: list[list[np.ndarray]] = [[] for _ in outputs]
    for tensor, direction in zip(_inputs_requiring_grad(inputs), directions):
        array = _array(tensor)
        original = array.copy()
        array[...] = original - eps * direction
        minus = _evaluate(func, inputs)
        array[...] = original + eps * direction
        plus = _evaluate(func, inputs)
        array[...] = original
        for i, (low, high) in enumerate(zip(minus, plus)):
            dtype = _float_dtype(outputs[i].dtype.numpy)
            result[i].append(((high.astype(dtype) - low.astype(dtype)) / (2 * eps)).reshape(-1))
    return result


# -- analytical side: vector-Jacobian products -------------------------------------------
def _vjp(output: Tensor, diff_inputs: Sequence[Tensor], grad_output: np.ndarray) -> list[Any]:
    from . import grad

    return list(
        grad(
            output,
            list(diff_inputs),
            _as_tensor(grad_output),
            retain_graph=True,
            allow_unused=True,
        )
    )


def _analytical_columns(
    output: Tensor,
    diff_inputs: Sequence[Tensor],
    grad_outputs: Sequence[np.ndarray],
    check_grad_dtypes: bool,
) -> list[np.ndarray]:
    """One column per grad_output: ``jacobians[j][:, k]`` is the VJP with ``grad_outputs[k]``."""
    jacobians = [np.zeros((x.numel(), len(grad_outputs)), dtype=x.dtype.numpy) for x in diff_inputs]
    for column, grad_output in enumerate(grad_outputs):
        for jacobian, tensor, gradient in zip(
            jacobians, diff_inputs, _vjp(output, diff_inputs, grad_output)
        ):
            if gradient is None:
                continue
            if check_grad_dtypes and gradient.dtype != tensor.dtype:
                raise GradcheckError("Gradient has dtype mismatch")
            if gradient.numel() != tensor.numel():
                raise GradcheckError("Analytical gradient has incorrect size")
            jacobian[:, column] = _array(gradient).reshape(-1)
    return jacobians


def _analytical_jacobians(
    output: Tensor,
    diff_inputs: Sequence[Tensor],
    grad_outputs: Sequence[np.ndarray],
    nondet_tol: float,
    check_grad_dtypes: bool,
) -> list[np.ndarray]:
    """The analytical Jacobians, computed twice to check that backward is deterministic."""
    first = _analytical_columns(output, diff_inputs, grad_outputs, check_grad_dtypes)
    second = _analytical_columns(output, diff_inputs, grad_outputs, check_grad_dtypes)
    for a, b in zip(first, second):
        if a.size and float(np.max(np.abs(a - b))) > nondet_tol:
            raise GradcheckError(
                "Backward is not reentrant, i.e., running backward with same input and "
                "grad_output multiple times gives different values, although analytical "
                "gradient matches numerical gradient."
                f"The tolerance for nondeterminism was {nondet_tol}." + _NONDETERMINISM_NOTE
            )
    return first


def _unit_vectors(output: Tensor) -> list[np.ndarray]:
    dtype = _float_dtype(output.dtype.numpy)
    vectors = []
    for k in range(output.numel()):
        vector = np.zeros(output.numel(), dtype=dtype)
        vector[k] = 1
        vectors.append(vector.reshape(tuple(output.shape)))
    return vectors


def _mismatch_message(
    output_index: int, input_index: int, numerical: Any, analytical: Any, mode: str = ""
) -> str:
    """PyTorch's message; ``mode`` is " computed with forward mode" for forward-mode AD."""
    return (
        f"Jacobian{mode} mismatch for output {output_index:d} with respect to input "
        f"{input_index:d},\n"
        f"numerical:{numerical}\nanalytical:{analytical}\n"
    )


# -- forward mode: Jacobian-vector products ------------------------------------------------
def _forward_jacobians(
    func: _Function, inputs: Sequence[Any], outputs: Sequence[Tensor]
) -> list[list[np.ndarray]]:
    """``result[i][j]``: d output i / d input j, (in numel, out numel), a row per unit tangent
    of input j pushed through ``func`` by forward-mode AD."""
    from . import forward_ad

    positions = [
        p for p, value in enumerate(inputs) if isinstance(value, Tensor) and value.requires_grad
    ]
    result: list[list[np.ndarray]] = [[] for _ in outputs]
    for position in positions:
        primal = inputs[position]  # still requiring grad: func may differentiate it
        jacobians = [
            np.zeros((primal.numel(), o.numel()), dtype=_float_dtype(o.dtype.numpy))
            for o in outputs
        ]
        for row in range(primal.numel()):
            unit = np.zeros(primal.numel(), dtype=primal.dtype.numpy)
            unit[row] = 1
            arguments = list(inputs)
            with forward_ad.dual_level():
                tangent = Tensor._from_array(unit.reshape(primal._data.shape))
                arguments[position] = forward_ad.make_dual(primal, tangent)
                for jacobian, output in zip(jacobians, _tensor_outputs(func(*arguments))):
                    found = forward_ad.unpack_dual(output).tangent
                    if found is not None:
                        jacobian[row] = _array(found).reshape(-1)
        for i, jacobian in enumerate(jacobians):
            result[i].append(jacobian)
    return result


def _forward_check(
    func: _Function, inputs: Sequence[Any], func_out: Any, *, eps: float, atol: float, rtol: float
) -> None:
    outputs = _tensor_outputs(func_out)
    numerical = _numerical_jacobians(func, inputs, outputs, eps)
    forward = _forward_jacobians(func, inputs, outputs)
    for i, (per_input_f, per_input_n) in enumerate(zip(forward, numerical)):
        for j, (a, n) in enumerate(zip(per_input_f, per_input_n)):
            if not _allclose(a, n, rtol, atol):
                raise GradcheckError(
                    _mismatch_message(
                        i, j, _as_tensor(n), _as_tensor(a), " computed with forward mode"
                    )
                )


# -- the checks ----------------------------------------------------------------------------
def _slow_check(
    func: _Function,
    inputs: Sequence[Any],
    func_out: Any,
    *,
    eps: float,
    atol: float,
    rtol: float,
    nondet_tol: float,
    check_grad_dtypes: bool,
) -> None:
    all_outputs = _tensor_outputs(func_out)
    numerical = _numerical_jacobians(func, inputs, all_outputs, eps)
    outputs = [o for o in all_outputs if o.requires_grad]
    if not outputs:
        if any(np.any(j != 0) for per_output in numerical for j in per_output):
            raise GradcheckError("Numerical gradient for function expected to be zero")
        return
    numerical = [n for o, n in zip(all_outputs, numerical) if o.requires_grad]
    diff_inputs = _inputs_requiring_grad(inputs)
    for i, output in enumerate(outputs):
        analytical = _analytical_jacobians(
            output, diff_inputs, _unit_vectors(output), nondet_tol, check_grad_dtypes
        )
        for j, (a, n) in enumerate(zip(analytical, numerical[i])):
            if not _allclose(a, n, rtol, atol):
                raise GradcheckError(_mismatch_message(i, j, _as_tensor(n), _as_tensor(a)))


def _random_unit(shape: Sequence[int], dtype: np.dtype, generator: Any) -> np.ndarray:
    """A random vector of norm 1 (uniform entries in [0, 1) from ``generator``, drawn in the
    default dtype and then cast, as PyTorch draws them)."""
    from .._random import rand

    count = int(np.prod(shape, dtype=np.int64))
    vector = _array(rand(count, generator=generator)).astype(dtype)
    vector = vector.reshape(tuple(shape))
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _dtype_of(numpy_dtype: np.dtype) -> Any:
    from .. import _dtype

    return _dtype.from_numpy_dtype(numpy_dtype)


def _fast_check(
    func: _Function,
    inputs: Sequence[Any],
    func_out: Any,
    *,
    eps: float,
    atol: float,
    rtol: float,
    nondet_tol: float,
    check_grad_dtypes: bool,
) -> None:
    """Compare ``v^T J u`` for random unit ``u`` (per input) and ``v`` (per output)."""
    all_outputs = _tensor_outputs(func_out)
    diff_inputs = _inputs_requiring_grad(inputs)
    # As in PyTorch: a generator of its own, freshly seeded with the default seed, so the
    # check draws the same vectors every time and leaves the user's random stream alone.
    from .._random import Generator

    generator = Generator()
    directions = [_random_unit(tuple(x.shape), x.dtype.numpy, generator) for x in diff_inputs]
    jvps = _numerical_directional(func, inputs, all_outputs, directions, eps)
    outputs = [o for o in all_outputs if o.requires_grad]
    if not outputs:
        if any(np.any(jvp != 0) for per_output in jvps for jvp in per_output):
            raise GradcheckError("Numerical gradient for function expected to be zero")
        return
    jvps = [n for o, n in zip(all_outputs, jvps) if o.requires_grad]
    for i, output in enumerate(outputs):
        v = _random_unit(tuple(output.shape), _float_dtype(output.dtype.numpy), generator)
        vjps = _analytical_jacobians(output, diff_inputs, [v], nondet_tol, check_grad_dtypes)
        for j, (vjp, jvp, u) in enumerate(zip(vjps, jvps[i], directions)):
            # PyTorch takes the analytical side with dot (BLAS: its order is the library's)
            # and the numerical one as sum(v * jvp), whose order is its cascade sum's.
            analytical = float(vjp[:, 0] @ u.reshape(-1))
            numerical = float(cascade_sum(v.reshape(-1) * jvp))
            if not _allclose(np.asarray(analytical), np.asarray(numerical), rtol, atol):
                raise GradcheckError(
                    _slow_mode_report(func, inputs, i, j, numerical, analytical, eps, nondet_tol)
                )


def _slow_mode_report(
    func: _Function,
    inputs: Sequence[Any],
    output_index: int,
    input_index: int,
    numerical: float,
    analytical: float,
    eps: float,
    nondet_tol: float,
) -> str:
    """The fast-mode mismatch message, followed by the full Jacobians from the slow mode."""
    func_out = func(*inputs)
    all_outputs = _tensor_outputs(func_out)
    output = _differentiable(func_out)[output_index]
    position = next(k for k, o in enumerate(all_outputs) if o is output)
    slow_numerical = _numerical_jacobians(func, inputs, all_outputs, eps)[position][input_index]
    diff_inputs = _inputs_requiring_grad(inputs)
    slow_analytical = _analytical_jacobians(
        output, diff_inputs, _unit_vectors(output), nondet_tol, False
    )[input_index]
    difference = np.abs(slow_analytical - slow_numerical)
    largest = float(np.max(difference)) if difference.size else 0.0
    return (
        _mismatch_message(output_index, input_index, numerical, analytical).rstrip("\n")
        + _FAST_MODE_NOTE
        + f"Numerical:\n {_as_tensor(slow_numerical)}\nAnalytical:\n{_as_tensor(slow_analytical)}"
        + f"\n\nThe max per-element difference (slow mode) is: {largest}.\n"
    )


def _check_backward_multiplied_by_grad_output(
    outputs: Sequence[Tensor], inputs: Sequence[Any]
) -> None:
    """All-zero output gradients must give zero (or no) input gradients of the right kind."""
    from . import grad

    if not outputs:
        return
    diff_inputs = _inputs_requiring_grad(inputs)
    zero_grads = [_as_tensor(np.zeros(tuple(o.shape), o.dtype.numpy)) for o in outputs]
    grads = grad(list(outputs), diff_inputs, zero_grads, allow_unused=True)
    for gradient, tensor in zip(grads, diff_inputs):
        if gradient is None:
            continue
        if np.any(_array(gradient) != 0):
            raise GradcheckError("backward not multiplied by grad_output")
        if gradient.dtype != tensor.dtype:
            raise GradcheckError("grad is incorrect type")
        if tuple(gradient.shape) != tuple(tensor.shape):
            raise GradcheckError("grad is incorrect size")


def _check_undefined_grad(func: _Function, inputs: Sequence[Any]) -> None:
    """Backward must work when outputs get no gradient at all.

    First every output gets none (the pass starts with no gradient at the outputs' nodes: a
    custom Function's backward sees zeros, a built-in formula gives nothing); then, for a
    function with several differentiable outputs, each one in turn is left out of
    ``autograd.grad`` while the others get zero gradients. The input gradients must be zero
    (or None) every time.
    """
    from . import grad
    from .engine import run_backward
    from .graph import edge_of

    diff_inputs = _inputs_requiring_grad(inputs)
    outputs = _differentiable(func(*inputs))
    input_edges = [edge_of(tensor) for tensor in diff_inputs]

    def without_grads(kept: list[Tensor]) -> Sequence[Tensor | None]:
        return run_backward(
            [edge_of(o) for o in kept],
            [None] * len(kept),
            retain_graph=False,
            create_graph=False,
            input_edges=input_edges,
            accumulate=False,
        )

    def with_zeros(kept: list[Tensor]) -> Sequence[Tensor | None]:
        zero_grads = [_as_tensor(np.zeros(tuple(o.shape), o.dtype.numpy)) for o in kept]
        return grad(kept, diff_inputs, zero_grads, allow_unused=True)

    checks = [(without_grads, outputs)] if outputs else []
    if len(outputs) > 1:
        for left_out in range(len(outputs)):
            outputs = _differentiable(func(*inputs))
            checks.append((with_zeros, [o for i, o in enumerate(outputs) if i != left_out]))
    for backward, kept in checks:
        try:
            grads = backward(kept)
        except RuntimeError as error:
            _warn_undefined_grad_check()
            raise GradcheckError(
                "Expected backward function to handle undefined output grads. "
                + _UNDEFINED_GRAD_NOTE
            ) from error
        for gradient in grads:
            if gradient is not None and np.any(_array(gradient) != 0):
                _warn_undefined_grad_check()
                raise GradcheckError(
                    "Expected all input grads to be undefined or zero when all output grads "
                    "are undefined or zero. " + _UNDEFINED_GRAD_NOTE
                )


def _warn_undefined_grad_check() -> None:
    warnings.warn(
        "Backwards compatibility: New undefined gradient support checking feature is enabled by "
        "default, but it may break existing callers of this function. If this is true for you, "
        'you can call this function with "check_undefined_grad=False" to disable the feature',
        UserWarning,
        stacklevel=4,
    )


def _check_batched_grad(output: Tensor, inputs: Sequence[Any]) -> None:
    """Two random cotangents (``randn_like``, drawn from the user's stream as PyTorch draws
    them), their vector-Jacobian products one at a time and batched, which must agree."""
    from .._ops.shape import stack
    from .._random import randn_like
    from . import grad

    diff_inputs = _inputs_requiring_grad(inputs)
    cotangents = [randn_like(output) for _ in range(2)]

    def vjp(cotangent: Tensor, batched: bool = False) -> list[np.ndarray]:
        grads = grad(
            output, diff_inputs, cotangent, retain_graph=True, allow_unused=True,
            is_grads_batched=batched,
        )  # fmt: skip
        return [
            np.zeros(cotangent.shape[:1] * batched + x.shape) if g is None else _array(g)
            for g, x in zip(grads, diff_inputs)
        ]

    singles = [vjp(c) for c in cotangents]
    batched = vjp(stack(cotangents), batched=True)
    for expected_rows, result in zip(zip(*singles), batched):
        if not np.allclose(result, np.stack(expected_rows)):
            raise GradcheckError("Batched grad computation failed")


def _reject_unsupported(**flags: Any) -> None:
    for name, value in flags.items():
        if value:
            raise NotImplementedError(f"gradcheck: {name}=True is not supported by rungrad")


def gradcheck(
    func: _Function,
    inputs: _Inputs,
    *,
    eps: float = 1e-06,
    atol: float = 1e-05,
    rtol: float = 0.001,
    raise_exception: bool = True,
    nondet_tol: float = 0.0,
    check_undefined_grad: bool = True,
    check_grad_dtypes: bool = False,
    check_batched_grad: bool = False,
    check_batched_forward_grad: bool = False,
    check_forward_ad: bool = False,
    check_backward_ad: bool = True,
    fast_mode: bool = False,
    masked: bool | None = None,
) -> bool:
    """Check the gradients of ``func`` at ``inputs`` against central finite differences.

    For each output that requires grad and each input that requires grad, the analytical
    Jacobian (rows from ``autograd.grad`` with unit ``grad_outputs``) must satisfy
    ``allclose(analytical, numerical, rtol, atol)`` with the numerical Jacobian
    ``(f(x + eps) - f(x - eps)) / (2 * eps)``. Use float64 inputs: in float32 the finite
    differences are too coarse for the default tolerances (a ``UserWarning`` says so).

    Args:
        func: takes the ``inputs`` and returns a Tensor or a tuple of Tensors.
        inputs: a Tensor or a tuple of arguments; tensors with ``requires_grad=True`` are
            checked.
        eps: the finite-difference step.
        atol, rtol: the tolerances of the comparison.
        raise_exception: raise ``GradcheckError`` on failure (else return False).
        nondet_tol: how much two backward passes on the same input may differ.
        check_undefined_grad: check that backward works, and gives zero gradients, when some
            outputs get no gradient and the others zero gradients.
        check_grad_dtypes: check that each gradient has its input's dtype.
        fast_mode: compare ``v^T J u`` for random unit vectors instead of whole Jacobians.
        check_forward_ad: also check the Jacobian forward-mode AD computes (one unit tangent
            per input element, ``autograd.forward_ad``) against the numerical one.
        check_batched_grad, check_batched_forward_grad: PyTorch's checks of vmap'd
            gradients. Here batched gradients are computed one slice at a time, so they are
            right when the backward check passes: accepted, no separate check.
        masked: for sparse tensors, which rungrad does not have: True raises
            ``NotImplementedError``.
        check_backward_ad: if False, no check that needs backward mode is run.

    Returns:
        True if every check passes.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.autograd import gradcheck
        >>> x = torch.randn(3, dtype=torch.float64, requires_grad=True)
        >>> gradcheck(lambda t: (t * t.sin()).sum(), (x,))
        True
    """
    _reject_unsupported(masked=masked)
    tupled_inputs = _as_tuple(inputs)
    _check_inputs(tupled_inputs)
    if not (check_backward_ad or check_forward_ad):
        return True
    func_out = func(*tupled_inputs)
    for output in _as_tuple(func_out):
        if not isinstance(output, Tensor):  # PyTorch reads every output's requires_grad
            raise AttributeError(
                f"'{type(output).__name__}' object has no attribute 'requires_grad'"
            )
    if _any_complex(tupled_inputs) or _any_complex(_tensor_outputs(func_out)):
        func, tupled_inputs = _as_real_problem(func, tupled_inputs)
        func_out = func(*tupled_inputs)
    check = _fast_check if fast_mode else _slow_check
    try:
        if check_forward_ad:
            _forward_check(func, tupled_inputs, func_out, eps=eps, atol=atol, rtol=rtol)
        if not check_backward_ad:
            return True
        check(
            func,
            tupled_inputs,
            func_out,
            eps=eps,
            atol=atol,
            rtol=rtol,
            nondet_tol=nondet_tol,
            check_grad_dtypes=check_grad_dtypes,
        )
        if check_batched_grad:
            for output in _differentiable(func_out):
                _check_batched_grad(output, tupled_inputs)
        _check_backward_multiplied_by_grad_output(_differentiable(func_out), tupled_inputs)
        if check_undefined_grad:
            _check_undefined_grad(func, tupled_inputs)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def _any_complex(values: Sequence[Any]) -> bool:
    return any(isinstance(v, Tensor) and v.is_complex() for v in values)


def _as_real_problem(func: _Function, inputs: Sequence[Any]) -> tuple[_Function, tuple[Any, ...]]:
    """``func`` as a function of real tensors: each complex input that requires grad becomes
    its ``view_as_real`` (a leaf of its own), each complex output its ``view_as_real``."""
    from .._ops.sequences import view_as_complex, view_as_real

    positions = [
        i
        for i, v in enumerate(inputs)
        if isinstance(v, Tensor) and v.requires_grad and v.is_complex()
    ]
    real_inputs = list(inputs)
    for i in positions:
        real_inputs[i] = view_as_real(inputs[i].detach()).clone().requires_grad_()

    def real_func(*args: Any) -> Any:
        args_list = list(args)
        for i in positions:
            args_list[i] = view_as_complex(args_list[i])
        out = func(*args_list)
        if isinstance(out, Tensor):
            return view_as_real(out) if out.is_complex() else out
        return tuple(
            view_as_real(o) if isinstance(o, Tensor) and o.is_complex() else o for o in out
        )

    return real_func, tuple(real_inputs)


def _random_grad_output(output: Tensor, noncontiguous: bool) -> Tensor:
    """Uniform values in [-1, 1) shaped like ``output``, as ``torch.testing.make_tensor``
    draws them: a non-contiguous one takes every other element, from the second, of a draw
    twice as long in the last dimension."""
    from .._random import rand

    shape = tuple(output.shape)
    noncontiguous = noncontiguous and output.numel() > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if output.is_complex():  # real and imaginary parts drawn as a (..., 2) real tensor
        from .._ops.sequences import view_as_complex

        parts = rand((*shape, 2), dtype=output.real.dtype) * 2 - 1
        values = view_as_complex(parts.contiguous())
    else:
        dtype = output.dtype if output.is_floating_point() else _dtype_of(np.dtype(np.float64))
        values = rand(shape, dtype=dtype) * 2 - 1
    if noncontiguous:
        values = values[..., 1::2]
    return values.detach().requires_grad_()


def gradgradcheck(
    func: _Function,
    inputs: _Inputs,
    grad_outputs: Tensor | Sequence[Tensor | None] | None = None,
    *,
    eps: float = 1e-06,
    atol: float = 1e-05,
    rtol: float = 0.001,
    gen_non_contig_grad_outputs: bool = False,
    raise_exception: bool = True,
    nondet_tol: float = 0.0,
    check_undefined_grad: bool = True,
    check_grad_dtypes: bool = False,
    check_batched_grad: bool = False,
    check_fwd_over_rev: bool = False,
    check_rev_over_rev: bool = True,
    fast_mode: bool = False,
    masked: bool = False,
) -> bool:
    """Check second-order gradients: ``gradcheck`` of the first-order gradient function.

    The checked function maps ``(*inputs, *grad_outputs)`` to ``autograd.grad(func(*inputs),
    inputs, grad_outputs, create_graph=True)``, so both the double backward with respect to
    the inputs and its linearity in ``grad_outputs`` are tested. Without ``grad_outputs``,
    random ones (uniform in [-1, 1), requiring grad) are made for each output that requires
    grad; ``gen_non_contig_grad_outputs`` makes them non-contiguous.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.autograd import gradgradcheck
        >>> x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
        >>> gradgradcheck(lambda t: t.tanh() * t, (x,))
        True
    """
    if not (check_fwd_over_rev or check_rev_over_rev):
        raise AssertionError(
            "Expected at least one of check_fwd_over_rev or check_rev_over_rev to be True"
        )
    if check_undefined_grad and not check_rev_over_rev:
        raise AssertionError(
            "Setting check_undefined_grad=True requires check_rev_over_rev to be True"
        )
    if check_batched_grad and not check_rev_over_rev:
        raise AssertionError(
            "Setting check_batched_grad=True requires check_rev_over_rev to be True"
        )
    tupled_inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outputs = _differentiable(func(*tupled_inputs))
        tupled_grad_outputs = tuple(
            _random_grad_output(o, gen_non_contig_grad_outputs) for o in outputs
        )
    else:
        tupled_grad_outputs = _as_tuple(grad_outputs)
    num_outputs = len(tupled_grad_outputs)
    diff_positions = [
        i for i, x in enumerate(tupled_inputs) if isinstance(x, Tensor) and x.requires_grad
    ]

    def first_order_grads(*args: Any) -> tuple[Tensor, ...]:
        from . import grad

        input_args = args[: len(args) - num_outputs]
        outputs = _differentiable(func(*input_args))
        grads = grad(
            outputs,
            [input_args[i] for i in diff_positions],
            list(args[len(args) - num_outputs :]),
            create_graph=True,
            allow_unused=True,
        )
        return tuple(g for g in grads if g is not None)

    return gradcheck(
        first_order_grads,
        tupled_inputs + tupled_grad_outputs,
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
        nondet_tol=nondet_tol,
        check_undefined_grad=check_undefined_grad,
        check_grad_dtypes=check_grad_dtypes,
        check_batched_grad=check_batched_grad,
        fast_mode=fast_mode,
        check_forward_ad=check_fwd_over_rev,
        check_backward_ad=check_rev_over_rev,
        masked=masked,
    )
