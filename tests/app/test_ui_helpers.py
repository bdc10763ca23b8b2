"""Small helpers of the UI layer: literal user text and file names."""

from __future__ import annotations

import pandas as pd
import pytest

from ui.text import escape_markdown, literal_table, safe_file_name


@pytest.mark.parametrize(
    "text",
    ["**bold**", "[link](http://example.com)", ":red[alarm]", "$x^2$", "# heading", "<b>x</b>"],
)
def test_markdown_syntax_in_user_text_is_escaped(text):
    escaped = escape_markdown(text)
    for char in "*[]():$#<>":
        assert f"\\{char}" in escaped or char not in text


def test_a_table_for_st_table_has_its_cells_and_headers_escaped_and_its_headers_unique():
    frame = pd.DataFrame([["**bold**", 1.5]], columns=["p95 (ms)", "p95 (ms)"])
    table = literal_table(frame)
    assert list(table.columns) == [
        escape_markdown("p95 (ms)"),
        escape_markdown("p95 (ms)") + " (2)",
    ]
    assert table.iloc[0].tolist() == [escape_markdown("**bold**"), escape_markdown("1.5")]


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
