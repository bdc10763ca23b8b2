"""The decision record: every MADR section, numbers equal to the evaluation's, pictures that
GitHub draws, the scenario carried for a round trip, and user text that stays text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import html
import json
import math
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.offline import get_plotlyjs_version
from records import record_with_read_figures
from scenarios import preset_evaluation

from scoring.catalog.loader import short_key
from scoring.engine.confirmation import thresholds
from scoring.engine.devices import PLACEMENT_WORDS
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.engine.latency import LatencyPart, LatencyPath, OptionLatency
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.io.record_files import read_head, text_lines
from scoring.io.scenario_files import parse_scenario
from scoring.model.scenario import Scenario
from scoring.model.units import format_volume, usd, usd_per_1k
from scoring.model.vocabulary import CRITERIA, CRITERION_LABELS, OPTION_LABELS, OPTIONS, lower_first
from scoring.report.blocks import Chart
from scoring.report.charts import RECORD_CHARTS
from scoring.report.contract import evaluation_json
from scoring.report.cost_readings import break_even_readings, verdict_price_sentence
from scoring.report.figures_in_use import used_figures
from scoring.report.html import PLOTLY_BUNDLE, plotly_bundle_base64, render_html
from scoring.report.latency_readings import latency_sentence
from scoring.report.markdown import plain_text, render_markdown
from scoring.report.markdown import text as escaped
from scoring.report.record import (
    NICE_STEPS,
    RECORD_BEGIN,
    RECORD_END,
    architecture_diagram,
    default_title,
    diagram_mermaid,
    fleet_phrase,
    interactive_caption,
    nice_ceiling,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)
PRESET_IDS = [preset.id for preset in bundled_presets()]
HOSTILE = "| <script>alert(1)</script> [x](javascript:alert(1))"
SECTIONS = [
    "Status",  # adr-tools' section, where the links between records stand
    "Context and Problem Statement",
    "Decision Drivers",
    "Constraints",
    "Considered Options",
    "Decision Outcome",
    "Criteria Matrix",
    "Pros and Cons of the Options",
    "Latency and Resilience",
    "Costs",
    "Operations Plan",
    "Revisit Triggers",
    "More Information",
]


@cache
def recorded(preset_id: str) -> tuple[Evaluation, str]:
    evaluation = preset_evaluation(preset_id)
    return evaluation, render_markdown(record_with_read_figures(evaluation, TODAY))


def record_of(scenario: Scenario) -> tuple[Evaluation, str]:
    evaluation = evaluate(scenario)
    return evaluation, render_markdown(record_with_read_figures(evaluation, TODAY))


# --- reading the Markdown back ------------------------------------------------------------------


def outside_code(markdown: str) -> str:
    """The record without its fenced blocks (the scenario YAML, the Mermaid pictures)."""
    kept, fence = [], None
    for line in markdown.splitlines():
        match = re.match(r"^(`{3,})", line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and line.startswith(fence) and line.strip("`") == "":
            fence = None
        elif fence is None:
            kept.append(line)
    return "\n".join(kept)


def headings(markdown: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [
        line[len(prefix) :]
        for line in outside_code(markdown).splitlines()
        if line.startswith(prefix)
    ]


def section(markdown: str, title: str) -> str:
    """The text from a `## title` or `### title` heading to the next heading of its level."""
    lines = outside_code(markdown).splitlines()
    start = next(
        i for i, line in enumerate(lines) if re.match(rf"^#{{2,3}} {re.escape(title)}$", line)
    )
    level = len(lines[start].split(" ")[0])
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(rf"^#{{2,{level}}} ", lines[i])),
        len(lines),
    )
    return "\n".join(lines[start:end])


def unescape(cell: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", cell.strip()))


def tables(text: str) -> list[list[list[str]]]:
    """Every pipe table in `text`: rows of cells (header first, rule dropped), unescaped."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            if not all(re.fullmatch(r"-+:?", c.strip()) for c in cells):
                current.append([unescape(c) for c in cells])
        elif current:
            found.append(current)
            current = []
    return found


def table_starting(text: str, header: str) -> list[list[str]]:
    return next(t for t in tables(text) if t[0][0] == header)


def bullets(text: str) -> list[str]:
    return [unescape(line[2:]) for line in text.splitlines() if line.startswith("* ")]


def head_lines(markdown: str) -> list[str]:
    """The record's lines up to its first section after the Status section."""
    lines = markdown.splitlines()
    status = lines.index("## Status")
    end = next(i for i in range(status + 1, len(lines)) if lines[i].startswith("## "))
    return lines[:end]


def metadata(markdown: str) -> dict[str, object]:
    """The metadata list under the title, as a reader reads it: lists of names where the
    record lists several."""
    head = read_head(text_lines(markdown))
    lists = ("Decision-makers", "Consulted", "Informed")
    return {
        label: [plain_text(n) for n in value.split(", ") if n != "-"]
        if label in lists
        else plain_text(value)
        for label, value in head.items
    }


