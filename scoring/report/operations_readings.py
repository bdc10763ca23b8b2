"""How running each option is worded, once, for the Operations page and the record's
Operations Plan: what secure updates, versioning, monitoring and rollback need, which people
drivers pay for them (hours and dollars a month), and how quality is measured after
deployment: the method the answer names (with the cue that says so), where ground truth comes
from, what must travel back, and a conflict when the data rules forbid it.

Pure functions: an Evaluation in, plain text and rows out; no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.engine.evaluate import Evaluation
from scoring.engine.operations import (
    ACTIVITIES,
    Activity,
    OperationsPlan,
    OptionOperations,
    QualityPlan,
    operations_plan,
)
from scoring.model.units import hours, percent, usd
from scoring.model.vocabulary import (
    DATA_CATEGORIES,
    DATA_LEAVING_LABELS,
    DATA_WORDS,
    OPTION_LABELS,
    DataLeaving,
    Option,
    allows_data,
    lower_first,
    may_leave,
)

ACTIVITY_TITLES: dict[Activity, str] = {
    "updates": "Secure updates",
    "versioning": "Model versioning",
    "monitoring": "Monitoring",
    "rollback": "Rollback path",
}
QUALITY_TITLE = "Quality after deployment"
COST_COLUMNS = ("Driver", "Pays for", "Hours a month", "Cost a month")
COST_NOTE = (
    "The people drivers of the costs, read in the last month of the horizon (the fleet at its "
    "largest): the same lines as the people table on the Costs page, each tagged with the "
    "work it pays for."
)
# Where ground truth comes from, by the method the answer names.
GROUND_TRUTH = {
    "relabel": "people label a sample of real inputs again, and their labels are the truth",
    "review": "people who know the domain judge a sample of the model's outputs against their "
    "inputs",
    "sampled": "a sample of real inputs and outputs is checked",
    "ab_test": "two model versions are compared on live traffic by an outcome they both affect",
    "feedback": "the users' own reactions to the outputs (corrections, ratings, complaints)",
    "downstream": "later outcomes (faults, returns, claims) matched to the model's results",
}
METHOD_NAMES = {
    "relabel": "re-labelling",
    "review": "human review",
    "sampled": "a sampled check",
    "ab_test": "an A/B comparison",
    "feedback": "user feedback",
    "downstream": "a downstream outcome",
}
# What the measurement must send off the device or organisation, by the category it needs.
NEEDS_WORDS = {
    "raw": "raw samples (real inputs with the model's outputs) must reach the people who judge "
    "them",
    "anonymized": "anonymised samples (inputs with the model's outputs) must reach the people "
    "who judge them",
    "results_only": "results (the model's outputs, its version, the outcome or feedback) must "
    "reach a central place",
    "none": "the measurement stays where the data is; only counts, inside the organisation",
}
UNSTATED = (
    "Not stated yet: write how model quality will be measured after deployment (question 8 on "
    "the Requirements page): who judges the model's outputs, on which sample, how often. The "
    "plan then says what must travel back and whether the data rules allow it."
)
UNCLASSIFIED = (
    "No cue recognised, so the plan cannot tell where ground truth comes from or what must "
    "travel back. Name the method in the answer, e.g. “re-labelled by QA”, “human review”, "
    "“user feedback”, “A/B test” or “downstream returns”, and where it happens (“on site”, "
    "“anonymised”)."
)
CUES_NOTE = (
    "The answer is free text, read by a short list of cues: re-label, label, annotate, ground "
    "truth (re-labelling); review, audit, spot check, inspect, rater, grade, judge (human "
    "review); sample (a sampled check); A/B, canary, shadow (A/B comparison); feedback, thumbs, "
    "rating, complaint, correction, accept or edit (user feedback); downstream, outcome, work "
    "order, return, claim (downstream outcome); on site, in-house, locally, on the device, "
    "associates, our own staff or team, employees (judged where the data is, inside the "
    "organisation); anonymised, redacted, de-identified (anonymised samples)."
)


@dataclass(frozen=True)
class ActivityReading:
    activity: Activity
    title: str
    need: str  # what the activity needs for this option
    paid_by: str  # the people drivers that pay for it, hours and dollars a month


@dataclass(frozen=True)
class OptionOperationsReading:
    option: Option
    label: str
    feasible: bool
    summary: str  # what there is to run, and what the people work costs a month (no label)
    activities: tuple[ActivityReading, ...]
    quality: str  # what must travel back for this option to measure quality
    cost_rows: tuple[tuple[str, str, str, str], ...]  # COST_COLUMNS, the total last


@dataclass(frozen=True)
class QualityReading:
    answer: str
    methods: tuple[tuple[str, str, str], ...]  # (method, the cue as written, ground truth)
    where: str  # the local or anonymised cue, in words ("" when none)
    needs: str  # what the measurement must send, in words
    conflict: str  # the conflict with the data rules ("" when none)
    resolutions: tuple[str, ...]  # what would resolve the conflict
    prompt: str  # asks for an answer (unstated or unrecognised), "" otherwise

    @property
    def classification(self) -> str:
        """ "Read as human review (cue “review”) and user feedback (cue “thumbs-down”)." """
        if not self.methods:
            return ""
        read = _and([f"{name} (cue “{cue}”)" for name, cue, _ in self.methods])
        where = f", {self.where}" if self.where else ""
        return f"Read as {read}{where}."

    @property
    def ground_truth(self) -> str:
        if not self.methods:
            return ""
        return "Ground truth: " + "; ".join(truth for _, _, truth in self.methods) + "."

    @property
    def needs_sentence(self) -> str:
        return f"To measure it, {self.needs}." if self.needs else ""

    @property
    def sentences(self) -> tuple[str, ...]:
        """The reading in order, every part that applies (the prompt when nothing does)."""
        parts = (self.classification, self.ground_truth, self.needs_sentence, self.conflict)
        return tuple(p for p in parts if p) or (self.prompt,)


def operations_readings(
    e: Evaluation,
) -> tuple[QualityReading, tuple[OptionOperationsReading, ...]]:
    plan = operations_plan(e)
    return quality_reading(plan.quality), tuple(
        option_reading(e, plan, o.option) for o in plan.options
    )


def option_reading(e: Evaluation, plan: OperationsPlan, option: Option) -> OptionOperationsReading:
    ops = plan.of(option)
    label = OPTION_LABELS[option]
    activities = tuple(
        ActivityReading(a, ACTIVITY_TITLES[a], _need(ops, a), _paid_by(ops, a)) for a in ACTIVITIES
    )
    rows = tuple(
        (
            c.label,
            ", ".join(ACTIVITY_TITLES[a].lower() for a in c.activities),
            hours(c.hours_per_month) if c.hours_per_month else "-",
            usd(c.usd_per_month),
        )
        for c in ops.costs
    )
    rows += (("Total", "", hours(ops.hours_per_month), usd(ops.usd_per_month)),)
    return OptionOperationsReading(
        option=option,
        label=label,
        feasible=ops.feasible,
        summary=_summary(ops),
        activities=activities,
        quality=_travel(ops, plan.quality),
        cost_rows=rows,
    )


def _summary(ops: OptionOperations) -> str:
    parts = []
    if ops.runs_locally:
        owner = "customer-owned " if ops.customer_owned else ""
        noun = _noun(ops) + ("" if ops.devices == 1 else "s")
        sites = f"{ops.sites:,} site{'s' if ops.sites != 1 else ''}"
        where = "" if ops.customer_owned else f" at {sites}"
        parts.append(f"{ops.devices:,} {owner}{noun}{where} to update and watch")
    if ops.runs_in_cloud:
        share = f" ({percent(ops.cloud_share)} of requests)" if ops.cloud_share < 1 else ""
        # Not opening on the service's name, which a sentence continuing it would lower-case.
        parts.append(f"the cloud service {ops.cloud_service}{share}")
    what = " and ".join(parts) or "no model of its own to run"
    what = what[:1].upper() + what[1:]
    return (
        f"{what}; its people work comes to {hours(ops.hours_per_month)} and "
        f"{usd(ops.usd_per_month)} a month at the horizon."
    )


def _updates_word(ops: OptionOperations) -> str:
    n = ops.updates_per_year
    return "no model update a year is planned" if n == 0 else f"{n} update{'s' if n != 1 else ''}"


def _need(ops: OptionOperations, activity: Activity) -> str:
    local, cloud = _local_need(ops, activity), _cloud_need(ops, activity)
    if local and cloud:
        return f"On the {_noun(ops)}s: {lower_first(local)} In the cloud: {lower_first(cloud)}"
    return local or cloud


def _local_need(ops: OptionOperations, activity: Activity) -> str:
    if not ops.runs_locally:
        return ""
    devices = _fleet(ops)
    if activity == "updates":
        if ops.customer_owned:
            return (
                "Sign every model package and ship it inside the app or as a signed download; "
                f"the stores or the OTA service roll it out in stages over the {devices} "
                f"({_updates_word(ops)} a year)."
            )
        cadence = (
            "security patches still need the same path"
            if ops.updates_per_year == 0
            else f"{ops.updates_per_year} updates x {devices} = "
            f"{ops.device_updates_per_year:,} device updates a year"
        )
        if ops.sites > 1:
            stages = "Roll out in stages, a canary site first, then the rest in waves"
        elif ops.devices > 1:
            stages = "Roll out in stages, one unit first, then the rest"
        else:
            stages = "Try each update on a staging copy first, then switch the one unit over"
        return (
            f"Sign every model artefact; each of the {devices} ({ops.device_name}) verifies the "
            f"signature before loading it. {stages} ({cadence})."
        )
    if activity == "versioning":
        return (
            f"Every result carries the model version; keep an inventory of the version each of "
            f"the {devices} runs, since a staged roll-out leaves several live at once."
        )
    if activity == "monitoring":
        return (
            "Temperature and throttling, memory and disk, p95 latency and errors on each "
            "unit, and whether it is online; alerts reach the fleet platform."
            if not ops.customer_owned
            else "Crash, latency and memory reports from the app across device models; the "
            "share of devices too old or too full to run the model."
        )
    if ops.customer_owned:
        return (
            "Keep the previous model in the app and switch back by remote configuration; a "
            "fixed app release takes days of store review."
        )
    return (
        "Keep the previous model on each unit and switch back remotely within minutes; a "
        "unit whose update fails falls back on its own."
    )


def _cloud_need(ops: OptionOperations, activity: Activity) -> str:
    if not ops.runs_in_cloud:
        return _central_need(ops, activity) if ops.reports_centrally else ""
    service = ops.cloud_service
    hosted = ops.cloud_kind == "hosted_api"
    if activity == "updates":
        if hosted:
            return (
                f"{service} is the provider's model: pin its dated version and move to a new "
                "one deliberately, after the same release validation as your own updates."
            )
        return (
            f"Deploy each version behind the {service} endpoint as a signed, pinned container "
            "image and shift traffic in stages (a canary share first)."
        )
    if activity == "versioning":
        text = "Every result carries the model version and the prompt or configuration used"
        if hosted and ops.hosted_retirement:
            return (
                f"{text}; {ops.hosted_model} retires on {ops.hosted_retirement}: plan and "
                "validate the move to its successor before then."
            )
        return f"{text}; keep the previous version deployable until the new one has passed."
    if activity == "monitoring":
        text = (
            "Latency (p95), error rate and cost per 1,000 requests against this record's "
            "estimates, with spend and quota alerts"
        )
        if ops.option == "hybrid" and ops.cloud_share > 0:
            text += (
                f", and the share of requests sent to the cloud (planned {percent(ops.cloud_share)}"
                "), which drives its cost and what leaves the site"
            )
        return text + "."
    if hosted:
        return "Pin the previous dated model version again, possible until the provider retires it."
    return "Shift traffic back to the previous version, kept deployed until the new one passes."


def _central_need(ops: OptionOperations, activity: Activity) -> str:
    """The central service that receives results (trends, reporting), which runs no model."""
    return {
        "updates": "The central service that receives the results is deployed in stages like any "
        "service.",
        "versioning": "Each result carries the version of the model that produced it, so trends "
        "can be split by version.",
        "monitoring": "Whether every site's results arrive, and the service's errors and cost.",
        "rollback": "Redeploy the previous version of the central service.",
    }[activity]


def _paid_by(ops: OptionOperations, activity: Activity) -> str:
    costs = ops.cost_of(activity)
    if not costs:
        return "No driver of its own: part of release validation."
    parts = [
        f"{lower_first(c.label)} "
        f"({hours(c.hours_per_month) + ', ' if c.hours_per_month else ''}"
        f"{usd(c.usd_per_month)} a month)"
        for c in costs
    ]
    return "Paid by " + "; ".join(parts) + "."


# --- quality ---------------------------------------------------------------------------------


def quality_reading(quality: QualityPlan) -> QualityReading:
    if not quality.stated:
        return QualityReading("", (), "", "", "", (), UNSTATED)
    methods = tuple((METHOD_NAMES[m.kind], m.text, GROUND_TRUTH[m.kind]) for m in quality.methods)
    if not methods:
        return QualityReading(quality.answer, (), "", "", "", (), UNCLASSIFIED)
    where = ""
    if quality.local is not None:
        where = f"judged where the data is (“{quality.local.text}”)"
    elif quality.anonymised is not None:
        where = f"on anonymised samples (“{quality.anonymised.text}”)"
    assert quality.needs is not None
    needs = NEEDS_WORDS[quality.needs]
    conflict, resolutions = "", tuple[str, ...]()
    if quality.conflict:
        conflict = (
            f"CONFLICT: the data rules forbid it, {may_leave(quality.allowed)} "
            f"({_rule(quality.allowed)})."
        )
        resolutions = _resolutions(quality)
    return QualityReading(quality.answer, methods, where, needs, conflict, resolutions, "")


def _resolutions(quality: QualityPlan) -> tuple[str, ...]:
    allowed = quality.allowed
    found: list[str] = []
    if quality.raw_methods:
        found.append(
            "Label on site: the people who judge the sample work where the data is (on site or "
            "in-house), and only counts travel; say so in the answer."
        )
        if allows_data(allowed, "anonymized"):
            found.append(
                "Anonymise the samples before they leave, if the judgement survives it; say so "
                "in the answer."
            )
        else:
            found.append(
                "Anonymise the samples and allow anonymised data to leave "
                f"({_rule('anonymized')}), if the judgement survives anonymisation."
            )
    else:
        found.append(
            "Keep the measurement inside the organisation (say “in-house”): only counts leave "
            "the devices."
        )
    needed = quality.needs or "raw"
    if DATA_CATEGORIES.index(needed) > DATA_CATEGORIES.index(allowed):
        found.append(
            f"Change the rule for the quality sample: allow {DATA_WORDS[needed]} to leave "
            f"({_rule(needed)}), e.g. under a data-processing agreement; that may also "
            "let other options through."
        )
    return tuple(found)


def _fleet(ops: OptionOperations) -> str:
    """ "3 units", "300,000 devices": a company's fleet counted in the units the model runs on
    (3 workstations), which are not the devices that send the requests (120 laptops);
    customers' own devices are both."""
    return f"{ops.devices:,} {_noun(ops)}{'s' if ops.devices != 1 else ''}"


