"""The decision record's content (MADR 4.0), written once as blocks for Markdown and HTML.

Every number comes from the Evaluation; nothing is recomputed here. The record ends with the
whole scenario, so the app and the command line can load the record and get the same evaluation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from scoring.catalog import Figure
from scoring.engine.breakeven import PAIRS
from scoring.engine.confirmation import CHECK_COLUMNS, evidence_checks
from scoring.engine.costs import COMPONENT_LABELS
from scoring.engine.criteria import verdict
from scoring.engine.evaluate import Evaluation, OptionResult
from scoring.engine.immutable import deep_freeze
from scoring.model.codec import scenario_to_yaml
from scoring.model.scenario import Decision, Scenario
from scoring.model.units import format_volume, ms_whole, percent, spaced_percents, usd_whole
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
    Criterion,
    lower_first,
)
from scoring.report.blocks import Block, Bullets, Chart, Code, Diagram, Heading, Paragraph, Table
from scoring.report.confirmation_readings import THRESHOLD_COLUMNS, confirmation_reading
from scoring.report.cost_readings import (
    PEOPLE_COLUMNS,
    break_even_readings,
    cloud_bill_notes,
    components_option,
    cost_ratio_sentence,
    driver_readings,
    fleet_phrase,
    largest_component_sentence,
    option_costs,
    ownership_sentence,
    people_caption,
    people_rows,
    scope_sentence,
    tornado_reading,
    tornado_subject,
    uncertainty_sentence,
    verdict_price_sentence,
)
from scoring.report.figures_in_use import SOURCE_COLUMNS, figures_in_result, source_rows
from scoring.report.latency_readings import (
    input_notes,
    latency_readings,
    resilience_caption,
    resilience_cards,
    response_timings,
    rough_notes,
    serving_sentences,
    usable_devices_sentence,
)
from scoring.report.operations_readings import (
    COST_COLUMNS,
    COST_NOTE,
    QUALITY_TITLE,
    operations_readings,
)
from scoring.report.verdict_readings import SCORE_SCALES, verdict_reading

# The lead of the sources table's paragraph: what comes after it is the catalog's, not the
# scenario's (scoring.io.record_files compares a record's prose up to it).
SOURCES_LEAD = "Figures this result depends on:"
OUTCOME_HEADING = "Decision Outcome"  # the section the app's preview opens
# build_record's `figures` for a record shown before its figures are checked (that takes
# seconds): it says so instead of listing them.
FIGURES_PENDING: Final[Literal["pending"]] = "pending"
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


# The record's metadata (MADR 4.0's front matter keys) and how the record names them. The
# Markdown lists the LISTED ones under the title; the status and the links stand in adr-tools'
# Status section (see docs/decision-log.md).
METADATA_LABELS = {
    "status": "Status",
    "date": "Date",
    "decision-makers": "Decision-makers",
    "consulted": "Consulted",
    "informed": "Informed",
    "supersedes": "Supersedes",
}
LISTED_METADATA = ("date", "decision-makers", "consulted", "informed")
# adr-tools' words for the links between records (`adr new -s`, `adr link`).
SUPERSEDES = "Supersedes"
SUPERSEDED_BY = "Superseded by"


@dataclass(frozen=True)
class RecordStatus:
    """Where the decision stands and the records it is linked to, by file name."""

    status: str  # a DecisionStatus
    supersedes: tuple[str, ...] = ()
    superseded_by: str = ""

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(kind, file name) in the order adr-tools leaves them: the records this one
        supersedes, then the one superseding it."""
        links = tuple((SUPERSEDES, name) for name in self.supersedes)
        if self.superseded_by:
            links += ((SUPERSEDED_BY, self.superseded_by),)
        return links


@dataclass(frozen=True)
class RecordContent:
    metadata: Mapping[str, object]  # METADATA_LABELS' keys, as the page and the HTML show them
    title: str
    status: RecordStatus
    blocks: tuple[Block, ...]


def record_title(evaluation: Evaluation) -> str:
    """The record's title: the one the scenario gives, else `default_title`."""
    return evaluation.scenario.decision.title or default_title(evaluation)


def default_title(evaluation: Evaluation) -> str:
    """The scenario name and where the model runs (the title when the scenario sets none)."""
    chosen = OPTION_LABELS.get(evaluation.recommendation or "", "")
    where = f": run the model {_where(evaluation)}" if chosen else ""
    return f"{evaluation.scenario.name}{where}"


