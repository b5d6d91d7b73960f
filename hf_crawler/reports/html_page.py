"""`hf-crawl report --format html`: one self-contained page, charts first (plain SVG, no
script, no font or file fetched), then the tables of the Markdown report."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from hf_crawler.reports import links, svg
from hf_crawler.reports.chart_data import TOP_SHOWN, ChartData
from hf_crawler.reports.markdown import hub_of, run_row
from hf_crawler.reports.tables import cell
from hf_crawler.store.storage import Storage

LICENSES_SHOWN = 12
STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;
max-width:1480px;padding:0 16px;color:#1b1b1b;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.grid{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;padding:8px;border:1px solid #e3e3e3;
border-radius:6px}figcaption{max-width:640px;color:#444;margin-top:4px}
.note{background:#fff8e1;border:1px solid #f0d890;padding:8px 12px;border-radius:6px}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .title{font-size:13px;font-weight:600}
svg .axis-title{font-size:11px;fill:#555}
svg .axis{stroke:#999}table{border-collapse:collapse;margin:6px 0 14px;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f5f5f5}
td.num{text-align:right}.pass{color:#1a7f37}.fail{color:#c62828}
"""


def render(data: dict[str, Any], charts: ChartData) -> str:
    """The whole page as one string."""
    body = [
        _head(data, charts),
        "<h2>Trends</h2>",
        *_trend_charts(data, charts),
        "<h2>The catalogue now</h2>",
        _now_charts(charts),
        *_tables(data),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Hugging Face model catalogue: {escape(data['schema'])}</title>"
        f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _head(data: dict[str, Any], charts: ChartData) -> str:
    c, run = data["counts"], data["last_run"]
    latest = f"The latest run, {run['run_id']}, {escape(run['status'])}." if run else ""
    latest += f" Data from <code>{escape(hub_of(data))}</code>."
    return (
        f"<h1>Hugging Face model catalogue</h1><p>Schema <code>{escape(data['schema'])}</code> "
        f"holds {c['tasks']:,} tasks, {c['models']:,} models and {c['mappings']:,} "
        f"model-task rankings; {len(charts.runs)} run(s) covered tasks. "
        f"{latest}</p>"
    )


def _figure(chart: str, sentence: str) -> str:
    return f"<figure>{chart}<figcaption>{escape(sentence)}</figcaption></figure>"


def _trend_charts(data: dict[str, Any], charts: ChartData) -> list[str]:
    if len(charts.runs) < 2:
        return [
            '<p class="note">Only one run has covered tasks so far: the charts over runs '
            "(downloads, rank movements, movers) need two, and appear after the next "
            "crawl.</p>"
        ]
    x_labels = [f"#{run} {started:%m-%d %H:%M}" for run, started in charts.runs]
    return [_movers(data), *(_task_charts(task, charts, x_labels) for task in charts.tasks)]


def _task_charts(task: str, charts: ChartData, x_labels: list[str]) -> str:
    """A task's two charts side by side: its top models' downloads, and their ranks."""
    downloads = svg.lines(
        f"downloads:{task}",
        f"{task}: downloads of today's top {TOP_SHOWN}",
        x_labels,
        charts.downloads.get(task, {}),
        "downloads (30 days)",
    )
    ranks = svg.bump(
        f"ranks:{task}",
        f"{task}: rank movements in the top {TOP_SHOWN}",
        x_labels,
        charts.ranks.get(task, {}),
        TOP_SHOWN,
    )
    downloads_said = (
        "Each line is one of the task's current top models; its 30-day downloads as each "
        "run saw them (log scale)."
    )
    ranks_said = (
        f"Where each model stood in the task's top {TOP_SHOWN} at each run; a line that "
        f"stops left the top {TOP_SHOWN} there."
    )
    return (
        f'<h3>{escape(task)}</h3><div class="grid">'
        f"{_figure(downloads, downloads_said)}{_figure(ranks, ranks_said)}</div>"
    )


def _movers(data: dict[str, Any]) -> str:
    items = [(m["model_id"], float(m["growth"])) for m in data["movers"] if m["growth"] > 0]
    if not items:
        return '<p class="note">No model gained downloads between the last two runs.</p>'
    chart = svg.bars(
        "movers", "Biggest movers since the previous run", items, "downloads gained (30-day count)"
    )
    return _figure(
        chart,
        "Models whose 30-day downloads grew most between the last two runs "
        "that covered their tasks.",
    )


def _now_charts(charts: ChartData) -> str:
    per_task = svg.bars(
        "models-per-task",
        "Models per task",
        [(t, float(n)) for t, n in charts.models_per_task],
        "models ranked in the task",
    )
    mix = charts.license_mix[:LICENSES_SHOWN]
    rest = sum(n for _, n in charts.license_mix[LICENSES_SHOWN:])
    items = [(name, float(n)) for name, n in mix] + ([("(other)", float(rest))] if rest else [])
    licenses = svg.bars("license-mix", "License mix of the ranked models", items, "models")
    return (
        '<div class="grid">'
        + _figure(per_task, "How many models each task's ranking holds now.")
        + _figure(
            licenses,
            "The licenses of every model in some task's ranking (from the "
            "card's license, else its license: tag).",
        )
        + "</div>"
    )


def _tables(data: dict[str, Any]) -> list[str]:
    checks = "".join(
        f'<li class="{"pass" if c["passed"] else "fail"}">{"✔" if c["passed"] else "✘"} '
        f"{escape(name.replace('_', ' '))}</li>"
        for name, c in data["checks"].items()
    )
    run = [run_row(data["last_run"])] if data["last_run"] else []
    sections = [
        ("<h2>Data quality checks</h2>", f"<ul>{checks}</ul>"),
        ("<h2>Top tasks by model count</h2>", table(data["top_tasks"])),
        ("<h2>Top models by downloads</h2>", table(data["top_models"])),
        ("<h2>Last run</h2>", table(run)),
        ("<h2>Biggest movers since the run before</h2>", table(data["movers"])),
        ("<h2>Entries and exits of the top N</h2>", _changes(data)),
        ("<h2>Licence classes of the ranked models</h2>", table(data["license_classes"])),
        ("<h2>Model cards of the ranked models</h2>", table([data["cards"]])),
        (
            "<h3>Licenses the card names that the listing does not</h3>",
            table(data["card_licenses"]),
        ),
        (
            "<h3>Base models the card names that the tags do not</h3>",
            table(data["card_base_models"]),
        ),
        *links.html_sections(data, table),
        ("<h2>Storage</h2>", f"<p>{escape(_storage(data))}</p>"),
    ]
    return [piece for section in sections for piece in section]


def _storage(data: dict[str, Any]) -> str:
    return Storage(**data["storage"]).describe(data["schema"])


def _changes(data: dict[str, Any]) -> str:
    by_task: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"entered": [], "exited": []})
    for row in data["top_n_changes"]:
        by_task[row["task_id"]][row["change"]].append(f"{row['model_id']} (#{row['rank_in_task']})")
    rows = [
        {
            "task": t,
            "entered": ", ".join(m["entered"]) or "—",
            "exited": ", ".join(m["exited"]) or "—",
        }
        for t, m in sorted(by_task.items())
    ]
    return table(rows)


def table(rows: list[dict[str, Any]]) -> str:
    """An HTML table of dict rows (numbers right-aligned)."""
    if not rows:
        return "<p><em>none</em></p>"
    head = "".join(f"<th>{escape(str(c))}</th>" for c in rows[0])
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(cell(v))}</td>'
            if isinstance(v, int | float) and not isinstance(v, bool)
            else f"<td>{escape(cell(v))}</td>"
            for v in r.values()
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
