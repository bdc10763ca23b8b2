"""How the latency and resilience results are worded, once, for the Latency & resilience page
and the decision record alike: does each option meet the latency limit and by how much, why
this edge device, how fast an LLM decodes on it, and what each option does when the network or
a device fails.

Pure functions: an Evaluation (or its parts) in, plain text and rows out; no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.catalog import Catalog
from scoring.catalog.tables import CLOUD_GPU_CLASS
from scoring.engine.deployment import Deployment, LocalPart
from scoring.engine.devices import PLACEMENT_WORDS, DeviceAssessment, DeviceChoice
from scoring.engine.evaluate import Evaluation
from scoring.engine.inference import Hardware, Work
from scoring.engine.latency import OptionLatency
from scoring.engine.request import input_size
from scoring.engine.resilience import FAILURE_WEIGHTS
from scoring.engine.serving import PoolPlan
from scoring.engine.validation import rough_reasons
from scoring.model.units import (
    duration,
    memory_size,
    ms,
    ms_short,
    ms_whole,
    percent,
    spaced_percents,
)
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
    """Every assessed catalog device in its better placement: the chosen one first, then the
    usable ones by fleet price, then the others by how close they come."""
    chosen = choice.chosen

    def order(a: DeviceAssessment) -> tuple[int, float, float]:
        if a is chosen:
            return (0, 0, 0.0)
        if a.usable:
            return (1, 0, a.fleet_price_usd)
        shortfalls, overshoot = a.closeness()
        return (2, shortfalls, overshoot)

    rows = []
    for a in sorted(choice.per_device(), key=order):
        fit = a.fit
        share = (
            f"{fit.share_used:,.0f}×"
            if fit.share_used >= 10
            else f"{fit.share_used:.0%}".replace("%", " %")
        )
        row: dict[str, object] = {
            "Device": a.device.name + (" (chosen)" if a is chosen else ""),
            "Where": PLACEMENT_WORDS[a.placement],
            "Usable": "yes" if a.usable else "no",
            "Memory used": (
                f"{memory_size(fit.need.total_gb)} of {memory_size(fit.usable_gb)} usable ({share})"
            ),
            "p95 (ms)": a.path.p95_ms,
            "Units": f"{a.units_per_site:,} per {a.per_pool}",
            "Batch": a.plan.batch,
            "Fleet price (USD)": a.fleet_price_usd,
        }
        if llm:
            row["Decode (tokens/s)"] = a.plan.point.tokens_per_s
        row["Falls short because"] = "; ".join(a.shortfalls())
        rows.append(row)
    return rows


def usable_devices_sentence(choice: DeviceChoice) -> str | None:
    """How many catalog devices would do when the pinned one does not (else None)."""
    usable = len({a.device.id for a in choice.assessments if a.usable})
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
        "The engine picks the cheapest fleet among the usable devices and placements; pin a "
        "device or a placement under Deployment options on the Requirements page."
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


def serving_sentence(
    who: str, hardware: Hardware, work: Work, plan: PoolPlan, catalog: Catalog
) -> str:
    """How one copy of the model serves requests, with the inputs behind its speed."""
    general = catalog.general
    point = plan.point
    klass = hardware.serving_class
    per_unit = "copy" if plan.copies == 1 else f"copy ({plan.copies} copies a unit)"
    split = f" split over {hardware.split} GPUs" if hardware.split > 1 else ""
    at_once = (
        "one request at a time" if point.batch == 1 else f"up to {point.batch:,} requests at once"
    )
    head = f"{who} on {hardware.name}{split} ({klass.runtime}): {at_once} per {per_unit}"
    if point.steps:
        bandwidth = hardware.bandwidth_bytes_per_s(general) / 1e9
        reads_gb = work.step_weight_bytes / 1e9
        return (
            f"{head}. A request's pass over its input takes ≈ {duration(point.prefill_ms)}; "
            f"then each decode step (≈ {duration(point.step_ms)}) reads {reads_gb:,.2f} GB of "
            f"weights once for the batch plus each request's KV cache at ≈ {bandwidth:,.0f} GB/s "
            f"({klass.bandwidth_efficiency:.0%} of the memory bandwidth), so a request gets "
            f"≈ {point.tokens_per_s:,.1f} tokens/s and its {point.steps:,.0f} tokens take "
            f"≈ {duration(point.latency_ms - point.first_token_ms)}."
        ).replace("%", " %")
    gflop = work.pass_ops / 1e9
    return (
        f"{head}. A batch takes ≈ {duration(point.latency_ms)} ({gflop:,.3g} GFLOP per request "
        f"at {klass.compute_efficiency:.0%} of the peak, {duration(klass.call_overhead_ms)} "
        f"per call), {plan.copies * point.throughput_rps:,.1f} requests/s per unit."
    ).replace("%", " %")


def serving_sentences(evaluation: Evaluation) -> list[str]:
    """For each part that runs a model on hardware the engine sizes (a device, a site server, a
    cloud GPU): how it serves and why it is that fast."""
    sentences: list[str] = []
    seen: set[tuple[object, ...]] = set()
    for result in evaluation.options.values():
        d = result.deployment
        local = d.local
        if local is not None and local.choice is not None:
            a = local.choice.closest
            key: tuple[object, ...] = (a.device.id, a.placement, local.params_billion, a.plan.batch)
            if key not in seen:
                seen.add(key)
                who = f"{result.label}: the {local.params_billion:g} B model"
                sentences.append(
                    serving_sentence(who, a.curve.hardware, a.work, a.plan, evaluation.catalog)
                )
        cloud = d.cloud
        if cloud is not None and cloud.plan is not None and cloud.hardware is not None:
            key = ("cloud", cloud.service_name, cloud.share)
            if key not in seen and cloud.work is not None:
                seen.add(key)
                who = f"{result.label}: the cloud model"
                sentences.append(
                    serving_sentence(
                        who, cloud.hardware, cloud.work, cloud.plan, evaluation.catalog
                    )
                )
    return sentences


LIMIT_APPLIES = {
    "whole_response": "the whole response",
    "first_token": "the first token",
}


@dataclass(frozen=True)
class ResponseTiming:
    """An LLM option's answer as a user sees it: the first token, the speed of the rest, and
    the whole response, at p95."""

    option: Option
    label: str
    first_token_p95_ms: float
    response_p95_ms: float
    tokens_per_s: float  # output tokens a second one request sees
    tokens_out: int
    judged: str  # what the limit applies to, in words

    @property
    def sentence(self) -> str:
        speed = f", then ≈ {self.tokens_per_s:,.1f} tokens/s" if self.tokens_per_s else ""
        return (
            f"{self.label}: first token ≈ {duration(self.first_token_p95_ms)}{speed}; the whole "
            f"{self.tokens_out:,}-token response ≈ {duration(self.response_p95_ms)} (p95). The "
            f"limit applies to {self.judged}."
        )


def response_timings(evaluation: Evaluation) -> tuple[ResponseTiming, ...]:
    """Time to first token, tokens per second and the full response of each option of an LLM
    scenario (nothing for other kinds, which return one response)."""
    scenario = evaluation.scenario
    if scenario.workload.kind != "llm":
        return ()
    judged = LIMIT_APPLIES[scenario.requirements.latency_applies_to]
    timings = []
    for option, result in evaluation.options.items():
        d = result.deployment
        timings.append(
            ResponseTiming(
                option,
                result.label,
                d.first_token.p95_ms,
                d.response.p95_ms,
                _tokens_per_s(d),
                scenario.workload.tokens_out,
                judged,
            )
        )
    return tuple(timings)


def response_timing_rows(timings: tuple[ResponseTiming, ...]) -> list[dict[str, str]]:
    """The first-token / speed / whole-response table, one row per option."""
    return [
        {
            "Option": t.label,
            "First token, p95": duration(t.first_token_p95_ms),
            "Tokens/s per request": f"{t.tokens_per_s:,.1f}" if t.tokens_per_s else "–",
            f"Whole response ({t.tokens_out:,} tokens), p95": duration(t.response_p95_ms),
        }
        for t in timings
    ]


def response_timing_caption(timings: tuple[ResponseTiming, ...]) -> str:
    return (
        f"The limit applies to {timings[0].judged} (“The limit applies to” under Workload "
        "and model on the Requirements page). "
        "Tokens/s: how fast one request's answer is written while the other requests in the "
        "batch share the hardware (for a hosted API, the provider's published speed)."
    )


def _tokens_per_s(d: Deployment) -> float:
    if d.local is not None and d.local.choice is not None:
        return d.local.choice.closest.plan.point.tokens_per_s
    if d.cloud is not None and d.cloud.llm is not None:
        return d.cloud.llm.output_tokens_per_s
    if d.cloud is not None and d.cloud.plan is not None:
        return d.cloud.plan.point.tokens_per_s
    return 0.0


def input_notes(evaluation: Evaluation) -> tuple[str, ...]:
    """What the estimate took the input to be when the scenario did not say (derived values)."""
    size = input_size(evaluation.scenario, evaluation.catalog.general)
    return tuple(f"{note[0].upper()}{note[1:]}." for note in size.derived)


def rough_notes(evaluation: Evaluation) -> dict[Option, tuple[str, ...]]:
    """Per option, why its latency estimate is rough (empty when the validation table covers
    its hardware and kind of model within 25 %)."""
    kind = evaluation.scenario.workload.kind
    notes: dict[Option, tuple[str, ...]] = {}
    for option, result in evaluation.options.items():
        d = result.deployment
        found: list[str] = []
        if d.local is not None and d.local.choice is not None:
            device = d.local.choice.closest.device
            found += [f"{device.name}: {r}" for r in rough_reasons(device.device_class, kind)]
        if d.cloud is not None and d.cloud.plan is not None:
            found += [f"cloud GPU: {r}" for r in rough_reasons(CLOUD_GPU_CLASS, kind)]
        notes[option] = tuple(dict.fromkeys(found))
    return notes


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
