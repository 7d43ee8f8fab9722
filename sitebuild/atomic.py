"""Build into a temporary sibling folder and swap it in only when the build succeeded.

A failed build must never leave a half-written site: readers (and `mkdocs serve`)
keep the last good one. The staging folder sits beside the final one, on the same
file system, so the swap is two renames; `.site-*/` is ignored by git.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StagedSite:
    final: Path
    staging: Path

    @classmethod
    def begin(cls, final: Path) -> StagedSite:
        final = final.resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent))
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; a site is served to others
        return cls(final, staging)

    def commit(self) -> None:
        """Replace the final folder by the staged build (the old one is removed after)."""
        old = None
        if self.final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}-old-", dir=self.final.parent))
            self.final.rename(old / self.final.name)
        self.staging.rename(self.final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
