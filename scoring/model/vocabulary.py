"""The words of the domain: options, criteria, hybrid patterns and the answers' allowed values.

Kept in one place so that the scenario model, the engine, the pages and the record all agree.
"""

from collections.abc import Iterable
from typing import Literal, get_args

Option = Literal["edge", "cloud", "hybrid"]
OPTIONS: tuple[Option, ...] = get_args(Option)

OPTION_LABELS: dict[str, str] = {"edge": "Edge", "cloud": "Cloud", "hybrid": "Hybrid"}

Criterion = Literal[
    "latency", "privacy", "scaling", "updates", "models", "offline", "cost", "operations"
]
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)

CRITERION_LABELS: dict[str, str] = {
    "latency": "Latency",
    "privacy": "Privacy",
    "scaling": "Scaling",
    "updates": "Updates",
    "models": "Model capability",
    "offline": "Offline & failure",
    "cost": "Cost",
    "operations": "Operations effort",
}

HybridPattern = Literal[
    "local_detect_cloud_trends",
    "escalate_hard_cases",
    "anonymize_then_send",
    "queue_and_sync",
    "safety_local_reporting_central",
]
HYBRID_PATTERNS: tuple[HybridPattern, ...] = get_args(HybridPattern)

HYBRID_PATTERN_LABELS: dict[str, str] = {
    "local_detect_cloud_trends": "Detect locally, analyse trends in the cloud",
    "escalate_hard_cases": "Small model on the device, escalate hard cases to the cloud",
    "anonymize_then_send": "Anonymise on the device, infer in the cloud",
    "queue_and_sync": "Capture on the device, infer in the cloud, queue while offline",
    "safety_local_reporting_central": "Safety-critical functions local, reporting central",
}

Offline = Literal["required", "preferred", "not_needed"]
DataLeaving = Literal["none", "results_only", "anonymized", "raw"]
DataSensitivity = Literal["public", "internal", "confidential", "regulated"]
Demand = Literal["steady", "seasonal", "spiky"]
FailureMode = Literal["safety_critical", "degrade", "can_wait"]
WorkloadKind = Literal["vision", "llm", "speech", "tabular", "other"]
Precision = Literal["fp32", "fp16", "bf16", "fp8", "int8", "int4"]
CloudPricing = Literal["per_token", "per_request", "gpu_hour"]
DecisionStatus = Literal["proposed", "accepted", "rejected", "deprecated", "superseded"]

# What crosses the device or organisation boundary, from least to most revealing. The
# requirement `data_leaving` names the most revealing category that may leave.
DATA_CATEGORIES: tuple[DataLeaving, ...] = ("none", "results_only", "anonymized", "raw")


def allows_data(limit: DataLeaving, sent: DataLeaving) -> bool:
    """Whether sending `sent` stays within the requirement `data_leaving: limit`."""
    return DATA_CATEGORIES.index(sent) <= DATA_CATEGORIES.index(limit)


# What crosses the boundary, in the words of a sentence ("sends raw inputs off the device").
DATA_WORDS: dict[str, str] = {
    "none": "nothing",
    "results_only": "results",
    "anonymized": "anonymised data",
    "raw": "raw inputs",
}


def may_leave(limit: DataLeaving) -> str:
    """The requirement as the end of a sentence: "only results may leave", "no data may leave"
    ("only nothing may leave" reads as a riddle)."""
    return "no data may leave" if limit == "none" else f"only {DATA_WORDS[limit]} may leave"


# The hard requirements a finding names (scoring.engine.constraints.Finding.constraint), in words.
CONSTRAINT_LABELS: dict[str, str] = {
    "offline": "offline",
    "data_leaving": "data leaving",
    "central_results": "central results",
    "model_fit": "model fit",
    "latency": "latency",
    "load": "peak load",
    "cloud_fit": "cloud GPU memory",
    "deprecation": "model deprecation",
    "pricing": "pricing",
}


def marked_label(label: str, feasible: bool) -> str:
    """ "Cloud (ruled out)": an option's label as charts, tabs, totals and score lines show it,
    marked when a hard requirement rules the option out."""
    return label if feasible else f"{label} (ruled out)"


def constraint_words(constraints: Iterable[str]) -> str:
    """ "offline, data leaving": each requirement once, in the order met."""
    return ", ".join(
        dict.fromkeys(CONSTRAINT_LABELS.get(c, c.replace("_", " ")) for c in constraints)
    )


# Readable words for the stored answers, shared by the pages and the decision record.
OFFLINE_LABELS: dict[str, str] = {
    "required": "Required: must work without internet",
    "preferred": "Preferred: should ride out outages",
    "not_needed": "Not needed: always online",
}
DATA_LEAVING_LABELS: dict[str, str] = {
    "none": "Nothing: all data stays inside",
    "results_only": "Results only",
    "anonymized": "Anonymised data",
    "raw": "Raw data may leave",
}
DATA_SENSITIVITY_LABELS: dict[str, str] = {
    "public": "Public",
    "internal": "Internal",
    "confidential": "Confidential",
    "regulated": "Regulated (health, legal, finance…)",
}
DEMAND_LABELS: dict[str, str] = {
    "steady": "Steady",
    "seasonal": "Seasonal: predictable peaks",
    "spiky": "Spiky: sudden bursts",
}
FAILURE_MODE_LABELS: dict[str, str] = {
    "safety_critical": "Safety-critical: must keep working",
    "degrade": "Degrade gracefully",
    "can_wait": "Can wait until it is back",
}
WORKLOAD_KIND_LABELS: dict[str, str] = {
    "vision": "Vision (images, video)",
    "llm": "Language model (LLM)",
    "speech": "Speech",
    "tabular": "Tabular / classic ML",
    "other": "Other",
}
PRECISION_LABELS: dict[str, str] = {
    "fp32": "FP32 · 4 bytes per parameter",
    "fp16": "FP16 · 2 bytes per parameter",
    "bf16": "BF16 · 2 bytes per parameter",
    # Quantised sizes come from the catalog's formats (the scales add to the bits), so the
    # labels name the format, not a byte count that would understate it.
    "fp8": "FP8 · 8-bit float (Ada, Hopper, Blackwell)",
    "int8": "INT8 · 8-bit weights plus scales",
    "int4": "INT4 · 4-bit weights plus scales",
}
CLOUD_PRICING_LABELS: dict[str, str] = {
    "auto": "Automatic",
    "per_token": "Per token: hosted LLM API",
    "per_request": "Per request: serverless GPU",
    "gpu_hour": "Per GPU-hour: GPU instances sized for the peak",
}
STATUS_LABELS: dict[str, str] = {
    "proposed": "Proposed",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "deprecated": "Deprecated",
    "superseded": "Superseded",
}


def lower_first(text: str) -> str:
    """The text continuing a sentence: "No data leaves" -> "no data leaves", while a name keeps
    its spelling: a first word with more capitals or digits (LLM, OpenAI, GPT-4o, L4) or an
    option's name (Edge, Cloud, Hybrid), which the record always capitalises."""
    first = text.split(" ", 1)[0]
    if not first[:1].isupper() or any(ch.isupper() or ch.isdigit() for ch in first[1:]):
        return text
    if first.rstrip(",.:;") in OPTION_LABELS.values():
        return text
    return text[:1].lower() + text[1:]
