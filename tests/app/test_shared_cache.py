"""The evaluation and the record the app caches are one object for every session that opens
the same scenario, so neither can be changed through the cache."""

from __future__ import annotations

import pytest

from scoring.io.presets import preset_by_id
from ui.engine import evaluation_of, record_of


@pytest.fixture(scope="module")
def scenario():
    return preset_by_id("law_firm_documents").scenario


def test_two_sessions_asking_for_one_scenario_share_one_evaluation(scenario):
    assert evaluation_of(scenario) is evaluation_of(scenario)


def test_the_shared_evaluation_refuses_every_change(scenario):
    shared = evaluation_of(scenario)
    edge = shared.options["edge"]
    with pytest.raises(ValueError, match="read-only"):
        edge.costs.monthly_usd[0, 0] = 0.0
    with pytest.raises(TypeError):
        shared.options["edge"] = shared.options["cloud"]
    with pytest.raises(TypeError):
        edge.criteria["latency"].inputs["p95"] = "1 ms"
    with pytest.raises(AttributeError):
        shared.recommendation = "cloud"  # type: ignore[misc]
    assert evaluation_of(scenario).options["edge"].costs.monthly_usd[0, 0] > 0


def test_the_shared_record_refuses_changes_to_its_metadata(scenario):
    content, _ = record_of(scenario)
    assert record_of(scenario)[0] is content
    with pytest.raises(TypeError):
        content.metadata["status"] = "accepted"  # type: ignore[index]
    with pytest.raises(AttributeError):  # a tuple, not a list
        content.metadata["decision-makers"].append("someone")  # type: ignore[attr-defined]
