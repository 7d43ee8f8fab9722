"""Command line: `guide-checker` (or `python -m checker`) evaluate | check | table | schema | diff | i18n.

Run in the project's folder (the one holding mkdocs.yml and data/), or name the data
folder with --data.

Exit codes: 0 done; 1 the data has problems (each printed on stderr with file:line:column)
or the proof failed; 2 a bad answer or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from checker import AnswerError, DataErrors, evaluate, load
from checker.answers import answer_language, shown
from checker.index import index_of
from sitebuild.rules.proof import DEFAULT_LIMIT, prove
from sitebuild.rules.outcome_table import markdown_table, text_table

def console_main() -> int:
    """The `guide-checker` console script."""
    return main(prog="guide-checker")


def main(argv: list[str] | None = None, prog: str = "python -m checker") -> int:
    args = _parser(prog).parse_args(argv)
    try:
        return args.run(args)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    except AnswerError as error:
        print(f"checker: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head: not an error
        sys.stdout = None
        return 0


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="The programme's rules: evaluate, prove, tabulate.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="print the result JSON for KEY=VALUE answers")
    run.add_argument("--lang", default=None, help="answer in this language (default: the source language, the first of languages.yml)")
    run.add_argument("answers", nargs="*", metavar="KEY=VALUE")
    run.set_defaults(run=_evaluate)
    check = commands.add_parser("check", help="check what a build checks (data, proof, pages, links) and the scenarios")
    check.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="stop the proof beyond this many paths")
    check.set_defaults(run=_check)
    table = commands.add_parser("table", help="print the decision table of every answer path")
    table.add_argument("--format", choices=["text", "markdown"], default="text")
    table.set_defaults(run=_table)
    schema = commands.add_parser("schema", help="write the JSON Schema of each data file")
    schema.add_argument("--out", type=Path, default=None, help="folder for the schemas (default: schemas/ beside the data)")
    schema.add_argument("--check", action="store_true", help="fail if the written schemas are not current")
    schema.set_defaults(run=_schema)
    diff = commands.add_parser("diff", help="show which answer paths a data change affects")
    diff.add_argument("ref", nargs="?", default="HEAD", help="git commit to compare with (default: HEAD)")
    diff.add_argument("--against", type=Path, default=None, help="compare with this data folder instead of a commit")
    diff.add_argument("--format", choices=["text", "markdown"], default="text")
    diff.set_defaults(run=_diff)
    i18n = commands.add_parser("i18n", help="report missing and stale translations per language; accept, export, import them")
    i18n.add_argument("--accept", metavar="LANG", help="record that the named translations of LANG follow the current source")
    i18n.add_argument("--all", action="store_true", help="with --accept: every current translation; with --export: every text")
    i18n.add_argument("--export", metavar="LANG", help="write LANG's new, changed and missing texts and pages to a PO file")
    i18n.add_argument("--import", dest="import_", metavar="LANG", help="read a translator's PO file into the data and pages")
    i18n.add_argument("--po", type=Path, default=None, help="the PO file (default: LANG.po)")
    i18n.add_argument("keys", nargs="*", help="with --accept: the texts' names as the report lists them ('page X.md' for a page); "
                                              "a name ending in * names every text it starts")
    i18n.set_defaults(run=_i18n)
    for sub in (run, check, table, schema, diff, i18n):
        sub.add_argument("--data", type=Path, default=None, help="data folder (default: ./data)")
    return parser


def data_folder(data: Path | None) -> Path:
    return data or Path("data")


def read_programme(data: Path | None, label: str | None = None, allow_stale: bool = False):
    from sitebuild.source.yaml_source import read_data_dir  # build side: the browser never runs the CLI

    documents, locations = read_data_dir(data_folder(data), label)
    return load(documents, locations, allow_stale=allow_stale), documents


def _evaluate(args) -> int:
    answers: dict[str, str] = {}
    for item in args.answers:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise AnswerError(f"answers are KEY=VALUE, got {shown(item)}", item)
        if key in answers:
            raise AnswerError(f"'{key}' is answered twice; give each question once", key)
        answers[key] = value
    programme, _ = read_programme(args.data)
    lang = answer_language(programme, args.lang)
    print(json.dumps(evaluate(programme, answers, lang), ensure_ascii=False, indent=2))
    return 0


def _check(args) -> int:
    from sitebuild.commands.project_check import check_project  # build side: the browser never runs the CLI

    report = check_project(data_folder(args.data), args.limit)
    for line in report.lines:
        print(line, file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _table(args) -> int:
    programme, _ = read_programme(args.data)
    proof = prove(index_of(programme))
    print(markdown_table(proof.rows) if args.format == "markdown" else text_table(proof.rows))
    return 1 if proof.failures else 0


def _schema(args) -> int:
    from sitebuild.rules.schema import all_schemas

    programme, documents = read_programme(args.data)
    out = args.out or data_folder(args.data).parent / "schemas"
    schemas = all_schemas(programme, documents)
    stale = [str(out / name) for name, text in schemas.items()
             if not (out / name).exists() or (out / name).read_text(encoding="utf-8") != text]
    if args.check and stale:
        print(f"checker: schemas out of date: {', '.join(stale)}; run: python -m checker schema", file=sys.stderr)
        return 1
    if not args.check:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in schemas.items():
            (out / name).write_text(text, encoding="utf-8")
    print(f"checker: {len(schemas)} schemas {'current' if args.check else 'written'} in {out}")
    return 0


def _diff(args) -> int:
    import tempfile

    from sitebuild.rules.diff import diff_all, format_markdown, format_text
    from checker.loading import locator
    from sitebuild.source.git_data import GitDataError, export_data_at
    from sitebuild.source.yaml_source import read_data_dir

    folder = data_folder(args.data)
    new_locations = read_data_dir(folder)[1]
    new, _ = read_programme(folder, allow_stale=True)  # a review goes on while translations catch up
    with tempfile.TemporaryDirectory() as tmp:
        try:
            old_folder = args.against or export_data_at(args.ref, folder, Path(tmp) / folder.name)
        except GitDataError as error:
            raise AnswerError(f"cannot read the data at '{args.ref}': {error}", "ref", args.ref) from None
        old, _ = read_programme(old_folder, label=folder.name, allow_stale=True)
        old_locations = read_data_dir(old_folder, folder.name)[1]
    diff = diff_all(old, new, locator(old_locations), locator(new_locations))
    print(format_markdown(diff) if args.format == "markdown" else format_text(diff))
    return 0


def _i18n(args) -> int:
    from checker.loading import locator
    from checker.translations import accepted_records
    from sitebuild.pages.i18n_report import print_report
    from sitebuild.pages.page_translations import accept_pages
    from sitebuild.source.translation_records import write_records
    from sitebuild.source.yaml_source import read_data_dir

    folder = data_folder(args.data)
    root, docs = _project_of(folder)
    programme = load(*read_data_dir(folder), allow_stale=True)
    if args.import_:
        return _import_po(args, programme, folder, root, docs)
    if args.export:
        return _export_po(args, programme, locator(read_data_dir(folder)[1]), root, docs)
    if args.accept:
        keys = accept_pages(root, docs, programme.languages, args.accept, args.keys, args.all) if root else args.keys
        if keys or args.all or not args.keys:
            records = accepted_records(programme, args.accept, keys, args.all)
            write_records(folder / "translations.yml", {**_records(programme), args.accept: records})
        named = "every translated text and page" if args.all else ", ".join(f"'{key}'" for key in args.keys)
        print(f"checker: accepted as up to date in '{args.accept}': {named}")
        programme = load(*read_data_dir(folder), allow_stale=True)
    documents, locations = read_data_dir(folder)
    unused = _unused_page_strings(folder, root, programme) if root else []
    failing = print_report(programme, locator(locations), root, docs, unused, sys.stdout)
    return 1 if failing else 0


def _records(programme) -> dict:
    from sitebuild.source.translation_records import records_of

    return records_of(programme)


def _project_of(folder: Path) -> tuple[Path | None, Path | None]:
    """The project around a data folder (mkdocs.yml beside it) and its pages' folder."""
    from sitebuild.pages.page_check import read_site_config

    root = folder.resolve().parent
    if not (root / "mkdocs.yml").is_file():
        return None, None
    return root, read_site_config(root / "mkdocs.yml").docs


def _unused_page_strings(folder: Path, root: Path, programme) -> list[str]:
    from sitebuild.pages.page_check import used_page_strings
    from sitebuild.source.site_data import load_site_data

    used = used_page_strings(root / "mkdocs.yml", load_site_data(folder, allow_stale=True))
    return sorted(key for key in programme.page_strings if key not in used)


def _export_po(args, programme, locate, root: Path | None, docs: Path | None) -> int:
    from sitebuild.pages.po_files import export_po

    target = args.po or Path(f"{args.export}.po")
    count = export_po(programme, locate, args.export, target, root, docs, args.all)
    print(f"checker: {count} text{'s' if count != 1 else ''} to translate into '{args.export}' written to {target}")
    return 0


def _import_po(args, programme, folder: Path, root: Path | None, docs: Path | None) -> int:
    from sitebuild.pages.po_files import import_po

    source = args.po or Path(f"{args.import_}.po")
    imported = import_po(programme, args.import_, source, folder, root, docs)
    print(f"checker: {len(imported)} translation{'s' if len(imported) != 1 else ''} imported from {source} and accepted")
    return 0
