"""The real Hub's networks, through the command line: proxies, the token file, a garbage
answer, an endpoint with a password in it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

from hf_crawler.fakehub.catalogue import CatalogueSpec
from hf_crawler.fakehub.faults import Faults
from tests.conftest import Database, StartHub
from tests.e2e.forward_proxy import forward_proxy
from tests.e2e.test_cli import env_for, run_cli

SPEC = CatalogueSpec(tasks=3, models_per_task=20, overlap=0.2, seed=12)


async def test_every_hub_request_goes_through_the_proxy_of_http_proxy(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub, forward_proxy() as proxy:
        env = env_for(hub, database, HTTP_PROXY=proxy.url)
        crawl = await run_cli("--rps", "100", env=env, cwd=tmp_path)
        served = hub.state.counts["requests"]
        truth = hub.catalogue.ground_truth(limit=1000).rankings
    assert crawl.code == 0, crawl.stderr
    assert served == len(proxy.seen) == 1 + len(truth)  # the task list, then one page a task
    assert all(url.startswith(hub.url) for url in proxy.seen)
    assert await database.rankings() == truth


async def test_no_proxy_sends_the_requests_direct(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub, forward_proxy() as proxy:
        env = env_for(hub, database, HTTP_PROXY=proxy.url, NO_PROXY="127.0.0.1")
        crawl = await run_cli("--rps", "100", env=env, cwd=tmp_path)
        served = hub.state.counts["requests"]
    assert crawl.code == 0, crawl.stderr
    assert served > 0 and proxy.seen == []


async def test_the_token_saved_by_hf_auth_login_is_used_and_its_source_named(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    home = tmp_path / "hf-home"
    home.mkdir()
    (home / "token").write_text("hf_FromTheTokenFile0001\n")
    faults = Faults(require_token=True, tokens=frozenset({"hf_FromTheTokenFile0001"}))
    async with start_hub(spec=SPEC, faults=faults) as hub:
        env = env_for(hub, database, HF_HOME=str(home))
        plan = await run_cli("plan", env=env, cwd=tmp_path)
        crawl = await run_cli("--rps", "100", "--log-format", "json", env=env, cwd=tmp_path)
        elsewhere = env_for(hub, database, HF_TOKEN_PATH=str(home / "token"))
        via_path = await run_cli("plan", env=elsewhere, cwd=tmp_path)
    assert crawl.code == 0, crawl.stderr
    assert f"token: HF_HOME ({home / 'token'})" in plan.stdout
    assert f"token: HF_TOKEN_PATH ({home / 'token'})" in via_path.stdout
    (started,) = [e for e in crawl.events() if e["event"] == "run_started"]
    assert started["parameters"]["token_source"] == f"HF_HOME ({home / 'token'})"
    assert "hf_FromTheTokenFile0001" not in crawl.stdout + crawl.stderr + plan.stdout


@contextlib.asynccontextmanager
async def garbage_server() -> AsyncIterator[str]:
    """Answers every connection with bytes that are not HTTP, then closes it."""

    async def answer(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"SSH-2.0-OpenSSH_9.6 not an HTTP server\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    async with server:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def test_a_garbage_answer_is_one_line_and_exit_2(database: Database, tmp_path: Path) -> None:
    async with garbage_server() as url:
        crawl = await run_cli(env=env_for(None, database, HF_ENDPOINT=url), cwd=tmp_path)
    assert crawl.code == 2
    (line,) = [line for line in crawl.stderr.splitlines() if line.startswith("hf-crawl: error")]
    assert "malformed HTTP response" in line and "Traceback" not in crawl.stderr


async def test_a_password_in_the_endpoint_is_never_stored_or_printed(
    start_hub: StartHub, database: Database, tmp_path: Path
) -> None:
    async with start_hub(spec=SPEC) as hub:
        endpoint = hub.url.replace("http://", "http://mirror-user:Mirr0r-Secret@")
        env = env_for(hub, database, HF_ENDPOINT=endpoint)
        crawl = await run_cli("--rps", "100", env=env, cwd=tmp_path)
    assert crawl.code == 0, crawl.stderr
    (parameters,) = await database.fetch("SELECT parameters::text AS p FROM hf.crawl_runs")
    assert json.loads(parameters["p"])["endpoint"].startswith("http://mirror-user:***@")
    assert "Mirr0r-Secret" not in crawl.stdout + crawl.stderr + parameters["p"]
