"""The decision record drawn with Streamlit elements, block by block.

The record's blocks (scoring.report.blocks) are plain text; every text reaches Streamlit
escaped, so a scenario name or a note is shown literally, never as Markdown, HTML or a link.
Pictures are the app's own: the plotly charts of scoring.report.charts, and the architecture as
a Graphviz diagram (Streamlit draws it in the browser with its bundled Graphviz, no request
leaves the machine).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from scoring.engine.evaluate import Evaluation
from scoring.io.adr_index import INDEX_NAME
from scoring.io.decision_log import (
    DEFAULT_FOLDER,
    LOG_ROOT_VARIABLE,
    DecisionLog,
    LoggedRecord,
    list_records,
    open_record,
    read_log,
    resolve_log_folder,
    save_record,
    supersede,
    supersede_problem,
    upgrade_records,
)
from scoring.io.record_files import prose_drift
from scoring.io.scenario_files import parse_scenario
from scoring.model.codec import ScenarioError, scenario_to_yaml
from scoring.model.vocabulary import STATUS_LABELS
from scoring.report import charts
from scoring.report.blocks import Block, Bullets, Chart, Code, Diagram, Heading, Paragraph, Table
from scoring.report.figures_in_use import figures_in_result
from scoring.report.html import render_html
from scoring.report.record import (
    METADATA_LABELS,
    OUTCOME_HEADING,
    RecordContent,
    default_title,
    interactive_caption,
)
from ui import bound, state, views
from ui.engine import evaluation_of
from ui.messages import problem_list, show, show_flashes
from ui.text import (
    escape_markdown,
    literal_table,
    record_file_name,
    safe_file_name,
    unique_names,
)

SCENARIO_EXPANDER = "The scenario this record carries"
TALL_TABLE_ROWS = 15  # longer tables scroll inside a fixed height
TALL_TABLE_HEIGHT_PX = 420
DOT_LINE_CHARS = 28  # diagram text wraps at this width
LOG_FOLDER_KEY = "ui:record:folder"  # the folder field; it keeps its value across pages
_OPEN_KEY = "ui:record:open"
_OLD_KEY = "ui:record:old"
_NEW_KEY = "ui:record:new"
LOG_AREA = "decision-log"
DATE_PATH = "decision.date"


# The record's sections the preview opens; the others are one click away, so the page starts
# with the decision instead of 10,000 pixels of detail.
OPEN_SECTIONS = (OUTCOME_HEADING,)


def render_record(content: RecordContent, evaluation: Evaluation) -> None:
    """The record as the reader of the Markdown sees it, with interactive charts: each of its
    sections in an expander (the decision open), the scenario it carries last."""
    st.header(escape_markdown(content.title), anchor=False)
    metadata_table(content.metadata)
    index = 0
    for title, blocks in record_sections(content.blocks):
        if title is None:
            for block in blocks:
                _block(block, evaluation, index)
                index += 1
            continue
        with st.expander(escape_markdown(title), expanded=title in OPEN_SECTIONS):
            for block in blocks:
                _block(block, evaluation, index)
                index += 1


def record_sections(blocks: tuple[Block, ...]) -> list[tuple[str | None, list[Block]]]:
    """The blocks grouped under their level-2 headings (the heading becomes the expander's
    label); blocks before the first heading and the carried scenario (an expander of its own,
    which cannot sit inside another) stand alone."""
    sections: list[tuple[str | None, list[Block]]] = [(None, [])]
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 2:
            sections.append((block.text, []))
        elif isinstance(block, Code):
            sections.append((None, [block]))
        else:
            sections[-1][1].append(block)
    return [(title, items) for title, items in sections if items]


def metadata_table(metadata: Mapping[str, object]) -> None:
    rows = [(METADATA_LABELS.get(key, key), _front_value(value)) for key, value in metadata.items()]
    frame = pd.DataFrame(rows, columns=["Field", "Value"])
    st.table(literal_table(frame), hide_index=True, hide_header=True)


def table_frame(table: Table) -> pd.DataFrame:
    """A record table as a DataFrame of the texts it shows (not escaped)."""
    header = unique_names(table.header)
    return pd.DataFrame([list(row) for row in table.rows], columns=header)


def diagram_dot(diagram: Diagram) -> str:
    """The architecture as Graphviz DOT: the site and the cloud as boxes, arrows labelled with
    what crosses. Every label is a quoted DOT string, so no text can end it."""
    lines = [
        "digraph architecture {",
        '    rankdir=TB; bgcolor="transparent"; nodesep=0.5; ranksep=0.6;',
        '    fontname="Helvetica"; fontsize=13;',
        '    node [shape=box, style="rounded,filled", fillcolor="#f0fdfa", color="#0f766e", '
        'fontname="Helvetica", fontsize=13];',
        '    edge [color="#475569", fontname="Helvetica", fontsize=12];',
        "    subgraph cluster_site {",
        f'        label={_dot(diagram.inside_title)}; style="dashed,rounded"; color="#94a3b8";',
    ]
    lines += [f"        {_dot(name)} [label={_dot(*text)}];" for name, text in diagram.inside]
    lines.append("    }")
    if diagram.outside:
        lines += [
            "    subgraph cluster_region {",
            f'        label={_dot(diagram.outside_title)}; labelloc="b"; style="dashed,rounded"; '
            'color="#2563eb";',
        ]
        lines += [
            f'        {_dot(name)} [label={_dot(*text)}, fillcolor="#eff6ff", color="#2563eb"];'
            for name, text in diagram.outside
        ]
        lines.append("    }")
    else:
        lines.append(
            f'    "outside" [label={_dot(diagram.outside_title)}, shape=note, style="filled", '
            'fillcolor="#f8fafc", color="#94a3b8"];'
        )
        if diagram.inside:  # an invisible edge puts the note beside the site, not above it
            lines.append(f'    {_dot(diagram.inside[-1][0])} -> "outside" [style=invis];')
    for source, target, label in diagram.arrows:
        attributes = f" [label={_dot(label)}]" if label else ""
        lines.append(f"    {_dot(source)} -> {_dot(target)}{attributes};")
    lines.append("}")
    return "\n".join(lines)


def _block(block: Block, evaluation: Evaluation, index: int) -> None:
    if isinstance(block, Heading):
        if block.level <= 2:
            st.subheader(escape_markdown(block.text), anchor=False, divider="gray")
        else:
            st.markdown(f"##### {escape_markdown(block.text)}")
    elif isinstance(block, Paragraph):
        lead = f"**{escape_markdown(block.lead)}** " if block.lead else ""
        st.markdown(lead + escape_markdown(block.text))
    elif isinstance(block, Bullets):
        leads = block.lead or ("",) * len(block.items)
        st.markdown(
            "\n".join(
                f"- {f'**{escape_markdown(lead)}** ' if lead else ''}{escape_markdown(item)}"
                for lead, item in zip(leads, block.items, strict=True)
            )
        )
    elif isinstance(block, Table):
        frame = table_frame(block)
        if len(block.rows) > TALL_TABLE_ROWS:  # e.g. the sources: scroll, cells shown literally
            st.dataframe(frame, hide_index=True, height=TALL_TABLE_HEIGHT_PX, width="stretch")
        else:  # a static table shows long cells whole
            st.table(literal_table(frame), hide_index=True)
    elif isinstance(block, Chart):
        _chart(block, evaluation, index)
    elif isinstance(block, Code):
        with st.expander(SCENARIO_EXPANDER, icon=":material/data_object:"):
            st.caption(
                "Load this record in the app (sidebar upload) or run `python -m scoring "
                "evaluate` on it: this scenario gives the same evaluation."
            )
            st.code(block.text, language=block.language or None)


def _chart(block: Chart, evaluation: Evaluation, index: int) -> None:
    if block.kind == "architecture" and block.diagram is not None:
        st.graphviz_chart(diagram_dot(block.diagram), width="content")
        st.caption(escape_markdown(block.caption))
    elif block.kind in charts.RECORD_CHARTS:
        if block.kind == "criteria":
            # The preview column is narrow: the heat map goes without its colour scale.
            figure = views.figure(evaluation.scenario, charts.criteria_heatmap, False)
        else:
            figure = views.figure(evaluation.scenario, charts.RECORD_CHARTS[block.kind])
        st.plotly_chart(
            figure,
            width="stretch",
            key=f"record:chart:{block.kind}:{index}",
            config={"displaylogo": False},
        )
        st.caption(escape_markdown(interactive_caption(block)))


def _front_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "-"
    return str(value)


def _dot(*lines: str) -> str:
    """A DOT quoted string; long lines are wrapped so the picture stays legible in a column,
    and lines are joined with DOT's centred line break."""
    wrapped = [part for line in lines for part in textwrap.wrap(line, DOT_LINE_CHARS) or [""]]
    escaped = [part.replace("\\", "\\\\").replace('"', '\\"') for part in wrapped]
    return '"' + "\\n".join(escaped) + '"'


