"""Behind a transaction pooler (PgBouncer, as Supabase's port 6543): prepared statements do
not survive between transactions, so the crawl must work with the statement cache off."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from tests.conftest import Database, StartHub, make_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pooler(pg_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """PgBouncer in transaction mode in front of the test Postgres; yields its DSN."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    assert Path(binary).exists(), "pgbouncer is not installed: apt-get install pgbouncer"
    home = tmp_path_factory.mktemp("pgbouncer")
    home.chmod(0o755)
    port = free_port()
    server = urlsplit(pg_dsn)
    role = unquote(server.username or "postgres")
    (home / "users.txt").write_text(f'"{role}" ""\n')
    (home / "pgbouncer.ini").write_text(
        f"[databases]\npostgres = {_server_address(pg_dsn)} user={role}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nauth_type = trust\n"
        f"auth_file = {home}/users.txt\npool_mode = transaction\nunix_socket_dir =\n"
        "default_pool_size = 2\nserver_round_robin = 1\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    for f in home.iterdir():
        f.chmod(0o644)
    # PgBouncer refuses to run as root; the embedded Postgres's own user can reach its socket.
    user = ["-u", "pgserver"] if shutil.which("id") and _is_root() else []
    proc = subprocess.Popen(  # noqa: S603
        [binary, *user, "-q", str(home / "pgbouncer.ini")], stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(port)
        yield f"postgresql://{role}@127.0.0.1:{port}/postgres"
    finally:
        proc.terminate()
        proc.wait(10)


def _server_address(pg_dsn: str) -> str:
    """Where PgBouncer finds the test Postgres, in its connection-string words: the
    embedded server's socket directory, or a host, port and password (TEST_DATABASE_URL)."""
    parts = urlsplit(pg_dsn)
    database = parts.path.lstrip("/") or "postgres"
    socket_dir = parse_qs(parts.query).get("host")
    if socket_dir:
        return f"host={socket_dir[0]} dbname={database}"
    password = f" password={unquote(parts.password)}" if parts.password else ""
    return f"host={parts.hostname} port={parts.port or 5432} dbname={database}{password}"


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def _wait_for(port: int) -> None:
    for _ in range(100):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise AssertionError("pgbouncer did not start")


async def test_two_crawls_and_the_history_through_a_transaction_pooler(
    start_hub: StartHub, database: Database, pooler: str
) -> None:
    spec = CatalogueSpec(tasks=4, models_per_task=50, overlap=0.3, seed=6)
    async with start_hub(spec=spec) as hub:
        options = {
            "endpoint": hub.url,
            "database_url": f"{pooler}?pgbouncer=true",
            "schema": database.schema,
            "limit_per_task": 20,
            "batch_size": 30,
        }
        first = await pipeline.run(make_settings(**options), asyncio.Event())
        hub.catalogue.reshuffle(seed=2, fraction=0.5)
        second = await pipeline.run(make_settings(**options), asyncio.Event())
        truth = hub.catalogue.ground_truth(limit=20).rankings
    assert (first.status, second.status) == ("succeeded", "succeeded")
    assert await database.rankings() == truth
    assert await database.value("SELECT count(*) FROM hf.task_runs") == 8
