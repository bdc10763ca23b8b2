"""Scenario variants as a bundle file: named scenarios kept together, added and merged.

A bundle is one YAML file (version 1) holding up to twelve named scenarios, each exactly as a
scenario file would hold it:

    bundle_version: 1
    variants:
      - name: base
        scenario:
          name: Factory quality-control camera
          requirements: {devices: 40}
      - name: volume x3
        scenario: {...}

Errors name the place in the bundle with list positions counted from 0, e.g.
`variants[2].scenario.requirements.devices: must be at least 1 (got -3)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.io.scenario_files import decode_text, parse_yaml
from scoring.model.codec import ScenarioError, dump_yaml, scenario_from_dict
from scoring.model.codec import scenario_to_dict as _scenario_to_dict
from scoring.model.problems import shown
from scoring.model.scenario import Scenario

BUNDLE_VERSION = 1


MAX_VARIANTS = 12


MAX_NAME_CHARS = 60


_BUNDLE_KEYS = ("bundle_version", "variants")


_VARIANT_KEYS = ("name", "scenario")


@dataclass(frozen=True)
class Variant:
    name: str
    scenario: Scenario


@dataclass(frozen=True)
class Merge:
    """The variants after adding a bundle, and which names were new or replaced."""

    variants: dict[str, Scenario]
    added: tuple[str, ...]
    replaced: tuple[str, ...]


def clean_name(name: str) -> str:
    """A variant name with its whitespace tidied (names are compared after this)."""
    return " ".join(str(name).split())


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a variant, or None when it can."""
    name = clean_name(name)
    if not name:
        return "a variant needs a name, e.g. “base” or “volume x3”"
    if len(name) > MAX_NAME_CHARS:
        return f"a variant name has at most {MAX_NAME_CHARS} characters (this one {len(name)})"
    return None


def add_variant(
    variants: Mapping[str, Scenario], name: str, scenario: Scenario
) -> dict[str, Scenario]:
    """The variants with `scenario` saved under `name` (replacing one of that name, in place).

    ScenarioError when the name is not allowed or the list is full."""
    problem = name_problem(name)
    if problem:
        raise ScenarioError([problem])
    name = clean_name(name)
    if name not in variants and len(variants) >= MAX_VARIANTS:
        raise ScenarioError(
            [
                f"{MAX_VARIANTS} variants are kept at most; delete one or replace one of the "
                "same name"
            ]
        )
    result = dict(variants)
    result[name] = scenario
    return result


def bundle_to_dict(variants: Mapping[str, Scenario]) -> dict:
    return {
        "bundle_version": BUNDLE_VERSION,
        "variants": [
            {"name": name, "scenario": _scenario_to_dict(scenario)}
            for name, scenario in variants.items()
        ],
    }


def bundle_to_yaml(variants: Mapping[str, Scenario]) -> str:
    return dump_yaml(bundle_to_dict(variants))


def parse_bundle(data: bytes | str, source: str = "") -> tuple[Variant, ...]:
    """The variants of a bundle file; ScenarioError lists every problem with its place."""
    raw = parse_yaml(decode_text(data, source), source)
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else f"a {type(raw).__name__}"
        raise ScenarioError(
            [
                "a variants bundle is a YAML mapping with `bundle_version: 1` and `variants:`; "
                f"this file is {kind}"
            ],
            source,
        )
    if "variants" not in raw and "name" in raw:
        raise ScenarioError(
            [
                "this is a scenario file, not a bundle of variants: open it with “Open a "
                "scenario file” in the sidebar, then save it here as a variant"
            ],
            source,
        )
    problems = [
        f"{key}: unknown field; a bundle has {' and '.join(_BUNDLE_KEYS)}"
        for key in raw
        if key not in _BUNDLE_KEYS
    ]
    version = raw.get("bundle_version")
    if version != BUNDLE_VERSION or isinstance(version, bool):
        given = "missing" if version is None else repr(version)
        problems.append(f"bundle_version: must be {BUNDLE_VERSION} (got {given})")
    entries = raw.get("variants")
    if not isinstance(entries, list):
        given = "nothing" if entries is None else f"a {type(entries).__name__}"
        problems.append(f"variants: must be a list of entries with name and scenario (got {given})")
        raise ScenarioError(problems, source)
    if not entries:
        problems.append("variants: the bundle holds no variants")
    if len(entries) > MAX_VARIANTS:
        problems.append(
            f"variants: at most {MAX_VARIANTS} variants (this bundle has {len(entries)})"
        )
    variants: list[Variant] = []
    first_seen: dict[str, int] = {}
    unlisted = [0]  # problems a variant's scenario had past the ones it listed
    for position, entry in enumerate(entries[: MAX_VARIANTS + 1]):
        variant = _variant(entry, f"variants[{position}]", problems, unlisted)
        if variant is None:
            continue
        if variant.name in first_seen:
            problems.append(
                f"variants[{position}].name: “{variant.name}” is already the name of "
                f"variants[{first_seen[variant.name]}]; names must be unique"
            )
            continue
        first_seen[variant.name] = position
        variants.append(variant)
    if problems or unlisted[0]:
        raise ScenarioError(problems, source, more=unlisted[0])
    return tuple(variants)


def _variant(entry: object, where: str, problems: list[str], unlisted: list[int]) -> Variant | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a mapping with name and scenario")
        return None
    found = len(problems)
    problems += [
        f"{where}.{key}: unknown field; a variant has {' and '.join(_VARIANT_KEYS)}"
        for key in entry
        if key not in _VARIANT_KEYS
    ]
    name = entry.get("name")
    if not isinstance(name, str):
        given = "missing" if name is None else f"not text: {shown(name)}"
        problems.append(f"{where}.name: must be text ({given})")
    elif problem := name_problem(name):
        problems.append(f"{where}.name: {problem}")
    raw = entry.get("scenario")
    scenario = None
    if not isinstance(raw, dict):
        given = "missing" if raw is None else f"a {type(raw).__name__}"
        problems.append(
            f"{where}.scenario: must be a scenario mapping with at least name ({given})"
        )
    else:
        try:
            scenario = scenario_from_dict(raw)
        except ScenarioError as error:
            problems += [f"{where}.scenario.{problem}" for problem in error.shown]
            unlisted[0] += error.hidden
    if len(problems) > found or scenario is None or not isinstance(name, str):
        return None
    return Variant(clean_name(name), scenario)


def merge_variants(existing: Mapping[str, Scenario], incoming: Sequence[Variant]) -> Merge:
    """Add a bundle's variants: a known name is replaced in place, a new one is appended.

    ScenarioError (and nothing changes) when the result would hold more than MAX_VARIANTS."""
    result = dict(existing)
    added = tuple(v.name for v in incoming if v.name not in existing)
    replaced = tuple(v.name for v in incoming if v.name in existing)
    if len(existing) + len(added) > MAX_VARIANTS:
        raise ScenarioError(
            [
                f"the bundle adds {len(added)} variant(s) to the {len(existing)} kept; at most "
                f"{MAX_VARIANTS} are kept: delete some first"
            ]
        )
    for variant in incoming:
        result[variant.name] = variant.scenario
    return Merge(result, added, replaced)
