"""The data model: one frozen dataclass per kind of record in `data/*.yml`.

Field names map to YAML keys by turning `_` into `-` (a trailing `_` is dropped, so
`class_` is `class`). Validation, the JSON Schema and the engine all read these
classes, so a field is declared once. Fields marked `derived` are filled in by the
loader, never read from YAML.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Annotated, Literal

from checker.conditions import Condition
from checker.types import Doc, Ref, Text, Url

Id = Annotated[str, Doc("Lowercase kebab-case id, unique in its list.")]
Count = Annotated[int | str, Doc("A number of incidents (0 or more) or 'unlimited'.")]
SectionRef = Annotated[str, Ref("sections"), Doc("The guide section this comes from (sections.yml).")]

DERIVED = {"derived": True}


def derived(default=None):
    return field(default=default, compare=False, repr=False, metadata=DERIVED)


@dataclass(frozen=True)
class Source:
    """Where a record was written: shown in the checker's "why" list."""

    file: str
    line: int
    path: str


@dataclass(frozen=True, kw_only=True)
class Language:
    id: Id
    name: Annotated[str, Doc("The language's own name, shown in the language switcher.")]
    status: Annotated[Literal["complete", "draft"], Doc("complete: every string must be translated.")]


@dataclass(frozen=True, kw_only=True)
class Section:
    id: Id
    page: Annotated[str, Url(), Doc("Path of the page inside the site, e.g. 'activate/' ('' is the home page).")]
    title: Text
    anchor: Annotated[str | None, Doc("Id of a heading on the page.")] = None


@dataclass(frozen=True, kw_only=True)
class OptionClass:
    id: Id
    name: Text


@dataclass(frozen=True, kw_only=True)
class Grant:
    benefit: Annotated[str, Ref("benefits"), Doc("A benefit of kind 'entitlement'.")]
    incidents: Count
    when: Annotated[Condition | None, Doc("The grant applies only when this holds.")] = None
    source: Source | None = derived()


@dataclass(frozen=True, kw_only=True)
class ErrorCase:
    title: Text
    explanation: Text
    action: Text


@dataclass(frozen=True, kw_only=True)
class Message:
    """A message a portal shows, when an option stands for it (e.g. an error the reader saw)."""

    text: Annotated[Text, Doc("The message exactly as the portal shows it.")]
    where: Annotated[Text, Doc("Where the portal shows it.")]
    meaning: Text
    action: Annotated[Text, Doc("What to do about it.")]
    section: SectionRef
    cases: Annotated[tuple[ErrorCase, ...], Doc("The cases the message can mean, each with what to do.")] = ()


@dataclass(frozen=True, kw_only=True)
class Option:
    id: Id
    name: Text
    class_: Annotated[str | None, Ref("classes"), Doc("Groups options so rules can name the group.")] = None
    description: Text | None = None
    grants: Annotated[tuple[Grant, ...], Doc("Incidents this option grants; the best grant per benefit counts.")] = ()
    benefit: Annotated[str | None, Ref("benefits"), Doc(
        "The entitlement benefit that covers this option (e.g. a product); read by {benefit-of: question}.")] = None
    offer_when: Annotated[Condition | None, Doc(
        "The option is offered only while this holds; may read questions above only. Give the reason in 'not-offered'.")] = None
    not_offered: Annotated[Text | None, Doc("Why the option is not offered when 'offer-when' does not hold.")] = None
    message: Annotated[Message | None, Doc("The option is a message a portal shows: quoted, explained and looked up.")] = None


@dataclass(frozen=True, kw_only=True)
class Benefit:
    id: Id
    kind: Annotated[Literal["entitlement", "reference", "paid"], Doc("entitlement: counted per tier.")]
    name: Text
    scope: Text
    section: SectionRef
    url: Annotated[str | None, Url()] = None


@dataclass(frozen=True, kw_only=True)
class Question:
    id: Id
    text: Text
    help: Text | None = None
    section: SectionRef | None = None
    multiple: Annotated[bool, Doc("Several options may be chosen.")] = False
    ask_when: Annotated[Condition | None, Doc("Asked only while this holds; may read questions above only.")] = None
    options: tuple[Option, ...] = ()
    options_from: Annotated[str | None, Ref("option-sets"),
                            Doc("Also offer the options of this option set (option-sets:), after the inline ones.")] = None
    choices: tuple[Option, ...] = derived(())
    source: Source | None = derived()


@dataclass(frozen=True, kw_only=True)
class Fact:
    id: Id
    about: Annotated[str, Doc("What the fact means, for writers.")]
    when: Condition
    source: Source | None = derived()


@dataclass(frozen=True, kw_only=True)
class RouteSummary:
    when: Condition
    text: Annotated[Text, Doc("Replaces the route's summary when 'when' holds; {benefit} names the benefit "
                              "that covers the product, with its incidents.")]
    source: Source | None = derived()


