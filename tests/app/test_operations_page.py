"""The Operations page: every option's updates, versioning, monitoring and rollback with the
people work that pays for them, and the quality answer read, with its conflict flagged."""

from __future__ import annotations

import numpy as np
from app_helpers import figure, open_on, plain, scenario_of, text_of, values

from scoring.engine.operations import operations_plan
from ui import menu

PAGE = menu.OPERATIONS.file
ANSWER_KEY = "in:requirements.quality_measurement"


def test_each_option_has_its_tab_with_the_four_activities_and_its_people_work():
    at, evaluation = open_on(PAGE, "factory_qc_camera")
    assert not at.exception
    labels = [t.label for t in at.tabs]
    assert labels == [
        r.label + ("" if r.feasible else " (ruled out)") for r in evaluation.options.values()
    ]
    shown = text_of(at.main.markdown)
    for title in (
        "**Secure updates**",
        "**Model versioning**",
        "**Monitoring**",
        "**Rollback path**",
    ):
        assert shown.count(title) == len(evaluation.options)
    plan = operations_plan(evaluation)
    chart = figure(at, "operations")
    totals = sum(values(trace["x"]) for trace in chart["data"])
    np.testing.assert_allclose(totals, [plan.of(o).usd_per_month for o in evaluation.options])


def test_the_factorys_relabelling_conflicts_with_results_only_and_on_site_resolves_it():
    at, _ = open_on(PAGE, "factory_qc_camera")
    errors = [plain(e.value) for e in at.main.error]
    assert any("CONFLICT: the data rules forbid it, only results may leave" in e for e in errors)
    assert "Read as re-labelling (cue “re-labelled”)." in text_of(at.main.markdown)
    at.text_area(key=ANSWER_KEY).input("Weekly sample of 200 images re-labelled by QA on site")
    at.run()
    assert not at.exception
    assert scenario_of(at).requirements.quality_measurement.endswith("on site")
    assert not any("CONFLICT" in plain(e.value) for e in at.main.error)
    assert any("allow this measurement" in s.value for s in at.main.success)


def test_an_empty_answer_gets_a_prompt_to_fill_it_in():
    at, _ = open_on(PAGE, "factory_qc_camera")
    at.text_area(key=ANSWER_KEY).input("").run()
    assert any(plain(w.value).startswith("Not stated yet") for w in at.main.warning)
