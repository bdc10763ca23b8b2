"""The decision record's content (MADR 4.0), written once as blocks for Markdown and HTML.

Every number comes from the Evaluation; nothing is recomputed here. The record ends with the
whole scenario, so the app and the command line can load the record and get the same evaluation.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from scoring.engine.breakeven import PAIRS
from scoring.engine.confirmation import CHECK_COLUMNS, evidence_checks, thresholds
from scoring.engine.costs import COMPONENT_LABELS
from scoring.engine.criteria import verdict
from scoring.engine.evaluate import Evaluation, OptionResult
from scoring.model.codec import scenario_to_yaml
from scoring.model.scenario import Decision, Scenario
from scoring.model.units import format_volume, ms, ms_whole, percent, usd, usd_per_1k, usd_signed
from scoring.model.vocabulary import (
    CRITERIA,
    CRITERION_LABELS,
    DATA_LEAVING_LABELS,
    DATA_SENSITIVITY_LABELS,
    DEMAND_LABELS,
    FAILURE_MODE_LABELS,
    OFFLINE_LABELS,
    OPTION_LABELS,
    OPTIONS,
    WORKLOAD_KIND_LABELS,
)
from scoring.report import latency_readings
from scoring.report.blocks import Block, Bullets, Chart, Code, Diagram, Heading, Paragraph, Table
from scoring.report.figures_in_use import used_figures

# The scenario block at the end of a record: what a reader of the record loads back.
RECORD_BEGIN = "<!-- scenario:begin -->"
RECORD_END = "<!-- scenario:end -->"
MERMAID_POINTS = 20
# Pros and Cons and the Consequences call a criterion good from GOOD_FROM (70) and bad below
# BAD_BELOW (40), the bands the criteria's sentences are worded for.
TRADE_OFFS = 2  # bad consequences named when no criterion is bad outright


# Captions of charts whose interactive version differs from the Mermaid one (see
# interactive_caption).
INTERACTIVE_CAPTIONS = {
    "cumulative_cost": "Cumulative cost per option in USD; the shaded band is the P10-P90 range. "
    "Hover a month for the amounts.",
}


@dataclass(frozen=True)
class RecordContent:
    front_matter: dict[str, object]
    title: str
    blocks: tuple[Block, ...]


def record_title(evaluation: Evaluation) -> str:
    """The record's title: the one the scenario gives, else `default_title`."""
    return evaluation.scenario.decision.title or default_title(evaluation)


def default_title(evaluation: Evaluation) -> str:
    """The scenario name and where the model runs (the title when the scenario sets none)."""
    chosen = OPTION_LABELS.get(evaluation.recommendation or "", "")
    where = f": run the model {_where(evaluation)}" if chosen else ""
    return f"{evaluation.scenario.name}{where}"


def build_record(evaluation: Evaluation, today: dt.date | None = None) -> RecordContent:
    scenario = evaluation.scenario
    decision = scenario.decision
    date = decision.date or (today or dt.date.today()).isoformat()
    front = {
        "status": status_text(decision),
        "date": date,
        "decision-makers": list(decision.decision_makers),
        "consulted": list(decision.consulted),
        "informed": list(decision.informed),
    }
    if decision.supersedes:
        front["supersedes"] = list(decision.supersedes)
    blocks: list[Block] = []
    blocks += _context(evaluation)
    blocks += _drivers(evaluation)
    blocks += _constraints(evaluation)
    blocks += _considered(evaluation)
    blocks += _outcome(evaluation)
    blocks += _matrix(evaluation)
    blocks += _pros_and_cons(evaluation)
    blocks += _latency_resilience(evaluation)
    blocks += _costs(evaluation)
    blocks += _operations(evaluation)
    blocks += _revisit(evaluation)
    blocks += _more_information(evaluation)
    # The record carries the date it shows, so loading it again keeps that date.
    dated = scenario.model_copy(update={"decision": decision.model_copy(update={"date": date})})
    blocks.append(scenario_block(dated))
    return RecordContent(front, record_title(evaluation), tuple(blocks))


