"""The confirmation plan over the scenario space: whatever scenario Hypothesis draws, the plan
prototypes feasible options only (the check is the unit tier's, on the presets)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from plan_checks import check_plan
from scenarios import scenario_dicts

from scoring.engine.evaluate import evaluate
from scoring.model.codec import scenario_from_dict


@given(data=scenario_dicts())
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
def test_any_scenario_prototypes_only_feasible_options(data):
    check_plan(evaluate(scenario_from_dict(data), draws=50, volume_search=False))
