"""`python -m scoring record FILE --out PATH` writes through what PATH is (issue 15, point 4):
a symbolic link stays a link, a FIFO or a device is written to and stays what it was, and a
failed write exits 2 with the reason and leaves no temporary file behind."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scoring.cli import main
from scoring.io import record_files

ROOT = Path(__file__).resolve().parents[2]
PRESET = ROOT / "presets" / "factory_qc_camera.yaml"


def record(out: Path | str, capsys) -> tuple[int, str]:
    status = main(["record", str(PRESET), "--out", str(out)])
    return status, capsys.readouterr().err


def is_a_record(text: str) -> bool:
    return record_files.is_record(text)


def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_record(tmp_path, capsys):
    target = tmp_path / "decisions" / "camera.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    assert record(link, capsys) == (0, f"wrote {link}\n")
    assert link.is_symlink() and link.resolve() == target
    assert is_a_record(target.read_text(encoding="utf-8"))
    assert sorted(p.name for p in target.parent.iterdir()) == ["camera.md"]


def test_a_link_to_a_file_not_there_yet_creates_the_file_behind_it(tmp_path, capsys):
    link = tmp_path / "latest.md"
    link.symlink_to(tmp_path / "new.md")
    assert record(link, capsys)[0] == 0
    assert link.is_symlink() and is_a_record((tmp_path / "new.md").read_text(encoding="utf-8"))


def test_replacing_a_file_keeps_who_may_read_it(tmp_path, capsys):
    target = tmp_path / "camera.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert record(target, capsys)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, _ = record(fifo, capsys)
    reader.join(timeout=60)
    assert status == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert is_a_record(received[0].decode("utf-8"))


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_full_device_is_reported_and_stays_a_device(tmp_path, capsys):
    # A node with /dev/full's numbers: the same device, without risking the real one.
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    status, errors = record(full, capsys)
    assert (status, errors) == (2, f"error: cannot write {full}: No space left on device\n")
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.mkdir(), "Is a directory"),
        (
            lambda path: (
                path.symlink_to(path.with_name("b")),
                path.with_name("b").symlink_to(path),
            ),
            "Too many levels of symbolic links",
        ),
    ],
    ids=["directory", "link loop"],
)
def test_a_path_that_cannot_hold_a_file_is_refused_with_the_reason(tmp_path, capsys, make, reason):
    out = tmp_path / "a"
    make(out)
    assert record(out, capsys) == (2, f"error: cannot write {out}: {reason}\n")


def run_record(out: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scoring", "record", str(PRESET), "--out", out],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        **options,
    )


def test_dev_stdout_writes_the_record_to_standard_output():
    result = run_record("/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert is_a_record(result.stdout.decode("utf-8"))


def test_a_write_that_fails_half_way_exits_2_and_leaves_no_temporary_file(tmp_path):
    # A file-size limit of 1 kB makes the write fail part of the way through, as a full disk
    # would (Python ignores SIGXFSZ, so the write returns EFBIG).
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    (tmp_path / "camera.md").write_text("the old record", encoding="utf-8")
    result = run_record(str(tmp_path / "camera.md"), preexec_fn=small_files, text=True)
    assert result.returncode == 2
    assert result.stderr == f"error: cannot write {tmp_path / 'camera.md'}: File too large\n"
    assert [p.name for p in tmp_path.iterdir()] == ["camera.md"]
    assert (tmp_path / "camera.md").read_text(encoding="utf-8") == "the old record"
