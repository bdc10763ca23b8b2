"""The serving model against published measurements (scoring/catalog/data/validation.yaml):
every row within its group's tolerance, docs/validation.md generated from today's data, and the
estimates outside the validated classes marked rough."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.catalog.validation import validation_table
from scoring.engine.validation import (
    group_verdict,
    median_absolute_error,
    rough_reasons,
    validation_results,
)
from scoring.report.validation_table import validation_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "validation.md"
RESULTS = validation_results()


def test_the_table_holds_at_least_25_published_measurements_each_with_source_setup_and_date():
    rows = validation_table().rows
    assert len(rows) >= 25
    assert len({r.id for r in rows}) == len(rows)
    for row in rows:
        assert row.source and row.setup and row.date and row.measured > 0


@pytest.mark.parametrize("result", RESULTS, ids=[r.row.id for r in RESULTS])
def test_each_estimate_is_within_its_groups_tolerance(result):
    row, tolerance = result.row, result.group.tolerance_pct
    assert result.within_tolerance, (
        f"{row.id}: estimate {result.estimate:,.2f} vs measured {row.measured:,.2f} "
        f"{row.unit} ({result.error * 100:+.1f} %, tolerance {tolerance:g} %)"
    )


def test_a_group_allowed_more_than_25_percent_says_why():
    for group in {r.group for r in RESULTS}:
        if group.tolerance_pct > 25:
            assert group.rough, group.id


def test_the_median_absolute_error_is_small():
    assert median_absolute_error(RESULTS) < 0.15


def test_no_row_is_corrected_by_a_figure_of_its_own():
    # Overrides may describe the measured setup (a runtime's own format, an FP8 KV cache); they
    # may not touch the runtime figures of a class, which would fit the row by hand.
    for row in validation_table().rows:
        for key in row.overrides:
            assert key.startswith(("formats.", "general.general.kv_bytes_per_value")), (row.id, key)


def test_the_docs_are_generated_from_todays_data():
    expected = validation_markdown(RESULTS)
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/validation.md is stale: python benchmarks/bench_validation.py --write-docs"
    )


def test_validated_classes_are_not_rough_and_uncovered_ones_are():
    # On a workstation GPU the output speed is validated; prompt processing only within 45 %.
    (reason,) = rough_reasons("workstation", "llm")
    assert reason.startswith("time to first token: llama.cpp's prompt processing")
    assert rough_reasons("soc_module", "vision") == ()
    assert rough_reasons("cloud_gpu", "vision") == ()
    assert rough_reasons("soc_module", "speech") == ()
    (reason,) = rough_reasons("microcontroller", "tabular")
    assert "no published measurement" in reason
    assert rough_reasons("npu_board", "vision")


def test_a_group_whose_rows_all_calibrated_its_figures_is_rough():
    phone = next(r.group for r in RESULTS if r.group.id == "llm_phone")
    assert "rests only on the measurements that calibrated it" in group_verdict(phone, RESULTS)
