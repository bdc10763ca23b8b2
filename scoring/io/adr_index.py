"""The decision log's index as adr-log 2.2.0 writes it, so running `adr-log -d . -i` in the
folder afterwards changes nothing.

This follows adr-log's own code (cli.js, index.js, lib/insert.js, and gray-matter 2.1 for front
matter) step by step, quirks included:

- the files are those of the glob `**/*.md` (glob 7: no names starting with a dot; a symbolic
  link to a folder is entered one level, never deeper), except `index.md`, sorted with
  JavaScript's `localeCompare(b, 'en')`;
- an entry reads `* [ADR-<index>](<path>) - <title>`: the index is the leading run of digits,
  hyphens, underscores and slashes of the file name that ends in a digit (`0001-2fa.md` gives
  `0001-2`), else the front matter's `index` or `date`, else a counter; the title is the first
  line after any front matter minus its first two characters, without a leading `12. `;
- the list replaces what stands between `<!-- adrlog -->` and `<!-- adrlogstop -->`, the text
  around it trimmed and joined with blank lines.

Where adr-log would stop with an error (a `*.md` that is a folder, a dangling link, front matter
it cannot parse) this module skips the file instead. Collation is exact for ASCII names (every
record name the studio writes); other characters sort after them by code point.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import yaml

INDEX_NAME = "index.md"
OPEN_MARKER, CLOSE_MARKER = "<!-- adrlog -->", "<!-- adrlogstop -->"
# What JavaScript's String.prototype.trim and `\s` take for white space.
_JS_SPACE = " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # noqa: E501
_JS_DOT = "[^\n\r\u2028\u2029]"  # what JavaScript's `.` matches
_MARKER = re.compile(f"<!-- adrlog(?:[{_JS_SPACE}]*stop)? {_JS_DOT}*-->")
_OPEN = re.compile(f"<!-- adrlog {_JS_DOT}*-->")
_CLOSE = re.compile(f"<!-- adrlogstop {_JS_DOT}*-->")
_INDEX_IN_NAME = re.compile(r"[0-9\-_\\/]*[0-9]")
_NUMBER_PREFIX = re.compile(r"[0-9]+\. ")
# ICU's root collation of printable ASCII (what Node's localeCompare(b, 'en') uses), first
# level: spaces and punctuation before digits before letters, letters without case. Read off
# Node 20 (ICU 78): [...chars].sort((a, b) => a.localeCompare(b, 'en')).
_PRIMARY_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"
_PRIMARY = {char: rank for rank, char in enumerate(_PRIMARY_ORDER)}

TEMPLATE = f"""# Decision log

The architecture decision records of this folder. The list below is kept by the decision
studio each time it saves a record, in the form
[adr-log](https://github.com/adr/adr-log) writes it (`adr-log -d . -i` in this folder gives
the same list), so either tool can keep it current.

{OPEN_MARKER}

{CLOSE_MARKER}

Each record starts with its number and title (`# 3. Title`), where adr-tools (`adr list`,
`adr generate toc`) and adr-log read them; see the studio's docs/decision-log.md.
"""


def adr_log_list(folder: Path, newline: str = "\n") -> str:
    """The list adr-log puts between its markers for the Markdown files of `folder`, its lines
    ended by the index file's `newline`."""
    counter = [1]
    entries = []
    for relative in sorted(_markdown_files(folder), key=_collation_key):
        if relative == INDEX_NAME:
            continue
        try:
            data = (folder / relative).read_bytes()
        except OSError:
            continue  # adr-log would stop here; the index lists what can be read
        front: object = {}
        if data.startswith(b"---"):
            try:
                front, content = _gray_matter(data.decode("utf-8", errors="replace"))
            except (ValueError, yaml.YAMLError):
                continue
            first_line = content.split(_newline_of(content))[0]
        else:  # the same as splitting the decoded text, without decoding all of it
            ends = _newline_of(_line_ends(data)).encode()
            first_line = data.split(ends, 1)[0].decode("utf-8", errors="replace")
        index = _index_of(relative.rsplit("/", 1)[-1], front, counter)
        title = _NUMBER_PREFIX.sub("", _after_two_code_units(first_line), count=1)
        entries.append(f"* [ADR-{_js_trim(index)}]({relative}) - {title}{newline}")
    return _js_trim("".join(entries))


