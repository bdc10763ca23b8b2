"""Costs over time: cumulative and monthly cost per option, break-even, drivers, uncertainty."""

import streamlit as st

from scoring.model.vocabulary import OPTION_LABELS, OPTIONS, marked_label
from scoring.report import charts, cost_readings
from ui import bound, menu, views
from ui.engine import evaluation_of
from ui.navigation import next_steps, page_link
from ui.page import start_page
from ui.text import escape_markdown, safe_file_name

scenario = start_page("Costs over time", icon="💰")
evaluation = evaluation_of(scenario)
horizon = scenario.horizon_months

st.title("Costs over time")
st.caption(
    f"{cost_readings.scope_sentence(evaluation)} Below: what each option costs month by month, "
    "when one breaks even with another, which assumption moves the answer most, and how "
    "uncertain it is."
)

ruled_out = cost_readings.ruled_out_sentence(evaluation)
if ruled_out:
    with st.container(border=True):
        st.markdown(f":material/block: {escape_markdown(ruled_out)}")
        page_link(menu.RECOMMENDATION, "Why: see the Recommendation page")

st.markdown(escape_markdown(cost_readings.ownership_sentence(evaluation)))
price = cost_readings.verdict_price_sentence(evaluation)
if price:
    st.info(f"**Price of the verdict:** {escape_markdown(price)}", icon=":material/sell:")

summary = st.columns(len(evaluation.options))
for column, row in zip(summary, cost_readings.option_costs(evaluation), strict=True):
    with column, st.container(border=True):
        st.metric(
            marked_label(f"{row.label}: total over {horizon} months", row.feasible),
            row.total_text,
            help=row.total_help,
        )
        st.caption(escape_markdown(row.per_1k_text), help=row.per_1k_help)
        st.caption(escape_markdown(row.band_text), help=row.band_help)
        st.caption(escape_markdown(row.cheapest_text), help=row.cheapest_help)

st.subheader("Break-even")
for reading in cost_readings.break_even_readings(evaluation):
    st.markdown(f"- {escape_markdown(reading.sentence)}")

cumulative_tab, components_tab, people_tab, drivers_tab, totals_tab = st.tabs(
    [
        "Cumulative cost",
        "Monthly cost by component",
        "People costs, driver by driver",
        "What moves the answer",
        f"Totals over {horizon} months",
    ]
)
with cumulative_tab:
    controls = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    with controls[0]:
        bound.number("horizon_months", "Cost horizon", unit="months", step=12)
    with controls[1]:
        bound.number("workload.growth_pct_per_month", "Growth", unit="% per month", least_step=0.5)
    with controls[2]:
        band = st.toggle(
            "P10-P90 band",
            value=True,
            key="ui:costs:band",
            # Kept across pages, like the sidebar's preset: a view setting should not start over.
            persist_state="session",
            help="Shade the range that holds 80 % of the Monte Carlo draws around each line.",
        )
    with controls[3]:
        log_scale = st.toggle(
            "Log scale",
            key="ui:costs:log",
            persist_state="session",
            help="A logarithmic cost axis: useful when one option costs many times more than "
            "another.",
        )
    st.plotly_chart(
        views.figure(scenario, charts.cumulative_cost_chart, band, log_scale),
        width="stretch",
        key="cumulative",
    )
    hint = cost_readings.scale_hint(evaluation)
    if hint and not log_scale:
        st.caption(f":material/lightbulb: {escape_markdown(hint)}")
    st.caption(escape_markdown(cost_readings.uncertainty_caption(evaluation)))

with components_tab:
    component_option = st.segmented_control(
        "Option",
        OPTIONS,
        default=cost_readings.components_option(evaluation),
        required=True,
        format_func=OPTION_LABELS.__getitem__,
        key="ui:costs:option",
        persist_state="session",
        help="Whose monthly cost to break down by component.",
    )
    shown_option = component_option or cost_readings.components_option(evaluation)
    st.plotly_chart(
        views.figure(scenario, charts.monthly_components_chart, shown_option),
        width="stretch",
        key="components",
    )
    st.caption(escape_markdown(cost_readings.components_caption(evaluation, shown_option)))

with people_tab:
    people_option = st.segmented_control(
        "Whose people costs",
        OPTIONS,
        default=cost_readings.components_option(evaluation),
        required=True,
        format_func=OPTION_LABELS.__getitem__,
        key="ui:costs:people",
        persist_state="session",
        help="Whose people drivers to list: quantity x rate = hours a month, FTE and loaded cost.",
    )
    shown_people = people_option or cost_readings.components_option(evaluation)
    st.dataframe(
        cost_readings.people_rows(evaluation, shown_people),
        hide_index=True,
        width="stretch",
        height="content",
        column_config={
            "Total": st.column_config.TextColumn(
                f"Total over {horizon} months",
                help="Sum of the monthly people cost over the horizon",
            ),
            "Quantity": st.column_config.TextColumn("Quantity", help="In the last month"),
        },
    )
    st.caption(escape_markdown(cost_readings.people_caption(evaluation)))
    for note in cost_readings.cloud_bill_notes(evaluation, shown_people):
        st.caption(f":material/receipt_long: {escape_markdown(note)}")

with drivers_tab:
    st.info(escape_markdown(cost_readings.tornado_reading(evaluation)), icon=":material/search:")
    st.plotly_chart(views.figure(scenario, charts.tornado_chart), width="stretch", key="tornado")
    st.caption(
        "Each uncertain input is moved to its P10 and to its P90 on its own, everything else as "
        "entered: the same inputs and ranges the P10-P90 band draws from. The bars compare the "
        "recommendation with its best feasible alternative (or show its own total when it is the "
        "only feasible option)."
    )

with totals_tab:
    labels = [OPTION_LABELS[o] for o in evaluation.options]
    st.dataframe(
        cost_readings.component_totals_rows(evaluation),
        hide_index=True,
        width="stretch",
        height="content",  # every component and the total, without a scroll bar
        column_config={
            "Component": st.column_config.TextColumn("Component"),
            **{
                label: st.column_config.NumberColumn(
                    f"{label} (USD)", format="$%,.0f", help=f"{label}: sum over {horizon} months"
                )
                for label in labels
            },
        },
    )
    st.dataframe(
        cost_readings.per_request_rows(evaluation),
        hide_index=True,
        width="stretch",
        column_config={
            "Measure": st.column_config.TextColumn(f"Over {horizon} months"),
            **{
                label: st.column_config.TextColumn(
                    label,
                    help=f"{label}: total cost over {horizon} months divided by the requests "
                    "served, x 1,000",
                )
                for label in labels
            },
        },
    )
    st.download_button(
        "Download the monthly projection (CSV)",
        data=views.monthly_costs_csv(scenario),
        file_name=safe_file_name(scenario.name, "-monthly-costs.csv"),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="One row per option and month: every component, the monthly total and the cumulative "
        "cost in USD (with the P10 and P90 of the cumulative cost), and the requests served.",
    )

next_steps(
    "check the latency and availability behind these options and what running them takes, "
    "then write the decision record.",
    (menu.LATENCY, menu.OPERATIONS, menu.RECORD),
)
