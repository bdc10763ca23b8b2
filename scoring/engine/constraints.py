"""Hard constraints: screen the options before scoring them.

An option a constraint rules out keeps the reason (a "blocker") and what would lift it; a value
within 20 % of a limit is a warning, not a silent pass: a p95 above 80 % of the latency limit, a
model using more than 80 % of the device's usable memory, a peak load needing more than 80 % of
the units a site can hold.

Messages are shown after the option's name (command line, page, record), so they never open
with it: "Cloud: It sends raw inputs ...", not "Cloud: Cloud sends ...".
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.catalog.tables import CATALOG_AS_OF, NO_SUCCESSOR
from scoring.engine.deployment import Deployment, LocalPart
from scoring.engine.devices import DeviceAssessment
from scoring.engine.evidence import uses_measurement
from scoring.engine.hybrid import ESSENTIAL_LOCAL
from scoring.model.scenario import Scenario
from scoring.model.units import memory_size, ms, ms_whole, percent
from scoring.model.vocabulary import (
    DATA_WORDS,
    Option,
    allows_data,
    may_leave,
)

NEAR_MISS = 0.20
# A cloud plan that misses the limit is the cheapest; the fastest is named beside it when it is at
# least this much quicker (a few per cent is within the model's accuracy).
BEST_PLAN_WORTH_NAMING = 0.05
# The limits a warning can come near: a warning on one of them is a near miss, a measured
# quantity within NEAR_MISS of its limit (the others are risks: deprecation, offline, ...).
MEASURED_LIMITS = ("latency", "model_fit", "load")


@dataclass(frozen=True)
class Finding:
    constraint: str  # offline | data_leaving | model_fit | latency | load | cloud_fit | ...
    option: Option
    blocking: bool
    message: str
    relax: str = ""  # the change that would lift it, for blockers

    @property
    def near_miss(self) -> bool:
        """A warning that a measured quantity comes within NEAR_MISS of its limit."""
        return not self.blocking and self.constraint in MEASURED_LIMITS


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
                f"{_subject(deployment)} sends {DATA_WORDS[deployment.data_sent]} off the device "
                f"or organisation; {may_leave(req.data_leaving)}.",
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
                f"{_subject(deployment)} sends regulated raw data to the cloud: it needs a data "
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
        local_findings = _local(deployment, deployment.local, scenario)
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
                f"Offline operation is required, and {_subject(deployment, start=False)} stops "
                "when the link does.",
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
                f"Offline operation is preferred, and {_subject(deployment, start=False)} stops "
                "when the link does.",
            )
        ]
    return []


def _local(deployment: Deployment, local: LocalPart, scenario: Scenario) -> list[Finding]:
    """Blockers of the device that runs the local model: fit, latency, load. When measured,
    a prototype's p95 replaces the device's estimated latency, so only fit and load remain."""
    assert local.choice is not None
    option = deployment.option
    measured = uses_measurement(scenario, option)
    # Edge's messages follow its name directly; the hybrid's say which part of it is meant.
    what = "" if option == "edge" else f"Its local part ({local.role})"
    choice = local.choice
    limit = scenario.requirements.max_latency_ms
    if choice.pinned:
        found = _pinned_device(option, what, choice.closest, limit)
        found = [f for f in found if not (measured and f.constraint == "latency")]
        if any(f.blocking for f in found):
            return found
        return found + _near_capacity(option, what, choice.closest)
    if choice.chosen is not None:
        return _near_capacity(option, what, choice.chosen)
    allowed = [a for a in choice.assessments if a.allowed]
    if not allowed:
        reasons = "; ".join(dict.fromkeys(a.excluded for a in choice.assessments))
        return [
            Finding(
                "model_fit",
                option,
                True,
                _about(what, f"the requirements rule out every catalog device: {reasons}."),
                "pin a device in the scenario (edge.device), or relax the requirement that "
                "rules the devices out",
            )
        ]
    fitting = [a for a in allowed if a.fit.fits and a.runs_precision]
    if not fitting:
        return [Finding("model_fit", option, True, *_no_device_runs(what, allowed))]
    fast = fitting if measured else [a for a in fitting if a.meets_latency]
    if not fast:
        # The lowest p95 any of them reaches, each sized at its best batch and unit count:
        # raising the limit to it makes that device usable.
        quickest = choice.fastest or min(fitting, key=lambda a: a.best_p95_ms)
        best = quickest.best_p95_ms
        return [
            Finding(
                "latency",
                option,
                True,
                _about(
                    what,
                    f"the fastest device that fits, {quickest.label}, reaches p95 "
                    f"~ {ms(best)} at best against a {ms_whole(limit)} limit.",
                ),
                f"raise the latency limit to {_round_up(best)} ms",
            )
        ]
    strongest = min(fast, key=lambda a: (a.units_per_site, a.path.p95_ms))
    if strongest.carries_load:
        # Reachable only when measured: the estimate alone had ruled the devices out.
        return _near_capacity(option, what, strongest)
    if strongest.placement == "in_device":
        overload = f"even {strongest.device.name} cannot carry one device's peak load"
    else:
        overload = (
            f"even {strongest.device.name} needs {strongest.units_per_site:,} units per site "
            f"for the peak load (at most {strongest.max_units_per_site} per site)"
        )
    return [
        Finding(
            "load",
            option,
            True,
            _about(what, overload + "."),
            "spread the requests over more sites or lower the peak-to-average ratio",
        )
    ]


def _pinned_device(
    option: Option, what: str, pinned: DeviceAssessment, limit: float
) -> list[Finding]:
    found = []
    name = pinned.device.name
    if not pinned.runs_precision:
        found.append(
            Finding(
                "model_fit",
                option,
                True,
                _about(what, f"the pinned {name} {pinned.precision_shortfall()}."),
                "quantise the model to a precision the device runs, or pin another device",
            )
        )
    if not pinned.fit.fits:
        found.append(
            Finding(
                "model_fit",
                option,
                True,
                _about(what, f"the pinned {name} {pinned.fit.explain()}."),
                "pin a device with more memory (or `auto`), or quantise the model",
            )
        )
    if not pinned.meets_latency:
        found.append(
            Finding(
                "latency",
                option,
                True,
                _about(
                    what,
                    f"the pinned {name} reaches p95 ~ {ms(pinned.best_p95_ms)} at best against a "
                    f"{ms_whole(limit)} limit.",
                ),
                f"raise the latency limit to {_round_up(pinned.best_p95_ms)} ms or pin a "
                "faster device",
            )
        )
    if not pinned.carries_load:
        found.append(
            Finding(
                "load",
                option,
                True,
                _about(
                    what,
                    f"the pinned {name} needs {pinned.units_per_site:,} units per "
                    f"{pinned.per_pool} for the peak load (at most "
                    f"{pinned.max_units_per_site}).",
                ),
                "pin a faster device (or `auto`)",
            )
        )
    return found


def _latency(deployment: Deployment, scenario: Scenario) -> list[Finding]:
    limit = scenario.requirements.max_latency_ms
    p95 = deployment.latency.p95_ms
    option = deployment.option
    if p95 > limit:
        cloud = deployment.cloud
        best = cloud.best_p95_ms if option == "cloud" and cloud is not None else None
        if best is not None and best < p95 * (1 - BEST_PLAN_WORTH_NAMING):
            # As for a device: the plan is the cheapest, the limit has to rise only to the best.
            reached = (
                f"{_ms(p95)} on its cheapest plan ({deployment.latency.breakdown()}), and "
                f"~ {_ms(best)} at best with more GPUs and smaller batches, against a "
                f"{ms_whole(limit)} limit"
            )
        else:
            best = p95
            reached = (
                f"{_ms(p95)} against a {ms_whole(limit)} limit ({deployment.latency.breakdown()})"
            )
        return [
            Finding(
                "latency",
                option,
                True,
                f"{_subject(deployment)} reaches p95 ~ {reached}.",
                f"raise the latency limit to {_round_up(best)} ms",
            )
        ]
    if p95 > limit * (1 - NEAR_MISS):
        return [
            Finding(
                "latency",
                option,
                False,
                f"Near miss: {_subject(deployment, start=False)} reaches p95 ~ {_ms(p95)}, "
                f"within {percent(NEAR_MISS)} of the {ms_whole(limit)} limit; measure it on a "
                "prototype.",
            )
        ]
    return []


def _cloud_warnings(deployment: Deployment, scenario: Scenario) -> list[Finding]:
    cloud = deployment.cloud
    if cloud is None or cloud.llm is None:
        return []
    found = []
    llm = cloud.llm
    successor = (
        f"its successor (cloud.llm_model: {llm.successor})"
        if llm.successor != NO_SUCCESSOR
        else "a current model"
    )
    if llm.retired():
        found.append(
            Finding(
                "deprecation",
                deployment.option,
                False,
                f"{llm.name} was retired on {llm.retired_on} (catalog as of {CATALOG_AS_OF}): "
                f"requests to it fail. Choose {successor} and re-check prices.",
            )
        )
    elif llm.retirement_date is not None:
        found.append(
            Finding(
                "deprecation",
                deployment.option,
                False,
                f"{llm.name} is scheduled to retire on {llm.retired_on}: plan the migration to "
                f"{successor} and re-check prices.",
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


def _no_device_runs(what: str, allowed: list[DeviceAssessment]) -> tuple[str, str]:
    """(message, relaxation) when no allowed catalog device can run the model: its precision,
    where some device has the memory but none runs it, else the memory itself."""
    roomy = [a for a in allowed if a.fit.fits]
    if roomy:
        first = min(roomy, key=lambda a: a.device.price_usd)
        message = (
            f"every catalog device with room for the model ({first.fit.need.total_gb:,.1f} GB) "
            f"runs only other precisions: {first.device.name} {first.precision_shortfall()}."
        )
        return _about(what, message), "quantise the model to a precision those devices run"
    roomiest = max(allowed, key=lambda a: a.fit.usable_gb)
    need = roomiest.fit.need
    message = (
        f"the model needs {need.total_gb:,.1f} GB ({need.explain()}); the largest catalog "
        f"device, {roomiest.device.name}, offers {roomiest.fit.usable_gb:,.1f} GB usable."
    )
    # Only the precisions that would shrink it (by the bits in their names): an int4 model can
    # only be a smaller one.
    smaller = [p for p in ("int8", "int4") if _bits(p) < _bits(need.precision)]
    relax = (
        f"use a smaller or more quantised model ({' or '.join(smaller)})"
        if smaller
        else f"use a smaller model (it is already {need.precision})"
    )
    return _about(what, message), relax


def _bits(precision: str) -> int:
    return int("".join(c for c in precision if c.isdigit()))


def _near_capacity(option: Option, what: str, device: DeviceAssessment) -> list[Finding]:
    """Warnings for a device that fits and carries the load, but with little to spare: a
    larger context or a busier month than planned would tip it over."""
    found = []
    name = device.device.name
    if device.fit.fits and device.fit.share_used > 1 - NEAR_MISS:
        fit = device.fit
        found.append(
            Finding(
                "model_fit",
                option,
                False,
                "Near miss: "
                + _about(
                    what,
                    f"the model takes {percent(fit.share_used)} of {name}'s usable memory "
                    f"({memory_size(fit.need.total_gb)} of {memory_size(fit.usable_gb)}); a "
                    "longer context "
                    "or a larger model version may not fit.",
                    start=False,
                ),
            )
        )
    units, most = device.units_per_site - device.plan.spare_units, device.max_units_per_site
    if device.placement == "site_server" and device.carries_load and units > (1 - NEAR_MISS) * most:
        found.append(
            Finding(
                "load",
                option,
                False,
                "Near miss: "
                + _about(
                    what,
                    f"the peak load needs {units:,} units of {name} per site, close to the "
                    f"{most} a site can hold; more growth or a higher peak may not fit.",
                    start=False,
                ),
            )
        )
    return found


def _about(what: str, text: str, start: bool = True) -> str:
    """`text` about the part `what` names ("" for the option as a whole), as a sentence on its
    own (`start`) or after a lead-in."""
    if what:
        return f"{what if start else what[0].lower() + what[1:]}: {text}"
    return text[0].upper() + text[1:] if start else text


def _subject(deployment: Deployment, start: bool = True) -> str:
    """The option as the subject of its own message, which follows its name: "It" for edge
    and cloud; for the hybrid, its pattern, which the name alone does not say."""
    if deployment.option == "hybrid" and deployment.pattern is not None:
        subject = f"Its pattern ({deployment.pattern.label.lower()})"
    else:
        subject = "It"
    return subject if start else subject[0].lower() + subject[1:]


def _ms(value: float) -> str:
    return "no bound (overloaded)" if value == float("inf") else ms(value)


def _round_up(value: float) -> str:
    if value == float("inf"):
        return "any value (the device is overloaded)"
    step = 1 if value < 20 else 5 if value < 200 else 50 if value < 2000 else 500
    return f"{(int(value // step) + 1) * step:,}"
