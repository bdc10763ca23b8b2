"""A scenario to and from plain data (dict, YAML, JSON), with problems worded for people.

Every validation failure becomes a ScenarioError whose lines name the field and what is
allowed; the readers in scoring.io and the app's forms all report through it.
"""

from __future__ import annotations

import difflib
import json
import math

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from scoring.model.problems import (
    MAX_PROBLEMS,
    MAX_VALUES,
    more_problems,
    one_line,
    shown,
    too_many_values,
)
from scoring.model.scenario import Scenario


class ScenarioError(ValueError):
    """Bad scenario input; `problems` holds one readable line per problem.

    At most MAX_PROBLEMS are kept (`shown`); `hidden` counts the rest (those past the limit
    plus `more` the caller could not list), and `problems` ends with a line saying how many."""

    def __init__(
        self, problems: list[str] | tuple[str, ...], source: str = "", more: int = 0
    ) -> None:
        self.shown = tuple(one_line(problem) for problem in problems[:MAX_PROBLEMS])
        self.hidden = more + max(0, len(problems) - MAX_PROBLEMS)
        self.problems = self.shown + ((more_problems(self.hidden),) if self.hidden else ())
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(self.problems))


def scenario_from_dict(raw: dict, source: str = "") -> Scenario:
    if count_values(raw) > MAX_VALUES:
        # Validation is fast, but listing a hundred thousand errors is not: refuse first.
        raise ScenarioError([too_many_values()], source)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        shown, more = describe_validation_error(error)
        raise ScenarioError(shown, source, more) from None


def describe_validation_error(error: ValidationError) -> tuple[list[str], int]:
    """The first MAX_PROBLEMS errors in words, and how many more there were."""
    items = error.errors(include_url=False)
    return [_describe(item) for item in items[:MAX_PROBLEMS]], max(0, len(items) - MAX_PROBLEMS)


def count_values(data: object, limit: int = MAX_VALUES) -> int:
    """How many values (mappings, lists, their keys and scalars) `data` holds; counting stops
    just past `limit`, so a huge structure costs no more than a small one."""
    count = 0
    pending = [data]
    while pending and count <= limit:
        value = pending.pop()
        count += 1
        if isinstance(value, dict):
            count += len(value)
            pending.extend(value.values())
        elif isinstance(value, list | tuple):
            pending.extend(value)
    return count


def scenario_to_dict(scenario: Scenario) -> dict:
    """Plain data for YAML or JSON; whole floats written as integers so files stay readable."""
    return {key: _tidy_numbers(value) for key, value in scenario.model_dump(mode="json").items()}


# Free text only the record shows (and the quality answer, which only the operations plan
# reads): the evaluation does not depend on them.
RECORD_ONLY_FIELDS = ("name", "description", "decision", "sources")


def engine_key(scenario: Scenario) -> str:
    """The scenario's content as the engine reads it: the key under which an evaluation, or
    anything worked out from one alone, is kept and shared."""
    data = scenario_to_dict(scenario)
    for field in RECORD_ONLY_FIELDS:
        data.pop(field, None)
    data["requirements"].pop("quality_measurement", None)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


class _Dumper(yaml.SafeDumper):
    """Writes what the readers load back as written: repeated values in full (the readers
    refuse anchors and aliases), and text holding a character YAML takes for a line break
    (U+0085, U+2028, U+2029) double-quoted, where it is escaped; left plain or single-quoted
    it would come back as a space or a newline."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if any(char in data for char in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def dump_yaml(data: object) -> str:
    """YAML of plain data (a scenario, a bundle) that loads back to the same data."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def scenario_to_yaml(scenario: Scenario) -> str:
    return dump_yaml(scenario_to_dict(scenario))


def scenario_to_json(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), separators=(",", ":"), sort_keys=True)


def _tidy_numbers(value: object) -> object:
    if isinstance(value, dict):
        return {key: _tidy_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy_numbers(item) for item in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _describe(item: ErrorDetails) -> str:
    path = ".".join(str(part) for part in item["loc"]) or "(file)"
    kind = item["type"]
    given = item.get("input")
    context = item.get("ctx") or {}
    shown = _shown(given)
    if kind == "extra_forbidden":
        hint = _closest_field(item["loc"])
        return f"{path}: unknown field ({hint or 'see `python -m scoring schema`'})"
    if kind == "missing":
        return f"{path}: required field is missing"
    if kind == "invalid_key":  # a YAML key such as `1:` or `null:`
        where = ".".join(str(part) for part in item["loc"][:-1]) or "(top level)"
        return f"{where}: a field name must be text, not {item['loc'][-1]}"
    if kind == "literal_error":
        hint = _yaml_hint(given, "choice")
        return f"{path}: must be one of {context.get('expected', '')} (got {shown}){hint}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        bound = next(iter(context.values()), "")
        if isinstance(given, float) and not math.isfinite(given):
            return f"{path}: must be a finite number (got {shown})"
        return f"{path}: must be {words} {bound:g} (got {shown})"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = _yaml_hint(given, "integer")
        return f"{path}: must be a whole number written with digits (got {shown}){hint}"
    if kind in ("float_type", "float_parsing"):
        return f"{path}: must be a number (got {shown}){_yaml_hint(given, 'number')}"
    if kind == "finite_number":
        return f"{path}: must be a finite number (got {shown})"
    if kind in ("string_type",):
        return f"{path}: must be text (got {shown}); put it in quotes"
    if kind == "string_too_long":
        return f"{path}: is too long (at most {context.get('max_length')} characters)"
    if kind == "string_too_short":
        return f"{path}: must not be empty"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{path}: must be a mapping of fields (got {shown})"
    if kind in ("tuple_type", "list_type"):
        return f"{path}: must be a list (got {shown})"
    message = item["msg"].removeprefix("Value error, ")
    return f"{path}: {message}"


def _closest_field(loc: tuple) -> str:
    """'did you mean requirements?' for a misspelt key, from the model's own field names."""
    model: object = Scenario
    for part in loc[:-1]:
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return ""
        model = fields[part].annotation
    fields = getattr(model, "model_fields", None)
    if not fields:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(fields), n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else f"allowed: {', '.join(fields)}"


def _shown(value: object) -> str:
    if isinstance(value, dict | list):
        return type(value).__name__
    return shown(value)


def _yaml_hint(value: object, expected: str) -> str:
    """What the YAML author probably meant; `expected` is "choice", "integer" or "number"."""
    if isinstance(value, bool):
        if expected == "choice":
            return "; YAML reads yes/no/on/off as true/false, so quote the value"
        return "; YAML reads yes/no/on/off as true/false: write a number here"
    if isinstance(value, str) and value.strip():
        try:
            float(value)
        except ValueError:
            return ""
        if expected == "number":
            return "; write it without quotes, e.g. 5000000 or 5.0e+6 (YAML needs the dot)"
        return "; write it without quotes, e.g. 5000000"
    return ""
