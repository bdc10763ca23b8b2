"""Every page renders, with the sidebar menu, the preset picker and the scenario tools."""

from __future__ import annotations

import pytest
from app_helpers import open_app

from ui.menu import MENU, available_pages

PAGES = [item.file for item in available_pages()]


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
    assert labels == [item.label for item in available_pages()]


def test_the_menu_lists_only_pages_whose_file_exists(tmp_path):
    (tmp_path / "app.py").write_text("")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "1_requirements.py").write_text("")
    shown = [item.label for item in available_pages(tmp_path)]
    assert shown == ["Start", "1 · Requirements"]
    assert len(MENU) == 7  # the whole journey is defined, whatever exists today


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
