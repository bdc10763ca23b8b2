"""The decision record as one self-contained HTML file with interactive charts.

plotly.js is embedded once, so the file opens offline: no CDN, no fonts, no request leaves the
machine. It is the cartesian partial bundle (every trace type the record draws), gzipped and
base64-encoded (0.66 MB instead of the full bundle's 4.7 MB); the browser decompresses it with
DecompressionStream, then draws each chart from its figure JSON. All text is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
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

# scoring/report/vendor/README.md says where it comes from and how to update it.
PLOTLY_BUNDLE = Path(__file__).resolve().parent / "vendor" / "plotly-cartesian-4.1.1.min.js.gz"
PLOT_CONFIG = {"displaylogo": False, "responsive": True}
# Decompress plotly.js, run it, then draw every chart from its JSON. A browser without
# DecompressionStream (before 2023) says so in place of each chart.
LOADER = """
(async () => {
  const charts = document.querySelectorAll("script.record-chart");
  const say = (text) => charts.forEach((c) => {
    document.getElementById(c.dataset.target).textContent = text;
  });
  if (!("DecompressionStream" in window)) {
    say("This browser cannot unpack the charts (it needs DecompressionStream, 2023 or later).");
    return;
  }
  try {
    const packed = document.getElementById("plotly-js-gzip").textContent.trim();
    const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const script = document.createElement("script");
    script.textContent = await new Response(stream).text();
    document.head.appendChild(script);
    const config = PLOT_CONFIG;
    for (const c of charts) {
      const figure = JSON.parse(c.textContent);
      await Plotly.newPlot(c.dataset.target, figure.data, figure.layout, config);
    }
    document.body.dataset.chartsDrawn = String(charts.length);
  } catch (error) {
    say("The charts could not be drawn: " + error);
  }
})();
""".replace("PLOT_CONFIG", json.dumps(PLOT_CONFIG))


@cache
def plotly_bundle_base64() -> str:
    """The vendored plotly.js, gzipped, as base64 (read once per process)."""
    return base64.b64encode(PLOTLY_BUNDLE.read_bytes()).decode("ascii")


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
    drawn = 0
    for block in content.blocks:
        if isinstance(block, Chart) and block.kind in figures:
            drawn += 1
            parts.append(_chart(f"chart-{drawn}", figures[block.kind]))
            parts.append(f'<p class="caption">{_esc(interactive_caption(block))}</p>')
        else:
            parts.append(_block(block))
    if drawn:
        parts.append(
            '<script type="text/plain" id="plotly-js-gzip">'
            f"{plotly_bundle_base64()}</script>\n<script>{LOADER}</script>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def _chart(target: str, figure: go.Figure) -> str:
    """A chart's place and its figure as JSON, drawn by the LOADER once plotly.js is unpacked.
    <, > and & are written as JSON escapes so no text in a figure can close the script."""
    data = (
        pio.to_json(figure, validate=False, pretty=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return (
        f'<div id="{target}" class="chart" style="height:{figure.layout.height or 450}px"></div>'
        f'<script type="application/json" class="record-chart" data-target="{target}">'
        f"{data}</script>"
    )


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
