"""Hypothesis draws for the nn.functional rows: activations, losses, softmax, linear layers,
embedding, convolutions, pooling, padding, normalizations, norms and distances, interpolate,
unfold and fold.

Each draw lets hypothesis choose what the row's fixed samples pin: batch sizes (empty
batches where PyTorch accepts them), channels, spatial sizes, kernel sizes, stride, padding,
dilation, groups, ceil_mode, output sizes, modes, reductions, weights, ignore_index and the
other options, and whether each optional argument is given positionally, by keyword or left at
its default. Values stay away from the activations' and hinges' kinks (``_avoiding``); random
floats keep ties out of max_pool windows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from drawing import Draw, DrawFunction
from hypothesis import assume
from op_db import values
from oracle import Sample, TensorArg

__all__ = ["DRAWS"]

Shape = tuple[int, ...]
REDUCTIONS = ("none", "mean", "sum")


# -- helpers ---------------------------------------------------------------------------------
def _avoiding(
    d: Draw,
    shape: Shape,
    low: float,
    high: float,
    kinks: Sequence[float] = (),
    margin: float = 0.05,
    requires_grad: bool = True,
) -> TensorArg:
    """Values uniform in ``[low, high]``, at least ``margin`` away from every kink."""
    data = d.rng.uniform(low, high, size=shape)
    for kink in kinks:
        close = np.abs(data - kink) < margin
        data = np.where(close, np.where(data >= kink, kink + margin, kink - margin), data)
    return TensorArg(
        np.asarray(data).astype(d.dtype), requires_grad=requires_grad, layout=d.layout(shape)
    )


def _signs(d: Draw, shape: Shape) -> TensorArg:
    """A +-1 target of the sample dtype (no gradient)."""
    data = np.where(d.rng.random(shape) > 0.5, 1.0, -1.0).astype(d.dtype)
    return TensorArg(data, requires_grad=False, layout=d.layout(shape))


def _options(
    d: Draw, *options: tuple[str, Any, Any], keyword_only: bool = False
) -> tuple[list[Any], dict[str, Any]]:
    """Optional arguments ``(name, value, default)`` in signature order: each one whose value
    is its default may be left out; the others are given positionally (while every earlier
    one is positional too, unless ``keyword_only``) or by keyword."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    positional = not keyword_only
    for name, value, default in options:
        is_default = value is default or (type(value) is type(default) and value == default)
        if is_default and d.boolean(label=f"leave {name} out"):
            positional = False
            continue
        positional = positional and d.boolean(label=f"{name} positional")
        if positional:
            args.append(value)
        else:
            kwargs[name] = value
    return args, kwargs


def _keywords(d: Draw, **options: Any) -> dict[str, Any]:
    """Keyword arguments, each given or left at its default."""
    return {name: value for name, value in options.items() if d.boolean(label=f"give {name}")}


def _reduction(d: Draw, choices: Sequence[str] = REDUCTIONS) -> dict[str, Any]:
    return _keywords(d, reduction=d.choice(choices, label="reduction"))


def _loss(
    d: Draw, *args: Any, nothing: bool = False, gradcheck: bool = True, **kwargs: Any
) -> Sample:
    """A loss's sample. Averaging over no elements (empty, or ``nothing`` counted: every
    target ignored) gives nan, where finite differences (in PyTorch's gradcheck too) fail: no
    gradcheck there."""
    tensors = [a for a in (*args, *kwargs.values()) if isinstance(a, TensorArg)]
    nothing = nothing or any(a.value.size == 0 for a in tensors)
    averaged = kwargs.get("reduction", "mean") in ("mean", "batchmean")
    return d.sample(*args, gradcheck=gradcheck and not (nothing and averaged), **kwargs)


def _batch(d: Draw, low: int = 0, high: int = 2) -> int:
    return d.integer(low, high, label="batch")


def _maybe_tensor(d: Draw, shape: Shape, domain: str = "real", **options: Any) -> Any:
    """A tensor of ``shape``, or None."""
    return d.tensor(shape, domain, **options) if d.boolean(label="given") else None


# -- activations -----------------------------------------------------------------------------
Options = list[tuple[str, Any, Any]]
OptionDraw = Callable[[Draw], tuple[Options, tuple[float, ...]]]  # (options, extra kinks)


def _activation(
    low: float = -2.0,
    high: float = 2.0,
    kinks: Sequence[float] = (0.0,),
    options: OptionDraw | None = None,
    keyword_only: bool = False,
) -> DrawFunction:
    """An activation on any shape (0-d and empty included), its values in ``[low, high]``
    away from the kinks; ``options(d)`` draws its (name, value, default) options in signature
    order and the kinks they add."""

    def draw(d: Draw) -> Sample:
        shape = d.shape()
        drawn, extra_kinks = options(d) if options else ([], ())
        x = _avoiding(d, shape, low, high, (*kinks, *extra_kinks))
        args, kwargs = _options(d, *drawn, keyword_only=keyword_only)
        return d.sample(x, *args, **kwargs)

    return draw


def _slope(d: Draw) -> tuple[Options, tuple[float, ...]]:
    return [("negative_slope", d.choice([0.01, 0.2, -0.5, 1.5, 0.0, 2]), 0.01)], ()


def _nonnegative_slope(d: Draw) -> tuple[Options, tuple[float, ...]]:
    # in place, PyTorch's gradient comes from the result: a negative slope is refused
    return [("negative_slope", d.choice([0.01, 0.2, 1.5, 0.0, 2]), 0.01)], ()


def _alpha(d: Draw) -> tuple[Options, tuple[float, ...]]:
    return [("alpha", d.choice([1.0, 0.5, 2.0, 1.7]), 1.0)], ()


def _approximate(d: Draw) -> tuple[Options, tuple[float, ...]]:
    return [("approximate", d.choice(["none", "tanh"]), "none")], ()


def _softplus_options(d: Draw) -> tuple[Options, tuple[float, ...]]:
    beta = d.choice([1.0, 2.0, 0.5, 3])
    threshold = d.choice([20.0, 1.0, 2.5, 0.5])
    # where beta * x > threshold softplus is x itself: a jump, kept away from
    return [("beta", beta, 1.0), ("threshold", threshold, 20.0)], (threshold / beta,)


def _hardtanh_options(d: Draw) -> tuple[Options, tuple[float, ...]]:
    low = d.choice([-1.0, -0.25, -1.5, 0.3, -3.0])
    high = low + d.choice([0.5, 1.0, 2.0, 4.5])
    return [("min_val", low, -1.0), ("max_val", high, 1.0)], (low, high)


def _rrelu_options(d: Draw) -> tuple[Options, tuple[float, ...]]:
    lower = d.choice([1.0 / 8, 0.2, 0.0, 0.5])
    upper = lower + d.choice([0.0, 0.2, 1.0 / 3 - 1.0 / 8])
    # training=True draws random slopes: only the deterministic training=False is comparable
    return [("lower", lower, 1.0 / 8), ("upper", upper, 1.0 / 3), ("training", False, False)], ()


def _lambd(d: Draw) -> tuple[Options, tuple[float, ...]]:
    lambd = d.choice([0.5, 0.8, 0.0, 1.3])
    return [("lambd", lambd, 0.5)], (lambd, -lambd)


