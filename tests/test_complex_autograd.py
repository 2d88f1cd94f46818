"""Gradients of complex tensors against PyTorch's (the conjugate Wirtinger derivative:
for a holomorphic y = f(z), grad_z = grad_y * conj(f'(z)))."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import rungrad

RNG = np.random.default_rng(1234)


def _complex(*shape: int) -> np.ndarray:
    return (RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)) * 0.5 + (0.3 + 0.2j)


UNARY = [
    "exp", "log", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "sigmoid", "sinh", "cosh",
    "asin", "acos", "atan", "asinh", "acosh", "atanh", "expm1", "log2", "log10", "log1p",
    "exp2", "reciprocal", "neg", "abs", "angle", "sgn", "real", "imag", "square",
]  # fmt: skip

CASES = {name: (lambda t, a, name=name: getattr(t, name)(a), 1) for name in UNARY}
CASES.update(
    {
        "mul": (lambda t, a, b: a * b, 2),
        "mul_complex_number": (lambda t, a: a * (2 - 3j), 1),
        "add": (lambda t, a, b: a + b, 2),
        "sub": (lambda t, a, b: a - b, 2),
        "div": (lambda t, a, b: a / b, 2),
        "rdiv": (lambda t, a: 2 / a, 1),
        "div_complex_number": (lambda t, a: a / (1 + 2j), 1),
        "pow_2": (lambda t, a: a**2, 1),
        "pow_complex_number": (lambda t, a: a ** (1.5 + 0.5j), 1),
        "pow_tensors": (lambda t, a, b: a**b, 2),
        "rpow": (lambda t, a: 2**a, 1),
        "sum": (lambda t, a: a.sum(0), 1),
        "mean": (lambda t, a: a.mean(), 1),
        "prod": (lambda t, a: a.prod(1), 1),
        "prod_all": (lambda t, a: a.prod(), 1),
        "cumsum": (lambda t, a: a.cumsum(1), 1),
        "cumprod": (lambda t, a: a.cumprod(1), 1),
        "logsumexp": (lambda t, a: t.logsumexp(a, 1), 1),
        "matmul": (lambda t, a, b: a @ b.T, 2),
        "mm": (lambda t, a, b: t.mm(a, b.T), 2),
        "mv": (lambda t, a, b: t.mv(a, b[0]), 2),
        "dot": (lambda t, a, b: t.dot(a[0], b[0]), 2),
        "vdot": (lambda t, a, b: t.vdot(a[0], b[0]), 2),
        "outer": (lambda t, a, b: t.outer(a[0], b[0]), 2),
        "bmm": (lambda t, a, b: t.bmm(a[None], b.T[None]), 2),
        "einsum": (lambda t, a, b: t.einsum("ij,kj->ik", a, b), 2),
        "addmm": (lambda t, a, b: t.addmm(a[:, :3], a, b.T), 2),
        "tensordot": (lambda t, a, b: t.tensordot(a, b, dims=([1], [1])), 2),
        "kron": (lambda t, a, b: t.kron(a, b), 2),
        "trace": (lambda t, a: t.trace(a @ a.T), 1),
        "linear": (lambda t, a, b: t.nn.functional.linear(a, b), 2),
        "cross": (lambda t, a, b: t.linalg.cross(a[:, :3], b[:, :3]), 2),
        "lerp": (lambda t, a, b: t.lerp(a, b, 0.3), 2),
        "addcmul": (lambda t, a, b: t.addcmul(a, a, b, value=0.5), 2),
        "addcdiv": (lambda t, a, b: t.addcdiv(a, a, b, value=0.5), 2),
        "view_as_real": (lambda t, a: t.view_as_real(a), 1),
        "polar": (lambda t, a, b: t.polar(a.abs(), b.real), 2),
        "complex": (lambda t, a, b: t.complex(a.real, b.imag), 2),
        "where": (lambda t, a, b: t.where(a.real > 0.3, a, b), 2),
        "index": (lambda t, a: a[[0, 1, 1]], 1),
        "norm": (lambda t, a: a.norm(), 1),
        "linalg_norm": (lambda t, a: t.linalg.norm(a, dim=1), 1),
        "vector_norm_1": (lambda t, a: t.linalg.vector_norm(a, 1, dim=1), 1),
        "vector_norm_3": (lambda t, a: t.linalg.vector_norm(a, 3, dim=1), 1),
        "vector_norm_inf": (lambda t, a: t.linalg.vector_norm(a, float("inf"), dim=0), 1),
        "inv": (lambda t, a: t.linalg.inv(a @ a.T + t.eye(3)), 1),
        "det": (lambda t, a: t.linalg.det(a @ a.T), 1),
        "solve": (lambda t, a, b: t.linalg.solve(a @ a.T + t.eye(3), b), 2),
        "pinv": (lambda t, a: t.linalg.pinv(a), 1),
        "pinv_tall": (lambda t, a: t.linalg.pinv(a.T), 1),
        "slogdet_logabsdet": (lambda t, a: t.linalg.slogdet(a[:, :3])[1], 1),
        "slogdet_sign": (lambda t, a: t.linalg.slogdet(a[:, :3])[0], 1),
        "logdet": (lambda t, a: t.logdet(a[:, :3]), 1),
        "solve_triangular": (
            lambda t, a, b: t.linalg.solve_triangular(
                a[:, :3].triu() + 2 * t.eye(3), b, upper=True
            ),
            2,
        ),
        "sinc": (lambda t, a: t.sinc(a), 1),
        "logaddexp": (lambda t, a, b: t.logaddexp(a, b), 2),
        "conj_physical": (lambda t, a: t.conj_physical(a), 1),
        "conj_times": (lambda t, a, b: a.conj() * b, 2),
        "lstsq": (lambda t, a, b: t.linalg.lstsq(a.T, b.T).solution, 2),
        "lstsq_vector": (lambda t, a, b: t.linalg.lstsq(a.T, b[0]).solution, 2),
        "lstsq_residuals": (
            lambda t, a, b: t.linalg.lstsq(a.T, b.T, driver="gelsd").residuals,
            2,
        ),
        "eigvalsh": (lambda t, a: t.linalg.eigvalsh(a[:, :3] @ a[:, :3].mH), 1),
        "eigh_vectors": (
            lambda t, a: t.linalg.eigh(a[:, :3] @ a[:, :3].mH)[1].abs(),
            1,
        ),
        "svdvals": (lambda t, a: t.linalg.svdvals(a), 1),
        "matrix_norm_nuclear": (lambda t, a: t.linalg.matrix_norm(a, "nuc"), 1),
        "cholesky": (lambda t, a: t.linalg.cholesky(a[:, :3] @ a[:, :3].mH + t.eye(3)), 1),
        "cholesky_upper": (
            lambda t, a: t.linalg.cholesky(a[:, :3] @ a[:, :3].mH + t.eye(3), upper=True),
            1,
        ),
        "complex_number_pow": (lambda t, a: (2 + 1j) ** a, 1),
        "real_base_pow": (lambda t, a: a.real ** (a * 1j), 1),
        "lerp_tensor_weight": (lambda t, a, b: t.lerp(a, b, b), 2),
        "addmv": (lambda t, a, b: t.addmv(a[:, 0], a, b[0]), 2),
        "addr": (lambda t, a, b: t.addr(a, a[:, 0], b[0]), 2),
        "baddbmm": (lambda t, a, b: t.baddbmm(a[None, :, :3], a[None], b.T[None, :, :3]), 2),
        "addbmm": (lambda t, a, b: t.addbmm(a[:, :3], a[None], b.T[None, :, :3]), 2),
        "einsum_three": (lambda t, a, b: t.einsum("ij,kj,kl->il", a, b, a), 2),
        "linear_bias": (lambda t, a, b: t.nn.functional.linear(a, b, b[:, 0]), 2),
        "mul_in_place": (lambda t, a, b: (a * 1).mul_(b), 2),
        "exp_in_place": (lambda t, a: (a * 1).exp_(), 1),
        "std_mean": (lambda t, a: t.std_mean(a, 1)[0] + t.std_mean(a, 1)[1], 1),
    }
)


def _run(lib, function, count, data, weights):
    inputs = [lib.tensor(d, requires_grad=True) for d in data[:count]]
    out = function(lib, *inputs)
    w = lib.tensor(weights[: out.numel()].reshape(tuple(out.shape)))
    if out.is_complex():  # a real loss that weighs the real and imaginary parts differently
        loss = (out.real * w.real).sum() + (out.imag * w.imag).sum()
    else:
        loss = (out * w.real).sum()
    loss.backward()
    return out.detach(), [i.grad for i in inputs]


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_and_gradient_match_pytorch(name: str) -> None:
    function, count = CASES[name]
    data = [_complex(3, 4), _complex(3, 4)]
    weights = _complex(200)
    expected_out, expected_grads = _run(torch, function, count, data, weights)
    out, grads = _run(rungrad, function, count, data, weights)
    np.testing.assert_allclose(out.numpy(), expected_out.resolve_conj().numpy(), atol=1e-10)
    for got, expected in zip(grads, expected_grads):
        assert str(got.dtype) == str(expected.dtype).replace("torch", "rungrad")
        expected = expected.resolve_conj()
        np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-9, atol=1e-10)


def test_the_reported_product() -> None:
    z = rungrad.tensor([1 + 2j], requires_grad=True)
    (z * rungrad.tensor([3 - 1j])).real.sum().backward()
    assert str(z.grad) == "tensor([3.+1.j])"


def test_real_input_of_a_complex_product_gets_the_real_part() -> None:
    for lib in (torch, rungrad):
        x = lib.tensor([1.0, -2.0], dtype=lib.float64, requires_grad=True)
        (x * lib.tensor([3 - 1j, 2 + 5j])).imag.sum().backward()
        if lib is torch:
            expected = x.grad.numpy()
    np.testing.assert_allclose(x.grad.numpy(), expected)


@pytest.mark.parametrize("name", ["mul", "div", "exp", "tanh", "mm", "sigmoid", "log"])
def test_second_order_matches_pytorch(name: str) -> None:
    function, count = CASES[name]
    data = [_complex(3, 4), _complex(3, 4)]
    v = _complex(3, 4)
    results = []
    for lib in (torch, rungrad):
        inputs = [lib.tensor(d, requires_grad=True) for d in data[:count]]
        out = function(lib, *inputs)
        loss = (out.real * out.imag).sum()
        grads = lib.autograd.grad(loss, inputs, create_graph=True)
        second = sum((g * lib.tensor(v)).real.sum() for g in grads)
        results.append([g.numpy() for g in lib.autograd.grad(second, inputs)])
    for got, expected in zip(results[1], results[0]):
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-10)


def test_real_gradients_unchanged() -> None:
    data = RNG.standard_normal((3, 4)).astype(np.float32)
    for lib in (torch, rungrad):
        x = lib.tensor(data, requires_grad=True)
        (x * x.tanh()).exp().sum().backward()
        if lib is torch:
            expected = x.grad.numpy()
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-6)


REFUSED = {
    "relu": lambda t, z: t.relu(z),
    "F.relu": lambda t, z: t.nn.functional.relu(z),
    "clamp": lambda t, z: z.clamp(0, 1),
    "clamp_min": lambda t, z: z.clamp_min(0),
    "max": lambda t, z: z.max(),
    "min": lambda t, z: z.min(),
    "max_dim": lambda t, z: z.max(0),
    "min_dim": lambda t, z: z.min(0),
    "amax": lambda t, z: z.amax(),
    "amin": lambda t, z: z.amin(),
    "argmax": lambda t, z: z.argmax(),
    "argmin": lambda t, z: z.argmin(0),
    "maximum": lambda t, z: t.maximum(z, z),
    "minimum": lambda t, z: t.minimum(z, z),
    "lt": lambda t, z: z < z,
    "gt": lambda t, z: z > 1,
    "le": lambda t, z: z <= z,
    "ge": lambda t, z: t.ge(z, 1),
    "sort": lambda t, z: z.sort(),
    "topk": lambda t, z: z.topk(1),
    "sign": lambda t, z: z.sign(),
    "backward": lambda t, z: (z.detach().requires_grad_() * 2).sum().backward(),
    "leaky_relu": lambda t, z: t.nn.functional.leaky_relu(z),
    "elu": lambda t, z: t.nn.functional.elu(z),
    "gelu": lambda t, z: t.nn.functional.gelu(z),
    "hardtanh": lambda t, z: t.nn.functional.hardtanh(z),
    "relu6": lambda t, z: t.nn.functional.relu6(z),
    "mse_loss": lambda t, z: t.nn.functional.mse_loss(z, z),
    "softmax": lambda t, z: z.softmax(0),
    "log_softmax": lambda t, z: z.log_softmax(0),
    "erf": lambda t, z: z.erf(),
    "erfc": lambda t, z: z.erfc(),
    "erfinv": lambda t, z: z.erfinv(),
    "lgamma": lambda t, z: z.lgamma(),
    "digamma": lambda t, z: z.digamma(),
    "logit": lambda t, z: z.logit(),
    "frac": lambda t, z: z.frac(),
    "floor": lambda t, z: z.floor(),
    "ceil": lambda t, z: z.ceil(),
    "trunc": lambda t, z: z.trunc(),
    "round": lambda t, z: z.round(),
    "fmod": lambda t, z: t.fmod(z, 2),
    "remainder": lambda t, z: z % 2,
    "floor_divide": lambda t, z: z // 2,
    "atan2": lambda t, z: t.atan2(z, z),
    "hypot": lambda t, z: t.hypot(z, z),
    "cummax": lambda t, z: z.cummax(0),
    "cummin": lambda t, z: z.cummin(0),
    "median": lambda t, z: z.median(),
    "median_dim": lambda t, z: z.median(0),
    "kthvalue": lambda t, z: z.kthvalue(1),
    "mode": lambda t, z: z.mode(),
    "heaviside": lambda t, z: t.heaviside(z, z),
    "fmax": lambda t, z: t.fmax(z, z),
    "fmin": lambda t, z: t.fmin(z, z),
    "hardsigmoid": lambda t, z: t.nn.functional.hardsigmoid(z),
    "softplus": lambda t, z: t.nn.functional.softplus(z),
    "mish": lambda t, z: t.nn.functional.mish(z),
}


def _error(function, lib):
    try:
        function(lib, lib.tensor([1 + 2j, 3 - 1j]))
    except Exception as error:  # the error is what is compared
        return type(error).__name__, str(error).replace("torch.", "rungrad.")
    return None


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_ops_pytorch_refuses_on_complex_raise_its_error(name: str) -> None:
    expected = _error(REFUSED[name], torch)
    assert expected is not None
    assert _error(REFUSED[name], rungrad) == expected


@pytest.mark.parametrize("name", ["var", "std"])
def test_variance_of_complex_is_real(name: str) -> None:
    data = _complex(3, 4)
    results = []
    for lib in (torch, rungrad):
        z = lib.tensor(data, requires_grad=True)
        out = getattr(z, name)(1)
        out.sum().backward()
        results.append((str(out.dtype).split(".")[-1], out.detach().numpy(), z.grad.numpy()))
    assert results[0][0] == results[1][0] == "float64"
    np.testing.assert_allclose(results[1][1], results[0][1], rtol=1e-12)
    np.testing.assert_allclose(results[1][2], results[0][2], rtol=1e-12)


# gradcheck on complex128 inputs: finite differences of the real and imaginary parts. Cases
# at a kink or on a branch cut of the drawn points are left out.
_GRADCHECK_SKIP = {"vector_norm_inf", "sgn", "angle", "abs"}


@pytest.mark.parametrize("name", sorted(set(CASES) - _GRADCHECK_SKIP))
def test_gradcheck_complex(name: str) -> None:
    function, count = CASES[name]
    data = [_complex(3, 4), _complex(3, 4)]
    inputs = tuple(rungrad.tensor(d, requires_grad=True) for d in data[:count])
    assert rungrad.autograd.gradcheck(lambda *a: function(rungrad, *a), inputs)


@pytest.mark.parametrize("name", ["abs", "angle", "sgn", "mul", "tanh", "div", "mm", "log"])
def test_gradgradcheck_complex(name: str) -> None:
    function, count = CASES[name]
    data = [_complex(2, 3), _complex(2, 3)]
    inputs = tuple(rungrad.tensor(d, requires_grad=True) for d in data[:count])
    if name == "mm":
        inputs = (inputs[0], rungrad.tensor(_complex(3, 3), requires_grad=True))
    assert rungrad.autograd.gradgradcheck(lambda *a: function(rungrad, *a), inputs)


def test_gradcheck_catches_an_unconjugated_gradient() -> None:
    class Square(rungrad.autograd.Function):
        @staticmethod
        def forward(ctx, z):
            ctx.save_for_backward(z)
            return z * z

        @staticmethod
        def backward(ctx, grad):
            (z,) = ctx.saved_tensors
            return grad * 2 * z  # PyTorch's convention needs conj(2 z)

    z = rungrad.tensor([1 + 2j, 0.5 - 0.3j], dtype=rungrad.complex128, requires_grad=True)
    assert not rungrad.autograd.gradcheck(Square.apply, (z,), raise_exception=False)
    torch_z = torch.tensor([1 + 2j, 0.5 - 0.3j], dtype=torch.complex128, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: t * t, (torch_z,))


@pytest.mark.parametrize("name", ["randn", "rand"])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_random_complex_tensors(name: str, dtype: str) -> None:
    sample = getattr(rungrad, name)(2000, dtype=getattr(rungrad, dtype), requires_grad=True)
    assert str(sample.dtype) == f"rungrad.{dtype}" and sample.requires_grad
    parts = rungrad.view_as_real(sample.detach()).numpy()
    if name == "randn":  # PyTorch's: variance 1 in all, a half for each part
        assert abs(float((sample.detach().abs() ** 2).mean()) - 1) < 0.15
        assert abs(float(parts.std()) - 0.5**0.5) < 0.05
    else:  # each part uniform on [0, 1)
        assert parts.min() >= 0 and parts.max() < 1