def status_text(decision: Decision) -> str:
    """The front matter's status: "superseded by 0007-x.md" names the newer record."""
    if decision.status == "superseded" and decision.superseded_by:
        return f"superseded by {decision.superseded_by}"
    return decision.status


def scenario_block(scenario: Scenario) -> Code:
    """The scenario the record carries, between the markers the loaders look for."""
    return Code("yaml", scenario_to_yaml(scenario).rstrip("\n"), RECORD_BEGIN, RECORD_END)


# --- sections -------------------------------------------------------------------------------


def _context(e: Evaluation) -> list[Block]:
    s = e.scenario
    w = s.workload
    volume = f"{format_volume(w.requests_per_month)} requests a month"
    growth = f", growing {w.growth_pct_per_month:g} % a month" if w.growth_pct_per_month else ""
    sites = fleet_phrase(s)
    text = (
        f"Where should the {_model_phrase(w.kind)} "
        f"({s.model.params_billion:g} B parameters, {s.model.precision}) run: on the edge (in "
        f"the device or on a local server), in the cloud, or as a hybrid of both? The workload "
        f"is {volume}{growth}, across {sites}, with a peak {w.peak_to_average:g} times the "
        f"average. Costs are projected over {s.horizon_months} months."
    )
    blocks: list[Block] = [Heading(2, "Context and Problem Statement")]
    if s.description:
        blocks.append(Paragraph(s.description))
    blocks.append(Paragraph(text))
    return blocks


def fleet_phrase(s: Scenario) -> str:
    """ "40 devices at 1 site", "300,000 customer-owned devices", "3 sites": the fleet in words."""
    devices, sites = s.requirements.devices, s.requirements.site_count
    noun = "device" if devices == 1 else "devices"
    if s.edge.customer_owned:
        return f"{devices:,} customer-owned {noun}"
    if devices == sites:
        return f"{devices:,} {noun}, each at its own site" if devices > 1 else "1 device"
    return f"{devices:,} {noun} at {sites:,} {'site' if sites == 1 else 'sites'}"


def _drivers(e: Evaluation) -> list[Block]:
    r = e.scenario.requirements
    answers = (
        ("Maximum acceptable response time (p95)", ms_whole(r.max_latency_ms)),
        ("Must it work offline?", OFFLINE_LABELS[r.offline]),
        ("Which data may leave the device or organisation?", DATA_LEAVING_LABELS[r.data_leaving]),
        ("How sensitive is the data?", DATA_SENSITIVITY_LABELS[r.data_sensitivity]),
        ("How often is the model updated?", f"{r.model_updates_per_year} times a year"),
        ("How many devices, at how many sites?", fleet_phrase(e.scenario)),
        ("Steady or variable demand?", DEMAND_LABELS[r.demand]),
        ("What happens when the cloud or a device fails?", FAILURE_MODE_LABELS[r.failure_mode]),
        (
            "How is model quality measured after deployment?",
            r.quality_measurement or "Not stated yet",
        ),
    )
    if r.results_needed_centrally:
        answers += (("Must results reach a central place?", "Yes"),)
    weights = tuple(
        (
            CRITERION_LABELS[c],
            f"{e.weights.percent(c):.0f} %",
            "pinned in the scenario" if c in e.weights.pinned else "derived from the answers",
        )
        for c in CRITERIA
    )
    blocks: list[Block] = [
        Heading(2, "Decision Drivers"),
        Table(("Question", "Answer"), answers),
        Paragraph("Criterion weights (the weighted sum decides among the feasible options):"),
        Table(("Criterion", "Weight", "Origin"), weights, align_right=(1,)),
    ]
    if e.weights.reasons:
        blocks.append(
            Bullets(tuple(e.weights.reasons), lead=("Weight adjusted:",) * len(e.weights.reasons))
        )
    return blocks


