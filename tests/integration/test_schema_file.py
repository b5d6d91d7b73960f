"""`sql/schema.sql` is the schema the migrations make, `docs/schema.md` its reference, and
every object in it says what it holds: a migration that changes the schema without
`make schema` fails here."""

from __future__ import annotations

import difflib

import asyncpg

from tests.conftest import Database
from tools import schema

UNDESCRIBED = """
SELECT kind || ' ' || name FROM (
    SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS kind,
           c.relname::text AS name, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class AS c
    WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'v', 'm')
    UNION ALL
    SELECT 'column', c.relname || '.' || a.attname, col_description(c.oid, a.attnum)
    FROM pg_class AS c
    JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'v', 'm')
    UNION ALL
    SELECT 'function', p.oid::regprocedure::text, obj_description(p.oid, 'pg_proc')
    FROM pg_proc AS p
    WHERE p.pronamespace = $1::regnamespace
) AS objects
WHERE coalesce(comment, '') = ''
ORDER BY 1
"""


async def test_the_migrations_make_exactly_the_schema_file_and_its_reference(pg_dsn: str) -> None:
    made = await schema.migrated_schema_and_reference(pg_dsn)
    for path, text in zip((schema.SCHEMA_FILE, schema.REFERENCE_FILE), made, strict=True):
        written = path.read_text()
        diff = difflib.unified_diff(
            written.splitlines(), text.splitlines(), str(path), "migrated", lineterm="", n=1
        )
        assert text == written, "run make schema:\n" + "\n".join(list(diff)[:80])


async def test_every_table_view_function_and_column_says_what_it_holds(
    migrated: asyncpg.Connection, database: Database
) -> None:
    undescribed = [row[0] for row in await migrated.fetch(UNDESCRIBED, database.schema)]
    assert undescribed == []
