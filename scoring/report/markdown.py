"""Render record blocks as GitHub-flavoured Markdown.

Text is escaped so that it shows literally: HTML becomes entities, the characters that make
links, emphasis, code, maths or table cells are backslash-escaped, and a bare URL or e-mail
address is kept from becoming a link (see `unlinked`).

The record's head is laid out for the ADR tools (docs/decision-log.md): the title on the first
line (`# 3. Title` once the record has a number in a log), MADR's metadata as a list, then
adr-tools' Status section with the links between records in the form `adr new -s` writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from scoring.model.vocabulary import STATUS_LABELS
from scoring.report.blocks import Block, Bullets, Chart, Code, Heading, Paragraph, Table
from scoring.report.record import (
    LISTED_METADATA,
    METADATA_LABELS,
    RecordContent,
    RecordStatus,
)

# `$` too: GitHub renders text between two dollar signs as maths, so "$x$ cost" or two amounts
# in one sentence ("-$11,875 / +$11,875") would lose their dollars; `\$` shows a plain `$`.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]{}|#!$])")
# Underscores inside words never make emphasis in GFM, so snake_case stays readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY_AMPERSAND = re.compile(r"&(?=#?\w+;)")
# The characters at which GFM renderers start a link in bare text (GitHub's cmark-gfm, and
# remark-gfm behind Streamlit): the ":" of "https://", the "." of "www." and the "@" of an
# e-mail address (of a mention on GitHub too). Each output breaks them in its own way.
AUTOLINK_STARTS = re.compile(
    r"(?i)(?<=[a-z0-9])(?P<scheme>:)(?=//)|(?<=www)(?P<www>\.)|(?P<at>@)(?=[\w.+-])"
)
WORD_JOINER = "\u2060"  # invisible, and not a character a link may contain
_ESCAPED_CHARACTER = re.compile(r"\\(.)")
# adr-log drops a leading "12. " from every title (it takes it for the number adr-tools writes),
# so a title of the user's own that starts so keeps it escaped: "2026\. Plan".
_LEADING_NUMBER = re.compile(r"^(\d+)\. ")
# A linked record's file name: nothing that could end the link or leave the folder.
LINKABLE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.md")
STATUS_HEADING = "## Status"
EMPTY_LIST = "-"


def text(value: str) -> str:
    """Inline text that renders literally, on one line."""
    escaped = _ENTITY_AMPERSAND.sub("&amp;", value)
    escaped = escaped.replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    escaped = _EDGE_UNDERSCORE.sub(r"\\_", escaped)
    if escaped.count("~") >= 2:  # a pair of tildes would strike text through
        escaped = escaped.replace("~", r"\~")
    return unlinked(" ".join(escaped.split()))


def unlinked(escaped: str) -> str:
    """Escaped text in which no bare URL or e-mail address becomes a link on GitHub.

    cmark-gfm starts a URL at an unescaped "://" or "www.", so `https\\://` and `www\\.` show
    the same characters and link nothing. It finds e-mail addresses after escapes are resolved,
    so there an invisible word joiner follows the "@"."""
    return AUTOLINK_STARTS.sub(
        lambda mark: "@" + WORD_JOINER if mark.lastgroup == "at" else "\\" + mark.group(),
        escaped,
    )


def plain_text(markdown: str) -> str:
    """The words `text()` escaped, as a reader sees them: text(plain_text(text(x))) == text(x).
    An invisible word joiner after "@" (which keeps an address from becoming a link) goes too."""
    unescaped = _ESCAPED_CHARACTER.sub(r"\1", markdown).replace("@\u2060", "@")
    unescaped = unescaped.replace("&lt;", "<").replace("&gt;", ">")
    return unescaped.replace("&amp;", "&")


def title_line(title: str, number: int | None = None) -> str:
    """`# 3. Title` as adr-tools writes it, or `# Title` for a record not in a log yet."""
    escaped = _LEADING_NUMBER.sub(r"\1\\. ", text(title))
    return f"# {number}. {escaped}" if number is not None else f"# {escaped}"


def record_head(
    title: str,
    metadata: Mapping[str, object],
    status: RecordStatus,
    number: int | None = None,
    link_titles: Mapping[str, str] | None = None,
    extra: Sequence[tuple[str, object]] = (),
) -> str:
    """Title line, metadata list and Status section, each separated by a blank line.

    `link_titles` gives the title of a linked record by its file name ("2. Move to the cloud",
    as adr-tools reads it from that record's first line); a record not found there is named by
    its file name. `extra` items follow MADR's in the list (metadata of the user's own).
    """
    items = "\n".join(
        [
            *(
                f"* {METADATA_LABELS[key]}: {_metadata_value(metadata.get(key, ''))}"
                for key in LISTED_METADATA
            ),
            *(f"* {text(label)}: {_metadata_value(value)}" for label, value in extra),
        ]
    )
    return "\n\n".join(
        (title_line(title, number), items, status_section(status, link_titles or {}))
    )


def status_section(status: RecordStatus, link_titles: Mapping[str, str]) -> str:
    """adr-tools' Status section: the status word (which `adr new -s` replaces by the link to
    the newer record), then one paragraph per link."""
    paragraphs = [] if status.superseded_by else [STATUS_LABELS.get(status.status, status.status)]
    paragraphs += [
        link_line(kind, name, link_titles.get(name, name)) for kind, name in status.links
    ]
    return "\n\n".join((STATUS_HEADING, *paragraphs))


def link_line(kind: str, file_name: str, title: str) -> str:
    """`Supersedes [1. Title](0001-title.md)`; a name that is not a record's file name stays
    text, so no typed name can become a link elsewhere."""
    if LINKABLE_FILE.fullmatch(file_name) and ".." not in file_name:
        return f"{kind} [{text(title)}]({file_name})"
    return f"{kind} {text(file_name)}"


def fenced(code: str, language: str) -> str:
    """A fenced code block whose fence is longer than any run of backticks in `code`."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def render_markdown(
    content: RecordContent,
    number: int | None = None,
    link_titles: Mapping[str, str] | None = None,
) -> str:
    """The record as Markdown; `number` once it is saved in a log (see record_head)."""
    head = record_head(content.title, content.metadata, content.status, number, link_titles)
    parts = [head]
    parts += [rendered for block in content.blocks if (rendered := render_block(block))]
    return "\n\n".join(parts) + "\n"


