"""op_db rows for the reduction ops added after the first round (see op_db.py)."""

from __future__ import annotations

from op_db import OpInfo

REDUCTION_OPS: list[OpInfo] = []
