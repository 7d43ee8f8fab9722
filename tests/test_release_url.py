"""A release build takes its public address from GUIDE_SITE_URL; with GUIDE_RELEASE=true,
`mkdocs build --strict` refuses a missing or loopback site_url before writing anything."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from sitebuild.site.release import release_url_problem
from tests.conftest import ROOT
from tests.hostile_data import PUBLIC_URL

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)


@pytest.mark.parametrize("url", [None, "", "http://127.0.0.1:8000/", "https://localhost/", "https://[::1]/",
                                 "https://127.8.9.1/x/", "http://0.0.0.0:80/", "https://docs.localhost/",
                                 "http://guide.example.com/"])
def test_loopback_missing_or_plain_http_addresses_are_refused(url):
    assert "GUIDE_SITE_URL" in release_url_problem(url)


@pytest.mark.parametrize("url", ["https://guide.example.com/", "https://203.0.113.7/guide/", "https://localhost.example.com/"])
def test_public_https_addresses_are_accepted(url):
    assert release_url_problem(url) is None


def test_a_strict_release_build_refuses_the_loopback_default(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GUIDE_RELEASE": "true"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode != 0
    assert ("guide: release build: site_url 'http://127.0.0.1:8000/' is a loopback address: canonical links and the "
            "sitemap would point readers at their own machine; set GUIDE_SITE_URL") in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site-*"))


def test_a_release_links_to_its_public_address_only(hostile_site):
    """The session's hostile site is built as a release (tests/hostile_data.py RELEASE)."""
    pages = sorted(hostile_site.rglob("*.html"))
    canonical = {p.relative_to(hostile_site).as_posix(): re.search(r'<link rel="canonical" href="([^"]+)"',
                                                                  p.read_text(encoding="utf-8")) for p in pages}
    assert canonical["ja/checker/index.html"].group(1) == PUBLIC_URL + "ja/checker/"
    assert canonical["checker/index.html"].group(1) == PUBLIC_URL + "checker/"
    loopback = re.compile(r'(?:href|src|content)="https?://(?:127\.0\.0\.1|localhost)|<loc>https?://(?:127|localhost)')
    for path in ["sitemap.xml", "ja/sitemap.xml", *canonical]:  # the writers' guide shows `mkdocs serve`'s address as text
        text = (hostile_site / path).read_text(encoding="utf-8")
        assert not loopback.search(text), f"{path}: {loopback.search(text).group(0)}"
    assert f"<loc>{PUBLIC_URL}ja/activate/</loc>" in (hostile_site / "ja" / "sitemap.xml").read_text(encoding="utf-8")
