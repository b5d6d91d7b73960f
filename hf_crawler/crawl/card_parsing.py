"""A card text's front matter, evaluation results and sections, parsed once a run per
distinct text into the rows the store writes; and the texts stored before that was done,
parsed by a cards run."""

from __future__ import annotations

import json
from collections import Counter

import structlog

from hf_crawler.config.settings import Settings
from hf_crawler.entities.card_meta import CardMeta, ModelIndex, model_index, read_front_matter
from hf_crawler.entities.card_sections import split_sections
from hf_crawler.hub.card_fetch import Card
from hf_crawler.store import card_store
from hf_crawler.store.card_store import CardRows, Row
from hf_crawler.store.database import Pool

# data as JSON, status, error, why the model-index was refused
MetaRow = tuple[str | None, str | None, str | None, str | None]
PENDING_BATCH = 500
log = structlog.get_logger("hf_crawler.cards")


def add_text(rows: CardRows, sha: str, text: str, counts: Counter[str]) -> MetaRow:
    """Parse one distinct text: its results and sections join `rows`, what huggingface_hub
    would refuse of it is counted in `counts`; its meta row."""
    meta = read_front_matter(text)
    index = model_index(meta.data)
    counts["front_matter_invalid"] += meta.status == "invalid"
    counts["model_index_refused"] += index.error is not None
    rows.evals += _eval_rows(sha, index)
    rows.sections += [(sha, s.n, list(s.heading_path), s.text) for s in split_sections(text)]
    return _meta_row(meta, index)


class CardParser:
    """Each distinct text parsed once a run: only its first card carries what it says (the
    store keeps one copy of a text), so nothing of it is held for the rest of the run."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.counts: Counter[str] = Counter()  # texts huggingface_hub refuses, in part

    def rows(self, cards: list[Card]) -> CardRows:
        parsed = CardRows()
        for c in cards:
            meta: MetaRow = (None, None, None, None)
            if c.card_sha256 is not None and c.text is not None and c.card_sha256 not in self._seen:
                self._seen.add(c.card_sha256)
                meta = add_text(parsed, c.card_sha256, c.text, self.counts)
            parsed.cards.append(
                (c.repo_id, c.kind, c.revision, c.card_sha256, c.status, c.bytes, c.text, *meta)
            )
        return parsed


def _meta_row(meta: CardMeta, index: ModelIndex) -> MetaRow:
    data = None if meta.data is None else json.dumps(meta.data, allow_nan=False)
    return data, meta.status, meta.error, index.error


def _eval_rows(sha: str, index: ModelIndex) -> list[Row]:
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
            r.unit,
        )
        for n, r in enumerate(index.results, start=1)
    ]


async def parse_stored_texts(pool: Pool, settings: Settings, lease_token: str) -> int:
    """Parse every stored text never parsed, PENDING_BATCH at a time; how many."""
    schema = settings.schema
    done, counts = 0, Counter[str]()
    while texts := await card_store.unparsed_texts(pool, schema, PENDING_BATCH):
        parsed, metas = CardRows(), []
        for sha, text in texts:
            metas.append((sha, *add_text(parsed, sha, text, counts)))
        await card_store.store_meta(
            pool, schema, metas, parsed, lease_token=lease_token, timeout_s=settings.merge_timeout_s
        )
        done += len(texts)
    if done:
        log.info("card_texts_parsed", texts=done, **counts)
    return done


async def refresh_terms(pool: Pool, settings: Settings, lease_token: str) -> None:
    """Every model's search document (id, tags, pipeline tag, card; filters and prior) as
    they are now."""
    schema = settings.schema
    rebuilt, moved = await card_store.refresh_model_terms(
        pool, schema, lease_token=lease_token, timeout_s=settings.merge_timeout_s
    )
    log.info("model_terms_refreshed", rebuilt=rebuilt, moved=moved)


async def any_unparsed(pool: Pool, settings: Settings) -> bool:
    """Whether stored card texts wait for their front matter to be parsed."""
    schema = settings.schema
    return bool(await card_store.unparsed_texts(pool, schema, 1))
