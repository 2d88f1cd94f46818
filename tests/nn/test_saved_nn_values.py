"""What the backward nodes of nn ops show of what they saved (``grad_fn._saved_<name>``,
``_raw_saved_<name>``, the names ``dir()`` lists) and how many tensors they hand to
saved-tensor hooks, against PyTorch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from transcripts import same


def _show(torch: Any, emit: Any, node: Any) -> None:
    """The node's saved values as a tutorial prints them: each name ``dir()`` lists, then a
    tensor's dtype, shape, whether it requires grad and its values (rounded)."""
    emit(type(node).__name__)
    for name in sorted(n for n in dir(node) if n.startswith(("_saved", "_raw_saved"))):
        value = getattr(node, name)
        if name.startswith("_raw"):
            kinds = [type(item).__name__ for item in value] if type(value) is tuple else ""
            emit(name, type(value).__name__, kinds)
        elif isinstance(value, torch.Tensor):
            emit(name, value.dtype, tuple(value.shape), value.requires_grad)
            emit(value.detach().double().round(decimals=3))
        else:
            emit(name, repr(value))


def _leaf(torch: Any, *shape: int, grad: bool = True) -> Any:
    count = 1
    for size in shape:
        count *= size
    values = torch.linspace(-1.5, 2.0, count).view(shape) if count else torch.zeros(shape)
    return values.sin().mul(2).requires_grad_(grad)


Graph = Callable[[Any, Any], Any]

