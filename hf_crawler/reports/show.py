"""`hf-crawl show MODEL`: everything the catalogue knows of one model (its fields, its
rankings now and over the latest runs, its lineage, evaluations, datasets and card's
headings), as one JSON object or a page of text."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.store import database as store
from hf_crawler.store import reads


async def profile(settings: Settings, written: str, runs: int) -> dict[str, Any]:
    """The model `written` names: its id, else the one model of that id in another case or
    of that name under any owner; several or none are refused in one line."""
    schema = settings.schema
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        found = await reads.model_profile(pool, schema, written, runs)
        if found is None:
            named = await reads.models_named(pool, schema, written)
            if len(named) != 1:
                raise errors.ConfigError(_not_found(written, named))
            found = await reads.model_profile(pool, schema, named[0], runs)
    assert found is not None  # noqa: S101  # named[0] is a stored model
    document: dict[str, Any] = json.loads(found)
    return document


def _not_found(written: str, named: list[str]) -> str:
    if named:
        return f"{written!r} names {len(named)} models: {', '.join(named)}; give one of them"
    return f"no model {written!r} in the catalogue (hf-crawl search finds models by words)"


def render(document: dict[str, Any], fmt: str) -> str:
    """`json`: the document; `table`: a page of text, a part a paragraph."""
    if fmt == "json":
        return json.dumps(document, indent=2)
    m = document["model"]
    size = (
        "unknown" if m["params_total"] is None else f"{m['params_total']:,} ({m['params_source']})"
    )
    lines = [
        m["model_id"],
        f"  downloads {_n(m['downloads'])}, likes {_n(m['likes'])}, trending {m['trending_score']}",
        f"  pipeline {m['pipeline_tag'] or '-'}, library {m['library_name'] or '-'},"
        f" parameters {size}",
        f"  licence {m['license'] or '-'} ({m['license_class'] or '-'},"
        f" commercial use {m['commercial_use'] or '-'}); card {m['card_status'] or 'not fetched'}",
        "rankings: "
        + (
            ", ".join(f"{r['task_id']} #{r['rank_in_task']}" for r in document["rankings"])
            or "none"
        ),
    ]
    lineage = document["lineage"]
    bases = ", ".join(f"{b['model_id']} ({b['relation']})" for b in lineage["base_models"])
    lines.append(
        f"lineage: based on {bases or 'nothing'}; {len(lineage['ancestors'])} ancestor edges,"
        f" {lineage['children']} children, {lineage['descendants']} descendants"
    )
    lines += _history(document["history"])
    lines.append(f"evaluations ({len(document['evaluations'])}):")
    lines += [
        f"  {e['source']}: {e['dataset_id']} {e['task'] or ''} {e['metric'] or ''}"
        f" {e['value_text'] or e['value']}"
        for e in document["evaluations"]
    ]
    datasets = ", ".join(f"{d['dataset_id']} ({d['source']})" for d in document["datasets"])
    lines.append(f"datasets: {datasets or 'none named'}")
    papers = "; ".join(_paper(p) for p in document["papers"])
    lines.append(f"papers: {papers or 'none named'}")
    spaces = document["spaces"]
    used = ", ".join(f"{s['space_id']} ({_n(s['likes'])} likes)" for s in spaces[:SHOWN_SPACES])
    more = f", and {len(spaces) - SHOWN_SPACES} more" if len(spaces) > SHOWN_SPACES else ""
    lines.append(f"used by {len(spaces)} Spaces: {used + more or 'none known'}")
    listed = ", ".join(f"{c['title']} ({c['slug']})" for c in document["collections"])
    lines.append(f"collections: {listed or 'none known'}")
    lines.append("sections: " + (" | ".join(" > ".join(s) for s in document["sections"]) or "none"))
    return "\n".join(lines)


SHOWN_SPACES = 10  # the text lists the best-ranked few; the JSON has them all


def _paper(paper: dict[str, Any]) -> str:
    """arXiv 2106.09685 "LoRA: ..." (2021), or the bare id when its page was not fetched."""
    if paper["title"] is None:
        return f"arXiv {paper['arxiv_id']}"
    year = f" ({paper['published_at'][:4]})" if paper["published_at"] else ""
    return f'arXiv {paper["arxiv_id"]} "{paper["title"]}"{year}'


def _history(history: list[dict[str, Any]]) -> list[str]:
    if not history:
        return ["history: no run ranked it"]
    return ["history (newest first):"] + [
        f"  run {h['run_id']} {h['started_at'][:16]}: {h['task_id']} #{h['rank_in_task']},"
        f" downloads {_n(h['downloads'])}, likes {_n(h['likes'])}"
        for h in history
    ]


def _n(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"
