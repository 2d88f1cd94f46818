"""nn.utils.prune against PyTorch: the reparametrisation (``_orig``, ``_mask``, the hook),
seeded random pruning, L1/Ln pruning, pruning twice, global pruning, custom methods,
``remove`` and the checks' messages."""

from __future__ import annotations

import importlib
from typing import Any

from transcripts import same


def _prune(torch: Any) -> Any:
    """``torch.nn.utils.prune``, which must be imported (``torch.nn.utils`` does not)."""
    return importlib.import_module(torch.__name__ + ".nn.utils.prune")


def _net(torch: Any) -> Any:
    nn = torch.nn
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 5))


def test_prune_reparametrises_and_prunes_again() -> None:
    def program(torch: Any, emit: Any) -> None:
        prune = _prune(torch)
        net = _net(torch)
        conv = net[0]
        prune.random_unstructured(conv, name="weight", amount=0.3)
        emit([n for n, _ in conv.named_parameters()], [n for n, _ in conv.named_buffers()])
        emit(conv.weight, conv.weight_mask)
        emit(len(conv._forward_pre_hooks), type(conv.weight).__name__, conv.weight.grad_fn)
        prune.l1_unstructured(conv, name="bias", amount=2)
        emit(conv.bias, conv.bias_mask)
        prune.ln_structured(conv, name="weight", amount=0.5, n=2, dim=0)
        hook = next(h for h in conv._forward_pre_hooks.values() if h._tensor_name == "weight")
        emit(type(hook).__name__, [type(m).__name__ for m in hook], conv.weight_mask.sum())
        emit(list(net.state_dict().keys()))
        out = net(torch.randn(2, 1, 6, 6))
        out.sum().backward()
        emit(conv.weight_orig.grad)
        prune.remove(conv, "weight")
        emit([n for n, _ in conv.named_parameters()], [n for n, _ in conv.named_buffers()])
        emit(conv.weight, prune.is_pruned(net))
        prune.remove(conv, "bias")
        emit(prune.is_pruned(net))

    same(program)


def test_prune_is_a_submodule_to_import() -> None:
    def program(torch: Any, emit: Any) -> None:
        emit(hasattr(torch.nn.utils, "prune") or "prune" in dir(torch.nn.utils))

    same(program)


def test_global_structured_and_custom_pruning() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn, prune = torch.nn, _prune(torch)
        net = _net(torch)
        parameters = [(net[0], "weight"), (net[3], "weight"), (net[3], "bias")]
        prune.global_unstructured(parameters, pruning_method=prune.L1Unstructured, amount=0.4)
        for module, name in parameters:
            emit(name, int((getattr(module, name) == 0).sum()), getattr(module, name).numel())
        torch.manual_seed(3)
        linear = nn.Linear(4, 3)
        prune.random_structured(linear, "weight", amount=2, dim=1)
        emit(linear.weight_mask)
        prune.random_unstructured(linear, "weight", amount=0.5)
        emit(linear.weight_mask)
        prune.custom_from_mask(linear, "bias", torch.tensor([1, 0, 1]))
        emit(linear.bias_mask, linear.bias)
        prune.identity(net[3], "bias")
        emit(net[3].bias_mask.sum())
        scores = torch.arange(12.0).view(3, 4)
        emit(prune.l1_unstructured(nn.Linear(4, 3), "weight", 0.5, importance_scores=scores)
             .weight_mask)  # fmt: skip

        class EveryOther(prune.BasePruningMethod):
            PRUNING_TYPE = "unstructured"

            def compute_mask(self, t: Any, default_mask: Any) -> Any:
                mask = default_mask.clone()
                mask.view(-1)[::2] = 0
                return mask

        EveryOther.apply(linear, "bias")
        emit(linear.bias_mask, EveryOther().prune(torch.arange(1.0, 5.0)))
        emit(prune.L1Unstructured(amount=0.5).prune(torch.tensor([1.0, -3.0, 2.0, 0.5])))
        for amount in (1.5, -1, "a", 10):
            emit.attempt(lambda a=amount: prune.l1_unstructured(nn.Linear(2, 2), "weight", a))
        emit.attempt(lambda: prune.remove(nn.Linear(2, 2), "weight"))
        emit.attempt(lambda: prune.ln_structured(nn.Linear(2, 2), "bias", 1, n=2, dim=0))
        emit.attempt(
            lambda: prune.global_unstructured(
                [(linear, "weight")], prune.RandomStructured, amount=1
            )
        )

    same(program)
