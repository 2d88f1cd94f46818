"""Variations on the autograd tutorials, compared against PyTorch: what nodes answer, the
sizes methods accept, and the messages of the error paths such programs walk into."""

from __future__ import annotations

from typing import Any

from transcripts import same


def test_nodes_report_that_they_require_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, requires_grad=True)
        y = (x + 2) * 3

        class Identity(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any) -> Any:
                return a * 1

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad

        nodes = [y.grad_fn, y.grad_fn.next_functions[0][0]]
        nodes.append(nodes[-1].next_functions[0][0])  # AccumulateGrad
        nodes.append(Identity.apply(x).grad_fn)
        for node in nodes:
            emit(node.name(), node.requires_grad, hasattr(node, "requires_grad"))

    same(program)


def test_broadcast_to_method_takes_spread_sizes() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        for sizes in [(2, 3), ((2, 3),), ([2, 3],), (torch.Size([2, 1, 3]),), (3,), (-1,)]:
            out = x.broadcast_to(*sizes)
            emit(out.shape, out.grad_fn.name())
        out = x.broadcast_to(size=(2, 3))
        (out * torch.arange(6.0).view(2, 3)).sum().backward()
        emit(x.grad)
        for sizes in [(), (2, 2), (2.0, 3), ((2, 3), 1), ("a",)]:
            emit.attempt(lambda sizes=sizes: x.broadcast_to(*sizes))
        emit.attempt(lambda: torch.broadcast_to(x, 2, 3))
        emit.attempt(lambda: x.broadcast_to((2, 3), size=(2, 3)))

    same(program)


def _keyword_functions(torch: Any) -> tuple[Any, Any, Any]:
    """A Function with defaults, one with setup_context and a keyword-only parameter, and
    one taking anything (``*args, **kw``)."""

    class Scale(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any, y: Any = None, k: float = 2.0) -> Any:
            ctx.seen = (type(y).__name__, k, ctx.needs_input_grad)
            return x * k if y is None else x * y * k

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad, grad, None

    class SetupScale(torch.autograd.Function):
        @staticmethod
        def forward(x: Any, y: Any = None, *, k: float = 2.0) -> Any:
            return x * k if y is None else x * y * k

        @staticmethod
        def setup_context(ctx: Any, inputs: Any, output: Any) -> None:
            ctx.seen = (len(inputs), ctx.needs_input_grad)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad, grad

    class Anything(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, *args: Any, **kw: Any) -> Any:
            return args[0] * 1

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return grad

    return Scale, SetupScale, Anything


def test_function_apply_binds_keywords_to_forward_parameters() -> None:
    def program(torch: Any, emit: Any) -> None:
        scale, setup_scale, anything = _keyword_functions(torch)
        a = torch.ones(2, requires_grad=True)
        b = torch.ones(2, requires_grad=True) * 3
        calls = [
            lambda: scale.apply(a), lambda: scale.apply(x=a), lambda: scale.apply(a, y=b),
            lambda: scale.apply(a, None, k=3.0), lambda: scale.apply(torch.ones(2), y=b),
            lambda: scale.apply(k=3.0, y=b, x=a), lambda: scale.apply(a, k=3.0),
            lambda: scale.apply(y=a), lambda: scale.apply(a, z=1), lambda: scale.apply(a, x=a),
            lambda: setup_scale.apply(a), lambda: setup_scale.apply(a, y=b),
            lambda: setup_scale.apply(a, k=3.0), lambda: setup_scale.apply(),
            lambda: setup_scale.apply(a, a, a), lambda: setup_scale.apply(a, x=a),
            lambda: anything.apply(a, s=a),
        ]  # fmt: skip
        for call in calls:
            try:
                out = call()
            except TypeError as error:
                emit(f"TypeError: {error}")
                continue
            emit(out, out.grad_fn.seen)
            emit([node is not None for node, _ in out.grad_fn.next_functions])
            out.sum().backward()
        emit(a.grad)

    same(program)


