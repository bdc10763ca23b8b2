"""`python -m scoring` as a user runs it, in a subprocess: exit status, what goes to stdout and
stderr, and files written (DESIGN section 5). The JSON contract per preset is in
test_engine_presets.py, the refusal of hostile files in test_hostile_input.py."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from command_line import run_cli
from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.io.presets import bundled_presets
from scoring.io.scenario_files import parse_scenario
from scoring.report.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
PRESET_FILES = sorted((ROOT / "presets").glob("*.yaml"))
BASE = "name: A scenario\n"


def section_headings(markdown: str) -> list[str]:
    """The record's `## ` headings, outside fenced code."""
    headings, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            headings.append(line[3:])
    return headings


# --- validate, presets, schema ----------------------------------------------------------------


def test_cli_validate_accepts_a_good_file_with_ok_and_exit_0():
    result = run_cli("validate", str(PRESET_FILES[0]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")


def test_cli_validate_rejects_a_bad_file_with_exit_2_naming_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE + "requirements:\n  devices: -3\n", encoding="utf-8")
    result = run_cli("validate", str(bad))
    assert result.returncode == 2
    assert "requirements.devices" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_validate_reports_a_missing_file_without_a_traceback(tmp_path):
    result = run_cli("validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_cli_presets_lists_every_preset():
    result = run_cli("presets")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert listed == {path.stem for path in PRESET_FILES}
    assert {preset.id for preset in bundled_presets()} == listed


def test_cli_schema_prints_a_json_schema_that_every_preset_satisfies():
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in PRESET_FILES:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert not errors, f"{path.name}: {errors}"


def test_cli_schema_rejects_what_the_model_rejects():
    schema = json.loads(run_cli("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"name": "x", "requirements": {"devices": -3}})
    assert not validator.is_valid({"name": "x", "colour": "blue"})


# --- record ----------------------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", ["consumer_chat_service"])  # every preset: in process
def test_the_command_line_record_evaluates_like_its_scenario(preset_id, tmp_path):
    preset = ROOT / "presets" / f"{preset_id}.yaml"
    record = tmp_path / "record.md"

    def run(*args: str) -> str:
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("record", str(preset), "--out", str(record))
    in_process = render_markdown(
        record_with_read_figures(evaluate(parse_scenario(preset.read_bytes())))
    )
    assert section_headings(record.read_text(encoding="utf-8")) == section_headings(in_process)
    assert json.loads(run("evaluate", str(record), "--json")) == json.loads(
        run("evaluate", str(preset), "--json")
    )


def test_the_command_line_writes_the_html_report(tmp_path):
    report = tmp_path / "record.html"
    done = run_cli(
        "record", str(ROOT / "presets" / "warehouse_robot.yaml"), "--out", str(report), "--html"
    )
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Plotly.newPlot" in text
