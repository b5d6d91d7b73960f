"""Shared fixtures: a scrubbed environment, fake time, and a fake Hub on a real socket."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import asyncpg
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from hf_crawler.config.settings import Settings
from hf_crawler.fakehub.app import HubState, running
from hf_crawler.fakehub.catalogue import Catalogue, CatalogueSpec
from hf_crawler.fakehub.faults import Dice, Faults
from hf_crawler.fakehub.quota import FixedWindowQuota
from hf_crawler.store import embedded, migrate

TIERS = {
    "unit": "unit",
    "integration": "integration",
    "e2e": "e2e",
    "conformance": "e2e",
    "upgrades": "upgrade",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier, from the folder it is in."""
    for item in items:
        folder = item.path.parent.name
        if folder in TIERS:
            item.add_marker(TIERS[folder])


@pytest.fixture(autouse=True)
def _scrub_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test may see the developer's tokens, token file, endpoints, proxies or databases."""
    for name in list(os.environ):
        if name.startswith(("HF_", "HUGGING_FACE_", "PG")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)
        if name.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
            monkeypatch.delenv(name)
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("HF_HOME", str(base / "hf-home-without-token"))
    # The embedded database's and the user .env's default homes: never the developer's.
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))


# Property tests find inputs, they do not time them: no deadline and no "too slow" check,
# whose verdicts would depend on the machine (and on a tracer such as mutmut's).
hypothesis_settings.register_profile(
    "hf_crawler", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("hf_crawler")


@dataclass
class FakeTime:
    """A clock that only moves when someone sleeps; records every sleep."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@dataclass
class RunningHub:
    url: str
    state: HubState

    @property
    def catalogue(self) -> Catalogue:
        return self.state.catalogue


StartHub = Callable[..., AbstractAsyncContextManager[RunningHub]]


def hub_state(
    spec: CatalogueSpec | None = None,
    faults: Faults | None = None,
    quota: FixedWindowQuota | None = None,
) -> HubState:
    spec = spec or CatalogueSpec(tasks=4, models_per_task=60, overlap=0.3, seed=7)
    faults = faults or Faults()
    return HubState(Catalogue(spec), faults, quota or FixedWindowQuota(), Dice(faults.seed))


@pytest.fixture
def start_hub() -> StartHub:
    """`async with start_hub(spec=..., faults=...) as hub:` serves a fake Hub on 127.0.0.1."""

    @asynccontextmanager
    async def start(**kwargs: object) -> AsyncIterator[RunningHub]:
        state = hub_state(**kwargs)  # type: ignore[arg-type]
        async with running(state) as url:
            yield RunningHub(url, state)

    return start


# --- Postgres: one embedded server per test session, one fresh schema per test ---------


@pytest.fixture(scope="session")
def pg_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Postgres: TEST_DATABASE_URL if set, else an embedded server for the session."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given
        return
    server = embedded.pgserver().get_server(
        tmp_path_factory.mktemp("pg") / "pgdata", cleanup_mode="delete"
    )
    yield str(server.get_uri())
    server.cleanup()


@dataclass
class Database:
    dsn: str
    schema: str

    async def fetch(self, sql: str, *args: object) -> list[asyncpg.Record]:
        """Run a test's own SQL; `hf.` in it means this test's schema."""
        conn = await asyncpg.connect(self.dsn)
        try:
            return await conn.fetch(sql.replace("hf.", f"{self.schema}."), *args)
        finally:
            await conn.close()

    async def value(self, sql: str, *args: object) -> Any:
        """The first column of the first row (Any: the test knows what its SQL returns)."""
        rows = await self.fetch(sql, *args)
        return rows[0][0]

    async def rankings(self) -> dict[str, tuple[str, ...]]:
        rows = await self.fetch(
            "SELECT task_id, model_id FROM hf.model_tasks ORDER BY task_id, rank_in_task"
        )
        found: dict[str, list[str]] = {}
        for row in rows:
            found.setdefault(row["task_id"], []).append(row["model_id"])
        return {task: tuple(ids) for task, ids in found.items()}


# The password the tests give the roles they create: a server that asks for one over TCP
# (TEST_DATABASE_URL, make test-tcp) needs it; the embedded one trusts its socket.
ROLE_PASSWORD = "role-pw-for-tests"


def login(
    dsn: str, *, user: str | None = None, password: str | None = None, database: str | None = None
) -> str:
    """`dsn` as another role (with its password) or to another database, on the same
    server: host, port and query (a socket directory) kept."""
    parts = urlsplit(dsn)
    credentials, _, address = parts.netloc.rpartition("@")
    old_user, _, old_password = credentials.partition(":")
    name = quote(user, safe="") if user is not None else old_user
    secret = quote(password, safe="") if password is not None else old_password
    path = f"/{database}" if database is not None else parts.path
    return parts._replace(netloc=f"{name}:{secret}@{address}", path=path).geturl()


def pairs(rows: list[asyncpg.Record]) -> dict[Any, Any]:
    """Two-column rows as a mapping of the first column to the second."""
    return {row[0]: row[1] for row in rows}


@pytest.fixture
async def database(pg_dsn: str) -> AsyncIterator[Database]:
    schema = f"t_{secrets.token_hex(6)}"
    yield Database(pg_dsn, schema)
    conn = await asyncpg.connect(pg_dsn)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    finally:
        await conn.close()


@pytest.fixture
async def migrated(pg_dsn: str, database: Database) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the server of the test's schema, the schema migrated to the latest
    version."""
    pool = await asyncpg.create_pool(pg_dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema)
    finally:
        await pool.close()
    connection = await asyncpg.connect(pg_dsn)
    yield connection
    await connection.close()


def make_settings(**overrides: object) -> Settings:
    """Settings for a fast test run; every test names its endpoint and database."""
    values: dict[str, object] = {
        "rps": 1000.0,
        "concurrency": 4,
        "connect_timeout_s": 5.0,
        "read_timeout_s": 5.0,
        "max_tries": 4,
        "backoff_base_s": 0.01,
        "log_format": "json",
        "drain_timeout_s": 5.0,
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]
