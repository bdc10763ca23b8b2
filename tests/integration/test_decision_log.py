"""The decision log: numbered records as adr-tools keeps them, each number claimed once and
written whole or not at all, superseded in both records at once with adr-tools' links, an index
as adr-log writes it, old records rewritten without losing a field, and safe names whatever the
title."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from functools import cache
from pathlib import Path

import pytest
from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.io import adr_index, decision_log
from scoring.io.adr_index import INDEX_NAME, adr_log_list, index_text
from scoring.io.decision_log import (
    DEFAULT_FOLDER,
    RECORD_NAME,
    list_records,
    open_record,
    read_log,
    resolve_log_folder,
    save_record,
    slug,
    supersede,
    upgrade_records,
    upgraded_text,
)
from scoring.io.presets import preset_by_id
from scoring.io.record_files import CURRENT, FRONT_MATTER, prose_drift, read_head, text_lines
from scoring.io.scenario_files import parse_scenario
from scoring.model.scenario import Scenario
from scoring.report.contract import evaluation_json
from scoring.report.markdown import render_markdown, text
from scoring.report.record import RECORD_BEGIN, RecordContent

TODAY = dt.date(2026, 11, 26)
HOSTILE = "| <script>alert(1)</script> [x](javascript:alert(1))"
OLD_LOG = Path(__file__).resolve().parents[1] / "corpus" / "old_log"


def with_decision(scenario: Scenario, **changes: object) -> Scenario:
    return scenario.model_copy(update={"decision": scenario.decision.model_copy(update=changes)})


@cache
def content(preset_id: str = "factory_qc_camera", title: str = "", **decision) -> RecordContent:
    """A preset's record, optionally with a title of its own."""
    scenario = preset_by_id(preset_id).scenario
    if title or decision:
        scenario = with_decision(scenario, title=title, **decision)
    return record_with_read_figures(evaluate(scenario), TODAY)


def titled(title: str) -> RecordContent:
    """The factory record under another title (the evaluation is shared)."""
    return build_record_like(content(), title)


def build_record_like(record: RecordContent, title: str) -> RecordContent:
    return RecordContent(record.metadata, title, record.status, record.blocks)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def status_section(path: Path) -> list[str]:
    lines = lines_of(path)
    start = lines.index("## Status")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    return [line for line in lines[start + 1 : end] if line]


# --- numbering and never overwriting ------------------------------------------------------------


def test_records_are_numbered_from_0001_with_the_number_in_their_title_line(tmp_path):
    first = save_record(tmp_path, titled("Use Jetsons on the lines"))
    second = save_record(tmp_path, titled("Use Jetsons on the lines"))
    assert first.name == "0001-use-jetsons-on-the-lines.md"
    assert second.name == "0002-use-jetsons-on-the-lines.md"
    assert lines_of(first.path)[0] == "# 1. Use Jetsons on the lines"
    assert lines_of(second.path)[0] == "# 2. Use Jetsons on the lines"
    assert first.path.read_text(encoding="utf-8") == render_markdown(
        titled("Use Jetsons on the lines"), 1
    )
    listed = list_records(tmp_path)
    assert [(r.number, r.name) for r in listed] == [(1, first.name), (2, second.name)]
    assert listed[0].title == "Use Jetsons on the lines"
    assert (listed[0].status, listed[0].date) == ("proposed", TODAY.isoformat())


def test_the_folder_is_created_when_it_does_not_exist(tmp_path):
    folder = tmp_path / "docs" / "decisions"
    saved = save_record(folder, titled("First"))
    assert saved.path == folder / "0001-first.md"


def test_the_next_number_follows_the_highest_numbered_file_which_is_left_alone(tmp_path):
    existing = tmp_path / "0003-x.md"
    existing.write_text("written by hand", encoding="utf-8")
    (tmp_path / "0007-Written-By-Another-Tool.md").write_text("mine", encoding="utf-8")
    saved = save_record(tmp_path, titled("x"))
    assert saved.name == "0008-x.md"
    assert existing.read_text(encoding="utf-8") == "written by hand"