def _constraints(e: Evaluation) -> list[Block]:
    r = e.scenario.requirements
    statements = {
        "offline": f"Offline operation: {OFFLINE_LABELS[r.offline]}",
        "data_leaving": f"Data that may leave: {DATA_LEAVING_LABELS[r.data_leaving]}",
        "latency": f"p95 response time at most {ms_whole(r.max_latency_ms)}",
        "model_fit": "The model must fit the memory of a catalog device",
        "load": "A site's peak load must fit on at most "
        f"{e.catalog.general.edge_units_per_site_max:g} units",
        "cloud_fit": "The model must fit the memory of the cloud GPU",
        "central_results": "Results must reach a central place",
    }
    if not r.results_needed_centrally:
        statements.pop("central_results")
    rows = []
    for constraint, statement in statements.items():
        hits = [
            (result.label, b.message)
            for result in e.options.values()
            for b in result.blockers
            if b.constraint == constraint
        ]
        ruled_out = ", ".join(dict.fromkeys(label for label, _ in hits)) or "none"
        # The messages say "It ..." of their option, which the page names beside them: here
        # several options share a cell, so each message follows its option's name.
        why = (
            " ".join(dict.fromkeys(f"{label}: {lower_first(message)}" for label, message in hits))
            or "Met by every option."
        )
        rows.append((statement, ruled_out, why))
    warnings = tuple(
        f"{result.label}: {w.message}" for result in e.options.values() for w in result.warnings
    )
    blocks: list[Block] = [
        Heading(2, "Constraints"),
        Paragraph(
            "Hard requirements are checked before scoring (MADR's k.o. criteria); an option that "
            "fails one is ruled out, whatever its score."
        ),
        Table(("Hard requirement", "Rules out", "Why"), tuple(rows)),
    ]
    if warnings:
        blocks += [Paragraph("Warnings (near misses and risks, not ruled out):"), Bullets(warnings)]
    return blocks


def _considered(e: Evaluation) -> list[Block]:
    items = []
    for result in e.options.values():
        text = result.deployment.description
        if result.option == "hybrid":
            text += " " + e.hybrid.grounds
        if result.option == "edge":
            text += f" Device: {e.device_choice.reason}."
        items.append(text)
    return [
        Heading(2, "Considered Options"),
        Bullets(tuple(items), lead=tuple(f"{_option_name(e, r)}:" for r in e.options.values())),
    ]


def _outcome(e: Evaluation) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Decision Outcome")]
    if e.recommendation is None:
        blocks.append(
            Paragraph("No option meets every hard requirement.", lead="Chosen option: none.")
        )
        if e.relaxations:
            blocks.append(Bullets(e.relaxations))
        return blocks
    chosen = e.options[e.recommendation]
    blocks.append(
        Paragraph(
            f'"{_option_name(e, chosen)}", because {lower_first(e.reason)}', lead="Chosen option:"
        )
    )
    diagram = architecture_diagram(e, chosen)
    blocks.append(
        Chart("architecture", diagram_mermaid(diagram), _architecture_caption(e, chosen), diagram)
    )
    good, bad = consequences(e, chosen)
    blocks.append(Heading(3, "Consequences"))
    items = tuple(lower_first(text) for text in good + bad)
    leads = ("Good, because",) * len(good) + ("Bad, because",) * len(bad)
    blocks.append(Bullets(items, lead=leads) if items else Paragraph("None noted."))
    blocks += _confirmation(e, chosen)
    return blocks


def consequences(e: Evaluation, chosen: OptionResult) -> tuple[list[str], list[str]]:
    """The chosen option's good and bad consequences, judged as Pros and Cons judges them.

    A choice always costs something: when no criterion is bad, the one or two where the
    chosen option trails the runner-up most (by weighted points) are its bad consequences,
    else its weakest ones, so the record never reads as all gain.
    """
    verdicts = {c: verdict(s.score) for c, s in chosen.criteria.items()}
    bad_criteria = [c for c in CRITERIA if verdicts[c] == "Bad"]
    bad = [chosen.criteria[c].sentence for c in bad_criteria]
    if not bad_criteria:
        trade_offs = _trade_offs(e, chosen)
        bad_criteria = [c for c, _ in trade_offs]
        bad = [text for _, text in trade_offs]
    good = [
        s.sentence
        for c, s in chosen.criteria.items()
        if verdicts[c] == "Good" and e.weights.shares[c] >= 0.05 and c not in bad_criteria
    ]
    bad += [w.message for w in chosen.warnings]
    return good, bad


