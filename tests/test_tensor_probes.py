"""Tensor behaviour tutorial programs meet, against PyTorch: creation in unusual dtypes,
argument checks and their messages, and the warnings copy construction gives."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same


def test_new_tensor_copy_warning_names_new_tensor() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x.new_tensor(x)
        emit(y, y.requires_grad, y.dtype)
        emit(torch.zeros(2, dtype=torch.int32).new_tensor(x))
        emit(x.new_tensor([3, 4]), torch.tensor(x * 2))

    same(program)


@pytest.mark.parametrize("name", ["arange", "linspace", "logspace"])
@pytest.mark.parametrize("dtype", ["bool", "complex64", "complex128", "uint8", "float16"])
def test_ranges_in_every_dtype(name: str, dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        arguments = (4,) if name == "arange" else (0, 3, 4)
        if name == "logspace":
            arguments = (0, 1, 3)  # values exact enough to print alike
        emit.attempt(lambda: getattr(torch, name)(*arguments, dtype=getattr(torch, dtype)))

    same(program)


def test_arange_in_integer_dtypes_truncates_its_arguments() -> None:
    def program(torch: Any, emit: Any) -> None:
        cases = [(0.5, 4, 1), (0, 2.5, 0.5), (0, 5, 1.5), (0.7, 5.2, 1.5), (-1.5, 3, 2.5),
                 (0, 1, 0.3), (0, 300, 100.5), (-3, 3, 2), (0, 1000, 300), (0, 10.5, 2.5),
                 (0.2, 0.5, -1), (9.5, 0.5, -2.5)]  # fmt: skip
        for dtype in (torch.int64, torch.int32, torch.uint8, torch.int8):
            for start, end, step in cases:
                emit.attempt(lambda a=start, b=end, c=step, d=dtype: torch.arange(a, b, c, dtype=d))
        emit.attempt(lambda: torch.arange(2.9, dtype=torch.int64))
        emit.attempt(lambda: torch.arange(2.9, dtype=torch.int16))

    same(program)


def test_linspace_steps_argument() -> None:
    def program(torch: Any, emit: Any) -> None:
        emit(torch.linspace(0, 1, torch.tensor(3)))
        for steps in (2.5, True, torch.tensor(2.0)):
            emit.attempt(lambda steps=steps: torch.linspace(0, 1, steps))
        emit.attempt(lambda: torch.linspace(0, 1))

    same(program)


def test_expand_minus_one_in_a_new_dimension() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.zeros(3, 1)
        for sizes in [(-1, 4), (2, -1, 4), (-1, 3, 4), (-1, 2, -1, 4), (2, 2, 3, 5)]:
            emit.attempt(lambda sizes=sizes: x.expand(*sizes).shape)

    same(program)


def test_alpha_checked_against_the_result_dtype() -> None:
    def program(torch: Any, emit: Any) -> None:
        ints, floats = torch.tensor([1, 2]), torch.tensor([1.0, 2.0])
        bools = torch.tensor([True, False])
        for alpha in (0.5, 2.0, 1.0, True, 2, 1, 1j):
            emit.attempt(lambda alpha=alpha: ints.add(1, alpha=alpha))
            emit.attempt(lambda alpha=alpha: ints.add(1.5, alpha=alpha))
            emit.attempt(lambda alpha=alpha: ints.sub(torch.ones(2), alpha=alpha))
            emit.attempt(lambda alpha=alpha: floats.add(ints, alpha=alpha))
            emit.attempt(lambda alpha=alpha: torch.rsub(ints, 1, alpha=alpha))
            emit.attempt(lambda alpha=alpha: bools.add(torch.tensor([False, False]), alpha=alpha))
            emit.attempt(lambda alpha=alpha: ints.clone().add_(ints, alpha=alpha))
            emit.attempt(lambda alpha=alpha: (floats * 1j).add(floats, alpha=alpha))

    same(program)


def test_bitwise_not_on_floats() -> None:
    def program(torch: Any, emit: Any) -> None:
        for values in ([1.5], [1.0 + 1j], [1, 2], [True, False]):
            x = torch.tensor(values)
            emit.attempt(lambda x=x: ~x)
            emit.attempt(lambda x=x: x.bitwise_not())
            emit.attempt(lambda x=x: torch.bitwise_not(x))
        emit.attempt(lambda: ~torch.tensor([3], dtype=torch.uint8))

    same(program)


@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "int8", "uint8", "bool", "float32"])
def test_clamp_in_place_and_out_messages(dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        kind = getattr(torch, dtype)

        def fresh() -> Any:
            return torch.tensor([0, 1, 3]).to(kind)

        emit.attempt(lambda: fresh().clamp_(0.5, 2.5))
        emit.attempt(lambda: fresh().clamp_(min=0.5))
        emit.attempt(lambda: fresh().clamp_(None, 2))
        emit.attempt(lambda: fresh().clamp_(0, 2))
        emit.attempt(lambda: fresh().clamp_(max=torch.tensor(0.5)))
        emit.attempt(lambda: fresh().clamp_min_(0.5))
        emit.attempt(lambda: fresh().clamp_max_(1.5))
        emit.attempt(lambda: fresh().clip_(0.5))
        emit.attempt(lambda: fresh().clamp(False, True))
        emit.attempt(lambda: fresh().clamp(min=True))
        emit.attempt(lambda: fresh().clamp_max(True))
        emit.attempt(lambda: fresh().clamp(torch.tensor(False)))
        for out_dtype in (kind, torch.float32, torch.float64, torch.int64):
            out = torch.zeros(3, dtype=out_dtype)
            emit.attempt(lambda out=out: torch.clamp(fresh(), 0.5, out=out))
            emit.attempt(lambda out=out: torch.clamp(fresh(), 1, 2, out=out))
            emit.attempt(lambda out=out: torch.clip(fresh(), max=1, out=out))
            emit.attempt(lambda out=out: torch.clamp_min(fresh(), 1.5, out=out))
            emit.attempt(lambda out=out: torch.clamp(fresh(), torch.tensor(0.5), out=out))

    same(program)


@pytest.mark.parametrize("shapes", [((3, 4), (2,)), ((2,), (3, 4)), ((4, 2, 3), (5, 3))])
def test_masked_fill_broadcast_errors_name_the_mask_first(shapes: Any) -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.zeros(shapes[0])
        mask = torch.ones(shapes[1], dtype=torch.bool)
        emit.attempt(lambda: x.masked_fill(mask, 1.0))
        emit.attempt(lambda: torch.masked_fill(x, mask, torch.tensor(1.0)))
        emit.attempt(lambda: x.clone().masked_fill_(mask, 1.0))
        emit.attempt(lambda: x.clone().masked_fill_(mask, torch.tensor(2.0)))

    same(program)


def test_floating_tensor_with_complex_zero_dim_keeps_its_precision() -> None:
    def program(torch: Any, emit: Any) -> None:
        for real in (torch.float32, torch.float64):
            x = torch.tensor([0.5, 2.0], dtype=real)
            for complex_dtype in (torch.complex64, torch.complex128):
                z = torch.tensor(1 / 3 + 1j, dtype=complex_dtype)
                emit(x * z, torch.result_type(x, z), (x + z).dtype, (z - x).dtype)
            emit(x + 1j, torch.result_type(x, 1j))
            emit(torch.arange(2) * torch.tensor(1j, dtype=torch.complex128))

    same(program)


def test_lists_holding_sequences_index_as_tuples() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(12).view(3, 4)
        indices = [[0.5, 1.7], [1, 2.0], [-0.5], [[0, 1]], [[0, 1], [1, 2]],
                   [0, torch.tensor(1)], [0, slice(1, 3)], [None, 0], [Ellipsis, 0],
                   [torch.tensor([0, 2])], [[True, False, True]], [0, 1], [],
                   [True, False, True], list(range(40)) and [0] * 40]  # fmt: skip
        for index in indices:
            emit.attempt(lambda index=index: x[index])
        emit.attempt(lambda: x[[0, 1], [[1, 2]]])
        emit.attempt(lambda: x[[0.5], 1])
        emit.attempt(lambda: x[torch.tensor([1, 0, 1], dtype=torch.uint8)])
        emit.attempt(lambda: x["a"])
        y = torch.zeros(3, 4)
        y[[0, slice(None)]] = 5
        y[[[0, 1], [1, 2]]] = 7
        y[[2.5]] = -1
        emit(y)

    same(program)


def test_device_strings_and_indices() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.5, -2.5])
        for spelling in ("float64", "gpu", "Float", "cuda:01", "cuda:", "cuda:-1", "cpu:0"):
            emit.attempt(lambda spelling=spelling: torch.device(spelling))
            emit.attempt(lambda spelling=spelling: x.to(spelling))
        emit.attempt(lambda: torch.device("cpu", 0))
        emit.attempt(lambda: torch.device("cpu:0", 0))
        emit.attempt(lambda: torch.device("cpu", -1))
        emit.attempt(lambda: x.to(0))
        emit.attempt(lambda: x.to(device=0))
        emit.attempt(lambda: torch.zeros(1, device=0))
        for name in ("torch.cuda.FloatTensor", "torch.cuda.Foo", "torch.DoubleTensor", "float"):
            emit.attempt(lambda name=name: x.type(name))

    same(program)


@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "empty_like", "rand_like",
                                  "randn_like"])  # fmt: skip
def test_like_factories_want_a_tensor(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        for value in ([1, 2], 3, None, 2.5):
            emit.attempt(lambda value=value: getattr(torch, name)(value))
        emit.attempt(lambda: torch.full_like([1], 2))
        emit(getattr(torch, name)(torch.zeros(2, 3), dtype=torch.float64).shape)

    same(program)


def test_numpy_arrays_as_indices() -> None:
    import numpy as np

    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(12).view(3, 4)
        for index in (np.array([1, 0]), np.array([True, False, True]), np.array([[0, 1]]),
                      np.array(1), np.array([1.5]), (slice(None), np.array([1, 0])),
                      (np.array([0]), np.array([1]))):  # fmt: skip
            emit.attempt(lambda index=index: x[index])
        x[np.array([0])] = 5
        emit(x)

    same(program)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_kernels_named_by_dtype_and_dimension(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([[0, 1], [2, 3]])
        for value in (x, x * 1j, x > 1, torch.tensor(3), x.float()):
            for dim in (0, 1, -1, 5):
                emit.attempt(lambda value=value, dim=dim: getattr(value, name)(dim))
            emit.attempt(lambda value=value: getattr(torch.nn.functional, name)(value, 0))
        emit.attempt(lambda: getattr(x, name)(0, dtype=torch.int32))
        emit(getattr(torch.nn.functional, name)(x, 1, dtype=torch.float64))

    same(program)


@pytest.mark.parametrize("name", ["cat", "concat", "concatenate", "stack", "hstack", "vstack",
                                  "dstack", "column_stack"])  # fmt: skip
def test_tensor_list_arguments_checked(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        a = torch.tensor([1, 2])
        function = getattr(torch, name)
        for tensors in (a, [a, [1]], [a, 1], [1.5, a], 5, [a, None], "ab", [], (), (a, a),
                        (x for x in [a, a])):  # fmt: skip
            emit.attempt(lambda tensors=tensors: function(tensors))

    same(program)


def _quietly(program: Any) -> Any:
    """``program`` with its warnings ignored: warn-once warnings come or not depending on
    what ran before in the test session (values and errors are still compared)."""

    def quiet(torch: Any, emit: Any) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program(torch, emit)

    return quiet


def test_copy_from_numbers_and_complex_sources() -> None:
    @_quietly
    def program(torch: Any, emit: Any) -> None:
        for dtype in (torch.float32, torch.int64, torch.bool, torch.complex64):
            for value in (2.5, 3, True, 1 + 2j, torch.tensor([1j, 2 - 1j])):
                target = torch.zeros(2, dtype=dtype)
                emit.attempt(lambda target=target, value=value: target.copy_(value))
        x = torch.zeros(2, requires_grad=True)
        y = (x * 1).copy_(2.5)
        emit(y, y.grad_fn.name())
        for value in ("a", None, [1, 2]):
            emit.attempt(lambda value=value: torch.zeros(2).copy_(value))

    same(program)


def test_complex_to_bool_is_nonzero() -> None:
    def program(torch: Any, emit: Any) -> None:
        z = torch.tensor([1j, 0j, 2 + 0j])
        emit(z.bool(), z.to(torch.bool), z.type(torch.bool))
        emit(torch.zeros(3, dtype=torch.bool).copy_(z))

    same(program)


def test_binary_ops_want_a_tensor_operand() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.5, 2.5])
        for name in ("maximum", "minimum", "fmax", "fmin", "atan2", "hypot", "nextafter",
                     "ldexp", "logaddexp", "dist", "dot", "mm", "bmm", "matmul", "isclose",
                     "outer", "kron", "heaviside", "polar", "complex"):  # fmt: skip
            emit.attempt(lambda name=name: getattr(torch, name)(x, 2.5))
            emit.attempt(lambda name=name: getattr(torch, name)(2.5, x))
            for spelling in (name, name + "_"):
                if hasattr(x, spelling):
                    emit.attempt(lambda spelling=spelling: getattr(x.clone(), spelling)(2))
        emit.attempt(lambda: torch.maximum(x, other=2.5))
        emit.attempt(lambda: x.maximum(other=2.5))
        emit(torch.maximum(x, torch.tensor(2.0)), x.hypot(x), torch.dot(x, x), x.matmul(x))

    same(program)


def test_numpy_conversion_checks_and_warnings() -> None:
    import numpy as np

    @_quietly
    def read_only(torch: Any, emit: Any) -> None:
        frozen = np.arange(3.0)
        frozen.flags.writeable = False
        emit.attempt(lambda: torch.from_numpy(frozen))
        emit.attempt(lambda: torch.as_tensor(frozen))
        emit.attempt(lambda: torch.tensor(frozen))

    same(read_only)

    def program(torch: Any, emit: Any) -> None:
        emit.attempt(lambda: torch.from_numpy(np.array([1, 2], dtype=">i4")))
        emit.attempt(lambda: torch.from_numpy(np.float64(2.0)))
        emit.attempt(lambda: torch.from_numpy([1, 2]))
        # PyTorch warns about a list of arrays once per process: in warn-always mode here,
        # so that the comparison does not depend on which test ran first.
        torch.set_warn_always(True)
        try:
            emit.attempt(lambda: torch.tensor([np.array([1, 2]), np.array([3, 4])]))
        finally:
            torch.set_warn_always(False)

    same(program)


@pytest.mark.parametrize("name", ["neg", "abs", "sign", "floor", "ceil", "round", "trunc",
                                  "frac", "sgn", "square", "exp"])  # fmt: skip
def test_out_dtype_of_dtype_keeping_unary_ops(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        function = getattr(torch, name)
        x = torch.tensor([-1.5, 2.5])
        for source in (x, x.long()):
            for dtype in (torch.float32, torch.float64, torch.int64):
                out = torch.empty(2, dtype=dtype)
                emit.attempt(lambda source=source, out=out: function(source, out=out))
        out = torch.empty(2)
        emit(function(x, out=out) is out, out)

    same(program)


def test_memory_formats_and_dim_order() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(24.0).view(1, 2, 3, 4)
        y = x.contiguous(memory_format=torch.channels_last)
        last = torch.channels_last
        emit(x.is_contiguous(memory_format=last), y.is_contiguous(memory_format=last))
        emit(y.is_contiguous(), y.stride(), y.dim_order(), x.dim_order(), x.t().dim_order()
             if x.dim() == 2 else x.transpose(1, 3).dim_order())  # fmt: skip
        emit(torch.zeros(2, 3).is_contiguous(memory_format=last))
        emit(torch.zeros(2, 3, 4, 5, 6).contiguous(memory_format=torch.channels_last_3d).stride())
        emit(y.contiguous(memory_format=last) is y, y.contiguous() is y, y.contiguous().stride())
        emit(x.to(memory_format=last).stride(), x.to(torch.float64, memory_format=last).stride())
        emit(y.to(memory_format=last) is y, x.to(memory_format=torch.contiguous_format) is x)
        emit(y.to(memory_format=torch.preserve_format) is y)
        emit(torch.equal(x.to(memory_format=last), x))
        emit.attempt(lambda: torch.zeros(2, 3).contiguous(memory_format=last))
        emit.attempt(lambda: torch.zeros(2, 3).to(memory_format=last))

    same(program)
