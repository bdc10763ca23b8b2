"""Render record blocks as GitHub-flavoured Markdown.

Text is escaped so that it shows literally: HTML becomes entities, and the characters that make
links, emphasis, code or table cells are backslash-escaped.
"""

from __future__ import annotations

import re

import yaml

from scoring.blocks import Block, Bullets, Chart, Code, Heading, Paragraph, Table
from scoring.record import RecordContent

_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]{}|#!])")
# Underscores inside words never make emphasis in GFM, so snake_case stays readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY_AMPERSAND = re.compile(r"&(?=#?\w+;)")


def text(value: str) -> str:
    """Inline text that renders literally, on one line."""
    escaped = _ENTITY_AMPERSAND.sub("&amp;", value)
    escaped = escaped.replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    escaped = _EDGE_UNDERSCORE.sub(r"\\_", escaped)
    if escaped.count("~") >= 2:  # a pair of tildes would strike text through
        escaped = escaped.replace("~", r"\~")
    return " ".join(escaped.split())


def render_markdown(content: RecordContent) -> str:
    front = yaml.safe_dump(
        content.front_matter, sort_keys=False, allow_unicode=True, default_flow_style=None
    ).strip()
    parts = [f"---\n{front}\n---", f"# {text(content.title)}"]
    parts += [rendered for block in content.blocks if (rendered := _block(block))]
    return "\n\n".join(parts) + "\n"


def _block(block: Block) -> str:
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
        longest = max((len(run) for run in re.findall(r"`+", block.text)), default=0)
        fence = "`" * max(3, longest + 1)
        body = f"{fence}{block.language}\n{block.text}\n{fence}"
        if block.begin_marker:
            body = f"{block.begin_marker}\n{body}\n{block.end_marker}"
        return body
    raise TypeError(f"unknown block {block!r}")
