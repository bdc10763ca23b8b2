"""The published measurements the serving model is checked against (data/validation.yaml).

Read once per process; the engine (scoring.engine.validation) estimates each row and compares.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from scoring.catalog.loader import DATA_DIR, CatalogDataError

VALIDATION_FILE = DATA_DIR / "validation.yaml"
MEASURES = {
    "decode_tokens_per_s": "tokens/s",
    "decode_tokens_per_s_total": "tokens/s",
    "prefill_tokens_per_s": "tokens/s",
    "first_token_ms": "ms",
    "static_batch_tokens_per_s": "tokens/s",
    "inter_token_ms": "ms",
    "serving_first_token_ms": "ms",
    "serving_tokens_per_s": "tokens/s",
    "latency_ms": "ms",
    "throughput_rps": "requests/s",
    "processing_s": "s",
}


@dataclass(frozen=True)
class ValidationGroup:
    id: str
    name: str
    classes: tuple[str, ...]  # serving classes whose estimates this group checks
    kinds: tuple[str, ...]  # workload kinds it checks
    phases: tuple[str, ...]  # prefill, decode or pass
    tolerance_pct: float
    rough: str  # why estimates of this group are rough ("" when they are not)


@dataclass(frozen=True)
class ValidationRow:
    id: str
    group: str
    measure: str
    measured: float
    hardware: MappingProxyType  # {device: id} | {gpu: id} | {name, tops_int8, ...}
    serving_class: str  # "" : the device's own class (cloud_gpu for a GPU)
    workload: MappingProxyType  # scenario fields: kind, params_billion, precision, ...
    overrides: MappingProxyType  # catalog figures describing the measured setup
    batch: int
    split: int
    setup: str
    source: str
    date: str
    calibrates: str  # the catalog figures this measurement was used to set ("" if held out)
    unit: str = field(default="")


@dataclass(frozen=True)
class ValidationTable:
    groups: tuple[ValidationGroup, ...]
    rows: tuple[ValidationRow, ...]

    def group(self, group_id: str) -> ValidationGroup:
        return next(g for g in self.groups if g.id == group_id)


@functools.lru_cache(maxsize=1)
def validation_table(path: Path = VALIDATION_FILE) -> ValidationTable:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = tuple(
        ValidationGroup(
            g["id"],
            g["name"],
            tuple(g.get("classes") or ()),
            tuple(g.get("kinds") or ()),
            tuple(g.get("phases") or ()),
            float(g["tolerance_pct"]),
            str(g.get("rough") or ""),
        )
        for g in raw["groups"]
    )
    known = {g.id for g in groups}
    rows = []
    for r in raw["rows"]:
        if r["group"] not in known or r["measure"] not in MEASURES:
            raise CatalogDataError(f"validation.{r['id']}: unknown group or measure")
        for needed in ("source", "setup", "date"):
            if not r.get(needed):
                raise CatalogDataError(f"validation.{r['id']}: no {needed}")
        rows.append(
            ValidationRow(
                id=r["id"],
                group=r["group"],
                measure=r["measure"],
                measured=float(r["measured"]),
                hardware=MappingProxyType(dict(r["hardware"])),
                serving_class=str(r.get("class", "")),
                workload=MappingProxyType(dict(r["workload"])),
                overrides=MappingProxyType(dict(r.get("overrides") or {})),
                batch=int(r.get("batch", 1)),
                split=int(r.get("split", 1)),
                setup=r["setup"],
                source=r["source"],
                date=str(r["date"]),
                calibrates=str(r.get("calibrates", "")),
                unit=MEASURES[r["measure"]],
            )
        )
    return ValidationTable(groups, tuple(rows))
