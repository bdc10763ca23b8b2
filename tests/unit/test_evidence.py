"""Prototype measurements: the statistics against hand-computed values, every kind of bad file
with the line it concerns, and the check of measurements against the estimates."""

from __future__ import annotations

import datetime as dt

import pytest
from records import record_with_read_figures

from scoring.engine.confirmation import EFFORT_TOLERANCE, evidence_checks, thresholds
from scoring.engine.evaluate import evaluate
from scoring.engine.evidence import EvidenceError, summarise
from scoring.io.measurements import evidence_of, evidence_source, parse_measurements
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import MAX_FILE_BYTES
from scoring.model.codec import ScenarioError, scenario_from_dict, scenario_to_dict
from scoring.report.markdown import render_markdown

HEADER = "option,latency_ms,cost_usd,ok,network\n"
SAMPLE = "samples/prototype-measurements.csv"


def csv(*rows: str, header: str = HEADER) -> str:
    return header + "".join(row + "\n" for row in rows)


def problems_of(text: str | bytes) -> str:
    with pytest.raises(EvidenceError) as caught:
        parse_measurements(text, "measured.csv")
    assert isinstance(caught.value, ScenarioError)  # the app's one kind of input error
    return "\n".join(caught.value.problems)


# --- statistics ----------------------------------------------------------------------------------


def test_percentiles_interpolate_linearly_between_ranks_on_a_small_sample():
    samples = parse_measurements(
        csv("edge,10,0,true,up", "edge,20,0,true,up", "edge,30,0,true,up", "edge,40,0,true,up")
    )
    m = summarise(samples)["edge"].measurement
    # Ranks 0..3; p50 at rank 1.5 -> 25; p95 at 2.85 -> 30 + 0.85 * 10; p99 at 2.97.
    assert m.latency_p50_ms == pytest.approx(25.0)
    assert m.latency_p95_ms == pytest.approx(38.5)
    assert m.latency_p99_ms == pytest.approx(39.7)
    assert m.requests == 4


def test_failed_requests_are_left_out_of_the_latency_percentiles_but_counted_as_failures():
    samples = parse_measurements(
        csv(
            "cloud,10,0,true,up",
            "cloud,20,0,true,up",
            "cloud,30,0,true,up",
            "cloud,5000,0,false,up",  # a timeout: no result to time
        )
    )
    m = summarise(samples)["cloud"].measurement
    assert m.latency_p50_ms == pytest.approx(20.0)
    assert m.latency_p99_ms < 30.0
    assert m.success_rate == pytest.approx(0.75)


def test_success_during_network_loss_counts_only_requests_made_with_the_network_down():
    samples = parse_measurements(
        csv(
            "cloud,40,0.001,true,up",
            "cloud,41,0.001,true,up",
            "cloud,0,0.001,false,down",
            "cloud,0,0.001,false,down",
            "cloud,45,0.001,true,down",
            "edge,20,0.002,true,down",
        )
    )
    stats = summarise(samples)
    cloud, edge = stats["cloud"].measurement, stats["edge"].measurement
    assert cloud.requests_during_network_loss == 3
    assert cloud.success_rate_during_network_loss == pytest.approx(1 / 3)
    assert cloud.success_rate == pytest.approx(3 / 5)
    assert edge.success_rate_during_network_loss == pytest.approx(1.0)
    assert "hybrid" not in stats  # an option without rows is not measured


def test_an_option_never_measured_offline_has_no_offline_success_rate():
    m = summarise(parse_measurements(csv("edge,20,0.002,true,up")))["edge"].measurement
    assert m.requests_during_network_loss == 0
    assert m.success_rate_during_network_loss is None


def test_cost_per_task_divides_the_cost_of_all_requests_by_the_successful_ones():
    samples = parse_measurements(
        csv("cloud,40,0.002,true,up", "cloud,40,0.002,true,up", "cloud,0,0.002,false,up")
    )
    m = summarise(samples)["cloud"].measurement
    assert m.cost_per_task_usd == pytest.approx(0.006 / 2)


def test_an_option_whose_requests_all_failed_has_no_cost_per_task():
    m = summarise(parse_measurements(csv("cloud,0,0.002,false,down")))["cloud"].measurement
    assert m.cost_per_task_usd is None
    assert m.success_rate == 0


