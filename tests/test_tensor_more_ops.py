"""Tensor functions checked against PyTorch: in-place gcd_/lcm_, as_subclass, the modified
Bessel functions (i0, i0e, i1, i1e), the regularized incomplete gamma functions, histograms,
eig/eigvals, lu_unpack and the aten-style normalization spellings."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same

# -- gcd_, lcm_ ----------------------------------------------------------------------------


def test_gcd_lcm_in_place() -> None:
    def program(torch: Any, emit: Any) -> None:
        a = torch.tensor([12, -18, 0, 7])
        b = torch.tensor([8, 12, 0, 3])
        c = a.clone()
        emit(c.gcd_(b) is c, c, a.clone().lcm_(b))
        x = torch.tensor([4, 6], dtype=torch.int32)
        emit(x.clone().lcm_(torch.tensor([6, 4])), x.clone().gcd_(torch.tensor([6, 4])).dtype)
        emit(torch.tensor([[4], [6]]).lcm_(torch.tensor(3)))
        emit(torch.tensor([1, 2], dtype=torch.uint8).gcd_(torch.tensor([4, 6])))
        emit(
            torch.gcd_(torch.tensor([9]), torch.tensor([6])),
            torch.lcm_(torch.tensor([4]), torch.tensor([6])),
        )
        base = torch.tensor([6, 10])
        base[:1].gcd_(torch.tensor([4]))
        emit(base, base._version)
        for f in (
            lambda: torch.tensor([1.0, 2.0]).gcd_(torch.tensor([1.0, 2.0])),
            lambda: torch.tensor([1, 2]).gcd_(3),
            lambda: torch.tensor([1, 2]).lcm_(other=3),
            lambda: torch.tensor([1, 2]).lcm_(torch.tensor([1.0, 2.0])),
            lambda: torch.tensor([1, 2]).gcd_(torch.tensor([[1, 2], [3, 4]])),
            lambda: torch.tensor([True]).gcd_(torch.tensor([True])),
            lambda: torch.gcd_(torch.tensor([1]), 3),
            lambda: torch.gcd_(3, torch.tensor([1])),
            lambda: torch.lcm_(torch.tensor([1]), other=3),
        ):
            emit.attempt(f)

    same(program)


# -- as_subclass ---------------------------------------------------------------------------


def test_as_subclass() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Mine(torch.Tensor):
            pass

        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        m = (x * 2).as_subclass(Mine)
        emit(type(m).__name__, m.requires_grad, m.is_leaf, type(m.grad_fn).__name__)
        emit(m)
        m.sum().backward()
        emit(x.grad)
        leaf = x.as_subclass(Mine)
        emit(leaf.is_leaf, leaf.requires_grad, isinstance(leaf, torch.Tensor))
        z = torch.arange(4.0)
        w = z.as_subclass(Mine)
        w.add_(1)
        emit(z, z._version, w.shape, w.dtype, isinstance(w, Mine))
        emit(torch.zeros(2, 3, dtype=torch.float64).as_subclass(Mine))
        emit(torch.arange(30.0).view(3, 10).div(7).as_subclass(Mine))
        plain = z.as_subclass(torch.Tensor)
        emit(plain is z, type(plain).__name__)

        class Other:
            pass

        emit.attempt(lambda: z.as_subclass(Other))
        emit.attempt(lambda: z.as_subclass(3))
        emit.attempt(lambda: z.as_subclass())

    same(program)


def test_subclass_repr_wraps_under_its_name() -> None:
    def program(torch: Any, emit: Any) -> None:
        class LongName(torch.Tensor):
            pass

        t = torch.linspace(0, 1, 24, dtype=torch.float64).view(2, 12).as_subclass(LongName)
        emit(repr(t))
        emit(repr((torch.ones(2, 2, requires_grad=True) * 3).as_subclass(LongName)))

    same(program)


# -- i0, i0e, i1, i1e ----------------------------------------------------------------------
BESSEL = ("i0", "special.i0", "special.i0e", "special.i1", "special.i1e")


def _function(torch: Any, name: str) -> Any:
    module, _, attribute = name.rpartition(".")
    return getattr(getattr(torch, module) if module else torch, attribute)


@pytest.mark.parametrize("name", BESSEL)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_bessel_values_and_gradients(name: str, dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.set_printoptions(precision=8)
        try:
            f = _function(torch, name)
            values = [0.0, 1e-8, -1e-7, 0.5, 2.0, -3.0, 7.9, 8.0, 8.5, -12.0, 30.0, 95.0]
            x = torch.tensor(values, dtype=getattr(torch, dtype), requires_grad=True)
            y = f(x)
            emit(y)
            (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
            emit(g, type(g.grad_fn).__name__)
            (gg,) = torch.autograd.grad(g.sum(), x)
            emit(gg)
            emit(f(torch.linspace(-40, 40, 33, dtype=getattr(torch, dtype))))
        finally:
            torch.set_printoptions(profile="default")

    same(program)


def test_bessel_dtypes_in_place_and_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        emit(torch.i0(torch.tensor([1, 2])), torch.special.i1e(torch.tensor([True, False])))
        emit(torch.i0(torch.tensor([1.0, 20.0], dtype=torch.float16)))
        emit(torch.special.i1(torch.tensor([2.0, -3.0], dtype=torch.float16)))
        emit(torch.special.i0e(torch.tensor([float("inf"), -float("inf"), float("nan")])))
        emit(torch.special.i1(torch.tensor([float("inf"), -float("inf"), 100.0])))
        emit(torch.i0(torch.empty(0, 3)), torch.special.i1(torch.tensor(2.5)))
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        z = a * 1
        z.i0_()
        emit(z)
        z.sum().backward()
        emit(a.grad)
        emit(torch.i0_(torch.tensor([1.0])), torch.tensor([[1.0, 3.0]]).i0())
        emit(torch.i0(torch.ones(2), out=torch.empty(2)))
        emit(torch.special.i1(torch.ones(2), out=torch.empty(2, dtype=torch.float64)))
        emit(torch.special.i0e(input=torch.ones(2)), torch.i0.__name__, torch.special.i0e.__name__)
        for f in (
            lambda: torch.i0(torch.tensor([1j])),
            lambda: torch.special.i0e(torch.tensor([1j])),
            lambda: torch.special.i1(torch.tensor([1j], dtype=torch.complex128)),
            lambda: torch.special.i1e(torch.tensor([1j])),
            lambda: torch.tensor([1, 2]).i0_(),
            lambda: torch.i0(3.0),
            lambda: torch.special.i1(3),
            lambda: torch.special.i0e([1.0]),
            lambda: torch.special.i0e(input=3),
            lambda: torch.special.i1(torch.ones(2, requires_grad=True), out=torch.empty(2)),
        ):
            emit.attempt(f)

    same(program)


# -- igamma, igammac -----------------------------------------------------------------------
IGAMMA = ("igamma", "igammac", "special.gammainc", "special.gammaincc")


@pytest.mark.parametrize("name", IGAMMA)
def test_igamma_values_and_gradients(name: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        f = _function(torch, name)
        a = torch.tensor([1.0, 2.0, 0.5, 10.0, 150.0], dtype=torch.float64, requires_grad=True)
        x = torch.tensor([0.5, 3.0, 0.1, 12.0, 140.0], dtype=torch.float64, requires_grad=True)
        y = f(a, x)
        emit(y, len(y.grad_fn.next_functions))
        emit.attempt(lambda: y.sum().backward())
        y = f(a.detach(), x)
        (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
        emit(g, type(g.grad_fn).__name__)
        (gg,) = torch.autograd.grad(g.sum(), x)
        emit(gg)
        emit(f(torch.tensor([[1.0], [2.0]], dtype=torch.float64), torch.tensor([1.0, 2.0, 3.0])))

    same(program)


def test_igamma_dtypes_in_place_and_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        nan, inf = float("nan"), float("inf")
        a = torch.tensor([-1.0, 0.0, 0.0, inf, 1.0, nan, 0.0], dtype=torch.float64)
        x = torch.tensor([1.0, 0.0, 1.0, 2.0, inf, 1.0, -1.0], dtype=torch.float64)
        emit(a.igamma(x), a.igammac(x))
        emit(torch.igamma(torch.tensor([1]), torch.tensor([1.0], dtype=torch.float64)))
        emit(torch.igamma(torch.tensor(2.0), torch.tensor([1.0, 2.0], dtype=torch.float64)))
        emit(torch.tensor([1.0, 3.0], dtype=torch.float64).igammac_(torch.tensor([2.0])))
        emit(torch.igamma(torch.ones(1), torch.ones(1), out=torch.empty(1, dtype=torch.float64)))
        emit(hasattr(torch, "igamma_"), hasattr(torch.Tensor, "igammac_"))
        for f in (
            lambda: torch.igamma(torch.tensor([1.0]), 2.0),
            lambda: torch.igamma(2.0, torch.tensor([1.0])),
            lambda: torch.igamma(torch.tensor([1j]), torch.tensor([1j])),
            lambda: torch.special.gammaincc(torch.tensor([1.0]), 2),
            lambda: torch.special.gammainc(3, torch.tensor([1.0])),
            lambda: torch.tensor([1]).igamma_(torch.tensor([2])),
            lambda: torch.igammac(torch.tensor([1]), torch.tensor([2])),
            lambda: torch.igamma(torch.tensor([True]), torch.tensor([True])),
            lambda: torch.tensor([1.0]).igamma_(torch.tensor([2.0], dtype=torch.float64)),
            lambda: torch.tensor([1.0, 3.0]).igammac_(2.0),
            lambda: torch.igamma(
                torch.ones(1, requires_grad=True), torch.ones(1), out=torch.empty(1)
            ),
        ):
            emit.attempt(f)

    same(program)


# -- histogram -----------------------------------------------------------------------------
def test_histogram() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2, 1, 2.5, 4, 0.3, -1])
        result = torch.histogram(x, bins=4)
        emit(result)
        emit(type(result).__name__, result.hist, result.bin_edges)
        hist, edges = torch.histogram(x, bins=4, range=(0.0, 3.0))
        emit(hist, edges)
        emit(torch.histogram(x, bins=torch.tensor([0.0, 1.0, 2.0, 4.0])))
        emit(torch.histogram(x, bins=3, weight=torch.arange(7.0), density=True))
        emit(torch.histogram(x, 5, density=True), x.histogram(3))
        emit(torch.histogram(x.double(), bins=2), torch.histogram(torch.tensor([]), bins=3))
        emit(torch.histogram(torch.tensor([2.0, 2.0]), bins=3))
        emit(torch.histogram(torch.arange(12.0).view(3, 4), bins=3))
        emit(torch.histogram(x, bins=torch.tensor([2.0, 1.0])))
        y = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        hist, edges = torch.histogram(y, 2)
        emit(hist, edges, hist.grad_fn is edges.grad_fn)
        emit.attempt(lambda: hist.sum().backward())
        for f in (
            lambda: torch.histogram(torch.tensor([1, 2]), bins=2),
            lambda: torch.histogram(x, bins=0),
            lambda: torch.histogram(x, bins=2.5),
            lambda: torch.histogram(x, bins=3, range=(2.0, 1.0)),
            lambda: torch.histogram(x, bins=3, range=(2.0,)),
            lambda: torch.histogram(x, bins=torch.tensor([[1.0, 2.0]])),
            lambda: torch.histogram(x, bins=torch.tensor([1.0])),
            lambda: torch.histogram(x, bins=torch.tensor([])),
            lambda: torch.histogram(x, bins=2, weight=torch.ones(3)),
            lambda: torch.histogram(torch.tensor([float("nan"), 1.0]), bins=2),
            lambda: torch.histogram(torch.tensor([float("inf"), 1.0]), bins=2),
            lambda: torch.histogram(x, bins=torch.tensor([0.0, 1.0], dtype=torch.float64)),
        ):
            emit.attempt(f)

    same(program)


# -- linalg.eig, linalg.eigvals --------------------------------------------------------------
def test_eig_values_gradients_and_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]], requires_grad=True)
        L, V = torch.linalg.eig(A)
        emit(L, V)
        emit(torch.linalg.eig(A), L.grad_fn is V.grad_fn)
        (L.real.sum() + V.abs().sum()).backward()
        emit(A.grad)
        R = torch.tensor([[0.5, -2.0], [1.5, 0.25]], dtype=torch.float64, requires_grad=True)
        values = torch.linalg.eigvals(R)
        emit(values, type(values.grad_fn).__name__)
        (values.imag * torch.tensor([1.0, 2.0], dtype=torch.float64)).sum().backward()
        emit(R.grad)
        L, V = torch.linalg.eig(R)
        emit.attempt(lambda: V.real.sum().backward())
        C = torch.tensor([[1 + 1j, 2], [0.5j, -1]], requires_grad=True)
        L, V = torch.linalg.eig(C)
        emit(L, V)
        (L.abs().sum() + (V * V.conj()).real.sum()).backward()
        emit(C.grad)
        emit(torch.linalg.eigvals(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
        emit(torch.linalg.eig(torch.eye(3).expand(2, 3, 3)))
        for f in (
            lambda: torch.linalg.eig(torch.ones(2, 3)),
            lambda: torch.linalg.eigvals(torch.ones(2, 2, dtype=torch.long)),
            lambda: torch.linalg.eig(torch.ones(3)),
            lambda: torch.linalg.eig(torch.ones(2, 2, dtype=torch.float16)),
        ):
            emit.attempt(f)

    same(program)


# -- linalg.lu_factor, lu_unpack -------------------------------------------------------------
def test_lu_factor_and_unpack() -> None:
    def program(torch: Any, emit: Any) -> None:
        A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]], requires_grad=True)
        LU, pivots = torch.linalg.lu_factor(A)
        emit(LU, pivots)
        emit(torch.linalg.lu_factor(A))
        P, L, U = torch.lu_unpack(LU, pivots)
        emit(P, L, U)
        emit(torch.lu_unpack(LU, pivots))
        (L.sum() + (U * U).sum()).backward()
        emit(A.grad)
        B = torch.tensor(
            [[[1.0, 2.0, 0.5], [3.0, -1.0, 2.0], [0.25, 4.0, 1.0]],
             [[2.0, -1.0, 3.0], [1.0, 1.0, 1.0], [-2.0, 0.5, 4.0]]],
            dtype=torch.float64,
        )  # fmt: skip
        LU, pivots = torch.linalg.lu_factor(B)
        emit(
            torch.dist(
                torch.matmul(*torch.lu_unpack(LU, pivots)[:2]) @ torch.lu_unpack(LU, pivots)[2], B
            )
            < 1e-12
        )
        emit(torch.lu_unpack(LU, pivots, unpack_data=False))
        emit(torch.lu_unpack(LU, pivots, unpack_pivots=False))
        tall = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]])
        emit(torch.linalg.lu_factor(tall), torch.lu_unpack(*torch.linalg.lu_factor(tall)))
        wide = torch.tensor([[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]], requires_grad=True)
        P, L, U = torch.lu_unpack(*torch.linalg.lu_factor(wide))
        emit(L, U)
        emit(torch.linalg.lu_factor_ex(torch.zeros(2, 2)))
        for f in (
            lambda: torch.linalg.lu_factor(torch.ones(2, 3)),
            lambda: torch.linalg.lu_factor(torch.zeros(2, 2)),
            lambda: torch.linalg.lu_factor(torch.ones(2, 2, dtype=torch.long)),
            lambda: torch.linalg.lu_factor(torch.ones(3)),
            lambda: torch.lu_unpack(LU, pivots.long()),
        ):
            emit.attempt(f)

    same(program)


# -- aten spellings of the normalizations ----------------------------------------------------
def test_top_level_normalization_spellings() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.linspace(-2, 3, 24).view(2, 3, 4).requires_grad_()
        w = torch.tensor([1.0, 0.5, 2.0], requires_grad=True)
        b = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
        mean, var = torch.zeros(3), torch.ones(3)
        y = torch.batch_norm(x, w, b, mean, var, True, 0.1, 1e-5, True)
        emit(y, mean, var)
        y.pow(3).sum().backward()  # a sum of y or y ** 2 has no gradient: it is constant
        # (rounded: nn.functional.batch_norm's backward differs from PyTorch's in last bits)
        emit(torch.round(x.grad, decimals=3), w.grad, b.grad)
        emit(torch.batch_norm(x, None, None, mean, var, False, 0.1, 1e-5, False))
        emit(torch.instance_norm(x, w, b, None, None, True, 0.1, 1e-5, False))
        mean2, var2 = torch.zeros(3), torch.ones(3)
        emit(torch.instance_norm(x, None, None, mean2, var2, True, 0.1, 1e-5, False), mean2, var2)
        emit(torch.layer_norm(x, [4]), torch.layer_norm(x, (3, 4), None, None, 1e-3, True))
        emit(torch.layer_norm(x, [4], torch.ones(4), torch.zeros(4), 1e-5, False))
        emit(torch.group_norm(x, 3), torch.group_norm(x, 1, w, b, 1e-5, True))
        emit(torch.batch_norm(x, w, b, mean, var, training=True, momentum=0.1, eps=1e-5,
                              cudnn_enabled=True).shape)  # fmt: skip
        for f in (
            lambda: torch.batch_norm(x, w, b, mean, var, True, 0.1, 1e-5),
            lambda: torch.batch_norm(x, w, b, mean, var),
            lambda: torch.instance_norm(x, w, b, None, None, True, 0.1, 1e-5),
            lambda: torch.batch_norm(x, w, b, None, None, False, 0.1, 1e-5, True),
            lambda: torch.group_norm(x, 2),
            lambda: torch.layer_norm(x, [3]),
        ):
            emit.attempt(f)

    same(program)
