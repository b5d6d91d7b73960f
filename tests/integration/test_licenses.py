"""What a model's licence lets its users do: hf.licenses holds every licence id the Hub
offers, each classed, and every merge writes the class of each model's licence."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from msgspec.structs import replace

from hf_crawler.records import Batch
from hf_crawler.store import migrate
from hf_crawler.store.loader import PostgresSink
from tests.conftest import Database, pairs
from tests.integration.test_loader import merge, model

# The licence ids of the Hub's documentation (https://huggingface.co/docs/hub/repositories-licenses,
# the table between its "region licenses" marks), as of 2026-12-06.
HUB_LICENSE_IDS = frozenset(
    [
        "apache-2.0",
        "mit",
        "openrail",
        "bigscience-openrail-m",
        "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0",
        "bigcode-openrail-m",
        "afl-3.0",
        "artistic-2.0",
        "bsl-1.0",
        "bsd",
        "bsd-2-clause",
        "bsd-3-clause",
        "bsd-3-clause-clear",
        "c-uda",
        "cc",
        "cc0-1.0",
        "cc-by-2.0",
        "cc-by-2.5",
        "cc-by-3.0",
        "cc-by-4.0",
        "cc-by-sa-3.0",
        "cc-by-sa-4.0",
        "cc-by-nc-2.0",
        "cc-by-nc-3.0",
        "cc-by-nc-4.0",
        "cc-by-nd-4.0",
        "cc-by-nc-nd-3.0",
        "cc-by-nc-nd-4.0",
        "cc-by-nc-sa-2.0",
        "cc-by-nc-sa-3.0",
        "cc-by-nc-sa-4.0",
        "cdla-sharing-1.0",
        "cdla-permissive-1.0",
        "cdla-permissive-2.0",
        "wtfpl",
        "ecl-2.0",
        "epl-1.0",
        "epl-2.0",
        "etalab-2.0",
        "eupl-1.1",
        "eupl-1.2",
        "agpl-3.0",
        "gfdl",
        "gpl",
        "gpl-2.0",
        "gpl-3.0",
        "lgpl",
        "lgpl-2.1",
        "lgpl-3.0",
        "isc",
        "h-research",
        "intel-research",
        "lppl-1.3c",
        "ms-pl",
        "apple-ascl",
        "apple-amlr",
        "mpl-2.0",
        "odc-by",
        "odbl",
        "openmdw-1.0",
        "openmdw-1.1",
        "openrail++",
        "osl-3.0",
        "postgresql",
        "ofl-1.1",
        "ncsa",
        "unlicense",
        "zlib",
        "pddl",
        "lgpl-lr",
        "deepfloyd-if-license",
        "fair-noncommercial-research-license",
        "llama2",
        "llama3",
        "llama3.1",
        "llama3.2",
        "llama3.3",
        "llama4",
        "grok2-community",
        "gemma",
        "unknown",
        "other",
    ]
)


@pytest.fixture
async def sink(database: Database) -> AsyncIterator[PostgresSink]:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=2)
    await migrate.apply(pool, database.schema)
    yield PostgresSink(pool, database.schema, "tag", timeout_s=60)
    await pool.close()


async def test_every_licence_the_hub_offers_has_a_row(
    sink: PostgresSink, database: Database
) -> None:
    rows = await database.fetch("SELECT license_id FROM hf.licenses")
    assert {row["license_id"] for row in rows} == HUB_LICENSE_IDS


@pytest.mark.parametrize(
    ("ids", "license_class", "commercial_use"),
    [
        (("apache-2.0", "mit", "bsd-3-clause", "cc-by-4.0"), "permissive", "yes"),
        (("gpl-3.0", "agpl-3.0", "cc-by-sa-4.0"), "copyleft", "yes"),
        (
            ("cc-by-nc-4.0", "cc-by-nc-sa-4.0", "fair-noncommercial-research-license"),
            "non-commercial",
            "no",
        ),
        (
            ("llama3.1", "llama4", "gemma", "openrail", "creativeml-openrail-m"),
            "restricted",
            "conditional",
        ),
        (("other", "unknown", "cc"), "unknown", "unknown"),
    ],
)
async def test_each_licence_is_classed_by_what_it_lets_users_do(
    sink: PostgresSink,
    database: Database,
    ids: tuple[str, ...],
    license_class: str,
    commercial_use: str,
) -> None:
    rows = await database.fetch(
        "SELECT license_id, class, commercial_use FROM hf.licenses WHERE license_id = ANY($1)",
        list(ids),
    )
    assert {(r["class"], r["commercial_use"]) for r in rows} == {(license_class, commercial_use)}
    assert len(rows) == len(ids)


async def test_a_merge_writes_the_class_of_each_models_licence(
    sink: PostgresSink, database: Database
) -> None:
    models = (
        replace(model("org/a"), license="apache-2.0"),
        replace(model("org/b"), license="Apache-2.0"),  # a card may write it in capitals
        replace(model("org/c"), license="cc-by-nc-4.0"),
        replace(model("org/d"), license="my-own-terms"),  # no id the Hub offers
        replace(model("org/e"), license=None),
        replace(model("org/f"), license="other:acme-model-licence"),  # `other` and its name
    )
    await merge(sink, Batch(models, {}))
    classes = pairs(await database.fetch("SELECT model_id, license_class FROM hf.models"))
    assert classes == {
        "org/a": "permissive",
        "org/b": "permissive",
        "org/c": "non-commercial",
        "org/d": "unknown",
        "org/e": None,
        "org/f": "unknown",
    }
    await merge(sink, Batch((replace(model("org/a"), license="llama3.1"),), {}))
    assert (
        await database.value("SELECT license_class FROM hf.models WHERE model_id = 'org/a'")
        == "restricted"
    )


async def test_an_unchanged_model_keeps_its_row_version(
    sink: PostgresSink, database: Database
) -> None:
    await merge(sink, Batch((model("org/a"),), {}))
    version = await database.value("SELECT xmin::text FROM hf.models")
    result = await merge(sink, Batch((model("org/a"),), {}))
    assert result.changed == 0
    assert await database.value("SELECT xmin::text FROM hf.models") == version


async def test_an_upgrade_classes_the_models_stored_before(database: Database) -> None:
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
    try:
        await migrate.apply(pool, database.schema, upto=30)
        await database.fetch(
            "INSERT INTO hf.models (model_id, license) VALUES"
            " ('org/a', 'mit'), ('org/b', 'other'), ('org/c', NULL)"
        )
        await migrate.apply(pool, database.schema)
    finally:
        await pool.close()
    classes = pairs(await database.fetch("SELECT model_id, license_class FROM hf.models"))
    assert classes == {"org/a": "permissive", "org/b": "unknown", "org/c": None}
