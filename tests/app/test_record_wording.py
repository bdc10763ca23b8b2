"""Each result is worded once: every sentence the Costs and Latency pages state about a number
appears word for word in the decision record, and every figure they show in a headline or a
short label appears there too, for every preset."""

from __future__ import annotations

import re

import pytest
from app_helpers import open_on
from records import record_with_read_figures

from scoring.io.presets import bundled_presets
from scoring.report.markdown import render_markdown
from ui import menu

ICON = re.compile(r":material/\w+:\s*")
LEAD = re.compile(r"^\*\*[^*]+:\*\*\s*")  # "**Network loss:** ...", as the record's leads
# A sentence ends at ., ! or ? followed by a space and a capital (not inside "0.3" or "e.g.").
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
# A figure as the pages write it: "$1,234", "-$12.50", "34.4", "12 %", "under 1 %", "±25 %".
# A number, not a digit inside a name such as p95 or P10-P90.
NUMBER = re.compile(r"(?<![\w.,])\d")
FIGURE = re.compile(
    r"(?<![A-Za-z\d.,])(?:(?:under|over) (?=\d+ %))?[-+±]?\$?\d[\d,]*(?:\.\d+)?(?: ?%)?"
)


def normalised(text: str) -> str:
    """Only whitespace and Markdown escaping are normalised."""
    return " ".join(text.replace("\\", "").split())


def shown_texts(at) -> list[str]:
    """Every text the page's main area shows in Markdown, captions, alerts and metrics."""
    main = at.main
    texts = [e.value for kind in ("markdown", "caption") for e in getattr(main, kind)]
    texts += [e.value for kind in ("success", "error", "info", "warning") for e in main.get(kind)]
    texts += [text for m in main.metric for text in (m.label, m.value)]
    return [normalised(LEAD.sub("", ICON.sub("", text).removeprefix("- "))) for text in texts]


def sentences_and_figures(texts: list[str]) -> tuple[list[str], list[str]]:
    """(sentences with a number in them, figures of the texts that are not sentences)."""
    sentences, figures = [], []
    for text in texts:
        for piece in SENTENCE_END.split(text):
            if not NUMBER.search(piece):
                continue
            if piece.endswith((".", "!", "?")):
                sentences.append(piece)
            else:
                figures += FIGURE.findall(piece)
    return sentences, figures


@pytest.mark.parametrize("preset", [p.id for p in bundled_presets()])
@pytest.mark.parametrize("page", [menu.COSTS, menu.LATENCY], ids=["costs", "latency"])
def test_every_number_the_page_states_is_worded_the_same_in_the_record(page, preset):
    at, evaluation = open_on(page.file, preset)
    assert not at.exception
    record = normalised(render_markdown(record_with_read_figures(evaluation)))
    sentences, figures = sentences_and_figures(shown_texts(at))
    assert sentences, "the page states no number"
    missing = [s for s in sentences if s not in record]
    assert not missing, "\n".join(missing)
    absent = sorted({f for f in figures if f not in record})
    assert not absent, absent


def test_the_check_finds_a_sentence_the_record_words_differently():
    sentences, figures = sentences_and_figures(
        ["Edge costs 13× as much as Cloud.", "Cheapest in under 1 % of draws"]
    )
    record = normalised("Edge costs 13 times as much as Cloud. | Edge | 0 % |")
    assert [s for s in sentences if s not in record] == ["Edge costs 13× as much as Cloud."]
    assert [f for f in figures if f not in record] == ["under 1 %"]
