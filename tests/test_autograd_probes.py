"""Autograd behaviour tutorial programs meet, compared against PyTorch: in-place checks on
views, hooks, custom Functions, grad modes, autograd.functional and gradcheck."""

from __future__ import annotations

from typing import Any

import pytest
from transcripts import same, transcript


@pytest.mark.parametrize("split", ["unbind", "split", "chunk"])
def test_inplace_on_a_multi_view_output_of_a_leaf_names_the_function(split: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        leaf = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        views = getattr(leaf, split)(2) if split != "unbind" else leaf.unbind()
        emit.attempt(lambda: views[0].mul_(2))
        emit.attempt(lambda: views[-1].add_(1))

    same(program)


def _functions(torch: Any) -> tuple[Any, Any, Any]:
    """An Exp with forward(ctx, x), one with setup_context, and that one with a vmap rule."""

    class CtxExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return x.exp()

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad * ctx.saved_tensors[0].exp()

    class SetupExp(torch.autograd.Function):
        @staticmethod
        def forward(x: Any) -> Any:
            return x.exp()

        @staticmethod
        def setup_context(ctx: Any, inputs: Any, output: Any) -> None:
            ctx.save_for_backward(output)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad * ctx.saved_tensors[0]

    class RuleExp(SetupExp):
        generate_vmap_rule = True

    return CtxExp, SetupExp, RuleExp


def test_custom_functions_under_function_transforms() -> None:
    def program(torch: Any, emit: Any) -> None:
        ctx_exp, setup_exp, rule_exp = _functions(torch)
        x = torch.linspace(-1, 1, 6).view(2, 3)
        emit.attempt(lambda: torch.vmap(ctx_exp.apply)(x))
        emit.attempt(lambda: torch.vmap(setup_exp.apply)(x))
        emit.attempt(lambda: torch.vmap(rule_exp.apply)(x))
        emit.attempt(lambda: torch.func.grad(lambda v: ctx_exp.apply(v).sum())(x[0]))
        emit.attempt(lambda: torch.func.grad(lambda v: setup_exp.apply(v).sum())(x[0]))
        emit.attempt(lambda: torch.func.jacrev(setup_exp.apply)(x[0]))
        emit.attempt(lambda: torch.vmap(torch.func.grad(lambda v: setup_exp.apply(v).sum()))(x))
        emit.attempt(lambda: torch.vmap(torch.func.grad(lambda v: rule_exp.apply(v).sum()))(x))
        emit(ctx_exp.apply(x[0]), setup_exp.generate_vmap_rule, rule_exp.generate_vmap_rule)
        emit.attempt(lambda: ctx_exp.vmap(None, (0,), x))
        emit.attempt(lambda: ctx_exp.jvp(None, x))

    same(program)


def _triple_backward(torch: Any) -> Any:
    """2x forward whose backward wrongly says 3x."""

    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            return x * 2

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad * 3

    return Bad


@pytest.mark.parametrize("shapes", [[(3,)], [(2, 2)], [(2, 2), (2, 2)], [(4,), (1, 4)]])
def test_fast_gradcheck_draws_its_own_vectors(shapes: list[tuple[int, ...]]) -> None:
    def program(torch: Any, emit: Any) -> None:
        bad = _triple_backward(torch)
        torch.manual_seed(3)
        inputs = [torch.randn(shape, dtype=torch.double, requires_grad=True) for shape in shapes]

        def func(*xs: Any) -> Any:
            out = bad.apply(xs[0])
            for x in xs[1:]:
                out = out * x
            return out

        try:
            torch.autograd.gradcheck(func, tuple(inputs), fast_mode=True)
        except Exception as error:
            emit(type(error).__name__, "\n".join(str(error).splitlines()[:3]))
        emit(torch.autograd.gradcheck(func, tuple(inputs), fast_mode=True, raise_exception=False))
        emit(torch.rand(2))  # the user's stream is untouched

    same(program)


def test_fast_gradgradcheck_failure_and_stream() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Detached(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any) -> Any:
                ctx.save_for_backward(a)
                return a**2

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                (a,) = ctx.saved_tensors
                return grad * 2 * a.detach()

        torch.manual_seed(0)
        x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.double, requires_grad=True)
        for fast in (False, True):
            try:
                torch.autograd.gradgradcheck(Detached.apply, (x,), fast_mode=fast)
            except Exception as error:
                emit(str(error))
            emit(torch.rand(2))

    same(program)


