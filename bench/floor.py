"""The fetch floor: the least any client can take for the same requests on the same fake
Hub. A bare aiohttp client asks for `/api/tasks`, then every task's top page (the same
query hf-crawler sends) with `--concurrency` requests in flight, reads each body and throws
it away: no parsing, no database. Prints one JSON line."""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp

from hf_crawler.entities.models import EXPAND


async def main(endpoint: str, concurrency: int, limit: int) -> None:
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{endpoint}/api/tasks") as response:
            todo = sorted(json.loads(await response.read()))
        pages = len(todo)

        async def fetch() -> None:
            while todo:
                params = [("filter", todo.pop(0)), ("sort", "downloads"), ("limit", str(limit))]
                params += [("expand", f) for f in EXPAND]
                async with session.get(f"{endpoint}/api/models", params=params) as response:
                    await response.read()

        await asyncio.gather(*(fetch() for _ in range(concurrency)))
    print(json.dumps({"pages": pages, "seconds": round(time.perf_counter() - started, 3)}))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--endpoint", required=True)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--limit", type=int, default=1000)
    a = p.parse_args()
    asyncio.run(main(a.endpoint, a.concurrency, a.limit))
