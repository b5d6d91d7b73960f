"""The commands that find models: `search` (full text, and with `--semantic` the sections'
vectors too) and `embed` (those vectors, from an OpenAI-compatible endpoint)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import click

from hf_crawler import errors
from hf_crawler.cli.options import common, settings_for

if TYPE_CHECKING:
    from hf_crawler.config.settings import Settings
    from hf_crawler.reports.search import Semantic

embed_url = click.option(
    "--embed-url", help="OpenAI-compatible server (…/v1/embeddings); or HF_CRAWL_EMBED_URL."
)
embed_model = click.option(
    "--embed-model", help="The embedding model it serves; or HF_CRAWL_EMBED_MODEL."
)


@click.command()
@click.argument("words")
@click.option("--task", help="Only models ranked in this task.")
@click.option("--license", "license_id", help="Only models under this license (mit, ...).")
@click.option("--library", help="Only models of this library (transformers, ...).")
@click.option("--min-downloads", type=click.IntRange(0), help="At least this many downloads.")
@click.option("--max-params", help="At most this many parameters (8B = 8 x 10^9; inclusive).")
@click.option(
    "--license-class",
    "license_class",
    help="Only these licence classes (permissive, copyleft, non-commercial, restricted, unknown).",
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "downloads", "trend"]),
    default="relevance",
    show_default=True,
    help="relevance: the words' match (an exact id or name first); trend: downloads gained"
    " over 7 days.",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--semantic", is_flag=True, help="Fuse in the sections' vectors (hf-crawl embed).")
@embed_url
@embed_model
@common
@click.pass_context
def search(ctx: click.Context, /, words: str, fmt: str, limit: int, **flags: Any) -> None:
    """Find models by what their id, tags and cards say (web search syntax: any order,
    "a phrase", -excluded); needs `hf-crawl cards` for the cards' words."""
    from hf_crawler.reports import pick as picking
    from hf_crawler.reports import search as finding

    size, classes = flags.pop("max_params"), flags.pop("license_class")
    filters = finding.Filters(
        task=flags.pop("task"),
        license=flags.pop("license_id"),
        library=flags.pop("library"),
        limit=limit,
        min_downloads=flags.pop("min_downloads"),
        max_params=None if size is None else picking.parameters(size),
        license_classes=None if classes is None else picking.license_classes(classes),
        sort=flags.pop("sort"),
    )
    wants_vectors = flags.pop("semantic")
    if wants_vectors and filters.sort != "relevance":
        raise errors.ConfigError(
            "--sort downloads or trend orders the full-text hits alone:"
            " leave out --semantic, or sort by relevance"
        )
    s = settings_for(ctx, flags)
    semantic = _semantic(s) if wants_vectors else None
    hits = asyncio.run(finding.search(s, words, filters, semantic))
    click.echo(finding.render(hits, fmt))


@click.command()
@embed_url
@embed_model
@click.option("--batch", type=click.IntRange(1, 2048), default=64, show_default=True)
@click.option(
    "--drop",
    is_flag=True,
    help="Drop the vectors of --embed-model instead (to embed it again, or another model"
    " of another vector length).",
)
@common
@click.pass_context
def embed(ctx: click.Context, /, batch: int, drop: bool, **flags: Any) -> None:
    """A vector for every card section that has none for the model (pgvector, HNSW index).
    The key, if the server needs one, comes from HF_CRAWL_EMBED_KEY (environment or .env)
    only, never a flag."""
    from hf_crawler.crawl import embed as embedding

    s = settings_for(ctx, flags)
    if drop and not s.embed_model:
        raise errors.ConfigError("--drop needs --embed-model (or HF_CRAWL_EMBED_MODEL)")
    where = _semantic(s) if not drop else None
    job = embedding.EmbedJob(
        url=where.url if where else "",
        model=where.model if where else str(s.embed_model),
        key=where.key if where else None,
        batch=batch,
        drop=drop,
    )
    done = asyncio.run(embedding.run(s, job))
    if drop:
        click.echo(f"{done.sections:,} vectors of {job.model} dropped", err=True)
        return
    click.echo(
        f"{done.sections:,} sections embedded with {done.requests:,} requests"
        f" in {done.elapsed_s:.1f} s",
        err=True,
    )


def _semantic(s: Settings) -> Semantic:
    """The endpoint and model (both required) and the key, as the settings have them."""
    from hf_crawler.reports.search import Semantic

    if not s.embed_url or not s.embed_model:
        raise errors.ConfigError("--embed-url and --embed-model (or HF_CRAWL_EMBED_URL/_MODEL)")
    return Semantic(url=s.embed_url, model=s.embed_model, key=s.embed_key)


COMMANDS = (search, embed)
