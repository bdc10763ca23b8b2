"""A folder of numbered decision records as adr-tools keeps them (`0001-title.md`, ...,
`10000-title.md`), with an `index.md` as adr-log writes it. The layout of a record, and why,
is in docs/decision-log.md.

Numbers are claimed under an exclusive lock on the folder itself (flock on the directory): the
highest number is read and the new record linked into place while no other saver, in this
process or another, can do the same. The lock belongs to the open directory, so it leaves no
file behind and dies with its process. The record is written whole to a temporary file and then
hard-linked to its name, which refuses an existing file, so neither a reader nor a tool that
does not take the lock sees half a record or loses one; a failed write (a full disk) leaves no
temporary file and uses no number. Updating records (superseding, rewriting old ones) replaces
each file atomically. File names are built from the title by a strict slug, so no title can
reach outside the folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from scoring.io.adr_index import INDEX_NAME, index_problem, index_text
from scoring.io.record_files import (
    CURRENT,
    FRONT_MATTER,
    RecordFile,
    layout_of,
    read_head,
    split_record,
    text_lines,
)
from scoring.io.scenario_files import parse_scenario, parse_yaml
from scoring.model.codec import ScenarioError, scenario_from_dict, scenario_to_dict
from scoring.model.scenario import Decision, Scenario
from scoring.report.markdown import (
    STATUS_HEADING,
    plain_text,
    record_head,
    render_block,
    render_markdown,
    status_section,
    title_line,
)
from scoring.report.record import (
    SUPERSEDED_BY,
    SUPERSEDES,
    RecordContent,
    record_metadata,
    record_status,
    scenario_block,
)

DEFAULT_FOLDER = "decisions"
LOG_ROOT_VARIABLE = "DECISION_LOG_ROOT"  # the folder every log must be inside (app setting)
# adr-tools pads numbers to four digits and goes on with five: 0001 ... 9999, 10000.
RECORD_NAME = re.compile(r"^(\d{4}|[1-9]\d{4,})-([a-z0-9-]+)\.md$")
# Any numbered Markdown file takes its number, whoever wrote it.
NUMBERED = re.compile(r"^(\d+)-.*\.md$")
MAX_SLUG = 60
MAX_ATTEMPTS = 50
HEAD_BYTES = 64_000  # a record's head (title, metadata, status) is read from its start
# Front matter keys of the old layout that name people, and the decision's fields for them.
MADR_LISTS = {
    "decision-makers": "decision_makers",
    "consulted": "consulted",
    "informed": "informed",
}


@dataclass(frozen=True)
class LoggedRecord:
    number: int
    path: Path
    title: str  # plain words, without the number
    status: str  # "proposed", "accepted", ..., "superseded"; "unknown" when unreadable
    date: str
    links: tuple[tuple[str, str], ...] = ()  # (SUPERSEDES or SUPERSEDED_BY, file name)
    layout: str = CURRENT  # FRONT_MATTER: written before the ADR-tool layout
    problem: str = ""  # why the file could not be read

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def adr_title(self) -> str:
        """The title as adr-tools reads it from the first line: "3. Title"."""
        return f"{self.number}. {self.title}"

    @property
    def superseded_by(self) -> str:
        return next((name for kind, name in self.links if kind == SUPERSEDED_BY), "")

    @property
    def supersedes(self) -> tuple[str, ...]:
        return tuple(name for kind, name in self.links if kind == SUPERSEDES)

    @property
    def status_words(self) -> str:
        """The status with the records it links to by number: "superseded by 0004",
        "accepted · supersedes 0001, 0002"."""
        if self.superseded_by:
            words = f"superseded by {_number_of(self.superseded_by)}"
        else:
            words = self.status
        if self.supersedes:
            words += " · supersedes " + ", ".join(_number_of(n) for n in self.supersedes)
        return words


@dataclass(frozen=True)
class DecisionLog:
    records: tuple[LoggedRecord, ...]
    problems: tuple[str, ...] = ()  # entries that could not be read, each named

    @property
    def old_layout(self) -> tuple[LoggedRecord, ...]:
        """Records in the front-matter layout, which the ADR tools cannot read."""
        return tuple(r for r in self.records if r.layout == FRONT_MATTER)


def slug(title: str, fallback: str = "decision") -> str:
    """Lower-case ASCII letters, digits and single hyphens; never empty, never a path."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return words[:MAX_SLUG].rstrip("-") or fallback


