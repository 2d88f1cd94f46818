"""A view whose base (or another view of it) changed in place gets its history made again,
as an AsStridedBackward0 of the base's new history: gradients through it are PyTorch's."""

from __future__ import annotations

from transcripts import same


def test_a_view_follows_its_base_changed_in_place() -> None:
    def program(torch, emit):
        a = torch.ones(4, requires_grad=True)
        b = a * 1
        v = b.view(2, 2)
        emit(v.grad_fn.name())
        b.mul_(2)
        emit(v.grad_fn.name(), v._version, b._version)
        v.sum().backward()
        emit(a.grad)

    same(program)


def test_views_of_views_and_siblings() -> None:
    def program(torch, emit):
        a = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        b = a * 1
        outer = b[1:]
        inner = outer[:2]
        b.add_(1)
        emit(inner.grad_fn.name(), outer.grad_fn.name())
        (inner * 3).sum().backward()
        emit(a.grad)
        for first, second in ((slice(0, 2), slice(2, 4)), (slice(0, 2), slice(1, 3))):
            a.grad = None
            b = a * 1
            changed, sibling = b[first], b[second]
            changed.mul_(5)
            emit(sibling.grad_fn.name())
            (sibling * sibling).sum().backward()
            emit(a.grad)

    same(program)


def test_a_stale_view_used_in_an_op_and_as_a_root() -> None:
    def program(torch, emit):
        x = torch.ones(2, 3, requires_grad=True)
        h = x * 1
        transposed = h.t()
        h.exp_()
        q = transposed + 0
        emit(q.grad_fn.next_functions[0][0].name())
        q.sum().backward()
        emit(x.grad)
        x.grad = None
        h = x * 2
        row = h[0]
        h.add_(1)
        emit(row.grad_fn.name(), row.requires_grad, row.is_leaf)
        (row * row).sum().backward()
        emit(x.grad)

    same(program)


def test_changes_under_no_grad_and_retain_grad() -> None:
    def program(torch, emit):
        a = torch.ones(4, requires_grad=True)
        b = a * 1
        v = b[:2]
        with torch.no_grad():
            b.mul_(2)
        emit(v.grad_fn.name())
        v.sum().backward()
        emit(a.grad)
        b = a * 1
        v = b[:2]
        b.mul_(3)
        with torch.no_grad():
            emit(v.grad_fn.name())
        a.grad = None
        b = a * 1
        v = b[:2]
        v.retain_grad()
        b.mul_(2)
        v.sum().backward()
        emit(v.grad, a.grad)
        leaf = torch.ones(3, requires_grad=True)
        part = leaf[:2]
        with torch.no_grad():
            leaf.mul_(2)
        emit(part.grad_fn.name())
        part.sum().backward()
        emit(leaf.grad)

    same(program)


def test_a_base_that_comes_to_require_grad() -> None:
    def program(torch, emit):
        w = torch.tensor([2.0, 3.0], requires_grad=True)
        b = torch.zeros(4)
        first, last = b[:2], b[2:]
        emit(last.requires_grad, last.grad_fn)
        first.add_(w)
        emit(b.grad_fn.name(), last.requires_grad, last.grad_fn.name(), last.is_leaf)
        c = torch.zeros(4)
        head, tail = c[:2], c[2:]
        head.add_(w)
        product = tail * 2  # recorded: tail's base requires grad now
        emit(product.requires_grad, product.grad_fn.name())
        (product.sum() + c.sum()).backward()
        emit(w.grad)

    same(program)


def test_outputs_of_multi_view_ops_cannot_be_regrown() -> None:
    def program(torch, emit):
        a = torch.ones(4, requires_grad=True)
        for split in (lambda b: b.unbind(0), lambda b: b.split(2), lambda b: b.chunk(2)):
            b = a * 1
            parts = split(b)
            b.mul_(2)
            emit.attempt(lambda parts=parts: parts[0].grad_fn)
            emit.attempt(lambda parts=parts: (parts[1] * 2).sum().backward())

    same(program)
