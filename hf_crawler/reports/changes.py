"""`hf-crawl changes`: what moved since a run (or since a time), from `hf.changes_since`:
per task the models that entered, exited and moved, the models first ranked since, the
base models they first name, and licence changes; one JSON document a scheduler can act
on, or a short text."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta
from typing import Any

from hf_crawler import errors
from hf_crawler.config.settings import Settings
from hf_crawler.store import database as store
from hf_crawler.store import reads

SHOWN = 5  # models listed a task and kind in the text form


async def feed(
    settings: Settings, since_run: int | None, since: timedelta | None
) -> dict[str, Any]:
    """The changes since run `since_run`, or since the newest run at least `since` old."""
    schema = settings.schema
    async with contextlib.AsyncExitStack() as stack:
        pool = await store.open_for_reading(settings, stack)
        if since_run is None:
            since_run = await reads.run_before(pool, schema, since or timedelta(days=7))
            if since_run is None:
                raise errors.ConfigError("no run yet: crawl first (hf-crawl)")
        document: dict[str, Any] = json.loads(await reads.changes(pool, schema, since_run, None))
    if document["until_run"] is None:
        raise errors.ConfigError("no run yet: crawl first (hf-crawl)")
    return document


def render(document: dict[str, Any], fmt: str) -> str:
    """`json`: the document; `table`: a line a task that moved, then the new models, base
    models and licence changes."""
    if fmt == "json":
        return json.dumps(document, indent=2)
    d = document
    lines = [
        f"from run {d['since_run']} ({(d['since'] or '')[:16]}) to run {d['until_run']}"
        f" ({(d['until'] or '')[:16]}), {d['tasks_compared']} tasks compared"
    ]
    for task, moves in sorted(d["tasks"].items()):
        entered, exited, moved = moves["entered"], moves["exited"], moves["moved"]
        lines.append(
            f"  {task}: {len(entered)} entered, {len(exited)} exited, {len(moved)} moved"
            + (f"; in: {_few(m['model_id'] for m in entered)}" if entered else "")
            + (f"; out: {_few(m['model_id'] for m in exited)}" if exited else "")
        )
    if not d["tasks"]:
        lines.append("  no ranking moved")
    lines.append(f"new models: {len(d['new_models'])}")
    lines.append(
        f"new base models: {_few(b['base_model_id'] for b in d['new_base_models']) or 'none'}"
    )
    licences = [f"{c['model_id']} {c['before']} -> {c['after']}" for c in d["license_changes"]]
    lines.append(f"licence changes: {'; '.join(licences) or 'none'}")
    return "\n".join(lines)


def _few(ids: Any) -> str:
    listed = list(ids)
    more = f" and {len(listed) - SHOWN} more" if len(listed) > SHOWN else ""
    return ", ".join(listed[:SHOWN]) + more
