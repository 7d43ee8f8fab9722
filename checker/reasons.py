"""Which answers and entitlements made a condition hold (or fail): the "because" of each rule.

A condition that holds is explained by what made it hold: every item of an `all`, the first
item of an `any` that holds, the chosen options an answer test matched. A condition that
fails is explained the other way round, so `not` just switches between the two.
"""

from __future__ import annotations

from checker.conditions import All, Answer, Any, BenefitOf, Condition, Entitled, Fact, Not
from checker.state import State

Reason = tuple[str, str, str]  # ("option", question, option id) or ("benefit", benefit id, "")


def reasons(condition: Condition, state: State) -> list[Reason]:
    """The reasons `condition` has the value it has, in reading order, without repeats."""
    found = _explain(condition, state, condition.holds(state))
    return list(dict.fromkeys(found))


def _explain(condition: Condition, state: State, value: bool) -> list[Reason]:
    if isinstance(condition, Not):
        return _explain(condition.item, state, not value)
    if isinstance(condition, (All, Any)):
        return _explain_items(condition, state, value)
    if isinstance(condition, Fact):
        return _explain(state.index.facts[condition.fact], state, value)
    if isinstance(condition, Answer):
        return _chosen(condition, state, value)
    if isinstance(condition, Entitled):
        return [("benefit", condition.benefit, "")]
    if isinstance(condition, BenefitOf):
        return [("benefit", b, "") for b in state.covering_benefits(condition.question)]
    return []


def _explain_items(condition: All | Any, state: State, value: bool) -> list[Reason]:
    """An `all` that holds or an `any` that fails needs every item; otherwise one decides."""
    if value == isinstance(condition, All):
        return [r for item in condition.items for r in _explain(item, state, value)]
    decisive = next(item for item in condition.items if item.holds(state) == value)
    return _explain(decisive, state, value)


def _chosen(condition: Answer, state: State, value: bool) -> list[Reason]:
    chosen = state.selected(condition.question) or frozenset()
    options = condition.options if condition.option_class is None else state.members(condition.question, condition.option_class)
    picked = chosen & options if value else chosen - options
    return [("option", condition.question, o) for o in state.index.options[condition.question] if o in picked]
