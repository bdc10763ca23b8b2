"""The scoring rules in docs/how-it-works.md are written from the engine's constants, so the
documentation and the code cannot drift apart."""

from __future__ import annotations

import pytest

from scoring.engine import criteria, hybrid, weights
from scoring.io.docs_tables import DOC, MissingBlockError, main, with_rules
from scoring.report import rule_tables


def test_the_documented_rules_are_the_ones_the_engine_applies():
    text = DOC.read_text(encoding="utf-8")
    assert with_rules(text) == text, "run python -m scoring.io.docs_tables"
    assert main(["--check"]) == 0


def test_every_rule_block_has_its_place_in_the_document():
    text = DOC.read_text(encoding="utf-8")
    for name in rule_tables.rule_blocks():
        assert f"<!-- rules:{name} -->" in text and f"<!-- /rules:{name} -->" in text


def test_a_changed_constant_makes_the_document_out_of_date(monkeypatch):
    text = DOC.read_text(encoding="utf-8")
    monkeypatch.setattr(criteria, "LATENCY_POINTS_AT_LIMIT", 55.0)
    monkeypatch.setitem(criteria.RAW_PRIVACY, "regulated", 12.0)
    monkeypatch.setattr(weights, "MIN_DERIVED_WEIGHT", 3.0)
    monkeypatch.setattr(criteria, "SMALLER_MODEL_POINTS_PER_HALVING", 7.0)
    updated = " ".join(with_rules(text).split())
    assert updated != " ".join(text.split())
    assert "(55 at the limit)" in updated
    assert "| raw (base R) | 60 | 40 | 25 | 12 |" in updated
    assert "no adjusted weight goes below 3" in updated
    assert "plus 7 per halving from the model asked for" in updated


def test_every_weight_adjustment_and_pattern_rule_is_a_row_of_the_document():
    text = DOC.read_text(encoding="utf-8")
    for adjustment in weights.ADJUSTMENTS:
        assert f"| {adjustment.condition} | " in text
    for pattern, rules in hybrid.NOT_APPLICABLE.items():
        for rule in rules:
            assert f"| `{pattern}` | {rule.condition}" in text


def test_a_document_without_the_markers_is_refused():
    with pytest.raises(MissingBlockError, match="rules:weights"):
        with_rules("# no markers here\n", {"weights": "x"})
