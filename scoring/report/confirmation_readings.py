"""How the confirmation plan is worded, once, for the record's Confirmation section and the
Compare page: which prototypes to build (feasible options only), and, when only one option is
feasible, what its prototype must show instead of a comparison: the thresholds and the near
misses to measure.

Pure functions: an Evaluation in, plain text out; no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.engine.confirmation import PrototypePlan, Threshold, prototype_plan, thresholds
from scoring.engine.evaluate import Evaluation
from scoring.model.vocabulary import OPTION_LABELS, Option

# What a prototype measures to settle a near miss, by the limit it comes near.
NEAR_MISS_MEASURES = {
    "latency": "time p95 at the peak request rate on the target hardware and network, with the "
    "longest inputs of a real day",
    "model_fit": "read the peak memory with the longest inputs expected (the longest prompt and "
    "answer for an LLM), after an hour of load",
    "load": "drive one unit at the peak request rate and count the units a site needs at the "
    "end of the horizon",
}
THRESHOLD_COLUMNS = ("Measure", "How", "Passes if")


@dataclass(frozen=True)
class ConfirmationReading:
    plan: PrototypePlan
    sentence: str  # what to build and when the decision stands
    left_out: str  # why the ruled-out options get no prototype ("" when none is ruled out)
    thresholds: tuple[Threshold, ...]
    near_misses: tuple[str, ...]  # each near miss and how to measure it, as sentences
    near_miss_lead: str  # the line above the near misses


def option_name(e: Evaluation, option: Option) -> str:
    """ "Edge", "Cloud", "Hybrid: detect locally, analyse trends in the cloud"."""
    if option == "hybrid":
        return f"Hybrid: {e.hybrid.label.lower()}"
    return OPTION_LABELS[option]


def confirmation_reading(e: Evaluation) -> ConfirmationReading | None:
    """The plan in words; None when no option is feasible (nothing to confirm)."""
    plan = prototype_plan(e)
    if plan is None:
        return None
    chosen = option_name(e, plan.chosen)
    if plan.rival is None:
        sentence = (
            f"Build one prototype, {chosen}, and measure it on real data. It is the only "
            "feasible option, so there is no second prototype to compare it with: the "
            "decision stands if it passes every threshold below and its near misses hold when "
            "measured."
        )
    else:
        sentence = (
            f"Build two small prototypes, {chosen} and {option_name(e, plan.rival)}, and "
            "measure them on real data. The decision stands if the chosen option passes every "
            "threshold:"
        )
    left_out = ""
    if plan.left_out:
        reasons = "; ".join(f"{OPTION_LABELS[o]}: {why}" for o, why in plan.left_out)
        verb = "is" if len(plan.left_out) == 1 else "are"
        names = " and ".join(OPTION_LABELS[o] for o, _ in plan.left_out)
        left_out = (
            f"{names} {verb} not prototyped: ruled out by hard requirements ({reasons}), which "
            "no prototype measurement can change."
        )
    for option in plan.not_needed:
        left_out += (" " if left_out else "") + (
            f"{OPTION_LABELS[option]} is feasible but scores lower than both; prototype it only "
            "if one of them fails."
        )
    near = tuple(
        f"{_capitalised(finding.message.removeprefix('Near miss: '))} How: "
        f"{NEAR_MISS_MEASURES[finding.constraint]}."
        for finding in plan.near_misses
    )
    if near:
        lead = f"Near misses the {OPTION_LABELS[plan.chosen]} prototype must measure:"
    elif plan.rival is None:
        lead = (
            f"No near miss is flagged for {OPTION_LABELS[plan.chosen]}: no estimate comes within "
            "20 % of its limit."
        )
    else:
        lead = ""
    return ConfirmationReading(
        plan=plan,
        sentence=sentence,
        left_out=left_out,
        thresholds=thresholds(e, e.options[plan.chosen]),
        near_misses=near,
        near_miss_lead=lead,
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
