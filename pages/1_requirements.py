"""Requirements: the eight questions, the workload and model, the deployment options and the
assumptions behind every figure. Each input edits the session's scenario through ui.bound."""

import streamlit as st

from scoring.engine.deployment import CLOUD_SERVICES, resolved_pricing
from scoring.model.units import monthly_volume
from scoring.model.vocabulary import (
    CLOUD_PRICING_LABELS,
    DATA_LEAVING_LABELS,
    DATA_SENSITIVITY_LABELS,
    DEMAND_LABELS,
    FAILURE_MODE_LABELS,
    OFFLINE_LABELS,
    PRECISION_LABELS,
    WORKLOAD_KIND_LABELS,
)
from ui import bound, labels, menu
from ui.assumptions import render_assumptions
from ui.engine import evaluation_of
from ui.navigation import next_steps
from ui.page import start_page
from ui.recommendation import verdict_sentence

scenario = start_page("Requirements", icon="📝")

st.title("Requirements")
st.caption(
    "Answer the eight questions, describe the workload, and check the figures behind the "
    "estimates. Every change is kept in the scenario (and in the page's link)."
)

with st.expander("Name and description"):
    bound.text_input("name", "Scenario name")
    bound.text_area("description", "Description", height=80)

st.subheader("The eight questions")
left, middle, right = st.columns(3, gap="large")
with left:
    bound.number("requirements.max_latency_ms", "Maximum response time, p95", unit="ms")
    bound.choice("requirements.offline", "Must it work offline?", OFFLINE_LABELS, widget="radio")
    bound.choice(
        "requirements.failure_mode", "When the cloud or a device fails", FAILURE_MODE_LABELS
    )
with middle:
    bound.choice("requirements.data_leaving", "Data that may leave", DATA_LEAVING_LABELS)
    bound.choice("requirements.data_sensitivity", "Data sensitivity", DATA_SENSITIVITY_LABELS)
    bound.choice("requirements.demand", "Demand", DEMAND_LABELS, widget="radio")
with right:
    bound.number("requirements.model_updates_per_year", "Model updates", unit="per year")
    bound.number("requirements.devices", "Devices", unit="count")
    bound.number(
        "requirements.sites", "Sites they are at", unit="count", placeholder="one per device"
    )
    bound.text_area("requirements.quality_measurement", "How is model quality measured?")
    bound.toggle("requirements.results_needed_centrally", "Results must reach a central place")

st.subheader("Workload and model")
left, middle, right = st.columns(3, gap="large")
with left:
    bound.choice("workload.kind", "Kind of model", WORKLOAD_KIND_LABELS)
    bound.number("workload.requests_per_month", "Requests", unit="per month", least_step=100)
    st.caption(monthly_volume(scenario.workload.requests_per_month))
    bound.number("workload.growth_pct_per_month", "Growth", unit="% per month", least_step=0.5)
    bound.number("workload.peak_to_average", "Peak-to-average ratio", unit="×")
with middle:
    bound.number("workload.input_kb", "Input per request", unit="kB")
    bound.number("workload.output_kb", "Output per request", unit="kB")
    kind = scenario.workload.kind
    if kind == "llm":
        bound.number("workload.tokens_in", "Prompt", unit="tokens per request", least_step=10)
        bound.number("workload.tokens_out", "Answer", unit="tokens per request", least_step=10)
        bound.choice(
            "requirements.latency_applies_to", "The limit applies to", labels.LATENCY_APPLIES_TO
        )
    elif kind == "vision":
        bound.number(
            "workload.image_megapixels",
            "Image size",
            unit="megapixels",
            least_step=0.1,
            placeholder="from the input size",
        )
    elif kind == "speech":
        bound.number(
            "workload.audio_seconds",
            "Audio",
            unit="seconds per request",
            least_step=1,
            placeholder="from the input size",
        )
with right:
    bound.number("model.params_billion", "Model size", unit="billion parameters")
    bound.choice("model.precision", "Precision on the device", PRECISION_LABELS)
    if kind in ("vision", "tabular", "other"):
        bound.number(
            "model.gflops",
            "Compute",
            unit="GFLOP per inference",
            least_step=1,
            placeholder="estimated",
        )
    bound.number("horizon_months", "Cost horizon", unit="months", step=12)

st.subheader("Deployment options")
left, middle, right = st.columns(3, gap="large")
with left:
    bound.choice(
        "edge.device",
        "Edge device",
        {"auto": labels.AUTO_DEVICE, **labels.catalog_names("devices")},
    )
    bound.choice(
        "network.profile", "Network to the cloud", labels.catalog_names("network_profiles")
    )
    bound.choice("edge.devices_owned_by", "Who owns the edge devices", labels.DEVICE_OWNER)
    bound.choice("edge.placement", "Where the edge model runs", labels.PLACEMENT)
with middle:
    bound.choice("cloud.pricing", "Cloud pricing", CLOUD_PRICING_LABELS)
    pricing = resolved_pricing(scenario)
    field, table = CLOUD_SERVICES[pricing]
    bound.choice(
        f"cloud.{field}", labels.CLOUD_SERVICE_LABELS[pricing], labels.catalog_names(table)
    )
with right:
    bound.choice("hybrid.pattern", "Hybrid pattern", labels.HYBRID_PATTERN)
    bound.percent_slider("hybrid.escalation_share", "Escalated to the cloud")
    bound.choice(
        "hybrid.local_model",
        "Escalation's local model",
        {"auto": labels.AUTO_LOCAL_MODEL, **labels.catalog_names("architectures")},
    )
    bound.number(
        "hybrid.local_params_billion",
        "Hybrid's local model size",
        unit="billion parameters",
        least_step=0.1,
        placeholder="automatic",
    )

with st.expander("Assumptions: every figure with its source", icon=":material/fact_check:"):
    render_assumptions(scenario)

next_steps(
    verdict_sentence(evaluation_of(scenario)) + " See why, what it costs and how it responds.",
    (menu.RECOMMENDATION, menu.COSTS, menu.LATENCY),
)
