"""The Decision record page: the preview shows the engine's record, the metadata form edits the
scenario and the record's metadata, the decision log saves, opens and supersedes records and
rewrites those of the old layout, and user text is shown literally."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import by_label, open_app, scenario_of
from streamlit.runtime.media_file_manager import MediaFileManager

from scoring.engine.evaluate import evaluate
from scoring.io.adr_index import INDEX_NAME
from scoring.io.decision_log import (
    LOG_ROOT_VARIABLE,
    list_records,
    open_record,
    read_log,
    save_record,
)
from scoring.io.presets import preset_by_id
from scoring.io.record_files import read_head, text_lines
from scoring.io.scenario_files import parse_scenario
from scoring.model.units import usd
from scoring.model.vocabulary import CRITERIA, CRITERION_LABELS
from scoring.report.blocks import Diagram
from scoring.report.markdown import plain_text, render_markdown
from scoring.report.record import SOURCES_LEAD, build_record, record_title
from ui.codec import encode_scenario
from ui.record_view import LOG_FOLDER_KEY, diagram_dot
from ui.text import escape_markdown

RECORD = "pages/6_record.py"
HOSTILE = "| <script>alert(1)</script> [x](javascript:alert(1))"


def shown(text: str) -> str:
    """What escaped Markdown shows: the text without its backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def markdown_source(at) -> str:
    """The record's Markdown source tab (the log's index is Markdown too)."""
    return next(
        code.value
        for code in at.code
        if code.language == "markdown" and "<!-- scenario:begin -->" in code.value
    )


def metadata(at) -> dict[str, str]:
    """The record's head as a reader (and adr-tools) reads it: the metadata list under the
    title, and the status."""
    head = read_head(text_lines(markdown_source(at)))
    return {**{label: plain_text(value) for label, value in head.items}, "status": head.status}


def preview_table(at, *headers: str) -> pd.DataFrame:
    """The first preview table whose headers start with `headers` (shown as read)."""
    for table in at.table:
        frame = table.value
        if [shown(str(c)) for c in frame.columns[: len(headers)]] == list(headers):
            readable = frame.map(lambda cell: shown(str(cell)))
            readable.columns = [shown(str(c)) for c in frame.columns]
            return readable
    raise AssertionError(f"no table starting with {headers!r}")


def messages(at, kind: str) -> str:
    return "\n".join(shown(m.value) for m in getattr(at, kind))


def log_listing(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "No." in df.value.columns)


@pytest.fixture(autouse=True)
def log_root_in_tmp(tmp_path, monkeypatch):
    """The decision log may be written only inside the folder the app is given."""
    monkeypatch.setenv(LOG_ROOT_VARIABLE, str(tmp_path))


def with_log_folder(at, folder) -> None:
    by_label(at.text_input, "Folder").set_value(str(folder)).run()


def open_record_page(scenario=None):
    params = {"s": encode_scenario(scenario)} if scenario is not None else None
    return open_app(RECORD, params)


# --- the preview is the engine's record ----------------------------------------------------------


def test_the_page_shows_the_recommendation_title_and_the_engines_criteria_matrix():
    at = open_record_page()
    assert not at.exception
    evaluation = evaluate(scenario_of(at))
    assert shown(at.header[0].value) == record_title(evaluation)
    assert "run the model on the edge" in record_title(evaluation)
    matrix = preview_table(at, "Criterion (weight)")
    options = list(evaluation.options.values())
    assert list(matrix.columns[1:]) == [r.label for r in options]
    for row, criterion in zip(matrix.values[: len(CRITERIA)], CRITERIA, strict=True):
        assert row[0] == (
            f"{CRITERION_LABELS[criterion]} ({evaluation.weights.percent(criterion):.0f} %)"
        )
        assert list(row[1:]) == [f"{r.criteria[criterion].score:.0f}" for r in options]
    assert list(matrix.values[len(CRITERIA)][1:]) == [f"{r.score:.1f}" for r in options]


