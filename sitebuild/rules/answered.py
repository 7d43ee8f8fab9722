"""A path's state with one more question answered, for the proof's "could an unasked
question have changed the outcome?" check (sitebuild/rules/proof.py).

The proof decides every path again once per answer to each question a rule read there
but the path did not ask: four times as many decisions as paths. A fact or an
entitlement that cannot read that question has the same value with it answered, so it
is carried over from the path's state instead of being evaluated again; only what can
read the question is. Which questions a fact or an entitlement can read is worked out
once per programme, through the facts, entitlements and covering benefits it uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker import conditions
from checker.conditions import Answer, BenefitOf, Condition, Entitled, Fact
from checker.index import Index
from checker.state import State


@dataclass(frozen=True)
class Reads:
    """The questions each fact and each entitlement (by benefit) can read."""

    facts: dict[str, frozenset[str]]
    benefits: dict[str, frozenset[str]]


def reads_of(index: Index) -> Reads:
    everything = frozenset(index.questions)
    facts: dict[str, frozenset[str]] = {}
    benefits: dict[str, frozenset[str]] = {}
    covered = {q: {o.benefit for o in options.values() if o.benefit} for q, options in index.options.items()}

    def of(condition: Condition | None, seen: frozenset) -> frozenset[str]:
        found: set[str] = set()
        for node in conditions.walk(condition) if condition is not None else ():
            if isinstance(node, Answer):
                found.add(node.question)
            elif isinstance(node, Fact):
                found |= fact(node.fact, seen)
            elif isinstance(node, Entitled):
                found |= benefit(node.benefit, seen)
            elif isinstance(node, BenefitOf):  # the chosen options' benefits, and their entitlements
                found.add(node.question)
                for covering in covered.get(node.question, ()):
                    found |= benefit(covering, seen)
        return frozenset(found)

    def fact(name: str, seen: frozenset) -> frozenset[str]:
        if name not in facts:
            if ("fact", name) in seen or name not in index.facts:  # a cycle, or unknown: assume it reads anything
                return everything
            facts[name] = of(index.facts[name], seen | {("fact", name)})
        return facts[name]

    def benefit(name: str, seen: frozenset) -> frozenset[str]:
        if name not in benefits:
            if ("benefit", name) in seen or name not in index.grants:
                return everything
            inner = seen | {("benefit", name)}
            benefits[name] = frozenset().union(*({question} | of(grant.when, inner) for question, _, grant in index.grants[name]))
        return benefits[name]

    for name in index.facts:
        fact(name, frozenset())
    for name in index.grants:
        benefit(name, frozenset())
    return Reads(facts, benefits)


class Answered(State):
    """`base`'s answers with `question` (unanswered there) answered `chosen`; the facts
    and entitlements of `base` that cannot read `question` are taken from it."""

    def __init__(self, base: State, question: str, chosen: frozenset[str], reads: Reads) -> None:
        super().__init__(base.index, {**base.answers, question: chosen})
        self._facts = {name: value for name, value in base._facts.items() if question not in reads.facts[name]}
        if base._entitlements is not None:  # set only once complete, as State.entitlement does
            self._entitlements = {name: value if question not in reads.benefits[name] else self._best(name)
                                  for name, value in base._entitlements.items()}
