"""The allocator tuning of ``rungrad._malloc`` (NOTE [Allocator]) and its opt-outs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_PROBE = "from rungrad._malloc import keep_freed_memory; print(keep_freed_memory())"


def _probe(**environment: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    env.pop("RUNGRAD_SYSTEM_MALLOC", None)
    env.update(environment)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt only")
def test_glibc_malloc_is_tuned_unless_the_user_opts_out() -> None:
    import platform

    if platform.libc_ver()[0] != "glibc":
        assert _probe() == "False"
        return
    assert _probe() == "True"
    assert _probe(RUNGRAD_SYSTEM_MALLOC="1") == "False"
    assert _probe(MALLOC_ARENA_MAX="2") == "False"  # the user configures malloc: hands off