def resolve_log_folder(text: str, root: Path) -> Path:
    """The folder a user typed, inside `root`: a browser user may choose any folder below the
    root the app was given, and none outside it (no absolute path elsewhere, no `..`, no
    symbolic link that leads out). ValueError says what is allowed, or what is wrong with the
    path (a symbolic-link loop)."""
    typed = text.strip() or DEFAULT_FOLDER
    try:
        root = root.resolve()
        folder = (root / typed).resolve()
    except (RuntimeError, OSError) as error:  # Python 3.11 raises RuntimeError on a loop
        reason = getattr(error, "strerror", None) or "a symbolic link there leads in a loop"
        raise ValueError(f"the path {typed} cannot be followed: {reason.lower()}") from None
    if folder != root and root not in folder.parents:
        raise ValueError(
            f"the folder must be inside {root}; write a path relative to it, such as "
            f"{DEFAULT_FOLDER}, or start the app with {LOG_ROOT_VARIABLE} set to another folder"
        )
    return folder


# --- reading the log ------------------------------------------------------------------------------


def read_log(folder: str | Path) -> DecisionLog:
    """The numbered records of `folder` in number order, and a line for each entry that could
    not be read (a symbolic-link loop, a file without permission). OSError when the folder
    itself cannot be read."""
    folder = Path(folder)
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return DecisionLog(())
    found, problems = [], []
    for entry in entries:
        match = RECORD_NAME.match(entry.name)
        if not match:
            continue
        try:
            if not entry.is_file():
                if entry.is_symlink() and not os.path.exists(entry.path):
                    problems.append(f"{entry.name} is a symbolic link to nothing")
                continue  # else a folder named like a record
        except OSError as error:
            problems.append(f"{entry.name} cannot be opened: {_reason(error)}")
            continue
        record = describe(int(match.group(1)), Path(entry.path))
        if record.problem:
            problems.append(record.problem)
        found.append(record)
    problems += _index_problems(folder)
    return DecisionLog(tuple(sorted(found, key=lambda r: r.number)), tuple(problems))


def list_records(folder: str | Path) -> tuple[LoggedRecord, ...]:
    return read_log(folder).records


def open_record(record: LoggedRecord) -> str:
    return record.path.read_text(encoding="utf-8")


def describe(number: int, path: Path) -> LoggedRecord:
    """A record as the listing shows it, read from its head; a file that is not a record is
    still listed by its name, so it can be found and fixed."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError as error:
        problem = f"{path.name} cannot be read: {_reason(error)}"
        return LoggedRecord(number, path, path.stem, "unknown", "", problem=problem)
    lines = text_lines(head)
    start = layout_of(lines)
    try:
        if start is not None and start[0] == CURRENT:
            read = read_head(lines)
            links = tuple((kind, name) for kind, name, _ in read.links)
            return LoggedRecord(number, path, read.title, read.status, read.date, links)
        if start is not None:
            return _describe_front_matter(number, path, lines, start[1])
    except ValueError:
        pass
    return LoggedRecord(number, path, path.stem, "unknown", "")


def _describe_front_matter(
    number: int, path: Path, lines: list[str], title_at: int
) -> LoggedRecord:
    front = _front_matter(lines, title_at)
    status, _, superseded_by = str(front.get("status", "unknown")).partition(" by ")
    links = tuple((SUPERSEDES, str(name)) for name in _names(front.get("supersedes")))
    if superseded_by:
        links += ((SUPERSEDED_BY, superseded_by.strip()),)
    title = plain_text(lines[title_at][2:].strip()) or path.stem
    date = _date_text(front.get("date", ""))
    return LoggedRecord(number, path, title, status.strip(), date, links, FRONT_MATTER)


# --- saving ---------------------------------------------------------------------------------------


def save_record(folder: str | Path, content: RecordContent) -> LoggedRecord:
    """Save the record as the next number, with that number in its title line and the titles
    of the records it links to; never replaces an existing file. The index is updated; if it
    cannot be written the record is taken back, so a failed save leaves nothing."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    titles = _link_titles(folder, tuple(name for _, name in content.status.links))
    # Rendered once, outside the lock: only the title line carries the number.
    rest = render_markdown(content, None, titles).split("\n", 1)[1]
    with _locked(folder):
        number = _next_number(folder)
        for _ in range(MAX_ATTEMPTS):
            target = folder / f"{number:04d}-{slug(content.title)}.md"
            if _create(target, f"{title_line(content.title, number)}\n{rest}"):
                break
            number += 1  # a file another tool wrote meanwhile: never replaced
        else:
            raise OSError(f"no free record number in {folder} after {MAX_ATTEMPTS} attempts")
        try:
            update_index(folder)
        except OSError:
            target.unlink(missing_ok=True)
            raise
    return describe(number, target)


def _next_number(folder: Path) -> int:
    """One more than the highest number any numbered Markdown file in the folder carries."""
    numbers = [int(m.group(1)) for entry in os.scandir(folder) if (m := NUMBERED.match(entry.name))]
    return max(numbers, default=0) + 1


