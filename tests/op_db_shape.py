"""op_db rows for the shape ops added after the first round (see op_db.py)."""

from __future__ import annotations

from op_db import OpInfo

SHAPE_OPS: list[OpInfo] = []
