"""What a listing page costs with and without some `expand` fields: its bytes as the fake
Hub serves a 1000-model page, and the time `page_items` takes to decode it (the median of
20 decodes). The model sizes (`safetensors`, `gguf`) by default.

    python bench/page_cost.py [--without safetensors,gguf]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import aiohttp

from hf_crawler.entities.models import EXPAND, MODELS
from hf_crawler.fakehub.app import HubState, running
from hf_crawler.fakehub.catalogue import Catalogue, CatalogueSpec
from hf_crawler.fakehub.faults import Dice, Faults
from hf_crawler.fakehub.quota import FixedWindowQuota
from hf_crawler.hub.pages import page_items


async def measure(without: tuple[str, ...]) -> None:
    faults = Faults()
    spec = CatalogueSpec(tasks=3, models_per_task=1000, seed=7)
    state = HubState(Catalogue(spec), faults, FixedWindowQuota(), Dice(faults.seed))
    task = state.catalogue.task_ids[0]
    fewer = [e for e in EXPAND if e not in without]
    async with running(state) as url, aiohttp.ClientSession() as session:
        for name, expand in ((f"without {','.join(without)}", fewer), ("as crawled", EXPAND)):
            query = [("filter", task), ("sort", "downloads"), ("limit", "1000")]
            query += [("expand", e) for e in expand]
            async with session.get(f"{url}/api/models", params=query) as response:
                body = await response.read()
            times = []
            for _ in range(20):
                started = time.perf_counter()
                records = page_items(MODELS, body, url)
                times.append(time.perf_counter() - started)
            print(
                f"{name}: {len(body):,} bytes a {len(records)}-model page,"
                f" decoded in {statistics.median(times) * 1000:.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--without", default="safetensors,gguf")
    args = parser.parse_args()
    asyncio.run(measure(tuple(args.without.split(","))))


if __name__ == "__main__":
    main()
