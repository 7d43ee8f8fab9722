"""The Zensical build command fails like `mkdocs build --strict` does: one message
naming the file and line, and the site that was there before left as it was."""

from __future__ import annotations


import pytest

from tests.site_build import build_zensical_site, copy_project

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)


def test_a_failing_macro_fails_the_build_and_keeps_the_last_site(tmp_path) -> None:
    copy_project(tmp_path)
    page = tmp_path / "content" / "activate.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ route_name("carrier-pigeon") }}\n', encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    done = build_zensical_site(site, config=tmp_path / "mkdocs.yml", cwd=tmp_path, check=False)
    assert done.returncode == 1
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert done.stderr.strip().startswith(f"guide: content/activate.md:{line}: unknown route 'carrier-pigeon'")
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert not list(tmp_path.glob(".site-*")), "the work folder is removed"
