"""Every page renders, with the sidebar menu, the preset picker and the scenario tools."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_helpers import open_app

from ui import menu, navigation
from ui.menu import MENU, MenuItem, MissingPageError

ROOT = Path(__file__).resolve().parents[2]
PAGES = [item.file for item in MENU]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_exception(page):
    at = open_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "the page has no title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_the_sidebar_menu_with_readable_labels(page):
    at = open_app(page)
    links = at.sidebar.get("page_link")
    labels = [link.proto.label for link in links]
    assert labels == [item.label for item in MENU]


def test_every_page_of_the_menu_has_its_file_and_every_page_file_is_in_the_menu():
    files = {"app.py"} | {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert {item.file for item in MENU} == files
    assert all((ROOT / item.file).is_file() for item in MENU)


def test_no_page_path_is_written_outside_the_menu():
    """Links name pages by their menu entry (menu.COSTS), so a renamed page file is one edit
    in ui/menu.py and the test above catches a stale one."""
    sources = [ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]
    sources += (ROOT / "benchmarks").glob("*.py")
    literal = re.compile(r"""["'](?:pages/)?\d_\w+\.py["']""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        if path.name != "menu.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert not offenders


def test_a_link_to_a_missing_page_file_raises_instead_of_vanishing():
    missing = MenuItem("pages/9_missing.py", "9 · Missing", ":material/help:", "")
    with pytest.raises(MissingPageError, match=r"pages/9_missing\.py"):
        navigation.page_link(missing)
    assert menu.checked(menu.COSTS) is menu.COSTS


def test_the_start_page_shows_the_current_scenario_and_a_load_button_per_preset():
    from scoring.io.presets import bundled_presets

    at = open_app()
    texts = [t.value for t in at.main.text]
    assert "Factory quality-control camera" in texts
    load_buttons = [b for b in at.button if b.label == "Load"]
    assert len(load_buttons) == len(bundled_presets())


def test_a_fresh_session_starts_from_the_factory_camera_preset():
    at = open_app()
    assert at.session_state["scenario"].name == "Factory quality-control camera"


def test_the_sidebar_offers_a_scenario_download_as_yaml():
    at = open_app("pages/1_requirements.py")
    download = at.sidebar.get("download_button")[0]
    assert download.proto.label == "Download scenario (YAML)"
