"""The Compare page in AppTest: variants saved, compared and exchanged as a bundle; prototype
measurements uploaded, checked against the estimates and recorded in the scenario. Every number
shown is checked against the engine."""

from __future__ import annotations

import datetime as dt

import pytest
from app_helpers import (
    button,
    by_label,
    open_app,
    open_on,
    plain,
    save_variant,
    scenario_of,
    text_of,
    upload,
    uploader,
)
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from scoring.engine.confirmation import evidence_checks
from scoring.engine.evaluate import evaluate
from scoring.engine.evidence import summarise
from scoring.io.bundles import bundle_to_yaml, parse_bundle
from scoring.io.measurements import evidence_of, evidence_source, parse_measurements
from scoring.io.presets import preset_by_id
from scoring.model.units import ms
from scoring.model.vocabulary import OPTION_LABELS
from ui import evidence as evidence_ui
from ui import variants as variants_ui
from ui.evidence import SAMPLE_FILE

COMPARE = "pages/5_compare.py"
REQUIREMENTS = "pages/1_requirements.py"


def kept_variants(at) -> dict:
    return at.session_state[variants_ui.VARIANTS_KEY]


def set_devices(at, devices: int):
    at.switch_page(REQUIREMENTS).run()
    by_label(at.number_input, "Devices").set_value(devices).run()
    return at.switch_page(COMPARE).run()


def metric(at, label: str) -> list[str]:
    return [m.value for m in at.metric if m.label == label]


def frame_with_index(at, name: str):
    return next(d.value for d in at.dataframe if d.value.index.name == name)


