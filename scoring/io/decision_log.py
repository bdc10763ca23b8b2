"""A folder of numbered decision records, as adr-tools keeps them: `0001-title.md`, `0002-...`.

Saving never overwrites: the file is written to a temporary name and hard-linked into place,
which fails if the name exists (then the next number is tried). Updating a record (superseding
it) rewrites it atomically. File names are built from the title by a strict slug, so no title
can reach outside the folder.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scoring.io.scenario_files import parse_scenario, parse_yaml, write_text_atomically
from scoring.model.codec import ScenarioError, scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Decision
from scoring.report.markdown import front_matter, render_block
from scoring.report.record import RECORD_BEGIN, RECORD_END, scenario_block, status_text

DEFAULT_FOLDER = "decisions"
LOG_ROOT_VARIABLE = "DECISION_LOG_ROOT"  # the folder every log must be inside (app setting)
RECORD_NAME = re.compile(r"^(\d{4})-([a-z0-9-]+)\.md$")
MAX_SLUG = 60
MAX_ATTEMPTS = 50


@dataclass(frozen=True)
class LoggedRecord:
    number: int
    path: Path
    title: str
    status: str
    date: str

    @property
    def name(self) -> str:
        return self.path.name


def slug(title: str, fallback: str = "decision") -> str:
    """Lower-case ASCII letters, digits and single hyphens; never empty, never a path."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return words[:MAX_SLUG].rstrip("-") or fallback


def resolve_log_folder(text: str, root: Path) -> Path:
    """The folder a user typed, inside `root`: a browser user may choose any folder below the
    root the app was given, and none outside it (no absolute path elsewhere, no `..`, no
    symbolic link that leads out). ValueError says what is allowed."""
    root = root.resolve()
    folder = (root / (text.strip() or DEFAULT_FOLDER)).resolve()
    if folder != root and root not in folder.parents:
        raise ValueError(
            f"the folder must be inside {root}; write a path relative to it, such as "
            f"{DEFAULT_FOLDER}, or start the app with {LOG_ROOT_VARIABLE} set to another folder"
        )
    return folder


def list_records(folder: str | Path) -> tuple[LoggedRecord, ...]:
    folder = Path(folder)
    if not folder.is_dir():
        return ()
    found = []
    for path in folder.iterdir():
        match = RECORD_NAME.match(path.name)
        if match and path.is_file():
            found.append(_describe(int(match.group(1)), path))
    return tuple(sorted(found, key=lambda r: r.number))


def save_record(folder: str | Path, markdown: str, title: str) -> LoggedRecord:
    """Save as the next number; never replaces an existing file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # Unique per call: sessions share one cached Markdown string, so id() would collide.
    temporary = folder / f".incoming-{os.getpid()}-{uuid.uuid4().hex}.tmp"
    temporary.write_text(markdown, encoding="utf-8")
    try:
        number = _next_number(folder)
        for _ in range(MAX_ATTEMPTS):
            target = folder / f"{number:04d}-{slug(title)}.md"
            try:
                os.link(temporary, target)  # atomic, and refuses to replace an existing file
            except FileExistsError:
                number += 1
                continue
            return _describe(number, target)
        raise OSError(f"no free record number in {folder} after {MAX_ATTEMPTS} attempts")
    finally:
        temporary.unlink(missing_ok=True)


def _next_number(folder: Path) -> int:
    """One more than the highest record number, from the file names alone."""
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := RECORD_NAME.match(p.name))]
    return max(numbers, default=0) + 1


def open_record(record: LoggedRecord) -> str:
    return record.path.read_text(encoding="utf-8")


def supersede(old: LoggedRecord, new: LoggedRecord) -> tuple[LoggedRecord, LoggedRecord]:
    """Mark `old` superseded by `new`, and add `old` to the records `new` supersedes (it keeps
    the ones it already named); both files updated."""
    problem = supersede_problem(old, new)
    if problem:
        raise ValueError(problem)
    old_text = _with_decision(
        open_record(old), lambda _: {"status": "superseded", "superseded_by": new.name}
    )
    new_text = _with_decision(
        open_record(new),
        lambda decision: {"supersedes": list(dict.fromkeys((*decision.supersedes, old.name)))},
    )
    write_text_atomically(old.path, old_text)
    write_text_atomically(new.path, new_text)
    return _describe(old.number, old.path), _describe(new.number, new.path)


def supersede_problem(old: LoggedRecord, new: LoggedRecord) -> str:
    """Why `new` cannot supersede `old` ("" when it can): a decision is replaced by a later
    one, so the newer record must carry the higher number."""
    if old.path == new.path:
        return "a record cannot supersede itself"
    if new.number <= old.number:
        return (
            f"record {new.number:04d} cannot supersede record {old.number:04d}: only a newer "
            "record (with a higher number) can replace an older one"
        )
    return ""


def _with_decision(text: str, changes: Callable[[Decision], dict[str, object]]) -> str:
    """The record with its front matter and its embedded scenario's decision updated by the
    fields `changes` returns for its current decision."""
    scenario = parse_scenario(text)
    data = scenario_to_dict(scenario)
    data["decision"].update(changes(scenario.decision))
    updated = scenario_from_dict(data)
    front, body = _split_front_matter(text)
    front["status"] = status_text(updated.decision)
    if updated.decision.supersedes:
        front["supersedes"] = list(updated.decision.supersedes)
    start = body.index(RECORD_BEGIN)
    end = body.rindex(RECORD_END) + len(RECORD_END)
    body = body[:start] + render_block(scenario_block(updated)) + body[end:]
    return f"{front_matter(front)}\n{body}"


def _split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        raise ScenarioError(["the record has no front matter"])
    end = text.index("\n---\n", 4)
    front = parse_yaml(text[4:end])
    if not isinstance(front, dict):
        raise ScenarioError(["the record's front matter is not a mapping"])
    return front, text[end + len("\n---\n") :]


def _describe(number: int, path: Path) -> LoggedRecord:
    title, status, date = path.stem, "unknown", ""
    try:
        text = path.read_text(encoding="utf-8")
        front, body = _split_front_matter(text)
        status = str(front.get("status", status))
        date = str(front.get("date", ""))
        heading = next((line for line in body.splitlines() if line.startswith("# ")), "")
        # The heading is Markdown-escaped text; list it as the words it shows.
        title = html.unescape(re.sub(r"\\(.)", r"\1", heading[2:].strip())) or title
    except (OSError, ValueError, UnicodeDecodeError):
        pass  # a damaged file is still listed by its name, so it can be found and fixed
    return LoggedRecord(number, path, title, status, date)
