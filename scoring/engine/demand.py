"""Demand over time: monthly volumes and the peak request rate the capacity must carry.

Functions take numpy arrays of per-draw factors of shape (n,) and return arrays of shape
(n, months), so one call serves the deterministic projection (n = 1), the Monte Carlo, the
tornado and the tipping-point search alike.
"""

from __future__ import annotations

import numpy as np

from scoring.catalog.tables import General
from scoring.model.scenario import Scenario
from scoring.model.units import SECONDS_PER_MONTH

MONTHS_PER_YEAR = 12


def months(horizon_months: int) -> np.ndarray:
    """Month numbers 1..horizon, as shown to users."""
    return np.arange(1, horizon_months + 1)


def monthly_requests(
    scenario: Scenario,
    general: General,
    volume_factor: np.ndarray,
    growth_shift_pct: np.ndarray,
) -> np.ndarray:
    """Requests in each month: volume at month 1, compounded growth, seasonal swing."""
    horizon = scenario.horizon_months
    elapsed = np.arange(horizon)[None, :]
    rate = np.maximum(scenario.workload.growth_pct_per_month + growth_shift_pct[:, None], -99.0)
    growth = (1.0 + rate / 100.0) ** elapsed
    volume = scenario.workload.requests_per_month * volume_factor[:, None] * growth
    return volume * seasonal_shape(scenario, general)[None, :]


def seasonal_shape(scenario: Scenario, general: General) -> np.ndarray:
    """Monthly multiplier averaging 1 over a year; a sine swing for seasonal demand."""
    elapsed = np.arange(scenario.horizon_months)
    if scenario.requirements.demand != "seasonal":
        return np.ones(scenario.horizon_months)
    return 1.0 + general.seasonal_amplitude * np.sin(2 * np.pi * elapsed / MONTHS_PER_YEAR)


def peak_factor(scenario: Scenario, general: General) -> float:
    """Peak rate over the average rate; spiky demand bursts above the stated peak-to-average."""
    spiky = general.spiky_peak_factor if scenario.requirements.demand == "spiky" else 1.0
    return scenario.workload.peak_to_average * spiky


def peak_requests_per_second(
    requests: np.ndarray, scenario: Scenario, general: General, peak_scale: np.ndarray
) -> np.ndarray:
    """Peak rate in each month, for capacity sizing."""
    average = requests / SECONDS_PER_MONTH
    return average * peak_factor(scenario, general) * peak_scale[:, None]


def sites_of(scenario: Scenario) -> int:
    """Sites with local hardware: each has its own network, visits and site work
    (`requirements.sites`, else one per device as in a version-1 file)."""
    return scenario.requirements.site_count
