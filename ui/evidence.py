"""Prototype measurements in the session: the uploaded CSV, its statistics, and recording them
in the scenario.

An uploaded file that parses is kept in `st.session_state["ui:evidence_loaded"]` (its name,
per-option statistics and latencies) until another good file replaces it; a bad file only
reports its problems, line by line, and changes nothing. The scenario's `evidence` section
changes only through `state.update_field`, so the scenario model validates it like any edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from scoring.engine.confirmation import CHECK_COLUMNS, VERDICT, Check
from scoring.engine.evaluate import Evaluation
from scoring.engine.evidence import OptionEvidence, summarise
from scoring.io.measurements import evidence_of, evidence_source, parse_measurements
from scoring.model.codec import ScenarioError
from scoring.model.scenario import Evidence, Measurement, Scenario
from scoring.model.vocabulary import OPTION_LABELS, Option
from scoring.report.confirmation_readings import THRESHOLD_COLUMNS, confirmation_reading
from ui import bound, state, uploads
from ui.messages import problem_list
from ui.text import escape_markdown, literal_table

UPLOAD_KEY = "ui:evidence_upload"
LOADED_KEY = "ui:evidence_loaded"
REPLACE_PATH = "evidence.replace_estimates"
AREA = "evidence"  # messages about the uploaded file
ACTIONS_AREA = "evidence_actions"  # messages about the scenario's evidence


@dataclass(frozen=True)
class LoadedMeasurements:
    file_name: str
    source: str  # as the scenario records it: file name and upload day
    summaries: dict[Option, OptionEvidence]

    def evidence_for(self, scenario: Scenario) -> Evidence:
        """The Evidence section these measurements make in `scenario`, keeping its choice of
        whether measurements replace the estimates."""
        return evidence_of(self.summaries, self.source, scenario.evidence.replace_estimates)

    @property
    def requests(self) -> int:
        return sum(s.measurement.requests for s in self.summaries.values())


def loaded() -> LoadedMeasurements | None:
    return st.session_state.get(LOADED_KEY)


def upload_widget() -> None:
    uploads.uploader(
        "Measured requests (CSV)",
        ("csv",),
        UPLOAD_KEY,
        apply_measurements,
        help="One row per request measured on a prototype: option, latency_ms, cost_usd, ok, "
        f"network (up/down), optional timestamp. At most {uploads.LIMIT_MB} MB. A file with "
        "problems is refused line by line and changes nothing.",
    )
    uploads.show_refusal(UPLOAD_KEY)


def apply_measurements(file_name: str, data: bytes, today: dt.date | None = None) -> bool:
    """Read a measurements file; keep its statistics, or report every problem and keep
    whatever was loaded before."""
    try:
        summaries = summarise(parse_measurements(data, file_name))
    except ScenarioError as error:
        lines = problem_list(error.problems)
        kept = (
            "the measurements shown below are kept"
            if loaded() is not None
            else "nothing was changed"
        )
        uploads.refuse(UPLOAD_KEY, f"{file_name} was not read; {kept}.\n{lines}")
        return False
    uploads.accept(UPLOAD_KEY)
    source = evidence_source(file_name, today or dt.date.today())
    measurements = LoadedMeasurements(file_name, source, summaries)
    st.session_state[LOADED_KEY] = measurements
    options = ", ".join(s.label for s in summaries.values())
    state.flash(
        "success",
        f"Read {measurements.requests:,} requests from {file_name} ({options}). Record them "
        "in the scenario to use them in the decision record.",
        AREA,
    )
    return True


def candidate(scenario: Scenario) -> Scenario:
    """The scenario with the loaded measurements in it (the scenario itself when none)."""
    measurements = loaded()
    if measurements is None:
        return scenario
    return scenario.model_copy(update={"evidence": measurements.evidence_for(scenario)})


def record_loaded() -> None:
    """Write the loaded measurements into the scenario's evidence section."""
    measurements = loaded()
    if measurements is None:
        return
    _set_evidence(
        measurements.evidence_for(state.current_scenario()),
        f"Recorded {measurements.requests:,} measured requests ({measurements.source}) in the "
        "scenario; the decision record's Confirmation section now reports them.",
    )


def remove_measurements() -> None:
    _set_evidence(
        Evidence(),
        "Removed the measurements from the scenario; the estimates are used again. The "
        "uploaded file's statistics stay below until you upload another.",
    )


def replace_toggle() -> bool:
    """'Use measured figures instead of estimates', bound to evidence.replace_estimates."""
    return bound.toggle(
        REPLACE_PATH,
        "Use measured figures instead of estimates",
        help="On: the measured p95 latency, cost per task and success during network loss "
        "replace the engine's estimates in the scores, on every page and in the record. "
        "Off: the estimates are used and the measurements are only reported.",
    )


