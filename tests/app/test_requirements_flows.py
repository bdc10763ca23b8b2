"""The Requirements page edits the session's scenario; presets, uploads, page switches and
links replace or keep it as the user expects."""

from __future__ import annotations

import subprocess
import sys

import pytest
from app_helpers import ROOT, button, by_label, open_app, scenario_of, text_of

from scoring.io.presets import preset_by_id
from scoring.model.codec import scenario_to_yaml
from ui.codec import decode_scenario, encode_scenario
from ui.labels import catalog_names

REQUIREMENTS = "pages/1_requirements.py"
PRESETS = ROOT / "presets"
LATENCY = "Maximum response time"


def test_the_requirements_page_shows_the_loaded_presets_values():
    at = open_app(REQUIREMENTS)
    assert by_label(at.number_input, LATENCY).value == 100
    assert by_label(at.number_input, "Devices").value == 40
    assert by_label(at.radio, "Must it work offline").value == "required"
    assert by_label(at.selectbox, "Data that may leave").value == "results_only"
    assert by_label(at.number_input, "Model size").value == pytest.approx(0.011)
    assert "Weekly sample" in by_label(at.text_area, "How is model quality").value


def test_every_number_input_names_its_unit_and_every_input_explains_itself():
    at = open_app(REQUIREMENTS)
    for number in at.number_input:
        assert number.label.endswith(")"), f"{number.label!r} has no unit"
    for widget in [*at.number_input, *at.selectbox, *at.radio, *at.text_area, *at.slider]:
        assert widget.help, f"{widget.label!r} has no help text"


def test_changing_the_maximum_latency_updates_the_scenario():
    at = open_app(REQUIREMENTS)
    by_label(at.number_input, LATENCY).set_value(250.0).run()
    assert scenario_of(at).requirements.max_latency_ms == 250
    assert not at.error


def test_a_readable_choice_stores_the_enum_value():
    at = open_app(REQUIREMENTS)
    by_label(at.radio, "Must it work offline").set_value("not_needed").run()
    assert scenario_of(at).requirements.offline == "not_needed"
    by_label(at.selectbox, "When the cloud").set_value("can_wait").run()
    assert scenario_of(at).requirements.failure_mode == "can_wait"


def test_a_value_the_model_refuses_shows_an_error_naming_the_field_and_keeps_the_scenario():
    at = open_app(REQUIREMENTS)
    before = scenario_of(at)
    by_label(at.number_input, LATENCY).set_value(0.0).run()
    assert "requirements.max_latency_ms: must be greater than 0" in text_of(at.error)
    assert scenario_of(at) == before
    assert by_label(at.number_input, LATENCY).value == 100  # the widget shows what was kept


def test_the_escalation_slider_is_a_percentage_stored_as_a_share():
    at = open_app(REQUIREMENTS)
    by_label(at.slider, "Escalated to the cloud").set_value(40).run()
    assert scenario_of(at).hybrid.escalation_share == pytest.approx(0.4)


def test_token_inputs_appear_for_a_language_model():
    at = open_app(REQUIREMENTS)
    assert not [w for w in at.number_input if w.label.startswith("Prompt")]
    by_label(at.selectbox, "Kind of model").set_value("llm").run()
    by_label(at.number_input, "Prompt").set_value(1500).run()
    assert scenario_of(at).workload.tokens_in == 1500


def test_the_cloud_service_selector_follows_the_pricing():
    at = open_app(REQUIREMENTS)
    assert [w for w in at.selectbox if w.label == "Serverless GPU"]
    by_label(at.selectbox, "Cloud pricing").set_value("gpu_hour").run()
    assert not [w for w in at.selectbox if w.label == "Serverless GPU"]
    instance = by_label(at.selectbox, "GPU instance")
    other = next(i for i in catalog_names("gpu_instances") if i != instance.value)
    instance.set_value(other).run()
    assert scenario_of(at).cloud.pricing == "gpu_hour"
    assert scenario_of(at).cloud.gpu_instance == other


