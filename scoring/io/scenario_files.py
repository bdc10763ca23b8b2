"""Reading and writing scenario files: the only place where outside text becomes a Scenario.

A file may be a scenario YAML or a decision record (Markdown) that carries its scenario between
the record's markers. Every failure becomes a ScenarioError whose lines name the field and what
is allowed; nothing here lets a traceback or a hang through.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from scoring.io.output_files import write_text_atomically as write_text_atomically
from scoring.io.record_files import NOT_A_RECORD, split_record
from scoring.io.safe_yaml import parse_yaml
from scoring.model.codec import ScenarioError, scenario_from_dict
from scoring.model.scenario import Scenario

MAX_FILE_BYTES = 2_000_000


MARKDOWN_SUFFIXES = (".md", ".markdown")


MARKDOWN_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)  # read as plain text by YAML


# UTF-32's marks first: UTF-32 LE starts with UTF-16 LE's mark.
OTHER_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
)


def decode_text(data: bytes | str, source: str = "") -> str:
    """The text of an uploaded or read file: UTF-8 (with or without a byte-order mark) within
    MAX_FILE_BYTES; anything else is refused with what was found and where."""
    if isinstance(data, str):
        if len(data.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            raise ScenarioError([_too_large(len(data))], source)
        return data
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([_too_large(len(data))], source)
    encoding = _other_encoding(data)
    if encoding:
        problem = f"the file is {encoding} text, not UTF-8 as expected; save it as UTF-8"
        raise ScenarioError([problem], source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError([_not_utf8(data, error.start)], source) from None


def _other_encoding(data: bytes) -> str:
    """The encoding a byte-order mark (or, without one, a NUL byte beside every character of
    plain text) shows; "" for anything that may be UTF-8."""
    for mark, name in OTHER_ENCODINGS:
        if data.startswith(mark):
            return name
    sample = data[:4000]
    half = len(sample) // 2
    if half >= 4:
        even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
        if odd_nul > 0.9 * half and even_nul == 0:
            return "UTF-16 (little-endian, without a byte-order mark)"
        if even_nul > 0.9 * half and odd_nul == 0:
            return "UTF-16 (big-endian, without a byte-order mark)"
    return ""


def _not_utf8(data: bytes, at: int) -> str:
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return (
        f"line {line}, column {column}: the byte 0x{data[at]:02X} is not UTF-8 text; save the "
        "file as UTF-8, the encoding expected (it may be Latin-1 or Windows-1252)"
    )


def parse_scenario(data: bytes | str, source: str = "") -> Scenario:
    """Scenario from the text of a scenario YAML or a decision record (told apart by their
    structure, see scoring.io.record_files; never by what the text contains)."""
    text = decode_text(data, source)
    record = split_record(text, source)
    if record is not None:
        text = record.scenario_yaml
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


def load_scenario_file(path: str | Path) -> Scenario:
    return load_scenario_text(path)[0]


def load_scenario_text(path: str | Path) -> tuple[Scenario, str]:
    """The scenario of a file and the file's text (a record's text is checked against it)."""
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
    text = decode_text(data, str(path))
    return parse_scenario(text, str(path)), text


def _too_large(size: int | None) -> str:
    """In bytes: a browser's "2 MB" may be 2 MiB, so a rounded figure could read as allowed."""
    limit = f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES / 1e6:.0f} MB)"
    if size is None:
        return f"the file is larger than the limit of {limit}"
    return f"the file is {size:,} bytes; the limit is {limit}"
