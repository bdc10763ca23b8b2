"""Small helpers of the UI layer: literal user text and file names."""

from __future__ import annotations

import pytest

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
