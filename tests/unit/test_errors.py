"""The error tree: what is shown for a failure, and which exit code it gets."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from hf_crawler import errors
from hf_crawler.cli import main as cli
from hf_crawler.crawl import metrics
from hf_crawler.crawl.dryrun import JsonLinesSink
from hf_crawler.errors import phase
from hf_crawler.store import db


def test_a_bug_beside_an_expected_error_is_the_one_shown() -> None:
    bug = KeyError("oops")
    group = ExceptionGroup("run", [errors.HubRejected("u", 404, "gone"), bug])
    assert errors.first_cause(group) is bug


def test_nested_groups_give_their_first_crawler_error() -> None:
    first = errors.DatabaseUnavailable("lost")
    group = ExceptionGroup("run", [ExceptionGroup("inner", [first]), errors.MergeFailed("x")])
    assert errors.first_cause(group) is first


def test_only_retryable_classes_say_so() -> None:
    assert errors.is_retryable(errors.RateLimited("u", 1.0, "slow down"))
    assert not errors.is_retryable(errors.HubRejected("u", 400, "bad"))
    assert not errors.is_retryable(ValueError("not ours"))


def test_the_innermost_phase_marks_an_error_once() -> None:
    failure = errors.MergeFailed("deriving rankings: timeout")
    with pytest.raises(ExceptionGroup), phase("crawling"), phase("deriving rankings"):
        raise ExceptionGroup("run", [failure])
    assert failure.phase == "deriving rankings"


@pytest.mark.parametrize(
    ("phase_name", "code"),
    [(None, 2), ("connecting", 2), ("listing tasks", 2), ("crawling", 1), ("deriving rankings", 1)],
)
def test_the_exit_code_follows_the_phase_a_run_failed_in(phase_name: str | None, code: int) -> None:
    failure = errors.MergeFailed("refused")
    failure.phase = phase_name
    assert cli._report_failure(failure) == code


def test_a_bug_is_raised_with_its_traceback_not_summarised() -> None:
    with pytest.raises(ExceptionGroup):
        cli._report_failure(ExceptionGroup("run", [errors.MergeFailed("x"), KeyError("bug")]))


async def test_a_client_bug_in_asyncpg_is_not_taken_for_a_database_gone() -> None:
    bug = asyncpg.exceptions.InterfaceError("another operation is in progress")
    with pytest.raises(asyncpg.exceptions.InterfaceError) as raised:
        async with db.translated("merging"):
            raise bug
    assert raised.value is bug  # not retried, shown whole
    with pytest.raises(errors.DatabaseUnavailable):
        async with db.translated("merging"):
            raise asyncpg.exceptions.InterfaceError("connection is closed")


def test_a_local_file_that_cannot_be_written_is_an_output_failure_with_its_cause(
    tmp_path: Path,
) -> None:
    with pytest.raises(errors.OutputFailed) as raised:
        JsonLinesSink.open(tmp_path)  # a directory
    assert not isinstance(raised.value, errors.ConfigError)
    assert isinstance(raised.value.__cause__, IsADirectoryError)
    with pytest.raises(errors.OutputFailed) as raised:
        metrics.write(tmp_path, "")  # a directory cannot be replaced by a file
    assert isinstance(raised.value.__cause__, OSError)