def test_loading_a_preset_from_the_sidebar_replaces_the_scenario_and_the_inputs():
    at = open_app(REQUIREMENTS)
    by_label(at.number_input, LATENCY).set_value(250.0).run()
    at.sidebar.selectbox[0].set_value("law_firm_documents").run()
    button(at.sidebar, "Load preset").click().run()
    law_firm = preset_by_id("law_firm_documents").scenario
    assert scenario_of(at) == law_firm
    assert by_label(at.number_input, LATENCY).value == law_firm.requirements.max_latency_ms
    assert "Law-firm document assistant" in [t.value for t in at.sidebar.text]


def test_loading_a_preset_from_the_start_page_gallery_replaces_the_scenario():
    at = open_app()
    index = [b.key for b in at.button if b.label == "Load"].index("ui:load:consumer_chat_service")
    [b for b in at.button if b.label == "Load"][index].click().run()
    assert scenario_of(at) == preset_by_id("consumer_chat_service").scenario
    assert at.sidebar.selectbox[0].value == "consumer_chat_service"


# One edit of each widget kind the page uses: (kind, label, new value, where the scenario keeps
# it, and how the widget shows the stored value). Each new value differs from the default
# preset's, so a widget that falls back to the preset on its way back fails the test.
EDITS = [
    ("number_input", LATENCY, 321.0, lambda s: s.requirements.max_latency_ms),
    ("radio", "Must it work offline", "preferred", lambda s: s.requirements.offline),
    ("selectbox", "Data that may leave", "anonymized", lambda s: s.requirements.data_leaving),
    (
        "toggle",
        "Results must reach a central place",
        True,
        lambda s: s.requirements.results_needed_centrally,
    ),
    ("slider", "Escalated to the cloud", 40, lambda s: round(s.hybrid.escalation_share * 100)),
    (
        "text_area",
        "How is model quality",
        "Monthly audit of 50 flagged parts by the line supervisor",
        lambda s: s.requirements.quality_measurement,
    ),
]


@pytest.mark.parametrize("elsewhere", ["app.py", "pages/3_costs.py"], ids=["start", "costs"])
def test_switching_pages_and_back_keeps_every_kind_of_edited_input(elsewhere):
    at = open_app(REQUIREMENTS)
    for kind, label, value, stored in EDITS:
        assert stored(scenario_of(at)) != value, f"{label!r} already holds {value!r}"
        by_label(getattr(at, kind), label).set_value(value).run()
        assert stored(scenario_of(at)) == value, label
    at.switch_page(elsewhere).run()
    assert not at.exception
    assert [stored(scenario_of(at)) for *_, stored in EDITS] == [v for _, _, v, _ in EDITS]
    at.switch_page(REQUIREMENTS).run()
    assert not at.exception
    shown = [by_label(getattr(at, kind), label).value for kind, label, *_ in EDITS]
    assert shown == [value for _, _, value, _ in EDITS]


def test_the_url_carries_the_edited_scenario():
    at = open_app(REQUIREMENTS)
    by_label(at.number_input, "Devices").set_value(77).run()
    assert decode_scenario(at.query_params["s"]).requirements.devices == 77


def test_a_scenario_in_the_link_is_restored_in_a_fresh_session():
    shared = preset_by_id("hospital_dictation").scenario.model_copy(
        update={"name": "Shared via a link"}
    )
    at = open_app(REQUIREMENTS, query_params={"s": encode_scenario(shared)})
    assert not at.exception
    assert scenario_of(at) == shared
    assert "Shared via a link" in [t.value for t in at.sidebar.text]
    assert by_label(at.number_input, LATENCY).value == shared.requirements.max_latency_ms


def test_a_damaged_link_warns_and_falls_back_to_the_default_preset():
    at = open_app(REQUIREMENTS, query_params={"s": "eJzLSM3JyVcozy_KSQEAGgQEXQ"})
    warnings = text_of(at.warning)
    assert "The link's scenario could not be read" in warnings
    assert scenario_of(at).name == "Factory quality-control camera"