def _create(target: Path, text: str) -> bool:
    """Write `text` to `target` unless it exists (False then); all or nothing."""
    temporary = target.with_name(f".incoming-{os.getpid()}-{uuid.uuid4().hex}.tmp")
    try:
        _write_new(temporary, text)
        try:
            os.link(temporary, target)  # atomic, and refuses to replace an existing file
        except FileExistsError:
            return False
        return True
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()


def _write_new(path: Path, text: str) -> None:
    data = memoryview(text.encode("utf-8"))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        while data:
            data = data[os.write(descriptor, data) :]
    finally:
        os.close(descriptor)


def _replace(path: Path, text: str) -> None:
    """Rewrite an existing regular file atomically; a symbolic link is refused, not replaced."""
    if path.is_symlink():
        raise ValueError(f"{path.name} is a symbolic link: the studio rewrites only plain files")
    temporary = path.with_name(f".incoming-{os.getpid()}-{uuid.uuid4().hex}.tmp")
    try:
        _write_new(temporary, text)
        os.replace(temporary, path)
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: one saver at a time, across threads and processes."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


# --- the index ------------------------------------------------------------------------------------


def update_index(folder: Path) -> bool:
    """Bring `index.md` up to date (created from the studio's template when missing). False
    when it is left alone: it is not a plain UTF-8 file, or adr-log would refuse it too (see
    read_log's problems)."""
    path = folder / INDEX_NAME
    existing = None
    if path.exists() or path.is_symlink():
        if path.is_symlink() or not path.is_file():
            return False
        try:
            existing = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return False
    try:
        text = index_text(existing, folder)
    except ValueError:
        return False
    if text != existing:
        _replace(path, text)
    return True


def _index_problems(folder: Path) -> list[str]:
    path = folder / INDEX_NAME
    if not (path.exists() or path.is_symlink()):
        return []
    if path.is_symlink() or not path.is_file():
        return [f"{INDEX_NAME} is not a plain file; the studio leaves it alone"]
    try:
        problem = index_problem(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [f"{INDEX_NAME} is not UTF-8 text; the studio leaves it alone"]
    except OSError as error:
        return [f"{INDEX_NAME} cannot be read: {_reason(error)}"]
    return [problem] if problem else []


# --- superseding and rewriting old records -------------------------------------------------------


def supersede(old: LoggedRecord, new: LoggedRecord) -> tuple[LoggedRecord, LoggedRecord]:
    """Mark `old` superseded by `new`, and add `old` to the records `new` supersedes (it keeps
    the ones it already named): both Status sections carry adr-tools' links, and both
    scenarios say so. A record in the front-matter layout is rewritten in the current one on
    the way (keeping every field)."""
    problem = supersede_problem(old, new)
    if problem:
        raise ValueError(problem)
    folder = old.path.parent
    with _locked(folder):
        old_text, new_text = open_record(old), open_record(new)
        titles = {record.name: record.adr_title for record in read_log(folder).records}
        old_text = _with_decision(
            old_text,
            old.number,
            titles,
            lambda _: {"status": "superseded", "superseded_by": new.name},
        )
        new_text = _with_decision(
            new_text,
            new.number,
            titles,
            lambda decision: {"supersedes": list(dict.fromkeys((*decision.supersedes, old.name)))},
        )
        _replace(old.path, old_text)
        _replace(new.path, new_text)
        update_index(folder)
    return describe(old.number, old.path), describe(new.number, new.path)


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


def upgrade_records(folder: str | Path) -> tuple[tuple[LoggedRecord, ...], tuple[str, ...]]:
    """Rewrite every record of the folder that is in the front-matter layout in the current
    one, keeping every field (see upgraded_text), and update the index. Returns the records
    rewritten and one line for each that could not be (it is left as it was)."""
    folder = Path(folder)
    done, problems = [], []
    with _locked(folder):
        log = read_log(folder)
        titles = {record.name: record.adr_title for record in log.records}
        for record in log.old_layout:
            try:
                text = upgraded_text(open_record(record), record.number, titles, record.name)
                _replace(record.path, text)
            except (OSError, ValueError) as error:
                problems.append(f"{record.name} was left as it was: {_reason(error)}")
                continue
            done.append(describe(record.number, record.path))
        if done:
            update_index(folder)
    return tuple(done), tuple(problems)


def upgraded_text(text: str, number: int | None, titles: dict[str, str], source: str = "") -> str:
    """A record in the front-matter layout, in the current one.

    The front matter is what its reader saw, so its MADR fields (status, date, decision-makers,
    consulted, informed, supersedes) become the decision's, in the new head and in the
    scenario the record carries; any other key stays in the metadata list. Everything from the
    title to the scenario is kept line for line.
    """
    record = _record_or_error(text, source)
    if record.layout == CURRENT:
        return text
    front = _front_matter(list(record.lines), record.title_at, source)
    scenario = parse_scenario(text, source)
    data = scenario_to_dict(scenario)
    extra: list[tuple[str, object]] = []
    for key, value in front.items():
        if key == "status":
            status, _, superseded_by = str(value).partition(" by ")
            data["decision"]["status"] = status.strip()
            if superseded_by.strip():
                data["decision"]["superseded_by"] = superseded_by.strip()
        elif key == "date":
            data["decision"]["date"] = _date_text(value)
        elif key in MADR_LISTS:
            data["decision"][MADR_LISTS[key]] = [str(item) for item in _names(value)]
        elif key == "supersedes":
            data["decision"]["supersedes"] = [str(item) for item in _names(value)]
        else:
            extra.append((str(key), value))
    updated = scenario_from_dict(data, source)
    decision = updated.decision
    head = record_head(
        plain_text(record.lines[record.title_at][2:].strip()),
        record_metadata(decision, decision.date or ""),
        record_status(decision),
        number,
        titles,
        extra,
    )
    body = list(record.lines[record.title_at + 1 : record.begin_at])
    while body and not body[0].strip():
        body.pop(0)
    block = _scenario_lines(record, scenario, updated)
    return "\n".join([head, "", *body, *block]) + "\n"


def _with_decision(
    text: str,
    number: int,
    titles: dict[str, str],
    changes: Callable[[Decision], dict[str, object]],
) -> str:
    """The record (in the current layout) with its decision updated by the fields `changes`
    returns: its Status section and its scenario rewritten, every other line kept."""
    record = _record_or_error(text)
    if record.layout == FRONT_MATTER:
        text = upgraded_text(text, number, titles)
        record = _record_or_error(text)
    scenario = parse_scenario(text)
    data = scenario_to_dict(scenario)
    data["decision"].update(changes(scenario.decision))
    updated = scenario_from_dict(data)
    lines = list(record.lines)
    if STATUS_HEADING not in lines[: record.begin_at]:
        raise ValueError(f"the record has no {STATUS_HEADING} section to carry the link")
    start = lines.index(STATUS_HEADING)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("#"))
    known = {name: title for _, name, title in read_head(lines).links}
    section = status_section(record_status(updated.decision), {**known, **titles})
    lines[start:end] = [*section.split("\n"), ""]
    shift = len(section.split("\n")) + 1 - (end - start)
    begin, finish = record.begin_at + shift, record.end_at + shift
    lines[begin : finish + 1] = render_block(scenario_block(updated)).split("\n")
    return "\n".join(lines).rstrip("\n") + "\n"


