"""``dentin serve`` moves the app it built out of the cyclic garbage collector's view before it
serves, so a full collection never re-scans the app's own objects under load."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from dentin import cli, serving
from dentin.config import Settings
from dentin.runtime import Runtime


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the session must collect what this test froze


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
