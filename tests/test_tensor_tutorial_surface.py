"""Tensors as tutorial programs use them: factories' arguments, indexing assignments, dtype
helpers and small reductions, compared with PyTorch through the shared transcript helper."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad


@pytest.mark.parametrize(
    "call",
    [
        "torch.tensor([1, 2], dtype=float)",
        "torch.tensor([1.5], dtype=int)",
        "torch.zeros(2, dtype=bool)",
        "torch.ones(2, dtype=complex)",
        "torch.arange(3, dtype=float)",
        "torch.full((2,), 3, dtype=float)",
        "torch.linspace(0, 1, 3, dtype=float)",
        "torch.eye(2, dtype=int)",
        "torch.zeros_like(torch.ones(2), dtype=int)",
        "torch.ones(2).to(float)",
        "torch.ones(2).to(dtype=int)",
        "torch.ones(2).to('cpu', bool)",
        "torch.tensor([1], dtype='float32')",
        "torch.zeros(2, dtype='float32')",
        "torch.full_like(torch.ones(1), 2, dtype='x')",
        "torch.as_tensor([1, 2], dtype=float)",
    ],
)
def test_python_types_name_dtypes_and_other_objects_are_refused(call: str) -> None:
    def program(torch, emit):
        emit.attempt(lambda: eval(call, {"torch": torch}))

    same(program)


@pytest.mark.parametrize(
    "call",
    [
        "torch.zeros(size=(1, 2))",
        "torch.ones(size=[2])",
        "torch.empty(size=(0, 3)).shape",
        "torch.zeros(2, size=(2,))",
        "torch.ones([2], [3])",
        "torch.empty((2,), 3)",
        "torch.zeros(2, (3,))",
    ],
)
def test_size_by_keyword_and_misplaced_sizes(call: str) -> None:
    def program(torch, emit):
        emit.attempt(lambda: eval(call, {"torch": torch}))

    same(program)


@pytest.mark.parametrize("data", [["a"], [["a", "b"]], ("a",), [1, "a"], [[1], ["a"]], "a"])
def test_strings_in_tensor_data(data: object) -> None:
    def program(torch, emit):
        emit.attempt(lambda: torch.tensor(data))
        emit.attempt(lambda: torch.as_tensor(data))

    same(program)


def test_setitem_refuses_sequences_and_reports_shapes_as_pytorch() -> None:
    def program(torch, emit):
        x = torch.arange(6).reshape(2, 3)

        def assign(index, value):
            def run():
                x[index] = value
                return x

            emit.attempt(run)

        assign(0, [1, 2, 3])
        assign(0, (1, 2, 3))
        assign(0, np.array([1, 2, 3]))
        assign(0, None)
        assign(0, "a")
        assign(0, torch.tensor([1, 2]))
        assign((slice(None), 0), torch.tensor([1, 2, 3]))
        assign(Ellipsis, torch.zeros(3, 2, dtype=torch.long))
        assign(0, torch.zeros(2, 1, 3, dtype=torch.long))
        assign(x > 2, torch.tensor([1, 2]))
        assign([0, 1], torch.zeros(2, 2, dtype=torch.long))
        assign(0, torch.zeros(1, 3, dtype=torch.long))
        assign(1, np.int64(7))
        assign(1, True)

    same(program)


def test_string_index_and_zero_slice_step() -> None:
    def program(torch, emit):
        x = torch.arange(6).reshape(2, 3)
        emit.attempt(lambda: x[None, "a"])
        emit.attempt(lambda: x[::0])
        emit.attempt(lambda: x[0, ::0])
        emit.attempt(lambda: x[::-1])

    same(program)


def test_is_complex_cfloat_cdouble_and_asarray() -> None:
    def program(torch, emit):
        x = torch.tensor([1.5, -2.0])
        emit(torch.is_complex(x), torch.is_complex(x.cfloat()), x.cfloat(), x.cdouble())
        emit.attempt(lambda: torch.is_complex(3))
        emit.attempt(lambda: torch.is_floating_point([1.0]))
        array = np.array([1.0, 2.0])
        shared = torch.asarray(array)
        shared[0] = 5
        copied = torch.asarray(array, copy=True)
        copied[1] = 7
        emit(array, shared, copied)
        emit(torch.asarray([1, 2]), torch.asarray(3.5), torch.asarray([1.0], requires_grad=True))
        emit(torch.asarray(x) is x, torch.asarray(x, dtype=torch.float64))

    same(program)


@pytest.mark.parametrize(
    "data", [[1, 1, 2, 2, 3, 1], [1.0, float("nan"), float("nan"), 2.0], [], 3]
)
def test_unique_consecutive(data: object) -> None:
    def program(torch, emit):
        x = torch.tensor(data)
        emit(torch.unique_consecutive(x))
        emit(torch.unique_consecutive(x, return_inverse=True, return_counts=True))
        emit(x.unique_consecutive(return_counts=True))

    same(program)


def test_unique_consecutive_along_a_dim_and_its_node() -> None:
    def program(torch, emit):
        x = torch.tensor([[1, 1], [1, 1], [2, 3], [1, 1]])
        emit(torch.unique_consecutive(x, return_inverse=True, return_counts=True, dim=0))
        emit(torch.unique_consecutive(x, return_inverse=True, dim=-1))
        leaf = torch.tensor([1.0, 1.0, 2.0], requires_grad=True)
        emit(torch.unique_consecutive(leaf))

    same(program)


def test_float16_mean_rounds_once() -> None:
    def program(torch, emit):
        h = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float16)
        emit(h.mean(), h.mean(0), torch.stack([h, h]).mean(1))
        emit((torch.arange(100.0) / 7).half().mean())

    same(program)


def test_legacy_tensor_types() -> None:
    def program(torch, emit):
        emit(torch.FloatTensor, torch.DoubleTensor, torch.FloatTensor.dtype, torch.LongTensor.dtype)
        ones = torch.ones(1)
        emit(isinstance(ones, torch.FloatTensor), isinstance(ones, torch.LongTensor))

    same(program)


def test_set_default_tensor_type() -> None:
    def effects(library):
        shown = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                library.set_default_tensor_type(library.DoubleTensor)
                shown.append(str(library.get_default_dtype()))
                shown.append(repr(library.tensor([1.5])))
                library.set_default_tensor_type("torch.FloatTensor")
                shown.append(str(library.get_default_dtype()))
                for bad in (library.LongTensor, "torch.IntTensor", library.float64, 3):
                    try:
                        library.set_default_tensor_type(bad)
                    except TypeError as error:
                        shown.append(str(error))
            finally:
                library.set_default_dtype(library.float32)
        return "\n".join(shown).replace("rungrad", "torch")

    assert effects(rungrad) == effects(torch)


def test_set_default_tensor_type_warns_once() -> None:
    from rungrad import _runtime

    _runtime._WARNED.clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rungrad.set_default_tensor_type(rungrad.FloatTensor)
            rungrad.set_default_tensor_type(rungrad.FloatTensor)
    finally:
        rungrad.set_default_dtype(rungrad.float32)
    assert [str(w.message)[:58] for w in caught] == [
        "torch.set_default_tensor_type() is deprecated as of PyTorc"
    ]


@pytest.mark.parametrize("shape", [(2, 3), (3,), (2, 3, 4), (1, 3, 2, 2)])
@pytest.mark.parametrize("index", [[5], [0, -1], [0, 9, -2]])
def test_index_select_out_of_range(shape: tuple[int, ...], index: list[int]) -> None:
    def program(torch, emit):
        x = torch.zeros(shape)
        for dim in range(len(shape)):
            emit.attempt(lambda dim=dim: x.index_select(dim, torch.tensor(index)))

    same(program)


def test_out_writes_in_place_as_pytorch() -> None:
    def program(torch, emit):
        x, y = torch.ones(2), torch.tensor([2.0, 3.0])
        out = torch.empty(2)
        emit(torch.add(x, y, out=out) is out, out, out._version)
        alias = out[:]
        emit(torch.mul(x, y, out=out), alias)
        emit(torch.add(x, y, out=torch.empty(0)))
        emit(torch.add(x, y, out=torch.zeros(3)))  # resized, with a warning
        emit(torch.add(x, y, out=torch.empty(2, dtype=torch.float64)))
        emit.attempt(lambda: torch.add(x, y, out=torch.empty(2, dtype=torch.long)))
        emit.attempt(lambda: torch.add(x, y, out=[1]))
        emit(torch.matmul(torch.ones(2, 3), torch.ones(3, 2), out=torch.empty(2, 2)))
        emit(torch.cat([x, y], out=torch.empty(4)), torch.sum(y, dim=0, out=torch.empty(())))
        emit(torch.eq(x, y, out=torch.empty(2, dtype=torch.bool)))
        emit(torch.tanh(x, out=None), torch.exp(x, out=torch.empty(2)))
        emit(torch.add(x, 1, alpha=2, out=torch.empty(2)), torch.sub(x, y, out=torch.empty(2)))
        leaf = torch.ones(2, requires_grad=True)
        emit.attempt(lambda: torch.add(leaf, y, out=torch.empty(2)))
        emit.attempt(lambda: torch.add(x, y, out=torch.empty(2, requires_grad=True)))
        with torch.no_grad():
            emit(torch.add(leaf, y, out=torch.empty(2)))

    same(program)


def test_deprecated_range_includes_the_end() -> None:
    def program(torch, emit):
        emit(torch.range(0, 3), torch.range(1, 2, 0.5), torch.range(3, 0, -1))
        emit(torch.range(0, 3, dtype=torch.int64))
        emit.attempt(lambda: torch.range(4))
        emit.attempt(lambda: torch.range(0, 3, 0))
        emit.attempt(lambda: torch.range(3, 0))

    same(program)


def test_scalar_conversion_warning_is_pytorchs_full_message() -> None:
    from rungrad import _runtime

    _runtime._WARNED.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        float(rungrad.tensor(1.0, requires_grad=True))
    assert [str(w.message) for w in caught] == [
        "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
        "behavior.\nConsider using tensor.detach() first. (Triggered internally at "
        "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)"
    ]


def test_complex_parts_are_views_and_print_as_pytorch() -> None:
    def program(torch, emit):
        z = torch.tensor([1 + 2j, -3.5 - 0.25j, 0j])
        emit(z.real, z.imag, z.conj(), z.angle(), z.abs())
        z.real[0] = 9
        z.imag[2] = -1
        emit(z, torch.view_as_real(z), torch.view_as_real(z)._base is z)
        emit(torch.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
        emit(torch.complex(torch.tensor([1.0, 2.0]), torch.tensor(3.0)))
        emit(torch.polar(torch.tensor([2.0]), torch.tensor([0.5])))
        emit(torch.tensor([1.0, -2.0]).angle(), torch.tensor([1, -2]).angle())
        emit.attempt(lambda: torch.tensor([1.0]).imag)
        emit.attempt(lambda: torch.view_as_real(torch.ones(2)))
        emit.attempt(lambda: torch.view_as_complex(torch.ones(3)))
        emit.attempt(lambda: torch.view_as_complex(torch.ones(2, 2).t()))
        emit.attempt(lambda: torch.view_as_complex(torch.zeros(4, 4)[:, 1:3]))
        emit.attempt(lambda: torch.complex(torch.ones(1), torch.ones(1, dtype=torch.float64)))
        emit.attempt(lambda: torch.complex(torch.tensor([1]), torch.tensor([1])))
        emit.attempt(lambda: torch.complex(torch.ones(2), torch.ones(3)))

    same(program)


def test_gradients_through_complex_parts() -> None:
    def program(torch, emit):
        z = torch.tensor([1 + 2j, -3 - 0.5j], requires_grad=True)
        emit(z.real, z.imag, z.conj())
        (z.real.sum() + 2 * z.imag.sum()).backward()
        emit(z.grad)
        a = torch.tensor([1 + 1j, 3 - 4j], requires_grad=True)
        a.angle().sum().backward()
        emit(a.grad)
        re = torch.tensor([1.0, 2.0], requires_grad=True)
        im = torch.tensor([3.0, 4.0], requires_grad=True)
        c = torch.complex(re, im)
        (c.real * 2 + c.imag * 3).sum().backward()
        emit(c, re.grad, im.grad)
        pairs = torch.tensor([[1.0, 2.0]], requires_grad=True)
        torch.view_as_complex(pairs).abs().sum().backward()
        emit(pairs.grad)

    same(program)


def test_casting_complex_to_real_warns_once() -> None:
    from rungrad._ops import shape

    shape._warned_imaginary = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = rungrad.tensor([1 + 2j]).float()
        rungrad.tensor([1 + 2j]).long()
    assert repr(value) == "tensor([1.])"
    assert [str(w.message) for w in caught] == [
        "Casting complex values to real discards the imaginary part (Triggered internally at "
        "/__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)"
    ]


def test_kind_flags_conjugate_transposes_and_is_set_to() -> None:
    def program(torch, emit):
        x = torch.arange(6.0).reshape(2, 3).requires_grad_()
        emit(x.is_sparse, x.is_quantized, x.is_meta, x.is_mkldnn, x.is_nested)
        emit.attempt(lambda: setattr(x, "is_sparse", True))
        emit(x.H, x.mH, torch.tensor([[1 + 1j, 2j]]).H, torch.ones(2, 2, 3).mH.shape)
        emit.attempt(lambda: torch.ones(2, 2, 2).H)
        emit.attempt(lambda: torch.ones(3).H)
        emit.attempt(lambda: torch.ones(3).mH)
        emit.attempt(lambda: torch.ones(3).mT)
        a = torch.ones(3)
        emit(a.is_set_to(a), a.is_set_to(a[:]), a.is_set_to(a.clone()), a.is_set_to(a[1:]))
        emit(torch.is_storage(a), torch.is_storage(a.untyped_storage()))

    same(program)


def test_full_keeps_the_sign_of_negative_zero() -> None:
    def program(torch, emit):
        emit(torch.full((2,), -0.0), torch.full_like(torch.ones(1), -0.0), torch.full((1,), 0))
        emit(torch.zeros(2), torch.zeros_like(torch.ones(2, dtype=torch.int8)))

    same(program)


def test_rng_states_have_pytorchs_size() -> None:
    def program(torch, emit):
        state = torch.get_rng_state()
        emit(state.shape, state.dtype, torch.Generator().manual_seed(3).get_state().shape)
        emit.attempt(lambda: torch.set_rng_state(torch.zeros(48, dtype=torch.uint8)))
        torch.set_rng_state(state)
        emit(torch.equal(torch.get_rng_state(), state))

    same(program)


def test_legacy_constructor_names_argument_types_as_pytorch() -> None:
    def program(torch, emit):
        emit.attempt(lambda: torch.LongTensor([1], dtype=torch.int64))
        emit.attempt(lambda: torch.FloatTensor(torch.ones(1), 2))
        emit.attempt(lambda: torch.Tensor([1], requires_grad=True))

    same(program)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64", "bool"])
def test_python_numbers_written_into_integer_tensors(dtype: str) -> None:
    numbers = [-256, -255, -128, -1, 127, 255, 256, 2.5, -2.5, 300.5]
    numbers += [float("inf"), float("nan"), 1 + 0j, 1 + 2j, 2**63 - 1, 2**64]

    def program(torch, emit):
        for number in numbers:
            target = torch.zeros(2, dtype=getattr(torch, dtype))

            def write(target=target, number=number):
                target[0] = number
                return target

            emit.attempt(write)
            emit.attempt(lambda target=target, number=number: target.fill_(number))

    same(program)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_python_numbers_written_into_float_tensors(dtype: str) -> None:
    def program(torch, emit):
        for number in [1e5, 1e39, float("inf"), 1 + 0j, 1 + 2j, 2**70]:
            target = torch.zeros(1, dtype=getattr(torch, dtype))
            emit.attempt(lambda target=target, number=number: target.fill_(number))

    same(program)


@pytest.mark.parametrize("dtype", ["uint8", "int64", "float32", "bool"])
def test_python_ints_beyond_int64(dtype: str) -> None:
    def program(torch, emit):
        for number in [2**64, 2**63, -(2**63) - 1, 2**70]:
            target = torch.zeros(1, dtype=getattr(torch, dtype))

            def write(target=target, number=number):
                target[0] = number
                return target

            emit.attempt(write)
            emit.attempt(lambda target=target, number=number: target.fill_(number))

    same(program)


def test_vander() -> None:
    def program(torch, emit):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        emit(torch.vander(x), torch.vander(x, N=2, increasing=True))
        emit(torch.vander(torch.tensor([1, 2]), 4), torch.vander(torch.tensor([True, False])))
        emit(torch.vander(x, N=0), torch.vander(torch.tensor([]), 0))
        emit.attempt(lambda: torch.vander(torch.ones(2, 2)))
        emit.attempt(lambda: torch.vander(x, N=-1))

    same(program)