def build_record(
    evaluation: Evaluation,
    today: dt.date | None = None,
    figures: tuple[Figure, ...] | Literal["pending"] | None = None,
) -> RecordContent:
    """The record of `evaluation`, dated `today` unless the scenario says; `figures` are the
    figures the result depends on (figures_in_result, worked out here when not given: a
    caller that keeps them per evaluation passes them in, and one that shows the record
    before they are checked passes FIGURES_PENDING)."""
    scenario = evaluation.scenario
    decision = scenario.decision
    date = decision.date or (today or dt.date.today()).isoformat()
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
    blocks += _more_information(
        evaluation, figures if figures is not None else figures_in_result(evaluation)
    )
    # The record carries the date it shows, so loading it again keeps that date.
    dated = scenario.model_copy(update={"decision": decision.model_copy(update={"date": date})})
    blocks.append(scenario_block(dated))
    # Cached and shared between sessions like the evaluation: read-only all the way down.
    return deep_freeze(
        RecordContent(
            record_metadata(decision, date),
            record_title(evaluation),
            record_status(decision),
            tuple(blocks),
        )
    )


def record_metadata(decision: Decision, date: str) -> dict[str, object]:
    """MADR's metadata of the decision, dated `date`."""
    metadata: dict[str, object] = {
        "status": status_text(decision),
        "date": date,
        "decision-makers": list(decision.decision_makers),
        "consulted": list(decision.consulted),
        "informed": list(decision.informed),
    }
    if decision.supersedes:
        metadata["supersedes"] = list(decision.supersedes)
    return metadata


def record_status(decision: Decision) -> RecordStatus:
    """A newer record is named only when the decision is superseded."""
    superseded_by = decision.superseded_by if decision.status == "superseded" else ""
    return RecordStatus(decision.status, tuple(decision.supersedes), superseded_by)


def status_text(decision: Decision) -> str:
    """The status in words: "superseded by 0007-x.md" names the newer record."""
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


def _drivers(e: Evaluation) -> list[Block]:
    r = e.scenario.requirements
    answers: tuple[tuple[str, str], ...] = (
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
    blocks: list[Block] = [Heading(2, OUTCOME_HEADING)]
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
    price = verdict_price_sentence(e)
    if price:
        blocks.append(Paragraph(price, lead="Price of the verdict:"))
    glance = verdict_reading(e)
    blocks += [
        Paragraph(glance.risk, lead="Top risk:"),
        Paragraph(" ".join(glance.changes), lead="What would change the answer:"),
    ]
    diagram = architecture_diagram(e, chosen)
    blocks.append(
        Chart("architecture", diagram_mermaid(diagram), _architecture_caption(e, chosen), diagram)
    )
    good, bad = consequences(e, chosen)
    blocks.append(Heading(3, "Consequences"))
    items = tuple(lower_first(text) for text in good + bad)
    leads = ("Good, because",) * len(good) + ("Bad, because",) * len(bad)
    blocks.append(Bullets(items, lead=leads) if items else Paragraph("None noted."))
    blocks += _confirmation(e)
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


def _trade_offs(e: Evaluation, chosen: OptionResult) -> list[tuple[Criterion, str]]:
    """The chosen option's weak spots when no criterion is bad: its neutral criteria, those
    where it trails the runner-up most first; with none neutral, the one good criterion where
    it trails most (or its weakest), so a good score is never listed twice as a drawback."""
    runner_up = _runner_up(e, chosen)

    def gap(c: Criterion) -> float:  # weighted points the runner-up has over the chosen option
        return e.weights.shares[c] * (runner_up.criteria[c].score - chosen.criteria[c].score)

    def trails(c: Criterion) -> bool:
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


def _confirmation(e: Evaluation) -> list[Block]:
    reading = confirmation_reading(e)
    assert reading is not None  # called only when an option is recommended
    rows = tuple((t.measure, t.how, t.passes_if) for t in reading.thresholds)
    blocks: list[Block] = [
        Heading(3, "Confirmation"),
        Paragraph(reading.sentence),
        Table(THRESHOLD_COLUMNS, rows),
    ]
    if reading.near_miss_lead:
        blocks.append(Paragraph(reading.near_miss_lead))
    if reading.near_misses:
        blocks.append(Bullets(reading.near_misses))
    if reading.left_out:
        blocks.append(Paragraph(reading.left_out))
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
        Paragraph(f"{SCORE_SCALES}; the reasons are under Pros and Cons."),
        Table(
            ("Criterion (weight)", *tuple(r.label for r in options)),
            tuple(rows),
            align_right=(1, 2, 3),
        ),
        Chart("criteria", "", "Criteria matrix; hover a cell for the reason."),
    ]


