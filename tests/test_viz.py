"""Graph pictures and the text tree: DOT source of known graphs, rendering, fallbacks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

import rungrad as torch
from rungrad.viz import format_graph, make_dot

graphviz = pytest.importorskip("graphviz")


def _nodes(source: str) -> dict[str, str]:
    """node id -> label text (HTML tags removed)."""
    nodes = {}
    for match in re.finditer(r"^\s*(\w+) \[label=<(.*)> fillcolor", source, re.MULTILINE):
        nodes[match.group(1)] = re.sub(r"<br/>", "\n", match.group(2))
    return nodes


def _edges(source: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s*(\w+) -> (\w+)", source, re.MULTILINE)


def _by_label(nodes: dict[str, str], first_line: str) -> str:
    matches = [node for node, label in nodes.items() if label.split("\n")[0] == first_line]
    assert len(matches) == 1, (first_line, nodes)
    return matches[0]


def test_nodes_leaves_and_edge_direction():
    w = torch.ones(3, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    y = (w * 2 + b).tanh().sum()
    source = make_dot(y, {"w": w, "b": b}).source
    nodes, edges = _nodes(source), set(_edges(source))
    names = sorted(label.split("\n")[0] for label in nodes.values())
    assert names == sorted(
        ["output", "SumBackward0", "TanhBackward0", "AddBackward0", "MulBackward0", "w", "b"]
    )
    node = {name: _by_label(nodes, name) for name in names}
    # Edges follow the backward pass: from each node to its next_functions.
    assert edges == {
        (node["output"], node["SumBackward0"]),
        (node["SumBackward0"], node["TanhBackward0"]),
        (node["TanhBackward0"], node["AddBackward0"]),
        (node["AddBackward0"], node["MulBackward0"]),
        (node["AddBackward0"], node["b"]),
        (node["MulBackward0"], node["w"]),
    }
    assert nodes[node["w"]] == "w\n(3,)"
    assert "fillcolor=darkolivegreen1" in source  # the output is highlighted


def test_shared_subgraph_is_drawn_once():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    shared = x.exp()
    y = (shared * shared + shared).sum()
    source = make_dot(y).source
    nodes = _nodes(source)
    exp_nodes = [n for n, label in nodes.items() if label == "ExpBackward0"]
    assert len(exp_nodes) == 1
    into_exp = [edge for edge in _edges(source) if edge[1] == exp_nodes[0]]
    assert len(into_exp) == 3  # two from MulBackward0 (same edge twice), one from AddBackward0
    tree = format_graph(y)
    assert tree.count("ExpBackward0 [#") == 3
    assert tree.count("shown above") >= 2


def test_unnamed_leaf_shows_shape_and_values_with_grad():
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    nodes = _nodes(make_dot(y, show_values=True).source)
    leaf = next(label for label in nodes.values() if label.startswith("(2,)"))
    assert leaf == "(2,)\n= [1.0, -2.0]\ngrad = [2.0, -4.0]"
    assert nodes[_by_label(nodes, "output")] == "output\n()\n= 5.0"


def test_large_tensors_show_statistics():
    x = torch.arange(10.0, requires_grad=True)
    nodes = _nodes(make_dot((x * 3).sum(), show_values=True).source)
    leaf = next(label for label in nodes.values() if label.startswith("(10,)"))
    assert leaf == "(10,)\nmin 0 max 9"


def test_saved_tensor_labels_and_freed_after_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp().sum()
    nodes = _nodes(make_dot(y, show_saved=True).source)
    assert nodes[_by_label(nodes, "ExpBackward0")] == "ExpBackward0\nresult: (2,)"
    assert nodes[_by_label(nodes, "SumBackward0")] == "SumBackward0\nself_shape: (2,)"
    y.backward()
    nodes = _nodes(make_dot(y, show_saved=True).source)
    assert nodes[_by_label(nodes, "ExpBackward0")] == "ExpBackward0\nresult: (freed)"


def test_text_tree_layout():
    x = torch.tensor(2.0, requires_grad=True)
    assert format_graph(x * x + x) == "\n".join(
        [
            "AddBackward0 [#1]",
            "├── MulBackward0 [#2]",
            "│   ├── AccumulateGrad [] [#3]",
            "│   └── AccumulateGrad [] [#3, shown above]",
            "└── AccumulateGrad [] [#3, shown above]",
        ]
    )
    c = torch.ones(2)
    # A single input continues in the same column; inputs needing no grad are counted.
    assert format_graph((x * c).sum(), {"x": x}) == "\n".join(
        ["SumBackward0 [#1]", "MulBackward0 [#2] (+ None)", "AccumulateGrad (x: []) [#3]"]
    )


def test_deep_graph_needs_no_recursion():
    x = torch.tensor([0.5], requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0
    source = make_dot(y).source
    assert source.count("MulBackward0") == 5000
    tree = format_graph(y)
    assert tree.count("MulBackward0") == 5000
    assert max(len(line) for line in tree.splitlines()) < 40  # chains don't indent


@pytest.mark.skipif(shutil.which("dot") is None, reason="the Graphviz 'dot' program is absent")
def test_renders_svg_and_notebook_bundle():
    x = torch.tensor([1.0], requires_grad=True)
    graph = make_dot((x * 2).sum())
    svg = graph.pipe(format="svg", encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "MulBackward0" in svg
    bundle = graph._repr_mimebundle_()
    assert "MulBackward0" in bundle["image/svg+xml"]


def test_notebook_display_falls_back_to_text_without_dot(monkeypatch):
    monkeypatch.setenv("PATH", "")
    x = torch.tensor([1.0], requires_grad=True)
    bundle = make_dot((x * 2).sum())._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "apt-get install graphviz" in text.splitlines()[0]
    assert text.splitlines()[1:] == [
        "SumBackward0 [#1]", "MulBackward0 [#2] (+ None)", "AccumulateGrad [1] [#3]"
    ]  # fmt: skip


@pytest.mark.skipif(shutil.which("dot") is None, reason="the Graphviz 'dot' program is absent")
def test_cli_writes_graph_of_last_backward(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(
        "import torch\n"
        "w = torch.ones(2, requires_grad=True)\n"
        "for step in range(3):\n"
        "    loss = (w * w).sum() if step < 2 else w.exp().sum()\n"
        "    loss.backward()\n"
    )
    out = tmp_path / "graph.svg"
    subprocess.run([sys.executable, "-m", "rungrad", "run", "--graph", str(out), str(script)],
                   check=True, capture_output=True)  # fmt: skip
    svg = out.read_text()
    assert "ExpBackward0" in svg and "MulBackward0" not in svg
    subprocess.run([sys.executable, "-m", "rungrad", "run", "--graph", str(tmp_path / "g.dot"),
                    "--graph-every", str(script)], check=True, capture_output=True)  # fmt: skip
    written = sorted(p.name for p in tmp_path.glob("g-*.dot"))
    assert written == ["g-1.dot", "g-2.dot", "g-3.dot"]
    assert "MulBackward0" in (tmp_path / "g-1.dot").read_text()


SEED_GRAPHS = {
    # seed script -> node names the graph of its last backward() must contain
    "seed_000_autograd_blitz.py": {"SumBackward0", "MulBackward0"},
    "seed_001_leaf_nodes_vjp.py": {"SumBackward0", "MulBackward0"},
    "seed_002_polynomial_chain_rule.py": {
        "SumBackward0",
        "TanhBackward0",
        "AddBackward0",
        "MmBackward0",
    },
    # the last backward() here is the failing one on a non-scalar RNN state
    "seed_003_no_grad_detach_variable.py": {
        "TanhBackward0",
        "AddBackward0",
        "MmBackward0",
        "TBackward0",
    },
    "seed_004_variable_wrapper.py": {"MeanBackward0", "MulBackward0"},
}


@pytest.mark.parametrize("seed", sorted(SEED_GRAPHS))
def test_every_seed_example_draws_its_graph(seed, tmp_path):
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "examples" / "seeds" / seed
    out = tmp_path / "graph.dot"
    subprocess.run([sys.executable, "-m", "rungrad", "run", "--graph", str(out), str(script)],
                   check=True, capture_output=True)  # fmt: skip
    source = out.read_text()
    assert set(re.findall(r"\w+Backward\d", source)) == SEED_GRAPHS[seed]
    assert "fillcolor=darkolivegreen1" in source  # the output
    assert "fillcolor=lightblue" in source  # at least one leaf


def test_show_values_includes_outputs_that_nodes_saved():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    y = x.exp().sum()
    nodes = _nodes(make_dot(y, show_values=True).source)
    assert nodes[_by_label(nodes, "ExpBackward0")] == "ExpBackward0\n= [1.0, 2.7183]"
