"""torch.amp against PyTorch on a machine without CUDA: GradScaler's scaling, unscaling,
skipped steps, backoff and growth, state dicts and checks; the CUDA spellings disabled with
PyTorch's warnings; disabled autocast regions."""

from __future__ import annotations

from typing import Any

from transcripts import same


def _model(torch: Any) -> Any:
    linear = torch.nn.Linear(3, 1)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[0.5, -0.25, 0.125]]))
        linear.bias.fill_(0.1)
    return linear


def test_grad_scaler_on_the_cpu() -> None:
    def program(torch: Any, emit: Any) -> None:
        model = _model(torch)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        x = torch.linspace(-1, 1, 12).view(4, 3)
        y = torch.tensor([[1.0], [0.0], [-1.0], [0.5]])
        scaler = torch.amp.GradScaler("cpu", init_scale=2.0**8, growth_interval=2)
        emit(scaler.is_enabled(), scaler.get_scale(), scaler.state_dict())
        for _ in range(3):
            opt.zero_grad()
            with torch.autocast(device_type="cpu", enabled=False):
                loss = ((model(x) - y) ** 2).mean()
            scaled = scaler.scale(loss)
            emit(scaled, loss)
            scaled.backward()
            emit(model.bias.grad)
            scaler.unscale_(opt)
            emit(model.bias.grad)
            emit.attempt(lambda: scaler.unscale_(opt))
            emit(scaler.step(opt), model.bias)
            emit.attempt(lambda: scaler.step(opt))
            scaler.update()
            emit(scaler.get_scale(), scaler._growth_tracker, scaler.state_dict())
        opt.zero_grad()
        scaler.scale(model(x).sum() * float("inf")).backward()
        emit(scaler.step(opt), model.bias)
        scaler.update()
        emit(scaler.get_scale())
        scaler.update(8.0)
        emit(scaler.get_scale(), scaler.scale([torch.tensor(1.0), (torch.tensor(2.0),)]))
        other = torch.amp.GradScaler("cpu")
        other.load_state_dict(scaler.state_dict())
        emit(other.state_dict())
        emit.attempt(lambda: scaler.scale(3))

    same(program)


def test_cuda_spellings_are_disabled() -> None:
    def program(torch: Any, emit: Any) -> None:
        model = _model(torch)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for scaler in (torch.cuda.amp.GradScaler(), torch.amp.GradScaler()):
            loss = model(torch.ones(2, 3)).sum()
            emit(scaler.is_enabled(), scaler.get_scale(), scaler.scale(loss), scaler.state_dict())
            scaler.scale(loss).backward()
            emit(scaler.step(opt), scaler.update(), model.bias)
        emit.attempt(lambda: torch.amp.GradScaler("cpu").load_state_dict({}))
        with torch.cuda.amp.autocast():
            emit(torch.is_autocast_enabled(), model(torch.ones(1, 3)).dtype)
        with torch.autocast("cuda"):
            emit(torch.is_autocast_enabled("cuda"))
        with torch.amp.autocast("cpu", enabled=False) as region:
            emit(type(region).__name__, torch.is_autocast_enabled("cpu"))

        @torch.autocast("cpu", enabled=False)
        def double(a: Any) -> Any:
            return a * 2

        emit(double(torch.ones(2)), torch.get_autocast_dtype("cuda"))
        emit.attempt(lambda: torch.autocast("tpu"))

    same(program)
