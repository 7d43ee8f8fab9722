"""The Zensical config of one language, made from the same mkdocs.<lang>.yml MkDocs reads.

What the `guide` plugin does to a language's MkDocs config at build time is done here
to the Zensical config instead, by the same functions where they exist:

- docs_dir: the rendered pages of the language (sitebuild/site/rendered_site.py), and
  Markdown gets the extension that puts their stashed HTML in place;
- the language switcher's links (site_i18n.alternates) and, for every language but
  the source, the shared assets at the site root (`../assets/...`);
- the nav's section titles, which are page-string keys, in the language;
- site_url of the language; custom_dir as an absolute path (the config is written
  in a work folder); the guide plugin and the engine guard left out.

Zensical reads its config with `site_dir` and `docs_dir` inside the config's folder,
so both are relative to the work folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

from sitebuild.site import engine_guard
from sitebuild.site.theme_files import SHARED, THEME_DIR, scripts_to_add, styles_to_add
from sitebuild.source.site_data import SiteData
from sitebuild.pages.languages import alternates, language_root

# Material's search box (sitebuild/theme/partials/search.html) is markup for Material's search
# script; Zensical's search is a button and a dialog of its own, so it keeps its partial.
MATERIAL_ONLY = {"partials/search.html"}
VARIANT = "classic"  # Zensical's look closest to Material's ("modern" is its default)


class ZensicalConfigError(Exception):
    """The MkDocs config cannot be turned into a Zensical one; the message says why."""


def zensical_config(config: dict, *, lang: str, data: SiteData, root: Path, docs_dir: str, site_dir: str,
                    config_name: str, custom_dir: Path | None = None) -> dict:
    """The Zensical config of `lang`, from its MkDocs config (read by site_config.read_config)."""
    out = {key: value for key, value in config.items() if key not in ("INHERIT", "plugins", "extra")}
    out.update(docs_dir=docs_dir, site_dir=site_dir, theme=_theme(config, lang, root, config_name, custom_dir))
    out["plugins"] = _plugins_without_guide(config.get("plugins") or {})
    out["extra"] = {key: value for key, value in (config.get("extra") or {}).items() if key != engine_guard.KEY}
    out["extra"]["alternate"] = alternates(data.programme.languages, lang)
    _with_theme_files(out)
    if config.get("site_url"):
        out["site_url"] = urljoin(config["site_url"], language_root(lang, data.source_language))
    if lang != data.source_language:
        _share_assets(out, _shared_prefixes(config))
    if "nav" in config:
        out["nav"] = translate_nav(config["nav"], lambda key: _page_string(data, key, lang),
                                   data.programme.files.get("page-strings", "the page strings"))
    return out


def _theme(config: dict, lang: str, root: Path, config_name: str, custom_dir: Path | None) -> dict:
    theme = dict(config.get("theme") or {})
    if theme.get("language") != lang:
        raise ZensicalConfigError(f"guide: {config_name}: theme.language is '{theme.get('language')}' but this config "
                                  f"builds '{lang}': set theme.language: {lang}.")
    if custom_dir or theme.get("custom_dir"):
        theme["custom_dir"] = str(custom_dir or (root / theme["custom_dir"]).resolve())
    theme.setdefault("variant", VARIANT)
    return theme


def zensical_overrides(config: dict, root: Path, out: Path) -> Path:
    """The theme folder Zensical reads as custom_dir: the package's theme files
    (sitebuild/site/theme_files.py), then the project's own custom_dir over them, without
    the partials written for Material's markup only, which Zensical lays out otherwise."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(THEME_DIR, out, ignore=_material_only(THEME_DIR))
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(root / custom_dir, out, ignore=_material_only(root / custom_dir), dirs_exist_ok=True)
    return out


def _material_only(top: Path):
    return lambda folder, names: [name for name in names if (Path(folder) / name).relative_to(top).as_posix() in MATERIAL_ONLY]


def _with_theme_files(out: dict) -> None:
    """The package's scripts and styles before the project's own, as the MkDocs plugin adds them."""
    scripts, styles = out.get("extra_javascript") or [], out.get("extra_css") or []
    listed = {item["path"] if isinstance(item, dict) else item for item in scripts}
    out["extra_javascript"] = [*({"path": path, "type": kind} if kind else path for path, kind in scripts_to_add(listed)), *scripts]
    out["extra_css"] = [*styles_to_add(styles), *styles]


def _plugins_without_guide(plugins: dict | list) -> dict | list:
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != "guide"}
    return [item for item in plugins if (item if isinstance(item, str) else next(iter(item))) != "guide"]


def _shared_prefixes(config: dict) -> list[str]:
    plugins = config.get("plugins") or {}
    guide = plugins.get("guide") if isinstance(plugins, dict) else None
    return list((guide or {}).get("shared_assets", SHARED))


def _share_assets(out: dict, prefixes: list[str]) -> None:
    """A language's pages use the copy of the shared assets at the site root (site_i18n.share_assets)."""
    def shared(path: str) -> str:
        return "../" + path if any(path.startswith(prefix) for prefix in prefixes) else path

    out["extra_javascript"] = [{**item, "path": shared(item["path"])} if isinstance(item, dict) else shared(item)
                               for item in out.get("extra_javascript") or []]
    out["extra_css"] = [shared(path) for path in out.get("extra_css") or []]


def _page_string(data: SiteData, key: str, lang: str) -> str | None:
    text = data.programme.page_strings.get(key)
    return text.get(lang, data.source_language) if text else None


def translate_nav(items: list, word, file: str) -> list:
    """The nav with each section titled by its page-strings key in the language
    (as site_i18n.translate_nav_sections does to MkDocs' nav)."""
    translated = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), list):
            key, children = next(iter(item.items()))
            title = word(key)
            if title is None:
                raise ZensicalConfigError(f"guide: the nav section '{key}' has no title in {file}: name it by a key of "
                                          f"that file (e.g. '- nav-writers:') and give the key a text in every language.")
            translated.append({title: translate_nav(children, word, file)})
        else:
            translated.append(item)
    return translated