def test_header_and_values_are_read_regardless_of_case_order_spaces_and_a_bom():
    text = (
        "\ufeff Network , OK,cost_usd,LATENCY_MS,Option,Timestamp\n"
        "DOWN, Yes ,0.5,12,Edge,2026-11-16T08:00:00Z\n"
    )
    sample = parse_measurements(text.encode("utf-8"))[0]
    assert (sample.option, sample.latency_ms, sample.cost_usd) == ("edge", 12.0, 0.5)
    assert sample.ok is True
    assert sample.network_up is False


def test_a_trailing_comma_in_every_line_is_accepted():
    samples = parse_measurements("option,latency_ms,cost_usd,ok,network,\nedge,1,0,true,up,\n")
    assert len(samples) == 1


def test_the_shipped_sample_file_parses_and_has_an_edge_and_a_cloud_prototype(root):
    stats = summarise(parse_measurements((root / SAMPLE).read_bytes(), SAMPLE))
    assert set(stats) == {"edge", "cloud"}
    assert stats["edge"].measurement.requests == 240
    assert stats["cloud"].measurement.requests == 240
    assert stats["cloud"].measurement.success_rate_during_network_loss == 0
    assert stats["edge"].measurement.latency_p95_ms < 100  # the factory camera's limit


# --- bad files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "option,cost_usd,ok,network\nedge,0,true,up\n",
            "line 1: missing column(s) latency_ms",
            id="missing column",
        ),
        pytest.param(
            "option,latency,cost_usd,ok,network\nedge,1,0,true,up\n",
            "line 1: unknown column(s) latency; the columns are option, latency_ms",
            id="misnamed column",
        ),
        pytest.param(
            csv("edge,10,0,true,up", "edge,fast,0,true,up"),
            "line 3: latency_ms 'fast' is not a number",
            id="text in latency_ms",
        ),
        pytest.param(
            csv("edge,10,cheap,true,up"),
            "line 2: cost_usd 'cheap' is not a number",
            id="text in cost_usd",
        ),
        pytest.param("", "the file is empty", id="empty file"),
        pytest.param("  \n\n", "the file is empty", id="only blank lines"),
        pytest.param(HEADER, "the file has a header but no measurements", id="header only"),
        pytest.param(
            csv("edge,10,0,true,up", "fog,10,0,true,up"),
            "line 3: option 'fog' is not one of edge, cloud, hybrid",
            id="unknown option",
        ),
        pytest.param(
            csv("edge,10,0,maybe,up"), "line 2: ok 'maybe' must be true or false", id="bad ok"
        ),
        pytest.param(
            csv("edge,10,0,true,offline"),
            "line 2: network 'offline' must be up or down",
            id="bad network",
        ),
        pytest.param(
            csv("edge,-3,0,true,up"),
            "line 2: latency_ms must be a finite number >= 0 (got -3)",
            id="negative latency",
        ),
        pytest.param(
            csv("edge,nan,0,true,up"),
            "line 2: latency_ms must be a finite number >= 0 (got nan)",
            id="NaN latency",
        ),
        pytest.param(
            csv("edge,inf,0,true,up"),
            "line 2: latency_ms must be a finite number >= 0 (got inf)",
            id="infinite latency",
        ),
        pytest.param(
            csv("edge,1e12,0,true,up"),
            "line 2: latency_ms must be at most 604,800,000 (got 1e12)",
            id="latency beyond what a scenario can hold",
        ),
        pytest.param(csv("edge,10,0,true"), "line 2: 4 values for 5 columns", id="short row"),
        pytest.param(
            csv("edge,10,0,true,up,extra"),
            "line 2: 6 values for 5 columns; 'extra' has no column",
            id="value beyond the last column",
        ),
        pytest.param(
            csv('edge,"10,0,true,up', "edge,11,0,true,up"),
            'line 2: a quote (") opened on this line is not closed, so the row runs on to line 3',
            id="quote left open",
        ),
        pytest.param(
            csv('cloud,10,0,true,up,"two\nlines"', "edge,x,0,true,up"),
            "line 4: latency_ms 'x' is not a number",
            id="line numbers count physical lines after a quoted line break",
        ),
        pytest.param(
            csv("edge,10,0,true,up,yesterday", header=HEADER.strip() + ",timestamp\n"),
            "line 2: timestamp 'yesterday' is not ISO 8601",
            id="bad timestamp",
        ),
        pytest.param(
            "option;latency_ms;cost_usd;ok;network\nedge;1;0;true;up\n",
            "separate the columns with commas",
            id="semicolons",
        ),
        pytest.param(
            "option,latency_ms,cost_usd,ok,network,option\nedge,1,0,true,up,cloud\n",
            "line 1: column(s) option appear more than once",
            id="column twice",
        ),
    ],
)
def test_a_bad_file_names_the_problem_and_its_line(text, expected):
    assert expected in problems_of(text)


