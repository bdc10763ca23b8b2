"""A tiny document model shared by the Markdown record and the HTML report.

The record's content is written once as blocks; each renderer decides how a block looks. All
text in blocks is plain text: the renderers escape it, so a user's name or note can never turn
into markup, a link or a script.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # shown in bold before the text, e.g. "Chosen option:"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    lead: tuple[str, ...] = ()  # optional bold prefix per item ("Good, because")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align_right: tuple[int, ...] = ()  # column indexes with numbers


@dataclass(frozen=True)
class Diagram:
    """Boxes and arrows: an inside (the site), an outside (the cloud) and what crosses."""

    inside_title: str
    inside: tuple[tuple[str, tuple[str, ...]], ...]  # (node id, lines of text)
    outside_title: str
    outside: tuple[tuple[str, tuple[str, ...]], ...]
    arrows: tuple[tuple[str, str, str], ...]  # (from id, to id, label)


@dataclass(frozen=True)
class Chart:
    """A picture: Mermaid in Markdown (if any), an interactive chart or a diagram in HTML."""

    kind: str  # cumulative_cost | architecture | criteria | latency
    mermaid: str  # the Markdown rendering; empty for HTML-only charts
    caption: str
    diagram: Diagram | None = None


@dataclass(frozen=True)
class Code:
    language: str
    text: str
    begin_marker: str = ""  # HTML comments around the block (the record's scenario)
    end_marker: str = ""


Block = Heading | Paragraph | Bullets | Table | Chart | Code
