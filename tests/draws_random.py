"""Hypothesis draws for the rows of random fills and samplers (op_db.RANDOM_OPS): any shape,
0-d and empty included. The rows make the values independent of the random stream, or seed
it (the gamma, Dirichlet and binomial samplers draw PyTorch's numbers)."""

from __future__ import annotations

from drawing import DrawFunction, draw_unary

__all__ = ["DRAWS"]

DRAWS: dict[str, DrawFunction] = {
    name: draw_unary()
    for name in (
        "Tensor.uniform_", "Tensor.normal_", "Tensor.bernoulli_", "Tensor.bernoulli_(p)",
        "Tensor.random_()", "Tensor.random_(to)", "Tensor.random_(from, to)",
        "Tensor.exponential_", "Tensor.geometric_", "Tensor.log_normal_", "Tensor.cauchy_",
        "bernoulli", "poisson", "_standard_gamma", "_standard_gamma_grad", "_sample_dirichlet",
        "_dirichlet_grad", "binomial",
    )
}  # fmt: skip
