"""op_db rows for the pointwise ops added after the first round (see op_db.py)."""

from __future__ import annotations

from op_db import OpInfo

POINTWISE_OPS: list[OpInfo] = []
