"""The import-linter contract in pyproject.toml holds on the real tree and catches a new import
that breaks a layer (run as `lint-imports`, as .ci/run does)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """scoring/, ui/ and the contract, copied where an import can be broken safely."""
    for package in ("scoring", "ui"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(module: Path, line: str) -> None:
    module.write_text(f"{line}\n{module.read_text(encoding='utf-8')}", encoding="utf-8")


def test_the_real_tree_keeps_every_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_engine_module_importing_the_report_layer_breaks_the_layers(tree_copy):
    add_import(tree_copy / "scoring/engine/costs.py", "from scoring.report import charts")
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert "scoring.engine is not allowed to import scoring.report" in result.stdout
    assert "scoring.engine.costs -> scoring.report.charts" in result.stdout


def test_the_catalog_importing_the_scenario_model_breaks_the_layers(tree_copy):
    add_import(tree_copy / "scoring/catalog/loader.py", "import scoring.model.scenario")
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert "scoring.catalog is not allowed to import scoring.model" in result.stdout
    assert "scoring.catalog.loader -> scoring.model.scenario" in result.stdout


def test_the_model_importing_streamlit_or_the_ui_is_forbidden(tree_copy):
    add_import(tree_copy / "scoring/model/units.py", "import streamlit")
    add_import(tree_copy / "scoring/report/blocks.py", "from ui import text")
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert "scoring.model.units -> streamlit" in result.stdout
    assert "scoring.report.blocks -> ui.text" in result.stdout


def test_the_engine_importing_plotly_is_forbidden(tree_copy):
    add_import(tree_copy / "scoring/engine/demand.py", "import plotly.graph_objects")
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert "scoring.engine.demand -> plotly" in result.stdout


def test_a_new_sub_package_outside_the_layers_is_caught(tree_copy):
    (tree_copy / "scoring/extras").mkdir()
    (tree_copy / "scoring/extras/__init__.py").write_text("", encoding="utf-8")
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert "scoring.extras" in result.stdout
