"""Compare: scenario variants side by side, and what prototypes measured against the estimates."""

import streamlit as st

from scoring.engine.confirmation import COST_TOLERANCE, REQUIRED_SUCCESS, evidence_checks
from scoring.io.bundles import MAX_NAME_CHARS, MAX_VARIANTS
from scoring.report import charts
from scoring.report.variants import (
    MAX_COMPARED,
    MIN_COMPARED,
    measurement_variants,
    recommendation_change,
    recommendation_label,
    score_line,
)
from ui import evidence as measurements
from ui import menu, uploads, variants, views
from ui.engine import evaluation_of, record_of, side_evaluation_of
from ui.messages import show_flashes
from ui.navigation import next_steps
from ui.page import start_page
from ui.text import escape_markdown, record_file_name

scenario = start_page("Compare", icon="⚖️")

st.title("Compare")
st.caption(
    "Save the current scenario under a name, change it, save again, and compare the variants "
    "side by side. Then check the estimates against what prototypes measured."
)

# --- Scenario variants --------------------------------------------------------------------------

st.header("Scenario variants", divider="gray")
saved = variants.variants()
left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader("Save the current scenario")
    with st.form("save_variant", border=False):
        st.text_input(
            "Variant name",
            key=variants.NAME_KEY,
            max_chars=MAX_NAME_CHARS,
            placeholder="e.g. base, volume x3, cheaper GPUs",
            help=f"A short name for this version of the scenario (at most {MAX_NAME_CHARS} "
            f"characters). Up to {MAX_VARIANTS} variants are kept in this browser session; "
            "download them as a bundle to keep them for later.",
        )
        st.form_submit_button(
            "Save as variant", on_click=variants.save_from_form, icon=":material/bookmark_add:"
        )
    pending = variants.pending_replacement()
    if pending is not None:
        st.warning(
            f"A variant named “{escape_markdown(pending)}” exists. Replace it with the current "
            "scenario?",
            icon=":material/help:",
        )
        yes, no = st.columns(2)
        yes.button(
            "Replace it",
            on_click=variants.save_current,
            args=(pending, True),
            type="primary",
            icon=":material/sync:",
        )
        no.button("Keep it", on_click=variants.cancel_replacement, icon=":material/close:")
    show_flashes(variants.AREA)
with right:
    st.subheader(f"Saved variants ({len(saved)} of {MAX_VARIANTS})")
    if not saved:
        st.info(
            "No variants yet. Save the current scenario as “base”, change an input on the "
            "Requirements page (or load another preset), come back and save it again.",
            icon=":material/lightbulb:",
        )
    for name, variant in saved.items():
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            current = " (current scenario)" if variant == scenario else ""
            st.markdown(
                f"**{escape_markdown(name)}**{current}  \n:gray[{escape_markdown(variant.name)}]",
                width="stretch",
            )
            st.button(
                "Load",
                key=f"ui:variant_load:{name}",
                on_click=variants.load,
                args=(name,),
                icon=":material/open_in_browser:",
                help="Make this variant the current scenario on every page.",
            )
            st.button(
                "Delete",
                key=f"ui:variant_delete:{name}",
                on_click=variants.delete,
                args=(name,),
                icon=":material/delete:",
                help="Remove this variant from the session (the current scenario stays).",
            )
    down, up = st.columns(2)
    down.download_button(
        "Download variants (YAML bundle)",
        data=variants.bundle(),
        file_name="scenario-variants.yaml",
        mime="application/yaml",
        on_click="ignore",
        icon=":material/download:",
        disabled=not saved,
        help="All saved variants in one YAML file; open it here later to get them back.",
    )
    with up:
        uploads.uploader(
            "Open a variants bundle",
            ("yaml", "yml"),
            variants.BUNDLE_UPLOAD_KEY,
            variants.apply_bundle,
            help="A bundle downloaded here. Its variants are added; one with the name of a "
            "saved variant replaces it. The current scenario is not changed.",
        )
    show_flashes(variants.BUNDLE_AREA)
    uploads.show_refusal(variants.BUNDLE_UPLOAD_KEY)

compared = variants.prepare_compared()
if len(saved) >= MIN_COMPARED:
    compared = st.multiselect(
        f"Variants to compare ({MIN_COMPARED} to {MAX_COMPARED})",
        list(saved),
        key=variants.COMPARED_KEY,
        max_selections=MAX_COMPARED,
        persist_state="session",
        help="The comparison below shows these variants side by side, in this order; the "
        "first one is the baseline the differences are highlighted against.",
    )
if len(compared) < MIN_COMPARED:
    if saved:
        st.info(
            f"Choose at least {MIN_COMPARED} saved variants to see them side by side.",
            icon=":material/compare_arrows:",
        )
else:
    compared_scenarios = {name: saved[name] for name in compared}
    evaluations = {name: evaluation_of(s) for name, s in compared_scenarios.items()}
    st.subheader("Inputs that differ")
    differences = variants.differences_frame(compared_scenarios)
    if differences is None:
        st.write("The compared variants have exactly the same inputs.")
    else:
        st.caption(
            f"Only the inputs that are not the same everywhere; highlighted where a variant "
            f"differs from “{escape_markdown(compared[0])}”. “— (default)” means the variant "
            "leaves the field to its default."
        )
        st.dataframe(variants.highlight_differences(differences))
    st.subheader("Side by side")
    for column, (name, evaluation) in zip(
        st.columns(len(evaluations), gap="medium"), evaluations.items(), strict=True
    ):
        with column, st.container(border=True, height="stretch"):
            st.markdown(f"**{escape_markdown(name)}**")
            st.metric("Recommended", recommendation_label(evaluation))
            st.caption(escape_markdown(evaluation.reason))
    st.dataframe(variants.comparison_frame(evaluations))
    st.plotly_chart(
        views.variants_figure(charts.variants_score_chart, compared_scenarios), width="stretch"
    )
    st.plotly_chart(
        views.variants_figure(charts.variants_cost_chart, compared_scenarios), width="stretch"
    )