def mermaid_blocks(markdown: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)\n```", markdown, flags=re.S)


# --- sections and front matter ------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_madr_section_is_present_in_order(preset_id):
    _, markdown = recorded(preset_id)
    assert headings(markdown, 2) == SECTIONS
    outcome = section(markdown, "Decision Outcome")
    assert "### Consequences" in outcome and "### Confirmation" in outcome
    assert outcome.index("### Consequences") < outcome.index("### Confirmation")


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_record_starts_with_its_title_then_the_madr_metadata_then_the_status(preset_id):
    evaluation, markdown = recorded(preset_id)
    lines = head_lines(markdown)
    assert lines[0] == f"# {escaped(default_title(evaluation))}"  # what the ADR tools read
    assert lines[1:] == [
        "",
        f"* Date: {TODAY.isoformat()}",
        "* Decision-makers: -",
        "* Consulted: -",
        "* Informed: -",
        "",
        "## Status",
        "",
        "Proposed",
        "",
    ]
    head = read_head(text_lines(markdown))
    assert (head.number, head.status, head.date) == (None, "proposed", TODAY.isoformat())


def test_a_record_saved_in_a_log_carries_its_number_in_the_title_line_as_adr_tools_does():
    evaluation, _ = recorded("factory_qc_camera")
    markdown = render_markdown(record_with_read_figures(evaluation, TODAY), 12)
    assert markdown.startswith(f"# 12. {escaped(default_title(evaluation))}\n")
    assert read_head(text_lines(markdown)).number == 12


def test_the_title_names_the_scenario_and_where_the_model_runs():
    evaluation, markdown = recorded("offshore_field_equipment")
    assert default_title(evaluation) == (
        "Offshore platform predictive maintenance: run the model as a hybrid (detect locally, "
        "analyse trends in the cloud)"
    )
    assert [unescape(h) for h in headings(markdown, 1)] == [default_title(evaluation)]


def test_a_title_set_in_the_scenario_replaces_the_default():
    scenario = preset_by_id("factory_qc_camera").scenario
    scenario = scenario.model_copy(
        update={"decision": scenario.decision.model_copy(update={"title": "Run QC on Jetsons"})}
    )
    _, markdown = record_of(scenario)
    assert headings(markdown, 1) == ["Run QC on Jetsons"]


def test_the_status_lifecycle_reaches_the_metadata_and_the_status_section():
    scenario = preset_by_id("factory_qc_camera").scenario
    decision = scenario.decision.model_copy(
        update={
            "status": "superseded",
            "superseded_by": "0007-move-to-the-cloud.md",
            "supersedes": ("0002-first-try.md",),
            "date": "2026-01-15",
            "decision_makers": ("Ana Ruiz", "Ben Okafor"),
            "consulted": ("QA lead",),
            "informed": ("Plant managers",),
        }
    )
    _, markdown = record_of(scenario.model_copy(update={"decision": decision}))
    assert metadata(markdown) == {
        "Date": "2026-01-15",
        "Decision-makers": ["Ana Ruiz", "Ben Okafor"],
        "Consulted": ["QA lead"],
        "Informed": ["Plant managers"],
    }
    # adr-tools' words: the status word gives way to the link to the newer record.
    assert head_lines(markdown)[-6:] == [
        "## Status",
        "",
        "Supersedes [0002-first-try.md](0002-first-try.md)",
        "",
        "Superseded by [0007-move-to-the-cloud.md](0007-move-to-the-cloud.md)",
        "",
    ]
    head = read_head(text_lines(markdown))
    assert head.status == "superseded"
    assert [(kind, name) for kind, name, _ in head.links] == [
        ("Supersedes", "0002-first-try.md"),
        ("Superseded by", "0007-move-to-the-cloud.md"),
    ]
    for status in ("accepted", "rejected", "deprecated"):
        changed = scenario.decision.model_copy(update={"status": status})
        _, markdown = record_of(scenario.model_copy(update={"decision": changed}))
        assert read_head(text_lines(markdown)).status == status
        assert status.capitalize() in head_lines(markdown)


def test_a_linked_record_gets_its_title_and_a_typed_name_that_is_no_file_name_stays_text():
    scenario = preset_by_id("factory_qc_camera").scenario
    decision = scenario.decision.model_copy(
        update={"supersedes": ("0002-first-try.md", "x](javascript:alert(1)", "../../x.md")}
    )
    evaluation, _ = record_of(scenario.model_copy(update={"decision": decision}))
    markdown = render_markdown(
        record_with_read_figures(evaluation, TODAY), 3, {"0002-first-try.md": "2. First [try] <b>"}
    )
    assert head_lines(markdown)[-8:] == [
        "Proposed",
        "",
        "Supersedes [2. First \\[try\\] &lt;b&gt;](0002-first-try.md)",
        "",
        "Supersedes x\\](javascript:alert(1)",
        "",
        "Supersedes ../../x.md",
        "",
    ]


# --- numbers equal to the evaluation's ----------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_decision_drivers_give_the_eight_answers_and_the_weights(preset_id):
    evaluation, markdown = recorded(preset_id)
    drivers = section(markdown, "Decision Drivers")
    answers = table_starting(drivers, "Question")
    assert len(answers) - 1 >= 9  # the eight questions plus the data sensitivity
    r = evaluation.scenario.requirements
    assert ["Maximum acceptable response time (p95)", f"{r.max_latency_ms:,.0f} ms"] in answers
    assert ["How many devices, at how many sites?", fleet_phrase(evaluation.scenario)] in answers
    assert f"{r.devices:,}" in fleet_phrase(evaluation.scenario)
    if r.quality_measurement:
        assert [
            "How is model quality measured after deployment?",
            " ".join(r.quality_measurement.split()),
        ] in answers
    weights = table_starting(drivers, "Criterion")
    assert [row[:2] for row in weights[1:]] == [
        [CRITERION_LABELS[c], f"{evaluation.weights.percent(c):.0f} %"] for c in CRITERIA
    ]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_constraints_name_each_hard_requirement_and_the_options_it_rules_out(preset_id):
    evaluation, markdown = recorded(preset_id)
    rows = table_starting(section(markdown, "Constraints"), "Hard requirement")[1:]
    ruled_out = {cell for row in rows for cell in row[1].split(", ")} - {"none"}
    blocked = {r.label for r in evaluation.options.values() if r.blockers}
    assert ruled_out == blocked
    for result in evaluation.options.values():
        for blocker in result.blockers:
            # Several options share a cell, so each message follows its option's name.
            named = f"{result.label}: {lower_first(blocker.message)}"
            assert any(named in row[2] for row in rows), named


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_criteria_matrix_equals_the_evaluations_rounded_scores(preset_id):
    evaluation, markdown = recorded(preset_id)
    matrix = table_starting(section(markdown, "Criteria Matrix"), "Criterion (weight)")
    options = list(evaluation.options.values())
    assert matrix[0] == ["Criterion (weight)", *(r.label for r in options)]
    expected = [
        [
            f"{CRITERION_LABELS[c]} ({evaluation.weights.percent(c):.0f} %)",
            *(f"{r.criteria[c].score:.0f}" for r in options),
        ]
        for c in CRITERIA
    ]
    expected.append(["Weighted total", *(f"{r.score:.1f}" for r in options)])
    expected.append(["Feasible", *("yes" if r.feasible else "no" for r in options)])
    assert matrix[1:] == expected


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_chosen_option_and_the_considered_options_come_from_the_evaluation(preset_id):
    evaluation, markdown = recorded(preset_id)
    considered = bullets(section(markdown, "Considered Options"))
    assert len(considered) == 3
    for item, option in zip(considered, OPTIONS, strict=True):
        assert item.startswith(f"**{OPTION_LABELS[option]}")
    outcome = section(markdown, "Decision Outcome")
    chosen = OPTION_LABELS[evaluation.recommendation]
    assert f'**Chosen option:** "{chosen}' in outcome.replace("\\", "")


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_hybrid_option_names_its_pattern_once_and_says_where_each_part_runs(preset_id):
    evaluation, markdown = recorded(preset_id)
    hybrid = bullets(section(markdown, "Considered Options"))[2]
    deployment = evaluation.options["hybrid"].deployment
    assert hybrid.lower().count(evaluation.hybrid.label.lower()) == 1
    local = deployment.local
    if local.gateway is not None and not local.sites:
        assert "the customers' own devices" in hybrid  # the app queues; no company gateway
    else:
        assert f"{local.device.name} {PLACEMENT_WORDS[local.placement]}" in hybrid
    if deployment.cloud is not None:
        assert deployment.cloud.service_name in hybrid


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_pros_and_cons_explain_every_criterion_of_every_option(preset_id):
    evaluation, markdown = recorded(preset_id)
    text = section(markdown, "Pros and Cons of the Options")
    assert len(headings(text, 3)) == 3
    items = bullets(text)
    for result in evaluation.options.values():
        for c in CRITERIA:
            score = result.criteria[c]
            line = f"{CRITERION_LABELS[c].lower()} {score.score:.0f}/100: "
            line += lower_first(score.sentence)
            assert any(" ".join(line.split()) in item for item in items), line


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_costs_table_equals_the_totals_per_1000_and_the_p10_p90_band(preset_id):
    evaluation, markdown = recorded(preset_id)
    horizon = evaluation.scenario.horizon_months
    rows = table_starting(section(markdown, "Costs"), "Option")
    assert rows[0][1] == f"Total over {horizon} months"
    for row, (option, result) in zip(rows[1:], evaluation.options.items(), strict=True):
        band = evaluation.uncertainty.bands[option]
        per_1k = result.cost_per_1k_requests_usd
        assert row[:4] == [
            result.label,
            usd(result.cost_total_usd),  # as the Costs page states it
            usd_per_1k(per_1k),
            f"{usd(band.total_p10_usd)} to {usd(band.total_p90_usd)}",  # three figures
        ]
        assert band.total_p10_usd <= band.total_p90_usd


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_break_even_sentences_are_the_cost_pages_and_agree_with_the_evaluation(preset_id):
    evaluation, markdown = recorded(preset_id)
    said = [b for b in bullets(section(markdown, "Costs")) if b.startswith("**Break-even:**")]
    readings = break_even_readings(evaluation)
    assert said == [f"**Break-even:** {r.sentence}" for r in readings]
    for reading in readings:
        assert reading.month == evaluation.break_even(reading.dearer, reading.cheaper)
        if reading.month is not None:
            assert f"in month {reading.month}" in reading.sentence


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_operations_plan_covers_updates_versions_monitoring_rollback_and_quality(preset_id):
    evaluation, markdown = recorded(preset_id)
    plan = bullets(section(markdown, "Operations Plan"))
    leads = [item.split(":**")[0].strip("*") for item in plan]
    assert leads[:5] == [
        "Secure updates",
        "Model versioning",
        "Monitoring",
        "Rollback path",
        "Quality after deployment",
    ]
    chosen = evaluation.options[evaluation.recommendation]
    if chosen.deployment.local is not None and chosen.deployment.local.runs_model:
        assert "temperature" in plan[2].lower() or "app" in plan[2]
    if chosen.deployment.cloud is not None:
        assert "error rate and cost per 1,000 requests" in plan[2]
    quality = evaluation.scenario.requirements.quality_measurement
    if quality:
        assert " ".join(quality.split()) in plan[4]
        assert "Read as " in plan[4] or "No cue recognised" in plan[4]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_confirmation_table_holds_the_four_measures_and_their_thresholds(preset_id):
    evaluation, markdown = recorded(preset_id)
    confirmation = section(markdown, "Confirmation")
    feasible = sum(r.feasible for r in evaluation.options.values())
    build = "Build two small prototypes" if feasible > 1 else "Build one prototype"
    assert build in confirmation
    rows = table_starting(confirmation, "Measure")
    chosen = evaluation.options[evaluation.recommendation]
    assert rows[1:] == [
        [t.measure, " ".join(t.how.split()), " ".join(t.passes_if.split())]
        for t in thresholds(evaluation, chosen)
    ]
    measures = [row[0] for row in rows[1:]]
    assert measures == [
        "Full time from input to result (p95)",
        "Cost per task",
        "Behaviour during network loss",
        "Engineering effort",
    ]
    limit = evaluation.scenario.requirements.max_latency_ms
    assert rows[1][2].startswith(f"at most {limit:,.0f} ms")


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_revisit_triggers_come_from_the_tipping_points(preset_id):
    evaluation, markdown = recorded(preset_id)
    triggers = bullets(section(markdown, "Revisit Triggers"))
    assert triggers and all(t.startswith("**Revisit if**") for t in triggers)
    text = " ".join(triggers)
    if sum(r.feasible for r in evaluation.options.values()) > 1:
        assert evaluation.sensitivity.nearest_flip in text
    else:  # weights cannot change a single feasible option: no "revisit if the weights change"
        assert "the weights change" not in text
        assert "**Revisit if** a hard requirement changes" in text
    base = evaluation.scenario.workload.requests_per_month
    for point in evaluation.sensitivity.tipping_points:
        if point.kind.startswith("volume"):
            direction = "passes" if point.value > base else "falls below"
            assert f"monthly volume {direction} {format_volume(point.value)} requests" in text


def test_a_volume_tipping_point_becomes_a_revisit_trigger_somewhere():
    found = []
    speaker = preset_by_id("smart_home_voice").scenario
    escalating = speaker.model_copy(
        update={"hybrid": speaker.hybrid.model_copy(update={"pattern": "escalate_hard_cases"})}
    )
    cases = [recorded(p) for p in PRESET_IDS] + [record_of(escalating)]
    for preset_id, (evaluation, markdown) in zip([*PRESET_IDS, "escalating"], cases, strict=True):
        if any(p.kind.startswith("volume") for p in evaluation.sensitivity.tipping_points):
            found.append(preset_id)
            assert "Revisit if** monthly volume" in section(markdown, "Revisit Triggers")
    assert found, "no preset has a volume tipping point; the trigger is untested"


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_sources_table_lists_the_figures_it_is_given_with_source_and_date(preset_id):
    evaluation, markdown = recorded(preset_id)  # given the figures the evaluation read
    rows = table_starting(section(markdown, "More Information"), "Figure")
    figures = used_figures(evaluation)
    assert figures and len(rows) == 1 + len(figures)
    for row, figure in zip(rows[1:], figures, strict=True):
        assert row[1] == short_key(figure.key) and not row[1].startswith("general.general.")
        assert row[0].startswith(figure.label)
        assert (
            row[2].endswith(f" {figure.unit}")
            and float(row[2].split(" ")[0].replace(",", "")) == figure.value
        )
        assert row[3] == " ".join(figure.source.split()) and row[3]
        assert row[4] == figure.as_of and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row[4])


# --- pictures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_cost_picture_is_a_mermaid_xychart_of_the_cumulative_costs(preset_id):
    evaluation, markdown = recorded(preset_id)
    chart = next(b for b in mermaid_blocks(markdown) if "xychart-beta" in b)
    months = [int(m) for m in re.search(r'x-axis "month" \[(.*?)\]', chart).group(1).split(", ")]
    assert months[0] == 1 and months[-1] == evaluation.scenario.horizon_months
    top = float(re.search(r"y-axis \"thousand USD\" 0 --> ([\d.]+)", chart).group(1))
    lines = re.findall(r"^    line \[(.*)\]$", chart, flags=re.M)
    assert len(lines) == 3
    for line, option in zip(lines, OPTIONS, strict=True):
        values = [float(v) for v in line.split(", ")]
        cumulative = evaluation.options[option].cumulative_usd
        assert values == [round(cumulative[m - 1] / 1000, 1) for m in months]
        assert max(values) <= top
    # The axis fits its data: a round number (one of NICE_STEPS times a power of ten) just
    # above the largest value, never more than 25 % above it.
    largest = max(r.cumulative_usd.max() for r in evaluation.options.values()) / 1000
    assert largest <= top <= largest * 1.25 + 1e-9
    mantissa = top / 10 ** math.floor(math.log10(top))
    assert any(math.isclose(mantissa, step) for step in NICE_STEPS)
    assert "*Cumulative cost in thousand USD; lines: Edge teal, Cloud blue, Hybrid purple.*" in (
        section(markdown, "Costs")
    )


@pytest.mark.parametrize(
    ("largest", "top"),
    [
        (524, 600),
        (1000, 1000),
        (1010, 1200),
        (3.7, 4),
        (61_000, 70_000),
        (15_461, 16_000),
        (0.21, 0.25),
    ],
)
def test_the_cost_axis_ends_at_the_round_number_just_above_the_data(largest, top):
    assert nice_ceiling(largest) == pytest.approx(top)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_architecture_is_a_mermaid_flowchart_of_what_runs_where(preset_id):
    evaluation, markdown = recorded(preset_id)
    chart = next(b for b in mermaid_blocks(markdown) if b.startswith("flowchart"))
    lines = chart.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(line.strip().startswith("subgraph ") for line in lines) == sum(
        line.strip() == "end" for line in lines
    )
    assert all(line.count('"') % 2 == 0 for line in lines), "an unbalanced quote"
    chosen = evaluation.options[evaluation.recommendation]
    deployment = chosen.deployment
    if deployment.local is not None:
        assert deployment.local.device.name in chart
    if deployment.cloud is not None:
        assert "service[" in chart and " --> service" in chart
    else:
        assert "Nothing leaves the site" in chart or "results only" in chart


def test_the_records_of_the_presets_show_every_kind_of_chosen_option():
    chosen = {recorded(preset_id)[0].recommendation for preset_id in PRESET_IDS}
    assert chosen == {"edge", "cloud", "hybrid"}


def test_the_interactive_cost_chart_gets_a_caption_of_its_own():
    chart = Chart("cumulative_cost", "xychart-beta", "in thousand USD")
    assert "thousand" not in interactive_caption(chart)
    other = Chart("latency", "", "Latency budget")
    assert interactive_caption(other) == "Latency budget"


# --- the round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_record_carries_its_scenario_and_gives_the_same_evaluation(preset_id):
    evaluation, markdown = recorded(preset_id)
    scenario = preset_by_id(preset_id).scenario
    loaded = parse_scenario(markdown)
    dated = scenario.decision.model_copy(update={"date": TODAY.isoformat()})
    assert loaded == scenario.model_copy(update={"decision": dated})
    assert json.dumps(evaluation_json(evaluate(loaded)), sort_keys=True) == json.dumps(
        evaluation_json(evaluation), sort_keys=True
    )


def test_a_record_of_a_record_is_the_same_record():
    _, markdown = recorded("law_firm_documents")
    _, again = record_of(parse_scenario(markdown))
    assert again == markdown


# --- the HTML report ----------------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", ["factory_qc_camera", "retail_store_analytics"])
def test_the_html_report_has_the_same_content_and_needs_nothing_from_the_network(preset_id):
    evaluation, _ = recorded(preset_id)
    report = render_html(record_with_read_figures(evaluation, TODAY), evaluation)
    for title in SECTIONS[1:]:  # the status stands in the report's metadata table
        assert f"<h2>{html.escape(title)}</h2>" in report
    for result in evaluation.options.values():
        assert f'<td class="num">{usd(result.cost_total_usd)}</td>' in report
        for c in CRITERIA:
            assert f'<td class="num">{result.criteria[c].score:.0f}</td>' in report
    # cost, criteria, latency: each a figure the loader draws once plotly.js is unpacked
    assert report.count('class="record-chart"') == 3
    assert report.count("Plotly.newPlot") == 1
    # plotly.js embedded once: the vendored cartesian bundle, gzipped, base64
    assert report.count(plotly_bundle_base64()) == 1
    assert len(report.encode()) < 1_500_000
    # Plain plotly.js clips tick labels at the charts' small margins unless axes may grow them.
    assert report.count('"automargin":true') >= 6
    assert not re.search(r"<script[^>]+src=", report)
    assert not re.search(r"<link[^>]+href=", report)
    assert "cdn.plot.ly/plotly" not in report.split("</head>")[0]
    assert "thousand USD" not in re.sub(r"<script.*?</script>", "", report, flags=re.S)


def test_every_trace_type_of_the_record_charts_is_in_the_vendored_plotly_bundle():
    bundle = gzip.decompress(PLOTLY_BUNDLE.read_bytes()).decode()
    registered = set(re.findall(r'name:"(\w+)",basePlotModule', bundle))
    assert {"scatter", "bar", "heatmap"} <= registered
    for preset_id in PRESET_IDS:
        evaluation, _ = recorded(preset_id)
        for kind, chart in RECORD_CHARTS.items():
            types = {trace.type for trace in chart(evaluation).data}
            assert types <= registered, (preset_id, kind, types - registered)
    # The bundle's major version is the one the plotly package draws its figures for.
    major = get_plotlyjs_version().split(".")[0]
    assert re.search(rf"plotly\.js \(cartesian - minified\) v{major}\.", bundle[:300])


# --- user text stays text -----------------------------------------------------------------------


def hostile_scenario() -> Scenario:
    scenario = preset_by_id("factory_qc_camera").scenario
    decision = scenario.decision.model_copy(
        update={
            "notes": f"{HOSTILE}\nsecond line <!-- scenario:end --> ``` and ~~strike~~",
            "decision_makers": (HOSTILE, "<!-- scenario:begin -->"),
            "consulted": ("Zoë <b>bold</b>",),
        }
    )
    requirements = scenario.requirements.model_copy(update={"quality_measurement": HOSTILE})
    return scenario.model_copy(
        update={
            "name": HOSTILE,
            "description": HOSTILE,
            "sources": HOSTILE,
            "decision": decision,
            "requirements": requirements,
        }
    )


