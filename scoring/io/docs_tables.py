"""Write the scoring rules into docs/how-it-works.md from the engine's constants.

    python -m scoring.io.docs_tables           rewrite the marked blocks
    python -m scoring.io.docs_tables --check   exit 1 when a block differs (as the tests do)

A block sits between `<!-- rules:NAME -->` and `<!-- /rules:NAME -->`; its text comes from
scoring.report.rule_tables.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from scoring.report.rule_tables import rule_blocks

DOC = Path(__file__).resolve().parents[2] / "docs" / "how-it-works.md"


class MissingBlockError(ValueError):
    """The document lacks the markers of a block."""


def with_rules(text: str, blocks: dict[str, str] | None = None) -> str:
    """`text` with every marked block replaced by its generated Markdown."""
    for name, body in (rule_blocks() if blocks is None else blocks).items():
        pattern = re.compile(
            rf"(<!-- rules:{re.escape(name)} -->\n).*?(\n<!-- /rules:{re.escape(name)} -->)",
            re.DOTALL,
        )
        match = pattern.search(text)
        if match is None:
            raise MissingBlockError(f"{DOC.name} has no block rules:{name}")
        start, end = match.span()
        text = f"{text[:start]}{match.group(1)}{body}{match.group(2)}{text[end:]}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring.io.docs_tables")
    parser.add_argument("--check", action="store_true", help="only report whether it is current")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    wanted = with_rules(current)
    if current == wanted:
        return 0
    if args.check:
        print(f"{DOC} is out of date: run python -m scoring.io.docs_tables", file=sys.stderr)
        return 1
    DOC.write_text(wanted, encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
