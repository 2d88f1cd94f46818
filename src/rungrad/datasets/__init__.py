"""Small datasets shipped inside the package (see README.md here for their attribution)."""

from __future__ import annotations

import gzip
from importlib import resources

import numpy as np

__all__ = ["load_digits"]


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 handwritten digits (UCI, Alpaydin & Kaynak 1998, CC BY 4.0).

    Returns ``(images, labels)``: float32 images of shape (1797, 8, 8) with values 0..16, and
    int64 labels 0..9.
    """
    resource = resources.files(__name__).joinpath("digits.csv.gz")
    with resource.open("rb") as raw, gzip.open(raw) as text:
        rows = np.loadtxt(text, delimiter=",", dtype=np.int64)
    return rows[:, :64].reshape(-1, 8, 8).astype(np.float32), rows[:, 64]
