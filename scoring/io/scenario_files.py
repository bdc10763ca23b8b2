"""Reading and writing scenario files: the only place where outside text becomes a Scenario.

A file may be a scenario YAML or a decision record (Markdown) that carries its scenario between
the record's markers. Every failure becomes a ScenarioError whose lines name the field and what
is allowed; nothing here lets a traceback or a hang through.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import yaml

from scoring.model.codec import ScenarioError, scenario_from_dict
from scoring.model.scenario import Scenario
from scoring.report.record import RECORD_BEGIN, RECORD_END

MAX_FILE_BYTES = 2_000_000


MAX_NESTING = 50


MARKDOWN_SUFFIXES = (".md", ".markdown")


MARKDOWN_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)  # read as plain text by YAML


NOT_A_RECORD = (
    f"this file is Markdown without the scenario markers {RECORD_BEGIN} and {RECORD_END}: "
    "only decision records written by this tool (the app or `python -m scoring record`) can "
    "be loaded"
)


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a scenario never needs them, and an alias bomb
    ('billion laughs') would otherwise expand when the data is walked."""

    def compose_node(self, parent, index):
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

    def construct_mapping(self, node, deep=False):
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
