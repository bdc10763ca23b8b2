"""The decision log: numbered records as adr-tools keeps them, saved without ever replacing a
file, superseded in both records at once, with safe names whatever the title."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
import yaml

from scoring.engine.evaluate import evaluate
from scoring.io import decision_log
from scoring.io.decision_log import (
    DEFAULT_FOLDER,
    RECORD_NAME,
    list_records,
    open_record,
    resolve_log_folder,
    save_record,
    slug,
    supersede,
)
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import parse_scenario
from scoring.report.contract import evaluation_json
from scoring.report.markdown import render_markdown
from scoring.report.record import RECORD_BEGIN, RECORD_END, build_record, record_title

TODAY = dt.date(2026, 11, 26)
HOSTILE = "| <script>alert(1)</script> [x](javascript:alert(1))"


@cache
def record(preset_id: str = "factory_qc_camera", title: str = "") -> tuple[str, str]:
    """(Markdown, title) of a preset's record, optionally with a title of its own."""
    scenario = preset_by_id(preset_id).scenario
    if title:
        decision = scenario.decision.model_copy(update={"title": title})
        scenario = scenario.model_copy(update={"decision": decision})
    evaluation = evaluate(scenario)
    return render_markdown(build_record(evaluation, TODAY)), record_title(evaluation)


def front(text: str) -> dict:
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


def outside_front_and_scenario(text: str) -> tuple[str, str]:
    """The record's body before its scenario block, and what follows the block."""
    body = text[text.index("\n---\n", 4) :]
    return body[: body.index(RECORD_BEGIN)], body[body.rindex(RECORD_END) :]


# --- numbering and never overwriting ------------------------------------------------------------


def test_records_are_numbered_from_0001_in_the_order_they_are_saved(tmp_path):
    markdown, title = record()
    first = save_record(tmp_path, markdown, "Use Jetsons on the lines")
    second = save_record(tmp_path, markdown, "Use Jetsons on the lines")
    assert first.name == "0001-use-jetsons-on-the-lines.md"
    assert second.name == "0002-use-jetsons-on-the-lines.md"
    assert first.path.read_text(encoding="utf-8") == markdown
    listed = list_records(tmp_path)
    assert [(r.number, r.name) for r in listed] == [(1, first.name), (2, second.name)]
    assert listed[0].title == title
    assert (listed[0].status, listed[0].date) == ("proposed", TODAY.isoformat())


def test_the_folder_is_created_when_it_does_not_exist(tmp_path):
    markdown, _ = record()
    folder = tmp_path / "docs" / "decisions"
    saved = save_record(folder, markdown, "First")
    assert saved.path == folder / "0001-first.md"


def test_the_next_number_follows_the_highest_existing_record_which_is_left_alone(tmp_path):
    markdown, _ = record()
    existing = tmp_path / "0003-x.md"
    existing.write_text("written by hand", encoding="utf-8")
    saved = save_record(tmp_path, markdown, "x")
    assert saved.name == "0004-x.md"
    assert existing.read_text(encoding="utf-8") == "written by hand"


def test_a_record_created_meanwhile_under_the_same_name_is_not_replaced(tmp_path, monkeypatch):
    markdown, _ = record()
    taken = tmp_path / "0001-x.md"
    taken.write_text("saved by another session a moment ago", encoding="utf-8")
    # The listing this save reads is stale: it has not seen the other session's file.
    monkeypatch.setattr(decision_log, "_next_number", lambda folder: 1)
    saved = save_record(tmp_path, markdown, "x")
    assert saved.name == "0002-x.md"
    assert taken.read_text(encoding="utf-8") == "saved by another session a moment ago"
    assert saved.path.read_text(encoding="utf-8") == markdown