def test_every_bad_line_is_reported_not_only_the_first():
    problems = problems_of(csv("edge,x,0,true,up", "edge,1,0,true,up", "fog,1,0,true,up"))
    assert "line 2:" in problems
    assert "line 4:" in problems


def test_a_file_with_many_bad_lines_reports_twenty_and_says_how_many_more():
    problems = problems_of(csv(*["edge,x,0,true,up"] * 50)).splitlines()
    assert len(problems) == 21
    assert problems[19].startswith("line 21: latency_ms 'x' is not a number")
    assert problems[-1] == "… and 30 more problems, not listed (fix the ones above first)"


def test_bytes_that_are_not_utf8_are_refused_with_their_line_and_column():
    data = (HEADER + "edge,10,0,true,up\n").encode("utf-8") + b"cloud,\xff\xfe,0,true,up\n"
    assert "line 3, column 7: the byte 0xFF is not UTF-8 text" in problems_of(data)


def test_a_file_over_two_megabytes_is_refused_before_it_is_read():
    data = (HEADER + "edge,10,0,true,up\n" * (MAX_FILE_BYTES // 18 + 10)).encode()
    assert len(data) > MAX_FILE_BYTES
    assert "the limit is 2,000,000 bytes (2 MB)" in problems_of(data)


def test_a_cost_per_task_beyond_what_a_scenario_can_hold_is_refused_not_a_crash():
    samples = parse_measurements(
        csv("cloud,1,900000,false,up", "cloud,1,900000,false,up", "cloud,1,1,true,up")
    )
    with pytest.raises(EvidenceError, match="cost per successful task"):
        summarise(samples)


# --- into the scenario and against the estimates -------------------------------------------------


def test_the_source_names_the_file_and_day_and_fits_the_scenario():
    assert evidence_source("proto.csv", dt.date(2026, 11, 26)) == "proto.csv, uploaded 2026-11-26"
    long = evidence_source("x" * 500 + ".csv", dt.date(2026, 11, 26))
    assert len(long) <= 200
    assert long.endswith(", uploaded 2026-11-26")


def test_recorded_evidence_survives_a_round_trip_through_the_scenario_file(root):
    stats = summarise(parse_measurements((root / SAMPLE).read_bytes()))
    scenario = preset_by_id("factory_qc_camera").scenario
    evidence = evidence_of(stats, "proto.csv, uploaded 2026-11-26", replace_estimates=True)
    with_evidence = scenario.model_copy(update={"evidence": evidence})
    again = scenario_from_dict(scenario_to_dict(with_evidence))
    assert again.evidence == evidence
    assert again.evidence.measured["edge"].requests == 240


def test_the_checks_compare_each_measured_option_with_its_estimate_and_threshold(root):
    stats = summarise(parse_measurements((root / SAMPLE).read_bytes()))
    scenario = preset_by_id("factory_qc_camera").scenario
    scenario = scenario.model_copy(update={"evidence": evidence_of(stats, "sample")})
    evaluation = evaluate(scenario)
    checks = {(c.option, c.measure): c for c in evidence_checks(evaluation)}
    assert [c.option for c in evidence_checks(evaluation)][:5] == ["edge"] * 5  # edge first
    latency = checks[("edge", "p95 latency")]
    estimate = evaluation.options["edge"].estimated_p95_ms
    measured = stats["edge"].measurement.latency_p95_ms
    assert latency.error_pct == pytest.approx(100 * (measured - estimate) / estimate)
    assert latency.passed is True  # 41.5 ms against a 100 ms limit
    assert checks[("cloud", "success during network loss")].passed is False  # 0 of 20
    assert checks[("cloud", "success overall")].passed is False  # 91 % < 99 %


def test_replacing_the_estimates_puts_the_measured_p95_in_place_of_the_estimate(root):
    stats = summarise(parse_measurements((root / SAMPLE).read_bytes()))
    scenario = preset_by_id("factory_qc_camera").scenario
    kept = evaluate(scenario.model_copy(update={"evidence": evidence_of(stats, "s", False)}))
    used = evaluate(scenario.model_copy(update={"evidence": evidence_of(stats, "s", True)}))
    measured = stats["cloud"].measurement.latency_p95_ms
    assert kept.options["cloud"].latency_p95_ms != pytest.approx(measured)
    assert used.options["cloud"].latency_p95_ms == pytest.approx(measured)
    assert used.options["cloud"].estimated_p95_ms == kept.options["cloud"].latency_p95_ms


def test_measured_options_keep_the_edge_cloud_hybrid_order_whatever_the_file_order(root):
    stats = summarise(parse_measurements((root / SAMPLE).read_bytes()))
    data = scenario_to_dict(preset_by_id("factory_qc_camera").scenario)
    evidence = evidence_of(stats, "sample")
    data["evidence"] = scenario_to_dict(
        preset_by_id("factory_qc_camera").scenario.model_copy(update={"evidence": evidence})
    )["evidence"]
    data["evidence"]["measured"] = dict(reversed(data["evidence"]["measured"].items()))
    assert list(data["evidence"]["measured"]) == ["cloud", "edge"]
    assert list(scenario_from_dict(data).evidence.measured) == ["edge", "cloud"]


# The record's Confirmation table names each threshold in words; the check rows name the same
# measure in short. Every threshold must have a row, or a prototype could skip it unseen.
CHECK_OF_THRESHOLD = {
    "Full time from input to result (p95)": "p95 latency",
    "Cost per task": "cost per task",
    "Behaviour during network loss": "success during network loss",
    "Engineering effort": "engineering effort",
}


def measured_factory(root, replace_estimates: bool = False):
    stats = summarise(parse_measurements((root / SAMPLE).read_bytes()))
    scenario = preset_by_id("factory_qc_camera").scenario
    evidence = evidence_of(stats, "sample", replace_estimates)
    return evaluate(scenario.model_copy(update={"evidence": evidence}))


@pytest.mark.parametrize("replace_estimates", [False, True], ids=["estimates kept", "replaced"])
def test_every_threshold_the_record_lists_has_a_check_row_for_each_measured_option(
    root, replace_estimates
):
    evaluation = measured_factory(root, replace_estimates)
    chosen = evaluation.options[evaluation.recommendation]
    listed = [t.measure for t in thresholds(evaluation, chosen)]
    assert set(listed) == set(CHECK_OF_THRESHOLD)  # a new threshold needs its row here too
    checks = evidence_checks(evaluation)
    for option in evaluation.scenario.evidence.measured:
        measures = {c.measure for c in checks if c.option == option}
        assert {CHECK_OF_THRESHOLD[m] for m in listed} <= measures, option


def test_engineering_effort_is_shown_against_its_estimate_as_not_measured(root):
    evaluation = measured_factory(root)
    effort = {c.option: c for c in evidence_checks(evaluation) if c.measure == "engineering effort"}
    assert list(effort) == list(evaluation.scenario.evidence.measured)
    for option, check in effort.items():
        fte = float(evaluation.options[option].costs.staff_fte[0, -1])
        assert fte > 0
        assert check.estimate == f"{fte:,.2f} FTE"
        assert check.threshold == f"at most {fte * EFFORT_TOLERANCE:,.2f} FTE"
        assert check.measured == "not measured"
        assert check.passed is None and check.error_pct is None
        assert check.cells()[-2:] == (check.threshold, "not measured")


def test_the_effort_row_reads_the_same_limit_as_the_records_effort_threshold(root):
    evaluation = measured_factory(root)
    chosen = evaluation.options[evaluation.recommendation]
    effort = next(t for t in thresholds(evaluation, chosen) if t.measure == "Engineering effort")
    row = next(
        c
        for c in evidence_checks(evaluation)
        if c.option == chosen.option and c.measure == "engineering effort"
    )
    assert effort.passes_if.startswith(row.threshold + " (estimate ")


def test_the_records_evidence_table_carries_the_effort_row_of_each_measured_option(root):
    evaluation = measured_factory(root)
    markdown = render_markdown(record_with_read_figures(evaluation))
    rows = [line for line in markdown.splitlines() if "| engineering effort |" in line]
    assert len(rows) == len(evaluation.scenario.evidence.measured)
    assert all(row.rstrip(" |").endswith("not measured") for row in rows)
