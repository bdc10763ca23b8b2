"""The shipped catalog: the range of devices it offers, that every source is a public reference,
and that the hosted models it defaults to are current on its as-of date."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stdout
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from scoring.catalog import CatalogDataError, default_catalog, load_catalog
from scoring.catalog.loader import DATA_DIR
from scoring.catalog.tables import CATALOG_AS_OF, DEVICE_CLASSES, DEVICE_GRADES, NO_SUCCESSOR
from scoring.cli import main
from scoring.engine.evaluate import evaluate
from scoring.io.presets import bundled_presets
from scoring.model.codec import scenario_from_dict

CATALOG = default_catalog()
DEVICES = CATALOG.all("devices")
# A decision made on the catalog date should not rest on a model its provider shuts down within
# a quarter: OpenAI gives 6 months' notice, Anthropic 60 days.
LIFE_LEFT = timedelta(days=90)


def devices_of(device_class: str, grade: str | None = None) -> list:
    return [
        d for d in DEVICES if d.device_class == device_class and (grade is None or d.grade == grade)
    ]


# --- the range of devices (issue 12, point 6) -----------------------------------------------


def test_every_device_class_and_every_grade_has_a_device():
    assert {d.device_class for d in DEVICES} == set(DEVICE_CLASSES)
    assert {d.grade for d in DEVICES} == set(DEVICE_GRADES)


def test_there_is_a_microcontroller_with_an_npu_that_runs_int8_models():
    mcus = devices_of("microcontroller")
    assert mcus
    assert all(d.runs("int8") and not d.runs("fp16") for d in mcus)
    assert all(d.memory_gb < 0.1 and d.tops_int8 < 10 for d in mcus)


def test_phone_and_laptop_npus_are_customer_owned_consumer_devices():
    for device_class in ("phone_npu", "laptop_npu"):
        found = devices_of(device_class)
        assert found, device_class
        assert all(d.grade == "consumer" for d in found), device_class


def test_the_jetson_family_runs_from_orin_nano_to_thor_with_an_industrial_module():
    jetsons = [d for d in devices_of("soc_module") if "Jetson" in d.name]
    names = " | ".join(d.name for d in jetsons)
    for member in ("Orin Nano", "Orin NX", "AGX Orin", "Thor"):
        assert member in names, member
    assert any(d.grade == "industrial" and "AGX Orin" in d.name for d in jetsons)
    assert any(d.grade == "devkit" for d in jetsons)


def test_an_industrial_pc_is_built_for_industrial_duty():
    assert devices_of("industrial_pc", "industrial")


def test_a_workstation_card_holds_at_least_96_gb():
    assert max(d.memory_gb for d in devices_of("workstation")) >= 96


def test_data_centre_servers_come_with_one_two_four_and_eight_accelerators():
    servers = devices_of("server", "datacenter")
    assert {1, 2, 4, 8} <= {int(d.accelerator_count) for d in servers}
    assert all(d.grade == "datacenter" for d in devices_of("server"))


def test_a_multi_gpu_server_carries_per_accelerator_figures_and_a_whole_server_price():
    by_count = {int(d.accelerator_count): d for d in DEVICES if "L40S" in d.name}
    one, four = by_count[1], by_count[4]
    assert four.memory_gb == one.memory_gb
    assert four.memory_bandwidth_gbps == one.memory_bandwidth_gbps
    assert four.tops_int8 == one.tops_int8
    assert four.price_usd > 2 * one.price_usd and four.power_w > 2 * one.power_w


def test_only_gpus_with_fp8_tensor_cores_list_fp8():
    fp8 = {d.id for d in DEVICES if d.runs("fp8")}
    assert {"rtx4090_workstation", "l40s_server", "hgx_h100_8x_server"} <= fp8
    assert {"jetson_agx_thor_devkit", "rtx_pro_6000_workstation"} <= fp8
    ampere_and_npus = {"jetson_agx_orin_64gb", "industrial_pc_rtx_a2000", "mac_mini_m4"}
    assert not fp8 & ampere_and_npus
    assert all(
        d.device_class in ("soc_module", "workstation", "server") for d in DEVICES if d.id in fp8
    )


def test_an_fp8_model_runs_on_an_ada_gpu_and_falls_short_on_an_ampere_jetson():
    def pinned(device: str):
        return evaluate(
            scenario_from_dict(
                {
                    "name": "fp8",
                    "workload": {"kind": "vision"},
                    "model": {"params_billion": 0.05, "precision": "fp8"},
                    "edge": {"device": device},
                }
            ),
            draws=20,
            volume_search=False,
        ).device_choice.reason

    assert "falls short" not in pinned("rtx4090_workstation")
    assert "runs only fp32 or fp16 or bf16 or int8 or int4 models, not fp8" in pinned(
        "jetson_agx_orin_64gb"
    )


# --- sources (issue 12 point 7, issue 14 point 7) ---------------------------------------------

RESEARCH_NOTES = re.compile(r"figures\.md|anchors\.md|§|\((?:A|S/A)\)|class [ASP]\b")


def test_no_catalog_source_cites_the_research_notes_or_their_section_marks():
    cited = [f.key for f in CATALOG.figures.values() if RESEARCH_NOTES.search(f.source)]
    assert cited == []


def test_no_data_file_mentions_the_research_notes_even_in_comments():
    for path in sorted(DATA_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert not RESEARCH_NOTES.search(text), path.name


def test_the_research_note_check_catches_a_note_citation():
    assert RESEARCH_NOTES.search("Estimate (A): from the notes (figures.md §4)")
    assert not RESEARCH_NOTES.search("NVIDIA L40S datasheet: 48 GB, 864 GB/s")


# --- hosted models current on the catalog's as-of date (issue 12 point 7) ---------------------


def models_in_use() -> dict[str, str]:
    """Hosted model id -> where it is used: the scenario default and every preset."""
    used = {scenario_from_dict({"name": "default"}).cloud.llm_model: "the scenario default"}
    for preset in bundled_presets():
        used.setdefault(preset.scenario.cloud.llm_model, f"preset {preset.id}")
    return used


def test_the_default_and_preset_models_are_available_with_a_quarter_of_life_left():
    as_of = date.fromisoformat(CATALOG_AS_OF)
    for model_id, where in models_in_use().items():
        model = CATALOG.get("llm_models", model_id)
        assert not model.retired(), where
        retirement = model.retirement_date
        assert retirement is None or retirement - as_of >= LIFE_LEFT, (where, model.retired_on)


def test_every_retired_model_names_a_successor_that_is_current():
    retired = [m for m in CATALOG.all("llm_models") if m.retired()]
    assert retired, "the catalog keeps retired models so older scenario files still load"
    for model in retired:
        assert model.successor != NO_SUCCESSOR, model.id
        assert not CATALOG.get("llm_models", model.successor).retired(), model.id


def test_the_catalog_date_is_a_real_date_no_earlier_than_its_sources():
    as_of = CATALOG_AS_OF
    assert date.fromisoformat(as_of)
    assert all(f.as_of <= as_of for f in CATALOG.figures.values())


def llm_scenario(model_id: str):
    return scenario_from_dict(
        {
            "name": "Hosted model",
            "workload": {"kind": "llm", "tokens_in": 500, "tokens_out": 200},
            "model": {"params_billion": 8.0, "precision": "int4"},
            "cloud": {"pricing": "per_token", "llm_model": model_id},
        }
    )


def lifecycle_warnings(model_id: str) -> list[str]:
    evaluation = evaluate(llm_scenario(model_id), draws=20, volume_search=False)
    return [
        w.message for w in evaluation.options["cloud"].warnings if w.constraint == "deprecation"
    ]


def test_a_scenario_naming_a_retired_model_loads_and_the_evaluation_warns_with_its_successor():
    (message,) = lifecycle_warnings("claude_sonnet_4_5")
    assert "was retired on 2026-11-30" in message
    assert "its successor (cloud.llm_model: claude_sonnet_5_5)" in message


def test_a_model_with_an_announced_shutdown_warns_that_it_is_scheduled():
    (message,) = lifecycle_warnings("gpt_4o")
    assert "scheduled to retire on 2027-01-14" in message and "llm_model: gpt_6_luna" in message


def test_a_current_model_draws_no_retirement_warning():
    assert lifecycle_warnings("gpt_6_luna") == []


def test_the_figures_command_lists_each_hosted_model_with_its_status():
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["figures"]) == 0
    lines = out.getvalue().splitlines()
    assert f"Hosted models on {CATALOG_AS_OF} (the catalog's as-of date):" in lines
    sonnet = next(line for line in lines if line.startswith("llm_models.claude_sonnet_4_5:"))
    assert "retired on 2026-11-30; successor claude_sonnet_5_5" in sonnet


def edited_llm_catalog(tmp_path: Path, model_id: str, **changes: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "llm_models.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(e for e in entries if e["id"] == model_id).update(changes)
    path.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    return data


def test_a_retired_model_without_a_successor_is_refused_when_the_catalog_loads(tmp_path):
    data = edited_llm_catalog(tmp_path, "gemini_2_5_flash", successor=NO_SUCCESSOR)
    with pytest.raises(CatalogDataError) as caught:
        load_catalog(data)
    assert str(caught.value) == (
        "llm_models.gemini_2_5_flash: retired on 2026-12-01 but names no current successor"
    )


def test_a_successor_that_is_not_in_the_catalog_is_refused(tmp_path):
    data = edited_llm_catalog(tmp_path, "gpt_4o", successor="gpt_99")
    with pytest.raises(CatalogDataError, match="successor: unknown llm_models id gpt_99"):
        load_catalog(data)


def test_a_retirement_that_is_not_a_date_is_refused(tmp_path):
    data = edited_llm_catalog(tmp_path, "gpt_4o", retired_on="soon")
    with pytest.raises(CatalogDataError, match="retired_on: 'soon' is neither a YYYY-MM-DD"):
        load_catalog(data)