def _draw_threshold(d: Draw, in_place: bool = False) -> Sample:
    threshold = d.choice([0.75, -2.5, 0.0, 1.2, -0.4])
    value = d.choice([-2.0, 0.0, 5.0, 0.5])
    if in_place:
        # PyTorch's in-place gradient is read from the result: a value above the threshold
        # would pass the gradient where the input was below it (its gradcheck fails too)
        value = min(value, threshold)
    x = _avoiding(d, d.shape(), -3.0, 3.0, (threshold,))
    if d.boolean(label="keywords"):
        return d.sample(x, threshold=threshold, value=value)
    return d.sample(x, threshold, value)


def _draw_glu(d: Draw) -> Sample:
    shape = list(d.shape(min_dims=1, max_dims=3))
    dim = d.dim(len(shape))
    assert dim is not None
    shape[dim] = 2 * d.integer(0, 2, label="half")
    x = d.tensor(tuple(shape))
    args, kwargs = _options(d, ("dim", dim, -1))
    return d.sample(x, *args, **kwargs)


def _draw_prelu(d: Draw) -> Sample:
    shape = d.shape()
    channels = shape[1] if len(shape) >= 2 else 1
    weight_shape = d.choice([(channels,), (1,), ()], label="weight shape")
    x = _avoiding(d, shape, -2.0, 2.0, (0.0,))
    return d.sample(x, d.tensor(weight_shape))


# -- regression and binary losses -----------------------------------------------------------
def _regression(option: str | None = None, weighted: bool = False) -> DrawFunction:
    """mse/l1/smooth_l1/huber: input and target of one shape (PyTorch warns when they
    broadcast), the reduction, ``option`` (beta or delta) and the per-element weight."""

    def draw(d: Draw) -> Sample:
        shape = d.shape()
        kwargs = _reduction(d)
        if option is not None:
            kwargs.update(_keywords(d, **{option: d.choice([1.0, 0.5, 2.0, 0.1])}))
        if weighted and d.boolean(label="weight"):
            kwargs["weight"] = d.tensor(shape, "positive", requires_grad=d.boolean(label="grad"))
        target = d.tensor(shape, requires_grad=d.boolean(label="target grad"))
        return _loss(d, d.tensor(shape), target, **kwargs)

    return draw


def _draw_bce(d: Draw) -> Sample:
    shape = d.shape()
    target = d.tensor(shape, "probability", requires_grad=d.boolean(label="target grad"))
    weight = _maybe_tensor(d, d.broadcastable_to(shape), "positive", requires_grad=False)
    args, kwargs = _options(d, ("weight", weight, None))
    kwargs.update(_reduction(d))
    return _loss(d, d.tensor(shape, "probability"), target, *args, **kwargs)


def _draw_bce_logits(d: Draw) -> Sample:
    shape = d.shape()
    target = d.tensor(shape, "probability", requires_grad=d.boolean(label="target grad"))
    weight = _maybe_tensor(d, d.broadcastable_to(shape), "positive", requires_grad=False)
    args, kwargs = _options(d, ("weight", weight, None))
    kwargs.update(_reduction(d))
    if d.boolean(label="pos_weight"):
        kwargs["pos_weight"] = d.tensor(d.broadcastable_to(shape), "positive", requires_grad=False)
    return _loss(d, d.tensor(shape), target, *args, **kwargs)


# -- classification losses -------------------------------------------------------------------
def _class_shapes(d: Draw) -> tuple[Shape, Shape, int]:
    """(input shape, target shape, classes) for (C,), (N, C) or (N, C, d1[, d2]) inputs."""
    classes = d.integer(1, 4, label="classes")
    kind = d.choice(["1d", "2d", "nd"], label="input kind")
    if kind == "1d":
        return (classes,), (), classes
    batch = _batch(d)
    extra = d.shape(min_dims=1, max_dims=2, min_side=1, max_side=3) if kind == "nd" else ()
    return (batch, classes, *extra), (batch, *extra), classes


def _ignore_index(d: Draw, classes: int) -> int:
    return d.choice([-100, -1, d.integer(0, classes - 1, label="ignored class")])


def _class_target(d: Draw, shape: Shape, classes: int, ignore_index: int) -> TensorArg:
    """Class indices, some of them ``ignore_index``."""
    target = d.index(shape, classes)
    if d.boolean(label="ignore some"):
        target.value[d.rng.random(shape) < 0.4] = ignore_index
    return target


def _draw_nll(d: Draw) -> Sample:
    input_shape, target_shape, classes = _class_shapes(d)
    ignore_index = _ignore_index(d, classes)
    target = _class_target(d, target_shape, classes, ignore_index)
    weight = _maybe_tensor(d, (classes,), "positive", requires_grad=False)
    args, kwargs = _options(d, ("weight", weight, None))
    if ignore_index != -100 or d.boolean(label="give ignore_index"):
        kwargs["ignore_index"] = ignore_index
    kwargs.update(_reduction(d))
    # PyTorch's nll_loss2d backward fails on a transposed 4-d input ("grad_input must be
    # contiguous")
    layout = d.choice([None, "strided"]) if len(input_shape) == 4 else True
    x = d.tensor(input_shape, layout=layout)
    ignored = bool(np.all(target.value == ignore_index))
    return _loss(d, x, target, *args, nothing=ignored, **kwargs)


def _draw_cross_entropy(d: Draw) -> Sample:
    input_shape, target_shape, classes = _class_shapes(d)
    weight = _maybe_tensor(d, (classes,), "positive", requires_grad=False)
    args, kwargs = _options(d, ("weight", weight, None))
    kwargs.update(_reduction(d))
    kwargs.update(_keywords(d, label_smoothing=d.choice([0.1, 0.0, 0.5, 1.0])))
    ignored = False
    if d.boolean(label="probability target"):
        logits = values(d.rng, input_shape, d.dtype)
        axis = 0 if len(input_shape) == 1 else 1
        probabilities = np.exp(logits) / np.exp(logits).sum(axis=axis, keepdims=True)
        target = TensorArg(
            probabilities.astype(d.dtype),
            requires_grad=d.boolean(label="target grad"),
            layout=d.layout(input_shape),
        )
    else:
        ignore_index = _ignore_index(d, classes)
        if ignore_index != -100 or d.boolean(label="give ignore_index"):
            kwargs["ignore_index"] = ignore_index
        target = _class_target(d, target_shape, classes, ignore_index)
        ignored = bool(np.all(target.value == ignore_index))
    return _loss(d, d.tensor(input_shape), target, *args, nothing=ignored, **kwargs)


def _draw_kl_div(d: Draw) -> Sample:
    shape = d.shape()
    log_target = d.boolean(label="log_target")
    if log_target:
        target = _avoiding(d, shape, -3.0, 0.0, requires_grad=d.boolean(label="target grad"))
    else:
        target = d.tensor(shape, "probability", requires_grad=d.boolean(label="target grad"))
    # reduction='mean' (also the default) makes PyTorch warn that it will change
    kwargs = {"reduction": d.choice(["batchmean", "sum", "none"])}
    if log_target or d.boolean(label="give log_target"):
        kwargs["log_target"] = log_target
    return _loss(d, _avoiding(d, shape, -3.0, 0.0), target, **kwargs)


