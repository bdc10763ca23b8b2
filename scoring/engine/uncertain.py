"""The uncertain inputs: one list that both the Monte Carlo band and the tornado read.

Every input the cost projection treats as uncertain is named here with its P10 and P90, as a
multiplier of the value entered (or, for growth, a shift in percentage points). The Monte Carlo
draws each one from a distribution with that median, P10 and P90; the tornado moves each one to
its P10 and to its P90. So an input that moves the tornado moves the band by as much, and no
input the band varies is missing from the tornado.

Where the range comes from:
- the scenario's volume and growth, and the price levels (cloud, hardware, electricity) and the
  device failure rate: a lognormal spread (normal for growth) in general.yaml, whose P10 and P90
  are exp(-/+ 1.2816 sigma);
- the peak, payload, update cadence and network prices: P10 and P90 multipliers in
  operations.yaml;
- every operating driver in operations.yaml (people, fees, installation): its own `_low` and
  `_high` figures, as shares of the value shipped, so that overriding a value keeps its range
  around the new value unless the bounds are overridden too.

Costs read an input through `Factors`: one array per input with one element per draw, ones (or
zeros for growth) where an input stays as entered.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from scoring.catalog import Catalog
from scoring.catalog.tables import RANGE_SUFFIXES, Operations, ranged_fields

Z_90 = 1.2815515655446004  # the 90th percentile of the standard normal
SMALLEST_MULTIPLIER = 1e-3  # a P10 of 0 (no updates at all) is drawn as almost none

# Inputs with a lognormal spread in general.yaml: (input, general field).
SIGMA_INPUTS: tuple[tuple[str, str], ...] = (
    ("volume", "volume_uncertainty"),
    ("cloud_price", "cloud_price_uncertainty"),
    ("hardware_price", "hardware_price_uncertainty"),
    ("failure_rate", "failure_rate_uncertainty"),
    ("electricity", "electricity_uncertainty"),
)
# Scenario inputs with P10 / P90 multipliers in operations.yaml (`<name>_low`, `<name>_high`).
MULTIPLIER_INPUTS: tuple[str, ...] = ("peak", "payload", "model_updates", "network_prices")
SHIFT_INPUTS: tuple[str, ...] = ("growth_pct",)

# Labels are read in "Check the <label> assumption first" and as tornado rows.
LABELS: dict[str, str] = {
    "volume": "Request volume",
    "growth_pct": "Monthly growth",
    "cloud_price": "Cloud prices",
    "hardware_price": "Hardware prices",
    "failure_rate": "Device failure rate",
    "electricity": "Electricity price",
    "peak": "Peak-to-average ratio",
    "payload": "Payload size and tokens",
    "model_updates": "Model updates per year",
    "network_prices": "Site fees and network data price",
}


def input_names() -> tuple[str, ...]:
    """Every uncertain input, in the order the Monte Carlo draws them."""
    ranged = ranged_fields(Operations)
    return (
        tuple(name for name, _ in SIGMA_INPUTS[:1])
        + SHIFT_INPUTS
        + tuple(name for name, _ in SIGMA_INPUTS[1:])
        + MULTIPLIER_INPUTS
        + ranged
    )


@dataclass(frozen=True)
class UncertainInput:
    name: str
    label: str
    low: float  # P10: a multiplier of the value entered, or a shift in percentage points
    high: float  # P90
    shift: bool = False

    @property
    def low_change(self) -> str:
        return f"{self.low:+g} pp" if self.shift else f"{self.low - 1:+.0%}"

    @property
    def high_change(self) -> str:
        return f"{self.high:+g} pp" if self.shift else f"{self.high - 1:+.0%}"


def uncertain_inputs(catalog: Catalog) -> tuple[UncertainInput, ...]:
    """Every uncertain input with its P10 and P90 under this catalog (overrides applied)."""
    general, operations = catalog.general, catalog.operations
    found: dict[str, UncertainInput] = {}
    for name, field in SIGMA_INPUTS:
        sigma = getattr(general, field)
        found[name] = UncertainInput(
            name, LABELS[name], math.exp(-Z_90 * sigma), math.exp(Z_90 * sigma)
        )
    spread = round(Z_90 * general.growth_uncertainty_pct, 2)
    found["growth_pct"] = UncertainInput("growth_pct", LABELS["growth_pct"], -spread, spread, True)
    for name in MULTIPLIER_INPUTS:
        low, high = (getattr(operations, name + suffix) for suffix in RANGE_SUFFIXES)
        found[name] = UncertainInput(name, LABELS[name], low, high)
    for name in ranged_fields(Operations):
        found[name] = _ranged(catalog, name)
    return tuple(found[name] for name in input_names())


def _ranged(catalog: Catalog, name: str) -> UncertainInput:
    """A ranged operating figure's P10 and P90 as shares of its value: of the value as shipped
    unless the bound itself was overridden, so an overridden value keeps its range around it."""
    key = f"operations.operations.{name}"
    value = catalog.figures[key]
    bounds = []
    for suffix in RANGE_SUFFIXES:
        bound = catalog.figures[key + suffix]
        base = value.value if bound.overridden else value.shipped_value
        bounds.append(bound.value / base if base else 1.0)
    low, high = min(bounds[0], 1.0), max(bounds[1], 1.0)
    return UncertainInput(name, value.label, low, high)


@dataclass(frozen=True)
class Factors:
    """One array per uncertain input, one element per draw: a multiplier of the value entered
    (or a shift in percentage points for growth). Inputs not given stay as entered."""

    draws: int
    values: MappingProxyType[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        found = self.values.get(name)
        if found is not None:
            return found
        return _as_entered(self.draws, name in SHIFT_INPUTS)

    @classmethod
    def neutral(cls, draws: int = 1) -> Factors:
        return cls(draws, MappingProxyType({}))

    @classmethod
    def of(cls, draws: int, **values: np.ndarray) -> Factors:
        unknown = set(values) - set(input_names())
        if unknown:
            raise KeyError(f"not uncertain inputs: {', '.join(sorted(unknown))}")
        arrays = {n: np.broadcast_to(np.asarray(v, float), (draws,)) for n, v in values.items()}
        return cls(draws, MappingProxyType(arrays))


@functools.lru_cache(maxsize=64)
def _as_entered(draws: int, shift: bool) -> np.ndarray:
    """Zeros (a shift) or ones (a multiplier) for an input left as entered; read-only, shared
    by every projection of that many draws (the cost projection reads dozens per call)."""
    values = np.zeros(draws) if shift else np.ones(draws)
    values.setflags(write=False)
    return values


def draw_factors(inputs: tuple[UncertainInput, ...], draws: int, seed: int) -> Factors:
    """Each input drawn independently around the value entered: below the median with the
    spread that puts its P10 where it belongs, above with the spread of its P90 (a two-piece
    lognormal; a normal for growth)."""
    rng = np.random.default_rng(seed)
    values = {}
    for item in inputs:
        z = rng.standard_normal(draws)
        if item.shift:
            values[item.name] = z * (item.high / Z_90)
            continue
        sigma_low = -math.log(max(item.low, SMALLEST_MULTIPLIER)) / Z_90
        sigma_high = math.log(item.high) / Z_90
        values[item.name] = np.exp(np.where(z < 0, z * sigma_low, z * sigma_high))
    return Factors(draws, MappingProxyType(values))


def swings(inputs: tuple[UncertainInput, ...]) -> Factors:
    """The tornado's rows: the inputs as entered, then each input at its P10 and at its P90 in
    turn (row 1 + 2i is input i low, row 2 + 2i high)."""
    rows = 1 + 2 * len(inputs)
    values = {}
    for i, item in enumerate(inputs):
        column = np.zeros(rows) if item.shift else np.ones(rows)
        column[1 + 2 * i], column[2 + 2 * i] = item.low, item.high
        values[item.name] = column
    return Factors(rows, MappingProxyType(values))
