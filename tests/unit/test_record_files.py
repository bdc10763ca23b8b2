"""A record is told from a scenario by its structure alone, so any text a user types survives
download and upload as YAML and as Markdown; and a record whose text no longer reads as its
scenario renders it says so, naming the first line that differs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from records import record_with_read_figures

from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import preset_by_id
from scoring.io.record_files import (
    NOT_A_RECORD,
    is_record,
    prose_drift,
    split_record,
)
from scoring.io.scenario_files import parse_scenario
from scoring.model.codec import (
    ScenarioError,
    scenario_from_dict,
    scenario_to_dict,
    scenario_to_yaml,
)
from scoring.model.scenario import Scenario
from scoring.report.markdown import render_markdown
from scoring.report.record import RECORD_BEGIN, RECORD_END

TODAY = dt.date(2026, 11, 26)
# What a user might paste that looks like a record's structure.
LOOKALIKES = (
    RECORD_BEGIN,
    RECORD_END,
    f"{RECORD_BEGIN}\n```yaml\nname: hijack\n```\n{RECORD_END}",
    "```",
    "````yaml",
    "---",
    "# Title",
    "# 3. Title",
    "## Status",
    "Superseded by [1. x](0001-x.md)",
    "\r\n",
    "\u2028",
)
TYPED = st.one_of(
    st.text(max_size=120),
    st.lists(st.one_of(st.sampled_from(LOOKALIKES), st.text(max_size=20)), max_size=6).map(
        "\n".join
    ),
)


@cache
def factory() -> Evaluation:
    return evaluate(preset_by_id("factory_qc_camera").scenario, draws=100)


def with_texts(**texts: object) -> Scenario | None:
    """The factory scenario with the user's texts, or None when the model refuses them."""
    data = scenario_to_dict(factory().scenario)
    for path, value in texts.items():
        section, _, field = path.rpartition("__")
        (data[section] if section else data)[field] = value
    try:
        return scenario_from_dict(data)
    except ScenarioError:
        return None


def record_text(scenario: Scenario, number: int | None = None) -> str:
    """The record of `scenario` (its texts change nothing the engine computes)."""
    return render_markdown(
        record_with_read_figures(replace(factory(), scenario=scenario), TODAY), number
    )


def dated(scenario: Scenario) -> Scenario:
    decision = scenario.decision.model_copy(update={"date": TODAY.isoformat()})
    return scenario.model_copy(update={"decision": decision})


# --- round trips -----------------------------------------------------------------------------


@given(
    name=TYPED,
    description=TYPED,
    notes=TYPED,
    title=TYPED,
    makers=st.lists(TYPED, max_size=3),
    quality=TYPED,
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_a_user_types_survives_download_and_upload_as_yaml_and_as_markdown(
    name, description, notes, title, makers, quality
):
    scenario = with_texts(
        name=name,
        description=description,
        decision__notes=notes,
        decision__title=title,
        decision__decision_makers=makers,
        requirements__quality_measurement=quality,
    )
    assume(scenario is not None)
    downloaded = scenario_to_yaml(scenario)
    for file_name in ("scenario.yaml", "scenario.yml", ""):
        assert parse_scenario(downloaded, file_name) == scenario
    assert not is_record(downloaded)
    record = record_text(scenario)
    for file_name in ("record.md", "pasted.yaml", ""):
        assert parse_scenario(record, file_name) == dated(scenario)
    loaded = parse_scenario(record)
    assert prose_drift(record, replace(factory(), scenario=loaded)) == ""


def test_a_scenario_quoting_the_markers_is_a_scenario_not_a_record():
    scenario = with_texts(
        description=f"Our template:\n{RECORD_BEGIN}\n```yaml\nname: other\n```\n{RECORD_END}",
        decision__notes=RECORD_END,
    )
    assert scenario is not None
    downloaded = scenario_to_yaml(scenario)
    assert RECORD_BEGIN in downloaded and split_record(downloaded) is None
    assert parse_scenario(downloaded, "scenario.yaml") == scenario


def test_a_record_is_recognised_by_its_structure_whatever_its_file_is_called():
    record = record_text(factory().scenario, 4)
    for text in (record, record.replace("\n", "\r\n"), "\ufeff" + record, record + "\n\n"):
        assert parse_scenario(text, "pasted.yaml") == dated(factory().scenario)


def test_markdown_that_only_quotes_the_markers_is_not_a_record():
    note = f"Meeting notes\n\nWe paste records between {RECORD_BEGIN} and {RECORD_END}.\n"
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(note, "notes.md")
    assert refused.value.problems == (NOT_A_RECORD,)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda text: text + "\n# Notes added later\n", "text follows the record's scenario"),
        (lambda text: text.replace(RECORD_END, ""), "has no end marker"),
        (lambda text: text.replace(f"{RECORD_BEGIN}\n", "", 1), "must stand on the line before"),
        (lambda text: text.replace("```yaml\n", "", 1), "has no opening"),
    ],
)
def test_a_record_with_a_damaged_scenario_block_says_what_is_wrong(damage, problem):
    text = damage(record_text(factory().scenario))
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(text, "record.md")
    assert len(refused.value.problems) == 1 and problem in refused.value.problems[0]


# --- text edited by hand ------------------------------------------------------------------------


def drift_of(text: str) -> str:
    return prose_drift(text, evaluate(parse_scenario(text), draws=100))


def test_a_record_as_written_reads_as_its_scenario_renders_it():
    assert drift_of(record_text(factory().scenario, 12)) == ""


def test_a_number_edited_in_the_prose_is_named_with_its_line_and_both_readings():
    text = record_text(factory().scenario, 3)
    row = "| Maximum acceptable response time (p95) | 100 ms |"
    line = text.splitlines().index(row) + 1
    edited = text.replace(row, row.replace("100 ms", "100000 ms"))
    drift = drift_of(edited)
    assert f"first at line {line}:" in drift
    assert "100000 ms |”" in drift and "| 100 ms |”" in drift
    assert parse_scenario(edited) == parse_scenario(text)  # the scenario still loads


def test_a_line_taken_out_is_named_too():
    text = record_text(factory().scenario)
    lines = text.splitlines()
    gone = lines.index("## Decision Drivers")
    drift = drift_of("\n".join(lines[:gone] + lines[gone + 1 :]) + "\n")
    assert f"first at line {gone + 1}:" in drift


def test_adr_tools_superseding_a_record_shows_in_its_status_line():
    # `adr new -s 3 ...` removes the status word and appends the link to the newer record.
    text = record_text(factory().scenario, 3)
    edited = text.replace(
        "## Status\n\nProposed\n", "## Status\n\nSuperseded by [4. Next](0004-next.md)\n", 1
    )
    line = text.splitlines().index("Proposed") + 1
    assert f"first at line {line}:" in drift_of(edited)