def test_mark_dirty_tensor_must_be_returned() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Dirty(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any, y: Any) -> Any:
                ctx.mark_dirty(x)
                return y * 2

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad, grad

        pairs = [
            (torch.ones(2), torch.ones(2)),
            (torch.ones(2), torch.ones(2, requires_grad=True)),
            (torch.ones(2, requires_grad=True) * 1, torch.ones(2)),
        ]
        for x, y in pairs:
            emit.attempt(lambda x=x, y=y: Dirty.apply(x, y))
            emit(x._version)
        with torch.no_grad():
            emit.attempt(lambda: Dirty.apply(torch.ones(2), torch.ones(2, requires_grad=True)))

    same(program)


def test_unrecorded_function_outputs_that_are_inputs() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Double(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                x.mul_(2)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * 2

        class Identity(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                return x

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad

        def describe(out: Any, given: Any) -> None:
            emit(out is given, out._base is given, given._version, out.requires_grad, out)

        plain = torch.ones(2)
        describe(Double.apply(plain), plain)
        leaf = torch.ones(2, requires_grad=True)
        inner = torch.ones(2, requires_grad=True) * 1
        with torch.no_grad():
            describe(Double.apply(leaf), leaf)
            describe(Double.apply(inner), inner)
            describe(Identity.apply(leaf), leaf)
            describe(Identity.apply(plain), plain)
        describe(Identity.apply(plain), plain)
        emit.attempt(lambda: Double.apply(torch.ones(2, requires_grad=True)))

    same(program)


def test_legacy_variable_reads_its_arguments_as_pytorch() -> None:
    def program(torch: Any, emit: Any) -> None:
        from importlib import import_module

        variable = import_module(torch.__name__ + ".autograd").Variable
        ones = torch.ones(2)
        named = variable(ones, requires_grad=True, name="w")
        emit(named, named.name, (named * 2).name, named.detach().name, ones.name)
        calls = [
            lambda: variable(ones, True, False), lambda: variable(ones, 2),
            lambda: variable(ones, requires_grad=0), lambda: variable(ones, torch.tensor(1)),
            lambda: variable(ones, requires_grad=1.5), lambda: variable(ones, requires_grad=300),
            lambda: variable(ones, requires_grad=-1), lambda: variable(ones, requires_grad="x"),
            lambda: variable(ones, None), lambda: variable(ones, True, False, "n"),
            lambda: variable(ones, True, False, None, 1), lambda: variable(ones, 1, 2, 3, 4, 5),
            lambda: variable(ones, grad_fn=None), lambda: variable(ones, foo=2, bar=3),
            lambda: variable(ones, True, requires_grad=True), lambda: variable(ones, True, True),
            lambda: variable("a", _grad_fn=3), lambda: variable(3), lambda: variable(None),
            lambda: variable(data=ones), lambda: variable(torch.tensor([1, 2]), True),
            lambda: variable(ones, _grad_fn=None, name=None),
        ]  # fmt: skip
        for call in calls:
            emit.attempt(call)

    same(program)


def test_decorating_a_class_with_a_grad_mode_gives_a_lambda() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Box:
            def __init__(self, value: Any) -> None:
                self.made_with_grad = torch.is_grad_enabled()

        for mode in (torch.no_grad(), torch.enable_grad(), torch.inference_mode()):
            made = mode(Box)
            emit(made.__name__, made.__qualname__.split(".")[-1], made(1).made_with_grad)

    same(program)


def test_anomaly_managers_are_not_decorators() -> None:
    def program(torch: Any, emit: Any) -> None:
        for manager in (torch.autograd.detect_anomaly(), torch.autograd.set_detect_anomaly(False)):
            emit(type(manager).__name__, callable(manager), torch.is_anomaly_enabled())
            emit.attempt(lambda manager=manager: manager(lambda: 3))
            with manager:
                emit(torch.is_anomaly_enabled())
            emit(torch.is_anomaly_enabled())

    same(program)


def test_gradcheck_fast_mode_numerical_side_in_pytorch_order() -> None:
    def program(torch: Any, emit: Any) -> None:
        class Off(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any) -> Any:
                return a * 2

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * 2 + 1e-3

        for shape in [(2, 2), (7,), (3, 5), (40,), (9, 9)]:
            x = torch.linspace(-1, 2, int(torch.Size(shape).numel()), dtype=torch.float64)
            x = x.view(shape).requires_grad_()
            try:
                torch.autograd.gradcheck(Off.apply, (x,), fast_mode=True)
            except Exception as error:  # the analytical side is BLAS's dot: not compared
                emit(type(error).__name__, str(error).splitlines()[1])

    same(program)


def test_grad_and_backward_refuse_none_for_tensors() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.ones(2, requires_grad=True)
        for inputs in [None, 3, "ab", [x, None]]:
            emit.attempt(lambda inputs=inputs: torch.autograd.grad((x * 2).sum(), inputs))
        for outputs in [None, 3]:
            emit.attempt(lambda outputs=outputs: torch.autograd.grad(outputs, x))
            emit.attempt(lambda outputs=outputs: torch.autograd.backward(outputs))
        emit.attempt(lambda: torch.autograd.backward((x * 2).sum(), inputs=None))
        emit(x.grad)
        emit.attempt(lambda: torch.autograd.backward((x * 2).sum(), inputs=3))
        emit.attempt(lambda: torch.autograd.grad((x * 2).sum(), x, grad_outputs=3))

    same(program)


def test_post_accumulate_grad_hook_needs_a_leaf_requiring_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        leaf = torch.ones(2, requires_grad=True)
        for tensor in (torch.ones(2), leaf * 2, leaf.detach(), torch.ones(2, dtype=torch.long)):
            emit.attempt(lambda t=tensor: t.register_post_accumulate_grad_hook(lambda p: None))
        leaf.register_post_accumulate_grad_hook(lambda p: emit("accumulated", p.grad))
        (leaf * 3).sum().backward()

    same(program)


def _walk(fn: Any, emit: Any, depth: int = 0, seen: set[int] | None = None) -> None:
    """Every node below ``fn`` by name, indented, each node's inputs once."""
    seen = set() if seen is None else seen
    if fn is None:
        emit("  " * depth + "None")
        return
    emit("  " * depth + fn.name())
    if id(fn) in seen:
        return
    seen.add(id(fn))
    for node, _ in fn.next_functions:
        _walk(node, emit, depth + 1, seen)


def test_recurrent_layers_build_pytorchs_graph() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn
        layers = [
            nn.RNN(2, 3), nn.RNN(2, 3, nonlinearity="relu"), nn.GRU(2, 3),
            nn.LSTM(2, 3), nn.GRU(2, 3, num_layers=2, bidirectional=True),
        ]  # fmt: skip
        for layer in layers:
            layer = layer.double()
            with torch.no_grad():
                for parameter in layer.parameters():
                    parameter.copy_(torch.linspace(-0.5, 0.5, parameter.numel()).view_as(parameter))
            x = torch.linspace(-1, 1, 8, dtype=torch.float64).view(2, 2, 2).requires_grad_()
            output, _ = layer(x)
            _walk(output.grad_fn, emit)
            output.sum().backward()
            emit(x.grad)
        for cell in (nn.RNNCell(2, 3), nn.GRUCell(2, 3), nn.LSTMCell(2, 3)):
            out = cell(torch.ones(1, 2))
            _walk((out[0] if isinstance(out, tuple) else out).grad_fn, emit)

    same(program)


def test_factories_take_only_a_bool_or_none_for_requires_grad() -> None:
    def program(torch: Any, emit: Any) -> None:
        import numpy as np

        one = torch.ones(1)
        makers = {
            "ones": lambda v: torch.ones(2, requires_grad=v),
            "zeros": lambda v: torch.zeros(2, requires_grad=v),
            "empty": lambda v: torch.empty(2, requires_grad=v).shape,
            "full": lambda v: torch.full((2,), 1.0, requires_grad=v),
            "tensor": lambda v: torch.tensor([1.0], requires_grad=v),
            "ones_like": lambda v: torch.ones_like(one, requires_grad=v),
            "full_like": lambda v: torch.full_like(one, 2.0, requires_grad=v),
            "new_zeros": lambda v: one.new_zeros(2, requires_grad=v),
            "randn": lambda v: torch.randn(2, requires_grad=v).shape,
            "rand": lambda v: torch.rand(2, 3, requires_grad=v).shape,
            "randn_like": lambda v: torch.randn_like(one, requires_grad=v).shape,
            "randint": lambda v: torch.randint(3, (2,), requires_grad=v).shape,
            "arange": lambda v: torch.arange(2.0, requires_grad=v),
            "arange2": lambda v: torch.arange(0, 2.0, 0.5, requires_grad=v),
            "eye": lambda v: torch.eye(2, requires_grad=v),
            "linspace": lambda v: torch.linspace(0, 1, 2, requires_grad=v),
        }
        for value in [True, None, 1, 0, "x", 1.0, np.bool_(True), torch.tensor(True)]:
            for name, make in makers.items():
                try:
                    emit(name, make(value))
                except Exception as error:
                    emit(name, f"{type(error).__name__}: {error}")

    same(program)


def test_tensor_backward_hooks_show_the_registered_hooks() -> None:
    def program(torch: Any, emit: Any) -> None:
        def names(hooks: Any) -> Any:
            # (the keys are handle ids, numbered across the process: see handle.id below)
            return None if hooks is None else [fn.__name__ for fn in hooks.values()]

        def double(grad: Any) -> Any:
            return grad * 2

        x = torch.ones(2, requires_grad=True)
        emit(names(x._backward_hooks), type(x._backward_hooks).__name__)
        handle = x.register_hook(double)
        emit(names(x._backward_hooks), type(x._backward_hooks).__name__)
        emit(list(x._backward_hooks) == [handle.id])
        y = x * 3
        emit(names(y._backward_hooks))
        y.register_hook(double)
        emit(names(y._backward_hooks))
        first, second = (x * 1).unbind()
        first.register_hook(double)
        emit(names(first._backward_hooks), names(second._backward_hooks))
        y.sum().backward()
        emit(x.grad)
        handle.remove()
        emit(names(x._backward_hooks))

    same(program)


def test_requires_grad_method_reads_its_argument_as_pytorchs_parser() -> None:
    def program(torch: Any, emit: Any) -> None:
        import numpy as np

        calls = [
            ((), {}), ((False,), {}), ((), {"requires_grad": False}), ((True, True), {}),
            ((), {"foo": 1}), ((True,), {"requires_grad": True}), ((), {"requires_grad": 1}),
            ((None,), {}), ((1,), {}), ((np.bool_(True),), {}), ((torch.tensor(True),), {}),
            ((), {"requires_grad": True, "foo": 2}),
        ]  # fmt: skip
        for args, kwargs in calls:
            x = torch.ones(2)
            emit.attempt(lambda a=args, k=kwargs, x=x: x.requires_grad_(*a, **k).requires_grad)
        emit.attempt(lambda: torch.ones(2, dtype=torch.long).requires_grad_())
        emit.attempt(lambda: (torch.ones(2, requires_grad=True) * 2).requires_grad_(False))

    same(program)


def test_legacy_cuda_tensor_types_exist_but_make_nothing() -> None:
    def program(torch: Any, emit: Any) -> None:
        cuda_float = torch.cuda.FloatTensor
        emit(cuda_float, torch.cuda.LongTensor, cuda_float.__name__, cuda_float.dtype)
        emit(isinstance(torch.ones(1), cuda_float), isinstance(torch.ones(1), torch.FloatTensor))
        emit.attempt(lambda: cuda_float([1.0]))
        emit.attempt(lambda: torch.cuda.DoubleTensor(2, 2))
        emit.attempt(lambda: torch.ones(1).type(torch.cuda.DoubleTensor))
        emit.attempt(lambda: torch.ones(1).type("torch.cuda.FloatTensor"))
        emit.attempt(lambda: torch.cuda.FooTensor)
        dtype = torch.cuda.FloatTensor if torch.cuda.is_available() else torch.FloatTensor
        x = torch.autograd.Variable(torch.ones(2).type(dtype), requires_grad=True)
        (x * 2).sum().backward()
        emit(x.grad, x.type())

    same(program)


def test_copy_slices_lists_the_wrapped_in_place_ops_inputs() -> None:
    def program(torch: Any, emit: Any) -> None:
        x = torch.arange(1.0, 5.0, requires_grad=True)

        class Double(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, t: Any) -> Any:
                t.mul_(2)
                ctx.mark_dirty(t)
                return t

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * 2

        edits = [
            lambda y: y[:2].mul_(3), lambda y: y[1:3].mul_(x[:2]), lambda y: y[2:].exp_(),
            lambda y: y.view(2, 2)[0].zero_(), lambda y: Double.apply(y[:2]),
            lambda y: y[:2].copy_(torch.tensor([5.0, 6.0], requires_grad=True)),
            lambda y: y[1:].add_(1).mul_(2),
        ]  # fmt: skip
        for edit in edits:
            y = x * 1
            edit(y)
            _walk(y.grad_fn, emit)
            view = y[2:]
            view.add_(1)
            _walk(view.grad_fn, emit)
            x.grad = None
            (y * y).sum().backward()
            emit(x.grad)

    same(program)


def test_grad_mode_wrappers_are_named_as_pytorchs() -> None:
    def program(torch: Any, emit: Any) -> None:
        import functools

        def scaled(t: Any, k: float) -> Any:
            return t * k

        x = torch.ones(2, requires_grad=True)
        for mode in (torch.no_grad(), torch.enable_grad(), torch.inference_mode()):
            wrapped = mode(functools.partial(scaled, k=2.0))
            emit(type(mode).__name__, wrapped.__qualname__, wrapped(x).requires_grad)
            emit(mode(scaled).__qualname__, mode(scaled).__name__)
        emit(torch.no_grad(True).__qualname__, torch.inference_mode(1).__qualname__)

    same(program)


def test_module_backward_hooks_that_change_gradients() -> None:
    def program(torch: Any, emit: Any) -> None:
        nn = torch.nn

        def linear() -> Any:
            layer = nn.Linear(2, 2)
            with torch.no_grad():
                layer.weight.copy_(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
                layer.bias.zero_()
            return layer

        returns = [
            ("pre", lambda m, go: (go[0] * 10,)), ("full", lambda m, gi, go: (gi[0] + 100,)),
            ("full", lambda m, gi, go: (gi[0], gi[0])), ("full", lambda m, gi, go: 5),
            ("pre", lambda m, go: (torch.ones(3),)), ("pre", lambda m, go: (go[0], go[0])),
            ("pre", lambda m, go: (go[0].double(),)),
        ]  # fmt: skip
        for kind, hook in returns:
            layer = linear()
            if kind == "pre":
                layer.register_full_backward_pre_hook(hook)
            else:
                layer.register_full_backward_hook(hook)
            x = torch.ones(1, 2, requires_grad=True)
            try:
                layer(x).sum().backward()
                emit(x.grad, layer.weight.grad)
            except Exception as error:
                emit(f"{type(error).__name__}: {str(error).splitlines()[0]}")

    same(program)
