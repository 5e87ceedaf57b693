"""Data folders 0700 and data files 0600, whatever the umask.

The SQLite files hold every practice's records and the HQ's keys; the demo secret keys every
hash. A default umask (022) would leave them world-readable (0644), so folders and files are
created with private modes and then ``chmod``-ed, which the umask cannot widen or narrow.
Folders that already existed are left alone (the parent of a data folder may be shared, e.g.
``/var/lib``); files are dentin's own, so an existing one is tightened too.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it first; it is not ours to change
        os.chmod(folder, DIR_MODE)


def private_file(path: Path) -> None:
    """Make sure ``path`` exists and is 0600 (created empty, never with a wider mode first)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def tighten_sqlite_files(path: Path) -> None:
    """The database's -wal/-shm/-journal files, if present, to 0600.

    SQLite creates them with the database file's own mode, so this matters only for files left
    by a version that created the database 0644.
    """
    for suffix in SQLITE_SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            os.chmod(side, FILE_MODE)
        except FileNotFoundError:
            continue


def write_private_text(path: Path, text: str) -> None:
    """Write a new secret file: 0600 from its first byte, never readable by others even briefly."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, text.encode())
    finally:
        os.close(fd)