def _latency_resilience(e: Evaluation) -> list[Block]:
    limit = e.scenario.requirements.max_latency_ms
    blocks: list[Block] = [
        Heading(2, "Latency and Resilience"),
        Paragraph(
            f"p95 end-to-end response time against the {ms_whole(limit)} limit, and the expected "
            "hours a year without the essential function."
        ),
        Bullets(tuple(f"{r.sentence} {r.breakdown}" for r in latency_readings(e))),
        *_serving_notes(e),
    ]
    usable = usable_devices_sentence(e.device_choice)
    if usable is not None:
        blocks.append(Paragraph(f"The pinned edge device falls short; {lower_first(usable)}"))
    cards = resilience_cards(e)
    blocks += [
        Chart("latency", "", "Latency budget at p95 by part; hover a part for its inputs."),
        Table(
            ("Option", "Function lost per year", "During a network loss", "When a device fails"),
            tuple((c.label, c.lost, c.network_loss, c.device_failure) for c in cards),
        ),
        Bullets(tuple(c.weighted for c in cards)),
        Paragraph(resilience_caption(e)),
    ]
    return blocks


def _serving_notes(e: Evaluation) -> list[Block]:
    """The LLM answer as users see it, how each part serves, and what is derived or rough:
    the Latency page's sentences."""
    blocks: list[Block] = []
    timings = response_timings(e)
    if timings:
        blocks.append(Bullets(tuple(t.sentence for t in timings)))
    serving = serving_sentences(e)
    if serving:
        blocks.append(Bullets(tuple(serving)))
    notes = list(input_notes(e))
    for option, reasons in rough_notes(e).items():
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
    rows = tuple(
        (row.label, row.total_text, row.per_1k, row.band, row.cheapest) for row in option_costs(e)
    )
    option = components_option(e)
    totals = sorted(e.options[option].component_totals_usd().items(), key=lambda kv: -kv[1])
    components = tuple(
        (COMPONENT_LABELS[name], usd_whole(value)) for name, value in totals if value > 0
    )
    ratio = cost_ratio_sentence(e)
    blocks: list[Block] = [
        Heading(2, "Costs"),
        Paragraph(f"{scope_sentence(e)} {uncertainty_sentence(e)}"),
        Paragraph(ownership_sentence(e), lead="Whose hardware:"),
        Table(
            (
                "Option",
                f"Total over {horizon} months",
                "Per 1,000 requests",
                "P10-P90",
                "Cheapest in",
            ),
            rows,
            align_right=(1, 2, 4),
        ),
        Bullets(
            tuple(reading.sentence for reading in break_even_readings(e)),
            lead=("Break-even:",) * len(PAIRS),
        ),
        Chart("cumulative_cost", _cost_mermaid(e), _cost_caption()),
    ]
    if ratio is not None:
        blocks.append(Paragraph(ratio))
    blocks += [
        Paragraph(tornado_reading(e)),
        Paragraph(f"The inputs that move {tornado_subject(e)[0]} most (each moved on its own):"),
        Bullets(driver_readings(e)),
    ]
    if components:
        blocks += [
            Paragraph(
                f"{largest_component_sentence(e, option)} Where {OPTION_LABELS[option]}'s "
                "money goes over the horizon:"
            ),
            Table(("Component", "Total"), components, align_right=(1,)),
        ]
    for option in _people_options(e):
        people = people_rows(e, option)
        blocks += [
            Paragraph(f"{OPTION_LABELS[option]}'s people costs, driver by driver:"),
            Table(
                PEOPLE_COLUMNS,
                tuple(tuple(str(row[c]) for c in PEOPLE_COLUMNS) for row in people),
                align_right=(3, 4, 6),
            ),
        ]
    if _people_options(e):
        blocks.append(Paragraph(people_caption(e)))
    notes = [(OPTION_LABELS[o], n) for o in e.options for n in cloud_bill_notes(e, o)]
    if notes:
        blocks += [
            Paragraph("How the cloud bills:"),
            Bullets(tuple(n for _, n in notes), lead=tuple(f"{label}:" for label, _ in notes)),
        ]
    return blocks


