"""PyTorch's signatures of Tensor methods, as its argument parser prints them.

A method's signatures are its function's without the tensor itself and without ``out``:
``x.eq(None)`` is refused with "eq() received an invalid combination of arguments - got
(NoneType), but expected one of: * (Tensor other) ...". ``_overloads.refusal`` words the
refusal from this table; the methods ask it only once a call has failed.
"""

from __future__ import annotations

_BINARY = ("(Tensor other)", "(Number other)")
_REDUCTION = (
    "(*, torch.dtype dtype = None)",
    "(tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)",
)
_EXTREMUM = ("()", "(Tensor other)", "(int dim, bool keepdim = False)")
_LOGICAL_REDUCTION = (
    "()",
    "(tuple of ints dim = None, bool keepdim = False)",
    "(int dim, bool keepdim = False)",
)
_SPREAD = (
    "(tuple of ints dim, bool unbiased = True, bool keepdim = False)",
    "(tuple of ints dim = None, *, Number correction = None, bool keepdim = False)",
    "(bool unbiased = True)",
)
_CLAMP = ("(Tensor min = None, Tensor max = None)", "(Number min = None, Number max = None)")
_SORT = (
    "(*, bool stable, int dim = -1, bool descending = False)",
    "(int dim = -1, bool descending = False)",
)
_DIVISION = ("(Tensor other)", "(Tensor other, *, str rounding_mode)")
_MASKED_FILL = ("(Tensor mask, Tensor value)", "(Tensor mask, Number value)")

