"""Named SQL: every file has a name, the schema is the only splice, and it is checked."""

from __future__ import annotations

import dataclasses
import re

import pytest

from hf_crawler import queries


def test_every_query_file_has_a_field_and_every_field_a_file() -> None:
    files = {p.stem for p in (queries.sql_dir() / "queries").glob("*.sql")}
    assert files == {f.name for f in dataclasses.fields(queries.Queries)}


def test_rendering_points_every_table_at_the_schema() -> None:
    q = queries.for_schema("crawl_test")
    for text in dataclasses.astuple(q):
        assert not re.search(r"\bhf\.", text)
    assert '"crawl_test".models' in q.merge_models
    assert all('"crawl_test".' in m.sql for m in queries.migrations("crawl_test"))


def test_migrations_are_numbered_from_1_without_gaps_or_repeats() -> None:
    versions = [m.version for m in queries.migrations()]
    assert versions == list(range(1, len(versions) + 1))


@pytest.mark.parametrize("schema", ["hf; DROP TABLE x", "Hf", "1abc", "a" * 64, ""])
def test_a_schema_that_is_not_an_identifier_is_refused(schema: str) -> None:
    with pytest.raises(ValueError, match="not a plain lower-case identifier"):
        queries.render("SELECT 1 FROM hf.models", schema)


def test_no_sql_text_lives_in_the_package() -> None:
    package = queries.sql_dir().parent / "hf_crawler"
    for path in package.rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"\b(INSERT INTO|DELETE FROM|UPDATE \w+\.\w+ SET)\b", text), path
