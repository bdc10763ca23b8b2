"""Shared test setup for every tier: the repository root and tests/support on sys.path, a tier
marker on every test from its folder, the Hypothesis profiles, and the bundled presets."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
# `pytest` run from elsewhere still imports scoring and ui, and every tier imports the shared
# helpers (app_helpers, browser_helpers, streamlit_server, strategies) by their module names.
for folder in (TESTS / "support", ROOT):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# Each folder is a tier with a marker of the same name, so a tier runs alone
# (`pytest -m unit` or `pytest tests/unit`); the markers are registered in pyproject.toml.
TIERS = ("unit", "integration", "app", "e2e")

# No wall-clock limits on a test: a busy machine must not fail one (timings belong in
# benchmarks/). CI draws the same examples on every run, so a failure reproduces; locally each
# run explores new ones. HYPOTHESIS_PROFILE picks one explicitly.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=50,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)


# Under pytest-xdist the longest tests start first, so that none is left running alone at the
# end: the browser tier, its two longest walks at its head, then the other tiers, slowest first.
LONGEST_FIRST = ("e2e/test_many_users.py", "e2e/test_journey.py")
TIER_ORDER_IN_PARALLEL = ("e2e", "integration", "app", "unit")


def _tier_path(item: pytest.Item) -> tuple[str, ...]:
    parts = item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
    if len(parts) < 2 or parts[0] not in TIERS:
        folders = ", ".join(f"tests/{tier}" for tier in TIERS)
        raise pytest.UsageError(f"{item.path}: a test belongs in a tier folder ({folders})")
    return parts


def _order_in_parallel(item: pytest.Item) -> tuple[int, int]:
    parts = _tier_path(item)
    path = "/".join(parts)
    first = LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)
    return TIER_ORDER_IN_PARALLEL.index(parts[0]), first


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(getattr(pytest.mark, _tier_path(item)[0]))
    if os.environ.get("PYTEST_XDIST_WORKER"):  # every worker sorts alike, as xdist requires
        items.sort(key=_order_in_parallel)


PRESET_FILES = sorted((ROOT / "presets").glob("*.yaml"))

# DESIGN section 4: only the contract fields. Everything else must default.
CONTRACT_EXAMPLE = """\
version: 1
name: Factory quality-control camera
description: Inspect parts on four lines for surface defects
requirements:
  max_latency_ms: 100
  offline: required
  data_leaving: results_only
  data_sensitivity: confidential
  model_updates_per_year: 12
  devices: 40
  demand: steady
  failure_mode: safety_critical
  quality_measurement: Weekly sample of 200 images re-labelled by QA
workload:
  kind: vision
  requests_per_month: 5000000
  growth_pct_per_month: 0
  peak_to_average: 1.5
  input_kb: 200
  output_kb: 1
  tokens_in: 0
  tokens_out: 0
model:
  params_billion: 0.011
  precision: int8
horizon_months: 60
"""


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def contract_example() -> str:
    return CONTRACT_EXAMPLE