METHOD_SIGNATURES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
         "less_equal", "not_equal", "eq_", "ne_", "lt_", "le_", "gt_", "ge_", "true_divide",
         "fmod", "fmod_", "remainder", "remainder_"),
        _BINARY,
    ),
    **dict.fromkeys(("pow", "pow_"), ("(Tensor exponent)", "(Number exponent)")),
    **dict.fromkeys(("add", "sub", "add_", "sub_"), ("(Tensor other, *, Number alpha = 1)",)),
    **dict.fromkeys(("mul", "mul_"), ("(Tensor other)",)),
    **dict.fromkeys(("div", "div_"), _DIVISION),
    "divide": (*_DIVISION, "(Number other)", "(Number other, *, str rounding_mode)"),
    **dict.fromkeys(("clamp", "clip", "clamp_", "clip_"), _CLAMP),
    **dict.fromkeys(("clamp_min", "clamp_min_"), ("(Tensor min)", "(Number min)")),
    **dict.fromkeys(("clamp_max", "clamp_max_"), ("(Tensor max)", "(Number max)")),
    "fill_": ("(Tensor value)", "(Number value)"),
    **dict.fromkeys(("sum", "mean"), _REDUCTION),
    "prod": (
        "(*, torch.dtype dtype = None)",
        "(int dim, bool keepdim = False, *, torch.dtype dtype = None)",
    ),
    **dict.fromkeys(("max", "min"), _EXTREMUM),
    **dict.fromkeys(("all", "any"), _LOGICAL_REDUCTION),
    **dict.fromkeys(("std", "var"), _SPREAD),
    **dict.fromkeys(("argmax", "argmin"), ("(int dim = None, bool keepdim = False)",)),
    "view": ("(torch.dtype dtype)", "(tuple of ints size)"),
    "reshape": ("(tuple of ints shape)",),
    "squeeze": ("()", "(int dim)", "(tuple of ints dim)"),
    "unsqueeze": ("(int dim)",),
    "transpose": ("(int dim0, int dim1)",),
    "permute": ("(tuple of ints dims)",),
    **dict.fromkeys(("softmax", "log_softmax"), ("(int dim, torch.dtype dtype = None)",)),
    **dict.fromkeys(("cumsum", "cumprod"), ("(int dim, *, torch.dtype dtype = None)",)),
    "flatten": ("(int start_dim = 0, int end_dim = -1)",),
    "size": ("(int dim = None)",),
    "topk": ("(int k, int dim = -1, bool largest = True, bool sorted = True)",),
    "chunk": ("(int chunks, int dim = 0)",),
    **dict.fromkeys(("masked_fill", "masked_fill_"), _MASKED_FILL),
    "narrow": ("(int dim, Tensor start, int length)", "(int dim, int start, int length)"),
    "repeat": ("(tuple of ints repeats)",),
    "broadcast_to": ("(tuple of ints size)",),
    "expand": ("(tuple of ints size, *, bool implicit = False)",),
    "index_select": ("(int dim, Tensor index)",),
    "gather": ("(int dim, Tensor index, *, bool sparse_grad = False)",),
    **dict.fromkeys(("matmul", "maximum", "minimum", "atan2"), ("(Tensor other)",)),
    **dict.fromkeys(("mm", "bmm"), ("(Tensor mat2)",)),
    "dot": ("(Tensor tensor)",),
    **dict.fromkeys(("sort", "argsort"), _SORT),
    "count_nonzero": ("(int dim = None)", "(tuple of ints dim)"),
    "lerp": ("(Tensor end, Tensor weight)", "(Tensor end, Number weight)"),
    "repeat_interleave": (
        "(Tensor repeats, int dim = None, *, int output_size = None)",
        "(int repeats, int dim = None, *, int output_size = None)",
    ),
    "masked_select": ("(Tensor mask)",),
    **dict.fromkeys(("diag", "tril", "triu"), ("(int diagonal = 0)",)),
    "roll": ("(tuple of ints shifts, tuple of ints dims = None)",),
    "flip": ("(tuple of ints dims)",),
    "logsumexp": ("(tuple of ints dim, bool keepdim = False)",),
    **dict.fromkeys(("amax", "amin"), ("(tuple of ints dim = (), bool keepdim = False)",)),
    **dict.fromkeys(
        ("nansum", "nanmean"),
        ("(tuple of ints dim = None, bool keepdim = False, *, torch.dtype dtype = None)",),
    ),
    "median": ("()", "(int dim, bool keepdim = False)"),
    "mode": ("(int dim = -1, bool keepdim = False)",),
    "kthvalue": ("(int k, int dim = -1, bool keepdim = False)",),
    "unbind": ("(int dim = 0)",),
    "select": ("(int dim, int index)",),
    "index_add": ("(int dim, Tensor index, Tensor source, *, Number alpha = 1)",),
    "addmm": ("(Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1)",),
    "diagonal": ("(int offset = 0, int dim1 = 0, int dim2 = 1)",),
    "movedim": (
        "(int source, int destination)",
        "(tuple of ints source, tuple of ints destination)",
    ),
    "unflatten": ("(int dim, tuple of ints sizes)",),
    **dict.fromkeys(("expand_as", "view_as", "reshape_as", "type_as"), ("(Tensor other)",)),
    "index_fill": (
        "(int dim, Tensor index, Tensor value)",
        "(int dim, Tensor index, Number value)",
    ),
    "scatter": (
        "(int dim, Tensor index, Tensor src)",
        "(int dim, Tensor index, Tensor src, *, str reduce)",
        "(int dim, Tensor index, Number value)",
        "(int dim, Tensor index, Number value, *, str reduce)",
    ),
    "to": (
        (
            "(torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, "
            "bool copy = False, *, torch.memory_format memory_format = None)"
        ),
        (
            "(torch.dtype dtype, bool non_blocking = False, bool copy = False, *, "
            "torch.memory_format memory_format = None)"
        ),
        (
            "(Tensor tensor, bool non_blocking = False, bool copy = False, *, "
            "torch.memory_format memory_format = None)"
        ),
    ),
}  # fmt: skip

# Methods whose Tensor parameters also take a number (``x.add(2)``): the parser wraps it.
NUMBERS_AS_TENSORS = frozenset({"add", "sub", "mul", "div", "add_", "sub_", "mul_", "div_"})

# Methods with a signature the parser keeps out of its messages (``add(Number alpha, Tensor
# other)``, deprecated): with it, a call that fits no signature's length gets the list.
HIDDEN_OVERLOADS = frozenset({"add", "sub", "add_", "sub_", "addmm"})