def _draw_multilabel_soft_margin(d: Draw) -> Sample:
    classes = d.integer(1, 4, label="classes")
    shape: Shape = d.choice([(classes,), (_batch(d), classes)], label="shape")
    target = d.tensor(shape, "probability", requires_grad=d.boolean(label="target grad"))
    weight = _maybe_tensor(d, d.broadcastable_to((classes,)), "positive", requires_grad=False)
    args, kwargs = _options(d, ("weight", weight, None))
    kwargs.update(_reduction(d))
    return _loss(d, d.tensor(shape), target, *args, **kwargs)


def _draw_multi_margin(d: Draw) -> Sample:
    classes = d.integer(1, 4, label="classes")
    one_d = d.boolean(label="1d input")
    reduction = _reduction(d)
    shape: Shape = (classes,) if one_d else (_batch(d, _least_batch(reduction)), classes)
    target = d.index(d.choice([(), (1,)]) if one_d else shape[:1], classes)
    margin = d.choice([1.0, 0.5, 0.0, 2.0])
    x = d.tensor(shape)
    # the hinge max(0, margin - x[y] + x[i]) has its kink where x[i] - x[y] = -margin
    scores = x.value.reshape(-1, classes)
    picked = scores[np.arange(scores.shape[0]), target.value.reshape(-1)][:, None]
    gaps = np.abs(scores - picked + margin)
    assume(bool(np.all((gaps > 0.02) | (scores == picked))))
    weight = _maybe_tensor(d, (classes,), "positive", requires_grad=False)
    options = [("p", d.choice([1, 2]), 1), ("margin", margin, 1.0), ("weight", weight, None)]
    args, kwargs = _options(d, *options)
    return _loss(d, x, target, *args, **kwargs, **reduction)


def _draw_multilabel_margin(d: Draw) -> Sample:
    classes = d.integer(1, 4, label="classes")
    reduction = _reduction(d)
    batch = _batch(d, _least_batch(reduction))
    shape: Shape = d.choice([(classes,), (batch, classes)], label="shape")
    rows = math.prod(shape[:-1])
    labels = np.full((rows, classes), -1, dtype=np.int64)
    for row in range(rows):
        count = int(d.rng.integers(0, classes + 1))
        labels[row, :count] = d.rng.integers(0, classes, size=count)
        # what follows the first -1 is ignored: fill it with classes too
        if count < classes - 1 and d.rng.random() < 0.5:
            labels[row, count + 1 :] = d.rng.integers(0, classes, size=classes - count - 1)
    target = TensorArg(labels.reshape(shape), requires_grad=False)
    return _loss(d, d.tensor(shape), target, **reduction)


def _least_batch(reduction: dict[str, Any]) -> int:
    """PyTorch's multi_margin/multilabel_margin losses of an empty batch are uninitialized
    memory when reduced: empty batches only without reduction."""
    return 0 if reduction.get("reduction") == "none" else 1


# -- ctc ---------------------------------------------------------------------------------------
def _ctc_needed(labels: np.ndarray) -> int:
    """The fewest time steps that emit ``labels``: one each, plus a blank between repeats."""
    return len(labels) + int(np.sum(labels[1:] == labels[:-1]))


def _draw_ctc(d: Draw) -> Sample:
    """Log probabilities (T, N, C) or unbatched (T, C), padded or concatenated targets of
    non-blank labels, lengths as tensors or tuples. Without zero_infinity the input lengths
    leave room for every target (an impossible one has an infinite loss and NaN gradients)."""
    steps, classes = d.integer(1, 5, label="T"), d.integer(2, 4, label="C")
    batched = d.boolean(label="batched")
    batch = d.integer(1, 3, label="N") if batched else 1
    blank = d.integer(0, classes - 1, label="blank")
    zero_infinity = d.boolean(label="zero_infinity")
    others = [c for c in range(classes) if c != blank]
    targets, inputs = [], []
    for _ in range(batch):
        length = d.integer(0, min(3, steps), label="target length")
        labels = np.asarray(d.rng.choice(others, size=length), dtype=np.int64)
        needed = _ctc_needed(labels)
        low = 0 if zero_infinity else needed
        if low > steps:
            labels, needed, low = labels[:0], 0, 0
        targets.append(labels)
        inputs.append(d.integer(low, steps, label="input length"))
    lengths = [len(t) for t in targets]
    if not batched or d.boolean(label="concatenated"):
        flat = np.concatenate(targets) if targets else np.zeros(0, np.int64)
        target = TensorArg(flat.astype(np.int64), requires_grad=False)
    else:
        padded = np.full((batch, max(max(lengths), 1)), blank, dtype=np.int64)
        for row, labels in enumerate(targets):
            padded[row, : len(labels)] = labels
        target = TensorArg(padded, requires_grad=False)
    shape = (steps, batch, classes) if batched else (steps, classes)
    if d.boolean(label="tensor lengths"):
        il: Any = TensorArg(np.asarray(inputs, np.int64).reshape(-1), requires_grad=False)
        tl: Any = TensorArg(np.asarray(lengths, np.int64).reshape(-1), requires_grad=False)
        if not batched and d.boolean(label="0-d lengths"):
            il = TensorArg(il.value.reshape(()), requires_grad=False)
            tl = TensorArg(tl.value.reshape(()), requires_grad=False)
    else:
        il, tl = tuple(inputs), tuple(lengths)
    options = [("blank", blank, 0)]
    args, kwargs = _options(d, *options)
    kwargs.update(_reduction(d))
    if zero_infinity or d.boolean(label="give zero_infinity"):
        kwargs["zero_infinity"] = zero_infinity
    return _loss(d, d.tensor(shape), target, il, tl, *args, **kwargs)


# -- margin and embedding losses ---------------------------------------------------------------
def _same_ndim(shapes: Sequence[Shape]) -> list[Shape]:
    ndim = max(len(s) for s in shapes)
    return [(1,) * (ndim - len(s)) + tuple(s) for s in shapes]


def _draw_margin_ranking(d: Draw) -> Sample:
    # PyTorch wants the three of one ndim; their sizes broadcast
    first, second, target = _same_ndim(d.broadcast_shapes(3))
    args, kwargs = _options(d, ("margin", d.choice([0.0, 0.3, 1.0, -0.5]), 0.0))
    kwargs.update(_reduction(d))
    return _loss(d, d.tensor(first), d.tensor(second), _signs(d, target), *args, **kwargs)


def _draw_hinge_embedding(d: Draw) -> Sample:
    shape, target_shape = d.broadcast_shapes(2)
    margin = d.choice([1.0, 0.5, 2.0, 0.0])
    x = _avoiding(d, shape, -2.0, 2.0, (margin,))
    args, kwargs = _options(d, ("margin", margin, 1.0))
    kwargs.update(_reduction(d))
    return _loss(d, x, _signs(d, target_shape), *args, **kwargs)


def _draw_soft_margin(d: Draw) -> Sample:
    shape = d.shape()
    return _loss(d, d.tensor(shape), _signs(d, shape), **_reduction(d))


