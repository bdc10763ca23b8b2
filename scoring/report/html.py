"""The decision record as one self-contained HTML file with interactive charts.

plotly.js is embedded once (about 4.7 MB), so the file opens offline: no CDN, no fonts, no
request leaves the machine. All text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import plotly.io as pio

from scoring.engine.evaluate import Evaluation
from scoring.report import charts
from scoring.report.blocks import Block, Bullets, Chart, Code, Diagram, Heading, Paragraph, Table
from scoring.report.record import METADATA_LABELS, RecordContent, interactive_caption

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937;
       max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #e5e7eb; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #e5e7eb; padding: 0.3rem 0.6rem; vertical-align: top; }
th { background: #f4f6fa; text-align: left; } td.num { text-align: right; }
.front { background: #f4f6fa; padding: 0.6rem 1rem; border-radius: 6px; }
.caption { color: #6b7280; font-style: italic; font-size: 0.9rem; }
pre { background: #f8fafc; border: 1px solid #e5e7eb; padding: 0.8rem; overflow-x: auto; }
.diagram { display: flex; gap: 1.5rem; align-items: stretch; flex-wrap: wrap; }
.zone { border: 2px dashed #94a3b8; border-radius: 8px; padding: 0.8rem; min-width: 16rem; }
.zone h4 { margin: 0 0 0.5rem 0; } .box { border: 1px solid #0f766e; border-radius: 6px;
       padding: 0.4rem 0.6rem; margin: 0.4rem 0; background: #f0fdfa; }
.arrows { list-style: none; padding: 0; } .arrows li::before { content: "\\2192  "; }
"""


def render_html(content: RecordContent, evaluation: Evaluation) -> str:
    figures = _figures(evaluation)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_esc(content.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_esc(content.title)}</h1>",
        _metadata(content.metadata),
    ]
    plotly_included = False
    for block in content.blocks:
        if isinstance(block, Chart) and block.kind in figures:
            include = not plotly_included
            plotly_included = True
            parts.append(
                pio.to_html(
                    figures[block.kind],
                    include_plotlyjs=include,
                    full_html=False,
                    config={"displaylogo": False, "responsive": True},
                )
            )
            parts.append(f'<p class="caption">{_esc(interactive_caption(block))}</p>')
        else:
            parts.append(_block(block))
    parts.append("</body></html>")
    return "\n".join(parts)


def _figures(evaluation: Evaluation) -> dict:
    return {kind: chart(evaluation) for kind, chart in charts.RECORD_CHARTS.items()}


def _metadata(metadata: Mapping[str, object]) -> str:
    rows = "".join(
        f"<tr><th>{_esc(METADATA_LABELS.get(key, key))}</th><td>{_esc(_value(value))}</td></tr>"
        for key, value in metadata.items()
    )
    return f'<table class="front">{rows}</table>'


def _value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(6, block.level)
        return f"<h{level}>{_esc(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        lead = f"<strong>{_esc(block.lead)}</strong> " if block.lead else ""
        return f"<p>{lead}{_esc(block.text)}</p>"
    if isinstance(block, Bullets):
        leads = block.lead or ("",) * len(block.items)
        items = "".join(
            f"<li>{f'<strong>{_esc(lead)}</strong> ' if lead else ''}{_esc(item)}</li>"
            for lead, item in zip(leads, block.items, strict=True)
        )
        return f"<ul>{items}</ul>"
    if isinstance(block, Table):
        head = "".join(f"<th>{_esc(h)}</th>" for h in block.header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="num">{_esc(c)}</td>'
                if i in block.align_right
                else f"<td>{_esc(c)}</td>"
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(block, Chart):
        if block.diagram is not None:
            return _diagram(block.diagram) + f'<p class="caption">{_esc(block.caption)}</p>'
        return ""
    if isinstance(block, Code):
        return f"<h3>Scenario</h3><pre><code>{_esc(block.text)}</code></pre>"
    raise TypeError(f"unknown block {block!r}")


def _diagram(diagram: Diagram) -> str:
    names = {name: lines[0] for name, lines in diagram.inside + diagram.outside}

    def boxes(nodes: tuple) -> str:
        return "".join(
            f'<div class="box">{"<br>".join(_esc(line) for line in lines)}</div>'
            for _, lines in nodes
        )

    inside = f'<div class="zone"><h4>{_esc(diagram.inside_title)}</h4>{boxes(diagram.inside)}</div>'
    outside = (
        f'<div class="zone"><h4>{_esc(diagram.outside_title)}</h4>{boxes(diagram.outside)}</div>'
    )
    arrows = "".join(
        f"<li>{_esc(names.get(a, a))} to {_esc(names.get(b, b))}"
        + (f": {_esc(label)}" if label else "")
        + "</li>"
        for a, b, label in diagram.arrows
    )
    return f'<div class="diagram">{inside}{outside}</div><ul class="arrows">{arrows}</ul>'


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
