"""Shared pytest configuration: assertion rewriting for the oracle helpers, hypothesis profile."""

from __future__ import annotations

import pytest
from hypothesis import settings

# The oracle's comparisons are plain ``assert``s: let pytest explain their failures.
pytest.register_assert_rewrite("oracle")

# Two cores: keep generated examples few and never time them.
settings.register_profile("rungrad", deadline=None, print_blob=True)
settings.load_profile("rungrad")
