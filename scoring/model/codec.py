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

from scoring.model.scenario import Scenario


class ScenarioError(ValueError):
    """Bad scenario input; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str] | tuple[str, ...], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(self.problems))


def scenario_from_dict(raw: dict, source: str = "") -> Scenario:
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(describe_validation_error(error), source) from None


def describe_validation_error(error: ValidationError) -> list[str]:
    return [_describe(item) for item in error.errors(include_url=False)]


def scenario_to_dict(scenario: Scenario) -> dict:
    """Plain data for YAML or JSON; whole floats written as integers so files stay readable."""
    return {key: _tidy_numbers(value) for key, value in scenario.model_dump(mode="json").items()}


def scenario_to_yaml(scenario: Scenario) -> str:
    return yaml.safe_dump(
        scenario_to_dict(scenario), sort_keys=False, allow_unicode=True, width=100
    )


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
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