def _trade_offs(e: Evaluation, chosen: OptionResult) -> list[tuple[str, str]]:
    """The chosen option's weak spots when no criterion is bad: its neutral criteria, those
    where it trails the runner-up most first; with none neutral, the one good criterion where
    it trails most (or its weakest), so a good score is never listed twice as a drawback."""
    runner_up = _runner_up(e, chosen)

    def gap(c: str) -> float:  # weighted points the runner-up has over the chosen option
        return e.weights.shares[c] * (runner_up.criteria[c].score - chosen.criteria[c].score)

    def trails(c: str) -> bool:
        return round(runner_up.criteria[c].score) > round(chosen.criteria[c].score)

    neutral = [c for c in CRITERIA if verdict(chosen.criteria[c].score) == "Neutral"]
    ranked = sorted(
        neutral or CRITERIA,
        key=lambda c: (not trails(c), -gap(c) if trails(c) else chosen.criteria[c].score),
    )
    picked = ranked[: TRADE_OFFS if neutral else 1]
    items = []
    for c in picked:
        score = chosen.criteria[c]
        where = (
            f"scores {score.score:.0f}/100 against {runner_up.label}'s "
            f"{runner_up.criteria[c].score:.0f}"
            if trails(c)
            else f"is among its weakest criteria at {score.score:.0f}/100"
        )
        items.append((c, f"{CRITERION_LABELS[c].lower()} {where}: {lower_first(score.sentence)}"))
    return items


def _runner_up(e: Evaluation, chosen: OptionResult) -> OptionResult:
    others = [x for x in e.options.values() if x.option != chosen.option]
    return max(others, key=lambda x: (x.feasible, x.score))


def _confirmation(e: Evaluation, chosen: OptionResult) -> list[Block]:
    runner_up = _runner_up(e, chosen)
    rows = tuple((t.measure, t.how, t.passes_if) for t in thresholds(e, chosen))
    blocks: list[Block] = [
        Heading(3, "Confirmation"),
        Paragraph(
            f"Build two small prototypes, {_option_name(e, chosen)} and "
            f"{_option_name(e, runner_up)}, and measure them on real data. The decision stands "
            "if the chosen option passes every threshold:"
        ),
        Table(("Measure", "How", "Passes if"), rows),
    ]
    checks = evidence_checks(e)
    if not checks:
        return blocks
    evidence = e.scenario.evidence
    counts = ", ".join(
        f"{OPTION_LABELS[o]} {m.requests:,} requests" for o, m in evidence.measured.items()
    )
    use = (
        "The measured figures replace the estimates in this evaluation."
        if evidence.replace_estimates
        else "The estimates are kept; the measurements are reported only."
    )
    blocks += [
        Paragraph(
            f"Measured on prototypes ({evidence.source or 'source not stated'}): {counts}. {use}",
            lead="Evidence:",
        ),
        Table(CHECK_COLUMNS, tuple(c.cells() for c in checks)),
    ]
    return blocks


def _matrix(e: Evaluation) -> list[Block]:
    options = list(e.options.values())
    rows = [
        (
            f"{CRITERION_LABELS[c]} ({e.weights.percent(c):.0f} %)",
            *(f"{r.criteria[c].score:.0f}" for r in options),
        )
        for c in CRITERIA
    ]
    rows.append(("Weighted total", *tuple(f"{r.score:.1f}" for r in options)))
    rows.append(("Feasible", *tuple("yes" if r.feasible else "no" for r in options)))
    return [
        Heading(2, "Criteria Matrix"),
        Paragraph(
            "Scores 0-100 on fixed absolute scales (never rescaled between the options); the "
            "reasons are under Pros and Cons."
        ),
        Table(
            ("Criterion (weight)", *tuple(r.label for r in options)),
            tuple(rows),
            align_right=(1, 2, 3),
        ),
        Chart("criteria", "", "Criteria matrix; hover a cell for the reason."),
    ]