def test_past_9999_numbers_go_on_with_five_digits_and_are_listed(tmp_path):
    (tmp_path / "9999-the-last-four-digit-one.md").write_text(
        render_markdown(titled("The last four-digit one"), 9999), encoding="utf-8"
    )
    first = save_record(tmp_path, titled("Ten thousand"))
    second = save_record(tmp_path, titled("Ten thousand and one"))
    assert (first.name, second.name) == ("10000-ten-thousand.md", "10001-ten-thousand-and-one.md")
    assert lines_of(first.path)[0] == "# 10000. Ten thousand"
    assert [r.number for r in list_records(tmp_path)] == [9999, 10000, 10001]
    assert [r.title for r in list_records(tmp_path)][1:] == ["Ten thousand", "Ten thousand and one"]


def test_a_record_created_meanwhile_under_the_same_name_is_not_replaced(tmp_path, monkeypatch):
    taken = tmp_path / "0001-x.md"
    taken.write_text("saved by another tool a moment ago", encoding="utf-8")
    # The count this save reads is stale: it has not seen the other tool's file.
    monkeypatch.setattr(decision_log, "_next_number", lambda folder: 1)
    saved = save_record(tmp_path, titled("x"))
    assert saved.name == "0002-x.md"
    assert taken.read_text(encoding="utf-8") == "saved by another tool a moment ago"
    assert lines_of(saved.path)[0] == "# 2. x"  # the number it got, not the one it tried


