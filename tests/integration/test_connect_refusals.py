"""A database that refuses the connection for a reason asking again cannot change (no such
database, no such user, a wrong password) is a one-line configuration error, not a
retryable outage; a server that is not there stays retryable."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from hf_crawler import errors
from hf_crawler.store import db
from tests.conftest import make_settings


def with_database(dsn: str, database: str) -> str:
    return urlsplit(dsn)._replace(path=f"/{database}").geturl()


def with_user(dsn: str, user: str) -> str:
    parts = urlsplit(dsn)
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{user}:s3cret-pw@{host}").geturl()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda dsn: with_database(dsn, "no_such_database"), "does not exist"),
        (lambda dsn: with_user(dsn, "no_such_user"), "no_such_user"),
    ],
)
async def test_a_refusal_that_asking_again_cannot_change_is_a_config_error(
    pg_dsn: str, change: object, said: str
) -> None:
    dsn = change(pg_dsn)  # type: ignore[operator]
    with pytest.raises(errors.ConfigError, match=said) as caught:
        await db.create_pool(dsn, make_settings(database_url=dsn))
    assert not errors.is_retryable(caught.value)
    assert "\n" not in str(caught.value) and "s3cret-pw" not in str(caught.value)


async def test_a_server_that_is_not_there_stays_retryable(tmp_path: object) -> None:
    dsn = "postgresql://postgres@127.0.0.1:1/postgres"
    with pytest.raises(errors.DatabaseUnavailable) as caught:
        await db.create_pool(dsn, make_settings(database_url=dsn, connect_timeout_s=2.0))
    assert errors.is_retryable(caught.value)