def _latency_resilience(e: Evaluation) -> list[Block]:
    limit = e.scenario.requirements.max_latency_ms
    rows = []
    for result in e.options.values():
        p95 = result.latency_p95_ms
        margin = (
            f"{percent((limit - p95) / limit)} under the limit"
            if p95 <= limit
            else f"{percent((p95 - limit) / limit)} over the limit"
        )
        rows.append(
            (
                result.label,
                ms(p95),
                margin,
                f"{result.resilience.lost_hours_per_year:,.1f} h",
                result.resilience.during_network_loss,
            )
        )
    return [
        Heading(2, "Latency and Resilience"),
        Paragraph(
            f"p95 end-to-end response time against the {ms_whole(limit)} limit, and the expected "
            "hours a year without the essential function."
        ),
        Table(
            (
                "Option",
                "p95",
                "Against the limit",
                "Function lost per year",
                "During a network loss",
            ),
            tuple(rows),
            align_right=(1, 3),
        ),
        Chart("latency", "", "Latency budget at p95 by part; hover a part for its inputs."),
        *_serving_notes(e),
    ]


def _serving_notes(e: Evaluation) -> list[Block]:
    """The LLM answer as users see it, how each part serves, and what is derived or rough:
    the Latency page's sentences."""
    blocks: list[Block] = []
    timings = latency_readings.response_timings(e)
    if timings:
        blocks.append(Bullets(tuple(t.sentence for t in timings)))
    serving = latency_readings.serving_sentences(e)
    if serving:
        blocks.append(Bullets(tuple(serving)))
    notes = list(latency_readings.input_notes(e))
    for option, reasons in latency_readings.rough_notes(e).items():
        if reasons:
            notes.append(
                f"{OPTION_LABELS[option]}'s latency is a rough estimate: {'; '.join(reasons)} "
                "(docs/validation.md)."
            )
    if notes:
        blocks.append(Bullets(tuple(notes)))
    return blocks


def _pros_and_cons(e: Evaluation) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Pros and Cons of the Options")]
    for result in e.options.values():
        items, leads = [], []
        for blocker in result.blockers:
            items.append(f"it is ruled out: {lower_first(blocker.message)}")
            leads.append("Bad, because")
        for c in CRITERIA:
            score = result.criteria[c]
            lead = f"{verdict(score.score)}, because"
            items.append(
                f"{CRITERION_LABELS[c].lower()} {score.score:.0f}/100: "
                f"{lower_first(score.sentence)}"
            )
            leads.append(lead)
        blocks += [Heading(3, _option_name(e, result)), Bullets(tuple(items), lead=tuple(leads))]
    return blocks


def _costs(e: Evaluation) -> list[Block]:
    horizon = e.scenario.horizon_months
    rows = []
    for option, result in e.options.items():
        band = e.uncertainty.bands[option]
        per_1k = result.cost_per_1k_requests_usd
        rows.append(
            (
                result.label,
                usd(result.cost_total_usd),
                usd_per_1k(per_1k),
                f"{usd(band.total_p10_usd)} to {usd(band.total_p90_usd)}",
                f"{100 * e.uncertainty.probability_cheapest[option]:.0f} %",
            )
        )
    pairs = []
    for a, b in PAIRS:
        forward = e.break_even(a, b)  # type: ignore[arg-type]
        backward = e.break_even(b, a)  # type: ignore[arg-type]
        if forward == 1:
            pairs.append(f"{OPTION_LABELS[a]} costs no more than {OPTION_LABELS[b]} from month 1.")
        elif forward is not None:
            pairs.append(
                f"{OPTION_LABELS[a]} breaks even with {OPTION_LABELS[b]} in month {forward}."
            )
        elif backward is not None:
            pairs.append(
                f"{OPTION_LABELS[a]} stays dearer than {OPTION_LABELS[b]} throughout the horizon."
            )
    drivers = tuple(
        f"{d.label} ({_spaced(d.low_change)} / {_spaced(d.high_change)}) moves the "
        f"{OPTION_LABELS[e.tornado.option]}-minus-{OPTION_LABELS[e.tornado.versus]} total by "
        f"{usd_signed(d.low_delta_usd)} / {usd_signed(d.high_delta_usd)}"
        for d in e.tornado.drivers[:3]
    )
    chosen = e.options.get(e.recommendation) if e.recommendation else None  # type: ignore[arg-type]
    components = ()
    if chosen is not None:
        totals = sorted(chosen.component_totals_usd().items(), key=lambda kv: -kv[1])
        components = tuple(
            (COMPONENT_LABELS[name], usd(value)) for name, value in totals if value > 0
        )
    blocks: list[Block] = [
        Heading(2, "Costs"),
        Paragraph(
            f"Cumulative cost over {horizon} months, all costs included (hardware, operations, "
            f"cloud usage, transfer, staff). The P10-P90 range comes from "
            f"{e.uncertainty.draws:,} Monte Carlo draws over volume, growth, prices and failures."
        ),
        Table(
            (
                "Option",
                f"Total over {horizon} months",
                "Per 1,000 requests",
                "P10-P90",
                "Cheapest in",
            ),
            tuple(rows),
            align_right=(1, 2, 4),
        ),
        Bullets(
            tuple(pairs) or ("No break-even within the horizon.",),
            lead=("Break-even:",) * max(1, len(pairs)),
        ),
        Chart("cumulative_cost", _cost_mermaid(e), _cost_caption()),
        Paragraph("The inputs that move the difference most (each varied on its own):"),
        Bullets(drivers),
    ]
    if components:
        blocks += [
            Paragraph(f"Where {chosen.label}'s money goes over the horizon:"),  # type: ignore[union-attr]
            Table(("Component", "Total"), components, align_right=(1,)),
        ]
    return blocks


