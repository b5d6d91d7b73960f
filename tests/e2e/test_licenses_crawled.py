"""A crawl of the fake Hub classes every model's licence: each licence id it serves has a
row in hf.licenses (`other:<name>`, a licence of the repo's own, is `other`), and each
model's class is its licence's."""

from __future__ import annotations

from tests.conftest import Database, StartHub
from tests.e2e.test_pipeline import SPEC, crawl

UNLISTED = """
SELECT DISTINCT split_part(license, ':', 1) FROM hf.models WHERE license IS NOT NULL
EXCEPT SELECT license_id FROM hf.licenses
"""
MISCLASSED = """
SELECT m.model_id FROM hf.models AS m
LEFT JOIN hf.licenses AS l ON l.license_id = split_part(m.license, ':', 1)
WHERE m.license_class IS DISTINCT FROM
      CASE WHEN m.license IS NOT NULL THEN coalesce(l.class, 'unknown') END
"""


async def test_every_licence_a_crawl_stores_is_listed_and_each_model_classed(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
    assert await database.fetch(UNLISTED) == []
    assert await database.fetch(MISCLASSED) == []
    classes = await database.fetch("SELECT DISTINCT license_class FROM hf.models")
    assert {r["license_class"] for r in classes} >= {"permissive", "restricted", "non-commercial"}
