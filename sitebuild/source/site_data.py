"""The data behind the site, read and validated once per process.

A full build renders every language in one process (the English build drives the
others), so the YAML is read, validated and proved once and shared: reading and
proving take about half a second, which would otherwise be paid per language. The
cache is keyed on the data files' names, sizes and modification times, so a writer's
edit under `mkdocs serve` is always seen by the next rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker import load
from checker.index import index_of
from checker.model import Programme
from checker.outcome import Outcome
from checker.paths import AnswerPath
from sitebuild.rules.proof import prove
from sitebuild.source.project import ProjectFolders
from sitebuild.source.yaml_source import read_data_dir

Rows = list[tuple[AnswerPath, Outcome]]


@dataclass(frozen=True)
class SiteData:
    folder: Path
    programme: Programme
    documents: dict
    locations: dict
    folders: ProjectFolders = field(compare=False)  # where the project's runtime and caches are
    _stale: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def languages(self) -> list[str]:
        return [language.id for language in self.programme.languages]

    @property
    def source_language(self) -> str:
        return self.languages[0]

    def is_draft(self, lang: str) -> bool:
        """A draft language may lack pages and strings; they fall back to the source language."""
        return any(language.id == lang and language.status == "draft" for language in self.programme.languages)

    def stale_texts(self, lang: str) -> set[int]:
        """id() of each data text whose `lang` translation is stale (shown, and marked)."""
        if lang not in self._stale:
            from checker.translations import stale_texts

            self._stale[lang] = stale_texts(self.programme, lang)
        return self._stale[lang]

    def decision_rows(self) -> Rows:
        """Every answer path and its outcome (the proof's rows), computed on first use."""
        return _proof_rows(self.programme)


_cache: dict[tuple[Path, bool, ProjectFolders], tuple[tuple, SiteData]] = {}
_rows: dict[int, tuple[Programme, Rows]] = {}


def load_site_data(folder: Path, allow_stale: bool = False, folders: ProjectFolders | None = None) -> SiteData:
    """Read and validate `folder`; raises checker.DataErrors with every problem.
    `allow_stale`: a stale translation is no problem (the build shows it, marked).
    `folders`: the project's other folders (by default beside `folder`)."""
    folder = folder.resolve()
    folders = folders or ProjectFolders.beside(folder)
    stamp = _stamp(folder)
    key = (folder, allow_stale, folders)
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    documents, locations = read_data_dir(folder)
    data = SiteData(folder, load(documents, locations, allow_stale=allow_stale), documents, locations, folders)
    _cache[key] = (stamp, data)
    return data


def _stamp(folder: Path) -> tuple:
    return tuple((p.name, *_size_and_time(p)) for p in sorted(folder.glob("*.yml")))


def _size_and_time(path: Path) -> tuple:
    """A dangling symlink has none: reading reports it (sitebuild/files/safe_files.py)."""
    try:
        info = path.stat()
    except OSError:
        return (None, None)
    return (info.st_size, info.st_mtime_ns)


def _proof_rows(programme: Programme) -> Rows:
    key = id(programme)
    if key not in _rows or _rows[key][0] is not programme:
        _rows.clear()  # one programme at a time: the newest data
        proof = prove(index_of(programme))
        if not proof.ok:
            raise ValueError(proof_failed(proof.failures))
        _rows[key] = (programme, proof.rows)
    return _rows[key][1]


def proof_failed(failures: list[str]) -> str:
    return "the rules' proof failed:\n" + "\n".join(failures)


def keep_rows(programme: Programme, rows: Rows) -> None:
    """Rows decided without the proof's checks, which run elsewhere: whoever keeps them
    gets the proof's verdict before serving anything made from them
    (sitebuild/plugin/proof_beside.py)."""
    _rows.clear()
    _rows[id(programme)] = (programme, rows)


def forget_rows() -> None:
    _rows.clear()