def _anomaly_messages(torch: Any, emit: Any, with_function: bool = False) -> None:
    """Run failing backwards under anomaly detection; the warnings are emitted at the end."""

    class Fails(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            return x * 1

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            raise ValueError("boom")

    x = torch.tensor([0.0, 1.0], requires_grad=True)
    before = x.sqrt() / x.sqrt()  # made before detection is on: no forward stack
    with torch.autograd.detect_anomaly():
        emit.attempt(lambda: before.sum().backward())
        emit.attempt(lambda: (x.sqrt() / x.sqrt()).sum().backward())
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = a.exp()
        c = b * 2
        b.add_(1)
        emit(type(c.grad_fn.metadata["traceback_"]).__name__)
        emit.attempt(lambda: c.sum().backward())
        if with_function:  # PyTorch's message also lists its own Function.apply frame
            emit.attempt(lambda: Fails.apply(a).sum().backward())


def test_anomaly_warnings_show_the_forward_call() -> None:
    import torch

    import rungrad

    # Both from one line: the stacks in the messages pass through it.
    expected, text = [transcript(_anomaly_messages, library) for library in (torch, rungrad)]
    assert text == expected
    assert "No forward pass information available" in text
    # only the program's frames: the forward calls made in this file
    assert text.count("Traceback of forward call that caused the error:\n  File ") == 2


def test_anomaly_warning_of_a_custom_function_shows_the_apply_call() -> None:
    import rungrad

    text = transcript(lambda torch, emit: _anomaly_messages(torch, emit, True), rungrad)
    message = text[text.index("Error detected in FailsBackward") :]
    assert "    emit.attempt(lambda: Fails.apply(a).sum().backward())\n (Triggered internally " in (
        message
    )


def test_create_graph_backward_warning_text() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, requires_grad=True)
        (x * x).sum().backward(create_graph=True)
        emit(x.grad)

    same(program)


def test_custom_function_saved_tensors_in_forward_and_non_tensor_gradients() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Scale(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any, k: Any, y: Any) -> Any:
                ctx.save_for_backward(x, y)
                emit("in forward", ctx.saved_tensors)
                return x * k + y

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * 2, torch.ones(1), grad

        class Setup(torch.autograd.Function):
            @staticmethod
            def forward(x: Any) -> Any:
                return x * 2

            @staticmethod
            def setup_context(ctx: Any, inputs: Any, output: Any) -> None:
                ctx.save_for_backward(inputs[0])
                emit("in setup_context", ctx.saved_tensors)

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * ctx.saved_tensors[0]

        x = torch.tensor([1.0, 2.0], requires_grad=True)
        out = Scale.apply(x, 3, x * 0)
        emit(out, out.grad_fn.saved_tensors)
        emit.attempt(lambda: out.sum().backward())
        Setup.apply(x).sum().backward()
        emit(x.grad)

    same(program)


