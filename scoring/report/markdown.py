"""Render record blocks as GitHub-flavoured Markdown.

Text is escaped so that it shows literally: HTML becomes entities, and the characters that make
links, emphasis, code, maths or table cells are backslash-escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import yaml

from scoring.report.blocks import Block, Bullets, Chart, Code, Heading, Paragraph, Table
from scoring.report.record import RecordContent

# `$` too: GitHub renders text between two dollar signs as maths, so "$x$ cost" or two amounts
# in one sentence ("-$11,875 / +$11,875") would lose their dollars; `\$` shows a plain `$`.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]{}|#!$])")
# Underscores inside words never make emphasis in GFM, so snake_case stays readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY_AMPERSAND = re.compile(r"&(?=#?\w+;)")
# Written as \uXXXX in front matter: what makes a tag or a link, and what YAML would refuse or
# read as a line break (JSON already escapes the C0 controls).
_YAML_ESCAPED = re.compile("[<>\\[\\]\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """Inline text that renders literally, on one line."""
    escaped = _ENTITY_AMPERSAND.sub("&amp;", value)
    escaped = escaped.replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    escaped = _EDGE_UNDERSCORE.sub(r"\\_", escaped)
    if escaped.count("~") >= 2:  # a pair of tildes would strike text through
        escaped = escaped.replace("~", r"\~")
    return " ".join(escaped.split())


def front_matter(front: Mapping[str, object]) -> str:
    """The YAML front matter between `---` lines, one key a line.

    Texts are double-quoted with `<`, `>`, `[` and `]` written as `\\u003c`...: YAML reads them
    back as the same characters, while a renderer that does not know front matter (and shows it
    as a paragraph) never meets a raw tag or link, and a name quoting the scenario marker cannot
    be mistaken for it.
    """
    lines = [f"{key}: {_yaml_value(value)}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---"


def fenced(code: str, language: str) -> str:
    """A fenced code block whose fence is longer than any run of backticks in `code`."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def render_markdown(content: RecordContent) -> str:
    parts = [front_matter(content.front_matter), f"# {text(content.title)}"]
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


def _yaml_value(value: object) -> str:
    if isinstance(value, str):
        quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted
        return _YAML_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    return yaml.safe_dump(value, default_flow_style=True).removesuffix("\n...\n").strip()