def _draw_triplet(d: Draw) -> Sample:
    features = d.integer(1, 4, label="features")
    shape: Shape = d.choice([(features,), (_batch(d), features)], label="shape")
    options = [
        ("margin", d.choice([1.0, 0.5, 2.0, 0.1]), 1.0),  # PyTorch: margin > 0
        ("p", d.choice([2, 1, 3, 1.5]), 2),
        ("eps", d.choice([1e-6, 0.1]), 1e-6),
        ("swap", d.boolean(label="swap"), False),
    ]
    args, kwargs = _options(d, *options)
    kwargs.update(_reduction(d))
    anchor, positive, negative = d.tensor(shape), d.tensor(shape), d.tensor(shape)
    _apart(anchor, positive, options[2][1])
    _apart(anchor, negative, options[2][1])
    _apart(positive, negative, options[2][1])  # the distance swap uses
    return _loss(d, anchor, positive, negative, *args, **kwargs)


def _draw_cosine_embedding(d: Draw) -> Sample:
    features = d.integer(1, 4, label="features")
    one_d = d.boolean(label="1d")
    shape: Shape = (features,) if one_d else (_batch(d), features)
    target = _signs(d, () if one_d else shape[:1])
    args, kwargs = _options(d, ("margin", d.choice([0.0, 0.2, -0.5, 0.9]), 0.0))
    kwargs.update(_reduction(d))
    x1, x2 = d.tensor(shape, "nonzero"), d.tensor(shape, "nonzero")
    return _loss(d, x1, x2, target, *args, **kwargs)


def _draw_poisson(d: Draw) -> Sample:
    shape = d.shape()
    log_input = d.boolean(label="log_input")
    x = d.tensor(shape, "real" if log_input else "positive")
    target = TensorArg(
        d.rng.uniform(0.5, 4.0, size=shape).astype(d.dtype),
        requires_grad=d.boolean(label="target grad"),
        layout=d.layout(shape),
    )
    options = [("log_input", log_input, True), ("full", d.boolean(label="full"), False)]
    args, kwargs = _options(d, *options)
    kwargs.update(_keywords(d, eps=d.choice([1e-8, 1e-3, 0.5])))
    kwargs.update(_reduction(d))
    return _loss(d, x, target, *args, **kwargs)


def _draw_gaussian(d: Draw) -> Sample:
    shape = d.shape(min_dims=1)
    kind = d.choice(["same", "last dim dropped", "a dim 1", "float"], label="var")
    eps = d.choice([1e-6, 0.7])
    var: Any
    clamped = False
    if kind == "float":  # a Python float (PyTorch fails on an int)
        var = d.choice([0.5, 1.0, 2.0])
    else:
        var_shape = shape if kind == "same" else shape[:-1]
        if kind == "a dim 1":  # broadcast along one dim
            one = d.integer(0, len(shape) - 1, label="dim of size 1")
            var_shape = (*shape[:one], 1, *shape[one + 1 :])
        var = _avoiding(d, var_shape, 0.5, 2.0, (eps,), requires_grad=d.boolean(label="var grad"))
        # PyTorch clamps var at eps unrecorded: the loss is flat in var below eps, its
        # gradient is not, and finite differences disagree
        clamped = var.requires_grad and bool(np.any(var.value < eps))
    options = [("full", d.boolean(label="full"), False), ("eps", eps, 1e-6)]
    args, kwargs = _options(d, *options)
    kwargs.update(_reduction(d))
    target = d.tensor(shape, requires_grad=d.boolean(label="target grad"))
    return _loss(d, d.tensor(shape), target, var, *args, gradcheck=not clamped, **kwargs)


# -- softmax, linear layers, embedding --------------------------------------------------------
def _draw_softmax(d: Draw) -> Sample:
    shape = d.shape()
    dim = d.dim(len(shape))
    x = d.tensor(shape)
    if d.dtype == "float32" and d.boolean(label="dtype"):
        return d.sample(x, dim, dtype="dtype:float64")
    return d.sample(x, dim) if d.boolean(label="positional") else d.sample(x, dim=dim)


def _draw_linear(d: Draw) -> Sample:
    batch = d.shape(max_dims=3, max_side=3)
    features, out = d.sizes(2, low=0)
    x = d.tensor((*batch, features))
    if d.boolean(label="1-d weight"):  # the output loses the feature dim
        # (with a bias, a 2-d input takes PyTorch's addmm, which wants a matrix)
        bias = _maybe_tensor(d, ()) if len(batch) != 1 else None
        args, kwargs = _options(d, ("bias", bias, None))
        return d.sample(x, d.tensor((features,)), *args, **kwargs)
    bias = _maybe_tensor(d, d.choice([(out,), (), (1,)] if out == 1 else [(out,), ()]))
    args, kwargs = _options(d, ("bias", bias, None))
    return d.sample(x, d.tensor((out, features)), *args, **kwargs)


def _draw_addmm(d: Draw) -> Sample:
    n, k, m = d.sizes(3, low=0)
    input_shape = d.choice([(n, m), (m,), (1, m), (n, 1), (), (1, 1)], label="input shape")
    kwargs = _keywords(d, beta=d.choice([1, 0.5, 0, 2.0]), alpha=d.choice([1, 2, 0.5, -1.5]))
    return d.sample(d.tensor(input_shape), d.tensor((n, k)), d.tensor((k, m)), **kwargs)


def _draw_bilinear(d: Draw) -> Sample:
    batch = d.shape(max_dims=2, max_side=3)
    in1, in2 = d.sizes(2)  # (PyTorch fails on no in-features)
    out = d.integer(0, 4, label="out")
    inputs = d.tensor((*batch, in1)), d.tensor((*batch, in2)), d.tensor((out, in1, in2))
    args, kwargs = _options(d, ("bias", _maybe_tensor(d, (out,)), None))
    return d.sample(*inputs, *args, **kwargs)


def _draw_embedding(d: Draw) -> Sample:
    rows, features = d.integer(1, 5, label="rows"), d.integer(0, 3, label="features")
    # (with max_norm, a transposed weight of no features gives PyTorch a first-order
    # gradient that does not require grad: at least one feature there)
    max_norm = d.choice([None, 1.0, 2.5], label="max_norm")
    features = max(features, 1) if max_norm is not None else features
    # no empty indices: PyTorch's double backward reshapes them with a -1 and fails
    indices = d.index(d.shape(max_dims=2, min_side=1), rows)
    padding_idx = d.choice([None, d.integer(-rows, rows - 1)], label="padding_idx")
    options = [
        ("padding_idx", padding_idx, None),
        ("max_norm", max_norm, None),
        ("norm_type", d.choice([2.0, 1.0, 3.0]), 2.0),
        ("scale_grad_by_freq", d.boolean(label="scale_grad_by_freq"), False),
    ]
    args, kwargs = _options(d, *options)
    # the padding row gets no gradient (finite differences see one); max_norm rescales the
    # weight in place, which finite differences cannot follow; scale_grad_by_freq's gradient
    # is a rescaling, not a derivative (PyTorch's gradcheck fails too)
    gradcheck = padding_idx is None and max_norm is None and not options[3][1]
    return d.sample(indices, d.tensor((rows, features)), *args, gradcheck=gradcheck, **kwargs)


