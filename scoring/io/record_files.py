"""What a decision record file is: recognised by its structure, its head read back, and its
text checked against what its scenario renders.

A record starts as a record and ends with its scenario:

- its first line is its title, `# Title` (`# 3. Title` once saved in a log); records written
  before the ADR-tool layout start instead with YAML front matter between two `---` lines,
  followed by the title;
- its last non-blank line is `<!-- scenario:end -->`, right after the fenced YAML block that a
  `<!-- scenario:begin -->` line opens.

Text that does not have both ends is not a record, whatever it contains, so a scenario whose
description quotes the markers stays a scenario. The layout itself is described in
docs/decision-log.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from scoring.engine.evaluate import Evaluation
from scoring.model.codec import ScenarioError
from scoring.report.markdown import STATUS_HEADING, plain_text, render_markdown
from scoring.report.record import (
    METADATA_LABELS,
    RECORD_BEGIN,
    RECORD_END,
    SOURCES_LEAD,
    SUPERSEDED_BY,
    SUPERSEDES,
    build_record,
)

CURRENT, FRONT_MATTER = "current", "front matter"
FENCE = re.compile(r"`{3,}")
NUMBERED_TITLE = re.compile(r"(\d+)\. (.*)")
LINK = re.compile(rf"({re.escape(SUPERSEDES)}|{re.escape(SUPERSEDED_BY)}) \[(.*)\]\(([^()\s]+)\)")
# adr-tools' own records carry a "Date: 2026-01-05" line under the title.
PLAIN_DATE = re.compile(r"Date: (\S+)")
ITEM = re.compile(r"\* ([^:]+): (.*)")
FRONT_MATTER_LINES = 200  # a record's front matter is a handful of keys
SHOWN_CHARACTERS = 70  # of a differing line, around the first difference

NOT_A_RECORD = (
    "this Markdown file is not a decision record written by this tool (the app or `python -m "
    f"scoring record`): a record starts with its title line (`# ...`) and ends with its "
    f"scenario, a fenced YAML block between {RECORD_BEGIN} and {RECORD_END}"
)


@dataclass(frozen=True)
class RecordFile:
    """A record's parts, by line index into `lines` (the text split at line ends)."""

    layout: str  # CURRENT or FRONT_MATTER
    lines: tuple[str, ...]
    title_at: int  # the `# ` title line
    begin_at: int  # the RECORD_BEGIN line; the scenario block runs from here to the end
    end_at: int  # the RECORD_END line
    scenario_yaml: str

    @property
    def front_matter(self) -> str:
        return "\n".join(self.lines[1 : self.title_at]).strip().removesuffix("---").strip()


@dataclass(frozen=True)
class RecordHead:
    """What the head of a record in the current layout says, as a reader (or adr-tools)
    reads it. Titles are plain words, not Markdown."""

    number: int | None
    title: str
    date: str
    status: str  # "accepted", ...; "superseded" once a Superseded by link stands there
    links: tuple[tuple[str, str, str], ...]  # (kind, file name, title of the linked record)
    items: tuple[tuple[str, str], ...]  # the metadata list: (label, Markdown text)


