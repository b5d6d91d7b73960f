"""Named SQL: every file has a name, the schema is the only splice, and it is checked."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest

from hf_crawler.entities.catalogue import ENTITIES
from hf_crawler.entities.collections import CollectionRecord
from hf_crawler.entities.datasets import DatasetRecord
from hf_crawler.entities.entity import Entity
from hf_crawler.entities.models import MODELS, ModelRecord
from hf_crawler.entities.spaces import SpaceRecord
from hf_crawler.store import queries, statements


def test_every_query_file_has_a_field_and_every_field_a_file() -> None:
    files = {p.stem for p in (queries.sql_dir() / "queries").glob("*.sql")}
    assert files == queries.NAMES
    templates = {p.stem for p in (queries.sql_dir() / "templates").glob("*.sql")}
    assert templates == set(statements.TEMPLATES)


def test_rendering_points_every_table_at_the_schema() -> None:
    q = queries.for_schema("crawl_test")
    for text in (getattr(q, name) for name in queries.NAMES):
        assert not re.search(r"\bhf\.", text)
    assert '"crawl_test".tasks' in q.merge_tasks
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
    first, again = q.merge_tasks, q.merge_tasks
    assert first is again and '"lazy_test".tasks' in first and reads == ["merge_tasks"]
    with pytest.raises(AttributeError, match="no query named 'merge_task'"):
        getattr(q, "merge_task")  # noqa: B009  # a typo is an error, not an empty statement


def test_no_sql_text_lives_in_the_package() -> None:
    package = queries.sql_dir().parent / "hf_crawler"
    for path in package.rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"\b(INSERT INTO|DELETE FROM|UPDATE \w+\.\w+ SET)\b", text), path


# Each entity's record, and the fields it holds only because every record offers them to
# the engine (a Space has no downloads and is never gated; the Hub sends none).
RECORDS: dict[str, tuple[type[msgspec.Struct], set[str]]] = {
    "models": (ModelRecord, set()),
    "datasets": (DatasetRecord, set()),
    "spaces": (SpaceRecord, {"downloads", "downloads_all_time", "gated"}),
    "collections": (CollectionRecord, set()),
}


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_an_entity_s_columns_are_its_record_s_and_the_templates_follow_them(
    entity: Entity[Any],
) -> None:
    record, unstored = RECORDS[entity.name]
    fields = [f.name for f in msgspec.structs.fields(record) if f.name != "dropped"]
    sent = [entity.id_column, *(["tags"] if entity.tagged else []), *entity.columns]
    assert sorted(sent) == sorted(set(fields) - unstored)  # the record is the definition
    stored = [*sent, *entity.derived]  # and what the store derives beside it
    s = statements.for_entity(entity)
    codes = [entity.key_column, "first_run_id"]
    staged = s.create_stage[s.create_stage.index("SELECT") : s.create_stage.index("FROM")]
    assert [c.split()[-1] for c in staged.removeprefix("SELECT").split(",")] == [*sent, *codes]
    merge = s.merge
    inserted = re.search(rf"\.{entity.name} AS m \(([^)]*)\)", merge)
    assert inserted is not None
    assert [n.strip() for n in inserted[1].split(",")] == [*stored, *codes]
    selected = merge[merge.index("SELECT") : merge.index(f"FROM {s.stage}")]
    sent_values = [f"s.{c}" for c in sent]
    assert selected.removeprefix("SELECT ").startswith(", ".join(sent_values))
    for column in entity.derived:  # each computed from the staged row by its fragment
        assert f"({statements._fragment(f'{entity.name}_{column}')})" in selected
    if entity.derived:  # reading the tables it needs through one join for the whole batch
        joins = statements._fragment(f"{entity.name}_joins")
        assert joins.startswith("LEFT JOIN hf.")
        assert f"FROM {s.stage} AS s {queries.render(joins, 'hf')}" in merge
    updated = re.findall(r"\b([a-z_]+) = excluded\.\1\b", merge)
    assert updated == stored[1:]


def test_a_template_names_only_what_an_entity_describes() -> None:
    with pytest.raises(ValueError, match=r"unknown placeholder '\{tabel\}'"):
        statements.for_entity(MODELS).expand("SELECT 1 FROM hf.{tabel}")
    odd = dataclasses.replace(MODELS, columns=("likes", "likes; DROP TABLE x"))
    with pytest.raises(ValueError, match="is not a plain lower-case identifier"):
        statements.Statements(odd, "hf")
