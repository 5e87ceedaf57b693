"""Data folders and files are private (issue 11, item 10): folders 0700, files 0600 (SQLite
files with their -wal/-shm, the demo secret), whatever the umask, as the demo creates them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dentin.config import DEMO_SECRET_FILE, Settings
from dentin.hq import offices
from dentin.runtime import Runtime
from tests.conftest import ACTOR


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The widest umask: anything not chmod-ed explicitly would come out world-writable."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def demo_runtime(tmp_path: Path, open_umask: None) -> Iterator[Runtime]:
    settings = Settings(data_dir=tmp_path / "data", demo=True, aging_scheduler=False)
    rt = Runtime.build(settings)
    try:
        rt.migrate_hq()
        office = offices.create_office(rt.hq, name="Modes", actor=ACTOR, api_enabled=True)
        rt.offices.provision(office.id)
        yield rt
    finally:
        rt.close()


def test_demo_data_folders_are_0700_and_files_0600(demo_runtime: Runtime) -> None:
    data = demo_runtime.settings.data_dir
    folders = [data, data / "offices"]
    files = [data / DEMO_SECRET_FILE, data / "hq.sqlite", *(data / "offices").glob("*.sqlite")]
    files += list(data.rglob("*.sqlite-*"))  # -wal and -shm, while the engines are open
    assert any(f.name.endswith("-wal") for f in files), "expected SQLite's WAL files to exist"
    assert {str(p): oct(mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
    assert {str(p): oct(mode(p)) for p in files} == {str(p): "0o600" for p in files}


def test_files_left_world_readable_by_an_older_version_are_tightened(
    tmp_path: Path, open_umask: None
) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, demo=True, aging_scheduler=False)
    first = Runtime.build(settings)
    first.migrate_hq()
    with first.hq.engine.connect():  # keep a connection open, so -wal and -shm stay on disk
        old = [data / DEMO_SECRET_FILE, *data.glob("hq.sqlite*")]
        for path in old:
            path.chmod(0o644)  # what the previous version left
        second = Runtime.build(settings)
        try:
            second.migrate_hq()
            assert {p.name: oct(mode(p)) for p in old} == {p.name: "0o600" for p in old}
        finally:
            second.close()
    first.close()