def _operations(e: Evaluation) -> list[Block]:
    chosen_option = e.recommendation or "edge"
    result = e.options[chosen_option]
    local = result.deployment.local
    quality = e.scenario.requirements.quality_measurement or "Define how quality is measured."
    items = [
        (
            "Secure updates",
            "Sign every model artefact; devices verify the signature before loading it and "
            "roll out in stages (canary sites first)."
            if local is not None
            else "Deploy new model versions behind the endpoint with a staged traffic shift.",
        ),
        (
            "Model versioning",
            "Every result carries the model version; keep the previous version deployable.",
        ),
        (
            "Monitoring",
            "Track p95 latency, error rate and cost per 1,000 requests against this record's "
            "estimates"
            + (
                "; on the devices also temperature, throttling, memory and disk"
                if local is not None
                else ""
            )
            + ".",
        ),
        (
            "Rollback path",
            "Keep the previous model on each device and switch back remotely within minutes."
            if local is not None
            else "Shift traffic back to the previous model version.",
        ),
        ("Quality after deployment", quality),
    ]
    return [
        Heading(2, "Operations Plan"),
        Paragraph(f"For {_option_name(e, result)}:"),
        Bullets(tuple(text for _, text in items), lead=tuple(f"{name}:" for name, _ in items)),
    ]


def _revisit(e: Evaluation) -> list[Block]:
    s = e.scenario
    triggers = []
    base = s.workload.requests_per_month
    for point in e.sensitivity.tipping_points:
        if point.kind.startswith("volume"):
            direction = "passes" if point.value > base else "falls below"
            triggers.append(
                f"monthly volume {direction} {format_volume(point.value)} requests: "
                f"{lower_first(point.sentence)}"
            )
        elif point.kind == "latency" and point.value > s.requirements.max_latency_ms:
            triggers.append(f"the latency requirement is relaxed: {lower_first(point.sentence)}")
    feasible = [r for r in e.options.values() if r.feasible]
    # Weights only rank the feasible options: with one or none left, only a hard requirement
    # can change the answer.
    if len(feasible) == 1:
        triggers.append(
            f"a hard requirement changes: weights cannot change the answer while "
            f"{feasible[0].label} is the only feasible option."
        )
    elif not feasible:
        triggers.append("a hard requirement changes: no option is feasible, whatever the weights.")
    else:
        triggers.append(f"the weights change: {lower_first(e.sensitivity.nearest_flip)}")
    top = e.tornado.drivers[0] if e.tornado.drivers else None
    if top is not None and top.reverses(e.tornado.base_difference_usd):
        triggers.append(
            f"{top.label.lower()} changes by {_spaced(top.high_change.strip('+'))}: that alone can "
            "reverse "
            f"which of {OPTION_LABELS[e.tornado.option]} and "
            f"{OPTION_LABELS[e.tornado.versus]} costs less"
        )
    for result in e.options.values():
        for warning in result.warnings:
            if warning.constraint == "deprecation":
                triggers.append(f"the model is retired: {lower_first(warning.message)}")
    shares = ", ".join(
        f"{OPTION_LABELS[o]} {100 * p:.0f} %" for o, p in e.sensitivity.win_shares.items()
    )
    return [
        Heading(2, "Revisit Triggers"),
        Paragraph(
            f"Under {e.sensitivity.random_weightings:,} random weightings the winner is: {shares}."
        ),
        Bullets(
            tuple(dict.fromkeys(triggers)), lead=("Revisit if",) * len(dict.fromkeys(triggers))
        ),
    ]


