"""``dentin serve`` moves the app it built out of the cyclic garbage collector's view before it
serves, so a full collection never re-scans the app's own objects under load; and again, at
doubling intervals, what survives a full collection once the server has warmed up."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from dentin import cli, cli_connector, heap, serving
from dentin.config import Settings
from dentin.connector import office_process
from dentin.runtime import Runtime


def _resettles() -> list[Any]:
    return [c for c in gc.callbacks if isinstance(c, heap._Resettle)]


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    # The rest of the session must collect what this test froze, and freeze nothing more.
    for callback in _resettles():
        gc.callbacks.remove(callback)
    gc.unfreeze()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Cycle:
    """Collectable only by the cyclic collector (it refers to itself)."""

    def __init__(self) -> None:
        self.me = self


def _tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


@pytest.fixture
def resettle(unfrozen: None) -> tuple[heap._Resettle, Clock]:
    """A resettle on a clock of the test's own (``unfrozen`` removes it afterwards)."""
    clock = Clock()
    callback = heap._Resettle(clock)
    gc.callbacks.append(callback)
    return callback, clock


def test_dentin_serve_freezes_the_built_app_before_serving(
    rt: Runtime, unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        seen["frozen"] = gc.get_freeze_count()
        seen["tracked_app"] = any(obj is app for obj in gc.get_objects())

    monkeypatch.setattr(uvicorn, "run", run)
    cli._serve(rt, "127.0.0.1", 0)
    assert seen["frozen"] > 10_000
    assert not seen["tracked_app"]  # the app is in the permanent generation, never scanned


def test_each_worker_freezes_its_app_before_serving(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The worker takes the scheduler lock in its data folder: a temporary one, released after.
    monkeypatch.setattr(serving, "get_settings", lambda: Settings(data_dir=tmp_path))
    monkeypatch.setattr(serving, "_held", [])
    frozen: list[int] = []
    original = serving.settle_heap

    def settle() -> None:
        original()
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(serving, "settle_heap", settle)
    import dentin.app

    monkeypatch.setattr(dentin.app, "create_app", lambda *_a, **_k: object())
    serving.worker_app()
    assert (tmp_path / "scheduler.lock").exists()
    for handle in serving._held:
        handle.close()
    assert frozen and frozen[0] > 0


def test_settle_heap_installs_one_resettle_however_often_it_runs(unfrozen: None) -> None:
    heap.settle_heap()
    heap.settle_heap()
    assert len(_resettles()) == 1


def test_what_survives_a_full_collection_once_due_is_frozen_and_garbage_is_not(
    resettle: tuple[heap._Resettle, Clock],
) -> None:
    callback, clock = resettle
    kept, dropped = Cycle(), Cycle()
    dropped_ref = weakref.ref(dropped)
    del dropped
    gc.collect()  # not due yet (5 s from start): nothing frozen
    assert _tracked(kept) and callback.times == 0 and gc.get_freeze_count() == 0
    clock.now += heap.RESETTLE_FIRST_SECONDS
    gc.collect(1)  # a younger generation's collection never freezes
    assert callback.times == 0
    later_garbage = Cycle()
    later_ref = weakref.ref(later_garbage)
    del later_garbage
    gc.collect()
    assert callback.times == 1 and gc.get_freeze_count() > 0
    assert not _tracked(kept)  # frozen: never scanned again
    assert dropped_ref() is None and later_ref() is None  # garbage was swept, not frozen


def test_freezes_come_at_doubling_intervals(resettle: tuple[heap._Resettle, Clock]) -> None:
    callback, clock = resettle
    frozen_at = []
    gc.callbacks.remove(callback)  # told of a full collection directly, each simulated second
    for _ in range(160):
        clock.now += 1
        before = callback.times
        callback("stop", {"generation": 2, "collected": 0, "uncollectable": 0})
        if callback.times > before:
            frozen_at.append(clock.now - 1000)
    assert frozen_at == [5, 15, 35, 75, 155]


@pytest.mark.parametrize(
    "command", [["serve", "--local"], ["connect", "--hq", "http://127.0.0.1:9"]]
)
def test_the_offices_own_servers_freeze_before_they_serve(
    command: list[str], unfrozen: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DENTIN_DATA_DIR", str(tmp_path))
    pairing = office_process.Pairing("http://127.0.0.1:9", 7, "credential")
    monkeypatch.setattr(office_process, "prepare", lambda *_a: (pairing, False))
    seen: dict[str, Any] = {}

    def run(coroutine: Any) -> None:
        coroutine.close()  # the server itself is not what this test is about
        seen["frozen"] = gc.get_freeze_count()
        seen["resettles"] = len(_resettles())

    monkeypatch.setattr(cli_connector.asyncio, "run", run)
    result = CliRunner().invoke(cli.app, ["office", *command])
    assert result.exit_code == 0, result.output
    assert seen["frozen"] > 10_000 and seen["resettles"] == 1