def test_the_costs_table_shows_the_engines_totals_and_band():
    at = open_record_page(preset_by_id("consumer_chat_service").scenario)
    evaluation = evaluate(scenario_of(at))
    total = f"Total over {evaluation.scenario.horizon_months} months"
    costs = preview_table(at, "Option", total)
    totals = costs[total].tolist()
    assert totals == [usd(r.cost_total_usd) for r in evaluation.options.values()]
    bands = evaluation.uncertainty.bands
    assert costs["P10-P90"].tolist() == [
        f"{usd(bands[o].total_p10_usd)} to {usd(bands[o].total_p90_usd)}"  # three figures
        for o in evaluation.options
    ]


def test_the_preview_draws_the_charts_the_diagram_and_the_carried_scenario():
    at = open_record_page(preset_by_id("retail_store_analytics").scenario)
    assert len(at.get("plotly_chart")) == 3  # criteria, latency, cumulative cost
    dot = at.get("graphviz_chart")[0].proto.spec
    assert dot.startswith("digraph architecture {") and "cluster_region" in dot
    carried = next(code.value for code in at.code if code.language == "yaml")
    assert parse_scenario(carried).name == scenario_of(at).name
    assert [tab.label for tab in at.tabs] == ["Preview", "Markdown source"]


CHECK_BUTTON = "Check which figures change the result"


def a_scenario_not_checked_yet():
    """A scenario no other test checks: its figures are not known when the page opens."""
    base = preset_by_id("factory_qc_camera").scenario
    return base.model_copy(
        update={"workload": base.workload.model_copy(update={"requests_per_month": 3_456_789})}
    )


FIGURE_TABLE = "| Figure | Key | Value | Source | As of |"