def frame_with_column(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture
def two_variants():
    """'base' (the factory camera, 40 devices) and 'fleet x10' (400 devices)."""
    at = open_app(COMPARE)
    save_variant(at, "base")
    set_devices(at, 400)
    save_variant(at, "fleet x10")
    assert not at.exception
    return at


# --- variants ----------------------------------------------------------------------------------


def test_the_page_opens_with_guidance_and_no_error():
    at = open_app(COMPARE)
    assert not at.exception
    assert "No variants yet" in text_of(at.info)
    assert "No measurements yet" in text_of(at.info)
    for widget in [*at.text_input, *at.main.file_uploader]:
        assert widget.help, f"{widget.label!r} has no help text"


def test_two_saved_variants_are_compared_with_the_engines_recommendations_and_numbers(
    two_variants,
):
    at = two_variants
    kept = kept_variants(at)
    assert list(kept) == ["base", "fleet x10"]
    assert kept["fleet x10"].requirements.devices == 400
    evaluations = {name: evaluate(scenario) for name, scenario in kept.items()}
    expected = [OPTION_LABELS[e.recommendation] for e in evaluations.values()]
    assert metric(at, "Recommended") == expected
    table = frame_with_index(at, "Variant")
    assert list(table.columns) == ["base", "fleet x10"]
    for name, evaluation in evaluations.items():
        assert table.loc["Recommended", name] == OPTION_LABELS[evaluation.recommendation]
        for result in evaluation.options.values():
            score = table.loc[f"{result.label} · score (0-100)", name]
            assert score.startswith(f"{result.score:.1f}")
            assert ("★" in score) == (result.option == evaluation.recommendation)
            assert ("ruled out" in score) == (not result.feasible)
            cost = table.loc[f"{result.label} · total cost", name]
            assert cost.startswith(f"${result.cost_total_usd:,.0f} over")
            assert table.loc[f"{result.label} · p95 latency", name] == ms(result.latency_p95_ms)


def test_only_the_inputs_that_differ_are_listed_with_the_variants_as_columns(two_variants):
    differences = frame_with_index(two_variants, "Input")
    assert list(differences.index) == ["requirements.devices"]
    assert list(differences.loc["requirements.devices"]) == ["40", "400"]


def test_the_comparison_charts_overlay_every_variant(two_variants):
    charts = two_variants.get("plotly_chart")
    names = " ".join(chart.proto.spec for chart in charts)
    assert "fleet x10" in names
    assert "Cumulative cost per option" in names


def test_saving_under_an_existing_name_asks_first_and_replaces_only_when_confirmed(two_variants):
    at = two_variants  # the current scenario has 400 devices; "base" has 40
    save_variant(at, "base")
    assert "A variant named" in text_of(at.warning)
    assert kept_variants(at)["base"].requirements.devices == 40
    button(at, "Keep it").click().run()
    assert not at.warning
    assert kept_variants(at)["base"].requirements.devices == 40
    save_variant(at, "base")
    button(at, "Replace it").click().run()
    assert kept_variants(at)["base"].requirements.devices == 400
    assert list(kept_variants(at)) == ["base", "fleet x10"]  # replaced in place
    assert "Replaced the variant “base”" in text_of(at.success)


def test_a_variant_without_a_name_is_not_saved_and_says_why():
    at = open_app(COMPARE)
    save_variant(at, "   ")
    assert "a variant needs a name" in text_of(at.error)
    assert kept_variants(at) == {}


def test_a_variant_can_be_loaded_back_as_the_current_scenario_and_deleted(two_variants):
    at = two_variants
    assert scenario_of(at).requirements.devices == 400
    next(b for b in at.button if b.key == "ui:variant_load:base").click().run()
    assert scenario_of(at).requirements.devices == 40
    assert "Loaded the variant “base”" in text_of(at.success)
    next(b for b in at.button if b.key == "ui:variant_delete:fleet x10").click().run()
    assert list(kept_variants(at)) == ["base"]
    assert scenario_of(at).requirements.devices == 40  # deleting never touches the scenario
    assert "Choose at least 2" in text_of(at.info)


def test_the_bundle_download_holds_every_variant(two_variants, monkeypatch):
    offered: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if filename == "scenario-variants.yaml":
            offered.append(path_or_data.encode() if isinstance(path_or_data, str) else path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    at = two_variants.run()
    variants = parse_bundle(offered[-1])
    assert {v.name: v.scenario for v in variants} == kept_variants(at)


def test_an_uploaded_bundle_adds_and_replaces_variants_and_says_which(two_variants):
    at = two_variants
    law = preset_by_id("law_firm_documents").scenario
    camera = preset_by_id("factory_qc_camera").scenario
    before = scenario_of(at)
    bundle = bundle_to_yaml({"law": law, "base": camera}).encode()
    upload(at, "Open a variants bundle", "b.yaml", bundle)
    assert list(kept_variants(at)) == ["base", "fleet x10", "law"]
    assert kept_variants(at)["law"] == law
    assert "added “law”; replaced “base”" in text_of(at.success)
    assert scenario_of(at) == before  # a bundle never replaces the current scenario


def test_a_bad_bundle_names_the_variant_and_field_and_changes_nothing(two_variants):
    at = two_variants
    before_variants, before_scenario = dict(kept_variants(at)), scenario_of(at)
    bad = (
        b"bundle_version: 1\nvariants:\n"
        b"  - name: x\n    scenario: {name: X, requirements: {devices: -3}}\n"
    )
    upload(at, "Open a variants bundle", "bad.yaml", bad)
    errors = text_of(at.error)
    assert "bad.yaml was not loaded; your variants and scenario are unchanged" in errors
    assert "variants[0].scenario.requirements.devices: must be at least 1 (got -3)" in errors
    assert kept_variants(at) == before_variants
    assert scenario_of(at) == before_scenario


# --- prototype measurements ----------------------------------------------------------------------


@pytest.fixture
def measured():
    """The Compare page with the sample CSV uploaded (not yet recorded)."""
    at = open_app(COMPARE)
    upload(at, "Measured requests", "prototype-measurements.csv", SAMPLE_FILE.read_bytes())
    assert not at.exception
    return at


def sample_stats():
    return summarise(parse_measurements(SAMPLE_FILE.read_bytes()))


def test_the_uploaded_csv_shows_the_statistics_per_option_as_computed(measured):
    at = measured
    assert "Read 480 requests from prototype-measurements.csv" in text_of(at.success)
    table = frame_with_column(at, "p95").set_index("Option")
    for evidence in sample_stats().values():
        m = evidence.measurement
        row = table.loc[evidence.label]
        assert row["Requests"] == m.requests
        assert row["p50"] == pytest.approx(m.latency_p50_ms)
        assert row["p95"] == pytest.approx(m.latency_p95_ms)
        assert row["p99"] == pytest.approx(m.latency_p99_ms)
        assert row["Success"] == pytest.approx(100 * m.success_rate)
        assert row["Success offline"] == pytest.approx(100 * m.success_rate_during_network_loss)
        assert row["Cost per task"] == pytest.approx(m.cost_per_task_usd)
    chart = next(c for c in at.get("plotly_chart") if "Measured latency" in c.proto.spec)
    assert "limit 100 ms" in chart.proto.spec


def test_the_estimate_against_measurement_table_is_the_engines_check(measured):
    at = measured
    scenario = scenario_of(at).model_copy(
        update={"evidence": evidence_of(sample_stats(), "sample")}
    )
    checks = evidence_checks(evaluate(scenario))
    table = frame_with_column(at, "Threshold")
    assert len(table) == len(checks) == 10  # five measures for each of two options
    for (_, row), check in zip(table.iterrows(), checks, strict=True):
        assert row["Option"] == OPTION_LABELS[check.option]
        assert row["Measure"] == check.measure
        assert row["Measured"] == check.measured
        assert row["Result"] == {True: "pass", False: "FAIL", None: "not measured"}[check.passed]
        if check.error_pct is not None:
            assert row["Error"] == f"{check.error_pct:+.0f} %"
    assert "FAIL" in set(table["Result"])  # the cloud prototype failed offline


def test_recording_the_measurements_writes_them_into_the_scenario(measured):
    at = measured
    assert not scenario_of(at).evidence.measured
    button(at, "Record these measurements in the scenario").click().run()
    evidence = scenario_of(at).evidence
    stats = sample_stats()
    assert evidence.measured == {o: s.measurement for o, s in stats.items()}
    assert evidence.source == evidence_source("prototype-measurements.csv", dt.date.today())
    assert evidence.replace_estimates is False
    assert "Recorded 480 measured requests" in text_of(at.success)
    assert not [b for b in at.button if b.label.startswith("Record these")]


def test_the_toggle_replaces_the_estimates_and_both_recommendations_are_shown(measured):
    at = measured
    button(at, "Record these measurements in the scenario").click().run()
    by_label(at.toggle, "Use measured figures").set_value(True).run()
    scenario = scenario_of(at)
    assert scenario.evidence.replace_estimates is True
    with_estimates = evaluate(
        scenario.model_copy(
            update={"evidence": scenario.evidence.model_copy(update={"replace_estimates": False})}
        )
    )
    with_measurements = evaluate(scenario)
    assert metric(at, "Recommendation with estimates") == [
        OPTION_LABELS[with_estimates.recommendation]
    ]
    assert metric(at, "With measurements") == [OPTION_LABELS[with_measurements.recommendation]]
    assert "The measurements do not change the recommendation: Edge." in text_of(at.markdown)
    cloud = with_measurements.options["cloud"]
    assert cloud.latency_p95_ms == pytest.approx(sample_stats()["cloud"].measurement.latency_p95_ms)


def test_removing_the_measurements_empties_the_scenarios_evidence(measured):
    at = measured
    button(at, "Record these measurements in the scenario").click().run()
    button(at, "Remove measurements").click().run()
    assert scenario_of(at).evidence == type(scenario_of(at).evidence)()
    assert "Removed the measurements" in text_of(at.success)


def test_the_record_offered_on_this_page_reports_the_evidence(measured, monkeypatch):
    # The record is written only when its button is clicked: catch what the click would call.
    offered: list = []
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, *args, **kwargs):
        if mimetype == "text/markdown":
            offered.append(data_callable)
        return original(self, data_callable, mimetype, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = measured
    button(at, "Record these measurements in the scenario").click().run()
    record = offered[-1]()
    confirmation = record[record.index("### Confirmation") :]
    assert "Edge 240 requests, Cloud 240 requests" in confirmation
    assert "| Cloud | success during network loss | stops | 0.0% of 20 requests |" in confirmation
    assert "| FAIL |" in confirmation


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b"option,latency_ms,cost_usd,ok,network\nedge,1,0,true,up\nedge,slow,0,true,up\n",
            "line 3: latency_ms 'slow' is not a number",
            id="text in a number column",
        ),
        pytest.param(
            b"option,latency,cost_usd,ok,network\nedge,1,0,true,up\n",
            "line 1: missing column(s) latency_ms",
            id="misnamed column",
        ),
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(
            b"option,latency_ms,cost_usd,ok,network\nfog,1,0,true,up\n",
            "line 2: option 'fog' is not one of edge, cloud, hybrid",
            id="unknown option",
        ),
    ],
)
def test_a_bad_csv_says_what_and_where_and_keeps_what_the_user_had(measured, content, expected):
    at = measured
    button(at, "Record these measurements in the scenario").click().run()
    before = scenario_of(at)
    upload(at, "Measured requests", "bad.csv", content)
    errors = text_of(at.error)
    assert "bad.csv was not read; the measurements shown below are kept" in errors
    assert expected in errors
    assert scenario_of(at) == before
    table = frame_with_column(at, "p95").set_index("Option")
    assert table.loc["Edge", "Requests"] == 240  # the sample's statistics are still shown


