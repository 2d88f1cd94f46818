"""``linalg.householder_product`` (``LinalgHouseholderProductBackward0``) and the composite
``linalg.vander``.

householder_product(A, tau) is the first n columns of H_0 H_1 ... H_(k-1), with
H_i = I - tau_i v_i v_i^H and v_i column i of A below the diagonal, 1 on it, 0 above.

Its gradient runs the product backwards, one reflector at a time. With Q_b the product of the
reflectors after H_i applied to the identity's columns, w = v^H Q_b and G the gradient
arriving at H_i Q_b:
  g tau_i = -v^H G w^H,   g v = -conj(tau_i) G w^H - tau_i Q_b G^H v,   G <- H_i^H G,
and A receives g v below the diagonal. Composed of ops, so it is itself differentiable.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor
from .decompositions import _legacy
from .linalg import matmul
from .registry import primitive

__all__ = ["geqrf", "householder_product", "vander"]


def _reflectors(A: np.ndarray, k: int) -> np.ndarray:
    """The v_i as the columns of an m x k matrix."""
    V = np.tril(A[..., :, :k], -1)
    V[..., np.arange(k), np.arange(k)] = 1
    return V


@primitive("LinalgHouseholderProductBackward0")
def _householder_product(input, tau):
    rows, columns = input.shape[-2:]
    k = tau.shape[-1]
    V = _reflectors(input, k)
    Q = np.broadcast_to(np.eye(rows, columns, dtype=input.dtype), input.shape).copy()
    for i in reversed(range(k)):
        v = V[..., :, i : i + 1]
        w = np.conj(np.swapaxes(v, -1, -2)) @ Q
        Q = Q - tau[..., i, None, None] * (v @ w)
    return Q


def _householder_grads(grad: Tensor, input: Tensor, tau: Tensor) -> tuple[Any, Any]:
    from .._creation import eye, zeros_like
    from .joining import cat
    from .shape import tril

    rows, columns = input.shape[-2:]
    k = tau.shape[-1]
    if k == 0 or input._data.size == 0:  # no gradient, as in PyTorch
        return None, None
    V = tril(input[..., :, :k], -1) + eye(rows, k, dtype=input.dtype)
    # The products of the last reflectors applied to the identity's columns, innermost first.
    partial = [zeros_like(input) + eye(rows, columns, dtype=input.dtype)]
    for i in reversed(range(k)):
        v = V[..., :, i : i + 1]
        partial.append(partial[-1] - tau[..., i, None, None] * matmul(v, matmul(v.mH, partial[-1])))
    G = grad
    grad_tau = zeros_like(tau)  # filled a slice at a time, as PyTorch's (CopySlices)
    grad_V = []
    for i in range(k):
        v = V[..., :, i : i + 1]
        t = tau[..., i, None, None]
        Q_b = partial[k - 1 - i]
        w = matmul(v.mH, Q_b)
        grad_tau[..., i] = -matmul(matmul(v.mH, G), w.mH)[..., 0, 0]
        grad_V.append(-t.conj() * matmul(G, w.mH) - t * matmul(Q_b, matmul(G.mH, v)))
        G = G - t.conj() * matmul(v, matmul(v.mH, G))
    if k < columns:
        grad_V.append(zeros_like(input[..., :, k:]))
    return tril(cat(grad_V, -1), -1), grad_tau


_householder_product.defgrad(
    input=lambda grad, input, tau: _householder_grads(grad, input, tau)[0],
    tau=lambda grad, input, tau: _householder_grads(grad, input, tau)[1],
)


def householder_product(input: Tensor, tau: Tensor, *, out: Any = None) -> Tensor:
    """linalg.householder_product(A, tau) -> the first n columns of the product of the
    Householder reflectors I - tau_i v_i v_i^H stored below A's diagonal (geqrf's form)"""
    from .._out import write_out

    name = "torch.linalg.householder_product"
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if tau._data.ndim != input._data.ndim - 1:
        raise RuntimeError(
            f"{name}: Expected tau to have one dimension less than input, but got tau.ndim "
            f"equal to {tau._data.ndim} and input.ndim is equal to {input._data.ndim}"
        )
    rows, columns = input._data.shape[-2:]
    if rows < columns:
        raise RuntimeError(
            f"{name}: input.shape[-2] must be greater than or equal to input.shape[-1]"
        )
    if columns < tau._data.shape[-1]:
        raise RuntimeError(
            f"{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]"
        )
    if tau._data.dtype != input._data.dtype:
        raise RuntimeError(
            f"{name}: tau dtype {_legacy(tau._data)} does not match input dtype "
            f"{_legacy(input._data)}"
        )
    result = _householder_product(input, tau)
    return result if out is None else write_out("linalg_householder_product", result, out)


def vander(x: Tensor, *, N: int | None = None) -> Tensor:
    """linalg.vander(x, *, N=None) -> the Vandermonde matrix [1, x, x^2, ..., x^(N-1)] of x's
    last dimension (a cumulative product of copies of x after a column of ones)"""
    from .joining import cat
    from .reduction import cumprod
    from .shape import unsqueeze

    values = unsqueeze(x, -1) if x.dim() == 0 else x
    shape = list(values.shape)
    count = shape[-1] if N is None else N
    if count <= 1:
        raise RuntimeError("N must be greater than 1.")
    powers = cumprod(unsqueeze(values, -1).expand(*shape, count - 1), -1)
    ones = powers.new_ones((*shape, 1))
    return cat([ones, powers], -1)


# -- geqrf: the QR factorization in LAPACK's packed form -------------------------------------
def _geqrf_arrays(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LAPACK's geqrf (dlarfg's reflectors): R on and above the diagonal, the reflectors'
    vectors below it, and their scales tau."""
    a = np.array(A, copy=True)
    rows, columns = a.shape[-2:]
    k = min(rows, columns)
    flat = a.reshape(-1, rows, columns)
    tau = np.zeros((flat.shape[0], k), dtype=a.dtype)
    for b in range(flat.shape[0]):
        m = flat[b]
        for j in range(k):
            alpha = m[j, j]
            x = m[j + 1 :, j]
            x_norm = np.linalg.norm(x)
            if x_norm == 0 and np.imag(alpha) == 0:
                continue  # H = I: tau stays 0
            beta = -np.copysign(np.hypot(np.abs(alpha), x_norm), np.real(alpha))
            tau[b, j] = (beta - alpha) / beta
            m[j + 1 :, j] = x / (alpha - beta)
            m[j, j] = beta
            v = np.concatenate([[1.0], m[j + 1 :, j]]).astype(a.dtype)
            trailing = m[j:, j + 1 :]
            trailing -= np.conj(tau[b, j]) * np.outer(v, np.conj(v) @ trailing)
    return a, tau.reshape(*a.shape[:-2], k)


@primitive("GeqrfBackward0", num_outputs=2)
def _geqrf(self):
    return _geqrf_arrays(self)


def _geqrf_grad(grads: list[Tensor]) -> Tensor:
    raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


_geqrf.defgrad(self=_geqrf_grad)


def geqrf(input: Tensor, *, out: Any = None) -> Any:
    """geqrf(input) -> (a, tau): the QR factorization as LAPACK's geqrf packs it (R above
    the diagonal, the Householder vectors below; Q = householder_product(a, tau))"""
    from .. import return_types
    from .._out import write_out

    if input._data.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    if input._data.dtype.kind not in "fc" or input._data.dtype == np.float16:
        raise NotImplementedError(f"\"geqrf_cpu\" not implemented for '{_legacy(input._data)}'")
    result = return_types.geqrf(_geqrf(input))
    if out is not None:
        for value, target in zip(result, out, strict=True):
            write_out("geqrf", value, target)
        return return_types.geqrf(tuple(out))
    return result
