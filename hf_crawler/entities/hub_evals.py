"""A model's evaluation results as the listing serves them (`expand=evalResults`): the
entries of its `.eval_results/*.yaml` files, read as huggingface_hub's
`parse_eval_result_entries` reads them (`_eval_results.py`): an entry is bare or wrapped as
`{filename, data}`; `dataset.id`, `dataset.task_id` and `value` are required; `date`,
`source` ({url, name, user, org}), `notes` and `verifyToken` are optional.

Stored as one JSON array per model (hf.models.eval_results, read row by row through
hf.evaluations), each entry reduced to what is compared: the benchmark and its task, the
value (a number, or the text as written with the number it writes: "85.3%"), whether it
carries a verification token, the date, the source's url and name, the notes. An entry
without its required keys is left out and the field counted as dropped; the others of
the model are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from hf_crawler.entities import values
from hf_crawler.entities.card_meta import read_value

Entry = dict[str, Any]
_JSON = msgspec.json.Encoder()


class Dataset(msgspec.Struct):
    id: str | None = None
    task_id: str | None = None


class Source(msgspec.Struct):
    url: str | None = None
    name: str | None = None


class EntryData(msgspec.Struct):
    """One entry of a plain item (typed: a field of another type fails the page's typed
    decoding, which the careful reader then reads)."""

    dataset: Dataset | None = None
    value: float | int | str | None = None
    date: str | None = None
    source: Source | None = None
    notes: str | None = None
    verifyToken: str | None = None  # the Hub's key


class HubEval(EntryData):
    """An entry as listed: bare (EntryData's keys) or wrapped as {filename, data}."""

    filename: str | None = None
    data: EntryData | None = None


def plain_evals(entries: list[HubEval] | None) -> str | bool | None:
    """The stored JSON of a plain item's entries, None when it has none, False when one
    lacks a required key (the careful reader then reads the item and counts it)."""
    if not entries:
        return None
    kept = []
    for entry in entries:
        data = entry.data or entry
        dataset = data.dataset
        if dataset is None or data.value is None:
            return False
        dataset_id, task_id = values.text(dataset.id), values.text(dataset.task_id)
        if dataset_id is None or task_id is None:
            return False
        if (dataset_id, task_id) != (dataset.id, dataset.task_id):
            return False  # longer than stored: the careful reader cuts it
        source, text = data.source or Source(), values.text  # as the careful reader cuts
        kept.append(
            _entry(
                dataset_id,
                task_id,
                data.value,
                text(data.date),
                text(source.url),
                text(source.name),
                text(data.notes),
                text(data.verifyToken),
            )
        )
    return _JSON.encode(kept).decode()


def careful_evals(
    raw: object, dropped: list[str], text: Callable[[object], str | None]
) -> str | None:
    """The stored JSON of any item's `evalResults`; entries of the wrong shape are left out
    and the field noted in `dropped` once."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        dropped.append("evalResults")
        return None
    kept, bad = [], False
    for entry in raw:
        data = entry.get("data", entry) if isinstance(entry, dict) else None
        read = _careful_entry(data, text) if isinstance(data, dict) else None
        if read is None:
            bad = True
        else:
            kept.append(read)
    if bad:
        dropped.append("evalResults")
    return _JSON.encode(kept).decode() if kept else None


def _careful_entry(data: dict[str, Any], text: Callable[[object], str | None]) -> Entry | None:
    dataset, source = data.get("dataset"), data.get("source") or {}
    if not isinstance(dataset, dict) or not isinstance(source, dict):
        return None
    dataset_id, task_id, value = (
        text(dataset.get("id")),
        text(dataset.get("task_id")),
        data.get("value"),
    )
    if dataset_id is None or task_id is None or not isinstance(value, int | float | str):
        return None
    return _entry(
        dataset_id,
        task_id,
        value,
        text(data.get("date")),
        text(source.get("url")),
        text(source.get("name")),
        text(data.get("notes")),
        text(data.get("verifyToken")),
    )


def _entry(  # noqa: PLR0913  # the fields of one entry, each its own
    dataset_id: str,
    task_id: str,
    value: float | str,
    date: str | None,
    source_url: str | None,
    source_name: str | None,
    notes: str | None,
    verify_token: str | None,
) -> Entry:
    number, value_text, unit = read_value(value)
    return {
        "dataset_id": dataset_id,
        "task_id": task_id,
        "value": number,
        "value_text": value_text,
        "unit": unit,
        "verified": verify_token is not None,
        "date": date,
        "source_url": source_url,
        "source_name": source_name,
        "notes": notes,
    }
