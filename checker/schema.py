"""JSON Schemas of the data files, generated from the model so editors check as we do."""

from __future__ import annotations

import dataclasses
from typing import get_args, get_origin

from checker import conditions, model
from checker.fields import FieldSpec, fields_of, literal_values
from checker.reading import ID_PATTERN
from checker.types import UNLIMITED, Text

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def file_schema(keys: list[str], languages: list[str], title: str) -> dict:
    """The schema of one data file holding the given top-level keys."""
    specs = {s.key: s for s in fields_of(model.Programme)}
    builder = _Builder(languages)
    properties = {key: builder.field(specs[key]) for key in keys if key in specs}
    return {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": builder.defs,
    }


class _Builder:
    def __init__(self, languages: list[str]):
        self.languages = languages
        self.defs: dict[str, dict] = {}

    def field(self, spec: FieldSpec) -> dict:
        schema = self.type(spec.type)
        if spec.key == "id":
            schema = {**schema, "pattern": ID_PATTERN.pattern}
        if spec.doc:
            schema = {**schema, "description": spec.doc}
        return {"anyOf": [schema, {"type": "null"}]} if spec.optional else schema

    def type(self, tp: object) -> dict:
        if tp is Text:
            return self.ref("text", self.text)
        if tp is conditions.Condition or conditions.All in get_args(tp):
            return self.ref("condition", self.condition)
        if dataclasses.is_dataclass(tp):
            return self.ref(tp.__name__, lambda: self.record(tp))
        if literal_values(tp) is not None:
            return {"enum": list(literal_values(tp))}
        if get_origin(tp) is tuple:
            return {"type": "array", "items": self.type(get_args(tp)[0])}
        if get_origin(tp) is dict:
            return {"type": "object", "additionalProperties": self.type(get_args(tp)[1])}
        return {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}}.get(
            tp, {"anyOf": [{"type": "integer", "minimum": 0}, {"const": UNLIMITED}]})

    def ref(self, name: str, build) -> dict:
        if name not in self.defs:
            self.defs[name] = {}
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def record(self, cls: type) -> dict:
        specs = fields_of(cls)
        return {"type": "object", "properties": {s.key: self.field(s) for s in specs},
                "required": [s.key for s in specs if s.required], "additionalProperties": False}

    def text(self) -> dict:
        return {"type": "object", "description": "The text in each language.",
                "properties": {lang: {"type": "string", "minLength": 1} for lang in self.languages},
                "additionalProperties": False, "minProperties": 1}

    def condition(self) -> dict:
        cond = {"$ref": "#/$defs/condition"}
        ids = {"type": "string"}
        answer = {"type": "object", "required": ["question"], "additionalProperties": False,
                  "properties": {"question": ids, "is": ids, "in": {"type": "array", "items": ids, "minItems": 1}, "class": ids},
                  "oneOf": [{"required": [test]} for test in conditions.ANSWER_TESTS]}
        def single(key, value):
            return {"type": "object", "required": [key], "additionalProperties": False, "properties": {key: value}}
        return {"oneOf": [single("all", {"type": "array", "items": cond, "minItems": 1}),
                          single("any", {"type": "array", "items": cond, "minItems": 1}),
                          single("not", cond), single("fact", ids), single("entitled", ids), answer,
                          self.benefit_of_condition()]}

    def benefit_of_condition(self) -> dict:
        return {"type": "object", "required": ["benefit-of", "is"], "additionalProperties": False,
                "properties": {"benefit-of": {"type": "string"}, "is": {"enum": list(conditions.BENEFIT_TESTS)}}}
