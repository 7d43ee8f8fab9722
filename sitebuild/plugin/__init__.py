"""MkDocs: the `guide` plugin, and incremental preview under `mkdocs serve`."""