def test_a_bad_csv_as_the_first_file_changes_nothing():
    at = open_app(COMPARE)
    before = scenario_of(at)
    upload(at, "Measured requests", "bad.csv", b"option\n")
    assert "bad.csv was not read; nothing was changed" in text_of(at.error)
    assert scenario_of(at) == before
    assert evidence_ui.LOADED_KEY not in at.session_state
    assert "No measurements yet" in text_of(at.info)


def test_measurements_recorded_in_a_linked_scenario_are_shown_without_the_file():
    from ui.codec import encode_scenario

    scenario = preset_by_id("factory_qc_camera").scenario
    scenario = scenario.model_copy(
        update={"evidence": evidence_of(sample_stats(), "proto.csv, uploaded 2026-11-20")}
    )
    at = open_app(COMPARE, {"s": encode_scenario(scenario)})
    assert not at.exception
    table = frame_with_column(at, "p95").set_index("Option")
    assert table.loc["Cloud", "Requests"] == 240
    assert "proto.csv, uploaded 2026-11-20" in text_of(at.success)
    assert metric(at, "Recommendation with estimates") == ["Edge"]


def test_a_file_name_is_shown_as_text_not_markdown():
    at = open_app(COMPARE)
    upload(at, "Measured requests", "[click](http://x.example).csv", SAMPLE_FILE.read_bytes())
    heading = next(h.value for h in at.subheader if h.value.startswith("Measured in"))
    assert "\\[click\\]\\(http" in heading  # escaped: rendered literally, not as a link