def _scenario_lines(record: RecordFile, before: Scenario, after: Scenario) -> list[str]:
    """The record's scenario block: kept as written when the scenario is unchanged."""
    if before == after:
        return list(record.lines[record.begin_at : record.end_at + 1])
    return render_block(scenario_block(after)).split("\n")


def _record_or_error(text: str, source: str = "") -> RecordFile:
    record = split_record(text, source)
    if record is None:
        raise ScenarioError(["this file is not a decision record"], source)
    return record


def _front_matter(lines: list[str], title_at: int, source: str = "") -> dict:
    closing = max(i for i in range(1, title_at) if lines[i] == "---")
    front = parse_yaml("\n".join(lines[1:closing]), source) or {}
    if not isinstance(front, dict):
        raise ScenarioError(["the record's front matter is not a mapping"], source)
    return front


def _link_titles(folder: Path, names: tuple[str, ...]) -> dict[str, str]:
    """The adr-tools titles ("3. Title") of the records named, where they are in the folder."""
    titles = {}
    for name in names:
        match = RECORD_NAME.match(name)
        path = folder / name
        if match and path.is_file():
            titles[name] = describe(int(match.group(1)), path).adr_title
    return titles


def _names(value: object) -> list[object]:
    # Records written before a record could supersede several name one file as text.
    if isinstance(value, str):
        return [value] if value.strip() else []
    return list(value) if isinstance(value, list | tuple) else []


def _date_text(value: object) -> str:
    return value.isoformat()[:10] if isinstance(value, dt.date) else str(value or "")


def _number_of(name: str) -> str:
    match = NUMBERED.match(name)
    return match.group(1) if match else name


def _reason(error: Exception) -> str:
    if isinstance(error, ScenarioError):
        return "; ".join(error.problems)
    if isinstance(error, OSError):
        if error.errno == errno.ELOOP:
            return "a symbolic link there leads in a loop"
        return (error.strerror or str(error)).lower() if error.strerror else str(error)
    return str(error)
