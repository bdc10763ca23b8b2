"""Issue 15's malformed inputs in the app, as the command line words them: an upload, a link or
a form entry that cannot be read gets an error naming the field or line (at most twenty
problems and how many more), and the user's scenario stays as it was."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from app_helpers import by_label, open_app, scenario_of, text_of, upload

from scoring.io.presets import preset_by_id
from scoring.model.problems import MAX_PROBLEMS

REQUIREMENTS = "pages/1_requirements.py"


def upload_in_sidebar(at, name: str, content: bytes):
    at.sidebar.file_uploader[0].set_value((name, content, "application/octet-stream"))
    return at.run()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"name: t\n? [a, b]\n: 1\n", "line 2, column 3: a key must be a single value"),
        (b"{name: t, {x: 1}: 2}", "line 1, column 11: a key must be a single value"),
        (
            b"name: t\ndecision:\n  date: 2026-13-45\n",
            "decision.date: the date 2026-13-45 does not exist",
        ),
        ("name: t\n".encode("utf-16"), "UTF-16 (little-endian) text, not UTF-8 as expected"),
        ("name: t\n".encode("utf-32"), "UTF-32 (little-endian) text, not UTF-8 as expected"),
        (b"name: t\ndescription: Cam\xe9ra\n", "line 2, column 17: the byte 0xE9 is not UTF-8"),
        (b"name: '   '\n", "name: the name must contain at least one visible character"),
    ],
    ids=["list key", "mapping key", "impossible date", "utf-16", "utf-32", "latin-1", "blank"],
)
def test_a_malformed_upload_is_named_by_line_or_field_and_changes_nothing(content, named):
    at = open_app(REQUIREMENTS)
    before = scenario_of(at)
    upload_in_sidebar(at, "bad.yaml", content)
    message = text_of(at.sidebar.error)
    assert "bad.yaml was not loaded" in message
    assert named in message
    assert not at.exception
    assert scenario_of(at) == before


def test_an_upload_of_100000_unknown_keys_gets_one_short_message():
    at = open_app(REQUIREMENTS)
    content = "name: t\nrequirements:\n" + "".join(f"  k{i:06d}x: {i}\n" for i in range(100_000))
    upload_in_sidebar(at, "huge.yaml", content.encode())
    message = text_of(at.sidebar.error)
    assert "more than 20,000 values" in message
    assert len(message) < 1_000


def test_an_upload_with_many_problems_lists_twenty_and_how_many_more():
    at = open_app(REQUIREMENTS)
    content = "name: t\nrequirements:\n" + "".join(f"  typo_{i}: 1\n" for i in range(30))
    upload_in_sidebar(at, "typos.yaml", content.encode())
    lines = text_of(at.sidebar.error).splitlines()
    assert len([line for line in lines if line.startswith("• requirements.typo_")]) == MAX_PROBLEMS
    assert lines[-1] == "• … and 10 more problems, not listed (fix the ones above first)"


def test_a_link_of_32812_unknown_keys_opens_the_default_scenario_with_a_short_warning():
    payload = {"name": "t", **{f"x{i:x}": 1 for i in range(32_812)}}
    packed = zlib.compress(json.dumps(payload).encode(), level=9)
    link = base64.urlsafe_b64encode(packed).decode().rstrip("=")
    at = open_app("app.py", {"s": link})
    warning = text_of(at.warning)
    assert "The link's scenario could not be read" in warning
    assert "more than 20,000 values" in warning
    assert len(warning) < 1_000  # the warning was 6.19 MB
    assert scenario_of(at) == preset_by_id("factory_qc_camera").scenario


def test_a_name_of_only_spaces_typed_in_the_form_is_refused_and_the_name_kept():
    at = open_app(REQUIREMENTS)
    before = scenario_of(at)
    by_label(at.text_input, "Scenario name").input("   ").run()
    assert "at least one visible character" in text_of(at.error)
    assert scenario_of(at).name == before.name


def test_a_measurement_header_of_30000_columns_gets_one_short_error():
    at = open_app("pages/5_compare.py")
    before = scenario_of(at)
    header = ",".join(f"c{i}" for i in range(30_000))
    upload(at, "Measured requests", "wide.csv", (header + "\n").encode())
    errors = text_of(at.error)
    assert "wide.csv was not read" in errors
    assert "unknown column(s) c0, c1" in errors and "and 29,980 more" in errors
    assert len(errors) < 2_000
    assert scenario_of(at) == before
