"""A card text's front matter parsed once per run and distinct text, into the rows the
store writes; and the texts stored before front matter was parsed, parsed by a cards run."""

from __future__ import annotations

import json

import asyncpg

from hf_crawler.config.settings import Settings
from hf_crawler.hub.card_fetch import Card
from hf_crawler.hub.card_meta import CardMeta, eval_results, read_front_matter
from hf_crawler.store import card_store, queries
from hf_crawler.store.card_store import Row

MetaRow = tuple[str | None, str | None, str | None]  # data as JSON, status, error
PENDING_BATCH = 500


class CardParser:
    """Front matter and evaluation rows of each distinct text, parsed once."""

    def __init__(self) -> None:
        self._done: dict[str, tuple[MetaRow, list[Row]]] = {}

    def rows(self, cards: list[Card]) -> tuple[list[Row], list[Row]]:
        """The cards as rows of card_store.CARD_COLUMNS, and their texts' results."""
        card_rows: list[Row] = []
        evals: list[Row] = []
        fresh: set[str] = set()
        for c in cards:
            meta: MetaRow = (None, None, None)
            if c.card_sha256 is not None and c.text is not None:
                if c.card_sha256 not in self._done:
                    fresh.add(c.card_sha256)
                meta, results = self.parsed(c.card_sha256, c.text)
                if c.card_sha256 in fresh:
                    evals += results
            card_rows.append(
                (c.model_id, c.revision, c.card_sha256, c.status, c.bytes, c.text, *meta)
            )
        return card_rows, evals

    def parsed(self, sha: str, text: str) -> tuple[MetaRow, list[Row]]:
        if sha not in self._done:
            meta = read_front_matter(text)
            self._done[sha] = (_meta_row(meta), _eval_rows(sha, meta))
        return self._done[sha]


def _meta_row(meta: CardMeta) -> MetaRow:
    data = None if meta.data is None else json.dumps(meta.data, allow_nan=False)
    return data, meta.status, meta.error


def _eval_rows(sha: str, meta: CardMeta) -> list[Row]:
    return [
        (
            sha,
            n,
            r.model_name,
            r.task_type,
            r.dataset_id,
            r.dataset_name,
            r.metric_type,
            r.metric_name,
            r.value,
            r.value_text,
            r.verified,
        )
        for n, r in enumerate(eval_results(meta.data), start=1)
    ]


async def parse_stored_texts(pool: asyncpg.Pool, settings: Settings, lease_token: str) -> int:
    """Parse every stored text never parsed, PENDING_BATCH at a time; how many."""
    q = queries.for_schema(settings.schema)
    parser, done = CardParser(), 0
    while texts := await card_store.unparsed_texts(pool, q, PENDING_BATCH):
        metas: list[Row] = []
        evals: list[Row] = []
        for sha, text in texts:
            meta, results = parser.parsed(sha, text)
            metas.append((sha, *meta))
            evals += results
        await card_store.store_meta(
            pool, q, metas, evals, lease_token=lease_token, timeout_s=settings.merge_timeout_s
        )
        done += len(texts)
    return done


async def any_unparsed(pool: asyncpg.Pool, settings: Settings) -> bool:
    """Whether stored card texts wait for their front matter to be parsed."""
    q = queries.for_schema(settings.schema)
    return bool(await card_store.unparsed_texts(pool, q, 1))
