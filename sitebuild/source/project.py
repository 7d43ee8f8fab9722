"""Where one project keeps what its build reads and what it caches.

Every folder is the project's, never the package's: installed from a wheel, the
generator's own files are in site-packages, and a project's data, runtime and caches
are beside its mkdocs.yml. The MkDocs plugin takes them from its options, relative to
the config file (`data_dir`, `pyodide_dir`, `cache_dir`); the command line and the
tests take the folder that holds `data/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PYODIDE_DIR = "node_modules/pyodide"  # where `npm ci` puts the npm package `pyodide`
CACHE_DIR = ".cache"


@dataclass(frozen=True)
class ProjectFolders:
    root: Path  # the folder of mkdocs.yml
    data: Path  # the YAML data files
    pyodide: Path  # the Pyodide runtime the site ships (the npm package's folder)
    cache: Path  # built wheels and compressed files, reused by the next build

    @classmethod
    def of(cls, root: Path, data_dir: str | Path = "data", pyodide_dir: str | Path = PYODIDE_DIR,
           cache_dir: str | Path = CACHE_DIR) -> ProjectFolders:
        """Each folder relative to `root` unless absolute."""
        root = Path(root).resolve()
        return cls(root, root / data_dir, root / pyodide_dir, root / cache_dir)

    @classmethod
    def beside(cls, data_dir: Path) -> ProjectFolders:
        """The usual layout: data/, node_modules/ and .cache/ side by side."""
        data_dir = Path(data_dir).resolve()
        return cls.of(data_dir.parent, data_dir)

    @property
    def wheel_cache(self) -> Path:
        return self.cache / "checker-wheel"

    @property
    def compressed_cache(self) -> Path:
        return self.cache / "precompressed"