def test_saving_leaves_only_the_record_and_the_index(tmp_path):
    save_record(tmp_path, titled("x"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-x.md", INDEX_NAME]


def test_when_no_number_is_free_the_save_fails_and_cleans_up(tmp_path, monkeypatch):
    monkeypatch.setattr(decision_log, "MAX_ATTEMPTS", 3)
    monkeypatch.setattr(decision_log, "_next_number", lambda folder: 1)  # a stale count
    for number in (1, 2, 3):
        (tmp_path / f"{number:04d}-x.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OSError, match="no free record number"):
        save_record(tmp_path, titled("x"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-x.md", "0002-x.md", "0003-x.md"]


def full_disk_after(allowed_bytes: int):
    """os.write that writes `allowed_bytes` and then fails as a full disk does."""
    real_write = os.write
    written = [0]

    def write(descriptor: int, data) -> int:
        room = allowed_bytes - written[0]
        if room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        count = real_write(descriptor, bytes(data[:room]))
        written[0] += count
        return count

    return write


def test_a_save_on_a_full_disk_leaves_no_temporary_file_and_no_number_used(tmp_path, monkeypatch):
    save_record(tmp_path, titled("before"))
    before = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.setattr(os, "write", full_disk_after(1000))  # half a record, then no room
    with pytest.raises(OSError) as raised:
        save_record(tmp_path, titled("lost"))
    assert raised.value.errno == errno.ENOSPC
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    monkeypatch.undo()
    assert save_record(tmp_path, titled("after")).number == 2  # number 2 was never taken


def test_when_the_index_cannot_be_written_the_record_is_taken_back(tmp_path, monkeypatch):
    save_record(tmp_path, titled("before"))
    index_before = (tmp_path / INDEX_NAME).read_bytes()
    real_replace = decision_log._replace

    def full_disk_on_the_index(path: Path, text: str) -> None:
        if path.name == INDEX_NAME:
            monkeypatch.setattr(os, "write", full_disk_after(10))
        real_replace(path, text)

    monkeypatch.setattr(decision_log, "_replace", full_disk_on_the_index)
    with pytest.raises(OSError):
        save_record(tmp_path, titled("lost"))
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0001-before.md", INDEX_NAME]
    assert (tmp_path / INDEX_NAME).read_bytes() == index_before


def test_a_folder_that_cannot_be_created_raises_an_os_error(tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("", encoding="utf-8")
    with pytest.raises(OSError):
        save_record(not_a_folder / "decisions", titled("x"))


def test_a_folder_that_cannot_be_written_raises_an_os_error_and_leaves_nothing(tmp_path):
    # A "folder" that is a file cannot hold records, whoever runs the test (root included).
    blocker = tmp_path / "decisions"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        save_record(blocker, titled("x"))
    assert [p.name for p in tmp_path.iterdir()] == ["decisions"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


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
    folder = tmp_path / "decisions"
    saved = save_record(folder, titled(title))
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
    saved = save_record(tmp_path, titled(HOSTILE))
    assert list_records(tmp_path)[0].title == HOSTILE
    assert saved.title == HOSTILE


def test_a_title_that_starts_with_a_number_keeps_it_after_the_records_number(tmp_path):
    saved = save_record(tmp_path, titled("2026. Plan for the new plant"))
    assert lines_of(saved.path)[0] == "# 1. 2026\\. Plan for the new plant"
    assert (saved.number, saved.title) == (1, "2026. Plan for the new plant")


# --- listing -------------------------------------------------------------------------------------


def test_listing_ignores_files_that_are_not_numbered_records(tmp_path):
    save_record(tmp_path, titled("kept"))
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
    (tmp_path / "0002-no-record.md").write_text("Just prose\n", encoding="utf-8")
    listed = list_records(tmp_path)
    assert [(r.number, r.title, r.status) for r in listed] == [
        (1, "0001-broken", "unknown"),
        (2, "0002-no-record", "unknown"),
    ]


def test_a_record_written_by_adr_tools_is_listed_with_its_title_date_and_status(tmp_path):
    (tmp_path / "0001-record-architecture-decisions.md").write_text(
        "# 1. Record architecture decisions\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n"
        "## Context\n\nWe need to record the architectural decisions made on this project.\n",
        encoding="utf-8",
    )
    [record] = list_records(tmp_path)
    assert (record.title, record.date, record.status) == (
        "Record architecture decisions",
        "2026-01-05",
        "accepted",
    )


def test_a_symbolic_link_loop_in_the_folder_is_named_not_a_crash(tmp_path):
    save_record(tmp_path, titled("kept"))
    (tmp_path / "0002-loop.md").symlink_to("0002-loop.md")
    (tmp_path / "0003-dangling.md").symlink_to("nowhere.md")
    (tmp_path / "around").symlink_to(tmp_path)  # a folder loop, for the index's walk
    log = read_log(tmp_path)
    assert [r.name for r in log.records] == ["0001-kept.md"]
    assert any("0002-loop.md" in p and "loop" in p for p in log.problems), log.problems
    assert "0003-dangling.md is a symbolic link to nothing" in log.problems
    assert save_record(tmp_path, titled("next")).number == 4  # the loop's number is taken


def test_an_unreadable_record_is_listed_with_the_reason(tmp_path, monkeypatch):
    saved = save_record(tmp_path, titled("secret"))
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self.name == saved.name:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    log = read_log(tmp_path)
    assert [(r.name, r.status) for r in log.records] == [(saved.name, "unknown")]
    assert log.problems == (f"{saved.name} cannot be read: permission denied",)


def test_opening_a_record_gives_its_scenario_back(tmp_path):
    saved = save_record(tmp_path, content("warehouse_robot"))
    scenario = parse_scenario(open_record(saved))
    assert scenario.name == preset_by_id("warehouse_robot").scenario.name


# --- superseding -------------------------------------------------------------------------------


def test_superseding_writes_adr_tools_links_in_both_records_and_both_scenarios(tmp_path):
    old = save_record(tmp_path, titled("Run QC on the edge"))
    new = save_record(tmp_path, titled("Move inspection to a site server"))

    old_after, new_after = supersede(old, new)

    assert status_section(old.path) == [
        f"Superseded by [2. Move inspection to a site server]({new.name})"
    ]
    assert status_section(new.path) == [
        "Proposed",
        f"Supersedes [1. Run QC on the edge]({old.name})",
    ]
    old_scenario = parse_scenario(open_record(old_after))
    new_scenario = parse_scenario(open_record(new_after))
    assert (old_scenario.decision.status, old_scenario.decision.superseded_by) == (
        "superseded",
        new.name,
    )
    assert new_scenario.decision.supersedes == (old.name,)
    assert (old_after.status, old_after.superseded_by) == ("superseded", new.name)
    assert [r.status_words for r in list_records(tmp_path)] == [
        "superseded by 0002",
        "proposed · supersedes 0001",
    ]


def test_superseding_leaves_every_other_line_byte_identical(tmp_path):
    old = save_record(tmp_path, content("factory_qc_camera"))
    new = save_record(tmp_path, content("law_firm_documents"))
    befores = {path: lines_of(path) for path in (old.path, new.path)}
    supersede(old, new)
    for path, before in befores.items():
        after = lines_of(path)
        status = before.index("## Status")
        context = before.index("## Context and Problem Statement")
        assert after[:status] == before[:status]  # title and metadata
        assert (
            after[after.index("## Context and Problem Statement") :][
                : before.index(RECORD_BEGIN) - context
            ]
            == before[context : before.index(RECORD_BEGIN)]
        )
        # The evaluation a reader gets from the record is unchanged, and its text still reads
        # as its scenario renders it.
        text_after = "\n".join(after)
        scenario = parse_scenario(text_after)
        assert evaluation_json(evaluate(scenario)) == evaluation_json(
            evaluate(parse_scenario("\n".join(before)))
        )
        assert prose_drift(text_after, evaluate(scenario)) == ""


def test_a_superseded_record_keeps_decision_makers_and_stays_readable_markdown(tmp_path):
    record = content(decision_makers=("Ana", HOSTILE), notes="fenced ``` inside")
    old = save_record(tmp_path, record)
    new = save_record(tmp_path, record)
    supersede(old, new)
    head = read_head(text_lines(open_record(old)))
    assert dict(head.items)["Decision-makers"] == f"Ana, {text(HOSTILE)}"
    assert parse_scenario(open_record(old)).decision.decision_makers == ("Ana", HOSTILE)
    lines = lines_of(old.path)
    assert lines[lines.index(RECORD_BEGIN) + 1] == "````yaml"  # outlasts the note's ```


def test_a_record_cannot_supersede_itself(tmp_path):
    saved = save_record(tmp_path, titled("x"))
    before = open_record(saved)
    with pytest.raises(ValueError, match="itself"):
        supersede(saved, saved)
    assert open_record(saved) == before


def test_an_older_record_cannot_supersede_a_newer_one_and_nothing_is_written(tmp_path):
    older = save_record(tmp_path, titled("older"))
    newer = save_record(tmp_path, titled("newer"))
    texts = open_record(older), open_record(newer)
    with pytest.raises(ValueError, match=r"record 0001 cannot supersede record 0002.*newer"):
        supersede(newer, older)
    assert (open_record(older), open_record(newer)) == texts


def test_a_record_superseding_two_older_ones_keeps_both_links(tmp_path):
    first, second, third = (save_record(tmp_path, titled(n)) for n in ("a", "b", "c"))
    supersede(first, third)
    supersede(second, third)
    assert status_section(third.path) == [
        "Proposed",
        f"Supersedes [1. a]({first.name})",
        f"Supersedes [2. b]({second.name})",
    ]
    assert parse_scenario(open_record(third)).decision.supersedes == (first.name, second.name)
    for old in (first, second):
        assert status_section(old.path) == [f"Superseded by [3. c]({third.name})"]
    # Marking the same pair again names the old record once, not twice.
    supersede(second, third)
    assert parse_scenario(open_record(third)).decision.supersedes == (first.name, second.name)


def test_superseding_a_file_that_is_not_a_record_changes_nothing(tmp_path):
    good = save_record(tmp_path, titled("good"))
    before = open_record(good)
    broken = tmp_path / "0002-broken.md"
    broken.write_text("no title, no scenario", encoding="utf-8")
    broken_record = list_records(tmp_path)[1]
    with pytest.raises(ValueError):
        supersede(good, broken_record)
    assert open_record(good) == before
    assert broken.read_text(encoding="utf-8") == "no title, no scenario"


def test_a_new_record_that_names_a_logged_one_links_it_by_its_adr_title(tmp_path):
    first = save_record(tmp_path, titled("Run QC on the edge"))
    newer = content(title="Move to a site server", supersedes=(first.name, "0099-gone.md"))
    saved = save_record(tmp_path, newer)
    assert status_section(saved.path) == [
        "Proposed",
        f"Supersedes [1. Run QC on the edge]({first.name})",
        "Supersedes [0099-gone.md](0099-gone.md)",  # not in the folder: named by its file
    ]


# --- the index ----------------------------------------------------------------------------------


def test_saving_writes_the_index_between_adr_logs_markers(tmp_path):
    first = save_record(tmp_path, titled("Run QC on the edge"))
    second = save_record(tmp_path, titled(HOSTILE))
    index = (tmp_path / INDEX_NAME).read_text(encoding="utf-8")
    between = index.split("<!-- adrlog -->\n\n", 1)[1].split("\n\n<!-- adrlogstop -->", 1)[0]
    assert between.splitlines() == [
        f"* [ADR-0001]({first.name}) - Run QC on the edge",
        f"* [ADR-0002]({second.name}) - {text(HOSTILE)}",
    ]
    assert index.startswith("# Decision log\n") and index.endswith(".\n")


def test_the_index_is_what_adr_log_would_make_of_itself_so_a_second_run_changes_nothing(tmp_path):
    save_record(tmp_path, titled("a"))
    index = (tmp_path / INDEX_NAME).read_text(encoding="utf-8")
    assert index_text(index, tmp_path) == index


def test_a_users_own_index_keeps_its_text_around_the_list(tmp_path):
    (tmp_path / INDEX_NAME).write_text(
        "# Our decisions\n\nRead these first.\n\n<!-- adrlog -->\n\nstale\n\n<!-- adrlogstop -->"
        "\n\nMaintained by the platform team.\n",
        encoding="utf-8",
    )
    saved = save_record(tmp_path, titled("a"))
    assert (tmp_path / INDEX_NAME).read_text(encoding="utf-8") == (
        "# Our decisions\n\nRead these first.\n\n<!-- adrlog -->\n\n"
        f"* [ADR-0001]({saved.name}) - a\n\n<!-- adrlogstop -->\n\n"
        "Maintained by the platform team.\n"
    )


def test_an_index_with_two_lists_is_left_alone_and_the_log_says_why(tmp_path):
    two = "<!-- adrlog -->\n\n<!-- adrlogstop -->\n\n<!-- adrlog -->\n\n<!-- adrlogstop -->\n"
    (tmp_path / INDEX_NAME).write_text(two, encoding="utf-8")
    save_record(tmp_path, titled("a"))
    assert (tmp_path / INDEX_NAME).read_text(encoding="utf-8") == two
    assert any("more than one list" in p for p in read_log(tmp_path).problems)


def test_the_index_lists_markdown_files_as_adr_log_finds_and_orders_them(tmp_path):
    # adr-log's own rules, read from its source: every *.md but index.md and hidden ones,
    # sorted as JavaScript's localeCompare does, numbered from the file name.
    for name, first_line in {
        "0002-b.md": "# 2. B",
        "10000-x.md": "# 10000. Ten thousand",
        "0001-2fa-login.md": "# 1. 2FA",
        "README.md": "# Read me",
        "readme-notes.md": "# notes",
        ".hidden.md": "# hidden",
        "sub/nested.md": "# Nested",
    }.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{first_line}\n\ntext\n", encoding="utf-8")
    (tmp_path / "old.md").write_text("---\nindex: 7\n---\n\n# Old title\n", encoding="utf-8")
    assert adr_log_list(tmp_path).splitlines() == [
        "* [ADR-0001-2](0001-2fa-login.md) - 2FA",
        "* [ADR-0002](0002-b.md) - B",
        "* [ADR-10000](10000-x.md) - Ten thousand",
        "* [ADR-7](old.md) - ",  # adr-log reads the blank line after the front matter
        "* [ADR-1](readme-notes.md) - notes",
        "* [ADR-2](README.md) - Read me",
        "* [ADR-3](sub/nested.md) - Nested",
    ]


def test_names_sort_as_javascripts_locale_compare_does():
    names = ["a.md", "A.md", "a-b.md", "a_b.md", "ab.md", "a/b.md", "10000-x.md", "9999-y.md"]
    assert sorted(names, key=adr_index._collation_key) == [
        "10000-x.md",
        "9999-y.md",
        "a_b.md",
        "a-b.md",
        "a.md",
        "A.md",
        "a/b.md",
        "ab.md",
    ]


# --- records of the old layout (YAML front matter first) ---------------------------------------


@pytest.fixture
def old_log(tmp_path) -> Path:
    """Two records as the studio wrote them before the ADR-tool layout (the second
    supersedes the first), copied from tests/corpus/old_log."""
    folder = tmp_path / "decisions"
    shutil.copytree(OLD_LOG, folder)
    return folder


def test_records_of_the_old_layout_load_and_are_listed_as_such(old_log):
    log = read_log(old_log)
    assert [(r.number, r.layout, r.status_words, r.date) for r in log.records] == [
        (1, FRONT_MATTER, "superseded by 0002", "2026-03-03"),
        (2, FRONT_MATTER, "proposed · supersedes 0001", "2026-04-01"),
    ]
    assert log.records[1].title == "Move inspection to a site server"
    assert log.old_layout == log.records
    assert parse_scenario(open_record(log.records[0])).decision.decision_makers == (
        "Ana Ruiz",
        "Ben Okafor",
    )


def test_rewriting_old_records_keeps_every_field_the_text_and_the_scenario(old_log):
    befores = {r.name: (open_record(r), r) for r in read_log(old_log).records}
    done, problems = upgrade_records(old_log)
    assert problems == ()
    assert [r.layout for r in done] == [CURRENT, CURRENT]
    assert read_log(old_log).old_layout == ()
    for record in read_log(old_log).records:
        before_text, before = befores[record.name]
        after_text = open_record(record)
        # Every field the old record carried, now where the ADR tools read it.
        assert (record.title, record.status, record.date, record.links) == (
            before.title,
            before.status,
            before.date,
            before.links,
        )
        assert after_text.splitlines()[0] == f"# {record.number}. {text(record.title)}"
        # The scenario is the same; the text from the first section on is kept line for line.
        assert parse_scenario(after_text) == parse_scenario(before_text)
        old_body = before_text[before_text.index("## Context and Problem Statement") :]
        assert after_text.endswith(old_body)
    first = read_log(old_log).records[0]
    head = read_head(text_lines(open_record(first)))
    assert dict(head.items) == {
        "Date": "2026-03-03",
        "Decision-makers": "Ana Ruiz, Ben Okafor",
        "Consulted": "Data protection officer",
        "Informed": "Partners",
    }
    newer = "0002-move-inspection-to-a-site-server.md"
    assert status_section(first.path) == [
        f"Superseded by [2. Move inspection to a site server]({newer})"
    ]


def test_front_matter_edited_by_hand_wins_and_keys_of_its_own_are_kept(old_log):
    path = old_log / "0002-move-inspection-to-a-site-server.md"
    edited = path.read_text(encoding="utf-8").replace(
        'status: "proposed"', 'status: "accepted"\nticket: "OPS-42"', 1
    )
    rewritten = upgraded_text(edited, 2, {})
    assert "* ticket: OPS-42" in rewritten.splitlines()
    assert parse_scenario(rewritten).decision.status == "accepted"
    assert "Accepted" in rewritten.splitlines()


def test_superseding_an_old_record_rewrites_it_in_the_new_layout(old_log):
    old, new = read_log(old_log).records
    third = save_record(old_log, titled("Third"))
    supersede(new, third)
    after = {r.name: r for r in read_log(old_log).records}
    assert after[new.name].layout == CURRENT
    assert after[new.name].status_words == "superseded by 0003 · supersedes 0001"
    assert after[old.name].layout == FRONT_MATTER  # not touched


def test_an_upgraded_record_reads_as_its_scenario_renders_it(tmp_path):
    scenario = preset_by_id("factory_qc_camera").scenario
    evaluation = evaluate(with_decision(scenario, decision_makers=("Ana",), status="accepted"))
    old_text = old_layout_text(record_with_read_figures(evaluation, TODAY))
    assert prose_drift(old_text, evaluation) == ""
    new_text = upgraded_text(old_text, 5, {})
    assert new_text.startswith("# 5. ")
    assert prose_drift(new_text, evaluation) == ""


def old_layout_text(record: RecordContent) -> str:
    """A record as the studio wrote it before the ADR-tool layout: YAML front matter, a blank
    line, the title, then the same sections."""
    front = "\n".join(
        f"{key}: {json.dumps(list(value) if isinstance(value, tuple) else value)}"
        for key, value in record.metadata.items()
    )
    body = render_markdown(record).split("\n## Context and Problem Statement\n", 1)[1]
    return (
        f"---\n{front}\n---\n\n# {text(record.title)}\n\n## Context and Problem Statement\n{body}"
    )


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


def test_a_symbolic_link_loop_on_the_way_to_the_folder_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(ValueError, match=r"the path loop/decisions cannot be followed: .*loop"):
        resolve_log_folder("loop/decisions", tmp_path)
    with pytest.raises(ValueError, match="cannot be followed"):
        resolve_log_folder("decisions", tmp_path / "loop")
