"""The writers' loop: `mkdocs serve` serves both languages, rebuilds when data/ changes,
and on a data error prints the report and keeps serving the last good build; an edit
reaches every page it changes and the search index, which is written after the pages."""

from __future__ import annotations

import pytest

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.test_site_rebuilds import edit

pytestmark = pytest.mark.build  # builds sites or runs `check` (tests/conftest.py)

TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except OSError as error:
        return getattr(error, "code", 0) or 0, ""


def wait_for(condition, what: str, log: list[str]):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; server log:\n" + "".join(log[-40:]))


class Server:
    """`mkdocs serve` on a free loopback port, its log collected as it runs."""

    def __init__(self, project: Path):
        self.url = f"http://127.0.0.1:{free_port()}/"
        address = self.url.removeprefix("http://").rstrip("/")
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", address],
                                        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)

    def page(self, path: str) -> str:
        status, body = fetch(self.url + path)
        return body if status == 200 else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def test_serve_rebuilds_on_data_changes_and_survives_a_data_error(project):  # noqa: F811
    server = Server(project)
    try:
        ja = wait_for(lambda: server.page("ja/entitlements/"), "the Japanese entitlement page", server.log)
        tiers = project / "data" / "tiers.yml"
        gold = re.search(r"id: gold\n(?:.*\n)*?\s+incidents: (\d+)", tiers.read_text(encoding="utf-8")).group(1)
        assert f"{gold} 件" in ja and '<html lang="ja"' in ja
        assert f"{gold} incidents" in server.page("entitlements/")

        edit(tiers, f"incidents: {gold}", "incidents: twenty")
        wait_for(lambda: any("data has problems" in line for line in server.log), "the data report", server.log)
        report = "".join(server.log)
        assert "data/tiers.yml:" in report and "incidents" in report
        failed = wait_for(lambda: (lambda page: page if "guide-build-failed" in page else "")(server.page("ja/entitlements/")),
                          "the report in the page", server.log)
        assert f"{gold} 件" in failed, "the last good build is still served"
        assert "直前の再ビルドが失敗しました" in failed and "data/tiers.yml:" in failed and "twenty" in failed

        edit(tiers, "incidents: twenty", "incidents: 23")
        wait_for(lambda: "23 件" in server.page("ja/entitlements/"), "the rebuilt Japanese page", server.log)
        assert "23 incidents" in server.page("entitlements/")
        assert "guide-build-failed" not in server.page("entitlements/")

        index_before = server.page("ja/pagefind/pagefind-entry.json")
        edit(project / "content" / "ja" / "activate.md", "\n\n", "\n\nプレビューの確認。\n\n")
        wait_for(lambda: "プレビューの確認。" in server.page("ja/activate/"), "the edited Japanese page", server.log)
        assert any("guide: 'en' is unchanged" in line for line in server.log), "a Japanese edit rebuilds Japanese only"
        index_after = wait_for(lambda: (lambda entry: entry if entry and entry != index_before else "")(
            server.page("ja/pagefind/pagefind-entry.json")), "the Japanese search index, rewritten", server.log)
        tag = json.loads(server.page("ja/search/search_index.json"))["config"]["pagefind-tag"]
        assert tag == "-".join(sorted(language["hash"] for language in json.loads(index_after)["languages"].values()))
        assert fetch(server.url + "activate/index.html.br")[0] == 404, "the preview writes no precompressed siblings"

        # A new title reaches the navigation of pages whose own source did not change (the case pages).
        case = "decision-table/action-pack/on-premises/yes/"
        assert "Preview title" not in server.page(case)
        edit(project / "content" / "activate.md", '{{ heading("activate") }}', "# Preview title")
        wait_for(lambda: "Preview title" in server.page(case), "the new title in a case page's navigation", server.log)
    finally:
        server.stop()


def test_a_rule_the_proof_rejects_fails_the_rebuild_though_the_proof_runs_beside_it(project):
    """Under serve the rules' proof runs beside the rebuild (sitebuild/plugin/proof_beside.py):
    a data edit whose proof fails still fails the rebuild, with the proof's report, and
    the last good site stays served; a prose edit with the same data fails as well, and
    the fixed rule rebuilds."""
    import yaml

    from tests.test_proof_errors import UNPROVABLE

    fixture = yaml.safe_load((UNPROVABLE / "two-routes.yml").read_text(encoding="utf-8"))
    routes = project / "data" / fixture["file"]
    server = Server(project)
    try:
        wait_for(lambda: server.page("activate/"), "the first build", server.log)
        # Each failed rebuild says so (MkDocs prints the same error message only once).
        failures = lambda: sum("the rebuild failed; still serving" in line for line in server.log)  # noqa: E731
        edit(routes, fixture["replace"], fixture["with"])
        wait_for(failures, "the failed rebuild", server.log)
        assert "the rules' proof failed" in "".join(server.log)
        assert "2 routes apply (partner-center-csp, paid-support)" in "".join(server.log)
        failed = wait_for(lambda: (lambda page: page if "guide-build-failed" in page else "")(server.page("activate/")),
                          "the report in the page", server.log)
        assert "2 routes apply (partner-center-csp, paid-support)" in failed

        edit(project / "content" / "activate.md", "\n\n", "\n\nStill the same data.\n\n")
        wait_for(lambda: failures() >= 2, "the second failed rebuild", server.log)
        assert "Still the same data." not in server.page("activate/"), "nothing of a failed proof's data is served"

        edit(routes, fixture["with"], fixture["replace"])
        page = wait_for(lambda: (lambda page: page if "Still the same data." in page else "")(server.page("activate/")),
                        "the rebuild with the rule fixed", server.log)
        assert "guide-build-failed" not in page
    finally:
        server.stop()