def test_hostile_user_text_appears_literally_in_the_markdown():
    scenario = hostile_scenario()
    _, markdown = record_of(scenario)
    body = outside_code(markdown)
    assert "<script>" not in body and "<b>" not in body
    assert not re.search(r"(?<!\\)\]\(javascript:", body), "a link could form"
    assert not re.search(r"(?<!\\)\[x(?<!\\)\]", body), "a link text could form"
    title = headings(markdown, 1)[0]
    assert unescape(title).startswith(HOSTILE)
    # In a table cell the pipe is escaped, so the row keeps its two cells.
    answers = table_starting(section(markdown, "Decision Drivers"), "Question")
    assert ["How is model quality measured after deployment?", HOSTILE] in answers
    row = next(line for line in body.splitlines() if line.startswith("| How is model quality"))
    assert row.count("|") - row.count("\\|") == 3
    notes = next(line for line in body.splitlines() if line.startswith("**Notes:**"))
    assert unescape(notes) == "**Notes:** " + " ".join(scenario.decision.notes.split()).replace(
        "**", ""
    )


def test_hostile_user_text_in_the_metadata_reads_back_and_holds_no_raw_tag():
    scenario = hostile_scenario()
    _, markdown = record_of(scenario)
    head = "\n".join(head_lines(markdown))
    assert "<" not in head and ">" not in head
    assert metadata(markdown)["Decision-makers"] == [HOSTILE, "<!-- scenario:begin -->"]
    assert metadata(markdown)["Consulted"] == ["Zoë <b>bold</b>"]


