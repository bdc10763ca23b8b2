"""Reading and writing scenario files: the only place where outside text becomes a Scenario.

A file may be a scenario YAML or a decision record (Markdown) that carries its scenario between
the markers below. Every failure becomes a ScenarioError whose lines name the field and what is
allowed; nothing here lets a traceback or a hang through.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import uuid
from pathlib import Path

import yaml
from pydantic import ValidationError

from scoring.scenario import Scenario

MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 50
RECORD_BEGIN = "<!-- scenario:begin -->"
RECORD_END = "<!-- scenario:end -->"
MARKDOWN_SUFFIXES = (".md", ".markdown")
MARKDOWN_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)  # read as plain text by YAML
NOT_A_RECORD = (
    f"this file is Markdown without the scenario markers {RECORD_BEGIN} and {RECORD_END}: "
    "only decision records written by this tool (the app or `python -m scoring record`) can "
    "be loaded"
)


class ScenarioError(ValueError):
    """Bad scenario input; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str] | tuple[str, ...], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(self.problems))


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a scenario never needs them, and an alias bomb
    ('billion laughs') would otherwise expand when the data is walked."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in a scenario file",
                problem_mark=event.start_mark,
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors (&name) are not allowed in a scenario file",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        # YAML keeps the last of two equal keys; a scenario with `devices` twice is a mistake.
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"the key {key!r} appears twice in the same mapping",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def decode_text(data: bytes | str, source: str = "") -> str:
    if isinstance(data, str):
        if len(data.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            raise ScenarioError([_too_large(len(data))], source)
        return data
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([_too_large(len(data))], source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            [f"the file is not UTF-8 text (bad byte at position {error.start})"], source
        ) from None


def parse_scenario(data: bytes | str, source: str = "") -> Scenario:
    """Scenario from the text of a scenario YAML or a decision record."""
    text = decode_text(data, source)
    if RECORD_BEGIN in text:
        text = _scenario_block(text, source)
    elif source.lower().endswith(MARKDOWN_SUFFIXES):
        raise ScenarioError([NOT_A_RECORD], source)
    raw = parse_yaml(text, source)
    if not isinstance(raw, dict):
        if isinstance(raw, str) and MARKDOWN_HEADING.search(text):
            raise ScenarioError([NOT_A_RECORD], source)
        kind = "empty" if raw is None else f"a {type(raw).__name__}"
        raise ScenarioError(
            [f"a scenario is a YAML mapping with at least `name:`; this file is {kind}"], source
        )
    return scenario_from_dict(raw, source)


def parse_yaml(text: str, source: str = "") -> object:
    if _nesting_depth(text) > MAX_NESTING:
        raise ScenarioError([f"the YAML is nested deeper than {MAX_NESTING} levels"], source)
    try:
        return yaml.load(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise ScenarioError([f"not valid YAML at {where}: {error.problem}"], source) from None
    except yaml.reader.ReaderError as error:
        # Its own text runs over two lines and counts characters; a problem is one line.
        line = text.count("\n", 0, error.position) + 1
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a byte"
        problem = f"not valid YAML at line {line}: the control character {character} is not allowed"
        raise ScenarioError([problem], source) from None
    except RecursionError:
        raise ScenarioError(["the YAML is nested too deeply to read"], source) from None
    except ValueError as error:
        if "digits" in str(error):
            problem = "a number has thousands of digits; no field allows one that large"
            raise ScenarioError([problem], source) from None
        raise ScenarioError([f"not valid YAML: {error}"], source) from None
    except yaml.YAMLError as error:
        raise ScenarioError([f"not valid YAML: {error}"], source) from None


def scenario_from_dict(raw: dict, source: str = "") -> Scenario:
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(describe_validation_error(error), source) from None


def describe_validation_error(error: ValidationError) -> list[str]:
    return [_describe(item) for item in error.errors(include_url=False)]


def scenario_to_dict(scenario: Scenario) -> dict:
    """Plain data for YAML or JSON; whole floats written as integers so files stay readable."""
    return _tidy_numbers(scenario.model_dump(mode="json"))


def scenario_to_yaml(scenario: Scenario) -> str:
    return yaml.safe_dump(
        scenario_to_dict(scenario), sort_keys=False, allow_unicode=True, width=100
    )


def scenario_to_json(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), separators=(",", ":"), sort_keys=True)


def load_scenario_file(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        # Read one byte past the limit rather than trust the size on disk: a device or a
        # pipe (/dev/zero) reports 0 bytes and never ends.
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ScenarioError([f"cannot read the file: {error.strerror}"], str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([_too_large(None)], str(path))
    return parse_scenario(data, str(path))


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file next to `path`, then rename: readers never see half a file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")  # unique per writer
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _scenario_block(text: str, source: str) -> str:
    start = text.index(RECORD_BEGIN) + len(RECORD_BEGIN)
    end = text.rfind(RECORD_END, start)  # the last one: user text in the block may quote it
    if end < 0:
        raise ScenarioError(["the record's scenario block has no end marker"], source)
    block = text[start:end].strip()
    lines = block.splitlines()
    if lines and lines[0].startswith("```"):
        lines = lines[1:]
    if lines and lines[-1].startswith("```"):
        lines = lines[:-1]
    return "\n".join(lines)


def _nesting_depth(text: str) -> int:
    """Deepest flow nesting ([ and {), checked before the composer can recurse."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def _too_large(size: int | None) -> str:
    """In bytes: a browser's "2 MB" may be 2 MiB, so a rounded figure could read as allowed."""
    limit = f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES / 1e6:.0f} MB)"
    if size is None:
        return f"the file is larger than the limit of {limit}"
    return f"the file is {size:,} bytes; the limit is {limit}"


def _tidy_numbers(value: object) -> object:
    if isinstance(value, dict):
        return {key: _tidy_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy_numbers(item) for item in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _describe(item: dict) -> str:
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
