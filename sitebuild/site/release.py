"""The public address of a release build.

`site_url` in mkdocs.yml is `!ENV [GUIDE_SITE_URL, "http://127.0.0.1:8000/"]`: a
writer's build and `mkdocs serve` use the loopback address; a release sets
GUIDE_SITE_URL to the public one (canonical links, the sitemap and the other
languages' URLs derive from it). A build is a release build when GUIDE_RELEASE is
true (the `guide` plugin's `release` option): then a missing or loopback site_url is
a warning, so `mkdocs build --strict` refuses it and leaves the published site as it was.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def release_url_problem(site_url: str | None) -> str | None:
    """Why `site_url` cannot be a release's public address, or None when it can."""
    fix = "set GUIDE_SITE_URL to the site's public https:// address (see README, Releases)."
    if not site_url:
        return f"a release build needs a site_url: {fix}"
    parts = urlsplit(site_url)
    host = (parts.hostname or "").rstrip(".").lower()
    if _is_loopback(host):
        return f"site_url '{site_url}' is a loopback address: canonical links and the sitemap would point readers at their own machine; {fix}"
    if parts.scheme != "https":
        return f"site_url '{site_url}' is not https: {fix}"
    return None


def _is_loopback(host: str) -> bool:
    if not host or host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