@dataclass(frozen=True, kw_only=True)
class StepCondition:
    step: Annotated[int, Doc("The step's number in 'steps', from 1.")]
    when: Annotated[Condition, Doc("The checker shows the step only while this holds (pages show every step).")]


@dataclass(frozen=True, kw_only=True)
class Route:
    id: Id
    name: Text
    summary: Annotated[Text, Doc("One sentence: where to create the request.")]
    steps: tuple[Text, ...]
    section: SectionRef
    when: Condition
    url: Annotated[str | None, Url()] = None
    alternative_when: Annotated[Condition | None, Doc(
        "When this holds and another route is the answer, this route is offered as an alternative (in route order).")] = None
    summaries: Annotated[tuple[RouteSummary, ...], Doc(
        "Summaries for particular cases, the first whose 'when' holds replacing 'summary'.")] = ()
    step_when: Annotated[tuple[StepCondition, ...], Doc(
        "Steps the checker shows only in some cases, e.g. linking the IDs only while they are not linked.")] = ()
    source: Source | None = derived()


@dataclass(frozen=True, kw_only=True)
class Notice:
    id: Id
    level: Literal["action", "warning", "info"]
    section: SectionRef
    text: Text
    when: Condition
    source: Source | None = derived()


@dataclass(frozen=True, kw_only=True)
class Step:
    text: Text
    note: Text | None = None


@dataclass(frozen=True, kw_only=True)
class Procedure:
    id: Id
    title: Text
    section: SectionRef
    steps: tuple[Step, ...]
    url: Annotated[str | None, Url()] = None


@dataclass(frozen=True, kw_only=True)
class Term:
    """A portal's label or field, named in texts as {term:ID} (checker/glossary.py)."""

    id: Id
    kind: Annotated[Literal["label", "heading", "term"], Doc(
        "label: a button, menu item or link the reader selects; heading: a section title the reader expands; "
        "term: a field or role named in prose. term-forms says how each language writes each kind.")]
    portal: Annotated[Literal["partner-center", "azure-portal", "support-for-business"], Doc("The portal that shows it.")]
    label: Annotated[Text, Doc("The label exactly as the portal shows it in each language.")]
    english: Annotated[Literal["never", "first", "always"], Doc(
        "When a text in another language adds the English label in parentheses, for a reader whose portal is in "
        "English: never, at its first use in a text or page, or always.")] = "first"
    also_written: Annotated[tuple[str, ...], Doc(
        "Other spellings a writer may type by hand (e.g. 'アクセスID'); the glossary test looks for them too.")] = ()


@dataclass(frozen=True, kw_only=True)
class TranslationRecord:
    hash: Annotated[str, Doc("Short hash of the source text the translation was made from.")]
    source_text: Annotated[str | None, Doc("That source text, so a report shows what changed since.")] = None


@dataclass(frozen=True, kw_only=True, eq=False)  # compared by identity: cached look-ups key on it
class Programme:
    """Everything in `data/`, validated and cross-linked."""

    languages: tuple[Language, ...]
    sections: tuple[Section, ...]
    benefits: tuple[Benefit, ...]
    questions: tuple[Question, ...]
    routes: tuple[Route, ...]
    notices: tuple[Notice, ...]
    strings: Annotated[dict[str, Text], Doc("Words of the checker and its widget.")]
    page_strings: Annotated[dict[str, Text], Doc("Words of the site's pages and tables.")] = dataclasses.field(default_factory=dict)
    classes: tuple[OptionClass, ...] = ()
    facts: tuple[Fact, ...] = ()
    option_sets: Annotated[dict[str, tuple[Option, ...]], Doc(
        "Named lists of options that questions offer with 'options-from' (e.g. membership tiers); each set may "
        "sit in a file of its own.")] = dataclasses.field(default_factory=dict)
    procedures: tuple[Procedure, ...] = ()
    glossary: Annotated[tuple[Term, ...], Doc("The portals' labels and fields, in every language.")] = ()
    term_forms: Annotated[dict[str, Text], Doc(
        "How each language writes a glossary term: 'label', 'heading' and 'term' with {label}; 'with-english' with "
        "{text} and {english}.")] = dataclasses.field(default_factory=dict)
    translations: Annotated[dict[str, dict[str, TranslationRecord]], Doc(
        "Per language and text, the source text each translation was made from (written by `python -m checker i18n --accept`)."
    )] = dataclasses.field(default_factory=dict)
    files: dict[str, str] = derived()  # top-level key (and 'option-sets.<set id>') -> file it was read from
    texts: tuple = derived(())  # every translatable text, as translations.TextEntry
    version: str = derived("")  # short hash of the validated data
