"""Writing a file the user named: whole or not at all, and never in place of something else.

A regular file (or a new one) is written to a temporary file beside it and renamed over it, so
readers never see half a file; a symbolic link is followed and its target written that way, so
the link stays a link. A FIFO, a character device (`/dev/stdout`, `/dev/full`) or a socket is
written straight through: renaming over it would replace the device with a regular file. A
failed write raises OSError and leaves no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import stat
import uuid
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        mode: int | None = os.stat(path).st_mode  # follows links, as the write will
    except FileNotFoundError:
        mode = None  # a new file, or a link to one not there yet
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    real = _real_path(path)
    if real is None or (mode is not None and not stat.S_ISREG(mode)):
        _write_through(path, data)
        return
    temporary = real.with_name(f".{real.name}.{uuid.uuid4().hex}.tmp")  # unique per writer
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            if mode is not None:
                os.chmod(descriptor, stat.S_IMODE(mode))  # replacing: keep who may read it
            _write_all(descriptor, data)
            os.fsync(descriptor)  # on disk before the rename makes it the file
        finally:
            os.close(descriptor)
        os.replace(temporary, real)
    finally:
        temporary.unlink(missing_ok=True)


def _real_path(path: Path) -> Path | None:
    """Where `path` leads after its links, or None when that is no place a file can be
    renamed to (the "magic" links of /proc/self/fd, behind /dev/stdout, name pipes and
    deleted files): those are written through."""
    real = Path(os.path.realpath(path))
    try:
        here, there = os.stat(path), os.stat(real)
    except FileNotFoundError:  # a new file: created where its links lead
        return real
    return real if (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino) else None


def _write_through(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
