"""Optimizer behaviour tutorial programs print, against PyTorch: named parameters
(``param_names`` groups), non-leaf tensors that retain their gradient."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_optimizer_over_named_parameters() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 2)
        opt = torch.optim.Adam(model.named_parameters(), lr=0.1)
        emit(opt, opt.param_groups[0]["param_names"])
        model(torch.ones(1, 2)).sum().backward()
        opt.step()
        state = opt.state_dict()
        emit(state["param_groups"], list(state["state"]))
        again = torch.optim.Adam(model.named_parameters(), lr=0.5)
        again.load_state_dict(state)
        emit(again.param_groups[0]["lr"], again.state[model.weight]["step"])
        emit.attempt(lambda: torch.optim.SGD([("a", model.weight), model.bias], lr=0.1))
        named = torch.optim.SGD([{"params": [("w", model.weight)]}], lr=0.1)
        emit.attempt(lambda: named.add_param_group({"params": [model.bias]}))
        plain = torch.optim.SGD([model.weight], lr=0.1)
        emit.attempt(lambda: plain.add_param_group({"params": [("b", model.bias)]}))
        grouped = torch.optim.SGD([{"params": model.named_parameters(), "lr": 0.2}], lr=0.1)
        emit(grouped)

    same(program)


def test_optimizer_takes_a_non_leaf_that_retains_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, requires_grad=True)
        kept = x * 2
        kept.retain_grad()
        emit(torch.optim.SGD([kept], lr=0.1).param_groups[0]["params"][0] is kept)
        emit.attempt(lambda: torch.optim.SGD([x * 3], lr=0.1))

    same(program)


def test_swa_utils_average_anneal_and_update_bn() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn, swa_utils = torch.nn, torch.optim.swa_utils
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1))
        swa = swa_utils.AveragedModel(model)
        ema = swa_utils.AveragedModel(model, multi_avg_fn=swa_utils.get_ema_multi_avg_fn(0.9))
        ema_buffers = swa_utils.AveragedModel(
            model, avg_fn=swa_utils.get_ema_avg_fn(0.8), use_buffers=True
        )
        emit(swa, [name for name, _ in swa.named_buffers()])
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        sched = swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=3, anneal_strategy="linear")
        x = torch.linspace(-1, 1, 48).view(16, 3)
        data = torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True))
        loader = torch.utils.data.DataLoader(data, batch_size=8)
        for _ in range(4):
            for xb, yb in loader:
                opt.zero_grad()
                nn.functional.mse_loss(model(xb), yb).backward()
                opt.step()
            for averaged in (swa, ema, ema_buffers):
                averaged.update_parameters(model)
            sched.step()
            emit(sched.get_last_lr(), swa.n_averaged)
        emit(swa.module[0].weight, ema.module[0].weight, ema_buffers.module[1].running_mean)
        swa_utils.update_bn(loader, swa)
        emit(swa.module[1].running_mean, swa.module[1].momentum, swa(x[:2]))
        emit(sorted(sched.state_dict()))
        cosine = swa_utils.SWALR(torch.optim.SGD(model.parameters(), lr=0.5), swa_lr=0.1)
        rates = []
        for _ in range(12):
            cosine.optimizer.step()
            cosine.step()
            rates.append(cosine.get_last_lr()[0])
        emit(rates)
        emit.attempt(lambda: swa_utils.SWALR(opt, 0.1, anneal_strategy="x"))
        emit.attempt(lambda: swa_utils.SWALR(opt, 0.1, anneal_epochs=-1))
        emit.attempt(lambda: swa_utils.get_ema_avg_fn(2))

    same(program)


def test_optimizer_step_hooks() -> None:
    def program(torch: Any, emit: Any) -> None:
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 1)
        calls: list[Any] = []
        for opt in [
            torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
            torch.optim.Adam(model.parameters()),
            torch.optim.LBFGS(model.parameters(), max_iter=2),
        ]:
            pre = opt.register_step_pre_hook(
                lambda o, args, kwargs: calls.append(("pre", type(o).__name__, len(args)))
            )
            opt.register_step_post_hook(lambda o, args, kwargs: calls.append(("post",)))

            def closure(opt: Any = opt) -> Any:
                opt.zero_grad()
                loss = model(torch.ones(1, 2)).sum()
                loss.backward()
                return loss

            opt.step(closure)
            pre.remove()
            opt.step(closure)
        emit(calls, model.weight)
        bad = torch.optim.SGD(model.parameters(), lr=0.1)
        bad.register_step_pre_hook(lambda o, args, kwargs: 3)
        emit.attempt(lambda: bad.step())

    same(program)
