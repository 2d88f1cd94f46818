"""Shared pytest configuration: assertion rewriting for the oracle helpers, hypothesis profile."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# The oracle's comparisons are plain ``assert``s: let pytest explain their failures.
pytest.register_assert_rewrite("oracle")

# Two cores: keep generated examples few and never time them.
settings.register_profile("rungrad", deadline=None, print_blob=True)
# In CI the same examples every run: a red build then means a change broke something, and
# exploring new examples is what local runs (and RUNGRAD_DRAWN_EXAMPLES) are for.
settings.register_profile("ci", parent=settings.get_profile("rungrad"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "rungrad")