def _draw_embedding_bag(d: Draw) -> Sample:
    rows, features = d.integer(1, 5, label="rows"), d.integer(1, 3, label="features")
    mode = d.choice(["sum", "mean", "max"], label="mode")
    padding_idx = d.choice([None, d.integer(-rows, rows - 1)], label="padding_idx")
    kwargs: dict[str, Any] = {"mode": mode, "padding_idx": padding_idx}
    if d.boolean(label="2-D input"):  # fixed-length bags, no offsets
        indices = d.index((d.integer(1, 3), d.integer(1, 3)), rows)
        return d.sample(indices, d.tensor((rows, features)), **kwargs)
    length = d.integer(0, 6, label="length")
    starts = [0, *sorted(d.integer(0, length) for _ in range(d.integer(0, 3)))]
    if d.boolean(label="include_last_offset"):
        starts.append(length)
        kwargs["include_last_offset"] = True
    offsets = TensorArg(np.asarray(starts, dtype=np.int64), requires_grad=False)
    if mode == "sum" and d.boolean(label="per_sample_weights"):
        kwargs["per_sample_weights"] = d.tensor((length,))
    return d.sample(d.index((length,), rows), d.tensor((rows, features)), offsets, **kwargs)


# -- convolutions ------------------------------------------------------------------------------
def _ints(d: Draw, values_: Sequence[int]) -> Any:
    """One int per spatial dim as a tuple or a list, or as an int when they are equal."""
    if len(set(values_)) == 1 and d.boolean(label="as int"):
        return values_[0]
    return d.choice([tuple(values_), list(values_)], label="tuple or list")


