"""How the latency and resilience results are worded, once, for the Latency & resilience page
and the decision record alike: does each option meet the latency limit and by how much, why
this edge device, how fast an LLM decodes on it, and what each option does when the network or
a device fails.

Pure functions: an Evaluation (or its parts) in, plain text and rows out; no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.engine.deployment import LocalPart
from scoring.engine.devices import DeviceAssessment, DeviceChoice
from scoring.engine.evaluate import Evaluation
from scoring.engine.latency import OptionLatency
from scoring.engine.resilience import FAILURE_WEIGHTS
from scoring.model.units import ms, ms_short, ms_whole, percent, spaced_percents
from scoring.model.vocabulary import Option

FAILURE_MODE_WORDS = {
    "safety_critical": "safety-critical",
    "degrade": "degrade gracefully",
    "can_wait": "can wait",
}


def latency_sentence(label: str, p95_ms: float, limit_ms: float, note: str = "") -> str:
    """'Edge meets the 100 ms limit with 66 % to spare: p95 ≈ 34.4 ms.' or
    'Cloud misses the 100 ms limit by 40 %: p95 ≈ 140 ms.'"""
    limit = f"the {ms_whole(limit_ms)} limit"
    tail = f" {note}" if note else ""
    if not math.isfinite(p95_ms):
        return (
            f"{label} misses {limit}: at peak load the queue grows without bound, so p95 is "
            f"unbounded{tail}."
        )
    if p95_ms <= limit_ms:
        spare = percent((limit_ms - p95_ms) / limit_ms)
        return f"{label} meets {limit} with {spare} to spare: p95 ≈ {ms_short(p95_ms)}{tail}."
    over = percent((p95_ms - limit_ms) / limit_ms)
    return f"{label} misses {limit} by {over}: p95 ≈ {ms_short(p95_ms)}{tail}."


def latency_note(latency: OptionLatency) -> str:
    """How the p95 was obtained when it is not a single estimated path."""
    live = [path for path in latency.paths if path.share > 0]
    if len(live) > 1:
        mix = ", ".join(f"{percent(path.share)} {path.name}" for path in live)
        return f"(p95 of the mixture: {mix})"
    if live and live[0].name == "measured":
        return "(measured on the prototype)"
    return ""


def latency_breakdown(latency: OptionLatency) -> str:
    """What the p95 is made of: the parts of a single path, or each path of a mixture (whose
    shares latency_note gives)."""
    live = [path for path in latency.paths if path.share > 0]
    if len(live) > 1:
        return _sentence("; ".join(f"{path.name} path p95 {ms(path.p95_ms)}" for path in live))
    return _sentence(latency.breakdown())


@dataclass(frozen=True)
class LatencyReading:
    option: Option
    meets: bool  # p95 at or under the limit
    sentence: str
    breakdown: str  # the parts that add up to the p95, as a sentence
    inputs: tuple[str, ...]  # "part: the inputs behind it", once per distinct part


def latency_readings(evaluation: Evaluation) -> tuple[LatencyReading, ...]:
    """Per option: does its p95 meet the limit, the sentence that says by how much, and the
    parts and inputs behind the number."""
    limit = evaluation.scenario.requirements.max_latency_ms
    return tuple(
        LatencyReading(
            option,
            result.latency_p95_ms <= limit,
            latency_sentence(
                result.label, result.latency_p95_ms, limit, latency_note(result.latency)
            ),
            latency_breakdown(result.latency),
            tuple(
                dict.fromkeys(
                    f"{part.name}: {part.detail}"
                    for path in result.latency.paths
                    for part in path.parts
                )
            ),
        )
        for option, result in evaluation.options.items()
    )


def device_rows(choice: DeviceChoice, llm: bool) -> list[dict[str, object]]:
    """Every assessed catalog device: the chosen one first, then the usable ones by fleet
    price, then the others by how close they come."""
    chosen = choice.chosen

    def order(a: DeviceAssessment) -> tuple[int, float, float]:
        if a is chosen:
            return (0, 0, 0.0)
        if a.usable:
            return (1, 0, a.fleet_price_usd)
        shortfalls, overshoot = a.closeness()
        return (2, shortfalls, overshoot)

    rows = []
    for a in sorted(choice.assessments, key=order):
        fit = a.fit
        share = (
            f"{fit.share_used:,.0f}×"
            if fit.share_used >= 10
            else f"{fit.share_used:.0%}".replace("%", " %")
        )
        row: dict[str, object] = {
            "Device": a.device.name + (" (chosen)" if a is chosen else ""),
            "Usable": "yes" if a.usable else "no",
            "Memory used": (
                f"{fit.need.total_gb:,.2f} of {fit.usable_gb:,.2f} GB usable ({share})"
            ),
            "Local p95 (ms)": a.path.p95_ms,
            "Units per site": a.units_per_site,
            "Fleet price (USD)": a.fleet_price_usd,
        }
        if llm:
            row["Decode (tokens/s)"] = a.inference.tokens_per_s
        row["Falls short because"] = "; ".join(a.shortfalls())
        rows.append(row)
    return rows


def usable_devices_sentence(choice: DeviceChoice) -> str | None:
    """How many catalog devices would do when the pinned one does not (else None)."""
    usable = sum(a.usable for a in choice.assessments)
    if choice.pinned and choice.chosen is not None and not choice.chosen.usable and usable:
        return f"{usable} catalog device{'s' if usable != 1 else ''} would meet every requirement."
    return None


def device_hint(choice: DeviceChoice) -> str:
    """What the user can do about the device: unpin it, or pin one."""
    usable = usable_devices_sentence(choice)
    if usable is not None:
        return (
            f"{usable} Set Edge device to Automatic on the Requirements page to use the cheapest."
        )
    if choice.pinned:
        return (
            "The device is pinned in the scenario; set Edge device to Automatic on the "
            "Requirements page to let the engine pick the cheapest usable one."
        )
    return (
        "The engine picks the cheapest fleet among the usable devices; pin a device under "
        "Deployment options on the Requirements page."
    )


def local_parts(evaluation: Evaluation) -> list[tuple[str, LocalPart, DeviceAssessment]]:
    """(label, local part, its chosen or closest device) for each option that runs a model on
    a device (the memory chart's rows)."""
    found = []
    for result in evaluation.options.values():
        local = result.deployment.local
        if local is None or local.choice is None:
            continue
        label = f"{result.label}: {local.params_billion:g} B on {local.device.name}"
        found.append((label, local, local.choice.closest))
    return found


def decode_sentences(evaluation: Evaluation) -> list[str]:
    """For an LLM: how fast each local model generates, and why (memory bandwidth bound)."""
    scenario = evaluation.scenario
    if scenario.workload.kind != "llm":
        return []
    efficiency = evaluation.catalog.general.bandwidth_efficiency
    sentences, seen = [], set()
    for _, local, assessment in local_parts(evaluation):
        timing = assessment.inference
        if timing.tokens_per_s <= 0 or timing.memory_ms <= 0:  # an anonymiser generates nothing
            continue
        device = assessment.device
        key = (device.id, local.params_billion)
        if key in seen:
            continue
        seen.add(key)
        gb_per_token = device.memory_bandwidth_gbps * efficiency / timing.tokens_per_s
        sentences.append(
            f"{local.params_billion:g} B model on {device.name}: ≈ {timing.tokens_per_s:,.1f} "
            f"tokens/s, bounded by memory bandwidth ({device.memory_bandwidth_gbps:g} GB/s at "
            f"{100 * efficiency:.0f} % efficiency ÷ {gb_per_token:,.2f} GB read per token). The "
            f"{scenario.workload.tokens_out:,} answer tokens take ≈ "
            f"{timing.memory_ms / 1000:,.1f} s after ≈ {timing.compute_ms / 1000:,.1f} s of "
            f"prompt processing for {scenario.workload.tokens_in:,} tokens."
        )
    return sentences


def failure_mode_sentence(evaluation: Evaluation) -> str:
    """How the scenario's failure mode weighs each kind of hour in the offline score."""
    mode = evaluation.scenario.requirements.failure_mode
    lost, degraded, delayed = FAILURE_WEIGHTS[mode]
    return (
        f"Failure mode “{FAILURE_MODE_WORDS.get(mode, mode)}”: in the Offline & failure score "
        f"an hour with the function lost counts {lost:g}×, a degraded hour {degraded:g}× and an "
        f"hour in which only reports wait {delayed:g}× (the weighted hours)."
    )


@dataclass(frozen=True)
class ResilienceCard:
    label: str  # the option's name
    lost: str  # "≈ 8.8 h a year (availability 99.900 %)": hours without the function
    explanation: str  # the availability inputs behind the hours
    network_loss: str  # what the option does when the network is lost
    device_failure: str  # what it does when a device fails
    weighted: str  # how the hours count in the Offline & failure score


def resilience_cards(evaluation: Evaluation) -> tuple[ResilienceCard, ...]:
    """Per option: the hours a year it loses its function, and what it does when the network
    or a device fails."""
    cards = []
    for result in evaluation.options.values():
        r = result.resilience
        cards.append(
            ResilienceCard(
                result.label,
                f"≈ {r.lost_hours_per_year:,.1f} h a year "
                f"(availability {r.availability_pct:.3f} %)",
                spaced_percents(r.explanation),
                r.during_network_loss,
                r.during_device_failure,
                f"{result.label} counts {r.weighted_hours_per_year:,.1f} weighted hours a year in "
                "the Offline & failure score.",
            )
        )
    return tuple(cards)


def resilience_caption(evaluation: Evaluation) -> str:
    """The failure-mode weighting and the availability figures behind every option's hours."""
    inputs = spaced_percents(next(iter(evaluation.options.values())).resilience.explanation)
    return f"{failure_mode_sentence(evaluation)} Availability inputs: {inputs}."


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."
