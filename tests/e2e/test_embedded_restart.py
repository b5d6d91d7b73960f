"""An embedded Postgres that was killed stays a zombie until init reaps it; a command that
starts the server waits for that instead of taking the zombie for a live server (whose
address it would hand out), and says so in one line if it never comes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hf_crawler import errors
from hf_crawler.store import embedded


@pytest.fixture
def zombie() -> Iterator[subprocess.Popen[bytes]]:
    """A child that exited and that nobody reaped yet."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while embedded.process_runs(proc.pid):  # until /proc says it is a zombie
        assert time.monotonic() < deadline
        time.sleep(0.01)
    yield proc
    proc.wait()


def pid_file(pgdata: Path, pid: int) -> None:
    (pgdata / "postmaster.pid").write_text(f"{pid}\n{pgdata}\n")


def test_a_killed_server_is_waited_for_until_it_is_reaped(
    tmp_path: Path, zombie: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file(tmp_path, zombie.pid)
    waits = []

    def init_reaps(seconds: float) -> None:
        waits.append(seconds)
        zombie.wait()  # what init does, in its own time

    monkeypatch.setattr(time, "sleep", init_reaps)
    embedded.wait_until_reaped(tmp_path)
    assert waits  # it waited while the pid named a zombie
    with pytest.raises(ProcessLookupError):
        os.kill(zombie.pid, 0)  # and returned once the pid named nothing


def test_a_zombie_that_is_never_reaped_is_one_line(
    tmp_path: Path, zombie: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file(tmp_path, zombie.pid)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    with pytest.raises(errors.DatabaseUnavailable, match=f"died \\(pid {zombie.pid}\\)"):
        embedded.wait_until_reaped(tmp_path, timeout_s=0.01)


def test_a_live_server_or_none_is_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", pytest.fail)
    embedded.wait_until_reaped(tmp_path)  # no pid file
    pid_file(tmp_path, os.getpid())
    embedded.wait_until_reaped(tmp_path)  # a running process
