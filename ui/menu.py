"""The journey as one list: the sidebar menu and the Start page both draw from it.

Pages are added by other work streams over time; a page whose file does not exist yet is
simply not shown, so the menu never links to a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
HOME = "app.py"


@dataclass(frozen=True)
class MenuItem:
    file: str  # relative to the app directory, as st.page_link expects
    label: str
    icon: str
    summary: str  # one line for the Start page's journey list


MENU: tuple[MenuItem, ...] = (
    MenuItem(
        HOME, "Start", ":material/home:", "What the tool does, and the presets to start from."
    ),
    MenuItem(
        "pages/1_requirements.py",
        "1 · Requirements",
        ":material/checklist:",
        "The eight questions, the workload, the deployment options and every assumption.",
    ),
    MenuItem(
        "pages/2_recommendation.py",
        "2 · Recommendation",
        ":material/recommend:",
        "Options ruled out and why, the scorecard, weights and how robust the result is.",
    ),
    MenuItem(
        "pages/3_costs.py",
        "3 · Costs over time",
        ":material/payments:",
        "Monthly and cumulative cost per option, the break-even month, the uncertainty band.",
    ),
    MenuItem(
        "pages/4_latency.py",
        "4 · Latency & resilience",
        ":material/speed:",
        "Latency budget against the limit, model fit on the device, behaviour when links fail.",
    ),
    MenuItem(
        "pages/5_compare.py",
        "5 · Compare",
        ":material/compare_arrows:",
        "Scenarios side by side, and measured prototypes against the estimates.",
    ),
    MenuItem(
        "pages/6_record.py",
        "6 · Decision record",
        ":material/description:",
        "Preview and download the decision record (Markdown, HTML, scenario YAML).",
    ),
)


def available_pages(app_dir: Path = APP_DIR) -> tuple[MenuItem, ...]:
    """The menu items whose page file exists."""
    return tuple(item for item in MENU if (app_dir / item.file).is_file())
