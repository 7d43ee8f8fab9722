"""Structured conditions over answers: all / any / not, an answer test, a fact, an entitlement,
the benefit that covers an answer.

Conditions are data, parsed into these small classes and interpreted by `holds`;
nothing from the data is ever executed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from checker.problems import Path, Problem, did_you_mean

ANSWER_TESTS = ("is", "in", "class")
KEYS = ("all", "any", "not", "question", "fact", "entitled", "benefit-of")
# What `{benefit-of: question, is: ...}` tests of the benefit that covers the chosen option.
BENEFIT_TESTS = ("entitled", "counted", "unlimited")


class Context(Protocol):
    def selected(self, question: str) -> frozenset[str] | None: ...
    def members(self, question: str, option_class: str) -> frozenset[str]: ...
    def fact(self, fact: str) -> bool: ...
    def entitled(self, benefit: str) -> bool: ...
    def covering_benefits(self, question: str) -> tuple[str, ...]: ...
    def incidents(self, benefit: str) -> int | str: ...


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]

    def holds(self, ctx: Context) -> bool:
        for item in self.items:  # a loop, not all(generator): conditions are evaluated millions of times by the proof
            if not item.holds(ctx):
                return False
        return True


@dataclass(frozen=True)
class Any:
    items: tuple[Condition, ...]

    def holds(self, ctx: Context) -> bool:
        for item in self.items:
            if item.holds(ctx):
                return True
        return False


@dataclass(frozen=True)
class Not:
    item: Condition

    def holds(self, ctx: Context) -> bool:
        return not self.item.holds(ctx)


@dataclass(frozen=True)
class Answer:
    """True when the answer to `question` includes one of `options`.

    `is`, `in` and `class` in the data all become a set of option ids once the
    question's options are known (see `resolve_classes`).
    """

    question: str
    options: frozenset[str]
    option_class: str | None = None
    path: Path = field(default=(), compare=False)

    def holds(self, ctx: Context) -> bool:
        chosen = ctx.selected(self.question)
        if chosen is None:
            return False
        options = self.options if self.option_class is None else ctx.members(self.question, self.option_class)
        return not options.isdisjoint(chosen)


@dataclass(frozen=True)
class Fact:
    fact: str
    path: Path = field(default=(), compare=False)

    def holds(self, ctx: Context) -> bool:
        return ctx.fact(self.fact)


@dataclass(frozen=True)
class Entitled:
    benefit: str
    path: Path = field(default=(), compare=False)

    def holds(self, ctx: Context) -> bool:
        return ctx.entitled(self.benefit)


@dataclass(frozen=True)
class BenefitOf:
    """True when a benefit that covers the chosen option of `question` (its `benefit`)
    is `entitled` (not 0), `counted` (a number of incidents, not unlimited) or `unlimited`."""

    question: str
    test: str
    path: Path = field(default=(), compare=False)

    def holds(self, ctx: Context) -> bool:
        return any(_incidents_pass(self.test, ctx.incidents(b)) for b in ctx.covering_benefits(self.question))


def _incidents_pass(test: str, incidents: int | str) -> bool:
    if test == "unlimited":
        return incidents == "unlimited"
    if test == "counted":
        return isinstance(incidents, int) and incidents > 0
    return incidents != 0


Condition = All | Any | Not | Answer | Fact | Entitled | BenefitOf


def is_condition(tp: object) -> bool:
    """`tp` is a condition's type (optional or not), as a record's field declares it."""
    return tp is Condition or All in getattr(tp, "__args__", ())


WRITTEN_AS = ("a condition, e.g. {question: error, is: no-benefits-yet}; or one of fact:, entitled:, benefit-of:, "
              "or all:/any: with a list of conditions, or not: with one")  # how a writer writes one in YAML


def walk(condition: Condition):
    """Every node of a condition, depth first."""
    yield condition
    if isinstance(condition, (All, Any)):
        for item in condition.items:
            yield from walk(item)
    elif isinstance(condition, Not):
        yield from walk(condition.item)


def parse(value: object, file: str, path: Path, problems: list[Problem]) -> Condition | None:
    """Build a condition from YAML data; problems are appended, never raised."""
    if not isinstance(value, dict) or not value:
        problems.append(Problem(file, path, "a condition must be a mapping.", allowed=KEYS,
                                fix="Write e.g. {question: <question id>, is: <option id>}."))
        return None
    keys = [k for k in value if k in KEYS]
    if "question" in value:
        return _parse_answer(value, file, path, problems)
    if "benefit-of" in value:
        return _parse_benefit_of(value, file, path, problems)
    if len(value) != 1 or not keys:
        unknown = [str(k) for k in value if k not in KEYS]
        bad = unknown[0] if unknown else ", ".join(map(str, value))
        problems.append(Problem(file, path, f"'{bad}' is not a condition; use exactly one of the allowed keys.",
                                allowed=KEYS, suggestion=did_you_mean(bad, KEYS) if unknown else None))
        return None
    key = keys[0]
    return _PARSERS[key](value[key], file, path + (key,), problems)


def _parse_list(kind):
    def parse_items(items, file, path, problems):
        if not isinstance(items, list) or not items:
            problems.append(Problem(file, path, f"'{path[-1]}' takes a non-empty list of conditions."))
            return None
        parsed = [parse(item, file, path + (i,), problems) for i, item in enumerate(items)]
        return None if None in parsed else kind(tuple(parsed))
    return parse_items


def _parse_not(item, file, path, problems):
    inner = parse(item, file, path, problems)
    return None if inner is None else Not(inner)


def _parse_id(kind, what):
    def parse_id(value, file, path, problems):
        if not isinstance(value, str):
            problems.append(Problem(file, path, f"'{path[-1]}' takes the id of a {what}."))
            return None
        return kind(value, path=path)
    return parse_id


def _parse_answer(value, file, path, problems) -> Answer | None:
    tests = [k for k in value if k in ANSWER_TESTS]
    extra = [str(k) for k in value if k not in ANSWER_TESTS and k != "question"]
    if extra or len(tests) != 1:
        bad = extra[0] if extra else "/".join(tests) or "(nothing)"
        problems.append(Problem(file, path, f"an answer test takes 'question' and exactly one of is / in / class, not '{bad}'.",
                                allowed=ANSWER_TESTS, suggestion=did_you_mean(bad, ANSWER_TESTS) if extra else None))
        return None
    question, test, operand = value["question"], tests[0], value[tests[0]]
    if not isinstance(question, str):
        problems.append(Problem(file, path + ("question",), "'question' takes a question id."))
        return None
    options = operand if test == "in" else [operand]
    if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
        problems.append(Problem(file, path + (test,), f"'{test}' takes "
                                + ("a list of option ids." if test == "in" else "one id (quote yes/no).")))
        return None
    if test == "class":
        return Answer(question, frozenset(), option_class=operand, path=path)
    return Answer(question, frozenset(options), path=path)


def _parse_benefit_of(value, file, path, problems) -> BenefitOf | None:
    question, test = value.get("benefit-of"), value.get("is")
    extra = [str(k) for k in value if k not in ("benefit-of", "is")]
    if extra or not isinstance(question, str) or test not in BENEFIT_TESTS:
        problems.append(Problem(file, path, "'benefit-of' takes a question id and 'is' one of the allowed tests.",
                                allowed=BENEFIT_TESTS, suggestion=did_you_mean(str(test), BENEFIT_TESTS),
                                fix="Write e.g. {benefit-of: product, is: counted}."))
        return None
    return BenefitOf(question, test, path=path)


_PARSERS = {
    "all": _parse_list(All),
    "any": _parse_list(Any),
    "not": _parse_not,
    "fact": _parse_id(Fact, "fact (facts.yml)"),
    "entitled": _parse_id(Entitled, "benefit (benefits.yml)"),
}
