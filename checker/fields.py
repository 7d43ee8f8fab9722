"""Reflection over the model's dataclasses: YAML key names and field types."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Annotated, Literal, get_args, get_origin

from checker import model
from checker.types import Doc, Ref, Url

NONE_TYPE = type(None)


def yaml_key(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    name: str  # Python attribute
    key: str  # YAML key
    type: object  # the annotation with Annotated and Optional removed
    optional: bool
    required: bool
    ref: str | None
    url: bool
    doc: str


@functools.cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    hints = typing.get_type_hints(cls, vars(model), include_extras=True)
    specs = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("derived"):
            continue
        tp, meta = unwrap(hints[f.name])
        inner, optional = strip_optional(tp)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        specs.append(FieldSpec(
            name=f.name, key=yaml_key(f.name), type=inner, optional=optional, required=required,
            ref=next((m.target for m in meta if isinstance(m, Ref)), None),
            url=any(isinstance(m, Url) for m in meta),
            doc=" ".join(m.text for m in meta if isinstance(m, Doc)),
        ))
    return tuple(specs)


def unwrap(tp: object) -> tuple[object, list]:
    """Annotated[X, a, b] -> (X, [a, b]), also inside X | None."""
    meta: list = []
    while get_origin(tp) is Annotated:
        tp, *extra = get_args(tp)
        meta.extend(extra)
    inner, optional = strip_optional(tp)
    if optional and get_origin(inner) is Annotated:
        inner, more = unwrap(inner)
        meta.extend(more)
        tp = inner | None
    return tp, meta


def strip_optional(tp: object) -> tuple[object, bool]:
    if is_union(tp):
        args = [a for a in get_args(tp) if a is not NONE_TYPE]
        if len(args) < len(get_args(tp)):
            return (args[0] if len(args) == 1 else functools.reduce(lambda a, b: a | b, args)), True
    return tp, False


def is_union(tp: object) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType)


def literal_values(tp: object) -> tuple[str, ...] | None:
    return get_args(tp) if get_origin(tp) is Literal else None
