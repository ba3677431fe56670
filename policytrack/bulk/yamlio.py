"""YAML and JSON bundles as Python data, and back.

PyYAML follows YAML 1.1, where a bare ``on``, ``yes`` or ``no`` is a
boolean: the bundle key ``on`` would become ``True``. Bundles are read with
YAML 1.2 booleans instead (only true/false), so ``on:`` works unquoted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from policytrack.errors import InvalidValue
from policytrack.sources import read_text

_BOOL_TAG = "tag:yaml.org,2002:bool"


# libyaml's parser and emitter when PyYAML was built with them: many times faster.
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
    _SafeDumper = yaml.SafeDumper
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class BundleLoader(_SafeLoader):
    """SafeLoader with YAML 1.2 booleans (``on``/``off``/``yes``/``no`` stay strings)
    that refuses a key given twice in one mapping, where PyYAML keeps the last value.

    Only the construction of Python objects is overridden: with libyaml the
    parsing stays in C.
    """

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = seen.setdefault(key, key_node)
                except TypeError:  # an unhashable key: the constructor below says so
                    continue
                if earlier is not key_node:
                    first, second = earlier.start_mark.line + 1, key_node.start_mark.line + 1
                    where = f"at lines {first} and {second}" if first != second else f"on line {first}"
                    raise InvalidValue(f"the key {key!r} appears twice in one mapping, {where}")
        return super().construct_mapping(node, deep=deep)


BundleLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
BundleLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    # "on: 2024-13-01" looks like a date but is none: keep the text, so that
    # the date parser reports it like any other bad date.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


BundleLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class BundleDumper(_SafeDumper):
    """SafeDumper that writes multi-line text (source content) as a literal block."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


BundleDumper.add_representer(str, _represent_text)


def load_bundle(path: Path, text: str | None = None, fmt: str | None = None) -> dict:
    """The bundle in a ``.yaml``/``.yml``/``.json`` file as a mapping (empty file: no records).

    ``text`` is the bundle when it does not come from ``path`` (standard input),
    and ``fmt`` (yaml or json) its format when ``path`` has no suffix that tells.
    """
    if text is None:
        text = read_text(path, "bundle")
    if (fmt or path.suffix.lower().lstrip(".")) == "json":
        try:
            data = json.loads(text, object_pairs_hook=_json_object) if text.strip() else None
        except json.JSONDecodeError as error:
            raise InvalidValue(f"{path}: invalid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
        except InvalidValue as error:
            raise InvalidValue(f"{path}: {error}") from None
    else:
        try:
            data = yaml.load(text, Loader=BundleLoader)
        except yaml.YAMLError as error:
            raise InvalidValue(f"{path}: invalid YAML: {_yaml_problem(error)}") from None
        except InvalidValue as error:
            raise InvalidValue(f"{path}: {error}") from None
        except ValueError as error:  # a value PyYAML recognises but cannot build
            raise InvalidValue(f"{path}: invalid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidValue(
            f"{path}: a bundle is a mapping with the keys scales, actors, topics, sources, positions; "
            f"found a {type(data).__name__}"
        )
    return data


def _json_object(pairs: list[tuple]) -> dict:
    data: dict = {}
    for key, value in pairs:
        if key in data:
            raise InvalidValue(f"the key {key!r} appears twice in one object")
        data[key] = value
    return data


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "problem_mark", None)
    return f"{problem} at line {mark.line + 1} column {mark.column + 1}" if mark else problem


def dump_yaml_items(records: list[dict]) -> str:
    """Records as YAML list items (``- key: value`` lines), to follow a ``section:`` line."""
    return yaml.dump(
        records, Dumper=BundleDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