def test_hostile_user_text_survives_the_round_trip():
    scenario = hostile_scenario()
    evaluation, markdown = record_of(scenario)
    loaded = parse_scenario(markdown)
    assert loaded.name == HOSTILE
    assert loaded.decision.notes == scenario.decision.notes
    assert loaded.decision.decision_makers == scenario.decision.decision_makers
    assert evaluation_json(evaluate(loaded)) == evaluation_json(evaluation)
    block = markdown[markdown.index(RECORD_BEGIN) : markdown.rindex(RECORD_END)]
    assert block.split("\n")[1].startswith("````yaml")  # a fence longer than the note's ```


def test_hostile_user_text_is_escaped_in_the_html_report():
    scenario = hostile_scenario()
    evaluation, _ = record_of(scenario)
    report = render_html(record_with_read_figures(evaluation, TODAY), evaluation)
    assert "<script>alert(1)" not in report
    assert "<b>bold</b>" not in report
    # Text inside a chart's figure JSON cannot close its script element either.
    for chart in re.findall(r'class="record-chart"[^>]*>(.*?)</script>', report, flags=re.S):
        assert "<" not in chart and ">" not in chart
    assert 'href="javascript:' not in report
    assert html.escape(HOSTILE) in report
    assert f"<title>{html.escape(HOSTILE)}" in report


