"""What it takes to run each option once it is live: secure updates, versioning, monitoring and
rollback, what each costs, and how model quality is measured.

- The facts of each option's operations: the fleet it must update and watch (devices, sites,
  who owns them), the cloud service it runs on, the updates a year, the hosted model's
  retirement.
- What they cost comes from the people drivers the costs already use (scoring.engine.people):
  the same lines, read in the last month of the horizon (the fleet at its largest), each tagged
  with the activities it pays for. No second costing.
- Quality after deployment: the answer to question 8 is free text, so it is classified with a
  small, documented set of cues (QUALITY_METHODS, LOCAL_CUES, ANONYMISED_CUES); each method
  says where ground truth comes from and what data the measurement needs to travel. When that
  data may not leave under `requirements.data_leaving`, the plan flags a conflict.

Pure: an Evaluation in, frozen facts out; the words are scoring.report.operations_readings'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scoring.engine.demand import sites_of
from scoring.engine.evaluate import Evaluation, OptionResult
from scoring.engine.people import PAY, cloud_kind
from scoring.model.vocabulary import DATA_CATEGORIES, DataLeaving, Option, allows_data

Activity = Literal["updates", "versioning", "monitoring", "rollback"]
ACTIVITIES: tuple[Activity, ...] = ("updates", "versioning", "monitoring", "rollback")

# The activities each people driver pays for (its source in operations.yaml says what the work
# is): release validation signs off each version; roll-out help includes the devices that must
# be rolled back; the fleet platform is the OTA pipeline and the dashboards; device, site and
# server hours are mostly alerts, faults and patches; cloud hours cover deployments, model
# versions and the spend and error alerts; on-call and support answer what monitoring raises.
DRIVER_ACTIVITIES: dict[str, tuple[Activity, ...]] = {
    "release_hours_per_update": ("updates", "versioning"),
    "rollout_hours_per_device_update": ("updates", "rollback"),
    "app_release_hours_per_update": ("updates", "versioning", "rollback"),
    "fleet_platform_hours_per_month": ("updates", "monitoring"),
    "app_platform_hours_per_month": ("monitoring",),
    "site_hours_per_month": ("monitoring",),
    "field_device_hours_per_month": ("monitoring",),
    "server_hours_per_month": ("updates", "monitoring"),
    "support_minutes_per_contact": ("monitoring",),
    "hosted_api_hours_per_month": ("versioning", "monitoring"),
    "serverless_hours_per_month": ("updates", "monitoring", "rollback"),
    "gpu_instance_hours_per_month": ("updates", "monitoring", "rollback"),
    "gpu_instance_hours_per_instance_month": ("monitoring",),
    "oncall_usd_per_week": ("monitoring",),
}


@dataclass(frozen=True)
class OperationsCost:
    """One people driver of the option, as the costs count it, in the last month."""

    driver: str  # the operating figure of the rate (operations.yaml)
    label: str
    activities: tuple[Activity, ...]
    hours_per_month: float  # 0 for a payment (on-call pay)
    usd_per_month: float


@dataclass(frozen=True)
class OptionOperations:
    option: Option
    feasible: bool
    devices: int  # devices the option must update and watch (0: none of its own)
    sites: int
    customer_owned: bool  # the devices are the customers' (app or OTA releases, no fleet)
    device_name: str  # "" without a local model
    cloud_kind: str  # hosted_api | serverless | gpu_instance, "" without a cloud part
    cloud_service: str
    cloud_share: float  # share of the requests inferred in the cloud (0 without a cloud part)
    hosted_model: str  # the hosted LLM's name, "" when the cloud part is not a hosted API
    hosted_retirement: str  # the hosted model's deprecation date, "" when none is announced
    updates_per_year: int
    device_updates_per_year: int  # updates x devices that take them
    data_sent: DataLeaving  # what the option itself sends off the device or organisation
    reports_centrally: bool  # results reach a central service (trends, reporting)
    costs: tuple[OperationsCost, ...]

    @property
    def runs_locally(self) -> bool:
        return self.devices > 0

    @property
    def runs_in_cloud(self) -> bool:
        return bool(self.cloud_kind)

    @property
    def hours_per_month(self) -> float:
        return sum(c.hours_per_month for c in self.costs)

    @property
    def usd_per_month(self) -> float:
        return sum(c.usd_per_month for c in self.costs)

    def cost_of(self, activity: Activity) -> tuple[OperationsCost, ...]:
        return tuple(c for c in self.costs if activity in c.activities)


# --- quality after deployment ------------------------------------------------------------------

QualityKind = Literal["relabel", "review", "sampled", "ab_test", "feedback", "downstream"]


@dataclass(frozen=True)
class QualityMethod:
    kind: QualityKind
    cues: tuple[str, ...]  # regular expressions, matched case-insensitively as whole words
    needs: DataLeaving  # what must leave the device or organisation to measure centrally


# The cues, most specific first. A method needs raw data when people must see real inputs
# beside the model's outputs; the others need only results (outputs, version tags, outcomes).
QUALITY_METHODS: tuple[QualityMethod, ...] = (
    QualityMethod(
        "relabel",
        (
            r"re-?label\w*",
            r"label(?:s|led|ed|ling|ing)?",
            r"annotat\w*",
            r"ground[- ]truth",
            r"keyed twice",
            r"double[- ]key\w*",
        ),
        "raw",
    ),
    QualityMethod(
        "review",
        (
            r"human review",
            r"review\w*",
            r"audit\w*",
            r"spot[- ]check\w*",
            r"inspect\w*",
            r"rater\w*",
            r"grad(?:e|es|ed|ing)",
            r"(?:LLM-as-)?judge\w*",
        ),
        "raw",
    ),
    QualityMethod("sampled", (r"sampl\w*",), "raw"),
    QualityMethod(
        "ab_test",
        (r"A/B", r"AB test\w*", r"canary", r"shadow\w*", r"champion", r"challenger"),
        "results_only",
    ),
    QualityMethod(
        "feedback",
        (
            r"feedback",
            r"thumbs[- ]?(?:up|down)?",
            r"rating\w*",
            r"complain\w*",
            r"correction\w*",
            r"user reports?",
            r"accepts? or (?:edits?|rejects?)",
            r"confirms? or rejects?",
        ),
        "results_only",
    ),
    QualityMethod(
        "downstream",
        (
            r"downstream",
            r"outcomes?",
            r"work orders?",
            r"maintenance records?",
            r"returns?",
            r"claims?",
            r"escaped",
            r"scrap",
            r"rework",
            r"conversions?",
            r"churn",
        ),
        "results_only",
    ),
)
# Where the measurement is done: at the site or inside the organisation, so only counts (or
# nothing) leave; or on anonymised samples. The organisation's own people judge inside it (a
# law firm's associates, a store's staff): the data rules govern what leaves the organisation.
# A bare team name ("QA") does not say whose it is.
LOCAL_CUES = (
    r"on[- ]?site",
    r"in[- ]house",
    r"locally",
    r"on[- ]device",
    r"on the devices?",
    r"at (?:each|the) (?:site|plant|store|office|clinic|hospital)s?",
    r"associates",
    r"(?:our|own|internal) (?:\w+ )?(?:staff|team|reviewers?|engineers?|experts?|employees)",
    r"(?:store|plant|site|clinic|hospital|office) staff",
    r"employees",
)
ANONYMISED_CUES = (r"anonymi[sz]\w*", r"redact\w*", r"de-?identif\w*", r"pseudonymi[sz]\w*")


@dataclass(frozen=True)
class Cue:
    kind: str  # a QualityKind, "local" or "anonymised"
    text: str  # the words of the answer that matched, as written


@dataclass(frozen=True)
class QualityPlan:
    answer: str  # the scenario's answer to question 8 ("" when not stated)
    methods: tuple[Cue, ...]  # the methods recognised, in QUALITY_METHODS order, with their cue
    local: Cue | None  # measured at the site or in-house
    anonymised: Cue | None  # on anonymised samples
    needs: DataLeaving | None  # what must leave for the measurement (None: nothing recognised)
    allowed: DataLeaving  # requirements.data_leaving

    @property
    def stated(self) -> bool:
        return bool(self.answer.strip())

    @property
    def conflict(self) -> bool:
        """The data rules forbid what the measurement must send."""
        return self.needs is not None and not allows_data(self.allowed, self.needs)

    @property
    def raw_methods(self) -> tuple[Cue, ...]:
        """The recognised methods in which people must see real inputs."""
        return tuple(m for m in self.methods if _method(m.kind).needs == "raw")


def _method(kind: str) -> QualityMethod:
    return next(m for m in QUALITY_METHODS if m.kind == kind)


def _find(patterns: tuple[str, ...], text: str) -> str | None:
    """The first words of `text` a pattern matches (whole words, any case), as written."""
    hits = [
        match
        for pattern in patterns
        if (match := re.search(rf"(?<![\w-]){pattern}(?![\w-])", text, re.IGNORECASE))
    ]
    return min(hits, key=lambda m: m.start()).group(0) if hits else None


def quality_plan(answer: str | None, allowed: DataLeaving) -> QualityPlan:
    """The answer to question 8, classified by its cues, and what it needs to travel."""
    text = answer or ""
    found = {m.kind: _find(m.cues, text) for m in QUALITY_METHODS}
    methods = tuple(Cue(kind, cue) for kind, cue in found.items() if cue is not None)
    # "A sample" alone names no judge; beside a review or re-labelling it is part of it.
    if any(m.kind in ("relabel", "review") for m in methods):
        methods = tuple(m for m in methods if m.kind != "sampled")
    local_text = _find(LOCAL_CUES, text)
    anonymised_text = _find(ANONYMISED_CUES, text)
    local = Cue("local", local_text) if local_text else None
    anonymised = Cue("anonymised", anonymised_text) if anonymised_text else None
    needs: DataLeaving | None = None
    if methods:
        needs = max((_method(m.kind).needs for m in methods), key=DATA_CATEGORIES.index)
        if local is not None:
            needs = "none"  # judged where the data is; at most counts stay inside
        elif anonymised is not None and needs == "raw":
            needs = "anonymized"
    return QualityPlan(text, methods, local, anonymised, needs, allowed)


# --- the plan for every option -------------------------------------------------------------------


@dataclass(frozen=True)
class OperationsPlan:
    options: tuple[OptionOperations, ...]
    quality: QualityPlan

    def of(self, option: Option) -> OptionOperations:
        return next(o for o in self.options if o.option == option)


def operations_plan(e: Evaluation) -> OperationsPlan:
    requirements = e.scenario.requirements
    return OperationsPlan(
        options=tuple(_option_operations(e, result) for result in e.options.values()),
        quality=quality_plan(requirements.quality_measurement, requirements.data_leaving),
    )


def _option_operations(e: Evaluation, result: OptionResult) -> OptionOperations:
    scenario = e.scenario
    deployment = result.deployment
    local = deployment.local
    runs_model = local is not None and local.runs_model
    devices = round(float(result.costs.fleet_units[0, -1])) if runs_model else 0
    cloud = deployment.cloud
    updates = scenario.requirements.model_updates_per_year
    retirement = ""
    if cloud is not None and cloud.llm is not None and cloud.llm.retirement_date is not None:
        retirement = cloud.llm.retired_on
    costs = tuple(
        OperationsCost(
            driver=line.driver,
            label=line.label,
            activities=DRIVER_ACTIVITIES.get(line.driver, ("monitoring",)),
            hours_per_month=0.0 if line.role == PAY else float(line.hours[0, -1]),
            usd_per_month=float(line.usd[0, -1]),
        )
        for line in result.costs.people
    )
    return OptionOperations(
        option=result.option,
        feasible=result.feasible,
        devices=devices,
        sites=sites_of(scenario) if runs_model else 0,
        customer_owned=runs_model and scenario.edge.customer_owned,
        device_name=local.device.name if local is not None and runs_model else "",
        cloud_kind=cloud_kind(deployment, scenario) if cloud is not None else "",
        cloud_service=cloud.service_name if cloud is not None else "",
        cloud_share=cloud.share if cloud is not None else 0.0,
        hosted_model=cloud.llm.name if cloud is not None and cloud.llm is not None else "",
        hosted_retirement=retirement,
        updates_per_year=updates,
        device_updates_per_year=updates * devices,
        data_sent=deployment.data_sent,
        reports_centrally=deployment.report_kb > 0,
        costs=costs,
    )