def test_user_text_is_shown_literally_not_as_markdown():
    tricky = preset_by_id("factory_qc_camera").scenario.model_copy(
        update={"name": "**Bold** [link](http://example.com) :red[x]"}
    )
    at = open_app(query_params={"s": encode_scenario(tricky)})
    assert tricky.name in [t.value for t in at.sidebar.text]
    assert tricky.name in [t.value for t in at.main.text]
    assert all("**Bold**" not in m.value for m in at.markdown)


# --- uploads --------------------------------------------------------------------------------


def upload(at, name: str, content: bytes):
    at.sidebar.file_uploader[0].set_value((name, content, "application/octet-stream"))
    return at.run()


def test_uploading_a_valid_scenario_replaces_the_current_one():
    at = open_app(REQUIREMENTS)
    law_firm = preset_by_id("law_firm_documents").scenario
    upload(at, "mine.yaml", scenario_to_yaml(law_firm).encode())
    assert scenario_of(at) == law_firm
    assert "Loaded" in at.sidebar.success[0].value
    assert by_label(at.number_input, LATENCY).value == law_firm.requirements.max_latency_ms


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"name: [this is not yaml\n", "not valid YAML"),
        (b"name: x\ncolour: blue\n", "colour: unknown field"),
        (b"name: x\nrequirements:\n  devices: -3\n", "requirements.devices: must be at least 1"),
        (b"\xff\xfe\x00binary", "not UTF-8"),
    ],
    ids=["not yaml", "unknown key", "negative devices", "binary"],
)
def test_a_bad_upload_shows_an_error_naming_the_problem_and_keeps_the_scenario(content, named):
    at = open_app(REQUIREMENTS)
    by_label(at.number_input, LATENCY).set_value(250.0).run()
    before = scenario_of(at)
    upload(at, "bad.yaml", content)
    message = text_of(at.sidebar.error)
    assert named in message
    assert "bad.yaml was not loaded" in message
    assert scenario_of(at) == before
    assert by_label(at.number_input, LATENCY).value == 250


def test_an_upload_is_applied_once_not_again_on_every_rerun():
    at = open_app(REQUIREMENTS)
    upload(at, "mine.yaml", b"name: Uploaded\n")
    by_label(at.number_input, LATENCY).set_value(999.0).run()
    at.run()
    assert scenario_of(at).requirements.max_latency_ms == 999
    assert scenario_of(at).name == "Uploaded"


def test_a_decision_record_written_by_the_cli_can_be_uploaded(tmp_path):
    record = tmp_path / "record.md"
    preset = PRESETS / "law_firm_documents.yaml"
    subprocess.run(
        [sys.executable, "-m", "scoring", "record", str(preset), "--out", str(record)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    at = open_app(REQUIREMENTS)
    upload(at, "record.md", record.read_bytes())
    # The record stamps the decision date; everything else is the preset's.
    law_firm = preset_by_id("law_firm_documents").scenario
    assert scenario_of(at).model_dump(exclude={"decision"}) == law_firm.model_dump(
        exclude={"decision"}
    )


def test_a_decision_record_with_its_scenario_block_can_be_uploaded():
    record = (
        "# Decision\n\nSome prose.\n\n<!-- scenario:begin -->\n```yaml\n"
        "name: From a record\nrequirements:\n  devices: 5\n```\n<!-- scenario:end -->\n"
    )
    at = open_app(REQUIREMENTS)
    upload(at, "record.md", record.encode())
    assert scenario_of(at).name == "From a record"
    assert scenario_of(at).requirements.devices == 5


def test_the_hosted_model_choice_marks_retired_and_retiring_models():
    at = open_app(REQUIREMENTS)
    by_label(at.selectbox, "Cloud pricing").set_value("per_token").run()
    model = by_label(at.selectbox, "Hosted LLM")
    labels = [model.format_func(option) for option in model.options]
    assert "Anthropic Claude Sonnet 4.5 (retired 2026-11-30)" in labels
    assert "OpenAI GPT-4o (retires 2027-01-14)" in labels
    assert "OpenAI GPT-6 Luna" in labels
