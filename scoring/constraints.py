"""Hard constraints: screen the options before scoring them.

An option a constraint rules out keeps the reason (a "blocker") and what would lift it; a value
within 20 % of a limit is a warning, not a silent pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.deployment import Deployment, LocalPart
from scoring.devices import DeviceAssessment
from scoring.evidence import uses_measurement
from scoring.hybrid import ESSENTIAL_LOCAL
from scoring.scenario import Scenario
from scoring.units import ms, ms_whole
from scoring.vocabulary import OPTION_LABELS, Option, allows_data

NEAR_MISS = 0.20

DATA_WORDS = {
    "none": "nothing",
    "results_only": "results",
    "anonymized": "anonymised data",
    "raw": "raw inputs",
}


@dataclass(frozen=True)
class Finding:
    constraint: str  # offline | data_leaving | model_fit | latency | load | cloud_fit | ...
    option: Option
    blocking: bool
    message: str
    relax: str = ""  # the change that would lift it, for blockers


def screen(deployments: dict[Option, Deployment], scenario: Scenario) -> dict[Option, tuple]:
    """Blockers and warnings per option."""
    return {option: tuple(_findings(d, scenario)) for option, d in deployments.items()}


def _findings(deployment: Deployment, scenario: Scenario) -> list[Finding]:
    option = deployment.option
    req = scenario.requirements
    found: list[Finding] = []
    found += _offline(deployment, scenario)
    if not allows_data(req.data_leaving, deployment.data_sent):
        found.append(
            Finding(
                "data_leaving",
                option,
                True,
                f"{_name(deployment)} sends {DATA_WORDS[deployment.data_sent]} off the device or "
                f"organisation; only {DATA_WORDS[req.data_leaving]} may leave.",
                f"allow {DATA_WORDS[deployment.data_sent]} to leave (data_leaving: "
                f"{deployment.data_sent})",
            )
        )
    elif deployment.data_sent == "raw" and req.data_sensitivity == "regulated":
        found.append(
            Finding(
                "data_leaving",
                option,
                False,
                f"{_name(deployment)} sends regulated raw data to the cloud: it needs a data "
                "processing agreement and a region that satisfies the regulator.",
            )
        )
    if req.results_needed_centrally and deployment.option == "edge":
        found.append(
            Finding(
                "central_results",
                option,
                True,
                "Results must reach a central place, and pure edge sends nothing off site.",
                "drop the need for central results (or let a hybrid send them)",
            )
        )
    local_blocked_on_latency = False
    if deployment.local is not None and deployment.local.runs_model:
        measured = uses_measurement(scenario, option)
        local_findings = _local(deployment, deployment.local, scenario, measured)
        local_blocked_on_latency = any(f.constraint == "latency" for f in local_findings)
        found += local_findings
    if deployment.cloud is not None and deployment.cloud.fit and not deployment.cloud.fit.fits:
        fit = deployment.cloud.fit
        found.append(
            Finding(
                "cloud_fit",
                option,
                True,
                f"The model needs {fit.need.total_gb:,.1f} GB but "
                f"{deployment.cloud.service_name} offers {fit.usable_gb:,.1f} GB usable.",
                "choose a larger GPU instance, per-token pricing, or a smaller model",
            )
        )
    if not local_blocked_on_latency:
        found += _latency(deployment, scenario)
    found += _cloud_warnings(deployment, scenario)
    return found


def _offline(deployment: Deployment, scenario: Scenario) -> list[Finding]:
    offline = scenario.requirements.offline
    option = deployment.option
    pattern = deployment.pattern.pattern if deployment.pattern else None
    needs_cloud = option == "cloud" or (
        option == "hybrid" and pattern not in ESSENTIAL_LOCAL and pattern != "escalate_hard_cases"
    )
    if offline == "required" and needs_cloud:
        return [
            Finding(
                "offline",
                option,
                True,
                f"Offline operation is required, and {_name(deployment)} stops when the link does.",
                "make offline operation preferred instead of required",
            )
        ]
    if offline != "not_needed" and pattern == "escalate_hard_cases":
        return [
            Finding(
                "offline",
                option,
                False,
                "While offline, hard cases get the local model's answer instead of the cloud's.",
            )
        ]
    if offline == "preferred" and needs_cloud:
        return [
            Finding(
                "offline",
                option,
                False,
                f"Offline operation is preferred, and {_name(deployment)} stops when the link "
                "does.",
            )
        ]
    return []


def _local(
    deployment: Deployment, local: LocalPart, scenario: Scenario, measured: bool
) -> list[Finding]:
    """Blockers of the device that runs the local model: fit, latency, load. With `measured`,
    a prototype's p95 replaces the device's estimated latency, so only fit and load remain."""
    assert local.choice is not None
    option = deployment.option
    what = "Edge" if option == "edge" else f"The hybrid's local part ({local.role})"
    choice = local.choice
    limit = scenario.requirements.max_latency_ms
    if choice.pinned:
        found = _pinned_device(option, what, choice.closest, limit)
        return [f for f in found if not (measured and f.constraint == "latency")]
    if choice.chosen is not None:
        return []
    fitting = [a for a in choice.assessments if a.fit.fits]
    if not fitting:
        roomiest = max(choice.assessments, key=lambda a: a.fit.usable_gb)
        need = roomiest.fit.need
        return [
            Finding(
                "model_fit",
                option,
                True,
                f"{what}: the model needs {need.total_gb:,.1f} GB ({need.explain()}); the "
                f"largest catalog device, {roomiest.device.name}, offers "
                f"{roomiest.fit.usable_gb:,.1f} GB usable.",
                "use a smaller or more quantised model (int8 or int4)",
            )
        ]
    fast = fitting if measured else [a for a in fitting if a.meets_latency]
    if not fast:
        quickest = min(fitting, key=lambda a: a.path.p95_ms)
        return [
            Finding(
                "latency",
                option,
                True,
                f"{what}: the fastest device that fits, {quickest.device.name}, reaches p95 "
                f"~ {ms(quickest.path.p95_ms)} against a {ms_whole(limit)} limit.",
                f"raise the latency limit to {_round_up(quickest.path.p95_ms)} ms",
            )
        ]
    strongest = min(fast, key=lambda a: a.units_per_site)
    if strongest.carries_load:
        return []  # reachable only when measured: the estimate alone had ruled the devices out
    return [
        Finding(
            "load",
            option,
            True,
            f"{what}: even {strongest.device.name} needs {strongest.units_per_site:,} units per "
            f"site for the peak load (at most {strongest.max_units_per_site} per site).",
            "spread the requests over more sites or lower the peak-to-average ratio",
        )
    ]


def _pinned_device(
    option: Option, what: str, pinned: DeviceAssessment, limit: float
) -> list[Finding]:
    found = []
    name = pinned.device.name
    if not pinned.fit.fits:
        found.append(
            Finding(
                "model_fit",
                option,
                True,
                f"{what}: the pinned {name} {pinned.fit.explain()}.",
                "pin a device with more memory (or `auto`), or quantise the model",
            )
        )
    if not pinned.meets_latency:
        found.append(
            Finding(
                "latency",
                option,
                True,
                f"{what}: the pinned {name} reaches p95 ~ {ms(pinned.path.p95_ms)} against a "
                f"{ms_whole(limit)} limit.",
                f"raise the latency limit to {_round_up(pinned.path.p95_ms)} ms or pin a "
                "faster device",
            )
        )
    if not pinned.carries_load:
        found.append(
            Finding(
                "load",
                option,
                True,
                f"{what}: the pinned {name} needs {pinned.units_per_site:,} units per site for "
                f"the peak load (at most {pinned.max_units_per_site}).",
                "pin a faster device (or `auto`)",
            )
        )
    return found


def _latency(deployment: Deployment, scenario: Scenario) -> list[Finding]:
    limit = scenario.requirements.max_latency_ms
    p95 = deployment.latency.p95_ms
    option = deployment.option
    if p95 > limit:
        return [
            Finding(
                "latency",
                option,
                True,
                f"{_name(deployment)} reaches p95 ~ {_ms(p95)} against a {ms_whole(limit)} limit "
                f"({deployment.latency.explain()}).",
                f"raise the latency limit to {_round_up(p95)} ms",
            )
        ]
    if p95 > limit * (1 - NEAR_MISS):
        return [
            Finding(
                "latency",
                option,
                False,
                f"Near miss: {_name(deployment)} p95 ~ {_ms(p95)} is within "
                f"{NEAR_MISS:.0%} of the {ms_whole(limit)} limit; measure it on a prototype.",
            )
        ]
    return []


def _cloud_warnings(deployment: Deployment, scenario: Scenario) -> list[Finding]:
    cloud = deployment.cloud
    if cloud is None or cloud.llm is None:
        return []
    found = []
    deprecation = cloud.llm.deprecation_date
    if deprecation[:1].isdigit():
        found.append(
            Finding(
                "deprecation",
                deployment.option,
                False,
                f"{cloud.llm.name} is scheduled for deprecation on {deprecation}: plan the "
                "migration to its successor and re-check prices.",
            )
        )
    workload = scenario.workload
    if workload.tokens_in + workload.tokens_out == 0:
        found.append(
            Finding(
                "pricing",
                deployment.option,
                False,
                "Per-token pricing with 0 tokens per request: the cloud inference cost is zero. "
                "Enter tokens_in and tokens_out.",
            )
        )
    return found


def relaxations(findings: dict[Option, tuple]) -> tuple[str, ...]:
    """When nothing is feasible: the changes that would make an option feasible, fewest first."""
    suggestions = []
    for option, option_findings in findings.items():
        blockers = [f for f in option_findings if f.blocking]
        changes = "; and ".join(dict.fromkeys(f.relax for f in blockers if f.relax))
        suggestions.append(
            (
                len(blockers),
                f"{OPTION_LABELS[option]} would become feasible if you {changes}."
                if changes
                else "",
            )
        )
    suggestions.sort(key=lambda s: s[0])
    return tuple(text for _, text in suggestions if text)


def _name(deployment: Deployment) -> str:
    if deployment.option == "hybrid" and deployment.pattern is not None:
        return f"Hybrid ({deployment.pattern.label.lower()})"
    return OPTION_LABELS[deployment.option]


def _ms(value: float) -> str:
    return "no bound (overloaded)" if value == float("inf") else ms(value)


def _round_up(value: float) -> str:
    if value == float("inf"):
        return "any value (the device is overloaded)"
    step = 1 if value < 20 else 5 if value < 200 else 50 if value < 2000 else 500
    return f"{(int(value // step) + 1) * step:,}"
