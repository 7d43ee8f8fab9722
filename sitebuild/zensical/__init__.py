"""The same site built with Zensical (python -m sitebuild.zensical.build)."""