def _noun(ops: OptionOperations) -> str:
    """What the local model runs on: a company's units (workstations, modules), or the
    customers' own devices."""
    return "device" if ops.customer_owned else "unit"


def _travel(ops: OptionOperations, quality: QualityPlan) -> str:
    """What must travel back from this option to measure quality, and whether it already
    does."""
    if not quality.stated or quality.needs is None:
        return "Unknown until the answer names a method."
    needed = quality.needs
    if needed == "none":
        return "Nothing extra travels: the sample is judged where the data is."
    what = {"raw": "raw samples", "anonymized": "anonymised samples", "results_only": "results"}[
        needed
    ]
    covered = ops.data_sent != "none" and allows_data(ops.data_sent, needed)
    sent = DATA_WORDS[ops.data_sent]
    if covered and ops.runs_locally and 0 < ops.cloud_share < 1:
        return (
            f"Partly: {percent(ops.cloud_share)} of requests already reach the cloud ({sent}); "
            f"{what} of the requests answered locally must be collected back from the "
            f"{_fleet(ops)}."
        )
    if covered:
        source = "the cloud" if ops.runs_in_cloud else "the central service"
        return (
            f"The {what} are already where {OPTION_LABELS[ops.option]} sends its data "
            f"({sent} to {source}): take them from there, kept only as long as the "
            "measurement needs."
        )
    if ops.runs_locally:
        return (
            f"An extra flow: {what} must be collected back from the {_fleet(ops)}, "
            f"beyond what {OPTION_LABELS[ops.option]} otherwise sends ({sent})."
        )
    return (
        f"An extra flow: {what} must be kept from the requests, beyond what "
        f"{OPTION_LABELS[ops.option]} otherwise sends ({sent})."
    )


def _rule(category: DataLeaving) -> str:
    """The data rule as the Requirements page names it: “Data that may leave: Results only”."""
    return f"“Data that may leave: {DATA_LEAVING_LABELS[category]}”"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
