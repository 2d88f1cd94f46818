"""Less common layers and losses against PyTorch: CTC loss (values, gradients, node names,
reductions, zero_infinity, target layouts, argument errors)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from transcripts import same

RNG = np.random.default_rng(7)


def _log_probs(library: Any, shape: tuple[int, ...], seed: int) -> Any:
    """Normalised log probabilities computed in float64 by NumPy: identical inputs for both
    libraries, whatever their own log_softmax rounds."""
    x = np.random.default_rng(seed).normal(size=shape)
    x = x - np.log(np.exp(x).sum(-1, keepdims=True))
    return library.tensor(x.astype("float32"), requires_grad=True)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("lengths_as", ["tensor", "tuple"])
def test_ctc_loss_values_gradients_and_nodes(
    reduction: str, zero_infinity: bool, lengths_as: str
) -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        for steps, batch, classes, longest, seed in [(6, 3, 5, 3, 0), (30, 4, 10, 8, 1)]:
            lp = _log_probs(torch, (steps, batch, classes), seed)
            rng = np.random.default_rng(seed)
            targets = torch.tensor(rng.integers(1, classes, size=(batch, longest)))
            inputs = rng.integers(1, steps + 1, size=batch).tolist()
            lengths = rng.integers(0, longest + 1, size=batch).tolist()
            if lengths_as == "tensor":
                inputs, lengths = torch.tensor(inputs), torch.tensor(lengths)
            else:
                inputs, lengths = tuple(inputs), tuple(lengths)
            loss = F.ctc_loss(
                lp, targets, inputs, lengths, reduction=reduction, zero_infinity=zero_infinity
            )
            emit(loss, loss.grad_fn)
            emit(loss.tolist())
            loss.sum().backward()
            emit(lp.grad)
            emit(lp.grad.sum().item(), lp.grad.abs().sum().item())

    same(program)


def test_ctc_loss_module_targets_and_blank() -> None:
    def program(torch: Any, emit: Any) -> None:
        lp = _log_probs(torch, (7, 3, 6), 3)
        padded = torch.tensor([[1, 2, 2, 0], [3, 4, 0, 0], [5, 0, 0, 0]])
        lengths = torch.tensor([3, 2, 1])
        concatenated = torch.tensor([1, 2, 2, 3, 4, 5])
        loss = torch.nn.CTCLoss()
        emit(loss, loss.blank, loss.reduction, loss.zero_infinity)
        emit(loss(lp, padded, torch.tensor([7, 6, 5]), lengths))
        emit(loss(lp, concatenated, torch.tensor([7, 6, 5]), lengths))
        emit(loss(lp, padded.float(), (7, 6, 5), (3, 2, 1)))
        blank_last = torch.nn.CTCLoss(blank=5, reduction="sum", zero_infinity=True)
        emit(blank_last)
        value = blank_last(lp, padded.clamp(max=4), [2, 7, 7], [3, 2, 1])
        emit(value, value.grad_fn, value.grad_fn.next_functions[0][0])
        value.backward()
        emit(lp.grad[:, 0])
        # unbatched input (T, C) with 1-D target
        single = _log_probs(torch, (5, 4), 4)
        one = torch.nn.functional.ctc_loss(
            single, torch.tensor([1, 3]), torch.tensor(5), torch.tensor(2), reduction="none"
        )
        emit(one, one.grad_fn)
        one.backward()
        emit(single.grad)
        # empty targets and zero-length inputs
        empty = torch.nn.functional.ctc_loss(lp, padded, (0, 7, 0), (0, 0, 1), reduction="none")
        emit(empty)
        node = torch.nn.functional.ctc_loss(lp, padded, (7, 6, 5), (3, 2, 1), reduction="none")
        emit(node.grad_fn._saved_input_lengths, node.grad_fn._saved_target_lengths)
        emit(node.grad_fn._saved_blank, node.grad_fn._saved_zero_infinity)
        emit(node.grad_fn._saved_result1.shape, node.grad_fn._saved_result1[1, :2, :5])
        grad = torch.autograd.grad(node.sum(), lp, create_graph=True)[0]
        emit(grad.grad_fn.name())
        emit.attempt(lambda: grad.sum().backward())
        emit(torch.nn.functional.ctc_loss(lp.double(), padded, (7, 6, 5), (3, 2, 1)))

    same(program)


def test_ctc_loss_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        lp = _log_probs(torch, (6, 3, 5), 5)
        tg = torch.tensor([[1, 2, 3], [2, 3, 0], [4, 0, 0]])
        il, tl = torch.tensor([6, 6, 6]), torch.tensor([3, 2, 1])
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl, blank=5))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl, blank=-1))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il[:2], tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl[:2]))
        emit.attempt(lambda: F.ctc_loss(lp, tg, torch.tensor([7, 6, 6]), tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, torch.tensor([-1, 6, 6]), tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, torch.tensor([4, 2, 1])))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, torch.tensor([-1, 2, 1])))
        emit.attempt(lambda: F.ctc_loss(lp, tg[:2], il, tl))
        emit.attempt(lambda: F.ctc_loss(lp, torch.tensor([1, 2, 3]), il, tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg.unsqueeze(0), il, tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il.float(), tl))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl.double()))
        emit.attempt(lambda: F.ctc_loss(lp.long(), tg, il, tl))
        emit.attempt(lambda: F.ctc_loss(lp.half(), tg, il, tl))
        emit.attempt(lambda: F.ctc_loss(lp[0, 0], tg[0], (6,), (3,)))
        emit.attempt(lambda: F.ctc_loss(lp, tg, il, tl, reduction="avg"))
        emit.attempt(lambda: F.ctc_loss(torch.zeros(6, 0, 5), tg[:0], (), ()))
        for args in [
            (lp, tg, 6, 3),
            (lp, tg, il, [3, 2, 1]),
            (lp, tg, [6, 6, 6], tl),
            (lp, tg, (6, 6, 6), (3, 2, 1), 1.5),
        ]:
            try:
                F.ctc_loss(*args)
            except TypeError as error:
                emit(str(error))

    same(program)


def _volume(torch: Any, shape: tuple[int, ...]) -> Any:
    """Distinct float32 values (no ties for max pooling), the same in both libraries."""
    values = np.random.default_rng(11).permutation(int(np.prod(shape))).astype("float32")
    return torch.tensor((values / 256 - 0.5).reshape(shape), requires_grad=True)


def _unpool_error(function: Any) -> str:
    try:
        function()
    except RuntimeError as error:
        return re.sub(r"index: \d+", "index: N", str(error))
    return "no error"


@pytest.mark.parametrize("size", [(2, 3, 4), 1, (None, 2, 3), 3, (5, 6, 7), (7, 8, 9)])
def test_adaptive_pool3d_layers(size: Any) -> None:
    def program(torch: Any, emit: Any) -> None:
        x = _volume(torch, (2, 3, 5, 6, 7))
        weights = torch.linspace(-2, 3, 1000)
        average = torch.nn.AdaptiveAvgPool3d(size)
        y = average(x)
        emit(average, y.shape, y.grad_fn.name(), y[1, 2])
        y.backward(weights[: y.numel()].view(y.shape))
        emit(x.grad[1, 2])
        x.grad = None
        largest = torch.nn.AdaptiveMaxPool3d(size, return_indices=True)
        values, indices = largest(x)
        emit(largest, values.grad_fn.name(), values[0, 1], indices[0, 1])
        values.backward(weights[: values.numel()].view(values.shape))
        emit(x.grad[0, 1])
        unbatched = torch.nn.functional.adaptive_avg_pool3d(x[0], size)
        emit(unbatched.shape, unbatched.grad_fn.name())
        emit(torch.nn.functional.adaptive_max_pool3d(x[0], size).shape)

    same(program)


def test_adaptive_pool3d_second_order_and_errors() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        x = _volume(torch, (1, 2, 4, 5, 3))
        grad = torch.autograd.grad(F.adaptive_avg_pool3d(x, 2).pow(2).sum(), x, create_graph=True)
        emit(grad[0].grad_fn.name(), grad[0][0, 1, 2])
        grad = torch.autograd.grad(F.adaptive_max_pool3d(x, 2).pow(2).sum(), x, create_graph=True)
        emit(grad[0].grad_fn.name(), grad[0][0, 1, 2])
        emit(F.adaptive_avg_pool3d(x, (2, 2, 0)).shape, F.adaptive_max_pool3d(x, (2, 2, 0)).shape)
        for function in (F.adaptive_avg_pool3d, F.adaptive_max_pool3d):
            emit.attempt(lambda f=function: f(torch.randn(3, 4, 5), 2))
            emit.attempt(lambda f=function: f(x, (2, 2)))
            emit.attempt(lambda f=function: f(torch.randn(2, 3, 0, 4, 4), 2))
            emit.attempt(lambda f=function: f(x.long(), 2))

    same(program)


def test_max_unpool3d() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        x = _volume(torch, (2, 3, 4, 6, 4))
        pool = torch.nn.MaxPool3d(2, stride=2, return_indices=True)
        unpool = torch.nn.MaxUnpool3d(2, stride=2)
        emit(unpool, torch.nn.MaxUnpool3d((2, 3, 1), stride=(1, 2, 3), padding=1))
        out, indices = pool(x)
        restored = unpool(out, indices)
        emit(restored.shape, restored.grad_fn.name(), restored[0, 0, 1])
        emit(unpool(out, indices, output_size=x.size()).shape)
        emit(unpool(out, indices, output_size=(5, 7, 5)).shape)
        restored.backward(torch.arange(restored.numel()).view(restored.shape).float())
        emit(x.grad[0, 0, 1])
        emit(F.max_unpool3d(*pool(x[0]), 2).shape)
        emit.attempt(lambda: F.max_unpool3d(out, indices, 2, output_size=(9, 9, 9)))
        emit.attempt(lambda: F.max_unpool3d(out, indices.int(), 2))
        # which bad index PyTorch reports depends on its threads: only the message's form
        emit(_unpool_error(lambda: F.max_unpool3d(out, indices * 100, 2)))
        emit.attempt(lambda: F.max_unpool3d(out[0, 0], indices[0, 0], 2))
        emit.attempt(lambda: F.max_unpool3d(out, indices[:1], 2))
        emit.attempt(lambda: F.max_unpool3d(out, indices, 2, output_size=(1, 2)))
        torch.manual_seed(0)  # both libraries draw the same values whatever ran before
        odd = torch.randn(1, 1, 4, 4, 5)
        pooled, where = F.max_pool3d(odd, 2, return_indices=True)
        emit(_unpool_error(lambda: F.max_unpool3d(pooled, where, 2)))
        emit(F.max_unpool3d(pooled, where, 2, output_size=(4, 4, 5)).shape)

    same(program)


def test_conv_transpose3d_layer() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        layer = torch.nn.ConvTranspose3d(
            4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=1
        )
        emit(layer, layer.weight.shape, layer.bias.shape)
        emit(torch.nn.ConvTranspose3d(2, 3, (1, 2, 3), bias=False))
        x = torch.randn(2, 4, 3, 4, 2, requires_grad=True)
        y = layer(x)
        emit(y.shape, y.grad_fn.name(), y[0, 0, 0])
        y.sum().backward()
        emit(x.grad[0, 0, 0], layer.weight.grad[0, 0, 0], layer.bias.grad)
        emit(layer(x, output_size=[5, 7, 3]).shape, layer(x[0]).shape)
        emit(layer(x, output_size=[2, 6, 6, 8, 4]).shape)
        weight = torch.randn(4, 2, 2, 2, 2)
        out = torch.nn.functional.conv_transpose3d(
            x, weight, stride=(1, 2, 1), padding=(0, 1, 0), dilation=2
        )
        emit(out.shape, out[1, 1, 1])
        emit(torch.conv_transpose3d(x, weight).shape)
        emit.attempt(lambda: layer(x, output_size=[9, 9, 9]))
        emit.attempt(lambda: layer(x, output_size=[9, 9]))
        emit.attempt(lambda: layer(torch.randn(2, 3, 3, 3, 3)))
        emit.attempt(lambda: layer(torch.randn(3, 3, 3)))
        emit.attempt(lambda: torch.nn.ConvTranspose3d(4, 6, 3, padding_mode="reflect"))
        emit.attempt(lambda: torch.nn.ConvTranspose3d(4, 6, 3, groups=4))
        emit.attempt(lambda: torch.nn.functional.conv_transpose3d(x, torch.randn(4, 2, 2, 2)))
        emit.attempt(lambda: torch.nn.ConvTranspose3d(4, 6, 3, stride=2, output_padding=2)(x))
        grad = torch.autograd.grad(layer(x).pow(2).sum(), x, create_graph=True)[0]
        emit(grad.grad_fn.name())

    same(program)


def test_conv_transpose_output_size_1d_2d() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(1)
        flat = torch.nn.ConvTranspose2d(2, 3, 3, stride=2)
        emit(flat(torch.randn(1, 2, 4, 4), output_size=[10, 10]).shape)
        emit(flat(torch.randn(2, 3, 3), output_size=[2, 8, 8]).shape)
        emit.attempt(lambda: flat(torch.randn(1, 2, 3, 3), output_size=[1, 2, 3]))
        emit.attempt(lambda: flat(torch.randn(2, 3, 3), output_size=[1, 2, 3]))
        emit.attempt(lambda: torch.nn.ConvTranspose2d(2, 2, 3, stride=2, output_padding=2)(
            torch.randn(1, 2, 3, 3)))  # fmt: skip
        line = torch.nn.ConvTranspose1d(2, 2, 3, stride=3)
        emit(line(torch.randn(1, 2, 4), output_size=[12]))
        emit.attempt(lambda: torch.nn.ConvTranspose1d(2, 2, 3, stride=2, output_padding=2)(
            torch.randn(1, 2, 3)))  # fmt: skip

    same(program)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_feature_alpha_dropout_draws_pytorchs_stream(dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        torch.manual_seed(0)
        layer = torch.nn.FeatureAlphaDropout(0.3)
        emit(layer, torch.nn.FeatureAlphaDropout(), torch.nn.FeatureAlphaDropout(0.2, True))
        x = torch.randn(3, 4, 2, 2, dtype=getattr(torch, dtype), requires_grad=True)
        y = layer(x)
        emit(y, y.grad_fn.name(), [type(n).__name__ for n, _ in y.grad_fn.next_functions])
        y.sum().backward()
        emit(x.grad[:, :, 0, 0])
        emit(torch.randn(2))
        emit(F.feature_alpha_dropout(torch.ones(2, 5), 0.5, True))
        emit(F.feature_alpha_dropout(torch.ones(2, 3, 4), 0.5))
        emit(F.feature_alpha_dropout(torch.ones(2, 3, 4), 0.5, training=True))
        emit(F.feature_alpha_dropout(torch.ones(2, 3), 1.0, training=True))
        emit(F.feature_alpha_dropout(torch.ones(2, 3), 0.0, training=True))
        z = torch.ones(2, 3, 2)
        emit(F.feature_alpha_dropout(z, 0.4, True, inplace=True) is z, z)
        layer.eval()
        emit(layer(x) is x)
        emit(torch.feature_alpha_dropout(torch.ones(2, 3), 0.5, True))
        emit.attempt(lambda: F.feature_alpha_dropout(torch.ones(3), 0.5, True))
        emit(F.feature_alpha_dropout(torch.ones(3), 0.5, False))
        emit.attempt(lambda: F.feature_alpha_dropout(torch.ones(2, 3), 1.5, True))
        emit.attempt(lambda: torch.nn.FeatureAlphaDropout(-0.1))
        emit.attempt(lambda: torch.feature_alpha_dropout(torch.ones(2, 3), 1.5, True))
        emit.attempt(lambda: F.feature_alpha_dropout(torch.ones(2, 3).long(), 0.5, True))
        emit.attempt(lambda: F.alpha_dropout(torch.ones(2, 3).long(), 0.5, True))
        emit(torch.rand(3))

    same(program)


def test_module_state_dict_hooks() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))

        def pre(module: Any, prefix: str, keep_vars: bool) -> None:
            emit("pre", type(module).__name__, repr(prefix), keep_vars)

        def post(module: Any, state: Any, prefix: str, local_metadata: Any) -> None:
            emit("post", type(module).__name__, repr(prefix), list(state), local_metadata)
            state[prefix + "extra"] = torch.tensor(1.0)

        first = model.register_state_dict_pre_hook(pre)
        model[0].register_state_dict_pre_hook(pre)
        second = model[2].register_state_dict_post_hook(post)
        model.register_state_dict_post_hook(lambda m, sd, p, md: emit("root post", len(sd)))
        emit(list(model.state_dict()))
        emit(type(first).__name__)
        first.remove()
        second.remove()
        emit(list(model.state_dict(keep_vars=True)))
        returning = model[1].register_state_dict_post_hook(lambda m, sd, p, md: sd)
        emit.attempt(lambda: model.state_dict())
        returning.remove()

        def loaded(module: Any, incompatible: Any) -> None:
            emit("load post", type(module).__name__, incompatible)
            incompatible.missing_keys.clear()

        model.register_load_state_dict_post_hook(loaded)
        model[0].register_load_state_dict_post_hook(loaded)
        state = {k: v for k, v in model.state_dict().items() if k != "2.bias"}
        emit(model.load_state_dict(state))
        state["foo"] = torch.tensor(2.0)
        state["0.bar"] = torch.tensor(2.0)
        state["5.x"] = torch.tensor(2.0)
        emit.attempt(lambda: model.load_state_dict(state))
        emit(model.load_state_dict(state, strict=False))

    same(program)


def test_fuse_conv_bn_and_skip_init() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn, utils = torch.nn, torch.nn.utils
        torch.manual_seed(0)
        conv, bn = nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4)
        x = torch.randn(2, 3, 5, 5)
        with torch.no_grad():  # running statistics as after training, the same in both
            bn.running_mean.copy_(torch.linspace(-0.3, 0.4, 4))
            bn.running_var.copy_(torch.linspace(0.5, 1.7, 4))
            bn.weight.copy_(torch.linspace(0.8, 1.3, 4))
            bn.bias.copy_(torch.linspace(-0.2, 0.1, 4))
        conv.eval()
        bn.eval()
        fused = utils.fuse_conv_bn_eval(conv, bn)
        emit(fused, type(fused.weight).__name__, fused.weight.requires_grad, fused.training)
        emit(fused.weight[0, 0].tolist(), fused.bias.tolist())
        emit(fused(x)[0, 0, 0], bn(conv(x))[0, 0, 0])
        emit(fused.weight is conv.weight, conv.weight[0, 0, 0])
        emit(utils.fuse_conv_bn_eval(nn.Conv2d(3, 4, 3, bias=False).eval(), bn).bias)
        transposed, norm = nn.ConvTranspose2d(4, 3, 2).eval(), nn.BatchNorm2d(3).eval()
        norm.running_mean.fill_(0.5)
        norm.running_var.fill_(2.0)
        emit(utils.fuse_conv_bn_eval(transposed, norm, transpose=True).weight[0, 0])
        emit.attempt(lambda: utils.fuse_conv_bn_eval(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4)))
        linear, bn1 = nn.Linear(3, 4).eval(), nn.BatchNorm1d(4).eval()
        bn1.running_mean.fill_(0.1)
        fused_linear = utils.fuse_linear_bn_eval(linear, bn1)
        emit(fused_linear, fused_linear.weight, fused_linear.bias)
        emit.attempt(lambda: utils.fuse_linear_bn_eval(linear, nn.BatchNorm1d(3).eval()))
        weight, bias = utils.fuse_conv_bn_weights(
            conv.weight, conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias
        )
        emit(type(weight).__name__, weight.shape, bias[:2])
        skipped = utils.skip_init(nn.Linear, 3, 4)
        emit(skipped, skipped.weight.shape, skipped.weight.device, skipped.weight.requires_grad)
        emit(utils.skip_init(nn.Conv2d, 2, 2, 3, bias=False, device="cpu"))
        emit.attempt(lambda: utils.skip_init(int, 3))

        class NoDevice(nn.Module):
            pass

        emit.attempt(lambda: utils.skip_init(NoDevice))
        emit(torch.rand(2))  # skip_init drew nothing from the random stream

    same(program)


def test_top_level_ctc_loss_takes_the_reduction_number() -> None:
    def program(torch: Any, emit: Any) -> None:
        lp = _log_probs(torch, (5, 2, 4), 9)
        tg = torch.tensor([[1, 2], [3, 3]])
        emit(torch.ctc_loss.__name__)
        emit(torch.ctc_loss(lp, tg, (5, 5), (2, 2), 0, 1))
        emit(torch.ctc_loss(lp, tg, (5, 5), (2, 2)))
        emit(torch.ctc_loss(lp, tg, torch.tensor([5, 5]), torch.tensor([2, 2]), 0, 2, True))
        emit(torch.ctc_loss(lp, tg, (5, 5), (2, 2), 0, 7))
        try:
            torch.ctc_loss(lp, tg, (5, 5), (2, 2), 0, "mean")
        except TypeError as error:
            emit(str(error))

    same(program)
