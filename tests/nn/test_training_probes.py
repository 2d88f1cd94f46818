"""What small training programs meet, against PyTorch: layers' padding modes with
``padding='same'``, and the other details tutorials print."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pytest
import torch
from transcripts import same

import rungrad


def _values(library: Any, build: Any) -> tuple[np.ndarray, np.ndarray]:
    """The output and input gradient of ``build(library)`` applied to a fixed input."""
    library.manual_seed(1)
    module = build(library)
    x = library.linspace(-2, 3, 60).view(1, 2, 5, 6).sin().requires_grad_()
    y = module(x)
    (y * library.arange(y.numel()).view(y.shape).cos()).sum().backward()
    return y.detach().numpy().copy(), x.grad.numpy().copy()


@pytest.mark.parametrize("mode", ["circular", "reflect", "replicate", "zeros"])
@pytest.mark.parametrize(
    ("kernel", "dilation"), [(2, 1), (3, 2), ((2, 3), (1, 2)), (4, 1), ((1, 4), (2, 1))]
)
def test_same_padding_follows_padding_mode(mode: str, kernel: Any, dilation: Any) -> None:
    """'same' splits its padding (odd extra at the end) and fills it by ``padding_mode``."""

    def build(library: Any) -> Any:
        return library.nn.Conv2d(2, 3, kernel, padding="same", dilation=dilation, padding_mode=mode)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected, actual = _values(torch, build), _values(rungrad, build)
    for want, got in zip(expected, actual):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_same_padding_conv1d_reflect_shape() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        conv = torch.nn.Conv1d(2, 1, 4, padding="same", padding_mode="reflect")
        emit(conv, conv(torch.randn(1, 2, 7)).shape)
        conv = torch.nn.Conv1d(2, 1, 4, padding="valid", padding_mode="reflect")
        emit(conv(torch.randn(1, 2, 7)).shape)

    same(program)


def test_even_kernel_same_padding_warns_once() -> None:
    """PyTorch warns once per process, so its warnings come from a fresh interpreter."""
    program = (
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    x = torch.ones(1, 1, 4, 4)\n"
        "    for _ in range(2):\n"
        "        torch.nn.functional.conv2d(x, torch.ones(1, 1, 2, 2), padding='same')\n"
        "print([str(w.message) for w in caught])\n"
    )
    expected = subprocess.run(
        [sys.executable, "-c", "import torch\n" + program],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    from rungrad import _runtime

    _runtime._WARNED.discard(eval(expected)[0])
    namespace: dict[str, Any] = {"torch": rungrad}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(program, namespace)
    assert out.getvalue() == expected
    assert "zero-padded copy" in expected


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("dim", [-1, 0])
def test_gumbel_softmax_samples_and_gradients(hard: bool, dim: int) -> None:
    """Seeded samples (Gumbel noise from ``exponential_``) and the straight-through
    gradient of a hard sample."""

    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        logits = torch.randn(3, 4, requires_grad=True)
        sample = torch.nn.functional.gumbel_softmax(logits, tau=0.5, hard=hard, dim=dim)
        emit(sample)
        (sample * torch.arange(12.0).view(3, 4)).sum().backward()
        emit(logits.grad)
        emit(torch.nn.functional.gumbel_softmax(torch.randn(2, 3, dtype=torch.float64)))

    same(program)


def test_non_constant_pad_size_message() -> None:
    def program(torch: Any, emit: Any) -> None:
        for shape, widths in [((2, 3, 4, 4), (1, 1)), ((4,), (1, 1)), ((2, 3), (1, 1, 1, 1))]:
            try:
                torch.nn.functional.pad(torch.ones(shape), widths, mode="reflect")
            except NotImplementedError as error:
                emit(str(error))

    same(program)


def test_softmax_dim_required_outside_functional() -> None:
    """Only F.softmax and friends choose a dim (with a warning at the caller's line);
    torch.softmax and Tensor.softmax refuse a missing or None dim."""

    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, 3)
        emit.attempt(lambda: x.softmax())
        emit.attempt(lambda: x.softmax(None))
        emit.attempt(lambda: x.log_softmax())
        emit.attempt(lambda: torch.softmax(x))
        emit.attempt(lambda: torch.log_softmax(x, None))
        emit(x.softmax(1), torch.log_softmax(x, dim=0))
        emit(torch.nn.functional.softmax(x), torch.nn.Softmin()(x))

    same(program)


def test_implicit_softmax_dim_warns_at_the_callers_line() -> None:
    import rungrad.nn.functional as F

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.softmax(rungrad.ones(2, 2))
        F.log_softmax(rungrad.ones(2, 2))
        F.softmin(rungrad.ones(2, 2))
    assert [w.filename for w in caught] == [__file__] * 3


def _quiet_weight_norm(torch: Any, module: Any, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return torch.nn.utils.weight_norm(module, **options)


@pytest.mark.parametrize("dim", [0, 1, None])
def test_hook_weight_norm(dim: Any) -> None:
    """The deprecated spelling: weight_g/weight_v parameters, the weight recomputed before
    each call, its graph, gradients, state dict and removal."""

    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        module = _quiet_weight_norm(torch, torch.nn.Linear(3, 4), dim=dim)
        emit(module, [(name, p.shape) for name, p in module.named_parameters()])
        emit(module.weight_g, module.weight_v, module.weight)
        emit(module.weight.grad_fn.name(), list(module.state_dict()))
        opt = torch.optim.SGD(module.parameters(), lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            loss = module(torch.linspace(-1, 1, 6).view(2, 3)).pow(2).mean()
            loss.backward()
            opt.step()
            emit(loss, module.weight_g.grad, module.weight)
        torch.nn.utils.remove_weight_norm(module)
        emit([(name, p.shape) for name, p in module.named_parameters()], module.weight)
        emit.attempt(lambda: torch.nn.utils.remove_weight_norm(module))
        twice = _quiet_weight_norm(torch, torch.nn.Linear(2, 2))
        emit.attempt(lambda: _quiet_weight_norm(torch, twice))
        conv = _quiet_weight_norm(torch, torch.nn.Conv2d(2, 3, 2), dim=dim)
        emit(conv.weight_g.shape, conv(torch.ones(1, 2, 3, 3)))

    same(program)


def test_hook_weight_norm_warns_future_warning() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.nn.utils.weight_norm(torch.nn.Linear(2, 2))

    assert "FutureWarning: `torch.nn.utils.weight_norm` is deprecated" in same(program)


@pytest.mark.parametrize("dim", [0, 1, None])
def test_parametrized_weight_norm_trains_like_pytorch(dim: Any) -> None:
    def program(torch: Any, emit: Any) -> None:
        weight_norm = torch.nn.utils.parametrizations.weight_norm
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            weight_norm(torch.nn.Linear(3, 5), dim=dim),
            torch.nn.Tanh(),
            weight_norm(torch.nn.Linear(5, 1)),
        )
        emit(model, type(model[0]).__name__, isinstance(model[0], torch.nn.Linear))
        emit([(name, p.shape) for name, p in model.named_parameters()])
        emit(model[0].weight.grad_fn.name(), list(model.state_dict()))
        opt = torch.optim.Adam(model.parameters(), lr=0.05)
        x = torch.linspace(-1, 1, 12).view(4, 3)
        for _ in range(3):
            opt.zero_grad()
            loss = (model(x) - x.sum(1, keepdim=True)).pow(2).mean()
            loss.backward()
            opt.step()
            emit(loss, model[0].parametrizations.weight.original0.grad)
        emit(model[0].weight, model[2].parametrizations.weight.original1)

    same(program)


def test_parametrized_weight_norm_loads_hook_state_dict() -> None:
    def program(torch: Any, emit: Any) -> None:
        weight_norm = torch.nn.utils.parametrizations.weight_norm
        torch.manual_seed(0)
        old = _quiet_weight_norm(torch, torch.nn.Linear(3, 2))
        new = weight_norm(torch.nn.Linear(3, 2))
        emit(new.load_state_dict(old.state_dict()), torch.equal(new.weight, old.weight))
        emit(list(old.state_dict()))

    same(program)


def test_register_parametrization_and_removal() -> None:
    def program(torch: Any, emit: Any) -> None:
        parametrize = torch.nn.utils.parametrize
        nn = torch.nn

        class Symmetric(nn.Module):
            def forward(self, x: Any) -> Any:
                return x.triu() + x.triu(1).transpose(-1, -2)

        class Scale(nn.Module):
            def forward(self, x: Any) -> Any:
                return x * 2

            def right_inverse(self, x: Any) -> Any:
                return x / 2

        class Split(nn.Module):
            def forward(self, a: Any, b: Any) -> Any:
                return a * b

            def right_inverse(self, x: Any) -> Any:
                return x.sign(), x.abs()

        class Row(nn.Module):
            def forward(self, x: Any) -> Any:
                return x[0]

        torch.manual_seed(0)
        layer = nn.Linear(3, 3)
        parametrize.register_parametrization(layer, "weight", Symmetric())
        emit(layer, layer.weight, [name for name, _ in layer.named_parameters()])
        parametrize.register_parametrization(layer, "weight", Scale())
        emit(layer, layer.weight)
        emit.attempt(lambda: setattr(layer, "weight", torch.eye(3)))
        emit(parametrize.is_parametrized(layer), parametrize.is_parametrized(layer, "bias"))
        emit(parametrize.type_before_parametrizations(layer).__name__)
        with parametrize.cached():
            emit(layer.weight is layer.weight)
        emit(layer.weight is layer.weight)
        emit.attempt(lambda: parametrize.remove_parametrizations(layer, "bias"))
        parametrize.remove_parametrizations(layer, "weight", leave_parametrized=False)
        emit(layer, type(layer).__name__, layer.weight)

        pair = nn.Linear(2, 2)
        parametrize.register_parametrization(pair, "weight", Split())
        parametrize.register_parametrization(pair, "bias", Scale())
        pair.bias = torch.ones(2)
        emit(pair, list(pair.state_dict()), pair.bias, pair.parametrizations.bias.original)
        emit.attempt(
            lambda: parametrize.remove_parametrizations(pair, "weight", leave_parametrized=False)
        )
        parametrize.remove_parametrizations(pair, "weight")
        emit(pair, [name for name, _ in pair.named_parameters()], pair.weight)
        emit.attempt(lambda: parametrize.register_parametrization(nn.Linear(2, 2), "weight", Row()))
        emit.attempt(lambda: parametrize.register_parametrization(nn.Linear(2, 2), "foo", Scale()))
        norm = nn.BatchNorm1d(2)
        parametrize.register_parametrization(norm, "running_mean", Scale())
        emit(norm, list(norm.state_dict()))

    same(program)


def test_load_state_dict_pre_hook_renames_keys() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(2, 2))
        seen: list[Any] = []

        def rename(module: Any, state_dict: Any, prefix: str, *rest: Any) -> None:
            seen.append((type(module).__name__, prefix))
            if prefix + "w" in state_dict:
                state_dict[prefix + "weight"] = state_dict.pop(prefix + "w")

        model[0].register_load_state_dict_pre_hook(rename)
        state = {"0.w": torch.ones(2, 2), "0.bias": torch.zeros(2)}
        emit(model.load_state_dict(state), model[0].weight, sorted(state), seen)

    same(program)


def test_cross_entropy_label_smoothing_upper_bound() -> None:
    def program(torch: Any, emit: Any) -> None:
        logits = torch.linspace(-1, 1, 12).view(3, 4)
        for smoothing in [-0.1, 1.0, 1.5, 2.0, 1.23456789]:
            emit.attempt(
                lambda s=smoothing: torch.nn.functional.cross_entropy(
                    logits, torch.tensor([0, 1, 2]), label_smoothing=s
                )
            )
            emit.attempt(
                lambda s=smoothing: torch.nn.CrossEntropyLoss(label_smoothing=s)(
                    logits, logits.softmax(1)
                )
            )

    same(program)


@pytest.mark.parametrize(
    ("make", "shape"),
    [
        ("LazyLinear(4)", (3, 5)),
        ("LazyLinear(2, bias=False)", (3, 4, 5)),
        ("LazyConv1d(4, 3, stride=2)", (2, 3, 9)),
        ("LazyConv2d(6, 3, groups=2, bias=False)", (1, 4, 5, 5)),
        ("LazyConv3d(2, 1)", (1, 2, 2, 2, 2)),
        ("LazyConvTranspose1d(2, 2)", (3, 5)),
        ("LazyConvTranspose2d(2, 3, stride=2)", (1, 3, 4, 4)),
        ("LazyBatchNorm1d()", (4, 3)),
        ("LazyBatchNorm1d(affine=False)", (4, 3, 2)),
        ("LazyBatchNorm2d(momentum=None, track_running_stats=False)", (2, 3, 2, 2)),
        ("LazyInstanceNorm2d()", (2, 3, 4, 4)),
    ],
)
def test_lazy_layer_materializes_on_first_call(make: str, shape: tuple[int, ...]) -> None:
    """Placeholders before the call (reprs, names, state dict), then the plain layer,
    initialized from the random stream at the call."""

    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(1)
        module = eval("torch.nn." + make)
        emit(module, module.has_uninitialized_params())
        emit([(name, type(p).__name__) for name, p in module.named_parameters()])
        emit([(name, type(b).__name__) for name, b in module.named_buffers()])
        emit(module.state_dict())
        emit.attempt(lambda: next(module.parameters()).shape)
        x = torch.randn(*shape)
        y = module(x)
        emit(module, type(module).__name__, y.shape, y.flatten()[:5])
        emit([(name, p.shape, type(p).__name__) for name, p in module.named_parameters()])
        emit(list(module.state_dict()))

    same(program)


def test_lazy_network_trains_and_loads() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        torch.manual_seed(0)
        net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
        emit(net, isinstance(net[0], nn.Linear))
        net(torch.randn(2, 3))
        emit(net, isinstance(net[0], nn.LazyLinear), type(net[0].weight).__name__)
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        for _ in range(2):
            opt.zero_grad()
            loss = net(torch.linspace(-1, 1, 6).view(2, 3)).pow(2).mean()
            loss.backward()
            opt.step()
            emit(loss, net[2].weight)
        fresh = nn.LazyLinear(3, bias=False)
        emit(fresh.load_state_dict({"weight": torch.ones(3, 2)}), fresh, fresh.weight)
        emit(fresh(torch.ones(1, 2)), fresh)
        emit.attempt(lambda: nn.LazyConv2d(4, 3, groups=2)(torch.randn(1, 3, 4, 4)))

    same(program)


def test_lazy_conv_refuses_wrong_rank() -> None:
    def program(torch: Any, emit: Any) -> None:
        emit.attempt(lambda: torch.nn.LazyConv2d(4, 3)(torch.ones(2, 3)))
        emit.attempt(lambda: torch.nn.LazyConv1d(4, 3)(torch.ones(1, 2, 3, 4)))

    same(program)


def test_hook_spectral_norm() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        torch.manual_seed(0)
        module = nn.utils.spectral_norm(nn.Linear(4, 3))
        emit(module, [(name, p.shape) for name, p in module.named_parameters()])
        emit(module.weight_u, module.weight_v, module.weight)
        x = torch.linspace(-1, 1, 8).view(2, 4)
        y = module(x)
        emit(y, module.weight, module.weight_u, module.weight_v)
        y.sum().backward()
        emit(module.weight_orig.grad, list(module.state_dict()))
        module.eval()
        emit(module(x), module.weight_u)
        nn.utils.remove_spectral_norm(module)
        emit([(name, p.shape) for name, p in module.named_parameters()], module.weight)
        emit.attempt(lambda: nn.utils.remove_spectral_norm(module))
        conv = nn.utils.spectral_norm(nn.ConvTranspose2d(2, 3, 2), n_power_iterations=3)
        emit(conv.weight_u.shape, conv.weight_v.shape, conv(torch.ones(1, 2, 2, 2)))
        emit.attempt(lambda: nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0))
        twice = nn.utils.spectral_norm(nn.Linear(2, 2))
        emit.attempt(lambda: nn.utils.spectral_norm(twice))

    same(program)


def test_parametrized_spectral_norm() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        spectral_norm = torch.nn.utils.parametrizations.spectral_norm
        torch.manual_seed(0)
        module = spectral_norm(nn.Linear(5, 3))
        emit(module, module.parametrizations.weight[0]._u, module.parametrizations.weight[0]._v)
        emit(module.weight, list(module.state_dict()))
        opt = torch.optim.SGD(module.parameters(), lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            loss = module(torch.linspace(0, 1, 10).view(2, 5)).pow(2).sum()
            loss.backward()
            opt.step()
            emit(loss.detach().round(decimals=4), module.parametrizations.weight.original.grad)
        module.eval()
        emit(module.weight, module.parametrizations.weight[0]._u)
        conv = spectral_norm(nn.Conv2d(2, 4, 3), dim=1)
        emit(conv.weight.shape, conv(torch.ones(1, 2, 4, 4)).shape)
        emit(spectral_norm(nn.Linear(3, 3), name="bias").bias)
        emit.attempt(lambda: spectral_norm(nn.Linear(2, 2), n_power_iterations=0))
        emit.attempt(lambda: spectral_norm(nn.Linear(2, 2), name="foo"))
        emit.attempt(lambda: spectral_norm(nn.Linear(2, 2), dim=2))

    same(program)


def test_triplet_margin_with_distance_loss() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn, F = torch.nn, torch.nn.functional
        torch.manual_seed(0)
        a = torch.randn(4, 3, requires_grad=True)
        p, n = torch.randn(4, 3), torch.randn(4, 3)
        loss = nn.TripletMarginWithDistanceLoss()
        value = loss(a, p, n)
        value.backward()
        emit(loss, value, a.grad)
        cosine = nn.TripletMarginWithDistanceLoss(
            distance_function=lambda x, y: 1.0 - F.cosine_similarity(x, y),
            margin=0.5, swap=True, reduction="none",
        )  # fmt: skip
        emit(cosine, cosine(a, p, n))
        emit(F.triplet_margin_with_distance_loss(a, p, n, distance_function=nn.PairwiseDistance(p=1), reduction="sum"))  # fmt: skip  # noqa: E501
        emit.attempt(lambda: nn.TripletMarginWithDistanceLoss(margin=0))
        emit.attempt(lambda: F.triplet_margin_with_distance_loss(a, p, n[0]))
        emit.attempt(lambda: F.triplet_margin_with_distance_loss(a, p, n, reduction="x"))
        emit.attempt(lambda: F.triplet_margin_with_distance_loss(a, p, n, margin=-1))

    same(program)


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
def test_affine_grid_and_grid_sample(align_corners: bool, mode: str, padding_mode: str) -> None:
    """Values and gradients (to the input and through the grid to theta), with points
    outside the image, on its borders and reflected."""

    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        torch.manual_seed(0)
        theta = torch.tensor(
            [[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]], [[1.2, 0.0, 0.5], [0.0, 0.8, 0.3]]],
            requires_grad=True,
        )
        x = torch.randn(2, 3, 4, 5, requires_grad=True)
        grid = F.affine_grid(theta, (2, 3, 3, 4), align_corners=align_corners)
        out = F.grid_sample(x, grid, mode=mode, padding_mode=padding_mode,
                            align_corners=align_corners)  # fmt: skip
        (out * torch.arange(out.numel()).view(out.shape).sin()).sum().backward()
        # Detached: the graph's node names are the composition's, not GridSampler2DBackward0.
        emit(grid[0, 0].detach(), out.detach(), x.grad, theta.grad)
        far = torch.linspace(-2.5, 2.5, 8).view(1, 2, 2, 2)
        image = torch.arange(12.0).view(1, 1, 3, 4)
        emit(F.grid_sample(image, far, mode=mode, padding_mode=padding_mode,
                           align_corners=align_corners))  # fmt: skip

    same(program)


def test_affine_grid_and_grid_sample_checks() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        eye = torch.eye(2, 3).unsqueeze(0)
        emit(F.affine_grid(eye, [1, 1, 2, 2], align_corners=False))
        emit.attempt(lambda: F.affine_grid(eye.long(), [1, 1, 2, 2], align_corners=False))
        emit.attempt(lambda: F.affine_grid(torch.eye(3), [1, 1, 2, 2], align_corners=False))
        emit.attempt(lambda: F.affine_grid(eye, [1, 1, 2], align_corners=False))
        emit.attempt(lambda: F.affine_grid(eye, [1, 1, 0, 2], align_corners=False))
        grid = F.affine_grid(eye, [1, 1, 2, 2], align_corners=False)
        emit.attempt(lambda: F.grid_sample(torch.ones(1, 1, 2, 2), grid, mode="foo"))
        emit.attempt(lambda: F.grid_sample(torch.ones(1, 1, 2, 2), grid, padding_mode="foo"))
        emit(F.grid_sample(torch.ones(1, 1, 2, 2), F.affine_grid(eye, [1, 1, 2, 2])))

    same(program)


def test_module_compile_is_a_no_op() -> None:
    model = rungrad.nn.Linear(2, 2)
    assert model.compile() is None
    assert type(model) is rungrad.nn.Linear


def test_set_submodule_and_extra_state() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))
        model.set_submodule("1.0", nn.Tanh())
        model.set_submodule("2", nn.Sigmoid())
        emit(model)
        layer = nn.Linear(2, 2)
        emit.attempt(lambda: layer.set_submodule("", nn.ReLU()))
        emit.attempt(lambda: layer.set_submodule("a", 3))
        emit.attempt(lambda: layer.set_submodule("x", nn.ReLU(), strict=True))
        emit.attempt(lambda: layer.set_submodule("weight", nn.ReLU()))
        emit.attempt(lambda: layer.get_extra_state())
        emit(layer.to_empty(device="cpu").weight.shape)

    same(program)


def test_pin_memory_without_accelerator_warns() -> None:
    def program(torch: Any, emit: Any) -> None:
        data = torch.utils.data.TensorDataset(torch.arange(4.0))
        loader = torch.utils.data.DataLoader(data, batch_size=2, pin_memory=True)
        emit([batch[0] for batch in loader])

    assert "'pin_memory' argument is set as true" in same(program)


def _warnings_in_fresh_torch(program: str) -> list[str]:
    """The warnings ``program`` (which prints them) gives in a fresh PyTorch interpreter:
    PyTorch's once-per-process warnings depend on what ran before in this one."""
    out = subprocess.run(
        [sys.executable, "-c", "import torch\n" + program],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return eval(out)


def test_lstm_projection_warns_once_for_float32() -> None:
    program = (
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    torch.nn.LSTM(3, 4, proj_size=2, dtype=torch.float64)("
        "torch.ones(2, 1, 3, dtype=torch.float64))\n"
        "    lstm = torch.nn.LSTM(3, 4, proj_size=2)\n"
        "    lstm(torch.ones(2, 1, 3))\n"
        "    lstm(torch.ones(2, 1, 3))\n"
        "print([str(w.message) for w in caught])\n"
    )
    expected = _warnings_in_fresh_torch(program)
    from rungrad import _runtime

    for message in expected:
        _runtime._WARNED.discard(message)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(program, {"torch": rungrad})
    assert eval(out.getvalue()) == expected
    assert len(expected) == 1