CASES: dict[str, Graph] = {
    "batch_norm_train": lambda t, F: F.batch_norm(
        _leaf(t, 4, 3), t.zeros(3), t.ones(3), _leaf(t, 3), _leaf(t, 3), training=True
    ),
    "batch_norm_eval": lambda t, F: F.batch_norm(
        _leaf(t, 4, 3), t.zeros(3), t.ones(3), _leaf(t, 3), _leaf(t, 3), training=False
    ),
    "batch_norm_no_stats": lambda t, F: F.batch_norm(
        _leaf(t, 2, 3, 2), None, None, _leaf(t, 3), None, training=True
    ),
    "batch_norm_no_affine": lambda t, F: F.batch_norm(
        _leaf(t, 4, 3), t.zeros(3), t.ones(3), training=True
    ),
    "batch_norm_eval_input_only": lambda t, F: F.batch_norm(
        _leaf(t, 4, 3), t.zeros(3), t.ones(3), training=False
    ),
    "batch_norm_weight_only": lambda t, F: F.batch_norm(
        _leaf(t, 4, 3, grad=False), t.zeros(3), t.ones(3), _leaf(t, 3), training=True
    ),
    "batchnorm2d_module": lambda t, F: t.nn.BatchNorm2d(3)(_leaf(t, 2, 3, 2, 2)),
    "layer_norm_affine": lambda t, F: F.layer_norm(
        _leaf(t, 2, 3, 4), (4,), _leaf(t, 4), _leaf(t, 4)
    ),
    "layer_norm_plain": lambda t, F: F.layer_norm(_leaf(t, 2, 3, 4), [3, 4], eps=1e-3),
    "layer_norm_weight_only": lambda t, F: F.layer_norm(
        _leaf(t, 2, 4, grad=False), (4,), _leaf(t, 4)
    ),
    "layernorm_module": lambda t, F: t.nn.LayerNorm(4)(_leaf(t, 3, 4)),
    "group_norm": lambda t, F: F.group_norm(_leaf(t, 2, 4, 3), 2, _leaf(t, 4), _leaf(t, 4)),
    "group_norm_plain": lambda t, F: F.group_norm(_leaf(t, 2, 4, 3), 4),
    "groupnorm_module": lambda t, F: t.nn.GroupNorm(1, 4)(_leaf(t, 3, 4, 2, 2, grad=False)),
    "nll_loss": lambda t, F: F.nll_loss(_leaf(t, 4, 3), t.tensor([0, 2, 1, 1])),
    "nll_loss_weight_sum": lambda t, F: F.nll_loss(
        _leaf(t, 4, 3), t.tensor([0, 2, 1, 1]), weight=t.tensor([1.0, 2.0, 3.0]), reduction="sum"
    ),
    "nll_loss_ignored_none": lambda t, F: F.nll_loss(
        _leaf(t, 4, 3), t.tensor([0, 2, 1, 1]), ignore_index=1, reduction="none"
    ),
    "nll_loss_2d": lambda t, F: F.nll_loss(
        _leaf(t, 2, 3, 4), t.tensor([[0, 1, 2, 0], [1, 1, 1, 2]]), ignore_index=2
    ),
    "cross_entropy": lambda t, F: F.cross_entropy(_leaf(t, 4, 3), t.tensor([0, 2, 1, 1])),
    "bce": lambda t, F: F.binary_cross_entropy(_leaf(t, 4, 3).sigmoid(), t.full((4, 3), 0.25)),
    "bce_weight": lambda t, F: F.binary_cross_entropy(
        _leaf(t, 4, 3).sigmoid(), t.full((4, 3), 0.25), weight=t.ones(3)
    ),
    "bce_logits": lambda t, F: F.binary_cross_entropy_with_logits(
        _leaf(t, 4, 3), t.full((4, 3), 0.25)
    ),
    "bce_logits_pos_weight": lambda t, F: F.binary_cross_entropy_with_logits(
        _leaf(t, 4, 3), t.full((4, 3), 0.25), pos_weight=t.full((3,), 2.0), reduction="sum"
    ),
    "multi_margin": lambda t, F: F.multi_margin_loss(_leaf(t, 4, 3), t.tensor([0, 2, 1, 1])),
    "multilabel_margin": lambda t, F: F.multilabel_margin_loss(
        _leaf(t, 3, 4), t.tensor([[0, 1, -1, 2], [3, -1, 0, 0], [2, 2, 1, 0]])
    ),
    "embedding": lambda t, F: F.embedding(t.tensor([[1, 2], [4, 0]]), _leaf(t, 5, 3)),
    "embedding_padding_sparse": lambda t, F: F.embedding(
        t.tensor([1, 4]), _leaf(t, 5, 2), padding_idx=-1, scale_grad_by_freq=True, sparse=True
    ),
    "embedding_module": lambda t, F: t.nn.Embedding(5, 2, padding_idx=2)(t.tensor([0, 3])),
    "index_copy": lambda t, F: _leaf(t, 5, 3).index_copy(0, t.tensor([1, 3]), _leaf(t, 2, 3)),
    "index_copy_self_only": lambda t, F: _leaf(t, 5, 3).index_copy(
        -2, t.tensor([1, 3]), _leaf(t, 2, 3, grad=False)
    ),
    "index_copy_source_only": lambda t, F: _leaf(t, 5, 3, grad=False).index_copy(
        1, t.tensor([0]), _leaf(t, 5, 1)
    ),
    "index_add": lambda t, F: _leaf(t, 5, 3).index_add(0, t.tensor([1, 3]), _leaf(t, 2, 3)),
    "put": lambda t, F: _leaf(t, 5, 3).put(t.tensor([1, 3]), _leaf(t, 2, grad=False)),
    "put_source_only": lambda t, F: _leaf(t, 5, 3, grad=False).put(
        t.tensor([[1], [3]]), _leaf(t, 2, 1), accumulate=True
    ),
    "take": lambda t, F: _leaf(t, 5, 3).take(t.tensor([1, 3])),
    "index": lambda t, F: _leaf(t, 4, 3)[t.tensor([0, 2])],
    "index_slice_first": lambda t, F: _leaf(t, 4, 3)[:, t.tensor([1])],
    "index_mask": lambda t, F: (lambda x: x[x > 0])(_leaf(t, 4, 3)),
    "index_put": lambda t, F: _leaf(t, 5, 3).index_put((t.tensor([1, 3]),), t.ones(3)),
    "index_put_accumulate": lambda t, F: _leaf(t, 5, 3).index_put(
        (t.tensor([1, 3]), t.tensor([0, 2])), t.ones(2), accumulate=True
    ),
    "gather": lambda t, F: _leaf(t, 3, 2).gather(1, t.tensor([[0], [1], [1]])),
    "conv1d": lambda t, F: F.conv1d(_leaf(t, 1, 2, 5), _leaf(t, 3, 2, 2)),
    "conv1d_options": lambda t, F: F.conv1d(
        _leaf(t, 1, 2, 7),
        _leaf(t, 4, 1, 2),
        _leaf(t, 4),
        stride=2,
        padding=1,
        dilation=2,
        groups=2,
    ),
    "conv1d_same_unbatched": lambda t, F: F.conv1d(
        _leaf(t, 2, 6), _leaf(t, 3, 2, 3, grad=False), padding="same"
    ),
    "conv1d_module": lambda t, F: t.nn.Conv1d(2, 3, 3, padding=1)(_leaf(t, 2, 2, 6)),
    "conv_transpose1d": lambda t, F: F.conv_transpose1d(
        _leaf(t, 1, 2, 5), _leaf(t, 2, 3, 2), stride=2, output_padding=1
    ),
    "conv2d": lambda t, F: F.conv2d(_leaf(t, 1, 2, 5, 5), _leaf(t, 3, 2, 2, 2), stride=(1, 2)),
    "conv3d": lambda t, F: F.conv3d(_leaf(t, 1, 2, 3, 3, 3), _leaf(t, 3, 2, 2, 2, 2)),
    "conv_transpose3d": lambda t, F: F.conv_transpose3d(
        _leaf(t, 1, 2, 3, 3, 3), _leaf(t, 2, 3, 2, 2, 2)
    ),
    "norm_dim": lambda t, F: _leaf(t, 3, 4).norm(dim=1),
    "norm_p1": lambda t, F: _leaf(t, 3, 4).norm(1),
    "norm_float": lambda t, F: _leaf(t, 3, 4).norm(p=3.5, dim=0, keepdim=True),
    "norm_fro": lambda t, F: t.norm(_leaf(t, 3, 4), "fro"),
    "vector_norm_default": lambda t, F: t.linalg.vector_norm(_leaf(t, 3, 4)),
    "vector_norm_bool": lambda t, F: t.linalg.vector_norm(_leaf(t, 3, 4), True),
    "linalg_norm_default": lambda t, F: t.linalg.norm(_leaf(t, 3, 4), dim=1),
    "linalg_norm_vector": lambda t, F: t.linalg.norm(_leaf(t, 4), 3),
    "pairwise_distance": lambda t, F: F.pairwise_distance(_leaf(t, 3, 4), t.ones(3, 4)),
    "pairwise_distance_p1": lambda t, F: F.pairwise_distance(_leaf(t, 4), t.ones(4), p=1),
    "weight_norm_fused": lambda t, F: t._weight_norm(_leaf(t, 2, 3), _leaf(t, 2, 1), 0),
    "norm_except_dim": lambda t, F: t.norm_except_dim(_leaf(t, 2, 3), 2, -1),
    "max_pool2d": lambda t, F: F.max_pool2d(_leaf(t, 1, 2, 4, 4), 2),
    "max_pool2d_options": lambda t, F: F.max_pool2d(
        _leaf(t, 2, 6, 6), 3, stride=2, padding=1, ceil_mode=True
    ),
    "maxpool2d_module": lambda t, F: t.nn.MaxPool2d((2, 1))(_leaf(t, 1, 1, 4, 4)),
    "max_pool1d": lambda t, F: F.max_pool1d(_leaf(t, 1, 2, 6), 2).grad_fn.next_functions[0][0],
    "max_pool3d": lambda t, F: F.max_pool3d(_leaf(t, 1, 1, 2, 4, 4), 2),
    "avg_pool2d": lambda t, F: F.avg_pool2d(_leaf(t, 1, 2, 4, 4), 2),
    "avg_pool2d_options": lambda t, F: F.avg_pool2d(_leaf(t, 1, 2, 6, 6), 3, 2, 1, True, False, 2),
    "avg_pool3d": lambda t, F: F.avg_pool3d(_leaf(t, 1, 1, 2, 4, 4), 2),
    "adaptive_avg_pool2d_1": lambda t, F: F.adaptive_avg_pool2d(_leaf(t, 1, 2, 4, 4), 1),
    "adaptive_avg_pool3d_1": lambda t, F: F.adaptive_avg_pool3d(_leaf(t, 1, 1, 2, 2, 2), 1),
    "rrelu_training": lambda t, F: F.rrelu(_leaf(t, 3, 4), 0.1, 0.3, training=True),
    "rrelu_inplace": lambda t, F: F.rrelu(_leaf(t, 3, 4) * 1, training=True, inplace=True),
    "interpolate_nearest": lambda t, F: F.interpolate(_leaf(t, 1, 2, 3, 3), scale_factor=2),
    "interpolate_nearest_1d": lambda t, F: F.interpolate(_leaf(t, 1, 2, 4), size=7),
    "interpolate_bilinear": lambda t, F: F.interpolate(
        _leaf(t, 1, 2, 3, 3), scale_factor=(2, 1.5), mode="bilinear", align_corners=True
    ),
    "interpolate_bilinear_size": lambda t, F: F.interpolate(
        _leaf(t, 1, 2, 3, 3), size=(4, 5), mode="bilinear"
    ),
    "interpolate_linear": lambda t, F: F.interpolate(
        _leaf(t, 1, 2, 4), scale_factor=2.5, mode="linear"
    ),
    "interpolate_trilinear": lambda t, F: F.interpolate(
        _leaf(t, 1, 1, 2, 2, 2), scale_factor=2, mode="trilinear"
    ),
    "upsample_module": lambda t, F: t.nn.Upsample(scale_factor=2, mode="bicubic")(
        _leaf(t, 1, 1, 3, 3)
    ),
    "unfold": lambda t, F: F.unfold(_leaf(t, 1, 2, 5, 4), (2, 3), padding=1, stride=2),
    "fold": lambda t, F: F.fold(_leaf(t, 1, 8, 12), (4, 5), 2),
    "embedding_bag_mean": lambda t, F: F.embedding_bag(
        t.tensor([0, 2, 5, 1, 3, 5, 4]), _leaf(t, 6, 3), t.tensor([0, 2, 2, 5])
    ),
    "embedding_bag_sum_padding": lambda t, F: F.embedding_bag(
        t.tensor([0, 2, 5, 1, 3, 5, 4]),
        _leaf(t, 6, 3),
        t.tensor([0, 2, 2, 5]),
        mode="sum",
        padding_idx=5,
    ),
    "embedding_bag_sum_weights": lambda t, F: F.embedding_bag(
        t.tensor([0, 2, 5, 1]),
        _leaf(t, 6, 3),
        t.tensor([0, 2]),
        mode="sum",
        per_sample_weights=_leaf(t, 4),
    ),
    "embedding_bag_max": lambda t, F: F.embedding_bag(
        t.tensor([[0, 2, 5], [1, 3, 5]]), _leaf(t, 6, 3), mode="max", padding_idx=5
    ),
    "embeddingbag_module": lambda t, F: t.nn.EmbeddingBag(6, 3, scale_grad_by_freq=True)(
        t.tensor([0, 2, 5, 1]), t.tensor([0, 2])
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_saved_values_of_nn_nodes(case: str) -> None:
    # (seeded: modules start with the same weights, rrelu draws the same noise)
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        output = CASES[case](torch, torch.nn.functional)
        _show(torch, emit, getattr(output, "grad_fn", output))  # (or a node itself)

    same(program)


HOOKED: dict[str, Graph] = {
    "layer_norm": lambda t, F: F.layer_norm(_leaf(t, 2, 3, 4), (4,), _leaf(t, 4), _leaf(t, 4)),
    "layer_norm_plain": lambda t, F: F.layer_norm(_leaf(t, 2, 3, 4), (3, 4)),
    "cross_entropy": lambda t, F: F.cross_entropy(_leaf(t, 5, 4), t.tensor([0, 1, 3, 2, 1])),
    "cross_entropy_weight": lambda t, F: F.cross_entropy(
        _leaf(t, 5, 4), t.tensor([0, 1, 3, 2, 1]), weight=t.tensor([1.0, 0.5, 2.0, 1.0])
    ),
    "cross_entropy_smoothing": lambda t, F: F.cross_entropy(
        _leaf(t, 5, 4), t.tensor([0, 1, 3, 2, 1]), label_smoothing=0.2
    ),
    "cross_entropy_smoothing_weight_ignored": lambda t, F: F.cross_entropy(
        _leaf(t, 5, 4),
        t.tensor([0, 1, 3, 2, 1]),
        weight=t.tensor([1.0, 0.5, 2.0, 1.0]),
        ignore_index=3,
        label_smoothing=0.3,
    ),
    "cross_entropy_smoothing_none": lambda t, F: F.cross_entropy(
        _leaf(t, 5, 4), t.tensor([0, 1, 3, 2, 1]), label_smoothing=0.2, reduction="none"
    ),
    "nll_loss": lambda t, F: F.nll_loss(_leaf(t, 5, 4).log_softmax(1), t.tensor([0, 1, 3, 2, 1])),
    "batch_norm": lambda t, F: F.batch_norm(
        _leaf(t, 2, 3, 4), t.zeros(3), t.ones(3), _leaf(t, 3), _leaf(t, 3), training=True
    ),
    "batch_norm_eval": lambda t, F: F.batch_norm(
        _leaf(t, 2, 3, 4), t.zeros(3), t.ones(3), _leaf(t, 3), _leaf(t, 3), training=False
    ),
    "group_norm": lambda t, F: F.group_norm(_leaf(t, 2, 4, 3), 2, _leaf(t, 4), _leaf(t, 4)),
    "embedding_bag_max": lambda t, F: F.embedding_bag(
        t.tensor([[0, 2, 5], [1, 3, 5]]), _leaf(t, 6, 3), mode="max"
    ),
    "embedding_bag_freq": lambda t, F: F.embedding_bag(
        t.tensor([0, 2, 2, 1]), _leaf(t, 6, 3), t.tensor([0, 2]), scale_grad_by_freq=True
    ),
    "conv2d_bias": lambda t, F: F.conv2d(_leaf(t, 1, 2, 4, 4), _leaf(t, 3, 2, 2, 2), _leaf(t, 3)),
    "conv1d_input_only": lambda t, F: F.conv1d(
        _leaf(t, 1, 2, 5), _leaf(t, 3, 2, 2, grad=False), _leaf(t, 3, grad=False)
    ),
}


@pytest.mark.parametrize("case", sorted(HOOKED))
def test_saved_tensor_hook_calls(case: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        packed: list[tuple[int, ...]] = []
        unpacked: list[tuple[int, ...]] = []

        def pack(tensor: Any) -> Any:
            packed.append(tuple(tensor.shape))
            return tensor

        def unpack(tensor: Any) -> Any:
            unpacked.append(tuple(tensor.shape))
            return tensor

        with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
            output = HOOKED[case](torch, torch.nn.functional)
        leaves = [t for t in _leaves(output.grad_fn) if t.requires_grad]
        weights = torch.linspace(0.5, 1.5, output.numel()).view(output.shape)
        (output * weights).sum().backward()
        emit(len(packed), sorted(packed), len(unpacked), sorted(unpacked))
        emit(output)
        for leaf in leaves:  # (rounded: the last bits of a normalisation's are noise)
            emit(leaf.grad.round(decimals=4))

    same(program)


def _leaves(node: Any) -> list[Any]:
    found: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        if hasattr(current, "variable") and current.variable not in found:
            found.append(current.variable)
        stack.extend(next_node for next_node, _ in current.next_functions)
    return found


def test_group_norm_statistics_are_differentiable() -> None:
    # The same input in both libraries (``_leaf``'s sin rounds differently in the last bit,
    # and a group's reciprocal deviation of 16 shows it).
    values = (np.sin(np.linspace(-1.5, 2.0, 24, dtype=np.float32)) * 2).reshape(2, 4, 3)

    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor(values).requires_grad_()
        node = torch.nn.functional.group_norm(x, 2).grad_fn
        mean, rstd = node._saved_result1, node._saved_result2
        emit(mean.grad_fn is node, rstd.grad_fn is node, mean.requires_grad)
        (mean.sum() * 2 + rstd.pow(2).sum()).backward()
        emit(x.grad)

    same(program)


def test_label_smoothing_values_and_gradients() -> None:
    def program(torch: Any, emit: Any) -> None:
        F = torch.nn.functional
        target = torch.tensor([[0, 1, 2, 0], [2, 2, 1, 0]])
        for options in (
            {"label_smoothing": 0.1},
            {"label_smoothing": 0.3, "ignore_index": 1},
            {"label_smoothing": 0.2, "weight": torch.tensor([1.0, 2.0, 0.5]), "ignore_index": 0},
            {"label_smoothing": 0.5, "reduction": "sum"},
            {"label_smoothing": 0.5, "reduction": "none", "ignore_index": 2},
        ):
            x = _leaf(torch, 2, 3, 4)
            loss = F.cross_entropy(x, target, **options)
            loss.sum().backward()
            emit(loss, x.grad.round(decimals=4))
        x = _leaf(torch, 3, 4)
        emit(F.cross_entropy(x, torch.tensor([1, 1, 1]), ignore_index=1, label_smoothing=0.1))

    same(program)
