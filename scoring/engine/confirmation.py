"""How the decision is confirmed: which options to prototype, the thresholds a prototype must
pass, the near misses it must measure, and the check of measured evidence against them.

The record's Confirmation section and the Compare page both read from here, so the plan and
the verdict always use the same thresholds. Only feasible options are prototyped: an option a
hard requirement rules out cannot become the decision, whatever its prototype measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.engine.constraints import Finding
from scoring.engine.evaluate import Evaluation, OptionResult
from scoring.engine.evidence import percent_error
from scoring.model.scenario import Measurement
from scoring.model.units import ms, ms_whole, percent, usd
from scoring.model.vocabulary import OPTION_LABELS, Option

COST_TOLERANCE = 1.25  # a prototype passes if a task costs at most 25 % above the estimate
EFFORT_TOLERANCE = 1.25
# Share of requests that must succeed while the link is down, by failure mode.
REQUIRED_SUCCESS = 0.99  # of all requests a prototype serves
REQUIRED_OFFLINE_SUCCESS = {"safety_critical": 1.0, "degrade": 0.99, "can_wait": 0.99}

LOSS_WORDS = {
    "safety_critical": "the essential function continues through a 1-hour link cut with no "
    "failed request",
    "degrade": "answers continue (degraded allowed) through a 1-hour link cut; at least 99 % of "
    "requests succeed",
    "can_wait": "no request is lost during a 1-hour link cut and the backlog clears within an "
    "hour of reconnection",
}
# For an option that stops without the link (the cloud, a hybrid that infers in the cloud),
# which the requirements allowed: the test is that it fails openly and recovers, not that it
# carries on, which it cannot.
STOP_WORDS = {
    "safety_critical": "every request during a 1-hour link cut fails at once with a clear "
    "error (none hangs or is lost silently) and service resumes within 5 minutes of reconnection",
    "degrade": "every request during a 1-hour link cut fails at once with a clear error (none "
    "hangs) and service resumes within 5 minutes of reconnection",
    "can_wait": "requests made during a 1-hour link cut are kept on the client and retried: none "
    "is lost, and the backlog clears within an hour of reconnection",
}


@dataclass(frozen=True)
class Threshold:
    measure: str
    how: str
    passes_if: str


VERDICT = {True: "pass", False: "FAIL", None: "not measured"}
CHECK_COLUMNS = ("Option", "Measure", "Estimate", "Measured", "Error", "Threshold", "Result")


@dataclass(frozen=True)
class Check:
    option: Option
    measure: str
    estimate: str
    measured: str
    error_pct: float | None  # (measured - estimate) / estimate
    threshold: str
    passed: bool | None  # None: not measured

    def cells(self) -> tuple[str, ...]:
        """The row of the evidence table, in CHECK_COLUMNS order."""
        return (
            OPTION_LABELS[self.option],
            self.measure,
            self.estimate,
            self.measured,
            "-" if self.error_pct is None else f"{self.error_pct:+.0f} %",
            self.threshold,
            VERDICT[self.passed],
        )


@dataclass(frozen=True)
class PrototypePlan:
    """Which options to build a prototype of, and what the chosen one's prototype must show."""

    chosen: Option
    # The best-scoring other feasible option, prototyped beside the chosen one; None when the
    # chosen option is the only feasible one (then its prototype is judged on its own).
    rival: Option | None
    # Ruled out by a hard requirement, so not prototyped: (option, the requirements in words).
    left_out: tuple[tuple[Option, str], ...]
    # Feasible, but neither chosen nor the rival: not worth a prototype of its own.
    not_needed: tuple[Option, ...]
    # The chosen option's near misses (within 20 % of a limit): a prototype must measure them.
    near_misses: tuple[Finding, ...]

    @property
    def prototypes(self) -> tuple[Option, ...]:
        return (self.chosen,) if self.rival is None else (self.chosen, self.rival)


def prototype_plan(e: Evaluation) -> PrototypePlan | None:
    """The prototypes to build: the recommendation and its best feasible rival, never an
    option a hard requirement rules out; None when no option is feasible."""
    if e.recommendation is None:
        return None
    chosen = e.options[e.recommendation]
    rivals = sorted(
        (r for r in e.options.values() if r.feasible and r.option != chosen.option),
        key=lambda r: -r.score,
    )
    return PrototypePlan(
        chosen=chosen.option,
        rival=rivals[0].option if rivals else None,
        left_out=tuple((r.option, r.ruled_out_by) for r in e.options.values() if not r.feasible),
        not_needed=tuple(r.option for r in rivals[1:]),
        near_misses=tuple(w for w in chosen.warnings if w.near_miss),
    )