# --- the metadata form ------------------------------------------------------------------------


def metadata_form(evaluation: Evaluation) -> None:
    """The record's metadata and notes, bound to the scenario's `decision` section."""
    decision = evaluation.scenario.decision
    bound.text_input(
        "decision.title",
        "Title",
        help="The record's heading and the name of its file in the decision log. Leave it "
        "empty for the default below.",
    )
    if not decision.title:
        st.caption(f"Empty: “{escape_markdown(default_title(evaluation))}”")
    status = bound.choice(
        "decision.status",
        "Status",
        STATUS_LABELS,
        help="Where the decision stands (MADR): proposed until the decision-makers accept or "
        "reject it; deprecated or superseded when it no longer holds.",
    )
    if status == "superseded":
        bound.text_input(
            "decision.superseded_by",
            "Superseded by",
            help="The file name of the record that replaces this one, e.g. "
            "0004-move-inference-to-the-cloud.md. The decision log's “Mark superseded” "
            "fills this in for both records.",
        )
        if not decision.superseded_by:
            st.warning("Name the record that replaces this one (its file name).", icon="⚠️")
    bound.text_input(
        DATE_PATH,
        "Date",
        max_chars=10,
        placeholder=f"YYYY-MM-DD (empty: today, {dt.date.today().isoformat()})",
        help="The day the decision was taken, written YYYY-MM-DD. Leave it empty to date the "
        "record the day it is downloaded or saved; the record then carries that date.",
    )
    bound.text_list(
        "decision.decision_makers",
        "Decision-makers",
        help="Everyone who takes the decision, separated by commas.",
    )
    bound.text_list(
        "decision.consulted",
        "Consulted",
        help="Subject-matter experts whose opinion was sought (two-way), separated by commas.",
    )
    bound.text_list(
        "decision.informed",
        "Informed",
        help="Those kept up to date on progress (one-way), separated by commas.",
    )
    bound.text_area(
        "decision.notes",
        "Notes",
        height=90,
        help="Anything a reviewer should know that the numbers do not say: agreements, open "
        "questions, links to tickets. Shown under More Information.",
    )


# --- downloads ----------------------------------------------------------------------------------


def offer_figure_check(evaluation: Evaluation) -> None:
    """Until the figures behind the result are checked: what the check is, and a button that
    runs it now (a downloaded or saved record always runs it)."""
    st.info(
        "The record ends with a table of the catalog figures its result depends on. Finding "
        "them means evaluating the scenario again with each figure changed by 10 %, which "
        "takes a few seconds, so it runs when you download or save the record, or now.",
        icon=":material/table_chart:",
    )
    if st.button(
        "Check which figures change the result",
        icon=":material/fact_check:",
        help="Evaluates the scenario some 230 times (a few seconds) and adds the table of "
        "figures, with their sources and as-of dates, to the preview.",
    ):
        with st.spinner("Checking which figures change the result…"):
            figures_in_result(evaluation)
        st.rerun()


def downloads(record: Callable[[], tuple[RecordContent, str]], evaluation: Evaluation) -> None:
    """The record as Markdown and HTML, and its scenario as YAML, each built when its button
    is clicked. `record` gives the whole record with its table of figures (a few seconds
    the first time for a scenario: it checks which figures change the result)."""
    scenario = evaluation.scenario
    st.download_button(
        "Markdown record (.md)",
        data=lambda: record()[1],
        file_name=record_file_name(scenario.name, "md"),
        mime="text/markdown",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        width="stretch",
        help="MADR 4.0 Markdown with Mermaid charts that GitHub draws. It carries the whole "
        "scenario: upload it here or run `python -m scoring evaluate` on it later. The first "
        "download of a scenario takes a few seconds: it checks which figures change the result.",
    )
    st.download_button(
        "HTML report (.html)",
        # Built only when clicked: the report embeds plotly.js once (0.7 MB base64-encoded gzip).
        data=lambda: render_html(record()[0], evaluation),
        file_name=record_file_name(scenario.name, "html"),
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
        help="The same record as one self-contained HTML file with the interactive charts "
        "(under 1 MB). It opens offline: nothing is fetched from the internet.",
    )
    st.download_button(
        "Scenario (.yaml)",
        data=lambda: scenario_to_yaml(scenario),  # built when clicked
        file_name=safe_file_name(scenario.name, ".yaml", fallback="decision"),
        mime="application/yaml",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
        help="Only the scenario, as the sidebar's download: keep it under version control.",
    )


# --- the decision log ---------------------------------------------------------------------------


def log_root() -> Path:
    """Every decision log lives below this folder: $DECISION_LOG_ROOT, else the folder the app
    was started in (a server's operator decides where browser users may write)."""
    return Path(os.environ.get(LOG_ROOT_VARIABLE) or Path.cwd())


def log_folder() -> Path:
    """The decision log's folder (session setting, not part of the scenario); ValueError when
    the text leads outside the log root."""
    return resolve_log_folder(str(st.session_state.get(LOG_FOLDER_KEY) or ""), log_root())


def decision_log(record: Callable[[], RecordContent]) -> None:
    """Save the record (`record` gives it whole, waiting for its figure check if need be) as
    the next numbered file, list the folder, open or supersede one, and rewrite records of
    the old layout."""
    if LOG_FOLDER_KEY not in st.session_state:
        st.session_state[LOG_FOLDER_KEY] = DEFAULT_FOLDER
    st.text_input(
        "Folder",
        key=LOG_FOLDER_KEY,
        persist_state="session",
        help="Where numbered records are kept (0001-title.md, as adr-tools does, with an "
        "index.md as adr-log writes it), on the machine that runs the app: a folder inside the "
        f"app's folder (or inside ${LOG_ROOT_VARIABLE} when the app was started with it). "
        "Usually the decisions/ folder of your repository.",
    )
    try:
        folder = log_folder()
    except ValueError as error:
        st.error(f"Not a folder for the log: {escape_markdown(str(error))}.")
        return
    st.caption(f"Records go to {escape_markdown(str(folder.absolute()))}")
    st.button(
        "Save to the log",
        on_click=_save,
        args=(folder, record),
        icon=":material/save:",
        width="stretch",
        help="Writes this record as the next number (in its title line too, where adr-tools "
        "and adr-log read it) and updates the folder's index.md; an existing record is never "
        "replaced.",
    )
    show_flashes(LOG_AREA)
    try:
        log = read_log(folder)
    except OSError as error:
        st.error(f"The folder cannot be read: {escape_markdown(_os_reason(error))}.")
        return
    if log.problems:
        show("warning", f"Some entries of this folder are left out:\n{problem_list(log.problems)}")
    if not log.records:
        st.caption("No records in this folder yet.")
        return
    st.dataframe(
        log_frame(log.records),
        hide_index=True,
        width="stretch",
        column_config={
            "No.": st.column_config.TextColumn(width="small"),
            "Title": st.column_config.TextColumn(width="medium"),
            "Status": st.column_config.TextColumn(width="medium"),
            "Date": st.column_config.TextColumn(width="small"),
        },
    )
    _old_layout(folder, log)
    _index(folder)
    by_name = {record.name: record for record in log.records}
    names = list(by_name)

    def label(name: str) -> str:
        record = by_name[name]
        return f"{record.number:04d} · {record.title}"

    st.selectbox(
        "Record",
        names,
        index=len(names) - 1,
        key=_OPEN_KEY,
        format_func=label,
        help="Open a saved record: its scenario becomes the current one on every page.",
    )
    st.button(
        "Open",
        on_click=_open,
        args=(folder,),
        icon=":material/folder_open:",
        help="Replaces the current scenario with the record's (download it first to keep it).",
    )
    if len(names) < 2:
        return
    with st.expander("Mark superseded by…", icon=":material/swap_horiz:"):
        st.selectbox(
            "Old record",
            names,
            index=len(names) - 2,
            key=_OLD_KEY,
            format_func=label,
            help="The record that no longer holds: its status becomes superseded.",
        )
        st.selectbox(
            "Superseded by",
            names,
            index=len(names) - 1,
            key=_NEW_KEY,
            format_func=label,
            help="The newer record that replaces it: it records which one it supersedes.",
        )
        st.button(
            "Mark superseded",
            on_click=_supersede,
            args=(folder,),
            icon=":material/swap_horiz:",
            help="Updates both files: their Status sections carry the links in adr-tools' form "
            "(Superseded by / Supersedes), and the scenarios they carry say the same.",
        )


def _old_layout(folder: Path, log: DecisionLog) -> None:
    """Records written before the ADR-tool layout, and the offer to rewrite them."""
    old = log.old_layout
    if not old:
        return
    names = problem_list(record.name for record in old)
    show(
        "info",
        f"{len(old)} of these records start with YAML front matter, the layout this studio "
        "wrote before: adr-tools and adr-log read no title from them. Rewriting puts the "
        "title first and the metadata in MADR's list form; every field, the text and the "
        f"scenario stay.\n{names}",
    )
    st.button(
        "Rewrite in the ADR-tool layout",
        on_click=_upgrade,
        args=(folder,),
        icon=":material/auto_fix_high:",
        help="Rewrites the records listed above in place (each file atomically) and updates "
        "index.md. The same as `python -m scoring log FOLDER --upgrade`.",
    )


def _index(folder: Path) -> None:
    """The folder's index, as a reviewer browsing the repository sees it."""
    path = folder / INDEX_NAME
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return  # read_log's problems say why
    if text:
        with st.expander(f"The log's index ({INDEX_NAME})", icon=":material/list:"):
            st.caption(
                "Kept current at each save, in the form adr-log writes it: running `adr-log "
                "-d . -i` in the folder changes nothing."
            )
            st.code(text, language="markdown", wrap_lines=True)


def log_frame(records: tuple[LoggedRecord, ...]) -> pd.DataFrame:
    """The listing: number, title, status with the records it is linked to, date."""
    return pd.DataFrame(
        [(f"{r.number:04d}", r.title, r.status_words, r.date) for r in records],
        columns=["No.", "Title", "Status", "Date"],
    )


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link there leads in a loop"
    return error.strerror or str(error)


def _save(folder: Path, record: Callable[[], RecordContent]) -> None:
    try:
        saved = save_record(folder, record())
    except OSError as error:
        state.flash(
            "error",
            f"Not saved: {_os_reason(error)} ({folder}). Choose a folder this app can write to; "
            "nothing was changed.",
            LOG_AREA,
        )
        return
    state.flash("success", f"Saved as {saved.name} in {folder}; {INDEX_NAME} lists it.", LOG_AREA)


def _selected(folder: Path, key: str) -> LoggedRecord | None:
    name = st.session_state.get(key)
    return next((r for r in list_records(folder) if r.name == name), None)


def _open(folder: Path) -> None:
    try:
        record = _selected(folder, _OPEN_KEY)
        if record is None:
            state.flash("warning", "That record is no longer in the folder.", LOG_AREA)
            return
        text = open_record(record)
        scenario = parse_scenario(text, record.name)
    except ScenarioError as error:
        lines = problem_list(error.problems)
        state.flash("error", f"Not opened; your scenario is unchanged.\n{lines}", LOG_AREA)
        return
    except (OSError, UnicodeDecodeError) as error:
        reason = _os_reason(error) if isinstance(error, OSError) else "it is not UTF-8 text"
        state.flash("error", f"Not opened: {reason}.", LOG_AREA)
        return
    state.replace_scenario(scenario)
    state.flash("success", f"Opened {record.name}: its scenario is now the current one.", LOG_AREA)
    if drift := prose_drift(text, evaluation_of(scenario)):
        state.flash("warning", f"{record.name}: {drift}.", LOG_AREA)


def _supersede(folder: Path) -> None:
    try:
        old, new = _selected(folder, _OLD_KEY), _selected(folder, _NEW_KEY)
        if old is None or new is None:
            state.flash("warning", "Those records are no longer in the folder.", LOG_AREA)
            return
        if old.path == new.path:
            state.flash("warning", "Choose two different records.", LOG_AREA)
            return
        if problem := supersede_problem(old, new):
            state.flash(
                "warning",
                f"Not marked: {problem}. Choose the older record first, then the newer one "
                "that replaces it.",
                LOG_AREA,
            )
            return
        old, new = supersede(old, new)
    except ScenarioError as error:
        lines = problem_list(error.problems)
        state.flash("error", f"Could not mark it superseded; nothing changed.\n{lines}", LOG_AREA)
        return
    except (OSError, ValueError) as error:
        reason = _os_reason(error) if isinstance(error, OSError) else str(error)
        state.flash("error", f"Could not mark it superseded: {reason}", LOG_AREA)
        return
    state.flash(
        "success",
        f"Record {old.number:04d} is now superseded by {new.number:04d}; both files updated.",
        LOG_AREA,
    )


def _upgrade(folder: Path) -> None:
    try:
        done, problems = upgrade_records(folder)
    except OSError as error:
        state.flash("error", f"Nothing rewritten: {_os_reason(error)}.", LOG_AREA)
        return
    if done:
        names = ", ".join(record.name for record in done)
        state.flash("success", f"Rewritten in the ADR-tool layout: {names}.", LOG_AREA)
    if problems:
        state.flash("warning", f"Not rewritten:\n{problem_list(problems)}", LOG_AREA)
