"""Named SQL: every file has a name, the schema is the only splice, and it is checked."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest

from hf_crawler.entities.models import ModelRecord
from hf_crawler.store import queries
from hf_crawler.store.loader import STAGE_CODE_COLUMNS, STAGE_MODEL_COLUMNS


def test_every_query_file_has_a_field_and_every_field_a_file() -> None:
    files = {p.stem for p in (queries.sql_dir() / "queries").glob("*.sql")}
    assert files == queries.NAMES


def test_rendering_points_every_table_at_the_schema() -> None:
    q = queries.for_schema("crawl_test")
    for text in (getattr(q, name) for name in queries.NAMES):
        assert not re.search(r"\bhf\.", text)
    assert '"crawl_test".models' in q.merge_models
    assert all('"crawl_test".' in m.sql for m in queries.migrations("crawl_test"))


def test_migrations_are_numbered_from_1_without_gaps_or_repeats() -> None:
    versions = [m.version for m in queries.migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_two_migrations_of_one_version_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name in ("0001_create.sql", "0002_add_a.sql", "0002_add_b.sql"):
        (folder / name).write_text("SELECT 1;\n")
    monkeypatch.setattr(queries, "sql_dir", lambda: tmp_path)
    with pytest.raises(ImportError, match=r"0002_add_a\.sql and 0002_add_b\.sql have one version"):
        queries.migrations()


@pytest.mark.parametrize("schema", ["hf; DROP TABLE x", "Hf", "1abc", "a" * 64, ""])
def test_a_schema_that_is_not_an_identifier_is_refused(schema: str) -> None:
    with pytest.raises(ValueError, match="not a plain lower-case identifier"):
        queries.render("SELECT 1 FROM hf.models", schema)


def test_a_schema_that_is_not_an_identifier_is_refused_before_any_statement_is_read() -> None:
    with pytest.raises(ValueError, match="not a plain lower-case identifier"):
        queries.Queries("hf; DROP TABLE x")


def test_a_statement_is_read_on_first_use_only_and_an_unknown_name_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[str] = []
    read = queries._read

    def counted(name: str) -> str:
        reads.append(name)
        return read(name)

    monkeypatch.setattr(queries, "_read", counted)
    q = queries.Queries("lazy_test")
    assert reads == []
    first, again = q.merge_models, q.merge_models
    assert first is again and '"lazy_test".models' in first and reads == ["merge_models"]
    with pytest.raises(AttributeError, match="no query named 'merge_model'"):
        getattr(q, "merge_model")  # noqa: B009  # a typo is an error, not an empty statement


def test_no_sql_text_lives_in_the_package() -> None:
    package = queries.sql_dir().parent / "hf_crawler"
    for path in package.rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"\b(INSERT INTO|DELETE FROM|UPDATE \w+\.\w+ SET)\b", text), path


def test_a_model_s_columns_are_listed_once_and_the_staging_sql_follows_them() -> None:
    fields = [f.name for f in msgspec.structs.fields(ModelRecord) if f.name != "dropped"]
    assert sorted(STAGE_MODEL_COLUMNS) == sorted(fields)  # the record is the definition
    q = queries.for_schema()
    staged = re.findall(r"^\s+([a-z_]+)\s", q.create_stage_models, re.MULTILINE)
    assert staged == [*STAGE_MODEL_COLUMNS, *STAGE_CODE_COLUMNS]
    merge = q.merge_models
    inserted = re.search(r"\.models AS m \(([^)]*)\)", merge)
    assert inserted is not None
    names = [n.strip() for n in inserted[1].split(",")]
    assert names == [*STAGE_MODEL_COLUMNS, *STAGE_CODE_COLUMNS]
    selected = merge[merge.index("SELECT") : merge.index("FROM stage_models")]
    assert re.findall(r"\bs\.([a-z_]+)", selected) == [*STAGE_MODEL_COLUMNS, *STAGE_CODE_COLUMNS]
    updated = re.findall(r"^\s+([a-z_]+) = excluded\.\1,?$", merge, re.MULTILINE)
    assert updated == [c for c in STAGE_MODEL_COLUMNS if c != "model_id"]