def estimated_cost_per_task_usd(result: OptionResult) -> float | None:
    per_1k = result.cost_per_1k_requests_usd
    return None if per_1k is None else per_1k / 1000


def effort_limit(fte: float) -> str:
    return f"at most {fte * EFFORT_TOLERANCE:,.2f} FTE"


def thresholds(e: Evaluation, chosen: OptionResult) -> tuple[Threshold, ...]:
    r = e.scenario.requirements
    per_task = estimated_cost_per_task_usd(chosen)
    cost = (
        f"at most {usd(per_task * COST_TOLERANCE)} per task (estimate {usd(per_task)}, +25 %)"
        if per_task is not None
        else "within the monthly budget (no volume entered)"
    )
    fte = chosen.cost_summary.staff_fte  # engineers in the last month, the fleet at its largest
    loss_test = STOP_WORDS if chosen.resilience.stops_on_network_loss else LOSS_WORDS
    return (
        Threshold(
            "Full time from input to result (p95)",
            "Replay a day of real inputs; time each from capture to usable result",
            f"at most {ms_whole(r.max_latency_ms)} (estimate {ms(chosen.estimated_p95_ms)})",
        ),
        Threshold(
            "Cost per task",
            "Bill of the prototype (cloud invoice, power meter, amortised hardware) divided by "
            "tasks done",
            cost,
        ),
        Threshold(
            "Behaviour during network loss",
            "Cut the uplink for an hour under normal load",
            f"{loss_test[r.failure_mode]} (expected: {chosen.resilience.during_network_loss})",
        ),
        Threshold(
            "Engineering effort",
            "Log the hours to deploy, update, roll back and monitor it for a month",
            f"{effort_limit(fte)} (estimate {fte:,.2f}); one update rolled out and rolled back "
            "within a working day",
        ),
    )


def evidence_checks(e: Evaluation) -> tuple[Check, ...]:
    """Each measured option against the thresholds, with the estimate's error."""
    checks: list[Check] = []
    for option, measurement in e.scenario.evidence.measured.items():
        checks += _option_checks(e, e.options[option], measurement)
    return tuple(checks)


def _option_checks(e: Evaluation, result: OptionResult, m: Measurement) -> list[Check]:
    r = e.scenario.requirements
    estimate_p95 = result.estimated_p95_ms
    checks = [
        Check(
            result.option,
            "p95 latency",
            ms(estimate_p95),
            ms(m.latency_p95_ms),
            percent_error(estimate_p95, m.latency_p95_ms),
            f"at most {ms_whole(r.max_latency_ms)}",
            m.latency_p95_ms <= r.max_latency_ms,
        )
    ]
    per_task = estimated_cost_per_task_usd(result)
    if m.cost_per_task_usd is None:
        checks.append(
            Check(
                result.option,
                "cost per task",
                usd(per_task),
                "no successful task",
                None,
                "-",
                False,
            )
        )
    else:
        limit = None if per_task is None else per_task * COST_TOLERANCE
        checks.append(
            Check(
                result.option,
                "cost per task",
                usd(per_task),
                usd(m.cost_per_task_usd),
                None if per_task is None else percent_error(per_task, m.cost_per_task_usd),
                "-" if limit is None else f"at most {usd(limit)} (+25 %)",
                None if limit is None else m.cost_per_task_usd <= limit,
            )
        )
    required = REQUIRED_OFFLINE_SUCCESS[r.failure_mode]
    expected_to_work = not result.resilience.stops_on_network_loss
    rate = m.success_rate_during_network_loss
    checks.append(
        Check(
            result.option,
            "success during network loss",
            "keeps working" if expected_to_work else "stops",
            "not measured"
            if rate is None
            else f"{rate:.1%} of {m.requests_during_network_loss:,} requests",
            None,
            f"at least {percent(required)}",
            None if rate is None else rate >= required,
        )
    )
    checks.append(
        Check(
            result.option,
            "success overall",
            "-",
            f"{m.success_rate:.1%} of {m.requests:,} requests",
            None,
            f"at least {percent(REQUIRED_SUCCESS)}",
            m.success_rate >= REQUIRED_SUCCESS,
        )
    )
    # A prototype's CSV times and prices requests but logs no hours, so effort can only be
    # judged by hand; the row keeps it in view so no threshold of the record goes unchecked.
    fte = result.cost_summary.staff_fte
    checks.append(
        Check(
            result.option,
            "engineering effort",
            f"{fte:,.2f} FTE",
            "not measured",
            None,
            effort_limit(fte),
            None,
        )
    )
    return checks