def _more_information(e: Evaluation) -> list[Block]:
    figures = used_figures(e)
    rows = tuple((f.label, f.key, f"{f.value:g} {f.unit}", f.source, f.as_of) for f in figures)
    blocks: list[Block] = [Heading(2, "More Information")]
    if e.scenario.sources:
        blocks.append(Paragraph(e.scenario.sources, lead="Scenario sources:"))
    if e.scenario.decision.notes:
        blocks.append(Paragraph(e.scenario.decision.notes, lead="Notes:"))
    blocks += [
        Paragraph(
            "Every figure used, with its source and as-of date (overrides say so). The scenario "
            "below reproduces this evaluation: load this file in the app or run `python -m "
            "scoring evaluate` on it."
        ),
        Table(("Figure", "Key", "Value", "Source", "As of"), rows),
    ]
    return blocks


# --- helpers ------------------------------------------------------------------------------------


def _option_name(e: Evaluation, result: OptionResult) -> str:
    if result.option == "hybrid":
        return f"Hybrid: {e.hybrid.label.lower()}"
    return result.label


def _model_phrase(kind: str) -> str:
    """'vision (images, video) model', 'language model (LLM)': the kind's label in running text."""
    label = WORKLOAD_KIND_LABELS[kind]
    phrase = label[:1].lower() + label[1:]
    return phrase if "model" in phrase else f"{phrase} model"


def _where(e: Evaluation) -> str:
    return {
        "edge": "on the edge",
        "cloud": "in the cloud",
        "hybrid": f"as a hybrid ({e.hybrid.label.lower()})",
    }[e.recommendation]  # type: ignore[index]


def _spaced(change: str) -> str:
    """A tornado driver's swing ("-25%", kept so by the cost page) in the record's percent
    style ("-25 %")."""
    return re.sub(r"(\d)%", r"\1 %", change)


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


def interactive_caption(chart: Chart) -> str:
    """The caption under a chart drawn interactively (HTML report, app), which has its own
    legend and units; the block's caption describes the Mermaid picture of the Markdown."""
    return INTERACTIVE_CAPTIONS.get(chart.kind, chart.caption)


def _cost_caption() -> str:
    colours = ", ".join(
        f"{OPTION_LABELS[o]} {c}" for o, c in zip(OPTIONS, ("teal", "blue", "purple"), strict=True)
    )
    return f"Cumulative cost in thousand USD; lines: {colours}."


def _cost_mermaid(e: Evaluation) -> str:
    months = e.months
    step = max(1, math.ceil(len(months) / MERMAID_POINTS))
    picks = list(range(0, len(months), step))
    if picks[-1] != len(months) - 1:
        picks.append(len(months) - 1)
    series = {o: [r.cumulative_usd[i] / 1000 for i in picks] for o, r in e.options.items()}
    top = max(max(values) for values in series.values())
    top = _nice_ceiling(top)
    lines = [
        "%%{init: {'themeVariables': {'xyChart': {'plotColorPalette': "
        "'#0f766e, #2563eb, #9333ea'}}}}%%",
        "xychart-beta",
        '    title "Cumulative cost (thousand USD)"',
        f'    x-axis "month" [{", ".join(str(int(months[i])) for i in picks)}]',
        # Plain digits: Mermaid's grammar has no exponent, so 1e+06 would break the chart.
        f'    y-axis "thousand USD" 0 --> {format(top, "f").rstrip("0").rstrip(".")}',
    ]
    for option in OPTIONS:
        values = ", ".join(f"{v:.1f}" for v in series[option])
        lines.append(f"    line [{values}]")
    return "\n".join(lines)


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _architecture_caption(e: Evaluation, chosen: OptionResult) -> str:
    return f"Architecture of {_option_name(e, chosen)} and what data crosses each boundary."


