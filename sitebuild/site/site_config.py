"""mkdocs.yml (and each language's mkdocs.<lang>.yml) read as data, for builds that MkDocs does not run.

The files are read as MkDocs reads them (INHERIT merged the MkDocs way, `!ENV`
resolved), with one difference: nothing in them runs. A Python tag such as
`!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}` becomes the
description `{"object": "pymdownx.slugs.slugify", "kwds": {"case": "lower"}}`, which
is how Zensical writes the same setting, and `!!python/name:x.y` becomes "x.y".
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load
from yaml_env_tag import construct_env_tag

from sitebuild.source.project import PageLayout, plugin_options

APPLY = "tag:yaml.org,2002:python/object/apply:"
NAME = "tag:yaml.org,2002:python/name:"


class ConfigError(Exception):
    """A config file cannot be read or lacks what the build needs."""


class DescribingLoader(yaml.SafeLoader):
    """SafeLoader that describes Python tags instead of running them."""


def _describe_call(loader: DescribingLoader, suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
        return {"object": suffix, **({"kwds": value["kwds"]} if "kwds" in value else {}),
                **({"args": value["args"]} if "args" in value else {})}
    args = loader.construct_sequence(node, deep=True) if isinstance(node, yaml.SequenceNode) else []
    return {"object": suffix, **({"args": args} if args else {})}


DescribingLoader.add_multi_constructor(APPLY, _describe_call)
DescribingLoader.add_multi_constructor(NAME, lambda loader, suffix, node: suffix)
DescribingLoader.add_constructor("!ENV", construct_env_tag)


def read_config(path: Path) -> dict:
    """The config at `path`, its INHERIT merged in, as plain data."""
    try:
        with open(path, "rb") as file:
            return yaml_load(file, loader=DescribingLoader)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"guide: cannot read {path}: {error}") from None
    except Exception as error:  # MkDocs' own ConfigurationError (a missing INHERIT file)
        raise ConfigError(f"guide: {path}: {error}") from None


def language_config_path(source_config: Path, lang: str, source_lang: str, layout: PageLayout) -> Path:
    """The config that builds `lang`: the source config itself, or the one the guide
    plugin's `language_config` names beside it (mkdocs.<lang>.yml by default)."""
    return source_config if lang == source_lang else layout.language_config_file(source_config, lang)


def guide_options(config: dict, path: Path) -> dict:
    options = plugin_options(config, "guide")
    if options is None:
        raise ConfigError(f"guide: {path.name} has no 'guide' plugin: this build renders the guide's pages.")
    return options