def _people_options(e: Evaluation) -> tuple:
    """Whose people costs the record lists: the recommendation and its cheapest feasible
    alternative (the two the price of the verdict compares)."""
    price = e.verdict_price
    if price is None:
        return ()
    return tuple(o for o in (price.option, price.alternative) if o is not None)


def _operations(e: Evaluation) -> list[Block]:
    """What running the chosen option takes and costs, how quality is measured, and the other
    options' people work beside it (the Operations page shows all three in full)."""
    quality, readings = operations_readings(e)
    chosen_option = e.recommendation or "edge"
    chosen = next(r for r in readings if r.option == chosen_option)
    items = [f"{a.need} {a.paid_by}" for a in chosen.activities]
    leads = [f"{a.title}:" for a in chosen.activities]
    items.append(" ".join(p for p in (quality.answer, *quality.sentences, chosen.quality) if p))
    leads.append(f"{QUALITY_TITLE}:")
    blocks: list[Block] = [
        Heading(2, "Operations Plan"),
        Paragraph(
            f"For {_option_name(e, e.options[chosen_option])}: {lower_first(chosen.summary)}"
        ),
        Bullets(tuple(items), lead=tuple(leads)),
    ]
    if quality.resolutions:
        blocks.append(
            Bullets(
                quality.resolutions, lead=("To resolve the conflict:",) * len(quality.resolutions)
            )
        )
    blocks += [
        Paragraph(f"{chosen.label}'s operations work, driver by driver:"),
        Table(COST_COLUMNS, chosen.cost_rows, align_right=(2, 3)),
        Paragraph(COST_NOTE),
        Paragraph("The other options' operations, for comparison:"),
        Bullets(
            tuple(r.summary for r in readings if r.option != chosen_option),
            lead=tuple(f"{r.label}:" for r in readings if r.option != chosen_option),
        ),
    ]
    return blocks


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
    if (
        top is not None
        and e.tornado.versus is not None
        and top.reverses(e.tornado.base_difference_usd)
    ):
        triggers.append(
            f"{top.label.lower()} changes by {spaced_percents(top.high_change.strip('+'))}: "
            "that alone can reverse "
            f"which of {OPTION_LABELS[e.tornado.option]} and "
            f"{OPTION_LABELS[e.tornado.versus]} costs less"
        )
    for result in e.options.values():
        for warning in result.warnings:
            if warning.constraint == "deprecation":
                triggers.append(f"the model is retired: {lower_first(warning.message)}")
    shares = ", ".join(
        f"{OPTION_LABELS[o]} {percent(p)}" for o, p in e.sensitivity.win_shares.items()
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


def _more_information(
    e: Evaluation, figures: tuple[Figure, ...] | Literal["pending"]
) -> list[Block]:
    blocks: list[Block] = [Heading(2, "More Information")]
    if e.scenario.sources:
        blocks.append(Paragraph(e.scenario.sources, lead="Scenario sources:"))
    if e.scenario.decision.notes:
        blocks.append(Paragraph(e.scenario.decision.notes, lead="Notes:"))
    if isinstance(figures, str):  # FIGURES_PENDING
        blocks.append(
            Paragraph(
                "not checked yet: each catalog figure the evaluation may read is changed by "
                "10 % and the scenario evaluated again, which takes a few seconds. A downloaded "
                "or saved record always carries the table of the figures that change the "
                "result, with their sources and as-of dates.",
                lead=SOURCES_LEAD,
            )
        )
        return blocks
    blocks += [
        Paragraph(
            f"{len(figures)} catalog figures, with their source and as-of date (overrides say "
            "so): each one, changed by 10 %, changes the evaluation; the figures the evaluation "
            "may read that change nothing are left out. Override one by its key in the "
            "scenario's assumptions. The scenario below reproduces this evaluation: load this "
            "file in the app or run `python -m scoring evaluate` on it.",
            lead=SOURCES_LEAD,
        ),
        Table(SOURCE_COLUMNS, source_rows(e, figures)),
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
    }[e.recommendation]  # type: ignore[index]  # called only when an option is recommended


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
    top = nice_ceiling(top)
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


# Round steps for an axis maximum (none more than 25 % above the one before): the first of them
# times a power of ten at or above the data.
NICE_STEPS = (1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The axis maximum just above the data: 524 -> 600, 1,000 -> 1,000, 1,010 -> 1,200."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in NICE_STEPS:
        if value <= step * magnitude * (1 + 1e-12):
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
    link = e.catalog.get("network_profiles", s.network.profile).name
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
