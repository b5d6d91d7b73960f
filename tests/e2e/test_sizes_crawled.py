"""A crawl of the fake Hub stores every model's size as the Hub serves it: safetensors'
total, else the GGUF total; the dtypes; the GGUF architecture and context length; NULL
where it sends none."""

from __future__ import annotations

import json
from typing import Any

from hf_crawler.fakehub.generate import FakeModel
from tests.conftest import Database, StartHub
from tests.e2e.test_pipeline import SPEC, crawl


def served(model: FakeModel) -> tuple[Any, ...]:
    """The size columns a correct crawl stores of what the fake Hub serves for `model`."""
    weights, gguf = model.safetensors, model.gguf or {}
    if weights is not None:
        total, source = weights["total"], "safetensors"
    elif gguf:
        total, source = gguf["total"], "gguf"
    else:
        total, source = None, None
    by_dtype = None if weights is None else weights["parameters"]
    return total, source, by_dtype, gguf.get("architecture"), gguf.get("context_length")


async def test_every_models_size_is_stored_as_the_fake_hub_serves_it(
    start_hub: StartHub, database: Database
) -> None:
    async with start_hub(spec=SPEC) as hub:
        await crawl(hub, database)
    rows = await database.fetch(
        "SELECT model_id, params_total, params_source, params_by_dtype, gguf_architecture,"
        " gguf_context_length FROM hf.models"
    )
    assert rows
    sources = set()
    for row in rows:
        by_dtype = None if row["params_by_dtype"] is None else json.loads(row["params_by_dtype"])
        stored = (
            row["params_total"],
            row["params_source"],
            by_dtype,
            row["gguf_architecture"],
            row["gguf_context_length"],
        )
        assert stored == served(hub.catalogue.by_id[row["model_id"]]), row["model_id"]
        sources.add(row["params_source"])
    assert sources == {"safetensors", "gguf", None}