def index_text(existing: str | None, folder: Path) -> str:
    """The index file's new text: `existing` (or the studio's template) with the list in
    place, exactly as adr-log's insertAdrToc would make it. ValueError when `existing` holds
    two lists, which adr-log refuses too."""
    text = TEMPLATE if existing is None else existing
    if problem := index_problem(text):
        raise ValueError(problem)
    newline = _newline_of(text)
    trailing = re.search(f"(?:{re.escape(newline)})+\\Z", text)
    newlines = trailing.group() if trailing else ""
    sections = [_js_trim(part) for part in _MARKER.split(text)]
    start, end = _OPEN.search(text), _CLOSE.search(text)
    opening = (start.group() if start else OPEN_MARKER) + newline + newline
    closing = end.group() if end else CLOSE_MARKER
    listing = adr_log_list(folder, newline)
    if len(sections) == 3:
        sections[1:2] = [opening + listing, closing]
    elif len(sections) == 2:
        sections.insert(1, opening + listing + newline + newline + closing)
    return (newline + newline).join(sections) + newlines


def index_problem(text: str) -> str:
    """Why the studio leaves an index file alone ("" when it updates it)."""
    if text.startswith("---"):
        return (
            f"{INDEX_NAME} starts with front matter, which adr-log would rewrite in its own "
            "way; the studio leaves it alone"
        )
    if len(_MARKER.findall(text)) > 2:
        return (
            f"{INDEX_NAME} holds more than one list between adrlog markers, which adr-log "
            "refuses too; the studio leaves it alone"
        )
    return ""


def _line_ends(data: bytes) -> str:
    """The kinds of line end in `data`, as text for _newline_of (which looks at the whole)."""
    return "".join(end for end in ("\r\n", "\n", "\r") if end.encode() in data)


def _markdown_files(folder: Path) -> list[str]:
    """The paths, relative to `folder`, that glob 7 finds for `**/*.md` there."""
    found: list[str] = []

    def visit(directory: Path, prefix: str, descend: bool) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
                is_link = entry.is_symlink()
            except OSError:
                continue
            if is_dir:
                if descend:
                    # glob enters a linked folder but does not walk on from it
                    visit(Path(entry.path), f"{prefix}{entry.name}/", descend=not is_link)
            elif entry.name.endswith(".md"):
                try:
                    if entry.is_file():
                        found.append(f"{prefix}{entry.name}")
                except OSError:
                    continue

    visit(folder, "", descend=True)
    return found


def _collation_key(name: str) -> tuple:
    primary = tuple(_PRIMARY.get(char.lower(), len(_PRIMARY) + ord(char)) for char in name)
    tertiary = tuple(1 if char.isupper() else 0 for char in name)
    return primary, tertiary


def _gray_matter(text: str) -> tuple[object, str]:
    """gray-matter 2.1's split of front matter and content, for text starting with `---`."""
    text = text.removeprefix("\ufeff")
    if text[4:5] in ("", "-"):  # gray-matter: "a.indexOf(str.charAt(alen + 1)) !== -1"
        return {}, text
    end = text.find("\n---", 4)
    if end == -1:
        end = len(text)
    newline_at = text.find("\n")
    language = text[3:newline_at] if newline_at != -1 else text[3:-1]
    raw = _js_trim(text[3 + len(language) : end])
    data = yaml.safe_load(raw) if raw else {}
    content = text[end + 4 :]
    if content.startswith("\n"):
        content = content[1:]
    elif content.startswith("\r\n"):
        content = content[2:]
    return (data if data is not None else {}), content


def _index_of(base_name: str, data: object, counter: list[int]) -> str:
    if match := _INDEX_IN_NAME.match(base_name):
        return match.group()
    if isinstance(data, dict):
        if data.get("index"):
            return _js_string(data["index"])
        date = data.get("date")
        if date:
            if isinstance(date, dt.date):
                return date.strftime("%Y-%m-%d")
            return _js_string(date)
    counter[0] += 1
    return str(counter[0] - 1)


def _js_string(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join(_js_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _newline_of(text: str) -> str:
    if "\r\n" in text:
        return "\r\n"
    if "\n" in text:
        return "\n"
    if "\r" in text:
        return "\r"
    return "\n"


def _after_two_code_units(line: str) -> str:
    """JavaScript's line.substr(2), which counts UTF-16 code units; a half character left at
    the start is written as U+FFFD, as Node does."""
    units = line.encode("utf-16-le", errors="surrogatepass")[4:]
    rest = units.decode("utf-16-le", errors="surrogatepass")
    return re.sub("[\ud800-\udfff]", "\ufffd", rest)


def _js_trim(text: str) -> str:
    return text.strip(_JS_SPACE)
