"""Devices: every PyTorch device type can be named, and rungrad, which computes on the CPU,
answers and refuses as a PyTorch build without CUDA does (``torch.cuda``,
``torch.backends``, ``torch.accelerator``, ``.to("cuda")``...). The reference is the CPU
build of PyTorch that the tests install."""

from __future__ import annotations

import pytest
import torch
from test_saved_tensors import same

import rungrad

if torch.cuda.is_available() or torch.backends.mps.is_available():  # pragma: no cover
    pytest.skip("the reference is PyTorch without an accelerator", allow_module_level=True)

EXPRESSIONS = [
    "torch.device('cuda')",
    "torch.device('cuda:1')",
    "torch.device('cuda', 2)",
    "torch.device('mps')",
    "torch.device('meta')",
    "torch.device('cpu:0')",
    "torch.device('cpu', 1)",
    "str(torch.device('cuda:1'))",
    "torch.device('cuda') == torch.device('cuda', None)",
    "torch.device('gpu')",
    "torch.device('CPU')",
    "torch.device('cuda:x')",
    "torch.device('cuda', -1)",
    "torch.device(0)",
    "torch.ones(2).to('cuda')",
    "torch.ones(2).to(torch.device('cuda:0'))",
    "torch.ones(2).to(device='cuda')",
    "torch.ones(2).cuda()",
    "torch.ones(2, device='cuda')",
    "torch.zeros(2, device=torch.device('cuda'))",
    "torch.ones(2, device='xpu')",
    "torch.ones(2, device='cpu:0')",
    "torch.ones(2).to('cpu:0')",
    "torch.nn.Linear(2, 2).to('cuda')",
    "torch.nn.Linear(2, 2).cuda()",
    "torch.nn.Linear(2, 2).to(device='cuda')",
    "torch.nn.ReLU().cuda()",
    "torch.nn.ReLU().to('cuda')",
    "torch.cuda.is_available()",
    "torch.cuda.device_count()",
    "torch.cuda.is_initialized()",
    "torch.cuda.manual_seed(0)",
    "torch.cuda.manual_seed_all(0)",
    "torch.cuda.seed()",
    "torch.cuda.seed_all()",
    "torch.cuda.empty_cache()",
    "torch.cuda.memory_allocated()",
    "torch.cuda.max_memory_allocated()",
    "torch.cuda.is_bf16_supported()",
    "torch.cuda.current_device()",
    "torch.cuda.synchronize()",
    "torch.cuda.get_device_name(0)",
    "torch.cuda.get_device_properties(0)",
    "torch.cuda.init()",
    "torch.cuda.initial_seed()",
    "torch.cuda.get_rng_state()",
    "torch.backends.cudnn.enabled",
    "torch.backends.cudnn.benchmark",
    "torch.backends.cudnn.deterministic",
    "torch.backends.cudnn.is_available()",
    "torch.backends.cudnn.version()",
    "torch.backends.mps.is_available()",
    "torch.backends.mps.is_built()",
    "torch.backends.cuda.is_built()",
    "torch.backends.cuda.matmul.allow_tf32",
    "torch.accelerator.is_available()",
    "torch.accelerator.current_accelerator()",
    "torch.accelerator.device_count()",
    "torch.accelerator.current_device_index()",
    "torch.accelerator.synchronize()",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_like_pytorch_without_cuda(expression: str) -> None:
    def program(torch, emit):
        emit.attempt(lambda: eval(expression, {"torch": torch}))

    same(program)


def test_the_usual_device_choice_runs_on_the_cpu() -> None:
    def program(torch, emit):
        device = (
            "cuda"
            if torch.cuda.is_available()
            else "mps"
            if torch.backends.mps.is_available()
            else "cpu"
        )
        accelerator = (
            torch.accelerator.current_accelerator().type
            if torch.accelerator.is_available()
            else "cpu"
        )
        model = torch.nn.Linear(2, 1).to(device)
        x = torch.ones(3, 2, device=device)
        emit(device, accelerator, model(x).shape, x.device, x.is_cuda)

    same(program)


def test_backend_flags_can_be_set() -> None:
    import rungrad.backends.cudnn as cudnn

    before = cudnn.deterministic, cudnn.benchmark
    try:
        rungrad.backends.cudnn.deterministic = True
        rungrad.backends.cudnn.benchmark = False
        assert cudnn.deterministic is True and cudnn.benchmark is False
    finally:
        cudnn.deterministic, cudnn.benchmark = before


def test_default_device() -> None:
    def program(torch, emit):
        emit(repr(torch.get_default_device()))
        torch.set_default_device("cpu")
        emit(repr(torch.get_default_device()), torch.ones(1).device)
        torch.set_default_device(None)
        emit(repr(torch.get_default_device()))
        emit.attempt(lambda: torch.set_default_device("gpu"))

    same(program)


def test_a_default_device_without_support_is_refused() -> None:
    # PyTorch refuses at the first tensor made there; rungrad at once, with the same error.
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        rungrad.set_default_device("cuda")
    assert rungrad.get_default_device() == rungrad.device("cpu")