def _label(text: str) -> str:
    """Mermaid node text: no quotes or brackets that could end the label."""
    for bad, good in (('"', "'"), ("[", "("), ("]", ")"), ("<", "("), (">", ")"), ("|", "/")):
        text = text.replace(bad, good)
    return text


def architecture_diagram(e: Evaluation, chosen: OptionResult) -> Diagram:
    """The chosen architecture: what runs at the site, in the cloud, and what crosses."""
    s = e.scenario
    d = chosen.deployment
    inside: list[tuple[str, tuple[str, ...]]] = [("input", (f"Input, {s.workload.input_kb:g} kB",))]
    arrows: list[tuple[str, str, str]] = []
    if d.local is not None:
        local = d.local
        what = (
            f"runs a {local.params_billion:g} B model ({local.precision})"
            if local.runs_model
            else "queues requests while offline"
        )
        units = local.units_per_site
        inside.append(("device", (f"{units} x {local.device.name}", what)))
        arrows.append(("input", "device", ""))
    outside: list[tuple[str, tuple[str, ...]]] = []
    # Consumer devices are not sites: a speaker in a living room is "a device"; a model that
    # runs in each device is drawn per device, a site server per site.
    in_device = d.local is not None and d.local.placement == "in_device"
    place = "device" if s.edge.customer_owned or in_device else "site"
    count = s.requirements.devices if place == "device" else s.requirements.site_count
    each = f"The one {place}" if count == 1 else f"Each of {count:,} {place}s"
    if d.option == "edge":
        return Diagram(
            each,
            tuple(inside),
            "Nothing leaves the site",
            (),
            tuple(arrows),
        )
    service = d.cloud.service_name if d.cloud is not None else "Cloud analytics and reporting"
    outside.append(("service", (service,)))
    link = e.catalog.get("network_profiles", s.network.profile).name  # type: ignore[attr-defined]
    if d.cloud is not None:
        source = "device" if d.local is not None else "input"
        sent = {"raw": "raw input", "anonymized": "anonymised input"}.get(d.data_sent, d.data_sent)
        share = f"{percent(d.cloud.share)} of requests, " if d.cloud.share < 1 else ""
        arrows.append((source, "service", f"{share}{sent}, {d.cloud.upload_kb:g} kB over {link}"))
        arrows.append(("service", source, f"result, {s.workload.output_kb:g} kB"))
    if d.report_kb > 0:
        arrows.append(
            ("device", "service", f"results only, {d.report_kb:g} kB per request over {link}")
        )
    return Diagram(
        each,
        tuple(inside),
        "Cloud region",
        tuple(outside),
        tuple(arrows),
    )


def diagram_mermaid(diagram: Diagram) -> str:
    def node(name: str, lines: tuple[str, ...]) -> str:
        return f'{name}["{"<br/>".join(_label(line) for line in lines)}"]'

    lines = ["flowchart LR", f'    subgraph site["{_label(diagram.inside_title)}"]']
    lines += [f"        {node(name, text)}" for name, text in diagram.inside]
    lines.append("    end")
    if diagram.outside:
        lines.append(f'    subgraph region["{_label(diagram.outside_title)}"]')
        lines += [f"        {node(name, text)}" for name, text in diagram.outside]
        lines.append("    end")
    else:
        lines += [f"    {node('note', (diagram.outside_title,))}", "    site --- note"]
    for source, target, label in diagram.arrows:
        arrow = f' -- "{_label(label)}" -->' if label else " -->"
        lines.append(f"    {source}{arrow} {target}")
    return "\n".join(lines)
