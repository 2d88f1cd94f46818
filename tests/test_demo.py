"""The demo trains DigitNet on the shipped digits to the promised accuracy and writes its files."""

from __future__ import annotations

import numpy as np

from rungrad.datasets import load_digits
from rungrad.demo import main


def test_shipped_digits():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float32
    assert images.min() == 0 and images.max() == 16
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_demo_reaches_97_percent_and_writes_pictures(tmp_path, capsys):
    accuracy = main(out_dir=str(tmp_path))
    assert accuracy >= 0.97
    out = capsys.readouterr().out
    assert "held-out accuracy" in out and "DigitNet(" in out
    assert (tmp_path / "loss_curve.png").read_bytes().startswith(b"\x89PNG")
    graphs = list(tmp_path.glob("model_graph.*"))
    assert len(graphs) == 1
    assert "ConvolutionBackward0" in graphs[0].read_text()
