"""No links from user text (issue 15, point 8): a bare URL, `www.` address, e-mail address or
mention in a scenario's name, description, notes or quality measurement shows as plain text in
the Markdown record on GitHub and in Streamlit's Markdown (alerts, the record preview), while
the record's scenario block keeps the text verbatim so it loads back.

GitHub's side is checked with cmark-gfm, GitHub's own renderer (the `cmarkgfm` bindings).
Streamlit's side is checked against the rules of remark-gfm's literal autolinks, which find
URLs after Markdown escapes are resolved (mdast-util-gfm-autolink-literal); the browser test
tests/e2e/test_plain_urls.py looks at the rendered page.
"""

from __future__ import annotations

import datetime as dt
import re

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.io.presets import preset_by_id
from scoring.io.record_files import read_head
from scoring.io.scenario_files import parse_scenario
from scoring.model.codec import scenario_from_dict, scenario_to_dict
from scoring.report.markdown import plain_text, render_markdown, text
from scoring.report.record import METADATA_LABELS
from ui.text import escape_markdown

LINKY = (
    "see https://evil.example/login?next=1 and www.x.com, HTTP://WWW.Y.ORG/a_b, "
    "ftp://files.example, mail ops@evil.example or ask @alice"
)


def github_html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def linky_scenario():
    data = scenario_to_dict(preset_by_id("factory_qc_camera").scenario)
    data["name"] = "Camera https://evil.example"
    data["description"] = LINKY
    data["requirements"]["quality_measurement"] = LINKY
    data["decision"]["notes"] = LINKY
    data["decision"]["decision_makers"] = ["ops@evil.example", "www.x.com"]
    return scenario_from_dict(data)


@pytest.fixture(scope="module")
def record_markdown() -> str:
    evaluation = evaluate(linky_scenario(), draws=100)
    return render_markdown(record_with_read_figures(evaluation, today=dt.date(2026, 1, 1)))


def test_the_text_does_become_links_when_nothing_is_done():
    # The check below can fail: GitHub links every one of these when written plainly.
    links = re.findall(r'<a href="([^"]+)"', github_html(LINKY))
    assert links == [
        "https://evil.example/login?next=1",
        "http://www.x.com",
        "HTTP://WWW.Y.ORG/a_b",
        "ftp://files.example",
        "mailto:ops@evil.example",
    ]


def test_user_text_in_the_markdown_record_makes_no_link_on_github(record_markdown):
    rendered = github_html(record_markdown)
    assert "<a " not in rendered
    assert "evil.example/login?next=1" in rendered  # still there, as text


def test_user_text_renders_as_the_same_characters_on_github():
    rendered = github_html(text(LINKY))
    plain = re.sub(r"<[^>]+>", "", rendered).strip().replace("\u2060", "")
    assert plain == LINKY.replace("&", "&amp;")


def test_the_record_loads_back_with_the_urls_verbatim(record_markdown):
    loaded = parse_scenario(record_markdown, "record.md")
    original = linky_scenario()
    assert loaded.name == original.name
    assert loaded.description == LINKY
    assert loaded.decision.notes == LINKY
    assert loaded.requirements.quality_measurement == LINKY
    assert loaded.decision.decision_makers == ("ops@evil.example", "www.x.com")


def test_the_metadata_list_reads_back_the_same_text(record_markdown):
    head = read_head(record_markdown.splitlines())
    makers = dict(head.items)[METADATA_LABELS["decision-makers"]]
    assert plain_text(makers) == "ops@evil.example, www.x.com"
    head_text = record_markdown[: record_markdown.index("## Status")]
    assert not re.search(r"[^\\]://|www\.", head_text)  # only the escaped forms
    assert "@\u2060" in head_text


# remark-gfm's literal autolinks (mdast-util-gfm-autolink-literal 2.x), run on the text after
# Markdown escapes are resolved.
REMARK_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
REMARK_EMAIL = re.compile(r"(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


def remark_links(markdown: str) -> list[str]:
    shown = re.sub(r"\\(.)", r"\1", markdown)
    return [m.group() for m in REMARK_URL.finditer(shown)] + [
        m.group() for m in REMARK_EMAIL.finditer(shown)
    ]


def test_the_remark_rules_find_the_links_in_plainly_escaped_text():
    # Backslash escapes alone (what escape_markdown did before) leave every one of them.
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$=^&])", r"\\\1", LINKY)
    assert [link.rstrip(",") for link in remark_links(escaped)] == [
        "https://evil.example/login?next=1",
        "www.x.com",
        "HTTP://WWW.Y.ORG/a_b",
        "ops@evil.example",
    ]


@pytest.mark.parametrize(
    "user_text",
    [LINKY, "https://evil.example", "www.x.com", "a@b.co", "HTTPS://WWW.X.COM", "x (www.y.org)"],
)
def test_escaped_user_text_leaves_streamlit_nothing_to_link(user_text):
    escaped = escape_markdown(user_text)
    assert remark_links(escaped) == []
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == user_text