def _set_evidence(evidence: Evidence, success: str) -> None:
    problems = state.update_field("evidence", evidence.model_dump(mode="json"))
    if problems:
        lines = problem_list(problems)
        state.flash("error", f"The scenario was not changed.\n{lines}", ACTIONS_AREA)
        return
    state.flash("success", success, ACTIONS_AREA)


# --- tables ------------------------------------------------------------------------------------

VERDICT_COLOURS = {
    VERDICT[True]: "color: #15803d",
    VERDICT[False]: "color: #b91c1c; font-weight: 600",
}


def statistics_frame(measured: Mapping[Option, Measurement]) -> pd.DataFrame:
    """Per option: requests, latency percentiles, success rates, cost per task."""
    rows = [
        {
            "Option": OPTION_LABELS[option],
            "Requests": m.requests,
            "p50": m.latency_p50_ms,
            "p95": m.latency_p95_ms,
            "p99": m.latency_p99_ms,
            "Success": 100 * m.success_rate,
            "Success offline": (
                None
                if m.success_rate_during_network_loss is None
                else 100 * m.success_rate_during_network_loss
            ),
            "Requests offline": m.requests_during_network_loss,
            "Cost per task": m.cost_per_task_usd,
        }
        for option, m in measured.items()
    ]
    return pd.DataFrame(rows)


STATISTICS_COLUMNS = {
    "Option": st.column_config.TextColumn("Option"),
    "Requests": st.column_config.NumberColumn(
        "Requests", help="Requests measured for this option", format="localized"
    ),
    "p50": st.column_config.NumberColumn(
        "p50 (ms)", help="Median latency of the successful requests", format="%.1f ms"
    ),
    "p95": st.column_config.NumberColumn(
        "p95 (ms)",
        help="95th percentile latency of the successful requests (linear interpolation)",
        format="%.1f ms",
    ),
    "p99": st.column_config.NumberColumn(
        "p99 (ms)", help="99th percentile latency of the successful requests", format="%.1f ms"
    ),
    "Success": st.column_config.NumberColumn(
        "Success (%)", help="Share of all requests that succeeded", format="%.1f %%"
    ),
    "Success offline": st.column_config.NumberColumn(
        "Offline success (%)",
        help="Share of the requests made while the network was down that succeeded; empty "
        "when none was measured with the network down",
        format="%.1f %%",
    ),
    "Requests offline": st.column_config.NumberColumn(
        "Offline requests",
        help="Requests measured with the network down",
        format="localized",
    ),
    "Cost per task": st.column_config.NumberColumn(
        "Cost per task (USD)",
        help="Cost of all requests divided by the successful ones; empty when none succeeded",
        format="$%.5f",
    ),
}


def checks_frame(checks: Sequence[Check]) -> pd.DataFrame:
    """Estimate against measurement, with the error in percent and the threshold's verdict."""
    rows = [dict(zip(CHECK_COLUMNS, c.cells(), strict=True)) for c in checks]
    return pd.DataFrame(rows)


def styled_checks(frame: pd.DataFrame):
    """Pass in green, FAIL in bold red."""
    return frame.style.map(lambda value: VERDICT_COLOURS.get(value, ""), subset=["Result"])


CHECKS_COLUMNS = {
    "Error": st.column_config.TextColumn(
        "Error (%)",
        help="(measured - estimate) / estimate, in percent; '-' where there is no estimate",
    ),
    "Result": st.column_config.TextColumn(
        "Result", help="Whether the measurement passes the threshold the decision must meet"
    ),
}

SAMPLE_FILE = Path(__file__).resolve().parent.parent / "samples" / "prototype-measurements.csv"


def sample_csv() -> bytes:
    """The sample measurements shipped with the app (empty if the file is missing)."""
    try:
        return SAMPLE_FILE.read_bytes()
    except OSError:
        return b""


def prototype_plan(evaluation: Evaluation) -> None:
    """What to prototype and what the prototype must show: the record's Confirmation plan."""
    reading = confirmation_reading(evaluation)
    if reading is None:
        st.info(
            "No option is feasible, so there is nothing to prototype yet: change a hard "
            "requirement first (the Recommendation page lists what would help).",
            icon=":material/science:",
        )
        return
    with st.container(border=True):
        st.markdown(f"**What to build.** {escape_markdown(reading.sentence)}")
        st.table(
            literal_table(
                pd.DataFrame(
                    [(t.measure, t.how, t.passes_if) for t in reading.thresholds],
                    columns=list(THRESHOLD_COLUMNS),
                )
            ),
            hide_index=True,
        )
        if reading.near_miss_lead:
            st.markdown(escape_markdown(reading.near_miss_lead))
        if reading.near_misses:
            st.markdown("\n".join(f"- {escape_markdown(item)}" for item in reading.near_misses))
        if reading.left_out:
            st.caption(escape_markdown(reading.left_out))
