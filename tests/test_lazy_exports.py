"""Names imported on first use (PEP 562): the op families a plain ``import rungrad`` leaves
out, and the top-level functions over them, which are wrapped in the same argument checks
as the names imported eagerly (``rungrad._exported``)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch

import rungrad

# Modules that ``import rungrad`` does not import: most programs never call them.
FIRST_USE_MODULES = (
    "rungrad.linalg",
    "rungrad._ops.decompositions",
    "rungrad._ops.special_functions",
    "rungrad._ops.normal_functions",
    "rungrad._ops.householder",
    "rungrad._ops.lu",
    "rungrad._ops.lu_solve",
    "rungrad._ops.ldl",
    "rungrad._ops.cholesky_solve",
    "rungrad._ops.weight_norm",
)


def test_a_plain_import_leaves_the_families_out() -> None:
    code = (
        "import sys, rungrad\n"
        f"print([m for m in {FIRST_USE_MODULES!r} if m in sys.modules])\n"
        "rungrad.det, rungrad.linalg.svd, rungrad.i0, rungrad.mvlgamma, rungrad._ops.i0_\n"
        "rungrad.cholesky_solve, rungrad.norm_except_dim\n"
        f"print([m for m in {FIRST_USE_MODULES!r} if m not in sys.modules])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:2] == ["[]", "[]"]


@pytest.mark.parametrize("name", sorted(rungrad._LAZY_FUNCTIONS))
def test_every_first_use_name_resolves_once(name: str) -> None:
    first = getattr(rungrad, name)
    assert callable(first)
    assert vars(rungrad)[name] is first  # a plain global from now on
    assert name in dir(rungrad)


@pytest.mark.parametrize("name", sorted(rungrad._ops._LAZY_OPS))
def test_every_first_use_op_resolves(name: str) -> None:
    op = getattr(rungrad._ops, name)
    family = sys.modules[f"rungrad._ops.{rungrad._ops._LAZY_OPS[name]}"]
    assert op is getattr(family, name)
    assert name in dir(rungrad._ops) and name in rungrad._ops.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'no_such_op'"):
        rungrad._ops.no_such_op
    with pytest.raises(AttributeError, match="module 'rungrad' has no attribute 'no_such'"):
        rungrad.no_such


# Calls that pass through the wrappers a first-use name gets: PyTorch's refusals of a number
# as the tensor (tensor_first), out= (accepts_out) and NumPy's names for dim.
REFUSALS = {
    "det": lambda T: T.det(2.0),
    "inverse": lambda T: T.inverse(3),
    "svd": lambda T: T.svd(1.5),
    "logdet": lambda T: T.logdet(1),
    "norm_except_dim": lambda T: T.norm_except_dim(2.0),
    "cholesky": lambda T: T.cholesky([1.0]),
    "layer_norm": lambda T: T.layer_norm(1.0, [1]),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_first_use_functions_refuse_as_pytorch(name: str) -> None:
    with pytest.raises(TypeError) as expected:
        REFUSALS[name](torch)
    with pytest.raises(TypeError) as got:
        REFUSALS[name](rungrad)
    assert str(got.value) == str(expected.value)


def test_first_use_functions_take_out_and_numpy_names() -> None:
    a, x = np.array([0.5, 2.0, 3.0]), np.array([1.0, 0.25, 4.0])
    for T in (torch, rungrad):
        out = T.empty(3, dtype=T.float64)
        returned = T.igammac(T.tensor(a), T.tensor(x), out=out)
        assert returned is out
    expected = torch.igammac(torch.tensor(a), torch.tensor(x)).numpy()
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)
    m = [[1.0, 2.0], [3.0, 4.0]]
    got = rungrad.cosine_similarity(rungrad.tensor(m), rungrad.tensor(m[::-1]), axis=0)
    want = torch.cosine_similarity(torch.tensor(m), torch.tensor(m[::-1]), axis=0)
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