@given(st.text(max_size=80))
def test_escaped_text_reads_back_as_the_words_it_shows(words):
    assert escaped(plain_text(escaped(words))) == escaped(words)
    # (a word joiner after "@" is how the record keeps an address from becoming a link)
    assert plain_text(escaped(words)) == " ".join(words.split()).replace("@\u2060", "@")


# --- consequences, wording and numbers of the sections ------------------------------------------


def leads_and_texts(items: list[str]) -> list[tuple[str, str]]:
    """("Good", "no data leaves ...") for each "**Good, because** no data leaves ..." item."""
    return [
        (m.group(1), m.group(2))
        for item in items
        if (m := re.match(r"\*\*(\w+), because\*\* (.*)", item, flags=re.S))
    ]


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_record_names_at_least_one_good_and_one_bad_consequence(preset_id):
    _, markdown = recorded(preset_id)
    leads = [lead for lead, _ in leads_and_texts(bullets(section(markdown, "Consequences")))]
    assert "Good" in leads and "Bad" in leads


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_consequence_judges_a_criterion_as_pros_and_cons_does(preset_id):
    evaluation, markdown = recorded(preset_id)
    chosen = evaluation.options[evaluation.recommendation]
    consequences = leads_and_texts(bullets(section(markdown, "Consequences")))
    pros = leads_and_texts(bullets(section(markdown, "Pros and Cons of the Options")))
    checked = 0
    for c in CRITERIA:
        score = chosen.criteria[c]
        sentence = " ".join(score.sentence.split())
        item = f"{CRITERION_LABELS[c].lower()} {score.score:.0f}/100: {lower_first(sentence)}"
        said = {lead for lead, text in pros if text == item}
        for lead, text in consequences:
            # A plain reason carries the same verdict; "scores 45/100 against ..." compares.
            if text.lower() == sentence.lower():
                assert {lead} == said, (c, lead, said)
                checked += 1
    assert checked


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_a_consequence_continues_its_lead_in_lower_case_unless_it_starts_with_a_name(preset_id):
    _, markdown = recorded(preset_id)
    for _, text in leads_and_texts(bullets(section(markdown, "Consequences"))):
        assert continues_in_lower_case(text), text


