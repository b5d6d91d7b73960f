"""How heavy and how fast the HTML report is for the database in use: the time to build it,
its size, and the time headless Chromium takes to load and draw it; saves the page and a
screenshot in bench-results/. Run after some crawls:
`.venv/bin/python bench/report_page.py --data-dir DIR` (or with DATABASE_URL set)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hf_crawler import report  # noqa: E402
from hf_crawler.settings import Settings  # noqa: E402
from hf_crawler.sources import environment  # noqa: E402
from tests.e2e.browser import chromium, visit  # noqa: E402

LOAD = """(() => { const nav = performance.getEntriesByType('navigation')[0];
  return {load_ms: nav.loadEventEnd, charts: document.querySelectorAll('svg.chart').length}; })()"""


async def measure(settings: Settings, out: Path) -> dict[str, object]:
    started = time.perf_counter()
    page = await report.build(settings, "html", top=10)
    build_s = time.perf_counter() - started
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        async with chromium(Path(profile)) as browser:
            seen = await visit(browser, path.as_uri(), LOAD)
    (out / "report.png").write_bytes(seen.screenshot)
    return {"bytes": len(page.encode()), "build_s": round(build_s, 2), **seen.result,
            "requests": len(seen.requests), "console_errors": len(seen.console_errors)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    flags = {"data_dir": args.data_dir, "log_level": "warning"}
    settings = Settings.from_sources(flags, environment(), {})
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    print(json.dumps(asyncio.run(measure(settings, out))))


if __name__ == "__main__":
    main()
