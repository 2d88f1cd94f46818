"""``python -m rungrad demo``: train a small convolutional network on handwritten digits.

Everything here is the public, PyTorch-shaped API — the same script runs on PyTorch with
``import torch``. The data are the 8x8 UCI digits shipped with the package. The demo prints
progress, the held-out accuracy, and writes a loss curve (PNG) and a picture of the trained
model's computation graph.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import rungrad as torch
from rungrad import nn
from rungrad.datasets import load_digits

__all__ = ["main"]


class DigitNet(nn.Module):
    """conv(1->16) relu conv(16->32) relu maxpool flatten linear(512->64) relu linear(64->10)."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def _split(seed: int) -> tuple[Any, Any, Any, Any]:
    images, labels = load_digits()
    order = np.random.default_rng(seed).permutation(len(labels))
    images = (images[order] / 16.0)[:, None]  # (N, 1, 8, 8) in [0, 1]
    labels = labels[order]
    held_out = len(labels) // 5
    return (
        torch.tensor(images[held_out:]),
        torch.tensor(labels[held_out:]),
        torch.tensor(images[:held_out]),
        torch.tensor(labels[:held_out]),
    )


class _Progress:
    """A progress bar: tqdm when installed, else a plain line per epoch."""

    def __init__(self, total: int) -> None:
        try:
            from tqdm import tqdm
        except ImportError:
            self.bar = None
        else:
            self.bar = tqdm(total=total, unit="batch", file=sys.stdout)

    def update(self, loss: float) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(loss=f"{loss:.4f}")

    def epoch_done(self, epoch: int, loss: float, accuracy: float) -> None:
        message = f"epoch {epoch:2d}  train loss {loss:.4f}  held-out accuracy {accuracy:.2%}"
        if self.bar is not None:
            self.bar.write(message)
        else:
            print(message, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        predictions = model(images).argmax(dim=1)
    model.train()
    return float((predictions == labels).float().mean())


def _plot_losses(losses: list[float], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: pip install 'rungrad[demo]' for the loss curve)")
        return False
    figure, axis = plt.subplots(figsize=(6, 3.5))
    axis.plot(losses, linewidth=0.8, alpha=0.4, label="per batch")
    window = 20
    if len(losses) > window:
        smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
        axis.plot(range(window - 1, len(losses)), smooth, linewidth=1.8, label="moving average")
        axis.legend()
    axis.set_xlabel("step")
    axis.set_ylabel("cross-entropy loss")
    axis.set_yscale("log")
    axis.set_title("DigitNet on 8x8 digits, trained with rungrad")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def _draw_graph(model: nn.Module, sample: torch.Tensor, out_dir: Path) -> Path | None:
    try:
        from .viz import make_dot

        graph = make_dot(model(sample).sum(), dict(model.named_parameters()))
    except ImportError:
        print("(graphviz is not installed: pip install 'rungrad[demo]' for the graph picture)")
        return None
    try:
        path = out_dir / "model_graph.svg"
        path.write_bytes(graph.pipe(format="svg"))
    except Exception:  # the `dot` program is missing: keep the DOT source instead
        path = out_dir / "model_graph.dot"
        path.write_text(graph.source)
    return path


def main(
    epochs: int = 12, batch_size: int = 32, out_dir: str = "rungrad-demo", seed: int = 0
) -> float:
    """Train, report, and write the pictures; returns the held-out accuracy."""
    start = time.perf_counter()
    torch.manual_seed(seed)
    train_x, train_y, test_x, test_y = _split(seed)
    model = DigitNet()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    print(model)
    print(f"training on {len(train_y)} digits, holding out {len(test_y)}")

    rng = np.random.default_rng(seed)
    batches = (len(train_y) + batch_size - 1) // batch_size
    progress = _Progress(epochs * batches)
    losses: list[float] = []
    accuracy = 0.0
    for epoch in range(1, epochs + 1):
        order = torch.tensor(rng.permutation(len(train_y)))
        for first in range(0, len(train_y), batch_size):
            index = order[first : first + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            progress.update(losses[-1])
        accuracy = _accuracy(model, test_x, test_y)
        progress.epoch_done(epoch, float(np.mean(losses[-batches:])), accuracy)
    progress.close()

    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    if _plot_losses(losses, target / "loss_curve.png"):
        written.append(target / "loss_curve.png")
    graph = _draw_graph(model, test_x[:1], target)
    if graph is not None:
        written.append(graph)
    print(f"held-out accuracy: {accuracy:.2%}")
    for path in written:
        print(f"wrote {path}")
    print(f"done in {time.perf_counter() - start:.1f} s")
    return accuracy


if __name__ == "__main__":
    main()
