"""Objects shared between browser sessions (a cached evaluation, its record, the catalog, the
presets) cannot be changed by one session: every attempt raises, and nothing mutable is left
anywhere inside them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np
import pytest
from pydantic import BaseModel, ValidationError
from records import record_with_read_figures

from scoring.catalog import default_catalog
from scoring.engine.evaluate import Evaluation, evaluate
from scoring.io.presets import bundled_presets, preset_by_id
from scoring.model.scenario import Scenario

REFUSED = (TypeError, ValueError, AttributeError, ValidationError)


MEASURED = {
    "requests": 500,
    "latency_p50_ms": 40.0,
    "latency_p95_ms": 90.0,
    "latency_p99_ms": 140.0,
    "success_rate": 0.99,
}


def busy_scenario() -> Scenario:
    """A preset with overrides, given pinned weights and a measured prototype as well, so the
    evaluation holds every kind of mapping a scenario can bring."""
    scenario = preset_by_id("hospital_dictation").scenario
    return scenario.model_validate(
        {
            **scenario.model_dump(),
            "weights": {"cost": 3},
            "evidence": {
                "source": "pilot",
                "replace_estimates": True,
                "measured": {"edge": MEASURED},
            },
        }
    )


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(busy_scenario(), draws=200)


def attempts(e: Evaluation) -> dict[str, Callable[[], object]]:
    edge = e.options["edge"]
    figure = next(iter(e.catalog.figures))
    return {
        "a cost array element": lambda: edge.costs.monthly_usd.__setitem__((0, 0), 1.0),
        "a cumulative cost": lambda: edge.cumulative_usd.__setitem__(0, 1.0),
        "a cost component": lambda: next(iter(edge.costs.items.values())).__setitem__((0, 0), 1.0),
        "a requests array": lambda: edge.costs.requests.__setitem__((0, 0), 1.0),
        "an uncertainty band": lambda: e.uncertainty.bands["edge"].p90_usd.__setitem__(0, 1.0),
        "the options": lambda: e.options.__setitem__("edge", edge),
        "a criterion": lambda: edge.criteria.__setitem__("cost", edge.criteria["latency"]),
        "a criterion's inputs": lambda: edge.criteria["latency"].inputs.__setitem__("p95", "1"),
        "a weight share": lambda: e.weights.shares.__setitem__("cost", 1.0),
        "a chance of being cheapest": lambda: e.uncertainty.probability_cheapest.update(edge=1),
        "a win share": lambda: e.sensitivity.win_shares.clear(),
        "the scenario's overrides": lambda: e.scenario.assumptions.__setitem__(figure, 1.0),
        "the scenario's weights": lambda: e.scenario.weights.__setitem__("cost", 1.0),
        "a measurement": lambda: e.scenario.evidence.measured.pop("edge"),
        "a catalog figure": lambda: e.catalog.figures.__setitem__(figure, None),
        "the recommendation": lambda: setattr(e, "recommendation", "cloud"),
        "an option's score": lambda: setattr(edge, "score", 100.0),
        "the scenario's name": lambda: setattr(e.scenario, "name", "changed"),
        "a catalog record": lambda: setattr(e.catalog.general, "cloud_sla_pct", 0.0),
    }


@pytest.mark.parametrize("what", list(attempts(evaluate(busy_scenario(), draws=10))))
def test_changing_a_shared_evaluation_raises(evaluation, what):
    with pytest.raises(REFUSED):
        attempts(evaluation)[what]()


def mutable_parts(root: object) -> list[str]:
    """Paths to every mutable thing reachable from `root`: a plain dict, list or set, a writable
    array, a dataclass that is not frozen, a pydantic model that is not frozen."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(value: object, path: str) -> None:
        if id(value) in seen or isinstance(value, str | bytes | int | float | type(None)):
            return
        seen.add(id(value))
        if isinstance(value, np.ndarray):
            if value.flags.writeable:
                found.append(path)
            return
        if type(value) in (dict, list, set, bytearray):
            found.append(f"{path} ({type(value).__name__})")
        if isinstance(value, Mapping | MappingProxyType):
            for key, item in value.items():
                walk(item, f"{path}[{key!r}]")
        elif isinstance(value, list | tuple | set | frozenset):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")
        elif isinstance(value, BaseModel):
            if not value.model_config.get("frozen"):
                found.append(f"{path} (pydantic, not frozen)")
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{path}.{name}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
                found.append(f"{path} (dataclass, not frozen)")
            for name, item in vars(value).items():  # fields and computed cached_properties
                walk(item, f"{path}.{name}")

    walk(root, "root")
    return found


def test_nothing_inside_a_shared_evaluation_is_mutable(evaluation):
    assert mutable_parts(evaluation) == []


def test_every_preset_evaluation_and_record_is_read_only_all_the_way_down():
    for preset in bundled_presets():
        evaluation = evaluate(preset.scenario, draws=20, volume_search=False)
        assert mutable_parts(evaluation) == [], preset.id
        assert mutable_parts(record_with_read_figures(evaluation, dt.date(2026, 1, 1))) == [], (
            preset.id
        )


def test_the_catalog_and_the_presets_hold_nothing_mutable():
    assert mutable_parts(default_catalog()) == []
    assert mutable_parts(bundled_presets()) == []


def test_the_walk_finds_what_is_mutable():
    """The check above can fail: a dict, a writable array and a thawed dataclass are named."""

    @dataclasses.dataclass
    class Thawed:
        values: dict

    found = mutable_parts((Thawed({"a": np.zeros(2)}),))
    assert found == [
        "root[0] (dataclass, not frozen)",
        "root[0].values (dict)",
        "root[0].values['a']",
    ]


def test_a_scenario_with_weights_overrides_and_measurements_reads_and_writes_as_before():
    scenario = busy_scenario()
    assert scenario.weights == {"cost": 3}
    assert scenario.evidence.measured["edge"].latency_p95_ms == 90.0
    dumped = scenario.model_dump()
    assert type(dumped["weights"]) is dict and type(dumped["assumptions"]) is dict
    assert scenario.model_validate(dumped) == scenario
    assert mutable_parts(scenario) == []
