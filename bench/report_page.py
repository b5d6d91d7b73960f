"""The report at scale: the fake Hub's 47 tasks x 1000, two crawls with the rankings moved
between them, then the time of `hf-crawl report` in each format beside a crawl's time, and
the HTML page's size and load time in headless Chromium. Writes bench-results/report.*.
`make bench-report` runs it (about a minute); `--data-dir DIR` measures an existing home."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import BIN, crawl, fakehub_cmd, measured, start  # noqa: E402  # bench/bench.py
from tests.e2e.browser import chromium, visit  # noqa: E402

LOAD = """(() => { const nav = performance.getEntriesByType('navigation')[0];
  return {load_ms: nav.loadEventEnd, charts: document.querySelectorAll('svg.chart').length}; })()"""


def crawls(data: Path, logs: Path) -> dict[str, object]:
    """Two crawls of the fake Hub into the embedded database in `data`."""
    hub, line = start(fakehub_cmd(47, 1000))
    url = json.loads(line)["url"]
    try:
        first = crawl("hf", url, "", logs, "--rps", "50", "--data-dir", str(data))
        reshuffle = f"{url}/_fake/reshuffle?seed=3&fraction=0.3"  # our own fake Hub, http
        request = urllib.request.Request(reshuffle, method="POST")  # noqa: S310
        urllib.request.urlopen(request, timeout=30).read()  # noqa: S310
        second = crawl("hf", url, "", logs, "--rps", "50", "--data-dir", str(data))
    finally:
        hub.terminate()
    return {"crawl_1_s": first["wall_s"], "crawl_2_s": second["wall_s"]}


def reports(data: Path, logs: Path, out: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    env = {**os.environ, "HF_CRAWL_LOG_LEVEL": "warning"}
    for fmt in ("table", "markdown", "json", "html"):
        cmd = [
            str(BIN / "hf-crawl"),
            "report",
            "--format",
            fmt,
            "--data-dir",
            str(data),
            "--output",
            str(out / f"report.{fmt}"),
        ]
        found[f"report_{fmt}_s"] = measured(cmd, env, logs / f"report-{fmt}.log")["wall_s"]
    found["html_bytes"] = (out / "report.html").stat().st_size
    return found


async def page(out: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as profile:
        async with chromium(Path(profile)) as browser:
            seen = await visit(browser, (out / "report.html").as_uri(), LOAD)
    (out / "report.png").write_bytes(seen.screenshot)
    return {
        **seen.result,
        "requests": len(seen.requests),
        "console_errors": len(seen.console_errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hf-report-") as home:
        logs, data = Path(home), args.data_dir or Path(home) / "data"
        started = time.perf_counter()
        result = {} if args.data_dir else crawls(data, logs)
        result |= reports(data, logs, out) | asyncio.run(page(out))
        if not args.data_dir:
            stop = [str(BIN / "hf-crawl"), "db-stop", "--data-dir", str(data)]
            measured(stop, dict(os.environ), logs / "db-stop.log")
        result["total_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
