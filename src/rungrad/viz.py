"""See the graph: computation-graph pictures (Graphviz) and a text tree.

``make_dot(out)`` returns a ``graphviz.Digraph`` with one box per ``grad_fn`` node, labelled
with its PyTorch name, and one box per leaf tensor (named through ``params``); edges follow
the backward pass, from each node to the nodes in its ``next_functions``. ``print_graph(out)``
prints the same graph as a tree in the terminal, with no dependency. Both walk the graph
iteratively and visit each node once, so graphs of any depth work and shared subgraphs are
drawn once.

The ``graphviz`` package (the ``viz`` extra) builds the DOT source; rendering pictures needs
the ``dot`` program (Debian/Ubuntu: ``apt-get install graphviz``; macOS: ``brew install
graphviz``).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from ._tensor import Tensor
from .autograd.graph import AccumulateGrad, Node

__all__ = ["format_graph", "make_dot", "print_graph"]

_INSTALL_HINT = (
    "rungrad.viz: the Graphviz 'dot' program was not found; showing the text tree instead. "
    "Install it with 'apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' "
    "(macOS)."
)
_OUTPUT_COLOR = "darkolivegreen1"
_LEAF_COLOR = "lightblue"
_PARAM_COLOR = "orange"


def _as_outputs(output_or_outputs: Any) -> list[Tensor]:
    if isinstance(output_or_outputs, Tensor):
        return [output_or_outputs]
    outputs = [t for t in _flatten(output_or_outputs) if isinstance(t, Tensor)]
    if not outputs:
        raise TypeError("make_dot expects a tensor or a (nested) sequence of tensors")
    return outputs


def _flatten(value: Any) -> Iterator[Any]:
    if isinstance(value, Mapping):
        value = value.values()
    if isinstance(value, Iterable) and not isinstance(value, Tensor | str):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _walk(roots: Iterable[Node]) -> list[Node]:
    """Every node reachable from ``roots``, each once, in discovery order (no recursion)."""
    seen: set[int] = set()
    order: list[Node] = []
    stack = [root for root in roots if root is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        for next_node, _ in reversed(node.next_functions):
            if next_node is not None and id(next_node) not in seen:
                stack.append(next_node)
    return order


def _shape_text(tensor: Tensor) -> str:
    return str(tuple(tensor._data.shape))


def _value_text(tensor: Tensor) -> str:
    """A short description of a tensor's values: the values when small, else statistics."""
    data = tensor._data
    if data.size <= 6:
        values = (
            np.round(data.astype(np.float64), 4).tolist()
            if data.dtype.kind in "fc"
            else (data.tolist())
        )
        return f"= {values}"
    if data.size == 0:
        return "(empty)"
    return f"min {float(data.min()):.4g} max {float(data.max()):.4g}"


def _saved_items(node: Node) -> list[tuple[str, Any]]:
    """What a node saved for backward, as (name, value) pairs; values may be freed (None)."""
    from .autograd.saved import SavedTensor

    saved = getattr(node, "_saved", None)
    if not isinstance(saved, dict):
        return []
    items = []
    for name, value in saved.items():
        if isinstance(value, SavedTensor):
            shape = value.saved_shape()
            items.append((name, "(freed)" if shape is None else str(shape)))
        elif isinstance(value, np.ndarray) and name.startswith("result"):
            items.append((name, str(tuple(value.shape))))  # an output kept as its array
        else:
            items.append((name, repr(value)))
    return items


def _saved_output(node: Node) -> Tensor | None:
    """The node's own output when it saved it for backward (e.g. exp, tanh), else None."""
    from .autograd.saved import SavedTensor

    saved = getattr(node, "_saved", None)
    value = saved.get("result") if isinstance(saved, dict) else None
    if isinstance(value, SavedTensor):
        value = value._value
    return Tensor._from_array(value) if isinstance(value, np.ndarray) else None


def _tensor_label(tensor: Tensor, name: str | None, show_values: bool) -> str:
    lines = [html.escape(name)] if name is not None else []
    lines.append(_shape_text(tensor))
    if show_values:
        lines.append(html.escape(_value_text(tensor)))
        if tensor.is_leaf and tensor._grad is not None:
            lines.append("grad " + html.escape(_value_text(tensor._grad)))
    return "<br/>".join(lines)


