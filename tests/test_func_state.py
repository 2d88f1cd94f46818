"""torch.func.linearize and torch.func.stack_module_state against PyTorch: values, the
jvp function's checks and messages, the stacked leaves, and an ensemble run with vmap over
functional_call."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_linearize() -> None:
    def program(torch: Any, emit: Any) -> None:
        from_func = torch.func
        x = torch.tensor([1.0, 2.0, 3.0])
        output, jvp_fn = from_func.linearize(torch.sin, x)
        emit(output, jvp_fn(torch.ones(3)), jvp_fn(x))
        output, jvp_fn = from_func.linearize(lambda a, b, c: a + b * c, x, x, x)
        emit(output, jvp_fn(x, x, x))
        for tangents in [(x,), (x, x, x, x), (torch.ones(2), x, x), (x.double(), x, x)]:
            emit.attempt(lambda tangents=tangents: jvp_fn(*tangents))
        output, _ = from_func.linearize(lambda a: a * 2, x)
        emit(output.requires_grad, output)
        torch.manual_seed(1)
        w = torch.randn(3, requires_grad=True)
        output, jvp_fn = from_func.linearize(lambda a: (a * w).sum(), x)
        emit(output, jvp_fn(torch.ones(3)) - w)
        output, jvp_fn = from_func.linearize(lambda a: {"y": a.exp(), "z": (a**2,)}, x)
        emit(jvp_fn(torch.ones(3)))

    same(program)


def test_stack_module_state() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        torch.manual_seed(0)
        models = [
            nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1))
            for _ in range(3)
        ]
        params, buffers = torch.func.stack_module_state(models)
        emit({k: (tuple(v.shape), v.requires_grad, v.is_leaf) for k, v in params.items()})
        emit({k: (tuple(v.shape), v.requires_grad) for k, v in buffers.items()})
        emit(params["0.weight"][1])
        emit.attempt(lambda: torch.func.stack_module_state([]))
        emit.attempt(lambda: torch.func.stack_module_state([nn.Linear(2, 2), nn.Conv1d(1, 1, 1)]))
        frozen = nn.Linear(2, 2)
        frozen.weight.requires_grad_(False)
        emit.attempt(lambda: torch.func.stack_module_state([nn.Linear(2, 2), frozen]))
        base = models[0].eval()

        def run(p: Any, b: Any, x: Any) -> Any:
            return torch.func.functional_call(base, (p, b), (x,))

        x = torch.randn(5, 3)
        out = torch.func.vmap(run, in_dims=(0, 0, None))(params, buffers, x)
        emit(out.shape, out[2, :, 0])
        emit(models[2].eval()(x)[:, 0])

    same(program)