def offered_downloads(monkeypatch) -> dict[str, list]:
    """What each download button of the page would call when clicked, by MIME type: the files
    are built only then."""
    offered: dict[str, list] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, *args, **kwargs):
        offered.setdefault(mimetype, []).append(data_callable)
        return original(self, data_callable, mimetype, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return offered


def test_the_record_shows_at_once_and_its_figure_table_comes_when_asked_for():
    scenario = a_scenario_not_checked_yet()
    at = open_record_page(scenario)
    assert not at.exception
    assert f"{SOURCES_LEAD}** not checked yet" in markdown_source(at)
    assert FIGURE_TABLE not in markdown_source(at)
    buttons = at.main.get("download_button")
    assert all(b.proto.deferred_file_id for b in buttons), "each file is built when clicked"

    by_label(at.button, CHECK_BUTTON).click().run()
    assert not [b for b in at.button if b.label == CHECK_BUTTON]
    expected = render_markdown(build_record(evaluate(scenario), dt.date.today()))
    assert markdown_source(at) == expected.rstrip("\n")  # st.code drops the last newline


def test_a_record_downloaded_before_its_figures_were_checked_carries_their_table(monkeypatch):
    offered = offered_downloads(monkeypatch)
    base = a_scenario_not_checked_yet()
    scenario = base.model_copy(update={"horizon_months": 47})  # checked by no other test
    at = open_record_page(scenario)
    assert f"{SOURCES_LEAD}** not checked yet" in markdown_source(at)
    markdown = offered["text/markdown"][-1]()
    assert FIGURE_TABLE in markdown and "not checked yet" not in markdown
    html = offered["text/html"][-1]()
    assert "not checked yet" not in html


def test_the_markdown_source_is_the_record_that_is_downloaded():
    at = open_record_page()
    evaluation = evaluate(scenario_of(at))
    expected = render_markdown(build_record(evaluation, dt.date.today()))
    at.run()  # the figures are checked now, as a download checks them
    assert markdown_source(at) == expected.rstrip("\n")  # st.code drops the last newline
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert labels == ["Markdown record (.md)", "HTML report (.html)", "Scenario (.yaml)"]


# --- the metadata form ---------------------------------------------------------------------------


def test_changing_the_status_updates_the_scenario_and_the_status_section():
    at = open_record_page()
    by_label(at.selectbox, "Status").set_value("accepted").run()
    assert scenario_of(at).decision.status == "accepted"
    assert metadata(at)["status"] == "accepted"
    assert "## Status\n\nAccepted\n" in markdown_source(at)
    assert not at.exception


def test_decision_makers_consulted_and_informed_become_the_metadata_list():
    at = open_record_page()
    by_label(at.text_input, "Decision-makers").set_value("Ana Ruiz, Ben Okafor").run()
    by_label(at.text_input, "Consulted").set_value("QA lead").run()
    by_label(at.text_input, "Informed").set_value("Plant managers, Works council").run()
    decision = scenario_of(at).decision
    assert decision.decision_makers == ("Ana Ruiz", "Ben Okafor")
    meta = metadata(at)
    assert meta["Decision-makers"] == "Ana Ruiz, Ben Okafor"
    assert meta["Consulted"] == "QA lead"
    assert meta["Informed"] == "Plant managers, Works council"
    front_table = at.table[0].value
    assert shown(front_table.iloc[2, 1]) == "Ana Ruiz, Ben Okafor"


def test_superseded_asks_for_the_newer_record_and_links_it_in_the_status_section():
    at = open_record_page()
    assert not [w for w in at.text_input if w.label == "Superseded by"]
    by_label(at.selectbox, "Status").set_value("superseded").run()
    assert "Name the record that replaces this one" in messages(at, "warning")
    by_label(at.text_input, "Superseded by").set_value("0004-move-to-the-cloud.md").run()
    assert scenario_of(at).decision.superseded_by == "0004-move-to-the-cloud.md"
    assert metadata(at)["status"] == "superseded"
    assert (
        "## Status\n\nSuperseded by [0004-move-to-the-cloud.md](0004-move-to-the-cloud.md)\n"
        in markdown_source(at)
    )
    assert "Name the record" not in messages(at, "warning")


def test_a_date_is_written_yyyy_mm_dd_and_empty_means_today():
    at = open_record_page()
    date = by_label(at.text_input, "Date")
    assert date.value == "" and str(dt.date.today().year) in date.placeholder
    assert metadata(at)["Date"] == dt.date.today().isoformat()
    date.set_value("2026-12-01").run()
    assert scenario_of(at).decision.date == "2026-12-01"
    assert metadata(at)["Date"] == "2026-12-01"

    by_label(at.text_input, "Date").set_value("01/12/2026").run()
    assert scenario_of(at).decision.date == "2026-12-01"  # kept
    assert "YYYY-MM-DD" in messages(at, "error") and "date" in messages(at, "error")
    assert by_label(at.text_input, "Date").value == "2026-12-01"

    by_label(at.text_input, "Date").set_value("").run()
    assert scenario_of(at).decision.date is None
    assert metadata(at)["Date"] == dt.date.today().isoformat()


def test_a_title_replaces_the_default_which_is_offered_as_a_hint():
    at = open_record_page()
    default = record_title(evaluate(scenario_of(at)))
    assert any(default in shown(c.value) for c in at.caption)
    by_label(at.text_input, "Title").set_value("Inspect on Jetson Orin at each line").run()
    assert shown(at.header[0].value) == "Inspect on Jetson Orin at each line"
    assert markdown_source(at).splitlines()[0] == "# Inspect on Jetson Orin at each line"


def test_notes_reach_the_record():
    at = open_record_page()
    by_label(at.text_area, "Notes").set_value("Agreed in the design review of 12 Nov.").run()
    assert "**Notes:** Agreed in the design review of 12 Nov." in markdown_source(at)


def test_every_input_of_the_form_explains_itself():
    at = open_record_page()
    for widget in [*at.main.get("text_input"), *at.main.get("selectbox"), *at.text_area]:
        assert widget.help, f"{widget.label!r} has no help text"


# --- user text stays text ------------------------------------------------------------------------


def hostile_scenario():
    scenario = preset_by_id("factory_qc_camera").scenario
    decision = scenario.decision.model_copy(
        update={"notes": HOSTILE, "decision_makers": (HOSTILE,)}
    )
    return scenario.model_copy(update={"name": HOSTILE, "decision": decision})


def test_a_hostile_name_and_note_are_shown_literally():
    at = open_record_page(hostile_scenario())
    assert not at.exception
    title = at.header[0].value
    assert title == escape_markdown(record_title(evaluate(scenario_of(at))))
    assert shown(title).startswith(HOSTILE)
    notes = next(m.value for m in at.markdown if "Notes" in m.value)
    assert shown(notes) == f"**Notes:** {HOSTILE}"
    markdown_elements = [m.value for m in [*at.markdown, *at.caption, *at.header, *at.subheader]]
    for value in markdown_elements:
        assert not re.search(r"(?<!\\)\]\((?!\))", value), f"a link could form: {value!r}"
        assert not re.search(r"(?<!\\)<script", value), value
    front = at.table[0].value
    assert shown(front.iloc[2, 1]) == HOSTILE
    assert not re.search(r"(?<!\\)[<\[]", str(front.iloc[2, 1]))


# --- the decision log ----------------------------------------------------------------------------


def test_saving_to_the_log_writes_the_next_numbered_record_and_lists_it(tmp_path):
    at = open_record_page()
    with_log_folder(at, tmp_path)
    assert at.session_state[LOG_FOLDER_KEY] == str(tmp_path)
    assert "No records in this folder yet" in messages(at, "caption")
    by_label(at.button, "Save to the log").click().run()
    saved = list_records(tmp_path)
    assert [r.number for r in saved] == [1]
    assert saved[0].name.startswith("0001-factory-quality-control-camera")
    assert f"Saved as {saved[0].name}" in messages(at, "success")
    # The record saved is the one shown, with its number in the title line.
    shown_lines = markdown_source(at).splitlines()
    saved_lines = open_record(saved[0]).splitlines()
    assert FIGURE_TABLE in saved_lines, "a saved record always carries its figure table"
    assert saved_lines[0] == shown_lines[0].replace("# ", "# 1. ", 1)
    assert saved_lines[1:] == shown_lines[1:]
    assert (tmp_path / INDEX_NAME).is_file()
    listing = log_listing(at)
    assert listing["No."].tolist() == ["0001"]
    assert listing["Title"].tolist() == [record_title(evaluate(scenario_of(at)))]

    by_label(at.button, "Save to the log").click().run()
    assert [r.number for r in list_records(tmp_path)] == [1, 2]


def test_the_log_folder_survives_a_visit_to_another_page(tmp_path):
    at = open_record_page()
    with_log_folder(at, tmp_path)
    at.switch_page("pages/1_requirements.py").run()
    at.switch_page(RECORD).run()
    assert by_label(at.text_input, "Folder").value == str(tmp_path)


def test_opening_a_logged_record_makes_its_scenario_current(tmp_path):
    robot = preset_by_id("warehouse_robot").scenario
    saved = save_record(tmp_path, build_record(evaluate(robot), dt.date(2026, 1, 5)))
    at = open_record_page()
    with_log_folder(at, tmp_path)
    assert by_label(at.selectbox, "Record").value == saved.name
    by_label(at.button, "Open").click().run()
    assert not at.exception
    assert scenario_of(at).name == robot.name
    assert scenario_of(at).decision.date == "2026-01-05"
    assert f"Opened {saved.name}" in messages(at, "success")
    assert not at.warning  # the record reads as its scenario renders it
    assert by_label(at.text_input, "Date").value == "2026-01-05"  # the form follows
    assert metadata(at)["Date"] == "2026-01-05"


def test_marking_a_record_superseded_updates_both_files(tmp_path):
    at = open_record_page()
    with_log_folder(at, tmp_path)
    by_label(at.button, "Save to the log").click().run()
    by_label(at.text_input, "Title").set_value("Move inspection to a site server").run()
    by_label(at.button, "Save to the log").click().run()
    old, new = list_records(tmp_path)
    assert by_label(at.selectbox, "Old record").value == old.name
    assert by_label(at.selectbox, "Superseded by").value == new.name
    by_label(at.button, "Mark superseded").click().run()
    assert not at.exception
    old, new = list_records(tmp_path)
    assert (old.status, old.superseded_by) == ("superseded", new.name)
    assert f"Superseded by [2. Move inspection to a site server]({new.name})" in open_record(old)
    assert parse_scenario(open_record(new)).decision.supersedes == (old.name,)
    assert "Record 0001 is now superseded by 0002" in messages(at, "success")
    listing = log_listing(at)
    assert listing["Status"].tolist() == ["superseded by 0002", "proposed · supersedes 0001"]


def test_superseding_a_record_by_itself_is_refused_with_a_message(tmp_path):
    at = open_record_page()
    with_log_folder(at, tmp_path)
    for _ in range(2):
        by_label(at.button, "Save to the log").click().run()
    first = list_records(tmp_path)[0]
    by_label(at.selectbox, "Superseded by").set_value(first.name).run()
    by_label(at.button, "Mark superseded").click().run()
    assert "Choose two different records" in messages(at, "warning")
    assert list_records(tmp_path)[0].status == "proposed"


def test_an_older_record_cannot_supersede_a_newer_one_and_the_page_says_why(tmp_path):
    at = open_record_page()
    with_log_folder(at, tmp_path)
    for _ in range(2):
        by_label(at.button, "Save to the log").click().run()
    older, newer = list_records(tmp_path)
    by_label(at.selectbox, "Old record").set_value(newer.name).run()
    by_label(at.selectbox, "Superseded by").set_value(older.name).run()
    by_label(at.button, "Mark superseded").click().run()
    assert not at.exception
    warning = messages(at, "warning")
    assert "record 0001 cannot supersede record 0002" in warning
    assert "Choose the older record first" in warning
    assert [r.status for r in list_records(tmp_path)] == ["proposed", "proposed"]


def test_a_folder_that_cannot_be_written_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    at = open_record_page()
    with_log_folder(at, blocker / "decisions")
    by_label(at.button, "Save to the log").click().run()
    assert not at.exception
    assert "Not saved" in messages(at, "error")
    assert "Choose a folder this app can write to" in messages(at, "error")


@pytest.mark.parametrize("typed", ["/etc", "../outside", "decisions/../../outside"])
def test_a_log_folder_outside_the_log_root_is_refused_and_nothing_can_be_saved(typed, tmp_path):
    at = open_record_page()
    with_log_folder(at, typed)
    assert not at.exception
    assert f"the folder must be inside {tmp_path.resolve()}" in messages(at, "error")
    assert not [b for b in at.button if b.label == "Save to the log"]


def test_a_relative_log_folder_is_made_inside_the_log_root(tmp_path):
    at = open_record_page()
    with_log_folder(at, "team/decisions")
    by_label(at.button, "Save to the log").click().run()
    assert [r.number for r in list_records(tmp_path / "team" / "decisions")] == [1]


# --- the architecture as DOT ---------------------------------------------------------------------


def test_the_architecture_diagram_is_dot_with_every_label_quoted():
    diagram = Diagram(
        'Each of 4 "sites"',
        (("input", ("Input, 200 kB",)), ("device", ('Jetson "Orin" \\ nano', "runs it"))),
        "Cloud region",
        (("service", ("A very long cloud service name that needs wrapping",)),),
        (("device", "service", 'results only, 1 kB "each"'),),
    )
    dot = diagram_dot(diagram)
    assert dot.startswith("digraph architecture {") and dot.endswith("}")
    assert 'label="Each of 4 \\"sites\\""' in dot
    assert '"device" [label="Jetson \\"Orin\\" \\\\ nano\\nruns it"]' in dot
    assert "A very long cloud service\\nname that needs wrapping" in dot
    assert '"device" -> "service" [label="results only, 1 kB \\"each\\""]' in dot
    # Every quote that is not escaped opens or closes a string: they pair up on each line.
    for line in dot.splitlines():
        assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0, line


def test_an_edge_only_architecture_says_nothing_leaves_the_site():
    diagram = Diagram(
        "Each of 4 sites", (("input", ("Input",)),), "Nothing leaves the site", (), ()
    )
    dot = diagram_dot(diagram)
    assert '"outside" [label="Nothing leaves the site"' in dot
    assert "cluster_region" not in dot


@pytest.mark.parametrize("preset_id", ["factory_qc_camera", "consumer_chat_service"])
def test_the_diagram_names_the_device_or_the_cloud_service(preset_id):
    at = open_record_page(preset_by_id(preset_id).scenario)
    evaluation = evaluate(scenario_of(at))
    deployment = evaluation.options[evaluation.recommendation].deployment
    dot = at.get("graphviz_chart")[0].proto.spec.replace("\\n", " ")
    if deployment.local is not None:
        assert deployment.local.device.name.split(" (")[0] in dot
    if deployment.cloud is not None:
        assert deployment.cloud.service_name.split(" (")[0] in dot


# --- records edited by hand, records of the old layout, folders that cannot be read -------------

OLD_LOG = Path(__file__).resolve().parents[1] / "corpus" / "old_log"


def edited_record(tmp_path) -> tuple[Path, str]:
    """A saved record whose text was edited by hand: it says 100000 ms where its scenario
    says 100 ms."""
    factory = preset_by_id("factory_qc_camera").scenario
    saved = save_record(tmp_path, build_record(evaluate(factory), dt.date(2026, 1, 5)))
    row = "| Maximum acceptable response time (p95) | 100 ms |"
    text = open_record(saved)
    line = text.splitlines().index(row) + 1
    saved.path.write_text(text.replace(row, row.replace("100 ms", "100000 ms")), "utf-8")
    return saved.path, f"line {line}"


def test_opening_a_record_edited_by_hand_loads_its_scenario_and_says_which_line_differs(
    tmp_path,
):
    path, line = edited_record(tmp_path)
    at = open_record_page()
    with_log_folder(at, tmp_path)
    by_label(at.button, "Open").click().run()
    assert not at.exception
    assert scenario_of(at).requirements.max_latency_ms == 100  # the scenario still loads
    warning = messages(at, "warning")
    assert f"{path.name}: the record's text differs from what its scenario gives" in warning
    assert f"first at line {line[5:]}:" in warning
    assert "100000 ms" in warning and "100 ms" in warning


def test_uploading_a_record_edited_by_hand_warns_in_the_sidebar(tmp_path):
    path, line = edited_record(tmp_path)
    at = open_record_page()
    upload = next(u for u in at.sidebar.file_uploader if u.label == "Open a scenario file")
    upload.set_value((path.name, path.read_bytes(), "text/markdown")).run()
    assert not at.exception
    assert scenario_of(at).requirements.max_latency_ms == 100
    warnings = "\n".join(shown(w.value) for w in at.sidebar.warning)
    assert f"first at line {line[5:]}:" in warnings and "100000 ms" in warnings


def test_old_layout_records_are_offered_a_rewrite_that_keeps_them_whole(tmp_path):
    folder = tmp_path / "decisions"
    shutil.copytree(OLD_LOG, folder)
    before = {r.name: parse_scenario(open_record(r)) for r in list_records(folder)}
    at = open_record_page()
    with_log_folder(at, folder)
    offer = messages(at, "info")
    assert "2 of these records start with YAML front matter" in offer
    assert all(name in offer for name in before)
    assert log_listing(at)["Status"].tolist() == [
        "superseded by 0002",
        "proposed · supersedes 0001",
    ]
    by_label(at.button, "Rewrite in the ADR-tool layout").click().run()
    assert not at.exception
    assert "Rewritten in the ADR-tool layout" in messages(at, "success")
    assert read_log(folder).old_layout == ()
    assert not [b for b in at.button if b.label == "Rewrite in the ADR-tool layout"]
    for record in list_records(folder):
        assert parse_scenario(open_record(record)) == before[record.name]
        assert open_record(record).startswith(f"# {record.number}. ")
    index = next(c.value for c in at.code if "<!-- adrlog -->" in c.value)
    assert "* [ADR-0002](0002-move-inspection-to-a-site-server.md) - Move inspection" in index


def test_a_symbolic_link_loop_under_the_log_root_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    at = open_record_page()
    with_log_folder(at, "loop/decisions")
    assert not at.exception
    assert "the path loop/decisions cannot be followed" in messages(at, "error")


def test_a_symbolic_link_loop_in_the_log_folder_is_named_on_the_page(tmp_path):
    folder = tmp_path / "decisions"
    at = open_record_page()
    with_log_folder(at, folder)
    by_label(at.button, "Save to the log").click().run()
    (folder / "0002-loop.md").symlink_to("0002-loop.md")
    (folder / "around").symlink_to(folder)
    by_label(at.button, "Save to the log").click().run()
    assert not at.exception
    assert "0002-loop.md cannot be opened" in messages(at, "warning")
    assert log_listing(at)["No."].tolist() == ["0001", "0003"]
