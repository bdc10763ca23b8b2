"""The serving model against published measurements: the engine's estimate of every row of the
validation table (catalog/data/validation.yaml), its error, and which estimates are rough.

An estimate uses the catalog's figures as shipped, plus the overrides a row gives to describe
its setup (a format's bits per weight); no row carries a correction of its own.
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass

from scoring.catalog import Catalog, default_catalog
from scoring.catalog.tables import CLOUD_GPU_CLASS, Device, Gpu, ServingClass
from scoring.catalog.validation import ValidationGroup, ValidationRow, validation_table
from scoring.engine.inference import Hardware, pass_ms, prefill_ms, serving_point, step_ms
from scoring.engine.memory import memory_need
from scoring.engine.request import input_size, request_work
from scoring.model.scenario import Model, Scenario, Workload


@dataclass(frozen=True)
class ValidationResult:
    row: ValidationRow
    group: ValidationGroup
    estimate: float
    hardware_name: str

    @property
    def error(self) -> float:
        """Estimate over measurement, minus one: +0.10 is an estimate 10 % too high."""
        return self.estimate / self.row.measured - 1

    @property
    def within_tolerance(self) -> bool:
        return abs(self.error) * 100 <= self.group.tolerance_pct


def estimate(row: ValidationRow, catalog: Catalog) -> tuple[float, str]:
    """(the engine's estimate of the row's measure, the hardware's name)."""
    catalog = catalog.with_overrides(dict(row.overrides))
    general = catalog.general
    hardware = _hardware(row, catalog)
    workload = dict(row.workload)
    model = Model(
        params_billion=workload.pop("params_billion"),
        precision=workload.pop("precision"),
        **{
            k: workload.pop(k)
            for k in ("architecture", "layers", "kv_heads", "head_dim", "gflops")
            if k in workload
        },
    )
    scenario = Scenario(name=row.id, workload=Workload(**workload), model=model)
    need = memory_need(
        scenario, catalog, model.params_billion, model.precision, hardware.serving_class.id
    )
    work = request_work(scenario, catalog, need, input_size(scenario, general))
    b = row.batch
    measure = row.measure
    if measure == "decode_tokens_per_s":
        value = 1000 / step_ms(hardware, work, b, general)
    elif measure == "decode_tokens_per_s_total":
        value = b * 1000 / step_ms(hardware, work, b, general)
    elif measure == "prefill_tokens_per_s":
        value = scenario.workload.tokens_in / pass_ms(hardware, work, 1, general) * 1000
    elif measure == "first_token_ms":
        value = prefill_ms(hardware, work, general)
    elif measure == "static_batch_tokens_per_s":
        total_ms = pass_ms(hardware, work, b, general) + work.steps * step_ms(
            hardware, work, b, general
        )
        value = b * work.steps / total_ms * 1000
    elif measure == "inter_token_ms":
        point = serving_point(hardware, work, b, general)
        value = (point.latency_ms - point.first_token_ms) / point.steps
    elif measure == "serving_first_token_ms":
        value = serving_point(hardware, work, b, general).first_token_ms
    elif measure == "serving_tokens_per_s":
        point = serving_point(hardware, work, b, general)
        value = point.throughput_rps * point.steps
    elif measure == "latency_ms":
        value = serving_point(hardware, work, 1, general).latency_ms
    elif measure == "throughput_rps":
        full = b if b > 1 else int(hardware.serving_class.max_batch)
        value = serving_point(hardware, work, full, general).throughput_rps
    else:  # processing_s
        value = serving_point(hardware, work, 1, general).latency_ms / 1000
    return value, hardware.name


def _hardware(row: ValidationRow, catalog: Catalog) -> Hardware:
    spec = row.hardware
    figures: Device | Gpu | None
    if "device" in spec:
        figures = catalog.get("devices", spec["device"])
        class_id = row.serving_class or figures.device_class
    elif "gpu" in spec:
        figures = catalog.get("gpus", spec["gpu"])
        class_id = row.serving_class or CLOUD_GPU_CLASS
    else:
        figures = None
        class_id = row.serving_class
    klass: ServingClass = catalog.get("serving_classes", class_id)
    if figures is None:
        return Hardware(
            spec["name"],
            klass,
            float(spec["tops_int8"]),
            float(spec["memory_bandwidth_gbps"]),
            float(spec["memory_gb"]),
            row.split,
        )
    name = figures.name if row.split == 1 else f"{row.split} x {figures.name}"
    return Hardware(
        name,
        klass,
        figures.tops_int8,
        figures.memory_bandwidth_gbps,
        figures.memory_gb,
        row.split,
    )


def validation_results(catalog: Catalog | None = None) -> tuple[ValidationResult, ...]:
    """Every row with the engine's estimate, from the shipped catalog unless one is given."""
    if catalog is None:
        return _shipped_results()
    table = validation_table()
    results = []
    for row in table.rows:
        value, name = estimate(row, catalog)
        results.append(ValidationResult(row, table.group(row.group), value, name))
    return tuple(results)


@functools.lru_cache(maxsize=1)
def _shipped_results() -> tuple[ValidationResult, ...]:
    return validation_results(default_catalog())


def median_absolute_error(results: tuple[ValidationResult, ...]) -> float:
    return statistics.median(abs(r.error) for r in results)


PHASES = {"llm": ("prefill", "decode"), "speech": ("pass", "decode")}
PHASE_WORDS = {
    "prefill": "time to first token",
    "decode": "output speed",
    "pass": "inference time",
}


def phases_of(kind: str) -> tuple[str, ...]:
    return PHASES.get(kind, ("pass",))


def group_verdict(group: ValidationGroup, results: tuple[ValidationResult, ...]) -> str:
    """Why a group's estimates are rough ("" when its rows hold within tolerance and test more
    than the figures they calibrated)."""
    mine = [r for r in results if r.group.id == group.id]
    if group.rough:
        return group.rough
    if not all(r.within_tolerance for r in mine):
        return (
            f"published measurements differ from the estimate by more than "
            f"{group.tolerance_pct:g} % ({group.name})"
        )
    calibrated = {f.strip() for r in mine for f in r.row.calibrates.split(",") if f.strip()}
    if all(r.row.calibrates for r in mine) and len(mine) <= len(calibrated):
        return f"the estimate rests only on the measurements that calibrated it ({group.name})"
    return ""


def rough_reasons(serving_class: str, kind: str) -> tuple[str, ...]:
    """Why estimates for this class of hardware and kind of model are rough, one sentence per
    part (time to first token, output speed, inference time); empty when validated."""
    results = _shipped_results()
    groups = {r.group.id: r.group for r in results}.values()
    reasons = []
    for phase in phases_of(kind):
        covering = [
            g
            for g in groups
            if kind in g.kinds and serving_class in g.classes and phase in g.phases
        ]
        verdicts = [group_verdict(g, results) for g in covering]
        if not covering:
            reasons.append(
                f"{PHASE_WORDS[phase]}: no published measurement of this kind of model on this "
                "class of hardware is in the validation table"
            )
        elif all(verdicts):
            reasons.append(f"{PHASE_WORDS[phase]}: {verdicts[0]}")
    return tuple(reasons)
