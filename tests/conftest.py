"""Shared test setup: the repository root on sys.path and the bundled presets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `pytest` run from elsewhere still imports scoring and ui
    sys.path.insert(0, str(ROOT))

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
