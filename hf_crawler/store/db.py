"""How we connect (a pool, its statement cache) and the error boundary that translates the
driver's failures into ours.

Behind a transaction pooler (Supabase's port 6543, PgBouncer) prepared statements do not
survive between transactions, so asyncpg's statement cache is turned off there.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
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