def test_saving_leaves_no_temporary_file_behind(tmp_path):
    markdown, _ = record()
    save_record(tmp_path, markdown, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-x.md"]


def test_when_no_number_is_free_the_save_fails_and_cleans_up(tmp_path, monkeypatch):
    markdown, _ = record()
    monkeypatch.setattr(decision_log, "MAX_ATTEMPTS", 3)
    monkeypatch.setattr(decision_log, "_next_number", lambda folder: 1)  # a stale count
    for number in (1, 2, 3):
        (tmp_path / f"{number:04d}-x.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OSError, match="no free record number"):
        save_record(tmp_path, markdown, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-x.md", "0002-x.md", "0003-x.md"]


def test_a_folder_that_cannot_be_created_raises_an_os_error(tmp_path):
    markdown, _ = record()
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("", encoding="utf-8")
    with pytest.raises(OSError):
        save_record(not_a_folder / "decisions", markdown, "x")


# --- names are safe whatever the title ----------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "",
        "   ",
        "Übergrößenträger für Zoë — 日本語",
        "日本語のみ",
        "x" * 500,
        "CON",
        "...",
        "..",
        'a/b\\c:d*e?f"g<h>i|j',
        "\x00\x1f\u202etxt.exe",
        HOSTILE,
    ],
)
def test_a_hostile_title_gives_a_safe_name_inside_the_folder(tmp_path, title):
    markdown, _ = record()
    folder = tmp_path / "decisions"
    saved = save_record(folder, markdown, title)
    assert saved.path.parent == folder
    assert saved.path.resolve().parent == folder.resolve()
    assert RECORD_NAME.match(saved.name), saved.name
    assert len(saved.name) <= len("0001-") + decision_log.MAX_SLUG + len(".md")
    # Windows reserves CON, NUL, ... as whole base names; a numbered name never is one.
    assert saved.path.stem.upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert saved.path.stem.startswith(("0001-", "0002-"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decisions"]  # nothing escaped
    assert [r.name for r in list_records(folder)] == [saved.name]


def test_the_slug_keeps_readable_ascii_words():
    assert slug("Run QC on Jetson Orin (edge)") == "run-qc-on-jetson-orin-edge"
    assert slug("Übergröße für Zoë") == "ubergroe-fur-zoe"
    assert slug("") == "decision"
    assert slug("---") == "decision"
    assert not slug("x" * 500).endswith("-") and len(slug("x" * 500)) == decision_log.MAX_SLUG


def test_a_hostile_title_is_listed_as_the_words_it_shows(tmp_path):
    markdown, title = record(title=HOSTILE)
    saved = save_record(tmp_path, markdown, title)
    assert list_records(tmp_path)[0].title == HOSTILE
    assert saved.title == HOSTILE


# --- listing -------------------------------------------------------------------------------------


def test_listing_ignores_files_that_are_not_numbered_records(tmp_path):
    markdown, _ = record()
    save_record(tmp_path, markdown, "kept")
    for name in (
        "README.md",
        "0002-notes.txt",
        "12-short.md",
        ".0003-hidden.md",
        "0004-Upper.md",
        "00005-five-digits.md",
        "template.md",
    ):
        (tmp_path / name).write_text("not a record", encoding="utf-8")
    (tmp_path / "0006-a-folder.md").mkdir()
    assert [r.name for r in list_records(tmp_path)] == ["0001-kept.md"]


def test_a_missing_folder_lists_no_records(tmp_path):
    assert list_records(tmp_path / "nowhere") == ()


def test_a_damaged_record_is_still_listed_by_its_name(tmp_path):
    (tmp_path / "0001-broken.md").write_bytes(b"\xff\xfe not text")
    (tmp_path / "0002-no-front-matter.md").write_text("# Just a heading\n", encoding="utf-8")
    listed = list_records(tmp_path)
    assert [(r.number, r.title, r.status) for r in listed] == [
        (1, "0001-broken", "unknown"),
        (2, "0002-no-front-matter", "unknown"),
    ]


def test_opening_a_record_gives_its_scenario_back(tmp_path):
    markdown, _ = record("warehouse_robot")
    saved = save_record(tmp_path, markdown, "Robots")
    scenario = parse_scenario(open_record(saved))
    assert scenario.name == preset_by_id("warehouse_robot").scenario.name


# --- superseding -------------------------------------------------------------------------------


def test_superseding_updates_the_front_matter_and_scenario_of_both_records(tmp_path):
    old_markdown, _ = record("factory_qc_camera")
    new_markdown, _ = record("factory_qc_camera", title="Move inspection to a site server")
    old = save_record(tmp_path, old_markdown, "Run QC on the edge")
    new = save_record(tmp_path, new_markdown, "Move inspection to a site server")

    old_after, new_after = supersede(old, new)

    old_text, new_text = open_record(old_after), open_record(new_after)
    assert front(old_text)["status"] == f"superseded by {new.name}"
    assert front(new_text)["supersedes"] == [old.name]
    assert front(new_text)["status"] == "proposed"
    old_scenario, new_scenario = parse_scenario(old_text), parse_scenario(new_text)
    assert old_scenario.decision.status == "superseded"
    assert old_scenario.decision.superseded_by == new.name
    assert new_scenario.decision.supersedes == (old.name,)
    assert old_after.status == f"superseded by {new.name}"
    assert [r.status for r in list_records(tmp_path)] == [old_after.status, "proposed"]


def test_superseding_leaves_every_other_line_byte_identical(tmp_path):
    old_markdown, _ = record("factory_qc_camera")
    new_markdown, _ = record("law_firm_documents")
    old = save_record(tmp_path, old_markdown, "old")
    new = save_record(tmp_path, new_markdown, "new")
    supersede(old, new)
    for saved, before in ((old, old_markdown), (new, new_markdown)):
        after = open_record(saved)
        assert outside_front_and_scenario(after) == outside_front_and_scenario(before)
        keys_before, keys_after = front(before), front(after)
        for key in ("date", "decision-makers", "consulted", "informed"):
            assert keys_after[key] == keys_before[key]
        # The evaluation a reader gets from the record is unchanged.
        assert evaluation_json(evaluate(parse_scenario(after))) == evaluation_json(
            evaluate(parse_scenario(before))
        )


def test_a_superseded_record_keeps_decision_makers_and_stays_readable_markdown(tmp_path):
    scenario = preset_by_id("factory_qc_camera").scenario
    decision = scenario.decision.model_copy(
        update={"decision_makers": ("Ana", HOSTILE), "notes": "fenced ``` inside"}
    )
    markdown = render_markdown(
        build_record(evaluate(scenario.model_copy(update={"decision": decision})), TODAY)
    )
    old = save_record(tmp_path, markdown, "old")
    new = save_record(tmp_path, markdown, "new")
    supersede(old, new)
    text = open_record(old)
    assert front(text)["decision-makers"] == ["Ana", HOSTILE]
    head = text[: text.index("\n---\n", 4)]
    assert "<" not in head  # the same front matter writer as the record itself
    block = text[text.index(RECORD_BEGIN) :]
    assert block.splitlines()[1] == "````yaml"  # the fence outlasts the note's ```


def test_a_record_cannot_supersede_itself(tmp_path):
    markdown, _ = record()
    saved = save_record(tmp_path, markdown, "x")
    with pytest.raises(ValueError, match="itself"):
        supersede(saved, saved)
    assert open_record(saved) == markdown


def test_an_older_record_cannot_supersede_a_newer_one_and_nothing_is_written(tmp_path):
    markdown, _ = record()
    older = save_record(tmp_path, markdown, "older")
    newer = save_record(tmp_path, markdown, "newer")
    with pytest.raises(ValueError, match=r"record 0001 cannot supersede record 0002.*newer"):
        supersede(newer, older)
    assert open_record(older) == markdown
    assert open_record(newer) == markdown


def test_a_record_superseding_two_older_ones_keeps_both_links(tmp_path):
    markdown, _ = record()
    first, second, third = (save_record(tmp_path, markdown, n) for n in ("a", "b", "c"))
    supersede(first, third)
    _, third_after = supersede(second, third)
    text = open_record(third_after)
    assert front(text)["supersedes"] == [first.name, second.name]
    assert parse_scenario(text).decision.supersedes == (first.name, second.name)
    for old in (first, second):
        assert front(open_record(old))["status"] == f"superseded by {third.name}"
    # Marking the same pair again names the old record once, not twice.
    supersede(second, third)
    assert front(open_record(third))["supersedes"] == [first.name, second.name]


def test_a_record_saved_when_supersedes_named_one_file_as_text_is_read_and_extended(tmp_path):
    markdown, _ = record()
    first, second, third = (save_record(tmp_path, markdown, n) for n in ("a", "b", "c"))
    # The layout of older logs: one file name as text, in the front matter and the scenario.
    old_style = markdown.replace(
        "informed: []\n", f'informed: []\nsupersedes: "{first.name}"\n', 1
    ).replace("  supersedes: []\n", f"  supersedes: {first.name}\n", 1)
    assert old_style.count(first.name) == 2
    third.path.write_text(old_style, encoding="utf-8")
    assert parse_scenario(old_style).decision.supersedes == (first.name,)
    supersede(second, third)
    text = open_record(third)
    assert front(text)["supersedes"] == [first.name, second.name]
    assert parse_scenario(text).decision.supersedes == (first.name, second.name)


def test_superseding_a_file_that_is_not_a_record_changes_nothing(tmp_path):
    markdown, _ = record()
    good = save_record(tmp_path, markdown, "good")
    broken = tmp_path / "0002-broken.md"
    broken.write_text("no front matter, no scenario", encoding="utf-8")
    broken_record = list_records(tmp_path)[1]
    with pytest.raises(ValueError):
        supersede(good, broken_record)
    assert open_record(good) == markdown
    assert broken.read_text(encoding="utf-8") == "no front matter, no scenario"


def test_a_folder_that_cannot_be_written_raises_an_os_error_and_leaves_nothing(tmp_path):
    # A "folder" that is a file cannot hold records, whoever runs the test (root included).
    markdown, _ = record()
    blocker = tmp_path / "decisions"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        save_record(blocker, markdown, "x")
    assert [p.name for p in tmp_path.iterdir()] == ["decisions"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# --- where a log may be ---------------------------------------------------------------------------


def test_a_typed_log_folder_resolves_inside_the_log_root(tmp_path):
    assert resolve_log_folder("decisions", tmp_path) == (tmp_path / "decisions").resolve()
    assert resolve_log_folder("  ", tmp_path) == (tmp_path / DEFAULT_FOLDER).resolve()
    assert resolve_log_folder(str(tmp_path / "a" / "b"), tmp_path) == (tmp_path / "a/b").resolve()


@pytest.mark.parametrize("typed", ["/etc", "..", "../elsewhere", "a/../../elsewhere"])
def test_a_log_folder_leading_out_of_the_root_is_refused(typed, tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(ValueError, match="the folder must be inside"):
        resolve_log_folder(typed, root)


def test_a_symbolic_link_out_of_the_log_root_is_refused(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "escape").symlink_to(tmp_path)
    with pytest.raises(ValueError, match="the folder must be inside"):
        resolve_log_folder("escape/decisions", root)