def _conv(transposed: bool, spatial: int) -> DrawFunction:
    """conv1d/2d/3d and the transposes: groups, channels, kernel, stride, padding (ints, or
    'valid'/'same'), output_padding, dilation, bias, batched or not."""

    def draw(d: Draw) -> Sample:
        groups = d.choice([1, 1, 2, 3], label="groups")
        channels_in = groups * d.integer(1, 2, label="in per group")
        channels_out = groups * d.integer(1, 2, label="out per group")
        kernel = d.sizes(spatial, 1, 3)
        stride = d.sizes(spatial, 1, 3)
        dilation = d.sizes(spatial, 1, 2)
        extent = [dl * (k - 1) + 1 for dl, k in zip(dilation, kernel)]
        padding_arg: Any
        if transposed:
            padding = [d.integer(0, 2, label="padding") for _ in range(spatial)]
            output_padding = [
                d.integer(0, max(s, dl) - 1, label="output_padding")
                for s, dl in zip(stride, dilation)
            ]
            sizes = d.sizes(spatial, 1, 4)
            for size, s, p, e, op in zip(sizes, stride, padding, extent, output_padding):
                assume((size - 1) * s - 2 * p + e + op > 0)
            weight_shape = (channels_in, channels_out // groups, *kernel)
            padding_arg = _ints(d, padding)
        else:
            mode = d.choice(["ints", "valid", "same"], label="padding kind")
            if mode == "same":  # PyTorch allows it with stride 1 only
                stride, padding, padding_arg = (1,) * spatial, [0] * spatial, "same"
                # and warns when the padding is uneven (an odd dilation * (kernel - 1))
                dilation = tuple(2 if dl * (k - 1) % 2 else dl for dl, k in zip(dilation, kernel))
                extent = [1] * spatial
            elif mode == "valid":
                padding, padding_arg = [0] * spatial, "valid"
            else:
                padding = [d.integer(0, 2, label="padding") for _ in range(spatial)]
                padding_arg = _ints(d, padding)
            sizes = tuple(
                d.integer(max(e - 2 * p, 1), max(e - 2 * p, 1) + 3, label="size")
                for e, p in zip(extent, padding)
            )
            weight_shape = (channels_out, channels_in // groups, *kernel)
        batch = () if d.boolean(label="unbatched") else (_batch(d),)
        x = d.tensor((*batch, channels_in, *sizes))
        options = [
            ("bias", _maybe_tensor(d, (channels_out,)), None),
            ("stride", _ints(d, stride), 1),
            ("padding", padding_arg, 0),
        ]
        if transposed:
            options += [
                ("output_padding", _ints(d, output_padding), 0),
                ("groups", groups, 1),
                ("dilation", _ints(d, dilation), 1),
            ]
        else:
            options += [("dilation", _ints(d, dilation), 1), ("groups", groups, 1)]
        args, kwargs = _options(d, *options)
        return d.sample(x, d.tensor(weight_shape), *args, **kwargs)

    return draw


# -- pooling -----------------------------------------------------------------------------------
def _pool_output(size: int, k: int, s: int, p: int, dl: int, ceil_mode: bool) -> int:
    span = size + 2 * p - dl * (k - 1) - 1
    if span < 0:
        return 0
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:  # the last window must start inside
        out -= 1
    return out


def _pool(kind: str, spatial: int) -> DrawFunction:
    """max_pool/avg_pool: kernel, stride (None: the kernel), padding (at most half the
    kernel), dilation, ceil_mode, return_indices, count_include_pad, divisor_override."""

    def draw(d: Draw) -> Sample:
        one_d = spatial == 1
        kernel = d.sizes(spatial, 1, 3)
        default_stride = d.boolean(label="default stride")
        stride = tuple(kernel) if default_stride else d.sizes(spatial, 1, 3)
        padding = [d.integer(0, k // 2, label="padding") for k in kernel]
        dilation = d.sizes(spatial, 1, 2) if kind == "max" else (1,) * spatial
        ceil_mode = d.boolean(label="ceil_mode")
        sizes = []
        for k, s, p, dl in zip(kernel, stride, padding, dilation):
            low = max(dl * (k - 1) + 1 - 2 * p, 1)
            if kind == "avg" and spatial == 3:  # PyTorch wants the unpadded input to fit
                low = max(low, k)
            sizes.append(d.integer(low, low + 3, label="size"))
            out = _pool_output(sizes[-1], k, s, p, dl, ceil_mode)
            assume(out > 0)
            # a dilated window can fall in the padding only: PyTorch returns -inf and an
            # index outside the input there
            for start in range(-p, (out - 1) * s - p + 1, s):
                assume(any(0 <= start + j * dl < sizes[-1] for j in range(k)))
        batch = () if d.boolean(label="unbatched") else (_batch(d),)
        x = d.tensor((*batch, d.integer(1, 2, label="channels"), *sizes))
        options: Options = [
            ("stride", None if default_stride else _ints(d, stride), None),
            ("padding", _ints(d, padding), 0),
        ]
        if kind == "max":
            options += [
                ("dilation", _ints(d, dilation), 1),
                ("ceil_mode", ceil_mode, False),
                ("return_indices", d.boolean(label="return_indices"), False),
            ]
        else:
            options += [
                ("ceil_mode", ceil_mode, False),
                ("count_include_pad", d.boolean(label="count_include_pad"), True),
            ]
            if not one_d:
                options.append(("divisor_override", d.choice([None, 1, 3]), None))
        args, kwargs = _options(d, *options)
        return d.sample(x, _ints(d, kernel), *args, **kwargs)

    return draw


def _adaptive(spatial: int) -> DrawFunction:
    """adaptive_avg_pool: output sizes smaller or larger than the input (None keeps one)."""

    def draw(d: Draw) -> Sample:
        sizes = d.sizes(spatial, 1, 5)
        batch = () if d.boolean(label="unbatched") else (_batch(d),)
        x = d.tensor((*batch, d.integer(1, 2, label="channels"), *sizes))
        output_size: Any = _ints(d, d.sizes(spatial, 1, 5))
        if isinstance(output_size, (tuple, list)) and spatial >= 2 and d.boolean(label="None"):
            entries = list(output_size)
            entries[d.integer(0, spatial - 1, label="which")] = None
            output_size = type(output_size)(entries)
        if d.boolean(label="keyword"):
            return d.sample(x, output_size=output_size)
        return d.sample(x, output_size)

    return draw


def _adaptive_max(spatial: int) -> DrawFunction:
    """adaptive_max_pool: adaptive_avg_pool's draws, with or without the indices."""
    base = _adaptive(spatial)

    def draw(d: Draw) -> Sample:
        sample = base(d)
        if d.boolean(label="return_indices"):
            sample.kwargs["return_indices"] = True
        return sample

    return draw


def _max_unpool(spatial: int) -> DrawFunction:
    """max_unpool: a kernel and stride of 1 to 3, and distinct positions in each output plane."""

    def draw(d: Draw) -> Sample:
        kernel = d.integer(1, 3, label="kernel")
        stride = kernel if d.boolean(label="default stride") else d.integer(1, 3, label="stride")
        sizes = d.sizes(spatial, 1, 3)
        out = [(size - 1) * stride + kernel for size in sizes]
        batch = () if d.boolean(label="unbatched") else (d.integer(1, 2, label="batch"),)
        shape = (*batch, d.integer(1, 2, label="channels"), *sizes)
        planes = int(np.prod(shape[:-spatial]))
        rows = [d.rng.permutation(math.prod(out))[: math.prod(sizes)] for _ in range(planes)]
        indices = TensorArg(np.array(rows, dtype=np.int64).reshape(shape), requires_grad=False)
        if stride == kernel and d.boolean(label="stride left out"):
            return d.sample(d.tensor(shape), indices, kernel)
        return d.sample(d.tensor(shape), indices, kernel, stride)

    return draw


def _draw_pixel_shuffle(d: Draw) -> Sample:
    """pixel_shuffle: a factor of 1 to 3, channels a multiple of its square, 0 to 2 batch dims
    (not empty: PyTorch's own backward fails there)."""
    factor = d.integer(1, 3, label="factor")
    lead = tuple(d.integer(1, 2, label="batch") for _ in range(d.integer(0, 2, label="dims")))
    channels = factor * factor * d.integer(1, 2, label="groups")
    x = d.tensor((*lead, channels, *d.sizes(2, 1, 3)))
    return d.sample(x, factor)


def _draw_channel_shuffle(d: Draw) -> Sample:
    """channel_shuffle: 1 to 3 groups of 1 to 2 channels, 1 to 3 trailing dims (not empty)."""
    groups = d.integer(1, 3, label="groups")
    channels = groups * d.integer(1, 2, label="per group")
    rest = d.sizes(d.integer(1, 3, label="trailing dims"), 1, 3)
    x = d.tensor((d.integer(1, 2, label="batch"), channels, *rest))
    return d.sample(x, groups)


def _draw_pixel_unshuffle(d: Draw) -> Sample:
    """pixel_unshuffle: height and width multiples of a factor of 1 to 3 (not empty)."""
    factor = d.integer(1, 3, label="factor")
    lead = tuple(d.integer(1, 2, label="batch") for _ in range(d.integer(0, 2, label="dims")))
    spatial = tuple(factor * s for s in d.sizes(2, 1, 2))
    x = d.tensor((*lead, d.integer(1, 2, label="channels"), *spatial))
    return d.sample(x, factor)


# -- padding -----------------------------------------------------------------------------------
def _draw_pad(d: Draw) -> Sample:
    mode = d.choice(["constant", "constant", "reflect", "replicate", "circular"], label="mode")
    widths: list[int] = []
    if mode == "constant":  # any input; negative widths crop
        shape = d.shape(max_dims=3)
        for i in range(d.integer(0, len(shape), label="padded dims")):
            size = shape[len(shape) - 1 - i]
            left = d.integer(-min(size, 2), 2, label="left")  # crops what is there
            widths += [left, d.integer(-min(size + min(left, 0), 2), 2, label="right")]
        x = d.tensor(shape)
        options = [("mode", "constant", "constant"), ("value", d.choice([0.5, 0, -1.25]), None)]
        args, kwargs = _options(d, *options)
        return d.sample(x, d.choice([tuple(widths), widths]), *args, **kwargs)
    # reflect, replicate and circular: the last 1 to 3 dims, after one or two batch dims
    dims = d.integer(1, 3, label="padded dims")
    batch = d.integer(1, 2, label="batch dims")
    shape = d.shape(min_dims=dims + batch, max_dims=dims + batch, min_side=1, max_side=3)
    for i in range(dims):
        size = shape[len(shape) - 1 - i]
        limit = {"reflect": size - 1, "replicate": 2, "circular": size}[mode]
        widths += [d.integer(0, limit, label="left"), d.integer(0, limit, label="right")]
    if d.boolean(label="mode positional"):
        return d.sample(d.tensor(shape), tuple(widths), mode)
    return d.sample(d.tensor(shape), tuple(widths), mode=mode)


# -- normalizations ----------------------------------------------------------------------------
def _eps(d: Draw) -> float:
    return d.choice([1e-5, 1e-3, 0.1])


def _affine_parameters(d: Draw, shape: Shape, layout: Any = True) -> tuple[Any, Any]:
    """weight and bias, each a tensor or None, but no bias without a weight: PyTorch's double
    backward of layer/batch/group norm fails then ("Expected a proper Tensor but got None").

    (Groups of one or two values are left out by the draws: they normalize to 0, or to -1
    and 1, whatever the values; the gradient is pure cancellation (amplified by 1/sqrt(eps)
    for one value) and PyTorch's float32 loses digits there.)"""
    weight = _maybe_tensor(d, shape, layout=layout)
    return weight, _maybe_tensor(d, shape) if weight is not None else None


def _draw_layer_norm(d: Draw) -> Sample:
    shape = d.shape(min_dims=1, max_side=3)
    count = d.integer(1, len(shape), label="normalized dims")
    normalized = shape[len(shape) - count :]
    assume(math.prod(normalized) > 2)  # see _affine_parameters
    weight, bias = _affine_parameters(d, normalized)
    options = [("weight", weight, None), ("bias", bias, None), ("eps", _eps(d), 1e-5)]
    args, kwargs = _options(d, *options)
    normalized_arg = d.choice([tuple(normalized), list(normalized)])
    return d.sample(d.tensor(shape), normalized_arg, *args, **kwargs)


def _draw_batch_norm(d: Draw) -> Sample:
    channels = d.integer(1, 3, label="channels")
    spatial = d.shape(max_dims=2, min_side=1, max_side=3)
    batch = d.integer(1, 3, label="batch")
    running = d.boolean(label="running stats")
    training = d.boolean(label="training") or not running
    if training:  # PyTorch wants more than one value per channel (and see _affine_parameters)
        assume(batch * math.prod(spatial) > 2)
    # contiguous weight and running stats: PyTorch's backward reads strided ones wrongly
    mean = d.tensor((channels,), requires_grad=False, layout=None) if running else None
    var = d.tensor((channels,), "positive", requires_grad=False, layout=None) if running else None
    weight, bias = _affine_parameters(d, (channels,), layout=None)
    options = [
        ("weight", weight, None),
        ("bias", bias, None),
        ("training", training, False),
        ("momentum", d.choice([0.1, 0.3, 0.0, 1.0]), 0.1),
        ("eps", _eps(d), 1e-5),
    ]
    args, kwargs = _options(d, *options)
    return d.sample(d.tensor((batch, channels, *spatial)), mean, var, *args, **kwargs)


def _draw_group_norm(d: Draw) -> Sample:
    groups = d.integer(1, 3, label="groups")
    channels = groups * d.integer(1, 2, label="channels per group")
    spatial = d.shape(max_dims=2, min_side=1, max_side=3)
    batch = _batch(d)
    # PyTorch wants more than one value per group (unless the batch is empty)
    assume(batch * channels // groups * math.prod(spatial) != 1)
    assume(channels // groups * math.prod(spatial) > 2)  # see _affine_parameters
    weight, bias = _affine_parameters(d, (channels,))
    options = [("weight", weight, None), ("bias", bias, None), ("eps", _eps(d), 1e-5)]
    args, kwargs = _options(d, *options)
    return d.sample(d.tensor((batch, channels, *spatial)), groups, *args, **kwargs)


# -- norms and distances -----------------------------------------------------------------------
_ORDERS = (2, 1, 3, 0.5, math.inf, -math.inf, -1, 0, 2.5, 2.0)


def _draw_norm(top_level: bool) -> DrawFunction:
    """torch.norm / linalg.vector_norm (input, p, dim, keepdim): ``p`` includes inf, -inf,
    0, fractional and negative orders, ``dim`` None, an int or a tuple."""

    def draw(d: Draw) -> Sample:
        shape = d.shape(max_dims=3)
        ndim = len(shape)
        p: Any = d.choice(_ORDERS, label="p")
        if top_level and p == 2 and d.boolean(label="fro"):
            p = "fro"
        kind = d.choice(["none", "int", "tuple"], label="dim kind")
        dim: Any = None if kind == "none" else d.dim(ndim) if kind == "int" else d.dims(ndim)
        if p == "fro" and isinstance(dim, tuple):
            dim = dim[:2]  # 'fro' over more dims is a matrix norm error
        reduced = range(ndim) if dim is None else [dim] if isinstance(dim, int) else dim
        empty = 0 in shape and (dim is None or not all(shape[r] for r in reduced))
        if not isinstance(p, str) and (p < 0 or p == math.inf):
            assume(not empty)  # no identity: PyTorch raises
        if p not in (0, 1, 2, "fro"):
            # PyTorch's double backward gives nan over empty dims for orders above 2
            assume(not empty)
        args: list[Any] = [d.tensor(shape, "nonzero"), p, dim, d.boolean(label="keepdim")]
        defaults = (None, None, None, False)  # trailing ones at their defaults may go
        while len(args) > 2 and args[-1] is defaults[len(args) - 1] and d.boolean(label="drop"):
            args.pop()
        return d.sample(*args)

    return draw


def _draw_normalize(d: Draw) -> Sample:
    shape = d.shape(max_dims=3)
    dim = d.dim(len(shape))
    assert dim is not None
    # over an empty dim, the inf norm raises and orders above 2 give PyTorch a nan double
    # backward (see _draw_norm)
    empty = bool(shape) and shape[dim] == 0
    orders = [2.0, 1.0, 0.5] if empty else [2.0, 1.0, 3, 0.5, math.inf]
    options = [
        ("p", d.choice(orders), 2.0),
        ("dim", dim, 1),
        ("eps", d.choice([1e-12, 1e-12, 0.5]), 1e-12),
    ]
    args, kwargs = _options(d, *options)
    # eps=0.5 clamps the norm: the clamp has a kink
    return d.sample(d.tensor(shape, "nonzero"), *args, gradcheck=options[2][1] < 0.1, **kwargs)


def _draw_cosine_similarity(d: Draw) -> Sample:
    first, second = d.broadcast_shapes(2, min_side=1)
    ndim = max(len(first), len(second))
    dim = d.dim(ndim) if ndim >= 2 and d.boolean(label="dim 1") else 1 if ndim >= 2 else -1
    args, kwargs = _options(d, ("dim", dim, 1), ("eps", d.choice([1e-8, 1e-3]), 1e-8))
    return d.sample(d.tensor(first, "nonzero"), d.tensor(second, "nonzero"), *args, **kwargs)


def _draw_pairwise_distance(d: Draw) -> Sample:
    first, second = d.broadcast_shapes(2, min_side=1)
    options = [
        ("p", d.choice([2.0, 1.0, 3, 0.5, math.inf, 0]), 2.0),
        ("eps", d.choice([1e-6, 0.1]), 1e-6),
        ("keepdim", d.boolean(label="keepdim"), False),
    ]
    args, kwargs = _options(d, *options)
    x1, x2 = d.tensor(first), d.tensor(second)
    _apart(x1, x2, options[1][1])
    return d.sample(x1, x2, *args, **kwargs)


def _apart(first: TensorArg, second: TensorArg, eps: float, margin: float = 0.02) -> None:
    """Keep ``first - second + eps`` (pairwise_distance's difference) off the p-norms' kink
    at 0, where float32 loses the gradients' digits."""
    assume(bool(np.all(np.abs(first.value - second.value + eps) > margin)))


# -- interpolate, unfold, fold -------------------------------------------------------------------
def _draw_interpolate(d: Draw) -> Sample:
    spatial = d.integer(1, 2, label="spatial dims")
    mode = d.choice(["nearest", "linear" if spatial == 1 else "bilinear"], label="mode")
    sizes = d.sizes(spatial, 1, 4)
    x = d.tensor((_batch(d), d.integer(1, 2, label="channels"), *sizes))
    kwargs: dict[str, Any] = {}
    if mode != "nearest" or d.boolean(label="give mode"):
        kwargs["mode"] = mode
    if mode != "nearest" and d.boolean(label="give align_corners"):
        kwargs["align_corners"] = d.boolean(label="align_corners")
    if d.boolean(label="size"):
        output_size = _ints(d, d.sizes(spatial, 1, 6))
        if d.boolean(label="size positional"):
            return d.sample(x, output_size, **kwargs)
        return d.sample(x, size=output_size, **kwargs)
    scales = [d.choice([0.5, 0.6, 1.0, 1.3, 1.7, 2.0, 2.5, 3]) for _ in range(spatial)]
    scale_factor = scales[0] if len(set(scales)) == 1 and d.boolean() else tuple(scales)
    kwargs.update(_keywords(d, recompute_scale_factor=d.boolean(label="recompute")))
    for size, scale in zip(sizes, scales):
        out = math.floor(size * scale)
        assume(out > 0)
        if mode == "nearest" and spatial == 1 and not kwargs.get("recompute_scale_factor"):
            # PyTorch's 1-d nearest forward then picks by the scale but its backward (and the
            # 2-d kernels) take the shortcut of equal or doubled sizes: they disagree when
            # the scale is not exactly 1 or 2
            assume(out not in (size, 2 * size) or scale in (1.0, 2.0))
    return d.sample(x, scale_factor=scale_factor, **kwargs)


def _block_options(d: Draw) -> tuple[list[tuple[int, ...]], dict[str, Any]]:
    """kernel_size, dilation, padding, stride of unfold/fold: their values per spatial dim,
    and the keyword arguments giving the non-default ones (and maybe some default ones)."""
    values_ = [d.sizes(2, 1, 3), d.sizes(2, 1, 2), d.sizes(2, 0, 1), d.sizes(2, 1, 2)]
    kwargs = {}
    for name, pair, default in zip(("dilation", "padding", "stride"), values_[1:], (1, 0, 1)):
        if pair != (default, default) or d.boolean(label=f"give {name}"):
            kwargs[name] = _ints(d, pair)
    return values_, kwargs


def _draw_unfold(d: Draw) -> Sample:
    (kernel, dilation, padding, _), kwargs = _block_options(d)
    sizes = []
    for k, dl, p in zip(kernel, dilation, padding):
        low = max(dl * (k - 1) + 1 - 2 * p, 1)
        sizes.append(d.integer(low, low + 2, label="size"))
    batch = () if d.boolean(label="unbatched") else (_batch(d),)
    x = d.tensor((*batch, d.integer(1, 2, label="channels"), *sizes))
    return d.sample(x, _ints(d, kernel), **kwargs)


def _draw_fold(d: Draw) -> Sample:
    (kernel, dilation, padding, stride), kwargs = _block_options(d)
    output, blocks = [], 1
    for k, dl, p, s in zip(kernel, dilation, padding, stride):
        low = max(dl * (k - 1) + 1 - 2 * p, 1)
        output.append(d.integer(low, low + 2, label="output size"))
        blocks *= (output[-1] + 2 * p - dl * (k - 1) - 1) // s + 1
    channels = d.integer(1, 2, label="channels") * kernel[0] * kernel[1]
    batch = () if d.boolean(label="unbatched") else (_batch(d),)
    x = d.tensor((*batch, channels, blocks))
    return d.sample(x, _ints(d, output), _ints(d, kernel), **kwargs)


# -- the table ---------------------------------------------------------------------------------
DRAWS: dict[str, DrawFunction] = {
    "leaky_relu": _activation(options=_slope),
    "elu": _activation(options=_alpha),
    "selu": _activation(),
    "celu": _activation(options=_alpha),
    "gelu": _activation(-3.0, 3.0, (), options=_approximate, keyword_only=True),
    "silu": _activation(-4.0, 4.0, ()),
    "mish": _activation(-4.0, 4.0, ()),
    "softplus": _activation(-4.0, 4.0, (), options=_softplus_options),
    "hardtanh": _activation(-4.0, 4.0, (), options=_hardtanh_options),
    "relu6": _activation(-2.0, 8.0, (0.0, 6.0)),
    "hardsigmoid": _activation(-4.0, 4.0, (-3.0, 3.0)),
    "hardswish": _activation(-4.0, 4.0, (-3.0, 3.0)),
    "logsigmoid": _activation(-4.0, 4.0, ()),
    "threshold": _draw_threshold,
    "softsign": _activation(),
    "tanhshrink": _activation(-3.0, 3.0, ()),
    "mse_loss": _regression(weighted=True),
    "l1_loss": _regression(weighted=True),
    "smooth_l1_loss": _regression("beta"),
    "huber_loss": _regression("delta", weighted=True),
    "binary_cross_entropy": _draw_bce,
    "binary_cross_entropy_with_logits": _draw_bce_logits,
    "nll_loss": _draw_nll,
    "cross_entropy": _draw_cross_entropy,
    "kl_div": _draw_kl_div,
    "softmax": _draw_softmax,
    "log_softmax": _draw_softmax,
    "linear": _draw_linear,
    "addmm": _draw_addmm,
    "bilinear": _draw_bilinear,
    "embedding": _draw_embedding,
    "embedding_bag": _draw_embedding_bag,
    "conv1d": _conv(False, 1),
    "conv2d": _conv(False, 2),
    "conv3d": _conv(False, 3),
    "conv_transpose1d": _conv(True, 1),
    "conv_transpose2d": _conv(True, 2),
    "conv_transpose3d": _conv(True, 3),
    "max_pool1d": _pool("max", 1),
    "max_pool2d": _pool("max", 2),
    "max_pool3d": _pool("max", 3),
    "avg_pool1d": _pool("avg", 1),
    "avg_pool2d": _pool("avg", 2),
    "avg_pool3d": _pool("avg", 3),
    "adaptive_avg_pool1d": _adaptive(1),
    "adaptive_avg_pool2d": _adaptive(2),
    "adaptive_max_pool1d": _adaptive_max(1),
    "pixel_shuffle": _draw_pixel_shuffle,
    "channel_shuffle": _draw_channel_shuffle,
    "max_unpool1d": _max_unpool(1),
    "max_unpool2d": _max_unpool(2),
    "pixel_unshuffle": _draw_pixel_unshuffle,
    "adaptive_max_pool2d": _adaptive_max(2),
    "adaptive_avg_pool3d": _adaptive(3),
    "adaptive_max_pool3d": _adaptive_max(3),
    "max_unpool3d": _max_unpool(3),
    "pad": _draw_pad,
    "layer_norm": _draw_layer_norm,
    "batch_norm": _draw_batch_norm,
    "group_norm": _draw_group_norm,
    "norm": _draw_norm(top_level=True),
    "vector_norm": _draw_norm(top_level=False),
    "normalize": _draw_normalize,
    "cosine_similarity": _draw_cosine_similarity,
    "pairwise_distance": _draw_pairwise_distance,
    "margin_ranking_loss": _draw_margin_ranking,
    "hinge_embedding_loss": _draw_hinge_embedding,
    "soft_margin_loss": _draw_soft_margin,
    "multilabel_soft_margin_loss": _draw_multilabel_soft_margin,
    "ctc_loss": _draw_ctc,
    "multi_margin_loss": _draw_multi_margin,
    "multilabel_margin_loss": _draw_multilabel_margin,
    "triplet_margin_loss": _draw_triplet,
    "cosine_embedding_loss": _draw_cosine_embedding,
    "poisson_nll_loss": _draw_poisson,
    "gaussian_nll_loss": _draw_gaussian,
    "glu": _draw_glu,
    "prelu": _draw_prelu,
    "rrelu": _activation(options=_rrelu_options),
    "softshrink": _activation(-2.0, 2.0, (), options=_lambd),
    "hardshrink": _activation(-2.0, 2.0, (), options=_lambd),
    "leaky_relu_": _activation(options=_nonnegative_slope),
    "elu_": _activation(options=_alpha),
    "selu_": _activation(),
    "celu_": _activation(options=_alpha),
    "rrelu_": _activation(options=_rrelu_options),
    "threshold_": lambda d: _draw_threshold(d, in_place=True),
    "interpolate": _draw_interpolate,
    "unfold": _draw_unfold,
    "fold": _draw_fold,
}
