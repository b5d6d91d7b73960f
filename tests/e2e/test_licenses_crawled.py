"""A crawl of the fake Hub classes every model's licence: each licence id it serves has a
row in hf.licenses (`other:<name>`, a licence of the repo's own, is `other`), and each
model's class is its licence's."""

from __future__ import annotations

import asyncpg

from hf_crawler.reports import html_page, report
from hf_crawler.reports.chart_data import ChartData
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


async def test_the_report_counts_the_ranked_models_by_licence_class(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
    pool = await asyncpg.create_pool(database.dsn, min_size=1, max_size=1)
    try:
        data = await report.gather(pool, database.schema)
    finally:
        await pool.close()
    classes = {row["license_class"]: row for row in data["license_classes"]}
    ranked = await database.value("SELECT count(DISTINCT model_id) FROM hf.model_tasks")
    assert sum(row["models"] for row in classes.values()) == ranked
    others = await database.value(
        "SELECT count(*) FROM hf.models AS m WHERE m.license LIKE 'other%'"
        " AND EXISTS (SELECT 1 FROM hf.model_tasks AS t WHERE t.model_id = m.model_id)"
    )
    assert others > 0 and classes["unknown"]["other"] == others
    assert classes["permissive"]["unlisted"] == 0
    assert "Licence classes of the ranked models" in report.render(data, "table")
    assert "## Licence Classes of the Ranked Models" in report.render(data, "markdown")
    page = html_page.render(data, ChartData())
    assert "<h2>Licence classes of the ranked models</h2>" in page
