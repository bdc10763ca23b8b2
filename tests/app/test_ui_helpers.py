"""Small helpers of the UI layer: literal user text, file names, readable volumes."""

from __future__ import annotations

import pytest

from ui.format import monthly_volume
from ui.text import escape_markdown, safe_file_name


@pytest.mark.parametrize(
    "text",
    ["**bold**", "[link](http://example.com)", ":red[alarm]", "$x^2$", "# heading", "<b>x</b>"],
)
def test_markdown_syntax_in_user_text_is_escaped(text):
    escaped = escape_markdown(text)
    for char in "*[]():$#<>":
        assert f"\\{char}" in escaped or char not in text


def test_a_multi_line_text_becomes_one_paragraph():
    assert "\n" not in escape_markdown("line one\n- a list item\n# a heading")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Factory quality-control camera", "factory-quality-control-camera.yaml"),
        ("../../etc/passwd", "etc-passwd.yaml"),
        ("***", "scenario.yaml"),
    ],
)
def test_a_download_file_name_is_safe_and_readable(name, file_name):
    assert safe_file_name(name, ".yaml") == file_name


def test_a_monthly_volume_reads_in_words_and_per_second():
    assert monthly_volume(5_000_000) == "5 million a month, on average 1.9 per second"
    assert monthly_volume(2e9) == "2 billion a month, on average 761 per second"