def render_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {text(block.text)}"
    if isinstance(block, Paragraph):
        lead = f"**{text(block.lead)}** " if block.lead else ""
        return lead + text(block.text)
    if isinstance(block, Bullets):
        leads = block.lead or ("",) * len(block.items)
        return "\n".join(
            f"* {f'**{text(lead)}** ' if lead else ''}{text(item)}"
            for lead, item in zip(leads, block.items, strict=True)
        )
    if isinstance(block, Table):
        header = "| " + " | ".join(text(h) for h in block.header) + " |"
        rule = (
            "|"
            + "|".join(
                "---:" if i in block.align_right else "---" for i in range(len(block.header))
            )
            + "|"
        )
        rows = ["| " + " | ".join(text(cell) for cell in row) + " |" for row in block.rows]
        return "\n".join([header, rule, *rows])
    if isinstance(block, Chart):
        if not block.mermaid:  # an interactive chart of the HTML report; Markdown has the table
            return ""
        return f"```mermaid\n{block.mermaid}\n```\n\n*{text(block.caption)}*"
    if isinstance(block, Code):
        body = fenced(block.text, block.language)
        if block.begin_marker:
            body = f"{block.begin_marker}\n{body}\n{block.end_marker}"
        return body
    raise TypeError(f"unknown block {block!r}")


def _metadata_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(text(str(item)) for item in value) or EMPTY_LIST
    return text(str(value)) or EMPTY_LIST
