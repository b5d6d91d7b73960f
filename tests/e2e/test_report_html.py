"""The HTML report, looked at in a real browser (headless Chromium): every chart drawn, no
request leaving the page, nothing in the console; and the one-run page says why it has no
charts over runs."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hf_crawler.crawl import pipeline
from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.reports import chart_data, report
from tests.conftest import Database, RunningHub, StartHub, make_settings
from tests.e2e.browser import PageVisit, chromium, visit

SPEC = CatalogueSpec(tasks=5, models_per_task=40, overlap=0.3, seed=17)
CHARTS = """(() => ({
  charts: Array.from(document.querySelectorAll('svg.chart')).map(svg => {
    const box = svg.getBoundingClientRect();
    const marks = Array.from(svg.querySelectorAll('.mark'));
    const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; });
    return {name: svg.dataset.chart, width: box.width, height: box.height,
            marks: marks.length, drawn: drawn.length,
            title: svg.querySelector('title').textContent,
            axisTitles: svg.querySelectorAll('.axis-title').length};
  }),
  notes: Array.from(document.querySelectorAll('.note')).map(n => n.textContent),
  tables: document.querySelectorAll('table').length,
}))()"""


async def page_after_runs(
    hub: RunningHub, database: Database, runs: int, tmp_path: Path
) -> tuple[Path, list[str]]:
    settings = make_settings(
        endpoint=hub.url, database_url=database.dsn, schema=database.schema, limit_per_task=20
    )
    for n in range(runs):
        await pipeline.run(settings, asyncio.Event())
        hub.catalogue.reshuffle(seed=n + 1, fraction=0.5)
    page = tmp_path / "report.html"
    page.write_text(await report.build(settings, "html", top=10), encoding="utf-8")
    tasks = [
        task
        for task, _ in sorted(
            ((t, len(ids)) for t, ids in (await database.rankings()).items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
    ][: chart_data.TASKS_SHOWN]
    return page, tasks


async def charts_after_runs(
    start_hub: StartHub, database: Database, runs: int, tmp_path: Path
) -> tuple[Path, list[str], PageVisit]:
    """The report page after `runs` crawls, the tasks it charts, and what Chromium saw."""
    async with start_hub(spec=SPEC) as hub:
        page, tasks = await page_after_runs(hub, database, runs, tmp_path)
    async with chromium(tmp_path / "profile") as browser:
        return page, tasks, await visit(browser, page.as_uri(), CHARTS)


async def test_three_runs_draw_every_chart_offline_with_a_clean_console(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    page, tasks, seen = await charts_after_runs(start_hub, database, 3, tmp_path)
    charts = {c["name"]: c for c in seen.result["charts"]}
    expected = {"movers", "models-per-task", "license-mix"}
    expected |= {f"{kind}:{task}" for task in tasks for kind in ("downloads", "ranks")}
    assert set(charts) == expected
    for name, chart in charts.items():
        assert chart["width"] > 100 and chart["height"] > 100, name
        assert chart["drawn"] > 0 and chart["title"] and chart["axisTitles"] >= 1, name
    for name in ("movers", "models-per-task", "license-mix"):
        assert charts[name]["drawn"] == charts[name]["marks"], name  # every bar has a size
    assert seen.result["notes"] == [] and seen.result["tables"] >= 4
    assert seen.requests == [page.as_uri()]  # the page itself, nothing else
    assert seen.console_errors == []
    assert seen.screenshot.startswith(b"\x89PNG") and len(seen.screenshot) > 50_000
    (tmp_path / "report.png").write_bytes(seen.screenshot)


async def test_one_run_says_the_charts_over_runs_need_two(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    page, _, seen = await charts_after_runs(start_hub, database, 1, tmp_path)
    assert {c["name"] for c in seen.result["charts"]} == {"models-per-task", "license-mix"}
    (note,) = seen.result["notes"]
    assert "need two" in note
    assert seen.requests == [page.as_uri()] and seen.console_errors == []