def continues_in_lower_case(text: str) -> bool:
    """Starts lower case, or with a name: an option's, or one with more capitals or digits."""
    first = text.split(" ", 1)[0]
    return (
        not first[:1].isupper()
        or any(ch.isupper() or ch.isdigit() for ch in first[1:])
        or first.rstrip(",.:;") in OPTION_LABELS.values()
    )


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_text_after_a_colon_inside_a_sentence_goes_on_in_lower_case(preset_id):
    # "it is ruled out: It sends ..." read as two sentences glued by a colon.
    _, markdown = recorded(preset_id)
    for title in ("Pros and Cons of the Options", "Consequences", "Revisit Triggers"):
        for _, text in leads_and_texts(bullets(section(markdown, title))):
            if ": " in text:
                assert continues_in_lower_case(text.split(": ", 1)[1]), text


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_record_writes_a_percentage_with_a_space_before_the_sign(preset_id):
    evaluation, markdown = recorded(preset_id)
    body = outside_code(markdown)
    # The sources table quotes each figure's source as written; user text is the user's.
    prose = body[: body.index("## More Information")]
    for own in (evaluation.scenario.description, evaluation.scenario.sources):
        prose = prose.replace(" ".join(own.split()), "") if own else prose
    assert "%" in prose
    assert not re.findall(r".{0,30}\d%", prose)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_no_two_revisit_triggers_name_the_same_volume(preset_id):
    _, markdown = recorded(preset_id)
    triggers = bullets(section(markdown, "Revisit Triggers"))
    volumes = [
        m.group(1)
        for t in triggers
        if (m := re.search(r"monthly volume (?:passes|falls below) (.+?) requests:", t))
    ]
    assert len(volumes) == len(set(volumes)), triggers


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_no_good_consequence_is_a_drawback_of_the_fleet_or_a_stop(preset_id):
    evaluation, markdown = recorded(preset_id)
    for lead, text in leads_and_texts(bullets(section(markdown, "Consequences"))):
        if lead == "Good":
            assert not text.startswith("stops"), text
    # A good scaling score never opens with idle capacity, whichever option it belongs to.
    for result in evaluation.options.values():
        scaling = result.criteria["scaling"]
        if round(scaling.score) >= 70:
            assert "idle" not in scaling.sentence.split(", while ")[0], scaling.sentence


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_every_flowchart_with_a_cloud_arrow_names_the_network_link(preset_id):
    evaluation, _ = recorded(preset_id)
    link = evaluation.catalog.get("network_profiles", evaluation.scenario.network.profile).name
    for result in evaluation.options.values():
        chart = diagram_mermaid(architecture_diagram(evaluation, result))
        arrows = [line for line in chart.splitlines() if "--> service" in line]
        for arrow in arrows:
            assert f"over {link}"[:40] in arrow.replace("[", "(").replace("]", ")"), arrow
        if result.deployment.report_kb > 0 or result.deployment.cloud is not None:
            assert arrows, result.option


