"""op_db rows for the remaining losses and activations (margin, embedding and likelihood losses;
glu, prelu, rrelu, softshrink, hardshrink).

Targets of +-1 are built from signs; hinge kinks are unlikely at random points. PyTorch has no
double backward for multi_margin_loss and multilabel_margin_loss, so those rows skip it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from op_db import _F32_LOOSE, OpInfo, S, _activation, _functional, _index, _Maker, _op
from oracle import Sample, TensorArg

REDUCTIONS = ("none", "mean", "sum")


def _signs(rng: np.random.Generator, shape: tuple[int, ...], dtype: str = "float32") -> TensorArg:
    value = np.where(rng.random(shape) > 0.5, 1.0, -1.0).astype(dtype)
    return TensorArg(value, requires_grad=False)


def _margin_ranking_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), make((3, 4)), _signs(rng, (3, 4), dtype), reduction=r, name=r)
        for r in REDUCTIONS
    ]
    result += [
        S(
            make((3, 4), layout="transposed"),
            make((1, 4)),
            _signs(rng, (3, 1), dtype),
            0.5,
            name="bc",
        ),
        S(make(()), make(()), _signs(rng, (), dtype), margin=0.3, name="0d"),
        S(make((0, 2)), make((0, 2)), _signs(rng, (0, 2), dtype), reduction="sum", name="empty"),
    ]
    return result


def _margin_ranking_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), make((2, 3)), make((3,)), name="dims")]


def _hinge_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [S(make((3, 4)), _signs(rng, (3, 4), dtype), reduction=r, name=r) for r in REDUCTIONS]
    result += [
        S(make((3, 4), layout="transposed"), _signs(rng, (4,), dtype), margin=0.5, name="bc"),
        S(make(()), _signs(rng, (), dtype), name="0d"),
        S(make((0, 2)), _signs(rng, (0, 2), dtype), reduction="sum", name="empty"),
    ]
    return result


def _soft_margin_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [S(make((3, 4)), _signs(rng, (3, 4), dtype), reduction=r, name=r) for r in REDUCTIONS]
    result += [
        S(make((3, 4), layout="transposed"), _signs(rng, (3, 4), dtype), name="nc"),
        S(make(()), _signs(rng, (), dtype), name="0d"),
        S(make((0, 2)), _signs(rng, (0, 2), dtype), reduction="sum", name="empty"),
    ]
    return result


def _soft_margin_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3,)), make((3,)), name="target requires grad"),
        S(make((3,)), make((3,), requires_grad=False), reduction="foo", name="reduction"),
    ]


def _multilabel_soft_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    probability = _Maker(rng, dtype, "probability")
    result = [S(make((3, 4)), probability((3, 4)), reduction=r, name=r) for r in REDUCTIONS]
    result += [
        S(make((3, 4), layout="transposed"), probability((3, 4)), probability((4,)), name="w"),
        S(make((5,)), probability((5,)), name="1d"),
    ]
    return result


def _multi_margin_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    positive = _Maker(rng, dtype, "positive")
    labels = _index([0, 3, 1])
    result = [S(make((3, 4)), labels, reduction=r, name=r) for r in REDUCTIONS]
    for r in REDUCTIONS:
        weight = positive((4,), requires_grad=False)
        result.append(S(make((3, 4)), labels, 2, 0.7, weight, reduction=r, name=f"p2 w {r}"))
    result += [
        S(make((3, 4), layout="transposed"), labels, margin=0.5, name="nc"),
        S(make((4,)), _index([2]), reduction="none", name="1d"),
        S(make((0, 4)), _index([]), reduction="none", name="empty"),
    ]
    return result


def _multi_margin_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3, 4)), _index([0, 1, 2]), p=3, name="p"),
        S(make((3, 4)), _index([0, 1, 4]), name="target range"),
        S(make((3, 4)), _index([0, 1]), name="target size"),
    ]


def _multilabel_margin_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    labels = _index([[0, 1, -1, 2], [3, -1, 0, 0], [-1, 0, 0, 0]])
    result = [S(make((3, 4)), labels, reduction=r, name=r) for r in REDUCTIONS]
    result += [
        S(make((3, 4), layout="transposed"), labels, name="nc"),
        S(make((4,)), _index([2, 0, -1, 1]), reduction="none", name="1d"),
        S(make((0, 4)), _index(np.zeros((0, 4), np.int64)), reduction="none", name="empty"),
    ]
    return result


def _multilabel_margin_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), _index([[0, 3, -1], [1, -1, 0]]), name="target range"),
        S(make((2, 3)), _index([0, 1, -1]), name="target size"),
    ]


def _triplet_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [S(make((3, 4)), make((3, 4)), make((3, 4)), reduction=r, name=r) for r in REDUCTIONS]
    result += [
        S(make((3, 4)), make((3, 4)), make((3, 4)), 0.5, 1, swap=True, name="p1 swap"),
        S(make((3, 4), layout="transposed"), make((3, 4)), make((3, 4)), swap=True, name="nc"),
        S(make((4,)), make((4,)), make((4,)), margin=2.0, name="1d"),
    ]
    return result


def _triplet_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3, 4)), make((4,)), make((3, 4)), name="dims")]


def _cosine_embedding_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    result = [
        S(make((3, 4)), make((3, 4)), _signs(rng, (3,), dtype), reduction=r, name=r)
        for r in REDUCTIONS
    ]
    result += [
        S(
            make((3, 4), layout="transposed"),
            make((3, 4)),
            _signs(rng, (3,), dtype),
            0.2,
            name="nc",
        ),
        S(make((4,)), make((4,)), _signs(rng, (), dtype), margin=-0.5, name="1d"),
    ]
    return result


def _cosine_embedding_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((3, 4)), make((4,)), make((3,)), name="input dims"),
        S(make((3, 4)), make((3, 4)), make((3, 1)), name="target dims"),
    ]


def _poisson_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    positive = _Maker(rng, dtype, "positive")

    def counts(shape: tuple[int, ...]) -> TensorArg:
        return TensorArg(rng.uniform(0.5, 4.0, size=shape), requires_grad=False)

    result = [S(make((3, 4)), counts((3, 4)), reduction=r, name=r) for r in REDUCTIONS]
    result += [
        S(positive((3, 4)), counts((3, 4)), False, name="not log_input"),
        S(make((3, 4), layout="transposed"), counts((3, 4)), full=True, name="full"),
        S(positive((3, 4)), counts((3, 4)), False, True, eps=1e-3, reduction="sum", name="both"),
        S(make(()), counts(()), name="0d"),
        S(make((4,)), positive((4,)), name="target grad"),
    ]
    return result


def _gaussian_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    positive = _Maker(rng, dtype, "positive")
    result = [
        S(make((3, 4)), make((3, 4)), positive((3, 4)), reduction=r, name=r) for r in REDUCTIONS
    ]
    result += [
        S(make((3, 4), layout="transposed"), make((3, 4)), positive((3,)), True, name="full"),
        S(make((3, 4)), make((3, 4)), positive((3, 1)), eps=0.7, name="eps"),
        S(make((3, 4)), make((3, 4)), 0.5, reduction="none", name="float var"),
    ]
    return result


def _gaussian_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    positive = _Maker(rng, "float32", "positive")
    return [
        S(make((3, 4)), make((3, 4)), positive((4,)), name="var size"),
        S(make((3, 4)), make((3, 4)), TensorArg(-np.ones((3, 4))), name="var negative"),
        S(make((3, 4)), make((3, 4)), positive((3, 4)), reduction="foo", name="reduction"),
    ]


def _glu_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    return [
        S(make((4,)), name="1d"),
        S(make((4, 3), layout="transposed"), 0, name="dim 0"),
        S(make((2, 6, 2)), dim=1, name="dim 1"),
        S(make((2, 4)), -1, name="dim -1"),
        S(make((0, 2)), name="empty"),
    ]


def _glu_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((2, 3)), 1, name="odd"), S(make(()), name="scalar")]


def _prelu_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype, "nonzero")
    positive = _Maker(rng, dtype, "positive")
    return [
        S(make((2, 3, 2)), positive((3,)), name="channels"),
        S(make((2, 3)), positive((1,)), name="one weight"),
        S(make((3, 4), layout="transposed"), positive((4,)), name="nc"),
        S(make((5,)), positive((1,)), name="1d"),
        S(make(()), positive(()), name="0d"),
        S(make((0, 2)), positive((2,)), name="empty"),
    ]


def _prelu_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [
        S(make((2, 3)), make((2,)), name="channels"),
        S(make((2, 3)), make((3, 1)), name="weight ndim"),
        S(make((2, 3)), make((3,), dtype="float64"), name="dtype"),
    ]


def _softshrink_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    return [S(make((3,)), -0.5, name="lambda")]


def _ctc(T: Any, log_probs: Any, targets: Any, *args: Any, **kwargs: Any) -> Any:
    """ctc_loss after a log_softmax: PyTorch's CTC gradient is the one for normalised log
    probabilities (it holds an exp(log_probs) term that log_softmax's backward cancels), so
    only the composition has a gradient that gradcheck's finite differences reproduce."""
    return T.nn.functional.ctc_loss(log_probs.log_softmax(-1), targets, *args, **kwargs)


def _lengths(values_: list[int]) -> TensorArg:
    return _index(values_)


def _ctc_samples(rng: np.random.Generator, dtype: str) -> list[Sample]:
    make = _Maker(rng, dtype)
    padded = _index([[1, 2, 2], [3, 1, 0], [2, 0, 0]])
    result = [
        S(make((6, 3, 4)), padded, _lengths([6, 5, 4]), _lengths([3, 2, 1]), reduction=r, name=r)
        for r in REDUCTIONS
    ]
    result += [
        S(make((6, 3, 4)), padded, (6, 6, 3), (3, 2, 1), reduction="none", name="tuples"),
        S(
            make((5, 2, 4)),
            _index([1, 1, 3, 2]),
            _lengths([5, 5]),
            _lengths([3, 1]),
            name="concatenated",
        ),
        S(
            make((4, 3, 5)),
            _index([[4, 1], [2, 2], [1, 3]]),
            (4, 4, 0),
            (2, 0, 0),
            blank=0,
            reduction="sum",
            name="empty target",
        ),
        S(
            make((5, 2, 4)),
            _index([[0, 1, 2], [1, 2, 0]]),
            _lengths([2, 5]),
            _lengths([3, 2]),
            blank=3,
            reduction="none",
            zero_infinity=True,
            name="zero infinity",
        ),
        S(make((5, 4)), _index([1, 2]), (5,), (2,), reduction="none", name="unbatched"),
        S(
            make((7, 2, 3), layout="transposed"),
            _index([[1, 2], [2, 1]]),
            (7, 6),
            (2, 2),
            name="nc",
        ),
    ]
    return result


def _ctc_errors(rng: np.random.Generator) -> list[Sample]:
    make = _Maker(rng, "float32")
    padded = _index([[1, 2, 2], [3, 1, 0]])
    return [
        S(make((6, 2, 4)), padded, (6, 6), (3, 2), blank=4, name="blank"),
        S(make((6, 2, 4)), padded, (6,), (3, 2), name="input lengths"),
        S(make((6, 2, 4)), padded, (7, 6), (3, 2), name="too long"),
        S(make((6, 2, 4)), padded, (6, 6), (4, 2), name="targets"),
        S(make((6, 2, 4)), _index([1, 2]), (6, 6), (1, 2), name="concatenated size"),
        S(make((6, 2, 4)), padded, (6, 6), (3, 2), reduction="avg", name="reduction"),
        S(make((6, 2, 4)), padded, _lengths([6, 6]), (3, 2), name="mixed"),
    ]


def _rows() -> list[OpInfo]:
    def loss(name: str, samples: Any, *covers: str, **options: Any) -> OpInfo:
        return _op(name, _functional(name, "loss"), samples, *covers, **options)

    def activation(name: str, samples: Any, *covers: str, **options: Any) -> OpInfo:
        return _op(name, _functional(name, "activation"), samples, *covers, **options)

    return [
        loss("margin_ranking_loss", _margin_ranking_samples, errors=_margin_ranking_errors),
        loss("hinge_embedding_loss", _hinge_samples),
        loss(
            "soft_margin_loss",
            _soft_margin_samples,
            "loss._soft_margin_loss",
            errors=_soft_margin_errors,
        ),
        loss("multilabel_soft_margin_loss", _multilabel_soft_samples, tolerance=_F32_LOOSE),
        loss(
            "multi_margin_loss",
            _multi_margin_samples,
            "loss._multi_margin_loss",
            covers_backward=("loss.multi_margin_loss_backward",),
            double_backward=False,
            errors=_multi_margin_errors,
        ),
        loss(
            "multilabel_margin_loss",
            _multilabel_margin_samples,
            "loss._multilabel_margin_loss",
            covers_backward=("loss.multilabel_margin_loss_backward",),
            double_backward=False,
            errors=_multilabel_margin_errors,
        ),
        loss(
            "triplet_margin_loss",
            _triplet_samples,
            tolerance=_F32_LOOSE,
            errors=_triplet_errors,
        ),
        loss(
            "cosine_embedding_loss",
            _cosine_embedding_samples,
            tolerance=_F32_LOOSE,
            errors=_cosine_embedding_errors,
        ),
        _op(
            "ctc_loss",
            _ctc,
            _ctc_samples,
            "ctc._ctc_loss",
            covers_backward=("ctc.ctc_loss_backward",),
            double_backward=False,
            errors=_ctc_errors,
        ),
        loss("poisson_nll_loss", _poisson_samples, tolerance=_F32_LOOSE),
        loss("gaussian_nll_loss", _gaussian_samples, tolerance=_F32_LOOSE, errors=_gaussian_errors),
        activation("glu", _glu_samples, "activation._glu", errors=_glu_errors),
        activation(
            "prelu",
            _prelu_samples,
            "activation._prelu",
            covers_backward=("activation.prelu_kernel_backward",),
            errors=_prelu_errors,
        ),
        activation(
            "rrelu",
            _activation(((), {}), ((0.2, 0.4), {})),
            "activation._rrelu_with_noise",
            covers_backward=("activation.rrelu_with_noise_backward",),
        ),
        activation(
            "softshrink",
            _activation(((), {}), ((0.8,), {})),
            "activation._softshrink",
            covers_backward=("activation.softshrink_backward",),
            errors=_softshrink_errors,
        ),
        activation(
            "hardshrink",
            _activation(((), {}), ((0.8,), {})),
            "activation._hardshrink",
            covers_backward=("activation.hardshrink_backward",),
        ),
    ]


LOSS_OPS: list[OpInfo] = _rows()

# As for the first nn rows: PyTorch's kernels have dedicated double-backward nodes where
# rungrad's formulas compose ordinary ops.
for _row in LOSS_OPS:
    _row.check_double_backward_grad_fn = False
    _row.none_grad_is_zero = True
