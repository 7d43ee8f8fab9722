"""The writers' reference of the page macros, generated from their docstrings.

Each name in `Macros.NAMES` is listed with its call signature and the first paragraph
of its docstring, so a macro another engineer adds shows up here with no extra step
(and tests/test_macro_reference.py fails on a macro without a docstring).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass


@dataclass(frozen=True)
class MacroDoc:
    name: str
    call: str  # e.g. incidents(tier_id, benefit_id, class_id=None)
    summary: str  # the docstring's first paragraph, on one line


def macro_docs(macros_class) -> list[MacroDoc]:
    """One entry per macro of `macros_class.NAMES`, in that order."""
    return [_doc_of(name, getattr(macros_class, name)) for name in macros_class.NAMES]


def _doc_of(name: str, function) -> MacroDoc:
    parameters = list(inspect.signature(function).parameters.values())[1:]  # without self
    call = f"{name}({', '.join(_parameter(p) for p in parameters)})"
    doc = inspect.getdoc(function) or ""
    return MacroDoc(name, call, " ".join(doc.split("\n\n")[0].split()))


def _parameter(parameter: inspect.Parameter) -> str:
    if parameter.kind is inspect.Parameter.VAR_KEYWORD:
        return f"**{parameter.name}"
    if parameter.default is inspect.Parameter.empty:
        return parameter.name
    return f"{parameter.name}={parameter.default!r}"
