"""The pages of the journey, in one place: the sidebar menu, the Start page and every link
between pages name a page by its entry here (`menu.COSTS`), never by its file path, and a test
checks that each entry's file exists and each file in pages/ has an entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class MenuItem:
    file: str  # relative to the app directory, as st.page_link expects
    label: str
    icon: str
    summary: str  # one line for the Start page's journey list

    @property
    def path(self) -> Path:
        return APP_DIR / self.file


HOME = MenuItem(
    "app.py", "Start", ":material/home:", "What the tool does, and the presets to start from."
)
REQUIREMENTS = MenuItem(
    "pages/1_requirements.py",
    "1 · Requirements",
    ":material/checklist:",
    "The eight questions, the workload, the deployment options and every assumption.",
)
RECOMMENDATION = MenuItem(
    "pages/2_recommendation.py",
    "2 · Recommendation",
    ":material/recommend:",
    "Options ruled out and why, the scorecard, weights and how robust the result is.",
)
COSTS = MenuItem(
    "pages/3_costs.py",
    "3 · Costs over time",
    ":material/payments:",
    "Monthly and cumulative cost per option, the break-even month, the uncertainty band.",
)
LATENCY = MenuItem(
    "pages/4_latency.py",
    "4 · Latency & resilience",
    ":material/speed:",
    "Latency budget against the limit, model fit on the device, behaviour when links fail.",
)
# The Operations page came after Compare and Decision record were numbered: its file sorts
# last, its place in the journey is after Latency & resilience.
OPERATIONS = MenuItem(
    "pages/7_operations.py",
    "5 · Operations",
    ":material/build_circle:",
    "What updates, versioning, monitoring and rollback take for each option, what they cost, "
    "and how quality is measured after deployment.",
)
COMPARE = MenuItem(
    "pages/5_compare.py",
    "6 · Compare",
    ":material/compare_arrows:",
    "Scenarios side by side, and measured prototypes against the estimates.",
)
RECORD = MenuItem(
    "pages/6_record.py",
    "7 · Decision record",
    ":material/description:",
    "Preview and download the decision record (Markdown, HTML, scenario YAML).",
)

MENU: tuple[MenuItem, ...] = (
    HOME,
    REQUIREMENTS,
    RECOMMENDATION,
    COSTS,
    LATENCY,
    OPERATIONS,
    COMPARE,
    RECORD,
)


class MissingPageError(LookupError):
    """A link names a page whose file is missing (a packaging bug: say it, never drop it)."""


def checked(item: MenuItem) -> MenuItem:
    """`item`, after making sure its page file exists."""
    if not item.path.is_file():
        raise MissingPageError(f"the page {item.label!r} links to {item.file}, which is missing")
    return item