def test_the_satellite_link_of_the_offshore_platforms_is_in_its_picture():
    evaluation, markdown = recorded("offshore_field_equipment")
    assert evaluation.options[evaluation.recommendation].deployment.report_kb > 0
    link = evaluation.catalog.get("network_profiles", evaluation.scenario.network.profile).name
    chart = next(b for b in mermaid_blocks(markdown) if b.startswith("flowchart"))
    assert "satellite" in link.lower() and link in chart


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_consumer_devices_are_called_devices_not_sites(preset_id):
    evaluation, markdown = recorded(preset_id)
    chart = next(b for b in mermaid_blocks(markdown) if b.startswith("flowchart"))
    chosen = evaluation.options[evaluation.recommendation or "edge"].deployment
    in_device = chosen.local is not None and chosen.local.placement == "in_device"
    customers = evaluation.scenario.edge.customer_owned
    place = "device" if customers or in_device else "site"
    requirements = evaluation.scenario.requirements
    count = requirements.devices if place == "device" else requirements.site_count
    title = f"The one {place}" if count == 1 else f"Each of {count:,} {place}s"
    assert f'subgraph site["{title}"]' in chart


def test_a_single_site_is_the_one_site_not_each_of_1_sites():
    scenario = preset_by_id("customer_support_rag").scenario
    assert scenario.requirements.devices == 1
    _, markdown = recorded("customer_support_rag")
    assert 'subgraph site["The one site"]' in markdown
    assert "Each of 1 " not in markdown