# --- Prototype measurements ----------------------------------------------------------------------

st.header("Prototype measurements", divider="gray")
st.caption(
    "Build the prototypes the plan below names, then upload what they measured, one row per "
    "request. See how the estimates hold up, then record the measurements in the scenario: the "
    "decision record reports them, and they can replace the estimates."
)
measurements.prototype_plan(evaluation_of(scenario))
upload, sample = st.columns([3, 2], gap="large")
with upload:
    measurements.upload_widget()
    show_flashes(measurements.AREA)
with sample:
    st.markdown(
        "**Format**: one row per request, with a header row naming the columns `option` "
        "(edge, cloud or hybrid), `latency_ms`, `cost_usd`, `ok` (true or false), `network` "
        "(up or down) and, optionally, `timestamp` (ISO 8601). The full description is in "
        "docs/evidence-format.md."
    )
    st.download_button(
        "Download the sample CSV",
        data=measurements.sample_csv,  # read only when clicked
        file_name="prototype-measurements.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="480 measured requests of an edge and a cloud prototype of the factory camera: "
        "a template for your own file.",
    )

loaded = measurements.loaded()
recorded = scenario.evidence
limit_ms = scenario.requirements.max_latency_ms
candidate = measurements.candidate(scenario)
if loaded is not None:
    st.subheader(f"Measured in {escape_markdown(loaded.file_name)}")
    st.dataframe(
        measurements.statistics_frame(candidate.evidence.measured),
        column_config=measurements.STATISTICS_COLUMNS,
        hide_index=True,
    )
    st.plotly_chart(charts.latency_distribution_chart(loaded.summaries, limit_ms), width="stretch")
elif recorded.measured:
    st.subheader("Measurements recorded in the scenario")
    st.caption(f"From {escape_markdown(recorded.source or 'a source not stated')}.")
    st.dataframe(
        measurements.statistics_frame(recorded.measured),
        column_config=measurements.STATISTICS_COLUMNS,
        hide_index=True,
    )
else:
    st.info(
        "No measurements yet. Upload a CSV of measured requests, or try the sample file.",
        icon=":material/upload_file:",
    )

if candidate.evidence.measured:
    st.subheader("Estimate against measurement")
    checks = evidence_checks(side_evaluation_of(candidate, scenario))
    st.dataframe(
        measurements.styled_checks(measurements.checks_frame(checks)),
        column_config=measurements.CHECKS_COLUMNS,
        hide_index=True,
    )
    cost_margin_pct = round((COST_TOLERANCE - 1) * 100)
    st.caption(
        "The thresholds are those of the decision record's Confirmation section: p95 within "
        f"the latency limit, cost per task at most {cost_margin_pct} % above the estimate, "
        "success during network loss as the failure mode requires, and at least "
        f"{REQUIRED_SUCCESS * 100:.0f} % success overall. Engineering effort is judged by hand: "
        "a prototype's CSV does not measure it."
    )

    st.subheader("Use the measurements in the decision")
    actions, verdict = st.columns([2, 3], gap="large")
    with actions:
        show_flashes(measurements.ACTIONS_AREA)
        if loaded is not None and candidate != scenario:
            st.button(
                "Record these measurements in the scenario",
                on_click=measurements.record_loaded,
                type="primary",
                icon=":material/save:",
                help="Writes the statistics above into the scenario's evidence, with the file "
                "name and today's date as the source.",
            )
        if recorded.measured:
            st.success(
                f"Recorded in the scenario: {escape_markdown(recorded.source or 'no source')}.",
                icon=":material/check_circle:",
            )
            measurements.replace_toggle()
            st.button(
                "Remove measurements",
                on_click=measurements.remove_measurements,
                icon=":material/delete:",
                help="Clears the scenario's evidence; the estimates are used again.",
            )
    with verdict:
        with_estimates, with_measured = (
            side_evaluation_of(s, scenario) for s in measurement_variants(candidate)
        )
        before, after = st.columns(2)
        before.metric("Recommendation with estimates", recommendation_label(with_estimates))
        before.caption(score_line(with_estimates))
        after.metric("With measurements", recommendation_label(with_measured))
        after.caption(score_line(with_measured))
        st.write(recommendation_change(with_estimates, with_measured))
        if not recorded.measured:
            st.caption("Record the measurements to use them on every page and in the record.")

    st.download_button(
        "Download the decision record (Markdown)",
        data=lambda: record_of(scenario)[1],  # written only when clicked
        file_name=record_file_name(scenario.name, "md"),
        mime="text/markdown",
        on_click="ignore",
        icon=":material/download:",
        help="The record of the current scenario; its Confirmation section reports the "
        "recorded measurements and whether each threshold passed.",
    )

next_steps(
    "read the full decision record, or change the inputs and save another variant.",
    (menu.RECORD, menu.REQUIREMENTS, menu.RECOMMENDATION),
)