@pytest.mark.parametrize(
    "change",
    ["squeeze_(0)", "squeeze_()", "unsqueeze_(1)", "transpose_(0, 1)", "swapdims_(0, 1)"],
)
def test_in_place_view_op_on_a_view_keeps_its_own_node(change: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        s = a * 1
        other = s.view(4)
        v = s.unsqueeze(0)
        eval(f"v.{change}")
        emit(type(v.grad_fn).__name__, v.grad_fn.next_functions[0][0].name(), v.shape)
        emit(type(other.grad_fn).__name__, s._version, v._version)
        (v * torch.arange(v.numel()).view(v.shape)).sum().backward()
        emit(a.grad)

    same(program)


def test_backward_grad_variables_and_leaf_hook_dict() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        emit(x._backward_hooks)
        handle = x.register_hook(lambda g: g * 2)
        emit(type(x._backward_hooks).__name__, len(x._backward_hooks))
        handle.remove()
        emit(x._backward_hooks)
        torch.autograd.backward(x * 2, grad_variables=torch.ones(2))
        emit(x.grad)
        emit.attempt(
            lambda: torch.autograd.backward(x * 2, torch.ones(2), grad_variables=torch.ones(2))
        )

    same(program)


def test_forward_mode_jacobian_and_hessian_containers_and_graph() -> None:
    def program(torch: Any, emit: Any) -> None:
        functional = torch.autograd.functional
        x = torch.tensor([1.0, 2.0])
        forward = {"strategy": "forward-mode", "vectorize": True}
        emit(functional.jacobian(lambda a, b: a * b, (x, x), **forward))
        emit(functional.jacobian(lambda a, b: (a * b, a), (x, x), **forward))
        emit(functional.jacobian(lambda a: (a * 2, a), x, **forward))
        emit(functional.jacobian(lambda a: (a * 2, a), (x,), **forward))
        emit(functional.jacobian(lambda a: (a * 2, a), (x,), vectorize=True))
        outer = {"outer_jacobian_strategy": "forward-mode", "vectorize": True}
        for point in (x, torch.tensor(2.0), torch.ones(2, 2)):
            emit(functional.hessian(lambda a: (a**3).sum(), point, **outer))
            emit(functional.hessian(lambda a: (a**3).sum(), point, vectorize=True))
        emit(functional.hessian(lambda a, b: (a**3 * b).sum(), (x, x), **outer))
        emit.attempt(lambda: functional.vhp(lambda a: (a**3).sum(), x))
        emit.attempt(lambda: functional.hvp(lambda a: (a**3).sum(), x))
        emit.attempt(lambda: functional.vjp(lambda a: a**3, x))

    import torch

    import rungrad

    # PyTorch's vectorized calls warn from its own modules (a DeprecationWarning, hidden
    # outside tests); the rest must match.
    def shown(library: Any) -> list[str]:
        lines = transcript(program, library).splitlines()
        return [line for line in lines if "torch.jit.script` is deprecated" not in line]

    assert shown(rungrad) == shown(torch)


def test_profilers_run_unchanged_programs() -> None:
    """Timings differ from run to run; what a program can print reliably matches."""

    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, 3, requires_grad=True)
        with (
            torch.autograd.profiler.profile() as prof,
            torch.autograd.profiler.record_function("label"),
        ):
            z = (x * 2).sum()
        z.backward()
        emit(type(prof).__name__, type(prof.key_averages()).__name__, x.grad)
        table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=5)
        emit(table.splitlines()[1].split(), table.splitlines()[-1].split()[:3])
        emit(prof.key_averages()[0].key, prof.key_averages()[0].count, prof.function_events[0].name)
        profiler = torch.profiler
        steps = profiler.schedule(wait=1, warmup=1, active=2, repeat=1)
        emit([steps(i) for i in range(6)])
        ready: list[int] = []
        with profiler.profile(
            activities=[profiler.ProfilerActivity.CPU],
            schedule=steps,
            on_trace_ready=lambda p: ready.append(p.step_num),
        ) as prof:
            for _ in range(6):
                with profiler.record_function("step"):
                    x.sum()
                prof.step()
        with profiler.profile(on_trace_ready=lambda p: ready.append(p.step_num)):
            pass
        emit(ready, profiler.ProfilerActivity.CPU)

    same(program)