def test_a_latency_far_under_the_limit_is_under_1_percent_of_it_not_0():
    evaluation, markdown = recorded("offshore_field_equipment")
    chosen = evaluation.options[evaluation.recommendation]
    assert chosen.latency_p95_ms / evaluation.scenario.requirements.max_latency_ms < 0.005
    assert "(under 1 % of it)" in chosen.criteria["latency"].sentence
    assert "(0 % of it)" not in markdown and "with 100 % to spare" not in markdown


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_no_internal_snake_case_name_reaches_the_prose(preset_id):
    _, markdown = recorded(preset_id)
    body = outside_code(markdown)
    # The sources table names each figure by its catalog key on purpose; the prose never does.
    prose = body[: body.index("## More Information")]
    assert not re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", prose)


@pytest.mark.parametrize("preset_id", PRESET_IDS)
def test_the_latency_and_resilience_section_equals_the_evaluation(preset_id):
    evaluation, markdown = recorded(preset_id)
    text = section(markdown, "Latency and Resilience")
    limit = evaluation.scenario.requirements.max_latency_ms
    said = bullets(text)
    for result in evaluation.options.values():
        line = next(b for b in said if b.startswith(f"{result.label} m"))
        verb = "meets" if result.latency_p95_ms <= limit else "misses"
        assert line.startswith(f"{result.label} {verb} the {limit:,.0f} ms limit")
    rows = table_starting(text, "Option")
    assert len(rows) == 1 + len(evaluation.options)
    for row, result in zip(rows[1:], evaluation.options.values(), strict=True):
        assert row[0] == result.label
        hours = float(row[1].removeprefix("≈ ").split(" h")[0].replace(",", ""))
        assert hours == pytest.approx(result.resilience.lost_hours_per_year, abs=0.05)
        assert row[2] == " ".join(result.resilience.during_network_loss.split())
        assert row[3] == " ".join(result.resilience.during_device_failure.split())


def test_dollar_signs_never_pair_up_into_github_maths():
    scenario = preset_by_id("factory_qc_camera").scenario
    decision = scenario.decision.model_copy(update={"title": "$x$ cost"})
    _, markdown = record_of(scenario.model_copy(update={"decision": decision}))
    assert headings(markdown, 1) == ["\\$x\\$ cost"]
    body = outside_code(markdown)
    assert "$" in body and not re.search(r"(?<!\\)\$", body), "an unescaped dollar sign"
    tornado = [b for b in bullets(section(markdown, "Costs")) if "at its P10 / P90" in b]
    pair = r" by [-+]\$[\d,]+ / [-+]\$[\d,]+\.$"
    assert tornado and all(re.search(pair, b) for b in tornado)


def test_an_overloaded_option_is_worded_in_the_record_as_on_the_latency_page():
    evaluation, _ = recorded("factory_qc_camera")
    edge = evaluation.options["edge"]
    queue = LatencyPart("queueing at peak", math.inf, math.inf, "overloaded at peak")
    overloaded = dataclasses.replace(
        edge, latency=OptionLatency((LatencyPath("local", 1.0, (queue,)),))
    )
    options = {**evaluation.options, "edge": overloaded}
    markdown = render_markdown(
        record_with_read_figures(dataclasses.replace(evaluation, options=options), TODAY)
    )
    said = bullets(section(markdown, "Latency and Resilience"))
    limit = evaluation.scenario.requirements.max_latency_ms
    edge_line = next(b for b in said if b.startswith("Edge "))
    assert edge_line.startswith(latency_sentence("Edge", math.inf, limit))
    assert "the queue grows without bound, so p95 is unbounded" in edge_line
    assert "- over the limit" not in markdown and "unbounded |" not in markdown


# --- money: the price of the verdict, people drivers, whose devices -------------------------------


def unescaped(text: str) -> str:
    return text.replace("\\", "")


@pytest.mark.parametrize("preset_id", ["smart_home_voice", "factory_qc_camera"])
def test_the_outcome_states_the_price_of_the_verdict_in_the_words_of_the_pages(preset_id):
    evaluation, markdown = recorded(preset_id)
    outcome = unescaped(section(markdown, "Decision Outcome"))
    assert f"**Price of the verdict:** {verdict_price_sentence(evaluation)}" in outcome


def test_the_costs_list_the_people_drivers_of_the_verdict_and_its_alternative():
    evaluation, markdown = recorded("smart_home_voice")
    costs = unescaped(section(markdown, "Costs"))
    price = evaluation.verdict_price
    for option in (price.option, price.alternative):
        assert f"{OPTION_LABELS[option]}'s people costs, driver by driver:" in costs
        for line in evaluation.options[option].costs.people:
            assert f"| {line.label} |" in costs
    assert "| Driver | Quantity | Rate | Hours a month | FTE | Loaded cost | Total |" in costs


@pytest.mark.parametrize(
    ("preset_id", "words"),
    [
        ("smart_home_voice", "devices belong to the customers"),
        ("factory_qc_camera", "The company owns the hardware the model runs on"),
    ],
)
def test_the_costs_say_whose_devices_they_are(preset_id, words):
    _, markdown = recorded(preset_id)
    assert words in unescaped(section(markdown, "Costs"))


def test_the_criteria_matrix_says_cost_is_read_against_the_cheapest_feasible_option():
    # The page and the record share one sentence; cost is the one criterion that is relative.
    _, markdown = recorded("factory_qc_camera")
    matrix = markdown.split("## Criteria Matrix", 1)[1]
    assert "except cost, which follows the ratio to the cheapest feasible option's cost" in matrix
    assert "never rescaled between the options);" not in matrix
