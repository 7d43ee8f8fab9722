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
        _recover_from_killed_builds(final)
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


def _recover_from_killed_builds(final: Path) -> None:
    """A build killed mid-way leaves its staging folder; one killed between the two
    renames of `commit` leaves the last good site under `.NAME-old-*/`: put it back."""
    for old in sorted(final.parent.glob(f".{final.name}-old-*")):
        if not final.exists() and (old / final.name).is_dir():
            (old / final.name).rename(final)
        shutil.rmtree(old, ignore_errors=True)
    for staging in final.parent.glob(f".{final.name}-building-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
