"""One problem found outside the data files (a page, a link, a scenario), with its place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # relative to the project, as a writer opens it: content/ja/activate.md
    line: int  # 0 when the problem is about the whole file
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"
