"""Every ``Primitive`` declared in ``rungrad._ops`` has an ``op_db`` row that exercises it.

A row names what it covers (``covers``: the op's own primitives; ``covers_backward``: the
backward primitives its formulas use, checked by its double-backward test) as
``"<module>.<attribute>"``, e.g. ``"pointwise._pow_tensor_scalar"``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from op_db import OP_DB

import rungrad._ops
from rungrad._ops.registry import Op, is_op


def _declared() -> Iterator[tuple[str, Op]]:
    """(``module.attribute``, primitive) for each primitive, in the module that declares it."""
    for info in pkgutil.iter_modules(rungrad._ops.__path__):
        module = importlib.import_module(f"rungrad._ops.{info.name}")
        for attribute, value in vars(module).items():
            if is_op(value) and value.forward.__module__ == module.__name__:
                yield f"{info.name}.{attribute}", value


def _covered() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for row in OP_DB:
        for name in (*row.covers, *row.covers_backward):
            names.setdefault(name, []).append(row.name)
    return names


def test_every_primitive_has_a_row() -> None:
    covered = _covered()
    by_primitive: dict[int, list[str]] = {}
    for name, primitive in _declared():
        by_primitive.setdefault(id(primitive), []).append(name)
    missing = sorted(
        " = ".join(names)
        for names in by_primitive.values()
        if not any(name in covered for name in names)
    )
    assert not missing, "no op_db row covers these primitives: " + ", ".join(missing)


def test_rows_name_existing_primitives() -> None:
    declared = dict(_declared())
    stale = sorted(
        f"{name} (row {', '.join(rows)})"
        for name, rows in _covered().items()
        if name not in declared
    )
    assert not stale, "op_db rows cover primitives that do not exist: " + ", ".join(stale)


def test_the_walk_finds_primitives() -> None:
    names = dict(_declared())
    assert "pointwise.mul" in names
    assert "backward_ops.threshold_backward" in names
    assert names["pointwise._pow_scalar_tensor"].primitive.node_name == "PowBackward2"