@pytest.mark.parametrize("shape", [(3,), (2, 3), (1,), ()])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_gradgradcheck_non_contiguous_grad_outputs(shape: tuple[int, ...], dtype: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        class Once(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                ctx.save_for_backward(x)
                return x**3

            @staticmethod
            @torch.autograd.function.once_differentiable
            def backward(ctx: Any, grad: Any) -> Any:
                (x,) = ctx.saved_tensors
                return grad * 3 * x**2

        torch.manual_seed(0)
        x = (
            torch.linspace(1, 2, max(1, len(shape) * 3)).reshape(shape)
            if shape
            else torch.tensor(1.5)
        )
        x = x.to(getattr(torch, dtype)).requires_grad_()
        for noncontiguous in (True, False):
            try:
                torch.autograd.gradgradcheck(
                    Once.apply, (x,), gen_non_contig_grad_outputs=noncontiguous
                )
            except Exception as error:
                emit(str(error))
            emit(torch.rand(1))

    same(program)


@pytest.mark.parametrize("view", ["v[:2]", "v.t()", "v.view(-1)", "v[0]", "v.unsqueeze(0)"])
def test_saved_view_changed_through_its_base_is_named_as_strided(view: str) -> None:
    def program(torch: Any, emit: Any) -> None:
        w = torch.ones(3, 3, requires_grad=True)
        v = w * 2
        saved = eval(view)
        y = saved * saved
        v.mul_(2)
        emit.attempt(lambda: y.sum().backward())
        emit(type(saved.grad_fn).__name__)

    same(program)


def test_gradcheck_batched_and_forward_flags_and_non_tensor_outputs() -> None:
    def program(torch: Any, emit: Any) -> None:
        gradcheck = torch.autograd.gradcheck
        torch.manual_seed(0)
        x = torch.tensor([0.5, -1.5, 2.0], dtype=torch.double, requires_grad=True)
        emit(gradcheck(lambda a: (a.sum(), a * a), (x,), check_batched_grad=True))
        emit(torch.rand(1))
        emit(gradcheck(lambda a: a.exp(), (x,), check_forward_ad=True))
        emit(torch.rand(1))
        emit(torch.autograd.gradgradcheck(lambda a: a.sin(), (x,), check_batched_grad=True))
        emit(torch.rand(1))
        emit.attempt(lambda: gradcheck(lambda a: {"a": a}, (x,)))
        emit.attempt(lambda: gradcheck(lambda a: None, (x,)))
        emit.attempt(lambda: gradcheck(lambda a: (a * 2, 3), (x,)))
        emit(gradcheck(lambda a: [a * 2, a], (x,)))
        try:
            gradcheck(lambda a: torch.nn.functional.dropout(a, 0.5), (x,))
        except Exception as error:
            emit(error)
        emit(torch.rand(1))

    same(program)


def test_first_gradient_follows_the_layout_of_its_leaf() -> None:
    def program(torch: Any, emit: Any) -> None:
        transposed = torch.ones(3, 2).t().requires_grad_()
        (transposed * 2).sum().backward()
        emit(transposed.grad.stride(), transposed.grad.is_contiguous(), transposed.grad)
        plain = torch.ones(2, 3, requires_grad=True)
        (plain.t() * torch.arange(6.0).view(3, 2)).sum().backward()
        emit(plain.grad.stride(), plain.grad)
        permuted = torch.ones(2, 2, 3).permute(2, 0, 1).requires_grad_()
        (permuted * 3).sum().backward(create_graph=True)
        emit(permuted.grad.stride(), type(permuted.grad.grad_fn).__name__)
        weight = torch.ones(2, 3).t().requires_grad_()
        (weight * weight).sum().backward(create_graph=True)
        emit(weight.grad.stride(), type(weight.grad.grad_fn).__name__)

    same(program)


def test_reductions_to_an_integer_dtype_refuse_a_tensor_that_requires_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
        for make in (
            lambda: w.sum(dtype=torch.int32),
            lambda: torch.sum(w, 0, dtype=torch.int16),
            lambda: w.cumsum(0, dtype=torch.int64),
            lambda: w.prod(dtype=torch.int64),
            lambda: w.prod(0, dtype=torch.int8),
            lambda: w.nansum(dtype=torch.bool),
            lambda: w.cumprod(0, dtype=torch.uint8),
            lambda: w.sum(dtype=torch.float64),
            lambda: w.sum(dtype=torch.complex64),
        ):
            emit.attempt(make)
        with torch.no_grad():
            emit(w.sum(dtype=torch.int64), w.cumsum(0, dtype=torch.int32))
        emit(w.detach().sum(dtype=torch.int64), w.long().sum(dtype=torch.int64))

    same(program)