def make_dot(
    output_or_outputs: Any,
    params: Mapping[str, Tensor] | None = None,
    show_values: bool = False,
    show_saved: bool = False,
) -> Any:
    """The computation graph behind ``output_or_outputs`` as a ``graphviz.Digraph``.

    Args:
        output_or_outputs: a tensor, or a (nested) sequence/dict of tensors.
        params: names for leaf tensors, e.g. ``dict(model.named_parameters())``.
        show_values: add each shown tensor's value (small tensors) or min/max: outputs,
            leaves (with their ``.grad`` after backward), and the outputs nodes saved.
        show_saved: add what each node saved for backward (shapes, scalars, or "(freed)").

    Nodes are boxes named like PyTorch's (``MulBackward0``); leaves are blue boxes (named
    parameters orange); outputs are green. Edges run the way gradients flow.
    """
    graph_class = _graph_class()
    outputs = _as_outputs(output_or_outputs)
    names = {id(tensor): name for name, tensor in (params or {}).items()}
    # The body is written directly: graphviz's node()/edge() quoting costs ~100 us a call,
    # too slow for graphs of 10 000 nodes. Ids are integers and labels are escaped HTML.
    body: list[str] = []

    def node_line(node_id: str, label: str, color: str) -> None:
        body.append(f"\t{node_id} [label=<{label}> fillcolor={color}]\n")

    for index, output in enumerate(outputs):
        output_id = f"output{index}"
        node_line(output_id, _tensor_label(output, "output", show_values), _OUTPUT_COLOR)
        if output.grad_fn is not None:
            body.append(f"\t{output_id} -> {id(output.grad_fn)}\n")

    for node in _walk(output.grad_fn for output in outputs):
        node_id = str(id(node))
        if isinstance(node, AccumulateGrad):
            variable = node.variable
            name = names.get(id(variable))
            color = _PARAM_COLOR if name else _LEAF_COLOR
            node_line(node_id, _tensor_label(variable, name, show_values), color)
            continue
        label = html.escape(node.name())
        if show_values:
            output = _saved_output(node)
            if output is not None:
                label += "<br/>" + html.escape(_value_text(output))
        if show_saved:
            for saved_name, value in _saved_items(node):
                label += f"<br/>{html.escape(saved_name)}: {html.escape(str(value))}"
        node_line(node_id, label, "lightgrey")
        for next_node, _ in node.next_functions:
            if next_node is not None:
                body.append(f"\t{node_id} -> {id(next_node)}\n")

    dot = graph_class(
        node_attr={
            "style": "filled",
            "shape": "box",
            "align": "left",
            "fontsize": "10",
            "ranksep": "0.1",
            "height": "0.2",
            "fontname": "monospace",
        },
        graph_attr={"size": "12,12"},
        body=body,
    )
    dot.tree_text = format_graph(outputs, params)
    return dot


@functools.cache
def _graph_class() -> type:
    try:
        import graphviz
    except ImportError as error:  # pragma: no cover - exercised without the extra installed
        raise ImportError(
            "make_dot needs the graphviz package: pip install 'rungrad[viz]'"
        ) from error

    class Graph(graphviz.Digraph):  # type: ignore[misc]
        """A Digraph that shows itself as SVG in notebooks, or as the text tree when the
        ``dot`` program is missing."""

        tree_text = ""

        def _repr_mimebundle_(
            self, include: Any = None, exclude: Any = None, **kwargs: Any
        ) -> dict[str, str]:
            try:
                return {"image/svg+xml": self.pipe(format="svg", encoding="utf-8")}
            except graphviz.ExecutableNotFound:
                return {"text/plain": f"{_INSTALL_HINT}\n{self.tree_text}"}

        def _repr_svg_(self) -> str | None:
            return self._repr_mimebundle_().get("image/svg+xml")

    return Graph


def format_graph(output_or_outputs: Any, params: Mapping[str, Tensor] | None = None) -> str:
    """The graph behind ``output_or_outputs`` as an indented tree (see ``print_graph``)."""
    outputs = _as_outputs(output_or_outputs)
    names = {id(tensor): name for name, tensor in (params or {}).items()}
    numbers: dict[int, int] = {}
    lines: list[str] = []

    def describe(node: Node) -> str:
        if isinstance(node, AccumulateGrad):
            variable = node.variable
            name = names.get(id(variable))
            shape = list(variable.shape)
            return f"AccumulateGrad ({name}: {shape})" if name else f"AccumulateGrad {shape}"
        return node.name()

    for output in outputs:
        root = output.grad_fn
        if root is None:
            lines.append(f"(leaf tensor {list(output.shape)}, no grad_fn)")
            continue
        # (node, prefix for its own line, prefix for its children)
        stack: list[tuple[Node, str, str]] = [(root, "", "")]
        while stack:
            node, own_prefix, child_prefix = stack.pop()
            if id(node) in numbers:
                lines.append(f"{own_prefix}{describe(node)} [#{numbers[id(node)]}, shown above]")
                continue
            numbers[id(node)] = len(numbers) + 1
            children = [n for n, _ in node.next_functions if n is not None]
            unused = len(node.next_functions) - len(children)
            # Edges to inputs that need no gradient are counted on the node's own line.
            extra = f" (+{unused} None)" if unused > 1 else " (+ None)" if unused else ""
            lines.append(f"{own_prefix}{describe(node)} [#{numbers[id(node)]}]{extra}")
            if len(children) == 1:
                # A chain continues in the same column, so deep graphs stay narrow.
                stack.append((children[0], child_prefix, child_prefix))
                continue
            for position in range(len(children) - 1, -1, -1):
                last = position == len(children) - 1
                stack.append(
                    (
                        children[position],
                        child_prefix + ("└── " if last else "├── "),
                        child_prefix + ("    " if last else "│   "),
                    )
                )
    return "\n".join(lines)


def print_graph(output_or_outputs: Any, params: Mapping[str, Tensor] | None = None) -> None:
    """Print the graph of ``grad_fn`` nodes behind a tensor as a tree.

    Each node is numbered the first time it appears; a node reached again (a shared subgraph)
    is printed as ``[#n, shown above]`` instead of being repeated. Branches are drawn with
    tree lines; a node with a single input continues on the next line in the same column.

    Example::

        >>> import rungrad as torch
        >>> from rungrad.viz import print_graph
        >>> x = torch.tensor(2.0, requires_grad=True)
        >>> print_graph(x * x + x)
        AddBackward0 [#1]
        ├── MulBackward0 [#2]
        │   ├── AccumulateGrad [] [#3]
        │   └── AccumulateGrad [] [#3, shown above]
        └── AccumulateGrad [] [#3, shown above]
    """
    print(format_graph(output_or_outputs, params))
