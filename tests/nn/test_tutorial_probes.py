"""Behaviour tutorial programs meet, against PyTorch: the graph an RNN's batch-first output
carries, nn.Unflatten's checks and messages, the names of functional activations, and
state-dict versions (a BatchNorm state dict without ``num_batches_tracked``)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from transcripts import same


def _fill(library: Any, module: Any) -> Any:
    """Deterministic weights, the same in both libraries."""
    with library.no_grad():
        for index, parameter in enumerate(module.parameters()):
            count = parameter.numel()
            values = library.linspace(-0.5, 0.5, count) * (1 + index % 3) / 2
            parameter.copy_(values.view(parameter.shape))
    return module


@pytest.mark.parametrize("kind", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_batch_first_output_graph_and_gradients(kind: str, bidirectional: bool) -> None:
    def program(torch: Any, emit: Any) -> None:
        rnn = _fill(torch, getattr(torch.nn, kind)(2, 3, batch_first=True,
                                                   bidirectional=bidirectional))  # fmt: skip
        x = torch.linspace(-1, 1, 12).view(2, 3, 2).requires_grad_()
        output, _ = rnn(x)
        emit(type(output.grad_fn).__name__, output.shape, output.is_contiguous())
        emit(output)
        (output * torch.arange(output.numel()).view(output.shape)).sum().backward()
        emit(x.grad)
        emit(rnn.weight_hh_l0.grad)

    same(program)


def test_unflatten_module_checks_and_messages() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        emit(nn.Unflatten(1, [2, 2]), nn.Unflatten(1, torch.Size([2, 2])), nn.Unflatten(-1, (2, 2)))
        x = torch.arange(8.0).view(2, 4).requires_grad_()
        out = nn.Unflatten(1, (2, -1))(x)
        emit(out, out.shape)
        emit.attempt(lambda: nn.Unflatten(1, (2, 2))(torch.ones(2, 3)))
        emit.attempt(lambda: nn.Unflatten(1, (-1, -1))(torch.ones(2, 4)))
        for sizes in ([2, "a"], (2.0, 2), "ab", None, 3):
            emit.attempt(lambda sizes=sizes: nn.Unflatten(1, sizes))
        # Which sizes the product check sees, and which fail in the size inference.
        for width, sizes in [(3, (0, -1)), (4, (-1, -1, 3)), (0, (0, -1)), (0, (0, 2)),
                             (4, (2, -2)), (4, (3, -1)), (4, (2, -1))]:  # fmt: skip
            emit.attempt(lambda width=width, sizes=sizes: torch.ones(2, width).unflatten(1, sizes))

    same(program)


def test_functional_activation_names() -> None:
    def program(torch: Any, emit: Any) -> None:
        functional = torch.nn.functional
        emit(functional.logsigmoid.__name__, functional.threshold.__name__)
        emit(torch.threshold.__name__)
        x = torch.tensor([-1.0, 0.5, 2.0])
        emit(functional.threshold(x, 0.6, 9.0), torch.threshold(x, 0.6, 9.0))
        emit(functional.logsigmoid(x))

    same(program)


def test_state_dict_versions_and_num_batches_tracked() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.LayerNorm(2))
        model(torch.tensor([[1.0, 2.0], [3.0, 5.0]]))
        state = model.state_dict()
        emit(state._metadata)
        emit(model[1].state_dict(prefix="bn.")._metadata)
        # A plain dict records no versions: it may lack num_batches_tracked.
        plain = {key: value for key, value in state.items() if "num_batches" not in key}
        emit(model.load_state_dict(plain), model[1].num_batches_tracked)
        emit.attempt(lambda: model.load_state_dict({"0.weight": torch.zeros(2, 2)}))
        # A state dict of this version must have it.
        del state["1.num_batches_tracked"]
        emit.attempt(lambda: model.load_state_dict(state))
        emit(model.load_state_dict(state, strict=False))
        buffer = io.BytesIO()
        torch.save(model.state_dict(), buffer)
        buffer.seek(0)
        loaded = torch.load(buffer)
        emit(type(loaded).__name__, loaded._metadata)

    same(program)


def test_module_walks_print_as_their_methods_generators() -> None:
    def program(torch: Any, emit: Any) -> None:
        module = torch.nn.Sequential(torch.nn.BatchNorm1d(2))
        for method in ("parameters", "named_parameters", "buffers", "named_buffers",
                       "children", "named_children", "modules", "named_modules"):  # fmt: skip
            walk = getattr(module, method)()
            emit(repr(walk).split(" at ")[0], [getattr(item, "shape", item) for item in walk])

    same(program)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("padding_idx", [None, 4, -1])
def test_embedding_bag_values_and_gradients(mode: str, padding_idx: Any) -> None:
    def program(torch: Any, emit: Any) -> None:
        weight = (torch.arange(15.0).view(5, 3) * 0.37 % 1.3 - 0.6).requires_grad_()
        indices, offsets = torch.tensor([1, 2, 4, 4, 3, 0, 2]), torch.tensor([0, 2, 2, 5])
        out = torch.nn.functional.embedding_bag(indices, weight, offsets, mode=mode,
                                                padding_idx=padding_idx)  # fmt: skip
        emit(out, type(out.grad_fn).__name__)
        (out * (torch.arange(12.0).view(4, 3) / 10 - 0.3)).sum().backward()
        emit(weight.grad)

    same(program)


def test_embedding_bag_options_errors_and_module() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn, functional = torch.nn, torch.nn.functional
        weight = (torch.arange(15.0).view(5, 3) * 0.37 % 1.3 - 0.6).requires_grad_()
        indices, offsets = torch.tensor([1, 2, 4, 4, 3, 0, 2]), torch.tensor([0, 2, 2, 5])
        sample_weights = torch.tensor([1.0, 2.0, -1.0, 0.5, 1.5, 0.2, 3.0], requires_grad=True)
        out = functional.embedding_bag(
            indices, weight, offsets, mode="sum", per_sample_weights=sample_weights, padding_idx=2
        )
        (out * torch.arange(12.0).view(4, 3)).sum().backward()
        emit(out, weight.grad, sample_weights.grad)
        emit(functional.embedding_bag(indices, weight, torch.tensor([0, 2, 7]),
                                      include_last_offset=True))  # fmt: skip
        emit(functional.embedding_bag(torch.tensor([[1, 2], [0, 4]]), weight, mode="max"))
        for call in (
            lambda: functional.embedding_bag(indices, weight),
            lambda: functional.embedding_bag(indices.view(1, 7), weight, offsets),
            lambda: functional.embedding_bag(indices, weight, offsets, mode="foo"),
            lambda: functional.embedding_bag(indices, weight, torch.tensor([1, 2])),
            lambda: functional.embedding_bag(
                indices, weight, offsets, per_sample_weights=torch.ones(7)
            ),
            lambda: functional.embedding_bag(
                indices, weight, offsets, mode="sum", per_sample_weights=torch.ones(4)
            ),
            lambda: functional.embedding_bag(indices.float(), weight, offsets),
            lambda: functional.embedding_bag(torch.tensor([5]), weight, torch.tensor([0])),
            lambda: functional.embedding_bag(indices, weight, offsets.view(4, 1)),
            lambda: functional.embedding_bag(indices, weight, offsets, padding_idx=7),
            lambda: functional.embedding_bag(indices, weight, torch.tensor([0, 2, 9])),
        ):
            emit.attempt(call)
        emit(nn.EmbeddingBag(5, 3), nn.EmbeddingBag(5, 3, mode="sum", padding_idx=-5))
        emit(nn.EmbeddingBag(5, 3, max_norm=1.0, include_last_offset=True,
                             scale_grad_by_freq=True))  # fmt: skip
        emit(nn.EmbeddingBag(5, 3, padding_idx=0).weight[0])
        bag = nn.EmbeddingBag.from_pretrained(weight.detach(), mode="max")
        emit(bag, bag.weight.requires_grad, bag(indices, offsets))
        model = nn.Sequential(nn.EmbeddingBag(5, 3), nn.Linear(3, 2))
        with torch.no_grad():
            model[0].weight.copy_(weight)
            model[1].weight.copy_(torch.tensor([[0.5, -0.5, 1.0], [1.0, 0.0, -1.0]]))
            model[1].bias.zero_()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
        for _ in range(3):
            optimizer.zero_grad()
            loss = functional.cross_entropy(model[1](model[0](indices, offsets)),
                                            torch.tensor([0, 1, 1, 0]))  # fmt: skip
            loss.backward()
            optimizer.step()
            emit(f"{loss.item():.5f}")
        emit(model[0].weight)

    same(program)


def test_layer_classes_print_pytorchs_module_paths() -> None:
    def program(torch: Any, emit: Any) -> None:
        for namespace in (torch.nn, torch.optim, torch.optim.lr_scheduler, torch.utils.data):
            for name in sorted(vars(namespace)):
                value = getattr(namespace, name)
                if isinstance(value, type) and not name.startswith("_") and name in _SHARED:
                    emit(value)

    same(program)


def test_pickled_model_finds_layers_under_pytorchs_paths() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        model = nn.Sequential(nn.Dropout(0.1), nn.BatchNorm1d(2), nn.Embedding(3, 2),
                              nn.Flatten(), nn.MultiheadAttention(4, 2))  # fmt: skip
        buffer = io.BytesIO()
        torch.save(model, buffer)
        buffer.seek(0)
        emit([type(layer) for layer in torch.load(buffer, weights_only=False)])

    same(program)


def _shared_class_names() -> set[str]:
    """Public classes both libraries define in nn, optim, lr_scheduler and utils.data."""
    import torch

    import rungrad

    names: set[str] = set()
    for path in ("nn", "optim", "optim.lr_scheduler", "utils.data"):
        ours, theirs = rungrad, torch
        for part in path.split("."):
            ours, theirs = getattr(ours, part), getattr(theirs, part)
        names |= {
            name
            for name in vars(ours)
            if isinstance(getattr(ours, name), type) and isinstance(getattr(theirs, name, 0), type)
        }
    return names


_SHARED = _shared_class_names()


def test_constructor_argument_errors_name_the_layer() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn, scheduler = torch.nn, torch.optim.lr_scheduler
        for build in (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d,
                      nn.AvgPool2d, nn.AvgPool3d, nn.MaxUnpool1d, nn.MaxUnpool2d,
                      nn.ConstantPad1d, nn.ConstantPad2d, nn.ZeroPad2d, nn.ReflectionPad1d,
                      nn.ReplicationPad3d, nn.CircularPad2d, nn.RNN, nn.LSTM, nn.GRU,
                      scheduler.LambdaLR, scheduler.MultiplicativeLR):  # fmt: skip
            emit.attempt(build)
        emit.attempt(lambda: nn.Conv2d(3, 6))
        emit.attempt(lambda: nn.LSTM(3))
        emit.attempt(lambda: nn.ConstantPad1d(2))
        emit(nn.ConstantPad2d(1, 0.5), nn.ZeroPad2d(2), nn.Conv2d(1, 2, 3, 2), nn.Buffer())

    same(program)


def test_recurrent_layer_arguments_pass_through() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        emit(nn.RNN(2, 3, 2, "relu", False), nn.RNN(2, 3, nonlinearity="relu", batch_first=True))
        emit(nn.LSTM(2, 3, 2, True, True, 0.0, True, 2), nn.GRU(2, 3, 1, False))
        for build in (lambda: nn.RNN(2, 3, 1, "foo"), lambda: nn.GRU(2, 3, proj_size=0),
                      lambda: nn.RNN(2, 3, proj_size=1), lambda: nn.GRU(2, 3, foo=1)):  # fmt: skip
            emit.attempt(build)

    same(program)


def test_hook_handles_print_as_pytorchs() -> None:
    def program(torch: Any, emit: Any) -> None:
        layer = torch.nn.Linear(1, 1)
        x = torch.ones(1, requires_grad=True)
        handles = [
            layer.register_forward_hook(lambda *args: None),
            layer.register_full_backward_hook(lambda *args: None),
            x.register_hook(lambda grad: grad),
            (x * 2).grad_fn.register_hook(lambda *args: None),
        ]
        emit([repr(handle).split(" at ")[0] for handle in handles])
        emit(torch.utils.hooks.RemovableHandle, layer.share_memory() is layer)

    same(program)


def test_module_class_level_names() -> None:
    def program(torch: Any, emit: Any) -> None:
        layer = torch.nn.Linear(1, 1)
        emit(layer.T_destination, layer.dump_patches, layer.call_super_init)

    same(program)


def test_deprecated_functional_and_init_spellings() -> None:
    """F.upsample / upsample_nearest / upsample_bilinear (interpolate, with PyTorch's
    warning), the pooling ``_with_indices`` spellings, and nn.init.eye / dirac."""

    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        x = torch.arange(4.0).view(1, 1, 2, 2)
        emit(F.upsample(x, scale_factor=2), F.upsample_nearest(x, scale_factor=2))
        emit(F.upsample_bilinear(x, scale_factor=2))
        emit(F.upsample(x, size=(3, 3), mode="bilinear", align_corners=False))
        emit(F.max_pool2d_with_indices(x, 2), F.adaptive_max_pool2d_with_indices(x, 1))
        emit(F.max_pool1d_with_indices(x[0], 2), F.adaptive_max_pool1d_with_indices(x[0], 1))
        emit(torch.nn.init.eye(torch.empty(2, 3)), torch.nn.init.dirac(torch.empty(2, 2, 3)))

    same(program)


def test_module_utils_for_custom_layers_and_prefixed_state_dicts() -> None:
    def program(torch: Any, emit: Any) -> None:
        import importlib

        utils = importlib.import_module(torch.__name__ + ".nn.modules.utils")
        emit(utils._pair(3), utils._pair((1, 2)), utils._single(4), utils._triple([1, 2, 3]))
        emit(utils._quadruple(0), utils._reverse_repeat_tuple((1, 2), 2))
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
        state = model.state_dict()
        for key in list(state.keys()):
            state["module." + key] = state.pop(key)
        state._metadata = {("module." + k if k else k): v for k, v in state._metadata.items()}
        utils.consume_prefix_in_state_dict_if_present(state, "module.")
        emit(list(state.keys()), state._metadata)
        emit(model.load_state_dict(state))

    same(program)


def test_stateless_functional_call_is_deprecated() -> None:
    def program(torch: Any, emit: Any) -> None:
        import importlib

        stateless = importlib.import_module(torch.__name__ + ".nn.utils.stateless")
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 1)
        weights = {"weight": torch.ones(1, 2), "bias": torch.zeros(1)}
        emit(stateless.functional_call(model, weights, (torch.ones(3, 2),)))
        emit(stateless.functional_call(model, {"weight": torch.ones(1, 2)}, torch.ones(1, 2)))

    same(program)
