"""The bundled presets: scenario files in the `presets/` folder, listed in file-name order."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from scoring.io.scenario_files import load_scenario_file
from scoring.model.scenario import Scenario

PRESETS_DIR = Path(__file__).resolve().parents[2] / "presets"


@dataclass(frozen=True)
class Preset:
    id: str  # file stem, e.g. "law_firm_documents"
    scenario: Scenario

    @property
    def name(self) -> str:
        return self.scenario.name


@functools.lru_cache(maxsize=1)
def bundled_presets() -> tuple[Preset, ...]:
    return tuple(
        Preset(id=path.stem, scenario=load_scenario_file(path))
        for path in sorted(PRESETS_DIR.glob("*.yaml"))
    )


def preset_by_id(preset_id: str) -> Preset:
    for preset in bundled_presets():
        if preset.id == preset_id:
            return preset
    known = ", ".join(p.id for p in bundled_presets())
    raise KeyError(f"unknown preset {preset_id!r}; known: {known}")
