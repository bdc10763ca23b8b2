"""Latency & resilience: the p95 budget against the limit, whether the model fits the device,
and what each option does when the network or a device fails."""

import pandas as pd
import streamlit as st

from scoring.report import charts, latency_readings
from ui import bound, menu, views
from ui.engine import evaluation_of
from ui.navigation import next_steps
from ui.page import start_page
from ui.text import escape_markdown, literal_table

scenario = start_page("Latency & resilience", icon="⏱️")
evaluation = evaluation_of(scenario)

st.title("Latency & resilience")
st.caption(
    "Is each option fast enough at p95, does the model fit the device and why this device, "
    "and what happens when the network or a device fails."
)

response, fit, failures = st.tabs(
    ["Response time against the limit", "Model fit and device", "Network and device failures"]
)
with response:
    readings = latency_readings.latency_readings(evaluation)
    rough = latency_readings.rough_notes(evaluation)
    for column, reading in zip(st.columns(len(readings)), readings, strict=True):
        with column:
            if reading.meets:
                st.success(escape_markdown(reading.sentence), icon=":material/check_circle:")
            else:
                st.error(escape_markdown(reading.sentence), icon=":material/cancel:")
            st.caption(
                escape_markdown(reading.breakdown),
                help="\n\n".join(escape_markdown(line) for line in reading.inputs),
            )
            if rough[reading.option]:
                st.caption(
                    ":material/warning: **Rough estimate**",
                    help="\n\n".join(escape_markdown(note) for note in rough[reading.option])
                    + "\n\nSee docs/validation.md for the published measurements behind this.",
                )
    timings = latency_readings.response_timings(evaluation)
    if timings:
        st.markdown("**First token, speed and whole response**")
        st.table(literal_table(latency_readings.response_timing_rows(timings)), hide_index=True)
        st.caption(escape_markdown(latency_readings.response_timing_caption(timings)))
    for note in latency_readings.input_notes(evaluation):
        st.caption(f":material/calculate: {escape_markdown(note)}")

    chart_column, input_column = st.columns([4, 1], gap="large")
    with input_column:
        bound.number("requirements.max_latency_ms", "Maximum response time, p95", unit="ms")
        st.caption(
            "Change the limit to see which options stay within it; it is the same answer as on "
            "the Requirements page."
        )
    with chart_column:
        st.plotly_chart(
            views.figure(scenario, charts.latency_budget_chart), width="stretch", key="latency"
        )
    st.caption(
        "Each bar adds up the p95 of its parts, which is conservative; hover a part for the inputs "
        "behind it. A hybrid that escalates some requests gets its p95 from the mixture of its "
        "paths (local and escalated, weighted by their shares), not from adding or averaging them."
    )

with fit:
    choice = evaluation.device_choice
    if choice.chosen is not None and choice.chosen.usable:
        st.info(escape_markdown(choice.reason) + ".", icon=":material/memory:")
    else:
        st.warning(escape_markdown(choice.reason) + ".", icon=":material/memory:")
    st.plotly_chart(views.figure(scenario, charts.memory_chart), width="stretch", key="memory")
    for sentence in latency_readings.serving_sentences(evaluation):
        st.markdown(f":material/speed: {escape_markdown(sentence)}")
    llm = scenario.workload.kind == "llm"
    # Each device once (in its better placement), as the table lists them.
    with st.expander(f"All {len(choice.per_device())} catalog devices assessed", expanded=False):
        rows = pd.DataFrame(latency_readings.device_rows(choice, llm))
        formats = {
            "p95 (ms)": "{:,.1f}",
            "Fleet price (USD)": "${:,.0f}",
            "Decode (tokens/s)": "{:,.1f}",
        }
        st.table(rows.style.format({k: v for k, v in formats.items() if k in rows}).hide())
        st.caption(
            "Each device in its better placement: in each device, or on a server at each site "
            "(which adds the local network hop). Memory used: weights + KV cache + runtime "
            "overhead against the usable share of the device's memory. p95: network hop, "
            "pre-processing, queueing at peak and inference at the batch the plan chose. Units: "
            "enough for the peak load at the horizon (a spare where failure is safety-critical). "
            "Fleet price: unit price × units in the field."
            + (
                " Decode: tokens/s of one request at that batch (a step reads the weights once "
                "for the batch and each request's KV cache)."
                if llm
                else ""
            )
        )
        st.caption(escape_markdown(latency_readings.device_hint(choice)))

with failures:
    chart_column, text_column = st.columns(2, gap="large")
    with chart_column:
        st.plotly_chart(
            views.figure(scenario, charts.downtime_chart), width="stretch", key="downtime"
        )
    with text_column:
        for card in latency_readings.resilience_cards(evaluation):
            with st.container(border=True):
                st.markdown(
                    f"**{card.label}** · function lost {card.lost}",
                    help=escape_markdown(card.explanation),
                )
                st.markdown(
                    f":material/wifi_off: **Network loss:** {escape_markdown(card.network_loss)}"
                )
                st.markdown(
                    f":material/build: **Device failure:** {escape_markdown(card.device_failure)}"
                )
                st.caption(card.weighted)
    st.caption(escape_markdown(latency_readings.resilience_caption(evaluation)))

next_steps(
    "see what running each option takes, compare the costs over time, then write the "
    "decision record.",
    (menu.OPERATIONS, menu.COSTS, menu.RECORD),
)
