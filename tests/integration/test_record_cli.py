"""The command line on decision records: records of both layouts load, a record edited by hand
loads with a warning on stderr (exit 0, the JSON untouched), and `log` lists a folder and
rewrites its old records."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.io.decision_log import read_log, save_record
from scoring.io.presets import preset_by_id
from scoring.report.record import RECORD_BEGIN, RECORD_END

ROOT = Path(__file__).resolve().parents[2]
OLD_LOG = ROOT / "tests" / "corpus" / "old_log"
# The contract's keys and the price of the verdict (issue 13), nothing printed besides.
CONTRACT_KEYS = {
    "name",
    "recommendation",
    "horizon_months",
    "break_even_month",
    "options",
    "price_of_verdict",
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_record_edited_by_hand_evaluates_with_a_warning_naming_the_line(tmp_path):
    scenario = preset_by_id("factory_qc_camera").scenario
    saved = save_record(tmp_path, record_with_read_figures(evaluate(scenario), dt.date(2026, 1, 5)))
    row = "| Maximum acceptable response time (p95) | 100 ms |"
    text = saved.path.read_text(encoding="utf-8")
    line = text.splitlines().index(row) + 1
    saved.path.write_text(text.replace(row, row.replace("100 ms", "100000 ms")), "utf-8")

    done = run("evaluate", str(saved.path), "--json")

    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == CONTRACT_KEYS  # stdout stays pure JSON
    [warning] = done.stderr.splitlines()
    assert warning.startswith(f"warning: {saved.path}: the record's text differs")
    assert f"first at line {line}:" in warning and "100000 ms" in warning
    assert "Traceback" not in done.stderr


def test_a_record_as_written_evaluates_without_a_word_on_stderr(tmp_path):
    scenario = preset_by_id("factory_qc_camera").scenario
    saved = save_record(tmp_path, record_with_read_figures(evaluate(scenario), dt.date(2026, 1, 5)))
    for command in (("evaluate", "--json"), ("validate",)):
        done = run(command[0], str(saved.path), *command[1:])
        assert (done.returncode, done.stderr) == (0, "")


def test_records_of_the_old_layout_still_evaluate_and_give_a_record_in_the_new_one(tmp_path):
    old = OLD_LOG / "0002-move-inspection-to-a-site-server.md"
    done = run("evaluate", str(old), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Factory quality-control camera"
    out = tmp_path / "again.md"
    assert run("record", str(old), "--out", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Move inspection to a site server\n")


def test_log_lists_a_folder_and_upgrade_rewrites_its_old_records(tmp_path):
    folder = tmp_path / "decisions"
    shutil.copytree(OLD_LOG, folder)
    listed = run("log", str(folder))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "0001  2026-03-03  superseded by 0002  Law-firm document assistant: run the model on "
        "the edge  (old layout: front matter first)",
        "0002  2026-04-01  proposed · supersedes 0001  Move inspection to a site server  "
        "(old layout: front matter first)",
    ]
    upgraded = run("log", str(folder), "--upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stderr.splitlines() == [
        "rewrote 0001-law-firm-document-assistant-run-the-model-on-the-edge.md",
        "rewrote 0002-move-inspection-to-a-site-server.md",
    ]
    assert "old layout" not in upgraded.stdout
    assert read_log(folder).old_layout == ()
    assert (folder / "index.md").is_file()


def test_log_of_a_folder_that_does_not_exist_exits_2(tmp_path):
    done = run("log", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path / 'nowhere'}: no such folder\n"


def test_a_markdown_file_without_the_scenario_markers_is_refused_with_exit_status_2(tmp_path):
    note = tmp_path / "notes.md"
    note.write_text("---\nstatus: proposed\n---\n\n# Our notes\n\nNo scenario here.\n")
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "validate", str(note)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    message = done.stderr + done.stdout
    assert "this Markdown file is not a decision record" in message
    assert RECORD_BEGIN in message and RECORD_END in message
    assert "Traceback" not in message