def text_lines(text: str) -> list[str]:
    """Lines without their line ends (\\n or \\r\\n), as the record was written."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def layout_of(lines: Sequence[str]) -> tuple[str, int] | None:
    """(layout, index of the title line) when the text starts as a record, else None."""
    if not lines:
        return None
    first = lines[0].removeprefix("\ufeff")
    if first.startswith("# "):
        return CURRENT, 0
    if first != "---":
        return None
    for at in range(1, min(len(lines), FRONT_MATTER_LINES)):
        if lines[at] == "---":
            title = next((i for i in range(at + 1, len(lines)) if lines[i].strip()), None)
            if title is not None and lines[title].startswith("# "):
                return FRONT_MATTER, title
            return None
    return None


def split_record(text: str, source: str = "") -> RecordFile | None:
    """The record's parts when `text` is a record by its structure, else None.

    ScenarioError when the text starts as a record and has a scenario marker line but its
    scenario block is damaged (no end marker, text after it, no fenced block).
    """
    lines = text_lines(text)
    start = layout_of(lines)
    if start is None:
        return None
    layout, title_at = start
    last = len(lines) - 1
    while last > title_at and not lines[last].strip():
        last -= 1
    has_begin = RECORD_BEGIN in lines
    if lines[last] != RECORD_END:
        if not has_begin and RECORD_END not in lines:
            return None  # a Markdown file (or YAML with a comment first) without a scenario
        if RECORD_END in lines:
            problem = (
                f"text follows the record's scenario block: a record ends with {RECORD_END} "
                "on its last line"
            )
        else:
            problem = f"the record's scenario block has no end marker {RECORD_END}"
        raise ScenarioError([problem], source)
    closing = last - 1
    fence = lines[closing] if closing > title_at else ""
    if not FENCE.fullmatch(fence):
        raise ScenarioError([_damaged(f"no closing code fence before {RECORD_END}")], source)
    # The fence is longer than any run of backticks inside the block, so the first line above
    # that opens a block with it is the block's start.
    opening = next(
        (i for i in range(closing - 1, title_at, -1) if lines[i] == f"{fence}yaml"),
        None,
    )
    if opening is None:
        raise ScenarioError([_damaged(f"its code block has no opening {fence}yaml")], source)
    if lines[opening - 1] != RECORD_BEGIN:
        raise ScenarioError(
            [_damaged(f"{RECORD_BEGIN} must stand on the line before {fence}yaml")], source
        )
    scenario_yaml = "\n".join(lines[opening + 1 : closing])
    return RecordFile(layout, tuple(lines), title_at, opening - 1, last, scenario_yaml)


def is_record(text: str) -> bool:
    """True when `text` is a whole record by its structure."""
    try:
        return split_record(text) is not None
    except ScenarioError:
        return False


def read_head(lines: Sequence[str]) -> RecordHead:
    """The head of a record in the current layout (also of adr-tools' own records, whose date
    stands on a `Date:` line). ValueError when the first line is not a title."""
    if not lines or not lines[0].removeprefix("\ufeff").startswith("# "):
        raise ValueError("a record in the current layout starts with its title line")
    heading = lines[0].removeprefix("\ufeff")[2:].strip()
    number = None
    if match := NUMBERED_TITLE.fullmatch(heading):
        number, heading = int(match.group(1)), match.group(2)
    items: list[tuple[str, str]] = []
    status_words: list[str] = []
    links: list[tuple[str, str, str]] = []
    date = ""
    in_status = False
    for line in lines[1:]:
        if line.startswith("#"):
            if in_status or (line.startswith("## ") and line != STATUS_HEADING):
                break
            in_status = line == STATUS_HEADING
            continue
        if in_status:
            if match := LINK.fullmatch(line.strip()):
                links.append((match.group(1), match.group(3), plain_text(match.group(2))))
            elif line.strip():
                status_words.append(line.strip())
        elif match := ITEM.fullmatch(line):
            items.append((match.group(1), match.group(2)))
        elif match := PLAIN_DATE.fullmatch(line):
            date = match.group(1)
    labels = dict(items)
    date = plain_text(labels.get(METADATA_LABELS["date"], date))
    if any(kind == SUPERSEDED_BY for kind, _, _ in links):
        status = "superseded"
    else:
        status = status_words[0].lower() if status_words else "unknown"
    return RecordHead(number, plain_text(heading), date, status, tuple(links), tuple(items))


def prose_drift(text: str, evaluation: Evaluation) -> str:
    """ "" when the record reads as its scenario renders it, else a sentence that names the
    first line where they part (the scenario is what loads; the text may have been edited by
    hand, or written by another version of the studio).

    `evaluation` is the evaluation of the record's own scenario. The record's number and the
    titles of the records it links to are not in its scenario: they are taken from its text.
    Records in the front-matter layout are compared from their first section on.
    """
    record = split_record(text)
    if record is None:
        return ""
    body = list(record.lines[: record.begin_at])
    number, titles, today = None, {}, None
    if record.layout == CURRENT:
        head = read_head(record.lines)
        number = head.number
        titles = {name: title for _, name, title in head.links}
        today = _date_or_none(head.date)
    # The sources table lists the figures the result depends on, which only re-evaluating
    # the scenario ~230 times tells; it is the catalog's, not the prose: compared up to it.
    content = build_record(evaluation, today, figures=())
    rendered = text_lines(render_markdown(content, number, titles))
    rendered = rendered[: _sources_at(rendered, rendered.index(RECORD_BEGIN))]
    body = body[: _sources_at(body, len(body))]
    offset = 0
    if record.layout == FRONT_MATTER:
        offset = _first_section(body, record.title_at + 1)
        body = body[offset:]
        rendered = rendered[_first_section(rendered, rendered.index(STATUS_HEADING) + 1) :]
    for at, (written, expected) in enumerate(zip(body, rendered, strict=False)):
        if written != expected:
            return _drift_sentence(offset + at + 1, written, expected)
    if len(body) != len(rendered):
        at = min(len(body), len(rendered))
        written = body[at] if at < len(body) else ""
        expected = rendered[at] if at < len(rendered) else ""
        return _drift_sentence(offset + at + 1, written, expected)
    return ""


def _sources_at(lines: Sequence[str], default: int) -> int:
    """Where the sources table's paragraph starts (`default` when there is none)."""
    lead = f"**{SOURCES_LEAD}**"
    return next((i for i, line in enumerate(lines) if line.startswith(lead)), default)


def _first_section(lines: Sequence[str], start: int) -> int:
    return next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))


def _drift_sentence(line_number: int, written: str, expected: str) -> str:
    written_part, expected_part = _around_difference(written, expected)
    return (
        f"the record's text differs from what its scenario gives, first at line {line_number}: "
        f"it reads “{written_part}” where the scenario gives “{expected_part}”. The scenario "
        "is what loads; the text was edited by hand or written by another version of the studio"
    )


def _around_difference(a: str, b: str) -> tuple[str, str]:
    """Both lines cut to a window around their first differing character."""
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
    if common is None:
        common = min(len(a), len(b))
    start = max(0, common - SHOWN_CHARACTERS // 2)

    def cut(line: str) -> str:
        part = line[start : start + SHOWN_CHARACTERS]
        before = "…" if start > 0 else ""
        after = "…" if start + SHOWN_CHARACTERS < len(line) else ""
        return f"{before}{part}{after}" if line else "(nothing)"

    return cut(a), cut(b)


def _date_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _damaged(what: str) -> str:
    return f"the record's scenario block is damaged: {what}"
