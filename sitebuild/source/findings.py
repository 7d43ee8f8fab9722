"""One problem found outside the data files (a page, a link, a scenario), with its place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # relative to the project, as a writer opens it: content/ja/activate.md
    line: int  # 0 when the problem is about the whole file
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def shown_path(path: Path, root: Path) -> str:
    """A file as a writer names it: relative to the project's folder `root`, else whole."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
