"""The confirmation plan's invariant, checked on the presets (unit tier) and on any scenario
Hypothesis draws (integration tier): it prototypes feasible options only, names each ruled-out
option as not prototyped, and with a single feasible option says what that prototype must show."""

from __future__ import annotations

from scoring.engine.confirmation import prototype_plan
from scoring.engine.evaluate import Evaluation
from scoring.report.confirmation_readings import confirmation_reading, option_name


def check_plan(evaluation: Evaluation) -> None:
    plan = prototype_plan(evaluation)
    if evaluation.recommendation is None:
        assert plan is None and confirmation_reading(evaluation) is None
        return
    assert plan is not None
    assert all(evaluation.options[o].feasible for o in plan.prototypes)
    assert plan.chosen == evaluation.recommendation
    assert {o for o, _ in plan.left_out} == {
        o for o, r in evaluation.options.items() if not r.feasible
    }
    reading = confirmation_reading(evaluation)
    assert reading is not None
    named = [o for o in evaluation.options if option_name(evaluation, o) in reading.sentence]
    assert set(named) == set(plan.prototypes)
    if plan.rival is None:
        assert reading.sentence.startswith("Build one prototype")
        assert "only feasible option" in reading.sentence
    else:
        assert evaluation.options[plan.rival].score == max(
            r.score for r in evaluation.options.values() if r.feasible and r.option != plan.chosen
        )
