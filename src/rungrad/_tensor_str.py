"""Tensor printing: turn a NumPy array into exactly the text PyTorch's ``repr(tensor)`` shows.

This module only formats text. It knows nothing about tensors or autograd: the caller hands over
the data as a NumPy array together with the trailing keyword parts it wants shown
(``dtype=...``, ``requires_grad=True``, ``grad_fn=<...>``), and gets back the complete string.
The global print options (``set_printoptions``) live here as well.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

__all__ = [
    "PRINT_OPTIONS",
    "PrintOptions",
    "format_tensor",
    "get_printoptions",
    "printoptions",
    "set_printoptions",
]

_PREFIX = "tensor("
_INDENT = len(_PREFIX)


class PrintOptions:
    """The options ``format_tensor`` reads; field names and defaults match PyTorch's.

    (Plain classes here, not dataclasses: making a dataclass runs ``exec``, which cost the
    import a few milliseconds.)
    """

    _KEYS = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")  # PyTorch's order
    __slots__ = _KEYS

    def __init__(self) -> None:
        self.precision: int = 4
        self.threshold: float = 1000
        self.edgeitems: int = 3
        self.linewidth: int = 80
        self.sci_mode: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._KEYS}


PRINT_OPTIONS = PrintOptions()

# (precision, threshold, edgeitems, linewidth) for each named profile.
_PROFILES: dict[str, tuple[int, float, int, int]] = {
    "default": (4, 1000, 3, 80),
    "short": (2, 1000, 2, 80),
    "full": (4, math.inf, 3, 80),
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set the global print options, with PyTorch's semantics.

    Args:
        precision: digits after the decimal point for floating point numbers (default 4).
        threshold: number of elements above which the output is summarised (default 1000).
        edgeitems: items shown at the start and end of each summarised dimension (default 3).
        linewidth: characters per line used for wrapping (default 80).
        profile: ``"default"``, ``"short"`` or ``"full"``; applied first, so explicit arguments
            override it. Like PyTorch, an unknown profile name is silently ignored.
        sci_mode: force scientific notation on (True) or off (False); None chooses automatically.
            Like PyTorch, this one is always assigned, so a call that omits it resets it to None.
    """
    if profile in _PROFILES:
        (
            PRINT_OPTIONS.precision,
            PRINT_OPTIONS.threshold,
            PRINT_OPTIONS.edgeitems,
            PRINT_OPTIONS.linewidth,
        ) = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTIONS.precision = precision
    if threshold is not None:
        PRINT_OPTIONS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTIONS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTIONS.linewidth = linewidth
    PRINT_OPTIONS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Return the current print options as a dict with PyTorch's keys."""
    return PRINT_OPTIONS.as_dict()


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Context manager that applies ``set_printoptions(**kwargs)`` and restores the old options."""
    saved = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**saved)


def format_tensor(
    array: np.ndarray,
    suffixes: Sequence[str] = (),
    *,
    is_default_float: bool = True,
    dtype_suffix: str | None = None,
    dtype_namespace: str = "rungrad",
    prefix: str = _PREFIX,
) -> str:
    """Return what PyTorch's ``repr`` prints for a CPU tensor holding ``array``.

    Args:
        array: the data; dtype float16/32/64, complex64/128, int8/16/32/64, uint8 or bool.
        suffixes: already formatted keyword parts placed after the dtype part, in order,
            e.g. ``"requires_grad=True"`` or ``"grad_fn=<MulBackward0>"``.
        is_default_float: whether a floating ``array`` has the default dtype. Only used for
            empty tensors, which (as in PyTorch) show their dtype whenever it is not the default
            dtype -- including int64 and bool.
        dtype_suffix: the dtype part (e.g. ``"dtype=torch.float64"``) when the caller wants it
            shown. It is placed after the ``size=...`` part this function adds itself.
        dtype_namespace: module name used to spell the dtype when an empty tensor needs a dtype
            part and ``dtype_suffix`` was not given.
        prefix: what opens the text; a Tensor subclass is printed under its class name
            (``MyTensor([1., 2.])``), its rows and suffixes indented to match.
    """
    array = np.asarray(array)
    name = array.dtype.name
    if name == "bfloat16":  # printed by value, as float32 prints it (NOTE [bfloat16])
        array = array.astype(np.float32)
    if array.dtype.kind not in "fciub":
        raise TypeError(f"cannot print arrays of dtype {array.dtype}")
    options = PRINT_OPTIONS
    leading: list[str] = []
    if array.size == 0:
        # Only the 1-D empty shape is implied by "[]"; every other empty shape is spelt out.
        if array.ndim != 1:
            leading.append(f"size={tuple(array.shape)}")
        is_default_dtype = array.dtype.kind == "f" and is_default_float
        if dtype_suffix is None and not is_default_dtype:
            dtype_suffix = f"dtype={dtype_namespace}.{name}"
        body = "[]"
    else:
        # With edgeitems == 0 a summary shows no numbers at all, so the shape is always added.
        if not options.edgeitems:
            leading.append(f"size={tuple(array.shape)}")
        body = _format_body(array, options, len(prefix))
    if dtype_suffix is not None:
        leading.append(dtype_suffix)
    return _attach_suffixes(prefix + body, [*leading, *suffixes], options.linewidth, len(prefix))


# --------------------------------------------------------------------------------------------
# Suffixes
# --------------------------------------------------------------------------------------------


def _attach_suffixes(
    text: str, suffixes: Sequence[str], linewidth: int, indent: int = _INDENT
) -> str:
    """Append ``, suffix`` parts and the closing parenthesis, wrapping them like PyTorch.

    A suffix moves to a new line (indented under the opening bracket) when the running line
    length plus ``len(suffix) + 2`` exceeds the line width. PyTorch counts the last line of the
    tensor body two characters longer than it is, so in practice a suffix stays on that line
    only if the finished line, closing parenthesis included, is shorter than ``linewidth``. A
    line started by a wrapped suffix is counted without that slack.

    A suffix is measured as PyTorch spells it (``dtype=torch.float64``, two characters shorter
    than rungrad's name), so the lines break where PyTorch's do.
    """
    parts = [text]
    line_length = len(text) - (text.rfind("\n") + 1) + 2
    for suffix in suffixes:
        length = len(suffix) - 2 * suffix.count("rungrad.")
        if line_length + length + 2 > linewidth:
            parts.append(",\n" + " " * indent + suffix)
            line_length = indent + length
        else:
            parts.append(", " + suffix)
            line_length += length + 2
    parts.append(")")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Element formatting
# --------------------------------------------------------------------------------------------


class _ElementFormatter:
    """Formats single elements right-aligned to a shared column width.

    ``mode`` is ``"int"`` (integer-valued floats, written ``3.``), ``"fixed"``, ``"sci"`` or
    ``"plain"`` (integer and bool dtypes, written with ``str``).
    """

    __slots__ = ("mode", "precision", "width")

    def __init__(self, mode: str, width: int, precision: int) -> None:
        self.mode, self.width, self.precision = mode, width, precision

    def format(self, value: float | int | bool) -> str:
        if self.mode == "sci":
            text = f"{value:{self.width}.{self.precision}e}"
        elif self.mode == "int":
            text = f"{value:.0f}"
            if math.isfinite(value):
                text += "."
        elif self.mode == "fixed":
            text = f"{value:.{self.precision}f}"
        else:
            text = str(value)
        return text.rjust(self.width)


class _ComplexFormatter:
    """Formats complex numbers as ``re+imj``, each part with its own formatter and width."""

    __slots__ = ("imag", "real")

    def __init__(self, real: _ElementFormatter, imag: _ElementFormatter) -> None:
        self.real, self.imag = real, imag

    @property
    def width(self) -> int:
        return self.real.width + self.imag.width + 1  # the trailing "j"

    def format(self, value: complex) -> str:
        # The imaginary part loses its padding and gets an explicit sign instead.
        imag = (self.imag.format(value.imag) + "j").lstrip()
        if not imag.startswith(("+", "-")):
            imag = "+" + imag
        return self.real.format(value.real) + imag


def _make_formatter(sample: np.ndarray, options: PrintOptions) -> _ElementFormatter:
    """Choose notation and column width from the elements that will actually be shown."""
    precision = options.precision
    if sample.dtype.kind != "f":
        width = max((len(str(v)) for v in sample.ravel().tolist()), default=1)
        return _ElementFormatter("plain", max(width, 1), precision)

    values = sample.astype(np.float64).ravel()
    shown = values[np.isfinite(values) & (values != 0)]
    if shown.size == 0:
        # Only zeros, nan and inf: PyTorch keeps integer notation here and, surprisingly,
        # ignores a forced sci_mode.
        return _ElementFormatter("int", 1, precision)

    magnitudes = np.abs(shown)
    smallest, largest = float(magnitudes.min()), float(magnitudes.max())
    is_integral = bool(np.all(shown == np.ceil(shown)))
    wide_range = largest / smallest > 1000.0 or largest > 1.0e8
    # Integer-valued data never switches to scientific notation just for being small.
    use_sci = wide_range if is_integral else wide_range or smallest < 1.0e-4

    if options.sci_mode is not None:
        use_sci = options.sci_mode

    # The column width comes from the finite non-zero numbers only; nan, inf and zeros are
    # padded to it but never widen it.
    numbers = shown.tolist()
    if use_sci:
        mode, width = "sci", max(len(f"{v:.{precision}e}") for v in numbers)
    elif is_integral:
        mode, width = "int", max(len(f"{v:.0f}") for v in numbers) + 1  # room for the "."
    else:
        mode, width = "fixed", max(len(f"{v:.{precision}f}") for v in numbers)
    return _ElementFormatter(mode, max(width, 1), precision)


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


def _format_body(array: np.ndarray, options: PrintOptions, indent: int = _INDENT) -> str:
    """Format the bracketed numbers of a non-empty array (everything after ``tensor(``)."""
    summarize = array.size > options.threshold
    if summarize and array.ndim > 0 and not options.edgeitems:
        return "[...]"
    edge = options.edgeitems
    if summarize:
        # Slice to the edge items first, so huge arrays are never formatted in full; the
        # column width is chosen from the shown items only, as PyTorch does.
        cut = tuple(size > 2 * edge for size in array.shape)
        array = _edge_items(array, cut, edge)
    else:
        cut = (False,) * array.ndim
    formatter: _ElementFormatter | _ComplexFormatter
    if array.dtype.kind == "c":
        array = array.astype(np.complex128)  # exact; gives Python complex numbers
        formatter = _ComplexFormatter(
            _make_formatter(array.real, options), _make_formatter(array.imag, options)
        )
    else:
        if array.dtype.kind == "f":
            array = array.astype(np.float64)  # exact for every float dtype; gives Python floats
        formatter = _make_formatter(array, options)
    return _format_block(array, cut, indent, formatter, options)


def _edge_items(array: np.ndarray, cut: tuple[bool, ...], edge: int) -> np.ndarray:
    """Keep only the first and last ``edge`` entries along each axis marked in ``cut``."""
    for axis, is_cut in enumerate(cut):
        if is_cut:
            size = array.shape[axis]
            keep = np.r_[0:edge, size - edge : size]
            array = np.take(array, keep, axis=axis)
    return array


def _format_block(
    block: np.ndarray,
    cut: tuple[bool, ...],
    indent: int,
    formatter: _ElementFormatter | _ComplexFormatter,
    options: PrintOptions,
) -> str:
    """Format one (possibly summarised) sub-array; ``indent`` is the column of its ``[``."""
    if block.ndim == 0:
        return formatter.format(block.item())
    if block.ndim == 1:
        return _format_row(block, cut[0], indent, formatter, options)
    parts = [_format_block(sub, cut[1:], indent + 1, formatter, options) for sub in block]
    if cut[0]:
        parts.insert(options.edgeitems, "...")
    # Blocks of rank r are separated by r - 1 newlines, i.e. r - 2 blank lines.
    separator = "," + "\n" * (block.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(parts) + "]"


def _format_row(
    row: np.ndarray,
    is_cut: bool,
    indent: int,
    formatter: _ElementFormatter | _ComplexFormatter,
    options: PrintOptions,
) -> str:
    """Format a 1-D row, wrapping it into lines of a fixed number of elements."""
    items = [formatter.format(v) for v in row.tolist()]
    if is_cut:
        items.insert(options.edgeitems, " ...")
    # Every element takes its width plus ", "; the available room is linewidth - indent.
    per_line = max(1, (options.linewidth - indent) // (formatter.width + 2))
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
