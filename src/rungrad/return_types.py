"""Named tuples returned by ops with several outputs (``rungrad.return_types.max``...)."""

from __future__ import annotations

from typing import Any

__all__ = ["max", "min"]


class _ReturnType(tuple):  # type: ignore[type-arg]
    """A tuple with named fields that prints like PyTorch's ``torch.return_types``."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __new__(cls, values: Any) -> Any:
        return super().__new__(cls, tuple(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        fields = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"rungrad.return_types.{type(self).__name__}(\n{fields})"

    def __reduce__(self) -> Any:
        return (type(self), (tuple(self),))


def _return_type(name: str, fields: tuple[str, ...]) -> type:
    return type(name, (_ReturnType,), {"__slots__": (), "_fields": fields})


max = _return_type("max", ("values", "indices"))
min = _return_type("min", ("values", "indices"))
