"""Drawing pieces of the Recommendation page: the answer and the per-option summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st

from scoring.engine.evaluate import Evaluation
from scoring.engine.hybrid import HybridChoice, PatternOutcome
from scoring.model.units import ms, ms_whole, usd
from scoring.model.vocabulary import OPTION_LABELS
from scoring.report.cost_readings import verdict_price_short
from scoring.report.verdict_readings import verdict_reading
from ui import state
from ui.text import escape_markdown


@dataclass(frozen=True)
class OptionSummary:
    label: str
    score: str
    status: str
    colour: DeltaColour


# st.metric delta colours: "normal" green, "inverse" red, "off" grey.
DeltaColour = Literal["normal", "inverse", "off"]


VERDICT_KEY = "verdict"  # the block's CSS class is st-key-verdict (the browser test finds it)


def verdict_block(evaluation: Evaluation) -> None:
    """The answer on one screen: what to do, what it costs, p95 against the limit, the top
    risk and what would change the answer (scoring.report.verdict_readings)."""
    reading = verdict_reading(evaluation)
    with st.container(border=True, key=VERDICT_KEY):
        if evaluation.recommendation is None:
            st.markdown(f"### :red[:material/block:] {escape_markdown(reading.headline)}")
            st.markdown(escape_markdown(reading.reason))
            st.markdown("**What would make an option feasible:**")
            st.markdown("\n".join(f"- {escape_markdown(c)}" for c in reading.changes))
            return
        st.markdown(f"### :green[:material/check_circle:] {escape_markdown(reading.headline)}")
        st.markdown(escape_markdown(reading.reason))
        chosen = evaluation.options[evaluation.recommendation]
        limit = evaluation.scenario.requirements.max_latency_ms
        horizon = evaluation.scenario.horizon_months
        price, latency, score = st.columns(3)
        price.metric(
            f"Cost over {horizon} months",
            usd(chosen.cost_total_usd),
            verdict_price_short(evaluation) or "the only feasible option",
            delta_color="off",
            delta_arrow="off",
        )
        latency.metric(
            "p95 response time",
            ms(chosen.latency_p95_ms),
            f"limit {ms_whole(limit)}",
            delta_color="normal" if chosen.latency_p95_ms <= limit else "inverse",
            delta_arrow="off",
        )
        score.metric(
            "Weighted score",
            f"{chosen.score:.1f} / 100",
            f"{len(evaluation.feasible)} of {len(evaluation.options)} options feasible",
            delta_color="off",
            delta_arrow="off",
        )
        lines = (
            (":material/payments:", "Price of the verdict:", reading.price),
            (":material/speed:", "Latency:", reading.latency),
            (":material/warning:", "Top risk:", reading.risk),
            (":material/swap_horiz:", "What would change the answer:", " ".join(reading.changes)),
        )
        st.markdown(
            "\n\n".join(
                f"{icon} **{lead}** {escape_markdown(text)}" for icon, lead, text in lines if text
            )
        )


def verdict_sentence(evaluation: Evaluation) -> str:
    """One line for pages other than the Recommendation page."""
    if evaluation.recommendation is None:
        return "With these answers no option is feasible."
    chosen = OPTION_LABELS[evaluation.recommendation]
    return f"With these answers the studio recommends {chosen}."


def option_summary_rows(evaluation: Evaluation) -> list[OptionSummary]:
    rows = []
    colour: DeltaColour
    for option, result in evaluation.options.items():
        if not result.feasible:
            status, colour = f"ruled out ({len(result.blockers)})", "inverse"
        elif option == evaluation.recommendation:
            status, colour = "recommended", "normal"
        else:
            status, colour = "feasible", "off"
        rows.append(OptionSummary(result.label, f"{result.score:.1f} / 100", status, colour))
    return rows


def totals_rows(evaluation: Evaluation) -> list[dict[str, object]]:
    ranked = sorted(evaluation.options.values(), key=lambda r: (not r.feasible, -r.score))
    return [
        {
            "Option": result.label,
            "Weighted total (0-100)": round(result.score, 1),
            "Feasible": "yes" if result.feasible else "no: " + result.ruled_out_by,
        }
        for result in ranked
    ]


def pattern_rows(evaluation: Evaluation) -> list[dict[str, object]]:
    """Every hybrid pattern as the evaluation scored it, best first: the one shown, the
    feasible ones, the ruled-out ones with their blockers, the ones that do not apply."""
    choice = evaluation.hybrid
    return [
        {
            "Pattern": outcome.label,
            "Weighted score (0-100)": "—" if outcome.score is None else f"{outcome.score:.1f}",
            "Blockers": outcome.blockers or ("none" if outcome.applicable else "—"),
            "Outcome": pattern_outcome(choice, outcome),
        }
        for outcome in choice.outcomes
    ]


def pattern_outcome(choice: HybridChoice, outcome: PatternOutcome) -> str:
    """What became of a pattern: shown, feasible, ruled out, or not applicable (and why)."""
    shown = outcome.pattern == choice.pattern
    if not outcome.applicable:
        return f"{'shown (pinned); ' if shown else ''}not applicable: {outcome.not_applicable}"
    if shown:
        if choice.pinned:
            return "shown: pinned in the scenario"
        return "shown: best feasible score" if outcome.feasible else "shown: best score, ruled out"
    return "feasible" if outcome.feasible else "ruled out"


def reset_weights() -> None:
    """Button callback: drop every pinned weight; the sliders re-seed from the derived ones."""
    state.update_field("weights", {})