def test_a_refused_files_problems_stay_while_it_is_in_the_uploader(measured):
    at = measured
    upload(at, "Measured requests", "bad.csv", b"option,latency_ms,cost_usd,ok,network\n")
    assert "bad.csv was not read" in text_of(at.error)
    button(at, "Record these measurements in the scenario").click().run()  # another rerun
    assert "bad.csv was not read" in text_of(at.error)
    assert scenario_of(at).evidence.measured  # the shown measurements were still recordable
    uploader(at, "Measured requests").set_value(None).run()
    assert "bad.csv was not read" not in text_of(at.error)


def test_the_prototype_plan_names_feasible_options_only_and_what_a_lone_prototype_must_show():
    at, _ = open_on(COMPARE, "law_firm_documents")
    assert not at.exception
    shown = text_of(at.main.markdown)
    plan = next(line for line in shown.splitlines() if line.startswith("**What to build.**"))
    assert "Build one prototype, Edge," in plan and "Hybrid" not in plan
    assert "Near misses the Edge prototype must measure:" in shown
    cells = [plain(str(c)) for t in at.main.table for c in t.value.to_numpy().ravel()]
    assert "Full time from input to result (p95)" in cells
    captions = text_of(at.main.caption)
    assert "Cloud and Hybrid are not prototyped" in captions


def test_two_feasible_options_are_both_named_as_prototypes():
    at, _ = open_on(COMPARE, "factory_qc_camera")
    shown = text_of(at.main.markdown)
    assert "Build two small prototypes, Edge and Hybrid" in shown
