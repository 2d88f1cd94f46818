"""Named tuples returned by ops with several outputs (``rungrad.return_types.max``...)."""

from __future__ import annotations

from typing import Any

__all__ = [
    "aminmax",
    "cummax",
    "cummin",
    "frexp",
    "geqrf",
    "histogram",
    "kthvalue",
    "linalg_cholesky_ex",
    "linalg_eig",
    "linalg_eigh",
    "linalg_inv_ex",
    "linalg_lstsq",
    "linalg_lu",
    "linalg_lu_factor",
    "linalg_lu_factor_ex",
    "linalg_ldl_factor",
    "linalg_ldl_factor_ex",
    "linalg_qr",
    "linalg_slogdet",
    "linalg_solve_ex",
    "linalg_svd",
    "lu_unpack",
    "max",
    "median",
    "min",
    "mode",
    "nanmedian",
    "qr",
    "slogdet",
    "sort",
    "svd",
    "topk",
]


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
sort = _return_type("sort", ("values", "indices"))
topk = _return_type("topk", ("values", "indices"))
kthvalue = _return_type("kthvalue", ("values", "indices"))
mode = _return_type("mode", ("values", "indices"))
median = _return_type("median", ("values", "indices"))
nanmedian = _return_type("nanmedian", ("values", "indices"))
cummax = _return_type("cummax", ("values", "indices"))
cummin = _return_type("cummin", ("values", "indices"))
aminmax = _return_type("aminmax", ("min", "max"))
frexp = _return_type("frexp", ("mantissa", "exponent"))
histogram = _return_type("histogram", ("hist", "bin_edges"))

# linear algebra
linalg_inv_ex = _return_type("linalg_inv_ex", ("inverse", "info"))
linalg_slogdet = _return_type("linalg_slogdet", ("sign", "logabsdet"))
slogdet = _return_type("slogdet", ("sign", "logabsdet"))
linalg_solve_ex = _return_type("linalg_solve_ex", ("result", "info"))
linalg_cholesky_ex = _return_type("linalg_cholesky_ex", ("L", "info"))
linalg_qr = _return_type("linalg_qr", ("Q", "R"))
qr = _return_type("qr", ("Q", "R"))
geqrf = _return_type("geqrf", ("a", "tau"))
_lu_with_info = _return_type("_lu_with_info", ("LU", "pivots", "info"))
linalg_lu = _return_type("linalg_lu", ("P", "L", "U"))
linalg_lu_factor = _return_type("linalg_lu_factor", ("LU", "pivots"))
linalg_lu_factor_ex = _return_type("linalg_lu_factor_ex", ("LU", "pivots", "info"))
linalg_ldl_factor = _return_type("linalg_ldl_factor", ("LD", "pivots"))
linalg_ldl_factor_ex = _return_type("linalg_ldl_factor_ex", ("LD", "pivots", "info"))
lu_unpack = _return_type("lu_unpack", ("P", "L", "U"))
linalg_eig = _return_type("linalg_eig", ("eigenvalues", "eigenvectors"))
linalg_eigh = _return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))
linalg_svd = _return_type("linalg_svd", ("U", "S", "Vh"))
svd = _return_type("svd", ("U", "S", "V"))
linalg_lstsq = _return_type("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
