"""The shipped gunicorn settings: what deployment and benchmarks/load_write.py run with."""
import gc
import multiprocessing
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def test_sync_workers_two_per_core_preloaded(monkeypatch):
    monkeypatch.delenv("MATCHMAKER_WORKERS", raising=False)
    monkeypatch.delenv("MATCHMAKER_BIND", raising=False)
    settings = runpy.run_path(str(CONF))
    assert settings["worker_class"] == "sync"
    assert settings["workers"] == 2 * multiprocessing.cpu_count()
    assert settings["preload_app"] is True
    assert settings["bind"] == "127.0.0.1:8000"


def test_environment_overrides_bind_and_workers(monkeypatch):
    monkeypatch.setenv("MATCHMAKER_WORKERS", "7")
    monkeypatch.setenv("MATCHMAKER_BIND", "0.0.0.0:9000")
    settings = runpy.run_path(str(CONF))
    assert (settings["workers"], settings["bind"]) == (7, "0.0.0.0:9000")


def test_objects_of_the_preloaded_app_are_frozen_before_a_fork():
    settings = runpy.run_path(str(CONF))
    before = gc.get_freeze_count()
    try:
        settings["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
