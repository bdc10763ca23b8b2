"""The decision log read by the real ADR tools: adr-tools (Debian package `adr-tools`) lists
every record with its title and follows the supersede links; adr-log (npm `adr-log`, pinned
in .ci/run) finds nothing to change in the index the studio keeps.

Skipped when the tools are missing, except under CI=true, where that fails (.ci/run installs
them).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.io.adr_index import INDEX_NAME
from scoring.io.decision_log import (
    LoggedRecord,
    list_records,
    save_record,
    supersede,
    upgrade_records,
)
from scoring.io.presets import preset_by_id
from scoring.io.record_files import prose_drift
from scoring.io.scenario_files import parse_scenario
from scoring.report.markdown import text
from scoring.report.record import RecordContent

OLD_LOG = Path(__file__).resolve().parents[1] / "corpus" / "old_log"
ODD_TITLE = "Run $x on [edge] *now* | <b>2026</b>"


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    found = {name: shutil.which(name) for name in ("adr", "adr-log")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (.ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found  # type: ignore[return-value]


@cache
def record(preset_id: str, title: str = "") -> RecordContent:
    scenario = preset_by_id(preset_id).scenario
    if title:
        decision = scenario.decision.model_copy(update={"title": title})
        scenario = scenario.model_copy(update={"decision": decision})
    return record_with_read_figures(evaluate(scenario, draws=100), dt.date(2026, 1, 5))


@pytest.fixture
def project(tmp_path) -> Path:
    """A repository whose decisions/ folder adr-tools uses (its .adr-dir says so)."""
    (tmp_path / ".adr-dir").write_text("decisions\n", encoding="utf-8")
    (tmp_path / "decisions").mkdir()
    return tmp_path


def adr(project: Path, *args: str) -> str:
    done = subprocess.run(
        ["adr", *args], cwd=project, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def adr_links(project: Path, number: int) -> list[str]:
    """adr-tools' own reading of a record's links ("2=Superseded by"), the one behind
    `adr generate graph`."""
    script = Path(shutil.which("adr") or "").read_text(encoding="utf-8")
    libexec = re.search(r"^adr_bin_dir=(.+)$", script, re.M).group(1)  # type: ignore[union-attr]
    done = subprocess.run(
        [f"{libexec}/_adr_links", str(number)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()


def adr_log_changes_nothing(folder: Path) -> None:
    """Run adr-log as its README says and compare the index byte for byte."""
    before = (folder / INDEX_NAME).read_bytes()
    subprocess.run(
        ["adr-log", "-d", ".", "-i"], cwd=folder, capture_output=True, timeout=120, check=True
    )
    after = (folder / INDEX_NAME).read_bytes()
    assert after == before, f"adr-log rewrote the index:\n{after.decode()}"


def toc_line(saved: LoggedRecord) -> str:
    return f"* [{saved.number}. {text(saved.title)}]({saved.name})"


def test_adr_tools_and_adr_log_read_every_record_the_studio_writes(tools, project):
    folder = project / "decisions"
    first = save_record(folder, record("law_firm_documents"))
    second = save_record(folder, record("factory_qc_camera", "Move inspection to a site server"))
    third = save_record(folder, record("retail_store_analytics", ODD_TITLE))
    supersede(first, second)

    # adr-tools: every record listed, each with its number and title.
    assert adr(project, "list").split() == [f"decisions/{r.name}" for r in (first, second, third)]
    toc = adr(project, "generate", "toc").splitlines()
    assert toc[2:] == [toc_line(first), toc_line(second), toc_line(third)]
    assert toc_line(third) == (
        f"* [3. Run \\$x on \\[edge\\] \\*now\\* \\| &lt;b&gt;2026&lt;/b&gt;]({third.name})"
    )
    # adr-tools follows the supersede links both ways.
    assert adr_links(project, 1) == ["2=Superseded by"]
    assert adr_links(project, 2) == ["1=Supersedes"]
    assert '_2 -> _1 [label="Supersedes", weight=0]' in adr(project, "generate", "graph")

    # adr-log: the index already is what it would write, titles included.
    index = (folder / INDEX_NAME).read_text(encoding="utf-8")
    assert f"* [ADR-0002]({second.name}) - Move inspection to a site server\n" in index
    adr_log_changes_nothing(folder)


def test_a_record_adr_tools_supersedes_shows_so_in_the_studio(tools, project):
    folder = project / "decisions"
    saved = save_record(folder, record("factory_qc_camera", "Run QC on the edge"))
    adr(project, "new", "-s", "1", "Move QC to the cloud")  # adr-tools' own record 0002
    old, new = list_records(folder)
    assert (old.status, old.superseded_by) == ("superseded", new.name)
    assert (new.title, new.status) == ("Move QC to the cloud", "accepted")
    # The scenario still loads; its text now says what its scenario does not: adr-tools
    # appended the link after the status word (it removes only "Accepted").
    edited = saved.path.read_text(encoding="utf-8")
    lines = edited.splitlines()
    assert lines[lines.index("## Status") + 1 :][:4] == [
        "",
        "Proposed",
        "",
        f"Superseded by [2. Move QC to the cloud]({new.name})",
    ]
    drift = prose_drift(edited, evaluate(parse_scenario(edited), draws=100))
    line = lines.index(f"Superseded by [2. Move QC to the cloud]({new.name})") + 1
    assert f"first at line {line}: it reads “Superseded by [2. Move QC" in drift
    # The studio's next record takes the next number, and the index lists all three.
    assert save_record(folder, record("law_firm_documents")).number == 3
    adr_log_changes_nothing(folder)


def test_the_index_matches_adr_log_on_a_folder_with_files_of_every_kind(tools, project):
    folder = project / "decisions"
    (folder / "9999-the-last-four-digit-one.md").write_text("# 9999. Last\n", encoding="utf-8")
    (folder / "README.md").write_text("# Read me first\n\nAbout this folder.\n", "utf-8")
    (folder / "notes-UPPER.md").write_text("\ufeff# With a byte-order mark\n", "utf-8")
    (folder / "windows.md").write_bytes(b"# Written on Windows\r\n\r\nText.\r\n")
    (folder / "dated.md").write_text("---\ndate: 2025-02-03\n---\n# Dated\n", "utf-8")
    (folder / "templates").mkdir()
    (folder / "templates" / "template.md").write_text("# NUMBER. TITLE\n", "utf-8")
    (folder / "around").symlink_to(".")  # a link loop: adr-log enters it once
    (folder / ".hidden.md").write_text("# hidden\n", "utf-8")
    for name in ("x_y.md", "x-y.md", "x.md", "X.md", "x y.md", "x.y.md"):  # collation order
        (folder / name).write_text(f"# {name}\n", "utf-8")
    save_record(folder, record("factory_qc_camera", "2026. A title that starts with a year"))
    save_record(folder, record("law_firm_documents", ODD_TITLE))
    assert [r.number for r in list_records(folder)] == [9999, 10000, 10001]
    adr_log_changes_nothing(folder)


def test_a_users_own_index_keeps_its_words_and_adr_log_agrees(tools, project):
    folder = project / "decisions"
    (folder / INDEX_NAME).write_text(
        "# Platform decisions\n\nAsk #platform before adding one.\n\n<!-- adrlog -->\n\n"
        "<!-- adrlogstop -->\n\nLast reviewed in March.\n",
        encoding="utf-8",
    )
    save_record(folder, record("factory_qc_camera"))
    index = (folder / INDEX_NAME).read_text(encoding="utf-8")
    assert index.startswith("# Platform decisions\n") and index.endswith("March.\n")
    adr_log_changes_nothing(folder)


def test_old_records_become_readable_to_both_tools_once_rewritten(tools, project):
    folder = project / "decisions"
    shutil.rmtree(folder)
    shutil.copytree(OLD_LOG, folder)
    newest = save_record(folder, record("retail_store_analytics"))
    # Before: adr-tools reads "-" (the front matter's first line) and adr-log an empty title,
    # and the studio's index says the same as adr-log.
    assert adr(project, "generate", "toc").splitlines()[2].startswith("* [-](0001-")
    adr_log_changes_nothing(folder)

    done, problems = upgrade_records(folder)
    assert (len(done), problems) == (2, ())
    records = list_records(folder)
    assert adr(project, "generate", "toc").splitlines()[2:] == [toc_line(r) for r in records]
    assert adr_links(project, 1) == ["2=Superseded by"]
    assert adr_links(project, 2) == ["1=Supersedes"]
    assert records[-1] == newest
    adr_log_changes_nothing(folder)
