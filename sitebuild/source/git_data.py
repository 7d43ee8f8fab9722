"""The data folder as it was at a git commit, for `python -m checker diff REF`."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitDataError(Exception):
    pass


def export_data_at(ref: str, data_dir: Path, out: Path) -> Path:
    """Writes the `*.yml` files of `data_dir` at `ref` into `out`; returns `out`."""
    top = Path(_git(data_dir, "rev-parse", "--show-toplevel").strip())
    relative = data_dir.resolve().relative_to(top.resolve()).as_posix()
    # Run from the top: ls-tree filters by the working directory otherwise.
    listing = _git(top, "ls-tree", "--name-only", f"{ref}:{relative}")
    out.mkdir(parents=True, exist_ok=True)
    for name in listing.splitlines():
        if name.endswith(".yml"):
            (out / name).write_text(_git(top, "show", f"{ref}:{relative}/{name}"), encoding="utf-8")
    return out


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise GitDataError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout
