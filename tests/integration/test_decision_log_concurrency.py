"""Record numbers under concurrent saves: several processes (and the threads of one server,
as Streamlit sessions are) save into one folder at once, and every number is used exactly once,
by a whole record that carries it in its title line."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from records import record_with_read_figures

from scoring.engine.evaluate import evaluate
from scoring.io.adr_index import INDEX_NAME, adr_log_list
from scoring.io.decision_log import list_records, save_record
from scoring.io.presets import preset_by_id
from scoring.io.scenario_files import parse_scenario
from scoring.report.record import RecordContent

PROCESSES, SAVES_EACH = 4, 25
THREADS, THREAD_SAVES = 8, 5


@cache
def factory_record() -> RecordContent:
    scenario = preset_by_id("factory_qc_camera").scenario
    return record_with_read_figures(evaluate(scenario, draws=100), dt.date(2026, 1, 5))


def titled(record: RecordContent, title: str) -> RecordContent:
    return RecordContent(record.metadata, title, record.status, record.blocks)


def save_many(folder: str, worker: int, record: RecordContent, start, results) -> None:
    start.wait()  # every process starts saving at the same moment
    numbers = [
        save_record(folder, titled(record, f"Worker {worker} save {i}")).number
        for i in range(SAVES_EACH)
    ]
    results.put((worker, numbers))


def assert_each_number_once_in_whole_records(folder: Path, total: int) -> None:
    records = list_records(folder)
    assert [r.number for r in records] == list(range(1, total + 1))
    for record in records:
        text = record.path.read_text(encoding="utf-8")
        assert text.startswith(f"# {record.number}. "), record.name  # the number it got
        assert parse_scenario(text).name == "Factory quality-control camera"
    leftovers = [p.name for p in folder.iterdir() if not re.match(r"\d+-.*\.md$", p.name)]
    assert leftovers == [INDEX_NAME]  # no temporary file, no lock file
    # The index that the last save wrote lists every record.
    index = (folder / INDEX_NAME).read_text(encoding="utf-8")
    assert adr_log_list(folder) in index
    assert index.count("* [ADR-") == total


def test_processes_saving_at_once_never_share_a_number(tmp_path):
    folder = tmp_path / "decisions"
    folder.mkdir()
    record = factory_record()
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=save_many, args=(str(folder), worker, record, start, results))
        for worker in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    by_worker = dict(results.get(timeout=300) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers = [n for batch in by_worker.values() for n in batch]
    assert sorted(numbers) == list(range(1, PROCESSES * SAVES_EACH + 1))
    for mine in by_worker.values():  # each process saw its own numbers rise
        assert mine == sorted(mine)
    assert_each_number_once_in_whole_records(folder, PROCESSES * SAVES_EACH)


def test_sessions_of_one_server_saving_at_once_never_share_a_number(tmp_path):
    folder = tmp_path / "decisions"
    record = factory_record()
    start = threading.Barrier(THREADS)

    def session(worker: int) -> list[int]:
        start.wait()
        return [
            save_record(folder, titled(record, f"Session {worker}")).number
            for _ in range(THREAD_SAVES)
        ]

    folder.mkdir()
    with ThreadPoolExecutor(THREADS) as pool:
        numbers = [n for batch in pool.map(session, range(THREADS)) for n in batch]
    assert sorted(numbers) == list(range(1, THREADS * THREAD_SAVES + 1))
    assert_each_number_once_in_whole_records(folder, THREADS * THREAD_SAVES)
